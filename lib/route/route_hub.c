/* Food-hub mode of the routing stage (route_stage.h): each hub routed on
 * its own, collection first, then delivery of the goods that reached it
 * (synchronisation, days, shelf life, overnight storage), in rounds when
 * collection comes back too late for the deliveries' day; the producers'
 * self deliveries; the flow-level accounting of what stays undelivered. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_stage_internal.h"

/* Flow-level accounting of what one hub's routes left undelivered: of each
 * flow, the share `reached` of its goods reaches the hub (scale), and of
 * that, the share of its point's deliveries that a route serves. */
static void account_hub(route_run *s, size_t h, const double *reached)
{
    const terroir_model *m = s->m;
    const alloc_result *a = s->a;
    for (size_t k = 0; k < a->n_flows; k++) {
        const alloc_flow *f = &a->flows[k];
        if (f->hub != h || f->kg <= 0)
            continue;
        size_t js = m->points[f->point].base.site;
        double d = s->total_kg[js] > 0 ? s->unserved_kg[js] / s->total_kg[js] : 0;
        double lost = f->kg * (1 - fmin(fmax(reached[k], 0), 1) * (1 - fmin(d, 1)));
        if (lost <= 1e-12 * f->kg)
            continue;
        s->out->undelivered_kg[m->points[f->point].kind] += lost;
        s->out->penalty += lost * model__point_penalty(&m->points[f->point]);
    }
}

void route__self_delivery_times(const terroir_model *m, size_t producer, size_t hub,
                                double *departure, double *arrival)
{
    const model_site_base *p = &m->producers[producer].base, *h = &m->hubs[hub].base;
    double km = 0, minutes = 0;
    if (model__distance(m, p->site, h->site, &km, &minutes) != 0 || !isfinite(minutes))
        minutes = 0;
    double hub_open = h->n_windows ? h->windows[0].open : 0;
    double farm_open = p->n_windows ? p->windows[0].open : 0;
    *departure = fmax(farm_open, hub_open - minutes);
    *arrival = *departure + minutes;
}

/* The goods producers bring to hub h themselves, into the plan: one line
 * per producer and product. */
static int keep_self_deliveries(route_run *s, size_t h, const double *self)
{
    const terroir_model *m = s->m;
    const alloc_result *a = s->a;
    route_stage_result *o = s->out;
    size_t first = o->n_self_deliveries;
    double *via = core__calloc(m->n_producers ? m->n_producers : 1, sizeof *via);
    if (!via)
        return core__error(TERROIR_ENOMEM, "out of memory keeping routes");
    for (size_t k = 0; k < a->n_flows; k++)
        if (a->flows[k].hub == h)
            via[a->flows[k].producer] += a->flows[k].kg;
    int rc = 0;
    for (size_t k = 0; k < a->n_flows && !rc; k++) {
        const alloc_flow *f = &a->flows[k];
        double mine = self[f->producer * m->n_hubs + h];
        if (f->hub != h || f->kg <= 0 || mine <= 0 || via[f->producer] <= 0)
            continue;
        double share = fmin(mine / via[f->producer], 1);
        size_t i = first;
        while (i < o->n_self_deliveries &&
               !(o->self_deliveries[i].producer == m->producers[f->producer].base.site &&
                 o->self_deliveries[i].product == f->product))
            i++;
        if (i == o->n_self_deliveries) {
            if (core__grow((void **)&o->self_deliveries, &s->cap_self, i + 1,
                           sizeof *o->self_deliveries) != 0) {
                rc = core__error(TERROIR_ENOMEM, "out of memory keeping routes");
                break;
            }
            plan_self_delivery *d = &o->self_deliveries[i];
            memset(d, 0, sizeof *d);
            d->producer = m->producers[f->producer].base.site;
            d->hub = m->hubs[h].base.site;
            d->product = f->product;
            d->day = model__first_pickup_day(&m->producers[f->producer]);
            route__self_delivery_times(m, f->producer, h, &d->departure, &d->arrival);
            o->n_self_deliveries++;
        }
        o->self_deliveries[i].quantity += f->quantity * share;
        o->self_deliveries[i].kg += f->kg * share;
    }
    free(via);
    return rc;
}

