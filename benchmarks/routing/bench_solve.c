/* Solving one benchmark instance for the routing runner, and turning the
 * result into plain route lists (vehicle type index + point indices) that
 * bench_check.c re-checks.
 *
 * Public path (ROUTING_BENCH_PUBLIC=1, the default): terroir_solve() with
 * the routing stage only and the time limit, then the plan's routes through
 * terroir_plan_route_count() / terroir_plan_get_route() /
 * terroir_plan_get_route_stop(), ids mapped back to the model's indices
 * with terroir_model_find().
 *
 * TEMPORARY INTERNAL PATH (ROUTING_BENCH_PUBLIC=0, benchmarks/meson.build:
 * routing_bench_public = false): while stage 3 of terroir_solve() is being
 * written, the model is turned into the engine's vrp_problem here (read
 * through the public accessors) and handed to vrp__solve() (lib/route/vrp.h)
 * through the internal static library.  Everything marked INTERNAL goes away
 * when the public path works. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#if !ROUTING_BENCH_PUBLIC
#include "route/vrp.h" /* INTERNAL: until stage 3 of terroir_solve() exists */
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void bench_solution_free(bench_solution *s)
{
    if (!s)
        return;
    for (size_t r = 0; r < s->n_routes; r++)
        free(s->routes[r].points);
    free(s->routes);
#if ROUTING_BENCH_PUBLIC
    terroir_plan_free((terroir_plan *)s->plan);
#endif
    memset(s, 0, sizeof *s);
}

int bench_read_published(const terroir_model *model, const char *path, bench_solution *out)
{
    memset(out, 0, sizeof *out);
    out->polish_gain = NAN;
    snprintf(out->status, sizeof out->status, "feasible");
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "routing_bench: cannot open %s\n", path);
        return -1;
    }
    size_t np = terroir_model_count(model, TERROIR_ENTITY_POINT), cap = 0;
    char line[16384];
    int rc = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "Cost", 4) == 0) {
            out->cost = strtod(line + 4, NULL);
            continue;
        }
        char *p = strchr(line, ':');
        if (strncmp(line, "Route", 5) != 0 || !p)
            continue;
        if (out->n_routes == cap) {
            cap = cap ? 2 * cap : 32;
            bench_route *grown = realloc(out->routes, cap * sizeof *grown);
            if (!grown)
                goto done;
            out->routes = grown;
        }
        bench_route *r = &out->routes[out->n_routes++];
        memset(r, 0, sizeof *r);
        r->points = calloc(np ? np : 1, sizeof *r->points);
        if (!r->points)
            goto done;
        char *end;
        p++;
        for (long c = strtol(p, &end, 10); end != p; c = strtol(p, &end, 10)) {
            p = end;
            char id[32];
            snprintf(id, sizeof id, "c%ld", c);
            size_t index = (size_t)-1;
            if (r->n >= np || terroir_model_find(model, TERROIR_ENTITY_POINT, id, &index) != 0) {
                fprintf(stderr, "routing_bench: %s: bad customer %ld\n", path, c);
                goto done;
            }
            r->points[r->n++] = index;
        }
    }
    /* The file gives only the total: per-route costs are unknown (NaN), and
     * the re-check compares the total only. */
    for (size_t k = 0; k < out->n_routes; k++)
        out->routes[k].cost = NAN;
    rc = 0;
done:
    fclose(f);
    return rc;
}

#if ROUTING_BENCH_PUBLIC

const char *bench_solve_path(void)
{
    return "terroir_solve() (public API), stages = route";
}

/* Copy the plan's routes into `out`.  A stop whose site is not a point of
 * the model gets the index (size_t)-1, which the re-check reports. */
static int read_routes(const terroir_model *model, const terroir_plan *plan, bench_solution *out)
{
    size_t n = terroir_plan_route_count(plan);
    out->routes = calloc(n ? n : 1, sizeof *out->routes);
    if (!out->routes)
        return TERROIR_ENOMEM;
    for (size_t r = 0; r < n; r++) {
        terroir_plan_route pr;
        memset(&pr, 0, sizeof pr);
        pr.version = TERROIR_PLAN_ROUTE_VERSION;
        int rc = terroir_plan_get_route(plan, r, &pr);
        if (rc)
            return rc;
        bench_route *br = &out->routes[out->n_routes++];
        if (terroir_model_find(model, TERROIR_ENTITY_VEHICLE_TYPE, pr.vehicle_type, &br->type) != 0)
            br->type = (size_t)-1;
        br->km = pr.km;
        br->cost = pr.cost;
        br->points = calloc(pr.n_stops ? pr.n_stops : 1, sizeof *br->points);
        if (!br->points)
            return TERROIR_ENOMEM;
        for (size_t k = 0; k < pr.n_stops; k++) {
            terroir_plan_route_stop st;
            memset(&st, 0, sizeof st);
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            if ((rc = terroir_plan_get_route_stop(plan, r, k, &st)) != 0)
                return rc;
            if (terroir_model_find(model, TERROIR_ENTITY_POINT, st.site, &br->points[k]) != 0)
                br->points[k] = (size_t)-1;
            br->n++;
        }
        out->cost += pr.cost;
    }
    return 0;
}

