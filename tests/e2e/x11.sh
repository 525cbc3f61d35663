#!/bin/bash
# relay-host --capture x11 on an Xvfb display: the client's frame equals
# `xwd -root` pixel for pixel; a small drawing arrives as a damage rect,
# not a full frame; the pointer and a RandR resize follow; after an idle
# pause (no client) the next client gets the screen as it is now; the
# display dying ends the host with code 4.
. "$(dirname "$0")/lib.sh"

for tool in Xvfb xwd xdpyinfo; do
	command -v "$tool" >/dev/null ||
		fail "$tool is missing: install the packages in tests/e2e/packages.txt"
done
[ -n "${RL_X11_DRAW:-}" ] && [ -x "$RL_X11_DRAW" ] || fail "\$RL_X11_DRAW is not set (run through ctest)"

# Xvfb picks a free display itself and writes its number to fd 3.
# -noreset: the screen must survive our short-lived drawing clients.
start xvfb Xvfb -displayfd 3 -screen 0 640x480x24 -nolisten tcp -noreset 3>"$E2E_WORK/display"
XVFB=$LAST_PID
for _ in $(seq 100); do
	[ -s "$E2E_WORK/display" ] && break
	alive "$XVFB" || fail "Xvfb exited"
	sleep 0.05
done
[ -s "$E2E_WORK/display" ] || fail "Xvfb did not report a display number within 5 s"
DPY=":$(head -n 1 "$E2E_WORK/display")"
timeout 5 xdpyinfo -display "$DPY" >/dev/null || fail "display $DPY is not answering"
log "Xvfb on $DPY"

draw() { "$RL_X11_DRAW" -d "$DPY" "$@" || fail "rl-x11-draw $* failed"; }
snap() { xwd -root -silent -display "$DPY" -out "$1" || fail "xwd failed"; }
same() {
	"$RL_IMG_COMPARE" "$1" "$2" >"$E2E_WORK/compare.out" ||
		fail "$3: $(cat "$E2E_WORK/compare.out")"
	log "ok: $3"
}
# wait until the client printed no frame line for 0.4 s (at most 3 s)
quiet() {
	local n prev=-1
	for _ in $(seq 30); do
		n=$(grep -c '^frame' "$1")
		[ "$n" -eq "$prev" ] && return 0
		prev=$n
		sleep 0.4
	done
	fail "frames keep coming on a still screen"
}

draw pattern 7
e2e_shm SHM x11
start host "$RELAY_HOST" --capture x11 --x11-display "$DPY" --shm-file "$SHM" \
	--shm-size 16M --stats-interval 1 --log-level debug
HOST=$LAST_PID
expect "$E2E_WORK/host.log" "publishing 640x480 bgra frames" 5 "host captures the 640x480 screen"

# 1. A whole frame, pixel-exact against xwd and against the known content.
timeout 10 "$RELAY_CLIENT" --headless --shm-file "$SHM" --frames 1 --timeout 5 \
	--dump-frame "$E2E_WORK/first.ppm" >"$E2E_WORK/client1.out" 2>"$E2E_WORK/client1.log" ||
	fail "client exited with status $?"
snap "$E2E_WORK/first.xwd"
same "$E2E_WORK/first.ppm" "$E2E_WORK/first.xwd" "captured frame equals xwd -root"
"$RL_PATTERN_REF" 7 640x480 "$E2E_WORK/pattern7.ppm"
same "$E2E_WORK/first.ppm" "$E2E_WORK/pattern7.ppm" "captured frame equals the drawn content"

# 2. A small drawing arrives as a damage rect.
OUT="$E2E_WORK/client2.out"
start client2 "$RELAY_CLIENT" --headless --shm-file "$SHM" --print-frames \
	--dump-frame "$E2E_WORK/second.ppm"
