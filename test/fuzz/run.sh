#!/bin/bash
# run.sh [HARNESS...]: runs libFuzzer harnesses (default: all of them):
# hvstored's (xs_*, reported as xenstore-fuzz/...) and the hv's common code
# built for the host (hv_*, reported as hv-fuzz/...). First every kept reproducer in
# test/fuzz/regress/<harness>/ (each must pass), then FUZZ_SECONDS of
# fuzzing per harness from the seeds in test/fuzz/corpus/<harness>/ plus
# the corpus grown by earlier runs in build/. A new crash is copied into
# regress/ so that it becomes a regression test once committed.
# Prints "PASS <name>" / "FAIL <name>: <why>" lines.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-$PWD/build}
secs=${FUZZ_SECONDS:-20}
out=$BUILD/test/fuzz
failures=0

[ $# -gt 0 ] || set -- xs_fuzz_stream xs_fuzz_ops hv_fuzz_calls
for f in "$@"; do
	bin=$out/$f
	case $f in
	hv_*) name=hv-fuzz/$f ;;
	*) name=xenstore-fuzz/$f ;;
	esac
	if [ ! -x "$bin" ]; then
		echo "FAIL $name: $bin not built (needs clang, libclang-rt-14-dev)"
		failures=$((failures + 1))
		continue
	fi
	mapfile -t kept < <(find "test/fuzz/regress/$f" -type f ! -name '*.md' 2>/dev/null | sort)
	if [ ${#kept[@]} -gt 0 ]; then
		if "$bin" "${kept[@]}" >"$out/$f.regress.log" 2>&1; then
			echo "PASS $name/regressions (${#kept[@]} inputs)"
		else
			echo "FAIL $name/regressions: see $out/$f.regress.log"
			failures=$((failures + 1))
		fi
	fi
	mkdir -p "$out/corpus/$f" "$out/artifacts"
	rm -f "$out/artifacts/$f-"*
	timeout -k 10 $((secs + 60)) "$bin" -max_total_time="$secs" \
		-timeout=10 -rss_limit_mb=2048 -max_len=8192 \
		-artifact_prefix="$out/artifacts/$f-" -print_final_stats=1 \
		"$out/corpus/$f" "test/fuzz/corpus/$f" >"$out/$f.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$f.log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "PASS $name (${runs:-?} inputs in ${secs}s)"
	else
		for a in "$out/artifacts/$f-"*; do
			[ -e "$a" ] || continue
			mkdir -p "test/fuzz/regress/$f"
			cp "$a" "test/fuzz/regress/$f/"
			echo "    kept $(basename "$a") in test/fuzz/regress/$f/"
		done
		echo "FAIL $name: exit $rc, log $out/$f.log"
		grep -m3 -E 'invariant failed|ERROR: |SUMMARY' "$out/$f.log" | sed 's/^/    | /'
		failures=$((failures + 1))
	fi
done
[ $failures -eq 0 ]
