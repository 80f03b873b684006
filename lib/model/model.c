/* The model's life cycle (new, free, clone), its id maps and the source
 * positions that loaders record for messages. */
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"

/* ---- id map: open addressing with linear probing over FNV-1a hashes.  The
 * map stores indices only; keys stay in the entities, read through key_of. */

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return h;
}

static int idmap_rehash(model_idmap *map, size_t cap,
                        const char *(*key_of)(const void *ctx, size_t i), const void *ctx)
{
    size_t *slots = core__calloc(cap, sizeof *slots);
    if (!slots)
        return TERROIR_ENOMEM;
    for (size_t i = 0; i < map->cap; i++) {
        size_t v = map->slots[i];
        if (!v)
            continue;
        size_t h = (size_t)fnv1a(key_of(ctx, v - 1)) & (cap - 1);
        while (slots[h])
            h = (h + 1) & (cap - 1);
        slots[h] = v;
    }
    free(map->slots);
    map->slots = slots;
    map->cap = cap;
    return 0;
}

int model__idmap_put(model_idmap *map, const char *(*key_of)(const void *ctx, size_t i),
                     const void *ctx, const char *key, size_t index)
{
    if ((map->count + 1) * 2 > map->cap) {
        size_t cap = map->cap ? map->cap * 2 : 16;
        if (idmap_rehash(map, cap, key_of, ctx) != 0)
            return TERROIR_ENOMEM;
    }
    size_t h = (size_t)fnv1a(key) & (map->cap - 1);
    while (map->slots[h])
        h = (h + 1) & (map->cap - 1);
    map->slots[h] = index + 1;
    map->count++;
    return 0;
}

size_t model__idmap_get(const model_idmap *map, const char *(*key_of)(const void *ctx, size_t i),
                        const void *ctx, const char *key)
{
    if (!map->cap)
        return MODEL_NONE;
    size_t h = (size_t)fnv1a(key) & (map->cap - 1);
    while (map->slots[h]) {
        size_t i = map->slots[h] - 1;
        if (strcmp(key_of(ctx, i), key) == 0)
            return i;
        h = (h + 1) & (map->cap - 1);
    }
    return MODEL_NONE;
}

void model__idmap_remove(model_idmap *map, const char *(*key_of)(const void *ctx, size_t i),
                         const void *ctx, size_t index)
{
    if (!map->cap)
        return;
    size_t mask = map->cap - 1, hole = (size_t)fnv1a(key_of(ctx, index)) & mask;
    while (map->slots[hole] && map->slots[hole] != index + 1)
        hole = (hole + 1) & mask;
    if (!map->slots[hole])
        return;
    /* Backward-shift deletion (linear probing): move later entries of the
     * probe run into the hole unless their home slot lies cyclically in
     * (hole, j], where they must stay to remain reachable. */
    map->slots[hole] = 0;
    map->count--;
    for (size_t j = (hole + 1) & mask; map->slots[j]; j = (j + 1) & mask) {
        size_t home = (size_t)fnv1a(key_of(ctx, map->slots[j] - 1)) & mask;
        int stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (stays)
            continue;
        map->slots[hole] = map->slots[j];
        map->slots[j] = 0;
        hole = j;
    }
}

void model__idmap_free(model_idmap *map)
{
    free(map->slots);
    memset(map, 0, sizeof *map);
}

/* Key readers for the three id maps. */
const char *model__product_key(const void *ctx, size_t i)
{
    return ((const terroir_model *)ctx)->products[i].id;
}
const char *model__site_key(const void *ctx, size_t i)
{
    return model__site_base((const terroir_model *)ctx, i)->id;
}
const char *model__vehicle_type_key(const void *ctx, size_t i)
{
    return ((const terroir_model *)ctx)->vehicle_types[i].id;
}
const char *model__member_key(const void *ctx, size_t i)
{
    return ((const terroir_model *)ctx)->members[i].id;
}

/* ---- life cycle */

