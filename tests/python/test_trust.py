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
        "vehicle_types": [{"id": "v" + "ç" * 240, "name": NAME, "home_hub": HUB, "count": 1,
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
