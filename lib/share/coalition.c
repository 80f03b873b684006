/* The sub-model of a coalition: the model with only the coalition's
 * members (share.h says which entities a coalition keeps).  Built afresh
 * through the public builder, in the model's order, so that it is exactly
 * as valid as a model loaded from a file: sites keep their relative order,
 * the distance matrix keeps the rows and columns of the sites kept, listed
 * arcs keep both ends.  Every member is copied (a member outside the
 * coalition just owns nothing), so member indices stay those of the model. */
#include <stdlib.h>

#include "core/core.h"
#include "model/model_internal.h"
#include "share/share_internal.h"

static int in_coalition(size_t member, uint64_t S)
{
    return member == TERROIR_NO_MEMBER || ((S >> member) & 1u);
}

int share__points_have_members(const terroir_model *m)
{
    for (size_t i = 0; i < m->n_points; i++)
        if (m->points[i].base.member == TERROIR_NO_MEMBER) {
            const model_pos *p = &m->points[i].base.pos;
            return core__error_at(TERROIR_EINPUT, m->source, p->line, p->column, "member",
                                  "point '%s' has no member: every point must belong to a member "
                                  "to share costs (its demand is what a coalition serves)",
                                  m->points[i].base.id);
        }
    return 0;
}

int share__sub_model(const terroir_model *m, uint64_t S, terroir_model **out,
                     size_t *out_points)
{
    return share__sub_model_fixed(m, S, NULL, NULL, out, out_points);
}

