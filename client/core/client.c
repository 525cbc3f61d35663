/* SPDX-License-Identifier: MIT */
#include "client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pacer.h"
#include "relay/fault.h"
#include "relay/format.h"
#include "relay/time.h"

#define KEEPALIVE_NS (50 * RL_NS_PER_MS)
#define REGION_RETRY_NS (100 * RL_NS_PER_MS)

struct rl_client {
	struct rl_client_params params;
	const struct rl_log *log;
	struct rl_shm *shm;               /* NULL until the region is open */
	bool owns_shm;
	bool failed;                      /* the region cannot be opened */
	uint64_t region_retry_ns;         /* next attempt to open the region */
	char status[320];                 /* while there is no region */
	struct rl_consumer consumer;
	uint64_t session;                 /* host session last seen */
	struct rl_frame frame;
	bool have_frame;
	struct rl_cursor *cursor;         /* heap: 256 KiB of shape data */
	struct rl_pacer pacer;
	const struct rl_view_ops *view_ops;
	void *view;
	enum rl_link_state shown;         /* last state told to the view */
	bool shown_valid;
	uint64_t keepalive_ns;
	uint32_t mode[3];                 /* format, width, height last seen */
	int dmabuf_fd;                    /* the whole region, or -1: CPU copies */
	struct rl_client_stats stats;
	struct rl_logbudget link_log;     /* link lines: the guest can flip them at will */
};

#define LINK_LOG_BURST 20u
#define LINK_LOG_WINDOW_NS (10 * RL_NS_PER_S)

/* A link line (state change, host restart) within its budget. */
static void link_log(struct rl_client *c, enum rl_log_level level, const char *text)
{
	uint32_t held;

	if (!rl_logbudget_pass(&c->link_log, rl_time_ns(), LINK_LOG_BURST, LINK_LOG_WINDOW_NS,
			       &held))
		return;
	if (held)
		rl_log_msg(c->log, level, "%s (%u link changes not logged in the last 10 s)", text,
			   held);
	else
		rl_log_msg(c->log, level, "%s", text);
}

static void tell_view(struct rl_client *c, enum rl_link_state st, const char *message)
{
	c->shown = st;
	c->shown_valid = true;
	link_log(c, st == RL_LINK_CONNECTED || st == RL_LINK_NO_HOST || st == RL_LINK_INITIALISING ?
		    RL_LOG_INFO : RL_LOG_WARN, message);
	c->view_ops->link_changed(c->view, st, message);
}

static void attach(struct rl_client *c, struct rl_shm *shm)
{
	struct rl_consumer_params cp = { c->params.host_timeout_ns, 0 };

	if (!rl_random_bytes(&cp.client_id, sizeof(cp.client_id)))
		cp.client_id = rl_time_ns();
	c->shm = shm;
	rl_consumer_init(&c->consumer, shm->base, shm->size, &cp);
	c->shown_valid = false;
	if (!c->params.dmabuf || !c->view_ops->frame_dmabuf || !shm->impl ||
	    !shm->impl->export_dmabuf)
		return;
	int fd = shm->impl->export_dmabuf(shm, 0, shm->size / RL_PAGE_SIZE * RL_PAGE_SIZE);

	if (fd < 0) {
		rl_info(c->log, "no DMA-buf of %s (%s): frames are copied on the CPU",
			shm->desc, strerror(-fd));
		return;
	}
	c->dmabuf_fd = fd;
	rl_consumer_set_copy_pixels(&c->consumer, false);
	rl_info(c->log, "frames go to the GPU through a DMA-buf of %s", shm->desc);
}

struct rl_client *rl_client_create(const struct rl_client_params *params,
				   struct rl_shm *shm, const struct rl_log *log,
				   const struct rl_view_ops *view_ops, void *view)
{
	struct rl_client *c = calloc(1, sizeof(*c));

	if (!c)
		goto err;
	c->cursor = calloc(1, sizeof(*c->cursor));
	if (!c->cursor)
		goto err_free;
	c->params = *params;
	c->log = log;
	c->view_ops = view_ops;
	c->view = view;
	c->dmabuf_fd = -1;
	rl_pacer_init(&c->pacer, params->poll_ns, params->idle_poll_ns);
	snprintf(c->status, sizeof(c->status), "waiting for host");
	if (shm)
		attach(c, shm);
	return c;

err_free:
	free(c);
err:
	rl_err(log, "out of memory creating the client");
	return NULL;
}

void rl_client_destroy(struct rl_client *c)
{
	if (!c)
		return;
	if (c->dmabuf_fd >= 0)
		close(c->dmabuf_fd);
	if (c->owns_shm)
		rl_shm_close(c->shm);
	rl_frame_finish(&c->frame);
	free(c->cursor);
	free(c);
}

/*
 * A host that creates its own file (relay-host on Linux) may start after
 * the client: while such a path does not exist yet, or exists but is
 * still empty, say so and try again. Devices and pci paths must exist.
 */
