/* SPDX-License-Identifier: MIT */
/*
 * Glyphs for status screens and the overlay: fontconfig finds a monospace
 * font, FreeType rasterises a fixed set of code points (ASCII, Latin-1 and
 * some punctuation) at two sizes into one R8 atlas. The FreeType library
 * and the fontconfig configuration live only during create(); no globals.
 */
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "egl.h"

#define ATLAS_W 512
#define ATLAS_MAX_H 1024
#define WHITE 4 /* a WHITE x WHITE block at the atlas origin */
#define FONT_BIG_PX 22
#define FONT_SMALL_PX 13

static const uint32_t ranges[][2] = {
	{ 0x20, 0x7E },     /* ASCII */
	{ 0xA0, 0xFF },     /* Latin-1 */
	{ 0x2013, 0x2014 }, /* dashes */
	{ 0x2018, 0x2019 }, /* single quotes */
	{ 0x201C, 0x201D }, /* double quotes */
	{ 0x2022, 0x2022 }, /* bullet */
	{ 0x2026, 0x2026 }, /* ellipsis */
	{ 0x2192, 0x2192 }, /* right arrow */
	{ 0x25A0, 0x25A0 }, /* black square */
	{ 0xFFFD, 0xFFFD }, /* replacement character */
};

struct packer {
	uint8_t *pixels; /* ATLAS_W x ATLAS_MAX_H */
	uint32_t x, y, row_h;
	uint32_t used_h;
};

/* Reserve w x h in the atlas (shelf packing, 1 px gaps). */
static bool pack(struct packer *p, uint32_t w, uint32_t h, uint32_t *x,
		 uint32_t *y)
{
	if (p->x + w + 1 > ATLAS_W) {
		p->x = 0;
		p->y += p->row_h + 1;
		p->row_h = 0;
	}
	if (w + 1 > ATLAS_W || p->y + h + 1 > ATLAS_MAX_H)
		return false;
	*x = p->x;
	*y = p->y;
	p->x += w + 1;
	if (h > p->row_h)
		p->row_h = h;
	if (p->y + h > p->used_h)
		p->used_h = p->y + h;
	return true;
}

static bool rasterise(FT_Face face, struct font *f, uint32_t px,
		      struct packer *p, const struct rl_log *log)
{
	FT_Error err;

	err = FT_Set_Pixel_Sizes(face, 0, px);
	if (err) {
		rl_err(log, "renderer: FreeType cannot size the font to %u px (error %d)", px, err);
		return false;
	}
	f->px = px;
	f->ascent = (int32_t)(face->size->metrics.ascender >> 6);
	f->line_h = (int32_t)(face->size->metrics.height >> 6);
	f->count = 0;
	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			FT_GlyphSlot g;
			struct glyph *gl;
			uint32_t x = 0, y = 0;

			if (f->count == FONT_MAX_GLYPHS)
				break;
			if (FT_Get_Char_Index(face, cp) == 0)
				continue; /* not in this font: drawn as the fallback */
			if (FT_Load_Char(face, cp, FT_LOAD_RENDER | FT_LOAD_TARGET_NORMAL))
				continue;
			g = face->glyph;
			if (g->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY)
				continue;
			if (!pack(p, g->bitmap.width, g->bitmap.rows, &x, &y)) {
				rl_err(log, "renderer: the glyph atlas is full at %u px", px);
				return false;
			}
			for (uint32_t row = 0; row < g->bitmap.rows; row++)
				memcpy(p->pixels + (size_t)(y + row) * ATLAS_W + x,
				       g->bitmap.buffer + (ptrdiff_t)row * g->bitmap.pitch,
				       g->bitmap.width);
			gl = &f->glyphs[f->count++];
			gl->cp = cp;
			gl->x = (uint16_t)x;
			gl->y = (uint16_t)y;
			gl->w = (uint16_t)g->bitmap.width;
			gl->h = (uint16_t)g->bitmap.rows;
			gl->left = (int16_t)g->bitmap_left;
			gl->top = (int16_t)g->bitmap_top;
			gl->advance = (int16_t)(g->advance.x >> 6);
		}
	}
	f->fallback = egl_font_glyph(f, 0xFFFD);
	if (!f->fallback)
		f->fallback = egl_font_glyph(f, '?');
	if (!egl_font_glyph(f, 'A') || !f->fallback) {
		rl_err(log, "renderer: the font has no Latin glyphs: install fonts-dejavu-core");
		return false;
	}
	return true;
}

