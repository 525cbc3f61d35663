/* SPDX-License-Identifier: MIT */
#include "keybind.h"

#include <ctype.h>
#include <linux/input-event-codes.h>
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
	"(or an evdev key code)";

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

void rl_keybind_init(struct rl_keybind *kb, uint32_t escape_key)
{
	memset(kb, 0, sizeof(*kb));
	kb->escape = escape_key;
}

void rl_keybind_reset(struct rl_keybind *kb)
{
	rl_keybind_init(kb, kb->escape);
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
	default:
		return RL_KEYBIND_SWALLOW;
	}
}

enum rl_keybind_action rl_keybind_key(struct rl_keybind *kb, uint32_t key,
				      bool pressed)
{
	if (key == kb->escape) {
		if (pressed) {
			if (!kb->held) {
				kb->held = true;
				kb->combined = false;
			}
			return RL_KEYBIND_SWALLOW;
		}
		if (!kb->held)
			return RL_KEYBIND_SWALLOW; /* pressed before we looked */
		kb->held = false;
		return kb->combined ? RL_KEYBIND_SWALLOW : RL_KEYBIND_TOGGLE_CAPTURE;
	}
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
