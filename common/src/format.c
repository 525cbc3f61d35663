/* SPDX-License-Identifier: MIT */
#include "relay/format.h"

#include <strings.h>

#include "relay/protocol.h"

static const struct {
	uint32_t format;
	uint32_t bpp;
	const char *name;
} formats[] = {
	{ RL_FMT_BGRA8, 4, "bgra" },
	{ RL_FMT_RGBA8, 4, "rgba" },
	{ RL_FMT_RGBA10, 4, "rgba10" },
	{ RL_FMT_RGBA16F, 8, "rgba16f" },
};

#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))

uint32_t rl_format_bpp(uint32_t format)
{
	for (size_t i = 0; i < N_FORMATS; i++)
		if (formats[i].format == format)
			return formats[i].bpp;
	return 0;
}

const char *rl_format_name(uint32_t format)
{
	for (size_t i = 0; i < N_FORMATS; i++)
		if (formats[i].format == format)
			return formats[i].name;
	return "unknown";
}

bool rl_format_parse(const char *name, uint32_t *format)
{
	for (size_t i = 0; i < N_FORMATS; i++) {
		if (strcasecmp(formats[i].name, name) == 0) {
			*format = formats[i].format;
			return true;
		}
	}
	return false;
}
