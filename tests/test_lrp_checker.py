#!/usr/bin/python3
"""The CLRP benchmark's checker (benchmarks/lrp/lrp_bench --routes) on the
published optimal solution of coord20-5-1 and on broken copies of it.

    test_lrp_checker.py --lrp-bench EXE --data TESTS/DATA --scripts BENCHMARKS/LRP

The optimum must pass with the recomputed cost 54793 (gap 0 to the BKS);
each broken copy must fail with the finding that names what was broken.
Standard library only; exit status 0 pass, 1 fail.
"""
import argparse
import os
import subprocess
import sys
import tempfile

COLUMNS = ["set", "instance", "n", "m", "bks", "ours", "plan_objective", "gap_pct",
           "open_depots", "plan_open", "routes", "seconds", "check", "errors", "status",
           "path"]


def check(args, tmp, routes_text, name):
    routes = os.path.join(tmp, name + ".routes")
    with open(routes, "w", encoding="utf-8") as f:
        f.write(routes_text)
    bks = os.path.join(tmp, "bks.tsv")
    with open(bks, "w", encoding="utf-8") as f:
        f.write("instance\tbest_known_value\ncoord20-5-1\t54793\n")
    proc = subprocess.run([args.lrp_bench, "--routes", routes, "--seconds", "0", "--bks", bks,
                           os.path.join(args.data, "bench", "coord20-5-1.dat")],
                          capture_output=True, text=True, timeout=60)
    row = dict(zip(COLUMNS, proc.stdout.rstrip("\n").split("\t")))
    return proc.returncode, row, proc.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lrp-bench", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--scripts", required=True)
    args = ap.parse_args()
    failures = []

    def expect(cond, what, *details):
        if not cond:
            failures.append(what + "".join("\n  " + str(d) for d in details))

    optimum = subprocess.run(
        [sys.executable, os.path.join(args.scripts, "plan_routes.py"), "--sol",
         os.path.join(args.data, "bench", "coord20-5-1.sol")],
        capture_output=True, text=True, check=True, timeout=60).stdout
    # The published cost as the plan's objective, so that it is compared too.
    optimum = optimum.replace("objective nan", "objective 54793")

    with tempfile.TemporaryDirectory() as tmp:
        rc, row, err = check(args, tmp, optimum, "optimum")
        expect(rc == 0 and row.get("check") == "OK", "the optimum passes", row, err)
        expect(row.get("ours") == "54793.000000", "recomputed cost 54793", row)
        expect(row.get("gap_pct") == "0.0000", "gap 0 to the BKS", row)
        expect(row.get("open_depots") == "3" and row.get("routes") == "5",
               "3 depots, 5 routes", row)

        broken = {
            # customer 5 twice on the first route: over Q = 70 and visited twice
            "twice": (optimum.replace("c5 c7", "c5 c5 c7"),
                      ["customer c5 is visited 2 times", "above the vehicle capacity 70",
                       "above its capacity 140"]),
            # the last route dropped: its customers are unserved, d5 open without routes
            "dropped": ("\n".join(optimum.splitlines()[:-1]) + "\n",
                        ["customer c2 (demand 18) is not served",
                         "note: depot d5 is open in the plan but has no route",
                         "differs from the recomputed cost"]),
            # a route from a hub the plan does not open, and a stop that is no customer
            "not_open": (optimum.replace("open d2 d3 d5", "open d2 d3")
                         .replace("c10\n", "c10 x7\n"),
                         ["depot d5 has 1 route(s) but is not open in the plan",
                          "stop 5 is 'x7', not a customer"]),
            # a partial delivery
            "partial": (optimum.replace("route d3 c8 ", "route d3 c8:1 "),
                        ["delivers 1 kg to c8"]),
        }
        for name, (text, needles) in broken.items():
            rc, row, err = check(args, tmp, text, name)
            expect(rc == 1 and row.get("check") == "FAIL", "%s: the check fails" % name,
                   row, err)
            for needle in needles:
                expect(needle in err, "%s: finding '%s'" % (name, needle), err)

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("ok: optimum at 54793, %d broken copies caught" % len(broken))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
