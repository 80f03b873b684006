#!/usr/bin/python3
"""Write the C source of the terroir cffi extension (API mode).

    build_ffi.py OUTPUT.c CDEF...

The declarations (bindings/python/cdef/*.cdef, one per public header) are
hand-written copies of include/terroir/*.h that cffi understands; the C
source generated here includes the real <terroir/terroir.h>, so compiling it
(meson's py.extension_module) checks every declaration against the headers.
The module is terroir._terroir_cffi, so it lives inside the package.
"""
import contextlib
import io
import sys

import cffi


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    output, cdefs = argv[1], argv[2:]
    ffi = cffi.FFI()
    for path in cdefs:
        with open(path, encoding="utf-8") as f:
            ffi.cdef(f.read())
    ffi.set_source("terroir._terroir_cffi", "#include <terroir/terroir.h>\n")
    # cffi announces the file it writes; keep the build quiet.
    with contextlib.redirect_stdout(io.StringIO()):
        ffi.emit_c_code(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
