/* SPDX-License-Identifier: MIT */
/*
 * rl-pattern-ref: the reference renderer of the test source. Writes
 * frame FRAME of the pattern at WIDTHxHEIGHT as a binary PPM (P6), the
 * same bytes a client dumps for that frame.
 *
 *   rl-pattern-ref FRAME WIDTHxHEIGHT OUT.ppm
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "relay/protocol.h"
#include "test_pattern.h"

int main(int argc, char **argv)
{
	unsigned long long frame;
	unsigned width, height;
	char *end;

	if (argc != 4) {
		fprintf(stderr, "usage: rl-pattern-ref FRAME WIDTHxHEIGHT OUT.ppm\n");
		return 2;
	}
	frame = strtoull(argv[1], &end, 10);
	if (*end || end == argv[1]) {
		fprintf(stderr, "rl-pattern-ref: '%s' is not a frame number\n", argv[1]);
		return 2;
	}
	if (sscanf(argv[2], "%ux%u", &width, &height) != 2 || width == 0 ||
	    height == 0 || width > RL_MAX_DIM || height > RL_MAX_DIM) {
		fprintf(stderr, "rl-pattern-ref: '%s' is not a size like 640x480\n", argv[2]);
		return 2;
	}
	uint8_t *rgba = malloc((size_t)width * height * 4);
	if (!rgba) {
		fprintf(stderr, "rl-pattern-ref: out of memory\n");
		return 1;
	}
	rl_test_pattern_fill(frame, width, height, RL_FMT_RGBA8, rgba, width * 4);

	FILE *out = fopen(argv[3], "wb");
	if (!out) {
		perror(argv[3]);
		free(rgba);
		return 1;
	}
	fprintf(out, "P6\n%u %u\n255\n", width, height);
	for (size_t i = 0; i < (size_t)width * height; i++)
		fwrite(rgba + i * 4, 1, 3, out);
	int rc = ferror(out) | fclose(out);
	free(rgba);
	if (rc) {
		fprintf(stderr, "rl-pattern-ref: writing %s failed\n", argv[3]);
		return 1;
	}
	return 0;
}
