#!/bin/bash
# Issue 14: hvblkd, the userspace block backend (dom0-tools/hvblkd,
# docs/split-drivers.md). dom0's init starts it and runs
# test/dom0/hvblkd.sh (hvlab.test=hvblkd), which prints a DOM0TEST line
# per check:
#   dom0-hvblkd/running, create/*, frontend-to-hvblkd
#                      hvblkd up; guests whose disks say
#                      backendtype=hvblkd get hvblkd's directory as their
#                      frontends' backend, and nothing of blkback's
#   dom0-hvblkd/a/*    guest a: 128 MiB of hashed 4 KiB blocks written,
#                      synced and read back with O_DIRECT (blkverify),
#                      4 MiB at 1 MiB found in the image file
#                      (data-in-image), a read-only disk refusing writes
#   dom0-hvblkd/hostile/*
#                      guest h, while a works: a frontend breaking the
#                      protocol four ways (test/linux/hostile-blkfront.c:
#                      an unknown operation, a grant it never gave, a
#                      segment outside its page, a producer index far
#                      ahead); hvblkd disconnects each device with a log
#                      line and goes on; guest k, the same against the
#                      kernel's blkback: dom0 and the hv go on
#   dom0-hvblkd/b/*, restart
#                      guest b, at the same time on its own disk: the same
#                      128 MiB check while hvblkd is killed (SIGKILL) and
#                      started again: no acknowledged write lost
#   dom0-hvblkd/attach, detach, shutdown/*, released
#                      hot-plug on hvblkd; after both guests nothing left
#                      (hvblkd's devices, xenstore nodes) and hvblkd still
#                      serving
#   dom0-hvblkd/no-fail, end, no-hv-fault, poweroff
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
dom0_test dom0-hvblkd hvblkd 900 || exit 1

for c in running create/a frontend-to-hvblkd create/b restart a/module/xen-blkfront \
	a/blk/xvda-verify-128m a/blk/xvda-write-read a/blk/xvdb-readonly a/dmesg-clean \
	b/blk/xvda-verify-128m b/blk/xvda-write-read b/dmesg-clean data-in-image \
	attach detach shutdown/a shutdown/b released \
	hostile/hvblkd/badop hostile/hvblkd/badgref hostile/hvblkd/badsect hostile/hvblkd/ahead \
	hostile/hvblkd-alive shutdown/h hostile/blkback/badop hostile/blkback/badgref \
	hostile/blkback/badsect hostile/blkback/ahead shutdown/k; do
	check_line "$b/$c" "$lines" "^DOM0TEST PASS $c\$"
done
grep '^DOM0TEST INFO .*\(blkverify\|hvblkd restarted\|disconnected\|in flight\|HOSTILE\|dom0 kernel\)' <<<"$lines" | sed 's/^DOM0TEST INFO /  /'
dom0_test_end
finish
