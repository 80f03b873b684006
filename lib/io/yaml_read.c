/* The strict YAML model loader's schema walk: schema v1 of
 * datasets/SCHEMA.md, read from the event-built tree of yaml_tree.c into the
 * public builder API, entity by entity (the typed value readers are in
 * yaml_read_values.c; the entry points in yaml_load.c; overlays, which
 * reuse the entity readers below on their changes, in overlay_*.c).
 *
 * The loader keeps going after a problem and collects every problem it
 * finds (up to opts->max_problems), each with the file, the 1-based line and
 * column of the offending node and the field path
 * ("producers[3].supply.lettuce").  An entity with a problem of its own is
 * not added to the model, but its id is remembered, so that references to
 * it do not raise a second, derived problem.  When the schema pass finds
 * nothing, the model is validated and validation problems (which carry the
 * positions given with model__set_pos) join the list. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/io.h>

#include "core/core.h"
#include "io/yaml_read_internal.h"
#include "io/yaml_tree.h"
#include "model/model_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))


/* ---------------------------------------------------------------- enums */

static const char *temperature_name(int v)
{
    return terroir_temperature_to_string((terroir_temperature)v);
}
static const char *hub_status_name(int v)
{
    return terroir_hub_status_to_string((terroir_hub_status)v);
}
static const char *point_kind_name(int v)
{
    return terroir_point_kind_to_string((terroir_point_kind)v);
}
static const char *coordinates_name(int v)
{
    return terroir_coordinates_to_string((terroir_coordinates)v);
}
static const char *rounding_name(int v)
{
    return terroir_rounding_to_string((terroir_rounding)v);
}
static const char *arcs_name(int v)
{
    return terroir_arcs_to_string((terroir_arcs)v);
}

static const io_yenum TEMPERATURE = {"temperature class", TERROIR_TEMPERATURE_COUNT,
                                     temperature_name};
static const io_yenum HUB_STATUS = {"hub status", 3, hub_status_name};
static const io_yenum POINT_KIND = {"point kind", TERROIR_POINT_KIND_COUNT, point_kind_name};
static const io_yenum COORDINATES = {"coordinates", 2, coordinates_name};
static const io_yenum ROUNDING = {"rounding", 4, rounding_name};
static const io_yenum ARCS = {"arcs mode", 2, arcs_name};

/* ---------------------------------------------------------------- parts */

/* lat/lon or x/y of a site, by the model's coordinates. */
static void read_location(io_yreader *r, const io_ynode *map, terroir_location *loc)
{
    int latlon = r->coordinates == TERROIR_COORDINATES_LATLON;
    const char *k1 = latlon ? "lat" : "x", *k2 = latlon ? "lon" : "y";
    const char *o1 = latlon ? "x" : "lat", *o2 = latlon ? "y" : "lon";
    const io_ynode *v1 = io__yr_get(map, k1), *v2 = io__yr_get(map, k2);
    const io_ynode *w1 = io__yr_get(map, o1), *w2 = io__yr_get(map, o2);
    if (w1 || w2) {
        const char *wrong = w1 ? o1 : o2;
        size_t mark = io__yr_path_key(r, wrong);
        if (latlon)
            io__yr_problem(r, w1 ? w1 : w2,
                           "x/y given in a latlon model; give lat and lon, or set "
                           "settings.coordinates: planar");
        else
            io__yr_problem(r, w1 ? w1 : w2,
                           "lat/lon given in a planar model; give x and y, or set "
                           "settings.coordinates: latlon");
        io__yr_path_restore(r, mark);
    }
    if (!v1 && !v2)
        return;
    if (!v1 || !v2) {
        size_t mark = io__yr_path_key(r, v1 ? k2 : k1);
        io__yr_problem(r, v1 ? v1 : v2, "%s given without %s", v1 ? k1 : k2, v1 ? k2 : k1);
        io__yr_path_restore(r, mark);
        return;
    }
    double a = 0, b = 0;
    int ok = io__yr_opt_number(r, map, k1, 0, &a) == 1;
    ok &= io__yr_opt_number(r, map, k2, 0, &b) == 1;
    if (!ok)
        return;
    if (latlon && (a < -90 || a > 90)) {
        size_t mark = io__yr_path_key(r, "lat");
        io__yr_problem(r, v1, "latitude %s is outside [-90, 90]", v1->value);
        io__yr_path_restore(r, mark);
        return;
    }
    if (latlon && (b < -180 || b > 180)) {
        size_t mark = io__yr_path_key(r, "lon");
        io__yr_problem(r, v2, "longitude %s is outside [-180, 180]", v2->value);
        io__yr_path_restore(r, mark);
        return;
    }
    loc->has_location = 1;
    if (latlon) {
        loc->lat = a;
        loc->lon = b;
    } else {
        loc->x = a;
        loc->y = b;
    }
}

/* Time windows of a site: a sequence of [open, close] pairs.  Added to the
 * model when `index` is not MODEL_NONE. */
void io__yr_windows(io_yreader *r, const io_ynode *map, const char *key,
                         terroir_site_kind kind, size_t index)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return;
    size_t mark = io__yr_path_key(r, key);
    if (io__yr_want(r, v, IO_YSEQUENCE, "a sequence of [open, close] pairs")) {
        size_t i = 0;
        for (const io_ynode *w = v->first; w && !r->stop; w = w->next, i++) {
            size_t m2 = io__yr_path_index(r, i);
            if (w->kind != IO_YSEQUENCE || w->count != 2) {
                if (w->kind == IO_YSEQUENCE)
                    io__yr_problem(r, w, "a time window is a pair [open, close], got %zu values",
                                   w->count);
                else
                    io__yr_problem(r, w, "a time window is a pair [open, close], got %s",
                                   io__ynode_describe(w));
            } else {
                double open = 0, close = 0;
                size_t m3 = io__yr_path_index(r, 0);
                int ok = io__yr_time(r, w->first, &open) == 0;
                io__yr_path_restore(r, m3);
                m3 = io__yr_path_index(r, 1);
                ok &= io__yr_time(r, w->first->next, &close) == 0;
                io__yr_path_restore(r, m3);
                if (ok && close < open)
                    io__yr_problem(r, w, "time window ends (%.*s%s) before it starts (%.*s%s)",
                                   IO_YR_Q(w->first->next->value), IO_YR_Q(w->first->value));
                else if (ok && index != MODEL_NONE &&
                         terroir_model_add_time_window(r->model, kind, index, open, close) != 0)
                    io__yr_model_refused(r, w);
            }
            io__yr_path_restore(r, m2);
        }
    }
    io__yr_path_restore(r, mark);
}

