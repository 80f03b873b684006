/* terroir_solve(): the pipeline.  Stage 1 (design) chooses the candidate
 * hubs to open when the model has any; stage 2 (allocate) sends each
 * product from producers through open hubs to points; stage 4 (evaluate)
 * fills the cost breakdown and KPIs.  The routing stage arrives with the
 * routing engine.  Each stage gets the time left of the overall limit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/alloc.h"
#include "design/design.h"
#include "lp/lp.h"
#include "model/model_internal.h"
#include "plan/plan_internal.h"

typedef struct solve_ctx {
    const terroir_solve_options *opts;
    double start;
    terroir_stage stage;
    int canceled;
} solve_ctx;

int terroir_solve_options_init(terroir_solve_options *opts, unsigned int version)
{
    core__error_reset();
    if (!opts || version == 0 || version > TERROIR_SOLVE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_solve_options_init: NULL or unknown version");
    terroir_solve_options defaults = TERROIR_SOLVE_OPTIONS_INIT;
    *opts = defaults;
    opts->version = version;
    return 0;
}

/* Forward the stages' progress to the caller, with stage and elapsed time. */
static int report(double incumbent, double bound, void *data)
{
    solve_ctx *c = data;
    if (!c->opts->progress)
        return 0;
    terroir_progress p = {TERROIR_PROGRESS_VERSION, c->stage, core__now() - c->start, incumbent,
                          bound};
    if (c->opts->progress(&p, c->opts->progress_data) != 0)
        c->canceled = 1;
    return c->canceled;
}

/* Seconds left of the overall limit for the next stage; 0 = no limit.  A
 * limit already spent leaves a token millisecond so the stage stops at
 * once with what it has. */
static double time_left(const solve_ctx *c)
{
    if (c->opts->time_limit_seconds <= 0)
        return 0;
    double left = c->opts->time_limit_seconds - (core__now() - c->start);
    return left > 1e-3 ? left : 1e-3;
}

static int check_options(const terroir_solve_options *o)
{
    if (o->version == 0 || o->version > TERROIR_SOLVE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_solve: unknown options version %u",
                           o->version);
    if (!isfinite(o->time_limit_seconds) || o->time_limit_seconds < 0)
        return core__error(TERROIR_EINVAL, "terroir_solve: time_limit_seconds must be >= 0");
    if (!isfinite(o->mip_gap) || o->mip_gap < 0 || o->mip_gap >= 1)
        return core__error(TERROIR_EINVAL, "terroir_solve: mip_gap must be in [0, 1)");
    return 0;
}

static int has_candidates(const terroir_model *m)
{
    for (size_t h = 0; h < m->n_hubs; h++)
        if (m->hubs[h].status == TERROIR_HUB_CANDIDATE)
            return 1;
    return 0;
}

static terroir_status status_of(lp_status s)
{
    switch (s) {
    case LP_OPTIMAL: return TERROIR_STATUS_OPTIMAL;
    case LP_FEASIBLE: return TERROIR_STATUS_FEASIBLE;
    case LP_INFEASIBLE:
    case LP_UNBOUNDED: return TERROIR_STATUS_INFEASIBLE;
    case LP_TIME_LIMIT: return TERROIR_STATUS_TIME_LIMIT;
    case LP_CANCELED: return TERROIR_STATUS_CANCELED;
    }
    return TERROIR_STATUS_INFEASIBLE;
}

