/* The allocation network of a model: for each product, its supply lines,
 * demand lines and per-hub transport rates; for each pair of sites, the legs
 * that exist with their km, minutes and (listed models) cost per kg.  Built
 * once per solve from a validated model and hub_open, then read-only; the
 * column generation (alloc_cg.c), the plain LP (alloc_plain.c) and the design
 * stage all read paths through it, so they agree on which paths exist and
 * what they cost.  The rules are documented in alloc.h.  network.c builds
 * it; network_arcs.c decodes its arcs and rows. */
#ifndef TERROIR_ALLOC_NETWORK_H
#define TERROIR_ALLOC_NETWORK_H

#include <stddef.h>

#include "model/model_internal.h"

#define NET_NONE MODEL_NONE
/* At least 1, for allocations of possibly empty arrays. */
#define NET_NZ(n) ((size_t)(n) != 0 ? (size_t)(n) : (size_t)1)

/* Kinds of path. */
typedef enum net_mode {
    NET_COLLECT = 0, /* producer -> hub (hub's fleet) -> point */
    NET_SELF = 1,    /* producer drives to the hub itself, hub's fleet -> point */
    NET_DIRECT = 2   /* producer -> point, no hub */
} net_mode;

/* A direct arc producer -> point (per point, CSR). */
typedef struct net_direct {
    size_t producer;
    double km, minutes;
    double cost_per_kg; /* listed models; NaN otherwise */
} net_direct;

/* One product's view of the network. */
typedef struct net_product {
    size_t product;          /* model product index */
    int cls;                 /* temperature class */
    double kpu;              /* kg per unit */
    double shelf_minutes;    /* 0: no shelf-life limit */
    /* supply lines with quantity > 0 */
    size_t n_sup;
    size_t *sup_producer;
    double *sup_qty;
    size_t *sup_of_producer; /* n_producers: supply line or NET_NONE */
    /* demand lines with quantity > 0 */
    size_t n_dem;
    size_t *dem_point;
    double *dem_qty;
    double *dem_pen;         /* penalty per unit unserved */
    /* per hub: may the product move through it (usable, class handled, fleet) */
    unsigned char *hub_ok;
    double *rate;            /* money per unit-km: transport + co2 price (fleet of the hub) */
    double *trate;           /* transport money per unit-km */
    double *co2rate;         /* kg CO2 per unit-km */
    double *hand;            /* handling money per unit */
    double direct_rate, direct_trate, direct_co2rate;
    /* per hub: supply lines having a first leg to the hub, sorted by its
     * minutes (ascending): ord[ord_start[h] .. ord_start[h+1]) */
    size_t *ord_start;
    size_t *ord;
    double *ord_minutes;
    /* The exact arc formulation of the shelf life.  Each usable hub holds a
     * chain of nodes (levels) 0..K-1 for the product: a demand line d is
     * served from the node whose producer set is exactly the producers
     * whose first leg fits with d's second leg (a prefix of ord, of length
     * c_k, c_0 < c_1 < ... < c_{K-1}); a producer at ord position q enters
     * at the first node with c_k > q, and flow moves up the chain (k -> k+1,
     * cost 0) to nodes whose prefixes contain it.  So a unit from producer
     * s reaches demand line d iff the path fits: exact, with at most
     * min(suppliers, demand lines) nodes per hub (one when there is no
     * shelf life).  Node indices are product-local. */
    size_t *node_start;  /* H + 1: nodes of hub h are node_start[h] .. node_start[h+1]-1 */
    size_t n_nodes;
    size_t *node_hub;    /* n_nodes */
    size_t *ord_node;    /* per ord entry: node entered, NET_NONE when it reaches no point */
    size_t *dem_node;    /* [h * n_dem + d]: node serving d at h, or NET_NONE */
    /* direct arcs of the product (supplier with supply, within shelf life) */
    size_t n_dir;
    size_t *dir_sup, *dir_dem, *dir_arc; /* supply line, demand line, index in net->direct */
    /* Offsets of this product in the network's global index spaces. */
    size_t dem_base, sup_base, node_base, arc_base, n_arcs;
} net_product;

