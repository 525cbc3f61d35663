/* SPDX-License-Identifier: MIT */
/*
 * Ring semantics in one thread: publish/take, newest frame, damage across
 * skipped frames, torn copies, cursor coalescing and shapes, client
 * messages, session change, stale heartbeat, version mismatch, region too
 * small, and hostile metadata. The region is plain heap memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "relay/ring.h"
#include "relay/time.h"

#define REGION (8u << 20)
#define W 64
#define H 48
#define MS RL_NS_PER_MS

struct rig {
	uint8_t *mem;
	struct rl_log log;
	struct rl_producer p;
	struct rl_consumer c;
	struct rl_frame f;
	uint32_t src[W * H];
	uint64_t now;
};

static void rig_start(struct rig *r, uint64_t session)
{
	struct rl_producer_params pp = { 3, session, "test-build" };

	CHECK(rl_producer_init(&r->p, r->mem, REGION, &pp, &r->log, r->now));
}

static void rig_init(struct rig *r)
{
	struct rl_consumer_params cp = { 500 * MS, 77 };

	memset(r, 0, sizeof(*r));
	r->mem = calloc(1, REGION);
	rl_log_init(&r->log, "test_ring");
	r->log.level = RL_LOG_ERROR;
	r->now = 1000 * MS;
	rl_consumer_init(&r->c, r->mem, REGION, &cp);
	rig_start(r, 0x1111);
}

static void rig_free(struct rig *r)
{
	rl_frame_finish(&r->f);
	free(r->mem);
}

/* Advance time, heartbeat, and let the consumer look. */
static enum rl_link_state tick(struct rig *r, uint64_t ms)
{
	r->now += ms * MS;
	rl_producer_heartbeat(&r->p, r->now);
	return rl_consumer_update_link(&r->c, r->now);
}

static void fill_rect(struct rig *r, struct rl_rect rc, uint32_t v)
{
	for (uint32_t y = rc.y; y < rc.y + rc.h; y++)
		for (uint32_t x = rc.x; x < rc.x + rc.w; x++)
			r->src[y * W + x] = v;
}

static struct rl_publish_result publish_result(struct rig *r, const struct rl_rect *rc,
					       uint32_t v)
{
	struct rl_frame_desc d = { RL_FMT_BGRA8, W, H, 0, 0, r->now };
	struct rl_damage dmg;

	rl_damage_clear(&dmg);
	if (rc) {
		fill_rect(r, *rc, v);
		rl_damage_add(&dmg, *rc, W, H);
	} else {
		for (uint32_t i = 0; i < W * H; i++)
			r->src[i] = v + i;
		rl_damage_set_full(&dmg);
	}
	return rl_producer_publish(&r->p, &d, (const uint8_t *)r->src, W * 4, &dmg);
}

/* Published as the latest frame? */
static bool publish(struct rig *r, const struct rl_rect *rc, uint32_t v)
{
	return publish_result(r, rc, v).status == RL_PUBLISH_DONE;
}

static bool frame_matches(struct rig *r)
{
	return r->f.width == W && r->f.height == H && r->f.pitch == W * 4 &&
	       memcmp(r->f.pixels, r->src, sizeof(r->src)) == 0;
}

static struct rl_control *ctrl(struct rig *r)
{
	return (struct rl_control *)(r->mem + RL_CONTROL_OFFSET);
}

