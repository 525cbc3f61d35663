/* SPDX-License-Identifier: MIT */
/*
 * The portable half of the DXGI backend (host/capture/dxgi_convert.h):
 * dirty and move rects into damage (clipping, merging, cap, full
 * fallback) and the three DXGI pointer shape types into protocol cursors.
 */
#include <string.h>

#include "check.h"
#include "dxgi_convert.h"
#include "relay/protocol.h"

#define W 1920u
#define H 1080u

static bool all_inside(const struct rl_damage *d)
{
	for (uint32_t i = 0; i < d->count; i++)
		if (!rl_rect_inside(d->rects[i], W, H))
			return false;
	return true;
}

static void test_clip(void)
{
	struct rl_rect r;

	CHECK(rl_dxgi_clip_rect((struct rl_dxgi_rect){ 10, 20, 30, 60 }, W, H, &r));
	CHECK(r.x == 10 && r.y == 20 && r.w == 20 && r.h == 40);
	/* Negative origin and beyond the frame are clipped. */
	CHECK(rl_dxgi_clip_rect((struct rl_dxgi_rect){ -5, -7, 5, 7 }, W, H, &r));
	CHECK(r.x == 0 && r.y == 0 && r.w == 5 && r.h == 7);
	CHECK(rl_dxgi_clip_rect((struct rl_dxgi_rect){ 1900, 1070, 4000, 4000 }, W, H, &r));
	CHECK(r.x == 1900 && r.y == 1070 && r.w == 20 && r.h == 10);
	/* Empty, inverted, entirely outside. */
	CHECK(!rl_dxgi_clip_rect((struct rl_dxgi_rect){ 5, 5, 5, 9 }, W, H, &r));
	CHECK(!rl_dxgi_clip_rect((struct rl_dxgi_rect){ 9, 9, 5, 5 }, W, H, &r));
	CHECK(!rl_dxgi_clip_rect((struct rl_dxgi_rect){ 2000, 0, 2100, 10 }, W, H, &r));
	CHECK(!rl_dxgi_clip_rect((struct rl_dxgi_rect){ INT32_MIN, INT32_MIN, -1, -1 }, W, H, &r));
	CHECK(rl_dxgi_clip_rect((struct rl_dxgi_rect){ INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX },
				W, H, &r));
	CHECK(r.x == 0 && r.y == 0 && r.w == W && r.h == H);
}

static void test_dirty(void)
{
	struct rl_damage d;
	const struct rl_dxgi_rect dirty[] = {
		{ 0, 0, 100, 100 },
		{ 50, 50, 150, 150 },
		{ 1800, 1000, 2500, 1500 }, /* clipped */
		{ 10, 10, 10, 20 },        /* empty: dropped */
	};

	rl_damage_clear(&d);
	rl_dxgi_damage(&d, dirty, 4, NULL, 0, W, H);
	CHECK(!d.full);
	CHECK(d.count >= 2 && d.count <= 3);
	CHECK(all_inside(&d));
	CHECK(rl_damage_covers(&d, 0, 0) && rl_damage_covers(&d, 149, 149) && rl_damage_covers(&d, 1919, 1079));
	CHECK(rl_damage_covers(&d, 1800, 1000));
	CHECK(!rl_damage_covers(&d, 500, 500));
	/* Nothing changed: nothing damaged. */
	rl_damage_clear(&d);
	rl_dxgi_damage(&d, NULL, 0, NULL, 0, W, H);
	CHECK(rl_damage_empty(&d));
}

static void test_moves(void)
{
	struct rl_damage d;
	/* A window dragged 300 px right: source and destination both change. */
	const struct rl_dxgi_move moves[] = {
		{ 100, 200, { 400, 200, 800, 500 } },
		{ -50, 0, { 0, 0, 100, 100 } },          /* source partly off-frame */
		{ 2000000000, 2000000000, { 0, 0, 1000000000, 1000000000 } }, /* would wrap */
		{ 0, 0, { 10, 10, 5, 5 } },              /* inverted: ignored */
	};

	rl_damage_clear(&d);
	rl_dxgi_damage(&d, NULL, 0, moves, 2, W, H);
	CHECK(!d.full);
	CHECK(all_inside(&d));
	CHECK(rl_damage_covers(&d, 100, 200) && rl_damage_covers(&d, 399, 499)); /* source */
	CHECK(rl_damage_covers(&d, 400, 200) && rl_damage_covers(&d, 799, 499)); /* destination */
	CHECK(rl_damage_covers(&d, 0, 0) && rl_damage_covers(&d, 99, 99));
	CHECK(!rl_damage_covers(&d, 900, 600));

	rl_damage_clear(&d);
	rl_dxgi_damage(&d, NULL, 0, moves + 2, 2, W, H);
	CHECK(all_inside(&d));
	/* The huge destination covers the frame, so it is full; no overflow. */
	CHECK(d.full);
}

