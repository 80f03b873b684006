#!/usr/bin/python3
"""Convert a CLRP instance (Prodhon's .dat format) to a terroir YAML model,
directly, without terroir's importer: the second, independent path of the
benchmark (run.sh --via-yaml), so that an importer bug cannot hide in both.

    dat2yaml.py INSTANCE.dat [-o MODEL.yaml]

.dat format: whitespace-separated numbers, whatever the line layout:
n, m, m depot "x y", n customer "x y", Q, m depot capacities W, n demands d,
m opening costs O, F (fixed cost per route), flag (0: distances
ceil(100 * euclid); 1: Euclidean).

The model (datasets/SCHEMA.md) is the one the `clrp` importer documents
(include/terroir/io.h), written here from that description: planar
coordinates, rounding ceil_100 (flag 0) or none (flag 1); one ambient
product "demand"; depot k -> candidate hub "d<k>" (fixed cost O_k, ambient
capacity W_k, no chilled or frozen capacity); customer i -> point "c<i>"
with demand d_i and a penalty per kg unserved above any cost of serving it;
per depot a vehicle type "v<k>" (capacity Q kg, fixed cost F, cost 1 per
distance unit, 0 per hour, no duration limit) with a count that never binds.
Standard library only.
"""
import argparse
import math
import os
import sys


def read_dat(path):
    with open(path, encoding="ascii") as f:
        words = f.read().split()
    values = [float(w) for w in words]
    pos = 0

    def take(k):
        nonlocal pos
        if pos + k > len(values):
            raise SystemExit("%s: truncated (%d values)" % (path, len(values)))
        out = values[pos:pos + k]
        pos += k
        return out

    n, m = (int(v) for v in take(2))
    if n < 1 or m < 1:
        raise SystemExit("%s: bad counts n=%d m=%d" % (path, n, m))
    depots = [tuple(take(2)) for _ in range(m)]
    customers = [tuple(take(2)) for _ in range(n)]
    q = take(1)[0]
    capacity = take(m)
    demand = take(n)
    opening = take(m)
    f, flag = take(2)
    if pos != len(values):
        raise SystemExit("%s: %d values after the flag" % (path, len(values) - pos))
    if flag not in (0, 1):
        raise SystemExit("%s: flag %g is not 0 or 1" % (path, flag))
    return dict(n=n, m=m, depots=depots, customers=customers, q=q, capacity=capacity,
                demand=demand, opening=opening, f=f, flag=int(flag))


def num(v):
    """A number as YAML: integers without a decimal point, others with
    Python's shortest round-trip form."""
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)


def penalty_per_kg(inst, demand):
    """Twice what serving a customer alone can cost at most (every depot
    opened, one more route, a round trip of twice the diagonal of the box of
    all sites, plus 1 distance unit), over its demand, plus 1; at most 1e12
    (the schema's largest number)."""
    sites = inst["depots"] + inst["customers"]
    xs, ys = [s[0] for s in sites], [s[1] for s in sites]
    diag = math.hypot(max(xs) - min(xs), max(ys) - min(ys))
    diag = (math.ceil(100 * diag) if inst["flag"] == 0 else diag) + 1
    return min(2 * (sum(inst["opening"]) + inst["f"] + 2 * diag) / demand + 1, 1e12)


def vehicle_count(inst, k):
    """Routes a depot can ever send: each serves a customer of positive
    demand, so at most floor(W_k / smallest demand), and at most n."""
    positive = [d for d in inst["demand"] if d > 0]
    count = inst["n"]
    if positive:
        count = min(count, math.floor(inst["capacity"][k] / min(positive)))
    return max(1, count)


def to_yaml(inst, name):
    out = ["# CLRP instance %s, written by benchmarks/lrp/dat2yaml.py" % name,
           "terroir: 1",
           "name: %s" % name,
           "settings:",
           "  coordinates: planar",
           "  rounding: %s" % ("ceil_100" if inst["flag"] == 0 else "none"),
           "  speed_kmh: 60",
           "products:",
           "  - {id: demand, temperature: ambient, kg_per_unit: 1}",
           "hubs:"]
    for k, (x, y) in enumerate(inst["depots"]):
        out.append("  - {id: d%d, x: %s, y: %s, status: candidate, fixed_cost: %s, "
                   "capacity_kg: {ambient: %s, chilled: 0, frozen: 0}}"
                   % (k + 1, num(x), num(y), num(inst["opening"][k]), num(inst["capacity"][k])))
    out.append("points:")
    for i, (x, y) in enumerate(inst["customers"]):
        d = inst["demand"][i]
        if d > 0:
            out.append("  - {id: c%d, x: %s, y: %s, demand: {demand: %s}, "
                       "unserved_penalty_per_kg: %s}"
                       % (i + 1, num(x), num(y), num(d), repr(penalty_per_kg(inst, d))))
        else:
            out.append("  - {id: c%d, x: %s, y: %s}" % (i + 1, num(x), num(y)))
    out.append("vehicle_types:")
    for k in range(inst["m"]):
        out.append("  - {id: v%d, home_hub: d%d, count: %d, capacity: {kg: %s}, "
                   "fixed_cost: %s, cost_per_km: 1, cost_per_hour: 0, max_duration_minutes: 0}"
                   % (k + 1, k + 1, vehicle_count(inst, k), num(inst["q"]), num(inst["f"])))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dat", help="CLRP instance (.dat)")
    ap.add_argument("-o", "--output", help="YAML model (default: stdout)")
    args = ap.parse_args()
    name = os.path.splitext(os.path.basename(args.dat))[0]
    text = to_yaml(read_dat(args.dat), name)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
