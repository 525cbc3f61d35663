/* SPDX-License-Identifier: MIT */
/*
 * The window: xdg toplevel, its configure cycle, scale (fractional through
 * a viewport, else the integer scale of the outputs it is on), fullscreen,
 * decorations, idle inhibit, and the GLES 3 context on a wl_egl_window.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <wayland-egl.h>

#include "fractional-scale-v1-client-protocol.h"
#include "idle-inhibit-unstable-v1-client-protocol.h"
#include "viewporter-client-protocol.h"
#include "xdg-decoration-unstable-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"

#include "relay/time.h"
#include "wayland.h"

#define DEFAULT_WIDTH 1280
#define DEFAULT_HEIGHT 720
/*
 * With vsync, swap() waits for the compositor's frame callback at most
 * this long: a hidden window gets none, and must not hang the client.
 */
#define FRAME_WAIT_NS (100 * RL_NS_PER_MS)

/* ---- size and scale ------------------------------------------------------ */

static void set_opaque(struct rl_wayland *wl)
{
	struct wl_region *region = wl_compositor_create_region(wl->compositor);

	wl_region_add(region, 0, 0, wl->width, wl->height);
	wl_surface_set_opaque_region(wl->surface, region);
	wl_region_destroy(region);
}

/* Recompute the drawable from the logical size and scale; tell the owner. */
static void relayout(struct rl_wayland *wl)
{
	uint32_t bw, bh;

	if (wl->fractional) {
		/* fractional-scale-v1: round half away from zero */
		bw = (uint32_t)(((uint64_t)wl->width * wl->scale120 + 60) / 120);
		bh = (uint32_t)(((uint64_t)wl->height * wl->scale120 + 60) / 120);
		wp_viewport_set_destination(wl->viewport, wl->width, wl->height);
	} else {
		bw = (uint32_t)(wl->width * wl->buffer_scale);
		bh = (uint32_t)(wl->height * wl->buffer_scale);
		if (wl->compositor_version >= 3)
			wl_surface_set_buffer_scale(wl->surface, wl->buffer_scale);
	}
	if (bw == 0)
		bw = 1;
	if (bh == 0)
		bh = 1;
	set_opaque(wl);
	if (bw == wl->buffer_width && bh == wl->buffer_height)
		return;
	wl->buffer_width = bw;
	wl->buffer_height = bh;
	if (!wl->egl_window)
		return;
	wl_egl_window_resize(wl->egl_window, (int)bw, (int)bh, 0, 0);
	rl_dbg(wl->log, "wayland: drawable %ux%u (%dx%d at scale %.3g)", bw, bh, wl->width,
	       wl->height, rl_wayland_scale(wl));
	wl->listener->resized(wl->data, bw, bh);
}

static void update_output_scale(struct rl_wayland *wl)
{
	struct rl_wayland_output *o;
	int32_t scale = 0;

	if (wl->fractional)
		return;
	wl_list_for_each(o, &wl->outputs, link) {
		if (o->entered && o->scale > scale)
			scale = o->scale;
	}
	/* On no output (yet, or any more): keep what we had. */
	if (scale == 0 || scale == wl->buffer_scale)
		return;
	if (wl->compositor_version < 3) {
		rl_info(wl->log, "wayland: wl_compositor v%u cannot take a buffer scale: "
			"drawing at scale 1", wl->compositor_version);
		return;
	}
	wl->buffer_scale = scale;
	relayout(wl);
	rl_wayland_cursor_rescale(wl);
}

static void output_geometry(void *data, struct wl_output *output, int32_t x, int32_t y,
			    int32_t pw, int32_t ph, int32_t subpixel, const char *make,
			    const char *model, int32_t transform)
{
	(void)data; (void)output; (void)x; (void)y; (void)pw; (void)ph;
	(void)subpixel; (void)make; (void)model; (void)transform;
}

static void output_mode(void *data, struct wl_output *output, uint32_t flags, int32_t w,
			int32_t h, int32_t refresh)
{
	(void)data; (void)output; (void)flags; (void)w; (void)h; (void)refresh;
}

