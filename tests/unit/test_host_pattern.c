/* SPDX-License-Identifier: MIT */
/*
 * The test source's pattern and damage (host/capture/test_pattern.h), the
 * test capture backend built on it, and relay-host's region sizing.
 */
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "check.h"
#include "region.h"
#include "relay/protocol.h"
#include "relay/ring.h"
#include "relay/shm.h"
#include "test.h"
#include "test_pattern.h"

/*
 * Every pixel that differs between frames k-1 and k lies inside
 * damage(k); returns the damaged share of the frame in percent.
 */
static double check_damage_step(uint64_t k, uint32_t w, uint32_t h,
				uint8_t *prev, uint8_t *cur, bool prev_ready)
{
	struct rl_damage d;
	uint64_t outside = 0, changed = 0;

	if (!prev_ready)
		rl_test_pattern_fill(k - 1, w, h, RL_FMT_BGRA8, prev, w * 4);
	rl_test_pattern_fill(k, w, h, RL_FMT_BGRA8, cur, w * 4);
	rl_test_pattern_damage(k, w, h, &d);
	CHECK(!d.full);
	for (uint32_t i = 0; i < d.count; i++)
		CHECK(rl_rect_inside(d.rects[i], w, h));
	for (uint32_t y = 0; y < h; y++) {
		for (uint32_t x = 0; x < w; x++) {
			size_t o = ((size_t)y * w + x) * 4;
			if (memcmp(prev + o, cur + o, 4) == 0)
				continue;
			changed++;
			if (!rl_damage_covers(&d, x, y))
				outside++;
		}
	}
	if (outside)
		fprintf(stderr, "frame %llu at %ux%u: %llu changed pixels outside the damage\n",
			(unsigned long long)k, w, h, (unsigned long long)outside);
	CHECK_EQ_U64(outside, 0);
	CHECK(changed > 0); /* the counter always moves */
	return 100.0 * (double)rl_damage_area(&d, w, h) / ((double)w * h);
}

static void test_damage_covers_changes(void)
{
	static const uint32_t sizes[][2] = {
		{ 1920, 1080 }, { 640, 480 }, { 100, 37 }, { 16, 16 }, { 33, 300 },
	};
	/* Around counter carries and the box's bounces. */
	static const uint64_t specials[] = {
		255, 256, 65535, 65536, 1ull << 31, 1ull << 32, (1ull << 32) + 1,
	};

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint32_t w = sizes[s][0], h = sizes[s][1];
		uint8_t *prev = malloc((size_t)w * h * 4);
		uint8_t *cur = malloc((size_t)w * h * 4);
		uint64_t frames = w * h > 1000000 ? 30 : 400;
		double worst = 0;

		CHECK(prev && cur);
		for (uint64_t k = 1; k <= frames; k++) {
			double pct = check_damage_step(k, w, h, prev, cur, k > 1);
			uint8_t *t = prev;
			prev = cur;
			cur = t;
			worst = pct > worst ? pct : worst;
		}
		for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
			double pct = check_damage_step(specials[i], w, h, prev, cur, false);
			worst = pct > worst ? pct : worst;
		}
		/* Much smaller than the frame wherever the frame is not tiny. */
		if (w >= 640)
			CHECK(worst < 5.0);
		printf("%ux%u: worst damage %.2f%% of the frame\n", w, h, worst);
		free(prev);
		free(cur);
	}
}

