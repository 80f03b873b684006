/* Primal side of the CFLP engine: exact evaluation of a configuration y (the
 * open facilities) by the transportation simplex of cflp_transport.c, a
 * cache of evaluated configurations (Zobrist hashing), repair of a
 * configuration that cannot serve all demand, and a local search over y in
 * the spirit of Kuehn & Hamburger's add/drop and of the swap neighbourhoods
 * of Lagrangian heuristics for the CFLP (Beasley 1988; Cornuejols,
 * Sridharan & Thizy 1991):
 *
 *   - close a facility that carries no flow (always improves);
 *   - close, open or swap (close i, open k) facilities, candidates ranked by
 *     a cheap estimate from the current flows, each candidate then
 *     evaluated exactly by a warm-started transportation re-solve; the first
 *     improving move is taken, until none improves.
 *
 * The incumbent (best configuration, value and flows) lives here. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "design/cflp.h"

#define CLOSE_EVALS 12 /* exact evaluations per pass, by move kind */
#define OPEN_EVALS 8
#define SWAP_EVALS 16
#define SWAP_PARTNERS 64 /* closed facilities considered for swaps */

struct cflp_heur {
    const cflp_inst *inst;
    cflp_transport *tp;
    double best;
    unsigned char *best_open;
    double *best_flow;
    int have_best;
    /* cache of evaluated configurations: open addressing */
    uint64_t *zob;
    uint64_t *keys;
    double *vals;
    size_t cache_cap, cache_n;
    size_t solves;
    /* scratch */
    double *flow; /* flows of the configuration being improved */
    double *u;    /* per customer: marginal unit cost */
    double *alt;  /* per customer: cheapest open alternative (close estimate) */
    double *ck;   /* per customer: cost from a candidate facility */
    double *est;  /* per facility */
    size_t *order;
    double *pair_est;
    size_t *pair_i, *pair_k;
    double *items_key;
    size_t *items;
    unsigned char *trial;
};

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void cflp__heur_free(cflp_heur *h)
{
    if (!h)
        return;
    cflp__transport_free(h->tp);
    free(h->best_open);
    free(h->best_flow);
    free(h->zob);
    free(h->keys);
    free(h->vals);
    free(h->flow);
    free(h->u);
    free(h->alt);
    free(h->ck);
    free(h->est);
    free(h->order);
    free(h->pair_est);
    free(h->pair_i);
    free(h->pair_k);
    free(h->items_key);
    free(h->items);
    free(h->trial);
    free(h);
}

int cflp__heur_new(cflp_heur **out, const cflp_inst *inst, unsigned long seed)
{
    int rc;
    cflp_heur *h = core__calloc(1, sizeof *h);
    if (!h)
        return core__error(TERROIR_ENOMEM, "facility location: out of memory");
    size_t m = inst->m, n = inst->n ? inst->n : 1, na = inst->n_arcs ? inst->n_arcs : 1;
    h->inst = inst;
    h->best = HUGE_VAL;
    h->cache_cap = 1 << 12;
    h->best_open = core__calloc(m, 1);
    h->best_flow = core__calloc(na, sizeof *h->best_flow);
    h->zob = core__calloc(m, sizeof *h->zob);
    h->keys = core__calloc(h->cache_cap, sizeof *h->keys);
    h->vals = core__calloc(h->cache_cap, sizeof *h->vals);
    h->flow = core__calloc(na, sizeof *h->flow);
    h->u = core__calloc(n, sizeof *h->u);
    h->alt = core__calloc(n, sizeof *h->alt);
    h->ck = core__calloc(n, sizeof *h->ck);
    h->est = core__calloc(m, sizeof *h->est);
    h->order = core__calloc(m, sizeof *h->order);
    h->pair_est = core__calloc(m * 4 + SWAP_EVALS, sizeof *h->pair_est);
    h->pair_i = core__calloc(m * 4 + SWAP_EVALS, sizeof *h->pair_i);
    h->pair_k = core__calloc(m * 4 + SWAP_EVALS, sizeof *h->pair_k);
    h->items_key = core__calloc(n, sizeof *h->items_key);
    h->items = core__calloc(n, sizeof *h->items);
    h->trial = core__calloc(m, 1);
    if (!h->best_open || !h->best_flow || !h->zob || !h->keys || !h->vals || !h->flow || !h->u ||
        !h->alt || !h->ck || !h->est || !h->order || !h->pair_est || !h->pair_i || !h->pair_k ||
        !h->items_key || !h->items || !h->trial) {
        cflp__heur_free(h);
        return core__error(TERROIR_ENOMEM, "facility location: out of memory");
    }
    uint64_t s = 0x5eed0000ULL ^ (uint64_t)seed;
    for (size_t i = 0; i < m; i++)
        h->zob[i] = splitmix(&s) | 1; /* never 0: 0 marks an empty slot */
    if ((rc = cflp__transport_new(&h->tp, inst)) != 0) {
        cflp__heur_free(h);
        return rc;
    }
    *out = h;
    return 0;
}

