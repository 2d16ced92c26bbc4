#!/usr/bin/env bash
# Simulator scale benchmark: cost of one run at growing fleet sizes.
#
# For each size: N peers on PlanetLab-490 (median of the 18 slices; with more peers than
# hosts each host is a site shared by several peers, 0.2 ms RTT inside), 100 simulated
# seconds, 1 message/s from 20 s to 80 s, WAN preset, seed 1. Prints wall time, CPU time
# (user + sys: steadier than wall on a shared machine), events processed, events per
# second of wall time, peak RSS, peak RSS per peer, and the CPU cost per peer-second
# (flat when cost grows linearly with peers x time).
#
# Usage: bench/sim_scale.sh [SIZES...]        default sizes: 1024 8192 32768
#   GOCAST_BUILD_DIR   build directory (default build/, RelWithDebInfo via scripts/build.sh)
#   GOCAST_DATASETS    datasets directory (default ../shared/datasets); without the
#                      PlanetLab file the built-in synthetic model with 490 hosts is used
#   GOCAST_SCALE_DURATION  simulated seconds (default 100)
#   GOCAST_SCALE_SEED      seed (default 1)
#   GOCAST_SCALE_LINKS     neighbour links passed as --links (default: gocast-sim's, hop)
#   GOCAST_SCALE_DETERMINISM=1  run each size a second time with the same seed and fail
#                      unless every report file (summary.json and the CSVs) is byte-identical
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build}"
datasets="${GOCAST_DATASETS:-$root/../shared/datasets}"
planetlab="$datasets/netlatency-planetlab-seattle/planetlab490_median18_rtt_ms.txt"
out="${GOCAST_BENCH_OUT:-$root/out/bench}"
duration="${GOCAST_SCALE_DURATION:-100}"
seed="${GOCAST_SCALE_SEED:-1}"
links=()
[ -n "${GOCAST_SCALE_LINKS:-}" ] && links=(--links "$GOCAST_SCALE_LINKS")
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1024 8192 32768)

"$root/scripts/build.sh" >/dev/null
if [ -f "$planetlab" ]; then
    dataset=(--dataset "$planetlab")
    dataset_name="PlanetLab-490 median ($planetlab)"
else
    dataset=(--hosts 490)
    dataset_name="synthetic geographic model, 490 hosts (PlanetLab file not found)"
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "dataset: $dataset_name"
echo "scenario: ${duration} simulated s, 1 msg/s, WAN preset, seed $seed, links ${GOCAST_SCALE_LINKS:-default}"
printf '%8s %9s %9s %12s %10s %10s %12s %14s\n' peers wall_s cpu_s events events/s rss_MiB KiB/peer cpu_us/peer-s
mkdir -p "$out"
for n in "${sizes[@]}"; do
    dir="$out/scale-$n"
    log="$(mktemp)"
    times="$(mktemp)"
    # bash's time keyword (no extra package): elapsed, user and sys seconds.
    TIMEFORMAT='%R %U %S'
    if ! { time "$build/gocast-sim" "${dataset[@]}" --nodes "$n" --duration "$duration" \
            --seed "$seed" "${links[@]}" --quiet --out "$dir" >"$dir.summary.txt" 2>"$log"; } 2>"$times"; then
        cat "$log" >&2
        rm -f "$log" "$times"
        exit 1
    fi
    # gocast-sim's last stderr line: "wall W s, E events, peak RSS R MiB".
    events="$(sed -n 's/.*wall [0-9.]* s, \([0-9]*\) events.*/\1/p' "$log")"
    rss_mib="$(sed -n 's/.*peak RSS \([0-9.]*\) MiB.*/\1/p' "$log")"
    read -r wall user sys <"$times"
    rm -f "$log" "$times"
    awk -v n="$n" -v wall="$wall" -v user="$user" -v sys="$sys" -v ev="$events" \
        -v rss="$rss_mib" -v dur="$duration" 'BEGIN {
        cpu = user + sys
        printf "%8d %9.1f %9.1f %12d %10.0f %10.0f %10.1f %14.2f\n", n, wall, cpu, ev,
               ev / wall, rss, rss * 1024 / n, cpu * 1e6 / (n * dur)
    }'
    if [ "${GOCAST_SCALE_DETERMINISM:-0}" = 1 ]; then
        again="$dir.again"
        "$build/gocast-sim" "${dataset[@]}" --nodes "$n" --duration "$duration" --seed "$seed" \
            "${links[@]}" --quiet --out "$again" >/dev/null 2>&1
        for f in "$dir"/*; do
            if ! cmp -s "$f" "$again/$(basename "$f")"; then
                echo "sim_scale: $n peers: $(basename "$f") differs between two runs with seed $seed" >&2
                exit 1
            fi
        done
        echo "         $n peers: second run with seed $seed byte-identical ($(ls "$dir" | wc -l) report files)"
        rm -rf "$again"
    fi
done
