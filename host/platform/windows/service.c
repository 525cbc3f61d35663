/* SPDX-License-Identifier: MIT */
#include "service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "backoff.h"
#include "relay/time.h"
#include "stop.h"
#include "win_error.h"

#include <knownfolders.h>
#include <shellapi.h>
#include <shlobj.h>
#include <wtsapi32.h>

#define RESTART_MIN_NS (1 * RL_NS_PER_S)
#define RESTART_MAX_NS (60 * RL_NS_PER_S)
#define RESTART_STABLE_NS (60 * RL_NS_PER_S)
#define CHILD_STOP_WAIT_MS 5000
#define NO_SESSION 0xffffffffu
#define EVENTLOG_KEY L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\relay-host"

/* The service process's state, owned by service_main's stack frame. */
struct service {
	struct rl_log *log;
	SERVICE_STATUS_HANDLE status_handle;
	SERVICE_STATUS status;
	HANDLE stop;           /* set by the control handler: service stop */
	HANDLE session_change; /* set by the control handler: console session news */
	HANDLE child_stop;     /* named; the capture process waits on it */
	wchar_t child_stop_name[64];
	HANDLE event_log;      /* RegisterEventSourceW, or NULL */
	wchar_t *child_cmdline;
	wchar_t log_dir[MAX_PATH];
	PROCESS_INFORMATION child;
	DWORD child_session;
	struct rl_backoff backoff;
};

/*
 * StartServiceCtrlDispatcherW calls service_main without a user pointer,
 * so the log it should use is handed over here, set once before the
 * dispatcher starts.
 */
static struct rl_log *dispatch_log;

static void log_win(const struct rl_log *log, const char *what, DWORD err)
{
	char text[256];

	rl_err(log, "%s: %s (error %lu)", what, rl_win_error_text(err, text, sizeof(text)),
	       (unsigned long)err);
}

/* ---- command lines ----------------------------------------------------- */

/* Append arg to buf quoted as CommandLineToArgvW parses it back. */
static bool append_arg(wchar_t **buf, size_t *len, size_t *cap, const wchar_t *arg)
{
	size_t n = wcslen(arg);
	size_t need = *len + 2 * n + 4;

	if (need > *cap) {
		size_t grown = need * 2;
		wchar_t *p = realloc(*buf, grown * sizeof(wchar_t));
		if (!p)
			return false;
		*buf = p;
		*cap = grown;
	}
	wchar_t *o = *buf + *len;
	if (*len)
		*o++ = L' ';
	bool quote = n == 0 || wcspbrk(arg, L" \t\"") != NULL;
	if (quote)
		*o++ = L'"';
	for (size_t i = 0; i < n; i++) {
		size_t slashes = 0;
		while (i < n && arg[i] == L'\\') {
			slashes++;
			i++;
		}
		/* Backslashes double only before a quote (or the closing quote). */
		if (i == n) {
			for (size_t k = 0; k < (quote ? 2 * slashes : slashes); k++)
				*o++ = L'\\';
			break;
		}
		if (arg[i] == L'"') {
			for (size_t k = 0; k < 2 * slashes + 1; k++)
				*o++ = L'\\';
		} else {
			for (size_t k = 0; k < slashes; k++)
				*o++ = L'\\';
		}
		*o++ = arg[i];
	}
	if (quote)
		*o++ = L'"';
	*o = L'\0';
	*len = (size_t)(o - *buf);
	return true;
}

/*
 * "<this exe>" [insert] + this process's arguments from `first` on.
 * Heap string, NULL (logged) on failure.
 */
