/* Solving a MIP with GLPK's branch-and-cut (glp_intopt), with the caller's
 * time limit, gap, heuristic and progress/cancellation callbacks.
 *
 * The root LP is solved first with glp_simplex (so that the dual simplex can
 * be used: glp_intopt's own presolver re-solves the root with the primal
 * simplex, and glpsol --dual does not reach the root of a MIP either); the
 * search then starts from that optimal basis with GLPK's MIP presolver off.
 *
 * The best bound is the largest of the root LP value and the bound of the
 * best active node, read in the search callback (the global lower bound of a
 * minimisation only grows, so a bound read earlier is still valid).  The gap
 * is GLPK's: |incumbent - bound| / (|incumbent| + DBL_EPSILON).
 *
 * GLPK's glp_ios_heur_sol() checks only integrality, not constraints, so the
 * caller's heuristic solutions are checked here against the original bounds
 * and rows before they are offered. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp/lp_internal.h"

/* Seconds between two calls of the progress callback during the search. */
#define LP_PROGRESS_PERIOD 0.2
/* Feasibility tolerance for heuristic solutions (absolute, scaled by
 * 1 + |bound|), and distance to an integer taken as integral. */
#define LP_HEUR_TOL 1e-6

typedef struct mip_ctx {
    lp_problem *lp;
    const lp_params *pa;
    lp_guard *guard;
    double start, deadline, last_progress;
    double bound;   /* best bound known */
    int stop;       /* the progress callback asked to stop */
    int timed_out;  /* we stopped the search at the deadline */
    int searching;  /* glp_intopt has started: its incumbent is ours */
    int n, m;       /* columns, original rows */
    /* Only when there is a heuristic: buffers and the original bounds
     * (GLPK changes column bounds in the problem at each node). */
    double *relax;  /* [n] LP values at the node */
    double *x;      /* [n + 1], 1-based for GLPK */
    double *val;    /* [n + 1] */
    int *ind;       /* [n + 1] */
    double *col_lb, *col_ub, *row_lb, *row_ub; /* [n], [n], [m], [m] */
    int *col_int;   /* [n] */
    lp_result res;
} mip_ctx;

static void mip_ctx_free(mip_ctx *c)
{
    free(c->relax);
    free(c->x);
    free(c->val);
    free(c->ind);
    free(c->col_lb);
    free(c->col_ub);
    free(c->row_lb);
    free(c->row_ub);
    free(c->col_int);
}

static int mip_ctx_alloc(mip_ctx *c, size_t n, size_t m)
{
    c->relax = core__calloc(n, sizeof *c->relax);
    c->x = core__calloc(n + 1, sizeof *c->x);
    c->val = core__calloc(n + 1, sizeof *c->val);
    c->ind = core__calloc(n + 1, sizeof *c->ind);
    c->col_lb = core__calloc(n, sizeof *c->col_lb);
    c->col_ub = core__calloc(n, sizeof *c->col_ub);
    c->row_lb = core__calloc(m, sizeof *c->row_lb);
    c->row_ub = core__calloc(m, sizeof *c->row_ub);
    c->col_int = core__calloc(n, sizeof *c->col_int);
    if (!c->relax || !c->x || !c->val || !c->ind || !c->col_lb || !c->col_ub || !c->row_lb ||
        !c->row_ub || !c->col_int)
        return TERROIR_ENOMEM;
    return 0;
}

/* GLPK's bounds of a column or row as (lb, ub) with -+HUGE_VAL for none. */
static void bounds_of(int type, double lb, double ub, double *out_lb, double *out_ub)
{
    *out_lb = (type == GLP_LO || type == GLP_DB || type == GLP_FX) ? lb : -HUGE_VAL;
    *out_ub = (type == GLP_UP || type == GLP_DB || type == GLP_FX) ? ub : HUGE_VAL;
}

static void snapshot_bounds(mip_ctx *c)
{
    glp_prob *p = c->lp->prob;
    for (int j = 1; j <= c->n; j++) {
        bounds_of(glp_get_col_type(p, j), glp_get_col_lb(p, j), glp_get_col_ub(p, j),
                  &c->col_lb[j - 1], &c->col_ub[j - 1]);
        c->col_int[j - 1] = glp_get_col_kind(p, j) != GLP_CV;
    }
    for (int i = 1; i <= c->m; i++)
        bounds_of(glp_get_row_type(p, i), glp_get_row_lb(p, i), glp_get_row_ub(p, i),
                  &c->row_lb[i - 1], &c->row_ub[i - 1]);
}

static int within(double v, double lb, double ub)
{
    return v >= lb - LP_HEUR_TOL * (1.0 + fabs(lb)) && v <= ub + LP_HEUR_TOL * (1.0 + fabs(ub));
}

/* Check c->x[1..n] against the original problem; round integer columns to
 * exact integers (GLPK insists).  1 if feasible. */