static void test_first_frame_full_and_formats(void)
{
	struct rl_damage d;
	uint8_t bgra[4], rgba[4];

	rl_test_pattern_damage(0, 640, 480, &d);
	CHECK(d.full);
	for (uint32_t y = 0; y < 480; y += 7) {
		for (uint32_t x = 0; x < 640; x += 5) {
			rl_test_pattern_pixel(42, x, y, 640, 480, RL_FMT_BGRA8, bgra);
			rl_test_pattern_pixel(42, x, y, 640, 480, RL_FMT_RGBA8, rgba);
			CHECK(bgra[0] == rgba[2] && bgra[1] == rgba[1] &&
			      bgra[2] == rgba[0] && bgra[3] == 0xff && rgba[3] == 0xff);
		}
	}
	/* The counter shows the frame index: cell 0 lit for odd frames. */
	rl_test_pattern_pixel(1, RL_TEST_COUNTER_X, RL_TEST_COUNTER_Y, 640, 480,
			      RL_FMT_RGBA8, rgba);
	CHECK(rgba[0] == 0xff);
	rl_test_pattern_pixel(2, RL_TEST_COUNTER_X, RL_TEST_COUNTER_Y, 640, 480,
			      RL_FMT_RGBA8, rgba);
	CHECK(rgba[0] == 0x10);
	/* The box moves. */
	struct rl_rect a = rl_test_pattern_box(10, 640, 480);
	struct rl_rect b = rl_test_pattern_box(11, 640, 480);
	CHECK(a.x != b.x || a.y != b.y);
	CHECK(rl_rect_inside(a, 640, 480));
}

static void test_cursor_shape(void)
{
	uint8_t px[RL_TEST_CURSOR_SIZE * RL_TEST_CURSOR_SIZE * 4];
	uint32_t opaque = 0;

	rl_test_pattern_cursor_fill(0, px, RL_TEST_CURSOR_SIZE * 4);
	for (size_t i = 0; i < sizeof(px); i += 4)
		opaque += px[i + 3] == 0xff;
	/* An arrow: some pixels drawn, most transparent, hotspot pixel drawn. */
	CHECK(opaque > 50 && opaque < RL_TEST_CURSOR_SIZE * RL_TEST_CURSOR_SIZE / 2);
	CHECK(px[3] == 0xff);
	int32_t x, y;
	rl_test_pattern_cursor_pos(1234, 320, 200, &x, &y);
	CHECK(x >= 0 && x < 320 && y >= 0 && y < 200);
	CHECK(rl_test_pattern_cursor_variant(0) != rl_test_pattern_cursor_variant(120));
}

