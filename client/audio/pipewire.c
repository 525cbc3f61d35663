/* SPDX-License-Identifier: MIT */
/*
 * The PipeWire audio backend: one pw_thread_loop of the client's own, a
 * playback stream and (while the guest records and the policy allows) a
 * capture stream, both processed on PipeWire's real-time data thread.
 *
 * Playback: the SPICE thread writes the guest's samples into a lock-free
 * ring (ring.h); the process callback measures what is buffered (ring +
 * resampler + PipeWire's delay to the device), feeds the drift controller
 * (drift.h) and plays through the resampler (resample.h) at the ratio it
 * returns, so the latency holds its target whatever the two clocks do.
 * A burst starts once the target is buffered (prefill); when the ring
 * runs dry mid-burst the output fades out over 2 ms, the gap is silence
 * and the next sound fades in: no click storm. After playback_stop what
 * is buffered plays out, then the stream is paused, not destroyed.
 *
 * Real-time priority: the streams' process callbacks run on the context's
 * data thread, which must meet every graph cycle (5.3 ms at the default
 * latency). The context loads client-rt.conf (module-rt: RTKit, or
 * SCHED_FIFO where RLIMIT_RTPRIO allows) as pw-cat does; with the default
 * client.conf the thread stays SCHED_OTHER and, on a busy machine, misses
 * cycles: each miss is a quantum of silence in the output, or a quantum
 * lost from the microphone. When the thread did not get real-time
 * priority the client says so once.
 *
 * Capture: the process callback applies the guest's record volume, writes
 * the frames into a second ring and signals an eventfd that the SPICE
 * thread watches.
 */
#include <errno.h>
#include <math.h>
#include <pipewire/pipewire.h>
#include <pthread.h>
#include <sched.h>
#include <spa/param/audio/format-utils.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "audio.h"
#include "drift.h"
#include "fade.h"
#include "relay/downcast.h"
#include "resample.h"
#include "ring.h"

#define MAX_CHANNELS RL_RESAMPLE_MAX_CHANNELS
#define FADE_S 0.002
#define TMP_FRAMES 8192u
#define GAIN_ONE 65536u
#define RESYNC_S 0.060           /* this far above the target: skip, don't steer */

enum pb_state { PB_IDLE, PB_PREFILL, PB_PLAYING };

/* One direction's volume, written by the SPICE thread, read by PipeWire's. */
struct volume {
	_Atomic uint32_t gain[MAX_CHANNELS]; /* 16.16 fixed point */
	atomic_bool mute;
};

struct playback {
	struct pw_stream *stream;
	struct spa_hook listener;
	uint32_t rate, channels, stride; /* the stream's format */
	struct rl_audio_ring ring;
	struct volume vol;
	atomic_uint start_gen;           /* bumped by each playback_start */
	atomic_bool draining;            /* playback_stop: play out, then pause */
	_Atomic uint64_t underruns, overruns, played, resyncs;

	/* PipeWire's data thread only. */
	unsigned int seen_gen;
	enum pb_state state;
	struct rl_resampler *rs;
	struct rl_drift drift;
	float gain_now[MAX_CHANNELS];
	uint32_t fade_in;                /* frames of fade-in left */
	bool resync_next;                /* faded out: skip back to the target next cycle */
	struct rl_fade_history played_tail; /* the last frames sent, for a fade past a dry ring */
	int16_t *tmp;                    /* TMP_FRAMES frames */
	atomic_bool pause_queued;

	atomic_int sched_policy;         /* of the data thread, -1 = not seen yet */

	/* The SPICE thread's. */
	bool sched_logged;
	uint64_t underruns_logged;
	uint64_t overruns_logged;
};

struct capture {
	struct pw_stream *stream;
	struct spa_hook listener;
	uint32_t rate, channels, stride;
	struct rl_audio_ring ring;
	struct volume vol;
	int fd;                          /* eventfd: frames wait */
	int16_t *tmp;
	_Atomic uint64_t frames, overruns;
};

