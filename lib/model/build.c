/* The builder: adding entities, quantities, windows, matrices and arcs to a
 * mutable model.  Each call checks its own arguments completely and leaves
 * the model unchanged on failure; checks that need the whole model wait for
 * terroir_model_validate(). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"

/* Largest magnitude accepted for any quantity, cost or coordinate: beyond it
 * sums lose all precision, and such numbers are typing errors. */
#define BUILD_MAX_VALUE 1e12
#define BUILD_MAX_COUNT 1000000u

static int check_mutable(const terroir_model *m, const char *fn)
{
    if (!m)
        return core__error(TERROIR_EINVAL, "%s: model is NULL", fn);
    if (m->validated)
        return core__error(TERROIR_EINVAL,
                           "%s: the model is validated and read-only (clone it to change it)",
                           fn);
    return 0;
}

static int check_spec(const void *spec, unsigned int version, unsigned int known, const char *fn)
{
    if (!spec)
        return core__error(TERROIR_EINVAL, "%s: spec is NULL", fn);
    if (version == 0 || version > known)
        return core__error(TERROIR_EINVAL, "%s: unknown spec version %u", fn, version);
    return 0;
}

/* A number that must be finite and within [0, BUILD_MAX_VALUE]. */
static int check_amount(double v, const char *field)
{
    if (isnan(v))
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, field, "%s is NaN", field);
    if (isinf(v))
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, field, "%s is infinite", field);
    if (v < 0)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, field, "%s is negative (%g)", field,
                              v);
    if (v > BUILD_MAX_VALUE)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, field,
                              "%s is too large (%g > %g)", field, v, BUILD_MAX_VALUE);
    return 0;
}

/* A capacity: TERROIR_UNLIMITED or an amount. */
static int check_capacity(double v, const char *field)
{
    if (v == TERROIR_UNLIMITED)
        return 0;
    return check_amount(v, field);
}

static const char *temperature_name(int t)
{
    return terroir_temperature_to_string((terroir_temperature)t);
}

static const char *dimension_name(int d)
{
    return terroir_dimension_to_string((terroir_dimension)d);
}

/* Capacities per class given in a spec (n values, may be NULL): out gets
 * them, TERROIR_UNLIMITED for those not given, each checked. */
static int capacities(double *out, size_t count, const double *given, size_t n, const char *what,
                      const char *(*name)(int))
{
    for (size_t k = 0; k < count; k++)
        out[k] = TERROIR_UNLIMITED;
    int rc = core__enum_values(out, count, given, n, what);
    for (size_t k = 0; k < count && rc == 0; k++) {
        char field[40];
        snprintf(field, sizeof field, "%s.%s", what, name((int)k));
        rc = check_capacity(out[k], field);
    }
    return rc;
}

static int day_cmp(const void *pa, const void *pb)
{
    unsigned int a = *(const unsigned int *)pa, b = *(const unsigned int *)pb;
    return a < b ? -1 : a > b;
}

/* A list of operating days given in a spec (n days at `given`): *out gets
 * the caller's copy, sorted ascending (NULL, 0 for none: every day).  Each
 * day is within 1..TERROIR_MAX_OPERATING_DAYS and listed once; whether it
 * is within the model's operating_days waits for validation, since the
 * settings may be set after the entities.  Nothing is allocated on
 * failure. */
static int copy_days(const unsigned int *given, size_t n, const char *field, unsigned int **out,
                     size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    if (n == 0)
        return 0;
    if (!given)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, field,
                              "%s is NULL but its count is %zu", field, n);
    if (n > TERROIR_MAX_OPERATING_DAYS)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, field,
                              "%s lists %zu days; a cycle has at most %d", field, n,
                              TERROIR_MAX_OPERATING_DAYS);
    for (size_t k = 0; k < n; k++)
        if (given[k] < 1 || given[k] > TERROIR_MAX_OPERATING_DAYS)
            return core__error_at(TERROIR_EINVAL, NULL, 0, 0, field,
                                  "%s: day %u is outside 1..%d", field, given[k],
                                  TERROIR_MAX_OPERATING_DAYS);
    unsigned int *days = core__calloc(n, sizeof *days);
    if (!days)
        return core__error(TERROIR_ENOMEM, "out of memory");
    memcpy(days, given, n * sizeof *days);
    qsort(days, n, sizeof *days, day_cmp);
    for (size_t k = 1; k < n; k++)
        if (days[k] == days[k - 1]) {
            unsigned int twice = days[k];
            free(days);
            return core__error_at(TERROIR_EINVAL, NULL, 0, 0, field, "%s lists day %u twice",
                                  field, twice);
        }
    *out = days;
    *out_n = n;
    return 0;
}

