#!/bin/sh
# /init of the Linux test guest (build/linux/test-initrd.cpio, `make
# linux-guest`). Checks the guest's view of hvlab and reports on the console,
# one line each:
#   LINUXTEST START name=<hvlab.name> vcpus=<expected> uptime=<s>
#   LINUXTEST PASS <check>            LINUXTEST FAIL <check> <why>
#   LINUXTEST SLEEP-BEGIN uptime=<s> / SLEEP-END uptime=<s>
#                                      around a 2 s wait: the host times them
#   LINUXTEST INFO <text>              figures, not results
#   LINUXTEST DONE pass=<n> fail=<n>   then `poweroff -f`
# Kernel command line parameters it reads from /proc/cmdline (the kernel
# ignores unknown dotted parameters):
#   hvlab.vcpus=N   expected CPU count (required for the cpu checks)
#   hvlab.name=S    a name echoed in START (default: linux)
#   hvlab.crash=1   after START, crash the kernel with sysrq-c instead
#   hvlab.hold=S    after the checks, wait S seconds before powering off
#                   (or until a poweroff or reboot request: busybox's
#                   poweroff/reboot signal PID 1)
#   hvlab.blk=LIST  virtual disks (xvda,xvdb:ro): load xen-blkfront, write
#                   4 MiB at 1 MiB and read them back, or (:ro) check that
#                   a write is refused
#   hvlab.blkverify=DEV:MIB  first, blkverify writes MIB MiB of hashed
#                   4 KiB blocks to DEV (one of hvlab.blk) and verifies
#                   every one after dropping the page cache
#   hvlab.hostile=V:MODE,..  hostile-blkfront plays a frontend that breaks
#                   the protocol on device/vbd/V (MODE: badop, badgref,
#                   badsect, ahead), instead of xen-blkfront
#   hvlab.hostilenet=H:MODE,..  hostile-netfront plays a frontend that
#                   breaks the protocol on device/vif/H (MODE: txbadgref,
#                   rxbadgref, cross, slots, ahead), instead of xen-netfront
#   hvlab.net=A/P   a network: load xen-netfront, give eth0 the address A
#                   with prefix P, bring it up
#   hvlab.ping=IP,..  then ping each (3 answers wanted)
#   hvlab.iperf=IP,..  then an iperf3 client to each, 3 s each way
#                   (-R: the server sends), reporting Mbit/s
#   hvlab.iperfd=1  last, run an iperf3 server (for another guest)
#   hvlab.counters=1  the lab kernel's ring counters (pvops-linux-patches
#                   0003-0005): frontstat's tables (and -i's report of
#                   what changed); on each vbd and vif,
#                   counters that moved with the checks above and agree
#                   with each other; then 64 scattered 4 KiB writes to the
#                   first disk, written back by sync, with
#                   xen_blkfront.batch_notify off (a push per request) and
#                   on (fewer pushes than requests)
#   hvlab.dom0=1    the initial domain: load the backend modules (the dom0
#                   initramfs has them), mount xenfs, check the control
#                   domain's capabilities and /dev/xen nodes, set the clock
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

npass=0
nfail=0
pass() { echo "LINUXTEST PASS $1"; npass=$((npass + 1)); }
fail() { echo "LINUXTEST FAIL $1 $2"; nfail=$((nfail + 1)); }
arg() { # name default
	for w in $(cat /proc/cmdline); do
		case $w in "$1"=*) echo "${w#*=}"; return ;; esac
	done
	echo "$2"
}
uptime_s() { cut -d' ' -f1 /proc/uptime; }

# load MODULE: modprobe it, or find it built in (the lab's kernel, make
# guest-kernel, has no modules; a built-in driver with parameters has
# its /sys/module directory all the same).
load() {
	modprobe "$1" 2>&1 || [ -d "/sys/module/$(echo "$1" | tr - _)" ]
}

