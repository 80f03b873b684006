/* terroir_baseline_direct(): every producer drives the plan's goods from
 * its farm straight to the points (include/terroir/baseline.h says what
 * is moved and on which assumptions).
 *
 * One vehicle routing problem per producer, solved by the routing engine
 * of stage 3 (lib/route/vrp.h): node 0 is the farm (no opening hours), the
 * other nodes are delivery stops, one per point the producer supplies,
 * split into equal parts when the goods do not fit in the vehicle in one
 * trip; the fleet is one vehicle type with as many vehicles as stops, so
 * the number of trips is never a limit.  Every stop is mandatory once it
 * has been checked servable alone (a one-stop route that keeps every
 * rule), so a one-stop route per stop is always a valid fallback: routes
 * of the engine that the checker's evaluation (lib/route/route_eval.c)
 * finds breaking a rule, and stops the engine left out (a time limit that
 * came too early), are served that way.  Figures are those of the
 * checker's evaluation, as in the plan's routes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline/baseline_internal.h"
#include "route/route_internal.h"

#define BASELINE_MAX_PARTS 1000
#define ALL_TEMPERATURES ((1u << TERROIR_TEMPERATURE_COUNT) - 1u)
/* kg, m3, pallets of the default vehicle (baseline.h). */
#define BASELINE_DEFAULT_CAPACITY { 1200.0, 10.0, 3.0 }

int terroir_baseline_options_init(terroir_baseline_options *opts, unsigned int version)
{
    core__error_reset();
    if (!opts || version == 0 || version > TERROIR_BASELINE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL,
                           "terroir_baseline_options_init: NULL or unknown version");
    terroir_baseline_options defaults = TERROIR_BASELINE_OPTIONS_INIT;
    *opts = defaults;
    opts->version = version;
    return 0;
}

