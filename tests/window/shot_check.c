/* SPDX-License-Identifier: MIT */
/*
 * rl-shot-check: checks X screenshots (xwd -root) of relay-client's window
 * against the test source's pattern (host/capture/test_pattern.h).
 *
 *   rl-shot-check frame SHOT.xwd SERIAL WxH VIEWPORT [options]
 *       The viewport (x,y,WxH, as the client's "present" line prints it)
 *       shows pattern frame SERIAL - 1 of size WxH. Options:
 *         --cursor X,Y       the test cursor of that frame drawn with its
 *                            hotspot at frame pixel X,Y (checked exactly at
 *                            1:1, excluded from the comparison when scaled)
 *         --tolerance N      per-channel difference allowed (default 0)
 *         --linear           the reference is scaled bilinearly as GLES
 *                            samples (texel centres, clamp to edge); without
 *                            it, nearest
 *   rl-shot-check diff A.xwd B.xwd RECT [--allow RECT]...
 *       every pixel inside RECT (x,y,w,h) that differs between A and B lies
 *       inside one of the --allow rects, and at least one differs
 *   rl-shot-check ink SHOT.xwd RECT MIN
 *       at least MIN pixels inside RECT differ from its top-left pixel (the
 *       background): something, e.g. a status text, is drawn there
 *   rl-shot-check color SHOT.xwd RECT RRGGBB TOL MIN
 *       at least MIN pixels inside RECT are within TOL per channel of the
 *       colour RRGGBB (hex): e.g. a notice drawn on red
 *   rl-shot-check save SHOT.xwd RECT OUT.ppm
 *       writes RECT of the screenshot as a PPM (for failure reports)
 *
 * Exit 0 when the check passes, 1 when it fails (with what differs and
 * where), 2 on bad arguments or an unreadable file.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay/protocol.h"
#include "test_pattern.h"

struct shot {
	uint32_t width;
	uint32_t height;
	uint8_t *rgb; /* width * height * 3 */
};

struct box {
	int64_t x, y, w, h;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned shift_of(uint32_t mask)
{
	unsigned s = 0;

	while (mask && !(mask & 1u)) {
		mask >>= 1;
		s++;
	}
	return s;
}

/*
 * XWD: a big-endian header, colour map entries, then Z-pixmap rows of 24-
 * or 32-bit pixels in the header's byte order (Xvfb -screen WxHx24 packs
 * 24-bit pixels).
 */
static bool read_xwd(const char *path, struct shot *s)
{
	FILE *f = fopen(path, "rb");
	uint8_t hdr[100];
	uint8_t *data = NULL;
	long size;
	bool ok = false;

	if (!f) {
		perror(path);
		return false;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 100 || fseek(f, 0, SEEK_SET))
		goto out;
	data = malloc((size_t)size);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size)
		goto out;
	memcpy(hdr, data, sizeof(hdr));
	uint32_t header_size = be32(hdr), format = be32(hdr + 8);
	uint32_t width = be32(hdr + 16), height = be32(hdr + 20);
	uint32_t byte_order = be32(hdr + 28), bpp = be32(hdr + 44);
	uint32_t stride = be32(hdr + 48);
	uint32_t masks[3] = { be32(hdr + 56), be32(hdr + 60), be32(hdr + 64) };
	uint32_t ncolors = be32(hdr + 76);
	uint64_t offset = (uint64_t)header_size + (uint64_t)ncolors * 12;

	uint32_t bytes = bpp / 8;

	if (format != 2 || (bpp != 32 && bpp != 24) || width == 0 || height == 0 ||
	    width > 16384 || height > 16384 ||
	    offset + (uint64_t)stride * height > (uint64_t)size ||
	    (uint64_t)stride < (uint64_t)width * bytes) {
		fprintf(stderr, "%s: not a 24- or 32-bit Z-pixmap XWD this tool reads "
			"(format %u, %u bpp, %ux%u)\n", path, format, bpp, width, height);
		goto out;
	}
	s->width = width;
	s->height = height;
	s->rgb = malloc((size_t)width * height * 3);
	if (!s->rgb)
		goto out;
	for (uint32_t y = 0; y < height; y++) {
		const uint8_t *row = data + offset + (uint64_t)y * stride;
		for (uint32_t x = 0; x < width; x++) {
			const uint8_t *p = row + (size_t)x * bytes;
			uint32_t v = 0;

			for (uint32_t k = 0; k < bytes; k++)
				v |= (uint32_t)p[k] << (8 * (byte_order ? bytes - 1 - k : k));
			for (int c = 0; c < 3; c++)
				s->rgb[((size_t)y * width + x) * 3 + c] =
					(uint8_t)((v & masks[c]) >> shift_of(masks[c]));
		}
	}
	ok = true;
out:
	if (!ok && !s->rgb)
		fprintf(stderr, "%s: cannot read the screenshot\n", path);
	free(data);
	fclose(f);
	return ok;
}

