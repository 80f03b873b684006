#!/usr/bin/python3
"""Independent check of cross-dock synchronisation in a terroir plan (JSON).

Reads only the plan JSON written by `terroir solve -o PLAN.json`, none of
the library's code, and answers: does any delivery route leave its hub
with more goods than the hub holds at that moment?

The rules (issue 11, "Checked from the plan JSON alone"):
  * time runs over the cycle: day d, minute t is (d - 1) * 1440 + t;
  * a route's pickups reach its hub when the route returns (its arrival);
  * a route's deliveries leave the hub when it departs (the kg on board at
    departure, load_start.kg);
  * goods that producers bring to a hub themselves are there from the
    start: the kg of the flows through the hub minus the kg its routes
    collect;
  * at a departure, the hub holds what arrived before it (arrivals at the
    same minute count) minus what earlier departures took.

When the plan's stops list quantities per product (`products` on a stop:
{product: kg}), the check is made per product; otherwise in kg over all
products, which is what the plan JSON of terroir 0.1 allows (a weaker
check: a hub may hold enough kg of the wrong products).

Usage: check_sync.py PLAN.json [PLAN.json...]
Prints one line per plan (delivery departures, how many leave short, the
worst shortfall in kg) and each short departure with --verbose; exits 1
when any departure leaves short.
"""
import argparse
import json
import sys
from collections import defaultdict

DAY = 1440.0
EPS = 1e-6


def minute(day, t):
    return (int(day or 1) - 1) * DAY + float(t)


def per_product(stop, field):
    """{product: kg} moved at a stop in one direction, or {'*': kg}."""
    products = stop.get("products")
    if products:
        out = {}
        for p, q in products.items():
            kg = q.get(field, 0) if isinstance(q, dict) else (q if field == "delivery" else 0)
            if kg:
                out[p] = float(kg)
        return out
    kg = float((stop.get(field) or {}).get("kg", 0) or 0)
    return {"*": kg} if kg else {}


def check(plan):
    keyed = any("products" in s for r in plan.get("routes", []) for s in r.get("stops", []))
    through = defaultdict(float)  # (hub, key) -> kg of flows through the hub
    for f in plan.get("flows", []):
        if f.get("via"):
            through[(f["via"], f["product"] if keyed else "*")] += float(f.get("kg", 0))
    events = defaultdict(list)  # hub -> [(time, order, key, kg, what)]
    collected = defaultdict(float)
    n_departures = 0
    for i, r in enumerate(plan.get("routes", [])):
        hub, day = r["hub"], r.get("day", 1)
        out, back = defaultdict(float), defaultdict(float)
        for s in r.get("stops", []):
            for k, kg in per_product(s, "delivery").items():
                out[k] += kg
            for k, kg in per_product(s, "pickup").items():
                back[k] += kg
        name = "%s #%s day %s" % (r.get("vehicle_type"), r.get("vehicle"), day)
        if out:
            n_departures += 1
            for k, kg in out.items():
                events[hub].append((minute(day, r["departure"]), 1, k, -kg, name))
        for k, kg in back.items():
            collected[(hub, k)] += kg
            events[hub].append((minute(day, r["arrival"]), 0, k, kg, name))
    short = {}
    for hub, ev in events.items():
        stock = defaultdict(float)
        for (h, k), kg in through.items():
            if h == hub:
                stock[k] = max(kg - collected[(h, k)], 0.0)
        for t, order, k, kg, name in sorted(ev):
            if kg < 0 and stock[k] + kg < -EPS * max(1.0, -kg):
                key = (hub, name, t)
                short[key] = short.get(key, 0.0) + (-kg - max(stock[k], 0.0))
            stock[k] += kg
    return n_departures, short, keyed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("plans", nargs="+")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    bad = 0
    for path in a.plans:
        with open(path, encoding="utf-8") as fh:
            plan = json.load(fh)
        n, short, keyed = check(plan)
        worst = max(short.values(), default=0.0)
        print("%s: %d delivery departures, %d leave short, worst shortfall %.0f kg (%s)"
              % (path, n, len({(h, nm, t) for (h, nm, t) in short}), worst,
                 "per product" if keyed else "in kg, all products"))
        if a.verbose:
            for (hub, name, t), kg in sorted(short.items()):
                print("  %s: %s leaves day %d %02d:%02d short of %.0f kg"
                      % (hub, name, int(t // DAY) + 1, int(t % DAY) // 60, int(t % 60), kg))
        bad |= bool(short)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
