/* SPDX-License-Identifier: MIT */
/* Monotonic time, sleeping and the random source. */
#include <string.h>

#include "check.h"
#include "relay/time.h"

int main(void)
{
	uint64_t prev = rl_time_ns();
	CHECK(prev > 0);
	unsigned backwards = 0;
	for (int i = 0; i < 100000; i++) {
		uint64_t now = rl_time_ns();
		backwards += now < prev;
		prev = now;
	}
	CHECK_EQ_U64(backwards, 0);

	rl_time_precise_sleep();
	rl_time_precise_sleep(); /* harmless to repeat */
	uint64_t start = rl_time_ns();
	rl_sleep_ns(2 * RL_NS_PER_MS);
	uint64_t slept = rl_time_ns() - start;
	CHECK(slept >= 2 * RL_NS_PER_MS);
	/* generous: only catches a unit mistake (us/ms/s) */
	CHECK(slept < 500 * RL_NS_PER_MS);

	start = rl_time_ns();
	rl_sleep_ns(0);
	CHECK(rl_time_ns() - start < 100 * RL_NS_PER_MS);

	/* 1 s + 1 ns: the seconds/nanoseconds split */
	start = rl_time_ns();
	rl_sleep_ns(RL_NS_PER_S / 4 + 1);
	CHECK(rl_time_ns() - start >= RL_NS_PER_S / 4 + 1);

	uint8_t a[64], b[64], zero[64] = { 0 };
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK(rl_random_bytes(a, sizeof(a)));
	CHECK(rl_random_bytes(b, sizeof(b)));
	CHECK(memcmp(a, zero, sizeof(a)) != 0);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(rl_random_bytes(a, 0));

	/* a large request needs more than one getrandom call's worth */
	static uint8_t big[1 << 20];
	CHECK(rl_random_bytes(big, sizeof(big)));
	unsigned nonzero = 0;
	for (size_t i = 0; i < sizeof(big); i++)
		nonzero += big[i] != 0;
	CHECK(nonzero > sizeof(big) / 2);
	return check_summary();
}