static bool parse_box(const char *s, struct box *b)
{
	long long x, y, w, h;
	char sep;

	/* "x,y,w,h" or "x,y,WxH" */
	if (sscanf(s, "%lld,%lld,%lld%c%lld", &x, &y, &w, &sep, &h) != 5 ||
	    (sep != ',' && sep != 'x') || w < 0 || h < 0) {
		fprintf(stderr, "rl-shot-check: '%s' is not a rect x,y,w,h\n", s);
		return false;
	}
	*b = (struct box){ x, y, w, h };
	return true;
}

static bool inside(const struct box *b, int64_t x, int64_t y)
{
	return x >= b->x && y >= b->y && x < b->x + b->w && y < b->y + b->h;
}

/* Pattern pixel as RGB, clamped to the frame (GL's CLAMP_TO_EDGE). */
static void pattern_rgb(uint64_t frame, int64_t x, int64_t y, uint32_t w,
			uint32_t h, double out[3])
{
	uint8_t px[4];

	x = x < 0 ? 0 : x >= w ? w - 1 : x;
	y = y < 0 ? 0 : y >= h ? h - 1 : y;
	rl_test_pattern_pixel(frame, (uint32_t)x, (uint32_t)y, w, h, RL_FMT_RGBA8, px);
	for (int c = 0; c < 3; c++)
		out[c] = px[c];
}

/* The reference at window pixel (i, j) of the viewport: the frame scaled. */
static void reference(uint64_t frame, uint32_t fw, uint32_t fh, const struct box *vp,
		      bool linear, int64_t i, int64_t j, double out[3])
{
	double u = ((double)i + 0.5) * fw / (double)vp->w;
	double v = ((double)j + 0.5) * fh / (double)vp->h;

	if (!linear) {
		pattern_rgb(frame, (int64_t)floor(u), (int64_t)floor(v), fw, fh, out);
		return;
	}
	double x = u - 0.5, y = v - 0.5;
	int64_t x0 = (int64_t)floor(x), y0 = (int64_t)floor(y);
	double ax = x - (double)x0, ay = y - (double)y0;
	double p00[3], p10[3], p01[3], p11[3];

	pattern_rgb(frame, x0, y0, fw, fh, p00);
	pattern_rgb(frame, x0 + 1, y0, fw, fh, p10);
	pattern_rgb(frame, x0, y0 + 1, fw, fh, p01);
	pattern_rgb(frame, x0 + 1, y0 + 1, fw, fh, p11);
	for (int c = 0; c < 3; c++)
		out[c] = (p00[c] * (1 - ax) + p10[c] * ax) * (1 - ay) +
			 (p01[c] * (1 - ax) + p11[c] * ax) * ay;
}