int terroir_model_new(terroir_model **out)
{
    core__error_reset();
    if (!out)
        return core__error(TERROIR_EINVAL, "terroir_model_new: out is NULL");
    terroir_model *m = core__calloc(1, sizeof *m);
    if (!m)
        return core__error(TERROIR_ENOMEM, "out of memory creating a model");
    terroir_settings defaults = TERROIR_SETTINGS_INIT;
    m->settings = defaults;
    *out = m;
    return 0;
}

void model__site_base_free(model_site_base *b)
{
    free(b->id);
    free(b->name);
    free(b->windows);
}

void terroir_model_free(terroir_model *m)
{
    if (!m)
        return;
    free(m->name);
    for (size_t i = 0; i < m->n_products; i++) {
        free(m->products[i].id);
        free(m->products[i].name);
        free(m->products[i].unit);
    }
    free(m->products);
    for (size_t i = 0; i < m->n_producers; i++) {
        model__site_base_free(&m->producers[i].base);
        free(m->producers[i].supply);
        free(m->producers[i].pickup_days);
    }
    free(m->producers);
    for (size_t i = 0; i < m->n_hubs; i++)
        model__site_base_free(&m->hubs[i].base);
    free(m->hubs);
    for (size_t i = 0; i < m->n_points; i++) {
        model__site_base_free(&m->points[i].base);
        free(m->points[i].demand);
        free(m->points[i].delivery_days);
    }
    free(m->points);
    for (size_t i = 0; i < m->n_vehicle_types; i++) {
        free(m->vehicle_types[i].id);
        free(m->vehicle_types[i].name);
    }
    free(m->vehicle_types);
    for (size_t i = 0; i < m->n_members; i++) {
        free(m->members[i].id);
        free(m->members[i].name);
    }
    free(m->members);
    free(m->sites);
    free(m->arcs);
    free(m->matrix.sites);
    free(m->matrix.km);
    free(m->matrix.minutes);
    free(m->matrix.row_of);
    model__idmap_free(&m->product_ids);
    model__idmap_free(&m->site_ids);
    model__idmap_free(&m->vehicle_type_ids);
    model__idmap_free(&m->member_ids);
    free(m->source);
    free(m);
}

/* Clone by replaying the model through the builder: one code path builds
 * every model, so a clone is exactly as valid as its original. */
