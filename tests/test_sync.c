/* Unit tests of the route checker's rules of issue 11 (lib/route/
 * route_sync.c, route_trips.c and what feeds them): synchronisation at
 * hubs, stock, shelf life and vehicle days, each on a small model with
 * hand-computed times, from routes built with the API and from routes
 * files; the hubs that are checked (inbound or not, kg only); the routes
 * file's new keys and their errors; the new builder functions' errors;
 * routes taken from a plan with their products, vehicles, days and self
 * deliveries.  White-box: linked with the internal static library (the
 * report's stops and the sets' internals are read directly). */
#include <check.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#include "lp/lp.h"
#include "model/model_internal.h"
#include "plan/plan_internal.h"
#include "route/route_internal.h"

#define TOL 1e-6

static void teardown(void)
{
    lp__thread_cleanup();
    terroir_error_clear();
}

/* The model, planar, 60 km/h (minutes = km), 2 operating days:
 *   hub H1 at (0,0), always open, cross-dock 30 min (the default);
 *   hub H2 at (100,0), with its own van, nothing comes in;
 *   producer F at (0,30), no service time: fraises 50 units (0.5 kg each:
 *   25 kg), pommes 100 kg;
 *   producer G at (0,-20): pommes 10 kg;
 *   point P at (30,0): fraises 25 units (12.5 kg), pommes 40 kg;
 *   point Q at (130,0): pommes 5 kg;
 *   van at H1: 2 vehicles, 1000 kg, 2 trips a day, 15 min loading, at most
 *   200 min of work a day; van2 at H2: 1 vehicle.
 * fraises keep 2 h; pommes do not perish. */
static terroir_model *sync_model_cross_dock(double cross_dock);

static terroir_model *sync_model(void)
{
    return sync_model_cross_dock(30);
}

static terroir_model *sync_model_cross_dock(double cross_dock)
{
    terroir_model *m = NULL;
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.coordinates = TERROIR_COORDINATES_PLANAR;
    st.speed_kmh = 60;
    st.operating_days = 2;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    size_t prod[2];
    const char *ids[] = {"fraises", "pommes"};
    for (int i = 0; i < 2; i++) {
        terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
        s.id = ids[i];
        s.kg_per_unit = i == 0 ? 0.5 : 1;
        s.shelf_life_hours = i == 0 ? 2 : 0;
        ck_assert_int_eq(terroir_model_add_product(m, &s, &prod[i]), 0);
    }
    size_t hubs[2];
    for (int i = 0; i < 2; i++) {
        terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
        s.id = i == 0 ? "H1" : "H2";
        s.location.has_location = 1;
        s.location.x = i * 100;
        s.cross_dock_minutes = cross_dock;
        ck_assert_int_eq(terroir_model_add_hub(m, &s, &hubs[i]), 0);
    }
    const char *producers[] = {"F", "G"};
    double py[] = {30, -20};
    size_t pr[2];
    for (int i = 0; i < 2; i++) {
        terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
        s.id = producers[i];
        s.location.has_location = 1;
        s.location.y = py[i];
        ck_assert_int_eq(terroir_model_add_producer(m, &s, &pr[i]), 0);
    }
    ck_assert_int_eq(terroir_model_add_supply(m, pr[0], prod[0], 50), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, pr[0], prod[1], 100), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, pr[1], prod[1], 10), 0);
    const char *points[] = {"P", "Q"};
    double px[] = {30, 130};
    size_t pt[2];
    for (int i = 0; i < 2; i++) {
        terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
        s.id = points[i];
        s.location.has_location = 1;
        s.location.x = px[i];
        ck_assert_int_eq(terroir_model_add_point(m, &s, &pt[i]), 0);
    }
    ck_assert_int_eq(terroir_model_add_demand(m, pt[0], prod[0], 25), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, pt[0], prod[1], 40), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, pt[1], prod[1], 5), 0);
    for (int i = 0; i < 2; i++) {
        terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        s.id = i == 0 ? "van" : "van2";
        s.home_hub = hubs[i];
        s.count = i == 0 ? 2 : 1;
        s.capacity = (const double[]){1000};
        s.n_dimensions = 1;
        s.temperatures = 1u << TERROIR_TEMPERATURE_AMBIENT;
        s.max_duration_minutes = i == 0 ? 200 : 0;
        s.trips_per_day = i == 0 ? 2 : 1;
        s.loading_minutes = i == 0 ? 15 : 0;
        ck_assert_int_eq(terroir_model_add_vehicle_type(m, &s, NULL), 0);
    }
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    ck_assert_double_eq_tol(m->hubs[0].cross_dock_minutes, cross_dock, TOL);
    return m;
}

