#!/bin/bash
# In dom0 (hvlab.test=net, run by dom0-tools/rootfs/init): guests'
# networks through Linux's xen-netback (dom0) and xen-netfront (Debian's
# kernel in the guests), on the bridge hvbr0 that dom0's init makes
# (10.77.0.1/24). hvctl writes the vifs' xenstore directories and does
# the hotplug itself (rename, bridge, up, hotplug-status). One line per
# check on the console:
#   DOM0TEST PASS <name>  |  DOM0TEST FAIL <name> <why>
# Rates are INFO lines: this host is shared, they are not results.
. /usr/lib/hvlab/test/lib.sh
T=$(mktemp -d)

# cfg NAME ADDR VIF-SPEC GUEST-ARGS: a test guest with one vif.
cfg() {
	cat >"$T/$1.cfg" <<EOF
name = "$1"
type = "pvh"
kernel = "$G/vmlinuz"
ramdisk = "$G/linux-initrd.cpio"
memory = 192
vcpus = 1
vif = [ '$3' ]
cmdline = "console=hvc0 loglevel=4 tsc=reliable pci=off 8250.nr_uarts=0 mitigations=off rdinit=/init hvlab.name=$1 hvlab.vcpus=1 hvlab.hold=600 hvlab.net=$2 $4"
EOF
}

base_nodes=$(nodes)
# --- dom0's side: the bridge init made, an iperf3 server ---
if ip -4 addr show dev hvbr0 | grep -q 'inet 10.77.0.1/24' && [ -d /sys/class/net/hvbr0/bridge ]
then pass bridge/hvbr0; else fail bridge/hvbr0 "$(ip addr show dev hvbr0 2>&1 | tr '\n' '|')"; fi
iperf3 -s -D --logfile "$T/iperf3-dom0.log"

# --- guest a: a fixed MAC and interface name; an iperf3 server for b ---
cfg a 10.77.0.2/24 'bridge=hvbr0,mac=00:16:3e:4c:00:02,vifname=vif-a' \
	'hvlab.ping=10.77.0.1 hvlab.iperf=10.77.0.1 hvlab.iperfd=1'
out=$(hvctl -v create "$T/a.cfg" 2>&1); rc=$?
echo "$out" | sed 's/^/DOM0TEST INFO create a: /'
da=$(id a)
[ $rc -eq 0 ] && [[ $out =~ "vif 0: vif-a on bridge hvbr0, up" ]] && pass create/a ||
	fail create/a "exit $rc: $(echo "$out" | tail -n 2 | tr '\n' '|')"
# Before the guest's frontend connects, netback has made vif-a and hvctl
# has bridged it: it is a port of hvbr0 and up.
if [ "$(basename "$(readlink /sys/class/net/vif-a/master)")" = hvbr0 ] &&
	ip link show dev vif-a | grep -q ',UP'
then pass vif/bridged; else fail vif/bridged "$(ip link show dev vif-a 2>&1 | tr '\n' '|')"; fi
# The keys netback and netfront read, as libxl writes them.
be=/local/domain/0/backend/vif/$da/0
got="$(xenstore-read $be/mac) $(xenstore-read $be/bridge) $(xenstore-read $be/handle) $(xenstore-read $be/hotplug-status) $(xenstore-read /local/domain/$da/device/vif/0/mac)"
[ "$got" = "00:16:3e:4c:00:02 hvbr0 0 connected 00:16:3e:4c:00:02" ] && pass vif/xenstore ||
	fail vif/xenstore "'$got'"
connected vif "$da" 0 && pass vif/connected || fail vif/connected "states $(state vif "$da" 0)"
# The guest's MAC is the config's.
if seen "$CL/guest-a.log" '^LINUXTEST PASS net/iperf-server' 300; then
	pass a/ready
	tr -d '\r' <"$CL/guest-a.log" | grep -a '^LINUXTEST INFO \(net\|ping\|iperf3\)' | sed 's/^LINUXTEST/DOM0TEST/'
