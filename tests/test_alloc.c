/* Unit tests of the allocation stage (lib/alloc): hand-computed optima on
 * small planar networks (rate 1 per unit-km: one vehicle type per hub with
 * cost 1 per km and capacity 2 kg, which the cost model of alloc.h turns into
 * 2 * 1 / 2), hub capacity duals, unserved demand and its reasons, shelf
 * life, temperature compatibility, direct and self delivery, listed arcs,
 * and the column generation against GLPK's simplex on the plain LP of a
 * random network.  White-box: linked with the internal static library. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/model.h>

#include "alloc/alloc.h"
#include "alloc/alloc_internal.h"
#include "lp/lp.h"
#include "model/model_internal.h"

#define TOL 1e-6

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

static size_t add_product(terroir_model *m, const char *id, terroir_temperature t,
                          double shelf_hours)
{
    terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
    size_t k;
    s.id = id;
    s.temperature = t;
    s.shelf_life_hours = shelf_hours;
    ck_assert_int_eq(terroir_model_add_product(m, &s, &k), 0);
    return k;
}

static size_t add_producer(terroir_model *m, const char *id, double x, double y)
{
    terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    ck_assert_int_eq(terroir_model_add_producer(m, &s, &k), 0);
    return k;
}

/* A hub with a vehicle type carrying `temps` (bit set) at rate 1 per kg-km. */
static size_t add_hub(terroir_model *m, const char *id, double x, double y, double cap_ambient,
                      unsigned int temps)
{
    terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    char vid[64];
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    s.capacity_kg = (const double[]){cap_ambient}; /* ambient */
    s.n_temperatures = 1;
    ck_assert_int_eq(terroir_model_add_hub(m, &s, &k), 0);
    snprintf(vid, sizeof vid, "truck-%s", id);
    v.id = vid;
    v.home_hub = k;
    v.capacity = (const double[]){2}; /* kg */
    v.n_dimensions = 1;
    v.cost_per_km = 1;
    v.temperatures = temps;
    ck_assert_int_eq(terroir_model_add_vehicle_type(m, &v, NULL), 0);
    return k;
}

static size_t add_point(terroir_model *m, const char *id, double x, double y, double penalty)
{
    terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
    size_t k;
    s.id = id;
    s.location.has_location = 1;
    s.location.x = x;
    s.location.y = y;
    s.unserved_penalty_per_kg = penalty;
    ck_assert_int_eq(terroir_model_add_point(m, &s, &k), 0);
    return k;
}

static void validate(terroir_model *m)
{
    terroir_diagnostics *d = NULL;
    int rc = terroir_model_validate(m, &d);
    if (rc != 0 && terroir_diagnostics_count(d) > 0)
        ck_abort_msg("invalid test model: %s", terroir_diagnostics_get(d, 0)->message);
    terroir_diagnostics_free(d);
    ck_assert_int_eq(rc, 0);
}

static double flow_of(const alloc_result *r, size_t product, size_t producer, size_t hub,
                      size_t point)
{
    double q = 0;
    for (size_t k = 0; k < r->n_flows; k++) {
        const alloc_flow *f = &r->flows[k];
        if (f->product == product && f->producer == producer && f->hub == hub &&
            f->point == point)
            q += f->quantity;
    }
    return q;
}

static const alloc_unserved *unserved_of(const alloc_result *r, size_t point, size_t product)
{
    for (size_t k = 0; k < r->n_unserved; k++)
        if (r->unserved[k].point == point && r->unserved[k].product == product)
            return &r->unserved[k];
    return NULL;
}

static void teardown(void)
{
    lp__thread_cleanup();
}

/* The 2-producer / 2-hub / 3-point network of the header comment of
 * two_hubs_*: P1 (0,0) and P2 (10,0) supply 10 each; hubs H1 (2,0) and H2
 * (8,0); points A (2,3) 5, B (8,4) 5, C (4.5,0) 6. */