static void test_link_states(void)
{
	struct rig r;
	struct rl_consumer_params cp = { 500 * MS, 5 };
	struct rl_consumer fresh;
	uint8_t *empty = calloc(1, REGION);

	/* Nothing there: waiting for host. */
	rl_consumer_init(&fresh, empty, REGION, &cp);
	CHECK(rl_consumer_update_link(&fresh, 1) == RL_LINK_NO_HOST);
	CHECK(strstr(rl_consumer_message(&fresh), "waiting for host") != NULL);
	free(empty);

	rig_init(&r);
	/* First look: heartbeat not yet seen moving. */
	CHECK(rl_consumer_update_link(&r.c, r.now) == RL_LINK_INITIALISING);
	CHECK(tick(&r, 10) == RL_LINK_CONNECTED);
	CHECK(strstr(rl_consumer_message(&r.c), "test-build") != NULL);

	/* Stale heartbeat: host gone. */
	r.now += 600 * MS;
	CHECK(rl_consumer_update_link(&r.c, r.now) == RL_LINK_HOST_STOPPED);
	CHECK(strstr(rl_consumer_message(&r.c), "host stopped") != NULL);
	CHECK(tick(&r, 10) == RL_LINK_CONNECTED);

	/* Clean stop. */
	rl_producer_set_state(&r.p, RL_HOST_STATE_STOPPED, 0);
	CHECK(tick(&r, 10) == RL_LINK_HOST_STOPPED);
	CHECK(strstr(rl_consumer_message(&r.c), "exited") != NULL);

	/* Host restart: new session. */
	CHECK(rl_consumer_session(&r.c) == 0x1111);
	rig_start(&r, 0x2222);
	CHECK(tick(&r, 10) == RL_LINK_INITIALISING || r.c.state == RL_LINK_CONNECTED);
	CHECK(rl_consumer_session(&r.c) == 0x2222); /* a new session adopted */
	CHECK(tick(&r, 10) == RL_LINK_CONNECTED);

	/* A host mid-restart (session 0, version zeroed) is starting, not 0.0. */
	struct rl_hello *hh = (struct rl_hello *)r.mem;

	hh->session_id = 0;
	hh->version_major = 0;
	hh->version_minor = 0;
	CHECK(tick(&r, 10) == RL_LINK_INITIALISING);
	CHECK(strstr(rl_consumer_message(&r.c), "starting") != NULL);
	rig_start(&r, 0x2223);
	tick(&r, 10);
	CHECK(tick(&r, 10) == RL_LINK_CONNECTED);

	/* Capture failure stays reported after the host is gone. */
	rl_producer_set_state(&r.p, RL_HOST_STATE_CAPTURE_FAILED, 4);
	r.now += 5000 * MS;
	CHECK(rl_consumer_update_link(&r.c, r.now) == RL_LINK_CAPTURE_FAILED);
	CHECK(strstr(rl_consumer_message(&r.c), "code 4") != NULL);
	rig_start(&r, 0x2224);
	tick(&r, 10);
	CHECK(tick(&r, 10) == RL_LINK_CONNECTED);

	/* Version mismatch names both versions. */
	((struct rl_hello *)r.mem)->version_major = 2;
	((struct rl_hello *)r.mem)->version_minor = 3;
	CHECK(tick(&r, 10) == RL_LINK_VERSION_MISMATCH);
	CHECK(strstr(rl_consumer_message(&r.c), "2.3") != NULL && strstr(rl_consumer_message(&r.c), "1.0") != NULL);
	rig_free(&r);
}

