/* Route evaluation: the penalised cost of a route from its totals, the
 * forward scan for stops with several time windows, the incremental route
 * builder of the split, and vrp__evaluate(), the exact schedule that the
 * route checker reports.
 *
 * Schedules.  Service starts as soon as possible (waiting allowed) in the
 * first window that closes after the arrival; then the departure from the
 * depot is delayed by as much as shortens the route without delaying any
 * service past its window or the return past the depot's closing time
 * (Savelsbergh's forward time slack).  For stops with one window this is the
 * least duration, the value that the concatenation of segments gives
 * (Vidal et al. 2013), so the engine's costs and the checker's agree on
 * every feasible route. */
#include <math.h>
#include <string.h>

#include "route/vrp_internal.h"

#define LOAD_TOL 1e-9
#define TIME_TOL 1e-9

/* Penalised cost of a non-empty route: fixed cost, cost per km and per
 * minute of duration, plus the weighted excess of load (in reference
 * capacities), time warp and duration.  *ex (may be NULL) gets the amounts. */
double vrp__route_cost(const vrp_inst *in, const vrp_pen *w, int type, const vrp_sum *s,
                       vrp_excess *ex)
{
    const vrp_type *ty = &in->types[type];
    double c = ty->fixed + ty->cpk * s->km + ty->cpm * s->dur;
    double load = 0.0, dur = 0.0;
    int k;
    for (k = 0; k < in->ndims; k++) {
        int d = in->dims[k];
        double cap = ty->cap[d];
        if (cap >= 0.0 && s->peak[d] > cap + LOAD_TOL * (1.0 + cap))
            load += (s->peak[d] - cap) * in->inv_ref[d];
    }
    if (ty->maxdur > 0.0 && s->dur > ty->maxdur + TIME_TOL * (1.0 + ty->maxdur))
        dur = s->dur - ty->maxdur;
    c += w->load * load + w->tw * s->tw + w->dur * dur;
    if (ex) {
        ex->load = load;
        ex->tw = s->tw > TIME_TOL * 1e3 ? s->tw : 0.0;
        ex->dur = dur;
    }
    return c;
}

/* ------------------------------------------------------------------ scan */

void vrp__scan_start(const vrp_inst *in, int type, double release, vrp_scan *sc)
{
    int d = in->types[type].depot;
    sc->clock = sc->dep = vrp__max(in->dopen[d], release);
    sc->tw = sc->wait = 0.0;
    sc->slack = VRP_BIG;
    sc->last = d;
}

/* Arrive at `node`, serve it in the first window closing after the arrival
 * (time warp back to the last closing time when none does). */
void vrp__scan_add(const vrp_inst *in, double tf, vrp_scan *sc, int node)
{
    double arr = sc->clock + vrp__minutes(in, sc->last, node) * tf;
    double start = arr;
    int nw = in->nwin[node];
    if (nw > 0) {
        const vrp_window *w = in->win[node];
        int k;
        for (k = 0; k < nw; k++)
            if (arr <= w[k].close)
                break;
        if (k < nw) {
            start = vrp__max(arr, w[k].open);
            sc->wait += start - arr;
            sc->slack = vrp__min(sc->slack, w[k].close - start + sc->wait);
        } else {
            sc->tw += arr - w[nw - 1].close;
            start = w[nw - 1].close;
            sc->slack = vrp__min(sc->slack, sc->wait);
        }
    }
    sc->clock = start + in->service[node];
    sc->last = node;
}

void vrp__scan_finish(const vrp_inst *in, int type, const vrp_scan *sc, double *dur, double *tw)
{
    const vrp_type *ty = &in->types[type];
    int d = ty->depot;
    double arr = sc->clock + vrp__minutes(in, sc->last, d) * ty->tf;
    double ret = arr, warp = sc->tw, slack = sc->slack, delta;
    if (arr > in->dclose[d]) {
        warp += arr - in->dclose[d];
        ret = in->dclose[d];
        slack = vrp__min(slack, sc->wait);
    } else {
        slack = vrp__min(slack, in->dclose[d] - arr + sc->wait);
    }
    delta = vrp__max(0.0, vrp__min(sc->wait, slack));
    *dur = ret - sc->dep + warp - delta;
    *tw = warp;
}

/* --------------------------------------------------------- route builder */

void vrp__rb_init(const vrp_inst *in, vrp_rb *rb, int type, const int *nodes)
{
    int d = in->types[type].depot;
    rb->type = type;
    rb->last = d;
    rb->n = 0;
    rb->km = 0.0;
    rb->s = in->nseg[d];
    rb->nodes = nodes;
    if (in->time == VRP_TIME_SCAN)
        vrp__scan_start(in, type, 0.0, &rb->sc);
}

