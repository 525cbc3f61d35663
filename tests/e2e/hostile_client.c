/* SPDX-License-Identifier: MIT */
/*
 * rl-hostile-client: a client that floods relay-host with valid messages
 * (resolution requests alternating two sizes, cursor warps), keeping the
 * client->host queue full, for SECONDS. Prints how many it queued.
 *
 *   rl-hostile-client SHM_FILE SECONDS
 */
#include <stdio.h>
#include <stdlib.h>

#include "relay/ring.h"
#include "relay/shm.h"
#include "relay/time.h"

int main(int argc, char **argv)
{
	struct rl_log log;
	struct rl_consumer c;
	struct rl_consumer_params cp = { RL_NS_PER_S, 0x405717e };
	struct rl_shm_params sp = { .path = argc > 1 ? argv[1] : NULL, .log = &log };
	double secs = argc > 2 ? atof(argv[2]) : 0;
	uint64_t sent = 0, start, end;
	struct rl_shm *shm;

	rl_log_init(&log, "rl-hostile-client");
	if (argc != 3 || secs <= 0) {
		fprintf(stderr, "usage: rl-hostile-client SHM_FILE SECONDS\n");
		return 2;
	}
	shm = rl_shm_open("file", &sp);
	if (!shm)
		return 1;
	rl_consumer_init(&c, shm->base, shm->size, &cp);
	start = rl_time_ns();
	while (rl_consumer_update_link(&c, rl_time_ns()) != RL_LINK_CONNECTED) {
		if (rl_time_ns() - start > 10 * RL_NS_PER_S) {
			fprintf(stderr, "rl-hostile-client: not connected: %s\n", rl_consumer_message(&c));
			return 1;
		}
		rl_sleep_ns(RL_NS_PER_MS);
	}
	end = rl_time_ns() + (uint64_t)(secs * 1e9);
	for (uint64_t i = 0; rl_time_ns() < end; i++) {
		struct rl_client_msg m = { RL_MSG_RESOLUTION, 0, { 0 } };

		if (i % 2) {
			m.arg[0] = i % 4 == 1 ? 640 : 320;
			m.arg[1] = i % 4 == 1 ? 360 : 200;
			m.arg[2] = 60000;
		} else {
			m.type = RL_MSG_CURSOR_WARP;
			m.arg[0] = (uint32_t)(i % 300);
			m.arg[1] = (uint32_t)(i % 200);
		}
		if (rl_consumer_send(&c, &m))
			sent++;
		if (i % 1024 == 0) {
			rl_consumer_keepalive(&c);
			rl_consumer_update_link(&c, rl_time_ns());
		}
	}
	printf("queued %llu messages\n", (unsigned long long)sent);
	rl_shm_close(shm);
	return 0;
}
