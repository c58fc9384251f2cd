#!/bin/bash
# The guest's local APIC (test/guests/vlapic): ESR and the LVT error entry,
# reserved bits, TPR/PPR, ISR/IRR and EOI order, and the APIC timer in
# one-shot, periodic and TSC-deadline modes. Run alone, then beside two
# busy domains on 2 pCPUs so that the tested vCPU is preempted and moves
# between pCPUs (its timer then fires on another CPU). The guest leaves a
# periodic timer running at shutdown: the hv must stop it with the vCPU.
#   vlapic/<run>/result       the guest's verdict
#   vlapic/<run>/no-hv-fault  the hv ended cleanly
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/vlapic
mkdir -p "$out"
G=$BUILD/test/guests

mkiso "$out/alone.iso" "loglvl=info" -m "$G/vlapic.elf" "domain name=apic mem=16M vcpus=1"
mkiso "$out/busy.iso" "loglvl=info" \
	-m "$G/vlapic.elf" "domain name=apic mem=16M vcpus=1" \
	-m "$G/vlapic.elf" "domain name=spin1 mem=16M vcpus=1 -- spin=6000" \
	-m "$G/vlapic.elf" "domain name=spin2 mem=16M vcpus=1 -- spin=6000"
for run in alone busy; do
	log=$out/$run.log
	boot_until "$log" 180 "all domains have shut down|PANIC|FATAL" "$out/$run.iso" -smp 2 -m 512M
	result "vlapic/$run/result" "$log" apic vlapic
	check "vlapic/$run/not-crashed" "$log" "^hv: domain 1 \(apic\) shut down: poweroff"
	no_hv_fault "vlapic/$run/no-hv-fault" "$log"
done

finish
