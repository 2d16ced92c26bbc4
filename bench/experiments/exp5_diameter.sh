#!/usr/bin/env bash
# Experiment 5: overlay diameter (hops, exact: breadth-first search from every live peer) for
# 256 to 8,192 peers (GoCast paper: 6 -> 10 hops). Beyond 490 peers the PlanetLab hosts are
# shared (peers on one host form a site at 0.2 ms). Each overlay is built for 60 s with no
# traffic: degrees and link choice have settled by then (experiments 2 and 3).
# Usage: bench/experiments/exp5_diameter.sh [--plot] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$exp_out/exp5"
sizes=(256 512 1024 2048 4096 8192)
duration=60
if [ "$quick" = 1 ]; then sizes=(128 256 512); duration=30; fi

for n in "${sizes[@]}"; do
    sim "$exp_out/runs/diameter-$n-${duration}s" --nodes "$n" --duration "$duration" --publish-rate 0 --graph-analysis
done
wait_all
mkdir -p "$out"

{
    echo "peers,diameter_hops,mean_hops,degree_mean,components"
    for n in "${sizes[@]}"; do
        jq -r --argjson n "$n" '[$n, .graph.hops.diameter, .graph.hops.mean_hops, .degree_end.mean,
                                 .tree_end.overlay_components] | @csv' \
            "$exp_out/runs/diameter-$n-${duration}s/summary.json"
    done
} >"$out/diameter.csv"
jq -R -s --argjson d "$duration" 'split("\n") | map(select(length > 0) | split(",")) | .[1:] |
    {experiment: 5, build_s: $d, exact_bfs_from_every_peer: true,
     sizes: map({peers: (.[0] | tonumber), diameter_hops: (.[1] | tonumber), mean_hops: (.[2] | tonumber),
                 degree_mean: (.[3] | tonumber), components: (.[4] | tonumber)}),
     paper: {peers: [256, 8192], diameter_hops: [6, 10]}}' "$out/diameter.csv" >"$out/summary.json"
column -s, -t "$out/diameter.csv"
echo "summary: $out/summary.json"

if [ "$plot" = 1 ]; then
    need_gnuplot
    {
        gp_header
        cat <<GP
set output "$out/exp5_diameter.png"
set title "Experiment 5: overlay diameter, PlanetLab-490 (hosts shared above 490 peers)"
set logscale x 2
set xrange [200:10500]
set xtics (256, 512, 1024, 2048, 4096, 8192)
set xlabel "peers (log scale)"
set ylabel "hops"
set yrange [0:11]
set key top left
plot "$out/diameter.csv" using 1:2 with linespoints lw 2 pt 7 title "diameter (longest shortest path)", \
     "" using 1:3 with linespoints lw 2 pt 5 title "mean shortest path", \
     "-" using 1:2 with points pt 9 ps 1.5 title "paper: diameter"
256,6
8192,10
e
GP
    } | gnuplot
    echo "figure: $out/exp5_diameter.png"
fi