/* A route of type `type`, vehicle, day and departure, with stops given by
 * id (products: from the model). */
static size_t add_route(terroir_routes *rs, const char *type, size_t vehicle, unsigned day,
                        double departure)
{
    size_t r;
    ck_assert_int_eq(terroir_routes_add(rs, type, &r), 0);
    ck_assert_int_eq(terroir_routes_set_vehicle(rs, r, vehicle, day), 0);
    ck_assert_int_eq(terroir_routes_set_departure(rs, r, departure), 0);
    return r;
}

static void add_id_stop(terroir_routes *rs, size_t r, const char *site)
{
    terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
    s.site = site;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
}

static void add_product_stop(terroir_routes *rs, size_t r, const char *site, const char *product,
                             double quantity)
{
    terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
    terroir_route_stop_product p = {product, quantity};
    s.site = site;
    s.products = &p;
    s.n_products = 1;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
}

/* The collection at F by van #1 on day 1: leaves H1 at 7:00 (420), at F
 * 450, back 480; F's goods can leave H1 from 510 (8:30). */
static terroir_routes *collection(void)
{
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    size_t r = add_route(rs, "van", 0, 1, 420);
    add_id_stop(rs, r, "F");
    return rs;
}

static terroir_route_report *check(const terroir_model *m, const terroir_routes *rs)
{
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check(&rep, m, rs), 0);
    ck_assert_ptr_nonnull(rep);
    return rep;
}

/* The violations of the report other than missing stops (the sets here
 * leave points out on purpose): their number, the last in *out. */
static size_t found(const terroir_route_report *rep, terroir_route_violation *out)
{
    size_t n = 0;
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        terroir_route_violation v = {0};
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &v), 0);
        if (v.kind == TERROIR_VIOLATION_MISSING_STOP)
            continue;
        fprintf(stderr, "  %s: %s\n", terroir_violation_kind_to_string(v.kind), v.detail);
        n++;
        if (out)
            *out = v;
    }
    return n;
}

/* The one violation of the report (but missing stops). */
static terroir_route_violation only(const terroir_route_report *rep)
{
    terroir_route_violation v = {0};
    ck_assert_uint_eq(found(rep, &v), 1);
    return v;
}

static void assert_clean(const terroir_route_report *rep)
{
    ck_assert_uint_eq(found(rep, NULL), 0);
}

static void assert_about(const terroir_route_violation *v, terroir_violation_kind kind,
                         const char *product, const char *hub, double time, double amount)
{
    ck_assert_int_eq(v->kind, kind);
    if (product)
        ck_assert_str_eq(v->product, product);
    else
        ck_assert_ptr_null(v->product);
    ck_assert_str_eq(v->hub, hub);
    ck_assert_double_eq_tol(v->time, time, TOL);
    ck_assert_double_eq_tol(v->amount, amount, TOL);
}

/* ------------------------------------------------------------ by the API */

