/* SPDX-License-Identifier: MIT */
/*
 * Internals of the EGL/GLES 3 renderer, shared by its files:
 *   render.c  ops table, frame texture (CPU upload), scaling, draw
 *   shader.c  the two GLSL ES 3.00 programs
 *   cursor.c  cursor textures and their blend passes
 *   font.c    fontconfig + FreeType glyph atlas
 *   ui.c      2D batches (rects, text), wrapping, status screens
 *   overlay.c the stats overlay
 *   dmabuf.c  EGL_EXT_image_dma_buf_import and the GPU-side copy
 * Context: everything runs on the client thread with the GL context current.
 */
#ifndef RELAY_CLIENT_RENDER_EGL_H
#define RELAY_CLIENT_RENDER_EGL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include "render.h"

/* ---- programs (shader.c) ------------------------------------------------ */

/* u_mode of the quad program: what the fragment shader outputs. */
enum quad_mode {
	QUAD_OPAQUE = 0,   /* texel rgb, alpha 1 (the frame) */
	QUAD_STRAIGHT = 1, /* texel as is (straight alpha cursor) */
	QUAD_AND = 2,      /* texel alpha replicated to rgb (AND mask) */
	QUAD_XOR = 3,      /* texel rgb, alpha 0 (XOR mask) */
};

struct quad_program {
	GLuint prog;
	GLint dst;  /* vec4 x0, y_top, x1, y_bottom in NDC */
	GLint src;  /* vec4 u0, v0, u1, v1 */
	GLint tex;
	GLint mode;
};

struct ui_program {
	GLuint prog;
	GLint size; /* vec2 drawable size in pixels */
	GLint tex;
};

bool egl_programs_init(struct quad_program *quad, struct ui_program *ui,
		       const struct rl_log *log);
void egl_programs_finish(struct quad_program *quad, struct ui_program *ui);

/* ---- glyph atlas (font.c) ------------------------------------------------ */

struct glyph {
	uint32_t cp;
	uint16_t x, y, w, h; /* bitmap in the atlas */
	int16_t left, top;   /* pen to bitmap left, baseline to bitmap top */
	int16_t advance;
};

#define FONT_MAX_GLYPHS 256

struct font {
	uint32_t px;
	int32_t ascent;
	int32_t line_h;
	uint32_t count;
	struct glyph glyphs[FONT_MAX_GLYPHS]; /* sorted by cp */
	const struct glyph *fallback;         /* U+FFFD or '?' */
};

/* One R8 texture holding both fonts and a white block for solid fills. */
struct atlas {
	GLuint tex;
	uint32_t w, h;
	float white_u, white_v;
	struct font big;   /* status screens */
	struct font small; /* overlay */
	char path[256];    /* the font file, for logs */
};

/* Find a monospace font with fontconfig and rasterise it; logged on failure. */
bool egl_atlas_init(struct atlas *a, const struct rl_log *log);
void egl_atlas_finish(struct atlas *a);
const struct glyph *egl_font_glyph(const struct font *f, uint32_t cp);

/* ---- 2D batches (ui.c) --------------------------------------------------- */

struct ui_vertex {
	float x, y;   /* drawable pixels, origin top-left */
	float u, v;   /* atlas */
	uint8_t rgba[4];
};

struct ui_batch {
	struct ui_vertex *v;
	size_t count, cap;
	bool oom;
	GLuint vao, vbo;
};

struct rgba {
	uint8_t r, g, b, a;
};

bool egl_batch_init(struct ui_batch *b);
void egl_batch_finish(struct ui_batch *b);
void egl_batch_rect(struct ui_batch *b, const struct atlas *a, float x,
		    float y, float w, float h, struct rgba c);
/* Draw one line of UTF-8 text with its top-left at (x, y); returns its width. */
float egl_batch_text(struct ui_batch *b, const struct atlas *a,
		     const struct font *f, float x, float y, const char *utf8,
		     struct rgba c);
float egl_text_width(const struct font *f, const char *utf8);
/* Draw and empty the batch into a width x height drawable (blended). */
void egl_batch_flush(struct ui_batch *b, const struct ui_program *p,
		     const struct atlas *a, uint32_t width, uint32_t height);

struct ui_line {
	uint32_t start, len; /* code points */
	float width;
};

/*
 * Break cps[0..n) into lines no wider than max_w (at spaces where possible,
 * inside a word when it alone is too wide; '\n' always breaks). Returns the
 * number of lines written (at most max_lines).
 */
size_t egl_text_wrap(const struct font *f, const uint32_t *cps, size_t n,
		     float max_w, struct ui_line *lines, size_t max_lines);
