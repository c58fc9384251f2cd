# The disk workloads of `make bench T=io` (test/bench/io.sh), sourced by
# dom0's side (test/dom0/io-bench.sh, natively on the loop device) and by
# the guest's (test/linux/io-bench.sh, on xvda, the same loop device
# through blkfront and blkback): the same fio, the same jobs, both sides.
# io_jobs DEV TAG prints one line per job:
#   IOBENCH TAG JOB KIB/S IOPS KIB (KIB: all the job moved)
# and calls io_mark start|end TAG JOB around each job, if the caller
# defines it (both sides read the hv's counters there: test/dom0/io-bench.sh).
# Sequential: 128 MiB in 1 MiB O_DIRECT requests, written then read (what
# `dd oflag=direct bs=1M count=128` does, through fio so both sides run
# the same program). Random: 4 KiB O_DIRECT reads over those 128 MiB for
# 10 s, one at a time (psync) and 16 in flight (libaio).
io_jobs() {
	dev=$1 tag=$2
	for job in seqwrite:write:1M:psync:1 seqread:read:1M:psync:1 \
		randread-qd1:randread:4k:psync:1 randread-qd16:randread:4k:libaio:16; do
		IFS=: read -r name rw bs engine depth <<EOJ
$job
EOJ
		more=""
		case $rw in randread) more="--time_based --runtime=10 --norandommap" ;; esac
		command -v io_mark >/dev/null && io_mark start "$tag" "$name"
		# shellcheck disable=SC2086
		out=$(fio --name="$name" --filename="$dev" --rw="$rw" --bs="$bs" \
			--size=128M --direct=1 --ioengine="$engine" --iodepth="$depth" \
			$more --minimal 2>&1)
		command -v io_mark >/dev/null && io_mark end "$tag" "$name"
		# Terse v3: read KiB, KiB/s and IOPS are fields 6-8, write 47-49.
		echo "$out" | awk -F';' -v t="$tag" -v n="$name" -v w="$rw" '
			NF > 50 { if (w == "write") print "IOBENCH", t, n, $48, $49, $47
				  else print "IOBENCH", t, n, $7, $8, $6; ok = 1 }
			END { if (!ok) print "IOBENCH", t, n, "failed" }'
		echo "$out" | grep -v ';' | head -n 2 | sed "s/^/IOBENCH-ERR $tag $name /"
	done
}
