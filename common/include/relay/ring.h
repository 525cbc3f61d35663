/* SPDX-License-Identifier: MIT */
/*
 * The ring: both ends of the protocol in protocol/relay/protocol.h.
 *
 * The producer (relay-host) lays out a region, publishes frames into free
 * slots, keeps the cursor channel and heartbeat, and drains client
 * messages. The consumer (relay-client) follows the host's hello block,
 * takes the newest frame (unioning damage across skipped frames), the
 * cursor, and writes client messages.
 *
 * Both work on a plain (base, size) mapping and never touch memory outside
 * it. The consumer copies every shared byte into local memory, validates
 * the copy, then uses it; the producer does the same with the client's
 * block. Neither allocates except rl_frame pixel storage, nor uses globals,
 * so any number can live in one process (tests, fuzzers).
 *
 * Context: one thread per producer and one per consumer; the two ends
 * may run in different threads, processes or machines.
 */
#ifndef RELAY_RING_H
#define RELAY_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/damage.h"
#include "relay/log.h"
#include "relay/protocol.h"

/* ---- producer (host side) --------------------------------------------- */

struct rl_producer_params {
	uint32_t slot_count;    /* RL_MIN_SLOTS..RL_MAX_SLOTS */
	uint64_t session_id;    /* random, non-zero, new on every host start */
	const char *host_build; /* copied into the hello block */
};

/* What the host knows about a frame beyond its pixels. */
struct rl_frame_desc {
	uint32_t format; /* RL_FMT_* */
	uint32_t width;
	uint32_t height;
	uint32_t flags;  /* RL_FRAME_F_* */
	uint32_t rotation;
	uint64_t ts_capture_ns;
};

/* A cursor shape as the capture backend produced it (not owned). */
struct rl_cursor_image {
	uint32_t type; /* RL_CURSOR_* */
	uint32_t width;
	uint32_t height; /* MONOCHROME: visible height; data has 2 * height rows */
	uint32_t pitch;
	int32_t hot_x;
	int32_t hot_y;
	const uint8_t *data;
};

/*
 * The one check of a cursor shape's geometry, for both ends: NULL when a
 * shape of this type, size and pitch fits the protocol (*bytes = the data
 * it spans), else what is wrong ("unknown type", "size out of range",
 * "pitch out of range").
 */
const char *rl_cursor_geometry_invalid(uint32_t type, uint32_t width, uint32_t height,
				       uint32_t pitch, uint64_t *bytes);

struct rl_producer {
	uint8_t *base;
	uint64_t size;
	const struct rl_log *log;
	uint32_t slot_count;
	uint64_t slot_data_offset;
	uint64_t slot_stride;
	uint64_t serial;          /* last published */
	uint32_t latest_slot;     /* RL_SLOT_NONE before the first frame */
	uint64_t write_tick[RL_MAX_SLOTS];
	struct rl_damage pending[RL_MAX_SLOTS]; /* changes each slot lacks */
	uint32_t geom[RL_MAX_SLOTS][3]; /* format, width, height last written */
	uint64_t shape_serial;
	uint32_t shape_slot;
	uint32_t state;           /* RL_HOST_STATE_* last written */
	uint64_t pos_serial;
	int32_t cursor_x;
	int32_t cursor_y;
	bool cursor_visible;
	/* our own sequence counters: never read back from shared memory */
	uint64_t slot_seq[RL_MAX_SLOTS];
	uint64_t log_seq[RL_DAMAGE_LOG_LEN];
	uint64_t cursor_seq;
	uint64_t shape_seq[RL_CURSOR_SHAPE_SLOTS];
	uint64_t msg_tail;
	uint64_t client_heartbeat;
	uint64_t client_seen_ns;  /* host clock when the heartbeat last moved */
	uint64_t last_heartbeat_ns;
};

/* Bytes a region needs for `slots` frames of width x height x bpp. */
uint64_t rl_producer_region_size(uint32_t slots, uint32_t width,
				 uint32_t height, uint32_t bpp);

/*
 * Lay out the region and start a session (hello written last). Slots get
 * equal, page-aligned shares of what is left after the control area.
 * False (logged) when params are invalid or the region cannot hold even
 * the control area; the hello then says why if it fits.
 */
bool rl_producer_init(struct rl_producer *p, void *base, uint64_t size,
		      const struct rl_producer_params *params,
		      const struct rl_log *log, uint64_t now_ns);

/* Largest frame (bytes, pitch x height) a slot can hold. */
uint64_t rl_producer_slot_capacity(const struct rl_producer *p);

