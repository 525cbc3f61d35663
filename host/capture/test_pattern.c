/* SPDX-License-Identifier: MIT */
#include "test_pattern.h"

#include <string.h>

#include "relay/protocol.h"

/* Position in 0..range bouncing back and forth as t grows. */
static uint32_t triangle(uint64_t t, uint32_t range)
{
	if (range == 0)
		return 0;
	uint64_t p = t % (2ull * range);
	return (uint32_t)(p <= range ? p : 2ull * range - p);
}

static uint32_t box_size(uint32_t width, uint32_t height)
{
	uint32_t m = width < height ? width : height;
	uint32_t s = m / 8;

	if (s < 8)
		s = 8;
	return s < m ? s : m;
}

struct rl_rect rl_test_pattern_box(uint64_t frame, uint32_t width,
				   uint32_t height)
{
	uint32_t s = box_size(width, height);

	return (struct rl_rect){
		.x = triangle(frame * 4, width - s),
		.y = triangle(frame * 3 + (height - s) / 2, height - s),
		.w = s,
		.h = s,
	};
}

static bool in_rect(struct rl_rect r, uint32_t x, uint32_t y)
{
	return x >= r.x && y >= r.y && x - r.x < r.w && y - r.y < r.h;
}

static void store(uint32_t format, uint8_t r, uint8_t g, uint8_t b,
		  uint8_t out[4])
{
	if (format == RL_FMT_RGBA8) {
		out[0] = r;
		out[1] = g;
		out[2] = b;
	} else {
		out[0] = b;
		out[1] = g;
		out[2] = r;
	}
	out[3] = 0xff;
}

void rl_test_pattern_pixel(uint64_t frame, uint32_t x, uint32_t y,
			   uint32_t width, uint32_t height, uint32_t format,
			   uint8_t out[4])
{
	uint32_t cx = x - RL_TEST_COUNTER_X, cy = y - RL_TEST_COUNTER_Y;

	if (x >= RL_TEST_COUNTER_X && y >= RL_TEST_COUNTER_Y &&
	    cx < RL_TEST_COUNTER_COLS * RL_TEST_COUNTER_CELL &&
	    cy < RL_TEST_COUNTER_ROWS * RL_TEST_COUNTER_CELL) {
		uint32_t bit = cy / RL_TEST_COUNTER_CELL * RL_TEST_COUNTER_COLS +
			       cx / RL_TEST_COUNTER_CELL;
		uint8_t v = (frame >> bit) & 1 ? 0xff : 0x10;
		store(format, v, v, v, out);
		return;
	}
	if (in_rect(rl_test_pattern_box(frame, width, height), x, y)) {
		uint8_t r = (uint8_t)(frame * 5);
		store(format, r, (uint8_t)(255 - r), 0x80, out);
		return;
	}
	uint8_t r = width > 1 ? (uint8_t)((uint64_t)x * 255 / (width - 1)) : 0;
	uint8_t g = height > 1 ? (uint8_t)((uint64_t)y * 255 / (height - 1)) : 0;
	uint8_t b = ((x >> 5) ^ (y >> 5)) & 1 ? 0xc0 : 0x40;
	store(format, r, g, b, out);
}

void rl_test_pattern_fill_rect(uint64_t frame, uint32_t width, uint32_t height,
			       uint32_t format, struct rl_rect rect,
			       uint8_t *dst, uint32_t pitch)
{
	if (rect.x >= width || rect.y >= height)
		return;
	uint32_t x1 = rect.w > width - rect.x ? width : rect.x + rect.w;
	uint32_t y1 = rect.h > height - rect.y ? height : rect.y + rect.h;

	for (uint32_t y = rect.y; y < y1; y++) {
		uint8_t *row = dst + (uint64_t)y * pitch;
		for (uint32_t x = rect.x; x < x1; x++)
			rl_test_pattern_pixel(frame, x, y, width, height,
					      format, row + (uint64_t)x * 4);
	}
}

