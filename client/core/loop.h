/* SPDX-License-Identifier: MIT */
/*
 * The client's one loop. Each iteration: poll the client (which delivers
 * to the view), let the view present, run the timers (stats line,
 * deadline, frames wanted), then compute the next wait from the pacer
 * *after* the present (a present that takes time must not delay the
 * next poll) and wait through the view, which also watches the loop's
 * extra fds (a SPICE session's wake-up fd, an audio stream's).
 *
 * Context: the client thread. Fd callbacks run in it, from inside
 * rl_loop_run().
 */
#ifndef RELAY_CLIENT_LOOP_H
#define RELAY_CLIENT_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "relay/log.h"
#include "view.h"

struct rl_loop_params {
	uint64_t frames_wanted;     /* done after the view showed N new frames; 0 = never */
	uint64_t timeout_ns;        /* give up (RL_LOOP_TIMEOUT) after this long; 0 = never */
	uint64_t stats_interval_ns; /* a stats line this often; 0 = never */
	bool stats_at_debug;        /* log the stats line at debug rather than info */
	const volatile sig_atomic_t *stop; /* non-zero: stop (a signal handler sets it) */
};

enum rl_loop_result {
	RL_LOOP_STOPPED, /* *stop became non-zero */
	RL_LOOP_QUIT,    /* the user quit through the view */
	RL_LOOP_DONE,    /* frames_wanted frames were shown */
	RL_LOOP_TIMEOUT, /* timeout_ns passed first (logged) */
	RL_LOOP_FAILED,  /* the client failed for good (logged) */
};

/* Called with the fd's revents when it is ready. */
typedef void (*rl_loop_fd_fn)(void *data, int fd, short revents);

#define RL_LOOP_MAX_FDS 8

struct rl_loop;

/*
 * A loop driving client c, which delivers to the view (ops, view): the
 * same pair the client was created with. All must outlive the loop.
 * NULL (logged) on allocation failure or a view missing a required op.
 */
struct rl_loop *rl_loop_create(struct rl_client *c, const struct rl_view_ops *ops,
			       void *view, const struct rl_loop_params *params,
			       const struct rl_log *log);
void rl_loop_destroy(struct rl_loop *l); /* accepts NULL */

/*
 * Watch fd for `events` (POLLIN, ...) in every wait; fn runs when it is
 * ready. False (logged) when RL_LOOP_MAX_FDS are watched already.
 */
bool rl_loop_add_fd(struct rl_loop *l, int fd, short events, rl_loop_fd_fn fn,
		    void *data);
void rl_loop_remove_fd(struct rl_loop *l, int fd);

/* Run until one of enum rl_loop_result happens. */
enum rl_loop_result rl_loop_run(struct rl_loop *l);

/* New frames the view showed so far. */
uint64_t rl_loop_frames_shown(const struct rl_loop *l);

#endif /* RELAY_CLIENT_LOOP_H */