static wchar_t *build_cmdline(const struct rl_log *log, const wchar_t *insert, int first)
{
	wchar_t exe[MAX_PATH];
	wchar_t *buf = NULL;
	size_t len = 0, cap = 0;
	int argc = 0;
	DWORD n = GetModuleFileNameW(NULL, exe, MAX_PATH);

	if (n == 0 || n >= MAX_PATH) {
		log_win(log, "cannot find the path of relay-host.exe", GetLastError());
		return NULL;
	}
	wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
	if (!argv) {
		log_win(log, "cannot parse the command line", GetLastError());
		return NULL;
	}
	bool ok = append_arg(&buf, &len, &cap, exe);
	if (ok && insert)
		ok = append_arg(&buf, &len, &cap, insert);
	for (int i = first; ok && i < argc; i++)
		ok = append_arg(&buf, &len, &cap, argv[i]);
	LocalFree(argv);
	if (!ok) {
		rl_err(log, "out of memory");
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- install / uninstall ------------------------------------------------ */

static void register_event_source(const struct rl_log *log)
{
	HKEY key;
	/* EventCreate.exe's message table formats ids 1-1000 as "%1". */
	static const wchar_t file[] = L"%SystemRoot%\\System32\\EventCreate.exe";
	DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;

	if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, EVENTLOG_KEY, 0, NULL, 0, KEY_SET_VALUE,
			    NULL, &key, NULL) != ERROR_SUCCESS) {
		rl_warn(log, "cannot register the event log source (events will lack their text)");
		return;
	}
	RegSetValueExW(key, L"EventMessageFile", 0, REG_EXPAND_SZ, (const BYTE *)file,
		       sizeof(file));
	RegSetValueExW(key, L"TypesSupported", 0, REG_DWORD, (const BYTE *)&types,
		       sizeof(types));
	RegCloseKey(key);
}

static int install(struct rl_log *log)
{
	wchar_t *cmd = build_cmdline(log, L"--service", 2);
	int rc = 1;

	if (!cmd)
		return 1;
	SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CREATE_SERVICE);
	if (!scm) {
		log_win(log, "cannot open the service control manager (run as administrator)",
			GetLastError());
		goto out_cmd;
	}
	SC_HANDLE svc = CreateServiceW(scm, RL_WIN_SERVICE_NAME, L"relay host",
				       SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
				       SERVICE_AUTO_START, SERVICE_ERROR_NORMAL, cmd, NULL,
				       NULL, NULL, NULL /* LocalSystem */, NULL);
	if (!svc && GetLastError() == ERROR_SERVICE_EXISTS) {
		svc = OpenServiceW(scm, RL_WIN_SERVICE_NAME, SERVICE_ALL_ACCESS);
		if (svc && !ChangeServiceConfigW(svc, SERVICE_WIN32_OWN_PROCESS,
						 SERVICE_AUTO_START, SERVICE_ERROR_NORMAL,
						 cmd, NULL, NULL, NULL, NULL, NULL, NULL)) {
			log_win(log, "cannot update the relay-host service", GetLastError());
			goto out_svc;
		}
		if (svc)
			rl_info(log, "service relay-host updated");
	} else if (svc) {
		rl_info(log, "service relay-host installed (auto-start, LocalSystem)");
	}
	if (!svc) {
		log_win(log, "cannot create the relay-host service", GetLastError());
		goto out_scm;
	}
	SERVICE_DESCRIPTIONW desc = {
		.lpDescription = L"Publishes this machine's display into IVSHMEM shared "
				 L"memory for relay-client on the VM host.",
	};
	ChangeServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, &desc);
	register_event_source(log);
	rl_info(log, "command line: %ls", cmd);
	rl_info(log, "start it with: sc start relay-host");
	rc = 0;
out_svc:
	CloseServiceHandle(svc);
out_scm:
	CloseServiceHandle(scm);
out_cmd:
	free(cmd);
	return rc;
}

