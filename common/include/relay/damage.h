/* SPDX-License-Identifier: MIT */
/*
 * Damage: the set of rectangles of a frame that changed, at most
 * RL_MAX_DAMAGE of them. Adding clips to the frame, drops empty and
 * covered rects, and when the set is full merges the pair whose bounding
 * box wastes the least area, so the result always covers everything added
 * (possibly more), never less. `full` means the whole frame.
 */
#ifndef RELAY_DAMAGE_H
#define RELAY_DAMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/protocol.h"

struct rl_damage {
	bool full;
	uint32_t count;
	struct rl_rect rects[RL_MAX_DAMAGE];
};

void rl_damage_clear(struct rl_damage *d);
void rl_damage_set_full(struct rl_damage *d);
/* True when nothing is damaged. */
bool rl_damage_empty(const struct rl_damage *d);

/* Add r clipped to width x height (an empty result adds nothing). */
void rl_damage_add(struct rl_damage *d, struct rl_rect r, uint32_t width,
		   uint32_t height);
/* d |= other (both relative to a width x height frame). */
void rl_damage_union(struct rl_damage *d, const struct rl_damage *other,
		     uint32_t width, uint32_t height);

/* Pixels covered (overlaps counted once; full = width * height). */
uint64_t rl_damage_area(const struct rl_damage *d, uint32_t width,
			uint32_t height);

/* Is pixel (x, y) inside the damage (always, when full)? */
bool rl_damage_covers(const struct rl_damage *d, uint32_t x, uint32_t y);

/* w, h > 0 and the rect lies inside width x height, without overflow. */
bool rl_rect_inside(struct rl_rect r, uint32_t width, uint32_t height);

/*
 * Copy the damaged pixels (all of them when full) from src to dst, both
 * width x height of bpp bytes per pixel with the given pitches.
 */
void rl_damage_copy(const struct rl_damage *d, uint8_t *dst,
		    uint32_t dst_pitch, const uint8_t *src,
		    uint32_t src_pitch, uint32_t width, uint32_t height,
		    uint32_t bpp);

#endif /* RELAY_DAMAGE_H */