static void test_too_small(void)
{
	struct rig r;
	struct rl_producer_params pp = { 3, 0x3333, "small" };
	struct rl_consumer_params cp = { 500 * MS, 5 };
	uint64_t need = rl_producer_region_size(3, W, H, 4);

	rig_init(&r);
	/* Region fits the control area but not a 64x48 frame. */
	uint64_t size = need - 4096;

	CHECK(rl_producer_init(&r.p, r.mem, size, &pp, &r.log, r.now));
	rl_consumer_init(&r.c, r.mem, size, &cp);
	tick(&r, 1);
	struct rl_publish_result pr = publish_result(&r, NULL, 1);

	CHECK(pr.status == RL_PUBLISH_TOO_SMALL && pr.needed == need);
	/* A format the protocol does not know is refused, not published. */
	struct rl_frame_desc bad = { 99, W, H, 0, 0, r.now };

	CHECK(rl_producer_publish(&r.p, &bad, (const uint8_t *)r.src, W * 4, NULL).status ==
	      RL_PUBLISH_INVALID);
	CHECK(tick(&r, 10) == RL_LINK_REGION_TOO_SMALL);
	CHECK(strstr(rl_consumer_message(&r.c), "region too small") != NULL);
	CHECK(((struct rl_hello *)r.mem)->host_state_arg == need);

	/* Not even the control area: init refuses, hello says why. */
	CHECK(!rl_producer_init(&r.p, r.mem, 8192, &pp, &r.log, r.now));
	rl_consumer_init(&r.c, r.mem, 8192, &cp);
	r.now += MS;
	((struct rl_hello *)r.mem)->heartbeat_ns = r.now;
	CHECK(rl_consumer_update_link(&r.c, r.now) == RL_LINK_REGION_TOO_SMALL);
	CHECK(strstr(rl_consumer_message(&r.c), "region too small") != NULL);
	/* The host has exited (no heartbeat): the reason stays on screen. */
	r.now += 5000 * MS;
	CHECK(rl_consumer_update_link(&r.c, r.now) == RL_LINK_REGION_TOO_SMALL);
	rig_free(&r);
}

static void test_frames_and_damage(void)
{
	struct rig r;

	rig_init(&r);
	tick(&r, 1);
	tick(&r, 1);
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_NONE);

	CHECK(publish(&r, NULL, 100));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(r.f.serial == 1 && r.f.damage.full && frame_matches(&r));
	CHECK(r.f.flags & RL_FRAME_F_NEW_MODE);
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_NONE);

	/* One small rect: only it is copied. */
	struct rl_rect a = { 5, 6, 7, 8 };

	CHECK(publish(&r, &a, 0xabcdef));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(r.f.serial == 2 && !r.f.damage.full && r.f.damage.count == 1);
	CHECK(memcmp(&r.f.damage.rects[0], &a, sizeof(a)) == 0);
	CHECK(frame_matches(&r));
	CHECK(r.c.stats.full_copies == 1);

	/* Nothing changed: nothing published. */
	struct rl_frame_desc dd = { RL_FMT_BGRA8, W, H, 0, 0, 0 };
	struct rl_damage none;

	rl_damage_clear(&none);
	CHECK(rl_producer_publish(&r.p, &dd, (const uint8_t *)r.src, W * 4, &none).status ==
	      RL_PUBLISH_UNCHANGED);
	CHECK(r.p.serial == 2);
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_NONE);

	/* Skipped frames: their damage is unioned, not lost. */
	struct rl_rect b = { 40, 1, 3, 3 }, c = { 10, 40, 20, 2 }, d = { 60, 45, 4, 3 };

	CHECK(publish(&r, &b, 1));
	CHECK(publish(&r, &c, 2));
	CHECK(publish(&r, &d, 3));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(r.f.serial == 5 && r.f.skipped == 2 && !r.f.damage.full);
	CHECK_EQ_U64(rl_damage_area(&r.f.damage, W, H), 9 + 40 + 12);
	CHECK(frame_matches(&r));
	CHECK(r.c.stats.full_copies == 1);

	/* More skipped than the damage log holds: full copy, still right. */
	for (uint32_t i = 0; i < RL_DAMAGE_LOG_LEN + 3; i++) {
		struct rl_rect e = { i % W, i % H, 1, 1 };

		CHECK(publish(&r, &e, 1000 + i));
	}
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(r.f.damage.full && frame_matches(&r));

	/* A log entry overwritten under us (serial mismatch): full copy. */
	CHECK(publish(&r, &a, 7));
	CHECK(publish(&r, &b, 8));
	ctrl(&r)->damage_log[(r.p.serial - 1) % RL_DAMAGE_LOG_LEN].serial = 999999;
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(r.f.damage.full && frame_matches(&r));

	/* A slot being written (odd seq) is not read. */
	CHECK(publish(&r, &a, 9));
	uint32_t slot = (uint32_t)(ctrl(&r)->frame.latest & 0xff);

	ctrl(&r)->slots[slot].seq |= 1;
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_BUSY);
	ctrl(&r)->slots[slot].seq &= ~1ull;
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(frame_matches(&r));

	/* The producer avoids the slot the client says it is reading. */
	uint32_t latest = (uint32_t)(ctrl(&r)->frame.latest & 0xff);

	for (uint32_t reading = 0; reading < 3; reading++) {
		if (reading == latest)
			continue;
		ctrl(&r)->client.reading_slot = reading;
		CHECK(publish(&r, &a, 10 + reading));
		uint32_t got = (uint32_t)(ctrl(&r)->frame.latest & 0xff);

		CHECK(got != reading && got != latest);
		latest = got;
	}
	ctrl(&r)->client.reading_slot = RL_SLOT_NONE;
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(frame_matches(&r));

	/* Session change: the next frame is copied whole. */
	CHECK(rl_consumer_session(&r.c) != 0x4444);
	rig_start(&r, 0x4444);
	tick(&r, 1);
	tick(&r, 1);
	CHECK(rl_consumer_session(&r.c) == 0x4444); /* a new session adopted */
	CHECK(publish(&r, &a, 11));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(r.f.serial == 1 && r.f.damage.full && frame_matches(&r));
	rig_free(&r);
}

