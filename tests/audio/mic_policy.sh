#!/bin/bash
# The microphone opens only when the user's policy allows it. The SPICE
# server starts recording at once (the guest asks for the microphone);
# PipeWire's node list tells whether relay-client opened a capture stream:
#   deny   never (and escape key + M does not change that);
#   allow  at once;
#   ask    not until escape key + M in the window; the window shows the
#          request, then the red "MIC LIVE" notice (checked on the screen);
#          a second escape key + M closes it again.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib.sh"

[ -x "${RL_SHOT_CHECK:-}" ] || fail "\$RL_SHOT_CHECK is not set to an executable (run through ctest)"

audio_setup xdotool xwd python3

# mic_key: escape key (Scroll Lock) + M in the client's window.
mic_key() {
	local win
	win=$(xdotool search --sync --onlyvisible --pid "$CLIENT" | head -n 1)
	[ -n "$win" ] || fail "no client window"
	xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus --sync "$win"
	xdotool keydown Scroll_Lock key m keyup Scroll_Lock
}
# still_absent SECONDS: no relay-mic node the whole time.
still_absent() {
	local end=$(($(date +%s%N) + $1 * 1000000000))
	while [ "$(date +%s%N)" -lt $end ]; do
		node_present relay-mic && return 1
		sleep 0.2
	done
	return 0
}
wait_node() { timeout "$2" bash -c ". '$(dirname "$0")/lib.sh'; until node_present $1; do sleep 0.1; done"; }
wait_gone() { timeout "$2" bash -c ". '$(dirname "$0")/lib.sh'; while node_present $1; do sleep 0.1; done"; }
# notice_is NAME RRGGBB: a screenshot's top band of the window holds at
# least 300 pixels of that colour (the notice's background over the window's).
notice_is() {
	local win geo
	win=$(xdotool search --onlyvisible --pid "$CLIENT" | head -n 1)
	eval "$(xdotool getwindowgeometry --shell "$win")"
	xwd -root -silent >"$E2E_WORK/$1.xwd" || fail "xwd failed"
	"$RL_SHOT_CHECK" color "$E2E_WORK/$1.xwd" "$X,$Y,$WIDTH,40" "$2" 40 300
}
# The notice waits a redraw: try for a few seconds.
expect_notice() {
	local i
	for i in $(seq 1 25); do
		notice_is "$1" "$2" >"$E2E_WORK/$1.check" && return 0
		sleep 0.2
	done
	"$RL_SHOT_CHECK" save "$E2E_WORK/$1.xwd" 0,0,320,200 "$E2E_WORK/$1.ppm" 2>/dev/null
	fail "$3: $(cat "$E2E_WORK/$1.check") (see $E2E_WORK/$1.ppm)"
}
RED=b41010 AMBER=9e6503

# deny
spice_audio_server sdeny RL_SPICE_RECORD="$E2E_WORK/deny.raw"
audio_client cdeny "$PORT" --mic deny
expect "$CLIENT_LOG" "the guest asks for the microphone: denied" 10 "the request arrives"
still_absent 2 || fail "mic = deny opened a capture stream"
mic_key
expect "$CLIENT_LOG" "the microphone stays off: \[audio\] mic = deny" 5 "escape key + M is refused"
still_absent 1 || fail "mic = deny opened a capture stream after escape key + M"
log "ok: deny never opens the microphone"
stop "$CLIENT"
stop "$SERVER"

# allow
spice_audio_server sallow RL_SPICE_RECORD="$E2E_WORK/allow.raw"
audio_client callow "$PORT" --mic allow
wait_node relay-mic 10 || fail "mic = allow did not open a capture stream"
log "ok: allow opens it at once"
stop "$CLIENT"
wait_gone relay-mic 5 || fail "the capture stream outlived the client"
stop "$SERVER"

# ask (the default)
spice_audio_server sask RL_SPICE_RECORD="$E2E_WORK/ask.raw"
audio_client cask "$PORT"
expect "$CLIENT_LOG" "the guest asks for the microphone: escape key \+ M allows it" 10 "the request arrives"
still_absent 2 || fail "mic = ask opened a capture stream before the user allowed it"
expect_notice asking $AMBER "no amber request notice on the window while the guest asks"
notice_is asking-red $RED >/dev/null && fail "the red MIC LIVE notice shows before the user allowed it"
log "ok: ask waits, the window shows the request"
mic_key
wait_node relay-mic 5 || fail "escape key + M did not open the microphone"
expect "$CLIENT_LOG" "spice: microphone allowed by the user" 5 "the toggle is logged"
expect_notice live $RED "no red MIC LIVE notice on the window while the microphone is live"
log "ok: escape key + M opens it, the window shows MIC LIVE in red"
mic_key
wait_gone relay-mic 5 || fail "a second escape key + M did not close the microphone"
expect_notice closed $AMBER "the notice does not return to the request once the microphone closed"
log "ok: and closes it again"
stop "$CLIENT"
stop "$SERVER"
check_no_crash
log "PASS"
