/* Unit tests of the routing integration (lib/route/route_*.c, vrp_polish.c
 * and stage 3 of terroir_solve): the route checker on hand-made routes with
 * hand-computed schedules, costs and every violation kind; the routes file
 * loader; the stops built from allocation flows (quantities, temperature
 * splits, self delivery, capacity splits) and from demand alone; the
 * set-partitioning polish on a tiny pool whose optimum is computed by hand;
 * the plan and options structures across versions; end-to-end solves of
 * the default dataset and of a CVRPLIB instance, re-checked by the checker.
 * White-box: linked with the internal static library. */
#include <check.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#include "alloc/alloc.h"
#include "lp/lp.h"
#include "model/model_internal.h"
#include "route/route_internal.h"
#include "route/vrp.h"

#define TOL 1e-6

static void teardown(void)
{
    lp__thread_cleanup();
    terroir_error_clear();
}

/* ------------------------------------------------------------------ builders */

static terroir_model *planar_model(void)
{
    terroir_model *m = NULL;
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.coordinates = TERROIR_COORDINATES_PLANAR;
    st.speed_kmh = 60; /* minutes = km */
    ck_assert_int_eq(terroir_model_new(&m), 0);
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    return m;
}

static size_t add_product(terroir_model *m, const char *id, terroir_temperature t, double m3)
{
    terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
    size_t k;
    s.id = id;
    s.temperature = t;
    s.m3_per_unit = m3;
    ck_assert_int_eq(terroir_model_add_product(m, &s, &k), 0);
    return k;
}

static size_t add_producer(terroir_model *m, const char *id, double x, double y, double service)
{
    terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    s.service_minutes = service;
    ck_assert_int_eq(terroir_model_add_producer(m, &s, &k), 0);
    return k;
}

static size_t add_hub(terroir_model *m, const char *id, double x, double y)
{
    terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    ck_assert_int_eq(terroir_model_add_hub(m, &s, &k), 0);
    return k;
}

static size_t add_point(terroir_model *m, const char *id, double x, double y, double service)
{
    terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    s.service_minutes = service;
    s.unserved_penalty_per_kg = 2;
    ck_assert_int_eq(terroir_model_add_point(m, &s, &k), 0);
    return k;
}

static size_t add_vehicle(terroir_model *m, const char *id, size_t hub, size_t count, double kg,
                          unsigned temps, double max_minutes)
{
    terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    size_t k;
    s.id = id;
    s.home_hub = hub;
    s.count = count;
    s.capacity = (const double[]){kg}; /* kg */
    s.n_dimensions = 1;
    s.temperatures = temps;
    s.fixed_cost = 10;
    s.cost_per_km = 1;
    s.cost_per_hour = 60;
    s.max_duration_minutes = max_minutes;
    s.co2_kg_per_km = 0.5;
    ck_assert_int_eq(terroir_model_add_vehicle_type(m, &s, &k), 0);
    return k;
}

#define AMB (1u << TERROIR_TEMPERATURE_AMBIENT)
#define CHL (1u << TERROIR_TEMPERATURE_CHILLED)

/* The checker's model: hub H at (0,0) open [0, 600]; P1 at (10,0) with 50
 * kg of veg, window [0, 100], 10 min of service; P2 at (10,10) with 30 kg
 * of veg and 20 kg of chilled milk; producer F at (0,10) with 100 kg of
 * veg, 5 min of service.  van: 1 vehicle, 100 kg, ambient; reefer: 1
 * vehicle, 200 kg, ambient + chilled, at most 600 min.  Both cost 10 fixed
 * + 1 per km + 60 per hour, 0.5 kg CO2 per km. */
static terroir_model *checker_model(double p1_close, double hub_close, double van_kg,
                                    double reefer_max)
{
    terroir_model *m = planar_model();
    size_t veg = add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT, 0.01);
    size_t milk = add_product(m, "milk", TERROIR_TEMPERATURE_CHILLED, 0);
    size_t f = add_producer(m, "F", 0, 10, 5);
    size_t h = add_hub(m, "H", 0, 0);
    size_t p1 = add_point(m, "P1", 10, 0, 10);
    size_t p2 = add_point(m, "P2", 10, 10, 0);
    ck_assert_int_eq(terroir_model_add_supply(m, f, veg, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, p1, veg, 50), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, p2, veg, 30), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, p2, milk, 20), 0);
    ck_assert_int_eq(terroir_model_add_time_window(m, TERROIR_SITE_HUB, h, 0, hub_close), 0);
    ck_assert_int_eq(terroir_model_add_time_window(m, TERROIR_SITE_POINT, p1, 0, p1_close), 0);
    add_vehicle(m, "van", h, 1, van_kg, AMB, 0);
    add_vehicle(m, "reefer", h, 1, 200, AMB | CHL, reefer_max);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    return m;
}

static terroir_routes *one_route(const char *type, const char *const *sites, size_t n)
{
    terroir_routes *rs = NULL;
    size_t r;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    ck_assert_int_eq(terroir_routes_add(rs, type, &r), 0);
    for (size_t k = 0; k < n; k++) {
        terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
        s.site = sites[k];
        ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
    }
    return rs;
}

static terroir_route_report *check(const terroir_model *m, const terroir_routes *rs)
{
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check(&rep, m, rs), 0);
    ck_assert_ptr_nonnull(rep);
    return rep;
}

/* Number of violations of `kind`; the last one found in *out when asked. */
static size_t count_kind(const terroir_route_report *rep, terroir_violation_kind kind,
                         terroir_route_violation *out)
{
    size_t n = 0;
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        terroir_route_violation v = {0};
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &v), 0);
        ck_assert_ptr_nonnull(v.detail);
        if (v.kind == kind) {
            n++;
            if (out)
                *out = v;
        }
    }
    return n;
}

/* ------------------------------------------------------------------ checker */

