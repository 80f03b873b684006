#!/usr/bin/python3
"""Deadline benchmark (issue 12): time limits honoured at any size, a complete
plan whatever the limit, regional datasets solved without options.

Everything goes through the `terroir` command (public interface only); each
solve is its own process, timed and measured by /usr/bin/time (wall clock
and peak resident memory of that process).  Runs are sequential: one solve
at a time on the machine's shared cores; the load average is recorded
before and after each table.

    run.py limits  [--sizes 1000,5000,10000,20000] [--limits 2,5,30] [--runs 10]
                   [--region FILE] [--region-limits 1,3,5]
    run.py regions [FILE...]                 (default: datasets/regions/*.yaml)
    run.py quality [--limits 5,10,30,60] [--reference 600] [--runs 1]
                   [--phase all|reference|limits|table] [--tsv TSV]... FILE...

Common options: --build DIR (default build), --out PREFIX (default
benchmarks/results/deadline-<kind>-<date>), --seed N (default 1).

limits: for each generated model (generate.py, one open hub, SITES sites)
and limit, and for the region (default: the largest regional dataset) at
its limits: `terroir solve MODEL --time-limit S -o plan.json`.  Per run:
wall (process), solve (the plan's solve_seconds: the library call that the
limit is for), overrun = solve - limit, peak MiB, status, and whether the
plan is complete: at least one open hub, flows when the model has
producers, routes when it has vehicles, a status other than time_limit /
canceled.  The bound of the issue: overrun <= max(0.5 s, 5% of the limit).

regions: each regional dataset with no option at all (the automatic stall
rule and cap): wall, solve, status, served share.  The issue's bound: under
60 s each.

quality: the plan's objective at each limit against the best objective of
`--runs` runs at the reference limit (issue 12's quality-vs-time table); 12
minutes per model at the defaults, so run it on purpose.  `--phase reference`
runs only the reference solves, `--phase limits` only the limited ones,
`--phase table` none; the runs recorded in `--tsv` files (earlier phases)
count as if run in this invocation.

Writes PREFIX.md (tables) and PREFIX.tsv (one line per run).  Exit status 1
when a run fails, overruns or returns an incomplete plan (limits), or a
region takes 60 s or more (regions).
"""
import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REGION_WALL_MAX = 60.0


def uptime():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def overrun_bound(limit):
    return max(0.5, 0.05 * limit)


def model_shape(path):
    """(producers > 0, vehicle types > 0, sites) from `terroir info`-free
    parsing: the YAML keys of the file (the generator's and the datasets'
    one-item-per-line layout)."""
    producers = vehicles = sites = 0
    section = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line and not line[0].isspace() and line.rstrip().endswith(":"):
                section = line.strip()[:-1]
                continue
            if line.lstrip().startswith("- ") and line.startswith("  -"):
                if section == "producers":
                    producers += 1
                elif section == "vehicle_types":
                    vehicles += 1
                if section in ("producers", "hubs", "points"):
                    sites += 1
    return producers > 0, vehicles > 0, sites


def solve(cli, model, args, workdir):
    """One solve in its own process: a dict of what was measured."""
    plan_path = os.path.join(workdir, "plan.json")
    if os.path.exists(plan_path):
        os.remove(plan_path)
    timing = os.path.join(workdir, "time.txt")
    cmd = ["/usr/bin/time", "-o", timing, "-f", "%e %M", cli, "solve", model, "--quiet",
           "-o", plan_path] + args
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with open(timing, encoding="ascii") as f:
        last = f.read().strip().splitlines()[-1].split()
    run = {"exit": proc.returncode, "wall": float(last[0]), "peak_mib": int(last[1]) / 1024.0,
           "error": proc.stderr.strip().splitlines()[-1] if proc.returncode else ""}
    if proc.returncode == 0 and os.path.exists(plan_path):
        with open(plan_path, encoding="utf-8") as f:
            plan = json.load(f)
        run.update(status=plan["status"], solve=plan["solve_seconds"],
                   objective=plan["objective"],
                   served=plan["kpis"]["served_share"],
                   open_hubs=sum(1 for h in plan["hubs"] if h["open"]),
                   flows=len(plan["flows"]), routes=len(plan["routes"]))
    return run


def complete(run, shape):
    producers, vehicles, _ = shape
    return (run.get("status") not in (None, "time_limit", "canceled") and run["open_hubs"] > 0
            and (run["flows"] > 0 or not producers) and (run["routes"] > 0 or not vehicles))


def fmt(v, digits=2):
    return "-" if v is None else ("%.*f" % (digits, v))