int bench_solve(const terroir_model *model, const bench_solve_params *params, bench_solution *out)
{
    memset(out, 0, sizeof *out);
    out->polish_gain = NAN;
    terroir_solve_options opts = TERROIR_SOLVE_OPTIONS_INIT;
    opts.time_limit_seconds = params->seconds;
    opts.seed = params->seed;
    opts.stages = 1u << TERROIR_STAGE_ROUTE;
    opts.route_iterations = params->iterations;
    opts.route_polish = params->polish;
    terroir_plan *plan = NULL;
    double t0 = now();
    int rc = terroir_solve(&plan, model, &opts);
    out->seconds = now() - t0;
    if (rc)
        return rc;
    out->plan = plan;
    snprintf(out->status, sizeof out->status, "%s",
             terroir_status_to_string(terroir_plan_status(plan)));
    terroir_plan_summary sum;
    memset(&sum, 0, sizeof sum);
    if (terroir_plan_summary_init(&sum, TERROIR_PLAN_SUMMARY_VERSION) == 0 &&
        terroir_plan_get_summary(plan, &sum) == 0)
        out->polish_gain = sum.route_polish_gain;
    out->n_unserved = terroir_plan_unserved_stop_count(plan);
    return read_routes(model, plan, out);
}

#else /* INTERNAL path, temporary */

const char *bench_solve_path(void)
{
    return "vrp__solve() on a vrp_problem built in the runner (TEMPORARY INTERNAL PATH, until "
           "stage 3 of terroir_solve() exists)";
}

typedef struct internal_problem {
    vrp_problem p;
    vrp_node *nodes;
    vrp_window *windows;
    double *km, *minutes;
    vrp_vehicle_type *types;
} internal_problem;

static void internal_free(internal_problem *ip)
{
    free(ip->nodes);
    free(ip->windows);
    free(ip->km);
    free(ip->minutes);
    free(ip->types);
}

/* INTERNAL: the model as the engine's problem: hubs are depots 0..h-1 (hub
 * index = node index), points follow; every stop mandatory; deliveries in
 * kg/m3/pallets from the products' units. */
