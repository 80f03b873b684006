/* Read accessors of the model.  They never change the model, so they are safe
 * on a validated model shared by several threads (apart from each thread's
 * own last error). */
#include <string.h>

#include "model/model_internal.h"

static int check_get(const terroir_model *m, const void *out, unsigned int version,
                     unsigned int known, const char *fn)
{
    if (!m || !out)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    if (version == 0 || version > known)
        return core__error(TERROIR_EINVAL, "%s: unknown structure version %u", fn, version);
    return 0;
}

size_t terroir_model_count(const terroir_model *m, terroir_entity kind)
{
    core__error_reset();
    if (!m)
        return 0;
    switch (kind) {
    case TERROIR_ENTITY_PRODUCT: return m->n_products;
    case TERROIR_ENTITY_PRODUCER: return m->n_producers;
    case TERROIR_ENTITY_HUB: return m->n_hubs;
    case TERROIR_ENTITY_POINT: return m->n_points;
    case TERROIR_ENTITY_VEHICLE_TYPE: return m->n_vehicle_types;
    case TERROIR_ENTITY_MEMBER: return m->n_members;
    }
    return 0;
}

int terroir_model_find(const terroir_model *m, terroir_entity kind, const char *id, size_t *out)
{
    core__error_reset();
    if (!m || !id || !out)
        return core__error(TERROIR_EINVAL, "terroir_model_find: NULL argument");
    size_t i = MODEL_NONE;
    switch (kind) {
    case TERROIR_ENTITY_PRODUCT:
        i = model__idmap_get(&m->product_ids, model__product_key, m, id);
        break;
    case TERROIR_ENTITY_VEHICLE_TYPE:
        i = model__idmap_get(&m->vehicle_type_ids, model__vehicle_type_key, m, id);
        break;
    case TERROIR_ENTITY_MEMBER:
        i = model__idmap_get(&m->member_ids, model__member_key, m, id);
        break;
    case TERROIR_ENTITY_PRODUCER:
    case TERROIR_ENTITY_HUB:
    case TERROIR_ENTITY_POINT: {
        size_t site = model__idmap_get(&m->site_ids, model__site_key, m, id);
        if (site != MODEL_NONE && (int)m->sites[site].kind == (int)kind - 1)
            i = m->sites[site].index;
        break;
    }
    default:
        return core__error(TERROIR_EINVAL, "terroir_model_find: unknown entity kind %d",
                           (int)kind);
    }
    if (i == MODEL_NONE)
        return core__error(TERROIR_ENOTFOUND, "no %s with id '%s'",
                           terroir_entity_to_string(kind), id);
    *out = i;
    return 0;
}

int terroir_model_get_settings(const terroir_model *m, terroir_settings *out)
{
    core__error_reset();
    int rc = check_get(m, out, out ? out->version : 0, TERROIR_SETTINGS_VERSION,
                       "terroir_model_get_settings");
    if (rc)
        return rc;
    unsigned int version = out->version;
    memcpy(out, &m->settings, model__settings_size(version));
    out->version = version;
    out->name = m->name;
    return 0;
}

static const char *name_or_id(const char *name, const char *id)
{
    return name ? name : id;
}

int terroir_model_get_product(const terroir_model *m, size_t index, terroir_product_spec *out)
{
    core__error_reset();
    int rc = check_get(m, out, out ? out->version : 0, TERROIR_PRODUCT_SPEC_VERSION,
                       "terroir_model_get_product");
    if (rc)
        return rc;
    if (index >= m->n_products)
        return core__error(TERROIR_ENOTFOUND, "no product with index %zu", index);
    const model_product *p = &m->products[index];
    out->id = p->id;
    out->name = name_or_id(p->name, p->id);
    out->temperature = p->temperature;
    out->shelf_life_hours = p->shelf_life_hours;
    out->unit = p->unit ? p->unit : "kg";
    out->kg_per_unit = p->kg_per_unit;
    out->m3_per_unit = p->m3_per_unit;
    out->pallets_per_unit = p->pallets_per_unit;
    return 0;
}

