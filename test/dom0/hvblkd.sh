#!/bin/bash
# In dom0 (hvlab.test=hvblkd, run by dom0-tools/rootfs/init): disks on
# hvblkd, the userspace block backend (dom0-tools/hvblkd), which dom0's
# init starts. Debian's Linux guests with the test initramfs write and
# verify hashed blocks through it, one of them while hvblkd is killed and
# started again under it. One line per check on the console:
#   DOM0TEST PASS <name>  |  DOM0TEST FAIL <name> <why>
. /usr/lib/hvlab/test/lib.sh
T=$(mktemp -d)
LOG=/var/log/hvlab/hvblkd.log

# cfg NAME DISKS GUEST-ARGS
cfg() {
	cat >"$T/$1.cfg" <<EOF
name = "$1"
type = "pvh"
kernel = "$G/vmlinuz"
ramdisk = "$G/linux-initrd.cpio"
memory = 256
vcpus = 1
disk = [ $2 ]
cmdline = "console=hvc0 loglevel=4 tsc=reliable pci=off 8250.nr_uarts=0 mitigations=off rdinit=/init hvlab.name=$1 hvlab.vcpus=1 hvlab.hold=600 $3"
EOF
}

base_nodes=$(nodes)
# By its pid file: this script's own name is hvblkd too.
alive() { kill -0 "$(cat /run/hvblkd.pid 2>/dev/null)" 2>/dev/null; }
alive && pass running || fail running "no hvblkd process: $(tail -n 2 $LOG | tr '\n' '|')"
IMG=$T/images
mkdir -p "$IMG" && mount -t tmpfs -o size=400m hvlab-images "$IMG"
truncate -s 200M "$IMG/a.img"
truncate -s 16M "$IMG/ro.img"
truncate -s 140M "$IMG/b.img"

# --- guest a: 128 MiB of hashed blocks verified, 4 MiB found in the
# image, a read-only disk refusing writes ---
cfg a "'file:$IMG/a.img,xvda,w,backendtype=hvblkd', 'backendtype=hvblkd,vdev=xvdb,access=ro,target=$IMG/ro.img'" \
	"hvlab.blk=xvda,xvdb:ro hvlab.blkverify=xvda:128"
out=$(hvctl -v create "$T/a.cfg" 2>&1); rc=$?
echo "$out" | grep -v ' ms$' | sed 's/^/DOM0TEST INFO create a: /'
da=$(id a)
[ $rc -eq 0 ] && [[ $out =~ "disk xvda: hvblkd has $IMG/a.img" ]] && pass create/a ||
	fail create/a "exit $rc: $(echo "$out" | tail -n 2 | tr '\n' '|')"
# Its frontend's backend is hvblkd's directory; the kernel's blkback has
# no device for it.
be=$(xenstore-read "/local/domain/$da/device/vbd/51712/backend" 2>&1)
[ "$be" = "/local/domain/0/backend/hvblkd/$da/51712" ] &&
	[ "$(ls /sys/devices | grep -c "^vbd-$da-")" = 0 ] && pass frontend-to-hvblkd ||
	fail frontend-to-hvblkd "backend '$be', blkback: $(ls /sys/devices | grep "^vbd-" | tr '\n' ' ')"

# --- hostile frontends, while a works: guest h plays, on four disks of
# hvblkd's, a frontend breaking the protocol four ways
# (test/linux/hostile-blkfront.c); hvblkd disconnects each of those
# devices, says why in its log, and goes on serving a ---
hostile="hvlab.hostile=51712:badop,51728:badgref,51744:badsect,51760:ahead"
# hostile_start NAME BACKENDTYPE: the guest, on four 8 MiB disks.
hostile_start() {
	local disks="" i
	for i in a b c d; do
		truncate -s 8M "$IMG/$1-$i.img"
		disks="$disks${disks:+, }'$IMG/$1-$i.img,,xvd$i,w,backendtype=$2'"
	done
	cfg "$1" "$disks" "$hostile"
	sed -i 's/^memory = 256/memory = 128/' "$T/$1.cfg"
	out=$(hvctl create "$T/$1.cfg" 2>&1) || fail "hostile/$2/create" "$out"
}
# hostile_wait NAME: until its checks are done; its reports.
hostile_wait() {
	seen "$CL/guest-$1.log" '^LINUXTEST PASS dmesg-clean\|^LINUXTEST FAIL dmesg-clean' 300
	tr -d '\r' <"$CL/guest-$1.log" | grep -a '^LINUXTEST INFO HOSTILE' | sed "s/^LINUXTEST/DOM0TEST/"
}
# Both at once: h on hvblkd, and k on the kernel's blkback, where the
# same four get blkback's own answers (error responses, or a halted
# ring); dom0 and the hv go on.
hostile_start h hvblkd
hostile_start k phy
hostile_wait h
dh=$(id h)
for v in 51712:badop 51728:badgref 51744:badsect 51760:ahead; do
	st=$(xenstore-read "/local/domain/0/backend/hvblkd/$dh/${v%%:*}/state" 2>&1)
	why=$(grep -a "domain $dh disk ${v%%:*}: disconnected: the frontend sent" $LOG | tail -n 1)
	# The guest saw Closing (5); it then closes, and hvblkd follows to
	# Closed (6).
	if tr -d '\r' <"$CL/guest-h.log" | grep -qa "^LINUXTEST INFO HOSTILE ${v%%:*} ${v#*:} backend-state=5 " &&
		[ -n "$why" ]; then
		pass "hostile/hvblkd/${v#*:}"
		echo "DOM0TEST INFO ${why#*hvblkd: }"
	else fail "hostile/hvblkd/${v#*:}" "backend state now '$st', log '$why', $(tr -d '\r' <"$CL/guest-h.log" | grep -a "hostile/$v" | tr '\n' '|')"; fi
