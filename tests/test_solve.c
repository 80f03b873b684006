/* terroir_solve() through the public API only: proven optima on OR-Library
 * capacitated warehouse location instances (published values, Beasley
 * 1990), the options' error paths, the plan accessors' error paths, and the
 * plan writers; the goods of a food-hub plan per product at each stop and
 * its self deliveries, through the accessors and the writers.  The full benchmark (all 49 instances, with cbc and glpsol
 * side by side) is benchmarks/orlib_cflp. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

static const char *data_dir(void)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    return d ? d : "tests/data";
}

static terroir_model *import_cap(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/bench/%s.txt", data_dir(), name);
    terroir_model *m = NULL;
    int rc = terroir_model_import_file(&m, TERROIR_FORMAT_ORLIB_CAP, path, NULL);
    ck_assert_msg(rc == 0, "import %s: %s", path,
                  terroir_error_last() ? terroir_error_last()->message : "?");
    return m;
}

/* Solve and compare with the published optimum (relative 1e-6). */
static void expect_optimum(const char *name, double published)
{
    terroir_model *m = import_cap(name);
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, NULL), 0);
    terroir_plan_summary s;
    ck_assert_int_eq(terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION), 0);
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    ck_assert_int_eq(s.status, TERROIR_STATUS_OPTIMAL);
    ck_assert_msg(fabs(s.objective - published) <= 1e-6 * published, "%s: %.6f, published %.6f",
                  name, s.objective, published);
    ck_assert_msg(s.bound <= s.objective && s.bound >= published * (1 - 1e-6),
                  "%s: bound %.6f", name, s.bound);
    ck_assert_uint_eq(terroir_plan_unserved_count(plan), 0);
    /* Every customer is served: the flows into points add up to the demand. */
    double served = 0;
    for (size_t i = 0; i < terroir_plan_flow_count(plan); i++) {
        terroir_plan_flow f;
        memset(&f, 0, sizeof f);
        f.version = TERROIR_PLAN_FLOW_VERSION;
        ck_assert_int_eq(terroir_plan_get_flow(plan, i, &f), 0);
        ck_assert_ptr_nonnull(f.via);
        served += f.kg;
    }
    ck_assert_double_eq_tol(served, s.demand_kg_total, 1e-6 * s.demand_kg_total);
    terroir_plan_free(plan);
    terroir_model_free(m);
}

START_TEST(solve_proves_published_optimum_of_cap41)
{
    expect_optimum("cap41", 1040444.375);
}
END_TEST

START_TEST(solve_proves_published_optimum_of_cap71)
{
    expect_optimum("cap71", 932615.750);
}
END_TEST

START_TEST(solve_proves_published_optimum_of_cap101)
{
    expect_optimum("cap101", 796648.437);
}
END_TEST

START_TEST(solve_proves_published_optimum_of_cap131)
{
    expect_optimum("cap131", 793439.562);
}
END_TEST

START_TEST(solve_rejects_bad_arguments)
{
    terroir_model *m = import_cap("cap41");
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(NULL, m, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_solve(&plan, NULL, NULL), TERROIR_EINVAL);
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.time_limit_seconds = -1;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(terroir_error_last());
    o.time_limit_seconds = 0;
    o.mip_gap = 2;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    ck_assert_ptr_null(plan);
    ck_assert_int_eq(terroir_solve_options_init(&o, 999), TERROIR_EINVAL);
    /* An unvalidated model is refused. */
    terroir_model *raw = NULL;
    ck_assert_int_eq(terroir_model_new(&raw), 0);
    ck_assert_int_eq(terroir_solve(&plan, raw, NULL), TERROIR_EINVAL);
    terroir_model_free(raw);
    terroir_model_free(m);
}
END_TEST

