#!/bin/bash
# Guest writes of control registers, EFER and XCR0 that the virtual CPU
# does not offer or that are reserved raise #GP in the guest (never a
# crashed domain or a VMRUN failure); valid ones take effect. (Not run on
# bare QEMU for reference: QEMU 7.2 answers a reserved CR4 or CR3 bit with
# a bogus #VMEXIT even outside guest mode, qemu-tcg-svm.md section 8.)
#   cpustate/<smp>/result       the guest's verdict under the hv
#   cpustate/<smp>/no-hv-fault  the hv ended cleanly
#   cpustate/triple/*           a guest that triple faults is crashed with
#                               a report: rip, its last exits, the page walk
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

# A dead guest leaves enough behind to debug it: the VMCB, the last exits
# and the walk of its rip and IDT, table by table.
mkiso "$out/triple.iso" "loglvl=info" -m "$G/hello.elf" "domain name=tf mem=16M -- crash=triple"
log=$out/triple.log
boot_until "$log" 90 "all domains have shut down|PANIC|FATAL" "$out/triple.iso" -smp 1 -m 512M
check cpustate/triple/crashed "$log" "^hv: domain 1 \(tf\) crashed: vCPU0 triple fault at rip [0-9a-f]+"
check cpustate/triple/idt "$log" "^  cs 0008/[0-9a-f]+/0 .* idt 0/0\$"
check cpustate/triple/last-exit "$log" "^  exit\[-0\] 7f at [0-9a-f]+ on CPU0"
check cpustate/triple/walk "$log" "^  walk of rip [0-9a-f]+: L2 gpa [0-9a-f]+ \(mfn [0-9a-f]+\) = [0-9a-f]{14}[8-f]3\$"
check cpustate/triple/poweroff "$log" "^hv: all domains have shut down"
no_hv_fault cpustate/triple/no-hv-fault "$log"

finish
