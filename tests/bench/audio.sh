#!/bin/bash
# The guest's sound: what a click costs in time, and what the audio path
# costs in CPU. rl-spice-server (libspice-server's playback channel) plays
# a 5 ms click every 500 ms; relay-client plays it into a headless
# PipeWire's null sink; rl-pw-onset, recording that sink's monitor, stamps
# each click's first loud sample. Both sides stamp CLOCK_MONOTONIC (the
# server when it hands the click to libspice-server, as the time the click
# would sound with no delay at all), so the figure is the whole path:
# libspice-server, the socket, spice-client-glib, the client's ring,
# resampler and PipeWire stream, the graph, the sink.
#
# Table 1: click latency p50/p99/max in ms for each --audio-latency target,
# and as a ratio to the target (the baseline: what the user asked for).
# Table 2: the client's CPU (utime + stime from /proc) while playing a
# 48 kHz stereo tone, against the same client connected to a SPICE server
# without sound, measured in the same run: the difference is the audio path.
#
#   tests/bench/audio.sh [--quick] [BUILD_DIR]   (--quick: 10 clicks, 3 s CPU)
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=120 cpu_s=20 build=build
[ "${1:-}" = --quick ] && { n=10 cpu_s=3; shift; }
build=${1:-build}
export RELAY_HOST=$build/host/relay-host RELAY_CLIENT=$build/client/relay-client \
	RL_PATTERN_REF=$build/tests/e2e/rl-pattern-ref RL_IMG_COMPARE=$build/tests/e2e/rl-img-compare
RL_SPICE_SERVER=$build/tests/spice/rl-spice-server
onset=$build/tests/bench/rl-pw-onset
for p in "$RL_SPICE_SERVER" "$onset"; do
	[ -x "$p" ] || { echo "audio.sh: no $p (build first, or give the build folder)" >&2; exit 2; }
done
. "$here/../e2e/lib.sh"
. "$here/../audio/lib.sh"
audio_setup >/dev/null

# clicks TARGET_MS: N clicks at that latency target; prints "p50 p99 max" in ms.
clicks() {
	local target=$1
	spice_audio_server "clicks$target" RL_SPICE_CLICKS=1 >/dev/null
	start "onset$target" "$onset" relay-sink-a >/dev/null
	local probe=$LAST_PID out="$E2E_WORK/onset$target.out"
	wait_for "$out" '^ready' 5 || fail "rl-pw-onset did not start"
	audio_client "client$target" "$PORT" --audio-device relay-sink-a --audio-latency "$target" >/dev/null
	local want=$((n + 2)) got
	for _ in $(seq $((n * 2 + 40))); do
		got=$(grep -c '^onset' "$out")
		[ "$got" -ge "$want" ] && break
		sleep 0.5
	done
	stop "$CLIENT"
	stop "$probe"
	stop "$SERVER"
	# The first two clicks pay the stream's start: skipped.
	awk '
		FNR == 1 { file++ }
		file == 1 && /^click / { c[++nc] = $2 }
		file == 2 && /^onset / { o[++no] = $2 }
		END {
			j = 1
			for (i = 1; i <= nc; i++) {
				while (j <= no && o[j] < c[i]) j++
				if (j <= no && o[j] - c[i] < 400000 && i > 2) print (o[j] - c[i]) / 1000
			}
		}' "$SERVER_OUT" "$out" | sort -n >"$E2E_WORK/lat$target.txt"
	local count
	count=$(wc -l <"$E2E_WORK/lat$target.txt")
	[ "$count" -gt 0 ] || fail "no click was heard at --audio-latency $target"
	pct() { sed -n "$(( ($1 * count + 99) / 100 ))p" "$E2E_WORK/lat$target.txt"; }
	echo "$count $(pct 50) $(pct 99) $(pct 100)"
}

# cpu VAR=VALUE...: the client's CPU in % of one core over cpu_s seconds,
# against a server with that sound environment.
cpu() {
	spice_audio_server cpu$RANDOM "$@" >/dev/null
	audio_client "cpu$RANDOM" "$PORT" --audio-device relay-sink-b --audio-latency 20 >/dev/null
	sleep 2
	local hz t0 t1
	hz=$(getconf CLK_TCK)
	t0=$(awk '{ print $14 + $15 }' "/proc/$CLIENT/stat")
	sleep "$cpu_s"
	t1=$(awk '{ print $14 + $15 }' "/proc/$CLIENT/stat")
	stop "$CLIENT"
	stop "$SERVER"
	awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$cpu_s" 'BEGIN { printf "%.2f", (b - a) / hz / s * 100 }'
}

printf 'relay audio benchmark: a click from the SPICE server to the sink, %d clicks per row%s\n\n' \
	"$n" "$([ "$n" -lt 100 ] && echo ' (quick: figures meaningless)')"
printf '%-16s %7s %9s %9s %9s %16s\n' "--audio-latency" clicks "p50 ms" "p99 ms" "max ms" "p50 / target"
for target in 20 40; do
	read -r count p50 p99 max <<<"$(clicks $target)"
	printf '%-16s %7s %9.1f %9.1f %9.1f %16.2f\n' "$target ms" "$count" "$p50" "$p99" "$max" \
		"$(awk -v a="$p50" -v t="$target" 'BEGIN { print a / t }')"
done
idle=$(cpu)
tone=$(cpu RL_SPICE_TONE_HZ=440)
printf '\nrelay-client CPU over %d s (%% of one core)\n\n' "$cpu_s"
printf '%-44s %8s\n' "SPICE session, no sound (baseline)" "$idle"
printf '%-44s %8s\n' "playing 48 kHz stereo (--audio-latency 20)" "$tone"
printf '%-44s %8s\n' "the audio path (difference)" "$(awk -v a="$tone" -v b="$idle" 'BEGIN { printf "%.2f", a - b }')"
