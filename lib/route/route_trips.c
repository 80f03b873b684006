/* Vehicle days, for the route checker: the routes of one vehicle type,
 * vehicle number and day are the trips of one vehicle (include/terroir/
 * route.h "Vehicles and days").  In order of departure, each trip leaves
 * at or after the previous one's return + the type's loading minutes; there
 * are at most trips_per_day of them; and when the type has a maximum
 * duration, the working day (last return - first departure) stays within
 * it.  Each breach is a VEHICLE_DAY violation.  A single trip is never one:
 * its own duration is the DURATION rule's.  The type's fixed cost is paid
 * once per vehicle and day: the trips after the first do not carry it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"

#define TIME_TOL 1e-6

/* A route's place in (type, vehicle, day, departure, index) order. */
typedef struct trip_key {
    size_t type, vehicle;
    unsigned int day;
    double departure;
    size_t route;
} trip_key;

static int trip_order(const void *a, const void *b)
{
    const trip_key *x = a, *y = b;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    if (x->vehicle != y->vehicle)
        return x->vehicle < y->vehicle ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->departure != y->departure)
        return x->departure < y->departure ? -1 : 1;
    return (x->route > y->route) - (x->route < y->route);
}

static const char *hhmm(char *buf, size_t size, double t)
{
    double r = floor(t + 0.5);
    if (!isfinite(r) || r < 0 || r > 1e9)
        snprintf(buf, size, "%g min", t);
    else
        snprintf(buf, size, "%02lu:%02lu", (unsigned long)(r / 60), (unsigned long)fmod(r, 60));
    return buf;
}

/* The trips order[first..last) of one vehicle on one day. */
static int check_day(terroir_route_report *rep, const terroir_model *m, const size_t *vt_of_route,
                     const size_t *order, size_t first, size_t last)
{
    const model_vehicle_type *t = &m->vehicle_types[vt_of_route[order[first]]];
    const plan_route *r0 = &rep->routes[order[first]];
    size_t hub = m->hubs[t->home_hub].base.site;
    size_t n = last - first;
    unsigned int day = r0->day;
    char a[48], b[48];
    int rc = 0;
    /* The vehicle's fixed cost is paid once a day, by its first trip. */
    for (size_t k = first + 1; k < last; k++) {
        rep->routes[order[k]].cost -= t->fixed_cost;
        rep->summary.cost -= t->fixed_cost;
    }
    for (size_t k = first + 1; k < last && !rc; k++) {
        const plan_route *prev = &rep->routes[order[k - 1]], *r = &rep->routes[order[k]];
        double ready = prev->arrival + t->loading_minutes;
        if (r->departure < ready - TIME_TOL)
            rc = route__report_add(
                rep, TERROIR_VIOLATION_VEHICLE_DAY, order[k], TERROIR_ROUTE_NONE, PLAN_NONE,
                ready - r->departure, 0, PLAN_NONE, hub, route__cycle_minute(day, r->departure),
                core__t("route %zu leaves hub '%s' on day %u at %s, %g min before vehicle #%zu "
                        "of type '%s' is back from route %zu and loaded (back at %s, %g min "
                        "loading)"),
                order[k] + 1, m->hubs[t->home_hub].base.id, day, hhmm(a, sizeof a, r->departure),
                round((ready - r->departure) * 10) / 10, r->vehicle + 1, t->id, order[k - 1] + 1,
                hhmm(b, sizeof b, prev->arrival), t->loading_minutes);
    }
    unsigned int allowed = t->trips_per_day ? t->trips_per_day : 1;
    if (!rc && n > allowed) {
        const plan_route *extra = &rep->routes[order[first + allowed]];
        rc = route__report_add(rep, TERROIR_VIOLATION_VEHICLE_DAY, order[first + allowed],
                               TERROIR_ROUTE_NONE, PLAN_NONE, (double)(n - allowed), 0, PLAN_NONE,
                               hub, route__cycle_minute(day, extra->departure),
                               core__t("vehicle #%zu of type '%s' drives %zu trips on day %u, "
                                       "above the %u a day its type allows"),
                               r0->vehicle + 1, t->id, n, day, allowed);
    }
    if (!rc && n > 1 && t->max_duration_minutes > 0) {
        double end = r0->arrival;
        size_t last_back = order[first];
        for (size_t k = first; k < last; k++)
            if (rep->routes[order[k]].arrival > end) {
                end = rep->routes[order[k]].arrival;
                last_back = order[k];
            }
        double worked = end - r0->departure;
        if (worked > t->max_duration_minutes + TIME_TOL)
            rc = route__report_add(
                rep, TERROIR_VIOLATION_VEHICLE_DAY, last_back, TERROIR_ROUTE_NONE, PLAN_NONE,
                worked - t->max_duration_minutes, 0, PLAN_NONE, hub, route__cycle_minute(day, end),
                core__t("vehicle #%zu of type '%s' works %g min on day %u (first departure %s, "
                        "last return %s), above the maximum of %g min"),
                r0->vehicle + 1, t->id, round(worked * 10) / 10, day,
                hhmm(a, sizeof a, r0->departure), hhmm(b, sizeof b, end), t->max_duration_minutes);
    }
    return rc;
}

int route__check_vehicle_days(terroir_route_report *rep, const terroir_model *m,
                              const size_t *vt_of_route)
{
    size_t n = 0, cap = rep->n_routes ? rep->n_routes : 1;
    trip_key *keys = core__calloc(cap, sizeof *keys);
    size_t *order = core__calloc(cap, sizeof *order);
    int rc = 0;
    if (!keys || !order) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    for (size_t i = 0; i < rep->n_routes; i++) {
        const plan_route *r = &rep->routes[i];
        if (r->n_stops == 0)
            continue; /* a route without stops is no trip */
        trip_key k = {vt_of_route[i], r->vehicle, r->day, r->departure, i};
        keys[n++] = k;
    }
    qsort(keys, n, sizeof *keys, trip_order);
    for (size_t i = 0; i < n; i++)
        order[i] = keys[i].route;
    for (size_t first = 0; first < n && !rc;) {
        size_t last = first + 1;
        while (last < n && keys[last].type == keys[first].type &&
               keys[last].vehicle == keys[first].vehicle && keys[last].day == keys[first].day)
            last++;
        if (last - first > 1)
            rc = check_day(rep, m, vt_of_route, order, first, last);
        first = last;
    }
done:
    free(keys);
    free(order);
    return rc;
}