START_TEST(route_check_reports_schedule_loads_and_cost)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    const char *stops[] = {"P1", "P2"};
    terroir_routes *rs = one_route("reefer", stops, 2);
    terroir_route_report *rep = check(m, rs);
    terroir_route_report_summary sum = {0};
    sum.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_route_report_get_summary(rep, &sum), 0);
    ck_assert_int_eq(sum.feasible, 1);
    ck_assert_uint_eq(sum.n_violations, 0);
    ck_assert_uint_eq(sum.n_routes, 1);
    ck_assert_uint_eq(sum.n_stops, 2);

    /* H -> P1 10 km, P1 -> P2 10 km, P2 -> H sqrt(200) km; minutes = km. */
    double back = sqrt(200.0);
    terroir_plan_route r = {0};
    r.version = TERROIR_PLAN_ROUTE_VERSION;
    ck_assert_int_eq(terroir_route_report_get_route(rep, 0, &r), 0);
    ck_assert_str_eq(r.vehicle_type, "reefer");
    ck_assert_str_eq(r.hub, "H");
    ck_assert_uint_eq(r.vehicle, 0);
    ck_assert_double_eq_tol(r.km, 20 + back, TOL);
    ck_assert_double_eq_tol(r.departure, 0, TOL);
    ck_assert_double_eq_tol(r.arrival, 30 + back, TOL);
    ck_assert_double_eq_tol(r.minutes, 30 + back, TOL);
    ck_assert_double_eq_tol(r.cost, 10 + (20 + back) + (30 + back), TOL);
    ck_assert_double_eq_tol(r.co2_kg, 0.5 * (20 + back), TOL);
    ck_assert_double_eq_tol(r.load_start[TERROIR_DIMENSION_KG], 100, TOL);
    ck_assert_double_eq_tol(r.load_start[TERROIR_DIMENSION_M3], 0.8, TOL);
    ck_assert_double_eq_tol(sum.cost, r.cost, TOL);

    terroir_plan_route_stop s = {0};

    s.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    ck_assert_int_eq(terroir_route_report_get_stop(rep, 0, 0, &s), 0);
    ck_assert_str_eq(s.site, "P1");
    ck_assert_int_eq(s.kind, TERROIR_STOP_DELIVERY);
    ck_assert_double_eq_tol(s.arrival, 10, TOL);
    ck_assert_double_eq_tol(s.start, 10, TOL);
    ck_assert_double_eq_tol(s.departure, 20, TOL);
    ck_assert_double_eq_tol(s.delivery[TERROIR_DIMENSION_KG], 50, TOL);
    ck_assert_double_eq_tol(s.load[TERROIR_DIMENSION_KG], 50, TOL);
    ck_assert_int_eq(terroir_route_report_get_stop(rep, 0, 1, &s), 0);
    ck_assert_str_eq(s.site, "P2");
    ck_assert_double_eq_tol(s.arrival, 30, TOL);
    ck_assert_double_eq_tol(s.load[TERROIR_DIMENSION_KG], 0, TOL);
    ck_assert_int_eq(terroir_route_report_get_stop(rep, 0, 2, &s), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_route_report_get_route(rep, 1, &r), TERROIR_ENOTFOUND);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_check_finds_capacity_excess_at_departure)
{
    terroir_model *m = checker_model(100, 600, 80, 0);
    terroir_routes *rs = NULL;
    size_t r;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    ck_assert_int_eq(terroir_routes_add(rs, "van", &r), 0);
    terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
    s.site = "P1";
    s.has_quantities = 1;
    s.delivery = (const double[]){90}; /* kg */
    s.n_dimensions = 1;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
    /* and a pickup that brings the load back above capacity */
    s.site = "F";
    s.delivery = (const double[]){0};
    s.pickup = (const double[]){85};
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v;
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_CAPACITY, &v), 1);
    /* peak: 90 at departure (85 after F is lower) */
    ck_assert_double_eq_tol(v.amount, 10, TOL);
    ck_assert_uint_eq(v.stop, TERROIR_ROUTE_NONE);
    ck_assert_int_eq(v.dimension, TERROIR_DIMENSION_KG);
    terroir_plan_route_stop st = {0};
    st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    ck_assert_int_eq(terroir_route_report_get_stop(rep, 0, 1, &st), 0);
    ck_assert_int_eq(st.kind, TERROIR_STOP_PICKUP);
    ck_assert_double_eq_tol(st.load[TERROIR_DIMENSION_KG], 85, TOL);
    /* P2 has demand and is not visited */
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_MISSING_STOP, &v), 1);
    ck_assert_str_eq(v.site, "P2");
    ck_assert_double_eq_tol(v.amount, 50, TOL);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_check_finds_capacity_excess_after_a_pickup)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    const char *stops[] = {"P1", "F", "P2"};
    terroir_routes *rs = one_route("reefer", stops, 3);
    /* start 100 kg, after P1 50, after F (100 kg) 150, after P2 100: fits
     * 200; the van (100 kg, and no milk) would not.  The route leaves H with
     * the 80 kg of veg it only brings back (synchronisation) and 20 kg of
     * milk that no route or producer brings to H (stock): H has inbound, so
     * it is checked. */
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v;
    ck_assert_uint_eq(terroir_route_report_violation_count(rep), 2);
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_CAPACITY, NULL), 0);
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_SYNCHRONISATION, &v), 1);
    ck_assert_str_eq(v.product, "veg");
    ck_assert_double_eq_tol(v.amount, 80, TOL);
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_STOCK, &v), 1);
    ck_assert_str_eq(v.product, "milk");
    ck_assert_double_eq_tol(v.amount, 20, TOL);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    const char *stops2[] = {"F", "P1"};
    rs = one_route("van", stops2, 2);
    rep = check(m, rs);
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_CAPACITY, &v), 1);
    ck_assert_double_eq_tol(v.amount, 50, TOL); /* P1's 50 + F's 100 on board after F */
    ck_assert_uint_eq(v.stop, 0);
    ck_assert_str_eq(v.site, "F");
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_check_finds_late_arrival)
{
    terroir_model *m = checker_model(20, 600, 100, 0);
    const char *stops[] = {"P2", "P1"};
    terroir_routes *rs = one_route("reefer", stops, 2);
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v;
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_TIME_WINDOW, &v), 1);
    /* arrives at P1 at sqrt(200) + 10 after leaving at 0; window closes at 20 */
    ck_assert_double_eq_tol(v.amount, sqrt(200.0) + 10 - 20, TOL);
    ck_assert_uint_eq(v.route, 0);
    ck_assert_uint_eq(v.stop, 1);
    ck_assert_str_eq(v.site, "P1");
    terroir_route_report_summary sum = {0};
    sum.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_route_report_get_summary(rep, &sum), 0);
    ck_assert_int_eq(sum.feasible, 0);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_check_finds_duration_and_hub_hours)
{
    terroir_model *m = checker_model(100, 40, 100, 30);
    const char *stops[] = {"P1", "P2"};
    terroir_routes *rs = one_route("reefer", stops, 2);
    terroir_route_report *rep = check(m, rs);
    double back = 30 + sqrt(200.0);
    terroir_route_violation v;
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_DURATION, &v), 1);
    ck_assert_double_eq_tol(v.amount, back - 30, TOL);
    ck_assert_uint_eq(v.stop, TERROIR_ROUTE_NONE);
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_HUB_HOURS, &v), 1);
    ck_assert_double_eq_tol(v.amount, back - 40, TOL);
    ck_assert_uint_eq(v.stop, 2); /* the return */
    ck_assert_str_eq(v.site, "H");
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_check_finds_temperature_hub_stop_fleet_and_duplicates)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    terroir_routes *rs = NULL;
    size_t r0, r1;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    ck_assert_int_eq(terroir_routes_add(rs, "van", &r0), 0);
    ck_assert_int_eq(terroir_routes_add(rs, "van", &r1), 0);
    terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
    s.site = "P2"; /* milk in a van */
    ck_assert_int_eq(terroir_routes_add_stop(rs, r0, &s), 0);
    s.site = "H";
    ck_assert_int_eq(terroir_routes_add_stop(rs, r0, &s), 0);
    s.site = "P1";
    ck_assert_int_eq(terroir_routes_add_stop(rs, r1, &s), 0);
    s.site = "P2"; /* second visit with the whole demand */
    ck_assert_int_eq(terroir_routes_add_stop(rs, r1, &s), 0);
    ck_assert_uint_eq(terroir_routes_count(rs), 2);
    ck_assert_uint_eq(terroir_routes_stop_count(rs, 1), 2);
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v;
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_TEMPERATURE, &v), 2);
    ck_assert_str_eq(v.site, "P2");
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_NOT_A_STOP, &v), 1);
    ck_assert_uint_eq(v.route, 0);
    ck_assert_uint_eq(v.stop, 1);
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_FLEET_SIZE, &v), 1);
    ck_assert_double_eq_tol(v.amount, 1, TOL);
    ck_assert_uint_eq(v.route, 1);
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_DUPLICATE_STOP, &v), 1);
    ck_assert_str_eq(v.site, "P2");
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_MISSING_STOP, NULL), 0);
    /* vehicles are numbered within their type */
    terroir_plan_route pr = {0};
    pr.version = TERROIR_PLAN_ROUTE_VERSION;
    ck_assert_int_eq(terroir_route_report_get_route(rep, 1, &pr), 0);
    ck_assert_uint_eq(pr.vehicle, 1);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_check_waits_for_a_later_window_and_leaves_late)
{
    terroir_model *m = planar_model();
    size_t veg = add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT, 0);
    size_t h = add_hub(m, "H", 0, 0);
    size_t p = add_point(m, "P", 10, 0, 5);
    ck_assert_int_eq(terroir_model_add_demand(m, p, veg, 10), 0);
    ck_assert_int_eq(terroir_model_add_time_window(m, TERROIR_SITE_POINT, p, 0, 5), 0);
    ck_assert_int_eq(terroir_model_add_time_window(m, TERROIR_SITE_POINT, p, 50, 60), 0);
    add_vehicle(m, "van", h, 1, 100, AMB, 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    const char *stops[] = {"P"};
    terroir_routes *rs = one_route("van", stops, 1);
    terroir_route_report *rep = check(m, rs);
    ck_assert_uint_eq(terroir_route_report_violation_count(rep), 0);
    terroir_plan_route r = {0};
    r.version = TERROIR_PLAN_ROUTE_VERSION;
    terroir_plan_route_stop s = {0};
    s.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    ck_assert_int_eq(terroir_route_report_get_route(rep, 0, &r), 0);
    ck_assert_int_eq(terroir_route_report_get_stop(rep, 0, 0, &s), 0);
    /* the first window is missed (arrival 10 > 5): the second opens at 50;
     * leaving at 40 instead of 0 removes the 40 minutes of waiting */
    ck_assert_double_eq_tol(r.departure, 40, TOL);
    ck_assert_double_eq_tol(s.arrival, 50, TOL);
    ck_assert_double_eq_tol(s.start, 50, TOL);
    ck_assert_double_eq_tol(s.departure, 55, TOL);
    ck_assert_double_eq_tol(r.minutes, 25, TOL);
    ck_assert_double_eq_tol(r.cost, 10 + 20 + 25, TOL);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_check_rejects_unknown_ids_and_bad_arguments)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    const char *stops[] = {"P1", "nowhere"};
    terroir_routes *rs = one_route("van", stops, 2);
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check(&rep, m, rs), TERROIR_EINPUT);
    ck_assert_ptr_null(rep);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "nowhere"));
    ck_assert_str_eq(terroir_error_last()->field, "routes[0].stops[1]");
    terroir_routes_free(rs);
    rs = one_route("bicycle", stops, 1);
    ck_assert_int_eq(terroir_route_check(&rep, m, rs), TERROIR_EINPUT);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "bicycle"));
    ck_assert_int_eq(terroir_route_check(NULL, m, rs), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_route_check(&rep, NULL, rs), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_route_check(&rep, m, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_add(rs, "", NULL), TERROIR_EINVAL);
    terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
    ck_assert_int_eq(terroir_routes_add_stop(rs, 0, &s), TERROIR_EINVAL); /* no site */
    s.site = "P1";
    ck_assert_int_eq(terroir_routes_add_stop(rs, 7, &s), TERROIR_ENOTFOUND);
    s.has_quantities = 1;
    s.delivery = (const double[]){-1};
    s.n_dimensions = 1;
    ck_assert_int_eq(terroir_routes_add_stop(rs, 0, &s), TERROIR_EINVAL);
    s.delivery = (const double[]){1, 2, 3, 4}; /* more dimensions than the library knows */
    s.n_dimensions = TERROIR_DIMENSION_COUNT + 1;
    ck_assert_int_eq(terroir_routes_add_stop(rs, 0, &s), TERROIR_EINVAL);
    s.version = 99;
    ck_assert_int_eq(terroir_routes_add_stop(rs, 0, &s), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_route_stop_spec_init(&s, 0), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_route_stop_spec_init(&s, TERROIR_ROUTE_STOP_SPEC_VERSION), 0);
    ck_assert_uint_eq(terroir_routes_stop_count(rs, 0), 1);
    ck_assert_int_eq(terroir_routes_new(NULL), TERROIR_EINVAL);
    terroir_routes_free(NULL);
    terroir_route_report_free(NULL);
    ck_assert_uint_eq(terroir_route_report_violation_count(NULL), 0);
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_MISSING_STOP),
                     "missing_stop");
    ck_assert_str_eq(terroir_violation_kind_to_string((terroir_violation_kind)99), "unknown");
    terroir_routes_free(rs);

    /* a model that is not validated */
    terroir_model *raw = planar_model();
    rs = one_route("van", stops, 1);
    ck_assert_int_eq(terroir_route_check(&rep, raw, rs), TERROIR_EINVAL);
    terroir_routes_free(rs);
    terroir_model_free(raw);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------- routes file */

