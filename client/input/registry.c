/* SPDX-License-Identifier: MIT */
/* The input backends, and choosing one by name. */
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "relay/config.h"

#if RL_HAS_SPICE
extern const struct rl_input_ops rl_input_spice;
#endif
extern const struct rl_input_ops rl_input_recorder;

/* The first is the default: the guest gets the input when SPICE is built in. */
const struct rl_input_ops *const rl_inputs[] = {
#if RL_HAS_SPICE
	&rl_input_spice,
#endif
	&rl_input_recorder,
	NULL,
};

void rl_input_names(const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; rl_inputs[i] && n + 1 < max; i++)
		names[n++] = rl_inputs[i]->name;
	names[n] = NULL;
}

const struct rl_input_ops *rl_input_find(const char *name, const struct rl_log *log)
{
	char list[128];
	size_t used = 0;

	for (size_t i = 0; rl_inputs[i]; i++)
		if (strcmp(rl_inputs[i]->name, name) == 0)
			return rl_inputs[i];
	list[0] = '\0';
	for (size_t i = 0; rl_inputs[i] && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 i ? ", " : "", rl_inputs[i]->name);
	rl_err(log, "input '%s' is not built into this client (built-in: %s)", name, list);
	return NULL;
}
