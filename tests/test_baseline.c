/* The no-hub baseline (include/terroir/baseline.h), through the public API
 * only: tiny planar models whose baseline is known by hand (1 km = 1 minute
 * at 60 km/h), the accounting of the goods (direct deliveries, flows the
 * plan's routes did not carry, classes the producers' vehicle does not
 * carry, points it cannot reach), determinism for a seed, and the error
 * paths. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#define TOL 1e-6

/* The base model, not validated yet:
 *
 *   P2 (-10,0)   H (0,0)   P1 (10,0)        producers and the hub
 *   J2 (-10,10)            J1 (10,10)       points
 *
 * P1 supplies 100 kg of product a, which only J1 wants; P2 100 kg of b,
 * which only J2 wants; H has one van (1,000 kg, ambient).  So the plan's
 * flows are P1 -> H -> J1 and P2 -> H -> J2, and each producer alone
 * drives 10 km out and 10 km back. */
typedef struct tiny {
    terroir_model *m;
    size_t a, b, h, p1, p2, j1, j2, van;
} tiny;

static size_t add_site(terroir_model *m, terroir_site_kind kind, const char *id, double x,
                       double y)
{
    size_t k = 0;
    terroir_location loc = {1, 0.0, 0.0, x, y};
    if (kind == TERROIR_SITE_PRODUCER) {
        terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
        s.id = id;
        s.location = loc;
        ck_assert_int_eq(terroir_model_add_producer(m, &s, &k), 0);
    } else if (kind == TERROIR_SITE_HUB) {
        terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
        s.id = id;
        s.location = loc;
        ck_assert_int_eq(terroir_model_add_hub(m, &s, &k), 0);
    } else {
        terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
        s.id = id;
        s.location = loc;
        ck_assert_int_eq(terroir_model_add_point(m, &s, &k), 0);
    }
    return k;
}

/* Where the sites are and what limits them (the base model: BASE). */
typedef struct layout {
    double p1[2], p2[2], j1[2], j2[2];
    double j2_close;        /* J2 closes at this minute; < 0: no window */
    int p1_direct;          /* P1 may deliver straight to points */
    double van_max_minutes; /* 0: no limit */
    unsigned int days;      /* operating days (0: the default, 1) */
} layout;
static const layout BASE = {{10, 0}, {-10, 0}, {10, 10}, {-10, 10}, -1, 0, 0, 0};

