/* SPDX-License-Identifier: MIT */
/*
 * C11 atomic access to words of the shared region. The wire structs use
 * plain fixed-width types (they are the spec); the words that change under
 * the other side are accessed only through these, as _Atomic objects of
 * the same size and alignment.
 */
#ifndef RELAY_SHM_ATOMIC_H
#define RELAY_SHM_ATOMIC_H

#include <stdatomic.h>
#include <stdint.h>

_Static_assert(sizeof(_Atomic uint64_t) == sizeof(uint64_t), "atomic u64 size");
_Static_assert(_Alignof(_Atomic uint64_t) == _Alignof(uint64_t), "atomic u64 alignment");
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "64-bit atomics must be lock-free");
_Static_assert(sizeof(_Atomic uint32_t) == sizeof(uint32_t), "atomic u32 size");

static inline uint64_t shm_load_acquire(const uint64_t *p)
{
	return atomic_load_explicit((const _Atomic uint64_t *)p, memory_order_acquire);
}

static inline uint64_t shm_load_relaxed(const uint64_t *p)
{
	return atomic_load_explicit((const _Atomic uint64_t *)p, memory_order_relaxed);
}

static inline void shm_store_release(uint64_t *p, uint64_t v)
{
	atomic_store_explicit((_Atomic uint64_t *)p, v, memory_order_release);
}

static inline void shm_store_relaxed(uint64_t *p, uint64_t v)
{
	atomic_store_explicit((_Atomic uint64_t *)p, v, memory_order_relaxed);
}

static inline uint32_t shm_load32_relaxed(const uint32_t *p)
{
	return atomic_load_explicit((const _Atomic uint32_t *)p, memory_order_relaxed);
}

static inline void shm_store32_release(uint32_t *p, uint32_t v)
{
	atomic_store_explicit((_Atomic uint32_t *)p, v, memory_order_release);
}

static inline void shm_fence_acquire(void)
{
	atomic_thread_fence(memory_order_acquire);
}

static inline void shm_fence_release(void)
{
	atomic_thread_fence(memory_order_release);
}

/*
 * Sequence-lock writer: make the word odd before touching the data it
 * guards, even (release) after. The caller keeps its own copy of the
 * counter, never trusting what is in shared memory.
 */
static inline void shm_seq_begin(uint64_t *seq, uint64_t *local)
{
	*local += 1;
	shm_store_relaxed(seq, *local);
	shm_fence_release();
}

static inline void shm_seq_end(uint64_t *seq, uint64_t *local)
{
	*local += 1;
	shm_store_release(seq, *local);
}

#endif /* RELAY_SHM_ATOMIC_H */
