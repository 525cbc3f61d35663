#!/bin/busybox sh
# PID 1 of the test guest (see tests/kmod/run.sh).  The kernel command line
# selects the mode: kvmfr_test.mode=static|pci|e2e, kvmfr_test.seed=N,
# kvmfr_test.iters=N (static), kvmfr_test.frames=N and kvmfr_test.timeout=S
# (e2e).  Prints RESULT lines on the serial console.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
KVER=$(uname -r)
arg() { sed -n "s/.*kvmfr_test\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
MODE=$(arg mode)
echo "GUEST: init mode=$MODE uptime=$(cut -d' ' -f1 /proc/uptime) kernel=$KVER"
for m in $(cat /etc/modules-load 2>/dev/null); do
	modprobe "$m" || echo "GUEST: modprobe $m FAILED"
done
KO=/lib/modules/$KVER/extra/kvmfr.ko
case "$MODE" in
static)
	if insmod "$KO" static_size_mb=32,8; then
		echo "RESULT insmod PASS static_size_mb=32,8"
		if /bin/kvmfr-info -w /dev/kvmfr1 0x3000 0x5000; then
			echo "RESULT kvmfr_info PASS"
		else
			echo "RESULT kvmfr_info FAIL"
		fi
		/bin/kvmfr_test static "$(arg seed)" "$(arg iters)"
	else
		echo "RESULT insmod FAIL"
	fi
	;;
pci)
	if insmod "$KO"; then
		i=0
		while [ ! -e /dev/kvmfr0 ] && [ $i -lt 200 ]; do
			sleep 0.05; i=$((i + 1))
		done
		echo "RESULT insmod PASS no parameters"
		/bin/kvmfr_test pci
	else
		echo "RESULT insmod FAIL"
	fi
	;;
e2e)
	# relay-host on the CI machine publishes the test pattern into the file
	# behind the ivshmem device; the static relay-client reads it through
	# /dev/kvmfr0 (kvmfr source: GETSIZE ioctl + mmap of BAR2).
	if insmod "$KO"; then
		i=0
		while [ ! -e /dev/kvmfr0 ] && [ $i -lt 200 ]; do
			sleep 0.05; i=$((i + 1))
		done
		echo "RESULT insmod PASS no parameters"
		export HOME=/tmp XDG_CONFIG_HOME=/tmp/config
		N=$(arg frames)
		echo "GUEST: relay-client start uptime=$(cut -d' ' -f1 /proc/uptime)"
		timeout "$(arg timeout)" /bin/relay-client --headless \
			--shm-file /dev/kvmfr0 --frames "$N" --print-frames \
			--dump-frame /tmp/f.ppm --timeout "$(arg timeout)" \
			--host-timeout 5000 --stats-interval 0 \
			>/tmp/client.out 2>/tmp/client.err
		rc=$?
		echo "GUEST: relay-client exit=$rc uptime=$(cut -d' ' -f1 /proc/uptime)"
		sed 's/^/GUEST: client: /' /tmp/client.out | tail -n 20
		sed 's/^/GUEST: client stderr: /' /tmp/client.err | tail -n 20
		n=$(grep -c '^frame serial=' /tmp/client.out)
		if [ "$rc" = 0 ] && [ "$n" = "$N" ] && [ -s /tmp/f.ppm ]; then
			echo "RESULT relay_client PASS exit 0, $n frames"
		else
			echo "RESULT relay_client FAIL exit $rc, $n frames"
		fi
		if [ -s /tmp/f.ppm ]; then
			# P6 / "# relay frame serial N" / "W H" / 255, then pixels
			serial=$(head -n 2 /tmp/f.ppm | sed -n 's/^# relay frame serial \([0-9]*\)$/\1/p')
			size=$(head -n 3 /tmp/f.ppm | tail -n 1)
			w=${size% *}
			h=${size#* }
			last=$(grep '^frame serial=' /tmp/client.out | tail -n 1 |
			       sed 's/^frame serial=\([0-9]*\) .*/\1/')
			md5=$(tail -c $((w * h * 3)) /tmp/f.ppm | md5sum | cut -d' ' -f1)
			echo "E2E serial=$serial last=$last size=${w}x$h bytes=$(wc -c </tmp/f.ppm) md5=$md5"
		fi
	else
		echo "RESULT insmod FAIL"
	fi
	;;
*)
	echo "RESULT mode FAIL unknown mode '$MODE'"
	;;
esac
dmesg | grep -E 'kvmfr|vgem' | grep -v 'ommand line' | sed 's/^/GUEST: dmesg: /'
if dmesg | grep -qE 'WARNING:|BUG:|Oops|general protection|Call Trace'; then
	dmesg | grep -E -A5 'WARNING:|BUG:|Oops|general protection|Call Trace' |
		sed 's/^/GUEST: dmesg: /'
	echo "RESULT dmesg FAIL kernel warnings (see above)"
else
	echo "RESULT dmesg PASS no WARNING/BUG/Oops lines"
fi
echo "GUEST: tainted=$(cat /proc/sys/kernel/tainted) uptime=$(cut -d' ' -f1 /proc/uptime)"
echo "GUEST: DONE"
poweroff -f
