/* SPDX-License-Identifier: MIT */
/*
 * Restart backoff: how long to wait before trying again after something
 * failed (the service's capture process exited, DXGI duplication could
 * not be re-created). Portable and clock-agnostic (the caller passes
 * times in ns), so it is unit-tested on Linux.
 *
 * Policy: the first retry waits min_ns; each failure that comes less than
 * stable_ns after its attempt started doubles the wait, up to max_ns; an
 * attempt that ran at least stable_ns counts as a success, so its failure
 * starts over at min_ns.
 */
#ifndef RELAY_HOST_BACKOFF_H
#define RELAY_HOST_BACKOFF_H

#include <stdbool.h>
#include <stdint.h>

struct rl_backoff {
	uint64_t min_ns;
	uint64_t max_ns;
	uint64_t stable_ns;
	uint64_t delay_ns;    /* the wait the next quick failure gets */
	uint64_t started_ns;  /* when the current attempt started */
	uint32_t failures;    /* consecutive quick failures */
};

/* min_ns <= max_ns; stable_ns > 0. The caller owns the storage. */
void rl_backoff_init(struct rl_backoff *b, uint64_t min_ns, uint64_t max_ns,
		     uint64_t stable_ns);

/* An attempt starts (process launched, duplication created) at now_ns. */
void rl_backoff_started(struct rl_backoff *b, uint64_t now_ns);

/* The attempt failed at now_ns: returns how long to wait before the next. */
uint64_t rl_backoff_failed(struct rl_backoff *b, uint64_t now_ns);

#endif /* RELAY_HOST_BACKOFF_H */
