#!/bin/sh
# OR-Library CFLP benchmark: builds the runner, runs every instance of
# ../shared/benchmarks/orlib-cflp (37 capNN without a time limit; the 12
# capa/capb/capc variants at 60 s), side by side with cbc and glpsol on the
# plain strong MIP (same 60 s limit on capa/b/c; --other-small-limit on
# capNN), and writes the table to benchmarks/results/.
#
# Usage: benchmarks/orlib_cflp/run.sh [runner options...]
#   BUILD_DIR   meson build directory (default: build)
#   DATA_DIR    instance folder (default: ../shared/benchmarks/orlib-cflp)
#   COMPARE=0   skip cbc and glpsol
# Example: BUILD_DIR=build-g benchmarks/orlib_cflp/run.sh --only 'cap4*'
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build="$root/$build" ;; esac
data=${DATA_DIR:-$root/../shared/benchmarks/orlib-cflp}
compare=${COMPARE:-1}
results="$root/benchmarks/results"
mkdir -p "$results"
stamp=$(date +%Y%m%d-%H%M%S)
work=$(mktemp -d "${TMPDIR:-/tmp}/orlib_cflp.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

ninja -C "$build" -j1 benchmarks/orlib_cflp >/dev/null

set -- --data "$data" --work "$work" --tsv "$results/orlib_cflp-$stamp.tsv" "$@"
if [ "$compare" = 1 ]; then
    set -- --compare "$@"
fi
{
    echo "# OR-Library CFLP, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "host: $(uname -srm), $(nproc) cores; cbc: $(cbc -quit 2>/dev/null | sed -n 's/^Version: //p' | head -1);" \
        "glpsol: $(glpsol --version 2>/dev/null | head -1)"
    echo
    "$build/benchmarks/orlib_cflp" "$@"
} | tee "$results/orlib_cflp-$stamp.md"
echo "results: $results/orlib_cflp-$stamp.md and .tsv" >&2
