/* SPDX-License-Identifier: MIT */
/*
 * Client end of the ring. Everything read from the region is hostile:
 * it is copied into local memory, the copy is validated, and only the
 * copy is used. Every offset is checked against the mapping before it
 * is dereferenced.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay/format.h"
#include "relay/ring.h"

#include <stdarg.h>
#include "relay/time.h"
#include "shm_atomic.h"

#define TAKE_ATTEMPTS 8

static const char *const link_names[] = {
	[RL_LINK_NO_HOST] = "waiting for host",
	[RL_LINK_INITIALISING] = "host starting",
	[RL_LINK_VERSION_MISMATCH] = "protocol version mismatch",
	[RL_LINK_BAD_LAYOUT] = "invalid shared memory layout",
	[RL_LINK_REGION_TOO_SMALL] = "region too small",
	[RL_LINK_CAPTURE_FAILED] = "host capture failed",
	[RL_LINK_HOST_STOPPED] = "host stopped",
	[RL_LINK_CONNECTED] = "connected",
};

const char *rl_link_state_name(enum rl_link_state state)
{
	if ((unsigned)state >= sizeof(link_names) / sizeof(link_names[0]))
		return "unknown";
	return link_names[state];
}

void rl_consumer_init(struct rl_consumer *c, void *base, uint64_t size,
		      const struct rl_consumer_params *params)
{
	memset(c, 0, sizeof(*c));
	c->base = base;
	c->size = size;
	c->stale_ns = params->stale_ns;
	c->client_id = params->client_id;
	c->state = RL_LINK_NO_HOST;
	c->copy_pixels = true;
	snprintf(c->message, sizeof(c->message), "waiting for host");
}

const char *rl_consumer_message(const struct rl_consumer *c)
{
	return c->message;
}

uint64_t rl_consumer_session(const struct rl_consumer *c)
{
	return c->session_id;
}

void rl_consumer_set_copy_pixels(struct rl_consumer *c, bool on)
{
	c->copy_pixels = on;
}

/*
 * The points where a writer racing the reader makes a copy torn. A test
 * that races one (tests/fuzz/fuzz_intake.c) compiles this file with
 * RL_RACE_POINT defined to change bytes there; otherwise it is nothing.
 */
#ifndef RL_RACE_POINT
#define RL_RACE_POINT() ((void)0)
#endif

/*
 * A warning the guest can trigger at will (new serials, new sessions): at
 * most GUEST_WARN_BURST per GUEST_WARN_WINDOW_NS, with the count held back.
 */
#define GUEST_WARN_BURST 10u
#define GUEST_WARN_WINDOW_NS (10 * RL_NS_PER_S)

static void guest_warn(struct rl_consumer *c, const struct rl_log *log, const char *fmt, ...)
	RL_PRINTF(3, 4);

static void guest_warn(struct rl_consumer *c, const struct rl_log *log, const char *fmt, ...)
{
	uint32_t held;
	char line[400];
	va_list ap;

	if (!rl_logbudget_pass(&c->guest_log, rl_time_ns(), GUEST_WARN_BURST,
			       GUEST_WARN_WINDOW_NS, &held))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (held)
		rl_warn(log, "%s (%u similar warnings suppressed in the last 10 s)", line, held);
	else
		rl_warn(log, "%s", line);
}

/* Is [off, off + len) inside the first `limit` bytes, without overflow? */
static bool range_ok(uint64_t off, uint64_t len, uint64_t limit)
{
	return off <= limit && len <= limit - off;
}

static uint64_t limit_of(const struct rl_consumer *c)
{
	return c->hello.region_size < c->size ? c->hello.region_size : c->size;
}

static double mib(uint64_t bytes)
{
	return (double)bytes / (1024.0 * 1024.0);
}

