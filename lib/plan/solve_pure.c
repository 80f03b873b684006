/* Pure VRP mode of terroir_solve(): a model without producers (an imported
 * CVRPLIB, Solomon, Cordeau or CLRP instance, or a planner's delivery
 * network), or a solve asked to route without allocating: every point's
 * demand is routed from the hubs.  With candidate hubs (and the design stage
 * asked for), location-routing (lib/locate) chooses the hubs with their
 * routes, and each hub's capacity bounds its routes; otherwise the hubs are
 * as the model says. */
#include <math.h>
#include <string.h>

#include "locate/locate.h"
#include "plan/solve_internal.h"

int solve__pure(solve_ctx *c, const terroir_model *m, terroir_plan *p)
{
    const terroir_solve_options *o = c->opts;
    plan_summary *s = &p->summary;
    route_stage_result r;
    locate_result lr;
    memset(&r, 0, sizeof r);
    memset(&lr, 0, sizeof lr);
    int locate = (o->stages & (1u << TERROIR_STAGE_DESIGN)) && solve__has_candidates(m);
    if (!(p->hubs = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *p->hubs)))
        return core__error(TERROIR_ENOMEM, "out of memory filling the plan");
    p->n_hubs = m->n_hubs;
    p->pure_vrp = 1;
    double t0 = core__now();
    c->route_base = 0;
    int rc;
    if (locate) {
        c->stage = TERROIR_STAGE_DESIGN;
        solve__report(NAN, NAN, c);
        locate_params lp = {solve__route_seconds(c), o->route_iterations, o->seed,
                            o->route_polish, solve__route_progress, c, o->log, o->log_data,
                            c->warnings, c->stall};
        if ((rc = locate__solve(m, &lp, &lr)) != 0)
            goto done;
        r = lr.routes;
        memset(&lr.routes, 0, sizeof lr.routes);
        s->stage_seconds[TERROIR_STAGE_DESIGN] = core__now() - t0;
    } else {
        c->stage = TERROIR_STAGE_ROUTE;
        solve__report(NAN, NAN, c);
        route_stage_params rp = {solve__route_seconds(c), o->route_iterations, o->seed,
                                 o->route_polish, solve__route_progress, c, o->log, o->log_data,
                                 NULL, 0, NULL, c->warnings, c->stall};
        if ((rc = route__stage(m, NULL, &rp, &r)) != 0)
            goto done;
        s->stage_seconds[TERROIR_STAGE_ROUTE] = core__now() - t0;
    }
    for (size_t h = 0; h < m->n_hubs; h++) {
        plan_hub *ph = &p->hubs[h];
        ph->site = m->hubs[h].base.site;
        ph->cross_dock_minutes = m->hubs[h].cross_dock_minutes;
        memcpy(ph->storage_kg, m->hubs[h].storage_kg, sizeof ph->storage_kg);
        ph->open = locate ? lr.hub_open[h] : m->hubs[h].status != TERROIR_HUB_CLOSED;
        ph->fixed_cost = locate && ph->open ? m->hubs[h].fixed_cost : 0;
        memcpy(ph->capacity_kg, m->hubs[h].capacity_kg, sizeof ph->capacity_kg);
    }
    c->stage = TERROIR_STAGE_EVALUATE;
    t0 = core__now();
    memset(&s->cost, 0, sizeof s->cost);
    if (locate) {
        s->cost.fixed_hub = lr.fixed_cost;
        for (size_t k = 0; k < r.n_routes; k++)
            solve__add_route_throughput(p, m, &r.routes[k]);
    }
    solve__count_demand(s, m);
    s->status = TERROIR_STATUS_FEASIBLE;
    solve__apply_routes(s, m, NULL, &r, NAN);
    if (c->canceled && r.n_routes == 0 && r.n_stops > 0)
        s->status = TERROIR_STATUS_CANCELED;
    solve__keep_routes(p, &r);
    s->stage_seconds[TERROIR_STAGE_EVALUATE] = core__now() - t0;
done:
    route__stage_free(&r);
    locate__result_free(&lr);
    return rc;
}
