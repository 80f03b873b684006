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
 *  - Each stop keeps its goods flow by flow (route_goods: product,
 *    producer, quantity, kg), so that plans list what each stop moves per
 *    product and the routing stage knows which collections a delivery
 *    waits for.  A delivery carries of each flow only the share that
 *    reaches the hub (`scale`: route__reached_share).
 *
 * Pure VRP mode: each point with demand is one mandatory delivery (split
 * as above when needed), servable from any hub with a fleet. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "route/route_internal.h"

#define ROUTE_MAX_PARTS 1000

/* Per (site, class) accumulator of a stop, and where its goods entries
 * start in the list (entries of one site are appended class by class, so
 * the classes of a stop are contiguous). */
typedef struct acc {
    double goods[TERROIR_TEMPERATURE_COUNT][VRP_DIMENSIONS];
    double penalty[TERROIR_TEMPERATURE_COUNT];
    size_t first[TERROIR_TEMPERATURE_COUNT], count[TERROIR_TEMPERATURE_COUNT];
    unsigned int temps; /* classes with a positive quantity */
} acc;

void route__stop_list_free(route_stop_list *l)
{
    if (!l)
        return;
    free(l->stops);
    free(l->goods);
    memset(l, 0, sizeof *l);
}

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
static int push_split(route_stop_list *l, const terroir_model *m, const route_stop_in *s)
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
    if (core__grow((void **)&l->stops, &l->cap, l->n + parts, sizeof *l->stops) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory building routing stops");
    for (size_t k = 0; k < parts; k++) {
        route_stop_in *o = &l->stops[l->n++];
        *o = *s;
        for (int d = 0; d < VRP_DIMENSIONS; d++) {
            o->delivery[d] = s->delivery[d] / (double)parts;
            o->pickup[d] = s->pickup[d] / (double)parts;
        }
        o->kg = s->kg / (double)parts;
        o->share = 1.0 / (double)parts;
        if (s->penalty >= 0)
            o->penalty = s->penalty / (double)parts;
    }
    return 0;
}

/* Turn the per-class accumulator of one site into stops: one stop when a
 * vehicle of the hub carries every class involved, else one per class. */
static int push_site(route_stop_list *l, const terroir_model *m, size_t hub, size_t site,
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
    s.goods_first = SIZE_MAX;
    for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++) {
        if (!(temps & (1u << c)))
            continue;
        s.temperatures |= 1u << c;
        if (s.goods_first == SIZE_MAX)
            s.goods_first = a->first[c];
        s.n_goods = a->first[c] + a->count[c] - s.goods_first;
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
            s.goods_first = SIZE_MAX;
            s.n_goods = 0;
        }
    }
    return together ? push_split(l, m, &s) : 0;
}

/* Add `quantity` of `product` (from `producer`) to the accumulator of a
 * site, with its goods entry.  The caller adds the entries of one site
 * class by class (see acc). */
