/* SPDX-License-Identifier: MIT */
/*
 * The portable half of the DXGI capture backend: what desktop duplication
 * reports (dirty rects, move rects, pointer shapes and positions) turned
 * into relay's damage and cursor formats. No Windows headers: the structs
 * below mirror DXGI's field for field (dxgi.c pins that with static
 * asserts), so this file is unit-tested on Linux.
 *
 * Everything here treats its input as untrusted: DXGI is the OS, but a
 * driver bug must cost a full frame, never an out-of-bounds access.
 */
#ifndef RELAY_HOST_DXGI_CONVERT_H
#define RELAY_HOST_DXGI_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relay/damage.h"
#include "relay/ring.h"

/* RECT: exclusive right/bottom, desktop image coordinates. */
struct rl_dxgi_rect {
	int32_t left;
	int32_t top;
	int32_t right;
	int32_t bottom;
};

/* DXGI_OUTDUPL_MOVE_RECT: pixels moved from src to dst (dst's size). */
struct rl_dxgi_move {
	int32_t src_x;
	int32_t src_y;
	struct rl_dxgi_rect dst;
};

/* DXGI_OUTDUPL_POINTER_SHAPE_TYPE_* */
#define RL_DXGI_SHAPE_MONOCHROME	1u
#define RL_DXGI_SHAPE_COLOR		2u
#define RL_DXGI_SHAPE_MASKED_COLOR	4u

/* DXGI_OUTDUPL_POINTER_SHAPE_INFO. */
struct rl_dxgi_shape_info {
	uint32_t type;
	uint32_t width;
	uint32_t height; /* MONOCHROME: AND rows + XOR rows, twice the visible height */
	uint32_t pitch;
	int32_t hot_x;
	int32_t hot_y;
};

/*
 * When the damaged area of a frame reaches this share of it, the frame is
 * marked full: one contiguous copy beats many small ones.
 */
#define RL_DXGI_FULL_SHARE_NUM	3u
#define RL_DXGI_FULL_SHARE_DEN	4u

/*
 * r clipped to a width x height frame into *out; false when nothing of it
 * is left (empty, inverted or entirely outside).
 */
bool rl_dxgi_clip_rect(struct rl_dxgi_rect r, uint32_t width, uint32_t height,
		       struct rl_rect *out);

/*
 * Add one AcquireNextFrame's changes to *d (which the caller cleared or
 * is accumulating into): every dirty rect, and for every move both the
 * source and the destination rect (the destination shows new pixels, the
 * source may be uncovered). Clipped to the frame; more than RL_MAX_DAMAGE
 * rects are merged by rl_damage_add; at RL_DXGI_FULL_SHARE of the frame d
 * becomes full.
 */
void rl_dxgi_damage(struct rl_damage *d, const struct rl_dxgi_rect *dirty,
		    size_t dirty_count, const struct rl_dxgi_move *moves,
		    size_t move_count, uint32_t width, uint32_t height);

/*
 * GetFramePointerShape's buffer (`size` bytes as DXGI filled it, `info`
 * as it described it) into a protocol cursor image whose pixels are
 * written to out[0..out_size) (at least RL_CURSOR_DATA_BYTES). Shapes
 * larger than RL_CURSOR_MAX_DIM are cropped at the right and bottom and
 * the hotspot clamped into the result. Types map colour -> RL_CURSOR_COLOR,
 * monochrome -> RL_CURSOR_MONOCHROME (AND rows then XOR rows, as in
 * DXGI), masked colour -> RL_CURSOR_MASKED_COLOR. img->data = out.
 * Returns false and sets *why for a shape that is inconsistent (unknown
 * type, zero size, pitch below the row size, buffer shorter than the
 * rows, odd monochrome height).
 */
bool rl_dxgi_pointer_shape(const struct rl_dxgi_shape_info *info,
			   const uint8_t *buf, size_t size, uint8_t *out,
			   size_t out_size, struct rl_cursor_image *img,
			   const char **why);

/*
 * The symbolic name of an HRESULT that DXGI/D3D11 capture meets
 * ("E_NOTIMPL", "DXGI_ERROR_ACCESS_LOST", ...), or NULL for another code;
 * and for some, what it means for relay (NULL when nothing useful).
 */
const char *rl_dxgi_hresult_name(uint32_t hr);
const char *rl_dxgi_hresult_hint(uint32_t hr);

/*
 * Does this AcquireNextFrame/DuplicateOutput failure pass by itself, so
 * the backend re-creates the duplication (with rl_backoff) instead of
 * failing for good? True for ACCESS_LOST (mode change, desktop switch,
 * full-screen app), ACCESS_DENIED (secure desktop: UAC, login),
 * NOT_CURRENTLY_AVAILABLE, SESSION_DISCONNECTED and
 * DEVICE_REMOVED/RESET (driver update, TDR).
 */
bool rl_dxgi_hresult_transient(uint32_t hr);

#endif /* RELAY_HOST_DXGI_CONVERT_H */
