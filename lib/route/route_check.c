/* The route checker: routes (a set built by a planner or loaded from a
 * routes file, or the routes of a plan) evaluated against a model by the
 * rules of include/terroir/route.h, with every violation.
 *
 * How: ids are resolved (unknown ones are input errors, at their position
 * in the routes file); a vrp_problem is built with every hub as a depot and
 * one node per visit (route_problem.c, the builder the solve uses); each
 * route is walked by route__evaluate (route_eval.c, independent of the
 * engine); then the set as a whole is checked: vehicles used per type
 * against the fleet, and what each site receives or gives against what it
 * should —
 *  - routes of a planner: every point with demand is visited, and a site
 *    whose quantities come from the model is visited once;
 *  - routes of a plan: the goods each stop moves, per hub, add up to what
 *    the plan's flows ask of that hub (rebuilt from the flows with the
 *    stage's own rules, route_build.c), or to each point's demand for a
 *    model without producers; the plan's unserved stops count as moved
 *    unless they were mandatory.  At a hub with a storage limit, pickups
 *    may move less: goods no served delivery takes stay at the farm (the
 *    stage's rule), and the synchronisation and stock rules check that
 *    every delivery still has its goods. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"

#define CHECK_TOL 1e-6

/* A stop's goods per product, resolved against the model (product indices
 * are the model's, which the report's product_ids follow). */
typedef struct stop_goods {
    plan_stop_product *products; /* NULL: unknown (a stop in kg only) */
    size_t n_products;
} stop_goods;

typedef struct checker {
    const terroir_model *m;
    const terroir_routes *rs;
    const terroir_plan *plan;
    terroir_route_report *rep;
    route_problem rp;
    size_t *vt_of_route;   /* model vehicle type per route */
    size_t **node_of_stop; /* per route, per stop: problem node */
    stop_goods **goods;    /* per route, per stop (moved into the report) */
    size_t *vrp_type;      /* per model vehicle type: problem type */
    route_sync_self *selfs; /* the set's self deliveries, resolved */
} checker;

static const char *site_id(const checker *c, size_t site)
{
    return c->rep->site_ids[site];
}

/* "H:MM" of a time in minutes, rounded to the minute. */
static const char *hhmm(char *buf, size_t size, double minutes)
{
    double r = floor(minutes + 0.5);
    if (!isfinite(r) || r < 0 || r > 1e9)
        snprintf(buf, size, "%g min", minutes);
    else
        snprintf(buf, size, "%lu:%02lu", (unsigned long)(r / 60), (unsigned long)fmod(r, 60));
    return buf;
}

/* A violation of the kinds that predate issue 11 (no product, hub or time). */
#define violation(c, kind, route, stop, site, amount, dim, ...)                                 \
    route__report_add((c)->rep, kind, route, stop, site, amount, dim, PLAN_NONE, PLAN_NONE, NAN, \
                      __VA_ARGS__)

static int copy_ids(terroir_route_report *r, const terroir_model *m)
{
    r->site_ids = core__calloc(m->n_sites ? m->n_sites : 1, sizeof *r->site_ids);
    r->vehicle_type_ids =
        core__calloc(m->n_vehicle_types ? m->n_vehicle_types : 1, sizeof *r->vehicle_type_ids);
    if (!r->site_ids || !r->vehicle_type_ids)
        return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    for (; r->n_sites < m->n_sites; r->n_sites++)
        if (!(r->site_ids[r->n_sites] = core__strdup(model__site_base(m, r->n_sites)->id)))
            return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    for (; r->n_vehicle_types < m->n_vehicle_types; r->n_vehicle_types++)
        if (!(r->vehicle_type_ids[r->n_vehicle_types] =
                  core__strdup(m->vehicle_types[r->n_vehicle_types].id)))
            return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    if (!(r->product_ids = core__calloc(m->n_products ? m->n_products : 1, sizeof *r->product_ids)))
        return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    for (; r->n_products < m->n_products; r->n_products++)
        if (!(r->product_ids[r->n_products] = core__strdup(m->products[r->n_products].id)))
            return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    return 0;
}

static size_t product_index(const terroir_model *m, const char *id)
{
    return model__idmap_get(&m->product_ids, model__product_key, m, id);
}

/* The goods per product of stop k of route i: as given (ids resolved; an
 * unknown id is an input error at its position), else the site's from the
 * model when the stop gives no quantities either; a stop in kg only has
 * none.  With products and no quantities, the stop's delivery or pickup is
 * their sum. */
