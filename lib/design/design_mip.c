/* The general hub location MIP: the allocation's plain LP (alloc_plain.c)
 * with a binary y_h per candidate hub (its fixed cost in the objective) and
 * the strong linking rows (deliveries through h to each demand line <=
 * demand * y_h; capacity rows scaled by y_h), solved by GLPK's
 * branch-and-cut (root LP by the simplex, cuts on, the caller's gap and time
 * limit).
 *
 * Incumbents come from evaluating hub sets exactly: the allocation of the
 * set by the column generation with the other candidates masked out
 * (alloc__cg_masked), plus the set's fixed costs.  The arc space is the
 * MIP's, so the flows are the MIP's columns as they are.  In order:
 *  1. every candidate open: a plan in the time of one allocation, and, since
 *     opening hubs never raises the allocation cost and fixed costs are >= 0,
 *     its allocation cost is a proven lower bound of the design;
 *  2. the LP relaxation (a better bound) and its y_h, within 40% of the
 *     time left (DESIGN_RELAXATION_SECONDS without a time limit): on
 *     regional models of thousands of sites GLPK's simplex may not finish
 *     the plain LP in any useful time, and the search below must still get
 *     its turn (without a relaxation there is no branch-and-cut either, so
 *     a solve without a time limit still ends);
 *  3. LP rounding (the candidates with y_h > 0), then local search: close
 *     them one by one (smallest y_h first), then open the others (largest
 *     y_h first), keeping each move that saves money — within a third of the
 *     time left.  Without a relaxation, the search starts from every
 *     candidate open, tries closing the dearest first, and repeats its
 *     passes until one saves nothing, with all the time left;
 *  4. branch-and-cut, offered the best set through the heuristic callback
 *     (only after a relaxation: it is the same LP).
 * The MIP itself (a column per arc, a row per linking constraint: seconds
 * to build and hundreds of MB on networks of tens of thousands of sites) is
 * built only for step 2, and only when the time left affords it
 * (DESIGN_MIP_SECONDS_PER_ARC); otherwise the search goes on as without a
 * relaxation.
 * A time limit anywhere after step 1 ends with the best plan so far, its
 * bound and gap; so does a GLPK failure in step 2 or 4 (with a warning),
 * and a failure in an allocation gives that allocation's fallback
 * (alloc_cg.c), which is an incumbent.  Step 1 itself always ends with a
 * plan (the allocation's column generation starts from a greedy flow), so
 * a design is returned whatever the limit.  The caller's progress callback
 * is asked inside every allocation and LP (every quarter second at most),
 * so a stop ends the stage as soon as the allocation in progress has its
 * flows.  With p->stall_seconds, steps 3 and 4 also end once that long has
 * passed without a better plan. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"

/* Seconds for the LP relaxation when the solve has no time limit. */
#define DESIGN_RELAXATION_SECONDS 60.0
/* Building the MIP costs about this per arc of the network (measured:
 * 3-4 s for the 700,000 arcs of a generated network of 20,000 sites and 10
 * hubs, on a loaded machine); it is built only when at least twice that is
 * left (the relaxation needs time too). */
#define DESIGN_MIP_SECONDS_PER_ARC 5e-6

typedef struct search {
    const alloc_network *net;
    const design_params *p;
    alloc_plain *pl;          /* the MIP once built (pl->lp NULL before) */
    size_t *cand;    /* usable candidate hubs (those with a y column) */
    size_t n_cand;
    unsigned char *open;      /* per candidate, the set being evaluated */
    unsigned char *mask;      /* per hub, for alloc__cg_masked */
    double *best_x;           /* the incumbent's flows, per global arc */
    double best;              /* its objective (HUGE_VAL: none) */
    unsigned char *best_open; /* per candidate */
    double alloc_all;         /* allocation cost with every candidate open */
    int offered;
    int stopped;              /* the caller asked to stop */
    double bound;             /* best bound so far, for the progress callback */
    double improved_at;       /* core__now() of the last better plan (stall rule) */
    double mip_best;          /* best incumbent the branch-and-cut reported */
} search;

/* The caller's progress callback, from inside the allocations and LPs of
 * the stage (told the design's own figures); sticky. */
static int ask(double incumbent, double bound, void *data)
{
    search *s = data;
    (void)incumbent;
    (void)bound;
    if (!s->stopped && s->p->progress &&
        s->p->progress(isinf(s->best) ? NAN : s->best, s->bound, s->p->progress_data))
        s->stopped = 1;
    return s->stopped;
}

/* 1 when the search must end: a stop, or the stall rule. */
static int should_end(const search *s)
{
    return s->stopped ||
           (s->p->stall_seconds > 0 && core__now() - s->improved_at >= s->p->stall_seconds);
}

