/* Applying an overlay's changes to its base model (datasets/SCHEMA.md,
 * "Overlays").  The result is built afresh through the public builder API:
 * the base's entities in the base's order, each with its changes, the
 * removed ones left out, and the added ones at the end of their section
 * (sites stay grouped by kind).  So an overlay that changes nothing gives a
 * model equal to its base (terroir_model_equal()).
 *
 * Why on the built base model rather than by merging YAML trees: the base
 * is loaded and validated on its own first, so its problems name its own
 * file, lines and fields; and every value the overlay writes is read by the
 * model's own entity readers (yaml_read.c) at its own node, with the field
 * path it has in the overlay ("changes.hubs.hub-x.status",
 * "changes.add.points[0].demand.apples").  A merged tree would mix nodes of
 * several files in one document, and its problems would name neither the
 * right file nor the right path.
 *
 * Rules (all documented in SCHEMA.md): a changed field replaces the base's;
 * mappings of amounts (capacity_kg, capacity, self_delivery) and of
 * quantities (supply, demand) are merged key by key; windows and
 * temperatures are replaced.  Scale factors multiply the quantities the
 * result inherits from the base; quantities written in the overlay are
 * taken as written.  Removing a product drops its supply and demand lines;
 * removing a site drops its arcs and its matrix row and column; a hub that
 * a kept vehicle type calls home cannot be removed unless the vehicle type
 * gets another home_hub.  The ids of the base are registered in the
 * reader's id tables (borrowed from the base model, which outlives the
 * reading), so added entities refer to base entities as in one file. */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "io/overlay.h"
#include "io/yaml_read_internal.h"
#include "model/model_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define N_ENTITIES 5 /* indexed by terroir_entity */

static const char *const SECTION[N_ENTITIES] = {"products", "producers", "hubs", "points",
                                                "vehicle_types"};
/* Words for messages, translated where used (core__t). */
static const char *const WHAT[N_ENTITIES] = {CORE_N("product"), CORE_N("producer"),
                                             CORE_N("hub"), CORE_N("point"),
                                             CORE_N("vehicle type")};

static const char *const CHANGES_KEYS[] = {"settings",      "products",     "producers",
                                           "hubs",          "points",       "vehicle_types",
                                           "demand_scale",  "supply_scale", "add",
                                           "remove"};
static const char *const ADD_KEYS[] = {"products", "producers",     "hubs",
                                       "points",   "vehicle_types", "arcs"};
static const char *const DEMAND_SCALE_KEYS[] = {"all", "kinds", "products", "points"};
static const char *const SUPPLY_SCALE_KEYS[] = {"all", "products", "producers"};

/* Factors of demand_scale or supply_scale (1 when not given). */
typedef struct ov_scale {
    double all;
    double kind[TERROIR_POINT_KIND_COUNT]; /* demand only */
    double *product;                       /* per base product */
    double *holder;                        /* per base point (demand) or producer (supply) */
} ov_scale;

typedef struct ov {
    io_yreader *r;
    const terroir_model *base;
    const io_ynode *root, *changes, *add, *remove;
    size_t n[N_ENTITIES];                 /* entities of each kind in the base */
    const io_ynode **changed[N_ENTITIES]; /* per base entity: its changes, or NULL */
    const io_ynode **removed[N_ENTITIES]; /* per base entity: the id removing it, or NULL */
    size_t *index[N_ENTITIES];            /* per base entity: index in the result or MODEL_NONE */
    const char **product_id;              /* per base product */
    ov_scale demand, supply;
} ov;

/* ---------------------------------------------------------------- reading the changes */

/* A mapping or sequence under `parent`.`key`, or NULL when absent or null
 * (after recording a problem when it is of another kind). */
static const io_ynode *optional(ov *o, const io_ynode *parent, const char *key, io_ykind kind,
                                const char *what)
{
    const io_ynode *v = io__yr_get(parent, key);
    if (!v || io__ynode_is_null(v))
        return NULL;
    size_t mark = io__yr_path_key(o->r, key);
    int ok = io__yr_want(o->r, v, kind, what);
    io__yr_path_restore(o->r, mark);
    return ok ? v : NULL;
}