else fail a/ready "$(tr -d '\r' <"$CL/guest-a.log" | grep -a 'FAIL\|net' | head -n 3 | tr '\n' '|')"; fi
tr -d '\r' <"$CL/guest-a.log" | grep -qa '^LINUXTEST INFO net eth0 10.77.0.2/24 mac=00:16:3e:4c:00:02' &&
	pass a/mac || fail a/mac "$(tr -d '\r' <"$CL/guest-a.log" | grep -a 'INFO net' | tr '\n' '|')"
for c in module/xen-netfront net/eth0 net/ping/10.77.0.1 net/iperf-send/10.77.0.1 \
	net/iperf-recv/10.77.0.1; do
	guest_check a "$c"
done
# dom0 to the guest: ping, and iperf3 to the guest's server (dom0 sends).
out=$(ping -c 3 -w 30 10.77.0.2 2>&1)
echo "$out" | grep -q ' 3 received' && pass dom0/ping || fail dom0/ping "$(echo "$out" | tail -n 2 | tr '\n' '|')"
out=$(iperf3 -c 10.77.0.2 -t 3 -f m 2>&1); rc=$?
mbit=$(echo "$out" | awk '/receiver$/ { print $7 }')
[ $rc -eq 0 ] && awk -v m="$mbit" 'BEGIN { exit !(m > 0) }' && pass dom0/iperf-send ||
	fail dom0/iperf-send "exit $rc $(echo "$out" | tail -n 2 | tr '\n' '|')"
echo "DOM0TEST INFO iperf3 dom0 -> a: $mbit Mbit/s"

# --- guest b: hvctl's defaults (a random 00:16:3e MAC, vifD.0) and a
# rate limit of 1 Mbit/s on what it sends; it reaches dom0 and a, and
# runs iperf3 against a: guest to guest ---
cfg b 10.77.0.3/24 'bridge=hvbr0,rate=1Mb/s' 'hvlab.ping=10.77.0.1,10.77.0.2 hvlab.iperf=10.77.0.2'
out=$(hvctl create "$T/b.cfg" 2>&1); rc=$?
db=$(id b)
[ $rc -eq 0 ] && [ "$(basename "$(readlink "/sys/class/net/vif$db.0/master")")" = hvbr0 ] &&
	pass create/b || fail create/b "exit $rc: $(echo "$out" | tail -n 2 | tr '\n' '|')"
mac=$(xenstore-read "/local/domain/$db/device/vif/0/mac")
[[ $mac =~ ^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$ ]] && pass vif/default-mac ||
	fail vif/default-mac "'$mac'"
if seen "$CL/guest-b.log" '^LINUXTEST PASS dmesg-clean\|^LINUXTEST FAIL dmesg-clean' 300; then
	tr -d '\r' <"$CL/guest-b.log" | grep -a '^LINUXTEST INFO \(net\|ping\|iperf3\)' | sed 's/^LINUXTEST/DOM0TEST/'
fi
for c in net/eth0 net/ping/10.77.0.1 net/ping/10.77.0.2 net/iperf-send/10.77.0.2 \
	net/iperf-recv/10.77.0.2 dmesg-clean; do
	guest_check b "$c"
done
# netback's credit: 125000 bytes/s as 6250 bytes per 50 ms. It bounds
# what b sends, so iperf3's receiver saw at most that (and 1.5 times it
# for the first interval's credit and iperf3's own timing); a lower
# bound would be this host's speed, not a result.
r=$(xenstore-read "/local/domain/0/backend/vif/$db/0/rate" 2>&1)
mbit=$(tr -d '\r' <"$CL/guest-b.log" | awk '/^LINUXTEST INFO iperf3 send 10.77.0.2 / { print $6 }')
[ "$r" = 6250,50000 ] && [ -n "$mbit" ] && awk -v m="$mbit" 'BEGIN { exit !(m > 0 && m <= 1.5) }' &&
	pass vif/rate || fail vif/rate "backend rate '$r', b sent $mbit Mbit/s"
