#!/bin/bash
# Drift: the guest's clock and the sound card's differ. Two SPICE servers
# send a 440 Hz tone 0.3% faster and 0.3% slower than their nominal 48 kHz
# (fifteen times the ~0.02% real clocks are apart, so 30 s move the buffer
# as far as 90 s at 0.1% would), to two clients at once, each playing into
# its own null sink with a 40 ms target:
#   - from the 10th second to the end, every latency the client reports
#     (once a second) is within 5 ms of 40 ms, its correction over the
#     last 10 s is within 400 ppm of +3000 / -3000, and there is no
#     underrun, overrun or resync;
#   - each sink's output (recorded from its monitor) has no gap and no
#     discontinuity: the drift is absorbed by resampling, not by dropping
#     or inserting blocks.
# RL_DRIFT_SECONDS (default 30) and RL_DRIFT_PPM (default 3000) change the
# run: tests/bench/drift.sh runs it for 120 s at 2000 ppm and prints the
# figures as a table.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib.sh"

here=$(dirname "$0")
SECS=${RL_DRIFT_SECONDS:-30}
PPM=${RL_DRIFT_PPM:-3000}
[[ $SECS =~ ^[0-9]+$ ]] && [ "$SECS" -ge 20 ] || fail "RL_DRIFT_SECONDS must be 20 or more"
[[ $PPM =~ ^[0-9]+$ ]] && [ "$PPM" -le 4000 ] || fail "RL_DRIFT_PPM must be 0..4000 (the client corrects 5000 at most)"

audio_setup pw-record python3

declare -A ppm=([fast]=$PPM [slow]=-$PPM) sink=([fast]=relay-sink-a [slow]=relay-sink-b) clients recorders
for run in fast slow; do
	spice_audio_server "server_$run" RL_SPICE_TONE_HZ=440 RL_SPICE_DRIFT_PPM="${ppm[$run]}" \
		RL_SPICE_TONE_SECONDS=$((SECS + 5))
	audio_client "client_$run" "$PORT" --audio-device "${sink[$run]}" --audio-latency 40 --stats-interval 1
	expect "$CLIENT_LOG" "audio: playing the guest's sound" 10 "$run: playback stream opened"
	clients[$run]=$CLIENT
done
# Recorded once both streams play: a stream joining the graph can make the
# graph drop a cycle (a whole quantum of silence seen 1 run in 10 when the
# second client started while the first was being recorded).
for run in fast slow; do
	monitor_record "rec_$run" "${sink[$run]}" "$E2E_WORK/$run.wav"
	recorders[$run]=$RECORDER
done
log "playing ${SECS} s of audio at +$PPM and -$PPM ppm"
sleep "$SECS"
for run in fast slow; do
	stop "${recorders[$run]}"
	stop "${clients[$run]}"
done

for run in fast slow; do
	python3 - "$E2E_WORK/client_$run.log" "${ppm[$run]}" "$SECS" "$run" <<'PY' || fail "$run: the latency did not hold"
import re, sys
log, want_ppm, secs, run = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = [tuple(float(x) for x in m.groups()) + (m.group(0),) for m in
        (re.search(r"latency ([0-9.]+) ms \(target 40\), ([-+0-9]+) ppm, (\d+) underruns, (\d+) overruns, (\d+) resyncs", l)
         for l in open(log) if "audio 48000 Hz" in l and "playing" in l) if m]
if len(rows) < secs - 5:
    sys.exit(f"FAIL only {len(rows)} audio figures lines in {log}")
late = rows[10:]
lat = [r[0] for r in late]
bad = [r for r in late if abs(r[0] - 40) > 5]
tail = [r[1] for r in rows[-10:]]
avg_ppm = sum(tail) / len(tail)
last = rows[-1]
print(f"{run}: {len(late)} figures from the 10th s: latency {min(lat):.1f}..{max(lat):.1f} ms, "
      f"{len(bad)} beyond 40 +- 5 ms; correction over the last 10 s {avg_ppm:+.0f} ppm (want ~{want_ppm:+.0f}); "
      f"underruns {last[2]:.0f}, overruns {last[3]:.0f}, resyncs {last[4]:.0f}")
ok = not bad and abs(avg_ppm - want_ppm) < 400 and last[2] == 0 and last[3] == 0 and last[4] == 0
if bad:
    print("first beyond:", bad[0][5])
sys.exit(0 if ok else 1)
PY
	log "ok: $run: the latency holds"
	python3 "$here/audiocheck.py" "$E2E_WORK/$run.wav" --hz 440 --amp 8000 --min-s $((SECS - 5)) ||
		fail "$run: the sink's output is broken"
	log "ok: $run: the sink's output is whole"
done
check_no_crash
log "PASS"
