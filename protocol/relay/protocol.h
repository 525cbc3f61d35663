/* SPDX-License-Identifier: MIT */
/*
 * relay shared-memory wire format, protocol 1.0.
 *
 * This header IS the wire format; docs/protocol.md is its prose spec. It has
 * no dependencies, uses fixed-width types only, declares every padding byte
 * and pins every offset with a static assertion, so gcc, clang and
 * x86_64-w64-mingw32-gcc lay it out identically (tests/unit compile it with
 * all three).
 *
 * The region is written by the host (in the guest) and read by the client
 * (on the Linux host). The client writes only struct rl_client_ctrl. Each
 * side treats everything the other wrote as hostile: copy it out, validate
 * the copy, then use it.
 *
 * Layout of a region (offsets are published in the hello block):
 *
 *   0                      struct rl_hello            (fixed forever)
 *   control_offset         struct rl_control          (frame/cursor/client)
 *   cursor_shape_offset    RL_CURSOR_SHAPE_SLOTS x struct rl_cursor_shape
 *   slot_data_offset       slot_count x slot_data_stride bytes of pixels,
 *                          every slot page aligned
 *
 * Words that change while the other side reads (sequence counters, serials,
 * heartbeat, queue indices) are 64-bit, naturally aligned and accessed with
 * C11 atomics by both sides.
 */
#ifndef RELAY_PROTOCOL_H
#define RELAY_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#define RL_PROTO_MAGIC		"RELAYSHM" /* 8 bytes, no terminator */
#define RL_PROTO_MAGIC_LEN	8
#define RL_PROTO_MAJOR		1 /* incompatible layout changes */
#define RL_PROTO_MINOR		0 /* compatible additions (reserved space) */

#define RL_PAGE_SIZE		4096u
#define RL_MIN_SLOTS		3
#define RL_MAX_SLOTS		8
#define RL_MAX_DAMAGE		64
#define RL_DAMAGE_LOG_LEN	16
#define RL_MAX_DIM		16384u /* width and height */
#define RL_CURSOR_MAX_DIM	256u
#define RL_CURSOR_SHAPE_SLOTS	2
#define RL_CURSOR_DATA_BYTES	(RL_CURSOR_MAX_DIM * RL_CURSOR_MAX_DIM * 4u)
#define RL_MSG_QUEUE_LEN	64 /* power of two */
#define RL_HOST_BUILD_LEN	64
#define RL_SLOT_NONE		0xffffffffu

/* rl_hello.host_state */
#define RL_HOST_STATE_RUNNING		1 /* frames flow */
#define RL_HOST_STATE_STOPPED		2 /* host exited cleanly */
#define RL_HOST_STATE_REGION_TOO_SMALL	3 /* host_state_arg = bytes needed */
#define RL_HOST_STATE_CAPTURE_FAILED	4 /* host_state_arg = backend code */

/* Pixel formats (rl_frame_meta.format). 0 is never valid. */
#define RL_FMT_BGRA8		1 /* bytes B,G,R,A; 4 bytes per pixel */
#define RL_FMT_RGBA8		2 /* bytes R,G,B,A; 4 bytes per pixel */
#define RL_FMT_RGBA10		3 /* 32-bit LE word: R 0-9, G 10-19, B 20-29, A 30-31 */
#define RL_FMT_RGBA16F		4 /* 4 x IEEE half, R,G,B,A; 8 bytes per pixel */

/* rl_frame_meta.flags; unknown bits are ignored by readers. */
#define RL_FRAME_F_NEW_MODE	(1u << 0) /* first frame after size/format change */
#define RL_FRAME_F_CURSOR_BAKED	(1u << 1) /* the cursor is drawn into the pixels */

/* rl_frame_meta.rotation: clockwise rotation the guest applied. */
#define RL_ROTATE_0		0
#define RL_ROTATE_90		1
#define RL_ROTATE_180		2
#define RL_ROTATE_270		3

/* rl_cursor_shape.type, with DXGI_OUTDUPL_POINTER_SHAPE_TYPE semantics. */
#define RL_CURSOR_COLOR		1 /* BGRA8, straight alpha */
#define RL_CURSOR_MONOCHROME	2 /* 1 bpp: AND mask rows, then XOR mask rows */
#define RL_CURSOR_MASKED_COLOR	3 /* BGRA8: A=0x00 replace, A=0xFF XOR */

/* rl_client_msg.type */
#define RL_MSG_CURSOR_WARP	1 /* arg[0]=x, arg[1]=y (int32 in frame px) */
#define RL_MSG_RESOLUTION	2 /* arg[0]=width, arg[1]=height, arg[2]=mHz */