static bool layout_ok(struct rl_consumer *c, const struct rl_hello *h)
{
	uint64_t limit = h->region_size < c->size ? h->region_size : c->size;
	const char *why = NULL;

	if (h->hello_size < sizeof(*h))
		why = "hello block smaller than protocol 1 defines";
	else if (h->region_size > c->size)
		why = "host uses more memory than is mapped here";
	else if (h->control_offset % 64 || h->control_size < sizeof(struct rl_control) ||
		 !range_ok(h->control_offset, h->control_size, limit))
		why = "control area outside the region";
	else if (h->slot_count == 0 || h->slot_count > RL_MAX_SLOTS)
		why = "slot count out of range";
	else if (h->cursor_shape_offset % 64 || h->cursor_shape_stride % 64 ||
		 h->cursor_shape_stride < sizeof(struct rl_cursor_shape) ||
		 !range_ok(h->cursor_shape_offset,
			   (uint64_t)h->cursor_shape_stride * RL_CURSOR_SHAPE_SLOTS, limit))
		why = "cursor area outside the region";
	if (!why)
		return true;
	if (h->region_size > c->size)
		snprintf(c->message, sizeof(c->message),
			 "invalid shared memory layout: the host uses %.1f MiB but only %.1f MiB are mapped here",
			 mib(h->region_size), mib(c->size));
	else
		snprintf(c->message, sizeof(c->message),
			 "invalid shared memory layout: %s", why);
	return false;
}

static void adopt_session(struct rl_consumer *c, const struct rl_hello *h,
			  uint64_t now_ns)
{
	struct rl_client_ctrl *cc =
		(struct rl_client_ctrl *)(c->base + h->control_offset +
					  offsetof(struct rl_control, client));

	c->new_session = c->session_id != 0;
	c->session_id = h->session_id;
	c->hello = *h;
	c->heartbeat = h->heartbeat_ns;
	c->heartbeat_seen_ns = now_ns;
	c->heartbeat_moved = false;
	c->last_serial = 0;
	c->rejected_serial = 0;
	c->rejected_shape = 0;
	c->need_full = true;
	rl_damage_clear(&c->carry);
	c->msg_head = shm_load_acquire(&cc->msg_head);
	shm_store_relaxed(&cc->client_id, c->client_id);
	shm_store32_release(&cc->reading_slot, RL_SLOT_NONE);
	c->pos_serial_seen = 0;
}

