"""pandas views of models and plans (only when pandas is installed).

Models.  Model.from_dataframes() takes one table per kind of entity, whose
columns are the keys of the YAML schema (datasets/SCHEMA.md); a nested key
is a dotted column ("capacity_kg.chilled", "self_delivery.kg",
"capacity.pallets"); an empty cell (NaN, None) keeps the default.  Lines
and windows come in long tables:

    products, producers, hubs, points, vehicle_types   one row per entity
    members       id, name (optional: the organisations sharing the network)
    supply        producer, product, quantity
    demand        point, product, quantity
    time_windows  site, open, close      (hubs: their opening hours)
    arcs          from, to, cost_per_kg[, km]
    settings      a dict, or a one-row table (with an optional name column)
    matrix        a dict as in the schema (sites, km, minutes)

Model.to_dataframes() gives the same tables back, so that
Model.from_dataframes(**model.to_dataframes()) == model.

Plans.  Plan.frames() gives hubs, flows, unserved, routes, stops (one row
per stop, with the index of its route), stop_products (one row per product
moved at a stop, with route and stop indices), self_deliveries and
unserved_stops, with the
records' fields as columns and per-dimension or per-class amounts flattened
("delivery_kg", "throughput_kg_chilled").
"""
import math
from dataclasses import asdict

__all__ = ["model_dict_from_frames", "model_frames_from_dict", "plan_frames", "plan_frame"]

_ENTITY_TABLES = ("members", "products", "producers", "hubs", "points", "vehicle_types")
_WINDOW_KEY = {"producers": "time_windows", "hubs": "opening_hours", "points": "time_windows"}


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the machine
        raise ImportError("terroir's DataFrame views need pandas "
                          "(Debian: apt install python3-pandas)") from e
    return pandas


def _missing(value):
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _cell(value):
    """A table cell as plain Python: numpy scalars unwrapped, whole floats
    as ints (pandas turns an int column with gaps into floats)."""
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (list, tuple, dict)):
        value = item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2.0 ** 53:
        return int(value)
    return value


def _rows(frame):
    """Rows of a DataFrame as schema dicts (empty cells left out, dotted
    columns nested)."""
    if frame is None:
        return []
    rows = []
    columns = [str(c) for c in frame.columns]
    for values in frame.itertuples(index=False, name=None):
        row = {}
        for column, value in zip(columns, values):
            if not isinstance(value, (list, tuple, dict)) and _missing(value):
                continue
            target, *path = column.split(".")
            if path:
                row.setdefault(target, {})[".".join(path)] = _cell(value)
            else:
                row[target] = _cell(value) if not isinstance(value, (list, tuple)) \
                    else [_cell(v) for v in value]
        rows.append(row)
    return rows


def _by_id(rows):
    index = {}
    for row in rows:
        if "id" in row:
            index.setdefault(str(row["id"]), row)
    return index


def model_dict_from_frames(products, producers=None, hubs=None, points=None,
                           vehicle_types=None, supply=None, demand=None, time_windows=None,
                           arcs=None, settings=None, matrix=None, name=None, members=None):
    """The schema dictionary of a model given as DataFrames (see the module
    documentation).  Lines naming an unknown producer, point or site raise
    ValueError; everything else is checked by the library's loader."""
    data = {"terroir": 1}
    if settings is not None:
        if not isinstance(settings, dict):
            found = _rows(settings)
            if len(found) != 1:
                raise ValueError("settings must be a dict or a one-row table")
            settings = found[0]
        settings = dict(settings)
        if "name" in settings:
            data["name"] = settings.pop("name")
        data["settings"] = settings
    if name is not None:
        data["name"] = name
    tables = {"products": products, "producers": producers, "hubs": hubs, "points": points,
              "vehicle_types": vehicle_types, "members": members}
    for table in _ENTITY_TABLES:
        data[table] = _rows(tables[table])
    if not data["members"]:
        del data["members"]
    producers_by_id = _by_id(data["producers"])
    points_by_id = _by_id(data["points"])
    for frame, owners, owner_key, key in ((supply, producers_by_id, "producer", "supply"),
                                          (demand, points_by_id, "point", "demand")):
        for line in _rows(frame):
            owner = owners.get(str(line.get(owner_key)))
            if owner is None:
                raise ValueError("%s line for unknown %s %r" % (key, owner_key,
                                                                line.get(owner_key)))
            lines = owner.setdefault(key, {})
            product = str(line["product"])
            lines[product] = lines.get(product, 0) + line["quantity"]
    sites = {}
    for table in ("producers", "hubs", "points"):
        for site_id, row in _by_id(data[table]).items():
            sites.setdefault(site_id, (table, row))
    for window in _rows(time_windows):
        found = sites.get(str(window.get("site")))
        if found is None:
            raise ValueError("time window for unknown site %r" % window.get("site"))
        table, row = found
        row.setdefault(_WINDOW_KEY[table], []).append([window["open"], window["close"]])
    if arcs is not None:
        data["arcs"] = _rows(arcs)
    if matrix is not None:
        data["matrix"] = matrix
    return data