static int uninstall(struct rl_log *log)
{
	SERVICE_STATUS st;
	int rc = 1;

	SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	if (!scm) {
		log_win(log, "cannot open the service control manager (run as administrator)",
			GetLastError());
		return 1;
	}
	SC_HANDLE svc = OpenServiceW(scm, RL_WIN_SERVICE_NAME,
				     SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE);
	if (!svc) {
		DWORD err = GetLastError();
		if (err == ERROR_SERVICE_DOES_NOT_EXIST) {
			rl_info(log, "service relay-host is not installed");
			rc = 0;
		} else {
			log_win(log, "cannot open the relay-host service", err);
		}
		goto out_scm;
	}
	/*
	 * The service's process, to wait for: it reports STOPPED before it has
	 * exited, and until it has, its relay-host.exe cannot be deleted (the
	 * uninstaller's next step; seen failing under Wine).
	 */
	SERVICE_STATUS_PROCESS sp;
	DWORD need;
	HANDLE proc = NULL;

	if (QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)&sp, sizeof(sp), &need) &&
	    sp.dwProcessId)
		proc = OpenProcess(SYNCHRONIZE, FALSE, sp.dwProcessId);
	if (ControlService(svc, SERVICE_CONTROL_STOP, &st)) {
		rl_info(log, "stopping service relay-host");
		for (int i = 0; i < 100 && QueryServiceStatus(svc, &st) &&
				st.dwCurrentState != SERVICE_STOPPED; i++)
			Sleep(100);
		if (st.dwCurrentState != SERVICE_STOPPED)
			rl_warn(log, "service relay-host did not stop within 10 s; removing it anyway");
		else if (proc && WaitForSingleObject(proc, 10000) != WAIT_OBJECT_0)
			rl_warn(log, "the relay-host service's process did not exit within 10 s of "
				     "stopping: its files may stay until it does");
	}
	if (proc)
		CloseHandle(proc);
	if (!DeleteService(svc)) {
		log_win(log, "cannot remove the relay-host service", GetLastError());
		goto out_svc;
	}
	RegDeleteKeyW(HKEY_LOCAL_MACHINE, EVENTLOG_KEY);
	rl_info(log, "service relay-host removed");
	rc = 0;
out_svc:
	CloseServiceHandle(svc);
out_scm:
	CloseServiceHandle(scm);
	return rc;
}

/* ---- the running service ------------------------------------------------ */

static void set_state(struct service *s, DWORD state, DWORD exit_code)
{
	s->status.dwCurrentState = state;
	s->status.dwWin32ExitCode = exit_code;
	s->status.dwWaitHint = state == SERVICE_STOP_PENDING ? CHILD_STOP_WAIT_MS + 2000 : 0;
	SetServiceStatus(s->status_handle, &s->status);
}

static DWORD WINAPI control_handler(DWORD control, DWORD type, void *data, void *ctx)
{
	struct service *s = ctx;

	(void)data;
	switch (control) {
	case SERVICE_CONTROL_STOP:
	case SERVICE_CONTROL_SHUTDOWN:
		set_state(s, SERVICE_STOP_PENDING, NO_ERROR);
		SetEvent(s->stop);
		return NO_ERROR;
	case SERVICE_CONTROL_SESSIONCHANGE:
		/* Logon, logoff, user switch, console (dis)connect: re-check. */
		rl_dbg(s->log, "session change event %lu", (unsigned long)type);
		SetEvent(s->session_change);
		return NO_ERROR;
	case SERVICE_CONTROL_INTERROGATE:
		return NO_ERROR;
	default:
		return ERROR_CALL_NOT_IMPLEMENTED;
	}
}

/* Warnings and errors also go to the Application event log. */
static void event_log_sink(void *data, enum rl_log_level level, const char *line)
{
	struct service *s = data;
	wchar_t *w;

	if (!s->event_log || level > RL_LOG_WARN)
		return;
	w = rl_win_utf8_to_wide(line);
	if (!w)
		return;
	const wchar_t *strings[] = { w };
	ReportEventW(s->event_log,
		     level == RL_LOG_ERROR ? EVENTLOG_ERROR_TYPE : EVENTLOG_WARNING_TYPE,
		     0, 1, NULL, 1, 0, strings, NULL);
	free(w);
}

