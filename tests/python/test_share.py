"""terroir.share() and members in models: the Python side agrees with the
library's JSON, members survive the dictionary round trip, shares are
efficient and reproducible, and a textbook game gives its known values."""
import math

import pytest

import terroir

MODEL = {
    "terroir": 1,
    "members": [{"id": "grocery", "name": "Grocery coop"}, {"id": "bank"}, {"id": "school"}],
    "products": [{"id": "apples"}],
    "producers": [{"id": "farm", "lat": 45.50, "lon": -73.50, "supply": {"apples": 600},
                   "member": "grocery"}],
    "hubs": [
        {"id": "hub-a", "lat": 45.55, "lon": -73.55, "status": "candidate", "fixed_cost": 100,
         "member": "grocery"},
        {"id": "hub-b", "lat": 45.52, "lon": -73.62, "status": "candidate", "fixed_cost": 100,
         "member": "bank"}],
    "points": [
        {"id": "store", "lat": 45.60, "lon": -73.58, "demand": {"apples": 150},
         "member": "grocery"},
        {"id": "pantry", "lat": 45.58, "lon": -73.64, "demand": {"apples": 150}, "member": "bank"},
        {"id": "class", "lat": 45.57, "lon": -73.60, "demand": {"apples": 100},
         "member": "school"}],
    "vehicle_types": [
        {"id": "van-a", "home_hub": "hub-a", "count": 1, "capacity": {"kg": 500},
         "fixed_cost": 50, "member": "grocery"},
        {"id": "van-b", "home_hub": "hub-b", "count": 1, "capacity": {"kg": 500},
         "fixed_cost": 50, "member": "bank"}],
}


def test_members_survive_the_dictionary_round_trip():
    model = terroir.Model.from_dict(MODEL)
    data = model.to_dict()
    assert data["members"] == [{"id": "grocery", "name": "Grocery coop"},
                               {"id": "bank", "name": "bank"}, {"id": "school", "name": "school"}]
    assert [p["member"] for p in data["points"]] == ["grocery", "bank", "school"]
    assert data["vehicle_types"][1]["member"] == "bank"
    assert terroir.Model.from_dict(data) == model
    assert model.count("member") == 3


def test_builder_names_members_and_rejects_unknown_ones():
    m = terroir.Model()
    m.add_member("coop", name="Coop")
    m.add_product("apples")
    m.add_point("p", lat=45.0, lon=-73.0, member="coop", demand={"apples": 1})
    assert m.to_dict()["points"][0]["member"] == "coop"
    with pytest.raises(terroir.NotFoundError):
        m.add_point("q", lat=45.0, lon=-73.0, member="nobody")
    m.set_member("point", "p", None)
    assert "member" not in m.to_dict()["points"][0]


def test_share_is_efficient_reproducible_and_matches_its_json():
    a = terroir.share(MODEL, route_iterations=50, seed=1)
    b = terroir.share(MODEL, route_iterations=50, seed=1)
    assert [m["nucleolus"] for m in a.members] == [m["nucleolus"] for m in b.members]
    for method in ("shapley", "nucleolus", "epm"):
        total = sum(m[method] for m in a.members)
        assert math.isclose(total, a.grand_coalition_cost, rel_tol=1e-6)
    data = a.to_dict()
    assert math.isclose(data["grand_coalition_cost"], a.grand_coalition_cost)
    assert [m["id"] for m in data["members"]] == ["grocery", "bank", "school"]
    assert len(data["coalitions"]) == len(a.coalitions) == 7
    for c, j in zip(a.coalitions, data["coalitions"]):
        assert c["warm"] == j["warm"] and c["cost"] <= c["cold_cost"]
    assert a.warm_started == data["warm_started"] == sum(c["warm"] for c in a.coalitions)
    assert a.exact and a.core_empty in (True, False)


def test_share_game_gives_the_talmud_nucleolus():
    # Aumann & Maschler (1985): estate 200, claims 100, 200, 300 -> (50, 75, 75);
    # as a cost game with stand-alone costs 1000 (see tests/test_share.c).
    claims = (100, 200, 300)
    costs = []
    for s in range(1, 8):
        others = sum(c for i, c in enumerate(claims) if not s >> i & 1)
        costs.append(1000 * bin(s).count("1") - max(0, 200 - others))
    result = terroir.share_game(costs, ["a", "b", "c"])
    assert [round(m["nucleolus"], 6) for m in result.members] == [950, 925, 925]


def test_share_rejects_bad_arguments():
    with pytest.raises(ValueError):
        terroir.share(MODEL, method="median")
    with pytest.raises(ValueError):
        terroir.share_game([1, 2])
    one = dict(MODEL, members=[{"id": "grocery"}], points=MODEL["points"][:1],
               hubs=MODEL["hubs"][:1], vehicle_types=MODEL["vehicle_types"][:1])
    with pytest.raises(terroir.InputError):
        terroir.share(one)
