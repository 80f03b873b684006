/* Exact search of the CFLP engine: a branch-and-bound over the facility
 * variables y with Lagrangian bounds, after Görtz & Klose (2012), "A simple
 * but usually fast branch-and-bound algorithm for the capacitated facility
 * location problem" (INFORMS J. Computing 24(4)):
 *
 *   - bound: the Lagrangian relaxation of the demand constraints with the
 *     aggregate capacity constraint (cflp_lagrange.c), maximised by
 *     subgradient optimisation with Polyak steps towards the incumbent
 *     (Held, Wolfe & Crowder 1974; Beasley 1988's halving schedule), warm
 *     started at each node from its parent's best multipliers;
 *   - branching: on the facility whose averaged subproblem solution y is
 *     closest to 1/2 (the averaged y estimates the primal solution of the
 *     Lagrangian dual, as in the volume algorithm of Barahona & Anbil 2000);
 *   - fixing: a free facility is fixed when forcing it to the other value
 *     raises the Lagrangian bound above the incumbent (penalty tests);
 *   - primal: every subproblem solution y is a candidate configuration,
 *     evaluated exactly and improved by local search (cflp_heuristic.c);
 *   - node selection: best bound first, diving to the deepest node when the
 *     open nodes outgrow the memory limit.
 *
 * Leaves (all facilities fixed) are solved exactly by the transportation
 * simplex, so the search is exact; it stops at the relative gap asked. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "design/cflp.h"

#define ROOT_MAX_ITER 3000
#define ROOT_PATIENCE 25
#define NODE_MAX_ITER 150
#define NODE_PATIENCE 8
#define ALPHA_MIN 1e-4
#define PROGRESS_EVERY 0.2

typedef struct bb_node {
    double lb;
    size_t depth;
    size_t seq;         /* creation order: ties go to the newest (LIFO) */
    unsigned char *fix; /* m */
    double *lambda;     /* n */
} bb_node;

typedef struct solver {
    const cflp_inst *inst;
    cflp_params par;
    cflp_lagrange lg;
    cflp_heur *heur;
    double t0, deadline, last_progress, last_log;
    int stop; /* 0, or the status that stopped the search */
    size_t nodes, iterations, seq;
    bb_node **open;
    size_t n_open, cap_open;
    size_t node_bytes;
    double pruned_min; /* smallest bound of a node closed without exploring it fully */
    double cur_lb;     /* bound of the node being processed */
    /* scratch */
    double *lambda, *best_lambda, *yavg;
    unsigned char *fix, *y, *best_y, *round_y;
    double root_bound;
} solver;

const char *cflp__status_to_string(cflp_status s)
{
    switch (s) {
    case CFLP_STATUS_OPTIMAL:
        return "optimal";
    case CFLP_STATUS_FEASIBLE:
        return "feasible";
    case CFLP_STATUS_INFEASIBLE:
        return "infeasible";
    case CFLP_STATUS_TIME_LIMIT:
        return "time_limit";
    case CFLP_STATUS_CANCELED:
        return "canceled";
    }
    return "unknown";
}

void cflp__result_free(cflp_result *res)
{
    if (!res)
        return;
    free(res->open);
    free(res->flow);
    res->open = NULL;
    res->flow = NULL;
    res->n_flow = 0;
}

static void logf_(solver *s, const char *fmt, ...) CORE_PRINTF(2, 3);
static void logf_(solver *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core__vlogf(s->par.log, s->par.log_data, fmt, ap);
    va_end(ap);
}

static double ub(const solver *s)
{
    return cflp__heur_best(s->heur, NULL, NULL);
}

/* Prune tolerance at incumbent value u. */
static double tol_at(const solver *s, double u)
{
    double a = fabs(u);
    double t = s->par.gap * a;
    if (t < 1e-10 * a)
        t = 1e-10 * a;
    return t > 1e-9 ? t : 1e-9;
}

static double global_bound(const solver *s)
{
    double b = s->pruned_min;
    if (s->cur_lb < b)
        b = s->cur_lb;
    for (size_t k = 0; k < s->n_open; k++)
        if (s->open[k]->lb < b)
            b = s->open[k]->lb;
    double u = ub(s);
    return b < u ? b : u;
}

