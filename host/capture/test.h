/* SPDX-License-Identifier: MIT */
/*
 * The test source's own options ([test], see test.c's option group),
 * for the unit test that drives the backend directly.
 */
#ifndef RELAY_HOST_CAPTURE_TEST_H
#define RELAY_HOST_CAPTURE_TEST_H

#include <stdint.h>

#include "capture.h"

extern const struct rl_capture_ops rl_capture_test;

/* --test-format, in choice order. */
enum rl_capture_test_format {
	RL_CAPTURE_TEST_BGRA,
	RL_CAPTURE_TEST_RGBA,
};

/* Typed as rl_opts_parse stores them (relay/options.h). */
struct rl_capture_test_config {
	int64_t width;
	int64_t height;
	int64_t fps;          /* frames per second the source produces, >= 1 */
	int format;           /* enum rl_capture_test_format */
	int64_t resize_every; /* 0, or switch size every N frames */
	int64_t alt_width;    /* the size switched to (and back from) */
	int64_t alt_height;
};

#endif
