#!/bin/bash
# relay-host.exe (MinGW) under Wine publishes the test source into a
# /dev/shm file through Z:\dev\shm\...; the Linux relay-client reads it and
# the dumped frame equals the reference pattern pixel for pixel, with damage
# covering every change: one protocol layout on both compilers. Then
# --capture dxgi, which Wine cannot duplicate, fails cleanly with the
# HRESULT named and exit code 4, with and without an X display.
. "$(dirname "$0")/lib.sh"

SIZE=640x360
FRAMES=30
# Wine picks its display driver when a prefix's first process starts, so
# the X server comes first and the no-display case gets a fresh wineserver.
start_xvfb
wine_start_server

# --no-idle-unwatched: pausing is not what this tests, and on a loaded
# machine the host could pause between the client's keepalives (a frame
# after the first then carries full damage).
run_format() {
	local fmt=$1 shm out ppm line serial host
	e2e_shm shm "$fmt"
	start "host-$fmt" "$WINE" "$WIN_EXE" --capture test --shm-file "$(winpath "$shm")" \
		--shm-size 16M --test-width "${SIZE%x*}" --test-height "${SIZE#*x}" \
		--test-format "$fmt" --test-fps 60 --stats-interval 1 --no-idle-unwatched
	host=$LAST_PID
	expect "$E2E_WORK/host-$fmt.log" "publishing 640x360 $fmt frames" 20 "host.exe ($fmt) publishes"
	out="$E2E_WORK/client-$fmt.out"
	ppm="$E2E_WORK/client-$fmt.ppm"
	timeout 30 "$RELAY_CLIENT" --headless --shm-file "$shm" --frames "$FRAMES" \
		--print-frames --dump-frame "$ppm" --timeout 15 >"$out" 2>"$E2E_WORK/client-$fmt.log" ||
		fail "client ($fmt) exited with status $?"
	grep -q "connected to host relay-host" "$E2E_WORK/client-$fmt.log" ||
		fail "client ($fmt) did not report the host"
	stop "$host" INT
	[ "$EXIT_CODE" -eq 0 ] || fail "host.exe ($fmt) exited with status $EXIT_CODE on Ctrl-C"
	grep -q "stopping on request" "$E2E_WORK/host-$fmt.log" || fail "host.exe ($fmt) did not stop cleanly"

	[ "$(grep -c '^frame serial=' "$out")" -eq "$FRAMES" ] || fail "client printed the wrong number of frames"
	line=$(frame_line "$out")
	serial=$(frame_serial "$line")
	[ "$(frame_size "$line")" = "$SIZE" ] || fail "last frame is not $SIZE: $line"
	grep -q "fmt=$fmt" <<<"$line" || fail "last frame is not $fmt: $line"
	check_pattern_dump "$ppm" "$serial" "$SIZE"

	local prev="" i rects
	for i in $(seq 1 "$FRAMES"); do
		line=$(frame_line "$out" "$i")
		serial=$(frame_serial "$line")
		rects=$(frame_rects "$line")
		if [ -n "$prev" ]; then
			[[ $rects != *full* ]] || fail "frame $serial after the first carried full damage: $line"
			# shellcheck disable=SC2086
			"$RL_PATTERN_REF" --covers $((prev - 1)) $((serial - 1)) "$SIZE" $rects \
				>"$E2E_WORK/covers.out" 2>&1 ||
				fail "damage of frame $serial does not cover the change since $prev: $(cat "$E2E_WORK/covers.out")"
		fi
		prev=$serial
	done
	log "ok: $fmt: $FRAMES frames from relay-host.exe, last one pixel exact, damage covers every change"
}

# dxgi_fails NAME HRESULT-PATTERN: exit code 4, the HRESULT and its name logged.
dxgi_fails() {
	local name=$1 pattern=$2 shm
	e2e_shm shm "$name"
	start "$name" "$WINE" "$WIN_EXE" --capture dxgi --shm-file "$(winpath "$shm")"
	wait_exit "$LAST_PID" 60 || fail "$name: relay-host.exe --capture dxgi still runs after 60 s"
	[ "$EXIT_CODE" -eq 4 ] || fail "$name: exit status $EXIT_CODE, expected 4 (capture failed)"
	grep -qE "$pattern" "$E2E_WORK/$name.log" || fail "$name: no error naming the HRESULT ($pattern)"
	log "ok: $name: exit 4, $(grep -oE "$pattern" "$E2E_WORK/$name.log" | head -n1)"
}

run_format bgra
run_format rgba
dxgi_fails dxgi-xvfb "DuplicateOutput failed: HRESULT 0x80004001 \(E_NOTIMPL"
wine_stop_server
unset DISPLAY
wine_start_server
dxgi_fails dxgi-nodisplay "failed: HRESULT 0x887a0004 \(DXGI_ERROR_UNSUPPORTED"
# No IVSHMEM device under Wine: a clear error, exit 1, no crash.
start ivshmem "$WINE" "$WIN_EXE" --capture test --shm-file ivshmem
wait_exit "$LAST_PID" 30 || fail "relay-host.exe --shm-file ivshmem still runs after 30 s"
[ "$EXIT_CODE" -eq 1 ] || fail "--shm-file ivshmem: exit status $EXIT_CODE, expected 1"
grep -q "no IVSHMEM device: add an ivshmem-plain device" "$E2E_WORK/ivshmem.log" ||
	fail "--shm-file ivshmem: no clear message about the missing device"
log "ok: --shm-file ivshmem without a device: exit 1, clear message"
check_no_crash
log "PASS"