struct pw_audio {
	struct rl_audio base;
	const struct rl_log *log;
	char *device, *mic_device;
	bool mic_monitor;
	double target_s;
	struct pw_thread_loop *loop;
	struct pw_context *context;
	struct pw_core *core;
	struct spa_hook core_listener;
	struct playback pb;
	struct capture rec;

	pthread_mutex_t stats_lock;      /* PipeWire's thread only try-locks it */
	double st_latency_ms, st_ppm;
};

extern const struct rl_audio_ops rl_audio_pipewire;

static struct pw_audio *pw_from(struct rl_audio *a)
{
	return RL_DOWNCAST(struct pw_audio, a, &rl_audio_pipewire);
}

static void volume_init(struct volume *v)
{
	for (unsigned int c = 0; c < MAX_CHANNELS; c++)
		atomic_init(&v->gain[c], GAIN_ONE);
	atomic_init(&v->mute, false);
}

/* SPICE sends 0..65535 per channel, linear (spice-gtk's own backend agrees). */
static void volume_set(struct volume *v, const uint16_t *vol, uint32_t n, bool mute)
{
	for (unsigned int c = 0; c < MAX_CHANNELS; c++) {
		uint32_t g = GAIN_ONE;

		if (vol && n)
			g = (uint32_t)(((uint64_t)vol[c < n ? c : n - 1] * GAIN_ONE + 32767) / 65535);
		atomic_store(&v->gain[c], g);
	}
	atomic_store(&v->mute, mute);
}

static float volume_gain(struct volume *v, unsigned int c)
{
	if (atomic_load_explicit(&v->mute, memory_order_relaxed))
		return 0.0f;
	return (float)atomic_load_explicit(&v->gain[c], memory_order_relaxed) / (float)GAIN_ONE;
}

static int16_t clamp16(float v)
{
	float r = roundf(v);

	return r > 32767.0f ? 32767 : r < -32768.0f ? -32768 : (int16_t)r;
}

/*
 * The PipeWire node latency: a power-of-two quantum of at most half the
 * target (256 frames, 5.3 ms, for 20 ms at 48 kHz): the ring then holds at
 * least a quantum more than the guest's 10 ms packets.
 */
static uint32_t quantum_for(double target_s, uint32_t rate)
{
	uint32_t q = 64;

	while (q * 2 <= (uint32_t)(target_s * rate / 2) && q < 2048)
		q *= 2;
	return q;
}

/* ---- playback: PipeWire's data thread ---------------------------------- */

static void pause_stream(void *data)
{
	struct pw_audio *a = data;

	/* Still idle (no new burst since the drain)? Then pause. */
	atomic_store(&a->pb.pause_queued, false);
	if (a->pb.stream && atomic_load(&a->pb.draining))
		pw_stream_set_active(a->pb.stream, false);
}

static int invoke_pause(struct spa_loop *loop, bool async, uint32_t seq, const void *d,
			size_t size, void *user)
{
	(void)loop;
	(void)async;
	(void)seq;
	(void)d;
	(void)size;
	pause_stream(user);
	return 0;
}

/* Drop up to excess_s of the oldest buffered sound; returns the seconds dropped. */
static double skip(struct playback *p, double excess_s)
{
	uint32_t frames, fill = rl_audio_ring_fill(&p->ring) / p->stride, got;

	if (excess_s <= 0)
		return 0;
	frames = (uint32_t)(excess_s * p->rate);
	if (frames > fill)
		frames = fill;
	for (uint32_t left = frames; left; left -= got) {
		got = rl_audio_ring_read(&p->ring, p->tmp,
					 (left < TMP_FRAMES ? left : TMP_FRAMES) * p->stride) /
		      p->stride;
		if (!got)
			break;
	}
	return (double)frames / p->rate;
}

