/* terroir_solve(): the pipeline.  Stage 1 (design) chooses the candidate
 * hubs to open when the model has any; stage 2 (allocate) sends each
 * product from producers through open hubs to points; stage 3 (route)
 * drives it (lib/route/route_stage.h); stage 4 (evaluate) fills the cost
 * breakdown and KPIs.  Each stage gets the time left of the overall limit.
 *
 * Pure VRP mode: a model without producers (an imported CVRPLIB, Solomon or
 * Cordeau instance), or a solve asked to route without allocating, skips
 * stages 1 and 2 and routes each point's demand from the hubs.
 *
 * After routing, the cost breakdown uses the routes: transport = the
 * routes' cost per km and per hour (plus the allocation's estimate for
 * direct deliveries, which producers drive and which are not routed),
 * vehicle_fixed = fixed costs of the vehicles used, co2 = the routes'
 * CO2 (plus the direct deliveries' share of the allocation's CO2, in
 * proportion to their transport cost) at the CO2 price, unserved_penalty
 * = the allocation's plus the goods that unserved stops leave undelivered.
 * The plan's bound then no longer applies (routing proves nothing): NaN.
 *
 * Feedback (terroir_solve_options.route_feedback): each hub's routed cost
 * (fixed + variable + priced CO2) over the allocation's transport estimate
 * for that hub's flows gives a factor (kept within [1/5, 5]); the
 * allocation is solved again on a copy of the model whose vehicle types
 * based at that hub have their cost per km and per hour scaled so that the
 * allocation's per-kg rate scales by the factor; the new flows are routed,
 * and the plan with the lower objective is kept. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/alloc.h"
#include "design/design.h"
#include "lp/lp.h"
#include "model/model_internal.h"
#include "plan/plan_internal.h"
#include "route/route_stage.h"

#define FEEDBACK_MIN_FACTOR 0.2
#define FEEDBACK_MAX_FACTOR 5.0

typedef struct solve_ctx {
    const terroir_solve_options *opts;
    double start;
    terroir_stage stage;
    int canceled;
    double route_base; /* costs outside the routes, for the route progress */
} solve_ctx;

/* Bytes of the options structure that a caller of `version` has. */
static size_t options_size(unsigned int version)
{
    return version >= 3   ? sizeof(terroir_solve_options)
           : version == 2 ? offsetof(terroir_solve_options, language)
                          : offsetof(terroir_solve_options, route_iterations);
}

