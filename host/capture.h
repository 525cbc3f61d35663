/* SPDX-License-Identifier: MIT */
/*
 * The capture seam of relay-host: where frames come from.
 *
 * One backend per file under host/capture/, each exporting one
 * `const struct rl_capture_ops` that carries its own options (an
 * rl_opt_group over its own config struct); host/capture/capture.c lists
 * them in priority order (rl_capture_backends[]) with an
 * `#if RL_HAS_CAPTURE_*` guard per entry, and --capture's choices come
 * from that table. Adding a backend is its file and one registry line.
 *
 * An instance is a backend struct that embeds `struct rl_capture` as its
 * first member; a backend turns the base back into its own struct with
 * RL_DOWNCAST (relay/downcast.h).
 *
 * Context: every op is called from the host's capture thread (the main
 * thread of relay-host), never concurrently for one instance. Instances
 * share nothing, so several may live in one process (tests).
 */
#ifndef RELAY_HOST_CAPTURE_H
#define RELAY_HOST_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relay/config.h"
#include "relay/damage.h"
#include "relay/log.h"
#include "relay/options.h"
#include "relay/ring.h"

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
	/* The backend's own options and config struct; NULL = none. */
	const struct rl_opt_group *options;

	/*
	 * Required. Would "auto" pick this backend? `config` is the
	 * backend's own (NULL when it has no options). Pure apart from
	 * reading the environment (x11: a display is named or $DISPLAY set).
	 */
	bool (*auto_usable)(const void *config);

	/*
	 * Required. Open the source with the backend's own config. Returns
	 * the instance (the caller owns it: destroy) or NULL after logging
	 * why to `log`. `config` and `log` must outlive the instance. May
	 * block briefly (connecting).
	 */
	struct rl_capture *(*create)(const void *config, const struct rl_log *log);

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

/*
 * The backend called `name`, or for "auto" the first usable one (the
 * choice is logged at INFO), and its index in rl_capture_backends[] in
 * *index. configs[i] is backend i's config. NULL, logged with the list
 * of built-in backends, when there is none by that name.
 */
const struct rl_capture_ops *rl_capture_find(const char *name,
					     const void *const *configs,
					     size_t *index,
					     const struct rl_log *log);

/* "auto", then every backend's name, then NULL, into names (room for max). */
void rl_capture_names(const char **names, size_t max);

#endif /* RELAY_HOST_CAPTURE_H */
