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
# moved over the window on DESK puts TARGET's pointer at X,Y.
# The host pointer is the user's: when something else puts it elsewhere
# after the move (SDL puts it back where capture found it when capture
# ends, and that warp can reach the X server after xdotool's move), the
# guest rightly follows that; the move is made again (said so, 3 times at
# most). A guest pointer that stays off while the host pointer is where
# it was put fails.
pointer_follows() {
	local try deadline
	for try in 1 2 3; do
		DISPLAY=$1 xdotool mousemove "$2" "$3"
		deadline=$(($(date +%s%N) + 5000000000))
		until [ "$(pointer_at "$4")" = "$5 $6" ]; do
			if [ "$(pointer_at "$1")" != "$2 $3" ]; then
				log "$7: the host pointer was moved to $(pointer_at "$1") after the move to $2,$3; moving again"
				continue 2
			fi
			[ "$(date +%s%N)" -lt "$deadline" ] ||
				fail "$7: window $2,$3 -> $5,$6: the pointer on $4 is at $(pointer_at "$4") (the host's at $(pointer_at "$1"))"
			sleep 0.05
		done
		log "ok: $7: window $2,$3 -> $5,$6"
		return 0
	done
	fail "$7: the host pointer did not stay at $2,$3 on $1 (at $(pointer_at "$1"))"
}