START_TEST(plan_accessors_reject_bad_arguments)
{
    terroir_model *m = import_cap("cap41");
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, NULL), 0);
    terroir_plan_hub h;
    memset(&h, 0, sizeof h);
    ck_assert_int_eq(terroir_plan_get_hub(plan, 0, &h), TERROIR_EINVAL); /* version 0 */
    h.version = TERROIR_PLAN_HUB_VERSION;
    ck_assert_int_eq(terroir_plan_get_hub(plan, terroir_plan_hub_count(plan), &h),
                     TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_plan_get_hub(NULL, 0, &h), TERROIR_EINVAL);
    terroir_plan_unserved u;
    memset(&u, 0, sizeof u);
    u.version = TERROIR_PLAN_UNSERVED_VERSION;
    ck_assert_int_eq(terroir_plan_get_unserved(plan, 0, &u), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_plan_get_summary(plan, NULL), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_plan_flow_count(NULL), 0);
    ck_assert_int_eq(terroir_plan_status(NULL), TERROIR_STATUS_INFEASIBLE);
    ck_assert_int_eq(terroir_plan_write_json_buffer(NULL, NULL, plan), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_plan_write_json_file(plan, "/nonexistent-dir/plan.json"),
                     TERROIR_EIO);
    terroir_plan_free(plan);
    terroir_plan_free(NULL);
    terroir_model_free(m);
}
END_TEST

START_TEST(plan_writes_json_and_yaml_with_its_figures)
{
    terroir_model *m = import_cap("cap41");
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, NULL), 0);
    char *json = NULL, *yaml = NULL;
    size_t jlen = 0, ylen = 0;
    ck_assert_int_eq(terroir_plan_write_json_buffer(&json, &jlen, plan), 0);
    ck_assert_int_eq(terroir_plan_write_yaml_buffer(&yaml, &ylen, plan), 0);
    ck_assert_uint_eq(strlen(json), jlen);
    ck_assert_ptr_nonnull(strstr(json, "\"status\": \"optimal\""));
    ck_assert_ptr_nonnull(strstr(json, "\"objective\": 1040444.37"));
    ck_assert_ptr_nonnull(strstr(json, "\"flows\": ["));
    ck_assert_ptr_nonnull(strstr(yaml, "status: \"optimal\""));
    ck_assert_ptr_nonnull(strstr(yaml, "objective: 1040444.37"));
    terroir_free(json);
    terroir_free(yaml);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------- goods per product */

/* A hub with a van, two farms (one brings its goods itself), a shop and a
 * food bank; two products, one of them with an id that YAML must quote. */
static terroir_model *food_hub_model(void)
{
    terroir_model *m = NULL;
    size_t veg = 0, apples = 0, hub = 0, farm = 0, orchard = 0, shop = 0, bank = 0;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.name = "goods per product";
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    terroir_product_spec pr = TERROIR_PRODUCT_SPEC_INIT;
    pr.id = "veg";
    pr.shelf_life_hours = 72;
    ck_assert_int_eq(terroir_model_add_product(m, &pr, &veg), 0);
    pr.id = "pommes rouges";
    pr.shelf_life_hours = 0;
    ck_assert_int_eq(terroir_model_add_product(m, &pr, &apples), 0);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "hub";
    h.location = (terroir_location){1, 45.5, -73.6, 0, 0};
    ck_assert_int_eq(terroir_model_add_hub(m, &h, &hub), 0);
    terroir_producer_spec f = TERROIR_PRODUCER_SPEC_INIT;
    f.id = "farm";
    f.location = (terroir_location){1, 45.6, -73.4, 0, 0};
    ck_assert_int_eq(terroir_model_add_producer(m, &f, &farm), 0);
    f.id = "orchard"; /* brings its apples itself: 20 km, all of them */
    f.location = (terroir_location){1, 45.55, -73.55, 0, 0};
    f.self_delivery_kg = 1000;
    f.self_delivery_km = 50;
    ck_assert_int_eq(terroir_model_add_producer(m, &f, &orchard), 0);
    terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
    pt.id = "shop";
    pt.location = (terroir_location){1, 45.4, -73.8, 0, 0};
    ck_assert_int_eq(terroir_model_add_point(m, &pt, &shop), 0);
    pt.id = "bank";
    pt.kind = TERROIR_POINT_FOOD_BANK;
    pt.location = (terroir_location){1, 45.55, -73.9, 0, 0};
    ck_assert_int_eq(terroir_model_add_point(m, &pt, &bank), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, farm, veg, 100), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, orchard, apples, 30), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, shop, veg, 60), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, shop, apples, 30), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, bank, veg, 40), 0);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "van";
    v.home_hub = hub;
    v.count = 2;
    v.capacity = (const double[]){1000}; /* kg */
    v.n_dimensions = 1;
    ck_assert_int_eq(terroir_model_add_vehicle_type(m, &v, NULL), 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    return m;
}

