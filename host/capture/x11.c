/* SPDX-License-Identifier: MIT */
/*
 * X11 capture: the root window of an X display.
 *
 *   pixels  MIT-SHM (XShmGetImage) into a frame-sized segment; damaged
 *           rects are fetched one by one through a scratch segment when
 *           they cover less than half the screen. Without MIT-SHM (a
 *           remote display) XGetImage is used instead.
 *   damage  XDamage in NonEmpty mode: one DamageNotify when the damage
 *           becomes non-empty, then XDamageSubtract into a region whose
 *           rectangles become the frame's damage. The subtract happens
 *           before the pixels are read, so a change racing the read is
 *           reported again next frame: damage may be over-reported, never
 *           lost.
 *   cursor  XFixes cursor-change events and XFixesGetCursorImage (ARGB,
 *           premultiplied) converted to RL_CURSOR_COLOR (BGRA, straight);
 *           the position is polled with XQueryPointer every 8 ms while
 *           next_frame waits.
 *   size    ConfigureNotify on the root window (RandR resizes it), and a
 *           geometry check when a read fails: a new full frame flagged
 *           RL_FRAME_F_NEW_MODE.
 */
#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/Xfixes.h>

#include "capture.h"
#include "relay/downcast.h"
#include "relay/format.h"
#include "relay/time.h"

extern const struct rl_capture_ops rl_capture_x11; /* at the end of this file */

#define POINTER_POLL_NS (8 * RL_NS_PER_MS)

struct shm_image {
	XShmSegmentInfo info;
	bool attached;
	XImage *image; /* full-size image header over info.shmaddr */
};

struct x11_capture {
	struct rl_capture base;
	const struct rl_log *log;
	Display *dpy;
	Window root;
	Visual *visual;
	int depth;
	bool use_shm;
	bool force_alpha;        /* depth 24: the 4th byte is padding */
	uint32_t format;
	uint32_t width;
	uint32_t height;
	uint32_t pitch;
	struct shm_image frame;   /* the current frame (shm) */
	struct shm_image scratch; /* damaged rects land here first */
	uint8_t *local;           /* the current frame without MIT-SHM */
	int damage_event;
	Damage damage;
	XserverRegion region;
	int fixes_event;
	XErrorHandler old_handler;
	XIOErrorHandler old_io_handler;
	bool io_error;            /* the connection is gone (set by Xlib) */
	bool need_full;
	bool new_mode;
	bool damage_pending;
	bool geometry_changed;
	/* cursor */
	uint64_t pointer_polled_ns;
	bool pointer_dirty;
	int32_t pointer_x;
	int32_t pointer_y;
	bool pointer_visible;
	bool shape_dirty;
	uint8_t *shape;           /* RL_CURSOR_DATA_BYTES, BGRA */
};

/* [x11] options: this backend's own. */
struct x11_config {
	char *display; /* NULL or "": $DISPLAY */
};

static struct x11_capture *x11_capture_from(struct rl_capture *cap)
{
	return RL_DOWNCAST(struct x11_capture, cap, &rl_capture_x11);
}

/*
 * Xlib's default handler exits the process on any protocol error. Every
 * request whose failure matters is checked through its return value, so
 * errors are ignored here (Xlib offers no per-connection context).
 */
static int ignore_x_error(Display *dpy, XErrorEvent *ev)
{
	(void)dpy;
	(void)ev;
	return 0;
}

/*
 * Xlib's default I/O error handler and exit handler both exit the process
 * when the server goes away; ours return, which leaves the Display marked
 * dead, and next_frame then reports the failure. Both must be replaced:
 * the default handler never returns to reach the exit handler.
 */
static int ignore_io_error(Display *dpy)
{
	(void)dpy;
	return 0;
}

static void on_io_error_exit(Display *dpy, void *data)
{
	struct x11_capture *x = data;

	(void)dpy;
	x->io_error = true;
}

static const char *display_name(const struct x11_config *cfg)
{
	return cfg && cfg->display && cfg->display[0] ? cfg->display : NULL;
}

static bool x11_auto_usable(const void *config)
{
	const char *env = getenv("DISPLAY");

	return display_name(config) || (env && env[0]);
}

static void shm_image_free(struct x11_capture *x, struct shm_image *si)
{
	if (si->attached) {
		XShmDetach(x->dpy, &si->info);
		XSync(x->dpy, False);
		si->attached = false;
	}
	if (si->image) {
		si->image->data = NULL;
		XDestroyImage(si->image);
		si->image = NULL;
	}
	if (si->info.shmaddr && si->info.shmaddr != (char *)-1)
		shmdt(si->info.shmaddr);
	si->info.shmaddr = NULL;
}