START_TEST(sync_goods_leaving_after_they_are_ready_pass)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection();
    /* van #2 leaves at 8:30 with P's fraises and pommes: there at 9:00;
     * the fraises are 90 min old (picked 7:30), within 2 h. */
    size_t r = add_route(rs, "van", 1, 1, 510);
    add_id_stop(rs, r, "P");
    terroir_route_report *rep = check(m, rs);
    assert_clean(rep);
    terroir_plan_route_stop s = {0};
    s.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    ck_assert_int_eq(terroir_route_report_get_stop(rep, 1, 0, &s), 0);
    ck_assert_double_eq_tol(s.start, 540, TOL);
    ck_assert_double_eq_tol(s.delivery[TERROIR_DIMENSION_KG], 52.5, TOL);
    /* the report's stops keep their goods per product */
    const plan_stop *ps = &rep->routes[1].stops[0];
    ck_assert_uint_eq(ps->n_products, 2);
    ck_assert_str_eq(rep->product_ids[ps->products[0].product], "fraises");
    ck_assert_double_eq_tol(ps->products[0].quantity, 25, TOL);
    ck_assert_double_eq_tol(ps->products[0].kg, 12.5, TOL);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_goods_leaving_before_they_arrive_are_synchronisation)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection();
    size_t r = add_route(rs, "van", 1, 1, 480); /* 8:00, 30 min too early */
    add_product_stop(rs, r, "P", "fraises", 25);
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SYNCHRONISATION, "fraises", "H1", 480, 12.5);
    ck_assert_uint_eq(v.route, 1);
    ck_assert_str_eq(v.detail, "12.5 kg of 'fraises' leave hub 'H1' on route 2 at day 1 08:00, "
                               "30 min before they are there (they arrive at day 1 08:00 + 30 "
                               "min cross-dock)");
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_goods_ready_at_the_minute_a_route_leaves_go_with_it)
{
    /* No cross-dock time: F's goods are ready at 8:00, when van #2 leaves. */
    terroir_model *m = sync_model_cross_dock(0);
    terroir_routes *rs = collection();
    size_t r = add_route(rs, "van", 1, 1, 480);
    add_product_stop(rs, r, "P", "fraises", 25);
    terroir_route_report *rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    /* one minute earlier they are not */
    ck_assert_int_eq(terroir_routes_set_departure(rs, r, 479), 0);
    rep = check(m, rs);
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SYNCHRONISATION, "fraises", "H1", 479, 12.5);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_departures_take_the_oldest_goods_first)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection(); /* F's fraises: picked 7:30, ready 8:30 */
    terroir_route_self_delivery_spec sd = TERROIR_ROUTE_SELF_DELIVERY_SPEC_INIT;
    sd.producer = "F";
    sd.hub = "H1";
    sd.product = "fraises";
    sd.quantity = 10; /* 5 kg picked at 5:00, ready 6:00 */
    sd.departure = 300;
    sd.arrival = 330;
    ck_assert_int_eq(terroir_routes_add_self_delivery(rs, &sd), 0);
    /* van #2 leaves at 9:00 with 12.5 kg: the 5 kg of 5:00 first, 7.5 kg
     * of 7:30; at P 9:30, the oldest goods are 4.5 h old: 150 min over. */
    size_t r = add_route(rs, "van", 1, 1, 540);
    add_product_stop(rs, r, "P", "fraises", 25);
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SHELF_LIFE, "fraises", "H1", 570, 150);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    /* Two stops: the first takes the old 5 kg, the second only goods of
     * 7:30. */
    rs = collection();
    ck_assert_int_eq(terroir_routes_add_self_delivery(rs, &sd), 0);
    r = add_route(rs, "van", 1, 1, 540);
    add_product_stop(rs, r, "Q", "fraises", 10); /* 5 kg, all of 5:00 */
    add_product_stop(rs, r, "P", "fraises", 25); /* 12.5 kg, all of 7:30 */
    rep = check(m, rs);
    /* Q at 9:00 + 130 min = 11:10: 6 h 10 min after 5:00 -> 250 min over;
     * P after Q (100 km back): 12:50, 5 h 20 min after 7:30 -> 200 over
     * (and the route, 260 min, is above the van's 200: duration). */
    ck_assert_uint_eq(found(rep, NULL), 3);
    size_t shelf = 0;
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        terroir_route_violation w = {0};
        w.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &w), 0);
        if (w.kind != TERROIR_VIOLATION_SHELF_LIFE)
            continue;
        shelf++;
        if (w.stop == 0)
            assert_about(&w, TERROIR_VIOLATION_SHELF_LIFE, "fraises", "H1", 670, 250);
        else
            assert_about(&w, TERROIR_VIOLATION_SHELF_LIFE, "fraises", "H1", 770, 200);
    }
    ck_assert_uint_eq(shelf, 2);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_more_out_than_ever_in_is_stock)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection();
    size_t r = add_route(rs, "van", 1, 1, 510);
    add_product_stop(rs, r, "P", "fraises", 60); /* 30 kg; 25 kg ever come */
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_STOCK, "fraises", "H1", 510, 5);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_goods_older_than_their_shelf_life_are_shelf_life)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection();
    size_t r = add_route(rs, "van", 1, 1, 600); /* at P 10:30, picked 7:30: 3 h */
    add_id_stop(rs, r, "P");
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SHELF_LIFE, "fraises", "H1", 630, 60);
    ck_assert_uint_eq(v.route, 1);
    ck_assert_uint_eq(v.stop, 0);
    ck_assert_str_eq(v.site, "P");
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_overlapping_trips_of_a_vehicle_are_vehicle_day)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection(); /* van #1 back at 8:00, loaded 8:15 */
    size_t r = add_route(rs, "van", 0, 1, 485);
    add_product_stop(rs, r, "G", "pommes", 5); /* a collection: nothing leaves H1 */
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_VEHICLE_DAY, NULL, "H1", 485, 10);
    ck_assert_uint_eq(v.route, 1);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    /* Three trips (two allowed): 7:00-8:00, 8:15-8:55, 9:10-9:50: no
     * overlap, 170 min of work, one trip too many. */
    rs = collection();
    add_product_stop(rs, add_route(rs, "van", 0, 1, 495), "G", "pommes", 5);
    add_product_stop(rs, add_route(rs, "van", 0, 1, 550), "G", "pommes", 5);
    rep = check(m, rs);
    v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_VEHICLE_DAY, NULL, "H1", 550, 1);
    ck_assert_uint_eq(v.route, 2);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    /* Two trips, the second back at 11:50: a 290 min day, 90 over. */
    rs = collection();
    add_product_stop(rs, add_route(rs, "van", 0, 1, 670), "G", "pommes", 5);
    rep = check(m, rs);
    v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_VEHICLE_DAY, NULL, "H1", 710, 90);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_self_delivery_is_inbound_at_its_arrival)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    terroir_route_self_delivery_spec sd;
    ck_assert_int_eq(
        terroir_route_self_delivery_spec_init(&sd, TERROIR_ROUTE_SELF_DELIVERY_SPEC_VERSION), 0);
    sd.producer = "F";
    sd.hub = "H1";
    sd.product = "fraises";
    sd.quantity = 25;
    sd.day = 1;
    sd.departure = 400;
    sd.arrival = 430; /* ready 460 */
    ck_assert_int_eq(terroir_routes_add_self_delivery(rs, &sd), 0);
    size_t r = add_route(rs, "van", 0, 1, 450);
    add_product_stop(rs, r, "P", "fraises", 25);
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SYNCHRONISATION, "fraises", "H1", 450, 12.5);
    ck_assert_str_eq(v.detail, "12.5 kg of 'fraises' leave hub 'H1' on route 1 at day 1 07:30, "
                               "10 min before they are there (they arrive at day 1 07:10 + 30 "
                               "min cross-dock)");
    terroir_route_report_free(rep);
    /* On day 2 the goods of day 1 are there (but 25 h old: shelf life). */
    ck_assert_int_eq(terroir_routes_set_vehicle(rs, r, 0, 2), 0);
    rep = check(m, rs);
    v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SHELF_LIFE, "fraises", "H1", 1440 + 480, 1440 + 80 - 120);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_hub_without_inbound_in_a_delivery_set_is_not_checked)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    size_t r;
    ck_assert_int_eq(terroir_routes_add(rs, "van", &r), 0);
    add_id_stop(rs, r, "P");
    ck_assert_int_eq(terroir_routes_add(rs, "van2", &r), 0);
    add_id_stop(rs, r, "Q");
    terroir_route_report *rep = check(m, rs);
    assert_clean(rep); /* pure delivery: both hubs assumed stocked */
    terroir_route_report_free(rep);
    /* A collection at H1 makes H1 checked; H2 still is not. */
    ck_assert_int_eq(terroir_routes_add(rs, "van", &r), 0);
    add_id_stop(rs, r, "G");
    rep = check(m, rs);
    /* P's fraises: none comes to H1; its 40 kg of pommes: 10 kg come. */
    ck_assert_uint_eq(found(rep, NULL), 2);
    for (size_t i = 0; i < 2; i++) {
        terroir_route_violation v = {0};
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &v), 0);
        int fraises = !strcmp(v.product, "fraises");
        /* leaves at 0:00, before G's 10 kg come: all 40 kg short */
        assert_about(&v, TERROIR_VIOLATION_STOCK, fraises ? "fraises" : "pommes", "H1", 0,
                     fraises ? 12.5 : 40);
    }
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_stops_in_kg_only_check_the_hub_in_kg)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection(); /* F: 125 kg, ready 8:30 */
    size_t r = add_route(rs, "van", 1, 1, 480);
    terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
    double kg = 130;
    s.site = "P";
    s.has_quantities = 1;
    s.delivery = &kg;
    s.n_dimensions = 1;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
    terroir_route_report *rep = check(m, rs);
    /* 130 kg of goods leave at 8:00, 125 kg ever come: stock, in kg. */
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_STOCK, NULL, "H1", 480, 130);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    /* 100 kg at 10:00: in time, and no shelf life in kg (3 h). */
    rs = collection();
    r = add_route(rs, "van", 1, 1, 600);
    kg = 100;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
    rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_fleet_counts_vehicle_days_not_routes)
{
    terroir_model *m = sync_model();
    /* Two trips of van #1 on day 1: one (vehicle, day) pair of the 4. */
    terroir_routes *rs = collection();
    add_product_stop(rs, add_route(rs, "van", 0, 1, 500), "G", "pommes", 5);
    terroir_route_report *rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    /* van #3 does not exist. */
    add_product_stop(rs, add_route(rs, "van", 2, 2, 500), "G", "pommes", 5);
    rep = check(m, rs);
    terroir_route_violation v = only(rep);
    ck_assert_int_eq(v.kind, TERROIR_VIOLATION_FLEET_SIZE);
    ck_assert_uint_eq(v.route, 2);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_builder_functions_reject_bad_arguments)
{
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    size_t r;
    ck_assert_int_eq(terroir_routes_add(rs, "van", &r), 0);
    ck_assert_int_eq(terroir_routes_set_vehicle(NULL, 0, 0, 1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_set_vehicle(rs, 0, 0, 0), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_set_vehicle(rs, 5, 0, 1), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_routes_set_departure(NULL, 0, 1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_set_departure(rs, 0, -1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_set_departure(rs, 0, NAN), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_set_departure(rs, 1, 10), TERROIR_ENOTFOUND);
    terroir_route_self_delivery_spec sd = TERROIR_ROUTE_SELF_DELIVERY_SPEC_INIT;
    ck_assert_int_eq(terroir_route_self_delivery_spec_init(NULL, 1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_route_self_delivery_spec_init(&sd, 0), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_route_self_delivery_spec_init(&sd, 99), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_add_self_delivery(NULL, &sd), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_routes_add_self_delivery(rs, &sd), TERROIR_EINVAL); /* no ids */
    sd.producer = "F";
    sd.hub = "H1";
    sd.product = "fraises";
    sd.departure = 100;
    sd.arrival = 50;
    ck_assert_int_eq(terroir_routes_add_self_delivery(rs, &sd), TERROIR_EINVAL);
    sd.arrival = 150;
    sd.day = 0;
    ck_assert_int_eq(terroir_routes_add_self_delivery(rs, &sd), TERROIR_EINVAL);
    sd.day = 1;
    sd.version = 7;
    ck_assert_int_eq(terroir_routes_add_self_delivery(rs, &sd), TERROIR_EINVAL);
    ck_assert_uint_eq(rs->n_selfs, 0);
    /* stop products */
    terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
    s.site = "P";
    s.n_products = 2;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), TERROIR_EINVAL);
    terroir_route_stop_product bad[] = {{"fraises", 1}, {"pommes", -1}};
    s.products = bad;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), TERROIR_EINVAL);
    bad[1].product = NULL;
    bad[1].quantity = 1;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_routes_stop_count(rs, r), 0);
    /* a version 1 caller's products are not read */
    s.version = 1;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
    ck_assert_int_eq(rs->routes[r].stops[0].has_products, 0);
    terroir_routes_free(rs);
}
END_TEST

