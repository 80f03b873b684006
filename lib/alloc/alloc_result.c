/* From an arc solution of the flow formulation to what a planner reads:
 * flows by path (producer, hub, point), costs and KPIs, hub throughput and
 * the value of extra capacity, and unserved demand with its reason.
 *
 * Paths come from a flow decomposition of each hub's node chain: nodes are
 * visited in chain order; the first legs entering a node join a FIFO of
 * pieces, and the deliveries of the node take from the front.  Every piece
 * in the FIFO entered at the current node or below, so it may serve the
 * node's points within the shelf life (network.h), and flow conservation
 * guarantees enough is queued.  Any decomposition has the same cost because
 * costs sit on arcs.
 *
 * Reasons (alloc.h): with y the duals of the final LP, every path has a
 * reduced cost >= 0, so a path cheaper than the penalty of demand left
 * unserved must cross a binding hub capacity (capacity dual > 0) or start
 * at a producer whose supply is used up (supply dual > 0).  The checks use
 * pure costs of the cheapest path through each hub (prefix minima of the
 * first legs along the node chain). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/alloc_internal.h"

#define FLOW_EPS 1e-9

typedef struct piece {
    size_t s;
    net_mode mode;
    double rem;
} piece;

typedef struct builder {
    const alloc_network *net;
    const alloc_sol *sol;
    alloc_result *out;
    size_t cap_flows, cap_unserved;
} builder;

static int emit(builder *b, const net_product *pp, size_t s, size_t h, size_t d, net_mode mode,
                double q)
{
    const alloc_network *net = b->net;
    alloc_result *r = b->out;
    double tr = 0, co2 = 0, hd = 0, km = 0;
    if (q <= FLOW_EPS * (1 + pp->dem_qty[d]))
        return 0;
    if (mode == NET_DIRECT) {
        /* h carries the product-local direct arc index here */
        net__dir_cost(net, pp, h, &tr, &co2, &km);
        h = NET_NONE;
    } else if (net__path(net, pp, s, h, d, mode, &tr, &co2, &hd, &km, NULL) != 0) {
        return core__error(TERROIR_EINTERNAL, "allocation: decomposed path does not exist");
    }
    if (core__grow((void **)&r->flows, &b->cap_flows, r->n_flows + 1, sizeof(alloc_flow)) != 0)
        return TERROIR_ENOMEM;
    alloc_flow *f = &r->flows[r->n_flows++];
    f->product = pp->product;
    f->producer = pp->sup_producer[s];
    f->hub = h == NET_NONE ? MODEL_NONE : h;
    f->point = pp->dem_point[d];
    f->quantity = q;
    f->kg = q * pp->kpu;
    f->km = km;
    f->cost = q * (tr + hd);
    r->cost.transport += q * tr;
    r->cost.handling += q * hd;
    r->co2_kg += q * co2;
    r->tonne_km += f->kg / 1000.0 * km;
    return 0;
}

static int flow_cmp(const void *a, const void *b)
{
    const alloc_flow *x = a, *y = b;
#define CMP(f)                                                                                     \
    if (x->f != y->f)                                                                              \
        return x->f < y->f ? -1 : 1;
    CMP(product)
    CMP(point)
    CMP(hub)
    CMP(producer)
#undef CMP
    return 0;
}

typedef struct dem_at {
    size_t node, d;
} dem_at;

static int dem_at_cmp(const void *a, const void *b)
{
    const dem_at *x = a, *y = b;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    return x->d < y->d ? -1 : x->d > y->d;
}

