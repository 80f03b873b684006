/* Set-partitioning polish over a pool of routes (GLPK through lib/lp).
 *
 * The routes a metaheuristic meets on its way are often better combined
 * than in any single solution it kept; recombining them is a set
 * partitioning problem (Balinski & Quandt 1964; used after local search by
 * Rochat & Taillard 1995, Subramanian, Uchoa & Ochi 2013 and others):
 *
 *   min  sum_r c_r x_r + sum_(i optional) pen_i u_i
 *   s.t. sum_(r visits i) x_r + u_i = 1     for every stop i (u_i only when optional)
 *        sum_(r of type t) x_r <= count_t   for every vehicle type t
 *        x binary, 0 <= u <= 1              (u is integral once x is)
 *
 * Routes are first made unique by (type, set of stops), keeping the
 * cheapest order; the incumbent's routes always join the pool, and the
 * incumbent is offered to GLPK as its first heuristic solution, so the MIP
 * can only improve on it (and when GLPK fails, the incumbent stays, with a
 * warning).  Partitioning (= 1) rather than covering keeps
 * every chosen route exactly as it was evaluated: no stop has to be removed
 * from a route afterwards, which would need the triangle inequality. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp/lp.h"
#include "route/vrp.h"

#include "core/core.h"

typedef struct column {
    const vrp_route *route;
    size_t *sorted; /* its stops, sorted (the key) */
} column;

typedef struct polish {
    const vrp_problem *p;
    column *cols;
    size_t n_cols;
    double *incumbent; /* per LP column, or NULL */
    size_t n_lp_cols;
} polish;

/* The MIP's progress callback: the caller's deadline and stop request. */
static int stop_asked(double incumbent, double bound, void *data)
{
    (void)incumbent;
    (void)bound;
    return core__poll(data);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Order of keys: type, number of stops, sorted stops. */
static int cmp_key(const column *x, const column *y)
{
    if (x->route->type != y->route->type)
        return x->route->type < y->route->type ? -1 : 1;
    if (x->route->n_stops != y->route->n_stops)
        return x->route->n_stops < y->route->n_stops ? -1 : 1;
    for (size_t k = 0; k < x->route->n_stops; k++)
        if (x->sorted[k] != y->sorted[k])
            return x->sorted[k] < y->sorted[k] ? -1 : 1;
    return 0;
}

/* Keys, then the cheapest first. */
static int cmp_col(const void *a, const void *b)
{
    const column *x = a, *y = b;
    int d = cmp_key(x, y);
    if (d)
        return d;
    if (x->route->cost != y->route->cost)
        return x->route->cost < y->route->cost ? -1 : 1;
    return 0;
}

static int same_key(const column *x, const column *y)
{
    return cmp_key(x, y) == 0;
}

static void free_cols(column *cols, size_t n)
{
    for (size_t i = 0; cols && i < n; i++)
        free(cols[i].sorted);
    free(cols);
}

/* Unique columns from pool and the incumbent's routes; routes that visit a
 * depot, a stop twice or an unknown node are left out. */
static int make_columns(polish *s, const vrp_route *pool, size_t n_pool, const vrp_solution *best)
{
    const vrp_problem *p = s->p;
    size_t n_all = n_pool + best->n_routes;
    column *cols = core__calloc(n_all ? n_all : 1, sizeof *cols);
    if (!cols)
        return TERROIR_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < n_all; i++) {
        const vrp_route *r = i < n_pool ? &pool[i] : &best->routes[i - n_pool];
        if (r->n_stops == 0 || r->type >= p->n_types || !isfinite(r->cost))
            continue;
        size_t *sorted = core__calloc(r->n_stops, sizeof *sorted);
        if (!sorted) {
            free_cols(cols, n);
            return TERROIR_ENOMEM;
        }
        memcpy(sorted, r->stops, r->n_stops * sizeof *sorted);
        qsort(sorted, r->n_stops, sizeof *sorted, cmp_size);
        int ok = 1;
        for (size_t k = 0; k < r->n_stops && ok; k++)
            if (sorted[k] < p->n_depots || sorted[k] >= p->n_nodes ||
                (k > 0 && sorted[k] == sorted[k - 1]))
                ok = 0;
        if (!ok) {
            free(sorted);
            continue;
        }
        cols[n].route = r;
        cols[n].sorted = sorted;
        n++;
    }
    qsort(cols, n, sizeof *cols, cmp_col);
    /* keep the first (cheapest) of each key */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && same_key(&cols[w - 1], &cols[i])) {
            free(cols[i].sorted);
            continue;
        }
        cols[w++] = cols[i];
    }
    s->cols = cols;
    s->n_cols = w;
    return 0;
}

