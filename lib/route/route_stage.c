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
#include "route/route_stage.h"
#include "route/route_stage_internal.h"


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
static int stop_products(const route_run *s, const route_node_info *in, plan_stop *ps)
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
static int take_route(route_run *s, const route_problem *rp, const vrp_route *r,
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

static int take_unserved(route_run *s, const route_problem *rp, const vrp_solution *sol, size_t node)
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
static route_pack_want want(const route_run *s, const route_problem *rp, const vrp_route *vr,
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
static int place_routes(route_run *s, route_pack *pk, const route_problem *rp, vrp_solution *sol,
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
static int placed_routes(route_run *s, const route_problem *rp, vrp_solution *sol, vrp_solution *out)
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
static int engine(route_run *s, route_problem *rp, double seconds, const size_t *caps,
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
static int solve_one(route_run *s, route_problem *rp, double seconds)
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
    /* Early days first (s->early_day): the trips up to `horizon`, then up
     * to halfway to the cycle's end, then the whole cycle (horizon 0), each
     * tried only when the one before left stops out for want of a vehicle;
     * the time is shared between the tries. */
    unsigned int horizon = 0, days = (unsigned int)s->pack.days;
    int tries_left = 0;
    if (s->early_day >= s->first_day && s->early_day < days) {
        horizon = s->early_day;
        tries_left = horizon + (days - horizon) / 2 > horizon ? 2 : 1;
        seconds /= tries_left + 1;
    }
    route__days_caps(s->days, rp, &s->pack, s->first_day, horizon, caps);
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
        if (horizon) {
            /* kept when the early days' fleet left no stop out for want of
             * a vehicle (stops may be left out for their cost) */
            int fleet_short = missed > 0;
            for (size_t u = 0; u < best.n_unserved && !fleet_short; u++)
                fleet_short = route__unserved_reason(&rp->p, best.unserved[u], &best) ==
                              TERROIR_UNSERVED_STOP_FLEET_SIZE;
            if (!fleet_short)
                break;
            horizon = --tries_left > 0 ? horizon + (days - horizon) / 2 : 0;
            route__days_caps(s->days, rp, &s->pack, s->first_day, horizon, caps);
            attempt--;
            continue;
        }
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
double route__stage_share(const route_stage_params *p, double deadline, size_t n, size_t n_left)
{
    if (p->time_limit_seconds <= 0)
        return 0;
    double left = deadline - core__now();
    double t = n_left ? left * (double)n / (double)n_left : left;
    return t > 1e-3 ? t : 1e-3;
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

/* One problem of hub h: see route_stage_internal.h. */
int route__stage_solve_hub_problem(route_run *s, size_t h, const route_stop_list *l,
                                   const double *release, const unsigned int *min_day,
                                   const double *deadline, const unsigned int *since,
                                   double seconds, route_problem *rp)
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

static int pure(route_run *s, const size_t *hubs, size_t n_hubs, double deadline)
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
    rc = solve_one(s, &rp, route__stage_share(s->p, deadline, l.n, l.n));
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
    route_run s;
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
        rc = route__food_hub(&s, hubs, n_hubs, deadline);
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
