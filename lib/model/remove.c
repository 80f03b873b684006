/* terroir_model_remove_last(): undoing the last addition of a kind of
 * entity.  A site comes with its windows and lines in several builder
 * calls (add_producer, then add_supply for each product, then
 * add_time_window); each call is atomic, but a caller that fails half-way
 * through the sequence (the Python builder, whose add_producer() takes the
 * supply as a mapping) must be able to leave the model as it found it,
 * else the half-added site stays and a later validation passes.
 *
 * Only an entity that nothing added after it refers to can go: removing
 * it then restores exactly the state before its addition, indices
 * included.  The checks come first; the removal itself never allocates
 * (the id maps delete in place), so it cannot fail half-way. */
#include <stdlib.h>

#include "model/model_internal.h"

/* Why entity `index` of `kind` cannot be removed, or NULL. */
static const char *referenced(const terroir_model *m, terroir_entity kind, size_t index)
{
    switch (kind) {
    case TERROIR_ENTITY_PRODUCT:
        for (size_t i = 0; i < m->n_producers; i++)
            for (size_t k = 0; k < m->producers[i].n_supply; k++)
                if (m->producers[i].supply[k].product == index)
                    return "a producer supplies it";
        for (size_t i = 0; i < m->n_points; i++)
            for (size_t k = 0; k < m->points[i].n_demand; k++)
                if (m->points[i].demand[k].product == index)
                    return "a point demands it";
        return NULL;
    case TERROIR_ENTITY_MEMBER:
        for (size_t s = 0; s < m->n_sites; s++)
            if (model__site_base(m, s)->member == index)
                return "a site belongs to it";
        for (size_t v = 0; v < m->n_vehicle_types; v++)
            if (m->vehicle_types[v].member == index)
                return "a vehicle type belongs to it";
        return NULL;
    case TERROIR_ENTITY_VEHICLE_TYPE:
        return NULL;
    default:
        break;
    }
    /* A producer, hub or point: the last site, named by nothing. */
    terroir_site_kind sk = kind == TERROIR_ENTITY_PRODUCER ? TERROIR_SITE_PRODUCER
                           : kind == TERROIR_ENTITY_HUB    ? TERROIR_SITE_HUB
                                                           : TERROIR_SITE_POINT;
    size_t site = m->n_sites - 1; /* n_sites >= 1: the model has a site of `kind` */
    if (m->sites[site].kind != sk || m->sites[site].index != index)
        return "another site was added after it";
    if (kind == TERROIR_ENTITY_HUB)
        for (size_t v = 0; v < m->n_vehicle_types; v++)
            if (m->vehicle_types[v].home_hub == index)
                return "a vehicle type has it as home hub";
    for (size_t a = 0; a < m->n_arcs; a++)
        if (m->arcs[a].from == site || m->arcs[a].to == site)
            return "an arc names it";
    if (site < m->matrix.row_of_len && m->matrix.row_of[site] != MODEL_NONE)
        return "the distance matrix names it";
    return NULL;
}

/* Take entity `index` out of the id map `map`, then free its id and name. */
static void drop_names(terroir_model *m, model_idmap *map,
                       const char *(*key_of)(const void *ctx, size_t i), size_t index, char *id,
                       char *name)
{
    model__idmap_remove(map, key_of, m, index);
    free(id);
    free(name);
}

/* Remove site `site`, the last one, whose base is `b`. */
static void remove_site(terroir_model *m, model_site_base *b)
{
    model__idmap_remove(&m->site_ids, model__site_key, m, m->n_sites - 1);
    model__site_base_free(b);
    m->n_sites--;
}

int terroir_model_remove_last(terroir_model *m, terroir_entity kind)
{
    core__error_reset();
    const char *fn = "terroir_model_remove_last";
    if (!m)
        return core__error(TERROIR_EINVAL, "%s: model is NULL", fn);
    if (m->validated)
        return core__error(TERROIR_EINVAL,
                           "%s: the model is validated and read-only (clone it to change it)", fn);
    if ((unsigned)kind > TERROIR_ENTITY_MEMBER)
        return core__error(TERROIR_EINVAL, "%s: unknown entity kind %d", fn, (int)kind);
    size_t n = terroir_model_count(m, kind);
    if (n == 0)
        return core__error(TERROIR_EINVAL, "%s: the model has no %s", fn,
                           terroir_entity_to_string(kind));
    const char *why = referenced(m, kind, n - 1);
    if (why)
        return core__error(TERROIR_EINVAL, "%s: cannot remove the last %s: %s", fn,
                           terroir_entity_to_string(kind), why);
    switch (kind) {
    case TERROIR_ENTITY_PRODUCT: {
        model_product *p = &m->products[n - 1];
        drop_names(m, &m->product_ids, model__product_key, n - 1, p->id, p->name);
        free(p->unit);
        m->n_products--;
        break;
    }
    case TERROIR_ENTITY_PRODUCER:
        free(m->producers[n - 1].supply);
        free(m->producers[n - 1].pickup_days);
        remove_site(m, &m->producers[n - 1].base);
        m->n_producers--;
        break;
    case TERROIR_ENTITY_HUB:
        remove_site(m, &m->hubs[n - 1].base);
        m->n_hubs--;
        break;
    case TERROIR_ENTITY_POINT:
        free(m->points[n - 1].demand);
        free(m->points[n - 1].delivery_days);
        remove_site(m, &m->points[n - 1].base);
        m->n_points--;
        break;
    case TERROIR_ENTITY_VEHICLE_TYPE:
        drop_names(m, &m->vehicle_type_ids, model__vehicle_type_key, n - 1,
                   m->vehicle_types[n - 1].id, m->vehicle_types[n - 1].name);
        m->n_vehicle_types--;
        break;
    case TERROIR_ENTITY_MEMBER:
        drop_names(m, &m->member_ids, model__member_key, n - 1, m->members[n - 1].id,
                   m->members[n - 1].name);
        m->n_members--;
        break;
    }
    return 0;
}