/*
 * A rectangle in frame pixels. Valid when w > 0, h > 0, x + w <= width,
 * y + h <= height of the frame it belongs to.
 */
struct rl_rect {
	uint32_t x;
	uint32_t y;
	uint32_t w;
	uint32_t h;
};

/*
 * The hello block: offset 0 of every region, layout fixed forever across
 * all protocol versions (new fields are carved out of reserved[] only).
 *
 * Writer: the host. It sets session_id to 0 before touching anything else
 * (it keeps the magic and zeroes the rest of the control area) and stores
 * the new non-zero random session_id (release) last, so a reader that sees
 * the same non-zero session_id before and after copying the block got a
 * consistent copy of the layout fields. heartbeat_ns, host_state and
 * host_state_arg change during a session (the argument is stored before
 * the state); heartbeat_ns changes at least every 100 ms while the host
 * lives, and readers judge staleness by their own clock. STOPPED,
 * REGION_TOO_SMALL and CAPTURE_FAILED stay meaningful after the host is
 * gone; readers report them whatever the heartbeat does.
 */
struct rl_hello {
	uint8_t magic[RL_PROTO_MAGIC_LEN];
	uint32_t version_major;
	uint32_t version_minor;
	uint64_t session_id;
	uint64_t heartbeat_ns;
	uint64_t region_size;
	uint32_t hello_size;
	uint32_t host_state;
	uint64_t host_state_arg;
	char host_build[RL_HOST_BUILD_LEN]; /* NUL padded, may lack NUL */
	uint64_t control_offset;
	uint32_t control_size;
	uint32_t slot_count;
	uint64_t cursor_shape_offset;
	uint32_t cursor_shape_stride;
	uint32_t _pad0;
	uint64_t slot_data_offset;
	uint64_t slot_data_stride;
	uint8_t reserved[88];
};

/* Frame publication: host-written. */
struct rl_frame_ctrl {
	/* (serial << 8) | slot of the newest complete frame; 0 = none yet */
	uint64_t latest;
	uint64_t _reserved[7];
};

/*
 * Per-slot frame metadata. seq is a sequence lock: odd while the host
 * rewrites the slot (metadata and pixels), even when stable. A reader
 * copies metadata and pixels between two reads of seq and discards the
 * copy unless both reads are equal and even.
 *
 * The pixels of a slot always hold the complete frame `serial`. damage
 * lists what changed between frame serial-1 and frame serial; count 0
 * means the whole frame.
 */
struct rl_frame_meta {
	uint64_t seq;
	uint64_t serial;
	uint32_t format;
	uint32_t width;
	uint32_t height;
	uint32_t pitch; /* bytes from one row to the next */
	uint64_t data_offset; /* from region start, RL_PAGE_SIZE aligned */
	uint64_t data_size;
	uint32_t flags;
	uint32_t damage_count;
	uint32_t rotation;
	uint32_t _pad0;
	uint64_t ts_capture_ns; /* host clock: frame captured */
	uint64_t ts_copy_ns; /* host clock: pixels in the slot */
	uint64_t ts_publish_ns; /* host clock: metadata complete, just before `latest` is stored */
	uint64_t _reserved[5];
	struct rl_rect damage[RL_MAX_DAMAGE];
};

/*
 * Damage of recent frames, so a reader that skipped frames can union their
 * damage instead of copying the whole frame. Entry serial % RL_DAMAGE_LOG_LEN
 * holds frame `serial`; seq is a sequence lock as in rl_frame_meta.
 */
struct rl_damage_log_entry {
	uint64_t seq;
	uint64_t serial;
	uint32_t damage_count; /* 0 = whole frame */
	uint32_t _pad0;
	uint64_t _reserved;
	struct rl_rect damage[RL_MAX_DAMAGE];
};

/*
 * Cursor state: host-written, sequence locked. Position updates coalesce
 * (latest wins). shape_serial names the newest shape and shape_slot the
 * rl_cursor_shape holding it; the host never rewrites the buffer named
 * here, so the newest shape is never lost to a position update.
 */
struct rl_cursor_state {
	uint64_t seq;
	uint64_t pos_serial;
	int32_t x; /* hotspot position in frame pixels */
	int32_t y;
	uint32_t visible;
	uint32_t shape_slot;
	uint64_t shape_serial; /* 0 = no shape yet */
	uint64_t _reserved[3];
};

