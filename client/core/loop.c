/* SPDX-License-Identifier: MIT */
#include "loop.h"

#include <stdlib.h>
#include <string.h>

#include "relay/time.h"
#include "report.h"

struct fd_source {
	rl_loop_fd_fn fn;
	void *data;
};

struct rl_loop {
	struct rl_client *client;
	const struct rl_view_ops *ops;
	void *view;
	struct rl_loop_params params;
	const struct rl_log *log;
	struct pollfd fds[RL_LOOP_MAX_FDS];
	struct fd_source sources[RL_LOOP_MAX_FDS];
	unsigned int nfds;
	uint64_t shown;
	struct rl_report_sample sample; /* at the last stats line */
};

bool rl_view_ops_valid(const struct rl_view_ops *ops)
{
	return ops && ops->name && ops->link_changed && ops->frame && ops->cursor &&
	       ops->present && ops->wait;
}

struct rl_loop *rl_loop_create(struct rl_client *c, const struct rl_view_ops *ops,
			       void *view, const struct rl_loop_params *params,
			       const struct rl_log *log)
{
	struct rl_loop *l;

	if (!rl_view_ops_valid(ops)) {
		rl_err(log, "view '%s' lacks a required op", ops && ops->name ? ops->name : "?");
		return NULL;
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		rl_err(log, "out of memory creating the loop");
		return NULL;
	}
	l->client = c;
	l->ops = ops;
	l->view = view;
	l->params = *params;
	l->log = log;
	return l;
}

void rl_loop_destroy(struct rl_loop *l)
{
	free(l);
}

bool rl_loop_add_fd(struct rl_loop *l, int fd, short events, rl_loop_fd_fn fn,
		    void *data)
{
	if (l->nfds == RL_LOOP_MAX_FDS) {
		rl_err(l->log, "the loop watches %d fds already", RL_LOOP_MAX_FDS);
		return false;
	}
	l->fds[l->nfds] = (struct pollfd){ .fd = fd, .events = events };
	l->sources[l->nfds] = (struct fd_source){ fn, data };
	l->nfds++;
	return true;
}

void rl_loop_remove_fd(struct rl_loop *l, int fd)
{
	for (unsigned int i = 0; i < l->nfds; i++) {
		if (l->fds[i].fd != fd)
			continue;
		l->nfds--;
		memmove(&l->fds[i], &l->fds[i + 1], (l->nfds - i) * sizeof(l->fds[0]));
		memmove(&l->sources[i], &l->sources[i + 1], (l->nfds - i) * sizeof(l->sources[0]));
		return;
	}
}

static void stats_line(struct rl_loop *l, uint64_t now_ns)
{
	struct rl_report_sample s;
	enum rl_log_level level = l->params.stats_at_debug ? RL_LOG_DEBUG : RL_LOG_INFO;
	char line[768];

	rl_report_sample(&s, l->client, now_ns);
	if (rl_report_stats(&l->sample, &s, line, sizeof(line)))
		rl_log_msg(l->log, level, "%s", line);
	l->sample = s;
	if (!l->ops->stats_line)
		return;
	l->ops->stats_line(l->view, line, sizeof(line));
	rl_log_msg(l->log, level, "%s", line);
}

static void dispatch_fds(struct rl_loop *l)
{
	/* A callback may remove its fd: walk a copy. */
	struct pollfd fds[RL_LOOP_MAX_FDS];
	struct fd_source sources[RL_LOOP_MAX_FDS];
	unsigned int n = l->nfds;

	memcpy(fds, l->fds, n * sizeof(fds[0]));
	memcpy(sources, l->sources, n * sizeof(sources[0]));
	for (unsigned int i = 0; i < n; i++)
		if (fds[i].revents)
			sources[i].fn(sources[i].data, fds[i].fd, fds[i].revents);
}

static uint64_t until(uint64_t now_ns, uint64_t at_ns, uint64_t wait_ns)
{
	if (!at_ns)
		return wait_ns;
	if (at_ns <= now_ns)
		return 0;
	return at_ns - now_ns < wait_ns ? at_ns - now_ns : wait_ns;
}

enum rl_loop_result rl_loop_run(struct rl_loop *l)
{
	const struct rl_loop_params *p = &l->params;
	uint64_t start = rl_time_ns();
	uint64_t deadline = p->timeout_ns ? start + p->timeout_ns : 0;
	uint64_t next_stats = p->stats_interval_ns ? start + p->stats_interval_ns : 0;

	rl_time_precise_sleep();
	rl_report_sample(&l->sample, l->client, start);
	for (;;) {
		uint64_t now = rl_time_ns();
		uint64_t wait;

		if (p->stop && *p->stop)
			return RL_LOOP_STOPPED;
		if (deadline && now >= deadline) {
			rl_err(l->log, "timed out after %.3g s with %llu of %llu frames shown (%s)",
			       (double)p->timeout_ns / 1e9, (unsigned long long)l->shown,
			       (unsigned long long)p->frames_wanted, rl_client_status(l->client));
			return RL_LOOP_TIMEOUT;
		}
		if (!rl_client_poll(l->client, now))
			return RL_LOOP_FAILED;
		l->shown += l->ops->present(l->view);
		if (l->ops->take_warp) {
			int32_t x, y;

			if (l->ops->take_warp(l->view, &x, &y) &&
			    !rl_client_warp_cursor(l->client, x, y))
				rl_dbg(l->log, "cursor warp to %d,%d not sent (not connected or queue full)",
				       x, y);
		}
		if (p->frames_wanted && l->shown >= p->frames_wanted)
			return RL_LOOP_DONE;
		/* After the present: its time is not slept again. */
		now = rl_time_ns();
		if (next_stats && now >= next_stats) {
			stats_line(l, now);
			next_stats += p->stats_interval_ns;
			if (next_stats <= now)
				next_stats = now + p->stats_interval_ns;
		}
		wait = rl_client_next_poll(l->client, now);
		wait = until(now, next_stats, wait);
		wait = until(now, deadline, wait);
		for (unsigned int i = 0; i < l->nfds; i++)
			l->fds[i].revents = 0;
		if (!l->ops->wait(l->view, wait, l->fds, l->nfds))
			return RL_LOOP_QUIT;
		dispatch_fds(l);
	}
}

uint64_t rl_loop_frames_shown(const struct rl_loop *l)
{
	return l->shown;
}
