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

static void stop_free(route_set_stop *s)
{
    for (size_t j = 0; j < s->n_products; j++)
        free(s->products[j].product);
    free(s->products);
    free(s->site);
}

static void self_free(route_set_self *s)
{
    free(s->producer);
    free(s->hub);
    free(s->product);
}

void terroir_routes_free(terroir_routes *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_routes; i++) {
        route_set_route *rt = &r->routes[i];
        for (size_t k = 0; k < rt->n_stops; k++)
            stop_free(&rt->stops[k]);
        free(rt->stops);
        free(rt->vehicle_type);
    }
    free(r->routes);
    for (size_t i = 0; i < r->n_selfs; i++)
        self_free(&r->selfs[i]);
    free(r->selfs);
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
    s->products = NULL;
    s->n_products = 0;
    int ok = (s->site = core__strdup(stop->site)) != NULL;
    if (ok && stop->n_products)
        ok = (s->products = core__calloc(stop->n_products, sizeof *s->products)) != NULL;
    for (size_t j = 0; ok && j < stop->n_products; j++) {
        s->products[j] = stop->products[j];
        ok = (s->products[j].product = core__strdup(stop->products[j].product)) != NULL;
        s->n_products = j + 1;
    }
    if (!ok) {
        stop_free(s);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    rt->n_stops++;
    return 0;
}

