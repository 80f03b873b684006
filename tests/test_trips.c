/* Several trips a vehicle a day (issue 11): a hub that collects from a farm
 * and then delivers its goods needs two routes, since goods leave a hub
 * only once they are there.  One van allowed two trips a day serves what
 * two vans served, for one fixed cost instead of two; with one trip a day
 * it cannot deliver; a working day too short for both trips leaves the
 * delivery out; goods too old for their shelf life are not delivered;
 * and the plans check clean (vehicle days, shelf life included) by the
 * route checker.  Public API only. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

/* A farm 10 km east of the hub, two shops 10 km west; a van of 500 kg,
 * fixed cost 100 per day it drives, 1 per km. */
static terroir_model *model_shelf(int count, int trips, double max_minutes, double shelf_hours)
{
    static const char fmt[] =
        "terroir: 1\n"
        "settings: {coordinates: planar, road_factor: 1, speed_kmh: 60}\n"
        "products:\n"
        "  - {id: veg, temperature: ambient, shelf_life_hours: %g}\n"
        "producers:\n"
        "  - {id: farm, x: 10, y: 0, supply: {veg: 300}}\n"
        "hubs:\n"
        "  - {id: hub, x: 0, y: 0, opening_hours: [[360, 1200]], cross_dock_minutes: 30}\n"
        "points:\n"
        "  - {id: shop1, x: -10, y: 0, demand: {veg: 150}}\n"
        "  - {id: shop2, x: -10, y: 2, demand: {veg: 150}}\n"
        "vehicle_types:\n"
        "  - {id: van, home_hub: hub, count: %d, capacity: {kg: 500}, fixed_cost: 100,\n"
        "     cost_per_km: 1, trips_per_day: %d, loading_minutes: 20,\n"
        "     max_duration_minutes: %g}\n";
    char text[1024];
    snprintf(text, sizeof text, fmt, shelf_hours, count, trips, max_minutes);
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_buffer(&m, text, strlen(text), "trips.yaml", NULL, NULL);
    ck_assert_msg(rc == 0, "load: %s", terroir_error_last() ? terroir_error_last()->message : "");
    return m;
}

static terroir_model *model(int count, int trips, double max_minutes)
{
    return model_shelf(count, trips, max_minutes, 0);
}

static terroir_plan *solve(const terroir_model *m)
{
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.route_iterations = 200;
    o.seed = 1;
    terroir_plan *p = NULL;
    int rc = terroir_solve(&p, m, &o);
    ck_assert_msg(rc == 0, "solve: %s", terroir_error_last() ? terroir_error_last()->message : "");
    return p;
}

static terroir_plan_summary summary(const terroir_plan *p)
{
    terroir_plan_summary s;
    ck_assert_int_eq(terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION), 0);
    ck_assert_int_eq(terroir_plan_get_summary(p, &s), 0);
    return s;
}

static terroir_plan_route route(const terroir_plan *p, size_t i)
{
    terroir_plan_route r;
    memset(&r, 0, sizeof r);
    r.version = TERROIR_PLAN_ROUTE_VERSION;
    ck_assert_int_eq(terroir_plan_get_route(p, i, &r), 0);
    return r;
}

/* The route checker finds no violation of any kind in the plan's routes. */
static void checks_clean(const terroir_model *m, const terroir_plan *p)
{
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check_plan(&rep, m, p), 0);
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        terroir_route_violation v;
        memset(&v, 0, sizeof v);
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &v), 0);
        ck_abort_msg("violation %s: %s", terroir_violation_kind_to_string(v.kind), v.detail);
    }
    terroir_route_report_summary s;
    memset(&s, 0, sizeof s);
    s.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_route_report_get_summary(rep, &s), 0);
    ck_assert_int_eq(s.feasible, 1);
    /* the checker prices the routes as the plan does (one fixed cost a day) */
    double planned = 0;
    for (size_t i = 0; i < terroir_plan_route_count(p); i++)
        planned += route(p, i).cost;
    ck_assert_double_eq_tol(s.cost, planned, 1e-6);
    terroir_route_report_free(rep);
}

