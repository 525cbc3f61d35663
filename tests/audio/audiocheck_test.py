#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""audiocheck.py's own checks on made-up recordings (CTest audio_check_selftest):
a whole tone passes; a lost graph cycle (a quantum of exact zeros) fails a
plain check, passes the control's --lost-cycles and, smeared as relay's
resampler would leave it, the guest's --lost-at at the same place; a gap
anywhere else, or one longer than the lost cycle, still fails."""
import array
import math
import os
import subprocess
import sys
import tempfile

RATE = 48000
CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "audiocheck.py")


def tone(n):
    return [int(8000 * math.sin(2 * math.pi * 1000 * i / RATE)) for i in range(n)]


def write_raw(path, s):
    a = array.array("h")
    for v in s:
        a.extend((v, v))
    with open(path, "wb") as f:
        f.write(a.tobytes())


def check(path, *args):
    r = subprocess.run([sys.executable, CHECK, path, "--hz", "1000", "--min-s", "10", *args],
                       capture_output=True, text=True)
    return r.returncode, r.stdout


def main():
    d = tempfile.mkdtemp(prefix="audiocheck-test.")
    lead = 4800
    base = [0] * lead + tone(12 * RATE) + [0] * lead
    at = lead + 5 * RATE                       # the lost cycle, 5 s into the tone
    control = list(base)
    control[at:at + 1024] = [0] * 1024
    guest = [0] * 3000 + list(base)            # the guest's copy starts later
    g = 3000 + at
    guest[g:g + 1020] = [0] * 1020             # smeared: not exact zeros at the edges
    for k in range(8):
        guest[g - 8 + k] = guest[g - 8 + k] * k // 8
    other = list(guest)
    o = 3000 + lead + 8 * RATE
    other[o:o + 500] = [0] * 500               # a gap relay made
    longer = list(guest)
    longer[g:g + 1500] = [0] * 1500            # longer than what the control lost
    files = {}
    for name, s in (("whole", base), ("control", control), ("guest", guest),
                    ("other", other), ("longer", longer)):
        files[name] = os.path.join(d, name + ".raw")
        write_raw(files[name], s)

    cases = [
        ("a whole tone passes", "whole", (), 0),
        ("a lost cycle fails a plain check", "control", (), 1),
        ("the control counts it", "control", ("--lost-cycles", "2"), 0),
        ("the control allows no more than asked", "control", ("--lost-cycles", "0"), 1),
        ("the guest's copy fails without the control's word", "guest", (), 1),
        ("the guest's copy passes with it", "guest", ("--lost-at", "5.000:1024"), 0),
        ("a lost cycle elsewhere is not excused", "guest", ("--lost-at", "7.000:1024"), 1),
        ("another gap still fails", "other", ("--lost-at", "5.000:1024"), 1),
        ("a longer gap still fails", "longer", ("--lost-at", "5.000:1024"), 1),
    ]
    failed = 0
    for what, name, args, want in cases:
        rc, out = check(files[name], "--window-s", "0.05", *args)
        good = rc == want
        failed += not good
        print(("ok   " if good else "FAIL ") + f"{what} (exit {rc}, want {want})")
        if not good:
            print(out)
    rc, out = check(files["control"], "--lost-cycles", "2")
    lost = [l for l in out.splitlines() if l.startswith("lost-at ")]
    good = lost == ["lost-at 5.000:1024"]
    failed += not good
    print(("ok   " if good else "FAIL ") + f"the control prints where: {lost}")
    print(f"{len(cases) + 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
