/* SPDX-License-Identifier: MIT */
/* The capture backends in priority order, and lookup by name. */
#include <stdio.h>
#include <string.h>

#include "capture.h"

/* Each backend's table, defined in its own file. */
#if RL_HAS_CAPTURE_DXGI
extern const struct rl_capture_ops rl_capture_dxgi;
#endif
#if RL_HAS_CAPTURE_X11
extern const struct rl_capture_ops rl_capture_x11;
#endif
extern const struct rl_capture_ops rl_capture_test;

const struct rl_capture_ops *const rl_capture_backends[] = {
#if RL_HAS_CAPTURE_DXGI
	&rl_capture_dxgi,
#endif
#if RL_HAS_CAPTURE_X11
	&rl_capture_x11,
#endif
	&rl_capture_test,
	NULL,
};

void rl_capture_names(const char **names, size_t max)
{
	size_t n = 0;

	names[n++] = "auto";
	for (size_t i = 0; rl_capture_backends[i] && n + 1 < max; i++)
		names[n++] = rl_capture_backends[i]->name;
	names[n] = NULL;
}

const struct rl_capture_ops *rl_capture_find(const char *name,
					     const void *const *configs,
					     size_t *index,
					     const struct rl_log *log)
{
	bool is_auto = strcmp(name, "auto") == 0;

	for (size_t i = 0; rl_capture_backends[i]; i++) {
		const struct rl_capture_ops *ops = rl_capture_backends[i];

		*index = i;
		if (is_auto && ops->auto_usable(configs[i])) {
			rl_info(log, "capture: auto picked %s (%s)", ops->name,
				ops->description);
			return ops;
		}
		if (!is_auto && strcmp(name, ops->name) == 0)
			return ops;
	}

	char names[128] = "";
	size_t len = 0;
	for (size_t i = 0; rl_capture_backends[i] && len < sizeof(names); i++) {
		int n = snprintf(names + len, sizeof(names) - len, "%s%s",
				 i ? ", " : "", rl_capture_backends[i]->name);
		if (n < 0)
			break;
		len += (size_t)n;
	}
	rl_err(log, "capture backend \"%s\" is not built in (this build has: %s)",
	       name, names);
	return NULL;
}
