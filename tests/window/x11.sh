#!/bin/bash
# relay-host --capture test -> relay-client's window on Xvfb (SDL2 on its
# EGL path, Mesa llvmpipe), checked through X screenshots (xwd -root):
#   1. 1:1, nearest: the window shows the pattern frame it says it
#      presents, pixel for pixel, with the test cursor's arrow drawn at the
#      published position in the published shape;
#   2. a damage-only update changes only the damaged pixels (and the
#      cursor's old and new places) between two screenshots;
#   3. input: the pointer's absolute position over the frame, the escape
#      key toggling capture, keys, buttons and the wheel reaching the input
#      seam while captured (and not before), escape + D / F, and escape + Q
#      quitting cleanly;
#   4. 1.5x, linear: the screenshot equals the bilinearly scaled pattern
#      within a small tolerance;
#   5. status screens drawn in the window: "waiting for host" before the
#      host exists, "host stopped" after it exits;
#   6. fullscreen on this X server, which has no window manager: escape +
#      F and -F cover the screen (checked on the screen, not the client's
#      report), and with the guest frozen (host stopped with SIGSTOP) the
#      last frame is drawn again after leaving and re-entering fullscreen.
. "$(dirname "$0")/../e2e/lib.sh"

[ -x "${RL_SHOT_CHECK:-}" ] || fail "\$RL_SHOT_CHECK is not set to an executable (run through ctest)"
for tool in Xvfb xwd xdotool xdpyinfo; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (see tests/window/packages.txt)"
done

W=640
H=360
FPS=2 # slow enough that a screenshot sees one frame for ~0.5 s
TOLERANCE=2

start xvfb Xvfb -displayfd 1 -screen 0 1600x900x24 -nolisten tcp -noreset
expect "$E2E_WORK/xvfb.out" '^[0-9]+$' 10 "Xvfb started"
export DISPLAY=":$(head -n 1 "$E2E_WORK/xvfb.out")"
timeout 10 bash -c 'until xdpyinfo >/dev/null 2>&1; do sleep 0.05; done' ||
	fail "Xvfb on $DISPLAY does not answer"
# SDL and Mesa pick EGL on X11 by themselves here; nothing inherited.
unset WAYLAND_DISPLAY RL_DISPLAY

# start_client NAME ARGS...: relay-client's window on this display.
start_client() {
	local name=$1
	shift
	start "$name" "$RELAY_CLIENT" --shm-file "$SHM" --display x11 --print-frames \
		--input recorder --print-input --stats-interval 0 --borderless --x 0 --y 0 "$@"
	CLIENT=$LAST_PID
	CLIENT_OUT="$E2E_WORK/$name.out"
	CLIENT_LOG="$E2E_WORK/$name.log"
}

# screenshot_take NAME: the whole X screen as XWD (tests/window/shot.sh).
screenshot_take() {
	timeout 10 xwd -root -silent -out "$E2E_WORK/$1.xwd" || fail "xwd failed"
}
SHOT_SETTLE=0.15 # the swap has reached the X server
source "$(dirname "$0")/shot.sh"

# status_shot NAME TEXT: the window shows a status screen with some text.
status_shot() {
	shot "$1"
	[ "$(field status "$SHOT_LINE")" = 1 ] || fail "no status screen: $SHOT_LINE"
	local win
	win=$(field window "$SHOT_LINE")
	"$RL_SHOT_CHECK" ink "$SHOT" "0,0,${win%x*},${win#*x}" 50 >"$E2E_WORK/ink.out" 2>&1 ||
		fail "status screen '$2' has no text: $(cat "$E2E_WORK/ink.out")"
	log "ok: status screen '$2' drawn: $(cat "$E2E_WORK/ink.out")"
}

# ---- 1. 1:1, nearest: pixel-exact, cursor included ----------------------
e2e_shm SHM main
start_client exact --filter nearest --scale no-upscale --width "$W" --height "$H"
expect "$CLIENT_LOG" "x11: ${W}x${H} window, borderless" 10 "window opened"
expect "$CLIENT_LOG" "renderer: egl" 10 "renderer ready on the EGL path"
expect "$CLIENT_LOG" "waiting for host: .* does not exist yet" 5 "client waits for the host"
wait_present "0 .*status=1" 5 "status screen presented"
status_shot waiting "waiting for host"

start host "$RELAY_HOST" --capture test --shm-file "$SHM" --shm-size 16M \
	--test-width "$W" --test-height "$H" --test-fps "$FPS" --stats-interval 0
HOST=$LAST_PID
expect "$E2E_WORK/host.log" "publishing ${W}x${H} bgra frames" 10 "host publishes"
wait_present "([3-9]|[1-9][0-9]+) .*visible=1 viewport=0,0,${W}x${H} window=${W}x${H} status=0" 10 \
	"a few frames presented at 1:1"
