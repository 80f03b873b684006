/* The plan object: construction with the model's ids, accessors (hubs,
 * flows, unserved demand, routes and their stops, unserved stops) and free.
 * Summary versions: version 1 callers get the fields up to served_kg_total
 * and nothing past them is written. */
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "plan/plan_internal.h"

/* The model's operating days and its points' and producers' day lists.
 * 0 or -1 (out of memory; the caller frees the plan). */
static int copy_days(terroir_plan *p, const terroir_model *m)
{
    p->operating_days = m->settings.operating_days;
    p->site_days = core__calloc(m->n_sites ? m->n_sites : 1, sizeof *p->site_days);
    p->n_site_days = core__calloc(m->n_sites ? m->n_sites : 1, sizeof *p->n_site_days);
    p->site_kinds = core__calloc(m->n_sites ? m->n_sites : 1, sizeof *p->site_kinds);
    if (!p->site_days || !p->n_site_days || !p->site_kinds)
        return -1;
    for (size_t s = 0; s < m->n_sites; s++) {
        p->site_kinds[s] = m->sites[s].kind;
        const unsigned int *days = NULL;
        size_t n = 0;
        if (m->sites[s].kind == TERROIR_SITE_POINT) {
            days = m->points[m->sites[s].index].delivery_days;
            n = m->points[m->sites[s].index].n_delivery_days;
        } else if (m->sites[s].kind == TERROIR_SITE_PRODUCER) {
            days = m->producers[m->sites[s].index].pickup_days;
            n = m->producers[m->sites[s].index].n_pickup_days;
        }
        if (n == 0)
            continue;
        if (!(p->site_days[s] = core__calloc(n, sizeof *p->site_days[s])))
            return -1;
        memcpy(p->site_days[s], days, n * sizeof *days);
        p->n_site_days[s] = n;
    }
    return 0;
}

terroir_plan *plan__new(const terroir_model *m)
{
    terroir_plan *p = core__calloc(1, sizeof *p);
    if (!p)
        goto nomem;
    if (m->name && !(p->model_name = core__strdup(m->name)))
        goto nomem;
    p->product_ids = core__calloc(m->n_products ? m->n_products : 1, sizeof *p->product_ids);
    p->shelf_life_hours =
        core__calloc(m->n_products ? m->n_products : 1, sizeof *p->shelf_life_hours);
    p->temperatures = core__calloc(m->n_products ? m->n_products : 1, sizeof *p->temperatures);
    p->site_ids = core__calloc(m->n_sites, sizeof *p->site_ids);
    if (!p->product_ids || !p->shelf_life_hours || !p->temperatures || !p->site_ids)
        goto nomem;
    for (size_t i = 0; i < m->n_products; i++)
        p->temperatures[i] = m->products[i].temperature;
    for (size_t i = 0; i < m->n_products; i++)
        p->shelf_life_hours[i] = m->products[i].shelf_life_hours;
    for (; p->n_products < m->n_products; p->n_products++)
        if (!(p->product_ids[p->n_products] = core__strdup(m->products[p->n_products].id)))
            goto nomem;
    for (; p->n_sites < m->n_sites; p->n_sites++)
        if (!(p->site_ids[p->n_sites] = core__strdup(model__site_base(m, p->n_sites)->id)))
            goto nomem;
    if (copy_days(p, m) != 0) /* after the sites: the free walks n_sites of them */
        goto nomem;
    if (m->n_vehicle_types &&
        (!(p->vehicle_type_ids = core__calloc(m->n_vehicle_types, sizeof *p->vehicle_type_ids)) ||
         !(p->vehicle_types = core__calloc(m->n_vehicle_types, sizeof *p->vehicle_types))))
        goto nomem;
    for (size_t i = 0; i < m->n_vehicle_types; i++) {
        const model_vehicle_type *vt = &m->vehicle_types[i];
        p->vehicle_types[i].trips_per_day = vt->trips_per_day;
        p->vehicle_types[i].loading_minutes = vt->loading_minutes;
        p->vehicle_types[i].max_duration_minutes = vt->max_duration_minutes;
    }
    for (; p->n_vehicle_types < m->n_vehicle_types; p->n_vehicle_types++)
        if (!(p->vehicle_type_ids[p->n_vehicle_types] =
                  core__strdup(m->vehicle_types[p->n_vehicle_types].id)))
            goto nomem;
    p->summary.transport_estimate_error = NAN;
    if (!(p->warnings = core__diags_new()))
        goto nomem;
    return p;
nomem:
    terroir_plan_free(p);
    core__error(TERROIR_ENOMEM, "out of memory creating a plan");
    return NULL;
}

