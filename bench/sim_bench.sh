#!/usr/bin/env bash
# Simulator benchmark: the protocol-core acceptance scenarios on PlanetLab-490.
# Prints each run's figures (delivery, degrees, latencies, stretch) and its cost
# (wall time, events, peak RSS). Usage: bench/sim_bench.sh [quick]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build}"
datasets="${GOCAST_DATASETS:-$root/../shared/datasets}"
planetlab="$datasets/netlatency-planetlab-seattle/planetlab490_median18_rtt_ms.txt"
out="${GOCAST_BENCH_OUT:-$root/out/bench}"

"$root/scripts/build.sh" >/dev/null
if [ ! -f "$planetlab" ]; then
    echo "sim_bench: $planetlab not found; set GOCAST_DATASETS (skipped)" >&2
    exit 0
fi
duration=500
[ "${1:-}" = quick ] && duration=120

run() {
    local name="$1"; shift
    echo "== $name"
    "$build/gocast-sim" --dataset "$planetlab" --duration "$duration" --quiet --out "$out/$name" "$@" 2>&1 |
        grep -v "^gocast-sim: seed"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
run planetlab-1024 --nodes 1024
run planetlab-1024-fail20 --nodes 1024 --fail-fraction 0.2 --fail-at $((duration / 2))
run planetlab-490 --nodes 490
run planetlab-490-fail20 --nodes 490 --fail-fraction 0.2 --fail-at $((duration / 2))
