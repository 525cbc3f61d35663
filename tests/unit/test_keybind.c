/* SPDX-License-Identifier: MIT */
/* The escape-key state machine: combinations, swallowing, names. */
#include <linux/input-event-codes.h>
#include <string.h>

#include "check.h"
#include "keybind.h"

#define DOWN true
#define UP false

static enum rl_keybind_action press(struct rl_keybind *kb, uint32_t key)
{
	return rl_keybind_key(kb, key, DOWN);
}

static enum rl_keybind_action release(struct rl_keybind *kb, uint32_t key)
{
	return rl_keybind_key(kb, key, UP);
}

static void test_plain_keys(void)
{
	struct rl_keybind kb;

	rl_keybind_init(&kb, KEY_SCROLLLOCK);
	CHECK(press(&kb, KEY_A) == RL_KEYBIND_FORWARD);
	CHECK(release(&kb, KEY_A) == RL_KEYBIND_FORWARD);
	CHECK(press(&kb, KEY_F) == RL_KEYBIND_FORWARD);
	CHECK(release(&kb, KEY_F) == RL_KEYBIND_FORWARD);
	CHECK(press(&kb, KEY_ESC) == RL_KEYBIND_FORWARD); /* Esc is not the escape key */
	CHECK(release(&kb, KEY_ESC) == RL_KEYBIND_FORWARD);
}

static void test_escape_alone(void)
{
	struct rl_keybind kb;

	rl_keybind_init(&kb, KEY_SCROLLLOCK);
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW); /* a repeat */
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_TOGGLE_CAPTURE);
	/* and again: every tap toggles */
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_TOGGLE_CAPTURE);
	/* a release without its press (pressed before the window had focus) */
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
}

static void test_combinations(void)
{
	struct rl_keybind kb;

	rl_keybind_init(&kb, KEY_SCROLLLOCK);
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(press(&kb, KEY_F) == RL_KEYBIND_FULLSCREEN);
	CHECK(release(&kb, KEY_F) == RL_KEYBIND_SWALLOW);
	CHECK(press(&kb, KEY_D) == RL_KEYBIND_OVERLAY);
	CHECK(release(&kb, KEY_D) == RL_KEYBIND_SWALLOW);
	/* a combination used: releasing the escape key does not toggle */
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);

	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(press(&kb, KEY_Q) == RL_KEYBIND_QUIT);
	/* escape released first: Q's release is still swallowed */
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_Q) == RL_KEYBIND_SWALLOW);
	/* and the next Q goes to the guest again */
	CHECK(press(&kb, KEY_Q) == RL_KEYBIND_FORWARD);
	CHECK(release(&kb, KEY_Q) == RL_KEYBIND_FORWARD);
}

static void test_unbound_combination(void)
{
	struct rl_keybind kb;

	rl_keybind_init(&kb, KEY_SCROLLLOCK);
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(press(&kb, KEY_X) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_X) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
}

static void test_key_held_across_escape(void)
{
	struct rl_keybind kb;

	rl_keybind_init(&kb, KEY_SCROLLLOCK);
	/* W held (walking in a game), escape tapped: W's release still forwarded */
	CHECK(press(&kb, KEY_W) == RL_KEYBIND_FORWARD);
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_W) == RL_KEYBIND_FORWARD);
	/* a release is not a combination: the tap still toggles */
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_TOGGLE_CAPTURE);
}

static void test_reset(void)
{
	struct rl_keybind kb;

	rl_keybind_init(&kb, KEY_SCROLLLOCK);
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(press(&kb, KEY_A) == RL_KEYBIND_SWALLOW);
	rl_keybind_reset(&kb); /* focus lost */
	CHECK(kb.escape == KEY_SCROLLLOCK);
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_A) == RL_KEYBIND_FORWARD);
	CHECK(press(&kb, KEY_F) == RL_KEYBIND_FORWARD);
}

static void test_other_escape_key(void)
{
	struct rl_keybind kb;

	rl_keybind_init(&kb, KEY_RIGHTCTRL);
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_FORWARD);
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_FORWARD);
	CHECK(press(&kb, KEY_RIGHTCTRL) == RL_KEYBIND_SWALLOW);
	CHECK(press(&kb, KEY_F) == RL_KEYBIND_FULLSCREEN);
	/* out-of-range codes never index past the bitmap */
	CHECK(press(&kb, 0xffffu) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, 0xffffu) == RL_KEYBIND_FORWARD);
}

static void test_names(void)
{
	uint32_t key = 0;

	CHECK(rl_keybind_key_from_name("scroll-lock", &key) && key == KEY_SCROLLLOCK);
	CHECK(rl_keybind_key_from_name("ScrollLock", &key) && key == KEY_SCROLLLOCK);
	CHECK(rl_keybind_key_from_name("SCROLL_LOCK", &key) && key == KEY_SCROLLLOCK);
	CHECK(rl_keybind_key_from_name("right-ctrl", &key) && key == KEY_RIGHTCTRL);
	CHECK(rl_keybind_key_from_name("f12", &key) && key == KEY_F12);
	CHECK(rl_keybind_key_from_name("70", &key) && key == 70);
	CHECK(!rl_keybind_key_from_name("0", &key));
	CHECK(!rl_keybind_key_from_name("768", &key));
	CHECK(!rl_keybind_key_from_name("12abc", &key));
	CHECK(!rl_keybind_key_from_name("scroll", &key));
	CHECK(!rl_keybind_key_from_name("", &key));
	CHECK(!rl_keybind_key_from_name(NULL, &key));
	CHECK(!rl_keybind_key_from_name("a-very-long-name-that-does-not-exist-anywhere", &key));
	CHECK(strcmp(rl_keybind_key_name(KEY_SCROLLLOCK), "scroll-lock") == 0);
	CHECK(strcmp(rl_keybind_key_name(KEY_PAUSE), "pause") == 0);
	CHECK(rl_keybind_key_name(KEY_A) == NULL);
	CHECK(strstr(rl_keybind_key_names(), "scroll-lock") != NULL);
}

