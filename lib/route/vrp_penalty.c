/* Adaptive penalties of the hybrid genetic search (Vidal 2022, section 3):
 * infeasible routes are allowed during the search at a price per unit of
 * violation; every 100 iterations each price is raised (x 1.2) when fewer
 * than 15 % of the recent local-search outputs respect that constraint, and
 * lowered (x 0.85) when more than 25 % do, aiming at 20 % (and raised by
 * x 1.5 when none does: the price is then clearly too low).  One price per
 * constraint kind: load, time warp, duration, mandatory stops left out. */
#include <string.h>

#include "route/vrp_internal.h"

enum { K_LOAD = 0, K_TW = 1, K_DUR = 2, K_MISS = 3 };

static double *weight(vrp_pen *w, int k)
{
    switch (k) {
    case K_LOAD:
        return &w->load;
    case K_TW:
        return &w->tw;
    case K_DUR:
        return &w->dur;
    default:
        return &w->miss;
    }
}

/* Initial prices from the instance's scales: a reference capacity of excess
 * costs as much as the longest arc per largest demand, a minute of time warp
 * or of excess duration as ten minutes of travel, a mandatory stop left out
 * as four longest arcs plus the dearest vehicle. */
void vrp__penalty_init(vrp_penalty *pp, const vrp_inst *in)
{
    double fixed = 0.0;
    int t, i;
    memset(pp, 0, sizeof *pp);
    for (t = 0; t < in->nt; t++)
        fixed = vrp__max(fixed, in->types[t].fixed);
    pp->w0.load = in->max_arc_cost / in->max_demand_rel;
    pp->w0.tw = 10.0 * in->cost_per_minute_scale;
    pp->w0.dur = 10.0 * in->cost_per_minute_scale;
    pp->w0.miss = 4.0 * in->max_arc_cost + fixed;
    pp->w = pp->w0;
    pp->active[K_LOAD] = in->ndims > 0;
    pp->active[K_TW] = 0;
    for (i = 0; i < in->n; i++)
        if (in->nwin[i] > 0)
            pp->active[K_TW] = 1;
    for (t = 0; t < in->nt; t++)
        if (in->types[t].maxdur > 0.0)
            pp->active[K_DUR] = 1;
    for (i = in->nd; i < in->n; i++)
        if (in->servable[i] && in->pen[i] < 0.0)
            pp->active[K_MISS] = 1;
}

/* Record whether one local-search output respects each kind. */
void vrp__penalty_record(vrp_penalty *pp, const vrp_excess *ex, int missed)
{
    int ok[VRP_PEN_KINDS], k;
    ok[K_LOAD] = ex->load <= 1e-9;
    ok[K_TW] = ex->tw <= 1e-6;
    ok[K_DUR] = ex->dur <= 1e-6;
    ok[K_MISS] = missed == 0;
    for (k = 0; k < VRP_PEN_KINDS; k++) {
        pp->hist[k][pp->pos[k]] = (unsigned char)ok[k];
        pp->pos[k] = (pp->pos[k] + 1) % 100;
        if (pp->n_hist[k] < 100)
            pp->n_hist[k]++;
    }
}

void vrp__penalty_update(vrp_penalty *pp)
{
    int k, i;
    for (k = 0; k < VRP_PEN_KINDS; k++) {
        double frac, *w, w0, lo, hi;
        int s = 0;
        if (!pp->active[k] || pp->n_hist[k] == 0)
            continue;
        for (i = 0; i < pp->n_hist[k]; i++)
            s += pp->hist[k][i];
        frac = (double)s / (double)pp->n_hist[k];
        w = weight(&pp->w, k);
        w0 = *weight(&pp->w0, k);
        lo = k == K_MISS ? w0 : w0 * 0.01;
        hi = w0 * 1e4;
        if (frac == 0.0)
            *w *= 1.5; /* none feasible: far too cheap, move faster */
        else if (frac < 0.15)
            *w *= 1.2;
        else if (frac > 0.25)
            *w *= 0.85;
        if (*w < lo)
            *w = lo;
        if (*w > hi)
            *w = hi;
    }
}
