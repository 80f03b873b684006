/* The compact CFLP instance: checks the caller's arrays (cflp_problem) and
 * builds the arc lists every algorithm of the engine works on — customers of
 * positive demand only, arcs grouped by facility and, per customer, sorted by
 * cost — and the effective capacities min(s_i, demand reachable from i),
 * which tighten the Lagrangian bound without changing the optimum. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "design/cflp.h"

void cflp__inst_free(cflp_inst *inst)
{
    if (!inst)
        return;
    free(inst->cap);
    free(inst->fixed);
    free(inst->fix);
    free(inst->dem);
    free(inst->cust_orig);
    free(inst->fac_start);
    free(inst->arc_fac);
    free(inst->arc_cust);
    free(inst->arc_unit);
    free(inst->arc_full);
    free(inst->arc_orig);
    free(inst->cus_start);
    free(inst->cus_arc);
    memset(inst, 0, sizeof *inst);
}

/* A raw arc before compaction. */
typedef struct raw_arc {
    size_t fac, cust, orig;
    double unit;
} raw_arc;

static int raw_cmp(const void *a, const void *b)
{
    const raw_arc *x = a, *y = b;
    if (x->fac != y->fac)
        return x->fac < y->fac ? -1 : 1;
    if (x->cust != y->cust)
        return x->cust < y->cust ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->orig < y->orig ? -1 : (x->orig > y->orig);
}

/* Sorting the arcs of one customer by cost needs the costs: qsort has no
 * context argument, so sort (cost, arc) pairs. */
typedef struct cost_arc {
    double unit;
    size_t arc;
} cost_arc;

static int cost_arc_cmp(const void *a, const void *b)
{
    const cost_arc *x = a, *y = b;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->arc < y->arc ? -1 : (x->arc > y->arc);
}

static int check_arrays(const cflp_problem *p)
{
    if (p->m == 0)
        return core__error(TERROIR_EINVAL, "facility location: no facility");
    if (!p->capacity || !p->fixed_cost || (p->n > 0 && !p->demand))
        return core__error(TERROIR_EINVAL, "facility location: NULL capacity, fixed cost or "
                                           "demand array");
    for (size_t i = 0; i < p->m; i++) {
        if (isnan(p->capacity[i]) || p->capacity[i] < 0)
            return core__error(TERROIR_EINVAL,
                               "facility location: capacity of facility %zu is "
                               "negative or NaN",
                               i);
        if (!isfinite(p->fixed_cost[i]))
            return core__error(TERROIR_EINVAL,
                               "facility location: fixed cost of facility %zu is not finite", i);
        if (p->fix && p->fix[i] > CFLP_CLOSED)
            return core__error(TERROIR_EINVAL,
                               "facility location: fix[%zu] = %u is not a cflp_fix value", i,
                               (unsigned)p->fix[i]);
    }
    for (size_t j = 0; j < p->n; j++)
        if (!isfinite(p->demand[j]) || p->demand[j] < 0)
            return core__error(TERROIR_EINVAL,
                               "facility location: demand of customer %zu is "
                               "negative or not finite",
                               j);
    if (p->cost) {
        if (p->n > 0 && p->m > ((size_t)-1) / 2 / p->n)
            return core__error(TERROIR_EINVAL, "facility location: too many arcs");
        for (size_t k = 0; k < p->m * p->n; k++)
            if (!isfinite(p->cost[k]))
                return core__error(TERROIR_EINVAL,
                                   "facility location: cost of facility %zu, customer %zu is "
                                   "not finite",
                                   k / p->n, k % p->n);
    } else if (p->n_arcs > 0) {
        if (!p->arc_facility || !p->arc_customer || !p->arc_cost)
            return core__error(TERROIR_EINVAL, "facility location: NULL arc arrays");
        for (size_t k = 0; k < p->n_arcs; k++) {
            if (p->arc_facility[k] >= p->m || p->arc_customer[k] >= p->n)
                return core__error(TERROIR_EINVAL,
                                   "facility location: arc %zu joins facility %zu and customer "
                                   "%zu, out of range (%zu facilities, %zu customers)",
                                   k, p->arc_facility[k], p->arc_customer[k], p->m, p->n);
            if (!isfinite(p->arc_cost[k]))
                return core__error(TERROIR_EINVAL,
                                   "facility location: cost of arc %zu is not finite", k);
        }
    }
    return 0;
}

