/* SPDX-License-Identifier: MIT */
#include "headless.h"


#include "relay/time.h"
#include "report.h"

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

	h->frames_seen++;
	h->unpresented++;
	if (h->print_frames)
		rl_report_frame(h->print_frames, f);
}

static void headless_cursor(void *view, const struct rl_cursor *cur,
			    uint32_t changed)
{
	struct rl_headless *h = view;

	if (!h->print_frames)
		return;
	if (changed & RL_CURSOR_CHANGED_SHAPE)
		fprintf(h->print_frames, "cursor shape serial=%llu type=%u %ux%u hot=%d,%d\n",
			(unsigned long long)cur->shape_serial, cur->type,
			cur->width, cur->height, cur->hot_x, cur->hot_y);
	if (changed & RL_CURSOR_CHANGED_POS)
		fprintf(h->print_frames, "cursor pos %d,%d visible=%d\n", cur->x, cur->y,
			cur->visible ? 1 : 0);
	fflush(h->print_frames);
}

static uint32_t headless_present(void *view)
{
	struct rl_headless *h = view;
	uint32_t n = h->unpresented;

	h->unpresented = 0;
	return n;
}

static bool headless_wait(void *view, uint64_t timeout_ns, struct pollfd *fds,
			  unsigned int nfds)
{
	(void)view;
	rl_poll_ns(fds, nfds, timeout_ns);
	return true;
}

const struct rl_view_ops rl_view_headless = {
	.name = "headless",
	.link_changed = headless_link_changed,
	.frame = headless_frame,
	.cursor = headless_cursor,
	.present = headless_present,
	.wait = headless_wait,
};
