/* SPDX-License-Identifier: MIT */
#include "relay/fault.h"

#include <signal.h>
#include <string.h>

/*
 * The guard the current thread is inside, if any. Thread-local by
 * necessity: a signal handler has no user pointer (like a stop flag).
 */
static _Thread_local struct rl_fault_guard *current;

static void on_sigbus(int sig, siginfo_t *info, void *uctx)
{
	struct rl_fault_guard *g = current;

	(void)info;
	(void)uctx;
	if (g) {
		current = g->prev;
		siglongjmp(g->env, 1);
	}
	/* Not ours: die of it as without the handler. */
	signal(sig, SIG_DFL);
	raise(sig);
}

bool rl_fault_install(const struct rl_log *log)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) < 0) {
		rl_err(log, "cannot install the SIGBUS handler: a shrinking shared-memory file would kill this process");
		return false;
	}
	return true;
}

void rl_fault_enter(struct rl_fault_guard *g)
{
	g->prev = current;
	current = g;
}

void rl_fault_leave(struct rl_fault_guard *g)
{
	if (current == g)
		current = g->prev;
}