/* Time limit and progress callback; sets s->stop.  Returns s->stop. */
static int check_stop(solver *s, int force_progress)
{
    if (s->stop)
        return s->stop;
    double now = core__now();
    if (s->deadline > 0 && now >= s->deadline) {
        s->stop = CFLP_STATUS_TIME_LIMIT;
        return s->stop;
    }
    if (s->par.progress && (force_progress || now - s->last_progress >= PROGRESS_EVERY)) {
        s->last_progress = now;
        double u = ub(s);
        if (s->par.progress(u < HUGE_VAL ? u : NAN, global_bound(s), s->par.progress_data))
            s->stop = CFLP_STATUS_CANCELED;
    }
    return s->stop;
}

static double deadline_within(const solver *s, double seconds)
{
    double d = core__now() + seconds;
    if (s->deadline > 0 && s->deadline < d)
        d = s->deadline;
    return d;
}

/* Evaluate configuration y and, when it is promising, improve it by local
 * search.  `improve`: 0 never, 1 when within 2% of the incumbent, 2 always. */
static int try_primal(solver *s, const unsigned char *y, int improve)
{
    int rc;
    const cflp_inst *inst = s->inst;
    double before = ub(s), val;
    memcpy(s->y, y, inst->m);
    for (size_t i = 0; i < inst->m; i++)
        if (inst->fix[i] == CFLP_OPEN)
            s->y[i] = 1;
    double capsum = 0.0;
    for (size_t i = 0; i < inst->m; i++)
        if (s->y[i])
            capsum += inst->cap[i];
    if (cflp__heur_lookup(s->heur, s->y, &val))
        return 0; /* seen (and improved, if it was promising) before */
    if (capsum >= inst->total_demand * (1 - 1e-12)) {
        if ((rc = cflp__heur_eval(s->heur, s->y, &val)) != 0)
            return rc;
    } else {
        val = HUGE_VAL;
    }
    if (improve == 2 ||
        (improve == 1 && (val == HUGE_VAL || val <= before + 0.02 * fabs(before) + 1e-9))) {
        double budget = 1.0 + 0.02 * (s->deadline > 0 ? s->deadline - core__now() : 50.0);
        if ((rc = cflp__heur_improve(s->heur, s->y, deadline_within(s, budget))) != 0)
            return rc;
    }
    if (ub(s) < before) {
        logf_(s, "cflp: incumbent %.6f at %.2f s (node %zu)", ub(s), core__now() - s->t0, s->nodes);
        check_stop(s, 1);
    }
    return 0;
}

/* Subgradient optimisation of L(lambda) at a node with fixings `fix`,
 * starting from lambda (updated to the best multipliers found).  *lb gets
 * the best bound (HUGE_VAL: the node is infeasible); yavg the averaged
 * subproblem y; best_y the y of the best bound.  `root` selects the longer
 * schedule and the frequent primal heuristic. */
static int subgradient(solver *s, const unsigned char *fix, double *lambda, int root, double *lb,
                       int *solved)
{
    int rc;
    const cflp_inst *inst = s->inst;
    size_t m = inst->m, n = inst->n;
    double alpha = root ? 2.0 : 0.5;
    size_t max_iter = root ? ROOT_MAX_ITER : NODE_MAX_ITER;
    size_t patience = root ? ROOT_PATIENCE : NODE_PATIENCE;
    double best = -HUGE_VAL;
    size_t stall = 0;
    *solved = 0;
    memcpy(s->best_lambda, lambda, n * sizeof *lambda);
    for (size_t it = 0; it < max_iter; it++) {
        if (check_stop(s, 0))
            break;
        if ((rc = cflp__lagrange_eval(&s->lg, fix, lambda)) != 0)
            return core__error(rc, "facility location: out of memory");
        s->iterations++;
        if (s->lg.infeasible) {
            *lb = HUGE_VAL;
            return 0;
        }
        double L = s->lg.value;
        for (size_t i = 0; i < m; i++)
            s->yavg[i] = it == 0 ? s->lg.y[i] : 0.9 * s->yavg[i] + 0.1 * s->lg.y[i];
        if (best == -HUGE_VAL || L > best + 1e-12 * fabs(best)) {
            if (best == -HUGE_VAL || L > best + 1e-6 * fabs(best))
                stall = 0;
            else
                stall++;
            best = L;
            memcpy(s->best_lambda, lambda, n * sizeof *lambda);
            memcpy(s->best_y, s->lg.y, m);
        } else {
            stall++;
        }
        double u = ub(s);
        if (best >= u - tol_at(s, u))
            break;
        double norm = 0.0;
        for (size_t j = 0; j < n; j++)
            norm += s->lg.g[j] * s->lg.g[j];
        if (norm < 1e-18) {
            /* The subproblem's assignment serves everyone: it is a feasible
             * solution of value L, hence optimal for the node. */
            if ((rc = try_primal(s, s->lg.y, 0)) != 0)
                return rc;
            *solved = 1;
            break;
        }
        if (root && (it % 5 == 0 || stall == 0)) {
            if ((rc = try_primal(s, s->lg.y, 1)) != 0)
                return rc;
            u = ub(s);
        }
        if (root && it % 10 == 9) {
            /* the averaged y estimates the primal solution: round it */
            for (size_t i = 0; i < m; i++)
                s->round_y[i] = s->yavg[i] >= 0.5;
            if ((rc = try_primal(s, s->round_y, 1)) != 0)
                return rc;
            u = ub(s);
        }
        if (stall >= patience) {
            alpha /= 2;
            stall = 0;
            if (alpha < ALPHA_MIN)
                break;
        }
        double target = u < HUGE_VAL ? u : L + 0.1 * fabs(L) + 1.0;
        double step = alpha * (target - L) / norm;
        for (size_t j = 0; j < n; j++)
            lambda[j] += step * s->lg.g[j];
    }
    memcpy(lambda, s->best_lambda, n * sizeof *lambda);
    *lb = best;
    return 0;
}

