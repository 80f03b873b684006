/* The routing engine's view of a vrp_problem: validated once, flattened into
 * arrays that the hot loops read (one-node segments, windows, compatibility),
 * with the features that the instance actually uses switched on (time
 * windows, several windows, pickups, temperatures, optional stops) so that a
 * plain CVRP does not pay for the general case; the granular neighbour lists
 * (Vidal 2013's correlation measure with time windows); and the fleet as
 * slots, one per vehicle that a solution may use. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp_internal.h"

static int finite_nonneg(double v)
{
    return isfinite(v) && v >= 0.0;
}

/* Check everything the engine relies on; the first problem becomes the last
 * error. */
static int validate(const vrp_problem *p)
{
    size_t i, j, t, k;
    if (!p)
        return core__error(TERROIR_EINVAL, "routing: no problem");
    if (p->n_depots < 1 || p->n_nodes < p->n_depots)
        return core__error(TERROIR_EINVAL, "routing: %zu nodes with %zu depots", p->n_nodes,
                           p->n_depots);
    if (p->n_nodes > 4000000 || p->n_types > 1000000)
        return core__error(TERROIR_EINVAL, "routing: too many nodes or vehicle types");
    if (!p->nodes || (p->km ? !p->minutes : !p->geo))
        return core__error(TERROIR_EINVAL, "routing: nodes, and km and minutes or coordinates, "
                                           "are required");
    if (p->n_types < 1 || !p->types)
        return core__error(TERROIR_EINVAL, "routing: no vehicle type");
    for (t = 0; t < p->n_types; t++) {
        const vrp_vehicle_type *v = &p->types[t];
        if (v->depot >= p->n_depots)
            return core__error(TERROIR_EINVAL, "routing: vehicle type %zu: depot %zu is not a depot",
                               t, v->depot);
        for (k = 0; k < VRP_DIMENSIONS; k++)
            if (!isfinite(v->capacity[k]))
                return core__error(TERROIR_EINVAL, "routing: vehicle type %zu: bad capacity", t);
        if (!finite_nonneg(v->fixed_cost) || !finite_nonneg(v->cost_per_km) ||
            !finite_nonneg(v->cost_per_hour) || !finite_nonneg(v->max_duration_minutes) ||
            !finite_nonneg(v->co2_kg_per_km))
            return core__error(TERROIR_EINVAL,
                               "routing: vehicle type %zu: costs and limits must be finite and >= 0",
                               t);
        if (!isfinite(v->time_factor) || v->time_factor <= 0.0)
            return core__error(TERROIR_EINVAL, "routing: vehicle type %zu: time factor must be > 0",
                               t);
    }
    for (i = 0; i < p->n_nodes; i++) {
        const vrp_node *nd = &p->nodes[i];
        for (k = 0; k < VRP_DIMENSIONS; k++)
            if (!finite_nonneg(nd->delivery[k]) || !finite_nonneg(nd->pickup[k]))
                return core__error(TERROIR_EINVAL, "routing: node %zu: bad quantity", i);
        if (!finite_nonneg(nd->service_minutes) || !isfinite(nd->unserved_penalty))
            return core__error(TERROIR_EINVAL, "routing: node %zu: bad service time or penalty", i);
        if (!isfinite(nd->depot_capacity_kg))
            return core__error(TERROIR_EINVAL, "routing: node %zu: bad depot capacity", i);
        if (nd->n_windows > 0 && !nd->windows)
            return core__error(TERROIR_EINVAL, "routing: node %zu: windows missing", i);
        for (k = 0; k < nd->n_windows; k++) {
            const vrp_window *w = &nd->windows[k];
            if (!isfinite(w->open) || !isfinite(w->close) || w->close < w->open ||
                (k > 0 && w->open < nd->windows[k - 1].close))
                return core__error(TERROIR_EINVAL,
                                   "routing: node %zu: windows must be finite, sorted and disjoint",
                                   i);
        }
    }
    if (p->geo) {
        const vrp_geo *g = p->geo;
        if (!g->a || !g->b || (g->kind == VRP_GEO_LATLON && !g->trig) ||
            !(isfinite(g->factor) && g->factor > 0) ||
            !(isfinite(g->speed_kmh) && g->speed_kmh > 0))
            return core__error(TERROIR_EINVAL, "routing: bad coordinates");
        for (i = 0; i < p->n_nodes; i++)
            if (!isfinite(g->a[i]) || !isfinite(g->b[i]))
                return core__error(TERROIR_EINVAL, "routing: node %zu: coordinates not finite", i);
        if (!p->km)
            return 0;
    }
    for (i = 0; i < p->n_nodes; i++)
        for (j = 0; j < p->n_nodes; j++) {
            size_t ij = i * p->n_nodes + j;
            if (!finite_nonneg(p->km[ij]) || !finite_nonneg(p->minutes[ij]))
                return core__error(TERROIR_EINVAL, "routing: matrix entry %zu -> %zu is not finite "
                                   "and >= 0", i, j);
        }
    return 0;
}

