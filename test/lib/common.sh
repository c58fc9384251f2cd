# Shared helpers for test/integration/*.sh. Source it; it sets SRC and BUILD.
# Results are lines "PASS <name>" / "FAIL <name>: <why>" on stdout.
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$SRC/build}
QEMU=${QEMU:-qemu-system-x86_64}
# TCG runs the vCPUs round-robin in one thread: QEMU 7.2's multi-threaded
# TCG corrupts CPU 0's SVM state now and then (docs/qemu-tcg-bugs.md). Set
# QEMU_ACCEL="-accel tcg" to hunt hv races with real parallelism instead.
QEMU_ACCEL=${QEMU_ACCEL:--accel tcg,thread=single}
# The emulated machine of every boot, tests and benchmarks alike: the
# accelerator, the CPU model, no display, no reboot (a reset ends QEMU),
# and the isa-debug-exit port the hv and guests end a run with. Callers
# add memory, CPUs, serial/monitor plumbing and what to boot.
# shellcheck disable=SC2206 # QEMU_ACCEL is a list of options
QEMU_MACHINE=("$QEMU" $QEMU_ACCEL -cpu EPYC -display none -no-reboot
	-device isa-debug-exit,iobase=0xf4,iosize=0x04)
# iso_drive ISO: the options that boot ISO, as an AHCI CD drive (into the
# array ISO_DRIVE). SeaBIOS reads it by DMA there, about three times
# faster under TCG than the legacy IDE drive of -cdrom: GRUB loads dom0's
# 122 MB of kernel and root in 4 s instead of 13. -boot d: straight from
# the CD, without trying (and reporting failing) disk and floppy first.
# Nothing in the hv or its guests touches the controller (dom0 runs with
# pci=off).
iso_drive() {
	ISO_DRIVE=(-drive "file=$1,media=cdrom,if=none,id=cd,readonly=on"
		-device ahci,id=ahci -device ide-cd,drive=cd,bus=ahci.0 -boot d)
}
failures=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# check NAME LOG REGEX: PASS if the log has a line matching REGEX (serial
# logs end lines with CR LF; the CR is ignored).
check() {
	if tr -d '\r' <"$2" | grep -Eq -- "$3"; then pass "$1"; else fail "$1" "no line matching '$3' in $2"; fi
}

# result CHECK LOG DOMAIN TEST: PASS if the guest DOMAIN printed
# "RESULT TEST PASS", else FAIL with the guest's own FAIL lines shown. The
# hv prefixes lines with "(DOMAIN) " only once several domains share the
# serial line, so a boot with one domain has none.
result() {
	if tr -d '\r' <"$2" | grep -Eq "^(\($3\) )?RESULT $4 PASS\$"; then
		pass "$1"
	else
		fail "$1" "no '($3) RESULT $4 PASS' in $2"
		tr -d '\r' <"$2" | grep -E "^(\($3\) )?(FAIL|RESULT)" | sed 's/^/    | /'
	fi
}

# absent CHECK LOG REGEX END: PASS if LOG reached the line END and has no
# line matching REGEX, so an empty or cut log (QEMU never started, a hang,
# a reset) fails instead of passing for want of evidence.
absent() {
	local lines
	lines=$(tr -d '\r' <"$2")
	if ! grep -aEq -- "$4" <<<"$lines"; then
		fail "$1" "no end marker '$4' in $2"
	elif grep -aEq -- "$3" <<<"$lines"; then
		fail "$1" "$(grep -aE -- "$3" <<<"$lines" | head -n 2 | tr '\n' '|')"
	else
		pass "$1"
	fi
}

# The hv's end marker: every domain has gone and it is about to power off.
HV_END="^hv: all domains have shut down"

# no_hv_fault CHECK LOG: the hv reached its end marker with no FATAL or
# PANIC before it, and with every guest frame given back (no LEAK line).
no_hv_fault() { absent "$1" "$2" "FATAL|PANIC|LEAK" "$HV_END"; }

# mkiso OUT.iso "HV CMDLINE" [module-path "module string"]...: a GRUB ISO
# booting build/hv/hv.elf with that command line and those modules.
mkiso() {
	"$SRC/scripts/mkiso" -o "$1" -c "$2" -e "$BUILD/hv/hv.elf" "${@:3}" >/dev/null
}

# boot LOG SECONDS ISO [extra QEMU args...]: boots the ISO under TCG with the
# serial line in LOG and returns when QEMU exits (isa-debug-exit, poweroff,
# reset) or when SECONDS have passed. Sets BOOT_RC (124 on timeout).
boot() {
	local log=$1 secs=$2 iso=$3
	shift 3
	rm -f "$log"
	iso_drive "$iso"
	timeout --foreground -k 5 "$secs" "${QEMU_MACHINE[@]}" \
		-monitor none -serial "file:$log" \
		"${ISO_DRIVE[@]}" "$@" </dev/null >"$log.qemu" 2>&1
	BOOT_RC=$?
}

# cpus_on_timeout LOG MONITOR: where QEMU's CPUs are (hv functions named),
# into LOG.cpus, asked of the monitor socket MONITOR (a short path in
# /tmp: unix socket paths are limited to 107 bytes): a hang leaves a trace.
cpus_on_timeout() {
	"$SRC/scripts/qemu-cpus" "$2" "$BUILD/hv/hv.elf" >"$1.cpus" 2>&1
	echo "# timed out: CPUs at $(grep '^CPU ' "$1.cpus" | tr '\n' ';') (all in $1.cpus)"
}

# boot_until LOG SECONDS REGEX ISO [QEMU args...]: like boot, but stops QEMU
# as soon as a line matches REGEX (for guests that idle forever). QEMU logs
# each CPU reset to LOG.resets: if QEMU ends without the end marker (a
# triple fault of the hv resets the machine, and -no-reboot ends it), the
# last entry there has the CPU state at the fault.
boot_until() {
	local log=$1 secs=$2 re=$3 iso=$4 pid i
	local mon=/tmp/hvlab-mon.$$.$RANDOM
	shift 4
	rm -f "$log"
	iso_drive "$iso"
	"${QEMU_MACHINE[@]}" \
		-monitor "unix:$mon,server,nowait" -d cpu_reset -D "$log.resets" \
		-serial "file:$log" \
		"${ISO_DRIVE[@]}" "$@" </dev/null >"$log.qemu" 2>&1 &
	pid=$!
	BOOT_RC=124
	for ((i = 0; i < secs * 5; i++)); do
		if grep -Eq -- "$re" "$log" 2>/dev/null; then BOOT_RC=0; break; fi
		kill -0 $pid 2>/dev/null || { BOOT_RC=1; break; }
		sleep 0.2
	done
	[ "$BOOT_RC" = 124 ] && cpus_on_timeout "$log" "$mon"
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	rm -f "$mon"
	# One more look: the line may have landed as QEMU exited.
	grep -Eq -- "$re" "$log" 2>/dev/null && BOOT_RC=0
	return 0
}

finish() { [ "$failures" -eq 0 ]; }
