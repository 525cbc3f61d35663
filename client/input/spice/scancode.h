/* SPDX-License-Identifier: MIT */
/*
 * Linux evdev key codes to PC XT set-1 scancodes in spice-client-glib's
 * form: a plain code for one-byte keys, 0x100 | code for E0-prefixed keys
 * (right Ctrl, arrows, keypad Enter, Windows keys, media keys, ...). Pause
 * is the E1 sequence (RL_SET1_PAUSE: press 0x21d, press 0x45, release
 * 0x21d, release 0x45, all on the press; nothing on the release), or
 * Ctrl+Break (0x146) while a Ctrl key is down. The values are those of
 * QEMU's keycode database (Linux keycode -> "XT KBD"), so QEMU and Windows
 * guests decode them as the key pressed. Pure logic.
 */
#ifndef RELAY_CLIENT_INPUT_SPICE_SCANCODE_H
#define RELAY_CLIENT_INPUT_SPICE_SCANCODE_H

#include <stdint.h>

#define RL_SET1_PAUSE 0xe1u      /* marker: send the E1 Pause sequence */
#define RL_SET1_CTRL_BREAK 0x146u

/* The scancode for evdev key `key`, 0 when set 1 has none. */
uint32_t rl_set1_scancode(uint32_t key);

#endif
