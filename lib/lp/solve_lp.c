/* Solving the LP relaxation with GLPK's simplex (primal, or dual with
 * fall-back to primal), warm-started from the problem's current basis, and
 * mapping GLPK's return code and solution statuses to lp_status.  The MIP
 * solver (solve_mip.c) uses the same routine for its root LP. */
#include <math.h>
#include <string.h>

#include "lp/lp_internal.h"

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

static int simplex_once(glp_prob *p, const lp_params *pa, double deadline, int presolve)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = pa->log ? GLP_MSG_ALL : GLP_MSG_ERR;
    parm.meth = pa->dual_simplex ? GLP_DUALP : GLP_PRIMAL;
    parm.tm_lim = lp__tm_lim(deadline);
    parm.presolve = presolve ? GLP_ON : GLP_OFF;
    return glp_simplex(p, &parm);
}

int lp__simplex(glp_prob *p, const lp_params *pa, double deadline, lp_result *res)
{
    int presolve = pa->presolve != 0;
    int ret = simplex_once(p, pa, deadline, presolve);
    if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) {
        /* The basis left by earlier changes or by a MIP search is unusable:
         * start again from the all-slack basis, which is always valid. */
        glp_std_basis(p);
        ret = simplex_once(p, pa, deadline, presolve);
    }
    if (presolve && (ret == GLP_ENODFS || ret == GLP_EFAIL)) {
        /* The presolver found no dual feasible solution, which leaves open
         * whether the LP is unbounded or infeasible (or it could not cope):
         * ask the simplex itself. */
        ret = simplex_once(p, pa, deadline, 0);
    }
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