/* supply (producers) or demand (points): product id -> quantity. */
void io__yr_quantities(io_yreader *r, const io_ynode *map, const char *key, int supply,
                            size_t index)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return;
    size_t mark = io__yr_path_key(r, key);
    if (io__yr_want(r, v, IO_YMAPPING, "a mapping of product id to quantity")) {
        io__yr_check_duplicates(r, v);
        for (const io_ynode *k = v->first; k && !r->stop; k = k->next) {
            if (k->kind != IO_YSCALAR)
                continue;
            size_t m2 = io__yr_path_key(r, k->value);
            const io_yid *p = io__yids_get(&r->products, k->value);
            double q = 0;
            if (!p)
                io__yr_problem(r, k, "unknown product '%.*s%s'", IO_YR_Q(k->value));
            /* The quantity is checked even for an unknown product. */
            int ok = io__yr_number(r, k->val, IO_YNUM_NONNEG, &q) == 0;
            if (ok && p && p->index != MODEL_NONE && index != MODEL_NONE) {
                int rc = supply ? terroir_model_add_supply(r->model, index, p->index, q)
                                : terroir_model_add_demand(r->model, index, p->index, q);
                if (rc)
                    io__yr_model_refused(r, k->val);
            }
            io__yr_path_restore(r, m2);
        }
    }
    io__yr_path_restore(r, mark);
}

/* A mapping of names to amounts (capacity_kg, capacity, self_delivery):
 * names[i] fills out[i]; absent names keep their value. */
static void read_amounts(io_yreader *r, const io_ynode *map, const char *key, const char *what,
                         const char *const *names, size_t n, unsigned rules, double *out)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return;
    size_t mark = io__yr_path_key(r, key);
    if (io__yr_want(r, v, IO_YMAPPING, "a mapping")) {
        io__yr_check_keys(r, v, what, names, n);
        for (size_t i = 0; i < n; i++)
            io__yr_opt_number(r, v, names[i], rules, &out[i]);
    }
    io__yr_path_restore(r, mark);
}

/* r's storage for a spec's per-class values (`count` of them), holding the
 * spec's values (`n` of `given`, may be NULL) and `fill` past them. */
static double *spec_values(double *storage, size_t count, const double *given, size_t n,
                           double fill)
{
    for (size_t k = 0; k < count; k++)
        storage[k] = given && k < n ? given[k] : fill;
    return storage;
}

/* `key: [d, ...]` of a producer (pickup_days) or a point (delivery_days):
 * operating days, whole numbers from 1 to TERROIR_MAX_OPERATING_DAYS, each
 * once, in any order; [] is every day, as is an absent key.  The days go to
 * r->days, where *out then points (one entity is read at a time).  Whether
 * a day is within settings.operating_days is checked by validation, at the
 * entity: an overlay may change operating_days after the entities. */
static void read_days(io_yreader *r, const io_ynode *map, const char *key,
                      const unsigned int **out, size_t *out_n)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return;
    size_t mark = io__yr_path_key(r, key);
    if (io__yr_want(r, v, IO_YSEQUENCE, "a sequence of operating days")) {
        unsigned char seen[TERROIR_MAX_OPERATING_DAYS + 1] = {0};
        size_t n = 0, i = 0, before = r->problems;
        for (const io_ynode *d = v->first; d && !r->stop; d = d->next, i++) {
            size_t item = io__yr_path_index(r, i);
            double day;
            if (io__yr_number(r, d, IO_YNUM_INTEGER, &day) != 0) {
                /* recorded */
            } else if (day < 1 || day > TERROIR_MAX_OPERATING_DAYS) {
                io__yr_problem(r, d, "%s: a day must be between 1 and %d, got %s", key,
                               TERROIR_MAX_OPERATING_DAYS, d->value);
            } else if (seen[(unsigned)day]) {
                io__yr_problem(r, d, "%s lists day %s twice", key, d->value);
            } else {
                seen[(unsigned)day] = 1;
                r->days[n++] = (unsigned)day;
            }
            io__yr_path_restore(r, item);
        }
        if (r->problems == before) {
            *out = n ? r->days : NULL;
            *out_n = n;
        }
    }
    io__yr_path_restore(r, mark);
}

/* The word for a kind of site in messages (`kind` < 0: any site), in the
 * thread's message language. */
static const char *site_kind_word(int kind)
{
    switch (kind) {
    case TERROIR_SITE_PRODUCER: return core__t("producer");
    case TERROIR_SITE_HUB: return core__t("hub");
    case TERROIR_SITE_POINT: return core__t("point");
    }
    return core__t("site");
}

/* Look up a site id used as a reference.  Returns the entry, or NULL after
 * reporting an unknown id; `kind_wanted` < 0 accepts any site kind. */
static const io_yid *site_ref(io_yreader *r, const io_ynode *v, int kind_wanted)
{
    const char *id = NULL;
    if (io__yr_string(r, v, &id) != 0)
        return NULL;
    const io_yid *e = io__yids_get(&r->sites, id);
    const char *what = site_kind_word(kind_wanted);
    if (!e) {
        io__yr_problem(r, v, "unknown %s '%.*s%s'", what, IO_YR_Q(id));
        return NULL;
    }
    if (kind_wanted >= 0 && e->kind != kind_wanted) {
        io__yr_problem(r, v, "'%.*s%s' is a %s, not a %s", IO_YR_Q(id), site_kind_word(e->kind),
                       what);
        return NULL;
    }
    return e;
}

/* Register an entity's id after its fields were read.  A duplicate is
 * reported at its id node and not registered (the first one stays). */
static int register_id(io_yreader *r, io_yids *t, const char *what, const char *id,
                       const io_ynode *id_node, int kind, const io_ynode *at)
{
    const io_yid *first = io__yids_get(t, id);
    if (first) {
        size_t mark = io__yr_path_key(r, "id");
        if (first->line == 0 && r->base_label)
            io__yr_problem(r, id_node, "duplicate %s id '%.*s%s' (already in base '%.*s%s')",
                           core__t(what), IO_YR_Q(id), IO_YR_Q(r->base_label));
        else if (first->file && r->file && strcmp(first->file, r->file) != 0)
            io__yr_problem(r, id_node, "duplicate %s id '%.*s%s' (first defined at %s:%lu:%lu)",
                           core__t(what), IO_YR_Q(id), first->file, first->line,
                           first->column);
        else
            io__yr_problem(r, id_node, "duplicate %s id '%.*s%s' (first defined at %lu:%lu)",
                           core__t(what), IO_YR_Q(id), first->line, first->column);
        io__yr_path_restore(r, mark);
        return -1;
    }
    if (io__yids_put(t, id, kind, MODEL_NONE, at->line, at->column)) {
        io__yr_nomem(r);
        return -1;
    }
    t->entries[t->count - 1].file = r->file;
    return 0;
}

