/* SPDX-License-Identifier: MIT */
#include "image.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay/config.h"
#if RL_HAS_PNG
#include <png.h>
#endif

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool rl_image_type_ok(const char *path)
{
	return ends_with(path, ".ppm") || (RL_HAS_PNG && ends_with(path, ".png"));
}

static uint8_t half_to_u8(uint16_t h)
{
	uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
	float v;

	if (h & 0x8000)
		return 0;
	if (exp == 0)
		v = ldexpf((float)mant, -24);
	else if (exp == 31)
		return 255;
	else
		v = ldexpf((float)(mant | 0x400), (int)exp - 25);
	return v >= 1.0f ? 255 : (uint8_t)(v * 255.0f + 0.5f);
}

/* One row of f as RGB8. */
static void row_rgb(const struct rl_frame *f, uint32_t y, uint8_t *out)
{
	const uint8_t *p = f->pixels + (size_t)y * f->pitch;

	for (uint32_t x = 0; x < f->width; x++, out += 3) {
		switch (f->format) {
		case RL_FMT_BGRA8:
			out[0] = p[x * 4 + 2];
			out[1] = p[x * 4 + 1];
			out[2] = p[x * 4 + 0];
			break;
		case RL_FMT_RGBA8:
			memcpy(out, p + x * 4, 3);
			break;
		case RL_FMT_RGBA10: {
			uint32_t w = (uint32_t)p[x * 4] | (uint32_t)p[x * 4 + 1] << 8 |
				     (uint32_t)p[x * 4 + 2] << 16 | (uint32_t)p[x * 4 + 3] << 24;

			out[0] = (uint8_t)((w & 0x3ff) >> 2);
			out[1] = (uint8_t)(((w >> 10) & 0x3ff) >> 2);
			out[2] = (uint8_t)(((w >> 20) & 0x3ff) >> 2);
			break;
		}
		case RL_FMT_RGBA16F:
			for (int c = 0; c < 3; c++)
				out[c] = half_to_u8((uint16_t)(p[x * 8 + c * 2] |
						    p[x * 8 + c * 2 + 1] << 8));
			break;
		default:
			memset(out, 0, 3);
			break;
		}
	}
}

static bool write_ppm(FILE *fp, const struct rl_frame *f, uint8_t *row)
{
	if (fprintf(fp, "P6\n# relay frame serial %llu\n%u %u\n255\n",
		    (unsigned long long)f->serial, f->width, f->height) < 0)
		return false;
	for (uint32_t y = 0; y < f->height; y++) {
		row_rgb(f, y, row);
		if (fwrite(row, 3, f->width, fp) != f->width)
			return false;
	}
	return true;
}

#if RL_HAS_PNG
static bool write_png(FILE *fp, const struct rl_frame *f, uint8_t *row)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;

	if (!info) {
		png_destroy_write_struct(&png, NULL);
		return false;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return false;
	}
	png_init_io(png, fp);
	png_set_compression_level(png, 1);
	png_set_IHDR(png, info, f->width, f->height, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (uint32_t y = 0; y < f->height; y++) {
		row_rgb(f, y, row);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	return true;
}
#endif

bool rl_image_write(const char *path, const struct rl_frame *f,
		    const struct rl_log *log)
{
	size_t len = strlen(path) + 5;
	char *tmp = malloc(len);
	uint8_t *row = malloc((size_t)f->width * 3);
	FILE *fp = NULL;
	bool ok = false;

	if (!tmp || !row) {
		rl_err(log, "out of memory writing %s", path);
		goto out_free;
	}
	snprintf(tmp, len, "%s.tmp", path);
	fp = fopen(tmp, "wb");
	if (!fp) {
		rl_err(log, "cannot write %s: %s", tmp, strerror(errno));
		goto out_free;
	}
#if RL_HAS_PNG
	if (ends_with(path, ".png"))
		ok = write_png(fp, f, row);
	else
#endif
		ok = write_ppm(fp, f, row);
	if (fclose(fp) != 0)
		ok = false;
	if (!ok) {
		rl_err(log, "writing %s failed", tmp);
		remove(tmp);
		goto out_free;
	}
	if (rename(tmp, path) != 0) {
		rl_err(log, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		remove(tmp);
		ok = false;
	}
out_free:
	free(row);
	free(tmp);
	return ok;
}
