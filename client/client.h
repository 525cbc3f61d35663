/* SPDX-License-Identifier: MIT */
/*
 * The client core: follows the host through the shared region and hands
 * frames, cursor and link changes to a view. It owns the consumer, the
 * local frame and cursor copies, and the poll pacing; it knows nothing of
 * windows, so a headless view and a window plug in the same way.
 *
 * Context: one thread (the client thread) calls everything here.
 */
#ifndef RELAY_CLIENT_CLIENT_H
#define RELAY_CLIENT_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "pacer.h"
#include "relay/log.h"
#include "relay/ring.h"
#include "relay/shm.h"
#include "view.h"

struct rl_client_params {
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
	uint64_t copy_ns_total;       /* our time spent taking frames */
	uint64_t host_latency_ns_total; /* capture -> publish, host clock */
	uint64_t polls;
};

struct rl_client {
	struct rl_client_params params;
	const struct rl_log *log;
	struct rl_shm *shm;               /* not owned */
	struct rl_consumer consumer;
	struct rl_frame frame;
	struct rl_cursor *cursor;         /* heap: 256 KiB of shape data */
	struct rl_pacer pacer;
	const struct rl_view_ops *view_ops;
	void *view;
	enum rl_link_state shown;         /* last state told to the view */
	bool shown_valid;
	uint64_t keepalive_ns;
	uint32_t mode[3];                 /* format, width, height last seen */
	int dmabuf_fd;                    /* the whole region, or -1: CPU copies */
	struct rl_client_stats stats;
};

/*
 * Create a client reading `shm` (which must outlive it) and reporting to
 * the view. NULL (logged) on allocation failure.
 */
struct rl_client *rl_client_create(const struct rl_client_params *params,
				   struct rl_shm *shm, const struct rl_log *log,
				   const struct rl_view_ops *view_ops, void *view);
void rl_client_destroy(struct rl_client *c);

/* One poll at now_ns; returns how long to wait before the next one. */
uint64_t rl_client_poll(struct rl_client *c, uint64_t now_ns);

#endif /* RELAY_CLIENT_CLIENT_H */
