/* SPDX-License-Identifier: MIT */
/* Monotonic time and sleeping; one implementation per platform. */
#ifndef RELAY_TIME_H
#define RELAY_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RL_NS_PER_US 1000ull
#define RL_NS_PER_MS 1000000ull
#define RL_NS_PER_S 1000000000ull

/* Monotonic clock in ns (CLOCK_MONOTONIC; QueryPerformanceCounter). */
uint64_t rl_time_ns(void);

/* Sleep at least ns nanoseconds (clamped to >= 0). */
void rl_sleep_ns(uint64_t ns);

/*
 * Ask the OS for fine-grained sleeps in this thread (Linux: timer slack
 * 1 ns; Windows: 1 ms timer resolution). Optional; harmless to repeat.
 */
void rl_time_precise_sleep(void);

#ifndef _WIN32
struct pollfd;

/*
 * poll(2) with a nanosecond timeout (ppoll): the sleep of a loop that
 * also watches fds. Returns what ppoll returns (-1 with EINTR when a
 * signal arrived: the caller looks at its stop flag). nfds may be 0.
 */
int rl_poll_ns(struct pollfd *fds, unsigned int nfds, uint64_t timeout_ns);
#endif

/* Fill buf with len bytes from the OS's random source; false on failure. */
bool rl_random_bytes(void *buf, size_t len);

#endif /* RELAY_TIME_H */
