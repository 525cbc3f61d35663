/* SPDX-License-Identifier: MIT */
/*
 * The X11 display through SDL2, on its EGL path (SDL's GLX default would
 * leave the renderer without an EGLDisplay). SDL owns the window and the
 * GLES 3 context; this file turns SDL's events into the listener's evdev
 * vocabulary. SDL keeps process-wide state of its own, so one window per
 * process; the video subsystem is reference-counted by SDL.
 */
#include <SDL2/SDL.h>
#include <SDL2/SDL_syswm.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <epoxy/egl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "egl_swap.h"
#include "keymap.h"
#include "relay/downcast.h"
#include "relay/locks.h"
#include "relay/time.h"

/* [x11] options: this backend's own. */
struct sdl_config {
	char *x; /* initial position, both or neither; NULL = the WM decides */
	char *y;
};

struct sdl_display {
	struct rl_display base;
	const struct rl_display_listener *listener;
	void *data;
	const struct rl_log *log;
	SDL_Window *window;
	SDL_GLContext context;
	void *egl_display;
	struct rl_egl_swap swapper; /* damage-aware swaps where EGL offers them */
	bool swap_error_told;
	bool captured;
	bool fullscreen;
	Display *xdisplay;      /* SDL's connection, for its fd and for geometry */
	Window xwindow;
	bool own_fullscreen;    /* no EWMH window manager: we size the window */
	bool borderless;
	int saved[4];           /* x, y, w, h before our own fullscreen */
};

extern const struct rl_display_ops rl_display_sdl; /* at the end of this file */

static struct sdl_display *x11_from(struct rl_display *d)
{
	return RL_DOWNCAST(struct sdl_display, d, &rl_display_sdl);
}

static bool x11_available(void)
{
	const char *display = getenv("DISPLAY");

	return display && *display;
}

static void x11_destroy(struct rl_display *d)
{
	struct sdl_display *x;

	if (!d)
		return;
	x = x11_from(d);
	if (x->captured) {
		SDL_SetRelativeMouseMode(SDL_FALSE);
		SDL_SetWindowKeyboardGrab(x->window, SDL_FALSE);
	}
	SDL_EnableScreenSaver();
	SDL_GL_MakeCurrent(x->window, NULL);
	SDL_GL_DeleteContext(x->context);
	SDL_DestroyWindow(x->window);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	free(x);
}

static void set_hints(const struct rl_display_params *p)
{
	/* The client installs its own SIGINT/SIGTERM handlers. */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "x11", SDL_HINT_OVERRIDE);
	SDL_SetHintWithPriority(SDL_HINT_VIDEO_X11_FORCE_EGL, "1", SDL_HINT_OVERRIDE);
	/* SDL minimises fullscreen windows on focus loss unless told not to. */
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS,
		    p->minimize_on_focus_loss ? "1" : "0");
	/* SDL blocks the screensaver at init; the view decides (inhibit_idle). */
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
	/* A click that focuses the window also reaches it. */
	SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
}

/* --x/--y: whole numbers, both or neither. */
static bool parse_position(const struct sdl_config *cfg, int *pos, bool *has,
			   const struct rl_log *log)
{
	const char *v[2] = { cfg ? cfg->x : NULL, cfg ? cfg->y : NULL };

	*has = false;
	if (!v[0] && !v[1])
		return true;
	if (!v[0] || !v[1]) {
		rl_err(log, "options --x and --y: give both or neither");
		return false;
	}
	for (int i = 0; i < 2; i++) {
		char *end;
		long n;

		errno = 0;
		n = strtol(v[i], &end, 10);
		if (errno || end == v[i] || *end || n < -32768 || n > 32767) {
			rl_err(log, "option --%s: '%s' is not a whole number of pixels (-32768..32767)",
			       i ? "y" : "x", v[i]);
			return false;
		}
		pos[i] = (int)n;
	}
	*has = true;
	return true;
}

/*
 * Is an EWMH window manager running (one that honours _NET_WM_STATE
 * fullscreen)? Without one (a kiosk X session), SDL's fullscreen leaves
 * the window where and as large as it was: the client sizes it itself.
 */
static bool ewmh_wm_running(void)
{
	Display *dpy = XOpenDisplay(NULL);
	Atom check, type;
	int format;
	unsigned long n = 0, after;
	unsigned char *data = NULL;
	bool running = false;

	if (!dpy)
		return true; /* SDL will say what is wrong */
	check = XInternAtom(dpy, "_NET_SUPPORTING_WM_CHECK", True);
	if (check != None &&
	    XGetWindowProperty(dpy, DefaultRootWindow(dpy), check, 0, 1, False, XA_WINDOW,
			       &type, &format, &n, &after, &data) == Success)
		running = type == XA_WINDOW && n == 1;
	if (data)
		XFree(data);
	XCloseDisplay(dpy);
	return running;
}