list=$(hvctl network-list a b 2>&1)
echo "$list" | sed 's/^/DOM0TEST INFO network-list: /'
[ "$(echo "$list" | head -n 1 | awk '{ print $1, $2, $3 }')" = "Idx BE Mac" ] &&
	[ "$(echo "$list" | awk '$1 == 0 && $5 == 4' | wc -l)" = 2 ] &&
	echo "$list" | grep -q "00:16:3e:4c:00:02 .*/local/domain/0/backend/vif/$da/0" &&
	pass network-list || fail network-list "$(echo "$list" | tr '\n' '|')"

# --- hot-plug: a second vif for b on a bridge that does not exist yet
# (hvctl makes it), listed, then unplugged ---
out=$(hvctl -v network-attach b bridge=hvtest1 2>&1); rc=$?
echo "$out" | sed 's/^/DOM0TEST INFO network-attach: /'
if [ $rc -eq 0 ] && connected vif "$db" 1 && [ -d /sys/class/net/hvtest1/bridge ] &&
	[ "$(basename "$(readlink "/sys/class/net/vif$db.1/master")")" = hvtest1 ]
then pass attach/new-bridge; else fail attach/new-bridge "exit $rc '$out' states $(state vif "$db" 1)"; fi
out=$(hvctl network-detach b 1 2>&1); rc=$?
left="$(xenstore-read "/local/domain/0/backend/vif/$db/1" >/dev/null 2>&1 && echo 1 || echo 0) $(ls /sys/class/net | grep -c "^vif$db\.1\$") $(ls /sys/class/net/hvtest1/brif | wc -l)"
[ $rc -eq 0 ] && [ "$left" = "0 0 0" ] && pass detach ||
	fail detach "exit $rc '$out', backend, interface, bridge ports left: $left"
out=$(hvctl network-detach b 7 2>&1); rc=$?
out2=$(hvctl network-attach b bridge=no/such 2>&1); rc2=$?
out3=$(hvctl network-attach b mac=01:00:5e:00:00:01 2>&1); rc3=$?
out4=$(hvctl network-attach b rate=10Mb 2>&1); rc4=$?
[ $rc -eq 1 ] && [ "$out" = "hvctl: domain $db has no vif 7" ] &&
	[ $rc2 -eq 1 ] && [[ $out2 =~ "bridge: not an interface name" ]] &&
	[ $rc3 -eq 1 ] && [[ $out3 =~ "multicast" ]] &&
	[ $rc4 -eq 1 ] && [[ $out4 =~ "rate: expected" ]] && pass attach-refused ||
	fail attach-refused "'$out' '$out2' '$out3' '$out4'"

# --- unplugged and plugged again with traffic running: dom0 pings b
# all along; b's eth0 goes, comes back (same MAC) and b's init gives it
# its address again; dom0's ping then gets answers again ---
ping -i 0.2 -w 120 10.77.0.3 >"$T/ping.log" 2>&1 &
pinger=$!
sleep 2
out=$(hvctl network-detach b "$mac" 2>&1); rc=$?
[ $rc -eq 0 ] && [ ! -e "/sys/class/net/vif$db.0" ] && pass replug/detach ||
	fail replug/detach "exit $rc '$out'"
out=$(hvctl network-attach b "bridge=hvbr0,mac=$mac" 2>&1); rc=$?
ok=0
for ((i = 0; rc == 0 && i < 60; i++)); do
	ping -c 1 -w 2 10.77.0.3 >/dev/null 2>&1 && { ok=1; break; }
done
kill $pinger 2>/dev/null
wait $pinger 2>/dev/null
echo "DOM0TEST INFO ping every 0.2 s during the replug: $(grep -c 'bytes from' "$T/ping.log") answers, the last icmp_seq=$(sed -n 's/.*icmp_seq=\([0-9]*\).*/\1/p' "$T/ping.log" | tail -n 1)"
[ $ok = 1 ] && connected vif "$db" 0 && seen "$CL/guest-b.log" 'net eth0 plugged again' 30 &&
	pass replug/traffic-back || fail replug/traffic-back "exit $rc '$out' states $(state vif "$db" 0)"

