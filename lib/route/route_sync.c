/* Synchronisation at hubs, for the route checker: goods leave a hub only
 * after they reach it (cross-dock), never more than reaches it over the
 * cycle (stock), and reach their point within their shelf life — the rules
 * of include/terroir/route.h "Synchronisation at hubs" (issue 11, shared
 * with the independent JSON checker of the plan output).
 *
 * How: per checked hub and product, the inbound lots (the pickups of the
 * hub's routes, ready at the route's return + the hub's cross-dock minutes;
 * the self deliveries, ready at their arrival + cross-dock) and the
 * outbound departures (the hub's routes with deliveries, at their
 * departure) are replayed in time order over the cycle, lots first at
 * equal times.  Each departure takes its goods from the lots already
 * there, oldest picked first (FIFO); what it lacks is short.  The lots it
 * takes go to its delivery stops in order, which dates each stop's goods
 * for the shelf life.  O(L log L + D log D + D x L) per hub and product
 * (L lots, D departures): small next to the routes' evaluation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"

#define MINUTES_PER_DAY 1440.0
#define TIME_TOL 1e-6
#define PART_EPS 1e-9

typedef struct lot {
    double picked; /* minute of the cycle it left the farm */
    double ready;  /* minute of the cycle it can leave the hub */
    double kg;
} lot;

typedef struct departure {
    double time;
    size_t route;
    double kg;
} departure;

typedef struct sync_run {
    terroir_route_report *rep;
    const terroir_model *m;
    const size_t *vt_of_route;
    const route_sync_self *selfs;
    size_t n_selfs;
    size_t hub;     /* model hub index */
    size_t product; /* model product index; n_products: every product, in kg */
    lot *lots, *pool;
    size_t n_lots, n_pool;
    departure *deps;
    size_t n_deps;
    lot *parts; /* what one departure takes, oldest first */
    size_t n_parts;
} sync_run;

/* A shortfall counts past this (kg). */
static double kg_tol(double kg)
{
    return 1e-6 * fmax(1.0, kg) + 1e-3;
}

/* Minutes and hours in sentences: to a tenth. */
static double tenth(double x)
{
    return round(x * 10.0) / 10.0;
}

double route__cycle_minute(unsigned int day, double t)
{
    return (double)(day ? day - 1 : 0) * MINUTES_PER_DAY + t;
}

/* "day 2 07:30" of a minute of the cycle. */
static const char *when(char *buf, size_t size, double cycle)
{
    if (!isfinite(cycle) || cycle < 0 || cycle > 1e9) {
        snprintf(buf, size, "%g min", cycle);
        return buf;
    }
    double r = floor(cycle + 0.5);
    unsigned long day = (unsigned long)(r / MINUTES_PER_DAY);
    double t = r - (double)day * MINUTES_PER_DAY;
    snprintf(buf, size, core__t("day %lu %02lu:%02lu"), day + 1, (unsigned long)(t / 60),
             (unsigned long)fmod(t, 60));
    return buf;
}

static int by_ready(const void *a, const void *b)
{
    const lot *x = a, *y = b;
    if (x->ready != y->ready)
        return x->ready < y->ready ? -1 : 1;
    return (x->picked > y->picked) - (x->picked < y->picked);
}

static int by_time(const void *a, const void *b)
{
    const departure *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return (x->route > y->route) - (x->route < y->route);
}

static int all_products(const sync_run *s)
{
    return s->product >= s->m->n_products;
}

/* kg of the run's product moved at stop `st` (all products: its kg). */
static double stop_kg(const sync_run *s, const plan_stop *st)
{
    if (all_products(s))
        return st->kind == TERROIR_STOP_PICKUP ? st->pickup[TERROIR_DIMENSION_KG]
                                               : st->delivery[TERROIR_DIMENSION_KG];
    double kg = 0;
    for (size_t j = 0; j < st->n_products; j++)
        if (st->products[j].product == s->product)
            kg += st->products[j].kg;
    return kg;
}