/* copy_pixels off: the caller copies; frame_intact tells it whether it raced. */
static void test_caller_copies(void)
{
	struct rig r;
	struct rl_rect a = { 3, 4, 5, 6 }, b = { 20, 20, 2, 2 };

	rig_init(&r);
	rl_consumer_set_copy_pixels(&r.c, false);
	tick(&r, 1);
	tick(&r, 1);
	CHECK(publish(&r, NULL, 7));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(r.f.pixels == NULL && r.f.damage.full);
	CHECK(r.f.data_offset % RL_PAGE_SIZE == 0 && r.f.src_pitch == W * 4);
	/* The pixels are where it says. */
	CHECK(memcmp(r.mem + r.f.data_offset, r.src, sizeof(r.src)) == 0);
	CHECK(rl_consumer_frame_intact(&r.c, &r.f));

	CHECK(publish(&r, &a, 8));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(!r.f.damage.full && r.f.damage.count == 1);
	/* The host rewrites that slot before the caller's copy is checked. */
	struct rl_frame_meta *m = &ctrl(&r)->slots[r.f.slot];

	m->seq += 2;
	CHECK(!rl_consumer_frame_intact(&r.c, &r.f));
	rl_consumer_frame_torn(&r.c, &r.f);
	m->seq -= 2;
	/* The next frame's damage includes what the torn copy may have spoilt. */
	CHECK(publish(&r, &b, 9));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(rl_damage_covers(&r.f.damage, a.x, a.y) && rl_damage_covers(&r.f.damage, b.x, b.y));
	CHECK(r.c.stats.torn == 1);
	rig_free(&r);
}

static void test_resolution_change(void)
{
	struct rig r;
	static uint32_t big[128 * 96];
	struct rl_frame_desc d = { RL_FMT_RGBA8, 128, 96, 0, 0, 0 };

	rig_init(&r);
	tick(&r, 1);
	tick(&r, 1);
	CHECK(publish(&r, NULL, 5));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	for (uint32_t i = 0; i < 128 * 96; i++)
		big[i] = i * 3;
	/* Damage claims one rect, but a new mode is always sent whole. */
	struct rl_damage dmg;

	rl_damage_clear(&dmg);
	rl_damage_add(&dmg, (struct rl_rect){ 0, 0, 1, 1 }, 128, 96);
	CHECK(rl_producer_publish(&r.p, &d, (uint8_t *)big, 128 * 4, &dmg).status ==
	      RL_PUBLISH_DONE);
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(r.f.width == 128 && r.f.height == 96 && r.f.format == RL_FMT_RGBA8);
	CHECK(r.f.damage.full && (r.f.flags & RL_FRAME_F_NEW_MODE));
	CHECK(memcmp(r.f.pixels, big, sizeof(big)) == 0);
	rig_free(&r);
}

