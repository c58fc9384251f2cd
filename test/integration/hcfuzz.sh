#!/bin/bash
# A hostile guest (test/guests/hcfuzz, 2 vCPUs) makes hypercalls aimed at
# the implemented handlers, with structure-aware and wild arguments, while
# a bystander domain (test/guests/bystander) checks its memory, event
# channels and timer for the whole run and ends only once the fuzzer is
# gone. The hv must survive, the bystander must pass, and the fuzzer's
# coverage report must show that the calls reached the handlers.
. "$(dirname "$0")/../lib/common.sh"
out=$BUILD/test/hcfuzz
mkdir -p "$out"
G=$BUILD/test/guests
ITERS=${HCFUZZ_ITERS:-2500}
# Per family: calls that reached the body (ok or an error other than
# -ENOSYS/-EFAULT/-EINVAL) at least this often.
MIN_DEEP=${HCFUZZ_MIN_DEEP:-40}

# field LOG KIND WHERE KEY: a number from the fuzzer's coverage lines.
field() {
	tr -d '\r' <"$1" | grep -aE "^(\(fuzz\) )?hcfuzz: $2 $3 " |
		grep -oE " $4=[0-9]+" | head -1 | cut -d= -f2
}

# ops_done LOG NAME KEY SUB...: each sub-op's KEY count is above 0.
ops_done() {
	local log=$1 name=$2 key=$3 sub n
	for sub in "${@:4}"; do
		n=$(field "$log" sub "$sub" "$key")
		if [ "${n:-0}" -gt 0 ]; then
			pass "$name/ops-done/$sub"
		else
			fail "$name/ops-done/$sub" "no $key"
		fi
	done
}

coverage() {
	local log=$1 name=$2 calls enosys fam ok err
	calls=$(field "$log" total all calls)
	enosys=$(field "$log" total all enosys)
	if [ -z "$calls" ] || [ "$calls" -eq 0 ]; then
		fail "$name/coverage" "no coverage report in $log"
		return
	fi
	if [ $((enosys * 100)) -lt $((calls * 15)) ]; then
		pass "$name/enosys-share"
	else
		fail "$name/enosys-share" "$enosys of $calls calls were -ENOSYS"
	fi
	for fam in memory_op grant_table_op event_channel_op vcpu_op \
		sched_op hvm_op xen_version multicall; do
		ok=$(field "$log" family "$fam" ok)
		err=$(field "$log" family "$fam" err)
		if [ $((${ok:-0} + ${err:-0})) -ge "$MIN_DEEP" ]; then
			pass "$name/reached/$fam"
		else
			fail "$name/reached/$fam" "only ${ok:-0} ok + ${err:-0} errors"
		fi
	done
	# The batch and reservation bodies themselves: grant ops and
	# reservation extents that succeeded, physmap calls that did.
	ops_done "$log" "$name" op_ok grant_table_op/0 grant_table_op/1 \
		grant_table_op/5 grant_table_op/11 memory_op/1 memory_op/6
	ops_done "$log" "$name" ok memory_op/7 memory_op/15
}

for seed in 1 2; do
	log=$out/seed$seed.log
	mkiso "$out/seed$seed.iso" "loglvl=info" \
		-m "$G/hcfuzz.elf" "domain name=fuzz mem=16M vcpus=2 -- iters=$ITERS seed=$seed self=1 peer=2" \
		-m "$G/bystander.elf" "domain name=bystander mem=16M -- fuzzer=1"
	boot_until "$log" 300 "all domains have shut down|PANIC|FATAL" "$out/seed$seed.iso" -smp 2 -m 512M
	result hcfuzz/seed$seed/fuzz "$log" fuzz hcfuzz
	result hcfuzz/seed$seed/bystander "$log" bystander bystander
	no_hv_fault hcfuzz/seed$seed/no-hv-fault "$log"
	coverage "$log" hcfuzz/seed$seed
	tr -d '\r' <"$log" | grep -aE "hcfuzz: (family|total)|bystander:" | sed 's/^/# /'
done
finish
