/* SPDX-License-Identifier: MIT */
/* Damage math against a brute-force bitmap model. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "relay/damage.h"

#define W 97
#define H 61

static uint32_t rng_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (rng_state >> 8) % n;
}

static void paint(uint8_t *bm, struct rl_rect r)
{
	for (uint32_t y = r.y; y < r.y + r.h && y < H; y++)
		for (uint32_t x = r.x; x < r.x + r.w && x < W; x++)
			bm[y * W + x] = 1;
}

static void damage_bitmap(const struct rl_damage *d, uint8_t *bm)
{
	memset(bm, 0, W * H);
	if (d->full) {
		memset(bm, 1, W * H);
		return;
	}
	for (uint32_t i = 0; i < d->count; i++)
		paint(bm, d->rects[i]);
}

static void test_basics(void)
{
	struct rl_damage d;

	rl_damage_clear(&d);
	CHECK(rl_damage_empty(&d));
	rl_damage_add(&d, (struct rl_rect){ 10, 10, 0, 5 }, W, H);
	CHECK(rl_damage_empty(&d)); /* empty rect */
	rl_damage_add(&d, (struct rl_rect){ W, 0, 5, 5 }, W, H);
	CHECK(rl_damage_empty(&d)); /* entirely outside */
	rl_damage_add(&d, (struct rl_rect){ 90, 50, 100, 100 }, W, H);
	CHECK(d.count == 1 && d.rects[0].w == 7 && d.rects[0].h == 11); /* clipped */
	rl_damage_add(&d, (struct rl_rect){ 91, 51, 2, 2 }, W, H);
	CHECK(d.count == 1); /* contained: dropped */
	rl_damage_add(&d, (struct rl_rect){ 80, 40, 20, 30 }, W, H);
	CHECK(d.count == 1 && d.rects[0].x == 80); /* contains the old one */
	rl_damage_add(&d, (struct rl_rect){ 0, 0, W, H }, W, H);
	CHECK(d.full);
	rl_damage_add(&d, (struct rl_rect){ 1, 1, 1, 1 }, W, H);
	CHECK(d.full && rl_damage_area(&d, W, H) == W * H);

	/* Overflow-prone coordinates are clipped, never wrapped. */
	rl_damage_clear(&d);
	rl_damage_add(&d, (struct rl_rect){ 5, 5, UINT32_MAX, UINT32_MAX }, W, H);
	CHECK(d.count == 1 && d.rects[0].w == W - 5 && d.rects[0].h == H - 5);
	CHECK(!rl_rect_inside((struct rl_rect){ 1, 1, UINT32_MAX, 1 }, W, H));
	CHECK(!rl_rect_inside((struct rl_rect){ UINT32_MAX, 1, 2, 1 }, W, H));
	CHECK(rl_rect_inside((struct rl_rect){ W - 1, H - 1, 1, 1 }, W, H));
	CHECK(!rl_rect_inside((struct rl_rect){ 0, 0, 0, 1 }, W, H));

	/* Point queries, edges included/excluded exactly. */
	rl_damage_clear(&d);
	rl_damage_add(&d, (struct rl_rect){ 10, 20, 5, 3 }, W, H);
	CHECK(rl_damage_covers(&d, 10, 20) && rl_damage_covers(&d, 14, 22));
	CHECK(!rl_damage_covers(&d, 15, 20) && !rl_damage_covers(&d, 10, 23));
	CHECK(!rl_damage_covers(&d, 9, 20) && !rl_damage_covers(&d, 10, 19));
	rl_damage_set_full(&d);
	CHECK(rl_damage_covers(&d, W - 1, H - 1));

	/* Overlapping rects: area counts overlap once. */
	rl_damage_clear(&d);
	rl_damage_add(&d, (struct rl_rect){ 0, 0, 10, 10 }, W, H);
	rl_damage_add(&d, (struct rl_rect){ 5, 5, 10, 10 }, W, H);
	CHECK_EQ_U64(rl_damage_area(&d, W, H), 175);
}

/* Random sequences: damage always covers what was added, stays <= 64 rects. */
static void test_random_cover(void)
{
	static uint8_t want[W * H], got[W * H];

	for (int round = 0; round < 2000; round++) {
		struct rl_damage d;
		int n = 1 + (int)rnd(150);

		rl_damage_clear(&d);
		memset(want, 0, sizeof(want));
		for (int i = 0; i < n; i++) {
			struct rl_rect r = { rnd(W + 10), rnd(H + 10), 1 + rnd(20), 1 + rnd(15) };

			paint(want, r);
			rl_damage_add(&d, r, W, H);
		}
		damage_bitmap(&d, got);
		int missing = 0;
		uint64_t area = 0;

		for (int i = 0; i < W * H; i++) {
			if (want[i] && !got[i])
				missing++;
			area += got[i];
		}
		CHECK(missing == 0);
		CHECK(d.count <= RL_MAX_DAMAGE);
		CHECK_EQ_U64(rl_damage_area(&d, W, H), area);
		for (uint32_t i = 0; i < d.count; i++)
			CHECK(rl_rect_inside(d.rects[i], W, H));
		if (check_counts.failed)
			return;
	}
}

/* Few rects never merge: a union of <= 64 disjoint rects is exact. */
static void test_exact_when_small(void)
{
	struct rl_damage a, b;

	rl_damage_clear(&a);
	rl_damage_clear(&b);
	for (uint32_t i = 0; i < 32; i++)
		rl_damage_add(&a, (struct rl_rect){ (i % 8) * 12, (i / 8) * 15, 3, 3 }, W, H);
	for (uint32_t i = 0; i < 32; i++)
		rl_damage_add(&b, (struct rl_rect){ (i % 8) * 12 + 6, (i / 8) * 15 + 6, 3, 3 }, W, H);
	rl_damage_union(&a, &b, W, H);
	CHECK(a.count == 64);
	CHECK_EQ_U64(rl_damage_area(&a, W, H), 64 * 9);
	/* The 65th forces a merge but keeps covering everything. */
	rl_damage_add(&a, (struct rl_rect){ 95, 59, 2, 2 }, W, H);
	CHECK(a.count <= 64);
	CHECK(rl_damage_area(&a, W, H) >= 65 * 4);
}

static void test_copy(void)
{
	enum { BPP = 4, SP = W * BPP + 12, DP = W * BPP };
	static uint8_t src[SP * H], dst[DP * H], ref[DP * H];
	struct rl_damage d;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 3);
	memset(dst, 0xee, sizeof(dst));
	memcpy(ref, dst, sizeof(ref));
	rl_damage_clear(&d);
	rl_damage_add(&d, (struct rl_rect){ 3, 4, 10, 2 }, W, H);
	rl_damage_add(&d, (struct rl_rect){ 50, 30, 47, 31 }, W, H);
	for (uint32_t i = 0; i < d.count; i++) {
		struct rl_rect r = d.rects[i];

		for (uint32_t y = r.y; y < r.y + r.h; y++)
			memcpy(ref + y * DP + r.x * BPP, src + y * SP + r.x * BPP, r.w * BPP);
	}
	rl_damage_copy(&d, dst, DP, src, SP, W, H, BPP);
	CHECK(memcmp(dst, ref, sizeof(dst)) == 0);

	rl_damage_set_full(&d);
	rl_damage_copy(&d, dst, DP, src, SP, W, H, BPP);
	for (uint32_t y = 0; y < H; y++)
		CHECK(memcmp(dst + y * DP, src + y * SP, DP) == 0);
}

int main(void)
{
	test_basics();
	test_random_cover();
	test_exact_when_small();
	test_copy();
	return check_summary();
}