# --- a hostile frontend (test/linux/hostile-netfront.c) on five vifs of
# guest h, while a goes on: netback answers a frame from a grant h never
# gave with an error and sends the next good one; a receive buffer h
# never granted gets the hv's grant copy error in its response; a frame
# past its page, one of 30 slots and a producer index far ahead each
# disable that vif (netback logs why, the carrier goes down). For the
# last, dom0 broadcasts pings, so that h's vifs have frames to receive.
# Each attack comes the moment netback says Connected (a first interrupt
# once went missing then: docs/split-drivers.md, "Lost first interrupt").
modes="0:txbadgref 1:cross 2:slots 3:ahead 4:rxbadgref"
vifs=""
for m in $modes; do vifs="$vifs${vifs:+, }'bridge=hvbr0'"; done
cat >"$T/h.cfg" <<EOF
name = "h"
type = "pvh"
kernel = "$G/vmlinuz"
ramdisk = "$G/linux-initrd.cpio"
memory = 192
vcpus = 1
vif = [ $vifs ]
cmdline = "console=hvc0 loglevel=4 tsc=reliable pci=off 8250.nr_uarts=0 mitigations=off rdinit=/init hvlab.name=h hvlab.vcpus=1 hvlab.hold=600 hvlab.hostilenet=$(echo $modes | tr ' ' ',')"
EOF
out=$(hvctl create "$T/h.cfg" 2>&1) || fail hostilenet/create "$out"
dh=$(id h)
seen "$CL/guest-h.log" '^LINUXTEST \(PASS\|FAIL\) hostilenet/3-' 300
ping -b -i 0.5 -w 300 10.77.0.255 >/dev/null 2>&1 &
bcast=$!
seen "$CL/guest-h.log" '^LINUXTEST \(PASS\|FAIL\) dmesg-clean' 300 ||
	fail hostilenet/done "$(tr -d '\r' <"$CL/guest-h.log" | grep -a 'FAIL\|HOSTILE' | tr '\n' '|')"
kill $bcast 2>/dev/null
wait $bcast 2>/dev/null
tr -d '\r' <"$CL/guest-h.log" | grep -a 'HOSTILE' | sed 's/^LINUXTEST INFO /DOM0TEST INFO /'
# carrier IF WANT: the vif's carrier, once it is WANT or after 10 s.
carrier() {
	local i c
	for ((i = 0; i < 100; i++)); do
		c=$(cat "/sys/class/net/$1/carrier" 2>/dev/null)
		[ "$c" = "$2" ] && break
		sleep 0.1
	done
	echo "$c"
}
k=$(dmesg)
for m in $modes; do
	n=${m%%:*} v=${m#*:} ifn=vif$dh.${m%%:*}
	rep=$(tr -d '\r' <"$CL/guest-h.log" | grep -a "^LINUXTEST INFO HOSTILE-NET $n $v ")
	case $v in
	txbadgref) want="status=-1,0" c=1 why="" ;;
	rxbadgref) want="status=-3" c=1 why="" ;; # GNTST_bad_gntref
	cross) want="" c=0 why="Cross page boundary" ;;
	slots) want="" c=0 why="Malicious frontend using 20 slots" ;;
	ahead) want="" c=0 why="Impossible number of requests" ;;
	esac
	fatal=$(echo "$k" | grep -c "$ifn: fatal error; disabling device")
	if tr -d '\r' <"$CL/guest-h.log" | grep -qa "^LINUXTEST PASS hostilenet/$n-$v\$" &&
		[[ $rep == *"$want"* ]] && [ "$(carrier "$ifn" $c)" = $c ] &&
		if [ -n "$why" ]; then echo "$k" | grep -q "$ifn: $why" && [ "$fatal" = 1 ]
		else [ "$fatal" = 0 ]; fi
	then pass "hostilenet/$v"
	else fail "hostilenet/$v" "guest '$rep', carrier $(cat "/sys/class/net/$ifn/carrier" 2>&1), interrupts $(grep "$ifn" /proc/interrupts | awk '{ print $NF ":" $2 "+" $3 }' | tr '\n' ' '), dom0 log: $(echo "$k" | grep "$ifn:" | tr '\n' '|')"; fi
