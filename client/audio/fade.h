/* SPDX-License-Identifier: MIT */
/*
 * The end of the guest's sound before a gap (an underrun, a skip): a fade
 * to silence over RL_FADE_MAX_FRAMES at most, never a step. When the ring
 * runs dry early in a cycle, fewer frames are left in it than a fade
 * takes, and the frames before them have already gone to the sound card
 * at full level: fading only what is left was a fade over a few samples,
 * a click (tests/audio/playback.sh's stalls saw steps of 1263 and 2027
 * where a 440 Hz sine at 8000 steps by 691 at most). Then the fade goes on
 * past the guest's last frame through a mirror image of the frames just
 * played (the waveform reflected at the last one: no step, and 2 ms of
 * the guest's own sound reversed is no new sound), so it always has its
 * full length.
 *
 * Pure logic, one thread (PipeWire's data thread).
 */
#ifndef RELAY_CLIENT_AUDIO_FADE_H
#define RELAY_CLIENT_AUDIO_FADE_H

#include <stdint.h>

#include "resample.h"

#define RL_FADE_MAX_FRAMES 512u

/* The frames last written to the card, newest last (for the mirror). */
struct rl_fade_history {
	int16_t frames[RL_FADE_MAX_FRAMES * RL_RESAMPLE_MAX_CHANNELS];
	uint32_t count;
};

/* Fade out the last min(made, fade) of out's made frames (a skip follows). */
void rl_fade_tail(int16_t *out, uint32_t made, uint32_t fade, uint32_t channels);

/*
 * out holds n frames of `channels` interleaved samples, of which the
 * first `made` are the guest's (at their final level), the rest free.
 * Fades out over `fade` frames (at most RL_FADE_MAX_FRAMES): the last
 * `fade` of the made frames when there are that many; otherwise the made
 * frames stay and the fade continues into the free frames through the
 * mirror of out[0..made) and the history. Returns how many frames of out
 * now hold sound (made, or more); the caller silences the rest.
 */
uint32_t rl_fade_out(const struct rl_fade_history *h, int16_t *out, uint32_t made, uint32_t n,
		     uint32_t fade, uint32_t channels);

/* After each cycle: remember the last frames of out (n frames, final). */
void rl_fade_remember(struct rl_fade_history *h, const int16_t *out, uint32_t n,
		      uint32_t channels);

#endif