/* The backend returns pattern frame k on its k-th call, with true damage. */
static void test_backend_frames(void)
{
	struct rl_log log;
	struct rl_capture_test_config params = {
		.width = 160, .height = 120, .fps = 1000,
		.format = RL_CAPTURE_TEST_RGBA, .resize_every = 25,
		.alt_width = 96, .alt_height = 64,
	};

	rl_log_init(&log, "test_host_pattern");
	log.level = RL_LOG_WARN;
	struct rl_capture *cap = rl_capture_test.create(&params, &log);
	CHECK(cap != NULL);
	if (!cap)
		return;

	uint8_t *expect = malloc(160 * 120 * 4);
	uint8_t *prev = calloc(160 * 120 * 4, 1);
	uint32_t pw = 0, ph = 0;
	uint32_t cursor_shapes = 0;

	for (uint64_t k = 0; k < 120; k++) {
		struct rl_capture_frame f;
		enum rl_capture_result r =
			rl_capture_test.next_frame(cap, UINT64_MAX, &f);
		CHECK(r == RL_CAPTURE_FRAME);
		if (r != RL_CAPTURE_FRAME)
			break;
		bool alt = k / 25 % 2 == 1;
		CHECK_EQ_U64(f.width, alt ? 96 : 160);
		CHECK_EQ_U64(f.height, alt ? 64 : 120);
		CHECK_EQ_U64(f.format, RL_FMT_RGBA8);
		bool mode_change = f.width != pw || f.height != ph;
		CHECK(!!(f.flags & RL_FRAME_F_NEW_MODE) == mode_change);
		CHECK(f.damage.full == mode_change);

		rl_test_pattern_fill(k, f.width, f.height, RL_FMT_RGBA8, expect,
				     f.width * 4);
		bool same = true, inside = true;
		for (uint32_t y = 0; y < f.height; y++) {
			const uint8_t *row = f.pixels + (size_t)y * f.pitch;
			if (memcmp(row, expect + (size_t)y * f.width * 4, f.width * 4))
				same = false;
			for (uint32_t x = 0; !mode_change && x < f.width; x++)
				if (memcmp(row + x * 4, prev + ((size_t)y * f.width + x) * 4, 4) &&
				    !rl_damage_covers(&f.damage, x, y))
					inside = false;
		}
		CHECK(same);
		CHECK(inside);
		memcpy(prev, expect, (size_t)f.width * f.height * 4);
		pw = f.width;
		ph = f.height;

		struct rl_capture_cursor c;
		rl_capture_test.cursor(cap, &c);
		if (k == 0)
			CHECK(c.changed == (RL_CAPTURE_CURSOR_POS | RL_CAPTURE_CURSOR_SHAPE));
		if (c.changed & RL_CAPTURE_CURSOR_SHAPE) {
			cursor_shapes++;
			CHECK(c.shape.type == RL_CURSOR_COLOR);
			CHECK(c.shape.width == RL_TEST_CURSOR_SIZE);
		}
		if (c.changed & RL_CAPTURE_CURSOR_POS)
			CHECK(c.x >= 0 && (uint32_t)c.x < f.width && c.y >= 0 &&
			      (uint32_t)c.y < f.height);
	}
	CHECK_EQ_U64(cursor_shapes, 1); /* the variant changes at frame 120 */

	/* invalidate: the next frame is complete again. */
	struct rl_capture_frame f;
	rl_capture_test.invalidate(cap);
	CHECK(rl_capture_test.next_frame(cap, UINT64_MAX, &f) == RL_CAPTURE_FRAME);
	CHECK(f.damage.full);

	/* A deadline before the next frame is due: no frame, on time. */
	CHECK(rl_capture_test.next_frame(cap, 0, &f) == RL_CAPTURE_NONE);

	/* Resolution requests: valid ones apply, silly ones are refused. */
	CHECK(!rl_capture_test.set_resolution(cap, 0, 100));
	CHECK(!rl_capture_test.set_resolution(cap, 100000, 100));
	CHECK(rl_capture_test.set_resolution(cap, 200, 100));

	rl_capture_test.destroy(cap);
	rl_capture_test.destroy(NULL);
	free(expect);
	free(prev);

	/* Bad parameters are refused by create. */
	params.format = RL_CAPTURE_TEST_RGBA + 1; /* not a choice */
	log.level = RL_LOG_ERROR;
	log.out = NULL;
	CHECK(rl_capture_test.create(&params, &log) == NULL);
}

static void test_region_sizes(void)
{
	char msg[512];
	uint64_t need = rl_producer_region_size(3, 1920, 1080, 4);

	rl_host_too_small_message(msg, sizeof(msg), "/dev/shm/relay", 8ull << 20,
				  3, 1920, 1080, RL_FMT_BGRA8);
	printf("%s\n", msg);
	CHECK(strstr(msg, "shared memory /dev/shm/relay is 8 MiB") != NULL);
	CHECK(strstr(msg, "a 1920x1080 bgra frame needs 3 slots x 8100 KiB + ") != NULL);
	CHECK(strstr(msg, "raise shm-size") != NULL);

	char total[32], expect[64];
	rl_shm_format_size(need, total, sizeof(total));
	snprintf(expect, sizeof(expect), "= %s:", total);
	CHECK(strstr(msg, expect) != NULL);


	/* Automatic size: 4K BGRA unless the capture is bigger. */
	CHECK_EQ_U64(rl_host_auto_shm_size(3, 640, 480, 4),
		     rl_producer_region_size(3, 3840, 2160, 4));
	CHECK_EQ_U64(rl_host_auto_shm_size(4, 5120, 2880, 4),
		     rl_producer_region_size(4, 5120, 2880, 4));
}

int main(void)
{
	test_damage_covers_changes();
	test_first_frame_full_and_formats();
	test_cursor_shape();
	test_backend_frames();
	test_region_sizes();
	return check_summary();
}