static void test_cursor(void)
{
	struct rig r;
	static struct rl_cursor cur;
	uint8_t shape_a[16 * 16 * 4], shape_b[32 * 8 * 4];
	struct rl_cursor_image a = { RL_CURSOR_COLOR, 16, 16, 64, 2, 3, shape_a };
	struct rl_cursor_image b = { RL_CURSOR_MASKED_COLOR, 32, 8, 128, 0, 0, shape_b };
	uint8_t mono[4 * 2 * 10];
	struct rl_cursor_image m = { RL_CURSOR_MONOCHROME, 32, 10, 4, 1, 1, mono };

	memset(shape_a, 0xa1, sizeof(shape_a));
	memset(shape_b, 0xb2, sizeof(shape_b));
	memset(mono, 0x5a, sizeof(mono));
	memset(&cur, 0, sizeof(cur));
	rig_init(&r);
	tick(&r, 1);
	tick(&r, 1);
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) == 0);

	/* Positions coalesce: only the last is seen. */
	rl_producer_cursor_move(&r.p, 1, 1, true);
	rl_producer_cursor_move(&r.p, 2, 2, true);
	rl_producer_cursor_move(&r.p, 30, 40, true);
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) == RL_CURSOR_CHANGED_POS);
	CHECK(cur.x == 30 && cur.y == 40 && cur.visible);
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) == 0);

	/* A shape followed by moves is still delivered. */
	CHECK(rl_producer_cursor_shape(&r.p, &a));
	rl_producer_cursor_move(&r.p, 31, 41, false);
	rl_producer_cursor_move(&r.p, 32, 42, true);
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) ==
	      (RL_CURSOR_CHANGED_POS | RL_CURSOR_CHANGED_SHAPE));
	CHECK(cur.type == RL_CURSOR_COLOR && cur.width == 16 && cur.hot_x == 2 &&
	      cur.hot_y == 3 && cur.data[0] == 0xa1 && cur.data[16 * 16 * 4 - 1] == 0xa1);
	CHECK(cur.x == 32 && cur.visible);

	/* Two shapes before the client looks: the newest wins, intact. */
	CHECK(rl_producer_cursor_shape(&r.p, &a));
	CHECK(rl_producer_cursor_shape(&r.p, &b));
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) == RL_CURSOR_CHANGED_SHAPE);
	CHECK(cur.type == RL_CURSOR_MASKED_COLOR && cur.width == 32 && cur.data[5] == 0xb2);

	CHECK(rl_producer_cursor_shape(&r.p, &m));
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) == RL_CURSOR_CHANGED_SHAPE);
	CHECK(cur.type == RL_CURSOR_MONOCHROME && cur.height == 10 && cur.pitch == 4 &&
	      cur.data[79] == 0x5a);

	/* Invalid shapes are refused by the producer. */
	struct rl_cursor_image bad = a;

	bad.width = 300;
	CHECK(!rl_producer_cursor_shape(&r.p, &bad));
	bad = a;
	bad.type = 9;
	CHECK(!rl_producer_cursor_shape(&r.p, &bad));
	bad = a;
	bad.pitch = 8;
	CHECK(!rl_producer_cursor_shape(&r.p, &bad));

	/* ...and by the consumer when a hostile host writes them. */
	CHECK(rl_producer_cursor_shape(&r.p, &a));
	struct rl_cursor_shape *sh = (struct rl_cursor_shape *)(r.mem +
		r.c.hello.cursor_shape_offset + r.p.shape_slot * r.c.hello.cursor_shape_stride);

	sh->height = 100000;
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) == 0);
	CHECK(cur.type == RL_CURSOR_MONOCHROME); /* kept the previous shape */
	uint64_t rejected = r.p.shape_serial;
	ctrl(&r)->cursor.shape_slot = 7;
	ctrl(&r)->cursor.shape_serial = 99;
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) == 0);

	/* A new session numbers shapes from 1 again: a serial rejected in
	 * the old session must not block the new session's shape. */
	rig_start(&r, 0x5555);
	tick(&r, 1);
	tick(&r, 1);
	memset(&cur, 0, sizeof(cur));
	for (uint64_t k = 0; k < rejected; k++)
		CHECK(rl_producer_cursor_shape(&r.p, &a));
	CHECK(r.p.shape_serial == rejected);
	CHECK(rl_consumer_take_cursor(&r.c, &cur, &r.log) & RL_CURSOR_CHANGED_SHAPE);
	CHECK(cur.shape_serial == rejected && cur.type == RL_CURSOR_COLOR);
	rig_free(&r);
}

