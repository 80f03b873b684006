"""terroir.Plan: what a solve decided (include/terroir/plan.h).

The plan's status, objective, bound, gap, cost breakdown and KPIs are read
when the plan is made; hubs, flows, unserved demand, routes with their
stops and unserved stops are read on first use and kept.  Everything is
copied into Python objects (terroir.records); the C plan is freed when the
Plan is collected.  A plan owns copies of what it reports, so it outlives
its model whatever the order in which Python frees them.

to_json()/to_dict() are the library's own JSON writer (the file that
`terroir solve -o plan.json` writes), so they never drift from it.
"""
import json
from functools import cached_property

from ._ffi import cpath, ffi, lib, number_or_none, text, unlimited_or_none
from .errors import check
from .names import (DIMENSIONS, POINT_KINDS, STAGES, STATUSES, STOP_KINDS, TEMPERATURES,
                    UNSERVED_REASONS, UNSERVED_STOP_REASONS, class_names)
from .records import (KPIs, Cost, Flow, PlanHub, Route, SelfDelivery, Stop, StopProduct,
                      Unserved, UnservedStop)

__all__ = ["Plan"]


def _by(names, values, count, convert=None):
    """{name: value} of a per-class array of `count` values borrowed from
    the plan (include/terroir/common.h), indexed by an enum whose names are
    `names`; the values are copied."""
    values = ffi.unpack(values, min(count, len(names)))
    if convert is None:
        return dict(zip(names, values))
    return {name: convert(v) for name, v in zip(names, values)}


def _item(ctype, version):
    item = ffi.new(ctype)
    item.version = version
    return item