static void output_done(void *data, struct wl_output *output)
{
	struct rl_wayland_output *o = data;

	(void)output;
	update_output_scale(o->wl);
}

static void output_scale(void *data, struct wl_output *output, int32_t factor)
{
	struct rl_wayland_output *o = data;

	(void)output;
	o->scale = factor > 0 ? factor : 1;
}

static void output_name(void *data, struct wl_output *output, const char *name)
{
	(void)data; (void)output; (void)name;
}

static const struct wl_output_listener output_listener = {
	.geometry = output_geometry,
	.mode = output_mode,
	.done = output_done,
	.scale = output_scale,
	.name = output_name,
	.description = output_name,
};

void rl_wayland_output_add(struct rl_wayland *wl, uint32_t name, uint32_t version)
{
	struct rl_wayland_output *o;

	if (version < 2)
		return; /* no scale event, nothing to learn */
	o = calloc(1, sizeof(*o));
	if (!o) {
		rl_warn(wl->log, "wayland: out of memory for an output");
		return;
	}
	o->wl = wl;
	o->name = name;
	o->scale = 1;
	o->output = wl_registry_bind(wl->registry, name, &wl_output_interface,
				     version < 3 ? version : 3);
	wl_output_add_listener(o->output, &output_listener, o);
	wl_list_insert(&wl->outputs, &o->link);
}

static void output_free(struct rl_wayland_output *o)
{
	wl_list_remove(&o->link);
	if (wl_output_get_version(o->output) >= 3)
		wl_output_release(o->output);
	else
		wl_output_destroy(o->output);
	free(o);
}

void rl_wayland_output_remove(struct rl_wayland *wl, uint32_t name)
{
	struct rl_wayland_output *o, *tmp;

	wl_list_for_each_safe(o, tmp, &wl->outputs, link) {
		if (o->name == name) {
			output_free(o);
			update_output_scale(wl);
			return;
		}
	}
}

void rl_wayland_outputs_finish(struct rl_wayland *wl)
{
	struct rl_wayland_output *o, *tmp;

	wl_list_for_each_safe(o, tmp, &wl->outputs, link)
		output_free(o);
}

static struct rl_wayland_output *find_output(struct rl_wayland *wl, struct wl_output *output)
{
	struct rl_wayland_output *o;

	wl_list_for_each(o, &wl->outputs, link) {
		if (o->output == output)
			return o;
	}
	return NULL;
}

static void surface_enter(void *data, struct wl_surface *surface, struct wl_output *output)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_output *o = find_output(wl, output);

	(void)surface;
	if (o) {
		o->entered = true;
		update_output_scale(wl);
	}
}

static void surface_leave(void *data, struct wl_surface *surface, struct wl_output *output)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_output *o = find_output(wl, output);

	(void)surface;
	if (o) {
		o->entered = false;
		update_output_scale(wl);
	}
}

static const struct wl_surface_listener surface_listener = {
	.enter = surface_enter,
	.leave = surface_leave,
};

static void fractional_preferred_scale(void *data, struct wp_fractional_scale_v1 *fractional,
				       uint32_t scale120)
{
	struct rl_wayland *wl = data;

	(void)fractional;
	if (scale120 == 0 || scale120 == wl->scale120)
		return;
	wl->scale120 = scale120;
	relayout(wl);
	rl_wayland_cursor_rescale(wl);
}

static const struct wp_fractional_scale_v1_listener fractional_listener = {
	.preferred_scale = fractional_preferred_scale,
};

/* ---- xdg toplevel --------------------------------------------------------- */

static void toplevel_configure(void *data, struct xdg_toplevel *toplevel, int32_t width,
			       int32_t height, struct wl_array *states)
{
	struct rl_wayland *wl = data;
	uint32_t *state;

	(void)toplevel;
	wl->pending_width = width;
	wl->pending_height = height;
	wl->pending_fullscreen = false;
	wl->pending_activated = false;
	wl_array_for_each(state, states) {
		if (*state == XDG_TOPLEVEL_STATE_FULLSCREEN)
			wl->pending_fullscreen = true;
		else if (*state == XDG_TOPLEVEL_STATE_ACTIVATED)
			wl->pending_activated = true;
	}
}