int terroir_solve_options_init(terroir_solve_options *opts, unsigned int version)
{
    core__error_reset();
    if (!opts || version == 0 || version > TERROIR_SOLVE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_solve_options_init: NULL or unknown version");
    terroir_solve_options defaults = TERROIR_SOLVE_OPTIONS_INIT;
    memcpy(opts, &defaults, options_size(version));
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
    if (!isfinite(o->route_seconds) || o->route_seconds < 0)
        return core__error(TERROIR_EINVAL, "terroir_solve: route_seconds must be >= 0");
    if (!core__lang_valid((int)o->language))
        return core__error(TERROIR_EINVAL, "terroir_solve: unknown language %d",
                           (int)o->language);
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
        /* Hubs open by status and the candidates the design opened pay
         * their fixed cost (datasets/SCHEMA.md, hubs: per cycle when open). */
        ph->fixed_cost = alloc__pays_fixed_cost(m, h, opened_by_design) ? mh->fixed_cost : 0;
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

/* The allocation's cost, status and bound into the summary (no routes). */
static void evaluate_alloc(terroir_plan_summary *s, const terroir_model *m, const alloc_result *a,
                           const unsigned char *hub_open, const design_result *d)
{
    s->cost = a->cost;
    s->cost.fixed_hub = 0;
    double committed = 0; /* fixed costs of the hubs open by status */
    for (size_t h = 0; h < m->n_hubs; h++) {
        if (alloc__pays_fixed_cost(m, h, hub_open))
            s->cost.fixed_hub += m->hubs[h].fixed_cost;
        if (m->hubs[h].status == TERROIR_HUB_OPEN)
            committed += m->hubs[h].fixed_cost;
    }
    s->objective = s->cost.fixed_hub + s->cost.handling + s->cost.transport +
                   s->cost.vehicle_fixed + s->cost.co2 + s->cost.unserved_penalty;
    memset(s->demand_kg, 0, sizeof s->demand_kg);
    memset(s->served_kg, 0, sizeof s->served_kg);
    s->demand_kg_total = s->served_kg_total = 0;
    fill_kpis(s, m, a);
    if (hub_open) {
        /* The design MIP bounds the whole objective but the fixed costs of
         * the hubs open by status (a constant it leaves out); the allocation
         * re-solve with its hubs fixed can only match or improve it. */
        s->bound = d->bound + committed;
        lp_status st = d->status;
        if (a->status != LP_OPTIMAL && a->status != LP_FEASIBLE)
            st = a->status;
        else if (a->status == LP_FEASIBLE && st == LP_OPTIMAL)
            st = LP_FEASIBLE;
        s->status = status_of(st);
    } else {
        s->bound = a->bound;
        s->status = status_of(a->status);
    }
    if (s->bound > s->objective)
        s->bound = s->objective; /* LP round-off */
    s->gap = isfinite(s->bound) ? (s->objective - s->bound) / fmax(fabs(s->objective), 1e-9)
                                : NAN;
    /* Optimal within solver tolerances: report no gap rather than 1e-16. */
    if (s->status == TERROIR_STATUS_OPTIMAL && s->gap < 1e-9)
        s->gap = 0;
}

/* ---- stage 3 */

/* The engine's progress, as the whole plan's cost. */
static int route_progress(double best, void *data)
{
    solve_ctx *c = data;
    return report(c->route_base + best, NAN, c);
}

/* Seconds for the routing search (0: none, the iteration limit stops it). */
static double route_budget(const solve_ctx *c)
{
    const terroir_solve_options *o = c->opts;
    double left = time_left(c), b = o->route_seconds;
    if (left > 0 && (b <= 0 || b > left))
        b = left;
    if (b <= 0 && o->route_iterations == 0)
        b = TERROIR_ROUTE_DEFAULT_SECONDS;
    return b;
}

static int run_routes(solve_ctx *c, const terroir_model *m, const alloc_result *a, double seconds,
                      route_stage_result *r)
{
    const terroir_solve_options *o = c->opts;
    route_stage_params rp = {seconds,         o->route_iterations, o->seed, o->route_polish,
                             route_progress, c,                   o->log,  o->log_data};
    c->stage = TERROIR_STAGE_ROUTE;
    report(NAN, NAN, c);
    return route__stage(m, a, &rp, r);
}

/* Transport the allocation priced on the legs through each hub (CO2 price
 * excluded, handling taken out), per hub (may be NULL) and in total; and
 * its transport for direct deliveries. */
static double transport_estimate(const terroir_model *m, const alloc_result *a, double *per_hub,
                                 double *direct)
{
    double total = 0;
    *direct = 0;
    for (size_t k = 0; k < a->n_flows; k++) {
        const alloc_flow *f = &a->flows[k];
        if (f->hub == MODEL_NONE) {
            *direct += f->cost;
            continue;
        }
        double t = f->cost - f->kg * m->hubs[f->hub].handling_cost_per_kg;
        if (per_hub)
            per_hub[f->hub] += t;
        total += t;
    }
    return total;
}

/* The summary of a plan whose allocation `a` (NULL in pure VRP mode) is
 * driven by routes `r`, on top of what evaluate_alloc() put there. */
static void apply_routes(terroir_plan_summary *s, const terroir_model *m, const alloc_result *a,
                         const route_stage_result *r)
{
    double direct = 0, estimate = a ? transport_estimate(m, a, NULL, &direct) : 0;
    double direct_co2 = a && a->cost.transport > 0 ? a->co2_kg * direct / a->cost.transport : 0;
    s->cost.handling = a ? a->cost.handling : 0;
    s->cost.transport = r->variable + direct;
    s->cost.vehicle_fixed = r->vehicle_fixed;
    s->co2_kg = r->co2_kg + direct_co2;
    s->cost.co2 = m->settings.co2_price * s->co2_kg;
    s->cost.unserved_penalty = (a ? a->cost.unserved_penalty : 0) + r->penalty;
    s->objective = s->cost.fixed_hub + s->cost.handling + s->cost.transport +
                   s->cost.vehicle_fixed + s->cost.co2 + s->cost.unserved_penalty;
    if (!a)
        s->tonne_km = r->tonne_km;
    s->served_kg_total = 0;
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        s->served_kg[k] -= r->undelivered_kg[k];
        if (s->served_kg[k] < 0)
            s->served_kg[k] = 0;
        s->served_kg_total += s->served_kg[k];
    }
    s->routed_km = r->km;
    s->routed_minutes = r->minutes;
    s->routed_cost = r->vehicle_fixed + r->variable;
    s->transport_estimate = estimate;
    s->transport_estimate_error =
        a && s->routed_cost > 0 ? (estimate - s->routed_cost) / s->routed_cost : NAN;
    s->n_routes = r->n_routes;
    s->n_unserved_stops = r->n_unserved;
    s->route_polish_gain = r->polish_gain;
    /* Heuristic routes prove nothing about the optimum. */
    s->bound = NAN;
    s->gap = NAN;
    if (r->missed_mandatory || r->engine_infeasible)
        s->status = TERROIR_STATUS_INFEASIBLE;
    else if (s->status == TERROIR_STATUS_OPTIMAL)
        s->status = TERROIR_STATUS_FEASIBLE;
}

/* Move the routes and unserved stops into the plan. */
static void keep_routes(terroir_plan *p, route_stage_result *r)
{
    plan__routes_free(p->routes, p->n_routes);
    plan__unserved_stops_free(p->unserved_stops, p->n_unserved_stops);
    p->routes = r->routes;
    p->n_routes = r->n_routes;
    p->unserved_stops = r->unserved;
    p->n_unserved_stops = r->n_unserved;
    r->routes = NULL;
    r->unserved = NULL;
    r->n_routes = r->n_unserved = 0;
    p->routed = 1;
}

static void drop_alloc(terroir_plan *p)
{
    for (size_t i = 0; i < p->n_unserved; i++)
        free(p->unserved[i].detail);
    free(p->unserved);
    free(p->flows);
    free(p->hubs);
    p->unserved = NULL;
    p->flows = NULL;
    p->hubs = NULL;
    p->n_unserved = p->n_flows = p->n_hubs = 0;
}

/* The allocation again on a copy of the model whose vehicle costs at each
 * hub are scaled by routed / estimated cost (see the top of the file). */
static int reallocate(solve_ctx *c, const terroir_model *m, const alloc_result *a,
                      const route_stage_result *r, const unsigned char *hub_open,
                      alloc_result *out)
{
    double *est = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *est), direct;
    terroir_model *m2 = NULL;
    int rc = 0;
    if (!est) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    transport_estimate(m, a, est, &direct);
    if ((rc = terroir_model_clone(&m2, m)) != 0)
        goto done;
    for (size_t h = 0; h < m->n_hubs; h++) {
        if (est[h] <= 0 || r->hub_cost[h] <= 0)
            continue;
        double f = fmin(FEEDBACK_MAX_FACTOR, fmax(FEEDBACK_MIN_FACTOR, r->hub_cost[h] / est[h]));
        for (size_t v = 0; v < m2->n_vehicle_types; v++)
            if (m2->vehicle_types[v].home_hub == h) {
                m2->vehicle_types[v].cost_per_km *= f;
                m2->vehicle_types[v].cost_per_hour *= f;
            }
        if (c->opts->log) {
            char line[200];
            snprintf(line, sizeof line, "feedback: hub '%s' routed %.2f / estimated %.2f: x%.3f",
                     m->hubs[h].base.id, r->hub_cost[h], est[h], f);
            c->opts->log(line, c->opts->log_data);
        }
    }
    if ((rc = terroir_model_validate(m2, NULL)) != 0)
        goto done;
    c->stage = TERROIR_STAGE_ALLOCATE;
    report(NAN, NAN, c);
    alloc_params ap = {time_left(c), c->opts->log, c->opts->log_data, report, c, NULL};
    rc = alloc__solve(m2, hub_open, &ap, out);
done:
    free(est);
    terroir_model_free(m2);
    return rc;
}

