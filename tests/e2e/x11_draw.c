/* SPDX-License-Identifier: MIT */
/*
 * rl-x11-draw: put known content on an X display's root window, for the
 * x11 capture tests. Commands run in order, then the program syncs and
 * exits:
 *
 *   fill X Y W H RRGGBB   fill a rectangle with a colour
 *   pattern N             cover the screen with test-pattern frame N
 *   warp X Y              move the pointer
 *   resize W H            change the screen size with RandR (the screen
 *                         must have been started at least that large)
 *
 *   rl-x11-draw [-d DISPLAY] COMMAND ARGS... [COMMAND ARGS...]...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xrandr.h>

#include "relay/protocol.h"
#include "test_pattern.h"

static unsigned long to_pixel(const Visual *v, unsigned r, unsigned g, unsigned b)
{
	unsigned long px = 0;
	const unsigned long masks[3] = { v->red_mask, v->green_mask, v->blue_mask };
	const unsigned vals[3] = { r, g, b };

	for (int i = 0; i < 3; i++) {
		unsigned long m = masks[i];
		int shift = 0, bits = 0;
		while (m && !((m >> shift) & 1))
			shift++;
		while (((m >> (shift + bits)) & 1))
			bits++;
		unsigned long c = bits >= 8 ? (unsigned long)vals[i] << (bits - 8)
					    : vals[i] >> (8 - bits);
		px |= (c << shift) & m;
	}
	return px;
}

static long arg_num(const char *s)
{
	char *end;
	long v = strtol(s, &end, 0);
	if (*end || end == s) {
		fprintf(stderr, "rl-x11-draw: '%s' is not a number\n", s);
		exit(2);
	}
	return v;
}

static int draw_pattern(Display *dpy, Window root, Visual *vis, int depth,
			unsigned w, unsigned h, unsigned long long frame)
{
	uint8_t *rgba = malloc((size_t)w * h * 4);
	XImage *img = XCreateImage(dpy, vis, (unsigned)depth, ZPixmap, 0, NULL, w, h, 32, 0);
	if (!rgba || !img)
		return 1;
	img->data = malloc((size_t)img->bytes_per_line * h);
	if (!img->data)
		return 1;
	rl_test_pattern_fill(frame, w, h, RL_FMT_RGBA8, rgba, w * 4);
	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++) {
			const uint8_t *p = rgba + ((size_t)y * w + x) * 4;
			XPutPixel(img, (int)x, (int)y, to_pixel(vis, p[0], p[1], p[2]));
		}
	GC gc = XCreateGC(dpy, root, 0, NULL);
	XPutImage(dpy, root, gc, img, 0, 0, 0, 0, w, h);
	XFreeGC(dpy, gc);
	XDestroyImage(img);
	free(rgba);
	return 0;
}

/* Xvfb has one mode: switch the CRTC off, then size the screen. */
static int resize_screen(Display *dpy, Window root, int w, int h)
{
	XRRScreenResources *res = XRRGetScreenResources(dpy, root);
	if (!res)
		return 1;
	for (int i = 0; i < res->ncrtc; i++)
		XRRSetCrtcConfig(dpy, res, res->crtcs[i], CurrentTime, 0, 0, None,
				 RR_Rotate_0, NULL, 0);
	XRRFreeScreenResources(res);
	XRRSetScreenSize(dpy, root, w, h, w * 254 / 960, h * 254 / 960);
	return 0;
}

int main(int argc, char **argv)
{
	const char *display = NULL;
	int i = 1;

	if (argc > 2 && strcmp(argv[1], "-d") == 0) {
		display = argv[2];
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: rl-x11-draw [-d DISPLAY] fill X Y W H RRGGBB | pattern N | warp X Y | resize W H ...\n");
		return 2;
	}
	Display *dpy = XOpenDisplay(display);
	if (!dpy) {
		fprintf(stderr, "rl-x11-draw: cannot open display %s\n", display ? display : "");
		return 1;
	}
	int scr = DefaultScreen(dpy);
	Window root = RootWindow(dpy, scr);
	Visual *vis = DefaultVisual(dpy, scr);
	int depth = DefaultDepth(dpy, scr);
	unsigned w = (unsigned)DisplayWidth(dpy, scr), h = (unsigned)DisplayHeight(dpy, scr);
	int rc = 0;

	while (i < argc && rc == 0) {
		const char *cmd = argv[i];
		if (strcmp(cmd, "fill") == 0 && i + 5 < argc) {
			unsigned long rgb = strtoul(argv[i + 5], NULL, 16);
			GC gc = XCreateGC(dpy, root, 0, NULL);
			XSetForeground(dpy, gc, to_pixel(vis, (rgb >> 16) & 0xff,
							 (rgb >> 8) & 0xff, rgb & 0xff));
			XFillRectangle(dpy, root, gc, (int)arg_num(argv[i + 1]),
				       (int)arg_num(argv[i + 2]),
				       (unsigned)arg_num(argv[i + 3]),
				       (unsigned)arg_num(argv[i + 4]));
			XFreeGC(dpy, gc);
			i += 6;
		} else if (strcmp(cmd, "pattern") == 0 && i + 1 < argc) {
			rc = draw_pattern(dpy, root, vis, depth, w, h,
					  (unsigned long long)arg_num(argv[i + 1]));
			i += 2;
		} else if (strcmp(cmd, "resize") == 0 && i + 2 < argc) {
			rc = resize_screen(dpy, root, (int)arg_num(argv[i + 1]),
					   (int)arg_num(argv[i + 2]));
			i += 3;
		} else if (strcmp(cmd, "warp") == 0 && i + 2 < argc) {
			XWarpPointer(dpy, None, root, 0, 0, 0, 0, (int)arg_num(argv[i + 1]),
				     (int)arg_num(argv[i + 2]));
			i += 3;
		} else {
			fprintf(stderr, "rl-x11-draw: bad command or missing arguments at '%s'\n", cmd);
			rc = 2;
		}
	}
	XSync(dpy, False);
	XCloseDisplay(dpy);
	return rc;
}
