/* Sets of routes to check (terroir_routes): the builder API, and the
 * conversion of a plan's routes into a set.  A set holds ids only (copied),
 * with their position in a routes file when it was loaded from one; ids are
 * resolved against a model by the checker (route_check.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_internal.h"
#include "route/route_internal.h"

int terroir_routes_new(terroir_routes **out)
{
    core__error_reset();
    if (!out)
        return core__error(TERROIR_EINVAL, "terroir_routes_new: out is NULL");
    terroir_routes *r = core__calloc(1, sizeof *r);
    if (!r)
        return core__error(TERROIR_ENOMEM, "out of memory");
    *out = r;
    return 0;
}

void terroir_routes_free(terroir_routes *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_routes; i++) {
        route_set_route *rt = &r->routes[i];
        for (size_t k = 0; k < rt->n_stops; k++)
            free(rt->stops[k].site);
        free(rt->stops);
        free(rt->vehicle_type);
    }
    free(r->routes);
    free(r->file);
    free(r);
}

int route__set_add(terroir_routes *r, const char *vehicle_type, unsigned long line,
                   unsigned long column, size_t *index)
{
    if (core__grow((void **)&r->routes, &r->cap_routes, r->n_routes + 1, sizeof *r->routes) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory");
    route_set_route *rt = &r->routes[r->n_routes];
    memset(rt, 0, sizeof *rt);
    if (!(rt->vehicle_type = core__strdup(vehicle_type)))
        return core__error(TERROIR_ENOMEM, "out of memory");
    rt->line = line;
    rt->column = column;
    if (index)
        *index = r->n_routes;
    r->n_routes++;
    return 0;
}

int route__set_add_stop(terroir_routes *r, size_t route, const route_set_stop *stop)
{
    route_set_route *rt = &r->routes[route];
    if (core__grow((void **)&rt->stops, &rt->cap_stops, rt->n_stops + 1, sizeof *rt->stops) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory");
    route_set_stop *s = &rt->stops[rt->n_stops];
    *s = *stop;
    if (!(s->site = core__strdup(stop->site)))
        return core__error(TERROIR_ENOMEM, "out of memory");
    rt->n_stops++;
    return 0;
}

int terroir_routes_add(terroir_routes *r, const char *vehicle_type, size_t *out_index)
{
    core__error_reset();
    if (!r || !vehicle_type || !vehicle_type[0])
        return core__error(TERROIR_EINVAL, "terroir_routes_add: NULL argument or empty id");
    return route__set_add(r, vehicle_type, 0, 0, out_index);
}

int terroir_route_stop_spec_init(terroir_route_stop_spec *spec, unsigned int version)
{
    core__error_reset();
    if (!spec || version == 0 || version > TERROIR_ROUTE_STOP_SPEC_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_route_stop_spec_init: NULL or unknown version");
    terroir_route_stop_spec d = TERROIR_ROUTE_STOP_SPEC_INIT;
    *spec = d;
    spec->version = version;
    return 0;
}

int terroir_routes_add_stop(terroir_routes *r, size_t route, const terroir_route_stop_spec *spec)
{
    core__error_reset();
    if (!r || !spec)
        return core__error(TERROIR_EINVAL, "terroir_routes_add_stop: NULL argument");
    if (spec->version == 0 || spec->version > TERROIR_ROUTE_STOP_SPEC_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_routes_add_stop: unknown spec version %u",
                           spec->version);
    if (!spec->site || !spec->site[0])
        return core__error(TERROIR_EINVAL, "terroir_routes_add_stop: the stop has no site id");
    if (route >= r->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the set (it has %zu)", route,
                           r->n_routes);
    route_set_stop s;
    memset(&s, 0, sizeof s);
    s.site = (char *)spec->site; /* copied by route__set_add_stop */
    s.has_quantities = spec->has_quantities != 0;
    if (spec->temperatures >= (1u << TERROIR_TEMPERATURE_COUNT))
        return core__error(TERROIR_EINVAL,
                           "terroir_routes_add_stop: unknown temperature class "
                           "in the bit set 0x%x",
                           spec->temperatures);
    s.temperatures = spec->temperatures;
    if (s.has_quantities) {
        int rc;
        if ((rc = core__enum_values(s.delivery, TERROIR_DIMENSION_COUNT, spec->delivery,
                                    spec->n_dimensions, "delivery")) != 0 ||
            (rc = core__enum_values(s.pickup, TERROIR_DIMENSION_COUNT, spec->pickup,
                                    spec->n_dimensions, "pickup")) != 0)
            return rc;
        for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
            if (!isfinite(s.delivery[d]) || s.delivery[d] < 0 || !isfinite(s.pickup[d]) ||
                s.pickup[d] < 0)
                return core__error(TERROIR_EINVAL,
                                   "terroir_routes_add_stop: quantities must be finite and >= 0");
    }
    return route__set_add_stop(r, route, &s);
}

size_t terroir_routes_count(const terroir_routes *r)
{
    core__error_reset();
    return r ? r->n_routes : 0;
}

size_t terroir_routes_stop_count(const terroir_routes *r, size_t route)
{
    core__error_reset();
    return r && route < r->n_routes ? r->routes[route].n_stops : 0;
}

int terroir_routes_from_plan(terroir_routes **out, const terroir_plan *p)
{
    core__error_reset();
    if (!out || !p)
        return core__error(TERROIR_EINVAL, "terroir_routes_from_plan: NULL argument");
    terroir_routes *r = core__calloc(1, sizeof *r);
    int rc = 0;
    if (!r)
        return core__error(TERROIR_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n_routes && !rc; i++) {
        const plan_route *pr = &p->routes[i];
        size_t idx;
        if ((rc = route__set_add(r, p->vehicle_type_ids[pr->vehicle_type], 0, 0, &idx)) != 0)
            break;
        for (size_t k = 0; k < pr->n_stops && !rc; k++) {
            route_set_stop s;
            memset(&s, 0, sizeof s);
            s.site = p->site_ids[pr->stops[k].site];
            s.has_quantities = 1;
            s.temperatures = pr->stops[k].temperatures;
            memcpy(s.delivery, pr->stops[k].delivery, sizeof s.delivery);
            memcpy(s.pickup, pr->stops[k].pickup, sizeof s.pickup);
            rc = route__set_add_stop(r, idx, &s);
        }
    }
    if (rc) {
        terroir_routes_free(r);
        return rc;
    }
    *out = r;
    return 0;
}
