/* Location-routing through terroir_solve(), judged by an exact enumeration
 * that shares no code with the library: on instances small enough (at most
 * 5 candidate hubs, 8 points) every hub subset and every partition of the
 * points into routes is priced here (Held-Karp for each route's order,
 * dynamic programming over subsets for the partitions and the hubs), and the
 * plan's objective must equal the optimum.  The plan is also re-checked:
 * each hub's routes within its capacity, each route within the vehicle's,
 * fixed costs paid exactly by the hubs that route. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#define MAXH 5
#define MAXP 8

typedef struct inst {
    int nh, np;
    double hx[MAXH], hy[MAXH], open_cost[MAXH], cap[MAXH];
    double px[MAXP], py[MAXP], q[MAXP];
    double Q, F;
} inst;

static double dist(double ax, double ay, double bx, double by)
{
    return sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
}

/* Exact optimum: fixed costs of the hubs used + F per route + distance. */
static double enumerate(const inst *in)
{
    int full = 1 << in->np;
    static double tsp[1 << MAXP][MAXP], route[MAXH][1 << MAXP], cover[MAXH][1 << MAXP];
    static double best[MAXH + 1][1 << MAXP];
    double load[1 << MAXP];
    for (int s = 0; s < full; s++) {
        load[s] = 0;
        for (int i = 0; i < in->np; i++)
            if (s >> i & 1)
                load[s] += in->q[i];
    }
    for (int h = 0; h < in->nh; h++) {
        /* Held-Karp from hub h: tsp[s][i] = shortest path h -> s ending at i */
        for (int s = 1; s < full; s++)
            for (int i = 0; i < in->np; i++) {
                tsp[s][i] = HUGE_VAL;
                if (!(s >> i & 1))
                    continue;
                int r = s & ~(1 << i);
                if (!r) {
                    tsp[s][i] = dist(in->hx[h], in->hy[h], in->px[i], in->py[i]);
                    continue;
                }
                for (int j = 0; j < in->np; j++)
                    if (r >> j & 1)
                        tsp[s][i] = fmin(tsp[s][i],
                                         tsp[r][j] + dist(in->px[j], in->py[j], in->px[i], in->py[i]));
            }
        route[h][0] = 0;
        for (int s = 1; s < full; s++) {
            route[h][s] = HUGE_VAL;
            if (load[s] > in->Q + 1e-9)
                continue;
            for (int i = 0; i < in->np; i++)
                if (s >> i & 1)
                    route[h][s] = fmin(route[h][s], tsp[s][i] + dist(in->px[i], in->py[i],
                                                                      in->hx[h], in->hy[h]));
            route[h][s] += in->F;
        }
        /* cover[h][s]: cheapest set of routes from h serving exactly s */
        cover[h][0] = 0;
        for (int s = 1; s < full; s++) {
            int low = s & -s;
            cover[h][s] = HUGE_VAL;
            for (int t = s; t; t = (t - 1) & s)
                if ((t & low) && isfinite(route[h][t]))
                    cover[h][s] = fmin(cover[h][s], route[h][t] + cover[h][s & ~t]);
        }
    }
    for (int s = 0; s < full; s++)
        best[0][s] = s ? HUGE_VAL : 0;
    for (int h = 0; h < in->nh; h++)
        for (int s = 0; s < full; s++) {
            best[h + 1][s] = best[h][s]; /* hub h closed */
            for (int t = s; t; t = (t - 1) & s)
                if (load[t] <= in->cap[h] + 1e-9 && isfinite(cover[h][t]))
                    best[h + 1][s] = fmin(best[h + 1][s],
                                          best[h][s & ~t] + in->open_cost[h] + cover[h][t]);
        }
    return best[in->nh][full - 1];
}

static unsigned long long rng_state;
static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void random_instance(inst *in, unsigned long long seed, int nh, int np)
{
    rng_state = seed;
    memset(in, 0, sizeof *in);
    in->nh = nh;
    in->np = np;
    double total = 0;
    for (int i = 0; i < np; i++) {
        in->px[i] = floor(uniform() * 100);
        in->py[i] = floor(uniform() * 100);
        in->q[i] = 1 + floor(uniform() * 20);
        total += in->q[i];
    }
    for (int h = 0; h < nh; h++) {
        in->hx[h] = floor(uniform() * 100);
        in->hy[h] = floor(uniform() * 100);
        in->open_cost[h] = 50 + floor(uniform() * 150);
        in->cap[h] = floor(total * (0.35 + 0.5 * uniform()));
    }
    in->Q = floor(total / 3) + 5;
    in->F = 20;
}