static int resolve_goods(checker *c, size_t i, size_t k, size_t site, route_stop_in *in)
{
    const terroir_model *m = c->m;
    const route_set_stop *st = &c->rs->routes[i].stops[k];
    stop_goods *g = &c->goods[i][k];
    const model_line *lines = NULL;
    size_t n = 0;
    if (st->has_products) {
        n = st->n_products;
    } else if (!st->has_quantities) {
        size_t idx = m->sites[site].index;
        if (m->sites[site].kind == TERROIR_SITE_POINT) {
            lines = m->points[idx].demand;
            n = m->points[idx].n_demand;
        } else {
            lines = m->producers[idx].supply;
            n = m->producers[idx].n_supply;
        }
    } else {
        return 0; /* kg only */
    }
    if (!(g->products = core__calloc(n ? n : 1, sizeof *g->products)))
        return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    for (size_t j = 0; j < n; j++) {
        plan_stop_product *out = &g->products[g->n_products];
        if (st->has_products) {
            const route_set_product *sp = &st->products[j];
            size_t prod = product_index(m, sp->product);
            if (prod == MODEL_NONE) {
                char field[96];
                snprintf(field, sizeof field, "routes[%zu].stops[%zu].products", i, k);
                return core__error_at(TERROIR_EINPUT, c->rs->file, sp->line, sp->column, field,
                                      "unknown product '%s'", sp->product);
            }
            out->product = prod;
            out->quantity = sp->quantity;
            out->kg = sp->kg >= 0 ? sp->kg : sp->quantity * m->products[prod].kg_per_unit;
        } else {
            if (lines[j].quantity <= 0)
                continue;
            out->product = lines[j].product;
            out->quantity = lines[j].quantity;
            out->kg = lines[j].quantity * m->products[lines[j].product].kg_per_unit;
        }
        g->n_products++;
    }
    if (st->has_products && !st->has_quantities) {
        double *goods = in->kind == TERROIR_STOP_DELIVERY ? in->delivery : in->pickup;
        unsigned int temps = 0;
        for (int d = 0; d < VRP_DIMENSIONS; d++)
            goods[d] = 0;
        for (size_t j = 0; j < g->n_products; j++) {
            double one[VRP_DIMENSIONS];
            route__product_goods(m, g->products[j].product, g->products[j].quantity, one);
            for (int d = 0; d < VRP_DIMENSIONS; d++)
                goods[d] += one[d];
            temps |= 1u << m->products[g->products[j].product].temperature;
        }
        if (!st->temperatures)
            in->temperatures = temps;
    }
    return 0;
}

/* The set's self deliveries against the model (unknown ids: input errors
 * at their position). */
static int resolve_selfs(checker *c)
{
    const terroir_model *m = c->m;
    const terroir_routes *rs = c->rs;
    if (!(c->selfs = core__calloc(rs->n_selfs ? rs->n_selfs : 1, sizeof *c->selfs)))
        return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    for (size_t i = 0; i < rs->n_selfs; i++) {
        const route_set_self *s = &rs->selfs[i];
        size_t producer = model__idmap_get(&m->site_ids, model__site_key, m, s->producer);
        size_t hub = model__idmap_get(&m->site_ids, model__site_key, m, s->hub);
        size_t prod = product_index(m, s->product);
        static const char *const keys[] = {"producer", "hub", "product"};
        static const char *const what[] = {"producer", "hub", "product"};
        int bad = producer == MODEL_NONE || m->sites[producer].kind != TERROIR_SITE_PRODUCER
                      ? 0
                  : hub == MODEL_NONE || m->sites[hub].kind != TERROIR_SITE_HUB ? 1
                  : prod == MODEL_NONE                                           ? 2
                                                                                 : -1;
        if (bad >= 0) {
            const char *ids[] = {s->producer, s->hub, s->product};
            char field[96];
            snprintf(field, sizeof field, "self_deliveries[%zu].%s", i, keys[bad]);
            return core__error_at(TERROIR_EINPUT, rs->file, s->line[bad], s->column[bad], field,
                                  "unknown %s '%s'", what[bad], ids[bad]);
        }
        if (s->day > m->settings.operating_days) {
            char field[96];
            snprintf(field, sizeof field, "self_deliveries[%zu].day", i);
            return core__error_at(TERROIR_EINPUT, rs->file, s->line[0], s->column[0], field,
                                  "day %u is past the model's %u operating day%s", s->day,
                                  (unsigned)m->settings.operating_days,
                                  m->settings.operating_days == 1 ? "" : "s");
        }
        route_sync_self *o = &c->selfs[i];
        o->producer_site = producer;
        o->hub = m->sites[hub].index;
        o->product = prod;
        o->kg = s->kg >= 0 ? s->kg : s->quantity * m->products[prod].kg_per_unit;
        o->day = s->day;
        o->departure = s->departure;
        o->arrival = s->arrival;
    }
    return 0;
}

