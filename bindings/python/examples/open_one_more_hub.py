#!/usr/bin/python3
"""What if the cooperatives opened one more hub?

Loads the default regional dataset (Montérégie) and solves it: the design
stage chooses which candidate hubs to open.  Then compares two scenarios
with that choice fixed: the hubs it opened, and the same hubs plus one
more.  Prints their KPIs side by side and what the extra hub saves per
cycle beside its fixed cost.

    PYTHONPATH=build/bindings/python /usr/bin/python3 \\
        bindings/python/examples/open_one_more_hub.py [MODEL.yaml] [--hub ID] [--seed N]

By default the hub added is the closed candidate nearest, on average, to
the distribution points.  In both scenarios the hubs are open by status
and pay their fixed costs; the difference between their objectives less
those fixed costs is what the extra hub saves in transport, handling,
vehicles and unserved demand, printed beside its fixed cost.
"""
import argparse
import os
import statistics

import terroir

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATASET = os.path.join(HERE, "..", "..", "..", "datasets", "quebec", "monteregie.yaml")


def hub_to_add(model, opened):
    """The closed candidate hub with the shortest mean distance to the points."""
    closed = [h["id"] for h in model.hubs if h["status"] == "candidate" and h["id"] not in opened]
    if not closed:
        raise SystemExit("every candidate hub is already open")
    points = [p["id"] for p in model.points]
    return min(closed, key=lambda hub: statistics.mean(model.distance(hub, p)[0]
                                                       for p in points))


def with_hubs_open(model, hubs, name):
    """The model with exactly `hubs` open (by status) among its non-closed hubs."""
    data = model.to_dict()
    data["name"] = name
    for hub in data["hubs"]:
        if hub["status"] != "closed":
            hub["status"] = "open" if hub["id"] in hubs else "closed"
    return terroir.Model.from_dict(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=DEFAULT_DATASET)
    parser.add_argument("--hub", help="id of the hub to add (default: chosen as above)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--route-iterations", type=int, default=300,
                        help="routing iterations without improvement (repeatable results)")
    args = parser.parse_args()

    options = {"seed": args.seed, "route_iterations": args.route_iterations}
    model = terroir.Model.load(args.model)
    opened = terroir.solve(model, stages=["design", "allocate"], **options).open_hubs
    hub = args.hub or hub_to_add(model, opened)
    if hub in opened:
        raise SystemExit("hub %r is already open" % hub)
    model.find("hub", hub)  # NotFoundError for an unknown id

    comparison = terroir.compare(with_hubs_open(model, opened, "base"),
                                 with_hubs_open(model, opened + [hub], "+ " + hub), **options)
    base, more = comparison.plans
    fixed_cost = model.hubs[model.find("hub", hub)]["fixed_cost"]
    print("%s: hubs open %s, adding %s\n" % (model.name or args.model, ", ".join(opened), hub))
    print(comparison)
    saved = (base.objective - base.cost.fixed_hub) - (more.objective - more.cost.fixed_hub)
    print("\n%s saves %.2f per cycle in operations; its fixed cost is %.2f per cycle."
          % (hub, saved, fixed_cost))


if __name__ == "__main__":
    main()