static bool shm_image_alloc(struct x11_capture *x, struct shm_image *si)
{
	memset(si, 0, sizeof(*si));
	si->image = XShmCreateImage(x->dpy, x->visual, (unsigned)x->depth,
				    ZPixmap, NULL, &si->info, x->width,
				    x->height);
	if (!si->image) {
		rl_err(x->log, "x11 capture: XShmCreateImage failed for %ux%u",
		       x->width, x->height);
		return false;
	}
	size_t size = (size_t)si->image->bytes_per_line * x->height;
	si->info.shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
	if (si->info.shmid < 0) {
		rl_err(x->log, "x11 capture: shmget of %zu bytes failed: %s",
		       size, strerror(errno));
		goto out_image;
	}
	si->info.shmaddr = shmat(si->info.shmid, NULL, 0);
	if (si->info.shmaddr == (char *)-1) {
		rl_err(x->log, "x11 capture: shmat failed: %s", strerror(errno));
		goto out_rmid;
	}
	si->image->data = si->info.shmaddr;
	si->info.readOnly = False;
	if (!XShmAttach(x->dpy, &si->info)) {
		rl_err(x->log, "x11 capture: XShmAttach failed");
		goto out_detach;
	}
	XSync(x->dpy, False);
	si->attached = true;
	/* Attached on both sides: the segment goes when both detach. */
	shmctl(si->info.shmid, IPC_RMID, NULL);
	return true;

out_detach:
	shmdt(si->info.shmaddr);
	si->info.shmaddr = NULL;
out_rmid:
	shmctl(si->info.shmid, IPC_RMID, NULL);
out_image:
	si->image->data = NULL;
	XDestroyImage(si->image);
	si->image = NULL;
	return false;
}

static void free_buffers(struct x11_capture *x)
{
	shm_image_free(x, &x->scratch);
	shm_image_free(x, &x->frame);
	free(x->local);
	x->local = NULL;
}

/* Decide the pixel format from an image of the root's visual. */
static bool pick_format(struct x11_capture *x, const XImage *img)
{
	if (img->bits_per_pixel != 32 || img->byte_order != LSBFirst ||
	    (x->depth != 24 && x->depth != 32)) {
		rl_err(x->log, "x11 capture: the screen is depth %d at %d bits per pixel (%s first); only 24/32-bit TrueColor screens are supported",
		       x->depth, img->bits_per_pixel,
		       img->byte_order == LSBFirst ? "LSB" : "MSB");
		return false;
	}
	if (x->visual->red_mask == 0xff0000 && x->visual->green_mask == 0xff00 &&
	    x->visual->blue_mask == 0xff) {
		x->format = RL_FMT_BGRA8;
	} else if (x->visual->red_mask == 0xff && x->visual->green_mask == 0xff00 &&
		   x->visual->blue_mask == 0xff0000) {
		x->format = RL_FMT_RGBA8;
	} else {
		rl_err(x->log, "x11 capture: unsupported channel masks r=%#lx g=%#lx b=%#lx",
		       x->visual->red_mask, x->visual->green_mask,
		       x->visual->blue_mask);
		return false;
	}
	x->force_alpha = x->depth == 24;
	return true;
}

/* (Re)size the buffers to the root window's current geometry. */
static bool setup_buffers(struct x11_capture *x)
{
	Window root;
	int gx, gy;
	unsigned int w, h, border, depth;

	free_buffers(x);
	if (!XGetGeometry(x->dpy, x->root, &root, &gx, &gy, &w, &h, &border,
			  &depth)) {
		rl_err(x->log, "x11 capture: cannot read the root window's size");
		return false;
	}
	if (w == 0 || h == 0 || w > RL_MAX_DIM || h > RL_MAX_DIM) {
		rl_err(x->log, "x11 capture: screen size %ux%u is outside 1..%u",
		       w, h, RL_MAX_DIM);
		return false;
	}
	x->width = w;
	x->height = h;

	if (x->use_shm) {
		if (!shm_image_alloc(x, &x->frame))
			goto out_free;
		if (!shm_image_alloc(x, &x->scratch))
			goto out_free;
		if (!pick_format(x, x->frame.image))
			goto out_free;
		x->pitch = (uint32_t)x->frame.image->bytes_per_line;
	} else {
		XImage *probe = XGetImage(x->dpy, x->root, 0, 0, 1, 1, AllPlanes,
					  ZPixmap);
		if (!probe) {
			rl_err(x->log, "x11 capture: XGetImage failed");
			goto out_free;
		}
		bool ok = pick_format(x, probe);
		XDestroyImage(probe);
		if (!ok)
			goto out_free;
		x->pitch = w * 4;
		x->local = malloc((size_t)x->pitch * h);
		if (!x->local) {
			rl_err(x->log, "x11 capture: out of memory for a %ux%u frame",
			       w, h);
			goto out_free;
		}
	}
	x->need_full = true;
	x->new_mode = true;
	rl_info(x->log, "x11 capture: screen %ux%u %s, %s", w, h,
		rl_format_name(x->format),
		x->use_shm ? "MIT-SHM" : "XGetImage (no MIT-SHM)");
	return true;

out_free:
	free_buffers(x);
	return false;
}

