/* The allocation network of a model (see network.h): legs between sites,
 * per-product supply and demand lines, the fleet-derived transport rates of
 * alloc.h's cost model, and the temperature rule. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/alloc.h"
#include "alloc/network.h"

/* Units of product `pr` in a full vehicle of type v; HUGE_VAL when nothing
 * limits it (kg_per_unit 0 and no other dimension); 0 when it cannot carry
 * the product at all. */
static double vehicle_load(const model_vehicle_type *v, const model_product *pr)
{
    const double per_unit[TERROIR_DIMENSION_COUNT] = {pr->kg_per_unit, pr->m3_per_unit,
                                                      pr->pallets_per_unit};
    double load = HUGE_VAL;
    int limited = 0;
    for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++) {
        double cap = v->capacity[d];
        if (cap < 0) /* TERROIR_UNLIMITED */
            continue;
        limited = 1;
        if (per_unit[d] > 0 && cap / per_unit[d] < load)
            load = cap / per_unit[d];
    }
    if (!limited && pr->kg_per_unit > 0)
        load = ALLOC_DEFAULT_LOAD_KG / pr->kg_per_unit;
    return load;
}

/* Rates per unit-km of product `pr` for vehicle type v (NULL: the default
 * vehicle, 1 per km, unlimited).  Returns 0, or -1 when v cannot carry it. */
static int vehicle_rates(const terroir_model *m, const model_vehicle_type *v,
                         const model_product *pr, double *trate, double *co2rate)
{
    double per_km = 1.0, co2_per_km = 0.0, load;
    if (v) {
        double speed = v->speed_kmh > 0 ? v->speed_kmh : m->settings.speed_kmh;
        per_km = v->cost_per_km + v->cost_per_hour / speed;
        co2_per_km = v->co2_kg_per_km;
        load = vehicle_load(v, pr);
    } else {
        load = pr->kg_per_unit > 0 ? ALLOC_DEFAULT_LOAD_KG / pr->kg_per_unit : HUGE_VAL;
    }
    if (!(load > 0))
        return -1;
    if (isinf(load)) {
        *trate = 0;
        *co2rate = 0;
    } else {
        *trate = ALLOC_RETURN_FACTOR * per_km / load;
        *co2rate = ALLOC_RETURN_FACTOR * co2_per_km / load;
    }
    return 0;
}

/* Cheapest rates over the vehicle types selected by `hub` (MODEL_NONE: any
 * home hub) and class bit `cls_bit` (0: any class).  Returns 0 when one was
 * found. */
static int best_rates(const terroir_model *m, size_t hub, unsigned int cls_bit,
                      const model_product *pr, double *trate, double *co2rate)
{
    int found = 0;
    double best = HUGE_VAL;
    for (size_t v = 0; v < m->n_vehicle_types; v++) {
        const model_vehicle_type *vt = &m->vehicle_types[v];
        double t, c;
        if (hub != MODEL_NONE && vt->home_hub != hub)
            continue;
        if (vt->count == 0) /* no vehicle: no fleet (model__has_fleet) */
            continue;
        if (cls_bit && !(vt->temperatures & cls_bit))
            continue;
        if (vehicle_rates(m, vt, pr, &t, &c) != 0)
            continue;
        double r = t + m->settings.co2_price * c;
        if (!found || r < best) {
            best = r;
            *trate = t;
            *co2rate = c;
            found = 1;
        }
    }
    return found;
}

int net__fits(double t1, double t2, double limit)
{
    return limit <= 0 || t1 + t2 <= limit * (1 + 1e-12) + 1e-9;
}

/* Sort support for ord: supply lines by first-leg minutes. */
typedef struct ord_item {
    double minutes;
    size_t s;
} ord_item;

static int ord_cmp(const void *a, const void *b)
{
    const ord_item *x = a, *y = b;
    if (x->minutes < y->minutes)
        return -1;
    if (x->minutes > y->minutes)
        return 1;
    return x->s < y->s ? -1 : x->s > y->s;
}

