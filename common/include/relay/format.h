/* SPDX-License-Identifier: MIT */
/* Pixel formats of the protocol (RL_FMT_*): names and sizes. */
#ifndef RELAY_FORMAT_H
#define RELAY_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

/* Bytes per pixel of a protocol format, 0 for an unknown format. */
uint32_t rl_format_bpp(uint32_t format);

/* "bgra", "rgba", "rgba10", "rgba16f"; "unknown" otherwise. */
const char *rl_format_name(uint32_t format);

/* Inverse of rl_format_name (case-insensitive); false when unknown. */
bool rl_format_parse(const char *name, uint32_t *format);

#endif /* RELAY_FORMAT_H */
