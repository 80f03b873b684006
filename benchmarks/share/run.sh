#!/bin/sh
# Cost-sharing benchmark: time of terroir_share_compute() for 4, 6, 8 and 10
# members on one regional dataset (every coalition solved, 2^k - 1 of them),
# each coalition with a per-coalition limit.  Writes
# benchmarks/results/share-<date>.md.
#
# Usage: benchmarks/share/run.sh [MODEL.yaml] [K...]
#   MODEL   default datasets/regions/11-gaspesie-iles-de-la-madeleine.yaml
#   K       member counts (default 4 6 8 10)
#   ROUTE_ITERATIONS   per coalition (default 20)
#   COALITION_SECONDS  per coalition time limit (default 2)
#   THREADS            coalitions solved at once (default 2)
#   BUILD_DIR          meson build directory (default: build)
# Example: ROUTE_ITERATIONS=10 benchmarks/share/run.sh datasets/regions/09-cote-nord.yaml 4 6
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build="$root/$build" ;; esac
case ${1:-} in -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;; esac
model=${1:-$root/datasets/regions/11-gaspesie-iles-de-la-madeleine.yaml}
[ $# -gt 0 ] && shift
mkdir -p "$root/benchmarks/results"
out="$root/benchmarks/results/share-$(date -u +%Y%m%d-%H%M%S).md"
ninja -C "$build" benchmarks/share_bench >/dev/null
"$build/benchmarks/share_bench" "$model" "$out" "$@"
echo "wrote $out"
