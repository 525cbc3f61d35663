/* SPDX-License-Identifier: MIT */
/* Writing a received frame to an image file (PPM always, PNG with libpng). */
#ifndef RELAY_CLIENT_IMAGE_H
#define RELAY_CLIENT_IMAGE_H

#include <stdbool.h>

#include "relay/log.h"
#include "relay/ring.h"

/* Is `path` a type we can write (".png" with libpng, ".ppm")? */
bool rl_image_type_ok(const char *path);

/*
 * Write f as 8-bit RGB (alpha dropped; 10-bit and half-float formats
 * reduced to 8 bits). Written to PATH.tmp then renamed, so a reader never
 * sees half a file. False (logged) on failure.
 */
bool rl_image_write(const char *path, const struct rl_frame *f,
		    const struct rl_log *log);

#endif /* RELAY_CLIENT_IMAGE_H */
