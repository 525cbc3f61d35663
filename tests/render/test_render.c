/* SPDX-License-Identifier: MIT */
/*
 * Offscreen tests of the EGL renderer: a surfaceless GLES 3 context, the
 * renderer drawing into an RGBA8 framebuffer, glReadPixels compared with
 * what the frame, cursor and status inputs say must be there.
 *
 *   test_render CASE     (CASE: see `cases` below; "all" runs every one)
 *
 * Exit 0 pass, 1 fail (also when there is no surfaceless EGL platform).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "relay/damage.h"
#include "relay/format.h"
#include "relay/protocol.h"
#include "render.h"
#include "viewport.h"

/* Pinned by docs/renderer.md. */
static const uint8_t status_bg[3] = { 0x20, 0x22, 0x26 };
static const uint8_t stage_colours[5][3] = {
	{ 0xF0, 0x8C, 0x28 }, { 0xE6, 0xDC, 0x32 }, { 0x3C, 0xC8, 0x5A },
	{ 0x46, 0x8C, 0xF0 }, { 0xD2, 0x5A, 0xDC },
};

#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "FAIL %s:%d: ", __func__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                        \
			fprintf(stderr, "\n");                               \
			return false;                                        \
		}                                                            \
	} while (0)

struct t {
	struct harness h;
	struct rl_renderer *r;
	uint64_t rng;
	uint64_t serial;
	unsigned dumps;
};

static uint32_t rnd(struct t *t)
{
	t->rng ^= t->rng << 13;
	t->rng ^= t->rng >> 7;
	t->rng ^= t->rng << 17;
	return (uint32_t)(t->rng >> 16);
}

static struct rl_renderer *make(struct t *t, enum rl_scale_mode scale,
				enum rl_filter filter, void *egl_display)
{
	struct rl_render_params p = { scale, filter, egl_display };

	rl_renderer_egl.destroy(t->r);
	t->r = rl_renderer_egl.create(&p, &t->h.cap.log);
	return t->r;
}

/* A frame of w x h in fmt with `pitch` (0: tight); padding bytes are 0xAB. */
static bool frame_alloc(struct rl_frame *f, uint32_t fmt, uint32_t w,
			uint32_t h, uint32_t pitch)
{
	uint32_t bpp = rl_format_bpp(fmt) ? rl_format_bpp(fmt) : 4;

	memset(f, 0, sizeof(*f));
	f->format = fmt;
	f->width = w;
	f->height = h;
	f->pitch = pitch ? pitch : w * bpp;
	f->capacity = (uint64_t)f->pitch * h;
	f->pixels = malloc(f->capacity);
	if (!f->pixels)
		return false;
	memset(f->pixels, 0xAB, f->capacity);
	rl_damage_set_full(&f->damage);
	return true;
}

static void fill_random(struct t *t, struct rl_frame *f)
{
	uint32_t bpp = rl_format_bpp(f->format);

	for (uint32_t y = 0; y < f->height; y++)
		for (uint32_t x = 0; x < f->width * bpp; x++)
			f->pixels[(size_t)y * f->pitch + x] = (uint8_t)rnd(t);
}

static void fill_solid(struct rl_frame *f, uint8_t r, uint8_t g, uint8_t b)
{
	for (uint32_t y = 0; y < f->height; y++) {
		for (uint32_t x = 0; x < f->width; x++) {
			uint8_t *p = f->pixels + (size_t)y * f->pitch + (size_t)x * 4;

			if (f->format == RL_FMT_BGRA8) {
				p[0] = b; p[1] = g; p[2] = r;
			} else {
				p[0] = r; p[1] = g; p[2] = b;
			}
			p[3] = 0; /* X11 capture leaves alpha 0: must not matter */
		}
	}
}

static bool upload(struct t *t, struct rl_frame *f)
{
	f->serial = ++t->serial;
	return rl_renderer_egl.upload(t->r, f);
}

/* RL_TEST_DUMP=DIR: every drawn image goes to DIR/NNN.ppm for a look. */
static void dump(struct t *t, const uint8_t *img, uint32_t w, uint32_t h)
{
	const char *dir = getenv("RL_TEST_DUMP");
	char path[512];
	FILE *out;

	if (!dir || !img)
		return;
	snprintf(path, sizeof(path), "%s/%03u.ppm", dir, t->dumps++);
	out = fopen(path, "wb");
	if (!out)
		return;
	fprintf(out, "P6 %u %u 255\n", w, h);
	for (size_t i = 0; i < (size_t)w * h; i++)
		fwrite(img + i * 4, 1, 3, out);
	fclose(out);
}

/* Draw into a width x height target and read it back (top row first). */
static uint8_t *draw(struct t *t, uint32_t w, uint32_t h,
		     const struct rl_overlay *o)
{
	uint8_t *img;

	if (!harness_target(&t->h, w, h))
		return NULL;
	glClearColor(1, 0, 1, 1); /* never what the renderer leaves */
	glClear(GL_COLOR_BUFFER_BIT);
	rl_renderer_egl.draw(t->r, w, h, o);
	img = harness_read(&t->h);
	dump(t, img, w, h);
	return img;
}

/* The RGB an 8-bit frame pixel must show as. */
static void expect8(const struct rl_frame *f, uint32_t x, uint32_t y,
		    uint8_t rgb[3])
{
	const uint8_t *p = f->pixels + (size_t)y * f->pitch + (size_t)x * 4;

	if (f->format == RL_FMT_BGRA8) {
		rgb[0] = p[2]; rgb[1] = p[1]; rgb[2] = p[0];
	} else {
		rgb[0] = p[0]; rgb[1] = p[1]; rgb[2] = p[2];
	}
}

static const uint8_t *px(const uint8_t *img, uint32_t w, uint32_t x, uint32_t y)
{
	return img + ((size_t)y * w + x) * 4;
}

/* Every pixel of the 1:1 image equals f (8-bit formats). */
static bool same_as_frame(const uint8_t *img, const struct rl_frame *f,
			  const char *what)
{
	for (uint32_t y = 0; y < f->height; y++) {
		for (uint32_t x = 0; x < f->width; x++) {
			const uint8_t *p = px(img, f->width, x, y);
			uint8_t e[3];

			expect8(f, x, y, e);
			CHECK(p[0] == e[0] && p[1] == e[1] && p[2] == e[2] && p[3] == 255,
			      "%s: pixel (%u,%u) is %02x%02x%02x%02x, frame has %02x%02x%02x",
			      what, x, y, p[0], p[1], p[2], p[3], e[0], e[1], e[2]);
		}
	}
	return true;
}