static void product_free(net_product *pp)
{
    free(pp->sup_producer);
    free(pp->sup_qty);
    free(pp->sup_of_producer);
    free(pp->dem_point);
    free(pp->dem_qty);
    free(pp->dem_pen);
    free(pp->hub_ok);
    free(pp->rate);
    free(pp->trate);
    free(pp->co2rate);
    free(pp->hand);
    free(pp->ord_start);
    free(pp->ord);
    free(pp->ord_minutes);
    free(pp->node_start);
    free(pp->node_hub);
    free(pp->ord_node);
    free(pp->dem_node);
    free(pp->dir_sup);
    free(pp->dir_dem);
    free(pp->dir_arc);
    memset(pp, 0, sizeof *pp);
}

void net__free(alloc_network *net)
{
    if (!net)
        return;
    free(net->hub_usable);
    free(net->hub_route_fixed);
    free(net->km1);
    free(net->min1);
    free(net->cost1);
    free(net->km2);
    free(net->min2);
    free(net->cost2);
    free(net->direct_start);
    free(net->direct);
    free(net->self_kg);
    free(net->cap_row);
    free(net->cap_hub);
    free(net->cap_cls);
    free(net->self_row);
    free(net->self_producer);
    for (size_t k = 0; k < net->n_prods; k++)
        product_free(&net->prods[k]);
    free(net->prods);
    memset(net, 0, sizeof *net);
}

/* Distance of a listed arc's leg: the arc's km when known, else the
 * distance model, else 0; minutes likewise. */
static void listed_leg(const terroir_model *m, const model_arc *a, double *km, double *minutes)
{
    double dk, dm;
    int have = model__distance(m, a->from, a->to, &dk, &dm) == 0;
    if (a->km >= 0) {
        *km = a->km;
        *minutes = a->km / m->settings.speed_kmh * 60.0;
    } else if (have) {
        *km = dk;
        *minutes = dm;
    } else {
        *km = 0;
        *minutes = 0;
    }
}

