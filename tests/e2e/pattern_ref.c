/* SPDX-License-Identifier: MIT */
/*
 * rl-pattern-ref: the reference renderer of the test source.
 *
 *   rl-pattern-ref FRAME WIDTHxHEIGHT OUT.ppm
 *       write pattern frame FRAME as a binary PPM (P6): the bytes a client
 *       dumps for the host's frame serial FRAME + 1
 *   rl-pattern-ref --covers FROM TO WIDTHxHEIGHT RECT...
 *       exit 0 when every pixel that differs between frames FROM and TO
 *       lies inside the RECTs ("[x,y,w,h]" as relay-client --print-frames
 *       writes them, or "[full]"); 1 (and a count) when some do not
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay/protocol.h"
#include "test_pattern.h"

static bool parse_frame(const char *s, unsigned long long *frame)
{
	char *end;

	*frame = strtoull(s, &end, 10);
	if (*end || end == s) {
		fprintf(stderr, "rl-pattern-ref: '%s' is not a frame number\n", s);
		return false;
	}
	return true;
}

static bool parse_size(const char *s, unsigned *width, unsigned *height)
{
	if (sscanf(s, "%ux%u", width, height) != 2 || *width == 0 ||
	    *height == 0 || *width > RL_MAX_DIM || *height > RL_MAX_DIM) {
		fprintf(stderr, "rl-pattern-ref: '%s' is not a size like 640x480\n", s);
		return false;
	}
	return true;
}

static int covers(int argc, char **argv)
{
	unsigned long long from, to;
	unsigned width, height;
	struct rl_rect rects[RL_MAX_DAMAGE];
	int n = 0;
	bool full = false;

	if (argc < 5 || !parse_frame(argv[2], &from) || !parse_frame(argv[3], &to) ||
	    !parse_size(argv[4], &width, &height))
		return 2;
	for (int i = 5; i < argc; i++) {
		if (strcmp(argv[i], "[full]") == 0) {
			full = true;
			continue;
		}
		if (n == RL_MAX_DAMAGE ||
		    sscanf(argv[i], "[%u,%u,%u,%u]", &rects[n].x, &rects[n].y,
			   &rects[n].w, &rects[n].h) != 4) {
			fprintf(stderr, "rl-pattern-ref: bad rect '%s'\n", argv[i]);
			return 2;
		}
		n++;
	}
	uint8_t a[4], b[4];
	unsigned long long outside = 0, changed = 0;
	for (uint32_t y = 0; y < height; y++) {
		for (uint32_t x = 0; x < width; x++) {
			rl_test_pattern_pixel(from, x, y, width, height, RL_FMT_RGBA8, a);
			rl_test_pattern_pixel(to, x, y, width, height, RL_FMT_RGBA8, b);
			if (memcmp(a, b, 4) == 0)
				continue;
			changed++;
			bool in = full;
			for (int i = 0; i < n && !in; i++)
				in = x >= rects[i].x && y >= rects[i].y &&
				     x - rects[i].x < rects[i].w && y - rects[i].y < rects[i].h;
			if (!in) {
				if (!outside)
					fprintf(stderr, "pixel %u,%u changed from frame %llu to %llu outside the damage\n",
						x, y, from, to);
				outside++;
			}
		}
	}
	if (outside) {
		printf("%llu of %llu changed pixels lie outside the damage\n", outside, changed);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long frame;
	unsigned width, height;

	if (argc > 1 && strcmp(argv[1], "--covers") == 0)
		return covers(argc, argv);
	if (argc != 4) {
		fprintf(stderr, "usage: rl-pattern-ref FRAME WIDTHxHEIGHT OUT.ppm\n"
			"       rl-pattern-ref --covers FROM TO WIDTHxHEIGHT [x,y,w,h]...\n");
		return 2;
	}
	if (!parse_frame(argv[1], &frame) || !parse_size(argv[2], &width, &height))
		return 2;
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