static terroir_model *two_hubs(double cap_h1)
{
    terroir_model *m = planar_model();
    size_t p = add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT, 0);
    size_t p1 = add_producer(m, "P1", 0, 0), p2 = add_producer(m, "P2", 10, 0);
    add_hub(m, "H1", 2, 0, cap_h1, 1u << TERROIR_TEMPERATURE_AMBIENT);
    add_hub(m, "H2", 8, 0, TERROIR_UNLIMITED, 1u << TERROIR_TEMPERATURE_AMBIENT);
    size_t a = add_point(m, "A", 2, 3, 100), b = add_point(m, "B", 8, 4, 100),
           c = add_point(m, "C", 4.5, 0, 100);
    ck_assert_int_eq(terroir_model_add_supply(m, p1, p, 10), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, p2, p, 10), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, p, 5), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, b, p, 5), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, c, p, 6), 0);
    validate(m);
    return m;
}

/* ------------------------------------------------------------------ tests */

/* Path costs = km (rate 1): A via P1-H1 = 2+3 = 5; B via P2-H2 = 2+4 = 6;
 * C via P1-H1 = 2+2.5 = 4.5, via P2-H2 = 2+3.5 = 5.5.  P1 (10) cannot serve
 * A and C (11): the cheapest fix moves one unit of C to P2-H2 (+1) rather
 * than A (+3.71).  Optimum 5*5 + 5*4.5 + 1*5.5 + 5*6 = 83. */
START_TEST(alloc_two_hubs_hand_computed_optimum)
{
    terroir_model *m = two_hubs(TERROIR_UNLIMITED);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 83.0, TOL);
    ck_assert_double_eq_tol(r.bound, 83.0, TOL);
    ck_assert_double_eq_tol(r.cost.transport, 83.0, TOL);
    ck_assert_double_eq_tol(r.cost.unserved_penalty, 0.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, 0, 0, 0, 0), 5.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, 0, 0, 0, 2), 5.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, 0, 1, 1, 2), 1.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, 0, 1, 1, 1), 5.0, TOL);
    ck_assert_uint_eq(r.n_unserved, 0);
    ck_assert_double_eq_tol(r.hubs[0].throughput_kg[0], 10.0, TOL);
    ck_assert_double_eq_tol(r.hubs[1].throughput_kg[0], 6.0, TOL);
    /* tonne-km: 5*5 + 5*4.5 + 1*5.5 + 5*6 kg-km */
    ck_assert_double_eq_tol(r.tonne_km, 83.0 / 1000.0, 1e-9);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* H1 limited to 8 kg: A (5) stays on H1 (moving it costs 3.71 per unit),
 * C gets 3 through H1 and 3 through H2 at +1 per unit: 25 + 13.5 + 16.5 +
 * 30 = 85, and one more kg at H1 saves exactly 1. */
START_TEST(alloc_capacity_binding_gives_its_dual)
{
    terroir_model *m = two_hubs(8);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 85.0, TOL);
    ck_assert_double_eq_tol(r.hubs[0].throughput_kg[0], 8.0, TOL);
    ck_assert_double_eq_tol(r.hubs[0].capacity_value_per_kg[0], 1.0, TOL);
    ck_assert_double_eq_tol(r.hubs[1].capacity_value_per_kg[0], 0.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, 0, 0, 0, 0), 5.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, 0, 1, 1, 2), 3.0, TOL);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* One hub of 3 kg between a producer of 100 and a point wanting 10: 3 are
 * served, 7 are not, because of the hub; no error. */
START_TEST(alloc_small_hub_leaves_demand_unserved_with_reason_hub_capacity)
{
    terroir_model *m = planar_model();
    size_t p = add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT, 0);
    size_t pr = add_producer(m, "P", 0, 0);
    add_hub(m, "tiny-hub", 1, 0, 3, 1u << TERROIR_TEMPERATURE_AMBIENT);
    size_t a = add_point(m, "A", 2, 0, 10);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, p, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, p, 10), 0);
    validate(m);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(flow_of(&r, p, pr, 0, a), 3.0, TOL);
    const alloc_unserved *u = unserved_of(&r, a, p);
    ck_assert_ptr_nonnull(u);
    ck_assert_double_eq_tol(u->quantity, 7.0, TOL);
    ck_assert_int_eq(u->reason, TERROIR_UNSERVED_HUB_CAPACITY);
    ck_assert_ptr_nonnull(strstr(u->detail, "tiny-hub"));
    /* 3 served at 2 per unit, 7 unserved at 10: one more kg saves 10 - 2 */
    ck_assert_double_eq_tol(r.objective, 3 * 2.0 + 7 * 10.0, TOL);
    ck_assert_double_eq_tol(r.hubs[0].capacity_value_per_kg[0], 8.0, TOL);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* Shelf life 6 minutes (minutes = km).  Hub H at 0; P1 at -1 (5 units), P2
 * at -4 (100); A at 4, B at 1, C at 10 (5, 5, 1).  Paths: P1-A 5 ok, P2-A 8
 * too long, P1-B 2, P2-B 5 ok, anything to C >= 11 too long.  Without the
 * shelf life, sending P1 to B and P2 to A costs the same; with it, A can
 * only get P1.  C stays unserved for the shelf life. */