/* GLPK asks for a heuristic solution: the incumbent, once. */
static int offer_incumbent(const double *relax, double *x, size_t n_cols, void *data)
{
    polish *s = data;
    (void)relax;
    if (!s->incumbent || n_cols != s->n_lp_cols)
        return 0;
    memcpy(x, s->incumbent, n_cols * sizeof *x);
    free(s->incumbent);
    s->incumbent = NULL;
    return 1;
}

/* The column of a route of the incumbent (same key), or VRP_NONE. */
static size_t find_col(const polish *s, const vrp_route *r)
{
    size_t *sorted = core__calloc(r->n_stops ? r->n_stops : 1, sizeof *sorted);
    if (!sorted)
        return VRP_NONE;
    memcpy(sorted, r->stops, r->n_stops * sizeof *sorted);
    qsort(sorted, r->n_stops, sizeof *sorted, cmp_size);
    column key = {r, sorted};
    size_t lo = 0, hi = s->n_cols, found = VRP_NONE;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = cmp_key(&s->cols[mid], &key);
        if (d == 0) {
            found = mid;
            break;
        }
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    free(sorted);
    return found;
}

/* Replace *best by the routes of the chosen columns. */
static int take_solution(const polish *s, const double *x, vrp_solution *best, double cost)
{
    const vrp_problem *p = s->p;
    size_t n_routes = 0;
    for (size_t c = 0; c < s->n_cols; c++)
        if (x[c] > 0.5)
            n_routes++;
    vrp_solution out;
    memset(&out, 0, sizeof out);
    out.routes = core__calloc(n_routes ? n_routes : 1, sizeof *out.routes);
    unsigned char *served = core__calloc(p->n_nodes ? p->n_nodes : 1, 1);
    if (!out.routes || !served)
        goto nomem;
    for (size_t c = 0; c < s->n_cols; c++) {
        if (x[c] <= 0.5)
            continue;
        const vrp_route *r = s->cols[c].route;
        vrp_route *o = &out.routes[out.n_routes];
        *o = *r;
        if (!(o->stops = core__calloc(r->n_stops, sizeof *o->stops)))
            goto nomem;
        memcpy(o->stops, r->stops, r->n_stops * sizeof *o->stops);
        out.n_routes++;
        for (size_t k = 0; k < r->n_stops; k++)
            served[r->stops[k]] = 1;
    }
    size_t n_unserved = 0;
    for (size_t i = p->n_depots; i < p->n_nodes; i++)
        n_unserved += !served[i];
    out.unserved = core__calloc(n_unserved ? n_unserved : 1, sizeof *out.unserved);
    if (!out.unserved)
        goto nomem;
    for (size_t i = p->n_depots; i < p->n_nodes; i++)
        if (!served[i])
            out.unserved[out.n_unserved++] = i;
    out.cost = cost;
    out.feasible = 1;
    out.cost_before_polish =
        best->cost_before_polish > best->cost ? best->cost_before_polish : best->cost;
    out.iterations = best->iterations;
    free(served);
    vrp__solution_free(best);
    *best = out;
    return 0;
nomem:
    free(served);
    vrp__solution_free(&out);
    return TERROIR_ENOMEM;
}