START_TEST(sync_unknown_product_is_an_input_error)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection();
    add_product_stop(rs, add_route(rs, "van", 1, 1, 500), "P", "bleuets", 1);
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check(&rep, m, rs), TERROIR_EINPUT);
    ck_assert_ptr_null(rep);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "unknown product 'bleuets'"));
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(sync_violation_version_1_callers_get_only_their_fields)
{
    terroir_model *m = sync_model();
    terroir_routes *rs = collection();
    add_product_stop(rs, add_route(rs, "van", 1, 1, 480), "P", "fraises", 25);
    terroir_route_report *rep = check(m, rs);
    struct {
        terroir_route_violation v;
        char guard[64];
    } old;
    memset(&old, 0x5a, sizeof old);
    old.v.version = 1;
    ck_assert_int_eq(terroir_route_report_get_violation(rep, 0, &old.v), 0);
    ck_assert_int_eq(old.v.kind, TERROIR_VIOLATION_SYNCHRONISATION);
    /* the version 2 fields and past them untouched */
    const unsigned char *tail = (const unsigned char *)&old.v.product;
    for (size_t i = 0; i < sizeof old - offsetof(terroir_route_violation, product); i++)
        ck_assert_uint_eq(tail[i], 0x5a);
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_SYNCHRONISATION),
                     "synchronisation");
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_STOCK), "stock");
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_SHELF_LIFE), "shelf_life");
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_VEHICLE_DAY),
                     "vehicle_day");
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_KIND_COUNT), "unknown");
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