/* Stage 3 after an allocation, with the optional feedback round; the plan
 * ends up with the allocation and routes of the cheaper round. */
static int route_food_hub(solve_ctx *c, const terroir_model *m, terroir_plan *p, alloc_result *a,
                          const unsigned char *hub_open, const design_result *d)
{
    terroir_plan_summary *s = &p->summary;
    route_stage_result r1, r2;
    alloc_result a2;
    memset(&r1, 0, sizeof r1);
    memset(&r2, 0, sizeof r2);
    memset(&a2, 0, sizeof a2);
    int feedback = c->opts->route_feedback != 0;
    double t0 = core__now(), budget = route_budget(c);
    double first = feedback && budget > 0 ? budget * 0.45 : budget;
    c->route_base = s->cost.fixed_hub + s->cost.handling + s->cost.unserved_penalty;
    int rc = run_routes(c, m, a, first, &r1);
    if (rc)
        goto done;
    apply_routes(s, m, a, &r1);
    keep_routes(p, &r1);
    if (feedback && !c->canceled) {
        double objective1 = s->objective;
        if ((rc = reallocate(c, m, a, &r1, hub_open, &a2)) != 0)
            goto done;
        double second = budget > 0 ? fmax(1e-3, budget - (core__now() - t0)) : 0;
        if ((rc = run_routes(c, m, &a2, second, &r2)) != 0)
            goto done;
        terroir_plan_summary s2 = *s;
        evaluate_alloc(&s2, m, &a2, hub_open, d);
        apply_routes(&s2, m, &a2, &r2);
        s->route_feedback_applied = 1;
        if (s2.objective < objective1) {
            drop_alloc(p);
            if ((rc = fill_plan(p, m, &a2, hub_open)) != 0)
                goto done;
            s2.route_feedback_applied = 1;
            *s = s2;
            keep_routes(p, &r2);
        }
    }
    s->stage_seconds[TERROIR_STAGE_ROUTE] = core__now() - t0;
done:
    route__stage_free(&r1);
    route__stage_free(&r2);
    alloc__result_free(&a2);
    return rc;
}

