/* SPDX-License-Identifier: MIT */
#include "fade.h"

#include <string.h>

static int16_t scaled(int16_t v, uint32_t num, uint32_t den)
{
	return (int16_t)((int32_t)v * (int32_t)num / (int32_t)den);
}

/* Frame i of the sequence history + out[0..made): i < h->count + made. */
static const int16_t *frame_at(const struct rl_fade_history *h, const int16_t *out, uint32_t i,
			       uint32_t channels)
{
	if (i < h->count)
		return h->frames + (size_t)i * channels;
	return out + (size_t)(i - h->count) * channels;
}

void rl_fade_tail(int16_t *out, uint32_t made, uint32_t fade, uint32_t channels)
{
	uint32_t k = made < fade ? made : fade;

	for (uint32_t i = 0; i < k; i++) {
		int16_t *f = out + (size_t)(made - k + i) * channels;

		for (uint32_t c = 0; c < channels; c++)
			f[c] = scaled(f[c], k - i, k + 1);
	}
}

uint32_t rl_fade_out(const struct rl_fade_history *h, int16_t *out, uint32_t made, uint32_t n,
		     uint32_t fade, uint32_t channels)
{
	uint32_t k, have;

	if (fade > RL_FADE_MAX_FRAMES)
		fade = RL_FADE_MAX_FRAMES;
	if (!fade || !channels)
		return made;
	if (made >= fade) {
		rl_fade_tail(out, made, fade, channels);
		return made;
	}
	/* The mirror: frames made-1, made-2, ... of history + out, fading. */
	have = h->count + made;
	k = fade;
	if (k > n - made)
		k = n - made;
	if (k > have)
		k = have;
	for (uint32_t j = 0; j < k; j++) {
		const int16_t *src = frame_at(h, out, h->count + made - 1 - j, channels);
		int16_t *dst = out + (size_t)(made + j) * channels;

		for (uint32_t c = 0; c < channels; c++)
			dst[c] = scaled(src[c], k - j, k + 1);
	}
	return made + k;
}

void rl_fade_remember(struct rl_fade_history *h, const int16_t *out, uint32_t n,
		      uint32_t channels)
{
	uint32_t keep;

	if (!channels || channels > RL_RESAMPLE_MAX_CHANNELS)
		return;
	if (n >= RL_FADE_MAX_FRAMES) {
		memcpy(h->frames, out + (size_t)(n - RL_FADE_MAX_FRAMES) * channels,
		       (size_t)RL_FADE_MAX_FRAMES * channels * sizeof(int16_t));
		h->count = RL_FADE_MAX_FRAMES;
		return;
	}
	/* Shift the older frames down, append these. */
	keep = h->count + n > RL_FADE_MAX_FRAMES ? RL_FADE_MAX_FRAMES - n : h->count;
	memmove(h->frames, h->frames + (size_t)(h->count - keep) * channels,
		(size_t)keep * channels * sizeof(int16_t));
	memcpy(h->frames + (size_t)keep * channels, out, (size_t)n * channels * sizeof(int16_t));
	h->count = keep + n;
}