/* Time factor of hub h's fastest vehicle type (vrp_vehicle_type.time_factor). */
static double fastest_time_factor(const terroir_model *m, size_t h)
{
    double tf = HUGE_VAL;
    for (size_t v = 0; v < m->n_vehicle_types; v++) {
        const model_vehicle_type *t = &m->vehicle_types[v];
        if (t->home_hub == h && t->count > 0)
            tf = fmin(tf, t->speed_kmh > 0 ? m->settings.speed_kmh / t->speed_kmh : 1.0);
    }
    return tf; /* HUGE_VAL: no vehicle */
}

/* The latest a route of hub h can leave to serve delivery stop `st` alone
 * on its day, by its fastest vehicle type (-inf when none can). */
static double latest_departure(const terroir_model *m, size_t h, const route_stop_in *st)
{
    double tf = fastest_time_factor(m, h);
    double km, to = 0, back = 0;
    if (!isfinite(tf) || model__distance(m, m->hubs[h].base.site, st->site, &km, &to) != 0 ||
        model__distance(m, st->site, m->hubs[h].base.site, &km, &back) != 0)
        return -HUGE_VAL;
    const model_site_base *b = model__site_base(m, st->site), *hb = &m->hubs[h].base;
    const model_point *pt = &m->points[m->sites[st->site].index];
    double latest = HUGE_VAL;
    if (b->n_windows)
        latest = b->windows[b->n_windows - 1].close;
    if (hb->n_windows)
        latest = fmin(latest, hb->windows[hb->n_windows - 1].close - pt->service_minutes -
                                  back * tf);
    return latest - to * tf;
}

/* km from stop k of route pr to its hub (site hub_site) along the route. */
static double km_to_hub(const terroir_model *m, const plan_route *pr, size_t k, size_t hub_site)
{
    double total = 0, km, minutes;
    for (size_t from = pr->stops[k].site, j = k + 1; j <= pr->n_stops; j++) {
        size_t to = j < pr->n_stops ? pr->stops[j].site : hub_site;
        if (model__distance(m, from, to, &km, &minutes) == 0)
            total += km;
        from = to;
    }
    return total;
}

/* Scale what route pr collects of `product` at producer site `site` by
 * `keep` (0..1): the stop's products, pickup and the loads after it, and
 * the tonne-km (*tonne_km) those goods rode to the hub. */
static void scale_pickups(const terroir_model *m, plan_route *pr, size_t site, size_t product,
                          double keep, double *tonne_km)
{
    const model_product *pd = &m->products[product];
    for (size_t k = 0; k < pr->n_stops; k++) {
        plan_stop *ps = &pr->stops[k];
        if (ps->site != site || ps->kind != TERROIR_STOP_PICKUP)
            continue;
        for (size_t j = 0; j < ps->n_products; j++) {
            plan_stop_product *x = &ps->products[j];
            if (x->product != product || x->quantity <= 0)
                continue;
            double dq = x->quantity * (1 - keep);
            double d[TERROIR_DIMENSION_COUNT] = {dq * pd->kg_per_unit, dq * pd->m3_per_unit,
                                                 dq * pd->pallets_per_unit};
            x->quantity -= dq;
            x->kg -= d[TERROIR_DIMENSION_KG];
            for (int dim = 0; dim < TERROIR_DIMENSION_COUNT; dim++) {
                ps->pickup[dim] = fmax(ps->pickup[dim] - d[dim], 0);
                for (size_t after = k; after < pr->n_stops; after++)
                    pr->stops[after].load[dim] = fmax(pr->stops[after].load[dim] - d[dim], 0);
            }
            *tonne_km = fmax(*tonne_km - d[TERROIR_DIMENSION_KG] / 1000.0 *
                                             km_to_hub(m, pr, k, pr->hub),
                             0);
        }
    }
}

