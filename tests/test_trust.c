/* Degenerate input that once gave a wrong plan instead of an error or the
 * right plan (issue 13): a fleet of zero vehicles that still made its hub
 * worth opening, demand in units weighing nothing reported 100% served,
 * an empty set of stages solved as "optimal, objective 0"; and GLPK
 * failures inside the stages, which failed the whole solve instead of
 * giving the best plan found with a warning (forced here through the LP
 * layer's test hook, GLPK never failing on models this small).  Public
 * API, but for that hook. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#include "lp/lp.h"

/* A farm and a shop near Granby; hub-near, a candidate next to them, has
 * only a reefer whose count is `near_count`; hub-far, open, 60 km away,
 * has a van; each collects in one trip and delivers in a second.  Eggs
 * weigh `egg_kg` per dozen. */
static char *network_yaml(int near_count, const char *egg_kg)
{
    static const char fmt[] =
        "terroir: 1\n"
        "products:\n"
        "  - {id: potatoes, temperature: ambient}\n"
        "  - {id: eggs, temperature: ambient, unit: dozen, kg_per_unit: %s}\n"
        "producers:\n"
        "  - {id: farm, lat: 45.40, lon: -72.70, supply: {potatoes: 900, eggs: 100}}\n"
        "hubs:\n"
        "  - {id: hub-near, lat: 45.41, lon: -72.72, status: candidate, fixed_cost: 10}\n"
        "  - {id: hub-far, lat: 45.60, lon: -73.40, status: open}\n"
        "points:\n"
        "  - {id: shop, kind: grocery, lat: 45.42, lon: -72.73,\n"
        "     demand: {potatoes: 500, eggs: 40}}\n"
        "vehicle_types:\n"
        "  - {id: reefer, home_hub: hub-near, count: %d, capacity: {kg: 5000},\n"
        "     cost_per_km: 1, fixed_cost: 20, trips_per_day: 2}\n"
        "  - {id: van, home_hub: hub-far, count: 1, capacity: {kg: 5000},\n"
        "     cost_per_km: 1, fixed_cost: 20, trips_per_day: 2}\n";
    size_t cap = sizeof fmt + 64;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    snprintf(text, cap, fmt, egg_kg, near_count);
    return text;
}

/* Load `text` as "net.yaml"; returns the code and (on success) the model. */
static int load(const char *text, terroir_model **m, terroir_diagnostics **d)
{
    *m = NULL;
    return terroir_model_load_yaml_buffer(m, text, strlen(text), "net.yaml", NULL, d);
}

static terroir_plan *solve(const terroir_model *m)
{
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.route_iterations = 50;
    terroir_plan *p = NULL;
    int rc = terroir_solve(&p, m, &o);
    ck_assert_msg(rc == 0, "solve: %s", terroir_error_last() ? terroir_error_last()->message : "");
    return p;
}

static int hub_open(const terroir_plan *p, const char *id)
{
    for (size_t i = 0; i < terroir_plan_hub_count(p); i++) {
        terroir_plan_hub h;
        memset(&h, 0, sizeof h);
        h.version = TERROIR_PLAN_HUB_VERSION;
        ck_assert_int_eq(terroir_plan_get_hub(p, i, &h), 0);
        if (strcmp(h.id, id) == 0)
            return h.open;
    }
    ck_abort_msg("no hub %s in the plan", id);
    return 0;
}

