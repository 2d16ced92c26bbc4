#!/usr/bin/env bash
# Installs what GoCast builds and tests with on Debian 12. Idempotent: does nothing when
# everything is present; otherwise needs root (or sudo) and Debian's apt repositories, and
# the npm registry once for the browser test's driver (playwright-core, pinned in
# tests/browser/package-lock.json). After it, builds and tests need no network.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# gnuplot-nox draws the experiment figures (bench/experiments/, pngcairo terminal); jq
# gathers their summary.json files; libgoogle-perftools-dev's tcmalloc makes gocast-sim
# about 20% faster (CMakeLists.txt).
packages=(build-essential cmake pkg-config libboost-dev nlohmann-json3-dev libcpp-httplib-dev
          doctest-dev gnuplot-nox jq chromium libgoogle-perftools-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js drives the browser test; any installed node will do, else Debian's.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || command -v node >/dev/null || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
        sudo_cmd=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The browser test's driver. Optional: without it that one test reports itself skipped.
browser="$root/tests/browser"
if [ ! -d "$browser/node_modules/playwright-core" ]; then
    if command -v npm >/dev/null; then
        echo "setup: npm ci in tests/browser (playwright-core)" >&2
        (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error) ||
            echo "setup: npm ci failed; the browser test will be skipped" >&2
    else
        echo "setup: no npm; the browser test will be skipped" >&2
    fi
fi