/* Hub h holds a limited kg overnight (storage_kg): goods that reach it and
 * that no delivery route takes would stay there, so what its collection
 * routes and producers bring is cut to what its served deliveries (stops
 * of `drop`, served[i] for stop i) take, product by product and producer
 * by producer.  The routes keep their stops (an emptied pickup stays a
 * call: its route was planned with it). */
static int trim_undelivered(route_run *s, size_t h, const route_stop_list *drop,
                            const unsigned char *served)
{
    const terroir_model *m = s->m;
    size_t n = m->n_producers * m->n_products;
    double *arrives = core__calloc(n ? n : 1, sizeof *arrives);
    double *leaves = core__calloc(n ? n : 1, sizeof *leaves);
    if (!arrives || !leaves) {
        free(arrives);
        free(leaves);
        return core__error(TERROIR_ENOMEM, "out of memory routing");
    }
    for (size_t i = 0; i < drop->n; i++) {
        const route_stop_in *st = &drop->stops[i];
        for (size_t g = st->goods_first; g < st->goods_first + st->n_goods; g++) {
            const route_goods *x = &drop->goods[g];
            size_t at = x->producer * m->n_products + x->product;
            arrives[at] += x->kg * st->share;
            if (served[i])
                leaves[at] += x->kg * st->share;
        }
    }
    route_stage_result *o = s->out;
    size_t hub_site = m->hubs[h].base.site;
    for (size_t p = 0; p < m->n_producers; p++)
        for (size_t q = 0; q < m->n_products; q++) {
            size_t at = p * m->n_products + q, site = m->producers[p].base.site;
            if (arrives[at] <= 0 || leaves[at] >= arrives[at] * (1 - 1e-12))
                continue;
            double keep = fmax(leaves[at] / arrives[at], 0);
            for (size_t r = 0; r < o->n_routes; r++)
                if (o->routes[r].hub == hub_site)
                    scale_pickups(m, &o->routes[r], site, q, keep, &o->tonne_km);
            for (size_t k = 0; k < o->n_self_deliveries; k++) {
                plan_self_delivery *d = &o->self_deliveries[k];
                if (d->producer == site && d->hub == hub_site && d->product == q) {
                    d->quantity *= keep;
                    d->kg *= keep;
                }
            }
        }
    free(arrives);
    free(leaves);
    return 0;
}

static unsigned int imax(unsigned int a, unsigned int b)
{
    return a > b ? a : b;
}

static unsigned int umin(unsigned int a, unsigned int b)
{
    return a < b ? a : b;
}

/* The last of the cycle's `days` on which site may be served: a point
 * receives, a producer ships (0: none). */
static unsigned int last_day(const terroir_model *m, size_t site, unsigned int days)
{
    for (unsigned int d = days; d > 0; d--)
        if (model__site_serves_on(m, site, d))
            return d;
    return 0;
}

/* The per-node arrays of the problem being solved, freed. */
static void free_node_arrays(route_run *s)
{
    free(s->node_return);
    free(s->node_day);
    free(s->node_pick);
    s->node_return = NULL;
    s->node_day = NULL;
    s->node_pick = NULL;
}

/* One hub: collection routes, then delivery routes (route_stage.h).
 * latest_pick (per producer, NULL: none): pickups there start by then.
 * needed_by (per producer, may be NULL) gets, for the deliveries left
 * unserved because their goods came too late to leave in time, the time
 * the producer's goods should have been at the hub (HUGE_VAL: no such
 * delivery), and late_by how many minutes too late they were. */