static int decompose(builder *b)
{
    const alloc_network *net = b->net;
    const double *x = b->sol->x;
    size_t H = net->n_hubs;
    size_t max_sup = 1, max_dem = 1;
    for (size_t k = 0; k < net->n_prods; k++) {
        size_t t = 2 * (net->prods[k].ord_start[H] + 1);
        if (t > max_sup)
            max_sup = t;
        if (net->prods[k].n_dem > max_dem)
            max_dem = net->prods[k].n_dem;
    }
    piece *queue = core__calloc(max_sup, sizeof(piece));
    dem_at *dems = core__calloc(max_dem, sizeof(dem_at));
    int rc = 0;
    if (!queue || !dems) {
        rc = TERROIR_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        size_t T = pp->ord_start[H], D = pp->n_dem;
        const double *xa = x + pp->arc_base;
        for (size_t h = 0; h < H; h++) {
            if (pp->node_start[h] == pp->node_start[h + 1])
                continue;
            size_t nd = 0;
            for (size_t d = 0; d < D; d++) {
                size_t node = pp->dem_node[h * D + d];
                if (node != NET_NONE && xa[2 * T + h * D + d] > 0) {
                    dems[nd].node = node;
                    dems[nd].d = d;
                    nd++;
                }
            }
            qsort(dems, nd, sizeof *dems, dem_at_cmp);
            size_t head = 0, tail = 0, q = pp->ord_start[h], di = 0;
            for (size_t n = pp->node_start[h]; n < pp->node_start[h + 1]; n++) {
                for (; q < pp->ord_start[h + 1] && pp->ord_node[q] != NET_NONE &&
                       pp->ord_node[q] <= n;
                     q++) {
                    if (xa[q] > 0)
                        queue[tail++] = (piece){pp->ord[q], NET_COLLECT, xa[q]};
                    if (xa[T + q] > 0)
                        queue[tail++] = (piece){pp->ord[q], NET_SELF, xa[T + q]};
                }
                for (; di < nd && dems[di].node == n; di++) {
                    size_t d = dems[di].d;
                    double need = xa[2 * T + h * D + d];
                    while (need > FLOW_EPS * (1 + pp->dem_qty[d]) && head < tail) {
                        piece *pc = &queue[head];
                        double take = pc->rem < need ? pc->rem : need;
                        if ((rc = emit(b, pp, pc->s, h, d, pc->mode, take)) != 0)
                            goto out;
                        pc->rem -= take;
                        need -= take;
                        if (pc->rem <= FLOW_EPS * (1 + pp->sup_qty[pc->s]))
                            head++;
                    }
                }
            }
        }
        for (size_t a = 0; a < pp->n_dir; a++) {
            double v = xa[2 * T + H * D + pp->n_nodes + a];
            if (v > 0 && (rc = emit(b, pp, pp->dir_sup[a], a, pp->dir_dem[a], NET_DIRECT, v)) != 0)
                goto out;
        }
    }
    /* merge flows of the same product, point, hub and producer */
    alloc_result *r = b->out;
    if (r->n_flows > 1) {
        qsort(r->flows, r->n_flows, sizeof *r->flows, flow_cmp);
        size_t w = 0;
        for (size_t i = 1; i < r->n_flows; i++) {
            if (flow_cmp(&r->flows[w], &r->flows[i]) == 0) {
                r->flows[w].quantity += r->flows[i].quantity;
                r->flows[w].kg += r->flows[i].kg;
                r->flows[w].cost += r->flows[i].cost;
            } else {
                r->flows[++w] = r->flows[i];
            }
        }
        r->n_flows = w + 1;
    }
out:
    free(queue);
    free(dems);
    return rc;
}

/* ---- unserved demand and its reason */

static int add_unserved(builder *b, const net_product *pp, size_t d, double q,
                        terroir_unserved_reason reason, char *detail)
{
    alloc_result *r = b->out;
    if (!detail)
        return TERROIR_ENOMEM;
    if (core__grow((void **)&r->unserved, &b->cap_unserved, r->n_unserved + 1,
                   sizeof(alloc_unserved)) != 0) {
        free(detail);
        return TERROIR_ENOMEM;
    }
    alloc_unserved *u = &r->unserved[r->n_unserved++];
    u->point = pp->dem_point[d];
    u->product = pp->product;
    u->quantity = q;
    u->kg = q * pp->kpu;
    u->reason = reason;
    u->detail = detail;
    return 0;
}

static int classify(builder *b)
{
    const alloc_network *net = b->net;
    const terroir_model *m = net->m;
    const alloc_sol *sol = b->sol;
    size_t H = net->n_hubs, J = net->n_points;
    size_t maxn = 1;
    int rc = 0;
    for (size_t k = 0; k < net->n_prods; k++)
        if (net->prods[k].n_nodes > maxn)
            maxn = net->prods[k].n_nodes;
    double *bc = core__calloc(maxn, sizeof(double));
    double *bs = core__calloc(maxn, sizeof(double));
    size_t *bl = core__calloc(maxn, sizeof(size_t));
    double *minfirst = core__calloc(NET_NZ(H), sizeof(double));
    int have_duals = sol->dual[NET_ROW_SUPPLY] && sol->dual[NET_ROW_CAP];
    if (!bc || !bs || !bl || !minfirst) {
        rc = TERROIR_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        const model_product *pr = &m->products[pp->product];
        const char *cls = terroir_temperature_to_string((terroir_temperature)pp->cls);
        size_t T = pp->ord_start[H], D = pp->n_dem;
        const double *xa = sol->x + pp->arc_base;
        int prepared = 0;
        /* When all of a product's supply is shipped, the shortage is the
         * root reason for what stays unserved, whatever capacity duals a
         * degenerate LP shows (no hub capacity could serve more). */
        double supply = 0, demand = 0, unserved = 0;
        for (size_t s = 0; s < pp->n_sup; s++)
            supply += pp->sup_qty[s];
        for (size_t d = 0; d < D; d++) {
            demand += pp->dem_qty[d];
            unserved += xa[2 * T + H * D + pp->n_nodes + pp->n_dir + d];
        }
        int exhausted = pp->n_sup > 0 && demand - unserved >= supply * (1 - 1e-9) - 1e-9;
        for (size_t d = 0; d < D; d++) {
            double q = xa[2 * T + H * D + pp->n_nodes + pp->n_dir + d];
            size_t j = pp->dem_point[d];
            const char *pt = m->points[j].base.id;
            if (q <= 0)
                continue;
            if (pp->n_sup == 0) {
                rc = add_unserved(b, pp, d, q, TERROIR_UNSERVED_NO_SUPPLY,
                                  core__asprintf("no producer supplies %s", pr->id));
                if (rc)
                    goto out;
                continue;
            }
            if (!prepared) {
                alloc__best_first_legs(net, pp, NULL, bc, bl);
                if (have_duals)
                    alloc__best_first_legs(net, pp, sol->dual, bs, bl);
                else
                    memcpy(bs, bc, pp->n_nodes * sizeof(double));
                alloc__best_first_legs(net, pp, NULL, bc, bl);
                for (size_t h = 0; h < H; h++) {
                    minfirst[h] = HUGE_VAL;
                    for (size_t s = 0; s < pp->n_sup; s++) {
                        double t = net->min1[pp->sup_producer[s] * H + h];
                        if (!isnan(net->km1[pp->sup_producer[s] * H + h]) && t < minfirst[h])
                            minfirst[h] = t;
                    }
                }
                prepared = 1;
            }
            /* compatible paths within shelf life: through a node, or direct */
            int any_c = 0;
            for (size_t h = 0; h < H && !any_c; h++)
                if (pp->dem_node[h * D + d] != NET_NONE)
                    any_c = 1;
            for (size_t a = 0; a < pp->n_dir && !any_c; a++)
                if (pp->dir_dem[a] == d)
                    any_c = 1;
            if (!any_c) {
                /* ignoring the temperature rule: any path, fastest path */
                int any_a = 0;
                double fastest = HUGE_VAL;
                for (size_t h = 0; h < H; h++) {
                    if (!net->hub_usable[h] || isnan(net->km2[h * J + j]) || isinf(minfirst[h]))
                        continue;
                    any_a = 1;
                    double t = minfirst[h] + net->min2[h * J + j];
                    if (t < fastest)
                        fastest = t;
                }
                for (size_t a = net->direct_start[j]; a < net->direct_start[j + 1]; a++) {
                    if (pp->sup_of_producer[net->direct[a].producer] == NET_NONE)
                        continue;
                    any_a = 1;
                    if (net->direct[a].minutes < fastest)
                        fastest = net->direct[a].minutes;
                }
                if (any_a && pp->shelf_minutes > 0 && !net__fits(fastest, 0, pp->shelf_minutes))
                    rc = add_unserved(
                        b, pp, d, q, TERROIR_UNSERVED_SHELF_LIFE,
                        core__asprintf("no producer of %s can reach %s within its shelf life of "
                                       "%.4g h (fastest path: %.4g h)",
                                       pr->id, pt, pr->shelf_life_hours, fastest / 60.0));
                else if (any_a)
                    rc = add_unserved(
                        b, pp, d, q, TERROIR_UNSERVED_COMPATIBILITY,
                        core__asprintf("no open hub on the way to %s handles %s products with a "
                                       "vehicle for them (%s)",
                                       pt, cls, pr->id));
                else
                    rc = add_unserved(
                        b, pp, d, q, TERROIR_UNSERVED_COMPATIBILITY,
                        core__asprintf("no open hub or arc connects a producer of %s to %s",
                                       pr->id, pt));
                if (rc)
                    goto out;
                continue;
            }
            if (exhausted) {
                rc = add_unserved(b, pp, d, q, TERROIR_UNSERVED_SUPPLY_SHORT,
                                  core__asprintf("all %.6g %s of %s supplied are used; demand is "
                                                 "%.6g",
                                                 supply, pr->unit ? pr->unit : "kg", pr->id,
                                                 demand));
                if (rc)
                    goto out;
                continue;
            }
            /* Cheapest path through each hub versus the penalty: c without
             * prices, a with the price of the supply it uses.  Optimal duals
             * give pen <= a + kpu * capacity value on every path: of the gap
             * pen - c of a path worth taking, a - c is what the supply it
             * would take is worth elsewhere and pen - a what the hub's
             * capacity blocks; the larger names the reason. */
            double pen = pp->dem_pen[d], tol = 1e-6 * (1 + pen), best = HUGE_VAL, best_gap = 0;
            double best_cap = 0;
            size_t cap_hub = NET_NONE;
            int supply_short = 0;
            for (size_t h = 0; h < H; h++) {
                size_t n = pp->dem_node[h * D + d];
                if (n == NET_NONE || bl[n] == NET_NONE)
                    continue;
                double leg2 = net__leg2(net, pp, h, j);
                double c = bc[n] + leg2, a = bs[n] + leg2;
                if (c < best)
                    best = c;
                if (!(c < pen - tol))
                    continue;
                size_t cr = net->cap_row[h * 3 + (size_t)pp->cls];
                double value = cr != NET_NONE && have_duals ? -sol->dual[NET_ROW_CAP][cr] : 0;
                /* capacity when it blocks more of the gap pen - c than the
                 * supply price does */
                if (a < pen - tol && value > 0 && pen - a > a - c && pen - a > best_gap) {
                    best_gap = pen - a;
                    best_cap = value;
                    cap_hub = h;
                } else {
                    supply_short = 1;
                }
            }
            for (size_t a = 0; a < pp->n_dir; a++) {
                if (pp->dir_dem[a] != d)
                    continue;
                double cost = net__dir_cost(net, pp, a, NULL, NULL, NULL);
                if (cost < best)
                    best = cost;
                if (cost < pen - tol)
                    supply_short = 1;
            }
            if (cap_hub != NET_NONE)
                rc = add_unserved(b, pp, d, q, TERROIR_UNSERVED_HUB_CAPACITY,
                                  core__asprintf("the %s capacity of hub %s is used up; one more "
                                                 "kg there would save %.4g this cycle",
                                                 cls, m->hubs[cap_hub].base.id, best_cap));
            else if (supply_short)
                rc = add_unserved(b, pp, d, q, TERROIR_UNSERVED_SUPPLY_SHORT,
                                  core__asprintf("the supply of %s that can reach %s is used up by "
                                                 "other points",
                                                 pr->id, pt));
            else
                rc = add_unserved(b, pp, d, q, TERROIR_UNSERVED_COST,
                                  core__asprintf("bringing %s to %s costs at least %.4g per %s, "
                                                 "more than the unserved penalty of %.4g",
                                                 pr->id, pt, best, pr->unit, pen));
            if (rc)
                goto out;
        }
    }
out:
    free(bc);
    free(bs);
    free(bl);
    free(minfirst);
    return rc;
}

