/* SPDX-License-Identifier: MIT */
#include "relay/damage.h"

#include <stdlib.h>
#include <string.h>

static uint64_t rect_area(struct rl_rect r)
{
	return (uint64_t)r.w * r.h;
}

static bool rect_contains(struct rl_rect outer, struct rl_rect inner)
{
	return inner.x >= outer.x && inner.y >= outer.y &&
	       (uint64_t)inner.x + inner.w <= (uint64_t)outer.x + outer.w &&
	       (uint64_t)inner.y + inner.h <= (uint64_t)outer.y + outer.h;
}

/* Both rects already clipped to the frame, so the sums cannot overflow. */
static struct rl_rect rect_bbox(struct rl_rect a, struct rl_rect b)
{
	uint32_t x0 = a.x < b.x ? a.x : b.x;
	uint32_t y0 = a.y < b.y ? a.y : b.y;
	uint32_t x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
	uint32_t y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;

	return (struct rl_rect){ x0, y0, x1 - x0, y1 - y0 };
}

/* Clip r to width x height; false when nothing is left. */
static bool rect_clip(struct rl_rect *r, uint32_t width, uint32_t height)
{
	if (r->w == 0 || r->h == 0 || r->x >= width || r->y >= height)
		return false;
	if ((uint64_t)r->x + r->w > width)
		r->w = width - r->x;
	if ((uint64_t)r->y + r->h > height)
		r->h = height - r->y;
	return true;
}

bool rl_rect_inside(struct rl_rect r, uint32_t width, uint32_t height)
{
	return r.w > 0 && r.h > 0 && (uint64_t)r.x + r.w <= width &&
	       (uint64_t)r.y + r.h <= height;
}

bool rl_damage_covers(const struct rl_damage *d, uint32_t x, uint32_t y)
{
	if (d->full)
		return true;
	for (uint32_t i = 0; i < d->count; i++) {
		const struct rl_rect *r = &d->rects[i];

		if (x >= r->x && y >= r->y && x - r->x < r->w && y - r->y < r->h)
			return true;
	}
	return false;
}

void rl_damage_clear(struct rl_damage *d)
{
	d->full = false;
	d->count = 0;
}

void rl_damage_set_full(struct rl_damage *d)
{
	d->full = true;
	d->count = 0;
}

bool rl_damage_empty(const struct rl_damage *d)
{
	return !d->full && d->count == 0;
}

void rl_damage_add(struct rl_damage *d, struct rl_rect r, uint32_t width,
		   uint32_t height)
{
	if (d->full || !rect_clip(&r, width, height))
		return;
	if (r.w == width && r.h == height) {
		rl_damage_set_full(d);
		return;
	}
	for (;;) {
		uint32_t kept = 0;

		for (uint32_t i = 0; i < d->count; i++) {
			if (rect_contains(d->rects[i], r))
				return;
			if (!rect_contains(r, d->rects[i]))
				d->rects[kept++] = d->rects[i];
		}
		d->count = kept;
		if (d->count < RL_MAX_DAMAGE) {
			d->rects[d->count++] = r;
			return;
		}
		/*
		 * Full: fold r into the rect whose bounding box with r grows
		 * least, then add that box (it may swallow others).
		 */
		uint32_t best = 0;
		uint64_t best_cost = UINT64_MAX;

		for (uint32_t i = 0; i < d->count; i++) {
			uint64_t cost = rect_area(rect_bbox(d->rects[i], r)) -
					rect_area(d->rects[i]);
			if (cost < best_cost) {
				best_cost = cost;
				best = i;
			}
		}
		r = rect_bbox(d->rects[best], r);
		d->rects[best] = d->rects[--d->count];
		if (r.w == width && r.h == height) {
			rl_damage_set_full(d);
			return;
		}
	}
}

void rl_damage_union(struct rl_damage *d, const struct rl_damage *other,
		     uint32_t width, uint32_t height)
{
	if (other->full) {
		rl_damage_set_full(d);
		return;
	}
	for (uint32_t i = 0; i < other->count && i < RL_MAX_DAMAGE; i++)
		rl_damage_add(d, other->rects[i], width, height);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

uint64_t rl_damage_area(const struct rl_damage *d, uint32_t width,
			uint32_t height)
{
	uint32_t xs[2 * RL_MAX_DAMAGE];
	uint32_t n = 0;
	uint64_t area = 0;

	if (d->full)
		return (uint64_t)width * height;
	for (uint32_t i = 0; i < d->count; i++) {
		xs[n++] = d->rects[i].x;
		xs[n++] = d->rects[i].x + d->rects[i].w;
	}
	qsort(xs, n, sizeof(xs[0]), cmp_u32);
	/* Sweep columns between consecutive x edges; merge y spans in each. */
	for (uint32_t k = 0; k + 1 < n; k++) {
		uint32_t x0 = xs[k], x1 = xs[k + 1];
		uint32_t spans[RL_MAX_DAMAGE][2];
		uint32_t ns = 0;

		if (x0 == x1)
			continue;
		for (uint32_t i = 0; i < d->count; i++) {
			const struct rl_rect *r = &d->rects[i];

			if (r->x <= x0 && r->x + r->w >= x1) {
				spans[ns][0] = r->y;
				spans[ns][1] = r->y + r->h;
				ns++;
			}
		}
		qsort(spans, ns, sizeof(spans[0]), cmp_u32);
		uint32_t cy0 = 0, cy1 = 0;
		uint64_t covered = 0;

		for (uint32_t s = 0; s < ns; s++) {
			if (s == 0 || spans[s][0] > cy1) {
				covered += cy1 - cy0;
				cy0 = spans[s][0];
				cy1 = spans[s][1];
			} else if (spans[s][1] > cy1) {
				cy1 = spans[s][1];
			}
		}
		covered += cy1 - cy0;
		area += covered * (x1 - x0);
	}
	return area;
}

void rl_damage_copy(const struct rl_damage *d, uint8_t *dst,
		    uint32_t dst_pitch, const uint8_t *src,
		    uint32_t src_pitch, uint32_t width, uint32_t height,
		    uint32_t bpp)
{
	size_t row = (size_t)width * bpp;

	if (d->full) {
		if (dst_pitch == src_pitch && dst_pitch == row) {
			memcpy(dst, src, row * height);
			return;
		}
		for (uint32_t y = 0; y < height; y++)
			memcpy(dst + (size_t)y * dst_pitch,
			       src + (size_t)y * src_pitch, row);
		return;
	}
	for (uint32_t i = 0; i < d->count; i++) {
		struct rl_rect r = d->rects[i];
		size_t off_x = (size_t)r.x * bpp;
		size_t len = (size_t)r.w * bpp;

		if (!rl_rect_inside(r, width, height))
			continue;
		for (uint32_t y = r.y; y < r.y + r.h; y++)
			memcpy(dst + (size_t)y * dst_pitch + off_x,
			       src + (size_t)y * src_pitch + off_x, len);
	}
}
