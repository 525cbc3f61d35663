# Shared by the standalone benchmark and soak scripts (sourced, bash):
# a work folder and background processes cleaned up on exit, and an Xvfb.
#
#   bench_args FULL QUICK "$@"   sets bench_size to FULL, or QUICK after
#                                --quick, and build to the folder given
#                                (default build)
#   bench_init NAME PROGRAM...   work folder, cleanup trap; every PROGRAM
#                                must be executable, Xvfb and xdpyinfo present
#   bench_xvfb WxHxD             start an Xvfb, export DISPLAY when it answers
#   BENCH_PIDS+=($!)             record a background process to stop on exit

bench_args() {
	bench_size=$1
	build=${3:-build}
	if [ "${3:-}" = --quick ]; then
		bench_size=$2
		build=${4:-build}
	fi
}

bench_init() {
	BENCH_NAME=$1
	shift
	local p t
	for p in "$@"; do
		[ -x "$p" ] || { echo "$BENCH_NAME: no $p (build first, or give the build folder)" >&2; exit 2; }
	done
	for t in Xvfb xdpyinfo; do
		command -v "$t" >/dev/null || { echo "$BENCH_NAME: $t is not installed" >&2; exit 2; }
	done
	work=$(mktemp -d "${TMPDIR:-/tmp}/relay-$BENCH_NAME.XXXXXX")
	BENCH_PIDS=()
	trap bench_cleanup EXIT
}

bench_cleanup() {
	local p
	for p in "${BENCH_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work" "/dev/shm/relay-$BENCH_NAME-$$"
}

bench_xvfb() {
	Xvfb -displayfd 3 -screen 0 "$1" -nolisten tcp -noreset 3>"$work/display" 2>/dev/null &
	BENCH_PIDS+=($!)
	for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
	export DISPLAY=":$(head -n 1 "$work/display")"
	unset WAYLAND_DISPLAY RL_DISPLAY
	timeout 10 bash -c 'until xdpyinfo >/dev/null 2>&1; do sleep 0.05; done' ||
		{ echo "$BENCH_NAME: Xvfb did not start" >&2; exit 1; }
}