int share__sub_model_fixed(const terroir_model *m, uint64_t S, const int *hub_fix,
                           size_t *hub_map_out, terroir_model **out, size_t *out_points)
{
    terroir_model *sub = NULL;
    size_t *site_map = core__calloc(m->n_sites ? m->n_sites : 1, sizeof *site_map);
    size_t *hub_map = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *hub_map);
    size_t *msites = NULL;
    double *km = NULL, *minutes = NULL;
    size_t n_points = 0;
    int rc;
    if (!site_map || !hub_map) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = terroir_model_new(&sub)) != 0 || (rc = terroir_model_set_settings(sub, &m->settings)))
        goto fail;
    for (size_t i = 0; i < m->n_members; i++) {
        terroir_member_spec s = TERROIR_MEMBER_SPEC_INIT;
        terroir_model_get_member(m, i, &s);
        if ((rc = terroir_model_add_member(sub, &s, NULL)) != 0)
            goto fail;
    }
    for (size_t i = 0; i < m->n_products; i++) {
        terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
        terroir_model_get_product(m, i, &s);
        if ((rc = terroir_model_add_product(sub, &s, NULL)) != 0)
            goto fail;
    }
    for (size_t site = 0; site < m->n_sites; site++) {
        size_t i = m->sites[site].index, index = 0;
        const model_site_base *b = model__site_base(m, site);
        site_map[site] = MODEL_NONE;
        if (!in_coalition(b->member, S))
            continue;
        terroir_site_kind kind = m->sites[site].kind;
        if (kind == TERROIR_SITE_PRODUCER) {
            terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
            terroir_model_get_producer(m, i, &s);
            if ((rc = terroir_model_add_producer(sub, &s, &index)) != 0)
                goto fail;
            const model_producer *p = &m->producers[i];
            for (size_t k = 0; k < p->n_supply; k++)
                if ((rc = terroir_model_add_supply(sub, index, p->supply[k].product,
                                                   p->supply[k].quantity)) != 0)
                    goto fail;
        } else if (kind == TERROIR_SITE_HUB) {
            terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
            terroir_model_get_hub(m, i, &s);
            /* a warm start fixes the superset's choice: open pays its fixed
             * cost as a candidate opened would (SCHEMA.md, hubs) */
            if (hub_fix && hub_fix[i] != SHARE_HUB_KEEP && s.status == TERROIR_HUB_CANDIDATE)
                s.status = (terroir_hub_status)hub_fix[i];
            if ((rc = terroir_model_add_hub(sub, &s, &index)) != 0)
                goto fail;
        } else {
            terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
            terroir_model_get_point(m, i, &s);
            if ((rc = terroir_model_add_point(sub, &s, &index)) != 0)
                goto fail;
            const model_point *p = &m->points[i];
            for (size_t k = 0; k < p->n_demand; k++)
                if ((rc = terroir_model_add_demand(sub, index, p->demand[k].product,
                                                   p->demand[k].quantity)) != 0)
                    goto fail;
            n_points++;
        }
        for (size_t k = 0; k < b->n_windows; k++)
            if ((rc = terroir_model_add_time_window(sub, kind, index, b->windows[k].open,
                                                    b->windows[k].close)) != 0)
                goto fail;
        site_map[site] = terroir_model_site_count(sub) - 1;
    }
    for (size_t h = 0; h < m->n_hubs; h++) {
        size_t site = m->hubs[h].base.site, sub_site = site_map[site];
        terroir_site_kind kind;
        hub_map[h] = MODEL_NONE;
        if (sub_site != MODEL_NONE && terroir_model_get_site(sub, sub_site, &kind, &hub_map[h]))
            hub_map[h] = MODEL_NONE;
    }
    for (size_t i = 0; i < m->n_vehicle_types; i++) {
        const model_vehicle_type *v = &m->vehicle_types[i];
        if (!in_coalition(v->member, S) || hub_map[v->home_hub] == MODEL_NONE)
            continue;
        terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        terroir_model_get_vehicle_type(m, i, &s);
        s.home_hub = hub_map[v->home_hub];
        if ((rc = terroir_model_add_vehicle_type(sub, &s, NULL)) != 0)
            goto fail;
    }
    if (m->matrix.n) {
        size_t n = m->matrix.n, kept = 0;
        msites = core__calloc(n, sizeof *msites);
        size_t *rows = core__calloc(n, sizeof *rows);
        km = core__calloc(n * n, sizeof *km);
        minutes = m->matrix.minutes ? core__calloc(n * n, sizeof *minutes) : NULL;
        if (!msites || !rows || !km || (m->matrix.minutes && !minutes)) {
            free(rows);
            rc = core__error(TERROIR_ENOMEM, "out of memory");
            goto fail;
        }
        for (size_t r = 0; r < n; r++)
            if (site_map[m->matrix.sites[r]] != MODEL_NONE) {
                msites[kept] = site_map[m->matrix.sites[r]];
                rows[kept++] = r;
            }
        for (size_t a = 0; a < kept; a++)
            for (size_t b = 0; b < kept; b++) {
                km[a * kept + b] = m->matrix.km[rows[a] * n + rows[b]];
                if (minutes)
                    minutes[a * kept + b] = m->matrix.minutes[rows[a] * n + rows[b]];
            }
        free(rows);
        if (kept && (rc = terroir_model_set_matrix(sub, kept, msites, km, minutes)) != 0)
            goto fail;
    }
    for (size_t k = 0; k < m->n_arcs; k++) {
        const model_arc *a = &m->arcs[k];
        if (site_map[a->from] == MODEL_NONE || site_map[a->to] == MODEL_NONE)
            continue;
        if ((rc = terroir_model_add_arc(sub, site_map[a->from], site_map[a->to], a->cost_per_kg,
                                        a->km)) != 0)
            goto fail;
    }
    if (terroir_model_site_count(sub) > 0 && (rc = terroir_model_validate(sub, NULL)) != 0)
        goto fail;
    if (hub_map_out)
        for (size_t h = 0; h < m->n_hubs; h++)
            hub_map_out[h] = hub_map[h];
    *out = sub;
    *out_points = n_points;
    sub = NULL;
fail:
    terroir_model_free(sub);
    free(site_map);
    free(hub_map);
    free(msites);
    free(km);
    free(minutes);
    return rc;
}
