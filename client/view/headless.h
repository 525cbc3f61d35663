/* SPDX-License-Identifier: MIT */
/*
 * The headless view: no window. Prints link changes, optionally one line
 * per frame, counts frames, and keeps the last frame for --dump-frame.
 * For tests and for checking a set-up on a machine without a display.
 */
#ifndef RELAY_CLIENT_VIEW_HEADLESS_H
#define RELAY_CLIENT_VIEW_HEADLESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "relay/log.h"
#include "view.h"

extern const struct rl_view_ops rl_view_headless;

struct rl_headless {
	const struct rl_log *log;
	FILE *out;              /* --print-frames lines */
	bool print_frames;
	uint64_t frames_wanted; /* 0 = run until stopped */
	uint64_t frames_seen;
	const struct rl_frame *last; /* the core's frame, valid until next poll */
	bool done;              /* frames_wanted reached */
};

#endif
