/* SPDX-License-Identifier: MIT */
/*
 * The EGL/GLES 3 renderer: the frame lives in one texture updated rect by
 * rect from the frame's damage, drawn as a quad placed by
 * rl_viewport_compute(); the cursor, status text and overlay are drawn on
 * top. See docs/renderer.md.
 */
#include <stdlib.h>
#include <string.h>

#include <drm_fourcc.h>

#include "egl.h"
#include "relay/downcast.h"
#include "relay/format.h"
#include "viewport.h"

/* BGRA without GL_EXT_texture_format_BGRA8888: RGBA storage, swizzled. */
static const struct tex_format fmt_bgra_swizzled = {
	RL_FMT_BGRA8, 4, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, true,
	DRM_FORMAT_ABGR8888,
};

static const struct tex_format formats[] = {
	{ RL_FMT_BGRA8, 4, GL_BGRA_EXT, GL_BGRA_EXT, GL_UNSIGNED_BYTE, false,
	  DRM_FORMAT_ARGB8888 },
	{ RL_FMT_RGBA8, 4, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, false,
	  DRM_FORMAT_ABGR8888 },
	/* 32-bit LE word, R in bits 0-9: GL's 2_10_10_10_REV with RGBA */
	{ RL_FMT_RGBA10, 4, GL_RGB10_A2, GL_RGBA,
	  GL_UNSIGNED_INT_2_10_10_10_REV, false, DRM_FORMAT_ABGR2101010 },
	{ RL_FMT_RGBA16F, 8, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT, false,
	  DRM_FORMAT_ABGR16161616F },
};

struct egl_renderer *egl_renderer(struct rl_renderer *base)
{
	return RL_DOWNCAST(struct egl_renderer, base, &rl_renderer_egl);
}

const struct tex_format *egl_tex_format(const struct egl_renderer *r,
					uint32_t rl_format)
{
	if (rl_format == RL_FMT_BGRA8 && !r->bgra_ext)
		return &fmt_bgra_swizzled;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].rl == rl_format)
			return &formats[i];
	return NULL;
}

static GLint gl_filter(enum rl_filter f)
{
	return f == RL_FILTER_NEAREST ? GL_NEAREST : GL_LINEAR;
}

bool egl_frame_ensure(struct egl_renderer *r, const struct tex_format *tf,
		      uint32_t width, uint32_t height)
{
	if (r->frame_fmt == tf && r->frame_w == width && r->frame_h == height)
		return true;

	glBindTexture(GL_TEXTURE_2D, r->frame_tex);
	glTexImage2D(GL_TEXTURE_2D, 0, tf->internal, (GLsizei)width,
		     (GLsizei)height, 0, tf->format, tf->type, NULL);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_R,
			tf->swap_rb ? GL_BLUE : GL_RED);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_B,
			tf->swap_rb ? GL_RED : GL_BLUE);
	r->frame_fmt = tf;
	r->frame_w = width;
	r->frame_h = height;
	r->frame_complete = false;
	return false;
}

/*
 * Upload one rect of f. Rows are pitch bytes apart: GL_UNPACK_ROW_LENGTH
 * says so when pitch is a whole number of pixels (every bpp is a multiple
 * of 4, so alignment 4 adds no padding); otherwise row by row.
 */
static void upload_rect(const struct tex_format *tf, const struct rl_frame *f,
			struct rl_rect rc)
{
	const uint8_t *p = f->pixels + (size_t)rc.y * f->pitch +
			   (size_t)rc.x * tf->bpp;

	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	if (f->pitch % tf->bpp == 0) {
		glPixelStorei(GL_UNPACK_ROW_LENGTH, (GLint)(f->pitch / tf->bpp));
		glTexSubImage2D(GL_TEXTURE_2D, 0, (GLint)rc.x, (GLint)rc.y,
				(GLsizei)rc.w, (GLsizei)rc.h, tf->format,
				tf->type, p);
		glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
		return;
	}
	glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
	for (uint32_t i = 0; i < rc.h; i++)
		glTexSubImage2D(GL_TEXTURE_2D, 0, (GLint)rc.x,
				(GLint)(rc.y + i), (GLsizei)rc.w, 1,
				tf->format, tf->type, p + (size_t)i * f->pitch);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
}

static bool frame_valid(struct egl_renderer *r, const struct rl_frame *f,
			const struct tex_format *tf)
{
	const char *why = NULL;
	uint64_t need;

	if (f->width == 0 || f->height == 0)
		why = "it is empty";
	else if (f->width > (uint32_t)r->max_tex || f->height > (uint32_t)r->max_tex)
		why = "it exceeds GL_MAX_TEXTURE_SIZE";
	else if (!f->pixels)
		why = "it has no pixels";
	else if ((uint64_t)f->pitch < (uint64_t)f->width * tf->bpp)
		why = "its pitch is smaller than a row";
	if (!why) {
		need = (uint64_t)f->pitch * (f->height - 1) +
		       (uint64_t)f->width * tf->bpp;
		if (need > f->capacity)
			why = "its pixel buffer is smaller than pitch x height";
	}
	if (!why)
		return true;
	if (!r->logged_bad_frame)
		rl_err(r->log, "renderer: frame %llu (%ux%u, pitch %u) not shown: %s",
		       (unsigned long long)f->serial, f->width, f->height,
		       f->pitch, why);
	r->logged_bad_frame = true;
	return false;
}

