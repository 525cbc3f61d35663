/* SPDX-License-Identifier: MIT */
/*
 * Surviving a shared-memory file that shrinks under a mapping. Whoever can
 * write the file can truncate it; touching a page past the new end raises
 * SIGBUS. Code that touches the mapping runs under a guard: a SIGBUS inside
 * it returns to the guard (sigsetjmp/siglongjmp in the same thread), and
 * the caller reports "the shared-memory file shrank" and recovers; a SIGBUS
 * anywhere else kills the process as before.
 *
 *	struct rl_fault_guard g;
 *
 *	if (!RL_FAULT_TRY(&g)) {
 *		rl_fault_leave(&g);
 *		... the mapping shrank: report, drop it, recover ...
 *		return;
 *	}
 *	... touch the mapping ...
 *	rl_fault_leave(&g);
 *
 * Guards nest per thread. On Windows (no SIGBUS for these mappings) the
 * guard always succeeds.
 */
#ifndef RELAY_FAULT_H
#define RELAY_FAULT_H

#include <stdbool.h>

#include "relay/log.h"

#ifndef _WIN32
#include <setjmp.h>

struct rl_fault_guard {
	sigjmp_buf env;
	struct rl_fault_guard *prev;
};

/* Install the SIGBUS handler (once per process; harmless to repeat). */
bool rl_fault_install(const struct rl_log *log);

void rl_fault_enter(struct rl_fault_guard *g);
void rl_fault_leave(struct rl_fault_guard *g);

#define RL_FAULT_TRY(g) (rl_fault_enter(g), sigsetjmp((g)->env, 1) == 0)
#else
struct rl_fault_guard {
	int unused;
};

static inline bool rl_fault_install(const struct rl_log *log)
{
	(void)log;
	return true;
}

static inline void rl_fault_leave(struct rl_fault_guard *g)
{
	(void)g;
}

#define RL_FAULT_TRY(g) ((void)(g), true)
#endif

#endif /* RELAY_FAULT_H */
