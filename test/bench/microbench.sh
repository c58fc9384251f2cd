#!/bin/bash
# The shared microbench guest (../shared/microbench) on hvlab, RUNS times
# (default 5), median base_x100 per figure beside Xen 4.17's from the same
# emulated machine. base_x100 = cost in hundredths of a 100-instruction
# loop measured in the same guest, which cancels the host's speed.
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
mkiso "$out/mb.iso" "loglvl=warning" -m "$out/microbench.elf" "domain name=mb mem=16M"
for i in $(seq "$RUNS"); do
	boot_until "$out/run$i.log" 600 "all domains have shut down|PANIC|crashed" \
		"$out/mb.iso" -smp 2 -m 3072
	tr -d '\r' <"$out/run$i.log" | grep -E '^(\(mb\) )?MB .*base_x100=' |
		sed -E 's/^(\(mb\) )?MB ([a-z0-9_]+) .*ns=([0-9]+) base_x100=([0-9]+)/\2 \3 \4/'
done >"$out/all.txt"

# Xen 4.17's base_x100 (midpoints of ../shared/microbench/README.md ranges).
declare -A xen=([alu100]=100 [cpuid_exit]=30500 [null_hypercall]=30050
	[sched_yield]=42450 [evtchn_send]=34650 [gnttab_copy_4k]=41600
	[gnttab_copy_16x4k]=202350)
printf "%-20s %10s %14s %12s %8s\n" figure "ns(med)" "base_x100(med)" "xen_base_x100" "xen/hv"
for f in alu100 cpuid_exit null_hypercall sched_yield evtchn_send gnttab_copy_4k gnttab_copy_16x4k; do
	ns=$(awk -v f=$f '$1 == f { print $2 }' "$out/all.txt" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }')
	b=$(awk -v f=$f '$1 == f { print $3 }' "$out/all.txt" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }')
	[ -n "$b" ] || { echo "$f: no result"; continue; }
	printf "%-20s %10s %14s %12s %8s\n" "$f" "$ns" "$b" "${xen[$f]}" \
		"$(awk -v x="${xen[$f]}" -v h="$b" 'BEGIN { printf "%.2f", x / h }')"
done
