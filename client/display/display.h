/* SPDX-License-Identifier: MIT */
/*
 * The display seam: a window on the desktop and its events. One backend
 * per folder (display/wayland/, display/sdl/ for X11 through SDL2), each
 * exporting one `const struct rl_display_ops` that carries its own
 * options; display/registry.c lists them in priority order with
 * `#if RL_HAS_DISPLAY_*` guards. The backend owns the window,
 * its GLES 3 context and its EGL surface; the renderer draws into the
 * context the backend made current.
 *
 * Context: every op and every listener callback runs on the client thread
 * (the thread that created the display). Nothing here is thread-safe.
 */
#ifndef RELAY_CLIENT_DISPLAY_H
#define RELAY_CLIENT_DISPLAY_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relay/log.h"
#include "relay/options.h"
#include "relay/protocol.h"

/* The base of every display instance (backends embed it first). */
struct rl_display {
	const struct rl_display_ops *impl;
};

struct rl_display_params {
	const char *title;
	uint32_t width;         /* initial window size in pixels; 0 = 1280 x 720 */
	uint32_t height;
	bool fullscreen;        /* start fullscreen */
	bool borderless;        /* no decorations */
	bool vsync;             /* swap waits for vertical blank */
	bool minimize_on_focus_loss; /* fullscreen window minimises when focus goes */
};

/*
 * What a display tells its owner (the window view). Called from inside
 * wait(). Key codes are Linux evdev codes (KEY_A = 30, see
 * <linux/input-event-codes.h>); buttons are evdev BTN_* codes (BTN_LEFT =
 * 0x110). Pointer positions are in window pixels (framebuffer scale).
 * Every callback is required.
 */
struct rl_display_listener {
	void (*resized)(void *data, uint32_t width, uint32_t height);
	void (*close)(void *data);          /* the user closed the window */
	void (*focus)(void *data, bool focused);
	void (*key)(void *data, uint32_t evdev_key, bool pressed);
	/* The host's autorepeat of a held key (at the desktop's repeat rate). */
	void (*key_repeat)(void *data, uint32_t evdev_key);
	void (*pointer_position)(void *data, double x, double y);
	void (*pointer_relative)(void *data, double dx, double dy); /* while captured */
	void (*button)(void *data, uint32_t evdev_button, bool pressed);
	void (*scroll)(void *data, double dx, double dy); /* in wheel steps */
};

struct rl_display_ops {
	const char *name;        /* the value of --display: "wayland", "x11" */
	const char *description; /* one line for --help */
	const char *env;         /* what available() reads, for messages */
	/* The backend's own options and config struct; NULL = none. */
	const struct rl_opt_group *options;
	/* Can this backend connect here (WAYLAND_DISPLAY / DISPLAY set)? Pure. */
	bool (*available)(void);
	/*
	 * Open the window (not yet shown content) and create a GLES 3 context
	 * made current on the calling thread, with swap interval per vsync.
	 * config is the backend's own (options->config_size bytes; NULL when
	 * it has none). NULL (logged) on failure. The listener, data and
	 * config must outlive it.
	 */
	struct rl_display *(*create)(const struct rl_display_params *params,
				     const void *config,
				     const struct rl_display_listener *listener,
				     void *data, const struct rl_log *log);
	/* Close the window and free everything; accepts NULL. */
	void (*destroy)(struct rl_display *d);
	/* The EGLDisplay of the context (for EGL extensions), as void *. */
	void *(*egl_display)(struct rl_display *d);
	/*
	 * Present what the renderer drew. damage: the rects (drawable pixels,
	 * origin top-left) that differ from the last present, n == 0 for all
	 * of it; passed on where EGL takes it (egl_swap.h). May block on vsync.
	 */
	void (*swap)(struct rl_display *d, const struct rl_rect *damage, uint32_t n);
	/*
	 * The size in pixels the drawable really has now (asked of EGL or
	 * the server, not what the window was asked to be).
	 */
	void (*size)(struct rl_display *d, uint32_t *width, uint32_t *height);
	/*
	 * Block until an event arrives, one of `fds` is ready (revents filled
	 * in) or timeout_ns passes, then dispatch the display's events.
	 * Never blocks when events are already queued. A signal ends it early.
	 */
	void (*wait)(struct rl_display *d, uint64_t timeout_ns, struct pollfd *fds,
		     unsigned int nfds);
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
	/* The host keyboard's lock states now: RL_LOCK_* bits (relay/locks.h). */
	uint32_t (*locks)(struct rl_display *d);
};

/* Backends in priority order, NULL-terminated (display/registry.c). */
extern const struct rl_display_ops *const rl_displays[];

/* The --display choices: "auto", the backends' names, NULL (room for max). */
void rl_display_names(const char **names, size_t max);

/*
 * The backend named `name` ("auto": wayland when WAYLAND_DISPLAY is set
 * and built in, else x11). NULL (logged, naming the built-in backends)
 * when unknown or unavailable.
 */
const struct rl_display_ops *rl_display_find(const char *name,
					     const struct rl_log *log);

#endif /* RELAY_CLIENT_DISPLAY_H */