START_TEST(alloc_shelf_life_excludes_long_paths_exactly)
{
    terroir_model *m = planar_model();
    size_t p = add_product(m, "milk", TERROIR_TEMPERATURE_AMBIENT, 0.1);
    size_t p1 = add_producer(m, "P1", -1, 0), p2 = add_producer(m, "P2", -4, 0);
    add_hub(m, "H", 0, 0, TERROIR_UNLIMITED, 1u << TERROIR_TEMPERATURE_AMBIENT);
    size_t a = add_point(m, "A", 4, 0, 100), b = add_point(m, "B", 1, 0, 100),
           c = add_point(m, "C", 10, 0, 100);
    ck_assert_int_eq(terroir_model_add_supply(m, p1, p, 5), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, p2, p, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, p, 5), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, b, p, 5), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, c, p, 1), 0);
    validate(m);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(flow_of(&r, p, p1, 0, a), 5.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, p, p2, 0, a), 0.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, p, p2, 0, b), 5.0, TOL);
    const alloc_unserved *u = unserved_of(&r, c, p);
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(u->reason, TERROIR_UNSERVED_SHELF_LIFE);
    ck_assert_double_eq_tol(u->quantity, 1.0, TOL);
    ck_assert_double_eq_tol(r.objective, 25.0 + 25.0 + 100.0, TOL);
    for (size_t k = 0; k < r.n_flows; k++)
        ck_assert_double_le(r.flows[k].km, 6.0 + 1e-9);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* Chilled lettuce may not go through the cheap hub whose truck carries
 * ambient only; frozen peas have no hub at all (compatibility). */
START_TEST(alloc_temperature_compatibility_routes_and_reasons)
{
    terroir_model *m = planar_model();
    size_t lettuce = add_product(m, "lettuce", TERROIR_TEMPERATURE_CHILLED, 0);
    size_t peas = add_product(m, "peas", TERROIR_TEMPERATURE_FROZEN, 0);
    size_t pr = add_producer(m, "P", 0, 0);
    add_hub(m, "dry", 1, 0, TERROIR_UNLIMITED, 1u << TERROIR_TEMPERATURE_AMBIENT);
    add_hub(m, "cold", 0, 3, TERROIR_UNLIMITED,
            (1u << TERROIR_TEMPERATURE_AMBIENT) | (1u << TERROIR_TEMPERATURE_CHILLED));
    size_t a = add_point(m, "A", 2, 0, 100);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, lettuce, 10), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, peas, 10), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, lettuce, 4), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, peas, 2), 0);
    validate(m);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(flow_of(&r, lettuce, pr, 1, a), 4.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, lettuce, pr, 0, a), 0.0, TOL);
    ck_assert_double_eq_tol(r.hubs[1].throughput_kg[TERROIR_TEMPERATURE_CHILLED], 4.0, TOL);
    const alloc_unserved *u = unserved_of(&r, a, peas);
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(u->reason, TERROIR_UNSERVED_COMPATIBILITY);
    ck_assert_double_eq_tol(u->quantity, 2.0, TOL);
    /* lettuce: 3 + sqrt(13) per unit */
    ck_assert_double_eq_tol(r.objective, 4 * (3 + sqrt(13.0)) + 2 * 100.0, TOL);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* A producer 3 km from the point, the hub 5 km off the line: direct (3 per
 * unit) beats the hub (5 + sqrt(34)) only when the producer delivers
 * directly. */
