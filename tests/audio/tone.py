#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a stereo S16 48 kHz sine to a WAV file: tone.py OUT HZ SECONDS [AMP]."""
import array
import math
import sys
import wave


def main():
    out, hz, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    amp = float(sys.argv[4]) if len(sys.argv) > 4 else 8000
    rate = 48000
    data = array.array("h")
    for i in range(int(seconds * rate)):
        v = int(round(amp * math.sin(2 * math.pi * hz * i / rate)))
        data.append(v)
        data.append(v)
    with wave.open(out, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())


if __name__ == "__main__":
    main()