static bool draw_1to1(struct t *t, const struct rl_frame *f, const char *what)
{
	uint8_t *img = draw(t, f->width, f->height, NULL);
	bool ok;

	CHECK(img, "%s: readback", what);
	ok = same_as_frame(img, f, what);
	free(img);
	return ok;
}

/* ---- formats, widths, pitches ------------------------------------------- */

static float half_to_float(uint16_t h)
{
	int e = (h >> 10) & 0x1F;
	float m = (float)(h & 0x3FF);

	if (e == 0)
		return ldexpf(m, -24);
	return ldexpf(1.0f + m / 1024.0f, e - 15);
}

static bool test_formats(struct t *t)
{
	struct rl_frame f;
	uint8_t *img;
	bool ok = true;

	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	for (int i = 0; i < 2 && ok; i++) {
		uint32_t fmt = i ? RL_FMT_RGBA8 : RL_FMT_BGRA8;

		CHECK(frame_alloc(&f, fmt, 61, 37, 0), "alloc");
		fill_random(t, &f);
		CHECK(upload(t, &f), "upload %s", rl_format_name(fmt));
		ok = draw_1to1(t, &f, rl_format_name(fmt));
		rl_frame_finish(&f);
	}
	CHECK(ok, "8-bit formats");

	/* RGBA10: R bits 0-9, G 10-19, B 20-29, A 30-31 */
	CHECK(frame_alloc(&f, RL_FMT_RGBA10, 45, 29, 0), "alloc");
	fill_random(t, &f);
	CHECK(upload(t, &f), "upload rgba10");
	img = draw(t, f.width, f.height, NULL);
	CHECK(img, "readback");
	for (uint32_t y = 0; y < f.height && ok; y++) {
		for (uint32_t x = 0; x < f.width && ok; x++) {
			uint32_t w;
			const uint8_t *p = px(img, f.width, x, y);

			memcpy(&w, f.pixels + (size_t)y * f.pitch + x * 4, 4);
			for (int c = 0; c < 3; c++) {
				double v = ((w >> (10 * c)) & 0x3FF) / 1023.0 * 255.0;

				if (fabs(p[c] - v) > 1.0) {
					fprintf(stderr, "FAIL rgba10 (%u,%u) channel %d: %u, expected %.1f\n",
						x, y, c, p[c], v);
					ok = false;
				}
			}
		}
	}
	free(img);
	rl_frame_finish(&f);
	CHECK(ok, "rgba10");

	/* RGBA16F: halves in [2^-14, 1) */
	CHECK(frame_alloc(&f, RL_FMT_RGBA16F, 33, 21, 0), "alloc");
	for (uint32_t y = 0; y < f.height; y++) {
		for (uint32_t x = 0; x < f.width * 4; x++) {
			uint16_t hv = (uint16_t)(((1 + rnd(t) % 14) << 10) | (rnd(t) & 0x3FF));

			memcpy(f.pixels + (size_t)y * f.pitch + x * 2, &hv, 2);
		}
	}
	CHECK(upload(t, &f), "upload rgba16f");
	img = draw(t, f.width, f.height, NULL);
	CHECK(img, "readback");
	for (uint32_t y = 0; y < f.height && ok; y++) {
		for (uint32_t x = 0; x < f.width && ok; x++) {
			const uint8_t *p = px(img, f.width, x, y);

			for (int c = 0; c < 3; c++) {
				uint16_t hv;
				double v;

				memcpy(&hv, f.pixels + (size_t)y * f.pitch + x * 8 + c * 2, 2);
				v = half_to_float(hv) * 255.0;
				if (fabs(p[c] - v) > 1.0) {
					fprintf(stderr, "FAIL rgba16f (%u,%u) channel %d: %u, expected %.1f\n",
						x, y, c, p[c], v);
					ok = false;
				}
			}
		}
	}
	free(img);
	rl_frame_finish(&f);
	CHECK(ok, "rgba16f");

	/* BGRA without GL_EXT_texture_format_BGRA8888: swizzled RGBA storage */
	setenv("RL_RENDER_BGRA", "swizzle", 1);
	harness_log_reset(&t->h);
	make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL);
	unsetenv("RL_RENDER_BGRA");
	CHECK(t->r, "create (swizzle)");
	CHECK(harness_logged(&t->h, "BGRA swizzled"), "the swizzle path was not taken");
	CHECK(frame_alloc(&f, RL_FMT_BGRA8, 61, 37, 0), "alloc");
	fill_random(t, &f);
	CHECK(upload(t, &f), "upload bgra (swizzle)");
	ok = draw_1to1(t, &f, "bgra swizzled");
	rl_frame_finish(&f);
	return ok;
}

static bool test_odd_widths(struct t *t)
{
	static const struct {
		uint32_t fmt, w, h, pad; /* pad: pitch - width * 4 */
	} cases[] = {
		{ RL_FMT_BGRA8, 1366, 768, 0 },
		{ RL_FMT_RGBA8, 1023, 767, 0 },
		{ RL_FMT_BGRA8, 1023, 33, 12 }, /* pitch a whole number of pixels */
		{ RL_FMT_RGBA8, 1023, 33, 3 },  /* pitch not a multiple of 4 */
		{ RL_FMT_BGRA8, 1, 1, 0 },
	};
	struct rl_frame f;
	char what[64];

	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok;

		CHECK(frame_alloc(&f, cases[i].fmt, cases[i].w, cases[i].h,
				  cases[i].w * 4 + cases[i].pad), "alloc");
		fill_random(t, &f);
		CHECK(upload(t, &f), "upload");
		snprintf(what, sizeof(what), "%s %ux%u pitch %u",
			 rl_format_name(f.format), f.width, f.height, f.pitch);
		ok = draw_1to1(t, &f, what);
		rl_frame_finish(&f);
		if (!ok)
			return false;
	}
	return true;
}

/* ---- damage ------------------------------------------------------------- */

