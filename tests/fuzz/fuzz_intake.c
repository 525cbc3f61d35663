/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: a hostile guest controls every byte of the region.
 *
 * Input byte 0 selects the mode:
 *   even: the rest of the input IS the region (exact-size heap copy, so
 *         ASan flags any access past it);
 *   odd:  the rest is a list of patches {u32 offset, u8 len, len bytes}
 *         applied to a valid region made by a real producer (a published
 *         frame, cursor shape and client messages): some before each round
 *         of reads, and one at each race point inside the consumer (this
 *         target builds ring_consumer.c with RL_RACE_POINT calling
 *         rl_fuzz_race), so bytes change *during* the copies and torn
 *         reads, sequence changes and retries are really reached.
 * Every consumer entry point runs: the link, frames with the consumer
 * copying and with the caller copying (frame_intact, frame_torn), resync,
 * the cursor, messages both ways; then the damage arithmetic on rects
 * taken from the input.
 * The client's intake (link, frame, cursor, send) and the host's intake of
 * client messages run over it. Any out-of-bounds access, UB or crash is a
 * finding; the target asserts nothing else.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "race.h"
#include "relay/ring.h"

#define TEMPLATE_SIZE (1u << 20)
#define W 64
#define H 32

/* The template's layout, as its producer made it (the region's own copy may be patched). */
static uint64_t tpl_control_offset, tpl_shape_offset;
static uint32_t tpl_shape_stride;

static uint8_t *template_region(struct rl_producer *tp)
{
	static uint8_t *tpl;
	static struct rl_producer tpl_producer;

	if (!tpl) {
		static uint32_t px[W * H];
		static uint8_t shape[32 * 32 * 4];
		struct rl_producer_params pp = { 3, 0x1234, "fuzz" };
		struct rl_frame_desc d = { RL_FMT_BGRA8, W, H, 0, 0, 1 };
		struct rl_cursor_image ci = { RL_CURSOR_COLOR, 32, 32, 128, 1, 1, shape };
		struct rl_damage dmg;

		tpl = calloc(1, TEMPLATE_SIZE);
		for (uint32_t i = 0; i < W * H; i++)
			px[i] = i * 2654435761u;
		rl_producer_init(&tpl_producer, tpl, TEMPLATE_SIZE, &pp, NULL, 1);
		rl_producer_publish(&tpl_producer, &d, (uint8_t *)px, W * 4, NULL);
		rl_damage_clear(&dmg);
		rl_damage_add(&dmg, (struct rl_rect){ 1, 2, 3, 4 }, W, H);
		rl_producer_publish(&tpl_producer, &d, (uint8_t *)px, W * 4, &dmg);
		rl_producer_publish(&tpl_producer, &d, (uint8_t *)px, W * 4, &dmg);
		rl_producer_cursor_shape(&tpl_producer, &ci);
		rl_producer_cursor_move(&tpl_producer, 5, 6, true);
		rl_producer_heartbeat(&tpl_producer, 10);
		tpl_control_offset = ((struct rl_hello *)tpl)->control_offset;
		tpl_shape_offset = ((struct rl_hello *)tpl)->cursor_shape_offset;
		tpl_shape_stride = ((struct rl_hello *)tpl)->cursor_shape_stride;
	}
	*tp = tpl_producer;
	return tpl;
}

/* The writer racing the reader: its region and the patches left. */
struct racer {
	uint8_t *mem;
	size_t size;
	const uint8_t **in;
	size_t *left;
};

static struct racer racer; /* the one writer of this single-threaded target */

static void apply_patches(uint8_t *mem, size_t size, const uint8_t **in,
			  size_t *left, int count);

void rl_fuzz_race(void)
{
	if (racer.mem)
		apply_patches(racer.mem, racer.size, racer.in, racer.left, 1);
}

static void apply_patches(uint8_t *mem, size_t size, const uint8_t **in,
			  size_t *left, int count)
{
	while (count-- > 0 && *left >= 5) {
		uint32_t off;
		uint8_t len;

		memcpy(&off, *in, 4);
		len = (*in)[4];
		*in += 5;
		*left -= 5;
		if (len > *left)
			len = (uint8_t)*left;
		off %= (uint32_t)size;
		if (len > size - off)
			len = (uint8_t)(size - off);
		memcpy(mem + off, *in, len);
		*in += len;
		*left -= len;
	}
}