/* Resample from the ring into out until n frames or the ring runs dry. */
static uint32_t produce(struct playback *p, int16_t *out, uint32_t n, double ratio)
{
	uint32_t made = 0;

	while (made < n) {
		uint32_t want = rl_resampler_want(p->rs, n - made, ratio), got = 0, step;

		if (want > TMP_FRAMES)
			want = TMP_FRAMES;
		if (want) {
			got = rl_audio_ring_read(&p->ring, p->tmp, want * p->stride) / p->stride;
			rl_resampler_push(p->rs, p->tmp, got);
		}
		step = rl_resampler_pull(p->rs, out + made * p->channels, n - made, ratio);
		made += step;
		if (!step && want && !got)
			break; /* dry */
		if (!step && !want)
			break;
	}
	return made;
}

static void playback_process(void *data)
{
	struct pw_audio *a = data;
	struct playback *p = &a->pb;
	struct pw_buffer *b = pw_stream_dequeue_buffer(p->stream);
	struct spa_data *d;
	struct pw_time t;
	int16_t *out;
	uint32_t n, made = 0, sounding = 0, fade = (uint32_t)(FADE_S * p->rate);
	bool dry = false;
	double delay_s = 0, lat;
	unsigned int gen;
	bool draining = atomic_load(&p->draining);

	if (atomic_load_explicit(&p->sched_policy, memory_order_relaxed) < 0)
		atomic_store(&p->sched_policy, sched_getscheduler(0));
	if (!b)
		return;
	d = &b->buffer->datas[0];
	out = d->data;
	if (!out) {
		pw_stream_queue_buffer(p->stream, b);
		return;
	}
	n = d->maxsize / p->stride;
	if (b->requested && b->requested < n)
		n = (uint32_t)b->requested;
	if (n > TMP_FRAMES)
		n = TMP_FRAMES;

	gen = atomic_load(&p->start_gen);
	if (gen != p->seen_gen) {
		p->seen_gen = gen;
		if (p->state == PB_IDLE) {
			p->state = PB_PREFILL;
			rl_drift_reset(&p->drift);
		}
	}
	if (pw_stream_get_time_n(p->stream, &t, sizeof(t)) == 0 && t.rate.denom && t.delay > 0)
		delay_s = (double)t.delay * t.rate.num / t.rate.denom;
	lat = ((double)(rl_audio_ring_fill(&p->ring) / p->stride) + rl_resampler_pending(p->rs)) /
		      p->rate + delay_s;

	if (p->state == PB_PREFILL) {
		if (lat >= a->target_s || (draining && rl_audio_ring_fill(&p->ring))) {
			/* A burst that arrived all at once starts at the target, not above. */
			lat -= skip(p, lat - a->target_s);
			p->state = PB_PLAYING;
			p->fade_in = fade;
			/* From silence: start at the guest's volume now, no ramp from the old one. */
			for (uint32_t c = 0; c < p->channels; c++)
				p->gain_now[c] = volume_gain(&p->vol, c);
		} else if (draining) {
			p->state = PB_IDLE;
		}
	} else if (p->state == PB_PLAYING && p->resync_next) {
		/* The last cycle faded out: skip back to the target, fade in. */
		p->resync_next = false;
		lat -= skip(p, lat - a->target_s);
		rl_drift_reset(&p->drift);
		atomic_fetch_add(&p->resyncs, 1);
		p->fade_in = fade;
	} else if (p->state == PB_PLAYING && p->drift.primed &&
		   p->drift.avg_s > a->target_s + RESYNC_S) {
		/*
		 * Far above the target (the guest stalled, then caught up): the
		 * rate correction would take many seconds, so skip once: this
		 * cycle fades out, the next skips and fades in (no step).
		 */
		p->resync_next = true;
	}
	if (p->state == PB_PLAYING) {
		double ratio = rl_drift_update(&p->drift, lat, (double)n / p->rate);

		made = produce(p, out, n, ratio);
		dry = made < n;
		if (!dry && p->resync_next) /* a skip follows */
			rl_fade_tail(out, made, fade, p->channels);
		if (dry) {
			p->resync_next = false;
			if (draining) {
				p->state = PB_IDLE;
			} else {
				p->state = PB_PREFILL;
				atomic_fetch_add(&p->underruns, 1);
			}
		}
		/* Volume (ramped over the buffer: no zipper noise) and fade-in. */
		for (uint32_t c = 0; c < p->channels; c++) {
			float g0 = p->gain_now[c], g1 = volume_gain(&p->vol, c);

			for (uint32_t i = 0; i < made; i++) {
				float g = g0 + (g1 - g0) * (float)(i + 1) / (float)made;

				if (p->fade_in && i < p->fade_in)
					g *= (float)(fade - p->fade_in + i + 1) / (float)(fade + 1);
				if (g != 1.0f)
					out[i * p->channels + c] = clamp16(out[i * p->channels + c] * g);
			}
			p->gain_now[c] = g1;
		}
		p->fade_in = p->fade_in > made ? p->fade_in - made : 0;
		atomic_fetch_add(&p->played, made);
		/* Silence follows: a whole fade, past the last frame if need be. */
		if (dry)
			sounding = rl_fade_out(&p->played_tail, out, made, n, fade, p->channels);
		else
			sounding = made;
	}
	if (sounding < n)
		memset(out + sounding * p->channels, 0, (size_t)(n - sounding) * p->stride);
	rl_fade_remember(&p->played_tail, out, n, p->channels);
	if (p->state == PB_IDLE && draining && !atomic_exchange(&p->pause_queued, true))
		pw_loop_invoke(pw_thread_loop_get_loop(a->loop), invoke_pause, 0, NULL, 0, false, a);

	if (pthread_mutex_trylock(&a->stats_lock) == 0) {
		a->st_latency_ms = (p->drift.primed ? p->drift.avg_s : lat) * 1000.0;
		a->st_ppm = rl_drift_ppm(&p->drift);
		pthread_mutex_unlock(&a->stats_lock);
	}
	d->chunk->offset = 0;
	d->chunk->stride = (int32_t)p->stride;
	d->chunk->size = n * p->stride;
	pw_stream_queue_buffer(p->stream, b);
}