done
# a's network goes on, and so does dom0's own.
out=$(ping -c 3 -w 30 10.77.0.2 2>&1)
echo "$out" | grep -q ' 3 received' && pass hostilenet/a-unaffected ||
	fail hostilenet/a-unaffected "$(echo "$out" | tail -n 2 | tr '\n' '|')"

# --- guest l: the lab's kernel (make guest-kernel: pvops-linux-patches/
# on Debian's source, its frontends built in) on a disk through blkback,
# written and verified end to end, one through hvblkd, and on the
# bridge: the guest side of the split drivers with the patched kernel as
# with Debian's; then its ring counters and the batch_notify A/B ---
truncate -s 80M "$T/l.img"
truncate -s 16M "$T/l2.img"
cat >"$T/l.cfg" <<EOF
name = "l"
type = "pvh"
kernel = "$G/vmlinux-lab"
ramdisk = "$G/linux-initrd.cpio"
memory = 192
vcpus = 2
disk = [ 'file:$T/l.img,xvda,w', 'file:$T/l2.img,xvdb,w,backendtype=hvblkd' ]
vif = [ 'bridge=hvbr0' ]
cmdline = "console=hvc0 loglevel=4 pci=off 8250.nr_uarts=0 mitigations=off rdinit=/init hvlab.name=l hvlab.vcpus=2 hvlab.hold=600 hvlab.net=10.77.0.9/24 hvlab.ping=10.77.0.1,10.77.0.2 hvlab.iperf=10.77.0.1 hvlab.blk=xvda,xvdb hvlab.blkverify=xvda:64 hvlab.counters=1"
EOF
out=$(hvctl create "$T/l.cfg" 2>&1) && pass lab/create ||
	fail lab/create "$(echo "$out" | tail -n 2 | tr '\n' '|')"
if seen "$CL/guest-l.log" '^LINUXTEST \(PASS\|FAIL\) dmesg-clean' 300; then
	tr -d '\r' <"$CL/guest-l.log" | grep -a '^LINUXTEST INFO \(kernel\|blkverify\|iperf3\|counters\)' | sed 's/^LINUXTEST/DOM0TEST/'
fi
rel=$(tr -d '\r' <"$CL/guest-l.log" | sed -n 's/^LINUXTEST INFO kernel //p')
[ -n "$rel" ] && [ "$rel" != "$(uname -r)" ] && pass lab/kernel ||
	fail lab/kernel "release '${rel:-none}', dom0's $(uname -r)"
for c in module/xen-blkfront blk/xvda-verify-64m blk/xvda-write-read blk/xvdb-write-read \
	module/xen-netfront net/eth0 net/ping/10.77.0.1 net/ping/10.77.0.2 \
	net/iperf-send/10.77.0.1 net/iperf-recv/10.77.0.1 counters/vbd-51712 counters/vbd-51728 counters/frontstat-interval \
	counters/vif-0 counters/batch-off counters/batch-on dmesg-clean; do
	guest_check l "$c"
done

# --- all shut down as xl does: nothing of their vifs left behind ---
shutdown_all a b h l
nodes_back
left="$(ls /sys/devices | grep -c '^vif-[0-9]*-') $(ls /sys/class/net | grep -c '^vif') $(ls /sys/class/net/hvbr0/brif | wc -l)"
[ "$left" = "0 0 0" ] && [ "$(nodes)" = "$base_nodes" ] && pass released ||
	fail released "netback devices, vif interfaces, hvbr0 ports: $left ($(ls /sys/devices | grep '^vif-' | tr '\n' ' ')); $base_nodes xenstore nodes before, $(nodes) after; dom0 log: $(dmesg | tail -n 12 | tr '\n' '|')"
pkill iperf3
rm -rf "$T"
