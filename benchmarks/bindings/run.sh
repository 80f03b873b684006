#!/bin/sh
# Bindings benchmark: the same work through the C API (bindings_bench.c) and
# through the Python bindings (bindings_bench.py): build a generated
# network of 5,000 sites call by call, solve it, read back every route and
# stop.  Prints both sides, the Python/C ratios of building and reading
# back, and writes the table to benchmarks/results/bindings-DATE.md.
#
# Usage: benchmarks/bindings/run.sh [--sites N] [--runs R] [--route-seconds S] [--seed S]
#   BUILD_DIR   meson build directory (default: build), with the bindings built
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build="$root/$build" ;; esac
results="$root/benchmarks/results"
mkdir -p "$results"
stamp=$(date +%Y%m%d-%H%M%S)
work=$(mktemp -d "${TMPDIR:-/tmp}/bindings.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

ninja -C "$build" -j1 >/dev/null
if [ ! -d "$build/bindings/python/terroir" ]; then
    echo "bindings benchmark: $build has no Python bindings (meson option python)" >&2
    exit 1
fi
load_c=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
"$build/benchmarks/bindings_bench" "$@" >"$work/c.txt"
load_py=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
PYTHONPATH="$build/bindings/python" /usr/bin/python3 "$here/bindings_bench.py" "$@" >"$work/py.txt"

get() { awk -v k="$2" '$1 == k { print $2 }' "$work/$1.txt"; }
for key in sites model_checksum; do
    if [ "$(get c "$key")" != "$(get py "$key")" ]; then
        echo "bindings benchmark: C and Python built different models ($key:" \
             "$(get c "$key") vs $(get py "$key"))" >&2
        exit 1
    fi
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.2f", 1e6 * t / n }'; }
sites=$(get c sites)
{
    echo "# Python bindings: per-call overhead, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "host: $(uname -srm), $(nproc) cores; build: $build; load average before C: $load_c, before Python: $load_py"
    echo
    echo "Same generated network on both sides ($sites sites; model checksum $(get c model_checksum)),"
    echo "built through the builder API (new, add_*, validate) and read back route by route,"
    echo "stop by stop.  Medians of the runs; the solve (the same C code) runs once per side."
    echo
    echo "| step | C (s) | Python (s) | Python / C |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| build $sites-site model | $(get c build_seconds) | $(get py build_seconds) | $(ratio "$(get py build_seconds)" "$(get c build_seconds)") |"
    echo "| read back routes and stops | $(get c readback_seconds) | $(get py readback_seconds) | $(ratio "$(get py readback_seconds)" "$(get c readback_seconds)") |"
    echo "| solve (not compared) | $(get c solve_seconds) | $(get py solve_seconds) | |"
    echo
    echo "| plan | C | Python |"
    echo "| --- | ---: | ---: |"
    echo "| routes | $(get c routes) | $(get py routes) |"
    echo "| stops | $(get c stops) | $(get py stops) |"
    echo "| read back, µs per stop | $(per "$(get c readback_seconds)" "$(get c stops)") | $(per "$(get py readback_seconds)" "$(get py stops)") |"
    echo "| build, µs per site | $(per "$(get c build_seconds)" "$sites") | $(per "$(get py build_seconds)" "$sites") |"
    echo "| objective | $(get c objective) | $(get py objective) |"
} | tee "$results/bindings-$stamp.md"
echo "results: $results/bindings-$stamp.md" >&2