static void open_region(struct rl_client *c, uint64_t now_ns)
{
	const char *path = c->params.shm_path;
	const struct rl_shm_ops *ops;
	struct rl_shm_params sp = { .path = path, .log = c->log };
	struct stat st;
	struct rl_shm *shm;

	if (now_ns < c->region_retry_ns)
		return;
	c->region_retry_ns = now_ns + REGION_RETRY_NS;
	ops = rl_shm_find(c->params.shm_source, path, c->log);
	if (!ops) {
		c->failed = true;
		return;
	}
	if (ops->may_appear) {
		bool missing = stat(path, &st) != 0;

		/* Other errors: opening it says what is wrong. */
		if ((missing && errno == ENOENT) || (!missing && st.st_size == 0)) {
			char status[sizeof(c->status)];

			snprintf(status, sizeof(status), "waiting for host: %s %s", path,
				 missing ? "does not exist yet" : "is still empty");
			if (!c->shown_valid || strcmp(status, c->status) != 0) {
				memcpy(c->status, status, sizeof(status));
				tell_view(c, RL_LINK_NO_HOST, c->status);
			}
			return;
		}
	}
	shm = rl_shm_open(c->params.shm_source, &sp);
	if (!shm) {
		c->failed = true;
		return;
	}
	c->owns_shm = true;
	attach(c, shm);
}

static void link_update(struct rl_client *c, uint64_t now_ns)
{
	struct rl_consumer *con = &c->consumer;
	enum rl_link_state st = rl_consumer_update_link(con, now_ns);
	uint64_t session = rl_consumer_session(con);

	if (session != c->session) {
		if (c->session) {
			char text[80];

			snprintf(text, sizeof(text), "host restarted (new session %016llx)",
				 (unsigned long long)session);
			link_log(c, RL_LOG_INFO, text);
		}
		c->session = session;
		memset(c->mode, 0, sizeof(c->mode));
		c->cursor->shape_serial = 0;
		c->cursor->pos_serial = 0;
		c->shown_valid = false;
	}
	if (c->shown_valid && st == c->shown)
		return;
	tell_view(c, st, rl_consumer_message(con));
}

/*
 * The DMA-buf path: the view copies GPU-side, then we check the slot was
 * not rewritten meanwhile; a torn copy is redone at once with the next
 * frame (its damage includes what the torn copy touched). If the view
 * cannot import, CPU copies take over for good.
 */
static enum rl_take_result take_via_dmabuf(struct rl_client *c,
					   enum rl_take_result r)
{
	struct rl_frame *f = &c->frame;

	for (int attempt = 0; r == RL_TAKE_FRAME; attempt++) {
		if (!c->view_ops->frame_dmabuf(c->view, f, c->dmabuf_fd, f->data_offset)) {
			rl_info(c->log, "the view cannot import the DMA-buf: frames are copied on the CPU from now on");
			close(c->dmabuf_fd);
			c->dmabuf_fd = -1;
			rl_consumer_set_copy_pixels(&c->consumer, true);
			rl_consumer_resync(&c->consumer);
			return rl_consumer_take_frame(&c->consumer, f, c->log);
		}
		if (rl_consumer_frame_intact(&c->consumer, f)) {
			f->on_gpu = true;
			return RL_TAKE_FRAME;
		}
		rl_consumer_frame_torn(&c->consumer, f);
		if (attempt == 2)
			break;
		r = rl_consumer_take_frame(&c->consumer, f, c->log);
	}
	/*
	 * The view's storage may hold torn pixels and no frame was delivered:
	 * the next poll copies the newest frame whole.
	 */
	rl_consumer_resync(&c->consumer);
	return RL_TAKE_BUSY;
}

static void frame_update(struct rl_client *c, uint64_t now_ns)
{
	struct rl_frame *f = &c->frame;
	enum rl_take_result r;

	f->on_gpu = false;
	r = rl_consumer_take_frame(&c->consumer, f, c->log);
	if (c->dmabuf_fd >= 0)
		r = take_via_dmabuf(c, r);
	if (r == RL_TAKE_NOMEM) {
		rl_err(c->log, "out of memory for a %ux%u frame", f->width, f->height);
		return;
	}
	if (r != RL_TAKE_FRAME)
		return;
	c->have_frame = true;
	rl_pacer_frame(&c->pacer, now_ns);
	if (c->mode[0] != f->format || c->mode[1] != f->width || c->mode[2] != f->height) {
		if (c->mode[1])
			rl_info(c->log, "resolution changed to %ux%u (%s)", f->width,
				f->height, rl_format_name(f->format));
		else
			rl_info(c->log, "receiving %ux%u %s frames", f->width,
				f->height, rl_format_name(f->format));
		c->mode[0] = f->format;
		c->mode[1] = f->width;
		c->mode[2] = f->height;
	}
	c->stats.frames++;
	c->stats.copy_ns_total += rl_time_ns() - now_ns;
	if (f->ts_publish_ns >= f->ts_capture_ns)
		c->stats.host_latency_ns_total += f->ts_publish_ns - f->ts_capture_ns;
	c->view_ops->frame(c->view, f);
}

/*
 * The region's file shrank under the mapping (a SIGBUS was caught, or a new
 * session found it smaller): say so, drop the mapping and open it again
 * once it is whole (the host re-sizes its own file when it restarts).
 */
