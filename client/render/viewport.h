/* SPDX-License-Identifier: MIT */
/*
 * Where a frame lands in a drawable for each scale mode (pure arithmetic,
 * shared by every renderer and by whoever maps pointer positions back to
 * frame pixels).
 */
#ifndef RELAY_CLIENT_RENDER_VIEWPORT_H
#define RELAY_CLIENT_RENDER_VIEWPORT_H

#include <stdint.h>

#include "render.h"

/*
 * The rectangle (origin top-left, window pixels) a frame_w x frame_h frame
 * occupies in a win_w x win_h drawable, centred, rounded to whole pixels:
 *   FIT         largest size that fits, aspect kept (one side touches)
 *   INTEGER     largest whole multiple that fits, at least 1x: a frame
 *               larger than the window overflows it, centred (x, y < 0)
 *   NO_UPSCALE  FIT, but never above 1:1
 *   STRETCH     the whole drawable
 * All zero when either size is zero (no frame yet, minimised window).
 */
struct rl_viewport rl_viewport_compute(enum rl_scale_mode mode,
				       uint32_t frame_w, uint32_t frame_h,
				       uint32_t win_w, uint32_t win_h);

#endif /* RELAY_CLIENT_RENDER_VIEWPORT_H */
