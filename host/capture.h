/* SPDX-License-Identifier: MIT */
/*
 * The capture seam of relay-host: where frames come from.
 *
 * One backend per file under host/capture/, each exporting one
 * `const struct rl_capture_ops`; host/capture/capture.c lists them in
 * priority order (rl_capture_backends[]) with an `#if RL_HAS_CAPTURE_*`
 * guard per entry.
 *
 * An instance is a backend struct that embeds `struct rl_capture` as its
 * first member; a backend downcasts after checking `cap->impl` is its own
 * ops table (see host/capture/test.c).
 *
 * Context: every op is called from the host's capture thread (the main
 * thread of relay-host), never concurrently for one instance. Instances
 * share nothing, so several may live in one process (tests).
 */
#ifndef RELAY_HOST_CAPTURE_H
#define RELAY_HOST_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/config.h"
#include "relay/damage.h"
#include "relay/log.h"
#include "relay/ring.h"

/* [test] options: the animated pattern of host/capture/test_pattern.h. */
struct rl_capture_test_params {
	uint32_t width;
	uint32_t height;
	uint32_t fps;          /* frames per second the source produces, >= 1 */
	uint32_t format;       /* RL_FMT_BGRA8 or RL_FMT_RGBA8 */
	uint32_t resize_every; /* 0, or switch size every N frames */
	uint32_t alt_width;    /* the size switched to (and back from) */
	uint32_t alt_height;
};

/* [x11] options. */
struct rl_capture_x11_params {
	const char *display; /* NULL or "": $DISPLAY; not owned */
};

/* [dxgi] options (Windows desktop duplication, host/capture/dxgi.c). */
struct rl_capture_dxgi_params {
	int32_t adapter; /* IDXGIFactory1::EnumAdapters1 index; -1 = first with an output */
	int32_t output;  /* the adapter's EnumOutputs index */
	bool hdr;        /* also offer RGBA10 and RGBA16F to DuplicateOutput1 */
};

/* Everything any backend may read; each backend reads its own part. */
struct rl_capture_params {
	struct rl_capture_test_params test;
	struct rl_capture_x11_params x11;
	struct rl_capture_dxgi_params dxgi;
};

/* The base of every capture instance. */
struct rl_capture {
	const struct rl_capture_ops *impl;
};

/* One captured frame, filled by next_frame. */
struct rl_capture_frame {
	uint32_t format; /* RL_FMT_* */
	uint32_t width;
	uint32_t height;
	uint32_t pitch;  /* bytes from one row of `pixels` to the next */
	uint32_t flags;  /* RL_FRAME_F_*: NEW_MODE on the first frame of a size/format */
	/*
	 * The complete current frame (not only the damaged part). Owned by
	 * the backend; valid until the next call of any op on this instance.
	 */
	const uint8_t *pixels;
	/*
	 * What changed since the previous frame this instance returned:
	 * full on the first frame, after a mode change and after invalidate.
	 * Never less than what changed (more is allowed).
	 */
	struct rl_damage damage;
	uint64_t ts_capture_ns; /* rl_time_ns() when the pixels were read */
};

enum rl_capture_result {
	RL_CAPTURE_FRAME, /* *out holds a new frame */
	RL_CAPTURE_NONE,  /* nothing new by the deadline (or an early return) */
	RL_CAPTURE_ERROR, /* the backend failed for good (logged); destroy it */
};

/* rl_capture_cursor.changed */
#define RL_CAPTURE_CURSOR_POS   (1u << 0)
#define RL_CAPTURE_CURSOR_SHAPE (1u << 1)

/* Cursor news from a backend. */
struct rl_capture_cursor {
	uint32_t changed; /* RL_CAPTURE_CURSOR_* */
	/* POS: hotspot position in frame pixels, and visibility. */
	int32_t x;
	int32_t y;
	bool visible;
	/*
	 * SHAPE: the new shape; shape.data is owned by the backend and valid
	 * until the next call of any op on this instance.
	 */
	struct rl_cursor_image shape;
};

struct rl_capture_ops {
	const char *name;        /* "test", "x11": the value of --capture */
	const char *description; /* one line for --help and logs */

	/*
	 * Required. Would "auto" pick this backend? Pure apart from reading
	 * the environment (x11: a display is named or $DISPLAY is set).
	 */
	bool (*auto_usable)(const struct rl_capture_params *params);

	/*
	 * Required. Open the source. Returns the instance (the caller owns
	 * it: destroy) or NULL after logging why to `log`. `params` and
	 * `log` must outlive the instance. May block briefly (connecting).
	 */
	struct rl_capture *(*create)(const struct rl_capture_params *params,
				     const struct rl_log *log);

	/* Required. Release everything; accepts NULL. */
	void (*destroy)(struct rl_capture *cap);

	/*
	 * Required. Wait until a frame differs from the previous one or until
	 * deadline_ns (rl_time_ns() clock), whichever is first, and may
	 * return RL_CAPTURE_NONE earlier (a signal, cursor news). The first
	 * call after create or invalidate returns a full frame without
	 * waiting. Blocks at most until deadline_ns.
	 */
	enum rl_capture_result (*next_frame)(struct rl_capture *cap,
					     uint64_t deadline_ns,
					     struct rl_capture_frame *out);

	/*
	 * Required. Forget what the consumer has: the next frame carries
	 * full damage. Called when capture resumes after an idle pause.
	 */
	void (*invalidate)(struct rl_capture *cap);

	/*
	 * Optional (NULL: the backend has no cursor). Fill *out with what
	 * changed since the previous call; out->changed == 0 when nothing
	 * did. The first call reports position and shape when known.
	 * Non-blocking apart from a server round trip.
	 */
	void (*cursor)(struct rl_capture *cap, struct rl_capture_cursor *out);

	/*
	 * Optional. Move the pointer to (x, y) in frame pixels, as a client
	 * asked (RL_MSG_CURSOR_WARP). Arguments are untrusted: the backend
	 * clamps them. False (logged at debug) when it cannot.
	 */
	bool (*warp_cursor)(struct rl_capture *cap, int32_t x, int32_t y);

	/*
	 * Optional. Change the source's size, as a client asked
	 * (RL_MSG_RESOLUTION). Untrusted: false (logged at debug) for a size
	 * the backend cannot produce. The next frame has the new size.
	 */
	bool (*set_resolution)(struct rl_capture *cap, uint32_t width,
			       uint32_t height);
};

/* Backends in priority order ("auto" takes the first auto_usable), NULL-terminated. */
extern const struct rl_capture_ops *const rl_capture_backends[];

#if RL_HAS_CAPTURE_X11
extern const struct rl_capture_ops rl_capture_x11;
#endif
#if RL_HAS_CAPTURE_DXGI
extern const struct rl_capture_ops rl_capture_dxgi;
#endif
extern const struct rl_capture_ops rl_capture_test;

/*
 * The backend called `name`, or for "auto" the first usable one (the
 * choice is logged at INFO). NULL, logged with the list of built-in
 * backends, when there is none by that name.
 */
const struct rl_capture_ops *rl_capture_find(const char *name,
					     const struct rl_capture_params *params,
					     const struct rl_log *log);

#endif /* RELAY_HOST_CAPTURE_H */
