#!/bin/bash
# Xen's own xenstore clients (Debian's xenstore-utils over libxenstore)
# against hvstored on a Unix socket: no hypervisor needed.
source "$(dirname "$0")/../lib/common.sh"
HVSTORED=$BUILD/dom0-tools/hvstored
work=$(mktemp -d /tmp/hvstored-test.XXXXXX)
sock=$work/socket
usock=$work/socket-dom5
log=$work/hvstored.log
export XENSTORED_PATH=$sock

cleanup() {
	[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ "$failures" -eq 0 ] && rm -rf "$work"
}
trap cleanup EXIT

t=xenstore
for tool in xenstore-read xenstore-write xenstore-ls xenstore-rm \
	xenstore-chmod xenstore-watch xenstore-list xenstore-exists; do
	command -v $tool >/dev/null || { fail $t/tools "$tool missing (xenstore-utils)"; exit 1; }
done
[ -x "$HVSTORED" ] || { fail $t/build "$HVSTORED not built"; exit 1; }

"$HVSTORED" --socket "$sock" --unprivileged-socket "$usock=5" \
	--log-level debug 2>"$log" &
pid=$!
for _ in $(seq 50); do [ -S "$usock" ] && break; sleep 0.1; done
[ -S "$usock" ] || { fail $t/start "no socket; log: $(tail -3 "$log")"; exit 1; }
pass $t/start

# expect NAME EXPECTED COMMAND...: output of COMMAND must equal EXPECTED.
expect() {
	local name=$1 want=$2 got
	shift 2
	got=$("$@" 2>&1)
	if [ "$got" == "$want" ]; then pass "$t/$name"
	else fail "$t/$name" "'$*' gave '$got', wanted '$want'"; fi
}
# refuses NAME COMMAND...: COMMAND must fail.
refuses() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then fail "$t/$name" "'$*' succeeded"
	else pass "$t/$name"; fi
}

xenstore-write /vm/1/name guest-one /vm/1/memory 512
expect write-read "guest-one" xenstore-read /vm/1/name
expect read-two $'guest-one\n512' xenstore-read /vm/1/name /vm/1/memory
expect list $'name\nmemory' xenstore-list /vm/1
expect exists "" xenstore-exists /vm/1/memory
refuses exists-missing xenstore-exists /vm/1/nothing
refuses read-missing xenstore-read /vm/nothing
expect ls $'name = "guest-one"\nmemory = "512"' xenstore-ls /vm/1
expect ls-full $'/vm/1/name = "guest-one"\n/vm/1/memory = "512"' \
	xenstore-ls -f /vm/1

# Values up to the payload limit survive; past it libxenstore refuses.
big=$(head -c 3000 /dev/zero | tr '\0' x)
xenstore-write /vm/1/big "$big"
expect big-value "$big" xenstore-read /vm/1/big

# Directories too long for one DIRECTORY reply: libxenstore falls back to
# DIRECTORY_PART, which must hand back every name.
args=()
for i in $(seq 1 400); do args+=("/many/child-with-a-longish-name-$i" "$i"); done
xenstore-write "${args[@]}"
n=$(xenstore-list /many | wc -l)
[ "$n" -eq 400 ] && pass $t/directory-part || fail $t/directory-part "listed $n of 400"

xenstore-rm /vm/1
refuses rm-recursive xenstore-read /vm/1/name
expect rm-leaves-parent "" xenstore-list /vm
xenstore-rm /vm/1 && pass $t/rm-missing-ok || fail $t/rm-missing-ok "rm of a gone node failed"

# Permissions: the dom5 socket is an unprivileged domain 5.
xenstore-write /secret s3cret /local/domain/5/name five /shared hello
xenstore-chmod /local/domain/5 b5
xenstore-chmod /local/domain/5/name b5
xenstore-chmod /shared n0 r5
expect get-perms '/shared (n0,r5)' \
	bash -c "xenstore-ls -fp / | grep '^/shared ' | sed 's/ =.* (/ (/'"
U() { XENSTORED_PATH=$usock "$@"; }
refuses deny-read U xenstore-read /secret
refuses deny-write U xenstore-write /secret stolen
refuses deny-rm U xenstore-rm /secret
refuses deny-chmod U xenstore-chmod /secret b5
expect still-secret s3cret xenstore-read /secret
expect allow-read-acl hello U xenstore-read /shared
refuses deny-write-acl U xenstore-write /shared x
expect own-home five U xenstore-read /local/domain/5/name
U xenstore-write /local/domain/5/data/x 1
expect relative-path 1 U xenstore-read data/x
expect unpriv-owns-new '/local/domain/5/data/x (b5)' \
	bash -c "xenstore-ls -fp /local/domain/5/data | sed 's/ =.* (/ (/'"
refuses deny-give-away U xenstore-chmod /local/domain/5/data/x b7
refuses deny-introduce U xenstore-control help

