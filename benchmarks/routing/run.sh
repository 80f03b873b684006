#!/bin/sh
# Routing benchmarks: the acceptance runs of issue 4, one set at a time,
# single thread.  Each set writes benchmarks/results/routing-<set>-<date>.md
# (the table) and .tsv (full precision).
#
#   x        CVRPLIB X, the 30 smallest instances (n <= 270), 30 s each  (~15 min)
#   abp      Augerat A/B/P, 74 instances, 10 s each                       (~13 min)
#   solomon  Solomon VRPTW, 56 instances, 30 s each                       (~28 min)
#   cordeau  Cordeau MDVRP p01-p10, 30 s each                             (~5 min)
#   all      the four in that order                                       (~61 min)
#
# Usage: benchmarks/routing/run.sh SET [runner options...]
#   extra options go to the runner and override the defaults above, e.g.
#   benchmarks/routing/run.sh solomon --only 'R1*' --time 5
#   BUILD_DIR   meson build directory (default: build)
#   DATA_DIR    benchmark root (default: ../shared/benchmarks)
#   SEED        random seed (default: 1)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build="$root/$build" ;; esac
data=${DATA_DIR:-$root/../shared/benchmarks}
seed=${SEED:-1}
results="$root/benchmarks/results"
mkdir -p "$results"

if [ $# -lt 1 ]; then
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
which=$1
shift

ninja -C "$build" -j1 benchmarks/routing_bench >/dev/null
bin="$build/benchmarks/routing_bench"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    commit="$commit + uncommitted changes"
fi

# run_set NAME DEFAULT_OPTIONS... -- EXTRA_OPTIONS...
run_set() {
    name=$1
    shift
    stamp=$(date +%Y%m%d-%H%M%S)
    out="$results/routing-$name-$stamp"
    {
        echo "# Routing benchmark: $name, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo
        echo "host: $(uname -srm), $(nproc) cores (single-threaded run); terroir $commit;" \
            "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
        echo
        "$bin" --set "$name" --data "$data" --seed "$seed" --tsv "$out.tsv" "$@" || true
        echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" \
            "(the machine is shared: a load above 2 means the solver got less than a core)"
    } | tee "$out.md"
    echo "results: $out.md and .tsv" >&2
}

case $which in
x) run_set x --smallest 30 --time 30 "$@" ;;
abp) run_set abp --time 10 "$@" ;;
solomon) run_set solomon --time 30 "$@" ;;
cordeau) run_set cordeau --only 'p0[1-9],p10' --time 30 "$@" ;;
all)
    run_set x --smallest 30 --time 30 "$@"
    run_set abp --time 10 "$@"
    run_set solomon --time 30 "$@"
    run_set cordeau --only 'p0[1-9],p10' --time 30 "$@"
    ;;
*)
    echo "run.sh: unknown set '$which' (x, abp, solomon, cordeau or all)" >&2
    exit 2
    ;;
esac
