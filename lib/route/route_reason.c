/* Why a stop was left unserved: the stop is tried alone (a round trip from
 * the depot) with every vehicle type that carries its temperature classes,
 * and the first constraint that no type can meet names the reason, in the
 * order no_compatible_vehicle (day, when a type carries its classes but
 * not on the days it may be served: route_days.h), capacity, time_window (stop windows or hub
 * hours), duration.  A stop that some type can serve alone is unserved
 * because of the fleet size when every vehicle of those types already
 * drives a route, and otherwise because serving it costs more than its
 * penalty (or the search did not find a way to fit it in). */
#include "route/route_internal.h"

#define REASON_MAX_VIOLATIONS 8

terroir_unserved_stop_reason route__unserved_reason(const vrp_problem *p, size_t node,
                                                    const vrp_solution *sol)
{
    const vrp_node *nd = &p->nodes[node];
    int compatible = 0, fits_capacity = 0, fits_time = 0, spare = 0, fits_all = 0, on_day = 0;
    for (size_t t = 0; t < p->n_types; t++) {
        unsigned int missing = nd->temperatures & ~p->types[t].temperatures;
        if (missing & ROUTE_TEMPERATURE_BITS)
            continue;
        if (missing) { /* carries its classes, not on its days (route_days.h) */
            on_day = 1;
            continue;
        }
        compatible = 1;
        route_violation v[REASON_MAX_VIOLATIONS];
        vrp_stop_eval one;
        route_eval e = {0};
        e.stops = &one;
        e.violations = v;
        e.max_violations = REASON_MAX_VIOLATIONS;
        route__evaluate(p, t, &node, 1, &e);
        int cap = 0, time = 0, dur = 0;
        for (size_t k = 0; k < e.n_violations && k < REASON_MAX_VIOLATIONS; k++) {
            if (v[k].kind == TERROIR_VIOLATION_CAPACITY)
                cap = 1;
            else if (v[k].kind == TERROIR_VIOLATION_TIME_WINDOW ||
                     v[k].kind == TERROIR_VIOLATION_HUB_HOURS)
                time = 1;
            else if (v[k].kind == TERROIR_VIOLATION_DURATION)
                dur = 1;
        }
        if (cap)
            continue;
        fits_capacity = 1;
        if (time)
            continue;
        fits_time = 1;
        if (dur)
            continue;
        fits_all = 1;
        size_t used = 0;
        for (size_t r = 0; sol && r < sol->n_routes; r++)
            if (sol->routes[r].type == t && sol->routes[r].n_stops > 0)
                used++;
        if (used < p->types[t].count)
            spare = 1;
    }
    if (!compatible)
        return on_day ? TERROIR_UNSERVED_STOP_DAY : TERROIR_UNSERVED_STOP_NO_COMPATIBLE_VEHICLE;
    if (!fits_capacity)
        return TERROIR_UNSERVED_STOP_CAPACITY;
    if (!fits_time)
        return TERROIR_UNSERVED_STOP_TIME_WINDOW;
    if (!fits_all)
        return TERROIR_UNSERVED_STOP_DURATION;
    return spare ? TERROIR_UNSERVED_STOP_COST : TERROIR_UNSERVED_STOP_FLEET_SIZE;
}
