#!/bin/bash
# The Wayland display backend on sway headless (wlroots, pixman renderer),
# the compositor here with a seat and the optional protocols weston 10
# lacks, through rl-wl-probe: compositor-driven resize (swaymsg resize
# set) and fullscreen toggle, each redrawn at the new size and checked on
# a grim screenshot; decoration, keyboard shortcuts inhibitor and idle
# inhibitor in use; a key from a virtual keyboard (wtype) reaches the
# listener while captured. sway refuses to run as root: as root it runs as
# nobody.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/weston.sh"

[ -x "${RL_WL_PROBE:-}" ] || fail "\$RL_WL_PROBE is not set to an executable (run through ctest)"
for tool in sway swaymsg grim wtype convert; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (see tests/wayland/packages.txt)"
done

export XDG_RUNTIME_DIR="$E2E_WORK/xdg-sway"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 0700 "$XDG_RUNTIME_DIR"
printf 'output HEADLESS-1 mode 1024x640\ndefault_border none\nfocus_follows_mouse no\n' \
	>"$E2E_WORK/sway.conf"
SWAY_ENV=(env -i PATH=/usr/bin:/bin HOME="$XDG_RUNTIME_DIR" XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR"
	WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1)
if [ "$(id -u)" = 0 ]; then
	chmod o+x "$E2E_WORK"
	chmod o+r "$E2E_WORK/sway.conf"
	chown nobody:nogroup "$XDG_RUNTIME_DIR"
	start sway setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"${SWAY_ENV[@]}" sway -c "$E2E_WORK/sway.conf"
else
	start sway "${SWAY_ENV[@]}" sway -c "$E2E_WORK/sway.conf"
fi
SWAY_PID=$LAST_PID
for i in $(seq 1 200); do
	WAYLAND_DISPLAY=$(cd "$XDG_RUNTIME_DIR" && ls wayland-? 2>/dev/null | head -n 1)
	SWAYSOCK=$(ls "$XDG_RUNTIME_DIR"/sway-ipc.*.sock 2>/dev/null | head -n 1)
	[ -n "$WAYLAND_DISPLAY" ] && [ -n "$SWAYSOCK" ] && break
	alive "$SWAY_PID" || fail "sway exited"
	sleep 0.05
done
[ -n "$WAYLAND_DISPLAY" ] && [ -n "$SWAYSOCK" ] || fail "sway did not open its sockets in 10 s"
export WAYLAND_DISPLAY SWAYSOCK
log "sway up (pid $SWAY_PID, $WAYLAND_DISPLAY)"

sway_cmd() {
	timeout 10 swaymsg "$@" >>"$E2E_WORK/swaymsg.log" 2>&1 || fail "swaymsg $* failed"
}

grim_shot() {
	timeout 20 grim "$E2E_WORK/$1.png" 2>>"$E2E_WORK/grim.log" || fail "grim failed"
}

rm -f "$E2E_WORK/probe.in"
mkfifo "$E2E_WORK/probe.in"
exec 3<>"$E2E_WORK/probe.in"
"$RL_WL_PROBE" --size 320x240 --borderless <&3 >"$E2E_WORK/probe.out" 2>"$E2E_WORK/probe.log" &
PROBE_PID=$!
E2E_PIDS+=("$PROBE_PID")
OUT="$E2E_WORK/probe.out"
send() { printf '%s\n' "$1" >&3; }

expect "$OUT" '^ready 320x240$' 15 "window created"
# sway tiles a new window over the whole output: a compositor-driven resize.
expect "$OUT" '^resized 1024x640$' 10 "tiled by sway: resized to the output"
expect "$OUT" '^focus 1$' 10 "focused (activated)"
expect "$OUT" '^drawn 1024x640$' 10 "frame at the tiled size"
grep -q 'no zxdg_decoration_manager_v1\|no wl_seat\|no zwp_idle_inhibit\|no zwp_keyboard_shortcuts' \
	"$E2E_WORK/probe.log" && fail "sway offers these protocols, the probe said they are missing"

from=$(lines "$OUT")
sway_cmd floating enable
sway_cmd resize set 400 300
sway_cmd move position 100 120
expect "$OUT" '^resized 400x300$' 10 "swaymsg resize set 400 300" "$from"
expect "$OUT" '^drawn 400x300$' 10 "frame at 400x300" "$from"
sleep 0.2
grim_shot resized
check_quadrants "$E2E_WORK/resized.png" 400 300 100 120

from=$(lines "$OUT")
sway_cmd fullscreen toggle
expect "$OUT" '^resized 1024x640$' 10 "fullscreen toggle on" "$from"
expect "$OUT" '^drawn 1024x640$' 10 "fullscreen frame" "$from"
sleep 0.2
grim_shot fullscreen
check_quadrants "$E2E_WORK/fullscreen.png" 1024 640 0 0
from=$(lines "$OUT")
sway_cmd fullscreen toggle
expect "$OUT" '^resized 400x300$' 10 "fullscreen toggle off: back to 400x300" "$from"

from=$(lines "$OUT")
send "capture on"
send "idle on"
expect "$OUT" '^ok idle on$' 5 "capture and idle inhibit requested" "$from"
timeout 10 wtype a 2>>"$E2E_WORK/wtype.log" || fail "wtype failed"
# wtype brings its own keymap, so its codes are not evdev's: any key will do.
expect "$OUT" '^key [0-9]+ [01]$' 10 "a virtual keyboard's key reaches the listener" "$from"
expect "$E2E_WORK/probe.log" 'compositor shortcuts inhibited' 10 "shortcuts inhibitor active"
send "capture off"
send "idle off"
send quit
wait_exit "$PROBE_PID" 10 || fail "rl-wl-probe did not quit"
[ "$EXIT_CODE" = 0 ] || fail "rl-wl-probe exited with $EXIT_CODE"
grep -q '^error' "$OUT" && fail "rl-wl-probe: $(grep '^error' "$OUT")"
exec 3>&-
check_no_crash
log "PASS"