static int heuristic_feasible(mip_ctx *c)
{
    glp_prob *p = c->lp->prob;
    for (int j = 1; j <= c->n; j++) {
        double v = c->x[j];
        if (!isfinite(v))
            return 0;
        if (c->col_int[j - 1]) {
            double r = nearbyint(v);
            if (fabs(v - r) > LP_HEUR_TOL)
                return 0;
            c->x[j] = v = r;
        }
        if (!within(v, c->col_lb[j - 1], c->col_ub[j - 1]))
            return 0;
    }
    for (int i = 1; i <= c->m; i++) {
        int len = glp_get_mat_row(p, i, c->ind, c->val);
        double act = 0.0;
        for (int k = 1; k <= len; k++)
            act += c->val[k] * c->x[c->ind[k]];
        if (!within(act, c->row_lb[i - 1], c->row_ub[i - 1]))
            return 0;
    }
    return 1;
}

/* Ask the caller's heuristic for a solution and offer it.  1 if GLPK took
 * it as its new incumbent. */
static int offer_heuristic(mip_ctx *c, glp_tree *tree)
{
    glp_prob *p = c->lp->prob;
    for (int j = 1; j <= c->n; j++)
        c->relax[j - 1] = glp_get_col_prim(p, j);
    memset(c->x, 0, ((size_t)c->n + 1) * sizeof *c->x);
    int offered = c->pa->heuristic(c->relax, c->x + 1, (size_t)c->n, c->pa->heuristic_data);
    lp__guard_check(c->guard);
    if (!offered || !heuristic_feasible(c))
        return 0;
    if (glp_ios_heur_sol(tree, c->x) != 0)
        return 0; /* not better than the incumbent */
    c->res.heuristic_accepted++;
    return 1;
}

static void track_bound(mip_ctx *c, glp_tree *tree)
{
    int best = glp_ios_best_node(tree);
    if (best > 0) {
        double b = glp_ios_node_bound(tree, best);
        if (b > c->bound && b < HUGE_VAL)
            c->bound = b;
    }
}

static double incumbent(const mip_ctx *c)
{
    glp_prob *p = c->lp->prob;
    if (!c->searching)
        return NAN; /* what is there comes from an earlier solve */
    int st = glp_mip_status(p);
    return st == GLP_FEAS || st == GLP_OPT ? glp_mip_obj_val(p) : NAN;
}

/* Tell the caller; returns non-zero when it asks to stop. */
static int report(mip_ctx *c, double now)
{
    c->last_progress = now;
    if (!c->pa->progress)
        return 0;
    int stop = c->pa->progress(incumbent(c), c->bound, c->pa->progress_data);
    lp__guard_check(c->guard);
    return stop;
}

/* GLPK's search callback (glp_iocp.cb_func). */
static void search_callback(glp_tree *tree, void *info)
{
    mip_ctx *c = info;
    if (c->stop) {
        glp_ios_terminate(tree);
        return;
    }
    double now = core__now();
    if (c->deadline > 0.0 && now >= c->deadline) {
        /* GLPK checks its time limit only between nodes; a long root (cut
         * rounds, dense LPs) would run past it. */
        c->timed_out = 1;
        glp_ios_terminate(tree);
        return;
    }
    int reason = glp_ios_reason(tree), news = reason == GLP_IBINGO;
    if (reason == GLP_IHEUR && c->pa->heuristic && offer_heuristic(c, tree))
        news = 1;
    now = core__now(); /* the heuristic may have taken a while */
    int due = now - c->last_progress >= LP_PROGRESS_PERIOD;
    if (news || due || reason == GLP_ISELECT)
        track_bound(c, tree);
    if ((news || due) && report(c, now)) {
        c->stop = 1;
        glp_ios_terminate(tree);
    }
}

static void finish(mip_ctx *c, lp_status status, double objective)
{
    c->res.status = status;
    c->res.objective = objective;
    c->res.bound = c->bound;
    if (!isnan(objective) && !isnan(c->bound) && c->bound > objective)
        c->res.bound = objective;
    c->res.gap = lp__rel_gap(objective, c->res.bound);
}

