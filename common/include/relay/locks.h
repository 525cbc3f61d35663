/* SPDX-License-Identifier: MIT */
/*
 * Keyboard lock states, as the displays read the host's and the input
 * backends set the guest's (the values SPICE uses too).
 */
#ifndef RELAY_LOCKS_H
#define RELAY_LOCKS_H

#define RL_LOCK_SCROLL (1u << 0)
#define RL_LOCK_NUM    (1u << 1)
#define RL_LOCK_CAPS   (1u << 2)

#endif
