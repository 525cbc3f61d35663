#!/bin/bash
# The window keeps up: relay-host's test source at 60 fps into
# relay-client's window on Xvfb (SDL2, Mesa llvmpipe), 1:1 and borderless,
# for SECONDS (default 30) at 640x360 and at 1920x1080. Prints frames
# published, frames shown and their ratio over the last 10 s of each run.
#
#   tests/bench/window.sh [--quick] [BUILD_DIR]    (default BUILD_DIR: build)
#
# "Published" is the span of host serials the window saw in that interval
# (the host numbers every frame it publishes, so frames it skipped count
# too); "shown" the presents of a new frame in it, timed as the client
# printed them (--print-frames). A benchmark, not a test: nothing is
# checked but that both programs ran. --quick runs 4 s (smoke; figures
# meaningless).
set -u -o pipefail
. "$(dirname "$0")/lib.sh"
bench_args 30 4 "$@"
secs=$bench_size
host=$build/host/relay-host
client=$build/client/relay-client
bench_init bench-window "$host" "$client"
bench_xvfb 1920x1080x24

# run W H: one measurement; prints "published shown" for the last 10 s.
run() {
	local w=$1 h=$2 shm=/dev/shm/relay-bench-window-$$ window=10
	[ "$secs" -lt 10 ] && window=$((secs / 2))
	rm -f "$shm"
	"$host" --capture test --shm-file "$shm" --test-width "$w" --test-height "$h" \
		--test-fps 60 --stats-interval 0 --log-level warn &
	local hp=$!
	BENCH_PIDS+=("$hp")
	# Each present line gets the time it arrived (bash's clock, microseconds).
	timeout -s TERM "$secs" "$client" --shm-file "$shm" --display x11 --borderless \
		--x 0 --y 0 --width "$w" --height "$h" --scale no-upscale --print-frames \
		--log-level warn 2>"$work/client-$w.log" |
		while IFS= read -r line; do
			[[ $line == present* ]] && printf '%s %s\n' "${EPOCHREALTIME/./}" "$line"
		done >"$work/present-$w.txt"
	kill "$hp" 2>/dev/null
	wait "$hp" 2>/dev/null
	awk -v win="$window" '
		{ t[NR] = $1; s[NR] = $3; sub("serial=", "", s[NR]) }
		END {
			if (NR < 2) { print 0, 0; exit }
			from = t[NR] - win * 1000000
			first = 0; shown = 0; last_serial = -1
			for (i = 1; i <= NR; i++) {
				if (t[i] < from || s[i] == 0 || s[i] == last_serial) { last_serial = s[i]; continue }
				if (!first) { first = s[i]; last_serial = s[i]; continue }
				shown++; last_serial = s[i]
			}
			print (first ? last_serial - first : 0), shown
		}' "$work/present-$w.txt"
}

printf 'relay window benchmark: test source at 60 fps -> window on Xvfb, %d s each, last %d s counted%s\n\n' \
	"$secs" "$([ "$secs" -lt 10 ] && echo $((secs / 2)) || echo 10)" \
	"$([ "$secs" -lt 10 ] && echo ' (quick: figures meaningless)')"
printf '%-12s %10s %10s %8s\n' size published shown ratio
printf '%-12s %10s %10s %8s\n' ------------ ---------- ---------- --------
for size in 640x360 1920x1080; do
	read -r published shown < <(run "${size%x*}" "${size#*x}")
	ratio=$(awk -v p="$published" -v s="$shown" 'BEGIN { printf (p ? "%.3f" : "n/a"), (p ? s / p : 0) }')
	printf '%-12s %10s %10s %8s\n' "$size" "$published" "$shown" "$ratio"
	[ "$published" -gt 0 ] || { echo "window.sh: no frames at $size:"; tail -5 "$work/client-${size%x*}.log"; exit 1; }
done