static int route_hub_round(route_run *s, size_t h, const double *self, size_t *n_left,
                           double deadline, const double *latest_pick, double *needed_by,
                           double *late_by)
{
    const terroir_model *m = s->m;
    const alloc_result *a = s->a;
    const size_t np = m->n_producers, T = TERROIR_TEMPERATURE_COUNT;
    route_stop_list pick, drop;
    route_problem rp;
    memset(&pick, 0, sizeof pick);
    memset(&drop, 0, sizeof drop);
    memset(&rp, 0, sizeof rp);
    double *collected = core__calloc(np ? np * T : 1, sizeof *collected);
    double *served = core__calloc(np ? np * T : 1, sizeof *served);
    double *back = core__calloc(np ? np * T : 1, sizeof *back);
    double *reached = core__calloc(a->n_flows ? a->n_flows : 1, sizeof *reached);
    unsigned int *back_day = core__calloc(np ? np * T : 1, sizeof *back_day), *min_day = NULL;
    /* per producer and class: the first day some of its goods are back */
    unsigned int *front_day = core__calloc(np ? np * T : 1, sizeof *front_day), *since = NULL;
    /* per product: the first minute of the cycle its goods are picked up
     * (at a farm, or by a producer leaving to bring them) */
    double *first_pick = core__calloc(m->n_products ? m->n_products : 1, sizeof *first_pick);
    double *release = NULL, *self_at = NULL, *shelf = NULL;
    int rc = 0;
    if (!collected || !served || !back || !reached || !back_day || !front_day || !first_pick) {
        rc = core__error(TERROIR_ENOMEM, "out of memory routing");
        goto done;
    }
    memset(s->total_kg, 0, m->n_sites * sizeof *s->total_kg);
    memset(s->unserved_kg, 0, m->n_sites * sizeof *s->unserved_kg);
    for (size_t k = 0; k < m->n_products; k++)
        first_pick[k] = HUGE_VAL;

    /* Collection. */
    if ((rc = route__hub_stop_list(m, h, a->flows, a->n_flows, self, NULL,
                                   1u << TERROIR_STOP_PICKUP, &pick)) != 0)
        goto done;
    for (size_t i = 0; latest_pick && i < pick.n; i++) {
        double t = latest_pick[m->sites[pick.stops[i].site].index];
        pick.stops[i].latest_start = isfinite(t) && t > 0 ? t : 0;
    }
    for (size_t i = 0; needed_by && i < np; i++) {
        needed_by[i] = HUGE_VAL;
        late_by[i] = 0;
    }
    /* Pickups whose goods deliveries wait for (latest_start set) are routed
     * first, on routes of their own, so that those come straight back. */
    route_stop_in *order = core__calloc(pick.n + 1, sizeof *order);
    if (!order) {
        rc = core__error(TERROIR_ENOMEM, "out of memory routing");
        goto done;
    }
    size_t n_urgent = 0;
    for (size_t i = 0; i < pick.n; i++)
        if (pick.stops[i].latest_start > 0)
            order[n_urgent++] = pick.stops[i];
    for (size_t i = 0, k = n_urgent; i < pick.n; i++)
        if (!(pick.stops[i].latest_start > 0))
            order[k++] = pick.stops[i];
    for (int group = 0; group < 2 && !rc; group++) {
        route_stop_list view = pick; /* shares pick's goods */
        view.stops = group == 0 ? order : order + n_urgent;
        view.n = group == 0 ? n_urgent : pick.n - n_urgent;
        if (view.n == 0)
            continue;
        if (!(s->node_return = core__calloc(view.n + 1, sizeof *s->node_return)) ||
            !(s->node_day = core__calloc(view.n + 1, sizeof *s->node_day)) ||
            !(s->node_pick = core__calloc(view.n + 1, sizeof *s->node_pick))) {
            rc = core__error(TERROIR_ENOMEM, "out of memory routing");
            break;
        }
        for (size_t i = 0; i <= view.n; i++)
            s->node_return[i] = NAN;
        /* collected early if the fleet can: the first day every producer
         * of the group ships */
        s->early_day = 1;
        for (size_t i = 0; i < view.n; i++)
            s->early_day = imax(s->early_day, model__first_pickup_day(
                                                  &m->producers[m->sites[view.stops[i].site].index]));
        rc = route__stage_solve_hub_problem(s, h, &view, NULL, NULL, NULL, NULL,
                               route__stage_share(s->p, deadline, view.n, *n_left), &rp);
        s->early_day = 0;
        if (rc)
            break;
        *n_left -= view.n;
        /* per producer and class: kg collected, and when (day, minute) the
         * last of it is back */
        for (size_t i = 0; i < view.n; i++) {
            const route_stop_in *st = &view.stops[i];
            double ret = s->node_return[rp.n_depots + i];
            unsigned int day = s->node_day[rp.n_depots + i];
            for (size_t g = st->goods_first; g < st->goods_first + st->n_goods; g++) {
                const route_goods *x = &pick.goods[g];
                size_t c = m->products[x->product].temperature, at = x->producer * T + c;
                collected[at] += x->kg * st->share;
                if (!isnan(ret)) {
                    served[at] += x->kg * st->share;
                    first_pick[x->product] =
                        fmin(first_pick[x->product], s->node_pick[rp.n_depots + i]);
                    if (front_day[at] == 0 || day < front_day[at])
                        front_day[at] = day;
                    /* the last day, and the last return that day */
                    if (day > back_day[at]) {
                        back_day[at] = day;
                        back[at] = ret;
                    } else if (day == back_day[at]) {
                        back[at] = fmax(back[at], ret);
                    }
                }
            }
        }
        route__problem_free(&rp);
        free_node_arrays(s);
    }
    free(order);
    if (rc)
        goto done;
    for (size_t x = 0; x < np * T; x++)
        collected[x] = collected[x] > 0 ? fmin(served[x] / collected[x], 1) : 1;

    /* Delivery: only the goods that reach the hub, once they are there. */
    route__reached_share(m, h, a->flows, a->n_flows, self, collected, reached);
    if ((rc = route__hub_stop_list(m, h, a->flows, a->n_flows, self, reached,
                                   1u << TERROIR_STOP_DELIVERY, &drop)) != 0)
        goto done;
    if (drop.n) {
        release = core__calloc(drop.n, sizeof *release);
        min_day = core__calloc(drop.n, sizeof *min_day);
        shelf = core__calloc(drop.n, sizeof *shelf);
        self_at = core__calloc(np ? np : 1, sizeof *self_at);
        if (!release || !min_day || !shelf || !self_at) {
            rc = core__error(TERROIR_ENOMEM, "out of memory routing");
            goto done;
        }
        for (size_t i = 0; i < np; i++) {
            double dep;
            self_at[i] = NAN;
            if (self[i * m->n_hubs + h] > 0)
                route__self_delivery_times(m, i, h, &dep, &self_at[i]);
        }
        for (size_t k = 0; k < a->n_flows; k++) {
            const alloc_flow *f = &a->flows[k];
            double dep, arr;
            if (f->hub != h || f->kg <= 0 || isnan(self_at[f->producer]))
                continue;
            route__self_delivery_times(m, f->producer, h, &dep, &arr);
            first_pick[f->product] =
                fmin(first_pick[f->product],
                     (model__first_pickup_day(&m->producers[f->producer]) - 1) * 1440.0 + dep);
        }
        for (size_t i = 0; i < drop.n; i++) {
            const route_stop_in *st = &drop.stops[i];
            /* the day the last of its goods reach the hub (self deliveries
             * come on their producer's first pickup day), and the minute
             * they do that day */
            double r = 0;
            min_day[i] = 1;
            for (size_t g = st->goods_first; g < st->goods_first + st->n_goods; g++) {
                const route_goods *x = &drop.goods[g];
                size_t at = x->producer * T + m->products[x->product].temperature;
                if (served[at] > 0 && back_day[at] > min_day[i])
                    min_day[i] = back_day[at];
                if (!isnan(self_at[x->producer]))
                    min_day[i] = imax(min_day[i],
                                      model__first_pickup_day(&m->producers[x->producer]));
            }
            for (size_t g = st->goods_first; g < st->goods_first + st->n_goods; g++) {
                const route_goods *x = &drop.goods[g];
                size_t at = x->producer * T + m->products[x->product].temperature;
                if (served[at] > 0 && back_day[at] == min_day[i])
                    r = fmax(r, back[at]);
                if (!isnan(self_at[x->producer]) &&
                    model__first_pickup_day(&m->producers[x->producer]) == min_day[i])
                    r = fmax(r, self_at[x->producer]);
            }
            release[i] = r + m->hubs[h].cross_dock_minutes;
            /* Shelf life: served before the first goods of each perishable
             * product it carries get too old (the hub ships oldest first,
             * so no unit it gets is older than that product's first). */
            shelf[i] = HUGE_VAL;
            for (size_t g = st->goods_first; g < st->goods_first + st->n_goods; g++) {
                const model_product *pr = &m->products[drop.goods[g].product];
                if (pr->shelf_life_hours > 0 && isfinite(first_pick[drop.goods[g].product]))
                    shelf[i] = fmin(shelf[i], first_pick[drop.goods[g].product] +
                                                  pr->shelf_life_hours * 60);
            }
        }
        /* goods waiting overnight count against the hub's storage: the
         * first day some of them are there (route_pack.h) */
        if (model__hub_storage_limited(&m->hubs[h])) {
            if (!(since = core__calloc(drop.n_goods + 1, sizeof *since))) {
                rc = core__error(TERROIR_ENOMEM, "out of memory routing");
                goto done;
            }
            for (size_t g = 0; g < drop.n_goods; g++) {
                const route_goods *x = &drop.goods[g];
                size_t at = x->producer * T + m->products[x->product].temperature;
                since[g] = served[at] > 0 && front_day[at] ? front_day[at] : UINT_MAX;
                if (!isnan(self_at[x->producer]))
                    since[g] = umin(since[g], model__first_pickup_day(&m->producers[x->producer]));
                if (since[g] == UINT_MAX)
                    since[g] = (unsigned int)s->pack.days; /* never there: no night */
            }
        }
        if (since && !(s->node_day = core__calloc(drop.n + 1, sizeof *s->node_day))) {
            rc = core__error(TERROIR_ENOMEM, "out of memory routing");
            goto done;
        }
        rc = route__stage_solve_hub_problem(s, h, &drop, release, min_day, shelf, since,
                               route__stage_share(s->p, deadline, drop.n, *n_left), &rp);
        if (rc)
            goto done;
        *n_left -= drop.n;
        /* deliveries left out whose goods came too late for them to leave
         * in time on their day: when those goods should have been there */
        for (size_t i = 0; needed_by && i < drop.n; i++) {
            const route_stop_in *st = &drop.stops[i];
            if (s->unserved_kg[st->site] <= 0 ||
                min_day[i] < last_day(m, st->site, (unsigned int)s->pack.days))
                continue;
            double latest = latest_departure(m, h, st);
            if (!(latest < release[i]) || !isfinite(latest))
                continue;
            for (size_t g = st->goods_first; g < st->goods_first + st->n_goods; g++) {
                size_t p = drop.goods[g].producer;
                needed_by[p] = fmin(needed_by[p], latest - m->hubs[h].cross_dock_minutes);
                late_by[p] = fmax(late_by[p], release[i] - latest);
            }
        }
    }
    if ((rc = keep_self_deliveries(s, h, self)) != 0)
        goto done;
    if (since) { /* the stops served: those with a day */
        unsigned char *served_stop = core__calloc(drop.n + 1, 1);
        if (!served_stop) {
            rc = core__error(TERROIR_ENOMEM, "out of memory routing");
            goto done;
        }
        for (size_t i = 0; i < drop.n; i++)
            served_stop[i] = s->node_day[rp.n_depots + i] != 0;
        rc = trim_undelivered(s, h, &drop, served_stop);
        free(served_stop);
        if (rc)
            goto done;
    }
    account_hub(s, h, reached);
done:
    free_node_arrays(s);
    route__problem_free(&rp);
    route__stop_list_free(&pick);
    route__stop_list_free(&drop);
    free(collected);
    free(served);
    free(back);
    free(reached);
    free(back_day);
    free(front_day);
    free(since);
    free(min_day);
    free(first_pick);
    free(shelf);
    free(release);
    free(self_at);
    return rc;
}

