/* SPDX-License-Identifier: MIT */
#include "scancode.h"

#include <linux/input-event-codes.h>

/* Keys whose scancode is not their evdev code (1..83 and 86..88 are). */
static const struct {
	uint16_t key;
	uint16_t code;
} other[] = {
	{ KEY_ZENKAKUHANKAKU, 0x76 },
	{ KEY_RO, 0x73 },
	{ KEY_KATAKANA, 0x78 },
	{ KEY_HIRAGANA, 0x77 },
	{ KEY_HENKAN, 0x79 },
	{ KEY_KATAKANAHIRAGANA, 0x70 },
	{ KEY_MUHENKAN, 0x7b },
	{ KEY_KPJPCOMMA, 0x5c },
	{ KEY_KPENTER, 0x11c },
	{ KEY_RIGHTCTRL, 0x11d },
	{ KEY_KPSLASH, 0x135 },
	{ KEY_SYSRQ, 0x137 },          /* Print Screen */
	{ KEY_RIGHTALT, 0x138 },
	{ KEY_HOME, 0x147 },
	{ KEY_UP, 0x148 },
	{ KEY_PAGEUP, 0x149 },
	{ KEY_LEFT, 0x14b },
	{ KEY_RIGHT, 0x14d },
	{ KEY_END, 0x14f },
	{ KEY_DOWN, 0x150 },
	{ KEY_PAGEDOWN, 0x151 },
	{ KEY_INSERT, 0x152 },
	{ KEY_DELETE, 0x153 },
	{ KEY_MUTE, 0x120 },
	{ KEY_VOLUMEDOWN, 0x12e },
	{ KEY_VOLUMEUP, 0x130 },
	{ KEY_POWER, 0x15e },
	{ KEY_KPEQUAL, 0x59 },
	{ KEY_PAUSE, RL_SET1_PAUSE },
	{ KEY_KPCOMMA, 0x7e },
	{ KEY_HANGEUL, 0x72 },
	{ KEY_HANJA, 0x71 },
	{ KEY_YEN, 0x7d },
	{ KEY_LEFTMETA, 0x15b },
	{ KEY_RIGHTMETA, 0x15c },
	{ KEY_COMPOSE, 0x15d },        /* Menu */
	{ KEY_STOP, 0x168 },
	{ KEY_CALC, 0x121 },
	{ KEY_SLEEP, 0x15f },
	{ KEY_WAKEUP, 0x163 },
	{ KEY_MAIL, 0x16c },
	{ KEY_BOOKMARKS, 0x166 },
	{ KEY_COMPUTER, 0x16b },
	{ KEY_BACK, 0x16a },
	{ KEY_FORWARD, 0x169 },
	{ KEY_NEXTSONG, 0x119 },
	{ KEY_PLAYPAUSE, 0x122 },
	{ KEY_PREVIOUSSONG, 0x110 },
	{ KEY_STOPCD, 0x124 },
	{ KEY_HOMEPAGE, 0x132 },
	{ KEY_REFRESH, 0x167 },
	{ KEY_F13, 0x5d },
	{ KEY_F14, 0x5e },
	{ KEY_F15, 0x5f },
	{ KEY_F16, 0x55 },
	{ KEY_F17, 0x103 },
	{ KEY_F18, 0x177 },
	{ KEY_F19, 0x104 },
	{ KEY_F20, 0x5a },
	{ KEY_F21, 0x74 },
	{ KEY_F22, 0x179 },
	{ KEY_F23, 0x6d },
	{ KEY_F24, 0x6f },
};

uint32_t rl_set1_scancode(uint32_t key)
{
	if ((key >= KEY_ESC && key <= KEY_KPDOT) || (key >= KEY_102ND && key <= KEY_F12))
		return key;
	for (unsigned int i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (other[i].key == key)
			return other[i].code;
	return 0;
}
