/* SPDX-License-Identifier: MIT */
/*
 * The input seam: where keyboard and pointer events go while input is
 * captured (and the pointer's absolute position while it is not). One
 * backend per file, each exporting one `const struct rl_input_ops`;
 * input/registry.c lists them (rl_inputs[]), --input picks one. The
 * recorder (input/recorder.c) logs every event (and prints one stdout
 * line per event with --print-input) so tests see them arrive; the SPICE
 * backend (input/spice/) sends them to the guest.
 *
 * Keys are Linux evdev codes, buttons evdev BTN_* codes; positions are in
 * guest frame pixels. Context: the client thread. Every op is required
 * but report and toggle_mic (the SPICE backend also carries the guest's
 * sound and microphone: audio/).
 */
#ifndef RELAY_CLIENT_INPUT_H
#define RELAY_CLIENT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relay/log.h"
#include "relay/options.h"

/* The base of every input instance (backends embed it first). */
struct rl_input {
	const struct rl_input_ops *impl;
};

/*
 * What an input backend tells its owner (the window), from inside
 * dispatch(). Required callbacks.
 */
struct rl_input_listener {
	/*
	 * Whether input reaches the guest changed: NULL when it does, else one
	 * sentence saying why not ("input unavailable: SPICE not reachable
	 * at ..."), valid during the call.
	 */
	void (*status)(void *data, const char *problem);
	/*
	 * What report() says changed (the microphone), or what absolute()
	 * answers; optional (NULL).
	 */
	void (*changed)(void *data);
};

/* What the backend's other guest channels say, for the window to show. */
struct rl_input_report {
	char audio[192];   /* the audio figures for the overlay; "" = no audio */
	bool mic_live;     /* the guest hears the host's microphone */
	bool mic_asked;    /* the guest records; the user has not allowed it */
};

struct rl_input_ops {
	const char *name;        /* the value of --input */
	const char *description; /* one line for --help */
	/* The backend's own options and config struct; NULL = none. */
	const struct rl_opt_group *options;
	/*
	 * Create the backend with its config (of options->config_size bytes,
	 * filled from its options; NULL when it has none). NULL (logged) on
	 * failure. config, listener, data and log outlive the instance.
	 */
	struct rl_input *(*create)(const void *config,
				   const struct rl_input_listener *listener, void *data,
				   const struct rl_log *log);
	void (*destroy)(struct rl_input *in); /* accepts NULL */
	/*
	 * The fd the client's loop watches for the backend's own events (a
	 * session thread's news), or -1 when it has none; dispatch() runs
	 * when it is readable, in the client thread.
	 */
	int (*event_fd)(struct rl_input *in);
	void (*dispatch)(struct rl_input *in);
	/*
	 * A key went down (pressed; again while held: the host's autorepeat)
	 * or up.
	 */
	void (*key)(struct rl_input *in, uint32_t evdev_key, bool pressed);
	void (*motion)(struct rl_input *in, double dx, double dy); /* relative */
	void (*position)(struct rl_input *in, int32_t x, int32_t y); /* absolute */
	void (*button)(struct rl_input *in, uint32_t evdev_button, bool pressed);
	/* Wheel steps, fractions allowed (high-resolution wheels); dy > 0: away from the user. */
	void (*scroll)(struct rl_input *in, double dx, double dy);
	/*
	 * Does position() move the guest's pointer now (SPICE: client mouse
	 * mode)? When not, the window keeps the guest cursor under the host
	 * pointer by asking relay-host to warp it.
	 */
	bool (*absolute)(struct rl_input *in);
	/*
	 * The guest's Caps/Num/Scroll Lock should be `locks` (RL_LOCK_* bits,
	 * relay/locks.h; only those in `mask` matter): the window gained focus.
	 */
	void (*sync_locks)(struct rl_input *in, uint32_t locks, uint32_t mask);
	/* The user captured (on) or released (off) input. */
	void (*captured)(struct rl_input *in, bool on);
	/* Capture ended: release every key and button still held. */
	void (*release_all)(struct rl_input *in);
	/* Optional (NULL = nothing to report): fill out. */
	void (*report)(struct rl_input *in, struct rl_input_report *out);
	/* Optional: the user allows or stops the microphone (escape + M). */
	void (*toggle_mic)(struct rl_input *in);
};

/* Backends in priority order (the first is the default), NULL-terminated. */
extern const struct rl_input_ops *const rl_inputs[];

/*
 * The --input choices: the backends' names then NULL, into names (room
 * for max entries, NULL included).
 */
void rl_input_names(const char **names, size_t max);

/* The backend called name; NULL (logged, with the built-in names) if none. */
const struct rl_input_ops *rl_input_find(const char *name, const struct rl_log *log);

#endif /* RELAY_CLIENT_INPUT_H */
