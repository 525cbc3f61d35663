/* SPDX-License-Identifier: MIT */
/*
 * A small-ratio resampler for drift control: it plays interleaved S16
 * frames at `ratio` input frames per output frame (1.002 eats the input
 * 0.2% faster), with 4-point cubic (Catmull-Rom) interpolation between
 * input frames. At ratio 1 and whole positions it passes samples through
 * bit for bit. The ratio may change on every call; the phase carries over,
 * so the output is continuous across calls and ratio changes.
 *
 * Use: want() says how many more input frames the next pull() of n output
 * frames needs, push() them, pull(). Pure logic, one thread.
 */
#ifndef RELAY_CLIENT_AUDIO_RESAMPLE_H
#define RELAY_CLIENT_AUDIO_RESAMPLE_H

#include <stdint.h>

#define RL_RESAMPLE_MAX_CHANNELS 8u
#define RL_RESAMPLE_FRAMES 4096u /* input frames held at most */

struct rl_resampler {
	unsigned int channels;
	unsigned int count;      /* input frames held */
	double pos;              /* where the next output frame is, in held frames */
	float in[RL_RESAMPLE_FRAMES * RL_RESAMPLE_MAX_CHANNELS];
};

/* channels: 1..RL_RESAMPLE_MAX_CHANNELS. Starts from silence. */
void rl_resampler_init(struct rl_resampler *rs, unsigned int channels);

/* More input frames the next pull of n frames at ratio needs (0: enough). */
unsigned int rl_resampler_want(const struct rl_resampler *rs, unsigned int n, double ratio);

/* Append up to n input frames; returns how many fitted. */
unsigned int rl_resampler_push(struct rl_resampler *rs, const int16_t *in, unsigned int n);

/* Produce up to n output frames; returns how many the held input allowed. */
unsigned int rl_resampler_pull(struct rl_resampler *rs, int16_t *out, unsigned int n, double ratio);

/* Input frames held that no output frame has passed yet (part of the latency). */
double rl_resampler_pending(const struct rl_resampler *rs);

#endif