# A watch fires once on registration and then for each change below it.
wout=$work/watch.out
timeout 10 xenstore-watch -n 4 /watched >"$wout" 2>&1 &
wpid=$!
for _ in $(seq 50); do grep -q '^/watched$' "$wout" 2>/dev/null && break; sleep 0.1; done
xenstore-write /watched/a 1
xenstore-write /unwatched 1
xenstore-chmod /watched/a b0
xenstore-rm /watched
wait $wpid
expect watch-events $'/watched\n/watched/a\n/watched/a\n/watched' cat "$wout"

# An unprivileged watcher only hears of nodes it may read.
wout5=$work/watch5.out
timeout 10 bash -c "XENSTORED_PATH=$usock xenstore-watch -n 3 /pub" >"$wout5" 2>&1 &
wpid=$!
for _ in $(seq 50); do grep -q '^/pub$' "$wout5" 2>/dev/null && break; sleep 0.1; done
xenstore-write /pub/hidden x
xenstore-write /pub ""
xenstore-chmod /pub n0 r5
xenstore-write /pub/seen y
wait $wpid
# Initial event, then the chmod that lets it read, then the new child.
expect watch-perms $'/pub\n/pub\n/pub/seen' cat "$wout5"

# Every xenstore-* command runs in a transaction. Writers racing to create
# siblings may conflict on the parent's child list: a commit that loses
# gets EAGAIN and the client retries; every write must land exactly once.
# (Whether a conflict happens is up to timing; the unit tests force them.)
for w in 1 2 3 4; do
	( for i in $(seq 1 15); do xenstore-write /race/w$w-$i $i || echo lost; done ) \
		>"$work/race$w.out" 2>&1 &
done
wait $(jobs -p | grep -v "^$pid\$")
n=$(xenstore-list /race | wc -l)
if [ "$n" -eq 60 ] && ! grep -q . "$work"/race*.out; then pass $t/tx-race
else fail $t/tx-race "$n of 60 nodes, $(cat "$work"/race*.out | head -3)"; fi
check $t/debug-log "$log" 'TRANSACTION_START'

# xenstore-control is in xen-utils (its /usr/bin one needs a hypervisor).
ctl=/usr/lib/xen-4.17/bin/xenstore-control
if [ -x $ctl ]; then
	expect control-quota-set OK $ctl quota set nodes 5
	expect control-quota "nodes              5" bash -c "$ctl quota | head -1"
	for i in 1 2 3 4 5 6; do U xenstore-write /local/domain/5/q$i x 2>/dev/null; done
	refuses quota-nodes U xenstore-write /local/domain/5/over x
fi

# Fairness: a client that floods requests without reading replies, and one
# whose watch events are never read, must not hold up anyone else.
BENCH=$BUILD/dom0-tools/xsbench
"$BENCH" --socket "$sock" --op flood --seconds 6 >"$work/flood.out" 2>&1 &
fpid=$!
"$BENCH" --socket "$sock" --op stall --seconds 6 >"$work/stall.out" 2>&1 &
spid=$!
for _ in $(seq 50); do grep -q . "$work/flood.out" "$work/stall.out" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
"$BENCH" --socket "$sock" --op write --clients 2 --seconds 1 >"$work/load.out" 2>&1
start=$(date +%s%N)
xenstore-write /fair ok && got=$(timeout 3 xenstore-read /fair)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "${got:-}" == ok ] && [ $ms -lt 2000 ]; then pass "$t/fair-flood ($(cat "$work/flood.out"), others served in ${ms} ms)"
else fail $t/fair-flood "others waited ${ms} ms, got '${got:-}'"; fi
check $t/fair-events-dropped "$log" 'event queue full, dropping'
wait $fpid $spid

# Garbage on the socket: replies or a hang-up, never harm to the daemon.
for i in 1 2 3 4 5; do
	head -c 65536 /dev/urandom |
		"$BENCH" --socket "$sock" --op raw --seconds 1 >>"$work/raw.out" 2>&1
done
if kill -0 "$pid" && [ "$(xenstore-read /fair)" == ok ]; then pass $t/garbage
else fail $t/garbage "daemon gone after random input: $(tail -2 "$log")"; fi

kill "$pid"
wait "$pid"
rc=$?
[ $rc -eq 0 ] && pass $t/clean-exit || fail $t/clean-exit "exit status $rc"
[ ! -e "$sock" ] && pass $t/socket-removed || fail $t/socket-removed "$sock left behind"
pid=

# Started the way an init script would: returns once the socket is ready.
"$HVSTORED" --daemon --socket "$work/d/sock" --pid-file "$work/d.pid" \
	2>"$work/daemon.log"
if [ -S "$work/d/sock" ] && XENSTORED_PATH=$work/d/sock xenstore-write /d 1 &&
	[ -s "$work/d.pid" ] && kill "$(cat "$work/d.pid")"; then
	pass $t/daemon
else
	fail $t/daemon "no socket or pid file; $(tail -2 "$work/daemon.log")"
fi
"$HVSTORED" --bogus >/dev/null 2>&1
[ $? -eq 2 ] && pass $t/bad-option || fail $t/bad-option "unknown option accepted"
"$HVSTORED" --help | grep -q -- --unprivileged-socket && pass $t/help || fail $t/help "no option list"
finish
