#!/bin/bash
# In dom0 (hvlab.test=userland, run by dom0-tools/rootfs/init): Debian's
# own Xen tools against hvlab. One line per check on the console:
#   DOM0TEST PASS <name>  |  DOM0TEST FAIL <name> <why>
# test/integration/dom0-userland.sh boots it and reads the lines.
pass() { echo "DOM0TEST PASS $1"; }
fail() { echo "DOM0TEST FAIL $1 $2"; }
# check NAME CMD...: pass if CMD succeeds, else fail with its last line.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$name"
	else fail "$name" "$(echo "$out" | tail -n 1) (exit $?)"; fi
}

# --- xenstore: hvstored on dom0's local ring, Debian's xenstore-utils ---
if pidof hvstored >/dev/null; then pass hvstored-running
else fail hvstored-running "$(tail -n 2 /var/log/hvlab/hvstored.log | tr '\n' '|')"; fi
v=$(xenstore-read /local/domain/0/name 2>&1)
[ "$v" = Domain-0 ] && pass xen-init-dom0 || fail xen-init-dom0 "name: '$v'"
check xenstore-write xenstore-write /tool/hvlab/probe "hello dom0"
v=$(xenstore-read /tool/hvlab/probe 2>&1)
[ "$v" = "hello dom0" ] && pass xenstore-read || fail xenstore-read "'$v'"
# The same store through dom0's kernel: /dev/xen/xenbus -> Linux's xenbus
# -> the local ring -> hvstored.
v=$(XENSTORED_PATH=/dev/xen/xenbus xenstore-read /tool/hvlab/probe 2>&1)
[ "$v" = "hello dom0" ] && pass xenbus-ring || fail xenbus-ring "'$v'"
check xenstore-rm xenstore-rm /tool/hvlab/probe
if xenstore-read /tool/hvlab/probe >/dev/null 2>&1; then
	fail xenstore-gone "/tool/hvlab/probe still reads after xenstore-rm"
else pass xenstore-gone; fi
n=$(xenstore-ls -f 2>&1 | grep -c '^/local/domain/0/')
[ "$n" -ge 2 ] && pass xenstore-ls || fail xenstore-ls "$n keys under /local/domain/0"
# /dev/fd, as udev would leave it: bash's process substitution uses it.
v=$(cat <(echo fd) 2>&1)
[ "$v" = fd ] && [ -e /dev/stdin ] && pass dev-fd || fail dev-fd "'$v'"

# --- xl: getdomaininfolist, physinfo, xen_version, sched_id, cpupools ---
out=$(xl list 2>&1); rc=$?
echo "$out" | sed 's/^/DOM0TEST INFO xl list: /'
if [ $rc -eq 0 ] && echo "$out" | grep -Eq '^Domain-0 +0 +[0-9]+ +2 +'; then
	pass xl-list
else fail xl-list "exit $rc: $(echo "$out" | tail -n 1)"; fi
out=$(xl info 2>&1); rc=$?
echo "$out" | sed 's/^/DOM0TEST INFO xl info: /'
for k in "xen_major *: 4" "xen_minor *: 17" "virt_caps *: hvm hap gnttab-v1" \
	"nr_cpus *: 2" "max_cpu_id *: 1" "xen_scheduler *: null" "nr_nodes *: 1"; do
	echo "$out" | grep -q "^$k\$" || { fail xl-info "no '$k' (exit $rc)"; k=; break; }
done
[ -z "$k" ] || { [ $rc -eq 0 ] && ! echo "$out" | grep -qi error &&
	pass xl-info || fail xl-info "exit $rc: $(echo "$out" | grep -i error | head -n 1)"; }
# The hv's own log through XEN_SYSCTL_readconsole.
out=$(xl dmesg 2>&1)
echo "$out" | grep -q "^hv: domain 0 (dom0): .* started" && pass xl-dmesg ||
	fail xl-dmesg "no dom0 line in: $(echo "$out" | head -n 2 | tr '\n' '|')"
out=$(xl cpupool-list 2>&1)
echo "$out" | grep -Eq '^Pool-0 +2 +null +y +1' && pass xl-cpupool-list ||
	fail xl-cpupool-list "$(echo "$out" | tr '\n' '|')"

# --- libxenctrl and libxenforeignmemory from C (xctest prints its own) ---
"$(dirname "$0")/xctest" || true

# --- the kernel log, last ---
bad=$(dmesg | grep -E 'WARNING|BUG|Oops|Call Trace|unchecked MSR' | head -n 3)
[ -z "$bad" ] && pass dmesg-clean || fail dmesg-clean "$(echo "$bad" | tr '\n' '|')"
