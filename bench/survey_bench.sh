#!/usr/bin/env bash
# Survey benchmark: whole-overlay topology and trace survey times (simulated protocol
# time, WAN preset) on 1,000 synthetic peers and, when the dataset is present, on 1,024
# peers over PlanetLab-490. Usage: bench/survey_bench.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build}"
datasets="${GOCAST_DATASETS:-$root/../shared/datasets}"
planetlab="$datasets/netlatency-planetlab-seattle/planetlab490_median18_rtt_ms.txt"

"$root/scripts/build.sh" >/dev/null
echo "machine: $(nproc) cores, $(uname -sr)"
"$build/bench/survey_bench" --nodes 1000
if [ -f "$planetlab" ]; then
    "$build/bench/survey_bench" --nodes 1024 --dataset "$planetlab"
else
    echo "survey_bench: $planetlab not found; PlanetLab run skipped" >&2
fi