/*
 * A real producer moving on between the consumer's looks, steered by op:
 * frames published (so later takes union damage across skipped frames
 * from the damage log), a new cursor shape or position, a host state, or
 * one field of the newest frame's metadata made hostile.
 */
static void produce(struct rl_producer *p, uint8_t op, uint8_t op2, uint64_t now,
		    bool heartbeat)
{
	static uint32_t px[W * H];
	static uint8_t mono[2 * 16 * 2];
	struct rl_frame_desc d = { RL_FMT_BGRA8, W, H, 0, 0, now };
	struct rl_control *ctrl = (struct rl_control *)(p->base + tpl_control_offset);
	struct rl_damage dmg;
	/* Now and then more frames than the damage log holds: a full copy. */
	uint32_t n = op2 == 0xff ? RL_DAMAGE_LOG_LEN + 3 : 1 + (op & 3);

	for (uint32_t i = 0; i < n; i++) {
		rl_damage_clear(&dmg);
		rl_damage_add(&dmg, (struct rl_rect){ (op + i * 7) % W, (i * 5) % H, 3, 2 }, W, H);
		rl_damage_add(&dmg, (struct rl_rect){ i % W, (op >> 2) % H, 5, 1 }, W, H);
		rl_producer_publish(p, &d, (uint8_t *)px, W * 4, &dmg);
	}
	if (op & 0x04) {
		struct rl_cursor_image ci = { RL_CURSOR_MONOCHROME, 16, 16, 2, 0, 0, mono };

		rl_producer_cursor_shape(p, &ci);
	}
	if (op & 0x08)
		rl_producer_cursor_move(p, op, -op, op & 1);
	if (op & 0x10) {
		static const uint32_t states[] = { RL_HOST_STATE_STOPPED, RL_HOST_STATE_REGION_TOO_SMALL,
						   RL_HOST_STATE_CAPTURE_FAILED, RL_HOST_STATE_RUNNING };

		rl_producer_set_state(p, states[(op >> 5) & 3], 1u << 24);
	}
	/* One hostile field, chosen by op2, in what the consumer reads next. */
	struct rl_frame_meta *m = &ctrl->slots[p->latest_slot % RL_MAX_SLOTS];
	struct rl_cursor_shape *sh = (struct rl_cursor_shape *)(p->base + tpl_shape_offset +
								(uint64_t)(p->shape_slot % RL_CURSOR_SHAPE_SLOTS) *
									tpl_shape_stride);
	struct rl_damage_log_entry *e = &ctrl->damage_log[p->serial % RL_DAMAGE_LOG_LEN];

	switch (op2 % 20) {
	case 0: m->format = 0x7f; break;
	case 1: m->width = 0; break;
	case 2: m->width = RL_MAX_DIM + 1; break;
	case 3: m->pitch = 1; break;
	case 4: m->data_offset += 1; break;
	case 5: m->data_size = 1; break;
	case 6: m->data_offset = p->size; break;
	case 7: m->damage_count = RL_MAX_DAMAGE + 1; break;
	case 8: m->damage_count = 1; m->damage[0].x = m->width; m->damage[0].w = 1; break;
	case 9: m->rotation = 99; break;
	case 10: sh->width = 0; break;
	case 11: sh->type = 77; break;
	case 12: sh->seq |= 1; break;                 /* a shape write in progress */
	case 13: e->serial += 1; break;               /* a log entry for another frame */
	case 14: e->damage_count = RL_MAX_DAMAGE + 5; break;
	case 15: e->seq |= 1; break;                  /* a log entry being written */
	case 16: m->seq |= 1; break;                  /* the slot being written */
	default: break;
	}
	if (heartbeat)
		rl_producer_heartbeat(p, now);
}