START_TEST(alloc_direct_delivery_skips_the_hub)
{
    for (int direct = 0; direct <= 1; direct++) {
        terroir_model *m = planar_model();
        size_t p = add_product(m, "veg", TERROIR_TEMPERATURE_CHILLED, 0);
        terroir_producer_spec ps = TERROIR_PRODUCER_SPEC_INIT;
        size_t pr;
        ps.id = "P";
        ps.location.has_location = 1;
        ps.direct_delivery = direct;
        ck_assert_int_eq(terroir_model_add_producer(m, &ps, &pr), 0);
        add_hub(m, "H", 0, 5, TERROIR_UNLIMITED,
                (1u << TERROIR_TEMPERATURE_AMBIENT) | (1u << TERROIR_TEMPERATURE_CHILLED));
        size_t a = add_point(m, "A", 3, 0, 100);
        ck_assert_int_eq(terroir_model_add_supply(m, pr, p, 10), 0);
        ck_assert_int_eq(terroir_model_add_demand(m, a, p, 2), 0);
        validate(m);
        alloc_result r;
        ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
        ck_assert_int_eq(r.status, LP_OPTIMAL);
        if (direct) {
            ck_assert_double_eq_tol(flow_of(&r, p, pr, MODEL_NONE, a), 2.0, TOL);
            ck_assert_double_eq_tol(r.objective, 6.0, TOL);
        } else {
            ck_assert_double_eq_tol(flow_of(&r, p, pr, 0, a), 2.0, TOL);
            ck_assert_double_eq_tol(r.objective, 2 * (5 + sqrt(34.0)), TOL);
        }
        alloc__result_free(&r);
        terroir_model_free(m);
    }
}
END_TEST

/* A producer that drives 4 kg to a hub 1 km away itself pays the first leg:
 * 4 of the 6 units reach the hub for free. */
START_TEST(alloc_self_delivery_is_free_up_to_its_limit)
{
    terroir_model *m = planar_model();
    size_t p = add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT, 0);
    terroir_producer_spec ps = TERROIR_PRODUCER_SPEC_INIT;
    size_t pr;
    ps.id = "P";
    ps.location.has_location = 1;
    ps.self_delivery_kg = 4;
    ps.self_delivery_km = 1.5;
    ck_assert_int_eq(terroir_model_add_producer(m, &ps, &pr), 0);
    add_hub(m, "H", 1, 0, TERROIR_UNLIMITED, 1u << TERROIR_TEMPERATURE_AMBIENT);
    size_t a = add_point(m, "A", 3, 0, 100);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, p, 10), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, p, 6), 0);
    validate(m);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    /* 4 * 2 (second leg only) + 2 * 3 (both legs) */
    ck_assert_double_eq_tol(r.objective, 14.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, p, pr, 0, a), 6.0, TOL);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* Listed arcs (no locations): supply -> H1 at 0, supply -> H2 at 1; H1 -> A
 * 3, H2 -> A 1, H1 -> B 1; no arc H2 -> B.  A: min(0+3, 1+1) = 2 via H2; B
 * only via H1 at 1.  Handling 0.5 per kg at H1.  kg_per_unit 2: costs per
 * unit double.  Objective = 5 * 2 * 2 + 3 * (1 + 0.5) * 2 = 29. */