static int add_goods(route_stop_list *l, const terroir_model *m, acc *a, size_t product,
                     size_t producer, double quantity, double kg, double penalty)
{
    if (core__grow((void **)&l->goods, &l->cap_goods, l->n_goods + 1, sizeof *l->goods) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory building routing stops");
    route_goods *g = &l->goods[l->n_goods++];
    g->product = product;
    g->producer = producer;
    g->quantity = quantity;
    g->kg = kg;
    int c = (int)m->products[product].temperature;
    double q[VRP_DIMENSIONS];
    route__product_goods(m, product, quantity, q);
    for (int d = 0; d < VRP_DIMENSIONS; d++)
        a->goods[c][d] += q[d];
    a->penalty[c] += penalty;
    a->temps |= 1u << c;
    a->count[c]++;
    return 0;
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

/* Flow indices grouped by a key (producer or point): CSR. */
typedef struct flow_index {
    size_t *start; /* n_keys + 1 */
    size_t *flows;
} flow_index;

static int index_flows(const alloc_flow *flows, size_t n_flows, size_t hub, size_t n_keys,
                       int by_producer, flow_index *ix)
{
    ix->start = core__calloc(n_keys + 2, sizeof *ix->start);
    ix->flows = core__calloc(n_flows ? n_flows : 1, sizeof *ix->flows);
    if (!ix->start || !ix->flows)
        return core__error(TERROIR_ENOMEM, "out of memory building routing stops");
    for (size_t k = 0; k < n_flows; k++)
        if (flows[k].hub == hub)
            ix->start[(by_producer ? flows[k].producer : flows[k].point) + 2]++;
    for (size_t i = 0; i < n_keys; i++)
        ix->start[i + 2] += ix->start[i + 1];
    for (size_t k = 0; k < n_flows; k++)
        if (flows[k].hub == hub)
            ix->flows[ix->start[(by_producer ? flows[k].producer : flows[k].point) + 1]++] = k;
    return 0;
}

/* The collected share of a flow's goods (the rest its producer brings). */
static double collected_share(const terroir_model *m, size_t hub, const double *via_kg,
                              const double *self_kg_at_hub, const alloc_flow *f)
{
    double self = self_kg_at_hub ? self_kg_at_hub[f->producer * m->n_hubs + hub] : 0;
    return via_kg[f->producer] > 0 ? 1 - self / via_kg[f->producer] : 1;
}

void route__reached_share(const terroir_model *m, size_t hub, const alloc_flow *flows,
                          size_t n_flows, const double *self_kg_at_hub, const double *collected,
                          double *scale)
{
    /* kg through the hub per producer: the self-delivered share's base */
    double *via = core__calloc(m->n_producers ? m->n_producers : 1, sizeof *via);
    for (size_t k = 0; via && k < n_flows; k++)
        if (flows[k].hub == hub)
            via[flows[k].producer] += flows[k].kg;
    for (size_t k = 0; k < n_flows; k++) {
        const alloc_flow *f = &flows[k];
        if (f->hub != hub)
            continue;
        double coll = via ? collected_share(m, hub, via, self_kg_at_hub, f) : 1;
        if (coll < 1e-12)
            coll = 0;
        int c = (int)m->products[f->product].temperature;
        scale[k] = (1 - coll) + coll * collected[f->producer * TERROIR_TEMPERATURE_COUNT + c];
    }
    free(via);
}

int route__hub_stop_list(const terroir_model *m, size_t hub, const alloc_flow *flows,
                         size_t n_flows, const double *self_kg_at_hub, const double *scale,
                         unsigned int kinds, route_stop_list *l)
{
    size_t np = m->n_producers, nj = m->n_points;
    double *via_kg = core__calloc(np ? np : 1, sizeof *via_kg);
    flow_index byp = {NULL, NULL}, byj = {NULL, NULL};
    int rc = 0;
    if (!via_kg) {
        rc = core__error(TERROIR_ENOMEM, "out of memory building routing stops");
        goto done;
    }
    if ((rc = index_flows(flows, n_flows, hub, np, 1, &byp)) != 0 ||
        (rc = index_flows(flows, n_flows, hub, nj, 0, &byj)) != 0)
        goto done;
    for (size_t k = 0; k < n_flows; k++)
        if (flows[k].hub == hub)
            via_kg[flows[k].producer] += flows[k].kg;
    /* Pickups first then deliveries, in model order: the engine does not
     * care, but plans read better. */
    for (size_t i = 0; i < np && !rc && (kinds & (1u << TERROIR_STOP_PICKUP)); i++) {
        acc a;
        memset(&a, 0, sizeof a);
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT && !rc; c++) {
            a.first[c] = l->n_goods;
            for (size_t x = byp.start[i]; x < byp.start[i + 1] && !rc; x++) {
                const alloc_flow *f = &flows[byp.flows[x]];
                if (f->quantity <= 0 || (int)m->products[f->product].temperature != c)
                    continue;
                double coll = collected_share(m, hub, via_kg, self_kg_at_hub, f);
                if (coll < 1e-12)
                    continue;
                rc = add_goods(l, m, &a, f->product, f->producer, f->quantity * coll,
                               f->kg * coll, f->kg * flow_penalty_per_kg(m, f) * coll);
            }
        }
        if (!rc)
            rc = push_site(l, m, hub, m->producers[i].base.site, TERROIR_STOP_PICKUP, &a, 0);
    }
    for (size_t j = 0; j < nj && !rc && (kinds & (1u << TERROIR_STOP_DELIVERY)); j++) {
        acc a;
        memset(&a, 0, sizeof a);
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT && !rc; c++) {
            a.first[c] = l->n_goods;
            for (size_t x = byj.start[j]; x < byj.start[j + 1] && !rc; x++) {
                size_t k = byj.flows[x];
                const alloc_flow *f = &flows[k];
                double sc = scale ? scale[k] : 1;
                if (f->quantity <= 0 || (int)m->products[f->product].temperature != c ||
                    sc < 1e-12)
                    continue;
                rc = add_goods(l, m, &a, f->product, f->producer, f->quantity * sc, f->kg * sc,
                               f->kg * flow_penalty_per_kg(m, f) * sc);
            }
        }
        if (!rc)
            rc = push_site(l, m, hub, m->points[j].base.site, TERROIR_STOP_DELIVERY, &a, 0);
    }
done:
    free(via_kg);
    free(byp.start);
    free(byp.flows);
    free(byj.start);
    free(byj.flows);
    return rc;
}

/* The stops alone (the goods entries dropped). */
static int stops_only(route_stop_list *l, int rc, route_stop_in **out, size_t *n)
{
    free(l->goods);
    if (rc) {
        free(l->stops);
        return rc;
    }
    *out = l->stops;
    *n = l->n;
    return 0;
}

int route__hub_stops(const terroir_model *m, size_t hub, const alloc_flow *flows, size_t n_flows,
                     const double *self_kg_at_hub, route_stop_in **out, size_t *n)
{
    route_stop_list l;
    memset(&l, 0, sizeof l);
    int rc = route__hub_stop_list(m, hub, flows, n_flows, self_kg_at_hub, NULL,
                                  (1u << TERROIR_STOP_PICKUP) | (1u << TERROIR_STOP_DELIVERY), &l);
    return stops_only(&l, rc, out, n);
}

int route__pure_stop_list(const terroir_model *m, route_stop_list *l)
{
    int rc = 0;
    for (size_t j = 0; j < m->n_points && !rc; j++) {
        const model_point *pt = &m->points[j];
        acc a;
        memset(&a, 0, sizeof a);
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT && !rc; c++) {
            a.first[c] = l->n_goods;
            for (size_t k = 0; k < pt->n_demand && !rc; k++) {
                size_t p = pt->demand[k].product;
                if (pt->demand[k].quantity <= 0 || (int)m->products[p].temperature != c)
                    continue;
                double g[VRP_DIMENSIONS];
                route__product_goods(m, p, pt->demand[k].quantity, g);
                rc = add_goods(l, m, &a, p, MODEL_NONE, pt->demand[k].quantity,
                               g[TERROIR_DIMENSION_KG], 0);
            }
        }
        if (!rc)
            rc = push_site(l, m, MODEL_NONE, pt->base.site, TERROIR_STOP_DELIVERY, &a, 1);
    }
    return rc;
}

int route__pure_stops(const terroir_model *m, route_stop_in **out, size_t *n)
{
    route_stop_list l;
    memset(&l, 0, sizeof l);
    int rc = route__pure_stop_list(m, &l);
    return stops_only(&l, rc, out, n);
}