int terroir_baseline_init(terroir_baseline *out, unsigned int version)
{
    core__error_reset();
    if (!out || version == 0 || version > TERROIR_BASELINE_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_baseline_init: NULL or unknown version");
    memset(out, 0, sizeof *out);
    out->version = version;
    out->route_reduction = out->km_reduction = NAN;
    return 0;
}

static int check_options(const terroir_baseline_options *o)
{
    if (o->version == 0 || o->version > TERROIR_BASELINE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_baseline_direct: unknown options version %u",
                           o->version);
    if (!isfinite(o->time_limit_seconds) || o->time_limit_seconds < 0)
        return core__error(TERROIR_EINVAL,
                           "terroir_baseline_direct: time_limit_seconds must be >= 0");
    for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
        if (!(o->capacity[d] > 0 && isfinite(o->capacity[d])) &&
            o->capacity[d] != TERROIR_UNLIMITED)
            return core__error(TERROIR_EINVAL,
                               "terroir_baseline_direct: capacity in %s must be > 0 or "
                               "TERROIR_UNLIMITED",
                               terroir_dimension_to_string((terroir_dimension)d));
    if ((o->temperatures & ALL_TEMPERATURES) == 0 || (o->temperatures & ~ALL_TEMPERATURES) != 0)
        return core__error(TERROIR_EINVAL,
                           "terroir_baseline_direct: temperatures must be a non-empty set of "
                           "classes");
    const double nonneg[] = {o->fixed_cost, o->cost_per_km, o->cost_per_hour, o->speed_kmh,
                             o->max_duration_minutes, o->co2_kg_per_km};
    for (size_t k = 0; k < sizeof nonneg / sizeof nonneg[0]; k++)
        if (!isfinite(nonneg[k]) || nonneg[k] < 0)
            return core__error(TERROIR_EINVAL,
                               "terroir_baseline_direct: costs, speed, duration and CO2 of the "
                               "vehicle must be finite and >= 0");
    return 0;
}

/* One delivery stop of a producer: goods for one point, or an equal part
 * of them. */
typedef struct farm_stop {
    size_t point; /* model point index */
    double goods[VRP_DIMENSIONS];
    double kg_by_class[TERROIR_TEMPERATURE_COUNT];
    unsigned int temperatures;
} farm_stop;

/* A producer's routing problem: node 0 the farm, node k + 1 stop k. */
typedef struct farm_vrp {
    vrp_problem p;
    vrp_vehicle_type type;
    vrp_node *nodes;
    vrp_window *windows;
    double *km, *minutes;
} farm_vrp;

typedef struct baseline_run {
    const terroir_model *m;
    const terroir_baseline_options *o; /* capacity: every dimension */
    terroir_baseline *out;
    double delivered_kg_by_class[TERROIR_TEMPERATURE_COUNT];
    double deadline;     /* of the time limit, or 0 */
    size_t stops_left;   /* stops of the producers not routed yet */
    farm_stop *stops;    /* the current producer's */
    size_t n_stops, cap_stops;
    vrp_stop_eval *eval; /* scratch: one entry per stop */
} baseline_run;

static void logf_(const baseline_run *b, const char *fmt, ...) CORE_PRINTF(2, 3);
static void logf_(const baseline_run *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core__vlogf(b->o->log, b->o->log_data, fmt, ap);
    va_end(ap);
}

static void farm_free(farm_vrp *f)
{
    free(f->nodes);
    free(f->windows);
    free(f->km);
    free(f->minutes);
    memset(f, 0, sizeof *f);
}

/* Build the problem of producer `producer` over stops[0..n-1]. */
static int farm_build(farm_vrp *f, const baseline_run *b, size_t producer, const farm_stop *stops,
                      size_t n)
{
    const terroir_model *m = b->m;
    const terroir_baseline_options *o = b->o;
    size_t nn = n + 1, nw = 0;
    memset(f, 0, sizeof *f);
    for (size_t k = 0; k < n; k++)
        nw += m->points[stops[k].point].base.n_windows;
    if (nn > (size_t)-1 / nn / sizeof(double))
        return core__error(TERROIR_ENOMEM, "baseline: too many stops (%zu)", n);
    f->nodes = core__calloc(nn, sizeof *f->nodes);
    f->windows = core__calloc(nw ? nw : 1, sizeof *f->windows);
    f->km = core__calloc(nn * nn, sizeof *f->km);
    f->minutes = core__calloc(nn * nn, sizeof *f->minutes);
    if (!f->nodes || !f->windows || !f->km || !f->minutes) {
        farm_free(f);
        return core__error(TERROIR_ENOMEM, "out of memory building a producer's routing problem");
    }
    f->nodes[0].site = m->producers[producer].base.site;
    f->nodes[0].unserved_penalty = -1;
    nw = 0;
    for (size_t k = 0; k < n; k++) {
        const model_point *pt = &m->points[stops[k].point];
        vrp_node *nd = &f->nodes[k + 1];
        nd->site = pt->base.site;
        memcpy(nd->delivery, stops[k].goods, sizeof nd->delivery);
        nd->temperatures = stops[k].temperatures;
        nd->service_minutes = pt->service_minutes;
        nd->unserved_penalty = -1; /* mandatory */
        nd->windows = pt->base.n_windows ? f->windows + nw : NULL;
        nd->n_windows = pt->base.n_windows;
        for (size_t w = 0; w < pt->base.n_windows; w++, nw++) {
            f->windows[nw].open = pt->base.windows[w].open;
            f->windows[nw].close = pt->base.windows[w].close;
        }
    }
    for (size_t i = 0; i < nn; i++)
        for (size_t j = 0; j < nn; j++) {
            size_t a = f->nodes[i].site, c = f->nodes[j].site;
            if (a != c && model__distance(m, a, c, &f->km[i * nn + j], &f->minutes[i * nn + j])) {
                int rc = core__error(TERROIR_EINPUT, "baseline: no distance from site '%s' to "
                                                     "site '%s'",
                                     model__site_base(m, a)->id, model__site_base(m, c)->id);
                farm_free(f);
                return rc;
            }
        }
    vrp_vehicle_type *t = &f->type;
    t->depot = 0;
    t->count = n ? n : 1;
    for (int d = 0; d < VRP_DIMENSIONS; d++)
        t->capacity[d] = o->capacity[d] < 0 ? -1.0 : o->capacity[d];
    t->temperatures = o->temperatures;
    t->fixed_cost = o->fixed_cost;
    t->cost_per_km = o->cost_per_km;
    t->cost_per_hour = o->cost_per_hour;
    t->time_factor = o->speed_kmh > 0 ? m->settings.speed_kmh / o->speed_kmh : 1.0;
    t->max_duration_minutes = o->max_duration_minutes;
    t->co2_kg_per_km = o->co2_kg_per_km;
    f->p.n_nodes = nn;
    f->p.n_depots = 1;
    f->p.nodes = f->nodes;
    f->p.km = f->km;
    f->p.minutes = f->minutes;
    f->p.types = t;
    f->p.n_types = 1;
    return 0;
}

/* The stop of one (producer, point) pair: the classes the vehicle
 * carries (*uncarried_kg gets the kg of the others).  Returns the number
 * of equal parts it needs to fit in the vehicle, 0 when nothing is left. */
static size_t pair_stop(const terroir_baseline_options *o, const baseline_goods *g, farm_stop *s,
                        double *uncarried_kg)
{
    memset(s, 0, sizeof *s);
    s->point = g->point;
    *uncarried_kg = 0;
    for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++) {
        const double *x = g->goods[c];
        if (!(x[0] > 0 || x[1] > 0 || x[2] > 0))
            continue;
        if (!(o->temperatures & (1u << c))) {
            *uncarried_kg += x[TERROIR_DIMENSION_KG];
            continue;
        }
        s->temperatures |= 1u << c;
        s->kg_by_class[c] = x[TERROIR_DIMENSION_KG];
        for (int d = 0; d < VRP_DIMENSIONS; d++)
            s->goods[d] += x[d];
    }
    if (!s->temperatures)
        return 0;
    double parts = 1;
    for (int d = 0; d < VRP_DIMENSIONS; d++)
        if (o->capacity[d] > 0 && s->goods[d] > o->capacity[d] * (1 + 1e-9))
            parts = fmax(parts, ceil(s->goods[d] / o->capacity[d] - 1e-9));
    return parts > BASELINE_MAX_PARTS ? BASELINE_MAX_PARTS : (size_t)parts;
}