vcpus=$(arg hvlab.vcpus "")
echo "LINUXTEST START name=$(arg hvlab.name linux) vcpus=${vcpus:-?} uptime=$(uptime_s)"
echo "LINUXTEST INFO kernel $(uname -r)"

if [ "$(arg hvlab.crash 0)" = 1 ]; then
	echo "LINUXTEST CRASHING (sysrq-c)"
	echo 1 >/proc/sys/kernel/sysrq
	echo c >/proc/sysrq-trigger
	echo "LINUXTEST FAIL crash still alive after sysrq-c"
	while :; do sleep 60; done
fi

# --- CPUs --------------------------------------------------------------------
ncpu=$(grep -c '^processor' /proc/cpuinfo)
online=$(cat /sys/devices/system/cpu/online)
if [ -z "$vcpus" ]; then
	fail cpu-count "no hvlab.vcpus=N on the command line (cpuinfo has $ncpu)"
elif [ "$ncpu" = "$vcpus" ] && [ "$(nproc)" = "$vcpus" ]; then
	pass cpu-count
else
	fail cpu-count "expected $vcpus, /proc/cpuinfo has $ncpu, nproc $(nproc), online $online"
fi

# --- Xen ---------------------------------------------------------------------
t=$(cat /sys/hypervisor/type 2>/dev/null)
if [ "$t" = xen ]; then pass hypervisor-type
else fail hypervisor-type "/sys/hypervisor/type is '${t:-missing}'"; fi
cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)
if [ "$cs" = xen ]; then pass clocksource
else fail clocksource "current_clocksource is '${cs:-missing}' (available: $(cat /sys/devices/system/clocksource/clocksource0/available_clocksource 2>/dev/null))"; fi

# --- a process on each CPU ----------------------------------------------------
# /proc/<pid>/stat field 39 is the CPU the task last ran on. Each CPU gets a
# pinned busy loop (all at once), which then reports where it ran.
n=${vcpus:-$ncpu}
i=0
while [ $i -lt "$n" ]; do
	taskset -c $i sh -c 'k=0; while [ $k -lt 3000 ]; do k=$((k + 1)); done
		echo "$(cut -d" " -f39 /proc/$$/stat)" >/tmp/cpu'$i 2>/tmp/cpu$i.err &
	i=$((i + 1))
done
wait
i=0
while [ $i -lt "$n" ]; do
	got=$(cat /tmp/cpu$i 2>/dev/null)
	if [ "$got" = "$i" ]; then pass cpu-run/$i
	else fail cpu-run/$i "a loop pinned to CPU $i reported CPU '${got}' $(cat /tmp/cpu$i.err 2>/dev/null)"; fi
	i=$((i + 1))
done

# --- time --------------------------------------------------------------------
# A 2-second wait between two marker lines that the host times against its
# own clock (test/linux/lib.sh: both clocks must agree). The wait is the shell's builtin
# `read -t 2` on a FIFO nobody writes (a poll() timeout, the same kernel
# timers as nanosleep), because starting the `sleep` process costs from
# 20 ms to over a second under TCG (measured with 4 vCPUs on a 2-core host),
# which would swamp the measurement. The markers carry the guest's uptime,
# read without forking, so the guest checks its own clock too.
mkfifo /tmp/never
exec 3<>/tmp/never
read -r t0 _ </proc/uptime
echo "LINUXTEST SLEEP-BEGIN uptime=$t0"
read -t 2 _ <&3
read -r t1 _ </proc/uptime
echo "LINUXTEST SLEEP-END uptime=$t1"
exec 3<&-
d=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
# Never early (less the clock's 10 ms steps); late by what a busy host
# costs: the wake-up waits for a pCPU, and QEMU's for a host core.
if awk -v d="$d" 'BEGIN { exit !(d >= 1.99 && d <= 5.0) }'; then pass sleep-guest
else fail sleep-guest "a 2 s wait took $d s by /proc/uptime"; fi
# The sleep command itself: never early; late only by the cost of a process.
read -r t0 _ </proc/uptime
sleep 2
read -r t1 _ </proc/uptime
d=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
if awk -v d="$d" 'BEGIN { exit !(d >= 2.0 && d <= 5.0) }'; then pass sleep-cmd
else fail sleep-cmd "sleep 2 took $d s by /proc/uptime"; fi
echo "LINUXTEST INFO sleep 2 took $d s (guest clock)"

