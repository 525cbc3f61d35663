/* SPDX-License-Identifier: MIT */
#include "client.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "relay/format.h"
#include "relay/time.h"

#define KEEPALIVE_NS (50 * RL_NS_PER_MS)

struct rl_client *rl_client_create(const struct rl_client_params *params,
				   struct rl_shm *shm, const struct rl_log *log,
				   const struct rl_view_ops *view_ops, void *view)
{
	struct rl_client *c = calloc(1, sizeof(*c));
	struct rl_consumer_params cp = { params->host_timeout_ns, 0 };

	if (!c)
		goto err;
	c->cursor = calloc(1, sizeof(*c->cursor));
	if (!c->cursor)
		goto err_free;
	if (!rl_random_bytes(&cp.client_id, sizeof(cp.client_id)))
		cp.client_id = rl_time_ns();
	c->params = *params;
	c->log = log;
	c->shm = shm;
	c->view_ops = view_ops;
	c->view = view;
	rl_consumer_init(&c->consumer, shm->base, shm->size, &cp);
	rl_pacer_init(&c->pacer, params->poll_ns, params->idle_poll_ns);
	c->dmabuf_fd = -1;
	if (params->dmabuf && view_ops->frame_dmabuf && shm->impl &&
	    shm->impl->export_dmabuf) {
		int fd = shm->impl->export_dmabuf(shm, 0, shm->size / RL_PAGE_SIZE * RL_PAGE_SIZE);

		if (fd >= 0) {
			c->dmabuf_fd = fd;
			c->consumer.copy_pixels = false;
			rl_info(log, "frames go to the GPU through a DMA-buf of %s", shm->desc);
		} else {
			rl_info(log, "no DMA-buf of %s (%s): frames are copied on the CPU",
				shm->desc, strerror(-fd));
		}
	}
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
	rl_frame_finish(&c->frame);
	free(c->cursor);
	free(c);
}

static void link_update(struct rl_client *c, uint64_t now_ns)
{
	struct rl_consumer *con = &c->consumer;
	enum rl_link_state st = rl_consumer_update_link(con, now_ns);

	if (con->session_changed) {
		con->session_changed = false;
		rl_info(c->log, "host restarted (new session %016llx)",
			(unsigned long long)con->session_id);
		memset(c->mode, 0, sizeof(c->mode));
		c->cursor->shape_serial = 0;
		c->cursor->pos_serial = 0;
		c->shown_valid = false;
	}
	if (c->shown_valid && st == c->shown)
		return;
	c->shown = st;
	c->shown_valid = true;
	if (st == RL_LINK_CONNECTED)
		rl_info(c->log, "%s", con->message);
	else if (st == RL_LINK_NO_HOST || st == RL_LINK_INITIALISING)
		rl_info(c->log, "%s", con->message);
	else
		rl_warn(c->log, "%s", con->message);
	c->view_ops->link_changed(c->view, st, con->message);
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
			c->consumer.copy_pixels = true;
			rl_consumer_resync(&c->consumer);
			return rl_consumer_take_frame(&c->consumer, f, c->log);
		}
		if (rl_consumer_frame_intact(&c->consumer, f))
			return RL_TAKE_FRAME;
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
	enum rl_take_result r = rl_consumer_take_frame(&c->consumer, f, c->log);

	if (!c->consumer.copy_pixels)
		r = take_via_dmabuf(c, r);

	if (r == RL_TAKE_NOMEM) {
		rl_err(c->log, "out of memory for a %ux%u frame", f->width, f->height);
		return;
	}
	if (r != RL_TAKE_FRAME)
		return;
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

uint64_t rl_client_poll(struct rl_client *c, uint64_t now_ns)
{
	uint32_t changed;

	c->stats.polls++;
	link_update(c, now_ns);
	if (c->consumer.state != RL_LINK_CONNECTED)
		return c->pacer.idle_ns;
	if (now_ns - c->keepalive_ns >= KEEPALIVE_NS) {
		rl_consumer_keepalive(&c->consumer);
		c->keepalive_ns = now_ns;
	}
	frame_update(c, now_ns);
	changed = rl_consumer_take_cursor(&c->consumer, c->cursor, c->log);
	if (changed) {
		c->stats.cursor_updates++;
		if (c->view_ops->cursor)
			c->view_ops->cursor(c->view, c->cursor, changed);
	}
	return rl_pacer_wait(&c->pacer, rl_time_ns());
}