/* Slots per type: the vehicles a solution may use.  Without times, as many
 * as 1.3 x the capacity bound + 3 (Vidal 2022); otherwise the count (at most
 * one per compatible stop). */
static int build_slots(vrp_inst *in)
{
    int t, s = 0, k;
    in->type_slot0 = core__calloc((size_t)in->nt, sizeof *in->type_slot0);
    in->type_nslots = core__calloc((size_t)in->nt, sizeof *in->type_nslots);
    if (!in->type_slot0 || !in->type_nslots)
        return TERROIR_ENOMEM;
    for (t = 0; t < in->nt; t++) {
        const vrp_type *ty = &in->types[t];
        double need = 1.0, tot_del[VRP_DIMENSIONS] = {0}, tot_pick[VRP_DIMENSIONS] = {0};
        int m = 0, a, ns;
        for (a = 0; a < in->n_servable; a++) {
            int i = in->stops[a];
            if (!vrp__compat(in, i, t))
                continue;
            m++;
            for (k = 0; k < VRP_DIMENSIONS; k++) {
                tot_del[k] += in->nseg[i].del[k];
                tot_pick[k] += in->nseg[i].pick[k];
            }
        }
        for (k = 0; k < in->ndims; k++) {
            int d = in->dims[k];
            if (ty->cap[d] > 0.0)
                need = vrp__max(need, vrp__max(tot_del[d], tot_pick[d]) / ty->cap[d]);
        }
        ns = ty->count < m ? ty->count : m;
        if (in->time == VRP_TIME_NONE) {
            double bound = ceil(1.3 * need) + 3.0;
            if (bound < ns)
                ns = (int)bound;
        }
        in->type_slot0[t] = s;
        in->type_nslots[t] = ns;
        s += ns;
    }
    in->n_slots = s;
    in->slot_type = core__calloc((size_t)s + 1, sizeof *in->slot_type);
    if (!in->slot_type)
        return TERROIR_ENOMEM;
    for (t = 0; t < in->nt; t++)
        for (k = 0; k < in->type_nslots[t]; k++)
            in->slot_type[in->type_slot0[t] + k] = t;
    return 0;
}