/* Copy the allocation into the plan: hubs, flows, unserved lines. */
static int fill_plan(terroir_plan *p, const terroir_model *m, const alloc_result *a,
                     const unsigned char *opened_by_design)
{
    p->hubs = core__calloc(m->n_hubs, sizeof *p->hubs);
    p->flows = core__calloc(a->n_flows, sizeof *p->flows);
    p->unserved = core__calloc(a->n_unserved, sizeof *p->unserved);
    if (!p->hubs || !p->flows || !p->unserved)
        return core__error(TERROIR_ENOMEM, "out of memory filling the plan");
    for (size_t h = 0; h < m->n_hubs; h++) {
        plan_hub *ph = &p->hubs[h];
        const model_hub *mh = &m->hubs[h];
        ph->site = mh->base.site;
        ph->open = a->hubs[h].open;
        /* Only candidates opened by the design stage pay their fixed cost;
         * hubs open by status are sunk costs outside the plan. */
        ph->fixed_cost = opened_by_design && opened_by_design[h] &&
                                 mh->status == TERROIR_HUB_CANDIDATE
                             ? mh->fixed_cost
                             : 0;
        memcpy(ph->throughput_kg, a->hubs[h].throughput_kg, sizeof ph->throughput_kg);
        memcpy(ph->capacity_kg, mh->capacity_kg, sizeof ph->capacity_kg);
        memcpy(ph->capacity_value_per_kg, a->hubs[h].capacity_value_per_kg,
               sizeof ph->capacity_value_per_kg);
    }
    p->n_hubs = m->n_hubs;
    for (size_t k = 0; k < a->n_flows; k++) {
        const alloc_flow *f = &a->flows[k];
        plan_flow *pf = &p->flows[k];
        pf->product = f->product;
        pf->from = m->producers[f->producer].base.site;
        pf->via = f->hub == MODEL_NONE ? PLAN_NONE : m->hubs[f->hub].base.site;
        pf->to = m->points[f->point].base.site;
        pf->quantity = f->quantity;
        pf->kg = f->kg;
        pf->km = f->km;
        pf->cost = f->cost;
    }
    p->n_flows = a->n_flows;
    for (size_t k = 0; k < a->n_unserved; k++) {
        const alloc_unserved *u = &a->unserved[k];
        plan_unserved *pu = &p->unserved[k];
        pu->point = m->points[u->point].base.site;
        pu->product = u->product;
        pu->quantity = u->quantity;
        pu->kg = u->kg;
        pu->reason = u->reason;
        if (u->detail && !(pu->detail = core__strdup(u->detail)))
            return core__error(TERROIR_ENOMEM, "out of memory filling the plan");
        p->n_unserved = k + 1;
    }
    return 0;
}

/* KPIs by point kind: demand from the model, served = demand - unserved. */
static void fill_kpis(terroir_plan_summary *s, const terroir_model *m, const alloc_result *a)
{
    for (size_t j = 0; j < m->n_points; j++) {
        const model_point *pt = &m->points[j];
        for (size_t k = 0; k < pt->n_demand; k++) {
            double kg = pt->demand[k].quantity * m->products[pt->demand[k].product].kg_per_unit;
            s->demand_kg[pt->kind] += kg;
            s->served_kg[pt->kind] += kg;
        }
    }
    for (size_t k = 0; k < a->n_unserved; k++)
        s->served_kg[m->points[a->unserved[k].point].kind] -= a->unserved[k].kg;
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        if (s->served_kg[k] < 0)
            s->served_kg[k] = 0; /* rounding of LP values */
        s->demand_kg_total += s->demand_kg[k];
        s->served_kg_total += s->served_kg[k];
    }
    s->tonne_km = a->tonne_km;
    s->co2_kg = a->co2_kg;
}

