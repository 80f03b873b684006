/* Route checker reports: accessors, free, and the names of violation
 * kinds.  Routes and stops are read through the plan's structures
 * (plan__route_out / plan__stop_out), so a report and a plan read alike. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *terroir_violation_kind_to_string(terroir_violation_kind kind)
{
    static const char *const names[] = {"capacity",      "time_window",    "duration",
                                        "hub_hours",     "temperature",    "not_a_stop",
                                        "fleet_size",    "duplicate_stop", "missing_stop",
                                        "synchronisation", "stock",        "shelf_life",
                                        "vehicle_day",   "day",            "storage"};
    return (int)kind >= 0 && (size_t)kind < COUNT(names) ? names[kind] : "unknown";
}

void terroir_route_report_free(terroir_route_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_sites; i++)
        free(r->site_ids[i]);
    free(r->site_ids);
    for (size_t i = 0; i < r->n_products; i++)
        free(r->product_ids[i]);
    free(r->product_ids);
    for (size_t i = 0; i < r->n_vehicle_types; i++)
        free(r->vehicle_type_ids[i]);
    free(r->vehicle_type_ids);
    plan__routes_free(r->routes, r->n_routes);
    for (size_t i = 0; i < r->n_violations; i++)
        free(r->violations[i].detail);
    free(r->violations);
    free(r);
}

static int check_out(const terroir_route_report *r, const void *out, unsigned int version,
                     unsigned int known, const char *fn)
{
    if (!r || !out)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    if (version == 0 || version > known)
        return core__error(TERROIR_EINVAL, "%s: unknown structure version %u", fn, version);
    return 0;
}

int terroir_route_report_get_summary(const terroir_route_report *r,
                                     terroir_route_report_summary *out)
{
    core__error_reset();
    int rc = check_out(r, out, out ? out->version : 0, TERROIR_ROUTE_REPORT_SUMMARY_VERSION,
                       "terroir_route_report_get_summary");
    if (rc)
        return rc;
    unsigned int version = out->version;
    *out = r->summary;
    out->version = version;
    return 0;
}

size_t terroir_route_report_route_count(const terroir_route_report *r)
{
    core__error_reset();
    return r ? r->n_routes : 0;
}

int terroir_route_report_get_route(const terroir_route_report *r, size_t i, terroir_plan_route *out)
{
    core__error_reset();
    int rc = check_out(r, out, out ? out->version : 0, TERROIR_PLAN_ROUTE_VERSION,
                       "terroir_route_report_get_route");
    if (rc)
        return rc;
    if (i >= r->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the report (it has %zu)", i,
                           r->n_routes);
    plan__route_out(&r->routes[i], r->site_ids, r->vehicle_type_ids, out);
    return 0;
}

int terroir_route_report_get_stop(const terroir_route_report *r, size_t i, size_t k,
                                  terroir_plan_route_stop *out)
{
    core__error_reset();
    int rc = check_out(r, out, out ? out->version : 0, TERROIR_PLAN_ROUTE_STOP_VERSION,
                       "terroir_route_report_get_stop");
    if (rc)
        return rc;
    if (i >= r->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the report (it has %zu)", i,
                           r->n_routes);
    if (k >= r->routes[i].n_stops)
        return core__error(TERROIR_ENOTFOUND, "no stop %zu in route %zu (it has %zu)", k, i,
                           r->routes[i].n_stops);
    plan__stop_out(&r->routes[i].stops[k], r->site_ids, out);
    return 0;
}

int terroir_route_report_get_stop_product(const terroir_route_report *r, size_t i, size_t k,
                                          size_t j, terroir_plan_stop_product *out)
{
    core__error_reset();
    int rc = check_out(r, out, out ? out->version : 0, TERROIR_PLAN_STOP_PRODUCT_VERSION,
                       "terroir_route_report_get_stop_product");
    if (rc)
        return rc;
    if (i >= r->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the report (it has %zu)", i,
                           r->n_routes);
    if (k >= r->routes[i].n_stops)
        return core__error(TERROIR_ENOTFOUND, "no stop %zu in route %zu (it has %zu)", k, i,
                           r->routes[i].n_stops);
    return plan__stop_product_out(&r->routes[i].stops[k], j, r->product_ids, r->n_products,
                                  out);
}

size_t terroir_route_report_violation_count(const terroir_route_report *r)
{
    core__error_reset();
    return r ? r->n_violations : 0;
}

int terroir_route_report_get_violation(const terroir_route_report *r, size_t i,
                                       terroir_route_violation *out)
{
    core__error_reset();
    int rc = check_out(r, out, out ? out->version : 0, TERROIR_ROUTE_VIOLATION_VERSION,
                       "terroir_route_report_get_violation");
    if (rc)
        return rc;
    if (i >= r->n_violations)
        return core__error(TERROIR_ENOTFOUND, "no violation %zu in the report (it has %zu)", i,
                           r->n_violations);
    const route_report_violation *v = &r->violations[i];
    out->kind = v->kind;
    out->route = v->route;
    out->stop = v->stop;
    out->site = v->site == PLAN_NONE ? NULL : r->site_ids[v->site];
    out->amount = v->amount;
    out->dimension = v->dimension;
    out->detail = v->detail;
    if (out->version >= 2) {
        out->product = v->product == PLAN_NONE ? NULL : r->product_ids[v->product];
        out->hub = v->hub == PLAN_NONE ? NULL : r->site_ids[v->hub];
        out->time = v->time;
    }
    return 0;
}

int route__report_add(terroir_route_report *r, terroir_violation_kind kind, size_t route,
                      size_t stop, size_t site, double amount, int dim, size_t product, size_t hub,
                      double time, const char *fmt, ...)
{
    if (core__grow((void **)&r->violations, &r->cap_violations, r->n_violations + 1,
                   sizeof *r->violations) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    route_report_violation *v = &r->violations[r->n_violations];
    v->kind = kind;
    v->route = route;
    v->stop = stop;
    v->site = site;
    v->amount = amount;
    v->dimension = (terroir_dimension)dim;
    v->product = product;
    v->hub = hub;
    v->time = time;
    core_strbuf sb = CORE_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    core__sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    if (!(v->detail = core__sb_take(&sb, NULL)))
        return core__error(TERROIR_ENOMEM, "out of memory checking routes");
    r->n_violations++;
    return 0;
}
