/* SPDX-License-Identifier: MIT */
#include "keybind.h"

#include <ctype.h>
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct key_name {
	const char *name;
	uint32_t key;
};

static const struct key_name key_names[] = {
	{ "scroll-lock", KEY_SCROLLLOCK },
	{ "pause", KEY_PAUSE },
	{ "right-ctrl", KEY_RIGHTCTRL },
	{ "right-alt", KEY_RIGHTALT },
	{ "right-shift", KEY_RIGHTSHIFT },
	{ "left-ctrl", KEY_LEFTCTRL },
	{ "left-alt", KEY_LEFTALT },
	{ "left-shift", KEY_LEFTSHIFT },
	{ "left-meta", KEY_LEFTMETA },
	{ "right-meta", KEY_RIGHTMETA },
	{ "menu", KEY_COMPOSE },
	{ "insert", KEY_INSERT },
	{ "print", KEY_SYSRQ },
	{ "caps-lock", KEY_CAPSLOCK },
	{ "f1", KEY_F1 },
	{ "f2", KEY_F2 },
	{ "f3", KEY_F3 },
	{ "f4", KEY_F4 },
	{ "f5", KEY_F5 },
	{ "f6", KEY_F6 },
	{ "f7", KEY_F7 },
	{ "f8", KEY_F8 },
	{ "f9", KEY_F9 },
	{ "f10", KEY_F10 },
	{ "f11", KEY_F11 },
	{ "f12", KEY_F12 },
};

#define KEY_NAME_COUNT (sizeof(key_names) / sizeof(key_names[0]))

static const char all_names[] =
	"scroll-lock pause right-ctrl right-alt right-shift left-ctrl left-alt "
	"left-shift left-meta right-meta menu insert print caps-lock f1..f12 "
	"(or an evdev key code); for combinations also ctrl alt shift meta, joined "
	"by + (ctrl+alt)";

/* Either side, for combinations. */
static const struct {
	const char *name;
	uint32_t left, right;
} either[] = {
	{ "ctrl", KEY_LEFTCTRL, KEY_RIGHTCTRL },
	{ "alt", KEY_LEFTALT, KEY_RIGHTALT },
	{ "shift", KEY_LEFTSHIFT, KEY_RIGHTSHIFT },
	{ "meta", KEY_LEFTMETA, KEY_RIGHTMETA },
};

static bool swallowed(const struct rl_keybind *kb, uint32_t key)
{
	return key < RL_KEYBIND_MAX_KEY &&
	       (kb->swallowed[key / 64] >> (key % 64)) & 1u;
}

static void set_swallowed(struct rl_keybind *kb, uint32_t key, bool on)
{
	uint64_t bit = (uint64_t)1 << (key % 64);

	if (key >= RL_KEYBIND_MAX_KEY)
		return;
	if (on)
		kb->swallowed[key / 64] |= bit;
	else
		kb->swallowed[key / 64] &= ~bit;
}

void rl_keybind_init_escape(struct rl_keybind *kb, const struct rl_keybind_escape *esc)
{
	memset(kb, 0, sizeof(*kb));
	kb->esc = *esc;
	kb->escape = esc->count == 1 && !esc->parts[0][1] ? esc->parts[0][0] : 0;
}

void rl_keybind_init(struct rl_keybind *kb, uint32_t escape_key)
{
	struct rl_keybind_escape esc = { { { escape_key, 0 } }, 1, "" };
	const char *name = rl_keybind_key_name(escape_key);

	snprintf(esc.name, sizeof(esc.name), "%s", name ? name : "escape key");
	rl_keybind_init_escape(kb, &esc);
}

void rl_keybind_reset(struct rl_keybind *kb)
{
	struct rl_keybind_escape esc = kb->esc;

	rl_keybind_init_escape(kb, &esc);
}

/* Which part of the escape combination key is, or -1. */
static int part_of(const struct rl_keybind *kb, uint32_t key)
{
	for (unsigned int i = 0; i < kb->esc.count; i++)
		if (key && (kb->esc.parts[i][0] == key || kb->esc.parts[i][1] == key))
			return (int)i;
	return -1;
}

static bool all_parts_down(const struct rl_keybind *kb)
{
	for (unsigned int i = 0; i < kb->esc.count; i++)
		if (!kb->part_down[i])
			return false;
	return true;
}

static enum rl_keybind_action combination(uint32_t key)
{
	switch (key) {
	case KEY_F:
		return RL_KEYBIND_FULLSCREEN;
	case KEY_Q:
		return RL_KEYBIND_QUIT;
	case KEY_D:
		return RL_KEYBIND_OVERLAY;
	case KEY_M:
		return RL_KEYBIND_MIC;
	default:
		return RL_KEYBIND_SWALLOW;
	}
}