/* The index in the base of the entity of kind `e` whose id is `id_node`.
 * 0, or -1 after "no hub 'x' in base 'b.yaml'" at id_node (current path). */
static int find_base(ov *o, terroir_entity e, const io_ynode *id_node, size_t *out)
{
    const char *id = NULL;
    if (io__yr_string(o->r, id_node, &id) != 0)
        return -1;
    if (terroir_model_find(o->base, e, id, out) == 0)
        return 0;
    /* Sites share one id space: say what the id is when it is another kind. */
    const char *other = NULL;
    int site = e == TERROIR_ENTITY_PRODUCER || e == TERROIR_ENTITY_HUB || e == TERROIR_ENTITY_POINT;
    for (int k = TERROIR_ENTITY_PRODUCER; site && k <= TERROIR_ENTITY_POINT; k++) {
        size_t i;
        if (k != (int)e && terroir_model_find(o->base, (terroir_entity)k, id, &i) == 0)
            other = core__t(WHAT[k]);
    }
    if (other)
        io__yr_problem(o->r, id_node, "no %s '%.*s%s' in base '%.*s%s' ('%.*s%s' is a %s)",
                       core__t(WHAT[e]),
                       IO_YR_Q(id), IO_YR_Q(o->r->base_label), IO_YR_Q(id), other);
    else
        io__yr_problem(o->r, id_node, "no %s '%.*s%s' in base '%.*s%s'", core__t(WHAT[e]),
                       IO_YR_Q(id),
                       IO_YR_Q(o->r->base_label));
    return -1;
}

/* changes.<section>: base id -> mapping of changes. */
static void collect_changes(ov *o, terroir_entity e)
{
    io_yreader *r = o->r;
    const io_ynode *m = optional(o, o->changes, SECTION[e], IO_YMAPPING,
                                 "a mapping of ids to their changes");
    if (!m)
        return;
    size_t mark = io__yr_path_key(r, SECTION[e]);
    io__yr_check_duplicates(r, m);
    for (const io_ynode *k = m->first; k && !r->stop; k = k->next) {
        size_t i;
        if (k->kind != IO_YSCALAR || find_base(o, e, k, &i) != 0 || o->changed[e][i])
            continue;
        size_t m2 = io__yr_path_key(r, k->value);
        if (io__yr_want(r, k->val, IO_YMAPPING, "a mapping of the fields to change"))
            o->changed[e][i] = k->val;
        io__yr_path_restore(r, m2);
    }
    io__yr_path_restore(r, mark);
}

/* changes.remove.<section>: a sequence of base ids. */
static void collect_removals(ov *o, terroir_entity e)
{
    io_yreader *r = o->r;
    const io_ynode *seq = optional(o, o->remove, SECTION[e], IO_YSEQUENCE, "a sequence of ids");
    if (!seq)
        return;
    size_t mark = io__yr_path_key(r, SECTION[e]);
    size_t k = 0;
    for (const io_ynode *item = seq->first; item && !r->stop; item = item->next, k++) {
        size_t m2 = io__yr_path_index(r, k), i;
        if (find_base(o, e, item, &i) == 0) {
            const io_ynode *first = o->removed[e][i];
            if (first)
                io__yr_problem(r, item, "%s '%.*s%s' is removed twice (first at %lu:%lu)",
                               core__t(WHAT[e]),
                               IO_YR_Q(item->value), first->line, first->column);
            else if (o->changed[e][i])
                io__yr_problem(r, item, "%s '%.*s%s' is both changed and removed",
                               core__t(WHAT[e]),
                               IO_YR_Q(item->value));
            else
                o->removed[e][i] = item;
        }
        io__yr_path_restore(r, m2);
    }
    io__yr_path_restore(r, mark);
}

