#!/bin/bash
# Bounded fuzzing (about 20 s) of the hv's event-channel, grant and memory
# hypercalls between two domains, on the hv's common code built for the
# host (test/fuzz/hv_fuzz_calls.c, test/host/); `make fuzz` runs it longer.
cd "$(dirname "$0")/../.."
FUZZ_SECONDS=${HV_FUZZ_SECONDS:-20} exec test/fuzz/run.sh hv_fuzz_calls
