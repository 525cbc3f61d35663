#!/bin/bash
# relay-client driving Xspice (an X server that is a SPICE server, QXL):
# relay-host captures the Xspice screen (X11 capture), relay-client shows
# it on an Xvfb and sends input back over SPICE, as with a real guest.
#   - Xspice offers client (absolute) mouse mode and the client takes it;
#   - the host pointer over the window puts the Xspice pointer exactly on
#     the frame pixel under it, at 1:1 and at 0.5x (xdotool on Xspice);
#   - captured keys arrive as X events (xinput test-xi2). (Capture asks for
#     server mouse mode, which Xspice grants but then drops buttons in; the
#     buttons are checked against QEMU and rl-spice-server.)
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib.sh"

for tool in Xorg Xvfb xdotool xdpyinfo xinput; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (see tests/spice/packages.txt)"
done
[ -f /usr/lib/xorg/modules/drivers/spiceqxl_drv.so ] ||
	fail "the spiceqxl driver is missing (install xserver-xspice)"
unset WAYLAND_DISPLAY RL_DISPLAY

PORT=
for _ in 1 2 3 4 5; do
	PORT=$((20000 + RANDOM % 30000))
	start xspice env XSPICE_PORT="$PORT" Xorg -config "$(cd "$(dirname "$0")" && pwd)/xspice.conf" \
		-noreset -nolisten tcp -novtswitch -sharevts -logfile "$E2E_WORK/xorg.log" -displayfd 1
	XSPICE_PID=$LAST_PID
	wait_for "$E2E_WORK/xspice.out" '^[0-9]+$' 20 && alive "$XSPICE_PID" && break
	stop "$XSPICE_PID"
done
alive "$XSPICE_PID" || fail "Xspice did not start: $(tail -n 5 "$E2E_WORK/xorg.log")"
XS=":$(head -n 1 "$E2E_WORK/xspice.out")"
timeout 10 bash -c "until xdpyinfo -display $XS >/dev/null 2>&1; do sleep 0.05; done" || fail "Xspice does not answer"
read -r SW SH < <(xdpyinfo -display "$XS" | sed -n 's/.*dimensions: *\([0-9]*\)x\([0-9]*\) pixels.*/\1 \2/p')
log "Xspice on $XS, SPICE port $PORT, screen ${SW}x$SH"

start_xvfb desk 1600x1000x24 DESK

e2e_shm SHM xspice
start host "$RELAY_HOST" --capture x11 --x11-display "$XS" --shm-file "$SHM" --shm-size 32M \
	--stats-interval 0
expect "$E2E_WORK/host.log" "publishing ${SW}x$SH bgra frames" 10 "the host captures the Xspice screen"
start xi2 env DISPLAY="$XS" xinput test-xi2 --root
sleep 0.5

for run in exact half; do
	if [ "$run" = exact ]; then size=(--width "$SW" --height "$SH"); else size=(--width $((SW / 2)) --height $((SH / 2))); fi
	spice_window "$run" "$DESK" "$PORT" "client (absolute)" "${SW}x$SH" "${size[@]}" --filter nearest
	if [ "$run" = exact ]; then
		pointer_follows "$DESK" 100 200 "$XS" 100 200 "1:1"
		pointer_follows "$DESK" $((SW - 1)) $((SH - 1)) "$XS" $((SW - 1)) $((SH - 1)) "1:1, the last pixel"
	else
		pointer_follows "$DESK" 100 200 "$XS" 200 400 "0.5x"
		from=$(lines "$E2E_WORK/xi2.out")
		wid=$(DISPLAY=$DESK xdotool search --name '^relay' | head -n 1)
		DISPLAY=$DESK xdotool windowfocus --sync "$wid" key Scroll_Lock
		expect "$CLIENT_LOG" 'input captured' 5 "captured"
		expect "$CLIENT_LOG" 'spice: mouse mode server' 5 "capture asked for server mode and got it"
		DISPLAY=$DESK xdotool key 38 key 105 key 111 key 119
		sleep 1
		seq=$(tail -n +"$((from + 1))" "$E2E_WORK/xi2.out" |
			awk '/^EVENT type/ { t = $4 } /detail:/ { if (t == "(RawKeyPress)") printf "K%s ", $2 }')
		[[ $seq == *"K38 K105 K111 K119 "* ]] || fail "X key events on Xspice: [$seq], want K38 K105 K111 K119"
		log "ok: keys A, Right Ctrl, Up, Delete arrive as X key events: $seq"
		DISPLAY=$DESK xdotool key Scroll_Lock
		expect "$CLIENT_LOG" 'spice: mouse mode client' 5 "releasing capture gives client mode back"
		# A position right after Xspice's switch back to client mode is lost
		# now and then (1 run in 8 with no pause; 2 in 50 after the client's
		# resend of a position it saw before the mode's news, the host's
		# pointer then where xdotool put it: the cause is not found yet, see
		# docs/testing.md); 12 of 12 passed with this pause.
		sleep 0.5
		pointer_follows "$DESK" 300 100 "$XS" 600 200 "0.5x after capture"
	fi
	stop "$CLIENT" TERM
	[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE"
done
check_no_crash
log "PASS"