static const char routes_yaml[] = "terroir_routes: 1\n"
                                  "name: morning\n"
                                  "routes:\n"
                                  "  - vehicle_type: reefer\n"
                                  "    stops: [P1, P2]\n"
                                  "  - vehicle_type: van\n"
                                  "    stops:\n"
                                  "      - site: F\n"
                                  "        pickup: {kg: 40, m3: 0.4}\n";

START_TEST(routes_yaml_loads_plain_ids_and_quantities)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    terroir_routes *rs = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(
        terroir_routes_load_yaml_buffer(&rs, routes_yaml, strlen(routes_yaml), "r.yaml", NULL, &d),
        0);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 0);
    ck_assert_uint_eq(terroir_routes_count(rs), 2);
    ck_assert_uint_eq(terroir_routes_stop_count(rs, 0), 2);
    terroir_route_report *rep = check(m, rs);
    terroir_plan_route_stop s = {0};
    s.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    ck_assert_int_eq(terroir_route_report_get_stop(rep, 1, 0, &s), 0);
    ck_assert_str_eq(s.site, "F");
    ck_assert_double_eq_tol(s.pickup[TERROIR_DIMENSION_KG], 40, TOL);
    ck_assert_double_eq_tol(s.pickup[TERROIR_DIMENSION_M3], 0.4, TOL);
    ck_assert_double_eq_tol(s.load[TERROIR_DIMENSION_KG], 40, TOL);
    /* The van's pickup, in kg only, makes H a checked hub, in kg: the
     * reefer leaves with 100 kg when 40 kg ever reach H, none of it there
     * yet: 100 kg short. */
    ck_assert_uint_eq(terroir_route_report_violation_count(rep), 1);
    terroir_route_violation v;
    ck_assert_uint_eq(count_kind(rep, TERROIR_VIOLATION_STOCK, &v), 1);
    ck_assert_ptr_null(v.product);
    ck_assert_str_eq(v.hub, "H");
    ck_assert_double_eq_tol(v.amount, 100, TOL);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_diagnostics_free(d);
    terroir_model_free(m);
}
END_TEST

