#!/bin/bash
# Input latency: a key event in relay-client's thread (the window got it
# from the X server) -> the SPICE server's keyboard callback
# (rl-spice-server, libspice-server), over N key presses (default 1000)
# typed into the client's window on Xvfb. Both sides stamp CLOCK_MONOTONIC
# (the client's --log-level debug line, the server's key line), so the
# figure covers the queue, the eventfd, the SPICE thread, spice-client-glib,
# the socket and spice-server. Prints p50/p95/p99/max in microseconds and
# as a share of a 60 Hz frame (16.7 ms), measured in the same run.
#
#   tests/bench/input.sh [--quick] [BUILD_DIR]    (--quick: 50 keys, smoke)
set -u -o pipefail
. "$(dirname "$0")/lib.sh"
bench_args 1000 50 "$@"
n=$bench_size
client=$build/client/relay-client
server=$build/tests/spice/rl-spice-server
bench_init bench-input "$client" "$server"
command -v xdotool >/dev/null || { echo "input.sh: xdotool is not installed" >&2; exit 2; }
bench_xvfb 800x600x24
port=$((20000 + RANDOM % 30000))
"$server" "$port" >"$work/server.out" 2>&1 &
BENCH_PIDS+=($!)
timeout 5 bash -c "until grep -q '^listening' '$work/server.out'; do sleep 0.05; done" || { echo "input.sh: server did not start" >&2; exit 1; }
"$client" --shm-file "$work/none" --display x11 --borderless --x 0 --y 0 --width 320 --height 200 \
	--spice-port "$port" --log-level debug >/dev/null 2>"$work/client.log" &
BENCH_PIDS+=($!)
timeout 15 bash -c "until grep -q 'spice: connected' '$work/client.log'; do sleep 0.05; done" || { echo "input.sh: no SPICE connection" >&2; exit 1; }
wid=$(xdotool search --name '^relay' | head -n 1)
xdotool windowfocus --sync "$wid"
xdotool key Scroll_Lock
timeout 5 bash -c "until grep -q 'input captured' '$work/client.log'; do sleep 0.05; done" || { echo "input.sh: no capture" >&2; exit 1; }
keys=()
for i in $(seq "$n"); do keys+=($((i % 2 ? 38 : 56))); done # A and B by X keycode
xdotool key --delay 4 "${keys[@]}"
sleep 1
# Client: "spice: key 30 down -> 0x1e at T us"; server: "key 0x1e T".
awk '
	FNR == 1 { file++ }
	file == 1 && /spice: key [0-9]+ down -> / { code = $(NF - 3); sub("0x", "", code); sent[code, ++ns[code]] = $(NF - 1) }
	file == 2 && /^key 0x(1e|30) / { code = $2; sub("0x", "", code); got[code, ++ng[code]] = $3 }
	END {
		for (c in ns) for (i = 1; i <= ns[c]; i++) if ((c, i) in got) print got[c, i] - sent[c, i]
	}' "$work/client.log" "$work/server.out" | sort -n >"$work/lat.txt"
count=$(wc -l <"$work/lat.txt")
[ "$count" -gt 0 ] || { echo "input.sh: no key arrived" >&2; exit 1; }
pct() { sed -n "$(( ($1 * count + 99) / 100 ))p" "$work/lat.txt"; }
printf 'relay input benchmark: key event in the client thread -> SPICE server callback, %d presses%s\n\n' \
	"$count" "$([ "$n" -lt 1000 ] && echo ' (quick: figures meaningless)')"
printf '%-8s %10s %16s\n' "" "us" "of a 60 Hz frame"
for p in 50 95 99 100; do
	v=$(pct "$p")
	printf '%-8s %10s %15.4f\n' "$([ "$p" -eq 100 ] && echo max || echo "p$p")" "$v" "$(awk -v v="$v" 'BEGIN { print v / 16667 }')"
done