# --- event channels: Linux takes the FIFO ABI when the hv offers it ---------
if dmesg | grep -q 'xen:events: Using FIFO-based ABI'; then pass event-channels-fifo
else fail event-channels-fifo "$(dmesg | grep 'xen:events' | head -n 1)"; fi

# --- the initial domain ------------------------------------------------------
if [ "$(arg hvlab.dom0 0)" = 1 ]; then
	for m in xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xen-blkback xen-netback loop bridge; do
		if out=$(load "$m"); then pass "module/$m"
		else fail "module/$m" "$out"; fi
	done
	if out=$(mount -t xenfs xenfs /proc/xen 2>&1); then pass xenfs
	else fail xenfs "$out"; fi
	caps=$(cat /proc/xen/capabilities 2>&1)
	if [ "$caps" = control_d ]; then pass control-domain
	else fail control-domain "/proc/xen/capabilities: '$caps'"; fi
	missing=""
	for n in privcmd hypercall evtchn gntdev gntalloc xenbus xenbus_backend; do
		[ -c "/dev/xen/$n" ] || missing="$missing $n"
	done
	if [ -z "$missing" ]; then pass xen-devices
	else fail xen-devices "no /dev/xen/:$missing"; fi
	# dom0 tells the hv (XENPF_settime64) when its clock is set; the host
	# finds the hv's log line for this time.
	if out=$(date -u -s "2030-01-02 03:04:05" 2>&1); then pass set-clock
	else fail set-clock "$out"; fi
fi

# --- virtual disks (hvlab.blk=xvda,xvdb:ro): xen-blkfront, then data ----------
blks=$(arg hvlab.blk "")
if [ -n "$blks" ]; then
	if out=$(load xen-blkfront); then pass module/xen-blkfront
	else fail module/xen-blkfront "$out"; fi
	dd if=/dev/urandom of=/tmp/pattern bs=1M count=4 2>/dev/null
	sum=$(md5sum </tmp/pattern | cut -d' ' -f1)
