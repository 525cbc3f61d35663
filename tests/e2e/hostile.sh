#!/bin/bash
# A hostile client keeps relay-host's message queue full for 4 s with valid
# messages (resolution requests flipping between two sizes, cursor warps):
# the host handles a bounded number per loop, applies at most the latest of
# each kind, keeps publishing to a normal client, and its log stays short
# (no line per message; one "more than N messages" warning).
. "$(dirname "$0")/lib.sh"

[ -x "${RL_HOSTILE_CLIENT:-}" ] || fail "\$RL_HOSTILE_CLIENT is not set (run through ctest)"
e2e_shm SHM hostile
start host "$RELAY_HOST" --capture test --shm-file "$SHM" --shm-size 16M \
	--test-width 640 --test-height 360 --test-fps 60 --stats-interval 0 --no-idle-unwatched
HOST=$LAST_PID
expect "$E2E_WORK/host.log" "publishing 640x360 bgra frames" 10 "host publishes"
start flood "$RL_HOSTILE_CLIENT" "$SHM" 4
FLOOD=$LAST_PID
sleep 0.5
start watcher "$RELAY_CLIENT" --headless --shm-file "$SHM" --print-frames --timeout 3
WATCHER=$LAST_PID
wait_exit "$WATCHER" 10 || fail "the watching client did not end"
wait_exit "$FLOOD" 10 || fail "the hostile client did not end"
[ "$EXIT_CODE" -eq 0 ] || fail "the hostile client failed: $(cat "$E2E_WORK/flood.log")"
queued=$(sed -n 's/^queued \([0-9]*\) messages/\1/p' "$E2E_WORK/flood.out")
[ "${queued:-0}" -gt 10000 ] || fail "the hostile client queued only ${queued:-0} messages"
frames=$(grep -c '^frame serial=' "$E2E_WORK/watcher.out")
[ "$frames" -ge 60 ] || fail "the host published $frames frames to a normal client in 3 s of flood"
lines=$(wc -l <"$E2E_WORK/host.log")
[ "$lines" -le 40 ] || fail "the host logged $lines lines during a flood of $queued messages: $(sort "$E2E_WORK/host.log" | uniq -c | sort -rn | head -3)"
expect "$E2E_WORK/host.log" "a client sends more than [0-9]+ messages per loop" 1 "the flood is said once"
alive "$HOST" || fail "the host died"
log "ok: $queued messages queued; the host logged $lines lines and published $frames frames to a watcher"
stop "$HOST" INT
check_no_crash
log "PASS"
