/* SPDX-License-Identifier: MIT */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sink(void *data, enum rl_log_level level, const char *line)
{
	struct log_capture *c = data;
	size_t used = strlen(c->all);

	if (level <= RL_LOG_WARN) {
		c->lines++;
		snprintf(c->last, sizeof(c->last), "%s", line);
	} else {
		c->info_lines++;
	}
	if (used + strlen(line) + 2 < sizeof(c->all))
		snprintf(c->all + used, sizeof(c->all) - used, "%s\n", line);
}

void harness_log_reset(struct harness *h)
{
	h->cap.lines = 0;
	h->cap.info_lines = 0;
	h->cap.last[0] = 0;
	h->cap.all[0] = 0;
}

bool harness_logged(const struct harness *h, const char *needle)
{
	return strstr(h->cap.all, needle) != NULL;
}

int harness_init(struct harness *h, bool es)
{
	static const EGLint es_attrs[] = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_NONE };
	static const EGLint gl_attrs[] = { EGL_NONE };
	EGLConfig cfg = EGL_NO_CONFIG_KHR;
	EGLint major, minor, n = 0;
	const EGLint cfg_attrs[] = {
		EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
		EGL_RENDERABLE_TYPE, es ? EGL_OPENGL_ES3_BIT : EGL_OPENGL_BIT,
		EGL_NONE,
	};

	memset(h, 0, sizeof(*h));
	rl_log_init(&h->cap.log, "test");
	h->cap.log.level = RL_LOG_DEBUG;
	h->cap.log.sink = sink;
	h->cap.log.sink_data = &h->cap;
	if (getenv("RL_TEST_QUIET"))
		h->cap.log.out = NULL;

	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless")) {
		fprintf(stderr, "FAIL: EGL has no EGL_MESA_platform_surfaceless (install libegl-mesa0, see tests/render/packages.txt)\n");
		return 1;
	}
	h->dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA,
					  EGL_DEFAULT_DISPLAY, NULL);
	if (h->dpy == EGL_NO_DISPLAY || !eglInitialize(h->dpy, &major, &minor)) {
		fprintf(stderr, "FAIL: surfaceless eglInitialize (0x%x)\n", eglGetError());
		return 1;
	}
	if (!eglBindAPI(es ? EGL_OPENGL_ES_API : EGL_OPENGL_API)) {
		fprintf(stderr, "FAIL: eglBindAPI (0x%x)\n", eglGetError());
		return 1;
	}
	if (!epoxy_has_egl_extension(h->dpy, "EGL_KHR_no_config_context") &&
	    (!eglChooseConfig(h->dpy, cfg_attrs, &cfg, 1, &n) || n < 1)) {
		fprintf(stderr, "FAIL: no EGL config\n");
		return 1;
	}
	h->ctx = eglCreateContext(h->dpy, cfg, EGL_NO_CONTEXT, es ? es_attrs : gl_attrs);
	if (h->ctx == EGL_NO_CONTEXT) {
		fprintf(stderr, "FAIL: eglCreateContext (0x%x)\n", eglGetError());
		return 1;
	}
	if (!eglMakeCurrent(h->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, h->ctx)) {
		fprintf(stderr, "FAIL: eglMakeCurrent (0x%x)\n", eglGetError());
		return 1;
	}
	return 0;
}

void harness_finish(struct harness *h)
{
	if (h->ctx != EGL_NO_CONTEXT && eglGetCurrentContext() == h->ctx) {
		if (h->rb)
			glDeleteRenderbuffers(1, &h->rb);
		if (h->fbo)
			glDeleteFramebuffers(1, &h->fbo);
	}
	/*
	 * The display is left initialised: it is shared by every harness in
	 * the process (one per platform), and eglTerminate() unloads Mesa's
	 * driver, after which LeakSanitizer reports the driver's own
	 * never-freed allocations (from an "unknown module") as leaks.
	 */
	if (h->dpy != EGL_NO_DISPLAY) {
		if (eglGetCurrentContext() == h->ctx)
			eglMakeCurrent(h->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
				       EGL_NO_CONTEXT);
		if (h->ctx != EGL_NO_CONTEXT)
			eglDestroyContext(h->dpy, h->ctx);
	}
	h->ctx = EGL_NO_CONTEXT;
	h->dpy = EGL_NO_DISPLAY;
}

bool harness_target(struct harness *h, uint32_t width, uint32_t height)
{
	if (!h->fbo)
		glGenFramebuffers(1, &h->fbo);
	if (!h->rb)
		glGenRenderbuffers(1, &h->rb);
	glBindRenderbuffer(GL_RENDERBUFFER, h->rb);
	glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, (GLsizei)width, (GLsizei)height);
	glBindFramebuffer(GL_FRAMEBUFFER, h->fbo);
	glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
				  GL_RENDERBUFFER, h->rb);
	if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
		fprintf(stderr, "FAIL: %ux%u framebuffer incomplete\n", width, height);
		return false;
	}
	h->width = width;
	h->height = height;
	return true;
}

uint8_t *harness_read(struct harness *h)
{
	size_t row = (size_t)h->width * 4;
	uint8_t *up = malloc(row * h->height), *down = malloc(row * h->height);

	if (!up || !down) {
		free(up);
		free(down);
		return NULL;
	}
	glBindFramebuffer(GL_READ_FRAMEBUFFER, h->fbo);
	glPixelStorei(GL_PACK_ALIGNMENT, 4);
	glReadPixels(0, 0, (GLsizei)h->width, (GLsizei)h->height, GL_RGBA,
		     GL_UNSIGNED_BYTE, up);
	/* GL's row 0 is the bottom */
	for (uint32_t y = 0; y < h->height; y++)
		memcpy(down + y * row, up + (size_t)(h->height - 1 - y) * row, row);
	free(up);
	return down;
}
