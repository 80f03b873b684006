"""The compiled cffi module and the small conversions every module needs.

Strings cross the boundary as UTF-8: Python str in, Python str out.  Every
string the library returns is copied into a Python str at once, so no
Python object ever points into memory that the library owns.
"""
import os

from ._terroir_cffi import ffi, lib

__all__ = ["ffi", "lib", "text", "cstring", "cpath", "set_given", "number_or_none",
           "unlimited_or_none", "language"]

NULL = ffi.NULL


def text(ptr):
    """A copy of a C string as str; None for NULL."""
    if ptr == NULL:
        return None
    return ffi.string(ptr).decode("utf-8", "replace")


def cstring(value, what="string"):
    """A char[] holding `value` (str), or NULL for None.  The caller keeps
    the returned object alive while the library reads it."""
    if value is None:
        return NULL
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))
    data = value.encode("utf-8")
    if b"\0" in data:
        raise ValueError("%s contains a NUL character" % what)
    return ffi.new("char[]", data)


def cpath(path):
    """A char[] holding a file system path (str, bytes or os.PathLike)."""
    data = os.fsencode(path)
    if b"\0" in data:
        raise ValueError("path contains a NUL character")
    return ffi.new("char[]", data)


def set_given(struct, **fields):
    """Set the fields given (not None) of a C structure initialised to its
    defaults; the others keep the library's default."""
    for name, value in fields.items():
        if value is not None:
            setattr(struct, name, value)


def number_or_none(value):
    """NaN (the library's "not known") as None."""
    return None if value != value else value


def unlimited_or_none(value):
    """TERROIR_UNLIMITED as None."""
    return None if value == lib.TERROIR_UNLIMITED else value


def language(name):
    """The terroir_language of "en" or "fr" (or a locale name such as
    "fr_CA.UTF-8"); None keeps the library's default (English).  ValueError
    for any other name."""
    if name is None:
        return None
    out = ffi.new("terroir_language *")
    if lib.terroir_language_from_string(out, cstring(name, "language")) != 0:
        raise ValueError("unknown language %r (known: en, fr)" % (name,))
    return out[0]
