#!/bin/bash
# Split-driver I/O (issue 14), in one QEMU session: dom0 runs the disk
# jobs of test/bench/io-jobs.sh (fio: 128 MiB sequential write and read
# in 1 MiB O_DIRECT requests; 4 KiB O_DIRECT random reads, QD1 and QD16)
# natively on a loop device over a file in its RAM, then a PV guest
# (Debian's kernel, 1 vCPU) runs the same fio on xvda, which is that loop
# device through the kernel's blkback; then iperf3 both ways and ping
# between the guest and dom0 over the kernel's netback and dom0's bridge
# (test/dom0/io-bench.sh, test/linux/io-bench.sh); then the disk jobs
# again with xvda served by hvblkd. Prints each figure and
# its ratio to native (disk) or to Xen 4.17's on this emulated machine
# (iperf3: 1026 Mbit/s dom0 -> domU, 845 domU -> dom0).
# Targets (issue 14): sequential >= 0.9x native, 4k QD1 >= 0.8x, QD16
# >= 0.9x; iperf3 at least twice Xen's. Logs in build/bench/io/ (dom0.log
# also has xenperf's hypercall counts by name over each job).
# IO_DOM0_VCPUS (2) sets dom0's vCPUs: with 1 its native jobs take no
# exits at all (no IPIs between its own vCPUs), which is the comparison
# docs/performance.md ("World switches") makes. IO_GUEST_ARGS adds to
# the guests' kernel command line (xen_blkfront.max_indirect_segments=256:
# a 1 MiB request in one ring request instead of eight).
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
out=$BUILD/bench/io
mkdir -p "$out"
if ! why=$(linux_env); then
	echo "# io: skipped: $why"
	exit 0
fi
linux_env
make -s -C "$SRC" BUILD="$BUILD" test-build >/dev/null 2>&1 || {
	echo "# io: make test-build failed"
	exit 0
}
MK="$SRC/dom0-tools/mkinitramfs/mkinitramfs"
# The guest's image: Debian's fio and iperf3 with their libraries (fio's
# are many: about 80 MiB, hence the guest's 512 MiB), compressed: dom0
# holds its whole root in RAM. The guest's kernel is the bzImage dom0's
# image has anyway.
"$MK" -z -o "$out/io-initrd.cpio" -i "$SRC/test/linux/io-bench.sh" \
	-m xen-blkfront -m xen-netfront -e /usr/bin/fio -e /usr/bin/iperf3 \
	-f "$SRC/test/bench/io-jobs.sh:/usr/lib/hvlab/io-jobs.sh" 2>/dev/null || {
	echo "# io: the guest's image failed (is fio installed? make deps)"
	exit 0
}
echo "${IO_GUEST_ARGS:-}" >"$out/guest-args"
"$MK" -B -o "$out/overlay.cpio" \
	-f "$out/io-initrd.cpio:/usr/lib/hvlab/guests/io-initrd.cpio" \
	-f "$out/guest-args:/usr/lib/hvlab/io-guest-args" \
	-f "$SRC/test/bench/io-jobs.sh:/usr/lib/hvlab/io-jobs.sh" \
	-f "$SRC/test/dom0/io-bench.sh:/usr/lib/hvlab/test/io" 2>/dev/null
cat "$BUILD/dom0/dom0-test.cpio" "$out/overlay.cpio" >"$out/dom0.cpio"
rm -f "$out/io-initrd.cpio" "$out/overlay.cpio" "$out/guest-args"
mkiso "$out/boot.iso" "loglvl=info dom0_mem=1024M" \
	-m "$LINUX_KERNEL" "domain name=dom0 mem=1024M vcpus=${IO_DOM0_VCPUS:-2} dom0 -- $LINUX_CMDLINE clocksource=xen hvlab.test=io" \
	-m "$out/dom0.cpio" "initrd for=dom0"
log=$out/dom0.log
tboot "$log" 900 "all domains have shut down|PANIC|FATAL" "$out/boot.iso" -smp 2 -m 2G
rm -f "$out/dom0.cpio"