static bool egl_upload(struct rl_renderer *base, const struct rl_frame *f)
{
	struct egl_renderer *r = egl_renderer(base);
	const struct tex_format *tf;
	bool full;
	uint32_t bit;

	if (!r || !f)
		return false;
	tf = egl_tex_format(r, f->format);
	if (!tf) {
		bit = f->format < 31 ? 1u << f->format : 1u << 31;
		if (!(r->rejected_formats & bit))
			rl_err(r->log, "renderer: frame format %u (%s) is not supported "
			       "(supported: bgra, rgba, rgba10, rgba16f); frames in it are not shown",
			       f->format, rl_format_name(f->format));
		r->rejected_formats |= bit;
		return false;
	}
	if (!frame_valid(r, f, tf))
		return false;

	full = !egl_frame_ensure(r, tf, f->width, f->height) ||
	       !r->frame_complete || f->damage.full ||
	       f->damage.count > RL_MAX_DAMAGE;
	for (uint32_t i = 0; !full && i < f->damage.count; i++)
		if (!rl_rect_inside(f->damage.rects[i], f->width, f->height))
			full = true; /* cannot trust it: take everything */

	glBindTexture(GL_TEXTURE_2D, r->frame_tex);
	if (full) {
		struct rl_rect all = { 0, 0, f->width, f->height };
		upload_rect(tf, f, all);
	} else {
		for (uint32_t i = 0; i < f->damage.count; i++)
			upload_rect(tf, f, f->damage.rects[i]);
	}
	r->frame_complete = true;
	r->cursor_baked = (f->flags & RL_FRAME_F_CURSOR_BAKED) != 0;
	return true;
}

static struct rl_viewport egl_viewport(struct rl_renderer *base,
				       uint32_t width, uint32_t height)
{
	struct egl_renderer *r = egl_renderer(base);
	struct rl_viewport none = { 0, 0, 0, 0 };

	if (!r || !r->frame_fmt)
		return none;
	return rl_viewport_compute(r->params.scale, r->frame_w, r->frame_h,
				   width, height);
}

static void egl_set_status(struct rl_renderer *base, const char *text)
{
	struct egl_renderer *r = egl_renderer(base);

	if (!r)
		return;
	if (text && r->status && strcmp(text, r->status) == 0)
		return;
	free(r->status);
	r->status = NULL;
	if (!text)
		return;
	r->status = strdup(text);
	if (!r->status)
		rl_err(r->log, "renderer: out of memory for the status text \"%s\"", text);
}

static void egl_set_notice(struct rl_renderer *base, const char *text, bool alert)
{
	struct egl_renderer *r = egl_renderer(base);

	if (!r)
		return;
	r->notice_alert = alert;
	if (text && r->notice && strcmp(text, r->notice) == 0)
		return;
	free(r->notice);
	r->notice = text ? strdup(text) : NULL;
	if (text && !r->notice)
		rl_err(r->log, "renderer: out of memory for the notice \"%s\"", text);
}

static void draw_frame(struct egl_renderer *r, uint32_t width, uint32_t height,
		       struct rl_viewport vp)
{
	float w = (float)width, h = (float)height;

	glUseProgram(r->quad.prog);
	glBindVertexArray(r->vao_empty);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, r->frame_tex);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, gl_filter(r->params.filter));
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, gl_filter(r->params.filter));
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	glUniform1i(r->quad.tex, 0);
	glUniform1i(r->quad.mode, QUAD_OPAQUE);
	glUniform4f(r->quad.dst, (float)vp.x / w * 2.0f - 1.0f,
		    1.0f - (float)vp.y / h * 2.0f,
		    (float)(vp.x + (int64_t)vp.width) / w * 2.0f - 1.0f,
		    1.0f - (float)(vp.y + (int64_t)vp.height) / h * 2.0f);
	glUniform4f(r->quad.src, 0.0f, 0.0f, 1.0f, 1.0f);
	glDisable(GL_BLEND);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

