#!/bin/bash
# Bounded fuzzing of hvstored's parser and request handling (about 40 s);
# `make fuzz` runs the same harnesses for longer.
cd "$(dirname "$0")/../.."
FUZZ_SECONDS=${XS_FUZZ_SECONDS:-20} exec test/fuzz/run.sh xs_fuzz_stream xs_fuzz_ops
