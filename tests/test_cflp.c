/* Unit tests of the capacitated facility location engine (lib/design/cflp.h):
 * a tiny instance with a hand-computed optimum, OR-Library cap41 proven
 * optimal, the transportation subproblem and the covering knapsack against
 * brute force, sparse arcs and fixings, infeasibility, bad input,
 * cancellation and the time limit.  White-box: linked with the internal
 * static library. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "design/cflp.h"

#define CLOSE_REL(a, b, rel) ck_assert_double_le(fabs((a) - (b)), (rel)*fabs(b) + 1e-9)

/* ------------------------------------------------------------------ helpers */

/* Deterministic pseudo-random numbers for generated instances. */
static unsigned long long rng_state;
static unsigned rnd(unsigned lo, unsigned hi)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (unsigned)((rng_state >> 33) % (hi - lo + 1));
}

/* An OR-Library capacitated warehouse file read with plain stdio: costs
 * in the file serve a customer's whole demand, the engine wants them per
 * unit. */
typedef struct orlib {
    size_t m, n;
    double *cap, *fixed, *dem, *cost;
} orlib;

static int orlib_read(orlib *o, const char *path)
{
    memset(o, 0, sizeof *o);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fscanf(f, "%zu %zu", &o->m, &o->n) == 2;
    if (ok) {
        o->cap = calloc(o->m, sizeof *o->cap);
        o->fixed = calloc(o->m, sizeof *o->fixed);
        o->dem = calloc(o->n, sizeof *o->dem);
        o->cost = calloc(o->m * o->n, sizeof *o->cost);
        ok = o->cap && o->fixed && o->dem && o->cost;
    }
    for (size_t i = 0; ok && i < o->m; i++)
        ok = fscanf(f, "%lf %lf", &o->cap[i], &o->fixed[i]) == 2;
    for (size_t j = 0; ok && j < o->n; j++) {
        ok = fscanf(f, "%lf", &o->dem[j]) == 1;
        for (size_t i = 0; ok && i < o->m; i++) {
            double c;
            ok = fscanf(f, "%lf", &c) == 1;
            o->cost[i * o->n + j] = o->dem[j] > 0 ? c / o->dem[j] : 0.0;
        }
    }
    fclose(f);
    return ok ? 0 : -1;
}

static void orlib_free(orlib *o)
{
    free(o->cap);
    free(o->fixed);
    free(o->dem);
    free(o->cost);
}

static cflp_problem orlib_problem(const orlib *o)
{
    cflp_problem p = {0};
    p.m = o->m;
    p.n = o->n;
    p.capacity = o->cap;
    p.fixed_cost = o->fixed;
    p.demand = o->dem;
    p.cost = o->cost;
    return p;
}

static void load_cap41(orlib *o)
{
    const char *dir = getenv("TERROIR_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/bench/cap41.txt", dir ? dir : "tests/data");
    ck_assert_msg(orlib_read(o, path) == 0, "cannot read %s", path);
}

/* The tiny instance: 3 facilities, 3 customers of demand 4.
 *   F0: capacity 6, fixed 10, unit costs 1 2 5
 *   F1: capacity 6, fixed 10, unit costs 5 3 1
 *   F2: capacity 20, fixed 30, unit costs 3 3 3
 * By hand: F2 alone costs 30 + 36 = 66, any set with F2 costs more than
 * 40 + 12; {F0, F1} (capacity 12 = demand) serves c0 from F0 (4), c2 from F1
 * (4) and splits c1: 2 units from F0 at 2 and 2 from F1 at 3, for
 * 20 + 4 + 4 + 4 + 6 = 38, the optimum. */
static const double tiny_cap[3] = {6, 6, 20};
static const double tiny_fixed[3] = {10, 10, 30};
static const double tiny_dem[3] = {4, 4, 4};
static const double tiny_cost[9] = {1, 2, 5, 5, 3, 1, 3, 3, 3};

