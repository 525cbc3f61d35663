/* SPDX-License-Identifier: MIT */
/*
 * rl-img-compare: pixel-exact comparison of two images, each a binary PPM
 * (P6, maxval 255) or an XWD dump of a 24/32-bit TrueColor screen
 * (`xwd -root`). Only R, G and B are compared.
 *
 *   rl-img-compare A B     exit 0: identical; 1: they differ (the first
 *                          differences are printed); 2: unreadable input
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct image {
	uint32_t width;
	uint32_t height;
	uint8_t *rgb; /* width * height * 3 */
};

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, used = 0;

	if (!f) {
		perror(path);
		return NULL;
	}
	for (;;) {
		if (used == cap) {
			size_t ncap = cap ? cap * 2 : 1 << 20;
			uint8_t *n = realloc(buf, ncap);
			if (!n) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = n;
			cap = ncap;
		}
		size_t got = fread(buf + used, 1, cap - used, f);
		used += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = used;
	return buf;
}

/* Skips whitespace and # comments, then reads a decimal number. */
static bool ppm_number(const uint8_t *b, size_t len, size_t *pos, uint32_t *out)
{
	uint64_t v = 0;
	bool any = false;

	while (*pos < len) {
		if (b[*pos] == '#') {
			while (*pos < len && b[*pos] != '\n')
				(*pos)++;
		} else if (b[*pos] == ' ' || b[*pos] == '\t' || b[*pos] == '\n' ||
			   b[*pos] == '\r') {
			(*pos)++;
		} else {
			break;
		}
	}
	while (*pos < len && b[*pos] >= '0' && b[*pos] <= '9' && v < 1u << 30) {
		v = v * 10 + (b[*pos] - '0');
		(*pos)++;
		any = true;
	}
	*out = (uint32_t)v;
	return any;
}

static bool load_ppm(const char *path, const uint8_t *b, size_t len, struct image *img)
{
	size_t pos = 2;
	uint32_t maxval;

	if (!ppm_number(b, len, &pos, &img->width) ||
	    !ppm_number(b, len, &pos, &img->height) ||
	    !ppm_number(b, len, &pos, &maxval) || maxval != 255 || pos >= len) {
		fprintf(stderr, "%s: not a binary PPM with maxval 255\n", path);
		return false;
	}
	pos++; /* the single whitespace byte before the raster */
	size_t need = (size_t)img->width * img->height * 3;
	if (img->width == 0 || img->height == 0 || len - pos < need) {
		fprintf(stderr, "%s: PPM raster is truncated (%zu of %zu bytes)\n",
			path, len - pos, need);
		return false;
	}
	img->rgb = malloc(need);
	if (!img->rgb)
		return false;
	memcpy(img->rgb, b + pos, need);
	return true;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint8_t channel(uint32_t pixel, uint32_t mask)
{
	if (!mask)
		return 0;
	uint32_t shift = 0, bits = 0;
	while (!((mask >> shift) & 1))
		shift++;
	while (shift + bits < 32 && ((mask >> (shift + bits)) & 1))
		bits++;
	uint32_t v = (pixel & mask) >> shift;
	if (bits >= 8)
		return (uint8_t)(v >> (bits - 8));
	return (uint8_t)(v * 255 / ((1u << bits) - 1));
}

static bool load_xwd(const char *path, const uint8_t *b, size_t len, struct image *img)
{
	uint32_t h[25];

	if (len < 100)
		goto bad;
	for (int i = 0; i < 25; i++)
		h[i] = be32(b + i * 4);
	uint32_t header_size = h[0], version = h[1], format = h[2];
	uint32_t width = h[4], height = h[5], byte_order = h[7];
	uint32_t bpp = h[11], bpl = h[12], rmask = h[14], gmask = h[15], bmask = h[16];
	uint32_t ncolors = h[19];
	if (version != 7 || format != 2 || (bpp != 32 && bpp != 24) || width == 0 ||
	    height == 0 || header_size < 100) {
		fprintf(stderr, "%s: only 24/32 bpp ZPixmap XWD (version 7) is supported\n",
			path);
		return false;
	}
	size_t pos = (size_t)header_size + (size_t)ncolors * 12;
	if (pos > len || (len - pos) / bpl < height)
		goto bad;
	img->width = width;
	img->height = height;
	img->rgb = malloc((size_t)width * height * 3);
	if (!img->rgb)
		return false;
	for (uint32_t y = 0; y < height; y++) {
		const uint8_t *row = b + pos + (size_t)y * bpl;
		for (uint32_t x = 0; x < width; x++) {
			const uint8_t *p = row + (size_t)x * (bpp / 8);
			uint32_t v = 0;
			for (uint32_t k = 0; k < bpp / 8; k++)
				v |= (uint32_t)p[byte_order == 0 ? k : bpp / 8 - 1 - k] << (8 * k);
			uint8_t *o = img->rgb + ((size_t)y * width + x) * 3;
			o[0] = channel(v, rmask);
			o[1] = channel(v, gmask);
			o[2] = channel(v, bmask);
		}
	}
	return true;
bad:
	fprintf(stderr, "%s: truncated or malformed XWD file\n", path);
	return false;
}

static bool load(const char *path, struct image *img)
{
	size_t len = 0;
	uint8_t *b = read_all(path, &len);
	bool ok;

	if (!b)
		return false;
	if (len >= 2 && b[0] == 'P' && b[1] == '6')
		ok = load_ppm(path, b, len, img);
	else
		ok = load_xwd(path, b, len, img);
	free(b);
	return ok;
}

int main(int argc, char **argv)
{
	struct image a = { 0 }, b = { 0 };
	int rc = 2;

	if (argc != 3) {
		fprintf(stderr, "usage: rl-img-compare A B   (PPM P6 or XWD)\n");
		return 2;
	}
	if (!load(argv[1], &a) || !load(argv[2], &b))
		goto out;
	if (a.width != b.width || a.height != b.height) {
		printf("size differs: %s is %ux%u, %s is %ux%u\n", argv[1], a.width,
		       a.height, argv[2], b.width, b.height);
		rc = 1;
		goto out;
	}
	uint64_t differ = 0;
	for (uint32_t y = 0; y < a.height; y++) {
		for (uint32_t x = 0; x < a.width; x++) {
			const uint8_t *pa = a.rgb + ((size_t)y * a.width + x) * 3;
			const uint8_t *pb = b.rgb + ((size_t)y * a.width + x) * 3;
			if (memcmp(pa, pb, 3) == 0)
				continue;
			if (differ < 5)
				printf("pixel %u,%u: %02x%02x%02x vs %02x%02x%02x\n", x, y,
				       pa[0], pa[1], pa[2], pb[0], pb[1], pb[2]);
			differ++;
		}
	}
	if (differ) {
		printf("%" PRIu64 " of %" PRIu64 " pixels differ\n", differ,
		       (uint64_t)a.width * a.height);
		rc = 1;
	} else {
		printf("identical: %ux%u\n", a.width, a.height);
		rc = 0;
	}
out:
	free(a.rgb);
	free(b.rgb);
	return rc;
}
