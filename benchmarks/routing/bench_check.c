/* The routing runner's re-check of a solution: nothing the solver says is
 * taken on trust.  Two independent verdicts must agree:
 *
 * 1. The runner's own evaluation, written from the benchmark conventions
 *    and the model's public accessors only (terroir_model_distance() for
 *    distances and driving times, which apply the instance's rounding rule):
 *    every point served exactly once, routes per vehicle type within its
 *    count, load within capacity in every dimension, service starting inside
 *    a time window (waiting allowed), back at the hub before it closes,
 *    duration (from departure at the hub's opening to return: travel,
 *    service and waiting) within the maximum, and the cost recomputed.
 * 2. The library's public route checker (public build only): the routes
 *    rebuilt stop by stop with terroir_routes_add_stop() (quantities from
 *    the model) and checked with terroir_route_check(), and the plan's
 *    routes checked with terroir_route_check_plan().
 *
 * A violation in either, or a cost (solver, checker) that differs from the
 * recomputed one by more than 1e-6 relative, fails the row. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define TOL_TIME 1e-6 /* minutes */

static int close_enough(double a, double b)
{
    return fabs(a - b) <= 1e-6 * (1.0 + fabs(b));
}

static void fail(bench_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Record the first problem only. */
static void fail(bench_check *c, const char *fmt, ...)
{
    if (!c->ok)
        return;
    c->ok = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, sizeof c->why, fmt, ap);
    va_end(ap);
}

/* Load of one point in kg, m3 and pallets (its demand in product units
 * times the products' unit weights). */
static int point_load(const terroir_model *m, size_t point, double load[TERROIR_DIMENSION_COUNT])
{
    for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
        load[d] = 0;
    size_t lines = terroir_model_demand_count(m, point);
    for (size_t k = 0; k < lines; k++) {
        size_t product;
        double q;
        terroir_product_spec pr = TERROIR_PRODUCT_SPEC_INIT;
        if (terroir_model_get_demand(m, point, k, &product, &q) != 0 ||
            terroir_model_get_product(m, product, &pr) != 0)
            return -1;
        load[TERROIR_DIMENSION_KG] += q * pr.kg_per_unit;
        load[TERROIR_DIMENSION_M3] += q * pr.m3_per_unit;
        load[TERROIR_DIMENSION_PALLETS] += q * pr.pallets_per_unit;
    }
    return 0;
}

/* One route by the runner's own rules; records the first violation and
 * returns the recomputed cost anyway, or NaN when the route cannot be
 * evaluated at all (a stop that is not a point, a missing distance). */