static bool test_damage(struct t *t)
{
	static const struct rl_rect rects[] = {
		{ 0, 0, 17, 5 },        /* top-left corner */
		{ 1000, 700, 366, 68 }, /* to the right and bottom edges */
		{ 500, 300, 1, 1 },     /* one pixel */
	};
	struct rl_frame f, old;
	uint8_t *img;
	bool ok = true;
	size_t changed = 0;

	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	CHECK(frame_alloc(&f, RL_FMT_BGRA8, 1366, 768, 0), "alloc");
	CHECK(frame_alloc(&old, RL_FMT_BGRA8, 1366, 768, 0), "alloc");
	fill_random(t, &f);
	memcpy(old.pixels, f.pixels, f.capacity);
	CHECK(upload(t, &f), "first upload");

	/* every pixel changes, but only the damage may be taken */
	fill_random(t, &f);
	rl_damage_clear(&f.damage);
	for (size_t i = 0; i < sizeof(rects) / sizeof(rects[0]); i++)
		rl_damage_add(&f.damage, rects[i], f.width, f.height);
	CHECK(upload(t, &f), "damage upload");
	img = draw(t, f.width, f.height, NULL);
	CHECK(img, "readback");
	for (uint32_t y = 0; y < f.height && ok; y++) {
		for (uint32_t x = 0; x < f.width && ok; x++) {
			bool in = rl_damage_covers(&f.damage, x, y);
			const struct rl_frame *src = in ? &f : &old;
			const uint8_t *p = px(img, f.width, x, y);
			uint8_t e[3];

			expect8(src, x, y, e);
			if (p[0] != e[0] || p[1] != e[1] || p[2] != e[2]) {
				fprintf(stderr, "FAIL damage: (%u,%u) %s the damage shows %02x%02x%02x, expected %02x%02x%02x\n",
					x, y, in ? "inside" : "outside", p[0], p[1], p[2],
					e[0], e[1], e[2]);
				ok = false;
			}
			changed += in;
		}
	}
	free(img);
	rl_frame_finish(&old);
	rl_frame_finish(&f);
	CHECK(ok, "damage-only update");
	CHECK(changed == 17 * 5 + 366 * 68 + 1, "damage covers %zu pixels", changed);

	/* a size change uploads everything whatever the damage says */
	CHECK(frame_alloc(&f, RL_FMT_BGRA8, 1023, 767, 0), "alloc");
	fill_random(t, &f);
	rl_damage_clear(&f.damage);
	rl_damage_add(&f.damage, rects[2], f.width, f.height);
	CHECK(upload(t, &f), "resized upload");
	ok = draw_1to1(t, &f, "after a size change");
	CHECK(ok, "size change");
	/* and so does a format change */
	f.format = RL_FMT_RGBA8;
	fill_random(t, &f);
	CHECK(upload(t, &f), "reformatted upload");
	ok = draw_1to1(t, &f, "after a format change");
	rl_frame_finish(&f);
	return ok;
}

/* ---- scaling ------------------------------------------------------------ */

static bool vp_is(struct rl_viewport v, int32_t x, int32_t y, uint32_t w,
		  uint32_t h)
{
	return v.x == x && v.y == y && v.width == w && v.height == h;
}

static bool test_scale(struct t *t)
{
	static const struct {
		enum rl_scale_mode mode;
		uint32_t fw, fh, ww, wh;
		struct rl_viewport want;
	} cases[] = {
		{ RL_SCALE_FIT, 640, 480, 1000, 600, { 100, 0, 800, 600 } },
		{ RL_SCALE_FIT, 640, 480, 640, 1000, { 0, 260, 640, 480 } },
		{ RL_SCALE_FIT, 1920, 1080, 1366, 768, { 0, 0, 1365, 768 } }, /* not 16:9 */
		{ RL_SCALE_FIT, 1920, 1080, 1000, 1000, { 0, 218, 1000, 563 } }, /* 218.5 down */
		{ RL_SCALE_FIT, 1023, 767, 1000, 500, { 166, 0, 667, 500 } }, /* 666.9 up */
		{ RL_SCALE_INTEGER, 640, 480, 1000, 600, { 180, 60, 640, 480 } },
		{ RL_SCALE_INTEGER, 640, 480, 1300, 1000, { 10, 20, 1280, 960 } },
		{ RL_SCALE_INTEGER, 1920, 1080, 960, 600, { -480, -240, 1920, 1080 } },
		{ RL_SCALE_NO_UPSCALE, 640, 480, 1000, 600, { 180, 60, 640, 480 } },
		{ RL_SCALE_NO_UPSCALE, 1920, 1080, 960, 600, { 0, 30, 960, 540 } },
		{ RL_SCALE_STRETCH, 640, 480, 1000, 600, { 0, 0, 1000, 600 } },
	};
	struct rl_frame f;
	const uint8_t colour[3] = { 0x30, 0xC0, 0x90 };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_viewport want = cases[i].want, v;
		uint8_t *img;
		bool ok = true;

		v = rl_viewport_compute(cases[i].mode, cases[i].fw, cases[i].fh,
					cases[i].ww, cases[i].wh);
		CHECK(vp_is(v, want.x, want.y, want.width, want.height),
		      "case %zu: computed viewport %d,%d %ux%u, expected %d,%d %ux%u",
		      i, v.x, v.y, v.width, v.height, want.x, want.y,
		      want.width, want.height);

		CHECK(make(t, cases[i].mode, RL_FILTER_NEAREST, NULL), "create");
		v = rl_renderer_egl.viewport(t->r, cases[i].ww, cases[i].wh);
		CHECK(vp_is(v, 0, 0, 0, 0), "viewport before any frame: %d,%d %ux%u",
		      v.x, v.y, v.width, v.height);
		CHECK(frame_alloc(&f, RL_FMT_BGRA8, cases[i].fw, cases[i].fh, 0), "alloc");
		fill_solid(&f, colour[0], colour[1], colour[2]);
		CHECK(upload(t, &f), "upload");
		rl_frame_finish(&f);
		v = rl_renderer_egl.viewport(t->r, cases[i].ww, cases[i].wh);
		CHECK(vp_is(v, want.x, want.y, want.width, want.height),
		      "case %zu: renderer viewport %d,%d %ux%u", i, v.x, v.y,
		      v.width, v.height);

		/* draw() agrees: frame colour exactly inside, black letterbox */
		img = draw(t, cases[i].ww, cases[i].wh, NULL);
		CHECK(img, "readback");
		for (uint32_t y = 0; y < cases[i].wh && ok; y++) {
			for (uint32_t x = 0; x < cases[i].ww && ok; x++) {
				const uint8_t *p = px(img, cases[i].ww, x, y);
				bool in = (int64_t)x >= v.x && (int64_t)x < v.x + (int64_t)v.width &&
					  (int64_t)y >= v.y && (int64_t)y < v.y + (int64_t)v.height;
				const uint8_t black[3] = { 0, 0, 0 };
				const uint8_t *e = in ? colour : black;

				if (p[0] != e[0] || p[1] != e[1] || p[2] != e[2] || p[3] != 255) {
					fprintf(stderr, "FAIL scale case %zu: (%u,%u) %s is %02x%02x%02x%02x\n",
						i, x, y, in ? "inside" : "letterbox",
						p[0], p[1], p[2], p[3]);
					ok = false;
				}
			}
		}
		free(img);
		if (!ok)
			return false;
	}
	return true;
}

