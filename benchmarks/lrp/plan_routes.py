#!/usr/bin/python3
"""Write a CLRP solution as the routes file that `lrp_bench --routes` checks.

    plan_routes.py PLAN.json [-o ROUTES.txt]      a plan of `terroir solve -o PLAN.json`
    plan_routes.py --sol INSTANCE.sol [-o ROUTES.txt]
                                                  a Prodhon solution file
                                                  (`V <depot> 0 <customers...> <end>`)

Routes file (lrp.h, lrp_solution_read()):

    status WORD
    objective NUMBER
    open HUB...
    route HUB SITE:KG...      (SITE without :KG when the kg is unknown)

Only reads and re-writes: every judgement is left to the checker, so that
the --via-yaml path and the import path share it.  Standard library only.
"""
import argparse
import json
import sys


def from_plan(path):
    with open(path, encoding="utf-8") as f:
        plan = json.load(f)
    lines = ["status %s" % plan.get("status", "?"),
             "objective %.17g" % plan["objective"],
             "open " + " ".join(h["id"] for h in plan.get("hubs", []) if h.get("open"))]
    for route in plan.get("routes", []):
        stops = ["%s:%.17g" % (s["site"], s.get("delivery", {}).get("kg", float("nan")))
                 for s in route.get("stops", [])]
        lines.append(" ".join(["route", route["hub"]] + stops))
    return lines


def from_sol(path):
    """Prodhon's format: `V <depot> 0 <c1> ... <ck> <end marker>` per route;
    depots and customers are 1-based; cost unknown, every depot used is
    open."""
    routes, used = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if not words or words[0] != "V":
                continue
            depot, customers = int(words[1]), [int(w) for w in words[3:-1]]
            if words[2] != "0":
                raise SystemExit("%s: expected 0 after the depot: %s" % (path, line.strip()))
            routes.append("route d%d %s" % (depot, " ".join("c%d" % c for c in customers)))
            if depot not in used:
                used.append(depot)
    return (["status known", "objective nan", "open " + " ".join("d%d" % d for d in used)]
            + routes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", help="plan JSON, or a .sol file with --sol")
    ap.add_argument("--sol", action="store_true", help="the input is a Prodhon .sol file")
    ap.add_argument("-o", "--output", help="routes file (default: stdout)")
    args = ap.parse_args()
    lines = from_sol(args.input) if args.sol else from_plan(args.input)
    text = "\n".join(lines) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
