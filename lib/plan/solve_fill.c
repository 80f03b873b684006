/* The plan's items from the stages' results: the allocation's hubs, flows
 * and unserved lines, the routing stage's routes and unserved stops. */
#include <stdlib.h>
#include <string.h>

#include "plan/solve_internal.h"

int solve__fill_alloc(terroir_plan *p, const terroir_model *m, const alloc_result *a,
                      const unsigned char *opened_by_design)
{
    p->hubs = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *p->hubs);
    p->flows = core__calloc(a->n_flows ? a->n_flows : 1, sizeof *p->flows);
    p->unserved = core__calloc(a->n_unserved ? a->n_unserved : 1, sizeof *p->unserved);
    if (!p->hubs || !p->flows || !p->unserved)
        return core__error(TERROIR_ENOMEM, "out of memory filling the plan");
    for (size_t h = 0; h < m->n_hubs; h++) {
        plan_hub *ph = &p->hubs[h];
        const model_hub *mh = &m->hubs[h];
        ph->site = mh->base.site;
        ph->open = a->hubs[h].open;
        ph->cross_dock_minutes = mh->cross_dock_minutes;
        memcpy(ph->storage_kg, mh->storage_kg, sizeof ph->storage_kg);
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

void solve__drop_alloc(terroir_plan *p)
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

void solve__keep_routes(terroir_plan *p, route_stage_result *r)
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
    free(p->self_deliveries);
    p->self_deliveries = r->self_deliveries;
    p->n_self_deliveries = r->n_self_deliveries;
    r->self_deliveries = NULL;
    r->n_self_deliveries = 0;
    p->routed = 1;
}

/* A stop carrying one class counts in it; a stop carrying several (a
 * point's whole demand) is split in proportion to the point's demand of
 * those classes. */
void solve__add_route_throughput(terroir_plan *p, const terroir_model *m, const plan_route *pr)
{
    plan_hub *ph = &p->hubs[m->sites[pr->hub].index];
    for (size_t i = 0; i < pr->n_stops; i++) {
        const plan_stop *st = &pr->stops[i];
        double kg = st->delivery[TERROIR_DIMENSION_KG] + st->pickup[TERROIR_DIMENSION_KG];
        double per_class[TERROIR_TEMPERATURE_COUNT] = {0}, total = 0;
        if (m->sites[st->site].kind != TERROIR_SITE_POINT)
            continue;
        const model_point *pt = &m->points[m->sites[st->site].index];
        for (size_t k = 0; k < pt->n_demand; k++) {
            const model_product *prod = &m->products[pt->demand[k].product];
            if (!(st->temperatures & (1u << prod->temperature)))
                continue;
            per_class[prod->temperature] += pt->demand[k].quantity * prod->kg_per_unit;
            total += pt->demand[k].quantity * prod->kg_per_unit;
        }
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++)
            if (total > 0)
                ph->throughput_kg[c] += kg * per_class[c] / total;
    }
}
