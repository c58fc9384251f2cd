# Helpers for tests and benchmarks that boot Linux guests (test/integration/
# linux*.sh, test/bench/linux-boot.sh). Source after test/lib/common.sh.
#
# The kernel is Debian's (`make kernel`, paths in $KERNEL_CACHE/kernel.env)
# and the initramfs build/linux/test-initrd.cpio (`make linux-guest`), whose
# init is test/linux/init-check.sh: it prints LINUXTEST lines.

KERNEL_CACHE=${KERNEL_CACHE:-$HOME/.cache/hvlab}
LINUX_INITRD=${LINUX_INITRD:-$BUILD/linux/test-initrd.cpio}
# docs/guest-guide.md explains each option.
LINUX_CMDLINE="console=hvc0 earlyprintk=xen loglevel=4 tsc=reliable pci=off 8250.nr_uarts=0 mitigations=off rdinit=/init"

# linux_env: sets LINUX_KERNEL (the PVH vmlinux) and LINUX_MODULES, or prints
# why not and returns 1.
linux_env() {
	local env=$KERNEL_CACHE/kernel.env
	if [ ! -f "$env" ]; then
		echo "no $env: run make linux-guest (fetches Debian's kernel)"
		return 1
	fi
	# shellcheck disable=SC1090
	. "$env"
	LINUX_KERNEL=$KERNEL_VMLINUX_PVH
	LINUX_MODULES=$KERNEL_MODULES
	[ -f "$LINUX_KERNEL" ] || { echo "no kernel at $LINUX_KERNEL: run make kernel"; return 1; }
	[ -f "$LINUX_INITRD" ] || { echo "no initramfs at $LINUX_INITRD: run make linux-guest"; return 1; }
}

# linux_args NAME VCPUS [MORE]: the guest command line for the test init.
linux_args() {
	echo "$LINUX_CMDLINE hvlab.name=$1 hvlab.vcpus=$2${3:+ $3}"
}

# _stamp LOG: copies stdin lines (CR dropped) to LOG and, prefixed by the
# host's wall-clock time in seconds, to LOG.ts.
_stamp() {
	local l
	while IFS= read -r l || [ -n "$l" ]; do
		l=${l%$'\r'}
		printf '%s\n' "$l" >&3
		printf '%s %s\n' "$EPOCHREALTIME" "$l" >&4
	done 3>"$1" 4>"$1.ts"
}

# tboot LOG SECONDS REGEX ISO [QEMU args...]: like boot_until (common.sh),
# with the serial line timestamped as it arrives: LOG has the plain lines,
# LOG.ts "<epoch seconds> <line>". Sets BOOT_RC (0: REGEX seen, 1: QEMU
# exited without it, 124: timeout) and TBOOT_T0 (when QEMU was started).
# With ISO "-", the arguments are the whole command instead (it must write
# the serial line to stdout), e.g. QEMU booting a kernel directly.
tboot() {
	local log=$1 secs=$2 re=$3 iso=$4 fifo pid spid i
	local mon=/tmp/hvlab-mon.$$.$RANDOM
	shift 4
	rm -f "$log" "$log.ts"
	fifo=$(mktemp -u "${TMPDIR:-/tmp}/tboot.XXXXXX")
	mkfifo "$fifo"
	LC_ALL=C _stamp "$log" <"$fifo" &
	spid=$!
	TBOOT_T0=$EPOCHREALTIME
	if [ "$iso" = - ]; then
		"$@" </dev/null >"$fifo" 2>"$log.qemu" &
	else
		iso_drive "$iso"
		"${QEMU_MACHINE[@]}" \
			-monitor "unix:$mon,server,nowait" -d cpu_reset -D "$log.resets" \
			-serial stdio \
			"${ISO_DRIVE[@]}" "$@" </dev/null >"$fifo" 2>"$log.qemu" &
	fi
	pid=$!
	BOOT_RC=124
	for ((i = 0; i < secs * 5; i++)); do
		if grep -aEq -- "$re" "$log" 2>/dev/null; then BOOT_RC=0; break; fi
		kill -0 $pid 2>/dev/null || { BOOT_RC=1; break; }
		sleep 0.2
	done
	[ "$BOOT_RC" = 124 ] && [ "$iso" != - ] && cpus_on_timeout "$log" "$mon"
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	wait $spid 2>/dev/null
	rm -f "$mon"
	rm -f "$fifo"
	grep -aEq -- "$re" "$log" 2>/dev/null && BOOT_RC=0
	return 0
}