void rl_test_pattern_fill(uint64_t frame, uint32_t width, uint32_t height,
			  uint32_t format, uint8_t *dst, uint32_t pitch)
{
	struct rl_rect all = { 0, 0, width, height };

	rl_test_pattern_fill_rect(frame, width, height, format, all, dst, pitch);
}

void rl_test_pattern_damage(uint64_t frame, uint32_t width, uint32_t height,
			    struct rl_damage *out)
{
	rl_damage_clear(out);
	if (frame == 0) {
		rl_damage_set_full(out);
		return;
	}
	rl_damage_add(out, rl_test_pattern_box(frame - 1, width, height),
		      width, height);
	rl_damage_add(out, rl_test_pattern_box(frame, width, height),
		      width, height);

	/* The bits that flip from k-1 to k are bits 0..m of k ^ (k-1). */
	uint64_t flipped = frame ^ (frame - 1);
	uint32_t top = 0;
	while (top < 63 && (flipped >> (top + 1)))
		top++;
	if (top >= RL_TEST_COUNTER_COLS * RL_TEST_COUNTER_ROWS)
		top = RL_TEST_COUNTER_COLS * RL_TEST_COUNTER_ROWS - 1;
	uint32_t rows = top / RL_TEST_COUNTER_COLS + 1;
	uint32_t cols = rows > 1 ? RL_TEST_COUNTER_COLS : top + 1;
	struct rl_rect counter = {
		.x = RL_TEST_COUNTER_X,
		.y = RL_TEST_COUNTER_Y,
		.w = cols * RL_TEST_COUNTER_CELL,
		.h = rows * RL_TEST_COUNTER_CELL,
	};
	rl_damage_add(out, counter, width, height);
}

void rl_test_pattern_cursor_pos(uint64_t frame, uint32_t width,
				uint32_t height, int32_t *x, int32_t *y)
{
	*x = (int32_t)triangle(frame * 7, width - 1);
	*y = (int32_t)triangle(frame * 5 + height / 3, height - 1);
}

bool rl_test_pattern_cursor_visible(uint64_t frame)
{
	return frame % 600 < 540;
}

uint32_t rl_test_pattern_cursor_variant(uint64_t frame)
{
	return (uint32_t)(frame / 120 % RL_TEST_CURSOR_VARIANTS);
}

/* The arrow: a wedge from the hotspot and a stem, 2-pixel black outline. */
static bool arrow_inside(int32_t x, int32_t y, int32_t inset)
{
	bool wedge = y >= 2 * inset && y < 22 - inset && x >= inset &&
		     x <= (y - 2 * inset) * 3 / 4;
	bool stem = y >= 14 && y < 30 - inset && x >= 5 + inset &&
		    x < 11 - inset && x <= y / 2 + 4 - inset;
	return wedge || stem;
}

void rl_test_pattern_cursor_fill(uint32_t variant, uint8_t *dst,
				 uint32_t pitch)
{
	static const uint8_t fill[RL_TEST_CURSOR_VARIANTS][3] = {
		{ 0x00, 0x80, 0xff }, /* B, G, R: orange */
		{ 0xff, 0xc0, 0x00 }, /* cyan */
	};
	const uint8_t *c = fill[variant % RL_TEST_CURSOR_VARIANTS];

	for (uint32_t y = 0; y < RL_TEST_CURSOR_SIZE; y++) {
		uint8_t *row = dst + (uint64_t)y * pitch;
		for (uint32_t x = 0; x < RL_TEST_CURSOR_SIZE; x++) {
			uint8_t *px = row + x * 4;
			if (arrow_inside((int32_t)x, (int32_t)y, 2)) {
				memcpy(px, c, 3);
				px[3] = 0xff;
			} else if (arrow_inside((int32_t)x, (int32_t)y, 0)) {
				px[0] = px[1] = px[2] = 0;
				px[3] = 0xff;
			} else {
				memset(px, 0, 4);
			}
		}
	}
}