START_TEST(alloc_listed_arcs_use_only_their_costs)
{
    terroir_model *m = NULL;
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.arcs = TERROIR_ARCS_LISTED;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    terroir_product_spec ps = TERROIR_PRODUCT_SPEC_INIT;
    ps.id = "box";
    ps.kg_per_unit = 2;
    size_t p, pr, h1, h2, a, b, s_pr, s_h1, s_h2, s_a, s_b;
    ck_assert_int_eq(terroir_model_add_product(m, &ps, &p), 0);
    terroir_producer_spec prs = TERROIR_PRODUCER_SPEC_INIT;
    prs.id = "supply";
    ck_assert_int_eq(terroir_model_add_producer(m, &prs, &pr), 0);
    terroir_hub_spec hs = TERROIR_HUB_SPEC_INIT;
    hs.id = "H1";
    hs.handling_cost_per_kg = 0.5;
    ck_assert_int_eq(terroir_model_add_hub(m, &hs, &h1), 0);
    hs.id = "H2";
    hs.handling_cost_per_kg = 0;
    ck_assert_int_eq(terroir_model_add_hub(m, &hs, &h2), 0);
    terroir_point_spec pts = TERROIR_POINT_SPEC_INIT;
    pts.id = "A";
    pts.unserved_penalty_per_kg = 100;
    ck_assert_int_eq(terroir_model_add_point(m, &pts, &a), 0);
    pts.id = "B";
    ck_assert_int_eq(terroir_model_add_point(m, &pts, &b), 0);
    terroir_model_site_index(m, TERROIR_SITE_PRODUCER, pr, &s_pr);
    terroir_model_site_index(m, TERROIR_SITE_HUB, h1, &s_h1);
    terroir_model_site_index(m, TERROIR_SITE_HUB, h2, &s_h2);
    terroir_model_site_index(m, TERROIR_SITE_POINT, a, &s_a);
    terroir_model_site_index(m, TERROIR_SITE_POINT, b, &s_b);
    ck_assert_int_eq(terroir_model_add_arc(m, s_pr, s_h1, 0, -1), 0);
    ck_assert_int_eq(terroir_model_add_arc(m, s_pr, s_h2, 1, -1), 0);
    ck_assert_int_eq(terroir_model_add_arc(m, s_h1, s_a, 3, -1), 0);
    ck_assert_int_eq(terroir_model_add_arc(m, s_h2, s_a, 1, -1), 0);
    ck_assert_int_eq(terroir_model_add_arc(m, s_h1, s_b, 1, -1), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, p, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, p, 5), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, b, p, 3), 0);
    validate(m);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    ck_assert_int_eq(r.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(r.objective, 29.0, TOL);
    ck_assert_double_eq_tol(r.cost.handling, 3.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, p, pr, h2, a), 5.0, TOL);
    ck_assert_double_eq_tol(flow_of(&r, p, pr, h1, b), 3.0, TOL);
    ck_assert_double_eq_tol(r.hubs[h1].throughput_kg[0], 6.0, TOL);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* Demand of a product that nobody grows: reason no_supply; a point whose
 * penalty is below the cheapest path: reason cost. */
START_TEST(alloc_reasons_no_supply_and_cost)
{
    terroir_model *m = planar_model();
    size_t veg = add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT, 0);
    size_t honey = add_product(m, "honey", TERROIR_TEMPERATURE_AMBIENT, 0);
    size_t pr = add_producer(m, "P", 0, 0);
    add_hub(m, "H", 1, 0, TERROIR_UNLIMITED, 1u << TERROIR_TEMPERATURE_AMBIENT);
    size_t near = add_point(m, "near", 2, 0, 100), far = add_point(m, "far", 50, 0, 3);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, veg, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, near, honey, 1), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, near, veg, 1), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, far, veg, 1), 0);
    validate(m);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    const alloc_unserved *u = unserved_of(&r, near, honey);
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(u->reason, TERROIR_UNSERVED_NO_SUPPLY);
    u = unserved_of(&r, far, veg);
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(u->reason, TERROIR_UNSERVED_COST);
    ck_assert_ptr_null(unserved_of(&r, near, veg));
    ck_assert_uint_eq(r.n_unserved, 2);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* Two points, one producer short of supply: the point with the higher
 * penalty is served, the other is left for reason supply_short. */
START_TEST(alloc_reason_supply_short)
{
    terroir_model *m = planar_model();
    size_t p = add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT, 0);
    size_t pr = add_producer(m, "P", 0, 0);
    add_hub(m, "H", 1, 0, TERROIR_UNLIMITED, 1u << TERROIR_TEMPERATURE_AMBIENT);
    size_t a = add_point(m, "A", 2, 0, 40), b = add_point(m, "B", 2, 1, 10);
    ck_assert_int_eq(terroir_model_add_supply(m, pr, p, 5), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, a, p, 5), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, b, p, 5), 0);
    validate(m);
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
    ck_assert_double_eq_tol(flow_of(&r, p, pr, 0, a), 5.0, TOL);
    const alloc_unserved *u = unserved_of(&r, b, p);
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(u->reason, TERROIR_UNSERVED_SUPPLY_SHORT);
    ck_assert_double_eq_tol(u->quantity, 5.0, TOL);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* hub_open: closing H1 of the two-hub network sends everything through H2. */
