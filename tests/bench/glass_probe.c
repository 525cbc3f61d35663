/* SPDX-License-Identifier: MIT */
/*
 * rl-glass-probe: glass-to-glass latency between two X servers. On the
 * guest's display it flips a square (or the whole screen) to a new colour
 * every INTERVAL ms; on the host's display, where relay-client shows the
 * guest's screen 1:1 at 0,0, it polls the same pixel until that colour
 * shows. Each flip's colour encodes its index (an odd multiplier mod 2^24),
 * so a late flip can never pass for a later one, and consecutive colours
 * differ in every channel.
 *
 *   rl-glass-probe GUEST_DISPLAY HOST_DISPLAY [options]
 *     --flips N         flips (default 100)
 *     --interval-ms MS  between flips (default 100); a flip not shown by
 *                       the next one counts as missed
 *     --size S          the square's side, at 100,100 (default 64)
 *     --full            flip the whole guest screen instead
 *     --poll-us US      between polls of the host pixel (default 200)
 *
 * Prints one line per flip, "flip I LATENCY_US" or "flip I missed", then
 * "summary FLIPS SHOWN MISSED P50 P95 P99 MAX" (microseconds). Both times
 * are CLOCK_MONOTONIC on this machine. For tests/bench/glass.sh.
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct probe_opts {
	const char *guest, *host;
	unsigned int flips, interval_ms, size, poll_us;
	int full;
};

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_us(int64_t us)
{
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	if (us > 0)
		nanosleep(&ts, NULL);
}

static unsigned long flip_colour(unsigned int i)
{
	return ((unsigned long)(i + 1) * 0x9E3779u + 0x404040u) & 0xFFFFFFu;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int parse(int argc, char **argv, struct probe_opts *o)
{
	*o = (struct probe_opts){ .flips = 100, .interval_ms = 100, .size = 64, .poll_us = 200 };
	if (argc < 3)
		return -1;
	o->guest = argv[1];
	o->host = argv[2];
	for (int i = 3; i < argc; i++) {
		unsigned int *v = NULL;

		if (strcmp(argv[i], "--full") == 0) {
			o->full = 1;
			continue;
		}
		if (strcmp(argv[i], "--flips") == 0)
			v = &o->flips;
		else if (strcmp(argv[i], "--interval-ms") == 0)
			v = &o->interval_ms;
		else if (strcmp(argv[i], "--size") == 0)
			v = &o->size;
		else if (strcmp(argv[i], "--poll-us") == 0)
			v = &o->poll_us;
		if (!v || i + 1 >= argc || sscanf(argv[++i], "%u", v) != 1 || *v == 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct probe_opts o;
	Display *g, *h;
	Window win;
	XSetWindowAttributes swa = { .override_redirect = True, .background_pixel = 0 };
	int px, py, gw, gh;
	unsigned int shown = 0;
	int64_t *lat;

	if (parse(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: rl-glass-probe GUEST_DISPLAY HOST_DISPLAY [--flips N] "
				"[--interval-ms MS] [--size S] [--full] [--poll-us US]\n");
		return 2;
	}
	g = XOpenDisplay(o.guest);
	h = XOpenDisplay(o.host);
	if (!g || !h) {
		fprintf(stderr, "rl-glass-probe: cannot open display %s\n", g ? o.host : o.guest);
		return 1;
	}
	gw = DisplayWidth(g, DefaultScreen(g));
	gh = DisplayHeight(g, DefaultScreen(g));
	if (o.full) {
		win = XCreateWindow(g, DefaultRootWindow(g), 0, 0, (unsigned int)gw, (unsigned int)gh,
				    0, CopyFromParent, InputOutput, CopyFromParent,
				    CWOverrideRedirect | CWBackPixel, &swa);
		px = gw / 2;
		py = gh / 2;
	} else {
		win = XCreateWindow(g, DefaultRootWindow(g), 100, 100, o.size, o.size, 0,
				    CopyFromParent, InputOutput, CopyFromParent,
				    CWOverrideRedirect | CWBackPixel, &swa);
		px = 100 + (int)o.size / 2;
		py = 100 + (int)o.size / 2;
	}
	XMapRaised(g, win);
	/* The guest's pointer away from the probe pixel (the client draws it). */
	XWarpPointer(g, None, DefaultRootWindow(g), 0, 0, 0, 0, gw - 1, gh - 1);
	XSync(g, False);
	sleep_us(500000);

	lat = calloc(o.flips, sizeof(*lat));
	if (!lat)
		return 1;
	for (unsigned int i = 0; i < o.flips; i++) {
		unsigned long want = flip_colour(i);
		int64_t t0, deadline;
		int seen = 0;

		XSetWindowBackground(g, win, want);
		XClearWindow(g, win);
		XSync(g, False);
		t0 = now_us();
		deadline = t0 + (int64_t)o.interval_ms * 1000;
		while (now_us() < deadline) {
			XImage *img = XGetImage(h, DefaultRootWindow(h), px, py, 1, 1, AllPlanes, ZPixmap);
			unsigned long got = img ? XGetPixel(img, 0, 0) & 0xFFFFFFu : 0;

			if (img)
				XDestroyImage(img);
			if (got == want) {
				lat[shown++] = now_us() - t0;
				printf("flip %u %lld\n", i, (long long)lat[shown - 1]);
				seen = 1;
				break;
			}
			sleep_us(o.poll_us);
		}
		if (!seen)
			printf("flip %u missed\n", i);
		sleep_us(deadline - now_us());
	}
	qsort(lat, shown, sizeof(*lat), cmp_i64);
#define PCT(p) (shown ? (long long)lat[((p) * shown + 99) / 100 - 1] : -1LL)
	printf("summary %u %u %u %lld %lld %lld %lld\n", o.flips, shown, o.flips - shown, PCT(50),
	       PCT(95), PCT(99), PCT(100));
	free(lat);
	XDestroyWindow(g, win);
	XCloseDisplay(g);
	XCloseDisplay(h);
	return 0;
}