START_TEST(routes_yaml_rejects_unknown_key_with_position)
{
    const char *text = "terroir_routes: 1\n"
                       "routes:\n"
                       "  - vehicle_type: van\n"
                       "    stop: [P1]\n";
    terroir_routes *rs = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(terroir_routes_load_yaml_buffer(&rs, text, strlen(text), "r.yaml", NULL, &d),
                     TERROIR_EINPUT);
    ck_assert_ptr_null(rs);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 2); /* unknown 'stop', missing 'stops' */
    const terroir_error *e = terroir_error_last();
    ck_assert_str_eq(e->file, "r.yaml");
    ck_assert_uint_eq(e->line, 3);
    ck_assert_ptr_nonnull(strstr(terroir_diagnostics_get(d, 1)->message, "unknown key 'stop'"));
    ck_assert_uint_eq(terroir_diagnostics_get(d, 1)->line, 4);
    ck_assert_uint_eq(terroir_diagnostics_get(d, 1)->column, 5);
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(routes_yaml_rejects_bad_numbers_versions_and_aliases)
{
    static const char *const bad[] = {
        "terroir_routes: 2\nroutes: []\n",
        "routes: []\n",
        "terroir_routes: 1\nroutes:\n  - vehicle_type: van\n    stops:\n"
        "      - {site: F, pickup: {kg: -3}}\n",
        "terroir_routes: 1\nroutes:\n  - vehicle_type: van\n    stops:\n"
        "      - {site: F, pickup: {tonnes: 3}}\n",
        "terroir_routes: 1\nroutes:\n  - &a {vehicle_type: van, stops: []}\n  - *a\n",
        "terroir_routes: 1\nroutes:\n  - vehicle_type: van\n    stops: [[P1]]\n",
        "terroir_routes: 1\nroutes: {a: 1}\n",
        "[1, 2]\n",
        "terroir_routes: 1\nroutes:\n  - vehicle_type: \"\"\n    stops: []\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        terroir_routes *rs = NULL;
        int rc = terroir_routes_load_yaml_buffer(&rs, bad[i], strlen(bad[i]), NULL, NULL, NULL);
        ck_assert_msg(rc == TERROIR_EINPUT, "case %zu: rc %d", i, rc);
        ck_assert_ptr_null(rs);
        ck_assert_uint_gt(terroir_error_last()->line, 0);
        ck_assert_str_eq(terroir_error_last()->file, "<buffer>");
    }
}
END_TEST

START_TEST(routes_yaml_unknown_site_error_names_its_position)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    const char *text = "terroir_routes: 1\n"
                       "routes:\n"
                       "  - vehicle_type: van\n"
                       "    stops:\n"
                       "      - P1\n"
                       "      - site: P9\n";
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_load_yaml_buffer(&rs, text, strlen(text), "r.yaml", NULL, NULL),
                     0);
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check(&rep, m, rs), TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_str_eq(e->file, "r.yaml");
    ck_assert_uint_eq(e->line, 6);
    ck_assert_uint_eq(e->column, 15);
    ck_assert_str_eq(e->field, "routes[0].stops[1]");
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(routes_yaml_file_errors)
{
    terroir_routes *rs = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(terroir_routes_load_yaml_file(&rs, "/nonexistent/routes.yaml", NULL, &d),
                     TERROIR_EIO);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1);
    terroir_diagnostics_free(d);
    ck_assert_int_eq(terroir_routes_load_yaml_file(NULL, "x", NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_load_yaml_buffer(&rs, NULL, 3, NULL, NULL, NULL),
                     TERROIR_EINVAL);
}
END_TEST

/* --------------------------------------------------------------- builder */

/* Two hubs; producers A (self delivery 30 kg within 5 km of H1) and B;
 * points J (veg + milk) and K. */
static terroir_model *builder_model(unsigned h1_temps)
{
    terroir_model *m = planar_model();
    add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT, 0.01);
    add_product(m, "milk", TERROIR_TEMPERATURE_CHILLED, 0.002);
    terroir_producer_spec ps = TERROIR_PRODUCER_SPEC_INIT;
    ps.id = "A";
    ps.location.has_location = 1;
    ps.location.x = 3;
    ps.self_delivery_kg = 30;
    ps.self_delivery_km = 5;
    ck_assert_int_eq(terroir_model_add_producer(m, &ps, NULL), 0);
    add_producer(m, "B", 0, 8, 0);
    size_t h1 = add_hub(m, "H1", 0, 0);
    size_t h2 = add_hub(m, "H2", 20, 0);
    add_point(m, "J", 5, 5, 0);
    add_point(m, "K", 15, 5, 0);
    add_vehicle(m, "v1", h1, 2, 60, h1_temps, 0);
    add_vehicle(m, "v2", h2, 1, 500, AMB | CHL, 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    return m;
}

static alloc_flow flow(size_t product, size_t producer, size_t hub, size_t point, double q)
{
    alloc_flow f;
    memset(&f, 0, sizeof f);
    f.product = product;
    f.producer = producer;
    f.hub = hub;
    f.point = point;
    f.quantity = q;
    f.kg = q;
    return f;
}

static const route_stop_in *find_stop(const route_stop_in *s, size_t n, const terroir_model *m,
                                      const char *site, unsigned temps)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(terroir_model_site_id(m, s[i].site), site) == 0 &&
            (temps == 0 || s[i].temperatures == temps))
            return &s[i];
    return NULL;
}