/* Fullscreen without a window manager: cover the window's screen ourselves. */
static void own_fullscreen(struct sdl_display *x, bool on)
{
	SDL_Rect b;
	int i = SDL_GetWindowDisplayIndex(x->window);

	if (on) {
		SDL_GetWindowPosition(x->window, &x->saved[0], &x->saved[1]);
		SDL_GetWindowSize(x->window, &x->saved[2], &x->saved[3]);
		if (SDL_GetDisplayBounds(i < 0 ? 0 : i, &b) != 0) {
			rl_warn(x->log, "x11: cannot read the screen's size: %s", SDL_GetError());
			return;
		}
		SDL_SetWindowBordered(x->window, SDL_FALSE);
		SDL_SetWindowPosition(x->window, b.x, b.y);
		SDL_SetWindowSize(x->window, b.w, b.h);
		SDL_RaiseWindow(x->window);
	} else {
		SDL_SetWindowBordered(x->window, x->borderless ? SDL_FALSE : SDL_TRUE);
		SDL_SetWindowSize(x->window, x->saved[2], x->saved[3]);
		SDL_SetWindowPosition(x->window, x->saved[0], x->saved[1]);
	}
}

static struct rl_display *x11_create(const struct rl_display_params *p,
				     const void *config,
				     const struct rl_display_listener *listener,
				     void *data, const struct rl_log *log)
{
	struct sdl_display *x = calloc(1, sizeof(*x));
	SDL_SysWMinfo info;
	int pos[2] = { 0, 0 };
	bool has_position;
	Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_SHOWN | SDL_WINDOW_RESIZABLE |
		       SDL_WINDOW_ALLOW_HIGHDPI;
	int w = p->width ? (int)p->width : 1280;
	int h = p->height ? (int)p->height : 720;

	if (!x) {
		rl_err(log, "x11: out of memory");
		return NULL;
	}
	x->base.impl = &rl_display_sdl;
	x->listener = listener;
	x->data = data;
	x->log = log;
	x->borderless = p->borderless;
	if (!parse_position(config, pos, &has_position, log))
		goto out_free;
	x->own_fullscreen = !ewmh_wm_running();
	if (x->own_fullscreen)
		rl_info(log, "x11: no EWMH window manager: the client sizes its fullscreen window itself");
	set_hints(p);
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		rl_err(log, "x11: cannot open the display: %s", SDL_GetError());
		goto out_free;
	}
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
	SDL_GL_SetAttribute(SDL_GL_RED_SIZE, 8);
	SDL_GL_SetAttribute(SDL_GL_GREEN_SIZE, 8);
	SDL_GL_SetAttribute(SDL_GL_BLUE_SIZE, 8);
	SDL_GL_SetAttribute(SDL_GL_ALPHA_SIZE, 0);
	SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
	SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
	if (p->borderless)
		flags |= SDL_WINDOW_BORDERLESS;
	if (p->fullscreen && !x->own_fullscreen)
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	x->window = SDL_CreateWindow(p->title ? p->title : "relay",
				     has_position ? pos[0] : (int)SDL_WINDOWPOS_UNDEFINED,
				     has_position ? pos[1] : (int)SDL_WINDOWPOS_UNDEFINED,
				     w, h, flags);
	if (!x->window) {
		rl_err(log, "x11: cannot create a %dx%d window: %s", w, h, SDL_GetError());
		goto out_video;
	}
	SDL_VERSION(&info.version);
	if (SDL_GetWindowWMInfo(x->window, &info) && info.subsystem == SDL_SYSWM_X11) {
		x->xdisplay = info.info.x11.display;
		x->xwindow = info.info.x11.window;
	}
	x->fullscreen = p->fullscreen;
	if (p->fullscreen && x->own_fullscreen)
		own_fullscreen(x, true);
	x->context = SDL_GL_CreateContext(x->window);
	if (!x->context) {
		rl_err(log, "x11: cannot create an OpenGL ES 3.0 context through EGL: %s",
		       SDL_GetError());
		goto out_window;
	}
	if (SDL_GL_MakeCurrent(x->window, x->context) != 0) {
		rl_err(log, "x11: cannot make the context current: %s", SDL_GetError());
		goto out_context;
	}
	x->egl_display = eglGetCurrentDisplay();
	if (x->egl_display == EGL_NO_DISPLAY) {
		rl_err(log, "x11: SDL did not take its EGL path (no current EGLDisplay)");
		goto out_context;
	}
	if (SDL_GL_SetSwapInterval(p->vsync ? 1 : 0) != 0)
		rl_warn(log, "x11: cannot turn vsync %s: %s", p->vsync ? "on" : "off",
			SDL_GetError());
	SDL_EnableScreenSaver();
	rl_egl_swap_init(&x->swapper, x->egl_display);
	rl_info(log, "x11: %dx%d window%s%s, vsync %s, %s presents", w, h,
		p->borderless ? ", borderless" : "", p->fullscreen ? ", fullscreen" : "",
		p->vsync ? "on" : "off",
		rl_egl_swap_partial(&x->swapper) ? "damage-aware" : "whole-window");
	return &x->base;