static tiny tiny_build(const layout *g)
{
    tiny t;
    memset(&t, 0, sizeof t);
    ck_assert_int_eq(terroir_model_new(&t.m), 0);
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.coordinates = TERROIR_COORDINATES_PLANAR;
    if (g->days)
        st.operating_days = g->days;
    ck_assert_int_eq(terroir_model_set_settings(t.m, &st), 0);
    terroir_product_spec pa = TERROIR_PRODUCT_SPEC_INIT, pb = TERROIR_PRODUCT_SPEC_INIT;
    pa.id = "a";
    pb.id = "b";
    ck_assert_int_eq(terroir_model_add_product(t.m, &pa, &t.a), 0);
    ck_assert_int_eq(terroir_model_add_product(t.m, &pb, &t.b), 0);
    t.h = add_site(t.m, TERROIR_SITE_HUB, "h", 0, 0);
    terroir_producer_spec ps = TERROIR_PRODUCER_SPEC_INIT;
    ps.id = "p1";
    ps.location = (terroir_location){1, 0.0, 0.0, g->p1[0], g->p1[1]};
    ps.direct_delivery = g->p1_direct;
    ck_assert_int_eq(terroir_model_add_producer(t.m, &ps, &t.p1), 0);
    t.p2 = add_site(t.m, TERROIR_SITE_PRODUCER, "p2", g->p2[0], g->p2[1]);
    t.j1 = add_site(t.m, TERROIR_SITE_POINT, "j1", g->j1[0], g->j1[1]);
    t.j2 = add_site(t.m, TERROIR_SITE_POINT, "j2", g->j2[0], g->j2[1]);
    ck_assert_int_eq(terroir_model_add_supply(t.m, t.p1, t.a, 100), 0);
    ck_assert_int_eq(terroir_model_add_supply(t.m, t.p2, t.b, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(t.m, t.j1, t.a, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(t.m, t.j2, t.b, 100), 0);
    if (g->j2_close >= 0)
        ck_assert_int_eq(
            terroir_model_add_time_window(t.m, TERROIR_SITE_POINT, t.j2, 0, g->j2_close), 0);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "van";
    v.home_hub = t.h;
    v.count = 4;
    v.capacity = (const double[]){1000}; /* kg */
    v.n_dimensions = 1;
    v.max_duration_minutes = g->van_max_minutes;
    ck_assert_int_eq(terroir_model_add_vehicle_type(t.m, &v, &t.van), 0);
    return t;
}

static tiny tiny_new(void)
{
    return tiny_build(&BASE);
}

static void validate(tiny *t)
{
    terroir_diagnostics *d = NULL;
    int rc = terroir_model_validate(t->m, &d);
    ck_assert_msg(rc == 0, "validate: %s",
                  terroir_diagnostics_count(d) ? terroir_diagnostics_get(d, 0)->message : "?");
    terroir_diagnostics_free(d);
}

/* A deterministic solve (iterations, no time limit). */
static terroir_plan *solve(const terroir_model *m)
{
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.route_iterations = 200;
    terroir_plan *p = NULL;
    int rc = terroir_solve(&p, m, &o);
    ck_assert_msg(rc == 0, "solve: %s", terroir_error_last() ? terroir_error_last()->message : "?");
    return p;
}

/* Round numbers: 1 per km, 60 per hour (1 per minute), 5 per route, 0.5 kg
 * CO2 per km, no capacity limit; deterministic search. */
static terroir_baseline_options round_options(void)
{
    terroir_baseline_options o;
    ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION), 0);
    static const double unlimited[TERROIR_DIMENSION_COUNT] = {
        TERROIR_UNLIMITED, TERROIR_UNLIMITED, TERROIR_UNLIMITED};
    o.capacity = unlimited;
    o.n_dimensions = TERROIR_DIMENSION_COUNT;
    o.fixed_cost = 5;
    o.cost_per_km = 1;
    o.cost_per_hour = 60;
    o.co2_kg_per_km = 0.5;
    o.iterations = 200;
    return o;
}

/* The kg by class of the last run() (the caller's array of the result). */
static double by_class[TERROIR_TEMPERATURE_COUNT];

static terroir_baseline run(const terroir_model *m, const terroir_plan *p,
                            const terroir_baseline_options *o)
{
    terroir_baseline b;
    ck_assert_int_eq(terroir_baseline_init(&b, TERROIR_BASELINE_VERSION), 0);
    ck_assert_ptr_null(b.delivered_kg_by_class);
    b.delivered_kg_by_class = by_class;
    b.n_temperatures = TERROIR_TEMPERATURE_COUNT;
    int rc = terroir_baseline_direct(&b, m, p, o);
    ck_assert_msg(rc == 0, "baseline: %s",
                  terroir_error_last() ? terroir_error_last()->message : "?");
    return b;
}

/* Every kg of the plan's flows is delivered by the baseline, undelivered
 * by it, lost by the plan's routes, or delivered directly in the plan. */
static void expect_goods_balance(const terroir_plan *p, const terroir_baseline *b)
{
    double flows = 0;
    for (size_t i = 0; i < terroir_plan_flow_count(p); i++) {
        terroir_plan_flow f;
        memset(&f, 0, sizeof f);
        f.version = TERROIR_PLAN_FLOW_VERSION;
        ck_assert_int_eq(terroir_plan_get_flow(p, i, &f), 0);
        flows += f.kg;
    }
    double classes = 0;
    for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++)
        classes += b->delivered_kg_by_class[c];
    ck_assert_double_eq_tol(classes, b->delivered_kg, TOL);
    ck_assert_double_eq_tol(b->delivered_kg + b->undelivered_kg + b->plan_lost_kg + b->direct_kg,
                            flows, TOL);
}

/* The plan side of the comparison is the plan's routes. */
static void expect_plan_side(const terroir_plan *p, const terroir_baseline *b)
{
    terroir_plan_summary s;
    ck_assert_int_eq(terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION), 0);
    ck_assert_int_eq(terroir_plan_get_summary(p, &s), 0);
    ck_assert_uint_eq(b->plan_routes, terroir_plan_route_count(p));
    ck_assert_double_eq_tol(b->plan_km, s.routed_km, TOL);
    ck_assert_double_eq_tol(b->plan_minutes, s.routed_minutes, TOL);
    ck_assert_double_eq_tol(b->plan_cost, s.routed_cost, TOL);
    if (b->plan_routes && b->routes) {
        ck_assert_double_eq_tol(b->route_reduction,
                                1.0 - (double)b->plan_routes / (double)b->routes, TOL);
        ck_assert_double_eq_tol(b->km_reduction, 1.0 - b->plan_km / b->km, TOL);
    } else {
        ck_assert(isnan(b->route_reduction) && isnan(b->km_reduction));
    }
}