static cflp_problem tiny_problem(void)
{
    cflp_problem p = {0};
    p.m = 3;
    p.n = 3;
    p.capacity = tiny_cap;
    p.fixed_cost = tiny_fixed;
    p.demand = tiny_dem;
    p.cost = tiny_cost;
    return p;
}

/* ------------------------------------------------------------------ solve */

START_TEST(cflp_tiny_instance_reaches_hand_computed_optimum)
{
    cflp_problem p = tiny_problem();
    cflp_result r;
    ck_assert_int_eq(cflp__solve(&p, NULL, &r), 0);
    ck_assert_int_eq(r.status, CFLP_STATUS_OPTIMAL);
    CLOSE_REL(r.objective, 38.0, 1e-9);
    ck_assert_double_le(r.bound, r.objective + 1e-9);
    ck_assert_double_ge(r.bound, 38.0 * (1 - 1e-6));
    ck_assert_int_eq(r.open[0], 1);
    ck_assert_int_eq(r.open[1], 1);
    ck_assert_int_eq(r.open[2], 0);
    ck_assert_uint_eq(r.n_flow, 9);
    CLOSE_REL(r.flow[0 * 3 + 0], 4.0, 1e-9);
    CLOSE_REL(r.flow[0 * 3 + 1], 2.0, 1e-9);
    CLOSE_REL(r.flow[1 * 3 + 1], 2.0, 1e-9);
    CLOSE_REL(r.flow[1 * 3 + 2], 4.0, 1e-9);
    ck_assert_double_eq(r.flow[2 * 3 + 0] + r.flow[2 * 3 + 1] + r.flow[2 * 3 + 2], 0.0);
    cflp__result_free(&r);
}
END_TEST

START_TEST(cflp_cap41_is_proven_optimal_at_published_value)
{
    orlib o;
    load_cap41(&o);
    cflp_problem p = orlib_problem(&o);
    cflp_params par = CFLP_PARAMS_INIT;
    par.gap = 1e-9;
    cflp_result r;
    ck_assert_int_eq(cflp__solve(&p, &par, &r), 0);
    ck_assert_int_eq(r.status, CFLP_STATUS_OPTIMAL);
    CLOSE_REL(r.objective, 1040444.375, 1e-6);
    ck_assert_double_ge(r.bound, 1040444.375 * (1 - 1e-6));
    ck_assert_double_le(r.gap, 1e-6);
    /* the flows serve every customer within the open capacities, and the
     * reported objective is their cost */
    double total = 0.0;
    for (size_t i = 0; i < o.m; i++) {
        double out = 0.0;
        for (size_t j = 0; j < o.n; j++)
            out += r.flow[i * o.n + j];
        ck_assert_double_le(out, o.cap[i] * r.open[i] + 1e-6);
        total += r.open[i] ? o.fixed[i] : 0.0;
    }
    for (size_t j = 0; j < o.n; j++) {
        double in = 0.0;
        for (size_t i = 0; i < o.m; i++) {
            in += r.flow[i * o.n + j];
            total += r.flow[i * o.n + j] * o.cost[i * o.n + j];
        }
        CLOSE_REL(in, o.dem[j], 1e-9);
    }
    CLOSE_REL(total, r.objective, 1e-9);
    cflp__result_free(&r);
    orlib_free(&o);
}
END_TEST

START_TEST(cflp_same_seed_gives_same_solution)
{
    orlib o;
    load_cap41(&o);
    cflp_problem p = orlib_problem(&o);
    cflp_result a, b;
    ck_assert_int_eq(cflp__solve(&p, NULL, &a), 0);
    ck_assert_int_eq(cflp__solve(&p, NULL, &b), 0);
    ck_assert_double_eq(a.objective, b.objective);
    ck_assert_double_eq(a.bound, b.bound);
    ck_assert_uint_eq(a.nodes, b.nodes);
    ck_assert_mem_eq(a.open, b.open, o.m);
    cflp__result_free(&a);
    cflp__result_free(&b);
    orlib_free(&o);
}
END_TEST

