/* SPDX-License-Identifier: MIT */
/*
 * The recording input backend: every event goes to the debug log and,
 * with --print-input, one line to stdout:
 *
 *   input key 30 down          input button 272 up
 *   input motion 3.00 -1.00    input position 640 360
 *   input scroll 0.00 1.00     input release-all keys=1 buttons=0
 *   capture on                 capture off
 *
 * It tracks what is held so release_all can say what it let go.
 */
#include <linux/input-event-codes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "input.h"
#include "relay/downcast.h"
#include "relay/locks.h"

#define CODES (KEY_MAX + 1)

struct recorder_config {
	bool print;
};

struct log_input {
	struct rl_input base;
	const struct rl_log *log;
	FILE *out;
	uint64_t held[(CODES + 63) / 64]; /* keys and buttons down */
};

extern const struct rl_input_ops rl_input_recorder; /* at the end of this file */

static struct log_input *log_input_from(struct rl_input *in)
{
	return RL_DOWNCAST(struct log_input, in, &rl_input_recorder);
}

static void set_held(struct log_input *l, uint32_t code, bool down)
{
	uint64_t bit = (uint64_t)1 << (code % 64);

	if (code >= CODES)
		return;
	if (down)
		l->held[code / 64] |= bit;
	else
		l->held[code / 64] &= ~bit;
}

static void emit(struct log_input *l, const char *line)
{
	rl_dbg(l->log, "input: %s", line);
	if (l->out) {
		fprintf(l->out, "input %s\n", line);
		fflush(l->out);
	}
}

static void log_key(struct rl_input *in, uint32_t evdev_key, bool pressed)
{
	struct log_input *l = log_input_from(in);
	char line[64];

	set_held(l, evdev_key, pressed);
	snprintf(line, sizeof(line), "key %u %s", evdev_key, pressed ? "down" : "up");
	emit(l, line);
}

static void log_motion(struct rl_input *in, double dx, double dy)
{
	char line[96];

	snprintf(line, sizeof(line), "motion %.2f %.2f", dx, dy);
	emit(log_input_from(in), line);
}

static void log_position(struct rl_input *in, int32_t x, int32_t y)
{
	char line[64];

	snprintf(line, sizeof(line), "position %d %d", x, y);
	emit(log_input_from(in), line);
}

static void log_button(struct rl_input *in, uint32_t evdev_button, bool pressed)
{
	struct log_input *l = log_input_from(in);
	char line[64];

	set_held(l, evdev_button, pressed);
	snprintf(line, sizeof(line), "button %u %s", evdev_button,
		 pressed ? "down" : "up");
	emit(l, line);
}

static void log_scroll(struct rl_input *in, double dx, double dy)
{
	char line[96];

	snprintf(line, sizeof(line), "scroll %.2f %.2f", dx, dy);
	emit(log_input_from(in), line);
}

/* Buttons are evdev BTN_MISC (0x100) .. BTN_GEAR_UP (0x151); the rest keys. */
static bool is_button(uint32_t code)
{
	return code >= 0x100 && code < 0x160;
}

static void log_release_all(struct rl_input *in)
{
	struct log_input *l = log_input_from(in);
	unsigned keys = 0, buttons = 0;
	char line[64];

	for (uint32_t code = 0; code < CODES; code++) {
		if (!((l->held[code / 64] >> (code % 64)) & 1u))
			continue;
		if (is_button(code))
			buttons++;
		else
			keys++;
	}
	for (size_t i = 0; i < sizeof(l->held) / sizeof(l->held[0]); i++)
		l->held[i] = 0;
	snprintf(line, sizeof(line), "release-all keys=%u buttons=%u", keys, buttons);
	emit(l, line);
}

static bool log_absolute(struct rl_input *in)
{
	(void)in;
	return true; /* it records positions */
}

static void log_sync_locks(struct rl_input *in, uint32_t locks, uint32_t mask)
{
	char line[96];

	snprintf(line, sizeof(line), "locks caps=%d num=%d scroll=%d mask=0x%x",
		 !!(locks & RL_LOCK_CAPS), !!(locks & RL_LOCK_NUM), !!(locks & RL_LOCK_SCROLL), mask);
	emit(log_input_from(in), line);
}

static void log_captured(struct rl_input *in, bool on)
{
	struct log_input *l = log_input_from(in);

	rl_dbg(l->log, "input: capture %s", on ? "on" : "off");
	if (l->out) {
		fprintf(l->out, "capture %s\n", on ? "on" : "off");
		fflush(l->out);
	}
}

static void log_destroy(struct rl_input *in)
{
	if (in)
		free(log_input_from(in));
}

static int log_event_fd(struct rl_input *in)
{
	(void)in;
	return -1;
}

static void log_dispatch(struct rl_input *in)
{
	(void)in;
}

static struct rl_input *log_create(const void *config,
				   const struct rl_input_listener *listener, void *data,
				   const struct rl_log *log)
{
	const struct recorder_config *cfg = config;
	struct log_input *l = calloc(1, sizeof(*l));

	(void)listener; /* input always "reaches" the recorder */
	(void)data;
	if (!l) {
		rl_err(log, "out of memory creating the input recorder");
		return NULL;
	}
	l->base.impl = &rl_input_recorder;
	l->log = log;
	l->out = cfg && cfg->print ? stdout : NULL;
	return &l->base;
}

static const struct rl_opt recorder_opts[] = {
	{ "recorder", "print-input", 0, RL_OPT_BOOL, offsetof(struct recorder_config, print),
	  "no", NULL,
	  "Recorder: print one line per input event the guest would receive, and capture changes, on stdout.",
	  0, 0, NULL },
};

static const struct rl_opt_group recorder_options = {
	recorder_opts, sizeof(recorder_opts) / sizeof(recorder_opts[0]),
	sizeof(struct recorder_config),
};

const struct rl_input_ops rl_input_recorder = {
	.name = "recorder",
	.description = "records events in the debug log (and on stdout with --print-input); nothing reaches the guest",
	.options = &recorder_options,
	.create = log_create,
	.destroy = log_destroy,
	.event_fd = log_event_fd,
	.dispatch = log_dispatch,
	.key = log_key,
	.motion = log_motion,
	.position = log_position,
	.button = log_button,
	.scroll = log_scroll,
	.absolute = log_absolute,
	.sync_locks = log_sync_locks,
	.captured = log_captured,
	.release_all = log_release_all,
};