/* Arcs of the flow formulation.  Each product has a local arc space:
 *   [0, T)          NET_ARC_COLLECT  supply line ord[q] -> node ord_node[q] (hub's fleet)
 *   [T, 2T)         NET_ARC_SELF     the same, driven by the producer
 *   [2T, +H*D)      NET_ARC_DELIVER  node dem_node[h*D+d] -> demand line d
 *   [.., +N)        NET_ARC_CHAIN    node n -> node n+1 (same hub)
 *   [.., +n_dir)    NET_ARC_DIRECT   supply line -> demand line
 *   [.., +D)        NET_ARC_UNSERVED demand line d left unserved
 * with T = ord entries, H hubs, D demand lines, N nodes; an index whose arc
 * does not exist (no node, self delivery not allowed, ...) is skipped by
 * net__arc().  Global arc id = arc_base + local index. */
typedef enum net_arc_type {
    NET_ARC_COLLECT = 0,
    NET_ARC_SELF = 1,
    NET_ARC_DELIVER = 2,
    NET_ARC_CHAIN = 3,
    NET_ARC_DIRECT = 4,
    NET_ARC_UNSERVED = 5
} net_arc_type;

/* Rows of the flow formulation, by kind; each kind has its own 0-based
 * global index space (demand and supply lines over all products, nodes over
 * all products, finite hub capacities, self-delivering producers). */
typedef enum net_row_kind {
    NET_ROW_DEMAND = 0, /* inflow + unserved = demand (units) */
    NET_ROW_SUPPLY = 1, /* outflow <= supply (units) */
    NET_ROW_NODE = 2,   /* inflow - outflow = 0 */
    NET_ROW_CAP = 3,    /* kg through the hub in the class <= capacity */
    NET_ROW_SELF = 4    /* kg self-delivered by the producer <= self_delivery_kg */
} net_row_kind;
#define NET_ROW_KINDS 5

/* One decoded arc. */
typedef struct net_arc {
    net_arc_type type;
    size_t prod;      /* index in net->prods */
    size_t local;     /* local arc index */
    size_t sup, dem;  /* supply / demand line (product-local) or NET_NONE */
    size_t hub;       /* hub or NET_NONE */
    size_t q;         /* ord position (collect/self) */
    size_t node_from, node_to; /* product-local nodes or NET_NONE */
    double cost;      /* objective per unit */
    double ub;        /* an upper bound on the arc's flow implied by the rows */
    size_t n;         /* coefficients */
    net_row_kind kind[4];
    size_t row[4];    /* global row index within its kind */
    double coef[4];
} net_arc;

typedef struct alloc_network {
    const terroir_model *m;
    size_t n_products, n_producers, n_hubs, n_points;
    int listed;
    unsigned char *hub_usable;   /* per hub: open in this solve */
    /* producer i -> hub h, index i * n_hubs + h.  km NaN: no leg. */
    double *km1, *min1, *cost1;  /* cost1: listed cost per kg (NaN otherwise) */
    /* hub h -> point j, index h * n_points + j. */
    double *km2, *min2, *cost2;
    /* direct arcs ending at point j: direct[direct_start[j] .. direct_start[j+1]) */
    size_t *direct_start;
    net_direct *direct;
    size_t n_direct;
    double *self_kg;             /* per producer: kg it may self-deliver (0: none) */
    size_t n_self;               /* producers with self_kg > 0 */
    /* products with at least one demand line */
    net_product *prods;
    size_t n_prods;
    size_t n_dem_total, n_sup_total, n_nodes_total, n_arcs_total;
    /* rows: hub capacity rows (h * 3 + class -> row or NET_NONE), self rows */
    size_t *cap_row;
    size_t n_cap;
    size_t *cap_hub;  /* per cap row: hub */
    int *cap_cls;     /* per cap row: class */
    size_t *self_row; /* per producer: row or NET_NONE */
    size_t *self_producer; /* per self row */
    /* Multiplier of the capacity rows' right-hand sides (1 after
     * net__build; views of one product for seeding use its share). */
    double cap_share;
    const double *hub_factor; /* borrowed during net__build_calibrated only */
    double *hub_route_fixed;  /* per hub (owned; NULL: none): see net__hub_fixed */
} alloc_network;

