/* SPDX-License-Identifier: MIT */
#include "relay/time.h"

#include <errno.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <time.h>

uint64_t rl_time_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * RL_NS_PER_S + (uint64_t)ts.tv_nsec;
}

void rl_sleep_ns(uint64_t ns)
{
	struct timespec req = {
		.tv_sec = (time_t)(ns / RL_NS_PER_S),
		.tv_nsec = (long)(ns % RL_NS_PER_S),
	};
	struct timespec rem;
	/* clock_nanosleep returns the error instead of setting errno. */
	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem) == EINTR)
		req = rem;
}

int rl_poll_ns(struct pollfd *fds, unsigned int nfds, uint64_t timeout_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(timeout_ns / RL_NS_PER_S),
		.tv_nsec = (long)(timeout_ns % RL_NS_PER_S),
	};

	return ppoll(fds, nfds, &ts, NULL);
}

void rl_time_precise_sleep(void)
{
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
}

bool rl_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;
	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}
