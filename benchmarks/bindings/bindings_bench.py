#!/usr/bin/python3
"""Per-call overhead of the Python bindings, against the same work in C
(bindings_bench.c): build a generated network of N sites through the
builder API (new model, add_* calls, validate), solve it (the same C work
on both sides, reported but not compared; routing bounded by
--route-seconds, so the plan's routes differ a little between runs, not its
size), and read back every route and every stop of the plan as Python
objects.  Building and reading back are timed separately,
`--runs` times each; the medians are printed as `key value` lines (the
format of bindings_bench.c), which run.sh compares.

    PYTHONPATH=BUILD/bindings/python bindings_bench.py [--sites N] [--runs R]
        [--route-seconds S] [--seed S]

The network (the same in C, from the same generator): 4 products (two
ambient, one chilled, one frozen), 20 open hubs with one vehicle type each
(10 vehicles of 4 t carrying every class), 20% of the sites producers
supplying 2 products, the rest distribution points demanding 1 or 2, all
in a 1 x 2 degree box of southern Québec.  Numbers come from a 64-bit LCG
(Knuth's MMIX constants) so that C and Python build the same model.
"""
import argparse
import statistics
import time

import terroir

HUBS = 20
PRODUCTS = [("p0", "ambient"), ("p1", "ambient"), ("p2", "chilled"), ("p3", "frozen")]
MASK = (1 << 64) - 1


class Lcg:
    """x <- x * 6364136223846793005 + 1442695040888963407 (mod 2^64);
    uniform numbers from the top 53 bits."""

    def __init__(self, seed):
        self.x = seed & MASK

    def uniform(self):
        self.x = (self.x * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.x >> 11) * (1.0 / 9007199254740992.0)

    def below(self, n):
        return int(self.uniform() * n)


def build(sites, seed):
    """The generated model, built call by call and validated."""
    rng = Lcg(seed)
    model = terroir.Model()
    model.set_settings(name="bindings benchmark")
    for pid, temperature in PRODUCTS:
        model.add_product(pid, temperature=temperature)
    producers = sites // 5
    points = sites - producers - HUBS
    for h in range(HUBS):
        model.add_hub("h%d" % h, lat=45.0 + rng.uniform(), lon=-74.0 + 2.0 * rng.uniform())
        model.add_vehicle_type("v%d" % h, home_hub=h, count=10, capacity={"kg": 4000},
                               temperatures=["ambient", "chilled", "frozen"],
                               cost_per_km=1.0, cost_per_hour=30.0, max_duration_minutes=600)
    for i in range(producers):
        model.add_producer("f%d" % i, lat=45.0 + rng.uniform(), lon=-74.0 + 2.0 * rng.uniform())
        first = rng.below(len(PRODUCTS))
        model.add_supply(i, first, 200.0 + 400.0 * rng.uniform())
        model.add_supply(i, (first + 1) % len(PRODUCTS), 200.0 + 400.0 * rng.uniform())
    for i in range(points):
        model.add_point("d%d" % i, lat=45.0 + rng.uniform(), lon=-74.0 + 2.0 * rng.uniform(),
                        priority=1 + rng.below(5))
        model.add_demand(i, rng.below(len(PRODUCTS)), 5.0 + 20.0 * rng.uniform())
        if rng.uniform() < 0.5:
            model.add_demand(i, rng.below(len(PRODUCTS)), 5.0 + 20.0 * rng.uniform())
    return model.validate()


def read_back(plan):
    """Every route and stop, as Python objects; a checksum of what was read."""
    stops, km, kg = 0, 0.0, 0.0
    for route in plan.routes:
        km += route.km
        for stop in route.stops:
            stops += 1
            kg += stop.delivery["kg"] + stop.pickup["kg"]
    return len(plan.routes), stops, km, kg


def model_checksum(model):
    """Sum of quantity x (product index + 1) over supply then demand lines,
    in model order (as bindings_bench.c sums it)."""
    data = model.to_dict()
    index = {p["id"]: i for i, p in enumerate(data["products"])}
    total = 0.0
    for key, lines in (("producers", "supply"), ("points", "demand")):
        for site in data[key]:
            for product, quantity in site[lines].items():
                total += quantity * (index[product] + 1)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--route-seconds", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    build_times = []
    model = None
    for _ in range(args.runs):
        start = time.perf_counter()
        model = build(args.sites, args.seed)
        build_times.append(time.perf_counter() - start)
    start = time.perf_counter()
    plan = terroir.solve(model, seed=1, route_seconds=args.route_seconds)
    solve_seconds = time.perf_counter() - start
    read_times = []
    for _ in range(args.runs):
        # Plan.routes is read once and kept: forget it to time the reading.
        plan.__dict__.pop("routes", None)
        start = time.perf_counter()
        checksum = read_back(plan)
        read_times.append(time.perf_counter() - start)
    print("language python")
    print("sites %d" % model.count("site"))
    print("model_checksum %.6f" % model_checksum(model))
    print("build_seconds %.6f" % statistics.median(build_times))
    print("solve_seconds %.6f" % solve_seconds)
    print("readback_seconds %.6f" % statistics.median(read_times))
    print("routes %d" % checksum[0])
    print("stops %d" % checksum[1])
    print("route_km %.6f" % checksum[2])
    print("stop_kg %.6f" % checksum[3])
    print("objective %.6f" % plan.objective)


if __name__ == "__main__":
    main()
