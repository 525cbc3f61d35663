/* SPDX-License-Identifier: MIT */
/*
 * The audio path's pure logic: the SPSC ring (wrap-around, full, empty,
 * two threads), the resampler (bit-exact at ratio 1, continuous across
 * calls and ratio changes, a tone's frequency scaled by the ratio) and
 * the drift controller (a simulated guest clock 0.2% fast and 0.2% slow:
 * the latency holds its target within 1 ms from the 10th second on, and
 * the learned correction matches the offset), and the fade before a gap
 * (its whole length even when the ring runs dry early in a cycle).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "drift.h"
#include "fade.h"
#include "resample.h"
#include "ring.h"

static void test_ring_basic(void)
{
	struct rl_audio_ring r;
	uint8_t in[3000], out[3000];

	CHECK(rl_audio_ring_init(&r, 1000));
	CHECK_EQ_U64(r.size, 1024);
	for (unsigned int i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7);
	CHECK_EQ_U64(rl_audio_ring_write(&r, in, 1000), 1000);
	CHECK_EQ_U64(rl_audio_ring_write(&r, in + 1000, 100), 24); /* full */
	CHECK_EQ_U64(rl_audio_ring_fill(&r), 1024);
	CHECK_EQ_U64(rl_audio_ring_read(&r, out, 600), 600);
	CHECK(memcmp(out, in, 600) == 0);
	/* wraps */
	CHECK_EQ_U64(rl_audio_ring_write(&r, in + 1024, 500), 500);
	CHECK_EQ_U64(rl_audio_ring_read(&r, out, 3000), 924);
	CHECK(memcmp(out, in + 600, 924) == 0);
	CHECK_EQ_U64(rl_audio_ring_read(&r, out, 10), 0);
	CHECK_EQ_U64(rl_audio_ring_write(&r, in, 10), 10);
	rl_audio_ring_clear(&r);
	CHECK_EQ_U64(rl_audio_ring_fill(&r), 0);
	rl_audio_ring_free(&r);
}

#define STREAM_BYTES (8u << 20)

static void *producer(void *arg)
{
	struct rl_audio_ring *r = arg;
	uint8_t buf[777];
	uint32_t sent = 0;

	while (sent < STREAM_BYTES) {
		uint32_t n = sizeof(buf), w;

		if (n > STREAM_BYTES - sent)
			n = STREAM_BYTES - sent;
		for (uint32_t i = 0; i < n; i++)
			buf[i] = (uint8_t)((sent + i) * 31 + ((sent + i) >> 8));
		w = rl_audio_ring_write(r, buf, n);
		sent += w;
	}
	return NULL;
}

static void test_ring_threads(void)
{
	struct rl_audio_ring r;
	pthread_t t;
	uint8_t buf[1000];
	uint32_t got = 0, bad = 0;

	CHECK(rl_audio_ring_init(&r, 4096));
	CHECK(pthread_create(&t, NULL, producer, &r) == 0);
	while (got < STREAM_BYTES) {
		uint32_t n = rl_audio_ring_read(&r, buf, sizeof(buf));

		for (uint32_t i = 0; i < n; i++)
			bad += buf[i] != (uint8_t)((got + i) * 31 + ((got + i) >> 8));
		got += n;
	}
	pthread_join(t, NULL);
	CHECK_EQ_U64(bad, 0);
	CHECK_EQ_U64(got, STREAM_BYTES);
	rl_audio_ring_free(&r);
}

static struct rl_resampler rs; /* 128 KiB: not on the stack */

static void test_resample_exact(void)
{
	int16_t in[2 * 1000], out[2 * 1000];
	unsigned int made = 0, fed = 0;

	for (unsigned int i = 0; i < 2000; i++)
		in[i] = (int16_t)(rand() % 65536 - 32768);
	rl_resampler_init(&rs, 2);
	/* Uneven call sizes: the output is the input, delayed by nothing. */
	while (made < 990) {
		unsigned int n = 1 + (made * 13) % 97, w;

		if (n > 990 - made)
			n = 990 - made;
		w = rl_resampler_want(&rs, n, 1.0);
		if (w > 1000 - fed)
			w = 1000 - fed;
		fed += rl_resampler_push(&rs, in + 2 * fed, w);
		made += rl_resampler_pull(&rs, out + 2 * made, n, 1.0);
	}
	CHECK(memcmp(in, out, sizeof(int16_t) * 2 * 990) == 0);
}