void vrp__rb_add(const vrp_inst *in, vrp_rb *rb, int node)
{
    double tf = in->types[rb->type].tf;
    rb->km += vrp__km(in, rb->last, node);
    vrp__seg_cat(in, tf, in->time == VRP_TIME_CONCAT, &rb->s, &in->nseg[node]);
    if (in->time == VRP_TIME_SCAN) {
        double rel = in->nseg[node].rel;
        if (rel > rb->sc.dep) {
            /* A later release: the route leaves then; scan its stops again. */
            int k;
            vrp__scan_start(in, rb->type, rel, &rb->sc);
            for (k = 0; k < rb->n; k++)
                vrp__scan_add(in, tf, &rb->sc, rb->nodes[k]);
        }
        vrp__scan_add(in, tf, &rb->sc, node);
    }
    rb->last = node;
    rb->n++;
}

void vrp__rb_sum(const vrp_inst *in, const vrp_rb *rb, vrp_sum *out)
{
    const vrp_type *ty = &in->types[rb->type];
    int d = ty->depot, k;
    vrp_seg s = rb->s;
    out->km = rb->km + vrp__km(in, rb->last, d);
    vrp__seg_cat(in, ty->tf, in->time == VRP_TIME_CONCAT, &s, &in->nseg[d]);
    out->dur = out->tw = 0.0;
    if (in->time == VRP_TIME_CONCAT) {
        out->dur = s.dur;
        out->tw = s.tw + vrp__release_warp(&s);
    } else if (in->time == VRP_TIME_SCAN) {
        vrp__scan_finish(in, rb->type, &rb->sc, &out->dur, &out->tw);
    }
    for (k = 0; k < VRP_DIMENSIONS; k++)
        out->peak[k] = s.peak[k];
}

/* ------------------------------------------------------------ evaluate */

static void add_violation(vrp_violation *v, size_t max_v, size_t *count, vrp_violation_kind kind,
                          size_t position, double amount)
{
    if (v && *count < max_v) {
        v[*count].kind = kind;
        v[*count].position = position;
        v[*count].amount = amount;
    }
    (*count)++;
}

/* The window in which service starts when arriving at `arr`: the first that
 * closes at or after the arrival; -1 when the arrival is after the last. */
static long pick_window(const vrp_node *nd, double arr)
{
    size_t k;
    for (k = 0; k < nd->n_windows; k++)
        if (arr <= nd->windows[k].close + TIME_TOL)
            return (long)k;
    return -1;
}

static unsigned int popcount_u(unsigned int x)
{
    unsigned int c = 0;
    while (x) {
        x &= x - 1;
        c++;
    }
    return c;
}

/* See vrp.h.  Positions: a capacity violation of the load leaving the depot,
 * a late return and an excess of duration are reported at position n_stops;
 * a stop index that is a depot or out of range is a VRP_VIOLATION_DEPOT
 * (amount 0) and is skipped by the schedule.  The type must exist: for a bad
 * type (or NULL arguments) the result is VRP_NONE and nothing is written. */
