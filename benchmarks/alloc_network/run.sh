#!/bin/sh
# Allocation benchmark: builds the runner, generates the network of issue 3
# (2,000 producers, 20 hubs, 3,000 points, 4 products; fixed seed), solves
# its allocation LP with terroir and with plain glpsol on the same plain LP,
# and writes the table to benchmarks/results/.  glpsol takes several
# minutes on that network.
#
# Usage: benchmarks/alloc_network/run.sh [runner options...]
#   BUILD_DIR   meson build directory (default: build)
# Runner options: --producers N --hubs N --points N --products N --seed S
#                 --repeat N (timed terroir_solve runs, median; default 3)
#                 --no-glpsol --glpsol-limit S
# The runner uses the public API only (terroir_solve, allocation stage).
# Example: BUILD_DIR=build-h benchmarks/alloc_network/run.sh --producers 500 --points 800
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build="$root/$build" ;; esac
results="$root/benchmarks/results"
mkdir -p "$results"
stamp=$(date +%Y%m%d-%H%M%S)
work=$(mktemp -d "${TMPDIR:-/tmp}/alloc_network.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

ninja -C "$build" -j1 benchmarks/alloc_network >/dev/null
{
    echo "# Allocation LP on a generated network, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "host: $(uname -srm), $(nproc) cores; glpsol: $(glpsol --version 2>/dev/null | head -1); build: $build"
    echo
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
    echo
    "$build/benchmarks/alloc_network" --work "$work" "$@"
} | tee "$results/alloc_network-$stamp.md"
echo "results: $results/alloc_network-$stamp.md" >&2