static void test_messages(void)
{
	struct rig r;
	struct rl_client_msg m = { RL_MSG_CURSOR_WARP, 0, { 10, 20 } }, out;

	rig_init(&r);
	CHECK(!rl_consumer_send(&r.c, &m)); /* not connected yet */
	tick(&r, 1);
	tick(&r, 1);
	CHECK(rl_consumer_send(&r.c, &m));
	m.type = 77; /* unknown: skipped by the host */
	CHECK(rl_consumer_send(&r.c, &m));
	m = (struct rl_client_msg){ RL_MSG_RESOLUTION, 0, { 1920, 1080, 60000 } };
	CHECK(rl_consumer_send(&r.c, &m));
	m = (struct rl_client_msg){ RL_MSG_RESOLUTION, 0, { 0, 1080, 60000 } };
	CHECK(rl_consumer_send(&r.c, &m)); /* invalid size: skipped */
	CHECK(rl_producer_next_msg(&r.p, &out) && out.type == RL_MSG_CURSOR_WARP &&
	      out.arg[0] == 10 && out.arg[1] == 20);
	CHECK(rl_producer_next_msg(&r.p, &out) && out.type == RL_MSG_RESOLUTION &&
	      out.arg[0] == 1920);
	CHECK(!rl_producer_next_msg(&r.p, &out));

	/* Queue full after RL_MSG_QUEUE_LEN unconsumed records. */
	m = (struct rl_client_msg){ RL_MSG_CURSOR_WARP, 0, { 1, 1 } };
	int sent = 0;

	while (rl_consumer_send(&r.c, &m) && sent < 1000)
		sent++;
	CHECK(sent == RL_MSG_QUEUE_LEN);
	int got = 0;

	while (rl_producer_next_msg(&r.p, &out))
		got++;
	CHECK(got == RL_MSG_QUEUE_LEN);

	/* A hostile client head far ahead: the host resynchronises. */
	ctrl(&r)->client.msg_head += 1000000;
	CHECK(!rl_producer_next_msg(&r.p, &out));
	CHECK(!rl_producer_next_msg(&r.p, &out));

	/* Watching: keepalives move the client heartbeat. */
	CHECK(!rl_producer_client_watching(&r.p, r.now, 1000 * MS));
	rl_consumer_keepalive(&r.c);
	CHECK(rl_producer_client_watching(&r.p, r.now, 1000 * MS));
	CHECK(rl_producer_client_watching(&r.p, r.now + 900 * MS, 1000 * MS));
	CHECK(!rl_producer_client_watching(&r.p, r.now + 1100 * MS, 1000 * MS));
	rl_consumer_keepalive(&r.c);
	CHECK(rl_producer_client_watching(&r.p, r.now + 1200 * MS, 1000 * MS));
	rig_free(&r);
}

