/* SPDX-License-Identifier: MIT */
/*
 * Logging. A struct rl_log is owned by the program's context and passed to
 * whatever logs; there is no global logger. Lines look like
 *   relay-client: warn: frame 42 rejected: pitch 7680 < width 1920 x 4
 * and go to `out` (stderr by default) and, when set, to `sink`.
 */
#ifndef RELAY_LOG_H
#define RELAY_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum rl_log_level {
	RL_LOG_ERROR,
	RL_LOG_WARN,
	RL_LOG_INFO,
	RL_LOG_DEBUG,
};

/* Optional extra destination (Windows event log, a test's capture). */
typedef void (*rl_log_sink_fn)(void *userdata, enum rl_log_level level,
			       const char *line);

struct rl_log {
	enum rl_log_level level; /* messages above this level are dropped */
	const char *component;   /* prefix, e.g. "relay-host"; not owned */
	FILE *out;               /* NULL: no stream output */
	rl_log_sink_fn sink;     /* optional */
	void *sink_data;
};

/* Initialise to level INFO, output to stderr, no sink. */
void rl_log_init(struct rl_log *log, const char *component);

#if defined(__GNUC__) || defined(__clang__)
#define RL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RL_PRINTF(a, b)
#endif

/* Context: any thread; a NULL log drops the message. */
void rl_log_msg(const struct rl_log *log, enum rl_log_level level,
		const char *fmt, ...) RL_PRINTF(3, 4);

#define rl_err(log, ...) rl_log_msg((log), RL_LOG_ERROR, __VA_ARGS__)
#define rl_warn(log, ...) rl_log_msg((log), RL_LOG_WARN, __VA_ARGS__)
#define rl_info(log, ...) rl_log_msg((log), RL_LOG_INFO, __VA_ARGS__)
#define rl_dbg(log, ...) rl_log_msg((log), RL_LOG_DEBUG, __VA_ARGS__)

/* "error", "warn", "info", "debug" -> level; false for anything else. */
bool rl_log_level_parse(const char *name, enum rl_log_level *level);
const char *rl_log_level_name(enum rl_log_level level);

/*
 * Rate limiting for messages a hostile or broken peer could trigger every
 * frame: rl_ratelimit_pass() is true at most once per interval_ns and
 * counts what it held back in `suppressed` (reset when it passes).
 */
struct rl_ratelimit {
	uint64_t last_ns;
	uint32_t suppressed;
	bool primed;
};

bool rl_ratelimit_pass(struct rl_ratelimit *rl, uint64_t now_ns,
		       uint64_t interval_ns);

/*
 * A budget for messages a peer can trigger at will (a hostile guest): at
 * most `burst` pass per window of window_ns; when a new window starts
 * after some were held back, the first to pass gets *suppressed set to
 * how many (0 otherwise), for a "(N more suppressed)" note.
 */
struct rl_logbudget {
	uint64_t window_start;
	uint32_t used;
	uint32_t suppressed;
	bool primed;
};

bool rl_logbudget_pass(struct rl_logbudget *b, uint64_t now_ns, uint32_t burst,
		       uint64_t window_ns, uint32_t *suppressed);

#endif /* RELAY_LOG_H */
