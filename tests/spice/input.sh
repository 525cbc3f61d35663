#!/bin/bash
# Keyboard and mouse from relay-client's window to a real SPICE server
# (rl-spice-server: libspice-server with a keyboard and a mouse, no VM):
#   1. every key of a 105-key ISO board plus the ANSI, keypad, F13-F24,
#      Japanese/Korean and media keys, typed into the window on Xvfb by X
#      keycode (xdotool), arrives as the exact set-1 bytes, press and
#      release; Pause as its E1 sequence, Ctrl+Break as E0 46; the escape
#      key never arrives;
#   2. a held key repeats in the guest (the X server's autorepeat);
#   3. releasing capture and losing focus release a held key in the guest;
#      on focus the guest's Caps Lock follows the host's;
#   4. buttons, the wheel and relative motion while captured;
#   5. the server killed and started again: the title says input is
#      unavailable, the client reconnects by itself, the key that was held
#      is released in the new session, and keys work again;
#   6. a server with a ticket: a wrong password file is refused (and said),
#      the right one connects, and the password shows in no log.
. "$(dirname "$0")/../e2e/lib.sh"

[ -x "${RL_SPICE_SERVER:-}" ] || fail "\$RL_SPICE_SERVER is not set to an executable (run through ctest)"
for tool in Xvfb xdotool xdpyinfo xmessage; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (see tests/spice/packages.txt)"
done

start_xvfb xvfb 1024x768x24 DISPLAY
export DISPLAY
unset WAYLAND_DISPLAY RL_DISPLAY

# start_server NAME: rl-spice-server on $PORT (chosen once, reused on restart).
PORT=
start_server() {
	local try
	for try in 1 2 3 4 5 6 7 8; do
		[ -n "$PORT" ] && [ "$1" != server1 ] || PORT=$((20000 + RANDOM % 30000))
		start "$1" "$RL_SPICE_SERVER" "$PORT"
		SERVER=$LAST_PID
		SERVER_OUT="$E2E_WORK/$1.out"
		if wait_for "$SERVER_OUT" '^listening ' 5 && sleep 0.2 && alive "$SERVER"; then
			return 0
		fi
		stop "$SERVER"
		[ "$1" = server1 ] || fail "cannot start the SPICE server again on port $PORT"
	done
	fail "no free port for the SPICE server"
}

# bytes FROM: the key bytes the server got after line FROM, space separated.
bytes() { tail -n +"$(($1 + 1))" "$SERVER_OUT" | sed -n 's/^key 0x\([0-9a-f]*\) .*/\1/p' | tr '\n' ' ' | sed 's/ $//'; }

start_server server1
e2e_shm SHM spice
start client "$RELAY_CLIENT" --shm-file "$SHM" --display x11 --borderless --x 0 --y 0 \
	--width 640 --height 360 --spice-port "$PORT" --stats-interval 0
CLIENT=$LAST_PID
CLIENT_LOG="$E2E_WORK/client.log"
expect "$CLIENT_LOG" "spice: connected to 127.0.0.1:$PORT" 15 "the client's SPICE session connects"
expect "$SERVER_OUT" '^client connected' 5 "the server sees the inputs channel"
WID=$(xdotool search --name '^relay' | head -n 1)
[ -n "$WID" ] || fail "no window named relay"
xdotool windowfocus --sync "$WID" || fail "cannot focus the window"

# Not captured: keys stay with the desktop.
from=$(lines "$SERVER_OUT")
xdotool key 38
sleep 0.3
[ -z "$(bytes "$from")" ] || fail "a key reached the guest without capture: $(bytes "$from")"
# Caps Lock turned on in another window: on focus the guest's (this server's
# LEDs are all off) follows, spice-server pressing Caps Lock for it; Num and
# Scroll Lock are off on both sides, so nothing else is pressed.
start other0 xmessage -geometry 200x100+700+500 "other window"
OTHER=$LAST_PID
timeout 5 bash -c 'until xdotool search --name "^xmessage$" >/dev/null 2>&1; do sleep 0.05; done'
xdotool windowfocus --sync "$(xdotool search --name '^xmessage$' | head -n 1)" ||
	fail "cannot focus the other window"
