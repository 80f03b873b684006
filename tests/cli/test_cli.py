#!/usr/bin/python3
"""Behaviour tests of the terroir command, one meson test per case.

    test_cli.py --list
    test_cli.py CASE --terroir EXE --data DIR --expected DIR --bench DIR...
                     --default-dataset YAML --version X.Y.Z

Each case runs the command as a user would and checks exit codes, stdout and
stderr.  Exit status: 0 pass, 1 fail, 77 skip (meson's convention), e.g.
when the benchmark files are not on this machine.  Standard library only.

With TERROIR_CLI_VALGRIND set to valgrind's path (the meson test setup
`valgrindcli`: meson test -C BUILD --setup valgrindcli --suite cli), every
run of the command goes through memcheck; any error or definite or
indirect leak fails the case with valgrind's report, whatever the case
expected.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

CASES = {}
PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error: .+")


class Skip(Exception):
    pass


def case(fn):
    CASES[fn.__name__] = fn
    return fn


# Variables that choose the command's language: cleared for every run, so
# that the cases read English whatever the language of the person running
# them; cases about languages set them through `env`.
LANGUAGE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")

VALGRIND = os.environ.get("TERROIR_CLI_VALGRIND")
VALGRIND_ERROR = 97  # memcheck's exit code when it found something
VALGRIND_SLOWDOWN = 20


def valgrind_prefix(log):
    """The memcheck command in front of terroir (libinput's choice of
    options, as the unit tests' `valgrind` setup), its report into `log`."""
    return [VALGRIND, "--quiet", "--error-exitcode=%d" % VALGRIND_ERROR, "--leak-check=full",
            "--show-leak-kinds=definite,indirect", "--errors-for-leak-kinds=definite,indirect",
            "--num-callers=30", "--log-file=" + log]


def run(ctx, *args, cwd=None, stdout=None, env=None):
    """Run terroir with args; returns (exit code, stdout, stderr)."""
    environ = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARS}
    environ.update(env or {})
    prefix, log = [], None
    if VALGRIND:
        fd, log = tempfile.mkstemp(prefix="terroir-valgrind-", suffix=".log")
        os.close(fd)
        prefix = valgrind_prefix(log)
    try:
        proc = subprocess.run([*prefix, ctx.terroir, *args], cwd=cwd, env=environ,
                              timeout=120 * (VALGRIND_SLOWDOWN if VALGRIND else 1),
                              stdout=stdout if stdout is not None else subprocess.PIPE,
                              stderr=subprocess.PIPE)
        if VALGRIND and proc.returncode == VALGRIND_ERROR:
            with open(log, encoding="utf-8", errors="replace") as f:
                raise AssertionError("valgrind: memory errors or leaks in terroir %s\n%s"
                                     % (" ".join(map(str, args)), f.read()))
    finally:
        if log:
            os.unlink(log)
    out = proc.stdout.decode("utf-8", "replace") if proc.stdout is not None else ""
    return proc.returncode, out, proc.stderr.decode("utf-8", "replace")


def expect(cond, what, *details):
    if not cond:
        raise AssertionError(what + "".join("\n--- " + str(d) for d in details))


def expect_exit(got, want, out, err):
    expect(got == want, "exit code %d, expected %d" % (got, want),
           "stdout:\n" + out, "stderr:\n" + err)


def problems(err):
    """Lines of stderr in FILE:LINE:COL: error: MESSAGE format."""
    return [m for m in (PROBLEM.match(line) for line in err.splitlines()) if m]


def counts(summary):
    """Entity counts from a `terroir validate` line."""
    found = {}
    for n, what in re.findall(r"(\d+) (product|producer|hub|point|vehicle type)s?\b",
                              summary):
        found[what] = int(n)
    return found


def bench_file(ctx, relpath):
    """A benchmark file: the first of the --bench folders holding it, by
    relative path or by its name alone (tests/data/bench is flat)."""
    name = os.path.basename(relpath)
    for bench in ctx.bench:
        path = os.path.join(bench, relpath)
        if os.path.isfile(path):
            return path
        for root, _dirs, files in os.walk(bench):
            if name in files:
                return os.path.join(root, name)
    raise Skip("benchmark file %s not found under %s" % (relpath, ", ".join(ctx.bench)))


# ---------------------------------------------------------------- validate

@case
def validate_accepts_good_file(ctx):
    code, out, err = run(ctx, "validate", "small.yaml", cwd=ctx.data)
    expect_exit(code, 0, out, err)
    expect(out == "small.yaml: valid (3 products, 2 producers, 2 hubs, 3 points, "
           "2 vehicle types)\n", "unexpected summary", out)
    expect(err == "", "stderr not empty", err)


def validate_bad(ctx, name, at_least=1):
    code, out, err = run(ctx, "validate", name, cwd=ctx.data)
    expect_exit(code, 1, out, err)
    found = problems(err)
    expect(len(found) >= at_least,
           "expected at least %d FILE:LINE:COL problems" % at_least, err)
    for m in found:
        expect(m.group("file") == name, "problem names another file", m.group(0))
        expect(int(m.group("line")) >= 1 and int(m.group("col")) >= 1,
               "line and column must be 1-based", m.group(0))
    expect(out == "", "nothing on stdout for an invalid file", out)


@case
def validate_reports_syntax_error_position(ctx):
    validate_bad(ctx, "bad-syntax.yaml")


