#!/bin/sh
# Regional benchmark: every regional dataset end to end (load, validate,
# terroir_solve with a time limit, the no-hub baseline), one table row per
# region, each region in its own process (peak memory is its own).  Writes
# benchmarks/results/regions-<date>.md (the table) and .tsv (full
# precision).  Exits non-zero when a region fails or goes over 120 s
# (load + solve) or 2 GiB.
#
# Usage: benchmarks/regions/run.sh [REGION...]
#   REGION   a YAML file, or a part of a file name in datasets/regions/
#            (e.g. 09 or cote-nord); default: every datasets/regions/*.yaml,
#            or datasets/quebec/monteregie.yaml when there is none
#   TIME            solve time limit per region in s (default 110)
#   SEED            random seed (default 1)
#   BASELINE_TIME   time limit of the baseline in s, all producers of a
#                   region together (default 60; it also stops at 300
#                   iterations without improvement per producer; 0: the
#                   iterations alone, deterministic but minutes on large regions)
#   BUILD_DIR       meson build directory (default: build)
# Example: TIME=30 BUILD_DIR=build-base benchmarks/regions/run.sh 09 11
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build="$root/$build" ;; esac
time_limit=${TIME:-110}
seed=${SEED:-1}
baseline_time=${BASELINE_TIME:-60}
results="$root/benchmarks/results"
mkdir -p "$results"

case ${1:-} in -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;; esac

# The files to run, in name order.
files=""
if [ $# -eq 0 ]; then
    for f in "$root"/datasets/regions/*.yaml; do
        [ -f "$f" ] && files="$files $f"
    done
    [ -n "$files" ] || files="$root/datasets/quebec/monteregie.yaml"
else
    for a in "$@"; do
        if [ -f "$a" ]; then
            files="$files $(cd "$(dirname "$a")" && pwd)/$(basename "$a")"
            continue
        fi
        found=""
        for f in "$root"/datasets/regions/*"$a"*.yaml; do
            [ -f "$f" ] && found="$found $f"
        done
        if [ -z "$found" ]; then
            echo "run.sh: no dataset matches '$a'" >&2
            exit 2
        fi
        files="$files$found"
    done
fi

ninja -C "$build" -j1 benchmarks/regions >/dev/null
bin="$build/benchmarks/regions"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    commit="$commit + uncommitted changes"
fi
stamp=$(date +%Y%m%d-%H%M%S)
out="$results/regions-$stamp"
status_file=$(mktemp "${TMPDIR:-/tmp}/regions-status.XXXXXX")
trap 'rm -f "$status_file"' EXIT INT TERM

{
    echo "# Regional benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "host: $(uname -srm), $(nproc) cores (single-threaded solves, one region at a time);" \
        "terroir $commit; load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    echo
    rc=0
    # shellcheck disable=SC2086 # the file list is split on purpose
    "$bin" --time "$time_limit" --seed "$seed" --baseline-time "$baseline_time" \
        --tsv "$out.tsv" $files || rc=$?
    echo "$rc" >"$status_file"
    echo
    echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" \
        "(the machine is shared: a load above 2 means a solve got less than a core)"
} | tee "$out.md"
echo "results: $out.md and .tsv" >&2
exit "$(cat "$status_file")"