fi
for b in $(echo "$blks" | tr ',' ' '); do
	dev=${b%%:*}
	i=0
	while [ ! -b "/dev/$dev" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	if [ ! -b "/dev/$dev" ]; then
		fail "blk/$dev" "no /dev/$dev after 30 s: $(dmesg | grep -i blkfront | tail -n 1)"
		continue
	fi
	echo "LINUXTEST INFO blk $dev sectors=$(cat "/sys/block/$dev/size") ro=$(cat "/sys/block/$dev/ro")"
	# The end-to-end check first (it writes from sector 0): MIB MiB of
	# 4 KiB blocks, each naming itself and carrying its XXH64, written
	# and synced, the page cache dropped, read back past it (O_DIRECT).
	vmib=$(arg hvlab.blkverify "")
	if [ "${vmib%%:*}" = "$dev" ]; then
		vmib=${vmib#*:}
		seed=$(date +%s)
		if out=$(blkverify write "/dev/$dev" "$vmib" "$seed" 2>&1) &&
			echo 3 >/proc/sys/vm/drop_caches &&
			out="$out | $(blkverify verify "/dev/$dev" "$vmib" "$seed" 2>&1)"
		then pass "blk/$dev-verify-${vmib}m"
		else fail "blk/$dev-verify-${vmib}m" "$(echo "$out" | tr '\n' '|')"; fi
		echo "LINUXTEST INFO $out"
	fi
	if [ "$b" != "${b%:ro}" ]; then
		# Refused by blkfront (the backend said mode r) or by blkback.
		if [ "$(cat "/sys/block/$dev/ro")" = 1 ] &&
			! dd if=/tmp/pattern of="/dev/$dev" bs=1M count=1 conv=fsync 2>/dev/null
		then pass "blk/$dev-readonly"
		else fail "blk/$dev-readonly" "a write to /dev/$dev succeeded"; fi
		continue
	fi
	# 4 MiB at 1 MiB in, synced, the page cache dropped, read back; the
	# host compares the image file with the sum printed here.
	if dd if=/tmp/pattern of="/dev/$dev" bs=1M seek=1 conv=fsync 2>/dev/null &&
		echo 3 >/proc/sys/vm/drop_caches &&
		back=$(dd if="/dev/$dev" bs=1M skip=1 count=4 2>/dev/null | md5sum | cut -d' ' -f1) &&
		[ "$back" = "$sum" ]
	then pass "blk/$dev-write-read"; echo "LINUXTEST INFO blk $dev md5=$sum"
	else fail "blk/$dev-write-read" "wrote $sum, read back ${back:-nothing}"; fi
done

# --- hostile frontends (hvlab.hostile=51712:badop,..., hvlab.hostilenet=
# 0:cross,...): the backend's side is judged by the host; here, that the
# attack was made. hostile_run PARAMETER PROGRAM.
hostile_run() {
	local list h out k=${1#hvlab.}
	list=$(arg "$1" "")
	[ -n "$list" ] || return 0
	load xen-gntalloc >/dev/null && load xen-evtchn >/dev/null ||
		fail "$k/modules" "xen-gntalloc, xen-evtchn"
	for h in $(echo "$list" | tr ',' ' '); do
		if out=$("$2" "${h%%:*}" "${h#*:}" 2>&1); then
			pass "$k/${h%%:*}-${h#*:}"
			echo "LINUXTEST INFO $out"
		else fail "$k/${h%%:*}-${h#*:}" "$(echo "$out" | tr '\n' '|')"; fi
	done
}
hostile_run hvlab.hostile hostile-blkfront
hostile_run hvlab.hostilenet hostile-netfront

# --- network (hvlab.net=10.77.0.2/24): xen-netfront, then traffic -------------
# Each peer gets its own checks: ping (3 answers), iperf3 both ways. The
# rates are figures (INFO), not results: this host is shared.
list() { echo "$1" | tr ',' ' '; }
net=$(arg hvlab.net "")
if [ -n "$net" ]; then
	if out=$(load xen-netfront); then pass module/xen-netfront
	else fail module/xen-netfront "$out"; fi
	i=0
	while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	if out=$(ip addr add "$net" dev eth0 2>&1 && ip link set eth0 up 2>&1); then
		pass net/eth0
		echo "LINUXTEST INFO net eth0 $net mac=$(cat /sys/class/net/eth0/address) mtu=$(cat /sys/class/net/eth0/mtu)"
	else fail net/eth0 "$out $(dmesg | grep -i netfront | tail -n 1)"; fi
	# Unplugged and plugged again (network-detach, network-attach), the
	# guest gets a new eth0 (a new ifindex): give it the address again,
	# as a hotplug handler would. Polled with the shell's own read (a
	# 0.5 s timeout on the FIFO nobody writes), which costs no process.
	if [ "$(arg hvlab.hold 0)" != 0 ]; then
		read -r idx </sys/class/net/eth0/ifindex
		(exec 4<>/tmp/never
		while :; do
			read -t 0.5 _ <&4
			read -r now 2>/dev/null </sys/class/net/eth0/ifindex || continue
			[ "$now" = "$idx" ] && continue
			idx=$now
			ip addr add "$net" dev eth0 && ip link set eth0 up &&
				echo "LINUXTEST INFO net eth0 plugged again, $net"
		done) &
	fi
	for ip in $(list "$(arg hvlab.ping "")"); do
		# The first answer may wait for the backend's Connected.
		if out=$(ping -c 3 -w 30 "$ip" 2>&1) && echo "$out" | grep -q '3 packets received'
		then pass "net/ping/$ip"; echo "LINUXTEST INFO ping $ip: $(echo "$out" | tail -n 1)"
		else fail "net/ping/$ip" "$(echo "$out" | tail -n 2 | tr '\n' '|')"; fi
	done
	for ip in $(list "$(arg hvlab.iperf "")"); do
		for dir in send recv; do
			r=""; [ $dir = recv ] && r=-R
			# The receiver's line: what arrived.
			if out=$(iperf3 -c "$ip" $r -t 3 -f m 2>&1) &&
				mbit=$(echo "$out" | awk '/receiver$/ { print $7 }') &&
				awk -v m="$mbit" 'BEGIN { exit !(m > 0) }'
			then pass "net/iperf-$dir/$ip"; echo "LINUXTEST INFO iperf3 $dir $ip $mbit Mbit/s"
			else fail "net/iperf-$dir/$ip" "$(echo "$out" | tail -n 3 | tr '\n' '|')"; fi
		done
	done
	# Last, so that its PASS tells a host waiting for it that the
	# checks above are done.
	if [ "$(arg hvlab.iperfd 0)" = 1 ]; then
		if out=$(iperf3 -s -D 2>&1); then pass net/iperf-server
		else fail net/iperf-server "$out"; fi
	fi
fi

# --- the lab kernel's ring counters (hvlab.counters=1) ---------------------------
stat_of() { # DEVICE COUNTER: /sys/bus/xen/devices/DEVICE/stats/COUNTER, or -1
	cat "/sys/bus/xen/devices/$1/stats/$2" 2>/dev/null || echo -1
}
pushes_of() { echo $(($(stat_of "$1" notify_sent) + $(stat_of "$1" notify_suppressed))); }
if [ "$(arg hvlab.counters 0)" = 1 ]; then
	frontstat 2>&1 | sed 's/^/LINUXTEST INFO counters /'
	# -i: the totals, then one report of what changed, for the vbd named.
	out=$(frontstat -i 0.2 -c 1 vbd-51712 2>&1)
	if echo "$out" | grep -q '^# vbd: over the last [0-9][0-9.]* s$' &&
		[ "$(echo "$out" | grep -c '^requests ')" = 2 ] &&
		! echo "$out" | grep -q 'vif-'
	then pass counters/frontstat-interval
	else fail counters/frontstat-interval "$(echo "$out" | head -n 4 | tr '\n' '|')"; fi
	for d in /sys/bus/xen/devices/vbd-* /sys/bus/xen/devices/vif-*; do
		[ -d "$d" ] || continue
		v=${d##*/}
		case $v in
		vbd-*)
			# A push publishes one request or more; every response
			# answers a request.
			req=$(stat_of "$v" requests) rsp=$(stat_of "$v" responses)
			why="requests $req, responses $rsp, interrupts $(stat_of "$v" interrupts), notified $(stat_of "$v" notify_sent), pushes $(pushes_of "$v")"
			[ "$req" -gt 0 ] && [ "$rsp" -gt 0 ] && [ "$rsp" -le "$req" ] &&
				[ "$(stat_of "$v" interrupts)" -gt 0 ] &&
				[ "$(stat_of "$v" notify_sent)" -gt 0 ] &&
				[ "$(pushes_of "$v")" -le "$req" ] ;;
		vif-*)
			why="tx slots $(stat_of "$v" tx_slots), responses $(stat_of "$v" tx_responses), notified $(stat_of "$v" tx_notify_sent); rx slots $(stat_of "$v" rx_slots), responses $(stat_of "$v" rx_responses); interrupts $(stat_of "$v" tx_interrupts) $(stat_of "$v" rx_interrupts)"
			[ "$(stat_of "$v" tx_slots)" -gt 0 ] &&
				[ "$(stat_of "$v" tx_responses)" -gt 0 ] &&
				[ "$(stat_of "$v" tx_responses)" -le "$(stat_of "$v" tx_slots)" ] &&
				[ "$(stat_of "$v" tx_notify_sent)" -gt 0 ] &&
				[ "$(stat_of "$v" rx_slots)" -gt 0 ] &&
				[ "$(stat_of "$v" rx_responses)" -gt 0 ] &&
				[ "$(stat_of "$v" rx_responses)" -le "$(stat_of "$v" rx_slots)" ] &&
				[ $(($(stat_of "$v" tx_interrupts) + $(stat_of "$v" rx_interrupts))) -gt 0 ] ;;
		esac && pass "counters/$v" || fail "counters/$v" "$why"
	done
	# batch_notify A/B: 64 dirty 4 KiB blocks, one in two, beyond
	# blkverify's 64 MiB, which writeback submits under one plug, and
	# blk-mq hands over in batches (large requests would not do: a plug
	# holding a 128 KiB one is flushed at the next). fd 5 keeps the disk
	# open, or each dd's close, the last, would write its block back.
	dev=$(echo "$blks" | cut -d, -f1)
	dev=${dev%%:*}
	param=/sys/module/xen_blkfront/parameters/batch_notify
	v=$(basename "$(readlink -f "/sys/block/$dev/device" 2>/dev/null)")
	if [ -n "$dev" ] && [ -w "$param" ] && [ -d "/sys/bus/xen/devices/$v/stats" ]; then
		for mode in 0 1; do
			echo "$mode" >"$param"
			r0=$(stat_of "$v" requests) p0=$(pushes_of "$v") n0=$(stat_of "$v" notify_sent)
			i=0
			exec 5<"/dev/$dev"
			while [ $i -lt 64 ]; do
				dd if=/tmp/pattern of="/dev/$dev" bs=4k count=1 conv=notrunc \
					seek=$((16384 + mode * 256 + i * 2)) 2>/dev/null
				i=$((i + 1))
			done
			sync
			exec 5<&-
			r=$(($(stat_of "$v" requests) - r0)) p=$(($(pushes_of "$v") - p0))
			n=$(($(stat_of "$v" notify_sent) - n0))
			echo "LINUXTEST INFO counters batch_notify=$mode: $r requests, $p pushes, $n notifications"
			if [ "$mode" = 0 ]; then
				[ "$r" -gt 0 ] && [ "$p" = "$r" ] && pass counters/batch-off ||
					fail counters/batch-off "$r requests, $p pushes (one each wanted)"
			else
				[ "$p" -gt 0 ] && [ "$p" -lt "$r" ] && pass counters/batch-on ||
					fail counters/batch-on "$r requests, $p pushes (fewer wanted)"
			fi
		done
		echo 0 >"$param"
	else
		fail counters/batch-off "no disk, no $param or no /sys/bus/xen/devices/$v/stats"
	fi
fi

# --- the kernel log, last so it covers the checks above -------------------------
bad=$(dmesg | grep -E 'WARNING|BUG|Oops|Call Trace|unchecked MSR' | head -n 3)
if [ -z "$bad" ]; then pass dmesg-clean
else fail dmesg-clean "$(echo "$bad" | tr '\n' '|')"; fi

hold=$(arg hvlab.hold 0)
if [ "$hold" != 0 ]; then
	# busybox's poweroff and reboot, which Linux runs for a toolstack's
	# PV shutdown request (control/shutdown), signal PID 1: end the hold.
	trap 'echo "LINUXTEST INFO shutdown requested"' USR2 TERM
	sleep "$hold" &
	wait $!
fi
echo "LINUXTEST DONE pass=$npass fail=$nfail uptime=$(uptime_s)"
poweroff -f
sleep 5
echo "LINUXTEST FAIL poweroff the guest is still running 5 s after poweroff -f"
while :; do sleep 60; done
