#!/bin/bash
# hvctl's create and destroy (issue 13): in one run, dom0 (the test image
# plus Debian's PVH ELF) creates Debian's Linux with the test initramfs
# through hvctl, from the ELF and from the bzImage, and destroys it
# (test/dom0/lifecycle-bench.sh); beside it, the same kernel and
# initramfs booted directly by QEMU's PVH loader, no hv, in the guest's
# shape (1 vCPU, 256 MiB: before 2026-12-08 it had 2 vCPUs and 1 GiB,
# which boots 0.3-0.5 s slower and flattered the ratio). The same for the
# lab's kernel (make guest-kernel: patch 0001 spares it the PIT loop
# that costs Debian's kernel 2 s in a PVH domain, Xen's or hvlab's, and
# not on QEMU's PC), if it is built. Medians of RUNS (default 3) each.
# Figures, seconds of host wall clock:
#   create -> init   `hvctl create` started -> the guest's init prints
#                    its first line (dom0's clock; xenconsoled's log)
#   build            hvctl's own: create to the domain built
#   destroy          `hvctl destroy` started -> the domain gone
#   direct -> init   QEMU started -> the same init's first line
#   guest's uptime   the kernel's own clock in that line, either way: what
#                    the guest spent booting, without the build or QEMU
# Xen 4.17's xl on this machine: create -> init 15.5-17.6 s, destroy 2.2 s;
# targets: within 1.3x of direct, destroy under 0.2 s.
# Usage: test/bench/lifecycle.sh [RUNS]. Logs in build/bench/lifecycle/.
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
runs=${1:-${RUNS:-3}}
out=$BUILD/bench/lifecycle
mkdir -p "$out"
if ! why=$(linux_env); then
	echo "# lifecycle: skipped: $why"
	exit 0
fi
linux_env
make -s -C "$SRC" BUILD="$BUILD" test-build >/dev/null 2>&1 || {
	echo "# lifecycle: make test-build failed"
	exit 0
}
# dom0's image: the test image, the PVH ELF and the bench script.
"$SRC/dom0-tools/mkinitramfs/mkinitramfs" -B -o "$out/overlay.cpio" \
	-f "$LINUX_KERNEL:/usr/lib/hvlab/guests/vmlinux" \
	-f "$SRC/test/dom0/lifecycle-bench.sh:/usr/lib/hvlab/test/lifecycle" \
	2>/dev/null
cat "$BUILD/dom0/dom0-test.cpio" "$out/overlay.cpio" >"$out/dom0.cpio"
mkiso "$out/boot.iso" "loglvl=info dom0_mem=1024M" \
	-m "$LINUX_KERNEL" "domain name=dom0 mem=1024M vcpus=2 dom0 -- $LINUX_CMDLINE clocksource=xen hvlab.test=lifecycle hvlab.runs=$runs" \
	-m "$out/dom0.cpio" "initrd for=dom0"
# direct NAME KERNEL PASS: RUNS direct boots appended to
# $out/direct-NAME{,-uptime}. RUNS boots run before the dom0 session and
# RUNS after it, so that a drift of the host's speed over the run (20%
# within minutes on this machine) falls on both sides.
direct() {
	local r
	[ "$3" = 1 ] && : >"$out/direct-$1" && : >"$out/direct-$1-uptime"
	for ((r = 1; r <= runs; r++)); do
		LINUX_KERNEL=$2 direct_boot "$out/direct-$1-$3-$r.log" 256 1
		[ -n "$DIRECT_INIT" ] && echo "$DIRECT_INIT" >>"$out/direct-$1"
		tr -d '\r' <"$out/direct-$1-$3-$r.log" |
			sed -n 's/.*LINUXTEST START.* uptime=\([0-9.]*\).*/\1/p' | head -n 1 >>"$out/direct-$1-uptime"
	done
}
directs() {
	direct stock "$LINUX_KERNEL" "$1"
	[ -f "$lab" ] && direct lab "$lab" "$1"
}
lab=$KERNEL_CACHE/guest-kernel/vmlinux-pvh
directs 1
log=$out/dom0.log
tboot "$log" $((300 + 120 * runs)) "all domains have shut down|PANIC|FATAL" "$out/boot.iso" -smp 2 -m 2G
directs 2

median() { sort -g | awk '{ v[NR] = $1 } END { if (!NR) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fig() { tr -d '\r' <"$log" | awk -v k="$1" -v f="$2" '$1 == "BENCH" && $2 == k && $3 == f { print $4 }' | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "n/a" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

tr -d '\r' <"$log" | grep -a '^BENCH .*failed' | sed 's/^/# /'
echo "lifecycle: median of $runs (direct boots: of $((2 * runs))), Debian $KERNEL_VERSION domU (1 vCPU, 256 MiB, test initramfs) built by hvctl in dom0 (2 vCPUs), the same shape booted directly, TCG -cpu EPYC, $(nproc) host CPUs"
for k in vmlinux vmlinuz lab; do
	[ $k = lab ] && { [ -f "$lab" ] || continue; }
	d=stock
	[ $k = lab ] && d=lab
	direct=$(median <"$out/direct-$d")
	ci=$(fig "$k" create-init)
	[ $k = lab ] && echo "lab's kernel ($(sed -n 's/^GUEST_KERNEL_RELEASE=//p' "$KERNEL_CACHE/guest-kernel/guest-kernel.env" 2>/dev/null)), same guest:"
	printf '  %-44s %8s s  (%s x direct)\n' "create -> init, kernel $k" "$ci" "$(ratio "$ci" "$direct")"
	printf '  %-44s %8s s\n' "  of which build (hvctl), kernel $k" "$(fig "$k" build)"
	printf '  %-44s %8s s\n' "  the guest's own uptime at init" "$(fig "$k" guest-uptime)"
	printf '  %-44s %8s s\n' "  its vCPU waiting for a pCPU" "$(fig "$k" guest-runnable)"
	printf '  %-44s %8s s\n' "destroy, kernel $k" "$(fig "$k" destroy)"
	printf '  %-44s %8s s\n' "  then the hv clearing its memory (idle)" "$(fig "$k" scrubbed)"
	if [ $k != vmlinux ]; then
		printf '  %-44s %8s s\n' "direct QEMU PVH boot -> init, $d kernel" "$direct"
		printf '  %-44s %8s s\n' "  the guest's own uptime at init" "$(median <"$out/direct-$d-uptime")"
	fi
done
echo "  (Xen 4.17's xl here: create -> init 15.5-17.6 s, destroy 2.2 s; targets: 1.3x direct, 0.2 s)"