void plan__routes_free(plan_route *routes, size_t n)
{
    for (size_t i = 0; routes && i < n; i++) {
        for (size_t k = 0; routes[i].stops && k < routes[i].n_stops; k++)
            free(routes[i].stops[k].products);
        free(routes[i].stops);
    }
    free(routes);
}

void plan__unserved_stops_free(plan_unserved_stop *u, size_t n)
{
    for (size_t i = 0; u && i < n; i++)
        free(u[i].detail);
    free(u);
}

void terroir_plan_free(terroir_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_vehicle_types; i++)
        free(p->vehicle_type_ids[i]);
    free(p->vehicle_type_ids);
    free(p->vehicle_types);
    plan__routes_free(p->routes, p->n_routes);
    free(p->self_deliveries);
    plan__unserved_stops_free(p->unserved_stops, p->n_unserved_stops);
    for (size_t i = 0; i < p->n_products; i++)
        free(p->product_ids[i]);
    free(p->product_ids);
    free(p->shelf_life_hours);
    free(p->temperatures);
    for (size_t i = 0; p->site_days && i < p->n_sites; i++)
        free(p->site_days[i]);
    free(p->site_days);
    free(p->n_site_days);
    free(p->site_kinds);
    for (size_t i = 0; i < p->n_sites; i++)
        free(p->site_ids[i]);
    free(p->site_ids);
    for (size_t i = 0; i < p->n_unserved; i++)
        free(p->unserved[i].detail);
    free(p->unserved);
    free(p->flows);
    free(p->hubs);
    free(p->model_name);
    terroir_diagnostics_free(p->warnings);
    free(p);
}

void plan__finish(terroir_plan *p)
{
    for (size_t i = 0; i < p->n_hubs; i++) {
        plan_hub *h = &p->hubs[i];
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            h->utilisation[t] =
                h->capacity_kg[t] > 0 ? h->throughput_kg[t] / h->capacity_kg[t] : 0;
    }
}

/* Bytes of the summary structure that a caller of `version` has. */
static size_t summary_size(unsigned int version)
{
    return version >= 2 ? sizeof(terroir_plan_summary)
                        : offsetof(terroir_plan_summary, routed_km);
}

/* The public summary of `s`, whose arrays `out` borrows; the fields of
 * `version` only. */
static void summary_out(const plan_summary *s, unsigned int version, terroir_plan_summary *out)
{
    out->status = s->status;
    out->objective = s->objective;
    out->bound = s->bound;
    out->gap = s->gap;
    out->cost = s->cost;
    out->solve_seconds = s->solve_seconds;
    out->stage_seconds = s->stage_seconds;
    out->n_stages = TERROIR_STAGE_COUNT;
    out->tonne_km = s->tonne_km;
    out->co2_kg = s->co2_kg;
    out->demand_kg = s->demand_kg;
    out->served_kg = s->served_kg;
    out->n_point_kinds = TERROIR_POINT_KIND_COUNT;
    out->demand_kg_total = s->demand_kg_total;
    out->served_kg_total = s->served_kg_total;
    if (version < 2)
        return;
    out->routed_km = s->routed_km;
    out->routed_minutes = s->routed_minutes;
    out->routed_cost = s->routed_cost;
    out->transport_estimate = s->transport_estimate;
    out->transport_estimate_error = s->transport_estimate_error;
    out->n_routes = s->n_routes;
    out->n_unserved_stops = s->n_unserved_stops;
    out->route_polish_gain = s->route_polish_gain;
    out->route_feedback_applied = s->route_feedback_applied;
}

int terroir_plan_summary_init(terroir_plan_summary *out, unsigned int version)
{
    core__error_reset();
    if (!out || version == 0 || version > TERROIR_PLAN_SUMMARY_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_plan_summary_init: NULL or unknown version");
    memset(out, 0, summary_size(version));
    out->version = version;
    if (version >= 2)
        out->transport_estimate_error = NAN;
    return 0;
}

terroir_status terroir_plan_status(const terroir_plan *p)
{
    core__error_reset();
    return p ? p->summary.status : TERROIR_STATUS_INFEASIBLE;
}

const terroir_diagnostics *terroir_plan_warnings(const terroir_plan *p)
{
    core__error_reset();
    return p ? p->warnings : NULL;
}

static int check_out(const terroir_plan *p, const void *out, unsigned int version,
                     unsigned int known, const char *fn)
{
    if (!p || !out)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    if (version == 0 || version > known)
        return core__error(TERROIR_EINVAL, "%s: unknown structure version %u", fn, version);
    return 0;
}

int terroir_plan_get_summary(const terroir_plan *p, terroir_plan_summary *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_SUMMARY_VERSION,
                       "terroir_plan_get_summary");
    if (rc)
        return rc;
    summary_out(&p->summary, out->version, out);
    return 0;
}

