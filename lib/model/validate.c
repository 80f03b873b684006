/* Whole-model validation: every check that needs more than one entity, all
 * problems reported (not just the first), each with the position of the
 * entity concerned when the model came from a file.  A valid model becomes
 * read-only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/model_internal.h"

typedef struct check_ctx {
    const terroir_model *m;
    terroir_diagnostics *diags;
    int nomem;
} check_ctx;

static void problem(check_ctx *c, model_pos pos, const char *field, const char *fmt, ...)
    CORE_PRINTF(4, 5);

static void problem(check_ctx *c, model_pos pos, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (core__diags_vadd(c->diags, TERROIR_EINPUT, c->m->source, pos.line, pos.column, field,
                         fmt, ap) != 0)
        c->nomem = 1;
    va_end(ap);
}

static const char *kind_section(terroir_site_kind k)
{
    switch (k) {
    case TERROIR_SITE_PRODUCER: return "producers";
    case TERROIR_SITE_HUB: return "hubs";
    case TERROIR_SITE_POINT: return "points";
    }
    return "sites";
}

static void check_sites(check_ctx *c)
{
    const terroir_model *m = c->m;
    int latlon = m->settings.coordinates == TERROIR_COORDINATES_LATLON;
    int need_location = m->settings.arcs == TERROIR_ARCS_ALL;
    for (size_t s = 0; s < m->n_sites; s++) {
        const model_site_base *b = model__site_base(m, s);
        const char *section = kind_section(m->sites[s].kind);
        char field[64];
        snprintf(field, sizeof field, "%s[%zu]", section, m->sites[s].index);
        int in_matrix = m->matrix.n && s < m->matrix.row_of_len &&
                        m->matrix.row_of[s] != MODEL_NONE;
        if (!b->location.has_location) {
            if (need_location && !in_matrix)
                problem(c, b->pos, field,
                        "%s '%s' has no location and is not in the distance matrix",
                        terroir_site_kind_to_string(m->sites[s].kind), b->id);
        } else if (latlon) {
            if (!(b->location.lat >= -90 && b->location.lat <= 90) ||
                !(b->location.lon >= -180 && b->location.lon <= 180))
                problem(c, b->pos, field, "%s '%s' has latitude/longitude out of range (%g, %g)",
                        terroir_site_kind_to_string(m->sites[s].kind), b->id, b->location.lat,
                        b->location.lon);
        }
        /* Windows in increasing order without overlap, so that the routing
         * can scan them once. */
        for (size_t k = 1; k < b->n_windows; k++)
            if (b->windows[k].open < b->windows[k - 1].close) {
                problem(c, b->pos, field,
                        "%s '%s': time window %zu [%g, %g] starts before window %zu ends (%g); "
                        "give windows in increasing order without overlap",
                        terroir_site_kind_to_string(m->sites[s].kind), b->id, k,
                        b->windows[k].open, b->windows[k].close, k - 1, b->windows[k - 1].close);
                break;
            }
    }
}

static void check_arcs(check_ctx *c)
{
    const terroir_model *m = c->m;
    model_pos none = {0, 0};
    if (m->settings.arcs == TERROIR_ARCS_ALL) {
        if (m->n_arcs)
            problem(c, none, "arcs",
                    "the model lists %zu arcs but settings.arcs is 'all'; set it to 'listed'",
                    m->n_arcs);
        return;
    }
    for (size_t k = 0; k < m->n_arcs; k++) {
        const model_arc *a = &m->arcs[k];
        terroir_site_kind kf = m->sites[a->from].kind, kt = m->sites[a->to].kind;
        int ok = (kf == TERROIR_SITE_PRODUCER && kt == TERROIR_SITE_HUB) ||
                 (kf == TERROIR_SITE_HUB && kt == TERROIR_SITE_POINT) ||
                 (kf == TERROIR_SITE_PRODUCER && kt == TERROIR_SITE_POINT);
        if (!ok) {
            char field[40];
            snprintf(field, sizeof field, "arcs[%zu]", k);
            problem(c, none, field,
                    "arc from %s '%s' to %s '%s': arcs go producer->hub, hub->point or "
                    "producer->point",
                    terroir_site_kind_to_string(kf), model__site_base(m, a->from)->id,
                    terroir_site_kind_to_string(kt), model__site_base(m, a->to)->id);
        }
    }
}

/* Duplicate arcs, found by sorting a copy of (from, to, index). */
typedef struct arc_key {
    size_t from, to, index;
} arc_key;

