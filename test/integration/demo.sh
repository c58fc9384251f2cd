#!/bin/bash
# The `make run` demo: hv + Debian's kernel with 2 vCPUs and a busybox
# shell on hvc0. Types a command on the serial line (console input goes to
# the guest's hvc0), then powers the guest off, which ends QEMU. As a user
# at the terminal would need: the prompt shows before anything is typed,
# the shell's escape sequences reach the terminal as they are, init
# prints no errors, and each line is printed once.
. "$(dirname "$0")/../lib/common.sh"
log=$BUILD/test/demo.log
iso=$BUILD/demo.iso
rm -f "$log.prompt"
make -s -C "$SRC" BUILD="$BUILD" demo-iso >/dev/null || { fail demo/iso "make demo-iso failed"; exit 1; }
{
	# Wait for the shell's banner, then for its prompt, before typing.
	for i in $(seq 300); do
		grep -q "Type 'poweroff -f'" "$log" 2>/dev/null && break
		sleep 0.5
	done
	for i in $(seq 120); do
		if tail -c 200 "$log" | tr -d '\r' | grep -q '# '; then
			touch "$log.prompt"
			break
		fi
		sleep 0.5
	done
	printf 'echo DEMO-$((6*7))\n'
	for i in $(seq 120); do
		grep -q "^DEMO-42\|) DEMO-42" "$log" 2>/dev/null && break
		sleep 0.5
	done
	printf 'poweroff -f\n'
	# Keep QEMU's input open until the machine is off (a busy host makes
	# all of this slow).
	for i in $(seq 240); do
		grep -q "all domains have shut down" "$log" 2>/dev/null && break
		sleep 0.5
	done
} | timeout --foreground -k 5 480 "${QEMU_MACHINE[@]}" -smp 2 -m 2048 \
	-monitor none -serial stdio -cdrom "$iso" >"$log" 2>"$log.qemu"
check demo/banner "$log" "^(\(linux\) )?hvlab demo: Linux .* on xen, 2 vCPUs, clocksource xen"
check demo/shell-input "$log" "^(\(linux\) )?DEMO-42"
check demo/poweroff "$log" "^hv: all domains have shut down"
if [ -e "$log.prompt" ]; then pass demo/prompt-before-enter; else fail demo/prompt-before-enter "no '# ' prompt within 60 s of the banner, before anything was typed"; fi
check demo/escape-passed "$log" $'\e\\[6n'
# Absence checks, valid only once the run reached its end marker.
if tr -d '\r' <"$log" | grep -q "^hv: all domains have shut down"; then
	n=$(tr -d '\r' <"$log" | grep -c "printk: bootconsole \[xenboot0\] enabled")
	if [ "$n" = 1 ]; then pass demo/lines-once; else fail demo/lines-once "the boot console line is there $n times"; fi
else
	fail demo/lines-once "no end marker in $log"
fi
absent demo/no-mangled-output "$log" "\?\[6n|can't create directory|mounting .* failed" "$HV_END"
finish
