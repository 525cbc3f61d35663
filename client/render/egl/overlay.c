/* SPDX-License-Identifier: MIT */
/*
 * The stats overlay, top-left over the frame on a translucent panel:
 *   FPS (renders/s) and UPS (new frames/s)
 *   a stacked bar per frame of the history (newest at the right), one
 *   colour per stage, scaled to a round number of milliseconds
 *   a legend: each stage's colour, name and mean over the history
 */
#include <math.h>
#include <stdio.h>

#include "egl.h"

#define PAD 8.0f
#define GRAPH_W ((float)RL_OVERLAY_HISTORY)
#define GRAPH_H 72.0f
#define N_STAGES 5

static const struct {
	const char *name;
	struct rgba colour;
} stages[N_STAGES] = {
	{ "capture\xe2\x86\x92publish", { 0xF0, 0x8C, 0x28, 0xFF } }, /* orange */
	{ "publish\xe2\x86\x92seen", { 0xE6, 0xDC, 0x32, 0xFF } },    /* yellow */
	{ "upload", { 0x3C, 0xC8, 0x5A, 0xFF } },                     /* green */
	{ "draw", { 0x46, 0x8C, 0xF0, 0xFF } },                       /* blue */
	{ "swap", { 0xD2, 0x5A, 0xDC, 0xFF } },                       /* magenta */
};

static const struct rgba panel = { 0x00, 0x00, 0x00, 0x99 };
static const struct rgba graph_bg = { 0x30, 0x30, 0x30, 0x99 };
static const struct rgba text = { 0xF0, 0xF0, 0xF0, 0xFF };
static const struct rgba dim = { 0xA0, 0xA0, 0xA0, 0xFF };

/* Stage i of t; negative (unknown) as 0. */
static float stage_ms(const struct rl_frame_timing *t, int i)
{
	float v = 0;

	switch (i) {
	case 0: v = t->capture_to_publish; break;
	case 1: v = t->publish_to_observed; break;
	case 2: v = t->upload; break;
	case 3: v = t->draw; break;
	default: v = t->swap; break;
	}
	return v > 0 ? v : 0; /* also turns NaN into 0 */
}

/* The smallest of a few round scales holding max_ms. */
static float graph_scale(float max_ms)
{
	static const float scales[] = { 5, 10, 20, 33.3f, 50, 100, 250, 500, 1000 };

	for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
		if (max_ms <= scales[i])
			return scales[i];
	return 1000;
}