static int arc_key_cmp(const void *pa, const void *pb)
{
    const arc_key *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void check_duplicate_arcs(check_ctx *c)
{
    const terroir_model *m = c->m;
    if (m->n_arcs < 2)
        return;
    arc_key *keys = core__calloc(m->n_arcs, sizeof *keys);
    if (!keys) {
        c->nomem = 1;
        return;
    }
    for (size_t k = 0; k < m->n_arcs; k++) {
        keys[k].from = m->arcs[k].from;
        keys[k].to = m->arcs[k].to;
        keys[k].index = k;
    }
    qsort(keys, m->n_arcs, sizeof *keys, arc_key_cmp);
    model_pos none = {0, 0};
    for (size_t k = 1; k < m->n_arcs; k++)
        if (keys[k].from == keys[k - 1].from && keys[k].to == keys[k - 1].to) {
            char field[40];
            snprintf(field, sizeof field, "arcs[%zu]", keys[k].index);
            problem(c, none, field, "arc from '%s' to '%s' is listed twice (arcs[%zu] and arcs[%zu])",
                    model__site_base(m, keys[k].from)->id, model__site_base(m, keys[k].to)->id,
                    keys[k - 1].index, keys[k].index);
        }
    free(keys);
}

/* A product demanded in units that weigh nothing: its demand could be
 * neither delivered (nothing to load) nor counted (0 kg asked, so "100%
 * served" whatever happens).  Refused where the weight is given. */
static void check_weightless_demand(check_ctx *c)
{
    const terroir_model *m = c->m;
    for (size_t p = 0; p < m->n_products; p++) {
        const model_product *pr = &m->products[p];
        if (pr->kg_per_unit > 0)
            continue;
        size_t demanded_by = MODEL_NONE;
        for (size_t j = 0; j < m->n_points && demanded_by == MODEL_NONE; j++)
            for (size_t k = 0; k < m->points[j].n_demand; k++)
                if (m->points[j].demand[k].product == p && m->points[j].demand[k].quantity > 0) {
                    demanded_by = j;
                    break;
                }
        if (demanded_by == MODEL_NONE)
            continue;
        char field[64];
        snprintf(field, sizeof field, "products[%zu].kg_per_unit", p);
        problem(c, pr->pos, field,
                "product '%s' has kg_per_unit %g, but point '%s' demands it: demand in units "
                "that weigh nothing can be neither delivered nor counted; give the weight of "
                "one unit (kg_per_unit > 0)",
                pr->id, pr->kg_per_unit, m->points[demanded_by].base.id);
    }
}

/* Days named by producers and points must be days of the cycle: checked
 * here, not when the entity is added, because the settings (and their
 * operating_days) may come after the entities.  Lists are sorted, so the
 * first day past the cycle is the one reported. */
static void check_days(check_ctx *c)
{
    const terroir_model *m = c->m;
    unsigned int days = m->settings.operating_days;
    for (size_t i = 0; i < m->n_producers; i++) {
        const model_producer *p = &m->producers[i];
        for (size_t k = 0; k < p->n_pickup_days; k++)
            if (p->pickup_days[k] > days) {
                char field[64];
                snprintf(field, sizeof field, "producers[%zu].pickup_days", i);
                problem(c, p->base.pos, field,
                        "producer '%s': pickup_days has day %u, but the cycle has %u operating "
                        "days (settings.operating_days)",
                        p->base.id, p->pickup_days[k], days);
                break;
            }
    }
    for (size_t i = 0; i < m->n_points; i++) {
        const model_point *p = &m->points[i];
        for (size_t k = 0; k < p->n_delivery_days; k++)
            if (p->delivery_days[k] > days) {
                char field[64];
                snprintf(field, sizeof field, "points[%zu].delivery_days", i);
                problem(c, p->base.pos, field,
                        "point '%s': delivery_days has day %u, but the cycle has %u operating "
                        "days (settings.operating_days)",
                        p->base.id, p->delivery_days[k], days);
                break;
            }
    }
}

static void check_vehicle_types(check_ctx *c)
{
    const terroir_model *m = c->m;
    for (size_t i = 0; i < m->n_vehicle_types; i++) {
        const model_vehicle_type *v = &m->vehicle_types[i];
        char field[48];
        snprintf(field, sizeof field, "vehicle_types[%zu]", i);
        for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
            if (v->capacity[d] == 0)
                problem(c, v->pos, field, "vehicle type '%s' has zero %s capacity", v->id,
                        terroir_dimension_to_string((terroir_dimension)d));
    }
}

int terroir_model_validate(terroir_model *m, terroir_diagnostics **out)
{
    core__error_reset();
    if (!m)
        return core__error(TERROIR_EINVAL, "terroir_model_validate: model is NULL");
    check_ctx c = {m, core__diags_new(), 0};
    if (!c.diags)
        return core__error(TERROIR_ENOMEM, "out of memory");
    if (!m->validated) {
        model_pos none = {0, 0};
        if (m->n_products == 0)
            problem(&c, none, "products", "the model has no products");
        if (m->n_sites == 0)
            problem(&c, none, "producers", "the model has no producers, hubs or points");
        check_sites(&c);
        check_arcs(&c);
        check_duplicate_arcs(&c);
        check_vehicle_types(&c);
        check_weightless_demand(&c);
        check_days(&c);
    }
    if (c.nomem) {
        terroir_diagnostics_free(c.diags);
        return core__error(TERROIR_ENOMEM, "out of memory during validation");
    }
    core__diags_sort(c.diags);
    int rc = 0;
    if (terroir_diagnostics_count(c.diags) > 0)
        rc = core__error_copy(terroir_diagnostics_get(c.diags, 0));
    else
        m->validated = 1;
    if (out)
        *out = c.diags;
    else
        terroir_diagnostics_free(c.diags);
    return rc;
}
