#!/bin/bash
# relay-client's window driving QEMU 7.2 as the SPICE server (no guest OS;
# QEMU's input_event_* trace shows what its input layer received):
#   1. -machine none: keys arrive as the right QEMU key codes (qcodes),
#      relative motion sums to what was moved, buttons arrive;
#   2. -machine pc with std VGA and an active usb-tablet (made current with
#      the monitor's mouse_set, as no guest driver does it): the server
#      offers client mouse mode, the client takes it, and the host
#      pointer's position over a 1.5x scaled window lands in the guest as
#      the frame pixel under it (QEMU scales 0..0x7fff over its 720x400).
. "$(dirname "$0")/../e2e/lib.sh"

for tool in Xvfb xdotool xdpyinfo qemu-system-x86_64 python3; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (see tests/spice/packages.txt)"
done
start_xvfb xvfb 1280x800x24 DISPLAY
export DISPLAY
unset WAYLAND_DISPLAY RL_DISPLAY
MONITOR="python3 $(dirname "$0")/monitor.py"

# start_qemu NAME ARGS...: QEMU with SPICE on a free port ($PORT), traced.
start_qemu() {
	local name=$1 try
	shift
	for try in 1 2 3 4 5; do
		PORT=$((20000 + RANDOM % 30000))
		TRACE="$E2E_WORK/$name.trace"
		start "$name" qemu-system-x86_64 -nodefaults -display none "$@" \
			-spice port="$PORT",addr=127.0.0.1,disable-ticketing=on \
			-trace 'input_event_*' -D "$TRACE"
		QEMU=$LAST_PID
		if timeout 10 bash -c "until (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do sleep 0.1; done" &&
			alive "$QEMU"; then
			return 0
		fi
		stop "$QEMU"
	done
	fail "QEMU did not start with SPICE"
}

# start_client NAME ARGS...
start_client() {
	local name=$1
	shift
	start "$name" "$RELAY_CLIENT" --display x11 --borderless --x 0 --y 0 --spice-port "$PORT" \
		--stats-interval 0 "$@"
	CLIENT=$LAST_PID
	CLIENT_LOG="$E2E_WORK/$name.log"
	expect "$CLIENT_LOG" "spice: connected to 127.0.0.1:$PORT" 20 "$name: SPICE connected"
	WID=$(xdotool search --name '^relay' | head -n 1)
	[ -n "$WID" ] || fail "no window named relay"
	xdotool windowfocus --sync "$WID" || fail "cannot focus the window"
}

# qcodes FROM: "qcode:down" for each key event in the trace after line FROM.
qcodes() {
	tail -n +"$(($1 + 1))" "$TRACE" | sed -n 's/.*key qcode \([a-z_0-9]*\), down \([01]\).*/\1:\2/p' |
		tr '\n' ' ' | sed 's/ $//'
}

# ---- 1. -machine none: keys, motion, buttons --------------------------------
e2e_shm SHM none
start_qemu qemu1 -machine none
start_client client1 --shm-file "$SHM" --width 640 --height 360
xdotool key Scroll_Lock
expect "$CLIENT_LOG" 'input captured' 5 "captured"
# "X keycode expected-qcodes"
CASES=("38 a:1 a:0" "105 ctrl_r:1 ctrl_r:0" "111 up:1 up:0" "104 kp_enter:1 kp_enter:0"
	"133 meta_l:1 meta_l:0" "107 print:1 print:0" "135 compose:1 compose:0" "94 less:1 less:0"
	"76 f10:1 f10:0" "119 delete:1 delete:0" "106 kp_divide:1 kp_divide:0"
	"100 henkan:1 henkan:0" "102 muhenkan:1 muhenkan:0"
	"101 katakanahiragana:1 katakanahiragana:0"
	"121 audiomute:1 audiomute:0" "123 volumeup:1 volumeup:0" "127 pause:1")