static int check_id(const char *id, const char *what)
{
    if (!id || !*id)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "id", "%s id is missing or empty",
                              what);
    return 0;
}

static int check_location(const terroir_model *m, const terroir_location *loc)
{
    if (!loc->has_location)
        return 0;
    if (m->settings.coordinates == TERROIR_COORDINATES_LATLON) {
        if (!isfinite(loc->lat) || loc->lat < -90 || loc->lat > 90)
            return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "lat",
                                  "latitude %g is outside [-90, 90]", loc->lat);
        if (!isfinite(loc->lon) || loc->lon < -180 || loc->lon > 180)
            return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "lon",
                                  "longitude %g is outside [-180, 180]", loc->lon);
    } else {
        if (!isfinite(loc->x) || fabs(loc->x) > BUILD_MAX_VALUE)
            return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "x", "x %g is not a usable coordinate",
                                  loc->x);
        if (!isfinite(loc->y) || fabs(loc->y) > BUILD_MAX_VALUE)
            return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "y", "y %g is not a usable coordinate",
                                  loc->y);
    }
    return 0;
}

/* The member of a spec of `kind` given by a caller of `version` (version 1
 * has none), checked against the members added so far. */
static int spec_member(const terroir_model *m, terroir_entity kind, const void *spec,
                       unsigned int version, size_t member_offset, size_t *out)
{
    *out = TERROIR_NO_MEMBER;
    if (model__spec_size(kind, version) <= member_offset)
        return 0;
    size_t member;
    memcpy(&member, (const char *)spec + member_offset, sizeof member);
    if (member != TERROIR_NO_MEMBER && member >= m->n_members)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "member",
                              "member index %zu does not exist (the model has %zu members)",
                              member, m->n_members);
    *out = member;
    return 0;
}

/* Copies of an id and an optional name (NULL or equal to id: no copy). */
static int copy_names(const char *id, const char *name, char **out_id, char **out_name)
{
    *out_id = core__strdup(id);
    *out_name = NULL;
    if (name && strcmp(name, id) != 0)
        *out_name = core__strdup(name);
    if (!*out_id || (name && strcmp(name, id) != 0 && !*out_name)) {
        free(*out_id);
        free(*out_name);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    return 0;
}

int terroir_model_set_settings(terroir_model *m, const terroir_settings *s)
{
    core__error_reset();
    int rc = check_mutable(m, "terroir_model_set_settings");
    if (rc || (rc = check_spec(s, s ? s->version : 0, TERROIR_SETTINGS_VERSION,
                               "terroir_model_set_settings")))
        return rc;
    if ((unsigned)s->coordinates > TERROIR_COORDINATES_PLANAR)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "coordinates", "unknown coordinates %d",
                              (int)s->coordinates);
    if ((unsigned)s->rounding > TERROIR_ROUNDING_CEIL_100)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "rounding", "unknown rounding %d",
                              (int)s->rounding);
    if ((unsigned)s->arcs > TERROIR_ARCS_LISTED)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "arcs", "unknown arcs mode %d",
                              (int)s->arcs);
    if (!isfinite(s->road_factor) || s->road_factor < 1 || s->road_factor > 100)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "road_factor",
                              "road_factor must be in [1, 100], got %g", s->road_factor);
    if (!isfinite(s->speed_kmh) || s->speed_kmh <= 0 || s->speed_kmh > 1e6)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "speed_kmh",
                              "speed_kmh must be positive, got %g", s->speed_kmh);
    if ((rc = check_amount(s->co2_price, "co2_price")) != 0)
        return rc;
    /* A version 1 caller has no operating_days: it gets the default. */
    terroir_settings full = TERROIR_SETTINGS_INIT;
    memcpy(&full, s, model__settings_size(s->version));
    if (full.operating_days < 1 || full.operating_days > TERROIR_MAX_OPERATING_DAYS)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "operating_days",
                              "operating_days must be between 1 and %d, got %u",
                              TERROIR_MAX_OPERATING_DAYS, full.operating_days);
    char *name = NULL;
    if (s->name && !(name = core__strdup(s->name)))
        return core__error(TERROIR_ENOMEM, "out of memory");
    free(m->name);
    m->name = name;
    m->settings = full;
    m->settings.version = TERROIR_SETTINGS_VERSION;
    m->settings.name = name;
    return 0;
}

