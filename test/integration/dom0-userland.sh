#!/bin/bash
# Issue 12: dom0 with its Debian userland (dom0-tools/rootfs, docs/dom0.md)
# and Debian's own Xen tools on it. dom0's init starts hvstored on the
# local xenstore ring and xen-init-dom0, then runs test/dom0/userland.sh
# (hvlab.test=userland), which prints a DOM0TEST line per check:
#   dom0-userland/<check>   each check userland.sh and xctest make
#                           (xenstore-utils over the socket and over
#                           /dev/xen/xenbus, xl list, xl info, xl
#                           cpupool-list, libxenctrl: physinfo, domain
#                           list, create, pause, affinity, populate,
#                           foreign map, grant seeding through
#                           acquire_resource, destroy, a domain destroyed
#                           half built while dom0 maps its frames)
#   dom0-userland/no-fail, end, no-hv-fault, poweroff
#   dom0-userland/lab/...   the same with the lab's kernel (make
#                           guest-kernel) as dom0 (issue 15 item 4)
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
checks="hvstored-running xen-init-dom0 xenstore-write xenstore-read \
	xenbus-ring xenstore-rm xenstore-gone xenstore-ls dev-fd xl-list xl-info xl-dmesg \
	xl-cpupool-list xc/open xc/fmem-open xc/physinfo xc/featureset \
	xc/featureset-no-pv xc/getinfolist \
	xc/createdomain xc/new-domain-info xc/created-paused xc/unpause \
	xc/unpause-unpaused xc/pause xc/pause-self xc/vcpu-affinity \
	xc/vcpu-affinity-empty xc/settscinfo xc/sched-not-credit2 \
	xc/paging-pool-get xc/paging-pool-unaligned xc/paging-pool-limits \
	xc/paging-pool-set xc/setmaxmem xc/claim xc/claim-twice \
	xc/populate-foreign xc/claim-used xc/claim-cancel xc/claim-too-much \
	xc/decrease-foreign \
	xc/map-foreign xc/map-readback xc/resource-size xc/acquire-beyond \
	xc/acquire-grant-frame xc/seeded-grant-map xc/destroydomain xc/destroyed \
	xc/half-built/mapped xc/half-built/destroy xc/half-built/maps-outlive \
	xc/half-built/pause-gone xc/half-built/populate-gone \
	xc/half-built/destroy-again xc/start/gethvmcontext \
	xc/start/gethvmcontext-short xc/start/set-mtrr \
	xc/start/set-cpu-unloadable xc/start/set-no-end xc/start/set-cpu \
	xc/start/not-before-unpause xc/cpu-policy/size xc/cpu-policy/no-pv \
	xc/cpu-policy/apply xc/cpu-policy/domain xc/cpu-policy/set \
	xc/cpu-policy/bad-leaf xc/cpu-policy/bad-subleaf xc/cpu-policy/max-leaf \
	xc/cpu-policy/bad-msr xc/cpu-policy/msr-overflow xc/cpu-policy/msr-bits \
	xc/cpu-policy/too-many xc/cpu-policy/unchanged-by-errors \
	xc/setvcpucontext/get xc/setvcpucontext/debugreg \
	xc/setvcpucontext/rflags xc/setvcpucontext/mxcsr \
	xc/setvcpucontext/vm-assist xc/setvcpucontext/no-vcpu \
	xc/setvcpucontext/reset xc/setvcpucontext/online \
	xc/start/runs xc/cpu-policy/guest-sees xc/cpu-policy/after-start \
	xc/start/getvcpucontext \
	xc/start/getcontext-partial xc/start/getcontext-partial-novcpu \
	xc/start/destroy \
	xc/introduce/xs-open xc/introduce/prepare xc/introduce/hvm-params \
	xc/introduce/not-yet \
	xc/introduce/introduced xc/introduce/watch xc/introduce/release \
	xc/destroy-missing dmesg-clean"
dom0_test dom0-userland userland || exit 1
for c in $checks; do
	check_line "$b/$c" "$lines" "^DOM0TEST PASS $c\$"
done
dom0_test_end

# The lab's kernel (make guest-kernel) as dom0, the same checks: its
# backends and Xen devices built in, no module tree (dom0's init then
# loads nothing).
lab=$KERNEL_CACHE/guest-kernel/vmlinux-pvh
if [ ! -f "$lab" ]; then
	fail dom0-userland/lab/kernel "no $lab (make guest-kernel)"
elif dom0_test dom0-userland/lab userland 400 "$lab"; then
	for c in $checks; do
		check_line "$b/$c" "$lines" "^DOM0TEST PASS $c\$"
	done
	dom0_test_end
fi
finish