/* A mapping of base ids of kind `e` to factors, into out[base index]. */
static void read_factors(ov *o, const io_ynode *scale, const char *key, terroir_entity e,
                         double *out)
{
    io_yreader *r = o->r;
    const io_ynode *m = optional(o, scale, key, IO_YMAPPING, "a mapping of ids to factors");
    if (!m)
        return;
    size_t mark = io__yr_path_key(r, key);
    io__yr_check_duplicates(r, m);
    for (const io_ynode *k = m->first; k && !r->stop; k = k->next) {
        size_t i;
        if (k->kind != IO_YSCALAR || find_base(o, e, k, &i) != 0)
            continue;
        size_t m2 = io__yr_path_key(r, k->value);
        io__yr_number(r, k->val, IO_YNUM_NONNEG, &out[i]);
        io__yr_path_restore(r, m2);
    }
    io__yr_path_restore(r, mark);
}

/* demand_scale: {kinds: {food_bank: 1.5}}. */
static void read_kind_factors(ov *o, const io_ynode *scale, double *out)
{
    io_yreader *r = o->r;
    const io_ynode *m =
        optional(o, scale, "kinds", IO_YMAPPING, "a mapping of point kinds to factors");
    if (!m)
        return;
    size_t mark = io__yr_path_key(r, "kinds");
    io__yr_check_duplicates(r, m);
    for (const io_ynode *k = m->first; k && !r->stop; k = k->next) {
        terroir_point_kind kind;
        if (k->kind != IO_YSCALAR)
            continue;
        size_t m2 = io__yr_path_key(r, k->value);
        if (model__point_kind_from_string(k->value, &kind) != 0)
            io__yr_problem(r, k,
                           "unknown point kind '%.*s%s'; expected one of: grocery, food_bank, "
                           "school, market, pickup",
                           IO_YR_Q(k->value));
        else
            io__yr_number(r, k->val, IO_YNUM_NONNEG, &out[kind]);
        io__yr_path_restore(r, m2);
    }
    io__yr_path_restore(r, mark);
}

/* demand_scale / supply_scale: a number (every line) or a mapping. */
static void read_scale(ov *o, int demand, ov_scale *s)
{
    io_yreader *r = o->r;
    const char *key = demand ? "demand_scale" : "supply_scale";
    const io_ynode *v = io__yr_get(o->changes, key);
    if (!v)
        return;
    size_t mark = io__yr_path_key(r, key);
    if (v->kind == IO_YSCALAR) {
        io__yr_number(r, v, IO_YNUM_NONNEG, &s->all);
    } else if (io__yr_want(r, v, IO_YMAPPING, "a number or a mapping of factors")) {
        if (demand)
            io__yr_check_keys(r, v, key, DEMAND_SCALE_KEYS, COUNT(DEMAND_SCALE_KEYS));
        else
            io__yr_check_keys(r, v, key, SUPPLY_SCALE_KEYS, COUNT(SUPPLY_SCALE_KEYS));
        io__yr_opt_number(r, v, "all", IO_YNUM_NONNEG, &s->all);
        if (demand)
            read_kind_factors(o, v, s->kind);
        read_factors(o, v, "products", TERROIR_ENTITY_PRODUCT, s->product);
        if (demand)
            read_factors(o, v, "points", TERROIR_ENTITY_POINT, s->holder);
        else
            read_factors(o, v, "producers", TERROIR_ENTITY_PRODUCER, s->holder);
    }
    io__yr_path_restore(r, mark);
}

/* ---------------------------------------------------------------- building the result */

/* The path of the changes of base entity `id` of kind `e`; returns the mark. */
static size_t path_of_changes(ov *o, terroir_entity e, const char *id)
{
    size_t mark = io__yr_path_key(o->r, "changes");
    io__yr_path_key(o->r, SECTION[e]);
    io__yr_path_key(o->r, id);
    return mark;
}

/* Record where an entity of the result was defined: its changes, or nowhere
 * in this file (0) for an unchanged base entity. */
static void set_pos(ov *o, terroir_entity e, size_t index, const io_ynode *ch)
{
    model__set_pos(o->r->model, e, index, ch ? ch->line : 0, ch ? ch->column : 0);
}

