/* Days of the cycle (issue 11, item 2): points receive only on their
 * delivery_days, producers ship only on their pickup_days (collected, or
 * brought by themselves), goods waiting overnight at a hub stay within its
 * storage_kg, and what cannot be delivered is not collected at a hub with
 * a storage limit.  Every plan checks clean by the route checker (days and
 * storage included).  Public API only. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

/* A farm 10 km east of the hub, two shops 10 km west; one van of 500 kg
 * with two trips a day; `days` operating days.  The day lists and the
 * storage are YAML fragments ("" for none). */
static terroir_model *model(int days, const char *farm, const char *shop1, const char *shop2,
                            const char *hub)
{
    static const char fmt[] =
        "terroir: 1\n"
        "settings: {coordinates: planar, road_factor: 1, speed_kmh: 60, operating_days: %d}\n"
        "products:\n"
        "  - {id: veg, temperature: ambient}\n"
        "producers:\n"
        "  - {id: farm, x: 10, y: 0, supply: {veg: 300}%s}\n"
        "hubs:\n"
        "  - {id: hub, x: 0, y: 0, opening_hours: [[360, 1200]], cross_dock_minutes: 30%s}\n"
        "points:\n"
        "  - {id: shop1, x: -10, y: 0, demand: {veg: 150}%s}\n"
        "  - {id: shop2, x: -10, y: 2, demand: {veg: 150}%s}\n"
        "vehicle_types:\n"
        "  - {id: van, home_hub: hub, count: 1, capacity: {kg: 500}, fixed_cost: 100,\n"
        "     cost_per_km: 1, trips_per_day: 2, loading_minutes: 20}\n";
    char text[2048];
    snprintf(text, sizeof text, fmt, days, farm, hub, shop1, shop2);
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_buffer(&m, text, strlen(text), "days.yaml", NULL, NULL);
    ck_assert_msg(rc == 0, "load: %s", terroir_error_last() ? terroir_error_last()->message : "");
    return m;
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

static double served_kg(const terroir_plan *p)
{
    terroir_plan_summary s;
    ck_assert_int_eq(terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION), 0);
    ck_assert_int_eq(terroir_plan_get_summary(p, &s), 0);
    return s.served_kg_total;
}

static terroir_plan_route route(const terroir_plan *p, size_t i)
{
    terroir_plan_route r;
    memset(&r, 0, sizeof r);
    r.version = TERROIR_PLAN_ROUTE_VERSION;
    ck_assert_int_eq(terroir_plan_get_route(p, i, &r), 0);
    return r;
}

static terroir_plan_route_stop stop(const terroir_plan *p, size_t r, size_t k)
{
    terroir_plan_route_stop s;
    memset(&s, 0, sizeof s);
    s.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    ck_assert_int_eq(terroir_plan_get_route_stop(p, r, k, &s), 0);
    return s;
}

/* The day the plan serves `site` (0: no route does), and the kg moved there. */
static unsigned int day_of(const terroir_plan *p, const char *site, double *kg)
{
    unsigned int day = 0;
    if (kg)
        *kg = 0;
    for (size_t r = 0; r < terroir_plan_route_count(p); r++) {
        terroir_plan_route pr = route(p, r);
        for (size_t k = 0; k < pr.n_stops; k++) {
            terroir_plan_route_stop s = stop(p, r, k);
            if (strcmp(s.site, site) != 0)
                continue;
            ck_assert_msg(day == 0 || day == pr.day, "%s served on two days", site);
            day = pr.day;
            if (kg)
                *kg += s.kind == TERROIR_STOP_DELIVERY ? s.delivery[TERROIR_DIMENSION_KG]
                                                       : s.pickup[TERROIR_DIMENSION_KG];
        }
    }
    return day;
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
    terroir_route_report_free(rep);
}