START_TEST(cflp_sparse_arcs_and_fixings_are_respected)
{
    /* Tiny instance, sparse: F0 cannot serve c2, F2 is forced open, F1 is
     * forced closed.  F2 must serve c2 and whatever F0 cannot. */
    size_t af[] = {0, 0, 2, 2, 2, 0};
    size_t ac[] = {0, 1, 0, 1, 2, 0};
    double cost[] = {1, 2, 3, 3, 3, 7}; /* the duplicate (0, 0) at 7 is ignored */
    unsigned char fix[] = {CFLP_FREE, CFLP_CLOSED, CFLP_OPEN};
    cflp_problem p = tiny_problem();
    p.cost = NULL;
    p.n_arcs = 6;
    p.arc_facility = af;
    p.arc_customer = ac;
    p.arc_cost = cost;
    p.fix = fix;
    cflp_result r;
    ck_assert_int_eq(cflp__solve(&p, NULL, &r), 0);
    ck_assert_int_eq(r.status, CFLP_STATUS_OPTIMAL);
    /* F2 alone: 30 + 12 * 3 = 66.  With F0 too: 40 + c0 from F0 (4) + 2
     * units of c1 from F0 (4) + 2 units of c1 and all of c2 from F2
     * (6 + 12) = 66 as well: a tie, so only the value and the forced
     * facilities are checked. */
    CLOSE_REL(r.objective, 66.0, 1e-9);
    ck_assert_int_eq(r.open[1], 0);
    ck_assert_int_eq(r.open[2], 1);
    ck_assert_uint_eq(r.n_flow, 6);
    ck_assert_double_eq(r.flow[5], 0.0);
    cflp__result_free(&r);
}
END_TEST

START_TEST(cflp_short_capacity_is_infeasible_not_an_error)
{
    double cap[3] = {3, 3, 5}; /* 11 < 12 */
    cflp_problem p = tiny_problem();
    p.capacity = cap;
    cflp_result r;
    ck_assert_int_eq(cflp__solve(&p, NULL, &r), 0);
    ck_assert_int_eq(r.status, CFLP_STATUS_INFEASIBLE);
    ck_assert_ptr_null(r.open);
    ck_assert_ptr_null(r.flow);
    ck_assert(isnan(r.objective));
    cflp__result_free(&r);
}
END_TEST

START_TEST(cflp_customer_without_arc_is_infeasible)
{
    size_t af[] = {0, 1};
    size_t ac[] = {0, 1};
    double cost[] = {1, 1};
    cflp_problem p = tiny_problem();
    p.cost = NULL;
    p.n_arcs = 2;
    p.arc_facility = af;
    p.arc_customer = ac;
    p.arc_cost = cost;
    cflp_result r;
    ck_assert_int_eq(cflp__solve(&p, NULL, &r), 0);
    ck_assert_int_eq(r.status, CFLP_STATUS_INFEASIBLE);
    cflp__result_free(&r);
}
END_TEST

START_TEST(cflp_rejects_bad_input_with_message)
{
    cflp_result r;
    cflp_problem p = tiny_problem();
    double dem[3] = {4, -1, 4};
    p.demand = dem;
    core__error_reset();
    ck_assert_int_eq(cflp__solve(&p, NULL, &r), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(terroir_error_last());
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "customer 1"));
    ck_assert_ptr_null(r.open);

    p = tiny_problem();
    size_t af[] = {0}, ac[] = {7};
    double c[] = {1};
    p.cost = NULL;
    p.n_arcs = 1;
    p.arc_facility = af;
    p.arc_customer = ac;
    p.arc_cost = c;
    ck_assert_int_eq(cflp__solve(&p, NULL, &r), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "out of range"));

    p = tiny_problem();
    p.m = 0;
    ck_assert_int_eq(cflp__solve(&p, NULL, &r), TERROIR_EINVAL);
    ck_assert_int_eq(cflp__solve(NULL, NULL, &r), TERROIR_EINVAL);
}
END_TEST