/* After adding an entity: remember its index for later references. */
static void set_index(io_yids *t, size_t index)
{
    t->entries[t->count - 1].index = index;
}

/* ---------------------------------------------------------------- entities */

static const char *const PRODUCT_KEYS[] = {
    "id",   "name",        "temperature", "shelf_life_hours",
    "unit", "kg_per_unit", "m3_per_unit", "pallets_per_unit"};
static const char *const PRODUCER_KEYS[] = {"id",
                                            "name",
                                            "lat",
                                            "lon",
                                            "x",
                                            "y",
                                            "supply",
                                            "time_windows",
                                            "service_minutes",
                                            "self_delivery",
                                            "direct_delivery",
                                            "member",
                                            "pickup_days"};
static const char *const HUB_KEYS[] = {"id",
                                       "name",
                                       "lat",
                                       "lon",
                                       "x",
                                       "y",
                                       "status",
                                       "fixed_cost",
                                       "capacity_kg",
                                       "handling_cost_per_kg",
                                       "opening_hours",
                                       "member",
                                       "cross_dock_minutes",
                                       "storage_kg"};
static const char *const POINT_KEYS[] = {"id",
                                         "name",
                                         "kind",
                                         "lat",
                                         "lon",
                                         "x",
                                         "y",
                                         "demand",
                                         "priority",
                                         "unserved_penalty_per_kg",
                                         "time_windows",
                                         "service_minutes",
                                         "member",
                                         "delivery_days"};
static const char *const VEHICLE_KEYS[] = {"id",
                                           "name",
                                           "home_hub",
                                           "count",
                                           "capacity",
                                           "temperatures",
                                           "fixed_cost",
                                           "cost_per_km",
                                           "cost_per_hour",
                                           "speed_kmh",
                                           "max_duration_minutes",
                                           "co2_kg_per_km",
                                           "member",
                                           "trips_per_day",
                                           "loading_minutes"};
static const char *const MEMBER_KEYS[] = {"id", "name"};
static const char *const SELF_DELIVERY_KEYS[] = {"kg", "km"};
static const char *const DIMENSION_KEYS[] = {"kg", "m3", "pallets"};

/* `member: ID` of a producer, hub, point or vehicle type: the index of a
 * member of the `members` section, or a problem at the value's
 * file:line:col.  A member with problems of its own leaves the entity
 * without a member (no second problem). */
static void read_member(io_yreader *r, const io_ynode *n, size_t *out)
{
    const io_ynode *v = io__yr_get(n, "member");
    if (!v)
        return;
    size_t mark = io__yr_path_key(r, "member");
    const char *id = NULL;
    if (io__ynode_is_null(v))
        *out = TERROIR_NO_MEMBER;
    else if (io__yr_string(r, v, &id) == 0) {
        const io_yid *e = io__yids_get(&r->members, id);
        if (!e)
            io__yr_problem(r, v, "unknown member '%.*s%s' (members are listed under 'members')",
                           IO_YR_Q(id));
        else
            *out = e->index == MODEL_NONE ? TERROIR_NO_MEMBER : e->index;
    }
    io__yr_path_restore(r, mark);
}

void io__yr_member(io_yreader *r, const io_ynode *n)
{
    if (!io__yr_want(r, n, IO_YMAPPING, "a member (a mapping)"))
        return;
    size_t before = r->problems;
    io__yr_check_keys(r, n, "member", MEMBER_KEYS, COUNT(MEMBER_KEYS));
    terroir_member_spec s = TERROIR_MEMBER_SPEC_INIT;
    const io_ynode *id_node;
    s.id = io__yr_id(r, n, "id", "member", &id_node);
    io__yr_opt_string(r, n, "name", &s.name);
    if (!s.id || register_id(r, &r->members, "member", s.id, id_node, 0, n) != 0)
        return;
    size_t index;
    if (r->problems != before || r->stop)
        return;
    if (terroir_model_add_member(r->model, &s, &index) != 0) {
        io__yr_model_refused(r, n);
        return;
    }
    model__set_pos(r->model, TERROIR_ENTITY_MEMBER, index, n->line, n->column);
    set_index(&r->members, index);
}

/* The fields of a product present in `n` (all but id) over those in `s`. */
static void product_fields(io_yreader *r, const io_ynode *n, terroir_product_spec *s)
{
    int t;
    io__yr_opt_string(r, n, "name", &s->name);
    if (io__yr_opt_enum(r, n, "temperature", &TEMPERATURE, &t) == 1)
        s->temperature = (terroir_temperature)t;
    io__yr_opt_number(r, n, "shelf_life_hours", IO_YNUM_NONNEG, &s->shelf_life_hours);
    io__yr_opt_string(r, n, "unit", &s->unit);
    io__yr_opt_number(r, n, "kg_per_unit", IO_YNUM_NONNEG, &s->kg_per_unit);
    io__yr_opt_number(r, n, "m3_per_unit", IO_YNUM_NONNEG, &s->m3_per_unit);
    io__yr_opt_number(r, n, "pallets_per_unit", IO_YNUM_NONNEG, &s->pallets_per_unit);
}

void io__yr_product(io_yreader *r, const io_ynode *n)
{
    if (!io__yr_want(r, n, IO_YMAPPING, "a product (a mapping)"))
        return;
    size_t before = r->problems;
    io__yr_check_keys(r, n, "product", PRODUCT_KEYS, COUNT(PRODUCT_KEYS));
    terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
    const io_ynode *id_node;
    s.id = io__yr_id(r, n, "id", "product", &id_node);
    product_fields(r, n, &s);
    if (!s.id || register_id(r, &r->products, "product", s.id, id_node, 0, n) != 0)
        return;
    size_t index;
    if (r->problems != before || r->stop)
        return;
    if (terroir_model_add_product(r->model, &s, &index) != 0) {
        io__yr_model_refused(r, n);
        return;
    }
    model__set_pos(r->model, TERROIR_ENTITY_PRODUCT, index, n->line, n->column);
    set_index(&r->products, index);
}

/* Add a site through `add` once its own fields are clean; returns its index
 * or MODEL_NONE. */
