/* SPDX-License-Identifier: MIT */
/* The display backends in priority order, and choosing one by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "relay/config.h"

#if RL_HAS_DISPLAY_WAYLAND
extern const struct rl_display_ops rl_display_wayland;
#endif
#if RL_HAS_DISPLAY_X11
extern const struct rl_display_ops rl_display_sdl;
#endif

const struct rl_display_ops *const rl_displays[] = {
#if RL_HAS_DISPLAY_WAYLAND
	&rl_display_wayland,
#endif
#if RL_HAS_DISPLAY_X11
	&rl_display_sdl,
#endif
	NULL,
};

void rl_display_names(const char **names, size_t max)
{
	size_t n = 0;

	names[n++] = "auto";
	for (size_t i = 0; rl_displays[i] && n + 1 < max; i++)
		names[n++] = rl_displays[i]->name;
	names[n] = NULL;
}

static void built_in(char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; rl_displays[i] && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
				      rl_displays[i]->name);
	if (!rl_displays[0])
		snprintf(buf, size, "none");
}

static const struct rl_display_ops *by_name(const char *name)
{
	for (size_t i = 0; rl_displays[i]; i++)
		if (strcmp(rl_displays[i]->name, name) == 0)
			return rl_displays[i];
	return NULL;
}

const struct rl_display_ops *rl_display_find(const char *name,
					     const struct rl_log *log)
{
	const struct rl_display_ops *ops;
	char names[128];

	built_in(names, sizeof(names));
	if (!name || strcmp(name, "auto") == 0) {
		const char *wl = getenv("WAYLAND_DISPLAY");
		const char *x = getenv("DISPLAY");

		ops = wl && *wl ? by_name("wayland") : NULL;
		if (!ops)
			ops = by_name("x11");
		if (!ops || !ops->available()) {
			rl_err(log, "no display to open a window on (built-in backends: %s; "
			       "WAYLAND_DISPLAY and DISPLAY are %s): run with --headless",
			       names, (x && *x) || (wl && *wl) ? "not usable" : "both unset");
			return NULL;
		}
		rl_info(log, "display: %s (auto)", ops->name);
		return ops;
	}
	ops = by_name(name);
	if (!ops) {
		rl_err(log, "display '%s' is not built into this client (built-in: %s)",
		       name, names);
		return NULL;
	}
	if (!ops->available()) {
		rl_err(log, "display '%s' is not available here (%s is not set)", name,
		       ops->env);
		return NULL;
	}
	return ops;
}