static terroir_model *build(const inst *in, int forced)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.coordinates = TERROIR_COORDINATES_PLANAR;
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    terroir_product_spec pr = TERROIR_PRODUCT_SPEC_INIT;
    pr.id = "goods";
    ck_assert_int_eq(terroir_model_add_product(m, &pr, NULL), 0);
    char id[32];
    for (int h = 0; h < in->nh; h++) {
        terroir_hub_spec hs = TERROIR_HUB_SPEC_INIT;
        snprintf(id, sizeof id, "h%d", h);
        hs.id = id;
        hs.location.has_location = 1;
        hs.location.x = in->hx[h];
        hs.location.y = in->hy[h];
        hs.status = h == forced ? TERROIR_HUB_OPEN : TERROIR_HUB_CANDIDATE;
        hs.fixed_cost = in->open_cost[h];
        hs.capacity_kg = (const double[]){in->cap[h]}; /* ambient */
        hs.n_temperatures = 1;
        ck_assert_int_eq(terroir_model_add_hub(m, &hs, NULL), 0);
    }
    for (int i = 0; i < in->np; i++) {
        terroir_point_spec ps = TERROIR_POINT_SPEC_INIT;
        size_t k;
        snprintf(id, sizeof id, "p%d", i);
        ps.id = id;
        ps.location.has_location = 1;
        ps.location.x = in->px[i];
        ps.location.y = in->py[i];
        ck_assert_int_eq(terroir_model_add_point(m, &ps, &k), 0);
        ck_assert_int_eq(terroir_model_add_demand(m, k, 0, in->q[i]), 0);
    }
    for (int h = 0; h < in->nh; h++) {
        terroir_vehicle_type_spec vs = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        snprintf(id, sizeof id, "v%d", h);
        vs.id = id;
        vs.home_hub = (size_t)h;
        vs.count = (size_t)in->np;
        vs.capacity = (const double[]){in->Q}; /* kg */
        vs.n_dimensions = 1;
        vs.fixed_cost = in->F;
        vs.cost_per_km = 1;
        ck_assert_int_eq(terroir_model_add_vehicle_type(m, &vs, NULL), 0);
    }
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    return m;
}

/* The plan re-checked and re-priced here; returns its cost.  `forced`: a hub
 * open by status (-1: none), which pays its fixed cost in any case. */
static double check_plan(const inst *in, const terroir_plan *plan, int forced)
{
    double cost = 0, hub_kg[MAXH] = {0};
    int used[MAXH] = {0}, served[MAXP] = {0};
    size_t nr = terroir_plan_route_count(plan);
    for (size_t r = 0; r < nr; r++) {
        terroir_plan_route rt;
        memset(&rt, 0, sizeof rt);
        rt.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(plan, r, &rt), 0);
        int h = atoi(rt.hub + 1);
        double kg = 0, px = in->hx[h], py = in->hy[h];
        if (rt.n_stops == 0)
            continue;
        used[h] = 1;
        cost += in->F;
        for (size_t k = 0; k < rt.n_stops; k++) {
            terroir_plan_route_stop st;
            memset(&st, 0, sizeof st);
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ck_assert_int_eq(terroir_plan_get_route_stop(plan, r, k, &st), 0);
            int i = atoi(st.site + 1);
            served[i]++;
            kg += in->q[i];
            cost += dist(px, py, in->px[i], in->py[i]);
            px = in->px[i];
            py = in->py[i];
        }
        cost += dist(px, py, in->hx[h], in->hy[h]);
        ck_assert_double_le(kg, in->Q + 1e-6);
        hub_kg[h] += kg;
    }
    for (int i = 0; i < in->np; i++)
        ck_assert_int_eq(served[i], 1);
    ck_assert_uint_eq(terroir_plan_hub_count(plan), (size_t)in->nh);
    for (int h = 0; h < in->nh; h++) {
        terroir_plan_hub ph;
        memset(&ph, 0, sizeof ph);
        ph.version = TERROIR_PLAN_HUB_VERSION;
        ck_assert_int_eq(terroir_plan_get_hub(plan, (size_t)h, &ph), 0);
        ck_assert_double_le(hub_kg[h], in->cap[h] + 1e-6);
        ck_assert_int_eq(ph.open != 0, used[h] || h == forced);
        if (used[h] || h == forced)
            cost += in->open_cost[h];
    }
    return cost;
}

/* Solve instance `seed` (hub `forced` open by status, -1: none) and
 * compare with the enumeration. */
static void solve_and_compare(unsigned long long seed, int nh, int np, int forced)
{
    inst in;
    random_instance(&in, seed, nh, np);
    /* A forced hub pays in any case: enumerate with it free, then add it. */
    inst priced = in;
    if (forced >= 0)
        priced.open_cost[forced] = 0;
    double opt = enumerate(&priced) + (forced >= 0 ? in.open_cost[forced] : 0);
    ck_assert(isfinite(opt));
    terroir_model *m = build(&in, forced);
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.seed = 1;
    o.route_iterations = 500; /* no time limit: deterministic */
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    terroir_plan_summary s;
    terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION);
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    double mine = check_plan(&in, plan, forced);
    ck_assert_double_eq_tol(mine, s.objective, 1e-6 * fmax(1, opt));
    if (fabs(s.objective - opt) > 1e-6 * fmax(1, opt))
        ck_abort_msg("instance %llu (%d hubs, %d points): plan %.6f, enumeration %.6f", seed,
                     nh, np, s.objective, opt);
    terroir_plan_free(plan);
    terroir_model_free(m);
}

START_TEST(location_routing_finds_the_enumerated_optimum)
{
    /* sizes cycle through 3..5 hubs and 5..8 points */
    int i = _i;
    solve_and_compare(1000 + (unsigned long long)i, 3 + i % 3, 5 + i % 4, -1);
}
END_TEST

START_TEST(location_routing_keeps_a_hub_open_by_status_and_finds_the_optimum)
{
    int i = _i;
    solve_and_compare(2000 + (unsigned long long)i, 4 + i % 2, 6 + i % 3, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("locate");
    TCase *tc = tcase_create("locate");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, location_routing_finds_the_enumerated_optimum, 0, 12);
    tcase_add_loop_test(tc, location_routing_keeps_a_hub_open_by_status_and_finds_the_optimum, 0,
                        3);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