static terroir_plan *solve_food_hub(terroir_model *m)
{
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.route_iterations = 100;
    terroir_plan *plan = NULL;
    int rc = terroir_solve(&plan, m, &o);
    ck_assert_msg(rc == 0, "solve: %s", terroir_error_last() ? terroir_error_last()->message : "?");
    ck_assert_uint_ge(terroir_plan_route_count(plan), 1);
    return plan;
}

/* kg of `product` over the plan's stops of `kind` (and the self deliveries
 * when `self` is set). */
static double goods_kg(const terroir_plan *plan, const char *product, terroir_stop_kind kind,
                       int self)
{
    double kg = 0;
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route route = {0};
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(plan, r, &route), 0);
        for (size_t k = 0; k < route.n_stops; k++) {
            terroir_plan_route_stop st = {0};
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ck_assert_int_eq(terroir_plan_get_route_stop(plan, r, k, &st), 0);
            for (size_t j = 0; st.kind == kind && j < st.n_products; j++) {
                terroir_plan_stop_product sp = {0};
                sp.version = TERROIR_PLAN_STOP_PRODUCT_VERSION;
                ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, r, k, j, &sp), 0);
                if (!strcmp(sp.product, product))
                    kg += sp.kg;
            }
        }
    }
    for (size_t i = 0; self && i < terroir_plan_self_delivery_count(plan); i++) {
        terroir_plan_self_delivery d = {0};
        d.version = TERROIR_PLAN_SELF_DELIVERY_VERSION;
        ck_assert_int_eq(terroir_plan_get_self_delivery(plan, i, &d), 0);
        if (!strcmp(d.product, product))
            kg += d.kg;
    }
    return kg;
}

START_TEST(plan_stop_products_add_up_to_each_stops_kg)
{
    terroir_model *m = food_hub_model();
    terroir_plan *plan = solve_food_hub(m);
    size_t with_products = 0;
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route route = {0};
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(plan, r, &route), 0);
        for (size_t k = 0; k < route.n_stops; k++) {
            terroir_plan_route_stop st = {0};
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ck_assert_int_eq(terroir_plan_get_route_stop(plan, r, k, &st), 0);
            ck_assert_uint_ge(st.n_products, 1); /* a solved plan knows its goods */
            double kg = 0;
            for (size_t j = 0; j < st.n_products; j++) {
                terroir_plan_stop_product sp = {0};
                sp.version = TERROIR_PLAN_STOP_PRODUCT_VERSION;
                ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, r, k, j, &sp), 0);
                ck_assert_ptr_nonnull(sp.product);
                ck_assert(sp.kg > 0);
                ck_assert_double_eq_tol(sp.quantity, sp.kg, 1e-9); /* 1 kg per unit */
                kg += sp.kg;
            }
            double want = st.kind == TERROIR_STOP_PICKUP ? st.pickup[0] : st.delivery[0];
            ck_assert_double_eq_tol(kg, want, 1e-6 * (1 + want));
            with_products++;
        }
    }
    ck_assert_uint_ge(with_products, 3); /* the farm, the shop, the bank */
    /* What leaves for the points is what was collected or brought. */
    ck_assert_double_eq_tol(goods_kg(plan, "veg", TERROIR_STOP_DELIVERY, 0), 100, 1e-6);
    ck_assert_double_eq_tol(goods_kg(plan, "veg", TERROIR_STOP_PICKUP, 1), 100, 1e-6);
    ck_assert_double_eq_tol(goods_kg(plan, "pommes rouges", TERROIR_STOP_DELIVERY, 0), 30, 1e-6);
    ck_assert_double_eq_tol(goods_kg(plan, "pommes rouges", TERROIR_STOP_PICKUP, 1), 30, 1e-6);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