static uint8_t *frame_pixels(struct x11_capture *x)
{
	return x->use_shm ? (uint8_t *)x->frame.image->data : x->local;
}

/* Copy w x h pixels into the frame at (dx, dy), setting alpha if needed. */
static void put_rows(struct x11_capture *x, uint32_t dx, uint32_t dy,
		     uint32_t w, uint32_t h, const uint8_t *src,
		     uint32_t src_pitch)
{
	uint8_t *dst = frame_pixels(x) + (uint64_t)dy * x->pitch + (uint64_t)dx * 4;

	for (uint32_t row = 0; row < h; row++) {
		uint8_t *d = dst + (uint64_t)row * x->pitch;
		memcpy(d, src + (uint64_t)row * src_pitch, (size_t)w * 4);
		if (x->force_alpha)
			for (uint32_t i = 0; i < w; i++)
				d[i * 4 + 3] = 0xff;
	}
}

static void force_alpha_all(struct x11_capture *x)
{
	uint8_t *px = frame_pixels(x);

	for (uint32_t y = 0; y < x->height; y++) {
		uint8_t *row = px + (uint64_t)y * x->pitch;
		for (uint32_t i = 0; i < x->width; i++)
			row[i * 4 + 3] = 0xff;
	}
}

static bool fetch_full(struct x11_capture *x)
{
	if (x->use_shm) {
		if (!XShmGetImage(x->dpy, x->root, x->frame.image, 0, 0, AllPlanes))
			return false;
		if (x->force_alpha)
			force_alpha_all(x);
		return true;
	}
	XImage *img = XGetImage(x->dpy, x->root, 0, 0, x->width, x->height,
				AllPlanes, ZPixmap);
	if (!img)
		return false;
	put_rows(x, 0, 0, x->width, x->height, (const uint8_t *)img->data,
		 (uint32_t)img->bytes_per_line);
	XDestroyImage(img);
	return true;
}

static bool fetch_rect(struct x11_capture *x, struct rl_rect r)
{
	XImage *img;
	bool ok;

	if (x->use_shm) {
		img = XShmCreateImage(x->dpy, x->visual, (unsigned)x->depth,
				      ZPixmap, x->scratch.info.shmaddr,
				      &x->scratch.info, r.w, r.h);
		if (!img)
			return false;
		ok = XShmGetImage(x->dpy, x->root, img, (int)r.x, (int)r.y,
				  AllPlanes);
	} else {
		img = XGetImage(x->dpy, x->root, (int)r.x, (int)r.y, r.w, r.h,
				AllPlanes, ZPixmap);
		if (!img)
			return false;
		ok = true;
	}
	if (ok)
		put_rows(x, r.x, r.y, r.w, r.h, (const uint8_t *)img->data,
			 (uint32_t)img->bytes_per_line);
	if (x->use_shm)
		img->data = NULL;
	XDestroyImage(img);
	return ok;
}

static void handle_event(struct x11_capture *x, const XEvent *ev)
{
	if (ev->type == x->damage_event + XDamageNotify) {
		x->damage_pending = true;
	} else if (ev->type == x->fixes_event + XFixesCursorNotify) {
		x->shape_dirty = true;
	} else if (ev->type == ConfigureNotify &&
		   ev->xconfigure.window == x->root) {
		if ((uint32_t)ev->xconfigure.width != x->width ||
		    (uint32_t)ev->xconfigure.height != x->height)
			x->geometry_changed = true;
	}
}

static void drain_events(struct x11_capture *x)
{
	while (XPending(x->dpy)) {
		XEvent ev;
		XNextEvent(x->dpy, &ev);
		handle_event(x, &ev);
	}
}