def _flatten(row, sep="."):
    out = {}
    for key, value in row.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                out[key + sep + sub] = v
        else:
            out[key] = value
    return out


def model_frames_from_dict(data):
    """The DataFrames of a model dictionary (Model.to_dataframes())."""
    pd = _pandas()
    frames = {}
    supply, demand, windows = [], [], []
    for table in _ENTITY_TABLES:
        rows = []
        for row in data.get(table) or []:
            row = dict(row)
            if table == "producers":
                supply += [{"producer": row["id"], "product": p, "quantity": q}
                           for p, q in row.pop("supply", {}).items()]
            if table == "points":
                demand += [{"point": row["id"], "product": p, "quantity": q}
                           for p, q in row.pop("demand", {}).items()]
            if table in _WINDOW_KEY:
                windows += [{"site": row["id"], "open": a, "close": b}
                            for a, b in row.pop(_WINDOW_KEY[table], [])]
            rows.append(_flatten(row))
        frames[table] = pd.DataFrame(rows)
    frames["supply"] = pd.DataFrame(supply, columns=["producer", "product", "quantity"])
    frames["demand"] = pd.DataFrame(demand, columns=["point", "product", "quantity"])
    frames["time_windows"] = pd.DataFrame(windows, columns=["site", "open", "close"])
    settings = dict(data.get("settings") or {})
    if data.get("name") is not None:
        settings["name"] = data["name"]
    frames["settings"] = pd.DataFrame([settings])
    if data.get("arcs"):
        frames["arcs"] = pd.DataFrame(data["arcs"])
    if data.get("matrix"):
        frames["matrix"] = data["matrix"]
    return frames


def _plan_rows(plan, table):
    if table == "routes":
        rows = []
        for i, route in enumerate(plan.routes):
            row = asdict(route)
            row["stops"] = len(route.stops)
            rows.append(dict(route=i, **_flatten(row, "_")))
        return rows
    if table == "stops":
        rows = []
        for i, route in enumerate(plan.routes):
            for k, stop in enumerate(route.stops):
                row = asdict(stop)
                del row["products"]  # in the stop_products table
                row = _flatten(row, "_")
                row["temperatures"] = ",".join(stop.temperatures)
                rows.append(dict(route=i, stop=k, **row))
        return rows
    if table == "stop_products":
        return [dict(route=i, stop=k, site=stop.site, kind=stop.kind, **asdict(product))
                for i, route in enumerate(plan.routes)
                for k, stop in enumerate(route.stops) for product in stop.products]
    items = {"hubs": plan.hubs, "flows": plan.flows, "unserved": plan.unserved,
             "self_deliveries": plan.self_deliveries,
             "unserved_stops": plan.unserved_stops}.get(table)
    if items is None:
        raise ValueError("unknown plan table %r; expected one of: hubs, flows, unserved, "
                         "routes, stops, stop_products, self_deliveries, unserved_stops"
                         % (table,))
    return [_flatten(asdict(item), "_") for item in items]


_PLAN_COLUMNS = {
    "flows": ["product", "producer", "hub", "point", "quantity", "kg", "km", "cost"],
    "unserved": ["point", "product", "quantity", "kg", "reason", "detail"],
    "unserved_stops": ["site", "kind", "hub", "kg", "penalty", "reason", "detail"],
    "stop_products": ["route", "stop", "site", "kind", "product", "quantity", "kg"],
    "self_deliveries": ["producer", "hub", "product", "quantity", "kg", "day", "departure",
                        "arrival"],
}


def plan_frame(plan, table):
    """One table of a plan as a DataFrame."""
    pd = _pandas()
    rows = _plan_rows(plan, table)
    return pd.DataFrame(rows, columns=_PLAN_COLUMNS.get(table) if not rows else None)


def plan_frames(plan):
    """Every table of a plan, by name."""
    return {table: plan_frame(plan, table)
            for table in ("hubs", "flows", "unserved", "routes", "stops", "stop_products",
                          "self_deliveries", "unserved_stops")}
