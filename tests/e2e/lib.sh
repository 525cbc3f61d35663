# Shared helpers for the end-to-end scripts (sourced, bash).
#
# Every process a test starts is recorded by PID and stopped by PID when the
# script exits; every wait is bounded; a failure prints the tails of all
# logs. Each test gets its own work folder, shared-memory names and config
# home, so tests can run in parallel and never read a user's config.
#
# Environment (set by CTest from tests/e2e/CMakeLists.txt):
#   RELAY_HOST RELAY_CLIENT RL_PATTERN_REF RL_IMG_COMPARE [RL_X11_DRAW]
#   E2E_KEEP=1 keeps the work folder for inspection.

set -u -o pipefail

E2E_NAME=$(basename "$0" .sh)
E2E_WORK=$(mktemp -d "${TMPDIR:-/tmp}/relay-e2e-$E2E_NAME.XXXXXX")
export HOME="$E2E_WORK/home" XDG_CONFIG_HOME="$E2E_WORK/config"
mkdir -p "$HOME" "$XDG_CONFIG_HOME"
E2E_PIDS=()
E2E_SHMS=()
E2E_FAILED=0

for tool in RELAY_HOST RELAY_CLIENT RL_PATTERN_REF RL_IMG_COMPARE; do
	if [ -z "${!tool:-}" ] || [ ! -x "${!tool}" ]; then
		echo "FAIL: \$$tool is not set to an executable (run through ctest)" >&2
		exit 1
	fi
done

log() { printf '[%s %s] %s\n' "$E2E_NAME" "$(date +%T.%3N)" "$*"; }

# e2e_shm VAR NAME: set VAR to a /dev/shm path unique to this run, removed
# on exit. (Not through $(...): the subshell would lose the record.)
e2e_shm() {
	local path="/dev/shm/relay-e2e-$E2E_NAME-$$-$2"
	rm -f "$path"
	E2E_SHMS+=("$path")
	printf -v "$1" '%s' "$path"
}

# ran CMD ARGS...: note a command line that did not go through start, for
# the failure report.
ran() { printf '%s\n' "$*" >>"$E2E_WORK/commands.run"; }

