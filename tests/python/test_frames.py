"""pandas views: models from and to DataFrames, plans as DataFrames."""
import pytest

import terroir

pd = pytest.importorskip("pandas")


def test_model_dataframes_round_trip(default_dataset):
    model = terroir.Model.load(default_dataset)
    frames = model.to_dataframes()
    assert set(frames) >= {"products", "producers", "hubs", "points", "vehicle_types",
                           "supply", "demand", "time_windows", "settings"}
    assert len(frames["producers"]) == model.count("producer")
    assert "capacity_kg.chilled" in frames["hubs"].columns
    assert terroir.Model.from_dataframes(**frames) == model


def test_model_from_hand_written_frames():
    products = pd.DataFrame({"id": ["apples", "milk"], "temperature": ["ambient", "chilled"]})
    producers = pd.DataFrame({"id": ["farm"], "lat": [45.3], "lon": [-73.2],
                              "self_delivery.kg": [500], "self_delivery.km": [30]})
    hubs = pd.DataFrame({"id": ["hub"], "lat": [45.4], "lon": [-73.3],
                         "capacity_kg.ambient": [1000], "capacity_kg.chilled": ["unlimited"]})
    points = pd.DataFrame({"id": ["shop", "school"], "lat": [45.5, 45.6], "lon": [-73.5, -73.4],
                           "kind": ["grocery", "school"], "priority": [None, 1]})
    supply = pd.DataFrame({"producer": ["farm", "farm"], "product": ["apples", "milk"],
                           "quantity": [100, 40]})
    demand = pd.DataFrame({"point": ["shop", "school", "school"],
                           "product": ["apples", "apples", "milk"], "quantity": [30, 20, 10]})
    windows = pd.DataFrame({"site": ["school", "hub"], "open": [480, 300], "close": [720, 1200]})
    model = terroir.Model.from_dataframes(products=products, producers=producers, hubs=hubs,
                                          points=points, supply=supply, demand=demand,
                                          time_windows=windows,
                                          settings={"name": "frames", "co2_price": 0.1})
    data = model.to_dict()
    assert data["name"] == "frames"
    assert data["producers"][0]["supply"] == {"apples": 100.0, "milk": 40.0}
    assert data["producers"][0]["self_delivery"] == {"kg": 500.0, "km": 30.0}
    assert data["hubs"][0]["capacity_kg"] == {"ambient": 1000.0, "chilled": "unlimited",
                                              "frozen": 0.0}
    assert data["hubs"][0]["opening_hours"] == [[300.0, 1200.0]]
    assert [p["priority"] for p in data["points"]] == [3, 1]
    assert data["points"][1]["time_windows"] == [[480.0, 720.0]]


def test_unknown_owner_of_a_line_is_an_error():
    products = pd.DataFrame({"id": ["apples"]})
    with pytest.raises(ValueError, match="unknown producer"):
        terroir.Model.from_dataframes(
            products=products, supply=pd.DataFrame({"producer": ["x"], "product": ["apples"],
                                                    "quantity": [1]}))


def test_plan_frames(small, deterministic):
    plan = terroir.solve(small, **deterministic)
    frames = plan.frames()
    assert list(frames) == ["hubs", "flows", "unserved", "routes", "stops", "stop_products",
                            "self_deliveries", "unserved_stops"]
    assert len(frames["stop_products"]) == sum(len(s.products) for r in plan.routes
                                               for s in r.stops)
    assert list(frames["stop_products"].columns) == ["route", "stop", "site", "kind", "product",
                                                     "quantity", "kg"]
    assert len(frames["self_deliveries"]) == len(plan.self_deliveries)
    assert "products" not in frames["stops"].columns
    assert len(frames["hubs"]) == len(plan.hubs)
    assert len(frames["flows"]) == len(plan.flows)
    assert len(frames["routes"]) == len(plan.routes)
    assert len(frames["stops"]) == sum(len(r.stops) for r in plan.routes)
    assert frames["routes"]["stops"].tolist() == [len(r.stops) for r in plan.routes]
    assert frames["flows"]["kg"].sum() == pytest.approx(sum(f.kg for f in plan.flows))
    assert {"delivery_kg", "pickup_m3", "load_pallets", "route", "stop"} <= set(
        frames["stops"].columns)
    assert "throughput_kg_chilled" in frames["hubs"].columns
    assert list(frames["unserved_stops"].columns)[:2] == ["site", "kind"]
    with pytest.raises(ValueError):
        plan.frame("nothing")