START_TEST(route_build_stops_from_flows_with_self_delivery)
{
    terroir_model *m = builder_model(AMB | CHL);
    /* A -> H1 -> J: 40 veg; A -> H1 -> K: 20 milk; B -> H1 -> J: 10 veg;
     * B -> H2 -> K: 25 veg */
    alloc_flow f[] = {flow(0, 0, 0, 0, 40), flow(1, 0, 0, 1, 20), flow(0, 1, 0, 0, 10),
                      flow(0, 1, 1, 1, 25)};
    double *self = NULL;
    ck_assert_int_eq(route__self_delivery(m, f, 4, &self), 0);
    /* A is 3 km from H1: brings 30 of its 60 kg itself; B has no self delivery */
    ck_assert_double_eq_tol(self[0 * 2 + 0], 30, TOL);
    ck_assert_double_eq_tol(self[0 * 2 + 1], 0, TOL);
    ck_assert_double_eq_tol(self[1 * 2 + 0], 0, TOL);
    route_stop_in *s = NULL;
    size_t n = 0;
    ck_assert_int_eq(route__hub_stops(m, 0, f, 4, self, &s, &n), 0);
    ck_assert_uint_eq(n, 4); /* pickups A, B; deliveries J, K */
    const route_stop_in *a = find_stop(s, n, m, "A", 0);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->kind, TERROIR_STOP_PICKUP);
    /* half of A's goods is collected: 20 veg + 10 milk */
    ck_assert_double_eq_tol(a->pickup[TERROIR_DIMENSION_KG], 30, TOL);
    ck_assert_double_eq_tol(a->pickup[TERROIR_DIMENSION_M3], 20 * 0.01 + 10 * 0.002, TOL);
    ck_assert_uint_eq(a->temperatures, AMB | CHL);
    ck_assert_double_eq_tol(a->penalty, 30 * 2, TOL);
    const route_stop_in *j = find_stop(s, n, m, "J", 0);
    ck_assert_int_eq(j->kind, TERROIR_STOP_DELIVERY);
    ck_assert_double_eq_tol(j->delivery[TERROIR_DIMENSION_KG], 50, TOL);
    ck_assert_double_eq_tol(j->pickup[TERROIR_DIMENSION_KG], 0, TOL);
    ck_assert_uint_eq(j->temperatures, AMB);
    ck_assert_uint_eq(j->hub, 0);
    const route_stop_in *k = find_stop(s, n, m, "K", 0);
    ck_assert_double_eq_tol(k->delivery[TERROIR_DIMENSION_KG], 20, TOL);
    ck_assert_uint_eq(k->temperatures, CHL);
    free(s);
    ck_assert_int_eq(route__hub_stops(m, 1, f, 4, self, &s, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_double_eq_tol(find_stop(s, n, m, "B", 0)->pickup[TERROIR_DIMENSION_KG], 25, TOL);
    free(s);
    free(self);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_build_splits_by_class_and_by_capacity)
{
    /* H1's vehicles carry ambient only: A's milk cannot ride with its veg */
    terroir_model *m = builder_model(AMB);
    alloc_flow f[] = {flow(0, 1, 0, 0, 150), flow(1, 1, 0, 0, 20)};
    route_stop_in *s = NULL;
    size_t n = 0;
    ck_assert_int_eq(route__hub_stops(m, 0, f, 2, NULL, &s, &n), 0);
    /* B: veg 150 kg in 3 parts of 50 (vehicles hold 60), milk alone; J alike */
    size_t veg_parts = 0, milk = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i].temperatures == AMB) {
            veg_parts++;
            ck_assert_double_eq_tol(s[i].kg, 50, TOL);
        } else {
            ck_assert_uint_eq(s[i].temperatures, CHL);
            ck_assert_double_eq_tol(s[i].kg, 20, TOL);
            milk++;
        }
    }
    ck_assert_uint_eq(veg_parts, 6);
    ck_assert_uint_eq(milk, 2);
    free(s);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_build_pure_vrp_stops_are_mandatory_demand)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    route_stop_in *s = NULL;
    size_t n = 0;
    ck_assert_int_eq(route__pure_stops(m, &s, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_double_eq_tol(s[0].delivery[TERROIR_DIMENSION_KG], 50, TOL);
    ck_assert(s[0].penalty < 0);
    ck_assert_uint_eq(s[0].hub, MODEL_NONE);
    /* P2: veg and milk together, since the reefer carries both */
    ck_assert_double_eq_tol(s[1].delivery[TERROIR_DIMENSION_KG], 50, TOL);
    ck_assert_uint_eq(s[1].temperatures, AMB | CHL);
    free(s);

    /* the problem: depot + 2 stops, the reefer's time factor, the hub's hours */
    route_problem rp;
    size_t hub = 0;
    ck_assert_int_eq(route__pure_stops(m, &s, &n), 0);
    ck_assert_int_eq(route__problem_begin(&rp, m, &hub, 1), 0);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(route__problem_add_stop(&rp, m, &s[i]), 0);
    ck_assert_int_eq(route__problem_end(&rp, m, NULL), 0);
    ck_assert_uint_eq(rp.p.n_nodes, 3);
    ck_assert_uint_eq(rp.p.n_depots, 1);
    ck_assert_uint_eq(rp.p.n_types, 2);
    ck_assert_double_eq_tol(rp.p.km[0 * 3 + 2], sqrt(200.0), TOL);
    ck_assert_double_eq_tol(rp.p.nodes[1].service_minutes, 10, TOL);
    ck_assert_uint_eq(rp.p.nodes[0].n_windows, 1);
    ck_assert_double_eq_tol(rp.p.nodes[0].windows[0].close, 600, TOL);
    ck_assert_double_eq_tol(rp.p.types[1].max_duration_minutes, 0, TOL);
    ck_assert_double_eq_tol(rp.p.types[0].capacity[TERROIR_DIMENSION_M3], -1, TOL);
    route__problem_free(&rp);
    free(s);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_unserved_reasons_name_the_first_blocking_rule)
{
    terroir_model *m = checker_model(5, 600, 40, 0);
    route_stop_in *s = NULL;
    size_t n = 0, hub = 0;
    route_problem rp;
    ck_assert_int_eq(route__pure_stops(m, &s, &n), 0);
    ck_assert_int_eq(route__problem_begin(&rp, m, &hub, 1), 0);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(route__problem_add_stop(&rp, m, &s[i]), 0);
    ck_assert_int_eq(route__problem_end(&rp, m, NULL), 0);
    /* P1 closes at 5 but is 10 minutes away */
    ck_assert_int_eq(route__unserved_reason(&rp.p, 1, NULL), TERROIR_UNSERVED_STOP_TIME_WINDOW);
    /* P2 fits the reefer alone: with the reefer in use, the fleet is short */
    ck_assert_int_eq(route__unserved_reason(&rp.p, 2, NULL), TERROIR_UNSERVED_STOP_COST);
    vrp_route r = {1, NULL, 0, 0, 0, 0};
    size_t stop = 1;
    r.stops = &stop;
    r.n_stops = 1;
    vrp_solution sol;
    memset(&sol, 0, sizeof sol);
    sol.routes = &r;
    sol.n_routes = 1;
    ck_assert_int_eq(route__unserved_reason(&rp.p, 2, &sol), TERROIR_UNSERVED_STOP_FLEET_SIZE);
    /* heavier than every vehicle that carries milk */
    rp.nodes[2].delivery[TERROIR_DIMENSION_KG] = 500;
    ck_assert_int_eq(route__unserved_reason(&rp.p, 2, NULL), TERROIR_UNSERVED_STOP_CAPACITY);
    rp.nodes[2].temperatures = 1u << TERROIR_TEMPERATURE_FROZEN;
    ck_assert_int_eq(route__unserved_reason(&rp.p, 2, NULL),
                     TERROIR_UNSERVED_STOP_NO_COMPATIBLE_VEHICLE);
    ck_assert_str_eq(terroir_unserved_stop_reason_to_string(TERROIR_UNSERVED_STOP_FLEET_SIZE),
                     "fleet_size");
    route__problem_free(&rp);
    free(s);
    terroir_model_free(m);
}
END_TEST

/* --------------------------------------------------------- API versions */

START_TEST(plan_summary_version_1_callers_get_only_their_fields)
{
    /* A version-1 structure followed by a guard that must stay untouched. */
    unsigned char buf[sizeof(terroir_plan_summary) + 64];
    size_t v1 = offsetof(terroir_plan_summary, routed_km);
    memset(buf, 0xAB, sizeof buf);
    terroir_plan_summary *s = (terroir_plan_summary *)(void *)buf;
    ck_assert_int_eq(terroir_plan_summary_init(s, 1), 0);
    ck_assert_uint_eq(s->version, 1);
    for (size_t i = v1; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xAB);
    ck_assert_int_eq(terroir_plan_summary_init(s, 3), TERROIR_EINVAL);

    unsigned char obuf[sizeof(terroir_solve_options) + 64];
    size_t o1 = offsetof(terroir_solve_options, route_iterations);
    memset(obuf, 0xCD, sizeof obuf);
    terroir_solve_options *o = (terroir_solve_options *)(void *)obuf;
    ck_assert_int_eq(terroir_solve_options_init(o, 1), 0);
    ck_assert_uint_eq(o->version, 1);
    ck_assert_double_eq_tol(o->mip_gap, 1e-6, 1e-12);
    for (size_t i = o1; i < sizeof obuf; i++)
        ck_assert_uint_eq(obuf[i], 0xCD);
    terroir_solve_options o2;
    ck_assert_int_eq(terroir_solve_options_init(&o2, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    ck_assert_int_eq(o2.route_polish, 1);
    ck_assert_int_eq(o2.route_feedback, 0);
    ck_assert_uint_eq(o2.route_iterations, 0);
    ck_assert_int_eq(terroir_solve_options_init(&o2, TERROIR_SOLVE_OPTIONS_VERSION + 1),
                     TERROIR_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------ polish */

/* Depot 0 and stops 1..4; one vehicle type with `count` vehicles.  The
 * polish takes route costs as given, so no distances are needed. */
typedef struct tiny {
    vrp_node nodes[5];
    vrp_vehicle_type type;
    vrp_problem p;
} tiny;

static void tiny_init(tiny *t, size_t count, double penalty_of_4)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < 5; i++)
        t->nodes[i].unserved_penalty = -1;
    t->nodes[4].unserved_penalty = penalty_of_4;
    t->type.count = count;
    for (int d = 0; d < VRP_DIMENSIONS; d++)
        t->type.capacity[d] = -1;
    t->p.n_nodes = 5;
    t->p.n_depots = 1;
    t->p.nodes = t->nodes;
    t->p.types = &t->type;
    t->p.n_types = 1;
}

static vrp_route pool_route(size_t *stops, size_t n, double cost)
{
    vrp_route r = {0, stops, n, 0, 0, cost};
    return r;
}

/* An incumbent owning its arrays, as the engine returns it: {1,2} + {3,4}. */
static void incumbent(vrp_solution *best, double cost)
{
    static const size_t a[] = {1, 2}, b[] = {3, 4};
    memset(best, 0, sizeof *best);
    best->routes = calloc(2, sizeof *best->routes);
    ck_assert_ptr_nonnull(best->routes);
    best->routes[0].stops = malloc(sizeof a);
    best->routes[1].stops = malloc(sizeof b);
    memcpy(best->routes[0].stops, a, sizeof a);
    memcpy(best->routes[1].stops, b, sizeof b);
    best->routes[0].n_stops = best->routes[1].n_stops = 2;
    best->routes[0].cost = best->routes[1].cost = cost / 2;
    best->n_routes = 2;
    best->cost = cost;
    best->cost_before_polish = cost;
    best->feasible = 1;
}

static int has_route(const vrp_solution *s, const size_t *stops, size_t n)
{
    for (size_t r = 0; r < s->n_routes; r++) {
        if (s->routes[r].n_stops != n)
            continue;
        size_t k = 0;
        while (k < n && s->routes[r].stops[k] == stops[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

START_TEST(polish_recombines_pool_routes_into_the_hand_computed_optimum)
{
    /* A {1,2} 10, B {3,4} 10, C {1,2,3} 12, D {4} 5, E {1,2,3,4} 30,
     * F {1} 4, G {2,3,4} 14: with 2 vehicles, C + D = 17 beats F + G = 18,
     * A + B = 20 and E = 30. */
    size_t A[] = {1, 2}, B[] = {3, 4}, C[] = {1, 2, 3}, D[] = {4}, E[] = {1, 2, 3, 4}, F[] = {1},
           G[] = {2, 3, 4};
    vrp_route pool[] = {pool_route(A, 2, 10), pool_route(B, 2, 10), pool_route(C, 3, 12),
                        pool_route(D, 1, 5),  pool_route(E, 4, 30), pool_route(F, 1, 4),
                        pool_route(G, 3, 14)};
    tiny t;
    tiny_init(&t, 2, -1);
    vrp_solution best;
    incumbent(&best, 20);
    ck_assert_int_eq(vrp__polish(&t.p, pool, 7, &best, 10, NULL, NULL, NULL, NULL), 0);
    ck_assert_double_eq_tol(best.cost, 17, TOL);
    ck_assert_double_eq_tol(best.cost_before_polish, 20, TOL);
    ck_assert_uint_eq(best.n_routes, 2);
    ck_assert(has_route(&best, C, 3));
    ck_assert(has_route(&best, D, 1));
    ck_assert_uint_eq(best.n_unserved, 0);
    ck_assert_int_eq(best.feasible, 1);
    vrp__solution_free(&best);

    /* one vehicle: only E covers everything, and it costs more than A + B;
     * the incumbent (which uses two) is left as it is */
    tiny_init(&t, 1, -1);
    incumbent(&best, 20);
    ck_assert_int_eq(vrp__polish(&t.p, pool, 7, &best, 10, NULL, NULL, NULL, NULL), 0);
    ck_assert_double_eq_tol(best.cost, 20, TOL);
    vrp__solution_free(&best);
    lp__thread_cleanup();
}
END_TEST

START_TEST(polish_drops_an_optional_stop_and_respects_the_fleet)
{
    size_t A[] = {1, 2}, B[] = {3, 4}, C[] = {1, 2, 3}, D[] = {4}, H[] = {1, 2}, I[] = {3},
           J[] = {4};
    /* stop 4 optional at 3: C alone + penalty 3 = 15 < C + D = 17 */
    vrp_route pool[] = {pool_route(A, 2, 10), pool_route(B, 2, 10), pool_route(C, 3, 12),
                        pool_route(D, 1, 5)};
    tiny t;
    tiny_init(&t, 2, 3);
    vrp_solution best;
    incumbent(&best, 20);
    ck_assert_int_eq(vrp__polish(&t.p, pool, 4, &best, 10, NULL, NULL, NULL, NULL), 0);
    ck_assert_double_eq_tol(best.cost, 15, TOL);
    ck_assert_uint_eq(best.n_routes, 1);
    ck_assert_uint_eq(best.n_unserved, 1);
    ck_assert_uint_eq(best.unserved[0], 4);
    vrp__solution_free(&best);

    /* H, I, J at 3 each would need 3 vehicles; with 2, H + B = 13; the
     * duplicate of A (same stops as H, dearer) is merged away */
    vrp_route pool2[] = {pool_route(A, 2, 10), pool_route(B, 2, 10), pool_route(H, 2, 3),
                         pool_route(I, 1, 3), pool_route(J, 1, 3)};
    tiny_init(&t, 2, -1);
    incumbent(&best, 20);
    ck_assert_int_eq(vrp__polish(&t.p, pool2, 5, &best, 10, NULL, NULL, NULL, NULL), 0);
    ck_assert_double_eq_tol(best.cost, 13, TOL);
    ck_assert(has_route(&best, H, 2));
    ck_assert(has_route(&best, B, 2));
    vrp__solution_free(&best);
    ck_assert_int_eq(vrp__polish(NULL, pool2, 5, &best, 10, NULL, NULL, NULL, NULL),
                     TERROIR_EINVAL);
    lp__thread_cleanup();
}
END_TEST

/* ------------------------------------------------------------ end to end */

static char *data_path(const char *rel)
{
    const char *dir = getenv("TERROIR_TEST_DATA");
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "tests/data", rel);
    return buf;
}

/* The checker finds no violation in the plan's routes, recomputes their
 * cost, and every stop is served or reported. */
static void assert_plan_checks(const terroir_model *m, const terroir_plan *plan)
{
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check_plan(&rep, m, plan), 0);
    terroir_route_report_summary rs = {0};
    rs.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_route_report_get_summary(rep, &rs), 0);
    for (size_t i = 0; i < terroir_route_report_violation_count(rep) && i < 5; i++) {
        terroir_route_violation v = {0};
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &v), 0);
        fprintf(stderr, "violation: %s: %s\n", terroir_violation_kind_to_string(v.kind),
                v.detail);
    }
    /* every kind, synchronisation, stock, shelf life and vehicle days too */
    ck_assert_uint_eq(rs.n_violations, 0);
    /* ... checked product by product: the stops keep their goods */
    for (size_t i = 0; i < rep->n_routes; i++)
        for (size_t k = 0; k < rep->routes[i].n_stops; k++)
            ck_assert_ptr_nonnull(rep->routes[i].stops[k].products);
    ck_assert_uint_eq(rs.n_routes, terroir_plan_route_count(plan));
    double cost = 0;
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route pr = {0};
        pr.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(plan, r, &pr), 0);
        ck_assert_uint_gt(pr.n_stops, 0);
        cost += pr.cost;
    }
    ck_assert_double_eq_tol(rs.cost, cost, 1e-6 * fmax(1, cost));
    terroir_route_report_free(rep);
}

