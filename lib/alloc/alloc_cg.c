/* Column generation over the arcs of the allocation's flow formulation
 * (network.h), provably optimal.
 *
 * The restricted master is the plain LP (alloc_plain.c) in which every arc
 * outside the restricted set is fixed at 0: GLPK's simplex leaves fixed
 * non-basic columns out of its working LP, so they cost nothing per
 * iteration, and "adding a column" is freeing its upper bound, which keeps
 * the basis valid and primal feasible — the primal simplex re-optimises
 * from the basis left in the glp_prob by the previous round (warm start).
 *
 * Each round prices EVERY fixed arc exactly (reduced cost = cost - sum_k
 * coef_k y_{r_k}, y the row duals) and frees, per supply line and per demand
 * line, the most negative ones; the loop ends when no arc has a negative
 * reduced cost, at which point the restricted optimum is the optimum of the
 * full LP.  Each round also gives a Lagrangian lower bound, valid for any y
 * of the right signs:  b.y + sum_arcs min(0, rc_a) * ub_a  (ub_a: the flow
 * bound implied by the arc's supply or demand row), so a time limit or a
 * stop by the progress callback still leaves a feasible flow and a proven
 * bound.
 *
 * Start.  One product: each demand line's cheapest path (deliver arc plus
 * the cheapest first leg reaching its node) and cheapest direct arc, each
 * supply line's cheapest first leg, the arcs of a greedy allocation
 * (alloc_greedy.c), every chain arc and every unserved arc.  Several
 * products: each product is first solved alone by this same column
 * generation, with a share of the hub capacities (seed_by_product), and the
 * arcs carrying flow in those optima start the coupled LP, which then only
 * corrects for the shared capacities.  The first LP of each run is a cold
 * start and goes through GLPK's presolver; later ones are warm.  Few arcs
 * per line per round keep the restricted LP small.
 *
 * Measured on the benchmark network (2,000 producers, 20 hubs, 3,000 points,
 * 4 products; 460,000 arcs): 41,000 arcs end up free, 9 coupled rounds; the
 * seeding cut the time from 23 s to 7 s, presolving the cold starts 8 s to
 * 1.4 s on the first coupled LP, adding 2-3 arcs per line doubled it. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "alloc/alloc_internal.h"

#define CG_PER_LINE 1   /* arcs freed per demand or supply line and round */
#define CG_INIT_PATHS 1 /* cheapest paths per demand line at the start */
#define CG_INIT_ARCS 1  /* cheapest first legs per supply line at the start */
#define CG_RC_TOL 1e-9  /* relative: an arc enters when rc < -tol * (1 + |cost|) */

typedef struct cg {
    const alloc_network *net;
    alloc_plain pl;      /* the LP; pl.lp is NULL until built */
    size_t row_base[NET_ROW_KINDS];
    size_t n_rows;
    unsigned char *in;   /* per global arc: in the restricted set (not fixed at 0) */
    size_t n_in;
    double *y;           /* row duals */
    double *xc;          /* column values */
    size_t n_owner;      /* demand lines, then supply lines */
    size_t *cand_id;     /* n_owner * CG_PER_LINE, NET_NONE when empty */
    double *cand_rc;
    const unsigned char *hub_mask; /* per hub: 0 = arcs through it do not exist */
} cg;

/* Whether arc `a` exists under the hub mask. */
static int unmasked(const cg *c, const net_arc *a)
{
    return !c->hub_mask || a->hub == NET_NONE || c->hub_mask[a->hub];
}

static int add_arc(cg *c, size_t id)
{
    net_arc a;
    if (c->in[id] || net__arc(c->net, id, &a) != 0 || !unmasked(c, &a))
        return 0;
    c->in[id] = 1;
    c->n_in++;
    if (!c->pl.lp)
        return 0;
    return lp__set_col_bounds(c->pl.lp, c->pl.col_of_arc[id], 0.0, HUGE_VAL);
}