int terroir_model_get_producer(const terroir_model *m, size_t index, terroir_producer_spec *out)
{
    core__error_reset();
    int rc = check_get(m, out, out ? out->version : 0, TERROIR_PRODUCER_SPEC_VERSION,
                       "terroir_model_get_producer");
    if (rc)
        return rc;
    if (index >= m->n_producers)
        return core__error(TERROIR_ENOTFOUND, "no producer with index %zu", index);
    const model_producer *p = &m->producers[index];
    out->id = p->base.id;
    out->name = name_or_id(p->base.name, p->base.id);
    out->location = p->base.location;
    out->service_minutes = p->service_minutes;
    out->self_delivery_kg = p->self_delivery_kg;
    out->self_delivery_km = p->self_delivery_km;
    out->direct_delivery = p->direct_delivery;
    if (out->version >= 2)
        out->member = p->base.member;
    if (out->version >= 3) {
        out->pickup_days = p->pickup_days;
        out->n_pickup_days = p->n_pickup_days;
    }
    return 0;
}

int terroir_model_get_hub(const terroir_model *m, size_t index, terroir_hub_spec *out)
{
    core__error_reset();
    int rc = check_get(m, out, out ? out->version : 0, TERROIR_HUB_SPEC_VERSION,
                       "terroir_model_get_hub");
    if (rc)
        return rc;
    if (index >= m->n_hubs)
        return core__error(TERROIR_ENOTFOUND, "no hub with index %zu", index);
    const model_hub *h = &m->hubs[index];
    out->id = h->base.id;
    out->name = name_or_id(h->base.name, h->base.id);
    out->location = h->base.location;
    out->status = h->status;
    out->fixed_cost = h->fixed_cost;
    out->capacity_kg = h->capacity_kg;
    out->n_temperatures = TERROIR_TEMPERATURE_COUNT;
    out->handling_cost_per_kg = h->handling_cost_per_kg;
    if (out->version >= 2)
        out->member = h->base.member;
    if (out->version >= 3)
        out->cross_dock_minutes = h->cross_dock_minutes;
    if (out->version >= 4) {
        out->storage_kg = h->storage_kg;
        out->n_storage_temperatures = TERROIR_TEMPERATURE_COUNT;
    }
    return 0;
}

int terroir_model_get_point(const terroir_model *m, size_t index, terroir_point_spec *out)
{
    core__error_reset();
    int rc = check_get(m, out, out ? out->version : 0, TERROIR_POINT_SPEC_VERSION,
                       "terroir_model_get_point");
    if (rc)
        return rc;
    if (index >= m->n_points)
        return core__error(TERROIR_ENOTFOUND, "no point with index %zu", index);
    const model_point *p = &m->points[index];
    out->id = p->base.id;
    out->name = name_or_id(p->base.name, p->base.id);
    out->location = p->base.location;
    out->kind = p->kind;
    out->priority = p->priority;
    out->unserved_penalty_per_kg = p->unserved_penalty_per_kg;
    out->service_minutes = p->service_minutes;
    if (out->version >= 2)
        out->member = p->base.member;
    if (out->version >= 3) {
        out->delivery_days = p->delivery_days;
        out->n_delivery_days = p->n_delivery_days;
    }
    return 0;
}

