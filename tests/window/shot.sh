# Screenshot checks shared by the window tests (sourced after tests/e2e/lib.sh).
# The test defines:
#   screenshot_take NAME   leave a screenshot of the client's window as an
#                          XWD file at $E2E_WORK/NAME.xwd
# and sets CLIENT_OUT (the client's --print-frames output), W, H (the test
# source's size) and RL_SHOT_CHECK. SHOT_SETTLE (seconds) is how long the
# last swap takes to reach the screen.

# field NAME LINE: the value of NAME=... in a present line.
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }
presents() { grep -c '^present ' "$CLIENT_OUT"; }

# shot NAME: a screenshot taken while one presented frame stayed on screen;
# sets SHOT (the XWD file) and SHOT_LINE (the client's present line for it).
shot() {
	local try n1 n2 before after
	for try in 1 2 3 4 5 6 7 8; do
		n1=$(presents)
		before=$(grep '^present ' "$CLIENT_OUT" | tail -n 1)
		sleep "${SHOT_SETTLE:-0.15}"
		screenshot_take "$1"
		n2=$(presents)
		after=$(grep '^present ' "$CLIENT_OUT" | tail -n 1)
		if [ -n "$before" ] && [ "$n1" = "$n2" ] && [ "$before" = "$after" ]; then
			SHOT="$E2E_WORK/$1.xwd"
			SHOT_LINE=$before
			log "screenshot $1: $SHOT_LINE"
			return 0
		fi
	done
	fail "the window never kept one frame for a screenshot (8 tries)"
}

# check_shot WHAT ARGS...: rl-shot-check frame on SHOT for SHOT_LINE.
check_shot() {
	local what=$1 serial vp
	shift
	serial=$(field serial "$SHOT_LINE")
	vp=$(field viewport "$SHOT_LINE")
	"$RL_SHOT_CHECK" frame "$SHOT" "$serial" "${W}x${H}" "$vp" "$@" \
		>"$E2E_WORK/check.out" 2>&1 || {
		"$RL_SHOT_CHECK" save "$SHOT" "${vp%%x*},${vp##*x}" "$E2E_WORK/failed-$serial.ppm" 2>/dev/null
		fail "$what: $(cat "$E2E_WORK/check.out")"
	}
	log "ok: $what: $(cat "$E2E_WORK/check.out")"
}

# wait_present PATTERN SECONDS WHAT: a present line matching PATTERN.
wait_present() {
	expect "$CLIENT_OUT" "^present serial=$1" "$2" "$3"
}