/* Keep the CG_PER_LINE most negative candidates of an owner. */
static void offer(cg *c, size_t owner, size_t id, double rc)
{
    size_t *ids = c->cand_id + owner * CG_PER_LINE;
    double *rcs = c->cand_rc + owner * CG_PER_LINE;
    size_t k = CG_PER_LINE;
    while (k > 0 && (ids[k - 1] == NET_NONE || rcs[k - 1] > rc))
        k--;
    if (k >= CG_PER_LINE)
        return;
    for (size_t m = CG_PER_LINE - 1; m > k; m--) {
        ids[m] = ids[m - 1];
        rcs[m] = rcs[m - 1];
    }
    ids[k] = id;
    rcs[k] = rc;
}

void alloc__best_first_legs(const alloc_network *net, const net_product *pp,
                            double *const *duals, double *best_cost, size_t *best_local)
{
    size_t H = net->n_hubs, T = pp->ord_start[H];
    const double *ysup = duals ? duals[NET_ROW_SUPPLY] : NULL;
    const double *yself = duals ? duals[NET_ROW_SELF] : NULL;
    for (size_t h = 0; h < H; h++) {
        size_t q = pp->ord_start[h], end = pp->ord_start[h + 1];
        double run = HUGE_VAL;
        size_t arg = NET_NONE;
        for (size_t n = pp->node_start[h]; n < pp->node_start[h + 1]; n++) {
            for (; q < end && pp->ord_node[q] != NET_NONE && pp->ord_node[q] <= n; q++) {
                size_t s = pp->ord[q], i = pp->sup_producer[s];
                double price = ysup ? -ysup[pp->sup_base + s] : 0.0;
                double cost = net__leg1(net, pp, i, h) + pp->hand[h] + price;
                if (cost < run) {
                    run = cost;
                    arg = q;
                }
                if (net__self_ok(net, i, h)) {
                    double self = pp->hand[h] + price;
                    if (yself)
                        self -= pp->kpu * yself[net->self_row[i]];
                    if (self < run) {
                        run = self;
                        arg = T + q;
                    }
                }
            }
            best_cost[n] = run;
            best_local[n] = arg;
        }
    }
}

/* Small sorted list of the k cheapest (value, id). */
static void keep_k(double *vals, size_t *ids, size_t k, double v, size_t id)
{
    size_t m = k;
    while (m > 0 && (ids[m - 1] == NET_NONE || vals[m - 1] > v))
        m--;
    if (m >= k)
        return;
    for (size_t t = k - 1; t > m; t--) {
        vals[t] = vals[t - 1];
        ids[t] = ids[t - 1];
    }
    vals[m] = v;
    ids[m] = id;
}