/* The branch-and-cut's progress: the caller, then the stall rule on its
 * incumbent. */
static int mip_progress(double incumbent, double bound, void *data)
{
    search *s = data;
    if (bound > s->bound)
        s->bound = bound;
    if (isfinite(incumbent) && incumbent < s->mip_best - 1e-9 * (1 + fabs(incumbent))) {
        s->mip_best = incumbent;
        s->improved_at = core__now();
    }
    return ask(incumbent, bound, s) || should_end(s);
}

/* Evaluate the set s->open before `deadline` (0: none): *value is its
 * objective (the allocation's, optimal or the best it had at the deadline,
 * plus fixed costs), and the incumbent is kept; *alloc_bound (may be NULL)
 * a proven lower bound of the allocation's cost.  Returns 0 or an error. */
static int evaluate(search *s, double deadline, double *value, double *alloc_bound)
{
    const alloc_network *net = s->net;
    alloc_params ap;
    alloc_sol sol;
    int rc;
    *value = HUGE_VAL;
    memset(&ap, 0, sizeof ap);
    ap.log = s->p->log;
    ap.log_data = s->p->log_data;
    ap.progress = ask;
    ap.progress_data = s;
    ap.warnings = s->p->warnings;
    for (size_t h = 0; h < net->n_hubs; h++)
        s->mask[h] = net->hub_usable[h];
    double fixed = 0;
    for (size_t k = 0; k < s->n_cand; k++) {
        s->mask[s->cand[k]] = s->open[k];
        if (s->open[k])
            fixed += net__hub_fixed(net, s->cand[k]);
    }
    if ((rc = alloc__cg_masked(net, &ap, deadline, s->mask, &sol)) != 0)
        return rc;
    /* An allocation cut short by the deadline or a stop, or that GLPK
     * could not finish (sol.fallback), is still a feasible one: an
     * incumbent, with the column generation's bound. */
    if (sol.status == LP_OPTIMAL || sol.status == LP_FEASIBLE || sol.fallback) {
        *value = sol.objective + fixed;
        if (alloc_bound)
            *alloc_bound = sol.status == LP_OPTIMAL ? sol.objective : sol.bound;
        if (*value < s->best - 1e-9 * (1 + fabs(*value)))
            s->improved_at = core__now();
        if (*value < s->best) {
            memcpy(s->best_x, sol.x, net->n_arcs_total * sizeof(double));
            memcpy(s->best_open, s->open, s->n_cand);
            s->best = *value;
        }
    }
    alloc__sol_free(&sol);
    return 0;
}

/* Flip each candidate of `order` in turn from the incumbent set, keeping a
 * flip when it saves money (evaluate() keeps the incumbent). */
static int local_search(search *s, const size_t *order, size_t n, double deadline)
{
    int rc;
    for (size_t t = 0; t < n && !(deadline > 0 && core__now() >= deadline) && !should_end(s);
         t++) {
        double v;
        size_t k = order[t];
        memcpy(s->open, s->best_open, s->n_cand);
        s->open[k] = (unsigned char)!s->open[k];
        if ((rc = evaluate(s, deadline, &v, NULL)) != 0)
            return rc;
    }
    return 0;
}

/* Without a relaxation: passes of single flips over every candidate, the
 * dearest (fixed cost) first, until a pass saves nothing or the deadline. */