/* Append the stops of one pair: its stop in equal parts; goods of the
 * classes the vehicle does not carry are undelivered (one unserved stop). */
static int add_pair(baseline_run *b, const baseline_goods *g)
{
    farm_stop s;
    double uncarried;
    size_t np = pair_stop(b->o, g, &s, &uncarried);
    if (uncarried > 0) {
        b->out->undelivered_kg += uncarried;
        b->out->unserved_stops++;
    }
    if (np == 0)
        return 0;
    if (core__grow((void **)&b->stops, &b->cap_stops, b->n_stops + np, sizeof *b->stops) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory building the baseline's stops");
    for (size_t k = 0; k < np; k++) {
        farm_stop *p = &b->stops[b->n_stops++];
        *p = s;
        for (int d = 0; d < VRP_DIMENSIONS; d++)
            p->goods[d] = s.goods[d] / (double)np;
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++)
            p->kg_by_class[c] = s.kg_by_class[c] / (double)np;
    }
    return 0;
}

/* Evaluate a route of f over the node list `nodes` into e (scratch of the
 * run); returns its number of violations. */
static size_t evaluate(baseline_run *b, const farm_vrp *f, const size_t *nodes, size_t n,
                       route_eval *e)
{
    memset(e, 0, sizeof *e);
    e->stops = b->eval;
    route__evaluate(&f->p, 0, nodes, n, e);
    return e->n_violations;
}

/* Count a valid route of f (node lists) into the baseline. */
static void take_route(baseline_run *b, const farm_vrp *f, const size_t *nodes, size_t n,
                       const route_eval *e)
{
    terroir_baseline *out = b->out;
    size_t N = f->p.n_nodes, prev = 0;
    double kg = e->load_start[TERROIR_DIMENSION_KG];
    out->routes++;
    out->km += e->km;
    out->minutes += e->minutes;
    out->cost += e->cost;
    out->co2_kg += e->co2_kg;
    for (size_t k = 0; k <= n; k++) {
        size_t next = k < n ? nodes[k] : 0;
        out->tonne_km += kg / 1000.0 * f->km[prev * N + next];
        if (k == n)
            break;
        kg = e->stops[k].load[TERROIR_DIMENSION_KG];
        prev = next;
        const farm_stop *s = &b->stops[nodes[k] - 1];
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++) {
            b->delivered_kg_by_class[c] += s->kg_by_class[c];
            out->delivered_kg += s->kg_by_class[c];
        }
    }
}

