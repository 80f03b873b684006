/* The baseline's side of the bargain (include/terroir/baseline.h): which
 * goods the cooperative plan moves through its hubs, per (producer,
 * point) and temperature class, net of what its routes left unserved, and
 * the plan's own routed figures to compare with.
 *
 * Delivered share of a flow producer i -> hub h -> point j (the rule of
 * the plan's served KPIs, lib/route/route_stage.h): d = kg of h's unserved
 * delivery stops at j over all kg of h's delivery stops at j (served ones
 * from the routes, unserved ones from the unserved stops); p = kg of h's
 * unserved pickup stops at i over the kg of i's flows through h (goods that
 * i brings itself to h are in the flows but not in the pickups, so they are
 * never lost); the flow keeps (1 - d)(1 - p) of its goods. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "baseline/baseline_internal.h"

int baseline__check_plan(const terroir_model *m, const terroir_plan *plan)
{
    if (plan->n_products != m->n_products || plan->n_sites != m->n_sites)
        return core__error(TERROIR_EINVAL,
                           "terroir_baseline_direct: the plan has %zu products and %zu sites, "
                           "the model %zu and %zu: the plan was not made from this model",
                           plan->n_products, plan->n_sites, m->n_products, m->n_sites);
    for (size_t k = 0; k < m->n_products; k++)
        if (strcmp(plan->product_ids[k], m->products[k].id) != 0)
            return core__error(TERROIR_EINVAL,
                               "terroir_baseline_direct: product %zu is '%s' in the plan and '%s' "
                               "in the model",
                               k, plan->product_ids[k], m->products[k].id);
    for (size_t s = 0; s < m->n_sites; s++)
        if (strcmp(plan->site_ids[s], model__site_base(m, s)->id) != 0)
            return core__error(TERROIR_EINVAL,
                               "terroir_baseline_direct: site %zu is '%s' in the plan and '%s' in "
                               "the model",
                               s, plan->site_ids[s], model__site_base(m, s)->id);
    return 0;
}

/* Per (hub, site) tallies of the plan's stops and flows, in kg. */
typedef struct tally {
    size_t ns;
    double *delivered, *undelivered, *uncollected, *via; /* n_hubs * n_sites */
} tally;

/* Model hub index of site s, or MODEL_NONE when s is not a hub. */
static size_t hub_of(const terroir_model *m, size_t s)
{
    return s < m->n_sites && m->sites[s].kind == TERROIR_SITE_HUB ? m->sites[s].index : MODEL_NONE;
}

static void count_stops(tally *t, const terroir_model *m, const terroir_plan *plan)
{
    for (size_t r = 0; r < plan->n_routes; r++) {
        const plan_route *pr = &plan->routes[r];
        size_t h = hub_of(m, pr->hub);
        if (h == MODEL_NONE)
            continue;
        for (size_t k = 0; k < pr->n_stops; k++)
            if (pr->stops[k].kind == TERROIR_STOP_DELIVERY && pr->stops[k].site < t->ns)
                t->delivered[h * t->ns + pr->stops[k].site] +=
                    pr->stops[k].delivery[TERROIR_DIMENSION_KG];
    }
    for (size_t k = 0; k < plan->n_unserved_stops; k++) {
        const plan_unserved_stop *u = &plan->unserved_stops[k];
        size_t h = hub_of(m, u->hub);
        if (h == MODEL_NONE || u->site >= t->ns)
            continue;
        if (u->kind == TERROIR_STOP_DELIVERY)
            t->undelivered[h * t->ns + u->site] += u->kg;
        else
            t->uncollected[h * t->ns + u->site] += u->kg;
    }
    for (size_t k = 0; k < plan->n_flows; k++) {
        const plan_flow *f = &plan->flows[k];
        size_t h = f->via == PLAN_NONE ? MODEL_NONE : hub_of(m, f->via);
        if (h != MODEL_NONE && f->from < t->ns)
            t->via[h * t->ns + f->from] += f->kg;
    }
}

/* Share of flow f that the plan's routes carry (1 when it has no routes). */
static double kept_share(const tally *t, size_t h, const plan_flow *f)
{
    size_t j = h * t->ns + f->to, i = h * t->ns + f->from;
    double all = t->delivered[j] + t->undelivered[j];
    double d = all > 0 ? fmin(t->undelivered[j] / all, 1.0) : 0.0;
    double p = t->via[i] > 0 ? fmin(t->uncollected[i] / t->via[i], 1.0) : 0.0;
    return (1.0 - d) * (1.0 - p);
}

