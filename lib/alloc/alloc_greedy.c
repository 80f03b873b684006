/* A greedy allocation that seeds the column generation (alloc_cg.c) with the
 * arcs of a good feasible flow, so that the first restricted LP already
 * holds a near-optimal solution and later rounds only correct it.
 *
 * Product by product, demand lines in decreasing order of penalty take the
 * cheapest path still available — through each hub, the cheapest first leg
 * (collected or self-delivered, by cost) whose producer has supply left,
 * whose node reaches the line's node (shelf life) and whose hub has capacity
 * left in the class; or a direct arc — as long as it is cheaper than the
 * penalty, until the line is served.  Producers whose supply is used up are
 * skipped once for good (a pointer per hub); the scan for a reachable one
 * is bounded, which only makes the seed a little worse, never wrong: the
 * seed is a set of arcs, and optimality comes from the pricing.  Its flow
 * itself, feasible, is what the allocation falls back on when GLPK fails
 * (alloc_cg.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc/alloc_internal.h"

#define GREEDY_SCAN 64 /* first legs looked at per hub and step */
#define GREEDY_EPS 1e-9

typedef struct leg {
    double cost;
    size_t local; /* local arc index: q (collect) or T + q (self) */
} leg;

static int leg_cmp(const void *a, const void *b)
{
    const leg *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return x->local < y->local ? -1 : x->local > y->local;
}

typedef struct by_pen {
    double pen;
    size_t d;
} by_pen;

static int pen_cmp(const void *a, const void *b)
{
    const by_pen *x = a, *y = b;
    if (x->pen != y->pen)
        return x->pen > y->pen ? -1 : 1;
    return x->d < y->d ? -1 : x->d > y->d;
}

/* Mark arc `id` as in the seed. */
static void mark(unsigned char *in, size_t *n_in, size_t id)
{
    if (in && !in[id]) {
        in[id] = 1;
        (*n_in)++;
    }
}

