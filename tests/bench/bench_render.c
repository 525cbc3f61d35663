/* SPDX-License-Identifier: MIT */
/*
 * relay renderer benchmark: the EGL renderer's upload + draw cost per frame
 * on whatever GLES 3 the surfaceless EGL platform gives (llvmpipe in CI),
 * into a 1920x1080 framebuffer, for 1080p and 4K BGRA frames with full
 * and 1% damage. Prints one table; every figure is put against a baseline
 * measured in the same run:
 *   upload/memcpy  upload time against memcpy of the same bytes
 *   upl vs full    upload time against the full-damage upload of that size
 *   all vs full    upload+draw against the full-damage case of that size
 *
 *   bench_render [--quick]
 *
 * Each step ends with glFinish(), so the times are the work done, not the
 * time to queue it. Median of the iterations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "relay/damage.h"
#include "relay/time.h"
#include "render.h"

#define TARGET_W 1920
#define TARGET_H 1080

struct size_case {
	const char *name;
	uint32_t w, h;
};

static const struct size_case sizes[] = {
	{ "1080p", 1920, 1080 },
	{ "4K", 3840, 2160 },
};

struct result {
	double upload_ms, draw_ms, total_ms, memcpy_ms;
	uint64_t bytes;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n ? v[n / 2] : 0;
}

static double ms_since(uint64_t t0)
{
	return (double)(rl_time_ns() - t0) / 1e6;
}

/* 1% of the area: a tenth of each side, moving every frame. */
static struct rl_rect damage_rect(uint32_t w, uint32_t h, uint32_t i)
{
	struct rl_rect r = { 0, 0, w / 10, h / 10 };

	r.x = (i * 97) % (w - r.w);
	r.y = (i * 53) % (h - r.h);
	return r;
}

static bool run_case(struct rl_renderer *r, struct rl_frame *f, bool full,
		     double budget_s, struct result *res)
{
	enum { MAX_ITERS = 4096 };
	double *up = calloc(MAX_ITERS, sizeof(double));
	double *dr = calloc(MAX_ITERS, sizeof(double));
	double *tot = calloc(MAX_ITERS, sizeof(double));
	double *mc = calloc(MAX_ITERS, sizeof(double));
	uint8_t *dst = malloc(f->capacity);
	uint64_t start = rl_time_ns(), t0;
	size_t n = 0;
	bool ok = up && dr && tot && mc && dst;

	if (dst)
		memset(dst, 0, f->capacity); /* fault the pages in now */

	/* the first upload allocates the texture: not measured */
	rl_damage_set_full(&f->damage);
	if (ok)
		ok = rl_renderer_egl.upload(r, f);
	glFinish();

	while (ok && n < MAX_ITERS &&
	       (n < 5 || (double)(rl_time_ns() - start) / 1e9 < budget_s)) {
		struct rl_rect rc = damage_rect(f->width, f->height, (uint32_t)n);

		rl_damage_clear(&f->damage);
		if (full)
			rl_damage_set_full(&f->damage);
		else
			rl_damage_add(&f->damage, rc, f->width, f->height);
		f->serial++;
		f->pixels[(size_t)rc.y * f->pitch] ^= 0xFF; /* something changes */

		t0 = rl_time_ns();
		ok = rl_renderer_egl.upload(r, f);
		glFinish();
		up[n] = ms_since(t0);

		t0 = rl_time_ns();
		rl_renderer_egl.draw(r, TARGET_W, TARGET_H, NULL);
		glFinish();
		dr[n] = ms_since(t0);
		tot[n] = up[n] + dr[n];

		/* the same bytes by memcpy, the same rows when partial */
		t0 = rl_time_ns();
		rl_damage_copy(&f->damage, dst, f->pitch, f->pixels, f->pitch,
			       f->width, f->height, 4);
		mc[n] = ms_since(t0);
		n++;
	}
	if (ok) {
		res->bytes = full ? (uint64_t)f->pitch * f->height
				  : (uint64_t)(f->width / 10) * 4 * (f->height / 10);
		res->upload_ms = median(up, n);
		res->draw_ms = median(dr, n);
		res->total_ms = median(tot, n);
		res->memcpy_ms = median(mc, n);
		/* keep the compiler from dropping the copies */
		if (dst[0] == 0x5A && dst[1] == 0xA5)
			fprintf(stderr, " ");
	}
	free(dst);
	free(mc);
	free(tot);
	free(dr);
	free(up);
	return ok;
}