/* Pure VRP mode: hubs as the model says, every point's demand routed. */
static int route_pure(solve_ctx *c, const terroir_model *m, terroir_plan *p)
{
    terroir_plan_summary *s = &p->summary;
    route_stage_result r;
    memset(&r, 0, sizeof r);
    if (!(p->hubs = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *p->hubs)))
        return core__error(TERROIR_ENOMEM, "out of memory filling the plan");
    for (size_t h = 0; h < m->n_hubs; h++) {
        plan_hub *ph = &p->hubs[h];
        ph->site = m->hubs[h].base.site;
        ph->open = m->hubs[h].status != TERROIR_HUB_CLOSED;
        memcpy(ph->capacity_kg, m->hubs[h].capacity_kg, sizeof ph->capacity_kg);
    }
    p->n_hubs = m->n_hubs;
    p->pure_vrp = 1;
    double t0 = core__now();
    c->route_base = 0;
    int rc = run_routes(c, m, NULL, route_budget(c), &r);
    if (rc)
        goto done;
    s->stage_seconds[TERROIR_STAGE_ROUTE] = core__now() - t0;
    c->stage = TERROIR_STAGE_EVALUATE;
    t0 = core__now();
    memset(&s->cost, 0, sizeof s->cost);
    for (size_t j = 0; j < m->n_points; j++) {
        const model_point *pt = &m->points[j];
        for (size_t k = 0; k < pt->n_demand; k++) {
            double kg = pt->demand[k].quantity * m->products[pt->demand[k].product].kg_per_unit;
            s->demand_kg[pt->kind] += kg;
            s->served_kg[pt->kind] += kg;
        }
    }
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++)
        s->demand_kg_total += s->demand_kg[k];
    s->status = TERROIR_STATUS_FEASIBLE;
    apply_routes(s, m, NULL, &r);
    if (c->canceled && r.n_routes == 0 && r.n_stops > 0)
        s->status = TERROIR_STATUS_CANCELED;
    keep_routes(p, &r);
    s->stage_seconds[TERROIR_STAGE_EVALUATE] = core__now() - t0;
done:
    route__stage_free(&r);
    return rc;
}

