/* SPDX-License-Identifier: MIT */
#include "stop.h"

#include <stdlib.h>

#include "win_error.h"

/*
 * A console control handler has no user data, so the flag it sets lives
 * here: written once before the handler is installed, like the
 * sig_atomic_t a POSIX signal handler sets.
 */
static volatile sig_atomic_t *console_stop;

static BOOL WINAPI on_console_ctrl(DWORD type)
{
	switch (type) {
	case CTRL_C_EVENT:
	case CTRL_BREAK_EVENT:
	case CTRL_CLOSE_EVENT:
	case CTRL_LOGOFF_EVENT:
	case CTRL_SHUTDOWN_EVENT:
		*console_stop = 1;
		return TRUE;
	default:
		return FALSE;
	}
}

struct event_watch {
	HANDLE event;
	volatile sig_atomic_t *stop;
};

static DWORD WINAPI watch_event(void *arg)
{
	struct event_watch *w = arg;

	if (WaitForSingleObject(w->event, INFINITE) == WAIT_OBJECT_0)
		*w->stop = 1;
	return 0;
}

bool rl_win_stop_handlers(volatile sig_atomic_t *stop, const struct rl_log *log)
{
	char text[256];

	console_stop = stop;
	if (!SetConsoleCtrlHandler(on_console_ctrl, TRUE)) {
		rl_err(log, "cannot install the console control handler: %s",
		       rl_win_error_text(GetLastError(), text, sizeof(text)));
		return false;
	}

	const char *name = getenv(RL_WIN_STOP_EVENT_ENV);
	if (!name || !*name)
		return true;
	wchar_t *wname = rl_win_utf8_to_wide(name);
	if (!wname) {
		rl_err(log, "%s=%s is not a valid event name", RL_WIN_STOP_EVENT_ENV, name);
		return false;
	}
	HANDLE event = OpenEventW(SYNCHRONIZE, FALSE, wname);
	free(wname);
	if (!event) {
		rl_err(log, "cannot open the stop event %s (%s=%s): %s", name,
		       RL_WIN_STOP_EVENT_ENV, name,
		       rl_win_error_text(GetLastError(), text, sizeof(text)));
		return false;
	}
	/* Lives as long as the process, like the thread that uses it. */
	struct event_watch *w = malloc(sizeof(*w));
	if (!w) {
		CloseHandle(event);
		rl_err(log, "out of memory");
		return false;
	}
	w->event = event;
	w->stop = stop;
	HANDLE thread = CreateThread(NULL, 0, watch_event, w, 0, NULL);
	if (!thread) {
		rl_err(log, "cannot start the stop-event thread: %s",
		       rl_win_error_text(GetLastError(), text, sizeof(text)));
		CloseHandle(event);
		free(w);
		return false;
	}
	CloseHandle(thread);
	rl_info(log, "stops when the event %s is set (%s)", name, RL_WIN_STOP_EVENT_ENV);
	return true;
}
