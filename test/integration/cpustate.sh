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
#   cpustate/watchdog/*         an unfed SCHEDOP_watchdog shuts its domain down
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

# hello_ends KIND NAME: test/guests/hello with crash=KIND as domain NAME,
# on one CPU, until the hv powers off; the serial log is $out/KIND.log.
hello_ends() {
	mkiso "$out/$1.iso" "loglvl=info" -m "$G/hello.elf" "domain name=$2 mem=16M -- crash=$1"
	boot_until "$out/$1.log" 90 "all domains have shut down|PANIC|FATAL" "$out/$1.iso" -smp 1 -m 512M
	check "cpustate/$1/poweroff" "$out/$1.log" "^hv: all domains have shut down"
	no_hv_fault "cpustate/$1/no-hv-fault" "$out/$1.log"
}

# A dead guest leaves enough behind to debug it: the VMCB, the last exits
# and the walk of its rip and IDT, table by table.
hello_ends triple tf
log=$out/triple.log
check cpustate/triple/crashed "$log" "^hv: domain 1 \(tf\) crashed: vCPU0 triple fault at rip [0-9a-f]+"
check cpustate/triple/idt "$log" "^  cs 0008/[0-9a-f]+/0 .* idt 0/0\$"
check cpustate/triple/last-exit "$log" "^  exit\[-0\] 7f at [0-9a-f]+ on CPU0"
check cpustate/triple/walk "$log" "^  walk of rip [0-9a-f]+: L2 gpa [0-9a-f]+ \(mfn [0-9a-f]+\) = [0-9a-f]{14}[8-f]3\$"

# A domain watchdog nobody feeds shuts its domain down (reason watchdog).
hello_ends watchdog wd
log=$out/watchdog.log
check cpustate/watchdog/armed "$log" "^(\(wd\) )?watchdog 1 armed"
check cpustate/watchdog/fired "$log" "^hv: domain 1 \(wd\): watchdog fired"
check cpustate/watchdog/shut-down "$log" "^hv: domain 1 \(wd\) shut down: watchdog"

finish
