#!/bin/sh
# The ABI of libterroir against the baseline recorded for its version
# (abi/libterroir-VERSION.abi, written by abidw from Debian's abigail-tools):
# the public functions and every type they reach in include/terroir, with
# their layouts.  The baselines are committed, so the check needs no git tag.
#
#   abi/abi.sh check BUILD_DIR    compare BUILD_DIR's library with the
#                                 baseline of the project's version; fails on
#                                 any difference (a changed layout, a removed
#                                 or added function) and when the version has
#                                 no baseline
#   abi/abi.sh update BUILD_DIR   record the baseline of the project's
#                                 version (after a deliberate version bump)
#
# The rule it enforces: the ABI of a version never changes.  A change of the
# public ABI comes with a new version (meson.build `version` and
# `abi_version`, TERROIR_VERSION_* in include/terroir/common.h, a node of
# lib/terroir.map) and a new baseline, committed with it; the check then
# also prints what changed since the previous baseline.  While a version is
# being developed (before its tag), `update` records its ABI as it grows,
# committed with the change that grows it; once tagged, its baseline stays.
# Build with debug information (meson's default buildtype, debugoptimized,
# has it).
set -eu

if [ $# -ne 2 ] || { [ "$1" != check ] && [ "$1" != update ]; }; then
    echo "usage: $0 check|update BUILD_DIR" >&2
    exit 2
fi
action=$1
build=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
headers=$root/include/terroir
lib=$build/lib/libterroir.so

for tool in abidw abidiff; do
    if ! command -v "$tool" >/dev/null; then
        echo "abi.sh: $tool not found (Debian: apt-get install abigail-tools)" >&2
        exit 2
    fi
done
if [ ! -e "$lib" ]; then
    echo "abi.sh: $lib not found: build the library first (ninja -C $build)" >&2
    exit 2
fi
version=$(meson introspect --projectinfo "$build" |
    /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
baseline=$here/libterroir-$version.abi

if [ "$action" = update ]; then
    # Only what callers see: exported functions (no undefined or private
    # symbols) and the types reachable from them.  Locations stay: without
    # them abidiff cannot tell which types the public headers declare, and
    # filters every change out as private.
    abidw --headers-dir "$headers" --drop-private-types --drop-undefined-syms \
        --no-corpus-path --no-comp-dir-path --type-id-style hash \
        --out-file "$baseline" "$lib"
    echo "abi.sh: wrote $baseline ($(grep -c '<elf-symbol ' "$baseline") functions)"
    exit 0
fi

if [ ! -f "$baseline" ]; then
    echo "abi.sh: FAIL: no ABI baseline for version $version ($baseline)."
    echo "A version bump comes with the baseline of its ABI: abi/abi.sh update $build"
    exit 1
fi
# The previous baseline (highest version below this one), for the record.
previous=$(ls "$here"/libterroir-*.abi | sed 's/.*libterroir-\(.*\)\.abi$/\1/' |
    sort -V | awk -v v="$version" '$0 != v { p = $0 } $0 == v { print p; exit }')
if [ -n "$previous" ]; then
    echo "abi.sh: changes from $previous to $version (recorded baselines):"
    abidiff --stat "$here/libterroir-$previous.abi" "$baseline" || true
fi
rc=0
abidiff --headers-dir2 "$headers" "$baseline" "$lib" >"$build/abidiff.txt" 2>&1 ||
    rc=$?
if [ "$rc" -eq 0 ]; then
    echo "abi.sh: ok: the ABI of $lib is the baseline of $version" \
        "($(grep -c '<elf-symbol ' "$baseline") functions)"
    exit 0
fi
cat "$build/abidiff.txt"
echo "abi.sh: FAIL (abidiff exit $rc): the public ABI differs from the baseline of $version."
echo "Either undo the change, or bump the version (meson.build, include/terroir/common.h," \
    "lib/terroir.map) and record its baseline: abi/abi.sh update $build"
exit 1
