#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check a recorded tone: what the user hears, measured.

usage: audiocheck.py FILE --hz F [options]

FILE is a WAV file (pw-record) or raw S16 stereo 48 kHz (rl-spice-server's
record file, name ending .raw). Channel 0 is analysed from the first to the
last sample louder than a third of the amplitude, less --edge-s at both ends.

Checks (each printed; exit 1 if any fails):
  frequency   every --window-s window (upward zero crossings, interpolated
              between samples) within --tolerance of --hz; a window stops
              at a silence (left to the gaps check) and at the end
  level       RMS within --rms-db dB of the amplitude's (--amp x --gain)
  gaps        no run quieter than a tenth of the amplitude longer than
              --max-gap-ms (a sine stays that quiet for ~0.07 ms at 440 Hz)
  continuity  no step between neighbouring samples beyond 1.5x the sine's
              steepest (a splice, a dropped or repeated block)
  length      at least --min-s seconds of tone

With --silent instead: at least --min-s seconds recorded and no sample
louder than 1% of --amp (a muted stream).

Lost graph cycles (a loaded machine ran the sink's graph late: the sink
played a whole quantum of silence, which every copy of it then holds):
  --lost-cycles N [--quantum F]   for the sink's own recording (the
              control): runs of exact digital silence a whole number of
              F-frame quanta long (default 256, within 2 samples) are lost
              cycles; up to N pass, each is printed as "lost-at S:FRAMES"
              (seconds from the tone's start) and left out of the other
              checks with its own length either side (the cycles around it
              are spliced too)
  --lost-at S:FRAMES,...   for a copy made from that sink (the guest's,
              through relay's resampler, so no longer exact zeros): a quiet
              run of 1 ms to FRAMES + 2 ms starting within 0.1 s of the
              tone's start + S is that lost cycle, left out as above; every
              other gap still fails
"""
import argparse
import array
import math
import sys
import wave


def load(path):
    if path.endswith(".raw"):
        data = array.array("h")
        with open(path, "rb") as f:
            data.frombytes(f.read())
        return data[0::2], 48000
    w = wave.open(path)
    ch, rate, n = w.getnchannels(), w.getframerate(), w.getnframes()
    if w.getsampwidth() != 2:
        sys.exit(f"{path}: not 16-bit")
    data = array.array("h")
    data.frombytes(w.readframes(n))
    return data[0::ch], rate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--hz", type=float)
    ap.add_argument("--amp", type=float, default=8000)
    ap.add_argument("--gain", type=float, default=1.0)
    ap.add_argument("--tolerance", type=float, default=0.01)
    ap.add_argument("--rms-db", type=float, default=1.0)
    ap.add_argument("--max-gap-ms", type=float, default=5.0)
    ap.add_argument("--window-s", type=float, default=0.25)
    ap.add_argument("--edge-s", type=float, default=0.1)
    ap.add_argument("--min-s", type=float, default=1.0)
    ap.add_argument("--silent", action="store_true")
    ap.add_argument("--lost-cycles", type=int, default=0)
    ap.add_argument("--lost-at", default="")
    ap.add_argument("--quantum", type=int, default=256)
    a = ap.parse_args()

    s, rate = load(a.file)
    if a.silent:
        peak = max((abs(v) for v in s), default=0)
        good = len(s) >= a.min_s * rate and peak <= a.amp / 100
        print(("ok   " if good else "FAIL ") + f"silence: {len(s) / rate:.2f} s, peak {peak} "
              f"(want >= {a.min_s} s, peak <= {a.amp / 100:.0f})")
        return 0 if good else 1
    if a.hz is None:
        ap.error("--hz is required (or --silent)")
    amp = a.amp * a.gain
    loud = amp / 3
    first = next((i for i, v in enumerate(s) if abs(v) > loud), None)
    if first is None:
        print(f"FAIL {a.file}: no tone at all ({len(s)} samples, none above {loud:.0f})")
        return 1
    last = len(s) - 1 - next(i for i, v in enumerate(reversed(s)) if abs(v) > loud)
    lo, hi = first + int(a.edge_s * rate), last - int(a.edge_s * rate)
    seconds = (hi - lo) / rate
    ok = True

    def report(good, what):
        nonlocal ok
        ok = ok and good
        print(("ok   " if good else "FAIL ") + what)

    report(seconds >= a.min_s, f"length: {seconds:.2f} s of tone (want >= {a.min_s} s)")
    if hi - lo < rate * a.window_s:
        return 1

    # Level.
    sq = sum(float(v) * v for v in s[lo:hi])
    rms = math.sqrt(sq / (hi - lo))
    want = amp / math.sqrt(2)
    db = 20 * math.log10(max(rms, 1e-9) / want)
    report(abs(db) <= a.rms_db, f"level: rms {rms:.1f}, {db:+.2f} dB from {want:.1f} (want within {a.rms_db} dB)")

    # Lost graph cycles, left out of what follows (skip) with a quantum
    # either side.
    quiet = amp / 10
    skip = bytearray(hi - lo)

    def runs(pred):
        i = lo
        while i < hi:
            if not pred(s[i]):
                i += 1
                continue
            j = i
            while j < hi and pred(s[j]):
                j += 1
            yield i, j - i
            i = j

    def leave_out(i, n, margin):
        for x in range(max(lo, i - margin), min(hi, i + n + margin)):
            skip[x - lo] = 1

    if a.lost_cycles:
        lost = [(i, n) for i, n in runs(lambda v: v == 0)
                if round(n / a.quantum) >= 1 and abs(n - round(n / a.quantum) * a.quantum) <= 2]
        for i, n in lost:
            leave_out(i, n, n)
        report(len(lost) <= a.lost_cycles,
               f"lost graph cycles: {len(lost)} whole-quantum silences (want <= {a.lost_cycles})"
               + "".join(f"; {n} frames at {i / rate:.3f} s" for i, n in lost))
        for i, n in lost:
            print(f"lost-at {(i - first) / rate:.3f}:{n}")
    if a.lost_at:
        want_at = [(float(t), int(f)) for t, f in (p.split(":") for p in a.lost_at.split(","))]
        found = []
        for i, n in runs(lambda v: abs(v) < quiet):
            t = (i - first) / rate
            # Longer than a zero crossing, no longer than the lost cycle.
            near = [f for w, f in want_at
                    if abs(t - w) <= 0.1 and rate // 1000 < n <= f + int(0.002 * rate)]
            if near:
                found.append((i, n))
                leave_out(i, n, near[0])
        print("ok   " + f"lost graph cycles the control showed ({a.lost_at} s): {len(found)} found here"
              + "".join(f"; {n} quiet frames at {i / rate:.3f} s" for i, n in found))

    # Gaps and continuity.
    run, longest, at = 0, 0, lo
    step_max = 1.5 * amp * 2 * math.pi * a.hz / rate + 0.02 * amp
    jumps, worst_jump, worst_at = 0, 0, 0
    prev = s[lo]
    for i in range(lo, hi):
        v = s[i]
        if skip[i - lo]:
            run, prev = 0, v
            continue
        if abs(v) < quiet:
            run += 1
            if run > longest:
                longest, at = run, i - run + 1
        else:
            run = 0
        d = abs(v - prev)
        if d > step_max:
            jumps += 1
            if d > worst_jump:
                worst_jump, worst_at = d, i
        prev = v
    gap_ms = longest * 1000 / rate
    report(gap_ms <= a.max_gap_ms,
           f"gaps: longest quiet run {gap_ms:.2f} ms at {at / rate:.3f} s (want <= {a.max_gap_ms} ms)")
    report(jumps == 0, f"continuity: {jumps} steps above {step_max:.0f}"
           + (f" (worst {worst_jump} at {worst_at / rate:.3f} s)" if jumps else ""))

    # Frequency per window, from interpolated upward zero crossings.
    ups = []
    for i in range(lo + 1, hi):
        x0, x1 = s[i - 1], s[i]
        if skip[i - lo] or skip[i - 1 - lo]:
            continue  # a lost cycle: the windows break around it
        if x0 < 0 <= x1:
            ups.append(i - 1 + x0 / (x0 - x1))
    # A window ends early at a silence (two crossings more than two periods
    # apart: the gaps check judges those) and the next starts after it.
    win = a.window_s * rate
    silence = 2 * rate / a.hz
    freqs, k = [], 0
    while k + 1 < len(ups):
        j = k
        while j + 1 < len(ups) and ups[j + 1] <= ups[k] + win and ups[j + 1] - ups[j] <= silence:
            j += 1
        full = j + 1 < len(ups) and ups[j + 1] > ups[k] + win
        if j > k and (full or ups[j] - ups[k] >= win / 2):
            freqs.append((j - k) / (ups[j] - ups[k]) * rate)
        k = j + 1 if j == k or not full else j
    if not freqs:
        report(False, "frequency: no whole windows")
        return 1
    fmin, fmax = min(freqs), max(freqs)
    off = sum(1 for f in freqs if abs(f - a.hz) > a.tolerance * a.hz)
    report(off == 0, f"frequency: {len(freqs)} windows of {a.window_s} s, {fmin:.2f}..{fmax:.2f} Hz, "
           f"{off} off {a.hz} Hz by more than {a.tolerance * 100:g}%")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
