/* SPDX-License-Identifier: MIT */
/*
 * Every backend in every registry has each required op and a well-formed
 * option group (sections and names set, offsets inside its config struct,
 * CHOICE options with choices, no name used twice in one program), and the
 * name lists that feed --capture, --display, --input and --shm-source
 * match the registries. The ops are then called without `if (op)` guards.
 */
#include <string.h>

#include "capture.h"
#include "check.h"
#include "relay/config.h"
#include "relay/options.h"
#include "relay/shm.h"
#if RL_HAS_RENDER_EGL
#include "display.h"
#include "input.h"
#endif

#define MAX 16

/* The names seen so far in one program: option names must be unique. */
struct names {
	const char *seen[128];
	unsigned n;
};

static void check_group(const struct rl_opt_group *g, struct names *names)
{
	if (!g)
		return;
	CHECK(g->opts && g->count > 0 && g->config_size > 0);
	for (size_t i = 0; i < g->count; i++) {
		const struct rl_opt *o = &g->opts[i];
		size_t size = o->type == RL_OPT_BOOL ? sizeof(bool) :
			      o->type == RL_OPT_CHOICE ? sizeof(int) :
			      o->type == RL_OPT_STRING ? sizeof(char *) : sizeof(uint64_t);

		CHECK(o->section && o->section[0] && o->name && o->name[0] && o->help);
		CHECK(o->offset + size <= g->config_size);
		CHECK(o->type != RL_OPT_CHOICE || o->choices);
		for (unsigned k = 0; k < names->n; k++)
			CHECK(strcmp(names->seen[k], o->name) != 0);
		if (names->n < 128)
			names->seen[names->n++] = o->name;
	}
}

/* names[] is "auto" (when with_auto), then every entry's name, then NULL. */
static void check_names(const char *const *list, const char *const *expect,
			size_t n, bool with_auto)
{
	size_t k = 0;

	if (with_auto)
		CHECK(list[k++] && strcmp(list[k - 1], "auto") == 0);
	for (size_t i = 0; i < n; i++, k++)
		CHECK(list[k] && strcmp(list[k], expect[i]) == 0);
	CHECK(list[k] == NULL);
}

static void test_capture(void)
{
	struct names names = { { 0 }, 0 };
	const char *list[MAX], *expect[MAX];
	size_t n = 0;

	for (; rl_capture_backends[n]; n++) {
		const struct rl_capture_ops *o = rl_capture_backends[n];

		CHECK(o->name && o->description && o->auto_usable && o->create &&
		      o->destroy && o->next_frame && o->invalidate);
		check_group(o->options, &names);
		expect[n] = o->name;
	}
	CHECK(n >= 1);
	rl_capture_names(list, MAX);
	check_names(list, expect, n, true);
}

static void test_shm_sources(void)
{
	const char *list[MAX], *expect[MAX];
	size_t n = 0;

	for (; rl_shm_sources[n]; n++) {
		const struct rl_shm_ops *o = rl_shm_sources[n];

		CHECK(o->name && o->matches && o->open && o->close);
		expect[n] = o->name;
	}
	rl_shm_source_names(list, MAX);
	check_names(list, expect, n, true);
}

#if RL_HAS_RENDER_EGL
static void test_client_backends(void)
{
	struct names names = { { 0 }, 0 };
	const char *list[MAX], *expect[MAX];
	size_t n = 0;

	for (; rl_displays[n]; n++) {
		const struct rl_display_ops *o = rl_displays[n];

		CHECK(o->name && o->description && o->env && o->available && o->create &&
		      o->destroy && o->egl_display && o->swap && o->size && o->wait &&
		      o->set_fullscreen && o->set_capture && o->inhibit_idle && o->set_title &&
		      o->locks);
		check_group(o->options, &names);
		expect[n] = o->name;
	}
	rl_display_names(list, MAX);
	check_names(list, expect, n, true);

	n = 0;
	for (; rl_inputs[n]; n++) {
		const struct rl_input_ops *o = rl_inputs[n];

		CHECK(o->name && o->description && o->create && o->destroy && o->event_fd &&
		      o->dispatch && o->key &&
		      o->motion && o->position && o->button && o->scroll && o->absolute &&
		      o->sync_locks &&
		      o->captured &&
		      o->release_all);
		check_group(o->options, &names);
		expect[n] = o->name;
	}
	CHECK(n >= 1);
	rl_input_names(list, MAX);
	check_names(list, expect, n, false);
}
#endif

int main(void)
{
	test_capture();
	test_shm_sources();
#if RL_HAS_RENDER_EGL
	test_client_backends();
#endif
	return check_summary();
}