/* A flow through a hub, keyed for sorting by producer site, then point
 * site (site order is the producers' and the points' own order), then
 * flow (so that the order, and the sums, never depend on qsort). */
typedef struct pair_key {
    size_t from, to, flow;
} pair_key;

static int by_pair(const void *a, const void *b)
{
    const pair_key *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return x->flow < y->flow ? -1 : x->flow > y->flow;
}

static void tally_free(tally *t)
{
    free(t->delivered);
    free(t->undelivered);
    free(t->uncollected);
    free(t->via);
}

int baseline__goods(const terroir_model *m, const terroir_plan *plan, baseline_goods **out,
                    size_t *n, double *direct_kg, double *lost_kg)
{
    size_t nh = m->n_hubs, ns = m->n_sites, cells = nh && ns ? nh * ns : 1;
    tally t = {ns, NULL, NULL, NULL, NULL};
    pair_key *order = NULL;
    size_t n_out = 0;
    baseline_goods *g = NULL;
    int rc = 0;
    *direct_kg = *lost_kg = 0;
    if (nh && ns > (size_t)-1 / nh)
        return core__error(TERROIR_ENOMEM, "baseline: too many hubs and sites");
    t.delivered = core__calloc(cells, sizeof *t.delivered);
    t.undelivered = core__calloc(cells, sizeof *t.undelivered);
    t.uncollected = core__calloc(cells, sizeof *t.uncollected);
    t.via = core__calloc(cells, sizeof *t.via);
    order = core__calloc(plan->n_flows ? plan->n_flows : 1, sizeof *order);
    g = core__calloc(plan->n_flows ? plan->n_flows : 1, sizeof *g);
    if (!t.delivered || !t.undelivered || !t.uncollected || !t.via || !order || !g) {
        rc = core__error(TERROIR_ENOMEM, "out of memory computing the baseline's goods");
        goto done;
    }
    count_stops(&t, m, plan);
    size_t n_via = 0;
    for (size_t k = 0; k < plan->n_flows; k++) {
        const plan_flow *f = &plan->flows[k];
        if (f->via == PLAN_NONE)
            *direct_kg += f->kg;
        else if (f->kg > 0 && hub_of(m, f->via) != MODEL_NONE)
            order[n_via++] = (pair_key){f->from, f->to, k};
    }
    qsort(order, n_via, sizeof *order, by_pair);
    for (size_t k = 0; k < n_via; k++) {
        const plan_flow *f = &plan->flows[order[k].flow];
        double keep = kept_share(&t, hub_of(m, f->via), f);
        *lost_kg += f->kg * (1.0 - keep);
        if (keep <= 0)
            continue;
        size_t i = m->sites[f->from].index, j = m->sites[f->to].index;
        if (n_out == 0 || g[n_out - 1].producer != i || g[n_out - 1].point != j) {
            g[n_out].producer = i;
            g[n_out].point = j;
            n_out++;
        }
        const model_product *pr = &m->products[f->product];
        double q = f->quantity * keep, *x = g[n_out - 1].goods[pr->temperature];
        x[TERROIR_DIMENSION_KG] += f->kg * keep;
        x[TERROIR_DIMENSION_M3] += q * pr->m3_per_unit;
        x[TERROIR_DIMENSION_PALLETS] += q * pr->pallets_per_unit;
    }
done:
    tally_free(&t);
    free(order);
    if (rc) {
        free(g);
        return rc;
    }
    *out = g;
    *n = n_out;
    return 0;
}

void baseline__plan_figures(const terroir_model *m, const terroir_plan *plan,
                            terroir_baseline *out)
{
    out->plan_routes = plan->n_routes;
    out->plan_km = out->plan_minutes = out->plan_cost = out->plan_co2_kg = 0;
    out->plan_tonne_km = 0;
    for (size_t r = 0; r < plan->n_routes; r++) {
        const plan_route *pr = &plan->routes[r];
        out->plan_km += pr->km;
        out->plan_minutes += pr->minutes;
        out->plan_cost += pr->cost;
        out->plan_co2_kg += pr->co2_kg;
        size_t prev = pr->hub;
        double kg = pr->load_start[TERROIR_DIMENSION_KG], km = 0;
        for (size_t k = 0; k <= pr->n_stops; k++) {
            size_t next = k < pr->n_stops ? pr->stops[k].site : pr->hub;
            if (prev != next && model__distance(m, prev, next, &km, NULL) == 0)
                out->plan_tonne_km += kg / 1000.0 * km;
            if (k < pr->n_stops)
                kg = pr->stops[k].load[TERROIR_DIMENSION_KG];
            prev = next;
        }
    }
}