/* Resolve ids and build the problem: every hub a depot, one node per visit. */
static int build(checker *c)
{
    const terroir_model *m = c->m;
    const terroir_routes *rs = c->rs;
    const char *file = rs->file;
    size_t *hubs = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *hubs);
    c->vt_of_route = core__calloc(rs->n_routes ? rs->n_routes : 1, sizeof *c->vt_of_route);
    c->node_of_stop = core__calloc(rs->n_routes ? rs->n_routes : 1, sizeof *c->node_of_stop);
    c->goods = core__calloc(rs->n_routes ? rs->n_routes : 1, sizeof *c->goods);
    c->vrp_type = core__calloc(m->n_vehicle_types ? m->n_vehicle_types : 1, sizeof *c->vrp_type);
    int rc = 0;
    if (!hubs || !c->vt_of_route || !c->node_of_stop || !c->goods || !c->vrp_type) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    for (size_t h = 0; h < m->n_hubs; h++)
        hubs[h] = h;
    if ((rc = route__problem_begin(&c->rp, m, hubs, m->n_hubs)) != 0)
        goto done;
    for (size_t v = 0; v < m->n_vehicle_types; v++)
        c->vrp_type[v] = VRP_NONE;
    for (size_t t = 0; t < c->rp.n_types; t++)
        c->vrp_type[c->rp.type_model[t]] = t;
    for (size_t i = 0; i < rs->n_routes; i++) {
        const route_set_route *rt = &rs->routes[i];
        size_t v =
            model__idmap_get(&m->vehicle_type_ids, model__vehicle_type_key, m, rt->vehicle_type);
        if (v == MODEL_NONE || c->vrp_type[v] == VRP_NONE) {
            char field[64];
            snprintf(field, sizeof field, "routes[%zu].vehicle_type", i);
            rc = core__error_at(TERROIR_EINPUT, file, rt->line, rt->column, field,
                                "unknown vehicle type '%s'", rt->vehicle_type);
            goto done;
        }
        c->vt_of_route[i] = v;
        if (rt->has_vehicle && rt->day > m->settings.operating_days) {
            char field[64];
            snprintf(field, sizeof field, "routes[%zu].day", i);
            rc = core__error_at(TERROIR_EINPUT, file, rt->day_line ? rt->day_line : rt->line,
                                rt->day_line ? rt->day_column : rt->column, field,
                                "day %u is past the model's %u operating day%s", rt->day,
                                (unsigned)m->settings.operating_days,
                                m->settings.operating_days == 1 ? "" : "s");
            goto done;
        }
        if (!(c->node_of_stop[i] = core__calloc(rt->n_stops ? rt->n_stops : 1, sizeof(size_t))) ||
            !(c->goods[i] = core__calloc(rt->n_stops ? rt->n_stops : 1, sizeof(stop_goods)))) {
            rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
            goto done;
        }
        for (size_t k = 0; k < rt->n_stops; k++) {
            const route_set_stop *st = &rt->stops[k];
            size_t site = model__idmap_get(&m->site_ids, model__site_key, m, st->site);
            if (site == MODEL_NONE) {
                char field[64];
                snprintf(field, sizeof field, "routes[%zu].stops[%zu]", i, k);
                rc = core__error_at(TERROIR_EINPUT, file, st->line, st->column, field,
                                    "unknown site '%s'", st->site);
                goto done;
            }
            terroir_site_kind kind = m->sites[site].kind;
            if (kind == TERROIR_SITE_HUB) {
                c->node_of_stop[i][k] = m->sites[site].index; /* its depot node */
                continue;
            }
            route_stop_in in;
            memset(&in, 0, sizeof in);
            double goods[VRP_DIMENSIONS];
            route__site_goods(m, site, goods, &in.temperatures);
            if (st->temperatures)
                in.temperatures = st->temperatures;
            in.site = site;
            in.hub = MODEL_NONE;
            in.kind = kind == TERROIR_SITE_POINT ? TERROIR_STOP_DELIVERY : TERROIR_STOP_PICKUP;
            in.penalty = -1;
            if (st->has_quantities) {
                memcpy(in.delivery, st->delivery, sizeof in.delivery);
                memcpy(in.pickup, st->pickup, sizeof in.pickup);
            } else if (kind == TERROIR_SITE_POINT) {
                memcpy(in.delivery, goods, sizeof in.delivery);
            } else {
                memcpy(in.pickup, goods, sizeof in.pickup);
            }
            if ((rc = resolve_goods(c, i, k, site, &in)) != 0)
                goto done;
            in.kg = in.delivery[TERROIR_DIMENSION_KG] + in.pickup[TERROIR_DIMENSION_KG];
            if ((rc = route__problem_add_stop(&c->rp, m, &in)) != 0)
                goto done;
            c->node_of_stop[i][k] = c->rp.n_nodes - 1;
        }
    }
    if ((rc = resolve_selfs(c)) != 0)
        goto done;
    rc = route__problem_end(&c->rp, m, NULL);
done:
    free(hubs);
    return rc;
}

