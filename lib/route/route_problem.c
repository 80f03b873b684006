/* Building a vrp_problem (lib/route/vrp.h) from a model: depots are model
 * hubs (their opening hours bound the routes), vehicle types are the model's
 * types based at those hubs, stops are added one by one with their
 * quantities, and the distance and time matrices come from the model's
 * distance function (model__distance: explicit matrix or locations, with the
 * model's rounding).  A vehicle's speed becomes a time factor: minutes =
 * minutes at the model's speed * model speed / vehicle speed.
 *
 * The same builder serves the solve pipeline (route_build.c) and the route
 * checker (route_check.c), so both read the model the same way. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"

void route__problem_free(route_problem *rp)
{
    if (!rp)
        return;
    free(rp->nodes);
    free(rp->info);
    free(rp->windows);
    free(rp->window_first);
    free(rp->km);
    free(rp->minutes);
    free(rp->geo_a);
    free(rp->geo_b);
    free(rp->geo_trig);
    free(rp->types);
    free(rp->type_model);
    free(rp->depot_hub);
    memset(rp, 0, sizeof *rp);
}

/* Append a node with the windows of model site `site` (empty node data
 * otherwise).  Returns its index, or VRP_NONE when memory is short. */
static size_t add_node(route_problem *rp, const terroir_model *m, size_t site)
{
    size_t need = rp->n_nodes + 1;
    if (core__grow((void **)&rp->info, &rp->cap_info, need, sizeof *rp->info) != 0 ||
        core__grow((void **)&rp->window_first, &rp->cap_first, need, sizeof *rp->window_first) !=
            0 ||
        core__grow((void **)&rp->nodes, &rp->cap_nodes, need, sizeof *rp->nodes) != 0)
        return VRP_NONE;
    const model_site_base *b = model__site_base(m, site);
    if (core__grow((void **)&rp->windows, &rp->cap_windows, rp->n_windows + b->n_windows,
                   sizeof *rp->windows) != 0)
        return VRP_NONE;
    size_t k = rp->n_nodes++;
    vrp_node *n = &rp->nodes[k];
    memset(n, 0, sizeof *n);
    memset(&rp->info[k], 0, sizeof rp->info[k]);
    n->site = site;
    n->unserved_penalty = -1;
    n->n_windows = b->n_windows;
    rp->window_first[k] = rp->n_windows;
    for (size_t w = 0; w < b->n_windows; w++) {
        rp->windows[rp->n_windows].open = b->windows[w].open;
        rp->windows[rp->n_windows].close = b->windows[w].close;
        rp->n_windows++;
    }
    rp->info[k].site = site;
    rp->info[k].hub = MODEL_NONE;
    return k;
}

int route__problem_begin(route_problem *rp, const terroir_model *m, const size_t *hubs, size_t n)
{
    memset(rp, 0, sizeof *rp);
    rp->depot_hub = core__calloc(n ? n : 1, sizeof *rp->depot_hub);
    size_t nt = m->n_vehicle_types;
    rp->types = core__calloc(nt ? nt : 1, sizeof *rp->types);
    rp->type_model = core__calloc(nt ? nt : 1, sizeof *rp->type_model);
    if (!rp->depot_hub || !rp->types || !rp->type_model)
        goto nomem;
    for (size_t d = 0; d < n; d++) {
        size_t k = add_node(rp, m, m->hubs[hubs[d]].base.site);
        if (k == VRP_NONE)
            goto nomem;
        rp->depot_hub[d] = hubs[d];
        rp->info[k].hub = hubs[d];
        rp->info[k].mandatory = 1;
    }
    rp->n_depots = n;
    for (size_t v = 0; v < nt; v++) {
        const model_vehicle_type *mv = &m->vehicle_types[v];
        size_t depot = VRP_NONE;
        for (size_t d = 0; d < n; d++)
            if (hubs[d] == mv->home_hub)
                depot = d;
        if (depot == VRP_NONE)
            continue;
        vrp_vehicle_type *t = &rp->types[rp->n_types];
        t->depot = depot;
        /* Trips per vehicle and operating day (saturating). */
        size_t days = m->settings.operating_days ? m->settings.operating_days : 1;
        size_t trips = mv->trips_per_day ? mv->trips_per_day : 1;
        t->count = mv->count > SIZE_MAX / days / trips ? SIZE_MAX : mv->count * days * trips;
        for (int dim = 0; dim < VRP_DIMENSIONS; dim++)
            t->capacity[dim] = mv->capacity[dim] < 0 ? -1.0 : mv->capacity[dim];
        t->temperatures = mv->temperatures;
        t->fixed_cost = mv->fixed_cost;
        t->cost_per_km = mv->cost_per_km;
        t->cost_per_hour = mv->cost_per_hour;
        t->time_factor = mv->speed_kmh > 0 ? m->settings.speed_kmh / mv->speed_kmh : 1.0;
        t->max_duration_minutes = mv->max_duration_minutes;
        t->co2_kg_per_km = mv->co2_kg_per_km;
        rp->type_model[rp->n_types++] = v;
    }
    return 0;
nomem:
    route__problem_free(rp);
    return core__error(TERROIR_ENOMEM, "out of memory building a routing problem");
}