/* Append what a round kept (from) to the stage's result, emptying from. */
static int append_round(route_stage_result *to, route_stage_result *from, size_t h,
                        size_t *cap_routes, size_t *cap_unserved, size_t *cap_self)
{
    if (core__grow((void **)&to->routes, cap_routes, to->n_routes + from->n_routes + 1,
                   sizeof *to->routes) != 0 ||
        core__grow((void **)&to->unserved, cap_unserved, to->n_unserved + from->n_unserved + 1,
                   sizeof *to->unserved) != 0 ||
        core__grow((void **)&to->self_deliveries, cap_self,
                   to->n_self_deliveries + from->n_self_deliveries + 1,
                   sizeof *to->self_deliveries) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory keeping routes");
    if (from->n_routes)
        memcpy(to->routes + to->n_routes, from->routes, from->n_routes * sizeof *to->routes);
    if (from->n_unserved)
        memcpy(to->unserved + to->n_unserved, from->unserved,
               from->n_unserved * sizeof *to->unserved);
    if (from->n_self_deliveries)
        memcpy(to->self_deliveries + to->n_self_deliveries, from->self_deliveries,
               from->n_self_deliveries * sizeof *to->self_deliveries);
    to->n_routes += from->n_routes;
    to->n_unserved += from->n_unserved;
    to->n_self_deliveries += from->n_self_deliveries;
    free(from->routes);
    free(from->unserved);
    free(from->self_deliveries);
    from->routes = NULL;
    from->unserved = NULL;
    from->self_deliveries = NULL;
    from->n_routes = from->n_unserved = from->n_self_deliveries = 0;
    to->km += from->km;
    to->minutes += from->minutes;
    to->co2_kg += from->co2_kg;
    to->tonne_km += from->tonne_km;
    to->vehicle_fixed += from->vehicle_fixed;
    to->variable += from->variable;
    to->penalty += from->penalty;
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++)
        to->undelivered_kg[k] += from->undelivered_kg[k];
    to->polish_gain += from->polish_gain;
    to->hub_cost[h] += from->hub_cost[h];
    to->missed_mandatory += from->missed_mandatory;
    to->engine_infeasible |= from->engine_infeasible;
    to->repaired_stops += from->repaired_stops;
    to->unplaced_routes += from->unplaced_routes;
    return 0;
}

