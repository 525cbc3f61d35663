#!/bin/bash
# The Wayland display backend on weston headless (GL renderer), through
# rl-wl-probe: exact 8-bit colours on screen at the created size, fullscreen
# and back (configure -> resized -> drawable), integer output scale 2
# (drawable doubles, pointer scale), no seat and missing optional protocols
# degrade with one INFO line each, and the compositor going away closes
# the window instead of hanging.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/weston.sh"

[ -x "${RL_WL_PROBE:-}" ] || fail "\$RL_WL_PROBE is not set to an executable (run through ctest)"

# start_probe ARGS...: rl-wl-probe reading commands from fd 3 (a FIFO).
start_probe() {
	rm -f "$E2E_WORK/probe.in"
	mkfifo "$E2E_WORK/probe.in"
	exec 3<>"$E2E_WORK/probe.in"
	# Not through start(): a background job's stdin is /dev/null unless redirected on it.
	"$RL_WL_PROBE" "$@" <&3 >"$E2E_WORK/probe.out" 2>"$E2E_WORK/probe.log" &
	PROBE_PID=$!
	E2E_PIDS+=("$PROBE_PID")
	log "started rl-wl-probe (pid $PROBE_PID): $*"
}

send() {
	printf '%s\n' "$1" >&3
}

# ---- scale 1: windowed, fullscreen, back ------------------------------------
start_weston --width=1024 --height=640
start_probe --size 320x240
expect "$E2E_WORK/probe.out" '^ready 320x240$' 15 "window created with a 320x240 drawable"
expect "$E2E_WORK/probe.out" '^drawn 320x240$' 15 "first frame presented"
screenshot windowed
check_quadrants "$E2E_WORK/windowed.png" 320 240

from=$(lines "$E2E_WORK/probe.out")
send "fullscreen on"
expect "$E2E_WORK/probe.out" '^resized 1024x640$' 10 "fullscreen: resized to the output" "$from"
expect "$E2E_WORK/probe.out" '^drawn 1024x640$' 10 "fullscreen frame presented" "$from"
screenshot fullscreen
check_quadrants "$E2E_WORK/fullscreen.png" 1024 640 0 0

from=$(lines "$E2E_WORK/probe.out")
send "fullscreen off"
expect "$E2E_WORK/probe.out" '^resized 320x240$' 10 "unfullscreen: back to 320x240" "$from"
expect "$E2E_WORK/probe.out" '^drawn 320x240$' 10 "windowed frame presented" "$from"
screenshot windowed-again
check_quadrants "$E2E_WORK/windowed-again.png" 320 240

# Weston headless has no seat, no idle inhibit, no decoration manager:
# every op still works and each missing piece is said once.
for c in "capture on" "idle on" "title renamed" "idle off" "capture off"; do
	send "$c"
done
expect "$E2E_WORK/probe.out" '^ok capture off$' 10 "capture, idle inhibit and title without a seat"
for what in wl_seat zwp_idle_inhibit_manager_v1 zxdg_decoration_manager_v1 \
	zwp_keyboard_shortcuts_inhibit_manager_v1 wp_fractional_scale_manager_v1; do
	n=$(grep -c "info: wayland: no $what" "$E2E_WORK/probe.log")
	[ "$n" = 1 ] || fail "missing $what logged $n times (expected once)"
done
log "ok: each missing optional global logged once at INFO"
send quit
wait_exit "$PROBE_PID" 10 || fail "rl-wl-probe did not quit"
[ "$EXIT_CODE" = 0 ] || fail "rl-wl-probe exited with $EXIT_CODE"
grep -q '^error' "$E2E_WORK/probe.out" && fail "rl-wl-probe: $(grep '^error' "$E2E_WORK/probe.out")"
exec 3>&-
stop "$WESTON_PID"

# ---- output scale 2 -------------------------------------------------------------
start_weston --width=640 --height=400 --scale=2
start_probe --size 200x120
expect "$E2E_WORK/probe.out" '^ready 200x120$' 15 "window created"
expect "$E2E_WORK/probe.out" '^resized 400x240$' 15 "on a scale-2 output the drawable doubles"
expect "$E2E_WORK/probe.out" '^drawn 400x240$' 15 "scale-2 frame presented"
screenshot scale2
check_quadrants "$E2E_WORK/scale2.png" 400 240

from=$(lines "$E2E_WORK/probe.out")
send "fullscreen on"
expect "$E2E_WORK/probe.out" '^resized 1280x800$' 10 "fullscreen at scale 2: output pixels" "$from"
expect "$E2E_WORK/probe.out" '^drawn 1280x800$' 10 "fullscreen scale-2 frame presented" "$from"
screenshot scale2-fullscreen
check_quadrants "$E2E_WORK/scale2-fullscreen.png" 1280 800 0 0

# The compositor dies: the window says close, the probe ends cleanly.
from=$(lines "$E2E_WORK/probe.out")
stop "$WESTON_PID" KILL
expect "$E2E_WORK/probe.out" '^close$' 10 "compositor gone: close reported" "$from"
wait_exit "$PROBE_PID" 10 || fail "rl-wl-probe hangs after the compositor died"
[ "$EXIT_CODE" = 0 ] || fail "rl-wl-probe exited with $EXIT_CODE after the compositor died"
grep -q 'connection to the compositor lost' "$E2E_WORK/probe.log" ||
	fail "the lost connection was not logged"
exec 3>&-

grep -q '^error' "$E2E_WORK/probe.out" && fail "rl-wl-probe: $(grep '^error' "$E2E_WORK/probe.out")"
check_no_crash
log "PASS"
