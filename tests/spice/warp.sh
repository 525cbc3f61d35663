#!/bin/bash
# Server (relative) mouse mode out of capture: the guest cursor follows the
# host pointer through relay's own client -> host message. A "guest" X
# server (Xvfb A) captured by relay-host --capture x11, relay-client's
# window on a "host" X server (Xvfb B) with SPICE from rl-spice-server
# (keyboard and mouse only, so server mode): moving the pointer over the
# window puts A's pointer on the frame pixel under it (1:1 and at 1.5x),
# checked with xdotool on A. Captured, nothing is warped.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib.sh"

[ -x "${RL_SPICE_SERVER:-}" ] || fail "\$RL_SPICE_SERVER is not set to an executable (run through ctest)"
for tool in Xvfb xdotool xdpyinfo; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (see tests/spice/packages.txt)"
done
start_xvfb guest 640x360x24 GUEST
start_xvfb desk 1280x800x24 DESK
unset WAYLAND_DISPLAY RL_DISPLAY

PORT=
for _ in 1 2 3 4 5; do
	PORT=$((20000 + RANDOM % 30000))
	start server "$RL_SPICE_SERVER" "$PORT"
	wait_for "$E2E_WORK/server.out" '^listening ' 5 && sleep 0.2 && alive "$LAST_PID" && break
	stop "$LAST_PID"
done
e2e_shm SHM warp
start host "$RELAY_HOST" --capture x11 --x11-display "$GUEST" --shm-file "$SHM" --shm-size 16M \
	--stats-interval 0 --log-level debug
HOST_LOG="$E2E_WORK/host.log"
expect "$HOST_LOG" "publishing 640x360 bgra frames" 10 "the host captures the guest's 640x360 screen"

for run in exact scaled; do
	if [ "$run" = exact ]; then size=(--width 640 --height 360); else size=(--width 960 --height 540); fi
	spice_window "$run" "$DESK" "$PORT" "server (relative)" "640x360" "${size[@]}"
	if [ "$run" = exact ]; then
		pointer_follows "$DESK" 100 50 "$GUEST" 100 50 "1:1"
		pointer_follows "$DESK" 639 359 "$GUEST" 639 359 "1:1, the last pixel"
	else
		pointer_follows "$DESK" 150 75 "$GUEST" 100 50 "1.5x"
		# Captured, motion is relative and goes to SPICE: no warps.
		wid=$(DISPLAY=$DESK xdotool search --name '^relay' | head -n 1)
		DISPLAY=$DESK xdotool windowfocus --sync "$wid" key Scroll_Lock
		expect "$CLIENT_LOG" 'input captured' 5 "captured"
		from=$(lines "$E2E_WORK/server.out")
		DISPLAY=$DESK xdotool mousemove_relative -- 30 30
		expect "$E2E_WORK/server.out" '^motion ' 5 "captured motion reaches SPICE as relative motion" "$from"
		# A warp would have been asked for with the motion: give it the time
		# a warp takes (one host poll) to show that none comes.
		sleep 0.3
		[ "$(pointer_at "$GUEST")" = "100 50" ] ||
			fail "captured motion warped the guest pointer to $(pointer_at "$GUEST")"
		log "ok: captured motion does not warp the guest pointer"
	fi
	stop "$CLIENT" TERM
	[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE"
done
grep -q 'client asks to warp the cursor' "$HOST_LOG" || fail "the host logged no warp request"
check_no_crash
log "PASS"
