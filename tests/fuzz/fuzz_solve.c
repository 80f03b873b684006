/* libFuzzer target: the whole solve on tiny models, checked by the route
 * checker.  The input is a model in YAML (overlays refused); when it is not
 * one, its bytes build a model instead (build_model(): each byte picks a
 * count, a place, a quantity, a window, a class...), so that every input
 * reaches the solver, not only the few random texts that are valid YAML
 * models.  Models past small sizes are skipped, so that each run stays
 * short: at most 3 products, 5 producers, 3 hubs, 6 points, 3 vehicle
 * types of at most 3 vehicles, 3 operating days.  terroir_solve() runs every stage (design MIP,
 * allocation LP, routing with 3 iterations without improvement, the
 * set-partitioning polish) under a time limit of a few seconds; it must not
 * crash, hang or leak, and a failure must explain itself.  Then its plan
 * must be one the library stands by: terroir_route_check_plan() on the
 * same model must find no violation (a capacity exceeded, a window missed,
 * a duration or the hub's hours overrun, a class the vehicle cannot carry,
 * more routes than vehicles, a stop twice), except the stops that the plan
 * itself lists as unserved (the checker counts the mandatory ones of a
 * model without producers as missing stops).  A violation aborts: it is a
 * plan that the routing stage and the checker disagree about. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How far the inputs went, printed at exit as libFuzzer prints its own
 * figures (tests/fuzz/run.sh shows the stat:: lines). */
static unsigned long solved, checked;

static void print_counts(void)
{
    fprintf(stderr, "stat::models_solved:            %lu\n", solved);
    fprintf(stderr, "stat::plans_with_routes_checked: %lu\n", checked);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    atexit(print_counts);
    return 0;
}

static int too_large(const terroir_model *m)
{
    static const struct {
        terroir_entity kind;
        size_t max;
    } caps[] = {{TERROIR_ENTITY_PRODUCT, 3},  {TERROIR_ENTITY_PRODUCER, 5},
                {TERROIR_ENTITY_HUB, 3},      {TERROIR_ENTITY_POINT, 6},
                {TERROIR_ENTITY_VEHICLE_TYPE, 3}, {TERROIR_ENTITY_MEMBER, 3}};
    for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++)
        if (terroir_model_count(m, caps[k].kind) > caps[k].max)
            return 1;
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE); i++) {
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        if (terroir_model_get_vehicle_type(m, i, &v) != 0 || v.count > 3)
            return 1;
    }
    terroir_settings s = TERROIR_SETTINGS_INIT;
    return terroir_model_get_settings(m, &s) != 0 || s.operating_days > 3;
}

/* The input read byte by byte; 0 once it is used up. */
typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;

static unsigned pick(bytes *b, unsigned range)
{
    if (b->n == 0)
        return 0;
    b->n--;
    return *b->p++ % range;
}

static terroir_location place(bytes *b)
{
    terroir_location l = {1, 0, 0, (double)pick(b, 101) - 50, (double)pick(b, 101) - 50};
    return l;
}

/* A time window at random, or none (one time in two). */
static void window(terroir_model *m, terroir_site_kind kind, size_t index, bytes *b)
{
    if (pick(b, 2) == 0)
        return;
    double open = 30.0 * pick(b, 16), close = open + 30.0 * (1 + pick(b, 16));
    terroir_model_add_time_window(m, kind, index, open, close);
}

/* Supply (a producer) or demand (a point) of each product at site `k` of
 * `kind`, some of it 0, and perhaps a time window. */
static void site_lines(terroir_model *m, terroir_site_kind kind, size_t k, size_t n_products,
                       bytes *b)
{
    for (size_t g = 0; g < n_products; g++) {
        if (kind == TERROIR_SITE_PRODUCER)
            terroir_model_add_supply(m, k, g, 25.0 * pick(b, 9));
        else
            terroir_model_add_demand(m, k, g, 10.0 * pick(b, 6));
    }
    window(m, kind, k, b);
}

/* A tiny planar model made from the input's bytes, validated; NULL when it
 * is not valid (an error the builder or validation reports). */
