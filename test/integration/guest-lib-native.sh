#!/bin/bash
# The test-guest runtime library (test/guests/lib) on bare QEMU, without
# our hypervisor: QEMU's -kernel loads a PVH ELF through its
# XEN_ELFNOTE_PHYS32_ENTRY note, port 0xe9 is QEMU's debugcon and port
# 0xf4 its isa-debug-exit. The hello guest finds no Xen CPUID leaves and
# leaves through isa-debug-exit: 0 -> QEMU status 1 (pass), 1 -> 3
# (failures), 2 -> 5 (crash). Checks entry and long mode, output, start
# info, command line, memory map, the verdict, and that an exception is
# reported and ends the guest instead of hanging it.
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/guest-lib-native
mkdir -p "$out"
elf=$BUILD/test/guests/hello.elf

if [ ! -f "$elf" ]; then
	fail guest-lib/native-boot "$elf is missing (make test-build)"
	finish
	exit
fi

# run NAME CMDLINE: boots hello.elf; port 0xe9 output in $out/NAME.log.
run() {
	local log=$out/$1.log
	rm -f "$log"
	timeout --foreground -k 5 60 "${QEMU_MACHINE[@]}" -m 64 \
		-monitor none -serial none -debugcon "file:$log" \
		-kernel "$elf" -append "$2" </dev/null >"$log.qemu" 2>&1
	RC=$?
	sed 's/^/    | /' "$log"
}

# status NAME WANT: QEMU's exit status.
# status NAME CODE: QEMU ended with CODE, and the guest got as far as its
# RESULT line (an exit status alone is no evidence: QEMU that never ran can
# exit 1 as well).
status() {
	if ! grep -q '^RESULT ' "$log"; then
		fail "$1" "no RESULT line in $log"
	elif [ "$RC" -eq "$2" ]; then
		pass "$1"
	else
		fail "$1" "QEMU exit status $RC, expected $2 (124: timeout)"
	fi
}

log=$out/boot.log
run boot 'peer=2 role=a msg="two words"'
check guest-lib/native-boot "$log" '^hello from a test guest$'
check guest-lib/no-xen-detected "$log" '^guest: hello: no Xen CPUID leaves'
check guest-lib/printf "$log" '^PASS lib/printf$'
check guest-lib/irq-handler "$log" '^PASS lib/irq-handler$'
check guest-lib/exception-resume "$log" '^PASS lib/exception-resume$'
check guest-lib/start-info-magic "$log" '^PASS start-info/magic$'
check guest-lib/cmdline "$log" '^cmdline: "peer=2 role=a msg="two words""$'
check guest-lib/cmdline-parse "$log" '^cmdline: role=a peer=2 msg=two words$'
check guest-lib/memmap "$log" '^memmap: 0000000000100000-[0-9a-f]{16} ram$'
check guest-lib/memmap-image "$log" '^PASS memmap/image-in-ram$'
check guest-lib/result "$log" '^RESULT hello PASS$'
absent guest-lib/no-fail-lines "$log" '^FAIL ' '^RESULT hello (PASS|FAIL)'
status guest-lib/debug-exit 1

log=$out/crash-pf.log
run crash-pf 'crash=pf'
check guest-lib/exception-report "$log" \
	'^FAIL exception #PF vector 14 error 0x0 rip 0x[0-9a-f]+ cr2 0x100000000000$'
check guest-lib/exception-regs "$log" '^  rax [0-9a-f]{16} rbx '
check guest-lib/exception-result "$log" '^RESULT hello FAIL \(1 failed\)$'
status guest-lib/exception-exit 5

log=$out/crash-irq.log
run crash-irq 'crash=irq'
check guest-lib/unexpected-irq "$log" '^FAIL interrupt unexpected vector 65 '
status guest-lib/unexpected-irq-exit 5
finish