static double check_route(const terroir_model *m, const bench_route *r, size_t index,
                          const terroir_vehicle_type_spec *vt, double model_speed, bench_check *c)
{
    size_t np = terroir_model_count(m, TERROIR_ENTITY_POINT);
    size_t hub_site;
    if (terroir_model_site_index(m, TERROIR_SITE_HUB, vt->home_hub, &hub_site) != 0) {
        fail(c, "route %zu: vehicle type %s has no valid home hub", index, vt->id);
        return NAN;
    }
    double time_factor = vt->speed_kmh > 0 ? model_speed / vt->speed_kmh : 1.0;
    size_t hub_windows = terroir_model_time_window_count(m, TERROIR_SITE_HUB, vt->home_hub);
    double depart = 0, hub_close = INFINITY;
    for (size_t k = 0; k < hub_windows; k++) {
        double open, close;
        terroir_model_get_time_window(m, TERROIR_SITE_HUB, vt->home_hub, k, &open, &close);
        if (k == 0)
            depart = open, hub_close = close;
        else if (close > hub_close)
            hub_close = close;
    }
    double load[TERROIR_DIMENSION_COUNT] = {0, 0, 0};
    double t = depart, km = 0;
    size_t prev = hub_site;
    for (size_t k = 0; k <= r->n; k++) {
        size_t site = hub_site;
        if (k < r->n) {
            if (r->points[k] >= np) {
                fail(c, "route %zu: stop %zu is not a point of the model", index, k);
                return NAN;
            }
            terroir_model_site_index(m, TERROIR_SITE_POINT, r->points[k], &site);
        }
        double leg_km, leg_minutes;
        if (terroir_model_distance(m, prev, site, &leg_km, &leg_minutes) != 0) {
            fail(c, "route %zu: no distance between sites %zu and %zu", index, prev, site);
            return NAN;
        }
        km += leg_km;
        t += leg_minutes * time_factor;
        prev = site;
        if (k == r->n)
            break;
        size_t p = r->points[k];
        const char *id = terroir_model_site_id(m, site);
        double pl[TERROIR_DIMENSION_COUNT];
        if (point_load(m, p, pl) != 0) {
            fail(c, "route %zu: cannot read the demand of %s", index, id);
            return NAN;
        }
        for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
            load[d] += pl[d];
        size_t nw = terroir_model_time_window_count(m, TERROIR_SITE_POINT, p);
        if (nw > 0) {
            int served = 0;
            for (size_t w = 0; w < nw && !served; w++) {
                double open, close;
                terroir_model_get_time_window(m, TERROIR_SITE_POINT, p, w, &open, &close);
                if (t <= close + TOL_TIME) {
                    if (t < open)
                        t = open;
                    served = 1;
                }
            }
            if (!served)
                fail(c, "route %zu: arrives at %s at %.4f, after its last window", index, id, t);
        }
        terroir_point_spec ps = TERROIR_POINT_SPEC_INIT;
        terroir_model_get_point(m, p, &ps);
        t += ps.service_minutes;
    }
    for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++) {
        double cap = vt->capacity[d];
        if (cap != TERROIR_UNLIMITED && load[d] > cap + 1e-9 * (1 + cap))
            fail(c, "route %zu: load %g %s above capacity %g", index, load[d],
                 terroir_dimension_to_string((terroir_dimension)d), cap);
    }
    if (t > hub_close + TOL_TIME)
        fail(c, "route %zu: back at its hub at %.4f, after it closes at %g", index, t, hub_close);
    double duration = t - depart;
    if (vt->max_duration_minutes > 0 && duration > vt->max_duration_minutes + TOL_TIME)
        fail(c, "route %zu: duration %.4f above the maximum %g", index, duration,
             vt->max_duration_minutes);
    return vt->fixed_cost + vt->cost_per_km * km + vt->cost_per_hour * duration / 60.0;
}

static void own_check(const terroir_model *m, const bench_solution *sol, bench_check *c)
{
    size_t np = terroir_model_count(m, TERROIR_ENTITY_POINT);
    size_t nt = terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE);
    unsigned *visits = calloc(np ? np : 1, sizeof *visits);
    size_t *used = calloc(nt ? nt : 1, sizeof *used);
    if (!visits || !used) {
        fail(c, "out of memory");
        goto done;
    }
    terroir_settings settings = TERROIR_SETTINGS_INIT;
    terroir_model_get_settings(m, &settings);
    c->cost = 0;
    for (size_t r = 0; r < sol->n_routes; r++) {
        const bench_route *br = &sol->routes[r];
        if (br->type >= nt) {
            fail(c, "route %zu: unknown vehicle type", r);
            goto done;
        }
        terroir_vehicle_type_spec vt = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        terroir_model_get_vehicle_type(m, br->type, &vt);
        if (++used[br->type] > vt.count)
            fail(c, "vehicle type %s: more than its %zu vehicles used", vt.id, vt.count);
        for (size_t k = 0; k < br->n; k++)
            if (br->points[k] < np)
                visits[br->points[k]]++;
        double cost = check_route(m, br, r, &vt, settings.speed_kmh, c);
        if (isnan(cost)) {
            c->cost = NAN;
            goto done;
        }
        if (!isnan(br->cost) && !close_enough(br->cost, cost))
            fail(c, "route %zu: solver says cost %.6f, recomputed %.6f", r, br->cost, cost);
        c->cost += cost;
    }
    for (size_t p = 0; p < np; p++) {
        if (visits[p] != 1) {
            size_t site;
            terroir_model_site_index(m, TERROIR_SITE_POINT, p, &site);
            fail(c, "%s served %u times", terroir_model_site_id(m, site), visits[p]);
            break;
        }
    }
    if (!close_enough(sol->cost, c->cost))
        fail(c, "solver's total %.6f differs from the recomputed %.6f", sol->cost, c->cost);
