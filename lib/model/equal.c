/* Structural equality of two models, used by round-trip tests of the YAML
 * writer and by callers that cache plans per model.  Numbers compare
 * exactly: the writer promises an exact round trip. */
#include <string.h>

#include "model/model_internal.h"

static int str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static int loc_eq(const terroir_location *a, const terroir_location *b, terroir_coordinates c)
{
    if (a->has_location != b->has_location)
        return 0;
    if (!a->has_location)
        return 1;
    if (c == TERROIR_COORDINATES_LATLON)
        return a->lat == b->lat && a->lon == b->lon;
    return a->x == b->x && a->y == b->y;
}

static int base_eq(const model_site_base *a, const model_site_base *b, terroir_coordinates c)
{
    if (!str_eq(a->id, b->id) || !str_eq(a->name, b->name) ||
        !loc_eq(&a->location, &b->location, c) || a->site != b->site ||
        a->n_windows != b->n_windows || a->member != b->member)
        return 0;
    for (size_t k = 0; k < a->n_windows; k++)
        if (a->windows[k].open != b->windows[k].open ||
            a->windows[k].close != b->windows[k].close)
            return 0;
    return 1;
}

static int lines_eq(const model_line *a, size_t na, const model_line *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t k = 0; k < na; k++)
        if (a[k].product != b[k].product || a[k].quantity != b[k].quantity)
            return 0;
    return 1;
}

/* Day lists are stored sorted, so equal sets are equal arrays. */
static int days_eq(const unsigned int *a, size_t na, const unsigned int *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
}

static int settings_eq(const terroir_model *a, const terroir_model *b)
{
    const terroir_settings *x = &a->settings, *y = &b->settings;
    return str_eq(a->name, b->name) && x->coordinates == y->coordinates &&
           x->rounding == y->rounding && x->road_factor == y->road_factor &&
           x->speed_kmh == y->speed_kmh && x->arcs == y->arcs && x->co2_price == y->co2_price &&
           x->operating_days == y->operating_days;
}

static int products_eq(const terroir_model *a, const terroir_model *b)
{
    for (size_t i = 0; i < a->n_products; i++) {
        const model_product *x = &a->products[i], *y = &b->products[i];
        if (!str_eq(x->id, y->id) || !str_eq(x->name, y->name) || !str_eq(x->unit, y->unit) ||
            x->temperature != y->temperature || x->shelf_life_hours != y->shelf_life_hours ||
            x->kg_per_unit != y->kg_per_unit || x->m3_per_unit != y->m3_per_unit ||
            x->pallets_per_unit != y->pallets_per_unit)
            return 0;
    }
    return 1;
}

static int sites_eq(const terroir_model *a, const terroir_model *b)
{
    terroir_coordinates c = a->settings.coordinates;
    for (size_t i = 0; i < a->n_sites; i++)
        if (a->sites[i].kind != b->sites[i].kind || a->sites[i].index != b->sites[i].index)
            return 0;
    for (size_t i = 0; i < a->n_producers; i++) {
        const model_producer *x = &a->producers[i], *y = &b->producers[i];
        if (!base_eq(&x->base, &y->base, c) || x->service_minutes != y->service_minutes ||
            x->self_delivery_kg != y->self_delivery_kg ||
            x->self_delivery_km != y->self_delivery_km ||
            x->direct_delivery != y->direct_delivery ||
            !days_eq(x->pickup_days, x->n_pickup_days, y->pickup_days, y->n_pickup_days) ||
            !lines_eq(x->supply, x->n_supply, y->supply, y->n_supply))
            return 0;
    }
    for (size_t i = 0; i < a->n_hubs; i++) {
        const model_hub *x = &a->hubs[i], *y = &b->hubs[i];
        if (!base_eq(&x->base, &y->base, c) || x->status != y->status ||
            x->fixed_cost != y->fixed_cost ||
            memcmp(x->capacity_kg, y->capacity_kg, sizeof x->capacity_kg) != 0 ||
            x->handling_cost_per_kg != y->handling_cost_per_kg ||
            x->cross_dock_minutes != y->cross_dock_minutes ||
            memcmp(x->storage_kg, y->storage_kg, sizeof x->storage_kg) != 0)
            return 0;
    }
    for (size_t i = 0; i < a->n_points; i++) {
        const model_point *x = &a->points[i], *y = &b->points[i];
        if (!base_eq(&x->base, &y->base, c) || x->kind != y->kind ||
            x->priority != y->priority ||
            x->unserved_penalty_per_kg != y->unserved_penalty_per_kg ||
            x->service_minutes != y->service_minutes ||
            !days_eq(x->delivery_days, x->n_delivery_days, y->delivery_days,
                     y->n_delivery_days) ||
            !lines_eq(x->demand, x->n_demand, y->demand, y->n_demand))
            return 0;
    }
    return 1;
}

