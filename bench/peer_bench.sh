#!/usr/bin/env bash
# Real-peer benchmarks (docs/BENCHMARKS.md "Real peers on 127.0.0.1"): all-deliver latency
# for 32 and 64 peers, 1 KB throughput to 32 peers, idle cost, and emulated PlanetLab
# latency against the simulator. Release build in build-release/ (or GOCAST_BUILD_DIR).
# Everything runs on 127.0.0.1 ports 31000-31063 / 32000-32063 and stops by itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build-release}"
datasets="${GOCAST_DATASETS:-$root/../shared/datasets}"
planetlab="$datasets/netlatency-planetlab-seattle/planetlab490_median18_rtt_ms.txt"

"$root/scripts/setup-debian.sh" >/dev/null
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target peer_bench gocast-peer gocast-sim >/dev/null
bench="$build/bench/peer_bench"

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
for n in 32 64; do
    echo "== latency, $n peers (lan preset, 100 messages, one every 100 ms, round-robin origins)"
    "$bench" latency --peers "$n" --messages 100 --interval-ms 100
done
echo "== throughput, 32 peers, 1 KB messages from one publisher, 5 s per offered rate"
"$bench" throughput --peers 32 --rates 100,250,500,1000,2000 --seconds 5
for preset in wan lan; do
    echo "== idle cost, 32 peers, $preset preset, 30 s"
    "$bench" idle --peers 32 --seconds 30 --preset "$preset"
done
if [ -f "$planetlab" ]; then
    echo "== emulated PlanetLab latency, 48 peers on hosts 0-47, wan preset, vs gocast-sim"
    "$bench" emulated --peers 48 --preset wan --dataset "$planetlab" --messages 60 --settle 60
else
    echo "== emulated: $planetlab not found; set GOCAST_DATASETS (skipped)"
fi