# direct_boot LOG MEM [VCPUS]: Debian's kernel and the test initramfs
# booted by QEMU itself, no hv (-kernel: SeaBIOS and the PVH note,
# console=ttyS0), VCPUS (default 2) vCPUs and MEM MiB, the serial line
# timestamped as by tboot. Sets DIRECT_INIT: seconds from QEMU's start to
# the init's LINUXTEST START line, empty if there is none. The
# benchmarks' baseline: give it the shape of the guest it stands beside.
DIRECT_CMDLINE="console=ttyS0 loglevel=4 tsc=reliable pci=off mitigations=off rdinit=/init hvlab.name=linux"
direct_boot() {
	local ti n=${3:-2}
	tboot "$1" 200 "LINUXTEST START|Kernel panic" - \
		"${QEMU_MACHINE[@]}" -smp "$n" -m "$2" -monitor none -serial stdio \
		-kernel "$LINUX_KERNEL" -initrd "$LINUX_INITRD" \
		-append "$DIRECT_CMDLINE hvlab.vcpus=$n"
	ti=$(line_time "$1" "LINUXTEST START")
	DIRECT_INIT=""
	[ -z "$ti" ] || DIRECT_INIT=$(awk -v a="$TBOOT_T0" -v b="$ti" 'BEGIN { printf "%.3f\n", b - a }')
}

# line_time LOG REGEX: the host time (from LOG.ts) of the first line of LOG
# matching REGEX; nothing if there is none.
line_time() {
	local re=$2
	case $re in "^"*) re=${re#^} ;; *) re=".*$re" ;; esac
	grep -aE -- "^[0-9.]+ $re" "$1.ts" | head -n 1 | cut -d' ' -f1
}

# linux_checks PREFIX LOG DOMAIN VCPUS: PASS/FAIL lines for one Linux
# guest's run: its START line, every check init-check.sh runs (each CPU
# included), no LINUXTEST FAIL, DONE, and the 2 s wait against the host's
# clock: the host's time between the two marker lines and the guest's
# (its uptime, printed in them) agree within 0.5 s, so a guest clock at
# the wrong rate fails, while a busy host that delays the wake-up (the
# guest checks it is never early) does not.
linux_checks() {
	local p=$1 log=$2 dom=$3 vcpus=$4 c i t0 t1 d g gd lines
	lines=$(tr -d '\r' <"$log" | grep -aE "^(\($dom\) )?LINUXTEST ")
	if [ -z "$lines" ]; then
		fail "$p/started" "no '($dom) LINUXTEST' line in $log"
		tr -d '\r' <"$log" | grep -aE "^hv: |^\($dom\) .*(Kernel panic|BUG|Oops)" | tail -n 5 | sed 's/^/    | /'
		return
	fi
	pass "$p/started"
	for c in cpu-count hypervisor-type clocksource event-channels-fifo sleep-guest sleep-cmd dmesg-clean; do
		check_line "$p/$c" "$lines" "^(\($dom\) )?LINUXTEST PASS $c\$"
	done
	for ((i = 0; i < vcpus; i++)); do
		check_line "$p/cpu-run/$i" "$lines" "^(\($dom\) )?LINUXTEST PASS cpu-run/$i\$"
	done
	if grep -q "LINUXTEST FAIL" <<<"$lines"; then
		fail "$p/no-fail" "$(grep "LINUXTEST FAIL" <<<"$lines" | head -n 3 | tr '\n' '|')"
	else
		pass "$p/no-fail"
	fi
	check_line "$p/done" "$lines" "^(\($dom\) )?LINUXTEST DONE "
	# Host time between the markers of the 2 s wait, against the guest's.
	t0=$(line_time "$log" "^(\($dom\) )?LINUXTEST SLEEP-BEGIN")
	t1=$(line_time "$log" "^(\($dom\) )?LINUXTEST SLEEP-END")
	g=$(grep -aoE "LINUXTEST SLEEP-(BEGIN|END) uptime=[0-9.]+" <<<"$lines" | sed 's/.*=//' | tr '\n' ' ')
	if [ -z "$t0" ] || [ -z "$t1" ] || [ "$(wc -w <<<"$g")" != 2 ]; then
		fail "$p/sleep-host" "no SLEEP-BEGIN and SLEEP-END lines"
	else
		d=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
		gd=$(awk -v g="$g" 'BEGIN { split(g, x, " "); printf "%.3f", x[2] - x[1] }')
		if awk -v d="$d" -v g="$gd" 'BEGIN { e = d - g; if (e < 0) e = -e; exit !(d >= 1.8 && e <= 0.5) }'; then
			pass "$p/sleep-host"
		else
			fail "$p/sleep-host" "the 2 s wait took $d s of host time and $gd s of guest time"
		fi
		echo "# $p: the 2 s wait took $d s of host time, $gd s of guest time"
	fi
}

