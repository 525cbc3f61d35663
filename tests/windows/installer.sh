#!/bin/bash
# The NSIS installer: makensis builds it (warnings are errors); under Wine
# a silent install (/S) puts relay-host.exe in place, registers the service
# with /SERVICEARGS= and starts it, whose capture process publishes frames
# the Linux client receives; the silent uninstall removes service, files
# and the uninstall registry entry.
. "$(dirname "$0")/lib.sh"

SIZE=320x240
DIR=$WINEPREFIX/drive_c/relaytest
PD=$WINEPREFIX/drive_c/ProgramData/relay
SETUP=$WIN_DIR/relay-host-setup.exe
UNKEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\relay-host'

command -v makensis >/dev/null || fail "makensis is missing (install nsis)"
version=$(sed -n 's/^#define RELAY_VERSION "\(.*\)"/\1/p' "$WIN_BUILD/generated/relay/config.h")
makensis -WX -V2 -DEXE="$WIN_EXE" -DVERSION="$version" -DOUTFILE="$SETUP" \
	"$WIN_SRC/installer/relay-host.nsi" >"$E2E_WORK/makensis.log" 2>&1 ||
	fail "makensis failed"
[ -s "$SETUP" ] || fail "makensis wrote no installer"
log "ok: makensis built $(basename "$SETUP") ($(stat -c %s "$SETUP") bytes)"

wine_start_server
start keeper "$WINE" cmd /c "ping -n 170 127.0.0.1 > NUL"

# wbat NAME LINE: run one batch line in Wine (cmd waits for GUI programs
# started from a batch file, and keeps the command line literal).
wbat() {
	local name=$1
	printf '@echo off\r\n%s\r\nexit /b %%errorlevel%%\r\n' "$2" >"$WINEPREFIX/drive_c/$name.bat"
	timeout 90 "$WINE" cmd /c "C:\\$name.bat" >"$E2E_WORK/$name.out" 2>"$E2E_WORK/$name.log" </dev/null
	RC=$?
	tr -d '\r' <"$E2E_WORK/$name.out" >"$E2E_WORK/$name.txt"
}

wbat leftover "\"$(winpath "$WIN_EXE")\" --uninstall-service"
win_before_cleanup() { wbat cleanup "\"$(winpath "$WIN_EXE")\" --uninstall-service"; }
rm -rf "$DIR" "$PD"
mkdir -p "$PD"
: >"$PD/relay-host-capture.log"
ln -s "$PD/relay-host-capture.log" "$E2E_WORK/capture.log"

e2e_shm shm inst
args="--capture test --shm-file $(winpath "$shm") --shm-size 8M --test-width ${SIZE%x*} --test-height ${SIZE#*x} --stats-interval 0"
wbat install "\"$(winpath "$SETUP")\" /S /SERVICEARGS=$args /D=C:\\relaytest"
[ "$RC" -eq 0 ] || fail "silent install exited with $RC"
[ -f "$DIR/relay-host.exe" ] && [ -f "$DIR/uninstall.exe" ] || fail "the installer did not put relay-host.exe and uninstall.exe in C:\\relaytest"
cmp -s "$DIR/relay-host.exe" "$WIN_EXE" || fail "the installed relay-host.exe differs from the build"
wbat regsvc "reg query HKLM\\System\\CurrentControlSet\\Services\\relay-host"
grep -qE "ImagePath.*relaytest.relay-host.exe --service --capture test" "$E2E_WORK/regsvc.txt" ||
	fail "the service is not registered with the installer's options: $(cat "$E2E_WORK/regsvc.txt")"
wbat regun "reg query $UNKEY"
grep -q "DisplayName" "$E2E_WORK/regun.txt" || fail "no uninstall entry in the registry"
log "ok: silent install (files, service with /SERVICEARGS, uninstall entry)"

expect "$PD/relay-host-capture.log" "publishing 320x240 bgra frames" 20 "installed service's capture process publishes"
timeout 30 "$RELAY_CLIENT" --headless --shm-file "$shm" --frames 5 --print-frames \
	--dump-frame "$E2E_WORK/client.ppm" --timeout 20 >"$E2E_WORK/client.out" 2>"$E2E_WORK/client.log" ||
	fail "client exited with status $?"
line=$(frame_line "$E2E_WORK/client.out")
check_pattern_dump "$E2E_WORK/client.ppm" "$(frame_serial "$line")" "$SIZE"

# _?= runs the uninstaller in place and waits for it.
wbat uninstall "C:\\relaytest\\uninstall.exe /S _?=C:\\relaytest"
[ "$RC" -eq 0 ] || fail "silent uninstall exited with $RC"
[ ! -e "$DIR/relay-host.exe" ] || fail "relay-host.exe is still installed"
wbat query "sc query relay-host"
[ "$RC" -ne 0 ] || fail "the service is still registered after uninstall: $(cat "$E2E_WORK/query.txt")"
wbat regun2 "reg query $UNKEY"
[ "$RC" -ne 0 ] || fail "the uninstall entry is still in the registry"
log "ok: silent uninstall removed the service, relay-host.exe and the uninstall entry"
check_no_crash
log "PASS"