START_TEST(zero_count_fleet_does_not_make_its_hub_worth_opening)
{
    /* With its reefer, hub-near (fixed cost 10, next to farm and shop) is
     * worth opening; with a reefer count of 0 it has no fleet and stays
     * closed: the van of hub-far serves the shop. */
    for (int count = 1; count >= 0; count--) {
        char *text = network_yaml(count, "0.7");
        terroir_model *m = NULL;
        ck_assert_int_eq(load(text, &m, NULL), 0);
        terroir_plan *p = solve(m);
        ck_assert_int_eq(hub_open(p, "hub-near"), count > 0);
        terroir_plan_summary s;
        ck_assert_int_eq(terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION), 0);
        ck_assert_int_eq(terroir_plan_get_summary(p, &s), 0);
        ck_assert_double_eq_tol(s.cost.fixed_hub, count > 0 ? 10 : 0, 1e-9);
        ck_assert_double_eq_tol(s.served_kg_total, s.demand_kg_total, 1e-6);
        for (size_t r = 0; r < terroir_plan_route_count(p); r++) {
            terroir_plan_route route;
            memset(&route, 0, sizeof route);
            route.version = TERROIR_PLAN_ROUTE_VERSION;
            ck_assert_int_eq(terroir_plan_get_route(p, r, &route), 0);
            ck_assert_str_eq(route.vehicle_type, count > 0 ? "reefer" : "van");
        }
        terroir_plan_free(p);
        terroir_model_free(m);
        free(text);
    }
}
END_TEST

START_TEST(model_whose_fleets_all_have_count_zero_plans_as_one_without_vehicles)
{
    /* No vehicle at all: the plan stops after the allocation, as for a
     * model without vehicle types (it drew routes of no vehicle before,
     * every stop left out for "fleet used up"). */
    char *text = network_yaml(0, "0.7");
    char *van = strstr(text, "count: 1");
    ck_assert_ptr_nonnull(van);
    van[7] = '0';
    terroir_model *m = NULL;
    ck_assert_int_eq(load(text, &m, NULL), 0);
    terroir_plan *p = solve(m);
    ck_assert_uint_eq(terroir_plan_route_count(p), 0);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(p), 0);
    ck_assert_uint_eq(terroir_plan_unserved_count(p), 0);
    terroir_plan_free(p);
    terroir_model_free(m);
    free(text);
}
END_TEST

START_TEST(weightless_demand_is_refused_at_kg_per_unit)
{
    /* Before: valid, the eggs never delivered and reported 100% served
     * (0 kg asked, 0 kg served). */
    char *text = network_yaml(1, "0");
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load(text, &m, &d), TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1);
    const terroir_error *e = terroir_diagnostics_get(d, 0);
    ck_assert_str_eq(e->file, "net.yaml");
    ck_assert_uint_eq(e->line, 4);
    ck_assert_uint_eq(e->column, 5);
    ck_assert_str_eq(e->field, "products[1].kg_per_unit");
    ck_assert_ptr_nonnull(strstr(e->message, "product 'eggs' has kg_per_unit 0"));
    ck_assert_ptr_nonnull(strstr(e->message, "point 'shop' demands it"));
    terroir_diagnostics_free(d);
    free(text);

    /* The builder's models are validated by the same rule; a weightless
     * product nobody demands stays allowed. */
    ck_assert_int_eq(terroir_model_new(&m), 0);
    terroir_product_spec pr = TERROIR_PRODUCT_SPEC_INIT;
    pr.id = "air";
    pr.kg_per_unit = 0;
    ck_assert_int_eq(terroir_model_add_product(m, &pr, NULL), 0);
    terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
    pt.id = "shop";
    pt.location = (terroir_location){1, 45.4, -72.7, 0, 0};
    size_t shop = 0;
    ck_assert_int_eq(terroir_model_add_point(m, &pt, &shop), 0);
    terroir_model *clone = NULL;
    ck_assert_int_eq(terroir_model_clone(&clone, m), 0);
    ck_assert_int_eq(terroir_model_validate(clone, NULL), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, shop, 0, 3), 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), TERROIR_EINPUT);
    ck_assert_str_eq(terroir_error_last()->field, "products[0].kg_per_unit");
    terroir_model_free(clone);
    terroir_model_free(m);
}
END_TEST

