/* SPDX-License-Identifier: MIT */
/*
 * The client core's DMA-buf path, as pure logic: a fake shm source that
 * "exports" a DMA-buf (a memfd) and a fake view whose frame_dmabuf()
 * stands in for the GPU copy by reading the region. Checks: frames reach
 * the view through the GPU path with the right pixels; a copy the host
 * rewrote under it is never shown and is repaired; a view that cannot
 * import makes the core fall back to CPU copies for good.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "client.h"
#include "loop.h"
#include "relay/time.h"

#define REGION (4u << 20)
#define W 64
#define H 32

struct fake_view {
	int mode;             /* 0 import ok, 1 cannot import, 2 host rewrites during copy */
	uint8_t *region;
	uint32_t gpu[W * H];  /* the "texture" */
	uint64_t gpu_serial;
	uint64_t shown_serial;
	uint32_t shown[W * H];
	int dmabuf_calls;
	int frame_calls;
	bool frame_had_pixels;
	struct rl_producer *p;
	int polls_left;       /* the loop runs this many polls, then quits */
};

static void v_link(void *view, enum rl_link_state st, const char *msg)
{
	(void)view;
	(void)st;
	(void)msg;
}

static bool v_frame_dmabuf(void *view, const struct rl_frame *f, int fd, uint64_t offset)
{
	struct fake_view *v = view;

	v->dmabuf_calls++;
	CHECK(fd >= 0 && offset == f->data_offset && f->src_pitch == W * 4);
	if (v->mode == 1)
		return false;
	/* The "GPU" copies the damaged rects from the region. */
	rl_damage_copy(&f->damage, (uint8_t *)v->gpu, W * 4, v->region + offset,
		       f->src_pitch, W, H, 4);
	if (v->mode == 2) {
		/* The host rewrites that slot while we copy. */
		struct rl_control *ctrl = (struct rl_control *)(v->region + RL_CONTROL_OFFSET);

		ctrl->slots[f->slot].seq += 2;
		v->mode = 0;
	}
	v->gpu_serial = f->serial;
	return true;
}

static void v_frame(void *view, const struct rl_frame *f)
{
	struct fake_view *v = view;

	v->frame_calls++;
	v->shown_serial = f->serial;
	if (f->on_gpu) {
		CHECK(f->serial == v->gpu_serial);
		memcpy(v->shown, v->gpu, sizeof(v->shown));
		v->frame_had_pixels = false;
	} else {
		memcpy(v->shown, f->pixels, sizeof(v->shown));
		v->frame_had_pixels = true;
	}
}

static void v_cursor(void *view, const struct rl_cursor *cur, uint32_t changed)
{
	(void)view;
	(void)cur;
	(void)changed;
}

static uint32_t v_present(void *view)
{
	(void)view;
	return 0;
}

/* Between polls: the host's heartbeat moves; quit after polls_left polls. */
static bool v_wait(void *view, uint64_t timeout_ns, struct pollfd *fds, unsigned int nfds)
{
	struct fake_view *v = view;

	(void)timeout_ns;
	(void)fds;
	(void)nfds;
	rl_producer_heartbeat(v->p, rl_time_ns());
	return --v->polls_left > 0;
}

static const struct rl_view_ops fake_view_ops = {
	.name = "fake",
	.link_changed = v_link,
	.frame = v_frame,
	.frame_dmabuf = v_frame_dmabuf,
	.cursor = v_cursor,
	.present = v_present,
	.wait = v_wait,
};

static int fake_export(struct rl_shm *shm, uint64_t offset, uint64_t size)
{
	(void)shm;
	CHECK(offset == 0 && size % RL_PAGE_SIZE == 0);
	return memfd_create("fake-dmabuf", MFD_CLOEXEC);
}

static const struct rl_shm_ops fake_shm_ops = {
	.name = "fake",
	.export_dmabuf = fake_export,
};

static uint32_t src[W * H];

