/* SPDX-License-Identifier: MIT */
/*
 * When to poll shared memory next. ivshmem has no doorbell, so the client
 * polls; the pacer keeps latency low and CPU near zero by learning the
 * frame interval: it sleeps until shortly before the next frame is due,
 * polls every poll_ns around it, and backs off to idle_ns when frames stop.
 * How early it starts polling grows with the measured arrival jitter, so a
 * host that wakes late now and then does not make the next frame wait.
 * Pure logic: time comes in, a wait comes out.
 */
#ifndef RELAY_CLIENT_PACER_H
#define RELAY_CLIENT_PACER_H

#include <stdint.h>

struct rl_pacer {
	uint64_t poll_ns;     /* interval while a frame is due (0 = spin) */
	uint64_t idle_ns;     /* interval when no frames flow */
	uint64_t last_frame_ns;
	uint64_t interval_ns; /* smoothed frame interval, 0 = unknown */
	uint64_t jitter_ns;   /* smoothed |arrival - expected arrival| */
};

void rl_pacer_init(struct rl_pacer *p, uint64_t poll_ns, uint64_t idle_ns);

/* A frame arrived at now_ns. */
void rl_pacer_frame(struct rl_pacer *p, uint64_t now_ns);

/* How long to wait before the next poll. */
uint64_t rl_pacer_wait(const struct rl_pacer *p, uint64_t now_ns);

#endif /* RELAY_CLIENT_PACER_H */