static void on_state(void *data, enum pw_stream_state old, enum pw_stream_state state,
		     const char *error)
{
	struct pw_audio *a = data;

	(void)old;
	if (state == PW_STREAM_STATE_ERROR)
		rl_warn(a->log, "audio: PipeWire stream error: %s", error ? error : "unknown");
	else
		rl_dbg(a->log, "audio: stream %s", pw_stream_state_as_string(state));
}

static const struct pw_stream_events playback_events = {
	PW_VERSION_STREAM_EVENTS,
	.state_changed = on_state,
	.process = playback_process,
};

/* ---- capture: PipeWire's data thread ----------------------------------- */

static void capture_process(void *data)
{
	struct pw_audio *a = data;
	struct capture *r = &a->rec;
	struct pw_buffer *b = pw_stream_dequeue_buffer(r->stream);
	struct spa_data *d;
	uint32_t off, size, n, space;
	const int16_t *in;
	uint64_t one = 1;

	if (!b)
		return;
	d = &b->buffer->datas[0];
	off = d->chunk->offset < d->maxsize ? d->chunk->offset : d->maxsize;
	size = d->chunk->size < d->maxsize - off ? d->chunk->size : d->maxsize - off;
	if (d->data && size) {
		in = SPA_PTROFF(d->data, off, const int16_t);
		n = size / r->stride;
		if (n > TMP_FRAMES)
			n = TMP_FRAMES;
		for (uint32_t c = 0; c < r->channels; c++) {
			float g = volume_gain(&r->vol, c);

			for (uint32_t i = 0; i < n; i++)
				r->tmp[i * r->channels + c] = clamp16(in[i * r->channels + c] * g);
		}
		space = rl_audio_ring_space(&r->ring) / r->stride;
		if (n > space) {
			atomic_fetch_add(&r->overruns, n - space);
			n = space;
		}
		rl_audio_ring_write(&r->ring, r->tmp, n * r->stride);
		if (n && write(r->fd, &one, sizeof(one)) < 0)
			(void)0; /* EAGAIN: already signalled */
	}
	pw_stream_queue_buffer(r->stream, b);
}