static int route_of_hub(const sync_run *s, size_t i)
{
    return s->m->vehicle_types[s->vt_of_route[i]].home_hub == s->hub;
}

static int is_stop(const sync_run *s, const plan_stop *st)
{
    return s->m->sites[st->site].kind != TERROIR_SITE_HUB;
}

/* The run's lots and departures (arrays sized by the caller). */
static void gather(sync_run *s)
{
    const terroir_route_report *rep = s->rep;
    double cross_dock = s->m->hubs[s->hub].cross_dock_minutes;
    s->n_lots = s->n_deps = 0;
    for (size_t i = 0; i < rep->n_routes; i++) {
        const plan_route *r = &rep->routes[i];
        if (!route_of_hub(s, i) || r->n_stops == 0)
            continue;
        double out = 0;
        for (size_t k = 0; k < r->n_stops; k++) {
            const plan_stop *st = &r->stops[k];
            if (!is_stop(s, st))
                continue;
            double kg = stop_kg(s, st);
            if (kg <= 0)
                continue;
            if (st->kind == TERROIR_STOP_PICKUP) {
                lot *l = &s->lots[s->n_lots++];
                l->picked = route__cycle_minute(r->day, st->start);
                l->ready = route__cycle_minute(r->day, r->arrival) + cross_dock;
                l->kg = kg;
            } else {
                out += kg;
            }
        }
        if (out > 0) {
            departure *d = &s->deps[s->n_deps++];
            d->time = route__cycle_minute(r->day, r->departure);
            d->route = i;
            d->kg = out;
        }
    }
    for (size_t i = 0; i < s->n_selfs; i++) {
        const route_sync_self *sd = &s->selfs[i];
        if (sd->hub != s->hub || sd->kg <= 0 || (!all_products(s) && sd->product != s->product))
            continue;
        lot *l = &s->lots[s->n_lots++];
        l->picked = route__cycle_minute(sd->day, sd->departure);
        l->ready = route__cycle_minute(sd->day, sd->arrival) + cross_dock;
        l->kg = sd->kg;
    }
    qsort(s->lots, s->n_lots, sizeof *s->lots, by_ready);
    qsort(s->deps, s->n_deps, sizeof *s->deps, by_time);
}

/* Put a lot in the pool, kept oldest picked first. */
static void pool_add(sync_run *s, const lot *l)
{
    size_t k = s->n_pool;
    while (k > 0 && s->pool[k - 1].picked > l->picked) {
        s->pool[k] = s->pool[k - 1];
        k--;
    }
    s->pool[k] = *l;
    s->n_pool++;
}

/* Take up to `kg` from the pool, oldest first, into s->parts; returns the
 * kg taken. */
static double take(sync_run *s, double kg)
{
    double taken = 0;
    size_t k = 0;
    s->n_parts = 0;
    while (k < s->n_pool && taken < kg) {
        lot *l = &s->pool[k];
        double x = fmin(l->kg, kg - taken);
        s->parts[s->n_parts] = *l;
        s->parts[s->n_parts++].kg = x;
        taken += x;
        l->kg -= x;
        if (l->kg > PART_EPS)
            break; /* this lot still holds goods: the departure is served */
        k++;
    }
    memmove(s->pool, s->pool + k, (s->n_pool - k) * sizeof *s->pool);
    s->n_pool -= k;
    return taken;
}

/* "'fraises'", or "goods" when the hub is checked in kg. */
static const char *goods_name(const sync_run *s, char *buf, size_t size)
{
    if (all_products(s))
        snprintf(buf, size, "%s", core__t("goods"));
    else
        snprintf(buf, size, "'%s'", s->m->products[s->product].id);
    return buf;
}