/* Add base entity `id` of kind `e`, whose spec (changes applied) is
 * `spec`, to the result when it had no problem since `before` and `skip`
 * is 0; then register its id (`kind`: its site kind, or 0), at line 0 so
 * that a duplicate says "already in base".  Returns its index in the
 * result, or MODEL_NONE. */
static size_t commit(ov *o, terroir_entity e, const void *spec, int skip, size_t before,
                     const io_ynode *ch, const char *id, int kind)
{
    io_yreader *r = o->r;
    size_t index = MODEL_NONE;
    if (!skip && r->problems == before && !r->stop) {
        int rc = TERROIR_EINTERNAL;
        switch (e) {
        case TERROIR_ENTITY_PRODUCT:
            rc = terroir_model_add_product(r->model, spec, &index);
            break;
        case TERROIR_ENTITY_PRODUCER:
            rc = terroir_model_add_producer(r->model, spec, &index);
            break;
        case TERROIR_ENTITY_HUB:
            rc = terroir_model_add_hub(r->model, spec, &index);
            break;
        case TERROIR_ENTITY_POINT:
            rc = terroir_model_add_point(r->model, spec, &index);
            break;
        case TERROIR_ENTITY_VEHICLE_TYPE:
            rc = terroir_model_add_vehicle_type(r->model, spec, &index);
            break;
        case TERROIR_ENTITY_MEMBER:
            break;
        }
        if (rc) {
            io__yr_model_refused(r, ch);
            index = MODEL_NONE;
        } else {
            set_pos(o, e, index, ch);
        }
    }
    io_yids *t = e == TERROIR_ENTITY_PRODUCT        ? &r->products
                 : e == TERROIR_ENTITY_VEHICLE_TYPE ? &r->vehicles
                                                    : &r->sites;
    if (io__yids_put(t, id, kind, index, 0, 0) != 0)
        io__yr_nomem(r);
    return index;
}

/* The items of changes.add.<key> through `fn`. */
static void add_section(ov *o, const char *key, const char *what,
                        void (*fn)(io_yreader *, const io_ynode *))
{
    if (!o->add)
        return;
    size_t mark = io__yr_path_key(o->r, "changes");
    io__yr_path_key(o->r, "add");
    io__yr_section(o->r, o->add, key, what, 0, fn);
    io__yr_path_restore(o->r, mark);
}

static void build_settings(ov *o)
{
    io_yreader *r = o->r;
    size_t before = r->problems;
    terroir_settings s = TERROIR_SETTINGS_INIT;
    terroir_model_get_settings(o->base, &s);
    io__yr_opt_string(r, o->root, "name", &s.name);
    const io_ynode *v = io__yr_get(o->changes, "settings");
    if (v) {
        size_t mark = io__yr_path_key(r, "changes");
        io__yr_path_key(r, "settings");
        io__yr_settings_changes(r, v, &s);
        io__yr_path_restore(r, mark);
    }
    r->coordinates = s.coordinates;
    r->arcs = s.arcs;
    if (r->problems == before && !r->stop && terroir_model_set_settings(r->model, &s) != 0)
        io__yr_model_refused(r, v);
}

/* The base's members, unchanged (an overlay neither adds nor removes
 * members), registered so that entities in the changes may name them. */
static void build_members(ov *o)
{
    io_yreader *r = o->r;
    size_t n = terroir_model_count(o->base, TERROIR_ENTITY_MEMBER);
    for (size_t i = 0; i < n && !r->stop; i++) {
        terroir_member_spec s = TERROIR_MEMBER_SPEC_INIT;
        size_t index = MODEL_NONE;
        terroir_model_get_member(o->base, i, &s);
        if (terroir_model_add_member(r->model, &s, &index) != 0)
            io__yr_model_refused(r, o->root);
        if (io__yids_put(&r->members, s.id, 0, index, 0, 0) != 0)
            io__yr_nomem(r);
    }
}