/*
 * One client->host record. The host validates type and arguments; unknown
 * types are skipped.
 */
struct rl_client_msg {
	uint32_t type;
	uint32_t _pad0;
	uint32_t arg[6];
};

/*
 * Client-written block: the host zeroes it when it starts a session (with
 * reading_slot = RL_SLOT_NONE) and afterwards writes only msg_tail. The
 * client bumps
 * heartbeat at least every 100 ms while it watches; the host may idle when
 * it stops changing. reading_slot is a hint: the slot the client is copying
 * (RL_SLOT_NONE when none), which the host avoids when it can.
 *
 * msg_head counts records ever written by the client, msg_tail records
 * consumed by the host; record i lives in msgs[i % RL_MSG_QUEUE_LEN].
 */
struct rl_client_ctrl {
	uint64_t client_id;
	uint64_t heartbeat;
	uint32_t reading_slot;
	uint32_t _pad0;
	uint64_t msg_head;
	uint64_t _reserved0[4];
	uint64_t msg_tail; /* own cache line: the host writes it */
	uint64_t _reserved1[7];
	struct rl_client_msg msgs[RL_MSG_QUEUE_LEN];
};

/* The control area, at hello.control_offset. */
struct rl_control {
	struct rl_frame_ctrl frame;
	struct rl_cursor_state cursor;
	struct rl_client_ctrl client;
	struct rl_damage_log_entry damage_log[RL_DAMAGE_LOG_LEN];
	struct rl_frame_meta slots[RL_MAX_SLOTS];
};

/* A cursor shape buffer, at cursor_shape_offset + i * cursor_shape_stride. */
struct rl_cursor_shape {
	uint64_t seq;
	uint64_t serial;
	uint32_t type;
	uint32_t width;
	uint32_t height; /* MONOCHROME: data holds 2 * height mask rows */
	uint32_t pitch;
	int32_t hot_x;
	int32_t hot_y;
	uint64_t _reserved[3];
	uint8_t data[RL_CURSOR_DATA_BYTES];
};

/* Layout used by protocol 1.0 hosts (readers take the hello's values). */
#define RL_CONTROL_OFFSET	256u

