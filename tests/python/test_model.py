"""Models: loading, building, reading, and round trips between Python
dictionaries, YAML text and the C model."""
import json
import os

import pytest

import terroir

GOOD = ["full.yaml", "matrix.yaml", "planar_listed.yaml", "minimal.yaml", "bom_crlf.yaml"]


@pytest.mark.parametrize("name", GOOD)
def test_dict_round_trip_gives_an_equal_model(test_data, name):
    model = terroir.Model.load(os.path.join(test_data, "good", name))
    again = terroir.Model.from_dict(model.to_dict())
    assert again == model
    assert again.to_dict() == model.to_dict()


@pytest.mark.parametrize("name", GOOD)
def test_yaml_round_trip_gives_an_equal_model(test_data, name):
    model = terroir.Model.load(os.path.join(test_data, "good", name))
    assert terroir.Model.loads(model.to_yaml()) == model


def test_dict_is_the_yaml_schema(small_path, small):
    # The dictionary of a model is what a YAML parser would return for its
    # file.  JSON is YAML: without the plain word `unlimited`, the dict
    # written as JSON is a model file as it is.
    data = small.to_dict()
    for vehicle in data["vehicle_types"]:
        vehicle["capacity"] = {k: v for k, v in vehicle["capacity"].items() if v != "unlimited"}
    data["hubs"][0]["capacity_kg"]["frozen"] = 1e9
    data["hubs"][1].pop("capacity_kg")
    again = terroir.Model.loads(json.dumps(data, indent=2), "as.json")
    assert again.to_dict() == terroir.Model.from_dict(data).to_dict()
    assert again.vehicle_types == small.vehicle_types
    data = small.to_dict()
    assert data["terroir"] == 1
    assert data["name"] == "Petit réseau, Montérégie"
    assert [p["id"] for p in data["products"]] == ["lettuce", "eggs", "potatoes"]
    assert data["producers"][0]["supply"] == {"lettuce": 400.0, "eggs": 120.0}
    assert data["producers"][0]["time_windows"] == [[420.0, 660.0]]
    assert data["hubs"][0]["capacity_kg"] == {"ambient": 20000.0, "chilled": 8000.0,
                                              "frozen": "unlimited"}
    assert data["vehicle_types"][0]["temperatures"] == ["ambient", "chilled"]
    assert data["vehicle_types"][1]["capacity"] == {"kg": 1200.0, "m3": "unlimited",
                                                    "pallets": "unlimited"}


def test_from_dict_accepts_schema_defaults_and_hh_mm_times():
    model = terroir.Model.from_dict({
        "terroir": 1,
        "products": [{"id": "apples"}],
        "producers": [{"id": "farm", "lat": 45.3, "lon": -73.2, "supply": {"apples": 100},
                       "time_windows": [["07:00", "11:30"]]}],
        "points": [{"id": "shop", "lat": 45.5, "lon": -73.5, "demand": {"apples": 60}}],
    })
    data = model.to_dict()
    assert data["producers"][0]["time_windows"] == [[420.0, 690.0]]
    assert data["products"][0]["kg_per_unit"] == 1.0
    assert data["points"][0]["priority"] == 3
    assert data["settings"]["road_factor"] == 1.3


