#!/bin/bash
# Runs every test and prints "N passed, N failed" last; exits non-zero on any
# failure. Optional argument: a substring; only tests whose name contains it run.
#
# A test reports by printing lines "PASS <name>" or "FAIL <name>: <why>".
# cmocka binaries are run with TAP output, translated to the same lines.
# A test program that exits non-zero without printing a FAIL line counts as
# one failure, so a crash is never silent.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-$PWD/build}
export BUILD
filter=${1:-}
pass=0
fail=0
logdir=$BUILD/test/logs
mkdir -p "$logdir"

tally() { # name, log file, exit code
	local name=$1 log=$2 rc=$3 p f
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	grep -E '^(PASS|FAIL) ' "$log"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: exited with status $rc, log in $log"
		tail -n 20 "$log" | sed 's/^/    | /'
		f=1
	elif [ "$f" -gt 0 ]; then
		echo "    (log: $log)"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: reported no result, log in $log"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
}

for bin in "$BUILD"/test/unit/*; do
	[ -x "$bin" ] || continue
	name=unit/$(basename "$bin")
	case "$name" in *"$filter"*) ;; *) continue ;; esac
	log=$logdir/${name//\//_}.log
	CMOCKA_MESSAGE_OUTPUT=TAP "$bin" >"$log.raw" 2>&1
	rc=$?
	sed -E -e "s|^ok [0-9]+ - (.*)|PASS $name/\1|" \
	       -e "s|^not ok [0-9]+ - (.*)|FAIL $name/\1: see log|" \
	       "$log.raw" >"$log"
	tally "$name" "$log" $rc
done

# Integration tests: scripts, and manifests (*.boots, run by
# test/lib/boots.sh), in one name order.
for t in $(printf '%s\n' test/integration/*.sh test/integration/*.boots | sort); do
	case "$t" in
	*.sh) [ -x "$t" ] || continue; run=("$t") ;;
	*.boots) [ -f "$t" ] || continue; run=(test/lib/boots.sh "$t") ;;
	esac
	name=integration/$(basename "${t%.*}")
	case "$name" in *"$filter"*) ;; *) continue ;; esac
	log=$logdir/${name//\//_}.log
	echo "# $name"
	"${run[@]}" >"$log" 2>&1
	tally "$name" "$log" $?
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
