#!/usr/bin/python3
"""Independent check of a terroir plan's synchronisation (JSON): goods leave a
hub only after they reach it, shelf life on the road, vehicles' days.

Reads only the plan JSON written by `terroir solve -o PLAN.json` (or by
hand), none of the library's code, and applies the rules of issue 11 (the
same rules as the library's checker, written independently; they are
listed in benchmarks/sync/README.md):

  1. time runs over the cycle: T = (day - 1) * 1440 + t (t: minutes of the
     operating day of the route or self delivery);
  2. inbound lots at hub H per product: each pickup stop of a route of H
     (picked at T(stop.start), at H from T(route.arrival) +
     cross_dock_minutes(H)); each self delivery (picked at T(departure), at
     H from T(arrival) + cross_dock_minutes(H));
  3. outbound: a route of H with deliveries leaves at T(route.departure)
     with the sum of its delivery stops' kg of each product;
  4. in time order, lots becoming available before departures leaving at
     the same time; a departure takes the oldest-picked goods first (FIFO);
  5. a departure short of more than the tolerance is a STOCK violation when
     the outbound of the product at the hub up to it exceeds the hub's
     whole inbound of that product over the cycle, else SYNCHRONISATION;
  6. SHELF_LIFE: a delivery stop receives the departure's lots in stop
     order, oldest first; its age is T(stop.start) minus the pick time of
     the oldest lot part it receives (products with shelf_life_hours > 0);
  7. checked hubs: every hub in a food-hub plan (`food_hub`, or flows when
     the plan does not say); otherwise the hubs with inbound;
  8. a hub where a stop has no per-product quantities is checked in kg over
     all products (no shelf life);
  9. VEHICLE_DAY: the trips of one vehicle (type, number, day), by
     departure, each leave at or after the previous arrival + the type's
     loading_minutes, at most trips_per_day of them, and last arrival -
     first departure <= max_duration_minutes when that is > 0;
 10. DAY: a delivery stop at a point on a day not in its `delivery_days`,
     a pickup stop at a producer (or a self delivery of a producer) on a
     day not in its `pickup_days` (top-level `points` / `producers`; a site
     not listed receives or ships every day): amount the kg moved, time
     T(stop.start) (self delivery: T(arrival)); every route is checked;
 11. STORAGE: at the end of each operating day d < operating_days (T =
     d * 1440), per hub checked by rule 7 and temperature class (the
     products' `temperature`, default ambient): kg of pickup stops of its
     routes back by then (T(route.arrival) <= T) + self deliveries arrived
     (T(arrival) <= T) - kg of delivery stops of its routes gone
     (T(route.departure) <= T) must be at most the hub's `storage_kg` of
     the class (absent: unlimited); a hub with a stop in kg only is
     checked over all classes against the sum of the three classes'
     limits (unchecked when one is absent).

Tolerances: a shortfall counts when over 1e-6 * max(1, kg carried) + 1e-3
kg; minutes when over by more than 1e-6.

Usage: check_sync.py [--verbose] PLAN.json [PLAN.json...]
Prints per plan the delivery departures checked and the count of each
violation kind; with --verbose each violation (kind, hub, product, time as
"day D HH:MM", amount).  Exit status 1 when any plan has a violation.
"""
import argparse
import json
import math
import sys
from collections import defaultdict

DAY = 1440.0
MINUTES_TOL = 1e-6
KINDS = ("stock", "synchronisation", "shelf_life", "vehicle_day", "day", "storage")
CLASSES = ("ambient", "chilled", "frozen")  # the model's temperature classes
ALL_PRODUCTS = "*"  # the pseudo-product of a hub checked in kg (rule 8)


def kg_tolerance(carried):
    return 1e-6 * max(1.0, abs(carried)) + 1e-3


def cycle_minute(day, t):
    """Rule 1."""
    return (int(day or 1) - 1) * DAY + float(t)


