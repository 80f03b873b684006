/* The arcs and rows of the allocation's flow formulation (network.h): the
 * index spaces shared by the column generation, the plain LP and the design
 * MIP, and the decoding of a global arc id into its type, ends, cost and
 * coefficients.  Decoding is computed, not stored, so that a network of
 * hundreds of thousands of arcs costs no per-arc memory. */
#include <math.h>
#include <string.h>

#include "alloc/network.h"

size_t net__row_count(const alloc_network *net, net_row_kind kind)
{
    switch (kind) {
    case NET_ROW_DEMAND: return net->n_dem_total;
    case NET_ROW_SUPPLY: return net->n_sup_total;
    case NET_ROW_NODE: return net->n_nodes_total;
    case NET_ROW_CAP: return net->n_cap;
    case NET_ROW_SELF: return net->n_self;
    }
    return 0;
}

/* The product owning global index `g` of a space whose per-product base is
 * read by `base_of` (binary search over the products). */
static size_t prod_of(const alloc_network *net, size_t g, int which)
{
    size_t lo = 0, hi = net->n_prods;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        const net_product *pp = &net->prods[mid];
        size_t base = which == 0 ? pp->dem_base : which == 1 ? pp->sup_base : pp->arc_base;
        if (base <= g)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

double net__row_rhs(const alloc_network *net, net_row_kind kind, size_t row)
{
    switch (kind) {
    case NET_ROW_DEMAND: {
        const net_product *pp = &net->prods[prod_of(net, row, 0)];
        return pp->dem_qty[row - pp->dem_base];
    }
    case NET_ROW_SUPPLY: {
        const net_product *pp = &net->prods[prod_of(net, row, 1)];
        return pp->sup_qty[row - pp->sup_base];
    }
    case NET_ROW_NODE: return 0;
    case NET_ROW_CAP:
        return net->cap_share * net->m->hubs[net->cap_hub[row]].capacity_kg[net->cap_cls[row]];
    case NET_ROW_SELF: return net->self_kg[net->self_producer[row]];
    }
    return 0;
}

double net__dir_cost(const alloc_network *net, const net_product *pp, size_t a, double *transport,
                     double *co2, double *km)
{
    const net_direct *dr = &net->direct[pp->dir_arc[a]];
    double tr, c;
    if (net->listed) {
        tr = dr->cost_per_kg * pp->kpu;
        c = 0;
    } else {
        tr = pp->direct_trate * dr->km;
        c = pp->direct_co2rate * dr->km;
    }
    if (transport)
        *transport = tr;
    if (co2)
        *co2 = c;
    if (km)
        *km = dr->km;
    return net->listed ? tr : pp->direct_rate * dr->km;
}

static void add_coef(net_arc *a, net_row_kind kind, size_t row, double coef)
{
    a->kind[a->n] = kind;
    a->row[a->n] = row;
    a->coef[a->n] = coef;
    a->n++;
}

int net__arc(const alloc_network *net, size_t id, net_arc *out)
{
    size_t k = prod_of(net, id, 2);
    const net_product *pp = &net->prods[k];
    size_t H = net->n_hubs, D = pp->n_dem, T = pp->ord_start[H];
    size_t a = id - pp->arc_base;
    memset(out, 0, sizeof *out);
    out->prod = k;
    out->local = a;
    out->sup = out->dem = out->hub = out->q = NET_NONE;
    out->node_from = out->node_to = NET_NONE;
    if (a < 2 * T) {
        int self = a >= T;
        size_t q = self ? a - T : a;
        size_t node = pp->ord_node[q];
        if (node == NET_NONE)
            return -1;
        size_t h = pp->node_hub[node], s = pp->ord[q], i = pp->sup_producer[s];
        if (self && !net__self_ok(net, i, h))
            return -1;
        out->type = self ? NET_ARC_SELF : NET_ARC_COLLECT;
        out->sup = s;
        out->hub = h;
        out->q = q;
        out->node_to = node;
        out->cost = (self ? 0.0 : net__leg1(net, pp, i, h)) + pp->hand[h];
        out->ub = pp->sup_qty[s];
        add_coef(out, NET_ROW_SUPPLY, pp->sup_base + s, 1.0);
        add_coef(out, NET_ROW_NODE, pp->node_base + node, 1.0);
        size_t cr = net->cap_row[h * 3 + (size_t)pp->cls];
        if (cr != NET_NONE && pp->kpu > 0)
            add_coef(out, NET_ROW_CAP, cr, pp->kpu);
        if (self && pp->kpu > 0)
            add_coef(out, NET_ROW_SELF, net->self_row[i], pp->kpu);
        return 0;
    }
    a -= 2 * T;
    if (a < H * D) {
        size_t h = a / (NET_NZ(D)), d = a % (NET_NZ(D));
        size_t node = pp->dem_node[a];
        if (node == NET_NONE)
            return -1;
        out->type = NET_ARC_DELIVER;
        out->dem = d;
        out->hub = h;
        out->node_from = node;
        out->cost = net__leg2(net, pp, h, pp->dem_point[d]);
        out->ub = pp->dem_qty[d];
        add_coef(out, NET_ROW_NODE, pp->node_base + node, -1.0);
        add_coef(out, NET_ROW_DEMAND, pp->dem_base + d, 1.0);
        return 0;
    }
    a -= H * D;
    if (a < pp->n_nodes) {
        size_t h = pp->node_hub[a];
        if (a + 1 >= pp->node_start[h + 1])
            return -1;
        out->type = NET_ARC_CHAIN;
        out->hub = h;
        out->node_from = a;
        out->node_to = a + 1;
        out->cost = 0;
        out->ub = HUGE_VAL;
        add_coef(out, NET_ROW_NODE, pp->node_base + a, -1.0);
        add_coef(out, NET_ROW_NODE, pp->node_base + a + 1, 1.0);
        return 0;
    }
    a -= pp->n_nodes;
    if (a < pp->n_dir) {
        size_t s = pp->dir_sup[a], d = pp->dir_dem[a];
        out->type = NET_ARC_DIRECT;
        out->sup = s;
        out->dem = d;
        out->cost = net__dir_cost(net, pp, a, NULL, NULL, NULL);
        out->ub = pp->sup_qty[s] < pp->dem_qty[d] ? pp->sup_qty[s] : pp->dem_qty[d];
        add_coef(out, NET_ROW_SUPPLY, pp->sup_base + s, 1.0);
        add_coef(out, NET_ROW_DEMAND, pp->dem_base + d, 1.0);
        return 0;
    }
    a -= pp->n_dir;
    if (a < D) {
        out->type = NET_ARC_UNSERVED;
        out->dem = a;
        out->cost = pp->dem_pen[a];
        out->ub = pp->dem_qty[a];
        add_coef(out, NET_ROW_DEMAND, pp->dem_base + a, 1.0);
        return 0;
    }
    return -1;
}
