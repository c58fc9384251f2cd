# Helpers of the in-dom0 tests that run Linux guests (test/dom0/net.sh,
# hvblkd.sh), sourced from /usr/lib/hvlab/test/lib.sh. Each check prints
# one line: DOM0TEST PASS <name> | DOM0TEST FAIL <name> <why>.
G=/usr/lib/hvlab/guests
CL=/var/log/hvlab/console
pass() { echo "DOM0TEST PASS $1"; }
fail() { echo "DOM0TEST FAIL $1 $2"; }
# xenstore's nodes, but /vm itself (made with the first guest and left).
nodes() { xenstore-ls -f | grep -vc '^/vm = '; }
# id NAME: the domain's id from hvctl list, or nothing.
id() { hvctl list | awk -v n="$1" '$1 == n { print $2 }'; }
# seen FILE PATTERN SECONDS: wait until FILE has a line matching PATTERN.
seen() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		tr -d '\r' <"$1" 2>/dev/null | grep -qa "$2" && return 0
		sleep 0.1
	done
	return 1
}
# guest_check NAME CHECK: the guest's own verdict, from its console log.
guest_check() {
	local log=$CL/guest-$1.log
	if tr -d '\r' <"$log" | grep -qa "^LINUXTEST PASS $2\$"; then pass "$1/$2"
	else fail "$1/$2" "$(tr -d '\r' <"$log" | grep -a "$2\|FAIL" | head -n 3 | tr '\n' '|')"; fi
}
# state KIND DOMID DEVID: the states of the backend and the frontend of
# device/KIND/DEVID (whichever backend its backend key names).
state() {
	local f=/local/domain/$2/device/$1/$3
	echo "$(xenstore-read "$(xenstore-read $f/backend 2>/dev/null)/state" 2>&1) $(xenstore-read $f/state 2>&1)"
}
# connected KIND DOMID DEVID: wait up to 60 s for both ends' Connected (4).
connected() {
	local i
	for ((i = 0; i < 600; i++)); do
		[ "$(state "$@")" = "4 4" ] && return 0
		sleep 0.1
	done
	return 1
}
# shutdown_all NAME...: each shut down as xl does (PV control, -w).
shutdown_all() {
	local g out
	for g in "$@"; do
		out=$(timeout 120 hvctl shutdown -w "$g" 2>&1) && [ -z "$(id "$g")" ] &&
			pass "shutdown/$g" || fail "shutdown/$g" "'$out' $(hvctl list | tr '\n' '|')"
	done
}
# nodes_back: wait up to 10 s for xenstore's node count to come back to
# $base_nodes (the monitors clean up after their guests).
nodes_back() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(nodes)" = "$base_nodes" ] && return 0
		sleep 0.1
	done
	return 1
}
