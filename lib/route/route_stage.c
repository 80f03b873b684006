/* Stage 3, routing: see route_stage.h for what it decides and how unserved
 * stops count in the plan.  The engine's routes are re-evaluated here by
 * the checker's own evaluation (route_eval.c), so a plan's schedule, loads
 * and costs are exactly what terroir_route_check_plan() finds; a route whose
 * cost the engine computed differently is reported in the log. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_days.h"
#include "route/route_internal.h"
#include "route/route_pack.h"
#include "route/route_stage.h"

typedef struct stage {
    const terroir_model *m;
    const alloc_result *a;
    const route_stage_params *p;
    route_stage_result *out;
    size_t cap_routes, cap_unserved;
    core_poll poll;                 /* the stage's deadline and the caller's stop */
    double *total_kg, *unserved_kg; /* per site, for the problem being solved */
    size_t cap_self;
    /* The problem being solved: its stops' goods (NULL: none), and, when
     * not NULL, per node the time its route is back at the hub (NAN:
     * unserved) and per engine type the routes kept. */
    const route_goods *goods;
    double *node_return;
    unsigned int *node_day;     /* per node: the day its route runs (when not NULL) */
    /* Per node (NULL: none): the day its goods are all at the hub, and the
     * minute of that day they are (its route may run that day, leaving
     * then, or any later day: see route_hub). */
    const unsigned int *min_day;
    const double *same_day_release;
    unsigned int first_day;     /* the problem's routes run on this day or later */
    double *node_pick;          /* per node (when not NULL): minute of the cycle it is served */
    const double *node_deadline; /* per node (NULL: none): served by this minute of the cycle */
    double deadline;            /* of the stage (time limit set) */
    route_pack pack;            /* vehicles and days of the routes kept */
    /* The days the problem's stops may be served (NULL: every day), and
     * per goods of its stop list (NULL: none) the day they are at the hub
     * from (overnight storage, route_pack.h). */
    const route_days *days;
    const unsigned int *goods_since;
} stage;

void route__stage_free(route_stage_result *r)
{
    if (!r)
        return;
    plan__routes_free(r->routes, r->n_routes);
    plan__unserved_stops_free(r->unserved, r->n_unserved);
    free(r->self_deliveries);
    free(r->hub_cost);
    memset(r, 0, sizeof *r);
}

/* The planner's sentence for an unserved stop (a new string; NULL when
 * memory is short).  `hub` is "hub 'id'" or "any hub": ids have no length
 * limit, so nothing here is cut to a fixed buffer. */
static char *reason_detail(terroir_unserved_stop_reason why, const char *hub, double kg,
                           double penalty)
{
    switch (why) {
    case TERROIR_UNSERVED_STOP_CAPACITY:
        return core__asprintf("its %g kg do not fit in any vehicle of %s that carries its goods",
                              kg, hub);
    case TERROIR_UNSERVED_STOP_TIME_WINDOW:
        return core__asprintf("no vehicle of %s can arrive within its time windows and be back "
                              "before the hub closes",
                              hub);
    case TERROIR_UNSERVED_STOP_DURATION:
        return core__asprintf("the round trip from %s is longer than the maximum duration of "
                              "every vehicle that could serve it",
                              hub);
    case TERROIR_UNSERVED_STOP_NO_COMPATIBLE_VEHICLE:
        return core__asprintf("no vehicle of %s carries the temperature classes of its goods", hub);
    case TERROIR_UNSERVED_STOP_FLEET_SIZE:
        return core__asprintf("every vehicle of %s that could serve it already drives a route",
                              hub);
    case TERROIR_UNSERVED_STOP_DAY:
        return core__asprintf("no vehicle of %s can serve it on a day it receives (or ships) "
                              "once its goods are there",
                              hub);
    case TERROIR_UNSERVED_STOP_COST:
    default:
        return core__asprintf("serving it would cost more than its penalty of %g", penalty);
    }
}

/* The goods of a stop, product by product (its flows merged), from the
 * stop list of the problem.  0 or -1 when memory is short. */
static int stop_products(const stage *s, const route_node_info *in, plan_stop *ps)
{
    ps->products = NULL;
    ps->n_products = 0;
    if (!s->goods || in->n_goods == 0)
        return 0;
    ps->products = core__calloc(in->n_goods, sizeof *ps->products);
    if (!ps->products)
        return -1;
    for (size_t g = in->goods_first; g < in->goods_first + in->n_goods; g++) {
        const route_goods *x = &s->goods[g];
        size_t k = 0;
        while (k < ps->n_products && ps->products[k].product != x->product)
            k++;
        if (k == ps->n_products) {
            ps->products[k].product = x->product;
            ps->n_products++;
        }
        ps->products[k].quantity += x->quantity * in->share;
        ps->products[k].kg += x->kg * in->share;
    }
    return 0;
}

/* One engine route into the plan, evaluated by the checker's rules, on the
 * vehicle, day and departure `pl` gives it (route_pack.h). */
