/* The stops that the routing stage serves, from the model and the
 * allocation's flows (food-hub mode) or from the demand alone (pure VRP
 * mode, models without producers).
 *
 * Food-hub mode, per open hub H with a fleet:
 *  - one delivery per point fed through H: the goods of every flow
 *    producer -> H -> point (kg, m3 and pallets from the products' units);
 *  - one pickup per producer whose goods H's fleet collects: the flows
 *    producer -> H -> any point, minus what the producer brings itself.
 *    Self delivery: a producer with self_delivery kg > 0 drives its own
 *    goods to the hubs within its self_delivery km, nearest hub first, up
 *    to its kg per cycle over all hubs (the allocation prices these legs at
 *    0, so it uses self delivery wherever it can: the rule reproduces its
 *    choice); the rest is collected.  The part self-delivered is taken
 *    from every product of the producer at the hub in proportion.
 *  - A stop needs the temperature classes of its products.  When no
 *    vehicle type of the hub carries all of them, the stop is split into
 *    one stop per class.
 *  - A stop larger than the largest compatible vehicle (in any dimension)
 *    is split into equal parts that each fit (at most ROUTE_MAX_PARTS).
 *  - Every stop is optional: leaving it unserved costs the penalty of its
 *    kg — for a delivery, the point's unserved penalty per kg; for a
 *    pickup, the penalty of the points its goods were going to.
 *  - Windows and service minutes are those of the site.
 *
 * Pure VRP mode: each point with demand is one mandatory delivery (split
 * as above when needed), servable from any hub with a fleet. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"

#define ROUTE_MAX_PARTS 1000

/* Per (site, class) accumulator of a stop. */
typedef struct acc {
    double goods[TERROIR_TEMPERATURE_COUNT][VRP_DIMENSIONS];
    double penalty[TERROIR_TEMPERATURE_COUNT];
    unsigned int temps; /* classes with a positive quantity */
} acc;

typedef struct stop_list {
    route_stop_in *items;
    size_t n, cap;
} stop_list;

/* Largest capacity per dimension over the types that carry all of `temps`
 * among `types` (NULL entries skipped); -1 when some such type is
 * unlimited in that dimension; 0 when no type carries them (*any = 0). */
static void largest(const terroir_model *m, size_t hub, unsigned int temps,
                    double cap[VRP_DIMENSIONS], int *any)
{
    *any = 0;
    for (int d = 0; d < VRP_DIMENSIONS; d++)
        cap[d] = 0;
    for (size_t v = 0; v < m->n_vehicle_types; v++) {
        const model_vehicle_type *t = &m->vehicle_types[v];
        if ((hub != MODEL_NONE && t->home_hub != hub) || t->count == 0 ||
            (temps & ~t->temperatures) != 0 || m->hubs[t->home_hub].status == TERROIR_HUB_CLOSED)
            continue;
        *any = 1;
        for (int d = 0; d < VRP_DIMENSIONS; d++)
            if (cap[d] >= 0)
                cap[d] = t->capacity[d] < 0 ? -1 : fmax(cap[d], t->capacity[d]);
    }
}

