/* SPDX-License-Identifier: MIT */
/* A present's damage: frame rects through the viewport onto the drawable. */
#include "check.h"
#include "present.h"

static struct rl_damage one(uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	struct rl_damage d;

	rl_damage_clear(&d);
	rl_damage_add(&d, (struct rl_rect){ x, y, w, h }, 1920, 1080);
	return d;
}

/* Every frame pixel of r, drawn through vp, lies inside one of out. */
static int covers(const struct rl_rect *out, uint32_t n, struct rl_rect r, struct rl_viewport vp,
		  uint32_t fw, uint32_t fh)
{
	double sx = (double)vp.width / fw, sy = (double)vp.height / fh;
	int64_t x0 = vp.x + (int64_t)(r.x * sx), y0 = vp.y + (int64_t)(r.y * sy);
	int64_t x1 = vp.x + (int64_t)((r.x + r.w) * sx + 0.999), y1 = vp.y + (int64_t)((r.y + r.h) * sy + 0.999);

	for (int64_t y = y0; y < y1; y++) {
		for (int64_t x = x0; x < x1; x++) {
			int in = 0;

			for (uint32_t i = 0; i < n && !in; i++)
				in = x >= out[i].x && x < (int64_t)out[i].x + out[i].w && y >= out[i].y &&
				     y < (int64_t)out[i].y + out[i].h;
			if (!in)
				return 0;
		}
	}
	return 1;
}

static void test_one_to_one(void)
{
	struct rl_damage d = one(100, 50, 64, 32);
	struct rl_viewport vp = { 0, 0, 1920, 1080 };
	struct rl_rect out[RL_MAX_DAMAGE];
	uint32_t n = rl_present_rects(&d, 1920, 1080, vp, 1920, 1080, out);

	CHECK(n == 1);
	/* A pixel wider on every side, no more. */
	CHECK(out[0].x == 99 && out[0].y == 49 && out[0].w == 66 && out[0].h == 34);
}

static void test_letterbox_offset(void)
{
	struct rl_damage d;
	struct rl_viewport vp = { 192, 140, 640, 360 };
	struct rl_rect out[RL_MAX_DAMAGE];
	uint32_t n;

	rl_damage_clear(&d);
	rl_damage_add(&d, (struct rl_rect){ 0, 0, 10, 10 }, 640, 360);
	n = rl_present_rects(&d, 640, 360, vp, 1024, 640, out);
	CHECK(n == 1);
	CHECK(out[0].x == 191 && out[0].y == 139 && out[0].w == 12 && out[0].h == 12);
}

static void test_scaled_covers(void)
{
	struct rl_viewport vp = { 0, 0, 2880, 1620 }; /* 1.5x */
	struct rl_rect out[RL_MAX_DAMAGE];
	struct rl_rect r[] = { { 1, 1, 1, 1 }, { 333, 777, 17, 5 }, { 1900, 1070, 20, 10 } };

	for (unsigned i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		struct rl_damage d = one(r[i].x, r[i].y, r[i].w, r[i].h);
		uint32_t n = rl_present_rects(&d, 1920, 1080, vp, 2880, 1620, out);

		CHECK(n == 1);
		CHECK(covers(out, n, r[i], vp, 1920, 1080));
		CHECK(out[0].w <= (uint32_t)(r[i].w * 1.5 + 4) && out[0].h <= (uint32_t)(r[i].h * 1.5 + 4));
	}
}

static void test_clipped_to_drawable(void)
{
	struct rl_damage d = one(1900, 1060, 20, 20);
	struct rl_viewport vp = { 0, 0, 1920, 1080 };
	struct rl_rect out[RL_MAX_DAMAGE];
	uint32_t n = rl_present_rects(&d, 1920, 1080, vp, 1920, 1080, out);

	CHECK(n == 1);
	CHECK(out[0].x + out[0].w == 1920 && out[0].y + out[0].h == 1080);
	/* A viewport larger than the drawable (zoomed past the edge). */
	vp = (struct rl_viewport){ -100, -100, 3840, 2160 };
	d = one(0, 0, 8, 8);
	n = rl_present_rects(&d, 1920, 1080, vp, 1920, 1080, out);
	CHECK(n == 1 && out[0].w == 1 && out[0].h == 1 && out[0].x == 0); /* off screen: a pixel */
}

static void test_many_and_empty(void)
{
	struct rl_damage d;
	struct rl_viewport vp = { 0, 0, 1920, 1080 };
	struct rl_rect out[RL_MAX_DAMAGE];
	uint32_t n;

	rl_damage_clear(&d);
	for (uint32_t i = 0; i < 10; i++)
		rl_damage_add(&d, (struct rl_rect){ i * 100, i * 50, 10, 10 }, 1920, 1080);
	n = rl_present_rects(&d, 1920, 1080, vp, 1920, 1080, out);
	CHECK(n == 10);
	for (uint32_t i = 0; i < 10; i++)
		CHECK(covers(out, n, (struct rl_rect){ i * 100, i * 50, 10, 10 }, vp, 1920, 1080));
	rl_damage_clear(&d);
	n = rl_present_rects(&d, 1920, 1080, vp, 1920, 1080, out);
	CHECK(n == 1 && out[0].w == 1 && out[0].h == 1);
}

int main(void)
{
	test_one_to_one();
	test_letterbox_offset();
	test_scaled_covers();
	test_clipped_to_drawable();
	test_many_and_empty();
	return check_summary();
}