/* Frequency of channel 0 from zero crossings. */
static double crossings_hz(const int16_t *s, unsigned int frames, unsigned int ch, double rate)
{
	unsigned int first = 0, last = 0, n = 0;

	for (unsigned int i = 1; i < frames; i++) {
		if ((s[(i - 1) * ch] < 0) != (s[i * ch] < 0)) {
			if (!n)
				first = i;
			last = i;
			n++;
		}
	}
	return n > 1 ? (double)(n - 1) / 2.0 / ((double)(last - first) / rate) : 0;
}

static void test_resample_tone(void)
{
	enum { IN = 96000, OUT = 48000 };
	static int16_t in[IN], out[OUT];
	unsigned int fed = 0, made = 0, jumps = 0;
	double ratio = 1.002;

	for (unsigned int i = 0; i < IN; i++)
		in[i] = (int16_t)(10000 * sin(2 * M_PI * 440.0 * i / 48000.0));
	rl_resampler_init(&rs, 1);
	while (made < OUT) {
		unsigned int n = 480, w = rl_resampler_want(&rs, n, ratio);

		fed += rl_resampler_push(&rs, in + fed, w);
		made += rl_resampler_pull(&rs, out + made, n, ratio);
	}
	/* 440 Hz eaten 0.2% faster is 440.88 Hz. */
	double hz = crossings_hz(out + 480, OUT - 480, 1, 48000.0);

	CHECK(fabs(hz - 440.88) < 0.05);
	/* Continuous: no step larger than the tone's own steepest. */
	for (unsigned int i = 481; i < OUT; i++)
		jumps += abs(out[i] - out[i - 1]) > 10000 * 2 * M_PI * 441 / 48000 + 2;
	CHECK_EQ_U64(jumps, 0);
	/* Changing the ratio every call keeps it continuous too. */
	rl_resampler_init(&rs, 1);
	fed = made = 0;
	while (made < OUT) {
		double r = 1.0 + ((made / 480) % 2 ? 0.004 : -0.004);
		unsigned int w = rl_resampler_want(&rs, 480, r);

		fed += rl_resampler_push(&rs, in + fed, w);
		made += rl_resampler_pull(&rs, out + made, 480, r);
	}
	jumps = 0;
	for (unsigned int i = 481; i < OUT; i++)
		jumps += abs(out[i] - out[i - 1]) > 10000 * 2 * M_PI * 442 / 48000 + 2;
	CHECK_EQ_U64(jumps, 0);
}

/*
 * A guest clock off by `offset`: 480-frame packets arrive every 10 ms of
 * guest time, the card takes 256-frame periods (node.latency), 5 ms downstream.
 * Returns the worst |latency - target| from the 10th second on, in ms.
 */
static double simulate(double offset, double *ppm)
{
	const double rate = 48000, target = 0.020, period = 256 / rate, downstream = 0.005;
	struct rl_drift d;
	double t = 0, next_packet = 0, buffered = 0.020 * rate, ratio = 1.0, worst = 0;

	rl_drift_init(&d, target);
	while (t < 120.0) {
		while (next_packet <= t) {
			buffered += 480;
			next_packet += 0.010 / (1.0 + offset);
		}
		buffered -= 256 * ratio;
		t += period;
		double lat = buffered / rate + downstream;

		ratio = rl_drift_update(&d, lat, period);
		if (t >= 10.0 && fabs(d.avg_s - target) * 1000 > worst)
			worst = fabs(d.avg_s - target) * 1000;
		if (buffered < 0)
			worst = 1e9; /* ran dry */
	}
	*ppm = rl_drift_ppm(&d);
	return worst;
}

static void test_drift(void)
{
	double ppm, worst;

	worst = simulate(0.002, &ppm);
	printf("drift +0.2%%: worst %.2f ms off after 10 s, correction %+.0f ppm\n", worst, ppm);
	CHECK(worst < 1.0);
	CHECK(fabs(ppm - 2000) < 100);
	worst = simulate(-0.002, &ppm);
	printf("drift -0.2%%: worst %.2f ms off after 10 s, correction %+.0f ppm\n", worst, ppm);
	CHECK(worst < 1.0);
	CHECK(fabs(ppm + 2000) < 100);
	worst = simulate(0, &ppm);
	CHECK(worst < 1.0);
	CHECK(fabs(ppm) < 100);
}

