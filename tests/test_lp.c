/* Unit tests of the LP layer (lib/lp/): LPs and MIPs with hand-computed
 * optima, duals and bounds; infeasible and unbounded problems; time limit,
 * cancellation and the heuristic callback of the MIP search; the GLPK guard
 * (a provoked fatal error comes back as TERROIR_ESOLVER with GLPK's message
 * and the thread keeps working); GLPK's output captured, never printed;
 * parallel solves in two threads; the LP file writer.  Each test frees the
 * thread's GLPK environment at its end, so that valgrind sees no leak with
 * CK_FORK=no.  White-box: linked with the internal static library. */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <terroir/common.h>

#include "core/core.h"
#include "lp/lp.h"

#define TOL 1e-7

/* ------------------------------------------------------------ fixtures */

/* End of a test or of a thread: free the thread's GLPK environment and its
 * last error, so that valgrind sees no leak. */
static void test_done(void)
{
    lp__thread_cleanup();
    terroir_error_clear();
}

/* min -3x - 2y  s.t.  r0: x + y <= 4,  r1: x + 3y <= 7,  0 <= x <= 3, y >= 0.
 * Optimum x = 3, y = 1, objective -11; r0 is tight with dual -2, r1 is slack
 * (dual 0); x sits at its upper bound with reduced cost -3 - (-2) = -1. */
static lp_problem *small_lp(void)
{
    lp_problem *lp = NULL;
    ck_assert_int_eq(lp__new(&lp, "small lp"), 0);
    const double lb[] = {0, 0}, ub[] = {3, HUGE_VAL}, obj[] = {-3, -2};
    const char *const names[] = {"x", "y"};
    size_t first = 99;
    ck_assert_int_eq(lp__add_cols(lp, 2, lb, ub, obj, NULL, names, &first), 0);
    ck_assert_uint_eq(first, 0);
    const size_t cols[] = {0, 1};
    const double r0[] = {1, 1}, r1[] = {1, 3};
    size_t index = 99;
    ck_assert_int_eq(lp__add_row(lp, -HUGE_VAL, 4, 2, cols, r0, "r0", &index), 0);
    ck_assert_uint_eq(index, 0);
    ck_assert_int_eq(lp__add_row(lp, -HUGE_VAL, 7, 2, cols, r1, "r1", &index), 0);
    ck_assert_uint_eq(index, 1);
    return lp;
}

/* Knapsack: max 10a + 13b + 7c + 8d  s.t.  4a + 6b + 3c + 5d <= 10, binary;
 * as a minimisation of the negated values.  Feasible pairs: a+b 23, b+c 20,
 * a+d 18, a+c 17, c+d 15 (no triple fits), so the optimum is a = b = 1,
 * objective -23.  The LP relaxation takes a, c and half of b: -23.5. */
static lp_problem *knapsack(void)
{
    lp_problem *lp = NULL;
    ck_assert_int_eq(lp__new(&lp, "knapsack"), 0);
    const double lb[] = {0, 0, 0, 0}, ub[] = {1, 1, 1, 1}, obj[] = {-10, -13, -7, -8};
    const int is_int[] = {1, 1, 1, 1};
    ck_assert_int_eq(lp__add_cols(lp, 4, lb, ub, obj, is_int, NULL, NULL), 0);
    const size_t cols[] = {0, 1, 2, 3};
    const double w[] = {4, 6, 3, 5};
    ck_assert_int_eq(lp__add_row(lp, -HUGE_VAL, 10, 4, cols, w, "capacity", NULL), 0);
    return lp;
}

/* A multi-dimensional 0/1 knapsack (n items, m capacity rows) with
 * pseudo-random data: hard enough for GLPK that a 0.1 s limit or a
 * cancellation stops the search long before it ends. */
static lp_problem *hard_mip(size_t n, size_t m, unsigned long seed)
{
    lp_problem *lp = NULL;
    ck_assert_int_eq(lp__new(&lp, "hard"), 0);
    double *lb = calloc(n, sizeof *lb), *ub = calloc(n, sizeof *ub), *obj = calloc(n, sizeof *obj);
    double *w = calloc(n, sizeof *w);
    int *is_int = calloc(n, sizeof *is_int);
    size_t *cols = calloc(n, sizeof *cols);
    ck_assert(lb && ub && obj && w && is_int && cols);
    unsigned long s = seed;
#define NEXT() (s = s * 6364136223846793005UL + 1442695040888963407UL, (s >> 33) % 1000)
    for (size_t j = 0; j < n; j++) {
        ub[j] = 1;
        obj[j] = -(double)(100 + NEXT());
        is_int[j] = 1;
        cols[j] = j;
    }
    ck_assert_int_eq(lp__add_cols(lp, n, lb, ub, obj, is_int, NULL, NULL), 0);
    for (size_t i = 0; i < m; i++) {
        double total = 0;
        for (size_t j = 0; j < n; j++)
            total += w[j] = (double)(50 + NEXT());
        ck_assert_int_eq(lp__add_row(lp, -HUGE_VAL, floor(total / 2), n, cols, w, NULL, NULL), 0);
    }
#undef NEXT
    free(lb);
    free(ub);
    free(obj);
    free(w);
    free(is_int);
    free(cols);
    return lp;
}

