# Shared by the experiment scripts (sourced, not run). Each script takes:
#   --plot    also draw the figure (PNG, gnuplot) next to its CSV
#   --quick   a shorter, smaller run to check that everything works (numbers not comparable)
# Environment: GOCAST_BUILD_DIR (default build/), GOCAST_DATASETS (default ../shared/datasets),
# GOCAST_EXP_OUT (default out/experiments), GOCAST_JOBS (parallel runs, default 2),
# GOCAST_EXP_LINKS (neighbour links, gocast-sim --links hop|datagram|tcp; unset: gocast-sim's
# own default, Hop links, what the figures in docs/EXPERIMENTS.md are measured with).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build}"
datasets="${GOCAST_DATASETS:-$root/../shared/datasets}"
planetlab="$datasets/netlatency-planetlab-seattle/planetlab490_median18_rtt_ms.txt"
slices_tar="$datasets/netlatency-planetlab-seattle/PlanetLab_490x490_18slices_raw.tar.gz"
exp_out="${GOCAST_EXP_OUT:-$root/out/experiments}"
jobs="${GOCAST_JOBS:-2}"
protocols=(gocast push-gossip push-gossip-rounds gossip-random gossip-proximity)

plot=0
quick=0
for arg in "$@"; do
    case "$arg" in
        --plot) plot=1 ;;
        --quick) quick=1 ;;
        *) echo "$(basename "$0"): unknown argument '$arg' (expected --plot and/or --quick)" >&2; exit 2 ;;
    esac
done

"$root/scripts/build.sh" >/dev/null
if [ ! -f "$planetlab" ]; then
    echo "$(basename "$0"): $planetlab not found; set GOCAST_DATASETS" >&2
    exit 2
fi

# sim OUTDIR ARGS...: one gocast-sim run on PlanetLab-490 (unless ARGS name another
# --dataset) into OUTDIR; its stdout summary goes to OUTDIR/stdout.txt. Runs in the
# background; call `wait_all` to collect. A directory that already holds a finished run with
# the same arguments and the same gocast-sim binary is reused (experiments share runs: 2 and
# 3 use one run, 6 reuses the runs of 1); GOCAST_EXP_FRESH=1 forces new runs.
sim() {
    local dir="$1"; shift
    if [ -n "${GOCAST_EXP_LINKS:-}" ]; then set -- "$@" --links "$GOCAST_EXP_LINKS"; fi
    local args
    args="$(printf '%s\n' "$@"; sha1sum <"$build/gocast-sim" | cut -c1-16)"
    if [ "${GOCAST_EXP_FRESH:-0}" != 1 ] && [ -f "$dir/summary.json" ] && [ -f "$dir/args.txt" ] &&
        [ "$(cat "$dir/args.txt")" = "$args" ]; then
        return 0
    fi
    mkdir -p "$dir"
    rm -f "$dir/args.txt" "$dir/summary.json"
    local data=(--dataset "$planetlab")
    case " $* " in *" --dataset "*) data=() ;; esac
    ( "$build/gocast-sim" "${data[@]}" --quiet --out "$dir" "$@" >"$dir/stdout.txt" 2>"$dir/stderr.txt" &&
        printf '%s\n' "$args" >"$dir/args.txt" ) &
    # Keep at most $jobs runs at once.
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || { echo "a gocast-sim run failed" >&2; exit 1; }; done
}

wait_all() {
    local failed=0
    for p in $(jobs -rp); do wait "$p" || failed=1; done
    if [ "$failed" -ne 0 ]; then echo "a gocast-sim run failed" >&2; exit 1; fi
}

need_gnuplot() {
    command -v gnuplot >/dev/null || { echo "$(basename "$0"): --plot needs gnuplot (scripts/setup-debian.sh)" >&2; exit 2; }
}

# Common gnuplot preamble: readable PNG, grid, key outside clutter.
gp_header() {
    cat <<GP
set terminal pngcairo size 900,560 font "DejaVu Sans,11" noenhanced
set datafile separator ","
set grid lc rgb "#dddddd"
set key box opaque
GP
}

# The headline numbers of one run directory as a JSON object (for the experiment's
# summary.json).
run_json() {
    jq -c '{protocol: .config.protocol, nodes: .config.nodes, duration_s: .config.duration_s,
            delivery_ratio: .messages.all.delivery_ratio,
            delivery_ratio_after_failure: (.messages.after_failure.delivery_ratio // null),
            complete_messages: .messages.all.complete_messages, messages: .messages.all.messages,
            mean_ms: .delay.mean_ms, p50_ms: .delay.p50_ms, p90_ms: .delay.p90_ms,
            p99_ms: .delay.p99_ms, max_ms: .delay.max_ms, direct_mean_ms: .delay.mean_direct_ms,
            stretch_of_means: .delay.stretch_of_means,
            payload_copies_per_delivery: .redundancy.payload_copies_per_delivery,
            payload_bytes_per_node_s: .traffic_per_node_per_s.payload_bytes,
            control_bytes_per_node_s: .traffic_per_node_per_s.control_bytes,
            degree_mean: .degree_end.mean, tree_link_ms: .link_latency_end.tree_link_ms,
            overlay_link_ms: .link_latency_end.overlay_link_ms}' "$1/summary.json"
}

# join_columns OUT KEYCOL COL NAME1 FILE1 NAME2 FILE2 ...: one CSV with the key column of the
# first file and column COL of every file, headed by the names (files share their rows).
join_columns() {
    local out="$1" keycol="$2" col="$3"; shift 3
    local header="$keycol" args=() first=""
    while [ $# -gt 0 ]; do
        header="$header,$1"
        [ -z "$first" ] && first="$2"
        args+=("$2"); shift 2
    done
    local idx kidx
    idx=$(head -1 "$first" | tr ',' '\n' | grep -nx "$col" | cut -d: -f1)
    kidx=$(head -1 "$first" | tr ',' '\n' | grep -nx "$keycol" | cut -d: -f1)
    # paste with a variable number of process substitutions: build it with eval.
    local cmd="paste -d, <(tail -n +2 '$first' | cut -d, -f$kidx)"
    for f in "${args[@]}"; do cmd="$cmd <(tail -n +2 '$f' | cut -d, -f$idx)"; done
    { echo "$header"; eval "$cmd"; } >"$out"
}
