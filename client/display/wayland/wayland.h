/* SPDX-License-Identifier: MIT */
/*
 * Private to display/wayland/: the backend's state, shared by wayland.c
 * (connection, globals, event loop, ops table), toplevel.c (xdg toplevel,
 * scale, EGL) and input.c (seat, keyboard, pointer, capture).
 *
 * Context: the client thread only, like the seat it implements.
 */
#ifndef RELAY_CLIENT_DISPLAY_WAYLAND_H
#define RELAY_CLIENT_DISPLAY_WAYLAND_H

#include <stdbool.h>
#include <stdint.h>

#include <epoxy/egl.h>
#include <wayland-client.h>

#include "display.h"
#include "egl_swap.h"

struct xkb_context;
struct xkb_keymap;
struct xkb_state;
struct wl_cursor_theme;

struct rl_wayland_output {
	struct wl_list link; /* rl_wayland.outputs */
	struct rl_wayland *wl;
	struct wl_output *output;
	uint32_t name;       /* registry name */
	int32_t scale;
	bool entered;        /* the window's surface is on it */
};

struct rl_wayland_input {
	struct wl_seat *seat;
	uint32_t seat_name;
	uint32_t seat_version;
	uint32_t caps;       /* WL_SEAT_CAPABILITY_* */

	struct wl_pointer *pointer;
	uint32_t enter_serial;
	bool pointer_inside;
	double x, y;         /* surface-local, for relative motion without the protocol */
	double axis[2];      /* WL_POINTER_AXIS_*, accumulated until frame */
	int32_t discrete[2];
	bool has_axis[2];
	bool has_discrete[2];

	struct wl_keyboard *keyboard;
	struct xkb_context *xkb;
	struct xkb_keymap *keymap; /* kept for text input and shortcuts later */
	struct xkb_state *xkb_state;
	/* Client-side autorepeat (Wayland compositors send none): repeat_info. */
	int32_t repeat_rate;      /* per second; 0 = no repeat */
	int32_t repeat_delay_ms;
	uint32_t repeat_key;      /* evdev code held and repeating, 0 = none */
	uint64_t repeat_next_ns;  /* rl_time_ns() of its next repeat */

	struct zwp_locked_pointer_v1 *locked;
	struct zwp_relative_pointer_v1 *relative;
	struct zwp_keyboard_shortcuts_inhibitor_v1 *shortcuts_inhibitor;

	struct wl_cursor_theme *cursor_theme;
	int32_t cursor_theme_scale;
	struct wl_surface *cursor_surface;
	bool cursor_missing_told;
};

struct rl_wayland {
	struct rl_display base;
	const struct rl_display_listener *listener;
	void *data;
	const struct rl_log *log;
	bool vsync;
	bool minimize_on_focus_loss;
	bool borderless;

	struct wl_display *display;
	struct wl_registry *registry;
	struct wl_compositor *compositor;
	uint32_t compositor_version;
	struct wl_shm *shm;
	struct xdg_wm_base *wm_base;
	struct wp_viewporter *viewporter;
	struct wp_fractional_scale_manager_v1 *fractional_manager;
	struct zxdg_decoration_manager_v1 *decoration_manager;
	struct zwp_pointer_constraints_v1 *constraints;
	struct zwp_relative_pointer_manager_v1 *relative_manager;
	struct zwp_keyboard_shortcuts_inhibit_manager_v1 *shortcuts_manager;
	struct zwp_idle_inhibit_manager_v1 *idle_manager;
	struct wl_list outputs; /* rl_wayland_output.link */

	struct wl_surface *surface;
	struct xdg_surface *xdg_surface;
	struct xdg_toplevel *toplevel;
	struct zxdg_toplevel_decoration_v1 *decoration;
	struct wp_fractional_scale_v1 *fractional;
	struct wp_viewport *viewport;
	struct zwp_idle_inhibitor_v1 *idle_inhibitor;

	/* vsync: frame callbacks on a private queue so swap() never dispatches the owner's events */
	struct wl_event_queue *frame_queue;
	struct wl_surface *frame_surface; /* wrapper of surface on frame_queue */
	struct wl_callback *frame_callback;

	struct wl_egl_window *egl_window;
	EGLDisplay egl_display;
	EGLContext egl_context;
	EGLSurface egl_surface;
	struct rl_egl_swap swapper; /* damage-aware swaps where EGL offers them */

	/* xdg_toplevel.configure, applied on xdg_surface.configure */
	int32_t pending_width, pending_height;
	bool pending_fullscreen, pending_activated;

	bool configured;
	bool fullscreen;
	bool activated;
	int32_t width, height;                 /* surface units */
	int32_t windowed_width, windowed_height; /* restored when leaving fullscreen */
	int32_t buffer_scale;                  /* integer scale (no fractional scale) */
	uint32_t scale120;                     /* fractional scale * 120; 0 = not offered */
	uint32_t buffer_width, buffer_height;  /* drawable pixels */

	bool focus_reported; /* what the owner was last told */
	bool swap_error_told;
	bool capture;
	bool idle_inhibit;
	bool lost; /* connection error reported; ops do nothing from here on */

	struct rl_wayland_input input;
};

/* The ops table (wayland.c); display/registry.c lists it. */
extern const struct rl_display_ops rl_display_wayland;

/* Pixels per surface unit. */
double rl_wayland_scale(const struct rl_wayland *wl);

/* The connection failed: log it once and tell the owner to close. */
void rl_wayland_lost(struct rl_wayland *wl, const char *what);

/*
 * Autorepeat of the held key: how long pump() may wait before the next
 * repeat is due (caps timeout_ns), and the repeats that are due (input.c).
 */
/* The lock LEDs of the compositor's keyboard state: RL_LOCK_* bits. */
uint32_t rl_wayland_locks(const struct rl_wayland *wl);

uint64_t rl_wayland_repeat_wait(const struct rl_wayland *wl, uint64_t now_ns,
				uint64_t timeout_ns);
void rl_wayland_repeat_run(struct rl_wayland *wl, uint64_t now_ns);

/* toplevel.c */
bool rl_wayland_window_init(struct rl_wayland *wl, const struct rl_display_params *params);
bool rl_wayland_egl_init(struct rl_wayland *wl);
void rl_wayland_window_finish(struct rl_wayland *wl);
void rl_wayland_egl_finish(struct rl_wayland *wl);
void rl_wayland_output_add(struct rl_wayland *wl, uint32_t name, uint32_t version);
void rl_wayland_output_remove(struct rl_wayland *wl, uint32_t name);
void rl_wayland_outputs_finish(struct rl_wayland *wl);
void rl_wayland_set_fullscreen(struct rl_wayland *wl, bool on);
void rl_wayland_set_idle_inhibit(struct rl_wayland *wl, bool on);
void rl_wayland_swap(struct rl_wayland *wl, const struct rl_rect *damage, uint32_t n);

/* input.c */
bool rl_wayland_input_init(struct rl_wayland *wl);
void rl_wayland_seat_add(struct rl_wayland *wl, uint32_t name, uint32_t version);
void rl_wayland_seat_remove(struct rl_wayland *wl, uint32_t name);
void rl_wayland_input_finish(struct rl_wayland *wl);
/* Create or destroy the capture objects so they match wl->capture. */
void rl_wayland_capture_apply(struct rl_wayland *wl);
/* The scale changed: pick the cursor image size again. */
void rl_wayland_cursor_rescale(struct rl_wayland *wl);

#endif /* RELAY_CLIENT_DISPLAY_WAYLAND_H */
