/* SPDX-License-Identifier: MIT */
/*
 * The display seam: a window on the desktop and its events. One backend
 * per folder (display/wayland/, display/x11/), each exporting one
 * `const struct rl_display_ops`; display/display.c lists them in priority
 * order with `#if RL_HAS_DISPLAY_*` guards. The backend owns the window,
 * its GLES 3 context and its EGL surface; the renderer draws into the
 * context the backend made current.
 *
 * Context: every op and every listener callback runs on the client thread
 * (the thread that created the display). Nothing here is thread-safe.
 */
#ifndef RELAY_CLIENT_DISPLAY_H
#define RELAY_CLIENT_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/log.h"

/* The base of every display instance (backends embed it first). */
struct rl_display {
	const struct rl_display_ops *impl;
};

struct rl_display_params {
	const char *title;
	uint32_t width;         /* initial window size in pixels; 0 = 1280 x 720 */
	uint32_t height;
	int32_t x;              /* initial position, when has_position (X11 only) */
	int32_t y;
	bool has_position;
	bool fullscreen;        /* start fullscreen */
	bool borderless;        /* no decorations */
	bool vsync;             /* swap waits for vertical blank */
	bool minimize_on_focus_loss; /* fullscreen window minimises when focus goes */
};

/*
 * What a display tells its owner (the window view). Called from inside
 * dispatch() or wait(). Key codes are Linux evdev codes (KEY_A = 30, see
 * <linux/input-event-codes.h>); buttons are evdev BTN_* codes (BTN_LEFT =
 * 0x110). Pointer positions are in window pixels (framebuffer scale).
 * Every callback is required.
 */
struct rl_display_listener {
	void (*resized)(void *data, uint32_t width, uint32_t height);
	void (*close)(void *data);          /* the user closed the window */
	void (*focus)(void *data, bool focused);
	void (*key)(void *data, uint32_t evdev_key, bool pressed);
	void (*pointer_position)(void *data, double x, double y);
	void (*pointer_relative)(void *data, double dx, double dy); /* while captured */
	void (*button)(void *data, uint32_t evdev_button, bool pressed);
	void (*scroll)(void *data, double dx, double dy); /* in wheel steps */
};

struct rl_display_ops {
	const char *name; /* "wayland", "x11" */
	/* Can this backend connect here (WAYLAND_DISPLAY / DISPLAY set)? Pure. */
	bool (*available)(void);
	/*
	 * Open the window (not yet shown content) and create a GLES 3 context
	 * made current on the calling thread, with swap interval per vsync.
	 * NULL (logged) on failure. The listener and data must outlive it.
	 */
	struct rl_display *(*create)(const struct rl_display_params *params,
				     const struct rl_display_listener *listener,
				     void *data, const struct rl_log *log);
	/* Close the window and free everything; accepts NULL. */
	void (*destroy)(struct rl_display *d);
	/* The EGLDisplay of the context (for EGL extensions), as void *. */
	void *(*egl_display)(struct rl_display *d);
	/* Present what the renderer drew (eglSwapBuffers). May block on vsync. */
	void (*swap)(struct rl_display *d);
	/* Current drawable size in pixels. */
	void (*size)(struct rl_display *d, uint32_t *width, uint32_t *height);
	/* Handle pending events without blocking. */
	void (*dispatch)(struct rl_display *d);
	/* Block until an event arrives or timeout_ns passes, then dispatch. */
	void (*wait)(struct rl_display *d, uint64_t timeout_ns);
	void (*set_fullscreen)(struct rl_display *d, bool on);
	/*
	 * Input capture for gaming: pointer locked and hidden with relative
	 * motion, keyboard grabbed (compositor shortcuts inhibited). Off gives
	 * everything back.
	 */
	void (*set_capture)(struct rl_display *d, bool on);
	/* Keep the screensaver / idle blanking away while on. */
	void (*inhibit_idle)(struct rl_display *d, bool on);
	void (*set_title)(struct rl_display *d, const char *title);
};

/* Backends in priority order, NULL-terminated (display/display.c). */
extern const struct rl_display_ops *const rl_displays[];

/*
 * The backend named `name` ("auto": wayland when WAYLAND_DISPLAY is set
 * and built in, else x11). NULL (logged, naming the built-in backends)
 * when unknown or unavailable.
 */
const struct rl_display_ops *rl_display_find(const char *name,
					     const struct rl_log *log);

#endif /* RELAY_CLIENT_DISPLAY_H */
