/* SPDX-License-Identifier: MIT */
/*
 * The window view: the guest's screen on the desktop. It owns a display
 * (the window and its GL context), a renderer drawing into it and an input
 * seam receiving what the user types while input is captured, and runs
 * the client's main loop (rl_window_run).
 *
 * Input, by state:
 *   - captured (the escape key tapped alone): pointer locked and hidden,
 *     keyboard grabbed; every key (except the escape key and its
 *     combinations), button, relative motion (window pixels) and scroll
 *     goes to the input seam. Capture ends with the escape key, focus
 *     loss or quitting, and then calls release_all.
 *   - not captured: keys, buttons and scrolling stay with the desktop; the
 *     pointer's position over the frame goes to the input seam as an
 *     absolute position in guest frame pixels (window pixels mapped
 *     through the renderer's viewport, so letterboxing and scaling are
 *     undone); positions over the letterbox bars are not sent.
 *
 * Drawing: a frame is uploaded when it arrives (damage only) and the
 * window is redrawn when anything visible changed (frame, cursor, status,
 * size) and, while the stats overlay is on, at least every 16 ms.
 *
 * Context: the client thread, which must also be the thread that runs
 * rl_window_run.
 */
#ifndef RELAY_CLIENT_VIEW_WINDOW_H
#define RELAY_CLIENT_VIEW_WINDOW_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "client.h"
#include "display.h"
#include "input.h"
#include "relay/log.h"
#include "render.h"
#include "view.h"

extern const struct rl_view_ops rl_view_window;

struct rl_window_params {
	const struct rl_display_ops *display;   /* from rl_display_find */
	const struct rl_renderer_ops *renderer; /* &rl_renderer_egl */
	struct rl_display_params window;
	struct rl_render_params render;         /* egl_display is filled in */
	uint32_t escape_key;     /* evdev code, see keybind.h */
	bool inhibit_idle;       /* keep the screensaver away while connected */
	bool overlay;            /* start with the stats overlay shown */
	FILE *print_frames;      /* "frame ..." and "present ..." lines; NULL = none */
	FILE *print_input;       /* the input seam's lines; NULL = none */
	uint64_t frames_wanted;  /* quit after presenting N new frames; 0 = never */
	/* Called once per loop iteration after the poll (stats lines); optional. */
	void (*tick)(void *data, uint64_t now_ns);
	void *tick_data;
};

struct rl_window;

/* Open the window, make its context current, create renderer and input. */
struct rl_window *rl_window_create(const struct rl_window_params *params,
				   const struct rl_log *log);
void rl_window_destroy(struct rl_window *w); /* accepts NULL */

/*
 * Run the client c (created with rl_view_window and w) until the user
 * quits (close, escape + Q), *stop becomes non-zero, frames_wanted frames
 * were presented, or deadline_ns passes (0 = none; returns false then).
 */
bool rl_window_run(struct rl_window *w, struct rl_client *c,
		   const volatile sig_atomic_t *stop, uint64_t deadline_ns);

/*
 * Before there is a client to run: show `status`, handle the window's
 * events and redraw for up to timeout_ns. False once the user quit.
 */
bool rl_window_idle(struct rl_window *w, const char *status, uint64_t timeout_ns);

/* The last frame received (valid until the client polls or is destroyed). */
const struct rl_frame *rl_window_last_frame(const struct rl_window *w);

/* New frames presented so far. */
uint64_t rl_window_frames(const struct rl_window *w);

/*
 * Renders and new frames per second over the last second, and the mean
 * stage times of the last (up to) 60 frames presented (publish_to_observed
 * averages only comparable samples; -1 when there were none).
 */
void rl_window_stats(const struct rl_window *w, float *fps, float *ups,
		     struct rl_frame_timing *mean);

#endif /* RELAY_CLIENT_VIEW_WINDOW_H */
