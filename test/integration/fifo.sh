#!/bin/bash
# Issue 10 item 5: FIFO event channels. test/guests/fifo in one domain
# with 2 vCPUs (everything but the pair), then a pair: the guest on FIFO
# (role=a, its port above 1023) pinging a copy of it on 2-level (role=b).
#   fifo/<boot>/<domain>  that guest's "RESULT fifo PASS" line
#   fifo/<boot>/no-hv-fault  the hv reached its end marker, no PANIC/FATAL
#     (a freed FIFO frame written or freed twice would panic it)
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/fifo
mkdir -p "$out"
G=$BUILD/test/guests

run() { # NAME SMP, ISO in $out/NAME.iso
	boot_until "$out/$1.log" 180 "all domains have shut down|PANIC|FATAL" \
		"$out/$1.iso" -smp "$2" -m 512M
	no_hv_fault "fifo/$1/no-hv-fault" "$out/$1.log"
}

mkiso "$out/single.iso" "loglvl=info" \
	-m "$G/fifo.elf" "domain name=ff mem=16M vcpus=2 -- self=1"
run single 2
result fifo/single/ff "$out/single.log" ff fifo
check fifo/single/vcpu1 "$out/single.log" "^(\(ff\) )?PASS vcpu1/ipi-delivered-on-vcpu1"
check fifo/single/priority "$out/single.log" "^(\(ff\) )?PASS priority/highest-first"

mkiso "$out/pair.iso" "loglvl=info" \
	-m "$G/fifo.elf" "domain name=fa mem=16M -- role=a self=1 peer=2" \
	-m "$G/fifo.elf" "domain name=fb mem=16M -- role=b self=2 peer=1"
run pair 2
result fifo/pair/fifo-end "$out/pair.log" fa fifo
result fifo/pair/2-level-end "$out/pair.log" fb fifo
finish
