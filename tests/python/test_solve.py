"""terroir.solve() and the Plan it returns: Python objects that agree with
the library's own JSON of the same plan."""
import json
import math

import pytest

import terroir


@pytest.fixture(scope="module")
def plan(small_path, deterministic):
    return terroir.solve(terroir.Model.load(small_path), **deterministic)


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_plan_summary(plan):
    assert plan.status == "feasible"  # routed plans prove no bound
    assert plan.bound is None and plan.gap is None
    assert close(plan.cost.total, plan.objective)
    assert set(plan.stage_seconds) == {"design", "allocate", "route", "evaluate"}
    assert plan.kpis.routes == len(plan.routes) > 0
    assert plan.kpis.unserved_stops == len(plan.unserved_stops)
    assert 0 < plan.kpis.served_share <= 1
    assert close(sum(plan.kpis.demand_kg_by_kind.values()), plan.kpis.demand_kg)
    assert "feasible" in repr(plan)


def test_plan_items_agree_with_the_json(plan):
    data = plan.to_dict()
    assert data == json.loads(plan.to_json())
    assert close(data["objective"], plan.objective)
    assert data["status"] == plan.status
    assert [h["id"] for h in data["hubs"]] == [h.id for h in plan.hubs]
    assert [h["open"] for h in data["hubs"]] == [h.open for h in plan.hubs]
    for mine, theirs in zip(plan.flows, data["flows"]):
        assert (mine.product, mine.producer, mine.hub, mine.point) == (
            theirs["product"], theirs["from"], theirs["via"], theirs["to"])
        assert close(mine.kg, theirs["kg"]) and close(mine.cost, theirs["cost"])
    assert len(plan.flows) == len(data["flows"])
    assert [(u.point, u.product, u.reason) for u in plan.unserved] == [
        (u["point"], u["product"], u["reason"]) for u in data["unserved"]]
    assert len(plan.routes) == len(data["routes"])
    for mine, theirs in zip(plan.routes, data["routes"]):
        assert (mine.vehicle_type, mine.vehicle, mine.day, mine.hub) == (
            theirs["vehicle_type"], theirs["vehicle"], theirs["day"], theirs["hub"])
        assert close(mine.km, theirs["km"]) and close(mine.cost, theirs["cost"])
        assert [s.site for s in mine.stops] == [s["site"] for s in theirs["stops"]]
        assert [s.kind for s in mine.stops] == [s["kind"] for s in theirs["stops"]]
        for stop, other in zip(mine.stops, theirs["stops"]):
            assert close(stop.load["kg"], other["load"]["kg"])
    assert [s.site for s in plan.unserved_stops] == [s["site"] for s in data["unserved_stops"]]


def test_route_loads_add_up(plan):
    for route in plan.routes:
        load = route.load_start["kg"]
        assert close(load, sum(s.delivery["kg"] for s in route.stops))
        for stop in route.stops:
            load += stop.pickup["kg"] - stop.delivery["kg"]
            assert math.isclose(stop.load["kg"], load, abs_tol=1e-6)
            assert stop.arrival <= stop.start <= stop.departure
            assert stop.temperatures


def test_stop_products_and_self_deliveries_agree_with_the_json(plan):
    data = plan.to_dict()
    n = 0
    for mine, theirs in zip(plan.routes, data["routes"]):
        for stop, other in zip(mine.stops, theirs["stops"]):
            assert stop.products, stop  # a solved food-hub plan knows its goods
            assert {p.product: (p.quantity, p.kg) for p in stop.products} == {
                k: (v["quantity"], v["kg"]) for k, v in other["products"].items()}
            moved = stop.pickup["kg"] if stop.kind == "pickup" else stop.delivery["kg"]
            assert math.isclose(sum(p.kg for p in stop.products), moved, rel_tol=1e-9,
                                abs_tol=1e-6)
            n += 1
    assert n > 0
    assert [(d.producer, d.hub, d.product, d.kg, d.day, d.arrival) for d in plan.self_deliveries] \
        == [(d["producer"], d["hub"], d["product"], d["kg"], d["day"], d["arrival"])
            for d in data["self_deliveries"]]
    for d in plan.self_deliveries:
        assert d.arrival >= d.departure and d.day >= 1
    assert [h.cross_dock_minutes for h in plan.hubs] == [
        h["cross_dock_minutes"] for h in data["hubs"]]
    assert data["food_hub"] is True