int terroir_model_get_vehicle_type(const terroir_model *m, size_t index,
                                   terroir_vehicle_type_spec *out)
{
    core__error_reset();
    int rc = check_get(m, out, out ? out->version : 0, TERROIR_VEHICLE_TYPE_SPEC_VERSION,
                       "terroir_model_get_vehicle_type");
    if (rc)
        return rc;
    if (index >= m->n_vehicle_types)
        return core__error(TERROIR_ENOTFOUND, "no vehicle type with index %zu", index);
    const model_vehicle_type *v = &m->vehicle_types[index];
    out->id = v->id;
    out->name = name_or_id(v->name, v->id);
    out->home_hub = v->home_hub;
    out->count = v->count;
    out->capacity = v->capacity;
    out->n_dimensions = TERROIR_DIMENSION_COUNT;
    out->temperatures = v->temperatures;
    out->fixed_cost = v->fixed_cost;
    out->cost_per_km = v->cost_per_km;
    out->cost_per_hour = v->cost_per_hour;
    out->speed_kmh = v->speed_kmh;
    out->max_duration_minutes = v->max_duration_minutes;
    out->co2_kg_per_km = v->co2_kg_per_km;
    if (out->version >= 2)
        out->member = v->member;
    if (out->version >= 3) {
        out->trips_per_day = v->trips_per_day;
        out->loading_minutes = v->loading_minutes;
    }
    return 0;
}

int terroir_model_get_member(const terroir_model *m, size_t index, terroir_member_spec *out)
{
    core__error_reset();
    int rc = check_get(m, out, out ? out->version : 0, TERROIR_MEMBER_SPEC_VERSION,
                       "terroir_model_get_member");
    if (rc)
        return rc;
    if (index >= m->n_members)
        return core__error(TERROIR_ENOTFOUND, "no member with index %zu", index);
    out->id = m->members[index].id;
    out->name = name_or_id(m->members[index].name, m->members[index].id);
    return 0;
}

size_t terroir_model_supply_count(const terroir_model *m, size_t producer)
{
    core__error_reset();
    return m && producer < m->n_producers ? m->producers[producer].n_supply : 0;
}

static int get_line(const model_line *lines, size_t n, size_t k, size_t *product, double *qty)
{
    if (k >= n)
        return core__error(TERROIR_ENOTFOUND, "no line %zu (there are %zu)", k, n);
    if (product)
        *product = lines[k].product;
    if (qty)
        *qty = lines[k].quantity;
    return 0;
}

int terroir_model_get_supply(const terroir_model *m, size_t producer, size_t k,
                             size_t *out_product, double *out_quantity)
{
    core__error_reset();
    if (!m)
        return core__error(TERROIR_EINVAL, "terroir_model_get_supply: model is NULL");
    if (producer >= m->n_producers)
        return core__error(TERROIR_ENOTFOUND, "no producer with index %zu", producer);
    const model_producer *p = &m->producers[producer];
    return get_line(p->supply, p->n_supply, k, out_product, out_quantity);
}

size_t terroir_model_demand_count(const terroir_model *m, size_t point)
{
    core__error_reset();
    return m && point < m->n_points ? m->points[point].n_demand : 0;
}

int terroir_model_get_demand(const terroir_model *m, size_t point, size_t k, size_t *out_product,
                             double *out_quantity)
{
    core__error_reset();
    if (!m)
        return core__error(TERROIR_EINVAL, "terroir_model_get_demand: model is NULL");
    if (point >= m->n_points)
        return core__error(TERROIR_ENOTFOUND, "no point with index %zu", point);
    const model_point *p = &m->points[point];
    return get_line(p->demand, p->n_demand, k, out_product, out_quantity);
}

static const model_site_base *site_of_kind(const terroir_model *m, terroir_site_kind kind,
                                           size_t index)
{
    switch (kind) {
    case TERROIR_SITE_PRODUCER:
        return index < m->n_producers ? &m->producers[index].base : NULL;
    case TERROIR_SITE_HUB:
        return index < m->n_hubs ? &m->hubs[index].base : NULL;
    case TERROIR_SITE_POINT:
        return index < m->n_points ? &m->points[index].base : NULL;
    }
    return NULL;
}

size_t terroir_model_time_window_count(const terroir_model *m, terroir_site_kind kind,
                                       size_t index)
{
    core__error_reset();
    const model_site_base *b = m ? site_of_kind(m, kind, index) : NULL;
    return b ? b->n_windows : 0;
}