# check_line NAME TEXT REGEX: PASS if a line of TEXT matches REGEX.
check_line() {
	if grep -Eq -- "$3" <<<"$2"; then pass "$1"; else fail "$1" "no line matching '$3'"; fi
}

# dom0_test_end: after dom0_test and its own checks: no DOM0TEST FAIL
# line, the test's END line, and the hv's clean end and power-off.
dom0_test_end() {
	if grep -q "^DOM0TEST FAIL" <<<"$lines"; then
		fail "$b/no-fail" "$(grep "^DOM0TEST FAIL" <<<"$lines" | head -n 3 | tr '\n' '|')"
	else
		pass "$b/no-fail"
	fi
	check_line "$b/end" "$lines" "^DOM0TEST END\$"
	no_hv_fault "$b/no-hv-fault" "$log"
	check "$b/poweroff" "$log" "^hv: all domains have shut down"
}

# dom0_test B TEST [SECONDS [KERNEL]]: boots dom0 (the test image,
# build/dom0/dom0-test.cpio; Debian's kernel, or KERNEL) with
# hvlab.test=TEST, whose init runs /usr/lib/hvlab/test/TEST; sets b (the
# check prefix, B), log (the serial log) and lines (its DOM0TEST lines).
# Returns 1, with a FAIL, if the kernel or the image is missing.
dom0_test() {
	local out=$BUILD/test/$1 initrd=$BUILD/dom0/dom0-test.cpio why
	b=$1
	mkdir -p "$out"
	if ! why=$(linux_env); then
		fail "$b/kernel" "$why"
		return 1
	fi
	linux_env
	[ -f "$initrd" ] || { fail "$b/initrd" "no $initrd (make test-build)"; return 1; }
	log=$out/boot.log
	mkiso "$out/boot.iso" "loglvl=info dom0_mem=1024M" \
		-m "${4:-$LINUX_KERNEL}" "domain name=dom0 mem=1024M vcpus=2 dom0 -- $LINUX_CMDLINE clocksource=xen hvlab.test=$2" \
		-m "$initrd" "initrd for=dom0"
	tboot "$log" "${3:-400}" "all domains have shut down|PANIC|FATAL" "$out/boot.iso" -smp 2 -m 2G
	lines=$(tr -d '\r' <"$log" | grep -a "^DOM0TEST ")
}
