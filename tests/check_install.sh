#!/bin/sh
# Install test: install the build into a temporary DESTDIR, then build a tiny
# program *outside the tree* exactly as a user would — `pkg-config --cflags
# --libs terroir`, strict C99 — run it against the installed shared library
# and check what it prints.  Catches missing installed headers, a broken .pc
# file, headers that only compile inside the tree, and symbols that the
# installed library does not export.
#
# usage: check_install.sh BUILD_DIR VERSION EXTRA_CFLAGS CC [CC ARGS...]
#   EXTRA_CFLAGS: e.g. -fsanitize=address,undefined for sanitized builds ('' otherwise)
set -eu

if [ $# -lt 4 ]; then
    echo "usage: $0 BUILD_DIR VERSION EXTRA_CFLAGS CC [CC ARGS...]" >&2
    exit 2
fi
build=$1
version=$2
extra=$3
shift 3

if ! command -v pkg-config >/dev/null 2>&1; then
    echo "pkg-config not found: skipping"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
dest="$tmp/root"

meson install -C "$build" --no-rebuild --destdir "$dest" >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log"
    echo "FAIL meson install"
    exit 1
}

pc=$(find "$dest" -name terroir.pc | head -n 1)
if [ -z "$pc" ]; then
    echo "FAIL no terroir.pc installed"
    exit 1
fi
echo "ok   installed $(echo "$pc" | sed "s|^$dest||")"

# The .pc file names the real prefix; the sysroot maps it into DESTDIR.
PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR=$dest
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
cflags=$(pkg-config --cflags terroir)
libs=$(pkg-config --libs terroir)
pcversion=$(pkg-config --modversion terroir)
if [ "$pcversion" != "$version" ]; then
    echo "FAIL pkg-config --modversion gives '$pcversion', expected '$version'"
    exit 1
fi
echo "ok   pkg-config terroir: $cflags $libs"

cat >"$tmp/hello.c" <<'EOF'
/* A user's first program: build a tiny network, validate it, ask a distance. */
#include <stdio.h>
#include <string.h>

#include <terroir/terroir.h>

int main(void)
{
    terroir_model *m = NULL;
    terroir_product_spec product = TERROIR_PRODUCT_SPEC_INIT;
    terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
    terroir_point_spec point = TERROIR_POINT_SPEC_INIT;
    size_t p = 0, q = 0;
    double km = 0.0;
    int rc;

    if (strcmp(terroir_version(), TERROIR_VERSION_STRING) != 0)
        return 3;
    if (terroir_model_new(&m) != 0)
        return 4;
    product.id = "apples";
    hub.id = "montreal";
    hub.location.has_location = 1;
    hub.location.lat = 45.5017;
    hub.location.lon = -73.5673;
    point.id = "quebec";
    point.location.has_location = 1;
    point.location.lat = 46.8139;
    point.location.lon = -71.2080;
    rc = terroir_model_add_product(m, &product, &p);
    if (rc == 0)
        rc = terroir_model_add_hub(m, &hub, NULL);
    if (rc == 0)
        rc = terroir_model_add_point(m, &point, &q);
    if (rc == 0)
        rc = terroir_model_add_demand(m, q, p, 100.0);
    if (rc == 0)
        rc = terroir_model_validate(m, NULL);
    if (rc == 0)
        rc = terroir_model_distance(m, 0, 1, &km, NULL);
    if (rc != 0) {
        const terroir_error *e = terroir_error_last();
        printf("error: %s\n", e ? e->message : terroir_strerror(rc));
        terroir_model_free(m);
        return 1;
    }
    printf("terroir %s: %lu sites, %.0f road km\n", terroir_version(),
           (unsigned long)terroir_model_site_count(m), km);
    /* An error path through the installed library. */
    rc = terroir_model_add_product(m, &product, NULL);
    printf("after validate: %s\n", terroir_strerror(rc));
    terroir_model_free(m);
    return 0;
}
EOF

# shellcheck disable=SC2086
if ! "$@" -std=c99 -pedantic -Werror -Wall -Wextra $extra $cflags -o "$tmp/hello" \
        "$tmp/hello.c" $libs 2>"$tmp/cc.log"; then
    cat "$tmp/cc.log"
    echo "FAIL compiling and linking against the installed library"
    exit 1
fi
echo "ok   compiled hello.c with -std=c99 -pedantic -Werror against the installed library"

# Make sure the program would pick the installed library, not the build tree.
libdir=$(dirname "$(find "$dest" -name 'libterroir.so.*' | head -n 1)")
rc=0
out=$(LD_LIBRARY_PATH="$libdir" "$tmp/hello") || rc=$?
if [ "$rc" -ne 0 ]; then
    echo "$out"
    echo "FAIL hello exited with $rc"
    exit 1
fi
# 233 km great circle x 1.3 road factor = 303 km.
expected="terroir $version: 2 sites, 303 road km
after validate: invalid argument"
if [ "$out" != "$expected" ]; then
    echo "FAIL unexpected output:"
    echo "$out"
    echo "expected:"
    echo "$expected"
    exit 1
fi
if command -v ldd >/dev/null 2>&1; then
    resolved=$(LD_LIBRARY_PATH="$libdir" ldd "$tmp/hello" | grep libterroir || true)
    case "$resolved" in
    *"$dest"*) echo "ok   hello uses $(echo "$resolved" | sed 's/^[[:space:]]*//')" ;;
    *) echo "FAIL hello does not use the installed library: $resolved"; exit 1 ;;
    esac
fi
echo "ok   hello printed: $(echo "$out" | head -n 1)"
