/* Evaluation of one route for the route checker: schedule (arrival, start
 * of service, departure at each stop), loads, km, duration, cost, CO2 and
 * every violation, by the rules stated in include/terroir/route.h.
 *
 * This is deliberately a second, plain implementation, separate from the
 * engine's vrp__evaluate and its segment data: the checker referees the
 * engine (the benchmark runner re-checks every solution with it), so it
 * must not share the engine's code.  A straight walk along the route, O(n)
 * per route. */
#include <math.h>
#include <string.h>

#include "route/route_internal.h"

#define EVAL_EPS 1e-6

static void add(route_eval *e, terroir_violation_kind kind, size_t position, double amount,
                int dimension)
{
    if (e->violations && e->n_violations < e->max_violations) {
        route_violation *v = &e->violations[e->n_violations];
        v->kind = kind;
        v->position = position;
        v->amount = amount;
        v->dimension = dimension;
    }
    e->n_violations++;
}

/* Capacity tolerance: loads come from sums of products' quantities. */
static double slack(double cap)
{
    return EVAL_EPS * fmax(1.0, cap);
}

/* One pass along the route from departure time `dep` (ASAP schedule,
 * waiting allowed).  Returns the time back at the depot and fills, when
 * asked, the schedule; *shift gets the longest delay of the departure that
 * only removes waiting (Savelsbergh's forward time slack, capped by the
 * total waiting): no service moves past the window it is in, no late
 * service gets later. */
static double walk(const vrp_problem *p, const vrp_vehicle_type *t, const size_t *stops, size_t n,
                   double dep, vrp_stop_eval *out, double *km_out, double *shift)
{
    const size_t depot = t->depot;
    double time = dep, km = 0, waited = 0, slack = HUGE_VAL;
    size_t prev = depot;
    for (size_t k = 0; k < n; k++) {
        size_t v = stops[k];
        const vrp_node *nd = &p->nodes[v];
        km += vrp__arc_km(p, prev, v);
        time += vrp__arc_minutes(p, prev, v) * t->time_factor;
        double arrival = time, start = time;
        if (v >= p->n_depots) {
            double close = HUGE_VAL;
            if (nd->n_windows) {
                size_t w = 0;
                while (w < nd->n_windows && nd->windows[w].close < arrival - EVAL_EPS)
                    w++;
                if (w < nd->n_windows) {
                    start = fmax(arrival, nd->windows[w].open);
                    close = nd->windows[w].close;
                } else {
                    close = arrival; /* late already: no later */
                }
            }
            waited += start - arrival;
            slack = fmin(slack, waited + fmax(0.0, close - start));
            time = start + nd->service_minutes;
        }
        if (out) {
            out[k].arrival = arrival;
            out[k].start = start;
            out[k].departure = time;
        }
        prev = v;
    }
    km += vrp__arc_km(p, prev, depot);
    time += vrp__arc_minutes(p, prev, depot) * t->time_factor;
    *km_out = km;
    *shift = fmax(0.0, fmin(slack, waited));
    return time;
}

void route__evaluate(const vrp_problem *p, size_t type, const size_t *stops, size_t n,
                     route_eval *e)
{
    const vrp_vehicle_type *t = &p->types[type];
    const vrp_node *dn = &p->nodes[t->depot];
    double peak[VRP_DIMENSIONS], load[VRP_DIMENSIONS];
    size_t peak_at[VRP_DIMENSIONS];

    e->n_violations = 0;
    e->km = e->minutes = e->cost = e->co2_kg = 0;
    e->departure = dn->n_windows ? dn->windows[0].open : 0;
    /* Not before the goods of every stop are at the hub (release dates:
     * cross-dock synchronisation), nor before a departure the caller set. */
    e->departure = fmax(e->departure, e->not_before);
    for (size_t k = 0; k < n; k++)
        if (stops[k] < p->n_nodes)
            e->departure = fmax(e->departure, p->nodes[stops[k]].release);
    e->arrival = e->departure;
    for (int d = 0; d < VRP_DIMENSIONS; d++) {
        load[d] = 0;
        for (size_t k = 0; k < n; k++)
            if (stops[k] >= p->n_depots)
                load[d] += p->nodes[stops[k]].delivery[d];
        e->load_start[d] = load[d];
        peak[d] = load[d];
        peak_at[d] = VRP_NONE;
    }
    if (n == 0)
        return; /* the vehicle stays at its hub: no cost */

    /* Leave when the hub opens (or the goods are there), then as late as
     * that only saves waiting. */
    double km, shift;
    walk(p, t, stops, n, e->departure, NULL, &km, &shift);
    e->departure += shift;
    double time = walk(p, t, stops, n, e->departure, e->stops, &km, &shift);
    e->arrival = time;
    e->km = km;
    e->minutes = time - e->departure;

    for (size_t k = 0; k < n; k++) {
        size_t v = stops[k];
        const vrp_node *nd = &p->nodes[v];
        if (v < p->n_depots) {
            add(e, TERROIR_VIOLATION_NOT_A_STOP, k, 0, 0);
        } else {
            if (nd->temperatures & ~t->temperatures)
                add(e, TERROIR_VIOLATION_TEMPERATURE, k, 0, 0);
            if (nd->n_windows) {
                double close = nd->windows[nd->n_windows - 1].close;
                if (e->stops[k].arrival > close + EVAL_EPS)
                    add(e, TERROIR_VIOLATION_TIME_WINDOW, k, e->stops[k].arrival - close, 0);
            }
            for (int d = 0; d < VRP_DIMENSIONS; d++) {
                load[d] += nd->pickup[d] - nd->delivery[d];
                if (fabs(load[d]) < 1e-9)
                    load[d] = 0;
                if (load[d] > peak[d]) {
                    peak[d] = load[d];
                    peak_at[d] = k;
                }
            }
        }
        memcpy(e->stops[k].load, load, sizeof load);
    }
    for (int d = 0; d < VRP_DIMENSIONS; d++)
        if (t->capacity[d] >= 0 && peak[d] > t->capacity[d] + slack(t->capacity[d]))
            add(e, TERROIR_VIOLATION_CAPACITY, peak_at[d], peak[d] - t->capacity[d], d);
    if (dn->n_windows && time > dn->windows[dn->n_windows - 1].close + EVAL_EPS)
        add(e, TERROIR_VIOLATION_HUB_HOURS, n, time - dn->windows[dn->n_windows - 1].close, 0);
    if (t->max_duration_minutes > 0 && e->minutes > t->max_duration_minutes + EVAL_EPS)
        add(e, TERROIR_VIOLATION_DURATION, VRP_NONE, e->minutes - t->max_duration_minutes, 0);
    e->cost = t->fixed_cost + t->cost_per_km * km + t->cost_per_hour * e->minutes / 60.0;
    e->co2_kg = t->co2_kg_per_km * km;
}
