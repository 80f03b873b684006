#!/usr/bin/python3
"""Issue 11 on the regional datasets: before and after, side by side.

For each model (default: datasets/regions/*.yaml, then the default dataset):
  after   BUILD/benchmarks/sync_check solves it (--time, --seed) and checks the
          plan's own routes with the library's checker (terroir_route_check_plan),
          writing the plan JSON;
  before  BEFORE/cli/terroir solve (an earlier build, e.g. v0.2.0) with the same
          time limit and seed, writing its plan JSON;
  both    benchmarks/sync/check_sync.py (no library code) checks every plan JSON.
The two sequences run side by side, one process each (the machine has 2 cores).
Writes benchmarks/results/sync-regions-<date>.md and .tsv: served %, routes, km
and operating cost (no penalty) before and after, the library's violations by
kind (after) and the independent checker's (before and after).

The earlier version gets each model without the keys it does not read
(--before-strip: the days of the cycle and storage of issue 11, item 2).

Usage: regions.py --before BUILD_DIR [--build BUILD_DIR] [--time S] [--seed N]
                  [--before-strip KEY,...] [MODEL.yaml...]
"""
import argparse
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def plan_figures(path):
    """served %, routes, km, operating cost from a plan JSON (no library)."""
    with open(path, encoding="utf-8") as f:
        p = json.load(f)
    c = p["cost"]
    money = c["fixed_hub"] + c["handling"] + c["transport"] + c["vehicle_fixed"] + c["co2"]
    k = p["kpis"]
    served = 100.0 * k["served_kg"] / k["demand_kg"] if k["demand_kg"] else 100.0
    km = sum(r["km"] for r in p.get("routes", []))
    return served, len(p.get("routes", [])), km, money


