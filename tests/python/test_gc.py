"""Ownership: the C objects are freed by the garbage collector (ffi.gc) in
whatever order Python drops them; nothing read from them dangles."""
import gc
import random
import weakref

import terroir


def test_plan_outlives_its_model(small_path, deterministic):
    model = terroir.Model.load(small_path)
    plan = terroir.solve(model, **deterministic)
    expected = plan.to_json()
    plan.model = None  # the plan's only reference to the model
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None  # the C model is freed
    assert plan.to_json() == expected
    assert plan.routes and plan.flows and plan.hubs and plan.kpis.routes > 0


def test_records_outlive_their_plan_and_model(small_path, deterministic):
    model = terroir.Model.load(small_path)
    plan = terroir.solve(model, **deterministic)
    routes, hubs, flows, kpis = plan.routes, plan.hubs, plan.flows, plan.kpis
    first_stop = routes[0].stops[0].site
    ref = weakref.ref(plan)
    del plan, model
    gc.collect()
    assert ref() is None
    assert routes[0].stops[0].site == first_stop
    assert hubs[0].id and flows[0].product and kpis.routes == len(routes)


def test_reference_cycles_are_collected_in_any_order(small_path, deterministic):
    for seed in range(5):
        objects = []
        for _ in range(3):
            model = terroir.Model.load(small_path)
            plan = terroir.solve(model, stages=["design", "allocate"], seed=1)
            model.plan = plan  # a cycle model <-> plan
            objects += [model, plan, model.copy()]
        del model, plan
        random.Random(seed).shuffle(objects)
        refs = [weakref.ref(o) for o in objects]
        while objects:
            objects.pop()
            if len(objects) % 2 == 0:
                gc.collect()
        gc.collect()
        assert all(r() is None for r in refs)


def test_models_built_and_dropped_repeatedly():
    for i in range(200):
        m = terroir.Model()
        m.add_product("p%d" % i)
        copy = m.copy()
        del m
        copy.add_product("q")
        assert copy.count("product") == 2


def test_callbacks_are_released_after_a_solve(small_path, deterministic):
    class Counter:
        calls = 0

        def __call__(self, progress):
            self.calls += 1

    counter = Counter()
    ref = weakref.ref(counter)
    terroir.solve(small_path, progress=counter, log=counter, **deterministic)
    assert counter.calls > 0
    del counter
    assert ref() is None  # no reference cycle: freed at once, without gc.collect()