int terroir_model_clone(terroir_model **out, const terroir_model *src)
{
    core__error_reset();
    if (!out || !src)
        return core__error(TERROIR_EINVAL, "terroir_model_clone: NULL argument");
    terroir_model *m = NULL;
    int rc = terroir_model_new(&m);
    if (rc)
        return rc;
    if ((rc = terroir_model_set_settings(m, &src->settings)) != 0)
        goto fail;
    if (src->source && (rc = model__set_source(m, src->source)) != 0)
        goto fail;
    m->settings_pos = src->settings_pos;
    m->matrix_pos = src->matrix_pos;
    for (size_t i = 0; i < src->n_members; i++) {
        terroir_member_spec s = TERROIR_MEMBER_SPEC_INIT;
        terroir_model_get_member(src, i, &s);
        if ((rc = terroir_model_add_member(m, &s, NULL)) != 0)
            goto fail;
        m->members[i].pos = src->members[i].pos;
    }
    for (size_t i = 0; i < src->n_products; i++) {
        terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
        terroir_model_get_product(src, i, &s);
        if ((rc = terroir_model_add_product(m, &s, NULL)) != 0)
            goto fail;
        m->products[i].pos = src->products[i].pos;
    }
    /* Sites in their original interleaved order keep the site indices. */
    for (size_t site = 0; site < src->n_sites; site++) {
        size_t i = src->sites[site].index;
        switch (src->sites[site].kind) {
        case TERROIR_SITE_PRODUCER: {
            terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
            terroir_model_get_producer(src, i, &s);
            if ((rc = terroir_model_add_producer(m, &s, NULL)) != 0)
                goto fail;
            const model_producer *p = &src->producers[i];
            for (size_t k = 0; k < p->n_supply; k++)
                if ((rc = terroir_model_add_supply(m, i, p->supply[k].product,
                                                   p->supply[k].quantity)) != 0)
                    goto fail;
            break;
        }
        case TERROIR_SITE_HUB: {
            terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
            terroir_model_get_hub(src, i, &s);
            if ((rc = terroir_model_add_hub(m, &s, NULL)) != 0)
                goto fail;
            break;
        }
        case TERROIR_SITE_POINT: {
            terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
            terroir_model_get_point(src, i, &s);
            if ((rc = terroir_model_add_point(m, &s, NULL)) != 0)
                goto fail;
            const model_point *p = &src->points[i];
            for (size_t k = 0; k < p->n_demand; k++)
                if ((rc = terroir_model_add_demand(m, i, p->demand[k].product,
                                                   p->demand[k].quantity)) != 0)
                    goto fail;
            break;
        }
        }
        const model_site_base *b = model__site_base(src, site);
        for (size_t k = 0; k < b->n_windows; k++)
            if ((rc = terroir_model_add_time_window(m, src->sites[site].kind, i,
                                                    b->windows[k].open,
                                                    b->windows[k].close)) != 0)
                goto fail;
        model__set_pos(m, (terroir_entity)(src->sites[site].kind + 1), i, b->pos.line,
                       b->pos.column);
    }
    for (size_t i = 0; i < src->n_vehicle_types; i++) {
        terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        terroir_model_get_vehicle_type(src, i, &s);
        if ((rc = terroir_model_add_vehicle_type(m, &s, NULL)) != 0)
            goto fail;
        m->vehicle_types[i].pos = src->vehicle_types[i].pos;
    }
    if (src->matrix.n &&
        (rc = terroir_model_set_matrix(m, src->matrix.n, src->matrix.sites, src->matrix.km,
                                       src->matrix.minutes)) != 0)
        goto fail;
    for (size_t k = 0; k < src->n_arcs; k++) {
        const model_arc *a = &src->arcs[k];
        if ((rc = terroir_model_add_arc(m, a->from, a->to, a->cost_per_kg, a->km)) != 0)
            goto fail;
    }
    *out = m;
    return 0;
fail:
    terroir_model_free(m);
    return rc;
}

/* ---- source positions */

int model__set_source(terroir_model *m, const char *file)
{
    char *copy = file ? core__strdup(file) : NULL;
    if (file && !copy)
        return core__error(TERROIR_ENOMEM, "out of memory");
    free(m->source);
    m->source = copy;
    return 0;
}

void model__set_pos(terroir_model *m, terroir_entity kind, size_t index, unsigned long line,
                    unsigned long column)
{
    model_pos pos = {line, column};
    switch (kind) {
    case TERROIR_ENTITY_PRODUCT:
        if (index < m->n_products)
            m->products[index].pos = pos;
        break;
    case TERROIR_ENTITY_PRODUCER:
        if (index < m->n_producers)
            m->producers[index].base.pos = pos;
        break;
    case TERROIR_ENTITY_HUB:
        if (index < m->n_hubs)
            m->hubs[index].base.pos = pos;
        break;
    case TERROIR_ENTITY_POINT:
        if (index < m->n_points)
            m->points[index].base.pos = pos;
        break;
    case TERROIR_ENTITY_VEHICLE_TYPE:
        if (index < m->n_vehicle_types)
            m->vehicle_types[index].pos = pos;
        break;
    case TERROIR_ENTITY_MEMBER:
        if (index < m->n_members)
            m->members[index].pos = pos;
        break;
    }
}

void model__set_matrix_pos(terroir_model *m, unsigned long line, unsigned long column)
{
    m->matrix_pos.line = line;
    m->matrix_pos.column = column;
}

const model_site_base *model__site_base(const terroir_model *m, size_t site)
{
    const model_site_ref *r = &m->sites[site];
    switch (r->kind) {
    case TERROIR_SITE_PRODUCER: return &m->producers[r->index].base;
    case TERROIR_SITE_HUB: return &m->hubs[r->index].base;
    case TERROIR_SITE_POINT: return &m->points[r->index].base;
    }
    return NULL;
}
