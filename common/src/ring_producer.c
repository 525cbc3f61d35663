/* SPDX-License-Identifier: MIT */
/* Host end of the ring: layout, frame publication, cursor, client queue. */
#include <string.h>

#include "relay/format.h"
#include "relay/ring.h"
#include "relay/time.h"
#include "shm_atomic.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static uint64_t cursor_shape_offset(void)
{
	return align_up(RL_CONTROL_OFFSET + sizeof(struct rl_control), 64);
}

static uint64_t cursor_shape_stride(void)
{
	return align_up(sizeof(struct rl_cursor_shape), 64);
}

static uint64_t slot_data_offset(void)
{
	return align_up(cursor_shape_offset() +
			RL_CURSOR_SHAPE_SLOTS * cursor_shape_stride(),
			RL_PAGE_SIZE);
}

uint64_t rl_producer_region_size(uint32_t slots, uint32_t width,
				 uint32_t height, uint32_t bpp)
{
	uint64_t frame = align_up((uint64_t)width * height * bpp, RL_PAGE_SIZE);

	return slot_data_offset() + slots * frame;
}

static struct rl_hello *hello_of(struct rl_producer *p)
{
	return (struct rl_hello *)p->base;
}

static struct rl_control *control_of(struct rl_producer *p)
{
	return (struct rl_control *)(p->base + RL_CONTROL_OFFSET);
}

static struct rl_cursor_shape *shape_of(struct rl_producer *p, uint32_t i)
{
	return (struct rl_cursor_shape *)(p->base + cursor_shape_offset() +
					  i * cursor_shape_stride());
}

void rl_producer_set_state(struct rl_producer *p, uint32_t state, uint64_t arg)
{
	struct rl_hello *h = hello_of(p);

	p->state = state;
	shm_store_relaxed(&h->host_state_arg, arg);
	shm_store32_release(&h->host_state, state);
}

bool rl_producer_init(struct rl_producer *p, void *base, uint64_t size,
		      const struct rl_producer_params *params,
		      const struct rl_log *log, uint64_t now_ns)
{
	struct rl_hello *h = base;
	uint64_t data_off = slot_data_offset();
	uint64_t minimum;

	memset(p, 0, sizeof(*p));
	p->base = base;
	p->size = size;
	p->log = log;
	p->latest_slot = RL_SLOT_NONE;

	if (params->slot_count < RL_MIN_SLOTS || params->slot_count > RL_MAX_SLOTS) {
		rl_err(log, "slot count %u is outside %u..%u", params->slot_count,
		       RL_MIN_SLOTS, RL_MAX_SLOTS);
		return false;
	}
	if (params->session_id == 0) {
		rl_err(log, "session id must not be 0");
		return false;
	}
	if (size < sizeof(*h)) {
		rl_err(log, "shared memory of %llu bytes cannot even hold the hello block",
		       (unsigned long long)size);
		return false;
	}

	/* Readers treat session 0 as "initialising" and ignore the rest. */
	shm_store_release(&h->session_id, 0);
	shm_fence_release();

	minimum = data_off + (uint64_t)params->slot_count * RL_PAGE_SIZE;
	memset((uint8_t *)base + sizeof(h->magic), 0,
	       (size < data_off ? size : data_off) - sizeof(h->magic));
	h->version_major = RL_PROTO_MAJOR;
	h->version_minor = RL_PROTO_MINOR;
	h->region_size = size;
	h->hello_size = sizeof(*h);
	strncpy(h->host_build, params->host_build ? params->host_build : "",
		sizeof(h->host_build));
	h->heartbeat_ns = now_ns;
	memcpy(h->magic, RL_PROTO_MAGIC, RL_PROTO_MAGIC_LEN);

	if (size < minimum) {
		rl_err(log, "shared memory of %llu bytes is too small: the control area and %u slots need at least %llu",
		       (unsigned long long)size, params->slot_count,
		       (unsigned long long)minimum);
		h->host_state = RL_HOST_STATE_REGION_TOO_SMALL;
		h->host_state_arg = minimum;
		shm_store_release(&h->session_id, params->session_id);
		return false;
	}

	p->slot_count = params->slot_count;
	p->slot_data_offset = data_off;
	p->slot_stride = (size - data_off) / params->slot_count / RL_PAGE_SIZE *
			 RL_PAGE_SIZE;
	for (uint32_t i = 0; i < RL_MAX_SLOTS; i++)
		rl_damage_set_full(&p->pending[i]);

	h->control_offset = RL_CONTROL_OFFSET;
	h->control_size = sizeof(struct rl_control);
	h->slot_count = p->slot_count;
	h->cursor_shape_offset = cursor_shape_offset();
	h->cursor_shape_stride = (uint32_t)cursor_shape_stride();
	h->slot_data_offset = data_off;
	h->slot_data_stride = p->slot_stride;
	h->host_state = RL_HOST_STATE_RUNNING;
	p->state = RL_HOST_STATE_RUNNING;
	control_of(p)->client.reading_slot = RL_SLOT_NONE;
	p->last_heartbeat_ns = now_ns;

	shm_store_release(&h->session_id, params->session_id);
	return true;
}