START_TEST(baseline_of_two_producers_is_known_by_hand)
{
    tiny t = tiny_new();
    validate(&t);
    terroir_plan *p = solve(t.m);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(p), 0);
    terroir_baseline_options o = round_options();
    terroir_baseline b = run(t.m, p, &o);
    ck_assert_uint_eq(b.producers, 2);
    ck_assert_uint_eq(b.stops, 2);
    ck_assert_uint_eq(b.routes, 2);
    ck_assert_double_eq_tol(b.km, 40, TOL);
    ck_assert_double_eq_tol(b.minutes, 40, TOL);
    ck_assert_double_eq_tol(b.cost, 2 * 5 + 40 + 40, TOL);
    ck_assert_double_eq_tol(b.co2_kg, 20, TOL);
    /* 0.1 t over 10 km out, empty back, twice */
    ck_assert_double_eq_tol(b.tonne_km, 2, TOL);
    ck_assert_double_eq_tol(b.delivered_kg, 200, TOL);
    ck_assert_double_eq_tol(b.delivered_kg_by_class[TERROIR_TEMPERATURE_AMBIENT], 200, TOL);
    ck_assert_double_eq_tol(b.undelivered_kg, 0, TOL);
    ck_assert_uint_eq(b.unserved_stops, 0);
    ck_assert_double_eq_tol(b.direct_kg, 0, TOL);
    ck_assert_double_eq_tol(b.plan_lost_kg, 0, TOL);
    ck_assert_uint_gt(b.plan_routes, 0);
    ck_assert(b.plan_tonne_km > 0);
    ck_assert(b.seconds >= 0);
    expect_goods_balance(p, &b);
    expect_plan_side(p, &b);
    terroir_plan_free(p);
    terroir_model_free(t.m);
}
END_TEST

START_TEST(baseline_splits_goods_larger_than_the_vehicle)
{
    tiny t = tiny_new();
    validate(&t);
    terroir_plan *p = solve(t.m);
    terroir_baseline_options o = round_options();
    o.capacity = (const double[]){40}; /* kg; 100 kg: three trips of 33.3 kg */
    o.n_dimensions = 1;
    terroir_baseline b = run(t.m, p, &o);
    ck_assert_uint_eq(b.stops, 6);
    ck_assert_uint_eq(b.routes, 6);
    ck_assert_double_eq_tol(b.km, 120, TOL);
    ck_assert_double_eq_tol(b.tonne_km, 2, TOL);
    ck_assert_double_eq_tol(b.delivered_kg, 200, TOL);
    expect_goods_balance(p, &b);
    terroir_plan_free(p);
    terroir_model_free(t.m);
}
END_TEST

START_TEST(baseline_serves_points_in_line_on_one_route)
{
    /* J3 (10,20) also wants 50 kg of a; P1 has 150: P1 drives
     * (10,0) -> J1 -> J3 -> back, 10 + 10 + 20 km, in one route. */
    tiny t = tiny_new();
    size_t j3 = add_site(t.m, TERROIR_SITE_POINT, "j3", 10, 20);
    ck_assert_int_eq(terroir_model_add_demand(t.m, j3, t.a, 50), 0);
    ck_assert_int_eq(terroir_model_add_supply(t.m, t.p1, t.a, 50), 0);
    validate(&t);
    terroir_plan *p = solve(t.m);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(p), 0);
    terroir_baseline_options o = round_options();
    terroir_baseline b = run(t.m, p, &o);
    ck_assert_uint_eq(b.stops, 3);
    ck_assert_uint_eq(b.routes, 2);
    ck_assert_double_eq_tol(b.km, 40 + 20, TOL);
    /* P1: 0.15 t for 10 km, 0.05 t for 10 km; P2: 0.1 t for 10 km */
    ck_assert_double_eq_tol(b.tonne_km, 1.5 + 0.5 + 1.0, TOL);
    expect_goods_balance(p, &b);
    expect_plan_side(p, &b);
    terroir_plan_free(p);
    terroir_model_free(t.m);
}
END_TEST

