#!/bin/bash
# Guest writes of control registers, EFER and XCR0 that the virtual CPU
# does not offer or that are reserved raise #GP in the guest (never a
# crashed domain or a VMRUN failure); valid ones take effect. (Not run on
# bare QEMU for reference: QEMU 7.2 answers a reserved CR4 or CR3 bit with
# a bogus #VMEXIT even outside guest mode, qemu-tcg-svm.md section 8.)
#   cpustate/<smp>/result       the guest's verdict under the hv
#   cpustate/<smp>/no-hv-fault  the hv ended cleanly
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/cpustate
mkdir -p "$out"
G=$BUILD/test/guests

mkiso "$out/cpustate.iso" "loglvl=info" -m "$G/cpustate.elf" "domain name=cpu mem=16M vcpus=1"
for smp in 1 2; do
	log=$out/smp$smp.log
	boot_until "$log" 90 "all domains have shut down|PANIC|FATAL" "$out/cpustate.iso" -smp $smp -m 512M
	result "cpustate/smp$smp/result" "$log" cpu cpustate
	check "cpustate/smp$smp/not-crashed" "$log" "^hv: domain 1 \(cpu\) shut down: poweroff"
	no_hv_fault "cpustate/smp$smp/no-hv-fault" "$log"
done

finish