static size_t commit_site(io_yreader *r, const io_ynode *n, size_t before, const char *id,
                          const io_ynode *id_node, terroir_site_kind kind, terroir_entity entity,
                          int (*add)(terroir_model *, const void *, size_t *), const void *spec)
{
    size_t index;
    if (!id || register_id(r, &r->sites, "site", id, id_node, (int)kind, n) != 0)
        return MODEL_NONE;
    if (r->problems != before || r->stop)
        return MODEL_NONE;
    if (add(r->model, spec, &index) != 0) {
        io__yr_model_refused(r, n);
        return MODEL_NONE;
    }
    model__set_pos(r->model, entity, index, n->line, n->column);
    set_index(&r->sites, index);
    return index;
}

static int add_producer(terroir_model *m, const void *spec, size_t *out)
{
    return terroir_model_add_producer(m, spec, out);
}
static int add_hub(terroir_model *m, const void *spec, size_t *out)
{
    return terroir_model_add_hub(m, spec, out);
}
static int add_point(terroir_model *m, const void *spec, size_t *out)
{
    return terroir_model_add_point(m, spec, out);
}

/* The fields of a producer present in `n` over those in `s`: all but id,
 * supply and time_windows, which need the producer's index. */
static void producer_fields(io_yreader *r, const io_ynode *n, terroir_producer_spec *s)
{
    io__yr_opt_string(r, n, "name", &s->name);
    read_location(r, n, &s->location);
    io__yr_opt_number(r, n, "service_minutes", IO_YNUM_NONNEG, &s->service_minutes);
    double self[2] = {s->self_delivery_kg, s->self_delivery_km};
    read_amounts(r, n, "self_delivery", "self_delivery", SELF_DELIVERY_KEYS, 2, IO_YNUM_NONNEG,
                 self);
    s->self_delivery_kg = self[0];
    s->self_delivery_km = self[1];
    io__yr_opt_bool(r, n, "direct_delivery", &s->direct_delivery);
    read_member(r, n, &s->member);
    read_days(r, n, "pickup_days", &s->pickup_days, &s->n_pickup_days);
}

void io__yr_producer(io_yreader *r, const io_ynode *n)
{
    if (!io__yr_want(r, n, IO_YMAPPING, "a producer (a mapping)"))
        return;
    size_t before = r->problems;
    io__yr_check_keys(r, n, "producer", PRODUCER_KEYS, COUNT(PRODUCER_KEYS));
    terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
    const io_ynode *id_node;
    s.id = io__yr_id(r, n, "id", "producer", &id_node);
    producer_fields(r, n, &s);
    size_t index = commit_site(r, n, before, s.id, id_node, TERROIR_SITE_PRODUCER,
                               TERROIR_ENTITY_PRODUCER, add_producer, &s);
    io__yr_quantities(r, n, "supply", 1, index);
    io__yr_windows(r, n, "time_windows", TERROIR_SITE_PRODUCER, index);
}

/* A per-class amount of a hub (capacity_kg, storage_kg: a mapping of
 * temperature classes) into `scratch`: a class the mapping leaves out is 0,
 * or, merging into a base entity (overlay), keeps the base's value
 * (`given`, n values; past them unlimited). */
static const double *class_amounts(io_yreader *r, const io_ynode *n, const char *key,
                                   double *scratch, int merge, const double *given, size_t ng)
{
    const char *names[TERROIR_TEMPERATURE_COUNT];
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        names[t] = temperature_name(t);
    double *values = merge ? spec_values(scratch, TERROIR_TEMPERATURE_COUNT, given, ng,
                                         TERROIR_UNLIMITED)
                           : spec_values(scratch, TERROIR_TEMPERATURE_COUNT, NULL, 0, 0.0);
    read_amounts(r, n, key, key, names, TERROIR_TEMPERATURE_COUNT,
                 IO_YNUM_NONNEG | IO_YNUM_UNLIMITED, values);
    return values;
}

/* The fields of a hub present in `n` over those in `s`: all but id and
 * opening_hours.  In a model (`merge` 0) a capacity_kg (storage_kg)
 * mapping gives no capacity (storage) to the classes it does not name; in
 * an overlay's changes (`merge` 1) those keep the value they had. */
static void hub_fields(io_yreader *r, const io_ynode *n, int merge, terroir_hub_spec *s)
{
    int status;
    io__yr_opt_string(r, n, "name", &s->name);
    read_location(r, n, &s->location);
    if (io__yr_opt_enum(r, n, "status", &HUB_STATUS, &status) == 1)
        s->status = (terroir_hub_status)status;
    io__yr_opt_number(r, n, "fixed_cost", IO_YNUM_NONNEG, &s->fixed_cost);
    io__yr_opt_number(r, n, "handling_cost_per_kg", IO_YNUM_NONNEG, &s->handling_cost_per_kg);
    io__yr_opt_number(r, n, "cross_dock_minutes", IO_YNUM_NONNEG, &s->cross_dock_minutes);
    read_member(r, n, &s->member);
    if (io__yr_get(n, "capacity_kg")) {
        s->capacity_kg = class_amounts(r, n, "capacity_kg", r->capacity_kg, merge,
                                       s->capacity_kg, s->n_temperatures);
        s->n_temperatures = TERROIR_TEMPERATURE_COUNT;
    }
    if (io__yr_get(n, "storage_kg")) {
        s->storage_kg = class_amounts(r, n, "storage_kg", r->storage_kg, merge, s->storage_kg,
                                      s->n_storage_temperatures);
        s->n_storage_temperatures = TERROIR_TEMPERATURE_COUNT;
    }
}

void io__yr_hub(io_yreader *r, const io_ynode *n)
{
    if (!io__yr_want(r, n, IO_YMAPPING, "a hub (a mapping)"))
        return;
    size_t before = r->problems;
    io__yr_check_keys(r, n, "hub", HUB_KEYS, COUNT(HUB_KEYS));
    terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
    const io_ynode *id_node;
    s.id = io__yr_id(r, n, "id", "hub", &id_node);
    hub_fields(r, n, 0, &s);
    size_t index =
        commit_site(r, n, before, s.id, id_node, TERROIR_SITE_HUB, TERROIR_ENTITY_HUB, add_hub, &s);
    io__yr_windows(r, n, "opening_hours", TERROIR_SITE_HUB, index);
}

/* The fields of a point present in `n` over those in `s`: all but id,
 * demand and time_windows, which need the point's index. */
