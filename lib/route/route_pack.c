/* Placing a problem's routes on vehicles and operating days (route_pack.h):
 * the trips of one vehicle and day follow each other, each leaving at or
 * after the previous one is back plus the type's loading minutes; the day
 * of a route is never before its min_day; the working day (first
 * departure to last return) stays within max_duration_minutes.
 *
 * A route may run on day min_day leaving no earlier than `release` (its
 * goods reach the hub that day), or on any later day as it is, as long as
 * each stop is served by its deadline (shelf life: minutes of the cycle),
 * on a day its stops' sites receive or ship (the caller's days_ok), and
 * with the goods it takes from its hub since an earlier day within the
 * hub's overnight storage on each night they wait there (hubs' storage_kg:
 * the kg held is counted per hub, class and night as routes are placed).
 *
 * Greedy, in the order given (which the caller chooses): each route goes
 * to the earliest day it can, on a vehicle already out that day when one
 * can take it (the one back the latest: best fit, so that the others keep
 * their room), else on the next vehicle not yet out that day.  A vehicle
 * type's vehicles are opened day by day in number order, so with one trip
 * per day the k-th route of a type runs on vehicle k mod count, day
 * k / count + 1 (route__number_route).  A route that fits nowhere is not
 * placed: its stops are then unserved (fleet size). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_pack.h"

void route__pack_free(route_pack *pk)
{
    if (!pk)
        return;
    for (size_t v = 0; pk->types && v < pk->n_types; v++) {
        free(pk->types[v].slots);
        free(pk->types[v].next);
    }
    free(pk->types);
    free(pk->held);
    memset(pk, 0, sizeof *pk);
}

int route__pack_init(route_pack *pk, const terroir_model *m)
{
    memset(pk, 0, sizeof *pk);
    pk->m = m;
    pk->days = m->settings.operating_days ? m->settings.operating_days : 1;
    pk->n_types = m->n_vehicle_types;
    pk->types = core__calloc(pk->n_types ? pk->n_types : 1, sizeof *pk->types);
    pk->held = core__calloc(m->n_hubs * TERROIR_TEMPERATURE_COUNT * pk->days + 1,
                            sizeof *pk->held);
    if (!pk->types || !pk->held) {
        route__pack_free(pk);
        return core__error(TERROIR_ENOMEM, "out of memory routing");
    }
    for (size_t v = 0; v < pk->n_types; v++)
        if (!(pk->types[v].next = core__calloc(pk->days, sizeof *pk->types[v].next))) {
            route__pack_free(pk);
            return core__error(TERROIR_ENOMEM, "out of memory routing");
        }
    return 0;
}

/* The route leaving no earlier than `start`: its schedule when it keeps
 * every rule, and the working day it makes on `slot` (NULL: a new one)
 * within the type's maximum.  1 when it does. */
static int fits(const route_pack *pk, const vrp_problem *p, const vrp_route *r, size_t v,
                const route_pack_slot *slot, double start, unsigned int day,
                const double *deadline, route_eval *e)
{
    const model_vehicle_type *mv = &pk->m->vehicle_types[v];
    e->violations = NULL;
    e->max_violations = 0;
    e->not_before = start;
    route__evaluate(p, r->type, r->stops, r->n_stops, e);
    if (e->n_violations)
        return 0;
    if (slot && mv->max_duration_minutes > 0 &&
        e->arrival - slot->first_departure > mv->max_duration_minutes + 1e-6)
        return 0;
    for (size_t k = 0; deadline && k < r->n_stops; k++)
        if ((day - 1) * 1440.0 + e->stops[k].start > deadline[k] + 1e-6)
            return 0;
    return 1;
}

/* The kg held at hub h, class t, overnight after day d. */
static double *held(const route_pack *pk, size_t h, unsigned int t, unsigned int d)
{
    return &pk->held[(h * TERROIR_TEMPERATURE_COUNT + t) * pk->days + d - 1];
}

/* 1 when the goods w takes from hub h fit its storage if it runs on `day`
 * (each waits there the nights from its day to the one before); with
 * `commit`, count them as held. */
static int storage_fits(route_pack *pk, size_t h, const route_pack_want *w, unsigned int day,
                        int commit)
{
    const double *limit = pk->m->hubs[h].storage_kg;
    for (unsigned int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
        if (limit[t] < 0)
            continue; /* no limit: nothing to count */
        for (unsigned int d = 1; d < day && d <= pk->days; d++) {
            double add = 0;
            for (size_t g = 0; g < w->n_goods; g++)
                if (w->goods[g].temperature == t && w->goods[g].since <= d)
                    add += fmax(w->goods[g].kg, 0);
            double *at = held(pk, h, t, d);
            if (commit)
                *at += add;
            else if (add > 0 && *at + add > limit[t] + 1e-6 * fmax(1, limit[t]))
                return 0;
        }
    }
    return 1;
}

