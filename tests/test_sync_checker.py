#!/usr/bin/python3
"""The independent synchronisation check (benchmarks/sync/check_sync.py) on
hand-made plans whose answer is known.

    test_sync_checker.py --script BENCHMARKS/SYNC/check_sync.py

A hub receives 500 kg from a collection route that returns at 10:00 and
holds 200 kg a producer brought itself: a delivery route leaving at 08:00
with 300 kg leaves 100 kg short; leaving at 10:00 or on day 2 it does not;
per product, 300 kg of the wrong product is short even when kg add up.
Standard library only; exit status 0 pass, 1 fail.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def plan(departure, day=1, products=False):
    pick = {"site": "farm", "kind": "pickup", "pickup": {"kg": 500}}
    drop = {"site": "shop", "kind": "delivery", "delivery": {"kg": 300}}
    if products:
        pick["products"] = {"carrots": {"pickup": 500}}
        drop["products"] = {"apples": {"delivery": 300}}
    return {
        "flows": [
            {"product": "carrots", "from": "farm", "via": "hub", "to": "shop", "kg": 500},
            {"product": "apples", "from": "orchard", "via": "hub", "to": "shop", "kg": 200},
        ],
        "routes": [
            {"vehicle_type": "van", "vehicle": 0, "day": 1, "hub": "hub", "departure": 420,
             "arrival": 600, "load_start": {"kg": 0}, "stops": [pick]},
            {"vehicle_type": "truck", "vehicle": 0, "day": day, "hub": "hub",
             "departure": departure, "arrival": departure + 120, "load_start": {"kg": 300},
             "stops": [drop]},
        ],
    }


def run(script, tmp, name, p):
    path = os.path.join(tmp, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(p, f)
    r = subprocess.run([sys.executable, script, path, "--verbose"], capture_output=True,
                       text=True, check=False)
    return r.returncode, r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--script", required=True)
    a = ap.parse_args()
    failures = []
    cases = [
        ("early", plan(480), 1, "short of 100 kg"),
        ("after_arrival", plan(600), 0, "0 leave short"),
        ("next_day", plan(300, day=2), 0, "0 leave short"),
        ("wrong_product", plan(600, products=True), 1, "short of 100 kg"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, p, want_rc, want_text in cases:
            rc, out = run(a.script, tmp, name, p)
            if rc != want_rc or want_text not in out:
                failures.append("%s: exit %d (want %d), output:\n%s" % (name, rc, want_rc, out))
    for f in failures:
        print("FAIL", f)
    print("%d of %d cases pass" % (len(cases) - len(failures), len(cases)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
