"""Input that a careless caller or an attacker gives (issue 13): long
non-ASCII ids, overlays whose base points outside their folder, builder
calls that fail half-way, degenerate models and solve options."""
import json

import pytest

import terroir

HUB = "hûb-" + "à" * 240
LETTUCE = "l" + "é" * 240
SCHOOL = "s" + "ô" * 240
NAME = "Œ" * 240


def long_model_dict():
    """Every id and name far past any fixed buffer; the school's window
    closes before a truck can come, so its stop is unserved with a
    sentence naming the hub."""
    return {
        "terroir": 1,
        "name": NAME,
        "products": [{"id": LETTUCE, "name": NAME, "temperature": "chilled"}],
        "producers": [{"id": "f" + "ü" * 240, "lat": 45.30, "lon": -73.25,
                       "supply": {LETTUCE: 400}}],
        "hubs": [{"id": HUB, "name": NAME, "lat": 45.40, "lon": -72.73, "status": "open"}],
        "points": [
            {"id": "é" + "è" * 240, "name": NAME, "kind": "grocery", "lat": 45.41,
             "lon": -72.72, "demand": {LETTUCE: 120}},
            {"id": SCHOOL, "kind": "school", "lat": 45.31, "lon": -73.26,
             "demand": {LETTUCE: 50}, "time_windows": [["00:00", "00:05"]]},
        ],
        "vehicle_types": [{"id": "v" + "ç" * 240, "name": NAME, "home_hub": HUB, "count": 1, "trips_per_day": 2,
                           "capacity": {"kg": 1200}, "temperatures": ["chilled"]}],
    }


def test_plan_text_is_utf8_with_long_non_ascii_ids():
    lines = []
    plan = terroir.solve(long_model_dict(), route_iterations=50, log=lines.append)
    data = json.loads(plan.to_json())  # raised UnicodeDecodeError before
    assert plan.to_yaml()
    stops = plan.unserved_stops
    assert stops and stops[0].site == SCHOOL and HUB in stops[0].detail
    assert HUB in json.dumps(data, ensure_ascii=False)
    assert lines and all("\ufffd" not in line for line in lines)
    assert "\ufffd" not in plan.to_html()
    assert "\ufffd" not in plan.to_geojson()


# ------------------------------------------------------------ overlay bases

def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def server(tmp_path, small_path):
    """A server's folder: a secret model file (whose top-level key a message
    would quote if it were read) and a valid model, next to a folder of
    client scenarios."""
    _write(tmp_path / "secret.yaml", "terroir: 1\nsecret_key_zz9: 1\n")
    _write(tmp_path / "small.yaml", open(small_path, encoding="utf-8").read())
    (tmp_path / "clients").mkdir()
    return tmp_path


def _messages(error):
    return " ".join([str(error)] + [p.message for p in getattr(error, "problems", [])])


def test_dict_models_follow_no_base_without_a_base_dir(server, monkeypatch):
    monkeypatch.chdir(server)  # where a relative base used to be found
    for base in ("secret.yaml", str(server / "secret.yaml"), "/etc/passwd"):
        request = {"terroir": 1, "base": base}
        for load in (terroir.Model.from_dict, terroir.solve):
            with pytest.raises(terroir.InputError) as e:
                load(request)
            assert "overlays are not allowed here" in _messages(e.value)
            assert "secret_key_zz9" not in _messages(e.value)
    # Given a folder, a dictionary may name a model in it, and only there.
    overlay = {"terroir": 1, "base": "small.yaml", "name": "renamed"}
    assert terroir.Model.from_dict(overlay, base_dir=str(server)).name == "renamed"
    plan = terroir.solve(overlay, base_dir=str(server), stages=["design", "allocate"])
    assert plan.status in ("optimal", "feasible")
    with pytest.raises(terroir.InputError) as e:
        terroir.Model.from_dict({"terroir": 1, "base": "../secret.yaml"},
                                base_dir=str(server / "clients"))
    assert "is outside the folder" in _messages(e.value)
    assert "secret_key_zz9" not in _messages(e.value)