/* ------------------------------------------------------------ LP */

START_TEST(lp_solves_small_lp_with_hand_computed_optimum_and_duals)
{
    lp_problem *lp = small_lp();
    lp_result res;
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), 0);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -11, TOL);
    ck_assert_double_eq_tol(res.bound, -11, TOL);
    ck_assert_double_eq_tol(res.gap, 0, TOL);
    ck_assert(res.seconds >= 0);
    double x[2], y[2], d[2];
    ck_assert_int_eq(lp__col_values(lp, x), 0);
    ck_assert_double_eq_tol(x[0], 3, TOL);
    ck_assert_double_eq_tol(x[1], 1, TOL);
    ck_assert_int_eq(lp__row_duals(lp, y), 0);
    ck_assert_double_eq_tol(y[0], -2, TOL);
    ck_assert_double_eq_tol(y[1], 0, TOL);
    ck_assert_int_eq(lp__col_reduced_costs(lp, d), 0);
    ck_assert_double_eq_tol(d[0], -1, TOL);
    ck_assert_double_eq_tol(d[1], 0, TOL);
    ck_assert_uint_eq(lp__col_count(lp), 2);
    ck_assert_uint_eq(lp__row_count(lp), 2);
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(lp_dual_simplex_with_presolve_finds_same_optimum)
{
    lp_problem *lp = small_lp();
    lp_params params = {0};
    params.dual_simplex = 1;
    params.presolve = 1;
    lp_result res;
    ck_assert_int_eq(lp__solve_lp(lp, &params, &res), 0);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -11, TOL);
    double y[2];
    ck_assert_int_eq(lp__row_duals(lp, y), 0);
    ck_assert_double_eq_tol(y[0], -2, TOL);
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(lp_resolves_after_bound_change_and_new_row)
{
    lp_problem *lp = small_lp();
    lp_result res;
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), 0);
    ck_assert_double_eq_tol(res.objective, -11, TOL);
    /* x <= 1: then y = 2 (r1: 1 + 6 = 7 tight), objective -3 - 4 = -7. */
    ck_assert_int_eq(lp__set_col_bounds(lp, 0, 0, 1), 0);
    double x[2];
    ck_assert_int_eq(lp__col_values(lp, x), TERROIR_EINVAL); /* changed since */
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), 0);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -7, TOL);
    /* A third column z with cost -1 in r0 only, and a constant of 5. */
    size_t first;
    const double lb = 0, ub = HUGE_VAL, obj = -1;
    ck_assert_int_eq(lp__add_cols(lp, 1, &lb, &ub, &obj, NULL, NULL, &first), 0);
    ck_assert_uint_eq(first, 2);
    const size_t cols[] = {2};
    const double one[] = {1};
    ck_assert_int_eq(lp__add_row(lp, -HUGE_VAL, 0.5, 1, cols, one, NULL, NULL), 0);
    ck_assert_int_eq(lp__set_obj_constant(lp, 5), 0);
    ck_assert_int_eq(lp__set_row_bounds(lp, 1, -HUGE_VAL, 100), 0);
    /* r0: x + y <= 4 with x <= 1: x = 1, y = 3 (r1 slack now), z = 0.5:
     * -3 - 6 - 0.5 + 5 = -4.5. */
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), 0);
    ck_assert_double_eq_tol(res.objective, -4.5, TOL);
    ck_assert_int_eq(lp__set_obj(lp, 2, 0), 0);
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), 0);
    ck_assert_double_eq_tol(res.objective, -4, TOL);
    lp__free(lp);
    test_done();
}
END_TEST

/* x + y >= 5 with x, y in [0, 1]. */
static lp_problem *infeasible_lp(void)
{
    lp_problem *lp = NULL;
    ck_assert_int_eq(lp__new(&lp, NULL), 0);
    const double lb[] = {0, 0}, ub[] = {1, 1}, obj[] = {1, 1};
    ck_assert_int_eq(lp__add_cols(lp, 2, lb, ub, obj, NULL, NULL, NULL), 0);
    const size_t cols[] = {0, 1};
    const double a[] = {1, 1};
    ck_assert_int_eq(lp__add_row(lp, 5, HUGE_VAL, 2, cols, a, NULL, NULL), 0);
    return lp;
}