START_TEST(alloc_respects_hub_open)
{
    terroir_model *m = two_hubs(TERROIR_UNLIMITED);
    unsigned char open[2] = {0, 1};
    alloc_result r;
    ck_assert_int_eq(alloc__solve(m, open, NULL, &r), 0);
    ck_assert_int_eq(r.hubs[0].open, 0);
    ck_assert_double_eq_tol(r.hubs[0].throughput_kg[0], 0.0, TOL);
    ck_assert_double_eq_tol(r.hubs[1].throughput_kg[0], 16.0, TOL);
    for (size_t k = 0; k < r.n_flows; k++)
        ck_assert_uint_eq(r.flows[k].hub, 1);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ random networks */

static unsigned long rng_state;
static double rnd(void)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)((rng_state >> 11) & ((1UL << 53) - 1)) / (double)(1UL << 53);
}

/* A random network with everything in it: 3 products (one chilled with a
 * short shelf life), capacities, self and direct delivery. */
static terroir_model *random_network(unsigned long seed, size_t n_prod, size_t n_hub,
                                     size_t n_pt)
{
    terroir_model *m = planar_model();
    rng_state = seed;
    size_t p0 = add_product(m, "grain", TERROIR_TEMPERATURE_AMBIENT, 0);
    size_t p1 = add_product(m, "milk", TERROIR_TEMPERATURE_CHILLED, 1.2);
    size_t p2 = add_product(m, "fish", TERROIR_TEMPERATURE_FROZEN, 0);
    size_t prods[3] = {p0, p1, p2};
    for (size_t i = 0; i < n_prod; i++) {
        terroir_producer_spec ps = TERROIR_PRODUCER_SPEC_INIT;
        char id[32];
        size_t k;
        snprintf(id, sizeof id, "prod%zu", i);
        ps.id = id;
        ps.location.has_location = 1;
        ps.location.x = rnd() * 100;
        ps.location.y = rnd() * 100;
        ps.direct_delivery = rnd() < 0.15;
        if (rnd() < 0.2) {
            ps.self_delivery_kg = 20 * rnd();
            ps.self_delivery_km = 40;
        }
        ck_assert_int_eq(terroir_model_add_producer(m, &ps, &k), 0);
        for (int t = 0; t < 3; t++)
            if (rnd() < 0.6)
                ck_assert_int_eq(terroir_model_add_supply(m, k, prods[t], 5 + 40 * rnd()), 0);
    }
    for (size_t h = 0; h < n_hub; h++) {
        terroir_hub_spec hs = TERROIR_HUB_SPEC_INIT;
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        char id[32], vid[32];
        size_t k;
        snprintf(id, sizeof id, "hub%zu", h);
        hs.id = id;
        hs.location.has_location = 1;
        hs.location.x = rnd() * 100;
        hs.location.y = rnd() * 100;
        hs.handling_cost_per_kg = 0.1 * rnd();
        double capacity_kg[TERROIR_TEMPERATURE_COUNT];
        capacity_kg[0] = 100 + 300 * rnd();
        capacity_kg[1] = h % 3 == 0 ? 0 : 50 + 200 * rnd();
        capacity_kg[2] = TERROIR_UNLIMITED;
        hs.capacity_kg = capacity_kg;
        hs.n_temperatures = TERROIR_TEMPERATURE_COUNT;
        ck_assert_int_eq(terroir_model_add_hub(m, &hs, &k), 0);
        snprintf(vid, sizeof vid, "v%zu", h);
        v.id = vid;
        v.home_hub = k;
        double capacity = 500 + 1000 * rnd(); /* kg */
        v.capacity = &capacity;
        v.n_dimensions = 1;
        v.cost_per_km = 1 + rnd();
        v.co2_kg_per_km = 0.3;
        v.temperatures = 7u;
        ck_assert_int_eq(terroir_model_add_vehicle_type(m, &v, NULL), 0);
    }
    for (size_t j = 0; j < n_pt; j++) {
        terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
        char id[32];
        size_t k;
        snprintf(id, sizeof id, "pt%zu", j);
        s.id = id;
        s.location.has_location = 1;
        s.location.x = rnd() * 100;
        s.location.y = rnd() * 100;
        s.priority = 1 + (unsigned)(rnd() * 5);
        ck_assert_int_eq(terroir_model_add_point(m, &s, &k), 0);
        for (int t = 0; t < 3; t++)
            if (rnd() < 0.7)
                ck_assert_int_eq(terroir_model_add_demand(m, k, prods[t], 1 + 20 * rnd()), 0);
    }
    terroir_settings st = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &st), 0);
    st.co2_price = 0.05;
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    validate(m);
    return m;
}