int route__pack_place(route_pack *pk, const vrp_problem *p, const vrp_route *r, size_t v,
                      const route_pack_want *w, route_eval *e, route_pack_place_out *out)
{
    const model_vehicle_type *mv = &pk->m->vehicle_types[v];
    route_pack_type *pt = &pk->types[v];
    unsigned int trips = mv->trips_per_day ? mv->trips_per_day : 1;
    unsigned int min_day = w->min_day < 1 ? 1 : w->min_day;
    const double *deadline = w->deadline;
    size_t h = mv->home_hub;
    out->placed = 0;
    for (unsigned int day = min_day; day <= pk->days; day++) {
        if ((w->days_ok && !w->days_ok[day - 1]) || !storage_fits(pk, h, w, day, 0))
            continue;
        double floor = day == min_day ? w->release : 0;
        /* a vehicle already out that day, back the latest */
        size_t best = SIZE_MAX;
        double best_back = -HUGE_VAL, best_start = 0;
        for (size_t k = 0; trips > 1 && k < pt->n; k++) {
            const route_pack_slot *sl = &pt->slots[k];
            if (sl->day != day || sl->trips >= trips || sl->last_arrival <= best_back)
                continue;
            double start = fmax(floor, sl->last_arrival + mv->loading_minutes);
            if (fits(pk, p, r, v, sl, start, day, deadline, e)) {
                best = k;
                best_back = sl->last_arrival;
                best_start = start;
            }
        }
        if (best != SIZE_MAX) {
            route_pack_slot *sl = &pt->slots[best];
            fits(pk, p, r, v, sl, best_start, day, deadline, e); /* e: this schedule */
            sl->trips++;
            sl->last_arrival = e->arrival;
            storage_fits(pk, h, w, day, 1);
            out->placed = 1;
            out->vehicle = sl->vehicle;
            out->day = day;
            out->not_before = best_start;
            out->first_trip = 0;
            return 0;
        }
        /* the next vehicle not yet out that day */
        if (pt->next[day - 1] >= mv->count)
            continue;
        if (!fits(pk, p, r, v, NULL, floor, day, deadline, e))
            continue; /* not that day (too late once its goods are there) */
        if (core__grow((void **)&pt->slots, &pt->cap, pt->n + 1, sizeof *pt->slots) != 0)
            return core__error(TERROIR_ENOMEM, "out of memory routing");
        route_pack_slot *sl = &pt->slots[pt->n++];
        sl->vehicle = pt->next[day - 1]++;
        sl->day = day;
        sl->trips = 1;
        sl->first_departure = e->departure;
        sl->last_arrival = e->arrival;
        storage_fits(pk, h, w, day, 1);
        out->placed = 1;
        out->vehicle = sl->vehicle;
        out->day = day;
        out->not_before = floor;
        out->first_trip = 1;
        return 0;
    }
    return 0;
}

size_t route__pack_capacity(const route_pack *pk, size_t v, unsigned int from_day)
{
    const model_vehicle_type *mv = &pk->m->vehicle_types[v];
    const route_pack_type *pt = &pk->types[v];
    size_t trips = mv->trips_per_day ? mv->trips_per_day : 1;
    size_t total = 0;
    for (size_t d = from_day ? from_day - 1 : 0; d < pk->days; d++) {
        size_t fresh = mv->count > pt->next[d] ? mv->count - pt->next[d] : 0;
        if (fresh > (SIZE_MAX - total) / trips)
            return SIZE_MAX;
        total += fresh * trips;
    }
    for (size_t k = 0; k < pt->n; k++)
        if (pt->slots[k].day >= from_day && pt->slots[k].trips < trips)
            total += trips - pt->slots[k].trips;
    return total;
}

size_t route__pack_capacity_on(const route_pack *pk, size_t v, unsigned int day)
{
    const model_vehicle_type *mv = &pk->m->vehicle_types[v];
    const route_pack_type *pt = &pk->types[v];
    size_t trips = mv->trips_per_day ? mv->trips_per_day : 1;
    if (day < 1 || day > pk->days)
        return 0;
    size_t fresh = mv->count > pt->next[day - 1] ? mv->count - pt->next[day - 1] : 0;
    if (fresh > SIZE_MAX / trips)
        return SIZE_MAX;
    size_t total = fresh * trips;
    for (size_t k = 0; k < pt->n; k++)
        if (pt->slots[k].day == day && pt->slots[k].trips < trips)
            total += trips - pt->slots[k].trips;
    return total;
}

int route__pack_copy(route_pack *to, const route_pack *from)
{
    int rc = route__pack_init(to, from->m);
    if (rc)
        return rc;
    memcpy(to->held, from->held,
           from->m->n_hubs * TERROIR_TEMPERATURE_COUNT * from->days * sizeof *to->held);
    for (size_t v = 0; v < from->n_types; v++) {
        const route_pack_type *f = &from->types[v];
        route_pack_type *t = &to->types[v];
        memcpy(t->next, f->next, from->days * sizeof *t->next);
        if (f->n == 0)
            continue;
        if (!(t->slots = core__calloc(f->n, sizeof *t->slots))) {
            route__pack_free(to);
            return core__error(TERROIR_ENOMEM, "out of memory routing");
        }
        memcpy(t->slots, f->slots, f->n * sizeof *t->slots);
        t->n = t->cap = f->n;
    }
    return 0;
}