enum rl_publish_status {
	RL_PUBLISH_DONE,      /* the frame is the latest in the region */
	RL_PUBLISH_UNCHANGED, /* empty damage and the same mode: nothing written */
	RL_PUBLISH_TOO_SMALL, /* it does not fit a slot: `needed` says what would */
	RL_PUBLISH_INVALID,   /* format or size out of range (logged) */
};

struct rl_publish_result {
	enum rl_publish_status status;
	uint64_t needed; /* TOO_SMALL: region bytes that would hold such frames */
};

/*
 * Publish a frame. src holds the complete frame (width x height, src_pitch
 * bytes per row); damage says what changed since the previously published
 * frame (NULL or full = everything). Only the damage the chosen slot lacks
 * is copied; the timestamps are taken as the copy ends. TOO_SMALL also
 * sets host_state REGION_TOO_SMALL with the bytes needed, for clients.
 */
struct rl_publish_result rl_producer_publish(struct rl_producer *p,
					     const struct rl_frame_desc *desc,
					     const uint8_t *src, uint32_t src_pitch,
					     const struct rl_damage *damage);

/* Refresh heartbeat_ns; call at least every 100 ms. */
void rl_producer_heartbeat(struct rl_producer *p, uint64_t now_ns);

/* Position update (coalescing). */
void rl_producer_cursor_move(struct rl_producer *p, int32_t x, int32_t y,
			     bool visible);

/* New shape, never lost: false (logged) if the image is invalid. */
bool rl_producer_cursor_shape(struct rl_producer *p,
			      const struct rl_cursor_image *img);

/*
 * Next valid client message, copied out and validated; false when none.
 * A corrupt queue (head behind tail or too far ahead) is resynchronised.
 */
bool rl_producer_next_msg(struct rl_producer *p, struct rl_client_msg *msg);

/* Has a client bumped its heartbeat within timeout_ns? */
bool rl_producer_client_watching(struct rl_producer *p, uint64_t now_ns,
				 uint64_t timeout_ns);

/* Record a terminal state (STOPPED, CAPTURE_FAILED, ...) in the hello. */
void rl_producer_set_state(struct rl_producer *p, uint32_t state,
			   uint64_t arg);

/* ---- consumer (client side) ------------------------------------------- */

enum rl_link_state {
	RL_LINK_NO_HOST,          /* no relay host has written this region */
	RL_LINK_INITIALISING,     /* a host is (re)initialising it */
	RL_LINK_VERSION_MISMATCH, /* another protocol major version */
	RL_LINK_BAD_LAYOUT,       /* the hello block fails validation */
	RL_LINK_REGION_TOO_SMALL, /* the host says the region cannot hold a frame */
	RL_LINK_CAPTURE_FAILED,   /* the host's capture backend failed */
	RL_LINK_HOST_STOPPED,     /* host exited, or heartbeat stale */
	RL_LINK_CONNECTED,
};

struct rl_consumer_params {
	uint64_t stale_ns;  /* heartbeat unchanged this long = host gone */
	uint64_t client_id; /* random, non-zero */
};

/* A frame in local memory, rows tightly packed (pitch = width * bpp). */
struct rl_frame {
	uint64_t serial;
	uint32_t format;
	uint32_t width;
	uint32_t height;
	uint32_t pitch;
	uint32_t flags;
	uint32_t rotation;
	uint64_t ts_capture_ns; /* host clock */
	uint64_t ts_copy_ns;
	uint64_t ts_publish_ns;
	uint64_t skipped;       /* frames superseded since the previous take */
	bool on_gpu;            /* set by the client core: pixels went GPU-side, not to `pixels` */
	struct rl_damage damage; /* pixels changed by the last take */
	/*
	 * Where the frame's pixels sit in the shared region (validated), for
	 * a GPU-side copy from a DMA-buf of the same memory; see
	 * rl_consumer_frame_intact().
	 */
	uint32_t slot;
	uint32_t src_pitch;
	uint64_t data_offset;
	uint64_t slot_seq;
	uint8_t *pixels;        /* heap, owned; rl_frame_finish() frees */
	uint64_t capacity;
};

/* The client's copy of the cursor. */
struct rl_cursor {
	uint64_t pos_serial;
	int32_t x;
	int32_t y;
	bool visible;
	uint64_t shape_serial; /* 0 = no shape yet */
	uint32_t type;
	uint32_t width;
	uint32_t height;
	uint32_t pitch;
	int32_t hot_x;
	int32_t hot_y;
	uint8_t data[RL_CURSOR_DATA_BYTES];
};

