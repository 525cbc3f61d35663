/* SPDX-License-Identifier: MIT */
#include "host.h"
#include "region.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "relay/config.h"
#include "relay/fault.h"
#include "relay/format.h"
#include "relay/ring.h"
#include "relay/shm.h"
#include "relay/time.h"

/* The loop wakes at least this often: heartbeat, messages, stop flag. */
#define TICK_NS (20 * RL_NS_PER_MS)

struct host_stats {
	uint64_t since_ns;
	uint64_t frames;
	uint64_t bytes;      /* damaged bytes published */
	uint64_t damaged_px;
	uint64_t total_px;
	uint64_t cursor_moves;
	uint64_t cursor_shapes;
	bool quiet_logged; /* "nothing new" said once until frames flow again */
};

struct host {
	const struct rl_host_settings *s;
	const struct rl_log *log;
	volatile sig_atomic_t *stop;
	const struct rl_capture_ops *ops;
	struct rl_capture *cap;
	struct rl_shm *shm;
	struct rl_producer producer;
	uint64_t started_ns;
	uint64_t not_before_ns; /* fps cap: earliest next capture */
	bool paused;            /* idle: no client watching */
	struct host_stats stats;
	struct rl_ratelimit msg_flood;  /* "a client sends more than ..." */
	struct rl_ratelimit resize_rl;  /* at most one resolution change per 500 ms */
	uint32_t asked_w, asked_h;      /* the last resolution applied on request */
	unsigned int shrinks;           /* times the file shrank under us */
};

/* Does the source open `path` as a plain file the host may size? */
static bool source_is_file(const char *source, const char *path)
{
	if (strcmp(source, "auto") != 0)
		return strcmp(source, "file") == 0;
	for (size_t i = 0; rl_shm_sources[i]; i++)
		if (rl_shm_sources[i]->matches(path))
			return strcmp(rl_shm_sources[i]->name, "file") == 0;
	return false;
}

static void report_too_small(struct host *h, const struct rl_capture_frame *f)
{
	char msg[512];

	rl_host_too_small_message(msg, sizeof(msg), h->s->shm_file, h->shm->size,
				  h->s->slots, f->width, f->height, f->format);
	rl_err(h->log, "%s", msg);
}

static bool open_region(struct host *h, const struct rl_capture_frame *first)
{
	uint32_t bpp = rl_format_bpp(first->format);
	uint64_t create = 0;

	if (source_is_file(h->s->shm_source, h->s->shm_file))
		create = h->s->shm_size ? h->s->shm_size
					: rl_host_auto_shm_size(h->s->slots,
								first->width,
								first->height, bpp);
	struct rl_shm_params params = {
		.path = h->s->shm_file,
		.create_size = create,
		.allow_foreign = h->s->shm_allow_foreign,
		.log = h->log,
	};
	h->shm = rl_shm_open(h->s->shm_source, &params);
	return h->shm != NULL;
}

static int start_session(struct host *h, const struct rl_capture_frame *first)
{
	uint64_t session = 0;

	while (session == 0) {
		if (!rl_random_bytes(&session, sizeof(session))) {
			rl_err(h->log, "cannot read random bytes for the session id");
			return RL_HOST_EXIT_RUNTIME;
		}
	}
	struct rl_producer_params params = {
		.slot_count = h->s->slots,
		.session_id = session,
		.host_build = "relay-host " RELAY_VERSION,
	};
	if (!rl_producer_init(&h->producer, h->shm->base, h->shm->size, &params,
			      h->log, rl_time_ns())) {
		/* init says why; a region below the control area is "too small". */
		if (h->shm->size < rl_producer_region_size(h->s->slots, 1, 1, 4)) {
			/* init named the minimum; clients should see what the frame needs. */
			rl_producer_set_state(&h->producer, RL_HOST_STATE_REGION_TOO_SMALL,
					      rl_producer_region_size(h->s->slots, first->width,
								      first->height,
								      rl_format_bpp(first->format)));
			report_too_small(h, first);
			return RL_HOST_EXIT_REGION_TOO_SMALL;
		}
		return RL_HOST_EXIT_RUNTIME;
	}
	rl_info(h->log, "session %016llx: %u slots of %llu KiB",
		(unsigned long long)session, h->s->slots,
		(unsigned long long)(rl_producer_slot_capacity(&h->producer) / 1024));
	return RL_HOST_EXIT_OK;
}

