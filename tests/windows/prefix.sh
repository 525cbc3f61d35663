#!/bin/bash
# Create the Wine prefix the Windows tests share, once: it is cached under
# $WIN_DIR/wineprefix, so later runs take no time here.
WIN_NEEDS_EXE=0
. "$(dirname "$0")/lib.sh"
if [ -f "$WINEPREFIX/system.reg" ] && [ -d "$WINEPREFIX/drive_c/windows/system32" ]; then
	log "PASS (prefix $WINEPREFIX exists)"
	exit 0
fi
SECONDS=0
# wineboot --init has been seen to exit 1 within 2 s, printing nothing, once
# in several runs on a 2-core machine; a second try on a fresh prefix has
# always worked. Setting up Wine is not what these tests test: one retry.
for try in 1 2; do
	rm -rf "$WINEPREFIX"
	mkdir -p "$WINEPREFIX"
	wine_start_server -p3
	timeout 120 "$WINE" wineboot --init >"$E2E_WORK/wineboot.log" 2>&1 && break
	rc=$?
	[ "$try" = 2 ] && fail "wineboot --init failed ($rc), twice"
	log "wineboot --init failed ($rc) with nothing on its output; trying once more on a fresh prefix"
	wine_stop_server
done
# The server exits (saving the registry) 3 s after the last process.
wait_exit "$WIN_SERVER_PID" 60 || fail "wineserver did not exit after wineboot"
WIN_SERVER_PID=
[ -f "$WINEPREFIX/system.reg" ] || fail "wineboot left no system.reg"
log "PASS (prefix created in ${SECONDS}s)"