# On failure only: the last lines of every log collected (servers, client,
# host, agents, QEMU traces, PipeWire: each process's NAME.log and
# NAME.out, a checker's .txt/.check/.trace) and the command lines run.
print_tails() {
	local f
	for f in "$E2E_WORK"/*.log "$E2E_WORK"/*.out "$E2E_WORK"/*.txt "$E2E_WORK"/*.check \
		"$E2E_WORK"/*.trace; do
		[ -f "$f" ] || continue
		echo "---- tail of $(basename "$f") ----"
		tail -n 25 "$f" | cut -c1-400
	done
	if [ -s "$E2E_WORK/commands.run" ]; then
		echo "---- commands run ----"
		cat "$E2E_WORK/commands.run"
	fi
}

fail() {
	E2E_FAILED=1
	echo "FAIL: $*" >&2
	print_tails >&2
	exit 1
}

# start NAME CMD ARGS...: run in the background, stdout to NAME.out,
# stderr to NAME.log; sets LAST_PID.
start() {
	local name=$1
	shift
	"$@" >"$E2E_WORK/$name.out" 2>"$E2E_WORK/$name.log" &
	LAST_PID=$!
	E2E_PIDS+=("$LAST_PID")
	log "started $name (pid $LAST_PID): $*"
	ran "$name (pid $LAST_PID): $*"
}

alive() { kill -0 "$1" 2>/dev/null; }

# wait_exit PID SECONDS: wait for PID to end; sets EXIT_CODE (124 = still running).
wait_exit() {
	local pid=$1 deadline=$(($(date +%s%N) + ${2%.*} * 1000000000))
	while alive "$pid"; do
		if [ "$(date +%s%N)" -ge "$deadline" ]; then
			EXIT_CODE=124
			return 1
		fi
		sleep 0.02
	done
	wait "$pid" 2>/dev/null
	EXIT_CODE=$?
	return 0
}

# stop PID [SIGNAL]: signal it and wait (5 s, then SIGKILL); sets EXIT_CODE.
stop() {
	local pid=$1 sig=${2:-TERM}
	alive "$pid" || { wait "$pid" 2>/dev/null; EXIT_CODE=$?; return 0; }
	kill -s "$sig" "$pid" 2>/dev/null
	if ! wait_exit "$pid" 5; then
		kill -s KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		EXIT_CODE=124
	fi
}

# wait_for FILE PATTERN SECONDS [FROM_LINE]: until an extended regexp
# matches a line of FILE after line FROM_LINE (default 0). Prints nothing;
# sets FOUND_LINE to the matching line's number.
wait_for() {
	local file=$1 pattern=$2 secs=$3 from=${4:-0}
	# %.0f: mawk's %d stops at 2^31 - 1, which would cap every wait at 2.1 s.
	local deadline=$(($(date +%s%N) + $(awk "BEGIN{printf \"%.0f\", $secs * 1000000000}")))
	while :; do
		FOUND_LINE=$(tail -n +"$((from + 1))" "$file" 2>/dev/null |
			grep -n -E -m1 -- "$pattern" | cut -d: -f1)
		if [ -n "$FOUND_LINE" ]; then
			FOUND_LINE=$((FOUND_LINE + from))
			return 0
		fi
		[ "$(date +%s%N)" -lt "$deadline" ] || return 1
		sleep 0.01
	done
}

# start_xvfb NAME WxHxD VAR: an Xvfb on a free display; VAR is set to its
# ":N" once it answers.
start_xvfb() {
	start "$1" Xvfb -displayfd 1 -screen 0 "$2" -nolisten tcp -noreset
	expect "$E2E_WORK/$1.out" '^[0-9]+$' 10 "$1 (Xvfb) started"
	printf -v "$3" ':%s' "$(head -n 1 "$E2E_WORK/$1.out")"
	timeout 10 bash -c "until xdpyinfo -display ${!3} >/dev/null 2>&1; do sleep 0.05; done" ||
		fail "$1: Xvfb on ${!3} does not answer"
}

# pointer_at DISPLAY: "X Y" of the pointer on that X display.
pointer_at() { DISPLAY=$1 xdotool getmouselocation | sed -E 's/x:([0-9]+) y:([0-9]+).*/\1 \2/'; }

# expect_pointer DISPLAY X Y SECONDS WHAT: until the pointer is at X,Y, or fail.
expect_pointer() {
	local deadline=$(($(date +%s%N) + $4 * 1000000000))
	until [ "$(pointer_at "$1")" = "$2 $3" ]; do
		[ "$(date +%s%N)" -lt "$deadline" ] || fail "$5: the pointer on $1 is at $(pointer_at "$1"), want $2 $3"
		sleep 0.05
	done
	log "ok: $5"
}

# expect FILE PATTERN SECONDS WHAT [FROM_LINE]: wait_for or fail.
expect() {
	wait_for "$1" "$2" "$3" "${5:-0}" ||
		fail "$4: no line matching '$2' in $(basename "$1") within $3 s"
	log "ok: $4"
}

# expect_true SECONDS WHAT CMD ARGS...: until CMD succeeds (polled every
# 50 ms), or fail saying WHAT was waited for and CMD's last output.
expect_true() {
	local secs=$1 what=$2 out
	shift 2
	local deadline=$(($(date +%s%N) + $(awk "BEGIN{printf \"%.0f\", $secs * 1000000000}")))
	until out=$("$@" 2>&1); do
		[ "$(date +%s%N)" -lt "$deadline" ] || fail "$what: not within $secs s (last: ${out:-no output})"
		sleep 0.05
	done
	log "ok: $what"
}

lines() { wc -l <"$1" 2>/dev/null || echo 0; }

# The Nth (default last) "frame serial=..." line of a client's stdout.
frame_line() {
	if [ -n "${2:-}" ]; then
		grep '^frame serial=' "$1" | sed -n "${2}p"
	else
		grep '^frame serial=' "$1" | tail -n 1
	fi
}
frame_serial() { sed -E 's/^frame serial=([0-9]+) .*/\1/' <<<"$1"; }
frame_size() { sed -E 's/^frame serial=[0-9]+ ([0-9]+x[0-9]+) .*/\1/' <<<"$1"; }
frame_rects() { grep -oE '\[(full|[0-9]+,[0-9]+,[0-9]+,[0-9]+)\]' <<<"$1" | tr '\n' ' '; }
# Sum of w*h over "[x,y,w,h]" arguments (overlaps counted twice).
rects_area() {
	local r sum=0 w h
	for r in "$@"; do
		IFS=, read -r _ _ w h <<<"${r//[\[\]]/}"
		sum=$((sum + w * h))
	done
	echo "$sum"
}
frame_damage_count() { sed -E 's/.* damage=([0-9]+) .*/\1/' <<<"$1"; }

# check_pattern_dump PPM SERIAL SIZE: the dump is test-pattern frame SERIAL-1.
check_pattern_dump() {
	local ppm=$1 serial=$2 size=$3 ref="$E2E_WORK/ref-$2.ppm"
	"$RL_PATTERN_REF" $((serial - 1)) "$size" "$ref" || fail "rl-pattern-ref failed"
	"$RL_IMG_COMPARE" "$ppm" "$ref" >"$E2E_WORK/compare.out" ||
		fail "dumped frame serial $serial differs from pattern frame $((serial - 1)): $(cat "$E2E_WORK/compare.out")"
	log "ok: frame serial $serial ($size) equals pattern frame $((serial - 1)) pixel for pixel"
}

# No sanitizer report or crash message in any log.
check_no_crash() {
	local f
	for f in "$E2E_WORK"/*.log; do
		if grep -qE 'AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|Segmentation fault|core dumped' "$f"; then
			fail "crash report in $(basename "$f")"
		fi
	done
}

e2e_cleanup() {
	local rc=$? pid f
	for pid in "${E2E_PIDS[@]}"; do
		if alive "$pid"; then
			kill -s TERM "$pid" 2>/dev/null
			wait_exit "$pid" 3 || kill -s KILL "$pid" 2>/dev/null
		fi
	done
	for f in "${E2E_SHMS[@]}"; do
		rm -f "$f"
	done
	if [ "$rc" -ne 0 ] && [ "$E2E_FAILED" -eq 0 ]; then
		echo "FAIL: $E2E_NAME exited with status $rc" >&2
		print_tails >&2
	fi
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		echo "work folder kept: $E2E_WORK" >&2
	else
		rm -rf "$E2E_WORK"
	fi
	exit "$rc"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM
