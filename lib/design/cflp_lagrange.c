/* The Lagrangian subproblem of the CFLP with the demand constraints
 * sum_i x_ij = 1 relaxed by multipliers lambda_j (Geoffrion & McBride 1978;
 * Cornuejols, Sridharan & Thizy 1991; Görtz & Klose 2012):
 *
 *   L(lambda) = sum_j lambda_j + min sum_i v_i y_i
 *               s.t. sum_i s_i y_i >= sum_j d_j, y binary, fixings,
 *   v_i = f_i + min { sum_j (c_ij d_j - lambda_j) x_ij :
 *                     sum_j d_j x_ij <= s_i, 0 <= x_ij <= 1 }
 *
 * Each v_i is a continuous knapsack (take customers of negative reduced cost
 * by best ratio until the capacity is full); the choice of y is a 0-1
 * covering knapsack (cflp_knapsack.c).  L(lambda) is a lower bound on the
 * optimum of the node for every lambda; its subgradient is
 * g_j = 1 - sum_i x_ij y_i.  The subgradient optimisation itself lives with
 * the branch-and-bound (cflp_bnb.c), which owns the step-size schedule. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "design/cflp.h"

#define KNAPSACK_NODE_LIMIT 20000

void cflp__lagrange_free(cflp_lagrange *lg)
{
    if (!lg)
        return;
    free(lg->v);
    free(lg->x_start);
    free(lg->x_count);
    free(lg->x_cust);
    free(lg->x_frac);
    free(lg->y);
    free(lg->g);
    free(lg->items);
    free(lg->keys);
    free(lg->kv);
    free(lg->kw);
    free(lg->kidx);
    free(lg->kz);
    cflp__knapsack_work_free(&lg->kw_work);
    memset(lg, 0, sizeof *lg);
}

int cflp__lagrange_init(cflp_lagrange *lg, const cflp_inst *inst)
{
    memset(lg, 0, sizeof *lg);
    size_t m = inst->m, n = inst->n ? inst->n : 1, na = inst->n_arcs ? inst->n_arcs : 1;
    size_t maxdeg = 1;
    for (size_t i = 0; i < m; i++)
        if (inst->fac_start[i + 1] - inst->fac_start[i] > maxdeg)
            maxdeg = inst->fac_start[i + 1] - inst->fac_start[i];
    lg->inst = inst;
    lg->v = core__calloc(m, sizeof *lg->v);
    lg->x_start = core__calloc(m + 1, sizeof *lg->x_start);
    lg->x_count = core__calloc(m, sizeof *lg->x_count);
    lg->x_cust = core__calloc(na, sizeof *lg->x_cust);
    lg->x_frac = core__calloc(na, sizeof *lg->x_frac);
    lg->y = core__calloc(m, sizeof *lg->y);
    lg->g = core__calloc(n, sizeof *lg->g);
    lg->items = core__calloc(maxdeg, sizeof *lg->items);
    lg->keys = core__calloc(maxdeg, sizeof *lg->keys);
    lg->kv = core__calloc(m, sizeof *lg->kv);
    lg->kw = core__calloc(m, sizeof *lg->kw);
    lg->kidx = core__calloc(m, sizeof *lg->kidx);
    lg->kz = core__calloc(m, sizeof *lg->kz);
    if (!lg->v || !lg->x_start || !lg->x_count || !lg->x_cust || !lg->x_frac || !lg->y || !lg->g ||
        !lg->items || !lg->keys || !lg->kv || !lg->kw || !lg->kidx || !lg->kz ||
        cflp__knapsack_work_init(&lg->kw_work, m) != 0) {
        cflp__lagrange_free(lg);
        return core__error(TERROIR_ENOMEM, "facility location: out of memory");
    }
    for (size_t i = 0; i <= m; i++)
        lg->x_start[i] = inst->fac_start[i];
    return 0;
}

/* Items of one facility, sorted by key (reduced cost per unit of demand):
 * quicksort (Hoare partition, middle pivot) on parallel arrays, insertion
 * sort for short ranges; allocation free.  [lo, hi) */
static void sort_items(size_t *items, double *keys, size_t lo, size_t hi)
{
    while (hi - lo > 16) {
        double pivot = keys[lo + (hi - 1 - lo) / 2];
        size_t a = lo, b = hi - 1;
        for (;;) {
            while (keys[a] < pivot)
                a++;
            while (keys[b] > pivot)
                b--;
            if (a >= b)
                break;
            double tk = keys[a];
            keys[a] = keys[b];
            keys[b] = tk;
            size_t ti = items[a];
            items[a] = items[b];
            items[b] = ti;
            a++;
            b--;
        }
        /* [lo, b] <= pivot <= [b + 1, hi) */
        if (b + 1 - lo < hi - b - 1) {
            sort_items(items, keys, lo, b + 1);
            lo = b + 1;
        } else {
            sort_items(items, keys, b + 1, hi);
            hi = b + 1;
        }
    }
    for (size_t a = lo + 1; a < hi; a++) {
        double k = keys[a];
        size_t it = items[a];
        size_t b = a;
        while (b > lo && keys[b - 1] > k) {
            keys[b] = keys[b - 1];
            items[b] = items[b - 1];
            b--;
        }
        keys[b] = k;
        items[b] = it;
    }
}