static uint64_t config_hash(const cflp_heur *h, const unsigned char *open)
{
    uint64_t k = 0x243f6a8885a308d3ULL;
    for (size_t i = 0; i < h->inst->m; i++)
        if (open[i])
            k ^= h->zob[i];
    return k ? k : 1;
}

static int cache_find(const cflp_heur *h, uint64_t key, double *val)
{
    size_t mask = h->cache_cap - 1;
    for (size_t s = (size_t)key & mask;; s = (s + 1) & mask) {
        if (h->keys[s] == 0)
            return 0;
        if (h->keys[s] == key) {
            *val = h->vals[s];
            return 1;
        }
    }
}

static void cache_put(cflp_heur *h, uint64_t key, double val)
{
    if ((h->cache_n + 1) * 2 > h->cache_cap) {
        /* Grow; if memory is short, just forget everything (a cache). */
        size_t ncap = h->cache_cap * 2;
        uint64_t *nk = core__calloc(ncap, sizeof *nk);
        double *nv = core__calloc(ncap, sizeof *nv);
        if (!nk || !nv) {
            free(nk);
            free(nv);
            memset(h->keys, 0, h->cache_cap * sizeof *h->keys);
            h->cache_n = 0;
        } else {
            for (size_t s = 0; s < h->cache_cap; s++) {
                if (!h->keys[s])
                    continue;
                size_t t = (size_t)h->keys[s] & (ncap - 1);
                while (nk[t])
                    t = (t + 1) & (ncap - 1);
                nk[t] = h->keys[s];
                nv[t] = h->vals[s];
            }
            free(h->keys);
            free(h->vals);
            h->keys = nk;
            h->vals = nv;
            h->cache_cap = ncap;
        }
    }
    size_t mask = h->cache_cap - 1;
    size_t s = (size_t)key & mask;
    while (h->keys[s] && h->keys[s] != key)
        s = (s + 1) & mask;
    if (!h->keys[s])
        h->cache_n++;
    h->keys[s] = key;
    h->vals[s] = val;
}

static double fixed_sum(const cflp_inst *inst, const unsigned char *open)
{
    double f = 0.0;
    for (size_t i = 0; i < inst->m; i++)
        if (open[i])
            f += inst->fixed[i];
    return f;
}

/* Solve `open` now (no cache lookup): value into *value (HUGE_VAL when
 * infeasible), flows into h->flow when feasible, incumbent updated. */
static int solve_now(cflp_heur *h, const unsigned char *open, double *value)
{
    int rc, feasible;
    double cost;
    if ((rc = cflp__transport_solve(h->tp, open, &cost, &feasible)) != 0)
        return rc;
    h->solves++;
    double val = feasible ? fixed_sum(h->inst, open) + cost : HUGE_VAL;
    cache_put(h, config_hash(h, open), val);
    if (feasible) {
        cflp__transport_flows(h->tp, h->flow);
        if (val < h->best) {
            h->best = val;
            h->have_best = 1;
            memcpy(h->best_open, open, h->inst->m);
            memcpy(h->best_flow, h->flow, h->inst->n_arcs * sizeof *h->flow);
        }
    }
    *value = val;
    return 0;
}

int cflp__heur_lookup(const cflp_heur *h, const unsigned char *open, double *value)
{
    return cache_find(h, config_hash(h, open), value);
}

int cflp__heur_eval(cflp_heur *h, const unsigned char *open, double *value)
{
    if (cache_find(h, config_hash(h, open), value))
        return 0;
    return solve_now(h, open, value);
}

double cflp__heur_best(const cflp_heur *h, const unsigned char **open, const double **flow)
{
    if (open)
        *open = h->have_best ? h->best_open : NULL;
    if (flow)
        *flow = h->have_best ? h->best_flow : NULL;
    return h->best;
}

size_t cflp__heur_solves(const cflp_heur *h)
{
    return h->solves;
}