int vrp__inst_build(vrp_inst *in, const vrp_problem *p, int granular, core_poll *poll)
{
    int rc, i, t, k, n;
    double tfs[64];
    memset(in, 0, sizeof *in);
    rc = validate(p);
    if (rc)
        return rc;
    n = (int)p->n_nodes;
    in->p = p;
    in->n = n;
    in->nd = (int)p->n_depots;
    in->nt = (int)p->n_types;
    in->km = p->km;
    in->min = p->minutes;
    in->geo = p->km ? NULL : p->geo;
    in->coords = p->geo;
    in->types = core__calloc((size_t)in->nt, sizeof *in->types);
    in->nseg = core__calloc((size_t)n, sizeof *in->nseg);
    in->service = core__calloc((size_t)n, sizeof *in->service);
    in->pen = core__calloc((size_t)n, sizeof *in->pen);
    in->temps = core__calloc((size_t)n, sizeof *in->temps);
    in->servable = core__calloc((size_t)n, 1);
    in->win = core__calloc((size_t)n, sizeof *in->win);
    in->nwin = core__calloc((size_t)n, sizeof *in->nwin);
    in->dopen = core__calloc((size_t)n, sizeof *in->dopen);
    in->dclose = core__calloc((size_t)n, sizeof *in->dclose);
    in->stops = core__calloc((size_t)n, sizeof *in->stops);
    in->thr = core__calloc((size_t)n, sizeof *in->thr);
    in->dcap = core__calloc((size_t)in->nd, sizeof *in->dcap);
    if (!in->types || !in->nseg || !in->service || !in->pen || !in->temps || !in->servable ||
        !in->win || !in->nwin || !in->dopen || !in->dclose || !in->stops || !in->thr || !in->dcap)
        goto nomem;

    /* Speed classes: distinct time factors (at most 64 kept apart; beyond,
     * types share the class of an equal factor or get their own by scan). */
    in->n_sclass = 0;
    for (t = 0; t < in->nt; t++) {
        const vrp_vehicle_type *v = &p->types[t];
        vrp_type *ty = &in->types[t];
        int c;
        ty->depot = (int)v->depot;
        ty->count = v->count > (size_t)n ? n : (int)v->count;
        for (k = 0; k < VRP_DIMENSIONS; k++)
            ty->cap[k] = v->capacity[k];
        ty->temps = v->temperatures;
        ty->fixed = v->fixed_cost;
        ty->cpk = v->cost_per_km;
        ty->cpm = v->cost_per_hour / 60.0;
        ty->tf = v->time_factor;
        ty->maxdur = v->max_duration_minutes;
        for (c = 0; c < in->n_sclass; c++)
            if (tfs[c] == ty->tf)
                break;
        if (c == in->n_sclass) {
            if (in->n_sclass < 64)
                tfs[in->n_sclass++] = ty->tf;
            else
                c = -1;
        }
        ty->sclass = c;
    }
    /* Types whose factor did not fit the table get classes past 64 (each its
     * own: segment data is then never shared with them). */
    for (t = 0; t < in->nt; t++)
        if (in->types[t].sclass < 0)
            in->types[t].sclass = in->n_sclass++;
    for (t = 0; t < in->nt; t++)
        in->types[t].rclass = in->types[t].depot * in->n_sclass + in->types[t].sclass;
    in->hetero = in->nt > 1;

    /* Nodes. */
    for (i = 0; i < n; i++) {
        const vrp_node *nd = &p->nodes[i];
        vrp_seg *s = &in->nseg[i];
        s->first = s->last = i;
        s->early = 0.0;
        s->late = VRP_BIG;
        in->win[i] = nd->windows;
        in->nwin[i] = (int)nd->n_windows;
        if (nd->n_windows > 0) {
            s->early = nd->windows[0].open;
            s->late = nd->windows[nd->n_windows - 1].close;
        }
        if (i < in->nd) {
            in->dopen[i] = s->early;
            in->dclose[i] = s->late;
            in->dcap[i] = nd->depot_capacity_kg > 0.0 ? nd->depot_capacity_kg : -1.0;
            continue;
        }
        in->thr[i] = nd->delivery[0] + nd->pickup[0];
        in->service[i] = nd->service_minutes;
        s->rel = nd->release > 0.0 ? nd->release : 0.0;
        s->dur = nd->service_minutes;
        for (k = 0; k < VRP_DIMENSIONS; k++) {
            s->del[k] = nd->delivery[k];
            s->pick[k] = nd->pickup[k];
            s->peak[k] = vrp__max(nd->delivery[k], nd->pickup[k]);
        }
        in->temps[i] = nd->temperatures;
        in->pen[i] = nd->unserved_penalty;
        if (nd->unserved_penalty >= 0.0)
            in->has_optional = 1;
        if (nd->n_windows > 1)
            in->time = VRP_TIME_SCAN;
        for (t = 0; t < in->nt; t++)
            if (in->types[t].count > 0 && vrp__compat(in, i, t)) {
                in->servable[i] = 1;
                break;
            }
        for (t = 0; t < in->nt; t++)
            if (!vrp__compat(in, i, t))
                in->has_temps = 1;
        if (in->servable[i])
            in->stops[in->n_servable++] = i;
    }
    in->n_stops = n - in->nd;

    /* Dimensions that matter: some quantity and some finite capacity. */
    for (k = 0; k < VRP_DIMENSIONS; k++) {
        double q = 0.0, ref = 0.0, qmax = 0.0;
        int finite = 0;
        for (i = in->nd; i < n; i++) {
            q += in->nseg[i].del[k] + in->nseg[i].pick[k];
            qmax = vrp__max(qmax, in->nseg[i].peak[k]);
        }
        for (t = 0; t < in->nt; t++)
            if (in->types[t].cap[k] >= 0.0) {
                finite = 1;
                ref = vrp__max(ref, in->types[t].cap[k]);
            }
        if (q > 0.0 && finite) {
            in->dims[in->ndims++] = k;
            in->inv_ref[k] = 1.0 / (ref > 0.0 ? ref : vrp__max(qmax, 1.0));
            for (i = in->nd; i < n; i++)
                if (in->nseg[i].pick[k] > 0.0)
                    in->has_pickup = 1;
        }
    }
    for (i = in->nd; i < n; i++)
        for (k = 0; k < VRP_DIMENSIONS; k++)
            in->max_demand_rel = vrp__max(in->max_demand_rel, in->nseg[i].peak[k] * in->inv_ref[k]);
    if (in->max_demand_rel <= 0.0)
        in->max_demand_rel = 1.0;

    /* Depot capacities: their excess is priced like a vehicle's load excess
     * (in reference capacities of dimension 0, else of the largest depot). */
    {
        double dref = 0.0;
        for (i = 0; i < in->nd; i++)
            if (in->dcap[i] >= 0.0) {
                in->has_dcap = 1;
                dref = vrp__max(dref, in->dcap[i]);
            }
        in->dinv = in->inv_ref[0] > 0.0 ? in->inv_ref[0] : 1.0 / vrp__max(dref, 1.0);
    }

    /* Times matter when a window, a release date, a duration limit or a
     * cost per hour does. */
    if (in->time == VRP_TIME_NONE) {
        for (i = 0; i < n; i++)
            if (in->nwin[i] > 0 || in->nseg[i].rel > 0.0)
                in->time = VRP_TIME_CONCAT;
        for (t = 0; t < in->nt; t++)
            if (in->types[t].maxdur > 0.0 || in->types[t].cpm > 0.0)
                in->time = VRP_TIME_CONCAT;
    }
    in->swapstar = in->time == VRP_TIME_NONE;

    /* Scales for the initial penalties. */
    {
        double cpk = 0.0, cpm = 0.0, sk = 0.0, sm = 0.0;
        int d;
        for (t = 0; t < in->nt; t++) {
            cpk = vrp__max(cpk, in->types[t].cpk);
            cpm = vrp__max(cpm, in->types[t].cpm);
        }
        if (in->km) {
            for (i = 0; i < n; i++)
                for (k = 0; k < in->n_servable; k++)
                    in->max_arc_cost =
                        vrp__max(in->max_arc_cost, vrp__km(in, i, in->stops[k]) * cpk);
        } else {
            /* Computed distances: twice the farthest stop from depot 0
             * bounds every arc (triangle inequality), without the n x m scan. */
            for (k = 0; k < in->n_servable; k++)
                in->max_arc_cost =
                    vrp__max(in->max_arc_cost, 2 * vrp__km(in, 0, in->stops[k]) * cpk);
        }
        for (d = 0; d < in->nd; d++)
            for (k = 0; k < in->n_servable; k++) {
                sk += vrp__km(in, d, in->stops[k]);
                sm += vrp__minutes(in, d, in->stops[k]);
            }
        if (in->max_arc_cost <= 0.0)
            in->max_arc_cost = 1.0;
        in->cost_per_minute_scale = vrp__max(cpm, sm > 0.0 ? cpk * sk / sm : 0.0);
        if (in->cost_per_minute_scale <= 0.0)
            in->cost_per_minute_scale = 1.0;
    }
    {
        size_t a, b;
        for (a = 0; in->km && a < (size_t)n && !in->asym; a++)
            for (b = a + 1; b < (size_t)n; b++)
                if (in->km[a * (size_t)n + b] != in->km[b * (size_t)n + a]) {
                    in->asym = 1;
                    break;
                }
    }

    rc = vrp__neighbours_build(in, granular, poll);
    if (rc)
        goto nomem;
    rc = build_slots(in);
    if (rc)
        goto nomem;
    return 0;
nomem:
    vrp__inst_free(in);
    return core__error(TERROIR_ENOMEM, "routing: out of memory");
}

void vrp__inst_free(vrp_inst *in)
{
    if (!in)
        return;
    free(in->types);
    free(in->nseg);
    free(in->service);
    free(in->pen);
    free(in->temps);
    free(in->servable);
    free(in->win);
    free(in->nwin);
    free(in->dopen);
    free(in->dclose);
    free(in->thr);
    free(in->dcap);
    free(in->stops);
    free(in->nb_start);
    free(in->nb);
    free(in->slot_type);
    free(in->type_slot0);
    free(in->type_nslots);
    memset(in, 0, sizeof *in);
}
