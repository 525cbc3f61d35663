/* SPDX-License-Identifier: MIT */
/*
 * rl-pw-onset SINK: record SINK's monitor (PipeWire, 48 kHz stereo S16)
 * and print "onset T_US" each time a sound starts after at least 100 ms
 * of silence. T_US is CLOCK_MONOTONIC in microseconds of the sample that
 * crossed the threshold: the graph cycle's time (pw_stream_get_time_n)
 * plus the sample's place in the buffer. Comparable with rl-spice-server's
 * "click T_US" lines (same clock, same machine). For tests/bench/audio.sh.
 */
#include <pipewire/pipewire.h>
#include <spa/param/audio/format-utils.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define RATE 48000
#define LOUD 3000
#define QUIET_FRAMES (RATE / 10)

struct probe {
	struct pw_main_loop *loop;
	struct pw_stream *stream;
	uint32_t quiet; /* frames since the last loud one */
};

static void on_process(void *data)
{
	struct probe *p = data;
	struct pw_buffer *b = pw_stream_dequeue_buffer(p->stream);
	struct pw_time t;
	struct spa_data *d;
	const int16_t *s;
	uint32_t n;

	if (!b)
		return;
	d = &b->buffer->datas[0];
	if (d->data && d->chunk->size && d->chunk->offset < d->maxsize &&
	    pw_stream_get_time_n(p->stream, &t, sizeof(t)) == 0) {
		s = SPA_PTROFF(d->data, d->chunk->offset, const int16_t);
		n = SPA_MIN(d->chunk->size, d->maxsize - d->chunk->offset) / 4;
		for (uint32_t i = 0; i < n; i++) {
			if (abs(s[2 * i]) < LOUD) {
				if (p->quiet < QUIET_FRAMES)
					p->quiet++;
				continue;
			}
			if (p->quiet >= QUIET_FRAMES) {
				printf("onset %lld\n",
				       (long long)((t.now + (int64_t)i * 1000000000 / RATE) / 1000));
				fflush(stdout);
			}
			p->quiet = 0;
		}
	}
	pw_stream_queue_buffer(p->stream, b);
}

static const struct pw_stream_events events = {
	PW_VERSION_STREAM_EVENTS,
	.process = on_process,
};

int main(int argc, char **argv)
{
	struct probe p = { .quiet = QUIET_FRAMES };
	uint8_t buf[1024];
	struct spa_pod_builder pb = SPA_POD_BUILDER_INIT(buf, sizeof(buf));
	const struct spa_pod *params[1];

	if (argc != 2) {
		fprintf(stderr, "usage: rl-pw-onset SINK\n");
		return 2;
	}
	pw_init(&argc, &argv);
	p.loop = pw_main_loop_new(NULL);
	p.stream = pw_stream_new_simple(
		pw_main_loop_get_loop(p.loop), "rl-pw-onset",
		pw_properties_new(PW_KEY_MEDIA_TYPE, "Audio", PW_KEY_MEDIA_CATEGORY, "Capture",
				  PW_KEY_TARGET_OBJECT, argv[1], PW_KEY_STREAM_CAPTURE_SINK, "true",
				  PW_KEY_NODE_LATENCY, "256/48000", NULL),
		&events, &p);
	params[0] = spa_format_audio_raw_build(&pb, SPA_PARAM_EnumFormat,
					       &SPA_AUDIO_INFO_RAW_INIT(.format = SPA_AUDIO_FORMAT_S16,
									.channels = 2, .rate = RATE));
	if (pw_stream_connect(p.stream, PW_DIRECTION_INPUT, PW_ID_ANY,
			      PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS |
				      PW_STREAM_FLAG_RT_PROCESS,
			      params, 1) < 0) {
		fprintf(stderr, "rl-pw-onset: cannot connect to PipeWire\n");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	pw_main_loop_run(p.loop);
	pw_stream_destroy(p.stream);
	pw_main_loop_destroy(p.loop);
	pw_deinit();
	return 0;
}
