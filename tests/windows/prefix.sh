#!/bin/bash
# Create the Wine prefix the Windows tests share, once: it is cached under
# $WIN_DIR/wineprefix, so later runs take no time here.
WIN_NEEDS_EXE=0
. "$(dirname "$0")/lib.sh"
if [ -f "$WINEPREFIX/system.reg" ] && [ -d "$WINEPREFIX/drive_c/windows/system32" ]; then
	log "PASS (prefix $WINEPREFIX exists)"
	exit 0
fi
rm -rf "$WINEPREFIX"
mkdir -p "$WINEPREFIX"
wine_start_server -p3
SECONDS=0
timeout 120 "$WINE" wineboot --init >"$E2E_WORK/wineboot.log" 2>&1 || fail "wineboot --init failed ($?)"
# The server exits (saving the registry) 3 s after the last process.
wait_exit "$WIN_SERVER_PID" 60 || fail "wineserver did not exit after wineboot"
WIN_SERVER_PID=
[ -f "$WINEPREFIX/system.reg" ] || fail "wineboot left no system.reg"
log "PASS (prefix created in ${SECONDS}s)"