static void point_fields(io_yreader *r, const io_ynode *n, terroir_point_spec *s)
{
    int kind;
    double priority;
    io__yr_opt_string(r, n, "name", &s->name);
    if (io__yr_opt_enum(r, n, "kind", &POINT_KIND, &kind) == 1)
        s->kind = (terroir_point_kind)kind;
    read_location(r, n, &s->location);
    if (io__yr_opt_number(r, n, "priority", IO_YNUM_INTEGER, &priority) == 1) {
        if (priority < 1 || priority > 5) {
            size_t mark = io__yr_path_key(r, "priority");
            io__yr_problem(r, io__yr_get(n, "priority"),
                           "priority must be 1 (most urgent) to 5, got %s",
                           io__yr_get(n, "priority")->value);
            io__yr_path_restore(r, mark);
        } else {
            s->priority = (unsigned)priority;
        }
    }
    io__yr_opt_number(r, n, "unserved_penalty_per_kg", IO_YNUM_NONNEG,
                      &s->unserved_penalty_per_kg);
    io__yr_opt_number(r, n, "service_minutes", IO_YNUM_NONNEG, &s->service_minutes);
    read_member(r, n, &s->member);
    read_days(r, n, "delivery_days", &s->delivery_days, &s->n_delivery_days);
}

void io__yr_point(io_yreader *r, const io_ynode *n)
{
    if (!io__yr_want(r, n, IO_YMAPPING, "a point (a mapping)"))
        return;
    size_t before = r->problems;
    io__yr_check_keys(r, n, "point", POINT_KEYS, COUNT(POINT_KEYS));
    terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
    const io_ynode *id_node;
    s.id = io__yr_id(r, n, "id", "point", &id_node);
    point_fields(r, n, &s);
    size_t index = commit_site(r, n, before, s.id, id_node, TERROIR_SITE_POINT,
                               TERROIR_ENTITY_POINT, add_point, &s);
    io__yr_quantities(r, n, "demand", 0, index);
    io__yr_windows(r, n, "time_windows", TERROIR_SITE_POINT, index);
}

static void read_temperatures(io_yreader *r, const io_ynode *map, unsigned int *out)
{
    const io_ynode *v = io__yr_get(map, "temperatures");
    if (!v)
        return;
    size_t mark = io__yr_path_key(r, "temperatures");
    if (io__yr_want(r, v, IO_YSEQUENCE, "a sequence of temperature classes")) {
        unsigned int set = 0;
        size_t i = 0;
        for (const io_ynode *t = v->first; t && !r->stop; t = t->next, i++) {
            size_t m2 = io__yr_path_index(r, i);
            int cls;
            if (io__yr_enum(r, t, &TEMPERATURE, &cls) == 0)
                set |= 1u << cls;
            io__yr_path_restore(r, m2);
        }
        if (v->count == 0)
            io__yr_problem(r, v, "temperatures must list at least one temperature class");
        else if (set)
            *out = set;
    }
    io__yr_path_restore(r, mark);
}

/* The fields of a vehicle type present in `n` over those in `s` (all but
 * id).  Returns 1 when its home hub is known but had problems of its own
 * (the vehicle type is then not added, without a second problem), else 0. */
static int vehicle_type_fields(io_yreader *r, const io_ynode *n, terroir_vehicle_type_spec *s)
{
    int skip = 0;
    io__yr_opt_string(r, n, "name", &s->name);
    const io_ynode *hub = io__yr_get(n, "home_hub");
    if (hub) {
        size_t mark = io__yr_path_key(r, "home_hub");
        const io_yid *e = site_ref(r, hub, TERROIR_SITE_HUB);
        if (e && e->index == MODEL_NONE)
            skip = 1;
        else if (e)
            s->home_hub = e->index;
        io__yr_path_restore(r, mark);
    }
    double count;
    if (io__yr_opt_number(r, n, "count", IO_YNUM_INTEGER, &count) == 1)
        s->count = (size_t)count;
    if (io__yr_get(n, "capacity")) {
        double *capacity = spec_values(r->capacity, TERROIR_DIMENSION_COUNT, s->capacity,
                                       s->n_dimensions, TERROIR_UNLIMITED);
        read_amounts(r, n, "capacity", "capacity", DIMENSION_KEYS, TERROIR_DIMENSION_COUNT,
                     IO_YNUM_NONNEG | IO_YNUM_UNLIMITED, capacity);
        s->capacity = capacity;
        s->n_dimensions = TERROIR_DIMENSION_COUNT;
    }
    read_temperatures(r, n, &s->temperatures);
    io__yr_opt_number(r, n, "fixed_cost", IO_YNUM_NONNEG, &s->fixed_cost);
    io__yr_opt_number(r, n, "cost_per_km", IO_YNUM_NONNEG, &s->cost_per_km);
    io__yr_opt_number(r, n, "cost_per_hour", IO_YNUM_NONNEG, &s->cost_per_hour);
    io__yr_opt_number(r, n, "speed_kmh", IO_YNUM_NONNEG, &s->speed_kmh);
    io__yr_opt_number(r, n, "max_duration_minutes", IO_YNUM_NONNEG, &s->max_duration_minutes);
    io__yr_opt_number(r, n, "co2_kg_per_km", IO_YNUM_NONNEG, &s->co2_kg_per_km);
    double trips;
    if (io__yr_opt_number(r, n, "trips_per_day", IO_YNUM_INTEGER, &trips) == 1) {
        if (trips < 1 || trips > TERROIR_MAX_TRIPS_PER_DAY) {
            size_t mark = io__yr_path_key(r, "trips_per_day");
            io__yr_problem(r, io__yr_get(n, "trips_per_day"),
                           "trips_per_day must be between 1 and %d, got %s",
                           TERROIR_MAX_TRIPS_PER_DAY, io__yr_get(n, "trips_per_day")->value);
            io__yr_path_restore(r, mark);
        } else {
            s->trips_per_day = (unsigned int)trips;
        }
    }
    io__yr_opt_number(r, n, "loading_minutes", IO_YNUM_NONNEG, &s->loading_minutes);
    read_member(r, n, &s->member);
    return skip;
}

int io__yr_changes(io_yreader *r, terroir_entity kind, const io_ynode *n, void *spec)
{
    /* Every entity's keys but the first, "id": an id names, it never changes. */
    static const struct {
        const char *what;
        const char *const *keys;
        size_t count;
    } changes[] = {
        {"product changes", PRODUCT_KEYS + 1, COUNT(PRODUCT_KEYS) - 1},
        {"producer changes", PRODUCER_KEYS + 1, COUNT(PRODUCER_KEYS) - 1},
        {"hub changes", HUB_KEYS + 1, COUNT(HUB_KEYS) - 1},
        {"point changes", POINT_KEYS + 1, COUNT(POINT_KEYS) - 1},
        {"vehicle type changes", VEHICLE_KEYS + 1, COUNT(VEHICLE_KEYS) - 1},
    };
    io__yr_check_keys(r, n, changes[kind].what, changes[kind].keys, changes[kind].count);
    switch (kind) {
    case TERROIR_ENTITY_PRODUCT:
        product_fields(r, n, spec);
        break;
    case TERROIR_ENTITY_PRODUCER:
        producer_fields(r, n, spec);
        break;
    case TERROIR_ENTITY_HUB:
        hub_fields(r, n, 1, spec);
        break;
    case TERROIR_ENTITY_POINT:
        point_fields(r, n, spec);
        break;
    case TERROIR_ENTITY_VEHICLE_TYPE:
        return vehicle_type_fields(r, n, spec);
    case TERROIR_ENTITY_MEMBER:
        break;
    }
    return 0;
}

