#!/bin/bash
# A PVH kernel that loads at guest-physical 0 with its entry point at 0
# (test/guests/lowload) is accepted, as by Xen's builder, and the start
# info, memory map, command line and initrd are placed clear of it; with
# 16 MiB and with 1 GiB + 8 MiB of RAM (special area at the top of the
# first GiB then), on 1 and 2 CPUs. test/guests/highload makes the same
# checks loaded at 15.75 MiB of 16: there the builder's pages go below it.
#   lowload/<case>/result       the guest's verdict
#   lowload/<case>/no-hv-fault  the hv ended cleanly
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/lowload
mkdir -p "$out"
G=$BUILD/test/guests

for c in lowload:16M:1 lowload:1032M:2 highload:16M:1; do
	IFS=: read -r g mem smp <<<"$c"
	log=$out/$g-$mem.log
	mkiso "$out/$g-$mem.iso" "loglvl=info" \
		-m "$G/$g.elf" "domain name=low mem=$mem -- low=1" \
		-m "$G/hello.elf" "initrd for=low"
	boot_until "$log" 90 "all domains have shut down|PANIC|FATAL" "$out/$g-$mem.iso" -smp "$smp" -m 1536M
	result "lowload/$g-$mem/result" "$log" low "$g"
	no_hv_fault "lowload/$g-$mem/no-hv-fault" "$log"
done
finish