/*
 * Client messages, within a budget: a client that keeps the queue full
 * gets RL_HOST_MSG_BUDGET handled per loop (the rest wait, as protocol.md
 * allows), and of each kind only the latest of a batch is applied, so a
 * flood neither stalls capture nor floods the log.
 */
static void handle_messages(struct host *h, uint64_t now_ns)
{
	struct rl_client_msg m;
	bool warp = false, resize = false;
	int32_t wx = 0, wy = 0;
	uint32_t rw = 0, rh = 0;
	unsigned int n = 0;

	while (n < RL_HOST_MSG_BUDGET && rl_producer_next_msg(&h->producer, &m)) {
		n++;
		if (m.type == RL_MSG_CURSOR_WARP) {
			warp = true;
			wx = (int32_t)m.arg[0];
			wy = (int32_t)m.arg[1];
		} else if (m.type == RL_MSG_RESOLUTION) {
			resize = true;
			rw = m.arg[0];
			rh = m.arg[1];
		}
	}
	if (n == RL_HOST_MSG_BUDGET && rl_ratelimit_pass(&h->msg_flood, now_ns, 10 * RL_NS_PER_S))
		rl_warn(h->log, "a client sends more than %u messages per loop: the rest wait "
			"(said once per 10 s; %u times held back since)", RL_HOST_MSG_BUDGET,
			h->msg_flood.suppressed);
	if (warp) {
		rl_dbg(h->log, "client asks to warp the cursor to %d,%d", wx, wy);
		if (!h->ops->warp_cursor)
			rl_dbg(h->log, "capture %s cannot warp the cursor", h->ops->name);
		else
			h->ops->warp_cursor(h->cap, wx, wy);
	}
	if (!resize || (rw == h->asked_w && rh == h->asked_h))
		return;
	h->asked_w = rw;
	h->asked_h = rh;
	rl_dbg(h->log, "client asks for resolution %ux%u", rw, rh);
	/* Only sizes that still fit a slot as BGRA (the widest 4-byte format). */
	if ((uint64_t)rw * rh * 4 > rl_producer_slot_capacity(&h->producer))
		rl_dbg(h->log, "%ux%u does not fit a slot of %llu bytes: ignored", rw, rh,
		       (unsigned long long)rl_producer_slot_capacity(&h->producer));
	else if (!h->ops->set_resolution)
		rl_dbg(h->log, "capture %s cannot change resolution", h->ops->name);
	else if (rl_ratelimit_pass(&h->resize_rl, now_ns, 500 * RL_NS_PER_MS))
		h->ops->set_resolution(h->cap, rw, rh);
	else
		h->asked_w = h->asked_h = 0; /* not applied yet: the next request may be */
}

static void handle_cursor(struct host *h)
{
	struct rl_capture_cursor c;

	if (!h->ops->cursor)
		return;
	h->ops->cursor(h->cap, &c);
	if (c.changed & RL_CAPTURE_CURSOR_SHAPE) {
		if (rl_producer_cursor_shape(&h->producer, &c.shape))
			h->stats.cursor_shapes++;
	}
	if (c.changed & RL_CAPTURE_CURSOR_POS) {
		rl_producer_cursor_move(&h->producer, c.x, c.y, c.visible);
		h->stats.cursor_moves++;
	}
}

static void account(struct host *h, const struct rl_capture_frame *f)
{
	uint64_t total = (uint64_t)f->width * f->height;
	uint64_t area = rl_damage_area(&f->damage, f->width, f->height);

	h->stats.frames++;
	h->stats.damaged_px += area;
	h->stats.total_px += total;
	h->stats.bytes += area * rl_format_bpp(f->format);
}

static void maybe_print_stats(struct host *h, uint64_t now)
{
	struct host_stats *st = &h->stats;

	if (!h->s->stats_interval_ns || now - st->since_ns < h->s->stats_interval_ns)
		return;
	double secs = (double)(now - st->since_ns) / (double)RL_NS_PER_S;
	bool quiet_logged = st->quiet_logged;
	if (h->paused || st->frames == 0) {
		if (!quiet_logged)
			rl_info(h->log, "stats: %s", h->paused
				? "paused, no client watching (heartbeat only)"
				: "no new frames (the source did not change)");
		quiet_logged = true;
	} else {
		quiet_logged = false;
		rl_info(h->log, "stats: %.1f fps, %.1f KiB/frame, damage %.2f%% of the frame, cursor %llu moves %llu shapes",
			(double)st->frames / secs,
			st->frames ? (double)st->bytes / (double)st->frames / 1024.0 : 0.0,
			st->total_px ? 100.0 * (double)st->damaged_px / (double)st->total_px : 0.0,
			(unsigned long long)st->cursor_moves,
			(unsigned long long)st->cursor_shapes);
	}
	memset(st, 0, sizeof(*st));
	st->since_ns = now;
	st->quiet_logged = quiet_logged;
}

