"""Progress callbacks: they see the stages, can stop a solve, and an
exception they raise (KeyboardInterrupt too) stops the solve and comes out
of terroir.solve() once the library has cleaned up."""
import _thread
import threading

import pytest

import terroir

# Long enough that a solve which ignored a stop request would be noticed.
LONG = {"seed": 1, "route_seconds": 60}


class Stop(Exception):
    pass


def test_progress_reports_every_stage(small, deterministic):
    seen = []
    terroir.solve(small, progress=seen.append, **deterministic)
    assert {p.stage for p in seen} >= {"design", "allocate", "route"}
    assert all(isinstance(p, terroir.Progress) for p in seen)
    assert all(p.elapsed_seconds >= 0 for p in seen)
    assert [p.elapsed_seconds for p in seen] == sorted(p.elapsed_seconds for p in seen)


def test_returning_true_stops_the_solve(default_dataset):
    calls = []

    def progress(p):
        calls.append(p.stage)
        return p.stage == "route"

    plan = terroir.solve(default_dataset, progress=progress, **LONG)
    # The plan found until the stop, whole: hubs, flows and routes.
    assert plan.status == "interrupted"
    assert plan.flows and plan.routes
    # Asked to stop at the first report of the routing stage.  The stage
    # then winds down (a few more reports while each hub's search ends);
    # had it ignored the request, it would report about every 0.2 s for a
    # minute, some 300 times.
    assert 1 <= calls.count("route") < 50


def test_other_return_values_do_not_stop(small, deterministic):
    plan = terroir.solve(small, progress=lambda p: 1, **deterministic)
    assert plan.kpis.routes > 0


def test_exception_in_callback_stops_and_is_raised(default_dataset):
    def progress(p):
        if p.stage == "route":
            raise Stop("enough")

    with pytest.raises(Stop, match="enough") as e:
        terroir.solve(default_dataset, progress=progress, **LONG)
    assert "progress" in raised_in(e.value)


def raised_in(error):
    """Names of the functions the exception went through."""
    names = []
    tb = error.__traceback__
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return names


def test_a_callback_that_failed_asks_the_library_to_stop():
    from terroir.solve import _Callbacks

    def progress(p):
        raise Stop()

    callbacks = _Callbacks(progress, None)
    report = terroir._ffi.ffi.new("terroir_progress *")
    assert callbacks.on_progress(report) == 1  # stop, and remember why
    assert callbacks.on_progress(report) == 1  # and keep asking
    with pytest.raises(Stop):
        callbacks.reraise()


def test_keyboard_interrupt_in_callback(small, deterministic):
    def progress(p):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        terroir.solve(small, progress=progress, **deterministic)
    # The library is in a clean state: the same model solves again.
    assert terroir.solve(small, **deterministic).kpis.routes > 0


def test_ctrl_c_stops_a_long_solve_without_a_callback(default_dataset):
    # SIGINT arrives in the main thread while the C solve runs; the solve's
    # own progress callback lets Python raise KeyboardInterrupt.
    model = terroir.Model.load(default_dataset)
    timer = threading.Timer(1.0, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt) as e:
            terroir.solve(model, **LONG)
    finally:
        timer.cancel()
    # Raised while the library was solving (in its progress callback), not
    # once the minute of routing was over.
    assert {"terroir_python_progress", "on_progress"} & set(raised_in(e.value))


def test_exception_in_log_callback_is_raised(small):
    def log(line):
        raise Stop(line)

    lines = []
    terroir.solve(small, stages=["design", "allocate"], log=lines.append)
    if not lines:
        pytest.skip("this solve writes no log line")
    with pytest.raises(Stop):
        terroir.solve(small, stages=["design", "allocate"], log=log)
