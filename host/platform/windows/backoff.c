/* SPDX-License-Identifier: MIT */
#include "backoff.h"

void rl_backoff_init(struct rl_backoff *b, uint64_t min_ns, uint64_t max_ns,
		     uint64_t stable_ns)
{
	*b = (struct rl_backoff){
		.min_ns = min_ns,
		.max_ns = max_ns < min_ns ? min_ns : max_ns,
		.stable_ns = stable_ns,
		.delay_ns = min_ns,
	};
}

void rl_backoff_started(struct rl_backoff *b, uint64_t now_ns)
{
	b->started_ns = now_ns;
}

uint64_t rl_backoff_failed(struct rl_backoff *b, uint64_t now_ns)
{
	/* A clock that went backwards counts as a quick failure. */
	bool stable = now_ns >= b->started_ns && now_ns - b->started_ns >= b->stable_ns;

	if (stable) {
		b->failures = 0;
		b->delay_ns = b->min_ns;
	}
	uint64_t wait = b->delay_ns;
	b->failures++;
	b->delay_ns = b->delay_ns > b->max_ns / 2 ? b->max_ns : b->delay_ns * 2;
	return wait;
}
