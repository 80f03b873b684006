/* Solving the LP relaxation with GLPK's simplex (primal, or dual with
 * fall-back to primal), warm-started from the problem's current basis, and
 * mapping GLPK's return code and solution statuses to lp_status.  The MIP
 * solver (solve_mip.c) uses the same routine for its root LP.
 *
 * Cancellation.  glp_simplex offers no callback, only limits.  The simplex
 * therefore runs in slices of pivots, each warm-started from the basis the
 * previous one left (GLPK keeps it in the problem), the progress callback
 * asked between slices: a stop is seen within a slice, at the price of one
 * refactorisation per slice.  A pivot costs about the LP's rows plus
 * columns (those not fixed: GLPK leaves fixed columns out of its working
 * LP, as the column generation's restricted masters have most of theirs),
 * so a slice is LP_SLICE_WORK / (rows + columns) pivots (at most
 * LP_SLICE_ITERATIONS): under a second whatever the size (the Montreal
 * region's design relaxation, 73,000 rows and 90,000 columns, took 3 s
 * for 1,000 pivots on a loaded machine).  The slices are counted in
 * pivots, not seconds, and are the same with or without a callback, so
 * a solve without a time limit takes the same path on every run and
 * machine.  GLPK recovers no basis from a presolved run that did not
 * finish, so a presolved solve gets a first slice of
 * LP_PRESOLVE_PIVOTS_PER_ROW pivots per row (a cold start takes about one
 * per row), and when that is not enough goes on without the presolver:
 * that slice cannot be cut short (a presolved cold start of the 22,756-row
 * allocation benchmark needs most of its 45,000 pivots; a stop may then
 * wait a few seconds).  The presolver itself checks no limit either: it
 * runs only on LPs of at most LP_PRESOLVE_MAX_ROWS rows (the design
 * relaxation of the Montreal region, 73,000 rows, spent 3.6 s in a
 * presolved slice), and when the time left
 * affords it (LP_PRESOLVE_SECONDS_PER_ROW per row, measured on the
 * allocation LPs of generated networks of 10,000-20,000 sites: 0.5-2.5 s
 * for 13,000 rows on a loaded machine). */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "lp/lp_internal.h"

/* Slices of the simplex (see the top comment). */
#define LP_SLICE_ITERATIONS 1000
#define LP_SLICE_WORK 5e7
#define LP_SLICE_MIN_ITERATIONS 20
#define LP_PRESOLVE_PIVOTS_PER_ROW 2
#define LP_PRESOLVE_MAX_ROWS 40000
#define LP_PRESOLVE_SECONDS_PER_ROW 2e-4

static const lp_params default_params;

/* The failures lp__test_fail_solves() asked for on this thread (tests
 * only; 0 in every real solve). */
static _Thread_local unsigned int test_failures;

void lp__test_fail_solves(unsigned int which)
{
    test_failures = which;
}

int lp__test_failing(lp_test_failure which)
{
    return (test_failures & which) != 0;
}

const lp_params *lp__params_or_default(const lp_params *params)
{
    return params ? params : &default_params;
}

static int simplex_once(glp_prob *p, const lp_params *pa, double deadline, int presolve,
                        int it_lim)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.it_lim = it_lim;
    parm.msg_lev = pa->log ? GLP_MSG_ALL : GLP_MSG_ERR;
    parm.meth = pa->dual_simplex ? GLP_DUALP : GLP_PRIMAL;
    parm.tm_lim = lp__tm_lim(deadline);
    parm.presolve = presolve ? GLP_ON : GLP_OFF;
    return glp_simplex(p, &parm);
}

/* One slice of at most it_lim pivots, until `deadline` (0: none), with
 * its recoveries. */
static int simplex_run(glp_prob *p, const lp_params *pa, double deadline, int presolve,
                       int it_lim)
{
    int ret = simplex_once(p, pa, deadline, presolve, it_lim);
    if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) {
        /* The basis left by earlier changes or by a MIP search is unusable:
         * start again from the all-slack basis, which is always valid. */
        glp_std_basis(p);
        ret = simplex_once(p, pa, deadline, presolve, it_lim);
    }
    if (presolve && (ret == GLP_ENODFS || ret == GLP_EFAIL)) {
        /* The presolver found no dual feasible solution, which leaves open
         * whether the LP is unbounded or infeasible (or it could not cope):
         * ask the simplex itself. */
        ret = simplex_once(p, pa, deadline, 0, it_lim);
    }
    return ret;
}

/* Slices until the LP is solved, `deadline` (0: none) passes or the
 * progress callback says stop (the result then reads as a time limit). */
