#!/bin/bash
# In dom0 (hvlab.test=lifecycle, run by test/bench/lifecycle.sh): hvctl
# creates Debian's Linux with the test initramfs, from the PVH ELF and from
# the bzImage, and the lab's kernel (make guest-kernel) if dom0's image has
# it, RUNS times each, and destroys it while its init holds; one line per
# figure on the console (kernel: vmlinux, vmlinuz, lab):
#   BENCH <kernel> build <s>          hvctl's own figure: create to built
#   BENCH <kernel> create-init <s>    `hvctl create` started -> the
#                                     guest's init prints its first line
#                                     (seen in xenconsoled's log)
#   BENCH <kernel> guest-uptime <s>   the guest's own uptime in that line
#   BENCH <kernel> destroy <s>        `hvctl destroy` started -> returned
#                                     (the hv has let the domain go)
G=/usr/lib/hvlab/guests
T=$(mktemp -d)
runs=$(sed -n 's/.*hvlab.runs=\([0-9]*\).*/\1/p' /proc/cmdline)
runs=${runs:-3}
clog=/var/log/hvlab/console/guest-bench.log
now() { echo "$EPOCHREALTIME"; }
# wait_line FILE REGEX SECS: until a line of FILE (which may not exist
# yet) matches. tail -F sleeps on inotify, so the wait costs the guest
# nothing; a polling loop here took dom0 a process per check, and under
# TCG that time came out of the guest's boot.
wait_line() {
	local pid rc
	exec 3< <(exec timeout "$3" tail -n +1 -F "$1" 2>/dev/null)
	pid=$!
	grep -a -q -m1 -- "$2" <&3
	rc=$?
	exec 3<&-
	kill "$pid" 2>/dev/null
	return $rc
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

kernels="vmlinux vmlinuz"
[ -f "$G/vmlinux-lab" ] && kernels="$kernels lab"
for k in $kernels; do
	kf=$G/$k
	[ $k = lab ] && kf=$G/vmlinux-lab
	cat >"$T/$k.cfg" <<EOC
name = "bench"
type = "pvh"
kernel = "$kf"
ramdisk = "$G/linux-initrd.cpio"
memory = 256
vcpus = 1
cmdline = "console=hvc0 loglevel=4 tsc=reliable pci=off 8250.nr_uarts=0 mitigations=off rdinit=/init hvlab.name=bench hvlab.vcpus=1 hvlab.hold=600"
on_poweroff = "destroy"
EOC
	for ((r = 1; r <= runs; r++)); do
		rm -f "$clog"
		t0=$(now)
		out=$(hvctl create "$T/$k.cfg" 2>&1) || { echo "BENCH $k failed: $out"; continue; }
		b=$(echo "$out" | sed -n 's/.* built in \([0-9.]*\) s.*/\1/p')
		ti=
		wait_line "$clog" "LINUXTEST START" 120 && ti=$(now)
		echo "BENCH $k build $b"
		[ -n "$ti" ] && echo "BENCH $k create-init $(sub "$t0" "$ti")"
		# The guest's own clock at that line (from its first tick).
		up=$(sed -n 's/.*LINUXTEST START.* uptime=\([0-9.]*\).*/\1/p' "$clog" | head -n 1)
		[ -n "$up" ] && echo "BENCH $k guest-uptime $up"
		# Past the init's first line the guest runs its checks (the last
		# is dmesg-clean); wait for them, so the destroy meets a guest at
		# rest in hvlab.hold.
		wait_line "$clog" "dmesg-clean" 60
		t0=$(now)
		hvctl destroy bench
		echo "BENCH $k destroy $(sub "$t0" "$(now)")"
	done
done
rm -rf "$T"