size_t vrp__evaluate(const vrp_problem *p, vrp_route *r, vrp_stop_eval *stops_out,
                     vrp_violation *violations, size_t max_violations)
{
    const vrp_vehicle_type *ty;
    const vrp_node *dn;
    size_t n, depot, k, count = 0, last, n_valid = 0;
    double open = 0.0, close = HUGE_VAL, load[VRP_DIMENSIONS] = {0}, t, wait = 0.0,
           slack = HUGE_VAL, ret, delta, km = 0.0, dep, release = 0.0;
    int d;
    if (!p || !r || !p->types || !p->nodes || (p->km ? !p->minutes : !p->geo) ||
        r->type >= p->n_types || (r->n_stops > 0 && !r->stops))
        return VRP_NONE;
    ty = &p->types[r->type];
    n = p->n_nodes;
    depot = ty->depot;
    if (depot >= p->n_depots)
        return VRP_NONE;
    dn = &p->nodes[depot];
    if (dn->n_windows > 0 && dn->windows) {
        open = dn->windows[0].open;
        close = dn->windows[dn->n_windows - 1].close;
    }
#define VALID(i) ((i) >= p->n_depots && (i) < n)
    /* The route leaves once the goods of all its stops are at the depot. */
    for (k = 0; k < r->n_stops; k++)
        if (VALID(r->stops[k]))
            release = vrp__max(release, p->nodes[r->stops[k]].release);
    open = vrp__max(open, release);
    /* Pass 1: ASAP from the opening (or the release), to find how long the
     * departure may wait (forward time slack, limited to the waiting it
     * removes). */
    t = open;
    last = depot;
    for (k = 0; k < r->n_stops; k++) {
        size_t i = r->stops[k];
        const vrp_node *nd;
        double arr, start;
        long w;
        if (!VALID(i))
            continue;
        nd = &p->nodes[i];
        arr = t + vrp__arc_minutes(p, last, i) * ty->time_factor;
        start = arr;
        if (nd->n_windows > 0) {
            w = pick_window(nd, arr);
            if (w >= 0) {
                start = vrp__max(arr, nd->windows[w].open);
                wait += start - arr;
                slack = vrp__min(slack, nd->windows[w].close - start + wait);
            } else {
                slack = vrp__min(slack, wait);
            }
        }
        t = start + nd->service_minutes;
        last = i;
    }
    ret = t + vrp__arc_minutes(p, last, depot) * ty->time_factor;
    if (ret > close + TIME_TOL)
        slack = vrp__min(slack, wait);
    else
        slack = vrp__min(slack, close - ret + wait);
    delta = vrp__max(0.0, vrp__min(wait, slack));

    /* Pass 2: the schedule from the chosen departure; loads and violations. */
    for (k = 0; k < r->n_stops; k++) {
        size_t i = r->stops[k];
        if (!VALID(i))
            continue;
        for (d = 0; d < VRP_DIMENSIONS; d++)
            load[d] += p->nodes[i].delivery[d];
    }
    for (d = 0; d < VRP_DIMENSIONS; d++)
        if (ty->capacity[d] >= 0.0 && load[d] > ty->capacity[d] + LOAD_TOL * (1.0 + ty->capacity[d]))
            add_violation(violations, max_violations, &count, VRP_VIOLATION_CAPACITY, r->n_stops,
                          load[d] - ty->capacity[d]);
    dep = open + delta;
    t = dep;
    last = depot;
    for (k = 0; k < r->n_stops; k++) {
        size_t i = r->stops[k];
        const vrp_node *nd;
        double arr, start;
        unsigned int missing;
        if (!VALID(i)) {
            add_violation(violations, max_violations, &count, VRP_VIOLATION_DEPOT, k, 0.0);
            if (stops_out) {
                stops_out[k].arrival = stops_out[k].start = stops_out[k].departure = t;
                memcpy(stops_out[k].load, load, sizeof load);
            }
            continue;
        }
        n_valid++;
        nd = &p->nodes[i];
        km += vrp__arc_km(p, last, i);
        arr = t + vrp__arc_minutes(p, last, i) * ty->time_factor;
        start = arr;
        missing = nd->temperatures & ~ty->temperatures;
        if (missing)
            add_violation(violations, max_violations, &count, VRP_VIOLATION_TEMPERATURE, k,
                          (double)popcount_u(missing));
        if (nd->n_windows > 0) {
            long w = pick_window(nd, arr);
            if (w >= 0)
                start = vrp__max(arr, nd->windows[w].open);
            else
                add_violation(violations, max_violations, &count, VRP_VIOLATION_TIME_WINDOW, k,
                              arr - nd->windows[nd->n_windows - 1].close);
        }
        t = start + nd->service_minutes;
        for (d = 0; d < VRP_DIMENSIONS; d++) {
            load[d] += nd->pickup[d] - nd->delivery[d];
            if (load[d] < 0.0 && load[d] > -LOAD_TOL)
                load[d] = 0.0;
            if (ty->capacity[d] >= 0.0 &&
                load[d] > ty->capacity[d] + LOAD_TOL * (1.0 + ty->capacity[d]))
                add_violation(violations, max_violations, &count, VRP_VIOLATION_CAPACITY, k,
                              load[d] - ty->capacity[d]);
        }
        if (stops_out) {
            stops_out[k].arrival = arr;
            stops_out[k].start = start;
            stops_out[k].departure = t;
            memcpy(stops_out[k].load, load, sizeof load);
        }
        last = i;
    }
    km += vrp__arc_km(p, last, depot);
    ret = t + vrp__arc_minutes(p, last, depot) * ty->time_factor;
    if (ret > close + TIME_TOL)
        add_violation(violations, max_violations, &count, VRP_VIOLATION_DEPOT_HOURS, r->n_stops,
                      ret - close);
    r->minutes = ret - dep;
    if (ty->max_duration_minutes > 0.0 &&
        r->minutes > ty->max_duration_minutes + TIME_TOL * (1.0 + ty->max_duration_minutes))
        add_violation(violations, max_violations, &count, VRP_VIOLATION_DURATION, r->n_stops,
                      r->minutes - ty->max_duration_minutes);
    if (n_valid == 0) {
        r->km = 0.0;
        r->minutes = 0.0;
        r->cost = 0.0;
    } else {
        r->km = km;
        r->cost = ty->fixed_cost + ty->cost_per_km * km + ty->cost_per_hour * r->minutes / 60.0;
    }
#undef VALID
    return count;
}
