/* SPDX-License-Identifier: MIT */
/*
 * Native Wayland display: the connection, its globals, the event loop and
 * the ops table. The toplevel and EGL live in toplevel.c, the seat in input.c.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fractional-scale-v1-client-protocol.h"
#include "idle-inhibit-unstable-v1-client-protocol.h"
#include "keyboard-shortcuts-inhibit-unstable-v1-client-protocol.h"
#include "pointer-constraints-unstable-v1-client-protocol.h"
#include "relative-pointer-unstable-v1-client-protocol.h"
#include "viewporter-client-protocol.h"
#include "xdg-decoration-unstable-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"

#include "relay/downcast.h"
#include "relay/time.h"
#include "wayland.h"

static struct rl_wayland *from_base(struct rl_display *d);

double rl_wayland_scale(const struct rl_wayland *wl)
{
	if (wl->scale120)
		return wl->scale120 / 120.0;
	return wl->buffer_scale;
}

void rl_wayland_lost(struct rl_wayland *wl, const char *what)
{
	const struct wl_interface *iface = NULL;
	uint32_t id = 0;
	int err;

	if (wl->lost)
		return;
	wl->lost = true;
	err = wl_display_get_error(wl->display);
	if (err == EPROTO) {
		uint32_t code = wl_display_get_protocol_error(wl->display, &iface, &id);
		rl_err(wl->log, "wayland: %s: protocol error %u on %s@%u", what, code,
		       iface ? iface->name : "?", id);
	} else {
		rl_err(wl->log, "wayland: %s: connection to the compositor lost: %s",
		       what, strerror(err ? err : errno));
	}
	wl->listener->close(wl->data);
}

static void wm_base_ping(void *data, struct xdg_wm_base *wm_base, uint32_t serial)
{
	(void)data;
	xdg_wm_base_pong(wm_base, serial);
}

static const struct xdg_wm_base_listener wm_base_listener = {
	.ping = wm_base_ping,
};

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

#define BIND(wl, name, iface, version, max) \
	wl_registry_bind((wl)->registry, (name), (iface), min_u32((version), (max)))

static void registry_global(void *data, struct wl_registry *registry, uint32_t name,
			    const char *interface, uint32_t version)
{
	struct rl_wayland *wl = data;

	(void)registry;
	if (!strcmp(interface, wl_compositor_interface.name) && !wl->compositor) {
		wl->compositor_version = min_u32(version, 4);
		wl->compositor = BIND(wl, name, &wl_compositor_interface, version, 4);
	} else if (!strcmp(interface, wl_shm_interface.name) && !wl->shm) {
		wl->shm = BIND(wl, name, &wl_shm_interface, version, 1);
	} else if (!strcmp(interface, xdg_wm_base_interface.name) && !wl->wm_base) {
		wl->wm_base = BIND(wl, name, &xdg_wm_base_interface, version, 2);
		xdg_wm_base_add_listener(wl->wm_base, &wm_base_listener, wl);
	} else if (!strcmp(interface, wp_viewporter_interface.name) && !wl->viewporter) {
		wl->viewporter = BIND(wl, name, &wp_viewporter_interface, version, 1);
	} else if (!strcmp(interface, wp_fractional_scale_manager_v1_interface.name) &&
		   !wl->fractional_manager) {
		wl->fractional_manager = BIND(wl, name, &wp_fractional_scale_manager_v1_interface,
					      version, 1);
	} else if (!strcmp(interface, zxdg_decoration_manager_v1_interface.name) &&
		   !wl->decoration_manager) {
		wl->decoration_manager = BIND(wl, name, &zxdg_decoration_manager_v1_interface,
					      version, 1);
	} else if (!strcmp(interface, zwp_pointer_constraints_v1_interface.name) &&
		   !wl->constraints) {
		wl->constraints = BIND(wl, name, &zwp_pointer_constraints_v1_interface, version, 1);
	} else if (!strcmp(interface, zwp_relative_pointer_manager_v1_interface.name) &&
		   !wl->relative_manager) {
		wl->relative_manager = BIND(wl, name, &zwp_relative_pointer_manager_v1_interface,
					    version, 1);
	} else if (!strcmp(interface, zwp_keyboard_shortcuts_inhibit_manager_v1_interface.name) &&
		   !wl->shortcuts_manager) {
		wl->shortcuts_manager = BIND(wl, name,
					     &zwp_keyboard_shortcuts_inhibit_manager_v1_interface,
					     version, 1);
	} else if (!strcmp(interface, zwp_idle_inhibit_manager_v1_interface.name) &&
		   !wl->idle_manager) {
		wl->idle_manager = BIND(wl, name, &zwp_idle_inhibit_manager_v1_interface, version, 1);
	} else if (!strcmp(interface, wl_output_interface.name)) {
		rl_wayland_output_add(wl, name, version);
	} else if (!strcmp(interface, wl_seat_interface.name)) {
		rl_wayland_seat_add(wl, name, version);
	}
}

static void registry_global_remove(void *data, struct wl_registry *registry, uint32_t name)
{
	struct rl_wayland *wl = data;

	(void)registry;
	rl_wayland_output_remove(wl, name);
	rl_wayland_seat_remove(wl, name);
}

static const struct wl_registry_listener registry_listener = {
	.global = registry_global,
	.global_remove = registry_global_remove,
};

/* Missing optional globals: said once, with what the user loses. */
static void report_optional(struct rl_wayland *wl)
{
	if (!wl->viewporter || !wl->fractional_manager)
		rl_info(wl->log, "wayland: no %s: fractional scales are rendered at the next "
			"integer scale and downscaled by the compositor",
			!wl->fractional_manager ? "wp_fractional_scale_manager_v1" : "wp_viewporter");
	if (!wl->decoration_manager)
		rl_info(wl->log, "wayland: no zxdg_decoration_manager_v1: the compositor decides "
			"about window borders (--borderless cannot be asked for)");
	if (!wl->constraints)
		rl_info(wl->log, "wayland: no zwp_pointer_constraints_v1: input capture cannot "
			"lock the pointer (it can leave the window)");
	if (!wl->relative_manager)
		rl_info(wl->log, "wayland: no zwp_relative_pointer_manager_v1: captured motion is "
			"taken from absolute positions (stops at the window edges)");
	if (!wl->shortcuts_manager)
		rl_info(wl->log, "wayland: no zwp_keyboard_shortcuts_inhibit_manager_v1: input "
			"capture cannot keep compositor shortcuts from the guest");
	if (!wl->idle_manager)
		rl_info(wl->log, "wayland: no zwp_idle_inhibit_manager_v1: the screen may blank "
			"while the guest asks it not to");
	if (!wl->input.seat)
		rl_info(wl->log, "wayland: no wl_seat: no keyboard or pointer input");
}

