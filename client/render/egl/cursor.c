/* SPDX-License-Identifier: MIT */
/*
 * The guest cursor as its own quad. COLOR shapes are straight-alpha and
 * blended. MONOCHROME and MASKED_COLOR become one RGBA "mask" texture
 * (rgb = XOR value, a = AND bit x 255) drawn in two passes:
 *   AND: dst = dst * and                 glBlendFunc(ZERO, SRC_COLOR)
 *   XOR: dst = x + dst - 2 x dst         glBlendFunc(ONE_MINUS_DST_COLOR,
 *                                                     ONE_MINUS_SRC_COLOR)
 * The XOR pass is exact wherever a channel of x is 0x00 (dst kept) or 0xFF
 * (dst inverted, 255 - d = d ^ 0xFF), which is every monochrome pixel; for
 * other MASKED_COLOR values it is the arithmetic "soft XOR" |x - d| for
 * x, d in {0, 1}, blended in between (GLES has no logic ops).
 */
#include <stdlib.h>
#include <string.h>

#include "egl.h"

static bool shape_valid(const struct rl_cursor *cur, const char **why)
{
	uint64_t row, rows;

	if (cur->width == 0 || cur->height == 0 ||
	    cur->width > RL_CURSOR_MAX_DIM || cur->height > RL_CURSOR_MAX_DIM) {
		*why = "size out of range";
		return false;
	}
	switch (cur->type) {
	case RL_CURSOR_COLOR:
	case RL_CURSOR_MASKED_COLOR:
		row = (uint64_t)cur->width * 4;
		rows = cur->height;
		break;
	case RL_CURSOR_MONOCHROME:
		row = (cur->width + 7) / 8;
		rows = (uint64_t)cur->height * 2;
		break;
	default:
		*why = "unknown type";
		return false;
	}
	if (cur->pitch < row) {
		*why = "pitch smaller than a row";
		return false;
	}
	if ((uint64_t)cur->pitch * (rows - 1) + row > RL_CURSOR_DATA_BYTES) {
		*why = "data larger than the shape buffer";
		return false;
	}
	return true;
}

/* Convert cur into RGBA8 texels: straight colour, or the mask form. */
static void convert(const struct rl_cursor *cur, uint8_t *out)
{
	uint32_t w = cur->width, h = cur->height;

	for (uint32_t y = 0; y < h; y++) {
		for (uint32_t x = 0; x < w; x++) {
			uint8_t *o = out + ((size_t)y * w + x) * 4;

			if (cur->type == RL_CURSOR_MONOCHROME) {
				const uint8_t *and_row = cur->data + (size_t)y * cur->pitch;
				const uint8_t *xor_row = cur->data + (size_t)(y + h) * cur->pitch;
				uint8_t bit = (uint8_t)(0x80u >> (x % 8));
				uint8_t xv = (xor_row[x / 8] & bit) ? 0xFF : 0x00;

				o[0] = o[1] = o[2] = xv;
				o[3] = (and_row[x / 8] & bit) ? 0xFF : 0x00;
			} else {
				const uint8_t *p = cur->data + (size_t)y * cur->pitch + (size_t)x * 4;

				o[0] = p[2];
				o[1] = p[1];
				o[2] = p[0];
				if (cur->type == RL_CURSOR_COLOR)
					o[3] = p[3];
				else /* MASKED: A=0 replace (AND 0), A=0xFF XOR (AND 1) */
					o[3] = p[3] >= 0x80 ? 0xFF : 0x00;
			}
		}
	}
}

void egl_cursor_shape(struct rl_renderer *base, const struct rl_cursor *cur)
{
	struct egl_renderer *r = egl_renderer(base);
	struct cursor *c;
	const char *why = "";
	uint8_t *texels;

	if (!r || !cur)
		return;
	c = &r->cursor;
	if (!shape_valid(cur, &why)) {
		if (c->bad_serial != cur->shape_serial)
			rl_warn(r->log, "renderer: cursor shape %llu (type %u, %ux%u, pitch %u) ignored: %s",
				(unsigned long long)cur->shape_serial, cur->type,
				cur->width, cur->height, cur->pitch, why);
		c->bad_serial = cur->shape_serial;
		c->have = false;
		return;
	}
	texels = malloc((size_t)cur->width * cur->height * 4);
	if (!texels) {
		rl_err(r->log, "renderer: out of memory for a %ux%u cursor",
		       cur->width, cur->height);
		c->have = false;
		return;
	}
	convert(cur, texels);

	if (!c->tex)
		glGenTextures(1, &c->tex);
	glBindTexture(GL_TEXTURE_2D, c->tex);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)cur->width,
		     (GLsizei)cur->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	free(texels);

	c->have = true;
	c->type = cur->type;
	c->width = cur->width;
	c->height = cur->height;
	c->hot_x = cur->hot_x;
	c->hot_y = cur->hot_y;
}

