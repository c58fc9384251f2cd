#!/bin/bash
# Issue 14: guests' networks on the kernel's netback (dom0-tools/hvctl
# vif.c, netdev.c, network.c; docs/split-drivers.md). dom0's init runs
# test/dom0/net.sh (hvlab.test=net), which prints a DOM0TEST line per
# check:
#   dom0-net/bridge/hvbr0       dom0's bridge for guests, 10.77.0.1/24
#   dom0-net/create/*, vif/*    two Debian guests with a vif each: hvctl
#                               bridged netback's interface (renamed by
#                               vifname=) before the guest connected,
#                               libxl's keys, both ends Connected, a
#                               default MAC in Xen's OUI
#   dom0-net/a/*, b/*           the guests' own checks (xen-netfront,
#                               eth0, ping, iperf3 both ways to dom0 and
#                               guest to guest)
#   dom0-net/dom0/*             dom0 pings a guest, iperf3 to it
#   dom0-net/vif/rate           b's rate=1Mb/s: netback's credit in
#                               xenstore, b sent at most 1.5 Mbit/s
#   dom0-net/network-list, attach/new-bridge, detach, attach-refused
#                               hot-plug verbs; a missing bridge is made
#   dom0-net/replug/*           a vif unplugged and plugged again while
#                               dom0 pings the guest: answers come back
#   dom0-net/hostilenet/*       a guest breaks the netif protocol five ways
#                               (test/linux/hostile-netfront.c): errors
#                               for bad grants, the vif disabled for a
#                               frame past its page, too many slots, a
#                               ring index far ahead; a goes on
#   dom0-net/lab/*, l/*         guest l on the lab's kernel (make
#                               guest-kernel): a disk on blkback verified
#                               end to end, one on hvblkd, pings, iperf3
#                               both ways; its ring counters (patches
#                               0003, 0004) moved and agree, and
#                               batch_notify (0005) off gives a push per
#                               request, on fewer
#   dom0-net/shutdown/*, released  nothing of the vifs left after
#   dom0-net/no-fail, end, no-hv-fault, poweroff
. "$(dirname "$0")/../lib/common.sh"
. "$SRC/test/linux/lib.sh"
dom0_test dom0-net net 600 || exit 1

for c in bridge/hvbr0 create/a vif/bridged vif/xenstore vif/connected a/ready a/mac \
	a/module/xen-netfront a/net/eth0 a/net/ping/10.77.0.1 a/net/iperf-send/10.77.0.1 \
	a/net/iperf-recv/10.77.0.1 dom0/ping dom0/iperf-send create/b vif/default-mac \
	b/net/eth0 vif/rate b/net/ping/10.77.0.1 b/net/ping/10.77.0.2 b/net/iperf-send/10.77.0.2 \
	b/net/iperf-recv/10.77.0.2 b/dmesg-clean network-list attach/new-bridge detach \
	attach-refused replug/detach replug/traffic-back hostilenet/txbadgref \
	hostilenet/rxbadgref hostilenet/cross hostilenet/slots hostilenet/ahead \
	hostilenet/a-unaffected lab/create lab/kernel l/module/xen-blkfront \
	l/blk/xvda-verify-64m l/blk/xvda-write-read l/blk/xvdb-write-read l/module/xen-netfront l/net/eth0 \
	l/net/ping/10.77.0.1 l/net/ping/10.77.0.2 l/net/iperf-send/10.77.0.1 \
	l/net/iperf-recv/10.77.0.1 l/counters/vbd-51712 l/counters/vbd-51728 l/counters/frontstat-interval l/counters/vif-0 \
	l/counters/batch-off l/counters/batch-on l/dmesg-clean shutdown/a shutdown/b shutdown/h \
	shutdown/l released; do
	check_line "$b/$c" "$lines" "^DOM0TEST PASS $c\$"
done
grep '^DOM0TEST INFO \(iperf3\|HOSTILE\|kernel\|blkverify\|counters batch\)' <<<"$lines" | sed 's/^DOM0TEST INFO /  /'
dom0_test_end
finish