static void toplevel_close(void *data, struct xdg_toplevel *toplevel)
{
	struct rl_wayland *wl = data;

	(void)toplevel;
	wl->listener->close(wl->data);
}

static const struct xdg_toplevel_listener toplevel_listener = {
	.configure = toplevel_configure,
	.close = toplevel_close,
};

static void xdg_surface_configure(void *data, struct xdg_surface *xdg_surface, uint32_t serial)
{
	struct rl_wayland *wl = data;
	bool was_fullscreen = wl->fullscreen;
	bool was_activated = wl->activated;

	xdg_surface_ack_configure(xdg_surface, serial);
	wl->fullscreen = wl->pending_fullscreen;
	wl->activated = wl->pending_activated;
	if (wl->configured && wl->fullscreen && !was_fullscreen) {
		wl->windowed_width = wl->width;
		wl->windowed_height = wl->height;
	}
	if (wl->pending_width > 0 && wl->pending_height > 0) {
		wl->width = wl->pending_width;
		wl->height = wl->pending_height;
	} else if (!wl->fullscreen && (was_fullscreen || !wl->configured)) {
		/* 0 x 0: our choice; back to the windowed size */
		wl->width = wl->windowed_width;
		wl->height = wl->windowed_height;
	}
	wl->configured = true;
	relayout(wl);
	if (was_activated && !wl->activated && wl->fullscreen && wl->minimize_on_focus_loss) {
		rl_dbg(wl->log, "wayland: focus lost while fullscreen: minimising");
		xdg_toplevel_set_minimized(wl->toplevel);
	}
}

static const struct xdg_surface_listener xdg_surface_listener = {
	.configure = xdg_surface_configure,
};

static void decoration_configure(void *data, struct zxdg_toplevel_decoration_v1 *decoration,
				 uint32_t mode)
{
	struct rl_wayland *wl = data;

	(void)decoration;
	if (!wl->borderless && mode == ZXDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE)
		rl_info(wl->log, "wayland: the compositor leaves decorations to the client: "
			"the window has no title bar");
	else if (wl->borderless && mode == ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE)
		rl_info(wl->log, "wayland: the compositor insists on drawing window borders");
}

static const struct zxdg_toplevel_decoration_v1_listener decoration_listener = {
	.configure = decoration_configure,
};

bool rl_wayland_window_init(struct rl_wayland *wl, const struct rl_display_params *params)
{
	wl->width = params->width ? (int32_t)params->width : DEFAULT_WIDTH;
	wl->height = params->height ? (int32_t)params->height : DEFAULT_HEIGHT;
	wl->windowed_width = wl->width;
	wl->windowed_height = wl->height;

	wl->surface = wl_compositor_create_surface(wl->compositor);
	wl_surface_add_listener(wl->surface, &surface_listener, wl);
	if (wl->fractional_manager && wl->viewporter) {
		wl->scale120 = 120;
		wl->viewport = wp_viewporter_get_viewport(wl->viewporter, wl->surface);
		wl->fractional = wp_fractional_scale_manager_v1_get_fractional_scale(
			wl->fractional_manager, wl->surface);
		wp_fractional_scale_v1_add_listener(wl->fractional, &fractional_listener, wl);
	}

	wl->frame_queue = wl_display_create_queue(wl->display);
	wl->frame_surface = wl_proxy_create_wrapper(wl->surface);
	if (!wl->frame_queue || !wl->frame_surface) {
		rl_err(wl->log, "wayland: out of memory");
		return false;
	}
	wl_proxy_set_queue((struct wl_proxy *)wl->frame_surface, wl->frame_queue);

	wl->xdg_surface = xdg_wm_base_get_xdg_surface(wl->wm_base, wl->surface);
	xdg_surface_add_listener(wl->xdg_surface, &xdg_surface_listener, wl);
	wl->toplevel = xdg_surface_get_toplevel(wl->xdg_surface);
	xdg_toplevel_add_listener(wl->toplevel, &toplevel_listener, wl);
	xdg_toplevel_set_title(wl->toplevel, params->title ? params->title : "relay");
	xdg_toplevel_set_app_id(wl->toplevel, "relay");
	if (wl->decoration_manager) {
		wl->decoration = zxdg_decoration_manager_v1_get_toplevel_decoration(
			wl->decoration_manager, wl->toplevel);
		zxdg_toplevel_decoration_v1_add_listener(wl->decoration, &decoration_listener, wl);
		zxdg_toplevel_decoration_v1_set_mode(wl->decoration, wl->borderless ?
			ZXDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE :
			ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE);
	}
	if (params->fullscreen)
		xdg_toplevel_set_fullscreen(wl->toplevel, NULL);
	wl_surface_commit(wl->surface);

	/* xdg-shell: the initial commit is answered by a configure. */
	for (int i = 0; i < 4 && !wl->configured; i++) {
		if (wl_display_roundtrip(wl->display) < 0) {
			rl_err(wl->log, "wayland: connection lost while mapping the window");
			return false;
		}
	}
	if (!wl->configured) {
		rl_err(wl->log, "wayland: the compositor did not configure the window");
		return false;
	}
	return true;
}