static int simplex_sliced(glp_prob *p, const lp_params *pa, double deadline)
{
    int rows = glp_get_num_rows(p), presolve = pa->presolve != 0 && rows <= LP_PRESOLVE_MAX_ROWS;
    if (presolve && deadline > 0.0 &&
        deadline - core__now() < LP_PRESOLVE_SECONDS_PER_ROW * rows)
        presolve = 0;
    int cols = 0;
    for (int j = glp_get_num_cols(p); j > 0; j--)
        cols += glp_get_col_type(p, j) != GLP_FX;
    double per_slice = LP_SLICE_WORK / ((double)rows + cols + 1);
    int slice = per_slice > LP_SLICE_ITERATIONS       ? LP_SLICE_ITERATIONS
                : per_slice < LP_SLICE_MIN_ITERATIONS ? LP_SLICE_MIN_ITERATIONS
                                                      : (int)per_slice;
    for (;;) {
        int pivots = LP_PRESOLVE_PIVOTS_PER_ROW * rows;
        int it_lim = presolve && pivots > slice ? pivots : slice;
        int ret = simplex_run(p, pa, deadline, presolve, it_lim);
        if (ret != GLP_EITLIM)
            return ret;
        presolve = 0;
        if (pa->progress && pa->progress(NAN, NAN, pa->progress_data))
            return GLP_ETMLIM;
    }
}

int lp__simplex(glp_prob *p, const lp_params *pa, double deadline, lp_result *res)
{
    int ret = simplex_sliced(p, pa, deadline);
    if (lp__test_failing(LP_TEST_FAIL_LP))
        ret = GLP_EFAIL;

    res->objective = NAN;
    res->bound = NAN;
    res->gap = NAN;
    switch (ret) {
    case 0:
        switch (glp_get_status(p)) {
        case GLP_OPT:
            res->status = LP_OPTIMAL;
            res->objective = res->bound = glp_get_obj_val(p);
            res->gap = 0.0;
            return 0;
        case GLP_NOFEAS:
            res->status = LP_INFEASIBLE;
            return 0;
        case GLP_UNBND:
            res->status = LP_UNBOUNDED;
            return 0;
        default:
            if (glp_get_dual_stat(p) == GLP_NOFEAS && glp_get_prim_stat(p) == GLP_FEAS) {
                res->status = LP_UNBOUNDED;
                return 0;
            }
            return core__error(TERROIR_ESOLVER, "GLPK: simplex ended with status %d",
                               glp_get_status(p));
        }
    case GLP_ETMLIM:
    case GLP_EITLIM: {
        /* A primal feasible basis gives a solution, a dual feasible one a
         * bound (the dual simplex keeps one). */
        double obj = glp_get_obj_val(p);
        int primal = glp_get_prim_stat(p) == GLP_FEAS;
        res->status = primal ? LP_FEASIBLE : LP_TIME_LIMIT;
        if (primal)
            res->objective = obj;
        if (glp_get_dual_stat(p) == GLP_FEAS)
            res->bound = obj;
        res->gap = lp__rel_gap(res->objective, res->bound);
        return 0;
    }
    case GLP_ENOPFS:
        res->status = LP_INFEASIBLE;
        return 0;
    case GLP_ENODFS:
        res->status = LP_UNBOUNDED;
        return 0;
    case GLP_EBOUND:
        return core__error(TERROIR_EINVAL, "GLPK: a double-bounded variable has lb > ub");
    default:
        return core__error(TERROIR_ESOLVER, "GLPK: simplex failed (glp_simplex code %d)", ret);
    }
}

typedef struct lp_ctx {
    lp_problem *lp;
    const lp_params *pa;
    double deadline;
    lp_result res;
} lp_ctx;

static int solve_lp_body(lp_guard *g, void *vctx)
{
    lp__guard_fault();
    (void)g;
    lp_ctx *c = vctx;
    return lp__simplex(c->lp->prob, c->pa, c->deadline, &c->res);
}

int lp__solve_lp(lp_problem *lp, const lp_params *params, lp_result *res)
{
    if (!lp || !res)
        return core__error(TERROIR_EINVAL, "lp__solve_lp: NULL argument");
    const lp_params *pa = lp__params_or_default(params);
    if (isnan(pa->time_limit_seconds) || pa->time_limit_seconds < 0.0)
        return core__error(TERROIR_EINVAL, "lp__solve_lp: invalid time limit");
    double start = core__now();
    lp_ctx c;
    memset(&c, 0, sizeof c);
    c.lp = lp;
    c.pa = pa;
    c.deadline = pa->time_limit_seconds > 0.0 ? start + pa->time_limit_seconds : 0.0;
    lp->solved = LP_SOLVED_NONE;
    int rc = lp__guarded(lp, pa->log, pa->log_data, solve_lp_body, &c);
    if (rc < 0)
        return rc;
    if (c.res.status == LP_OPTIMAL || c.res.status == LP_FEASIBLE)
        lp->solved = LP_SOLVED_LP;
    c.res.seconds = core__now() - start;
    c.res.heuristic_accepted = 0;
    *res = c.res;
    return 0;
}