/* Append `s`, split into equal parts when it fits no vehicle in one. */
static int push_split(stop_list *l, const terroir_model *m, const route_stop_in *s)
{
    double cap[VRP_DIMENSIONS];
    int any;
    largest(m, s->hub, s->temperatures, cap, &any);
    size_t parts = 1;
    for (int d = 0; any && d < VRP_DIMENSIONS; d++) {
        double q = fmax(s->delivery[d], s->pickup[d]);
        if (cap[d] > 0 && q > cap[d] * (1 + 1e-9)) {
            double k = ceil(q / cap[d] - 1e-9);
            if (k > ROUTE_MAX_PARTS)
                k = ROUTE_MAX_PARTS;
            if ((size_t)k > parts)
                parts = (size_t)k;
        }
    }
    if (core__grow((void **)&l->items, &l->cap, l->n + parts, sizeof *l->items) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory building routing stops");
    for (size_t k = 0; k < parts; k++) {
        route_stop_in *o = &l->items[l->n++];
        *o = *s;
        for (int d = 0; d < VRP_DIMENSIONS; d++) {
            o->delivery[d] = s->delivery[d] / (double)parts;
            o->pickup[d] = s->pickup[d] / (double)parts;
        }
        o->kg = s->kg / (double)parts;
        if (s->penalty >= 0)
            o->penalty = s->penalty / (double)parts;
    }
    return 0;
}

/* Turn the per-class accumulator of one site into stops: one stop when a
 * vehicle of the hub carries every class involved, else one per class. */
static int push_site(stop_list *l, const terroir_model *m, size_t hub, size_t site,
                     terroir_stop_kind kind, const acc *a, int mandatory)
{
    unsigned int temps = a->temps;
    if (!temps)
        return 0;
    double cap[VRP_DIMENSIONS];
    int together;
    largest(m, hub, temps, cap, &together);
    route_stop_in s;
    memset(&s, 0, sizeof s);
    s.site = site;
    s.hub = hub;
    s.kind = kind;
    s.penalty = mandatory ? -1 : 0;
    for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++) {
        if (!(temps & (1u << c)))
            continue;
        s.temperatures |= 1u << c;
        for (int d = 0; d < VRP_DIMENSIONS; d++) {
            if (kind == TERROIR_STOP_DELIVERY)
                s.delivery[d] += a->goods[c][d];
            else
                s.pickup[d] += a->goods[c][d];
        }
        s.kg += a->goods[c][TERROIR_DIMENSION_KG];
        if (!mandatory)
            s.penalty += a->penalty[c];
        if (!together) {
            int rc = push_split(l, m, &s);
            if (rc)
                return rc;
            memset(s.delivery, 0, sizeof s.delivery);
            memset(s.pickup, 0, sizeof s.pickup);
            s.kg = 0;
            s.temperatures = 0;
            s.penalty = mandatory ? -1 : 0;
        }
    }
    return together ? push_split(l, m, &s) : 0;
}

static double flow_penalty_per_kg(const terroir_model *m, const alloc_flow *f)
{
    return model__point_penalty(&m->points[f->point]);
}

int route__self_delivery(const terroir_model *m, const alloc_flow *flows, size_t n_flows,
                         double **out)
{
    size_t np = m->n_producers, nh = m->n_hubs;
    double *self = core__calloc(np && nh ? np * nh : 1, sizeof *self);
    double *via = core__calloc(nh ? nh : 1, sizeof *via);
    double *dist = core__calloc(nh ? nh : 1, sizeof *dist);
    int rc = 0;
    if (!self || !via || !dist) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < np; i++) {
        const model_producer *p = &m->producers[i];
        if (p->self_delivery_kg <= 0)
            continue;
        for (size_t h = 0; h < nh; h++)
            via[h] = 0;
        for (size_t k = 0; k < n_flows; k++)
            if (flows[k].producer == i && flows[k].hub != MODEL_NONE)
                via[flows[k].hub] += flows[k].kg;
        for (size_t h = 0; h < nh; h++) {
            double km = HUGE_VAL;
            if (via[h] > 0 && model__distance(m, p->base.site, m->hubs[h].base.site, &km, NULL))
                km = HUGE_VAL;
            dist[h] = km;
        }
        double left = p->self_delivery_kg;
        /* nearest eligible hub first (few hubs: selection by scans) */
        for (;;) {
            size_t best = MODEL_NONE;
            for (size_t h = 0; h < nh; h++)
                if (via[h] > 0 && dist[h] <= p->self_delivery_km + 1e-9 &&
                    (best == MODEL_NONE || dist[h] < dist[best]))
                    best = h;
            if (best == MODEL_NONE || left <= 0)
                break;
            double take = fmin(left, via[best]);
            self[i * nh + best] = take;
            left -= take;
            via[best] = 0;
        }
    }
