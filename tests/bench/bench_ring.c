/* SPDX-License-Identifier: MIT */
/*
 * relay transport benchmark: prints one table, all figures measured in
 * this run and put against a baseline measured in the same run.
 *
 *   bench_ring [--quick] [--latency-only] [--poll-us N]
 *
 * 1. memcpy of a 1080p / 4K BGRA frame between two buffers (the ceiling).
 * 2. Full-frame transport: rl_producer_publish (host writes the slot) +
 *    rl_consumer_take_frame (client copies it out), i.e. two frame copies,
 *    against two plain memcpys of the same frame.
 * 3. 1%-damage frame vs full frame, same path.
 * 4. Latency publish -> observed by the real client core with its default
 *    polling (a host thread publishes at 60 fps), p50/p99/max, and the
 *    client thread's CPU while frames flow and while the host is idle.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "loop.h"
#include "relay/ring.h"
#include "relay/time.h"

struct size_case {
	const char *name;
	uint32_t w, h;
};

static const struct size_case sizes[] = {
	{ "1080p", 1920, 1080 },
	{ "4K", 3840, 2160 },
};

static double now_s(void)
{
	return (double)rl_time_ns() / 1e9;
}

static double thread_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Frames per second of the copies a transport cannot avoid, without any
 * protocol: src -> one of 3 slot-sized buffers -> a local buffer, over the
 * same amount of memory the ring touches (so caches flatter neither).
 */
static double two_copy_fps(uint8_t *const slots[3], uint8_t *local,
			   const uint8_t *src, size_t bytes, double secs)
{
	uint64_t n = 0;
	double t0 = now_s(), t;

	do {
		memcpy(slots[n % 3], src, bytes);
		memcpy(local, slots[n % 3], bytes);
		local[n % bytes] ^= 1;
		n++;
		t = now_s();
	} while (t - t0 < secs);
	return (double)n / (t - t0);
}

/* Frames per second of plain memcpy of `bytes`. */
static double memcpy_fps(uint8_t *dst, const uint8_t *src, size_t bytes, double secs)
{
	uint64_t n = 0;
	double t0 = now_s(), t;

	do {
		memcpy(dst, src, bytes);
		dst[n % bytes] ^= 1; /* keep the copy observable */
		n++;
		t = now_s();
	} while (t - t0 < secs);
	return (double)n / (t - t0);
}

struct rig {
	uint8_t *mem;
	uint64_t size;
	struct rl_producer p;
	struct rl_consumer c;
	struct rl_frame f;
	struct rl_log log;
};

static void rig_init(struct rig *r, uint32_t w, uint32_t h)
{
	struct rl_producer_params pp = { 3, 0xbe7c, "bench" };
	struct rl_consumer_params cp = { 10 * RL_NS_PER_S, 1 };

	memset(r, 0, sizeof(*r));
	rl_log_init(&r->log, "bench");
	r->size = rl_producer_region_size(3, w, h, 4);
	r->mem = aligned_alloc(RL_PAGE_SIZE, r->size);
	memset(r->mem, 0, r->size);
	rl_producer_init(&r->p, r->mem, r->size, &pp, &r->log, rl_time_ns());
	rl_consumer_init(&r->c, r->mem, r->size, &cp);
	rl_consumer_update_link(&r->c, rl_time_ns());
	rl_producer_heartbeat(&r->p, rl_time_ns());
	rl_consumer_update_link(&r->c, rl_time_ns());
}

static void rig_free(struct rig *r)
{
	rl_frame_finish(&r->f);
	free(r->mem);
}