void io__yr_vehicle_type(io_yreader *r, const io_ynode *n)
{
    if (!io__yr_want(r, n, IO_YMAPPING, "a vehicle type (a mapping)"))
        return;
    size_t before = r->problems;
    io__yr_check_keys(r, n, "vehicle type", VEHICLE_KEYS, COUNT(VEHICLE_KEYS));
    terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    const io_ynode *id_node;
    s.id = io__yr_id(r, n, "id", "vehicle type", &id_node);
    if (!io__yr_get(n, "home_hub")) {
        size_t mark = io__yr_path_key(r, "home_hub");
        io__yr_problem(r, n, "missing required key 'home_hub' in vehicle type");
        io__yr_path_restore(r, mark);
    }
    int skip = vehicle_type_fields(r, n, &s); /* the home hub had problems of its own */
    if (!s.id || register_id(r, &r->vehicles, "vehicle type", s.id, id_node, 0, n) != 0)
        return;
    size_t index;
    if (skip || r->problems != before || r->stop)
        return;
    if (terroir_model_add_vehicle_type(r->model, &s, &index) != 0) {
        io__yr_model_refused(r, n);
        return;
    }
    model__set_pos(r->model, TERROIR_ENTITY_VEHICLE_TYPE, index, n->line, n->column);
    set_index(&r->vehicles, index);
}

/* ---------------------------------------------------------------- sections */

static const char *const TOP_KEYS[] = {"terroir",   "name", "settings", "products",
                                       "producers", "hubs", "points",   "vehicle_types",
                                       "matrix",    "arcs", "members"};
static const char *const SETTINGS_KEYS[] = {"coordinates", "rounding", "road_factor",
                                            "speed_kmh",   "arcs",     "co2_price",
                                            "operating_days"};
static const char *const MATRIX_KEYS[] = {"sites", "km", "minutes"};
static const char *const ARC_KEYS[] = {"from", "to", "cost_per_kg", "km"};

/* The settings present in mapping `v` over those in `s` (keys not checked). */
static void settings_fields(io_yreader *r, const io_ynode *v, terroir_settings *s)
{
    int e;
    if (io__yr_opt_enum(r, v, "coordinates", &COORDINATES, &e) == 1)
        s->coordinates = (terroir_coordinates)e;
    if (io__yr_opt_enum(r, v, "rounding", &ROUNDING, &e) == 1)
        s->rounding = (terroir_rounding)e;
    if (io__yr_opt_enum(r, v, "arcs", &ARCS, &e) == 1)
        s->arcs = (terroir_arcs)e;
    if (io__yr_opt_number(r, v, "road_factor", 0, &s->road_factor) == 1 &&
        (s->road_factor < 1 || s->road_factor > 100)) {
        size_t m2 = io__yr_path_key(r, "road_factor");
        io__yr_problem(r, io__yr_get(v, "road_factor"),
                       "road_factor must be between 1 and 100, got %s",
                       io__yr_get(v, "road_factor")->value);
        io__yr_path_restore(r, m2);
    }
    if (io__yr_opt_number(r, v, "speed_kmh", IO_YNUM_POSITIVE, &s->speed_kmh) == 1 &&
        s->speed_kmh > 1e6) {
        size_t m2 = io__yr_path_key(r, "speed_kmh");
        io__yr_problem(r, io__yr_get(v, "speed_kmh"), "speed_kmh %s is too large (the limit is 1e6)",
                       io__yr_get(v, "speed_kmh")->value);
        io__yr_path_restore(r, m2);
    }
    io__yr_opt_number(r, v, "co2_price", IO_YNUM_NONNEG, &s->co2_price);
    double days;
    if (io__yr_opt_number(r, v, "operating_days", IO_YNUM_INTEGER, &days) == 1) {
        if (days < 1 || days > TERROIR_MAX_OPERATING_DAYS) {
            size_t m2 = io__yr_path_key(r, "operating_days");
            io__yr_problem(r, io__yr_get(v, "operating_days"),
                           "operating_days must be between 1 and %d, got %s",
                           TERROIR_MAX_OPERATING_DAYS, io__yr_get(v, "operating_days")->value);
            io__yr_path_restore(r, m2);
        } else {
            s->operating_days = (unsigned int)days;
        }
    }
}

/* An overlay changes every setting but the two that decide how the rest of
 * the file reads: coordinates (which location keys sites use) and arcs. */
static const char *const SETTINGS_CHANGE_KEYS[] = {"rounding", "road_factor", "speed_kmh",
                                                   "co2_price", "operating_days"};

void io__yr_settings_changes(io_yreader *r, const io_ynode *v, terroir_settings *s)
{
    if (!io__yr_want(r, v, IO_YMAPPING, "a mapping of settings"))
        return;
    io__yr_check_keys(r, v, "settings changes", SETTINGS_CHANGE_KEYS,
                      COUNT(SETTINGS_CHANGE_KEYS));
    terroir_coordinates coordinates = s->coordinates;
    terroir_arcs arcs = s->arcs;
    settings_fields(r, v, s);
    s->coordinates = coordinates; /* refused above: the rest reads as in the base */
    s->arcs = arcs;
}

void io__yr_settings(io_yreader *r, const io_ynode *root)
{
    size_t before = r->problems;
    terroir_settings s = TERROIR_SETTINGS_INIT;
    io__yr_opt_string(r, root, "name", &s.name);
    const io_ynode *v = io__yr_get(root, "settings");
    if (v) {
        size_t mark = io__yr_path_key(r, "settings");
        if (io__yr_want(r, v, IO_YMAPPING, "a mapping of settings")) {
            io__yr_check_keys(r, v, "settings", SETTINGS_KEYS, COUNT(SETTINGS_KEYS));
            settings_fields(r, v, &s);
        }
        io__yr_path_restore(r, mark);
    }
    r->coordinates = s.coordinates;
    r->arcs = s.arcs;
    if (r->problems == before && !r->stop && terroir_model_set_settings(r->model, &s) != 0)
        io__yr_model_refused(r, v ? v : root);
}