static terroir_model *build_model(const uint8_t *data, size_t size)
{
    bytes b = {data, size};
    terroir_model *m = NULL;
    if (terroir_model_new(&m) != 0)
        return NULL;
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.coordinates = TERROIR_COORDINATES_PLANAR;
    st.speed_kmh = 30.0 + 10 * pick(&b, 7);
    st.operating_days = 1 + pick(&b, 2);
    terroir_model_set_settings(m, &st);
    char id[16];
    size_t n_products = 1 + pick(&b, 3), n_producers = pick(&b, 4), n_hubs = 1 + pick(&b, 3),
           n_points = 1 + pick(&b, 5), n_types = 1 + pick(&b, 3);
    for (size_t i = 0; i < n_products; i++) {
        terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
        snprintf(id, sizeof id, "g%zu", i);
        s.id = id;
        s.temperature = (terroir_temperature)pick(&b, TERROIR_TEMPERATURE_COUNT);
        s.shelf_life_hours = 12.0 * pick(&b, 5);
        s.kg_per_unit = 0.5 * (1 + pick(&b, 4));
        s.m3_per_unit = 0.001 * pick(&b, 4);
        terroir_model_add_product(m, &s, NULL);
    }
    for (size_t i = 0; i < n_producers; i++) {
        terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
        snprintf(id, sizeof id, "p%zu", i);
        s.id = id;
        s.location = place(&b);
        s.service_minutes = 5.0 * pick(&b, 4);
        s.direct_delivery = (int)pick(&b, 2);
        size_t k;
        if (terroir_model_add_producer(m, &s, &k) == 0)
            site_lines(m, TERROIR_SITE_PRODUCER, k, n_products, &b);
    }
    for (size_t i = 0; i < n_hubs; i++) {
        terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
        snprintf(id, sizeof id, "h%zu", i);
        s.id = id;
        s.location = place(&b);
        s.status = (terroir_hub_status)pick(&b, 3);
        s.fixed_cost = 50.0 * pick(&b, 5);
        double capacity[TERROIR_TEMPERATURE_COUNT];
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            capacity[t] = pick(&b, 3) ? TERROIR_UNLIMITED : 100.0 * pick(&b, 5);
        s.capacity_kg = capacity;
        s.n_temperatures = TERROIR_TEMPERATURE_COUNT;
        size_t k;
        if (terroir_model_add_hub(m, &s, &k) == 0)
            window(m, TERROIR_SITE_HUB, k, &b);
    }
    for (size_t i = 0; i < n_points; i++) {
        terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
        snprintf(id, sizeof id, "c%zu", i);
        s.id = id;
        s.location = place(&b);
        s.kind = (terroir_point_kind)pick(&b, TERROIR_POINT_KIND_COUNT);
        s.priority = 1 + pick(&b, 5);
        s.service_minutes = 5.0 * pick(&b, 4);
        size_t k;
        if (terroir_model_add_point(m, &s, &k) == 0)
            site_lines(m, TERROIR_SITE_POINT, k, n_products, &b);
    }
    for (size_t i = 0; i < n_types; i++) {
        terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        snprintf(id, sizeof id, "v%zu", i);
        s.id = id;
        s.home_hub = pick(&b, (unsigned)n_hubs);
        s.count = 1 + pick(&b, 3);
        double capacity[TERROIR_DIMENSION_COUNT] = {50.0 * (1 + pick(&b, 8)),
                                                    pick(&b, 2) ? TERROIR_UNLIMITED : 0.5,
                                                    TERROIR_UNLIMITED};
        s.capacity = capacity;
        s.n_dimensions = TERROIR_DIMENSION_COUNT;
        s.temperatures = 1 + pick(&b, 7);
        s.fixed_cost = 10.0 * pick(&b, 4);
        s.cost_per_hour = 10.0 * pick(&b, 3);
        s.max_duration_minutes = 60.0 * pick(&b, 6);
        terroir_model_add_vehicle_type(m, &s, NULL);
    }
    if (terroir_model_validate(m, NULL) != 0) {
        terroir_model_free(m);
        return NULL;
    }
    return m;
}

/* 1 when `site` is an unserved stop of the plan. */
static int unserved_stop(const terroir_plan *plan, const char *site)
{
    for (size_t i = 0; i < terroir_plan_unserved_stop_count(plan); i++) {
        terroir_plan_unserved_stop u = {.version = TERROIR_PLAN_UNSERVED_STOP_VERSION};
        if (terroir_plan_get_unserved_stop(plan, i, &u) == 0 && site && u.site &&
            strcmp(site, u.site) == 0)
            return 1;
    }
    return 0;
}

static void check_routes(const terroir_model *model, const terroir_plan *plan)
{
    terroir_route_report *report = NULL;
    int rc = terroir_route_check_plan(&report, model, plan);
    if (rc != 0) {
        fprintf(stderr, "fuzz_solve: the route checker refuses the plan: %s\n",
                terroir_error_last() ? terroir_error_last()->message : "?");
        abort();
    }
    for (size_t i = 0; i < terroir_route_report_violation_count(report); i++) {
        terroir_route_violation v = {.version = TERROIR_ROUTE_VIOLATION_VERSION};
        if (terroir_route_report_get_violation(report, i, &v) != 0)
            abort();
        if (v.kind == TERROIR_VIOLATION_MISSING_STOP && unserved_stop(plan, v.site))
            continue;
        fprintf(stderr, "fuzz_solve: the plan breaks a rule of its model: %s (route %zu): %s\n",
                terroir_violation_kind_to_string(v.kind), v.route, v.detail);
        abort();
    }
    terroir_route_report_free(report);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    terroir_model *model = NULL;
    terroir_plan *plan = NULL;
    char *json = NULL;
    terroir_load_options lo = TERROIR_LOAD_OPTIONS_INIT;
    lo.max_bytes = 1 << 16;
    lo.max_problems = 5;
    lo.allow_overlays = 0;
    if (terroir_model_load_yaml_buffer(&model, (const char *)data, size, "fuzz.yaml", &lo,
                                       NULL) != 0)
        model = build_model(data, size);
    if (!model || too_large(model))
        goto done;

    terroir_solve_options so = TERROIR_SOLVE_OPTIONS_INIT;
    so.time_limit_seconds = 3;
    so.route_iterations = 3;
    so.mip_gap = 1e-3;
    int rc = terroir_solve(&plan, model, &so);
    solved++;
    if (rc != 0) {
        fuzz_expect_explained(rc, plan);
        goto done;
    }
    if (!plan)
        abort();
    if (terroir_plan_route_count(plan) > 0) {
        check_routes(model, plan);
        checked++;
    }
    if (terroir_plan_write_json_buffer(&json, NULL, plan) != 0)
        abort();
done:
    terroir_free(json);
    terroir_plan_free(plan);
    terroir_model_free(model);
    terroir_error_clear();
    return 0;
}
