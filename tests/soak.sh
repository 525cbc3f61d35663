#!/bin/bash
# Soak: relay-host's test source into relay-client's window on Xvfb for
# SECONDS (default 600), the source switching resolution every 10 s and the
# host restarted every minute. Reports both programs' RSS and open fds at
# the start and the end, and every error line. Not part of tests/run.
#
#   tests/soak.sh [BUILD_DIR] [SECONDS]       (default: build 600)
#
# Exit status 1 when an error line appeared, the client died, or its RSS
# or fd count grew by more than 10% / 4 fds between the first and last
# minute (a leak); the figures are printed either way.
set -u -o pipefail
build=${1:-build}
secs=${2:-600}
host=$build/host/relay-host
client=$build/client/relay-client
for p in "$host" "$client"; do
	[ -x "$p" ] || { echo "soak: no $p" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/relay-soak.XXXXXX")
shm=/dev/shm/relay-soak-$$
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -f "$shm"
}
trap cleanup EXIT
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$work/display" 2>/dev/null &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n 1 "$work/display")"
unset WAYLAND_DISPLAY RL_DISPLAY

start_host() {
	"$host" --capture test --shm-file "$shm" --shm-size 32M --test-width 1280 --test-height 720 \
		--test-alt-width 800 --test-alt-height 600 --test-resize-every 600 --test-fps 60 \
		--stats-interval 0 2>>"$work/host.log" &
	HOST=$!
	pids+=("$HOST")
}
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

start_host
"$client" --shm-file "$shm" --display x11 --input recorder --width 1280 --height 720 \
	--stats-interval 0 2>"$work/client.log" >/dev/null &
CLIENT=$!
pids+=("$CLIENT")
sleep 60
c_rss0=$(rss_kib "$CLIENT") c_fd0=$(fds "$CLIENT") h_rss0=$(rss_kib "$HOST")
start=$SECONDS restarts=0
while [ $((SECONDS - start)) -lt $((secs - 60)) ]; do
	sleep 60
	kill -INT "$HOST"
	wait "$HOST" 2>/dev/null
	start_host
	restarts=$((restarts + 1))
	kill -0 "$CLIENT" 2>/dev/null || break
done
sleep 5
alive=yes
kill -0 "$CLIENT" 2>/dev/null || alive=no
c_rss1=$(rss_kib "$CLIENT") c_fd1=$(fds "$CLIENT") h_rss1=$(rss_kib "$HOST")
errors=$(grep -c -E ': error: ' "$work/client.log" "$work/host.log" | awk -F: '{ n += $2 } END { print n + 0 }')
printf 'relay soak: %d s, %d host restarts, resolution change every 10 s\n\n' "$secs" "$restarts"
printf '%-22s %12s %12s\n' "" "after 1 min" "at the end"
printf '%-22s %12s %12s\n' "client RSS (KiB)" "$c_rss0" "$c_rss1"
printf '%-22s %12s %12s\n' "client open fds" "$c_fd0" "$c_fd1"
printf '%-22s %12s %12s\n' "host RSS (KiB), fresh" "$h_rss0" "$h_rss1"
printf '\nclient alive: %s; error lines: %s\n' "$alive" "$errors"
grep -h -E ': error: ' "$work/client.log" "$work/host.log" | sort | uniq -c | head
[ "$alive" = yes ] && [ "$errors" -eq 0 ] && [ "$c_fd1" -le $((c_fd0 + 4)) ] &&
	[ "$c_rss1" -le $((c_rss0 + c_rss0 / 10)) ]
