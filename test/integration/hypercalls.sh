#!/bin/bash
# Issue 3: the hypercall layer, from test/guests/hypercalls (xen_version,
# console_io, memory_op, vcpu_op, hvm_op, sched_op, multicall, pvclock,
# bad pointers), with 1 and 2 CPUs.
#   hypercalls/smpN/result   the guest's verdict (its FAIL lines relayed)
#   hypercalls/smpN/poweroff the hv powered off after the last domain
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/hypercalls
mkdir -p "$out"
G=$BUILD/test/guests

# With 2 CPUs the guest ends by taking its only vCPU down, which Xen
# (and so the hv) turns into a poweroff.
mkiso "$out/smp1.iso" "loglvl=info" -m "$G/hypercalls.elf" "domain name=hc mem=16M -- self=1"
mkiso "$out/smp2.iso" "loglvl=info" -m "$G/hypercalls.elf" "domain name=hc mem=16M -- self=1 exit=vcpu-down"
for smp in 1 2; do
	log=$out/smp$smp.log
	boot_until "$log" 90 "all domains have shut down|PANIC|FATAL" "$out/smp$smp.iso" -smp $smp -m 512M
	result "hypercalls/smp$smp/result" "$log" hc hypercalls
	check "hypercalls/smp$smp/poweroff" "$log" "^hv: domain 1 \(hc\) shut down: poweroff"
	check "hypercalls/smp$smp/all-shut-down" "$log" "^hv: all domains have shut down"
	# A line written through console_io and the ring is printed once.
	if tr -d '\r' <"$log" | grep -q "^hv: all domains have shut down"; then
		both=$(tr -d '\r' <"$log" | grep -c "CONSOLE-BOTH: one line, two ways$")
		ring=$(tr -d '\r' <"$log" | grep -c "CONSOLE-RING-ONLY$")
		if [ "$both" = 1 ] && [ "$ring" = 1 ]; then
			pass "hypercalls/smp$smp/console-line-once"
		else
			fail "hypercalls/smp$smp/console-line-once" "both-ways line $both times, ring-only line $ring times in $log"
		fi
	else
		fail "hypercalls/smp$smp/console-line-once" "no end marker in $log"
	fi
done
finish
