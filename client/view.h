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
	 * (full after a mode change or host restart). Required.
	 */
	void (*frame)(void *view, const struct rl_frame *f);
	/* The cursor changed (RL_CURSOR_CHANGED_* bits). Optional. */
	void (*cursor)(void *view, const struct rl_cursor *cur, uint32_t changed);
};

#endif /* RELAY_CLIENT_VIEW_H */
