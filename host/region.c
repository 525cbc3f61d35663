/* SPDX-License-Identifier: MIT */
#include "region.h"

#include <stdio.h>

#include "relay/format.h"
#include "relay/ring.h"
#include "relay/shm.h"

uint64_t rl_host_auto_shm_size(uint32_t slots, uint32_t width,
			       uint32_t height, uint32_t bpp)
{
	uint64_t ref = rl_producer_region_size(slots, RL_HOST_SIZE_REF_WIDTH,
					       RL_HOST_SIZE_REF_HEIGHT, 4);
	uint64_t need = rl_producer_region_size(slots, width, height, bpp);

	return need > ref ? need : ref;
}

void rl_host_too_small_message(char *buf, size_t len, const char *where,
			       uint64_t region_size, uint32_t slots,
			       uint32_t width, uint32_t height, uint32_t format)
{
	uint32_t bpp = rl_format_bpp(format);
	uint64_t need = rl_producer_region_size(slots, width, height, bpp);
	uint64_t per_slot = rl_producer_region_size(slots + 1, width, height, bpp) -
			    need;
	uint64_t fixed = need - per_slot * slots;
	char have_s[32], slot_s[32], fixed_s[32], need_s[32];

	rl_shm_format_size(region_size, have_s, sizeof(have_s));
	/* The parts in KiB so they visibly add up to the total. */
	snprintf(slot_s, sizeof(slot_s), "%llu KiB",
		 (unsigned long long)((per_slot + 1023) / 1024));
	snprintf(fixed_s, sizeof(fixed_s), "%llu KiB",
		 (unsigned long long)((fixed + 1023) / 1024));
	rl_shm_format_size(need, need_s, sizeof(need_s));
	snprintf(buf, len,
		 "shared memory %s is %s; a %ux%u %s frame needs %u slots x %s + %s = %s: raise shm-size (or the ivshmem size in the VM config)",
		 where, have_s, width, height, rl_format_name(format), slots,
		 slot_s, fixed_s, need_s);
}