void egl_overlay_draw(struct egl_renderer *r, uint32_t width, uint32_t height,
		      const struct rl_overlay *o)
{
	const struct font *f = &r->atlas.small;
	const struct atlas *a = &r->atlas;
	struct ui_batch *b = &r->batch;
	uint32_t count = o->count > RL_OVERLAY_HISTORY ? RL_OVERLAY_HISTORY : o->count;
	uint32_t head = o->head % RL_OVERLAY_HISTORY;
	double sum[N_STAGES] = { 0 };
	uint32_t known[N_STAGES] = { 0 };
	float max_total = 0, scale, line = (float)f->line_h;
	float x = PAD, y = PAD, gx, gy, panel_w, panel_h, value_x;
	char buf[96];

	for (uint32_t k = 0; k < count; k++) {
		const struct rl_frame_timing *t =
			&o->history[(head + RL_OVERLAY_HISTORY - k) % RL_OVERLAY_HISTORY];
		float total = 0;

		for (int i = 0; i < N_STAGES; i++) {
			float v = stage_ms(t, i);

			total += v;
			if (i != 1 || t->publish_to_observed >= 0) {
				sum[i] += v;
				known[i]++;
			}
		}
		if (total > max_total)
			max_total = total;
	}
	scale = graph_scale(max_total);

	panel_w = GRAPH_W + 2 * PAD;
	panel_h = PAD + line + 4 + GRAPH_H + 4 + line * (1 + N_STAGES) + PAD;
	for (size_t i = 0; i < sizeof(o->lines) / sizeof(o->lines[0]); i++) {
		if (o->lines[i][0]) {
			float lw = egl_text_width(f, o->lines[i]) + 2 * PAD;

			panel_h += line;
			if (lw > panel_w)
				panel_w = lw;
		}
	}
	egl_batch_rect(b, a, x, y, panel_w, panel_h, panel);
	x += PAD;
	y += PAD;

	snprintf(buf, sizeof(buf), "FPS %6.1f   UPS %6.1f", (double)o->fps,
		 (double)o->ups);
	egl_batch_text(b, a, f, x, y, buf, text);
	y += line + 4;

	gx = x;
	gy = y;
	egl_batch_rect(b, a, gx, gy, GRAPH_W, GRAPH_H, graph_bg);
	/* newest at the right edge, one pixel column per frame */
	for (uint32_t k = 0; k < count; k++) {
		const struct rl_frame_timing *t =
			&o->history[(head + RL_OVERLAY_HISTORY - k) % RL_OVERLAY_HISTORY];
		float col = gx + GRAPH_W - 1 - (float)k, cum = 0, below = 0;

		/* boundaries on whole pixels, so the stack has clean edges */
		for (int i = 0; i < N_STAGES; i++) {
			float top;

			cum += stage_ms(t, i);
			top = floorf(cum / scale * GRAPH_H + 0.5f);
			if (top > GRAPH_H)
				top = GRAPH_H;
			egl_batch_rect(b, a, col, gy + GRAPH_H - top, 1, top - below,
				       stages[i].colour);
			below = top;
		}
	}
	y += GRAPH_H + 4;
	snprintf(buf, sizeof(buf), "last %u frames, top = %g ms", count,
		 (double)scale);
	egl_batch_text(b, a, f, x, y, buf, dim);
	y += line;

	value_x = egl_text_width(f, "capture\xe2\x86\x92publish  ");
	for (int i = 0; i < N_STAGES; i++) {
		float sq = (float)(f->ascent > 4 ? f->ascent - 2 : 4);

		egl_batch_rect(b, a, x, y + (line - sq) / 2, sq, sq, stages[i].colour);
		egl_batch_text(b, a, f, x + sq + 6, y, stages[i].name, text);
		if (known[i])
			snprintf(buf, sizeof(buf), "%7.2f ms", sum[i] / known[i]);
		else
			snprintf(buf, sizeof(buf), "    n/a");
		egl_batch_text(b, a, f, x + sq + 6 + value_x, y, buf, text);
		y += line;
	}

	for (size_t i = 0; i < sizeof(o->lines) / sizeof(o->lines[0]); i++) {
		if (o->lines[i][0]) {
			egl_batch_text(b, a, f, x, y, o->lines[i], text);
			y += line;
		}
	}

	if (b->oom && !r->logged_batch_oom) {
		rl_err(r->log, "renderer: out of memory for overlay vertices");
		r->logged_batch_oom = true;
	}
	egl_batch_flush(b, &r->ui, a, width, height);
}

/* The notice: one line top-right, on red (alert) or amber, always on top. */
void egl_notice_draw(struct egl_renderer *r, uint32_t width, uint32_t height)
{
	static const struct rgba red = { 0xC8, 0x10, 0x10, 0xE6 };
	static const struct rgba amber = { 0xB0, 0x70, 0x00, 0xE6 };
	const struct font *f = &r->atlas.small;
	struct ui_batch *b = &r->batch;
	float tw = egl_text_width(f, r->notice), bw = tw + 2 * PAD,
	      bh = (float)f->line_h + 2 * PAD, x = floorf((float)width - bw - PAD);

	if (x < 0)
		x = 0;
	egl_batch_rect(b, &r->atlas, x, PAD, bw, bh, r->notice_alert ? red : amber);
	egl_batch_text(b, &r->atlas, f, x + PAD, 2 * PAD, r->notice, text);
	if (b->oom && !r->logged_batch_oom) {
		rl_err(r->log, "renderer: out of memory for the notice");
		r->logged_batch_oom = true;
	}
	egl_batch_flush(b, &r->ui, &r->atlas, width, height);
}