static const struct pw_stream_events capture_events = {
	PW_VERSION_STREAM_EVENTS,
	.state_changed = on_state,
	.process = capture_process,
};

/* ---- streams (the SPICE thread, under the thread loop's lock) ---------- */

static struct pw_stream *make_stream(struct pw_audio *a, bool capture, uint32_t channels,
				     uint32_t rate, struct spa_hook *hook,
				     const struct pw_stream_events *events)
{
	const char *target = capture ? a->mic_device : a->device;
	uint32_t quantum = capture ? rate / 100 : quantum_for(a->target_s, rate);
	struct pw_properties *props = pw_properties_new(
		PW_KEY_MEDIA_TYPE, "Audio",
		PW_KEY_MEDIA_CATEGORY, capture ? "Capture" : "Playback",
		PW_KEY_MEDIA_ROLE, capture ? "Communication" : "Game",
		PW_KEY_NODE_NAME, capture ? "relay-mic" : "relay-playback",
		PW_KEY_NODE_DESCRIPTION, capture ? "relay: microphone to the guest" :
						   "relay: the guest's sound",
		PW_KEY_APP_NAME, "relay-client", NULL);
	struct pw_stream *s;
	uint8_t pod[1024];
	struct spa_pod_builder bld = SPA_POD_BUILDER_INIT(pod, sizeof(pod));
	struct spa_audio_info_raw info = { .format = SPA_AUDIO_FORMAT_S16_LE,
					   .channels = channels, .rate = rate };
	const struct spa_pod *params[1];
	int err;

	if (!props)
		return NULL;
	pw_properties_setf(props, PW_KEY_NODE_LATENCY, "%u/%u", quantum, rate);
	if (target && *target)
		pw_properties_set(props, PW_KEY_TARGET_OBJECT, target);
	if (capture && a->mic_monitor)
		pw_properties_set(props, PW_KEY_STREAM_CAPTURE_SINK, "true");
	if (channels == 1) {
		info.position[0] = SPA_AUDIO_CHANNEL_MONO;
	} else if (channels == 2) {
		info.position[0] = SPA_AUDIO_CHANNEL_FL;
		info.position[1] = SPA_AUDIO_CHANNEL_FR;
	} else {
		info.flags = SPA_AUDIO_FLAG_UNPOSITIONED;
	}
	params[0] = spa_format_audio_raw_build(&bld, SPA_PARAM_EnumFormat, &info);
	s = pw_stream_new(a->core, capture ? "relay-mic" : "relay-playback", props);
	if (!s)
		return NULL;
	pw_stream_add_listener(s, hook, events, a);
	err = pw_stream_connect(s, capture ? PW_DIRECTION_INPUT : PW_DIRECTION_OUTPUT, PW_ID_ANY,
				PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS |
					PW_STREAM_FLAG_RT_PROCESS,
				params, 1);
	if (err < 0) {
		rl_warn(a->log, "audio: cannot connect the %s stream: %s",
			capture ? "capture" : "playback", strerror(-err));
		pw_stream_destroy(s);
		return NULL;
	}
	return s;
}

/* The guest's format, from SPICE: what the streams and rings can carry. */
static bool format_ok(struct pw_audio *a, const char *what, uint32_t channels, uint32_t rate)
{
	if (channels && channels <= MAX_CHANNELS && rate >= 8000 && rate <= 192000)
		return true;
	rl_warn(a->log, "audio: the guest's %s format (%u ch, %u Hz) is not supported", what,
		channels, rate);
	return false;
}