int terroir_solve(terroir_plan **out, const terroir_model *m, const terroir_solve_options *opts)
{
    core__error_reset();
    terroir_solve_options defaults = TERROIR_SOLVE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!out || !m)
        return core__error(TERROIR_EINVAL, "terroir_solve: NULL argument");
    if (!m->validated)
        return core__error(TERROIR_EINVAL,
                           "terroir_solve: the model is not validated (call terroir_model_validate)");
    int rc = check_options(opts);
    if (rc)
        return rc;

    solve_ctx c = {opts, core__now(), TERROIR_STAGE_DESIGN, 0};
    terroir_plan *p = plan__new(m);
    design_result d;
    alloc_result a;
    memset(&d, 0, sizeof d);
    memset(&a, 0, sizeof a);
    if (!p)
        return TERROIR_ENOMEM;
    terroir_plan_summary *s = &p->summary;
    s->bound = NAN;
    const char *design_lp_path = NULL, *alloc_lp_path = opts->write_lp_path;

    /* Stage 1: design, when the model has candidate hubs. */
    unsigned char *hub_open = NULL;
    if ((opts->stages & (1u << TERROIR_STAGE_DESIGN)) && has_candidates(m)) {
        design_lp_path = opts->write_lp_path;
        alloc_lp_path = NULL;
        double t0 = core__now();
        report(NAN, NAN, &c);
        /* Keep a quarter of a time limit (at most 10 s) for the allocation
         * that follows: a design without its allocation is no plan. */
        double design_time = time_left(&c);
        if (design_time > 0)
            design_time -= fmin(0.25 * design_time, 10.0);
        design_params dp = {design_time, opts->mip_gap, opts->seed, opts->log, opts->log_data,
                            report, &c, design_lp_path};
        if ((rc = design__solve(m, &dp, &d)) != 0)
            goto done;
        s->stage_seconds[TERROIR_STAGE_DESIGN] = core__now() - t0;
        if (d.status != LP_OPTIMAL && d.status != LP_FEASIBLE) {
            /* No design: nothing to allocate on. */
            s->status = status_of(d.status);
            s->objective = NAN;
            s->bound = d.bound;
            s->gap = NAN;
            goto evaluate_time;
        }
        hub_open = d.hub_open;
    }

    /* Stage 2: allocation over the open hubs. */
    if (opts->stages & (1u << TERROIR_STAGE_ALLOCATE)) {
        c.stage = TERROIR_STAGE_ALLOCATE;
        double t0 = core__now();
        report(NAN, NAN, &c);
        alloc_params ap = {time_left(&c), opts->log, opts->log_data, report, &c, alloc_lp_path};
        if ((rc = alloc__solve(m, hub_open, &ap, &a)) != 0)
            goto done;
        s->stage_seconds[TERROIR_STAGE_ALLOCATE] = core__now() - t0;
        if ((rc = fill_plan(p, m, &a, hub_open)) != 0)
            goto done;

        /* Stage 4: evaluation. */
        c.stage = TERROIR_STAGE_EVALUATE;
        t0 = core__now();
        s->cost = a.cost;
        s->cost.fixed_hub = 0;
        for (size_t h = 0; h < m->n_hubs; h++)
            if (hub_open && hub_open[h] && m->hubs[h].status == TERROIR_HUB_CANDIDATE)
                s->cost.fixed_hub += m->hubs[h].fixed_cost;
        s->objective = s->cost.fixed_hub + s->cost.handling + s->cost.transport +
                       s->cost.vehicle_fixed + s->cost.co2 + s->cost.unserved_penalty;
        fill_kpis(s, m, &a);
        if (hub_open) {
            /* The design MIP bounds the whole objective; the allocation
             * re-solve with its hubs fixed can only match or improve it. */
            s->bound = d.bound;
            lp_status st = d.status;
            if (a.status != LP_OPTIMAL && a.status != LP_FEASIBLE)
                st = a.status;
            else if (a.status == LP_FEASIBLE && st == LP_OPTIMAL)
                st = LP_FEASIBLE;
            s->status = status_of(st);
        } else {
            s->bound = a.bound;
            s->status = status_of(a.status);
        }
        if (s->bound > s->objective)
            s->bound = s->objective; /* LP round-off */
        s->gap = isfinite(s->bound) ? (s->objective - s->bound) / fmax(fabs(s->objective), 1e-9)
                                    : NAN;
        /* Optimal within solver tolerances: report no gap rather than 1e-16. */
        if (s->status == TERROIR_STATUS_OPTIMAL && s->gap < 1e-9)
            s->gap = 0;
        s->stage_seconds[TERROIR_STAGE_EVALUATE] = core__now() - t0;
    }
evaluate_time:
    s->solve_seconds = core__now() - c.start;
    c.stage = TERROIR_STAGE_EVALUATE;
    report(s->objective, s->bound, &c);
done:
    design__result_free(&d);
    alloc__result_free(&a);
    lp__thread_cleanup();
    if (rc) {
        terroir_plan_free(p);
        return rc;
    }
    *out = p;
    return 0;
}