void rl_wayland_window_finish(struct rl_wayland *wl)
{
	if (wl->idle_inhibitor)
		zwp_idle_inhibitor_v1_destroy(wl->idle_inhibitor);
	if (wl->frame_callback)
		wl_callback_destroy(wl->frame_callback);
	if (wl->decoration)
		zxdg_toplevel_decoration_v1_destroy(wl->decoration);
	if (wl->toplevel)
		xdg_toplevel_destroy(wl->toplevel);
	if (wl->xdg_surface)
		xdg_surface_destroy(wl->xdg_surface);
	if (wl->frame_surface)
		wl_proxy_wrapper_destroy(wl->frame_surface);
	if (wl->frame_queue)
		wl_event_queue_destroy(wl->frame_queue);
	if (wl->fractional)
		wp_fractional_scale_v1_destroy(wl->fractional);
	if (wl->viewport)
		wp_viewport_destroy(wl->viewport);
	if (wl->surface)
		wl_surface_destroy(wl->surface);
}

void rl_wayland_set_fullscreen(struct rl_wayland *wl, bool on)
{
	if (on)
		xdg_toplevel_set_fullscreen(wl->toplevel, NULL);
	else
		xdg_toplevel_unset_fullscreen(wl->toplevel);
	wl_display_flush(wl->display);
}

void rl_wayland_set_idle_inhibit(struct rl_wayland *wl, bool on)
{
	wl->idle_inhibit = on;
	if (!wl->idle_manager)
		return;
	if (on && !wl->idle_inhibitor) {
		wl->idle_inhibitor = zwp_idle_inhibit_manager_v1_create_inhibitor(wl->idle_manager,
										  wl->surface);
	} else if (!on && wl->idle_inhibitor) {
		zwp_idle_inhibitor_v1_destroy(wl->idle_inhibitor);
		wl->idle_inhibitor = NULL;
	}
	wl_display_flush(wl->display);
}

/* ---- EGL ------------------------------------------------------------------ */

static EGLDisplay get_egl_display(struct rl_wayland *wl, bool *platform)
{
	*platform = epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_KHR_platform_wayland") ||
		    epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_wayland");
	if (*platform)
		return eglGetPlatformDisplayEXT(EGL_PLATFORM_WAYLAND_KHR, wl->display, NULL);
	return eglGetDisplay((EGLNativeDisplayType)(uintptr_t)wl->display);
}

/*
 * An exact 8-bit config: drivers sort deeper (10-bit) configs first, and
 * the frames are 8-bit. Without alpha the compositor can skip blending.
 */
