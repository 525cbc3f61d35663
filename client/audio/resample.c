/* SPDX-License-Identifier: MIT */
#include "resample.h"

#include <math.h>
#include <string.h>

void rl_resampler_init(struct rl_resampler *rs, unsigned int channels)
{
	if (channels < 1)
		channels = 1;
	if (channels > RL_RESAMPLE_MAX_CHANNELS)
		channels = RL_RESAMPLE_MAX_CHANNELS;
	rs->channels = channels;
	/* One silent frame behind the first real one: the curve's left support. */
	memset(rs->in, 0, sizeof(float) * channels);
	rs->count = 1;
	rs->pos = 1.0;
}

unsigned int rl_resampler_want(const struct rl_resampler *rs, unsigned int n, double ratio)
{
	double last;
	unsigned int need;

	if (!n)
		return 0;
	last = rs->pos + (double)(n - 1) * ratio;
	need = (unsigned int)floor(last) + 3; /* frames up to last's x[+2] */
	return need > rs->count ? need - rs->count : 0;
}

unsigned int rl_resampler_push(struct rl_resampler *rs, const int16_t *in, unsigned int n)
{
	unsigned int ch = rs->channels;

	if (n > RL_RESAMPLE_FRAMES - rs->count)
		n = RL_RESAMPLE_FRAMES - rs->count;
	for (unsigned int i = 0; i < n * ch; i++)
		rs->in[rs->count * ch + i] = (float)in[i];
	rs->count += n;
	return n;
}

static int16_t to_s16(float v)
{
	float r = roundf(v);

	if (r > 32767.0f)
		return 32767;
	if (r < -32768.0f)
		return -32768;
	return (int16_t)r;
}

unsigned int rl_resampler_pull(struct rl_resampler *rs, int16_t *out, unsigned int n, double ratio)
{
	unsigned int ch = rs->channels, done = 0, drop;

	while (done < n) {
		unsigned int i = (unsigned int)rs->pos;
		float t = (float)(rs->pos - i);

		if (i + 2 >= rs->count)
			break;
		const float *xm1 = &rs->in[(i - 1) * ch], *x0 = xm1 + ch, *x1 = x0 + ch,
			    *x2 = x1 + ch;

		for (unsigned int c = 0; c < ch; c++) {
			float a = x1[c] - xm1[c];
			float b = 2.0f * xm1[c] - 5.0f * x0[c] + 4.0f * x1[c] - x2[c];
			float d = 3.0f * (x0[c] - x1[c]) + x2[c] - xm1[c];

			out[done * ch + c] = to_s16(x0[c] + 0.5f * t * (a + t * (b + t * d)));
		}
		done++;
		rs->pos += ratio;
	}
	/* Keep one frame behind the next position; drop the rest. */
	drop = (unsigned int)rs->pos;
	drop = drop > 1 ? drop - 1 : 0;
	if (drop > rs->count)
		drop = rs->count;
	if (drop) {
		memmove(rs->in, rs->in + drop * ch, sizeof(float) * ch * (rs->count - drop));
		rs->count -= drop;
		rs->pos -= drop;
	}
	return done;
}

double rl_resampler_pending(const struct rl_resampler *rs)
{
	double p = (double)rs->count - rs->pos;

	return p > 0 ? p : 0;
}