static int solve_mip_body(lp_guard *g, void *vctx)
{
    lp__guard_fault();
    mip_ctx *c = vctx;
    glp_prob *p = c->lp->prob;
    c->guard = g;
    c->bound = NAN;

    /* Root LP. */
    lp_result root;
    int rc = lp__simplex(p, c->pa, c->deadline, &root);
    if (rc < 0)
        return rc;
    switch (root.status) {
    case LP_OPTIMAL:
        break;
    case LP_INFEASIBLE:
    case LP_UNBOUNDED: /* with rational data: the MIP too, if it is feasible */
        finish(c, root.status, NAN);
        return 0;
    default: /* limit reached before the root LP was solved */
        c->bound = root.bound;
        finish(c, LP_TIME_LIMIT, NAN);
        return 0;
    }
    c->bound = root.objective;
    if (report(c, core__now())) {
        finish(c, LP_CANCELED, NAN);
        return 0;
    }
    if (c->deadline > 0.0 && core__now() >= c->deadline) {
        finish(c, LP_TIME_LIMIT, NAN);
        return 0;
    }
    if (c->pa->heuristic)
        snapshot_bounds(c);

    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = c->pa->log ? GLP_MSG_ALL : GLP_MSG_ERR;
    parm.tm_lim = lp__tm_lim(c->deadline);
    parm.presolve = GLP_OFF; /* the root LP is solved: keep its basis */
    if (c->pa->mip_gap > 0.0)
        parm.mip_gap = c->pa->mip_gap;
    if (c->pa->cuts) {
        parm.gmi_cuts = GLP_ON;
        parm.mir_cuts = GLP_ON;
        parm.cov_cuts = GLP_ON;
        parm.clq_cuts = GLP_ON;
    }
    parm.fp_heur = c->pa->feasibility_pump ? GLP_ON : GLP_OFF;
    parm.cb_func = search_callback;
    parm.cb_info = c;
    c->searching = 1;
    int ret = glp_intopt(p, &parm);
    if (lp__test_failing(LP_TEST_FAIL_MIP))
        ret = GLP_EFAIL;
    double obj = incumbent(c);

    switch (ret) {
    case 0:
        if (glp_mip_status(p) == GLP_OPT) {
            c->bound = obj; /* the search is complete */
            finish(c, LP_OPTIMAL, obj);
        } else if (glp_mip_status(p) == GLP_NOFEAS) {
            c->bound = NAN;
            finish(c, LP_INFEASIBLE, NAN);
        } else {
            return core__error(TERROIR_ESOLVER, "GLPK: branch-and-cut ended with status %d",
                               glp_mip_status(p));
        }
        return 0;
    case GLP_EMIPGAP: {
        /* GLPK proved the gap below mip_gap with its own bound, which may be
         * fresher than ours. */
        double proven = obj - c->pa->mip_gap * (fabs(obj) + DBL_EPSILON);
        if (isnan(c->bound) || proven > c->bound)
            c->bound = proven;
        finish(c, LP_OPTIMAL, obj);
        return 0;
    }
    case GLP_ETMLIM:
        finish(c, isnan(obj) ? LP_TIME_LIMIT : LP_FEASIBLE, obj);
        return 0;
    case GLP_ESTOP:
        finish(c, !isnan(obj) ? LP_FEASIBLE : c->timed_out ? LP_TIME_LIMIT : LP_CANCELED, obj);
        return 0;
    case GLP_EBOUND:
        return core__error(TERROIR_EINVAL, "GLPK: a column has lb > ub or an integer column "
                                           "has fractional bounds");
    default:
        /* GLP_EFAIL (a node LP the simplex could not solve, seen on CLRP
         * instances) and the like: the search is over, but an incumbent
         * found before is a feasible solution; the caller says so. */
        if (!isnan(obj)) {
            finish(c, LP_FEASIBLE, obj);
            c->res.glpk_failure = ret;
            return 0;
        }
        return core__error(TERROIR_ESOLVER, "GLPK: branch-and-cut failed (glp_intopt code %d)",
                           ret);
    }
}

int lp__solve_mip(lp_problem *lp, const lp_params *params, lp_result *res)
{
    if (!lp || !res)
        return core__error(TERROIR_EINVAL, "lp__solve_mip: NULL argument");
    const lp_params *pa = lp__params_or_default(params);
    if (isnan(pa->time_limit_seconds) || pa->time_limit_seconds < 0.0)
        return core__error(TERROIR_EINVAL, "lp__solve_mip: invalid time limit");
    if (isnan(pa->mip_gap) || pa->mip_gap < 0.0)
        return core__error(TERROIR_EINVAL, "lp__solve_mip: invalid MIP gap");
    int rc = 0;
    mip_ctx c;
    memset(&c, 0, sizeof c);
    c.lp = lp;
    c.pa = pa;
    c.start = c.last_progress = core__now();
    c.deadline = pa->time_limit_seconds > 0.0 ? c.start + pa->time_limit_seconds : 0.0;
    c.n = (int)lp->n_cols;
    c.m = (int)lp->n_rows;
    if (pa->heuristic && mip_ctx_alloc(&c, lp->n_cols, lp->n_rows) < 0) {
        rc = core__error(TERROIR_ENOMEM, "out of memory preparing a MIP solve");
        goto out;
    }
    lp->solved = LP_SOLVED_NONE;
    rc = lp__guarded(lp, pa->log, pa->log_data, solve_mip_body, &c);
    if (rc < 0)
        goto out;
    if (c.res.status == LP_OPTIMAL || c.res.status == LP_FEASIBLE)
        lp->solved = LP_SOLVED_MIP;
    c.res.seconds = core__now() - c.start;
    *res = c.res;
out:
    mip_ctx_free(&c);
    return rc;
}
