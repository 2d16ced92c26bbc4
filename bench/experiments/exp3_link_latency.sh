#!/usr/bin/env bash
# Experiment 3: mean one-way latency of overlay links and of tree links over time, against
# random pairs of peers (GoCast paper Fig. 5b; on King data the paper's tree links end at
# 15.5 ms against 91 ms between random pairs). Shares its run with experiment 2.
# Usage: bench/experiments/exp3_link_latency.sh [--plot] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$exp_out/exp3"
nodes=1024 duration=500
if [ "$quick" = 1 ]; then nodes=256 duration=60; fi
run="$exp_out/runs/overlay-$nodes-${duration}s"

sim "$run" --nodes "$nodes" --duration "$duration" --sample-interval 1
wait_all
mkdir -p "$out"
cut -d, -f1-4 "$run/link_latency.csv" >"$out/link_latency.csv"

# Values at a few times, for the table in docs/EXPERIMENTS.md.
at() { awk -F, -v t="$1" -v c="$2" 'NR > 1 && $1 + 0 == t { print ($c == "" ? "null" : $c) }' "$out/link_latency.csv"; }
{
    echo "{\"experiment\": 3, \"nodes\": $nodes, \"duration_s\": $duration, \"at\": ["
    sep=""
    for t in $(printf '%s\n' 5 10 30 60 120 300 "$duration" | sort -nu); do
        [ "$t" -gt "$duration" ] && continue
        printf '%s{"time_s": %s, "overlay_link_ms": %s, "tree_link_ms": %s, "random_pair_ms": %s}\n' \
            "$sep" "$t" "$(at "$t" 2)" "$(at "$t" 3)" "$(at "$t" 4)"
        sep=","
    done
    echo "], \"paper\": {\"tree_link_ms\": 15.5, \"random_pair_ms\": 91, \"dataset\": \"King\"}}"
} | jq . >"$out/summary.json"
jq -c '.at[]' "$out/summary.json"
echo "summary: $out/summary.json"

if [ "$plot" = 1 ]; then
    need_gnuplot
    {
        gp_header
        cat <<GP
set output "$out/exp3_link_latency.png"
set title "Experiment 3: link latency over time, $nodes peers on PlanetLab-490"
set xlabel "simulated time (s)"
set ylabel "mean one-way latency (ms)"
set yrange [0:*]
set key center right
plot "$out/link_latency.csv" using 1:4 with lines lw 2 title "random pairs of peers", \
     "" using 1:2 with lines lw 2 title "overlay links", \
     "" using 1:3 with lines lw 2 title "tree links (child to parent)"
GP
    } | gnuplot
    echo "figure: $out/exp3_link_latency.png"
fi