int route__problem_add_stop(route_problem *rp, const terroir_model *m, const route_stop_in *s)
{
    size_t k = add_node(rp, m, s->site);
    if (k == VRP_NONE)
        return core__error(TERROIR_ENOMEM, "out of memory building a routing problem");
    vrp_node *n = &rp->nodes[k];
    memcpy(n->delivery, s->delivery, sizeof n->delivery);
    memcpy(n->pickup, s->pickup, sizeof n->pickup);
    n->temperatures = s->temperatures;
    n->unserved_penalty = s->penalty;
    terroir_site_kind kind = m->sites[s->site].kind;
    size_t idx = m->sites[s->site].index;
    if (kind == TERROIR_SITE_POINT)
        n->service_minutes = m->points[idx].service_minutes;
    else if (kind == TERROIR_SITE_PRODUCER)
        n->service_minutes = m->producers[idx].service_minutes;
    if (s->latest_start > 0 && isfinite(s->latest_start)) {
        /* cut the windows at latest_start (a node without windows gets
         * [0, latest_start]); left as they are when none opens before it */
        vrp_window *w = n->n_windows ? rp->windows + rp->window_first[k] : NULL;
        size_t keep = 0;
        for (size_t i = 0; i < n->n_windows; i++)
            if (w[i].open <= s->latest_start)
                keep++;
        if (n->n_windows == 0) {
            if (core__grow((void **)&rp->windows, &rp->cap_windows, rp->n_windows + 1,
                           sizeof *rp->windows) != 0)
                return core__error(TERROIR_ENOMEM, "out of memory building a routing problem");
            rp->windows[rp->n_windows].open = 0;
            rp->windows[rp->n_windows].close = s->latest_start;
            rp->n_windows++;
            n->n_windows = 1;
        } else if (keep > 0) {
            n->n_windows = keep;
            w[keep - 1].close = fmin(w[keep - 1].close, s->latest_start);
        }
    }
    route_node_info *in = &rp->info[k];
    in->hub = s->hub;
    in->kind = s->kind;
    in->kg = s->kg;
    in->mandatory = s->penalty < 0;
    in->goods_first = s->goods_first;
    in->n_goods = s->n_goods;
    in->share = s->share;
    return 0;
}

/* 1 when every distance between the problem's nodes follows from their
 * coordinates by model__distance's formula without rounding (no explicit
 * matrix entry for them). */
static int coordinates_suffice(const route_problem *rp, const terroir_model *m)
{
    const model_matrix *mx = &m->matrix;
    if (m->settings.rounding != TERROIR_ROUNDING_NONE)
        return 0;
    for (size_t i = 0; i < rp->n_nodes; i++) {
        size_t site = rp->nodes[i].site;
        if (!model__site_base(m, site)->location.has_location)
            return 0;
        if (mx->n && site < mx->row_of_len && mx->row_of[site] != MODEL_NONE)
            return 0;
    }
    return 1;
}

static int use_coordinates(route_problem *rp, const terroir_model *m)
{
    size_t n = rp->n_nodes;
    rp->geo_a = core__calloc(n ? n : 1, sizeof *rp->geo_a);
    rp->geo_b = core__calloc(n ? n : 1, sizeof *rp->geo_b);
    rp->geo_trig = core__calloc(n ? n : 1, sizeof *rp->geo_trig);
    if (!rp->geo_a || !rp->geo_b || !rp->geo_trig)
        return core__error(TERROIR_ENOMEM, "out of memory building a routing problem");
    int latlon = m->settings.coordinates == TERROIR_COORDINATES_LATLON;
    for (size_t i = 0; i < n; i++) {
        const terroir_location *l = &model__site_base(m, rp->nodes[i].site)->location;
        rp->geo_a[i] = latlon ? l->lat : l->x;
        rp->geo_b[i] = latlon ? l->lon : l->y;
        if (latlon)
            rp->geo_trig[i] = vrp__geo_trig(l->lat, l->lon);
    }
    rp->geo.kind = latlon ? VRP_GEO_LATLON : VRP_GEO_PLANE;
    rp->geo.a = rp->geo_a;
    rp->geo.b = rp->geo_b;
    rp->geo.trig = rp->geo_trig;
    rp->geo.factor = latlon ? m->settings.road_factor : 1.0;
    rp->geo.speed_kmh = m->settings.speed_kmh;
    return 0;
}