size_t terroir_plan_hub_count(const terroir_plan *p)
{
    core__error_reset();
    return p ? p->n_hubs : 0;
}

int terroir_plan_get_hub(const terroir_plan *p, size_t i, terroir_plan_hub *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_HUB_VERSION,
                       "terroir_plan_get_hub");
    if (rc)
        return rc;
    if (i >= p->n_hubs)
        return core__error(TERROIR_ENOTFOUND, "no hub %zu in the plan (it has %zu)", i,
                           p->n_hubs);
    const plan_hub *h = &p->hubs[i];
    out->id = p->site_ids[h->site];
    out->open = h->open;
    out->fixed_cost = h->fixed_cost;
    out->throughput_kg = h->throughput_kg;
    out->capacity_kg = h->capacity_kg;
    out->utilisation = h->utilisation;
    out->capacity_value_per_kg = h->capacity_value_per_kg;
    out->n_temperatures = TERROIR_TEMPERATURE_COUNT;
    if (out->version >= 2)
        out->cross_dock_minutes = h->cross_dock_minutes;
    return 0;
}

size_t terroir_plan_flow_count(const terroir_plan *p)
{
    core__error_reset();
    return p ? p->n_flows : 0;
}

int terroir_plan_get_flow(const terroir_plan *p, size_t i, terroir_plan_flow *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_FLOW_VERSION,
                       "terroir_plan_get_flow");
    if (rc)
        return rc;
    if (i >= p->n_flows)
        return core__error(TERROIR_ENOTFOUND, "no flow %zu in the plan (it has %zu)", i,
                           p->n_flows);
    const plan_flow *f = &p->flows[i];
    out->product = p->product_ids[f->product];
    out->from = p->site_ids[f->from];
    out->via = f->via == PLAN_NONE ? NULL : p->site_ids[f->via];
    out->to = p->site_ids[f->to];
    out->quantity = f->quantity;
    out->kg = f->kg;
    out->km = f->km;
    out->cost = f->cost;
    return 0;
}

size_t terroir_plan_unserved_count(const terroir_plan *p)
{
    core__error_reset();
    return p ? p->n_unserved : 0;
}

int terroir_plan_get_unserved(const terroir_plan *p, size_t i, terroir_plan_unserved *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_UNSERVED_VERSION,
                       "terroir_plan_get_unserved");
    if (rc)
        return rc;
    if (i >= p->n_unserved)
        return core__error(TERROIR_ENOTFOUND, "no unserved line %zu in the plan (it has %zu)",
                           i, p->n_unserved);
    const plan_unserved *u = &p->unserved[i];
    out->point = p->site_ids[u->point];
    out->product = p->product_ids[u->product];
    out->quantity = u->quantity;
    out->kg = u->kg;
    out->reason = u->reason;
    out->detail = u->detail ? u->detail : terroir_unserved_reason_to_string(u->reason);
    return 0;
}

size_t terroir_plan_route_count(const terroir_plan *p)
{
    core__error_reset();
    return p ? p->n_routes : 0;
}

void plan__route_out(const plan_route *r, char *const *site_ids, char *const *vehicle_type_ids,
                     terroir_plan_route *out)
{
    out->vehicle_type = vehicle_type_ids[r->vehicle_type];
    out->vehicle = r->vehicle;
    out->hub = site_ids[r->hub];
    out->n_stops = r->n_stops;
    out->km = r->km;
    out->minutes = r->minutes;
    out->cost = r->cost;
    out->co2_kg = r->co2_kg;
    out->departure = r->departure;
    out->arrival = r->arrival;
    out->load_start = r->load_start;
    out->n_dimensions = TERROIR_DIMENSION_COUNT;
    if (out->version >= 2)
        out->day = r->day ? r->day : 1;
}

void plan__stop_out(const plan_stop *s, char *const *site_ids, terroir_plan_route_stop *out)
{
    out->site = site_ids[s->site];
    out->kind = s->kind;
    out->arrival = s->arrival;
    out->start = s->start;
    out->departure = s->departure;
    out->delivery = s->delivery;
    out->pickup = s->pickup;
    out->load = s->load;
    out->n_dimensions = TERROIR_DIMENSION_COUNT;
    out->temperatures = s->temperatures;
    if (out->version >= 2)
        out->n_products = s->products ? s->n_products : 0;
}

