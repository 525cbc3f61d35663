#!/bin/bash
# Configure and build relay-host.exe with the MinGW toolchain file into
# $WIN_DIR/build (-Werror, the project warnings, static runtime), then
# check it imports only Windows system DLLs.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${WIN_DIR:?run through ctest (WIN_DIR is not set)}"
build=$WIN_DIR/build
command -v x86_64-w64-mingw32-gcc >/dev/null ||
	{ echo "FAIL: x86_64-w64-mingw32-gcc missing (install gcc-mingw-w64-x86-64)"; exit 1; }

cmake -S "$top" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$top/cmake/toolchain-mingw64.cmake" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELAY_BUILD_CLIENT=OFF -DENABLE_TESTS=OFF \
	-DENABLE_BENCH=OFF -DRELAY_WERROR=ON >"$WIN_DIR/configure.log" 2>&1 ||
	{ tail -n 30 "$WIN_DIR/configure.log"; echo "FAIL: configure"; exit 1; }
grep -q '#define RL_HAS_CAPTURE_DXGI 1' "$build/generated/relay/config.h" ||
	{ echo "FAIL: the MinGW build does not enable DXGI capture"; exit 1; }
grep -q '#define RL_HAS_CAPTURE_X11 0' "$build/generated/relay/config.h" ||
	{ echo "FAIL: the MinGW build enables X11 capture"; exit 1; }
cmake --build "$build" -j"$(nproc)" >"$WIN_DIR/build.log" 2>&1 ||
	{ grep -E 'error|warning' "$WIN_DIR/build.log" | head -n 40; tail -n 20 "$WIN_DIR/build.log"; echo "FAIL: build"; exit 1; }
if grep -q 'warning:' "$WIN_DIR/build.log"; then
	grep 'warning:' "$WIN_DIR/build.log"
	echo "FAIL: warnings in the MinGW build"
	exit 1
fi

exe=$build/host/relay-host.exe
[ -f "$exe" ] || { echo "FAIL: $exe was not built"; exit 1; }
dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/.*DLL Name: //p' | tr 'A-Z' 'a-z' | sort)
echo "relay-host.exe ($(stat -c %s "$exe") bytes) imports:" $dlls
allowed=' advapi32.dll kernel32.dll msvcrt.dll user32.dll winmm.dll d3d11.dll dxgi.dll setupapi.dll wtsapi32.dll userenv.dll shell32.dll ole32.dll ws2_32.dll bcrypt.dll '
for d in $dlls; do
	[[ $allowed == *" $d "* ]] || { echo "FAIL: relay-host.exe needs $d (not a Windows system DLL; is the runtime linked statically?)"; exit 1; }
done
echo "PASS"
