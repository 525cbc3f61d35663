/* SPDX-License-Identifier: MIT */
#include "ring.h"

#include <stdlib.h>
#include <string.h>

bool rl_audio_ring_init(struct rl_audio_ring *r, uint32_t size)
{
	uint32_t s = 1024;

	while (s < size && s < (1u << 30))
		s <<= 1;
	r->data = calloc(1, s);
	r->size = r->data ? s : 0;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	return r->data != NULL;
}

void rl_audio_ring_free(struct rl_audio_ring *r)
{
	free(r->data);
	r->data = NULL;
	r->size = 0;
}

uint32_t rl_audio_ring_fill(const struct rl_audio_ring *r)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	uint32_t head = atomic_load_explicit(&r->head, memory_order_acquire);

	return head - tail;
}

uint32_t rl_audio_ring_space(const struct rl_audio_ring *r)
{
	return r->size - rl_audio_ring_fill(r);
}

uint32_t rl_audio_ring_write(struct rl_audio_ring *r, const void *src, uint32_t n)
{
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	uint32_t space = r->size - (head - tail), at, first;

	if (n > space)
		n = space;
	at = head & (r->size - 1);
	first = r->size - at < n ? r->size - at : n;
	memcpy(r->data + at, src, first);
	memcpy(r->data, (const uint8_t *)src + first, n - first);
	atomic_store_explicit(&r->head, head + n, memory_order_release);
	return n;
}

uint32_t rl_audio_ring_read(struct rl_audio_ring *r, void *dst, uint32_t n)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint32_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	uint32_t fill = head - tail, at, first;

	if (n > fill)
		n = fill;
	at = tail & (r->size - 1);
	first = r->size - at < n ? r->size - at : n;
	memcpy(dst, r->data + at, first);
	memcpy((uint8_t *)dst + first, r->data, n - first);
	atomic_store_explicit(&r->tail, tail + n, memory_order_release);
	return n;
}

void rl_audio_ring_clear(struct rl_audio_ring *r)
{
	atomic_store_explicit(&r->tail, atomic_load_explicit(&r->head, memory_order_acquire),
			      memory_order_release);
}