static int initial_arcs(cg *c)
{
    const alloc_network *net = c->net;
    size_t H = net->n_hubs;
    int rc = 0;
    double *bc = NULL, *kv = NULL;
    size_t *bl = NULL, *kid = NULL;
    size_t maxn = 1, maxs = 1;
    for (size_t k = 0; k < net->n_prods; k++) {
        if (net->prods[k].n_nodes > maxn)
            maxn = net->prods[k].n_nodes;
        if (net->prods[k].n_sup > maxs)
            maxs = net->prods[k].n_sup;
    }
    size_t kk = CG_INIT_PATHS > CG_INIT_ARCS ? CG_INIT_PATHS : CG_INIT_ARCS;
    bc = core__calloc(maxn, sizeof(double));
    bl = core__calloc(maxn, sizeof(size_t));
    kv = core__calloc(maxs * kk, sizeof(double));
    kid = core__calloc(maxs * kk, sizeof(size_t));
    if (!bc || !bl || !kv || !kid) {
        rc = core__error(TERROIR_ENOMEM, "column generation: out of memory");
        goto out;
    }
    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        size_t T = pp->ord_start[H], D = pp->n_dem;
        size_t chain0 = pp->arc_base + 2 * T + H * D;
        for (size_t n = 0; n < pp->n_nodes; n++)
            if ((rc = add_arc(c, chain0 + n)) != 0)
                goto out;
        alloc__best_first_legs(net, pp, NULL, bc, bl);
        /* each demand line: its cheapest paths through hubs, and direct */
        size_t da = 0;
        for (size_t d = 0; d < D; d++) {
            double v[CG_INIT_PATHS];
            size_t id[CG_INIT_PATHS], first[CG_INIT_PATHS];
            for (size_t t = 0; t < CG_INIT_PATHS; t++)
                id[t] = first[t] = NET_NONE;
            for (size_t h = 0; h < H; h++) {
                size_t n = pp->dem_node[h * D + d];
                if (n == NET_NONE || bl[n] == NET_NONE)
                    continue;
                double cost = bc[n] + net__leg2(net, pp, h, pp->dem_point[d]);
                if (!(cost < pp->dem_pen[d]))
                    continue;
                keep_k(v, id, CG_INIT_PATHS, cost, pp->arc_base + 2 * T + h * D + d);
            }
            /* the first legs of the kept paths */
            for (size_t t = 0; t < CG_INIT_PATHS; t++) {
                if (id[t] == NET_NONE)
                    continue;
                size_t local = id[t] - pp->arc_base - 2 * T;
                first[t] = pp->arc_base + bl[pp->dem_node[local]];
            }
            for (size_t t = 0; t < CG_INIT_PATHS; t++)
                if (id[t] != NET_NONE &&
                    ((rc = add_arc(c, id[t])) != 0 || (rc = add_arc(c, first[t])) != 0))
                    goto out;
            /* direct arcs of d are contiguous in the product's list */
            for (size_t t = 0; t < CG_INIT_PATHS; t++)
                id[t] = NET_NONE;
            for (; da < pp->n_dir && pp->dir_dem[da] == d; da++) {
                double cost = net__dir_cost(net, pp, da, NULL, NULL, NULL);
                if (cost < pp->dem_pen[d])
                    keep_k(v, id, CG_INIT_PATHS, cost,
                           pp->arc_base + 2 * T + H * D + pp->n_nodes + da);
            }
            for (size_t t = 0; t < CG_INIT_PATHS; t++)
                if (id[t] != NET_NONE && (rc = add_arc(c, id[t])) != 0)
                    goto out;
        }
        /* each supply line: its cheapest first legs */
        for (size_t t = 0; t < pp->n_sup * CG_INIT_ARCS; t++)
            kid[t] = NET_NONE;
        for (size_t q = 0; q < T; q++) {
            if (pp->ord_node[q] == NET_NONE)
                continue;
            size_t s = pp->ord[q], h = pp->node_hub[pp->ord_node[q]], i = pp->sup_producer[s];
            keep_k(kv + s * CG_INIT_ARCS, kid + s * CG_INIT_ARCS, CG_INIT_ARCS,
                   net__leg1(net, pp, i, h) + pp->hand[h], q);
            if (net__self_ok(net, i, h))
                keep_k(kv + s * CG_INIT_ARCS, kid + s * CG_INIT_ARCS, CG_INIT_ARCS, pp->hand[h],
                       T + q);
        }
        for (size_t t = 0; t < pp->n_sup * CG_INIT_ARCS; t++)
            if (kid[t] != NET_NONE && (rc = add_arc(c, pp->arc_base + kid[t])) != 0)
                goto out;
    }
out:
    free(bc);
    free(bl);
    free(kv);
    free(kid);
    return rc;
}

/* Price every arc with the current y: fills the candidates, returns the
 * Lagrangian bound. */
static double price(cg *c, size_t *n_cand)
{
    const alloc_network *net = c->net;
    double lb = 0;
    for (int kind = 0; kind < NET_ROW_KINDS; kind++) {
        size_t n = net__row_count(net, (net_row_kind)kind);
        for (size_t r = 0; r < n; r++)
            lb += net__row_rhs(net, (net_row_kind)kind, r) * c->y[c->row_base[kind] + r];
    }
    for (size_t k = 0; k < c->n_owner * CG_PER_LINE; k++)
        c->cand_id[k] = NET_NONE;
    for (size_t id = 0; id < net->n_arcs_total; id++) {
        net_arc a;
        if (net__arc(net, id, &a) != 0 || !unmasked(c, &a))
            continue;
        double rc = a.cost;
        for (size_t k = 0; k < a.n; k++)
            rc -= a.coef[k] * c->y[c->row_base[a.kind[k]] + a.row[k]];
        if (rc < 0)
            lb += rc * a.ub;
        if (c->in[id] || !(rc < -CG_RC_TOL * (1 + fabs(a.cost))))
            continue;
        const net_product *pp = &net->prods[a.prod];
        size_t owner = (a.type == NET_ARC_COLLECT || a.type == NET_ARC_SELF)
                           ? net->n_dem_total + pp->sup_base + a.sup
                           : pp->dem_base + a.dem;
        offer(c, owner, id, rc);
    }
    size_t cnt = 0;
    for (size_t k = 0; k < c->n_owner * CG_PER_LINE; k++)
        if (c->cand_id[k] != NET_NONE)
            cnt++;
    *n_cand = cnt;
    return lb;
}