int plan__stop_product_out(const plan_stop *s, size_t k, char *const *product_ids,
                           size_t n_product_ids, terroir_plan_stop_product *out)
{
    size_t n = s->products ? s->n_products : 0;
    if (k >= n)
        return core__error(TERROIR_ENOTFOUND, "no product %zu at the stop (it has %zu)", k, n);
    const plan_stop_product *sp = &s->products[k];
    if (!product_ids || sp->product >= n_product_ids)
        return core__error(TERROIR_EINTERNAL, "a stop names product %zu of %zu", sp->product,
                           n_product_ids);
    out->product = product_ids[sp->product];
    out->quantity = sp->quantity;
    out->kg = sp->kg;
    return 0;
}

int terroir_plan_get_route(const terroir_plan *p, size_t i, terroir_plan_route *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_ROUTE_VERSION,
                       "terroir_plan_get_route");
    if (rc)
        return rc;
    if (i >= p->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the plan (it has %zu)", i,
                           p->n_routes);
    plan__route_out(&p->routes[i], p->site_ids, p->vehicle_type_ids, out);
    return 0;
}

int terroir_plan_get_route_stop(const terroir_plan *p, size_t i, size_t k,
                                terroir_plan_route_stop *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_ROUTE_STOP_VERSION,
                       "terroir_plan_get_route_stop");
    if (rc)
        return rc;
    if (i >= p->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the plan (it has %zu)", i,
                           p->n_routes);
    if (k >= p->routes[i].n_stops)
        return core__error(TERROIR_ENOTFOUND, "no stop %zu in route %zu (it has %zu)", k, i,
                           p->routes[i].n_stops);
    plan__stop_out(&p->routes[i].stops[k], p->site_ids, out);
    return 0;
}

int terroir_plan_get_route_stop_product(const terroir_plan *p, size_t i, size_t k, size_t j,
                                        terroir_plan_stop_product *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_STOP_PRODUCT_VERSION,
                       "terroir_plan_get_route_stop_product");
    if (rc)
        return rc;
    if (i >= p->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the plan (it has %zu)", i,
                           p->n_routes);
    if (k >= p->routes[i].n_stops)
        return core__error(TERROIR_ENOTFOUND, "no stop %zu in route %zu (it has %zu)", k, i,
                           p->routes[i].n_stops);
    return plan__stop_product_out(&p->routes[i].stops[k], j, p->product_ids, p->n_products,
                                  out);
}

size_t terroir_plan_self_delivery_count(const terroir_plan *p)
{
    core__error_reset();
    return p ? p->n_self_deliveries : 0;
}

int terroir_plan_get_self_delivery(const terroir_plan *p, size_t i,
                                   terroir_plan_self_delivery *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_SELF_DELIVERY_VERSION,
                       "terroir_plan_get_self_delivery");
    if (rc)
        return rc;
    if (i >= p->n_self_deliveries)
        return core__error(TERROIR_ENOTFOUND, "no self delivery %zu in the plan (it has %zu)",
                           i, p->n_self_deliveries);
    const plan_self_delivery *d = &p->self_deliveries[i];
    out->producer = p->site_ids[d->producer];
    out->hub = p->site_ids[d->hub];
    out->product = p->product_ids[d->product];
    out->quantity = d->quantity;
    out->kg = d->kg;
    out->day = d->day ? d->day : 1;
    out->departure = d->departure;
    out->arrival = d->arrival;
    return 0;
}

size_t terroir_plan_unserved_stop_count(const terroir_plan *p)
{
    core__error_reset();
    return p ? p->n_unserved_stops : 0;
}

int terroir_plan_get_unserved_stop(const terroir_plan *p, size_t i,
                                   terroir_plan_unserved_stop *out)
{
    core__error_reset();
    int rc = check_out(p, out, out ? out->version : 0, TERROIR_PLAN_UNSERVED_STOP_VERSION,
                       "terroir_plan_get_unserved_stop");
    if (rc)
        return rc;
    if (i >= p->n_unserved_stops)
        return core__error(TERROIR_ENOTFOUND, "no unserved stop %zu in the plan (it has %zu)",
                           i, p->n_unserved_stops);
    const plan_unserved_stop *u = &p->unserved_stops[i];
    out->site = p->site_ids[u->site];
    out->kind = u->kind;
    out->hub = u->hub == PLAN_NONE ? NULL : p->site_ids[u->hub];
    out->kg = u->kg;
    out->penalty = u->penalty;
    out->reason = u->reason;
    out->detail = u->detail ? u->detail : terroir_unserved_stop_reason_to_string(u->reason);
    return 0;
}