/* Build the problem of a producer's stops, keeping only the stops
 * servable alone (the others are undelivered). */
static int build_servable(baseline_run *b, size_t producer, farm_vrp *f)
{
    int rc = farm_build(f, b, producer, b->stops, b->n_stops);
    if (rc)
        return rc;
    size_t kept = 0;
    for (size_t k = 0; k < b->n_stops; k++) {
        size_t node = k + 1;
        route_eval e;
        if (evaluate(b, f, &node, 1, &e) == 0) {
            b->stops[kept++] = b->stops[k];
            continue;
        }
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++)
            b->out->undelivered_kg += b->stops[k].kg_by_class[c];
        b->out->unserved_stops++;
        logf_(b, "baseline: producer '%s' cannot serve point '%s' even alone",
              b->m->producers[producer].base.id, b->m->points[b->stops[k].point].base.id);
    }
    if (kept == b->n_stops)
        return 0;
    b->n_stops = kept;
    farm_free(f);
    return kept ? farm_build(f, b, producer, b->stops, kept) : 0;
}

/* Route the stops of one producer: those servable alone, the others
 * undelivered. */
static int route_producer(baseline_run *b, size_t producer)
{
    const terroir_baseline_options *o = b->o;
    farm_vrp f;
    vrp_solution sol;
    memset(&sol, 0, sizeof sol);
    unsigned char *seen = NULL;
    int rc = build_servable(b, producer, &f);
    if (rc || b->n_stops == 0)
        goto done;
    b->out->producers++;
    b->out->stops += b->n_stops;
    vrp_params vp;
    memset(&vp, 0, sizeof vp);
    vp.iterations = o->iterations;
    if (o->time_limit_seconds > 0) {
        double left = b->deadline - core__now();
        double t = b->stops_left ? left * (double)b->n_stops / (double)b->stops_left : left;
        vp.time_limit_seconds = t > 1e-3 ? t : 1e-3;
    } else if (o->iterations == 0) {
        vp.iterations = TERROIR_BASELINE_DEFAULT_ITERATIONS;
    }
    vp.seed = o->seed + producer;
    vp.polish = o->polish;
    vp.log = o->log;
    vp.log_data = o->log_data;
    if ((rc = vrp__solve(&f.p, &vp, &sol)) != 0)
        goto done;
    if (!(seen = core__calloc(f.p.n_nodes, 1))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory routing the baseline");
        goto done;
    }
    size_t routes_before = b->out->routes, fallback = 0;
    for (size_t r = 0; r < sol.n_routes; r++) {
        const vrp_route *vr = &sol.routes[r];
        route_eval e;
        int fresh = vr->n_stops > 0;
        for (size_t k = 0; k < vr->n_stops; k++)
            fresh = fresh && vr->stops[k] >= 1 && vr->stops[k] < f.p.n_nodes && !seen[vr->stops[k]];
        if (!fresh || evaluate(b, &f, vr->stops, vr->n_stops, &e) != 0)
            continue; /* its stops get one-stop routes below */
        for (size_t k = 0; k < vr->n_stops; k++)
            seen[vr->stops[k]] = 1;
        take_route(b, &f, vr->stops, vr->n_stops, &e);
    }
    for (size_t node = 1; node < f.p.n_nodes; node++) {
        route_eval e;
        if (seen[node])
            continue;
        evaluate(b, &f, &node, 1, &e); /* valid: checked by build_servable */
        take_route(b, &f, &node, 1, &e);
        fallback++;
    }
    if (fallback)
        logf_(b, "baseline: producer '%s': %zu stop(s) on one-stop routes (the engine's routes "
                 "left them out or broke a rule)",
              b->m->producers[producer].base.id, fallback);
    logf_(b, "baseline: producer '%s': %zu stop(s), %zu route(s)",
          b->m->producers[producer].base.id, b->n_stops, b->out->routes - routes_before);
done:
    free(seen);
    vrp__solution_free(&sol);
    farm_free(&f);
    return rc;
}

