"""The same file and seed give the same plan in Python as with the terroir
command: the bindings add nothing and lose nothing."""
import json
import subprocess

import terroir

TIMINGS = ("solve_seconds", "stage_seconds")


def cli_plan(cli, path, seed, tmp_path, *extra):
    out = tmp_path / "cli.json"
    subprocess.run([cli, "solve", str(path), "--seed", str(seed), "--quiet", "-o", str(out),
                    *extra], check=True, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def without_timings(plan):
    return {k: v for k, v in plan.items() if k not in TIMINGS}


def test_default_dataset_without_fleet_matches_the_cli(terroir_cli, default_dataset, tmp_path):
    # Hub design and allocation only (no vehicle types: no routing, whose
    # default search is bounded by wall-clock time): the whole plan is
    # determined by the file and the seed, so it must match exactly.
    data = terroir.Model.load(default_dataset).to_dict()
    data["vehicle_types"] = []
    path = tmp_path / "no-fleet.yaml"
    terroir.Model.from_dict(data).write_yaml(path)
    expected = cli_plan(terroir_cli, path, 5, tmp_path)
    plan = terroir.solve(terroir.Model.load(path), seed=5)
    assert without_timings(plan.to_dict()) == without_timings(expected)
    assert plan.objective == expected["objective"]
    assert [f.kg for f in plan.flows] == [f["kg"] for f in expected["flows"]]


def test_small_network_with_routes_matches_the_cli(terroir_cli, small_path, tmp_path):
    # Same defaults as the command (5 s of routing search): on three points
    # the search settles on the same routes long before the time is up.
    expected = cli_plan(terroir_cli, small_path, 11, tmp_path)
    plan = terroir.solve(small_path, seed=11)
    assert without_timings(plan.to_dict()) == without_timings(expected)
    assert [r.km for r in plan.routes] == [r["km"] for r in expected["routes"]]


def test_default_dataset_with_routes_matches_the_cli_exactly(terroir_cli, default_dataset,
                                                             tmp_path):
    # An iteration limit and no time limit make the routing search, and so
    # the whole plan, a function of the file and the seed: the same
    # objective and routes in Python as with the command.
    expected = cli_plan(terroir_cli, default_dataset, 1, tmp_path, "--route-iterations", "100")
    plan = terroir.solve(default_dataset, seed=1, route_iterations=100)
    assert plan.objective == expected["objective"]
    assert without_timings(plan.to_dict()) == without_timings(expected)