/* Bilinear sample of an 8-bit frame at texel-space (s, t), clamped. */
static double bilinear(const struct rl_frame *f, double s, double tt, int c)
{
	double fx = s - 0.5, fy = tt - 0.5;
	int x0 = (int)floor(fx), y0 = (int)floor(fy);
	double ax = fx - x0, ay = fy - y0, v = 0;

	for (int j = 0; j < 2; j++) {
		for (int i = 0; i < 2; i++) {
			int x = x0 + i, y = y0 + j;
			uint8_t e[3];

			x = x < 0 ? 0 : x >= (int)f->width ? (int)f->width - 1 : x;
			y = y < 0 ? 0 : y >= (int)f->height ? (int)f->height - 1 : y;
			expect8(f, (uint32_t)x, (uint32_t)y, e);
			v += e[c] * (i ? ax : 1 - ax) * (j ? ay : 1 - ay);
		}
	}
	return v;
}

static bool test_linear(struct t *t)
{
	static const struct {
		enum rl_filter filter;
		uint32_t ww, wh;
	} cases[] = {
		{ RL_FILTER_NEAREST, 128, 96 },
		{ RL_FILTER_LINEAR, 128, 96 },
		{ RL_FILTER_LINEAR, 100, 75 },
		{ RL_FILTER_LINEAR, 50, 37 },
	};
	struct rl_frame f;

	CHECK(frame_alloc(&f, RL_FMT_RGBA8, 64, 48, 0), "alloc");
	fill_random(t, &f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t ww = cases[i].ww, wh = cases[i].wh;
		struct rl_viewport v;
		double worst = 0;
		uint8_t *img;

		CHECK(make(t, RL_SCALE_FIT, cases[i].filter, NULL), "create");
		CHECK(upload(t, &f), "upload");
		v = rl_renderer_egl.viewport(t->r, ww, wh);
		img = draw(t, ww, wh, NULL);
		CHECK(img, "readback");
		for (uint32_t y = (uint32_t)v.y; y < v.y + v.height; y++) {
			for (uint32_t x = (uint32_t)v.x; x < v.x + v.width; x++) {
				double s = (x - v.x + 0.5) * f.width / v.width;
				double tt = (y - v.y + 0.5) * f.height / v.height;

				for (int c = 0; c < 3; c++) {
					double e, d;

					if (cases[i].filter == RL_FILTER_NEAREST) {
						uint8_t n[3];

						expect8(&f, (uint32_t)s, (uint32_t)tt, n);
						e = n[c];
					} else {
						e = bilinear(&f, s, tt, c);
					}
					d = fabs(px(img, ww, x, y)[c] - e);
					if (d > worst)
						worst = d;
				}
			}
		}
		free(img);
		/* nearest is exact; linear within a rounding and weight step */
		CHECK(worst <= (cases[i].filter == RL_FILTER_NEAREST ? 0 : 3),
		      "case %zu (%s %ux%u): worst channel error %.1f", i,
		      cases[i].filter == RL_FILTER_NEAREST ? "nearest" : "linear",
		      ww, wh, worst);
	}
	rl_frame_finish(&f);
	return true;
}

/* ---- cursor ------------------------------------------------------------- */

static struct rl_cursor *cursor_new(uint32_t type, uint32_t w, uint32_t h,
				    uint32_t pitch, int32_t hx, int32_t hy)
{
	static uint64_t serial;
	struct rl_cursor *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->shape_serial = ++serial;
	c->type = type;
	c->width = w;
	c->height = h;
	c->pitch = pitch;
	c->hot_x = hx;
	c->hot_y = hy;
	return c;
}

static bool near(const uint8_t *p, double r, double g, double b, double tol)
{
	return fabs(p[0] - r) <= tol && fabs(p[1] - g) <= tol && fabs(p[2] - b) <= tol;
}

