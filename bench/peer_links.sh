#!/usr/bin/env bash
# Hop links with real peers (docs/EXPERIMENTS.md "Hop links with real peers"): N gocast-peer
# processes on 127.0.0.1 with emulated PlanetLab latency (user space, peer/latency_emulator)
# and emulated random loss on every outgoing datagram, for each neighbour link kind, ~60
# messages; then gocast-sim on the same dataset, placement, loss and links. Prints one
# table row per run: delivery, delay, pull share, link retransmits and NACKs.
#   bench/peer_links.sh     (GOCAST_BUILD_DIR, GOCAST_DATASETS, GOCAST_BENCH_OUT,
#                            PEERS=32, MESSAGES=60, SETTLE=15, REPEATS=1,
#                            LOSSES="0 0.01 0.05", LINKS="hop datagram tcp")
# Ports 31000-31000+PEERS and 32000-32000+PEERS on 127.0.0.1. Every peer_bench run is bounded
# (convergence 240 s, drain 15 s) and stops the peers it started; `timeout` is a backstop.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build-release}"
datasets="${GOCAST_DATASETS:-$root/../shared/datasets}"
planetlab="$datasets/netlatency-planetlab-seattle/planetlab490_median18_rtt_ms.txt"
out="${GOCAST_BENCH_OUT:-$root/out/peer-links}"
peers="${PEERS:-32}"
messages="${MESSAGES:-60}"
settle="${SETTLE:-15}"
repeats="${REPEATS:-1}"
losses="${LOSSES:-0 0.01 0.05}"
kinds="${LINKS:-hop datagram tcp}"
if [ ! -f "$planetlab" ]; then
    echo "peer_links: $planetlab not found; set GOCAST_DATASETS (skipped)" >&2
    exit 0
fi
if [ ! -x "$build/bench/peer_bench" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j2 --target peer_bench gocast-peer gocast-sim >/dev/null
fi
mkdir -p "$out"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "$peers peers, wan preset, $messages messages of 100 B at 1/s round-robin, settle $settle s"
header="links,loss,delivered,expected,dups,mean_ms,p50_ms,p99_ms,via_pull_pct,retransmits,nacks,link_failures,sim_delivered,sim_expected,sim_dups,sim_mean_ms,sim_p50_ms,sim_p99_ms,sim_via_pull_pct,real_loss_pct"
echo "run,$header" > "$out/summary.csv"
status=0
for rep in $(seq 1 "$repeats"); do
    for loss in $losses; do
        for links in $kinds; do
            run="$links-$loss-r$rep"
            log="$out/$run.log"
            if timeout -k 30 900 "$build/bench/peer_bench" emulated --peers "$peers" --preset wan \
                --dataset "$planetlab" --messages "$messages" --settle "$settle" \
                --links "$links" --emulate-loss "$loss" --data-root "$out/$run" > "$log" 2>&1; then
                :
            else
                echo "$run: peer_bench failed or lost a delivery (see $log)" >&2
                status=1
            fi
            row="$(grep '^row,' "$log" | tail -n 1 | cut -d, -f2-)"
            [ -n "$row" ] && echo "$run,$row" >> "$out/summary.csv"
            echo "$run: $(grep -E '^(real|simulated):' "$log" | tr '\n' ' ')"
        done
    done
done
column -s, -t < "$out/summary.csv"
exit "$status"