@case
def validate_reports_unknown_key_position(ctx):
    code, out, err = run(ctx, "validate", "bad-unknown-key.yaml", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    found = problems(err)
    expect(found, "no FILE:LINE:COL problem", err)
    expect(any(m.group("line") == "5" for m in found),
           "the unknown key is on line 5", err)


@case
def validate_reports_unknown_temperature(ctx):
    validate_bad(ctx, "bad-temperature.yaml")


@case
def validate_reports_every_problem(ctx):
    # Unknown product, negative demand and unknown home hub: the loader keeps
    # going after the first problem.
    validate_bad(ctx, "bad-references.yaml", at_least=2)


@case
def validate_rejects_missing_file(ctx):
    code, out, err = run(ctx, "validate", "no-such-file.yaml", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect(err.startswith("no-such-file.yaml"), "the message names the file", err)
    expect(": error: " in err, "compiler-like message", err)


@case
def validate_checks_every_file(ctx):
    code, out, err = run(ctx, "validate", "small.yaml", "bad-unknown-key.yaml", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect(out.startswith("small.yaml: valid"), "the good file is reported", out)
    expect(problems(err), "the bad file is reported", err)


@case
def validate_needs_a_file(ctx):
    code, out, err = run(ctx, "validate")
    expect_exit(code, 1, out, err)
    expect("usage: terroir validate" in err, "short usage on stderr", err)


# ---------------------------------------------------------------- info

@case
def info_describes_default_dataset(ctx):
    code, out, err = run(ctx, "info")
    expect_exit(code, 0, out, err)
    for heading in ("Model", "Entities", "Points by kind", "Products (", "Hubs (", "Fleet ("):
        expect(re.search(r"^" + re.escape(heading), out, re.M),
               "missing heading %r" % heading, out)
    # The default dataset is the file embedded at build time: its product
    # count, as validate sees it, must be the one info reports.
    code, vout, verr = run(ctx, "validate", ctx.default_dataset)
    expect_exit(code, 0, vout, verr)
    n = counts(vout)["product"]
    m = re.search(r"^Products \((\d+)\)$", out, re.M)
    expect(m and int(m.group(1)) == n, "info shows %d products" % n, out)
    m = re.search(r"^  products\s+(\d+)$", out, re.M)
    expect(m and int(m.group(1)) == n, "entity table shows %d products" % n, out)
    name = os.path.basename(ctx.default_dataset)
    expect(re.search(r"^  source\s+" + re.escape(name), out, re.M),
           "source names %s" % name, out)


@case
def info_prints_expected_tables(ctx):
    code, out, err = run(ctx, "info", "small.yaml", cwd=ctx.data)
    expect_exit(code, 0, out, err)
    with open(os.path.join(ctx.expected, "info-small.txt"), encoding="utf-8") as f:
        want = f.read()
    if out != want:
        import difflib
        diff = "".join(difflib.unified_diff(want.splitlines(True), out.splitlines(True),
                                            "expected", "got"))
        raise AssertionError("info output differs\n" + diff)


@case
def info_reports_problems_of_invalid_file(ctx):
    code, out, err = run(ctx, "info", "bad-unknown-key.yaml", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect(problems(err), "FILE:LINE:COL problem on stderr", err)
    expect(out == "", "no summary for an invalid file", out)


@case
def info_rejects_two_files(ctx):
    code, out, err = run(ctx, "info", "small.yaml", "small.yaml", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect("usage: terroir info" in err, "short usage on stderr", err)


@case
def info_fails_when_stdout_is_full(ctx):
    if not os.path.exists("/dev/full"):
        raise Skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        code, out, err = run(ctx, "info", stdout=full)
    expect_exit(code, 2, out, err)
    expect("cannot write standard output" in err, "write error reported", err)


# ---------------------------------------------------------------- import

def import_and_validate(ctx, fmt, relpath, *extra, want):
    src = bench_file(ctx, relpath)
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, "out.yaml")
        code, out, err = run(ctx, "import", fmt, src, "-o", dst, *extra)
        expect_exit(code, 0, out, err)
        expect(out == "", "nothing on stdout with -o", out)
        code, out, err = run(ctx, "validate", dst)
        expect_exit(code, 0, out, err)
    got = counts(out)
    for what, n in want.items():
        expect(got.get(what) == n, "%s: expected %d %ss" % (relpath, n, what), out)


@case
def import_vrplib_writes_valid_yaml(ctx):
    import_and_validate(ctx, "vrplib", "cvrplib-x/X-n101-k25.vrp",
                        want={"product": 1, "hub": 1, "point": 100, "vehicle type": 1})


@case
def import_solomon_writes_valid_yaml(ctx):
    import_and_validate(ctx, "solomon", "solomon/C101.txt",
                        want={"hub": 1, "point": 100})


@case
def import_orlib_cap_writes_valid_yaml(ctx):
    import_and_validate(ctx, "orlib-cap", "orlib-cflp/cap41.txt",
                        want={"product": 1, "producer": 1, "hub": 16, "point": 50})


@case
def import_cordeau_writes_valid_yaml(ctx):
    # p01: 50 customers, 4 depots with 4 vehicles each (one type per depot).
    import_and_validate(ctx, "cordeau", "mdvrp-cordeau/p01.txt",
                        want={"hub": 4, "point": 50, "vehicle type": 4})


@case
def import_clrp_writes_valid_yaml(ctx):
    # coord20-5-1: 20 customers, 5 candidate depots with one fleet each,
    # Prodhon's ceil(100 * euclid) distances.
    import_and_validate(ctx, "clrp", "lrp/prodhon/coord20-5-1.dat",
                        want={"product": 1, "hub": 5, "point": 20, "vehicle type": 5})
    src = bench_file(ctx, "lrp/prodhon/coord20-5-1.dat")
    code, out, err = run(ctx, "import", "clrp", src)
    expect_exit(code, 0, out, err)
    expect(re.search(r"^  rounding: ceil_100$", out, re.M), "rounding ceil_100", out[:400])
    expect(out.count("status: candidate") == 5, "5 candidate hubs", out[:2000])


@case
def import_clrp_reports_malformed_file_with_position(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "bad.dat")
        with open(src, "w", encoding="utf-8") as f:
            # 1 customer, 1 depot, then the distance flag is 2.
            f.write("1\n1\n0 0\n3 4\n10\n20\n5\n100\n7\n2\n")
        code, out, err = run(ctx, "import", "clrp", src)
    expect_exit(code, 1, out, err)
    found = problems(err)
    expect(found and found[0].group("file") == src and found[0].group("line") == "10"
           and found[0].group("col") == "1", "FILE:10:1 of the flag", err)
    expect("distance flag" in err, "names the flag", err)
    expect(out == "", "nothing on stdout", out)


@case
def import_help_lists_clrp(ctx):
    code, out, err = run(ctx, "import", "--help")
    expect_exit(code, 0, out, err)
    expect("clrp" in out and "ceil(100 * euclid)" in out, "the clrp format described", out)


@case
def import_writes_yaml_on_stdout_without_output(ctx):
    src = bench_file(ctx, "cvrplib-x/X-n101-k25.vrp")
    code, out, err = run(ctx, "import", "vrplib", src)
    expect_exit(code, 0, out, err)
    expect(re.search(r"^terroir: 1\s*$", out, re.M), "a YAML model on stdout", out[:400])
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, "stdout.yaml")
        with open(dst, "w", encoding="utf-8") as f:
            f.write(out)
        code, vout, verr = run(ctx, "validate", dst)
        expect_exit(code, 0, vout, verr)
        expect(counts(vout).get("point") == 100, "100 points", vout)


@case
def import_orlib_capa_needs_capacity(ctx):
    src = bench_file(ctx, "orlib-cflp/capa.txt")
    code, out, err = run(ctx, "import", "orlib-cap", src)
    expect_exit(code, 1, out, err)
    found = problems(err)
    expect(found and found[0].group("file") == src,
           "FILE:LINE:COL of the word 'capacity'", err)


@case
def import_rejects_unknown_format(ctx):
    code, out, err = run(ctx, "import", "tsplib", "x.vrp")
    expect_exit(code, 1, out, err)
    expect("unknown format 'tsplib'" in err, "names the format", err)
    expect("usage: terroir import" in err, "short usage on stderr", err)


@case
def import_reports_unreadable_input(ctx):
    code, out, err = run(ctx, "import", "solomon", "no-such-file.txt", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect(err.startswith("no-such-file.txt"), "the message names the file", err)


@case
def import_rejects_bad_capacity(ctx):
    code, out, err = run(ctx, "import", "orlib-cap", "x.txt", "--capacity", "lots")
    expect_exit(code, 1, out, err)
    expect("--capacity" in err, "names the option", err)


@case
def import_exits_2_when_output_cannot_be_written(ctx):
    src = bench_file(ctx, "cvrplib-x/X-n101-k25.vrp")
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, "missing-dir", "out.yaml")
        code, out, err = run(ctx, "import", "vrplib", src, "-o", dst)
    expect_exit(code, 2, out, err)
    expect("error:" in err, "an error message", err)


# ---------------------------------------------------------------- route check, solve with routes

@case
def route_check_prints_routes_and_finds_no_violation(ctx):
    model = os.path.join(ctx.data, "small.yaml")
    routes = os.path.join(ctx.data, "routes-small.yaml")
    code, out, err = run(ctx, "route", "check", model, routes)
    expect_exit(code, 0, out, err)
    expect("Route 1: reefer-st-hyacinthe #1 from hub-st-hyacinthe, 3 stops" in out,
           "the route's header", out)
    expect(re.search(r"^\s+2\s+ecole-st-jean\s+delivery\s+\d+:\d\d\s+\d+:\d\d", out, re.M),
           "the school's schedule", out)
    expect(re.search(r"1 route, 3 stops, [0-9.]+ km, [0-9]+ min, cost [0-9.]+, "
                     r"[0-9.]+ kg CO2: no violation$", out, re.M), "the totals", out)
    expect(err == "", "stderr empty", err)


@case
def route_check_reports_violations_and_exits_1(ctx):
    model = os.path.join(ctx.data, "small.yaml")
    routes = os.path.join(ctx.data, "routes-bad.yaml")
    code, out, err = run(ctx, "route", "check", "--quiet", model, routes)
    expect_exit(code, 1, out, err)
    expect(re.search(r"routes-bad\.yaml: route 1, stop 1: temperature: vehicle type "
                     r"'van-granby' cannot carry", out), "the temperature violation", out)
    expect(out.count(": missing_stop: ") == 2, "two points missing", out)
    expect("Route 1:" not in out, "--quiet prints no route table", out)
    expect("3 violations" in out, "the count", out)


@case
def route_check_reports_goods_leaving_a_hub_before_they_reach_it(ctx):
    model = os.path.join(ctx.data, "small.yaml")
    routes = os.path.join(ctx.data, "routes-sync.yaml")
    code, out, err = run(ctx, "route", "check", "--quiet", model, routes)
    expect_exit(code, 1, out, err)
    # reefer #1 is back at the hub at 8:01; +30 min cross-dock
    for product, kg in (("potatoes", 800), ("lettuce", 80)):
        expect(re.search(rf"routes-sync\.yaml: route 2: synchronisation: {kg} kg of '{product}' "
                         rf"leave hub 'hub-st-hyacinthe' on route 2 at day 1 07:00, 90\.7 min "
                         rf"before they are there \(they arrive at day 1 08:01 \+ 30 min "
                         rf"cross-dock\) \[product '{product}', hub 'hub-st-hyacinthe', "
                         rf"day 1 7:00\]$", out, re.M), "the synchronisation of " + product, out)
    expect(": missing_stop: " in out, "the grocery store is missing", out)
    expect("3 violations" in out, "the count", out)
    # a product the model does not have, at its position
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "r.yaml")
        with open(bad, "w") as f:
            f.write("terroir_routes: 1\nroutes:\n  - vehicle_type: van-granby\n"
                    "    stops:\n      - site: ecole-st-jean\n        products: {carrots: 1}\n")
        code, out, err = run(ctx, "route", "check", model, bad)
        expect_exit(code, 1, out, err)
        expect(re.search(r"r\.yaml:6:20: error: unknown product 'carrots'", err), "position", err)


@case
def route_check_reports_days_and_overnight_storage(ctx):
    # small.yaml over 3 days: the food bank receives on day 2 only, the
    # St-Hyacinthe hub keeps 500 kg of ambient goods overnight.
    with open(os.path.join(ctx.data, "small.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("  speed_kmh: 60\n", "  speed_kmh: 60\n  operating_days: 3\n")
    text = text.replace("frozen: unlimited}\n", "frozen: unlimited}\n"
                        "    storage_kg: {ambient: 500, chilled: unlimited, frozen: unlimited}\n")
    text = text.replace("    priority: 1\n", "    priority: 1\n    delivery_days: [2]\n")
    with tempfile.TemporaryDirectory() as tmp:
        model, routes = os.path.join(tmp, "m.yaml"), os.path.join(tmp, "r.yaml")
        with open(model, "w", encoding="utf-8") as f:
            f.write(text)
        # reefer #1 collects 1500 kg of potatoes on day 1; reefer #2 takes
        # 800 kg of them away at 10:00: 700 kg stay overnight.
        with open(routes, "w", encoding="utf-8") as f:
            f.write("terroir_routes: 1\nroutes:\n"
                    "  - {vehicle_type: reefer-st-hyacinthe, vehicle: 0, day: 1, "
                    "departure: \"7:00\", stops: [ferme-du-ruisseau]}\n"
                    "  - vehicle_type: reefer-st-hyacinthe\n    vehicle: 1\n    day: 1\n"
                    "    departure: \"10:00\"\n    stops:\n"
                    "      - {site: moisson-rive-sud, products: {potatoes: 600, lettuce: 80}}\n"
                    "      - {site: ecole-st-jean, products: {potatoes: 200}}\n")
        code, out, err = run(ctx, "route", "check", "--quiet", model, routes)
    expect_exit(code, 1, out, err)
    expect(re.search(r"r\.yaml: route 2, stop 1: day: point 'moisson-rive-sud' receives on "
                     r"day 2; route 2 delivers 680 kg there on day 1 \[hub 'hub-st-hyacinthe', "
                     r"day 1 10:\d\d\]$", out, re.M), "the delivery on day 1", out)
    for day in (1, 2):
        expect(re.search(rf"r\.yaml: storage: hub 'hub-st-hyacinthe' holds 700 kg of ambient "
                         rf"goods at the end of day {day}, above its overnight storage of 500 kg "
                         rf"for them \(200 kg over\) \[hub 'hub-st-hyacinthe', "
                         rf"day {day + 1} 0:00\]$", out, re.M), "storage, night %d" % day, out)
    expect("4 violations" in out, "the count (and the grocery store missing)", out)


@case
def route_check_reports_file_problems_with_position(ctx):
    model = os.path.join(ctx.data, "small.yaml")
    routes = os.path.join(ctx.data, "routes-bad-key.yaml")
    code, out, err = run(ctx, "route", "check", model, routes)
    expect_exit(code, 1, out, err)
    found = problems(err)
    expect(len(found) == 1 and found[0].group("line") == "6" and "tonnes" in err,
           "one problem at line 6", err)
    code, out, err = run(ctx, "route", "check", model, os.path.join(ctx.data, "nope.yaml"))
    expect_exit(code, 1, out, err)
    # an id the model does not know, at its position
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "r.yaml")
        with open(bad, "w") as f:
            f.write("terroir_routes: 1\nroutes:\n  - vehicle_type: van-granby\n"
                    "    stops: [nowhere]\n")
        code, out, err = run(ctx, "route", "check", model, bad)
        expect_exit(code, 1, out, err)
        expect(re.search(r"r\.yaml:4:13: error: unknown site 'nowhere'", err), "position", err)


@case
def route_needs_an_action_and_two_files(ctx):
    model = os.path.join(ctx.data, "small.yaml")
    for args in (("route",), ("route", "check", model), ("route", "plan", model, model),
                 ("route", "check", model, model, model)):
        code, out, err = run(ctx, *args)
        expect_exit(code, 1, out, err)
        expect("usage: terroir route" in err, "short usage", args, err)


@case
def solve_default_dataset_writes_routes(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        plan = os.path.join(tmp, "plan.json")
        code, out, err = run(ctx, "solve", "--time-limit", "8", "-q", "-o", plan)
        expect_exit(code, 0, out, err)
        import json
        with open(plan, encoding="utf-8") as f:
            p = json.load(f)
    expect(p["status"] == "feasible", "a feasible plan", p["status"])
    expect(len(p["routes"]) > 0, "routes", p.get("routing"))
    expect(p["routing"]["routes"] == len(p["routes"]), "routing.routes", p["routing"])
    expect(p["routing"]["unserved_stops"] == len(p["unserved_stops"]), "unserved count")
    reasons = {"capacity", "time_window", "duration", "no_compatible_vehicle", "fleet_size",
               "cost"}
    for u in p["unserved_stops"]:
        expect(u["reason"] in reasons and u["detail"], "a reason", u)
    for r in p["routes"]:
        expect(r["stops"] and r["km"] > 0 and r["cost"] > 0, "a real route", r)
        for s in r["stops"]:
            expect(s["kind"] in ("pickup", "delivery") and s["start"] >= s["arrival"],
                   "a stop", s)
    total = sum(r["cost"] for r in p["routes"])
    expect(abs(total - p["routing"]["cost"]) <= 1e-6 * max(1.0, total), "routing cost", total)


@case
def solve_checks_outputs_before_solving(ctx):
    # A limit of ten minutes: a check made after the solve would not come
    # back within run()'s two minutes.
    model = os.path.join(ctx.data, "small.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        a_file = os.path.join(tmp, "a-file")
        with open(a_file, "w", encoding="utf-8") as f:
            f.write("x")
        missing = os.path.join(tmp, "missing")
        for args in (["-o", os.path.join(missing, "plan.json")],
                     ["-o", tmp],
                     ["--report", os.path.join(missing, "report.html")],
                     ["--geojson", os.path.join(missing, "map.geojson")],
                     ["--write-lp", os.path.join(missing, "design.lp")],
                     ["--csv", os.path.join(missing, "deeper", "tables")],
                     ["--csv", a_file],
                     ["--route-sheets", a_file]):
            code, out, err = run(ctx, "solve", model, "--time-limit", "600", *args)
            expect_exit(code, 2, out, err)
            expect("checked before solving" in err, "the reason, before any solve", args, err)
            expect(out == "", "no summary: nothing was solved", args, out)
        expect(sorted(os.listdir(tmp)) == ["a-file"], "nothing left behind", os.listdir(tmp))


def signal_caught(pid, signo):
    """Whether process `pid` catches signal `signo` (Linux /proc)."""
    with open("/proc/%d/status" % pid, encoding="ascii") as f:
        for line in f:
            if line.startswith("SigCgt:"):
                return int(line.split()[1], 16) >> (signo - 1) & 1
    return 0


@case
def solve_on_ctrl_c_writes_the_plan_so_far_and_exits_130(ctx):
    import json
    import signal
    import time
    if not os.path.exists("/proc/self/status"):
        raise Skip("needs /proc to see when the command catches SIGINT")
    with tempfile.TemporaryDirectory() as tmp:
        plan = os.path.join(tmp, "plan.json")
        environ = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARS}
        proc = subprocess.Popen([ctx.terroir, "solve", "--time-limit", "600", "-o", plan],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ)
        try:
            waited = 0.0
            while not signal_caught(proc.pid, signal.SIGINT) and waited < 60:
                time.sleep(0.01)
                waited += 0.01
            expect(waited < 60, "the command catches SIGINT while it solves")
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
        out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        expect_exit(proc.returncode, 130, out, err)
        with open(plan, encoding="utf-8") as f:
            p = json.load(f)
    expect(p["status"] == "interrupted", "the plan says it was interrupted", p["status"])
    expect(p["flows"] and p["routes"] and any(h["open"] for h in p["hubs"]),
           "a complete plan: hubs, flows, routes")
    expect("interrupted" in out, "the summary says so", out)


@case
def solve_route_iterations_repeat_exactly(ctx):
    # An iteration limit and no time limit: the same seed gives the same plan.
    import json
    plans = []
    for _ in range(2):
        code, out, err = run(ctx, "solve", "small.yaml", "--route-iterations", "50",
                             "--seed", "3", "-q", "-o", "-", cwd=ctx.data)
        expect_exit(code, 0, out, err)
        p = json.loads(out)
        p.pop("solve_seconds")
        p.pop("stage_seconds")
        plans.append(p)
    expect(plans[0]["routes"], "routes", plans[0].get("routing"))
    expect(plans[0] == plans[1], "the same plan twice")


@case
def solve_rejects_bad_routing_options(ctx):
    for args in (("--route-iterations", "0"), ("--route-iterations", "2.5"),
                 ("--route-seconds", "-1")):
        code, out, err = run(ctx, "solve", "small.yaml", *args, cwd=ctx.data)
        expect_exit(code, 1, out, err)
        expect(args[0] in err, "names the option", err)


# ---------------------------------------------------------------- solve: the summary, languages

# Section headings of the summary, in the order printed, per language.
SUMMARY_SECTIONS = {
    "en": ["Plan for Petit réseau, Montérégie", "Operating cost per cycle",
           "Unserved demand penalty (not money)", "Service by kind of point",
           "Why demand is not served", "Hubs", "Routes: ", "Compared with farms driving alone"],
    "fr": ["Plan pour Petit réseau, Montérégie", "Coût d'exploitation par cycle",
           "Pénalité de demande non servie (pas de l'argent)", "Service par type de point",
           "Pourquoi de la demande n'est pas servie", "Carrefours", "Tournées : ",
           "Comparaison avec les fermes qui livrent seules"],
}
NNBSP = "\u202f"  # narrow no-break space: French thousands
NBSP = "\u00a0"   # no-break space: before "$" and "%" in French


def summary_of(ctx, *args, env=None, model="small-short.yaml"):
    code, out, err = run(ctx, "solve", model, "--route-iterations", "50", "--baseline", *args,
                         cwd=ctx.data, env=env)
    expect_exit(code, 0, out, err)
    return out


def expect_sections(out, lang):
    pos = -1
    for heading in SUMMARY_SECTIONS[lang]:
        at = out.find("\n" + heading, pos + 1) if pos >= 0 else out.find(heading)
        expect(at > pos, "section %r after the previous one (%s)" % (heading, lang), out)
        pos = at
    other = "fr" if lang == "en" else "en"
    for heading in SUMMARY_SECTIONS[other][1:5]:
        expect(heading not in out, "no %s heading %r in the %s summary" % (other, heading, lang),
               out)


def money_en(text):
    return float(text.replace("$", "").replace(",", ""))


def money_fr(text):
    return float(text.replace(NBSP + "$", "").replace(NNBSP, "").replace(",", "."))


@case
def solve_summary_has_the_coordinators_sections_in_english(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        plan = os.path.join(tmp, "plan.json")
        out = summary_of(ctx, "-o", plan, env={"LANG": "C.UTF-8"})
        import json
        with open(plan, encoding="utf-8") as f:
            p = json.load(f)
    expect_sections(out, "en")
    # Operating cost in money, apart from the penalty; both add up to the objective.
    total = re.search(r"^  total operating cost\s+(\$[\d,]+\.\d\d)$", out, re.M)
    penalty = re.search(r"^  penalty\s+([\d,]+\.\d\d)$", out, re.M)
    expect(total and penalty, "total operating cost and penalty lines", out)
    objective = money_en(total.group(1)) + money_en(penalty.group(1))
    expect(abs(objective - p["objective"]) < 0.02, "operating + penalty = objective",
           objective, p["objective"])
    for line in ("hubs (fixed costs)", "handling at hubs", "trucks: fixed costs",
                 "trucks: distance (", "trucks: hours ("):
        expect(re.search(r"^  " + re.escape(line) + r".*\$[\d,]+\.\d\d$", out, re.M),
               "operating cost line " + line, out)
    # The cause in words, by product, with the model's supply and demand:
    # 200 dozen eggs asked at 0.7 kg, 120 supplied.
    expect(re.search(r"^  Œufs: 56 kg short: supply 84 kg, demand 140 kg$", out, re.M),
           "eggs short, with supply and demand", out)
    expect(re.search(r"^  food banks\s+680 of 680 kg \(100\.0%\)$", out, re.M),
           "service of food banks", out)
    expect(re.search(r"^  Carrefour St-Hyacinthe\s+opened\s+ambient \d+%", out, re.M),
           "hubs by name with their utilisation", out)
    expect(re.search(r"^  1  Camion réfrigéré #1\s+1\s+Carrefour St-Hyacinthe\s+\d+\s+[\d.]+\s+"
                     r"\d+:\d\d\s+\d+:\d\d", out, re.M), "a route line", out)
    expect(re.search(r"The planning estimate of transport \(\$[\d,.]+\) was [\d.]+% (below|above) "
                     r"the cost of the routes", out), "the estimate in words", out)
    expect(re.search(r"^  farms driving their own goods: \d+ trips, [\d,.]+ km, \$", out, re.M),
           "the baseline", out)
    expect("bound" not in out and "allocation estimate" not in out and "value of 1 more kg"
           not in out, "none of the old puzzling lines", out)


@case
def solve_summary_is_french_under_lang_fr_ca_without_the_locale(ctx):
    # fr_CA.UTF-8 need not be generated: the command reads the variable.
    out = summary_of(ctx, env={"LANG": "fr_CA.UTF-8"})
    expect_sections(out, "fr")
    expect(re.search(r"^  Œufs : 56 kg manquants : offre 84 kg, demande 140 kg$", out, re.M),
           "eggs short, in French", out)
    total = re.search(r"^  coût d'exploitation total +([\d" + NNBSP + r",]+" + NBSP + r"\$)$", out,
                      re.M)
    expect(total, "French money: decimal comma, no-break space, $ after", out)
    expect(re.fullmatch(r"\d{1,3}(" + NNBSP + r"\d{3})*,\d\d" + NBSP + r"\$", total.group(1)),
           "French grouping with narrow no-break spaces", total.group(1))
    expect(re.search(r"^  banques alimentaires\s+680 sur 680 kg \(100,0" + NBSP + r"%\)$", out,
                     re.M), "French percentages", out)
    expect(re.search(r"\d+ h \d\d", out), "French clock times", out)
    english = summary_of(ctx, env={"LANG": "C.UTF-8"})
    total_en = re.search(r"^  total operating cost\s+(\S+)$", english, re.M).group(1)
    expect(abs(money_fr(total.group(1)) - money_en(total_en)) < 0.006,
           "the same figures in both languages", total.group(1), total_en)


@case
def solve_lang_option_and_variables_choose_the_language(ctx):
    heading_fr, heading_en = "Coût d'exploitation par cycle", "Operating cost per cycle"
    for args, env, want in (
            (("--lang", "fr"), {"LANG": "C.UTF-8"}, heading_fr),
            (("--lang=en",), {"LANG": "fr_CA.UTF-8"}, heading_en),
            ((), {"LC_ALL": "en_US.UTF-8", "LANG": "fr_CA.UTF-8"}, heading_en),
            ((), {"LC_ALL": "", "LC_MESSAGES": "fr_FR", "LANG": "en_CA"}, heading_fr),
            ((), {"LANG": "fr"}, heading_fr),
            ((), {}, heading_en)):
        out = summary_of(ctx, *args, env=env, model="small.yaml")
        expect(want in out, "%r with %s %s" % (want, args, env), out)
    code, out, err = run(ctx, "solve", "small.yaml", "--lang", "de", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect("--lang needs 'fr' or 'en', not 'de'" in err, "bad --lang named", err)
    code, out, err = run(ctx, "info", "--lang", "fr", "small.yaml", cwd=ctx.data)
    expect_exit(code, 0, out, err)
    code, out, err = run(ctx, "--lang", "fr", "--help")
    expect_exit(code, 0, out, err)
    expect("Commandes :" in out and "Planifie la logistique" in out, "French main help", out)
    code, out, err = run(ctx, "solve", "--help", env={"LANG": "fr_CA.UTF-8"})
    expect_exit(code, 0, out, err)
    expect("Résout un modèle" in out and "--route-sheets DOSSIER" in out, "French solve help",
           out)
    code, out, err = run(ctx, "compare", "small.yaml", "small-open-hub.yaml", "-t", "1",
                         "--lang", "fr", cwd=ctx.data)
    expect_exit(code, 0, out, err)
    expect("Comparaison (\u0394 : écart au premier scénario)" in out and
           re.search(r"^  objectif +\d+,\d\d +\d+,\d\d ", out, re.M), "French compare", out)
    code, out, err = run(ctx, "solve", "--bogus", "--lang", "fr")
    expect_exit(code, 1, out, err)
    expect("terroir: erreur: option inconnue '--bogus'" in err, "French usage error", err)


@case
def info_describes_the_model_in_french(ctx):
    code, out, err = run(ctx, "info", "small.yaml", cwd=ctx.data, env={"LANG": "fr_CA.UTF-8"})
    expect_exit(code, 0, out, err)
    for heading in ("Modèle", "Entités", "Points par type", "Produits (3)", "Carrefours (2)",
                    "Flotte (2 types de véhicules, 3 véhicules)"):
        expect(re.search("^" + re.escape(heading) + "$", out, re.M), "heading " + heading, out)
    expect(re.search(r"^  lettuce +Laitue +réfrigéré +kg +500 +200 +2,50$", out, re.M),
           "a product row with a decimal comma", out)
    expect("illimité" in out and "unlimited" not in out, "unlimited in French", out)


@case
def validate_reports_problems_in_french(ctx):
    code, out, err = run(ctx, "validate", "bad-unknown-key.yaml", "--lang", "fr", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    lines = [l for l in err.splitlines()
             if re.match(r"^bad-unknown-key\.yaml:\d+:\d+: erreur: ", l)]
    expect(lines, "FILE:LINE:COL: erreur: ...", err)
    expect(any("clé inconnue" in l for l in lines), "the loader's message in French", err)
    code, en_out, en_err = run(ctx, "validate", "bad-unknown-key.yaml", cwd=ctx.data)
    positions = lambda text: re.findall(r"^(\S+:\d+:\d+):", text, re.M)
    expect(positions(err) == positions(en_err), "the same positions in both languages",
           err, en_err)
    code, out, err = run(ctx, "validate", "bad-references.yaml", cwd=ctx.data,
                         env={"LANG": "fr_CA.UTF-8"})
    expect_exit(code, 1, out, err)
    expect("erreur: " in err and "error: " not in err, "French from LANG", err)


@case
def solve_report_follows_the_language(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        for lang, words in (("fr", ("<html lang=\"fr\">", "Coût total", "Demande servie",
                                    "Carrefours", "Tournées")),
                            ("en", ("<html lang=\"en\">", "Total cost", "Demand served",
                                    "Hubs", "Routes"))):
            page = os.path.join(tmp, lang + ".html")
            code, out, err = run(ctx, "solve", "small-short.yaml", "--route-iterations", "50",
                                 "-q", "--lang", lang, "--report", page, cwd=ctx.data)
            expect_exit(code, 0, out, err)
            with open(page, encoding="utf-8") as f:
                html = f.read()
            for w in words:
                expect(w in html, "%r in the %s report" % (w, lang), html[:3000])
        with open(os.path.join(tmp, "fr.html"), encoding="utf-8") as f:
            html = f.read()
        for english in ("Total cost", "Demand served by kind of point", "Unserved demand",
                        "Lines, largest first", "Map of the plan"):
            expect(english not in html, "no %r left in the French report" % english)


@case
def solve_writes_route_sheets_with_products_per_stop(ctx):
    import csv
    import json
    with tempfile.TemporaryDirectory() as tmp:
        sheets, plan = os.path.join(tmp, "sheets"), os.path.join(tmp, "plan.json")
        code, out, err = run(ctx, "solve", "small.yaml", "--route-iterations", "50", "-q",
                             "--lang", "fr", "--route-sheets", sheets, "-o", plan, cwd=ctx.data)
        expect_exit(code, 0, out, err)
        with open(plan, encoding="utf-8") as f:
            p = json.load(f)
        names = sorted(os.listdir(sheets))
        want = ["route-%02d.html" % (i + 1) for i in range(len(p["routes"]))]
        expect(p["routes"] and names == sorted(want + ["route_sheets.csv"]), "one page per route",
               names)
        with open(os.path.join(sheets, "route_sheets.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(sheets, "route-01.html"), encoding="utf-8") as f:
            page = f.read()
        pages = ""
        for name in want:  # collection and delivery are different routes (issue 11)
            with open(os.path.join(sheets, name), encoding="utf-8") as f:
                pages += f.read()
    expect(page.startswith("<!DOCTYPE html>\n<html lang=\"fr\">"), "a French page", page[:200])
    for w in ("Arrêts dans l'ordre", "À charger au carrefour avant le départ", "Laitue",
              "Moisson Rive-Sud"):
        expect(w in pages, "%r on a sheet" % w, pages)
    route = p["routes"][0]
    stops = {}
    for r in rows:
        if r["route"] == "1":
            stops.setdefault(int(r["stop"]), []).append(r)
    expect(sorted(stops) == list(range(1, len(route["stops"]) + 1)), "every stop in the CSV",
           sorted(stops))
    for k, s in enumerate(route["stops"], 1):
        got = stops[k]
        expect(all(r["site"] == s["site"] and r["kind"] == s["kind"] for r in got), "stop site",
               got, s)
        kg = sum(float(r["kg"]) for r in got if r["product"])
        moved = float(got[0]["stop_kg"])
        # One stop per site in this plan: the products are the flows, whole.
        expect(all(r["product"] and r["shared"] == "0" for r in got), "products traced", got)
        expect(abs(kg - moved) <= 1e-6 * max(1.0, moved), "products add up to the stop's kg",
               kg, moved, got)
    # The flows of the plan give the same products: eggs in dozens.
    eggs = [r for r in rows if r["product"] == "eggs"]
    expect(eggs and all(r["unit"] == "dozen" and
                        abs(float(r["kg"]) - 0.7 * float(r["quantity"])) < 1e-6 for r in eggs),
           "eggs counted in dozens at 0.7 kg", eggs)


def headings(text):
    """The summary's section headings (lines that start in column 0), with
    their figures and names cut off."""
    out = []
    for line in text.splitlines():
        if line and not line.startswith((" ", "$", "...")):
            out.append(re.sub(r"^(Plan for|Plan pour) .*", r"\1", line.split(":")[0].rstrip()))
    return out


def readme_block(ctx, command):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
        ctx.default_dataset))))
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    start = readme.find("\n$ " + command + "\n")
    expect(start >= 0, "README shows the output of `%s`" % command)
    end = readme.find("\n```", start)
    return readme[start + len(command) + 4:end]


@case
def readme_quick_start_shows_the_summary_sections(ctx):
    block = readme_block(ctx, "build/cli/terroir solve --time-limit 20 --baseline")
    expect_sections(block.replace("Plan for Montérégie, default (weekly cycle)",
                                  "Plan for Petit réseau, Montérégie"), "en")
    # The README's headings are the ones the command prints today.
    out = summary_of(ctx, env={"LANG": "C.UTF-8"})
    expect(headings(block) == headings(out), "README headings == the command's",
           headings(block), headings(out))
    for line in ("total operating cost", "penalty", "food banks", "Œufs: 3,084 kg short"):
        expect(re.search(r"^  " + re.escape(line), block, re.M), "README line " + line, block)
    french = readme_block(ctx, "LANG=fr_CA.UTF-8 build/cli/terroir solve --time-limit 20")
    out_fr = summary_of(ctx, env={"LANG": "fr_CA.UTF-8"})
    got = headings(french)
    expect(got and got == headings(out_fr)[:len(got)], "French README headings",
           got, headings(out_fr))


# ---------------------------------------------------------------- solve: planner's outputs

CSV_TABLES = {
    "hubs.csv": "id,name,status,open,fixed_cost,",
    "flows.csv": "product,from,via,to,quantity,kg,km,cost",
    "routes.csv": "route,vehicle_type,vehicle,day,hub,stops,",
    "route_stops.csv": "route,position,site,kind,",
    "unserved.csv": "point,point_kind,product,quantity,kg,reason,detail",
    "unserved_stops.csv": "site,kind,hub,kg,penalty,reason,detail",
    "route_stop_products.csv": "route,position,site,kind,product,quantity,kg",
    "self_deliveries.csv": "producer,hub,product,quantity,kg,day,departure,arrival",
}


@case
def solve_writes_report_geojson_and_csv(ctx):
    import csv
    import json
    with tempfile.TemporaryDirectory() as tmp:
        page, geo, tables = (os.path.join(tmp, n) for n in ("plan.html", "plan.geojson", "t"))
        code, out, err = run(ctx, "solve", "small.yaml", "-t", "2", "-q", "--report", page,
                             "--geojson", geo, "--csv", tables, cwd=ctx.data)
        expect_exit(code, 0, out, err)
        expect(out == "", "quiet", out)
        with open(page, encoding="utf-8") as f:
            html = f.read()
        with open(geo, encoding="utf-8") as f:
            fc = json.load(f)
        rows = {}
        for name, header in CSV_TABLES.items():
            with open(os.path.join(tables, name), encoding="utf-8", newline="") as f:
                text = f.read()
            expect(text.startswith(header) and text.endswith("\r\n"), name + " header, CRLF",
                   text[:200])
            rows[name] = list(csv.DictReader(text.splitlines()))
    expect(html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>"),
           "an HTML page", html[:100])
    expect("Petit réseau, Montérégie" in html and "<svg" in html, "title and map")
    expect(fc["type"] == "FeatureCollection", "a FeatureCollection", fc.get("type"))
    sites = [f for f in fc["features"] if f["properties"]["feature"] == "site"]
    routes = [f for f in fc["features"] if f["properties"]["feature"] == "route"]
    expect(len(sites) == 7, "2 producers, 2 hubs, 3 points", len(sites))
    farm = [f for f in sites if f["properties"]["id"] == "ferme-des-saules"]
    expect(farm and farm[0]["geometry"]["coordinates"] == [-73.25, 45.30], "[lon, lat]", farm)
    expect(len(routes) == len(rows["routes.csv"]) == html.count("<polyline"),
           "one route per GeoJSON line, CSV row and polyline", len(routes),
           len(rows["routes.csv"]), html.count("<polyline"))
    expect(len(rows["hubs.csv"]) == 2, "two hubs", rows["hubs.csv"])
    for r in rows["route_stops.csv"]:
        expect(r["kind"] in ("pickup", "delivery") and float(r["arrival"]) >= 0, "a stop", r)


@case
def solve_geojson_rejects_planar_model(ctx):
    planar = ("terroir: 1\nsettings: {coordinates: planar}\nproducts: [{id: veg}]\n"
              "producers: [{id: p, x: 10, y: 0, supply: {veg: 10}}]\n"
              "hubs: [{id: h, x: 0, y: 0}]\n"
              "points: [{id: j, x: -10, y: 0, demand: {veg: 10}}]\n")
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "planar.yaml"), "w", encoding="utf-8") as f:
            f.write(planar)
        code, out, err = run(ctx, "solve", "planar.yaml", "-q", "--geojson", "p.geojson",
                             cwd=tmp)
        expect_exit(code, 1, out, err)
        expect("planar" in err and "latitude" in err, "why", err)
        expect(not os.path.exists(os.path.join(tmp, "p.geojson")), "no file written")
        # The HTML report draws planar models in their own units.
        code, out, err = run(ctx, "solve", "planar.yaml", "-q", "--report", "p.html", cwd=tmp)
        expect_exit(code, 0, out, err)
        expect(os.path.getsize(os.path.join(tmp, "p.html")) > 1000, "a report")


@case
def solve_report_outputs_fail_cleanly(ctx):
    code, out, err = run(ctx, "solve", "small.yaml", "-t", "1", "-q", "--report",
                         "no-such-dir/plan.html", cwd=ctx.data)
    expect_exit(code, 2, out, err)
    expect("no-such-dir/plan.html" in err, "the path", err)
    code, out, err = run(ctx, "solve", "small.yaml", "-q", "--csv", "", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect("--csv" in err, "the option", err)
    code, out, err = run(ctx, "solve", "--help")
    expect_exit(code, 0, out, err)
    for option in ("--report FILE", "--geojson FILE", "--csv DIR"):
        expect(option in out, "help of " + option, out)


# ---------------------------------------------------------------- spreadsheet folders

def datasets_dir(ctx):
    """datasets/, two folders above the default dataset."""
    return os.path.dirname(os.path.dirname(os.path.abspath(ctx.default_dataset)))


def csv_dir(ctx, *parts):
    return os.path.join(os.path.dirname(ctx.data), "..", "data", "csv", *parts)


def without_seconds(text):
    """A plan's JSON without its timings, which differ from run to run."""
    import json

    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if "seconds" not in k}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v
    return strip(json.loads(text))


@case
def import_csv_and_export_csv_round_trip_the_template(ctx):
    template = os.path.join(datasets_dir(ctx), "templates", "small-csv")
    twin = csv_dir(ctx, "small.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        code, out, err = run(ctx, "import", "csv", template, "-o", os.path.join(tmp, "a.yaml"))
        expect_exit(code, 0, out, err)
        code, out, err = run(ctx, "export", "csv", twin, "-o", os.path.join(tmp, "twin"))
        expect_exit(code, 0, out, err)
        expect(sorted(os.listdir(os.path.join(tmp, "twin"))) ==
               ["arcs.csv", "distances.csv", "hubs.csv", "points.csv", "producers.csv",
                "products.csv", "settings.csv", "vehicles.csv"], "eight tables",
               os.listdir(os.path.join(tmp, "twin")))
        code, out, err = run(ctx, "import", "csv", os.path.join(tmp, "twin"))
        expect_exit(code, 0, out, err)
        with open(os.path.join(tmp, "a.yaml"), encoding="utf-8") as f:
            expect(f.read() == out, "the same YAML from the template and from its twin", out)
    code, out, err = run(ctx, "import", "csv", twin)
    expect_exit(code, 1, out, err)
    expect("not a folder" in err, "csv imports folders only", err)


@case
def solve_csv_folder_gives_the_plan_of_its_yaml_twin(ctx):
    template = os.path.join(datasets_dir(ctx), "templates", "small-csv")
    plans = []
    for model in (template, csv_dir(ctx, "small.yaml")):
        code, out, err = run(ctx, "solve", model, "--seed", "5", "--route-iterations", "200",
                             "-o", "-", "-q")
        expect_exit(code, 0, out, err)
        plans.append(without_seconds(out))
    expect(plans[0] == plans[1], "the same plan", plans)
    expect(plans[0]["routes"], "with routes", plans[0])


@case
def export_csv_of_the_default_dataset_is_the_committed_template(ctx):
    committed = os.path.join(datasets_dir(ctx), "templates", "monteregie-csv")
    with tempfile.TemporaryDirectory() as tmp:
        code, out, err = run(ctx, "export", "csv", "-o", tmp)
        expect_exit(code, 0, out, err)
        for name in sorted(os.listdir(tmp)):
            with open(os.path.join(tmp, name), "rb") as a, \
                    open(os.path.join(committed, name), "rb") as b:
                expect(a.read() == b.read(), name + " differs: run `terroir export csv -o "
                       "datasets/templates/monteregie-csv`")
    code, out, err = run(ctx, "validate", committed)
    expect_exit(code, 0, out, err)
    expect("valid (7 products, 60 producers, 6 hubs, 75 points, 14 vehicle types)" in out,
           "summary", out)


@case
def validate_reports_every_csv_problem_at_file_line_column(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "products.csv"), "w", encoding="utf-8") as f:
            f.write("id;temperature\npommes;tiède\n")
        with open(os.path.join(tmp, "points.csv"), "w", encoding="utf-8") as f:
            f.write("id;lat;lon;demand:pommes;demand:poires\nmarché;45,5;-73,6;12,5;3\n")
        code, out, err = run(ctx, "validate", tmp)
    expect_exit(code, 1, out, err)
    found = [(os.path.basename(m.group("file")), int(m.group("line")), int(m.group("col")))
             for m in problems(err)]
    expect(found == [("products.csv", 2, 8), ("points.csv", 1, 26)], "two problems", err)
    expect("[temperature]" in err and "[demand:poires]" in err, "column names", err)


@case
def compare_jobs_gives_the_output_of_one_job(ctx):
    template = os.path.join(datasets_dir(ctx), "templates", "small-csv")
    scenarios = [os.path.join(ctx.data, f) for f in SMALL_SCENARIOS] + [template]
    outputs = []
    for jobs in ("1", "3"):
        # Run elsewhere: the overlays' bases need --base-dir.
        code, out, err = run(ctx, "compare", *scenarios, "--seed", "4", "--route-iterations",
                             "100", "--jobs", jobs, "--base-dir", ctx.data)
        expect_exit(code, 0, out, err)
        # Identical but for the solve times.
        outputs.append(re.sub(r" in \d+\.\d s\)", " in - s)", out))
    expect(outputs[0] == outputs[1], "identical output", *outputs)
    expect(outputs[0].count("feasible in") == 4, "four scenarios", outputs[0])
    code, out, err = run(ctx, "compare", *scenarios, "--jobs", "0")
    expect_exit(code, 1, out, err)


# ---------------------------------------------------------------- overlays, compare

SMALL_SCENARIOS = ("small.yaml", "small-open-hub.yaml", "small-no-van.yaml")


def scenarios_dir(ctx):
    """datasets/scenarios, next to the folder of the default dataset."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(ctx.default_dataset))),
                        "scenarios")


@case
def validate_accepts_overlay_and_shipped_scenarios(ctx):
    code, out, err = run(ctx, "validate", "small-open-hub.yaml", cwd=ctx.data)
    expect_exit(code, 0, out, err)
    expect(out.startswith("small-open-hub.yaml: valid (3 products, 2 producers, 2 hubs"),
           "overlay summary", out)
    # From the repository root, as README shows them: their base is
    # ../quebec/..., inside the current directory where overlays may read.
    root = os.path.dirname(os.path.dirname(scenarios_dir(ctx)))
    shipped = sorted(os.path.join("datasets", "scenarios", f)
                     for f in os.listdir(scenarios_dir(ctx)) if f.endswith(".yaml"))
    expect(len(shipped) >= 3, "three shipped scenarios", shipped)
    code, out, err = run(ctx, "validate", *shipped, cwd=root)
    expect_exit(code, 0, out, err)
    expect(out.count(": valid (") == len(shipped), "every scenario valid", out)


@case
def overlay_reads_bases_only_under_the_current_directory(ctx):
    scenario = "monteregie-demand-plus-20.yaml"
    # From datasets/scenarios the base ../quebec/... is outside: refused at
    # `base`, naming the folder and the option that widens it.
    code, out, err = run(ctx, "validate", scenario, cwd=scenarios_dir(ctx))
    expect_exit(code, 1, out, err)
    expect([(m.group("file"), m.group("line"), m.group("col")) for m in problems(err)] ==
           [(scenario, "5", "7")], "one problem at base", err)
    expect("is outside the folder that overlays may read" in err and "--base-dir" in err,
           "why and how to widen", err)
    code, out, err = run(ctx, "validate", "--base-dir", "..", scenario, cwd=scenarios_dir(ctx))
    expect_exit(code, 0, out, err)
    code, out, err = run(ctx, "--base-dir=..", "info", scenario, cwd=scenarios_dir(ctx))
    expect_exit(code, 0, out, err)
    code, out, err = run(ctx, "validate", scenario, "--base-dir", cwd=scenarios_dir(ctx))
    expect_exit(code, 1, out, err)
    expect("--base-dir needs a folder" in err, "missing value", err)


@case
def overlay_never_reads_system_files_or_fifos(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "fifo.yaml")
        os.mkfifo(fifo)  # reading it would block for ever
        for base, why in (("/etc/passwd", "is outside the folder"),
                          ("/proc/self/environ", "is outside the folder"),
                          ("../../etc/shadow", "is outside the folder"),
                          ("fifo.yaml", "is not a regular file")):
            with open(os.path.join(tmp, "o.yaml"), "w") as f:
                f.write("terroir: 1\nbase: %s\n" % base)
            code, out, err = run(ctx, "validate", "o.yaml", cwd=tmp)
            expect_exit(code, 1, out, err)
            found = problems(err)
            expect(len(found) == 1 and why in err, "refused before reading: " + base, err)
            # /etc/passwd's first key is "root:x:0:0:..." when it is read.
            expect("root:" not in err and "PATH=" not in err, "nothing quoted", err)


@case
def compare_prints_scenarios_side_by_side(ctx):
    code, out, err = run(ctx, "compare", *SMALL_SCENARIOS[:2], "-t", "1", cwd=ctx.data)
    expect_exit(code, 0, out, err)
    table = out.split("Comparison", 1)[-1]
    header = table.splitlines()[1]
    for label in ("Petit réseau, Montérégie", "Petit réseau + St-Hyacinthe", "\u0394"):
        expect(label in header, "column " + label, out)
    for row in ("status", "objective", "fixed hub costs", "routes", "km driven", "tonne-km",
                "CO2 kg", "demand served %", "food banks", "groceries", "schools",
                "unserved kg", "hubs open"):
        expect(re.search(r"^  " + re.escape(row) + r"\s", table, re.M) or
               re.search(r"^    " + re.escape(row) + r"\s", table, re.M), "row " + row, out)
    # The overlay forces open the candidate that the base's plan opens anyway:
    # a hub open by status pays its fixed cost too, so nothing changes there.
    fixed = re.search(r"^    fixed hub costs\s+(\S+)\s+(\S+)\s+(\S+)$", table, re.M)
    expect(fixed and fixed.group(1) == "1200.00" and fixed.group(2) == "1200.00" and
           float(fixed.group(3)) == 0, "fixed cost row and its difference", out)
    expect("Hubs open" in out and re.search(r"^  hub-granby\s+open\s+open", out, re.M),
           "hubs open table", out)


@case
def compare_reports_overlay_problems_with_positions(ctx):
    code, out, err = run(ctx, "compare", "small.yaml", "bad-overlay.yaml", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    found = [(m.group("file"), int(m.group("line")), int(m.group("col")))
             for m in problems(err)]
    expect(found == [("bad-overlay.yaml", 7, 26), ("bad-overlay.yaml", 8, 5)],
           "two problems at their positions", err)
    expect("no hub 'hub-longueuil' in base 'small.yaml' [changes.hubs]" in err,
           "unknown id named with its base", err)
    expect(out == "", "nothing solved, nothing printed", out)


@case
def compare_writes_html_report(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "diff.html")
        code, out, err = run(ctx, "compare", *SMALL_SCENARIOS[:2], "-t", "1", "-q",
                             "--report", page, cwd=ctx.data)
        expect_exit(code, 0, out, err)
        expect(out == "", "quiet", out)
        with open(page, encoding="utf-8") as f:
            html = f.read()
    expect(html.lstrip().lower().startswith("<!doctype html"), "an HTML page", html[:200])
    for label in ("Petit réseau, Montérégie", "Petit réseau + St-Hyacinthe"):
        expect(label in html, "label " + label)
    expect("<svg" in html, "maps")


@case
def compare_writes_json_with_one_entry_per_scenario(ctx):
    import json
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "compare.json")
        code, out, err = run(ctx, "compare", *SMALL_SCENARIOS, "-t", "1", "-o", path,
                             cwd=ctx.data)
        expect_exit(code, 0, out, err)
        expect("Comparison" in out, "the table still printed", out)
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    sc = doc["scenarios"]
    expect(len(sc) == 3, "three scenarios", doc)
    expect([s["file"] for s in sc] == list(SMALL_SCENARIOS), "in command-line order", sc)
    expect(sc[0]["delta"] is None and all(s["delta"] for s in sc[1:]), "deltas", sc)
    for s in sc:
        expect(s["status"] in ("optimal", "feasible"), "solved", s)
        m = s["metrics"]
        expect(m["hubs_open_count"] == len(s["hubs_open"]), "hub count", s)
        expect(abs(m["objective"] - sc[0]["metrics"]["objective"] -
                   (s["delta"] or {"objective": 0})["objective"]) < 1e-6, "delta", s)
    expect(sc[2]["label"] == "Petit réseau sans fourgonnette", "label from the name", sc[2])
    # -o - writes the JSON alone on stdout.
    code, out, err = run(ctx, "compare", *SMALL_SCENARIOS[:2], "-t", "1", "-o", "-",
                         cwd=ctx.data)
    expect_exit(code, 0, out, err)
    expect(len(json.loads(out)["scenarios"]) == 2, "JSON on stdout", out)


@case
def compare_needs_two_scenarios(ctx):
    for args in (("compare",), ("compare", "small.yaml"), ("compare", "a.yaml", "b.yaml", "-t", "0")):
        code, out, err = run(ctx, *args, cwd=ctx.data)
        expect_exit(code, 1, out, err)
        expect("usage: terroir compare" in err, "short usage", args, err)


# ---------------------------------------------------------------- help, version, usage

SUBCOMMANDS = ("validate", "info", "solve", "import", "route", "compare", "help")


@case
def help_of_every_subcommand(ctx):
    for sub in SUBCOMMANDS:
        for args in ((sub, "--help"), (sub, "-h"), ("help", sub)):
            code, out, err = run(ctx, *args)
            expect_exit(code, 0, out, err)
            expect(out.startswith("usage: terroir " + sub), "usage first", args, out)
            expect(err == "", "stderr empty", args, err)


@case
def help_lists_every_subcommand(ctx):
    for args in (("--help",), ("-h",), ("help",)):
        code, out, err = run(ctx, *args)
        expect_exit(code, 0, out, err)
        for sub in SUBCOMMANDS:
            expect(re.search(r"^  " + sub + r"\s", out, re.M), "lists " + sub, out)


@case
def version_prints_library_version(ctx):
    code, out, err = run(ctx, "--version")
    expect_exit(code, 0, out, err)
    expect(out == "terroir %s\n" % ctx.version, "version line", out)


@case
def unknown_subcommand_exits_1(ctx):
    for sub in ("frobnicate",):
        code, out, err = run(ctx, sub)
        expect_exit(code, 1, out, err)
        expect("unknown command '%s'" % sub in err, "names the command", err)
        expect("usage: terroir" in err, "short usage", err)
        expect(out == "", "nothing on stdout", out)


@case
def unknown_option_exits_1(ctx):
    for args in (("--frobnicate",), ("validate", "--frobnicate", "x.yaml"),
                 ("info", "-z"), ("import", "vrplib", "x", "--output")):
        code, out, err = run(ctx, *args)
        expect_exit(code, 1, out, err)
        expect("terroir: error: " in err and "usage: terroir" in err,
               "message and short usage", args, err)


@case
def no_command_exits_1(ctx):
    code, out, err = run(ctx)
    expect_exit(code, 1, out, err)
    expect("usage: terroir" in err, "short usage", err)


# ---------------------------------------------------------------- share

def share_json(ctx, tmp, *extra):
    import json
    out = os.path.join(tmp, "shares.json")
    code, text, err = run(ctx, "share", "small-members.yaml", "--route-iterations", "20",
                          "-o", out, *extra, cwd=ctx.data)
    expect_exit(code, 0, text, err)
    with open(out, encoding="utf-8") as f:
        return text, json.load(f)


@case
def share_prints_table_and_writes_json(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        out, data = share_json(ctx, tmp)
    for word in ("Shares", "alone", "shapley", "nucleolus", "epm", "Grand coalition",
                 "banque", "epicerie", "ecoles"):
        expect(word in out, "stdout names %r" % word, out)
    expect([m["id"] for m in data["members"]] == ["banque", "epicerie", "ecoles"],
           "members in model order", data["members"])
    for key in ("grand_coalition_cost", "core_empty", "coalitions", "coalition_cost"):
        expect(key in data, "JSON has %r" % key, sorted(data))
    expect(len(data["coalitions"]) == 7, "7 coalitions of 3 members", data["coalitions"])
    for method in ("shapley", "nucleolus", "epm"):
        total = sum(m[method] for m in data["members"])
        expect(abs(total - data["grand_coalition_cost"]) < 1e-6 * (1 + total),
               "%s shares sum to the grand coalition's cost" % method, total)
    expect("supersets' hub choice" in out, "stdout counts warm starts", out)
    expect(isinstance(data["warm_started"], (int, float)), "JSON counts warm starts", data)
    for c in data["coalitions"]:
        expect(isinstance(c["warm"], bool) and c["cost"] <= c["cold_cost"],
               "coalition says whether the warm start won, never dearer than cold", c)
    alone = {tuple(c["members"]): c["cost"] for c in data["coalitions"]}
    for m in data["members"]:
        expect(m["standalone_cost"] == alone[(m["id"],)], "stand-alone cost of " + m["id"])


@case
def share_same_seed_repeats_exactly(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        _, a = share_json(ctx, tmp, "--seed", "4", "--method", "nucleolus")
        _, b = share_json(ctx, tmp, "--seed", "4", "--method", "nucleolus")
    for d in (a, b):
        d.pop("seconds")
        for c in d["coalitions"]:
            c.pop("seconds")
    expect(a == b, "same seed and iterations: same JSON", a, b)
    expect(a["members"][0]["shapley"] is None, "shapley not computed with --method nucleolus",
           a["members"][0])


@case
def summaries_print_long_non_ascii_names_whole(ctx):
    # Member ids and vehicle names far longer than the buffers the tables
    # used (48 and 200 bytes), which cut them inside a character.
    with open(os.path.join(ctx.data, "small-members.yaml"), encoding="utf-8") as f:
        text = f.read()
    longer = {"banque": "banqué-" + "é" * 120, "epicerie": "épicerie-" + "è" * 120,
              "Camion réfrigéré": "Camion réfrigéré " + "à" * 150}
    for old, new in longer.items():
        text = text.replace(old, new)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "long.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
        for args in (("solve", "long.yaml", "--route-iterations", "20"),
                     ("share", "long.yaml", "--route-iterations", "20")):
            code, out, err = run(ctx, *args, cwd=tmp)
            expect_exit(code, 0, out, err)
            expect("\ufffd" not in out, "stdout of %s is UTF-8" % args[0], out)
        expect(longer["banque"] in out and longer["epicerie"] in out, "ids whole", out)


@case
def share_needs_members(ctx):
    code, out, err = run(ctx, "share", "small.yaml", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect("at least 2" in err and "members" in err, "says members are needed", err)


@case
def share_rejects_unknown_method(ctx):
    code, out, err = run(ctx, "share", "small-members.yaml", "--method", "median", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    expect("usage: terroir share" in err, "short usage on stderr", err)


@case
def validate_reports_unknown_member_position(ctx):
    code, out, err = run(ctx, "validate", "bad-member.yaml", cwd=ctx.data)
    expect_exit(code, 1, out, err)
    found = problems(err)
    expect(len(found) == 1 and found[0].group("line") == "83" and found[0].group("col") == "13",
           "one problem at 83:13", err)
    expect("unknown member 'ecole'" in err, "names the unknown member", err)


def main(argv):
    if argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--terroir", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--bench", action="append", required=True)
    ap.add_argument("--default-dataset", required=True)
    ap.add_argument("--version", required=True)
    ctx = ap.parse_args(argv[1:])
    ctx.terroir = os.path.abspath(ctx.terroir)
    try:
        CASES[ctx.case](ctx)
    except Skip as e:
        print("SKIP:", e)
        return 77
    except AssertionError as e:
        print("FAIL:", e)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