START_TEST(lp_reports_infeasible_with_and_without_presolve)
{
    for (int presolve = 0; presolve <= 1; presolve++) {
        lp_problem *lp = infeasible_lp();
        lp_params params = {0};
        params.presolve = presolve;
        lp_result res;
        ck_assert_int_eq(lp__solve_lp(lp, &params, &res), 0);
        ck_assert_int_eq(res.status, LP_INFEASIBLE);
        ck_assert(isnan(res.objective));
        double x[2];
        ck_assert_int_eq(lp__col_values(lp, x), TERROIR_EINVAL);
        ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
        ck_assert_int_eq(res.status, LP_INFEASIBLE);
        lp__free(lp);
    }
    test_done();
}
END_TEST

START_TEST(lp_reports_unbounded_with_and_without_presolve)
{
    for (int presolve = 0; presolve <= 1; presolve++) {
        /* min -x - y  s.t.  x - y <= 1, x, y >= 0. */
        lp_problem *lp = NULL;
        ck_assert_int_eq(lp__new(&lp, NULL), 0);
        const double lb[] = {0, 0}, ub[] = {HUGE_VAL, HUGE_VAL}, obj[] = {-1, -1};
        ck_assert_int_eq(lp__add_cols(lp, 2, lb, ub, obj, NULL, NULL, NULL), 0);
        const size_t cols[] = {0, 1};
        const double a[] = {1, -1};
        ck_assert_int_eq(lp__add_row(lp, -HUGE_VAL, 1, 2, cols, a, NULL, NULL), 0);
        lp_params params = {0};
        params.presolve = presolve;
        lp_result res;
        ck_assert_int_eq(lp__solve_lp(lp, &params, &res), 0);
        ck_assert_int_eq(res.status, LP_UNBOUNDED);
        lp__free(lp);
    }
    test_done();
}
END_TEST

START_TEST(lp_rejects_invalid_arguments_without_touching_glpk)
{
    lp_problem *lp = small_lp();
    const size_t bad_col[] = {2}, dup[] = {0, 0};
    const double v1[] = {1}, v2[] = {1, 2}, vnan[] = {NAN};
    const size_t c0[] = {0};
    ck_assert_int_eq(lp__add_row(lp, 0, 1, 1, bad_col, v1, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(lp__add_row(lp, 0, 1, 2, dup, v2, NULL, NULL), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "twice"));
    ck_assert_int_eq(lp__add_row(lp, 0, 1, 1, c0, vnan, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(lp__add_row(lp, 2, 1, 1, c0, v1, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(lp__set_col_bounds(lp, 0, 1, 0), TERROIR_EINVAL);
    ck_assert_int_eq(lp__set_col_bounds(lp, 5, 0, 1), TERROIR_EINVAL);
    ck_assert_int_eq(lp__set_row_bounds(lp, 5, 0, 1), TERROIR_EINVAL);
    ck_assert_int_eq(lp__set_obj(lp, 0, INFINITY), TERROIR_EINVAL);
    ck_assert_int_eq(lp__set_obj_constant(lp, NAN), TERROIR_EINVAL);
    const double lb = 0.5, ub = 2, obj = 0;
    const int is_int = 1;
    ck_assert_int_eq(lp__add_cols(lp, 1, &lb, &ub, &obj, &is_int, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(lp__add_cols(lp, 1, &ub, &lb, &obj, NULL, NULL, NULL), TERROIR_EINVAL);
    double x[2];
    ck_assert_int_eq(lp__col_values(lp, x), TERROIR_EINVAL); /* not solved */
    lp_result res;
    lp_params params = {0};
    params.time_limit_seconds = -1;
    ck_assert_int_eq(lp__solve_lp(lp, &params, &res), TERROIR_EINVAL);
    ck_assert_int_eq(lp__solve_lp(NULL, NULL, &res), TERROIR_EINVAL);
    ck_assert_int_eq(lp__new(NULL, "x"), TERROIR_EINVAL);
    /* Nothing of this reached GLPK: the problem is intact. */
    ck_assert_uint_eq(lp__col_count(lp), 2);
    ck_assert_uint_eq(lp__row_count(lp), 2);
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), 0);
    ck_assert_double_eq_tol(res.objective, -11, TOL);
    ck_assert_int_eq(lp__row_duals(lp, x), 0);
    lp__free(lp);
    lp__free(NULL);
    ck_assert_uint_eq(lp__col_count(NULL), 0);
    test_done();
}
END_TEST

/* ------------------------------------------------------------ MIP */

START_TEST(mip_solves_knapsack_with_bound_equal_to_objective)
{
    lp_problem *lp = knapsack();
    lp_params params = {0};
    params.cuts = 1;
    params.presolve = 1;
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -23, TOL);
    ck_assert_double_eq_tol(res.bound, -23, TOL);
    ck_assert_double_eq_tol(res.gap, 0, TOL);
    double x[4];
    ck_assert_int_eq(lp__col_values(lp, x), 0);
    ck_assert_double_eq_tol(x[0], 1, TOL);
    ck_assert_double_eq_tol(x[1], 1, TOL);
    ck_assert_double_eq_tol(x[2], 0, TOL);
    ck_assert_double_eq_tol(x[3], 0, TOL);
    double y[1];
    ck_assert_int_eq(lp__row_duals(lp, y), TERROIR_EINVAL); /* LP only */
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(mip_failing_after_an_incumbent_returns_it_as_feasible)
{
    /* glp_intopt code 5 (GLP_EFAIL) after the search found the optimum:
     * the incumbent comes back, FEASIBLE, with the code, where the whole
     * solve used to fail. */
    lp_problem *lp = knapsack();
    lp_result res;
    lp__test_fail_solves(LP_TEST_FAIL_MIP);
    int rc = lp__solve_mip(lp, NULL, &res);
    lp__test_fail_solves(0);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.status, LP_FEASIBLE);
    ck_assert_int_eq(res.glpk_failure, 5);
    ck_assert_double_eq_tol(res.objective, -23, TOL);
    double x[4];
    ck_assert_int_eq(lp__col_values(lp, x), 0);
    ck_assert_double_eq_tol(x[0] + x[1], 2, TOL);
    /* Without an incumbent (the root LP fails), an error; the problem and
     * the thread then solve again. */
    lp__test_fail_solves(LP_TEST_FAIL_LP);
    ck_assert_int_eq(lp__solve_mip(lp, NULL, &res), TERROIR_ESOLVER);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "glp_simplex code 5"));
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), TERROIR_ESOLVER);
    lp__test_fail_solves(0);
    ck_assert_int_eq(lp__solve_mip(lp, NULL, &res), 0);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_int_eq(res.glpk_failure, 0);
    lp__free(lp);
    test_done();
}
END_TEST