static void exercise(uint8_t *mem, size_t size, struct rl_producer *p,
		     const uint8_t *in, size_t left)
{
	struct rl_consumer_params cp = { 1000000000ull, 42 };
	struct rl_consumer c;
	struct rl_frame f = { 0 };
	struct rl_cursor *cur = calloc(1, sizeof(*cur));
	struct rl_client_msg msg = { RL_MSG_CURSOR_WARP, 0, { 1, 2 } }, out;

	rl_consumer_init(&c, mem, size, &cp);
	if (p)
		racer = (struct racer){ mem, size, &in, &left };
	for (int round = 0; round < 4; round++) {
		uint64_t now = 1000 + (uint64_t)round * 1000;
		uint8_t op = left ? in[0] : 0, op2 = left > 1 ? in[1] : 0xfe;
		/* The last round may be seconds later with a silent host: stale. */
		bool stale = round == 3 && (op & 0x40);

		apply_patches(mem, size, &in, &left, 4);
		if (p && round > 0)
			produce(p, op, op2, now, !stale);
		if (stale)
			now += 5000000000ull;
		else if (size >= sizeof(struct rl_hello))
			((struct rl_hello *)mem)->heartbeat_ns += 1; /* looks alive */
		(void)rl_link_state_name(rl_consumer_update_link(&c, now));
		(void)rl_link_state_name((enum rl_link_state)(op | 0x100));
		(void)rl_consumer_message(&c);
		(void)rl_consumer_session(&c);
		/* Rounds 1 and 3: the caller copies, as the DMA-buf path does. */
		rl_consumer_set_copy_pixels(&c, round % 2 == 0);
		if (round == 2)
			rl_consumer_resync(&c);
		if (rl_consumer_take_frame(&c, &f, NULL) == RL_TAKE_FRAME && round % 2 &&
		    !rl_consumer_frame_intact(&c, &f))
			rl_consumer_frame_torn(&c, &f);
		rl_consumer_take_cursor(&c, cur, NULL);
		rl_consumer_send(&c, &msg);
		rl_consumer_keepalive(&c);
		if (p) {
			while (rl_producer_next_msg(p, &out))
				;
			rl_producer_client_watching(p, now, 1000);
		}
	}
	racer.mem = NULL;
	rl_frame_finish(&f);
	free(cur);
}

/* The damage arithmetic on rects and sizes from the input. */
static void exercise_damage(const uint8_t *in, size_t left)
{
	enum { DW = 24, DH = 16 };
	static uint8_t src[DW * DH * 4], dst[DW * DH * 4];
	struct rl_damage a, b;
	uint32_t w = DW, h = DH;

	rl_damage_clear(&a);
	rl_damage_clear(&b);
	if (left >= 2) { /* one frame size for the whole run: rects are clipped to it */
		w = 1 + in[0] % DW;
		h = 1 + in[1] % DH;
		in += 2;
		left -= 2;
	}
	while (left >= 8) {
		struct rl_rect r = { in[0], in[1], in[2], in[3] };

		rl_damage_add(in[4] & 2 ? &a : &b, r, w, h);
		/* Its neighbours too: past RL_MAX_DAMAGE rects, they merge. */
		for (uint32_t k = 1; k <= (in[7] & 7); k++)
			rl_damage_add(&a, (struct rl_rect){ r.x + 2 * k, r.y + k, 1, 1 }, w, h);
		if (in[4] & 4)
			rl_damage_union(&a, &b, w, h);
		if (in[4] & 8)
			rl_damage_set_full(&b);
		(void)rl_damage_covers(&a, in[5], in[6]);
		(void)rl_damage_area(&a, w, h);
		(void)rl_damage_empty(&b);
		rl_damage_copy(&a, dst, w * 4, src, w * 4, w, h, 4);
		rl_damage_copy(&b, dst, DW * 4, src, w * 4, w, h, 4);
		in += 8;
		left -= 8;
	}
	/* More separate rects than a damage set holds: they merge, nothing lost. */
	rl_damage_clear(&a);
	for (uint32_t i = 0; i < 80; i++)
		rl_damage_add(&a, (struct rl_rect){ 2 * (i % 12), 2 * (i / 12), 1, 1 }, DW, DH);
	rl_damage_copy(&a, dst, DW * 4, src, DW * 4, DW, DH, 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if ((data[0] & 1) == 0) {
		size_t n = size - 1;
		uint8_t *mem = malloc(n ? n : 1);

		memcpy(mem, data + 1, n);
		exercise(mem, n, NULL, NULL, 0);
		exercise_damage(data + 1, n);
		free(mem);
	} else {
		struct rl_producer p;
		uint8_t *tpl = template_region(&p);
		uint8_t *mem = malloc(TEMPLATE_SIZE);

		memcpy(mem, tpl, TEMPLATE_SIZE);
		p.base = mem;
		exercise(mem, TEMPLATE_SIZE, &p, data + 1, size - 1);
		free(mem);
	}
	return 0;
}