static void egl_draw(struct rl_renderer *base, uint32_t width, uint32_t height,
		     const struct rl_overlay *overlay)
{
	struct egl_renderer *r = egl_renderer(base);
	struct rl_viewport vp;

	if (!r || width == 0 || height == 0)
		return;

	/* Set every piece of state we rely on: the display may share the context. */
	glViewport(0, 0, (GLsizei)width, (GLsizei)height);
	glDisable(GL_SCISSOR_TEST);
	glDisable(GL_DEPTH_TEST);
	glDisable(GL_STENCIL_TEST);
	glDisable(GL_CULL_FACE);
	glDisable(GL_BLEND);
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);

	if (r->status) {
		glClearColor(EGL_STATUS_BG_R / 255.0f, EGL_STATUS_BG_G / 255.0f,
			     EGL_STATUS_BG_B / 255.0f, 1.0f);
		glClear(GL_COLOR_BUFFER_BIT);
		egl_status_draw(r, width, height);
	} else {
		glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
		glClear(GL_COLOR_BUFFER_BIT);
		vp = egl_viewport(base, width, height);
		if (r->frame_fmt && r->frame_complete && vp.width && vp.height) {
			draw_frame(r, width, height, vp);
			if (!r->cursor_baked)
				egl_cursor_draw(r, width, height, vp);
		}
	}
	if (overlay)
		egl_overlay_draw(r, width, height, overlay);
	if (r->notice)
		egl_notice_draw(r, width, height);

	glDisable(GL_BLEND);
	glDisable(GL_SCISSOR_TEST);
	glBindVertexArray(0);
	glUseProgram(0);
}

static void egl_destroy(struct rl_renderer *base)
{
	struct egl_renderer *r;

	if (!base)
		return;
	r = egl_renderer(base);
	egl_dmabuf_finish(&r->dmabuf);
	egl_cursor_finish(&r->cursor);
	egl_batch_finish(&r->batch);
	egl_atlas_finish(&r->atlas);
	if (r->frame_tex)
		glDeleteTextures(1, &r->frame_tex);
	if (r->vao_empty)
		glDeleteVertexArrays(1, &r->vao_empty);
	egl_programs_finish(&r->quad, &r->ui);
	free(r->status);
	free(r->notice);
	free(r);
}

/* Is the current context OpenGL ES 3.0 or later? Logs why not. */
static bool context_ok(const struct rl_log *log)
{
	int version;

	if (eglGetCurrentContext() == EGL_NO_CONTEXT) {
		rl_err(log, "renderer: no EGL context is current (the display must make its GLES 3 context current first)");
		return false;
	}
	if (epoxy_is_desktop_gl()) {
		rl_err(log, "renderer: the current context is desktop OpenGL (%s); the renderer needs OpenGL ES 3.0 or later",
		       (const char *)glGetString(GL_VERSION));
		return false;
	}
	version = epoxy_gl_version();
	if (version < 30) {
		rl_err(log, "renderer: the context offers OpenGL ES %d.%d (%s); the renderer needs OpenGL ES 3.0 or later",
		       version / 10, version % 10, (const char *)glGetString(GL_VERSION));
		return false;
	}
	return true;
}

static struct rl_renderer *egl_create(const struct rl_render_params *params,
				      const struct rl_log *log)
{
	struct egl_renderer *r;
	const char *env;

	if (!context_ok(log))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r) {
		rl_err(log, "renderer: out of memory");
		return NULL;
	}
	r->base.impl = &rl_renderer_egl;
	r->log = log;
	r->params = *params;

	r->bgra_ext = epoxy_has_gl_extension("GL_EXT_texture_format_BGRA8888");
	env = getenv("RL_RENDER_BGRA");
	if (env && strcmp(env, "swizzle") == 0) {
		rl_info(log, "renderer: RL_RENDER_BGRA=swizzle: BGRA frames use RGBA textures with a swizzle");
		r->bgra_ext = false;
	}
	glGetIntegerv(GL_MAX_TEXTURE_SIZE, &r->max_tex);

	if (!egl_programs_init(&r->quad, &r->ui, log))
		goto out_free;
	glGenVertexArrays(1, &r->vao_empty);
	glGenTextures(1, &r->frame_tex);
	if (!egl_atlas_init(&r->atlas, log))
		goto out_gl;
	if (!egl_batch_init(&r->batch)) {
		rl_err(log, "renderer: cannot create the vertex buffer for text");
		goto out_atlas;
	}
	egl_dmabuf_init(&r->dmabuf, (EGLDisplay)params->egl_display);

	rl_info(log, "renderer: egl on %s (%s); BGRA %s; font %s; DMA-buf import %s",
		(const char *)glGetString(GL_RENDERER),
		(const char *)glGetString(GL_VERSION),
		r->bgra_ext ? "native" : "swizzled", r->atlas.path,
		r->dmabuf.usable ? "available" : "unavailable");
	return &r->base;

out_atlas:
	egl_atlas_finish(&r->atlas);
out_gl:
	glDeleteTextures(1, &r->frame_tex);
	glDeleteVertexArrays(1, &r->vao_empty);
	egl_programs_finish(&r->quad, &r->ui);
out_free:
	free(r);
	return NULL;
}

const struct rl_renderer_ops rl_renderer_egl = {
	.name = "egl",
	.create = egl_create,
	.destroy = egl_destroy,
	.upload = egl_upload,
	.upload_dmabuf = egl_upload_dmabuf,
	.cursor_shape = egl_cursor_shape,
	.cursor_move = egl_cursor_move,
	.set_status = egl_set_status,
	.set_notice = egl_set_notice,
	.draw = egl_draw,
	.viewport = egl_viewport,
};