/* Records the incumbent of the first report. */
static int first_report(double incumbent, double bound, void *data)
{
    double *first = data;
    (void)bound;
    if (*first == 0)
        *first = incumbent;
    return 0;
}

START_TEST(mip_uses_dual_simplex_at_root_and_solves_again)
{
    lp_problem *lp = knapsack();
    lp_params params = {0};
    params.dual_simplex = 1;
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -23, TOL);
    /* Forbid b: of the pairs left, a + d (18) beats a + c (17): -18.  The
     * first progress report (at the root) must not show the -23 of the
     * earlier solve, which is no longer feasible. */
    ck_assert_int_eq(lp__set_col_bounds(lp, 1, 0, 0), 0);
    double first = 0;
    params.progress = first_report;
    params.progress_data = &first;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
    ck_assert(isnan(first));
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -18, TOL);
    ck_assert_double_eq_tol(res.bound, -18, TOL);
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(mip_reports_infeasible_when_only_lp_relaxation_is_feasible)
{
    /* 2x = 1 with x integer in [0, 3]: the LP has x = 0.5. */
    lp_problem *lp = NULL;
    ck_assert_int_eq(lp__new(&lp, NULL), 0);
    const double lb = 0, ub = 3, obj = 1;
    const int is_int = 1;
    ck_assert_int_eq(lp__add_cols(lp, 1, &lb, &ub, &obj, &is_int, NULL, NULL), 0);
    const size_t c0[] = {0};
    const double two[] = {2};
    ck_assert_int_eq(lp__add_row(lp, 1, 1, 1, c0, two, NULL, NULL), 0);
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, NULL, &res), 0);
    ck_assert_int_eq(res.status, LP_INFEASIBLE);
    ck_assert(isnan(res.objective));
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(mip_stops_at_time_limit_with_consistent_bound)
{
    lp_problem *lp = hard_mip(120, 15, 7);
    lp_params params = {0};
    params.time_limit_seconds = 0.1;
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
    ck_assert_msg(res.status == LP_FEASIBLE || res.status == LP_TIME_LIMIT,
                  "status %d after a 0.1 s limit", (int)res.status);
    ck_assert(!isnan(res.bound));
    if (res.status == LP_FEASIBLE) {
        ck_assert(res.bound <= res.objective + TOL);
        ck_assert(res.gap >= 0);
        ck_assert_double_eq_tol(res.gap,
                                fabs(res.objective - res.bound) / (fabs(res.objective) + 2.2e-16),
                                1e-9);
        double *x = calloc(120, sizeof *x);
        ck_assert_int_eq(lp__col_values(lp, x), 0);
        for (size_t j = 0; j < 120; j++)
            ck_assert(x[j] == 0 || x[j] == 1);
        free(x);
    }
    lp__free(lp);
    test_done();
}
END_TEST