START_TEST(solve_default_dataset_routes_or_reports_every_stop)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(
                         &m, data_path("../../datasets/quebec/monteregie.yaml"), NULL, NULL),
                     0);
    terroir_solve_options o;
    terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION);
    o.route_iterations = 1; /* deterministic, and short even under valgrind */
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    ck_assert_int_eq(terroir_plan_status(plan), TERROIR_STATUS_FEASIBLE);
    ck_assert_uint_gt(terroir_plan_route_count(plan), 0);
    assert_plan_checks(m, plan);
    terroir_plan_summary s = {0};
    s.version = TERROIR_PLAN_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    ck_assert_uint_eq(s.n_routes, terroir_plan_route_count(plan));
    ck_assert_uint_eq(s.n_unserved_stops, terroir_plan_unserved_stop_count(plan));
    ck_assert_double_gt(s.routed_cost, 0);
    ck_assert_double_gt(s.transport_estimate, 0);
    ck_assert(isfinite(s.transport_estimate_error));
    ck_assert_double_eq_tol(s.objective,
                            s.cost.fixed_hub + s.cost.handling + s.cost.transport +
                                s.cost.vehicle_fixed + s.cost.co2 + s.cost.unserved_penalty,
                            1e-6 * s.objective);
    ck_assert_double_eq_tol(s.cost.vehicle_fixed + s.cost.transport, s.routed_cost,
                            1e-6 * s.routed_cost); /* no direct deliveries in the dataset */
    ck_assert(isnan(s.bound));
    for (size_t u = 0; u < terroir_plan_unserved_stop_count(plan); u++) {
        terroir_plan_unserved_stop us = {0};
        us.version = TERROIR_PLAN_UNSERVED_STOP_VERSION;
        ck_assert_int_eq(terroir_plan_get_unserved_stop(plan, u, &us), 0);
        ck_assert_ptr_nonnull(us.hub);
        ck_assert_ptr_nonnull(us.detail);
        ck_assert_int_lt(us.reason, TERROIR_UNSERVED_STOP_REASON_COUNT);
    }
    char *json = NULL;
    ck_assert_int_eq(terroir_plan_write_json_buffer(&json, NULL, plan), 0);
    ck_assert_ptr_nonnull(strstr(json, "\"routes\": ["));
    ck_assert_ptr_nonnull(strstr(json, "\"unserved_stops\": ["));
    ck_assert_ptr_nonnull(strstr(json, "\"transport_estimate_error\""));
    terroir_free(json);

    /* The routes of the plan, moved: a stop served twice is caught. */
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_from_plan(&rs, plan), 0);
    ck_assert_uint_eq(terroir_routes_count(rs), terroir_plan_route_count(plan));
    terroir_plan_free(plan);
    terroir_model_free(m);
    terroir_routes_free(rs);
}
END_TEST

