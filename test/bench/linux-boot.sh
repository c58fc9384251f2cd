#!/bin/bash
# Linux boot time under hvlab beside the same kernel booted directly by
# QEMU (no hv), in the same run: Debian's kernel (`make kernel`, PVH
# vmlinux) with build/linux/test-initrd.cpio (`make linux-guest`), 2 vCPUs,
# 512 MiB for the guest, TCG. Median of RUNS (default 5) boots each,
# alternating. Figures (host wall clock, from the timestamped serial line):
#   hv:     "hv: domain 1 (linux) ... started"  -> first LINUXTEST line
#   hv:     QEMU started                        -> first LINUXTEST line
#   direct: QEMU started                        -> first LINUXTEST line
#           (QEMU -kernel vmlinux-pvh: SeaBIOS, the PVH note, console=ttyS0)
#   both:   the guest's own uptime at its init (LINUXTEST START uptime=)
# Usage: test/bench/linux-boot.sh [RUNS]. Logs in build/bench/linux-boot/.
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
runs=${1:-${RUNS:-5}}
out=$BUILD/bench/linux-boot
mkdir -p "$out"
if ! why=$(linux_env); then
	echo "# linux-boot: skipped: $why"
	exit 0
fi
linux_env

iso=$out/linux.iso
mkiso "$iso" "loglvl=info" \
	-m "$LINUX_KERNEL" "domain name=linux mem=512M vcpus=2 -- $(linux_args linux 2)" \
	-m "$LINUX_INITRD" "initrd for=linux"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }
uptime_at_start() { tr -d '\r' <"$1" | grep -a -m1 'LINUXTEST START' | sed 's/.*uptime=//'; }

: >"$out/hv-dom" >"$out/hv-qemu" >"$out/hv-up" >"$out/direct-qemu" >"$out/direct-up"
for ((r = 1; r <= runs; r++)); do
	log=$out/hv-$r.log
	tboot "$log" 200 "LINUXTEST START|PANIC|FATAL" "$iso" -smp 2 -m 1024
	ts=$(line_time "$log" "^hv: domain [0-9]+ \(linux\).*started")
	ti=$(line_time "$log" "LINUXTEST START")
	if [ -n "$ts" ] && [ -n "$ti" ]; then
		sub "$ts" "$ti" >>"$out/hv-dom"
		sub "$TBOOT_T0" "$ti" >>"$out/hv-qemu"
		uptime_at_start "$log" >>"$out/hv-up"
		echo "# run $r hv: domain start -> init $(tail -n1 "$out/hv-dom") s, QEMU start -> init $(tail -n1 "$out/hv-qemu") s, guest uptime $(tail -n1 "$out/hv-up") s"
	else
		echo "# run $r hv: no 'started' or LINUXTEST START line (see $log)"
	fi

	log=$out/direct-$r.log
	direct_boot "$log" 512
	if [ -n "$DIRECT_INIT" ]; then
		echo "$DIRECT_INIT" >>"$out/direct-qemu"
		uptime_at_start "$log" >>"$out/direct-up"
		echo "# run $r direct: QEMU start -> init $(tail -n1 "$out/direct-qemu") s, guest uptime $(tail -n1 "$out/direct-up") s"
	else
		echo "# run $r direct: no LINUXTEST START line (see $log)"
	fi
done

hv_dom=$(median <"$out/hv-dom") hv_qemu=$(median <"$out/hv-qemu")
hv_up=$(median <"$out/hv-up") d_qemu=$(median <"$out/direct-qemu")
d_up=$(median <"$out/direct-up")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "linux-boot: median of $runs, Debian $KERNEL_VERSION, 2 vCPUs, 512 MiB, TCG -cpu EPYC, $(nproc) host CPUs"
printf '  %-44s %8s s\n' "hv: domain started -> init (first LINUXTEST)" "$hv_dom"
printf '  %-44s %8s s\n' "hv: QEMU started -> init" "$hv_qemu"
printf '  %-44s %8s s\n' "direct QEMU -kernel: QEMU started -> init" "$d_qemu"
printf '  %-44s %8s s\n' "guest uptime at init, under hv" "$hv_up"
printf '  %-44s %8s s\n' "guest uptime at init, direct" "$d_up"
echo "  ratio hv (domain started -> init) / direct (QEMU started -> init): $(ratio "$hv_dom" "$d_qemu")"
echo "  ratio of guest uptimes at init (hv / direct):                      $(ratio "$hv_up" "$d_up")"