static void poll_pointer(struct x11_capture *x, uint64_t now)
{
	Window root_ret, child;
	int rx, ry, wx, wy;
	unsigned int mask;

	x->pointer_polled_ns = now;
	Bool same = XQueryPointer(x->dpy, x->root, &root_ret, &child, &rx, &ry,
				  &wx, &wy, &mask);
	bool visible = same == True;
	if (rx != x->pointer_x || ry != x->pointer_y ||
	    visible != x->pointer_visible) {
		x->pointer_x = rx;
		x->pointer_y = ry;
		x->pointer_visible = visible;
		x->pointer_dirty = true;
	}
}

static struct x11_capture *x11_open(const struct x11_config *cfg,
				    const struct rl_log *log)
{
	const char *name = display_name(cfg);
	struct x11_capture *x = calloc(1, sizeof(*x));

	if (!x) {
		rl_err(log, "x11 capture: out of memory");
		return NULL;
	}
	x->base.impl = &rl_capture_x11;
	x->log = log;
	x->shape = malloc(RL_CURSOR_DATA_BYTES);
	if (!x->shape) {
		rl_err(log, "x11 capture: out of memory");
		goto out_free;
	}
	x->dpy = XOpenDisplay(name);
	if (!x->dpy) {
		rl_err(log, "x11 capture: cannot open display \"%s\"",
		       name ? name : (getenv("DISPLAY") ? getenv("DISPLAY") : ""));
		goto out_free;
	}
	return x;

out_free:
	free(x->shape);
	free(x);
	return NULL;
}

static void x11_destroy(struct rl_capture *cap);

static struct rl_capture *x11_create(const void *config, const struct rl_log *log)
{
	struct x11_capture *x = x11_open(config, log);
	int major, minor, error_base;
	Bool pixmaps;

	if (!x)
		return NULL;
	x->old_handler = XSetErrorHandler(ignore_x_error);
	x->old_io_handler = XSetIOErrorHandler(ignore_io_error);
	XSetIOErrorExitHandler(x->dpy, on_io_error_exit, x);
	int screen = DefaultScreen(x->dpy);
	x->root = RootWindow(x->dpy, screen);
	x->visual = DefaultVisual(x->dpy, screen);
	x->depth = DefaultDepth(x->dpy, screen);

	if (!XDamageQueryExtension(x->dpy, &x->damage_event, &error_base)) {
		rl_err(log, "x11 capture: the display has no DAMAGE extension");
		goto out_close;
	}
	if (!XFixesQueryExtension(x->dpy, &x->fixes_event, &error_base) ||
	    !XFixesQueryVersion(x->dpy, &major, &minor) || major < 2) {
		rl_err(log, "x11 capture: the display lacks XFIXES 2 or later");
		goto out_close;
	}
	x->use_shm = XShmQueryVersion(x->dpy, &major, &minor, &pixmaps) == True;
	/* MIT-SHM over a remote connection fails at attach time: probe it. */
	if (!setup_buffers(x)) {
		if (!x->use_shm)
			goto out_close;
		rl_warn(log, "x11 capture: MIT-SHM unusable, falling back to XGetImage");
		x->use_shm = false;
		if (!setup_buffers(x))
			goto out_close;
	}

	x->region = XFixesCreateRegion(x->dpy, NULL, 0);
	x->damage = XDamageCreate(x->dpy, x->root, XDamageReportNonEmpty);
	XFixesSelectCursorInput(x->dpy, x->root, XFixesDisplayCursorNotifyMask);
	XSelectInput(x->dpy, x->root, StructureNotifyMask);
	XSync(x->dpy, False);
	x->shape_dirty = true;
	poll_pointer(x, rl_time_ns());
	return &x->base;

out_close:
	x11_destroy(&x->base); /* undoes whatever was set up, in reverse */
	return NULL;
}

static void x11_destroy(struct rl_capture *cap)
{
	struct x11_capture *x;

	if (!cap)
		return;
	x = x11_capture_from(cap);
	if (!x->io_error) {
		if (x->damage)
			XDamageDestroy(x->dpy, x->damage);
		if (x->region)
			XFixesDestroyRegion(x->dpy, x->region);
		free_buffers(x);
	} else {
		/* Nothing can be said to the server; drop our side only. */
		x->frame.attached = x->scratch.attached = false;
		free_buffers(x);
	}
	XCloseDisplay(x->dpy);
	XSetIOErrorHandler(x->old_io_handler);
	XSetErrorHandler(x->old_handler);
	free(x->shape);
	free(x);
}

