#!/usr/bin/env bash
# Experiment 4: largest connected component of the overlay when 5%..50% of the peers fail
# at once with no repair, for 0, 1 and 4 random links per peer (total degree 6). GoCast
# paper Fig. 6: with one random link the overlay stays connected at 25% failures.
# Each overlay is built by the protocol for 300 s (no traffic), then analysed with global
# knowledge: 20 random failure sets per fraction.
# Usage: bench/experiments/exp4_resilience.sh [--plot] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$exp_out/exp4"
nodes=1024 duration=300
if [ "$quick" = 1 ]; then nodes=256 duration=60; fi
rands=(0 1 4)

for r in "${rands[@]}"; do
    sim "$exp_out/runs/resilience-$nodes-${duration}s-rand$r" --nodes "$nodes" --duration "$duration" \
        --publish-rate 0 --c-rand "$r" --c-near $((6 - r)) --graph-analysis
done
wait_all
mkdir -p "$out"

cols=()
for r in "${rands[@]}"; do cols+=("rand$r" "$exp_out/runs/resilience-$nodes-${duration}s-rand$r/resilience.csv"); done
join_columns "$out/resilience_lcc_mean.csv" failed_fraction lcc_mean "${cols[@]}"
join_columns "$out/resilience_connected.csv" failed_fraction connected_trials "${cols[@]}"
{
    echo "{\"experiment\": 4, \"nodes\": $nodes, \"build_s\": $duration, \"runs\": {"
    sep=""
    for r in "${rands[@]}"; do
        d="$exp_out/runs/resilience-$nodes-${duration}s-rand$r"
        printf '%s"c_rand=%s,c_near=%s": %s\n' "$sep" "$r" $((6 - r)) \
            "$(jq -c '{components_before_failure: .tree_end.overlay_components, degree_mean: .degree_end.mean,
                       resilience: .graph.resilience}' "$d/summary.json")"
        sep=","
    done
    echo "}, \"paper\": \"one random link per node keeps the overlay connected with 25% of nodes failed\"}"
} | jq . >"$out/summary.json"
column -s, -t "$out/resilience_lcc_mean.csv"
echo "trials in which the survivors stayed one component:"
column -s, -t "$out/resilience_connected.csv"
echo "summary: $out/summary.json"

if [ "$plot" = 1 ]; then
    need_gnuplot
    {
        gp_header
        cat <<GP
set output "$out/exp4_resilience.png"
set title "Experiment 4: largest component after failures, $nodes peers on PlanetLab-490, degree 6"
set xlabel "fraction of peers failed at once (no repair)"
set ylabel "largest component / surviving peers (mean of 20 trials)"
set xrange [0:0.55]
set yrange [0:1.05]
set key bottom left
plot "$out/resilience_lcc_mean.csv" using 1:2 with linespoints lw 2 pt 7 title "0 random + 6 nearby links", \
     "" using 1:3 with linespoints lw 2 pt 5 title "1 random + 5 nearby links (GoCast default)", \
     "" using 1:4 with linespoints lw 2 pt 9 title "4 random + 2 nearby links"
GP
    } | gnuplot
    echo "figure: $out/exp4_resilience.png"
fi
