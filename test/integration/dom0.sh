#!/bin/bash
# Issue 12: Debian's Linux as the PVH initial domain (dom0). The dom0
# initramfs (build/linux/dom0-test-initrd.cpio, `make linux-guest`) has the
# test init (test/linux/init-check.sh, with hvlab.dom0=1) and the modules of
# the Xen device nodes and backends.
#   dom0/smp2/dom0/<check>   the usual Linux checks (test/linux/lib.sh:
#                            linux_checks), dmesg with no call trace or
#                            unchecked MSR access among them
#   dom0/smp2/module/<name>  each backend and device module loads
#   dom0/smp2/xenfs, control-domain, xen-devices
#                            /proc/xen mounted, capabilities "control_d",
#                            /dev/xen/{privcmd,hypercall,evtchn,gntdev,
#                            gntalloc,xenbus,xenbus_backend}
#   dom0/smp2/settime        `date -s` in dom0 reaches the hv (XENPF_settime64:
#                            the hv logs the wall clock it was given)
#   dom0/smp2/dom0-size      the hv's dom0_mem= and dom0_max_vcpus= were used
#   dom0/smp2/no-crash, poweroff
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
out=$BUILD/test/dom0
mkdir -p "$out"
END="all domains have shut down|PANIC|FATAL"
D0_INITRD=$BUILD/linux/dom0-test-initrd.cpio

if ! why=$(linux_env); then
	fail dom0/kernel "$why"
	exit 1
fi
linux_env
[ -f "$D0_INITRD" ] || { fail dom0/initrd "no $D0_INITRD (make linux-guest)"; exit 1; }

b=dom0/smp2 log=$out/smp2.log
# The contract's command line for dom0: the xen clocksource (dom0's ranks
# below the TSC otherwise).
# dom0_mem= and dom0_max_vcpus= on the hv's command line win over the
# module's mem= and vcpus=.
mkiso "$out/smp2.iso" "loglvl=info dom0_mem=384M dom0_max_vcpus=2" \
	-m "$LINUX_KERNEL" "domain name=dom0 mem=512M vcpus=1 dom0 -- $(linux_args dom0 2 'clocksource=xen hvlab.dom0=1')" \
	-m "$D0_INITRD" "initrd for=dom0"
tboot "$log" 200 "$END" "$out/smp2.iso" -smp 2 -m 1G
linux_checks "$b/dom0" "$log" dom0 2
check "$b/dom0-size" "$log" "^hv: domain 0 \(dom0\): 384 MiB, 2 vCPUs, started"
lines=$(tr -d '\r' <"$log" | grep -a "LINUXTEST ")
for c in module/xenfs module/xen-evtchn module/xen-gntdev module/xen-gntalloc \
	module/xen-privcmd module/xen-blkback module/xen-netback module/loop \
	module/bridge xenfs control-domain xen-devices set-clock; do
	check_line "$b/$c" "$lines" "LINUXTEST PASS $c\$"
done
# 2030-01-02 03:04:05 UTC, as init-check.sh sets it.
check "$b/settime" "$log" "^hv: domain 0 set the wall clock to 1893553445\."
absent "$b/no-crash" "$log" "crashed|shut down: crash|LEAK|PANIC|FATAL" "$HV_END"
check "$b/poweroff" "$log" "^hv: all domains have shut down"
finish