static int shortfall(sync_run *s, const departure *d, double short_kg, double out_so_far,
                     double total_in, size_t next_lot)
{
    const terroir_model *m = s->m;
    size_t hub_site = m->hubs[s->hub].base.site;
    size_t product = all_products(s) ? PLAN_NONE : s->product;
    const char *hub = m->hubs[s->hub].base.id;
    char name[160], at[48], ready_at[48];
    goods_name(s, name, sizeof name);
    when(at, sizeof at, d->time);
    if (out_so_far > total_in + kg_tol(out_so_far))
        return route__report_add(
            s->rep, TERROIR_VIOLATION_STOCK, d->route, TERROIR_ROUTE_NONE, PLAN_NONE, short_kg, 0,
            product, hub_site, d->time,
            core__t("%g kg of %s leave hub '%s' on route %zu at %s, but only %g kg of them reach "
                    "the hub over the whole cycle (%g kg leave up to this departure)"),
            short_kg, name, hub, d->route + 1, at, total_in, out_so_far);
    /* When would the missing goods be there: the later lots, in order,
     * until they cover the shortfall. */
    double cover = 0;
    size_t k = next_lot;
    for (; k < s->n_lots; k++)
        if ((cover += s->lots[k].kg) >= short_kg - kg_tol(short_kg))
            break;
    if (k >= s->n_lots)
        return route__report_add(s->rep, TERROIR_VIOLATION_SYNCHRONISATION, d->route,
                                 TERROIR_ROUTE_NONE, PLAN_NONE, short_kg, 0, product, hub_site,
                                 d->time,
                                 core__t("%g kg of %s leave hub '%s' on route %zu at %s, before "
                                         "they are there"),
                                 short_kg, name, hub, d->route + 1, at);
    double cross_dock = m->hubs[s->hub].cross_dock_minutes;
    return route__report_add(
        s->rep, TERROIR_VIOLATION_SYNCHRONISATION, d->route, TERROIR_ROUTE_NONE, PLAN_NONE,
        short_kg, 0, product, hub_site, d->time,
        core__t("%g kg of %s leave hub '%s' on route %zu at %s, %g min before they are there "
                "(they arrive at %s + %g min cross-dock)"),
        short_kg, name, hub, d->route + 1, at, tenth(s->lots[k].ready - d->time),
        when(ready_at, sizeof ready_at, s->lots[k].ready - cross_dock), cross_dock);
}

/* The parts a departure took, handed to its delivery stops in order. */
static int shelf_life(sync_run *s, const departure *d)
{
    const terroir_model *m = s->m;
    double life = m->products[s->product].shelf_life_hours * 60.0;
    const plan_route *r = &s->rep->routes[d->route];
    size_t part = 0;
    int rc = 0;
    for (size_t k = 0; k < r->n_stops && !rc; k++) {
        const plan_stop *st = &r->stops[k];
        if (!is_stop(s, st) || st->kind != TERROIR_STOP_DELIVERY)
            continue;
        double need = stop_kg(s, st);
        while (part < s->n_parts && s->parts[part].kg <= PART_EPS)
            part++;
        if (need <= 0 || part >= s->n_parts)
            continue;
        double oldest = s->parts[part].picked;
        while (need > PART_EPS && part < s->n_parts) {
            double x = fmin(need, s->parts[part].kg);
            s->parts[part].kg -= x;
            need -= x;
            if (s->parts[part].kg <= PART_EPS)
                part++;
        }
        double served = route__cycle_minute(r->day, st->start);
        double age = served - oldest;
        if (age > life + TIME_TOL) {
            char a[48], b[48];
            rc = route__report_add(
                s->rep, TERROIR_VIOLATION_SHELF_LIFE, d->route, k, st->site, age - life, 0,
                s->product, m->hubs[s->hub].base.site, served,
                core__t("'%s' delivered to '%s' on route %zu at %s was picked up at %s: %g h "
                        "old, above its shelf life of %g h (%g min over)"),
                m->products[s->product].id, s->rep->site_ids[st->site], d->route + 1,
                when(a, sizeof a, served), when(b, sizeof b, oldest), tenth(age / 60.0),
                life / 60.0, tenth(age - life));
        }
    }
    return rc;
}