/* Publish one frame; an exit code other than OK ends the run. */
static int publish(struct host *h, const struct rl_capture_frame *f)
{
	struct rl_frame_desc desc = {
		.format = f->format,
		.width = f->width,
		.height = f->height,
		.flags = f->flags,
		.rotation = RL_ROTATE_0,
		.ts_capture_ns = f->ts_capture_ns,
	};
	struct rl_publish_result r = rl_producer_publish(&h->producer, &desc, f->pixels,
							 f->pitch, &f->damage);

	switch (r.status) {
	case RL_PUBLISH_DONE:
		break;
	case RL_PUBLISH_UNCHANGED:
		return RL_HOST_EXIT_OK;
	case RL_PUBLISH_TOO_SMALL:
		/* The producer has told clients (host state REGION_TOO_SMALL). */
		report_too_small(h, f);
		return RL_HOST_EXIT_REGION_TOO_SMALL;
	case RL_PUBLISH_INVALID:
		rl_err(h->log, "publishing a %ux%u %s frame failed", f->width,
		       f->height, rl_format_name(f->format));
		return RL_HOST_EXIT_RUNTIME;
	}
	if (f->flags & RL_FRAME_F_NEW_MODE)
		rl_info(h->log, "publishing %ux%u %s frames", f->width, f->height,
			rl_format_name(f->format));
	account(h, f);
	if (h->s->fps_cap)
		h->not_before_ns = f->ts_capture_ns + RL_NS_PER_S / h->s->fps_cap;
	return RL_HOST_EXIT_OK;
}

/* Idle-when-unwatched: true while capture should pause. */
static bool should_pause(struct host *h, uint64_t now)
{
	bool watching = rl_producer_client_watching(&h->producer, now,
						    RL_HOST_WATCH_TIMEOUT_NS);
	/* A client starting with us gets frames at once. */
	bool grace = now - h->started_ns < RL_HOST_WATCH_TIMEOUT_NS;

	if (!h->s->idle_unwatched || watching || grace) {
		if (h->paused) {
			h->paused = false;
			h->ops->invalidate(h->cap);
			rl_info(h->log, "a client is watching: capture resumed");
		}
		return false;
	}
	if (!h->paused) {
		h->paused = true;
		rl_info(h->log, "no client has watched for 1 s: capture paused (heartbeat continues)");
	}
	return true;
}

/* One turn of the loop: RL_HOST_EXIT_OK to go on, else the exit code. */
static int loop_once(struct host *h)
{
	uint64_t now = rl_time_ns();
	struct rl_capture_frame f;
	int rc;

	rl_producer_heartbeat(&h->producer, now);
	handle_messages(h, now);
	maybe_print_stats(h, now);
	if (should_pause(h, now)) {
		rl_sleep_ns(TICK_NS);
		return RL_HOST_EXIT_OK;
	}
	if (now < h->not_before_ns) {
		uint64_t wait = h->not_before_ns - now;
		rl_sleep_ns(wait < TICK_NS ? wait : TICK_NS);
		return RL_HOST_EXIT_OK;
	}
	enum rl_capture_result r = h->ops->next_frame(h->cap, now + TICK_NS, &f);
	if (r == RL_CAPTURE_ERROR) {
		rl_producer_set_state(&h->producer, RL_HOST_STATE_CAPTURE_FAILED, 1);
		rl_err(h->log, "capture %s failed: stopping", h->ops->name);
		return RL_HOST_EXIT_CAPTURE_FAILED;
	}
	if (r == RL_CAPTURE_FRAME) {
		rc = publish(h, &f);
		if (rc != RL_HOST_EXIT_OK)
			return rc;
	}
	handle_cursor(h);
	return RL_HOST_EXIT_OK;
}