/* <ProgramData>\relay (FOLDERID_ProgramData), created if missing. */
static bool open_log_dir(struct service *s)
{
	wchar_t *known = NULL;

	if (SUCCEEDED(SHGetKnownFolderPath(&FOLDERID_ProgramData, 0, NULL, &known)) &&
	    wcslen(known) < MAX_PATH - 32)
		wcscpy(s->log_dir, known);
	else
		wcscpy(s->log_dir, L"C:\\ProgramData");
	CoTaskMemFree(known);
	wcscat(s->log_dir, L"\\relay");
	return CreateDirectoryW(s->log_dir, NULL) || GetLastError() == ERROR_ALREADY_EXISTS;
}

static FILE *open_log_file(struct service *s, const wchar_t *name)
{
	wchar_t path[MAX_PATH];

	swprintf(path, MAX_PATH, L"%ls\\%ls", s->log_dir, name);
	FILE *f = _wfopen(path, L"a");
	if (f)
		setvbuf(f, NULL, _IONBF, 0);
	return f;
}

/* The capture process's stderr/stdout: an inheritable append handle. */
static HANDLE open_child_log(struct service *s)
{
	wchar_t path[MAX_PATH];
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };

	swprintf(path, MAX_PATH, L"%ls\\relay-host-capture.log", s->log_dir);
	return CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE,
			   &sa, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
}

/* Our SYSTEM token, moved to `session`, as a primary token. */
static HANDLE session_token(struct service *s, DWORD session)
{
	HANDLE self = NULL, token = NULL;

	if (!OpenProcessToken(GetCurrentProcess(),
			      TOKEN_DUPLICATE | TOKEN_QUERY | TOKEN_ASSIGN_PRIMARY |
				      TOKEN_ADJUST_DEFAULT | TOKEN_ADJUST_SESSIONID,
			      &self)) {
		log_win(s->log, "OpenProcessToken", GetLastError());
		return NULL;
	}
	if (!DuplicateTokenEx(self, MAXIMUM_ALLOWED, NULL, SecurityIdentification,
			      TokenPrimary, &token)) {
		log_win(s->log, "DuplicateTokenEx", GetLastError());
		CloseHandle(self);
		return NULL;
	}
	CloseHandle(self);
	if (!SetTokenInformation(token, TokenSessionId, &session, sizeof(session))) {
		/* Without it the capture process sees session 0's empty desktop. */
		char text[256];
		rl_warn(s->log, "cannot move the capture process's token to session %lu: %s "
			"(error %lu); it runs in the service's session",
			(unsigned long)session,
			rl_win_error_text(GetLastError(), text, sizeof(text)),
			(unsigned long)GetLastError());
	}
	return token;
}

static bool launch_child(struct service *s, DWORD session)
{
	wchar_t desktop[] = L"WinSta0\\Default";
	STARTUPINFOW si = { .cb = sizeof(si) };
	HANDLE token, out;
	bool ok = false;

	token = session_token(s, session);
	if (!token)
		return false;
	out = open_child_log(s);
	si.lpDesktop = desktop;
	if (out != INVALID_HANDLE_VALUE) {
		si.dwFlags = STARTF_USESTDHANDLES;
		si.hStdInput = NULL;
		si.hStdOutput = out;
		si.hStdError = out;
	}
	ResetEvent(s->child_stop);
	if (CreateProcessAsUserW(token, NULL, s->child_cmdline, NULL, NULL,
				 out != INVALID_HANDLE_VALUE, CREATE_NO_WINDOW, NULL,
				 NULL, &si, &s->child)) {
		s->child_session = session;
		rl_info(s->log, "capture process started: pid %lu in session %lu",
			(unsigned long)s->child.dwProcessId, (unsigned long)session);
		CloseHandle(s->child.hThread);
		s->child.hThread = NULL;
		ok = true;
	} else {
		log_win(s->log, "CreateProcessAsUserW (the capture process)", GetLastError());
	}
	if (out != INVALID_HANDLE_VALUE)
		CloseHandle(out);
	CloseHandle(token);
	return ok;
}