static bool test_cursor_color(struct t *t)
{
	const uint8_t bg[3] = { 40, 80, 120 }, cc[3] = { 200, 10, 250 };
	struct rl_cursor *cur = cursor_new(RL_CURSOR_COLOR, 8, 8, 32, 2, 3);
	struct rl_frame f;
	uint8_t *img;

	CHECK(cur, "alloc");
	/* columns 0-1 alpha 0, 2-3 alpha 0x80, 4-7 alpha 0xFF; BGRA */
	for (uint32_t y = 0; y < 8; y++) {
		for (uint32_t x = 0; x < 8; x++) {
			uint8_t *p = cur->data + y * 32 + x * 4;

			p[0] = cc[2]; p[1] = cc[1]; p[2] = cc[0];
			p[3] = x < 2 ? 0 : x < 4 ? 0x80 : 0xFF;
		}
	}
	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	CHECK(frame_alloc(&f, RL_FMT_BGRA8, 200, 150, 0), "alloc");
	fill_solid(&f, bg[0], bg[1], bg[2]);
	CHECK(upload(t, &f), "upload");
	rl_renderer_egl.cursor_shape(t->r, cur);
	rl_renderer_egl.cursor_move(t->r, 50, 60, true);

	for (int scale = 1; scale <= 2; scale++) {
		uint32_t ww = 200 * (uint32_t)scale, wh = 150 * (uint32_t)scale;
		uint32_t x0 = 48 * (uint32_t)scale, y0 = 57 * (uint32_t)scale;
		uint32_t cs = 8 * (uint32_t)scale;

		img = draw(t, ww, wh, NULL);
		CHECK(img, "readback");
		for (uint32_t y = y0 - 2; y < y0 + cs + 2; y++) {
			for (uint32_t x = x0 - 2; x < x0 + cs + 2; x++) {
				const uint8_t *p = px(img, ww, x, y);
				bool in = x >= x0 && x < x0 + cs && y >= y0 && y < y0 + cs;
				uint32_t cx = (x - x0) / (uint32_t)scale;
				double a = !in ? 0 : cx < 2 ? 0 : cx < 4 ? 128 / 255.0 : 1;
				double tol = a > 0 && a < 1 ? 1 : 0;

				CHECK(near(p, cc[0] * a + bg[0] * (1 - a),
					   cc[1] * a + bg[1] * (1 - a),
					   cc[2] * a + bg[2] * (1 - a), tol) && p[3] == 255,
				      "scale %d: (%u,%u) is %u,%u,%u,%u for alpha %.2f",
				      scale, x, y, p[0], p[1], p[2], p[3], a);
			}
		}
		free(img);
	}

	/* clipped to the frame: over the letterbox nothing is drawn */
	rl_renderer_egl.cursor_move(t->r, 195, 10, true); /* columns 193..200 */
	img = draw(t, 300, 150, NULL); /* frame at x 50..249 */
	CHECK(img, "readback");
	CHECK(near(px(img, 300, 249, 10), cc[0], cc[1], cc[2], 0),
	      "cursor not drawn at the frame's right edge");
	CHECK(near(px(img, 300, 250, 10), 0, 0, 0, 0), "cursor drawn over the letterbox");
	free(img);

	/* hidden */
	rl_renderer_egl.cursor_move(t->r, 50, 60, false);
	img = draw(t, 200, 150, NULL);
	CHECK(img, "readback");
	CHECK(near(px(img, 200, 53, 60), bg[0], bg[1], bg[2], 0), "hidden cursor drawn");
	free(img);

	/* a frame with the cursor baked in gets none drawn over it */
	rl_renderer_egl.cursor_move(t->r, 50, 60, true);
	f.flags = RL_FRAME_F_CURSOR_BAKED;
	CHECK(upload(t, &f), "upload");
	img = draw(t, 200, 150, NULL);
	CHECK(img, "readback");
	CHECK(near(px(img, 200, 53, 60), bg[0], bg[1], bg[2], 0), "cursor drawn over a baked frame");
	free(img);
	f.flags = 0;
	CHECK(upload(t, &f), "upload");
	img = draw(t, 200, 150, NULL);
	CHECK(img, "readback");
	CHECK(near(px(img, 200, 53, 60), cc[0], cc[1], cc[2], 0), "cursor not back after baked frames");
	free(img);

	/* an invalid shape is refused (logged) and hides the cursor */
	harness_log_reset(&t->h);
	cur->shape_serial++;
	cur->pitch = 4; /* smaller than 8 pixels of 4 bytes */
	rl_renderer_egl.cursor_shape(t->r, cur);
	CHECK(t->h.cap.lines == 1, "invalid shape logged %u times", t->h.cap.lines);
	img = draw(t, 200, 150, NULL);
	CHECK(img, "readback");
	CHECK(near(px(img, 200, 53, 60), bg[0], bg[1], bg[2], 0), "invalid shape drawn");
	free(img);

	rl_frame_finish(&f);
	free(cur);
	return true;
}

/* Frame pixels under the cursor vary, so inversion is really checked. */
static bool mask_frame(struct t *t, struct rl_frame *f)
{
	if (!frame_alloc(f, RL_FMT_BGRA8, 64, 48, 0))
		return false;
	fill_random(t, f);
	return upload(t, f);
}

static bool test_cursor_mono(struct t *t)
{
	/* 16 x 8; by column: 0-3 AND0 XOR0 black, 4-7 AND0 XOR1 white,
	 * 8-11 AND1 XOR0 transparent, 12-15 AND1 XOR1 inverted */
	struct rl_cursor *cur = cursor_new(RL_CURSOR_MONOCHROME, 16, 8, 2, 1, 1);
	struct rl_frame f;
	uint8_t *img;

	CHECK(cur, "alloc");
	for (uint32_t y = 0; y < 8; y++) {
		cur->data[y * 2 + 0] = 0x00;       /* AND cols 0-7 */
		cur->data[y * 2 + 1] = 0xFF;       /* AND cols 8-15 */
		cur->data[(8 + y) * 2 + 0] = 0x0F; /* XOR cols 4-7 */
		cur->data[(8 + y) * 2 + 1] = 0x0F; /* XOR cols 12-15 */
	}
	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	CHECK(mask_frame(t, &f), "frame");
	rl_renderer_egl.cursor_shape(t->r, cur);
	rl_renderer_egl.cursor_move(t->r, 21, 11, true); /* top-left 20,10 */
	img = draw(t, 64, 48, NULL);
	CHECK(img, "readback");
	for (uint32_t y = 8; y < 20; y++) {
		for (uint32_t x = 18; x < 38; x++) {
			const uint8_t *p = px(img, 64, x, y);
			uint8_t d[3], e[3];
			bool in = x >= 20 && x < 36 && y >= 10 && y < 18;
			uint32_t col = x - 20;

			expect8(&f, x, y, d);
			for (int c = 0; c < 3; c++) {
				if (!in || (col >= 8 && col < 12))
					e[c] = d[c];
				else if (col < 4)
					e[c] = 0;
				else if (col < 8)
					e[c] = 255;
				else
					e[c] = (uint8_t)(d[c] ^ 0xFF);
			}
			CHECK(p[0] == e[0] && p[1] == e[1] && p[2] == e[2] && p[3] == 255,
			      "(%u,%u) col %u: %u,%u,%u, expected %u,%u,%u (screen %u,%u,%u)",
			      x, y, col, p[0], p[1], p[2], e[0], e[1], e[2], d[0], d[1], d[2]);
		}
	}
	free(img);
	rl_frame_finish(&f);
	free(cur);
	return true;
}