/* The column generation reaches the optimum of GLPK's simplex on the plain
 * LP (every arc), on random networks with every feature. */
START_TEST(alloc_column_generation_matches_plain_lp)
{
    for (unsigned long seed = 1; seed <= 4; seed++) {
        terroir_model *m = random_network(seed, 40, 6, 60);
        alloc_network net;
        alloc_sol plain;
        alloc_result r;
        ck_assert_int_eq(net__build(&net, m, NULL), 0);
        ck_assert_int_eq(alloc__plain_solve(&net, NULL, &plain), 0);
        ck_assert_int_eq(plain.status, LP_OPTIMAL);
        ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), 0);
        ck_assert_int_eq(r.status, LP_OPTIMAL);
        ck_assert_msg(fabs(r.objective - plain.objective) <= 1e-7 * (1 + fabs(plain.objective)),
                      "seed %lu: column generation %.10g, plain LP %.10g", seed, r.objective,
                      plain.objective);
        /* flows add up: served + unserved = demand, per point and product */
        double served = 0, unserved = 0, demand = 0;
        for (size_t k = 0; k < r.n_flows; k++)
            served += r.flows[k].quantity;
        for (size_t k = 0; k < r.n_unserved; k++)
            unserved += r.unserved[k].quantity;
        for (size_t k = 0; k < net.n_prods; k++)
            for (size_t d = 0; d < net.prods[k].n_dem; d++)
                demand += net.prods[k].dem_qty[d];
        ck_assert_double_eq_tol(served + unserved, demand, 1e-6 * demand);
        /* capacities hold */
        for (size_t h = 0; h < net.n_hubs; h++)
            for (int c = 0; c < 3; c++) {
                double cap = m->hubs[h].capacity_kg[c];
                if (cap >= 0)
                    ck_assert_double_le(r.hubs[h].throughput_kg[c], cap * (1 + 1e-9) + 1e-9);
            }
        alloc__result_free(&r);
        alloc__sol_free(&plain);
        net__free(&net);
        terroir_model_free(m);
    }
}
END_TEST

/* Flows and unserved lines account for every demand line exactly, and no
 * producer ships more than its supply. */
static void expect_balanced(const terroir_model *m, const alloc_result *r)
{
    for (size_t j = 0; j < m->n_points; j++)
        for (size_t k = 0; k < m->points[j].n_demand; k++) {
            const model_line *d = &m->points[j].demand[k];
            double got = 0;
            for (size_t f = 0; f < r->n_flows; f++)
                if (r->flows[f].point == j && r->flows[f].product == d->product)
                    got += r->flows[f].quantity;
            for (size_t u = 0; u < r->n_unserved; u++)
                if (r->unserved[u].point == j && r->unserved[u].product == d->product)
                    got += r->unserved[u].quantity;
            ck_assert_double_eq_tol(got, d->quantity, 1e-6 * (1 + d->quantity));
        }
    for (size_t i = 0; i < m->n_producers; i++)
        for (size_t k = 0; k < m->producers[i].n_supply; k++) {
            const model_line *s = &m->producers[i].supply[k];
            double sent = 0;
            for (size_t f = 0; f < r->n_flows; f++)
                if (r->flows[f].producer == i && r->flows[f].product == s->product)
                    sent += r->flows[f].quantity;
            ck_assert_double_le(sent, s->quantity * (1 + 1e-9) + 1e-9);
        }
}

