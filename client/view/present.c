/* SPDX-License-Identifier: MIT */
#include "present.h"

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

uint32_t rl_present_rects(const struct rl_damage *d, uint32_t frame_w, uint32_t frame_h,
			  struct rl_viewport vp, uint32_t width, uint32_t height,
			  struct rl_rect *out)
{
	double sx = frame_w ? (double)vp.width / frame_w : 0, sy = frame_h ? (double)vp.height / frame_h : 0;
	uint32_t n = 0;

	for (uint32_t i = 0; i < d->count && i < RL_MAX_DAMAGE; i++) {
		const struct rl_rect *r = &d->rects[i];
		int64_t x0 = clamp64(vp.x + (int64_t)((double)r->x * sx) - 1, 0, width);
		int64_t y0 = clamp64(vp.y + (int64_t)((double)r->y * sy) - 1, 0, height);
		int64_t x1 = clamp64(vp.x + (int64_t)((double)((uint64_t)r->x + r->w) * sx + 0.999) + 1,
				     0, width);
		int64_t y1 = clamp64(vp.y + (int64_t)((double)((uint64_t)r->y + r->h) * sy + 0.999) + 1,
				     0, height);

		if (x1 > x0 && y1 > y0)
			out[n++] = (struct rl_rect){ (uint32_t)x0, (uint32_t)y0, (uint32_t)(x1 - x0),
						     (uint32_t)(y1 - y0) };
	}
	if (!n)
		out[n++] = (struct rl_rect){ 0, 0, 1, 1 };
	return n;
}