/* Frames per second through publish + take with the given damage. */
static double transport_fps(struct rig *r, const uint8_t *src, uint32_t w,
			    uint32_t h, const struct rl_damage *dmg, double secs)
{
	struct rl_frame_desc d = { RL_FMT_BGRA8, w, h, 0, 0, 0 };
	uint64_t n = 0;
	double t0, t;

	/* First frame (a new mode) is always whole: not timed. */
	rl_producer_publish(&r->p, &d, src, w * 4, NULL);
	rl_consumer_take_frame(&r->c, &r->f, &r->log);
	t0 = now_s();
	do {
		rl_producer_publish(&r->p, &d, src, w * 4, dmg);
		if (rl_consumer_take_frame(&r->c, &r->f, &r->log) != RL_TAKE_FRAME) {
			fprintf(stderr, "bench: frame not taken\n");
			exit(1);
		}
		n++;
		t = now_s();
	} while (t - t0 < secs);
	return (double)n / (t - t0);
}

/* ---- latency through the client core ------------------------------------ */

struct host_thread;

struct lat_view {
	uint64_t *samples;
	size_t count, cap;
	bool connected;
	bool connecting;              /* phase 1: quit once connected */
	struct rl_producer *p;        /* heartbeat while connecting */
	const struct host_thread *ht; /* phase 2: quit when the host is done */
	double t_start, cpu0, t0;
	bool measuring;
};

static void lat_link(void *view, enum rl_link_state st, const char *msg)
{
	struct lat_view *v = view;

	(void)msg;
	v->connected = st == RL_LINK_CONNECTED;
}

static void lat_frame(void *view, const struct rl_frame *f)
{
	struct lat_view *v = view;
	uint64_t now = rl_time_ns();

	if (v->count < v->cap && now >= f->ts_publish_ns)
		v->samples[v->count++] = now - f->ts_publish_ns;
}

struct host_thread {
	struct rig *r;
	const uint8_t *src;
	uint32_t w, h;
	double fps;      /* 0 = idle: heartbeat only */
	double secs;
	volatile int done;
};

static void lat_cursor(void *view, const struct rl_cursor *cur, uint32_t changed)
{
	(void)view;
	(void)cur;
	(void)changed;
}

static uint32_t lat_present(void *view)
{
	(void)view;
	return 0;
}


/*
 * Sleeps as the headless view does. Phase 1 heartbeats for the host until
 * the link is up; phase 2 starts the CPU measurement in steady state
 * (from 0.5 s on, after the client has noticed whether frames flow: it
 * polls faster for 250 ms after the last frame before it calls the stream
 * idle) and quits when the host thread is done.
 */
static bool lat_wait(void *view, uint64_t timeout_ns, struct pollfd *fds, unsigned int nfds)
{
	struct lat_view *v = view;

	(void)fds;
	(void)nfds;
	if (v->connecting) {
		rl_producer_heartbeat(v->p, rl_time_ns());
		rl_sleep_ns(RL_NS_PER_MS);
		return !v->connected;
	}
	if (!v->measuring && now_s() - v->t_start >= 0.5) {
		v->measuring = true;
		v->cpu0 = thread_cpu_s();
		v->t0 = now_s();
	}
	if (v->ht->done)
		return false;
	rl_sleep_ns(timeout_ns);
	return true;
}

static const struct rl_view_ops lat_view_ops = {
	.name = "bench",
	.link_changed = lat_link,
	.frame = lat_frame,
	.cursor = lat_cursor,
	.present = lat_present,
	.wait = lat_wait,
};