static int vehicle_types_eq(const terroir_model *a, const terroir_model *b)
{
    for (size_t i = 0; i < a->n_vehicle_types; i++) {
        const model_vehicle_type *x = &a->vehicle_types[i], *y = &b->vehicle_types[i];
        if (!str_eq(x->id, y->id) || !str_eq(x->name, y->name) || x->home_hub != y->home_hub ||
            x->count != y->count || memcmp(x->capacity, y->capacity, sizeof x->capacity) != 0 ||
            x->temperatures != y->temperatures || x->fixed_cost != y->fixed_cost ||
            x->cost_per_km != y->cost_per_km || x->cost_per_hour != y->cost_per_hour ||
            x->speed_kmh != y->speed_kmh || x->max_duration_minutes != y->max_duration_minutes ||
            x->co2_kg_per_km != y->co2_kg_per_km || x->member != y->member ||
            x->trips_per_day != y->trips_per_day || x->loading_minutes != y->loading_minutes)
            return 0;
    }
    return 1;
}

static int members_eq(const terroir_model *a, const terroir_model *b)
{
    for (size_t i = 0; i < a->n_members; i++)
        if (!str_eq(a->members[i].id, b->members[i].id) ||
            !str_eq(a->members[i].name, b->members[i].name))
            return 0;
    return 1;
}

static int matrix_arcs_eq(const terroir_model *a, const terroir_model *b)
{
    const model_matrix *x = &a->matrix, *y = &b->matrix;
    if (x->n != y->n || (!x->minutes) != (!y->minutes))
        return 0;
    if (x->n && (memcmp(x->sites, y->sites, x->n * sizeof *x->sites) != 0 ||
                 memcmp(x->km, y->km, x->n * x->n * sizeof *x->km) != 0 ||
                 (x->minutes &&
                  memcmp(x->minutes, y->minutes, x->n * x->n * sizeof *x->minutes) != 0)))
        return 0;
    for (size_t k = 0; k < a->n_arcs; k++) {
        const model_arc *p = &a->arcs[k], *q = &b->arcs[k];
        if (p->from != q->from || p->to != q->to || p->cost_per_kg != q->cost_per_kg ||
            p->km != q->km)
            return 0;
    }
    return 1;
}

int terroir_model_equal(const terroir_model *a, const terroir_model *b)
{
    core__error_reset();
    if (!a || !b)
        return a == b;
    if (a->n_products != b->n_products || a->n_producers != b->n_producers ||
        a->n_hubs != b->n_hubs || a->n_points != b->n_points ||
        a->n_vehicle_types != b->n_vehicle_types || a->n_arcs != b->n_arcs ||
        a->n_sites != b->n_sites || a->n_members != b->n_members)
        return 0;
    return settings_eq(a, b) && members_eq(a, b) && products_eq(a, b) && sites_eq(a, b) &&
           vehicle_types_eq(a, b) && matrix_arcs_eq(a, b);
}
