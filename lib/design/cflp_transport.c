/* The transportation subproblem of the CFLP: given the open facilities,
 * send every customer's demand from open facilities within their capacities
 * at minimum cost.  Solved exactly by a primal network simplex (Dantzig's
 * method on spanning trees; Cunningham's strongly feasible trees against
 * cycling; block search pricing as in Grigoriadis 1986 and LEMON's
 * NetworkSimplex) on the network
 *
 *   source S --(cap s_i, cost 0 or M)--> facility i --(cost c_ij)--> customer j
 *
 * with an artificial root joined to every node by an arc of cost M (the
 * initial basis).  A closed facility keeps its arc S -> i with the
 * prohibitive cost M, so after the open set changes the last tree is still
 * primal feasible and the method only re-optimises: the local search of
 * cflp_heuristic.c evaluates a move in a few pivots.  Flow left on an arc of
 * cost M at the optimum means the open facilities cannot serve the demand.
 *
 * After a pivot only the subtree that moved is walked again (depths and
 * potentials), so a pivot costs the cycle plus that subtree plus pricing.
 * Pricing skips the arcs of closed facilities: with their supply arc at
 * cost M they cannot improve a feasible configuration, and leaving them out
 * divides the pricing work by the share of open facilities. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "design/cflp.h"

#define ST_LOWER 1
#define ST_TREE 0
#define ST_UPPER (-1)
#define ST_OFF                                                                                     \
    2 /* at its lower bound (0) and left out of pricing: an arc of a                               \
       * closed facility, which can never be worth entering */

struct cflp_transport {
    const cflp_inst *inst;
    size_t N, A;     /* nodes (root last), arcs */
    size_t root, na; /* na: facility -> customer arcs (first na arcs) */
    size_t *src, *tgt;
    double *cost, *cap, *flow;
    signed char *state;
    /* spanning tree */
    size_t *parent, *pred, *depth;
    signed char *up; /* 1: pred arc goes node -> parent */
    size_t *first_child, *next_sib, *prev_sib;
    double *pi;
    size_t *path, *stack;
    size_t next_arc, block;
    double M, eps, feas_tol;
    size_t pivots;
    unsigned char *open_now;
};

void cflp__transport_free(cflp_transport *t)
{
    if (!t)
        return;
    free(t->src);
    free(t->tgt);
    free(t->cost);
    free(t->cap);
    free(t->flow);
    free(t->state);
    free(t->parent);
    free(t->pred);
    free(t->depth);
    free(t->up);
    free(t->first_child);
    free(t->next_sib);
    free(t->prev_sib);
    free(t->pi);
    free(t->path);
    free(t->stack);
    free(t->open_now);
    free(t);
}

static void child_add(cflp_transport *t, size_t p, size_t c)
{
    t->prev_sib[c] = CFLP_NONE;
    t->next_sib[c] = t->first_child[p];
    if (t->first_child[p] != CFLP_NONE)
        t->prev_sib[t->first_child[p]] = c;
    t->first_child[p] = c;
}

static void child_remove(cflp_transport *t, size_t p, size_t c)
{
    if (t->prev_sib[c] != CFLP_NONE)
        t->next_sib[t->prev_sib[c]] = t->next_sib[c];
    else
        t->first_child[p] = t->next_sib[c];
    if (t->next_sib[c] != CFLP_NONE)
        t->prev_sib[t->next_sib[c]] = t->prev_sib[c];
    t->next_sib[c] = t->prev_sib[c] = CFLP_NONE;
}

/* Depths and potentials of the subtree rooted at r from its parent: reduced
 * costs cost + pi[src] - pi[tgt] of tree arcs are 0. */
static void walk_subtree(cflp_transport *t, size_t r)
{
    size_t top = 0;
    t->stack[top++] = r;
    while (top > 0) {
        size_t v = t->stack[--top];
        if (v != t->root) {
            size_t p = t->parent[v], e = t->pred[v];
            t->depth[v] = t->depth[p] + 1;
            t->pi[v] = t->up[v] ? t->pi[p] - t->cost[e] : t->pi[p] + t->cost[e];
        }
        for (size_t c = t->first_child[v]; c != CFLP_NONE; c = t->next_sib[c])
            t->stack[top++] = c;
    }
}