/* ----------------------------------------------------------- routes files */

/* Load a routes file from text and check it. */
static terroir_route_report *check_yaml(const terroir_model *m, const char *text)
{
    terroir_routes *rs = NULL;
    terroir_diagnostics *d = NULL;
    int rc = terroir_routes_load_yaml_buffer(&rs, text, strlen(text), "r.yaml", NULL, &d);
    for (size_t i = 0; i < terroir_diagnostics_count(d); i++)
        fprintf(stderr, "  %s\n", terroir_diagnostics_get(d, i)->message);
    ck_assert_int_eq(rc, 0);
    terroir_diagnostics_free(d);
    terroir_route_report *rep = check(m, rs);
    terroir_routes_free(rs);
    return rep;
}

static const char yaml_head[] = "terroir_routes: 1\n"
                                "routes:\n"
                                "  - vehicle_type: van\n"
                                "    vehicle: 0\n"
                                "    day: 1\n"
                                "    departure: \"7:00\"\n"
                                "    stops: [F]\n";

static char *yaml_with(const char *tail)
{
    static char buf[2048];
    snprintf(buf, sizeof buf, "%s%s", yaml_head, tail);
    return buf;
}

START_TEST(sync_routes_file_flags_each_kind)
{
    terroir_model *m = sync_model();
    terroir_route_report *rep = check_yaml(m, yaml_with("  - vehicle_type: van\n"
                                                        "    vehicle: 1\n"
                                                        "    day: 1\n"
                                                        "    departure: 510\n"
                                                        "    stops:\n"
                                                        "      - site: P\n"
                                                        "        products: {fraises: 25}\n"));
    assert_clean(rep);
    terroir_route_report_free(rep);

    rep = check_yaml(m, yaml_with("  - vehicle_type: van\n"
                                  "    vehicle: 1\n"
                                  "    day: 1\n"
                                  "    departure: \"8:00\"\n"
                                  "    stops:\n"
                                  "      - site: P\n"
                                  "        products: {fraises: 25}\n"));
    terroir_route_violation v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SYNCHRONISATION, "fraises", "H1", 480, 12.5);
    terroir_route_report_free(rep);

    rep = check_yaml(m, yaml_with("  - vehicle_type: van\n"
                                  "    vehicle: 1\n"
                                  "    day: 1\n"
                                  "    departure: \"8:30\"\n"
                                  "    stops:\n"
                                  "      - site: P\n"
                                  "        products: {pommes: 110}\n"));
    v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_STOCK, "pommes", "H1", 510, 10);
    terroir_route_report_free(rep);

    rep = check_yaml(m, yaml_with("  - vehicle_type: van\n"
                                  "    vehicle: 1\n"
                                  "    day: 1\n"
                                  "    departure: \"10:00\"\n"
                                  "    stops: [P]\n"));
    v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SHELF_LIFE, "fraises", "H1", 630, 60);
    ck_assert_str_eq(v.site, "P");
    terroir_route_report_free(rep);

    rep = check_yaml(m, yaml_with("  - vehicle_type: van\n"
                                  "    vehicle: 0\n"
                                  "    day: 1\n"
                                  "    departure: \"8:05\"\n"
                                  "    stops: [G]\n"));
    v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_VEHICLE_DAY, NULL, "H1", 485, 10);
    terroir_route_report_free(rep);

    /* A self delivery on day 2 feeds a departure on day 2, not day 1. */
    rep = check_yaml(m, "terroir_routes: 1\n"
                        "routes:\n"
                        "  - vehicle_type: van\n"
                        "    day: 1\n"
                        "    departure: \"8:00\"\n"
                        "    stops:\n"
                        "      - site: P\n"
                        "        products: {pommes: 5}\n"
                        "self_deliveries:\n"
                        "  - {producer: G, hub: H1, product: pommes, quantity: 10, day: 2,\n"
                        "     departure: \"6:00\", arrival: \"6:20\"}\n");
    v = only(rep);
    assert_about(&v, TERROIR_VIOLATION_SYNCHRONISATION, "pommes", "H1", 480, 5);
    terroir_route_report_free(rep);
    terroir_model_free(m);
}
END_TEST