static bool choose_config(struct rl_wayland *wl, EGLConfig *out)
{
	static const EGLint attribs[] = {
		EGL_SURFACE_TYPE, EGL_WINDOW_BIT,
		EGL_RENDERABLE_TYPE, EGL_OPENGL_ES3_BIT,
		EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8,
		EGL_NONE,
	};
	EGLConfig *configs;
	EGLint n = 0, best = -1, best_alpha = -1;

	if (!eglChooseConfig(wl->egl_display, attribs, NULL, 0, &n) || n <= 0) {
		rl_err(wl->log, "wayland: no EGL config for an 8-bit GLES 3 window (0x%x)",
		       eglGetError());
		return false;
	}
	configs = calloc((size_t)n, sizeof(*configs));
	if (!configs) {
		rl_err(wl->log, "wayland: out of memory");
		return false;
	}
	eglChooseConfig(wl->egl_display, attribs, configs, n, &n);
	for (EGLint i = 0; i < n; i++) {
		EGLint r = 0, g = 0, b = 0, a = 0;

		eglGetConfigAttrib(wl->egl_display, configs[i], EGL_RED_SIZE, &r);
		eglGetConfigAttrib(wl->egl_display, configs[i], EGL_GREEN_SIZE, &g);
		eglGetConfigAttrib(wl->egl_display, configs[i], EGL_BLUE_SIZE, &b);
		eglGetConfigAttrib(wl->egl_display, configs[i], EGL_ALPHA_SIZE, &a);
		if (r != 8 || g != 8 || b != 8 || (a != 0 && a != 8))
			continue;
		if (best < 0 || (a == 0 && best_alpha != 0)) {
			best = i;
			best_alpha = a;
		}
	}
	if (best >= 0)
		*out = configs[best];
	free(configs);
	if (best < 0) {
		rl_err(wl->log, "wayland: EGL offers no exact RGB888/RGBA8888 window config");
		return false;
	}
	rl_dbg(wl->log, "wayland: EGL config RGB888%s", best_alpha ? " + alpha 8" : "");
	return true;
}

bool rl_wayland_egl_init(struct rl_wayland *wl)
{
	static const EGLint context_attribs[] = { EGL_CONTEXT_CLIENT_VERSION, 3, EGL_NONE };
	EGLint major, minor;
	EGLConfig config;
	bool platform;

	wl->egl_display = get_egl_display(wl, &platform);
	if (wl->egl_display == EGL_NO_DISPLAY) {
		rl_err(wl->log, "wayland: no EGL display for the Wayland connection (0x%x)",
		       eglGetError());
		return false;
	}
	if (!eglInitialize(wl->egl_display, &major, &minor)) {
		rl_err(wl->log, "wayland: eglInitialize failed (0x%x)", eglGetError());
		wl->egl_display = EGL_NO_DISPLAY;
		return false;
	}
	if (!eglBindAPI(EGL_OPENGL_ES_API)) {
		rl_err(wl->log, "wayland: EGL has no OpenGL ES (0x%x)", eglGetError());
		return false;
	}
	if (!choose_config(wl, &config))
		return false;
	wl->egl_context = eglCreateContext(wl->egl_display, config, EGL_NO_CONTEXT,
					   context_attribs);
	if (wl->egl_context == EGL_NO_CONTEXT) {
		rl_err(wl->log, "wayland: cannot create a GLES 3 context (0x%x)", eglGetError());
		return false;
	}
	wl->egl_window = wl_egl_window_create(wl->surface, (int)wl->buffer_width,
					      (int)wl->buffer_height);
	if (!wl->egl_window) {
		rl_err(wl->log, "wayland: wl_egl_window_create failed");
		return false;
	}
	if (platform)
		wl->egl_surface = eglCreatePlatformWindowSurfaceEXT(wl->egl_display, config,
								    wl->egl_window, NULL);
	else
		wl->egl_surface = eglCreateWindowSurface(wl->egl_display, config,
			(EGLNativeWindowType)(uintptr_t)wl->egl_window, NULL);
	if (wl->egl_surface == EGL_NO_SURFACE) {
		rl_err(wl->log, "wayland: cannot create the EGL window surface (0x%x)",
		       eglGetError());
		return false;
	}
	if (!eglMakeCurrent(wl->egl_display, wl->egl_surface, wl->egl_surface, wl->egl_context)) {
		rl_err(wl->log, "wayland: eglMakeCurrent failed (0x%x)", eglGetError());
		return false;
	}
	/* vsync is paced by frame callbacks in swap(); Mesa's interval 1 blocks forever while hidden */
	eglSwapInterval(wl->egl_display, 0);
	rl_egl_swap_init(&wl->swapper, wl->egl_display);
	rl_info(wl->log, "wayland: EGL %d.%d, %s, %s presents", major, minor,
		eglQueryString(wl->egl_display, EGL_VENDOR),
		rl_egl_swap_partial(&wl->swapper) ? "damage-aware" : "whole-surface");
	return true;
}