/* A key of the escape combination went down or up. */
static enum rl_keybind_action escape_part(struct rl_keybind *kb, int p, uint32_t key,
					  bool pressed)
{
	bool single = kb->esc.count == 1;

	if (pressed) {
		if (kb->held || kb->part_down[p]) {
			set_swallowed(kb, key, true); /* a repeat, or its other side */
			return RL_KEYBIND_SWALLOW;
		}
		kb->part_down[p] = key;
		if (!all_parts_down(kb))
			return RL_KEYBIND_FORWARD; /* Ctrl of Ctrl+Alt: the guest's, so far */
		kb->held = true;
		kb->combined = false;
		set_swallowed(kb, key, true); /* the completing key is ours */
		return RL_KEYBIND_SWALLOW;
	}
	if (kb->part_down[p] != key) {
		/* Pressed before we looked (or the other side of a part). */
		if (swallowed(kb, key) || single) {
			set_swallowed(kb, key, false);
			return RL_KEYBIND_SWALLOW;
		}
		return RL_KEYBIND_FORWARD;
	}
	kb->part_down[p] = 0;
	if (kb->held) {
		bool was_ours = swallowed(kb, key);

		kb->held = false;
		set_swallowed(kb, key, false);
		if (!kb->combined)
			return RL_KEYBIND_TOGGLE_CAPTURE;
		/* A part the guest got the press of gets its release too. */
		return was_ours ? RL_KEYBIND_SWALLOW : RL_KEYBIND_FORWARD;
	}
	if (swallowed(kb, key)) {
		set_swallowed(kb, key, false);
		return RL_KEYBIND_SWALLOW;
	}
	return RL_KEYBIND_FORWARD;
}

enum rl_keybind_action rl_keybind_key(struct rl_keybind *kb, uint32_t key,
				      bool pressed)
{
	int p = part_of(kb, key);

	if (p >= 0)
		return escape_part(kb, p, key, pressed);
	if (!pressed) {
		if (swallowed(kb, key)) {
			set_swallowed(kb, key, false);
			return RL_KEYBIND_SWALLOW;
		}
		return RL_KEYBIND_FORWARD;
	}
	if (!kb->held)
		return RL_KEYBIND_FORWARD;
	kb->combined = true;
	set_swallowed(kb, key, true);
	return combination(key);
}

bool rl_keybind_repeat(const struct rl_keybind *kb, uint32_t key)
{
	return key != kb->escape && !kb->held && !swallowed(kb, key);
}

static void squash(const char *in, char *out, size_t size);

bool rl_keybind_escape_from_name(const char *name, struct rl_keybind_escape *esc)
{
	char buf[128];
	char *save = NULL, *part;

	if (!name || !*name || strlen(name) >= sizeof(buf) || name[0] == '+' ||
	    name[strlen(name) - 1] == '+' || strstr(name, "++"))
		return false;
	memset(esc, 0, sizeof(*esc));
	snprintf(buf, sizeof(buf), "%s", name);
	for (part = strtok_r(buf, "+", &save); part; part = strtok_r(NULL, "+", &save)) {
		uint32_t *slot;
		char want[32];
		bool found = false;

		if (esc->count == RL_KEYBIND_MAX_PARTS)
			return false;
		slot = esc->parts[esc->count];
		if (strlen(part) < sizeof(want)) {
			squash(part, want, sizeof(want));
			for (size_t i = 0; i < sizeof(either) / sizeof(either[0]); i++) {
				if (strcmp(want, either[i].name) == 0) {
					slot[0] = either[i].left;
					slot[1] = either[i].right;
					found = true;
				}
			}
		}
		if (!found && !rl_keybind_key_from_name(part, &slot[0]))
			return false;
		for (unsigned int i = 0; i < esc->count; i++)
			for (int a = 0; a < 2; a++)
				for (int b = 0; b < 2; b++)
					if (esc->parts[i][a] && esc->parts[i][a] == slot[b])
						return false; /* a key twice */
		esc->count++;
	}
	if (!esc->count)
		return false;
	snprintf(esc->name, sizeof(esc->name), "%s", name);
	return true;
}

/* Lower case without '-' and '_', so "Scroll_Lock" matches "scroll-lock". */
static void squash(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (; *in && n + 1 < size; in++) {
		if (*in == '-' || *in == '_')
			continue;
		out[n++] = (char)tolower((unsigned char)*in);
	}
	out[n] = '\0';
}

bool rl_keybind_key_from_name(const char *name, uint32_t *key)
{
	char want[32], have[32];
	char *end;
	unsigned long code;

	if (!name || !*name)
		return false;
	if (isdigit((unsigned char)name[0])) {
		code = strtoul(name, &end, 10);
		if (*end || code == 0 || code >= RL_KEYBIND_MAX_KEY)
			return false;
		*key = (uint32_t)code;
		return true;
	}
	if (strlen(name) >= sizeof(want))
		return false;
	squash(name, want, sizeof(want));
	for (size_t i = 0; i < KEY_NAME_COUNT; i++) {
		squash(key_names[i].name, have, sizeof(have));
		if (strcmp(want, have) == 0) {
			*key = key_names[i].key;
			return true;
		}
	}
	return false;
}

const char *rl_keybind_key_name(uint32_t key)
{
	for (size_t i = 0; i < KEY_NAME_COUNT; i++)
		if (key_names[i].key == key)
			return key_names[i].name;
	return NULL;
}

const char *rl_keybind_key_names(void)
{
	return all_names;
}