START_TEST(solve_feedback_reallocates_and_keeps_the_better_plan)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(
                         &m, data_path("../../datasets/quebec/monteregie.yaml"), NULL, NULL),
                     0);
    terroir_solve_options o;
    terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION);
    o.route_iterations = 1;
    o.route_feedback = 1;
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    terroir_plan_summary s = {0};
    s.version = TERROIR_PLAN_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    ck_assert_int_eq(s.route_feedback_applied, 1);
    ck_assert_int_eq(s.status, TERROIR_STATUS_FEASIBLE);
    assert_plan_checks(m, plan);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

START_TEST(solve_pure_vrp_instance_serves_every_customer)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_import_file(&m, TERROIR_FORMAT_VRPLIB,
                                               data_path("bench/X-n101-k25.vrp"), NULL),
                     0);
    /* A version-1 options structure, exactly as large as version 1 was. */
    size_t v1 = offsetof(terroir_solve_options, route_iterations);
    void *o1 = malloc(v1);
    double limit = 3;
    ck_assert_ptr_nonnull(o1);
    ck_assert_int_eq(terroir_solve_options_init(o1, 1), 0);
    memcpy((char *)o1 + offsetof(terroir_solve_options, time_limit_seconds), &limit, sizeof limit);
    terroir_plan *plan = NULL;
    double t0 = core__now();
    ck_assert_int_eq(terroir_solve(&plan, m, o1), 0);
    ck_assert_double_le(core__now() - t0, limit + 1.5); /* generous: not a speed test */
    free(o1);
    ck_assert_int_eq(terroir_plan_status(plan), TERROIR_STATUS_FEASIBLE);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(plan), 0);
    size_t stops = 0;
    terroir_hub_spec depot = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, 0, &depot), 0);
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route pr = {0};
        pr.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(plan, r, &pr), 0);
        ck_assert_str_eq(pr.hub, depot.id);
        stops += pr.n_stops;
    }
    ck_assert_uint_eq(stops, 100);
    assert_plan_checks(m, plan);
    /* version 1 summaries still work; version 2 has the routed figures */
    terroir_plan_summary s = {0};
    s.version = 1;
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    double objective = s.objective;
    s.version = TERROIR_PLAN_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    ck_assert_double_eq_tol(s.objective, objective, TOL);
    ck_assert_double_eq_tol(s.routed_cost, objective, TOL);
    ck_assert(isnan(s.transport_estimate_error));
    /* best known 27591: within 5 % after 3 s */
    ck_assert_double_le(objective, 27591 * 1.05);
    ck_assert_double_ge(objective, 27591 - TOL);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

START_TEST(solve_routes_only_with_iterations_is_deterministic)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(
        terroir_model_import_file(&m, TERROIR_FORMAT_SOLOMON, data_path("bench/C101.txt"), NULL),
        0);
    terroir_solve_options o;
    terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION);
    o.stages = 1u << TERROIR_STAGE_ROUTE;
    o.route_iterations = 200;
    o.seed = 7;
    char *text[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        terroir_plan *plan = NULL;
        ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
        ck_assert_int_eq(terroir_plan_status(plan), TERROIR_STATUS_FEASIBLE);
        assert_plan_checks(m, plan);
        /* the routes part of the YAML text, without timings */
        char *yaml = NULL;
        ck_assert_int_eq(terroir_plan_write_yaml_buffer(&yaml, NULL, plan), 0);
        char *routes = strstr(yaml, "routes:\n");
        ck_assert_ptr_nonnull(routes);
        text[k] = strdup(routes);
        terroir_free(yaml);
        terroir_plan_free(plan);
    }
    ck_assert_str_eq(text[0], text[1]);
    free(text[0]);
    free(text[1]);
    terroir_model_free(m);
}
END_TEST

