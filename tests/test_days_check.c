/* Unit tests of the route checker's days and overnight storage (issue 11
 * item 2; lib/route/route_days_check.c): DAY for a delivery, a pickup and
 * a self delivery on a day their site does not receive or ship; STORAGE
 * per hub, class and night, the cycle's last night not counted, goods
 * delivered the day they come not held; a hub with a stop in kg only; the
 * same from a routes file; and what the plan JSON carries for the
 * independent checker (benchmarks/sync/check_sync.py).  The model's day
 * lists and storage limits are set in its internals after validation
 * (white-box, linked with the internal static library), so that these
 * tests do not depend on the builder's wiring of the new spec fields. */
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

/* The model, planar, 60 km/h (minutes = km), 3 operating days:
 *   hub H1 at (0,0), always open, cross-dock 30 min;
 *   producer F at (0,30): pommes 100 kg (ambient), lait 50 kg (chilled);
 *   producer G at (0,-20): pommes 10 kg;
 *   point P at (30,0): pommes 40 kg, lait 20 kg;
 *   van at H1: 2 vehicles, 1000 kg, ambient and chilled, one trip a day.
 * No service times: a route leaving at 7:00 (420) is at F at 7:30 (450)
 * and back at 8:00 (480). */
static terroir_model *days_model(void)
{
    terroir_model *m = NULL;
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.coordinates = TERROIR_COORDINATES_PLANAR;
    st.speed_kmh = 60;
    st.operating_days = 3;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    size_t prod[2];
    const char *ids[] = {"pommes", "lait"};
    for (int i = 0; i < 2; i++) {
        terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
        s.id = ids[i];
        s.temperature = i == 0 ? TERROIR_TEMPERATURE_AMBIENT : TERROIR_TEMPERATURE_CHILLED;
        ck_assert_int_eq(terroir_model_add_product(m, &s, &prod[i]), 0);
    }
    size_t hub;
    terroir_hub_spec hs = TERROIR_HUB_SPEC_INIT;
    hs.id = "H1";
    hs.location.has_location = 1;
    ck_assert_int_eq(terroir_model_add_hub(m, &hs, &hub), 0);
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
    ck_assert_int_eq(terroir_model_add_supply(m, pr[0], prod[0], 100), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, pr[0], prod[1], 50), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, pr[1], prod[0], 10), 0);
    terroir_point_spec ps = TERROIR_POINT_SPEC_INIT;
    ps.id = "P";
    ps.location.has_location = 1;
    ps.location.x = 30;
    size_t pt;
    ck_assert_int_eq(terroir_model_add_point(m, &ps, &pt), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, pt, prod[0], 40), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, pt, prod[1], 20), 0);
    terroir_vehicle_type_spec vs = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    vs.id = "van";
    vs.home_hub = hub;
    vs.count = 2;
    vs.capacity = (const double[]){1000};
    vs.n_dimensions = 1;
    vs.temperatures = 1u << TERROIR_TEMPERATURE_AMBIENT | 1u << TERROIR_TEMPERATURE_CHILLED;
    ck_assert_int_eq(terroir_model_add_vehicle_type(m, &vs, NULL), 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        ck_assert(m->hubs[0].storage_kg[t] == TERROIR_UNLIMITED);
    return m;
}

/* A day list into a model's internals (what the builder will store). */
static void set_days(unsigned int **days, size_t *n, size_t count, const unsigned int *list)
{
    free(*days);
    *days = count ? malloc(count * sizeof **days) : NULL;
    if (count)
        ck_assert_ptr_nonnull(*days);
    for (size_t i = 0; i < count; i++)
        (*days)[i] = list[i];
    *n = count;
}

static model_producer *producer(terroir_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_producers; i++)
        if (!strcmp(m->producers[i].base.id, id))
            return &m->producers[i];
    ck_abort_msg("no producer %s", id);
    return NULL;
}

/* H1 keeps 60 kg ambient and 30 kg chilled overnight; frozen unlimited. */
static void limit_storage(terroir_model *m)
{
    m->hubs[0].storage_kg[TERROIR_TEMPERATURE_AMBIENT] = 60;
    m->hubs[0].storage_kg[TERROIR_TEMPERATURE_CHILLED] = 30;
}