typedef struct progress_log {
    int calls;
    int stop_at_first; /* stop at the first call */
    double incumbent;  /* at the last call */
    double bound;
    int bound_decreased;
} progress_log;

static int on_progress(double incumbent, double bound, void *data)
{
    progress_log *p = data;
    if (p->calls > 0 && bound < p->bound - 1e-9)
        p->bound_decreased = 1;
    p->calls++;
    p->incumbent = incumbent;
    p->bound = bound;
    return p->stop_at_first || !isnan(incumbent);
}

START_TEST(mip_cancel_from_progress_keeps_incumbent)
{
    lp_problem *lp = hard_mip(120, 15, 11);
    progress_log log = {0};
    lp_params params = {0};
    params.progress = on_progress;
    params.progress_data = &log;
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
    ck_assert_int_eq(res.status, LP_FEASIBLE);
    ck_assert_int_ge(log.calls, 2); /* root, then the first incumbent */
    ck_assert_double_eq_tol(res.objective, log.incumbent, TOL);
    ck_assert(res.bound <= res.objective);
    ck_assert(!log.bound_decreased);
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(mip_cancel_before_any_solution_reports_canceled)
{
    lp_problem *lp = hard_mip(60, 10, 3);
    progress_log log = {0};
    log.stop_at_first = 1;
    lp_params params = {0};
    params.progress = on_progress;
    params.progress_data = &log;
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
    ck_assert_int_eq(res.status, LP_CANCELED);
    ck_assert_int_eq(log.calls, 1);
    ck_assert(isnan(log.incumbent));
    ck_assert(isnan(res.objective));
    ck_assert_double_eq_tol(res.bound, log.bound, TOL); /* the root LP bound */
    double x[60];
    ck_assert_int_eq(lp__col_values(lp, x), TERROIR_EINVAL);
    lp__free(lp);
    test_done();
}
END_TEST

typedef struct heuristic_offer {
    int calls;
    double values[4]; /* what to offer */
} heuristic_offer;

static int offer(const double *relaxation, double *x, size_t n, void *data)
{
    heuristic_offer *h = data;
    ck_assert_uint_eq(n, 4);
    for (size_t j = 0; j < n; j++)
        ck_assert(relaxation[j] >= -TOL && relaxation[j] <= 1 + TOL);
    h->calls++;
    memcpy(x, h->values, sizeof h->values);
    return 1;
}

START_TEST(mip_accepts_feasible_heuristic_solution)
{
    lp_problem *lp = knapsack();
    heuristic_offer h = {0, {1, 1, 0, 0}}; /* the optimum, -23 */
    lp_params params = {0};
    params.heuristic = offer;
    params.heuristic_data = &h;
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
    ck_assert_int_ge(h.calls, 1);
    ck_assert_uint_eq(res.heuristic_accepted, 1);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -23, TOL);
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(mip_rejects_infeasible_heuristic_solution)
{
    lp_problem *lp = knapsack();
    heuristic_offer h = {0, {1, 1, 1, 1}}; /* -38, but weighs 18 > 10 */
    lp_params params = {0};
    params.heuristic = offer;
    params.heuristic_data = &h;
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), 0);
    ck_assert_int_ge(h.calls, 1);
    ck_assert_uint_eq(res.heuristic_accepted, 0);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -23, TOL);
    lp__free(lp);
    test_done();
}
END_TEST

/* ------------------------------------------------------------ the guard */