/* min sum v_i y_i over y covering the demand, with facility `flip` (or
 * CFLP_NONE) forced to `flip_val`.  Fills y when y_out is not NULL.
 * HUGE_VAL when no cover exists. */
static double choose_y(cflp_lagrange *lg, const unsigned char *fix, size_t flip,
                       unsigned char flip_val, unsigned char *y_out)
{
    const cflp_inst *inst = lg->inst;
    size_t m = inst->m, k = 0;
    double val = 0.0, covered = 0.0;
    for (size_t i = 0; i < m; i++) {
        int state; /* 1 open, 0 closed, -1 free */
        if (i == flip)
            state = flip_val;
        else if (fix[i] == CFLP_OPEN)
            state = 1;
        else if (fix[i] == CFLP_CLOSED)
            state = 0;
        else
            state = lg->v[i] <= 0 ? 1 : -1;
        if (y_out)
            y_out[i] = state == 1;
        if (state == 1) {
            val += lg->v[i];
            covered += inst->cap[i];
        } else if (state == -1) {
            lg->kv[k] = lg->v[i];
            lg->kw[k] = inst->cap[i];
            lg->kidx[k] = i;
            k++;
        }
    }
    double need = inst->total_demand - covered;
    if (need > 1e-9 * (inst->total_demand > 1 ? inst->total_demand : 1)) {
        double value, bound;
        if (cflp__cover(&lg->kw_work, k, lg->kv, lg->kw, need, KNAPSACK_NODE_LIMIT, lg->kz, &value,
                        &bound) != 0)
            return HUGE_VAL;
        val += bound;
        if (y_out)
            for (size_t a = 0; a < k; a++)
                if (lg->kz[a])
                    y_out[lg->kidx[a]] = 1;
    }
    return val;
}

int cflp__lagrange_eval(cflp_lagrange *lg, const unsigned char *fix, const double *lambda)
{
    const cflp_inst *inst = lg->inst;
    size_t m = inst->m, n = inst->n;
    double sum_lambda = 0.0;
    for (size_t j = 0; j < n; j++)
        sum_lambda += lambda[j];

    for (size_t i = 0; i < m; i++) {
        lg->x_count[i] = 0;
        if (fix[i] == CFLP_CLOSED) {
            lg->v[i] = HUGE_VAL;
            continue;
        }
        size_t cnt = 0;
        double dsum = 0.0, rsum = 0.0;
        for (size_t a = inst->fac_start[i]; a < inst->fac_start[i + 1]; a++) {
            size_t j = inst->arc_cust[a];
            double r = inst->arc_full[a] - lambda[j];
            if (r < 0) {
                lg->items[cnt] = j;
                lg->keys[cnt] = r / inst->dem[j];
                cnt++;
                dsum += inst->dem[j];
                rsum += r;
            }
        }
        size_t base = lg->x_start[i];
        double cap = inst->cap[i];
        if (dsum <= cap) {
            for (size_t t = 0; t < cnt; t++) {
                lg->x_cust[base + t] = lg->items[t];
                lg->x_frac[base + t] = 1.0;
            }
            lg->x_count[i] = cnt;
            lg->v[i] = inst->fixed[i] + rsum;
            continue;
        }
        sort_items(lg->items, lg->keys, 0, cnt);
        double left = cap, val = inst->fixed[i];
        size_t t = 0;
        for (; t < cnt && left > 0; t++) {
            size_t j = lg->items[t];
            double d = inst->dem[j];
            double frac = d <= left ? 1.0 : left / d;
            lg->x_cust[base + t] = j;
            lg->x_frac[base + t] = frac;
            val += frac * lg->keys[t] * d;
            left -= frac * d;
            if (frac < 1.0) {
                t++;
                break;
            }
        }
        lg->x_count[i] = t;
        lg->v[i] = val;
    }

    double yval = choose_y(lg, fix, CFLP_NONE, 0, lg->y);
    lg->infeasible = yval == HUGE_VAL;
    lg->value = lg->infeasible ? HUGE_VAL : sum_lambda + yval;
    for (size_t j = 0; j < n; j++)
        lg->g[j] = 1.0;
    for (size_t i = 0; i < m; i++) {
        if (!lg->y[i])
            continue;
        size_t base = lg->x_start[i];
        for (size_t t = 0; t < lg->x_count[i]; t++)
            lg->g[lg->x_cust[base + t]] -= lg->x_frac[base + t];
    }
    return 0;
}

double cflp__lagrange_flip_bound(cflp_lagrange *lg, const unsigned char *fix, const double *lambda,
                                 size_t i)
{
    const cflp_inst *inst = lg->inst;
    double sum_lambda = 0.0;
    for (size_t j = 0; j < inst->n; j++)
        sum_lambda += lambda[j];
    double yval = choose_y(lg, fix, i, lg->y[i] ? 0 : 1, NULL);
    if (yval == HUGE_VAL)
        return HUGE_VAL;
    return sum_lambda + yval;
}