def clock(t):
    """'day D HH:MM' of a cycle minute."""
    day = int(math.floor(t / DAY)) + 1
    m = int(round(t - (day - 1) * DAY))
    if m >= DAY:
        day, m = day + 1, m - int(DAY)
    return "day %d %02d:%02d" % (day, m // 60, m % 60)


def stop_goods(stop):
    """{product: kg} moved at a stop, or None when the stop gives kg only."""
    products = stop.get("products")
    if products is None:
        return None
    out = {}
    for product, amount in products.items():
        kg = float(amount.get("kg", 0) if isinstance(amount, dict) else amount)
        if kg:
            out[product] = kg
    return out


def stop_kg(stop):
    """Kg moved at a stop (a delivery's drop, a pickup's collection)."""
    field = "pickup" if stop.get("kind") == "pickup" else "delivery"
    return float((stop.get(field) or {}).get("kg", 0) or 0)


class Violation:
    def __init__(self, kind, hub, product, time, amount, unit, where):
        self.kind, self.hub, self.product = kind, hub, product
        self.time, self.amount, self.unit, self.where = time, amount, unit, where

    def line(self):
        return "%-15s hub %s, product %s, %s: %.3f %s (%s)" % (
            self.kind.upper(), self.hub, self.product or "-", clock(self.time), self.amount,
            self.unit, self.where)


def route_name(i, r):
    return "route %d, %s #%s day %s" % (i + 1, r.get("vehicle_type"), r.get("vehicle"),
                                        r.get("day", 1))


def hub_events(plan):
    """Per hub: lots (available, picked, product, kg), departures (time,
    route index, {product: kg}, [(stop index, start, {product: kg})]) and
    whether a stop lacked products."""
    hubs = defaultdict(lambda: {"lots": [], "departures": [], "kg_only": False})
    cross_dock = {h["id"]: float(h.get("cross_dock_minutes", 0) or 0)
                  for h in plan.get("hubs", [])}
    for i, r in enumerate(plan.get("routes", [])):
        hub, day = r["hub"], r.get("day", 1)
        ready = cycle_minute(day, r["arrival"]) + cross_dock.get(hub, 0.0)
        out, drops = defaultdict(float), []
        for k, s in enumerate(r.get("stops", [])):
            goods = stop_goods(s)
            if goods is None:
                kg = stop_kg(s)
                if not kg:
                    continue
                hubs[hub]["kg_only"] = True
                goods = {}
                raw = {ALL_PRODUCTS: kg}
            else:
                raw = goods
            entry = hubs[hub]
            if s.get("kind") == "pickup":
                entry.setdefault("raw_lots", []).append(
                    (ready, cycle_minute(day, s["start"]), raw))
            else:
                entry.setdefault("raw_drops", []).append((i, k, raw))
                drops.append((k, cycle_minute(day, s["start"]), raw))
                for p, kg in raw.items():
                    out[p] += kg
        if drops:
            hubs[hub]["departures"].append(
                [cycle_minute(day, r["departure"]), i, dict(out), drops])
    for d in plan.get("self_deliveries", []):
        hub = d["hub"]
        ready = cycle_minute(d.get("day", 1), d["arrival"]) + cross_dock.get(hub, 0.0)
        hubs[hub].setdefault("raw_lots", []).append(
            (ready, cycle_minute(d.get("day", 1), d["departure"]),
             {d["product"]: float(d.get("kg", 0))}))
    # Rule 8: a hub with a stop in kg only is checked in kg over all products.
    for entry in hubs.values():
        kg_only = entry["kg_only"]
        for ready, picked, raw in entry.pop("raw_lots", []):
            for p, kg in raw.items():
                entry["lots"].append((ready, picked, ALL_PRODUCTS if kg_only else p, kg))
        entry.pop("raw_drops", None)
        if kg_only:
            for dep in entry["departures"]:
                dep[2] = {ALL_PRODUCTS: sum(dep[2].values())}
                dep[3] = [(k, start, {ALL_PRODUCTS: sum(raw.values())})
                          for k, start, raw in dep[3]]
    return hubs


def check_hub(hub, entry, plan, shelf_life, violations):
    routes = plan.get("routes", [])
    lots_by_product, departures_by_product = defaultdict(list), defaultdict(list)
    for ready, picked, p, kg in entry["lots"]:
        lots_by_product[p].append((ready, picked, kg))
    for t, i, out, drops in entry["departures"]:
        for p, kg in out.items():
            departures_by_product[p].append((t, i, kg, drops))
    for p, departures in departures_by_product.items():
        lots = sorted(lots_by_product.get(p, []))
        inbound = sum(kg for _, _, kg in lots)
        pool = []  # [picked, kg left], oldest picked first
        next_lot, outbound = 0, 0.0
        shelf = shelf_life.get(p, 0.0) if p != ALL_PRODUCTS else 0.0
        for t, i, q, drops in sorted(departures, key=lambda d: (d[0], d[1])):
            # Rule 4: lots first at equal times (within the minutes' tolerance).
            while next_lot < len(lots) and lots[next_lot][0] <= t + MINUTES_TOL:
                pool.append([lots[next_lot][1], lots[next_lot][2]])
                next_lot += 1
            pool.sort(key=lambda lot: lot[0])
            available = sum(kg for _, kg in pool)
            outbound += q
            short = q - available
            if short > kg_tolerance(q):
                kind = "stock" if outbound > inbound + kg_tolerance(outbound) else \
                    "synchronisation"
                violations.append(Violation(kind, hub, p, t, short, "kg",
                                            route_name(i, routes[i])))
            # Take min(q, available), oldest picked first (rule 5).
            taken, need = [], min(q, available)
            for lot in pool:
                if need <= 0:
                    break
                part = min(lot[1], need)
                if part > 0:
                    taken.append([lot[0], part])
                    lot[1] -= part
                    need -= part
            pool = [lot for lot in pool if lot[1] > 1e-9]
            if shelf > 0:
                check_shelf_life(hub, p, shelf, i, routes[i], drops, taken, violations)


def check_shelf_life(hub, p, shelf, i, route, drops, taken, violations):
    """Rule 6: the parts taken go to the delivery stops in stop order,
    oldest first."""
    limit = shelf * 60.0
    parts = [list(part) for part in taken]
    for k, start, goods in sorted(drops, key=lambda d: d[0]):
        need = goods.get(p, 0.0)
        oldest = None
        while need > 1e-9 and parts:
            part = parts[0]
            give = min(part[1], need)
            if give > 1e-6 and oldest is None:
                oldest = part[0]
            part[1] -= give
            need -= give
            if part[1] <= 1e-9:
                parts.pop(0)
        if oldest is None:
            continue
        age = start - oldest
        if age > limit + MINUTES_TOL:
            site = route["stops"][k].get("site")
            violations.append(Violation("shelf_life", hub, p, start, age - limit, "min",
                                        "%s, stop %d %s" % (route_name(i, route), k + 1,
                                                            site)))


def check_vehicle_days(plan, violations):
    """Rule 9."""
    types = {v["id"]: v for v in plan.get("vehicle_types", [])}
    trips = defaultdict(list)
    for i, r in enumerate(plan.get("routes", [])):
        trips[(r.get("vehicle_type"), r.get("vehicle", 0), r.get("day", 1))].append(i)
    routes = plan.get("routes", [])
    for (vtype, vehicle, day), idx in trips.items():
        vt = types.get(vtype, {})
        per_day = int(vt.get("trips_per_day", 1) or 1)
        loading = float(vt.get("loading_minutes", 0) or 0)
        longest = float(vt.get("max_duration_minutes", 0) or 0)
        idx.sort(key=lambda i: (float(routes[i]["departure"]), i))
        first = routes[idx[0]]
        for a, b in zip(idx, idx[1:]):
            ready = float(routes[a]["arrival"]) + loading
            overlap = ready - float(routes[b]["departure"])
            if overlap > MINUTES_TOL:
                violations.append(Violation(
                    "vehicle_day", routes[b]["hub"], None,
                    cycle_minute(day, routes[b]["departure"]), overlap, "min",
                    "%s leaves before the previous trip is back and reloaded"
                    % route_name(b, routes[b])))
        if len(idx) > per_day:
            violations.append(Violation(
                "vehicle_day", first["hub"], None, cycle_minute(day, first["departure"]),
                len(idx) - per_day, "trips",
                "%s #%s day %s drives %d trips, %d allowed" % (vtype, vehicle, day, len(idx),
                                                             per_day)))
        if longest > 0:
            span = max(float(routes[i]["arrival"]) for i in idx) - float(first["departure"])
            if span - longest > MINUTES_TOL:
                violations.append(Violation(
                    "vehicle_day", first["hub"], None, cycle_minute(day, first["departure"]),
                    span - longest, "min",
                    "%s #%s day %s works %.1f min, at most %.1f" % (vtype, vehicle, day, span,
                                                                  longest)))


def listed_days(entries, key):
    """{site id: set of days} of the sites whose days are restricted."""
    out = {}
    for e in entries or []:
        days = e.get(key)
        if days:
            out[e["id"]] = {int(d) for d in days}
    return out


def days_text(days):
    return ("day " if len(days) == 1 else "days ") + ", ".join(str(d) for d in sorted(days))


def moved_kg(stop):
    """Kg a stop moves: its delivery (pickup) kg, else its products' kg."""
    field = "pickup" if stop.get("kind") == "pickup" else "delivery"
    if isinstance(stop.get(field), dict) and "kg" in stop[field]:
        return float(stop[field]["kg"] or 0)
    return sum((stop_goods(stop) or {}).values())


def check_days(plan, violations):
    """Rule 10."""
    receives = listed_days(plan.get("points"), "delivery_days")
    ships = listed_days(plan.get("producers"), "pickup_days")
    for i, r in enumerate(plan.get("routes", [])):
        day = int(r.get("day", 1) or 1)
        for k, s in enumerate(r.get("stops", [])):
            site, kind = s.get("site"), s.get("kind")
            days = receives.get(site) if kind == "delivery" else \
                ships.get(site) if kind == "pickup" else None
            if days is None or day in days:
                continue
            verb = "receives" if kind == "delivery" else "ships"
            violations.append(Violation(
                "day", r.get("hub"), None, cycle_minute(day, s["start"]), moved_kg(s), "kg",
                "%s, stop %d %s %s on %s" % (route_name(i, r), k + 1, site, verb,
                                             days_text(days))))
    for d in plan.get("self_deliveries", []):
        day = int(d.get("day", 1) or 1)
        days = ships.get(d["producer"])
        if days is None or day in days:
            continue
        violations.append(Violation(
            "day", d["hub"], None, cycle_minute(day, d["arrival"]), float(d.get("kg", 0)), "kg",
            "self delivery of %s on day %d, it ships on %s" % (d["producer"], day,
                                                               days_text(days))))


def check_storage(plan, checked, violations):
    """Rule 11, for the hubs that rule 7 checks."""
    nights = int(plan.get("operating_days", 1) or 1)
    if nights < 2:
        return
    hub_ids = {h["id"] for h in plan.get("hubs", [])}
    limits = {h["id"]: {c: float(v) for c, v in (h.get("storage_kg") or {}).items()
                        if v is not None}
              for h in plan.get("hubs", [])}
    cls = {p["id"]: p.get("temperature") or "ambient" for p in plan.get("products", [])}
    moves = defaultdict(list)  # hub: [(T, {class: kg})], kg < 0 out
    kg_only = set()
    for r in plan.get("routes", []):
        hub, day = r["hub"], r.get("day", 1)
        for s in r.get("stops", []):
            if s.get("site") in hub_ids:
                continue
            pickup = s.get("kind") == "pickup"
            t = cycle_minute(day, r["arrival"] if pickup else r["departure"])
            goods = stop_goods(s)
            if goods is None:
                kg_only.add(hub)
                by_class = {ALL_PRODUCTS: moved_kg(s)}
            else:
                by_class = defaultdict(float)
                for p, kg in goods.items():
                    by_class[cls.get(p, "ambient")] += kg
            moves[hub].append((t, {c: kg if pickup else -kg for c, kg in by_class.items()}))
    for d in plan.get("self_deliveries", []):
        moves[d["hub"]].append((cycle_minute(d.get("day", 1), d["arrival"]),
                                {cls.get(d["product"], "ambient"): float(d.get("kg", 0))}))
    for hub in checked:
        limit = limits.get(hub, {})
        if hub in kg_only:
            if any(c not in limit for c in CLASSES):
                continue
            limit = {ALL_PRODUCTS: sum(limit[c] for c in CLASSES)}
        for c, most in sorted(limit.items()):
            for night in range(1, nights):
                end = night * DAY
                held = sum(by_class.get(c, 0.0) if c != ALL_PRODUCTS else
                           sum(by_class.values())
                           for t, by_class in moves.get(hub, []) if t <= end + MINUTES_TOL)
                if held - most > kg_tolerance(held):
                    violations.append(Violation(
                        "storage", hub, None, end, held - most, "kg",
                        "%s %.3f kg held at the end of day %d, storage %.3f kg"
                        % ("all classes" if c == ALL_PRODUCTS else "class " + c, held, night,
                           most)))


def check(plan):
    """(violations, delivery departures checked, hubs checked, hubs in kg)."""
    shelf_life = {p["id"]: float(p.get("shelf_life_hours", 0) or 0)
                  for p in plan.get("products", [])}
    food_hub = plan.get("food_hub")
    if food_hub is None:
        food_hub = bool(plan.get("flows"))
    violations, departures, checked, in_kg = [], 0, [], []
    for hub, entry in sorted(hub_events(plan).items()):
        if not food_hub and not entry["lots"]:
            continue  # rule 7: stocked from the start
        checked.append(hub)
        if entry["kg_only"]:
            in_kg.append(hub)
        departures += len(entry["departures"])
        check_hub(hub, entry, plan, shelf_life, violations)
    check_vehicle_days(plan, violations)
    check_days(plan, violations)
    check_storage(plan, checked, violations)
    violations.sort(key=lambda v: (KINDS.index(v.kind), v.hub, v.time, v.product or ""))
    return violations, departures, checked, in_kg


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("plans", nargs="+")
    ap.add_argument("--verbose", action="store_true", help="print each violation")
    a = ap.parse_args()
    bad = False
    for path in a.plans:
        with open(path, encoding="utf-8") as fh:
            plan = json.load(fh)
        violations, departures, checked, in_kg = check(plan)
        counts = defaultdict(int)
        for v in violations:
            counts[v.kind] += 1
        worst = max((v.amount for v in violations
                     if v.kind in ("stock", "synchronisation")), default=0.0)
        print("%s: %d violations (%s); %d delivery departures at %d hubs checked%s; "
              "worst shortfall %.1f kg"
              % (path, len(violations), ", ".join("%s %d" % (k, counts[k]) for k in KINDS),
                 departures, len(checked),
                 ", in kg at %s" % ", ".join(in_kg) if in_kg else ", per product", worst))
        if a.verbose:
            for v in violations:
                print("  " + v.line())
        bad |= bool(violations)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
