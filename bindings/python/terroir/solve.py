"""terroir.solve(): run the pipeline on a model (include/terroir/solve.h).

The C solve runs without the GIL (cffi releases it around every call), so
solves in several threads run at once; a validated model is shared safely.

Callbacks.  The library calls two Python functions, declared in
cdef/solve.cdef: terroir_python_progress (at least once per stage and about
every 0.2 s of search) and terroir_python_log (solver log lines).  Both
find their solve's _Callbacks object through the user_data handle.  A
progress callback stops the solve by returning True; the plan is then the
best found until the stop, complete (status "interrupted").  An exception
raised by either callback stops the solve too and is raised again by
solve() once the C solve has returned, its plan freed.  Because the
progress callback runs Python code regularly, Ctrl-C (KeyboardInterrupt)
reaches a long solve within a fraction of a second: solve() always installs
it, even without a user callback.
"""
import os
import threading

from ._ffi import cpath, ffi, language as _language, lib, number_or_none, set_given, text
from .errors import check
from .model import Model
from .names import STAGES, bits_of
from .plan import Plan
from .records import Progress

__all__ = ["solve", "as_model"]

# The callbacks of the solves running on each thread (innermost last), for
# an exception that escapes before a callback could find its own object.
_running = threading.local()


class _Callbacks:
    """The Python side of one solve's callbacks, and the first exception
    they raised."""

    def __init__(self, progress, log):
        self.progress = progress
        self.log = log
        self.error = None

    def fail(self, error):
        if self.error is None:
            self.error = error

    def on_progress(self, p):
        if self.error is not None:
            return 1
        if self.progress is None:
            return 0
        try:
            report = Progress(stage=STAGES[p.stage], elapsed_seconds=p.elapsed_seconds,
                              incumbent=number_or_none(p.incumbent),
                              bound=number_or_none(p.bound))
            return 1 if self.progress(report) is True else 0
        except BaseException as e:  # KeyboardInterrupt too: re-raised after the solve
            self.fail(e)
            return 1

    def on_log(self, line):
        if self.error is not None or self.log is None:
            return
        try:
            self.log(text(line))
        except BaseException as e:
            self.fail(e)

    def __enter__(self):
        stack = getattr(_running, "stack", None)
        if stack is None:
            stack = _running.stack = []
        stack.append(self)
        return self

    def __exit__(self, *exc):
        _running.stack.pop()
        return False

    def reraise(self):
        """Raise the exception a callback raised, if any."""
        error, self.error = self.error, None
        if error is not None:
            raise error


def _escaped(exc_type, exc, tb):
    """An exception that escaped a callback (e.g. KeyboardInterrupt before
    its try block): record it for the solve running on this thread."""
    stack = getattr(_running, "stack", None)
    if stack:
        error = exc if exc is not None else exc_type()
        stack[-1].fail(error.with_traceback(tb))
    return None  # the default result (error=...) of the callback


@ffi.def_extern(error=1, onerror=_escaped)
def terroir_python_progress(progress, data):
    return ffi.from_handle(data).on_progress(progress)


@ffi.def_extern(onerror=_escaped)
def terroir_python_log(line, data):
    ffi.from_handle(data).on_log(line)


def as_model(model, base_dir=None):
    """A validated Model from a Model, a path to a YAML file (or an overlay)
    or to a folder of spreadsheet tables, or a schema dictionary.
    base_dir: the folder whose files overlays may use as their base (for a
    file, default the current directory; a dictionary follows no `base`
    without it: see Model.from_dict)."""
    if isinstance(model, Model):
        return model.validate()
    if isinstance(model, dict):
        return Model.from_dict(model, base_dir=base_dir)
    if isinstance(model, (str, bytes, os.PathLike)):
        if os.path.isdir(model):
            return Model.load_csv(model)
        return Model.load(model, base_dir=base_dir)
    raise TypeError("expected a terroir.Model, a path or a dict, not %s"
                    % type(model).__name__)


def _flag(value):
    return None if value is None else (1 if value else 0)


def solve(model, *, time_limit=None, mip_gap=None, seed=None, stages=None,
          route_iterations=None, route_seconds=None, route_feedback=None, route_polish=None,
          progress=None, log=None, write_lp=None, language=None, base_dir=None, stall=None):
    """Solve a model (a Model, a YAML path or a dictionary) and return its
    Plan.  Options are those of terroir_solve_options; None keeps the
    library's default:

    time_limit        seconds for the whole solve (default: none; then each
                      search stops when it stops improving, by a rule scaled
                      with the model's size: include/terroir/solve.h)
    stall             stop each search after this many seconds without a
                      better plan, even with time left (default: none)
    mip_gap           relative gap at which the design MIP stops (1e-6)
    seed              seed of the randomised heuristics (1)
    stages            names of the stages to run ("design", "allocate",
                      "route", "evaluate"; default all the model calls for)
    route_iterations  routing iterations without improvement; with no time
                      limit the routes are then the same on every run
    route_seconds     time for the routing search (default: the time left
                      of time_limit; without any limit, the automatic rule)
    route_feedback    re-solve the allocation with costs calibrated on routes
    route_polish      set-partitioning polish of the routes (default True)
    progress          callable(Progress); returning True stops the solve
                      within about a second, with the best plan found so far
                      (complete; status "interrupted")
    log               callable(str) receiving the solvers' log lines
    write_lp          path where the design (or allocation) LP is written
    language          "en" (default) or "fr": the language of the errors
    base_dir          when `model` is a path or a dict: the folder whose
                      files an overlay's `base` may name (a path: default
                      the current directory; a dict: no `base` is followed
                      without it)

    Errors raise TerroirError subclasses; an exception raised by a callback
    (KeyboardInterrupt included) stops the solve and is raised here.
    """
    model = as_model(model, base_dir)
    opts = ffi.new("terroir_solve_options *")
    check(lib.terroir_solve_options_init(opts, lib.TERROIR_SOLVE_OPTIONS_VERSION))
    set_given(opts, time_limit_seconds=time_limit, mip_gap=mip_gap, seed=seed,
              route_iterations=route_iterations, route_seconds=route_seconds,
              route_feedback=_flag(route_feedback), route_polish=_flag(route_polish),
              language=_language(language), stall_seconds=stall)
    if stages is not None:
        opts.stages = bits_of(STAGES, stages, "stage")
    lp_path = cpath(write_lp) if write_lp is not None else ffi.NULL
    opts.write_lp_path = lp_path
    callbacks = _Callbacks(progress, log)
    handle = ffi.new_handle(callbacks)  # alive until the solve returns
    opts.progress = lib.terroir_python_progress
    opts.progress_data = handle
    if log is not None:
        opts.log = lib.terroir_python_log
        opts.log_data = handle
    out = ffi.new("terroir_plan **")
    with callbacks:
        rc = lib.terroir_solve(out, model._ptr, opts)
    if callbacks.error is not None:
        if rc == 0:
            lib.terroir_plan_free(out[0])
        callbacks.reraise()
    check(rc)
    return Plan._wrap(out[0], model)