uint64_t rl_producer_slot_capacity(const struct rl_producer *p)
{
	return p->slot_stride;
}

void rl_producer_heartbeat(struct rl_producer *p, uint64_t now_ns)
{
	/* The value must change for readers to see life. */
	if (now_ns <= p->last_heartbeat_ns)
		now_ns = p->last_heartbeat_ns + 1;
	p->last_heartbeat_ns = now_ns;
	shm_store_release(&hello_of(p)->heartbeat_ns, now_ns);
}

/* Least recently written slot that is neither the latest nor being read. */
static uint32_t pick_slot(struct rl_producer *p)
{
	uint32_t reading = shm_load32_relaxed(&control_of(p)->client.reading_slot);
	uint32_t best = RL_SLOT_NONE;

	for (int pass = 0; pass < 2 && best == RL_SLOT_NONE; pass++) {
		for (uint32_t i = 0; i < p->slot_count; i++) {
			if (i == p->latest_slot || (pass == 0 && i == reading))
				continue;
			if (best == RL_SLOT_NONE || p->write_tick[i] < p->write_tick[best])
				best = i;
		}
	}
	return best;
}

static void write_rects(struct rl_rect *dst, uint32_t *count,
			const struct rl_damage *d)
{
	*count = d->full ? 0 : d->count;
	if (!d->full)
		memcpy(dst, d->rects, d->count * sizeof(dst[0]));
}

