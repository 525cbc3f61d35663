/* SPDX-License-Identifier: MIT */
/*
 * Drift control: the guest's audio clock and the sound card's differ by
 * up to ~0.1%, so a fixed playback rate lets the buffered latency creep
 * up or run dry. The controller is fed the measured latency (everything
 * buffered between the guest's samples and the sound card) once per
 * period, smooths it (the guest sends 10 ms bursts, the card takes its
 * quantum: the raw fill is a saw-tooth), and returns the resampling ratio
 * (input frames per output frame) that steers it back to the target: a
 * PI controller, clamped to +-RL_DRIFT_MAX_PPM. The integral is the clock
 * difference it has learned; it survives reset() (between bursts of
 * sound the two clocks stay what they were).
 *
 * Pure logic, one thread.
 */
#ifndef RELAY_CLIENT_AUDIO_DRIFT_H
#define RELAY_CLIENT_AUDIO_DRIFT_H

#include <stdbool.h>

#define RL_DRIFT_MAX_PPM 5000.0

struct rl_drift {
	double target_s;   /* the latency to hold */
	double avg_s;      /* the smoothed latency */
	double integ;      /* the learned clock difference (ratio - 1) */
	double ratio;      /* the last answer */
	bool primed;       /* avg_s holds a measurement */
};

void rl_drift_init(struct rl_drift *d, double target_s);

/* Start a new burst: forget the smoothed latency, keep the learned drift. */
void rl_drift_reset(struct rl_drift *d);

/*
 * One period of dt_s seconds ended with latency_s buffered: the ratio for
 * the next period.
 */
double rl_drift_update(struct rl_drift *d, double latency_s, double dt_s);

/* The correction as parts per million (ratio - 1) x 1e6. */
double rl_drift_ppm(const struct rl_drift *d);

#endif