/* Each item of section `key` (a sequence) through `fn`. */
void io__yr_section(io_yreader *r, const io_ynode *root, const char *key, const char *what,
                         int required, void (*fn)(io_yreader *, const io_ynode *))
{
    const io_ynode *v = io__yr_get(root, key);
    size_t mark = io__yr_path_key(r, key);
    if (!v) {
        if (required)
            io__yr_problem(r, root, "missing required key '%s'", key);
    } else if (v->kind == IO_YSEQUENCE && v->count == 0 && required) {
        io__yr_problem(r, v, "%s must list at least one %s", key, what);
    } else if (v->kind != IO_YSEQUENCE && !(io__ynode_is_null(v) && !required)) {
        io__yr_problem(r, v, "expected a sequence of %ss, got %s", what, io__ynode_describe(v));
    } else if (v->kind == IO_YSEQUENCE) {
        size_t i = 0;
        for (const io_ynode *item = v->first; item && !r->stop; item = item->next, i++) {
            size_t m2 = io__yr_path_index(r, i);
            fn(r, item);
            io__yr_path_restore(r, m2);
        }
    }
    io__yr_path_restore(r, mark);
}

/* An n x n matrix of amounts: 0 with *out (n*n, row-major, caller frees),
 * or -1 after reporting. */
static int read_square(io_yreader *r, const io_ynode *v, size_t n, double **out)
{
    *out = NULL;
    if (!io__yr_want(r, v, IO_YSEQUENCE, "a sequence of rows"))
        return -1;
    if (v->count != n) {
        io__yr_problem(r, v, "%zu rows; expected %zu (one per site of matrix.sites)", v->count, n);
        return -1;
    }
    int ok = 1;
    size_t i = 0;
    for (const io_ynode *row = v->first; row && !r->stop; row = row->next, i++) {
        size_t mark = io__yr_path_index(r, i);
        if (!io__yr_want(r, row, IO_YSEQUENCE, "a row (a sequence of numbers)"))
            ok = 0;
        else if (row->count != n) {
            io__yr_problem(r, row, "row has %zu value%s; expected %zu", row->count,
                           row->count == 1 ? "" : "s", n);
            ok = 0;
        }
        io__yr_path_restore(r, mark);
    }
    if (!ok || r->stop)
        return -1;
    /* n rows of n nodes exist in the tree, so n * n cannot overflow; the
     * check keeps that reasoning local. */
    double *m = n <= SIZE_MAX / n ? core__calloc(n * n, sizeof *m) : NULL;
    if (!m) {
        io__yr_nomem(r);
        return -1;
    }
    i = 0;
    for (const io_ynode *row = v->first; row; row = row->next, i++) {
        size_t j = 0;
        for (const io_ynode *x = row->first; x && !r->stop; x = x->next, j++) {
            size_t mark = io__yr_path_index(r, i);
            io__yr_path_index(r, j);
            if (io__yr_number(r, x, IO_YNUM_NONNEG, &m[i * n + j]) != 0)
                ok = 0;
            io__yr_path_restore(r, mark);
        }
    }
    if (!ok || r->stop) {
        free(m);
        return -1;
    }
    *out = m;
    return 0;
}

void io__yr_matrix(io_yreader *r, const io_ynode *root)
{
    const io_ynode *v = io__yr_get(root, "matrix");
    if (!v)
        return;
    size_t mark = io__yr_path_key(r, "matrix");
    size_t before = r->problems;
    int skip = 0;
    size_t *sites = NULL;
    double *km = NULL, *minutes = NULL;
    const io_ynode **seen = NULL;
    if (!io__yr_want(r, v, IO_YMAPPING, "a mapping with sites, km and minutes"))
        goto done;
    io__yr_check_keys(r, v, "matrix", MATRIX_KEYS, COUNT(MATRIX_KEYS));
    const io_ynode *sv = io__yr_get(v, "sites");
    size_t m2 = io__yr_path_key(r, "sites");
    if (!sv)
        io__yr_problem(r, v, "missing required key 'sites' in matrix");
    else if (io__yr_want(r, sv, IO_YSEQUENCE, "a sequence of site ids") && sv->count == 0)
        io__yr_problem(r, sv, "matrix.sites is empty");
    io__yr_path_restore(r, m2);
    if (!sv || sv->kind != IO_YSEQUENCE || sv->count == 0)
        goto done;
    size_t n = sv->count;
    size_t n_model = terroir_model_site_count(r->model);
    sites = core__calloc(n, sizeof *sites);
    seen = core__calloc(n_model ? n_model : 1, sizeof *seen);
    if (!sites || !seen) {
        io__yr_nomem(r);
        goto done;
    }
    size_t i = 0;
    m2 = io__yr_path_key(r, "sites");
    for (const io_ynode *s = sv->first; s && !r->stop; s = s->next, i++) {
        size_t m3 = io__yr_path_index(r, i);
        const io_yid *e = site_ref(r, s, -1);
        size_t site = 0;
        if (e && e->index == MODEL_NONE)
            skip = 1;
        else if (e && terroir_model_site_index(r->model, (terroir_site_kind)e->kind, e->index,
                                               &site) != 0)
            io__yr_model_refused(r, s);
        else if (e && site < n_model && seen[site])
            io__yr_problem(r, s, "site '%.*s%s' is listed twice in matrix.sites (first at %lu:%lu)",
                           IO_YR_Q(s->value), seen[site]->line, seen[site]->column);
        else if (e && site < n_model) {
            seen[site] = s;
            sites[i] = site;
        }
        io__yr_path_restore(r, m3);
    }
    io__yr_path_restore(r, m2);
    const io_ynode *kv = io__yr_get(v, "km");
    m2 = io__yr_path_key(r, "km");
    if (!kv)
        io__yr_problem(r, v, "missing required key 'km' in matrix");
    else
        read_square(r, kv, n, &km);
    io__yr_path_restore(r, m2);
    const io_ynode *mv = io__yr_get(v, "minutes");
    if (mv) {
        m2 = io__yr_path_key(r, "minutes");
        read_square(r, mv, n, &minutes);
        io__yr_path_restore(r, m2);
    }
    if (skip || r->problems != before || r->stop || !km || (mv && !minutes))
        goto done;
    if (terroir_model_set_matrix(r->model, n, sites, km, minutes) != 0)
        io__yr_model_refused(r, v);
    else
        model__set_matrix_pos(r->model, v->line, v->column);
done:
    free(sites);
    free(seen);
    free(km);
    free(minutes);
    io__yr_path_restore(r, mark);
}

