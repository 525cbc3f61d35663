/* SPDX-License-Identifier: MIT */
#include "relay/downcast.h"

#include <stdio.h>
#include <stdlib.h>

void *rl_downcast_check(void *base, bool ok, const char *type)
{
	if (!ok) {
		fprintf(stderr, "relay: internal error: %s expected, got %s\n", type,
			base ? "another backend's instance" : "NULL");
		abort();
	}
	return base;
}