START_TEST(cflp_no_demand_opens_only_forced_facilities)
{
    double dem[3] = {0, 0, 0};
    unsigned char fix[3] = {CFLP_FREE, CFLP_OPEN, CFLP_FREE};
    cflp_problem p = tiny_problem();
    p.demand = dem;
    p.fix = fix;
    cflp_result r;
    ck_assert_int_eq(cflp__solve(&p, NULL, &r), 0);
    ck_assert_int_eq(r.status, CFLP_STATUS_OPTIMAL);
    CLOSE_REL(r.objective, 10.0, 1e-12);
    ck_assert_int_eq(r.open[0], 0);
    ck_assert_int_eq(r.open[1], 1);
    cflp__result_free(&r);
}
END_TEST

/* Stops at the first call: the result must be the incumbent, not a proof. */
static int calls_after_cancel;
static int cancel_at_once(double incumbent, double bound, void *data)
{
    int *calls = data;
    (*calls)++;
    if (*calls > 1)
        calls_after_cancel++;
    return 1;
}

/* A random instance large enough not to be solved before the first
 * progress report. */
static void random_instance(orlib *o, size_t m, size_t n, unsigned long long seed)
{
    rng_state = seed;
    o->m = m;
    o->n = n;
    o->cap = calloc(m, sizeof *o->cap);
    o->fixed = calloc(m, sizeof *o->fixed);
    o->dem = calloc(n, sizeof *o->dem);
    o->cost = calloc(m * n, sizeof *o->cost);
    ck_assert(o->cap && o->fixed && o->dem && o->cost);
    double total = 0.0;
    for (size_t j = 0; j < n; j++)
        total += o->dem[j] = rnd(5, 35);
    for (size_t i = 0; i < m; i++) {
        o->cap[i] = rnd(3, 10) * total / m;
        o->fixed[i] = rnd(2000, 6000);
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            o->cost[i * n + j] = rnd(1, 100);
}

START_TEST(cflp_progress_callback_cancels_with_incumbent)
{
    orlib o;
    random_instance(&o, 40, 200, 7);
    cflp_problem p = orlib_problem(&o);
    cflp_params par = CFLP_PARAMS_INIT;
    int calls = 0;
    calls_after_cancel = 0;
    par.progress = cancel_at_once;
    par.progress_data = &calls;
    par.gap = 0;
    cflp_result r;
    ck_assert_int_eq(cflp__solve(&p, &par, &r), 0);
    ck_assert_int_ge(calls, 1);
    ck_assert_int_eq(calls_after_cancel, 0);
    ck_assert_int_eq(r.status, CFLP_STATUS_FEASIBLE);
    ck_assert(isfinite(r.objective));
    ck_assert_ptr_nonnull(r.open);
    ck_assert_double_le(r.bound, r.objective);
    ck_assert_double_ge(r.gap, 0.0);
    cflp__result_free(&r);
    orlib_free(&o);
}
END_TEST

START_TEST(cflp_time_limit_returns_feasible_plan_in_time)
{
    orlib o;
    random_instance(&o, 60, 400, 11);
    cflp_problem p = orlib_problem(&o);
    cflp_params par = CFLP_PARAMS_INIT;
    par.time_limit_seconds = 0.2;
    par.gap = 0;
    cflp_result r;
    double t0 = core__now();
    ck_assert_int_eq(cflp__solve(&p, &par, &r), 0);
    double elapsed = core__now() - t0;
    ck_assert_double_le(elapsed, 1.0);
    ck_assert(r.status == CFLP_STATUS_FEASIBLE || r.status == CFLP_STATUS_OPTIMAL);
    ck_assert(isfinite(r.objective));
    ck_assert_double_le(r.bound, r.objective + 1e-6);
    cflp__result_free(&r);
    orlib_free(&o);
}
END_TEST

/* ------------------------------------------------------------------ parts */

/* Cheapest integer transportation plan by enumeration: each customer's
 * demand split over the open facilities in every way. */
static double brute_transport(const orlib *o, const unsigned char *open, size_t j, double *left)
{
    if (j == o->n)
        return 0.0;
    double best = HUGE_VAL;
    int d = (int)o->dem[j];
    /* split d over facilities 0..m-1 by recursion on a small helper */
    int split[8] = {0};
    size_t m = o->m;
    for (;;) {
        int sum = 0;
        for (size_t i = 0; i + 1 < m; i++)
            sum += split[i];
        if (sum <= d) {
            split[m - 1] = d - sum;
            int ok = 1;
            double c = 0.0;
            for (size_t i = 0; i < m && ok; i++) {
                if (split[i] > 0 && (!open[i] || split[i] > left[i] + 1e-9))
                    ok = 0;
                c += split[i] * o->cost[i * o->n + j];
            }
            if (ok) {
                for (size_t i = 0; i < m; i++)
                    left[i] -= split[i];
                double rest = brute_transport(o, open, j + 1, left);
                for (size_t i = 0; i < m; i++)
                    left[i] += split[i];
                if (c + rest < best)
                    best = c + rest;
            }
        }
        /* next composition prefix (odometer over the first m - 1 parts) */
        size_t k = 0;
        while (k + 1 < m) {
            if (++split[k] <= d)
                break;
            split[k] = 0;
            k++;
        }
        if (k + 1 >= m)
            break;
    }
    return best;
}

START_TEST(cflp_transport_matches_brute_force)
{
    for (unsigned long long seed = 1; seed <= 12; seed++) {
        orlib o;
        rng_state = seed;
        size_t m = 3, n = 4;
        o.m = m;
        o.n = n;
        o.cap = calloc(m, sizeof *o.cap);
        o.fixed = calloc(m, sizeof *o.fixed);
        o.dem = calloc(n, sizeof *o.dem);
        o.cost = calloc(m * n, sizeof *o.cost);
        for (size_t j = 0; j < n; j++)
            o.dem[j] = rnd(1, 3);
        for (size_t i = 0; i < m; i++)
            o.cap[i] = rnd(1, 6);
        for (size_t k = 0; k < m * n; k++)
            o.cost[k] = rnd(1, 9);
        cflp_problem p = orlib_problem(&o);
        cflp_inst inst;
        ck_assert_int_eq(cflp__inst_build(&inst, &p), 0);
        cflp_transport *t;
        ck_assert_int_eq(cflp__transport_new(&t, &inst), 0);
        /* every open set, in an order that exercises warm starts */
        for (unsigned mask = 1; mask < (1u << m); mask++) {
            unsigned char open[3];
            for (size_t i = 0; i < m; i++)
                open[i] = (mask >> i) & 1;
            double cost;
            int feasible;
            ck_assert_int_eq(cflp__transport_solve(t, open, &cost, &feasible), 0);
            double left[3];
            for (size_t i = 0; i < m; i++)
                left[i] = o.cap[i];
            double brute = brute_transport(&o, open, 0, left);
            if (brute == HUGE_VAL) {
                ck_assert_msg(!feasible, "seed %llu mask %u: feasible, brute force says not", seed,
                              mask);
            } else {
                ck_assert_msg(feasible, "seed %llu mask %u: infeasible, brute force %g", seed, mask,
                              brute);
                ck_assert_msg(fabs(cost - brute) < 1e-9, "seed %llu mask %u: %g vs %g", seed, mask,
                              cost, brute);
                double flow[12];
                cflp__transport_flows(t, flow);
                double c2 = 0.0;
                for (size_t k = 0; k < inst.n_arcs; k++) {
                    ck_assert_double_ge(flow[k], -1e-12);
                    if (flow[k] > 0)
                        ck_assert(open[inst.arc_fac[k]]);
                    c2 += flow[k] * inst.arc_unit[k];
                }
                ck_assert_double_lt(fabs(c2 - cost), 1e-9);
            }
        }
        cflp__transport_free(t);
        cflp__inst_free(&inst);
        orlib_free(&o);
    }
}
END_TEST

START_TEST(cflp_cover_knapsack_matches_brute_force)
{
    cflp_knapsack_work w;
    ck_assert_int_eq(cflp__knapsack_work_init(&w, 10), 0);
    for (unsigned long long seed = 1; seed <= 40; seed++) {
        rng_state = seed;
        size_t k = 1 + rnd(0, 9);
        double v[10], wt[10], sum = 0.0;
        int equal = seed % 4 == 0;
        for (size_t a = 0; a < k; a++) {
            v[a] = rnd(1, 50);
            wt[a] = equal ? 7 : rnd(1, 20);
            sum += wt[a];
        }
        double need = rnd(1, (unsigned)sum + 3);
        double best = HUGE_VAL;
        for (unsigned mask = 0; mask < (1u << k); mask++) {
            double vv = 0, ww = 0;
            for (size_t a = 0; a < k; a++)
                if ((mask >> a) & 1) {
                    vv += v[a];
                    ww += wt[a];
                }
            if (ww >= need && vv < best)
                best = vv;
        }
        unsigned char z[10];
        double value, bound;
        int rc = cflp__cover(&w, k, v, wt, need, 0, z, &value, &bound);
        if (best == HUGE_VAL) {
            ck_assert_int_eq(rc, 1);
            continue;
        }
        ck_assert_int_eq(rc, 0);
        ck_assert_msg(fabs(value - best) < 1e-9, "seed %llu: %g vs %g", seed, value, best);
        ck_assert_double_eq(bound, value);
        double vv = 0, ww = 0;
        for (size_t a = 0; a < k; a++)
            if (z[a]) {
                vv += v[a];
                ww += wt[a];
            }
        ck_assert_double_ge(ww, need);
        ck_assert_double_eq(vv, value);
    }
    cflp__knapsack_work_free(&w);
}
END_TEST

START_TEST(cflp_lagrangian_bound_never_exceeds_optimum)
{
    orlib o;
    load_cap41(&o);
    cflp_problem p = orlib_problem(&o);
    cflp_inst inst;
    ck_assert_int_eq(cflp__inst_build(&inst, &p), 0);
    cflp_lagrange lg;
    ck_assert_int_eq(cflp__lagrange_init(&lg, &inst), 0);
    double *lambda = calloc(inst.n, sizeof *lambda);
    unsigned char *fix = calloc(inst.m, 1);
    rng_state = 3;
    for (int trial = 0; trial < 50; trial++) {
        for (size_t j = 0; j < inst.n; j++)
            lambda[j] =
                inst.arc_full[inst.cus_arc[inst.cus_start[j]]] * (0.5 + rnd(0, 200) / 100.0);
        ck_assert_int_eq(cflp__lagrange_eval(&lg, fix, lambda), 0);
        ck_assert(!lg.infeasible);
        ck_assert_double_le(lg.value, 1040444.375 + 1e-6);
    }
    free(lambda);
    free(fix);
    cflp__lagrange_free(&lg);
    cflp__inst_free(&inst);
    orlib_free(&o);
}
END_TEST

/* ------------------------------------------------------------------ runner */

static Suite *cflp_suite(void)
{
    Suite *s = suite_create("cflp");
    TCase *tc = tcase_create("solve");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cflp_tiny_instance_reaches_hand_computed_optimum);
    tcase_add_test(tc, cflp_cap41_is_proven_optimal_at_published_value);
    tcase_add_test(tc, cflp_same_seed_gives_same_solution);
    tcase_add_test(tc, cflp_sparse_arcs_and_fixings_are_respected);
    tcase_add_test(tc, cflp_short_capacity_is_infeasible_not_an_error);
    tcase_add_test(tc, cflp_customer_without_arc_is_infeasible);
    tcase_add_test(tc, cflp_rejects_bad_input_with_message);
    tcase_add_test(tc, cflp_no_demand_opens_only_forced_facilities);
    tcase_add_test(tc, cflp_progress_callback_cancels_with_incumbent);
    tcase_add_test(tc, cflp_time_limit_returns_feasible_plan_in_time);
    suite_add_tcase(s, tc);

    tc = tcase_create("parts");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cflp_transport_matches_brute_force);
    tcase_add_test(tc, cflp_cover_knapsack_matches_brute_force);
    tcase_add_test(tc, cflp_lagrangian_bound_never_exceeds_optimum);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cflp_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