START_TEST(baseline_leaves_undelivered_what_the_farm_cannot_reach)
{
    /* J2 closes at minute 15: the hub (14.1 km away) reaches it with goods
     * collected the day before (two operating days: goods leave a hub only
     * once they are there), P2 moved to (-10,-10) (20 km away) cannot, even
     * alone. */
    layout g = BASE;
    g.p2[1] = -10;
    g.j2_close = 15;
    g.days = 2;
    tiny t = tiny_build(&g);
    validate(&t);
    terroir_plan *p = solve(t.m);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(p), 0);
    terroir_baseline_options o = round_options();
    terroir_baseline b = run(t.m, p, &o);
    ck_assert_uint_eq(b.producers, 1);
    ck_assert_uint_eq(b.routes, 1);
    ck_assert_double_eq_tol(b.km, 20, TOL);
    ck_assert_double_eq_tol(b.delivered_kg, 100, TOL);
    ck_assert_double_eq_tol(b.undelivered_kg, 100, TOL);
    ck_assert_uint_eq(b.unserved_stops, 1);
    expect_goods_balance(p, &b);
    terroir_plan_free(p);
    terroir_model_free(t.m);
}
END_TEST

START_TEST(baseline_leaves_undelivered_the_classes_the_vehicle_does_not_carry)
{
    tiny t = tiny_new();
    validate(&t);
    terroir_plan *p = solve(t.m);
    terroir_baseline_options o = round_options();
    o.temperatures = 1u << TERROIR_TEMPERATURE_FROZEN; /* the goods are ambient */
    terroir_baseline b = run(t.m, p, &o);
    ck_assert_uint_eq(b.routes, 0);
    ck_assert_uint_eq(b.producers, 0);
    ck_assert_double_eq_tol(b.km, 0, TOL);
    ck_assert_double_eq_tol(b.undelivered_kg, 200, TOL);
    ck_assert_uint_eq(b.unserved_stops, 2);
    ck_assert(isnan(b.route_reduction) && isnan(b.km_reduction));
    expect_goods_balance(p, &b);
    terroir_plan_free(p);
    terroir_model_free(t.m);
}
END_TEST

START_TEST(baseline_leaves_out_the_goods_the_plan_did_not_route)
{
    /* The van may drive 20 minutes: H -> J2 -> H takes 28.3, so the plan
     * leaves J2's delivery unserved; J1 moved to (5,5) stays in reach.
     * The baseline moves only what the plan delivered: P1's 100 kg over
     * 2 x 7.07 km. */
    layout g = BASE;
    g.j1[0] = g.j1[1] = 5;
    g.van_max_minutes = 20;
    tiny t = tiny_build(&g);
    validate(&t);
    terroir_plan *p = solve(t.m);
    ck_assert_uint_eq(terroir_plan_unserved_stop_count(p), 1);
    terroir_baseline_options o = round_options();
    terroir_baseline b = run(t.m, p, &o);
    ck_assert_double_eq_tol(b.plan_lost_kg, 100, TOL);
    ck_assert_double_eq_tol(b.delivered_kg, 100, TOL);
    ck_assert_uint_eq(b.routes, 1);
    ck_assert_double_eq_tol(b.km, 2 * sqrt(50.0), TOL);
    expect_goods_balance(p, &b);
    expect_plan_side(p, &b);
    terroir_plan_free(p);
    terroir_model_free(t.m);
}
END_TEST

START_TEST(baseline_leaves_out_the_plans_direct_deliveries)
{
    /* P1 may deliver straight to J1: 10 km against 24.1 through H. */
    layout g = BASE;
    g.p1_direct = 1;
    tiny t = tiny_build(&g);
    validate(&t);
    terroir_plan *p = solve(t.m);
    terroir_baseline_options o = round_options();
    terroir_baseline b = run(t.m, p, &o);
    ck_assert_double_eq_tol(b.direct_kg, 100, TOL);
    ck_assert_uint_eq(b.producers, 1);
    ck_assert_uint_eq(b.routes, 1);
    ck_assert_double_eq_tol(b.km, 20, TOL);
    expect_goods_balance(p, &b);
    terroir_plan_free(p);
    terroir_model_free(t.m);
}
END_TEST