/* A time limit too short for any LP still returns an allocation: the
 * greedy one (flows, not everything unserved), balanced, and a valid
 * bound. */
START_TEST(alloc_time_limit_returns_feasible_and_bound)
{
    terroir_model *m = random_network(7, 40, 6, 60);
    alloc_params p;
    alloc_result r;
    memset(&p, 0, sizeof p);
    p.time_limit_seconds = 1e-9;
    ck_assert_int_eq(alloc__solve(m, NULL, &p, &r), 0);
    ck_assert(r.status == LP_FEASIBLE || r.status == LP_OPTIMAL);
    ck_assert(isfinite(r.objective));
    ck_assert_double_le(r.bound, r.objective + 1e-9);
    ck_assert_double_ge(r.bound, 0.0);
    ck_assert_uint_gt(r.n_flows, 0);
    expect_balanced(m, &r);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

static int stop_now(double incumbent, double bound, void *data)
{
    (void)incumbent;
    (void)bound;
    (*(int *)data)++;
    return 1;
}

/* The progress callback stops the column generation: a feasible plan and a
 * bound come back. */
START_TEST(alloc_progress_callback_can_stop)
{
    terroir_model *m = random_network(8, 40, 6, 60);
    alloc_params p;
    alloc_result r;
    int calls = 0;
    memset(&p, 0, sizeof p);
    p.progress = stop_now;
    p.progress_data = &calls;
    ck_assert_int_eq(alloc__solve(m, NULL, &p, &r), 0);
    ck_assert_int_ge(calls, 1);
    ck_assert_int_eq(r.status, LP_FEASIBLE);
    ck_assert_double_le(r.bound, r.objective + 1e-9);
    ck_assert_uint_gt(r.n_flows, 0);
    expect_balanced(m, &r);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

START_TEST(alloc_rejects_null_and_unvalidated_models)
{
    terroir_model *m = planar_model();
    alloc_result r;
    ck_assert_int_eq(alloc__solve(NULL, NULL, NULL, &r), TERROIR_EINVAL);
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, &r), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(terroir_error_last());
    ck_assert_int_eq(alloc__solve(m, NULL, NULL, NULL), TERROIR_EINVAL);
    alloc__result_free(NULL);
    terroir_model_free(m);
}
END_TEST

/* The plain LP written for other solvers is a readable CPLEX LP file. */
START_TEST(alloc_writes_the_plain_lp)
{
    terroir_model *m = two_hubs(8);
    char path[] = "/tmp/terroir_alloc_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    alloc_params p;
    alloc_result r;
    memset(&p, 0, sizeof p);
    p.write_lp_path = path;
    ck_assert_int_eq(alloc__solve(m, NULL, &p, &r), 0);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "inimize"));
    remove(path);
    alloc__result_free(&r);
    terroir_model_free(m);
}
END_TEST

static Suite *alloc_suite(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("alloc");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, alloc_two_hubs_hand_computed_optimum);
    tcase_add_test(tc, alloc_capacity_binding_gives_its_dual);
    tcase_add_test(tc, alloc_small_hub_leaves_demand_unserved_with_reason_hub_capacity);
    tcase_add_test(tc, alloc_shelf_life_excludes_long_paths_exactly);
    tcase_add_test(tc, alloc_temperature_compatibility_routes_and_reasons);
    tcase_add_test(tc, alloc_direct_delivery_skips_the_hub);
    tcase_add_test(tc, alloc_self_delivery_is_free_up_to_its_limit);
    tcase_add_test(tc, alloc_listed_arcs_use_only_their_costs);
    tcase_add_test(tc, alloc_reasons_no_supply_and_cost);
    tcase_add_test(tc, alloc_reason_supply_short);
    tcase_add_test(tc, alloc_respects_hub_open);
    tcase_add_test(tc, alloc_column_generation_matches_plain_lp);
    tcase_add_test(tc, alloc_time_limit_returns_feasible_and_bound);
    tcase_add_test(tc, alloc_progress_callback_can_stop);
    tcase_add_test(tc, alloc_rejects_null_and_unvalidated_models);
    tcase_add_test(tc, alloc_writes_the_plain_lp);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(alloc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