struct rl_consumer_stats {
	uint64_t frames;        /* taken */
	uint64_t skipped;       /* superseded before we looked */
	uint64_t torn;          /* copies discarded by the sequence check */
	uint64_t rejected;      /* frames whose metadata failed validation */
	uint64_t full_copies;   /* takes that copied the whole frame */
	uint64_t bytes_copied;
};

struct rl_consumer {
	uint8_t *base;
	uint64_t size;
	uint64_t stale_ns;
	uint64_t client_id;
	struct rl_hello hello;          /* validated copy (when connected) */
	enum rl_link_state state;
	bool new_session;               /* internal to one update_link */
	uint64_t session_id;
	uint64_t heartbeat;
	uint64_t heartbeat_seen_ns;     /* our clock when it last moved */
	bool heartbeat_moved;           /* seen moving in this session */
	uint64_t last_serial;           /* of the frame in the caller's rl_frame */
	uint64_t rejected_serial;
	uint64_t rejected_shape;
	uint64_t pos_serial_seen;
	struct rl_damage carry;         /* local pixels a torn copy dirtied */
	bool need_full;
	bool copy_pixels;               /* rl_consumer_set_copy_pixels */
	uint64_t my_heartbeat;
	uint64_t msg_head;
	struct rl_consumer_stats stats;
	struct rl_logbudget guest_log;  /* rejection warnings a guest can trigger */
	char message[256];              /* one plain sentence about `state` */
};

void rl_consumer_init(struct rl_consumer *c, void *base, uint64_t size,
		      const struct rl_consumer_params *params);

/*
 * Read the hello block and decide the link state and its message. Cheap:
 * call it every poll.
 */
enum rl_link_state rl_consumer_update_link(struct rl_consumer *c,
					   uint64_t now_ns);

/* One plain sentence about the link state (valid until the next update). */
const char *rl_consumer_message(const struct rl_consumer *c);

/*
 * The host session followed (0 before the first): it changes when the
 * host restarts, and the next frame taken is then copied whole.
 */
uint64_t rl_consumer_session(const struct rl_consumer *c);

/*
 * On (the default): take_frame copies the frame's pixels into f. Off:
 * take_frame validates and reports the frame (damage, where it is) but
 * copies no pixels; the caller copies them itself (e.g. GPU-side from a
 * DMA-buf) and then checks rl_consumer_frame_intact().
 */
void rl_consumer_set_copy_pixels(struct rl_consumer *c, bool on);

enum rl_take_result {
	RL_TAKE_NONE,     /* nothing newer than f->serial */
	RL_TAKE_FRAME,    /* f holds a new frame; f->damage says what changed */
	RL_TAKE_BUSY,     /* the host kept rewriting the slot: poll again */
	RL_TAKE_REJECTED, /* the newest frame's metadata is invalid (logged once) */
	RL_TAKE_NOMEM,
};

/*
 * Take the newest frame into f (which keeps the previous frame: only the
 * union of damage since f->serial is copied). Only when CONNECTED.
 */
enum rl_take_result rl_consumer_take_frame(struct rl_consumer *c,
					   struct rl_frame *f,
					   const struct rl_log *log);

/*
 * For a caller that copied f's pixels itself (copy_pixels false): is the
 * slot still holding frame f, i.e. was the copy consistent? When it is
 * not, call rl_consumer_frame_torn() so the next take repairs f->damage.
 */
bool rl_consumer_frame_intact(struct rl_consumer *c, const struct rl_frame *f);
void rl_consumer_frame_torn(struct rl_consumer *c, const struct rl_frame *f);

/* Forget the frame the caller holds: the next take copies the newest whole. */
void rl_consumer_resync(struct rl_consumer *c);

#define RL_CURSOR_CHANGED_POS   (1u << 0)
#define RL_CURSOR_CHANGED_SHAPE (1u << 1)

/* Update cur from the cursor channel; returns RL_CURSOR_CHANGED_* bits. */
uint32_t rl_consumer_take_cursor(struct rl_consumer *c, struct rl_cursor *cur,
				 const struct rl_log *log);

/* Queue a client message; false when the queue is full or not connected. */
bool rl_consumer_send(struct rl_consumer *c, const struct rl_client_msg *msg);

/* Tell the host a client is watching; call at least every 100 ms. */
void rl_consumer_keepalive(struct rl_consumer *c);

void rl_frame_finish(struct rl_frame *f);

/* One sentence for a link state, for status screens and logs. */
const char *rl_link_state_name(enum rl_link_state state);

#endif /* RELAY_RING_H */
