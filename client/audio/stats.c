/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "audio.h"

void rl_audio_stats_format(const struct rl_audio_stats *s, char *buf, unsigned int size)
{
	int n;

	if (!s->rate)
		n = snprintf(buf, size, "audio idle");
	else
		n = snprintf(buf, size,
			     "audio %u Hz %u ch %s, latency %.1f ms (target %.0f), %+.0f ppm, %llu underruns, %llu overruns, %llu resyncs",
			     s->rate, s->channels, s->playing ? "playing" : "paused",
			     s->latency_ms, s->target_ms, s->drift_ppm,
			     (unsigned long long)s->underruns, (unsigned long long)s->overruns,
			     (unsigned long long)s->resyncs);
	if (n < 0 || (unsigned int)n >= size)
		return;
	if (s->mic_live)
		snprintf(buf + n, size - (unsigned int)n, "; mic live %u Hz %u ch", s->mic_rate,
			 s->mic_channels);
	else
		snprintf(buf + n, size - (unsigned int)n, "; mic off");
}
