# Shared helpers for the Windows tests (sourced, bash): the MinGW build of
# relay-host run under Wine next to the Linux relay-client.
#
# Builds on tests/e2e/lib.sh (work folder, start/stop by PID, bounded
# waits, log tails on failure). On top of it: a Wine prefix cached under
# the build folder (WIN_DIR/wineprefix, created once by prefix.sh), and a
# wineserver per test started and stopped by PID.
#
# Environment (set by tests/windows/CMakeLists.txt):
#   WIN_DIR        folder for the MinGW build and the Wine prefix
#   RELAY_CLIENT RL_PATTERN_REF RL_IMG_COMPARE   Linux tools

WIN_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${WIN_DIR:?run through ctest (WIN_DIR is not set)}"
WIN_BUILD=$WIN_DIR/build
WIN_EXE=$WIN_BUILD/host/relay-host.exe
export WINEPREFIX=$WIN_DIR/wineprefix
export WINEDLLOVERRIDES="mscoree,mshtml=" WINEDEBUG=${WINEDEBUG:--all}
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver
export RELAY_HOST=$WIN_EXE

if [ "${WIN_NEEDS_EXE:-1}" = 1 ]; then
	[ -x "$WIN_EXE" ] || { echo "FAIL: $WIN_EXE is missing (the windows_build test builds it)" >&2; exit 1; }
	[ -f "$WINEPREFIX/system.reg" ] || { echo "FAIL: no Wine prefix at $WINEPREFIX (the windows_wine_prefix test creates it)" >&2; exit 1; }
fi
for tool in "$WINE" "$WINESERVER"; do
	[ -x "$tool" ] || { echo "FAIL: $tool is missing (install wine64; see tests/windows/packages.txt)" >&2; exit 1; }
done

# shellcheck source=../e2e/lib.sh
. "$WIN_SRC/tests/e2e/lib.sh"

# Our own wineserver, by PID; every wine process of this prefix uses it.
# Cleanup kills what still runs in the prefix (wineserver -k is scoped to
# WINEPREFIX), then the e2e cleanup stops every PID.
wine_cleanup() {
	local rc=$?
	# A test may define win_before_cleanup (undo what it installed).
	if [ -n "${WIN_SERVER_PID:-}" ] && declare -F win_before_cleanup >/dev/null; then
		win_before_cleanup
	fi
	wine_stop_server
	(exit "$rc")
	e2e_cleanup
}

# PIDs of every Wine process (exe under /usr/lib/wine) running in this
# test's prefix: Wine's own services.exe, explorer.exe, winedevice.exe too.
wine_prefix_pids() {
	local d
	for d in /proc/[0-9]*; do
		[[ $(readlink "$d/exe" 2>/dev/null) == /usr/lib/wine/* ]] || continue
		tr '\0' '\n' <"$d/environ" 2>/dev/null | grep -qxF "WINEPREFIX=$WINEPREFIX" &&
			echo "${d#/proc/}"
	done
}

# Stop our wineserver and everything in the prefix. wineserver -k does
# not always take Wine's system processes along (they were seen sleeping
# on after it), so whatever is left is killed by PID.
wine_stop_server() {
	local pid
	[ -n "${WIN_SERVER_PID:-}" ] || return 0
	timeout 10 "$WINESERVER" -k 2>/dev/null
	wait_exit "$WIN_SERVER_PID" 5 || kill -s KILL "$WIN_SERVER_PID" 2>/dev/null
	for pid in $(wine_prefix_pids); do
		[ "$pid" != $$ ] && kill -s KILL "$pid" 2>/dev/null
	done
	WIN_SERVER_PID=
}
trap wine_cleanup EXIT

# Where this prefix's wineserver listens: Debian's Wine names a private
# folder under /tmp in $WINEPREFIX/wineserver; upstream uses /tmp/.wine-UID.
wine_server_socket() {
	local dev ino dir
	dev=$(stat -c %d "$WINEPREFIX") ino=$(stat -c %i "$WINEPREFIX")
	if [ -s "$WINEPREFIX/wineserver" ]; then
		dir=${TMPDIR:-/tmp}/$(head -c 64 "$WINEPREFIX/wineserver")
	else
		dir=/tmp/.wine-$(id -u)
	fi
	printf '%s/server-%x-%x/socket' "$dir" "$dev" "$ino"
}

# wine_start_server [PERSIST]: -p (until killed, the default) or -pN
# (exit N seconds after the last Wine process).
wine_start_server() {
	local deadline persist=${1:--p}
	if [ -S "$(wine_server_socket)" ] && "$WINESERVER" -k 2>/dev/null; then
		log "stopped a wineserver left in this prefix"
		sleep 0.5
	fi
	start wineserver "$WINESERVER" -f "$persist"
	WIN_SERVER_PID=$LAST_PID
	deadline=$(($(date +%s) + 10))
	until [ -S "$(wine_server_socket)" ]; do
		[ "$(date +%s)" -lt "$deadline" ] || fail "wineserver did not create $(wine_server_socket) within 10 s"
		alive "$WIN_SERVER_PID" || fail "wineserver exited"
		sleep 0.05
	done
}

# A Windows path for a Linux path (Wine maps Z: to /).
winpath() { echo "Z:${1//\//\\}"; }

# An X server for tests that need one (DXGI device creation); sets DISPLAY.
start_xvfb() {
	local fd_file=$E2E_WORK/xvfb.display
	exec 5>"$fd_file"
	start xvfb Xvfb -displayfd 5 -screen 0 1024x768x24 -nolisten tcp
	exec 5>&-
	wait_for "$fd_file" '^[0-9]+$' 10 || fail "Xvfb did not report its display"
	export DISPLAY=:$(head -n1 "$fd_file")
	log "Xvfb on $DISPLAY"
}
