#!/usr/bin/env bash
# Experiment 2: node degree distribution while the overlay forms and after 500 s (GoCast
# paper Fig. 5a: 22% -> 57% -> 60% of nodes at degree 6, mean 6.4 at the end).
# Our peers join by the protocol itself over the first 5 s (no pre-built random graph), so
# the paper's "0 s" maps to the end of the join window (5 s) and its "5 s" to 10 s.
# Usage: bench/experiments/exp2_degree.sh [--plot] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$exp_out/exp2"
nodes=1024 duration=500
if [ "$quick" = 1 ]; then nodes=256 duration=60; fi
run="$exp_out/runs/overlay-$nodes-${duration}s"
times=(5 10 "$duration")

sim "$run" --nodes "$nodes" --duration "$duration" --sample-interval 1
wait_all
mkdir -p "$out"

# degree,at_5s,at_10s,at_END: fraction of live peers with that degree at each time.
awk -F, -v t1="${times[0]}" -v t2="${times[1]}" -v t3="${times[2]}" '
    NR == 1 { next }
    { t = $1 + 0; if (t != t1 && t != t2 && t != t3) next
      cnt[t, $2] += $3; tot[t] += $3; if ($2 + 0 > maxd) maxd = $2 + 0 }
    END {
        printf "degree,at_%ss,at_%ss,at_%ss\n", t1, t2, t3
        for (d = 0; d <= maxd; d++)
            printf "%d,%.4f,%.4f,%.4f\n", d, cnt[t1, d] / tot[t1], cnt[t2, d] / tot[t2], cnt[t3, d] / tot[t3]
    }' "$run/degrees.csv" >"$out/degree_distribution.csv"

awk -F, 'NR > 1 { for (i = 2; i <= 4; i++) { f[i] += 0; if ($1 == 6) at6[i] = $i; m[i] += $1 * $i } }
    END { printf "%s %s %s %s %s %s\n", at6[2], at6[3], at6[4], m[2], m[3], m[4] }' \
    "$out/degree_distribution.csv" | {
    read -r a1 a2 a3 m1 m2 m3
    jq -n --argjson nodes "$nodes" --argjson duration "$duration" \
        --argjson t "[${times[0]}, ${times[1]}, ${times[2]}]" \
        --argjson at6 "[$a1, $a2, $a3]" --argjson mean "[$m1, $m2, $m3]" \
        --argjson dend "$(jq '.degree_end' "$run/summary.json")" \
        --argjson maxseen "$(jq '.max_degree_observed' "$run/summary.json")" \
        '{experiment: 2, nodes: $nodes, duration_s: $duration, times_s: $t,
          fraction_at_degree_6: $at6, mean_degree: $mean, degree_end: $dend,
          max_degree_observed: $maxseen,
          paper: {times_s: [0, 5, 500], fraction_at_degree_6: [0.22, 0.57, 0.60], mean_end: 6.4}}'
} >"$out/summary.json"
column -s, -t "$out/degree_distribution.csv"
jq -c '{fraction_at_degree_6, mean_degree}' "$out/summary.json"
echo "summary: $out/summary.json"

if [ "$plot" = 1 ]; then
    need_gnuplot
    {
        gp_header
        cat <<GP
set output "$out/exp2_degree.png"
set title "Experiment 2: node degree distribution, $nodes peers on PlanetLab-490 (target 6)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xlabel "node degree (links)"
set ylabel "fraction of live peers"
set yrange [0:1]
set key top left
plot "$out/degree_distribution.csv" using 2:xtic(1) title "at ${times[0]} s (join window just over)", \
     "" using 3 title "at ${times[1]} s", "" using 4 title "at ${times[2]} s"
GP
    } | gnuplot
    echo "figure: $out/exp2_degree.png"
fi
