/* SPDX-License-Identifier: MIT */
#include "report.h"

#include <sys/resource.h>

#include "relay/format.h"

void rl_report_frame(FILE *out, const struct rl_frame *f)
{
	fprintf(out, "frame serial=%llu %ux%u fmt=%s damage=%u",
		(unsigned long long)f->serial, f->width, f->height,
		rl_format_name(f->format), f->damage.full ? 0 : f->damage.count);
	if (f->damage.full)
		fprintf(out, " [full]");
	for (uint32_t i = 0; !f->damage.full && i < f->damage.count; i++)
		fprintf(out, " [%u,%u,%u,%u]", f->damage.rects[i].x, f->damage.rects[i].y,
			f->damage.rects[i].w, f->damage.rects[i].h);
	fprintf(out, " skipped=%llu\n", (unsigned long long)f->skipped);
	fflush(out);
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

void rl_report_sample(struct rl_report_sample *s, const struct rl_client *c,
		      uint64_t now_ns)
{
	s->t_ns = now_ns;
	s->cpu_s = cpu_seconds();
	rl_client_get_stats(c, &s->client);
}

bool rl_report_stats(const struct rl_report_sample *prev,
		     const struct rl_report_sample *now, char *buf, size_t size)
{
	const struct rl_client_stats *a = &prev->client, *b = &now->client;
	double dt = (double)(now->t_ns - prev->t_ns) / 1e9;
	uint64_t frames = b->frames - a->frames;

	if (now->t_ns <= prev->t_ns)
		return false;
	snprintf(buf, size,
		 "stats: %.1f ups, skipped %llu, torn %llu, rejected %llu, copied %.1f MB/s, host capture->publish %.2f ms, copy %.3f ms, cpu %.1f%%",
		 (double)frames / dt, (unsigned long long)(b->ring.skipped - a->ring.skipped),
		 (unsigned long long)(b->ring.torn - a->ring.torn),
		 (unsigned long long)(b->ring.rejected - a->ring.rejected),
		 (double)(b->ring.bytes_copied - a->ring.bytes_copied) / dt / 1e6,
		 frames ? (double)(b->host_latency_ns_total - a->host_latency_ns_total) / (double)frames / 1e6 : 0.0,
		 frames ? (double)(b->copy_ns_total - a->copy_ns_total) / (double)frames / 1e6 : 0.0,
		 (now->cpu_s - prev->cpu_s) / dt * 100.0);
	return true;
}