static bool pw_playback_start(struct rl_audio *base, uint32_t channels, uint32_t rate)
{
	struct pw_audio *a = pw_from(base);
	struct playback *p = &a->pb;

	if (!format_ok(a, "playback", channels, rate))
		return false;
	pw_thread_loop_lock(a->loop);
	if (p->stream && (p->rate != rate || p->channels != channels)) {
		pw_stream_destroy(p->stream);
		p->stream = NULL;
	}
	if (!p->stream) {
		p->rate = rate;
		p->channels = channels;
		p->played_tail.count = 0;
		p->stride = 2 * channels;
		rl_audio_ring_clear(&p->ring);
		rl_resampler_init(p->rs, channels);
		rl_drift_init(&p->drift, a->target_s);
		p->state = PB_IDLE;
		for (unsigned int c = 0; c < MAX_CHANNELS; c++)
			p->gain_now[c] = volume_gain(&p->vol, c);
		p->stream = make_stream(a, false, channels, rate, &p->listener, &playback_events);
		if (p->stream)
			rl_info(a->log, "audio: playing the guest's sound (%u Hz, %u ch, latency target %.0f ms) to %s",
				rate, channels, a->target_s * 1000,
				a->device && *a->device ? a->device : "the default sink");
	}
	atomic_store(&p->draining, false);
	atomic_fetch_add(&p->start_gen, 1);
	if (p->stream)
		pw_stream_set_active(p->stream, true);
	pw_thread_loop_unlock(a->loop);
	p->underruns_logged = atomic_load(&p->underruns);
	return p->stream != NULL;
}

static void pw_playback_write(struct rl_audio *base, const int16_t *frames, uint32_t count)
{
	struct pw_audio *a = pw_from(base);
	struct playback *p = &a->pb;
	uint32_t space, n;
	uint64_t u;

	if (!p->stream)
		return;
	space = rl_audio_ring_space(&p->ring) / p->stride;
	n = count < space ? count : space;
	rl_audio_ring_write(&p->ring, frames, n * p->stride);
	if (n < count)
		atomic_fetch_add(&p->overruns, count - n);
	if (!p->sched_logged && atomic_load(&p->sched_policy) >= 0) {
		int pol = atomic_load(&p->sched_policy) & ~SCHED_RESET_ON_FORK;

		p->sched_logged = true;
		if (pol != SCHED_FIFO && pol != SCHED_RR)
			rl_warn(a->log, "audio: PipeWire's audio thread has no real-time priority (no RTKit, no rtprio limit): under load the sound may drop out; install rtkit, or raise [audio] audio-latency");
		else
			rl_dbg(a->log, "audio: the audio thread runs with real-time priority");
	}
	/* Logged here, not on PipeWire's real-time thread; once per burst. */
	u = atomic_load(&p->underruns);
	if (u != p->underruns_logged && p->underruns_logged != UINT64_MAX) {
		rl_info(a->log, "audio: underrun: the guest's sound came late, the gap is silence (once per burst; the overlay counts them)");
		p->underruns_logged = UINT64_MAX;
	}
	u = atomic_load(&p->overruns);
	if (u != p->overruns_logged) {
		rl_warn(a->log, "audio: %llu frames dropped: the playback buffer is full",
			(unsigned long long)(u - p->overruns_logged));
		p->overruns_logged = u;
	}
}

static void pw_playback_stop(struct rl_audio *base)
{
	struct pw_audio *a = pw_from(base);

	atomic_store(&a->pb.draining, true);
}

static void pw_playback_volume(struct rl_audio *base, const uint16_t *v, uint32_t n, bool mute)
{
	volume_set(&pw_from(base)->pb.vol, v, n, mute);
}

static bool pw_record_start(struct rl_audio *base, uint32_t channels, uint32_t rate)
{
	struct pw_audio *a = pw_from(base);
	struct capture *r = &a->rec;

	if (!format_ok(a, "record", channels, rate))
		return false;
	pw_thread_loop_lock(a->loop);
	if (!r->stream) {
		r->rate = rate;
		r->channels = channels;
		r->stride = 2 * channels;
		rl_audio_ring_clear(&r->ring);
		r->stream = make_stream(a, true, channels, rate, &r->listener, &capture_events);
	}
	pw_thread_loop_unlock(a->loop);
	if (r->stream)
		rl_info(a->log, "audio: microphone live: %s goes to the guest (%u Hz, %u ch)",
			a->mic_device && *a->mic_device ? a->mic_device : "the default source",
			rate, channels);
	return r->stream != NULL;
}

