#!/bin/sh
# /init of the io bench guest (test/bench/io.sh): Debian's kernel with
# xen-blkfront and xen-netfront, Debian's fio and iperf3. Runs the disk
# jobs of test/bench/io-jobs.sh on xvda, then iperf3 to dom0 both ways and
# ping, prints IOBENCH lines on its console (dom0 collects them from
# xenconsoled's log) and powers off.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
. /usr/lib/hvlab/io-jobs.sh
# Tell dom0 (which watches this console) when each job starts and ends:
# it reads the hv's counters then. The pause lets it reset them first.
io_mark() {
	echo "IOBENCH-MARK $1 $2 $3"
	[ "$1" = start ] && sleep 1
}
modprobe xen-blkfront
modprobe xen-netfront
i=0
while { [ ! -b /dev/xvda ] || [ ! -e /sys/class/net/eth0 ]; } && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
# hvlab.iotag=T names the backend in the IOBENCH lines (pv-blkback,
# pv-hvblkd); hvlab.ionet=0 skips the network part.
tag=$(sed -n 's/.*hvlab\.iotag=\([^ ]*\).*/\1/p' /proc/cmdline)
echo "IOBENCH guest up: $(nproc) vCPU, xvda $(cat /sys/block/xvda/size 2>/dev/null) sectors"
io_jobs /dev/xvda "${tag:-pv-blkback}"
if grep -q 'hvlab.ionet=0' /proc/cmdline; then
	echo "IOBENCH guest done"
	poweroff -f
fi
ip link set lo up
ip addr add 10.77.0.2/24 dev eth0 && ip link set eth0 up
ping -c 3 -w 30 10.77.0.1 >/dev/null 2>&1
for dir in send recv; do
	r=""
	[ $dir = recv ] && r=-R
	mbit=$(iperf3 -c 10.77.0.1 $r -t 5 -f m 2>&1 | awk '/receiver$/ { print $7 }')
	echo "IOBENCH net iperf3-$dir ${mbit:-failed}"
done
rtt=$(ping -c 10 -i 0.2 10.77.0.1 2>&1 | sed -n 's/.*min\/avg\/max = [0-9.]*\/\([0-9.]*\)\/.*/\1/p')
echo "IOBENCH net ping-avg-ms ${rtt:-failed}"
echo "IOBENCH guest done"
poweroff -f