START_TEST(solve_without_a_stage_to_run_is_an_error)
{
    char *text = network_yaml(1, "0.7");
    terroir_model *m = NULL;
    ck_assert_int_eq(load(text, &m, NULL), 0);
    static const unsigned int refused[] = {
        0u,                           /* nothing: was "optimal, objective 0" */
        1u << TERROIR_STAGE_EVALUATE, /* nothing to evaluate */
        1u << TERROIR_STAGE_COUNT,    /* a stage this library does not know */
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
        o.stages = refused[i];
        terroir_plan *p = NULL;
        ck_assert_int_eq(terroir_solve(&p, m, &o), TERROIR_EINVAL);
        ck_assert_ptr_null(p);
        ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "stage"));
    }
    terroir_model_free(m);
    free(text);

    /* Routing alone on a model that has nothing to route. */
    terroir_product_spec pr = TERROIR_PRODUCT_SPEC_INIT;
    pr.id = "potatoes";
    ck_assert_int_eq(terroir_model_new(&m), 0);
    ck_assert_int_eq(terroir_model_add_product(m, &pr, NULL), 0);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "hub";
    h.location = (terroir_location){1, 45.4, -72.7, 0, 0};
    ck_assert_int_eq(terroir_model_add_hub(m, &h, NULL), 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.stages = 1u << TERROIR_STAGE_ROUTE;
    terroir_plan *p = NULL;
    ck_assert_int_eq(terroir_solve(&p, m, &o), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "no vehicle types"));
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ GLPK failures */

/* The plan's warnings: how many, and whether one starts with each prefix
 * of `stages` (NULL-terminated). */
static void expect_warnings(const terroir_plan *p, const char *const *stages)
{
    const terroir_diagnostics *w = terroir_plan_warnings(p);
    ck_assert_ptr_nonnull(w);
    for (size_t i = 0; i < terroir_diagnostics_count(w); i++)
        ck_assert_int_eq(terroir_diagnostics_get(w, i)->code, TERROIR_ESOLVER);
    for (const char *const *s = stages; *s; s++) {
        int found = 0;
        for (size_t i = 0; i < terroir_diagnostics_count(w); i++)
            found |= strncmp(terroir_diagnostics_get(w, i)->message, *s, strlen(*s)) == 0;
        ck_assert_msg(found, "no warning from %s (%zu warnings)", *s, terroir_diagnostics_count(w));
    }
}

static terroir_plan_summary summary_of(const terroir_plan *p)
{
    terroir_plan_summary s;
    ck_assert_int_eq(terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION), 0);
    ck_assert_int_eq(terroir_plan_get_summary(p, &s), 0);
    return s;
}

/* Load `text` and solve it with every GLPK solve failing: the plan is
 * feasible and serves all demand.  The model goes to *m. */
static terroir_plan *solve_with_glpk_failing(const char *text, terroir_model **m)
{
    ck_assert_int_eq(load(text, m, NULL), 0);
    lp__test_fail_solves(LP_TEST_FAIL_LP | LP_TEST_FAIL_MIP);
    terroir_plan *p = solve(*m);
    lp__test_fail_solves(0);
    terroir_plan_summary s = summary_of(p);
    ck_assert_int_eq(s.status, TERROIR_STATUS_FEASIBLE);
    ck_assert_double_eq_tol(s.served_kg_total, s.demand_kg_total, 1e-6);
    return p;
}

START_TEST(glpk_failing_in_every_stage_still_gives_a_complete_plan)
{
    /* Food-hub mode: the design's relaxation and branch-and-cut, every
     * allocation LP and the routes' polish all fail.  Before: the first
     * failure failed the solve (TERROIR_ESOLVER). */
    char *text = network_yaml(1, "0.7");
    terroir_model *m = NULL;
    terroir_plan *p = solve_with_glpk_failing(text, &m);
    double served = summary_of(p).served_kg_total;
    ck_assert_uint_ge(terroir_plan_route_count(p), 1);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(p), 0);
    static const char *const stages[] = {"design:", "allocation:", "routing:", NULL};
    expect_warnings(p, stages);
    char *json = NULL;
    ck_assert_int_eq(terroir_plan_write_json_buffer(&json, NULL, p), 0);
    ck_assert_ptr_nonnull(strstr(json, "\"warnings\": [\n"));
    ck_assert_ptr_nonnull(strstr(json, "allocation: GLPK could not solve the flow LP"));
    terroir_free(json);
    terroir_plan_free(p);

    /* The same solve without failures: the same served demand, no warning. */
    p = solve(m);
    ck_assert_uint_eq(terroir_diagnostics_count(terroir_plan_warnings(p)), 0);
    ck_assert_double_eq_tol(summary_of(p).served_kg_total, served, 1e-6);
    ck_assert_int_eq(terroir_plan_write_json_buffer(&json, NULL, p), 0);
    ck_assert_ptr_nonnull(strstr(json, "\"warnings\": []"));
    terroir_free(json);
    terroir_plan_free(p);
    ck_assert_ptr_null(terroir_plan_warnings(NULL));
    terroir_model_free(m);
    free(text);
}
END_TEST