static void build_products(ov *o)
{
    io_yreader *r = o->r;
    for (size_t i = 0; i < o->n[TERROIR_ENTITY_PRODUCT] && !r->stop; i++) {
        terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
        terroir_model_get_product(o->base, i, &s);
        o->product_id[i] = s.id;
        if (o->removed[TERROIR_ENTITY_PRODUCT][i])
            continue;
        const io_ynode *ch = o->changed[TERROIR_ENTITY_PRODUCT][i];
        size_t before = r->problems;
        if (ch) {
            size_t mark = path_of_changes(o, TERROIR_ENTITY_PRODUCT, s.id);
            io__yr_changes(r, TERROIR_ENTITY_PRODUCT, ch, &s);
            io__yr_path_restore(r, mark);
        }
        o->index[TERROIR_ENTITY_PRODUCT][i] =
            commit(o, TERROIR_ENTITY_PRODUCT, &s, 0, before, ch, s.id, 0);
    }
    add_section(o, "products", "product", io__yr_product);
}

/* The factor of a base supply or demand line. */
static double factor(const ov_scale *s, size_t product, size_t holder, int kind)
{
    double f = s->all * s->product[product] * s->holder[holder];
    return kind >= 0 ? f * s->kind[kind] : f;
}

/* Copy the supply (producers) or demand (points) lines of base site `i`
 * into result site `index`, scaled, except those of removed products and
 * those that the changes `ch` name; then add those of `ch`. */
static void copy_lines(ov *o, terroir_site_kind kind, size_t i, size_t index, int point_kind,
                       const io_ynode *ch)
{
    io_yreader *r = o->r;
    int supply = kind == TERROIR_SITE_PRODUCER;
    const char *key = supply ? "supply" : "demand";
    const io_ynode *named = io__yr_get(ch, key);
    size_t n = supply ? terroir_model_supply_count(o->base, i)
                      : terroir_model_demand_count(o->base, i);
    for (size_t k = 0; k < n && index != MODEL_NONE && !r->stop; k++) {
        size_t p = 0;
        double q = 0;
        if (supply)
            terroir_model_get_supply(o->base, i, k, &p, &q);
        else
            terroir_model_get_demand(o->base, i, k, &p, &q);
        size_t np = o->index[TERROIR_ENTITY_PRODUCT][p];
        if (np == MODEL_NONE || io__yr_get(named, o->product_id[p]))
            continue;
        q *= factor(supply ? &o->supply : &o->demand, p, i, supply ? -1 : point_kind);
        int rc = supply ? terroir_model_add_supply(r->model, index, np, q)
                        : terroir_model_add_demand(r->model, index, np, q);
        if (rc)
            io__yr_model_refused(r, ch);
    }
    if (ch)
        io__yr_quantities(r, ch, key, supply, index);
}

/* Copy the time windows of base site `i` to result site `index`, unless
 * the changes replace them. */
static void copy_windows(ov *o, terroir_site_kind kind, size_t i, size_t index,
                         const io_ynode *ch)
{
    io_yreader *r = o->r;
    const char *key = kind == TERROIR_SITE_HUB ? "opening_hours" : "time_windows";
    if (io__yr_get(ch, key)) {
        io__yr_windows(r, ch, key, kind, index);
        return;
    }
    size_t n = terroir_model_time_window_count(o->base, kind, i);
    for (size_t k = 0; k < n && index != MODEL_NONE; k++) {
        double open = 0, close = 0;
        terroir_model_get_time_window(o->base, kind, i, k, &open, &close);
        if (terroir_model_add_time_window(r->model, kind, index, open, close) != 0)
            io__yr_model_refused(r, ch);
    }
}

