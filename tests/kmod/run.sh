#!/bin/bash
# tests/kmod/run.sh - CI test of kvmfr-module/ in a real Debian kernel.
#
#  1. kbuild W=1 build against Debian's linux-headers (any warning fails)
#  2. checkpatch.pl --strict (from linux-source-6.1 when installed)
#  3. make install into a scratch DESTDIR; dkms add/build/install into a
#     scratch tree
#  4. QEMU (TCG) boot, static mode: tests/kmod/guest/kvmfr_test.c "static"
#  5. QEMU (TCG) boot, PCI mode with ivshmem-plain backed by a /dev/shm file,
#     patterns checked in both directions
#  6. End to end: relay-host --capture test on this machine publishes into
#     the /dev/shm file behind ivshmem-plain; a statically linked headless
#     relay-client in the guest reads /dev/kvmfr0 (PCI mode), dumps its last
#     frame, and the guest prints the frame's serial and the md5 of its
#     pixels; this script compares that with rl-pattern-ref's rendering of
#     pattern frame serial - 1 (RESULT relay_e2e)
#
# Environment: KVMFR_SRC (module source; default kvmfr-module/), KVER (kernel release; default: newest with headers and
# /boot/vmlinuz), SEED (fuzz seed; default fixed), ITERS (fuzz iterations),
# QEMU_TIMEOUT (seconds per boot), KEEP=1 (keep the scratch directory),
# KMOD_CACHE (where the extracted checkpatch.pl is cached).
# End to end (step 6): E2E=0 skips it; RELAY_HOST, RL_PATTERN_REF and
# RELAY_CLIENT_STATIC use prebuilt binaries instead of building them from
# this tree in the scratch directory (the client must be statically linked);
# E2E_QEMU_TIMEOUT (default 120) bounds that boot; E2E_REF_SHIFT=N compares
# with the wrong pattern frame (serial - 1 + N), to see the check fail.
#
# To add a further guest program (e.g. an end-to-end relay-client run):
# copy it into the initramfs in build_initramfs, give init.sh a new
# kvmfr_test.mode, and call boot_guest with that mode and its expected
# RESULT names.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SRC=${KVMFR_SRC:-$ROOT/kvmfr-module}
SEED=${SEED:-20240607}
ITERS=${ITERS:-10000}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-150}
KMOD_CACHE=${KMOD_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/relay-kmod}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/relay-kmod.XXXXXX")
SHM=/dev/shm/relay-kmod-$$-${WORK##*.}
QEMU_PIDFILE=$WORK/qemu.pid
CURRENT_LOG=
E2E=${E2E:-1}
E2E_QEMU_TIMEOUT=${E2E_QEMU_TIMEOUT:-120}
E2E_REF_SHIFT=${E2E_REF_SHIFT:-0}
E2E_SHM=$SHM-e2e
HOST_PID=

log() { printf '== %s\n' "$*"; }

# ran CMD ARGS...: note a command line for the failure report.
COMMANDS=$WORK/commands
ran() { printf '%s\n' "$*" >>"$COMMANDS"; }

# On failure: the log of the step that failed (60 lines), the last lines of
# every other log collected so far (builds, dkms, each QEMU console,
# relay-host) and the command lines run, so CI's output names the cause.
fail() {
	local f
	printf 'FAIL: %s\n' "$*" >&2
	if [ -n "$CURRENT_LOG" ] && [ -f "$CURRENT_LOG" ]; then
		printf -- '--- last 60 lines of %s ---\n' "$CURRENT_LOG" >&2
		tail -n 60 "$CURRENT_LOG" | tr -d '\r' >&2
	fi
	for f in "$WORK"/*.log; do
		[ -f "$f" ] && [ "$f" != "$CURRENT_LOG" ] || continue
		printf -- '--- last 15 lines of %s ---\n' "$(basename "$f")" >&2
		tail -n 15 "$f" | tr -d '\r' >&2
	done
	if [ -s "$COMMANDS" ]; then
		printf -- '--- commands run ---\n' >&2
		cat "$COMMANDS" >&2
	fi
	exit 1
}

cleanup() {
	local rc=$?

	if [ -s "$QEMU_PIDFILE" ]; then
		local pid
		pid=$(cat "$QEMU_PIDFILE")
		kill "$pid" 2>/dev/null || true
	fi
	if [ -n "$HOST_PID" ]; then
		kill "$HOST_PID" 2>/dev/null || true
		wait "$HOST_PID" 2>/dev/null || true
	fi
	rm -f "$SHM" "$E2E_SHM"
	if [ "${KEEP:-0}" = 1 ]; then
		echo "scratch kept: $WORK"
	else
		rm -rf "$WORK"
	fi
	exit $rc
}
trap cleanup EXIT

now() { echo "$EPOCHREALTIME"; }
elapsed() { echo "$(now) - $1" | bc; }

# ---- prerequisites ------------------------------------------------------

pick_kernel() {
	local b k best=
	for b in /lib/modules/*/build; do
		[ -d "$b" ] || continue
		k=$(basename "$(dirname "$b")")
		[ -f "/boot/vmlinuz-$k" ] || continue
		best=$(printf '%s\n%s\n' "$best" "$k" | sed '/^$/d' | sort -V |
		       tail -n 1)
	done
	echo "$best"
}

need() {
	local missing=()
	local t

	for t in qemu-system-x86_64 cpio depmod modprobe dkms bc gcc make \
		 gzip timeout cmake file md5sum; do
		command -v "$t" >/dev/null || missing+=("$t")
	done
	[ -x /bin/busybox ] || missing+=(busybox-static)
	[ -n "$(pick_kernel)" ] || missing+=(linux-headers/linux-image)
	if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] &&
	   command -v apt-get >/dev/null; then
		log "installing $(tr '\n' ' ' <"$HERE/packages.txt")(missing: ${missing[*]})"
		DEBIAN_FRONTEND=noninteractive timeout 900 \
			apt-get install -y -qq $(cat "$HERE/packages.txt") \
			>"$WORK/apt.log" 2>&1 ||
			{ CURRENT_LOG=$WORK/apt.log; fail "apt-get install"; }
		missing=()
		for t in qemu-system-x86_64 cpio depmod dkms bc gcc cmake file; do
			command -v "$t" >/dev/null || missing+=("$t")
		done
		[ -x /bin/busybox ] || missing+=(busybox-static)
		[ -n "$(pick_kernel)" ] || missing+=(linux-headers/linux-image)
	fi
	[ ${#missing[@]} -eq 0 ] ||
		fail "missing: ${missing[*]} (install tests/kmod/packages.txt)"
}

# ---- build, checkpatch, dkms -------------------------------------------

build_module() {
	CURRENT_LOG=$WORK/build.log
	mkdir -p "$WORK/build"
	cp -r "$SRC/." "$WORK/build/"
	ran "make -C /lib/modules/$KVER/build M=$WORK/build W=1 modules"
	make -C "/lib/modules/$KVER/build" M="$WORK/build" W=1 modules \
		>"$CURRENT_LOG" 2>&1 || fail "module build"
	local n
	n=$(grep -c 'warning:' "$CURRENT_LOG" || true)
	if [ "$n" != 0 ]; then
		grep 'warning:' "$CURRENT_LOG" >&2
		fail "module build: $n warning(s) with W=1"
	fi
	[ -f "$WORK/build/kvmfr.ko" ] || fail "no kvmfr.ko"
	log "build: kvmfr.ko for $KVER, W=1, warnings: 0"
}

find_checkpatch() {
	local f tarball

	for f in /usr/src/linux-headers-*/scripts/checkpatch.pl \
		 /usr/src/linux-source-*/scripts/checkpatch.pl \
		 "$KMOD_CACHE"/scripts/checkpatch.pl; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V |
		  tail -n 1 || true)
	[ -n "$tarball" ] || return 0
	mkdir -p "$KMOD_CACHE"
	timeout 120 tar -xJf "$tarball" -C "$KMOD_CACHE" --strip-components=1 \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' >&2 || return 0
	[ -f "$KMOD_CACHE/scripts/checkpatch.pl" ] &&
		echo "$KMOD_CACHE/scripts/checkpatch.pl"
}

run_checkpatch() {
	local cp
	cp=$(find_checkpatch)
	if [ -z "$cp" ]; then
		log "checkpatch: NOT RUN - checkpatch.pl not available (Debian ships it only in linux-source-6.1; install it to enable this check)"
		return
	fi
	CURRENT_LOG=$WORK/checkpatch.log
	(cd "$SRC" && perl "$cp" --strict --no-tree --terse --show-types -f \
		kvmfr.c include/uapi/linux/kvmfr.h tools/kvmfr-info.c) >"$CURRENT_LOG" 2>&1 ||
		{ cat "$CURRENT_LOG" >&2; fail "checkpatch --strict"; }
	log "checkpatch --strict: clean ($cp)"
}

run_dkms() {
	local b=$WORK/dkms ver
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$SRC/dkms.conf")
	CURRENT_LOG=$WORK/dkms.log
	mkdir -p "$b/src/kvmfr-$ver" "$b/tree" "$b/install/$KVER"
	cp -r "$SRC/." "$b/src/kvmfr-$ver/"
	local d=(dkms --sourcetree "$b/src" --dkmstree "$b/tree"
		 --installtree "$b/install")
	ran "${d[*]} add|build|install --no-depmod|status -m kvmfr -v $ver -k $KVER"
	{
		export mok_signing_key=$b/mok.key mok_certificate=$b/mok.pub
		timeout 300 "${d[@]}" add -m kvmfr -v "$ver" &&
		timeout 300 "${d[@]}" build -m kvmfr -v "$ver" -k "$KVER" &&
		timeout 300 "${d[@]}" install --no-depmod -m kvmfr -v "$ver" \
			-k "$KVER" &&
		timeout 60 "${d[@]}" status -m kvmfr
	} >"$CURRENT_LOG" 2>&1 || fail "dkms"
	grep -q "kvmfr/$ver, $KVER, .*: installed" "$CURRENT_LOG" ||
		fail "dkms status does not say installed"
	find "$b/install/$KVER" -name 'kvmfr.ko*' | grep -q . ||
		fail "dkms installed no kvmfr.ko"
	log "dkms: add/build/install for $KVER in $b: installed"
}

run_make_install() {
	local d=$WORK/destdir f
	CURRENT_LOG=$WORK/install.log
	timeout 300 make -C "$WORK/build" install KVER="$KVER" DESTDIR="$d" \
		>"$CURRENT_LOG" 2>&1 || fail "make install"
	for f in "lib/modules/$KVER/extra/kvmfr.ko" \
		 etc/udev/rules.d/99-kvmfr.rules \
		 usr/local/include/linux/kvmfr.h; do
		[ -f "$d/$f" ] || fail "make install did not install /$f"
	done
	grep -qx 'SUBSYSTEM=="kvmfr", GROUP="kvm", MODE="0660"' \
		"$d/etc/udev/rules.d/99-kvmfr.rules" ||
		fail "udev rule is not group kvm, mode 0660"
	log "make install (DESTDIR): module, udev rule (kvm, 0660), uapi header"
}

# ---- guest --------------------------------------------------------------

build_guest() {
	CURRENT_LOG=$WORK/guest-build.log
	gcc -static -O2 -Wall -Wextra -Werror -I"$SRC/include/uapi" \
		-o "$WORK/kvmfr_test" "$HERE/guest/kvmfr_test.c" \
		>"$CURRENT_LOG" 2>&1 || fail "guest program build"
	gcc -static -O2 -Wall -Wextra -Werror -I"$SRC/include/uapi" \
		-o "$WORK/kvmfr-info" "$SRC/tools/kvmfr-info.c" \
		>>"$CURRENT_LOG" 2>&1 || fail "kvmfr-info build"
}

# relay-host and rl-pattern-ref (run here) and a static relay-client (run in
# the guest), each from its own build directory of this tree.
build_relay() {
	local t0 b=$WORK/relay-build s=$WORK/relay-static
	t0=$(now)
	CURRENT_LOG=$WORK/relay-build.log
	: >"$CURRENT_LOG"
	if [ -z "${RELAY_HOST:-}" ] || [ -z "${RL_PATTERN_REF:-}" ]; then
		{
			cmake -S "$ROOT" -B "$b" -DCMAKE_BUILD_TYPE=Release \
				-DRELAY_CAPTURE_X11=OFF -DRELAY_PNG=OFF \
				-DRELAY_BUILD_CLIENT=OFF -DENABLE_BENCH=OFF \
				-DENABLE_TESTS=ON &&
			cmake --build "$b" -j "$(nproc)" \
				--target relay-host rl-pattern-ref
		} >>"$CURRENT_LOG" 2>&1 || fail "relay-host/rl-pattern-ref build"
		RELAY_HOST=$b/host/relay-host
		RL_PATTERN_REF=$b/tests/e2e/rl-pattern-ref
	fi
	if [ -z "${RELAY_CLIENT_STATIC:-}" ]; then
		{
			cmake -S "$ROOT" -B "$s" -DCMAKE_BUILD_TYPE=Release \
				-DRELAY_PNG=OFF -DRELAY_BUILD_HOST=OFF \
				-DRELAY_RENDER_EGL=OFF -DRELAY_DISPLAY_X11=OFF \
				-DRELAY_DISPLAY_WAYLAND=OFF \
				-DENABLE_TESTS=OFF -DENABLE_BENCH=OFF \
				-DCMAKE_EXE_LINKER_FLAGS=-static &&
			cmake --build "$s" -j "$(nproc)" --target relay-client
		} >>"$CURRENT_LOG" 2>&1 || fail "static relay-client build"
		RELAY_CLIENT_STATIC=$s/client/relay-client
	fi
	[ -x "$RELAY_HOST" ] || fail "no relay-host at $RELAY_HOST"
	[ -x "$RL_PATTERN_REF" ] || fail "no rl-pattern-ref at $RL_PATTERN_REF"
	[ -x "$RELAY_CLIENT_STATIC" ] || fail "no relay-client at $RELAY_CLIENT_STATIC"
	# The initramfs has no libc: the client must not need a loader.
	file -L "$RELAY_CLIENT_STATIC" | grep -q 'statically linked' ||
		fail "relay-client is not statically linked: $(file -L "$RELAY_CLIENT_STATIC")"
	if ldd "$RELAY_CLIENT_STATIC" >/dev/null 2>&1; then
		fail "ldd lists libraries for $RELAY_CLIENT_STATIC"
	fi
	CURRENT_LOG=
	printf '== relay: relay-host, rl-pattern-ref and static relay-client (%s) ready in %.1fs\n' \
		"$(du -h "$RELAY_CLIENT_STATIC" | cut -f1)" "$(elapsed "$t0")"
}

build_initramfs() {
	local r=$WORK/initramfs m f d
	mkdir -p "$r"/{bin,sbin,etc,proc,sys,dev,tmp,lib/modules/$KVER/extra}
	cp /bin/busybox "$r/bin/busybox"
	cp "$HERE/guest/init.sh" "$r/init"
	chmod 755 "$r/init"
	cp "$WORK/kvmfr_test" "$r/bin/kvmfr_test"
	cp "$WORK/kvmfr-info" "$r/bin/kvmfr-info"
	[ "$E2E" = 0 ] || cp "$RELAY_CLIENT_STATIC" "$r/bin/relay-client"
	cp "$WORK/build/kvmfr.ko" "$r/lib/modules/$KVER/extra/"
	# vgem is the DMA-buf importer that drives map_dma_buf/unmap_dma_buf
	for m in vgem; do
		modprobe -S "$KVER" --show-depends "$m" |
			awk '$1 == "insmod" { print $2 }' | while read -r f; do
				d=$r/${f#/}
				mkdir -p "$(dirname "$d")"
				cp "$f" "$d"
			done
		echo "$m" >>"$r/etc/modules-load"
	done
	cp /lib/modules/"$KVER"/modules.{order,builtin,builtin.modinfo} \
		"$r/lib/modules/$KVER/"
	depmod -b "$r" "$KVER"
	mknod -m 600 "$r/dev/console" c 5 1
	mknod -m 666 "$r/dev/null" c 1 3
	(cd "$r" && find . -print0 | cpio --null -o -H newc --quiet |
		gzip -1) >"$WORK/initramfs.cpio.gz"
}

# boot_guest <name> <append> <expected RESULT names...>  (QEMU_EXTRA array)
boot_guest() {
	local name=$1 append=$2
	shift 2
	local log=$WORK/$name.log t0 rc first last r
	CURRENT_LOG=$log
	t0=$(now)
	ran "$name: qemu-system-x86_64 -accel tcg -cpu max -m 256 -smp 1 -kernel /boot/vmlinuz-$KVER" \
		"-initrd $WORK/initramfs.cpio.gz -append '... $append' ${QEMU_EXTRA[*]}"
	set +e
	timeout -k 5 "$QEMU_TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max \
		-m 256 -smp 1 -nodefaults -nographic -no-reboot -serial stdio \
		-pidfile "$QEMU_PIDFILE" \
		-kernel "/boot/vmlinuz-$KVER" -initrd "$WORK/initramfs.cpio.gz" \
		-append "console=ttyS0,115200 panic=-1 oops=panic quiet $append" \
		"${QEMU_EXTRA[@]}" </dev/null 2>&1 |
		while IFS= read -r line; do
			printf '%s %s\n' "$EPOCHREALTIME" "${line%$'\r'}"
		done >"$log"
	rc=${PIPESTATUS[0]}
	set -e
	rm -f "$QEMU_PIDFILE"
	grep -E ' (GUEST:|RESULT )' "$log" | cut -d' ' -f2- | sed 's/^/  /'
	[ "$rc" != 124 ] && [ "$rc" != 137 ] ||
		fail "$name: QEMU timed out after ${QEMU_TIMEOUT}s"
	[ "$rc" = 0 ] || fail "$name: QEMU exit status $rc"
	grep -qE '^[0-9.]+ RESULT [^ ]+ FAIL' "$log" && fail "$name: FAIL results"
	for r in "$@"; do
		grep -qE "^[0-9.]+ RESULT $r PASS" "$log" ||
			fail "$name: missing 'RESULT $r PASS'"
	done
	grep -qE '^[0-9.]+ GUEST: DONE' "$log" || fail "$name: guest did not finish"
	first=$(grep -m1 -E '^[0-9.]+ RESULT ' "$log" | cut -d' ' -f1)
	last=$(grep -E '^[0-9.]+ RESULT ' "$log" | tail -n 1 | cut -d' ' -f1)
	printf '== %s: boot-to-first-result %.2fs, boot-to-last-result %.2fs, qemu wall %.2fs\n' \
		"$name" "$(echo "$first - $t0" | bc)" \
		"$(echo "$last - $t0" | bc)" "$(elapsed "$t0")"
}

# ---- end to end ---------------------------------------------------------

# stop_host: SIGINT, then wait at most 5 s (SIGKILL after); relay-host
# exits 0 when stopped by SIGINT.
stop_host() {
	local i=0 rc
	kill -INT "$HOST_PID" 2>/dev/null || true
	while kill -0 "$HOST_PID" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
	kill -KILL "$HOST_PID" 2>/dev/null || true
	set +e
	wait "$HOST_PID" 2>/dev/null
	rc=$?
	set -e
	HOST_PID=
	[ "$rc" = 0 ] || fail "relay-host exit status $rc on SIGINT"
}

run_e2e() {
	local w=640 h=360 frames=5 shm_size=16M hlog=$WORK/relay-host.log
	local i line serial last size md5 want other ref t0 ok
	rm -f "$E2E_SHM"
	# Started before QEMU, so the file exists with its size when QEMU maps
	# it; no config file of the user's is read.
	CURRENT_LOG=$hlog
	ran "relay-host: $RELAY_HOST --capture test --shm-file $E2E_SHM --shm-size $shm_size" \
		"--test-width $w --test-height $h --test-fps 30 --no-idle-unwatched --stats-interval 0"
	HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config \
		"$RELAY_HOST" --capture test --shm-file "$E2E_SHM" \
		--shm-size "$shm_size" --test-width "$w" --test-height "$h" \
		--test-fps 30 --no-idle-unwatched --stats-interval 0 \
		</dev/null >"$hlog" 2>&1 &
	HOST_PID=$!
	i=0
	until grep -q "publishing ${w}x$h " "$hlog"; do
		kill -0 "$HOST_PID" 2>/dev/null || fail "relay-host exited"
		[ $i -lt 200 ] || fail "relay-host does not publish within 10 s"
		sleep 0.05; i=$((i + 1))
	done
	[ "$(stat -c %s "$E2E_SHM")" = $((16 << 20)) ] ||
		fail "$E2E_SHM is not $shm_size"
	log "e2e: relay-host (pid $HOST_PID) publishes ${w}x$h into $E2E_SHM ($shm_size)"

	QEMU_EXTRA=(-object "memory-backend-file,id=shm,mem-path=$E2E_SHM,size=$shm_size,share=on"
		    -device ivshmem-plain,memdev=shm)
	t0=$(now)
	QEMU_TIMEOUT=$E2E_QEMU_TIMEOUT boot_guest e2e \
		"kvmfr_test.mode=e2e kvmfr_test.frames=$frames kvmfr_test.timeout=60" \
		insmod relay_client dmesg
	kill -0 "$HOST_PID" 2>/dev/null || fail "relay-host died during the run"
	CURRENT_LOG=$hlog
	stop_host
	CURRENT_LOG=$WORK/e2e.log

	line=$(grep -m1 -E '^[0-9.]+ E2E ' "$CURRENT_LOG" | cut -d' ' -f2-) ||
		fail "e2e: the guest printed no E2E line"
	echo "  $line"
	serial=$(sed -n 's/.* serial=\([0-9]*\) .*/\1/p' <<<"$line")
	last=$(sed -n 's/.* last=\([0-9]*\) .*/\1/p' <<<"$line")
	size=$(sed -n 's/.* size=\([0-9x]*\) .*/\1/p' <<<"$line")
	md5=$(sed -n 's/.* md5=\([0-9a-f]*\)$/\1/p' <<<"$line")
	ok=1
	[ -n "$serial" ] && [ "$serial" -ge 1 ] ||
		{ echo "  e2e: no frame serial in the dump's header"; ok=0; }
	[ "$serial" = "$last" ] ||
		{ echo "  e2e: dump is serial $serial, last frame printed $last"; ok=0; }
	[ "$size" = "${w}x$h" ] ||
		{ echo "  e2e: dump is $size, not ${w}x$h"; ok=0; }
	[ ${#md5} = 32 ] || { echo "  e2e: no md5"; ok=0; }
	if [ $ok = 1 ]; then
		# host serial S shows pattern frame S - 1 (host/capture/test.c)
		ref=$WORK/ref.ppm
		"$RL_PATTERN_REF" $((serial - 1 + E2E_REF_SHIFT)) "${w}x$h" "$ref" ||
			fail "rl-pattern-ref"
		want=$(tail -c $((w * h * 3)) "$ref" | md5sum | cut -d' ' -f1)
		# the check can tell neighbouring frames apart
		"$RL_PATTERN_REF" "$serial" "${w}x$h" "$WORK/ref-next.ppm" ||
			fail "rl-pattern-ref"
		other=$(tail -c $((w * h * 3)) "$WORK/ref-next.ppm" | md5sum |
			cut -d' ' -f1)
		[ "$other" != "$want" ] || [ "$E2E_REF_SHIFT" != 0 ] ||
			fail "e2e: pattern frames $((serial - 1)) and $serial are identical"
		if [ "$md5" = "$want" ]; then
			echo "RESULT relay_e2e PASS frame serial $serial (${w}x$h) equals pattern frame $((serial - 1 + E2E_REF_SHIFT)) (md5 $md5)"
		else
			echo "RESULT relay_e2e FAIL frame serial $serial: md5 $md5, pattern frame $((serial - 1 + E2E_REF_SHIFT)) has $want"
			ok=0
		fi
	else
		echo "RESULT relay_e2e FAIL"
	fi
	line=$(grep -m1 -E '^[0-9.]+ RESULT relay_client ' "$CURRENT_LOG" |
	       cut -d' ' -f1)
	printf '== e2e: QEMU start to relay-client result %.2fs\n' \
		"$(echo "$line - $t0" | bc)"
	[ $ok = 1 ] || fail "e2e: the frame relay-client received is not the test pattern"
	rm -f "$E2E_SHM"
}

# ---- main ---------------------------------------------------------------

T_ALL=$(now)
need
KVER=${KVER:-$(pick_kernel)}
[ -f "/boot/vmlinuz-$KVER" ] || fail "no /boot/vmlinuz-$KVER"
log "kernel $KVER, scratch $WORK"

build_module
run_make_install
run_checkpatch
run_dkms
build_guest
[ "$E2E" = 0 ] || build_relay
build_initramfs

QEMU_EXTRA=()
boot_guest static \
	"kvmfr_test.mode=static kvmfr_test.seed=$SEED kvmfr_test.iters=$ITERS" \
	insmod kvmfr_info static_sizes static_zeroed mmap_coherence dmabuf_coherence \
	bad_ioctls vgem_import fuzz dmabuf_outlives_fd dmabuf_accounted rmmod dmesg

CURRENT_LOG=
truncate -s 16M "$SHM"
"$WORK/kvmfr_test" hostfill "$SHM"
QEMU_EXTRA=(-object "memory-backend-file,id=shm,mem-path=$SHM,size=16M,share=on"
	    -device ivshmem-plain,memdev=shm)
boot_guest pci "kvmfr_test.mode=pci" \
	insmod pci_size pci_host_pattern pci_guest_write pci_dmabuf \
	pci_vgem_import pci_unbind pci_rmmod dmesg
"$WORK/kvmfr_test" hostcheck "$SHM" | tee "$WORK/hostcheck.log"
grep -q '^RESULT host_check PASS' "$WORK/hostcheck.log" ||
	fail "host check of the guest pattern"

if [ "$E2E" = 0 ]; then
	log "e2e: SKIPPED (E2E=0)"
else
	run_e2e
fi

printf '== kmod: PASS in %.1fs\n' "$(elapsed "$T_ALL")"
