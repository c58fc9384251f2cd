#!/bin/bash
# Runs every test/bench/*.sh (optionally only names containing $1) and prints
# their figures. Benchmarks measure and print; they never pass or fail.
set -u
cd "$(dirname "$0")/.."
filter=${1:-}
for b in test/bench/*.sh; do
	[ -x "$b" ] || continue
	case "$b" in *"$filter"*) ;; *) continue ;; esac
	echo "## $(basename "$b" .sh)"
	"$b"
done
