/* SPDX-License-Identifier: MIT */
/*
 * The renderer seam: draws the guest's frame, its cursor, status screens
 * and the stats overlay into the current GLES 3 context. One backend
 * (render/egl/) exporting `const struct rl_renderer_ops rl_renderer_egl`.
 *
 * Context: every op runs on the client thread with the display's GL
 * context current (the offscreen tests make a surfaceless one current).
 */
#ifndef RELAY_CLIENT_RENDER_H
#define RELAY_CLIENT_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/log.h"
#include "relay/ring.h"

enum rl_scale_mode {
	RL_SCALE_FIT,         /* as large as fits, aspect kept, letterboxed */
	RL_SCALE_INTEGER,     /* largest whole multiple that fits (1x at least) */
	RL_SCALE_NO_UPSCALE,  /* fit, but never larger than 1:1 */
	RL_SCALE_STRETCH,     /* fill the window, aspect ignored */
};

enum rl_filter {
	RL_FILTER_LINEAR,
	RL_FILTER_NEAREST,
};

struct rl_render_params {
	enum rl_scale_mode scale;
	enum rl_filter filter;
	void *egl_display; /* EGLDisplay for DMA-buf import; NULL disables it */
};

/* Where the frame is drawn in the drawable (pixels, origin top-left). */
struct rl_viewport {
	int32_t x;
	int32_t y;
	uint32_t width;
	uint32_t height;
};

/* Per-frame stage times for the overlay graph, in milliseconds. */
struct rl_frame_timing {
	float capture_to_publish; /* host clock */
	float publish_to_observed;/* <0 when the clocks are not comparable */
	float upload;
	float draw;
	float swap;
};

#define RL_OVERLAY_HISTORY 256

struct rl_overlay {
	float fps; /* renders per second */
	float ups; /* new frames per second */
	uint32_t count;                /* valid entries in history */
	uint32_t head;                 /* index of the newest */
	struct rl_frame_timing history[RL_OVERLAY_HISTORY];
	char lines[2][192];            /* more figures under the graph ("" = none): audio */
};

struct rl_renderer {
	const struct rl_renderer_ops *impl;
};

struct rl_renderer_ops {
	const char *name;
	/* NULL (logged) when the context lacks what the renderer needs. */
	struct rl_renderer *(*create)(const struct rl_render_params *params,
				      const struct rl_log *log);
	void (*destroy)(struct rl_renderer *r); /* accepts NULL */
	/*
	 * Bring the frame texture up to date with f: only f->damage is
	 * uploaded, everything on the first frame or a size/format change.
	 * False (logged once per format) for a format it cannot show.
	 */
	bool (*upload)(struct rl_renderer *r, const struct rl_frame *f);
	/*
	 * Optional (NULL when unsupported). Copy f's damaged pixels GPU-side
	 * from a DMA-buf holding the frame at `offset` with f's pitch (fd
	 * ownership stays with the caller; the renderer may cache imports per
	 * fd). False when the import is impossible: the caller falls back to
	 * upload(), and the renderer logs the reason once.
	 */
	bool (*upload_dmabuf)(struct rl_renderer *r, int fd, uint64_t offset,
			      uint32_t pitch, const struct rl_frame *f);
	/* A new cursor shape (all three protocol types). */
	void (*cursor_shape)(struct rl_renderer *r, const struct rl_cursor *cur);
	/* Cursor hotspot position in frame pixels, and visibility. */
	void (*cursor_move)(struct rl_renderer *r, int32_t x, int32_t y, bool visible);
	/* Status text drawn centred instead of the frame; NULL shows the frame. */
	void (*set_status)(struct rl_renderer *r, const char *text);
	/*
	 * A one-line notice drawn top-right over everything, overlay or not
	 * (the microphone is live; the guest asks for it); NULL = none.
	 * alert: on red, else on amber.
	 */
	void (*set_notice)(struct rl_renderer *r, const char *text, bool alert);
	/* Draw everything into the current framebuffer of width x height. */
	void (*draw)(struct rl_renderer *r, uint32_t width, uint32_t height,
		     const struct rl_overlay *overlay /* NULL = hidden */);
	/* Where draw() puts the frame in a width x height drawable. */
	struct rl_viewport (*viewport)(struct rl_renderer *r, uint32_t width,
				       uint32_t height);
};

extern const struct rl_renderer_ops rl_renderer_egl;

#endif /* RELAY_CLIENT_RENDER_H */
