"""terroir.compare(): scenarios solved with the same options, side by side."""
import pytest

import terroir


@pytest.fixture(scope="module")
def comparison(small_path):
    base = terroir.Model.load(small_path)
    more = base.to_dict()
    more["name"] = "St-Hyacinthe open"
    more["hubs"][0]["status"] = "open"
    return terroir.compare(small_path, more, seed=2, route_iterations=100)


def test_labels_models_and_plans(comparison):
    assert comparison.labels == ["small", "St-Hyacinthe open"]
    assert len(comparison.plans) == len(comparison.models) == 2
    assert "hub-st-hyacinthe" in comparison.plans[1].open_hubs


def test_rows_are_read_from_the_plans(comparison):
    rows = dict(comparison.rows())
    assert rows["objective"] == [p.objective for p in comparison.plans]
    assert rows["hubs open"] == [len(p.open_hubs) for p in comparison.plans]
    assert rows["routes"] == [len(p.routes) for p in comparison.plans]
    assert rows["served % school"][0] == pytest.approx(
        100 * comparison.plans[0].kpis.served_kg_by_kind["school"]
        / comparison.plans[0].kpis.demand_kg_by_kind["school"])
    assert rows["served % market"] == [None, None]  # no market in the model
    assert set(comparison.to_dict()) == set(comparison.labels)


def test_text_table(comparison):
    text = str(comparison)
    lines = text.splitlines()
    assert lines[0].split() == ["small", "St-Hyacinthe", "open"]
    assert any(line.startswith("objective") for line in lines)


def test_data_frame(comparison):
    pytest.importorskip("pandas")
    frame = comparison.to_frame()
    assert list(frame.columns) == comparison.labels
    assert frame.loc["objective"].tolist() == [p.objective for p in comparison.plans]


def test_html_page(comparison, tmp_path):
    page = comparison.to_html(title="Two scenarios")
    assert "Two scenarios" in page and "St-Hyacinthe open" in page
    comparison.write_html(tmp_path / "compare.html", title="Two scenarios")
    assert (tmp_path / "compare.html").read_text(encoding="utf-8") == page


def test_compare_needs_scenarios_and_matching_labels(small_path):
    with pytest.raises(ValueError):
        terroir.compare()
    with pytest.raises(ValueError):
        terroir.compare(small_path, labels=["a", "b"])
