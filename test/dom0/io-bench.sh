#!/bin/bash
# In dom0 (hvlab.test=io, test/bench/io.sh): the disk jobs of
# test/bench/io-jobs.sh natively on a loop device over a 256 MiB file in
# dom0's RAM, then the same jobs in a PV guest whose xvda is that loop
# device through the kernel's blkback, then iperf3 and ping between the
# guest and dom0; then the disk jobs again in a guest whose xvda is the
# same loop device through hvblkd. Prints IOBENCH lines (the guest's copied from its
# console log) for the host to tabulate.
. /usr/lib/hvlab/io-jobs.sh
# io_mark start|end TAG JOB [DOMAIN]: the hv's counters around a job
# (hvctl perf: reset at the start; at the end dom0's and DOMAIN's, as
# IOBENCH-PERF TAG JOB COUNTER... VALUES; and xenperf's machine-wide
# hypercall counts by name, as IOBENCH-XENPERF lines). io_jobs calls it for the
# native jobs, run_guest at the guest's marks.
io_mark() {
	if [ "$1" = start ]; then
		hvctl perf -r >/dev/null
	else
		hvctl perf Domain-0 $4 | sed "s/^/IOBENCH-PERF $2 $3 /"
		/usr/lib/xen-4.17/bin/xenperf -p 2>&1 | sed "s/^/IOBENCH-XENPERF $2 $3 /"
	fi
}
G=/usr/lib/hvlab/guests
B=/run/iobench
mkdir -p $B && mount -t tmpfs -o size=300m hvlab-iobench $B
truncate -s 256M $B/disk.img
loop=$(losetup -f --show $B/disk.img)
echo "IOBENCH dom0: $(nproc) vCPUs, $loop on a tmpfs file, fio $(fio --version)"
grep -q . /usr/lib/hvlab/io-guest-args &&
	echo "IOBENCH dom0: the guests' kernels also get: $(cat /usr/lib/hvlab/io-guest-args)"
io_jobs "$loop" native
# dom0's own loopback, the ceiling of any guest's rate through it.
iperf3 -s -D
for dir in send recv; do
	r=""
	[ $dir = recv ] && r=-R
	mbit=$(iperf3 -c 127.0.0.1 $r -t 5 -f m 2>&1 | awk '/receiver$/ { print $7 }')
	echo "IOBENCH loopback iperf3-$dir ${mbit:-failed}"
done
# run_guest TAG DISK-SPEC MORE-ARGS: the guest's jobs on that disk.
run_guest() {
	cat >/tmp/io.cfg <<EOC
name = "io"
type = "pvh"
kernel = "$G/vmlinuz"
ramdisk = "$G/io-initrd.cpio"
memory = 512
vcpus = ${IO_VCPUS:-1}
disk = [ '$2' ]
vif = [ 'bridge=hvbr0' ]
cmdline = "console=hvc0 loglevel=4 tsc=reliable pci=off 8250.nr_uarts=0 mitigations=off rdinit=/init hvlab.iotag=$1 $3 $(cat /usr/lib/hvlab/io-guest-args)"
EOC
	local log=/var/log/hvlab/console/guest-io.log line tp
	# Empty, not removed: tail -F polls a missing file once a second
	# (lifecycle-bench.sh); xenconsoled appends to the file it finds.
	: >"$log"
	hvctl create /tmp/io.cfg 2>&1 | sed 's/^/IOBENCH-INFO /'
	# Follow the guest's console as it is written (no polling loop: dom0
	# would spend the guest's time forking greps), reading the hv's
	# counters of both domains at each job's marks, as for the native
	# jobs; until it is done, or 10 minutes.
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		"IOBENCH-MARK "*)
			set -- $line
			io_mark "$2" "$3" "$4" io
			;;
		"IOBENCH guest done"*) break ;;
		esac
	done < <(timeout 600 tail -n +1 -F "$log" 2>/dev/null)
	tp=$!
	kill "$tp" 2>/dev/null
	tr -d '\r' <"$log" | grep -a '^IOBENCH'
	hvctl destroy io 2>/dev/null
}
run_guest pv-blkback "phy:$loop,xvda,w"
# The same loop device through hvblkd (O_DIRECT on it), no network.
run_guest pv-hvblkd "phy:$loop,xvda,w,backendtype=hvblkd" hvlab.ionet=0
grep -a 'disconnected (' /var/log/hvlab/hvblkd.log | tail -n 1 | sed 's/^/IOBENCH-INFO /'
losetup -d "$loop"
