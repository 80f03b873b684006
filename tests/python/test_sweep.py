"""terroir.sweep(): scenarios solved on a 2-worker dask LocalCluster (worker
processes) give, row by row and in the order given, the figures of the same
scenarios solved one by one in this process with the same seed."""
import os

import pytest

import terroir

distributed = pytest.importorskip("distributed")

OPTIONS = {"seed": 4, "route_iterations": 80}


@pytest.fixture(scope="module")
def scenarios(small_path, cli_data):
    """Twenty small scenarios of every kind: files, an overlay, a CSV
    folder, dicts (demand scaled, a hub forced open) and a Model."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    base = terroir.Model.load(small_path).to_dict()
    out = [small_path, os.path.join(cli_data, "small-open-hub.yaml"),
           os.path.join(cli_data, "small-no-van.yaml"),
           os.path.join(root, "datasets", "templates", "small-csv")]
    for factor in (0.8, 1.3, 0.5, 0.6, 0.7, 0.9, 1.1, 1.2, 1.4, 1.5, 1.6, 1.7, 1.8, 2.0):
        d = terroir.Model.load(small_path).to_dict()
        d["name"] = "demand x%.1f" % factor
        for point in d["points"]:
            point["demand"] = {k: v * factor for k, v in point.get("demand", {}).items()}
        out.append(d)
    opened = dict(base, name="St-Hyacinthe open")
    opened["hubs"] = [dict(h, status="open") for h in base["hubs"]]
    out.append(opened)
    out.append(terroir.Model.load(small_path))
    return out


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def _figures(row):
    return {k: v for k, v in row.items() if k not in ("solve seconds", "scenario")}


def test_sweep_on_two_worker_processes_equals_serial_runs(scenarios, client):
    frame = terroir.sweep(scenarios, client, **OPTIONS)
    assert list(frame.columns) == terroir.sweep_module.KPI_COLUMNS
    assert len(frame) == len(scenarios) == 20
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    serial = [terroir.run_scenario(s, **OPTIONS) for s in scenarios]
    for (_, got), want in zip(frame.iterrows(), serial):
        got = {k: (None if v != v else v) for k, v in got.to_dict().items()}  # NaN -> None
        assert got["status"] in ("optimal", "feasible"), got
        assert _figures(got) == _figures(want)
    assert list(frame["scenario"][:4]) == ["small", "small-open-hub", "small-no-van",
                                            "small-csv"]
    assert frame["scenario"][4] == "demand x0.8"
    # The figures are those of terroir.compare.
    comparison = terroir.compare(*scenarios[:2], **OPTIONS)
    rows = dict(comparison.rows())
    assert list(frame["objective"][:2]) == rows["objective"]
    assert list(frame["km driven"][:2]) == rows["km driven"]
    assert frame["objective"][5] > frame["objective"][4]  # more demand, more cost
    assert list(frame["scenario"][-2:]) == ["St-Hyacinthe open", "Petit réseau, Montérégie"]


def test_a_bad_scenario_is_a_row_with_its_error(client, small_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("terroir: 1\nproducts: [{id: a, temperature: warm}]\n")
    frame = terroir.sweep([small_path, str(bad)], client, **OPTIONS)
    assert frame["status"][0] in ("optimal", "feasible")
    assert frame["status"][1] == "error"
    assert "warm" in frame["error"][1]
    assert frame["error"][0] is None


def test_labels_must_match_the_scenarios(small_path):
    with pytest.raises(ValueError):
        terroir.sweep([small_path], labels=["a", "b"])
    with pytest.raises(TypeError):
        terroir.sweep([42])


def test_without_a_client_a_local_cluster_is_started_and_closed(small_path):
    frame = terroir.sweep([small_path, small_path], labels=["a", "b"], n_workers=2,
                          **OPTIONS)
    assert list(frame["scenario"]) == ["a", "b"]
    assert frame["objective"][0] == frame["objective"][1]
    assert frame["objective"][0] == terroir.run_scenario(small_path, **OPTIONS)["objective"]