enum rl_link_state rl_consumer_update_link(struct rl_consumer *c,
					   uint64_t now_ns)
{
	struct rl_hello *shared = (struct rl_hello *)c->base;
	struct rl_hello h;
	uint64_t s1, s2;

	c->new_session = false;
	if (c->size < sizeof(h)) {
		snprintf(c->message, sizeof(c->message),
			 "invalid shared memory layout: the region is only %llu bytes",
			 (unsigned long long)c->size);
		return c->state = RL_LINK_BAD_LAYOUT;
	}
	s1 = shm_load_acquire(&shared->session_id);
	memcpy(&h, shared, sizeof(h));
	RL_RACE_POINT();
	shm_fence_acquire();
	s2 = shm_load_relaxed(&shared->session_id);

	if (memcmp(h.magic, RL_PROTO_MAGIC, RL_PROTO_MAGIC_LEN) != 0) {
		snprintf(c->message, sizeof(c->message),
			 "waiting for host (no relay host has written to this memory yet)");
		return c->state = RL_LINK_NO_HOST;
	}
	/* A host mid-(re)start has zeroed everything but the magic. */
	if (s1 == 0 || s1 != s2 || h.session_id != s1) {
		snprintf(c->message, sizeof(c->message),
			 "waiting for host (it is starting)");
		return c->state = RL_LINK_INITIALISING;
	}
	if (h.version_major != RL_PROTO_MAJOR) {
		snprintf(c->message, sizeof(c->message),
			 "the host speaks relay protocol %u.%u but this client speaks relay protocol %u.%u: install matching versions of relay-host and relay-client",
			 h.version_major, h.version_minor, RL_PROTO_MAJOR,
			 RL_PROTO_MINOR);
		return c->state = RL_LINK_VERSION_MISMATCH;
	}
	/*
	 * Terminal host states need only the fixed hello fields and stay
	 * reported after the host exits (its heartbeat then stops).
	 */
	switch (h.host_state) {
	case RL_HOST_STATE_STOPPED:
		snprintf(c->message, sizeof(c->message),
			 "host stopped (it exited)");
		return c->state = RL_LINK_HOST_STOPPED;
	case RL_HOST_STATE_REGION_TOO_SMALL:
		snprintf(c->message, sizeof(c->message),
			 "region too small: the host needs %.1f MiB of shared memory but the region has %.1f MiB",
			 mib(h.host_state_arg), mib(h.region_size));
		return c->state = RL_LINK_REGION_TOO_SMALL;
	case RL_HOST_STATE_CAPTURE_FAILED:
		snprintf(c->message, sizeof(c->message),
			 "host capture failed (code %llu): see the host's log",
			 (unsigned long long)h.host_state_arg);
		return c->state = RL_LINK_CAPTURE_FAILED;
	default:
		break;
	}
	if (!layout_ok(c, &h))
		return c->state = RL_LINK_BAD_LAYOUT;

	if (h.session_id != c->session_id)
		adopt_session(c, &h, now_ns);
	c->hello = h;
	if (h.heartbeat_ns != c->heartbeat) {
		c->heartbeat = h.heartbeat_ns;
		c->heartbeat_seen_ns = now_ns;
		c->heartbeat_moved = true;
	}

	if (now_ns - c->heartbeat_seen_ns > c->stale_ns) {
		snprintf(c->message, sizeof(c->message),
			 "host stopped (no heartbeat for %llu ms)",
			 (unsigned long long)((now_ns - c->heartbeat_seen_ns) / RL_NS_PER_MS));
		return c->state = RL_LINK_HOST_STOPPED;
	}
	if (!c->heartbeat_moved) {
		snprintf(c->message, sizeof(c->message),
			 "waiting for host (checking its heartbeat)");
		return c->state = RL_LINK_INITIALISING;
	}
	if (c->state == RL_LINK_CONNECTED && !c->new_session)
		return c->state; /* message already says so; polls stay cheap */
	char build[RL_HOST_BUILD_LEN + 1];

	memcpy(build, h.host_build, RL_HOST_BUILD_LEN);
	build[RL_HOST_BUILD_LEN] = '\0';
	for (char *b = build; *b; b++)
		if (*b < 0x20 || *b > 0x7e)
			*b = '?';
	snprintf(c->message, sizeof(c->message),
		 "connected to host %s (protocol %u.%u, session %016llx)",
		 build[0] ? build : "(unnamed)", h.version_major,
		 h.version_minor, (unsigned long long)h.session_id);
	return c->state = RL_LINK_CONNECTED;
}

static struct rl_control *control_of(struct rl_consumer *c)
{
	return (struct rl_control *)(c->base + c->hello.control_offset);
}

/* Validate a copied frame_meta against the mapping; NULL if fine. */
static const char *meta_invalid(const struct rl_consumer *c,
				const struct rl_frame_meta *m)
{
	uint32_t bpp = rl_format_bpp(m->format);
	uint64_t row, need;

	if (bpp == 0)
		return "unknown pixel format";
	if (m->width == 0 || m->height == 0 || m->width > RL_MAX_DIM ||
	    m->height > RL_MAX_DIM)
		return "size out of range";
	row = (uint64_t)m->width * bpp;
	if (m->pitch < row)
		return "pitch smaller than a row";
	if (m->data_offset % RL_PAGE_SIZE)
		return "data offset not page aligned";
	need = (uint64_t)m->pitch * (m->height - 1) + row;
	if (m->data_size < need)
		return "data size smaller than pitch x height";
	if (!range_ok(m->data_offset, m->data_size, limit_of(c)))
		return "pixels outside the region";
	if (m->damage_count > RL_MAX_DAMAGE)
		return "too many damage rects";
	for (uint32_t i = 0; i < m->damage_count; i++)
		if (!rl_rect_inside(m->damage[i], m->width, m->height))
			return "damage rect outside the frame";
	if (m->rotation > RL_ROTATE_270)
		return "unknown rotation";
	return NULL;
}

/*
 * Damage of frame `serial` from the log, into d. False when the entry is
 * gone (overwritten), being written, or invalid: the caller copies whole.
 */
