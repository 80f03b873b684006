"""Models as plain Python data: the dictionaries of the YAML schema
(datasets/SCHEMA.md), in both directions.

dict -> model: the dictionary is written as JSON, which is YAML in flow
style, and read by the library's own YAML loader.  So a dictionary obeys
exactly the rules of a model file, with the same defaults and the same
messages, and a problem names its field ("producers[3].supply.lettuce");
there is no second reader of the schema in Python.

model -> dict: read through the model accessors of the C API.  Every value
is written explicitly (no defaults left out, but for two that the schema
says by absence: a point's default penalty and a hub's unlimited
storage_kg), so that loading the dictionary back gives a model equal to the
original (terroir_model_equal), sites grouped by kind as in a YAML file.
"""
import json

from ._ffi import ffi, lib, text
from .errors import check
from .names import (ARCS, COORDINATES, DIMENSIONS, HUB_STATUSES, POINT_KINDS, ROUNDINGS,
                    TEMPERATURES, class_names)

__all__ = ["dict_to_yaml_text", "model_to_dict", "read_settings"]


def _plain(value):
    """JSON for values the json module does not know: numpy scalars and
    arrays, pandas timestamps... anything with .item() or .tolist()."""
    for attr in ("item", "tolist"):
        method = getattr(value, attr, None)
        if callable(method):
            return method()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError("%s is not a number, string, list or dict" % type(value).__name__)


# JSON quotes every string, but the schema's word `unlimited` (capacities)
# must be a plain scalar: the value is swapped for a marker that JSON can
# only write one way (a NUL, which no valid model string contains), and the
# marker for the plain word.  For string fields a plain `unlimited` is the
# same string, so every "unlimited" value may be written plain.
_UNLIMITED_MARK = "\0unlimited"
_UNLIMITED_JSON = json.dumps(_UNLIMITED_MARK)