static void test_cap(void)
{
	struct rl_damage d;
	struct rl_dxgi_rect dirty[200];

	/* 200 scattered 8x8 rects: merged to at most 64, still covering all. */
	for (uint32_t i = 0; i < 200; i++) {
		int32_t x = (int32_t)((i * 97) % 1900), y = (int32_t)((i * 53) % 1060);
		dirty[i] = (struct rl_dxgi_rect){ x, y, x + 8, y + 8 };
	}
	rl_damage_clear(&d);
	rl_dxgi_damage(&d, dirty, 200, NULL, 0, W, H);
	CHECK(d.full || d.count <= RL_MAX_DAMAGE);
	CHECK(all_inside(&d));
	for (uint32_t i = 0; i < 200; i++)
		CHECK(rl_damage_covers(&d, (uint32_t)dirty[i].left, (uint32_t)dirty[i].top) &&
		      rl_damage_covers(&d, (uint32_t)dirty[i].right - 1, (uint32_t)dirty[i].bottom - 1));

	/* Three quarters of the frame or more: full. */
	struct rl_dxgi_rect big = { 0, 0, 1920, 810 };
	rl_damage_clear(&d);
	rl_dxgi_damage(&d, &big, 1, NULL, 0, W, H);
	CHECK(d.full);
	struct rl_dxgi_rect less = { 0, 0, 1920, 800 };
	rl_damage_clear(&d);
	rl_dxgi_damage(&d, &less, 1, NULL, 0, W, H);
	CHECK(!d.full && d.count == 1);

	/* Accumulating over two calls (skipped frames) keeps both. */
	struct rl_dxgi_rect a = { 0, 0, 10, 10 }, b = { 100, 100, 110, 110 };
	rl_damage_clear(&d);
	rl_dxgi_damage(&d, &a, 1, NULL, 0, W, H);
	rl_dxgi_damage(&d, &b, 1, NULL, 0, W, H);
	CHECK(rl_damage_covers(&d, 5, 5) && rl_damage_covers(&d, 105, 105));
	/* Full stays full. */
	rl_damage_set_full(&d);
	rl_dxgi_damage(&d, &a, 1, NULL, 0, W, H);
	CHECK(d.full);
}

static uint8_t out[RL_CURSOR_DATA_BYTES];

static void test_shape_color(void)
{
	struct rl_cursor_image img;
	const char *why = NULL;
	/* 3x2 BGRA with a padded pitch of 16 bytes. */
	uint8_t buf[2 * 16];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)i;
	struct rl_dxgi_shape_info info = { RL_DXGI_SHAPE_COLOR, 3, 2, 16, 1, 1 };

	CHECK(rl_dxgi_pointer_shape(&info, buf, sizeof(buf), out, sizeof(out), &img, &why));
	CHECK(img.type == RL_CURSOR_COLOR && img.width == 3 && img.height == 2);
	CHECK(img.pitch == 12 && img.hot_x == 1 && img.hot_y == 1 && img.data == out);
	CHECK(memcmp(out, buf, 12) == 0 && memcmp(out + 12, buf + 16, 12) == 0);

	info.type = RL_DXGI_SHAPE_MASKED_COLOR;
	CHECK(rl_dxgi_pointer_shape(&info, buf, sizeof(buf), out, sizeof(out), &img, &why));
	CHECK(img.type == RL_CURSOR_MASKED_COLOR && img.pitch == 12);

	/* Buffer one byte short of the last row. */
	CHECK(!rl_dxgi_pointer_shape(&info, buf, 16 + 11, out, sizeof(out), &img, &why));
	CHECK(why && strstr(why, "shorter"));
	/* Last row without its padding is enough. */
	CHECK(rl_dxgi_pointer_shape(&info, buf, 16 + 12, out, sizeof(out), &img, &why));
	/* Pitch below a row, unknown type, empty. */
	info.pitch = 11;
	CHECK(!rl_dxgi_pointer_shape(&info, buf, sizeof(buf), out, sizeof(out), &img, &why));
	info.pitch = 16;
	info.type = 3;
	CHECK(!rl_dxgi_pointer_shape(&info, buf, sizeof(buf), out, sizeof(out), &img, &why));
	info.type = RL_DXGI_SHAPE_COLOR;
	info.width = 0;
	CHECK(!rl_dxgi_pointer_shape(&info, buf, sizeof(buf), out, sizeof(out), &img, &why));
	/* Hotspot outside the shape is clamped into it. */
	info = (struct rl_dxgi_shape_info){ RL_DXGI_SHAPE_COLOR, 3, 2, 16, 50, -4 };
	CHECK(rl_dxgi_pointer_shape(&info, buf, sizeof(buf), out, sizeof(out), &img, &why));
	CHECK(img.hot_x == 2 && img.hot_y == 0);
}