int terroir_model_add_product(terroir_model *m, const terroir_product_spec *s, size_t *out)
{
    core__error_reset();
    const char *fn = "terroir_model_add_product";
    int rc = check_mutable(m, fn);
    if (rc || (rc = check_spec(s, s ? s->version : 0, TERROIR_PRODUCT_SPEC_VERSION, fn)) ||
        (rc = check_id(s->id, "product")))
        return rc;
    if (model__idmap_get(&m->product_ids, model__product_key, m, s->id) != MODEL_NONE)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "id", "duplicate product id '%s'",
                              s->id);
    if ((unsigned)s->temperature >= TERROIR_TEMPERATURE_COUNT)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "temperature",
                              "unknown temperature class %d", (int)s->temperature);
    if ((rc = check_amount(s->shelf_life_hours, "shelf_life_hours")) ||
        (rc = check_amount(s->kg_per_unit, "kg_per_unit")) ||
        (rc = check_amount(s->m3_per_unit, "m3_per_unit")) ||
        (rc = check_amount(s->pallets_per_unit, "pallets_per_unit")))
        return rc;
    if (core__grow((void **)&m->products, &m->cap_products, m->n_products + 1,
                   sizeof *m->products))
        return core__error(TERROIR_ENOMEM, "out of memory");
    model_product p;
    memset(&p, 0, sizeof p);
    if ((rc = copy_names(s->id, s->name, &p.id, &p.name)) != 0)
        return rc;
    if (s->unit && strcmp(s->unit, "kg") != 0 && !(p.unit = core__strdup(s->unit))) {
        free(p.id);
        free(p.name);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    p.temperature = s->temperature;
    p.shelf_life_hours = s->shelf_life_hours;
    p.kg_per_unit = s->kg_per_unit;
    p.m3_per_unit = s->m3_per_unit;
    p.pallets_per_unit = s->pallets_per_unit;
    m->products[m->n_products] = p;
    if (model__idmap_put(&m->product_ids, model__product_key, m, p.id, m->n_products)) {
        free(p.id);
        free(p.name);
        free(p.unit);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    if (out)
        *out = m->n_products;
    m->n_products++;
    return 0;
}

/* Common part of adding a producer, hub or point: checks the id and the
 * location, reserves room in the site table and fills `base`.  The caller
 * stores its entity, then calls site_commit(). */
static int site_prepare(terroir_model *m, const char *id, const char *name,
                        const terroir_location *loc, model_site_base *base)
{
    int rc = check_id(id, "site");
    if (rc)
        return rc;
    size_t other = model__idmap_get(&m->site_ids, model__site_key, m, id);
    if (other != MODEL_NONE)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "id",
                              "duplicate site id '%s' (already used by a %s)", id,
                              terroir_site_kind_to_string(m->sites[other].kind));
    if ((rc = check_location(m, loc)) != 0)
        return rc;
    if (core__grow((void **)&m->sites, &m->cap_sites, m->n_sites + 1, sizeof *m->sites))
        return core__error(TERROIR_ENOMEM, "out of memory");
    memset(base, 0, sizeof *base);
    if ((rc = copy_names(id, name, &base->id, &base->name)) != 0)
        return rc;
    base->location = *loc;
    base->location.has_location = loc->has_location ? 1 : 0;
    base->site = m->n_sites;
    return 0;
}

/* Register a site whose entity was stored at `index` of `kind`.  On failure
 * the caller frees the entity's names (the entity count is not bumped). */
