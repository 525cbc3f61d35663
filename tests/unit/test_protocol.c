/* SPDX-License-Identifier: MIT */
/*
 * The wire format: static asserts in protocol.h pin every offset at compile
 * time; this checks the properties the spec promises at run time too, and
 * tests/unit/compile-protocol.sh compiles the header with gcc, clang and
 * MinGW (-Wpadded: no implicit padding anywhere).
 */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "relay/format.h"
#include "relay/protocol.h"
#include "relay/ring.h"

int main(void)
{
	CHECK(sizeof(struct rl_hello) == 256);
	CHECK(strlen(RL_PROTO_MAGIC) == RL_PROTO_MAGIC_LEN);
	/* Words changed under the other side are 8-byte aligned. */
	CHECK(offsetof(struct rl_hello, session_id) % 8 == 0);
	CHECK(offsetof(struct rl_hello, heartbeat_ns) % 8 == 0);
	CHECK(RL_CONTROL_OFFSET % 64 == 0);
	CHECK(offsetof(struct rl_control, client) % 64 == 0);
	CHECK(offsetof(struct rl_client_ctrl, msg_tail) % 64 == 0);
	CHECK(offsetof(struct rl_control, slots) % 64 == 0);
	CHECK(sizeof(struct rl_frame_meta) % 64 == 0);
	CHECK((RL_MSG_QUEUE_LEN & (RL_MSG_QUEUE_LEN - 1)) == 0);
	CHECK(RL_MIN_SLOTS >= 3);
	/* Formats: every declared one has a size, 0 and junk have none. */
	CHECK(rl_format_bpp(RL_FMT_BGRA8) == 4 && rl_format_bpp(RL_FMT_RGBA8) == 4);
	CHECK(rl_format_bpp(RL_FMT_RGBA10) == 4 && rl_format_bpp(RL_FMT_RGBA16F) == 8);
	CHECK(rl_format_bpp(0) == 0 && rl_format_bpp(0xffffffffu) == 0);
	uint32_t f = 0;

	CHECK(rl_format_parse("BGRA", &f) && f == RL_FMT_BGRA8);
	CHECK(!rl_format_parse("yuv", &f));
	/* Region sizing: slots are page aligned after the control/cursor area. */
	uint64_t one = rl_producer_region_size(3, 1920, 1080, 4);

	CHECK(one % RL_PAGE_SIZE == 0);
	CHECK(one >= 3ull * 1920 * 1080 * 4 + sizeof(struct rl_control));
	return check_summary();
}