START_TEST(one_van_with_two_trips_serves_what_two_vans_served_for_less)
{
    terroir_model *two_vans = model(2, 1, 0), *one_van = model(1, 2, 0);
    terroir_plan *a = solve(two_vans), *b = solve(one_van);
    terroir_plan_summary sa = summary(a), sb = summary(b);
    /* both serve everything: collection, then delivery */
    ck_assert_double_eq_tol(sa.served_kg_total, 300, 1e-6);
    ck_assert_double_eq_tol(sb.served_kg_total, 300, 1e-6);
    ck_assert_uint_eq(terroir_plan_route_count(a), 2);
    ck_assert_uint_eq(terroir_plan_route_count(b), 2);
    terroir_plan_route a0 = route(a, 0), a1 = route(a, 1);
    ck_assert_uint_ne(a0.vehicle, a1.vehicle);
    /* one van, one day, the second trip after the first is back and loaded */
    terroir_plan_route b0 = route(b, 0), b1 = route(b, 1);
    ck_assert_uint_eq(b0.vehicle, b1.vehicle);
    ck_assert_uint_eq(b0.day, b1.day);
    const terroir_plan_route *first = b0.departure <= b1.departure ? &b0 : &b1;
    const terroir_plan_route *second = first == &b0 ? &b1 : &b0;
    ck_assert(second->departure >= first->arrival + 20 - 1e-6);
    /* the same km, one fixed cost fewer */
    ck_assert_double_eq_tol(a0.km + a1.km, b0.km + b1.km, 1e-6);
    ck_assert_double_eq_tol(sb.cost.vehicle_fixed, 100, 1e-9);
    ck_assert_double_eq_tol(sa.cost.vehicle_fixed, 200, 1e-9);
    ck_assert(sb.objective < sa.objective - 99);
    checks_clean(two_vans, a);
    checks_clean(one_van, b);
    terroir_plan_free(a);
    terroir_plan_free(b);
    terroir_model_free(two_vans);
    terroir_model_free(one_van);
}
END_TEST

START_TEST(one_van_with_one_trip_cannot_deliver_what_it_collects)
{
    terroir_model *m = model(1, 1, 0);
    terroir_plan *p = solve(m);
    /* it collects (the goods then wait at the hub): nothing reaches a shop */
    ck_assert_double_eq_tol(summary(p).served_kg_total, 0, 1e-6);
    ck_assert_uint_ge(terroir_plan_unserved_stop_count(p), 1);
    checks_clean(m, p);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

START_TEST(a_working_day_too_short_for_two_trips_keeps_one)
{
    /* collection 20 minutes, 30 minutes of cross-dock, delivery 22 minutes:
     * a day of 72 minutes, within 300, not within 60 (each trip alone is) */
    terroir_model *wide = model(1, 2, 300), *tight = model(1, 2, 60);
    terroir_plan *a = solve(wide), *b = solve(tight);
    ck_assert_double_eq_tol(summary(a).served_kg_total, 300, 1e-6);
    ck_assert_double_eq_tol(summary(b).served_kg_total, 0, 1e-6);
    checks_clean(wide, a);
    checks_clean(tight, b);
    terroir_plan_free(a);
    terroir_plan_free(b);
    terroir_model_free(wide);
    terroir_model_free(tight);
}
END_TEST

START_TEST(goods_are_delivered_within_their_shelf_life_or_not_at_all)
{
    /* picked at the farm at 06:10, at the shops from about 07:00: fine for
     * a shelf life of 2 hours, too old for one of half an hour */
    terroir_model *keeps = model_shelf(1, 2, 0, 2), *spoils = model_shelf(1, 2, 0, 0.5);
    terroir_plan *a = solve(keeps), *b = solve(spoils);
    ck_assert_double_eq_tol(summary(a).served_kg_total, 300, 1e-6);
    ck_assert_double_eq_tol(summary(b).served_kg_total, 0, 1e-6);
    /* the allocation sends them (the straight path is short enough): the
     * routes leave the deliveries out */
    ck_assert_uint_ge(terroir_plan_flow_count(b), 1);
    ck_assert_uint_ge(terroir_plan_unserved_stop_count(b), 2);
    checks_clean(keeps, a);
    checks_clean(spoils, b);
    terroir_plan_free(a);
    terroir_plan_free(b);
    terroir_model_free(keeps);
    terroir_model_free(spoils);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("trips");
    TCase *tc = tcase_create("trips");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, one_van_with_two_trips_serves_what_two_vans_served_for_less);
    tcase_add_test(tc, one_van_with_one_trip_cannot_deliver_what_it_collects);
    tcase_add_test(tc, a_working_day_too_short_for_two_trips_keeps_one);
    tcase_add_test(tc, goods_are_delivered_within_their_shelf_life_or_not_at_all);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