/* Open facilities until the configuration is feasible: while capacity or
 * reachability is short, open the closed free facility with the lowest
 * fixed cost per unit of capacity among those reaching an unserved
 * customer.  *value gets the final value (HUGE_VAL if nothing helps). */
static int repair(cflp_heur *h, unsigned char *open, double *value)
{
    const cflp_inst *inst = h->inst;
    int rc;
    for (;;) {
        double capsum = 0.0;
        for (size_t i = 0; i < inst->m; i++)
            if (open[i])
                capsum += inst->cap[i];
        int short_cap = capsum < inst->total_demand * (1 - 1e-12);
        if (!short_cap) {
            if ((rc = solve_now(h, open, value)) != 0)
                return rc;
            if (*value < HUGE_VAL)
                return 0;
        }
        /* Customers that the open facilities leave (partly) unserved: mark
         * them in ck (1 = unserved), all of them when capacity is short. */
        double tol = 1e-9 * (inst->total_demand > 1 ? inst->total_demand : 1);
        if (!short_cap)
            cflp__transport_flows(h->tp, h->flow);
        for (size_t j = 0; j < inst->n; j++) {
            double served = 0.0;
            if (!short_cap)
                for (size_t a = inst->cus_start[j]; a < inst->cus_start[j + 1]; a++) {
                    size_t k = inst->cus_arc[a];
                    if (open[inst->arc_fac[k]])
                        served += h->flow[k];
                }
            h->ck[j] = served < inst->dem[j] - tol ? 1.0 : 0.0;
        }
        size_t pick = CFLP_NONE;
        double best_ratio = HUGE_VAL;
        for (size_t i = 0; i < inst->m; i++) {
            if (open[i] || inst->fix[i] == CFLP_CLOSED || inst->cap[i] <= 0)
                continue;
            int helps = 0;
            for (size_t a = inst->fac_start[i]; a < inst->fac_start[i + 1] && !helps; a++)
                helps = h->ck[inst->arc_cust[a]] > 0;
            if (!helps)
                continue;
            double r = inst->fixed[i] / inst->cap[i];
            if (r < best_ratio) {
                best_ratio = r;
                pick = i;
            }
        }
        if (pick == CFLP_NONE) {
            *value = HUGE_VAL;
            return 0;
        }
        open[pick] = 1;
    }
}

/* Per customer: the largest unit cost among arcs carrying flow (the price
 * of its marginal unit). */
static void marginal_costs(cflp_heur *h)
{
    const cflp_inst *inst = h->inst;
    double tol = 1e-12 * (inst->total_demand > 1 ? inst->total_demand : 1);
    for (size_t j = 0; j < inst->n; j++)
        h->u[j] = -HUGE_VAL;
    for (size_t k = 0; k < inst->n_arcs; k++)
        if (h->flow[k] > tol && inst->arc_unit[k] > h->u[inst->arc_cust[k]])
            h->u[inst->arc_cust[k]] = inst->arc_unit[k];
}

/* Estimated change of closing open facility i: its flows move to each
 * customer's cheapest other open facility (or to `extra` when that one is
 * cheaper; CFLP_NONE for none), capacities ignored. */
static double close_estimate(cflp_heur *h, const unsigned char *open, size_t i, size_t extra)
{
    const cflp_inst *inst = h->inst;
    double tol = 1e-12 * (inst->total_demand > 1 ? inst->total_demand : 1);
    double delta = -inst->fixed[i];
    for (size_t a = inst->fac_start[i]; a < inst->fac_start[i + 1]; a++) {
        if (h->flow[a] <= tol)
            continue;
        size_t j = inst->arc_cust[a];
        double alt = HUGE_VAL;
        for (size_t b = inst->cus_start[j]; b < inst->cus_start[j + 1]; b++) {
            size_t k = inst->cus_arc[b];
            size_t f = inst->arc_fac[k];
            if ((open[f] && f != i) || f == extra) {
                alt = inst->arc_unit[k];
                break;
            }
        }
        if (alt == HUGE_VAL)
            return HUGE_VAL;
        delta += h->flow[a] * (alt - inst->arc_unit[a]);
    }
    return delta;
}

/* Estimated change of opening closed facility k: it takes, best saving per
 * unit first and within its capacity, demand whose marginal cost exceeds
 * its own cost. */