static int site_commit(terroir_model *m, terroir_site_kind kind, size_t index)
{
    m->sites[m->n_sites].kind = kind;
    m->sites[m->n_sites].index = index;
    m->n_sites++;
    if (model__idmap_put(&m->site_ids, model__site_key, m, model__site_base(m, m->n_sites - 1)->id,
                         m->n_sites - 1)) {
        m->n_sites--;
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    return 0;
}

int terroir_model_add_producer(terroir_model *m, const terroir_producer_spec *s, size_t *out)
{
    core__error_reset();
    const char *fn = "terroir_model_add_producer";
    int rc = check_mutable(m, fn);
    if (rc || (rc = check_spec(s, s ? s->version : 0, TERROIR_PRODUCER_SPEC_VERSION, fn)))
        return rc;
    /* Callers of older versions get the defaults of the fields they lack. */
    terroir_producer_spec full = TERROIR_PRODUCER_SPEC_INIT;
    memcpy(&full, s, model__spec_size(TERROIR_ENTITY_PRODUCER, s->version));
    size_t member;
    if ((rc = check_amount(s->service_minutes, "service_minutes")) ||
        (rc = check_amount(s->self_delivery_kg, "self_delivery.kg")) ||
        (rc = check_amount(s->self_delivery_km, "self_delivery.km")) ||
        (rc = spec_member(m, TERROIR_ENTITY_PRODUCER, s, s->version,
                          offsetof(terroir_producer_spec, member), &member)))
        return rc;
    unsigned int *days;
    size_t n_days;
    if ((rc = copy_days(full.pickup_days, full.n_pickup_days, "pickup_days", &days, &n_days)))
        return rc;
    if (core__grow((void **)&m->producers, &m->cap_producers, m->n_producers + 1,
                   sizeof *m->producers)) {
        free(days);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    model_producer *p = &m->producers[m->n_producers];
    memset(p, 0, sizeof *p);
    if ((rc = site_prepare(m, s->id, s->name, &s->location, &p->base)) != 0) {
        free(days);
        return rc;
    }
    p->service_minutes = s->service_minutes;
    p->self_delivery_kg = s->self_delivery_kg;
    p->self_delivery_km = s->self_delivery_km;
    p->direct_delivery = s->direct_delivery ? 1 : 0;
    p->pickup_days = days;
    p->n_pickup_days = n_days;
    p->base.member = member;
    if ((rc = site_commit(m, TERROIR_SITE_PRODUCER, m->n_producers)) != 0) {
        free(p->base.id);
        free(p->base.name);
        free(days);
        return rc;
    }
    if (out)
        *out = m->n_producers;
    m->n_producers++;
    return 0;
}

int terroir_model_add_hub(terroir_model *m, const terroir_hub_spec *s, size_t *out)
{
    core__error_reset();
    const char *fn = "terroir_model_add_hub";
    int rc = check_mutable(m, fn);
    if (rc || (rc = check_spec(s, s ? s->version : 0, TERROIR_HUB_SPEC_VERSION, fn)))
        return rc;
    if ((unsigned)s->status > TERROIR_HUB_CLOSED)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "status", "unknown hub status %d",
                              (int)s->status);
    /* Callers of older versions get the defaults of the fields they lack. */
    terroir_hub_spec full = TERROIR_HUB_SPEC_INIT;
    memcpy(&full, s, model__spec_size(TERROIR_ENTITY_HUB, s->version));
    size_t member;
    if ((rc = check_amount(s->fixed_cost, "fixed_cost")) ||
        (rc = check_amount(s->handling_cost_per_kg, "handling_cost_per_kg")) ||
        (rc = check_amount(full.cross_dock_minutes, "cross_dock_minutes")) ||
        (rc = spec_member(m, TERROIR_ENTITY_HUB, s, s->version, offsetof(terroir_hub_spec, member),
                          &member)))
        return rc;
    double capacity_kg[TERROIR_TEMPERATURE_COUNT], storage_kg[TERROIR_TEMPERATURE_COUNT];
    if ((rc = capacities(capacity_kg, TERROIR_TEMPERATURE_COUNT, s->capacity_kg,
                         s->n_temperatures, "capacity_kg", temperature_name)) ||
        (rc = capacities(storage_kg, TERROIR_TEMPERATURE_COUNT, full.storage_kg,
                         full.n_storage_temperatures, "storage_kg", temperature_name)))
        return rc;
    if (core__grow((void **)&m->hubs, &m->cap_hubs, m->n_hubs + 1, sizeof *m->hubs))
        return core__error(TERROIR_ENOMEM, "out of memory");
    model_hub *h = &m->hubs[m->n_hubs];
    memset(h, 0, sizeof *h);
    if ((rc = site_prepare(m, s->id, s->name, &s->location, &h->base)) != 0)
        return rc;
    h->status = s->status;
    h->fixed_cost = s->fixed_cost;
    memcpy(h->capacity_kg, capacity_kg, sizeof h->capacity_kg);
    h->handling_cost_per_kg = s->handling_cost_per_kg;
    h->cross_dock_minutes = full.cross_dock_minutes;
    memcpy(h->storage_kg, storage_kg, sizeof h->storage_kg);
    h->base.member = member;
    if ((rc = site_commit(m, TERROIR_SITE_HUB, m->n_hubs)) != 0) {
        free(h->base.id);
        free(h->base.name);
        return rc;
    }
    if (out)
        *out = m->n_hubs;
    m->n_hubs++;
    return 0;
}

int terroir_model_add_point(terroir_model *m, const terroir_point_spec *s, size_t *out)
{
    core__error_reset();
    const char *fn = "terroir_model_add_point";
    int rc = check_mutable(m, fn);
    if (rc || (rc = check_spec(s, s ? s->version : 0, TERROIR_POINT_SPEC_VERSION, fn)))
        return rc;
    if ((unsigned)s->kind >= TERROIR_POINT_KIND_COUNT)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "kind", "unknown point kind %d",
                              (int)s->kind);
    if (s->priority < 1 || s->priority > 5)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "priority",
                              "priority must be 1 to 5, got %u", s->priority);
    /* Callers of older versions get the defaults of the fields they lack. */
    terroir_point_spec full = TERROIR_POINT_SPEC_INIT;
    memcpy(&full, s, model__spec_size(TERROIR_ENTITY_POINT, s->version));
    size_t member;
    if ((rc = check_capacity(s->unserved_penalty_per_kg, "unserved_penalty_per_kg")) ||
        (rc = check_amount(s->service_minutes, "service_minutes")) ||
        (rc = spec_member(m, TERROIR_ENTITY_POINT, s, s->version,
                          offsetof(terroir_point_spec, member), &member)))
        return rc;
    unsigned int *days;
    size_t n_days;
    if ((rc = copy_days(full.delivery_days, full.n_delivery_days, "delivery_days", &days,
                        &n_days)))
        return rc;
    if (core__grow((void **)&m->points, &m->cap_points, m->n_points + 1, sizeof *m->points)) {
        free(days);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    model_point *p = &m->points[m->n_points];
    memset(p, 0, sizeof *p);
    if ((rc = site_prepare(m, s->id, s->name, &s->location, &p->base)) != 0) {
        free(days);
        return rc;
    }
    p->kind = s->kind;
    p->priority = s->priority;
    p->unserved_penalty_per_kg = s->unserved_penalty_per_kg;
    p->service_minutes = s->service_minutes;
    p->delivery_days = days;
    p->n_delivery_days = n_days;
    p->base.member = member;
    if ((rc = site_commit(m, TERROIR_SITE_POINT, m->n_points)) != 0) {
        free(p->base.id);
        free(p->base.name);
        free(days);
        return rc;
    }
    if (out)
        *out = m->n_points;
    m->n_points++;
    return 0;
}