# QEMU 7.2 has no qcodes for F13-F24 (its key table maps 0x5d... to
# "unmapped"); the bytes themselves are checked in input.sh.
bad=()
for c in "${CASES[@]}"; do
	read -r kc want <<<"$c"
	from=$(lines "$TRACE")
	xdotool key "$kc"
	last=${want##* }
	wait_for "$TRACE" "key qcode ${last%:*}, down ${last#*:}" 3 "$from" || true
	sleep 0.05
	got=$(qcodes "$from")
	[ "$got" = "$want" ] || bad+=("X keycode $kc: got [$got], want [$want]")
done
[ ${#bad[@]} -eq 0 ] || fail "QEMU got the wrong keys: ${bad[*]}"
log "ok: ${#CASES[@]} keys arrived in QEMU as the right qcodes"
from=$(lines "$TRACE")
for _ in 1 2 3 4; do
	xdotool mousemove_relative -- 10 -5
	sleep 0.05
done
rel_sum() { # rel_sum FROM WANT: QEMU's relative motion since FROM sums to WANT
	local got
	got=$(tail -n +"$(($1 + 1))" "$TRACE" |
		awk '/input_event_rel/ && /axis x/ { sub(",", "", $NF); x += $NF } /input_event_rel/ && /axis y/ { y += $NF } END { print x + 0, y + 0 }')
	echo "QEMU's relative motion summed to $got"
	[ "$got" = "$2" ]
}
expect_true 3 "QEMU's relative motion sums to what was moved (40,-20)" rel_sum "$from" "40 -20"
from=$(lines "$TRACE")
xdotool click 1 click 3
expect "$TRACE" 'button left, down 1' 3 "left button" "$from"
expect "$TRACE" 'button right, down 1' 3 "right button" "$from"
stop "$CLIENT" TERM
stop "$QEMU"

# ---- 2. client mouse mode: absolute positions through the scaling -----------
e2e_shm SHM2 abs
start host "$RELAY_HOST" --capture test --shm-file "$SHM2" --shm-size 16M \
	--test-width 720 --test-height 400 --test-fps 5 --stats-interval 0
HOST=$LAST_PID
SOCK="$E2E_WORK/monitor.sock"
start_qemu qemu2 -machine pc -accel tcg -m 64 -vga std -usb -device usb-tablet \
	-serial none -monitor unix:"$SOCK",server,nowait
timeout 5 bash -c "until [ -S '$SOCK' ]; do sleep 0.05; done" || fail "no QEMU monitor socket"
n=$($MONITOR "$SOCK" "info mice" | sed -n 's/.*Mouse #\([0-9]*\):.*(absolute).*/\1/p' | head -n 1)
[ -n "$n" ] || fail "QEMU lists no absolute pointer: $($MONITOR "$SOCK" "info mice")"
$MONITOR "$SOCK" "mouse_set $n" >/dev/null
start_client client2 --shm-file "$SHM2" --width 1080 --height 600 --scale fit
expect "$CLIENT_LOG" 'spice: mouse mode client \(absolute\)' 10 "the client sees client mouse mode"
expect "$CLIENT_LOG" 'receiving 720x400' 10 "frames arrive"
from=$(lines "$TRACE")
xdotool mousemove 150 150 # window pixel (150,150) at 1.5x = frame pixel (100,100)
# QEMU: 100 * 0x7fff / 720 = 0x11c6, 100 * 0x7fff / 400 = 0x1fff
expect "$TRACE" 'axis x, value 0x11c6' 5 "x lands on frame pixel 100 (QEMU 0x11c6)" "$from"
expect "$TRACE" 'axis y, value 0x1fff' 5 "y lands on frame pixel 100 (QEMU 0x1fff)" "$from"
from=$(lines "$TRACE")
xdotool mousemove 1077 597 # the last frame pixel (718,398)
expect "$TRACE" "axis x, value 0x$(printf '%x' $((718 * 32767 / 720)))" 5 "x at the right edge" "$from"
expect "$TRACE" "axis y, value 0x$(printf '%x' $((398 * 32767 / 400)))" 5 "y at the bottom edge" "$from"
stop "$CLIENT" TERM
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE"
stop "$QEMU"
stop "$HOST" INT
check_no_crash
log "PASS"