static int take_route(stage *s, const route_problem *rp, const vrp_route *r,
                      const route_pack_place_out *pl)
{
    route_stage_result *o = s->out;
    const vrp_problem *p = &rp->p;
    if (core__grow((void **)&o->routes, &s->cap_routes, o->n_routes + 1, sizeof *o->routes) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory keeping routes");
    plan_route *pr = &o->routes[o->n_routes];
    memset(pr, 0, sizeof *pr);
    vrp_stop_eval *ev = core__calloc(r->n_stops, sizeof *ev);
    pr->stops = core__calloc(r->n_stops, sizeof *pr->stops);
    if (!ev || !pr->stops) {
        free(ev);
        free(pr->stops);
        return core__error(TERROIR_ENOMEM, "out of memory keeping routes");
    }
    o->n_routes++;
    route_eval e;
    memset(&e, 0, sizeof e);
    e.stops = ev;
    e.not_before = pl->not_before;
    route__evaluate(p, r->type, r->stops, r->n_stops, &e);
    size_t v = rp->type_model[r->type];
    const model_vehicle_type *mv = &s->m->vehicle_types[v];
    if (!pl->first_trip) /* the vehicle's fixed cost is paid by its first trip of the day */
        e.cost -= mv->fixed_cost;
    if (!isnan(r->cost) && pl->not_before == 0 && pl->first_trip &&
        fabs(e.cost - r->cost) > 1e-6 * fmax(1.0, fabs(e.cost)))
        core__logf(s->p->log, s->p->log_data,
              "route of vehicle type '%s': the engine's cost %.10g differs from the "
              "checker's %.10g",
              s->m->vehicle_types[v].id, r->cost, e.cost);
    if (e.n_violations) {
        o->engine_infeasible = 1;
        core__logf(s->p->log, s->p->log_data, "route of vehicle type '%s' breaks %zu rule(s) of the checker",
              s->m->vehicle_types[v].id, e.n_violations);
    }
    pr->vehicle_type = v;
    pr->vehicle = pl->vehicle;
    pr->day = pl->day;
    pr->hub = s->m->hubs[s->m->vehicle_types[v].home_hub].base.site;
    pr->n_stops = r->n_stops;
    pr->km = e.km;
    pr->minutes = e.minutes;
    pr->cost = e.cost;
    pr->co2_kg = e.co2_kg;
    pr->departure = e.departure;
    pr->arrival = e.arrival;
    memcpy(pr->load_start, e.load_start, sizeof pr->load_start);
    size_t prev = p->types[r->type].depot;
    double kg_on_board = e.load_start[TERROIR_DIMENSION_KG];
    for (size_t k = 0; k < r->n_stops; k++) {
        size_t node = r->stops[k];
        const vrp_node *nd = &p->nodes[node];
        plan_stop *ps = &pr->stops[k];
        ps->site = nd->site;
        ps->kind = rp->info[node].kind;
        ps->arrival = ev[k].arrival;
        ps->start = ev[k].start;
        ps->departure = ev[k].departure;
        memcpy(ps->delivery, nd->delivery, sizeof ps->delivery);
        memcpy(ps->pickup, nd->pickup, sizeof ps->pickup);
        memcpy(ps->load, ev[k].load, sizeof ps->load);
        ps->temperatures = nd->temperatures & ROUTE_TEMPERATURE_BITS;
        if (stop_products(s, &rp->info[node], ps) != 0) {
            free(ev);
            return core__error(TERROIR_ENOMEM, "out of memory keeping routes");
        }
        if (s->node_return)
            s->node_return[node] = e.arrival;
        if (s->node_day)
            s->node_day[node] = pl->day;
        if (s->node_pick)
            s->node_pick[node] = (pl->day - 1) * 1440.0 + ps->start;
        o->tonne_km += kg_on_board / 1000.0 * vrp__arc_km(p, prev, node);
        kg_on_board = ev[k].load[TERROIR_DIMENSION_KG];
        prev = node;
    }
    o->tonne_km += kg_on_board / 1000.0 * vrp__arc_km(p, prev, p->types[r->type].depot);
    free(ev);
    o->km += e.km;
    o->minutes += e.minutes;
    o->co2_kg += e.co2_kg;
    o->vehicle_fixed += pl->first_trip ? mv->fixed_cost : 0;
    o->variable += e.cost - (pl->first_trip ? mv->fixed_cost : 0);
    o->hub_cost[mv->home_hub] += e.cost;
    return 0;
}

static int take_unserved(stage *s, const route_problem *rp, const vrp_solution *sol, size_t node)
{
    route_stage_result *o = s->out;
    const vrp_node *nd = &rp->p.nodes[node];
    const route_node_info *in = &rp->info[node];
    if (core__grow((void **)&o->unserved, &s->cap_unserved, o->n_unserved + 1,
                   sizeof *o->unserved) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory keeping unserved stops");
    plan_unserved_stop *u = &o->unserved[o->n_unserved];
    memset(u, 0, sizeof *u);
    u->site = nd->site;
    u->kind = in->kind;
    u->hub = in->hub == MODEL_NONE ? PLAN_NONE : s->m->hubs[in->hub].base.site;
    u->kg = in->kg;
    u->penalty = nd->unserved_penalty > 0 ? nd->unserved_penalty : 0;
    u->mandatory = in->mandatory;
    memcpy(u->delivery, nd->delivery, sizeof u->delivery);
    memcpy(u->pickup, nd->pickup, sizeof u->pickup);
    u->temperatures = nd->temperatures & ROUTE_TEMPERATURE_BITS;
    u->reason = route__unserved_reason(&rp->p, node, sol);
    char *hub = in->hub == MODEL_NONE ? core__strdup("any hub")
                                      : core__asprintf("hub '%s'", s->m->hubs[in->hub].base.id);
    u->detail = hub ? reason_detail(u->reason, hub, in->kg, u->penalty) : NULL;
    free(hub);
    if (!u->detail)
        return core__error(TERROIR_ENOMEM, "out of memory keeping unserved stops");
    o->n_unserved++;
    if (in->mandatory)
        o->missed_mandatory++;
    s->unserved_kg[nd->site] += in->kg;
    return 0;
}

/* Which stop of a route breaking `v` (its violations) to drop: the stop
 * concerned for temperature, hub-as-stop and time-window violations; for
 * capacity, the stop moving the most goods in that dimension up to the
 * peak; for duration and hub hours, the stop whose removal saves the most
 * time. */
static size_t stop_to_drop(const vrp_problem *p, const vrp_route *r, const route_violation *v,
                           size_t nv, route_eval *scratch)
{
    for (int pass = 0; pass < 3; pass++) {
        for (size_t k = 0; k < nv; k++) {
            const route_violation *x = &v[k];
            if (pass == 0 && (x->kind == TERROIR_VIOLATION_TEMPERATURE ||
                              x->kind == TERROIR_VIOLATION_NOT_A_STOP))
                return x->position;
            if (pass == 1 && x->kind == TERROIR_VIOLATION_TIME_WINDOW)
                return x->position;
            if (pass == 2 && x->kind == TERROIR_VIOLATION_CAPACITY) {
                size_t last = x->position == VRP_NONE ? r->n_stops - 1 : x->position;
                size_t best = 0;
                double most = -1;
                for (size_t i = 0; i <= last; i++) {
                    const vrp_node *nd = &p->nodes[r->stops[i]];
                    double q = x->position == VRP_NONE
                                   ? nd->delivery[x->dimension]
                                   : nd->delivery[x->dimension] + nd->pickup[x->dimension];
                    if (q > most) {
                        most = q;
                        best = i;
                    }
                }
                return best;
            }
        }
    }
    /* duration or hub hours: the removal that shortens the route most */
    size_t best = r->n_stops - 1;
    double shortest = HUGE_VAL;
    size_t *tmp = core__calloc(r->n_stops, sizeof *tmp);
    if (!tmp)
        return best;
    for (size_t i = 0; i < r->n_stops; i++) {
        size_t n = 0;
        for (size_t j = 0; j < r->n_stops; j++)
            if (j != i)
                tmp[n++] = r->stops[j];
        scratch->violations = NULL;
        scratch->max_violations = 0;
        route__evaluate(p, r->type, tmp, n, scratch);
        if (scratch->arrival < shortest) {
            shortest = scratch->arrival;
            best = i;
        }
    }
    free(tmp);
    return best;
}

/* The engine must return routes that keep every rule; when its best
 * solution does not (it may hold only infeasible ones when a limit stops
 * it early), stops are dropped from the routes that break a rule until
 * none does, and routes beyond a type's vehicle count are dropped whole:
 * the stops dropped become unserved stops.  Returns the number of stops
 * dropped, or (size_t)-1 when memory is short. */
static size_t repair(const vrp_problem *p, vrp_solution *sol)
{
    size_t dropped = 0, maxn = 0;
    for (size_t r = 0; r < sol->n_routes; r++)
        if (sol->routes[r].n_stops > maxn)
            maxn = sol->routes[r].n_stops;
    vrp_stop_eval *ev = core__calloc(maxn + 1, sizeof *ev);
    route_violation *v = core__calloc(2 * maxn + 8, sizeof *v);
    size_t *used = core__calloc(p->n_types ? p->n_types : 1, sizeof *used);
    if (!ev || !v || !used) {
        dropped = (size_t)-1;
        goto done;
    }
    for (size_t r = 0; r < sol->n_routes; r++) {
        vrp_route *rt = &sol->routes[r];
        if (rt->n_stops == 0)
            continue;
        if (rt->type >= p->n_types || used[rt->type] >= p->types[rt->type].count) {
            dropped += rt->n_stops;
            rt->n_stops = 0;
            continue;
        }
        used[rt->type]++;
        for (;;) {
            route_eval e;
            memset(&e, 0, sizeof e);
            e.stops = ev;
            e.violations = v;
            e.max_violations = 2 * maxn + 8;
            route__evaluate(p, rt->type, rt->stops, rt->n_stops, &e);
            if (e.n_violations == 0 || rt->n_stops == 0)
                break;
            size_t nv = e.n_violations < e.max_violations ? e.n_violations : e.max_violations;
            size_t k = stop_to_drop(p, rt, v, nv, &e);
            memmove(rt->stops + k, rt->stops + k + 1, (rt->n_stops - k - 1) * sizeof *rt->stops);
            rt->n_stops--;
            rt->cost = NAN; /* no longer the engine's route */
            dropped++;
        }
    }
done:
    free(ev);
    free(v);
    free(used);
    return dropped;
}

/* Order of placement (route_pack.c): by the first day a route may run,
 * then, for types that drive several trips a day, by departure; else in
 * the engine's order (so that one trip a day numbers routes as before). */
typedef struct place_key {
    size_t route;
    unsigned int min_day;
    double release;   /* on min_day, leave no earlier */
    double departure; /* NAN: keep the engine's order */
} place_key;

static int by_day_then_departure(const void *a, const void *b)
{
    const place_key *x = a, *y = b;
    if (x->min_day != y->min_day)
        return x->min_day < y->min_day ? -1 : 1;
    if (!isnan(x->departure) && !isnan(y->departure) && x->departure != y->departure)
        return x->departure < y->departure ? -1 : 1;
    return x->route < y->route ? -1 : x->route > y->route;
}

/* What route vr asks of its vehicle and day (route_pack.h), in the
 * caller's arrays: deadline (per stop), days_ok (per day), held (per goods
 * of its stops). */
static route_pack_want want(const stage *s, const route_problem *rp, const vrp_route *vr,
                            const place_key *key, double *deadline, unsigned char *days_ok,
                            route_pack_goods *held)
{
    route_pack_want w;
    memset(&w, 0, sizeof w);
    w.min_day = key->min_day;
    w.release = key->release;
    for (size_t k = 0; s->node_deadline && k < vr->n_stops; k++)
        deadline[k] = vr->stops[k] < rp->n_nodes ? s->node_deadline[vr->stops[k]] : HUGE_VAL;
    w.deadline = s->node_deadline ? deadline : NULL;
    if (s->days) {
        route__days_of_route(s->days, vr, days_ok);
        w.days_ok = days_ok;
    }
    /* what it takes from the hub, since the day it is there (storage) */
    for (size_t k = 0; s->goods_since && k < vr->n_stops; k++) {
        const route_node_info *in = vr->stops[k] < rp->n_nodes ? &rp->info[vr->stops[k]] : NULL;
        for (size_t g = in ? in->goods_first : 0; in && g < in->goods_first + in->n_goods; g++) {
            route_pack_goods *x = &held[w.n_goods++];
            x->temperature = s->m->products[s->goods[g].product].temperature;
            x->since = s->goods_since[g];
            x->kg = s->goods[g].kg * in->share;
        }
    }
    w.goods = w.n_goods ? held : NULL;
    return w;
}

/* Put the solution's routes on vehicles and days (on `pk`) and, when
 * `keep`, keep them in the plan, seen[node] = 1 for their stops; routes
 * that find no room have r->n_stops set to 0 when `drop`.  *placed_kg gets
 * the kg the placed routes move; unplaced[t] (per engine type, may be NULL)
 * counts the routes that found no room, placed[t] those that did;
 * route_placed[r] (may be NULL) = 1 for the routes placed. */
static int place_routes(stage *s, route_pack *pk, const route_problem *rp, vrp_solution *sol,
                        int keep, unsigned char *seen, double *placed_kg, size_t *placed,
                        size_t *unplaced, unsigned char *route_placed)
{
    size_t maxn = 1;
    for (size_t r = 0; r < sol->n_routes; r++)
        if (sol->routes[r].n_stops > maxn)
            maxn = sol->routes[r].n_stops;
    size_t max_goods = 1;
    for (size_t r = 0; s->goods_since && r < sol->n_routes; r++) {
        size_t n = 0;
        for (size_t k = 0; k < sol->routes[r].n_stops; k++)
            if (sol->routes[r].stops[k] < rp->n_nodes)
                n += rp->info[sol->routes[r].stops[k]].n_goods;
        max_goods = n > max_goods ? n : max_goods;
    }
    place_key *keys = core__calloc(sol->n_routes + 1, sizeof *keys);
    vrp_stop_eval *ev = core__calloc(maxn, sizeof *ev);
    double *deadline = core__calloc(maxn, sizeof *deadline);
    unsigned char *days_ok = core__calloc(s->pack.days, 1);
    route_pack_goods *held = core__calloc(max_goods, sizeof *held);
    int rc = 0;
    *placed_kg = 0;
    if (!keys || !ev || !deadline || !days_ok || !held) {
        rc = core__error(TERROIR_ENOMEM, "out of memory keeping routes");
        goto done;
    }
    size_t n = 0;
    for (size_t r = 0; r < sol->n_routes; r++) {
        const vrp_route *vr = &sol->routes[r];
        if (vr->n_stops == 0)
            continue;
        place_key *k = &keys[n++];
        k->route = r;
        k->min_day = 1;
        for (size_t i = 0; s->min_day && i < vr->n_stops; i++)
            if (vr->stops[i] < rp->n_nodes && s->min_day[vr->stops[i]] > k->min_day)
                k->min_day = s->min_day[vr->stops[i]];
        for (size_t i = 0; s->min_day && i < vr->n_stops; i++)
            if (vr->stops[i] < rp->n_nodes && s->min_day[vr->stops[i]] == k->min_day)
                k->release = fmax(k->release, s->same_day_release[vr->stops[i]]);
        k->departure = NAN;
        if (s->m->vehicle_types[rp->type_model[vr->type]].trips_per_day > 1) {
            route_eval e;
            memset(&e, 0, sizeof e);
            e.stops = ev;
            route__evaluate(&rp->p, vr->type, vr->stops, vr->n_stops, &e);
            k->departure = e.departure;
        }
    }
    qsort(keys, n, sizeof *keys, by_day_then_departure);
    for (size_t i = 0; i < n && !rc; i++) {
        vrp_route *vr = &sol->routes[keys[i].route];
        route_eval e;
        memset(&e, 0, sizeof e);
        e.stops = ev;
        route_pack_place_out pl;
        route_pack_want w = want(s, rp, vr, &keys[i], deadline, days_ok, held);
        rc = route__pack_place(pk, &rp->p, vr, rp->type_model[vr->type], &w, &e, &pl);
        /* Goods waiting overnight that do not fit the hub's storage all
         * together: the route without its stop moving the most, until it
         * fits (a route without some of its stops keeps every rule). */
        while (!rc && !pl.placed && s->goods_since && vr->n_stops > 1) {
            size_t worst = 0;
            for (size_t k = 1; k < vr->n_stops; k++)
                if (rp->info[vr->stops[k]].kg > rp->info[vr->stops[worst]].kg)
                    worst = k;
            memmove(vr->stops + worst, vr->stops + worst + 1,
                    (vr->n_stops - worst - 1) * sizeof *vr->stops);
            vr->n_stops--;
            w = want(s, rp, vr, &keys[i], deadline, days_ok, held);
            rc = route__pack_place(pk, &rp->p, vr, rp->type_model[vr->type], &w, &e, &pl);
        }
        if (rc)
            break;
        if (!pl.placed) {
            if (unplaced)
                unplaced[vr->type]++;
            if (keep) {
                s->out->unplaced_routes++;
                core__logf(s->p->log, s->p->log_data,
                           "a route of %zu stop(s) of vehicle type '%s' finds no vehicle and "
                           "day to drive it (from day %u): its stops are unserved",
                           vr->n_stops, s->m->vehicle_types[rp->type_model[vr->type]].id,
                           keys[i].min_day);
                vr->n_stops = 0;
            }
            continue;
        }
        if (placed)
            placed[vr->type]++;
        if (route_placed)
            route_placed[keys[i].route] = 1;
        for (size_t k = 0; k < vr->n_stops; k++)
            if (vr->stops[k] >= rp->n_depots && vr->stops[k] < rp->n_nodes)
                *placed_kg += rp->info[vr->stops[k]].kg;
        if (!keep)
            continue;
        for (size_t k = 0; k < vr->n_stops; k++)
            if (vr->stops[k] < rp->n_nodes)
                seen[vr->stops[k]] = 1;
        rc = take_route(s, rp, vr, &pl);
    }
done:
    free(keys);
    free(ev);
    free(deadline);
    free(days_ok);
    free(held);
    return rc;
}

/* The routes of `sol` that find a vehicle and day (tried on a copy of the
 * stage's placement), as a warm start: *out owns copies of them. */
static int placed_routes(stage *s, const route_problem *rp, vrp_solution *sol, vrp_solution *out)
{
    memset(out, 0, sizeof *out);
    route_pack trial;
    unsigned char *ok = core__calloc(sol->n_routes + 1, 1);
    out->routes = core__calloc(sol->n_routes + 1, sizeof *out->routes);
    int rc = (!ok || !out->routes) ? core__error(TERROIR_ENOMEM, "out of memory routing")
                                   : route__pack_copy(&trial, &s->pack);
    if (rc) {
        free(ok);
        vrp__solution_free(out);
        return rc;
    }
    double kg;
    rc = place_routes(s, &trial, rp, sol, 0, NULL, &kg, NULL, NULL, ok);
    for (size_t r = 0; r < sol->n_routes && !rc; r++) {
        const vrp_route *from = &sol->routes[r];
        if (!ok[r] || from->n_stops == 0)
            continue;
        vrp_route *to = &out->routes[out->n_routes];
        *to = *from;
        if (!(to->stops = core__calloc(from->n_stops, sizeof *to->stops))) {
            rc = core__error(TERROIR_ENOMEM, "out of memory routing");
            break;
        }
        memcpy(to->stops, from->stops, from->n_stops * sizeof *to->stops);
        out->n_routes++;
    }
    route__pack_free(&trial);
    free(ok);
    if (rc)
        vrp__solution_free(out);
    return rc;
}

/* The engine once: `caps` trips per engine type, from `init` (may be
 * NULL), the best solution repaired into sol.  0 or an error. */
static int engine(stage *s, route_problem *rp, double seconds, const size_t *caps,
                  const vrp_solution *init, vrp_solution *sol)
{
    const route_stage_params *p = s->p;
    vrp_params vp;
    memset(&vp, 0, sizeof vp);
    memset(sol, 0, sizeof *sol);
    vp.time_limit_seconds = seconds;
    vp.iterations = p->iterations;
    vp.seed = p->seed;
    vp.polish = p->polish;
    vp.stall_seconds = p->stall_seconds;
    vp.progress = p->progress;
    vp.progress_data = p->progress_data;
    vp.log = p->log;
    vp.log_data = p->log_data;
    vp.warnings = p->warnings;
    vp.initial = init && init->n_routes ? init : NULL;
    size_t vehicles = 0;
    for (size_t t = 0; t < rp->n_types; t++) {
        rp->types[t].count = caps[t];
        vehicles += caps[t];
    }
    /* Without a vehicle the engine has nothing to do: every stop stays
     * unserved (no compatible vehicle, or fleet size for a count of 0). */
    int rc = vehicles ? vrp__solve(&rp->p, &vp, sol) : 0;
    if (rc)
        return rc;
    size_t dropped = repair(&rp->p, sol);
    if (dropped == (size_t)-1)
        return core__error(TERROIR_ENOMEM, "out of memory keeping routes");
    if (dropped)
        core__logf(s->p->log, s->p->log_data,
              "the engine's best solution broke rules (%s): %zu stop(s) dropped to keep "
              "the routes valid",
              sol->feasible ? "feasible by its own account" : "infeasible", dropped);
    s->out->repaired_stops += dropped;
    return 0;
}

/* How many times the engine may run again on one problem when its routes
 * do not all find a vehicle and day (route_pack.c): each time with as many
 * trips per type as were placed, from the routes placed. */
#define ROUTE_PLACE_RETRIES 2

/* Solve one problem and keep its routes and unserved stops.  The trips the
 * engine may use per type are those left on the type's vehicles and days
 * (route__pack_capacity), a bound: routes that then find no vehicle and day
 * (their days or the working day are full) make the engine run again with
 * fewer trips, from the routes that did.  The unserved kg per site of this
 * problem are left in s->unserved_kg / s->total_kg. */
static int solve_one(stage *s, route_problem *rp, double seconds)
{
    size_t nt = rp->n_types ? rp->n_types : 1;
    size_t *caps = core__calloc(nt, sizeof *caps), *placed = core__calloc(nt, sizeof *placed),
           *unplaced = core__calloc(nt, sizeof *unplaced);
    unsigned char *seen = core__calloc(rp->n_nodes, 1);
    vrp_solution sol, best, init;
    memset(&sol, 0, sizeof sol);
    memset(&best, 0, sizeof best);
    memset(&init, 0, sizeof init);
    route_pack trial;
    memset(&trial, 0, sizeof trial);
    double best_kg = -1;
    int rc = 0;
    if (!caps || !placed || !unplaced || !seen) {
        rc = core__error(TERROIR_ENOMEM, "out of memory routing");
        goto done;
    }
    /* (types split by day class: an earlier routing's routes do not know
     * which copy of their type they belong to) */
    if ((!s->days || s->days->n_classes == 0) &&
        (rc = route__warm_start(s->m, rp, s->p->warm, &init)) != 0)
        goto done;
    route__days_caps(s->days, rp, &s->pack, s->first_day, caps);
    for (int attempt = 0;; attempt++) {
        if ((rc = engine(s, rp, seconds, caps, &init, &sol)) != 0)
            goto done;
        vrp__solution_free(&init);
        double kg;
        memset(placed, 0, nt * sizeof *placed);
        memset(unplaced, 0, nt * sizeof *unplaced);
        if ((rc = route__pack_copy(&trial, &s->pack)) != 0 ||
            (rc = place_routes(s, &trial, rp, &sol, 0, NULL, &kg, placed, unplaced, NULL)) != 0)
            goto done;
        route__pack_free(&trial);
        if (kg > best_kg + 1e-9 || (kg > best_kg - 1e-9 && sol.cost < best.cost)) {
            vrp__solution_free(&best);
            best = sol;
            best_kg = kg;
        } else {
            vrp__solution_free(&sol);
        }
        memset(&sol, 0, sizeof sol);
        size_t missed = 0;
        for (size_t t = 0; t < rp->n_types; t++)
            missed += unplaced[t];
        double left = s->p->time_limit_seconds > 0 ? s->deadline - core__now() : 1;
        if (missed == 0 || attempt == ROUTE_PLACE_RETRIES || left < 0.05 ||
            s->poll.stop)
            break;
        for (size_t t = 0; t < rp->n_types; t++)
            if (unplaced[t])
                caps[t] = placed[t];
        /* from the routes that were placed */
        if ((rc = placed_routes(s, rp, &best, &init)) != 0)
            goto done;
        if (s->p->time_limit_seconds > 0)
            seconds = fmin(seconds / 2, left);
    }
    if (best.cost_before_polish > best.cost)
        s->out->polish_gain += best.cost_before_polish - best.cost;
    for (size_t i = 0; i < rp->n_nodes; i++)
        s->total_kg[rp->nodes[i].site] += i >= rp->n_depots ? rp->info[i].kg : 0;
    double kg;
    rc = place_routes(s, &s->pack, rp, &best, 1, seen, &kg, NULL, NULL, NULL);
    /* Stops in no route are unserved, listed or not by the engine. */
    for (size_t i = rp->n_depots; i < rp->n_nodes && !rc; i++)
        if (!seen[i])
            rc = take_unserved(s, rp, &best, i);
done:
    free(caps);
    free(placed);
    free(unplaced);
    free(seen);
    route__pack_free(&trial);
    vrp__solution_free(&sol);
    vrp__solution_free(&best);
    vrp__solution_free(&init);
    return rc;
}

/* Seconds for a problem of n stops out of n_left still to route. */
static double share(const route_stage_params *p, double deadline, size_t n, size_t n_left)
{
    if (p->time_limit_seconds <= 0)
        return 0;
    double left = deadline - core__now();
    double t = n_left ? left * (double)n / (double)n_left : left;
    return t > 1e-3 ? t : 1e-3;
}

/* Flow-level accounting of what one hub's routes left undelivered: of each
 * flow, the share `reached` of its goods reaches the hub (scale), and of
 * that, the share of its point's deliveries that a route serves. */
static void account_hub(stage *s, size_t h, const double *reached)
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
static int keep_self_deliveries(stage *s, size_t h, const double *self)
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

/* The days of rp's stops (its stops added, the problem not ended): a
 * stop with no day left from its min_day (node_min_day, NULL: day 1) goes
 * to no vehicle, and the engine's types are split by day class from
 * first_day (route_days.h). */
static int problem_days(const terroir_model *m, route_problem *rp,
                        const unsigned int *node_min_day, unsigned int first_day, route_days *d)
{
    int rc = route__days_build(d, m, rp);
    if (rc)
        return rc;
    route__days_mark_none(d, rp, node_min_day);
    return route__days_split(d, rp, first_day);
}

/* Build, solve and keep one problem of hub h: its stops `l`, with per
 * stop (NULL: none) the day its goods are all at the hub (`min_day`) and
 * the minute of that day (`release`), and per goods of `l` (NULL: none)
 * the day they are at the hub from (`since`), on the trips its fleet has
 * left.  A stop that may be served on a later day than min_day (its goods
 * there, and its site receiving then) is given no release in the engine:
 * its route runs on min_day if it can leave late enough, else on a later
 * one (route_pack.c). */
static int solve_hub_problem(stage *s, size_t h, const route_stop_list *l, const double *release,
                             const unsigned int *min_day, const double *deadline,
                             const unsigned int *since, double seconds, route_problem *rp)
{
    int rc;
    if ((rc = route__problem_begin(rp, s->m, &h, 1)) != 0)
        return rc;
    unsigned int *node_min_day = NULL;
    double *node_release = NULL, *node_deadline = NULL;
    route_days days;
    memset(&days, 0, sizeof days);
    if (min_day && (!(node_min_day = core__calloc(l->n + 1, sizeof *node_min_day)) ||
                    !(node_release = core__calloc(l->n + 1, sizeof *node_release)) ||
                    !(node_deadline = core__calloc(l->n + 1, sizeof *node_deadline)))) {
        free(node_min_day);
        free(node_release);
        return core__error(TERROIR_ENOMEM, "out of memory routing");
    }
    for (size_t i = 0; i < l->n && !rc; i++) {
        rc = route__problem_add_stop(rp, s->m, &l->stops[i]);
        if (rc || !min_day)
            continue;
        size_t k = rp->n_nodes - 1;
        node_min_day[k] = min_day[i];
        node_deadline[k] = deadline ? deadline[i] : HUGE_VAL;
        node_release[k] = release[i];
    }
    s->first_day = 1;
    for (size_t i = 0; min_day && i < l->n; i++)
        if (i == 0 || min_day[i] < s->first_day)
            s->first_day = min_day[i];
    if (!rc)
        rc = problem_days(s->m, rp, node_min_day, s->first_day, &days);
    for (size_t k = rp->n_depots; !rc && min_day && k < rp->n_nodes; k++)
        if (route__days_last(&days, k) <= node_min_day[k])
            rp->nodes[k].release = node_release[k];
    if (!rc)
        rc = route__problem_end(rp, s->m, &s->poll);
    if (!rc) {
        s->goods = l->goods;
        s->min_day = node_min_day;
        s->same_day_release = node_release;
        s->node_deadline = node_deadline;
        s->days = days.restricted ? &days : NULL;
        s->goods_since = since;
        rc = solve_one(s, rp, seconds);
        s->goods = NULL;
        s->min_day = NULL;
        s->same_day_release = NULL;
        s->node_deadline = NULL;
        s->days = NULL;
        s->goods_since = NULL;
    }
    s->first_day = 1;
    route__days_free(&days);
    free(node_min_day);
    free(node_release);
    free(node_deadline);
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
static int trim_undelivered(stage *s, size_t h, const route_stop_list *drop,
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
    size_t idx = m->sites[site].index;
    for (unsigned int d = days; d > 0; d--)
        if (m->sites[site].kind == TERROIR_SITE_POINT ? model__point_receives(&m->points[idx], d)
            : m->sites[site].kind == TERROIR_SITE_PRODUCER
                ? model__producer_ships(&m->producers[idx], d)
                : 1)
            return d;
    return 0;
}

/* One hub: collection routes, then delivery routes (route_stage.h).
 * latest_pick (per producer, NULL: none): pickups there start by then.
 * needed_by (per producer, may be NULL) gets, for the deliveries left
 * unserved because their goods came too late to leave in time, the time
 * the producer's goods should have been at the hub (HUGE_VAL: no such
 * delivery), and late_by how many minutes too late they were. */
static int route_hub_round(stage *s, size_t h, const double *self, size_t *n_left,
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
        rc = solve_hub_problem(s, h, &view, NULL, NULL, NULL, NULL,
                               share(s->p, deadline, view.n, *n_left), &rp);
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
        free(s->node_return);
        free(s->node_day);
        free(s->node_pick);
        s->node_return = NULL;
        s->node_day = NULL;
        s->node_pick = NULL;
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
        rc = solve_hub_problem(s, h, &drop, release, min_day, shelf, since,
                               share(s->p, deadline, drop.n, *n_left), &rp);
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
    free(s->node_return);
    free(s->node_day);
    free(s->node_pick);
    s->node_return = NULL;
    s->node_day = NULL;
    s->node_pick = NULL;
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
static int hub_round(stage *s, size_t h, const double *self, size_t *n_left, double deadline,
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
static int route_hub(stage *s, size_t h, const double *self, size_t *n_left, double deadline)
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

static int food_hub(stage *s, const size_t *hubs, size_t n_hubs, double deadline)
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

static int pure(stage *s, const size_t *hubs, size_t n_hubs, double deadline)
{
    const terroir_model *m = s->m;
    route_stop_list l;
    route_problem rp;
    route_days days;
    memset(&l, 0, sizeof l);
    memset(&rp, 0, sizeof rp);
    memset(&days, 0, sizeof days);
    int rc = route__pure_stop_list(m, &l);
    if (rc)
        goto done;
    s->out->n_stops = l.n;
    if (l.n == 0)
        goto done;
    if ((rc = route__problem_begin(&rp, m, hubs, n_hubs)) != 0)
        goto done;
    if (s->p->depot_capacity)
        for (size_t d = 0; d < rp.n_depots; d++)
            rp.nodes[d].depot_capacity_kg = fmax(route__hub_capacity(m, rp.depot_hub[d]), 0);
    for (size_t i = 0; i < l.n && !rc; i++)
        rc = route__problem_add_stop(&rp, m, &l.stops[i]);
    if (rc || (rc = problem_days(m, &rp, NULL, 1, &days)) != 0 ||
        (rc = route__problem_end(&rp, m, &s->poll)) != 0)
        goto done;
    s->goods = l.goods;
    s->days = days.restricted ? &days : NULL;
    rc = solve_one(s, &rp, share(s->p, deadline, l.n, l.n));
    s->goods = NULL;
    s->days = NULL;
    if (rc)
        goto done;
    for (size_t j = 0; j < m->n_points; j++) {
        size_t site = m->points[j].base.site;
        s->out->undelivered_kg[m->points[j].kind] += s->unserved_kg[site];
    }
done:
    route__days_free(&days);
    route__problem_free(&rp);
    route__stop_list_free(&l);
    return rc;
}

double route__hub_capacity(const terroir_model *m, size_t h)
{
    unsigned int used = 0;
    for (size_t k = 0; k < m->n_products; k++)
        used |= 1u << m->products[k].temperature;
    double total = 0;
    for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++) {
        double cap = m->hubs[h].capacity_kg[c];
        if (!(used & (1u << c)))
            continue;
        if (cap < 0 || !isfinite(cap))
            return 0;
        total += cap;
    }
    /* A hub that can handle nothing: a token capacity (0 means unlimited). */
    return total > 0 ? total : 1e-9;
}

/* The caller's progress callback, for the poll (no cost known yet). */
static int ask(void *data)
{
    const route_stage_params *p = data;
    return p->progress(NAN, p->progress_data);
}

int route__stage(const terroir_model *m, const alloc_result *a, const route_stage_params *p,
                 route_stage_result *out)
{
    stage s;
    memset(&s, 0, sizeof s);
    memset(out, 0, sizeof *out);
    s.m = m;
    s.a = a;
    s.p = p;
    s.out = out;
    double deadline = core__now() + p->time_limit_seconds;
    s.deadline = deadline;
    s.first_day = 1;
    core__poll_init(&s.poll, p->time_limit_seconds > 0 ? deadline : 0, p->progress ? ask : NULL,
                    (void *)p);
    size_t *hubs = NULL, n_hubs = 0;
    int rc = 0;
    out->hub_cost = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *out->hub_cost);
    s.total_kg = core__calloc(m->n_sites ? m->n_sites : 1, sizeof *s.total_kg);
    s.unserved_kg = core__calloc(m->n_sites ? m->n_sites : 1, sizeof *s.unserved_kg);
    if (!out->hub_cost || !s.total_kg || !s.unserved_kg || route__pack_init(&s.pack, m) != 0) {
        rc = core__error(TERROIR_ENOMEM, "out of memory routing");
        goto done;
    }
    if (a) {
        /* every hub that the flows go through, fleet or not */
        if (!(hubs = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *hubs))) {
            rc = core__error(TERROIR_ENOMEM, "out of memory routing");
            goto done;
        }
        for (size_t h = 0; h < m->n_hubs; h++)
            for (size_t k = 0; k < a->n_flows; k++)
                if (a->flows[k].hub == h) {
                    hubs[n_hubs++] = h;
                    break;
                }
        rc = food_hub(&s, hubs, n_hubs, deadline);
    } else {
        if ((rc = route__fleet_hubs(m, p->hub_open, &hubs, &n_hubs)) != 0)
            goto done;
        rc = pure(&s, hubs, n_hubs, deadline);
    }
done:
    free(hubs);
    route__pack_free(&s.pack);
    free(s.total_kg);
    free(s.unserved_kg);
    if (rc)
        route__stage_free(out);
    return rc;
}
