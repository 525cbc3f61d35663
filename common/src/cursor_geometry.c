/* SPDX-License-Identifier: MIT */
#include "relay/ring.h"

const char *rl_cursor_geometry_invalid(uint32_t type, uint32_t width, uint32_t height,
				       uint32_t pitch, uint64_t *bytes)
{
	uint64_t rows, min_pitch;

	switch (type) {
	case RL_CURSOR_COLOR:
	case RL_CURSOR_MASKED_COLOR:
		rows = height;
		min_pitch = (uint64_t)width * 4;
		break;
	case RL_CURSOR_MONOCHROME:
		rows = (uint64_t)height * 2; /* AND mask, then XOR mask */
		min_pitch = ((uint64_t)width + 7) / 8;
		break;
	default:
		return "unknown type";
	}
	if (width == 0 || height == 0 || width > RL_CURSOR_MAX_DIM || height > RL_CURSOR_MAX_DIM)
		return "size out of range";
	if (pitch < min_pitch || rows * pitch > RL_CURSOR_DATA_BYTES)
		return "pitch out of range";
	*bytes = rows * pitch;
	return NULL;
}
