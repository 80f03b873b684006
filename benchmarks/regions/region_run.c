/* One region, end to end, through the public API: the YAML loader
 * (which validates), terroir_solve() with the time limit, the plan's
 * summary and routes, and terroir_baseline_direct() on the plan.  Peak
 * memory of load + solve is the process's own ru_maxrss read right after
 * the solve: the driver forks a fresh process per region, so it is the
 * region's. */
#define _DEFAULT_SOURCE 1
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "region.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void fail(region_result *r, const char *step)
{
    const terroir_error *e = terroir_error_last();
    snprintf(r->error, sizeof r->error, "%s: %s", step, e ? e->message : "failed");
    r->ok = 0;
}

/* Route figures that the summary does not have: stops served. */
static int count_stops(const terroir_plan *plan, region_result *r)
{
    for (size_t i = 0; i < terroir_plan_route_count(plan); i++) {
        terroir_plan_route route;
        memset(&route, 0, sizeof route);
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        if (terroir_plan_get_route(plan, i, &route) != 0)
            return -1;
        r->stops += route.n_stops;
    }
    for (size_t i = 0; i < terroir_plan_hub_count(plan); i++) {
        terroir_plan_hub hub;
        memset(&hub, 0, sizeof hub);
        hub.version = TERROIR_PLAN_HUB_VERSION;
        if (terroir_plan_get_hub(plan, i, &hub) != 0)
            return -1;
        r->hubs_open += hub.open != 0;
    }
    return 0;
}

void region_run(const char *path, const region_params *p, region_result *r)
{
    terroir_model *m = NULL;
    terroir_plan *plan = NULL;
    memset(r, 0, sizeof *r);
    double t0 = now();
    if (terroir_model_load_yaml_file(&m, path, NULL, NULL) != 0) {
        fail(r, "load");
        return;
    }
    r->load_seconds = now() - t0;
    r->producers = terroir_model_count(m, TERROIR_ENTITY_PRODUCER);
    r->hubs = terroir_model_count(m, TERROIR_ENTITY_HUB);
    r->points = terroir_model_count(m, TERROIR_ENTITY_POINT);
    for (size_t v = 0; v < terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE); v++) {
        terroir_vehicle_type_spec spec = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        if (terroir_model_get_vehicle_type(m, v, &spec) == 0)
            r->vehicles += spec.count;
    }

    terroir_solve_options o;
    terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION);
    o.time_limit_seconds = p->time_limit;
    o.seed = p->seed;
    t0 = now();
    if (terroir_solve(&plan, m, &o) != 0) {
        fail(r, "solve");
        goto done;
    }
    r->solve_seconds = now() - t0;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        r->solve_peak_kb = ru.ru_maxrss;

    terroir_plan_summary s;
    terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION);
    if (terroir_plan_get_summary(plan, &s) != 0 || count_stops(plan, r) != 0) {
        fail(r, "plan");
        goto done;
    }
    memcpy(r->stage_seconds, s.stage_seconds, sizeof r->stage_seconds);
    snprintf(r->status, sizeof r->status, "%s", terroir_status_to_string(s.status));
    r->objective = s.objective;
    r->demand_kg = s.demand_kg_total;
    r->served_kg = s.served_kg_total;
    r->routes = s.n_routes;
    r->unserved_stops = s.n_unserved_stops;
    r->km = s.routed_km;
    r->routed_cost = s.routed_cost;
    r->transport_estimate = s.transport_estimate;
    r->estimate_error = s.transport_estimate_error;

    terroir_baseline_options bo;
    terroir_baseline_options_init(&bo, TERROIR_BASELINE_OPTIONS_VERSION);
    bo.seed = p->seed;
    bo.time_limit_seconds = p->baseline_time;
    bo.iterations = p->baseline_iterations;
    if (bo.iterations == 0 && bo.time_limit_seconds <= 0)
        bo.iterations = TERROIR_BASELINE_DEFAULT_ITERATIONS;
    terroir_baseline_init(&r->baseline, TERROIR_BASELINE_VERSION);
    if (terroir_baseline_direct(&r->baseline, m, plan, &bo) != 0) {
        fail(r, "baseline");
        goto done;
    }
    /* Both sides measured on routes alone (the summary's tonne-km are the
     * flows', and its CO2 includes direct deliveries). */
    r->tonne_km = r->baseline.plan_tonne_km;
    r->co2_kg = r->baseline.plan_co2_kg;
    r->ok = 1;
done:
    terroir_plan_free(plan);
    terroir_model_free(m);
}