static int internal_build(const terroir_model *m, internal_problem *ip)
{
    memset(ip, 0, sizeof *ip);
    size_t h = terroir_model_count(m, TERROIR_ENTITY_HUB);
    size_t np = terroir_model_count(m, TERROIR_ENTITY_POINT);
    size_t nt = terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE);
    size_t n = h + np;
    size_t n_windows = 0;
    for (size_t i = 0; i < h; i++)
        n_windows += terroir_model_time_window_count(m, TERROIR_SITE_HUB, i);
    for (size_t j = 0; j < np; j++)
        n_windows += terroir_model_time_window_count(m, TERROIR_SITE_POINT, j);
    ip->nodes = calloc(n, sizeof *ip->nodes);
    ip->windows = calloc(n_windows ? n_windows : 1, sizeof *ip->windows);
    ip->km = calloc(n * n, sizeof *ip->km);
    ip->minutes = calloc(n * n, sizeof *ip->minutes);
    ip->types = calloc(nt ? nt : 1, sizeof *ip->types);
    if (!ip->nodes || !ip->windows || !ip->km || !ip->minutes || !ip->types)
        return TERROIR_ENOMEM;
    terroir_settings settings = TERROIR_SETTINGS_INIT;
    int rc = terroir_model_get_settings(m, &settings);
    if (rc)
        return rc;
    size_t w = 0;
    for (size_t v = 0; v < n; v++) {
        vrp_node *node = &ip->nodes[v];
        terroir_site_kind kind = v < h ? TERROIR_SITE_HUB : TERROIR_SITE_POINT;
        size_t index = v < h ? v : v - h;
        if ((rc = terroir_model_site_index(m, kind, index, &node->site)) != 0)
            return rc;
        node->unserved_penalty = -1;
        size_t k_windows = terroir_model_time_window_count(m, kind, index);
        node->windows = k_windows ? &ip->windows[w] : NULL;
        node->n_windows = k_windows;
        for (size_t k = 0; k < k_windows; k++, w++)
            if ((rc = terroir_model_get_time_window(m, kind, index, k, &ip->windows[w].open,
                                                    &ip->windows[w].close)) != 0)
                return rc;
        if (kind == TERROIR_SITE_HUB)
            continue;
        terroir_point_spec ps = TERROIR_POINT_SPEC_INIT;
        if ((rc = terroir_model_get_point(m, index, &ps)) != 0)
            return rc;
        node->service_minutes = ps.service_minutes;
        for (size_t k = 0; k < terroir_model_demand_count(m, index); k++) {
            size_t product;
            double q;
            terroir_product_spec pr = TERROIR_PRODUCT_SPEC_INIT;
            if ((rc = terroir_model_get_demand(m, index, k, &product, &q)) != 0 ||
                (rc = terroir_model_get_product(m, product, &pr)) != 0)
                return rc;
            node->delivery[0] += q * pr.kg_per_unit;
            node->delivery[1] += q * pr.m3_per_unit;
            node->delivery[2] += q * pr.pallets_per_unit;
            node->temperatures |= 1u << pr.temperature;
        }
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            if ((rc = terroir_model_distance(m, ip->nodes[a].site, ip->nodes[b].site,
                                             &ip->km[a * n + b], &ip->minutes[a * n + b])) != 0)
                return rc;
    for (size_t t = 0; t < nt; t++) {
        terroir_vehicle_type_spec vs = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        if ((rc = terroir_model_get_vehicle_type(m, t, &vs)) != 0)
            return rc;
        vrp_vehicle_type *vt = &ip->types[t];
        vt->depot = vs.home_hub;
        vt->count = vs.count;
        for (int d = 0; d < VRP_DIMENSIONS; d++)
            vt->capacity[d] = vs.capacity[d] == TERROIR_UNLIMITED ? -1.0 : vs.capacity[d];
        vt->temperatures = vs.temperatures;
        vt->fixed_cost = vs.fixed_cost;
        vt->cost_per_km = vs.cost_per_km;
        vt->cost_per_hour = vs.cost_per_hour;
        vt->time_factor = vs.speed_kmh > 0 ? settings.speed_kmh / vs.speed_kmh : 1.0;
        vt->max_duration_minutes = vs.max_duration_minutes;
        vt->co2_kg_per_km = vs.co2_kg_per_km;
    }
    ip->p.n_nodes = n;
    ip->p.n_depots = h;
    ip->p.nodes = ip->nodes;
    ip->p.km = ip->km;
    ip->p.minutes = ip->minutes;
    ip->p.types = ip->types;
    ip->p.n_types = nt;
    return 0;
}

int bench_solve(const terroir_model *model, const bench_solve_params *params, bench_solution *out)
{
    memset(out, 0, sizeof *out);
    out->polish_gain = NAN;
    internal_problem ip;
    vrp_solution vs;
    memset(&vs, 0, sizeof vs);
    int rc = internal_build(model, &ip);
    if (rc)
        goto done;
    vrp_params vp;
    memset(&vp, 0, sizeof vp);
    vp.time_limit_seconds = params->seconds;
    vp.iterations = params->iterations;
    vp.seed = params->seed;
    vp.polish = params->polish;
    double t0 = now();
    rc = vrp__solve(&ip.p, &vp, &vs);
    out->seconds = now() - t0;
    if (rc)
        goto done;
    snprintf(out->status, sizeof out->status, "%s", vs.feasible ? "feasible" : "infeasible");
    out->polish_gain = vs.cost_before_polish - vs.cost;
    out->n_unserved = vs.n_unserved;
    out->cost = vs.cost;
    out->routes = calloc(vs.n_routes ? vs.n_routes : 1, sizeof *out->routes);
    if (!out->routes) {
        rc = TERROIR_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < vs.n_routes; r++) {
        const vrp_route *vr = &vs.routes[r];
        bench_route *br = &out->routes[out->n_routes++];
        br->type = vr->type;
        br->km = vr->km;
        br->cost = vr->cost;
        br->points = calloc(vr->n_stops ? vr->n_stops : 1, sizeof *br->points);
        if (!br->points) {
            rc = TERROIR_ENOMEM;
            goto done;
        }
        for (size_t k = 0; k < vr->n_stops; k++)
            br->points[br->n++] =
                vr->stops[k] >= ip.p.n_depots ? vr->stops[k] - ip.p.n_depots : (size_t)-1;
    }
done:
    vrp__solution_free(&vs);
    internal_free(&ip);
    return rc;
}

#endif