int terroir_model_add_vehicle_type(terroir_model *m, const terroir_vehicle_type_spec *s,
                                   size_t *out)
{
    core__error_reset();
    const char *fn = "terroir_model_add_vehicle_type";
    int rc = check_mutable(m, fn);
    if (rc || (rc = check_spec(s, s ? s->version : 0, TERROIR_VEHICLE_TYPE_SPEC_VERSION, fn)) ||
        (rc = check_id(s->id, "vehicle type")))
        return rc;
    if (model__idmap_get(&m->vehicle_type_ids, model__vehicle_type_key, m, s->id) != MODEL_NONE)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "id",
                              "duplicate vehicle type id '%s'", s->id);
    if (s->home_hub >= m->n_hubs)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "home_hub",
                              "home hub index %zu does not exist (the model has %zu hubs)",
                              s->home_hub, m->n_hubs);
    if (s->count > BUILD_MAX_COUNT)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "count",
                              "count %zu is larger than %u", s->count, BUILD_MAX_COUNT);
    if (s->temperatures == 0 || s->temperatures >= (1u << TERROIR_TEMPERATURE_COUNT))
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "temperatures",
                              "temperatures must be a non-empty set of classes (bits 0-2), got %#x",
                              s->temperatures);
    double capacity[TERROIR_DIMENSION_COUNT];
    if ((rc = capacities(capacity, TERROIR_DIMENSION_COUNT, s->capacity, s->n_dimensions,
                         "capacity", dimension_name)) != 0)
        return rc;
    if ((rc = check_amount(s->fixed_cost, "fixed_cost")) ||
        (rc = check_amount(s->cost_per_km, "cost_per_km")) ||
        (rc = check_amount(s->cost_per_hour, "cost_per_hour")) ||
        (rc = check_amount(s->speed_kmh, "speed_kmh")) ||
        (rc = check_amount(s->max_duration_minutes, "max_duration_minutes")) ||
        (rc = check_amount(s->co2_kg_per_km, "co2_kg_per_km")))
        return rc;
    /* Callers of older versions get the defaults of the fields they lack. */
    terroir_vehicle_type_spec full = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    memcpy(&full, s, model__spec_size(TERROIR_ENTITY_VEHICLE_TYPE, s->version));
    if (full.trips_per_day < 1 || full.trips_per_day > TERROIR_MAX_TRIPS_PER_DAY)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "trips_per_day",
                              "trips_per_day must be between 1 and %d, got %u",
                              TERROIR_MAX_TRIPS_PER_DAY, full.trips_per_day);
    if ((rc = check_amount(full.loading_minutes, "loading_minutes")) != 0)
        return rc;
    size_t member;
    if ((rc = spec_member(m, TERROIR_ENTITY_VEHICLE_TYPE, s, s->version,
                          offsetof(terroir_vehicle_type_spec, member), &member)) != 0)
        return rc;
    if (core__grow((void **)&m->vehicle_types, &m->cap_vehicle_types, m->n_vehicle_types + 1,
                   sizeof *m->vehicle_types))
        return core__error(TERROIR_ENOMEM, "out of memory");
    model_vehicle_type v;
    memset(&v, 0, sizeof v);
    if ((rc = copy_names(s->id, s->name, &v.id, &v.name)) != 0)
        return rc;
    v.home_hub = s->home_hub;
    v.count = s->count;
    memcpy(v.capacity, capacity, sizeof v.capacity);
    v.temperatures = s->temperatures;
    v.fixed_cost = s->fixed_cost;
    v.cost_per_km = s->cost_per_km;
    v.cost_per_hour = s->cost_per_hour;
    v.speed_kmh = s->speed_kmh;
    v.max_duration_minutes = s->max_duration_minutes;
    v.co2_kg_per_km = s->co2_kg_per_km;
    v.trips_per_day = full.trips_per_day;
    v.loading_minutes = full.loading_minutes;
    v.member = member;
    m->vehicle_types[m->n_vehicle_types] = v;
    if (model__idmap_put(&m->vehicle_type_ids, model__vehicle_type_key, m, v.id,
                         m->n_vehicle_types)) {
        free(v.id);
        free(v.name);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    if (out)
        *out = m->n_vehicle_types;
    m->n_vehicle_types++;
    return 0;
}

