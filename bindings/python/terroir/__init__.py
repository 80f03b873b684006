"""terroir: logistics plans for local food networks run by cooperatives.

A thin Python layer over the C library libterroir (cffi): load or build a
model, solve it, read the plan.

    import terroir
    model = terroir.Model.load("datasets/quebec/monteregie.yaml")
    plan = terroir.solve(model, time_limit=30, seed=1)
    print(plan.status, plan.objective, plan.open_hubs)
    for route in plan.routes:
        print(route.vehicle_type, route.km, [stop.site for stop in route.stops])

Models: terroir.Model (model.py); solving: terroir.solve (solve.py); plans:
terroir.Plan and the records of terroir.records; scenarios side by side:
terroir.compare; cost sharing among members: terroir.share; many scenarios on a
Dask cluster: terroir.sweep; errors: the TerroirError classes of terroir.errors.
"""
from ._ffi import lib as _lib, text as _text
from .compare import Comparison, compare
from .errors import (CanceledError, FileError, InputError, InternalError,
                     InvalidArgumentError, NotFoundError, OutOfMemoryError, Problem,
                     SolverError, TerroirError)
from .model import Model
from .plan import Plan
from .records import (Baseline, Cost, Flow, KPIs, PlanHub, Progress, Route, SelfDelivery, Stop,
                      StopProduct, Unserved, UnservedStop)
from .share import Shares, share, share_game
from .solve import solve
from . import sweep as sweep_module
from .sweep import run_scenario, sweep

#: Version of the libterroir the package runs on, e.g. "0.2.0".
__version__ = _text(_lib.terroir_version())

__all__ = [
    "Model", "Plan", "solve", "compare", "Comparison", "share", "share_game", "Shares",
    "sweep", "run_scenario",
    "Cost", "KPIs", "PlanHub", "Flow", "Unserved", "Route", "Stop", "StopProduct",
    "SelfDelivery", "UnservedStop",
    "Progress", "Baseline",
    "TerroirError", "InvalidArgumentError", "OutOfMemoryError", "FileError", "InputError",
    "NotFoundError", "SolverError", "CanceledError", "InternalError", "Problem",
    "__version__",
]