shot exact-a
[ "$(field visible "$SHOT_LINE")" = 1 ] || fail "the test cursor is hidden in $SHOT_LINE"
check_shot "1:1 frame with the cursor" --cursor "$(field cursor "$SHOT_LINE")"
A_LINE=$SHOT_LINE
A_SHOT=$SHOT
A_SERIAL=$(field serial "$A_LINE")

# ---- 2. a damage-only update --------------------------------------------
wait_present "($((A_SERIAL + 1))|$((A_SERIAL + 2))) " 5 "the next frame presented"
shot exact-b
check_shot "1:1 frame after a damage-only update" --cursor "$(field cursor "$SHOT_LINE")"
B_SERIAL=$(field serial "$SHOT_LINE")
[ "$B_SERIAL" -gt "$A_SERIAL" ] || fail "second screenshot shows frame $B_SERIAL, not a newer one than $A_SERIAL"
allow=()
for s in $(seq $((A_SERIAL + 1)) "$B_SERIAL"); do
	line=$(grep "^frame serial=$s " "$CLIENT_OUT") || fail "no frame line for serial $s"
	[[ $line == *"[full]"* ]] && fail "frame $s was a full update: $line"
	for r in $(frame_rects "$line"); do
		r=${r//[\[\]]/}
		allow+=(--allow "$r")
	done
done
for l in "$A_LINE" "$SHOT_LINE"; do
	allow+=(--allow "$(field cursor "$l"),32,32")
done
"$RL_SHOT_CHECK" diff "$A_SHOT" "$SHOT" "0,0,$W,$H" "${allow[@]}" >"$E2E_WORK/diff.out" 2>&1 ||
	fail "frames $A_SERIAL -> $B_SERIAL: $(cat "$E2E_WORK/diff.out") (allowed: ${allow[*]})"
log "ok: frames $A_SERIAL -> $B_SERIAL changed only damaged pixels: $(cat "$E2E_WORK/diff.out")"

# ---- 3. input -------------------------------------------------------------
xdotool mousemove 100 50
expect "$CLIENT_OUT" '^input position 100 50$' 5 "pointer position over the frame (not captured)"
WID=$(xdotool search --name '^relay' | head -n 1)
[ -n "$WID" ] || fail "no window named relay"
xdotool windowfocus --sync "$WID" || fail "cannot focus the window"
xdotool key a
sleep 0.3
grep -q '^input key' "$CLIENT_OUT" && fail "a key reached the input seam without capture"
log "ok: no key forwarded while not captured"

xdotool key Scroll_Lock
expect "$CLIENT_OUT" '^capture on$' 5 "escape key alone captures input"
expect "$CLIENT_LOG" 'input captured' 2 "capture logged"
from=$(lines "$CLIENT_OUT")
xdotool key a
expect "$CLIENT_OUT" '^input key 30 down$' 5 "key A pressed reaches the input seam" "$from"
expect "$CLIENT_OUT" '^input key 30 up$' 5 "key A released reaches the input seam" "$from"
xdotool key Shift_R+z
expect "$CLIENT_OUT" '^input key 54 down$' 5 "right shift reaches the input seam" "$from"
expect "$CLIENT_OUT" '^input key 44 down$' 5 "Z reaches the input seam" "$from"
xdotool click 1
expect "$CLIENT_OUT" '^input button 272 down$' 5 "left button pressed" "$from"
expect "$CLIENT_OUT" '^input button 272 up$' 5 "left button released" "$from"
xdotool click 3
expect "$CLIENT_OUT" '^input button 273 down$' 5 "right button" "$from"
xdotool click 5
expect "$CLIENT_OUT" '^input scroll 0.00 -1.00$' 5 "wheel down" "$from"
xdotool mousemove_relative -- 7 -3
expect "$CLIENT_OUT" '^input motion -?[0-9.]+ -?[0-9.]+$' 5 "relative motion while captured" "$from"
grep -qE "^input (key (70|67)|position)" <(tail -n +"$((from + 1))" "$CLIENT_OUT") &&
	fail "the escape key or an absolute position reached the input seam while captured"

# escape + D: the overlay, and no capture toggle, no key for the guest
from=$(lines "$CLIENT_OUT")
xdotool keydown Scroll_Lock key d keyup Scroll_Lock
expect "$CLIENT_LOG" 'stats overlay on' 5 "escape key + D shows the overlay"
sleep 0.2
grep -qE '^(capture|input key)' <(tail -n +"$((from + 1))" "$CLIENT_OUT") &&
	fail "escape key + D toggled capture or reached the guest"
log "ok: the combination stayed with the client"

xdotool key Scroll_Lock
expect "$CLIENT_OUT" '^capture off$' 5 "escape key alone releases input" "$from"
expect "$CLIENT_OUT" '^input release-all' 5 "release_all on release" "$from"

# escape + F: fullscreen fills the screen
xdotool keydown Scroll_Lock key f keyup Scroll_Lock
expect "$CLIENT_LOG" 'fullscreen on' 5 "escape key + F toggles fullscreen"
wait_present "[0-9]+ .*window=1600x900" 5 "the window fills the 1600x900 screen"
shot fullscreen-toggled
[ "$(field viewport "$SHOT_LINE")" = "480,270,${W}x${H}" ] ||
	fail "no-upscale viewport in 1600x900 is not centred: $SHOT_LINE"
check_shot "escape + F without a window manager: the frame centred on the screen" \
	--cursor "$(field cursor "$SHOT_LINE")"

# escape + Q: a clean exit
xdotool keydown Scroll_Lock key q keyup Scroll_Lock
wait_exit "$CLIENT" 5 || fail "escape key + Q did not quit within 5 s"
[ "$EXIT_CODE" -eq 0 ] || fail "escape key + Q exited with status $EXIT_CODE"
expect "$CLIENT_LOG" 'quit \(escape key \+ Q\)' 1 "escape key + Q quits with status 0"

# ---- 4. 1.5x, linear ------------------------------------------------------
SW=$((W * 3 / 2))
SH=$((H * 3 / 2))
start_client scaled --filter linear --scale fit --width "$SW" --height "$SH"
wait_present "[0-9]+ .*viewport=0,0,${SW}x${SH} window=${SW}x${SH} status=0" 10 \
	"a frame presented at 1.5x"
shot scaled
check_shot "1.5x linear frame within $TOLERANCE levels" --linear --tolerance "$TOLERANCE" \
	--cursor "$(field cursor "$SHOT_LINE")"

# ---- 5. the host stops: a status screen, not a frozen frame -------------
from=$(lines "$CLIENT_OUT")
stop "$HOST" INT
[ "$EXIT_CODE" -eq 0 ] || fail "host exited with status $EXIT_CODE on SIGINT"
expect "$CLIENT_LOG" "host stopped" 5 "client sees the host stop"
expect "$CLIENT_OUT" "^present serial=0 .*status=1" 5 "status screen presented" "$from"
status_shot stopped "host stopped"
stop "$CLIENT" TERM
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGTERM"

# ---- 6. -F without a window manager; redraw with a frozen guest ---------
start host2 "$RELAY_HOST" --capture test --shm-file "$SHM" --shm-size 16M \
	--test-width "$W" --test-height "$H" --test-fps "$FPS" --stats-interval 0
HOST=$LAST_PID
start_client full -F --filter nearest --scale integer --width "$W" --height "$H" --host-timeout 60000
expect "$CLIENT_LOG" "no EWMH window manager" 10 "the client sees there is no window manager"
wait_present "[1-9][0-9]* .*viewport=160,90,1280x720 window=1600x900 status=0" 10 \
	"-F: a frame presented fullscreen"
shot full-start
check_shot "-F without a window manager: the frame at 2x in the middle of the screen" \
	--cursor "$(field cursor "$SHOT_LINE")"
WID=$(xdotool search --name '^relay' | head -n 1)
xdotool windowfocus --sync "$WID" || fail "cannot focus the window"
kill -STOP "$HOST"
sleep 0.3 # frames in flight are shown
FROZEN=$(grep '^present ' "$CLIENT_OUT" | tail -n 1)
FROZEN_SERIAL=$(field serial "$FROZEN")
from=$(lines "$CLIENT_OUT")
xdotool keydown Scroll_Lock key f keyup Scroll_Lock
expect "$CLIENT_OUT" "^present serial=$FROZEN_SERIAL .*viewport=0,0,${W}x${H} window=${W}x${H} status=0" 5 \
	"leaving fullscreen with the guest frozen: the last frame drawn again" "$from"
shot frozen-windowed
[ "$(field serial "$SHOT_LINE")" = "$FROZEN_SERIAL" ] || fail "a new frame arrived from a stopped host: $SHOT_LINE"
check_shot "the frozen frame redrawn in the window" --cursor "$(field cursor "$SHOT_LINE")"
from=$(lines "$CLIENT_OUT")
xdotool keydown Scroll_Lock key f keyup Scroll_Lock
expect "$CLIENT_OUT" "^present serial=$FROZEN_SERIAL .*viewport=160,90,1280x720 window=1600x900 status=0" 5 \
	"re-entering fullscreen with the guest frozen: the last frame drawn again" "$from"
shot frozen-fullscreen
check_shot "the frozen frame redrawn fullscreen" --cursor "$(field cursor "$SHOT_LINE")"
kill -CONT "$HOST"
stop "$CLIENT" TERM
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGTERM"
stop "$HOST" INT

check_no_crash
log "PASS"
