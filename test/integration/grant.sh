#!/bin/bash
# Grant tables (hv/common/grant.c), from inside guests:
#   grant/self/*      test/guests/grant-self in one domain: every op and
#                     every bad argument, long batches, teardown of a
#                     mapping left behind
#   grant/pair/*      test/guests/grant-pair as granter (d1) and mapper
#                     (d2): maps, copies, isolation, revocation, and the
#                     granter exiting while mapped (it must be freed only
#                     after the mapper's unmap)
#   grant/pair-smp1/* the same on one pCPU, the mapper with two vCPUs
# HV_ELF=path boots another hv image (default build/hv/hv.elf).
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/grant
mkdir -p "$out"
hv_elf=${HV_ELF:-$BUILD/hv/hv.elf}
guests=$BUILD/test/guests

iso() { # out.iso module-args...
	"$SRC/scripts/mkiso" -o "$1" -e "$hv_elf" -c "loglvl=info" "${@:2}" \
		>/dev/null
}

# relay NAME LOG TAG: the guest's FAIL lines as our failures.
relay() {
	local line
	while IFS= read -r line; do
		fail "$1/guest" "$line"
	done < <(tr -d '\r' <"$2" | grep -a "^($3) FAIL ")
}

# order NAME LOG FIRST SECOND: a line matching FIRST comes before one
# matching SECOND.
order() {
	local a b
	a=$(tr -d '\r' <"$2" | grep -anE -- "$3" | head -n1 | cut -d: -f1)
	b=$(tr -d '\r' <"$2" | grep -anE -- "$4" | head -n1 | cut -d: -f1)
	if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then
		pass "$1"
	else
		fail "$1" "'$3' (line ${a:-none}) not before '$4' (line ${b:-none}) in $2"
	fi
}

for g in grant-self grant-pair; do
	[ -f "$guests/$g.elf" ] || { fail "grant/build" "no $guests/$g.elf (make guests)"; finish; exit; }
done

# --- one domain ------------------------------------------------------------
log=$out/self.log
iso "$out/self.iso" -m "$guests/grant-self.elf" "domain name=gs mem=16M -- self=1"
boot_until "$log" 240 "all domains have shut down|PANIC|FATAL" "$out/self.iso" -smp 2 -m 512M
check grant/self/result "$log" "^(\(gs\) )?RESULT grant-self PASS$"
relay grant/self "$log" gs
check grant/self/preempted-batch "$log" "^(\(gs\) )?PASS copy-batch/long-all-okay$"
check grant/self/teardown "$log" "^hv: domain 1 \(gs\) destroyed"
absent grant/self/no-leftover-pins "$log" "still pinned|LEAK|PANIC|FATAL" "$HV_END"

# --- two domains -----------------------------------------------------------
pair() { # name smp mapper-vcpus
	local log=$out/$1.log
	iso "$out/$1.iso" \
		-m "$guests/grant-pair.elf" "domain name=granter mem=16M -- role=granter self=1 peer=2" \
		-m "$guests/grant-pair.elf" "domain name=mapper mem=16M vcpus=$3 -- role=mapper self=2 peer=1"
	boot_until "$log" 240 "all domains have shut down|PANIC|FATAL" "$out/$1.iso" -smp "$2" -m 512M
	check "grant/$1/granter" "$log" "^(\(granter\) )?RESULT grant-pair PASS$"
	check "grant/$1/mapper" "$log" "^(\(mapper\) )?RESULT grant-pair PASS$"
	relay "grant/$1" "$log" granter
	relay "grant/$1" "$log" mapper
	check "grant/$1/isolation" "$log" "^(\(mapper\) )?PASS isolation/copy-other-domid$"
	# The granter's memory outlives it while mapped, and is then freed.
	order "grant/$1/granter-kept-while-mapped" "$log" \
		"^(\(mapper\) )?PASS mapper/page-of-dead-granter" \
		"^hv: domain 1 \(granter\) destroyed"
	check "grant/$1/mapper-destroyed" "$log" "^hv: domain 2 \(mapper\) destroyed"
	absent "grant/$1/no-leftover-pins" "$log" "still pinned|LEAK|PANIC|FATAL" "$HV_END"
	tr -d '\r' <"$log" | grep -a "^(mapper) bench:" | sed "s/^(mapper) /  $1 /"
}
pair pair 2 1
pair pair-smp1 1 2
finish