static void *host_main(void *arg)
{
	struct host_thread *ht = arg;
	struct rl_frame_desc d = { RL_FMT_BGRA8, ht->w, ht->h, 0, 0, 0 };
	struct rl_damage dmg;
	uint64_t start = rl_time_ns(), period = ht->fps > 0 ? (uint64_t)(1e9 / ht->fps) : 0;
	uint64_t next = start, k = 0;

	rl_time_precise_sleep();
	while (rl_time_ns() - start < (uint64_t)(ht->secs * 1e9)) {
		uint64_t now = rl_time_ns();

		rl_producer_heartbeat(&ht->r->p, now);
		if (period && now >= next) {
			rl_damage_clear(&dmg);
			rl_damage_add(&dmg, (struct rl_rect){ (uint32_t)(k * 37 % (ht->w - 192)),
				      (uint32_t)(k * 53 % (ht->h - 108)), 192, 108 }, ht->w, ht->h);
			d.ts_capture_ns = now;
			rl_producer_publish(&ht->r->p, &d, ht->src, ht->w * 4, &dmg);
			k++;
			next += period;
		}
		uint64_t wake = period ? next : now + 50 * RL_NS_PER_MS;
		uint64_t hb = now + 50 * RL_NS_PER_MS;

		now = rl_time_ns();
		if (hb < wake)
			wake = hb;
		if (wake > now)
			rl_sleep_ns(wake - now);
	}
	ht->done = 1;
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

struct lat_result {
	double p50_us, p99_us, max_us, cpu_pct;
	size_t samples;
};

static struct lat_result latency_run(double fps, double secs, uint64_t poll_us)
{
	struct rig r;
	struct lat_view v = { 0 };
	struct rl_shm shm = { 0 };
	struct rl_client_params params = {
		.host_timeout_ns = 500 * RL_NS_PER_MS,
		.poll_ns = poll_us * RL_NS_PER_US, /* relay-client's default: 20 */
		.idle_poll_ns = 2000 * RL_NS_PER_US,
	};
	struct lat_result res = { 0 };
	static uint8_t *src;
	const uint32_t w = 1920, h = 1080;

	if (!src) {
		src = malloc((size_t)w * h * 4);
		memset(src, 0x5a, (size_t)w * h * 4);
	}
	rig_init(&r, w, h);
	/* One full frame first so the timed ones are the usual damage path. */
	struct rl_frame_desc d = { RL_FMT_BGRA8, w, h, 0, 0, 0 };

	rl_producer_publish(&r.p, &d, src, w * 4, NULL);
	shm.base = r.mem;
	shm.size = r.size;
	v.cap = (size_t)(fps * secs) + 16;
	v.samples = calloc(v.cap, sizeof(uint64_t));

	struct rl_client *c = rl_client_create(&params, &shm, &r.log, &lat_view_ops, &v);
	struct rl_loop_params lp = { 0 };
	struct rl_loop *loop = rl_loop_create(c, &lat_view_ops, &v, &lp, &r.log);
	struct host_thread ht = { &r, src, w, h, fps, secs, 0 };
	pthread_t th;

	rl_time_precise_sleep();
	/* Connect before timing. */
	v.p = &r.p;
	v.connecting = true;
	rl_loop_run(loop);
	v.connecting = false;
	v.count = 0;
	v.ht = &ht;
	pthread_create(&th, NULL, host_main, &ht);
	v.t_start = now_s();
	rl_loop_run(loop);
	double cpu = v.measuring ? thread_cpu_s() - v.cpu0 : 0;
	double wall = v.measuring ? now_s() - v.t0 : 1;

	pthread_join(th, NULL);
	res.cpu_pct = cpu / wall * 100.0;
	res.samples = v.count;
	if (v.count > 1 && fps > 0) {
		/* The first frame may have waited out an idle poll: drop it. */
		qsort(v.samples + 1, v.count - 1, sizeof(uint64_t), cmp_u64);
		size_t n = v.count - 1;

		res.p50_us = (double)v.samples[1 + n / 2] / 1e3;
		res.p99_us = (double)v.samples[1 + (n * 99) / 100 - (n * 99 % 100 == 0 && n > 1)] / 1e3;
		res.max_us = (double)v.samples[v.count - 1] / 1e3;
	}
	rl_loop_destroy(loop);
	rl_client_destroy(c);
	free(v.samples);
	rig_free(&r);
	return res;
}

int main(int argc, char **argv)
{
	bool quick = false, latency_only = false;
	uint64_t poll_us = 20;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			quick = true;
		} else if (strcmp(argv[i], "--latency-only") == 0) {
			latency_only = true;
		} else if (strcmp(argv[i], "--poll-us") == 0 && i + 1 < argc) {
			poll_us = strtoull(argv[++i], NULL, 10);
		} else {
			fprintf(stderr, "usage: bench_ring [--quick] [--latency-only] [--poll-us N]\n");
			return 2;
		}
	}
	double secs = quick ? 0.05 : 1.0;

	printf("relay transport benchmark (%s)\n\n", quick ? "quick smoke run, figures meaningless" : "one run, same machine");
	if (latency_only)
		goto latency;
	printf("%-34s %12s %12s %10s\n", "measure", "frames/s", "GB/s", "ratio");
	printf("%-34s %12s %12s %10s\n", "----------------------------------", "------------", "------------", "----------");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const struct size_case *sc = &sizes[i];
		size_t bytes = (size_t)sc->w * sc->h * 4;
		uint8_t *a = malloc(bytes), *b = malloc(bytes);
		struct rig r;
		struct rl_damage one_pct;
		char label[64];

		memset(a, 0x33, bytes);
		memset(b, 0x44, bytes);
		double mc = memcpy_fps(b, a, bytes, secs);

		snprintf(label, sizeof(label), "memcpy %s BGRA (ceiling)", sc->name);
		printf("%-34s %12.1f %12.2f %10s\n", label, mc, mc * bytes / 1e9, "-");

		uint8_t *slots[3] = { malloc(bytes), malloc(bytes), malloc(bytes) };

		for (int k = 0; k < 3; k++)
			memset(slots[k], k, bytes);
		double two = two_copy_fps(slots, b, a, bytes, secs);

		for (int k = 0; k < 3; k++)
			free(slots[k]);
		snprintf(label, sizeof(label), "2 memcpys %s via 3 slots", sc->name);
		printf("%-34s %12.1f %12.2f %10s\n", label, two, two * bytes / 1e9, "1.00");

		rig_init(&r, sc->w, sc->h);
		double full = transport_fps(&r, a, sc->w, sc->h, NULL, secs);

		snprintf(label, sizeof(label), "transport %s full", sc->name);
		printf("%-34s %12.1f %12.2f %10.2f\n", label, full, full * bytes / 1e9,
		       full / two);

		/* 1% of the area: a centred rect of 10% x 10%. */
		rl_damage_clear(&one_pct);
		rl_damage_add(&one_pct, (struct rl_rect){ sc->w / 2, sc->h / 2, sc->w / 10, sc->h / 10 },
			      sc->w, sc->h);
		double part = transport_fps(&r, a, sc->w, sc->h, &one_pct, secs);

		snprintf(label, sizeof(label), "transport %s 1%% damage", sc->name);
		printf("%-34s %12.1f %12s %9.2f%%\n", label, part, "-", full / part * 100.0);
		rig_free(&r);
		free(a);
		free(b);
	}
	printf("\n(GB/s = frame bytes x frames/s. A transported frame is copied twice,\n"
	       " host -> slot -> client, so its ceiling is \"2 memcpys via 3 slots\":\n"
	       " the same copies over the same memory with no protocol; ratio =\n"
	       " transport / that. For 1%% damage: time of a 1%%-damage frame as a\n"
	       " share of a full frame.)\n\n");

latency:;
	double lsecs = quick ? 0.3 : 5.0;
	struct lat_result busy = latency_run(60, lsecs, poll_us);
	struct lat_result idle = latency_run(0, quick ? 0.8 : 3.0, poll_us);

	printf("%-34s %10s %10s %10s %10s\n", "publish -> observed (client core)", "p50 us", "p99 us", "max us", "cpu %");
	printf("%-34s %10s %10s %10s %10s\n", "----------------------------------", "----------", "----------", "----------", "----------");
	printf("%-34s %10.1f %10.1f %10.1f %10.2f\n", "host publishing 1080p at 60 fps", busy.p50_us,
	       busy.p99_us, busy.max_us, busy.cpu_pct);
	printf("%-34s %10s %10s %10s %10.2f\n", "host idle (heartbeat only)", "-", "-", "-", idle.cpu_pct);
	printf("\n(%zu latency samples; poll-us %llu (client default 20), idle-poll-us 2000;\n"
	       " cpu = client thread CPU time / wall time, %% of one core, from 0.5 s on)\n",
	       busy.samples, (unsigned long long)poll_us);
	return 0;
}
