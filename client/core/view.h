/* SPDX-License-Identifier: MIT */
/*
 * The view seam: where the client core delivers what it receives. A view
 * is a sink: the core's loop (loop.h) pushes link changes, frames and
 * cursor updates into it, tells it when to present, and waits through it.
 * A view never calls back into the core or into main.c.
 *
 * Backends: the headless view (core/headless.c) prints and counts; the
 * window (view/window.c) shows everything on the desktop.
 *
 * Context: every op runs in the client thread, from inside rl_loop_run().
 */
#ifndef RELAY_CLIENT_VIEW_H
#define RELAY_CLIENT_VIEW_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "relay/ring.h"

struct rl_view_ops {
	const char *name;
	/*
	 * Required. The link changed state (waiting for the region, waiting
	 * for the host, connected, host stopped, ...). message is one plain
	 * sentence, valid during the call.
	 */
	void (*link_changed)(void *view, enum rl_link_state state,
			     const char *message);
	/*
	 * Required. A new frame. f is owned by the core and valid until the
	 * next delivery; f->damage lists the pixels that changed since the
	 * previous frame (full after a mode change or host restart). When
	 * f->on_gpu is set, frame_dmabuf() already put the pixels into the
	 * view's storage and f->pixels is stale.
	 */
	void (*frame)(void *view, const struct rl_frame *f);
	/*
	 * Optional: the DMA-buf path. f's pixels were NOT copied to
	 * f->pixels; copy f->damage GPU-side from the DMA-buf `fd` (the
	 * frame starts at `offset`, rows f->src_pitch apart) into the view's
	 * frame storage, finished before returning, but do not show it yet:
	 * the core calls frame() (with f->on_gpu) once it knows the copy was
	 * not torn. False when the view cannot (the core then copies on the
	 * CPU from now on). fd stays owned by the core.
	 */
	bool (*frame_dmabuf)(void *view, const struct rl_frame *f, int fd,
			     uint64_t offset);
	/* Required. The cursor changed (RL_CURSOR_CHANGED_* bits). */
	void (*cursor)(void *view, const struct rl_cursor *cur, uint32_t changed);
	/*
	 * Required. Called once per loop iteration after the deliveries: show
	 * whatever changed (the window draws and swaps; may block on vsync).
	 * Returns how many new frames this made visible (0 or 1 for a
	 * window; every frame delivered since the last call for headless).
	 */
	uint32_t (*present)(void *view);
	/*
	 * Required. Wait up to timeout_ns for the view's own events (the
	 * window's display connection) or for any of the loop's `fds`
	 * (revents filled in; the loop dispatches them), handling the view's
	 * events that arrive. May return early (an event, a redraw that is
	 * due). False once the user asked to quit (closed the window).
	 */
	bool (*wait)(void *view, uint64_t timeout_ns, struct pollfd *fds,
		     unsigned int nfds);
	/*
	 * Optional: a cursor warp the view wants the host to make (the guest
	 * pointer put at frame pixel x, y), taken once after each present:
	 * true and the position when there is one. Latest wins.
	 */
	bool (*take_warp)(void *view, int32_t *x, int32_t *y);
	/*
	 * Optional: one line of the view's own figures for the stats line
	 * (e.g. "window: 59.8 fps ..."), written into buf.
	 */
	void (*stats_line)(void *view, char *buf, unsigned int size);
};

/*
 * Every required op of ops is set (checked once where a view is created;
 * a missing op is a programming error).
 */
bool rl_view_ops_valid(const struct rl_view_ops *ops);

#endif /* RELAY_CLIENT_VIEW_H */