const struct glyph *egl_font_glyph(const struct font *f, uint32_t cp)
{
	uint32_t lo = 0, hi = f->count;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (f->glyphs[mid].cp == cp)
			return &f->glyphs[mid];
		if (f->glyphs[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The file of the best "monospace" match; false when fontconfig has none. */
static bool find_font(char *path, size_t size, int *index,
		      const struct rl_log *log)
{
	FcConfig *cfg;
	FcPattern *pat, *match = NULL;
	FcResult res = FcResultNoMatch;
	FcChar8 *file = NULL;
	bool ok = false;

	cfg = FcInitLoadConfigAndFonts();
	if (!cfg) {
		rl_err(log, "renderer: fontconfig cannot load its configuration");
		return false;
	}
	pat = FcNameParse((const FcChar8 *)"monospace");
	if (!pat)
		goto out_cfg;
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(cfg, pat, &res);
	if (match && res == FcResultMatch &&
	    FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
	    strlen((const char *)file) < size) {
		strcpy(path, (const char *)file);
		if (FcPatternGetInteger(match, FC_INDEX, 0, index) != FcResultMatch)
			*index = 0;
		ok = true;
	}
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
out_cfg:
	FcConfigDestroy(cfg);
	return ok;
}

bool egl_atlas_init(struct atlas *a, const struct rl_log *log)
{
	struct packer p = { 0 };
	FT_Library ft;
	FT_Face face;
	FT_Error err;
	int index = 0;
	bool ok = false;

	memset(a, 0, sizeof(*a));
	if (!find_font(a->path, sizeof(a->path), &index, log)) {
		rl_err(log, "renderer: fontconfig finds no font for status text and the overlay: "
		       "install a monospace font (Debian/Ubuntu: fonts-dejavu-core)");
		return false;
	}
	if (FT_Init_FreeType(&ft)) {
		rl_err(log, "renderer: FreeType does not initialise");
		return false;
	}
	err = FT_New_Face(ft, a->path, index, &face);
	if (err) {
		rl_err(log, "renderer: FreeType cannot open the font %s (error %d): "
		       "install fonts-dejavu-core", a->path, err);
		goto out_ft;
	}
	p.pixels = calloc((size_t)ATLAS_W * ATLAS_MAX_H, 1);
	if (!p.pixels) {
		rl_err(log, "renderer: out of memory for the glyph atlas");
		goto out_face;
	}
	for (uint32_t y = 0; y < WHITE; y++)
		memset(p.pixels + (size_t)y * ATLAS_W, 0xFF, WHITE);
	p.x = WHITE + 1;
	p.row_h = WHITE;
	p.used_h = WHITE;
	if (!rasterise(face, &a->big, FONT_BIG_PX, &p, log) ||
	    !rasterise(face, &a->small, FONT_SMALL_PX, &p, log))
		goto out_pixels;

	a->w = ATLAS_W;
	a->h = p.used_h;
	a->white_u = (WHITE / 2.0f) / (float)a->w;
	a->white_v = (WHITE / 2.0f) / (float)a->h;
	glGenTextures(1, &a->tex);
	glBindTexture(GL_TEXTURE_2D, a->tex);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, (GLsizei)a->w, (GLsizei)a->h, 0,
		     GL_RED, GL_UNSIGNED_BYTE, p.pixels);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	/* glyphs are drawn 1:1 at whole pixels */
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	ok = true;

out_pixels:
	free(p.pixels);
out_face:
	FT_Done_Face(face);
out_ft:
	FT_Done_FreeType(ft);
	return ok;
}

void egl_atlas_finish(struct atlas *a)
{
	if (a->tex)
		glDeleteTextures(1, &a->tex);
	a->tex = 0;
}
