"""The no-hub baseline of a plan (include/terroir/baseline.h): what the
plan's goods would cost if every producer drove them straight to the
points, beside the cooperative plan's own routes."""
from ._ffi import ffi, lib, number_or_none, set_given
from .errors import check
from .model import _capacities
from .names import DIMENSIONS, TEMPERATURES, class_bits
from .records import Baseline
from .solve import _Callbacks, _flag, as_model

__all__ = ["baseline"]


def baseline(plan, model, *, time_limit=None, iterations=None, seed=None, polish=None,
             capacity=None, temperatures=None, fixed_cost=None, cost_per_km=None,
             cost_per_hour=None, speed_kmh=None, max_duration_minutes=None,
             co2_kg_per_km=None, log=None):
    """The Baseline of `plan`, solved from `model`.  The options are those of
    terroir_baseline_options (None keeps the library's default): the
    routing limits (time_limit seconds over all producers, iterations
    without improvement, seed, polish) and the producers' vehicle
    (capacity {kg, m3, pallets}, a dimension left out unlimited;
    temperatures it carries; costs, speed, maximum route minutes, CO2)."""
    model = as_model(model)
    opts = ffi.new("terroir_baseline_options *")
    check(lib.terroir_baseline_options_init(opts, lib.TERROIR_BASELINE_OPTIONS_VERSION))
    set_given(opts, time_limit_seconds=time_limit, polish=_flag(polish), iterations=iterations,
              seed=seed, fixed_cost=fixed_cost, cost_per_km=cost_per_km,
              cost_per_hour=cost_per_hour, speed_kmh=speed_kmh,
              max_duration_minutes=max_duration_minutes, co2_kg_per_km=co2_kg_per_km)
    ccapacity = _capacities(opts, "capacity", "n_dimensions", capacity, DIMENSIONS, None)
    if temperatures is not None:
        opts.temperatures = class_bits(temperatures)
    callbacks = _Callbacks(None, log)
    handle = ffi.new_handle(callbacks)  # alive until the call returns
    if log is not None:
        opts.log = lib.terroir_python_log
        opts.log_data = handle
    out = ffi.new("terroir_baseline *")
    check(lib.terroir_baseline_init(out, lib.TERROIR_BASELINE_VERSION))
    by_class = ffi.new("double[]", len(TEMPERATURES))
    out.delivered_kg_by_class = by_class
    out.n_temperatures = len(TEMPERATURES)
    with callbacks:
        rc = lib.terroir_baseline_direct(out, model._ptr, plan._ptr, opts)
    del ccapacity  # read by the call only
    callbacks.reraise()
    check(rc)
    b = out[0]
    return Baseline(
        producers=b.producers, stops=b.stops, routes=b.routes, km=b.km, minutes=b.minutes,
        cost=b.cost, tonne_km=b.tonne_km, co2_kg=b.co2_kg, delivered_kg=b.delivered_kg,
        delivered_kg_by_class=dict(zip(TEMPERATURES, ffi.unpack(by_class, len(TEMPERATURES)))),
        undelivered_kg=b.undelivered_kg, unserved_stops=b.unserved_stops,
        direct_kg=b.direct_kg, plan_lost_kg=b.plan_lost_kg, plan_routes=b.plan_routes,
        plan_km=b.plan_km, plan_minutes=b.plan_minutes, plan_cost=b.plan_cost,
        plan_tonne_km=b.plan_tonne_km, plan_co2_kg=b.plan_co2_kg,
        route_reduction=number_or_none(b.route_reduction),
        km_reduction=number_or_none(b.km_reduction), seconds=b.seconds)
