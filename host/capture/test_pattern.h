/* SPDX-License-Identifier: MIT */
/*
 * The test source's animated pattern, as pure functions of
 * (frame index, x, y, width, height, format), so the capture backend, the
 * unit tests and the reference renderer (tests/e2e/pattern_ref.c) produce
 * the same bytes for any frame.
 *
 * A frame is, from top to bottom of the stacking order:
 *   - a counter block at (8, 8): 2 rows of 16 cells of 8x8 pixels showing
 *     the low 32 bits of the frame index (bit i at column i % 16, row
 *     i / 16; white = 1, near black = 0);
 *   - a box of min(width, height) / 8 pixels (at least 8) bouncing across
 *     the frame, its colour changing every frame;
 *   - a static background: red rises left to right, green top to bottom,
 *     blue alternates in a 32-pixel checkerboard.
 * Alpha is always 0xff. Frame k+1 differs from frame k only inside
 * rl_test_pattern_damage(k + 1): the old and new box and the counter cells
 * whose bits changed.
 *
 * The cursor is a 32x32 colour arrow (hotspot 0,0) in one of two colours,
 * moving over the frame; it is never drawn into the frame pixels.
 */
#ifndef RELAY_HOST_TEST_PATTERN_H
#define RELAY_HOST_TEST_PATTERN_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/damage.h"

#define RL_TEST_COUNTER_X	8u
#define RL_TEST_COUNTER_Y	8u
#define RL_TEST_COUNTER_CELL	8u
#define RL_TEST_COUNTER_COLS	16u
#define RL_TEST_COUNTER_ROWS	2u
#define RL_TEST_CURSOR_SIZE	32u
#define RL_TEST_CURSOR_VARIANTS	2u

/*
 * The 4 bytes of pixel (x, y) of frame `frame` at width x height in
 * `format` (RL_FMT_BGRA8 or RL_FMT_RGBA8; any other value gives BGRA).
 */
void rl_test_pattern_pixel(uint64_t frame, uint32_t x, uint32_t y,
			   uint32_t width, uint32_t height, uint32_t format,
			   uint8_t out[4]);

/* Render the pixels of `rect` (clipped to the frame) into dst. */
void rl_test_pattern_fill_rect(uint64_t frame, uint32_t width, uint32_t height,
			       uint32_t format, struct rl_rect rect,
			       uint8_t *dst, uint32_t pitch);

/* Render the whole frame into dst (width x height, `pitch` bytes per row). */
void rl_test_pattern_fill(uint64_t frame, uint32_t width, uint32_t height,
			  uint32_t format, uint8_t *dst, uint32_t pitch);

/* Where the box of frame `frame` lies. */
struct rl_rect rl_test_pattern_box(uint64_t frame, uint32_t width,
				   uint32_t height);

/*
 * What changed from frame `frame - 1` to `frame` at the same size: full
 * for frame 0, else the union of both boxes and the changed counter cells.
 */
void rl_test_pattern_damage(uint64_t frame, uint32_t width, uint32_t height,
			    struct rl_damage *out);

/* Cursor hotspot position of frame `frame`, inside the frame. */
void rl_test_pattern_cursor_pos(uint64_t frame, uint32_t width,
				uint32_t height, int32_t *x, int32_t *y);

/* Is the cursor visible in frame `frame`? (hidden 1 s of every 10 at 60 fps) */
bool rl_test_pattern_cursor_visible(uint64_t frame);

/* Which of the RL_TEST_CURSOR_VARIANTS shapes frame `frame` shows. */
uint32_t rl_test_pattern_cursor_variant(uint64_t frame);

/*
 * Render cursor shape `variant` as RL_CURSOR_COLOR (BGRA, straight
 * alpha), RL_TEST_CURSOR_SIZE square, `pitch` bytes per row.
 */
void rl_test_pattern_cursor_fill(uint32_t variant, uint8_t *dst,
				 uint32_t pitch);

#endif /* RELAY_HOST_TEST_PATTERN_H */