void rl_wayland_egl_finish(struct rl_wayland *wl)
{
	if (wl->egl_display == EGL_NO_DISPLAY)
		goto out_window;
	eglMakeCurrent(wl->egl_display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	if (wl->egl_surface != EGL_NO_SURFACE)
		eglDestroySurface(wl->egl_display, wl->egl_surface);
	if (wl->egl_context != EGL_NO_CONTEXT)
		eglDestroyContext(wl->egl_display, wl->egl_context);
	eglTerminate(wl->egl_display);
	eglReleaseThread();
out_window:
	if (wl->egl_window)
		wl_egl_window_destroy(wl->egl_window);
	wl->egl_surface = EGL_NO_SURFACE;
	wl->egl_context = EGL_NO_CONTEXT;
	wl->egl_display = EGL_NO_DISPLAY;
	wl->egl_window = NULL;
}

/* ---- presenting --------------------------------------------------------------- */

static void frame_done(void *data, struct wl_callback *callback, uint32_t time)
{
	struct rl_wayland *wl = data;

	(void)time;
	wl_callback_destroy(callback);
	wl->frame_callback = NULL;
}

static const struct wl_callback_listener frame_listener = {
	.done = frame_done,
};

/* Wait for the previous frame's callback on the private queue, bounded. */
static void wait_frame(struct rl_wayland *wl)
{
	struct pollfd pfd = { .fd = wl_display_get_fd(wl->display), .events = POLLIN };
	uint64_t deadline = rl_time_ns() + FRAME_WAIT_NS;

	while (wl->frame_callback && !wl->lost) {
		struct timespec ts;
		uint64_t now;
		int n;

		if (wl_display_prepare_read_queue(wl->display, wl->frame_queue) != 0) {
			if (wl_display_dispatch_queue_pending(wl->display, wl->frame_queue) < 0)
				goto lost;
			continue;
		}
		now = rl_time_ns();
		if (now >= deadline) {
			wl_display_cancel_read(wl->display);
			break;
		}
		if (wl_display_flush(wl->display) < 0 && errno != EAGAIN) {
			wl_display_cancel_read(wl->display);
			goto lost;
		}
		ts.tv_sec = (time_t)((deadline - now) / RL_NS_PER_S);
		ts.tv_nsec = (long)((deadline - now) % RL_NS_PER_S);
		do {
			n = ppoll(&pfd, 1, &ts, NULL);
		} while (n < 0 && errno == EINTR);
		if (n > 0) {
			if (wl_display_read_events(wl->display) < 0)
				goto lost;
		} else {
			wl_display_cancel_read(wl->display);
		}
		if (wl_display_dispatch_queue_pending(wl->display, wl->frame_queue) < 0)
			goto lost;
	}
	if (wl->frame_callback) {
		/* hidden or occluded: present anyway, at most every FRAME_WAIT_NS */
		wl_callback_destroy(wl->frame_callback);
		wl->frame_callback = NULL;
	}
	return;
lost:
	rl_wayland_lost(wl, "waiting for a frame");
}

void rl_wayland_swap(struct rl_wayland *wl, const struct rl_rect *damage, uint32_t n)
{
	if (wl->lost)
		return;
	if (wl->vsync) {
		wait_frame(wl);
		if (wl->lost)
			return;
		wl->frame_callback = wl_surface_frame(wl->frame_surface);
		wl_callback_add_listener(wl->frame_callback, &frame_listener, wl);
	}
	if (!rl_egl_swap(&wl->swapper, wl->egl_surface, wl->buffer_height, damage, n)) {
		if (wl_display_get_error(wl->display))
			rl_wayland_lost(wl, "eglSwapBuffers");
		else if (!wl->swap_error_told)
			rl_warn(wl->log, "wayland: eglSwapBuffers failed (0x%x)", eglGetError());
		wl->swap_error_told = true;
	}
}
