#!/bin/bash
# boots.sh FILE.boots: runs a test written as a manifest instead of a
# script (test/run.sh calls it for every test/integration/*.boots). The
# test is named after the file; each boot in it is one QEMU run of the hv
# with some test guests, and every check is named <test>/<boot>/<check>.
#
#   # comments and blank lines are ignored
#   boot NAME [smp=N] [mem=SIZE] [timeout=SECONDS] [hv="HV CMDLINE"]
#   guest FILE.elf "MODULE STRING"   a module from build/test/guests
#   module PATH "MODULE STRING"      any other module (PATH relative to
#                                    the build directory, e.g. an initrd)
#   result CHECK DOMAIN TEST         the domain printed "RESULT TEST PASS"
#   line CHECK REGEX                 some line of the log matches REGEX
#   absent CHECK REGEX               no line matches, and the hv reached
#                                    its end marker
#
# Defaults: smp=2 mem=512M timeout=180 hv="loglvl=info". After the lines
# of a boot, two checks come for free: <boot>/end (the hv reached "all
# domains have shut down"; a timeout or a QEMU that died says so) and
# <boot>/no-hv-fault (no FATAL, PANIC or LEAK before that line).
# Arguments are split as the shell splits words: quote what has spaces.
. "$(dirname "$0")/common.sh"

manifest=$1
test=$(basename "$manifest" .boots)
out=$BUILD/test/$test
G=$BUILD/test/guests
mkdir -p "$out"

# The boot being gathered, run when the next one starts or the file ends.
name="" smp="" mem="" secs="" hvcmd="" modules=() checks=()

die() { # LINE-NUMBER MESSAGE: a broken manifest fails the test, loudly
	fail "$test/manifest" "$manifest:$1: $2"
	finish
	exit 1
}

run_boot() {
	local log=$out/$name.log c
	[ -n "$name" ] || return 0
	mkiso "$out/$name.iso" "$hvcmd" "${modules[@]}"
	boot_until "$log" "$secs" "all domains have shut down|PANIC|FATAL" \
		"$out/$name.iso" -smp "$smp" -m "$mem"
	for c in "${checks[@]}"; do
		eval "set -- $c"
		case $1 in
		result) result "$test/$name/$2" "$log" "$3" "$4" ;;
		line) check "$test/$name/$2" "$log" "$3" ;;
		absent) absent "$test/$name/$2" "$log" "$3" "$HV_END" ;;
		esac
	done
	if grep -Eq "$HV_END" <(tr -d '\r' <"$log" 2>/dev/null); then
		pass "$test/$name/end"
	elif [ "$BOOT_RC" = 124 ]; then
		fail "$test/$name/end" "timed out after $secs s ($log.cpus says where)"
	else
		fail "$test/$name/end" "QEMU ended without '$HV_END' in $log (see $log.qemu, $log.resets)"
	fi
	no_hv_fault "$test/$name/no-hv-fault" "$log"
}

n=0
while IFS= read -r line || [ -n "$line" ]; do
	n=$((n + 1))
	[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
	eval "set -- $line" 2>/dev/null || die $n "cannot split: $line"
	case $1 in
	boot)
		run_boot
		[ $# -ge 2 ] || die $n "boot needs a name"
		name=$2 smp=2 mem=512M secs=180 hvcmd="loglvl=info"
		modules=() checks=()
		shift 2
		for kv in "$@"; do
			case $kv in
			smp=*) smp=${kv#smp=} ;;
			mem=*) mem=${kv#mem=} ;;
			timeout=*) secs=${kv#timeout=} ;;
			hv=*) hvcmd=${kv#hv=} ;;
			*) die $n "unknown boot option '$kv'" ;;
			esac
		done
		;;
	guest | module)
		[ -n "$name" ] || die $n "$1 before any boot"
		[ $# -eq 3 ] || die $n "$1 needs a file and a module string"
		f=$BUILD/$2
		[ "$1" = guest ] && f=$G/$2
		[ -f "$f" ] || die $n "no file $f (make guests?)"
		modules+=(-m "$f" "$3")
		;;
	result | line | absent)
		[ -n "$name" ] || die $n "$1 before any boot"
		want=3
		[ "$1" = result ] && want=4
		[ $# -eq $want ] || die $n "$1 takes $((want - 1)) arguments"
		checks+=("$(printf '%q ' "$@")")
		;;
	*) die $n "unknown keyword '$1'" ;;
	esac
done <"$manifest"
run_boot
[ -n "$name" ] || die $n "no boot in the file"
finish