START_TEST(glpk_failing_in_location_routing_screening_still_gives_a_complete_plan)
{
    /* Pure VRP mode with candidate hubs (a CLRP instance like Barreto's
     * coordDas150): every routing run of the screening ends with a polish
     * whose branch-and-cut fails. */
    static const char text[] =
        "terroir: 1\n"
        "settings: {coordinates: planar, rounding: none, speed_kmh: 60}\n"
        "products: [{id: demand}]\n"
        "hubs:\n"
        "  - {id: d1, x: 0, y: 0, status: candidate, fixed_cost: 100,\n"
        "     capacity_kg: {ambient: 100, chilled: 0, frozen: 0}}\n"
        "  - {id: d2, x: 50, y: 0, status: candidate, fixed_cost: 100,\n"
        "     capacity_kg: {ambient: 100, chilled: 0, frozen: 0}}\n"
        "points:\n"
        "  - {id: c1, kind: grocery, x: 5, y: 5, demand: {demand: 10}, unserved_penalty_per_kg: "
        "1000}\n"
        "  - {id: c2, kind: grocery, x: 5, y: -5, demand: {demand: 10}, unserved_penalty_per_kg: "
        "1000}\n"
        "  - {id: c3, kind: grocery, x: 45, y: 5, demand: {demand: 10}, unserved_penalty_per_kg: "
        "1000}\n"
        "  - {id: c4, kind: grocery, x: 45, y: -5, demand: {demand: 10}, unserved_penalty_per_kg: "
        "1000}\n"
        "  - {id: c5, kind: grocery, x: 25, y: 8, demand: {demand: 10}, unserved_penalty_per_kg: "
        "1000}\n"
        "vehicle_types:\n"
        "  - {id: v1, home_hub: d1, count: 5, capacity: {kg: 20}, fixed_cost: 10, cost_per_km: 1}\n"
        "  - {id: v2, home_hub: d2, count: 5, capacity: {kg: 20}, fixed_cost: 10, cost_per_km: "
        "1}\n";
    terroir_model *m = NULL;
    terroir_plan *p = solve_with_glpk_failing(text, &m);
    ck_assert_uint_ge(terroir_plan_route_count(p), 2);
    static const char *const stages[] = {"routing:", NULL};
    expect_warnings(p, stages);
    /* One warning per kind of failure, not one per screening run. */
    ck_assert_uint_le(terroir_diagnostics_count(terroir_plan_warnings(p)), 2);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("trust");
    TCase *tc = tcase_create("semantics");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, zero_count_fleet_does_not_make_its_hub_worth_opening);
    tcase_add_test(tc, model_whose_fleets_all_have_count_zero_plans_as_one_without_vehicles);
    tcase_add_test(tc, weightless_demand_is_refused_at_kg_per_unit);
    tcase_add_test(tc, solve_without_a_stage_to_run_is_an_error);
    suite_add_tcase(s, tc);
    tc = tcase_create("glpk_failures");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, glpk_failing_in_every_stage_still_gives_a_complete_plan);
    tcase_add_test(tc, glpk_failing_in_location_routing_screening_still_gives_a_complete_plan);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