/* A customer without an arc to a facility that may open makes a node
 * infeasible (the Lagrangian bound would grow without limit). */
static int node_isolates_customer(const solver *s, const unsigned char *fix)
{
    const cflp_inst *inst = s->inst;
    for (size_t j = 0; j < inst->n; j++) {
        int ok = 0;
        for (size_t a = inst->cus_start[j]; a < inst->cus_start[j + 1] && !ok; a++)
            ok = fix[inst->arc_fac[inst->cus_arc[a]]] != CFLP_CLOSED;
        if (!ok)
            return 1;
    }
    return 0;
}

/* Penalty tests at the multipliers `lambda`: fix free facilities whose
 * flip bound reaches the incumbent.  Returns the number fixed. */
static size_t fix_by_penalties(solver *s, unsigned char *fix, const double *lambda)
{
    const cflp_inst *inst = s->inst;
    if (cflp__lagrange_eval(&s->lg, fix, lambda) != 0 || s->lg.infeasible)
        return 0;
    double u = ub(s);
    if (u == HUGE_VAL)
        return 0;
    double cut = u - tol_at(s, u);
    size_t fixed = 0;
    /* Bounds first, then fix: each test assumes the others free. */
    for (size_t i = 0; i < inst->m; i++) {
        if (fix[i] != CFLP_FREE)
            continue;
        double fb = cflp__lagrange_flip_bound(&s->lg, fix, lambda, i);
        if (fb >= cut) {
            s->y[i] = s->lg.y[i] ? CFLP_OPEN : CFLP_CLOSED;
            fixed++;
        } else {
            s->y[i] = CFLP_FREE;
        }
    }
    for (size_t i = 0; i < inst->m; i++)
        if (fix[i] == CFLP_FREE && s->y[i] != CFLP_FREE)
            fix[i] = s->y[i];
    return fixed;
}

static bb_node *node_new(solver *s, const unsigned char *fix, const double *lambda, double lb,
                         size_t depth)
{
    const cflp_inst *inst = s->inst;
    bb_node *nd = core__malloc(sizeof *nd);
    if (!nd)
        return NULL;
    nd->fix = core__malloc(inst->m);
    nd->lambda = core__reallocarray(NULL, inst->n, sizeof *nd->lambda);
    if (!nd->fix || !nd->lambda) {
        free(nd->fix);
        free(nd->lambda);
        free(nd);
        return NULL;
    }
    memcpy(nd->fix, fix, inst->m);
    memcpy(nd->lambda, lambda, inst->n * sizeof *lambda);
    nd->lb = lb;
    nd->depth = depth;
    nd->seq = s->seq++;
    return nd;
}

static void node_free(bb_node *nd)
{
    if (!nd)
        return;
    free(nd->fix);
    free(nd->lambda);
    free(nd);
}

static int push(solver *s, bb_node *nd)
{
    if (core__grow((void **)&s->open, &s->cap_open, s->n_open + 1, sizeof *s->open) != 0) {
        node_free(nd);
        return core__error(TERROIR_ENOMEM, "facility location: out of memory");
    }
    s->open[s->n_open++] = nd;
    return 0;
}