static bool log_damage(struct rl_consumer *c, uint64_t serial, uint32_t width,
		       uint32_t height, struct rl_damage *d)
{
	struct rl_damage_log_entry *shared =
		&control_of(c)->damage_log[serial % RL_DAMAGE_LOG_LEN];
	struct rl_damage_log_entry e;
	uint64_t s1, s2;

	s1 = shm_load_acquire(&shared->seq);
	memcpy(&e, shared, sizeof(e));
	RL_RACE_POINT();
	shm_fence_acquire();
	s2 = shm_load_relaxed(&shared->seq);
	if (s1 != s2 || (s1 & 1) || e.serial != serial || e.damage_count == 0 ||
	    e.damage_count > RL_MAX_DAMAGE)
		return false;
	for (uint32_t i = 0; i < e.damage_count; i++) {
		if (!rl_rect_inside(e.damage[i], width, height))
			return false;
		rl_damage_add(d, e.damage[i], width, height);
	}
	return true;
}

static bool frame_storage(struct rl_frame *f, uint64_t bytes)
{
	if (bytes <= f->capacity)
		return true;
	uint8_t *pixels = realloc(f->pixels, bytes);

	if (!pixels)
		return false;
	f->pixels = pixels;
	f->capacity = bytes;
	return true;
}

static void set_reading(struct rl_consumer *c, uint32_t slot)
{
	shm_store32_release(&control_of(c)->client.reading_slot, slot);
}

/* Which pixels must be copied to bring f from c->last_serial to m. */
static void needed_damage(struct rl_consumer *c, const struct rl_frame *f,
			  const struct rl_frame_meta *m, struct rl_damage *d)
{
	rl_damage_clear(d);
	if (c->need_full || c->last_serial == 0 || m->serial <= c->last_serial ||
	    m->serial - c->last_serial > RL_DAMAGE_LOG_LEN ||
	    m->damage_count == 0 || f->format != m->format ||
	    f->width != m->width || f->height != m->height) {
		rl_damage_set_full(d);
		return;
	}
	rl_damage_union(d, &c->carry, m->width, m->height);
	for (uint32_t i = 0; i < m->damage_count; i++)
		rl_damage_add(d, m->damage[i], m->width, m->height);
	for (uint64_t s = c->last_serial + 1; s < m->serial && !d->full; s++) {
		if (!log_damage(c, s, m->width, m->height, d)) {
			rl_damage_set_full(d);
			return;
		}
	}
}