static void region_shrank(struct rl_client *c)
{
	struct stat st;
	char was[32], now[32];

	rl_shm_format_size(c->shm->size, was, sizeof(was));
	if (c->shm->fd >= 0 && fstat(c->shm->fd, &st) == 0)
		rl_shm_format_size((uint64_t)st.st_size, now, sizeof(now));
	else
		snprintf(now, sizeof(now), "less");
	snprintf(c->status, sizeof(c->status),
		 "the shared-memory file %s shrank from %s to %s under the client: waiting for it to be whole again",
		 c->params.shm_path ? c->params.shm_path : c->shm->desc, was, now);
	rl_err(c->log, "%s", c->status);
	if (c->dmabuf_fd >= 0)
		close(c->dmabuf_fd);
	c->dmabuf_fd = -1;
	c->have_frame = false;
	c->session = 0;
	if (c->owns_shm) {
		rl_shm_close(c->shm);
		c->shm = NULL;
		c->owns_shm = false;
		c->region_retry_ns = rl_time_ns() + REGION_RETRY_NS;
	} else {
		c->failed = true; /* not ours to reopen */
	}
	c->shown = RL_LINK_NO_HOST;
	c->shown_valid = true;
	c->view_ops->link_changed(c->view, RL_LINK_NO_HOST, c->status);
}

/* The file's size now when it differs from the mapping's, else 0 (once per session). */
static uint64_t file_resized(const struct rl_client *c)
{
	struct stat st;

	if (c->shm->fd < 0 || fstat(c->shm->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return (uint64_t)st.st_size != c->shm->size ? (uint64_t)st.st_size : 0;
}

/* A new session in a file that grew: map it again, whole. */
static void region_grew(struct rl_client *c)
{
	rl_info(c->log, "the shared-memory file %s changed size: mapping it again",
		c->params.shm_path ? c->params.shm_path : c->shm->desc);
	if (c->dmabuf_fd >= 0)
		close(c->dmabuf_fd);
	c->dmabuf_fd = -1;
	c->have_frame = false;
	c->session = 0;
	rl_shm_close(c->shm);
	c->shm = NULL;
	c->owns_shm = false;
	c->region_retry_ns = 0;
	c->shown_valid = false;
}

static void poll_region(struct rl_client *c, uint64_t now_ns);

bool rl_client_poll(struct rl_client *c, uint64_t now_ns)
{
	struct rl_fault_guard guard;

	c->stats.polls++;
	if (!c->shm)
		open_region(c, now_ns);
	if (c->failed)
		return false;
	if (!c->shm)
		return true;
	if (!RL_FAULT_TRY(&guard)) {
		rl_fault_leave(&guard);
		region_shrank(c);
		return !c->failed;
	}
	poll_region(c, now_ns);
	rl_fault_leave(&guard);
	return true;
}

/* Everything that touches the mapping: under the fault guard. */
static void poll_region(struct rl_client *c, uint64_t now_ns)
{
	uint32_t changed;
	uint64_t session = c->session;

	link_update(c, now_ns);
	if (c->session != session && c->session) {
		uint64_t size = file_resized(c);

		if (size && size < c->shm->size) {
			region_shrank(c);
			return;
		}
		if (size && c->owns_shm) {
			region_grew(c);
			return;
		}
	}
	if (c->consumer.state != RL_LINK_CONNECTED)
		return;
	if (now_ns - c->keepalive_ns >= KEEPALIVE_NS) {
		rl_consumer_keepalive(&c->consumer);
		c->keepalive_ns = now_ns;
	}
	frame_update(c, now_ns);
	changed = rl_consumer_take_cursor(&c->consumer, c->cursor, c->log);
	if (changed) {
		c->stats.cursor_updates++;
		c->view_ops->cursor(c->view, c->cursor, changed);
	}
}

uint64_t rl_client_next_poll(const struct rl_client *c, uint64_t now_ns)
{
	if (!c->shm)
		return now_ns < c->region_retry_ns ? c->region_retry_ns - now_ns : 0;
	if (c->consumer.state != RL_LINK_CONNECTED)
		return c->pacer.idle_ns;
	return rl_pacer_wait(&c->pacer, now_ns);
}

bool rl_client_warp_cursor(struct rl_client *c, int32_t x, int32_t y)
{
	struct rl_client_msg m = { RL_MSG_CURSOR_WARP, 0, { (uint32_t)x, (uint32_t)y, 0, 0, 0, 0 } };

	return c->shm && rl_consumer_send(&c->consumer, &m);
}

const char *rl_client_status(const struct rl_client *c)
{
	return c->shm ? rl_consumer_message(&c->consumer) : c->status;
}

void rl_client_get_stats(const struct rl_client *c, struct rl_client_stats *out)
{
	*out = c->stats;
	if (c->shm)
		out->ring = c->consumer.stats;
}

const struct rl_frame *rl_client_last_frame(const struct rl_client *c)
{
	return c->have_frame ? &c->frame : NULL;
}

bool rl_client_gpu_path(const struct rl_client *c)
{
	return c->dmabuf_fd >= 0;
}
