#!/usr/bin/env bash
# CTest driver of the browser test: starts a cluster of gocast-peer processes on 127.0.0.1
# (preset test, peer 0 the seed), runs webui_browser_test.mjs against peer 0's page, and
# stops exactly the PIDs it started. Exits 77 (CTest: skipped) with a message when
# chromium, node or playwright-core (npm ci in tests/browser) is missing.
#
#   run_browser_test.sh GOCAST_PEER_BIN OUT_DIR [PEERS]
set -uo pipefail

peer_bin="$1"
out_dir="$2"
peers="${3:-16}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium_bin="${GOCAST_CHROMIUM:-/usr/bin/chromium}"
token="gocast-browser-token-0123456789"

skip() { echo "SKIP: $*"; exit 77; }
[ -x "$chromium_bin" ] || skip "no chromium at $chromium_bin (scripts/setup-debian.sh installs it)"
command -v node >/dev/null || skip "no node (scripts/setup-debian.sh installs nodejs)"
[ -d "$here/node_modules/playwright-core" ] || skip "no playwright-core: run npm ci in tests/browser (scripts/setup-debian.sh does)"

rm -rf "$out_dir"
mkdir -p "$out_dir"
pids=()
stop_all() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    pids=()
}
trap stop_all EXIT

# Random base ports; a peer that cannot bind exits at once with code 2, and then the whole
# cluster is started again elsewhere.
started=0
for attempt in 1 2 3 4 5; do
    base=$(( 20000 + RANDOM % 18000 ))
    for i in $(seq 0 $((peers - 1))); do
        dir="$out_dir/peer$i"
        mkdir -p "$dir"
        args=(--preset test --listen "127.0.0.1:$((base + i))" --api "127.0.0.1:$((base + 1000 + i))"
              --data-dir "$dir" --api-token "$token" --site $(( i % 3 + 1 )))
        [ "$i" -gt 0 ] && args+=(--seed "127.0.0.1:$base")
        "$peer_bin" "${args[@]}" >"$dir.log" 2>&1 &
        pids+=($!)
    done
    sleep 0.5
    alive=1
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || alive=0; done
    if [ "$alive" -eq 1 ]; then started=1; break; fi
    echo "a peer exited at startup (attempt $attempt); retrying on other ports"
    stop_all
done
[ "$started" -eq 1 ] || { echo "FAIL: could not start the cluster"; exit 1; }

node "$here/webui_browser_test.mjs" "http://127.0.0.1:$((base + 1000))/" "$peers" "$out_dir" "$token"
code=$?
if [ "$code" -ne 0 ]; then
    for i in 0 1; do echo "--- peer$i log"; tail -20 "$out_dir/peer$i.log"; done
fi
exit "$code"