/* Cost of the flow x (per global arc), unserved penalties included. */
static double flows_cost(const alloc_network *net, const double *x)
{
    double cost = 0;
    for (size_t id = 0; id < net->n_arcs_total; id++) {
        net_arc a;
        if (x[id] > 0 && net__arc(net, id, &a) == 0)
            cost += a.cost * x[id];
    }
    return cost;
}

/* Flows of the restricted LP's solution (c->xc, or everything unserved when
 * xc is NULL) into sol->x; returns its objective. */
static double read_flows(cg *c, alloc_sol *sol)
{
    const alloc_network *net = c->net;
    double obj = 0;
    memset(sol->x, 0, net->n_arcs_total * sizeof(double));
    if (c->xc) {
        for (size_t k = 0; k < c->pl.n_arc_cols; k++) {
            size_t id = c->pl.arc_of_col[k];
            double v = c->xc[k];
            if (v <= 1e-12 || !c->in[id])
                continue;
            net_arc a;
            net__arc(net, id, &a);
            sol->x[id] = v;
            obj += a.cost * v;
        }
        return obj;
    }
    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        size_t un0 = pp->arc_base + pp->n_arcs - pp->n_dem;
        for (size_t d = 0; d < pp->n_dem; d++) {
            sol->x[un0 + d] = pp->dem_qty[d];
            obj += pp->dem_pen[d] * pp->dem_qty[d];
        }
    }
    return obj;
}

void alloc__sol_free(alloc_sol *sol)
{
    if (!sol)
        return;
    free(sol->x);
    for (int k = 0; k < NET_ROW_KINDS; k++)
        free(sol->dual[k]);
    memset(sol, 0, sizeof *sol);
}


static int cg_run(const alloc_network *net, const alloc_params *p, double deadline,
                  const unsigned char *hub_mask, alloc_sol *sol, int seed_products,
                  const char *tag);

/* Seed for a network of several products: each product alone (a view of
 * the network with that product only, with a share of each hub capacity
 * proportional to its part of the class's demand in kg; self-delivery
 * limits are not shared), solved by the same column generation
 * in a much smaller LP; the arcs carrying flow in those optima go into `in`.
 * GLPK's pivots cost about the number of rows each, and a cold start needs
 * about as many pivots as rows, so four LPs of a quarter of the rows cost a
 * quarter of one big cold start; the coupled LP then starts near its
 * optimum. */
/* The caller's progress callback during the seeds: told NaN (the seeds'
 * values are not the allocation's), it may still stop the solve. */
typedef struct seed_stop {
    lp_progress_fn fn;
    void *data;
    int stopped;
} seed_stop;

static int seed_progress(double incumbent, double bound, void *data)
{
    seed_stop *st = data;
    (void)incumbent;
    (void)bound;
    if (st->fn(NAN, NAN, st->data))
        st->stopped = 1;
    return st->stopped;
}

