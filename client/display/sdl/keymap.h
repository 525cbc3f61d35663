/* SPDX-License-Identifier: MIT */
/* SDL scancodes (USB HID usages) to Linux evdev key codes. */
#ifndef RELAY_CLIENT_DISPLAY_X11_KEYMAP_H
#define RELAY_CLIENT_DISPLAY_X11_KEYMAP_H

#include <stdint.h>

/* The evdev KEY_* code of SDL scancode `scancode`; 0 when it has none. */
uint32_t rl_x11_evdev_key(int scancode);

/* The evdev BTN_* code of SDL button `button` (SDL_BUTTON_*); 0 if none. */
uint32_t rl_x11_evdev_button(int button);

#endif