START_TEST(glpk_fatal_error_returns_esolver_and_thread_recovers)
{
    lp_problem *before = small_lp();
    ck_assert_int_eq(lp__provoke_fatal_error(), TERROIR_ESOLVER);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, TERROIR_ESOLVER);
    ck_assert_msg(strstr(e->message, "GLPK: glp_set_col_bnds: j = 1; column number out of range"),
                  "message: %s", e->message);
    ck_assert_ptr_nonnull(strstr(e->message, "Error detected in file"));

    /* The environment was freed, and with it the earlier problem. */
    lp_result res;
    ck_assert_int_eq(lp__solve_lp(before, NULL, &res), TERROIR_ESOLVER);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "reset"));
    const double lb = 0, ub = 1, obj = 1;
    ck_assert_int_eq(lp__add_cols(before, 1, &lb, &ub, &obj, NULL, NULL, NULL), TERROIR_ESOLVER);
    double x[2];
    ck_assert_int_eq(lp__col_values(before, x), TERROIR_EINVAL);
    lp__free(before); /* must not touch the freed glp_prob */

    /* The same thread goes on solving. */
    lp_problem *after = small_lp();
    ck_assert_int_eq(lp__solve_lp(after, NULL, &res), 0);
    ck_assert_int_eq(res.status, LP_OPTIMAL);
    ck_assert_double_eq_tol(res.objective, -11, TOL);
    lp__free(after);
    lp_problem *mip = knapsack();
    ck_assert_int_eq(lp__solve_mip(mip, NULL, &res), 0);
    ck_assert_double_eq_tol(res.objective, -23, TOL);
    lp__free(mip);
    ck_assert_int_eq(lp__provoke_fatal_error(), TERROIR_ESOLVER); /* and again */
    test_done();
}
END_TEST

START_TEST(glpk_out_of_memory_returns_enomem_and_thread_recovers)
{
    lp_problem *before = small_lp();
    ck_assert_int_eq(lp__provoke_out_of_memory(), TERROIR_ENOMEM);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, TERROIR_ENOMEM);
    ck_assert_msg(strstr(e->message, "memory allocation limit exceeded"), "message: %s",
                  e->message);
    lp_result res;
    ck_assert_int_eq(lp__solve_lp(before, NULL, &res), TERROIR_ESOLVER);
    lp__free(before);
    /* The environment was freed: the default (unlimited) memory is back. */
    lp_problem *after = small_lp();
    ck_assert_int_eq(lp__solve_lp(after, NULL, &res), 0);
    ck_assert_double_eq_tol(res.objective, -11, TOL);
    lp__free(after);
    test_done();
}
END_TEST

static int nested_fatal(double incumbent, double bound, void *data)
{
    (void)incumbent;
    (void)bound;
    int *rc = data;
    *rc = lp__provoke_fatal_error(); /* a GLPK failure inside a callback */
    return 0;
}

START_TEST(glpk_fatal_error_inside_callback_ends_outer_solve)
{
    lp_problem *lp = knapsack();
    int inner = 0;
    lp_params params = {0};
    params.progress = nested_fatal;
    params.progress_data = &inner;
    lp_result res;
    ck_assert_int_eq(lp__solve_mip(lp, &params, &res), TERROIR_ESOLVER);
    ck_assert_int_eq(inner, TERROIR_ESOLVER);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "column number out of range"));
    lp__free(lp);
    lp = knapsack();
    ck_assert_int_eq(lp__solve_mip(lp, NULL, &res), 0);
    ck_assert_double_eq_tol(res.objective, -23, TOL);
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(thread_cleanup_waits_for_live_problems)
{
    lp_problem *lp = small_lp();
    lp__thread_cleanup(); /* a live problem: nothing happens */
    lp_result res;
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), 0);
    ck_assert_double_eq_tol(res.objective, -11, TOL);
    lp__free(lp);
    test_done();
    lp__thread_cleanup(); /* twice is fine */
    lp = small_lp();      /* and GLPK comes back */
    ck_assert_int_eq(lp__solve_lp(lp, NULL, &res), 0);
    lp__free(lp);
    test_done();
}
END_TEST

/* ------------------------------------------------------------ output */

typedef struct lines {
    int count;
    int saw_optimal;
    int saw_error;
} lines;

static void on_line(const char *line, void *data)
{
    lines *l = data;
    l->count++;
    ck_assert_ptr_null(strchr(line, '\n'));
    if (strstr(line, "OPTIMAL"))
        l->saw_optimal = 1;
    if (strstr(line, "Error detected"))
        l->saw_error = 1;
}

START_TEST(glpk_output_goes_to_log_callback_never_to_stdout)
{
    char path[] = "/tmp/terroir_lp_stdout_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_ge(dup2(fd, STDOUT_FILENO), 0);

    lines l = {0};
    lp_params params = {0};
    params.log = on_line;
    params.log_data = &l;
    params.presolve = 1;
    lp_result res;
    lp_problem *lp = small_lp();
    int rc_lp = lp__solve_lp(lp, &params, &res);
    lp__free(lp);
    lp = knapsack();
    int rc_mip = lp__solve_mip(lp, &params, &res);
    lp__free(lp);
    lp = knapsack(); /* without a log callback, the output is dropped */
    int rc_quiet = lp__solve_mip(lp, NULL, &res);
    int rc_write = lp__write_lp(lp, "/nonexistent-dir/x.lp");
    lp__free(lp);
    int rc_fatal = lp__provoke_fatal_error(); /* GLPK forces its error output on */
    test_done();

    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    off_t size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);

    ck_assert_int_eq(rc_lp, 0);
    ck_assert_int_eq(rc_mip, 0);
    ck_assert_int_eq(rc_quiet, 0);
    ck_assert_int_eq(rc_write, TERROIR_EIO);
    ck_assert_int_eq(rc_fatal, TERROIR_ESOLVER);
    ck_assert_int_eq((int)size, 0);
    ck_assert_int_ge(l.count, 3);
    ck_assert(l.saw_optimal);
    ck_assert(!l.saw_error);
}
END_TEST