static int seed_by_product(const alloc_network *net, const alloc_params *p, double deadline,
                           const unsigned char *hub_mask, unsigned char *in, size_t *n_in,
                           double *seed_x, double *seed_y, const size_t *row_base,
                           int *stopped, int *complete)
{
    seed_stop st = {p->progress, p->progress_data, 0};
    alloc_params sp = *p;
    int rc = 0;
    sp.progress = p->progress ? seed_progress : NULL;
    sp.progress_data = &st;
    *stopped = 0;
    *complete = 0;
    double class_kg[TERROIR_TEMPERATURE_COUNT] = {0};
    double *supply_kg = core__calloc(NET_NZ(net->n_producers), sizeof(double));
    double *self_kg = core__calloc(NET_NZ(net->n_producers), sizeof(double));
    if (!supply_kg || !self_kg) {
        rc = core__error(TERROIR_ENOMEM, "column generation: out of memory");
        goto out;
    }
    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        for (size_t d = 0; d < pp->n_dem; d++)
            class_kg[pp->cls] += pp->dem_qty[d] * pp->kpu;
        for (size_t s = 0; s < pp->n_sup; s++)
            supply_kg[pp->sup_producer[s]] += pp->sup_qty[s] * pp->kpu;
    }
    for (size_t k = 0; k < net->n_prods && !*stopped; k++) {
        const net_product *pk = &net->prods[k];
        alloc_network view = *net;
        double kg = 0;
        for (size_t d = 0; d < pk->n_dem; d++)
            kg += pk->dem_qty[d] * pk->kpu;
        /* its share of the class's hub capacity, by demand, and of each
         * producer's self delivery, by supply: the seeds together respect
         * every shared limit, so their union is a feasible allocation */
        view.cap_share = class_kg[pk->cls] > 0 ? kg / class_kg[pk->cls] : 1;
        memset(self_kg, 0, net->n_producers * sizeof(double));
        for (size_t s = 0; s < pk->n_sup; s++) {
            size_t i = pk->sup_producer[s];
            if (net->self_kg[i] > 0 && supply_kg[i] > 0)
                self_kg[i] = net->self_kg[i] * (pk->sup_qty[s] * pk->kpu / supply_kg[i]);
        }
        view.self_kg = self_kg;
        net_product one = *pk;
        alloc_sol sol;
        one.dem_base = one.sup_base = one.node_base = one.arc_base = 0;
        view.prods = &one;
        view.n_prods = 1;
        view.n_dem_total = one.n_dem;
        view.n_sup_total = one.n_sup;
        view.n_nodes_total = one.n_nodes;
        view.n_arcs_total = one.n_arcs;
        /* The product's id in full: a log line cut later stays UTF-8
         * (core__logf), a tag cut here might not. */
        char *tag = core__asprintf("allocation seed (%s alone)", net->m->products[one.product].id);
        if (!tag) {
            rc = core__error(TERROIR_ENOMEM, "out of memory seeding the allocation");
            goto out;
        }
        rc = cg_run(&view, &sp, deadline, hub_mask, &sol, 0, tag);
        free(tag);
        if (rc != 0)
            goto out;
        /* its duals: a point for the coupled problem's Lagrangian bound */
        for (size_t d = 0; d < pk->n_dem; d++)
            seed_y[row_base[NET_ROW_DEMAND] + pk->dem_base + d] = sol.dual[NET_ROW_DEMAND][d];
        for (size_t t = 0; t < pk->n_sup; t++)
            seed_y[row_base[NET_ROW_SUPPLY] + pk->sup_base + t] = sol.dual[NET_ROW_SUPPLY][t];
        for (size_t n = 0; n < pk->n_nodes; n++)
            seed_y[row_base[NET_ROW_NODE] + pk->node_base + n] = sol.dual[NET_ROW_NODE][n];
        /* shared rows: the highest price any product saw (y <= 0: the
         * smallest), so that no arc looks cheaper than in its own seed */
        for (size_t r = 0; r < net->n_cap; r++) {
            double *y = &seed_y[row_base[NET_ROW_CAP] + r];
            if (sol.dual[NET_ROW_CAP][r] < *y)
                *y = sol.dual[NET_ROW_CAP][r];
        }
        for (size_t r = 0; r < net->n_self; r++) {
            double *y = &seed_y[row_base[NET_ROW_SELF] + r];
            if (sol.dual[NET_ROW_SELF][r] < *y)
                *y = sol.dual[NET_ROW_SELF][r];
        }
        for (size_t a = 0; a < one.n_arcs; a++) {
            seed_x[pk->arc_base + a] = sol.x[a];
            if (sol.x[a] > 0 && !in[pk->arc_base + a]) {
                in[pk->arc_base + a] = 1;
                (*n_in)++;
            }
        }
        alloc__sol_free(&sol);
        *stopped = st.stopped;
        *complete = k + 1 == net->n_prods;
        if (deadline > 0 && core__now() >= deadline)
            break;
    }
out:
    free(supply_kg);
    free(self_kg);
    return rc;
}

int alloc__cg(const alloc_network *net, const alloc_params *p, double deadline, alloc_sol *sol)
{
    return cg_run(net, p, deadline, NULL, sol, net->n_prods > 1, "allocation");
}

