#!/bin/bash
# dom0's boot time: `make run`'s ISO (hv + Debian's kernel as dom0 with 2
# vCPUs and 1 GiB, the Debian userland of dom0-tools/rootfs) from QEMU's
# start to dom0's root shell, beside Debian's kernel with the small busybox
# test initramfs booted directly by QEMU (no hv) in the same run, which
# says what of the time is the emulated machine's. Median of RUNS
# (default 5) each, alternating. Figures, host wall clock (the serial
# line polled every 0.05 s for dom0, timestamped line by line for direct):
#   dom0:   QEMU started -> "hv: domain 0 (dom0) ... started"
#           QEMU started -> dom0's shell prompt (after init has loaded the
#                           modules and started hvstored and xen-init-dom0)
#   direct: QEMU started -> the test initramfs's init (LINUXTEST START)
# Xen 4.17 on this emulated machine: 18.8 s from power-on to dom0's shell
# (issue 12). Usage: test/bench/dom0-boot.sh [RUNS]. Logs in
# build/bench/dom0-boot/.
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
runs=${1:-${RUNS:-5}}
out=$BUILD/bench/dom0-boot
mkdir -p "$out"
if ! why=$(linux_env); then
	echo "# dom0-boot: skipped: $why"
	exit 0
fi
linux_env
make -s -C "$SRC" BUILD="$BUILD" demo-iso >/dev/null || {
	echo "# dom0-boot: make demo-iso failed"
	exit 0
}
iso=$BUILD/demo.iso
iso_drive "$iso"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

# boot_dom0 LOG: boots the ISO, QEMU's output straight into LOG (a
# prompt is a partial line), polled every 0.05 s: sets T0 (QEMU started),
# T_DOM0 (the hv started dom0) and T_PROMPT (the shell's prompt), then
# types poweroff.
boot_dom0() {
	local log=$1 i
	rm -f "$log" "$log.t"
	T0=$EPOCHREALTIME
	{
		for ((i = 0; i < 2400; i++)); do
			if [ ! -s "$log.t" ] && grep -aq "^hv: domain 0 (dom0).*started" "$log" 2>/dev/null; then
				echo "$EPOCHREALTIME" >"$log.t"
			fi
			if tail -c 100 "$log" 2>/dev/null | tr -d '\r' | grep -q 'dom0:/# $'; then
				echo "$EPOCHREALTIME" >>"$log.t"
				break
			fi
			sleep 0.05
		done
		printf 'poweroff\n'
		for ((i = 0; i < 300; i++)); do
			grep -q "all domains have shut down" "$log" 2>/dev/null && break
			sleep 0.2
		done
	} | timeout --foreground -k 5 300 "${QEMU_MACHINE[@]}" -smp 2 -m 2048 \
		-monitor none -serial stdio "${ISO_DRIVE[@]}" >"$log" 2>"$log.qemu"
	T_DOM0=$(sed -n 1p "$log.t" 2>/dev/null)
	T_PROMPT=$(sed -n 2p "$log.t" 2>/dev/null)
}

: >"$out/hv" >"$out/prompt" >"$out/direct"
for ((r = 1; r <= runs; r++)); do
	log=$out/dom0-$r.log
	boot_dom0 "$log"
	if [ -n "$T_DOM0" ] && [ -n "$T_PROMPT" ]; then
		sub "$T0" "$T_DOM0" >>"$out/hv"
		sub "$T0" "$T_PROMPT" >>"$out/prompt"
		echo "# run $r dom0: QEMU start -> dom0 started $(tail -n1 "$out/hv") s, -> shell prompt $(tail -n1 "$out/prompt") s"
	else
		echo "# run $r dom0: no 'started' line or no prompt (see $log)"
	fi

	log=$out/direct-$r.log
	direct_boot "$log" 1024
	if [ -n "$DIRECT_INIT" ]; then
		echo "$DIRECT_INIT" >>"$out/direct"
		echo "# run $r direct: QEMU start -> init $(tail -n1 "$out/direct") s"
	else
		echo "# run $r direct: no LINUXTEST START line (see $log)"
	fi
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
hv=$(median <"$out/hv") prompt=$(median <"$out/prompt") direct=$(median <"$out/direct")
echo "dom0-boot: median of $runs, Debian $KERNEL_VERSION, dom0 2 vCPUs 1 GiB, TCG -cpu EPYC, $(nproc) host CPUs"
printf '  %-52s %8s s\n' "QEMU started -> hv: dom0 started" "$hv"
printf '  %-52s %8s s\n' "QEMU started -> dom0 root shell (Debian userland)" "$prompt"
printf '  %-52s %8s s\n' "direct QEMU -kernel, busybox initramfs: -> init" "$direct"
echo "  ratio dom0 shell / direct init: $(ratio "$prompt" "$direct") (Xen 4.17 on this machine: 18.8 s to dom0's shell)"
