/* SPDX-License-Identifier: MIT */
#include "relay/log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const level_names[] = {
	[RL_LOG_ERROR] = "error",
	[RL_LOG_WARN] = "warn",
	[RL_LOG_INFO] = "info",
	[RL_LOG_DEBUG] = "debug",
};

#define N_LEVELS (sizeof(level_names) / sizeof(level_names[0]))

void rl_log_init(struct rl_log *log, const char *component)
{
	log->level = RL_LOG_INFO;
	log->component = component;
	log->out = stderr;
	log->sink = NULL;
	log->sink_data = NULL;
}

const char *rl_log_level_name(enum rl_log_level level)
{
	if ((unsigned)level < N_LEVELS)
		return level_names[level];
	return "unknown";
}

bool rl_log_level_parse(const char *name, enum rl_log_level *level)
{
	if (!name)
		return false;
	for (size_t i = 0; i < N_LEVELS; i++) {
		if (strcasecmp(name, level_names[i]) == 0) {
			*level = (enum rl_log_level)i;
			return true;
		}
	}
	return false;
}

/*
 * The whole line, newline included, is built first and written with one
 * fwrite: stdio locks the stream per call, so lines from concurrent threads
 * never interleave.
 */
void rl_log_msg(const struct rl_log *log, enum rl_log_level level,
		const char *fmt, ...)
{
	if (!log || level > log->level || (!log->out && !log->sink))
		return;

	char stack[512];
	char *line = stack;
	const char *component = log->component ? log->component : "relay";
	int prefix = snprintf(stack, sizeof(stack), "%s: %s: ", component,
			      rl_log_level_name(level));
	if (prefix < 0 || (size_t)prefix >= sizeof(stack))
		return;

	va_list ap;
	va_start(ap, fmt);
	int body = vsnprintf(stack + prefix, sizeof(stack) - (size_t)prefix, fmt, ap);
	va_end(ap);
	if (body < 0)
		return;

	size_t len = (size_t)prefix + (size_t)body;
	/* +2: the newline and the terminator. */
	if (len + 2 > sizeof(stack)) {
		line = malloc(len + 2);
		if (!line) {
			/* Out of memory: the truncated stack copy is better than nothing. */
			line = stack;
			len = sizeof(stack) - 2;
		} else {
			memcpy(line, stack, (size_t)prefix);
			va_start(ap, fmt);
			vsnprintf(line + prefix, (size_t)body + 1, fmt, ap);
			va_end(ap);
		}
	}

	/* Messages may end in a newline out of habit; print exactly one. */
	while (len > (size_t)prefix && line[len - 1] == '\n')
		len--;
	line[len] = '\0';

	if (log->sink)
		log->sink(log->sink_data, level, line);
	if (log->out) {
		line[len] = '\n';
		fwrite(line, 1, len + 1, log->out);
		if (level <= RL_LOG_WARN)
			fflush(log->out);
	}

	if (line != stack)
		free(line);
}

bool rl_ratelimit_pass(struct rl_ratelimit *rl, uint64_t now_ns,
		       uint64_t interval_ns)
{
	if (!rl->primed || now_ns - rl->last_ns >= interval_ns) {
		rl->primed = true;
		rl->last_ns = now_ns;
		rl->suppressed = 0;
		return true;
	}
	if (rl->suppressed < UINT32_MAX)
		rl->suppressed++;
	return false;
}

bool rl_logbudget_pass(struct rl_logbudget *b, uint64_t now_ns, uint32_t burst,
		       uint64_t window_ns, uint32_t *suppressed)
{
	*suppressed = 0;
	if (!b->primed || now_ns - b->window_start >= window_ns) {
		b->primed = true;
		b->window_start = now_ns;
		b->used = 0;
		*suppressed = b->suppressed;
		b->suppressed = 0;
	}
	if (b->used < burst) {
		b->used++;
		return true;
	}
	if (b->suppressed < UINT32_MAX)
		b->suppressed++;
	return false;
}
