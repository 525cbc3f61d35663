/* SPDX-License-Identifier: MIT */
/*
 * relay-host as a Windows service.
 *
 *   relay-host.exe --install-service [OPTIONS...]
 *       Registers the service "relay-host" (auto-start, LocalSystem) whose
 *       command line is this exe, --service, and OPTIONS (any relay-host
 *       options, e.g. --capture dxgi --shm-file ivshmem). Installing again
 *       replaces the options.
 *   relay-host.exe --uninstall-service
 *       Stops the service (10 s at most) and removes it.
 *   relay-host.exe --service [OPTIONS...]
 *       What the service control manager runs. The service process does
 *       no capture itself: it starts `relay-host.exe OPTIONS...` (the
 *       capture process) in the active console session with a copy of its
 *       SYSTEM token, on WinSta0\Default, so the login screen and UAC
 *       prompts are captured too; moves it when the console session
 *       changes; restarts it with backoff (rl_backoff: 1 s doubling to 60 s,
 *       reset after 60 s of running) when it exits; and on service stop
 *       sets the capture process's stop event (RELAY_STOP_EVENT), waiting
 *       5 s before terminating it.
 *
 * Logs: %ProgramData%\relay\relay-host-service.log (the service) and
 * relay-host-capture.log (the capture process's stderr), and warnings and
 * errors to the Application event log, source "relay-host".
 */
#ifndef RELAY_HOST_WIN_SERVICE_H
#define RELAY_HOST_WIN_SERVICE_H

#include <stdbool.h>

#include "relay/log.h"

#define RL_WIN_SERVICE_NAME L"relay-host"

/*
 * If argv[1] is one of the commands above, carry it out and return true
 * with the process exit status in *exit_code (0 on success, 1 on failure,
 * the reason logged to `log`). False: not a service command, run normally.
 * Context: main thread, before options are parsed.
 */
bool rl_win_service_command(int argc, char **argv, struct rl_log *log,
			    int *exit_code);

#endif /* RELAY_HOST_WIN_SERVICE_H */
