#!/bin/bash
# relay-host --capture test -> relay-client --display wayland on weston
# headless (GL renderer), checked through weston-screenshooter:
#   1. 1:1, nearest, no-upscale, fullscreen on a larger output: the frame
#      the client says it presents, pixel for pixel (cursor included), at
#      the viewport it reports;
#   2. a different window size: fullscreen on a 1.5x output, linear fit,
#      equal to the bilinearly scaled pattern within a small tolerance;
#   3. output scale 2: the drawable is in output pixels (1280x720 for a
#      640x360 output), integer scaling with nearest is exact 2x;
#   4. the compositor going away ends the client cleanly.
# The window is fullscreen so that it sits at the output's origin (weston's
# desktop shell places other windows at random).
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/weston.sh"

[ -x "${RL_SHOT_CHECK:-}" ] || fail "\$RL_SHOT_CHECK is not set to an executable (run through ctest)"
for tool in weston weston-screenshooter convert; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (see tests/wayland/packages.txt)"
done

W=640
H=360
FPS=1 # weston-screenshooter takes ~0.5 s: one frame must stay that long
TOLERANCE=2

start_client() {
	local name=$1
	shift
	start "$name" "$RELAY_CLIENT" --shm-file "$SHM" --display wayland --fullscreen \
		--print-frames --stats-interval 0 "$@"
	CLIENT=$LAST_PID
	CLIENT_OUT="$E2E_WORK/$name.out"
	CLIENT_LOG="$E2E_WORK/$name.log"
}

# screenshot_take NAME: weston-screenshooter's PNG as XWD (tests/window/shot.sh).
screenshot_take() {
	screenshot "$1"
	convert "$E2E_WORK/$1.png" -alpha off -depth 8 "xwd:$E2E_WORK/$1.xwd" ||
		fail "cannot convert $1.png to XWD"
}
SHOT_SETTLE=0.1 # the compositor has repainted with the last swap
source "$(dirname "$0")/../window/shot.sh"

e2e_shm SHM main
start host "$RELAY_HOST" --capture test --shm-file "$SHM" --shm-size 16M \
	--test-width "$W" --test-height "$H" --test-fps "$FPS" --stats-interval 0
HOST=$LAST_PID
expect "$E2E_WORK/host.log" "publishing ${W}x${H} bgra frames" 10 "host publishes"

# ---- 1. 1:1 on a 1024x640 output ------------------------------------------
start_weston --width=1024 --height=640
start_client exact --filter nearest --scale no-upscale
expect "$CLIENT_LOG" "wayland: window 1024x640 pixels \(scale 1\), fullscreen" 10 "fullscreen window opened"
wait_present "[0-9]+ .*viewport=192,140,${W}x${H} window=1024x640 status=0" 15 \
	"a frame presented 1:1 in the middle of the output"
shot exact
check_shot "1:1 frame with the cursor" --cursor "$(field cursor "$SHOT_LINE")"
stop "$CLIENT" TERM
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGTERM"
stop "$WESTON_PID"

# ---- 2. 1.5x, linear --------------------------------------------------------
SW=$((W * 3 / 2))
SH=$((H * 3 / 2))
start_weston --width="$SW" --height="$SH"
start_client scaled --filter linear --scale fit
wait_present "[0-9]+ .*viewport=0,0,${SW}x${SH} window=${SW}x${SH} status=0" 15 \
	"a frame presented at 1.5x"
shot scaled
check_shot "1.5x linear frame within $TOLERANCE levels" --linear --tolerance "$TOLERANCE" \
	--cursor "$(field cursor "$SHOT_LINE")"
stop "$CLIENT" TERM
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGTERM"
stop "$WESTON_PID"

# ---- 3. output scale 2 --------------------------------------------------------
start_weston --width="$W" --height="$H" --scale=2
start_client scale2 --filter nearest --scale integer
wait_present "[0-9]+ .*viewport=0,0,$((W * 2))x$((H * 2)) window=$((W * 2))x$((H * 2)) status=0" 15 \
	"a frame presented 2x in a drawable of output pixels"
shot scale2
check_shot "2x nearest frame" --cursor "$(field cursor "$SHOT_LINE")"

# ---- 4. the compositor goes away ------------------------------------------------
stop "$WESTON_PID" KILL
wait_exit "$CLIENT" 10 || fail "the client hangs after the compositor died"
expect "$CLIENT_LOG" "wayland: .*connection to the compositor lost" 1 "lost connection logged"
log "ok: client ended with status $EXIT_CODE after the compositor died"

check_no_crash
log "PASS"
