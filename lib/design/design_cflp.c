/* The design stage on models shaped like a capacitated facility location
 * problem (one product, one source holding all the supply needed, e.g. the
 * OR-Library importer's models), handed to the specialised engine of
 * cflp.h: Lagrangian bounds, heuristics and branch-and-bound prove those
 * instances far faster than a general MIP.  The mapping keeps the model's
 * meaning exactly: every path the allocation allows is an arc with its path
 * cost, and demand left unserved or delivered directly is an always-open
 * dummy facility without capacity (the cheaper of the two per unit, which
 * is exact since neither has a capacity or a fixed cost). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/cflp.h"
#include "design/design_internal.h"

int design__is_cflp(const alloc_network *net)
{
    if (net->n_prods != 1)
        return 0;
    const net_product *pp = &net->prods[0];
    if (pp->n_sup != 1 || !(pp->kpu > 0))
        return 0;
    double total = 0;
    for (size_t d = 0; d < pp->n_dem; d++)
        total += pp->dem_qty[d];
    if (pp->sup_qty[0] < total * (1 - 1e-12))
        return 0;
    return net->self_kg[pp->sup_producer[0]] <= 0;
}

static lp_status map_status(cflp_status s)
{
    switch (s) {
    case CFLP_STATUS_OPTIMAL: return LP_OPTIMAL;
    case CFLP_STATUS_FEASIBLE: return LP_FEASIBLE;
    case CFLP_STATUS_INFEASIBLE: return LP_INFEASIBLE;
    case CFLP_STATUS_TIME_LIMIT: return LP_TIME_LIMIT;
    case CFLP_STATUS_CANCELED: return LP_CANCELED;
    }
    return LP_TIME_LIMIT;
}

int design__cflp(const alloc_network *net, const design_params *p, double deadline,
                 design_result *out)
{
    const terroir_model *m = net->m;
    const net_product *pp = &net->prods[0];
    size_t H = net->n_hubs, D = pp->n_dem;
    size_t nf = 0, n_arcs = 0, cap_arcs = (H + 1) * D;
    int rc = 0;
    size_t *fac_hub = core__calloc(H + 1, sizeof(size_t));
    double *capacity = core__calloc(H + 1, sizeof(double));
    double *fixed = core__calloc(H + 1, sizeof(double));
    unsigned char *fix = core__calloc(H + 1, 1);
    double *demand = core__calloc(NET_NZ(D), sizeof(double));
    size_t *af = core__calloc(NET_NZ(cap_arcs), sizeof(size_t));
    size_t *ac = core__calloc(NET_NZ(cap_arcs), sizeof(size_t));
    double *cost = core__calloc(NET_NZ(cap_arcs), sizeof(double));
    cflp_result res;
    memset(&res, 0, sizeof res);
    if (!fac_hub || !capacity || !fixed || !fix || !demand || !af || !ac || !cost) {
        rc = core__error(TERROIR_ENOMEM, "design: out of memory");
        goto out;
    }
    for (size_t h = 0; h < H; h++) {
        if (!net->hub_usable[h])
            continue;
        const model_hub *hub = &m->hubs[h];
        double cap = hub->capacity_kg[pp->cls];
        fac_hub[nf] = h;
        capacity[nf] = cap < 0 ? HUGE_VAL : cap / pp->kpu;
        fixed[nf] = hub->status == TERROIR_HUB_CANDIDATE ? net__hub_fixed(net, h) : 0.0;
        fix[nf] = hub->status == TERROIR_HUB_OPEN ? CFLP_OPEN : CFLP_FREE;
        nf++;
    }
    size_t dummy = nf++;
    fac_hub[dummy] = NET_NONE;
    capacity[dummy] = HUGE_VAL;
    fixed[dummy] = 0;
    fix[dummy] = CFLP_OPEN;
    size_t a_dir = 0;
    for (size_t d = 0; d < D; d++) {
        size_t j = pp->dem_point[d];
        demand[d] = pp->dem_qty[d];
        for (size_t f = 0; f < dummy; f++) {
            size_t h = fac_hub[f];
            size_t nd = pp->dem_node[h * D + d];
            if (nd == NET_NONE || pp->ord_start[h + 1] == pp->ord_start[h])
                continue;
            size_t q = pp->ord_start[h]; /* the one supply line's first leg */
            if (pp->ord_node[q] == NET_NONE || pp->ord_node[q] > nd)
                continue;
            af[n_arcs] = f;
            ac[n_arcs] = d;
            cost[n_arcs] = net__leg1(net, pp, pp->sup_producer[0], h) + pp->hand[h] +
                           net__leg2(net, pp, h, j);
            n_arcs++;
        }
        double best = pp->dem_pen[d];
        for (; a_dir < pp->n_dir && pp->dir_dem[a_dir] == d; a_dir++) {
            double c = net__dir_cost(net, pp, a_dir, NULL, NULL, NULL);
            if (c < best)
                best = c;
        }
        af[n_arcs] = dummy;
        ac[n_arcs] = d;
        cost[n_arcs] = best;
        n_arcs++;
    }

    /* Drop the dummy facility when it is dominated: if leaving any customer
     * wholly unserved costs more than opening every facility and serving it
     * from its dearest one, and the real facilities can hold all demand,
     * then the model means "serve everyone" (the OR-Library importer sets
     * its penalties that way).  Without the dummy the engine's Lagrangian
     * bound keeps its aggregate capacity constraint, which is what makes it
     * strong: with it, capb takes 10x longer to prove.  Caveat: a
     * fractional shortfall is not covered by this argument; the plan would
     * show it as unserved demand. */
    {
        double fixed_free = 0, cap_total = 0, dem_total = 0;
        for (size_t f = 0; f < dummy; f++) {
            if (fix[f] == CFLP_FREE)
                fixed_free += fixed[f];
            cap_total += capacity[f];
        }
        int dominated = 1;
        size_t k = 0;
        for (size_t d = 0; d < D && dominated; d++) {
            double worst = 0, dummy_cost = HUGE_VAL;
            for (; k < n_arcs && ac[k] == d; k++) {
                if (af[k] == dummy)
                    dummy_cost = cost[k];
                else if (cost[k] > worst)
                    worst = cost[k];
            }
            dem_total += demand[d];
            if (demand[d] > 0 && dummy_cost * demand[d] < fixed_free + worst * demand[d])
                dominated = 0;
        }
        if (dominated && cap_total >= dem_total) {
            size_t w = 0;
            for (size_t a = 0; a < n_arcs; a++)
                if (af[a] != dummy) {
                    af[w] = af[a];
                    ac[w] = ac[a];
                    cost[w] = cost[a];
                    w++;
                }
            n_arcs = w;
            nf = dummy;
        }
    }

    cflp_problem prob;
    memset(&prob, 0, sizeof prob);
    prob.m = nf;
    prob.n = D;
    prob.capacity = capacity;
    prob.fixed_cost = fixed;
    prob.fix = fix;
    prob.demand = demand;
    prob.n_arcs = n_arcs;
    prob.arc_facility = af;
    prob.arc_customer = ac;
    prob.arc_cost = cost;
    cflp_params cp = CFLP_PARAMS_INIT;
    if (deadline > 0) {
        cp.time_limit_seconds = deadline - core__now();
        if (cp.time_limit_seconds <= 1e-3)
            cp.time_limit_seconds = 1e-3;
    }
    cp.gap = p->mip_gap > 0 ? p->mip_gap : 1e-6;
    cp.seed = p->seed;
    cp.progress = p->progress;
    cp.progress_data = p->progress_data;
    cp.log = p->log;
    cp.log_data = p->log_data;
    if ((rc = cflp__solve(&prob, &cp, &res)) != 0)
        goto out;

    out->status = map_status(res.status);
    out->used_cflp = 1;
    out->objective = res.objective;
    out->bound = isfinite(res.bound) ? res.bound : 0.0;
    out->gap = design__gap(out->objective, out->bound);
    for (size_t h = 0; h < H; h++)
        out->hub_open[h] = m->hubs[h].status == TERROIR_HUB_OPEN;
    if (res.open)
        for (size_t f = 0; f < dummy; f++)
            out->hub_open[fac_hub[f]] = res.open[f] ? 1 : 0;
out:
    cflp__result_free(&res);
    free(fac_hub);
    free(capacity);
    free(fixed);
    free(fix);
    free(demand);
    free(af);
    free(ac);
    free(cost);
    return rc;
}