int cflp__transport_new(cflp_transport **out, const cflp_inst *inst)
{
    cflp_transport *t = core__calloc(1, sizeof *t);
    if (!t)
        return core__error(TERROIR_ENOMEM, "facility location: out of memory");
    size_t m = inst->m, n = inst->n;
    t->inst = inst;
    t->N = m + n + 2;
    t->root = t->N - 1;
    t->na = inst->n_arcs;
    t->A = t->na + m + (t->N - 1);
    size_t N = t->N, A = t->A;
    t->src = core__calloc(A, sizeof *t->src);
    t->tgt = core__calloc(A, sizeof *t->tgt);
    t->cost = core__calloc(A, sizeof *t->cost);
    t->cap = core__calloc(A, sizeof *t->cap);
    t->flow = core__calloc(A, sizeof *t->flow);
    t->state = core__calloc(A, sizeof *t->state);
    t->parent = core__calloc(N, sizeof *t->parent);
    t->pred = core__calloc(N, sizeof *t->pred);
    t->depth = core__calloc(N, sizeof *t->depth);
    t->up = core__calloc(N, sizeof *t->up);
    t->first_child = core__calloc(N, sizeof *t->first_child);
    t->next_sib = core__calloc(N, sizeof *t->next_sib);
    t->prev_sib = core__calloc(N, sizeof *t->prev_sib);
    t->pi = core__calloc(N, sizeof *t->pi);
    t->path = core__calloc(N, sizeof *t->path);
    t->stack = core__calloc(N, sizeof *t->stack);
    t->open_now = core__calloc(m, sizeof *t->open_now);
    if (!t->src || !t->tgt || !t->cost || !t->cap || !t->flow || !t->state || !t->parent ||
        !t->pred || !t->depth || !t->up || !t->first_child || !t->next_sib || !t->prev_sib ||
        !t->pi || !t->path || !t->stack || !t->open_now) {
        cflp__transport_free(t);
        return core__error(TERROIR_ENOMEM, "facility location: out of memory");
    }
    /* Any cycle of real arcs costs less than N * max_unit in absolute value,
     * so M above that makes arcs of cost M a last resort. */
    t->M = (inst->max_unit + 1.0) * (double)(N + 1);
    t->eps = 1e-9 * (inst->max_unit + 1.0);
    t->feas_tol = 1e-9 * (inst->total_demand > 1.0 ? inst->total_demand : 1.0);

    size_t S = 0;
    for (size_t k = 0; k < t->na; k++) {
        t->src[k] = 1 + inst->arc_fac[k];
        t->tgt[k] = 1 + m + inst->arc_cust[k];
        t->cost[k] = inst->arc_unit[k];
        t->cap[k] = HUGE_VAL;
        t->state[k] = ST_OFF; /* every facility starts closed */
    }
    for (size_t i = 0; i < m; i++) {
        size_t e = t->na + i;
        t->src[e] = S;
        t->tgt[e] = 1 + i;
        t->cost[e] = t->M; /* closed until a solve opens it */
        t->cap[e] = inst->cap[i];
        t->state[e] = ST_LOWER;
    }
    /* Initial tree: every node hangs from the root by its artificial arc. */
    for (size_t v = 0; v < N; v++)
        t->first_child[v] = t->next_sib[v] = t->prev_sib[v] = CFLP_NONE;
    t->parent[t->root] = CFLP_NONE;
    t->pred[t->root] = CFLP_NONE;
    for (size_t v = 0; v + 1 < N; v++) {
        size_t e = t->na + m + v;
        double supply = v == S ? inst->total_demand : v <= m ? 0.0 : -inst->dem[v - 1 - m];
        if (supply >= 0) {
            t->src[e] = v;
            t->tgt[e] = t->root;
            t->flow[e] = supply;
            t->up[v] = 1;
        } else {
            t->src[e] = t->root;
            t->tgt[e] = v;
            t->flow[e] = -supply;
            t->up[v] = 0;
        }
        t->cost[e] = t->M;
        t->cap[e] = HUGE_VAL;
        t->state[e] = ST_TREE;
        t->parent[v] = t->root;
        t->pred[v] = e;
        child_add(t, t->root, v);
    }
    t->block = (size_t)sqrt((double)A);
    if (t->block < 10)
        t->block = 10;
    walk_subtree(t, t->root);
    *out = t;
    return 0;
}

/* Block search: the arc of most negative state-signed reduced cost within
 * the first block that has one; CFLP_NONE when the tree is optimal. */
static size_t find_entering(cflp_transport *t)
{
    double best = -t->eps;
    size_t in = CFLP_NONE, cnt = t->block, e = t->next_arc;
    for (size_t scanned = 0; scanned < t->A; scanned++) {
        signed char s = t->state[e];
        if (s == ST_LOWER || s == ST_UPPER) {
            double c = s * (t->cost[e] + t->pi[t->src[e]] - t->pi[t->tgt[e]]);
            if (c < best) {
                best = c;
                in = e;
            }
        }
        if (++e == t->A)
            e = 0;
        if (--cnt == 0) {
            if (in != CFLP_NONE)
                break;
            cnt = t->block;
        }
    }
    t->next_arc = e;
    return in;
}