static int build_legs(alloc_network *net)
{
    const terroir_model *m = net->m;
    size_t I = net->n_producers, H = net->n_hubs, J = net->n_points;
    net->km1 = core__calloc(NET_NZ(I * H), sizeof(double));
    net->min1 = core__calloc(NET_NZ(I * H), sizeof(double));
    net->cost1 = core__calloc(NET_NZ(I * H), sizeof(double));
    net->km2 = core__calloc(NET_NZ(H * J), sizeof(double));
    net->min2 = core__calloc(NET_NZ(H * J), sizeof(double));
    net->cost2 = core__calloc(NET_NZ(H * J), sizeof(double));
    net->direct_start = core__calloc(J + 1, sizeof(size_t));
    if (!net->km1 || !net->min1 || !net->cost1 || !net->km2 || !net->min2 || !net->cost2 ||
        !net->direct_start)
        return TERROIR_ENOMEM;
    for (size_t k = 0; k < I * H; k++)
        net->km1[k] = net->min1[k] = net->cost1[k] = NAN;
    for (size_t k = 0; k < H * J; k++)
        net->km2[k] = net->min2[k] = net->cost2[k] = NAN;

    /* which producers supply anything, which points demand anything */
    unsigned char *supplies = core__calloc(NET_NZ(I), 1);
    unsigned char *demands = core__calloc(NET_NZ(J), 1);
    if (!supplies || !demands) {
        free(supplies);
        free(demands);
        return TERROIR_ENOMEM;
    }
    for (size_t i = 0; i < I; i++)
        for (size_t k = 0; k < m->producers[i].n_supply; k++)
            if (m->producers[i].supply[k].quantity > 0)
                supplies[i] = 1;
    for (size_t j = 0; j < J; j++)
        for (size_t k = 0; k < m->points[j].n_demand; k++)
            if (m->points[j].demand[k].quantity > 0)
                demands[j] = 1;

    int rc = 0;
    if (!net->listed) {
        for (size_t i = 0; i < I; i++) {
            if (!supplies[i])
                continue;
            for (size_t h = 0; h < H; h++) {
                double km, mn;
                if (!net->hub_usable[h])
                    continue;
                if (model__distance(m, m->producers[i].base.site, m->hubs[h].base.site, &km,
                                    &mn) == 0) {
                    net->km1[i * H + h] = km;
                    net->min1[i * H + h] = mn;
                }
            }
        }
        for (size_t h = 0; h < H; h++) {
            if (!net->hub_usable[h])
                continue;
            for (size_t j = 0; j < J; j++) {
                double km, mn;
                if (!demands[j])
                    continue;
                if (model__distance(m, m->hubs[h].base.site, m->points[j].base.site, &km,
                                    &mn) == 0) {
                    net->km2[h * J + j] = km;
                    net->min2[h * J + j] = mn;
                }
            }
        }
        /* direct arcs: producers that deliver directly, to every point */
        size_t n_dir = 0;
        for (size_t i = 0; i < I; i++)
            if (supplies[i] && m->producers[i].direct_delivery)
                n_dir++;
        size_t cap = 0;
        for (size_t j = 0; j < J; j++)
            if (demands[j])
                cap += n_dir;
        net->direct = core__calloc(NET_NZ(cap), sizeof(net_direct));
        if (!net->direct) {
            rc = TERROIR_ENOMEM;
            goto done;
        }
        for (size_t j = 0; j < J; j++) {
            net->direct_start[j] = net->n_direct;
            if (!demands[j])
                continue;
            for (size_t i = 0; i < I; i++) {
                double km, mn;
                if (!supplies[i] || !m->producers[i].direct_delivery)
                    continue;
                if (model__distance(m, m->producers[i].base.site, m->points[j].base.site, &km,
                                    &mn) != 0)
                    continue;
                net_direct *d = &net->direct[net->n_direct++];
                d->producer = i;
                d->km = km;
                d->minutes = mn;
                d->cost_per_kg = NAN;
            }
        }
        net->direct_start[J] = net->n_direct;
    } else {
        /* listed arcs: keep the cheapest arc per pair */
        size_t n_dir = 0;
        for (size_t a = 0; a < m->n_arcs; a++) {
            const model_arc *arc = &m->arcs[a];
            const model_site_ref *f = &m->sites[arc->from], *t = &m->sites[arc->to];
            if (f->kind == TERROIR_SITE_PRODUCER && t->kind == TERROIR_SITE_POINT)
                n_dir++;
        }
        net->direct = core__calloc(NET_NZ(n_dir), sizeof(net_direct));
        size_t *count = core__calloc(J + 1, sizeof(size_t));
        if (!net->direct || !count) {
            free(count);
            rc = TERROIR_ENOMEM;
            goto done;
        }
        for (size_t a = 0; a < m->n_arcs; a++) {
            const model_arc *arc = &m->arcs[a];
            const model_site_ref *f = &m->sites[arc->from], *t = &m->sites[arc->to];
            double km, mn;
            listed_leg(m, arc, &km, &mn);
            if (f->kind == TERROIR_SITE_PRODUCER && t->kind == TERROIR_SITE_HUB) {
                size_t k = f->index * H + t->index;
                if (!net->hub_usable[t->index])
                    continue;
                if (isnan(net->cost1[k]) || arc->cost_per_kg < net->cost1[k]) {
                    net->cost1[k] = arc->cost_per_kg;
                    net->km1[k] = km;
                    net->min1[k] = mn;
                }
            } else if (f->kind == TERROIR_SITE_HUB && t->kind == TERROIR_SITE_POINT) {
                size_t k = f->index * J + t->index;
                if (!net->hub_usable[f->index])
                    continue;
                if (isnan(net->cost2[k]) || arc->cost_per_kg < net->cost2[k]) {
                    net->cost2[k] = arc->cost_per_kg;
                    net->km2[k] = km;
                    net->min2[k] = mn;
                }
            } else if (f->kind == TERROIR_SITE_PRODUCER && t->kind == TERROIR_SITE_POINT) {
                count[t->index + 1]++;
            }
        }
        for (size_t j = 0; j < J; j++)
            count[j + 1] += count[j];
        for (size_t j = 0; j <= J; j++)
            net->direct_start[j] = count[j];
        for (size_t a = 0; a < m->n_arcs; a++) {
            const model_arc *arc = &m->arcs[a];
            const model_site_ref *f = &m->sites[arc->from], *t = &m->sites[arc->to];
            if (!(f->kind == TERROIR_SITE_PRODUCER && t->kind == TERROIR_SITE_POINT))
                continue;
            net_direct *d = &net->direct[count[t->index]++];
            d->producer = f->index;
            listed_leg(m, arc, &d->km, &d->minutes);
            d->cost_per_kg = arc->cost_per_kg;
        }
        net->n_direct = n_dir;
        free(count);
    }
done:
    free(supplies);
    free(demands);
    return rc;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Number of entries of the sorted minutes `t1[0..n)` that fit with a second
 * leg of t2 minutes (net__fits is monotone in t1: binary search). */
static size_t fitting_prefix(const double *t1, size_t n, double t2, double limit)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (net__fits(t1[mid], t2, limit))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Nodes (levels) per hub and direct arcs of a product; see network.h. */
static int build_levels(alloc_network *net, net_product *pp)
{
    size_t H = net->n_hubs, J = net->n_points, total = pp->ord_start[H];
    size_t nd = NET_NZ(pp->n_dem);
    int rc = TERROIR_ENOMEM;
    size_t *cval = core__calloc(nd, sizeof(size_t));
    size_t *uniq = core__calloc(nd, sizeof(size_t));
    pp->node_start = core__calloc(H + 1, sizeof(size_t));
    pp->ord_node = core__calloc(NET_NZ(total), sizeof(size_t));
    pp->dem_node = core__calloc(NET_NZ(H * nd), sizeof(size_t));
    if (!cval || !uniq || !pp->node_start || !pp->ord_node || !pp->dem_node)
        goto out;
    for (size_t k = 0; k < H * nd; k++)
        pp->dem_node[k] = NET_NONE;
    /* first pass: count nodes; second pass: fill */
    size_t cap_levels = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t n_nodes = 0;
        for (size_t h = 0; h < H; h++) {
            size_t base = pp->ord_start[h], n = pp->ord_start[h + 1] - base, nu = 0;
            pp->node_start[h] = n_nodes;
            if (!pp->hub_ok[h] || n == 0)
                continue;
            for (size_t d = 0; d < pp->n_dem; d++) {
                size_t j = pp->dem_point[d];
                double t2 = net->min2[h * J + j];
                cval[d] = 0;
                if (isnan(net->km2[h * J + j]))
                    continue;
                cval[d] = fitting_prefix(pp->ord_minutes + base, n, t2, pp->shelf_minutes);
                if (cval[d] > 0)
                    uniq[nu++] = cval[d];
            }
            qsort(uniq, nu, sizeof *uniq, cmp_size);
            size_t K = 0;
            for (size_t k = 0; k < nu; k++)
                if (K == 0 || uniq[k] != uniq[K - 1])
                    uniq[K++] = uniq[k];
            if (pass == 1) {
                for (size_t d = 0; d < pp->n_dem; d++) {
                    if (cval[d] == 0)
                        continue;
                    size_t lo = 0, hi = K;
                    while (lo < hi) {
                        size_t mid = lo + (hi - lo) / 2;
                        if (uniq[mid] < cval[d])
                            lo = mid + 1;
                        else
                            hi = mid;
                    }
                    pp->dem_node[h * pp->n_dem + d] = n_nodes + lo;
                }
                /* producer at position q enters the first level with c_k > q */
                size_t k = 0;
                for (size_t q = 0; q < n; q++) {
                    while (k < K && uniq[k] <= q)
                        k++;
                    pp->ord_node[base + q] = k < K ? n_nodes + k : NET_NONE;
                }
                for (size_t k2 = 0; k2 < K; k2++)
                    pp->node_hub[n_nodes + k2] = h;
            } else {
                for (size_t q = 0; q < n; q++)
                    pp->ord_node[base + q] = NET_NONE;
            }
            n_nodes += K;
        }
        pp->node_start[H] = n_nodes;
        pp->n_nodes = n_nodes;
        if (pass == 0) {
            cap_levels = n_nodes;
            pp->node_hub = core__calloc(NET_NZ(cap_levels), sizeof(size_t));
            if (!pp->node_hub)
                goto out;
        }
    }

    /* direct arcs */
    size_t n_dir = 0;
    for (int pass = 0; pass < 2; pass++) {
        n_dir = 0;
        for (size_t d = 0; d < pp->n_dem; d++) {
            size_t j = pp->dem_point[d];
            for (size_t k = net->direct_start[j]; k < net->direct_start[j + 1]; k++) {
                const net_direct *dr = &net->direct[k];
                size_t s = pp->sup_of_producer[dr->producer];
                if (s == NET_NONE || !net__fits(dr->minutes, 0, pp->shelf_minutes))
                    continue;
                if (pass == 1) {
                    pp->dir_sup[n_dir] = s;
                    pp->dir_dem[n_dir] = d;
                    pp->dir_arc[n_dir] = k;
                }
                n_dir++;
            }
        }
        if (pass == 0) {
            pp->dir_sup = core__calloc(NET_NZ(n_dir), sizeof(size_t));
            pp->dir_dem = core__calloc(NET_NZ(n_dir), sizeof(size_t));
            pp->dir_arc = core__calloc(NET_NZ(n_dir), sizeof(size_t));
            if (!pp->dir_sup || !pp->dir_dem || !pp->dir_arc)
                goto out;
        }
    }
    pp->n_dir = n_dir;
    rc = 0;
out:
    free(cval);
    free(uniq);
    return rc;
}