/* Hostile host: metadata that points outside, overflows, lies. */
static void test_hostile_meta(void)
{
	struct rig r;

	rig_init(&r);
	tick(&r, 1);
	tick(&r, 1);
	CHECK(publish(&r, NULL, 1));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);

	for (int k = 0; k < 10; k++) {
		struct rl_rect a = { 1, 1, 1, 1 };

		CHECK(publish(&r, &a, 50 + (uint32_t)k));
		uint32_t slot = (uint32_t)(ctrl(&r)->frame.latest & 0xff);
		struct rl_frame_meta *m = &ctrl(&r)->slots[slot];

		switch (k) {
		case 0: m->data_offset = REGION; break;                 /* past the end */
		case 1: m->data_offset = REGION - 4096; break;          /* runs off the end */
		case 2: m->pitch = 0xffffffffu; m->height = RL_MAX_DIM; break; /* pitch x height overflow */
		case 3: m->damage_count = 0xffffffffu; break;           /* huge rect count */
		case 4: m->format = 0xffffffffu; break;                 /* unknown format */
		case 5: m->damage[0].x = 0xfffffff0u; m->damage[0].w = 0x20; break; /* rect wraps */
		case 6: m->width = 0; break;
		case 7: m->data_offset += 1; break;                     /* unaligned */
		case 8: m->pitch = 4; break;                            /* pitch < row */
		case 9: ctrl(&r)->frame.latest = (ctrl(&r)->frame.latest & ~0xffull) | 200; break; /* bad slot */
		}
		CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_REJECTED);
		/* Rejected once, then quiet until a newer frame. */
		CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_NONE);
	}
	CHECK(r.c.stats.rejected == 10);
	/* A valid frame afterwards is taken, whole (the rejected ones left gaps). */
	CHECK(publish(&r, NULL, 9));
	CHECK(rl_consumer_take_frame(&r.c, &r.f, &r.log) == RL_TAKE_FRAME);
	CHECK(frame_matches(&r));

	/* Hostile hello: layout outside the mapping. */
	struct rl_hello *h = (struct rl_hello *)r.mem;
	uint64_t saved = h->control_offset;

	h->control_offset = REGION - 64;
	CHECK(tick(&r, 1) == RL_LINK_BAD_LAYOUT);
	h->control_offset = saved;
	h->region_size = REGION * 2ull;
	CHECK(tick(&r, 1) == RL_LINK_BAD_LAYOUT);
	CHECK(strstr(rl_consumer_message(&r.c), "mapped") != NULL);
	h->region_size = REGION;
	h->slot_count = 200;
	CHECK(tick(&r, 1) == RL_LINK_BAD_LAYOUT);
	h->slot_count = 3;
	h->cursor_shape_offset = UINT64_MAX - 100;
	CHECK(tick(&r, 1) == RL_LINK_BAD_LAYOUT);
	rig_free(&r);
}

static void count_warnings(void *userdata, enum rl_log_level level, const char *line)
{
	unsigned int *n = userdata;

	(void)line;
	if (level == RL_LOG_WARN)
		(*n)++;
}

/* A guest bumping serials on bad frames cannot flood the client's log. */
static void test_rejection_flood(void)
{
	struct rig r;
	unsigned int warnings = 0;

	rig_init(&r);
	r.log.level = RL_LOG_WARN;
	r.log.out = NULL;
	r.log.sink = count_warnings;
	r.log.sink_data = &warnings;
	tick(&r, 1);
	tick(&r, 1);
	for (int k = 0; k < 1000; k++) {
		CHECK(publish(&r, NULL, (uint32_t)k));
		uint32_t slot = (uint32_t)(ctrl(&r)->frame.latest & 0xff);

		ctrl(&r)->slots[slot].format = 0xffffffffu;
		if (rl_consumer_take_frame(&r.c, &r.f, &r.log) != RL_TAKE_REJECTED)
			CHECK(false);
	}
	CHECK(r.c.stats.rejected == 1000);
	CHECK(warnings >= 1 && warnings <= 10); /* the budget: 10 per 10 s */
	rig_free(&r);
}

int main(void)
{
	test_rejection_flood();
	test_link_states();
	test_too_small();
	test_frames_and_damage();
	test_resolution_change();
	test_caller_copies();
	test_cursor();
	test_messages();
	test_hostile_meta();
	return check_summary();
}
