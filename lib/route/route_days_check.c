/* Days of the cycle and overnight storage, for the route checker (issue 11
 * item 2; include/terroir/route.h "Days and overnight storage", shared with
 * the independent JSON checker benchmarks/sync/check_sync.py).
 *
 * DAY: a delivery stop on a day its point does not receive, a pickup stop
 * on a day its producer does not ship, a self delivery on a day its
 * producer does not ship.  Checked for every route of every set: a day list
 * is the model's rule, whatever made the routes.
 *
 * STORAGE: at the end of each operating day d but the cycle's last (minute
 * d x 1440 of the cycle), the goods of each temperature class at a hub —
 * what its routes' pickups brought back (route return <= d x 1440) and self
 * deliveries brought (arrival <= d x 1440), no cross-dock time: they are
 * physically there — minus what its delivery routes took away (departure
 * <= d x 1440) must fit in the hub's storage_kg of that class.  The last
 * day is not checked: the cycle ends there and nothing stays overnight in
 * its plan.  Checked hubs are those checked for synchronisation (every hub
 * of a plan with producers, else the hubs with inbound goods: a hub without
 * inbound is stocked from outside the routes, its nights unknown).  A hub
 * with a stop in kg only (no products) cannot split its goods by class: it
 * is checked over all classes together against the sum of its classes'
 * limits, and not at all when one class is unlimited.
 *
 * How: each pickup, delivery or self delivery counts from the first day
 * whose end it precedes; per hub and class the day deltas are summed in
 * order.  O(stops + hubs x classes x days). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"

#define MINUTES_PER_DAY 1440.0
#define TIME_TOL 1e-6
/* The pseudo-class of a hub checked over all classes together. */
#define ALL_CLASSES TERROIR_TEMPERATURE_COUNT
#define N_CLASSES (TERROIR_TEMPERATURE_COUNT + 1)

static double kg_tol(double kg)
{
    return 1e-6 * fmax(1.0, kg) + 1e-3;
}

/* "day 2" or "days 1, 3, 5" of a day list (n > 0). */
static const char *day_list(char *buf, size_t size, const unsigned int *days, size_t n)
{
    char list[256];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && used + 16 < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%u", i ? ", " : "", days[i]);
    snprintf(buf, size, n == 1 ? core__t("day %s") : core__t("days %s"), list);
    return buf;
}

static int stop_on_wrong_day(terroir_route_report *rep, const terroir_model *m,
                             const size_t *vt_of_route, size_t i, size_t k)
{
    const plan_route *r = &rep->routes[i];
    const plan_stop *st = &r->stops[k];
    const model_site_ref *ref = &m->sites[st->site];
    unsigned int day = r->day ? r->day : 1;
    size_t hub = m->hubs[m->vehicle_types[vt_of_route[i]].home_hub].base.site;
    double when = route__cycle_minute(day, st->start);
    char days[300];
    if (st->kind == TERROIR_STOP_DELIVERY && ref->kind == TERROIR_SITE_POINT) {
        const model_point *p = &m->points[ref->index];
        if (model__point_receives(p, day))
            return 0;
        double kg = st->delivery[TERROIR_DIMENSION_KG];
        return route__report_add(
            rep, TERROIR_VIOLATION_DAY, i, k, st->site, kg, 0, PLAN_NONE, hub, when,
            core__t("point '%s' receives on %s; route %zu delivers %g kg there on day %u"),
            p->base.id, day_list(days, sizeof days, p->delivery_days, p->n_delivery_days), i + 1,
            kg, day);
    }
    if (st->kind == TERROIR_STOP_PICKUP && ref->kind == TERROIR_SITE_PRODUCER) {
        const model_producer *q = &m->producers[ref->index];
        if (model__producer_ships(q, day))
            return 0;
        double kg = st->pickup[TERROIR_DIMENSION_KG];
        return route__report_add(
            rep, TERROIR_VIOLATION_DAY, i, k, st->site, kg, 0, PLAN_NONE, hub, when,
            core__t("producer '%s' ships on %s; route %zu collects %g kg there on day %u"),
            q->base.id, day_list(days, sizeof days, q->pickup_days, q->n_pickup_days), i + 1, kg,
            day);
    }
    return 0;
}