/* Autorepeat goes to the guest for its own keys only. */
static void test_repeat(void)
{
	struct rl_keybind kb;

	rl_keybind_init(&kb, KEY_SCROLLLOCK);
	CHECK(press(&kb, KEY_A) == RL_KEYBIND_FORWARD);
	CHECK(rl_keybind_repeat(&kb, KEY_A));
	CHECK(!rl_keybind_repeat(&kb, KEY_SCROLLLOCK));
	CHECK(press(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(!rl_keybind_repeat(&kb, KEY_A)); /* while the escape key is down */
	CHECK(press(&kb, KEY_F) == RL_KEYBIND_FULLSCREEN);
	CHECK(release(&kb, KEY_SCROLLLOCK) == RL_KEYBIND_SWALLOW);
	CHECK(!rl_keybind_repeat(&kb, KEY_F)); /* F of escape + F: never a second toggle */
	CHECK(release(&kb, KEY_F) == RL_KEYBIND_SWALLOW);
	CHECK(rl_keybind_repeat(&kb, KEY_F));
}

/* Ctrl+Alt as the escape combination. */
static void test_combination_escape(void)
{
	struct rl_keybind_escape esc;
	struct rl_keybind kb;

	CHECK(rl_keybind_escape_from_name("ctrl+alt", &esc));
	CHECK(esc.count == 2 && strcmp(esc.name, "ctrl+alt") == 0);
	rl_keybind_init_escape(&kb, &esc);
	CHECK(kb.escape == 0);

	/* Tapped: the first part is the guest's until the second completes it. */
	CHECK(press(&kb, KEY_LEFTCTRL) == RL_KEYBIND_FORWARD);
	CHECK(press(&kb, KEY_RIGHTALT) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_RIGHTALT) == RL_KEYBIND_TOGGLE_CAPTURE);
	CHECK(release(&kb, KEY_LEFTCTRL) == RL_KEYBIND_FORWARD); /* the guest had its press */

	/* Ctrl alone, and Ctrl+C, stay the guest's. */
	CHECK(press(&kb, KEY_RIGHTCTRL) == RL_KEYBIND_FORWARD);
	CHECK(press(&kb, KEY_C) == RL_KEYBIND_FORWARD);
	CHECK(release(&kb, KEY_C) == RL_KEYBIND_FORWARD);
	CHECK(release(&kb, KEY_RIGHTCTRL) == RL_KEYBIND_FORWARD);

	/* Held + F: fullscreen, nothing toggles, F never reaches the guest. */
	CHECK(press(&kb, KEY_LEFTALT) == RL_KEYBIND_FORWARD);
	CHECK(press(&kb, KEY_LEFTCTRL) == RL_KEYBIND_SWALLOW);
	CHECK(!rl_keybind_repeat(&kb, KEY_F));
	CHECK(press(&kb, KEY_F) == RL_KEYBIND_FULLSCREEN);
	CHECK(release(&kb, KEY_F) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_LEFTCTRL) == RL_KEYBIND_SWALLOW);
	CHECK(release(&kb, KEY_LEFTALT) == RL_KEYBIND_FORWARD);

	/* Reset forgets the half-pressed combination. */
	CHECK(press(&kb, KEY_LEFTCTRL) == RL_KEYBIND_FORWARD);
	rl_keybind_reset(&kb);
	CHECK(press(&kb, KEY_LEFTALT) == RL_KEYBIND_FORWARD);
	CHECK(release(&kb, KEY_LEFTALT) == RL_KEYBIND_FORWARD);

	/* Names: three at most, no key twice, every part known. */
	CHECK(rl_keybind_escape_from_name("right-ctrl+f12", &esc) && esc.count == 2);
	CHECK(rl_keybind_escape_from_name("Scroll_Lock", &esc) && esc.count == 1);
	CHECK(rl_keybind_escape_from_name("ctrl+alt+shift", &esc) && esc.count == 3);
	CHECK(!rl_keybind_escape_from_name("ctrl+alt+shift+meta", &esc));
	CHECK(!rl_keybind_escape_from_name("ctrl+left-ctrl", &esc));
	CHECK(!rl_keybind_escape_from_name("ctrl+nope", &esc));
	CHECK(!rl_keybind_escape_from_name("", &esc));
	CHECK(!rl_keybind_escape_from_name("ctrl+", &esc));
	CHECK(!rl_keybind_escape_from_name("ctrl++alt", &esc));
}

int main(void)
{
	test_repeat();
	test_combination_escape();
	test_plain_keys();
	test_escape_alone();
	test_combinations();
	test_unbound_combination();
	test_key_held_across_escape();
	test_reset();
	test_other_escape_key();
	test_names();
	return check_summary();
}