/* One round of hub h into its own result (r->hub_cost allocated here). */
static int hub_round(route_run *s, size_t h, const double *self, size_t *n_left, double deadline,
                     const double *latest_pick, double *needed_by, double *late_by,
                     route_stage_result *r)
{
    memset(r, 0, sizeof *r);
    if (!(r->hub_cost = core__calloc(s->m->n_hubs ? s->m->n_hubs : 1, sizeof *r->hub_cost)))
        return core__error(TERROIR_ENOMEM, "out of memory routing");
    route_stage_result *out = s->out;
    size_t cr = s->cap_routes, cu = s->cap_unserved, cs = s->cap_self;
    s->out = r;
    s->cap_routes = s->cap_unserved = s->cap_self = 0;
    int rc = route_hub_round(s, h, self, n_left, deadline, latest_pick, needed_by, late_by);
    s->out = out;
    s->cap_routes = cr;
    s->cap_unserved = cu;
    s->cap_self = cs;
    return rc;
}

/* Rounds of one hub at most (route_hub). */
#define ROUTE_HUB_ROUNDS 3

/* One hub.  Collection is routed before delivery, for its own cost; when
 * that makes deliveries miss their day (their goods back too late), the hub
 * is routed again with those producers' pickups cut so as to be back in
 * time (on the fastest vehicle, straight back; then earlier by as much as
 * they were still late), up to ROUTE_HUB_ROUNDS rounds, and the cheapest
 * round (routes and penalties) is kept. */