START_TEST(plan_lists_the_goods_producers_bring_themselves)
{
    terroir_model *m = food_hub_model();
    terroir_plan *plan = solve_food_hub(m);
    ck_assert_uint_ge(terroir_plan_self_delivery_count(plan), 1);
    terroir_plan_self_delivery d = {0};
    d.version = TERROIR_PLAN_SELF_DELIVERY_VERSION;
    ck_assert_int_eq(terroir_plan_get_self_delivery(plan, 0, &d), 0);
    ck_assert_str_eq(d.producer, "orchard");
    ck_assert_str_eq(d.hub, "hub");
    ck_assert_str_eq(d.product, "pommes rouges");
    ck_assert_double_eq_tol(d.kg, 30, 1e-6);
    ck_assert_uint_eq(d.day, 1);
    ck_assert(d.arrival > d.departure); /* it drives to the hub */
    /* No apples are collected: the orchard brings them. */
    ck_assert_double_eq_tol(goods_kg(plan, "pommes rouges", TERROIR_STOP_PICKUP, 0), 0, 1e-9);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

START_TEST(plan_goods_accessors_reject_bad_arguments)
{
    terroir_model *m = food_hub_model();
    terroir_plan *plan = solve_food_hub(m);
    terroir_plan_stop_product sp = {0};
    ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, 0, 0, 0, &sp), TERROIR_EINVAL);
    sp.version = TERROIR_PLAN_STOP_PRODUCT_VERSION + 1;
    ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, 0, 0, 0, &sp), TERROIR_EINVAL);
    sp.version = TERROIR_PLAN_STOP_PRODUCT_VERSION;
    ck_assert_int_eq(terroir_plan_get_route_stop_product(NULL, 0, 0, 0, &sp), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, 0, 0, 0, NULL), TERROIR_EINVAL);
    size_t n_routes = terroir_plan_route_count(plan);
    ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, n_routes, 0, 0, &sp),
                     TERROIR_ENOTFOUND);
    terroir_plan_route route = {0};
    route.version = TERROIR_PLAN_ROUTE_VERSION;
    ck_assert_int_eq(terroir_plan_get_route(plan, 0, &route), 0);
    ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, 0, route.n_stops, 0, &sp),
                     TERROIR_ENOTFOUND);
    terroir_plan_route_stop st = {0};
    st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    ck_assert_int_eq(terroir_plan_get_route_stop(plan, 0, 0, &st), 0);
    ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, 0, 0, st.n_products, &sp),
                     TERROIR_ENOTFOUND);
    ck_assert_ptr_nonnull(terroir_error_last());
    /* Self deliveries. */
    terroir_plan_self_delivery d = {0};
    ck_assert_int_eq(terroir_plan_get_self_delivery(plan, 0, &d), TERROIR_EINVAL);
    d.version = TERROIR_PLAN_SELF_DELIVERY_VERSION + 1;
    ck_assert_int_eq(terroir_plan_get_self_delivery(plan, 0, &d), TERROIR_EINVAL);
    d.version = TERROIR_PLAN_SELF_DELIVERY_VERSION;
    ck_assert_int_eq(terroir_plan_get_self_delivery(NULL, 0, &d), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_plan_get_self_delivery(plan, 0, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(
        terroir_plan_get_self_delivery(plan, terroir_plan_self_delivery_count(plan), &d),
        TERROIR_ENOTFOUND);
    ck_assert_uint_eq(terroir_plan_self_delivery_count(NULL), 0);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

/* Callers of the first versions get nothing written past their fields. */
START_TEST(plan_stop_and_hub_version_1_callers_keep_working)
{
    terroir_model *m = food_hub_model();
    terroir_plan *plan = solve_food_hub(m);
    terroir_plan_route_stop st;
    memset(&st, 0, sizeof st);
    st.version = 1;
    st.n_products = 12345;
    ck_assert_int_eq(terroir_plan_get_route_stop(plan, 0, 0, &st), 0);
    ck_assert_ptr_nonnull(st.site);
    ck_assert_uint_eq(st.n_products, 12345);
    st.version = 2;
    ck_assert_int_eq(terroir_plan_get_route_stop(plan, 0, 0, &st), 0);
    ck_assert_uint_ge(st.n_products, 1);
    terroir_plan_hub h;
    memset(&h, 0, sizeof h);
    h.version = 1;
    h.cross_dock_minutes = -7;
    ck_assert_int_eq(terroir_plan_get_hub(plan, 0, &h), 0);
    ck_assert_str_eq(h.id, "hub");
    ck_assert_double_eq(h.cross_dock_minutes, -7);
    h.version = 2;
    ck_assert_int_eq(terroir_plan_get_hub(plan, 0, &h), 0);
    ck_assert_double_eq(h.cross_dock_minutes, 30); /* the model's default */
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

START_TEST(plan_json_and_yaml_carry_the_goods_per_product)
{
    terroir_model *m = food_hub_model();
    terroir_plan *plan = solve_food_hub(m);
    char *json = NULL, *yaml = NULL;
    ck_assert_int_eq(terroir_plan_write_json_buffer(&json, NULL, plan), 0);
    ck_assert_int_eq(terroir_plan_write_yaml_buffer(&yaml, NULL, plan), 0);
    ck_assert_ptr_nonnull(strstr(json, "\"food_hub\": true"));
    ck_assert_ptr_nonnull(strstr(json, "\"cross_dock_minutes\": 30"));
    ck_assert_ptr_nonnull(strstr(json, "\"shelf_life_hours\": 72"));
    ck_assert_ptr_nonnull(strstr(json, "\"trips_per_day\": 1"));
    ck_assert_ptr_nonnull(strstr(json, "\"loading_minutes\": 0"));
    ck_assert_ptr_nonnull(strstr(json, "\"products\": {"));
    ck_assert_ptr_nonnull(strstr(json, "\"veg\": {"));
    ck_assert_ptr_nonnull(strstr(json, "\"self_deliveries\": ["));
    ck_assert_ptr_nonnull(strstr(json, "\"producer\": \"orchard\""));
    ck_assert_ptr_nonnull(strstr(json, "\"product\": \"pommes rouges\""));
    /* YAML: a plain id stays plain, one with a space is quoted. */
    ck_assert_ptr_nonnull(strstr(yaml, "products:"));
    ck_assert_ptr_nonnull(strstr(yaml, " veg:"));
    ck_assert_ptr_nonnull(strstr(yaml, "self_deliveries:"));
    ck_assert_ptr_nonnull(strstr(yaml, "food_hub: true"));
    ck_assert_ptr_null(strstr(yaml, " pommes rouges:"));
    terroir_free(json);
    terroir_free(yaml);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

/* The default dataset (a food-hub model): every stop of the solved plan
 * lists its goods, and they add up to the stop's kg. */
START_TEST(plan_of_the_default_dataset_has_goods_at_every_stop)
{
    const char *d = getenv("TERROIR_DATASETS");
    char path[1024];
    snprintf(path, sizeof path, "%s/quebec/monteregie.yaml", d ? d : "datasets");
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, NULL, NULL), 0);
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.route_iterations = 1; /* short, even under valgrind */
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    size_t n_stops = 0;
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route route = {0};
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(plan, r, &route), 0);
        for (size_t k = 0; k < route.n_stops; k++, n_stops++) {
            terroir_plan_route_stop st = {0};
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ck_assert_int_eq(terroir_plan_get_route_stop(plan, r, k, &st), 0);
            ck_assert_uint_ge(st.n_products, 1);
            double kg = 0;
            for (size_t j = 0; j < st.n_products; j++) {
                terroir_plan_stop_product sp = {0};
                sp.version = TERROIR_PLAN_STOP_PRODUCT_VERSION;
                ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, r, k, j, &sp), 0);
                kg += sp.kg;
            }
            double want = st.kind == TERROIR_STOP_PICKUP ? st.pickup[0] : st.delivery[0];
            ck_assert_msg(fabs(kg - want) <= 1e-6 * (1 + want),
                          "route %zu stop %zu (%s): products %.6f kg, stop %.6f kg", r, k,
                          st.site, kg, want);
        }
    }
    ck_assert_uint_gt(n_stops, 0);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