class Report:
    def __init__(self, prefix, kind, argv):
        self.md = open(prefix + ".md", "w", encoding="utf-8")
        self.tsv = open(prefix + ".tsv", "w", encoding="utf-8")
        self.md.write("# Deadline benchmark (%s), %s\n\n" % (
            kind, datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
        rev = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                             capture_output=True, text=True).stdout.strip()
        self.md.write("host: %s %s, %d cores (each solve in its own process; the load "
                      "average at the end of each run is in the TSV); "
                      "terroir %s; command: `%s`\n\n" % (platform.system(), platform.machine(),
                                                        os.cpu_count(), rev, " ".join(argv)))

    def line(self, text=""):
        self.md.write(text + "\n")
        self.md.flush()

    def row(self, fields):
        self.tsv.write("\t".join(str(f) for f in fields) + "\n")
        self.tsv.flush()


def limits_cmd(a, cli, rep, work):
    cases = []
    for n in a.sizes:
        path = os.path.join(work, "generated-%d.yaml" % n)
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(n), "-o", path],
                       check=True)
        cases += [("generated %d" % n, path, s) for s in a.limits]
    region = a.region or max(glob.glob(os.path.join(ROOT, "datasets", "regions", "*.yaml")),
                             key=lambda p: model_shape(p)[2])
    cases += [(os.path.basename(region), region, s) for s in a.region_limits]
    rep.line("load average before: %s" % uptime())
    rep.line()
    rep.line("Overrun = the plan's solve_seconds - limit (the limit is that of terroir_solve()); "
             "wall = the whole process (loading the YAML, solving, writing the plan). "
             "Bound: overrun <= max(0.5 s, 5%% of the limit). %d runs per row." % a.runs)
    rep.line()
    rep.line("| model | sites | limit s | runs | wall s median / max | solve s median / max "
             "| overrun s max | peak MiB max | status | complete plans | served % median | flags |")
    rep.line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |")
    rep.row(["model", "sites", "limit", "run", "exit", "wall", "solve", "overrun", "peak_mib",
             "status", "complete", "served", "objective", "load"])
    bad = 0
    for name, path, limit in cases:
        shape = model_shape(path)
        runs = []
        for k in range(a.runs):
            r = solve(cli, path, ["--time-limit", str(limit), "--seed", str(a.seed + k)], work)
            r["complete"] = r["exit"] == 0 and complete(r, shape)
            r["overrun"] = r["solve"] - limit if "solve" in r else None
            runs.append(r)
            rep.row([name, shape[2], limit, k + 1, r["exit"], fmt(r["wall"], 3),
                     fmt(r.get("solve"), 3), fmt(r["overrun"], 3), fmt(r["peak_mib"], 1),
                     r.get("status", r["error"]), int(r["complete"]), fmt(r.get("served"), 4),
                     r.get("objective", ""), uptime()])
        ok = [r for r in runs if "solve" in r]
        over = max((r["overrun"] for r in ok), default=None)
        statuses = sorted({r.get("status", "error") for r in runs})
        n_complete = sum(r["complete"] for r in runs)
        flags = []
        if len(ok) < len(runs):
            flags.append("FAILED")
        if over is not None and over > overrun_bound(limit):
            flags.append("OVERRUN")
        if n_complete < len(runs):
            flags.append("INCOMPLETE")
        bad += bool(flags)
        rep.line("| %s | %d | %g | %d | %s / %s | %s / %s | %s | %s | %s | %d/%d | %s | %s |" % (
            name, shape[2], limit, len(runs),
            fmt(statistics.median(r["wall"] for r in runs)), fmt(max(r["wall"] for r in runs)),
            fmt(statistics.median(r["solve"] for r in ok) if ok else None),
            fmt(max(r["solve"] for r in ok) if ok else None), fmt(over),
            fmt(max(r["peak_mib"] for r in runs), 0), ", ".join(statuses), n_complete,
            len(runs), fmt(100 * statistics.median(r["served"] for r in ok) if ok else None, 1),
            " ".join(flags)))
    rep.line()
    rep.line("load average after: %s" % uptime())
    return bad


def regions_cmd(a, cli, rep, work):
    files = a.files or sorted(glob.glob(os.path.join(ROOT, "datasets", "regions", "*.yaml")))
    rep.line("load average before: %s" % uptime())
    rep.line()
    rep.line("No option at all: the automatic stall rule and cap (include/terroir/solve.h). "
             "Bound: wall < %g s." % REGION_WALL_MAX)
    rep.line()
    rep.line("| region | sites | wall s | solve s | peak MiB | status | served % | routes "
             "| objective | load average | flags |")
    rep.line("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | --- |")
    rep.row(["region", "sites", "exit", "wall", "solve", "peak_mib", "status", "served",
             "routes", "objective", "load"])
    bad = 0
    walls = []
    for path in files:
        shape = model_shape(path)
        r = solve(cli, path, ["--seed", str(a.seed)], work)
        load = uptime()
        walls.append(r["wall"])
        flags = []
        if "solve" not in r:
            flags.append("FAILED " + r["error"])
        if r["wall"] >= REGION_WALL_MAX:
            flags.append("OVER")
        bad += bool(flags)
        name = os.path.basename(path)[:-5]
        rep.row([name, shape[2], r["exit"], fmt(r["wall"], 3), fmt(r.get("solve"), 3),
                 fmt(r["peak_mib"], 1), r.get("status", ""), fmt(r.get("served"), 4),
                 r.get("routes", ""), r.get("objective", ""), load])
        rep.line("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, shape[2], fmt(r["wall"], 1), fmt(r.get("solve"), 1), fmt(r["peak_mib"], 0),
            r.get("status", "-"), fmt(100 * r["served"], 1) if "served" in r else "-",
            r.get("routes", "-"), fmt(r.get("objective"), 0), load, " ".join(flags)))
    rep.line()
    rep.line("Largest wall: %.1f s; total %.1f s. Load average after: %s" % (
        max(walls), sum(walls), uptime()))
    return bad