done
alive && pass hostile/hvblkd-alive || fail hostile/hvblkd-alive "$(tail -n 3 $LOG | tr '\n' '|')"
shutdown_all h
hostile_wait k
for v in 51712:badop 51728:badgref 51744:badsect 51760:ahead; do
	tr -d '\r' <"$CL/guest-k.log" | grep -qa "^LINUXTEST PASS hostile/${v%%:*}-${v#*:}\$" &&
		pass "hostile/blkback/${v#*:}" ||
		fail "hostile/blkback/${v#*:}" "$(tr -d '\r' <"$CL/guest-k.log" | grep -a "hostile/$v\|HOSTILE" | tr '\n' '|')"
done
dmesg | grep -a 'blkback\|blkif' | tail -n 4 | sed 's/^/DOM0TEST INFO dom0 kernel: /'
shutdown_all k

# --- guest b, at the same time: 128 MiB written and verified while
# hvblkd is killed (SIGKILL) and started again under it ---
cfg b "'file:$IMG/b.img,xvda,w,backendtype=hvblkd'" "hvlab.blk=xvda hvlab.blkverify=xvda:128"
out=$(hvctl create "$T/b.cfg" 2>&1); rc=$?
db=$(id b)
[ $rc -eq 0 ] && pass create/b || fail create/b "exit $rc: $(echo "$out" | tail -n 2 | tr '\n' '|')"
# Once b's blkfront is connected and writing (requests counted by the
# ring's producer), the backend goes away mid-run.
if seen "$CL/guest-b.log" '^LINUXTEST PASS module/xen-blkfront' 300; then
	sleep 3
	kill -9 "$(cat /run/hvblkd.pid)"
	sleep 1
	hvblkd -d -p /run/hvblkd.pid 2>>$LOG
	pass restart
	echo "DOM0TEST INFO hvblkd restarted: $(grep -a 'domain '"$db"' disk 51712: connected' $LOG | tail -n 1)"
else fail restart "b's blkfront never loaded: $(tail -n 3 "$CL/guest-b.log" | tr '\n' '|')"; fi

for g in a b; do
	seen "$CL/guest-$g.log" '^LINUXTEST PASS dmesg-clean\|^LINUXTEST FAIL dmesg-clean' 600 ||
		fail "$g/finished" "$(tail -n 3 "$CL/guest-$g.log" | tr '\n' '|')"
	tr -d '\r' <"$CL/guest-$g.log" | grep -a 'blkverify\|INFO blk' | sed "s/^/DOM0TEST INFO $g: /"
done
for c in module/xen-blkfront blk/xvda-verify-128m blk/xvda-write-read blk/xvdb-readonly dmesg-clean; do
	guest_check a "$c"
done
for c in blk/xvda-verify-128m blk/xvda-write-read dmesg-clean; do
	guest_check b "$c"
done
# The guest's bytes are in the image file.
gsum=$(tr -d '\r' <"$CL/guest-a.log" | sed -n 's/^LINUXTEST INFO blk xvda md5=//p')
hsum=$(dd if="$IMG/a.img" bs=1M skip=1 count=4 2>/dev/null | md5sum | cut -d' ' -f1)
[ -n "$gsum" ] && [ "$gsum" = "$hsum" ] && pass data-in-image || fail data-in-image "guest '$gsum', image '$hsum'"
# b's ring was taken up where the responses ended.
grep -qa "domain $db disk 51712: connected.*taking up requests in flight" $LOG &&
	pass restart/took-up-ring || echo "DOM0TEST INFO no request was in flight when hvblkd was killed"

# --- hot-plug on hvblkd, then both shut down: nothing left ---
truncate -s 8M "$IMG/c.img"
out=$(hvctl block-attach a "$IMG/c.img,,xvdc,w,backendtype=hvblkd" 2>&1); rc=$?
[ $rc -eq 0 ] && connected vbd "$da" 51744 && pass attach ||
	fail attach "exit $rc '$out', states $(state vbd "$da" 51744)"
out=$(hvctl block-detach a xvdc 2>&1); rc=$?
[ $rc -eq 0 ] && [ ! -e "/run/hvblkd/$da-51744" ] &&
	! xenstore-read "/local/domain/0/backend/hvblkd/$da/51744" >/dev/null 2>&1 &&
	pass detach || fail detach "exit $rc '$out'"
shutdown_all a b
nodes_back
left="$(ls /run/hvblkd | wc -l) $(ls /sys/devices | grep -c '^vbd-[0-9]*-')"
[ "$left" = "0 0" ] && [ "$(nodes)" = "$base_nodes" ] && alive && pass released ||
	fail released "hvblkd devices, blkback devices: $left; $base_nodes xenstore nodes before, $(nodes) after"
grep -a 'disconnected (' $LOG | sed 's/^/DOM0TEST INFO /'
umount "$IMG"
rm -rf "$T"
