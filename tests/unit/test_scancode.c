/* SPDX-License-Identifier: MIT */
/*
 * evdev -> set-1 scancodes for SPICE: every key of a 105-key ISO board and
 * the 104-key ANSI extras, the keypad, F1-F24, Print Screen, Pause,
 * Windows and Menu keys, the 102nd key, Japanese and Korean keys and the
 * media keys, against QEMU's keycode database ("XT KBD" column); keys set
 * 1 has no code for give 0.
 */
#include <linux/input-event-codes.h>

#include "check.h"
#include "scancode.h"

int main(void)
{
	static const struct {
		uint32_t key, code;
	} want[] = {
		{ KEY_ESC, 0x01 }, { KEY_1, 0x02 }, { KEY_0, 0x0b }, { KEY_BACKSPACE, 0x0e },
		{ KEY_TAB, 0x0f }, { KEY_Q, 0x10 }, { KEY_ENTER, 0x1c }, { KEY_LEFTCTRL, 0x1d },
		{ KEY_A, 0x1e }, { KEY_GRAVE, 0x29 }, { KEY_LEFTSHIFT, 0x2a },
		{ KEY_BACKSLASH, 0x2b }, { KEY_Z, 0x2c }, { KEY_SLASH, 0x35 },
		{ KEY_RIGHTSHIFT, 0x36 }, { KEY_KPASTERISK, 0x37 }, { KEY_LEFTALT, 0x38 },
		{ KEY_SPACE, 0x39 }, { KEY_CAPSLOCK, 0x3a }, { KEY_F1, 0x3b }, { KEY_F10, 0x44 },
		{ KEY_NUMLOCK, 0x45 }, { KEY_SCROLLLOCK, 0x46 }, { KEY_KP7, 0x47 },
		{ KEY_KPMINUS, 0x4a }, { KEY_KPPLUS, 0x4e }, { KEY_KP0, 0x52 }, { KEY_KPDOT, 0x53 },
		{ KEY_102ND, 0x56 }, { KEY_F11, 0x57 }, { KEY_F12, 0x58 },
		{ KEY_RO, 0x73 }, { KEY_KATAKANA, 0x78 }, { KEY_HIRAGANA, 0x77 },
		{ KEY_HENKAN, 0x79 }, { KEY_KATAKANAHIRAGANA, 0x70 }, { KEY_MUHENKAN, 0x7b },
		{ KEY_KPJPCOMMA, 0x5c }, { KEY_ZENKAKUHANKAKU, 0x76 }, { KEY_YEN, 0x7d },
		{ KEY_HANGEUL, 0x72 }, { KEY_HANJA, 0x71 },
		{ KEY_KPENTER, 0x11c }, { KEY_RIGHTCTRL, 0x11d }, { KEY_KPSLASH, 0x135 },
		{ KEY_SYSRQ, 0x137 }, { KEY_RIGHTALT, 0x138 }, { KEY_HOME, 0x147 },
		{ KEY_UP, 0x148 }, { KEY_PAGEUP, 0x149 }, { KEY_LEFT, 0x14b }, { KEY_RIGHT, 0x14d },
		{ KEY_END, 0x14f }, { KEY_DOWN, 0x150 }, { KEY_PAGEDOWN, 0x151 },
		{ KEY_INSERT, 0x152 }, { KEY_DELETE, 0x153 }, { KEY_LEFTMETA, 0x15b },
		{ KEY_RIGHTMETA, 0x15c }, { KEY_COMPOSE, 0x15d }, { KEY_KPEQUAL, 0x59 },
		{ KEY_KPCOMMA, 0x7e }, { KEY_PAUSE, RL_SET1_PAUSE },
		{ KEY_MUTE, 0x120 }, { KEY_VOLUMEDOWN, 0x12e }, { KEY_VOLUMEUP, 0x130 },
		{ KEY_NEXTSONG, 0x119 }, { KEY_PLAYPAUSE, 0x122 }, { KEY_PREVIOUSSONG, 0x110 },
		{ KEY_STOPCD, 0x124 }, { KEY_CALC, 0x121 }, { KEY_HOMEPAGE, 0x132 },
		{ KEY_MAIL, 0x16c }, { KEY_POWER, 0x15e }, { KEY_SLEEP, 0x15f },
		{ KEY_F13, 0x5d }, { KEY_F14, 0x5e }, { KEY_F15, 0x5f }, { KEY_F16, 0x55 },
		{ KEY_F17, 0x103 }, { KEY_F18, 0x177 }, { KEY_F19, 0x104 }, { KEY_F20, 0x5a },
		{ KEY_F21, 0x74 }, { KEY_F22, 0x179 }, { KEY_F23, 0x6d }, { KEY_F24, 0x6f },
		/* no set-1 code */
		{ KEY_RESERVED, 0 }, { 84, 0 }, { KEY_LINEFEED, 0 }, { KEY_MACRO, 0 },
		{ BTN_LEFT, 0 }, { KEY_MAX, 0 }, { 100000, 0 },
	};
	uint32_t seen[0x400] = { 0 };

	for (unsigned int i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_EQ_U64(rl_set1_scancode(want[i].key), want[i].code);
	/* No two keys share a scancode: the guest can tell every key apart. */
	for (uint32_t key = 0; key <= KEY_MAX; key++) {
		uint32_t code = rl_set1_scancode(key);

		if (!code)
			continue;
		CHECK(code < 0x400);
		if (code < 0x400) {
			CHECK(seen[code] == 0);
			seen[code] = key;
		}
	}
	return check_summary();
}
