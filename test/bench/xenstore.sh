#!/bin/bash
# hvstored throughput and watch latency with 1 and 16 concurrent clients,
# measured by build/dom0-tools/xsbench over the Unix socket. Then the same
# against Xen's own C xenstored (Debian's xen-utils) if it can serve
# without a hypervisor, with the ratio; otherwise the reason it cannot.
# Numbers are from a 2-core machine that may be busy with other work.
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$SRC/build}
BENCH=$BUILD/dom0-tools/xsbench
HVSTORED=$BUILD/dom0-tools/hvstored
SECS=${XS_BENCH_SECONDS:-2}
XEN_XENSTORED=/usr/lib/xen-4.17/bin/xenstored
work=$(mktemp -d /tmp/xs-bench.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

for f in "$BENCH" "$HVSTORED"; do
	[ -x "$f" ] || { echo "xenstore bench: $f not built (make tools)"; exit 1; }
done

wait_sock() { # path pid
	for _ in $(seq 50); do
		[ -S "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# run_set NAME SOCKET: prints the figures, keeps "op/clients rate" pairs.
declare -A rate
run_set() {
	local name=$1 sock=$2 op c line
	for op in read write watch; do
		for c in 1 16; do
			line=$("$BENCH" --socket "$sock" --op "$op" --clients "$c" \
				--seconds "$SECS" 2>&1) || { echo "$name: $line"; return 1; }
			echo "$name $line"
			rate[$name/$op/$c]=$(awk '{print $4}' <<<"$line")
		done
	done
}

"$HVSTORED" --socket "$work/hv.sock" --log-level warn 2>"$work/hv.log" &
pids+=($!)
wait_sock "$work/hv.sock" $! || { echo "hvstored did not start: $(cat "$work/hv.log")"; exit 1; }
echo "hvstored: requests/s and latency (watch: write sent -> event received)"
run_set hvstored "$work/hv.sock"

# Xen's C xenstored: -N (foreground) -D (no domain init), socket redirected
# into $work through XENSTORED_RUNDIR / XENSTORED_PATH.
if [ ! -x "$XEN_XENSTORED" ]; then
	echo "xen xenstored: not installed ($XEN_XENSTORED, package xen-utils-4.17)"
	exit 0
fi
mkdir -p "$work/xen"
# A subshell reaps it, so its crash is reported in $work/xen.rc, not here.
(
	XENSTORED_RUNDIR=$work/xen XENSTORED_PATH=$work/xen/socket \
		"$XEN_XENSTORED" -N -D >"$work/xen.log" 2>&1
	echo $? >"$work/xen.rc"
) 2>/dev/null &
xpid=$!
pids+=($xpid)
if ! wait_sock "$work/xen/socket" $xpid; then
	echo "xen xenstored: did not start: $(head -3 "$work/xen.log")"
	exit 0
fi
if ! XENSTORED_PATH=$work/xen/socket timeout 5 xenstore-read -s / >/dev/null 2>&1 ||
	[ -e "$work/xen.rc" ]; then
	sleep 0.2
	echo "xen xenstored: cannot be measured here: it starts with -N -D" \
		"(no domain init) on a Unix socket, but dies on its first" \
		"request (exit status $(cat "$work/xen.rc" 2>/dev/null || echo ?)," \
		"139 = SIGSEGV), apparently for want of the dom0 domain that a" \
		"hypervisor provides. oxenstored fails earlier (setrlimit EPERM)."
	exit 0
fi
echo "xen xenstored:"
if run_set xen "$work/xen/socket"; then
	for k in read/1 read/16 write/1 write/16 watch/1 watch/16; do
		awk -v a="${rate[hvstored/$k]}" -v b="${rate[xen/$k]}" -v k="$k" \
			'BEGIN { printf "ratio hvstored/xen %-8s %.2f\n", k, a / b }'
	done
fi