static int route_violations(checker *c, size_t i, const route_violation *v, size_t n)
{
    const vrp_problem *p = &c->rp.p;
    const plan_route *r = &c->rep->routes[i];
    const char *vt = c->rep->vehicle_type_ids[r->vehicle_type];
    const vrp_vehicle_type *t = &p->types[c->vrp_type[r->vehicle_type]];
    const vrp_node *depot = &p->nodes[t->depot];
    char b1[32], b2[32];
    int rc = 0;
    for (size_t k = 0; k < n && !rc; k++) {
        size_t pos = v[k].position;
        size_t site = pos < r->n_stops ? r->stops[pos].site : PLAN_NONE;
        const char *sid = site != PLAN_NONE ? site_id(c, site) : NULL;
        size_t stop = pos == VRP_NONE ? TERROIR_ROUTE_NONE : pos;
        switch (v[k].kind) {
        case TERROIR_VIOLATION_CAPACITY: {
            const char *dim = terroir_dimension_to_string((terroir_dimension)v[k].dimension);
            double cap = t->capacity[v[k].dimension];
            if (pos == VRP_NONE)
                rc = violation(c, v[k].kind, i, stop, PLAN_NONE, v[k].amount, v[k].dimension,
                               "vehicle type '%s' leaves hub '%s' with %g %s on board, above "
                               "its capacity of %g %s",
                               vt, site_id(c, r->hub), cap + v[k].amount, dim, cap, dim);
            else
                rc = violation(c, v[k].kind, i, stop, site, v[k].amount, v[k].dimension,
                               "vehicle type '%s' has %g %s on board after '%s', above its "
                               "capacity of %g %s",
                               vt, cap + v[k].amount, dim, sid, cap, dim);
            break;
        }
        case TERROIR_VIOLATION_TIME_WINDOW: {
            const vrp_node *nd = &p->nodes[c->node_of_stop[i][pos]];
            rc = violation(c, v[k].kind, i, stop, site, v[k].amount, 0,
                           "arrives at '%s' at %s, after its last time window closed at %s "
                           "(%g min late)",
                           sid, hhmm(b1, sizeof b1, r->stops[pos].arrival),
                           hhmm(b2, sizeof b2, nd->windows[nd->n_windows - 1].close), v[k].amount);
            break;
        }
        case TERROIR_VIOLATION_DURATION:
            rc = violation(c, v[k].kind, i, stop, PLAN_NONE, v[k].amount, 0,
                           "route lasts %g min, above the maximum of %g min of vehicle type "
                           "'%s'",
                           r->minutes, t->max_duration_minutes, vt);
            break;
        case TERROIR_VIOLATION_HUB_HOURS:
            rc = violation(c, v[k].kind, i, stop, r->hub, v[k].amount, 0,
                           "returns to hub '%s' at %s, after it closed at %s", site_id(c, r->hub),
                           hhmm(b1, sizeof b1, r->arrival),
                           hhmm(b2, sizeof b2, depot->windows[depot->n_windows - 1].close));
            break;
        case TERROIR_VIOLATION_TEMPERATURE:
            rc = violation(c, v[k].kind, i, stop, site, 0, 0,
                           "vehicle type '%s' cannot carry every temperature class of the "
                           "goods of '%s'",
                           vt, sid);
            break;
        case TERROIR_VIOLATION_NOT_A_STOP:
            rc = violation(c, v[k].kind, i, stop, site, 0, 0,
                           "'%s' is a hub, not a stop (a route starts and ends at its "
                           "vehicle's home hub)",
                           sid);
            break;
        default:
            break;
        }
    }
    return rc;
}

/* Fleet size: the (vehicle, day) pairs each type uses against count x
 * operating days (reported once, on the first route past them), and a
 * vehicle number the type does not have (once per number).  How many trips
 * a vehicle drives in a day is route_trips.c's. */
static int fleet_size(checker *c)
{
    const terroir_route_report *rep = c->rep;
    size_t days = c->m->settings.operating_days;
    size_t n = rep->n_routes;
    size_t *seen = core__calloc(n ? n : 1, sizeof *seen); /* distinct routes' indices */
    int rc = 0;
    if (!seen)
        return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    for (size_t v = 0; v < c->m->n_vehicle_types && !rc; v++) {
        size_t count = c->m->vehicle_types[v].count;
        size_t allowed = count > SIZE_MAX / days ? SIZE_MAX : count * days;
        size_t used = 0, first_extra = TERROIR_ROUTE_NONE;
        for (size_t i = 0; i < n && !rc; i++) {
            const plan_route *r = &rep->routes[i];
            if (c->vt_of_route[i] != v || r->n_stops == 0)
                continue;
            size_t j = 0;
            while (j < used && !(rep->routes[seen[j]].vehicle == r->vehicle &&
                                 rep->routes[seen[j]].day == r->day))
                j++;
            if (j < used)
                continue; /* another trip of a vehicle already counted */
            seen[used++] = i;
            if (used > allowed && first_extra == TERROIR_ROUTE_NONE)
                first_extra = i;
            if (c->rs->routes[i].has_vehicle && r->vehicle >= count)
                rc = violation(c, TERROIR_VIOLATION_FLEET_SIZE, i, TERROIR_ROUTE_NONE, PLAN_NONE,
                               1.0, 0,
                               "route %zu is driven by vehicle #%zu of type '%s', which has %zu "
                               "vehicle%s",
                               i + 1, r->vehicle + 1, c->m->vehicle_types[v].id, count,
                               count == 1 ? "" : "s");
        }
        if (!rc && first_extra != TERROIR_ROUTE_NONE)
            rc = violation(c, TERROIR_VIOLATION_FLEET_SIZE, first_extra, TERROIR_ROUTE_NONE,
                           PLAN_NONE, (double)(used - allowed), 0,
                           "%zu routes use vehicle type '%s', which has %zu vehicle%s x %zu "
                           "operating day%s",
                           used, c->m->vehicle_types[v].id, count, count == 1 ? "" : "s", days,
                           days == 1 ? "" : "s");
    }
    free(seen);
    return rc;
}

