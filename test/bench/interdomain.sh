#!/bin/bash
# Inter-domain figures (issue 3's bench): event-channel round trip between
# two domains, grant map+unmap per second and grant copy throughput, from
# the evtpair and grant-pair test guests, RUNS times (default 3), medians.
. "$(dirname "$0")/../lib/common.sh"
RUNS=${RUNS:-3}
G=$BUILD/test/guests
out=$BUILD/bench/interdomain
mkdir -p "$out"
mkiso "$out/evt.iso" "loglvl=warning" \
	-m "$G/evtpair.elf" "domain name=pa mem=16M -- role=a self=1 peer=2" \
	-m "$G/evtpair.elf" "domain name=pb mem=16M -- role=b self=2 peer=1"
mkiso "$out/gnt.iso" "loglvl=warning" \
	-m "$G/grant-pair.elf" "domain name=granter mem=16M -- role=granter self=1 peer=2" \
	-m "$G/grant-pair.elf" "domain name=mapper mem=16M -- role=mapper self=2 peer=1"
: >"$out/all.txt"
for i in $(seq "$RUNS"); do
	boot_until "$out/evt$i.log" 300 "all domains have shut down|PANIC" "$out/evt.iso" -smp 2 -m 512M
	tr -d '\r' <"$out/evt$i.log" | sed -nE 's/.*round trips in [0-9]+ us \(([0-9]+) us each\).*/evtchn_rtt_us \1/p' >>"$out/all.txt"
	boot_until "$out/gnt$i.log" 300 "all domains have shut down|PANIC" "$out/gnt.iso" -smp 2 -m 512M
	tr -d '\r' <"$out/gnt$i.log" | sed -nE \
		-e 's/.*bench: null hypercall: ([0-9]+) ns.*/null_hypercall_ns \1/p' \
		-e 's/.*bench: grant map\+unmap: ([0-9]+) ns per pair.*/map_unmap_ns \1/p' \
		-e 's/.*bench: grant copy 4 KiB, 1 per call: ([0-9]+) ns.*/copy_4k_1_ns \1/p' \
		-e 's/.*bench: grant copy 4096 bytes, 64 per call: ([0-9]+) ns.*/copy_4k_64_ns \1/p' >>"$out/all.txt"
done
med() {
	awk -v k="$1" '$1 == k { print $2 }' "$out/all.txt" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print "?" }'
}
rtt=$(med evtchn_rtt_us) null=$(med null_hypercall_ns) mu=$(med map_unmap_ns)
c1=$(med copy_4k_1_ns) c64=$(med copy_4k_64_ns)
echo "evtchn round trip between two domains: $rtt us (median of $RUNS)"
echo "null hypercall (in grant-pair): $null ns"
awk -v mu="$mu" 'BEGIN { if (mu > 0) printf "grant map+unmap: %d per second (%d ns per pair)\n", 1e9 / mu, mu }'
awk -v c1="$c1" -v c64="$c64" 'BEGIN {
	if (c1 > 0) printf "grant copy 4 KiB, 1 per call: %.1f MB/s\n", 4096 / c1 * 1000
	if (c64 > 0) printf "grant copy 4 KiB, 64 per call: %.1f MB/s\n", 4096 / c64 * 1000
}'
