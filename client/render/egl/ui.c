/* SPDX-License-Identifier: MIT */
/*
 * 2D drawing for text and the overlay: one vertex batch of quads sampling
 * the glyph atlas (solid fills sample its white block), drawn with one
 * call. Status screens: the text wrapped to the window and centred.
 */
#include <stdlib.h>
#include <string.h>

#include "egl.h"

#define STATUS_MARGIN 24
#define STATUS_MAX_CPS 4096
#define STATUS_MAX_LINES 64

bool egl_batch_init(struct ui_batch *b)
{
	memset(b, 0, sizeof(*b));
	glGenVertexArrays(1, &b->vao);
	glGenBuffers(1, &b->vbo);
	if (!b->vao || !b->vbo) {
		egl_batch_finish(b);
		return false;
	}
	glBindVertexArray(b->vao);
	glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
	glEnableVertexAttribArray(0);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(struct ui_vertex),
			      (const void *)offsetof(struct ui_vertex, x));
	glEnableVertexAttribArray(1);
	glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(struct ui_vertex),
			      (const void *)offsetof(struct ui_vertex, u));
	glEnableVertexAttribArray(2);
	glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(struct ui_vertex),
			      (const void *)offsetof(struct ui_vertex, rgba));
	glBindVertexArray(0);
	glBindBuffer(GL_ARRAY_BUFFER, 0);
	return true;
}

void egl_batch_finish(struct ui_batch *b)
{
	if (b->vbo)
		glDeleteBuffers(1, &b->vbo);
	if (b->vao)
		glDeleteVertexArrays(1, &b->vao);
	free(b->v);
	memset(b, 0, sizeof(*b));
}

static void quad(struct ui_batch *b, float x0, float y0, float x1, float y1,
		 float u0, float v0, float u1, float v1, struct rgba c)
{
	const float corner[6][4] = {
		{ x0, y0, u0, v0 }, { x1, y0, u1, v0 }, { x0, y1, u0, v1 },
		{ x1, y0, u1, v0 }, { x1, y1, u1, v1 }, { x0, y1, u0, v1 },
	};

	if (b->count + 6 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		struct ui_vertex *v = realloc(b->v, cap * sizeof(*v));

		if (!v) {
			b->oom = true;
			return;
		}
		b->v = v;
		b->cap = cap;
	}
	for (int i = 0; i < 6; i++) {
		struct ui_vertex *v = &b->v[b->count++];

		v->x = corner[i][0];
		v->y = corner[i][1];
		v->u = corner[i][2];
		v->v = corner[i][3];
		v->rgba[0] = c.r;
		v->rgba[1] = c.g;
		v->rgba[2] = c.b;
		v->rgba[3] = c.a;
	}
}

void egl_batch_rect(struct ui_batch *b, const struct atlas *a, float x,
		    float y, float w, float h, struct rgba c)
{
	if (w <= 0 || h <= 0)
		return;
	quad(b, x, y, x + w, y + h, a->white_u, a->white_v, a->white_u,
	     a->white_v, c);
}

size_t egl_utf8_decode(const char *s, uint32_t *out, size_t max)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = 0;

	while (*p && n < max) {
		uint32_t cp, min;
		int extra;

		if (*p < 0x80) {
			cp = *p;
			extra = 0;
			min = 0;
		} else if ((*p & 0xE0) == 0xC0) {
			cp = *p & 0x1Fu;
			extra = 1;
			min = 0x80;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = *p & 0x0Fu;
			extra = 2;
			min = 0x800;
		} else if ((*p & 0xF8) == 0xF0) {
			cp = *p & 0x07u;
			extra = 3;
			min = 0x10000;
		} else {
			out[n++] = 0xFFFD;
			p++;
			continue;
		}
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xC0) != 0x80) {
				cp = 0xFFFD; /* truncated: resume at this byte */
				extra = -1;
				break;
			}
			cp = (cp << 6) | (*p & 0x3Fu);
		}
		if (extra >= 0 && (cp < min || cp > 0x10FFFF ||
				   (cp >= 0xD800 && cp <= 0xDFFF)))
			cp = 0xFFFD;
		out[n++] = cp;
	}
	return n;
}

static const struct glyph *glyph_of(const struct font *f, uint32_t cp)
{
	const struct glyph *g = egl_font_glyph(f, cp);

	return g ? g : f->fallback;
}

static float advance(const struct font *f, uint32_t cp)
{
	return cp == '\n' ? 0.0f : (float)glyph_of(f, cp)->advance;
}

static float draw_cps(struct ui_batch *b, const struct atlas *a,
		      const struct font *f, float x, float y,
		      const uint32_t *cps, size_t n, struct rgba c)
{
	float pen = x, base = y + (float)f->ascent;

	for (size_t i = 0; i < n; i++) {
		const struct glyph *g;

		if (cps[i] == '\n')
			continue;
		g = glyph_of(f, cps[i]);
		if (g->w && g->h) {
			float gx = pen + g->left, gy = base - g->top;

			quad(b, gx, gy, gx + g->w, gy + g->h,
			     (float)g->x / a->w, (float)g->y / a->h,
			     (float)(g->x + g->w) / a->w,
			     (float)(g->y + g->h) / a->h, c);
		}
		pen += g->advance;
	}
	return pen - x;
}

