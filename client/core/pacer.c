/* SPDX-License-Identifier: MIT */
#include "pacer.h"

#define MS 1000000ull
#define IDLE_AFTER_NS (250 * MS)   /* no frame this long: idle */
#define GUARD_MIN_NS (1 * MS)      /* start polling at least this early */
#define RECENT_POLL_NS (250000ull) /* frames stopped a moment ago */

void rl_pacer_init(struct rl_pacer *p, uint64_t poll_ns, uint64_t idle_ns)
{
	p->poll_ns = poll_ns;
	p->idle_ns = idle_ns;
	p->last_frame_ns = 0;
	p->interval_ns = 0;
	p->jitter_ns = 0;
}

void rl_pacer_frame(struct rl_pacer *p, uint64_t now_ns)
{
	if (p->last_frame_ns && now_ns > p->last_frame_ns) {
		uint64_t dt = now_ns - p->last_frame_ns;

		if (dt < IDLE_AFTER_NS) {
			if (p->interval_ns) {
				uint64_t dev = dt > p->interval_ns ? dt - p->interval_ns :
								     p->interval_ns - dt;

				p->jitter_ns = (p->jitter_ns * 7 + dev) / 8;
				p->interval_ns = (p->interval_ns * 7 + dt) / 8;
			} else {
				p->interval_ns = dt;
			}
		}
	}
	p->last_frame_ns = now_ns;
}

uint64_t rl_pacer_wait(const struct rl_pacer *p, uint64_t now_ns)
{
	uint64_t since, guard, due;

	if (!p->last_frame_ns || now_ns - p->last_frame_ns > IDLE_AFTER_NS)
		return p->idle_ns;
	since = now_ns - p->last_frame_ns;
	if (!p->interval_ns) /* one frame so far: no rhythm to follow yet */
		return RECENT_POLL_NS > p->poll_ns ? RECENT_POLL_NS : p->poll_ns;
	guard = p->interval_ns / 16 > GUARD_MIN_NS ? p->interval_ns / 16 : GUARD_MIN_NS;
	if (guard < 4 * p->jitter_ns)
		guard = 4 * p->jitter_ns;
	due = p->interval_ns > guard ? p->interval_ns - guard : 0;
	/* Before the next frame is due: one sleep until shortly before it. */
	if (since < due)
		return due - since > p->poll_ns ? due - since : p->poll_ns;
	/* Due or a little late: poll closely. */
	if (since < 2 * p->interval_ns + guard)
		return p->poll_ns;
	/* The stream paused: poll moderately until it counts as idle. */
	return RECENT_POLL_NS > p->poll_ns ? RECENT_POLL_NS : p->poll_ns;
}
