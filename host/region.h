/* SPDX-License-Identifier: MIT */
/* How much shared memory relay-host asks for, and how it says so. */
#ifndef RELAY_HOST_REGION_H
#define RELAY_HOST_REGION_H

#include <stddef.h>
#include <stdint.h>

/* shm-size 0 sizes a new file for frames of at least this size (4K). */
#define RL_HOST_SIZE_REF_WIDTH	3840u
#define RL_HOST_SIZE_REF_HEIGHT	2160u

/*
 * Bytes of shared memory the host creates when shm-size is automatic:
 * room for `slots` frames of 3840x2160 BGRA, or of width x height x bpp
 * when that is larger.
 */
uint64_t rl_host_auto_shm_size(uint32_t slots, uint32_t width,
			       uint32_t height, uint32_t bpp);

/*
 * The "region too small" sentence, e.g. "shared memory /dev/shm/relay is
 * 8 MiB; a 1920x1080 bgra frame needs 3 slots x 8100 KiB + 544 KiB =
 * 24.3 MiB: raise shm-size (or the ivshmem size in the VM config)".
 * `where` names the region (the shm-file option), `format` is RL_FMT_*.
 */
void rl_host_too_small_message(char *buf, size_t len, const char *where,
			       uint64_t region_size, uint32_t slots,
			       uint32_t width, uint32_t height, uint32_t format);

#endif /* RELAY_HOST_REGION_H */