/* ------------------------------------------------------------ threads */

typedef struct worker {
    int provoke; /* also raise fatal errors in this thread */
    int ok;
} worker;

static void *work(void *data)
{
    worker *w = data;
    w->ok = 1;
    for (int round = 0; round < 20; round++) {
        lp_result res;
        lp_problem *lp = NULL;
        if (w->provoke && lp__provoke_fatal_error() != TERROIR_ESOLVER)
            w->ok = 0;
        if (lp__new(&lp, "t") != 0) {
            w->ok = 0;
            break;
        }
        const double lb[] = {0, 0, 0, 0}, ub[] = {1, 1, 1, 1}, obj[] = {-10, -13, -7, -8};
        const int is_int[] = {1, 1, 1, 1};
        const size_t cols[] = {0, 1, 2, 3};
        const double wgt[] = {4, 6, 3, 5};
        if (lp__add_cols(lp, 4, lb, ub, obj, is_int, NULL, NULL) != 0 ||
            lp__add_row(lp, -HUGE_VAL, 10, 4, cols, wgt, NULL, NULL) != 0 ||
            lp__solve_lp(lp, NULL, &res) != 0 || fabs(res.objective + 23.5) > TOL ||
            lp__solve_mip(lp, NULL, &res) != 0 || fabs(res.objective + 23) > TOL)
            w->ok = 0;
        lp__free(lp);
    }
    test_done();
    return NULL;
}

START_TEST(two_threads_solve_at_once_even_when_one_fails)
{
    worker a = {0, 0}, b = {1, 0};
    pthread_t ta, tb;
    ck_assert_int_eq(pthread_create(&ta, NULL, work, &a), 0);
    ck_assert_int_eq(pthread_create(&tb, NULL, work, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    ck_assert(a.ok);
    ck_assert(b.ok);
}
END_TEST

typedef struct cross {
    lp_problem *lp;
    int rc;
} cross;

static void *use_foreign(void *data)
{
    cross *c = data;
    lp_result res;
    c->rc = lp__solve_lp(c->lp, NULL, &res);
    test_done();
    return NULL;
}

START_TEST(problem_used_from_another_thread_is_refused)
{
    cross c = {small_lp(), 0};
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, use_foreign, &c), 0);
    pthread_join(t, NULL);
    ck_assert_int_eq(c.rc, TERROIR_EINVAL);
    lp__free(c.lp);
    test_done();
}
END_TEST

/* ------------------------------------------------------------ LP files */

static char *slurp(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(core__read_file(path, 1 << 20, &text, &len), 0);
    return text;
}

