/* SPDX-License-Identifier: MIT */
/*
 * What the client prints about what it receives: the one "frame ..."
 * line (--print-frames) shared by every view, and the stats line.
 */
#ifndef RELAY_CLIENT_REPORT_H
#define RELAY_CLIENT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "client.h"
#include "relay/ring.h"

/*
 * "frame serial=N WxH fmt=F damage=N [x,y,w,h]... skipped=N", one line,
 * flushed (tests and scripts read it as it comes).
 */
void rl_report_frame(FILE *out, const struct rl_frame *f);

/* Figures between two samples, for the stats line. */
struct rl_report_sample {
	uint64_t t_ns;
	double cpu_s; /* process CPU time */
	struct rl_client_stats client;
};

void rl_report_sample(struct rl_report_sample *s, const struct rl_client *c,
		      uint64_t now_ns);

/*
 * "stats: N ups, skipped N, ... cpu N%" for the interval prev -> now, into
 * buf. False when no time passed.
 */
bool rl_report_stats(const struct rl_report_sample *prev,
		     const struct rl_report_sample *now, char *buf, size_t size);

#endif /* RELAY_CLIENT_REPORT_H */
