#!/bin/sh
# CLRP benchmark: Prodhon (30), Barreto (13) and Tuzun-Burke (36) instances,
# one process per instance, N at a time; each set writes
# benchmarks/results/lrp-<set>-<date>.md (table, summary, findings) and .tsv.
#
# Usage: benchmarks/lrp/run.sh [--time-limit S] [--jobs N] [--via-yaml]
#                              [--only GLOB] [SET...]
#   SET           prodhon | barreto | tuzun (default: all three)
#   --time-limit  seconds per instance (default 60); seed 1, single thread
#   --jobs        instances solved at the same time (default 1)
#   --via-yaml    instead of the importer: dat2yaml.py -> `terroir solve
#                 FILE.yaml --time-limit S --seed 1 -o plan.json` ->
#                 plan_routes.py -> the same checker (lrp_bench --routes)
#   --only GLOB   instances whose name matches GLOB (e.g. 'coord20-*')
#   BUILD_DIR     meson build directory (default: build)
#   DATA_DIR      instance root with prodhon/ barreto/ tuzun/
#                 (default: ../shared/benchmarks/lrp)
# Example (smoke test): benchmarks/lrp/run.sh --time-limit 2 --only 'coord20-5-1*' prodhon
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build="$root/$build" ;; esac
data=${DATA_DIR:-$root/../shared/benchmarks/lrp}
python=/usr/bin/python3

# ---- one instance (called by xargs below): WORK SET TIME VIA FILE
if [ "${1:-}" = "--one" ]; then
    work=$2 set=$3 limit=$4 via=$5 file=$6
    name=$(basename "$file" .dat)
    if [ "$via" = 0 ]; then
        "$build/benchmarks/lrp_bench" --time-limit "$limit" --seed 1 --set "$set" "$file" \
            >"$work/$name.row" 2>"$work/$name.log" || true
    else
        yaml="$work/$name.yaml" plan="$work/$name.plan.json" routes="$work/$name.routes"
        if ! "$python" "$here/dat2yaml.py" "$file" -o "$yaml" 2>>"$work/$name.log"; then
            echo "$name: error: dat2yaml.py failed" >>"$work/$name.log"
            exit 0
        fi
        start=$(date +%s.%N)
        if ! "$build/cli/terroir" solve "$yaml" --time-limit "$limit" --seed 1 -o "$plan" \
            >/dev/null 2>>"$work/$name.log"; then
            echo "$name: error: terroir solve failed" >>"$work/$name.log"
            exit 0
        fi
        end=$(date +%s.%N)
        seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        "$python" "$here/plan_routes.py" "$plan" -o "$routes" 2>>"$work/$name.log" &&
            "$build/benchmarks/lrp_bench" --routes "$routes" --seconds "$seconds" \
                --set "$set" "$file" >"$work/$name.row" 2>>"$work/$name.log" || true
    fi
    exit 0
fi

limit=60 jobs=1 via=0 only='*'
while [ $# -gt 0 ]; do
    case $1 in
    --time-limit) limit=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --via-yaml) via=1; shift ;;
    --only) only=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
    *) break ;;
    esac
done
sets=${*:-prodhon barreto tuzun}

ninja -C "$build" -j1 benchmarks/lrp_bench cli/terroir >/dev/null
results="$root/benchmarks/results"
mkdir -p "$results"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    commit="$commit + uncommitted changes"
fi
path_name=$([ "$via" = 1 ] && echo "dat2yaml.py + terroir solve (CLI)" ||
    echo "importer + terroir_solve() (public API)")
status=0
for set in $sets; do
    dir="$data/$set"
    if [ ! -d "$dir" ]; then
        echo "run.sh: no folder $dir (sets: prodhon, barreto, tuzun)" >&2
        exit 2
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/lrp-$set.XXXXXX")
    stamp=$(date +%Y%m%d-%H%M%S)
    names=""
    for file in "$dir"/*.dat; do
        name=$(basename "$file" .dat)
        # shellcheck disable=SC2254
        case $name in $only) names="$names $name" ;; esac
    done
    if [ -z "$names" ]; then
        echo "run.sh: no instance of $set matches '$only'" >&2
        rm -rf "$work"
        continue
    fi
    load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
    for name in $names; do echo "$dir/$name.dat"; done |
        xargs -P "$jobs" -I{} sh "$0" --one "$work" "$set" "$limit" "$via" {}
    title="# CLRP benchmark: $set, $(date -u +%Y-%m-%dT%H:%M:%SZ)

host: $(uname -srm), $(nproc) cores, $jobs instance(s) at a time (each single-threaded);
terroir $commit; time limit $limit s per instance, seed 1; path: $path_name.
Load average at start: $load_start; at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null ||
    echo unknown) (the machine may be shared: a load above the cores means less than a core each)."
    out="$results/lrp-$set-$stamp"
    # shellcheck disable=SC2086
    "$python" "$here/report.py" --set "$set" --prefix "$out" --title "$title" \
        --work "$work" $names || status=1
    if grep -q . "$work"/*.log 2>/dev/null; then
        echo "findings ($set):" >&2
        cat "$work"/*.log >&2
    fi
    echo "results: $out.md and .tsv" >&2
    rm -rf "$work"
done
exit $status
