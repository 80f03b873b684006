"""Solves in several threads at once (the C solve runs without the GIL, on
one shared read-only model) give the plans of the same solves run one after
another."""
import threading
from concurrent.futures import ThreadPoolExecutor

import terroir

TIMINGS = ("solve_seconds", "stage_seconds")


def plan_data(plan):
    return {k: v for k, v in plan.to_dict().items() if k not in TIMINGS}


def test_threads_give_the_sequential_results(default_dataset, small, deterministic):
    # Hub design and allocation of the regional dataset, and a routed small
    # network (routing bounded by iterations, not time: repeatable).
    region = terroir.Model.load(default_dataset)
    jobs = [(region, {"seed": seed, "stages": ["design", "allocate"]}) for seed in (1, 2)]
    jobs += [(small, dict(deterministic, seed=seed)) for seed in (1, 2, 3)]

    def run(job):
        model, options = job
        return plan_data(terroir.solve(model, **options))

    sequential = [run(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        parallel = list(pool.map(run, jobs))
    assert parallel == sequential
    assert any(plan["routes"] for plan in sequential)


def test_solves_in_two_threads_run_at_once(small):
    # If a solve held the GIL, the second thread could not start its solve
    # before the first one returned: their progress reports would not
    # interleave.
    events = []

    def run(name):
        terroir.solve(small, seed=1, route_seconds=1,
                      progress=lambda p: events.append(name))

    threads = [threading.Thread(target=run, args=(name,)) for name in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first_b, last_a = events.index("b"), len(events) - 1 - events[::-1].index("a")
    first_a, last_b = events.index("a"), len(events) - 1 - events[::-1].index("b")
    assert first_b < last_a and first_a < last_b


def test_threads_building_one_model_do_not_corrupt_it():
    model = terroir.Model()
    model.set_settings(coordinates="planar")
    model.add_product("p")

    def build(t):
        for i in range(200):
            model.add_point("pt-%d-%d" % (t, i), x=i, y=t, demand={"p": 1})

    threads = [threading.Thread(target=build, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert model.count("point") == 800
    assert len(set(model.site_ids())) == 800
