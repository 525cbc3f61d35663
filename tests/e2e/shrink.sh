#!/bin/bash
# Whoever can write the shared-memory file can truncate it under both
# programs. Neither dies of SIGBUS: both say the file shrank, the host
# opens it again (growing it back) and starts a new session, and the
# client maps it again and receives frames again.
. "$(dirname "$0")/lib.sh"

e2e_shm SHM shrink
start host "$RELAY_HOST" --capture test --shm-file "$SHM" --shm-size 16M \
	--test-width 320 --test-height 200 --test-fps 60 --stats-interval 0 --no-idle-unwatched
HOST=$LAST_PID
expect "$E2E_WORK/host.log" "publishing 320x200 bgra frames" 10 "host publishes"
start client "$RELAY_CLIENT" --headless --shm-file "$SHM" --print-frames
CLIENT=$LAST_PID
expect "$E2E_WORK/client.out" '^frame serial=' 10 "the client receives frames"
sleep 0.3
# The host frozen, so the client is the first to touch the lost pages.
kill -STOP "$HOST"
truncate -s 0 "$SHM"
expect "$E2E_WORK/client.log" "the shared-memory file $SHM shrank from 16 MiB to (0 bytes|less)" 5 \
	"the client says the file shrank"
alive "$CLIENT" || fail "the client died"
kill -CONT "$HOST"
expect "$E2E_WORK/host.log" "the shared-memory file $SHM shrank from 16 MiB to (0 bytes|less) under the host" 5 \
	"the host says the file shrank"
expect "$E2E_WORK/host.log" "session [0-9a-f]+: 3 slots" 5 "the host starts a new session in the regrown file"
from=$(lines "$E2E_WORK/client.out")
expect "$E2E_WORK/client.out" '^frame serial=' 10 "the client receives frames again" "$from"
alive "$HOST" || fail "the host died"
alive "$CLIENT" || fail "the client died"
[ "$(stat -c %s "$SHM")" -eq $((16 << 20)) ] || fail "the file was not grown back: $(stat -c %s "$SHM") bytes"
stop "$CLIENT" TERM
[ "$EXIT_CODE" -eq 0 ] || fail "client exited with status $EXIT_CODE"
stop "$HOST" INT
[ "$EXIT_CODE" -eq 0 ] || fail "host exited with status $EXIT_CODE"
check_no_crash
log "PASS"
