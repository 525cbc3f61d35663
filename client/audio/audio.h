/* SPDX-License-Identifier: MIT */
/*
 * The audio seam: the guest's sound out to the host's sound server, the
 * host's microphone back to the guest. One backend per file exporting
 * one `const struct rl_audio_ops` (audio/pipewire.c: rl_audio_pipewire);
 * the SPICE session (input/spice/session.c) drives it from the playback
 * and record channels.
 *
 * Samples are signed 16-bit, interleaved (what SPICE carries). Threads:
 * create/destroy on the client thread; every playback_* and record_* op
 * on one other thread (the SPICE session's); stats() on any thread. No
 * op blocks on the sound server's real-time thread: samples cross
 * through lock-free rings.
 */
#ifndef RELAY_CLIENT_AUDIO_H
#define RELAY_CLIENT_AUDIO_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/config.h"
#include "relay/log.h"

struct rl_audio_params {
	const char *device;     /* playback target (node name); NULL/"" = the default sink */
	const char *mic_device; /* capture target; NULL/"" = the default source */
	bool mic_monitor;       /* mic_device is a sink: capture what it plays */
	uint32_t latency_ms;    /* the playback latency to hold */
};

struct rl_audio_stats {
	bool playing;           /* a playback burst is running (or draining) */
	uint32_t rate;          /* the playback stream's, 0 = none yet */
	uint32_t channels;
	double latency_ms;      /* buffered, smoothed: ring + resampler + sound server */
	double target_ms;
	double drift_ppm;       /* the resampling correction */
	uint64_t underruns;     /* the ring ran dry while playing */
	uint64_t overruns;      /* samples dropped: the ring was full */
	uint64_t resyncs;       /* latency far above the target: skipped back to it */
	uint64_t frames_played;
	bool mic_live;          /* a capture stream is open */
	uint32_t mic_rate;
	uint32_t mic_channels;
	uint64_t mic_frames;    /* captured frames handed to the guest */
};

struct rl_audio {
	const struct rl_audio_ops *impl;
};

struct rl_audio_ops {
	const char *name;
	/* Connect to the sound server. NULL (logged) when it is not there. */
	struct rl_audio *(*create)(const struct rl_audio_params *p, const struct rl_log *log);
	void (*destroy)(struct rl_audio *a); /* accepts NULL */

	/*
	 * The guest starts a burst. The stream is kept between bursts of
	 * the same format (a notification sound pays no stream start).
	 */
	bool (*playback_start)(struct rl_audio *a, uint32_t channels, uint32_t rate);
	void (*playback_write)(struct rl_audio *a, const int16_t *frames, uint32_t count);
	/* The burst ended: what is buffered plays out, then the stream pauses. */
	void (*playback_stop)(struct rl_audio *a);
	/* The guest's volume (0..65535 per channel, linear) and mute. */
	void (*playback_volume)(struct rl_audio *a, const uint16_t *volume, uint32_t n, bool mute);

	/* Open the capture stream; false (logged) when it cannot be. */
	bool (*record_start)(struct rl_audio *a, uint32_t channels, uint32_t rate);
	/* Readable while captured frames wait for record_read. */
	int (*record_fd)(struct rl_audio *a);
	/* Up to max frames, oldest first; 0 when none. Clears the fd's readiness. */
	uint32_t (*record_read)(struct rl_audio *a, int16_t *frames, uint32_t max);
	void (*record_stop)(struct rl_audio *a); /* closes the capture stream */
	void (*record_volume)(struct rl_audio *a, const uint16_t *volume, uint32_t n, bool mute);

	void (*stats)(struct rl_audio *a, struct rl_audio_stats *out);
};

#if RL_HAS_PIPEWIRE
extern const struct rl_audio_ops rl_audio_pipewire;
#endif

/* "48000 Hz 2 ch, 20.1 ms (target 20), +1998 ppm, 0 underruns; mic off" */
void rl_audio_stats_format(const struct rl_audio_stats *s, char *buf, unsigned int size);

#endif
