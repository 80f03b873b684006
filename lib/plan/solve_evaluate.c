/* The plan's summary from the stages' results: cost breakdown, status,
 * bound and gap, KPIs.
 *
 * After routing, the cost breakdown uses the routes: transport = the
 * routes' cost per km and per hour (plus the allocation's estimate for
 * direct deliveries, which producers drive and which are not routed),
 * vehicle_fixed = fixed costs of the vehicles used, co2 = the routes' CO2
 * (plus the direct deliveries' share of the allocation's CO2, in proportion
 * to their transport cost) at the CO2 price, unserved_penalty = the
 * allocation's plus the goods that unserved stops leave undelivered.  The
 * plan's bound then no longer applies (routing proves nothing): NaN. */
#include <math.h>
#include <string.h>

#include "plan/solve_internal.h"

void solve__count_demand(plan_summary *s, const terroir_model *m)
{
    memset(s->demand_kg, 0, sizeof s->demand_kg);
    memset(s->served_kg, 0, sizeof s->served_kg);
    s->demand_kg_total = s->served_kg_total = 0;
    for (size_t j = 0; j < m->n_points; j++) {
        const model_point *pt = &m->points[j];
        for (size_t k = 0; k < pt->n_demand; k++) {
            double kg = pt->demand[k].quantity * m->products[pt->demand[k].product].kg_per_unit;
            s->demand_kg[pt->kind] += kg;
            s->served_kg[pt->kind] += kg;
        }
    }
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        s->demand_kg_total += s->demand_kg[k];
        s->served_kg_total += s->served_kg[k];
    }
}

/* KPIs by point kind: demand from the model, served = demand - unserved. */
static void fill_kpis(plan_summary *s, const terroir_model *m, const alloc_result *a)
{
    solve__count_demand(s, m);
    for (size_t k = 0; k < a->n_unserved; k++)
        s->served_kg[m->points[a->unserved[k].point].kind] -= a->unserved[k].kg;
    s->served_kg_total = 0;
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        if (s->served_kg[k] < 0)
            s->served_kg[k] = 0; /* rounding of LP values */
        s->served_kg_total += s->served_kg[k];
    }
    s->tonne_km = a->tonne_km;
    s->co2_kg = a->co2_kg;
}

void solve__evaluate_alloc(plan_summary *s, const terroir_model *m, const alloc_result *a,
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
        s->status = solve__status_of(st);
    } else {
        s->bound = a->bound;
        s->status = solve__status_of(a->status);
    }
    if (s->bound > s->objective)
        s->bound = s->objective; /* LP round-off */
    s->gap = isfinite(s->bound) ? (s->objective - s->bound) / fmax(fabs(s->objective), 1e-9)
                                : NAN;
    /* Optimal within solver tolerances: report no gap rather than 1e-16. */
    if (s->status == TERROIR_STATUS_OPTIMAL && s->gap < 1e-9)
        s->gap = 0;
}

double solve__transport_estimate(const terroir_model *m, const alloc_result *a, double *per_hub,
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

void solve__apply_routes(plan_summary *s, const terroir_model *m, const alloc_result *a,
                         const route_stage_result *r, double estimate)
{
    double direct = 0, own = a ? solve__transport_estimate(m, a, NULL, &direct) : 0;
    double direct_co2 = a && a->cost.transport > 0 ? a->co2_kg * direct / a->cost.transport : 0;
    if (isnan(estimate))
        estimate = own;
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
    s->transport_estimate = a ? estimate : 0;
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
