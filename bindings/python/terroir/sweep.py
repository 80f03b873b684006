"""terroir.sweep(): solve many scenarios on a Dask cluster and collect their
KPIs in one DataFrame.

Each scenario is loaded and solved inside a worker, which sends back a
plain dictionary of figures: no cffi object ever crosses a process.  The
figures are those of terroir.compare (the rows of `terroir compare`), so a
sweep and a comparison of the same scenarios agree; with the same solve
options (seed, route_iterations, no time limit) a scenario gives the same
figures on a worker as in this process (run_scenario).

Without a client, a LocalCluster of `n_workers` processes is started for
the call and closed after it.  To use a cluster of several machines, pass a
dask.distributed Client connected to its scheduler: see
bindings/python/README.md, "Sweeps on a cluster".
"""
import os
import time

from .compare import _ROWS, _label

__all__ = ["sweep", "run_scenario", "KPI_COLUMNS"]

#: The columns of a sweep's DataFrame, in order: the scenario's label, then
#: the figures of terroir.compare, then the time of the solve in its worker
#: and the error that stopped it (None when it ran).
KPI_COLUMNS = ["scenario"] + [name for name, _ in _ROWS] + ["solve seconds", "error"]


def _portable(scenario):
    """What is sent to a worker: a path made absolute (workers need not
    share our working directory, only the file system), a dict as is, and a
    Model as its schema dictionary (a cffi object cannot be pickled)."""
    from .model import Model
    if isinstance(scenario, Model):
        return scenario.to_dict()
    if isinstance(scenario, (str, bytes, os.PathLike)):
        return os.path.abspath(os.fsdecode(scenario))
    if isinstance(scenario, dict):
        return scenario
    raise TypeError("a scenario is a path, a dict or a terroir.Model, not %s"
                    % type(scenario).__name__)


def run_scenario(scenario, label=None, **solve_options):
    """Load and solve one scenario (a path to a YAML model, an overlay or a
    folder of CSV tables, a schema dict, or a Model) in this process and
    return its row of the sweep as a dict of plain values.  A scenario that
    cannot be loaded or solved gives status "error" and the message in
    "error"; it does not raise."""
    from .errors import TerroirError
    from .solve import as_model, solve
    row = dict.fromkeys(KPI_COLUMNS)
    row["scenario"] = label
    start = time.perf_counter()
    try:
        model = as_model(scenario, solve_options.pop("base_dir", None))
        if label is None:
            row["scenario"] = _label(scenario, model, 0)
        plan = solve(model, **solve_options)
    except (TerroirError, OSError, ValueError, TypeError) as e:
        if row["scenario"] is None:
            row["scenario"] = _label(scenario, None, 0) if isinstance(
                scenario, (str, bytes, os.PathLike)) else "scenario"
        row["status"] = "error"
        row["error"] = str(e)
        return row
    for name, read in _ROWS:
        value = read(plan)
        row[name] = value.item() if hasattr(value, "item") else value
    row["solve seconds"] = time.perf_counter() - start
    return row


def _labels(scenarios, labels):
    if labels is not None:
        if len(labels) != len(scenarios):
            raise ValueError("%d labels for %d scenarios" % (len(labels), len(scenarios)))
        return list(labels)
    out = []
    for i, s in enumerate(scenarios):
        if isinstance(s, (str, bytes, os.PathLike)):
            out.append(_label(s, None, i))
        elif isinstance(s, dict):
            out.append(s.get("name") or "scenario %d" % (i + 1))
        else:
            out.append(s.name or "scenario %d" % (i + 1))
    # A label given twice gets the scenario's number, as `terroir compare` does.
    seen = set()
    for i, label in enumerate(out):
        if label in seen:
            out[i] = "%s (%d)" % (label, i + 1)
        seen.add(out[i])
    return out


def sweep(scenarios, client=None, *, labels=None, n_workers=2, threads_per_worker=1,
          **solve_options):
    """Solve every scenario on a Dask cluster and return a pandas DataFrame
    with one row per scenario, in the order given (columns: KPI_COLUMNS).

    scenarios: paths (YAML models, overlays, CSV folders), schema dicts or
    Models.  client: a dask.distributed.Client; None starts a LocalCluster
    of `n_workers` processes (`threads_per_worker` threads each) for this
    call.  labels: the "scenario" column (default: file stems and model
    names).  solve_options: those of terroir.solve, the same for every
    scenario; give `seed` and `route_iterations` (and no time limit) for
    figures that do not depend on the machine or its load.  base_dir: the
    folder overlays may read (default: each worker's current directory;
    dict scenarios follow no `base` without it)."""
    from .frames import _pandas
    pd = _pandas()
    scenarios = list(scenarios)
    payloads = [_portable(s) for s in scenarios]
    if solve_options.get("base_dir") is not None:
        # Opened by the workers, like the scenarios' paths.
        solve_options["base_dir"] = os.path.abspath(solve_options["base_dir"])
    names = _labels(scenarios, labels)
    own = None
    if client is None:
        from dask.distributed import Client, LocalCluster
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker,
                               processes=True, dashboard_address=None)
        own = client = Client(cluster)
    try:
        futures = [client.submit(run_scenario, payload, name, pure=False, **solve_options)
                   for payload, name in zip(payloads, names)]
        rows = client.gather(futures)
    finally:
        if own is not None:
            cluster = own.cluster
            own.close()
            cluster.close()
    return pd.DataFrame(rows, columns=KPI_COLUMNS)
