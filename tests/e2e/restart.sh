#!/bin/bash
# The restart matrix. One relay-client follows one shared-memory file
# through: client before host, host stopped (SIGTERM), host restarted,
# host killed (SIGKILL) and restarted, resolution changes; then a region
# too small for the frame. Each step must show the right message within
# 1 s and nothing may crash.
. "$(dirname "$0")/lib.sh"

e2e_shm SHM main
W=640 H=360 ALT_W=320 ALT_H=180
# What QEMU does before any guest runs: the file exists, nobody wrote it.
truncate -s 16M "$SHM"

host_args=(--capture test --shm-file "$SHM" --shm-size 16M --test-width $W
	--test-height $H --test-fps 60 --stats-interval 0)
CLOG="$E2E_WORK/client.log"
COUT="$E2E_WORK/client.out"

# 1. Client before host.
start client "$RELAY_CLIENT" --headless --shm-file "$SHM" --print-frames \
	--dump-frame "$E2E_WORK/last.ppm"
CLIENT=$LAST_PID
expect "$CLOG" "waiting for host" 1 "client started first says it is waiting for the host"
sleep 0.3
alive "$CLIENT" || fail "client exited while waiting for the host"
[ -z "$(frame_line "$COUT")" ] || fail "client shows a frame with no host"

start host1 "$RELAY_HOST" "${host_args[@]}"
HOST=$LAST_PID
expect "$COUT" "^frame serial=[0-9]+ ${W}x${H} " 1 "frames arrive within 1 s of the host starting"
expect "$CLOG" "connected to host" 1 "client reports the connection"

# 2. Host stops cleanly.
mark=$(lines "$CLOG")
stop "$HOST" TERM
[ "$EXIT_CODE" -eq 0 ] || fail "host exited with status $EXIT_CODE on SIGTERM (expected 0)"
expect "$CLOG" "host stopped" 1 "client says the host stopped after SIGTERM" "$mark"

# 3. Host restarted: new session.
mark=$(lines "$CLOG")
omark=$(lines "$COUT")
start host2 "$RELAY_HOST" "${host_args[@]}"
HOST=$LAST_PID
expect "$CLOG" "host restarted" 1 "client says the host restarted" "$mark"
expect "$COUT" "^frame serial=" 1 "frames flow again after the restart" "$omark"

# 4. Host killed: only the heartbeat tells.
mark=$(lines "$CLOG")
kill -s KILL "$HOST"
wait_exit "$HOST" 5
expect "$CLOG" "host stopped" 1 "client says the host stopped after SIGKILL" "$mark"
omark=$(lines "$COUT")
sleep 0.3
[ -z "$(tail -n +"$((omark + 1))" "$COUT" | grep '^frame')" ] ||
	fail "frames arrive after the host was killed"

# 5. Restarted again, now switching resolution every 30 frames (0.5 s).
mark=$(lines "$CLOG")
omark=$(lines "$COUT")
start host3 "$RELAY_HOST" "${host_args[@]}" --test-resize-every 30 \
	--test-alt-width $ALT_W --test-alt-height $ALT_H
HOST=$LAST_PID
expect "$CLOG" "host restarted" 1 "client follows the second restart" "$mark"
expect "$COUT" "^frame serial=" 1 "frames after the second restart" "$omark"
for size in ${ALT_W}x${ALT_H} ${W}x${H}; do
	mark=$(lines "$CLOG")
	expect "$E2E_WORK/host3.log" "publishing $size bgra frames" 3 "host switches to $size" \
		"$(grep -n "publishing" "$E2E_WORK/host3.log" | tail -n 1 | cut -d: -f1)"
	expect "$CLOG" "resolution changed to $size" 1 "client reports the resolution $size" "$mark"
done
# Frames of both sizes were received, each whole size consistent.
grep -qE "^frame serial=[0-9]+ ${ALT_W}x${ALT_H} fmt=bgra damage=0 \[full\]" "$COUT" ||
	fail "no full frame at ${ALT_W}x${ALT_H}"

# The client ends cleanly, and its last frame is exactly right.
stop "$CLIENT" INT
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGINT"
line=$(frame_line "$COUT")
[ -f "$E2E_WORK/last.ppm" ] || fail "client wrote no --dump-frame on exit"
check_pattern_dump "$E2E_WORK/last.ppm" "$(frame_serial "$line")" "$(frame_size "$line")"
stop "$HOST" INT
[ "$EXIT_CODE" -eq 0 ] || fail "host exited with status $EXIT_CODE on SIGINT"

# 6. Region too small: the VM's ivshmem is 8 MiB, the frame 1920x1080.
e2e_shm SMALL small
truncate -s 8M "$SMALL"
start client2 "$RELAY_CLIENT" --headless --shm-file "$SMALL" --print-frames
CLIENT=$LAST_PID
expect "$E2E_WORK/client2.log" "waiting for host" 1 "client waits on the small region"
start host4 "$RELAY_HOST" --capture test --shm-file "$SMALL" --shm-size 8M \
	--test-width 1920 --test-height 1080
HOST=$LAST_PID
expect "$E2E_WORK/client2.log" "region too small" 1 "client says the region is too small"
wait_exit "$HOST" 5 || fail "host keeps running with a region too small"
[ "$EXIT_CODE" -eq 3 ] || fail "host exited with status $EXIT_CODE for a region too small (expected 3)"
grep -qE "error: shared memory $SMALL is 8 MiB; a 1920x1080 bgra frame needs 3 slots x 8100 KiB \+ [0-9]+ KiB = [0-9.]+ MiB: raise shm-size" \
	"$E2E_WORK/host4.log" ||
	fail "host did not say how much shared memory a 1920x1080 frame needs"
log "ok: host exits 3 and names the size needed"
alive "$CLIENT" || fail "client exited on a region too small"
stop "$CLIENT" INT
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGINT"

# 7. Client before the host creates its file (relay-host sizes it itself).
e2e_shm LATE late
start client3 "$RELAY_CLIENT" --headless --shm-file "$LATE" --print-frames
CLIENT=$LAST_PID
expect "$E2E_WORK/client3.log" "waiting for host: $LATE does not exist yet" 1 \
	"client waits for the shared memory file to appear"
sleep 0.3
alive "$CLIENT" || fail "client gave up on a missing file"
start host5 "$RELAY_HOST" --capture test --shm-file "$LATE" --test-width 320 \
	--test-height 200 --stats-interval 0
HOST=$LAST_PID
expect "$E2E_WORK/client3.out" "^frame serial=[0-9]+ 320x200 " 1 \
	"frames arrive once the host has created the file"
stop "$CLIENT" INT
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE on SIGINT"
stop "$HOST" INT

check_no_crash
log "PASS"