/* Best bound first (newest on ties); deepest first when the open nodes
 * outgrow the memory limit. */
static bb_node *pop(solver *s)
{
    if (s->n_open == 0)
        return NULL;
    int dive = s->n_open * s->node_bytes > s->par.memory_limit;
    size_t pick = 0;
    for (size_t k = 1; k < s->n_open; k++) {
        const bb_node *a = s->open[k], *b = s->open[pick];
        int better;
        if (dive)
            better = a->depth > b->depth || (a->depth == b->depth && a->lb < b->lb);
        else
            better = a->lb < b->lb || (a->lb == b->lb && a->seq > b->seq);
        if (better)
            pick = k;
    }
    bb_node *nd = s->open[pick];
    s->open[pick] = s->open[--s->n_open];
    return nd;
}

/* Process one node: bound, fix, maybe solve, else branch. */
static int process(solver *s, bb_node *nd)
{
    int rc;
    const cflp_inst *inst = s->inst;
    size_t m = inst->m;
    int root = s->nodes == 0;
    s->nodes++;
    s->cur_lb = nd->lb;
    double u = ub(s);
    if (nd->lb >= u - tol_at(s, u)) {
        if (nd->lb < s->pruned_min)
            s->pruned_min = nd->lb;
        return 0;
    }
    if (node_isolates_customer(s, nd->fix))
        return 0;

    size_t free_cnt = 0;
    for (size_t i = 0; i < m; i++)
        free_cnt += nd->fix[i] == CFLP_FREE;
    if (free_cnt == 0) {
        for (size_t i = 0; i < m; i++)
            s->fix[i] = nd->fix[i] == CFLP_OPEN;
        double val;
        if ((rc = cflp__heur_eval(s->heur, s->fix, &val)) != 0)
            return rc;
        return 0;
    }

    double lb;
    int solved;
    if ((rc = subgradient(s, nd->fix, nd->lambda, root, &lb, &solved)) != 0)
        return rc;
    if (lb < nd->lb)
        lb = nd->lb; /* the parent's bound is valid here too */
    if (root) {
        s->root_bound = lb;
        logf_(s, "cflp: root bound %.6f, incumbent %.6f, %zu iterations, %.2f s", lb, ub(s),
              s->iterations, core__now() - s->t0);
    }
    nd->lb = lb;
    s->cur_lb = lb;
    if (lb == HUGE_VAL || solved)
        return 0;
    if (!root) {
        /* one primal try per node, from the best subproblem solution */
        if ((rc = try_primal(s, s->best_y, 1)) != 0)
            return rc;
    }
    u = ub(s);
    if (lb >= u - tol_at(s, u)) {
        if (lb < s->pruned_min)
            s->pruned_min = lb;
        return 0;
    }
    if (s->stop) {
        /* keep the node's bound in the global bound */
        if (lb < s->pruned_min)
            s->pruned_min = lb;
        return 0;
    }

    /* Penalty fixing; if it fixed anything the node is re-bounded once. */
    size_t fixed = fix_by_penalties(s, nd->fix, nd->lambda);
    if (fixed > 0) {
        double lb2;
        if (node_isolates_customer(s, nd->fix))
            return 0;
        size_t still_free = 0;
        for (size_t i = 0; i < m; i++)
            still_free += nd->fix[i] == CFLP_FREE;
        if (still_free > 0) {
            if ((rc = subgradient(s, nd->fix, nd->lambda, 0, &lb2, &solved)) != 0)
                return rc;
            if (lb2 > lb)
                lb = lb2;
            nd->lb = lb;
            s->cur_lb = lb;
            u = ub(s);
            if (lb == HUGE_VAL || solved || lb >= u - tol_at(s, u) || s->stop) {
                if (lb < s->pruned_min && lb != HUGE_VAL && !solved)
                    s->pruned_min = lb;
                return 0;
            }
        } else {
            bb_node *leaf = node_new(s, nd->fix, nd->lambda, lb, nd->depth + 1);
            if (!leaf)
                return core__error(TERROIR_ENOMEM, "facility location: out of memory");
            return push(s, leaf);
        }
    }

    /* Branch on the free facility whose averaged y is closest to 1/2. */
    size_t bi = CFLP_NONE;
    double bscore = -1.0;
    for (size_t i = 0; i < m; i++) {
        if (nd->fix[i] != CFLP_FREE)
            continue;
        double sc = s->yavg[i] < 1 - s->yavg[i] ? s->yavg[i] : 1 - s->yavg[i];
        if (sc > bscore + 1e-12 ||
            (fabs(sc - bscore) <= 1e-12 && bi != CFLP_NONE && inst->cap[i] > inst->cap[bi])) {
            bscore = sc;
            bi = i;
        }
    }
    int prefer_open = s->yavg[bi] >= 0.5;
    for (int side = 0; side < 2; side++) {
        /* the preferred child is pushed last: newest wins ties */
        int open_child = side == 0 ? !prefer_open : prefer_open;
        nd->fix[bi] = open_child ? CFLP_OPEN : CFLP_CLOSED;
        bb_node *ch = node_new(s, nd->fix, nd->lambda, lb, nd->depth + 1);
        if (!ch)
            return core__error(TERROIR_ENOMEM, "facility location: out of memory");
        if ((rc = push(s, ch)) != 0)
            return rc;
    }
    return 0;
}

