#!/bin/sh
# Public-header test (libgit2's rule): every header under include/terroir/
# compiles on its own, as the first and only include of a translation unit,
# as strict C99 with every warning an error; so does the umbrella header
# terroir.h, which must also include every other public header.  A header
# that needs another header it does not include, uses C11 features, GNU
# extensions or `bool`, fails here.  The umbrella header must also compile
# as C++11 when a C++ compiler is installed.
#
# usage: check_headers.sh INCLUDE_DIR CC [CC ARGS...]
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 INCLUDE_DIR CC [CC ARGS...]" >&2
    exit 2
fi
incdir=$1
shift

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

failed=0
count=0
flags="-std=c99 -pedantic -Werror -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes
       -Wshadow -Wundef -Wconversion"


for h in "$incdir"/terroir/*.h; do
    name=$(basename "$h")
    src="$tmp/only_${name%.h}.c"
    # Include twice: the include guard must work too.
    printf '#include <terroir/%s>\n#include <terroir/%s>\nint terroir_header_test_%s;\n' \
        "$name" "$name" "$(echo "${name%.h}" | tr -c 'a-zA-Z0-9\n' '_')" >"$src"
    count=$((count + 1))
    # shellcheck disable=SC2086
    if "$@" $flags -I"$incdir" -c "$src" -o "$tmp/out.o" 2>"$tmp/err"; then
        echo "ok   $name alone (-std=c99 -pedantic -Werror)"
    else
        echo "FAIL $name alone:"
        cat "$tmp/err"
        failed=$((failed + 1))
    fi
done

# The umbrella header includes every other public header.
umbrella="$incdir/terroir/terroir.h"
for h in "$incdir"/terroir/*.h; do
    name=$(basename "$h")
    [ "$name" = terroir.h ] && continue
    count=$((count + 1))
    if grep -q "^#include \"$name\"" "$umbrella" || grep -q "^#include <terroir/$name>" "$umbrella"; then
        echo "ok   terroir.h includes $name"
    else
        echo "FAIL terroir.h does not include $name"
        failed=$((failed + 1))
    fi
done

# Every header has an include guard named after it and a C++ guard when it
# declares functions.
for h in "$incdir"/terroir/*.h; do
    name=$(basename "$h")
    guard="TERROIR_$(echo "${name%.h}" | tr 'a-z' 'A-Z')_H"
    count=$((count + 1))
    if grep -q "^#ifndef $guard\$" "$h" && grep -q "^#define $guard\$" "$h"; then
        echo "ok   $name has include guard $guard"
    else
        echo "FAIL $name lacks include guard $guard"
        failed=$((failed + 1))
    fi
    if grep -q '^TERROIR_API' "$h"; then
        count=$((count + 1))
        if grep -q 'extern "C"' "$h"; then
            echo "ok   $name has an extern \"C\" block"
        else
            echo "FAIL $name declares functions without extern \"C\""
            failed=$((failed + 1))
        fi
    fi
done

# C++ users include the same headers (extern "C", no C-only constructs).
cxx=$(command -v c++ || command -v g++ || command -v clang++ || true)
if [ -n "$cxx" ]; then
    printf '#include <terroir/terroir.h>\nint main() { return terroir_version() == 0; }\n' \
        >"$tmp/cxx.cpp"
    count=$((count + 1))
    if "$cxx" -std=c++11 -pedantic -Werror -Wall -Wextra -I"$incdir" -c "$tmp/cxx.cpp" \
            -o "$tmp/cxx.o" 2>"$tmp/err"; then
        echo "ok   terroir.h compiles as C++11 ($cxx)"
    else
        echo "FAIL terroir.h as C++11:"
        cat "$tmp/err"
        failed=$((failed + 1))
    fi
fi

echo "$count checks, $failed failed"
[ "$failed" -eq 0 ]
