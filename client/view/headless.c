/* SPDX-License-Identifier: MIT */
#include "view/headless.h"

#include "relay/format.h"

static void headless_link_changed(void *view, enum rl_link_state state,
				  const char *message)
{
	(void)view;
	(void)state;
	(void)message; /* the core has logged it; nothing else to show */
}

static void headless_frame(void *view, const struct rl_frame *f)
{
	struct rl_headless *h = view;

	h->last = f;
	h->frames_seen++;
	if (h->print_frames) {
		fprintf(h->out, "frame serial=%llu %ux%u fmt=%s damage=%u",
			(unsigned long long)f->serial, f->width, f->height,
			rl_format_name(f->format),
			f->damage.full ? 0 : f->damage.count);
		if (f->damage.full)
			fprintf(h->out, " [full]");
		for (uint32_t i = 0; !f->damage.full && i < f->damage.count; i++)
			fprintf(h->out, " [%u,%u,%u,%u]", f->damage.rects[i].x,
				f->damage.rects[i].y, f->damage.rects[i].w,
				f->damage.rects[i].h);
		fprintf(h->out, " skipped=%llu\n", (unsigned long long)f->skipped);
		fflush(h->out);
	}
	if (h->frames_wanted && h->frames_seen >= h->frames_wanted)
		h->done = true;
}

static void headless_cursor(void *view, const struct rl_cursor *cur,
			    uint32_t changed)
{
	struct rl_headless *h = view;

	if (!h->print_frames)
		return;
	if (changed & RL_CURSOR_CHANGED_SHAPE)
		fprintf(h->out, "cursor shape serial=%llu type=%u %ux%u hot=%d,%d\n",
			(unsigned long long)cur->shape_serial, cur->type,
			cur->width, cur->height, cur->hot_x, cur->hot_y);
	if (changed & RL_CURSOR_CHANGED_POS)
		fprintf(h->out, "cursor pos %d,%d visible=%d\n", cur->x, cur->y,
			cur->visible ? 1 : 0);
	fflush(h->out);
}

const struct rl_view_ops rl_view_headless = {
	.name = "headless",
	.link_changed = headless_link_changed,
	.frame = headless_frame,
	.cursor = headless_cursor,
};
