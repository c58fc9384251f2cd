#!/bin/bash
# The privileged domain (dom0) acting on another domain: foreign event
# channels, HVM params, reservations, and SCHEDOP_remote_shutdown ending a
# victim that would otherwise run for minutes. The victim has a 64 MiB
# initrd, so building it takes a while: dom0 must not run meanwhile (it
# once shut the victim down under its builder and crashed the hv).
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/privileged
mkdir -p "$out"
G=$BUILD/test/guests
log=$out/priv.log
head -c 64M /dev/zero >"$out/big.img"
mkiso "$out/priv.iso" "loglvl=info" \
	-m "$G/privileged.elf" "domain name=ctl mem=16M dom0 -- victim=1 cpus=2 early" \
	-m "$G/hcfuzz.elf" "domain name=victim mem=256M -- iters=100000000 self=1" \
	-m "$out/big.img" "initrd for=victim"
boot_until "$log" 240 "all domains have shut down|PANIC|FATAL" "$out/priv.iso" -smp 2 -m 1024M
check privileged/dom0-id "$log" "^hv: domain 0 \(ctl\)"
check privileged/result "$log" "^(\(ctl\) )?RESULT privileged PASS$"
# XENVER_build_id hands out the linker's id of the hv that runs.
id=$(readelf -n "$BUILD/hv/hv.elf" | sed -n 's/^ *Build ID: //p')
check privileged/build-id-is-hv-elfs "$log" "^(\(ctl\) )?build id: ${id:-missing}\$"
check privileged/victim-shut-down "$log" "^hv: domain 1 \(victim\) shut down: poweroff"
check privileged/poweroff "$log" "^hv: all domains have shut down"
no_hv_fault privileged/no-hv-fault "$log"
tr -d '\r' <"$log" | grep -E "^(\(ctl\) )?FAIL" | sed 's/^/# /'
finish
