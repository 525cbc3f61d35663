/* SPDX-License-Identifier: MIT */
/*
 * Forced into the fuzzer's own build of common/src/ring_consumer.c: at each
 * of its race points (RL_RACE_POINT) the fuzzer's writer changes bytes of
 * the region, so torn copies and sequence changes are really reached.
 */
#ifndef RELAY_FUZZ_RACE_H
#define RELAY_FUZZ_RACE_H

void rl_fuzz_race(void);

#define RL_RACE_POINT() rl_fuzz_race()

#endif
