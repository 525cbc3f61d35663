/* SPDX-License-Identifier: MIT */
/*
 * The view seam: where the client core delivers what it receives. The
 * headless view (view/headless.c) prints and dumps; a window (display +
 * renderer) is another view. The core calls these from its poll, in the
 * client thread; a view never reaches into the core's state.
 */
#ifndef RELAY_CLIENT_VIEW_H
#define RELAY_CLIENT_VIEW_H

#include <stdint.h>

#include "relay/ring.h"

struct rl_view_ops {
	const char *name;
	/*
	 * The link changed state (waiting, connected, host stopped, ...).
	 * message is one plain sentence, valid during the call. Required.
	 */
	void (*link_changed)(void *view, enum rl_link_state state,
			     const char *message);
	/*
	 * A new frame. f is owned by the core and valid until the next poll;
	 * f->damage lists the pixels that changed since the previous frame
	 * (full after a mode change or host restart). Required. After a
	 * successful frame_dmabuf() for the same f, the pixels are already in
	 * the view's storage and f->pixels is stale.
	 */
	void (*frame)(void *view, const struct rl_frame *f);
	/*
	 * Optional: the DMA-buf path. f's pixels were NOT copied to
	 * f->pixels; copy f->damage GPU-side from the DMA-buf `fd` (the
	 * frame starts at `offset`, rows f->src_pitch apart) into the view's
	 * frame storage, finished before returning, but do not show it yet:
	 * the core calls frame() once it knows the copy was not torn. False
	 * when the view cannot (the core then copies on the CPU from now on).
	 * fd stays owned by the core.
	 */
	bool (*frame_dmabuf)(void *view, const struct rl_frame *f, int fd,
			     uint64_t offset);
	/* The cursor changed (RL_CURSOR_CHANGED_* bits). Optional. */
	void (*cursor)(void *view, const struct rl_cursor *cur, uint32_t changed);
};

#endif /* RELAY_CLIENT_VIEW_H */
