#!/bin/bash
# A hostile guest (test/guests/hcfuzz) makes random hypercalls with wild
# arguments next to a well-behaved domain: the hv must survive, the other
# domain must finish its checks, and the machine must power off cleanly.
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/hcfuzz
mkdir -p "$out"
G=$BUILD/test/guests
for seed in 1 2; do
	log=$out/seed$seed.log
	mkiso "$out/seed$seed.iso" "loglvl=info" \
		-m "$G/hcfuzz.elf" "domain name=fuzz mem=16M -- iters=20000 seed=$seed" \
		-m "$G/hello.elf" "domain name=hello mem=16M"
	boot_until "$log" 240 "all domains have shut down|PANIC|FATAL" "$out/seed$seed.iso" -smp 2 -m 512M
	check hcfuzz/seed$seed/fuzz "$log" "^(\(fuzz\) )?RESULT hcfuzz PASS$"
	check hcfuzz/seed$seed/bystander "$log" "^(\(hello\) )?RESULT hello PASS$"
	check hcfuzz/seed$seed/poweroff "$log" "^hv: all domains have shut down"
	if tr -d '\r' <"$log" | grep -Eq "PANIC|FATAL"; then
		fail hcfuzz/seed$seed/no-hv-fault "the hv faulted: see $log"
	else
		pass hcfuzz/seed$seed/no-hv-fault
	fi
	tr -d '\r' <"$log" | grep "hcfuzz:" | sed 's/^/# /'
done
finish