static void solver_free(solver *s)
{
    for (size_t k = 0; k < s->n_open; k++)
        node_free(s->open[k]);
    free(s->open);
    cflp__lagrange_free(&s->lg);
    cflp__heur_free(s->heur);
    free(s->lambda);
    free(s->best_lambda);
    free(s->yavg);
    free(s->fix);
    free(s->y);
    free(s->best_y);
    free(s->round_y);
}

/* Copy the incumbent into the result, in the caller's indexing. */
static int fill_solution(solver *s, const cflp_inst *inst, cflp_result *res)
{
    const unsigned char *open;
    const double *flow;
    double val = cflp__heur_best(s->heur, &open, &flow);
    if (!open)
        return 0;
    res->open = core__calloc(inst->m, 1);
    res->flow = core__calloc(inst->n_flow ? inst->n_flow : 1, sizeof *res->flow);
    if (!res->open || !res->flow) {
        cflp__result_free(res);
        return core__error(TERROIR_ENOMEM, "facility location: out of memory");
    }
    memcpy(res->open, open, inst->m);
    for (size_t k = 0; k < inst->n_arcs; k++)
        res->flow[inst->arc_orig[k]] = flow[k];
    res->n_flow = inst->n_flow;
    res->objective = val;
    return 0;
}

int cflp__solve(const cflp_problem *p, const cflp_params *params, cflp_result *res)
{
    int rc = 0;
    cflp_inst inst;
    solver s;
    memset(&s, 0, sizeof s);
    if (!res)
        return core__error(TERROIR_EINVAL, "facility location: NULL result");
    memset(res, 0, sizeof *res);
    res->objective = NAN;
    res->bound = -HUGE_VAL;
    res->gap = NAN;
    double t0 = core__now();
    cflp_params def = CFLP_PARAMS_INIT;
    s.par = params ? *params : def;
    if (!(s.par.gap >= 0) || !(s.par.time_limit_seconds >= 0))
        return core__error(TERROIR_EINVAL, "facility location: negative or NaN gap or time "
                                           "limit");
    if (s.par.memory_limit == 0)
        s.par.memory_limit = (size_t)256 << 20;
    if ((rc = cflp__inst_build(&inst, p)) != 0)
        return rc;
    s.inst = &inst;
    s.t0 = t0;
    s.last_progress = t0;
    s.deadline = s.par.time_limit_seconds > 0 ? t0 + s.par.time_limit_seconds : 0;
    s.pruned_min = HUGE_VAL;
    s.cur_lb = HUGE_VAL;
    size_t m = inst.m, n = inst.n;
    s.node_bytes = sizeof(bb_node) + m + n * sizeof(double) + 64;

    if ((rc = cflp__lagrange_init(&s.lg, &inst)) != 0 ||
        (rc = cflp__heur_new(&s.heur, &inst, s.par.seed)) != 0)
        goto done;
    s.lambda = core__calloc(n ? n : 1, sizeof *s.lambda);
    s.best_lambda = core__calloc(n ? n : 1, sizeof *s.best_lambda);
    s.yavg = core__calloc(m, sizeof *s.yavg);
    s.fix = core__calloc(m, 1);
    s.y = core__calloc(m, 1);
    s.best_y = core__calloc(m, 1);
    s.round_y = core__calloc(m, 1);
    if (!s.lambda || !s.best_lambda || !s.yavg || !s.fix || !s.y || !s.best_y || !s.round_y) {
        rc = core__error(TERROIR_ENOMEM, "facility location: out of memory");
        goto done;
    }

    /* A first incumbent: every facility that may open, then local search
     * with a small share of the time.  Infeasible here means infeasible. */
    double val;
    for (size_t i = 0; i < m; i++)
        s.y[i] = inst.fix[i] != CFLP_CLOSED;
    if ((rc = cflp__heur_eval(s.heur, s.y, &val)) != 0)
        goto done;
    if (val == HUGE_VAL) {
        res->status = CFLP_STATUS_INFEASIBLE;
        res->bound = HUGE_VAL;
        goto finish;
    }
    logf_(&s, "cflp: %zu facilities, %zu customers, %zu arcs; all open: %.6f", m, n, inst.n_arcs,
          val);

    /* Multipliers: the cheapest way to serve each customer in full, its
     * share of the fixed cost included (f_i d_j / s_i), a fair first guess
     * of the price of serving it. */
    for (size_t j = 0; j < n; j++) {
        double best = HUGE_VAL;
        for (size_t a = inst.cus_start[j]; a < inst.cus_start[j + 1]; a++) {
            size_t k = inst.cus_arc[a], i = inst.arc_fac[k];
            double share = inst.cap[i] > 0 && inst.fix[i] == CFLP_FREE
                               ? inst.fixed[i] * inst.dem[j] / inst.cap[i]
                               : 0.0;
            if (inst.fix[i] != CFLP_CLOSED && inst.arc_full[k] + share < best)
                best = inst.arc_full[k] + share;
        }
        s.lambda[j] = best;
    }
    memcpy(s.fix, inst.fix, m);
    bb_node *root = node_new(&s, s.fix, s.lambda, -HUGE_VAL, 0);
    if (!root) {
        rc = core__error(TERROIR_ENOMEM, "facility location: out of memory");
        goto done;
    }
    if ((rc = push(&s, root)) != 0)
        goto done;
    bb_node *nd;
    while ((nd = pop(&s)) != NULL) {
        if (s.par.node_limit && s.nodes >= s.par.node_limit && !s.stop)
            s.stop = CFLP_STATUS_TIME_LIMIT;
        if (s.stop) {
            if (nd->lb < s.pruned_min)
                s.pruned_min = nd->lb;
            node_free(nd);
            continue;
        }
        rc = process(&s, nd);
        s.cur_lb = HUGE_VAL;
        node_free(nd);
        if (rc != 0)
            goto done;
        if (s.par.log && core__now() - s.last_log > 5.0) {
            s.last_log = core__now();
            logf_(&s, "cflp: %zu nodes, %zu open, bound %.6f, incumbent %.6f, %.1f s", s.nodes,
                  s.n_open, global_bound(&s), ub(&s), core__now() - s.t0);
        }
    }

finish : {
    double u = ub(&s);
    double b = s.pruned_min < u ? s.pruned_min : u;
    if (res->status == CFLP_STATUS_INFEASIBLE) {
        /* set above */
    } else if (u == HUGE_VAL) {
        res->status = s.stop == CFLP_STATUS_CANCELED ? CFLP_STATUS_CANCELED
                      : s.stop                       ? CFLP_STATUS_TIME_LIMIT
                                                     : CFLP_STATUS_INFEASIBLE;
        res->bound = s.stop ? b : HUGE_VAL;
    } else {
        res->bound = b;
        res->gap = (u - b) / (fabs(u) > 1e-9 ? fabs(u) : 1e-9);
        if (res->gap < 0)
            res->gap = 0;
        res->status = s.stop ? CFLP_STATUS_FEASIBLE : CFLP_STATUS_OPTIMAL;
        if (s.stop && res->gap <= s.par.gap)
            res->status = CFLP_STATUS_OPTIMAL;
        if ((rc = fill_solution(&s, &inst, res)) != 0)
            goto done;
    }
    res->root_bound = s.root_bound;
    res->nodes = s.nodes;
    res->iterations = s.iterations;
    res->transport_solves = cflp__heur_solves(s.heur);
    res->seconds = core__now() - t0;
    logf_(&s,
          "cflp: %s, objective %.6f, bound %.6f, %zu nodes, %zu iterations, %zu "
          "transport solves, %.2f s",
          cflp__status_to_string(res->status), u, res->bound, s.nodes, s.iterations,
          res->transport_solves, res->seconds);
}
done:
    if (rc != 0)
        cflp__result_free(res);
    solver_free(&s);
    cflp__inst_free(&inst);
    return rc;
}
