#!/usr/bin/env bash
# Experiment 1: delivery delay CDF of every protocol on PlanetLab-490, without failures and
# with 20% of the peers killed at once (messages published only after the failure).
# GoCast paper: GoCast's delay is 8.9x lower than push gossip's without failures, 2.3x with
# 20% failed. Usage: bench/experiments/exp1_delay.sh [--plot] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$exp_out/exp1"
nodes=1024 duration=300 fail_at=149.5 publish_after=150
if [ "$quick" = 1 ]; then nodes=256 duration=90 fail_at=44.5 publish_after=45; fi

runs="$exp_out/runs/pl-$nodes-${duration}s"
for p in "${protocols[@]}"; do
    sim "$runs-$p-nofail" --protocol "$p" --nodes "$nodes" --duration "$duration"
    sim "$runs-$p-fail20" --protocol "$p" --nodes "$nodes" --duration "$duration" \
        --fail-fraction 0.2 --fail-at "$fail_at" --publish-start "$publish_after"
done
wait_all
mkdir -p "$out"

cols=()
for p in "${protocols[@]}"; do cols+=("$p" "$runs-$p-nofail/delay_cdf.csv"); done
join_columns "$out/delay_cdf_nofail.csv" fraction delay_ms "${cols[@]}"
cols=()
for p in "${protocols[@]}"; do cols+=("$p" "$runs-$p-fail20/delay_cdf.csv"); done
join_columns "$out/delay_cdf_fail20.csv" fraction delay_ms "${cols[@]}"

{
    echo "{\"experiment\": 1, \"dataset\": \"$planetlab\", \"nodes\": $nodes, \"duration_s\": $duration,"
    echo " \"nofail\": {"
    sep=""
    for p in "${protocols[@]}"; do printf '%s"%s": %s\n' "$sep" "$p" "$(run_json "$runs-$p-nofail")"; sep=","; done
    echo " }, \"fail20\": {"
    sep=""
    for p in "${protocols[@]}"; do printf '%s"%s": %s\n' "$sep" "$p" "$(run_json "$runs-$p-fail20")"; sep=","; done
    echo " }}"
} | jq '.mean_ratio_to_gocast = {
            nofail: (.nofail.gocast.mean_ms as $g | .nofail | with_entries(.value = (.value.mean_ms / $g))),
            fail20: (.fail20.gocast.mean_ms as $g | .fail20 | with_entries(.value = (.value.mean_ms / $g)))}
        | .p99_ratio_to_gocast = {
            nofail: (.nofail.gocast.p99_ms as $g | .nofail | with_entries(.value = (.value.p99_ms / $g))),
            fail20: (.fail20.gocast.p99_ms as $g | .fail20 | with_entries(.value = (.value.p99_ms / $g)))}' \
    >"$out/summary.json"

printf '%-20s %8s %10s %10s %10s | %8s %10s %10s %10s\n' protocol ratio mean_ms p99_ms copies ratio mean_ms p99_ms copies
for p in "${protocols[@]}"; do
    jq -r --arg p "$p" '[$p, (.nofail[$p] | .delivery_ratio, .mean_ms, .p99_ms, .payload_copies_per_delivery),
                         (.fail20[$p] | .delivery_ratio, .mean_ms, .p99_ms, .payload_copies_per_delivery)]
                        | "\(.[0]) \(.[1]) \(.[2]) \(.[3]) \(.[4]) \(.[5]) \(.[6]) \(.[7]) \(.[8])"' "$out/summary.json" |
        awk '{printf "%-20s %8.4f %10.1f %10.1f %10.2f | %8.4f %10.1f %10.1f %10.2f\n", $1,$2,$3,$4,$5,$6,$7,$8,$9}'
done
echo "summary: $out/summary.json"

if [ "$plot" = 1 ]; then
    need_gnuplot
    {
        gp_header
        cat <<GP
set terminal pngcairo size 1200,520 font "DejaVu Sans,11" noenhanced
set output "$out/exp1_delay_cdf.png"
set multiplot layout 1,2 title "Experiment 1: delivery delay CDF, $nodes peers on PlanetLab-490"
set logscale x
set xrange [10:10000]
set yrange [0:1]
set xlabel "delivery delay (ms, log scale)"
set ylabel "fraction of deliveries"
set key bottom right
set title "no failures"
plot for [i=2:6] "$out/delay_cdf_nofail.csv" using i:1 with lines lw 2 title columnhead(i)
set title "20% of peers killed at once, messages after the failure"
plot for [i=2:6] "$out/delay_cdf_fail20.csv" using i:1 with lines lw 2 title columnhead(i)
unset multiplot
GP
    } | gnuplot
    echo "figure: $out/exp1_delay_cdf.png"
fi