static void test_shape_mono(void)
{
	struct rl_cursor_image img;
	const char *why = NULL;
	/* 10 px wide (2 bytes a row), 3 visible rows: 3 AND + 3 XOR rows, pitch 4. */
	uint8_t buf[6 * 4];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0xa0 + i);
	struct rl_dxgi_shape_info info = { RL_DXGI_SHAPE_MONOCHROME, 10, 6, 4, 0, 2 };

	CHECK(rl_dxgi_pointer_shape(&info, buf, sizeof(buf), out, sizeof(out), &img, &why));
	CHECK(img.type == RL_CURSOR_MONOCHROME && img.width == 10 && img.height == 3);
	CHECK(img.pitch == 2 && img.hot_y == 2);
	for (uint32_t y = 0; y < 6; y++)
		CHECK(memcmp(out + y * 2, buf + y * 4, 2) == 0);

	/* Odd total height is inconsistent. */
	info.height = 5;
	CHECK(!rl_dxgi_pointer_shape(&info, buf, sizeof(buf), out, sizeof(out), &img, &why));
	CHECK(why && strstr(why, "odd"));
}

static void test_shape_crop(void)
{
	static uint8_t big[300 * 2 * 40];
	struct rl_cursor_image img;
	const char *why = NULL;

	/* Monochrome 320x300: cropped to 256x256, the XOR half starts at row 300. */
	for (uint32_t y = 0; y < 600; y++)
		for (uint32_t x = 0; x < 40; x++)
			big[y * 40 + x] = (uint8_t)(y < 300 ? 0x11 : 0x22);
	struct rl_dxgi_shape_info info = { RL_DXGI_SHAPE_MONOCHROME, 320, 600, 40, 300, 299 };
	CHECK(rl_dxgi_pointer_shape(&info, big, sizeof(big), out, sizeof(out), &img, &why));
	CHECK(img.width == 256 && img.height == 256 && img.pitch == 32);
	CHECK(img.hot_x == 255 && img.hot_y == 255);
	CHECK(out[0] == 0x11 && out[255 * 32 + 31] == 0x11);
	CHECK(out[256 * 32] == 0x22 && out[511 * 32 + 31] == 0x22);

	/* Colour 300x260: cropped, fits the protocol's buffer exactly. */
	static uint8_t col[300 * 4 * 260];
	memset(col, 0x7f, sizeof(col));
	info = (struct rl_dxgi_shape_info){ RL_DXGI_SHAPE_COLOR, 300, 260, 1200, 3, 4 };
	CHECK(rl_dxgi_pointer_shape(&info, col, sizeof(col), out, sizeof(out), &img, &why));
	CHECK(img.width == 256 && img.height == 256 && img.pitch == 1024);
	CHECK((uint64_t)img.pitch * img.height <= RL_CURSOR_DATA_BYTES);
	/* Output buffer too small for the result. */
	CHECK(!rl_dxgi_pointer_shape(&info, col, sizeof(col), out, 1000, &img, &why));
}

static void test_hresults(void)
{
	CHECK(strcmp(rl_dxgi_hresult_name(0x80004001u), "E_NOTIMPL") == 0);
	CHECK(!rl_dxgi_hresult_transient(0x80004001u));
	CHECK(rl_dxgi_hresult_hint(0x80004001u) != NULL);
	CHECK(strcmp(rl_dxgi_hresult_name(0x887a0026u), "DXGI_ERROR_ACCESS_LOST") == 0);
	CHECK(rl_dxgi_hresult_transient(0x887a0026u));
	CHECK(rl_dxgi_hresult_transient(0x80070005u)); /* secure desktop */
	CHECK(!rl_dxgi_hresult_transient(0x887a0004u));
	CHECK(rl_dxgi_hresult_name(0x12345678u) == NULL);
	CHECK(!rl_dxgi_hresult_transient(0x12345678u));
	CHECK(rl_dxgi_hresult_hint(0x12345678u) == NULL);
}

int main(void)
{
	test_hresults();
	test_clip();
	test_dirty();
	test_moves();
	test_cap();
	test_shape_color();
	test_shape_mono();
	test_shape_crop();
	return check_summary();
}