def test_yaml_output_and_files(plan, tmp_path):
    assert plan.to_yaml().startswith("terroir_plan")
    plan.write_json(tmp_path / "plan.json")
    assert json.loads((tmp_path / "plan.json").read_text()) == plan.to_dict()
    plan.write_yaml(tmp_path / "plan.yaml")
    assert (tmp_path / "plan.yaml").read_text() == plan.to_yaml()


def test_solve_accepts_paths_and_dicts(small_path, small, deterministic):
    by_path = terroir.solve(small_path, stages=["design", "allocate"], seed=3)
    by_dict = terroir.solve(small.to_dict(), stages=["design", "allocate"], seed=3)
    assert by_path.objective == by_dict.objective
    assert by_path.routes == () and by_path.kpis.routes == 0
    assert by_path.model == small


def line_network():
    """A farm, a hub and a shop on a line (planar), not validated."""
    m = terroir.Model()
    m.set_settings(coordinates="planar")
    m.add_product("p")
    m.add_producer("farm", x=0, y=0, supply={"p": 100})
    m.add_hub("hub", x=1, y=0)
    m.add_point("shop", x=2, y=0, demand={"p": 60})
    return m


def test_solve_validates_a_built_model(deterministic):
    m = line_network()
    plan = terroir.solve(m, **deterministic)
    assert m.is_validated
    assert plan.kpis.served_kg == pytest.approx(60)
    assert [(f.producer, f.hub, f.point, f.kg) for f in plan.flows] == [
        ("farm", "hub", "shop", 60.0)]
    assert plan.unserved == ()


def test_log_callback_receives_solver_lines(small):
    lines = []
    terroir.solve(small, stages=["design", "allocate"], log=lines.append)
    assert all(isinstance(line, str) and "\n" not in line for line in lines)


def test_write_lp(small, tmp_path):
    path = tmp_path / "design.lp"
    terroir.solve(small, stages=["design", "allocate"], write_lp=path)
    assert path.read_text().lstrip().startswith("\\")


def test_report_outputs(plan, tmp_path):
    page = plan.to_html(title="Petit <réseau>")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Petit &lt;réseau&gt;" in page
    geo = plan.to_geojson()
    assert geo["type"] == "FeatureCollection"
    routes = [f for f in geo["features"] if f["properties"].get("feature") == "route"]
    assert len(routes) == len(plan.routes)
    plan.write_csv(tmp_path / "csv")
    assert (tmp_path / "csv" / "routes.csv").read_text().count("\n") == len(plan.routes) + 1
    plan.write_report(tmp_path / "plan.html")
    plan.write_geojson(tmp_path / "plan.geojson")
    assert json.loads((tmp_path / "plan.geojson").read_text()) == geo


def test_geojson_of_a_planar_model_is_an_invalid_argument():
    plan = terroir.solve(line_network())
    with pytest.raises(terroir.InvalidArgumentError):
        plan.to_geojson()


def test_languages_of_problems_report_and_route_sheets(plan, tmp_path):
    bad = "terroir: 1\nproducts:\n  - {id: veg, colour: green}\n"
    with pytest.raises(terroir.InputError) as fr:
        terroir.Model.loads(bad, "b.yaml", language="fr")
    assert "clé inconnue 'colour'" in str(fr.value)
    with pytest.raises(terroir.InputError) as en:
        terroir.Model.loads(bad, "b.yaml")
    assert "unknown key 'colour'" in str(en.value)
    with pytest.raises(ValueError):
        terroir.Model.loads(bad, language="de")
    page = plan.to_html(language="fr")
    assert '<html lang="fr">' in page and "Coût total" in page
    assert '<html lang="en">' in plan.to_html()
    plan.write_route_sheets(tmp_path / "sheets", language="fr")
    names = sorted(p.name for p in (tmp_path / "sheets").iterdir())
    assert names == sorted(["route-%02d.html" % (i + 1) for i in range(len(plan.routes))] +
                           ["route_sheets.csv"])
    assert "Arrêts dans l'ordre" in (tmp_path / "sheets" / "route-01.html").read_text()