/* Number of rows of a kind. */
size_t net__row_count(const alloc_network *net, net_row_kind kind);

/* Right-hand side of a row: demand (=), supply, 0 (node), capacity, self kg. */
double net__row_rhs(const alloc_network *net, net_row_kind kind, size_t row);

/* Decode global arc `id` (< n_arcs_total).  Returns 0 when it exists, -1 when
 * the index is a hole of the arc space. */
int net__arc(const alloc_network *net, size_t id, net_arc *out);

/* Objective cost per unit of a direct arc of product pp (local index a),
 * with its transport money, CO2 kg and km per unit. */
double net__dir_cost(const alloc_network *net, const net_product *pp, size_t a, double *transport,
                     double *co2, double *km);

/* Build the network of validated model `m` with hubs usable per hub_open
 * (NULL: status open or candidate; closed hubs never).  Returns 0, or
 * TERROIR_ENOMEM (last error set; *net holds nothing). */
int net__build(alloc_network *net, const terroir_model *m, const unsigned char *hub_open);
/* The same with the transport rate of the legs through each hub multiplied
 * by hub_factor[h] (NULL: 1): the per-kg estimate calibrated on routes
 * (lib/plan/calibrate.c).  Models with listed arcs keep their own costs. */
int net__build_calibrated(alloc_network *net, const terroir_model *m,
                          const unsigned char *hub_open, const double *hub_factor,
                          const double *hub_route_fixed);
/* What opening hub h costs the design: its fixed cost plus the fixed part of
 * the routes it would run (hub_route_fixed of net__build_calibrated, 0
 * without calibration). */
double net__hub_fixed(const alloc_network *net, size_t h);
void net__free(alloc_network *net);

/* Per-unit cost pieces of a path of product `pp`: supply line s, hub h
 * (NET_NONE for direct), demand line d.  Returns 0 when the path exists
 * (legs exist, hub compatible, shelf life, self-delivery distance), -1
 * otherwise.  Any out pointer may be NULL: transport (money, without CO2),
 * co2 (kg), handling (money), km (both legs), minutes (both legs). */
int net__path(const alloc_network *net, const net_product *pp, size_t s, size_t h, size_t d,
              net_mode mode, double *transport, double *co2, double *handling, double *km,
              double *minutes);

/* Objective coefficient of a path (transport + co2_price * co2 + handling)
 * per unit; HUGE_VAL when the path does not exist. */
double net__path_cost(const alloc_network *net, const net_product *pp, size_t s, size_t h,
                      size_t d, net_mode mode);

/* Leg costs per unit of the product, objective money (transport + co2
 * price); HUGE_VAL when the leg does not exist or the hub is not ok.
 * leg1 is the collected first leg; the self-delivered first leg costs 0. */
double net__leg1(const alloc_network *net, const net_product *pp, size_t i, size_t h);
double net__leg2(const alloc_network *net, const net_product *pp, size_t h, size_t j);

/* 1 when two legs of t1 and t2 minutes fit in a shelf life of `limit`
 * minutes (limit <= 0: no limit).  The one test used everywhere, so that
 * pricing and the LP agree on the paths that exist. */
int net__fits(double t1, double t2, double limit);

/* 1 when producer i may self-deliver to hub h (self_kg > 0 and the first
 * leg within its self_delivery_km). */
int net__self_ok(const alloc_network *net, size_t i, size_t h);

#endif
