/* SPDX-License-Identifier: MIT */
/*
 * How a Windows relay-host is asked to stop: Ctrl-C, Ctrl-Break or closing
 * its console, and, when it runs as the service's capture process, the
 * named event the service passes in RELAY_STOP_EVENT.
 */
#ifndef RELAY_HOST_WIN_STOP_H
#define RELAY_HOST_WIN_STOP_H

#include <signal.h>
#include <stdbool.h>

#include "relay/log.h"

/* Environment variable naming the stop event (set by the service). */
#define RL_WIN_STOP_EVENT_ENV "RELAY_STOP_EVENT"

/*
 * Set *stop to 1 on any of the above. `stop` must live for the rest of
 * the process. False (logged) when a handler cannot be installed.
 * Context: call once, from the main thread, before the capture loop.
 */
bool rl_win_stop_handlers(volatile sig_atomic_t *stop, const struct rl_log *log);

#endif /* RELAY_HOST_WIN_STOP_H */