void egl_cursor_move(struct rl_renderer *base, int32_t x, int32_t y,
		     bool visible)
{
	struct egl_renderer *r = egl_renderer(base);

	if (!r)
		return;
	r->cursor.x = x;
	r->cursor.y = y;
	r->cursor.visible = visible;
}

static void pass(struct egl_renderer *r, enum quad_mode mode, GLenum src_rgb,
		 GLenum dst_rgb)
{
	glUniform1i(r->quad.mode, (GLint)mode);
	/* Destination alpha is left alone: the window stays opaque. */
	glBlendFuncSeparate(src_rgb, dst_rgb, GL_ZERO, GL_ONE);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void egl_cursor_draw(struct egl_renderer *r, uint32_t width, uint32_t height,
		     struct rl_viewport vp)
{
	struct cursor *c = &r->cursor;
	double sx, sy, x0, y0, x1, y1;
	int64_t cx0, cy0, cx1, cy1;
	GLint filter;

	if (!c->have || !c->visible || !r->frame_w || !r->frame_h)
		return;
	sx = (double)vp.width / r->frame_w;
	sy = (double)vp.height / r->frame_h;
	/* whole window pixels, so a 1:1 cursor is pixel-exact */
	x0 = vp.x + (double)((int64_t)c->x - c->hot_x) * sx;
	y0 = vp.y + (double)((int64_t)c->y - c->hot_y) * sy;
	x0 = (double)(int64_t)(x0 + (x0 < 0 ? -0.5 : 0.5));
	y0 = (double)(int64_t)(y0 + (y0 < 0 ? -0.5 : 0.5));
	x1 = x0 + (double)(int64_t)(c->width * sx + 0.5);
	y1 = y0 + (double)(int64_t)(c->height * sy + 0.5);

	/* clipped to the frame, as the guest clips it to its screen */
	cx0 = vp.x < 0 ? 0 : vp.x;
	cy0 = vp.y < 0 ? 0 : vp.y;
	cx1 = (int64_t)vp.x + vp.width > width ? width : (int64_t)vp.x + vp.width;
	cy1 = (int64_t)vp.y + vp.height > height ? height : (int64_t)vp.y + vp.height;
	if (cx1 <= cx0 || cy1 <= cy0)
		return;
	glEnable(GL_SCISSOR_TEST);
	glScissor((GLint)cx0, (GLint)((int64_t)height - cy1), (GLsizei)(cx1 - cx0),
		  (GLsizei)(cy1 - cy0));

	glUseProgram(r->quad.prog);
	glBindVertexArray(r->vao_empty);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, c->tex);
	/* masks must stay 0 or 1: never interpolate them */
	filter = c->type == RL_CURSOR_COLOR && r->params.filter == RL_FILTER_LINEAR
			 ? GL_LINEAR : GL_NEAREST;
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
	glUniform1i(r->quad.tex, 0);
	glUniform4f(r->quad.dst, (float)(x0 / width * 2.0 - 1.0),
		    (float)(1.0 - y0 / height * 2.0),
		    (float)(x1 / width * 2.0 - 1.0),
		    (float)(1.0 - y1 / height * 2.0));
	glUniform4f(r->quad.src, 0.0f, 0.0f, 1.0f, 1.0f);
	glEnable(GL_BLEND);
	glBlendEquation(GL_FUNC_ADD);
	if (c->type == RL_CURSOR_COLOR) {
		pass(r, QUAD_STRAIGHT, GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
	} else {
		pass(r, QUAD_AND, GL_ZERO, GL_SRC_COLOR);
		pass(r, QUAD_XOR, GL_ONE_MINUS_DST_COLOR, GL_ONE_MINUS_SRC_COLOR);
	}
	glDisable(GL_BLEND);
	glDisable(GL_SCISSOR_TEST);
}

void egl_cursor_finish(struct cursor *c)
{
	if (c->tex)
		glDeleteTextures(1, &c->tex);
	c->tex = 0;
	c->have = false;
}