def read_quality_rows(paths):
    """[(model basename, limit, objective)] of the runs recorded in earlier
    quality TSVs (runs without an objective left out)."""
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if cols[0] == "model" or len(cols) < 4 or not cols[3]:
                    continue
                rows.append((os.path.basename(cols[0]), float(cols[1]), float(cols[3])))
    return rows


def quality_cmd(a, cli, rep, work):
    """Reference runs and limited runs per model, then the table of gaps.
    --phase reference runs only the former, --phase limits only the latter,
    --phase table none; runs recorded in --tsv files count as if run here, so
    the long reference runs can share the machine while the short runs get a
    quiet core, and the table is built from all of them."""
    rows = read_quality_rows(a.tsv)
    rep.line("load average before: %s" % uptime())
    rep.line()
    rep.row(["model", "limit", "run", "objective", "status", "served", "load"])
    runs = []
    if a.phase in ("all", "reference"):
        runs += [(path, a.reference, k) for path in a.files for k in range(a.runs)]
    if a.phase in ("all", "limits"):
        runs += [(path, s, 0) for path in a.files for s in a.limits]
    for path, limit, k in runs:
        r = solve(cli, path, ["--time-limit", "%g" % limit, "--seed", str(a.seed + k)], work)
        rep.row([path, limit, k + 1, r.get("objective", ""), r.get("status", ""),
                 r.get("served", ""), uptime()])
        if "objective" in r:
            rows.append((os.path.basename(path), limit, r["objective"]))
    rep.line("Gap = objective / best objective of the run(s) at %g s - 1; one run per "
             "limit, seed %d; each solve its own process." % (a.reference, a.seed))
    rep.line()
    rep.line("| model | " + " | ".join("%g s" % s for s in a.limits) + " | %g s best |"
             % a.reference)
    rep.line("| --- |" + " ---: |" * (len(a.limits) + 1))
    for path in a.files:
        name = os.path.basename(path)
        ref = [o for m, s, o in rows if m == name and s == a.reference]
        cells = []
        for limit in a.limits:
            got = [o for m, s, o in rows if m == name and s == limit]
            cells.append("%+.2f%%" % (100 * (got[-1] / min(ref) - 1)) if ref and got
                         else ("%.0f" % got[-1] if got else "-"))
        rep.line("| %s | %s | %s |" % (name, " | ".join(cells),
                                       fmt(min(ref), 0) if ref else "-"))
    rep.line()
    rep.line("load average after: %s" % uptime())
    return 0


def numbers(text, kind=float):
    return [kind(x) for x in text.split(",") if x]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=("limits", "regions", "quality"))
    ap.add_argument("files", nargs="*")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int)
    ap.add_argument("--sizes", type=lambda t: numbers(t, int), default=[1000, 5000, 10000, 20000])
    ap.add_argument("--limits", type=numbers)
    ap.add_argument("--region")
    ap.add_argument("--region-limits", type=numbers, default=[1, 3, 5])
    ap.add_argument("--reference", type=float, default=600)
    ap.add_argument("--phase", choices=("all", "reference", "limits", "table"),
                    default="all")
    ap.add_argument("--tsv", action="append", default=[])
    a = ap.parse_intermixed_args()
    if a.limits is None:
        a.limits = [5, 10, 30, 60] if a.kind == "quality" else [2, 5, 30]
    if a.runs is None:
        a.runs = 1 if a.kind == "quality" else 10
    if a.kind == "quality" and not a.files:
        ap.error("quality needs model files")
    cli = os.path.join(a.build, "cli", "terroir")
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
    prefix = a.out or os.path.join(ROOT, "benchmarks", "results", "deadline-%s-%s" % (a.kind,
                                                                                     stamp))
    rep = Report(prefix, a.kind, sys.argv)
    with tempfile.TemporaryDirectory(prefix="terroir-deadline-") as work:
        bad = {"limits": limits_cmd, "regions": regions_cmd, "quality": quality_cmd}[a.kind](
            a, cli, rep, work)
    print(prefix + ".md")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