/* The route checker's report of a plan keeps each stop's goods: the same
 * products and kg as the plan, read through the report's accessor. */
START_TEST(route_report_of_a_plan_keeps_its_stop_products)
{
    terroir_model *m = food_hub_model();
    terroir_plan *plan = solve_food_hub(m);
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check_plan(&rep, m, plan), 0);
    ck_assert_uint_eq(terroir_route_report_route_count(rep), terroir_plan_route_count(plan));
    size_t n_goods = 0;
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route route = {0};
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(plan, r, &route), 0);
        for (size_t k = 0; k < route.n_stops; k++) {
            terroir_plan_route_stop a = {0}, b = {0};
            a.version = b.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ck_assert_int_eq(terroir_plan_get_route_stop(plan, r, k, &a), 0);
            ck_assert_int_eq(terroir_route_report_get_stop(rep, r, k, &b), 0);
            ck_assert_uint_eq(b.n_products, a.n_products);
            for (size_t j = 0; j < a.n_products; j++, n_goods++) {
                terroir_plan_stop_product pa = {0}, pb = {0};
                pa.version = pb.version = TERROIR_PLAN_STOP_PRODUCT_VERSION;
                ck_assert_int_eq(terroir_plan_get_route_stop_product(plan, r, k, j, &pa), 0);
                ck_assert_int_eq(terroir_route_report_get_stop_product(rep, r, k, j, &pb), 0);
                ck_assert_str_eq(pb.product, pa.product);
                ck_assert_double_eq_tol(pb.kg, pa.kg, 1e-9 * (1 + pa.kg));
                ck_assert_double_eq_tol(pb.quantity, pa.quantity, 1e-9 * (1 + pa.quantity));
            }
        }
    }
    ck_assert_uint_ge(n_goods, 3);
    terroir_route_report_free(rep);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("solve");
    TCase *tc = tcase_create("solve");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, solve_proves_published_optimum_of_cap41);
    tcase_add_test(tc, solve_proves_published_optimum_of_cap71);
    tcase_add_test(tc, solve_proves_published_optimum_of_cap101);
    tcase_add_test(tc, solve_proves_published_optimum_of_cap131);
    tcase_add_test(tc, solve_rejects_bad_arguments);
    tcase_add_test(tc, plan_accessors_reject_bad_arguments);
    tcase_add_test(tc, plan_writes_json_and_yaml_with_its_figures);
    tcase_add_test(tc, plan_stop_products_add_up_to_each_stops_kg);
    tcase_add_test(tc, plan_lists_the_goods_producers_bring_themselves);
    tcase_add_test(tc, plan_goods_accessors_reject_bad_arguments);
    tcase_add_test(tc, plan_stop_and_hub_version_1_callers_keep_working);
    tcase_add_test(tc, plan_json_and_yaml_carry_the_goods_per_product);
    tcase_add_test(tc, plan_of_the_default_dataset_has_goods_at_every_stop);
    tcase_add_test(tc, route_report_of_a_plan_keeps_its_stop_products);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
