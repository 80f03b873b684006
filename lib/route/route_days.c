/* Days of the cycle in a routing problem: see route_days.h. */
#include <stdlib.h>
#include <string.h>

#include "route/route_days.h"

void route__days_free(route_days *d)
{
    if (!d)
        return;
    free(d->ok);
    free(d->day_class);
    free(d->type_class);
    memset(d, 0, sizeof *d);
}

int route__days_build(route_days *d, const terroir_model *m, const route_problem *rp)
{
    memset(d, 0, sizeof *d);
    d->days = m->settings.operating_days ? m->settings.operating_days : 1;
    d->n_nodes = rp->n_nodes;
    if (!(d->ok = core__calloc(rp->n_nodes * d->days + 1, 1)))
        return core__error(TERROIR_ENOMEM, "out of memory routing");
    for (size_t i = 0; i < rp->n_nodes; i++) {
        for (unsigned int day = 1; day <= d->days; day++) {
            int ok = i < rp->n_depots || model__site_serves_on(m, rp->nodes[i].site, day);
            d->ok[i * d->days + day - 1] = (unsigned char)ok;
            d->restricted |= !ok;
        }
    }
    return 0;
}

/* 1 when no stop tells days a and b apart. */
static int same_days(const route_days *d, size_t a, size_t b)
{
    for (size_t i = 0; i < d->n_nodes; i++)
        if (d->ok[i * d->days + a] != d->ok[i * d->days + b])
            return 0;
    return 1;
}

int route__days_split(route_days *d, route_problem *rp, unsigned int from_day)
{
    if (!d->restricted || rp->n_types == 0)
        return 0;
    size_t first = from_day > 1 ? from_day - 1 : 0;
    if (first >= d->days)
        return 0;
    size_t *day_class = core__calloc(d->days, sizeof *day_class);
    if (!day_class)
        return core__error(TERROIR_ENOMEM, "out of memory routing");
    size_t n_classes = 0;
    for (size_t a = first; a < d->days; a++) {
        size_t c = n_classes;
        for (size_t b = first; b < a && c == n_classes; b++)
            if (same_days(d, a, b))
                c = day_class[b];
        day_class[a] = c;
        if (c == n_classes)
            n_classes++;
    }
    if (n_classes < 2 || n_classes > ROUTE_DAY_CLASS_MAX) {
        free(day_class); /* one class: nothing to split; too many: placement keeps the days */
        return 0;
    }
    size_t nt = rp->n_types, n = nt * n_classes;
    vrp_vehicle_type *types = core__calloc(n, sizeof *types);
    size_t *type_model = core__calloc(n, sizeof *type_model);
    size_t *type_class = core__calloc(n, sizeof *type_class);
    if (!types || !type_model || !type_class) {
        free(day_class);
        free(types);
        free(type_model);
        free(type_class);
        return core__error(TERROIR_ENOMEM, "out of memory routing");
    }
    unsigned int all = 0;
    for (size_t c = 0; c < n_classes; c++)
        all |= 1u << (TERROIR_TEMPERATURE_COUNT + c);
    for (size_t t = 0; t < nt; t++)
        for (size_t c = 0; c < n_classes; c++) {
            size_t k = t * n_classes + c;
            types[k] = rp->types[t];
            types[k].temperatures |= all & ~(1u << (TERROIR_TEMPERATURE_COUNT + c));
            type_model[k] = rp->type_model[t];
            type_class[k] = c;
        }
    /* a stop needs the bit of every class whose days it may not be served on */
    for (size_t i = rp->n_depots; i < rp->n_nodes; i++)
        for (size_t a = first; a < d->days; a++)
            if (!d->ok[i * d->days + a])
                rp->nodes[i].temperatures |= 1u << (TERROIR_TEMPERATURE_COUNT + day_class[a]);
    free(rp->types);
    free(rp->type_model);
    rp->types = types;
    rp->type_model = type_model;
    rp->n_types = n;
    d->n_classes = n_classes;
    d->day_class = day_class;
    d->type_class = type_class;
    /* days before from_day: in no class (no route of the problem runs then) */
    for (size_t a = 0; a < first; a++)
        d->day_class[a] = SIZE_MAX;
    return 0;
}

void route__days_caps(const route_days *d, const route_problem *rp, const route_pack *pk,
                      unsigned int from_day, unsigned int to_day, size_t *caps)
{
    int split = d && d->n_classes;
    size_t last = to_day && to_day < pk->days ? to_day : pk->days;
    for (size_t t = 0; t < rp->n_types; t++) {
        size_t v = rp->type_model[t];
        if (!split && last == pk->days) {
            caps[t] = route__pack_capacity(pk, v, from_day);
            continue;
        }
        size_t total = 0;
        for (unsigned int day = from_day ? from_day : 1; day <= last; day++) {
            if (split && d->day_class[day - 1] != d->type_class[t])
                continue;
            size_t on = route__pack_capacity_on(pk, v, day);
            total = on > SIZE_MAX - total ? SIZE_MAX : total + on;
        }
        caps[t] = total;
    }
}

size_t route__days_of_route(const route_days *d, const vrp_route *r, unsigned char *days_ok)
{
    size_t n = 0;
    for (size_t a = 0; a < d->days; a++) {
        unsigned char ok = 1;
        if (d->n_classes && d->day_class[a] != d->type_class[r->type])
            ok = 0;
        for (size_t k = 0; ok && k < r->n_stops; k++)
            if (r->stops[k] < d->n_nodes)
                ok = d->ok[r->stops[k] * d->days + a];
        days_ok[a] = ok;
        n += ok;
    }
    return n;
}

void route__days_mark_none(const route_days *d, route_problem *rp,
                           const unsigned int *node_min_day)
{
    for (size_t i = rp->n_depots; i < rp->n_nodes; i++)
        if (!route__days_any(d, i, node_min_day ? node_min_day[i] : 1))
            rp->nodes[i].temperatures |= ROUTE_NO_DAY_BIT;
}

int route__days_any(const route_days *d, size_t node, unsigned int from_day)
{
    for (size_t a = from_day > 1 ? from_day - 1 : 0; a < d->days; a++)
        if (d->ok[node * d->days + a])
            return 1;
    return 0;
}

unsigned int route__days_last(const route_days *d, size_t node)
{
    for (size_t a = d->days; a > 0; a--)
        if (d->ok[node * d->days + a - 1])
            return (unsigned int)a;
    return 0;
}