static void pivot(cflp_transport *t, size_t in)
{
    size_t first, second;
    if (t->state[in] == ST_LOWER) {
        first = t->src[in];
        second = t->tgt[in];
    } else {
        first = t->tgt[in];
        second = t->src[in];
    }
    size_t u = first, v = second;
    while (u != v) {
        if (t->depth[u] > t->depth[v]) {
            u = t->parent[u];
        } else if (t->depth[v] > t->depth[u]) {
            v = t->parent[v];
        } else {
            u = t->parent[u];
            v = t->parent[v];
        }
    }
    size_t join = u;

    /* Leaving arc: the last blocking arc met along the cycle oriented by the
     * entering arc, starting at the join (strongly feasible trees). */
    double delta = t->cap[in];
    int result = 0, out_full = 0;
    size_t u_out = CFLP_NONE;
    for (size_t w = first; w != join; w = t->parent[w]) {
        size_t e = t->pred[w];
        double d = t->up[w] ? t->flow[e] : t->cap[e] - t->flow[e];
        if (d < delta) {
            delta = d;
            u_out = w;
            result = 1;
            out_full = !t->up[w];
        }
    }
    for (size_t w = second; w != join; w = t->parent[w]) {
        size_t e = t->pred[w];
        double d = t->up[w] ? t->cap[e] - t->flow[e] : t->flow[e];
        if (d <= delta) {
            delta = d;
            u_out = w;
            result = 2;
            out_full = t->up[w];
        }
    }

    if (delta > 0 && delta < HUGE_VAL) {
        double val = t->state[in] * delta;
        t->flow[in] += val;
        for (size_t w = t->src[in]; w != join; w = t->parent[w])
            t->flow[t->pred[w]] -= (t->up[w] ? 1 : -1) * val;
        for (size_t w = t->tgt[in]; w != join; w = t->parent[w])
            t->flow[t->pred[w]] += (t->up[w] ? 1 : -1) * val;
    }

    if (result == 0) {
        /* The entering arc itself blocks: it moves to its other bound. */
        t->state[in] = (signed char)-t->state[in];
        t->flow[in] = t->state[in] == ST_UPPER ? t->cap[in] : 0.0;
        return;
    }

    size_t e_out = t->pred[u_out];
    t->state[e_out] = out_full ? ST_UPPER : ST_LOWER;
    if (e_out < t->na && !t->open_now[t->inst->arc_fac[e_out]])
        t->state[e_out] = ST_OFF; /* out_full is 0: these arcs have no upper bound */
    t->flow[e_out] = out_full ? t->cap[e_out] : 0.0;
    t->state[in] = ST_TREE;

    size_t u_in = result == 1 ? first : second;
    size_t v_in = result == 1 ? second : first;
    /* Re-hang the path u_in .. u_out below v_in, reversing it. */
    size_t k = 0;
    for (size_t w = u_in;; w = t->parent[w]) {
        t->path[k++] = w;
        if (w == u_out)
            break;
    }
    child_remove(t, t->parent[u_out], u_out);
    for (size_t s = 0; s + 1 < k; s++)
        child_remove(t, t->path[s + 1], t->path[s]);
    for (size_t s = k - 1; s >= 1; s--) {
        size_t w = t->path[s], below = t->path[s - 1];
        t->parent[w] = below;
        t->pred[w] = t->pred[below];
        t->up[w] = (signed char)!t->up[below];
        child_add(t, below, w);
    }
    t->parent[u_in] = v_in;
    t->pred[u_in] = in;
    t->up[u_in] = t->src[in] == u_in;
    child_add(t, v_in, u_in);
    walk_subtree(t, u_in);
}

int cflp__transport_solve(cflp_transport *t, const unsigned char *open, double *cost, int *feasible)
{
    const cflp_inst *inst = t->inst;
    int changed = 0;
    for (size_t i = 0; i < inst->m; i++) {
        unsigned char o = open[i] ? 1 : 0;
        if (o != t->open_now[i]) {
            t->open_now[i] = o;
            t->cost[t->na + i] = o ? 0.0 : t->M;
            changed = 1;
            for (size_t k = inst->fac_start[i]; k < inst->fac_start[i + 1]; k++) {
                if (o && t->state[k] == ST_OFF)
                    t->state[k] = ST_LOWER;
                else if (!o && t->state[k] == ST_LOWER)
                    t->state[k] = ST_OFF;
            }
        }
    }
    if (changed)
        walk_subtree(t, t->root);
    size_t limit = 1000000 + 50 * t->A, done = 0;
    size_t in;
    while ((in = find_entering(t)) != CFLP_NONE) {
        pivot(t, in);
        t->pivots++;
        if (++done > limit)
            return core__error(TERROIR_EINTERNAL,
                               "facility location: the transportation simplex did not "
                               "converge in %zu pivots",
                               limit);
    }
    double c = 0.0, bad = 0.0;
    for (size_t k = 0; k < t->na; k++)
        if (t->flow[k] != 0.0)
            c += t->flow[k] * t->cost[k];
    for (size_t i = 0; i < inst->m; i++)
        if (!t->open_now[i])
            bad += t->flow[t->na + i];
    for (size_t e = t->na + inst->m; e < t->A; e++)
        bad += t->flow[e];
    *feasible = bad <= t->feas_tol;
    *cost = c;
    return 0;
}

void cflp__transport_flows(const cflp_transport *t, double *flow)
{
    memcpy(flow, t->flow, t->na * sizeof *flow);
}

double cflp__transport_facility_flow(const cflp_transport *t, size_t i)
{
    return t->flow[t->na + i];
}

size_t cflp__transport_pivots(const cflp_transport *t)
{
    return t->pivots;
}
