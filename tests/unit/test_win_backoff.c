/* SPDX-License-Identifier: MIT */
/* The restart backoff of the Windows service and DXGI re-creation. */
#include "backoff.h"
#include "check.h"

#define MS 1000000ull
#define S 1000000000ull

int main(void)
{
	struct rl_backoff b;
	uint64_t t = 1000 * S;

	rl_backoff_init(&b, 500 * MS, 30 * S, 60 * S);
	/* Quick failures double the wait up to the maximum. */
	const uint64_t want[] = { 500 * MS, 1 * S, 2 * S, 4 * S, 8 * S, 16 * S, 30 * S, 30 * S };
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		rl_backoff_started(&b, t);
		t += 2 * S;
		uint64_t wait = rl_backoff_failed(&b, t);
		CHECK_EQ_U64(wait, want[i]);
		t += wait;
	}
	CHECK_EQ_U64(b.failures, 8);

	/* A run that lasted stable_ns starts over at the minimum. */
	rl_backoff_started(&b, t);
	t += 60 * S;
	CHECK_EQ_U64(rl_backoff_failed(&b, t), 500 * MS);
	CHECK_EQ_U64(b.failures, 1);
	rl_backoff_started(&b, t);
	CHECK_EQ_U64(rl_backoff_failed(&b, t + S), 1 * S);

	/* A clock that jumps backwards is a quick failure, not a stable run. */
	rl_backoff_started(&b, t);
	CHECK_EQ_U64(rl_backoff_failed(&b, t - 100 * S), 2 * S);

	/* max below min is raised to min; no overflow near UINT64_MAX. */
	rl_backoff_init(&b, 5 * S, 1 * S, S);
	rl_backoff_started(&b, 0);
	CHECK_EQ_U64(rl_backoff_failed(&b, 0), 5 * S);
	CHECK_EQ_U64(rl_backoff_failed(&b, 0), 5 * S);
	rl_backoff_init(&b, UINT64_MAX / 2 + 1, UINT64_MAX, S);
	rl_backoff_started(&b, 0);
	CHECK_EQ_U64(rl_backoff_failed(&b, 0), UINT64_MAX / 2 + 1);
	CHECK_EQ_U64(rl_backoff_failed(&b, 0), UINT64_MAX);
	CHECK_EQ_U64(rl_backoff_failed(&b, 0), UINT64_MAX);
	return check_summary();
}