#define RL_ASSERT_LAYOUT(type, member, off) \
	_Static_assert(offsetof(struct type, member) == (off), \
		       #type "." #member " must be at offset " #off)
#define RL_ASSERT_SIZE(type, size) \
	_Static_assert(sizeof(struct type) == (size), \
		       "struct " #type " must be " #size " bytes")

RL_ASSERT_SIZE(rl_rect, 16);

RL_ASSERT_LAYOUT(rl_hello, magic, 0);
RL_ASSERT_LAYOUT(rl_hello, version_major, 8);
RL_ASSERT_LAYOUT(rl_hello, version_minor, 12);
RL_ASSERT_LAYOUT(rl_hello, session_id, 16);
RL_ASSERT_LAYOUT(rl_hello, heartbeat_ns, 24);
RL_ASSERT_LAYOUT(rl_hello, region_size, 32);
RL_ASSERT_LAYOUT(rl_hello, hello_size, 40);
RL_ASSERT_LAYOUT(rl_hello, host_state, 44);
RL_ASSERT_LAYOUT(rl_hello, host_state_arg, 48);
RL_ASSERT_LAYOUT(rl_hello, host_build, 56);
RL_ASSERT_LAYOUT(rl_hello, control_offset, 120);
RL_ASSERT_LAYOUT(rl_hello, control_size, 128);
RL_ASSERT_LAYOUT(rl_hello, slot_count, 132);
RL_ASSERT_LAYOUT(rl_hello, cursor_shape_offset, 136);
RL_ASSERT_LAYOUT(rl_hello, cursor_shape_stride, 144);
RL_ASSERT_LAYOUT(rl_hello, _pad0, 148);
RL_ASSERT_LAYOUT(rl_hello, slot_data_offset, 152);
RL_ASSERT_LAYOUT(rl_hello, slot_data_stride, 160);
RL_ASSERT_LAYOUT(rl_hello, reserved, 168);
RL_ASSERT_SIZE(rl_hello, 256);

RL_ASSERT_LAYOUT(rl_frame_ctrl, latest, 0);
RL_ASSERT_SIZE(rl_frame_ctrl, 64);

RL_ASSERT_LAYOUT(rl_frame_meta, seq, 0);
RL_ASSERT_LAYOUT(rl_frame_meta, serial, 8);
RL_ASSERT_LAYOUT(rl_frame_meta, format, 16);
RL_ASSERT_LAYOUT(rl_frame_meta, width, 20);
RL_ASSERT_LAYOUT(rl_frame_meta, height, 24);
RL_ASSERT_LAYOUT(rl_frame_meta, pitch, 28);
RL_ASSERT_LAYOUT(rl_frame_meta, data_offset, 32);
RL_ASSERT_LAYOUT(rl_frame_meta, data_size, 40);
RL_ASSERT_LAYOUT(rl_frame_meta, flags, 48);
RL_ASSERT_LAYOUT(rl_frame_meta, damage_count, 52);
RL_ASSERT_LAYOUT(rl_frame_meta, rotation, 56);
RL_ASSERT_LAYOUT(rl_frame_meta, _pad0, 60);
RL_ASSERT_LAYOUT(rl_frame_meta, ts_capture_ns, 64);
RL_ASSERT_LAYOUT(rl_frame_meta, ts_copy_ns, 72);
RL_ASSERT_LAYOUT(rl_frame_meta, ts_publish_ns, 80);
RL_ASSERT_LAYOUT(rl_frame_meta, damage, 128);
RL_ASSERT_SIZE(rl_frame_meta, 1152);

RL_ASSERT_LAYOUT(rl_damage_log_entry, seq, 0);
RL_ASSERT_LAYOUT(rl_damage_log_entry, serial, 8);
RL_ASSERT_LAYOUT(rl_damage_log_entry, damage_count, 16);
RL_ASSERT_LAYOUT(rl_damage_log_entry, damage, 32);
RL_ASSERT_SIZE(rl_damage_log_entry, 1056);

RL_ASSERT_LAYOUT(rl_cursor_state, seq, 0);
RL_ASSERT_LAYOUT(rl_cursor_state, pos_serial, 8);
RL_ASSERT_LAYOUT(rl_cursor_state, x, 16);
RL_ASSERT_LAYOUT(rl_cursor_state, y, 20);
RL_ASSERT_LAYOUT(rl_cursor_state, visible, 24);
RL_ASSERT_LAYOUT(rl_cursor_state, shape_slot, 28);
RL_ASSERT_LAYOUT(rl_cursor_state, shape_serial, 32);
RL_ASSERT_SIZE(rl_cursor_state, 64);

RL_ASSERT_LAYOUT(rl_client_msg, type, 0);
RL_ASSERT_LAYOUT(rl_client_msg, arg, 8);
RL_ASSERT_SIZE(rl_client_msg, 32);

RL_ASSERT_LAYOUT(rl_client_ctrl, client_id, 0);
RL_ASSERT_LAYOUT(rl_client_ctrl, heartbeat, 8);
RL_ASSERT_LAYOUT(rl_client_ctrl, reading_slot, 16);
RL_ASSERT_LAYOUT(rl_client_ctrl, msg_head, 24);
RL_ASSERT_LAYOUT(rl_client_ctrl, msg_tail, 64);
RL_ASSERT_LAYOUT(rl_client_ctrl, msgs, 128);
RL_ASSERT_SIZE(rl_client_ctrl, 128 + 32 * RL_MSG_QUEUE_LEN);

RL_ASSERT_LAYOUT(rl_control, frame, 0);
RL_ASSERT_LAYOUT(rl_control, cursor, 64);
RL_ASSERT_LAYOUT(rl_control, client, 128);
RL_ASSERT_LAYOUT(rl_control, damage_log, 2304);
RL_ASSERT_LAYOUT(rl_control, slots, 19200);
RL_ASSERT_SIZE(rl_control, 28416);

RL_ASSERT_LAYOUT(rl_cursor_shape, seq, 0);
RL_ASSERT_LAYOUT(rl_cursor_shape, serial, 8);
RL_ASSERT_LAYOUT(rl_cursor_shape, type, 16);
RL_ASSERT_LAYOUT(rl_cursor_shape, width, 20);
RL_ASSERT_LAYOUT(rl_cursor_shape, height, 24);
RL_ASSERT_LAYOUT(rl_cursor_shape, pitch, 28);
RL_ASSERT_LAYOUT(rl_cursor_shape, hot_x, 32);
RL_ASSERT_LAYOUT(rl_cursor_shape, hot_y, 36);
RL_ASSERT_LAYOUT(rl_cursor_shape, data, 64);
RL_ASSERT_SIZE(rl_cursor_shape, 64 + RL_CURSOR_DATA_BYTES);

#undef RL_ASSERT_LAYOUT
#undef RL_ASSERT_SIZE

#endif /* RELAY_PROTOCOL_H */
