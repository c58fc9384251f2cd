#!/bin/bash
# Issue 3: event channels. test/guests/evtchn in one domain (1 and 2
# vCPUs), test/guests/evtpair as two domains pinging 1000 round trips
# (-smp 2 and -smp 4), and one boot running hypercalls, evtchn and an
# evtpair pair at once.
#   evtchn/<boot>/<domain>  that guest's "RESULT <test> PASS" line
#   evtchn/<boot>/poweroff  the hv powered off after the last domain
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/evtchn
mkdir -p "$out"
G=$BUILD/test/guests

run() { # NAME SMP, ISO in $out/NAME.iso
	boot_until "$out/$1.log" 120 "all domains have shut down|PANIC|FATAL" \
		"$out/$1.iso" -smp "$2" -m 512M
	check "evtchn/$1/poweroff" "$out/$1.log" "^hv: all domains have shut down"
}

mkiso "$out/single-1vcpu.iso" "loglvl=info" \
	-m "$G/evtchn.elf" "domain name=ev mem=16M -- self=1"
run single-1vcpu 1
result evtchn/single-1vcpu/ev "$out/single-1vcpu.log" ev evtchn

mkiso "$out/single-2vcpu.iso" "loglvl=info" \
	-m "$G/evtchn.elf" "domain name=ev mem=16M vcpus=2 -- self=1"
run single-2vcpu 2
result evtchn/single-2vcpu/ev "$out/single-2vcpu.log" ev evtchn
check evtchn/single-2vcpu/vcpu1 "$out/single-2vcpu.log" "^(\(ev\) )?PASS vcpu1/ipi-delivered-on-vcpu1"

mkiso "$out/pair.iso" "loglvl=info" \
	-m "$G/evtpair.elf" "domain name=pa mem=16M -- role=a self=1 peer=2" \
	-m "$G/evtpair.elf" "domain name=pb mem=16M -- role=b self=2 peer=1"
for smp in 2 4; do
	cp "$out/pair.iso" "$out/pair-smp$smp.iso"
	run pair-smp$smp $smp
	result evtchn/pair-smp$smp/a "$out/pair-smp$smp.log" pa evtpair
	result evtchn/pair-smp$smp/b "$out/pair-smp$smp.log" pb evtpair
	grep -a "round trips in" "$out/pair-smp$smp.log" | tr -d '\r' | sed 's/^/# /'
done

# Everything at once: 4 domains, 5 vCPUs, on 4 CPUs.
mkiso "$out/mixed.iso" "loglvl=info" \
	-m "$G/hypercalls.elf" "domain name=hc mem=16M -- self=1" \
	-m "$G/evtchn.elf" "domain name=ev mem=16M vcpus=2 -- self=2" \
	-m "$G/evtpair.elf" "domain name=pa mem=16M -- role=a self=3 peer=4" \
	-m "$G/evtpair.elf" "domain name=pb mem=16M -- role=b self=4 peer=3"
run mixed 4
result evtchn/mixed/hc "$out/mixed.log" hc hypercalls
result evtchn/mixed/ev "$out/mixed.log" ev evtchn
result evtchn/mixed/pa "$out/mixed.log" pa evtpair
result evtchn/mixed/pb "$out/mixed.log" pb evtpair
finish
