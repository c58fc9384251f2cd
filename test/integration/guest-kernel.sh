#!/bin/bash
# Issue 15: the lab's guest kernel (make guest-kernel, scripts/
# guest-kernel.sh, pvops-linux-patches/, docs/guest-guide.md).
#   guest-kernel/series-applies   the series applies to Debian's
#                                 linux-source of the stock kernel's
#                                 version, checked without building
#   guest-kernel/bad-patch        a patch that no longer applies stops it
#                                 with its name and the rejected hunk
#   guest-kernel/missing-patch    a series naming a file that is not there
#   guest-kernel/boot/lab/*       the kernel make test built (cached under
#                                 ~/.cache/hvlab/guest-kernel) boots as a
#                                 PVH domU with 2 vCPUs: init-check's
#                                 checks, as for Debian's kernel
#   guest-kernel/boot/release     it is that kernel (uname -r)
#   guest-kernel/boot/no-pit-loop patch 0001's effect: the guest's boot
#                                 took under 1000 I/O port exits (Debian's
#                                 kernel, beside it, about 100,000: INFO)
#   guest-kernel/boot/no-hv-fault, poweroff
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
out=$BUILD/test/guest-kernel
mkdir -p "$out"
P=$SRC/pvops-linux-patches
GK=$SRC/scripts/guest-kernel.sh
MKPVH=$BUILD/dom0-tools/mkpvh
b=guest-kernel

if o=$("$GK" check "$KERNEL_CACHE" "$MKPVH" "$P" 2>&1) && [[ $o == *"applies to linux-source-6.1"* ]]; then
	pass $b/series-applies
	echo "# $o"
else fail $b/series-applies "$(tr '\n' '|' <<<"$o")"; fi

# A copy of the series whose first patch's context no longer matches.
tmp=$(mktemp -d)
cp -r "$P"/. "$tmp"
first=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$P/series" | head -n 1)
sed -i 's/^ \tx86_platform\.calibrate_tsc = xen_tsc_khz;$/ \tx86_platform.calibrate_tsc = hvlab_changed_this;/' "$tmp/$first"
o=$("$GK" check "$KERNEL_CACHE" "$MKPVH" "$tmp" 2>&1); rc=$?
if [ $rc -ne 0 ] && [[ $o == *"$first does not apply to linux-source-6.1"* ]] &&
	[[ $o == *"rejected hunks of arch/x86/xen/time.c"* ]] && [[ $o == *hvlab_changed_this* ]]
then pass $b/bad-patch
else fail $b/bad-patch "exit $rc: $(tr '\n' '|' <<<"$o" | cut -c1-400)"; fi
echo "no-such.patch" >>"$tmp/series"
o=$("$GK" check "$KERNEL_CACHE" "$MKPVH" "$tmp" 2>&1); rc=$?
[ $rc -ne 0 ] && [[ $o == *"series names no-such.patch, which is not there"* ]] &&
	pass $b/missing-patch || fail $b/missing-patch "exit $rc: $(tr '\n' '|' <<<"$o")"
rm -rf "$tmp"

# --- the built kernel, beside Debian's ---
env=$KERNEL_CACHE/guest-kernel/guest-kernel.env
if ! why=$(linux_env) || [ ! -f "$env" ]; then
	fail $b/boot/kernel "${why:-no $env: make guest-kernel did not run}"
	finish
	exit
fi
linux_env
# shellcheck disable=SC1090
. "$env"
log=$out/boot.log
mkiso "$out/boot.iso" "loglvl=info" \
	-m "$GUEST_KERNEL_VMLINUX_PVH" "domain name=lab mem=256M vcpus=2 -- $(linux_args lab 2)" \
	-m "$LINUX_INITRD" "initrd for=lab" \
	-m "$LINUX_KERNEL" "domain name=stock mem=256M vcpus=1 -- $(linux_args stock 1)" \
	-m "$LINUX_INITRD" "initrd for=stock"
tboot "$log" 300 "all domains have shut down|PANIC|FATAL" "$out/boot.iso" -smp 2 -m 1G
linux_checks "$b/boot/lab" "$log" lab 2
check "$b/boot/release" "$log" "^\(lab\) LINUXTEST INFO kernel ${GUEST_KERNEL_RELEASE//./\\.}\$"
# The hv's line at each domain's end: "... (NAME): N exits (... io N, ...".
io() { tr -d '\r' <"$log" | sed -n "s/^hv: domain [0-9]* ($1): .* io \([0-9]*\),.*/\1/p"; }
lab=$(io lab) stock=$(io stock)
[ -n "$lab" ] && [ "$lab" -lt 1000 ] && pass $b/boot/no-pit-loop ||
	fail $b/boot/no-pit-loop "I/O port exits of the lab kernel's boot: '${lab}'"
echo "# I/O port exits of a boot to init's end: lab kernel ${lab:-?}, Debian's ${stock:-?}"
no_hv_fault "$b/boot/no-hv-fault" "$log"
check "$b/boot/poweroff" "$log" "$HV_END"
finish
