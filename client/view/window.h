/* SPDX-License-Identifier: MIT */
/*
 * The window view: the guest's screen on the desktop. It owns a display
 * (the window and its GL context), a renderer drawing into it and an input
 * backend receiving what the user types while input is captured. It is a
 * sink of the core's loop (view.h): frames in, presents and waits out.
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
 * size, expose, fullscreen) and, while the stats overlay is on, at least
 * every 16 ms. The viewport always comes from the drawable's real size.
 *
 * Context: the client thread.
 */
#ifndef RELAY_CLIENT_VIEW_WINDOW_H
#define RELAY_CLIENT_VIEW_WINDOW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "display.h"
#include "input.h"
#include "keybind.h"
#include "relay/log.h"
#include "render.h"
#include "view.h"

extern const struct rl_view_ops rl_view_window;

struct rl_window_params {
	const struct rl_display_ops *display_ops;   /* from rl_display_find */
	struct rl_display_params display;
	const void *display_config;                 /* the display backend's options */
	const struct rl_renderer_ops *renderer_ops; /* &rl_renderer_egl */
	struct rl_render_params render;             /* egl_display is filled in */
	const struct rl_input_ops *input_ops;       /* from rl_input_find */
	const void *input_config;                   /* the input backend's options */
	struct rl_keybind_escape escape; /* the escape key or combination (keybind.h) */
	bool inhibit_idle;       /* keep the screensaver away while connected */
	bool overlay;            /* start with the stats overlay shown */
	FILE *print_frames;      /* "frame ..." and "present ..." lines; NULL = none */
};

struct rl_window;

/* Open the window, make its context current, create renderer and input. */
struct rl_window *rl_window_create(const struct rl_window_params *params,
				   const struct rl_log *log);
void rl_window_destroy(struct rl_window *w); /* accepts NULL */

/*
 * The window's input backend, for the loop to watch its event fd (see
 * input.h: event_fd, dispatch). Owned by the window.
 */
struct rl_input *rl_window_input(struct rl_window *w);

#endif /* RELAY_CLIENT_VIEW_WINDOW_H */
