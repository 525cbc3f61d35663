#!/bin/bash
# relay-host.exe as a Windows service under Wine's service control
# manager: --install-service records the capture options, sc start runs
# the service, which launches the capture process (--capture test) whose
# frames the Linux client receives; killing the capture process makes the
# service restart it; sc stop stops both cleanly; --uninstall-service
# removes the service.
. "$(dirname "$0")/lib.sh"

SIZE=320x240
PD=$WINEPREFIX/drive_c/ProgramData/relay
SVC_LOG=$PD/relay-host-service.log
CAP_LOG=$PD/relay-host-capture.log

wine_start_server
# Wine ends its service manager when the last ordinary process exits:
# this one keeps the session up for the whole test.
start keeper "$WINE" cmd /c "ping -n 170 127.0.0.1 > NUL"

# wrun NAME CMD...: a Wine command to completion (60 s at most); sets RC.
wrun() {
	local name=$1
	shift
	timeout 60 "$WINE" "$@" >"$E2E_WORK/$name.out" 2>"$E2E_WORK/$name.log" </dev/null
	RC=$?
	tr -d '\r' <"$E2E_WORK/$name.out" >"$E2E_WORK/$name.txt"
}

wrun uninstall-leftover "$WIN_EXE" --uninstall-service
# On failure the service must not stay installed: Wine would auto-start it
# in every later session of this prefix.
win_before_cleanup() { wrun cleanup-uninstall "$WIN_EXE" --uninstall-service; }
rm -rf "$PD"
mkdir -p "$PD"
: >"$SVC_LOG"
: >"$CAP_LOG"
ln -s "$SVC_LOG" "$E2E_WORK/service.log"
ln -s "$CAP_LOG" "$E2E_WORK/capture.log"

e2e_shm shm svc
wrun install "$WIN_EXE" --install-service --capture test --shm-file "$(winpath "$shm")" \
	--shm-size 8M --test-width "${SIZE%x*}" --test-height "${SIZE#*x}" --stats-interval 0
[ "$RC" -eq 0 ] || fail "--install-service exited with $RC"
grep -q "service relay-host installed" "$E2E_WORK/install.log" || fail "install did not say installed"
# Wine's sc has no qc: read the service's registry key instead.
wrun qc reg query 'HKLM\System\CurrentControlSet\Services\relay-host'
grep -qE "Start[[:space:]]+REG_DWORD[[:space:]]+0x2$" "$E2E_WORK/qc.txt" ||
	fail "the service is not auto-start: $(cat "$E2E_WORK/qc.txt")"
grep -qE "ImagePath.*relay-host.exe --service --capture test" "$E2E_WORK/qc.txt" ||
	fail "the service's command line lacks the options: $(cat "$E2E_WORK/qc.txt")"
grep -qE "ObjectName.*LocalSystem" "$E2E_WORK/qc.txt" ||
	fail "the service does not run as LocalSystem: $(cat "$E2E_WORK/qc.txt")"
log "ok: installed (auto-start, LocalSystem, options recorded)"

wrun start sc start relay-host
[ "$RC" -eq 0 ] || fail "sc start exited with $RC: $(cat "$E2E_WORK/start.txt")"
expect "$SVC_LOG" "capture process started: pid [0-9]+" 20 "service launched the capture process"
first_pid=$(grep -oE "capture process started: pid [0-9]+" "$SVC_LOG" | head -n1 | grep -oE '[0-9]+$')

# check_frames TAG: the client gets frames, the last one pixel exact;
# sets SESSION to the host session the client connected to.
check_frames() {
	local tag=$1 out="$E2E_WORK/client-$1.out" ppm="$E2E_WORK/client-$1.ppm" line
	timeout 30 "$RELAY_CLIENT" --headless --shm-file "$shm" --frames 10 --print-frames \
		--dump-frame "$ppm" --timeout 20 >"$out" 2>"$E2E_WORK/client-$tag.log" ||
		fail "client ($tag) exited with status $?"
	line=$(frame_line "$out")
	check_pattern_dump "$ppm" "$(frame_serial "$line")" "$SIZE"
	SESSION=$(grep -oE "session [0-9a-f]+" "$E2E_WORK/client-$tag.log" | head -n1)
	[ -n "$SESSION" ] || fail "client ($tag) named no host session"
}
expect "$CAP_LOG" "publishing 320x240 bgra frames" 20 "capture process publishes"
check_frames first
session1=$SESSION
log "ok: frames from the service's capture process ($session1)"

cap0=$(lines "$CAP_LOG")
line0=$(lines "$SVC_LOG")
wrun kill taskkill /F /PID "$first_pid"
[ "$RC" -eq 0 ] || fail "taskkill /F /PID $first_pid exited with $RC"
expect "$SVC_LOG" "capture process exited with code [0-9]+ .*restarting in [0-9]+ ms" 10 \
	"service saw the capture process die" "$line0"
expect "$SVC_LOG" "capture process started: pid [0-9]+" 15 "service restarted it" "$line0"
second_pid=$(grep -oE "capture process started: pid [0-9]+" "$SVC_LOG" | tail -n1 | grep -oE '[0-9]+$')
[ "$second_pid" != "$first_pid" ] || fail "the restarted capture process has the old pid $first_pid"
expect "$CAP_LOG" "publishing 320x240 bgra frames" 20 "restarted capture process publishes" "$cap0"
check_frames second
session2=$SESSION
[ "$session2" != "$session1" ] || fail "no new host session after the restart ($session2)"
log "ok: restarted capture process $second_pid publishes ($session2)"

line0=$(lines "$SVC_LOG")
wrun stop sc stop relay-host
[ "$RC" -eq 0 ] || fail "sc stop exited with $RC"
expect "$SVC_LOG" "capture process $second_pid stopped \(exit code 0\)" 15 \
	"capture process stopped cleanly on its stop event" "$line0"
expect "$SVC_LOG" "service stopped" 10 "service stopped" "$line0"
for _ in $(seq 1 50); do
	wrun query sc query relay-host
	grep -q "STOPPED" "$E2E_WORK/query.txt" && break
	sleep 0.2
done
grep -q "STOPPED" "$E2E_WORK/query.txt" || fail "sc query does not report STOPPED: $(cat "$E2E_WORK/query.txt")"
grep -q "stopping on request" "$CAP_LOG" || fail "the capture process did not log a clean stop"

wrun uninstall "$WIN_EXE" --uninstall-service
[ "$RC" -eq 0 ] || fail "--uninstall-service exited with $RC"
grep -q "service relay-host removed" "$E2E_WORK/uninstall.log" || fail "uninstall did not say removed"
wrun query-gone sc query relay-host
[ "$RC" -ne 0 ] || fail "sc query still finds relay-host after uninstall: $(cat "$E2E_WORK/query-gone.txt")"
log "ok: uninstalled"
check_no_crash
log "PASS"