int route__check_days(terroir_route_report *rep, const terroir_model *m, const size_t *vt_of_route,
                      const route_sync_self *selfs, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < rep->n_routes && !rc; i++)
        for (size_t k = 0; k < rep->routes[i].n_stops && !rc; k++)
            rc = stop_on_wrong_day(rep, m, vt_of_route, i, k);
    for (size_t i = 0; i < n && !rc; i++) {
        const route_sync_self *sd = &selfs[i];
        const model_producer *q = &m->producers[m->sites[sd->producer_site].index];
        unsigned int day = sd->day ? sd->day : 1;
        if (model__producer_ships(q, day))
            continue;
        char days[300];
        rc = route__report_add(
            rep, TERROIR_VIOLATION_DAY, TERROIR_ROUTE_NONE, TERROIR_ROUTE_NONE, sd->producer_site,
            sd->kg, 0, PLAN_NONE, m->hubs[sd->hub].base.site, route__cycle_minute(day, sd->arrival),
            core__t("producer '%s' ships on %s; it brings %g kg of '%s' to hub '%s' itself on "
                    "day %u"),
            q->base.id, day_list(days, sizeof days, q->pickup_days, q->n_pickup_days), sd->kg,
            m->products[sd->product].id, m->hubs[sd->hub].base.id, day);
    }
    return rc;
}

/* ---- storage */

/* The first checked day whose end a move at cycle minute t precedes:
 * ceil(t / 1440), at least 1. */
static size_t first_night(double t)
{
    double d = ceil((t - TIME_TOL) / MINUTES_PER_DAY);
    if (!(d >= 1))
        return 1;
    return d > 1e6 ? (size_t)1e6 : (size_t)d;
}

typedef struct storage_run {
    terroir_route_report *rep;
    const terroir_model *m;
    size_t days;                      /* operating days */
    double *delta;                    /* per hub, class, night (1..days-1): kg added that day */
    unsigned char *checked, *kg_only; /* per hub */
} storage_run;

static double *delta_at(storage_run *s, size_t hub, size_t cls, size_t night)
{
    return &s->delta[(hub * N_CLASSES + cls) * s->days + night];
}

static void add_move(storage_run *s, size_t hub, size_t cls, double t, double kg)
{
    size_t night = first_night(t);
    if (night < s->days)
        *delta_at(s, hub, cls, night) += kg;
}

/* A stop's goods per class, into the run (sign: +1 in, -1 out). */
static void add_stop(storage_run *s, size_t hub, const plan_stop *st, double t, double sign)
{
    const terroir_model *m = s->m;
    if (!st->products) {
        double kg = st->kind == TERROIR_STOP_PICKUP ? st->pickup[TERROIR_DIMENSION_KG]
                                                    : st->delivery[TERROIR_DIMENSION_KG];
        add_move(s, hub, ALL_CLASSES, t, sign * kg);
        return;
    }
    for (size_t j = 0; j < st->n_products; j++) {
        const plan_stop_product *sp = &st->products[j];
        size_t cls = (size_t)m->products[sp->product].temperature;
        add_move(s, hub, cls, t, sign * sp->kg);
        add_move(s, hub, ALL_CLASSES, t, sign * sp->kg);
    }
}