done:
    free(visits);
    free(used);
}

/* Judge a report of the public checker against the recomputed cost. */
static void judge_report(const terroir_route_report *rep, const char *what, bench_check *c)
{
    terroir_route_report_summary s;
    memset(&s, 0, sizeof s);
    s.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION;
    if (terroir_route_report_get_summary(rep, &s) != 0) {
        fail(c, "%s: no summary", what);
        return;
    }
    if (isnan(c->checker_cost)) {
        c->checker_cost = s.cost;
        c->checker_violations = s.n_violations;
    }
    if (!s.feasible || s.n_violations > 0) {
        terroir_route_violation v;
        memset(&v, 0, sizeof v);
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        if (terroir_route_report_get_violation(rep, 0, &v) == 0)
            fail(c, "%s: %zu violation(s), first: %s at %s: %s", what, s.n_violations,
                 terroir_violation_kind_to_string(v.kind), v.site ? v.site : "-",
                 v.detail ? v.detail : "");
        else
            fail(c, "%s: infeasible", what);
    }
    if (!close_enough(s.cost, c->cost))
        fail(c, "%s: cost %.6f, recomputed %.6f", what, s.cost, c->cost);
}

static void public_check(const terroir_model *m, const bench_solution *sol, bench_check *c)
{
    terroir_routes *routes = NULL;
    terroir_route_report *rep = NULL;
    int rc = terroir_routes_new(&routes);
    for (size_t r = 0; rc == 0 && r < sol->n_routes; r++) {
        const bench_route *br = &sol->routes[r];
        terroir_vehicle_type_spec vt = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        size_t index;
        if ((rc = terroir_model_get_vehicle_type(m, br->type, &vt)) != 0 ||
            (rc = terroir_routes_add(routes, vt.id, &index)) != 0)
            break;
        for (size_t k = 0; rc == 0 && k < br->n; k++) {
            size_t site;
            terroir_route_stop_spec stop = TERROIR_ROUTE_STOP_SPEC_INIT;
            if ((rc = terroir_model_site_index(m, TERROIR_SITE_POINT, br->points[k], &site)) == 0) {
                stop.site = terroir_model_site_id(m, site);
                rc = terroir_routes_add_stop(routes, index, &stop);
            }
        }
    }
    if (rc == 0)
        rc = terroir_route_check(&rep, m, routes);
    if (rc != 0) {
        const terroir_error *e = terroir_error_last();
        fail(c, "terroir_route_check: %s", e ? e->message : terroir_strerror(rc));
        goto done;
    }
    c->public_checked = 1;
    judge_report(rep, "route checker", c);
    terroir_route_report_free(rep);
    rep = NULL;
    if (sol->plan) {
        if ((rc = terroir_route_check_plan(&rep, m, sol->plan)) != 0) {
            const terroir_error *e = terroir_error_last();
            fail(c, "terroir_route_check_plan: %s", e ? e->message : terroir_strerror(rc));
            goto done;
        }
        judge_report(rep, "plan checker", c);
    }
done:
    terroir_route_report_free(rep);
    terroir_routes_free(routes);
}

void bench_check_solution(const terroir_model *model, const bench_solution *sol, bench_check *out)
{
    memset(out, 0, sizeof *out);
    out->ok = 1;
    out->checker_cost = NAN;
    own_check(model, sol, out);
    if (sol->n_unserved > 0)
        fail(out, "%zu stop(s) left unserved", sol->n_unserved);
    public_check(model, sol, out);
}