static enum rl_capture_result full_frame(struct x11_capture *x,
					 struct rl_capture_frame *out)
{
	/* Subtract first: what changes during the read is reported again. */
	XDamageSubtract(x->dpy, x->damage, None, None);
	x->damage_pending = false;
	if (!fetch_full(x)) {
		rl_err(x->log, "x11 capture: reading the %ux%u screen failed",
		       x->width, x->height);
		return RL_CAPTURE_ERROR;
	}
	rl_damage_set_full(&out->damage);
	out->flags = x->new_mode ? RL_FRAME_F_NEW_MODE : 0;
	x->need_full = false;
	x->new_mode = false;
	return RL_CAPTURE_FRAME;
}

/* Damage since the last frame into out->damage; false when there is none. */
static bool take_damage(struct x11_capture *x, struct rl_damage *out)
{
	int n = 0;

	XDamageSubtract(x->dpy, x->damage, None, x->region);
	x->damage_pending = false;
	XRectangle *rects = XFixesFetchRegion(x->dpy, x->region, &n);
	rl_damage_clear(out);
	for (int i = 0; rects && i < n; i++) {
		if (rects[i].x < 0 || rects[i].y < 0)
			continue;
		struct rl_rect r = { (uint32_t)rects[i].x, (uint32_t)rects[i].y,
				     rects[i].width, rects[i].height };
		rl_damage_add(out, r, x->width, x->height);
	}
	if (rects)
		XFree(rects);
	return !rl_damage_empty(out);
}

static enum rl_capture_result damaged_frame(struct x11_capture *x,
					    struct rl_capture_frame *out)
{
	uint64_t area = rl_damage_area(&out->damage, x->width, x->height);

	/* Big damage: one request for the screen; the rects stay as reported. */
	if (out->damage.full || area * 2 > (uint64_t)x->width * x->height) {
		if (!fetch_full(x))
			return RL_CAPTURE_ERROR;
	} else {
		for (uint32_t i = 0; i < out->damage.count; i++)
			if (!fetch_rect(x, out->damage.rects[i]))
				return RL_CAPTURE_ERROR;
	}
	out->flags = 0;
	return RL_CAPTURE_FRAME;
}

static void fill_out(struct x11_capture *x, struct rl_capture_frame *out)
{
	out->format = x->format;
	out->width = x->width;
	out->height = x->height;
	out->pitch = x->pitch;
	out->pixels = frame_pixels(x);
	out->ts_capture_ns = rl_time_ns();
}

static enum rl_capture_result x11_next_frame(struct rl_capture *cap,
					     uint64_t deadline_ns,
					     struct rl_capture_frame *out)
{
	struct x11_capture *x = x11_capture_from(cap);

	if (!x)
		return RL_CAPTURE_ERROR;
	for (;;) {
		enum rl_capture_result r;

		drain_events(x);
		if (x->io_error) {
			rl_err(x->log, "x11 capture: lost the connection to the X display");
			return RL_CAPTURE_ERROR;
		}
		if (x->geometry_changed) {
			x->geometry_changed = false;
			if (!setup_buffers(x))
				return RL_CAPTURE_ERROR;
		}
		if (x->need_full) {
			r = full_frame(x, out);
			if (r == RL_CAPTURE_ERROR)
				return r;
			fill_out(x, out);
			return r;
		}
		if (x->damage_pending && take_damage(x, &out->damage)) {
			r = damaged_frame(x, out);
			if (r == RL_CAPTURE_FRAME) {
				fill_out(x, out);
				return r;
			}
			/* A read fails when the screen shrank under us. */
			x->geometry_changed = true;
			x->need_full = true;
			rl_info(x->log, "x11 capture: reading the screen failed; checking its size");
			continue;
		}

		uint64_t now = rl_time_ns();
		if (now >= x->pointer_polled_ns + POINTER_POLL_NS) {
			poll_pointer(x, now);
			if (x->pointer_dirty)
				return RL_CAPTURE_NONE;
		}
		if (x->shape_dirty)
			return RL_CAPTURE_NONE;
		if (now >= deadline_ns)
			return RL_CAPTURE_NONE;

		uint64_t wake = x->pointer_polled_ns + POINTER_POLL_NS;
		if (deadline_ns < wake)
			wake = deadline_ns;
		int timeout_ms = (int)((wake - now + RL_NS_PER_MS - 1) / RL_NS_PER_MS);
		struct pollfd pfd = { .fd = ConnectionNumber(x->dpy), .events = POLLIN };
		XFlush(x->dpy);
		if (XPending(x->dpy))
			continue;
		if (poll(&pfd, 1, timeout_ms) < 0 && errno == EINTR)
			return RL_CAPTURE_NONE;
	}
}