/*
 * Read and dispatch events, blocking up to timeout_ns for the first one.
 * Never spins: events already queued are dispatched without blocking.
 */
#define MAX_FDS 16

static void pump(struct rl_wayland *wl, uint64_t timeout_ns, struct pollfd *fds,
		 unsigned int nfds)
{
	timeout_ns = rl_wayland_repeat_wait(wl, rl_time_ns(), timeout_ns);
	struct pollfd pfds[MAX_FDS + 1];
	struct pollfd *pfd = &pfds[0];
	unsigned int extra = nfds < MAX_FDS ? nfds : MAX_FDS;
	struct timespec ts = {
		.tv_sec = (time_t)(timeout_ns / 1000000000u),
		.tv_nsec = (long)(timeout_ns % 1000000000u),
	};
	int n;

	if (wl->lost) {
		/* The video keeps going: still watch the loop's fds. */
		if (rl_poll_ns(fds, extra, timeout_ns) < 0 && errno != EINTR)
			rl_dbg(wl->log, "wayland: poll: %s", strerror(errno));
		return;
	}
	*pfd = (struct pollfd){ .fd = wl_display_get_fd(wl->display), .events = POLLIN };
	memcpy(&pfds[1], fds, extra * sizeof(*fds));
	while (wl_display_prepare_read(wl->display) != 0) {
		if (wl_display_dispatch_pending(wl->display) < 0)
			goto lost;
		ts.tv_sec = 0;
		ts.tv_nsec = 0;
	}
	if (wl_display_flush(wl->display) < 0) {
		if (errno != EAGAIN) {
			wl_display_cancel_read(wl->display);
			goto lost;
		}
		pfd->events |= POLLOUT;
	}
	/* A signal ends the wait: the loop looks at its stop flag. */
	n = ppoll(pfds, extra + 1, &ts, NULL);
	for (unsigned int i = 0; n > 0 && i < extra; i++)
		fds[i].revents = pfds[i + 1].revents;
	if (n > 0 && (pfd->revents & (POLLIN | POLLERR | POLLHUP))) {
		if (wl_display_read_events(wl->display) < 0)
			goto lost;
	} else {
		wl_display_cancel_read(wl->display);
	}
	if (wl_display_dispatch_pending(wl->display) < 0)
		goto lost;
	if (wl_display_flush(wl->display) < 0 && errno != EAGAIN)
		goto lost;
	rl_wayland_repeat_run(wl, rl_time_ns());
	if (wl->focus_reported != wl->activated) {
		wl->focus_reported = wl->activated;
		wl->listener->focus(wl->data, wl->activated);
	}
	return;
lost:
	rl_wayland_lost(wl, "dispatch");
}