done:
    free(via);
    free(dist);
    if (rc) {
        free(self);
        return rc;
    }
    *out = self;
    return 0;
}

int route__hub_stops(const terroir_model *m, size_t hub, const alloc_flow *flows, size_t n_flows,
                     const double *self_kg_at_hub, route_stop_in **out, size_t *n)
{
    size_t np = m->n_producers, nj = m->n_points, nh = m->n_hubs;
    acc *pick = core__calloc(np ? np : 1, sizeof *pick);
    acc *drop = core__calloc(nj ? nj : 1, sizeof *drop);
    double *via_kg = core__calloc(np ? np : 1, sizeof *via_kg);
    stop_list l = {NULL, 0, 0};
    int rc = 0;
    if (!pick || !drop || !via_kg) {
        rc = core__error(TERROIR_ENOMEM, "out of memory building routing stops");
        goto done;
    }
    for (size_t k = 0; k < n_flows; k++)
        if (flows[k].hub == hub)
            via_kg[flows[k].producer] += flows[k].kg;
    for (size_t k = 0; k < n_flows; k++) {
        const alloc_flow *f = &flows[k];
        if (f->hub != hub || f->quantity <= 0)
            continue;
        int c = (int)m->products[f->product].temperature;
        double g[VRP_DIMENSIONS];
        route__product_goods(m, f->product, f->quantity, g);
        double pen = f->kg * flow_penalty_per_kg(m, f);
        for (int d = 0; d < VRP_DIMENSIONS; d++)
            drop[f->point].goods[c][d] += g[d];
        drop[f->point].penalty[c] += pen;
        drop[f->point].temps |= 1u << c;
        double self = self_kg_at_hub ? self_kg_at_hub[f->producer * nh + hub] : 0;
        double collected = via_kg[f->producer] > 0 ? 1 - self / via_kg[f->producer] : 1;
        if (collected < 1e-12)
            continue;
        for (int d = 0; d < VRP_DIMENSIONS; d++)
            pick[f->producer].goods[c][d] += g[d] * collected;
        pick[f->producer].penalty[c] += pen * collected;
        pick[f->producer].temps |= 1u << c;
    }
    /* Pickups first then deliveries, in model order: the engine does not
     * care, but plans read better. */
    for (size_t i = 0; i < np && !rc; i++)
        rc = push_site(&l, m, hub, m->producers[i].base.site, TERROIR_STOP_PICKUP, &pick[i], 0);
    for (size_t j = 0; j < nj && !rc; j++)
        rc = push_site(&l, m, hub, m->points[j].base.site, TERROIR_STOP_DELIVERY, &drop[j], 0);
done:
    free(pick);
    free(drop);
    free(via_kg);
    if (rc) {
        free(l.items);
        return rc;
    }
    *out = l.items;
    *n = l.n;
    return 0;
}

int route__pure_stops(const terroir_model *m, route_stop_in **out, size_t *n)
{
    stop_list l = {NULL, 0, 0};
    int rc = 0;
    for (size_t j = 0; j < m->n_points && !rc; j++) {
        const model_point *pt = &m->points[j];
        acc a;
        memset(&a, 0, sizeof a);
        for (size_t k = 0; k < pt->n_demand; k++) {
            double g[VRP_DIMENSIONS];
            if (pt->demand[k].quantity <= 0)
                continue;
            route__product_goods(m, pt->demand[k].product, pt->demand[k].quantity, g);
            int c = (int)m->products[pt->demand[k].product].temperature;
            for (int d = 0; d < VRP_DIMENSIONS; d++)
                a.goods[c][d] += g[d];
            a.temps |= 1u << c;
        }
        rc = push_site(&l, m, MODEL_NONE, pt->base.site, TERROIR_STOP_DELIVERY, &a, 1);
    }
    if (rc) {
        free(l.items);
        return rc;
    }
    *out = l.items;
    *n = l.n;
    return 0;
}