static int flip_passes(search *s, size_t *order, double deadline)
{
    for (size_t k = 0; k < s->n_cand; k++)
        order[k] = k;
    for (size_t a = 1; a < s->n_cand; a++) /* insertion sort: few candidates */
        for (size_t b = a; b > 0 && net__hub_fixed(s->net, s->cand[order[b]]) >
                                        net__hub_fixed(s->net, s->cand[order[b - 1]]);
             b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    for (;;) {
        double before = s->best;
        int rc = local_search(s, order, s->n_cand, deadline);
        if (rc)
            return rc;
        if (!(s->best < before - 1e-9 * (1 + fabs(before))) ||
            (deadline > 0 && core__now() >= deadline) || should_end(s))
            return 0;
    }
}

static int offer(const double *relax, double *x, size_t n, void *data)
{
    search *s = data;
    const alloc_plain *pl = s->pl;
    (void)relax;
    if (s->offered || isinf(s->best))
        return 0;
    memset(x, 0, n * sizeof(double));
    for (size_t c = 0; c < pl->n_arc_cols; c++)
        x[c] = s->best_x[pl->arc_of_col[c]];
    for (size_t k = 0; k < s->n_cand; k++)
        x[pl->y_col[s->cand[k]]] = s->best_open[k] ? 1.0 : 0.0;
    s->offered = 1;
    return 1;
}

typedef struct keyed {
    double y;
    size_t k;
} keyed;

static int by_y(const void *a, const void *b)
{
    const keyed *x = a, *z = b;
    if (x->y != z->y)
        return x->y < z->y ? -1 : 1;
    return x->k < z->k ? -1 : x->k > z->k;
}

static double left(double deadline)
{
    if (!(deadline > 0))
        return 0;
    double t = deadline - core__now();
    return t > 1e-3 ? t : 1e-3;
}

int design__mip(const alloc_network *net, const design_params *p, double deadline,
                design_result *out)
{
    alloc_plain pl;
    search s;
    keyed *ky = NULL;
    size_t *order = NULL;
    double *x = NULL;
    double bound = 0; /* costs are >= 0 */
    int rc;
    memset(&s, 0, sizeof s);
    memset(&pl, 0, sizeof pl);
    s.improved_at = core__now();
    s.mip_best = HUGE_VAL;
    if (p->write_lp_path) { /* asked for: built first, whatever the time */
        if ((rc = alloc__plain_build(&pl, net, 1, NULL)) != 0)
            return rc;
        if ((rc = lp__write_lp(pl.lp, p->write_lp_path)) != 0)
            goto out;
    }
    size_t H = net->n_hubs;
    s.net = net;
    s.p = p;
    s.pl = &pl;
    s.best = HUGE_VAL;
    s.cand = core__calloc(NET_NZ(H), sizeof(size_t));
    s.open = core__calloc(NET_NZ(H), 1);
    s.mask = core__calloc(NET_NZ(H), 1);
    s.best_open = core__calloc(NET_NZ(H), 1);
    s.best_x = core__calloc(NET_NZ(net->n_arcs_total), sizeof(double));
    ky = core__calloc(NET_NZ(H), sizeof(keyed));
    order = core__calloc(NET_NZ(H), sizeof(size_t));
    if (!s.cand || !s.open || !s.mask || !s.best_open || !s.best_x || !ky || !order) {
        rc = core__error(TERROIR_ENOMEM, "design: out of memory");
        goto out;
    }
    for (size_t h = 0; h < H; h++) /* as alloc__plain_build gives y columns */
        if (net->hub_usable[h] && net->m->hubs[h].status == TERROIR_HUB_CANDIDATE)
            s.cand[s.n_cand++] = h;

    /* 1. every candidate open: a plan and a bound */
    double v, alloc_all = 0;
    memset(s.open, 1, s.n_cand);
    if ((rc = evaluate(&s, deadline, &v, &alloc_all)) != 0)
        goto out;
    if (!isinf(v))
        bound = alloc_all;
    s.bound = bound;
    (void)ask(s.best, bound, &s);

    /* 2. the relaxation */
    lp_params lpp;
    lp_result rel;
    memset(&lpp, 0, sizeof lpp);
    lpp.log = p->log;
    lpp.log_data = p->log_data;
    lpp.presolve = 1;
    lpp.time_limit_seconds = deadline > 0 ? 0.4 * left(deadline) : DESIGN_RELAXATION_SECONDS;
    lpp.progress = ask;
    lpp.progress_data = &s;
    int relaxed = 0;
    double build = DESIGN_MIP_SECONDS_PER_ARC * (double)net->n_arcs_total;
    if (!pl.lp && !s.stopped && !(deadline > 0 && deadline - core__now() < 2 * build)) {
        if ((rc = alloc__plain_build(&pl, net, 1, NULL)) != 0)
            goto out;
    }
    if (pl.lp && !(x = core__calloc(NET_NZ(lp__col_count(pl.lp)), sizeof(double)))) {
        rc = core__error(TERROIR_ENOMEM, "design: out of memory");
        goto out;
    }
    if (pl.lp && !s.stopped && !(deadline > 0 && core__now() >= deadline)) {
        if ((rc = lp__solve_lp(pl.lp, &lpp, &rel)) == TERROIR_ESOLVER) {
            /* On with the local search from the allocations found (3.),
             * as when the relaxation does not finish in time. */
            core__warn(p->warnings,
                       "design: GLPK could not solve the LP relaxation of the hub location "
                       "MIP (%s); the hubs are chosen by local search, without its bound",
                       terroir_error_last()->message);
            rc = 0;
            rel.status = LP_TIME_LIMIT;
        } else if (rc != 0) {
            goto out;
        }
        if (rel.status == LP_OPTIMAL) {
            relaxed = 1;
            if (rel.objective > bound)
                bound = s.bound = rel.objective;
            if ((rc = lp__col_values(pl.lp, x)) != 0)
                goto out;
        }
    }

    /* 3. rounding and local search */
    s.improved_at = core__now(); /* each search gets its own stall window */
    if (relaxed && !s.stopped && !(deadline > 0 && core__now() >= deadline)) {
        for (size_t k = 0; k < s.n_cand; k++) {
            ky[k].y = x[pl.y_col[s.cand[k]]];
            ky[k].k = k;
            s.open[k] = ky[k].y > 1e-6;
        }
        if ((rc = evaluate(&s, deadline, &v, NULL)) != 0)
            goto out;
        double moves_deadline = deadline > 0 ? core__now() + (deadline - core__now()) / 3 : 0;
        qsort(ky, s.n_cand, sizeof *ky, by_y);
        size_t n = 0;
        for (size_t t = 0; t < s.n_cand; t++) /* close: smallest y first */
            if (ky[t].y > 1e-6)
                order[n++] = ky[t].k;
        if ((rc = local_search(&s, order, n, moves_deadline)) != 0)
            goto out;
        n = 0;
        for (size_t t = s.n_cand; t-- > 0;) /* open: largest y first */
            if (!(ky[t].y > 1e-6))
                order[n++] = ky[t].k;
        if ((rc = local_search(&s, order, n, moves_deadline)) != 0)
            goto out;
        (void)ask(s.best, bound, &s);
    } else if (!relaxed && !s.stopped && !isinf(s.best) &&
               !(deadline > 0 && core__now() >= deadline)) {
        if ((rc = flip_passes(&s, order, deadline)) != 0)
            goto out;
        (void)ask(s.best, bound, &s);
    }

    /* 4. branch-and-cut */
    lp_result res;
    memset(&res, 0, sizeof res);
    res.status = LP_TIME_LIMIT;
    s.improved_at = core__now();
    if (relaxed && !should_end(&s) && !(deadline > 0 && core__now() >= deadline) &&
        bound < s.best - 1e-9 * (1 + fabs(s.best))) {
        lp_params mp;
        memset(&mp, 0, sizeof mp);
        mp.time_limit_seconds = left(deadline);
        mp.mip_gap = p->mip_gap > 0 ? p->mip_gap : 1e-6;
        mp.cuts = 1;
        mp.progress = mip_progress;
        mp.progress_data = &s;
        mp.heuristic = offer;
        mp.heuristic_data = &s;
        mp.log = p->log;
        mp.log_data = p->log_data;
        if ((rc = lp__solve_mip(pl.lp, &mp, &res)) == TERROIR_ESOLVER) {
            core__warn(p->warnings,
                       "design: GLPK's branch-and-cut failed (%s); the best hub set found by "
                       "the local search is kept",
                       terroir_error_last()->message);
            rc = 0;
            memset(&res, 0, sizeof res);
            res.status = LP_TIME_LIMIT;
            res.bound = NAN;
        } else if (rc != 0) {
            goto out;
        }
        if (res.glpk_failure)
            core__warn(p->warnings,
                       "design: GLPK's branch-and-cut stopped early (glp_intopt code %d); its "
                       "best hub set is used",
                       res.glpk_failure);
        if (isfinite(res.bound) && res.bound > bound)
            bound = res.bound;
        if ((res.status == LP_OPTIMAL || res.status == LP_FEASIBLE) &&
            res.objective < s.best) {
            if ((rc = lp__col_values(pl.lp, x)) != 0)
                goto out;
            s.best = res.objective;
            for (size_t k = 0; k < s.n_cand; k++)
                s.best_open[k] = x[pl.y_col[s.cand[k]]] > 0.5;
        }
    }

    double tol = p->mip_gap > 0 ? p->mip_gap : 1e-6;
    if (isinf(s.best)) { /* not even one allocation within the limit */
        out->status = s.stopped ? LP_CANCELED : LP_TIME_LIMIT;
        out->objective = NAN;
        out->bound = bound;
        out->gap = NAN;
        for (size_t h = 0; h < H; h++)
            out->hub_open[h] = net->m->hubs[h].status == TERROIR_HUB_OPEN;
        goto out;
    }
    if (bound > s.best)
        bound = s.best;
    out->objective = s.best;
    out->bound = bound;
    out->gap = design__gap(s.best, bound);
    out->status = res.status == LP_OPTIMAL || out->gap <= tol ? LP_OPTIMAL : LP_FEASIBLE;
    for (size_t h = 0; h < H; h++)
        out->hub_open[h] = net->hub_usable[h];
    for (size_t k = 0; k < s.n_cand; k++)
        out->hub_open[s.cand[k]] = s.best_open[k];
out:
    alloc__plain_free(&pl);
    free(s.cand);
    free(s.open);
    free(s.mask);
    free(s.best_open);
    free(s.best_x);
    free(x);
    free(ky);
    free(order);
    return rc;
}
