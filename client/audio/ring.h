/* SPDX-License-Identifier: MIT */
/*
 * A lock-free single-producer / single-consumer byte ring between two
 * threads (the SPICE session thread and PipeWire's data thread). One
 * thread writes, one reads; neither ever blocks or takes a lock. The
 * capacity is a power of two; indices run freely and wrap by masking.
 */
#ifndef RELAY_CLIENT_AUDIO_RING_H
#define RELAY_CLIENT_AUDIO_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct rl_audio_ring {
	uint8_t *data;
	uint32_t size;             /* bytes, a power of two */
	_Atomic uint32_t head;     /* bytes ever written (the producer's) */
	_Atomic uint32_t tail;     /* bytes ever read (the consumer's) */
};

/* size: bytes, rounded up to a power of two. False when out of memory. */
bool rl_audio_ring_init(struct rl_audio_ring *r, uint32_t size);
void rl_audio_ring_free(struct rl_audio_ring *r);

/* Bytes the consumer can read now (either thread; a snapshot). */
uint32_t rl_audio_ring_fill(const struct rl_audio_ring *r);

/* Bytes the producer can write now (a snapshot). */
uint32_t rl_audio_ring_space(const struct rl_audio_ring *r);

/* Producer: copy up to n bytes in; returns how many fitted. */
uint32_t rl_audio_ring_write(struct rl_audio_ring *r, const void *src, uint32_t n);

/* Consumer: copy up to n bytes out; returns how many there were. */
uint32_t rl_audio_ring_read(struct rl_audio_ring *r, void *dst, uint32_t n);

/* Consumer: drop everything written so far. */
void rl_audio_ring_clear(struct rl_audio_ring *r);

#endif