/* Ask the capture process to stop; terminate it after CHILD_STOP_WAIT_MS. */
static void stop_child(struct service *s)
{
	DWORD code = 0;

	if (!s->child.hProcess)
		return;
	SetEvent(s->child_stop);
	if (WaitForSingleObject(s->child.hProcess, CHILD_STOP_WAIT_MS) != WAIT_OBJECT_0) {
		rl_warn(s->log, "capture process %lu did not stop within %d ms: terminating it",
			(unsigned long)s->child.dwProcessId, CHILD_STOP_WAIT_MS);
		TerminateProcess(s->child.hProcess, 1);
		WaitForSingleObject(s->child.hProcess, 2000);
	}
	GetExitCodeProcess(s->child.hProcess, &code);
	rl_info(s->log, "capture process %lu stopped (exit code %lu)",
		(unsigned long)s->child.dwProcessId, (unsigned long)code);
	CloseHandle(s->child.hProcess);
	memset(&s->child, 0, sizeof(s->child));
}

static const char *exit_meaning(DWORD code)
{
	switch (code) {
	case 0: return "it stopped without being asked: ended from outside?";
	case 1: return "runtime error";
	case 2: return "bad options: fix the service's command line (--install-service again)";
	case 3: return "shared memory too small";
	case 4: return "capture failed";
	default: return "crashed or was terminated";
	}
}

/* The service's loop: keep one capture process in the console session. */
static void supervise(struct service *s)
{
	uint64_t next_launch = 0;

	for (;;) {
		uint64_t now = rl_time_ns();
		DWORD session = WTSGetActiveConsoleSessionId();

		if (!s->child.hProcess && session != NO_SESSION && now >= next_launch) {
			if (launch_child(s, session))
				rl_backoff_started(&s->backoff, now);
			else
				next_launch = now + rl_backoff_failed(&s->backoff, now);
		}

		HANDLE waits[3] = { s->stop, s->session_change, s->child.hProcess };
		DWORD count = s->child.hProcess ? 3 : 2;
		DWORD timeout = 1000;
		if (!s->child.hProcess && next_launch > now) {
			uint64_t ms = (next_launch - now) / RL_NS_PER_MS + 1;
			timeout = ms < 1000 ? (DWORD)ms : 1000;
		}
		DWORD w = WaitForMultipleObjects(count, waits, FALSE, timeout);
		if (w == WAIT_OBJECT_0) {
			stop_child(s);
			return;
		}
		if (w == WAIT_OBJECT_0 + 1) {
			DWORD now_session = WTSGetActiveConsoleSessionId();
			if (s->child.hProcess && now_session != s->child_session) {
				rl_info(s->log, "console session %lu -> %lu: moving the capture process",
					(unsigned long)s->child_session, (unsigned long)now_session);
				stop_child(s);
				next_launch = 0;
			}
			continue;
		}
		if (w == WAIT_OBJECT_0 + 2) {
			DWORD code = 0;
			GetExitCodeProcess(s->child.hProcess, &code);
			CloseHandle(s->child.hProcess);
			memset(&s->child, 0, sizeof(s->child));
			now = rl_time_ns();
			uint64_t wait = rl_backoff_failed(&s->backoff, now);
			next_launch = now + wait;
			rl_warn(s->log, "capture process exited with code %lu (%s): restarting in %llu ms",
				(unsigned long)code, exit_meaning(code),
				(unsigned long long)(wait / RL_NS_PER_MS));
		}
	}
}