float egl_batch_text(struct ui_batch *b, const struct atlas *a,
		     const struct font *f, float x, float y, const char *utf8,
		     struct rgba c)
{
	uint32_t cps[256];
	size_t n = egl_utf8_decode(utf8, cps, sizeof(cps) / sizeof(cps[0]));

	return draw_cps(b, a, f, x, y, cps, n, c);
}

float egl_text_width(const struct font *f, const char *utf8)
{
	uint32_t cps[256];
	size_t n = egl_utf8_decode(utf8, cps, sizeof(cps) / sizeof(cps[0]));
	float w = 0;

	for (size_t i = 0; i < n; i++)
		w += advance(f, cps[i]);
	return w;
}

size_t egl_text_wrap(const struct font *f, const uint32_t *cps, size_t n,
		     float max_w, struct ui_line *lines, size_t max_lines)
{
	size_t count = 0, i = 0;
	bool soft = false; /* the previous line ended at a width break */

	while (i < n && count < max_lines) {
		size_t start, end, brk = 0;
		float w = 0, w_at_brk = 0;

		/* a wrapped line does not start with the spaces it broke at */
		while (soft && i < n && cps[i] == ' ')
			i++;
		soft = false;
		start = i;
		while (i < n && cps[i] != '\n') {
			float adv = advance(f, cps[i]);

			if (w + adv > max_w && i > start) {
				if (brk > start) {
					i = brk;
					w = w_at_brk;
				}
				soft = true;
				break;
			}
			if (cps[i] == ' ' && i > start) {
				brk = i;
				w_at_brk = w;
			}
			w += adv;
			i++;
		}
		end = i;
		/* trailing spaces take no room */
		while (end > start && cps[end - 1] == ' ') {
			end--;
			w -= advance(f, ' ');
		}
		lines[count].start = (uint32_t)start;
		lines[count].len = (uint32_t)(end - start);
		lines[count].width = w;
		count++;
		if (!soft && i < n && cps[i] == '\n')
			i++;
	}
	return count;
}

void egl_batch_flush(struct ui_batch *b, const struct ui_program *p,
		     const struct atlas *a, uint32_t width, uint32_t height)
{
	if (b->count && !b->oom) {
		glUseProgram(p->prog);
		glUniform2f(p->size, (float)width, (float)height);
		glUniform1i(p->tex, 0);
		glActiveTexture(GL_TEXTURE0);
		glBindTexture(GL_TEXTURE_2D, a->tex);
		glBindVertexArray(b->vao);
		glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
		glBufferData(GL_ARRAY_BUFFER,
			     (GLsizeiptr)(b->count * sizeof(struct ui_vertex)),
			     b->v, GL_STREAM_DRAW);
		glEnable(GL_BLEND);
		glBlendEquation(GL_FUNC_ADD);
		glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO,
				    GL_ONE);
		glDrawArrays(GL_TRIANGLES, 0, (GLsizei)b->count);
		glDisable(GL_BLEND);
		glBindBuffer(GL_ARRAY_BUFFER, 0);
		glBindVertexArray(0);
	}
	b->count = 0;
	b->oom = false;
}

void egl_status_draw(struct egl_renderer *r, uint32_t width, uint32_t height)
{
	static const struct rgba text_colour = { 0xE8, 0xE8, 0xE8, 0xFF };
	const struct font *f = &r->atlas.big;
	uint32_t *cps;
	struct ui_line lines[STATUS_MAX_LINES];
	size_t n, count, max_lines;
	float max_w, y;

	cps = malloc(STATUS_MAX_CPS * sizeof(*cps));
	if (!cps)
		return;
	n = egl_utf8_decode(r->status, cps, STATUS_MAX_CPS);
	max_w = (float)width - 2 * STATUS_MARGIN;
	if (max_w < (float)f->px)
		max_w = (float)f->px; /* at least a glyph per line */
	max_lines = (height > 2 * STATUS_MARGIN ? height - 2 * STATUS_MARGIN : 0) /
		    (uint32_t)f->line_h;
	if (max_lines < 1)
		max_lines = 1;
	if (max_lines > STATUS_MAX_LINES)
		max_lines = STATUS_MAX_LINES;
	count = egl_text_wrap(f, cps, n, max_w, lines, max_lines);

	/* whole pixels: glyphs map 1:1 onto the atlas */
	y = (float)(((int64_t)height - (int64_t)count * f->line_h) / 2);
	for (size_t i = 0; i < count; i++) {
		float x = (float)(((int64_t)width - (int64_t)lines[i].width) / 2);

		draw_cps(&r->batch, &r->atlas, f, x, y, cps + lines[i].start,
			 lines[i].len, text_colour);
		y += (float)f->line_h;
	}
	if (r->batch.oom && !r->logged_batch_oom) {
		rl_err(r->log, "renderer: out of memory for status text vertices");
		r->logged_batch_oom = true;
	}
	egl_batch_flush(&r->batch, &r->ui, &r->atlas, width, height);
	free(cps);
}
