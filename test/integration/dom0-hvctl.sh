#!/bin/bash
# Issue 13: hvctl, the toolstack, in dom0 (dom0-tools/hvctl,
# docs/toolstack.md). dom0's init runs test/dom0/hvctl.sh
# (hvlab.test=hvctl), which builds hvlab's test guests from xl.cfg files
# with hvctl and prints a DOM0TEST line per check:
#   dom0-hvctl/<check>          create (paused), list, the xenstore
#                               directory, unpause, two guests at once,
#                               destroy leaving no xenstore node, bad
#                               configs refused with FILE:LINE: reason,
#                               usage, the lifecycle (preserve, crash
#                               with destroy, reboot refused without PV
#                               control, reboot -F restarting the
#                               guest from its saved config, with the
#                               disk and vif attached at run time and
#                               without the vif detached), Debian's Linux as a domU built
#                               from its bzImage, its console read from
#                               xenconsoled's log, with two disks on the
#                               kernel's blkback (issue 14: blk/*: data
#                               written by the guest found in the image
#                               file, read-only refused, everything
#                               released after), 100 create/destroy
#                               cycles, then xenstore nodes back to their
#                               baseline and the hv's memory (free, dom0's
#                               pages and page tables: test/dom0/
#                               memstate.c) back to what it was before the
#                               cycles, to the page but for the heap's 8
#                               cached slabs; memory-back/all-guests: within
#                               64 pages of the start (dom0's own maptrack
#                               and heap slabs grow on first use);
#                               memory-cleared: the hv has cleared every
#                               frame the guests freed (physinfo's
#                               scrub_pages 0) within 180 s of idle dom0
#   dom0-hvctl/guest/<name>     the guests' own verdicts on the hv's
#                               serial line: lowload and highload check
#                               the layout hvctl gave them (start info,
#                               memory map, initrd, command line), the
#                               same checks the hv's builder passes
#   dom0-hvctl/no-fail, end, no-hv-fault, poweroff
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
dom0_test dom0-hvctl hvctl || exit 1

for c in create verbose-steps list-paused xenstore-dir unpause ran-and-ended two-created \
	two-ended destroy destroy-missing verb/info verb/dmesg verb/vcpu-list \
	verb/mem-set verb/list-l verb/rename verb/top bad-config/unknown-key \
	bad-config/bad-value bad-config/no-kernel-file bad-config/not-pvh \
	bad-config/no-kernel bad-config/kernel-dir bad-config/empty-ramdisk bad-config/too-much-memory bad-config/too-little-memory bad-config/hvm \
	bad-config/unclosed bad-config/vif bad-config/vif-twice bad-config/vif-not-bridge \
	bad-config/vif-left bad-config/disk-missing \
	bad-config/disk-vdev bad-config/disk-format bad-config/disk-twice \
	bad-config/disk-not-file bad-config/no-file usage \
	lifecycle/preserve lifecycle/crash-destroy lifecycle/reboot-needs-pv \
	lifecycle/saved-devices lifecycle/reboot-restart lifecycle/restart-keeps-devices \
	blk/connected blk/data-in-image blk/verify-256m blk/readonly \
	blk/attach blk/list blk/attach-refused blk/detach \
	linux/console linux/pv-shutdown linux/checks linux/ended blk/released \
	cycles-100 xenstore-back memory-back memory-back/all-guests memory-cleared; do
	check_line "$b/$c" "$lines" "^DOM0TEST PASS $c\$"
done
# Three runs of lowload (one with 2 vCPUs) and one of highload.
n=$(tr -d '\r' <"$log" | grep -Ec '^\(d[0-9]+\) RESULT lowload PASS$')
[ "$n" -eq 3 ] && pass "$b/guest/lowload" || fail "$b/guest/lowload" "$n of 3 lowload runs passed"
check "$b/guest/highload" "$log" '^\(d[0-9]+\) RESULT highload PASS$'
# The guest "again", rebuilt by its monitor after a reboot, ran.
check "$b/guest/restarted" "$log" '^\(d[0-9]+\) RESULT hello PASS$'
dom0_test_end
finish