static void expect_error(const terroir_model *m, const char *text, unsigned long line,
                         unsigned long column, const char *words)
{
    terroir_routes *rs = NULL;
    terroir_diagnostics *d = NULL;
    int rc = terroir_routes_load_yaml_buffer(&rs, text, strlen(text), "r.yaml", NULL, &d);
    terroir_diagnostics_free(d);
    if (rc == 0) {
        terroir_route_report *rep = NULL;
        rc = terroir_route_check(&rep, m, rs);
        ck_assert_ptr_null(rep);
    }
    ck_assert_int_eq(rc, TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(strstr(e->message, words));
    ck_assert_str_eq(e->file, "r.yaml");
    ck_assert_uint_eq(e->line, line);
    ck_assert_uint_eq(e->column, column);
    terroir_routes_free(rs);
}

START_TEST(sync_routes_file_errors_name_their_position)
{
    terroir_model *m = sync_model();
    expect_error(m,
                 yaml_with("  - vehicle_type: van\n"
                           "    stops:\n"
                           "      - site: P\n"
                           "        products: {fraises: 2, bleuets: 1}\n"),
                 11, 32, "unknown product 'bleuets'");
    expect_error(m,
                 yaml_with("  - vehicle_type: van\n"
                           "    day: 3\n"
                           "    stops: [P]\n"),
                 9, 10, "day 3 is past the model's 2 operating days");
    expect_error(m,
                 yaml_with("  - vehicle_type: van\n"
                           "    day: 0\n"
                           "    stops: [P]\n"),
                 9, 10, "day must be 1 or more");
    expect_error(m,
                 yaml_with("  - vehicle_type: van\n"
                           "    departure: \"25h\"\n"
                           "    stops: [P]\n"),
                 9, 16, "malformed time");
    expect_error(m,
                 yaml_with("  - vehicle_type: van\n"
                           "    stops:\n"
                           "      - site: P\n"
                           "        products: {fraises: -2}\n"),
                 11, 29, "");
    expect_error(m,
                 yaml_with("self_deliveries:\n"
                           "  - producer: X\n"
                           "    hub: H1\n"
                           "    product: pommes\n"
                           "    departure: 0\n"
                           "    arrival: 10\n"),
                 9, 15, "unknown producer 'X'");
    expect_error(m,
                 yaml_with("self_deliveries:\n"
                           "  - producer: F\n"
                           "    hub: P\n"
                           "    product: pommes\n"
                           "    departure: 0\n"
                           "    arrival: 10\n"),
                 10, 10, "unknown hub 'P'");
    expect_error(m,
                 yaml_with("self_deliveries:\n"
                           "  - producer: F\n"
                           "    hub: H1\n"
                           "    product: pommes\n"
                           "    departure: 20\n"
                           "    arrival: 10\n"),
                 13, 14, "arrives before it leaves");
    expect_error(m,
                 yaml_with("self_deliveries:\n"
                           "  - producer: F\n"
                           "    hub: H1\n"
                           "    product: pommes\n"
                           "    departure: 0\n"
                           "    arrival: 1\n"
                           "    when: 20\n"),
                 14, 5, "when");
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ from plans */

START_TEST(sync_routes_from_a_plan_keep_products_vehicles_days_and_self_deliveries)
{
    terroir_model *m = sync_model();
    terroir_plan *p = plan__new(m);
    ck_assert_ptr_nonnull(p);
    p->routed = 1;
    /* The plan's id tables follow the model's (plan__new). */
    ck_assert_str_eq(p->vehicle_type_ids[0], "van");
    size_t site_p = 0, site_h1 = 0, site_f = 0;
    for (size_t s = 0; s < p->n_sites; s++) {
        if (!strcmp(p->site_ids[s], "P"))
            site_p = s;
        if (!strcmp(p->site_ids[s], "H1"))
            site_h1 = s;
        if (!strcmp(p->site_ids[s], "F"))
            site_f = s;
    }
    /* One delivery route, van #2 on day 2 at 6:00, P's fraises; F brings
     * them itself on day 2 at 5:50: there at 6:20 with cross-dock. */
    p->routes = core__calloc(1, sizeof *p->routes);
    p->n_routes = 1;
    plan_route *r = &p->routes[0];
    r->vehicle_type = 0;
    r->vehicle = 1;
    r->day = 2;
    r->hub = site_h1;
    r->departure = 360;
    r->stops = core__calloc(1, sizeof *r->stops);
    r->n_stops = 1;
    r->stops[0].site = site_p;
    r->stops[0].kind = TERROIR_STOP_DELIVERY;
    r->stops[0].delivery[TERROIR_DIMENSION_KG] = 12.5;
    r->stops[0].products = core__calloc(1, sizeof *r->stops[0].products);
    r->stops[0].n_products = 1;
    r->stops[0].products[0].product = 0;
    r->stops[0].products[0].quantity = 25;
    r->stops[0].products[0].kg = 12.5;
    p->self_deliveries = core__calloc(1, sizeof *p->self_deliveries);
    p->n_self_deliveries = 1;
    plan_self_delivery *sd = &p->self_deliveries[0];
    sd->producer = site_f;
    sd->hub = site_h1;
    sd->product = 0;
    sd->quantity = 25;
    sd->kg = 12.5;
    sd->day = 2;
    sd->departure = 320;
    sd->arrival = 350;

    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_from_plan(&rs, p), 0);
    ck_assert_int_eq(rs->food_hub, 1);
    ck_assert_uint_eq(rs->n_selfs, 1);
    ck_assert_int_eq(rs->routes[0].has_vehicle, 1);
    ck_assert_uint_eq(rs->routes[0].vehicle, 1);
    ck_assert_uint_eq(rs->routes[0].day, 2);
    ck_assert_double_eq_tol(rs->routes[0].not_before, 360, TOL);
    ck_assert_int_eq(rs->routes[0].stops[0].has_products, 1);
    ck_assert_str_eq(rs->routes[0].stops[0].products[0].product, "fraises");
    terroir_route_report *rep = check(m, rs);
    /* Leaves at 6:00 on day 2; the fraises are there from 6:20. */
    terroir_route_violation v = {0};
    v.version = TERROIR_ROUTE_VIOLATION_VERSION;
    size_t sync = 0;
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &v), 0);
        if (v.kind == TERROIR_VIOLATION_SYNCHRONISATION) {
            sync++;
            assert_about(&v, TERROIR_VIOLATION_SYNCHRONISATION, "fraises", "H1", 1440 + 360, 12.5);
        }
    }
    ck_assert_uint_eq(sync, 1);
    terroir_plan_route pr = {0};
    pr.version = TERROIR_PLAN_ROUTE_VERSION;
    ck_assert_int_eq(terroir_route_report_get_route(rep, 0, &pr), 0);
    ck_assert_uint_eq(pr.vehicle, 1);
    ck_assert_uint_eq(pr.day, 2);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    /* A plan with producers checks every hub: without the self delivery,
     * H1 has no inbound and the fraises are short all the same. */
    p->n_self_deliveries = 0;
    ck_assert_int_eq(terroir_routes_from_plan(&rs, p), 0);
    rep = check(m, rs);
    size_t stock = 0;
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &v), 0);
        stock += v.kind == TERROIR_VIOLATION_STOCK;
    }
    ck_assert_uint_eq(stock, 1);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    p->n_self_deliveries = 1;
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