int terroir_model_add_member(terroir_model *m, const terroir_member_spec *s, size_t *out)
{
    core__error_reset();
    const char *fn = "terroir_model_add_member";
    int rc = check_mutable(m, fn);
    if (rc || (rc = check_spec(s, s ? s->version : 0, TERROIR_MEMBER_SPEC_VERSION, fn)) ||
        (rc = check_id(s->id, "member")))
        return rc;
    if (model__idmap_get(&m->member_ids, model__member_key, m, s->id) != MODEL_NONE)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "id", "duplicate member id '%s'",
                              s->id);
    if (core__grow((void **)&m->members, &m->cap_members, m->n_members + 1, sizeof *m->members))
        return core__error(TERROIR_ENOMEM, "out of memory");
    model_member mb;
    memset(&mb, 0, sizeof mb);
    if ((rc = copy_names(s->id, s->name, &mb.id, &mb.name)) != 0)
        return rc;
    m->members[m->n_members] = mb;
    if (model__idmap_put(&m->member_ids, model__member_key, m, mb.id, m->n_members)) {
        free(mb.id);
        free(mb.name);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    if (out)
        *out = m->n_members;
    m->n_members++;
    return 0;
}

int terroir_model_set_member(terroir_model *m, terroir_entity kind, size_t index, size_t member)
{
    core__error_reset();
    int rc = check_mutable(m, "terroir_model_set_member");
    if (rc)
        return rc;
    if (member != TERROIR_NO_MEMBER && member >= m->n_members)
        return core__error(TERROIR_EINVAL,
                           "member index %zu does not exist (the model has %zu members)", member,
                           m->n_members);
    size_t *slot = NULL, count = 0;
    switch (kind) {
    case TERROIR_ENTITY_PRODUCER:
        count = m->n_producers;
        slot = index < count ? &m->producers[index].base.member : NULL;
        break;
    case TERROIR_ENTITY_HUB:
        count = m->n_hubs;
        slot = index < count ? &m->hubs[index].base.member : NULL;
        break;
    case TERROIR_ENTITY_POINT:
        count = m->n_points;
        slot = index < count ? &m->points[index].base.member : NULL;
        break;
    case TERROIR_ENTITY_VEHICLE_TYPE:
        count = m->n_vehicle_types;
        slot = index < count ? &m->vehicle_types[index].member : NULL;
        break;
    default:
        return core__error(TERROIR_EINVAL, "terroir_model_set_member: a %s has no member",
                           terroir_entity_to_string(kind));
    }
    if (!slot)
        return core__error(TERROIR_ENOTFOUND, "no %s with index %zu",
                           terroir_entity_to_string(kind), index);
    *slot = member;
    return 0;
}