static void x11_invalidate(struct rl_capture *cap)
{
	struct x11_capture *x = x11_capture_from(cap);

	if (x)
		x->need_full = true;
}

static uint8_t unpremultiply(uint32_t c, uint32_t a)
{
	if (a == 0)
		return 0;
	uint32_t v = (c * 255 + a / 2) / a;
	return (uint8_t)(v > 255 ? 255 : v);
}

static bool read_shape(struct x11_capture *x, struct rl_cursor_image *img)
{
	XFixesCursorImage *ci = XFixesGetCursorImage(x->dpy);

	if (!ci)
		return false;
	uint32_t w = ci->width < RL_CURSOR_MAX_DIM ? ci->width : RL_CURSOR_MAX_DIM;
	uint32_t h = ci->height < RL_CURSOR_MAX_DIM ? ci->height : RL_CURSOR_MAX_DIM;
	bool ok = w > 0 && h > 0;

	for (uint32_t y = 0; ok && y < h; y++) {
		for (uint32_t i = 0; i < w; i++) {
			/* XFixes hands out 32-bit ARGB in unsigned longs. */
			uint32_t p = (uint32_t)ci->pixels[(size_t)y * ci->width + i];
			uint32_t a = p >> 24;
			uint8_t *d = x->shape + ((size_t)y * w + i) * 4;
			d[0] = unpremultiply(p & 0xff, a);
			d[1] = unpremultiply((p >> 8) & 0xff, a);
			d[2] = unpremultiply((p >> 16) & 0xff, a);
			d[3] = (uint8_t)a;
		}
	}
	*img = (struct rl_cursor_image){
		.type = RL_CURSOR_COLOR,
		.width = w,
		.height = h,
		.pitch = w * 4,
		.hot_x = ci->xhot < w ? ci->xhot : 0,
		.hot_y = ci->yhot < h ? ci->yhot : 0,
		.data = x->shape,
	};
	XFree(ci);
	return ok;
}

static void x11_cursor(struct rl_capture *cap, struct rl_capture_cursor *out)
{
	struct x11_capture *x = x11_capture_from(cap);

	out->changed = 0;
	if (!x)
		return;
	if (x->shape_dirty) {
		x->shape_dirty = false;
		if (read_shape(x, &out->shape))
			out->changed |= RL_CAPTURE_CURSOR_SHAPE;
	}
	if (x->pointer_dirty) {
		x->pointer_dirty = false;
		out->changed |= RL_CAPTURE_CURSOR_POS;
		out->x = x->pointer_x;
		out->y = x->pointer_y;
		out->visible = x->pointer_visible;
	}
}

static bool x11_warp_cursor(struct rl_capture *cap, int32_t px, int32_t py)
{
	struct x11_capture *x = x11_capture_from(cap);

	if (!x)
		return false;
	if (px < 0)
		px = 0;
	if (py < 0)
		py = 0;
	if ((uint32_t)px >= x->width)
		px = (int32_t)x->width - 1;
	if ((uint32_t)py >= x->height)
		py = (int32_t)x->height - 1;
	XWarpPointer(x->dpy, None, x->root, 0, 0, 0, 0, px, py);
	XFlush(x->dpy);
	return true;
}

static const struct rl_opt x11_opts[] = {
	{ "x11", "x11-display", 0, RL_OPT_STRING, offsetof(struct x11_config, display), NULL,
	  "DISPLAY", "X display to capture, e.g. :0 (default: $DISPLAY).", 0, 0, NULL },
};

static const struct rl_opt_group x11_options = {
	x11_opts, sizeof(x11_opts) / sizeof(x11_opts[0]), sizeof(struct x11_config),
};

const struct rl_capture_ops rl_capture_x11 = {
	.name = "x11",
	.description = "X11 root window via MIT-SHM, XDamage and XFixes",
	.options = &x11_options,
	.auto_usable = x11_auto_usable,
	.create = x11_create,
	.destroy = x11_destroy,
	.next_frame = x11_next_frame,
	.invalidate = x11_invalidate,
	.cursor = x11_cursor,
	.warp_cursor = x11_warp_cursor,
	.set_resolution = NULL,
};