static int route_hub(route_run *s, size_t h, const double *self, size_t *n_left, double deadline)
{
    const terroir_model *m = s->m;
    size_t np = m->n_producers, left0 = *n_left, left_best = *n_left;
    double *needed = core__calloc(np ? np : 1, sizeof *needed);
    double *late = core__calloc(np ? np : 1, sizeof *late);
    double *latest = core__calloc(np ? np : 1, sizeof *latest);
    route_stage_result best, cur;
    memset(&best, 0, sizeof best);
    memset(&cur, 0, sizeof cur);
    route_pack before, after_best;
    memset(&before, 0, sizeof before);
    memset(&after_best, 0, sizeof after_best);
    double best_cost = HUGE_VAL;
    int rc = 0;
    if (!needed || !late || !latest) {
        rc = core__error(TERROIR_ENOMEM, "out of memory routing");
        goto done;
    }
    double tf = fastest_time_factor(m, h);
    for (size_t i = 0; i < np; i++)
        latest[i] = HUGE_VAL;
    if ((rc = route__pack_copy(&before, &s->pack)) != 0)
        goto done;
    for (int round = 0; round < ROUTE_HUB_ROUNDS; round++) {
        if (round > 0) {
            route__pack_free(&s->pack);
            if ((rc = route__pack_copy(&s->pack, &before)) != 0)
                goto done;
            *n_left = left0;
        }
        if ((rc = hub_round(s, h, self, n_left, deadline, round ? latest : NULL, needed, late,
                            &cur)) != 0)
            goto done;
        double c = cur.hub_cost[h] + cur.penalty;
        if (c < best_cost - 1e-9) {
            route__stage_free(&best);
            best = cur;
            memset(&cur, 0, sizeof cur); /* best owns its arrays now */
            best_cost = c;
            left_best = *n_left;
            route__pack_free(&after_best);
            if ((rc = route__pack_copy(&after_best, &s->pack)) != 0)
                goto done;
        } else {
            route__stage_free(&cur);
        }
        memset(&cur, 0, sizeof cur);
        /* the pickups of the producers whose goods came too late: earlier */
        int again = 0;
        for (size_t i = 0; i < np && isfinite(tf); i++) {
            double km, back;
            if (!isfinite(needed[i]))
                continue;
            if (isfinite(latest[i]))
                latest[i] -= late[i];
            else if (model__distance(m, m->producers[i].base.site, m->hubs[h].base.site, &km,
                                     &back) == 0)
                latest[i] = needed[i] - m->producers[i].service_minutes - back * tf;
            again |= isfinite(latest[i]) && latest[i] > 0;
        }
        double left = s->p->time_limit_seconds > 0 ? s->deadline - core__now() : 1;
        if (!again || left <= 0.05 || s->poll.stop)
            break;
    }
    route__pack_free(&s->pack);
    if ((rc = route__pack_copy(&s->pack, &after_best)) != 0)
        goto done;
    *n_left = left_best;
    rc = append_round(s->out, &best, h, &s->cap_routes, &s->cap_unserved, &s->cap_self);
done:
    route__stage_free(&best);
    route__stage_free(&cur);
    route__pack_free(&before);
    route__pack_free(&after_best);
    free(needed);
    free(late);
    free(latest);
    return rc;
}

int route__food_hub(route_run *s, const size_t *hubs, size_t n_hubs, double deadline)
{
    const terroir_model *m = s->m;
    const alloc_result *a = s->a;
    double *self = NULL;
    int rc = route__self_delivery(m, a->flows, a->n_flows, &self);
    if (rc)
        return rc;
    /* Stops of every hub (deliveries before any pickup is dropped), to share
     * the time in proportion. */
    size_t n_left = 0;
    for (size_t k = 0; k < n_hubs && !rc; k++) {
        route_stop_list l;
        memset(&l, 0, sizeof l);
        rc = route__hub_stop_list(m, hubs[k], a->flows, a->n_flows, self, NULL,
                                  (1u << TERROIR_STOP_PICKUP) | (1u << TERROIR_STOP_DELIVERY), &l);
        n_left += l.n;
        route__stop_list_free(&l);
    }
    s->out->n_stops = n_left;
    for (size_t k = 0; k < n_hubs && !rc; k++)
        rc = route_hub(s, hubs[k], self, &n_left, deadline);
    free(self);
    return rc;
}

