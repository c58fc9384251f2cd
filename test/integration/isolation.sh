#!/bin/bash
# Issue 3: domains cannot reach each other. Two test/guests/isolation
# domains fill their RAM, try foreign domids in memory_op/hvm_op/evtchn/
# sched_op, grant copies without grants and GPAs above their RAM, then
# check their RAM; with 1 and 2 CPUs, and with a third domain
# (hypercalls) ballooning beside them.
#   isolation/<boot>/<domain>  that guest's "RESULT <test> PASS" line
#   isolation/<boot>/poweroff  the hv powered off after the last domain
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/isolation
mkdir -p "$out"
G=$BUILD/test/guests

mkiso "$out/pair.iso" "loglvl=info" \
	-m "$G/isolation.elf" "domain name=ia mem=16M -- self=1 peer=2" \
	-m "$G/isolation.elf" "domain name=ib mem=16M -- self=2 peer=1"
for smp in 1 2; do
	log=$out/pair-smp$smp.log
	boot_until "$log" 120 "all domains have shut down|PANIC|FATAL" "$out/pair.iso" -smp $smp -m 512M
	result isolation/pair-smp$smp/a "$log" ia isolation
	result isolation/pair-smp$smp/b "$log" ib isolation
	check isolation/pair-smp$smp/poweroff "$log" "^hv: all domains have shut down"
done

mkiso "$out/three.iso" "loglvl=info" \
	-m "$G/isolation.elf" "domain name=ia mem=16M -- self=1 peer=3" \
	-m "$G/hypercalls.elf" "domain name=hc mem=16M -- self=2" \
	-m "$G/isolation.elf" "domain name=ib mem=24M -- self=3 peer=1"
log=$out/three.log
boot_until "$log" 120 "all domains have shut down|PANIC|FATAL" "$out/three.iso" -smp 2 -m 512M
result isolation/three/a "$log" ia isolation
result isolation/three/b "$log" ib isolation
check isolation/three/poweroff "$log" "^hv: all domains have shut down"
finish