static int build_product(alloc_network *net, net_product *pp, size_t p)
{
    const terroir_model *m = net->m;
    const model_product *pr = &m->products[p];
    size_t I = net->n_producers, H = net->n_hubs, J = net->n_points;
    pp->product = p;
    pp->cls = (int)pr->temperature;
    pp->kpu = pr->kg_per_unit;
    pp->shelf_minutes = pr->shelf_life_hours > 0 ? pr->shelf_life_hours * 60.0 : 0.0;

    for (size_t i = 0; i < I; i++)
        for (size_t k = 0; k < m->producers[i].n_supply; k++)
            if (m->producers[i].supply[k].product == p && m->producers[i].supply[k].quantity > 0)
                pp->n_sup++;
    for (size_t j = 0; j < J; j++)
        for (size_t k = 0; k < m->points[j].n_demand; k++)
            if (m->points[j].demand[k].product == p && m->points[j].demand[k].quantity > 0)
                pp->n_dem++;
    size_t ns = NET_NZ(pp->n_sup), nd = NET_NZ(pp->n_dem);
    pp->sup_producer = core__calloc(ns, sizeof(size_t));
    pp->sup_qty = core__calloc(ns, sizeof(double));
    pp->sup_of_producer = core__calloc(NET_NZ(I), sizeof(size_t));
    pp->dem_point = core__calloc(nd, sizeof(size_t));
    pp->dem_qty = core__calloc(nd, sizeof(double));
    pp->dem_pen = core__calloc(nd, sizeof(double));
    pp->hub_ok = core__calloc(NET_NZ(H), 1);
    pp->rate = core__calloc(NET_NZ(H), sizeof(double));
    pp->trate = core__calloc(NET_NZ(H), sizeof(double));
    pp->co2rate = core__calloc(NET_NZ(H), sizeof(double));
    pp->hand = core__calloc(NET_NZ(H), sizeof(double));
    pp->ord_start = core__calloc(H + 1, sizeof(size_t));
    if (!pp->sup_producer || !pp->sup_qty || !pp->sup_of_producer || !pp->dem_point ||
        !pp->dem_qty || !pp->dem_pen || !pp->hub_ok || !pp->rate || !pp->trate ||
        !pp->co2rate || !pp->hand || !pp->ord_start)
        return TERROIR_ENOMEM;

    size_t s = 0;
    for (size_t i = 0; i < I; i++) {
        double q = 0;
        for (size_t k = 0; k < m->producers[i].n_supply; k++)
            if (m->producers[i].supply[k].product == p)
                q += m->producers[i].supply[k].quantity;
        pp->sup_of_producer[i] = NET_NONE;
        if (q > 0) {
            pp->sup_producer[s] = i;
            pp->sup_qty[s] = q;
            pp->sup_of_producer[i] = s++;
        }
    }
    pp->n_sup = s;
    size_t d = 0;
    for (size_t j = 0; j < J; j++) {
        double q = 0;
        for (size_t k = 0; k < m->points[j].n_demand; k++)
            if (m->points[j].demand[k].product == p)
                q += m->points[j].demand[k].quantity;
        if (q > 0) {
            pp->dem_point[d] = j;
            pp->dem_qty[d] = q;
            pp->dem_pen[d] = model__point_penalty(&m->points[j]) * pr->kg_per_unit;
            d++;
        }
    }
    pp->n_dem = d;

    unsigned int bit = 1u << pr->temperature;
    int fleet = model__has_fleet(m);
    for (size_t h = 0; h < H; h++) {
        const model_hub *hub = &m->hubs[h];
        double t = 0, c = 0;
        int ok = net->hub_usable[h] && hub->capacity_kg[pr->temperature] != 0;
        if (ok) {
            if (!fleet)
                ok = vehicle_rates(m, NULL, pr, &t, &c) == 0;
            else
                ok = best_rates(m, h, bit, pr, &t, &c);
        }
        pp->hub_ok[h] = (unsigned char)ok;
        if (net->hub_factor && !net->listed)
            t *= net->hub_factor[h];
        pp->trate[h] = t;
        pp->co2rate[h] = c;
        pp->rate[h] = t + m->settings.co2_price * c;
        pp->hand[h] = hub->handling_cost_per_kg * pr->kg_per_unit;
    }
    {
        double t = 0, c = 0;
        if (!fleet || !best_rates(m, MODEL_NONE, bit, pr, &t, &c))
            if (!fleet || !best_rates(m, MODEL_NONE, 0, pr, &t, &c))
                if (vehicle_rates(m, NULL, pr, &t, &c) != 0)
                    t = c = 0;
        pp->direct_trate = t;
        pp->direct_co2rate = c;
        pp->direct_rate = t + m->settings.co2_price * c;
    }

    /* first legs sorted by minutes, per hub */
    size_t total = 0;
    for (size_t h = 0; h < H; h++) {
        pp->ord_start[h] = total;
        if (!pp->hub_ok[h])
            continue;
        for (size_t k = 0; k < pp->n_sup; k++)
            if (!isnan(net->km1[pp->sup_producer[k] * H + h]))
                total++;
    }
    pp->ord_start[H] = total;
    pp->ord = core__calloc(NET_NZ(total), sizeof(size_t));
    pp->ord_minutes = core__calloc(NET_NZ(total), sizeof(double));
    ord_item *items = core__calloc(NET_NZ(pp->n_sup), sizeof(ord_item));
    if (!pp->ord || !pp->ord_minutes || !items) {
        free(items);
        return TERROIR_ENOMEM;
    }
    for (size_t h = 0; h < H; h++) {
        size_t n = 0;
        if (!pp->hub_ok[h])
            continue;
        for (size_t k = 0; k < pp->n_sup; k++) {
            size_t at = pp->sup_producer[k] * H + h;
            if (isnan(net->km1[at]))
                continue;
            items[n].minutes = net->min1[at];
            items[n].s = k;
            n++;
        }
        qsort(items, n, sizeof *items, ord_cmp);
        for (size_t k = 0; k < n; k++) {
            pp->ord[pp->ord_start[h] + k] = items[k].s;
            pp->ord_minutes[pp->ord_start[h] + k] = items[k].minutes;
        }
    }
    free(items);
    return build_levels(net, pp);
}