static bool wayland_available(void)
{
	const char *name = getenv("WAYLAND_DISPLAY");

	return (name && *name) || getenv("WAYLAND_SOCKET");
}

static void wayland_destroy(struct rl_display *d)
{
	struct rl_wayland *wl;

	if (!d)
		return;
	wl = from_base(d);
	rl_wayland_input_finish(wl);
	rl_wayland_egl_finish(wl);
	rl_wayland_window_finish(wl);
	rl_wayland_outputs_finish(wl);
	if (wl->idle_manager)
		zwp_idle_inhibit_manager_v1_destroy(wl->idle_manager);
	if (wl->shortcuts_manager)
		zwp_keyboard_shortcuts_inhibit_manager_v1_destroy(wl->shortcuts_manager);
	if (wl->relative_manager)
		zwp_relative_pointer_manager_v1_destroy(wl->relative_manager);
	if (wl->constraints)
		zwp_pointer_constraints_v1_destroy(wl->constraints);
	if (wl->decoration_manager)
		zxdg_decoration_manager_v1_destroy(wl->decoration_manager);
	if (wl->fractional_manager)
		wp_fractional_scale_manager_v1_destroy(wl->fractional_manager);
	if (wl->viewporter)
		wp_viewporter_destroy(wl->viewporter);
	if (wl->wm_base)
		xdg_wm_base_destroy(wl->wm_base);
	if (wl->shm)
		wl_shm_destroy(wl->shm);
	if (wl->compositor)
		wl_compositor_destroy(wl->compositor);
	if (wl->registry)
		wl_registry_destroy(wl->registry);
	if (wl->display) {
		wl_display_flush(wl->display);
		wl_display_disconnect(wl->display);
	}
	free(wl);
}