int terroir_model_get_time_window(const terroir_model *m, terroir_site_kind kind, size_t index,
                                  size_t k, double *out_open, double *out_close)
{
    core__error_reset();
    if (!m)
        return core__error(TERROIR_EINVAL, "terroir_model_get_time_window: model is NULL");
    const model_site_base *b = site_of_kind(m, kind, index);
    if (!b)
        return core__error(TERROIR_ENOTFOUND, "no %s with index %zu",
                           terroir_site_kind_to_string(kind), index);
    if (k >= b->n_windows)
        return core__error(TERROIR_ENOTFOUND, "no time window %zu (there are %zu)", k,
                           b->n_windows);
    if (out_open)
        *out_open = b->windows[k].open;
    if (out_close)
        *out_close = b->windows[k].close;
    return 0;
}

size_t terroir_model_site_count(const terroir_model *m)
{
    core__error_reset();
    return m ? m->n_sites : 0;
}

int terroir_model_get_site(const terroir_model *m, size_t site, terroir_site_kind *out_kind,
                           size_t *out_index)
{
    core__error_reset();
    if (!m)
        return core__error(TERROIR_EINVAL, "terroir_model_get_site: model is NULL");
    if (site >= m->n_sites)
        return core__error(TERROIR_ENOTFOUND, "no site with index %zu", site);
    if (out_kind)
        *out_kind = m->sites[site].kind;
    if (out_index)
        *out_index = m->sites[site].index;
    return 0;
}

int terroir_model_site_index(const terroir_model *m, terroir_site_kind kind, size_t index,
                             size_t *out_site)
{
    core__error_reset();
    if (!m || !out_site)
        return core__error(TERROIR_EINVAL, "terroir_model_site_index: NULL argument");
    const model_site_base *b = site_of_kind(m, kind, index);
    if (!b)
        return core__error(TERROIR_ENOTFOUND, "no %s with index %zu",
                           terroir_site_kind_to_string(kind), index);
    *out_site = b->site;
    return 0;
}

const char *terroir_model_site_id(const terroir_model *m, size_t site)
{
    core__error_reset();
    if (!m || site >= m->n_sites)
        return NULL;
    return model__site_base(m, site)->id;
}

size_t terroir_model_matrix_size(const terroir_model *m)
{
    core__error_reset();
    return m ? m->matrix.n : 0;
}

int terroir_model_get_matrix(const terroir_model *m, const size_t **out_sites,
                             const double **out_km, const double **out_minutes)
{
    core__error_reset();
    if (!m)
        return core__error(TERROIR_EINVAL, "terroir_model_get_matrix: model is NULL");
    if (!m->matrix.n)
        return core__error(TERROIR_ENOTFOUND, "the model has no distance matrix");
    if (out_sites)
        *out_sites = m->matrix.sites;
    if (out_km)
        *out_km = m->matrix.km;
    if (out_minutes)
        *out_minutes = m->matrix.minutes;
    return 0;
}

size_t terroir_model_arc_count(const terroir_model *m)
{
    core__error_reset();
    return m ? m->n_arcs : 0;
}

int terroir_model_get_arc(const terroir_model *m, size_t k, size_t *out_from, size_t *out_to,
                          double *out_cost_per_kg, double *out_km)
{
    core__error_reset();
    if (!m)
        return core__error(TERROIR_EINVAL, "terroir_model_get_arc: model is NULL");
    if (k >= m->n_arcs)
        return core__error(TERROIR_ENOTFOUND, "no arc %zu (there are %zu)", k, m->n_arcs);
    const model_arc *a = &m->arcs[k];
    if (out_from)
        *out_from = a->from;
    if (out_to)
        *out_to = a->to;
    if (out_cost_per_kg)
        *out_cost_per_kg = a->cost_per_kg;
    if (out_km)
        *out_km = a->km;
    return 0;
}

int terroir_model_is_validated(const terroir_model *m)
{
    core__error_reset();
    return m && m->validated ? 1 : 0;
}
