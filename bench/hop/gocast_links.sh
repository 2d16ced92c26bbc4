#!/usr/bin/env bash
# Experiment 4 (docs/EXPERIMENTS.md "Hop links"): GoCast over Hop links, plain datagrams and
# TCP-like links at 1% and 5% datagram loss on PlanetLab-490. Prints per run the delivery
# ratio, delay percentiles (the CDF is in OUT/<run>/delay_cdf.csv) and the share of
# deliveries that came from a gossip pull; --plot renders OUT/delay_cdf.png with gnuplot.
#   bench/hop/gocast_links.sh [--plot]    (GOCAST_BUILD_DIR, GOCAST_DATASETS, GOCAST_BENCH_OUT)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build}"
datasets="${GOCAST_DATASETS:-$root/../shared/datasets}"
planetlab="$datasets/netlatency-planetlab-seattle/planetlab490_median18_rtt_ms.txt"
out="${GOCAST_BENCH_OUT:-$root/out/gocast-links}"
duration="${GOCAST_DURATION:-120}"
if [ ! -f "$planetlab" ]; then
    echo "gocast_links: $planetlab not found; set GOCAST_DATASETS (skipped)" >&2
    exit 0
fi
mkdir -p "$out"
echo "run,loss,links,delivered,pct_via_pull,p50_ms,p90_ms,p99_ms,max_ms" > "$out/summary.csv"
for loss in 0.01 0.05; do
    for links in hop datagram tcp; do
        run="$links-$loss"
        "$build/gocast-sim" --dataset "$planetlab" --nodes 490 --duration "$duration" --loss "$loss" \
            --links "$links" --quiet --out "$out/$run" > "$out/$run.log" 2>&1
        # deliveries.csv: msg_seq,origin_peer,publish_us,peer,delay_us,direct_us,path,hops
        tail -n +2 "$out/$run/deliveries.csv" | cut -d, -f5,7 | sort -t, -k1,1n > "$out/$run/sorted.tmp"
        awk -F, -v run="$run" -v loss="$loss" -v links="$links" -v cdf="$out/$run/delay_cdf.csv" '
            { d[NR] = $1 / 1000.0; if ($2 == "pull") pull++ }
            END {
                n = NR
                print "delay_ms,fraction" > cdf
                for (i = 1; i <= n; i += (n > 2000 ? int(n / 2000) : 1)) printf "%.3f,%.5f\n", d[i], i / n >> cdf
                printf "%s,%s,%s,%d,%.3f,%.1f,%.1f,%.1f,%.1f\n", run, loss, links, n, 100 * pull / n,
                    d[int(0.5 * n)], d[int(0.9 * n)], d[int(0.99 * n)], d[n]
            }' "$out/$run/sorted.tmp" >> "$out/summary.csv"
        rm -f "$out/$run/sorted.tmp"
        grep "deliveries" "$out/$run.log" | sed "s/^/$run: /"
    done
done
column -s, -t < "$out/summary.csv"
if [ "${1:-}" = --plot ]; then
    gnuplot <<GP
set terminal pngcairo size 1000,450
set output '$out/delay_cdf.png'
set datafile separator ','
set multiplot layout 1,2
set xlabel 'delivery delay (ms)'; set ylabel 'fraction of deliveries'; set xrange [0:800]; set key bottom right
set title '1% loss'
plot for [l in 'hop datagram tcp'] '$out/'.l.'-0.01/delay_cdf.csv' using 1:2 with lines title l
set title '5% loss'
plot for [l in 'hop datagram tcp'] '$out/'.l.'-0.05/delay_cdf.csv' using 1:2 with lines title l
unset multiplot
GP
    echo "plot: $out/delay_cdf.png"
fi
