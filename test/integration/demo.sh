#!/bin/bash
# The `make run` demo: hv + dom0 (Debian's kernel, 2 vCPUs, the Debian
# userland of dom0-tools/rootfs) with a root shell on the console. Types
# commands on the serial line (dom0 reads the hv's console: console_io,
# VIRQ_CONSOLE), then powers dom0 off, which ends QEMU. As a user at the
# terminal would need: the prompt shows before anything is typed, the
# shell's escape sequences reach the terminal as they are, dom0's lines
# carry no prefix, its init reports no failure, xenstore-ls and xl list
# answer, each line is printed once, and `hvctl create
# /etc/hvlab/demo.cfg -c` boots the demo guest with its shell on the
# console (typed into; it pings dom0 over its vif), Ctrl-] comes back to
# dom0, and hvctl destroys it.
. "$(dirname "$0")/../lib/common.sh"
log=$BUILD/test/demo.log
iso=$BUILD/demo.iso
rm -f "$log.prompt"
make -s -C "$SRC" BUILD="$BUILD" demo-iso >/dev/null || { fail demo/iso "make demo-iso failed"; exit 1; }
iso_drive "$iso"
{
	# Wait for the shell's banner, then for its prompt, before typing.
	for i in $(seq 300); do
		grep -q "'poweroff' ends the session" "$log" 2>/dev/null && break
		sleep 0.5
	done
	for i in $(seq 120); do
		if tail -c 200 "$log" | tr -d '\r' | grep -q '# '; then
			touch "$log.prompt"
			break
		fi
		sleep 0.5
	done
	printf 'echo DEMO-$((6*7)); xenstore-ls /local/domain/0; xl list\n'
	for i in $(seq 120); do
		grep -q "^Domain-0 " "$log" 2>/dev/null && break
		sleep 0.5
	done
	# The demo guest, built by hvctl, on its console through
	# xenconsoled; Ctrl-] back to dom0, which destroys it.
	printf 'hvctl create /etc/hvlab/demo.cfg -c\n'
	for i in $(seq 240); do
		grep -q "^hvlab demo guest: " "$log" 2>/dev/null && break
		sleep 0.5
	done
	sleep 2
	printf 'echo GUEST-$((7*6)); ping -c 2 -w 30 10.77.0.1\n'
	for i in $(seq 90); do
		tr -d '\r' <"$log" | grep -q "packet loss" && break
		sleep 0.5
	done
	printf '\035'
	sleep 2
	printf '\nhvctl list; hvctl destroy demo && echo DESTROYED-$(hvctl list | grep -c "^demo ")\n'
	for i in $(seq 60); do
		grep -q "^DESTROYED-" "$log" 2>/dev/null && break
		sleep 0.5
	done
	printf 'poweroff\n'
	# Keep QEMU's input open until the machine is off (a busy host makes
	# all of this slow).
	for i in $(seq 240); do
		grep -q "all domains have shut down" "$log" 2>/dev/null && break
		sleep 0.5
	done
} | timeout --foreground -k 5 480 "${QEMU_MACHINE[@]}" -smp 2 -m 2048 \
	-monitor none -serial stdio "${ISO_DRIVE[@]}" >"$log" 2>"$log.qemu"
check demo/banner "$log" "^hvlab dom0: Debian [0-9.]+, Linux .*, 2 vCPUs, [0-9]+ MiB\.\$"
check demo/shell-input "$log" "DEMO-42\$"
check demo/xenstore-ls "$log" '^ *name = "Domain-0"'
check demo/xl-list "$log" "^Domain-0 +0 +[0-9]+ +2 +"
check demo/guest-banner "$log" "^hvlab demo guest: Linux .*, 2 vCPUs, [0-9]+ MiB, built by hvctl in dom0\.\$"
check demo/guest-shell "$log" "^GUEST-42\$"
# Its vif on dom0's bridge (demo.cfg): eth0 up, dom0 answers.
check demo/guest-eth0 "$log" "^eth0: 10\.77\.0\.[0-9]+/24 on dom0's bridge hvbr0"
check demo/guest-ping "$log" "^2 packets transmitted, 2 packets received"
check demo/guest-listed "$log" "^demo +[0-9]+ +25[0-9] +2 "
check demo/guest-destroyed "$log" "^DESTROYED-0\$"
check demo/poweroff "$log" "^hv: all domains have shut down"
if [ -e "$log.prompt" ]; then pass demo/prompt-before-enter; else fail demo/prompt-before-enter "no '# ' prompt within 60 s of the banner, before anything was typed"; fi
check demo/escape-passed "$log" $'\e\\[\\?2004h'
# Absence checks, valid only once the run reached its end marker.
if tr -d '\r' <"$log" | grep -q "^hv: all domains have shut down"; then
	n=$(tr -d '\r' <"$log" | grep -c "printk: bootconsole \[xenboot0\] enabled")
	if [ "$n" = 1 ]; then pass demo/lines-once; else fail demo/lines-once "the boot console line is there $n times"; fi
else
	fail demo/lines-once "no end marker in $log"
fi
absent demo/no-mangled-output "$log" "\?\[\?2004h|^\(dom0\) |^dom0 init: " "$HV_END"
finish
