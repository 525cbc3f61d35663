/* SPDX-License-Identifier: MIT */
/*
 * The recording input backend: every event goes to the debug log and,
 * when `out` is set, one line to it:
 *
 *   input key 30 down          input button 272 up
 *   input motion 3.00 -1.00    input position 640 360
 *   input scroll 0.00 1.00     input release-all keys=1 buttons=0
 *
 * It tracks what is held so release_all can say what it let go.
 */
#include <stdlib.h>

#include "input.h"
#include "keybind.h"

struct log_input {
	struct rl_input base;
	const struct rl_log *log;
	FILE *out;
	uint64_t held[RL_KEYBIND_MAX_KEY / 64]; /* keys and buttons down */
};

static const struct rl_input_ops log_input_ops;

static struct log_input *log_input_from(struct rl_input *in)
{
	return in && in->impl == &log_input_ops ? (struct log_input *)in : NULL;
}

static void set_held(struct log_input *l, uint32_t code, bool down)
{
	uint64_t bit = (uint64_t)1 << (code % 64);

	if (code >= RL_KEYBIND_MAX_KEY)
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

	for (uint32_t code = 0; code < RL_KEYBIND_MAX_KEY; code++) {
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

static void log_destroy(struct rl_input *in)
{
	free(log_input_from(in));
}

static const struct rl_input_ops log_input_ops = {
	.name = "log",
	.key = log_key,
	.motion = log_motion,
	.position = log_position,
	.button = log_button,
	.scroll = log_scroll,
	.release_all = log_release_all,
	.destroy = log_destroy,
};

struct rl_input *rl_input_log_create(const struct rl_log *log, FILE *out)
{
	struct log_input *l = calloc(1, sizeof(*l));

	if (!l) {
		rl_err(log, "out of memory creating the input log");
		return NULL;
	}
	l->base.impl = &log_input_ops;
	l->log = log;
	l->out = out;
	return &l->base;
}