static Suite *sync_suite(void)
{
    Suite *s = suite_create("sync");
    TCase *tc = tcase_create("check");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, sync_goods_leaving_after_they_are_ready_pass);
    tcase_add_test(tc, sync_goods_leaving_before_they_arrive_are_synchronisation);
    tcase_add_test(tc, sync_goods_ready_at_the_minute_a_route_leaves_go_with_it);
    tcase_add_test(tc, sync_departures_take_the_oldest_goods_first);
    tcase_add_test(tc, sync_more_out_than_ever_in_is_stock);
    tcase_add_test(tc, sync_goods_older_than_their_shelf_life_are_shelf_life);
    tcase_add_test(tc, sync_overlapping_trips_of_a_vehicle_are_vehicle_day);
    tcase_add_test(tc, sync_self_delivery_is_inbound_at_its_arrival);
    tcase_add_test(tc, sync_hub_without_inbound_in_a_delivery_set_is_not_checked);
    tcase_add_test(tc, sync_stops_in_kg_only_check_the_hub_in_kg);
    tcase_add_test(tc, sync_fleet_counts_vehicle_days_not_routes);
    tcase_add_test(tc, sync_builder_functions_reject_bad_arguments);
    tcase_add_test(tc, sync_unknown_product_is_an_input_error);
    tcase_add_test(tc, sync_violation_version_1_callers_get_only_their_fields);
    tcase_add_test(tc, sync_routes_file_flags_each_kind);
    tcase_add_test(tc, sync_routes_file_errors_name_their_position);
    tcase_add_test(tc, sync_routes_from_a_plan_keep_products_vehicles_days_and_self_deliveries);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sync_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