def test_builder_makes_the_model_of_the_file(small_path, small):
    m = terroir.Model()
    m.set_settings(name="Petit réseau, Montérégie", coordinates="latlon", road_factor=1.3,
                   speed_kmh=60)
    m.add_product("lettuce", name="Laitue", temperature="chilled", shelf_life_hours=96,
                  unit="kg")
    m.add_product("eggs", name="Œufs", temperature="chilled", unit="dozen", kg_per_unit=0.7)
    m.add_product("potatoes", name="Pommes de terre", temperature="ambient")
    m.add_producer("ferme-des-saules", name="Ferme des Saules", lat=45.30, lon=-73.25,
                   supply={"lettuce": 400, "eggs": 120}, time_windows=[(420, 660)],
                   service_minutes=15)
    m.add_producer("ferme-du-ruisseau", name="Ferme du Ruisseau", lat=45.42, lon=-72.95,
                   supply={"potatoes": 1500, "lettuce": 100})
    m.add_hub("hub-st-hyacinthe", name="Carrefour St-Hyacinthe", lat=45.63, lon=-72.96,
              status="candidate", fixed_cost=1200,
              capacity_kg={"ambient": 20000, "chilled": 8000, "frozen": "unlimited"},
              handling_cost_per_kg=0.05)
    m.add_hub("hub-granby", name="Entrepôt Granby", lat=45.40, lon=-72.73, status="open",
              handling_cost_per_kg=0.08)
    m.add_point("moisson-rive-sud", name="Moisson Rive-Sud", kind="food_bank", lat=45.53,
                lon=-73.40, demand={"lettuce": 80, "potatoes": 600}, priority=1)
    m.add_point("epicerie-coop-granby", name="Épicerie coop de Granby", kind="grocery",
                lat=45.41, lon=-72.72, demand={"eggs": 50, "lettuce": 120})
    m.add_point("ecole-st-jean", kind="school", lat=45.31, lon=-73.26,
                demand={"potatoes": 200}, time_windows=[(480, 720)])
    m.add_vehicle_type("reefer-st-hyacinthe", name="Camion réfrigéré",
                       home_hub="hub-st-hyacinthe", count=2,
                       capacity={"kg": 6000, "m3": 30, "pallets": 12},
                       temperatures=["ambient", "chilled"], fixed_cost=150, cost_per_km=0.9,
                       cost_per_hour=35, co2_kg_per_km=0.35)
    m.add_vehicle_type("van-granby", home_hub=1, count=1, capacity={"kg": 1200},
                       fixed_cost=60, cost_per_km=0.5)
    assert not m.is_validated
    assert m.validate() is m and m.is_validated
    assert m == small


def test_builder_by_index_and_separate_lines():
    m = terroir.Model()
    m.set_settings(coordinates="planar")
    apples = m.add_product("apples")
    farm = m.add_producer("farm", x=0, y=0)
    hub = m.add_hub("hub", x=5, y=0)
    shop = m.add_point("shop", x=10, y=0)
    assert (apples, farm, hub, shop) == (0, 0, 0, 0)
    m.add_supply(farm, apples, 50)
    m.add_supply("farm", "apples", 25)  # adds up
    m.add_demand("shop", apples, 40)
    m.add_time_window("shop", 60, 120)
    m.add_time_window(1, 0, 600)  # site 1 is the hub
    m.validate()
    data = m.to_dict()
    assert data["producers"][0]["supply"] == {"apples": 75.0}
    assert data["points"][0]["time_windows"] == [[60.0, 120.0]]
    assert data["hubs"][0]["opening_hours"] == [[0.0, 600.0]]
    assert m.distance("farm", "shop") == (10.0, 10.0)
    assert m.site_ids() == ["farm", "hub", "shop"]
    assert m.site_kind("hub") == "hub" and m.site_kind(2) == "point"


def test_matrix_and_listed_arcs_through_the_builder(test_data):
    m = terroir.Model()
    m.set_settings(arcs="listed")
    m.add_product("p")
    m.add_producer("a", supply={"p": 10})
    m.add_hub("h")
    m.add_point("b", demand={"p": 5})
    m.set_matrix(["a", "h", "b"], [[0, 4, 9], [4, 0, 6], [9, 6, 0]])
    m.add_arc("a", "h", 0.25, km=4)
    m.add_arc("h", "b", 0.5)
    m.validate()
    data = m.to_dict()
    assert data["matrix"] == {"sites": ["a", "h", "b"],
                              "km": [[0.0, 4.0, 9.0], [4.0, 0.0, 6.0], [9.0, 6.0, 0.0]]}
    assert data["arcs"] == [{"from": "a", "to": "h", "cost_per_kg": 0.25, "km": 4.0},
                            {"from": "h", "to": "b", "cost_per_kg": 0.5}]
    assert terroir.Model.from_dict(data) == m
    assert m.distance("h", "b")[0] == 6.0