enum rl_take_result rl_consumer_take_frame(struct rl_consumer *c,
					   struct rl_frame *f,
					   const struct rl_log *log)
{
	struct rl_control *ctrl;

	if (c->state != RL_LINK_CONNECTED)
		return RL_TAKE_NONE;
	ctrl = control_of(c);

	for (int attempt = 0; attempt < TAKE_ATTEMPTS; attempt++) {
		uint64_t latest = shm_load_acquire(&ctrl->frame.latest);
		uint64_t serial = latest >> 8;
		uint32_t slot = (uint32_t)(latest & 0xff);
		struct rl_frame_meta *shared;
		struct rl_frame_meta m;
		struct rl_damage d;
		const char *why;
		uint64_t s1, s2;
		uint32_t bpp;

		if (latest == 0 || serial == c->last_serial ||
		    serial == c->rejected_serial) {
			if (attempt > 0)
				set_reading(c, RL_SLOT_NONE);
			return RL_TAKE_NONE;
		}
		if (slot >= c->hello.slot_count) {
			c->rejected_serial = serial;
			c->stats.rejected++;
			if (attempt > 0)
				set_reading(c, RL_SLOT_NONE);
			guest_warn(c, log, "frame %llu rejected: slot %u does not exist",
				(unsigned long long)serial, slot);
			return RL_TAKE_REJECTED;
		}
		set_reading(c, slot);
		shared = &ctrl->slots[slot];
		s1 = shm_load_acquire(&shared->seq);
		if (s1 & 1)
			continue;
		memcpy(&m, shared, sizeof(m));
		RL_RACE_POINT();
		shm_fence_acquire();
		s2 = shm_load_relaxed(&shared->seq);
		if (s1 != s2) {
			c->stats.torn++;
			continue;
		}
		if (m.serial != serial)
			continue; /* reused already: a newer frame is out */
		why = meta_invalid(c, &m);
		if (why) {
			c->rejected_serial = serial;
			c->stats.rejected++;
			set_reading(c, RL_SLOT_NONE);
			guest_warn(c, log, "frame %llu rejected: %s (%ux%u format %u pitch %u offset %llu size %llu, %u rects)",
				(unsigned long long)serial, why, m.width, m.height,
				m.format, m.pitch, (unsigned long long)m.data_offset,
				(unsigned long long)m.data_size, m.damage_count);
			return RL_TAKE_REJECTED;
		}
		bpp = rl_format_bpp(m.format);
		if (c->copy_pixels &&
		    !frame_storage(f, (uint64_t)m.width * m.height * bpp)) {
			set_reading(c, RL_SLOT_NONE);
			return RL_TAKE_NOMEM;
		}
		needed_damage(c, f, &m, &d);
		if (c->copy_pixels)
			rl_damage_copy(&d, f->pixels, m.width * bpp,
				       c->base + m.data_offset, m.pitch, m.width,
				       m.height, bpp);
		RL_RACE_POINT();
		shm_fence_acquire();
		if (shm_load_relaxed(&shared->seq) != s1) {
			/* Our copy may hold pixels of a newer frame: redo them. */
			c->stats.torn++;
			if (d.full || f->format != m.format || f->width != m.width ||
			    f->height != m.height)
				c->need_full = true;
			else
				rl_damage_union(&c->carry, &d, m.width, m.height);
			continue;
		}
		set_reading(c, RL_SLOT_NONE);

		f->skipped = c->last_serial && serial > c->last_serial ?
			     serial - c->last_serial - 1 : 0;
		f->serial = serial;
		f->format = m.format;
		f->width = m.width;
		f->height = m.height;
		f->pitch = m.width * bpp;
		f->flags = m.flags;
		f->rotation = m.rotation;
		f->ts_capture_ns = m.ts_capture_ns;
		f->ts_copy_ns = m.ts_copy_ns;
		f->ts_publish_ns = m.ts_publish_ns;
		f->damage = d;
		f->slot = slot;
		f->src_pitch = m.pitch;
		f->data_offset = m.data_offset;
		f->slot_seq = s1;
		c->last_serial = serial;
		c->need_full = false;
		rl_damage_clear(&c->carry);
		c->stats.frames++;
		c->stats.skipped += f->skipped;
		if (d.full)
			c->stats.full_copies++;
		c->stats.bytes_copied += rl_damage_area(&d, m.width, m.height) * bpp;
		return RL_TAKE_FRAME;
	}
	set_reading(c, RL_SLOT_NONE);
	return RL_TAKE_BUSY;
}

bool rl_consumer_frame_intact(struct rl_consumer *c, const struct rl_frame *f)
{
	if (c->state != RL_LINK_CONNECTED || f->serial != c->last_serial ||
	    f->slot >= c->hello.slot_count)
		return false;
	RL_RACE_POINT();
	shm_fence_acquire();
	return shm_load_relaxed(&control_of(c)->slots[f->slot].seq) == f->slot_seq;
}

void rl_consumer_frame_torn(struct rl_consumer *c, const struct rl_frame *f)
{
	c->stats.torn++;
	if (f->damage.full)
		c->need_full = true;
	else
		rl_damage_union(&c->carry, &f->damage, f->width, f->height);
}

void rl_consumer_resync(struct rl_consumer *c)
{
	c->last_serial = 0;
	c->need_full = true;
	rl_damage_clear(&c->carry);
}

/* Copy shape buffer `slot`, expecting `serial`; false to try again later. */
static bool take_shape(struct rl_consumer *c, uint32_t slot, uint64_t serial,
		       struct rl_cursor *cur, const struct rl_log *log)
{
	struct rl_cursor_shape *shared =
		(struct rl_cursor_shape *)(c->base + c->hello.cursor_shape_offset +
					   (uint64_t)slot * c->hello.cursor_shape_stride);
	struct rl_cursor_shape hdr;
	const char *why;
	uint64_t s1, bytes;