/* Capacity rows (finite, positive capacity of a usable hub for a class that
 * some product of the network moves through it) and self-delivery rows. */
static int build_rows(alloc_network *net)
{
    const terroir_model *m = net->m;
    size_t H = net->n_hubs;
    net->cap_row = core__calloc(NET_NZ(3 * H), sizeof(size_t));
    net->cap_hub = core__calloc(NET_NZ(3 * H), sizeof(size_t));
    net->cap_cls = core__calloc(NET_NZ(3 * H), sizeof(int));
    net->self_row = core__calloc(NET_NZ(net->n_producers), sizeof(size_t));
    net->self_producer = core__calloc(NET_NZ(net->n_producers), sizeof(size_t));
    if (!net->cap_row || !net->cap_hub || !net->cap_cls || !net->self_row || !net->self_producer)
        return TERROIR_ENOMEM;
    for (size_t h = 0; h < H; h++)
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++) {
            int used = 0;
            for (size_t k = 0; k < net->n_prods; k++)
                if (net->prods[k].cls == c && net->prods[k].hub_ok[h] && net->prods[k].n_nodes)
                    used = 1;
            net->cap_row[h * 3 + (size_t)c] = NET_NONE;
            if (used && m->hubs[h].capacity_kg[c] > 0) {
                net->cap_hub[net->n_cap] = h;
                net->cap_cls[net->n_cap] = c;
                net->cap_row[h * 3 + (size_t)c] = net->n_cap++;
            }
        }
    net->n_self = 0;
    for (size_t i = 0; i < net->n_producers; i++) {
        net->self_row[i] = NET_NONE;
        if (net->self_kg[i] > 0) {
            net->self_producer[net->n_self] = i;
            net->self_row[i] = net->n_self++;
        }
    }
    return 0;
}