START_TEST(write_lp_prints_exact_numbers_with_leading_digit)
{
    lp_problem *lp = NULL;
    ck_assert_int_eq(lp__new(&lp, "written"), 0);
    const double lb[] = {0, -HUGE_VAL, 0, 2}, ub[] = {0.5, HUGE_VAL, 7, 2};
    const double obj[] = {0.5, -0.25, 0.1, 1};
    const int is_int[] = {0, 0, 1, 0};
    const char *const names[] = {"x[a b]", "x[a b]", "end", NULL};
    ck_assert_int_eq(lp__add_cols(lp, 4, lb, ub, obj, is_int, names, NULL), 0);
    ck_assert_int_eq(lp__set_obj_constant(lp, 0.125), 0);
    const size_t cols[] = {0, 1, 2};
    const double a[] = {0.5, -0.75, 1.0 / 3};
    ck_assert_int_eq(lp__add_row(lp, -0.3, 0.3, 3, cols, a, "range", NULL), 0);
    ck_assert_int_eq(lp__add_row(lp, 1, HUGE_VAL, 3, cols, a, "3rd", NULL), 0);
    ck_assert_int_eq(lp__add_row(lp, -HUGE_VAL, HUGE_VAL, 1, cols, a, "free", NULL), 0);

    char path[] = "/tmp/terroir_lp_write_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(lp__write_lp(lp, path), 0);
    char *text = slurp(path);
    unlink(path);

    ck_assert_ptr_null(strstr(text, " .")); /* no number without its leading digit */
    ck_assert_ptr_nonnull(strstr(text, "+ 0.5 x(a_b)"));
    ck_assert_ptr_nonnull(strstr(text, "- 0.25 x(a_b)~2")); /* duplicate name made unique */
    ck_assert_ptr_nonnull(strstr(text, "0.1 _end"));          /* keyword prefixed */
    ck_assert_ptr_nonnull(strstr(text, "0.333333333333333315 _end") ?
                          strstr(text, "0.333333333333333315 _end") :
                          strstr(text, "0.33333333333333331 _end"));
    ck_assert_ptr_nonnull(strstr(text, "+ 0.125 ~one"));
    ck_assert_ptr_nonnull(strstr(text, " ~one = 1"));
    ck_assert_ptr_nonnull(strstr(text, " range:"));
    ck_assert_ptr_nonnull(strstr(text, "- ~rng1 = 0"));
    ck_assert_ptr_nonnull(strstr(text, " -0.3 <= ~rng1 <= 0.3"));
    ck_assert_ptr_nonnull(strstr(text, " _3rd:"));
    ck_assert_ptr_nonnull(strstr(text, ">= 1\n"));
    ck_assert_ptr_nonnull(strstr(text, "row _free is free"));
    ck_assert_ptr_nonnull(strstr(text, " x(a_b)~2 free"));
    ck_assert_ptr_nonnull(strstr(text, " 0 <= x(a_b) <= 0.5"));
    ck_assert_ptr_nonnull(strstr(text, " x4 = 2"));
    ck_assert_ptr_nonnull(strstr(text, "Generals\n _end\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nEnd\n"));
    free(text);
    lp__free(lp);
    test_done();
}
END_TEST

START_TEST(write_lp_reports_unwritable_path)
{
    lp_problem *lp = small_lp();
    ck_assert_int_eq(lp__write_lp(lp, "/nonexistent-dir/x.lp"), TERROIR_EIO);
    ck_assert_str_eq(terroir_error_last()->file, "/nonexistent-dir/x.lp");
    ck_assert_int_eq(lp__write_lp(NULL, "x.lp"), TERROIR_EINVAL);
    lp__free(lp);
    test_done();
}
END_TEST

static Suite *lp_suite(void)
{
    Suite *s = suite_create("lp");
    TCase *tc = tcase_create("lp");
    tcase_add_test(tc, lp_solves_small_lp_with_hand_computed_optimum_and_duals);
    tcase_add_test(tc, lp_dual_simplex_with_presolve_finds_same_optimum);
    tcase_add_test(tc, lp_resolves_after_bound_change_and_new_row);
    tcase_add_test(tc, lp_reports_infeasible_with_and_without_presolve);
    tcase_add_test(tc, lp_reports_unbounded_with_and_without_presolve);
    tcase_add_test(tc, lp_rejects_invalid_arguments_without_touching_glpk);
    suite_add_tcase(s, tc);

    tc = tcase_create("mip");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, mip_solves_knapsack_with_bound_equal_to_objective);
    tcase_add_test(tc, mip_uses_dual_simplex_at_root_and_solves_again);
    tcase_add_test(tc, mip_reports_infeasible_when_only_lp_relaxation_is_feasible);
    tcase_add_test(tc, mip_stops_at_time_limit_with_consistent_bound);
    tcase_add_test(tc, mip_cancel_from_progress_keeps_incumbent);
    tcase_add_test(tc, mip_cancel_before_any_solution_reports_canceled);
    tcase_add_test(tc, mip_accepts_feasible_heuristic_solution);
    tcase_add_test(tc, mip_rejects_infeasible_heuristic_solution);
    tcase_add_test(tc, mip_failing_after_an_incumbent_returns_it_as_feasible);
    suite_add_tcase(s, tc);

    tc = tcase_create("guard");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, glpk_fatal_error_returns_esolver_and_thread_recovers);
    tcase_add_test(tc, glpk_out_of_memory_returns_enomem_and_thread_recovers);
    tcase_add_test(tc, glpk_fatal_error_inside_callback_ends_outer_solve);
    tcase_add_test(tc, thread_cleanup_waits_for_live_problems);
    tcase_add_test(tc, glpk_output_goes_to_log_callback_never_to_stdout);
    tcase_add_test(tc, two_threads_solve_at_once_even_when_one_fails);
    tcase_add_test(tc, problem_used_from_another_thread_is_refused);
    suite_add_tcase(s, tc);

    tc = tcase_create("write");
    tcase_add_test(tc, write_lp_prints_exact_numbers_with_leading_digit);
    tcase_add_test(tc, write_lp_reports_unwritable_path);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lp_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
