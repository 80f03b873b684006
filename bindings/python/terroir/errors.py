"""Exceptions mapped from the library's error codes (include/terroir/common.h).

Every failing call of the C library returns a negative TERROIR_E* code and
leaves the details in the calling thread's last error; `check()` turns that
into the matching exception class below.  All of them derive from
TerroirError, and also from the closest built-in exception, so that
``except ValueError`` or ``except OSError`` work as Python users expect.

Problems found in input data (InputError) carry the file, line, column and
field of the first problem, and the whole list in `problems`.
"""
from dataclasses import dataclass, replace
from typing import Optional

from ._ffi import ffi, lib, text

__all__ = [
    "Problem", "TerroirError", "InvalidArgumentError", "OutOfMemoryError", "FileError",
    "InputError", "NotFoundError", "SolverError", "CanceledError", "InternalError",
    "error_class", "check", "problems_from", "without_positions",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in input data: where (file, 1-based line and
    column, 0 when unknown; the field path, e.g.
    "producers[3].supply.lettuce") and what."""
    code: int
    message: str
    file: Optional[str] = None
    line: int = 0
    column: int = 0
    field: Optional[str] = None

    def __str__(self):
        where = self.file or "<input>"
        if self.line:
            where += ":%d:%d" % (self.line, self.column)
        field = " [%s]" % self.field if self.field else ""
        return "%s: error: %s%s" % (where, self.message, field)


class TerroirError(Exception):
    """A call into the terroir library failed.  `code` is the TERROIR_E*
    value, `message` the library's message; file, line, column and field
    say where, for errors about input data (None or 0 otherwise)."""

    def __init__(self, message, code=None, file=None, line=0, column=0, field=None,
                 problems=()):
        super().__init__(message)
        self.message = message
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.problems = list(problems)

    def __str__(self):
        if self.file or self.line:
            first = str(Problem(self.code or 0, self.message, self.file, self.line,
                                self.column, self.field))
        else:
            first = self.message + (" [%s]" % self.field if self.field else "")
        more = len(self.problems) - 1
        if more > 0:
            first += " (and %d more problem%s)" % (more, "s" if more > 1 else "")
        return first


class InvalidArgumentError(TerroirError, ValueError):
    """TERROIR_EINVAL: an invalid argument or a misuse of the API."""


class OutOfMemoryError(TerroirError, MemoryError):
    """TERROIR_ENOMEM."""


class FileError(TerroirError, OSError):
    """TERROIR_EIO: a file could not be opened, read or written."""

    def __str__(self):
        return TerroirError.__str__(self)


class InputError(TerroirError, ValueError):
    """TERROIR_EINPUT: bad input data (syntax, schema or validation).
    `problems` lists every problem found (Problem objects)."""


class NotFoundError(TerroirError, LookupError):
    """TERROIR_ENOTFOUND: no object with that id or index."""


class SolverError(TerroirError):
    """TERROIR_ESOLVER: the LP/MIP solver failed (an infeasible model is a
    plan status, not this error)."""


class CanceledError(TerroirError):
    """TERROIR_ECANCELED: a callback asked to stop."""


class InternalError(TerroirError):
    """TERROIR_EINTERNAL: a bug in terroir (please report it)."""


_CLASSES = {
    lib.TERROIR_EINVAL: InvalidArgumentError,
    lib.TERROIR_ENOMEM: OutOfMemoryError,
    lib.TERROIR_EIO: FileError,
    lib.TERROIR_EINPUT: InputError,
    lib.TERROIR_ENOTFOUND: NotFoundError,
    lib.TERROIR_ESOLVER: SolverError,
    lib.TERROIR_ECANCELED: CanceledError,
    lib.TERROIR_EINTERNAL: InternalError,
}


def error_class(code):
    """The exception class of a TERROIR_E* code (TerroirError for codes this
    version does not know: the library may add codes)."""
    return _CLASSES.get(code, TerroirError)


def _problem(err):
    return Problem(code=err.code, message=text(err.message) or "", file=text(err.file),
                   line=int(err.line), column=int(err.column), field=text(err.field))


def problems_from(diags):
    """The problems of a terroir_diagnostics list (NULL: none), copied."""
    return [_problem(lib.terroir_diagnostics_get(diags, i))
            for i in range(lib.terroir_diagnostics_count(diags))]


def check(rc, diags=ffi.NULL):
    """Raise the exception for return code `rc` when it is negative, from the
    calling thread's last error (read at once: the next call replaces it).
    `diags`, when given, supplies the full list of problems."""
    if rc >= 0:
        return rc
    err = lib.terroir_error_last()
    if err == ffi.NULL:
        first = Problem(rc, text(lib.terroir_strerror(rc)) or "error")
    else:
        first = _problem(err)
    problems = problems_from(diags) if diags != ffi.NULL else []
    if not problems and first.file:
        problems = [first]
    raise error_class(rc)(first.message, code=rc, file=first.file, line=first.line,
                          column=first.column, field=first.field, problems=problems)


def without_positions(error):
    """The same error with no line and column: for input that was not text
    the user wrote (a dictionary sent to the loader as JSON), where the
    field path says where the problem is and a column would mislead."""
    problems = [replace(p, line=0, column=0) for p in error.problems]
    return type(error)(error.message, code=error.code, file=error.file, field=error.field,
                       problems=problems)