START_TEST(route_report_stop_product_rejects_bad_arguments)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    const char *stops[] = {"P1", "P2"};
    terroir_routes *rs = one_route("reefer", stops, 2);
    terroir_route_report *rep = check(m, rs);
    terroir_plan_stop_product sp = {0};
    ck_assert_int_eq(terroir_route_report_get_stop_product(rep, 0, 0, 0, &sp), TERROIR_EINVAL);
    sp.version = TERROIR_PLAN_STOP_PRODUCT_VERSION + 1;
    ck_assert_int_eq(terroir_route_report_get_stop_product(rep, 0, 0, 0, &sp), TERROIR_EINVAL);
    sp.version = TERROIR_PLAN_STOP_PRODUCT_VERSION;
    ck_assert_int_eq(terroir_route_report_get_stop_product(NULL, 0, 0, 0, &sp), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_route_report_get_stop_product(rep, 0, 0, 0, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_route_report_get_stop_product(rep, 1, 0, 0, &sp),
                     TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_route_report_get_stop_product(rep, 0, 2, 0, &sp),
                     TERROIR_ENOTFOUND);
    terroir_plan_route_stop st = {0};
    st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    ck_assert_int_eq(terroir_route_report_get_stop(rep, 0, 0, &st), 0);
    for (size_t j = 0; j < st.n_products; j++)
        ck_assert_int_eq(terroir_route_report_get_stop_product(rep, 0, 0, j, &sp), 0);
    ck_assert_int_eq(terroir_route_report_get_stop_product(rep, 0, 0, st.n_products, &sp),
                     TERROIR_ENOTFOUND);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(solve_rejects_bad_route_options)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    terroir_solve_options o;
    terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION);
    o.route_seconds = -1;
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    o.route_seconds = NAN;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    o.route_seconds = 0;
    o.version = TERROIR_SOLVE_OPTIONS_VERSION + 1;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    ck_assert_ptr_null(plan);
    /* the plan accessors for routes on NULL and out-of-range indices */
    terroir_plan_route r = {0};
    r.version = TERROIR_PLAN_ROUTE_VERSION;
    ck_assert_uint_eq(terroir_plan_route_count(NULL), 0);
    ck_assert_int_eq(terroir_plan_get_route(NULL, 0, &r), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(NULL), 0);
    ck_assert_str_eq(terroir_stop_kind_to_string(TERROIR_STOP_PICKUP), "pickup");
    terroir_model_free(m);
}
END_TEST

START_TEST(solve_without_route_stage_has_no_routes_and_checks_clean)
{
    terroir_model *m = checker_model(100, 600, 100, 0);
    terroir_solve_options o;
    terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION);
    o.stages = 0xFu & ~(1u << TERROIR_STAGE_ROUTE);
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    ck_assert_uint_eq(terroir_plan_route_count(plan), 0);
    ck_assert_uint_eq(terroir_plan_flow_count(plan), 2);
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check_plan(&rep, m, plan), 0);
    ck_assert_uint_eq(terroir_route_report_violation_count(rep), 0);
    terroir_plan_summary s = {0};
    s.version = TERROIR_PLAN_SUMMARY_VERSION;
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    ck_assert(isnan(s.transport_estimate_error));
    ck_assert_uint_eq(s.n_routes, 0);
    terroir_route_report_free(rep);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

START_TEST(solve_small_model_routes_pickups_and_deliveries)
{
    /* The checker's model solved whole: F's veg goes through H to P1 and
     * P2, and the milk demand has no supply; routes must pick up at F. */
    terroir_model *m = checker_model(100, 600, 100, 0);
    terroir_solve_options o;
    terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION);
    o.route_iterations = 100;
    o.route_seconds = 2;
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    ck_assert_int_eq(terroir_plan_status(plan), TERROIR_STATUS_FEASIBLE);
    assert_plan_checks(m, plan);
    int pickup = 0;
    double delivered = 0;
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route pr = {0};
        pr.version = TERROIR_PLAN_ROUTE_VERSION;
        terroir_plan_get_route(plan, r, &pr);
        for (size_t k = 0; k < pr.n_stops; k++) {
            terroir_plan_route_stop st = {0};
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ck_assert_int_eq(terroir_plan_get_route_stop(plan, r, k, &st), 0);
            if (st.kind == TERROIR_STOP_PICKUP) {
                pickup = 1;
                ck_assert_str_eq(st.site, "F");
                ck_assert_double_eq_tol(st.pickup[TERROIR_DIMENSION_KG], 80, TOL);
            } else {
                delivered += st.delivery[TERROIR_DIMENSION_KG];
            }
        }
    }
    ck_assert_int_eq(pickup, 1);
    ck_assert_double_eq_tol(delivered, 80, TOL); /* 50 veg to P1, 30 to P2 */
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ suite */

static Suite *route_suite(void)
{
    Suite *s = suite_create("route");
    TCase *tc = tcase_create("check");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, route_check_reports_schedule_loads_and_cost);
    tcase_add_test(tc, route_check_finds_capacity_excess_at_departure);
    tcase_add_test(tc, route_check_finds_capacity_excess_after_a_pickup);
    tcase_add_test(tc, route_check_finds_late_arrival);
    tcase_add_test(tc, route_check_finds_duration_and_hub_hours);
    tcase_add_test(tc, route_check_finds_temperature_hub_stop_fleet_and_duplicates);
    tcase_add_test(tc, route_check_waits_for_a_later_window_and_leaves_late);
    tcase_add_test(tc, route_check_rejects_unknown_ids_and_bad_arguments);
    tcase_add_test(tc, routes_yaml_loads_plain_ids_and_quantities);
    tcase_add_test(tc, routes_yaml_rejects_unknown_key_with_position);
    tcase_add_test(tc, routes_yaml_rejects_bad_numbers_versions_and_aliases);
    tcase_add_test(tc, routes_yaml_unknown_site_error_names_its_position);
    tcase_add_test(tc, routes_yaml_file_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("build");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, route_build_stops_from_flows_with_self_delivery);
    tcase_add_test(tc, route_build_splits_by_class_and_by_capacity);
    tcase_add_test(tc, route_build_pure_vrp_stops_are_mandatory_demand);
    tcase_add_test(tc, route_unserved_reasons_name_the_first_blocking_rule);
    tcase_add_test(tc, plan_summary_version_1_callers_get_only_their_fields);
    suite_add_tcase(s, tc);

    tc = tcase_create("polish");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, polish_recombines_pool_routes_into_the_hand_computed_optimum);
    tcase_add_test(tc, polish_drops_an_optional_stop_and_respects_the_fleet);
    suite_add_tcase(s, tc);

    tc = tcase_create("solve");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, solve_rejects_bad_route_options);
    tcase_add_test(tc, route_report_stop_product_rejects_bad_arguments);
    tcase_add_test(tc, solve_without_route_stage_has_no_routes_and_checks_clean);
    tcase_add_test(tc, solve_small_model_routes_pickups_and_deliveries);
    tcase_add_test(tc, solve_pure_vrp_instance_serves_every_customer);
    tcase_add_test(tc, solve_routes_only_with_iterations_is_deterministic);
    tcase_add_test(tc, solve_default_dataset_routes_or_reports_every_stop);
    tcase_add_test(tc, solve_feedback_reallocates_and_keeps_the_better_plan);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(route_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