static void WINAPI service_main(DWORD argc, wchar_t **argv)
{
	struct service s = {
		.log = dispatch_log,
		.status = {
			.dwServiceType = SERVICE_WIN32_OWN_PROCESS,
			.dwControlsAccepted = SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN |
					      SERVICE_ACCEPT_SESSIONCHANGE,
		},
	};
	FILE *logfile = NULL;

	(void)argc;
	(void)argv;
	s.status_handle = RegisterServiceCtrlHandlerExW(RL_WIN_SERVICE_NAME,
							control_handler, &s);
	if (!s.status_handle) {
		log_win(s.log, "RegisterServiceCtrlHandlerExW", GetLastError());
		return;
	}
	set_state(&s, SERVICE_START_PENDING, NO_ERROR);
	if (open_log_dir(&s))
		logfile = open_log_file(&s, L"relay-host-service.log");
	if (logfile)
		s.log->out = logfile;
	s.event_log = RegisterEventSourceW(NULL, RL_WIN_SERVICE_NAME);
	s.log->sink = event_log_sink;
	s.log->sink_data = &s;
	rl_backoff_init(&s.backoff, RESTART_MIN_NS, RESTART_MAX_NS, RESTART_STABLE_NS);

	s.stop = CreateEventW(NULL, TRUE, FALSE, NULL);
	s.session_change = CreateEventW(NULL, FALSE, FALSE, NULL);
	swprintf(s.child_stop_name, 64, L"Global\\relay-host-stop-%lu",
		 (unsigned long)GetCurrentProcessId());
	s.child_stop = CreateEventW(NULL, TRUE, FALSE, s.child_stop_name);
	s.child_cmdline = build_cmdline(s.log, NULL, 2);
	if (!s.stop || !s.session_change || !s.child_stop || !s.child_cmdline) {
		rl_err(s.log, "service start failed (events or command line)");
		set_state(&s, SERVICE_STOPPED, ERROR_SERVICE_SPECIFIC_ERROR);
		goto out;
	}
	/* The capture process inherits our environment, this variable included. */
	char name[64];
	snprintf(name, sizeof(name), "%ls", s.child_stop_name);
	SetEnvironmentVariableA(RL_WIN_STOP_EVENT_ENV, name);

	set_state(&s, SERVICE_RUNNING, NO_ERROR);
	rl_info(s.log, "service running (pid %lu); capture process: %ls",
		(unsigned long)GetCurrentProcessId(), s.child_cmdline);
	supervise(&s);
	rl_info(s.log, "service stopped");
	set_state(&s, SERVICE_STOPPED, NO_ERROR);
out:
	free(s.child_cmdline);
	if (s.child_stop)
		CloseHandle(s.child_stop);
	if (s.session_change)
		CloseHandle(s.session_change);
	if (s.stop)
		CloseHandle(s.stop);
	s.log->sink = NULL;
	if (s.event_log)
		DeregisterEventSource(s.event_log);
	if (logfile) {
		s.log->out = stderr;
		fclose(logfile);
	}
}

static int run_service(struct rl_log *log)
{
	SERVICE_TABLE_ENTRYW table[] = {
		{ RL_WIN_SERVICE_NAME, service_main },
		{ NULL, NULL },
	};

	dispatch_log = log;
	if (!StartServiceCtrlDispatcherW(table)) {
		DWORD err = GetLastError();
		if (err == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT)
			rl_err(log, "--service is for the service control manager; to run in "
			       "this console, leave it out (or install with --install-service)");
		else
			log_win(log, "StartServiceCtrlDispatcherW", err);
		return 1;
	}
	return 0;
}

bool rl_win_service_command(int argc, char **argv, struct rl_log *log,
			    int *exit_code)
{
	if (argc < 2)
		return false;
	if (strcmp(argv[1], "--install-service") == 0)
		*exit_code = install(log);
	else if (strcmp(argv[1], "--uninstall-service") == 0)
		*exit_code = argc == 2 ? uninstall(log) : (rl_err(log, "--uninstall-service takes no options"), 2);
	else if (strcmp(argv[1], "--service") == 0)
		*exit_code = run_service(log);
	else
		return false;
	return true;
}