class Plan:
    """A solved plan.  Made by terroir.solve(); `model` is the Model it was
    solved from."""

    def __init__(self, *args, **kwargs):
        raise TypeError("plans are made by terroir.solve()")

    @classmethod
    def _wrap(cls, ptr, model=None):
        plan = cls.__new__(cls)
        plan._ptr = ffi.gc(ptr, lib.terroir_plan_free)
        plan.model = model
        plan._read_summary()
        return plan

    def _read_summary(self):
        s = ffi.new("terroir_plan_summary *")
        check(lib.terroir_plan_summary_init(s, lib.TERROIR_PLAN_SUMMARY_VERSION))
        check(lib.terroir_plan_get_summary(self._ptr, s))
        #: "optimal", "feasible", "infeasible", "time_limit", "canceled" or
        #: "interrupted" (stopped by the progress callback: the best plan
        #: found until then).
        self.status = STATUSES[s.status]
        self.objective = s.objective
        #: Proven lower bound and relative gap; None after routing.
        self.bound = number_or_none(s.bound)
        self.gap = number_or_none(s.gap)
        c = s.cost
        self.cost = Cost(c.fixed_hub, c.handling, c.transport, c.vehicle_fixed, c.co2,
                         c.unserved_penalty)
        self.solve_seconds = s.solve_seconds
        self.stage_seconds = _by(STAGES, s.stage_seconds, s.n_stages)
        demand, served = s.demand_kg_total, s.served_kg_total
        self.kpis = KPIs(
            tonne_km=s.tonne_km, co2_kg=s.co2_kg, demand_kg=demand, served_kg=served,
            served_share=served / demand if demand > 0 else 1.0,
            demand_kg_by_kind=_by(POINT_KINDS, s.demand_kg, s.n_point_kinds),
            served_kg_by_kind=_by(POINT_KINDS, s.served_kg, s.n_point_kinds),
            routes=s.n_routes, unserved_stops=s.n_unserved_stops, routed_km=s.routed_km,
            routed_minutes=s.routed_minutes, routed_cost=s.routed_cost,
            transport_estimate=s.transport_estimate,
            transport_estimate_error=number_or_none(s.transport_estimate_error),
            route_polish_gain=s.route_polish_gain,
            route_feedback_applied=bool(s.route_feedback_applied))

    # ------------------------------------------------------------ items

    @cached_property
    def warnings(self):
        """What the solve worked around to give this plan (a GLPK failure
        inside a stage, the stage keeping the best it had found), as
        messages naming the stage; empty for most plans."""
        w = lib.terroir_plan_warnings(self._ptr)
        return tuple(text(lib.terroir_diagnostics_get(w, i).message)
                     for i in range(lib.terroir_diagnostics_count(w)))

    @cached_property
    def hubs(self):
        """Every hub of the model (model order), as PlanHub."""
        out = []
        h = _item("terroir_plan_hub *", lib.TERROIR_PLAN_HUB_VERSION)
        for i in range(lib.terroir_plan_hub_count(self._ptr)):
            check(lib.terroir_plan_get_hub(self._ptr, i, h))
            out.append(PlanHub(
                id=text(h.id), open=bool(h.open), fixed_cost=h.fixed_cost,
                throughput_kg=_by(TEMPERATURES, h.throughput_kg, h.n_temperatures),
                capacity_kg=_by(TEMPERATURES, h.capacity_kg, h.n_temperatures, unlimited_or_none),
                utilisation=_by(TEMPERATURES, h.utilisation, h.n_temperatures),
                capacity_value_per_kg=_by(TEMPERATURES, h.capacity_value_per_kg, h.n_temperatures),
                cross_dock_minutes=h.cross_dock_minutes))
        return tuple(out)

    @property
    def open_hubs(self):
        """Ids of the hubs open in the plan."""
        return [h.id for h in self.hubs if h.open]

    @cached_property
    def flows(self):
        """Flows of food, producer -> hub -> point (Flow)."""
        out = []
        f = _item("terroir_plan_flow *", lib.TERROIR_PLAN_FLOW_VERSION)
        for i in range(lib.terroir_plan_flow_count(self._ptr)):
            check(lib.terroir_plan_get_flow(self._ptr, i, f))
            out.append(Flow(product=text(f.product), producer=text(getattr(f, "from")),
                            hub=text(f.via), point=text(f.to), quantity=f.quantity, kg=f.kg,
                            km=f.km, cost=f.cost))
        return tuple(out)

    @cached_property
    def unserved(self):
        """Demand left unserved, with reasons (Unserved)."""
        out = []
        u = _item("terroir_plan_unserved *", lib.TERROIR_PLAN_UNSERVED_VERSION)
        for i in range(lib.terroir_plan_unserved_count(self._ptr)):
            check(lib.terroir_plan_get_unserved(self._ptr, i, u))
            out.append(Unserved(point=text(u.point), product=text(u.product),
                                quantity=u.quantity, kg=u.kg,
                                reason=UNSERVED_REASONS[u.reason], detail=text(u.detail)))
        return tuple(out)

    @cached_property
    def routes(self):
        """Vehicle routes with their stops (Route, Stop)."""
        out = []
        r = _item("terroir_plan_route *", lib.TERROIR_PLAN_ROUTE_VERSION)
        s = _item("terroir_plan_route_stop *", lib.TERROIR_PLAN_ROUTE_STOP_VERSION)
        g = _item("terroir_plan_stop_product *", lib.TERROIR_PLAN_STOP_PRODUCT_VERSION)
        for i in range(lib.terroir_plan_route_count(self._ptr)):
            check(lib.terroir_plan_get_route(self._ptr, i, r))
            stops = []
            for k in range(r.n_stops):
                check(lib.terroir_plan_get_route_stop(self._ptr, i, k, s))
                products = []
                for j in range(s.n_products):
                    check(lib.terroir_plan_get_route_stop_product(self._ptr, i, k, j, g))
                    products.append(StopProduct(product=text(g.product), quantity=g.quantity,
                                                kg=g.kg))
                stops.append(Stop(site=text(s.site), kind=STOP_KINDS[s.kind],
                                  arrival=s.arrival, start=s.start, departure=s.departure,
                                  delivery=_by(DIMENSIONS, s.delivery, s.n_dimensions),
                                  pickup=_by(DIMENSIONS, s.pickup, s.n_dimensions),
                                  load=_by(DIMENSIONS, s.load, s.n_dimensions),
                                  temperatures=class_names(s.temperatures),
                                  products=tuple(products)))
            out.append(Route(vehicle_type=text(r.vehicle_type), vehicle=r.vehicle, day=r.day,
                             hub=text(r.hub), km=r.km, minutes=r.minutes, cost=r.cost,
                             co2_kg=r.co2_kg, departure=r.departure, arrival=r.arrival,
                             load_start=_by(DIMENSIONS, r.load_start, r.n_dimensions), stops=tuple(stops)))
        return tuple(out)

    @cached_property
    def self_deliveries(self):
        """Goods producers bring to hubs themselves, with their arrival
        (SelfDelivery); empty without a routing stage."""
        out = []
        d = _item("terroir_plan_self_delivery *", lib.TERROIR_PLAN_SELF_DELIVERY_VERSION)
        for i in range(lib.terroir_plan_self_delivery_count(self._ptr)):
            check(lib.terroir_plan_get_self_delivery(self._ptr, i, d))
            out.append(SelfDelivery(producer=text(d.producer), hub=text(d.hub),
                                    product=text(d.product), quantity=d.quantity, kg=d.kg,
                                    day=d.day, departure=d.departure, arrival=d.arrival))
        return tuple(out)

    @cached_property
    def unserved_stops(self):
        """Stops that no route serves, with reasons (UnservedStop)."""
        out = []
        u = _item("terroir_plan_unserved_stop *", lib.TERROIR_PLAN_UNSERVED_STOP_VERSION)
        for i in range(lib.terroir_plan_unserved_stop_count(self._ptr)):
            check(lib.terroir_plan_get_unserved_stop(self._ptr, i, u))
            out.append(UnservedStop(site=text(u.site), kind=STOP_KINDS[u.kind],
                                    hub=text(u.hub), kg=u.kg, penalty=u.penalty,
                                    reason=UNSERVED_STOP_REASONS[u.reason],
                                    detail=text(u.detail)))
        return tuple(out)

    # ------------------------------------------------------------ output

    def _buffer(self, writer):
        out, n = ffi.new("char **"), ffi.new("size_t *")
        check(writer(out, n, self._ptr))
        try:
            return ffi.unpack(out[0], n[0]).decode("utf-8")
        finally:
            lib.terroir_free(out[0])

    def to_json(self):
        """The plan as JSON text (datasets/SCHEMA.md, "Plan output"), as
        `terroir solve -o plan.json` writes it."""
        return self._buffer(lib.terroir_plan_write_json_buffer)

    def to_dict(self):
        """The plan's JSON as Python data."""
        return json.loads(self.to_json())

    def to_yaml(self):
        """The plan as YAML text."""
        return self._buffer(lib.terroir_plan_write_yaml_buffer)

    def write_json(self, path):
        check(lib.terroir_plan_write_json_file(self._ptr, cpath(path)))

    def write_yaml(self, path):
        check(lib.terroir_plan_write_yaml_file(self._ptr, cpath(path)))

    def _report_model(self, model):
        if model is None:
            model = self.model
        if model is None:
            raise ValueError("this plan has no model: pass the model it was solved from")
        return model

    def to_html(self, model=None, *, title=None, show_flows=None, max_table_rows=None,
                map_width=None, language=None):
        """The self-contained HTML report (KPI cards, SVG map of sites and
        routes, tables), as text.  `model` defaults to the plan's model;
        language "en" (default) or "fr"."""
        from . import report
        return report.html(self, self._report_model(model), title, show_flows, max_table_rows,
                           map_width, language)

    def write_report(self, path, model=None, *, title=None, show_flows=None,
                     max_table_rows=None, map_width=None, language=None):
        """Write the HTML report to `path`."""
        from . import report
        report.write_html(self, self._report_model(model), path, title, show_flows,
                          max_table_rows, map_width, language)

    def write_route_sheets(self, directory, model=None, *, language=None):
        """One printable sheet per route for its driver (route-NN.html) and
        route_sheets.csv in `directory` (created when missing)."""
        from . import report
        report.write_route_sheets(self, self._report_model(model), directory, language)

    def to_geojson(self, model=None):
        """The plan as a GeoJSON FeatureCollection (a dict): sites, routes
        and flows, in WGS84 (latitude/longitude models only)."""
        from . import report
        return report.geojson(self, self._report_model(model))

    def write_geojson(self, path, model=None):
        from . import report
        report.write_geojson(self, self._report_model(model), path)

    def write_csv(self, directory, model=None):
        """hubs.csv, flows.csv, routes.csv, route_stops.csv, unserved.csv,
        unserved_stops.csv, route_stop_products.csv and self_deliveries.csv
        in `directory` (created when missing)."""
        from . import report
        report.write_csv(self, self._report_model(model), directory)

    def frames(self):
        """pandas DataFrames of the plan: hubs, flows, unserved, routes,
        stops (one row per stop, with its route's index), stop_products (one
        row per product moved at a stop, with route and stop indices),
        self_deliveries and unserved_stops."""
        from .frames import plan_frames
        return plan_frames(self)

    def frame(self, table):
        """One of the DataFrames of frames()."""
        from .frames import plan_frame
        return plan_frame(self, table)

    def baseline(self, model=None, **options):
        """The no-hub baseline of this plan (terroir.baseline.baseline):
        every producer driving its own goods to the points.  `model`
        defaults to the model the plan was solved from."""
        from .baseline import baseline
        return baseline(self, model if model is not None else self.model, **options)

    def __repr__(self):
        return "<terroir.Plan %s, objective %.2f, %d open hubs, %d routes>" % (
            self.status, self.objective, len(self.open_hubs), self.kpis.routes)