static int check_frame(int argc, char **argv)
{
	struct shot s = { 0 };
	struct box vp, cur_box = { 0, 0, 0, 0 };
	unsigned long long serial;
	unsigned fw, fh;
	long long cx = 0, cy = 0;
	bool have_cursor = false, linear = false;
	int tolerance = 0;
	uint8_t cursor[RL_TEST_CURSOR_SIZE * RL_TEST_CURSOR_SIZE * 4];

	if (argc < 6 || sscanf(argv[3], "%llu", &serial) != 1 || serial == 0 ||
	    sscanf(argv[4], "%ux%u", &fw, &fh) != 2 || fw == 0 || fh == 0 ||
	    !parse_box(argv[5], &vp) || vp.w == 0 || vp.h == 0)
		return 2;
	for (int i = 6; i < argc; i++) {
		if (strcmp(argv[i], "--cursor") == 0 && i + 1 < argc &&
		    sscanf(argv[i + 1], "%lld,%lld", &cx, &cy) == 2) {
			have_cursor = true;
			i++;
		} else if (strcmp(argv[i], "--tolerance") == 0 && i + 1 < argc) {
			tolerance = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--linear") == 0) {
			linear = true;
		} else {
			fprintf(stderr, "rl-shot-check: unknown argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!read_xwd(argv[2], &s))
		return 2;
	if (vp.x < 0 || vp.y < 0 || vp.x + vp.w > s.width || vp.y + vp.h > s.height) {
		fprintf(stderr, "viewport %lld,%lld,%lldx%lld is not inside the %ux%u screen\n",
			(long long)vp.x, (long long)vp.y, (long long)vp.w, (long long)vp.h,
			s.width, s.height);
		free(s.rgb);
		return 1;
	}
	uint64_t frame = serial - 1;
	bool exact_cursor = have_cursor && vp.w == fw && vp.h == fh;

	if (have_cursor) {
		rl_test_pattern_cursor_fill(rl_test_pattern_cursor_variant(frame), cursor,
					    RL_TEST_CURSOR_SIZE * 4);
		/* in window pixels, one pixel of margin for rounding when scaled */
		double sx = (double)vp.w / fw, sy = (double)vp.h / fh;
		cur_box = (struct box){ vp.x + (int64_t)floor(cx * sx) - 1,
					vp.y + (int64_t)floor(cy * sy) - 1,
					(int64_t)ceil(RL_TEST_CURSOR_SIZE * sx) + 3,
					(int64_t)ceil(RL_TEST_CURSOR_SIZE * sy) + 3 };
	}
	unsigned long long bad = 0, cursor_bad = 0, cursor_px = 0, cursor_seen = 0;
	int worst = 0;
	long long first_x = -1, first_y = -1;

	for (int64_t j = 0; j < vp.h; j++) {
		for (int64_t i = 0; i < vp.w; i++) {
			int64_t X = vp.x + i, Y = vp.y + j;
			const uint8_t *got = s.rgb + ((size_t)Y * s.width + (size_t)X) * 3;
			double want[3];
			bool in_cursor = have_cursor && inside(&cur_box, X, Y);

			reference(frame, fw, fh, &vp, linear, i, j, want);
			if (in_cursor && !exact_cursor)
				continue;
			if (in_cursor) {
				int64_t u = i - cx, v = j - cy;
				if (u >= 0 && v >= 0 && u < RL_TEST_CURSOR_SIZE &&
				    v < RL_TEST_CURSOR_SIZE) {
					const uint8_t *c = cursor + (v * RL_TEST_CURSOR_SIZE + u) * 4;
					if (c[3]) {
						/* BGRA, opaque: replaces the frame */
						want[0] = c[2];
						want[1] = c[1];
						want[2] = c[0];
						cursor_px++;
						if (got[0] == c[2] && got[1] == c[1] && got[2] == c[0])
							cursor_seen++;
					}
				}
			}
			int d = 0;
			for (int c = 0; c < 3; c++) {
				int e = abs((int)got[c] - (int)lround(want[c]));
				d = e > d ? e : d;
			}
			if (d > worst)
				worst = d;
			if (d > tolerance) {
				if (!bad) {
					first_x = (long long)X;
					first_y = (long long)Y;
				}
				bad++;
				if (in_cursor)
					cursor_bad++;
			}
		}
	}
	printf("frame %llu (%ux%u) in %lldx%lld at %lld,%lld: %llu of %lld pixels differ by more than %d (largest difference %d)",
	       serial, fw, fh, (long long)vp.w, (long long)vp.h, (long long)vp.x,
	       (long long)vp.y, bad, (long long)(vp.w * vp.h), tolerance, worst);
	if (bad)
		printf(", first at %lld,%lld", first_x, first_y);
	if (exact_cursor)
		printf("; cursor at %lld,%lld: %llu of %llu arrow pixels drawn, %llu pixels of its box differ",
		       cx, cy, cursor_seen, cursor_px, cursor_bad);
	printf("\n");
	free(s.rgb);
	if (exact_cursor && (cursor_px == 0 || cursor_seen != cursor_px))
		return 1;
	return bad ? 1 : 0;
}

static int check_diff(int argc, char **argv)
{
	struct shot a = { 0 }, b = { 0 };
	struct box area, allow[64];
	int n = 0;
	unsigned long long changed = 0, outside = 0;
	long long ox = -1, oy = -1;

	if (argc < 5 || !parse_box(argv[4], &area))
		return 2;
	for (int i = 5; i < argc; i += 2) {
		if (strcmp(argv[i], "--allow") != 0 || i + 1 >= argc || n == 64 ||
		    !parse_box(argv[i + 1], &allow[n]))
			return 2;
		n++;
	}
	if (!read_xwd(argv[2], &a) || !read_xwd(argv[3], &b)) {
		free(a.rgb);
		return 2;
	}
	if (a.width != b.width || a.height != b.height ||
	    area.x < 0 || area.y < 0 || area.x + area.w > a.width || area.y + area.h > a.height) {
		fprintf(stderr, "screens differ in size or the rect is outside them\n");
		free(a.rgb);
		free(b.rgb);
		return 2;
	}
	for (int64_t y = area.y; y < area.y + area.h; y++) {
		for (int64_t x = area.x; x < area.x + area.w; x++) {
			size_t k = ((size_t)y * a.width + (size_t)x) * 3;
			if (memcmp(a.rgb + k, b.rgb + k, 3) == 0)
				continue;
			changed++;
			bool ok = false;
			for (int i = 0; i < n && !ok; i++)
				ok = inside(&allow[i], x, y);
			if (!ok) {
				if (!outside) {
					ox = (long long)x;
					oy = (long long)y;
				}
				outside++;
			}
		}
	}
	printf("%llu pixels changed, %llu outside the allowed rects", changed, outside);
	if (outside)
		printf(" (first at %lld,%lld)", ox, oy);
	printf("\n");
	free(a.rgb);
	free(b.rgb);
	return changed && !outside ? 0 : 1;
}

/* Read FILE and parse BOX, a non-empty rect inside it; false (nothing held) if not. */
static bool shot_box(const char *file, const char *box, struct shot *s, struct box *r)
{
	if (!parse_box(box, r) || !read_xwd(file, s))
		return false;
	if (r->x < 0 || r->y < 0 || r->w == 0 || r->h == 0 || r->x + r->w > s->width ||
	    r->y + r->h > s->height) {
		free(s->rgb);
		s->rgb = NULL;
		return false;
	}
	return true;
}

static int ink(int argc, char **argv)
{
	struct shot s = { 0 };
	struct box r;
	unsigned long long n = 0, min;

	if (argc != 5 || sscanf(argv[4], "%llu", &min) != 1 || !shot_box(argv[2], argv[3], &s, &r))
		return 2;
	const uint8_t *bg = s.rgb + ((size_t)r.y * s.width + (size_t)r.x) * 3;

	for (int64_t y = r.y; y < r.y + r.h; y++)
		for (int64_t x = r.x; x < r.x + r.w; x++)
			if (memcmp(s.rgb + ((size_t)y * s.width + (size_t)x) * 3, bg, 3))
				n++;
	printf("%llu pixels differ from the background %02x%02x%02x (at least %llu wanted)\n",
	       n, bg[0], bg[1], bg[2], min);
	free(s.rgb);
	return n >= min ? 0 : 1;
}

static int color(int argc, char **argv)
{
	struct shot s = { 0 };
	struct box r;
	unsigned long long n = 0, min;
	unsigned int rgb, tol;

	if (argc != 7 || sscanf(argv[4], "%6x", &rgb) != 1 || sscanf(argv[5], "%u", &tol) != 1 ||
	    sscanf(argv[6], "%llu", &min) != 1 || !shot_box(argv[2], argv[3], &s, &r))
		return 2;
	const int want[3] = { (int)(rgb >> 16) & 0xff, (int)(rgb >> 8) & 0xff, (int)rgb & 0xff };

	for (int64_t y = r.y; y < r.y + r.h; y++) {
		for (int64_t x = r.x; x < r.x + r.w; x++) {
			const uint8_t *p = s.rgb + ((size_t)y * s.width + (size_t)x) * 3;
			bool near = true;

			for (int c = 0; c < 3; c++)
				near = near && abs((int)p[c] - want[c]) <= (int)tol;
			n += near;
		}
	}
	printf("%llu pixels within %u of %06x (at least %llu wanted)\n", n, tol, rgb, min);
	free(s.rgb);
	return n >= min ? 0 : 1;
}

static int save(int argc, char **argv)
{
	struct shot s = { 0 };
	struct box r;
	FILE *f;

	if (argc != 5 || !shot_box(argv[2], argv[3], &s, &r))
		return 2;
	if (!(f = fopen(argv[4], "wb"))) {
		free(s.rgb);
		return 2;
	}
	fprintf(f, "P6\n%lld %lld\n255\n", (long long)r.w, (long long)r.h);
	for (int64_t y = r.y; y < r.y + r.h; y++)
		fwrite(s.rgb + ((size_t)y * s.width + (size_t)r.x) * 3, 3, (size_t)r.w, f);
	fclose(f);
	free(s.rgb);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "frame") == 0)
		return check_frame(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "diff") == 0)
		return check_diff(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "ink") == 0)
		return ink(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "color") == 0)
		return color(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "save") == 0)
		return save(argc, argv);
	fprintf(stderr, "usage: rl-shot-check frame SHOT.xwd SERIAL WxH x,y,WxH "
		"[--cursor X,Y] [--tolerance N] [--linear]\n"
		"       rl-shot-check diff A.xwd B.xwd x,y,w,h [--allow x,y,w,h]...\n"
		"       rl-shot-check ink SHOT.xwd x,y,w,h MIN\n"
		"       rl-shot-check color SHOT.xwd x,y,w,h RRGGBB TOL MIN\n"
		"       rl-shot-check save SHOT.xwd x,y,w,h OUT.ppm\n");
	return 2;
}