/* Two producers and twelve points on a circle, 90-140 kg each, in a
 * 300 kg vehicle: several routes per producer, a real search. */
static terroir_model *ring(void)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.coordinates = TERROIR_COORDINATES_PLANAR;
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    terroir_product_spec pa = TERROIR_PRODUCT_SPEC_INIT;
    pa.id = "a";
    size_t a = 0, h = 0, i1 = 0, i2 = 0;
    ck_assert_int_eq(terroir_model_add_product(m, &pa, &a), 0);
    h = add_site(m, TERROIR_SITE_HUB, "h", 0, 0);
    i1 = add_site(m, TERROIR_SITE_PRODUCER, "p1", 3, 1);
    i2 = add_site(m, TERROIR_SITE_PRODUCER, "p2", -2, -3);
    double total = 0;
    for (int k = 0; k < 12; k++) {
        char id[16];
        snprintf(id, sizeof id, "j%d", k);
        double angle = 2 * 3.14159265358979 * k / 12.0, q = 90 + 50 * ((k * 7) % 12) / 11.0;
        size_t j = add_site(m, TERROIR_SITE_POINT, id, 20 * cos(angle), 20 * sin(angle));
        ck_assert_int_eq(terroir_model_add_demand(m, j, a, q), 0);
        total += q;
    }
    ck_assert_int_eq(terroir_model_add_supply(m, i1, a, total / 2 + 1), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, i2, a, total / 2 + 1), 0);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "truck";
    v.home_hub = h;
    v.count = 4;
    v.capacity = (const double[]){2000}; /* kg */
    v.n_dimensions = 1;
    ck_assert_int_eq(terroir_model_add_vehicle_type(m, &v, NULL), 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    return m;
}

START_TEST(baseline_is_the_same_for_the_same_seed)
{
    terroir_model *m = ring();
    terroir_plan *p = solve(m);
    terroir_baseline_options o = round_options();
    o.capacity = (const double[]){300}; /* kg */
    o.n_dimensions = 1;
    o.seed = 7;
    terroir_baseline x = run(m, p, &o), y = run(m, p, &o);
    ck_assert_uint_gt(x.routes, 2);
    ck_assert_uint_eq(x.routes, y.routes);
    ck_assert_uint_eq(x.stops, y.stops);
    ck_assert(x.km == y.km && x.cost == y.cost && x.minutes == y.minutes);
    ck_assert(x.tonne_km == y.tonne_km && x.co2_kg == y.co2_kg);
    expect_goods_balance(p, &x);
    expect_plan_side(p, &x);
    /* A time limit alone also gives a complete baseline. */
    o.iterations = 0;
    o.time_limit_seconds = 0.5;
    terroir_baseline z = run(m, p, &o);
    ck_assert_double_eq_tol(z.delivered_kg, x.delivered_kg, TOL);
    ck_assert_uint_eq(z.stops, x.stops);
    terroir_plan_free(p);
    terroir_model_free(m);
}
END_TEST

START_TEST(baseline_init_functions_reject_bad_arguments)
{
    terroir_baseline_options o;
    terroir_baseline b;
    ck_assert_int_eq(terroir_baseline_options_init(NULL, 1), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(terroir_error_last());
    ck_assert_int_eq(terroir_baseline_options_init(&o, 0), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION + 1),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_init(NULL, 1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_init(&b, 0), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_init(&b, TERROIR_BASELINE_VERSION + 1), TERROIR_EINVAL);
    /* The macro and the function agree. */
    terroir_baseline_options macro = TERROIR_BASELINE_OPTIONS_INIT;
    ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION), 0);
    ck_assert_ptr_null(terroir_error_last());
    ck_assert(o.version == macro.version && o.iterations == macro.iterations &&
              o.seed == macro.seed && o.polish == macro.polish &&
              o.cost_per_km == macro.cost_per_km && o.cost_per_hour == macro.cost_per_hour &&
              o.max_duration_minutes == macro.max_duration_minutes &&
              o.co2_kg_per_km == macro.co2_kg_per_km && o.log == NULL);
    ck_assert_ptr_null(o.capacity); /* the default vehicle's: 1200 kg, 10 m3, 3 pallets */
    ck_assert_uint_eq(o.n_dimensions, 0);
    ck_assert_uint_eq(o.temperatures, 7u);
    ck_assert_int_eq(terroir_baseline_init(&b, TERROIR_BASELINE_VERSION), 0);
    ck_assert(isnan(b.route_reduction) && b.routes == 0);
}
END_TEST