int alloc__cg_masked(const alloc_network *net, const alloc_params *p, double deadline,
                     const unsigned char *hub_mask, alloc_sol *sol)
{
    return cg_run(net, p, deadline, hub_mask, sol, net->n_prods > 1, "allocation");
}

static int cg_run(const alloc_network *net, const alloc_params *p, double deadline,
                  const unsigned char *hub_mask, alloc_sol *sol, int seed_products,
                  const char *tag)
{
    static const alloc_params none;
    cg c;
    int rc = 0;
    memset(&c, 0, sizeof c);
    memset(sol, 0, sizeof *sol);
    if (!p)
        p = &none;
    c.net = net;
    c.hub_mask = hub_mask;
    for (int k = 0; k < NET_ROW_KINDS; k++) {
        c.row_base[k] = c.n_rows;
        c.n_rows += net__row_count(net, (net_row_kind)k);
    }
    c.n_owner = net->n_dem_total + net->n_sup_total;
    c.in = core__calloc(NET_NZ(net->n_arcs_total), 1);
    c.y = core__calloc(NET_NZ(c.n_rows), sizeof(double));
    c.cand_id = core__calloc(c.n_owner ? c.n_owner * CG_PER_LINE : 1, sizeof(size_t));
    c.cand_rc = core__calloc(c.n_owner ? c.n_owner * CG_PER_LINE : 1, sizeof(double));
    sol->x = core__calloc(NET_NZ(net->n_arcs_total), sizeof(double));
    for (int k = 0; k < NET_ROW_KINDS; k++) {
        size_t n = net__row_count(net, (net_row_kind)k);
        sol->dual[k] = core__calloc(NET_NZ(n), sizeof(double));
        if (!sol->dual[k])
            rc = TERROIR_ENOMEM;
    }
    if (rc || !c.in || !c.y || !c.cand_id || !c.cand_rc || !sol->x) {
        rc = core__error(TERROIR_ENOMEM, "column generation: out of memory");
        goto out;
    }
    sol->status = LP_FEASIBLE;
    sol->bound = 0;
    if (net->n_arcs_total == 0) {
        sol->objective = read_flows(&c, sol); /* nothing to serve */
        sol->status = LP_OPTIMAL;
        goto out;
    }
    /* The greedy allocation: the answer if nothing better comes in time
     * (a stop or a deadline before the first LP still leaves flows). */
    if ((rc = alloc__greedy(net, hub_mask, NULL, NULL, sol->x)) != 0)
        goto out;
    sol->objective = flows_cost(net, sol->x);
    /* the restricted set: unserved and chain arcs, then the start */
    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        size_t un0 = pp->arc_base + pp->n_arcs - pp->n_dem;
        for (size_t d = 0; d < pp->n_dem; d++)
            add_arc(&c, un0 + d);
    }
    if (seed_products) {
        int stopped, complete;
        double *seed_x = core__calloc(NET_NZ(net->n_arcs_total), sizeof(double));
        if (!seed_x) {
            rc = core__error(TERROIR_ENOMEM, "column generation: out of memory");
            goto out;
        }
        rc = seed_by_product(net, p, deadline, hub_mask, c.in, &c.n_in, seed_x, c.y, c.row_base,
                             &stopped, &complete);
        /* once every product has its seed, their union is feasible (each
         * kept to its share of the shared limits): the answer if nothing
         * better comes, when it beats the greedy one */
        double seeds = !rc && complete ? flows_cost(net, seed_x) : HUGE_VAL;
        if (seeds < sol->objective) {
            memcpy(sol->x, seed_x, net->n_arcs_total * sizeof(double));
            sol->objective = seeds;
        }
        free(seed_x);
        if (rc)
            goto out;
        /* and a bound, from the seeds' duals */
        size_t n_cand;
        double lb = price(&c, &n_cand);
        sol->bound = lb > 0 ? (lb < sol->objective ? lb : sol->objective) : 0;
        if (stopped)
            goto out;
        /* chain arcs */
        for (size_t k = 0; k < net->n_prods; k++) {
            const net_product *pp = &net->prods[k];
            size_t chain0 = pp->arc_base + 2 * pp->ord_start[net->n_hubs] + net->n_hubs * pp->n_dem;
            for (size_t n = 0; n < pp->n_nodes; n++)
                add_arc(&c, chain0 + n);
        }
    } else if ((rc = initial_arcs(&c)) != 0 ||
               (rc = alloc__greedy(net, hub_mask, c.in, &c.n_in, NULL)) != 0) {
        goto out;
    }
    /* The LP holds a column per arc of the network: on large ones it takes
     * seconds to build, for nothing when the time is up or a stop came. */
    if ((deadline > 0 && core__now() >= deadline) ||
        (p->progress && p->progress(sol->objective, sol->bound, p->progress_data)))
        goto out;
    if ((rc = alloc__plain_build(&c.pl, net, 0, c.in)) != 0)
        goto out;
    c.xc = core__calloc(NET_NZ(lp__col_count(c.pl.lp)), sizeof(double));
    if (!c.xc) {
        rc = core__error(TERROIR_ENOMEM, "column generation: out of memory");
        goto out;
    }

    lp_params lpp;
    memset(&lpp, 0, sizeof lpp);
    lpp.log = p->log;
    lpp.log_data = p->log_data;
    lpp.progress = p->progress; /* a stop inside a long LP */
    lpp.progress_data = p->progress_data;
    double lb_best = sol->bound; /* costs are >= 0 */
    for (;;) {
        lp_result res;
        double left = deadline > 0 ? deadline - core__now() : 0;
        if (deadline > 0 && left <= 0)
            break;
        lpp.time_limit_seconds = left;
        /* The first solve is a cold start: GLPK's presolver shrinks it a lot
         * (measured: 8 s -> 1.4 s on the benchmark network) and hands back a
         * basis of the full LP.  Later rounds warm-start from that basis. */
        lpp.presolve = sol->rounds == 0;
        if ((rc = lp__solve_lp(c.pl.lp, &lpp, &res)) == TERROIR_ESOLVER) {
            /* sol still holds a feasible allocation: the last round's, or
             * the greedy flow (or the seeds' union) before the first */
            core__warn(p->warnings,
                       "allocation: GLPK could not solve the flow LP (%s); the allocation found "
                       "before is kept (%s)",
                       terroir_error_last()->message,
                       sol->rounds ? "the last round of the column generation" : "greedy");
            sol->fallback = 1;
            rc = 0;
            break;
        }
        if (rc != 0)
            goto out;
        if (res.status != LP_OPTIMAL)
            break; /* time limit inside the simplex: keep the last round */
        if ((rc = lp__col_values(c.pl.lp, c.xc)) != 0 || (rc = lp__row_duals(c.pl.lp, c.y)) != 0)
            goto out;
        sol->objective = read_flows(&c, sol);
        sol->rounds++;
        size_t n_cand = 0;
        double lb = price(&c, &n_cand);
        if (lb > lb_best)
            lb_best = lb;
        for (int kind = 0; kind < NET_ROW_KINDS; kind++) {
            size_t n = net__row_count(net, (net_row_kind)kind);
            memcpy(sol->dual[kind], c.y + c.row_base[kind], n * sizeof(double));
        }
        core__logf(p->log, p->log_data,
                   "%s, round %zu: %zu arcs, objective %.10g, bound %.10g, %zu arcs to add", tag,
                   sol->rounds, c.n_in, sol->objective, lb_best, n_cand);
        if (n_cand == 0) {
            sol->status = LP_OPTIMAL;
            break;
        }
        if (p->progress && p->progress(sol->objective, lb_best, p->progress_data))
            break;
        if (deadline > 0 && core__now() >= deadline)
            break;
        for (size_t k = 0; k < c.n_owner * CG_PER_LINE; k++)
            if (c.cand_id[k] != NET_NONE && (rc = add_arc(&c, c.cand_id[k])) != 0)
                goto out;
    }
    sol->bound = lb_best < sol->objective ? lb_best : sol->objective;
    if (sol->status == LP_OPTIMAL)
        sol->bound = sol->objective;
out:
    sol->columns = c.n_in;
    if (rc)
        alloc__sol_free(sol);
    alloc__plain_free(&c.pl);
    free(c.in);
    free(c.y);
    free(c.xc);
    free(c.cand_id);
    free(c.cand_rc);
    return rc;
}