void io__yr_arc(io_yreader *r, const io_ynode *n)
{
    if (core__grow((void **)&r->arc_nodes, &r->cap_arc_nodes, r->n_arc_nodes + 1,
                   sizeof *r->arc_nodes)) {
        io__yr_nomem(r);
        return;
    }
    r->arc_nodes[r->n_arc_nodes++] = n;
    if (!io__yr_want(r, n, IO_YMAPPING, "an arc (a mapping)"))
        return;
    size_t before = r->problems;
    int skip = 0;
    io__yr_check_keys(r, n, "arc", ARC_KEYS, COUNT(ARC_KEYS));
    size_t ends[2] = {0, 0};
    static const char *const END_KEYS[2] = {"from", "to"};
    for (int k = 0; k < 2; k++) {
        const io_ynode *v = io__yr_get(n, END_KEYS[k]);
        size_t mark = io__yr_path_key(r, END_KEYS[k]);
        if (!v) {
            io__yr_problem(r, n, "missing required key '%s' in arc", END_KEYS[k]);
        } else {
            const io_yid *e = site_ref(r, v, -1);
            if (e && e->index == MODEL_NONE)
                skip = 1;
            else if (e && terroir_model_site_index(r->model, (terroir_site_kind)e->kind, e->index,
                                                   &ends[k]) != 0)
                io__yr_model_refused(r, v);
        }
        io__yr_path_restore(r, mark);
    }
    double cost = 0, km = -1;
    if (io__yr_opt_number(r, n, "cost_per_kg", IO_YNUM_NONNEG, &cost) == 0) {
        size_t mark = io__yr_path_key(r, "cost_per_kg");
        io__yr_problem(r, n, "missing required key 'cost_per_kg' in arc");
        io__yr_path_restore(r, mark);
    }
    io__yr_opt_number(r, n, "km", IO_YNUM_NONNEG, &km);
    if (skip || r->problems != before || r->stop)
        return;
    if (terroir_model_add_arc(r->model, ends[0], ends[1], cost, km) != 0)
        io__yr_model_refused(r, n);
}

int io__yr_check_top(io_yreader *r, const io_ynode *root)
{
    r->root = root;
    if (root->kind != IO_YMAPPING) {
        io__yr_problem(r, root, "expected a mapping with 'terroir: 1' at the top level, got %s",
                       io__ynode_describe(root));
        return -1;
    }
    size_t before = r->problems;
    const io_ynode *version = io__yr_get(root, "terroir");
    double x;
    size_t mark = io__yr_path_key(r, "terroir");
    if (!version)
        io__yr_problem(r, root,
                       "missing required key 'terroir' (the schema version: write "
                       "'terroir: 1' first)");
    else if (version->kind != IO_YSCALAR || !version->plain || io__ynode_number(version, &x) != 0)
        io__yr_problem(r, version, "unsupported schema version: expected the number 1, got %s",
                       io__ynode_describe(version));
    else if (x != 1)
        io__yr_problem(r, version,
                       "unsupported schema version %.*s%s; this library reads version 1",
                       IO_YR_Q(version->value));
    io__yr_path_restore(r, mark);
    return r->problems == before ? 0 : -1;
}

void io__yr_document(io_yreader *r, const io_ynode *root)
{
    if (io__yr_check_top(r, root) != 0)
        return; /* another version has another schema: nothing more to say */
    io__yr_check_keys(r, root, "the top-level mapping", TOP_KEYS, COUNT(TOP_KEYS));
    io__yr_settings(r, root);
    io__yr_section(r, root, "members", "member", 0, io__yr_member);
    io__yr_section(r, root, "products", "product", 1, io__yr_product);
    io__yr_section(r, root, "producers", "producer", 0, io__yr_producer);
    io__yr_section(r, root, "hubs", "hub", 0, io__yr_hub);
    io__yr_section(r, root, "points", "point", 0, io__yr_point);
    io__yr_section(r, root, "vehicle_types", "vehicle type", 0, io__yr_vehicle_type);
    io__yr_matrix(r, root);
    r->arcs_node = io__yr_get(root, "arcs");
    io__yr_check_arcs_mode(r, r->arcs_node);
    io__yr_section(r, root, "arcs", "arc", 0, io__yr_arc);
}

void io__yr_check_arcs_mode(io_yreader *r, const io_ynode *arcs)
{
    if (!arcs || r->arcs == TERROIR_ARCS_LISTED)
        return;
    size_t mark = io__yr_path_key(r, "arcs");
    io__yr_problem(r, arcs, "arcs are listed but settings.arcs is '%s'; set settings.arcs: listed",
                   terroir_arcs_to_string(r->arcs));
    io__yr_path_restore(r, mark);
}

/* Where a validation problem without a position points: the arc it names,
 * or the top of the document. */
static const io_ynode *validation_anchor(const io_yreader *r, const char *field)
{
    size_t k;
    char tail;
    if (field && sscanf(field, "arcs[%zu%c", &k, &tail) == 2 && tail == ']' &&
        k < r->n_arc_nodes && r->arc_nodes[k])
        return r->arc_nodes[k];
    if (field && strcmp(field, "arcs") == 0 && r->arcs_node)
        return r->arcs_node;
    return r->root;
}

void io__yr_validate(io_yreader *r)
{
    terroir_diagnostics *vd = NULL;
    core_strbuf field = CORE_STRBUF_INIT;
    int rc = terroir_model_validate(r->model, &vd);
    if (rc == TERROIR_ENOMEM) {
        terroir_diagnostics_free(vd);
        io__yr_nomem(r);
        return;
    }
    size_t n = terroir_diagnostics_count(vd);
    if (rc != 0 && n == 0) {
        const terroir_error *e = terroir_error_last();
        io__yr_problem(r, r->root, "%s", e ? e->message : "the model is not valid");
    }
    for (size_t i = 0; i < n && !r->stop; i++) {
        const terroir_error *e = terroir_diagnostics_get(vd, i);
        unsigned long line = e->line, column = e->column;
        const char *path = e->field;
        if (line == 0) {
            const io_ynode *at = validation_anchor(r, e->field);
            line = at ? at->line : 0;
            column = at ? at->column : 0;
        }
        /* An overlay's model numbers its entities in the result, not in
         * the file: name the field by where its node is in the file. */
        field.len = 0;
        if (r->overlay && line && io__yr_path_at(r->root, line, column, &field) == 0 &&
            !field.failed && field.len)
            path = field.data;
        if (core__diags_add(r->diags, e->code, e->file ? e->file : r->file, line, column, path,
                            "%s", e->message) != 0)
            io__yr_nomem(r);
        else if (++r->problems >= r->max_problems)
            r->stop = 1;
    }
    core__sb_free(&field);
    terroir_diagnostics_free(vd);
}