def test_reading_a_model(default_dataset):
    model = terroir.Model.load(default_dataset)
    assert model.is_validated
    assert model.source == default_dataset
    assert model.count("producer") == len(model.producers) > 0
    assert model.count("site") == (model.count("producer") + model.count("hub")
                                   + model.count("point"))
    hub = model.hubs[0]["id"]
    assert model.find("hub", hub) == 0
    assert model.settings["operating_days"] >= 1
    assert "Mont" in model.name
    km, minutes = model.distance(model.producers[0]["id"], hub)
    assert km > 0 and minutes > 0
    assert "validated" in repr(model)


def test_loads_accepts_bytes_and_names_the_buffer(small_path):
    with open(small_path, "rb") as f:
        data = f.read()
    assert terroir.Model.loads(data) == terroir.Model.loads(data.decode("utf-8"))
    with pytest.raises(terroir.InputError) as e:
        terroir.Model.loads(b"terroir: 1\nproducts: []\n", "scenario.yaml")
    assert e.value.file == "scenario.yaml"


def test_copy_is_mutable_and_independent(small):
    copy = small.copy()
    assert not copy.is_validated and copy == small
    copy.add_product("honey")
    copy.validate()
    assert copy != small
    assert small.count("product") == 3 and copy.count("product") == 4


def test_write_yaml_file_loads_back(tmp_path, small):
    path = tmp_path / "model.yaml"
    small.write_yaml(path)
    assert terroir.Model.load(path) == small


def test_import_benchmark_instance(test_data):
    model = terroir.Model.import_file(os.path.join(test_data, "bench", "X-n101-k25.vrp"),
                                      "vrplib")
    assert model.count("point") == 100
    assert model.settings["coordinates"] == "planar"


def test_models_are_not_equal_to_other_things(small):
    assert small != "small"
    with pytest.raises(TypeError):
        hash(small)


def test_overlays_load_like_models(test_data, tmp_path):
    folder = os.path.join(test_data, "overlay")
    base = terroir.Model.load(os.path.join(folder, "base.yaml"))
    # An overlay that changes nothing is its base.
    assert terroir.Model.load(os.path.join(folder, "noop.yaml")) == base
    changed = terroir.Model.load(os.path.join(folder, "add_remove.yaml"))
    assert changed != base
    assert "eggs" in [p["id"] for p in changed.products]
    # From text, `base` is found relative to base_dir.
    text = "terroir: 1\nbase: base.yaml\nname: renamed\n"
    assert terroir.Model.loads(text, base_dir=folder).name == "renamed"
    with pytest.raises(terroir.InputError):
        terroir.Model.loads(text, base_dir=folder, allow_overlays=False)
    with pytest.raises(terroir.TerroirError):
        terroir.Model.loads(text, base_dir=str(tmp_path))  # no base.yaml there


def test_cross_dock_trips_and_loading_through_builder_dict_and_yaml():
    m = terroir.Model()
    m.add_product("p")
    m.add_hub("h", lat=45.4, lon=-72.7)
    m.add_hub("quick", lat=45.6, lon=-73.0, cross_dock_minutes=12.5)
    m.add_vehicle_type("van", home_hub="h")
    m.add_vehicle_type("runner", home_hub="quick", trips_per_day=3, loading_minutes=20)
    data = m.to_dict()
    assert [h["cross_dock_minutes"] for h in data["hubs"]] == [30.0, 12.5]
    assert [(v["trips_per_day"], v["loading_minutes"]) for v in data["vehicle_types"]] == \
        [(1, 0.0), (3, 20.0)]
    again = terroir.Model.from_dict(data)
    assert again == m
    assert terroir.Model.loads(m.to_yaml()) == m
    # A different value is a different model.
    data["vehicle_types"][1]["trips_per_day"] = 2
    assert terroir.Model.from_dict(data) != m


