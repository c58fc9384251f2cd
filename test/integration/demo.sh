#!/bin/bash
# The `make run` demo: hv + Debian's kernel with 2 vCPUs and a busybox
# shell on hvc0. Types a command on the serial line (console input goes to
# the guest's hvc0), then powers the guest off, which ends QEMU.
. "$(dirname "$0")/../lib/common.sh"
log=$BUILD/test/demo.log
iso=$BUILD/demo.iso
make -s -C "$SRC" demo-iso >/dev/null || { fail demo/iso "make demo-iso failed"; exit 1; }
{
	# Wait for the shell's banner before typing.
	for i in $(seq 300); do
		grep -q "Type 'poweroff -f'" "$log" 2>/dev/null && break
		sleep 0.5
	done
	sleep 2
	printf 'echo DEMO-$((6*7))\n'
	sleep 5
	printf 'poweroff -f\n'
	sleep 30
} | timeout --foreground -k 5 200 "$QEMU" -accel tcg -cpu EPYC -smp 2 -m 2048 \
	-display none -monitor none -serial stdio -no-reboot \
	-cdrom "$iso" >"$log" 2>"$log.qemu"
check demo/banner "$log" "^\(linux\) hvlab demo: Linux .* on xen, 2 vCPUs, clocksource xen"
check demo/shell-input "$log" "^\(linux\) DEMO-42"
check demo/poweroff "$log" "^hv: all domains have shut down"
finish