int vrp__polish(const vrp_problem *p, const vrp_route *pool, size_t n_pool, vrp_solution *best,
                double time_limit_seconds, core_poll *poll, terroir_log_fn log, void *log_data,
                terroir_diagnostics *warnings)
{
    polish s;
    lp_problem *lp = NULL;
    double *obj = NULL, *lb = NULL, *ub = NULL, *x = NULL;
    int *is_int = NULL;
    size_t *count = NULL, *start = NULL, *members = NULL, *cols = NULL;
    double *ones = NULL;
    int rc = 0;
    memset(&s, 0, sizeof s);
    s.p = p;
    if (!p || !best || (n_pool && !pool))
        return core__error(TERROIR_EINVAL, "vrp__polish: NULL argument");
    if ((rc = make_columns(&s, pool, n_pool, best)) != 0)
        goto nomem;
    if (s.n_cols == 0)
        goto done;

    /* rows: one per stop, then one per vehicle type */
    size_t nx = s.n_cols, n_opt = 0;
    for (size_t i = p->n_depots; i < p->n_nodes; i++)
        n_opt += p->nodes[i].unserved_penalty >= 0;
    s.n_lp_cols = nx + n_opt;
    obj = core__calloc(s.n_lp_cols, sizeof *obj);
    lb = core__calloc(s.n_lp_cols, sizeof *lb);
    ub = core__calloc(s.n_lp_cols, sizeof *ub);
    is_int = core__calloc(s.n_lp_cols, sizeof *is_int);
    x = core__calloc(s.n_lp_cols, sizeof *x);
    count = core__calloc(p->n_nodes + 1, sizeof *count);
    start = core__calloc(p->n_nodes + 1, sizeof *start);
    size_t nnz = 0;
    for (size_t c = 0; c < nx; c++)
        nnz += s.cols[c].route->n_stops;
    members = core__calloc(nnz ? nnz : 1, sizeof *members);
    cols = core__calloc(nx + 1, sizeof *cols);
    ones = core__calloc(nx + 1, sizeof *ones);
    if (!obj || !lb || !ub || !is_int || !x || !count || !start || !members || !cols || !ones)
        goto nomem;
    for (size_t c = 0; c < nx; c++) {
        obj[c] = s.cols[c].route->cost;
        ub[c] = 1;
        is_int[c] = 1;
        for (size_t k = 0; k < s.cols[c].route->n_stops; k++)
            count[s.cols[c].route->stops[k]]++;
    }
    for (size_t i = 0; i < p->n_nodes; i++)
        start[i + 1] = start[i] + count[i];
    memset(count, 0, (p->n_nodes + 1) * sizeof *count);
    for (size_t c = 0; c < nx; c++)
        for (size_t k = 0; k < s.cols[c].route->n_stops; k++) {
            size_t i = s.cols[c].route->stops[k];
            members[start[i] + count[i]++] = c;
        }
    size_t *u_col = core__calloc(p->n_nodes, sizeof *u_col);
    if (!u_col)
        goto nomem;
    size_t next = nx;
    for (size_t i = p->n_depots; i < p->n_nodes; i++) {
        u_col[i] = VRP_NONE;
        if (p->nodes[i].unserved_penalty >= 0) {
            u_col[i] = next;
            obj[next] = p->nodes[i].unserved_penalty;
            ub[next] = 1;
            next++;
        }
    }

    if ((rc = lp__new(&lp, "vrp_polish")) != 0 ||
        (rc = lp__add_cols(lp, s.n_lp_cols, lb, ub, obj, is_int, NULL, NULL)) != 0) {
        free(u_col);
        goto done;
    }
    for (size_t i = p->n_depots; i < p->n_nodes && !rc; i++) {
        size_t n = count[i];
        size_t *rc_cols = core__calloc(n + 1, sizeof *rc_cols);
        double *vals = core__calloc(n + 1, sizeof *vals);
        if (!rc_cols || !vals) {
            free(rc_cols);
            free(vals);
            free(u_col);
            goto nomem;
        }
        for (size_t k = 0; k < n; k++) {
            rc_cols[k] = members[start[i] + k];
            vals[k] = 1;
        }
        if (u_col[i] != VRP_NONE) {
            rc_cols[n] = u_col[i];
            vals[n++] = 1;
        }
        /* A mandatory stop that no route visits makes the MIP infeasible:
         * GLPK then reports it and the incumbent stays. */
        rc = lp__add_row(lp, 1, 1, n, rc_cols, vals, NULL, NULL);
        free(rc_cols);
        free(vals);
    }
    for (size_t t = 0; t < p->n_types && !rc; t++) {
        size_t n = 0;
        for (size_t c = 0; c < nx; c++)
            if (s.cols[c].route->type == t) {
                cols[n] = c;
                ones[n++] = 1;
            }
        if (n > p->types[t].count)
            rc = lp__add_row(lp, -HUGE_VAL, (double)p->types[t].count, n, cols, ones, NULL, NULL);
    }
    /* Depot capacities: the kg that a depot's chosen routes move. */
    for (size_t d = 0; d < p->n_depots && !rc; d++) {
        double cap = p->nodes[d].depot_capacity_kg, total = 0;
        size_t n = 0;
        if (cap <= 0)
            continue;
        for (size_t c = 0; c < nx; c++) {
            const vrp_route *r = s.cols[c].route;
            if (p->types[r->type].depot != d)
                continue;
            double kg = 0;
            for (size_t k = 0; k < r->n_stops; k++)
                kg += p->nodes[r->stops[k]].delivery[0] + p->nodes[r->stops[k]].pickup[0];
            cols[n] = c;
            ones[n++] = kg;
            total += kg;
        }
        if (total > cap)
            rc = lp__add_row(lp, -HUGE_VAL, cap, n, cols, ones, NULL, NULL);
    }
    if (rc) {
        free(u_col);
        goto done;
    }

    /* The incumbent as a starting solution, when it is feasible and every
     * route of it is a column. */
    if (best->feasible) {
        s.incumbent = core__calloc(s.n_lp_cols, sizeof *s.incumbent);
        for (size_t r = 0; s.incumbent && r < best->n_routes; r++) {
            if (best->routes[r].n_stops == 0)
                continue;
            size_t c = find_col(&s, &best->routes[r]);
            if (c == VRP_NONE) {
                free(s.incumbent);
                s.incumbent = NULL;
                break;
            }
            s.incumbent[c] = 1;
        }
        for (size_t k = 0; s.incumbent && k < best->n_unserved; k++) {
            size_t i = best->unserved[k];
            if (i < p->n_depots || i >= p->n_nodes || u_col[i] == VRP_NONE) {
                free(s.incumbent);
                s.incumbent = NULL;
                break;
            }
            s.incumbent[u_col[i]] = 1;
        }
    }
    free(u_col);

    lp_params pa;
    memset(&pa, 0, sizeof pa);
    pa.time_limit_seconds = time_limit_seconds;
    pa.mip_gap = 1e-9;
    pa.dual_simplex = 1;
    pa.progress = poll ? stop_asked : NULL;
    pa.progress_data = poll;
    pa.heuristic = offer_incumbent;
    pa.heuristic_data = &s;
    pa.log = log;
    pa.log_data = log_data;
    lp_result res;
    if ((rc = lp__solve_mip(lp, &pa, &res)) == TERROIR_ESOLVER) {
        /* The search's routes stay: the polish only ever improves them. */
        core__warn(warnings,
                   "routing: the set-partitioning polish failed (%s); the routes of the search "
                   "are kept",
                   terroir_error_last()->message);
        rc = 0;
        goto done;
    }
    if (rc != 0)
        goto done;
    if (res.glpk_failure)
        core__warn(warnings,
                   "routing: GLPK's search in the set-partitioning polish stopped early "
                   "(glp_intopt code %d); its best set of routes is used",
                   res.glpk_failure);
    if ((res.status == LP_OPTIMAL || res.status == LP_FEASIBLE) &&
        res.objective < best->cost - 1e-9 * fmax(1.0, fabs(best->cost)) &&
        lp__col_values(lp, x) == 0) {
        /* recompute the cost from the columns (no LP round-off) */
        double cost = 0;
        for (size_t c = 0; c < s.n_lp_cols; c++)
            if (x[c] > 0.5)
                cost += obj[c];
        if (cost < best->cost - 1e-9 * fmax(1.0, fabs(best->cost)) &&
            take_solution(&s, x, best, cost) != 0)
            goto nomem;
    }
    goto done;
nomem:
    rc = core__error(TERROIR_ENOMEM, "out of memory in the set-partitioning polish");
done:
    lp__free(lp);
    free_cols(s.cols, s.n_cols);
    free(s.incumbent);
    free(obj);
    free(lb);
    free(ub);
    free(is_int);
    free(x);
    free(count);
    free(start);
    free(members);
    free(cols);
    free(ones);
    return rc;
}