/* Base site `i` of `kind`, with its changes, into the result. */
static void copy_site(ov *o, terroir_site_kind kind, size_t i)
{
    io_yreader *r = o->r;
    terroir_entity e = (terroir_entity)(kind + 1);
    o->index[e][i] = MODEL_NONE;
    if (o->removed[e][i])
        return;
    const io_ynode *ch = o->changed[e][i];
    size_t before = r->problems, mark = r->path.len;
    terroir_producer_spec producer = TERROIR_PRODUCER_SPEC_INIT;
    terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
    terroir_point_spec point = TERROIR_POINT_SPEC_INIT;
    void *spec = NULL;
    const char *id = NULL;
    if (kind == TERROIR_SITE_PRODUCER) {
        terroir_model_get_producer(o->base, i, &producer);
        id = producer.id;
        spec = &producer;
    } else if (kind == TERROIR_SITE_HUB) {
        terroir_model_get_hub(o->base, i, &hub);
        id = hub.id;
        spec = &hub;
    } else {
        terroir_model_get_point(o->base, i, &point);
        id = point.id;
        spec = &point;
    }
    if (ch) {
        mark = path_of_changes(o, e, id);
        io__yr_changes(r, e, ch, spec);
    }
    size_t index = commit(o, e, spec, 0, before, ch, id, (int)kind);
    o->index[e][i] = index;
    copy_windows(o, kind, i, index, ch);
    if (kind != TERROIR_SITE_HUB)
        copy_lines(o, kind, i, index, kind == TERROIR_SITE_POINT ? (int)point.kind : -1, ch);
    io__yr_path_restore(r, mark);
}

static void add_sites(ov *o, terroir_site_kind kind)
{
    static void (*const readers[3])(io_yreader *, const io_ynode *) = {
        io__yr_producer, io__yr_hub, io__yr_point};
    add_section(o, SECTION[kind + 1], WHAT[kind + 1], readers[kind]);
}

/* Sites in the base's order; each kind's added sites right after the
 * base's sites of that kind, so that sites stay grouped by kind. */
static void build_sites(ov *o)
{
    int flushed[3] = {0, 0, 0};
    int previous = -1;
    size_t n = terroir_model_site_count(o->base);
    for (size_t s = 0; s < n && !o->r->stop; s++) {
        terroir_site_kind kind = TERROIR_SITE_PRODUCER;
        size_t i = 0;
        terroir_model_get_site(o->base, s, &kind, &i);
        if (previous >= 0 && previous != (int)kind && !flushed[previous]) {
            add_sites(o, (terroir_site_kind)previous);
            flushed[previous] = 1;
        }
        copy_site(o, kind, i);
        previous = (int)kind;
    }
    for (int k = 0; k < 3; k++)
        if (!flushed[k])
            add_sites(o, (terroir_site_kind)k);
}

/* Position in sequence `seq` of its item `item`. */
static size_t item_index(const io_ynode *seq, const io_ynode *item)
{
    size_t k = 0;
    for (const io_ynode *n = seq->first; n && n != item; n = n->next)
        k++;
    return k;
}

static void build_vehicle_types(ov *o)
{
    io_yreader *r = o->r;
    const terroir_entity e = TERROIR_ENTITY_VEHICLE_TYPE;
    for (size_t i = 0; i < o->n[e] && !r->stop; i++) {
        if (o->removed[e][i])
            continue;
        terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        terroir_model_get_vehicle_type(o->base, i, &s);
        size_t home = s.home_hub, before = r->problems;
        s.home_hub = o->index[TERROIR_ENTITY_HUB][home];
        const io_ynode *ch = o->changed[e][i];
        int skip = 0;
        if (ch) {
            size_t mark = path_of_changes(o, e, s.id);
            skip = io__yr_changes(r, e, ch, &s);
            io__yr_path_restore(r, mark);
        }
        const io_ynode *removal = o->removed[TERROIR_ENTITY_HUB][home];
        if (s.home_hub == MODEL_NONE && !io__yr_get(ch, "home_hub")) {
            if (removal) {
                const io_ynode *list = io__yr_get(o->remove, "hubs");
                size_t mark = io__yr_path_key(r, "changes");
                io__yr_path_key(r, "remove");
                io__yr_path_key(r, "hubs");
                io__yr_path_index(r, item_index(list, removal));
                io__yr_problem(r, removal,
                               "hub '%.*s%s' is the home hub of vehicle type '%.*s%s': remove "
                               "the vehicle type too, or change its home_hub",
                               IO_YR_Q(removal->value), IO_YR_Q(s.id));
                io__yr_path_restore(r, mark);
            }
            skip = 1; /* else: the hub had problems of its own */
        }
        commit(o, e, &s, skip, before, ch, s.id, 0);
    }
    add_section(o, "vehicle_types", "vehicle type", io__yr_vehicle_type);
}

