#!/usr/bin/python3
"""The independent synchronisation check (benchmarks/sync/check_sync.py) on
hand-written plans whose answer is known (tests/data/sync/*.json).

    test_sync_checker.py --script BENCHMARKS/SYNC/check_sync.py --data TESTS/DATA/SYNC

clean.json: a van collects 100 kg of fraises and 200 kg of carottes (back
at 08:00, 30 min cross-dock), a producer brings 50 kg of carottes (at
07:30), then the same van's second trip leaves at 08:30 with all of it.
Each other fixture breaks one rule (days.json: the clean plan on days
its sites do not receive or ship; storage.json: collected on day 1,
delivered on day 2, above the hub's overnight storage), and the checker
must name the kind,
hub, product, time and amount; a clean plan and a pure-VRP depot pass.
Standard library only; exit status 0 pass, 1 fail.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

# fixture: (exit status, counts line, verbose lines that must appear)
CASES = {
    "clean": (0, "0 violations (stock 0, synchronisation 0, shelf_life 0, vehicle_day 0, day 0, storage 0)", []),
    "synchronisation": (1, "(stock 0, synchronisation 2, shelf_life 0, vehicle_day 0, day 0, storage 0)", [
        "SYNCHRONISATION hub H, product carottes, day 1 08:20: 200.000 kg",
        "SYNCHRONISATION hub H, product fraises, day 1 08:20: 100.000 kg"]),
    "stock": (1, "(stock 1, synchronisation 0, shelf_life 0, vehicle_day 0, day 0, storage 0)", [
        "STOCK           hub H, product carottes, day 1 08:30: 50.000 kg"]),
    "self_delivery": (1, "(stock 0, synchronisation 1, shelf_life 0, vehicle_day 0, day 0, storage 0)", [
        "SYNCHRONISATION hub H, product carottes, day 1 08:30: 50.000 kg"]),
    "shelf_life": (1, "(stock 0, synchronisation 0, shelf_life 1, vehicle_day 0, day 0, storage 0)", [
        "SHELF_LIFE      hub H, product fraises, day 1 09:30: 30.000 min",
        "stop 2 shop2"]),
    "fifo": (1, "(stock 0, synchronisation 0, shelf_life 1, vehicle_day 0, day 0, storage 0)", [
        "SHELF_LIFE      hub H, product fraises, day 1 09:00: 60.000 min",
        "stop 1 shop1"]),
    "vehicle_day": (1, "(stock 0, synchronisation 0, shelf_life 0, vehicle_day 3, day 0, storage 0)", [
        "VEHICLE_DAY     hub H, product -, day 1 08:10: 5.000 min",
        "VEHICLE_DAY     hub H, product -, day 1 06:00: 1.000 trips",
        "VEHICLE_DAY     hub H, product -, day 1 06:00: 60.000 min"]),
    "kg_only": (1, "in kg at H", [
        "SYNCHRONISATION hub H, product *, day 1 08:20: 300.000 kg"]),
    "vrp_depot": (0, "0 delivery departures at 0 hubs checked", []),
    "days": (1, "(stock 0, synchronisation 0, shelf_life 0, vehicle_day 0, day 3, storage 0)", [
        "DAY             hub H, product -, day 1 07:00: 300.000 kg (route 1, van #0 day 1, "
        "stop 1 farm ships on days 2, 3)",
        "DAY             hub H, product -, day 1 07:30: 50.000 kg (self delivery of farm2",
        "DAY             hub H, product -, day 1 09:00: 210.000 kg (route 2, van #0 day 1, "
        "stop 1 shop1 receives on day 2)"]),
    "storage": (1, "(stock 0, synchronisation 0, shelf_life 0, vehicle_day 0, day 0, storage 2)", [
        "STORAGE         hub H, product -, day 2 00:00: 50.000 kg (class ambient",
        "STORAGE         hub H, product -, day 2 00:00: 40.000 kg (class chilled"]),
}


def run(script, path):
    r = subprocess.run([sys.executable, script, "--verbose", path], capture_output=True,
                       text=True, check=False)
    return r.returncode, r.stdout + r.stderr


def variants(data, tmp):
    """Plans derived from the fixtures, with their expected outcome."""
    out = []
    # The same depot in a food-hub plan is checked: nothing ever reaches it.
    with open(os.path.join(data, "vrp_depot.json"), encoding="utf-8") as f:
        p = json.load(f)
    p["food_hub"] = True
    out.append(("vrp_depot_in_food_hub", p, 1, [
        "STOCK           hub D, product demand, day 1 00:00: 30.000 kg"]))
    # Day 2: goods collected on day 1 are there the next morning, but
    # fraises (4 hours of shelf life) are 22 hours too old at shop1.
    with open(os.path.join(data, "synchronisation.json"), encoding="utf-8") as f:
        p = json.load(f)
    p["routes"][1]["day"] = 2
    out.append(("next_day", p, 1, [
        "(stock 0, synchronisation 0, shelf_life 2, vehicle_day 0, day 0, storage 0)",
        "SHELF_LIFE      hub H, product fraises, day 2 09:00: 1320.000 min"]))
    # Within the tolerance (1e-3 kg) a shortfall does not count.
    with open(os.path.join(data, "stock.json"), encoding="utf-8") as f:
        p = json.load(f)
    p["routes"][1]["stops"][1]["products"]["carottes"]["kg"] = 100.0005
    out.append(("within_tolerance", p, 0, ["0 violations"]))
    # Days: the same plan passes when every site's days include day 1.
    with open(os.path.join(data, "days.json"), encoding="utf-8") as f:
        p = json.load(f)
    p["points"][0]["delivery_days"] = [1, 2]
    p["producers"][0]["pickup_days"] = [1]
    p["producers"][1]["pickup_days"] = [1, 3]
    out.append(("days_kept", p, 0, ["0 violations"]))
    # Storage: delivered the day the goods arrive, nothing stays overnight.
    with open(os.path.join(data, "storage.json"), encoding="utf-8") as f:
        p = json.load(f)
    p["routes"][1]["day"] = 1
    out.append(("storage_same_day", p, 0, ["0 violations"]))
    # Storage: goods left at the hub at the end of the cycle's last day are
    # not counted (collected on day 2 of 2, never delivered)...
    with open(os.path.join(data, "storage.json"), encoding="utf-8") as f:
        p = json.load(f)
    del p["routes"][1]
    p["routes"][0]["day"] = 2
    p["self_deliveries"][0]["day"] = 2
    out.append(("storage_last_day", p, 0, ["0 violations"]))
    # ... but they are on any other night (the same, 3 operating days).
    p = json.loads(json.dumps(p))
    p["operating_days"] = 3
    out.append(("storage_not_last_day", p, 1, [
        "(stock 0, synchronisation 0, shelf_life 0, vehicle_day 0, day 0, storage 2)",
        "STORAGE         hub H, product -, day 3 00:00: 50.000 kg (class ambient",
        "STORAGE         hub H, product -, day 3 00:00: 40.000 kg (class chilled"]))
    # A hub with a stop in kg only: over all classes, against the sum of
    # the three limits (300 kg collected + 50 kg brought held overnight,
    # 50 + 100 + 100 kg allowed).
    with open(os.path.join(data, "kg_only.json"), encoding="utf-8") as f:
        p = json.load(f)
    p["operating_days"] = 2
    p["hubs"][0]["storage_kg"] = {"ambient": 50, "chilled": 100, "frozen": 100}
    for r in p["routes"][1:]:
        r["day"] = 2
    out.append(("storage_kg_only", p, 1, [
        "STORAGE         hub H, product -, day 2 00:00: 100.000 kg (all classes"]))
    paths = []
    for name, plan, rc, lines in out:
        path = os.path.join(tmp, name + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(plan, f)
        paths.append((name, path, rc, lines))
    return paths


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--script", required=True)
    ap.add_argument("--data", required=True, help="tests/data/sync")
    a = ap.parse_args()
    failures, n = [], 0
    for name, (want_rc, summary, lines) in sorted(CASES.items()):
        n += 1
        rc, out = run(a.script, os.path.join(a.data, name + ".json"))
        missing = [s for s in [summary] + lines if s not in out]
        if rc != want_rc or missing:
            failures.append("%s: exit %d (want %d), missing %r, output:\n%s"
                            % (name, rc, want_rc, missing, out))
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, want_rc, lines in variants(a.data, tmp):
            n += 1
            rc, out = run(a.script, path)
            missing = [s for s in lines if s not in out]
            if rc != want_rc or missing:
                failures.append("%s: exit %d (want %d), missing %r, output:\n%s"
                                % (name, rc, want_rc, missing, out))
    for f in failures:
        print("FAIL", f)
    print("%d of %d cases pass" % (n - len(failures), n))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