/* Add `quantity` of `product` to a line list, merging with an existing line. */
static int add_line(model_line **lines, size_t *n, size_t *cap, size_t product, double quantity)
{
    for (size_t k = 0; k < *n; k++) {
        if ((*lines)[k].product == product) {
            double sum = (*lines)[k].quantity + quantity;
            if (sum > BUILD_MAX_VALUE)
                return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "quantity",
                                      "total quantity is too large (%g > %g)", sum,
                                      BUILD_MAX_VALUE);
            (*lines)[k].quantity = sum;
            return 0;
        }
    }
    if (core__grow((void **)lines, cap, *n + 1, sizeof **lines))
        return core__error(TERROIR_ENOMEM, "out of memory");
    (*lines)[*n].product = product;
    (*lines)[*n].quantity = quantity;
    (*n)++;
    return 0;
}

int terroir_model_add_supply(terroir_model *m, size_t producer, size_t product, double quantity)
{
    core__error_reset();
    int rc = check_mutable(m, "terroir_model_add_supply");
    if (rc)
        return rc;
    if (producer >= m->n_producers)
        return core__error(TERROIR_ENOTFOUND, "no producer with index %zu", producer);
    if (product >= m->n_products)
        return core__error(TERROIR_ENOTFOUND, "no product with index %zu", product);
    if ((rc = check_amount(quantity, "quantity")) != 0)
        return rc;
    model_producer *p = &m->producers[producer];
    return add_line(&p->supply, &p->n_supply, &p->cap_supply, product, quantity);
}

int terroir_model_add_demand(terroir_model *m, size_t point, size_t product, double quantity)
{
    core__error_reset();
    int rc = check_mutable(m, "terroir_model_add_demand");
    if (rc)
        return rc;
    if (point >= m->n_points)
        return core__error(TERROIR_ENOTFOUND, "no point with index %zu", point);
    if (product >= m->n_products)
        return core__error(TERROIR_ENOTFOUND, "no product with index %zu", product);
    if ((rc = check_amount(quantity, "quantity")) != 0)
        return rc;
    model_point *p = &m->points[point];
    return add_line(&p->demand, &p->n_demand, &p->cap_demand, product, quantity);
}

static model_site_base *site_of_kind(terroir_model *m, terroir_site_kind kind, size_t index)
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