static bool test_cursor_masked(struct t *t)
{
	/* 8 x 4, BGRA; by column: 0-1 A=0 replace with (10,20,30),
	 * 2-3 A=FF XOR FFFFFF, 4-5 A=FF XOR 000000, 6-7 A=FF XOR (40,80,C0) */
	static const uint8_t xv[4][3] = {
		{ 10, 20, 30 }, { 0xFF, 0xFF, 0xFF }, { 0, 0, 0 }, { 0x40, 0x80, 0xC0 },
	};
	struct rl_cursor *cur = cursor_new(RL_CURSOR_MASKED_COLOR, 8, 4, 32, 0, 0);
	struct rl_frame f;
	uint8_t *img;
	unsigned inexact = 0;

	CHECK(cur, "alloc");
	for (uint32_t y = 0; y < 4; y++) {
		for (uint32_t x = 0; x < 8; x++) {
			uint8_t *p = cur->data + y * 32 + x * 4;
			const uint8_t *v = xv[x / 2];

			p[0] = v[2]; p[1] = v[1]; p[2] = v[0];
			p[3] = x < 2 ? 0x00 : 0xFF;
		}
	}
	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	CHECK(mask_frame(t, &f), "frame");
	rl_renderer_egl.cursor_shape(t->r, cur);
	rl_renderer_egl.cursor_move(t->r, 30, 20, true);
	img = draw(t, 64, 48, NULL);
	CHECK(img, "readback");
	for (uint32_t y = 18; y < 26; y++) {
		for (uint32_t x = 28; x < 40; x++) {
			const uint8_t *p = px(img, 64, x, y);
			bool in = x >= 30 && x < 38 && y >= 20 && y < 24;
			uint32_t kind = in ? (x - 30) / 2 : 2; /* outside: unchanged */
			uint8_t d[3];

			expect8(&f, x, y, d);
			for (int c = 0; c < 3; c++) {
				double e, tol = 0;
				uint8_t v = xv[kind][c];

				if (kind == 0) {
					e = v;
				} else if (kind == 3) {
					/* documented approximation: x + d - 2xd */
					e = v + d[c] - 2.0 * v * d[c] / 255.0;
					tol = 1;
					inexact += (uint8_t)(d[c] ^ v) != (uint8_t)(e + 0.5);
				} else {
					e = d[c] ^ v; /* exact for 0x00 and 0xFF */
				}
				CHECK(fabs(p[c] - e) <= tol,
				      "(%u,%u) kind %u channel %d: %u, expected %.1f (screen %u)",
				      x, y, kind, c, p[c], e, d[c]);
			}
		}
	}
	/* the approximation really differs from a bitwise XOR somewhere */
	CHECK(inexact > 0, "soft XOR never differed from XOR: test data too weak");
	free(img);
	rl_frame_finish(&f);
	free(cur);
	return true;
}

/* ---- status screens ----------------------------------------------------- */

static bool bright(const uint8_t *p)
{
	return p[0] > 0xA0 && p[1] > 0xA0 && p[2] > 0xA0;
}

static bool is_bg(const uint8_t *p)
{
	return p[0] == status_bg[0] && p[1] == status_bg[1] && p[2] == status_bg[2];
}

static bool test_status(struct t *t)
{
	static const char long_text[] =
		"the host speaks relay protocol 2.0 but this client speaks 1.0: "
		"install the same relay version on both sides \xe2\x80\x94 host "
		"stopped (capture failed: the display went away)";
	struct rl_frame f;
	uint8_t *img;
	unsigned text_px = 0, reds = 0;
	uint32_t top = UINT32_MAX, bottom = 0, left = UINT32_MAX, right = 0;

	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	CHECK(frame_alloc(&f, RL_FMT_BGRA8, 320, 240, 0), "alloc");
	fill_solid(&f, 0xFF, 0, 0);
	CHECK(upload(t, &f), "upload");

	rl_renderer_egl.set_status(t->r, "waiting for host (it is starting)");
	img = draw(t, 800, 600, NULL);
	CHECK(img, "readback");
	for (uint32_t y = 0; y < 600; y++) {
		for (uint32_t x = 0; x < 800; x++) {
			const uint8_t *p = px(img, 800, x, y);

			reds += p[0] > 0xC0 && p[1] < 0x40 && p[2] < 0x40;
			if (!is_bg(p)) {
				text_px++;
				top = y < top ? y : top;
				bottom = y > bottom ? y : bottom;
				left = x < left ? x : left;
				right = x > right ? x : right;
			}
		}
	}
	free(img);
	CHECK(reds == 0, "%u frame pixels under the status screen", reds);
	CHECK(text_px > 200, "only %u text pixels", text_px);
	/* one line, centred */
	CHECK(bottom - top < 40, "text spans rows %u..%u", top, bottom);
	CHECK(abs((int)(top + bottom) - 600) <= 12 && abs((int)(left + right) - 800) <= 12,
	      "text box %u..%u x %u..%u is not centred", left, right, top, bottom);

	/* long text wraps inside the margins of a narrow window */
	rl_renderer_egl.set_status(t->r, long_text);
	img = draw(t, 300, 400, NULL);
	CHECK(img, "readback");
	top = UINT32_MAX, bottom = 0, left = UINT32_MAX, right = 0;
	text_px = 0;
	for (uint32_t y = 0; y < 400; y++) {
		for (uint32_t x = 0; x < 300; x++) {
			if (!is_bg(px(img, 300, x, y))) {
				text_px++;
				top = y < top ? y : top;
				bottom = y > bottom ? y : bottom;
				left = x < left ? x : left;
				right = x > right ? x : right;
			}
		}
	}
	free(img);
	CHECK(text_px > 500, "only %u text pixels", text_px);
	CHECK(left >= 20 && right < 280, "wrapped text spans columns %u..%u", left, right);
	CHECK(bottom - top > 5 * 22, "wrapped text spans only rows %u..%u", top, bottom);

	/* NULL shows the frame again */
	rl_renderer_egl.set_status(t->r, NULL);
	img = draw(t, 320, 240, NULL);
	CHECK(img, "readback");
	CHECK(px(img, 320, 160, 120)[0] == 0xFF && px(img, 320, 160, 120)[1] == 0,
	      "frame not back after set_status(NULL)");
	free(img);
	rl_frame_finish(&f);

	/* a status screen before any frame */
	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	rl_renderer_egl.set_status(t->r, "host stopped (exit code 4)");
	img = draw(t, 640, 480, NULL);
	CHECK(img, "readback");
	text_px = 0;
	for (uint32_t y = 220; y < 260; y++)
		for (uint32_t x = 0; x < 640; x++)
			text_px += bright(px(img, 640, x, y));
	CHECK(text_px > 100, "only %u bright pixels in the centre band", text_px);
	CHECK(is_bg(px(img, 640, 0, 0)) && is_bg(px(img, 640, 639, 479)),
	      "corners are not the status background");
	free(img);
	return true;
}

