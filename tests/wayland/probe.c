/* SPDX-License-Identifier: MIT */
/*
 * rl-wl-probe: drives the Wayland display backend through its ops table,
 * the way the window view does, for the scripts in this folder.
 *
 *   rl-wl-probe [--size WxH] [--fullscreen] [--borderless] [--no-vsync]
 *
 * It draws four quadrants of known colours (top-left red, top-right green,
 * bottom-left blue, bottom-right yellow; exact 8-bit values) with GLES and
 * reads them back, and prints one line per event on stdout:
 *   ready WxH              created; size() is WxH
 *   drawn WxH              a frame of WxH was presented (the compositor asked for the next)
 *   resized WxH            the listener's resized(); size() agrees
 *   focus 0|1, close, key CODE 0|1, pointer X Y, relative DX DY,
 *   button CODE 0|1, scroll DX DY
 *   error TEXT             a check failed (the exit status is 1)
 * Commands, one per line on stdin:
 *   draw, fullscreen on|off, capture on|off, idle on|off, title TEXT, quit
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <epoxy/gl.h>

#include "display.h"
#include "relay/log.h"
#include "relay/time.h"

extern const struct rl_display_ops rl_display_wayland;

struct probe {
	const struct rl_display_ops *ops;
	struct rl_display *d;
	uint32_t width, height; /* from resized() */
	bool redraw;
	bool quit;
	bool failed;
};

static const uint8_t quadrant_rgb[4][3] = {
	{ 255, 0, 0 },   /* top-left */
	{ 0, 255, 0 },   /* top-right */
	{ 0, 0, 255 },   /* bottom-left */
	{ 255, 255, 0 }, /* bottom-right */
};

static void fail(struct probe *p, const char *what)
{
	printf("error %s\n", what);
	p->failed = true;
}

static void on_resized(void *data, uint32_t width, uint32_t height)
{
	struct probe *p = data;
	uint32_t w, h;

	p->ops->size(p->d, &w, &h);
	printf("resized %ux%u\n", width, height);
	if (w != width || h != height)
		fail(p, "size() disagrees with resized()");
	p->width = width;
	p->height = height;
	p->redraw = true;
}

static void on_close(void *data)
{
	struct probe *p = data;

	printf("close\n");
	p->quit = true;
}

static void on_focus(void *data, bool focused)
{
	(void)data;
	printf("focus %d\n", focused);
}

static void on_key(void *data, uint32_t key, bool pressed)
{
	(void)data;
	printf("key %u %d\n", key, pressed);
}

static void on_pointer(void *data, double x, double y)
{
	(void)data;
	printf("pointer %.1f %.1f\n", x, y);
}

static void on_relative(void *data, double dx, double dy)
{
	(void)data;
	printf("relative %.1f %.1f\n", dx, dy);
}

static void on_button(void *data, uint32_t button, bool pressed)
{
	(void)data;
	printf("button %u %d\n", button, pressed);
}

static void on_scroll(void *data, double dx, double dy)
{
	(void)data;
	printf("scroll %.2f %.2f\n", dx, dy);
}

static void on_key_repeat(void *data, uint32_t key)
{
	(void)data;
	printf("key %u repeat\n", key);
}

static const struct rl_display_listener listener = {
	.resized = on_resized,
	.close = on_close,
	.focus = on_focus,
	.key = on_key,
	.key_repeat = on_key_repeat,
	.pointer_position = on_pointer,
	.pointer_relative = on_relative,
	.button = on_button,
	.scroll = on_scroll,
};

