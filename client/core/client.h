/* SPDX-License-Identifier: MIT */
/*
 * The client core: opens the shared region (waiting for a host that
 * creates its file later), follows the host through it and delivers
 * frames, cursor and link changes to a view. It owns the region it
 * opened, the consumer, the local frame and cursor copies and the poll
 * pacing; it knows nothing of windows, so the headless view and the
 * window plug in the same way. The loop (loop.h) drives it.
 *
 * Context: one thread (the client thread) calls everything here.
 */
#ifndef RELAY_CLIENT_CLIENT_H
#define RELAY_CLIENT_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/log.h"
#include "relay/ring.h"
#include "relay/shm.h"
#include "view.h"

struct rl_client_params {
	const char *shm_path;     /* what to open when create gets no shm */
	const char *shm_source;   /* "auto", "file", "kvmfr", "pci" */
	uint64_t host_timeout_ns; /* heartbeat unchanged this long: host stopped */
	uint64_t poll_ns;         /* poll interval while a frame is due */
	uint64_t idle_poll_ns;    /* poll interval when nothing flows */
	/*
	 * Let a view that can (frame_dmabuf) copy frames GPU-side from a
	 * DMA-buf of the region, when the shm source exports one (kvmfr).
	 */
	bool dmabuf;
};

/* Running figures for stats lines and overlays. */
struct rl_client_stats {
	uint64_t frames;
	uint64_t cursor_updates;
	uint64_t copy_ns_total;         /* our time spent taking frames */
	uint64_t host_latency_ns_total; /* capture -> publish, host clock */
	uint64_t polls;
	struct rl_consumer_stats ring;
};

struct rl_client;

/*
 * Create a client reporting to the view. With `shm` (not owned; it must
 * outlive the client) it reads that region; with NULL it opens
 * params->shm_path itself on the first polls, waiting while a file the
 * host creates does not exist yet or is still empty. The path string
 * must outlive the client. NULL (logged) on allocation failure.
 */
struct rl_client *rl_client_create(const struct rl_client_params *params,
				   struct rl_shm *shm, const struct rl_log *log,
				   const struct rl_view_ops *view_ops, void *view);
void rl_client_destroy(struct rl_client *c); /* accepts NULL */

/*
 * One poll at now_ns: the region, the link, a frame, the cursor, each
 * delivered to the view. False once the client failed for good (the
 * region cannot be opened; logged). Called by the loop (loop.c) only.
 */
bool rl_client_poll(struct rl_client *c, uint64_t now_ns);

/* How long to wait from now_ns (taken after the present) to the next poll. */
uint64_t rl_client_next_poll(const struct rl_client *c, uint64_t now_ns);

/*
 * Ask the host to move the guest's pointer to frame pixel (x, y)
 * (RL_MSG_CURSOR_WARP). False when not connected or the queue is full.
 */
bool rl_client_warp_cursor(struct rl_client *c, int32_t x, int32_t y);

/* One plain sentence about where the client stands (waiting, connected, ...). */
const char *rl_client_status(const struct rl_client *c);

void rl_client_get_stats(const struct rl_client *c, struct rl_client_stats *out);

/* The last frame received, NULL before the first (valid until the next poll). */
const struct rl_frame *rl_client_last_frame(const struct rl_client *c);

/* Do frames go GPU-side through a DMA-buf (rather than CPU copies)? */
bool rl_client_gpu_path(const struct rl_client *c);

#endif /* RELAY_CLIENT_CLIENT_H */