int net__build(alloc_network *net, const terroir_model *m, const unsigned char *hub_open)
{
    return net__build_calibrated(net, m, hub_open, NULL, NULL);
}

double net__hub_fixed(const alloc_network *net, size_t h)
{
    return net->m->hubs[h].fixed_cost + (net->hub_route_fixed ? net->hub_route_fixed[h] : 0);
}

int net__build_calibrated(alloc_network *net, const terroir_model *m,
                          const unsigned char *hub_open, const double *hub_factor,
                          const double *hub_route_fixed)
{
    int rc = 0;
    memset(net, 0, sizeof *net);
    net->m = m;
    net->hub_factor = hub_factor;
    if (hub_route_fixed) {
        net->hub_route_fixed = core__calloc(NET_NZ(m->n_hubs), sizeof(double));
        if (!net->hub_route_fixed)
            return core__error(TERROIR_ENOMEM, "allocation network: out of memory");
        memcpy(net->hub_route_fixed, hub_route_fixed, m->n_hubs * sizeof(double));
    }
    net->n_products = m->n_products;
    net->n_producers = m->n_producers;
    net->n_hubs = m->n_hubs;
    net->n_points = m->n_points;
    net->listed = m->settings.arcs == TERROIR_ARCS_LISTED;
    net->cap_share = 1.0;
    net->hub_usable = core__calloc(NET_NZ(m->n_hubs), 1);
    net->self_kg = core__calloc(NET_NZ(m->n_producers), sizeof(double));
    net->prods = core__calloc(NET_NZ(m->n_products), sizeof(net_product));
    if (!net->hub_usable || !net->self_kg || !net->prods) {
        rc = TERROIR_ENOMEM;
        goto fail;
    }
    for (size_t h = 0; h < m->n_hubs; h++)
        net->hub_usable[h] = m->hubs[h].status != TERROIR_HUB_CLOSED &&
                             (!hub_open || hub_open[h]);
    for (size_t i = 0; i < m->n_producers; i++)
        if (m->producers[i].self_delivery_kg > 0)
            net->self_kg[i] = m->producers[i].self_delivery_kg;
    if ((rc = build_legs(net)) != 0)
        goto fail;
    for (size_t p = 0; p < m->n_products; p++) {
        net_product *pp = &net->prods[net->n_prods];
        if ((rc = build_product(net, pp, p)) != 0) {
            product_free(pp);
            goto fail;
        }
        if (pp->n_dem == 0) {
            product_free(pp);
            continue;
        }
        pp->dem_base = net->n_dem_total;
        pp->sup_base = net->n_sup_total;
        pp->node_base = net->n_nodes_total;
        pp->arc_base = net->n_arcs_total;
        pp->n_arcs = 2 * pp->ord_start[net->n_hubs] + net->n_hubs * pp->n_dem + pp->n_nodes +
                     pp->n_dir + pp->n_dem;
        net->n_dem_total += pp->n_dem;
        net->n_sup_total += pp->n_sup;
        net->n_nodes_total += pp->n_nodes;
        net->n_arcs_total += pp->n_arcs;
        net->n_prods++;
    }
    if ((rc = build_rows(net)) != 0)
        goto fail;
    net->hub_factor = NULL;
    return 0;
fail:
    net__free(net);
    return core__error(rc, "allocation network: out of memory");
}

