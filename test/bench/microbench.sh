#!/bin/bash
# The shared microbench guest (../shared/microbench) on hvlab, RUNS times
# (default 5), median base_x100 per figure beside Xen 4.17's from the same
# emulated machine. base_x100 = cost in hundredths of a 100-instruction
# loop measured in the same guest, which cancels the host's speed.
# Beside each run, the floor (test/bench/floor/floor.c): QEMU's own
# VMRUN/#VMEXIT with a handler that does nothing, timed the same way;
# hvlab/floor is each exit's cost over that (target: cpuid_exit <= 1.3).
. "$(dirname "$0")/../lib/common.sh"
MB_SRC=${MB_SRC:-$SRC/../shared/microbench}
RUNS=${RUNS:-5}
out=$BUILD/bench/microbench
mkdir -p "$out"
if [ ! -f "$MB_SRC/bench.c" ]; then
	echo "# microbench: no sources at $MB_SRC; set MB_SRC"
	exit 0
fi
make -s -C "$MB_SRC" OUT="$out" >/dev/null || exit 1
# The median of the numbers on stdin, one a line.
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
mkiso "$out/mb.iso" "loglvl=warning" -m "$out/microbench.elf" "domain name=mb mem=16M"
make -s -C "$SRC" BUILD="$BUILD" "$BUILD/bench/floor.elf" >/dev/null &&
	"$SRC/scripts/mkiso" -o "$out/floor.iso" -e "$BUILD/bench/floor.elf" >/dev/null ||
	echo "# microbench: the floor did not build; no hvlab/floor" >&2
: >"$out/floor.txt"
: >"$out/floor-lines.txt"
for i in $(seq "$RUNS"); do
	boot_until "$out/run$i.log" 600 "all domains have shut down|PANIC|crashed" \
		"$out/mb.iso" -smp 2 -m 3072
	tr -d '\r' <"$out/run$i.log" | grep -E '^(\(mb\) )?MB .*base_x100=' |
		sed -E 's/^(\(mb\) )?MB ([a-z0-9_]+) .*cyc=([0-9]+) ns=([0-9]+) base_x100=([0-9]+)/\2 \4 \5 \3/'
	[ -f "$out/floor.iso" ] || continue
	boot_until "$out/floor$i.log" 300 "FLOOR done|FLOOR failed" "$out/floor.iso" -smp 2 -m 3072
	tr -d '\r' <"$out/floor$i.log" | grep -a '^FLOOR' | tee -a "$out/floor-lines.txt" |
		sed -nE 's/^FLOOR cpuid_exit cyc=([0-9]+) base_x100=([0-9]+).*/\2 \1/p' >>"$out/floor.txt"
done >"$out/all.txt"

# Xen 4.17's base_x100 (midpoints of ../shared/microbench/README.md ranges).
declare -A xen=([alu100]=100 [cpuid_exit]=30500 [null_hypercall]=30050
	[sched_yield]=42450 [evtchn_send]=34650 [gnttab_copy_4k]=41600
	[gnttab_copy_16x4k]=202350)
printf "%-20s %10s %14s %12s %8s\n" figure "ns(med)" "base_x100(med)" "xen_base_x100" "xen/hv"
for f in alu100 cpuid_exit null_hypercall sched_yield evtchn_send gnttab_copy_4k gnttab_copy_16x4k; do
	ns=$(awk -v f=$f '$1 == f { print $2 }' "$out/all.txt" | median)
	b=$(awk -v f=$f '$1 == f { print $3 }' "$out/all.txt" | median)
	[ -n "$b" ] || { echo "$f: no result"; continue; }
	printf "%-20s %10s %14s %12s %8s\n" "$f" "$ns" "$b" "${xen[$f]}" \
		"$(awk -v x="${xen[$f]}" -v h="$b" 'BEGIN { printf "%.2f", x / h }')"
done
# hvlab/floor: every figure is at least one exit, so each over the floor's
# CPUID round trip. The floor boots right after each microbench run and
# the two are paired: the median of the per-run ratios of TSC cycles per
# operation (both guests read the same TSC; pairing cancels this host's
# drift of tens of percent within minutes, and cycles spare the ratio
# the noise of each run's own 100-instruction yardstick).
floor=$(awk '{ print $1 }' "$out/floor.txt" | median)
if [ -z "$floor" ]; then
	grep -a 'FLOOR failed' "$out/floor-lines.txt" | head -n 1 | sed 's/^/# /'
	echo "floor: no result (build/bench/microbench/floor*.log)"
	exit 0
fi
echo "floor: QEMU's VMRUN/#VMEXIT, handler doing nothing: $floor base_x100 (median of $(wc -l <"$out/floor.txt"))"
printf "%-20s %12s %s\n" figure "hvlab/floor" "(each run's, in TSC cycles)"
for f in cpuid_exit null_hypercall sched_yield evtchn_send; do
	runs=$(awk -v f=$f 'NR == FNR { fl[FNR] = $2; next } $1 == f { n++; if (fl[n] > 0) printf "%.2f\n", $4 / fl[n] }' \
		"$out/floor.txt" "$out/all.txt")
	[ -n "$runs" ] || continue
	med=$(echo "$runs" | median)
	printf "%-20s %12s %s\n" "$f" "$med" "($(echo $runs | tr ' ' ','))"
done