static void publish(struct rl_producer *p, uint32_t v, bool full)
{
	struct rl_frame_desc d = { RL_FMT_BGRA8, W, H, 0, 0, 0 };
	struct rl_damage dmg;
	struct rl_rect r = { v % (W - 4), v % (H - 4), 4, 4 };

	rl_damage_clear(&dmg);
	if (full) {
		for (uint32_t i = 0; i < W * H; i++)
			src[i] = v + i;
		rl_damage_set_full(&dmg);
	} else {
		for (uint32_t y = r.y; y < r.y + r.h; y++)
			for (uint32_t x = r.x; x < r.x + r.w; x++)
				src[y * W + x] = v;
		rl_damage_add(&dmg, r, W, H);
	}
	CHECK(rl_producer_publish(p, &d, (uint8_t *)src, W * 4, &dmg).status == RL_PUBLISH_DONE);
}

/* n polls of the client through the real loop. */
static void polls(struct rl_client *c, struct fake_view *v, int n)
{
	struct rl_loop_params lp = { 0 };
	struct rl_log log;
	struct rl_loop *l;

	rl_log_init(&log, "test_client_dmabuf");
	log.level = RL_LOG_WARN;
	l = rl_loop_create(c, &fake_view_ops, v, &lp, &log);
	CHECK(l != NULL);
	rl_producer_heartbeat(v->p, rl_time_ns());
	v->polls_left = n;
	CHECK(rl_loop_run(l) == RL_LOOP_QUIT);
	rl_loop_destroy(l);
}

int main(void)
{
	uint8_t *region = calloc(1, REGION);
	struct rl_shm shm = { &fake_shm_ops, region, REGION, -1, "fake region" };
	struct rl_producer p;
	struct rl_producer_params pp = { 3, 0x77, "test" };
	struct rl_client_params cp = {
		.host_timeout_ns = RL_NS_PER_S, .poll_ns = 20000, .idle_poll_ns = 100000,
		.dmabuf = true,
	};
	struct rl_client_stats st;
	struct fake_view v = { .region = region, .p = &p };
	struct rl_log log;

	rl_log_init(&log, "test_client_dmabuf");
	log.level = RL_LOG_WARN;
	CHECK(rl_producer_init(&p, region, REGION, &pp, &log, rl_time_ns()));
	struct rl_client *c = rl_client_create(&cp, &shm, &log, &fake_view_ops, &v);

	CHECK(c && rl_client_gpu_path(c));
	polls(c, &v, 3);

	/* GPU path: full, then a damage-only frame. */
	publish(&p, 100, true);
	polls(c, &v, 1);
	CHECK(v.shown_serial == 1 && !v.frame_had_pixels);
	CHECK(memcmp(v.shown, src, sizeof(src)) == 0);
	publish(&p, 7, false);
	polls(c, &v, 1);
	CHECK(v.shown_serial == 2 && !v.frame_had_pixels);
	CHECK(memcmp(v.shown, src, sizeof(src)) == 0);
	CHECK(rl_client_last_frame(c)->pixels == NULL); /* no CPU copy at all */

	/* The host rewrites the slot during the GPU copy: that frame is not shown. */
	v.mode = 2;
	publish(&p, 9, false);
	int shown_before = v.frame_calls;

	polls(c, &v, 1);
	CHECK(v.frame_calls == shown_before); /* torn: not delivered */
	polls(c, &v, 1);                      /* resynced: copied whole, shown */
	CHECK(v.frame_calls == shown_before + 1 && v.shown_serial == 3);
	CHECK(memcmp(v.shown, src, sizeof(src)) == 0);
	rl_client_get_stats(c, &st);
	CHECK(st.ring.torn >= 1);

	/* A view that cannot import: CPU copies from now on, nothing lost. */
	v.mode = 1;
	publish(&p, 11, false);
	polls(c, &v, 1);
	CHECK(!rl_client_gpu_path(c));
	CHECK(v.shown_serial == 4 && v.frame_had_pixels);
	CHECK(memcmp(v.shown, src, sizeof(src)) == 0);
	int calls = v.dmabuf_calls;

	publish(&p, 13, false);
	polls(c, &v, 1);
	CHECK(v.dmabuf_calls == calls && v.shown_serial == 5);
	CHECK(memcmp(v.shown, src, sizeof(src)) == 0);

	/* No DMA-buf when the params say no. */
	struct rl_client_params off = cp;

	off.dmabuf = false;
	struct rl_client *c2 = rl_client_create(&off, &shm, &log, &fake_view_ops, &v);

	CHECK(c2 && !rl_client_gpu_path(c2));
	rl_client_destroy(c2);
	rl_client_destroy(c);
	free(region);
	return check_summary();
}