static double open_estimate(cflp_heur *h, size_t k)
{
    const cflp_inst *inst = h->inst;
    size_t cnt = 0;
    double amount = 0.0, saving = 0.0;
    for (size_t a = inst->fac_start[k]; a < inst->fac_start[k + 1]; a++) {
        size_t j = inst->arc_cust[a];
        double gain = h->u[j] - inst->arc_unit[a];
        if (gain > 0) {
            h->items[cnt] = a;
            h->items_key[cnt] = gain;
            cnt++;
            amount += inst->dem[j];
            saving += gain * inst->dem[j];
        }
    }
    if (amount > inst->cap[k]) {
        /* selection by gain: simple insertion sort, descending */
        for (size_t s = 1; s < cnt; s++) {
            double key = h->items_key[s];
            size_t it = h->items[s];
            size_t t = s;
            while (t > 0 && h->items_key[t - 1] < key) {
                h->items_key[t] = h->items_key[t - 1];
                h->items[t] = h->items[t - 1];
                t--;
            }
            h->items_key[t] = key;
            h->items[t] = it;
        }
        double left = inst->cap[k];
        saving = 0.0;
        for (size_t s = 0; s < cnt && left > 0; s++) {
            double d = inst->dem[inst->arc_cust[h->items[s]]];
            double take = d < left ? d : left;
            saving += take * h->items_key[s];
            left -= take;
        }
    }
    return inst->fixed[k] - saving;
}

/* Facilities sorted by est ascending into h->order[0..cnt). */
static void sort_by_est(cflp_heur *h, size_t cnt)
{
    for (size_t s = 1; s < cnt; s++) {
        size_t it = h->order[s];
        size_t t = s;
        while (t > 0 && h->est[h->order[t - 1]] > h->est[it]) {
            h->order[t] = h->order[t - 1];
            t--;
        }
        h->order[t] = it;
    }
}

/* Try moves on `open` (value *cur, flows in h->flow); returns 1 in *moved
 * when an improving move was applied. */