/* ---- overlay ------------------------------------------------------------ */

static bool test_overlay(struct t *t)
{
	struct rl_overlay *o = calloc(1, sizeof(*o));
	struct rl_frame f;
	uint8_t *plain, *img;
	unsigned found[5] = { 0 }, differ = 0, outside = 0;

	CHECK(o, "alloc");
	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	CHECK(frame_alloc(&f, RL_FMT_BGRA8, 640, 480, 0), "alloc");
	fill_solid(&f, 0x80, 0x80, 0x80);
	CHECK(upload(t, &f), "upload");
	rl_frame_finish(&f);

	o->fps = 143.9f;
	o->ups = 60.0f;
	o->count = RL_OVERLAY_HISTORY;
	o->head = 17;
	for (uint32_t i = 0; i < RL_OVERLAY_HISTORY; i++) {
		struct rl_frame_timing *tm = &o->history[i];

		tm->capture_to_publish = 2.0f + (float)(i % 7) * 0.3f;
		tm->publish_to_observed = 1.5f;
		tm->upload = 3.0f;
		tm->draw = 2.5f;
		tm->swap = 4.0f + (float)(i % 5);
	}

	plain = draw(t, 640, 480, NULL);
	img = draw(t, 640, 480, o);
	CHECK(plain && img, "readback");
	for (uint32_t y = 0; y < 480; y++) {
		for (uint32_t x = 0; x < 640; x++) {
			const uint8_t *p = px(img, 640, x, y), *q = px(plain, 640, x, y);

			if (memcmp(p, q, 4) == 0)
				continue;
			differ++;
			if (x >= 320 || y >= 300)
				outside++;
			for (int s = 0; s < 5; s++)
				found[s] += p[0] == stage_colours[s][0] &&
					    p[1] == stage_colours[s][1] &&
					    p[2] == stage_colours[s][2];
		}
	}
	CHECK(differ > 10000, "the overlay changed only %u pixels", differ);
	CHECK(outside == 0, "%u overlay pixels outside the top-left panel", outside);
	for (int s = 0; s < 5; s++)
		CHECK(found[s] > 100, "stage %d colour appears on %u pixels", s, found[s]);
	/* a translucent panel: frame grey darkened, not replaced */
	CHECK(px(img, 640, 10, 200)[0] < 0x80 && px(img, 640, 10, 200)[0] > 0x10,
	      "panel at (10,200) is %u", px(img, 640, 10, 200)[0]);
	free(img);
	free(plain);

	/* no history yet, and a status screen: still drawn, no crash */
	o->count = 0;
	rl_renderer_egl.set_status(t->r, "waiting for host");
	img = draw(t, 640, 480, o);
	CHECK(img, "readback");
	CHECK(!is_bg(px(img, 640, 12, 12)), "no overlay panel over the status screen");
	free(img);
	free(o);
	return true;
}

/* ---- refusals ----------------------------------------------------------- */

static bool test_reject(struct t *t)
{
	struct rl_frame f;
	uint8_t *img;

	CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, NULL), "create");
	CHECK(frame_alloc(&f, RL_FMT_BGRA8, 32, 16, 0), "alloc");
	fill_solid(&f, 0, 0xFF, 0);
	CHECK(upload(t, &f), "valid upload");

	harness_log_reset(&t->h);
	f.format = 99;
	CHECK(!upload(t, &f), "format 99 accepted");
	CHECK(!upload(t, &f), "format 99 accepted the second time");
	CHECK(t->h.cap.lines == 1, "format 99: %u log lines", t->h.cap.lines);
	CHECK(strstr(t->h.cap.last, "99") && strstr(t->h.cap.last, "not supported"),
	      "unclear message: %s", t->h.cap.last);
	f.format = 5;
	CHECK(!upload(t, &f), "format 5 accepted");
	CHECK(t->h.cap.lines == 2, "format 5 not logged (%u lines)", t->h.cap.lines);

	f.format = RL_FMT_BGRA8;
	f.pitch = 16; /* < 32 * 4 */
	CHECK(!upload(t, &f), "short pitch accepted");
	f.pitch = 128;
	f.capacity = 128 * 15; /* one row short */
	CHECK(!upload(t, &f), "short buffer accepted");
	CHECK(t->h.cap.lines == 3, "bad frames logged %u times (want once)", t->h.cap.lines - 2);
	f.capacity = 128 * 16;

	/* the last good frame is still shown, and good frames still work */
	img = draw(t, 32, 16, NULL);
	CHECK(img && px(img, 32, 5, 5)[1] == 0xFF, "previous frame lost");
	free(img);
	fill_solid(&f, 0, 0, 0xFF);
	CHECK(upload(t, &f), "valid upload after refusals");
	img = draw(t, 32, 16, NULL);
	CHECK(img && px(img, 32, 5, 5)[2] == 0xFF, "new frame not shown");
	free(img);
	rl_frame_finish(&f);
	return true;
}