def independent(paths):
    """check_sync.py's one-line verdict per plan: {path: line}."""
    out = {}
    for path in paths:
        r = subprocess.run([sys.executable, os.path.join(HERE, "check_sync.py"), path],
                           capture_output=True, text=True)
        out[path] = (r.returncode, r.stdout.strip().splitlines()[-1] if r.stdout.strip() else
                     r.stderr.strip())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True, help="build directory of the earlier version")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--time", type=float, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--before-strip", default="delivery_days,pickup_days,storage_kg",
                    help="model keys the earlier version does not read: its run gets a copy of"
                         " each model without those lines (one-line keys only)")
    ap.add_argument("models", nargs="*")
    a = ap.parse_args()
    models = a.models or (sorted(glob.glob(os.path.join(ROOT, "datasets/regions/*.yaml"))) +
                          [os.path.join(ROOT, "datasets/quebec/monteregie.yaml")])
    work = tempfile.mkdtemp(prefix="sync-regions-")
    os.makedirs(os.path.join(work, "after"))
    os.makedirs(os.path.join(work, "before"))
    after = subprocess.Popen([os.path.join(a.build, "benchmarks", "sync_check"), "--time",
                              str(a.time), "--seed", str(a.seed), "--out",
                              os.path.join(work, "after")] + models,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    strip = tuple(k + ":" for k in a.before_strip.split(",") if k)
    for m in models:
        out = os.path.join(work, "before", os.path.basename(m) + ".json")
        with open(m, encoding="utf-8") as f:
            lines = f.readlines()
        kept = [x for x in lines if not x.lstrip().startswith(strip)]
        if len(kept) != len(lines):
            m = os.path.join(work, "before", os.path.basename(m))
            with open(m, "w", encoding="utf-8") as f:
                f.writelines(kept)
        subprocess.run([os.path.join(a.before, "cli", "terroir"), "solve", m, "--time-limit",
                        str(a.time), "--seed", str(a.seed), "-q", "-o", out], check=True)
    lib_out, lib_err = after.communicate()
    lib = {}
    for line in lib_out.splitlines()[1:]:
        f = line.split("\t")
        lib[f[0]] = f
    if after.returncode not in (0, 1):
        sys.stderr.write(lib_err)
        return 2
    names = [os.path.basename(m) for m in models]
    ind_before = independent([os.path.join(work, "before", n + ".json") for n in names])
    ind_after = independent([os.path.join(work, "after", n + ".json") for n in names])
    stamp = datetime.datetime.utcnow().strftime("%Y%m%d-%H%M%S")
    res = os.path.join(ROOT, "benchmarks", "results", "sync-regions-" + stamp)
    rows, tsv = [], ["model\tserved_before\tserved_after\troutes_before\troutes_after\t"
                     "km_before\tkm_after\tcost_before\tcost_after\tlib_violations\t"
                     "lib_sync\tlib_stock\tlib_shelf\tlib_vehicle_day\tlib_other\t"
                     "indep_before_rc\tindep_after_rc\tindep_before\tindep_after"]
    tot = [0.0] * 8
    for n in names:
        sb, rb, kb, cb = plan_figures(os.path.join(work, "before", n + ".json"))
        sa, ra, ka, ca = plan_figures(os.path.join(work, "after", n + ".json"))
        L = lib.get(n, [n, "?"] + ["?"] * 10)
        ib = ind_before[os.path.join(work, "before", n + ".json")]
        ia = ind_after[os.path.join(work, "after", n + ".json")]
        tsv.append("\t".join(str(x) for x in [n, sb, sa, rb, ra, kb, ka, cb, ca] + L[6:12] +
                             [ib[0], ia[0], ib[1], ia[1]]))
        rows.append("| %s | %.1f | %.1f | %d | %d | %.0f | %.0f | %.0f | %.0f | %+.1f%% | %s | %s | %s |"
                    % (n.replace(".yaml", ""), sb, sa, rb, ra, kb, ka, cb, ca,
                       100.0 * (ca - cb) / cb if cb else 0.0, L[6],
                       "clean" if ib[0] == 0 else "violations",
                       "clean" if ia[0] == 0 else "violations"))
        for i, x in enumerate([sb, sa, rb, ra, kb, ka, cb, ca]):
            tot[i] += x
    load = os.getloadavg()
    with open(res + ".tsv", "w", encoding="utf-8") as f:
        f.write("\n".join(tsv) + "\n")
    with open(res + ".md", "w", encoding="utf-8") as f:
        f.write("# Cross-dock synchronisation on the regional datasets, %s\n\n" % stamp)
        f.write("before: `%s` (terroir solve); after: `%s` (sync_check); %g s per model, seed %d,"
                " the two side by side, one process each; load average at the end %.1f %.1f %.1f."
                "\n\n" % (a.before, a.build, a.time, a.seed, *load))
        f.write("served: % of demand delivered after routing; cost: operating cost per cycle"
                " (hubs, handling, transport, vehicles, CO2; no penalty); library: violations"
                " found by terroir_route_check_plan() in the after plan; independent:"
                " check_sync.py on each plan JSON (before: in kg, its plans list no products)."
                "\n\n")
        f.write("| model | served before | served after | routes before | routes after | km before"
                " | km after | cost before | cost after | cost change | library violations"
                " | independent before | independent after |\n")
        f.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
        f.write("\n".join(rows) + "\n")
        n = len(names)
        f.write("\nMeans over %d models: served %.1f%% before, %.1f%% after; routes %.1f / %.1f;"
                " km %.0f / %.0f; operating cost %.0f / %.0f.\n"
                % (n, tot[0] / n, tot[1] / n, tot[2] / n, tot[3] / n, tot[4] / n, tot[5] / n,
                   tot[6] / n, tot[7] / n))
        f.write("\nIndependent checker, line per plan:\n\n")
        for nm in names:
            f.write("- %s: before `%s`; after `%s`\n" % (
                nm, ind_before[os.path.join(work, "before", nm + ".json")][1],
                ind_after[os.path.join(work, "after", nm + ".json")][1]))
    print(res + ".md")
    return 0 if all(v[0] == 0 for v in ind_after.values()) and all(
        L[6] == "0" for L in lib.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