/* GL's origin is bottom-left: the top half is y >= h / 2. */
static void draw(struct probe *p)
{
	uint32_t w = p->width, h = p->height, hw = w / 2, hh = h / 2;
	const struct { uint32_t x, y, w, h; } box[4] = {
		{ 0, h - hh, hw, hh }, { hw, h - hh, w - hw, hh },
		{ 0, 0, hw, h - hh }, { hw, 0, w - hw, h - hh },
	};
	uint8_t px[4];

	glViewport(0, 0, (GLsizei)w, (GLsizei)h);
	glEnable(GL_SCISSOR_TEST);
	for (int i = 0; i < 4; i++) {
		glScissor((GLint)box[i].x, (GLint)box[i].y, (GLsizei)box[i].w, (GLsizei)box[i].h);
		glClearColor(quadrant_rgb[i][0] / 255.0f, quadrant_rgb[i][1] / 255.0f,
			     quadrant_rgb[i][2] / 255.0f, 1.0f);
		glClear(GL_COLOR_BUFFER_BIT);
	}
	glDisable(GL_SCISSOR_TEST);
	for (int i = 0; i < 4; i++) {
		glReadPixels((GLint)(box[i].x + box[i].w / 2), (GLint)(box[i].y + box[i].h / 2),
			     1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
		if (memcmp(px, quadrant_rgb[i], 3) != 0)
			fail(p, "glReadPixels differs from the cleared colour");
	}
	p->ops->swap(p->d, NULL, 0);
}

static void command(struct probe *p, char *line)
{
	line[strcspn(line, "\r\n")] = '\0';
	if (!strcmp(line, "draw"))
		p->redraw = true;
	else if (!strcmp(line, "fullscreen on") || !strcmp(line, "fullscreen off"))
		p->ops->set_fullscreen(p->d, !strcmp(line, "fullscreen on"));
	else if (!strcmp(line, "capture on") || !strcmp(line, "capture off"))
		p->ops->set_capture(p->d, !strcmp(line, "capture on"));
	else if (!strcmp(line, "idle on") || !strcmp(line, "idle off"))
		p->ops->inhibit_idle(p->d, !strcmp(line, "idle on"));
	else if (!strncmp(line, "title ", 6))
		p->ops->set_title(p->d, line + 6);
	else if (!strcmp(line, "quit"))
		p->quit = true;
	else if (*line)
		fail(p, "unknown command");
	printf("ok %s\n", line);
}

static bool read_commands(struct probe *p)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	char line[256];

	if (poll(&pfd, 1, 0) <= 0)
		return true;
	if (!fgets(line, sizeof(line), stdin))
		return false; /* stdin closed: quit */
	command(p, line);
	return true;
}

int main(int argc, char **argv)
{
	struct rl_display_params params = { .title = "rl-wl-probe", .vsync = true };
	struct probe p = { .ops = &rl_display_wayland };
	struct rl_log log;

	setvbuf(stdout, NULL, _IOLBF, 0);
	setvbuf(stdin, NULL, _IONBF, 0);
	rl_log_init(&log, "rl-wl-probe");
	log.level = RL_LOG_DEBUG;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc) {
			if (sscanf(argv[++i], "%ux%u", &params.width, &params.height) != 2)
				return 2;
		} else if (!strcmp(argv[i], "--fullscreen")) {
			params.fullscreen = true;
		} else if (!strcmp(argv[i], "--borderless")) {
			params.borderless = true;
		} else if (!strcmp(argv[i], "--no-vsync")) {
			params.vsync = false;
		} else {
			fprintf(stderr, "usage: rl-wl-probe [--size WxH] [--fullscreen] "
				"[--borderless] [--no-vsync]\n");
			return 2;
		}
	}
	if (!p.ops->available()) {
		fprintf(stderr, "rl-wl-probe: WAYLAND_DISPLAY is not set\n");
		return 1;
	}
	p.d = p.ops->create(&params, NULL, &listener, &p, &log);
	if (!p.d)
		return 1;
	if (p.ops->egl_display(p.d) == NULL)
		fail(&p, "no EGL display");
	p.ops->size(p.d, &p.width, &p.height);
	printf("ready %ux%u\n", p.width, p.height);
	p.redraw = true;
	while (!p.quit) {
		if (p.redraw) {
			p.redraw = false;
			draw(&p);
			/* with vsync the second swap waits for the first frame's callback */
			draw(&p);
			printf("drawn %ux%u\n", p.width, p.height);
		}
		p.ops->wait(p.d, 20 * RL_NS_PER_MS, NULL, 0);
		if (!read_commands(&p))
			break;
	}
	p.ops->destroy(p.d);
	return p.failed ? 1 : 0;
}
