#!/bin/bash
# Issue 10 item 2: 32-bit guests and the structure-carrying hypercalls.
# test/guests/compat32 makes the hypercalls guest's kind of checks with
# the 32-bit ABI (guest-abi/compat/) from protected mode, in three
# builds: paging off, 2-level and PAE paging, as three domains at once.
#   compat32/<mode>/result  the guest's verdict (its FAIL lines relayed)
#   compat32/no-hv-fault    the hv reached its end marker, no FATAL/PANIC
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/compat32
mkdir -p "$out"
G=$BUILD/test/guests

iso=$out/compat32.iso
log=$out/compat32.log
mkiso "$iso" "loglvl=info" \
	-m "$G/compat32-nopg.elf" "domain name=nopg mem=16M -- self=1 paging=0" \
	-m "$G/compat32-pse.elf" "domain name=pse mem=16M -- self=2 paging=2" \
	-m "$G/compat32-pae.elf" "domain name=pae mem=16M -- self=3 paging=3"
boot_until "$log" 180 "all domains have shut down|PANIC|FATAL" "$iso" -smp 2 -m 512M
for mode in nopg pse pae; do
	result "compat32/$mode/result" "$log" $mode compat32
done
no_hv_fault compat32/no-hv-fault "$log"
finish