static size_t add_route(terroir_routes *rs, size_t vehicle, unsigned day, double departure)
{
    size_t r;
    ck_assert_int_eq(terroir_routes_add(rs, "van", &r), 0);
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

/* F's whole supply collected by van #1 on `day` at 7:00 (back 8:00). */
static terroir_routes *collection(unsigned day)
{
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    add_id_stop(rs, add_route(rs, 0, day, 420), "F");
    return rs;
}

/* P's demand delivered by van #2 on `day`, leaving at `departure`. */
static void delivery(terroir_routes *rs, unsigned day, double departure)
{
    add_id_stop(rs, add_route(rs, 1, day, departure), "P");
}

static terroir_route_report *check(const terroir_model *m, const terroir_routes *rs)
{
    terroir_route_report *rep = NULL;
    ck_assert_int_eq(terroir_route_check(&rep, m, rs), 0);
    ck_assert_ptr_nonnull(rep);
    return rep;
}

/* The violations of the report other than missing stops (the sets here
 * leave G out on purpose), in report order, into out[max]; their number. */
static size_t found(const terroir_route_report *rep, terroir_route_violation *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        terroir_route_violation v = {0};
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ck_assert_int_eq(terroir_route_report_get_violation(rep, i, &v), 0);
        if (v.kind == TERROIR_VIOLATION_MISSING_STOP)
            continue;
        fprintf(stderr, "  %s: %s\n", terroir_violation_kind_to_string(v.kind), v.detail);
        if (n < max)
            out[n] = v;
        n++;
    }
    return n;
}

static void assert_clean(const terroir_route_report *rep)
{
    ck_assert_uint_eq(found(rep, NULL, 0), 0);
}

static void assert_about(const terroir_route_violation *v, terroir_violation_kind kind,
                         const char *site, const char *hub, double time, double amount)
{
    ck_assert_int_eq(v->kind, kind);
    if (site)
        ck_assert_str_eq(v->site, site);
    else
        ck_assert_ptr_null(v->site);
    ck_assert_ptr_null(v->product);
    ck_assert_str_eq(v->hub, hub);
    ck_assert_double_eq_tol(v->time, time, TOL);
    ck_assert_double_eq_tol(v->amount, amount, TOL);
}

/* ------------------------------------------------------------------ DAY */

