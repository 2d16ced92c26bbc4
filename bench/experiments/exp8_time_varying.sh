#!/usr/bin/env bash
# Experiment 8: time-varying latency. The 18 PlanetLab slices (490 hosts, measured at
# different times) are replayed in sequence, 30 s each (540 s), under 490 peers; the
# figure shows the mean one-way latency of random pairs (what the network does), of
# overlay links and of tree links (what the protocol keeps) every 2 s, and the per-slice
# ratio of tree links to random pairs. The slices are unpacked once from the shared
# dataset's tarball into the output directory (never into the repository).
# Usage: bench/experiments/exp8_time_varying.sh [--plot] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$exp_out/exp8"
nodes=490 period=30 duration=540
if [ "$quick" = 1 ]; then nodes=128 period=10 duration=180; fi

slices="$exp_out/planetlab-slices"
if [ ! -f "$slices/PlanetLab/PlanetLabData_18" ]; then
    [ -f "$slices_tar" ] || { echo "exp8: $slices_tar not found; set GOCAST_DATASETS" >&2; exit 2; }
    mkdir -p "$slices"
    tar xzf "$slices_tar" -C "$slices"
fi
run="$exp_out/runs/slices-$nodes-${period}x18"
sim "$run" --dataset "$slices/PlanetLab" --slice-period "$period" --nodes "$nodes" \
    --duration "$duration" --sample-interval 2
wait_all
mkdir -p "$out"
cut -d, -f1-4 "$run/link_latency.csv" >"$out/link_latency.csv"

# Per slice: mean of each series over the slice's samples, skipping the first slice's
# first 10 s (the overlay is still forming).
awk -F, -v p="$period" 'NR > 1 && $1 >= 10 && $3 != "" {
        k = int($1 / p); if (k > 17) next
        o[k] += $2; t[k] += $3; r[k] += $4; c[k]++ }
    END { print "slice,start_s,overlay_link_ms,tree_link_ms,random_pair_ms,tree_over_random"
          for (k = 0; k < 18; k++) if (c[k] > 0)
              printf "%d,%d,%.3f,%.3f,%.3f,%.4f\n", k + 1, k * p, o[k] / c[k], t[k] / c[k], r[k] / c[k], t[k] / r[k] }' \
    "$out/link_latency.csv" >"$out/per_slice.csv"
jq -R -s --argjson n "$nodes" --argjson p "$period" 'split("\n") | map(select(length > 0) | split(",")) | .[1:] |
    {experiment: 8, nodes: $n, slice_period_s: $p, slices: 18,
     delivery: null,
     per_slice: map({slice: (.[0] | tonumber), start_s: (.[1] | tonumber), overlay_link_ms: (.[2] | tonumber),
                     tree_link_ms: (.[3] | tonumber), random_pair_ms: (.[4] | tonumber),
                     tree_over_random: (.[5] | tonumber)})}' "$out/per_slice.csv" |
    jq --argjson s "$(run_json "$run")" '.delivery = $s' >"$out/summary.json"
column -s, -t "$out/per_slice.csv"
jq -c '.delivery | {delivery_ratio, mean_ms, p99_ms, stretch_of_means}' "$out/summary.json"
echo "summary: $out/summary.json"

if [ "$plot" = 1 ]; then
    need_gnuplot
    {
        gp_header
        cat <<GP
set output "$out/exp8_time_varying.png"
set title "Experiment 8: 18 PlanetLab slices replayed, ${period} s each, $nodes peers"
set xlabel "simulated time (s); a new latency slice every ${period} s"
set ylabel "mean one-way latency (ms)"
set yrange [0:*]
set xrange [0:$duration]
set xtics $((period * 2))
set key center right
plot "$out/link_latency.csv" using 1:4 with lines lw 2 title "random pairs of peers", \
     "" using 1:2 with lines lw 2 title "overlay links", \
     "" using 1:3 with lines lw 2 title "tree links"
GP
    } | gnuplot
    echo "figure: $out/exp8_time_varying.png"
fi