int route__problem_end(route_problem *rp, const terroir_model *m, core_poll *poll)
{
    size_t n = rp->n_nodes;
    int rc, coordinates = coordinates_suffice(rp, m);
    if (coordinates && (rc = use_coordinates(rp, m)) != 0)
        return rc;
    /* Past the size, or with no time left (the engine will only build its
     * first solution): no matrix. */
    if (coordinates && (n > ROUTE_MATRIX_MAX_NODES || core__poll(poll)))
        goto pointers;
    if (n && (size_t)-1 / n / sizeof(double) < n)
        return core__error(TERROIR_ENOMEM, "routing problem too large (%zu nodes)", n);
    rp->km = core__calloc(n ? n * n : 1, sizeof *rp->km);
    rp->minutes = core__calloc(n ? n * n : 1, sizeof *rp->minutes);
    if (!rp->km || !rp->minutes)
        return core__error(TERROIR_ENOMEM, "out of memory for a %zu x %zu distance matrix", n, n);
    unsigned long count = 0;
    for (size_t i = 0; i < n; i++) {
        /* A stop request cannot leave the matrix half filled (the problem
         * must be whole); it is only polled here so that the caller's
         * callback keeps being called on huge explicit matrices. */
        (void)core__poll_every(poll, &count, 1 + 100000 / (n + 1));
        for (size_t j = 0; j < n; j++) {
            size_t a = rp->nodes[i].site, b = rp->nodes[j].site;
            double km = 0, min = 0;
            if (a != b && model__distance(m, a, b, &km, &min) != 0)
                return core__error(TERROIR_EINPUT, "no distance from site '%s' to site '%s'",
                                   model__site_base(m, a)->id, model__site_base(m, b)->id);
            rp->km[i * n + j] = km;
            rp->minutes[i * n + j] = min;
        }
    }
pointers:
    for (size_t i = 0; i < n; i++)
        rp->nodes[i].windows = rp->nodes[i].n_windows ? rp->windows + rp->window_first[i] : NULL;
    rp->p.n_nodes = n;
    rp->p.n_depots = rp->n_depots;
    rp->p.nodes = rp->nodes;
    rp->p.km = rp->km;
    rp->p.minutes = rp->minutes;
    rp->p.geo = coordinates ? &rp->geo : NULL;
    rp->p.types = rp->types;
    rp->p.n_types = rp->n_types;
    return 0;
}

void route__product_goods(const terroir_model *m, size_t product, double quantity,
                          double goods[VRP_DIMENSIONS])
{
    const model_product *p = &m->products[product];
    goods[TERROIR_DIMENSION_KG] = quantity * p->kg_per_unit;
    goods[TERROIR_DIMENSION_M3] = quantity * p->m3_per_unit;
    goods[TERROIR_DIMENSION_PALLETS] = quantity * p->pallets_per_unit;
}

void route__site_goods(const terroir_model *m, size_t site, double goods[VRP_DIMENSIONS],
                       unsigned int *temperatures)
{
    const model_line *lines = NULL;
    size_t n = 0;
    size_t idx = m->sites[site].index;
    if (m->sites[site].kind == TERROIR_SITE_POINT) {
        lines = m->points[idx].demand;
        n = m->points[idx].n_demand;
    } else if (m->sites[site].kind == TERROIR_SITE_PRODUCER) {
        lines = m->producers[idx].supply;
        n = m->producers[idx].n_supply;
    }
    unsigned int t = 0;
    for (int d = 0; d < VRP_DIMENSIONS; d++)
        goods[d] = 0;
    for (size_t k = 0; k < n; k++) {
        double g[VRP_DIMENSIONS];
        if (lines[k].quantity <= 0)
            continue;
        route__product_goods(m, lines[k].product, lines[k].quantity, g);
        for (int d = 0; d < VRP_DIMENSIONS; d++)
            goods[d] += g[d];
        t |= 1u << m->products[lines[k].product].temperature;
    }
    if (temperatures)
        *temperatures = t;
}

int route__fleet_hubs(const terroir_model *m, const unsigned char *open, size_t **out, size_t *n)
{
    *out = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof **out);
    *n = 0;
    if (!*out)
        return core__error(TERROIR_ENOMEM, "out of memory");
    for (size_t h = 0; h < m->n_hubs; h++) {
        int usable = open ? open[h] != 0 : m->hubs[h].status != TERROIR_HUB_CLOSED;
        if (!usable || m->hubs[h].status == TERROIR_HUB_CLOSED)
            continue;
        for (size_t v = 0; v < m->n_vehicle_types; v++)
            if (m->vehicle_types[v].home_hub == h && m->vehicle_types[v].count > 0) {
                (*out)[(*n)++] = h;
                break;
            }
    }
    return 0;
}

void route__number_route(const terroir_model *m, size_t v, size_t k, plan_route *pr)
{
    size_t count = m->vehicle_types[v].count, days = m->settings.operating_days;
    if (count > 0 && k / count < days) {
        pr->vehicle = k % count;
        pr->day = (unsigned int)(k / count) + 1;
    } else { /* beyond the fleet (a checked plan may be): extra vehicles on day 1 */
        pr->vehicle = count + (k - count * days);
        pr->day = 1;
    }
}
