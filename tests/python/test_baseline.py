"""Plan.baseline(): the no-hub baseline beside the cooperative plan."""
import dataclasses
import math

import pytest

import terroir


@pytest.fixture(scope="module")
def plan(small_path):
    return terroir.solve(terroir.Model.load(small_path), seed=4, route_iterations=100)


def test_baseline_describes_both_sides(plan):
    b = plan.baseline(iterations=50, seed=1)
    assert isinstance(b, terroir.Baseline)
    assert b.plan_routes == plan.kpis.routes
    assert b.plan_km == pytest.approx(plan.kpis.routed_km)
    assert b.routes > 0 and b.km > 0 and b.producers > 0
    assert b.km_reduction is None or math.isclose(b.km_reduction, 1 - b.plan_km / b.km)
    assert set(b.delivered_kg_by_class) == {"ambient", "chilled", "frozen"}


def test_baseline_is_the_same_for_the_same_seed(plan):
    first, second = (dataclasses.replace(plan.baseline(iterations=50, seed=2), seconds=0)
                     for _ in range(2))
    assert first == second


def test_baseline_vehicle_options(plan):
    small_van = plan.baseline(iterations=50, capacity={"kg": 300}, cost_per_km=2.0)
    assert small_van.routes >= plan.baseline(iterations=50).routes
    with pytest.raises(terroir.InvalidArgumentError):
        plan.baseline(cost_per_km=-1)