/* Evaluate every route into the report. */
static int evaluate(checker *c)
{
    const terroir_routes *rs = c->rs;
    terroir_route_report *rep = c->rep;
    size_t *numbered =
        core__calloc(c->m->n_vehicle_types ? c->m->n_vehicle_types : 1, sizeof *numbered);
    vrp_stop_eval *ev = NULL;
    route_violation *vio = NULL;
    int rc = 0;
    rep->routes = core__calloc(rs->n_routes ? rs->n_routes : 1, sizeof *rep->routes);
    if (!rep->routes || !numbered) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    for (size_t i = 0; i < rs->n_routes; i++) {
        const route_set_route *rt = &rs->routes[i];
        size_t n = rt->n_stops, v = c->vt_of_route[i];
        size_t maxv = 2 * n + 8;
        free(ev);
        free(vio);
        ev = core__calloc(n ? n : 1, sizeof *ev);
        vio = core__calloc(maxv, sizeof *vio);
        plan_route *pr = &rep->routes[i];
        pr->stops = core__calloc(n ? n : 1, sizeof *pr->stops);
        rep->n_routes = i + 1;
        if (!ev || !vio || !pr->stops) {
            rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
            goto done;
        }
        route_eval e;
        memset(&e, 0, sizeof e);
        e.stops = ev;
        e.violations = vio;
        e.max_violations = maxv;
        e.not_before = rt->not_before;
        route__evaluate(&c->rp.p, c->vrp_type[v], c->node_of_stop[i], n, &e);
        pr->vehicle_type = v;
        if (rt->has_vehicle) {
            pr->vehicle = rt->vehicle;
            pr->day = rt->day;
        } else {
            route__number_route(c->m, v, numbered[v]++, pr);
        }
        pr->hub = c->m->hubs[c->m->vehicle_types[v].home_hub].base.site;
        pr->n_stops = n;
        pr->km = e.km;
        pr->minutes = e.minutes;
        pr->cost = e.cost;
        pr->co2_kg = e.co2_kg;
        pr->departure = e.departure;
        pr->arrival = e.arrival;
        memcpy(pr->load_start, e.load_start, sizeof pr->load_start);
        for (size_t k = 0; k < n; k++) {
            const vrp_node *nd = &c->rp.p.nodes[c->node_of_stop[i][k]];
            plan_stop *s = &pr->stops[k];
            s->site = nd->site;
            s->kind = c->rp.info[c->node_of_stop[i][k]].kind;
            s->arrival = ev[k].arrival;
            s->start = ev[k].start;
            s->departure = ev[k].departure;
            memcpy(s->delivery, nd->delivery, sizeof s->delivery);
            memcpy(s->pickup, nd->pickup, sizeof s->pickup);
            memcpy(s->load, ev[k].load, sizeof s->load);
            s->temperatures = nd->temperatures;
            s->products = c->goods[i][k].products; /* the report owns them now */
            s->n_products = c->goods[i][k].n_products;
            c->goods[i][k].products = NULL;
        }
        if ((rc = route_violations(c, i, vio, e.n_violations < maxv ? e.n_violations : maxv)) != 0)
            goto done;
        rep->summary.n_stops += n;
        rep->summary.cost += e.cost;
        rep->summary.km += e.km;
        rep->summary.minutes += e.minutes;
        rep->summary.co2_kg += e.co2_kg;
    }
    if (!rc)
        rc = fleet_size(c);
done:
    free(numbered);
    free(ev);
    free(vio);
    return rc;
}

/* Planner's routes: every point with demand visited; sites whose
 * quantities come from the model visited once. */
