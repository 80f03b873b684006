/* The 0-1 covering knapsack of the CFLP's Lagrangian subproblem: which
 * facilities to open, at Lagrangian costs v_i > 0, so that their capacities
 * cover the total demand (the aggregate capacity constraint
 * sum_i s_i y_i >= sum_j d_j that Görtz & Klose 2012 keep in the
 * subproblem).  Solved exactly as the complementary packing knapsack
 * (which facilities to leave closed) by the depth-first branch-and-bound of
 * Horowitz & Sahni (1974) with the Dantzig bound, as described in Martello &
 * Toth, "Knapsack Problems" (1990), section 2.5.  Equal weights (common in
 * benchmark instances) are solved directly: cover with the cheapest. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "design/cflp.h"

int cflp__knapsack_work_init(cflp_knapsack_work *w, size_t k)
{
    memset(w, 0, sizeof *w);
    size_t c = k ? k : 1;
    w->order = core__calloc(c, sizeof *w->order);
    w->best = core__calloc(c, sizeof *w->best);
    w->cur = core__calloc(c, sizeof *w->cur);
    w->ratio = core__calloc(c, sizeof *w->ratio);
    w->cap = c;
    if (!w->order || !w->best || !w->cur || !w->ratio) {
        cflp__knapsack_work_free(w);
        return TERROIR_ENOMEM;
    }
    return 0;
}

void cflp__knapsack_work_free(cflp_knapsack_work *w)
{
    free(w->order);
    free(w->best);
    free(w->cur);
    free(w->ratio);
    memset(w, 0, sizeof *w);
}

/* Index order by ratio, descending, ties by index (deterministic); a Shell
 * sort because qsort has no context argument for the keys and k (the number
 * of facilities) is small. */
static void sort_by_ratio(size_t *order, const double *ratio, size_t k)
{
    for (size_t a = 0; a < k; a++)
        order[a] = a;
    /* Ciura's gap sequence. */
    static const size_t gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
    for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        size_t gap = gaps[g];
        for (size_t a = gap; a < k; a++) {
            size_t tmp = order[a];
            size_t b = a;
            while (b >= gap && (ratio[order[b - gap]] < ratio[tmp] ||
                                (ratio[order[b - gap]] == ratio[tmp] && order[b - gap] > tmp))) {
                order[b] = order[b - gap];
                b -= gap;
            }
            order[b] = tmp;
        }
    }
}

int cflp__cover(cflp_knapsack_work *w, size_t k, const double *v, const double *wt, double need,
                size_t node_limit, unsigned char *z, double *value, double *bound)
{
    double sum_v = 0.0, sum_w = 0.0;
    for (size_t a = 0; a < k; a++) {
        sum_v += v[a];
        sum_w += wt[a];
    }
    if (need <= 0) {
        memset(z, 0, k);
        *value = *bound = 0.0;
        return 0;
    }
    double tol_w = 1e-12 * (sum_w > 1 ? sum_w : 1);
    if (sum_w < need - tol_w)
        return 1;

    /* Equal weights: the cheapest ceil(need / w) items. */
    int equal = 1;
    for (size_t a = 1; a < k && equal; a++)
        if (wt[a] != wt[0])
            equal = 0;
    if (equal) {
        double q = need / wt[0];
        size_t cnt = (size_t)ceil(q - 1e-12);
        if (cnt > k)
            cnt = k;
        for (size_t a = 0; a < k; a++)
            w->ratio[a] = -v[a]; /* descending -v: cheapest first */
        sort_by_ratio(w->order, w->ratio, k);
        memset(z, 0, k);
        double val = 0.0;
        for (size_t a = 0; a < cnt; a++) {
            z[w->order[a]] = 1;
            val += v[w->order[a]];
        }
        *value = *bound = val;
        return 0;
    }

    /* Packing: max sum v q, sum w q <= C, q = 1 - z. */
    double C = sum_w - need;
    for (size_t a = 0; a < k; a++)
        w->ratio[a] = v[a] / wt[a];
    sort_by_ratio(w->order, w->ratio, k);
    const size_t *o = w->order;
    double tol = 1e-12 * (sum_v > 1 ? sum_v : 1);

    /* Dantzig bound at the root: a valid bound if the search is cut. */
    double root_u = 0.0, cw = 0.0;
    for (size_t r = 0; r < k; r++) {
        if (cw + wt[o[r]] <= C) {
            cw += wt[o[r]];
            root_u += v[o[r]];
        } else {
            root_u += (C - cw) * v[o[r]] / wt[o[r]];
            break;
        }
    }

    unsigned char *x = w->cur, *xb = w->best;
    memset(x, 0, k);
    memset(xb, 0, k);
    double best = 0.0, zh = 0.0, cbar = C;
    size_t j = 0, nodes = 0;
    int complete = 1;
    for (;;) {
        int prune = 0;
        if (j < k) {
            double u = 0.0, uw = 0.0;
            size_t r = j;
            while (r < k && uw + wt[o[r]] <= cbar) {
                uw += wt[o[r]];
                u += v[o[r]];
                r++;
            }
            if (r < k)
                u += (cbar - uw) * v[o[r]] / wt[o[r]];
            if (zh + u <= best + tol)
                prune = 1;
        }
        if (!prune) {
            while (j < k && wt[o[j]] <= cbar) {
                cbar -= wt[o[j]];
                zh += v[o[j]];
                x[j] = 1;
                j++;
            }
            if (j < k) {
                x[j] = 0;
                j++;
                continue;
            }
            if (zh > best + tol) {
                best = zh;
                memcpy(xb, x, k);
            }
        }
        /* Backtrack: drop the last item taken before j. */
        size_t i = j;
        while (i > 0 && !x[i - 1])
            i--;
        if (i == 0)
            break;
        i--;
        x[i] = 0;
        cbar += wt[o[i]];
        zh -= v[o[i]];
        j = i + 1;
        if (node_limit && ++nodes > node_limit) {
            complete = 0;
            break;
        }
    }
    for (size_t a = 0; a < k; a++)
        z[o[a]] = xb[a] ? 0 : 1;
    *value = sum_v - best;
    *bound = complete ? *value : sum_v - root_u;
    if (*bound > *value)
        *bound = *value;
    return 0;
}