static int pw_record_fd(struct rl_audio *base)
{
	return pw_from(base)->rec.fd;
}

static uint32_t pw_record_read(struct rl_audio *base, int16_t *frames, uint32_t max)
{
	struct pw_audio *a = pw_from(base);
	struct capture *r = &a->rec;
	uint64_t v;
	uint32_t n;

	if (read(r->fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		rl_dbg(a->log, "audio: eventfd read: %s", strerror(errno));
	if (!r->stride)
		return 0;
	n = rl_audio_ring_read(&r->ring, frames, max * r->stride) / r->stride;
	atomic_fetch_add(&r->frames, n);
	return n;
}

static void pw_record_stop(struct rl_audio *base)
{
	struct pw_audio *a = pw_from(base);
	bool was;

	pw_thread_loop_lock(a->loop);
	was = a->rec.stream != NULL;
	if (a->rec.stream)
		pw_stream_destroy(a->rec.stream);
	a->rec.stream = NULL;
	pw_thread_loop_unlock(a->loop);
	rl_audio_ring_clear(&a->rec.ring);
	if (was)
		rl_info(a->log, "audio: microphone closed");
}

static void pw_record_volume(struct rl_audio *base, const uint16_t *v, uint32_t n, bool mute)
{
	volume_set(&pw_from(base)->rec.vol, v, n, mute);
}

static void pw_stats(struct rl_audio *base, struct rl_audio_stats *out)
{
	struct pw_audio *a = pw_from(base);

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&a->stats_lock);
	out->latency_ms = a->st_latency_ms;
	out->drift_ppm = a->st_ppm;
	pthread_mutex_unlock(&a->stats_lock);
	pw_thread_loop_lock(a->loop);
	if (a->pb.stream) {
		out->rate = a->pb.rate;
		out->channels = a->pb.channels;
		out->playing = !atomic_load(&a->pb.draining) || rl_audio_ring_fill(&a->pb.ring);
	}
	out->mic_live = a->rec.stream != NULL;
	out->mic_rate = out->mic_live ? a->rec.rate : 0;
	out->mic_channels = out->mic_live ? a->rec.channels : 0;
	pw_thread_loop_unlock(a->loop);
	out->target_ms = a->target_s * 1000.0;
	out->underruns = atomic_load(&a->pb.underruns);
	out->overruns = atomic_load(&a->pb.overruns);
	out->resyncs = atomic_load(&a->pb.resyncs);
	out->frames_played = atomic_load(&a->pb.played);
	out->mic_frames = atomic_load(&a->rec.frames);
}

/* ---- life ------------------------------------------------------------- */

static void on_core_error(void *data, uint32_t id, int seq, int res, const char *message)
{
	struct pw_audio *a = data;

	(void)seq;
	if (id == PW_ID_CORE)
		rl_warn(a->log, "audio: PipeWire: %s (%s)", message ? message : "error",
			strerror(-res));
}

static const struct pw_core_events core_events = {
	PW_VERSION_CORE_EVENTS,
	.error = on_core_error,
};

static void pw_destroy(struct rl_audio *base)
{
	struct pw_audio *a;

	if (!base)
		return;
	a = pw_from(base);
	if (a->loop) {
		pw_thread_loop_lock(a->loop);
		if (a->pb.stream)
			pw_stream_destroy(a->pb.stream);
		if (a->rec.stream)
			pw_stream_destroy(a->rec.stream);
		if (a->core) {
			spa_hook_remove(&a->core_listener);
			pw_core_disconnect(a->core);
		}
		pw_thread_loop_unlock(a->loop);
		pw_thread_loop_stop(a->loop);
		if (a->context)
			pw_context_destroy(a->context);
		pw_thread_loop_destroy(a->loop);
	}
	if (a->rec.fd >= 0)
		close(a->rec.fd);
	rl_audio_ring_free(&a->pb.ring);
	rl_audio_ring_free(&a->rec.ring);
	free(a->pb.rs);
	free(a->pb.tmp);
	free(a->rec.tmp);
	free(a->device);
	free(a->mic_device);
	pthread_mutex_destroy(&a->stats_lock);
	free(a);
	pw_deinit();
}

static struct rl_audio *pw_create(const struct rl_audio_params *p, const struct rl_log *log)
{
	struct pw_audio *a = calloc(1, sizeof(*a));

	pw_init(NULL, NULL);
	if (!a) {
		rl_err(log, "audio: out of memory");
		pw_deinit();
		return NULL;
	}
	a->base.impl = &rl_audio_pipewire;
	a->log = log;
	a->rec.fd = -1;
	pthread_mutex_init(&a->stats_lock, NULL);
	a->device = p->device && *p->device ? strdup(p->device) : NULL;
	a->mic_device = p->mic_device && *p->mic_device ? strdup(p->mic_device) : NULL;
	a->mic_monitor = p->mic_monitor;
	a->target_s = (p->latency_ms ? p->latency_ms : 20) / 1000.0;
	atomic_init(&a->pb.sched_policy, -1);
	volume_init(&a->pb.vol);
	volume_init(&a->rec.vol);
	a->pb.rs = malloc(sizeof(*a->pb.rs));
	a->pb.tmp = malloc(sizeof(int16_t) * TMP_FRAMES * MAX_CHANNELS);
	a->rec.tmp = malloc(sizeof(int16_t) * TMP_FRAMES * MAX_CHANNELS);
	a->rec.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	/* One second of 8 channels at 48 kHz; 192 kHz stereo fits too. */
	if (!a->pb.rs || !a->pb.tmp || !a->rec.tmp || a->rec.fd < 0 ||
	    !rl_audio_ring_init(&a->pb.ring, 48000 * 2 * MAX_CHANNELS) ||
	    !rl_audio_ring_init(&a->rec.ring, 48000 * 2 * MAX_CHANNELS)) {
		rl_err(log, "audio: out of memory");
		goto fail;
	}
	a->loop = pw_thread_loop_new("relay-audio", NULL);
	if (!a->loop)
		goto fail;
	a->context = pw_context_new(pw_thread_loop_get_loop(a->loop),
				    pw_properties_new(PW_KEY_CONFIG_NAME, "client-rt.conf", NULL), 0);
	if (!a->context || pw_thread_loop_start(a->loop) < 0)
		goto fail;
	pw_thread_loop_lock(a->loop);
	a->core = pw_context_connect(a->context, NULL, 0);
	if (a->core)
		pw_core_add_listener(a->core, &a->core_listener, &core_events, a);
	pw_thread_loop_unlock(a->loop);
	if (!a->core) {
		const char *dir = getenv("XDG_RUNTIME_DIR");

		rl_warn(log, "audio: PipeWire is not running for this user (no socket in %s): no sound (--no-audio silences this)",
			dir ? dir : "$XDG_RUNTIME_DIR, which is unset");
		goto fail;
	}
	return &a->base;

fail:
	pw_destroy(&a->base);
	return NULL;
}

const struct rl_audio_ops rl_audio_pipewire = {
	.name = "pipewire",
	.create = pw_create,
	.destroy = pw_destroy,
	.playback_start = pw_playback_start,
	.playback_write = pw_playback_write,
	.playback_stop = pw_playback_stop,
	.playback_volume = pw_playback_volume,
	.record_start = pw_record_start,
	.record_fd = pw_record_fd,
	.record_read = pw_record_read,
	.record_stop = pw_record_stop,
	.record_volume = pw_record_volume,
	.stats = pw_stats,
};
