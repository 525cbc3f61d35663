/* SPDX-License-Identifier: MIT */
/* The client's poll pacing: pure logic, fed with synthetic arrival times. */
#include "check.h"
#include "pacer.h"

#define US 1000ull
#define MS 1000000ull

int main(void)
{
	struct rl_pacer p;
	uint64_t t = 1000 * MS;

	rl_pacer_init(&p, 20 * US, 2 * MS);
	/* No frame yet: idle polling. */
	CHECK(rl_pacer_wait(&p, t) == 2 * MS);

	/* One frame: no rhythm yet, moderate polling. */
	rl_pacer_frame(&p, t);
	CHECK(rl_pacer_wait(&p, t + 1 * MS) == 250 * US);

	/* A steady 60 Hz stream: sleep to shortly before the next frame... */
	for (int i = 1; i <= 30; i++)
		rl_pacer_frame(&p, t + (uint64_t)i * 16667 * US);
	t += 30 * 16667 * US;
	CHECK(p.interval_ns > 16600 * US && p.interval_ns < 16700 * US);
	uint64_t w = rl_pacer_wait(&p, t + 100 * US);

	CHECK(w > 14 * MS && w < 16 * MS);
	/* ...then poll closely around it, and a little after. */
	CHECK(rl_pacer_wait(&p, t + 16 * MS) == 20 * US);
	CHECK(rl_pacer_wait(&p, t + 30 * MS) == 20 * US);
	/* The stream paused: moderate polling, then idle after 250 ms. */
	CHECK(rl_pacer_wait(&p, t + 50 * MS) == 250 * US);
	CHECK(rl_pacer_wait(&p, t + 300 * MS) == 2 * MS);

	/* Jittery arrivals start the close polling earlier. */
	struct rl_pacer q;
	uint64_t u = 1000 * MS;

	rl_pacer_init(&q, 20 * US, 2 * MS);
	for (int i = 0; i <= 40; i++)
		rl_pacer_frame(&q, u + (uint64_t)i * 16667 * US + (i % 2) * 2 * MS);
	u += 40 * 16667 * US;
	uint64_t steady = w, jittery = rl_pacer_wait(&q, u + 100 * US);

	CHECK(q.jitter_ns > 500 * US);
	CHECK(jittery + 2 * MS < steady);

	/* Spin mode: poll 0 never sleeps while a frame is due. */
	struct rl_pacer s;

	rl_pacer_init(&s, 0, 2 * MS);
	rl_pacer_frame(&s, 0 + 1);
	rl_pacer_frame(&s, 16667 * US);
	CHECK(rl_pacer_wait(&s, 2 * 16667 * US) == 0);
	return check_summary();
}
