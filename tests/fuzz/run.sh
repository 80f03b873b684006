#!/bin/sh
# One bounded libFuzzer run of one target, on a scratch copy of its seed
# corpus (the committed corpus is never modified).  Fails on any crash, leak,
# timeout, out-of-memory or sanitizer report; the reproducer is then copied
# to BUILD/fuzz-artifacts/ and printed.
#
# usage: tests/fuzz/run.sh TARGET SECONDS
#   TARGET   yaml | vrplib | solomon | orlib_cap | clrp | csv | cordeau | routes |
#            overlay | solve
#   SECONDS  total fuzzing time (-max_total_time)
# environment:
#   FUZZ_BUILD_DIR  build directory configured with -Dfuzz=true (default: build-fuzz)
#   FUZZ_JOBS       parallel fuzzing processes (default: 1)
#
# Build first:
#   CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
#   ninja -C build-fuzz
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 TARGET SECONDS" >&2
    exit 2
fi
target=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-build-fuzz}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
bin="$build/tests/fuzz/fuzz_$target"
seeds="$here/corpus/$target"
dict="$here/$target.dict"

if [ ! -x "$bin" ]; then
    echo "run.sh: $bin not found; build with -Dfuzz=true (see the top of this script)" >&2
    exit 2
fi
if [ ! -d "$seeds" ]; then
    echo "run.sh: no seed corpus $seeds" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/corpus" "$tmp/artifacts"
cp "$seeds"/* "$tmp/corpus/" 2>/dev/null || true

set -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$tmp/artifacts/"
[ -f "$dict" ] && set -- "$@" -dict="$dict"
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then
    set -- "$@" -jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"
fi

ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS

echo "fuzz_$target: ${seconds}s on $(ls "$tmp/corpus" | wc -l) seeds"
rc=0
(cd "$tmp" && "$bin" "$@" "$tmp/corpus") >"$tmp/log" 2>&1 || rc=$?

grep -E '^(stat::|#[0-9]+ +DONE)' "$tmp/log" || true
found=$(ls "$tmp/artifacts")
if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    tail -n 60 "$tmp/log"
    mkdir -p "$build/fuzz-artifacts"
    for f in "$tmp"/artifacts/*; do
        [ -e "$f" ] || continue
        cp "$f" "$build/fuzz-artifacts/"
        echo "reproducer: $build/fuzz-artifacts/$(basename "$f") ($(wc -c <"$f") bytes):"
        od -c "$f" | head -n 20
        echo "replay: $bin $build/fuzz-artifacts/$(basename "$f")"
    done
    echo "FAIL fuzz_$target (exit $rc)"
    exit 1
fi
echo "ok   fuzz_$target: $(ls "$tmp/corpus" | wc -l) inputs in corpus after the run"