static void gather(storage_run *s, const size_t *vt_of_route, const route_sync_self *selfs,
                   size_t n)
{
    const terroir_route_report *rep = s->rep;
    const terroir_model *m = s->m;
    for (size_t i = 0; i < rep->n_routes; i++) {
        const plan_route *r = &rep->routes[i];
        size_t h = m->vehicle_types[vt_of_route[i]].home_hub;
        double back = route__cycle_minute(r->day, r->arrival);
        double gone = route__cycle_minute(r->day, r->departure);
        for (size_t k = 0; k < r->n_stops; k++) {
            const plan_stop *st = &r->stops[k];
            if (m->sites[st->site].kind == TERROIR_SITE_HUB)
                continue;
            if (st->kind == TERROIR_STOP_PICKUP) {
                s->checked[h] = 1; /* inbound: as for synchronisation */
                add_stop(s, h, st, back, 1.0);
            } else {
                add_stop(s, h, st, gone, -1.0);
            }
            if (!st->products)
                s->kg_only[h] = 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const route_sync_self *sd = &selfs[i];
        double at = route__cycle_minute(sd->day, sd->arrival);
        s->checked[sd->hub] = 1;
        add_move(s, sd->hub, (size_t)m->products[sd->product].temperature, at, sd->kg);
        add_move(s, sd->hub, ALL_CLASSES, at, sd->kg);
    }
}

/* The limit of class cls at hub h (ALL_CLASSES: their sum), or
 * TERROIR_UNLIMITED. */
static double limit_of(const model_hub *h, size_t cls)
{
    if (cls < TERROIR_TEMPERATURE_COUNT)
        return h->storage_kg[cls];
    double sum = 0;
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
        if (h->storage_kg[t] == TERROIR_UNLIMITED)
            return TERROIR_UNLIMITED;
        sum += h->storage_kg[t];
    }
    return sum;
}

static int check_hub_class(storage_run *s, size_t h, size_t cls)
{
    const model_hub *hub = &s->m->hubs[h];
    double limit = limit_of(hub, cls);
    if (limit == TERROIR_UNLIMITED)
        return 0;
    double held = 0;
    int rc = 0;
    for (size_t d = 1; d < s->days && !rc; d++) {
        held += *delta_at(s, h, cls, d);
        double over = held - limit;
        if (over <= kg_tol(held))
            continue;
        double when = (double)d * MINUTES_PER_DAY;
        if (cls == ALL_CLASSES)
            rc = route__report_add(
                s->rep, TERROIR_VIOLATION_STORAGE, TERROIR_ROUTE_NONE, TERROIR_ROUTE_NONE,
                PLAN_NONE, over, 0, PLAN_NONE, hub->base.site, when,
                core__t("hub '%s' holds %g kg of goods of every class at the end of day %zu, "
                        "above its overnight storage of %g kg over all classes (%g kg over)"),
                hub->base.id, held, d, limit, over);
        else
            rc = route__report_add(
                s->rep, TERROIR_VIOLATION_STORAGE, TERROIR_ROUTE_NONE, TERROIR_ROUTE_NONE,
                PLAN_NONE, over, 0, PLAN_NONE, hub->base.site, when,
                core__t("hub '%s' holds %g kg of %s goods at the end of day %zu, above its "
                        "overnight storage of %g kg for them (%g kg over)"),
                hub->base.id, held, terroir_temperature_to_string((terroir_temperature)cls), d,
                limit, over);
    }
    return rc;
}

int route__check_storage(terroir_route_report *rep, const terroir_model *m,
                         const size_t *vt_of_route, const route_sync_self *selfs, size_t n,
                         int every_hub)
{
    storage_run s;
    memset(&s, 0, sizeof s);
    s.rep = rep;
    s.m = m;
    s.days = m->settings.operating_days;
    if (s.days < 2 || m->n_hubs == 0)
        return 0; /* no night inside the cycle */
    int rc = 0;
    s.delta = core__calloc(m->n_hubs * N_CLASSES * s.days, sizeof *s.delta);
    s.checked = core__calloc(m->n_hubs, 1);
    s.kg_only = core__calloc(m->n_hubs, 1);
    if (!s.delta || !s.checked || !s.kg_only) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    gather(&s, vt_of_route, selfs, n);
    for (size_t h = 0; h < m->n_hubs && !rc; h++) {
        if (!every_hub && !s.checked[h])
            continue;
        if (s.kg_only[h]) {
            rc = check_hub_class(&s, h, ALL_CLASSES);
            continue;
        }
        for (size_t t = 0; t < TERROIR_TEMPERATURE_COUNT && !rc; t++)
            rc = check_hub_class(&s, h, t);
    }
done:
    free(s.delta);
    free(s.checked);
    free(s.kg_only);
    return rc;
}