/* The result's site index of base site `s`, or MODEL_NONE. */
static size_t result_site(const ov *o, size_t s)
{
    terroir_site_kind kind = TERROIR_SITE_PRODUCER;
    size_t i = 0, site = MODEL_NONE;
    if (terroir_model_get_site(o->base, s, &kind, &i) != 0)
        return MODEL_NONE;
    size_t index = o->index[kind + 1][i];
    if (index == MODEL_NONE ||
        terroir_model_site_index(o->r->model, kind, index, &site) != 0)
        return MODEL_NONE;
    return site;
}

/* The base's matrix without the rows and columns of removed sites. */
static void build_matrix(ov *o)
{
    const size_t *sites = NULL;
    const double *km = NULL, *minutes = NULL;
    size_t n = terroir_model_matrix_size(o->base);
    if (n == 0 || terroir_model_get_matrix(o->base, &sites, &km, &minutes) != 0)
        return;
    size_t *keep = core__calloc(n, sizeof *keep), *kept = core__calloc(n, sizeof *kept);
    double *km2 = core__calloc(n * n, sizeof *km2);
    double *min2 = minutes ? core__calloc(n * n, sizeof *min2) : NULL;
    if (!keep || !kept || !km2 || (minutes && !min2)) {
        io__yr_nomem(o->r);
        goto done;
    }
    size_t m = 0;
    for (size_t a = 0; a < n; a++) {
        size_t site = result_site(o, sites[a]);
        if (site != MODEL_NONE) {
            keep[m] = a;
            kept[m++] = site;
        }
    }
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++) {
            km2[a * m + b] = km[keep[a] * n + keep[b]];
            if (minutes)
                min2[a * m + b] = minutes[keep[a] * n + keep[b]];
        }
    if (m > 0 && terroir_model_set_matrix(o->r->model, m, kept, km2, min2) != 0)
        io__yr_model_refused(o->r, NULL);
done:
    free(keep);
    free(kept);
    free(km2);
    free(min2);
}

/* The base's arcs between kept sites, then the added ones. */
static void build_arcs(ov *o)
{
    io_yreader *r = o->r;
    size_t n = terroir_model_arc_count(o->base);
    for (size_t k = 0; k < n && !r->stop; k++) {
        size_t from = 0, to = 0;
        double cost = 0, km = -1;
        terroir_model_get_arc(o->base, k, &from, &to, &cost, &km);
        from = result_site(o, from);
        to = result_site(o, to);
        if (from == MODEL_NONE || to == MODEL_NONE)
            continue;
        /* No node of this file: validation problems of the arc point at the
         * top of the overlay. */
        if (core__grow((void **)&r->arc_nodes, &r->cap_arc_nodes, r->n_arc_nodes + 1,
                       sizeof *r->arc_nodes)) {
            io__yr_nomem(r);
            return;
        }
        r->arc_nodes[r->n_arc_nodes++] = NULL;
        if (terroir_model_add_arc(r->model, from, to, cost, km) != 0)
            io__yr_model_refused(r, NULL);
    }
    r->arcs_node = io__yr_get(o->add, "arcs");
    if (r->arcs_node) {
        size_t mark = io__yr_path_key(r, "changes");
        io__yr_path_key(r, "add");
        io__yr_check_arcs_mode(r, r->arcs_node);
        io__yr_path_restore(r, mark);
    }
    add_section(o, "arcs", "arc", io__yr_arc);
}

/* ---------------------------------------------------------------- entry point */

static int alloc_scale(ov_scale *s, size_t n_products, size_t n_holders)
{
    s->all = 1;
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++)
        s->kind[k] = 1;
    s->product = core__calloc(n_products ? n_products : 1, sizeof *s->product);
    s->holder = core__calloc(n_holders ? n_holders : 1, sizeof *s->holder);
    if (!s->product || !s->holder)
        return -1;
    for (size_t i = 0; i < n_products; i++)
        s->product[i] = 1;
    for (size_t i = 0; i < n_holders; i++)
        s->holder[i] = 1;
    return 0;
}

