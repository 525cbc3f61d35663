/* SPDX-License-Identifier: MIT */
/*
 * The damage of one present, in drawable pixels (pure logic): the frame
 * pixels that changed (the frames' damage and the cursor's old and new
 * rects, struct rl_damage) mapped through the viewport onto the drawable,
 * for a damage-aware swap (display.h, egl_swap.h).
 */
#ifndef RELAY_CLIENT_PRESENT_H
#define RELAY_CLIENT_PRESENT_H

#include <stdint.h>

#include "relay/damage.h"
#include "render.h"

/*
 * Map d (frame_w x frame_h frame pixels, not full) into out (up to
 * RL_MAX_DAMAGE rects): each rect scaled by the viewport, widened by a
 * pixel on every side (rounding, linear filtering's reach), clipped to
 * the width x height drawable. Returns the count; an empty damage gives
 * one 1x1 rect (a present that changed nothing visible still swaps).
 */
uint32_t rl_present_rects(const struct rl_damage *d, uint32_t frame_w, uint32_t frame_h,
			  struct rl_viewport vp, uint32_t width, uint32_t height,
			  struct rl_rect *out);

#endif