# fig TAG JOB FIELD: a figure from an IOBENCH line (FIELD 4: KiB/s or
# Mbit/s or ms, 5: IOPS).
fig() { tr -d '\r' <"$log" | awk -v t="$1" -v j="$2" -v f="$3" '$1 == "IOBENCH" && $2 == t && $3 == j { v = $f } END { print (v == "" ? "n/a" : v) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else print "n/a" }'; }
tr -d '\r' <"$log" | grep -a '^IOBENCH-ERR\|^IOBENCH .*failed' | sed 's/^/# /'
echo "io: one run; dom0 2 vCPUs, PV guest 1 vCPU 512 MiB, Debian $KERNEL_VERSION both; TCG -cpu EPYC, $(nproc) host CPUs"
tr -d '\r' <"$log" | sed -n 's/^IOBENCH dom0: /  dom0: /p'
printf '  %-24s %10s %11s %7s %11s %7s %7s\n' "disk (fio, O_DIRECT)" "native" "PV blkback" "ratio" "PV hvblkd" "ratio" "target"
mib() { awk -v v="$1" 'BEGIN { if (v + 0 > 0) printf "%.1f", v / 1024; else print "n/a" }'; }
for j in seqwrite:MiB/s:0.9 seqread:MiB/s:0.9 randread-qd1:IOPS:0.8 randread-qd16:IOPS:0.9; do
	IFS=: read -r job unit target <<<"$j"
	if [ "$unit" = IOPS ]; then
		n=$(fig native "$job" 5); p=$(fig pv-blkback "$job" 5); u=$(fig pv-hvblkd "$job" 5)
	else
		n=$(mib "$(fig native "$job" 4)"); p=$(mib "$(fig pv-blkback "$job" 4)")
		u=$(mib "$(fig pv-hvblkd "$job" 4)")
	fi
	printf '  %-24s %10s %11s %7s %11s %7s %7s\n' "$job ($unit)" "$n" "$p" "$(ratio "$p" "$n")" \
		"$u" "$(ratio "$u" "$n")" "${target}x"
done
printf '  %-28s %12s %12s %10s %8s\n' "network (Mbit/s)" "hvlab" "Xen 4.17" "ratio" "target"
s=$(fig net iperf3-send 4); r=$(fig net iperf3-recv 4)
printf '  %-28s %12s %12s %10s %8s\n' "iperf3 domU -> dom0" "$s" 845 "$(ratio "$s" 845)" "2x"
printf '  %-28s %12s %12s %10s %8s\n' "iperf3 dom0 -> domU" "$r" 1026 "$(ratio "$r" 1026)" "2x"
printf '  %-28s %12s\n' "ping domU -> dom0 (avg ms)" "$(fig net ping-avg-ms 4)"
printf '  %-28s %12s %12s\n' "dom0 loopback (send, recv)" "$(fig loopback iperf3-send 4)" "$(fig loopback iperf3-recv 4)"

# The hv's counters over each disk job (hvctl perf, reset when the job
# starts, read when it ends), per I/O fio made: what a request costs in
# exits on each side and how the two sides notify each other.
# pfig TAG JOB LABEL COL: the value of counter LABEL (the start of its
# row) in the last column (COL 1: the guest's, or dom0's when native) or
# the one before (COL 2: dom0's beside a guest).
pfig() {
	tr -d '\r' <"$log" | awk -v t="$1" -v j="$2" -v l="$3" -v c="$4" '
		$1 == "IOBENCH-PERF" && $2 == t && $3 == j {
			row = $0; sub(/^IOBENCH-PERF [^ ]+ [^ ]+ /, "", row)
			if (index(row, l) == 1) v = $(NF - c + 1) }
		END { print v }'
}
per() { awk -v a="$1" -v n="$2" 'BEGIN { if (a != "" && n + 0 > 0) printf "%.1f", a / n; else print "n/a" }'; }
# cell TAG JOB LABEL: "guest | dom0" per request ("- | dom0" natively).
cell() {
	local last
	last=$(per "$(pfig "$1" "$2" "$3" 1)" "$n")
	if [ "$1" = native ]; then
		echo "- | $last"
	else
		echo "$last | $(per "$(pfig "$1" "$2" "$3" 2)" "$n")"
	fi
}
echo "  per request (hv counters over the job / fio's requests; guest | dom0):"
printf '  %-13s %-10s %7s %15s %15s %15s %17s %11s\n' job side requests exits \
	EVTCHNOP_send "upcalls raised" "runnable us" "dom0 grants"
for job in seqwrite seqread randread-qd1 randread-qd16; do
	bs=4
	case $job in seq*) bs=1024 ;; esac
	for tag in native pv-blkback pv-hvblkd; do
		n=$(awk -v k="$(fig "$tag" "$job" 6)" -v b=$bs 'BEGIN { if (k + 0 > 0) printf "%d", k / b }')
		[ -n "$n" ] || continue
		g=-
		if [ $tag != native ]; then
			g=0
			for c in "grant maps" "grant unmaps" "grant copies"; do
				g=$((g + $(pfig $tag "$job" "$c" 2 | grep . || echo 0)))
			done
			g=$(per "$g" "$n")
		fi
		printf '  %-13s %-10s %7s %15s %15s %15s %17s %11s\n' "$job" "$tag" "$n" \
			"$(cell $tag "$job" "exits (all)")" "$(cell $tag "$job" EVTCHNOP_send)" \
			"$(cell $tag "$job" "upcalls raised")" "$(cell $tag "$job" "vCPU runnable")" "$g"
	done
done
