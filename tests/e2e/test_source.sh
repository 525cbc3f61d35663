#!/bin/bash
# relay-host --capture test -> relay-client --headless: the dumped frame is
# the test pattern of its serial, pixel for pixel (BGRA and RGBA), and the
# damage the client reports covers every pixel that changed.
. "$(dirname "$0")/lib.sh"

SIZE=640x360

run_format() {
	local fmt=$1 shm out ppm line serial
	e2e_shm shm "$fmt"
	start "host-$fmt" "$RELAY_HOST" --capture test --shm-file "$shm" --shm-size 16M \
		--test-width "${SIZE%x*}" --test-height "${SIZE#*x}" --test-format "$fmt" \
		--test-fps 60 --stats-interval 1
	local host=$LAST_PID
	expect "$E2E_WORK/host-$fmt.log" "publishing 640x360 $fmt frames" 5 "host ($fmt) publishes"
	out="$E2E_WORK/client-$fmt.out"
	ppm="$E2E_WORK/client-$fmt.ppm"
	timeout 20 "$RELAY_CLIENT" --headless --shm-file "$shm" --frames 40 --print-frames \
		--dump-frame "$ppm" --timeout 10 >"$out" 2>"$E2E_WORK/client-$fmt.log" ||
		fail "client ($fmt) exited with status $?"
	expect "$E2E_WORK/host-$fmt.log" "stats: [0-9.]+ fps, [0-9.]+ KiB/frame, damage [0-9.]+%" 3 \
		"host ($fmt) logs stats"
	stop "$host" INT
	[ "$EXIT_CODE" -eq 0 ] || fail "host ($fmt) exited with status $EXIT_CODE on SIGINT"

	local n
	n=$(grep -c '^frame serial=' "$out")
	[ "$n" -eq 40 ] || fail "client printed $n frame lines, expected 40"
	line=$(frame_line "$out")
	serial=$(frame_serial "$line")
	[ "$(frame_size "$line")" = "$SIZE" ] || fail "last frame is not $SIZE: $line"
	grep -q "fmt=$fmt" <<<"$line" || fail "last frame is not $fmt: $line"
	check_pattern_dump "$ppm" "$serial" "$SIZE"

	# Damage: after the first frame never the whole frame, and it covers
	# every pixel that changed since the previous frame the client took.
	local prev="" full=0 i
	for i in $(seq 1 40); do
		line=$(frame_line "$out" "$i")
		serial=$(frame_serial "$line")
		local rects
		rects=$(frame_rects "$line")
		if [ -z "$prev" ]; then
			prev=$serial
			continue
		fi
		if [[ $rects == *full* ]]; then
			full=$((full + 1))
		else
			local count area
			count=$(frame_damage_count "$line")
			area=$(rects_area $rects)
			[ "$count" -ge 1 ] && [ "$area" -le $((${SIZE%x*} * ${SIZE#*x} / 10)) ] ||
				fail "frame $serial: $count damage rects covering $area pixels is not a small update: $line"
		fi
		# shellcheck disable=SC2086
		"$RL_PATTERN_REF" --covers $((prev - 1)) $((serial - 1)) "$SIZE" $rects \
			>"$E2E_WORK/covers.out" 2>&1 ||
			fail "damage of frame $serial does not cover the change since $prev: $(cat "$E2E_WORK/covers.out") ($line)"
		prev=$serial
	done
	[ "$full" -eq 0 ] || fail "$full frames after the first carried full damage"
	log "ok: $fmt: 39 frames carried partial damage covering every changed pixel"
}

run_format bgra
run_format rgba
check_no_crash
log "PASS"
