# Weston headless helpers for the Wayland tests (sourced after
# tests/e2e/lib.sh, bash).
#
# start_weston [ARGS...]  weston headless with the GL renderer, screenshots
#                         allowed (--debug), the default desktop shell;
#                         sets WAYLAND_DISPLAY and XDG_RUNTIME_DIR
# screenshot NAME         weston-screenshooter -> $E2E_WORK/NAME.png
# colour_box IMG RGB      "COUNT WxH+X+Y": pixels exactly RGB ("255,0,0")
#                         and their bounding box
# check_quadrants IMG W H [X Y]
#                         rl-wl-probe's four quadrants, each exactly
#                         W/2 x H/2 of one colour, in place (at X,Y when given)

start_weston() {
	export XDG_RUNTIME_DIR="$E2E_WORK/xdg"
	export WAYLAND_DISPLAY="wl-relay-$$"
	mkdir -p -m 0700 "$XDG_RUNTIME_DIR"
	start weston weston --backend=headless-backend.so --socket="$WAYLAND_DISPLAY" \
		--use-gl --no-config --debug --idle-time=0 "$@"
	WESTON_PID=$LAST_PID
	local i
	for i in $(seq 1 200); do
		[ -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" ] && break
		alive "$WESTON_PID" || fail "weston exited"
		sleep 0.05
	done
	[ -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" ] || fail "weston did not open its socket in 10 s"
	# The desktop shell client draws the background and panel after the socket appears.
	sleep 1
	log "weston up (pid $WESTON_PID, $WAYLAND_DISPLAY): $*"
}

screenshot() {
	local dir="$E2E_WORK/shot-$1"
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && timeout 20 weston-screenshooter) >>"$E2E_WORK/screenshooter.log" 2>&1 ||
		fail "weston-screenshooter failed"
	local png
	png=$(ls "$dir"/wayland-screenshot-*.png 2>/dev/null | head -n 1)
	[ -n "$png" ] || fail "weston-screenshooter wrote no PNG"
	mv "$png" "$E2E_WORK/$1.png"
	rmdir "$dir"
}

colour_box() {
	local c="rgb($2)"
	convert "$1" -alpha off -fill black +opaque "$c" -fill white -opaque "$c" \
		-format '%[fx:round(mean*w*h)] %@' info: 2>/dev/null
}

# check_quadrants IMG W H [X Y]: sets QX QY (where the content is).
check_quadrants() {
	local img=$1 w=$2 h=$3 qw=$(($2 / 2)) qh=$(($3 / 2))
	local names=(top-left top-right bottom-left bottom-right)
	local rgbs=("255,0,0" "0,255,0" "0,0,255" "255,255,0")
	local dx=(0 "$qw" 0 "$qw") dy=(0 0 "$qh" "$qh")
	local i got count box x y
	QX=${4:-}
	QY=${5:-}
	for i in 0 1 2 3; do
		got=$(colour_box "$img" "${rgbs[$i]}")
		count=${got%% *}
		box=${got#* }
		if [ "$count" != $((qw * qh)) ] || [[ "$box" != "${qw}x${qh}+"* ]]; then
			fail "$(basename "$img"): ${names[$i]} quadrant rgb(${rgbs[$i]}): $count pixels in $box, expected $((qw * qh)) in ${qw}x${qh}"
		fi
		x=$(cut -d+ -f2 <<<"$box")
		y=$(cut -d+ -f3 <<<"$box")
		if [ -z "$QX" ]; then
			QX=$((x - dx[i]))
			QY=$((y - dy[i]))
		fi
		if [ "$x" != $((QX + dx[i])) ] || [ "$y" != $((QY + dy[i])) ]; then
			fail "$(basename "$img"): ${names[$i]} quadrant at $x,$y, expected $((QX + dx[i])),$((QY + dy[i]))"
		fi
	done
	log "ok: $(basename "$img"): ${w}x${h} quadrants exact at $QX,$QY"
}