static int expected_model(checker *c)
{
    const terroir_model *m = c->m;
    const terroir_routes *rs = c->rs;
    size_t *visits = core__calloc(m->n_sites ? m->n_sites : 1, sizeof *visits);
    unsigned char *model_q = core__calloc(m->n_sites ? m->n_sites : 1, 1);
    int rc = 0;
    if (!visits || !model_q) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    for (size_t i = 0; i < rs->n_routes && !rc; i++) {
        for (size_t k = 0; k < rs->routes[i].n_stops && !rc; k++) {
            size_t site = c->rep->routes[i].stops[k].site;
            if (m->sites[site].kind == TERROIR_SITE_HUB)
                continue;
            if (!rs->routes[i].stops[k].has_quantities && !rs->routes[i].stops[k].has_products)
                model_q[site] = 1;
            if (++visits[site] == 2 && model_q[site]) {
                double goods[VRP_DIMENSIONS];
                route__site_goods(m, site, goods, NULL);
                rc = violation(
                    c, TERROIR_VIOLATION_DUPLICATE_STOP, i, k, site, goods[TERROIR_DIMENSION_KG], 0,
                    "'%s' is visited more than once with its whole %s each time", site_id(c, site),
                    m->sites[site].kind == TERROIR_SITE_POINT ? "demand" : "supply");
            }
        }
    }
    for (size_t j = 0; j < m->n_points && !rc; j++) {
        size_t site = m->points[j].base.site;
        double goods[VRP_DIMENSIONS];
        unsigned int temps;
        route__site_goods(m, site, goods, &temps);
        if (temps && visits[site] == 0)
            rc = violation(c, TERROIR_VIOLATION_MISSING_STOP, TERROIR_ROUTE_NONE,
                           TERROIR_ROUTE_NONE, site, goods[TERROIR_DIMENSION_KG], 0,
                           "point '%s' has demand (%g kg) but no route visits it", site_id(c, site),
                           goods[TERROIR_DIMENSION_KG]);
    }
done:
    free(visits);
    free(model_q);
    return rc;
}

/* The plan's flows as the allocation stage gave them. */
static int plan_flows(checker *c, alloc_flow **out)
{
    const terroir_model *m = c->m;
    const terroir_plan *p = c->plan;
    alloc_flow *f = core__calloc(p->n_flows ? p->n_flows : 1, sizeof *f);
    if (!f)
        return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    for (size_t k = 0; k < p->n_flows; k++) {
        const plan_flow *pf = &p->flows[k];
        size_t prod =
            model__idmap_get(&m->product_ids, model__product_key, m, p->product_ids[pf->product]);
        size_t from = model__idmap_get(&m->site_ids, model__site_key, m, p->site_ids[pf->from]);
        size_t to = model__idmap_get(&m->site_ids, model__site_key, m, p->site_ids[pf->to]);
        size_t via = pf->via == PLAN_NONE
                         ? MODEL_NONE
                         : model__idmap_get(&m->site_ids, model__site_key, m, p->site_ids[pf->via]);
        if (prod == MODEL_NONE || from == MODEL_NONE || to == MODEL_NONE ||
            (pf->via != PLAN_NONE && via == MODEL_NONE) ||
            m->sites[from].kind != TERROIR_SITE_PRODUCER ||
            m->sites[to].kind != TERROIR_SITE_POINT ||
            (via != MODEL_NONE && m->sites[via].kind != TERROIR_SITE_HUB)) {
            free(f);
            return core__error(TERROIR_EINPUT,
                               "the plan's flow %zu names a product or site that the model "
                               "does not have",
                               k);
        }
        f[k].product = prod;
        f[k].producer = m->sites[from].index;
        f[k].hub = via == MODEL_NONE ? MODEL_NONE : m->sites[via].index;
        f[k].point = m->sites[to].index;
        f[k].quantity = pf->quantity;
        f[k].kg = pf->kg;
        f[k].km = pf->km;
        f[k].cost = pf->cost;
    }
    *out = f;
    return 0;
}

/* The kg the routes of hub h should move at each site (want[site * nh +
 * h]): every pickup the allocation's flows call for, and deliveries of the
 * goods that reach the hub, i.e. less what the plan's unserved pickups at
 * h leave behind (the routing stage's rule, route_stage.h). */
