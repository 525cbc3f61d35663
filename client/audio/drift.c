/* SPDX-License-Identifier: MIT */
#include "drift.h"

#include <math.h>

/*
 * Tuning (tests/unit/test_audio.c simulates a 0.2% offset with 10 ms
 * bursts against 256-frame periods): the smoothing's time constant is
 * 0.5 s, which leaves ~0.1 ms of the saw-tooth; proportional gain 1/s and
 * integral gain 0.25/s^2 (critically damped for the integrating plant)
 * hold a 0.2% offset within 0.5 ms of the target from the 10th second
 * on, and a 5 ms error moves the rate by 5000 ppm at most: 8 cents, far
 * below what the ear notices on the guest's sound.
 */
#define SMOOTH_TAU_S 0.5
#define KP 1.0
#define KI 0.25

void rl_drift_init(struct rl_drift *d, double target_s)
{
	d->target_s = target_s;
	d->avg_s = 0;
	d->integ = 0;
	d->ratio = 1.0;
	d->primed = false;
}

void rl_drift_reset(struct rl_drift *d)
{
	d->primed = false;
	d->ratio = 1.0 + d->integ;
}

static double clamp(double v, double lim)
{
	return v > lim ? lim : v < -lim ? -lim : v;
}

double rl_drift_update(struct rl_drift *d, double latency_s, double dt_s)
{
	double lim = RL_DRIFT_MAX_PPM * 1e-6, err, a;

	if (!d->primed) {
		d->avg_s = latency_s;
		d->primed = true;
	} else {
		a = 1.0 - exp(-dt_s / SMOOTH_TAU_S);
		d->avg_s += a * (latency_s - d->avg_s);
	}
	err = d->avg_s - d->target_s;
	d->integ = clamp(d->integ + KI * err * dt_s, lim);
	d->ratio = 1.0 + clamp(KP * err + d->integ, lim);
	return d->ratio;
}

double rl_drift_ppm(const struct rl_drift *d)
{
	return (d->ratio - 1.0) * 1e6;
}