/* The largest step between neighbouring samples of a + b (channel 0 of 2). */
static int worst_step(const int16_t *a, uint32_t na, const int16_t *b, uint32_t nb)
{
	int worst = 0, prev = na ? a[0] : b[0];

	for (uint32_t i = 0; i < na + nb; i++) {
		int v = i < na ? a[i * 2] : b[(i - na) * 2];
		int d = v > prev ? v - prev : prev - v;

		worst = d > worst ? d : worst;
		prev = v;
	}
	return worst;
}

/*
 * A dry ring early in a cycle (5 frames left, at a 440 Hz sine's trough,
 * the cycle before sent at full level): the fade still takes its whole
 * length, through the mirror, with no step beyond the sine's own; fading
 * only the 5 frames (what the client did) steps by thousands.
 */
static void test_fade(void)
{
	enum { N = 512, FADE = 96, CH = 2 };
	static struct rl_fade_history h;
	static int16_t prev[N * CH], out[N * CH], plain[N * CH];
	const double w = 2 * M_PI * 440 / 48000;
	/* A 440 Hz sine's steepest step at amplitude 8000, and a margin. */
	const int sine_step = (int)(8000 * w) + 1, limit = sine_step * 3 / 2;
	uint32_t sounding;
	int step;

	for (uint32_t i = 0; i < N; i++)
		for (uint32_t c = 0; c < CH; c++)
			prev[i * CH + c] = (int16_t)(8000 * sin(w * (i + 0.5) - M_PI / 2 - w * N));
	memset(&h, 0, sizeof(h));
	rl_fade_remember(&h, prev, N, CH);
	CHECK(h.count == RL_FADE_MAX_FRAMES);
	for (uint32_t i = 0; i < N * CH; i++)
		out[i] = 0;
	for (uint32_t i = 0; i < 5; i++)
		for (uint32_t c = 0; c < CH; c++)
			out[i * CH + c] = (int16_t)(8000 * sin(w * (i + 0.5) - M_PI / 2));
	memcpy(plain, out, sizeof(out));

	sounding = rl_fade_out(&h, out, 5, N, FADE, CH);
	CHECK(sounding == 5 + FADE);
	step = worst_step(prev, N, out, N);
	printf("fade past a dry ring: %u frames sound, worst step %d (a sine's %d)\n", sounding, step,
	       sine_step);
	CHECK(step <= limit);
	CHECK(out[(sounding - 1) * CH] > -8000 / FADE * 2 && out[(sounding - 1) * CH] < 8000 / FADE * 2);

	rl_fade_tail(plain, 5, FADE, CH);
	step = worst_step(prev, N, plain, N);
	printf("fading only the 5 frames left: worst step %d\n", step);
	CHECK(step > limit);

	/* Enough frames: the fade is the last FADE of them, nothing added. */
	memcpy(out, prev, sizeof(out));
	sounding = rl_fade_out(&h, out, N, N, FADE, CH);
	CHECK(sounding == N);
	CHECK(memcmp(out, prev, (N - FADE) * CH * sizeof(int16_t)) == 0);
	CHECK(out[(N - 1) * CH] * 10 / 8000 == 0);

	/* The history keeps the newest frames in order across short cycles. */
	memset(&h, 0, sizeof(h));
	for (int16_t k = 0; k < 3; k++) {
		int16_t few[4 * CH];

		for (uint32_t i = 0; i < 4 * CH; i++)
			few[i] = (int16_t)(k * 4 + (int)i / CH);
		rl_fade_remember(&h, few, 4, CH);
	}
	CHECK(h.count == 12);
	for (uint32_t i = 0; i < 12; i++)
		CHECK(h.frames[i * CH] == (int16_t)i);
}

int main(void)
{
	test_ring_basic();
	test_ring_threads();
	test_resample_exact();
	test_resample_tone();
	test_drift();
	test_fade();
	return check_summary();
}
