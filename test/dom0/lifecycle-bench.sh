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
#   BENCH <kernel> guest-runnable <s> its vCPU waited for a pCPU until
#                                     then (the hv's counter)
#   BENCH <kernel> perf <counter...>  the hv's counters until then
#   BENCH <kernel> destroy <s>        `hvctl destroy` started -> returned
#                                     (the hv has let the domain go)
#   BENCH <kernel> scrubbed <s>       destroy returned -> the hv has
#                                     cleared the guest's memory
G=/usr/lib/hvlab/guests
T=$(mktemp -d)
runs=$(sed -n 's/.*hvlab.runs=\([0-9]*\).*/\1/p' /proc/cmdline)
runs=${runs:-3}
clog=/var/log/hvlab/console/guest-bench.log
# follow_until REGEX: read the console log's lines from fd 3 (tail -F,
# started by the loop below) until one matches; its time in $hit.
follow_until() {
	local line
	hit=
	while IFS= read -r -u 3 line; do
		[[ $line =~ $1 ]] && { hit=$EPOCHREALTIME; return 0; }
	done
	return 1
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

# at_rest: wait until the hv has cleared the frames the last guest left
# (it does so in idle time: physinfo's scrub_pages) and say how long that
# took after its destroy, to 0.2 s. Every create starts on a machine at
# rest, as a direct boot starts on fresh memory; a create right after a
# destroy shares the machine with that clearing.
td=
tk=
at_rest() {
	until /usr/lib/hvlab/test/memstate | grep -q " scrub_pages=0 "; do
		sleep 0.2
	done
	[ -n "$td" ] && echo "BENCH $tk scrubbed $(sub "$td" "$EPOCHREALTIME")"
	td=
}
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
		# The log is followed before the clock starts, with bash's own
		# read, so that no process of the bench's (tail, a grep per
		# wait) starts while the guest boots: under TCG dom0's forks
		# take pCPU time from it, and the direct boot has no such
		# competitor. The file must exist when tail starts: for a
		# missing file GNU tail gives up inotify and looks once a
		# second (xenconsoled appends to the file it finds).
		echo "bench: following" >"$clog"
		exec 3< <(exec timeout 180 tail -n +1 -F "$clog" 2>/dev/null)
		tp=$!
		follow_until "^bench: following"
		at_rest
		hvctl perf -r >/dev/null
		t0=$EPOCHREALTIME
		out=$(hvctl create "$T/$k.cfg" 2>&1) || {
			echo "BENCH $k failed: $out"
			kill $tp
			exec 3<&-
			continue
		}
		ti=
		follow_until "LINUXTEST START" && ti=$hit
		b=$(echo "$out" | sed -n 's/.* built in \([0-9.]*\) s.*/\1/p')
		echo "BENCH $k build $b"
		[ -n "$ti" ] && echo "BENCH $k create-init $(sub "$t0" "$ti")"
		# The guest's own clock at that line (from its first tick).
		up=$(sed -n 's/.*LINUXTEST START.* uptime=\([0-9.]*\).*/\1/p' "$clog" | head -n 1)
		[ -n "$up" ] && echo "BENCH $k guest-uptime $up"
		# How long its vCPU waited for a pCPU (the hv's counters, reset
		# before the create): dom0's work during the boot.
		# One read of the counters: dom0's column, then the guest's.
		hvctl perf | awk -v k=$k '
			/^vCPU runnable, us|^vCPU blocked, us|^exits \(all\)|^hypercalls / { print "BENCH " k " perf", $0 }
			/^vCPU runnable, us/ { printf "BENCH %s guest-runnable %.3f\n", k, $NF / 1e6 }'
		# Past the init's first line the guest runs its checks (the last
		# is dmesg-clean); wait for them, so the destroy meets a guest at
		# rest in hvlab.hold.
		follow_until "dmesg-clean"
		kill $tp 2>/dev/null
		exec 3<&-
		t0=$EPOCHREALTIME
		hvctl destroy bench
		td=$EPOCHREALTIME
		tk=$k
		echo "BENCH $k destroy $(sub "$t0" "$td")"
	done
done
at_rest
rm -rf "$T"
