#!/bin/sh
# run.sh BUILD_DIR: dande's benchmarks (make bench).  Figures, not
# pass/fail: compare them with ../shared/PEER-BASELINES.md.
set -eu
O=${1:?usage: run.sh BUILD_DIR}
echo "== foundation: startup, database open, inserts, concurrent writers"
"$O/bench/bench_foundation" "$O/bin" "${DANDE_BENCH_ROWS:-200000}"