CLIENT=$LAST_PID
expect "$OUT" "^frame serial=" 2 "second client gets a frame"
expect "$OUT" "^cursor shape serial=[0-9]+ type=1 " 2 "client gets the X cursor shape as a colour cursor"
quiet "$OUT"
mark=$(lines "$OUT")
draw fill 200 150 16 12 ff0000
expect "$OUT" "^frame serial=" 1 "the drawing arrives within 1 s" "$mark"
line=$(sed -n "${FOUND_LINE}p" "$OUT")
log "damage frame: $line"
[[ $line != *full* ]] || fail "a 16x12 drawing arrived as a full frame: $line"
count=$(frame_damage_count "$line")
[ "$count" -ge 1 ] && [ "$count" -le 4 ] || fail "a 16x12 drawing arrived as $count rects: $line"
# shellcheck disable=SC2046
area=$(rects_area $(frame_rects "$line"))
[ "$area" -le $((4 * 16 * 12)) ] || fail "damage covers $area pixels for a 192-pixel drawing: $line"
covered=0
for r in $(frame_rects "$line"); do
	IFS=, read -r x y w h <<<"${r//[\[\]]/}"
	if [ "$x" -le 200 ] && [ "$y" -le 150 ] && [ $((x + w)) -ge 216 ] && [ $((y + h)) -ge 162 ]; then
		covered=1
	fi
done
[ "$covered" -eq 1 ] || fail "no damage rect covers the drawing at 200,150 16x12: $line"
log "ok: the drawing arrived as $count rect(s), $area pixels"

# 3. The pointer.
mark=$(lines "$OUT")
draw warp 123 45
expect "$OUT" "^cursor pos 123,45 visible=1" 1 "pointer moves arrive within 1 s" "$mark"

# 4. Screen resize (RandR): a new full frame of the new size.
mark=$(lines "$E2E_WORK/client2.log")
draw resize 320 240
expect "$E2E_WORK/client2.log" "resolution changed to 320x240" 1 "resize arrives within 1 s" "$mark"
draw fill 10 10 30 20 00ff00
quiet "$OUT"
stop "$CLIENT" INT
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGINT"
snap "$E2E_WORK/second.xwd"
same "$E2E_WORK/second.ppm" "$E2E_WORK/second.xwd" "after damage and resize the frame equals xwd -root"

# 5. Idle when unwatched, then a complete picture for the next client.
expect "$E2E_WORK/host.log" "capture paused" 3 "host pauses capture with no client"
draw fill 50 60 70 80 0000ff
mark=$(lines "$E2E_WORK/host.log")
start client3 "$RELAY_CLIENT" --headless --shm-file "$SHM" --print-frames \
	--dump-frame "$E2E_WORK/third.ppm"
CLIENT=$LAST_PID
expect "$E2E_WORK/host.log" "capture resumed" 1 "host resumes for a new client" "$mark"
quiet "$E2E_WORK/client3.out"
stop "$CLIENT" INT
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGINT"
snap "$E2E_WORK/third.xwd"
same "$E2E_WORK/third.ppm" "$E2E_WORK/third.xwd" "after an idle pause the frame equals xwd -root"

# 6. The display goes away: the host says so and exits 4; a watching
# client reports the capture failure.
start client4 "$RELAY_CLIENT" --headless --shm-file "$SHM"
CLIENT=$LAST_PID
expect "$E2E_WORK/client4.log" "connected to host" 2 "a client watches before the display dies"
kill -s KILL "$XVFB"
wait_exit "$XVFB" 3
# A killed server leaves its socket (and any lock) behind: remove ours.
N=${DPY#:}
rm -f "/tmp/.X11-unix/X$N"
if [ "$(tr -d ' ' <"/tmp/.X$N-lock" 2>/dev/null)" = "$XVFB" ]; then
	rm -f "/tmp/.X$N-lock"
fi
wait_exit "$HOST" 3 || fail "host keeps running after its X display died"
[ "$EXIT_CODE" -eq 4 ] || fail "host exited with status $EXIT_CODE when the display died (expected 4)"
grep -q "lost the connection to the X display" "$E2E_WORK/host.log" ||
	fail "host did not say it lost the display"
log "ok: host exits 4 when the display dies"
expect "$E2E_WORK/client4.log" "capture failed" 1 "client reports the capture failure"
stop "$CLIENT" INT
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGINT"
check_no_crash
log "PASS"