static int alloc_tables(ov *o)
{
    for (int e = 0; e < N_ENTITIES; e++) {
        size_t n = o->n[e] ? o->n[e] : 1;
        o->changed[e] = core__calloc(n, sizeof *o->changed[e]);
        o->removed[e] = core__calloc(n, sizeof *o->removed[e]);
        o->index[e] = core__calloc(n, sizeof *o->index[e]);
        if (!o->changed[e] || !o->removed[e] || !o->index[e])
            return -1;
        for (size_t i = 0; i < n; i++)
            o->index[e][i] = MODEL_NONE;
    }
    o->product_id = core__calloc(o->n[0] ? o->n[0] : 1, sizeof *o->product_id);
    if (!o->product_id)
        return -1;
    if (alloc_scale(&o->demand, o->n[TERROIR_ENTITY_PRODUCT], o->n[TERROIR_ENTITY_POINT]) ||
        alloc_scale(&o->supply, o->n[TERROIR_ENTITY_PRODUCT], o->n[TERROIR_ENTITY_PRODUCER]))
        return -1;
    return 0;
}

static void free_tables(ov *o)
{
    for (int e = 0; e < N_ENTITIES; e++) {
        free(o->changed[e]);
        free(o->removed[e]);
        free(o->index[e]);
    }
    free(o->product_id);
    free(o->demand.product);
    free(o->demand.holder);
    free(o->supply.product);
    free(o->supply.holder);
}

/* changes, changes.add and changes.remove, checked. */
static void read_structure(ov *o)
{
    io_yreader *r = o->r;
    static const char *const REMOVE_KEYS[] = {"products", "producers", "hubs", "points",
                                              "vehicle_types"};
    o->changes = optional(o, o->root, "changes", IO_YMAPPING, "a mapping of changes");
    if (!o->changes)
        return;
    size_t mark = io__yr_path_key(r, "changes");
    io__yr_check_keys(r, o->changes, "changes", CHANGES_KEYS, COUNT(CHANGES_KEYS));
    o->add = optional(o, o->changes, "add", IO_YMAPPING, "a mapping of sections to add");
    o->remove = optional(o, o->changes, "remove", IO_YMAPPING, "a mapping of ids to remove");
    if (o->add) {
        size_t m2 = io__yr_path_key(r, "add");
        io__yr_check_keys(r, o->add, "changes.add", ADD_KEYS, COUNT(ADD_KEYS));
        io__yr_path_restore(r, m2);
    }
    for (int e = 0; e < N_ENTITIES; e++)
        collect_changes(o, (terroir_entity)e);
    if (o->remove) {
        size_t m2 = io__yr_path_key(r, "remove");
        io__yr_check_keys(r, o->remove, "changes.remove", REMOVE_KEYS, COUNT(REMOVE_KEYS));
        for (int e = 0; e < N_ENTITIES; e++)
            collect_removals(o, (terroir_entity)e);
        io__yr_path_restore(r, m2);
    }
    read_scale(o, 1, &o->demand);
    read_scale(o, 0, &o->supply);
    io__yr_path_restore(r, mark);
}

void io__overlay_apply(io_yreader *r, const io_ynode *root, const terroir_model *base)
{
    ov o;
    memset(&o, 0, sizeof o);
    o.r = r;
    o.base = base;
    o.root = root;
    for (int e = 0; e < N_ENTITIES; e++)
        o.n[e] = terroir_model_count(base, (terroir_entity)e);
    if (alloc_tables(&o) != 0) {
        io__yr_nomem(r);
        goto done;
    }
    read_structure(&o);
    build_settings(&o);
    build_members(&o);
    build_products(&o);
    build_sites(&o);
    build_vehicle_types(&o);
    build_matrix(&o);
    build_arcs(&o);
done:
    free_tables(&o);
}