int alloc__greedy(const alloc_network *net, const unsigned char *hub_mask, unsigned char *in,
                  size_t *n_in, double *x)
{
    const terroir_model *m = net->m;
    size_t H = net->n_hubs;
    int rc = 0;
    size_t max_t = 1, max_d = 1, max_s = 1;
    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        if (2 * pp->ord_start[H] > max_t)
            max_t = 2 * pp->ord_start[H];
        if (pp->n_dem > max_d)
            max_d = pp->n_dem;
        if (pp->n_sup > max_s)
            max_s = pp->n_sup;
    }
    leg *legs = core__calloc(max_t, sizeof(leg));
    size_t *start = core__calloc(H + 1, sizeof(size_t));
    size_t *ptr = core__calloc(NET_NZ(H), sizeof(size_t));
    by_pen *order = core__calloc(max_d, sizeof(by_pen));
    size_t *dir_first = core__calloc(max_d + 1, sizeof(size_t));
    double *rem = core__calloc(max_s, sizeof(double));
    double *cap_left = core__calloc(NET_NZ(3 * H), sizeof(double));
    double *self_left = core__calloc(NET_NZ(net->n_producers), sizeof(double));
    if (!legs || !start || !ptr || !order || !dir_first || !rem || !cap_left || !self_left) {
        rc = core__error(TERROIR_ENOMEM, "allocation seed: out of memory");
        goto out;
    }
    for (size_t h = 0; h < H; h++)
        for (int c = 0; c < 3; c++) {
            double cap = m->hubs[h].capacity_kg[c];
            cap_left[h * 3 + (size_t)c] = cap < 0 ? HUGE_VAL : cap;
        }
    for (size_t i = 0; i < net->n_producers; i++)
        self_left[i] = net->self_kg[i];
    if (x)
        memset(x, 0, net->n_arcs_total * sizeof *x);

    for (size_t k = 0; k < net->n_prods; k++) {
        const net_product *pp = &net->prods[k];
        size_t T = pp->ord_start[H], D = pp->n_dem;
        double kpu = pp->kpu;
        /* first legs of each hub, cheapest first */
        size_t n = 0;
        for (size_t h = 0; h < H; h++) {
            start[h] = n;
            ptr[h] = n;
            for (size_t q = pp->ord_start[h]; q < pp->ord_start[h + 1]; q++) {
                if (pp->ord_node[q] == NET_NONE)
                    continue;
                size_t i = pp->sup_producer[pp->ord[q]];
                legs[n].cost = net__leg1(net, pp, i, h) + pp->hand[h];
                legs[n++].local = q;
                if (net__self_ok(net, i, h)) {
                    legs[n].cost = pp->hand[h];
                    legs[n++].local = T + q;
                }
            }
            qsort(legs + start[h], n - start[h], sizeof(leg), leg_cmp);
        }
        start[H] = n;
        for (size_t s = 0; s < pp->n_sup; s++)
            rem[s] = pp->sup_qty[s];
        for (size_t d = 0, a = 0; d <= D; d++) {
            dir_first[d] = a;
            while (d < D && a < pp->n_dir && pp->dir_dem[a] == d)
                a++;
        }
        for (size_t d = 0; d < D; d++) {
            order[d].pen = pp->dem_pen[d];
            order[d].d = d;
        }
        qsort(order, D, sizeof *order, pen_cmp);

        for (size_t o = 0; o < D; o++) {
            size_t d = order[o].d, j = pp->dem_point[d];
            double need = pp->dem_qty[d];
            for (size_t step = 0; step < 2 * H + 8 && need > GREEDY_EPS * (1 + pp->dem_qty[d]);
                 step++) {
                double best = pp->dem_pen[d];
                size_t best_leg = NET_NONE, best_hub = NET_NONE, best_dir = NET_NONE;
                for (size_t h = 0; h < H; h++) {
                    size_t node = pp->dem_node[h * D + d];
                    if (node == NET_NONE || cap_left[h * 3 + (size_t)pp->cls] <= GREEDY_EPS ||
                        (hub_mask && !hub_mask[h]))
                        continue;
                    double leg2 = net__leg2(net, pp, h, j);
                    for (size_t t = ptr[h]; t < start[h + 1] && t < ptr[h] + GREEDY_SCAN; t++) {
                        size_t local = legs[t].local, q = local < T ? local : local - T;
                        size_t s = pp->ord[q];
                        if (rem[s] <= GREEDY_EPS) {
                            if (t == ptr[h])
                                ptr[h]++;
                            continue;
                        }
                        if (pp->ord_node[q] > node)
                            continue;
                        if (local >= T && self_left[pp->sup_producer[s]] <= GREEDY_EPS)
                            continue;
                        if (legs[t].cost + leg2 < best) {
                            best = legs[t].cost + leg2;
                            best_leg = local;
                            best_hub = h;
                            best_dir = NET_NONE;
                        }
                        break;
                    }
                }
                for (size_t a = dir_first[d]; a < dir_first[d + 1]; a++) {
                    double cost = net__dir_cost(net, pp, a, NULL, NULL, NULL);
                    if (rem[pp->dir_sup[a]] > GREEDY_EPS && cost < best) {
                        best = cost;
                        best_dir = a;
                        best_leg = NET_NONE;
                    }
                }
                double amount = need;
                size_t id1, id2 = NET_NONE, node_in = NET_NONE, node_out = NET_NONE;
                if (best_dir != NET_NONE) {
                    size_t s = pp->dir_sup[best_dir];
                    if (rem[s] < amount)
                        amount = rem[s];
                    rem[s] -= amount;
                    id1 = pp->arc_base + 2 * T + H * D + pp->n_nodes + best_dir;
                } else if (best_leg != NET_NONE) {
                    size_t q = best_leg < T ? best_leg : best_leg - T;
                    size_t s = pp->ord[q], i = pp->sup_producer[s];
                    double *cl = &cap_left[best_hub * 3 + (size_t)pp->cls];
                    if (rem[s] < amount)
                        amount = rem[s];
                    if (kpu > 0 && *cl / kpu < amount)
                        amount = *cl / kpu;
                    if (best_leg >= T && kpu > 0 && self_left[i] / kpu < amount)
                        amount = self_left[i] / kpu;
                    rem[s] -= amount;
                    if (!isinf(*cl))
                        *cl -= amount * kpu;
                    if (best_leg >= T)
                        self_left[i] -= amount * kpu;
                    id1 = pp->arc_base + best_leg;
                    id2 = pp->arc_base + 2 * T + best_hub * D + d;
                    node_in = pp->ord_node[q];
                    node_out = pp->dem_node[best_hub * D + d];
                } else {
                    break; /* nothing cheaper than the penalty is left */
                }
                need -= amount;
                mark(in, n_in, id1);
                if (id2 != NET_NONE)
                    mark(in, n_in, id2);
                if (x) {
                    x[id1] += amount;
                    if (id2 != NET_NONE)
                        x[id2] += amount;
                    /* up the hub's chain from the node the producer enters
                     * to the node that serves the line */
                    for (size_t up = node_in; node_in != NET_NONE && up < node_out; up++)
                        x[pp->arc_base + 2 * T + H * D + up] += amount;
                }
            }
            if (x && need > 0)
                x[pp->arc_base + pp->n_arcs - D + d] = need; /* unserved */
        }
    }
out:
    free(legs);
    free(start);
    free(ptr);
    free(order);
    free(dir_first);
    free(rem);
    free(cap_left);
    free(self_left);
    return rc;
}