xdotool key Caps_Lock
from=$(lines "$SERVER_OUT")
xdotool windowfocus --sync "$WID"
expect "$SERVER_OUT" '^key 0xba ' 5 "the guest's Caps Lock follows the host's on focus" "$from"
sleep 0.2
[ "$(bytes "$from")" = "3a ba" ] || fail "lock sync sent [$(bytes "$from")], want [3a ba]"
stop "$OTHER"
xdotool key Caps_Lock # back off on the host (not captured: the guest does not see it)
xdotool windowfocus --sync "$WID"
from=$(lines "$SERVER_OUT")
xdotool key Scroll_Lock
expect "$CLIENT_LOG" 'input captured' 5 "escape key alone captures input"
sleep 0.2
[ -z "$(bytes "$from")" ] || fail "the escape key reached the guest: $(bytes "$from")"
log "ok: nothing reached the guest before capture, and the escape key never"

# ---- 1. every key: "evdev-code set-1-scancode" ---------------------------
KEYS=()
for k in $(seq 1 83); do
	[ "$k" -eq 70 ] && continue # Scroll Lock is the escape key
	KEYS+=("$k $k")
done
KEYS+=("86 0x56" "87 0x57" "88 0x58" "89 0x73" "90 0x78" "91 0x77" "92 0x79" "93 0x70"
	"94 0x7b" "96 0x11c" "97 0x11d" "98 0x135" "99 0x137" "100 0x138"
	"102 0x147" "103 0x148" "104 0x149" "105 0x14b" "106 0x14d" "107 0x14f" "108 0x150"
	"109 0x151" "110 0x152" "111 0x153" "113 0x120" "114 0x12e" "115 0x130" "117 0x59"
	"122 0x72" "123 0x71" "124 0x7d" "125 0x15b" "126 0x15c" "127 0x15d"
	"140 0x121" "163 0x119" "164 0x122" "165 0x110" "166 0x124"
	"183 0x5d" "184 0x5e" "185 0x5f" "186 0x55" "187 0x103" "188 0x177" "189 0x104"
	"190 0x5a")