struct rl_publish_result rl_producer_publish(struct rl_producer *p,
					     const struct rl_frame_desc *desc,
					     const uint8_t *src, uint32_t src_pitch,
					     const struct rl_damage *damage)
{
	struct rl_publish_result r = { RL_PUBLISH_DONE, 0 };
	struct rl_control *ctrl = control_of(p);
	uint32_t bpp = rl_format_bpp(desc->format);
	struct rl_damage frame_damage, region;
	uint64_t pitch, data_size;
	bool new_mode;
	uint32_t s;

	if (bpp == 0 || desc->width == 0 || desc->height == 0 ||
	    desc->width > RL_MAX_DIM || desc->height > RL_MAX_DIM) {
		rl_err(p->log, "cannot publish a %ux%u frame of format %u",
		       desc->width, desc->height, desc->format);
		r.status = RL_PUBLISH_INVALID;
		return r;
	}
	pitch = (uint64_t)desc->width * bpp;
	data_size = pitch * desc->height;
	if (data_size > p->slot_stride) {
		r.status = RL_PUBLISH_TOO_SMALL;
		r.needed = rl_producer_region_size(p->slot_count, desc->width,
						   desc->height, bpp);
		rl_producer_set_state(p, RL_HOST_STATE_REGION_TOO_SMALL, r.needed);
		return r;
	}
	if (p->state != RL_HOST_STATE_RUNNING)
		rl_producer_set_state(p, RL_HOST_STATE_RUNNING, 0);

	new_mode = p->serial == 0 || p->latest_slot == RL_SLOT_NONE ||
		   p->geom[p->latest_slot][0] != desc->format ||
		   p->geom[p->latest_slot][1] != desc->width ||
		   p->geom[p->latest_slot][2] != desc->height;
	r.status = RL_PUBLISH_UNCHANGED;
	if (damage && !new_mode && rl_damage_empty(damage))
		return r; /* nothing changed: nothing to publish */
	rl_damage_clear(&frame_damage);
	if (!damage || damage->full || new_mode)
		rl_damage_set_full(&frame_damage);
	else /* re-added, so the rects on the wire are clipped and few */
		rl_damage_union(&frame_damage, damage, desc->width, desc->height);
	if (rl_damage_empty(&frame_damage))
		return r;
	r.status = RL_PUBLISH_DONE;

	s = pick_slot(p);
	region = p->pending[s];
	if (p->geom[s][0] != desc->format || p->geom[s][1] != desc->width ||
	    p->geom[s][2] != desc->height)
		rl_damage_set_full(&region);
	rl_damage_union(&region, &frame_damage, desc->width, desc->height);

	struct rl_frame_meta *m = &ctrl->slots[s];
	uint64_t serial = p->serial + 1;

	shm_seq_begin(&m->seq, &p->slot_seq[s]);
	rl_damage_copy(&region, p->base + p->slot_data_offset + s * p->slot_stride,
		       (uint32_t)pitch, src, src_pitch, desc->width,
		       desc->height, bpp);
	m->serial = serial;
	m->format = desc->format;
	m->width = desc->width;
	m->height = desc->height;
	m->pitch = (uint32_t)pitch;
	m->data_offset = p->slot_data_offset + s * p->slot_stride;
	m->data_size = data_size;
	m->flags = desc->flags | (new_mode ? RL_FRAME_F_NEW_MODE : 0);
	m->rotation = desc->rotation;
	write_rects(m->damage, &m->damage_count, &frame_damage);
	m->ts_capture_ns = desc->ts_capture_ns;
	m->ts_copy_ns = rl_time_ns();
	m->ts_publish_ns = m->ts_copy_ns;
	shm_seq_end(&m->seq, &p->slot_seq[s]);

	uint32_t li = serial % RL_DAMAGE_LOG_LEN;
	struct rl_damage_log_entry *e = &ctrl->damage_log[li];

	shm_seq_begin(&e->seq, &p->log_seq[li]);
	e->serial = serial;
	write_rects(e->damage, &e->damage_count, &frame_damage);
	shm_seq_end(&e->seq, &p->log_seq[li]);

	for (uint32_t i = 0; i < p->slot_count; i++) {
		if (i == s)
			rl_damage_clear(&p->pending[i]);
		else
			rl_damage_union(&p->pending[i], &frame_damage,
					desc->width, desc->height);
	}
	p->geom[s][0] = desc->format;
	p->geom[s][1] = desc->width;
	p->geom[s][2] = desc->height;
	p->write_tick[s] = serial;
	p->serial = serial;
	p->latest_slot = s;
	shm_store_release(&ctrl->frame.latest, serial << 8 | s);
	return r;
}

static void write_cursor_state(struct rl_producer *p, int32_t x, int32_t y,
			       bool visible)
{
	struct rl_cursor_state *cs = &control_of(p)->cursor;

	shm_seq_begin(&cs->seq, &p->cursor_seq);
	cs->pos_serial = p->pos_serial;
	cs->x = x;
	cs->y = y;
	cs->visible = visible ? 1 : 0;
	cs->shape_slot = p->shape_slot;
	cs->shape_serial = p->shape_serial;
	shm_seq_end(&cs->seq, &p->cursor_seq);
}