	s1 = shm_load_acquire(&shared->seq);
	if (s1 & 1)
		return false;
	memcpy(&hdr, shared, offsetof(struct rl_cursor_shape, data));
	if (hdr.serial != serial)
		return false;
	why = rl_cursor_geometry_invalid(hdr.type, hdr.width, hdr.height, hdr.pitch, &bytes);
	if (why) {
		if (c->rejected_shape != serial)
			guest_warn(c, log, "cursor shape %llu rejected: %s",
				(unsigned long long)serial, why);
		c->rejected_shape = serial;
		return false;
	}
	memcpy(cur->data, shared->data, bytes);
	RL_RACE_POINT();
	shm_fence_acquire();
	if (shm_load_relaxed(&shared->seq) != s1) {
		cur->shape_serial = 0; /* data is mixed: show none until retaken */
		return false;
	}
	cur->shape_serial = serial;
	cur->type = hdr.type;
	cur->width = hdr.width;
	cur->height = hdr.height;
	cur->pitch = hdr.pitch;
	cur->hot_x = hdr.hot_x < 0 || hdr.hot_x >= (int32_t)hdr.width ? 0 : hdr.hot_x;
	cur->hot_y = hdr.hot_y < 0 || hdr.hot_y >= (int32_t)hdr.height ? 0 : hdr.hot_y;
	return true;
}

uint32_t rl_consumer_take_cursor(struct rl_consumer *c, struct rl_cursor *cur,
				 const struct rl_log *log)
{
	struct rl_cursor_state *shared;
	struct rl_cursor_state cs;
	uint32_t changed = 0;
	int attempt;

	if (c->state != RL_LINK_CONNECTED)
		return 0;
	shared = &control_of(c)->cursor;
	for (attempt = 0; attempt < TAKE_ATTEMPTS; attempt++) {
		uint64_t s1 = shm_load_acquire(&shared->seq);

		memcpy(&cs, shared, sizeof(cs));
		RL_RACE_POINT();
		shm_fence_acquire();
		if (!(s1 & 1) && shm_load_relaxed(&shared->seq) == s1)
			break;
	}
	if (attempt == TAKE_ATTEMPTS)
		return 0;

	if (cs.pos_serial != c->pos_serial_seen) {
		c->pos_serial_seen = cs.pos_serial;
		cur->pos_serial = cs.pos_serial;
		cur->x = cs.x;
		cur->y = cs.y;
		cur->visible = cs.visible != 0;
		changed |= RL_CURSOR_CHANGED_POS;
	}
	if (cs.shape_serial != 0 && cs.shape_serial != cur->shape_serial &&
	    cs.shape_serial != c->rejected_shape) {
		if (cs.shape_slot >= RL_CURSOR_SHAPE_SLOTS) {
			if (c->rejected_shape != cs.shape_serial)
				guest_warn(c, log, "cursor shape %llu rejected: buffer %u does not exist",
					(unsigned long long)cs.shape_serial,
					cs.shape_slot);
			c->rejected_shape = cs.shape_serial;
		} else if (take_shape(c, cs.shape_slot, cs.shape_serial, cur, log)) {
			changed |= RL_CURSOR_CHANGED_SHAPE;
		}
	}
	return changed;
}

bool rl_consumer_send(struct rl_consumer *c, const struct rl_client_msg *msg)
{
	struct rl_client_ctrl *cc;
	uint64_t tail;

	if (c->state != RL_LINK_CONNECTED)
		return false;
	cc = &control_of(c)->client;
	tail = shm_load_acquire(&cc->msg_tail);
	if (tail > c->msg_head || c->msg_head - tail >= RL_MSG_QUEUE_LEN)
		return false;
	memcpy(&cc->msgs[c->msg_head % RL_MSG_QUEUE_LEN], msg, sizeof(*msg));
	c->msg_head++;
	shm_store_release(&cc->msg_head, c->msg_head);
	return true;
}

void rl_consumer_keepalive(struct rl_consumer *c)
{
	if (c->state == RL_LINK_NO_HOST || c->state == RL_LINK_BAD_LAYOUT ||
	    c->state == RL_LINK_VERSION_MISMATCH || c->session_id == 0)
		return;
	c->my_heartbeat++;
	shm_store_release(&control_of(c)->client.heartbeat, c->my_heartbeat);
}

void rl_frame_finish(struct rl_frame *f)
{
	if (!f)
		return;
	free(f->pixels);
	f->pixels = NULL;
	f->capacity = 0;
}