def test_days_and_storage_through_builder_dict_and_yaml():
    m = terroir.Model()
    m.set_settings(operating_days=5)
    m.add_product("p")
    m.add_producer("farm", lat=45.3, lon=-73.2, pickup_days=[5, 1, 3])
    m.add_producer("orchard", lat=45.4, lon=-73.1)
    m.add_hub("h", lat=45.4, lon=-72.7, storage_kg={"ambient": 1200, "chilled": "unlimited"})
    m.add_hub("g", lat=45.5, lon=-72.8)
    m.add_point("shop", lat=45.5, lon=-73.5, delivery_days=(2, 4))
    m.add_point("bank", lat=45.6, lon=-73.4, delivery_days=[])
    data = m.to_dict()
    assert [p["pickup_days"] for p in data["producers"]] == [[1, 3, 5], []]
    assert [p["delivery_days"] for p in data["points"]] == [[2, 4], []]
    # A class the mapping leaves out may hold nothing overnight; no mapping:
    # no limit in any class.
    assert data["hubs"][0]["storage_kg"] == {"ambient": 1200.0, "chilled": "unlimited",
                                             "frozen": 0.0}
    assert "storage_kg" not in data["hubs"][1]
    again = terroir.Model.from_dict(data)
    assert again == m
    assert terroir.Model.loads(m.to_yaml()) == m
    assert "pickup_days: [1, 3, 5]" in m.to_yaml()
    # A different value is a different model.
    data["points"][0]["delivery_days"] = [2]
    assert terroir.Model.from_dict(data) != m
    data = m.to_dict()
    data["hubs"][0]["storage_kg"]["frozen"] = 10
    assert terroir.Model.from_dict(data) != m


def test_bad_days_and_storage_are_refused_at_their_field():
    m = terroir.Model()
    m.add_product("p")
    for bad in ([0], [367], [2, 2]):
        with pytest.raises(terroir.InvalidArgumentError) as e:
            m.add_producer("farm", pickup_days=bad)
        assert e.value.field == "pickup_days"
        with pytest.raises(terroir.InvalidArgumentError) as e:
            m.add_point("shop", delivery_days=bad)
        assert e.value.field == "delivery_days"
    with pytest.raises(TypeError):
        m.add_point("shop", delivery_days=[1.5])
    with pytest.raises(terroir.InvalidArgumentError) as e:
        m.add_hub("h", storage_kg={"chilled": -5})
    assert e.value.field == "storage_kg.chilled"
    with pytest.raises(ValueError):
        m.add_hub("h", storage_kg={"cold": 5})
    assert m.to_dict()["producers"] == [] and m.to_dict()["points"] == []
    # Days past the cycle are refused when the model is validated, at the
    # entity that lists them.
    with pytest.raises(terroir.InputError) as e:
        terroir.Model.loads("terroir: 1\nsettings: {operating_days: 2}\nproducts: [{id: p}]\n"
                            "points:\n  - {id: s, lat: 45, lon: -73, delivery_days: [1, 3]}\n")
    assert e.value.field == "points[0].delivery_days"
    assert (e.value.line, e.value.column) == (5, 5)
    assert "day 3" in str(e.value)


def test_bad_cross_dock_trips_and_loading_are_refused_and_add_nothing():
    m = terroir.Model()
    m.add_product("p")
    m.add_hub("h")
    with pytest.raises(terroir.InvalidArgumentError) as e:
        m.add_hub("g", cross_dock_minutes=-5)
    assert e.value.field == "cross_dock_minutes"
    for bad in (0, 101):
        with pytest.raises(terroir.InvalidArgumentError) as e:
            m.add_vehicle_type("v", home_hub="h", trips_per_day=bad)
        assert e.value.field == "trips_per_day"
    with pytest.raises(TypeError):
        m.add_vehicle_type("v", home_hub="h", trips_per_day=1.5)
    with pytest.raises(terroir.InvalidArgumentError) as e:
        m.add_vehicle_type("v", home_hub="h", loading_minutes=-1)
    assert e.value.field == "loading_minutes"
    assert [h["id"] for h in m.to_dict()["hubs"]] == ["h"]
    assert m.to_dict()["vehicle_types"] == []
    with pytest.raises(terroir.InputError) as e:
        terroir.Model.loads("terroir: 1\nproducts: [{id: p}]\nhubs: [{id: h}]\n"
                            "vehicle_types:\n  - {id: v, home_hub: h, trips_per_day: 1.5}\n")
    assert e.value.field == "vehicle_types[0].trips_per_day"
    assert (e.value.line, e.value.column) == (5, 41)
