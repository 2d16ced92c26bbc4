#!/usr/bin/env bash
# Experiment 7: delay stretch, delivery delay / direct one-way latency from the source (the
# physical lower bound), as a CDF over deliveries and as the ratio of means; compared with
# two bounds computed with global knowledge on the same final overlay: shortest paths over
# the overlay links and a shortest-path tree rooted at the most central peer. Then GoCast
# with --flood-hops 1 and 2 (peers that few hops from the source push on every overlay link,
# so the message enters the tree at several points), with its cost in payload copies.
# 490 peers (one per PlanetLab host, no shared sites) and 1,024 peers; 300 s, 1 msg/s.
# Usage: bench/experiments/exp7_stretch.sh [--plot] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$exp_out/exp7"
sizes=(490 1024) duration=300 floods=(0 1 2)
if [ "$quick" = 1 ]; then sizes=(256); duration=90; fi

for n in "${sizes[@]}"; do
    for k in "${floods[@]}"; do
        sim "$exp_out/runs/stretch-$n-${duration}s-flood$k" --nodes "$n" --duration "$duration" \
            --flood-hops "$k" --graph-analysis
    done
done
wait_all
mkdir -p "$out"

n0="${sizes[0]}"
r() { echo "$exp_out/runs/stretch-$1-${duration}s-flood$2"; }
join_columns "$out/stretch_cdf_delivered.csv" fraction stretch \
    flood0 "$(r "$n0" 0)/delay_cdf.csv" flood1 "$(r "$n0" 1)/delay_cdf.csv" flood2 "$(r "$n0" 2)/delay_cdf.csv"
paste -d, "$out/stretch_cdf_delivered.csv" <(cut -d, -f2,3 "$(r "$n0" 0)/stretch_bounds.csv") >"$out/stretch_cdf.csv"
rm "$out/stretch_cdf_delivered.csv"

{
    echo "{\"experiment\": 7, \"duration_s\": $duration, \"runs\": ["
    sep=""
    for n in "${sizes[@]}"; do
        for k in "${floods[@]}"; do
            printf '%s%s\n' "$sep" "$(jq -c --argjson k "$k" '{peers: .config.nodes, flood_hops: $k,
                stretch_of_means: .delay.stretch_of_means, mean_stretch: .delay.mean_stretch,
                mean_ms: .delay.mean_ms, p99_ms: .delay.p99_ms, direct_mean_ms: .delay.mean_direct_ms,
                delivery_ratio: .messages.all.delivery_ratio,
                payload_copies_per_delivery: .redundancy.payload_copies_per_delivery,
                duplicate_copies_received: .messages.duplicate_copies_received,
                bound_overlay_shortest_path: .graph.stretch_bounds.overlay_shortest_path_stretch,
                bound_central_root_tree: .graph.stretch_bounds.central_root_tree_stretch,
                central_root_mean_ms: .graph.stretch_bounds.central_root_mean_ms,
                tree_link_ms: .link_latency_end.tree_link_ms}' "$(r "$n" "$k")/summary.json")"
            sep=","
        done
    done
    echo "]}"
} | jq . >"$out/summary.json"
jq -r '.runs[] | [.peers, .flood_hops, .stretch_of_means, .mean_ms, .p99_ms, .payload_copies_per_delivery,
                   .bound_overlay_shortest_path, .bound_central_root_tree] | @tsv' "$out/summary.json" |
    awk 'BEGIN { printf "%6s %6s %9s %9s %9s %8s %9s %9s\n", "peers", "flood", "stretch", "mean_ms", "p99_ms", "copies", "sp_bound", "tree_bnd" }
         { printf "%6d %6d %9.3f %9.1f %9.1f %8.3f %9.3f %9.3f\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
echo "summary: $out/summary.json"

if [ "$plot" = 1 ]; then
    need_gnuplot
    {
        gp_header
        cat <<GP
set output "$out/exp7_stretch.png"
set title "Experiment 7: delay stretch CDF, $n0 peers on PlanetLab-490"
set logscale x
set xrange [1:20]
set yrange [0:1]
set xlabel "stretch: delivery delay / direct one-way latency (log scale)"
set ylabel "fraction of deliveries (bounds: of pairs)"
set key bottom right
plot "$out/stretch_cdf.csv" using 2:1 with lines lw 2 title "GoCast (tree push)", \
     "" using 3:1 with lines lw 2 title "GoCast --flood-hops 1", \
     "" using 4:1 with lines lw 2 title "GoCast --flood-hops 2", \
     "" using 5:1 with lines lw 2 dt 2 title "bound: shortest overlay paths", \
     "" using 6:1 with lines lw 2 dt 3 title "bound: tree at the most central peer"
GP
    } | gnuplot
    echo "figure: $out/exp7_stretch.png"
fi