static int one_pass(cflp_heur *h, unsigned char *open, double *cur, double deadline, int *moved)
{
    const cflp_inst *inst = h->inst;
    size_t m = inst->m;
    int rc;
    double tol = 1e-12 * (inst->total_demand > 1 ? inst->total_demand : 1);
    double eps = 1e-9 * (fabs(*cur) > 1 ? fabs(*cur) : 1);
    *moved = 0;

    /* Drop facilities without flow: the flows stay optimal. */
    for (size_t i = 0; i < m; i++) {
        if (!open[i] || inst->fix[i] != CFLP_FREE || inst->fixed[i] < 0)
            continue;
        double fl = 0.0;
        for (size_t a = inst->fac_start[i]; a < inst->fac_start[i + 1]; a++)
            fl += h->flow[a];
        if (fl <= tol) {
            open[i] = 0;
            *cur -= inst->fixed[i];
            if (inst->fixed[i] > 0)
                *moved = 1;
        }
    }
    if (*moved) {
        double val;
        if ((rc = solve_now(h, open, &val)) != 0)
            return rc;
        *cur = val;
        return 0;
    }

    double capsum = 0.0;
    for (size_t i = 0; i < m; i++)
        if (open[i])
            capsum += inst->cap[i];
    marginal_costs(h);

    /* Close. */
    size_t cnt = 0;
    for (size_t i = 0; i < m; i++) {
        if (!open[i] || inst->fix[i] != CFLP_FREE)
            continue;
        if (capsum - inst->cap[i] < inst->total_demand * (1 - 1e-12))
            continue;
        h->est[i] = close_estimate(h, open, i, CFLP_NONE);
        if (h->est[i] < HUGE_VAL)
            h->order[cnt++] = i;
    }
    sort_by_est(h, cnt);
    for (size_t s = 0; s < cnt && s < CLOSE_EVALS; s++) {
        if (deadline > 0 && core__now() > deadline)
            return 0;
        size_t i = h->order[s];
        memcpy(h->trial, open, m);
        h->trial[i] = 0;
        double val;
        if ((rc = cflp__heur_eval(h, h->trial, &val)) != 0)
            return rc;
        if (val < *cur - eps) {
            open[i] = 0;
            if ((rc = solve_now(h, open, cur)) != 0)
                return rc;
            *moved = 1;
            return 0;
        }
    }

    /* Open. */
    cnt = 0;
    for (size_t k = 0; k < m; k++) {
        if (open[k] || inst->fix[k] != CFLP_FREE)
            continue;
        h->est[k] = open_estimate(h, k);
        if (h->est[k] < 0)
            h->order[cnt++] = k;
    }
    sort_by_est(h, cnt);
    for (size_t s = 0; s < cnt && s < OPEN_EVALS; s++) {
        if (deadline > 0 && core__now() > deadline)
            return 0;
        size_t k = h->order[s];
        memcpy(h->trial, open, m);
        h->trial[k] = 1;
        double val;
        if ((rc = cflp__heur_eval(h, h->trial, &val)) != 0)
            return rc;
        if (val < *cur - eps) {
            open[k] = 1;
            if ((rc = solve_now(h, open, cur)) != 0)
                return rc;
            *moved = 1;
            return 0;
        }
    }

    /* Swap: for each open i, the closed k that best absorbs its flows; keep
     * the most promising pairs.  With many closed facilities, only the
     * SWAP_PARTNERS most attractive to open (by open_estimate) are tried,
     * which keeps a pass near-linear in the number of facilities. */
    size_t partners = 0;
    for (size_t k = 0; k < m; k++)
        if (!open[k] && inst->fix[k] == CFLP_FREE)
            h->order[partners++] = k;
    if (partners > SWAP_PARTNERS) {
        for (size_t a = 0; a < SWAP_PARTNERS; a++) {
            size_t best = a;
            for (size_t b = a + 1; b < partners; b++)
                if (h->est[h->order[b]] < h->est[h->order[best]])
                    best = b;
            size_t tmp = h->order[a];
            h->order[a] = h->order[best];
            h->order[best] = tmp;
        }
        partners = SWAP_PARTNERS;
    }
    size_t npairs = 0, maxpairs = m * 4 + SWAP_EVALS;
    for (size_t i = 0; i < m; i++) {
        if (!open[i] || inst->fix[i] != CFLP_FREE)
            continue;
        double best_e = HUGE_VAL;
        size_t best_k = CFLP_NONE;
        for (size_t p = 0; p < partners; p++) {
            size_t k = h->order[p];
            if (capsum - inst->cap[i] + inst->cap[k] < inst->total_demand * (1 - 1e-12))
                continue;
            double e = close_estimate(h, open, i, k);
            if (e == HUGE_VAL)
                continue;
            e += inst->fixed[k];
            if (e < best_e) {
                best_e = e;
                best_k = k;
            }
        }
        if (best_k != CFLP_NONE && npairs < maxpairs) {
            h->pair_est[npairs] = best_e;
            h->pair_i[npairs] = i;
            h->pair_k[npairs] = best_k;
            npairs++;
        }
    }
    /* best pairs first */
    for (size_t s = 1; s < npairs; s++) {
        double e = h->pair_est[s];
        size_t pi = h->pair_i[s], pk = h->pair_k[s];
        size_t t = s;
        while (t > 0 && h->pair_est[t - 1] > e) {
            h->pair_est[t] = h->pair_est[t - 1];
            h->pair_i[t] = h->pair_i[t - 1];
            h->pair_k[t] = h->pair_k[t - 1];
            t--;
        }
        h->pair_est[t] = e;
        h->pair_i[t] = pi;
        h->pair_k[t] = pk;
    }
    for (size_t s = 0; s < npairs && s < SWAP_EVALS; s++) {
        if (deadline > 0 && core__now() > deadline)
            return 0;
        size_t i = h->pair_i[s], k = h->pair_k[s];
        memcpy(h->trial, open, m);
        h->trial[i] = 0;
        h->trial[k] = 1;
        double val;
        if ((rc = cflp__heur_eval(h, h->trial, &val)) != 0)
            return rc;
        if (val < *cur - eps) {
            open[i] = 0;
            open[k] = 1;
            if ((rc = solve_now(h, open, cur)) != 0)
                return rc;
            *moved = 1;
            return 0;
        }
    }
    return 0;
}

int cflp__heur_improve(cflp_heur *h, unsigned char *open, double deadline)
{
    const cflp_inst *inst = h->inst;
    int rc;
    double cur;
    for (size_t i = 0; i < inst->m; i++) {
        if (inst->fix[i] == CFLP_OPEN)
            open[i] = 1;
        else if (inst->fix[i] == CFLP_CLOSED)
            open[i] = 0;
    }
    if ((rc = repair(h, open, &cur)) != 0)
        return rc;
    if (cur == HUGE_VAL)
        return 0;
    for (;;) {
        if (deadline > 0 && core__now() > deadline)
            return 0;
        int moved;
        if ((rc = one_pass(h, open, &cur, deadline, &moved)) != 0)
            return rc;
        if (!moved || cur == HUGE_VAL)
            return 0;
    }
}
