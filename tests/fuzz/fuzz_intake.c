/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: a hostile guest controls every byte of the region.
 *
 * Input byte 0 selects the mode:
 *   even: the rest of the input IS the region (exact-size heap copy, so
 *         ASan flags any access past it);
 *   odd:  the rest is a list of patches {u32 offset, u8 len, len bytes}
 *         applied to a valid region made by a real producer (a published
 *         frame, cursor shape and client messages), half before the first
 *         read and half between reads, so the fuzzer reaches deep states
 *         and bytes change under the reader.
 * The client's intake (link, frame, cursor, send) and the host's intake of
 * client messages run over it. Any out-of-bounds access, UB or crash is a
 * finding; the target asserts nothing else.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relay/ring.h"

#define TEMPLATE_SIZE (1u << 20)
#define W 64
#define H 32

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
	}
	*tp = tpl_producer;
	return tpl;
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

static void exercise(uint8_t *mem, size_t size, struct rl_producer *p,
		     const uint8_t *in, size_t left)
{
	struct rl_consumer_params cp = { 1000000000ull, 42 };
	struct rl_consumer c;
	struct rl_frame f = { 0 };
	struct rl_cursor *cur = calloc(1, sizeof(*cur));
	struct rl_client_msg msg = { RL_MSG_CURSOR_WARP, 0, { 1, 2 } }, out;

	rl_consumer_init(&c, mem, size, &cp);
	for (int round = 0; round < 3; round++) {
		uint64_t now = 1000 + (uint64_t)round * 1000;

		apply_patches(mem, size, &in, &left, 4);
		if (size >= sizeof(struct rl_hello))
			((struct rl_hello *)mem)->heartbeat_ns += 1; /* looks alive */
		rl_consumer_update_link(&c, now);
		rl_consumer_take_frame(&c, &f, NULL);
		rl_consumer_take_cursor(&c, cur, NULL);
		rl_consumer_send(&c, &msg);
		rl_consumer_keepalive(&c);
		if (p) {
			while (rl_producer_next_msg(p, &out))
				;
			rl_producer_client_watching(p, now, 1000);
		}
	}
	rl_frame_finish(&f);
	free(cur);
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