# Not typed here: KP JP comma (95), KP comma (121) and F21-F24 (191-194).
# SDL2 takes X keycodes by their keysyms where it knows them, and Xvfb's
# default map gives these keycodes none, KP_Decimal, or touchpad keysyms:
# SDL reports no key or KP period. Their scancodes are checked in
# tests/unit/test_scancode.c; on Wayland they come by evdev code.
expected_bytes() {
	local code=$(($1)) lo
	lo=$((code & 0xff))
	if [ "$code" -gt 255 ]; then
		printf 'e0 %02x e0 %02x' "$lo" $((lo | 0x80))
	else
		printf '%02x %02x' "$lo" $((lo | 0x80))
	fi
}
tested=0
bad=()
for entry in "${KEYS[@]}"; do
	read -r evdev code <<<"$entry"
	want=$(expected_bytes "$code")
	from=$(lines "$SERVER_OUT")
	# xdotool takes 10.. as X keycodes, but "9" is the keysym 9.
	if [ "$evdev" -eq 1 ]; then xdotool key Escape; else xdotool key $((evdev + 8)); fi
	last=${want##* }
	if ! wait_for "$SERVER_OUT" "^key 0x$last " 3 "$from"; then
		bad+=("evdev $evdev: got [$(bytes "$from")], want [$want]")
		continue
	fi
	got=$(bytes "$from")
	[ "$got" = "$want" ] || bad+=("evdev $evdev: got [$got], want [$want]")
	tested=$((tested + 1))
done
[ ${#bad[@]} -eq 0 ] || fail "keys with wrong scancodes: ${bad[*]}"
log "ok: $tested keys arrived as their exact set-1 bytes, press and release"

from=$(lines "$SERVER_OUT")
xdotool key 127 # Pause: E1 1D 45 E1 9D C5 on the press, nothing on the release
expect "$SERVER_OUT" '^key 0xc5 ' 3 "Pause arrives" "$from"
sleep 0.2
[ "$(bytes "$from")" = "e1 1d 45 e1 9d c5" ] || fail "Pause: got [$(bytes "$from")]"
from=$(lines "$SERVER_OUT")
xdotool key ctrl+127 # Ctrl+Break (xdotool lets Ctrl go first)
expect "$SERVER_OUT" '^key 0xc6 ' 3 "Ctrl+Break arrives" "$from"
sleep 0.2
case "$(bytes "$from")" in
"1d e0 46 e0 c6 9d" | "1d e0 46 9d e0 c6") ;;
*) fail "Ctrl+Break: got [$(bytes "$from")]" ;;
esac
log "ok: Pause and Ctrl+Break"

# ---- 2. autorepeat --------------------------------------------------------
from=$(lines "$SERVER_OUT")
xdotool keydown 38
sleep 1.2
xdotool keyup 38
expect "$SERVER_OUT" '^key 0x9e ' 3 "the held key is released" "$from"
presses=$(bytes "$from" | tr ' ' '\n' | grep -c '^1e$')
releases=$(bytes "$from" | tr ' ' '\n' | grep -c '^9e$')
[ "$presses" -ge 4 ] && [ "$releases" -eq 1 ] ||
	fail "autorepeat: $presses presses and $releases releases of A in 1.2 s: [$(bytes "$from")]"
log "ok: a held key repeats in the guest ($presses presses, one release)"

# ---- 3. no stuck keys: capture release and focus loss ----------------------
from=$(lines "$SERVER_OUT")
xdotool keydown 56 # B (X keycode 56), held
expect "$SERVER_OUT" '^key 0x30 ' 3 "B pressed" "$from"
xdotool key Scroll_Lock
expect "$CLIENT_LOG" 'input released' 5 "escape key releases capture"
expect "$SERVER_OUT" '^key 0xb0 ' 3 "releasing capture releases B in the guest" "$from"
xdotool keyup 56
xdotool key Scroll_Lock
expect "$CLIENT_LOG" 'input captured' 5 "captured again"
from=$(lines "$SERVER_OUT")
xdotool keydown 54 # C, held
expect "$SERVER_OUT" '^key 0x2e ' 3 "C pressed" "$from"
start other xmessage -geometry 200x100+700+500 "other window"
OTHER=$LAST_PID
timeout 5 bash -c 'until xdotool search --name "^xmessage$" >/dev/null 2>&1; do sleep 0.05; done'
xdotool windowfocus --sync "$(xdotool search --name '^xmessage$' | head -n 1)" ||
	fail "cannot focus the other window"
expect "$SERVER_OUT" '^key 0xae ' 3 "losing focus releases C in the guest" "$from"
xdotool keyup 54
stop "$OTHER"
xdotool windowfocus --sync "$WID"
xdotool key Scroll_Lock
expect "$CLIENT_LOG" 'input captured' 5 "captured again after focus came back"

# ---- 4. mouse while captured ----------------------------------------------
# click X_BUTTON PATTERN WHAT [PATTERN WHAT]...: one X click must reach the
# server as each PATTERN, all counted from the line before the click.
click() {
	local at button=$1
	shift
	at=$(lines "$SERVER_OUT")
	xdotool click "$button"
	while [ $# -ge 2 ]; do
		expect "$SERVER_OUT" "$1" 3 "$2" "$at"
		shift 2
	done
}
click 1 '^buttons 0x1$' "left button down" '^buttons 0x0$' "left button up"
click 3 '^buttons 0x2$' "right button down (QEMU's bit order)"
click 2 '^buttons 0x4$' "middle button down"
click 4 '^wheel -1 ' "wheel up (away from the user)"
click 5 '^wheel 1 ' "wheel down"
from=$(lines "$SERVER_OUT")
for _ in 1 2 3 4 5; do
	xdotool mousemove_relative -- 8 -3
	sleep 0.05
done
motion_sum() { # motion_sum FROM WANT: the server's relative motion since FROM sums to WANT
	local got
	got=$(tail -n +"$(($1 + 1))" "$SERVER_OUT" | awk '/^motion/ { x += $2; y += $3 } END { print x + 0, y + 0 }')
	echo "summed to $got"
	[ "$got" = "$2" ]
}
expect_true 3 "buttons, wheel, relative motion summing to 40,-15" motion_sum "$from" "40 -15"

# ---- 5. the server goes away and comes back --------------------------------
from=$(lines "$SERVER_OUT")
xdotool keydown 40 # D, held across the outage
expect "$SERVER_OUT" '^key 0x20 ' 3 "D pressed" "$from"
stop "$SERVER"
expect "$CLIENT_LOG" "spice: SPICE not reachable at 127.0.0.1:$PORT" 10 "the client notices the server is gone"
timeout 5 bash -c "until xdotool getwindowname $WID | grep -q 'input unavailable: SPICE not reachable'; do sleep 0.05; done" ||
	fail "the title does not say input is unavailable: $(xdotool getwindowname "$WID")"
log "ok: title: $(xdotool getwindowname "$WID")"
from_log=$(lines "$CLIENT_LOG")
start_server server2
expect "$CLIENT_LOG" "spice: connected to 127.0.0.1:$PORT" 15 "the client reconnects by itself" "$from_log"
expect "$SERVER_OUT" '^key 0xa0 ' 3 "the key held across the outage is released in the new session"
xdotool keyup 40
from=$(lines "$SERVER_OUT")
xdotool key 26 # E
expect "$SERVER_OUT" '^key 0x92 ' 3 "keys work again" "$from"
[ "$(bytes "$from")" = "12 92" ] || fail "after reconnect: got [$(bytes "$from")]"
timeout 5 bash -c "until ! xdotool getwindowname $WID | grep -q 'unavailable'; do sleep 0.05; done" ||
	fail "the title still says unavailable: $(xdotool getwindowname "$WID")"

stop "$CLIENT" TERM
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE"

# ---- 6. a server with a password: from a file, never on the command line --
stop "$SERVER"
RL_SPICE_PASSWORD=s3cret-ticket start_server server3
printf 's3cret-ticket\n' >"$E2E_WORK/password"
printf 'wrong\n' >"$E2E_WORK/wrong"
start wrongpw "$RELAY_CLIENT" --shm-file "$SHM" --display x11 --borderless --x 0 --y 0 \
	--width 320 --height 200 --spice-port "$PORT" --spice-password-file "$E2E_WORK/wrong" \
	--stats-interval 0
expect "$E2E_WORK/wrongpw.log" "spice: 127.0.0.1:$PORT refused the password" 15 "a wrong password is refused, and said"
stop "$LAST_PID" TERM
start rightpw "$RELAY_CLIENT" --shm-file "$SHM" --display x11 --borderless --x 0 --y 0 \
	--width 320 --height 200 --spice-port "$PORT" --spice-password-file "$E2E_WORK/password" \
	--stats-interval 0 --log-level debug
CLIENT=$LAST_PID
expect "$E2E_WORK/rightpw.log" "spice: connected to 127.0.0.1:$PORT" 15 "the password from the file is accepted"
grep -q 's3cret-ticket' "$E2E_WORK/rightpw.log" "$E2E_WORK/wrongpw.log" && fail "the password appears in a log"
tr '\0' ' ' </proc/"$CLIENT"/cmdline | grep -q 's3cret' && fail "the password is on the command line"
log "ok: the password comes from the file and is in no log and not on the command line"
stop "$CLIENT" TERM
check_no_crash
log "PASS"
