/* SPDX-License-Identifier: MIT */
/*
 * The headless view: no window. Counts frames, optionally prints one line
 * per frame and cursor update (--print-frames), and waits by sleeping
 * (or polling the loop's fds). For tests and for checking a set-up on a
 * machine without a display. The core logs link changes itself.
 */
#ifndef RELAY_CLIENT_HEADLESS_H
#define RELAY_CLIENT_HEADLESS_H

#include <stdint.h>
#include <stdio.h>

#include "view.h"

extern const struct rl_view_ops rl_view_headless;

struct rl_headless {
	FILE *print_frames; /* "frame ..." and "cursor ..." lines; NULL = none */
	uint64_t frames_seen;
	uint32_t unpresented; /* frames since the last present */
};

#endif
