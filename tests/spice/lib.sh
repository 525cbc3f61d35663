# Shared by the SPICE tests that show a captured guest screen in a window
# on a second X server (sourced after tests/e2e/lib.sh).

# spice_window NAME DESK PORT MODE FRAME ARGS...: relay-client's borderless
# window at 0,0 on X display DESK, SPICE on 127.0.0.1:PORT; waits until
# SPICE is connected in MODE ("server (relative)" or "client (absolute)")
# and WxH frames arrive. Sets CLIENT and CLIENT_LOG.
spice_window() {
	local name=$1 desk=$2 port=$3 mode=$4 frame=$5
	shift 5
	start "$name" env DISPLAY="$desk" "$RELAY_CLIENT" --shm-file "$SHM" --display x11 \
		--borderless --x 0 --y 0 --scale fit --spice-port "$port" --stats-interval 0 "$@"
	CLIENT=$LAST_PID
	CLIENT_LOG="$E2E_WORK/$name.log"
	expect "$CLIENT_LOG" "spice: connected to 127.0.0.1:$port" 15 "$name: SPICE connected"
	expect "$CLIENT_LOG" "spice: mouse mode ${mode/(/\\(}" 10 "$name: mouse mode $mode"
	expect "$CLIENT_LOG" "receiving $frame" 10 "$name: frames arrive"
}

# pointer_follows DESK WINDOW_X WINDOW_Y TARGET X Y WHAT: the host pointer
# moved over the window on DESK puts TARGET's pointer at X,Y (a failure
# says where both pointers are).
pointer_follows() {
	local deadline=$(($(date +%s%N) + 5000000000))
	DISPLAY=$1 xdotool mousemove "$2" "$3"
	until [ "$(pointer_at "$4")" = "$5 $6" ]; do
		[ "$(date +%s%N)" -lt "$deadline" ] ||
			fail "$7: window $2,$3 -> $5,$6: the pointer on $4 is at $(pointer_at "$4") (the host's at $(pointer_at "$1"))"
		sleep 0.05
	done
	log "ok: $7: window $2,$3 -> $5,$6"
}
