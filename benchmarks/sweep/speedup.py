#!/usr/bin/python3
"""Wall-clock speed-up of terroir.sweep on a dask LocalCluster over the same
scenarios solved one by one in this process.

    PYTHONPATH=build/bindings/python /usr/bin/python3 benchmarks/sweep/speedup.py \
        [--workers 2] [--route-iterations 20]

Scenarios: the two smallest regional datasets (Nord-du-Québec, Côte-Nord)
with their demand scaled by 0.8, 0.9, ..., 1.7: 20 scenarios of 1-3 s each
with an iteration limit, so the figures do not depend on the machine.
Prints the serial and parallel times, their ratio, and whether every row
matched.  Measured, not asserted: the ratio depends on the cores free.
"""
import argparse
import os
import time

import terroir

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def scenarios():
    out = []
    for region in ("10-nord-du-quebec.yaml", "09-cote-nord.yaml"):
        base = terroir.Model.load(os.path.join(ROOT, "datasets", "regions", region)).to_dict()
        for k in range(10):
            factor = 0.8 + 0.1 * k
            d = dict(base, name="%s x%.1f" % (region[:-5], factor))
            d["points"] = [dict(p, demand={i: q * factor for i, q in p.get("demand", {}).items()})
                           for p in base["points"]]
            out.append(d)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--route-iterations", type=int, default=20)
    args = ap.parse_args()
    options = {"seed": 1, "route_iterations": args.route_iterations}
    todo = scenarios()

    start = time.perf_counter()
    serial = [terroir.run_scenario(s, **options) for s in todo]
    t_serial = time.perf_counter() - start

    from dask.distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    client.submit(lambda: None).result()  # workers up before the clock starts
    start = time.perf_counter()
    frame = terroir.sweep(todo, client, **options)
    t_parallel = time.perf_counter() - start
    client.close()
    cluster.close()

    keys = [k for k in terroir.sweep_module.KPI_COLUMNS if k not in ("solve seconds",)]
    same = all(
        all((a == b) or (a != a and b is None) for a, b in
            ((row[k], want[k]) for k in keys))
        for (_, row), want in zip(frame.iterrows(), serial))
    print("%d scenarios, %d workers, route_iterations %d" % (len(todo), args.workers,
                                                             args.route_iterations))
    print("serial   %.1f s" % t_serial)
    print("parallel %.1f s" % t_parallel)
    print("ratio    %.2f" % (t_serial / t_parallel))
    print("rows identical to the serial runs: %s" % same)
    print("statuses: %s" % sorted(set(frame["status"])))


if __name__ == "__main__":
    main()
