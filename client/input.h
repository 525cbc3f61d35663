/* SPDX-License-Identifier: MIT */
/*
 * The input seam: where keyboard and pointer events go while input is
 * captured. The SPICE backend (input to the guest) implements it in a
 * later piece of work; input/log.c records events (debug log, and one
 * stdout line per event with --print-input) so tests can see them arrive.
 *
 * Keys are Linux evdev codes, buttons evdev BTN_* codes; positions are in
 * guest frame pixels. Context: the client thread.
 */
#ifndef RELAY_CLIENT_INPUT_H
#define RELAY_CLIENT_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "relay/log.h"

struct rl_input {
	const struct rl_input_ops *impl;
};

struct rl_input_ops {
	const char *name;
	void (*key)(struct rl_input *in, uint32_t evdev_key, bool pressed);
	void (*motion)(struct rl_input *in, double dx, double dy); /* relative */
	void (*position)(struct rl_input *in, int32_t x, int32_t y); /* absolute */
	void (*button)(struct rl_input *in, uint32_t evdev_button, bool pressed);
	void (*scroll)(struct rl_input *in, double dx, double dy);
	/* Capture ended: release every key and button still held. */
	void (*release_all)(struct rl_input *in);
	void (*destroy)(struct rl_input *in); /* accepts NULL */
};

/* The recording backend: `out` gets one line per event when non-NULL. */
struct rl_input *rl_input_log_create(const struct rl_log *log, FILE *out);

#endif /* RELAY_CLIENT_INPUT_H */