void alloc__result_free(alloc_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->n_unserved; k++)
        free(r->unserved[k].detail);
    free(r->unserved);
    free(r->flows);
    free(r->hubs);
    memset(r, 0, sizeof *r);
}

int alloc__result_build(const alloc_network *net, const alloc_sol *sol,
                        const unsigned char *hub_open, alloc_result *out)
{
    const terroir_model *m = net->m;
    builder b;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&b, 0, sizeof b);
    b.net = net;
    b.sol = sol;
    b.out = out;
    out->status = sol->status;
    out->rounds = sol->rounds;
    out->columns = sol->columns;
    out->n_hubs = m->n_hubs;
    out->hubs = core__calloc(NET_NZ(m->n_hubs), sizeof(alloc_hub));
    if (!out->hubs) {
        rc = TERROIR_ENOMEM;
        goto fail;
    }
    for (size_t h = 0; h < m->n_hubs; h++) {
        out->hubs[h].open = net->hub_usable[h];
        if (alloc__pays_fixed_cost(m, h, hub_open))
            out->cost.fixed_hub += m->hubs[h].fixed_cost;
    }
    for (size_t r = 0; r < net->n_cap; r++) {
        double v = sol->dual[NET_ROW_CAP] ? -sol->dual[NET_ROW_CAP][r] : 0;
        out->hubs[net->cap_hub[r]].capacity_value_per_kg[net->cap_cls[r]] = v > 0 ? v : 0;
    }
    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        size_t T = pp->ord_start[net->n_hubs];
        for (size_t q = 0; q < T; q++) {
            if (pp->ord_node[q] == NET_NONE)
                continue;
            size_t h = pp->node_hub[pp->ord_node[q]];
            double v = sol->x[pp->arc_base + q] + sol->x[pp->arc_base + T + q];
            out->hubs[h].throughput_kg[pp->cls] += v * pp->kpu;
        }
        size_t un0 = pp->arc_base + pp->n_arcs - pp->n_dem;
        for (size_t d = 0; d < pp->n_dem; d++)
            out->cost.unserved_penalty += sol->x[un0 + d] * pp->dem_pen[d];
    }
    if ((rc = decompose(&b)) != 0)
        goto fail;
    if ((rc = classify(&b)) != 0)
        goto fail;
    out->cost.co2 = m->settings.co2_price * out->co2_kg;
    out->objective = out->cost.fixed_hub + out->cost.handling + out->cost.transport +
                     out->cost.co2 + out->cost.unserved_penalty;
    out->bound = sol->bound + out->cost.fixed_hub;
    if (out->status == LP_OPTIMAL || out->bound > out->objective)
        out->bound = out->objective;
    return 0;
fail:
    alloc__result_free(out);
    if (rc == TERROIR_ENOMEM)
        return core__error(rc, "allocation result: out of memory");
    return rc;
}