/* Replay the run's hub and product. */
static int replay(sync_run *s)
{
    gather(s);
    if (s->n_deps == 0)
        return 0;
    double total_in = 0, out_so_far = 0;
    for (size_t k = 0; k < s->n_lots; k++)
        total_in += s->lots[k].kg;
    int shelf = !all_products(s) && s->m->products[s->product].shelf_life_hours > 0;
    size_t next = 0;
    s->n_pool = 0;
    int rc = 0;
    for (size_t i = 0; i < s->n_deps && !rc; i++) {
        const departure *d = &s->deps[i];
        while (next < s->n_lots && s->lots[next].ready <= d->time + TIME_TOL)
            pool_add(s, &s->lots[next++]);
        double taken = take(s, d->kg);
        out_so_far += d->kg;
        double short_kg = d->kg - taken;
        if (short_kg > kg_tol(d->kg))
            rc = shortfall(s, d, short_kg, out_so_far, total_in, next);
        if (!rc && shelf)
            rc = shelf_life(s, d);
    }
    return rc;
}

/* Which hubs have inbound goods, and which have a stop in kg only. */
static void hub_flags(const terroir_route_report *rep, const terroir_model *m,
                      const size_t *vt_of_route, const route_sync_self *selfs, size_t n_selfs,
                      unsigned char *inbound, unsigned char *kg_only, size_t *max_items)
{
    *max_items = n_selfs;
    for (size_t i = 0; i < rep->n_routes; i++) {
        const plan_route *r = &rep->routes[i];
        size_t h = m->vehicle_types[vt_of_route[i]].home_hub;
        *max_items += r->n_stops + 1;
        for (size_t k = 0; k < r->n_stops; k++) {
            const plan_stop *st = &r->stops[k];
            if (m->sites[st->site].kind == TERROIR_SITE_HUB)
                continue;
            if (st->kind == TERROIR_STOP_PICKUP)
                inbound[h] = 1;
            if (!st->products)
                kg_only[h] = 1;
        }
    }
    for (size_t i = 0; i < n_selfs; i++)
        inbound[selfs[i].hub] = 1;
}

int route__check_sync(terroir_route_report *rep, const terroir_model *m, const size_t *vt_of_route,
                      const route_sync_self *selfs, size_t n, int every_hub)
{
    size_t nh = m->n_hubs ? m->n_hubs : 1, items = 0;
    unsigned char *inbound = core__calloc(nh, 1), *kg_only = core__calloc(nh, 1);
    sync_run s;
    int rc = 0;
    memset(&s, 0, sizeof s);
    if (!inbound || !kg_only) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    hub_flags(rep, m, vt_of_route, selfs, n, inbound, kg_only, &items);
    items = items ? items : 1;
    s.lots = core__calloc(items, sizeof *s.lots);
    s.pool = core__calloc(items, sizeof *s.pool);
    s.parts = core__calloc(items, sizeof *s.parts);
    s.deps = core__calloc(items, sizeof *s.deps);
    if (!s.lots || !s.pool || !s.parts || !s.deps) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    s.rep = rep;
    s.m = m;
    s.vt_of_route = vt_of_route;
    s.selfs = selfs;
    s.n_selfs = n;
    for (size_t h = 0; h < m->n_hubs && !rc; h++) {
        if (!every_hub && !inbound[h])
            continue; /* a hub without inbound in a planner's set: stocked */
        s.hub = h;
        if (kg_only[h]) {
            s.product = m->n_products;
            rc = replay(&s);
            continue;
        }
        for (size_t p = 0; p < m->n_products && !rc; p++) {
            s.product = p;
            rc = replay(&s);
        }
    }
done:
    free(inbound);
    free(kg_only);
    free(s.lots);
    free(s.pool);
    free(s.parts);
    free(s.deps);
    return rc;
}