int terroir_model_add_time_window(terroir_model *m, terroir_site_kind kind, size_t index,
                                  double open, double close)
{
    core__error_reset();
    int rc = check_mutable(m, "terroir_model_add_time_window");
    if (rc)
        return rc;
    model_site_base *b = site_of_kind(m, kind, index);
    if (!b)
        return core__error(TERROIR_ENOTFOUND, "no %s with index %zu",
                           terroir_site_kind_to_string(kind), index);
    if ((rc = check_amount(open, "open")) || (rc = check_amount(close, "close")))
        return rc;
    if (close < open)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "time_windows",
                              "time window ends (%g) before it starts (%g)", close, open);
    if (core__grow((void **)&b->windows, &b->cap_windows, b->n_windows + 1,
                   sizeof *b->windows))
        return core__error(TERROIR_ENOMEM, "out of memory");
    b->windows[b->n_windows].open = open;
    b->windows[b->n_windows].close = close;
    b->n_windows++;
    return 0;
}

int terroir_model_set_matrix(terroir_model *m, size_t n, const size_t *sites, const double *km,
                             const double *minutes)
{
    core__error_reset();
    int rc = check_mutable(m, "terroir_model_set_matrix");
    if (rc)
        return rc;
    if (n == 0 || !sites || !km)
        return core__error(TERROIR_EINVAL, "terroir_model_set_matrix: empty matrix or NULL array");
    if (n > 100000 || n > m->n_sites)
        return core__error(TERROIR_EINVAL, "matrix covers %zu sites but the model has %zu", n,
                           m->n_sites);
    model_matrix mx;
    memset(&mx, 0, sizeof mx);
    mx.n = n;
    mx.row_of_len = m->n_sites;
    mx.sites = core__calloc(n, sizeof *mx.sites);
    mx.km = core__calloc(n * n, sizeof *mx.km);
    mx.minutes = minutes ? core__calloc(n * n, sizeof *mx.minutes) : NULL;
    mx.row_of = core__calloc(m->n_sites, sizeof *mx.row_of);
    if (!mx.sites || !mx.km || (minutes && !mx.minutes) || !mx.row_of) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t s = 0; s < m->n_sites; s++)
        mx.row_of[s] = MODEL_NONE;
    for (size_t i = 0; i < n; i++) {
        if (sites[i] >= m->n_sites) {
            rc = core__error(TERROIR_ENOTFOUND, "matrix site %zu does not exist", sites[i]);
            goto fail;
        }
        if (mx.row_of[sites[i]] != MODEL_NONE) {
            rc = core__error_at(TERROIR_EINVAL, NULL, 0, 0, "sites",
                                "site '%s' appears twice in the matrix",
                                model__site_base(m, sites[i])->id);
            goto fail;
        }
        mx.row_of[sites[i]] = i;
        mx.sites[i] = sites[i];
    }
    for (size_t k = 0; k < n * n; k++) {
        if ((rc = check_amount(km[k], "km")) != 0 ||
            (minutes && (rc = check_amount(minutes[k], "minutes")) != 0))
            goto fail;
        mx.km[k] = km[k];
        if (minutes)
            mx.minutes[k] = minutes[k];
    }
    free(m->matrix.sites);
    free(m->matrix.km);
    free(m->matrix.minutes);
    free(m->matrix.row_of);
    m->matrix = mx;
    return 0;
fail:
    free(mx.sites);
    free(mx.km);
    free(mx.minutes);
    free(mx.row_of);
    return rc;
}

int terroir_model_add_arc(terroir_model *m, size_t from, size_t to, double cost_per_kg, double km)
{
    core__error_reset();
    int rc = check_mutable(m, "terroir_model_add_arc");
    if (rc)
        return rc;
    if (from >= m->n_sites || to >= m->n_sites)
        return core__error(TERROIR_ENOTFOUND, "arc site %zu does not exist",
                           from >= m->n_sites ? from : to);
    if ((rc = check_amount(cost_per_kg, "cost_per_kg")) != 0)
        return rc;
    if (km >= 0 && (rc = check_amount(km, "km")) != 0)
        return rc;
    if (isnan(km))
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "km", "km is NaN");
    if (core__grow((void **)&m->arcs, &m->cap_arcs, m->n_arcs + 1, sizeof *m->arcs))
        return core__error(TERROIR_ENOMEM, "out of memory");
    model_arc *a = &m->arcs[m->n_arcs++];
    a->from = from;
    a->to = to;
    a->cost_per_kg = cost_per_kg;
    a->km = km < 0 ? -1.0 : km;
    return 0;
}