static bool test_dmabuf(struct t *t)
{
	struct rl_frame f;
	uint8_t *img;
	int fd;

	fd = memfd_create("relay-test-not-a-dmabuf", MFD_CLOEXEC);
	CHECK(fd >= 0, "memfd_create");
	CHECK(ftruncate(fd, 1 << 20) == 0, "ftruncate");
	CHECK(frame_alloc(&f, RL_FMT_BGRA8, 64, 32, 0), "alloc");
	fill_solid(&f, 0x11, 0x22, 0x33);

	for (int pass = 0; pass < 2; pass++) {
		/* pass 0: this display (no import here, or memfd is refused);
		 * pass 1: no EGL display given */
		harness_log_reset(&t->h);
		CHECK(make(t, RL_SCALE_FIT, RL_FILTER_NEAREST, pass ? NULL : t->h.dpy),
		      "create");
		CHECK(rl_renderer_egl.upload_dmabuf, "upload_dmabuf is NULL");
		CHECK(upload(t, &f), "upload");
		harness_log_reset(&t->h);
		for (int i = 0; i < 3; i++) {
			f.serial = ++t->serial;
			CHECK(!rl_renderer_egl.upload_dmabuf(t->r, fd, 4096, f.pitch, &f),
			      "pass %d: upload_dmabuf succeeded with a memfd", pass);
		}
		CHECK(t->h.cap.lines == 1, "pass %d: %u log lines for three refusals",
		      pass, t->h.cap.lines);
		CHECK(strstr(t->h.cap.last, "DMA-buf") && strstr(t->h.cap.last, "CPU"),
		      "unclear message: %s", t->h.cap.last);
		fprintf(stderr, "pass %d fallback reason: %s\n", pass, t->h.cap.last);
		/* the frame texture is untouched, and the CPU path carries on */
		img = draw(t, 64, 32, NULL);
		CHECK(img && near(px(img, 64, 3, 3), 0x11, 0x22, 0x33, 0),
		      "frame changed by a refused DMA-buf upload");
		free(img);
		fill_solid(&f, 0x44, 0x55, 0x66);
		CHECK(upload(t, &f), "CPU upload after the fallback");
		img = draw(t, 64, 32, NULL);
		CHECK(img && near(px(img, 64, 3, 3), 0x44, 0x55, 0x66, 0), "fallback frame not shown");
		free(img);
		fill_solid(&f, 0x11, 0x22, 0x33);
	}
	rl_frame_finish(&f);
	close(fd);
	return true;
}

/* ---- contexts the renderer must refuse ---------------------------------- */

static bool test_context(struct t *t)
{
	struct rl_render_params p = { RL_SCALE_FIT, RL_FILTER_LINEAR, NULL };
	struct harness gl;
	struct rl_renderer *r;
	char path[] = "/tmp/relay-fonts-XXXXXX";
	FILE *conf;
	int fd, rc;

	/* no current context */
	eglMakeCurrent(t->h.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	harness_log_reset(&t->h);
	r = rl_renderer_egl.create(&p, &t->h.cap.log);
	CHECK(!r, "created without a context");
	CHECK(strstr(t->h.cap.last, "no EGL context"), "unclear message: %s", t->h.cap.last);
	CHECK(eglMakeCurrent(t->h.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, t->h.ctx), "make current");

	/* no font: an empty fontconfig configuration */
	fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp");
	conf = fdopen(fd, "w");
	CHECK(conf, "fdopen");
	fputs("<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n", conf);
	fclose(conf);
	setenv("FONTCONFIG_FILE", path, 1);
	harness_log_reset(&t->h);
	r = rl_renderer_egl.create(&p, &t->h.cap.log);
	unsetenv("FONTCONFIG_FILE");
	unlink(path);
	CHECK(!r, "created without any font");
	CHECK(strstr(t->h.cap.last, "fonts-dejavu-core"), "message names no package: %s",
	      t->h.cap.last);
	r = rl_renderer_egl.create(&p, &t->h.cap.log);
	CHECK(r, "create with fonts back");
	rl_renderer_egl.destroy(r);
	rl_renderer_egl.destroy(NULL);

	/* desktop OpenGL is not GLES 3 */
	rc = harness_init(&gl, false);
	if (rc == 0) {
		harness_log_reset(&gl);
		r = rl_renderer_egl.create(&p, &gl.cap.log);
		CHECK(!r, "created on desktop OpenGL");
		CHECK(strstr(gl.cap.last, "OpenGL ES 3.0"), "unclear message: %s", gl.cap.last);
	} else {
		fprintf(stderr, "note: no desktop OpenGL context here; that refusal is not checked\n");
	}
	harness_finish(&gl);
	/* back to this test's GLES context (the API binding is per thread) */
	CHECK(eglBindAPI(EGL_OPENGL_ES_API), "eglBindAPI");
	CHECK(eglMakeCurrent(t->h.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, t->h.ctx),
	      "make the GLES context current again");
	r = rl_renderer_egl.create(&p, &t->h.cap.log);
	CHECK(r, "create after the desktop GL refusal");
	rl_renderer_egl.destroy(r);
	return true;
}

static const struct {
	const char *name;
	bool (*fn)(struct t *t);
} cases[] = {
	{ "formats", test_formats },
	{ "odd_widths", test_odd_widths },
	{ "damage", test_damage },
	{ "scale", test_scale },
	{ "linear", test_linear },
	{ "cursor_color", test_cursor_color },
	{ "cursor_mono", test_cursor_mono },
	{ "cursor_masked", test_cursor_masked },
	{ "status", test_status },
	{ "overlay", test_overlay },
	{ "reject", test_reject },
	{ "dmabuf", test_dmabuf },
	{ "context", test_context },
};

int main(int argc, char **argv)
{
	const char *which = argc > 1 ? argv[1] : "all";
	struct t t = { .rng = 0x9E3779B97F4A7C15ull };
	int failed = 0, ran = 0, rc;

	rc = harness_init(&t.h, true);
	if (rc) {
		harness_finish(&t.h);
		return rc;
	}
	fprintf(stderr, "GL: %s / %s\n", (const char *)glGetString(GL_RENDERER),
		(const char *)glGetString(GL_VERSION));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strcmp(which, "all") != 0 && strcmp(which, cases[i].name) != 0)
			continue;
		ran++;
		if (cases[i].fn(&t)) {
			printf("PASS %s\n", cases[i].name);
		} else {
			printf("FAIL %s\n", cases[i].name);
			failed++;
		}
		rl_renderer_egl.destroy(t.r);
		t.r = NULL;
	}
	harness_finish(&t.h);
	if (!ran) {
		fprintf(stderr, "unknown case %s\n", which);
		return 2;
	}
	return failed ? 1 : 0;
}
