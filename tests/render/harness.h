/* SPDX-License-Identifier: MIT */
/*
 * A GLES 3 context without any display (EGL_MESA_platform_surfaceless),
 * an RGBA8 framebuffer to draw into and read back, and a log that counts
 * what the code under test said. Shared by test_render and bench_render.
 */
#ifndef RELAY_TESTS_RENDER_HARNESS_H
#define RELAY_TESTS_RENDER_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include "relay/log.h"

struct log_capture {
	struct rl_log log;
	unsigned lines;      /* warn and error lines */
	unsigned info_lines;
	char last[512];      /* the last warn/error line */
	char all[8192];      /* every line, newline-separated (truncated) */
};

struct harness {
	EGLDisplay dpy;
	EGLContext ctx;
	GLuint fbo, rb;
	uint32_t width, height;
	struct log_capture cap;
};

/*
 * Make a surfaceless GLES 3 (es = true) or desktop OpenGL context current.
 * Returns 0, 77 when this EGL has no surfaceless platform (skip), or 1.
 */
int harness_init(struct harness *h, bool es);
void harness_finish(struct harness *h);
/* (Re)create the draw framebuffer as width x height RGBA8 and bind it. */
bool harness_target(struct harness *h, uint32_t width, uint32_t height);
/* Read the framebuffer, top row first, RGBA8; caller frees. */
uint8_t *harness_read(struct harness *h);
void harness_log_reset(struct harness *h);
/* Does any logged line contain needle? */
bool harness_logged(const struct harness *h, const char *needle);

#endif /* RELAY_TESTS_RENDER_HARNESS_H */