static int expected_at_hub(checker *c, size_t h, const alloc_flow *flows, const double *self,
                           double *want, size_t nh)
{
    const terroir_model *m = c->m;
    const terroir_plan *p = c->plan;
    const size_t T = TERROIR_TEMPERATURE_COUNT, np = m->n_producers;
    route_stop_list l;
    memset(&l, 0, sizeof l);
    double *tot = core__calloc(np ? np * T : 1, sizeof *tot);
    double *uns = core__calloc(np ? np * T : 1, sizeof *uns);
    double *reached = core__calloc(p->n_flows ? p->n_flows : 1, sizeof *reached);
    int rc = 0;
    if (!tot || !uns || !reached) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    if ((rc = route__hub_stop_list(m, h, flows, p->n_flows, self, NULL,
                                   1u << TERROIR_STOP_PICKUP, &l)) != 0)
        goto done;
    for (size_t i = 0; i < l.n; i++) {
        const route_stop_in *st = &l.stops[i];
        want[st->site * nh + h] += st->kg;
        for (size_t g = st->goods_first; g < st->goods_first + st->n_goods; g++)
            tot[l.goods[g].producer * T + m->products[l.goods[g].product].temperature] +=
                l.goods[g].kg * st->share;
    }
    for (size_t u = 0; u < p->n_unserved_stops; u++) {
        const plan_unserved_stop *us = &p->unserved_stops[u];
        if (us->kind != TERROIR_STOP_PICKUP || us->hub == PLAN_NONE)
            continue;
        size_t hs = model__idmap_get(&m->site_ids, model__site_key, m, p->site_ids[us->hub]);
        size_t site = model__idmap_get(&m->site_ids, model__site_key, m, p->site_ids[us->site]);
        if (hs != m->hubs[h].base.site || site == MODEL_NONE ||
            m->sites[site].kind != TERROIR_SITE_PRODUCER)
            continue;
        size_t i = m->sites[site].index;
        double group = 0;
        for (size_t k = 0; k < T; k++)
            if (us->temperatures & (1u << k))
                group += tot[i * T + k];
        for (size_t k = 0; k < T && group > 0; k++)
            if (us->temperatures & (1u << k))
                uns[i * T + k] += us->kg * tot[i * T + k] / group;
    }
    for (size_t x = 0; x < np * T; x++)
        uns[x] = tot[x] > 0 ? fmax(0, 1 - uns[x] / tot[x]) : 1; /* now: collected share */
    route__reached_share(m, h, flows, p->n_flows, self, uns, reached);
    route__stop_list_free(&l);
    if ((rc = route__hub_stop_list(m, h, flows, p->n_flows, self, reached,
                                   1u << TERROIR_STOP_DELIVERY, &l)) != 0)
        goto done;
    for (size_t i = 0; i < l.n; i++)
        want[l.stops[i].site * nh + h] += l.stops[i].kg;
done:
    route__stop_list_free(&l);
    free(tot);
    free(uns);
    free(reached);
    return rc;
}

/* Plan's routes: per (site, hub), goods moved = goods the plan asks. */
static int expected_plan(checker *c)
{
    const terroir_model *m = c->m;
    const terroir_plan *p = c->plan;
    size_t nh = m->n_hubs + 1; /* column m->n_hubs: any hub (pure VRP) */
    size_t ns = m->n_sites;
    double *want = core__calloc(ns ? ns * nh : 1, sizeof *want);
    double *got = core__calloc(ns ? ns * nh : 1, sizeof *got);
    alloc_flow *flows = NULL;
    double *self = NULL;
    int rc = 0;
    if (!want || !got) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    if (!p->routed)
        goto done; /* no routing stage: no stop was expected */
    if (p->pure_vrp) {
        for (size_t j = 0; j < m->n_points; j++) {
            double goods[VRP_DIMENSIONS];
            route__site_goods(m, m->points[j].base.site, goods, NULL);
            want[m->points[j].base.site * nh + m->n_hubs] = goods[TERROIR_DIMENSION_KG];
        }
    } else {
        if ((rc = plan_flows(c, &flows)) != 0 ||
            (rc = route__self_delivery(m, flows, p->n_flows, &self)) != 0)
            goto done;
        for (size_t h = 0; h < m->n_hubs && !rc; h++)
            rc = expected_at_hub(c, h, flows, self, want, nh);
        if (rc)
            goto done;
    }
    for (size_t i = 0; i < p->n_routes && i < c->rep->n_routes; i++) {
        const plan_route *r = &c->rep->routes[i];
        size_t col = p->pure_vrp ? m->n_hubs : m->vehicle_types[r->vehicle_type].home_hub;
        for (size_t k = 0; k < r->n_stops; k++)
            got[r->stops[k].site * nh + col] += r->stops[k].delivery[TERROIR_DIMENSION_KG] +
                                                r->stops[k].pickup[TERROIR_DIMENSION_KG];
    }
    for (size_t u = 0; u < p->n_unserved_stops; u++) {
        const plan_unserved_stop *us = &p->unserved_stops[u];
        size_t site = model__idmap_get(&m->site_ids, model__site_key, m, p->site_ids[us->site]);
        size_t col = m->n_hubs;
        if (us->hub != PLAN_NONE && !p->pure_vrp) {
            size_t hs = model__idmap_get(&m->site_ids, model__site_key, m, p->site_ids[us->hub]);
            if (hs == MODEL_NONE || m->sites[hs].kind != TERROIR_SITE_HUB) {
                rc = core__error(TERROIR_EINPUT, "the plan names a hub the model does not have");
                goto done;
            }
            col = m->sites[hs].index;
        }
        if (site == MODEL_NONE) {
            rc = core__error(TERROIR_EINPUT, "the plan names a site the model does not have");
            goto done;
        }
        if (!us->mandatory)
            got[site * nh + col] += us->kg;
    }
    for (size_t s = 0; s < ns && !rc; s++) {
        for (size_t h = 0; h < nh && !rc; h++) {
            double w = want[s * nh + h], g = got[s * nh + h];
            double tol = CHECK_TOL * fmax(1.0, w);
            const char *hub = h < m->n_hubs ? m->hubs[h].base.id : NULL;
            /* A hub that holds a limited kg overnight: goods that no served
             * delivery takes stay at the farm rather than wait at the hub,
             * so its pickups may move less (the synchronisation and stock
             * rules still check that every delivery has its goods). */
            int may_collect_less = h < m->n_hubs && m->sites[s].kind == TERROIR_SITE_PRODUCER &&
                                   model__hub_storage_limited(&m->hubs[h]);
            if (g < w - tol && !may_collect_less)
                rc = violation(c, TERROIR_VIOLATION_MISSING_STOP, TERROIR_ROUTE_NONE,
                               TERROIR_ROUTE_NONE, s, w - g, 0,
                               "'%s' should %s %g kg%s%s but the routes move %g kg", site_id(c, s),
                               m->sites[s].kind == TERROIR_SITE_PRODUCER ? "give" : "receive", w,
                               hub ? " with hub " : "", hub ? hub : "", g);
            else if (g > w + tol)
                rc = violation(c, TERROIR_VIOLATION_DUPLICATE_STOP, TERROIR_ROUTE_NONE,
                               TERROIR_ROUTE_NONE, s, g - w, 0,
                               "the routes move %g kg at '%s'%s%s, more than the %g kg planned", g,
                               site_id(c, s), hub ? " for hub " : "", hub ? hub : "", w);
        }
    }
done:
    free(want);
    free(got);
    free(flows);
    free(self);
    return rc;
}