int route__set_add_self(terroir_routes *r, const route_set_self *self)
{
    if (core__grow((void **)&r->selfs, &r->cap_selfs, r->n_selfs + 1, sizeof *r->selfs) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory");
    route_set_self *s = &r->selfs[r->n_selfs];
    *s = *self;
    s->producer = core__strdup(self->producer);
    s->hub = core__strdup(self->hub);
    s->product = core__strdup(self->product);
    if (!s->producer || !s->hub || !s->product) {
        self_free(s);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    r->n_selfs++;
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
    route_set_product *products = NULL;
    if (spec->version >= 2 && (spec->products || spec->n_products)) {
        if (!spec->products)
            return core__error(TERROIR_EINVAL,
                               "terroir_routes_add_stop: n_products is %zu but products is NULL",
                               spec->n_products);
        if (spec->n_products &&
            !(products = core__calloc(spec->n_products, sizeof *products)))
            return core__error(TERROIR_ENOMEM, "out of memory");
        for (size_t j = 0; j < spec->n_products; j++) {
            const terroir_route_stop_product *sp = &spec->products[j];
            if (!sp->product || !sp->product[0] || !isfinite(sp->quantity) || sp->quantity < 0) {
                free(products);
                return core__error(TERROIR_EINVAL,
                                   "terroir_routes_add_stop: product %zu has no id or a negative "
                                   "or non-finite quantity",
                                   j);
            }
            products[j].product = (char *)sp->product; /* copied by route__set_add_stop */
            products[j].quantity = sp->quantity;
            products[j].kg = -1;
        }
        s.has_products = 1;
        s.products = products;
        s.n_products = spec->n_products;
    }
    if (s.has_quantities) {
        int rc;
        if ((rc = core__enum_values(s.delivery, TERROIR_DIMENSION_COUNT, spec->delivery,
                                    spec->n_dimensions, "delivery")) != 0 ||
            (rc = core__enum_values(s.pickup, TERROIR_DIMENSION_COUNT, spec->pickup,
                                    spec->n_dimensions, "pickup")) != 0)
            return rc;
        for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
            if (!isfinite(s.delivery[d]) || s.delivery[d] < 0 || !isfinite(s.pickup[d]) ||
                s.pickup[d] < 0) {
                free(products);
                return core__error(TERROIR_EINVAL,
                                   "terroir_routes_add_stop: quantities must be finite and >= 0");
            }
    }
    int rc = route__set_add_stop(r, route, &s);
    free(products);
    return rc;
}

int terroir_routes_set_vehicle(terroir_routes *r, size_t route, size_t vehicle, unsigned int day)
{
    core__error_reset();
    if (!r || day == 0)
        return core__error(TERROIR_EINVAL, "terroir_routes_set_vehicle: NULL set or day 0 (days "
                                           "are 1-based)");
    if (route >= r->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the set (it has %zu)", route,
                           r->n_routes);
    r->routes[route].has_vehicle = 1;
    r->routes[route].vehicle = vehicle;
    r->routes[route].day = day;
    return 0;
}

int terroir_routes_set_departure(terroir_routes *r, size_t route, double minutes)
{
    core__error_reset();
    if (!r || !isfinite(minutes) || minutes < 0)
        return core__error(TERROIR_EINVAL, "terroir_routes_set_departure: NULL set, or a "
                                           "negative or non-finite time");
    if (route >= r->n_routes)
        return core__error(TERROIR_ENOTFOUND, "no route %zu in the set (it has %zu)", route,
                           r->n_routes);
    r->routes[route].not_before = minutes;
    return 0;
}

int terroir_route_self_delivery_spec_init(terroir_route_self_delivery_spec *spec,
                                          unsigned int version)
{
    core__error_reset();
    if (!spec || version == 0 || version > TERROIR_ROUTE_SELF_DELIVERY_SPEC_VERSION)
        return core__error(TERROIR_EINVAL,
                           "terroir_route_self_delivery_spec_init: NULL or unknown version");
    terroir_route_self_delivery_spec d = TERROIR_ROUTE_SELF_DELIVERY_SPEC_INIT;
    *spec = d;
    spec->version = version;
    return 0;
}

int terroir_routes_add_self_delivery(terroir_routes *r,
                                     const terroir_route_self_delivery_spec *spec)
{
    core__error_reset();
    if (!r || !spec)
        return core__error(TERROIR_EINVAL, "terroir_routes_add_self_delivery: NULL argument");
    if (spec->version == 0 || spec->version > TERROIR_ROUTE_SELF_DELIVERY_SPEC_VERSION)
        return core__error(TERROIR_EINVAL,
                           "terroir_routes_add_self_delivery: unknown spec version %u",
                           spec->version);
    if (!spec->producer || !spec->producer[0] || !spec->hub || !spec->hub[0] || !spec->product ||
        !spec->product[0])
        return core__error(TERROIR_EINVAL,
                           "terroir_routes_add_self_delivery: producer, hub and product are "
                           "required");
    if (spec->day == 0 || !isfinite(spec->quantity) || spec->quantity < 0 ||
        !isfinite(spec->departure) || spec->departure < 0 || !isfinite(spec->arrival) ||
        spec->arrival < spec->departure)
        return core__error(TERROIR_EINVAL,
                           "terroir_routes_add_self_delivery: day 0, a negative or non-finite "
                           "number, or an arrival before the departure");
    route_set_self s;
    memset(&s, 0, sizeof s);
    s.producer = (char *)spec->producer; /* copied by route__set_add_self */
    s.hub = (char *)spec->hub;
    s.product = (char *)spec->product;
    s.quantity = spec->quantity;
    s.kg = -1;
    s.day = spec->day;
    s.departure = spec->departure;
    s.arrival = spec->arrival;
    return route__set_add_self(r, &s);
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
        route_set_route *rt = &r->routes[idx];
        rt->has_vehicle = 1;
        rt->vehicle = pr->vehicle;
        rt->day = pr->day ? pr->day : 1;
        /* The plan's departure, as the routing stage set it (after the
         * goods reach the hub): the checker starts from it. */
        rt->not_before = isfinite(pr->departure) && pr->departure > 0 ? pr->departure : 0;
        for (size_t k = 0; k < pr->n_stops && !rc; k++) {
            const plan_stop *ps = &pr->stops[k];
            route_set_stop s;
            memset(&s, 0, sizeof s);
            s.site = p->site_ids[ps->site];
            s.has_quantities = 1;
            s.temperatures = ps->temperatures;
            memcpy(s.delivery, ps->delivery, sizeof s.delivery);
            memcpy(s.pickup, ps->pickup, sizeof s.pickup);
            route_set_product *products = NULL;
            if (ps->products) {
                s.has_products = 1;
                if (ps->n_products &&
                    !(products = core__calloc(ps->n_products, sizeof *products))) {
                    rc = core__error(TERROIR_ENOMEM, "out of memory");
                    break;
                }
                for (size_t j = 0; j < ps->n_products; j++) {
                    products[j].product = p->product_ids[ps->products[j].product];
                    products[j].quantity = ps->products[j].quantity;
                    products[j].kg = ps->products[j].kg;
                }
                s.products = products;
                s.n_products = ps->n_products;
            }
            rc = route__set_add_stop(r, idx, &s);
            free(products);
        }
    }
    for (size_t i = 0; i < p->n_self_deliveries && !rc; i++) {
        const plan_self_delivery *sd = &p->self_deliveries[i];
        route_set_self s;
        memset(&s, 0, sizeof s);
        s.producer = p->site_ids[sd->producer];
        s.hub = p->site_ids[sd->hub];
        s.product = p->product_ids[sd->product];
        s.quantity = sd->quantity;
        s.kg = sd->kg;
        s.day = sd->day ? sd->day : 1;
        s.departure = sd->departure;
        s.arrival = sd->arrival;
        rc = route__set_add_self(r, &s);
    }
    r->food_hub = p->routed && !p->pure_vrp;
    if (rc) {
        terroir_routes_free(r);
        return rc;
    }
    *out = r;
    return 0;
}