/*
 * The file shrank under the mapping (SIGBUS caught): say so, open it again
 * (a file the host sizes is grown back) and start a new session, with the
 * next frame whole. RL_HOST_EXIT_OK when publishing can go on.
 */
static int region_shrank(struct host *h, const struct rl_capture_frame *mode)
{
	struct stat st;
	char was[32], now[32] = "less";
	int rc;

	rl_shm_format_size(h->shm->size, was, sizeof(was));
	if (h->shm->fd >= 0 && fstat(h->shm->fd, &st) == 0)
		rl_shm_format_size((uint64_t)st.st_size, now, sizeof(now));
	rl_err(h->log, "the shared-memory file %s shrank from %s to %s under the host: opening it again",
	       h->s->shm_file, was, now);
	rl_shm_close(h->shm);
	h->shm = NULL;
	if (!open_region(h, mode))
		return RL_HOST_EXIT_RUNTIME;
	rc = start_session(h, mode);
	if (rc == RL_HOST_EXIT_OK)
		h->ops->invalidate(h->cap);
	return rc;
}

static int run_loop(struct host *h, struct rl_capture_frame *first)
{
	struct rl_capture_frame mode = *first; /* sizes a region opened again */
	struct rl_fault_guard guard;
	int rc;

	if (!RL_FAULT_TRY(&guard)) {
		rl_fault_leave(&guard);
		rl_err(h->log, "the shared-memory file %s shrank under the host before its first frame",
		       h->s->shm_file);
		return RL_HOST_EXIT_RUNTIME;
	}
	rc = publish(h, first);
	rl_fault_leave(&guard);
	if (rc != RL_HOST_EXIT_OK)
		return rc;
	handle_cursor(h);
	while (!*h->stop) {
		if (!RL_FAULT_TRY(&guard)) {
			rl_fault_leave(&guard);
			/* A file someone keeps truncating: give up after a few. */
			if (++h->shrinks > 5) {
				rl_err(h->log, "the shared-memory file keeps shrinking: stopping");
				return RL_HOST_EXIT_RUNTIME;
			}
			rc = region_shrank(h, &mode);
			if (rc != RL_HOST_EXIT_OK)
				return rc;
			continue;
		}
		rc = loop_once(h);
		rl_fault_leave(&guard);
		if (rc != RL_HOST_EXIT_OK)
			return rc;
	}
	rl_info(h->log, "stopping on request");
	rl_producer_set_state(&h->producer, RL_HOST_STATE_STOPPED, 0);
	return RL_HOST_EXIT_OK;
}

/* The first frame: it sizes the region. */
static int first_frame(struct host *h, struct rl_capture_frame *f)
{
	while (!*h->stop) {
		enum rl_capture_result r = h->ops->next_frame(h->cap,
							      rl_time_ns() + TICK_NS, f);
		if (r == RL_CAPTURE_FRAME)
			return RL_HOST_EXIT_OK;
		if (r == RL_CAPTURE_ERROR) {
			rl_err(h->log, "capture %s failed before its first frame",
			       h->ops->name);
			return RL_HOST_EXIT_CAPTURE_FAILED;
		}
	}
	return RL_HOST_EXIT_OK;
}

int rl_host_run(const struct rl_host_settings *settings,
		const struct rl_log *log, volatile sig_atomic_t *stop)
{
	struct host h = {
		.s = settings,
		.log = log,
		.stop = stop,
	};
	struct rl_capture_frame first;
	size_t index;
	int rc;

	h.ops = rl_capture_find(settings->capture, settings->capture_configs, &index, log);
	if (!h.ops)
		return RL_HOST_EXIT_USAGE;
	h.cap = h.ops->create(settings->capture_configs[index], log);
	if (!h.cap)
		return RL_HOST_EXIT_CAPTURE_FAILED;

	rc = first_frame(&h, &first);
	if (rc != RL_HOST_EXIT_OK || *stop)
		goto out_capture;
	if (!open_region(&h, &first)) {
		rc = RL_HOST_EXIT_RUNTIME;
		goto out_capture;
	}
	rc = start_session(&h, &first);
	if (rc != RL_HOST_EXIT_OK)
		goto out_shm;

	h.started_ns = rl_time_ns();
	h.stats.since_ns = h.started_ns;
	rc = run_loop(&h, &first);

out_shm:
	rl_shm_close(h.shm);
out_capture:
	h.ops->destroy(h.cap);
	return rc;
}