/* Route every producer of goods[0..n-1] (sorted by producer). */
static int route_all(baseline_run *b, const baseline_goods *goods, size_t n)
{
    int rc = 0;
    size_t max_stops = 0;
    /* Stops over all producers, to share the time limit. */
    for (size_t k = 0; k < n; k++) {
        farm_stop s;
        double uncarried;
        b->stops_left += pair_stop(b->o, &goods[k], &s, &uncarried);
    }
    for (size_t k = 0; k < n && !rc;) {
        size_t end = k, producer = goods[k].producer;
        b->n_stops = 0;
        while (end < n && goods[end].producer == producer && !rc)
            rc = add_pair(b, &goods[end++]);
        if (rc)
            break;
        size_t n_pair_stops = b->n_stops;
        if (b->n_stops > max_stops) {
            max_stops = b->n_stops;
            free(b->eval);
            if (!(b->eval = core__calloc(max_stops, sizeof *b->eval))) {
                rc = core__error(TERROIR_ENOMEM, "out of memory routing the baseline");
                break;
            }
        }
        if (b->n_stops)
            rc = route_producer(b, producer);
        b->stops_left -= n_pair_stops;
        k = end;
    }
    return rc;
}

static double reduction(double plan, double baseline, size_t plan_routes)
{
    return plan_routes > 0 && baseline > 0 ? 1.0 - plan / baseline : NAN;
}

int terroir_baseline_direct(terroir_baseline *out, const terroir_model *model,
                            const terroir_plan *plan, const terroir_baseline_options *opts)
{
    core__error_reset();
    double start = core__now();
    terroir_baseline_options defaults = TERROIR_BASELINE_OPTIONS_INIT;
    if (!out || !model || !plan)
        return core__error(TERROIR_EINVAL, "terroir_baseline_direct: NULL argument");
    /* The options with a capacity in every dimension (the caller's may
     * give fewer, or none). */
    terroir_baseline_options resolved = opts ? *opts : defaults;
    const terroir_baseline_options *o = &resolved;
    double capacity[TERROIR_DIMENSION_COUNT] = BASELINE_DEFAULT_CAPACITY;
    int rc = core__enum_values(capacity, TERROIR_DIMENSION_COUNT, resolved.capacity,
                               resolved.n_dimensions, "capacity");
    if (rc)
        return rc;
    resolved.capacity = capacity;
    resolved.n_dimensions = TERROIR_DIMENSION_COUNT;
    if (out->version == 0 || out->version > TERROIR_BASELINE_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_baseline_direct: unknown version %u of the "
                                           "result (use terroir_baseline_init)",
                           out->version);
    if (!model->validated)
        return core__error(TERROIR_EINVAL, "terroir_baseline_direct: the model is not validated");
    rc = check_options(o);
    if (rc || (rc = baseline__check_plan(model, plan)) != 0)
        return rc;

    terroir_baseline res;
    terroir_baseline_init(&res, TERROIR_BASELINE_VERSION);
    baseline_run b;
    memset(&b, 0, sizeof b);
    b.m = model;
    b.o = o;
    b.out = &res;
    b.deadline = start + o->time_limit_seconds;
    baseline_goods *goods = NULL;
    size_t n_goods = 0;
    if ((rc = baseline__goods(model, plan, &goods, &n_goods, &res.direct_kg, &res.plan_lost_kg)) !=
        0)
        goto done;
    if ((rc = route_all(&b, goods, n_goods)) != 0)
        goto done;
    baseline__plan_figures(model, plan, &res);
    res.route_reduction = reduction((double)res.plan_routes, (double)res.routes, res.plan_routes);
    res.km_reduction = reduction(res.plan_km, res.km, res.plan_routes);
    res.seconds = core__now() - start;
    res.version = out->version;
    res.delivered_kg_by_class = out->delivered_kg_by_class;
    res.n_temperatures = out->n_temperatures;
    for (size_t c = 0; res.delivered_kg_by_class && c < res.n_temperatures &&
                       c < TERROIR_TEMPERATURE_COUNT; c++)
        res.delivered_kg_by_class[c] = b.delivered_kg_by_class[c];
    *out = res; /* version 1 is the only one: every field is the caller's */
done:
    free(goods);
    free(b.stops);
    free(b.eval);
    return rc;
}