void rl_producer_cursor_move(struct rl_producer *p, int32_t x, int32_t y,
			     bool visible)
{
	p->pos_serial++;
	p->cursor_x = x;
	p->cursor_y = y;
	p->cursor_visible = visible;
	write_cursor_state(p, x, y, visible);
}

bool rl_producer_cursor_shape(struct rl_producer *p,
			      const struct rl_cursor_image *img)
{
	uint64_t bytes = 0;
	const char *why = rl_cursor_geometry_invalid(img->type, img->width, img->height,
						     img->pitch, &bytes);

	if (why) {
		rl_err(p->log, "cursor shape type %u %ux%u pitch %u does not fit the protocol (%s; max %ux%u)",
		       img->type, img->width, img->height, img->pitch, why, RL_CURSOR_MAX_DIM,
		       RL_CURSOR_MAX_DIM);
		return false;
	}

	/* Write the buffer the cursor state does not name. */
	uint32_t slot = p->shape_serial ? (p->shape_slot + 1) % RL_CURSOR_SHAPE_SLOTS : 0;
	struct rl_cursor_shape *sh = shape_of(p, slot);

	shm_seq_begin(&sh->seq, &p->shape_seq[slot]);
	sh->serial = p->shape_serial + 1;
	sh->type = img->type;
	sh->width = img->width;
	sh->height = img->height;
	sh->pitch = img->pitch;
	sh->hot_x = img->hot_x;
	sh->hot_y = img->hot_y;
	memcpy(sh->data, img->data, bytes);
	shm_seq_end(&sh->seq, &p->shape_seq[slot]);

	p->shape_serial++;
	p->shape_slot = slot;
	write_cursor_state(p, p->cursor_x, p->cursor_y, p->cursor_visible);
	return true;
}

static bool msg_valid(const struct rl_client_msg *m)
{
	switch (m->type) {
	case RL_MSG_CURSOR_WARP:
		return (int32_t)m->arg[0] >= 0 && (int32_t)m->arg[1] >= 0 &&
		       m->arg[0] < RL_MAX_DIM && m->arg[1] < RL_MAX_DIM;
	case RL_MSG_RESOLUTION:
		return m->arg[0] > 0 && m->arg[0] <= RL_MAX_DIM &&
		       m->arg[1] > 0 && m->arg[1] <= RL_MAX_DIM &&
		       m->arg[2] <= 1000000;
	default:
		return false;
	}
}

bool rl_producer_next_msg(struct rl_producer *p, struct rl_client_msg *msg)
{
	struct rl_client_ctrl *cc = &control_of(p)->client;

	for (;;) {
		uint64_t head = shm_load_acquire(&cc->msg_head);

		if (head == p->msg_tail)
			return false;
		if (head - p->msg_tail > RL_MSG_QUEUE_LEN) {
			rl_warn(p->log, "client message queue is corrupt (head %llu, tail %llu): skipping to head",
				(unsigned long long)head,
				(unsigned long long)p->msg_tail);
			p->msg_tail = head;
			shm_store_release(&cc->msg_tail, p->msg_tail);
			return false;
		}
		memcpy(msg, &cc->msgs[p->msg_tail % RL_MSG_QUEUE_LEN], sizeof(*msg));
		shm_fence_acquire();
		p->msg_tail++;
		shm_store_release(&cc->msg_tail, p->msg_tail);
		if (msg_valid(msg))
			return true;
		rl_dbg(p->log, "ignoring client message of type %u", msg->type);
	}
}

bool rl_producer_client_watching(struct rl_producer *p, uint64_t now_ns,
				 uint64_t timeout_ns)
{
	uint64_t hb = shm_load_relaxed(&control_of(p)->client.heartbeat);

	if (hb != p->client_heartbeat) {
		p->client_heartbeat = hb;
		p->client_seen_ns = now_ns;
	}
	return p->client_seen_ns != 0 && now_ns - p->client_seen_ns < timeout_ns;
}
