#!/bin/bash
# Issue 4: Debian's Linux kernel as a PVH guest of hvlab. The guest's init is
# test/linux/init-check.sh (build/linux/test-initrd.cpio, `make linux-guest`),
# which prints LINUXTEST lines; the host times its `sleep 2` against the
# serial line (test/linux/lib.sh: tboot, linux_checks).
#   linux/<boot>/<guest>/<check>  one init-check result (started, cpu-count,
#                                 hypervisor-type, clocksource,
#                                 event-channels-fifo, cpu-run/N,
#                                 sleep-guest, sleep-cmd, sleep-host,
#                                 dmesg-clean,
#                                 no-fail, done)
#   linux/<boot>/poweroff         the hv powered off after the last domain
# Boots: 1 vCPU/256 MiB on 1 pCPU; 2 vCPUs/1 GiB; 4 vCPUs/2 GiB on 4 pCPUs;
# two Linux guests beside hello; a Linux guest that crashes itself beside
# one that keeps running; bad images refused beside a good domain.
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
out=$BUILD/test/linux
mkdir -p "$out"
G=$BUILD/test/guests
END="all domains have shut down|PANIC|FATAL"

if ! why=$(linux_env); then
	fail linux/kernel "$why"
	exit 1
fi
linux_env
K=$LINUX_KERNEL
I=$LINUX_INITRD

# no_crash BOOT LOG: the run ended and no domain crashed, no hv panic.
no_crash() {
	absent "$1/no-crash" "$2" "crashed|shut down: crash|LEAK|PANIC|FATAL" "$HV_END"
}

# single NAME VCPUS MEM QEMU_SMP QEMU_MEM: one Linux guest alone.
single() {
	local b=linux/$1 log=$out/$1.log
	mkiso "$out/$1.iso" "loglvl=info" \
		-m "$K" "domain name=linux mem=$3 vcpus=$2 -- $(linux_args linux "$2")" \
		-m "$I" "initrd for=linux"
	tboot "$log" 150 "$END" "$out/$1.iso" -smp "$4" -m "$5"
	linux_checks "$b/linux" "$log" linux "$2"
	no_crash "$b" "$log"
	check "$b/poweroff" "$log" "^hv: all domains have shut down"
}
single up-256m 1 256M 1 512M
single smp2-1g 2 1G 2 2G
single smp4-2g 4 2G 4 3G

# Two Linux guests and hello at the same time.
b=linux/three log=$out/three.log
mkiso "$out/three.iso" "loglvl=info" \
	-m "$K" "domain name=la mem=256M vcpus=1 -- $(linux_args la 1)" \
	-m "$I" "initrd for=la" \
	-m "$G/hello.elf" "domain name=hello mem=16M" \
	-m "$K" "domain name=lb mem=256M vcpus=2 -- $(linux_args lb 2)" \
	-m "$I" "initrd for=lb"
tboot "$log" 200 "$END" "$out/three.iso" -smp 2 -m 1G
linux_checks "$b/la" "$log" la 1
linux_checks "$b/lb" "$log" lb 2
check "$b/hello" "$log" "^(\(hello\) )?RESULT hello PASS"
no_crash "$b" "$log"
check "$b/poweroff" "$log" "^hv: all domains have shut down"

# A Linux guest crashes itself (sysrq-c); its neighbour keeps running.
b=linux/crash log=$out/crash.log
mkiso "$out/crash.iso" "loglvl=info" \
	-m "$K" "domain name=crasher mem=256M vcpus=1 -- $(linux_args crasher 1 hvlab.crash=1)" \
	-m "$I" "initrd for=crasher" \
	-m "$K" "domain name=survivor mem=256M vcpus=1 -- $(linux_args survivor 1 hvlab.hold=4)" \
	-m "$I" "initrd for=survivor"
tboot "$log" 200 "$END" "$out/crash.iso" -smp 2 -m 1G
check "$b/crasher-init" "$log" "^(\(crasher\) )?LINUXTEST CRASHING"
check "$b/crasher-panic" "$log" "^\(crasher\) .*Kernel panic - not syncing: sysrq triggered crash"
check "$b/crash-logged" "$log" "^hv: domain [0-9]+ \(crasher\) (crashed: |shut down: crash)"
linux_checks "$b/survivor" "$log" survivor 1
tc=$(line_time "$log" "^hv: domain [0-9]+ \(crasher\) (crashed|shut down: crash)")
ts=$(line_time "$log" "^(\(survivor\) )?LINUXTEST DONE")
if [ -n "$tc" ] && [ -n "$ts" ] && awk -v a="$tc" -v b="$ts" 'BEGIN { exit !(a < b) }'; then
	pass "$b/survivor-outlived"
else
	fail "$b/survivor-outlived" "the crash (${tc:-none}) did not come before the survivor's DONE (${ts:-none})"
fi
absent "$b/survivor-intact" "$log" "^hv: domain [0-9]+ \(survivor\) (crashed|shut down: crash)" "$HV_END"
check "$b/poweroff" "$log" "^hv: all domains have shut down"

# Bad images: refused with a readable reason; the good domain still runs.
head -c 300000 "$K" >"$out/truncated.elf"
objcopy -R .note "$G/hello.elf" "$out/hello-nonote.elf"
refused() { # boot log name regex
	local line
	line=$(tr -d '\r' <"$2" | grep -a "^hv: domain $3: refused: " | head -n 1)
	if [ -z "$line" ]; then
		fail "$1/$3" "no 'hv: domain $3: refused:' line"
	elif LC_ALL=C grep -q '[^[:print:]]' <<<"$line"; then
		fail "$1/$3" "refusal message is not printable text: $(cat -v <<<"$line")"
	elif ! grep -Eq -- "$4" <<<"$line"; then
		fail "$1/$3" "'$line' does not match '$4'"
	else
		pass "$1/$3"
	fi
}
bad_images() { # boot good-first(0|1)
	local b=linux/$1 log=$out/$1.log good=()
	good=(-m "$G/hello.elf" "domain name=good mem=16M")
	[ "$2" = 1 ] || good=()
	mkiso "$out/$1.iso" "loglvl=info" ${good[@]+"${good[@]}"} \
		-m "$out/truncated.elf" "domain name=truncated mem=256M -- $LINUX_CMDLINE" \
		-m "$out/hello-nonote.elf" "domain name=nonote mem=16M" \
		-m /bin/true "domain name=hostelf mem=16M" \
		-m "$K" "domain name=small mem=32M -- $LINUX_CMDLINE" \
		-m "$I" "initrd for=small" \
		-m "$G/hello.elf" "domain name=good2 mem=16M"
	# Generous: GRUB reads ~80 MB from the emulated CD first, slow on a busy host.
	tboot "$log" 150 "$END" "$out/$1.iso" -smp 2 -m 512M
	refused "$b" "$log" truncated "refused: ELF: .*(outside|past|beyond|end of) the file"
	refused "$b" "$log" nonote "refused: ELF: no XEN_ELFNOTE_PHYS32_ENTRY note"
	refused "$b" "$log" hostelf "refused: ELF: no XEN_ELFNOTE_PHYS32_ENTRY note"
	refused "$b" "$log" small "refused: kernel larger than the domain's memory"
	[ "$2" = 1 ] && check "$b/good-first" "$log" "^(\(good\) )?RESULT hello PASS"
	check "$b/good-last" "$log" "^(\(good2\) )?RESULT hello PASS"
	check "$b/poweroff" "$log" "^hv: all domains have shut down"
}
bad_images bad-images-good-first 1
bad_images bad-images-bad-first 0
finish