START_TEST(days_delivery_on_a_day_the_point_does_not_receive_is_day)
{
    terroir_model *m = days_model();
    set_days(&m->points[0].delivery_days, &m->points[0].n_delivery_days, 2,
             (const unsigned[]){1, 3});
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    delivery(rs, 2, 420); /* at P 7:30 on day 2: 60 kg */
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v[4];
    ck_assert_uint_eq(found(rep, v, 4), 1);
    assert_about(&v[0], TERROIR_VIOLATION_DAY, "P", "H1", 1440 + 450, 60);
    ck_assert_uint_eq(v[0].route, 0);
    ck_assert_uint_eq(v[0].stop, 0);
    ck_assert_str_eq(v[0].detail,
                     "point 'P' receives on days 1, 3; route 1 delivers 60 kg there on day 2");
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    /* On day 3 it receives. */
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    delivery(rs, 3, 420);
    rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(days_pickup_on_a_day_the_producer_does_not_ship_is_day)
{
    terroir_model *m = days_model();
    model_producer *f = producer(m, "F");
    set_days(&f->pickup_days, &f->n_pickup_days, 1, (const unsigned[]){2});
    terroir_routes *rs = collection(1); /* at F 7:30 on day 1: 150 kg */
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v[4];
    ck_assert_uint_eq(found(rep, v, 4), 1);
    assert_about(&v[0], TERROIR_VIOLATION_DAY, "F", "H1", 450, 150);
    ck_assert_uint_eq(v[0].route, 0);
    ck_assert_uint_eq(v[0].stop, 0);
    ck_assert_str_eq(v[0].detail,
                     "producer 'F' ships on day 2; route 1 collects 150 kg there on day 1");
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    rs = collection(2);
    rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

static void add_self(terroir_routes *rs, unsigned day)
{
    terroir_route_self_delivery_spec sd = TERROIR_ROUTE_SELF_DELIVERY_SPEC_INIT;
    sd.producer = "G";
    sd.hub = "H1";
    sd.product = "pommes";
    sd.quantity = 10;
    sd.day = day;
    sd.departure = 360;
    sd.arrival = 380;
    ck_assert_int_eq(terroir_routes_add_self_delivery(rs, &sd), 0);
}

START_TEST(days_self_delivery_on_a_day_the_producer_does_not_ship_is_day)
{
    terroir_model *m = days_model();
    model_producer *g = producer(m, "G");
    set_days(&g->pickup_days, &g->n_pickup_days, 1, (const unsigned[]){3});
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    add_self(rs, 2);
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v[4];
    ck_assert_uint_eq(found(rep, v, 4), 1);
    assert_about(&v[0], TERROIR_VIOLATION_DAY, "G", "H1", 1440 + 380, 10);
    ck_assert_uint_eq(v[0].route, TERROIR_ROUTE_NONE);
    ck_assert_str_eq(v[0].detail, "producer 'G' ships on day 3; it brings 10 kg of 'pommes' to "
                                  "hub 'H1' itself on day 2");
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    add_self(rs, 3);
    rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

/* -------------------------------------------------------------- STORAGE */

START_TEST(days_goods_held_overnight_above_storage_are_storage_per_class_and_night)
{
    terroir_model *m = days_model();
    limit_storage(m);
    /* Collected on day 1, never delivered: 100 kg of pommes and 50 kg of
     * lait stay at H1 at the end of days 1 and 2 (day 3 ends the cycle). */
    terroir_routes *rs = collection(1);
    terroir_route_report *rep = check(m, rs);
    terroir_route_violation v[8];
    ck_assert_uint_eq(found(rep, v, 8), 4);
    assert_about(&v[0], TERROIR_VIOLATION_STORAGE, NULL, "H1", 1440, 40);
    assert_about(&v[1], TERROIR_VIOLATION_STORAGE, NULL, "H1", 2880, 40);
    assert_about(&v[2], TERROIR_VIOLATION_STORAGE, NULL, "H1", 1440, 20);
    assert_about(&v[3], TERROIR_VIOLATION_STORAGE, NULL, "H1", 2880, 20);
    ck_assert_uint_eq(v[0].route, TERROIR_ROUTE_NONE);
    ck_assert_str_eq(v[0].detail, "hub 'H1' holds 100 kg of ambient goods at the end of day 1, "
                                  "above its overnight storage of 60 kg for them (40 kg over)");
    ck_assert_str_eq(v[2].detail, "hub 'H1' holds 50 kg of chilled goods at the end of day 1, "
                                  "above its overnight storage of 30 kg for them (20 kg over)");
    terroir_route_report_free(rep);

    /* P's 40 kg of pommes and 20 kg of lait leave on day 2: the second
     * night holds 60 and 30 kg, within the limits. */
    delivery(rs, 2, 420);
    rep = check(m, rs);
    ck_assert_uint_eq(found(rep, v, 8), 2);
    assert_about(&v[0], TERROIR_VIOLATION_STORAGE, NULL, "H1", 1440, 40);
    assert_about(&v[1], TERROIR_VIOLATION_STORAGE, NULL, "H1", 1440, 20);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);

    /* Unlimited (the default): nothing is checked. */
    m->hubs[0].storage_kg[TERROIR_TEMPERATURE_AMBIENT] = TERROIR_UNLIMITED;
    m->hubs[0].storage_kg[TERROIR_TEMPERATURE_CHILLED] = TERROIR_UNLIMITED;
    rs = collection(1);
    rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(days_goods_delivered_the_day_they_come_are_not_held)
{
    terroir_model *m = days_model();
    limit_storage(m);
    /* Collected 8:00 on day 1, P's share leaves 8:30: 60 kg and 30 kg stay. */
    terroir_routes *rs = collection(1);
    delivery(rs, 1, 510);
    terroir_route_report *rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    /* The self delivery's 10 kg of pommes (day 1, 6:20) tip the ambient
     * class over on both nights, by its kg exactly. */
    rs = collection(1);
    delivery(rs, 1, 510);
    add_self(rs, 1);
    rep = check(m, rs);
    terroir_route_violation v[4];
    ck_assert_uint_eq(found(rep, v, 4), 2);
    assert_about(&v[0], TERROIR_VIOLATION_STORAGE, NULL, "H1", 1440, 10);
    assert_about(&v[1], TERROIR_VIOLATION_STORAGE, NULL, "H1", 2880, 10);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(days_the_last_night_of_the_cycle_is_not_counted)
{
    terroir_model *m = days_model();
    limit_storage(m);
    terroir_routes *rs = collection(3); /* day 3 of 3: the cycle ends */
    terroir_route_report *rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    rs = collection(2); /* day 2: held at the end of day 2 only */
    rep = check(m, rs);
    terroir_route_violation v[4];
    ck_assert_uint_eq(found(rep, v, 4), 2);
    assert_about(&v[0], TERROIR_VIOLATION_STORAGE, NULL, "H1", 2880, 40);
    assert_about(&v[1], TERROIR_VIOLATION_STORAGE, NULL, "H1", 2880, 20);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    /* A one-day cycle has no night to check. */
    m->settings.operating_days = 1;
    rs = collection(1);
    rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(days_stops_in_kg_only_check_storage_over_all_classes)
{
    terroir_model *m = days_model();
    limit_storage(m);
    terroir_routes *rs = NULL;
    ck_assert_int_eq(terroir_routes_new(&rs), 0);
    size_t r = add_route(rs, 0, 1, 420);
    terroir_route_stop_spec s = TERROIR_ROUTE_STOP_SPEC_INIT;
    double kg = 150;
    s.site = "F";
    s.has_quantities = 1;
    s.pickup = &kg;
    s.n_dimensions = 1;
    ck_assert_int_eq(terroir_routes_add_stop(rs, r, &s), 0);
    /* Frozen unlimited: the sum of the limits is unlimited. */
    terroir_route_report *rep = check(m, rs);
    assert_clean(rep);
    terroir_route_report_free(rep);
    /* 60 + 30 + 0 kg over all classes: 150 kg is 60 over, both nights. */
    m->hubs[0].storage_kg[TERROIR_TEMPERATURE_FROZEN] = 0;
    rep = check(m, rs);
    terroir_route_violation v[4];
    ck_assert_uint_eq(found(rep, v, 4), 2);
    assert_about(&v[0], TERROIR_VIOLATION_STORAGE, NULL, "H1", 1440, 60);
    assert_about(&v[1], TERROIR_VIOLATION_STORAGE, NULL, "H1", 2880, 60);
    ck_assert_ptr_nonnull(strstr(v[0].detail, "over all classes"));
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(days_routes_file_flags_day_and_storage)
{
    terroir_model *m = days_model();
    limit_storage(m);
    model_producer *f = producer(m, "F");
    set_days(&f->pickup_days, &f->n_pickup_days, 2, (const unsigned[]){1, 2});
    set_days(&m->points[0].delivery_days, &m->points[0].n_delivery_days, 1, (const unsigned[]){2});
    static const char text[] = "terroir_routes: 1\n"
                               "routes:\n"
                               "  - vehicle_type: van\n"
                               "    vehicle: 0\n"
                               "    day: 1\n"
                               "    departure: \"7:00\"\n"
                               "    stops: [F]\n"
                               "  - vehicle_type: van\n"
                               "    vehicle: 1\n"
                               "    day: 1\n"
                               "    departure: \"8:30\"\n"
                               "    stops:\n"
                               "      - site: P\n"
                               "        products: {pommes: 10}\n";
    terroir_routes *rs = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(terroir_routes_load_yaml_buffer(&rs, text, strlen(text), "r.yaml", NULL, &d),
                     0);
    terroir_diagnostics_free(d);
    terroir_route_report *rep = check(m, rs);
    /* P receives on day 2 only: 10 kg at 9:00 of day 1.  H1 keeps 90 kg
     * of pommes (30 over) and 50 kg of lait (20 over) both nights. */
    terroir_route_violation v[8];
    ck_assert_uint_eq(found(rep, v, 8), 5);
    assert_about(&v[0], TERROIR_VIOLATION_DAY, "P", "H1", 540, 10);
    ck_assert_uint_eq(v[0].route, 1);
    assert_about(&v[1], TERROIR_VIOLATION_STORAGE, NULL, "H1", 1440, 30);
    assert_about(&v[2], TERROIR_VIOLATION_STORAGE, NULL, "H1", 2880, 30);
    assert_about(&v[3], TERROIR_VIOLATION_STORAGE, NULL, "H1", 1440, 20);
    assert_about(&v[4], TERROIR_VIOLATION_STORAGE, NULL, "H1", 2880, 20);
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
    terroir_model_free(m);
}
END_TEST

START_TEST(days_kinds_have_names)
{
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_DAY), "day");
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_STORAGE), "storage");
    ck_assert_str_eq(terroir_violation_kind_to_string(TERROIR_VIOLATION_KIND_COUNT), "unknown");
}
END_TEST

/* ------------------------------------------------------------ plan JSON */

START_TEST(days_plan_json_carries_days_storage_and_classes)
{
    terroir_model *m = days_model();
    limit_storage(m);
    model_producer *f = producer(m, "F");
    set_days(&f->pickup_days, &f->n_pickup_days, 2, (const unsigned[]){1, 3});
    set_days(&m->points[0].delivery_days, &m->points[0].n_delivery_days, 1, (const unsigned[]){2});
    terroir_plan *p = plan__new(m);
    ck_assert_ptr_nonnull(p);
    /* what the solve fills for each hub (solve_fill.c) */
    p->hubs = core__calloc(1, sizeof *p->hubs);
    ck_assert_ptr_nonnull(p->hubs);
    p->n_hubs = 1;
    p->hubs[0].site = m->hubs[0].base.site;
    memcpy(p->hubs[0].storage_kg, m->hubs[0].storage_kg, sizeof p->hubs[0].storage_kg);
    char *json = NULL;
    size_t len = 0;
    ck_assert_int_eq(terroir_plan_write_json_buffer(&json, &len, p), 0);
    /* compact: no spaces to depend on */
    char *c = json, *o = json;
    for (; *c; c++)
        if (*c != ' ' && *c != '\n')
            *o++ = *c;
    *o = '\0';
    ck_assert_ptr_nonnull(strstr(json, "\"operating_days\":3"));
    ck_assert_ptr_nonnull(strstr(json, "\"storage_kg\":{\"ambient\":60,\"chilled\":30}"));
    ck_assert_ptr_nonnull(strstr(json, "\"id\":\"lait\",\"shelf_life_hours\":0,"
                                       "\"temperature\":\"chilled\""));
    ck_assert_ptr_nonnull(strstr(json, "\"points\":[{\"id\":\"P\",\"delivery_days\":[2]}]"));
    ck_assert_ptr_nonnull(strstr(json, "\"producers\":[{\"id\":\"F\",\"pickup_days\":[1,3]}]"));
    free(json);
    /* the YAML plan mirrors the JSON */
    char *yaml = NULL;
    ck_assert_int_eq(terroir_plan_write_yaml_buffer(&yaml, &len, p), 0);
    ck_assert_ptr_nonnull(strstr(yaml, "operating_days: 3\n"));
    ck_assert_ptr_nonnull(strstr(yaml, "storage_kg:\n"));
    ck_assert_ptr_nonnull(strstr(yaml, "delivery_days:\n"));
    ck_assert_ptr_nonnull(strstr(yaml, "pickup_days:\n"));
    free(yaml);
    /* every day and unlimited: nothing written */
    terroir_plan_free(p);
    set_days(&f->pickup_days, &f->n_pickup_days, 0, NULL);
    set_days(&m->points[0].delivery_days, &m->points[0].n_delivery_days, 0, NULL);
    p = plan__new(m);
    ck_assert_ptr_nonnull(p);
    p->hubs = core__calloc(1, sizeof *p->hubs);
    ck_assert_ptr_nonnull(p->hubs);
    p->n_hubs = 1;
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        p->hubs[0].storage_kg[t] = TERROIR_UNLIMITED;
    ck_assert_int_eq(terroir_plan_write_json_buffer(&json, &len, p), 0);
    ck_assert_ptr_null(strstr(json, "storage_kg"));
    ck_assert_ptr_null(strstr(json, "delivery_days"));
    ck_assert_ptr_null(strstr(json, "pickup_days"));
    free(json);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

static Suite *days_suite(void)
{
    Suite *s = suite_create("days_check");
    TCase *tc = tcase_create("check");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, days_delivery_on_a_day_the_point_does_not_receive_is_day);
    tcase_add_test(tc, days_pickup_on_a_day_the_producer_does_not_ship_is_day);
    tcase_add_test(tc, days_self_delivery_on_a_day_the_producer_does_not_ship_is_day);
    tcase_add_test(tc, days_goods_held_overnight_above_storage_are_storage_per_class_and_night);
    tcase_add_test(tc, days_goods_delivered_the_day_they_come_are_not_held);
    tcase_add_test(tc, days_the_last_night_of_the_cycle_is_not_counted);
    tcase_add_test(tc, days_stops_in_kg_only_check_storage_over_all_classes);
    tcase_add_test(tc, days_routes_file_flags_day_and_storage);
    tcase_add_test(tc, days_kinds_have_names);
    tcase_add_test(tc, days_plan_json_carries_days_storage_and_classes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(days_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
