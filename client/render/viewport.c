/* SPDX-License-Identifier: MIT */
#include "viewport.h"

static struct rl_viewport centred(uint64_t w, uint64_t h, uint32_t win_w,
				  uint32_t win_h)
{
	struct rl_viewport v = {
		.x = (int32_t)(((int64_t)win_w - (int64_t)w) / 2),
		.y = (int32_t)(((int64_t)win_h - (int64_t)h) / 2),
		.width = (uint32_t)w,
		.height = (uint32_t)h,
	};
	return v;
}

/* Largest aspect-kept size inside win, rounded to the nearest pixel. */
static void fit(uint32_t fw, uint32_t fh, uint32_t ww, uint32_t wh,
		uint64_t *w, uint64_t *h)
{
	if ((uint64_t)fw * wh <= (uint64_t)fh * ww) {
		/* the window is wider than the frame: height limits */
		*h = wh;
		*w = ((uint64_t)fw * wh * 2 + fh) / (2 * (uint64_t)fh);
	} else {
		*w = ww;
		*h = ((uint64_t)fh * ww * 2 + fw) / (2 * (uint64_t)fw);
	}
	if (*w == 0)
		*w = 1;
	if (*h == 0)
		*h = 1;
}

struct rl_viewport rl_viewport_compute(enum rl_scale_mode mode,
				       uint32_t frame_w, uint32_t frame_h,
				       uint32_t win_w, uint32_t win_h)
{
	struct rl_viewport none = { 0, 0, 0, 0 };
	uint64_t w, h, s;

	if (frame_w == 0 || frame_h == 0 || win_w == 0 || win_h == 0)
		return none;

	switch (mode) {
	case RL_SCALE_STRETCH:
		return centred(win_w, win_h, win_w, win_h);
	case RL_SCALE_INTEGER:
		s = win_w / frame_w < win_h / frame_h ? win_w / frame_w
						      : win_h / frame_h;
		if (s < 1)
			s = 1;
		return centred(frame_w * s, frame_h * s, win_w, win_h);
	case RL_SCALE_NO_UPSCALE:
		if (frame_w <= win_w && frame_h <= win_h)
			return centred(frame_w, frame_h, win_w, win_h);
		fit(frame_w, frame_h, win_w, win_h, &w, &h);
		return centred(w, h, win_w, win_h);
	case RL_SCALE_FIT:
	default:
		fit(frame_w, frame_h, win_w, win_h, &w, &h);
		return centred(w, h, win_w, win_h);
	}
}
