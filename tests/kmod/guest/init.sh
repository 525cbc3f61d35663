#!/bin/busybox sh
# PID 1 of the test guest (see tests/kmod/run.sh).  The kernel command line
# selects the mode: kvmfr_test.mode=static|pci, kvmfr_test.seed=N,
# kvmfr_test.iters=N.  Prints RESULT lines on the serial console.
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