static int solve_run(terroir_plan **out, const terroir_model *m, const terroir_solve_options *opts)
{
    core__error_reset();
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    if (!out || !m)
        return core__error(TERROIR_EINVAL, "terroir_solve: NULL argument");
    if (!m->validated)
        return core__error(TERROIR_EINVAL,
                           "terroir_solve: the model is not validated (call terroir_model_validate)");
    if (opts) {
        /* Version 1 callers have a shorter structure: read only its fields. */
        if (opts->version == 0 || opts->version > TERROIR_SOLVE_OPTIONS_VERSION)
            return core__error(TERROIR_EINVAL, "terroir_solve: unknown options version %u",
                               opts->version);
        memcpy(&o, opts, options_size(opts->version));
    }
    int rc = check_options(&o);
    if (rc)
        return rc;

    solve_ctx c = {&o, core__now(), TERROIR_STAGE_DESIGN, 0, 0};
    terroir_plan *p = plan__new(m);
    design_result d;
    alloc_result a;
    memset(&d, 0, sizeof d);
    memset(&a, 0, sizeof a);
    if (!p)
        return TERROIR_ENOMEM;
    terroir_plan_summary *s = &p->summary;
    s->bound = NAN;
    const char *design_lp_path = NULL, *alloc_lp_path = o.write_lp_path;
    int route_wanted = (o.stages & (1u << TERROIR_STAGE_ROUTE)) && m->n_vehicle_types > 0;

    /* Pure VRP mode: route the demand directly. */
    if (route_wanted &&
        (m->n_producers == 0 || !(o.stages & (1u << TERROIR_STAGE_ALLOCATE)))) {
        if ((rc = route_pure(&c, m, p)) != 0)
            goto done;
        goto evaluate_time;
    }

    /* Stage 1: design, when the model has candidate hubs. */
    unsigned char *hub_open = NULL;
    if ((o.stages & (1u << TERROIR_STAGE_DESIGN)) && has_candidates(m)) {
        design_lp_path = o.write_lp_path;
        alloc_lp_path = NULL;
        double t0 = core__now();
        report(NAN, NAN, &c);
        /* Keep a quarter of a time limit (at most 10 s) for the stages that
         * follow: a design without its allocation is no plan.  When routes
         * follow, the design gets half: the routing search of a regional
         * network needs time too (it has no other limit). */
        double design_time = time_left(&c);
        if (design_time > 0)
            design_time = route_wanted ? 0.5 * design_time
                                       : design_time - fmin(0.25 * design_time, 10.0);
        design_params dp = {design_time, o.mip_gap, o.seed, o.log, o.log_data,
                            report, &c, design_lp_path};
        if ((rc = design__solve(m, &dp, &d)) != 0)
            goto done;
        s->stage_seconds[TERROIR_STAGE_DESIGN] = core__now() - t0;
        if (d.status != LP_OPTIMAL && d.status != LP_FEASIBLE) {
            /* No design (design__solve always fills hub_open): nothing to
             * allocate on. */
            s->status = status_of(d.status);
            s->objective = NAN;
            s->bound = d.bound;
            s->gap = NAN;
            goto evaluate_time;
        }
        hub_open = d.hub_open;
    }

    /* Stage 2: allocation over the open hubs. */
    if (o.stages & (1u << TERROIR_STAGE_ALLOCATE)) {
        c.stage = TERROIR_STAGE_ALLOCATE;
        double t0 = core__now();
        report(NAN, NAN, &c);
        alloc_params ap = {time_left(&c), o.log, o.log_data, report, &c, alloc_lp_path};
        if ((rc = alloc__solve(m, hub_open, &ap, &a)) != 0)
            goto done;
        s->stage_seconds[TERROIR_STAGE_ALLOCATE] = core__now() - t0;
        if ((rc = fill_plan(p, m, &a, hub_open)) != 0)
            goto done;

        /* Stage 4 on the allocation alone, then stage 3 on top. */
        c.stage = TERROIR_STAGE_EVALUATE;
        t0 = core__now();
        evaluate_alloc(s, m, &a, hub_open, &d);
        s->stage_seconds[TERROIR_STAGE_EVALUATE] = core__now() - t0;
        if (route_wanted && (rc = route_food_hub(&c, m, p, &a, hub_open, &d)) != 0)
            goto done;
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

/* The solve, with its errors in the caller's language (version 3). */
int terroir_solve(terroir_plan **out, const terroir_model *m, const terroir_solve_options *opts)
{
    terroir_language language =
        opts && opts->version >= 3 ? opts->language : TERROIR_LANGUAGE_EN;
    terroir_language previous = core__lang_begin(language);
    int rc = solve_run(out, m, opts);
    core__lang_end(previous);
    return rc;
}
