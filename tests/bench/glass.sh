#!/bin/bash
# Glass-to-glass: the guest's screen changes -> the host's screen shows it.
# Two X servers on this machine: Xvfb A is the guest's desktop, Xvfb B the
# host's. relay-host captures A (--capture x11: XShm + XDamage), relay-
# client shows it on B, borderless at 0,0, 1:1. rl-glass-probe flips a
# 64x64 square on A (or the whole screen) to a colour that encodes the
# flip's index, and polls that pixel on B until it shows (every 0.2 ms);
# both times on CLOCK_MONOTONIC. A flip not shown before the next one is
# missed. Prints p50/p95/p99/max in ms and shown/missed per case, both
# programs' CPU while the guest's screen is static, and the client's own
# upload/draw/swap means.
#
#   tests/bench/glass.sh [--quick] [BUILD_DIR]   (--quick: 10 flips a case)
#
# A benchmark, not a test: only that the programs ran is checked.
set -u -o pipefail
. "$(dirname "$0")/lib.sh"
bench_args 200 10 "$@"
n=$bench_size
host=$build/host/relay-host
client=$build/client/relay-client
probe=$build/tests/bench/rl-glass-probe
bench_init bench-glass "$host" "$client" "$probe"
W=1920 H=1080
bench_xvfb ${W}x${H}x24
guest=$DISPLAY
bench_xvfb ${W}x${H}x24
desk=$DISPLAY
shm=/dev/shm/relay-bench-glass-$$
rm -f "$shm"
DISPLAY=$guest "$host" --capture x11 --x11-display "$guest" --shm-file "$shm" --shm-size 64M \
	--stats-interval 0 --log-level warn 2>"$work/host.log" &
host_pid=$!
BENCH_PIDS+=($host_pid)
timeout 10 bash -c "until [ -s '$shm' ]; do sleep 0.05; done" || { echo "glass.sh: the host did not start" >&2; cat "$work/host.log" >&2; exit 1; }
DISPLAY=$desk "$client" --shm-file "$shm" --display x11 --borderless --x 0 --y 0 --width $W \
	--height $H --scale no-upscale --no-spice --stats-interval 2 --log-level info 2>"$work/client.log" &
client_pid=$!
BENCH_PIDS+=($client_pid)
DISPLAY=$desk timeout 15 xdotool search --sync --name '^relay' >/dev/null ||
	{ echo "glass.sh: no client window" >&2; cat "$work/client.log" >&2; exit 1; }
sleep 2

# row LABEL ARGS...: one probe run; prints the table row.
row() {
	local label=$1 out
	shift
	out=$("$probe" "$guest" "$desk" --flips "$n" "$@" | tail -n 1)
	read -r _ flips shown missed p50 p95 p99 max <<<"$out"
	if [ "$shown" -gt 0 ]; then
		printf '%-34s %6s %6s %6s %8.2f %8.2f %8.2f %8.2f\n' "$label" "$flips" "$shown" "$missed" \
			"$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" "$(awk -v v="$p95" 'BEGIN { print v / 1000 }')" \
			"$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" "$(awk -v v="$max" 'BEGIN { print v / 1000 }')"
	else
		printf '%-34s %6s %6s %6s %8s %8s %8s %8s\n' "$label" "$flips" 0 "$missed" - - - -
	fi
}

printf 'relay glass-to-glass: Xvfb A (guest, %dx%d) -> relay-host x11 -> relay-client on Xvfb B, %d flips a case%s\n\n' \
	$W $H "$n" "$([ "$n" -lt 100 ] && echo ' (quick: figures meaningless)')"
printf '%-34s %6s %6s %6s %8s %8s %8s %8s\n' case flips shown missed "p50 ms" "p95 ms" "p99 ms" "max ms"
row "64x64 square, every 100 ms" --interval-ms 100
row "64x64 square, every 500 ms" --interval-ms 500
row "full screen, every 100 ms" --interval-ms 100 --full
# Idle: nothing changes on the guest's screen (the host only heartbeats);
# CPU of each program over idle_s seconds, % of one core.
idle_s=$([ "$n" -lt 100 ] && echo 2 || echo 10)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
c0=$(cpu_ticks $client_pid) h0=$(cpu_ticks $host_pid)
sleep "$idle_s"
c1=$(cpu_ticks $client_pid) h1=$(cpu_ticks $host_pid)
hz=$(getconf CLK_TCK)
printf '\nidle (guest screen static, %d s): relay-client %.2f%% of a core, relay-host %.2f%%\n' "$idle_s" \
	"$(awk -v a="$c0" -v b="$c1" -v hz="$hz" -v s="$idle_s" 'BEGIN { print (b - a) / hz / s * 100 }')" \
	"$(awk -v a="$h0" -v b="$h1" -v hz="$hz" -v s="$idle_s" 'BEGIN { print (b - a) / hz / s * 100 }')"

# Where the time goes: the client's own figures (means over its last 60
# frames shown) at the end of the run.
printf '\nclient, last stats line: %s\n' "$(grep -o 'window: .*' "$work/client.log" | tail -n 1)"
grep -iE 'error|warn' "$work/client.log" "$work/host.log" | head -n 5 || true
