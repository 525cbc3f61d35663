/* SPDX-License-Identifier: MIT */
/*
 * The one checked downcast of relay's seams. A backend instance embeds
 * its seam's base struct (which holds `impl`, the ops table) first; the
 * backend turns a base pointer back into its own struct with
 *
 *	struct sdl_display *x = RL_DOWNCAST(struct sdl_display, d, &rl_display_sdl);
 *
 * A base pointer of another backend (or NULL) is a programming error: it
 * aborts with the type's name, as wlroots' asserting downcasts do, rather
 * than turning a bug into a silent no-op.
 */
#ifndef RELAY_DOWNCAST_H
#define RELAY_DOWNCAST_H

#include <stdbool.h>

void *rl_downcast_check(void *base, bool ok, const char *type);

#define RL_DOWNCAST(type, base, ops) \
	((type *)rl_downcast_check((base), (base) && (base)->impl == (ops), #type))

#endif /* RELAY_DOWNCAST_H */