/* Decode UTF-8 (invalid bytes become U+FFFD); returns code points written. */
size_t egl_utf8_decode(const char *s, uint32_t *out, size_t max);

/* ---- DMA-buf import (dmabuf.c) ------------------------------------------- */

#define DMABUF_CACHE 8

struct dmabuf_import {
	bool used;
	dev_t dev;
	ino_t ino;
	uint64_t offset;
	uint32_t width, height, pitch, fourcc;
	uint64_t last_use;
	EGLImageKHR image;
	GLuint tex, fbo;
};

struct dmabuf {
	EGLDisplay dpy;
	bool usable;         /* extensions present and nothing failed yet */
	bool modifiers;      /* EGL_EXT_image_dma_buf_import_modifiers */
	bool logged;         /* the reason we fall back was logged */
	char why_not[160];   /* set when !usable */
	GLuint dst_fbo;      /* the frame texture as a draw framebuffer */
	uint64_t tick;
	struct dmabuf_import cache[DMABUF_CACHE];
};

struct egl_renderer;

void egl_dmabuf_init(struct dmabuf *d, EGLDisplay dpy);
void egl_dmabuf_finish(struct dmabuf *d);
bool egl_upload_dmabuf(struct rl_renderer *base, int fd, uint64_t offset,
		       uint32_t pitch, const struct rl_frame *f);

/* ---- the renderer -------------------------------------------------------- */

/* How a protocol format lives in a GL texture. */
struct tex_format {
	uint32_t rl;        /* RL_FMT_* */
	uint32_t bpp;
	GLint internal;
	GLenum format, type;
	bool swap_rb;       /* BGRA stored as RGBA: swizzle on sampling */
	uint32_t fourcc;    /* DRM fourcc with the same channel storage */
};

struct cursor {
	GLuint tex;
	bool have;         /* a valid shape is loaded */
	uint32_t type;     /* RL_CURSOR_*; MONOCHROME/MASKED use the mask form */
	uint32_t width, height;
	int32_t hot_x, hot_y;
	int32_t x, y;      /* hotspot, frame pixels */
	bool visible;
	uint64_t bad_serial; /* last invalid shape logged */
};

struct egl_renderer {
	struct rl_renderer base;
	const struct rl_log *log;
	struct rl_render_params params;
	bool bgra_ext;         /* GL_EXT_texture_format_BGRA8888 used */
	GLint max_tex;

	struct quad_program quad;
	struct ui_program ui;
	GLuint vao_empty;      /* the quad program has no attributes */

	/* the frame texture: row 0 is the frame's top row */
	GLuint frame_tex;
	const struct tex_format *frame_fmt; /* NULL: no texture yet */
	uint32_t frame_w, frame_h;
	bool frame_complete;   /* every texel holds frame data */
	bool cursor_baked;     /* RL_FRAME_F_CURSOR_BAKED on the last frame */
	uint32_t rejected_formats; /* bit per format already logged */
	bool logged_bad_frame;
	bool logged_batch_oom;

	struct cursor cursor;
	char *status;
	char *notice;                  /* set_notice(); NULL = none */
	bool notice_alert;
	struct atlas atlas;
	struct ui_batch batch;
	struct dmabuf dmabuf;
};

struct egl_renderer *egl_renderer(struct rl_renderer *base);

/* The texture format for an RL_FMT_*, NULL when unknown. */
const struct tex_format *egl_tex_format(const struct egl_renderer *r,
					uint32_t rl_format);
/*
 * Make the frame texture tf x width x height (content undefined after a
 * change, frame_complete false); true when it already was.
 */
bool egl_frame_ensure(struct egl_renderer *r, const struct tex_format *tf,
		      uint32_t width, uint32_t height);

void egl_cursor_shape(struct rl_renderer *base, const struct rl_cursor *cur);
void egl_cursor_move(struct rl_renderer *base, int32_t x, int32_t y,
		     bool visible);
void egl_cursor_draw(struct egl_renderer *r, uint32_t width, uint32_t height,
		     struct rl_viewport vp);
void egl_cursor_finish(struct cursor *c);

void egl_status_draw(struct egl_renderer *r, uint32_t width, uint32_t height);
void egl_notice_draw(struct egl_renderer *r, uint32_t width, uint32_t height);
void egl_overlay_draw(struct egl_renderer *r, uint32_t width, uint32_t height,
		      const struct rl_overlay *o);

/* Colours of the status screen, pinned by the tests. */
#define EGL_STATUS_BG_R 0x20
#define EGL_STATUS_BG_G 0x22
#define EGL_STATUS_BG_B 0x26

#endif /* RELAY_CLIENT_RENDER_EGL_H */