int net__self_ok(const alloc_network *net, size_t i, size_t h)
{
    double km = net->km1[i * net->n_hubs + h];
    return net->self_kg[i] > 0 && !isnan(km) &&
           km <= net->m->producers[i].self_delivery_km * (1 + 1e-12) + 1e-9;
}

double net__leg1(const alloc_network *net, const net_product *pp, size_t i, size_t h)
{
    size_t at = i * net->n_hubs + h;
    if (!pp->hub_ok[h] || isnan(net->km1[at]))
        return HUGE_VAL;
    return net->listed ? net->cost1[at] * pp->kpu : pp->rate[h] * net->km1[at];
}

double net__leg2(const alloc_network *net, const net_product *pp, size_t h, size_t j)
{
    size_t at = h * net->n_points + j;
    if (!pp->hub_ok[h] || isnan(net->km2[at]))
        return HUGE_VAL;
    return net->listed ? net->cost2[at] * pp->kpu : pp->rate[h] * net->km2[at];
}

static const net_direct *find_direct(const alloc_network *net, size_t i, size_t j)
{
    const net_direct *best = NULL;
    for (size_t k = net->direct_start[j]; k < net->direct_start[j + 1]; k++) {
        const net_direct *d = &net->direct[k];
        if (d->producer != i)
            continue;
        if (!best || (net->listed && d->cost_per_kg < best->cost_per_kg))
            best = d;
    }
    return best;
}