def test_file_overlays_read_only_inside_their_folder(server, monkeypatch):
    clients = server / "clients"
    outside = _write(clients / "outside.yaml", "terroir: 1\nbase: ../secret.yaml\n")
    monkeypatch.chdir(clients)  # the file is under the current directory
    with pytest.raises(terroir.InputError) as e:
        terroir.Model.load(outside)
    assert (e.value.line, e.value.column, e.value.field) == (2, 7, "base")
    assert "is outside the folder" in _messages(e.value)
    assert "secret_key_zz9" not in _messages(e.value)
    # From elsewhere, the file's own folder: still outside.
    monkeypatch.chdir("/")
    with pytest.raises(terroir.InputError):
        terroir.Model.load(outside)
    # A wider folder given: the base is read (and is not a model).
    with pytest.raises(terroir.InputError) as e:
        terroir.Model.load(outside, base_dir=str(server))
    assert "secret_key_zz9" in _messages(e.value)
    # An overlay next to its base loads from anywhere.
    beside = _write(server / "beside.yaml", "terroir: 1\nbase: small.yaml\nname: beside\n")
    assert terroir.Model.load(beside).name == "beside"


# ------------------------------------------------------------ builder atomicity

def _two_products():
    m = terroir.Model()
    m.add_product("lettuce", temperature="chilled")
    m.add_product("potatoes")
    return m


@pytest.mark.parametrize("add", [
    # A line or window that fails after the site itself was added.
    lambda m: m.add_producer("farm", lat=45.3, lon=-73.2, supply={"lettuce": 10, "potatoes": -1}),
    lambda m: m.add_producer("farm", lat=45.3, lon=-73.2, supply={"lettuce": 10, "nope": 1}),
    lambda m: m.add_producer("farm", lat=45.3, lon=-73.2, supply={"lettuce": 10},
                             time_windows=[(600, 500)]),
    lambda m: m.add_point("shop", lat=45.4, lon=-73.1, demand={"lettuce": float("nan")}),
    lambda m: m.add_point("shop", lat=45.4, lon=-73.1, demand={"lettuce": 5},
                          time_windows=[(480, 600), (700,)]),
    lambda m: m.add_point("shop", lat=45.4, lon=-73.1, demand={"lettuce": "five"}),
    lambda m: m.add_hub("hub", lat=45.5, lon=-73.0, opening_hours=[(300, 900), (-5, 10)]),
])
def test_builder_call_that_raises_adds_nothing(add):
    m = _two_products()
    m.add_hub("hub-0", lat=45.6, lon=-73.3, status="open")
    before = m.copy()
    with pytest.raises((terroir.TerroirError, ValueError, TypeError)):
        add(m)
    # Before: the site stayed, half-built, and a later validate() passed.
    assert m == before
    assert m.count("site") == 1
    # The id is free: the same call, corrected, works.
    m.add_point("shop", lat=45.4, lon=-73.1, demand={"lettuce": 5})
    m.add_producer("farm", lat=45.3, lon=-73.2, supply={"lettuce": 10})
    m.add_hub("hub", lat=45.5, lon=-73.0)
    m.validate()


# ------------------------------------------------------------ degenerate solves

def test_solve_with_no_stage_is_an_error(small_path):
    # Was "optimal, objective 0": a plan of nothing.
    for stages in ([], ["evaluate"]):
        with pytest.raises(terroir.InvalidArgumentError) as e:
            terroir.solve(small_path, stages=stages)
        assert "stage" in str(e.value)


def test_weightless_demand_is_refused_at_its_field(small_path):
    model = terroir.Model.load(small_path).to_dict()
    eggs = next(p for p in model["products"] if p["id"] == "eggs")
    eggs["kg_per_unit"] = 0
    with pytest.raises(terroir.InputError) as e:
        terroir.Model.from_dict(model)
    assert e.value.field == "products[1].kg_per_unit"
    assert "kg_per_unit 0" in str(e.value)


def test_plan_lists_what_the_solve_worked_around(small_path):
    # Empty when GLPK never failed (the failures themselves are forced in
    # the C suite 'trust', through the LP layer's test hook).
    plan = terroir.solve(small_path, route_iterations=30)
    assert plan.warnings == ()
    assert plan.to_dict()["warnings"] == []
