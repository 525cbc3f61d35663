/* SPDX-License-Identifier: MIT */
/*
 * The escape key: one key (default Scroll Lock), or a combination of up to
 * three (e.g. Ctrl+Alt), that belongs to the client, never to the guest,
 * and combines with others for the window's commands:
 *
 *   Escape alone (pressed and released) toggle input capture
 *   Escape + F                          fullscreen on/off
 *   Escape + Q                          quit
 *   Escape + D                          stats overlay on/off
 *   Escape + M                          microphone to the guest on/off
 *
 * Escape + any other key does nothing. The escape key and every key
 * pressed while it is held are swallowed, and so are their releases (even
 * when they come after the escape key's release), so the guest never sees
 * half of a combination. Keys that were down before the escape key keep
 * being forwarded, releases included. With a combination, its first parts
 * go to the guest as they are pressed (Ctrl alone is the guest's Ctrl);
 * the key that completes it is the client's. A part may be either side
 * ("ctrl" is left or right Ctrl). Keys are Linux evdev codes; the
 * bindings follow the key's position (KEY_F is F on QWERTY).
 *
 * Pure logic: events in, actions out. Context: the client thread.
 */
#ifndef RELAY_CLIENT_KEYBIND_H
#define RELAY_CLIENT_KEYBIND_H

#include <stdbool.h>
#include <stdint.h>

#define RL_KEYBIND_MAX_KEY 0x300u /* evdev KEY_MAX + 1 */

enum rl_keybind_action {
	RL_KEYBIND_SWALLOW,        /* the client keeps this event */
	RL_KEYBIND_FORWARD,        /* give it to the guest (when captured) */
	RL_KEYBIND_TOGGLE_CAPTURE,
	RL_KEYBIND_FULLSCREEN,
	RL_KEYBIND_QUIT,
	RL_KEYBIND_OVERLAY,
	RL_KEYBIND_MIC,            /* allow / stop the guest's microphone */
};

#define RL_KEYBIND_MAX_PARTS 3

/* An escape key or combination: each part is one key, or either of two. */
struct rl_keybind_escape {
	uint32_t parts[RL_KEYBIND_MAX_PARTS][2]; /* evdev codes; [1] = 0: one key */
	unsigned int count;
	char name[64];                           /* as the user wrote it, for titles */
};

struct rl_keybind {
	struct rl_keybind_escape esc;
	uint32_t escape;   /* the escape key's evdev code; 0 for a combination */
	uint32_t part_down[RL_KEYBIND_MAX_PARTS]; /* key holding each part, 0 = up */
	bool held;         /* escape key is down */
	bool combined;     /* another key was pressed while it was down */
	uint64_t swallowed[RL_KEYBIND_MAX_KEY / 64]; /* releases to swallow */
};

void rl_keybind_init(struct rl_keybind *kb, uint32_t escape_key);
void rl_keybind_init_escape(struct rl_keybind *kb, const struct rl_keybind_escape *esc);

/*
 * "scroll-lock", "ctrl+alt", "right-ctrl+f12": one to three key names
 * joined by '+' (see rl_keybind_key_from_name; also "ctrl", "alt",
 * "shift", "meta" for either side). False when a part is unknown, a key
 * repeats or there are more than three.
 */
bool rl_keybind_escape_from_name(const char *name, struct rl_keybind_escape *esc);

/* One key event; says what the caller does with it. */
enum rl_keybind_action rl_keybind_key(struct rl_keybind *kb, uint32_t key,
				      bool pressed);

/*
 * The host repeats a held key (autorepeat): forward the repeat? True for a
 * key the guest got the press of; never for the escape key or a key of a
 * combination. Changes no state.
 */
bool rl_keybind_repeat(const struct rl_keybind *kb, uint32_t key);

/*
 * Focus went away: the escape key's release may never come. Forget it
 * (no action fires) and the swallowed keys.
 */
void rl_keybind_reset(struct rl_keybind *kb);

/*
 * Escape key names: "scroll-lock" (default), "pause", "right-ctrl",
 * "right-alt", "right-shift", "left-ctrl", "left-alt", "left-shift",
 * "left-meta", "right-meta", "menu", "insert", "print", "caps-lock",
 * "f1".."f12", or a decimal evdev code 1..767. Case, '-' and '_' are
 * ignored ("ScrollLock" works). False when unknown.
 */
bool rl_keybind_key_from_name(const char *name, uint32_t *key);

/* The name rl_keybind_key_from_name accepts for key, or NULL. */
const char *rl_keybind_key_name(uint32_t key);

/* All names, space separated, for error messages and --help. */
const char *rl_keybind_key_names(void);

#endif /* RELAY_CLIENT_KEYBIND_H */