START_TEST(points_receive_on_their_delivery_days_only)
{
    /* shop1 on day 2, shop2 on day 3: two delivery routes, never one
     * route for both (they share no day), goods kept at the hub meanwhile */
    terroir_model *m = model(3, "", ", delivery_days: [2]", ", delivery_days: [3]", "");
    terroir_plan *p = solve(m);
    ck_assert_double_eq_tol(served_kg(p), 300, 1e-6);
    double kg;
    ck_assert_uint_eq(day_of(p, "shop1", &kg), 2);
    ck_assert_double_eq_tol(kg, 150, 1e-6);
    ck_assert_uint_eq(day_of(p, "shop2", &kg), 3);
    ck_assert_double_eq_tol(kg, 150, 1e-6);
    checks_clean(m, p);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

START_TEST(producers_ship_on_their_pickup_days_only)
{
    terroir_model *m = model(3, ", pickup_days: [2]", "", "", "");
    terroir_plan *p = solve(m);
    ck_assert_double_eq_tol(served_kg(p), 300, 1e-6);
    ck_assert_uint_eq(day_of(p, "farm", NULL), 2);
    ck_assert_uint_ge(day_of(p, "shop1", NULL), 2); /* not before the goods are there */
    ck_assert_uint_ge(day_of(p, "shop2", NULL), 2);
    checks_clean(m, p);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

START_TEST(a_point_that_receives_before_the_goods_ship_is_unserved_for_its_days)
{
    /* the farm ships on day 2; shop1 receives on day 1 only */
    terroir_model *m = model(2, ", pickup_days: [2]", ", delivery_days: [1]", "", "");
    terroir_plan *p = solve(m);
    ck_assert_uint_eq(day_of(p, "shop1", NULL), 0);
    int found = 0;
    for (size_t i = 0; i < terroir_plan_unserved_stop_count(p); i++) {
        terroir_plan_unserved_stop u;
        memset(&u, 0, sizeof u);
        u.version = TERROIR_PLAN_UNSERVED_STOP_VERSION;
        ck_assert_int_eq(terroir_plan_get_unserved_stop(p, i, &u), 0);
        if (strcmp(u.site, "shop1") == 0) {
            found = 1;
            ck_assert_int_eq(u.reason, TERROIR_UNSERVED_STOP_DAY);
            ck_assert_str_eq(terroir_unserved_stop_reason_to_string(u.reason), "day");
        }
    }
    ck_assert(found);
    ck_assert_uint_eq(day_of(p, "shop2", NULL), 2);
    checks_clean(m, p);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

START_TEST(a_self_delivery_comes_on_the_first_day_its_producer_ships)
{
    static const char text[] =
        "terroir: 1\n"
        "settings: {coordinates: planar, road_factor: 1, speed_kmh: 60, operating_days: 3}\n"
        "products:\n"
        "  - {id: veg, temperature: ambient}\n"
        "producers:\n"
        "  - {id: farm, x: 10, y: 0, supply: {veg: 300}, pickup_days: [2, 3],\n"
        "     self_delivery: {kg: 300, km: 50}}\n"
        "hubs:\n"
        "  - {id: hub, x: 0, y: 0, opening_hours: [[360, 1200]]}\n"
        "points:\n"
        "  - {id: shop1, x: -10, y: 0, demand: {veg: 150}}\n"
        "vehicle_types:\n"
        "  - {id: van, home_hub: hub, count: 1, capacity: {kg: 500}, fixed_cost: 100}\n";
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, text, strlen(text), "self.yaml", NULL,
                                                    NULL),
                     0);
    terroir_plan *p = solve(m);
    ck_assert_uint_ge(terroir_plan_self_delivery_count(p), 1);
    terroir_plan_self_delivery d;
    memset(&d, 0, sizeof d);
    d.version = TERROIR_PLAN_SELF_DELIVERY_VERSION;
    ck_assert_int_eq(terroir_plan_get_self_delivery(p, 0, &d), 0);
    ck_assert_uint_eq(d.day, 2);
    ck_assert_double_eq_tol(served_kg(p), 150, 1e-6);
    ck_assert_uint_ge(day_of(p, "shop1", NULL), 2);
    checks_clean(m, p);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

START_TEST(goods_wait_overnight_only_within_the_hub_storage)
{
    /* the farm ships on day 1, the shops receive on day 2: the 300 kg
     * spend a night at the hub */
    const char *farm = ", pickup_days: [1]", *shop = ", delivery_days: [2]";
    terroir_model *roomy = model(2, farm, shop, shop, ", storage_kg: {ambient: 500}");
    terroir_model *half = model(2, farm, shop, shop, ", storage_kg: {ambient: 200}");
    terroir_model *none = model(2, farm, shop, shop, ", storage_kg: {ambient: 0}");
    terroir_plan *a = solve(roomy), *b = solve(half), *c = solve(none);
    double kg;
    ck_assert_double_eq_tol(served_kg(a), 300, 1e-6);
    day_of(a, "farm", &kg);
    ck_assert_double_eq_tol(kg, 300, 1e-6);
    /* room for one shop's 150 kg, not both: what the other would get is
     * not collected */
    ck_assert_double_eq_tol(served_kg(b), 150, 1e-6);
    ck_assert_uint_eq(day_of(b, "farm", &kg), 1);
    ck_assert_double_eq_tol(kg, 150, 1e-6);
    /* no room overnight: nothing is delivered, nothing waits at the hub */
    ck_assert_double_eq_tol(served_kg(c), 0, 1e-6);
    day_of(c, "farm", &kg);
    ck_assert_double_eq_tol(kg, 0, 1e-6);
    checks_clean(roomy, a);
    checks_clean(half, b);
    checks_clean(none, c);
    terroir_plan_free(a);
    terroir_plan_free(b);
    terroir_plan_free(c);
    terroir_model_free(roomy);
    terroir_model_free(half);
    terroir_model_free(none);
}
END_TEST

START_TEST(a_vehicle_routing_model_keeps_each_point_on_its_days)
{
    /* no producers (vehicle routing): two points next to each other, one
     * on day 1, one on day 2; one van a day that could take both at once */
    static const char text[] =
        "terroir: 1\n"
        "settings: {coordinates: planar, road_factor: 1, speed_kmh: 60, operating_days: 2}\n"
        "products:\n"
        "  - {id: veg}\n"
        "hubs:\n"
        "  - {id: depot, x: 0, y: 0}\n"
        "points:\n"
        "  - {id: a, x: 10, y: 0, demand: {veg: 10}, delivery_days: [1]}\n"
        "  - {id: b, x: 10, y: 1, demand: {veg: 10}, delivery_days: [2]}\n"
        "  - {id: c, x: 10, y: 2, demand: {veg: 10}}\n"
        "vehicle_types:\n"
        "  - {id: van, home_hub: depot, count: 1, capacity: {kg: 100}}\n";
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, text, strlen(text), "vrp.yaml", NULL,
                                                    NULL),
                     0);
    terroir_plan *p = solve(m);
    ck_assert_uint_eq(day_of(p, "a", NULL), 1);
    ck_assert_uint_eq(day_of(p, "b", NULL), 2);
    ck_assert_uint_ne(day_of(p, "c", NULL), 0);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(p), 0);
    checks_clean(m, p);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("days");
    TCase *tc = tcase_create("days");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, points_receive_on_their_delivery_days_only);
    tcase_add_test(tc, producers_ship_on_their_pickup_days_only);
    tcase_add_test(tc, a_point_that_receives_before_the_goods_ship_is_unserved_for_its_days);
    tcase_add_test(tc, a_self_delivery_comes_on_the_first_day_its_producer_ships);
    tcase_add_test(tc, goods_wait_overnight_only_within_the_hub_storage);
    tcase_add_test(tc, a_vehicle_routing_model_keeps_each_point_on_its_days);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