START_TEST(baseline_direct_rejects_bad_arguments)
{
    tiny t = tiny_new();
    validate(&t);
    terroir_plan *p = solve(t.m);
    terroir_baseline b;
    ck_assert_int_eq(terroir_baseline_init(&b, TERROIR_BASELINE_VERSION), 0);
    b.km = 123; /* written only on success */
    ck_assert_int_eq(terroir_baseline_direct(NULL, t.m, p, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_direct(&b, NULL, p, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, NULL, NULL), TERROIR_EINVAL);
    b.version = 0;
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, NULL), TERROIR_EINVAL);
    b.version = TERROIR_BASELINE_VERSION;

    terroir_baseline_options o;
    ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION), 0);
    o.version = 0;
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, &o), TERROIR_EINVAL);
    const double bad_capacity[] = {0.0, -2.0, NAN, INFINITY};
    for (size_t k = 0; k < sizeof bad_capacity / sizeof bad_capacity[0]; k++) {
        ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION), 0);
        const double capacity[] = {1200.0, bad_capacity[k]}; /* kg, m3 */
        o.capacity = capacity;
        o.n_dimensions = 2;
        ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, &o), TERROIR_EINVAL);
    }
    ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION), 0);
    o.cost_per_km = -1;
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, &o), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION), 0);
    o.speed_kmh = NAN;
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, &o), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION), 0);
    o.time_limit_seconds = -1;
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, &o), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_baseline_options_init(&o, TERROIR_BASELINE_OPTIONS_VERSION), 0);
    o.temperatures = 0;
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, &o), TERROIR_EINVAL);
    o.temperatures = 1u << TERROIR_TEMPERATURE_COUNT;
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, &o), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(terroir_error_last());

    /* A model that is not validated. */
    terroir_model *copy = NULL;
    ck_assert_int_eq(terroir_model_clone(&copy, t.m), 0);
    ck_assert_int_eq(terroir_baseline_direct(&b, copy, p, NULL), TERROIR_EINVAL);
    /* A model with other sites, or another product, than the plan's. */
    size_t extra = 0;
    terroir_product_spec pc = TERROIR_PRODUCT_SPEC_INIT;
    pc.id = "c";
    ck_assert_int_eq(terroir_model_add_product(copy, &pc, &extra), 0);
    ck_assert_int_eq(terroir_model_validate(copy, NULL), 0);
    ck_assert_int_eq(terroir_baseline_direct(&b, copy, p, NULL), TERROIR_EINVAL);
    terroir_model_free(copy);
    tiny other = tiny_new();
    add_site(other.m, TERROIR_SITE_POINT, "j9", 0, 10);
    validate(&other);
    ck_assert_int_eq(terroir_baseline_direct(&b, other.m, p, NULL), TERROIR_EINVAL);
    terroir_model_free(other.m);
    ck_assert_double_eq(b.km, 123);

    /* NULL options: the defaults. */
    ck_assert_int_eq(terroir_baseline_direct(&b, t.m, p, NULL), 0);
    ck_assert_ptr_null(terroir_error_last());
    ck_assert_uint_eq(b.routes, 2);
    ck_assert_double_eq_tol(b.km, 40, TOL);
    terroir_plan_free(p);
    terroir_model_free(t.m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("baseline");
    TCase *tc = tcase_create("baseline");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, baseline_of_two_producers_is_known_by_hand);
    tcase_add_test(tc, baseline_splits_goods_larger_than_the_vehicle);
    tcase_add_test(tc, baseline_serves_points_in_line_on_one_route);
    tcase_add_test(tc, baseline_leaves_undelivered_what_the_farm_cannot_reach);
    tcase_add_test(tc, baseline_leaves_undelivered_the_classes_the_vehicle_does_not_carry);
    tcase_add_test(tc, baseline_leaves_out_the_goods_the_plan_did_not_route);
    tcase_add_test(tc, baseline_leaves_out_the_plans_direct_deliveries);
    tcase_add_test(tc, baseline_is_the_same_for_the_same_seed);
    tcase_add_test(tc, baseline_init_functions_reject_bad_arguments);
    tcase_add_test(tc, baseline_direct_rejects_bad_arguments);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
