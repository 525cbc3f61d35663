/* SPDX-License-Identifier: MIT */
/*
 * Concurrency stress: a producer and a consumer race over a real
 * /dev/shm file, first as two threads, then as two processes. Every frame
 * paints one pseudo-random rect with its serial; the consumer replays the
 * rects of every serial up to the one it received into a model and
 * compares the whole frame. A torn or wrongly-unioned frame fails.
 *
 *   test_ring_stress [frames]      (default 2000000 per mode)
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "relay/ring.h"
#include "relay/time.h"

#define W 160
#define H 96
#define REGION (4u << 20)

struct run {
	uint8_t *mem;
	uint64_t frames;
};

/* The rect frame `serial` paints; a pure function of serial. */
static struct rl_rect rect_of(uint64_t serial)
{
	uint64_t z = serial * 0x9e3779b97f4a7c15ull;

	z ^= z >> 29;
	z *= 0xbf58476d1ce4e5b9ull;
	z ^= z >> 32;
	struct rl_rect r = { (uint32_t)(z % W), (uint32_t)((z >> 12) % H),
			     1 + (uint32_t)((z >> 24) % 48), 1 + (uint32_t)((z >> 36) % 32) };

	if (r.x + r.w > W)
		r.w = W - r.x;
	if (r.y + r.h > H)
		r.h = H - r.y;
	return r;
}

static void paint(uint32_t *px, uint64_t serial)
{
	struct rl_rect r = rect_of(serial);

	for (uint32_t y = r.y; y < r.y + r.h; y++)
		for (uint32_t x = r.x; x < r.x + r.w; x++)
			px[y * W + x] = (uint32_t)serial;
}

static int produce(struct run *run)
{
	static uint32_t src[W * H];
	struct rl_producer_params pp = { 3, 0xfeed, "stress" };
	struct rl_frame_desc d = { RL_FMT_BGRA8, W, H, 0, 0, 0 };
	struct rl_producer p;
	struct rl_log log;

	rl_log_init(&log, "stress-producer");
	memset(src, 0, sizeof(src));
	if (!rl_producer_init(&p, run->mem, REGION, &pp, &log, rl_time_ns()))
		return 1;
	for (uint64_t s = 1; s <= run->frames; s++) {
		struct rl_damage dmg;

		paint(src, s);
		rl_damage_clear(&dmg);
		rl_damage_add(&dmg, rect_of(s), W, H);
		if (s == 1)
			rl_damage_set_full(&dmg);
		if (rl_producer_publish(&p, &d, (uint8_t *)src, W * 4, &dmg).status != RL_PUBLISH_DONE)
			return 1;
		if ((s & 1023) == 0)
			rl_producer_heartbeat(&p, rl_time_ns());
	}
	rl_producer_set_state(&p, RL_HOST_STATE_STOPPED, 0);
	return 0;
}

struct consume_result {
	uint64_t received, wrong, torn, skipped, full, partial;
};

static void consume(struct run *run, struct consume_result *res)
{
	static uint32_t model[W * H];
	struct rl_consumer_params cp = { 5 * RL_NS_PER_S, 9 };
	struct rl_consumer c;
	struct rl_frame f = { 0 };
	struct rl_log log;
	uint64_t modeled = 0;
	uint64_t deadline = rl_time_ns() + 120 * RL_NS_PER_S;

	rl_log_init(&log, "stress-consumer");
	memset(model, 0, sizeof(model));
	memset(res, 0, sizeof(*res));
	rl_consumer_init(&c, run->mem, REGION, &cp);
	while (rl_time_ns() < deadline) {
		enum rl_link_state st = rl_consumer_update_link(&c, rl_time_ns());

		if (st != RL_LINK_CONNECTED && st != RL_LINK_HOST_STOPPED &&
		    st != RL_LINK_INITIALISING && st != RL_LINK_NO_HOST) {
			fprintf(stderr, "unexpected link state: %s\n", rl_consumer_message(&c));
			res->wrong++;
			return;
		}
		if (st == RL_LINK_HOST_STOPPED) {
			/* Drain the final frame, then stop. */
			c.state = RL_LINK_CONNECTED;
			if (rl_consumer_take_frame(&c, &f, &log) == RL_TAKE_FRAME)
				goto check;
			if (f.serial == run->frames)
				break;
			continue;
		}
		if (rl_consumer_take_frame(&c, &f, &log) != RL_TAKE_FRAME)
			continue;
check:
		while (modeled < f.serial)
			paint(model, ++modeled);
		res->received++;
		if (f.damage.full)
			res->full++;
		else
			res->partial++;
		if (memcmp(f.pixels, model, sizeof(model)) != 0) {
			if (res->wrong++ < 5)
				fprintf(stderr, "frame %llu differs from its model\n",
					(unsigned long long)f.serial);
		}
		if (f.serial == run->frames)
			break;
	}
	res->torn = c.stats.torn;
	res->skipped = c.stats.skipped;
	if (f.serial != run->frames) {
		fprintf(stderr, "consumer ended at frame %llu of %llu\n",
			(unsigned long long)f.serial, (unsigned long long)run->frames);
		res->wrong++;
	}
	rl_frame_finish(&f);
}

static void *producer_thread(void *arg)
{
	return (void *)(intptr_t)produce(arg);
}

static void report(const char *mode, const struct run *run,
		   const struct consume_result *r, double secs)
{
	printf("%-9s published %llu, received %llu (%llu partial, %llu full), skipped %llu, torn copies discarded %llu, wrong %llu, %.2f s\n",
	       mode, (unsigned long long)run->frames, (unsigned long long)r->received,
	       (unsigned long long)r->partial, (unsigned long long)r->full,
	       (unsigned long long)r->skipped, (unsigned long long)r->torn,
	       (unsigned long long)r->wrong, secs);
}

static uint8_t *map_region(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	uint8_t *mem;

	if (fd < 0 || ftruncate(fd, REGION) != 0) {
		perror(path);
		exit(1);
	}
	mem = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (mem == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return mem;
}

int main(int argc, char **argv)
{
	char path[64];
	struct run run;
	struct consume_result res;
	uint64_t t0;

	run.frames = argc > 1 ? strtoull(argv[1], NULL, 10) : 2000000;
	snprintf(path, sizeof(path), "/dev/shm/relay-stress-%d", (int)getpid());

	/* Two threads. */
	run.mem = map_region(path);
	pthread_t th;

	t0 = rl_time_ns();
	CHECK(pthread_create(&th, NULL, producer_thread, &run) == 0);
	consume(&run, &res);
	void *ret;

	pthread_join(th, &ret);
	CHECK(ret == NULL);
	report("threads", &run, &res, (double)(rl_time_ns() - t0) / 1e9);
	CHECK(res.wrong == 0);
	CHECK(res.received > 0);
	CHECK(res.partial > 0); /* the damage path was exercised */
	munmap(run.mem, REGION);

	/* Two processes over the same file. */
	run.mem = map_region(path);
	t0 = rl_time_ns();
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		int fd = open(path, O_RDWR);
		uint8_t *mem = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		run.mem = mem;
		_exit(mem == MAP_FAILED ? 1 : produce(&run));
	}
	consume(&run, &res);
	int status = 0;

	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	report("processes", &run, &res, (double)(rl_time_ns() - t0) / 1e9);
	CHECK(res.wrong == 0);
	CHECK(res.received > 0);
	CHECK(res.partial > 0);
	munmap(run.mem, REGION);
	unlink(path);
	return check_summary();
}