def _mark_unlimited(value):
    if isinstance(value, dict):
        return {k: _mark_unlimited(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mark_unlimited(v) for v in value]
    if isinstance(value, str) and value == "unlimited":
        return _UNLIMITED_MARK
    return value


def dict_to_yaml_text(data):
    """The YAML (JSON) text of a model dictionary, as UTF-8 bytes.  NaN and
    infinities come out as JSON's NaN and Infinity, which the loader rejects
    at their field like any value that is not a finite number."""
    if not isinstance(data, dict):
        raise TypeError("a model dictionary must be a dict, not %s" % type(data).__name__)
    text = json.dumps(_mark_unlimited(data), ensure_ascii=False, separators=(",", ":"),
                      default=_plain)
    return text.replace(_UNLIMITED_JSON, "unlimited").encode("utf-8")


def _without_none(d):
    """Optional strings (names, units) that the model does not hold."""
    return {k: v for k, v in d.items() if v is not None}


def _spec(ctype, init, version):
    spec = ffi.new(ctype)
    check(init(spec, version))
    return spec


def _location(loc, planar, out):
    if loc.has_location:
        if planar:
            out["x"], out["y"] = loc.x, loc.y
        else:
            out["lat"], out["lon"] = loc.lat, loc.lon


def _windows(ptr, kind, index):
    windows = []
    t_open, t_close = ffi.new("double *"), ffi.new("double *")
    for k in range(lib.terroir_model_time_window_count(ptr, kind, index)):
        check(lib.terroir_model_get_time_window(ptr, kind, index, k, t_open, t_close))
        windows.append([t_open[0], t_close[0]])
    return windows


def _lines(ptr, index, count, get, product_ids):
    lines = {}
    product, quantity = ffi.new("size_t *"), ffi.new("double *")
    for k in range(count(ptr, index)):
        check(get(ptr, index, k, product, quantity))
        lines[product_ids[product[0]]] = quantity[0]
    return lines


def _capacity(values, count, names):
    """The per-class array `values` of `count` entries (borrowed from the
    model) as the schema's mapping."""
    return {name: ("unlimited" if v == lib.TERROIR_UNLIMITED else v)
            for name, v in zip(names, ffi.unpack(values, min(count, len(names))))}


def _days(days, count):
    """A list of operating days (borrowed from the model) as the schema's
    sequence; [] for every day."""
    return list(ffi.unpack(days, count)) if count else []


def read_settings(ptr):
    """(name or None, settings dictionary) of a model."""
    s = _spec("terroir_settings *", lib.terroir_settings_init, lib.TERROIR_SETTINGS_VERSION)
    check(lib.terroir_model_get_settings(ptr, s))
    return text(s.name), {
        "coordinates": COORDINATES[s.coordinates],
        "rounding": ROUNDINGS[s.rounding],
        "road_factor": s.road_factor,
        "speed_kmh": s.speed_kmh,
        "arcs": ARCS[s.arcs],
        "co2_price": s.co2_price,
        "operating_days": s.operating_days,
    }


def _entities(ptr, entity, kind):
    """(index, spec) of every entity of a kind, each read into a fresh spec
    of this version ("product", "producer", "hub", "point", "vehicle_type")."""
    init = getattr(lib, "terroir_%s_spec_init" % kind)
    version = getattr(lib, "TERROIR_%s_SPEC_VERSION" % kind.upper())
    get = getattr(lib, "terroir_model_get_%s" % kind)
    for i in range(lib.terroir_model_count(ptr, entity)):
        spec = _spec("terroir_%s_spec *" % kind, init, version)
        check(get(ptr, i, spec))
        yield i, spec


def _site(spec, planar):
    d = _without_none({"id": text(spec.id), "name": text(spec.name)})
    _location(spec.location, planar, d)
    return d


def _members(ptr):
    out = []
    for i in range(lib.terroir_model_count(ptr, lib.TERROIR_ENTITY_MEMBER)):
        spec = _spec("terroir_member_spec *", lib.terroir_member_spec_init,
                     lib.TERROIR_MEMBER_SPEC_VERSION)
        check(lib.terroir_model_get_member(ptr, i, spec))
        out.append({"id": text(spec.id), "name": text(spec.name)})
    return out


def _set_member(d, spec, member_ids):
    """`member: ID` when the entity has one (none is left out)."""
    if spec.member != lib.TERROIR_NO_MEMBER:
        d["member"] = member_ids[spec.member]
    return d


def _products(ptr):
    return [_without_none({
        "id": text(p.id), "name": text(p.name), "temperature": TEMPERATURES[p.temperature],
        "shelf_life_hours": p.shelf_life_hours, "unit": text(p.unit),
        "kg_per_unit": p.kg_per_unit, "m3_per_unit": p.m3_per_unit,
        "pallets_per_unit": p.pallets_per_unit})
        for _, p in _entities(ptr, lib.TERROIR_ENTITY_PRODUCT, "product")]


def _producers(ptr, planar, product_ids, member_ids):
    out = []
    for i, p in _entities(ptr, lib.TERROIR_ENTITY_PRODUCER, "producer"):
        d = _site(p, planar)
        d["supply"] = _lines(ptr, i, lib.terroir_model_supply_count,
                             lib.terroir_model_get_supply, product_ids)
        d["time_windows"] = _windows(ptr, lib.TERROIR_SITE_PRODUCER, i)
        d["service_minutes"] = p.service_minutes
        d["self_delivery"] = {"kg": p.self_delivery_kg, "km": p.self_delivery_km}
        d["direct_delivery"] = bool(p.direct_delivery)
        d["pickup_days"] = _days(p.pickup_days, p.n_pickup_days)
        out.append(_set_member(d, p, member_ids))
    return out


def _hubs(ptr, planar, member_ids):
    out = []
    for i, h in _entities(ptr, lib.TERROIR_ENTITY_HUB, "hub"):
        d = _site(h, planar)
        d["status"] = HUB_STATUSES[h.status]
        d["fixed_cost"] = h.fixed_cost
        d["capacity_kg"] = _capacity(h.capacity_kg, h.n_temperatures, TEMPERATURES)
        d["handling_cost_per_kg"] = h.handling_cost_per_kg
        d["cross_dock_minutes"] = h.cross_dock_minutes
        storage = _capacity(h.storage_kg, h.n_storage_temperatures, TEMPERATURES)
        # No limit in any class is said by leaving the key out, as in a
        # model file (a mapping that names no class would mean 0 for each).
        if any(v != "unlimited" for v in storage.values()):
            d["storage_kg"] = storage
        d["opening_hours"] = _windows(ptr, lib.TERROIR_SITE_HUB, i)
        out.append(_set_member(d, h, member_ids))
    return out


def _points(ptr, planar, product_ids, member_ids):
    out = []
    for i, p in _entities(ptr, lib.TERROIR_ENTITY_POINT, "point"):
        d = _site(p, planar)
        d["kind"] = POINT_KINDS[p.kind]
        d["demand"] = _lines(ptr, i, lib.terroir_model_demand_count,
                             lib.terroir_model_get_demand, product_ids)
        d["priority"] = p.priority
        if p.unserved_penalty_per_kg != lib.TERROIR_UNLIMITED:
            d["unserved_penalty_per_kg"] = p.unserved_penalty_per_kg
        d["time_windows"] = _windows(ptr, lib.TERROIR_SITE_POINT, i)
        d["service_minutes"] = p.service_minutes
        d["delivery_days"] = _days(p.delivery_days, p.n_delivery_days)
        out.append(_set_member(d, p, member_ids))
    return out


def _vehicle_types(ptr, hub_ids, member_ids):
    return [_set_member(_without_none({
        "id": text(v.id), "name": text(v.name), "home_hub": hub_ids[v.home_hub],
        "count": v.count, "capacity": _capacity(v.capacity, v.n_dimensions, DIMENSIONS),
        "temperatures": list(class_names(v.temperatures)),
        "fixed_cost": v.fixed_cost, "cost_per_km": v.cost_per_km,
        "cost_per_hour": v.cost_per_hour, "speed_kmh": v.speed_kmh,
        "max_duration_minutes": v.max_duration_minutes,
        "trips_per_day": v.trips_per_day, "loading_minutes": v.loading_minutes,
        "co2_kg_per_km": v.co2_kg_per_km}),
        v, member_ids)
        for _, v in _entities(ptr, lib.TERROIR_ENTITY_VEHICLE_TYPE, "vehicle_type")]


def _matrix(ptr, site_ids):
    n = lib.terroir_model_matrix_size(ptr)
    if n == 0:
        return None
    sites = ffi.new("size_t **")
    km = ffi.new("double **")
    minutes = ffi.new("double **")
    check(lib.terroir_model_get_matrix(ptr, sites, km, minutes))
    out = {"sites": [site_ids[sites[0][i]] for i in range(n)],
           "km": [[km[0][i * n + j] for j in range(n)] for i in range(n)]}
    if minutes[0] != ffi.NULL:
        out["minutes"] = [[minutes[0][i * n + j] for j in range(n)] for i in range(n)]
    return out


def _arcs(ptr, site_ids):
    out = []
    a, b = ffi.new("size_t *"), ffi.new("size_t *")
    cost, km = ffi.new("double *"), ffi.new("double *")
    for k in range(lib.terroir_model_arc_count(ptr)):
        check(lib.terroir_model_get_arc(ptr, k, a, b, cost, km))
        arc = {"from": site_ids[a[0]], "to": site_ids[b[0]], "cost_per_kg": cost[0]}
        if km[0] >= 0:
            arc["km"] = km[0]
        out.append(arc)
    return out


def model_to_dict(ptr):
    """The schema dictionary of the model at `ptr` (validated or not)."""
    name, settings = read_settings(ptr)
    planar = settings["coordinates"] == "planar"
    products = _products(ptr)
    product_ids = [p["id"] for p in products]
    members = _members(ptr)
    member_ids = [m["id"] for m in members]
    hubs = _hubs(ptr, planar, member_ids)
    site_ids = [text(lib.terroir_model_site_id(ptr, s))
                for s in range(lib.terroir_model_site_count(ptr))]
    data = {"terroir": 1}
    if name is not None:
        data["name"] = name
    data["settings"] = settings
    if members:
        data["members"] = members
    data["products"] = products
    data["producers"] = _producers(ptr, planar, product_ids, member_ids)
    data["hubs"] = hubs
    data["points"] = _points(ptr, planar, product_ids, member_ids)
    data["vehicle_types"] = _vehicle_types(ptr, [h["id"] for h in hubs], member_ids)
    matrix = _matrix(ptr, site_ids)
    if matrix is not None:
        data["matrix"] = matrix
    arcs = _arcs(ptr, site_ids)
    if arcs:
        data["arcs"] = arcs
    return data
