#!/bin/bash
# Issue 2: hv boots from GRUB on every CPU with SVM on.
# Boots the ISO with several CPU counts and memory sizes and checks the
# summary line, the timer check, the refusal without SVM and the exception
# dump.
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/boot
mkdir -p "$out"

iso=$out/hv.iso
mkiso "$iso" "loglvl=info"

summary() { # smp mem
	local log=$out/smp$1-m$2.log
	boot_until "$log" 120 "timer ticking|PANIC|FATAL" "$iso" -smp "$1" -m "$2"
	check "boot/smp$1-m$2/summary" "$log" "^hv: $1 CPUs online, SVM\+NPT enabled on $1\$"
	check "boot/smp$1-m$2/ticks" "$log" "^hv: timer ticking on all $1 CPUs"
}
summary 1 512M
summary 2 512M
summary 4 512M
summary 2 4G

log=$out/nosvm.log
# Until the whole refusal is there: a match on "PANIC" alone stopped
# QEMU while the rest of the line was still in its serial buffer.
boot_until "$log" 60 "needs AMD-V with nested paging|online|FATAL" "$iso" -cpu qemu64,-svm -smp 1 -m 512M
check boot/no-svm-refusal "$log" "hvlab needs AMD-V with nested paging"

crash() { # kind regex
	local log=$out/crash-$1.log
	mkiso "$out/crash-$1.iso" "crashtest=$1"
	boot_until "$log" 60 "CPU0 halted|PANIC" "$out/crash-$1.iso" -smp 1 -m 512M
	check "boot/crash-$1/exception" "$log" "$2"
	check "boot/crash-$1/registers" "$log" "^hv: RAX: [0-9a-f]{16} RBX"
	check "boot/crash-$1/calltrace" "$log" "^hv:   \[<ffffffff8[0-9a-f]+>\] maybe_crash\+0x"
	check "boot/crash-$1/halted" "$log" "^hv: CPU0 halted"
}
crash ud "FATAL EXCEPTION vector 6 \(#UD invalid opcode\)"
crash pf "page fault at 0000000000000010 \(not present, read"
crash wx "page fault at ffffffff8[0-9a-f]+ \(protection, write"
finish
