"""terroir.Model.load_csv / write_csv: spreadsheet folders through the
bindings, with the problems of a bad table as InputError positions."""
import os

import pytest

import terroir


@pytest.fixture(scope="module")
def template():
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "datasets", "templates", "small-csv")


def test_template_loads_as_its_yaml_twin(template, test_data):
    model = terroir.Model.load_csv(template)
    twin = terroir.Model.load(os.path.join(test_data, "csv", "small.yaml"))
    assert model.to_yaml() == twin.to_yaml()
    assert model.source == template
    assert model.products[0]["m3_per_unit"] == 0.0016  # written "0,0016"


def test_write_csv_round_trips(tmp_path, small_path):
    model = terroir.Model.load(small_path)
    model.write_csv(tmp_path / "tables")
    assert sorted(os.listdir(tmp_path / "tables")) == [
        "arcs.csv", "distances.csv", "hubs.csv", "points.csv", "producers.csv", "products.csv",
        "settings.csv", "vehicles.csv"]
    back = terroir.Model.load_csv(tmp_path / "tables")
    # small.yaml lists a supply out of product order: the tables give the
    # same lines in product order (dicts compare without order).
    assert back.to_dict() == model.to_dict()
    assert back.to_yaml() != model.to_yaml()


def test_solve_accepts_a_folder(template):
    a = terroir.solve(template, seed=3, route_iterations=100)
    b = terroir.solve(terroir.Model.load_csv(template), seed=3, route_iterations=100)
    assert a.objective == b.objective


def test_bad_table_raises_input_error_with_positions(test_data):
    folder = os.path.join(test_data, "csv", "bad", "not_a_number")
    with pytest.raises(terroir.InputError) as info:
        terroir.Model.load_csv(folder)
    problem = info.value.problems[0]
    assert problem.file.endswith("points.csv")
    assert (problem.line, problem.column, problem.field) == (2, 35, "demand:lettuce")


def test_missing_folder_raises_file_error(tmp_path):
    with pytest.raises(terroir.FileError):
        terroir.Model.load_csv(tmp_path / "nowhere")


def test_load_csv_keeps_members(tmp_path, default_dataset):
    model = terroir.Model.load(default_dataset)
    assert model.count("member") > 0
    model.write_csv(tmp_path / "tables")
    assert "members.csv" in os.listdir(tmp_path / "tables")
    back = terroir.Model.load_csv(tmp_path / "tables")
    assert back.count("member") == model.count("member")
    assert back.to_dict()["members"] == model.to_dict()["members"]
    assert [p.get("member") for p in back.to_dict()["points"]] == \
        [p.get("member") for p in model.to_dict()["points"]]
