/* SPDX-License-Identifier: MIT */
/*
 * relay-host's publisher: opens the shared memory, starts a session, and
 * moves frames and cursor updates from a capture backend into the ring
 * until asked to stop. main.c turns options into rl_host_settings.
 */
#ifndef RELAY_HOST_HOST_H
#define RELAY_HOST_HOST_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "capture.h"
#include "relay/log.h"

/* Process exit codes of relay-host (documented in docs/host.md). */
enum rl_host_exit {
	RL_HOST_EXIT_OK = 0,               /* stopped by SIGINT/SIGTERM */
	RL_HOST_EXIT_RUNTIME = 1,          /* shm, memory or other runtime error */
	RL_HOST_EXIT_USAGE = 2,            /* bad option or configuration */
	RL_HOST_EXIT_REGION_TOO_SMALL = 3, /* a frame does not fit the region */
	RL_HOST_EXIT_CAPTURE_FAILED = 4,   /* the capture backend failed */
};

/* Defaults shared by main.c's option table and the size logic. */
#define RL_HOST_DEFAULT_SLOTS		3
#define RL_HOST_WATCH_TIMEOUT_NS	(1000 * 1000 * 1000ull)
/* Client messages handled per loop iteration at most (a flood waits). */
#define RL_HOST_MSG_BUDGET		64u

struct rl_host_settings {
	const char *shm_file;     /* path, /dev/kvmfrN, "pci" or "pci:ADDR" */
	const char *shm_source;   /* "auto", "file", "kvmfr", "pci" */
	uint64_t shm_size;        /* bytes when creating a file; 0 = automatic */
	bool shm_allow_foreign;   /* use an existing file another user owns */
	uint32_t slots;           /* RL_MIN_SLOTS..RL_MAX_SLOTS */
	const char *capture;      /* backend name or "auto" */
	uint32_t fps_cap;         /* 0 = as fast as the source changes */
	bool idle_unwatched;      /* pause capture when no client watches */
	uint64_t stats_interval_ns; /* 0 = no stats lines */
	/* configs[i]: rl_capture_backends[i]'s own config (NULL: none) */
	const void *const *capture_configs;
};

/*
 * Run the host until *stop becomes non-zero (set by a signal handler) or
 * something fails. Returns an rl_host_exit code; the reason is logged.
 * Context: the calling thread does everything (capture and publish).
 */
int rl_host_run(const struct rl_host_settings *settings,
		const struct rl_log *log, volatile sig_atomic_t *stop);

#endif /* RELAY_HOST_HOST_H */