static void checker_free(checker *c)
{
    for (size_t i = 0; c->node_of_stop && i < c->rs->n_routes; i++)
        free(c->node_of_stop[i]);
    free(c->node_of_stop);
    for (size_t i = 0; c->goods && i < c->rs->n_routes; i++) {
        for (size_t k = 0; c->goods[i] && k < c->rs->routes[i].n_stops; k++)
            free(c->goods[i][k].products);
        free(c->goods[i]);
    }
    free(c->goods);
    free(c->selfs);
    free(c->vt_of_route);
    free(c->vrp_type);
    route__problem_free(&c->rp);
}

static int check(terroir_route_report **out, const terroir_model *m, const terroir_routes *rs,
                 const terroir_plan *plan)
{
    checker c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.rs = rs;
    c.plan = plan;
    /* Every hub is checked for synchronisation and storage in a plan with
     * producers (or a set made from one); else the hubs with inbound. */
    int every_hub = rs->food_hub || (plan && plan->routed && !plan->pure_vrp);
    int rc = 0;
    if (!(c.rep = core__calloc(1, sizeof *c.rep))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory checking routes");
        goto done;
    }
    c.rep->summary.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION;
    if ((rc = copy_ids(c.rep, m)) != 0 || (rc = build(&c)) != 0 || (rc = evaluate(&c)) != 0 ||
        (rc = route__check_vehicle_days(c.rep, m, c.vt_of_route)) != 0 ||
        (rc = route__check_sync(c.rep, m, c.vt_of_route, c.selfs, rs->n_selfs, every_hub)) != 0 ||
        (rc = route__check_days(c.rep, m, c.vt_of_route, c.selfs, rs->n_selfs)) != 0 ||
        (rc = route__check_storage(c.rep, m, c.vt_of_route, c.selfs, rs->n_selfs, every_hub)) !=
            0)
        goto done;
    rc = plan ? expected_plan(&c) : expected_model(&c);
    if (rc)
        goto done;
    c.rep->summary.n_routes = c.rep->n_routes;
    c.rep->summary.n_violations = c.rep->n_violations;
    c.rep->summary.feasible = c.rep->n_violations == 0;
    *out = c.rep;
    c.rep = NULL;
done:
    terroir_route_report_free(c.rep);
    checker_free(&c);
    return rc;
}

int terroir_route_check(terroir_route_report **out, const terroir_model *m,
                        const terroir_routes *routes)
{
    core__error_reset();
    if (!out || !m || !routes)
        return core__error(TERROIR_EINVAL, "terroir_route_check: NULL argument");
    if (!m->validated)
        return core__error(TERROIR_EINVAL, "terroir_route_check: the model is not validated");
    return check(out, m, routes, NULL);
}

int terroir_route_check_plan(terroir_route_report **out, const terroir_model *m,
                             const terroir_plan *plan)
{
    core__error_reset();
    if (!out || !m || !plan)
        return core__error(TERROIR_EINVAL, "terroir_route_check_plan: NULL argument");
    if (!m->validated)
        return core__error(TERROIR_EINVAL, "terroir_route_check_plan: the model is not validated");
    terroir_routes *rs = NULL;
    int rc = terroir_routes_from_plan(&rs, plan);
    if (rc == 0)
        rc = check(out, m, rs, plan);
    terroir_routes_free(rs);
    return rc;
}