static struct rl_display *wayland_create(const struct rl_display_params *params,
					 const void *config,
					 const struct rl_display_listener *listener,
					 void *data, const struct rl_log *log)
{
	struct rl_wayland *wl = calloc(1, sizeof(*wl));

	if (!wl) {
		rl_err(log, "wayland: out of memory");
		return NULL;
	}
	wl->base.impl = &rl_display_wayland;
	wl->listener = listener;
	wl->data = data;
	wl->log = log;
	wl->vsync = params->vsync;
	wl->minimize_on_focus_loss = params->minimize_on_focus_loss;
	wl->borderless = params->borderless;
	wl->buffer_scale = 1;
	wl->egl_display = EGL_NO_DISPLAY;
	wl->egl_context = EGL_NO_CONTEXT;
	wl->egl_surface = EGL_NO_SURFACE;
	(void)config; /* no options of its own */
	wl_list_init(&wl->outputs);

	wl->display = wl_display_connect(NULL);
	if (!wl->display) {
		rl_err(log, "wayland: cannot connect to compositor '%s': %s",
		       getenv("WAYLAND_DISPLAY") ? getenv("WAYLAND_DISPLAY") : "wayland-0",
		       strerror(errno));
		goto out_destroy;
	}
	if (!rl_wayland_input_init(wl))
		goto out_destroy;
	wl->registry = wl_display_get_registry(wl->display);
	wl_registry_add_listener(wl->registry, &registry_listener, wl);
	/* Globals, then the events of what was bound (seat capabilities, output scale). */
	if (wl_display_roundtrip(wl->display) < 0 || wl_display_roundtrip(wl->display) < 0) {
		rl_err(log, "wayland: roundtrip to the compositor failed");
		goto out_destroy;
	}
	if (!wl->compositor || !wl->wm_base) {
		rl_err(log, "wayland: the compositor lacks %s (needed for a window)",
		       !wl->compositor ? "wl_compositor" : "xdg_wm_base (xdg-shell)");
		goto out_destroy;
	}
	report_optional(wl);
	if (!rl_wayland_window_init(wl, params))
		goto out_destroy;
	if (!rl_wayland_egl_init(wl))
		goto out_destroy;
	rl_info(log, "wayland: window %ux%u pixels (scale %.3g)%s", wl->buffer_width,
		wl->buffer_height, rl_wayland_scale(wl), wl->fullscreen ? ", fullscreen" : "");
	return &wl->base;

out_destroy:
	wayland_destroy(&wl->base);
	return NULL;
}

static void *wayland_egl_display(struct rl_display *d)
{
	return from_base(d)->egl_display;
}

static void wayland_swap(struct rl_display *d, const struct rl_rect *damage, uint32_t n)
{
	rl_wayland_swap(from_base(d), damage, n);
}

static void wayland_size(struct rl_display *d, uint32_t *width, uint32_t *height)
{
	struct rl_wayland *wl = from_base(d);

	*width = wl->buffer_width;
	*height = wl->buffer_height;
}

static void wayland_wait(struct rl_display *d, uint64_t timeout_ns, struct pollfd *fds,
			 unsigned int nfds)
{
	pump(from_base(d), timeout_ns, fds, nfds);
}

static void wayland_set_fullscreen(struct rl_display *d, bool on)
{
	rl_wayland_set_fullscreen(from_base(d), on);
}

static void wayland_set_capture(struct rl_display *d, bool on)
{
	struct rl_wayland *wl = from_base(d);

	if (wl->capture == on)
		return;
	wl->capture = on;
	rl_wayland_capture_apply(wl);
	rl_dbg(wl->log, "wayland: input capture %s", on ? "on" : "off");
	if (on && !wl->input.pointer)
		rl_info(wl->log, "wayland: capture without a pointer: only the keyboard is grabbed");
}

static void wayland_inhibit_idle(struct rl_display *d, bool on)
{
	rl_wayland_set_idle_inhibit(from_base(d), on);
}

static uint32_t wayland_locks(struct rl_display *d)
{
	return rl_wayland_locks(from_base(d));
}

static void wayland_set_title(struct rl_display *d, const char *title)
{
	struct rl_wayland *wl = from_base(d);

	xdg_toplevel_set_title(wl->toplevel, title);
}

const struct rl_display_ops rl_display_wayland = {
	.name = "wayland",
	.description = "a native Wayland window (xdg-shell, EGL)",
	.env = "WAYLAND_DISPLAY",
	.available = wayland_available,
	.create = wayland_create,
	.destroy = wayland_destroy,
	.egl_display = wayland_egl_display,
	.swap = wayland_swap,
	.size = wayland_size,
	.wait = wayland_wait,
	.set_fullscreen = wayland_set_fullscreen,
	.set_capture = wayland_set_capture,
	.inhibit_idle = wayland_inhibit_idle,
	.set_title = wayland_set_title,
	.locks = wayland_locks,
};

static struct rl_wayland *from_base(struct rl_display *d)
{
	return RL_DOWNCAST(struct rl_wayland, d, &rl_display_wayland);
}
