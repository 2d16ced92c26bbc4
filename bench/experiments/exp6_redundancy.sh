#!/usr/bin/env bash
# Experiment 6: redundancy and overhead per protocol: full payload copies sent per delivery
# made (the ideal is 1: one copy per peer per message) and control bytes sent per peer per
# second, on the no-failure runs of experiment 1 (reused when present).
# Usage: bench/experiments/exp6_redundancy.sh [--plot] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$exp_out/exp6"
nodes=1024 duration=300
if [ "$quick" = 1 ]; then nodes=256 duration=90; fi

for p in "${protocols[@]}"; do
    sim "$exp_out/runs/pl-$nodes-${duration}s-$p-nofail" --protocol "$p" --nodes "$nodes" --duration "$duration"
done
wait_all
mkdir -p "$out"

{
    echo "protocol,payload_copies_per_delivery,payload_bytes_per_node_s,control_bytes_per_node_s,delivery_ratio,duplicate_copies_received"
    for p in "${protocols[@]}"; do
        jq -r '[.config.protocol, .redundancy.payload_copies_per_delivery, .traffic_per_node_per_s.payload_bytes,
                .traffic_per_node_per_s.control_bytes, .messages.all.delivery_ratio,
                .messages.duplicate_copies_received] | @csv' \
            "$exp_out/runs/pl-$nodes-${duration}s-$p-nofail/summary.json" | tr -d '"'
    done
} >"$out/redundancy.csv"
{
    echo "{\"experiment\": 6, \"nodes\": $nodes, \"duration_s\": $duration, \"publish_rate_per_s\": 1, \"payload_bytes\": 100, \"protocols\": {"
    sep=""
    for p in "${protocols[@]}"; do
        printf '%s"%s": %s\n' "$sep" "$p" "$(run_json "$exp_out/runs/pl-$nodes-${duration}s-$p-nofail")"; sep=","
    done
    echo "}}"
} | jq . >"$out/summary.json"
column -s, -t "$out/redundancy.csv"
echo "summary: $out/summary.json"

if [ "$plot" = 1 ]; then
    need_gnuplot
    {
        gp_header
        cat <<GP
set terminal pngcairo size 1200,520 font "DejaVu Sans,11" noenhanced
set output "$out/exp6_redundancy.png"
set multiplot layout 1,2 title "Experiment 6: redundancy and overhead, $nodes peers on PlanetLab-490, 1 msg/s of 100 bytes"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set xrange [-0.6:4.6]
set xtics rotate by -25
set key off
set yrange [0:*]
# every ::1 skips the CSV's header row, which would otherwise take the first histogram slot
# and push the last protocol out of the x range.
set title "payload copies sent per delivery (ideal 1)"
set ylabel "copies per delivery"
plot "$out/redundancy.csv" using 2:xtic(1) every ::1 lc rgb "#4477aa"
set title "control traffic per peer"
set ylabel "control bytes per peer per second (B/s)"
plot "$out/redundancy.csv" using 4:xtic(1) every ::1 lc rgb "#cc6677"
unset multiplot
GP
    } | gnuplot
    echo "figure: $out/exp6_redundancy.png"
fi