out_context:
	SDL_GL_DeleteContext(x->context);
out_window:
	SDL_DestroyWindow(x->window);
out_video:
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
out_free:
	free(x);
	return NULL;
}

static void *x11_egl_display(struct rl_display *d)
{
	return x11_from(d)->egl_display;
}

static void x11_swap(struct rl_display *d, const struct rl_rect *damage, uint32_t n)
{
	struct sdl_display *x = x11_from(d);
	EGLSurface surface;
	EGLint h = 0;

	if (!n || !rl_egl_swap_partial(&x->swapper) ||
	    (surface = eglGetCurrentSurface(EGL_DRAW)) == EGL_NO_SURFACE ||
	    !eglQuerySurface(x->egl_display, surface, EGL_HEIGHT, &h) || h <= 0) {
		SDL_GL_SwapWindow(x->window);
		return;
	}
	if (!rl_egl_swap(&x->swapper, surface, (uint32_t)h, damage, n) && !x->swap_error_told) {
		rl_warn(x->log, "x11: eglSwapBuffersWithDamage failed (0x%x)", eglGetError());
		x->swap_error_told = true;
	}
}

static void x11_size(struct rl_display *d, uint32_t *width, uint32_t *height)
{
	struct sdl_display *x = x11_from(d);
	EGLSurface surface = eglGetCurrentSurface(EGL_DRAW);
	EGLint w = 0, h = 0;

	/* EGL asks the server for the drawable's geometry: the truth. */
	if (surface == EGL_NO_SURFACE ||
	    !eglQuerySurface(x->egl_display, surface, EGL_WIDTH, &w) ||
	    !eglQuerySurface(x->egl_display, surface, EGL_HEIGHT, &h))
		SDL_GL_GetDrawableSize(x->window, &w, &h);
	*width = w > 0 ? (uint32_t)w : 0;
	*height = h > 0 ? (uint32_t)h : 0;
}

/* Window coordinates to drawable pixels (they differ on high-DPI set-ups). */
static void to_pixels(struct sdl_display *x, double *px, double *py)
{
	int ww, wh, dw, dh;

	SDL_GetWindowSize(x->window, &ww, &wh);
	SDL_GL_GetDrawableSize(x->window, &dw, &dh);
	if (ww > 0 && wh > 0) {
		*px = *px * dw / ww;
		*py = *py * dh / wh;
	}
}

static void window_event(struct sdl_display *x, const SDL_WindowEvent *we)
{
	const struct rl_display_listener *l = x->listener;
	uint32_t w, h;

	switch (we->event) {
	case SDL_WINDOWEVENT_SIZE_CHANGED:
	case SDL_WINDOWEVENT_EXPOSED:
		/* An expose loses the window's content: a "resize" redraws it. */
		x11_size(&x->base, &w, &h);
		l->resized(x->data, w, h);
		break;
	case SDL_WINDOWEVENT_FOCUS_GAINED:
		l->focus(x->data, true);
		break;
	case SDL_WINDOWEVENT_FOCUS_LOST:
		l->focus(x->data, false);
		break;
	case SDL_WINDOWEVENT_CLOSE:
		l->close(x->data);
		break;
	default:
		break;
	}
}

static void handle(struct sdl_display *x, const SDL_Event *ev)
{
	const struct rl_display_listener *l = x->listener;
	uint32_t code;
	double px, py, dx, dy;

	switch (ev->type) {
	case SDL_QUIT:
		l->close(x->data);
		break;
	case SDL_WINDOWEVENT:
		window_event(x, &ev->window);
		break;
	case SDL_KEYDOWN:
	case SDL_KEYUP:
		code = rl_x11_evdev_key(ev->key.keysym.scancode);
		if (code && ev->key.repeat)
			l->key_repeat(x->data, code); /* X's autorepeat, at the desktop's rate */
		else if (code)
			l->key(x->data, code, ev->type == SDL_KEYDOWN);
		else
			rl_dbg(x->log, "x11: key with scancode %d has no evdev code",
			       ev->key.keysym.scancode);
		break;
	case SDL_MOUSEMOTION:
		if (x->captured) {
			dx = ev->motion.xrel;
			dy = ev->motion.yrel;
			to_pixels(x, &dx, &dy);
			l->pointer_relative(x->data, dx, dy);
		} else {
			px = ev->motion.x;
			py = ev->motion.y;
			to_pixels(x, &px, &py);
			l->pointer_position(x->data, px, py);
		}
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		code = rl_x11_evdev_button(ev->button.button);
		if (code)
			l->button(x->data, code, ev->type == SDL_MOUSEBUTTONDOWN);
		break;
	case SDL_MOUSEWHEEL:
		/* evdev's sense: dy > 0 is away from the user, dx > 0 right. */
		dx = ev->wheel.preciseX;
		dy = ev->wheel.preciseY;
		if (ev->wheel.direction == SDL_MOUSEWHEEL_FLIPPED) {
			dx = -dx;
			dy = -dy;
		}
		l->scroll(x->data, dx, dy);
		break;
	default:
		break;
	}
}

