/* Solving one benchmark instance for the routing runner, and turning the
 * result into plain route lists (vehicle type index + point indices) that
 * bench_check.c re-checks.
 *
 * terroir_solve() with the routing stage only and the time limit, then the
 * plan's routes through terroir_plan_route_count() / terroir_plan_get_route()
 * / terroir_plan_get_route_stop(), ids mapped back to the model's indices
 * with terroir_model_find(). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"


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
    terroir_plan_free((terroir_plan *)s->plan);
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