int main(int argc, char **argv)
{
	struct rl_render_params params = { RL_SCALE_FIT, RL_FILTER_LINEAR, NULL };
	bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
	double budget = quick ? 0.05 : 1.5;
	struct harness h;
	struct rl_renderer *r;
	int rc;

	rc = harness_init(&h, true);
	if (rc) {
		harness_finish(&h);
		return rc;
	}
	h.cap.log.out = NULL; /* keep the table clean; failures are printed below */
	if (!harness_target(&h, TARGET_W, TARGET_H))
		goto out_fail;
	r = rl_renderer_egl.create(&params, &h.cap.log);
	if (!r) {
		fprintf(stderr, "renderer: %s\n", h.cap.last);
		goto out_fail;
	}

	printf("relay renderer benchmark: %s, %s\n",
	       (const char *)glGetString(GL_RENDERER),
	       (const char *)glGetString(GL_VERSION));
	printf("BGRA frames drawn into %ux%u (FIT, linear), median per frame%s\n\n",
	       TARGET_W, TARGET_H, quick ? " (--quick: few iterations)" : "");
	printf("%-11s %11s %9s %8s %11s %9s %13s %11s %11s\n", "case",
	       "bytes/frame", "upload ms", "draw ms", "upload+draw", "memcpy ms",
	       "upload/memcpy", "upl vs full", "all vs full");

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		struct rl_frame f;
		struct result res[2];

		memset(&f, 0, sizeof(f));
		f.format = RL_FMT_BGRA8;
		f.width = sizes[s].w;
		f.height = sizes[s].h;
		f.pitch = f.width * 4;
		f.capacity = (uint64_t)f.pitch * f.height;
		f.pixels = malloc(f.capacity);
		if (!f.pixels)
			goto out_renderer;
		for (uint64_t i = 0; i < f.capacity; i++)
			f.pixels[i] = (uint8_t)(i * 2654435761u >> 13);

		for (int d = 0; d < 2; d++) {
			char name[32];

			if (!run_case(r, &f, d == 0, budget, &res[d])) {
				fprintf(stderr, "%s: upload failed: %s\n", sizes[s].name,
					h.cap.last);
				rl_frame_finish(&f);
				goto out_renderer;
			}
			snprintf(name, sizeof(name), "%s %s", sizes[s].name,
				 d == 0 ? "full" : "1%");
			printf("%-11s %11llu %9.3f %8.3f %11.3f %9.3f %12.2fx %11.3f %11.3f\n",
			       name, (unsigned long long)res[d].bytes,
			       res[d].upload_ms, res[d].draw_ms, res[d].total_ms,
			       res[d].memcpy_ms,
			       res[d].memcpy_ms > 0 ? res[d].upload_ms / res[d].memcpy_ms : 0,
			       res[d].upload_ms / res[0].upload_ms,
			       res[d].total_ms / res[0].total_ms);
		}
		rl_frame_finish(&f);
	}
	printf("\nupload/memcpy: the texture upload against a memcpy of the same bytes;\n"
	       "upl/all vs full: upload / upload+draw against the full-damage frame\n"
	       "of the same size. draw includes clearing and filtering the %ux%u target.\n",
	       TARGET_W, TARGET_H);
	rl_renderer_egl.destroy(r);
	harness_finish(&h);
	return 0;

out_renderer:
	rl_renderer_egl.destroy(r);
out_fail:
	harness_finish(&h);
	return 1;
}