static void dispatch(struct sdl_display *x)
{
	SDL_Event ev;

	while (SDL_PollEvent(&ev))
		handle(x, &ev);
}

#define MAX_FDS 16

static void x11_wait(struct rl_display *d, uint64_t timeout_ns, struct pollfd *fds,
		     unsigned int nfds)
{
	struct sdl_display *x = x11_from(d);
	struct pollfd pfd[MAX_FDS + 1];
	unsigned int n = nfds < MAX_FDS ? nfds : MAX_FDS;

	/* Xlib may hold events already read: SDL takes them all first. */
	SDL_PumpEvents();
	if (!SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT) && timeout_ns) {
		pfd[0] = (struct pollfd){ .fd = x->xdisplay ? ConnectionNumber(x->xdisplay) : -1,
					  .events = POLLIN };
		memcpy(&pfd[1], fds, n * sizeof(*fds));
		if (rl_poll_ns(pfd, n + 1, timeout_ns) > 0)
			for (unsigned int i = 0; i < n; i++)
				fds[i].revents = pfd[i + 1].revents;
	}
	dispatch(x);
}

static void x11_set_fullscreen(struct rl_display *d, bool on)
{
	struct sdl_display *x = x11_from(d);

	if (x->own_fullscreen) {
		if (on != x->fullscreen)
			own_fullscreen(x, on);
		x->fullscreen = on;
		return;
	}
	if (SDL_SetWindowFullscreen(x->window, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0) {
		rl_warn(x->log, "x11: cannot %s fullscreen: %s", on ? "enter" : "leave",
			SDL_GetError());
		return;
	}
	x->fullscreen = on;
}

static void x11_set_capture(struct rl_display *d, bool on)
{
	struct sdl_display *x = x11_from(d);

	if (on == x->captured)
		return;
	if (SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE) != 0)
		rl_warn(x->log, "x11: relative pointer mode: %s", SDL_GetError());
	SDL_SetWindowKeyboardGrab(x->window, on ? SDL_TRUE : SDL_FALSE);
	x->captured = on;
}

static void x11_inhibit_idle(struct rl_display *d, bool on)
{
	(void)d;
	if (on)
		SDL_DisableScreenSaver();
	else
		SDL_EnableScreenSaver();
}

static uint32_t x11_locks(struct rl_display *d)
{
	SDL_Keymod mod = SDL_GetModState();

	(void)d;
	return (mod & KMOD_CAPS ? RL_LOCK_CAPS : 0) | (mod & KMOD_NUM ? RL_LOCK_NUM : 0) |
	       (mod & KMOD_SCROLL ? RL_LOCK_SCROLL : 0);
}

static void x11_set_title(struct rl_display *d, const char *title)
{
	SDL_SetWindowTitle(x11_from(d)->window, title);
}

static const struct rl_opt sdl_opts[] = {
	{ "x11", "x", 0, RL_OPT_STRING, offsetof(struct sdl_config, x), NULL, "PIXELS",
	  "X11: initial window position from the left of the screen, with y (unset = the window manager decides).",
	  0, 0, NULL },
	{ "x11", "y", 0, RL_OPT_STRING, offsetof(struct sdl_config, y), NULL, "PIXELS",
	  "X11: initial window position from the top of the screen, with x.", 0, 0, NULL },
};

static const struct rl_opt_group sdl_options = {
	sdl_opts, sizeof(sdl_opts) / sizeof(sdl_opts[0]), sizeof(struct sdl_config),
};

const struct rl_display_ops rl_display_sdl = {
	.name = "x11",
	.description = "an X11 window through SDL2 (EGL)",
	.env = "DISPLAY",
	.options = &sdl_options,
	.available = x11_available,
	.create = x11_create,
	.destroy = x11_destroy,
	.egl_display = x11_egl_display,
	.swap = x11_swap,
	.size = x11_size,
	.wait = x11_wait,
	.set_fullscreen = x11_set_fullscreen,
	.set_capture = x11_set_capture,
	.inhibit_idle = x11_inhibit_idle,
	.set_title = x11_set_title,
	.locks = x11_locks,
};