int cflp__inst_build(cflp_inst *inst, const cflp_problem *p)
{
    int rc = 0;
    raw_arc *raw = NULL;
    cost_arc *ca = NULL;
    size_t *compact = NULL;
    memset(inst, 0, sizeof *inst);
    if (!p)
        return core__error(TERROIR_EINVAL, "facility location: NULL problem");
    if ((rc = check_arrays(p)) != 0)
        return rc;

    size_t m = p->m;
    size_t raw_n = p->cost ? m * p->n : p->n_arcs;
    inst->m = m;
    inst->n_flow = raw_n;
    compact = core__calloc(p->n ? p->n : 1, sizeof *compact);
    inst->cust_orig = core__calloc(p->n ? p->n : 1, sizeof *inst->cust_orig);
    inst->dem = core__calloc(p->n ? p->n : 1, sizeof *inst->dem);
    inst->cap = core__calloc(m, sizeof *inst->cap);
    inst->fixed = core__calloc(m, sizeof *inst->fixed);
    inst->fix = core__calloc(m, sizeof *inst->fix);
    inst->fac_start = core__calloc(m + 1, sizeof *inst->fac_start);
    raw = core__calloc(raw_n ? raw_n : 1, sizeof *raw);
    if (!compact || !inst->cust_orig || !inst->dem || !inst->cap || !inst->fixed || !inst->fix ||
        !inst->fac_start || !raw)
        goto nomem;

    size_t n = 0;
    for (size_t j = 0; j < p->n; j++) {
        if (p->demand[j] > 0) {
            compact[j] = n;
            inst->cust_orig[n] = j;
            inst->dem[n] = p->demand[j];
            inst->total_demand += p->demand[j];
            n++;
        } else {
            compact[j] = CFLP_NONE;
        }
    }
    inst->n = n;
    for (size_t i = 0; i < m; i++) {
        inst->fixed[i] = p->fixed_cost[i];
        inst->fix[i] = p->fix ? p->fix[i] : CFLP_FREE;
    }

    /* Raw arcs to customers with demand, sorted, duplicates dropped. */
    size_t a = 0;
    for (size_t k = 0; k < raw_n; k++) {
        size_t i = p->cost ? k / p->n : p->arc_facility[k];
        size_t j = p->cost ? k % p->n : p->arc_customer[k];
        if (compact[j] == CFLP_NONE)
            continue;
        raw[a].fac = i;
        raw[a].cust = compact[j];
        raw[a].orig = k;
        raw[a].unit = p->cost ? p->cost[k] : p->arc_cost[k];
        a++;
    }
    if (!p->cost)
        qsort(raw, a, sizeof *raw, raw_cmp);
    size_t kept = 0;
    for (size_t k = 0; k < a; k++) {
        if (kept > 0 && raw[kept - 1].fac == raw[k].fac && raw[kept - 1].cust == raw[k].cust)
            continue;
        raw[kept++] = raw[k];
    }
    inst->n_arcs = kept;
    size_t na = kept ? kept : 1;
    inst->arc_fac = core__calloc(na, sizeof *inst->arc_fac);
    inst->arc_cust = core__calloc(na, sizeof *inst->arc_cust);
    inst->arc_unit = core__calloc(na, sizeof *inst->arc_unit);
    inst->arc_full = core__calloc(na, sizeof *inst->arc_full);
    inst->arc_orig = core__calloc(na, sizeof *inst->arc_orig);
    inst->cus_start = core__calloc(n + 1, sizeof *inst->cus_start);
    inst->cus_arc = core__calloc(na, sizeof *inst->cus_arc);
    ca = core__calloc(na, sizeof *ca);
    if (!inst->arc_fac || !inst->arc_cust || !inst->arc_unit || !inst->arc_full ||
        !inst->arc_orig || !inst->cus_start || !inst->cus_arc || !ca)
        goto nomem;

    for (size_t k = 0; k < kept; k++) {
        inst->arc_fac[k] = raw[k].fac;
        inst->arc_cust[k] = raw[k].cust;
        inst->arc_unit[k] = raw[k].unit;
        inst->arc_full[k] = raw[k].unit * inst->dem[raw[k].cust];
        inst->arc_orig[k] = raw[k].orig;
        inst->fac_start[raw[k].fac + 1]++;
        inst->cus_start[raw[k].cust + 1]++;
        if (fabs(raw[k].unit) > inst->max_unit)
            inst->max_unit = fabs(raw[k].unit);
    }
    for (size_t i = 0; i < m; i++)
        inst->fac_start[i + 1] += inst->fac_start[i];
    for (size_t j = 0; j < n; j++)
        inst->cus_start[j + 1] += inst->cus_start[j];

    /* Effective capacities. */
    for (size_t i = 0; i < m; i++) {
        double reach = 0.0;
        for (size_t k = inst->fac_start[i]; k < inst->fac_start[i + 1]; k++)
            reach += inst->dem[inst->arc_cust[k]];
        inst->cap[i] = p->capacity[i] < reach ? p->capacity[i] : reach;
    }

    /* Arcs by customer, cheapest first. */
    {
        size_t *pos = compact; /* reuse: p->n >= n slots */
        for (size_t j = 0; j < n; j++)
            pos[j] = inst->cus_start[j];
        for (size_t k = 0; k < kept; k++)
            inst->cus_arc[pos[inst->arc_cust[k]]++] = k;
        for (size_t j = 0; j < n; j++) {
            size_t s = inst->cus_start[j], e = inst->cus_start[j + 1];
            for (size_t t = s; t < e; t++) {
                ca[t - s].unit = inst->arc_unit[inst->cus_arc[t]];
                ca[t - s].arc = inst->cus_arc[t];
            }
            qsort(ca, e - s, sizeof *ca, cost_arc_cmp);
            for (size_t t = s; t < e; t++)
                inst->cus_arc[t] = ca[t - s].arc;
        }
    }
    goto done;

nomem:
    rc = core__error(TERROIR_ENOMEM, "facility location: out of memory");
    cflp__inst_free(inst);
done:
    free(raw);
    free(ca);
    free(compact);
    return rc;
}