int net__path(const alloc_network *net, const net_product *pp, size_t s, size_t h, size_t d,
              net_mode mode, double *transport, double *co2, double *handling, double *km,
              double *minutes)
{
    size_t i = pp->sup_producer[s], j = pp->dem_point[d];
    double tr, c, hd, k, mn;
    if (mode == NET_DIRECT) {
        const net_direct *dr = find_direct(net, i, j);
        if (!dr || !net__fits(dr->minutes, 0, pp->shelf_minutes))
            return -1;
        if (net->listed) {
            tr = dr->cost_per_kg * pp->kpu;
            c = 0;
        } else {
            tr = pp->direct_trate * dr->km;
            c = pp->direct_co2rate * dr->km;
        }
        hd = 0;
        k = dr->km;
        mn = dr->minutes;
    } else {
        size_t a1 = i * net->n_hubs + h, a2 = h * net->n_points + j;
        if (h >= net->n_hubs || !pp->hub_ok[h] || isnan(net->km1[a1]) || isnan(net->km2[a2]))
            return -1;
        if (!net__fits(net->min1[a1], net->min2[a2], pp->shelf_minutes))
            return -1;
        if (mode == NET_SELF && !net__self_ok(net, i, h))
            return -1;
        double first = mode == NET_SELF ? 0.0 : 1.0;
        if (net->listed) {
            tr = (first * net->cost1[a1] + net->cost2[a2]) * pp->kpu;
            c = 0;
        } else {
            tr = pp->trate[h] * (first * net->km1[a1] + net->km2[a2]);
            c = pp->co2rate[h] * (first * net->km1[a1] + net->km2[a2]);
        }
        hd = pp->hand[h];
        k = net->km1[a1] + net->km2[a2];
        mn = net->min1[a1] + net->min2[a2];
    }
    if (transport)
        *transport = tr;
    if (co2)
        *co2 = c;
    if (handling)
        *handling = hd;
    if (km)
        *km = k;
    if (minutes)
        *minutes = mn;
    return 0;
}

double net__path_cost(const alloc_network *net, const net_product *pp, size_t s, size_t h,
                      size_t d, net_mode mode)
{
    size_t i = pp->sup_producer[s], j = pp->dem_point[d];
    if (net__path(net, pp, s, h, d, mode, NULL, NULL, NULL, NULL, NULL) != 0)
        return HUGE_VAL;
    if (mode == NET_DIRECT) {
        const net_direct *dr = find_direct(net, i, j);
        return net->listed ? dr->cost_per_kg * pp->kpu : pp->direct_rate * dr->km;
    }
    double first = mode == NET_SELF ? 0.0 : net__leg1(net, pp, i, h);
    return first + net__leg2(net, pp, h, j) + pp->hand[h];
}
