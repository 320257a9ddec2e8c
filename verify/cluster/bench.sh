#!/usr/bin/env bash
# Benchmark on the real single-node cluster (issue 10, part 8): requests/s, p50/p99 latency and
# failures under a bounded Locust load during a scale-out, a rolling update, two concurrent
# evictions against the PDB and a scale-in; writes verify/cluster/results.md. Not a timed test.
# Usage: bash verify/cluster/bench.sh   (root; BENCH_USERS, BENCH_SECONDS to change the load)
export MODE=bench BENCH_USERS="${BENCH_USERS:-20}" BENCH_SECONDS="${BENCH_SECONDS:-45}"
exec bash "$(dirname "${BASH_SOURCE[0]}")/ci.sh" "$@"
