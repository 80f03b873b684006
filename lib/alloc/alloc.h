/* Stage 2, allocation: which producer's food goes to which point, through
 * which hub, product by product — a multi-commodity min-cost flow LP solved
 * by column generation over paths, provably optimal.
 *
 * The LP (per product p, in p's own units; kpu = kg per unit):
 *
 *   min  sum_paths c_path x_path + sum_(j,p) pen_jp u_jp
 *   s.t. sum_(paths ending at j for p) x + u_jp = demand_jp      (demand, j, p)
 *        sum_(paths starting at i for p) x <= supply_ip          (supply, i, p)
 *        sum_(paths through h, class c) kpu x <= capacity_hc      (hub, h, c; finite only)
 *        sum_(self-delivered paths of i) kpu x <= self_kg_i       (self delivery, i)
 *        x, u >= 0
 *
 * A path is producer -> hub -> point (collected by the hub's fleet, or
 * self-delivered by the producer to a hub within its self_delivery_km), or
 * producer -> point for producers that deliver directly.  pen_jp is the
 * point's unserved penalty per kg times kpu.
 *
 * Which paths exist (the rules, also in datasets/SCHEMA.md "Allocation cost
 * model"):
 *  - Temperature: a product of class c moves through hub h only when
 *    h.capacity_kg[c] != 0 and a vehicle type whose home hub is h carries c.
 *    When the model has no vehicle types at all, the fleet part of the rule
 *    is waived (benchmark models such as OR-Library CFLP have no fleet).
 *  - Direct deliveries (producer.direct_delivery = 1) are driven by the
 *    producer, who is responsible for its own cold chain: they are allowed for
 *    every temperature class and use no hub.
 *  - Shelf life: when shelf_life_hours > 0, the driving minutes along the
 *    whole path (producer -> hub + hub -> point, or producer -> point) must
 *    not exceed shelf_life_hours * 60.  This is exact: the restricted paths
 *    are never generated, and pricing only ever scans the producers whose
 *    first leg fits in what the second leg leaves (producers sorted by
 *    first-leg minutes, prefix minima of reduced costs).  Dwell time at hubs
 *    is not counted.
 *  - Listed-arc models (settings.arcs = listed) use only the listed arcs,
 *    at their cost_per_kg; a listed producer -> point arc is a direct
 *    delivery whatever the producer's flag.  A leg's minutes come from the
 *    arc's km when known, else from the distance model, else 0.
 *  - Hubs with status closed are never used; hub_open (see alloc__solve)
 *    says which of the others may be used.
 *
 * Transport cost model (an approximation that the routing stage measures
 * against real routes): each leg costs rate * km per unit, where for the
 * vehicle type v chosen
 *     rate = ALLOC_RETURN_FACTOR * (v.cost_per_km + v.cost_per_hour / speed_v
 *                                   + co2_price * v.co2_kg_per_km) / load_p
 *     load_p = units of product p in a full vehicle: the tightest of
 *              capacity_kg / kg_per_unit, capacity_m3 / m3_per_unit,
 *              capacity_pallets / pallets_per_unit (unlimited dimensions
 *              ignored; ALLOC_DEFAULT_LOAD_KG when all are unlimited)
 * i.e. a vehicle drives full one way and empty back.  Both legs of a hub
 * path use the cheapest vehicle type based at the hub that carries the
 * class; direct deliveries use the cheapest type of the whole fleet that
 * carries the class (or of the whole fleet when none does); models without
 * vehicle types use a default vehicle (1 per km, ALLOC_DEFAULT_LOAD_KG).
 * Self-delivered first legs cost the network nothing (the producer drives).
 * Handling costs handling_cost_per_kg * kpu at the hub.
 *
 * Unserved demand is classified per point and product, in this order: no
 * supply of the product at all; no path within the shelf life; no open hub
 * (or vehicle) compatible with its class; a hub capacity that binds (its
 * dual is > 0 on a path cheaper than the penalty); reachable supply used up
 * by others (a supply row binds); otherwise cost (every path costs more than
 * the penalty).  Each comes with a sentence naming the hub or product. */
#ifndef TERROIR_ALLOC_H
#define TERROIR_ALLOC_H

#include <stddef.h>

#include <terroir/model.h>
#include <terroir/plan.h>
#include <terroir/solve.h>

#include "lp/lp.h"

/* A vehicle drives loaded one way and empty back. */
#define ALLOC_RETURN_FACTOR 2.0
/* Load assumed for a vehicle whose capacity is unlimited in every dimension. */
#define ALLOC_DEFAULT_LOAD_KG 1000.0

typedef struct alloc_params {
    double time_limit_seconds; /* 0: none */
    terroir_log_fn log;        /* GLPK's output lines; NULL: dropped */
    void *log_data;
    lp_progress_fn progress;   /* (incumbent, bound) between rounds; non-zero stops */
    void *progress_data;
    /* When not NULL, the plain (arc-based, exact) LP of the allocation is
     * written there in CPLEX LP format before solving. */
    const char *write_lp_path;
    /* Per hub, the factor of the transport rate through it (NULL: 1); see
     * net__build_calibrated. */
    const double *hub_transport_factor;
    /* Per hub, the fixed part of the routes it would run (NULL: 0); see
     * net__hub_fixed.  Only a design pays it. */
    const double *hub_route_fixed;
    /* GLPK failures worked around (the stage keeping its best solution
     * found before them) are noted here (core__warn); NULL: nowhere. */
    terroir_diagnostics *warnings;
} alloc_params;

/* A flow of one product from a producer to a point. */
typedef struct alloc_flow {
    size_t product, producer;
    size_t hub; /* MODEL_NONE: direct delivery */
    size_t point;
    double quantity; /* product units */
    double kg;
    double km;   /* length of the path (both legs) */
    double cost; /* transport + handling of this flow (CO2 price excluded) */
} alloc_flow;

/* Demand of one product left unserved at one point. */
typedef struct alloc_unserved {
    size_t point, product;
    double quantity, kg;
    terroir_unserved_reason reason;
    char *detail; /* a sentence for planners; owned by the result */
} alloc_unserved;

/* How one model hub is used. */
typedef struct alloc_hub {
    int open; /* 1 when the hub could be used in this solve */
    double throughput_kg[TERROIR_TEMPERATURE_COUNT];
    /* Money saved this cycle per extra kg of capacity of the class: minus
     * the dual of the capacity row, >= 0; 0 when unlimited or not binding. */
    double capacity_value_per_kg[TERROIR_TEMPERATURE_COUNT];
} alloc_hub;

typedef struct alloc_result {
    lp_status status; /* OPTIMAL, or FEASIBLE when a limit / the callback
                         stopped the column generation (flows feasible) */
    /* Objective: cost.handling + transport + co2 + unserved_penalty +
     * fixed_hub, where fixed_hub is the fixed cost of the hubs that pay it
     * (alloc__pays_fixed_cost). */
    double objective;
    double bound; /* proven lower bound; = objective when OPTIMAL */
    terroir_cost cost;
    double tonne_km; /* sum over flows of tonnes * km */
    double co2_kg;   /* CO2 of the priced legs (self-delivered first legs excluded) */
    alloc_flow *flows;
    size_t n_flows;
    alloc_unserved *unserved;
    size_t n_unserved;
    alloc_hub *hubs; /* one per model hub, in model order */
    size_t n_hubs;
    size_t rounds;  /* column generation rounds */
    size_t columns; /* path columns in the final restricted LP */
} alloc_result;

/* Solve the allocation of validated model `m` (column generation over the
 * arcs, alloc_cg.c; provably optimal when status is OPTIMAL).
 * hub_open: one byte per model hub (1 = may be used), or NULL = hubs with
 * status open or candidate; hubs with status closed are never used.
 * `p` may be NULL (no limit, no callbacks).  A time limit or a stop by the
 * progress callback returns the best feasible flows so far (at worst all
 * demand unserved) and a proven bound (0 when none was reached yet); result
 * building after the limit adds a fraction of a second on large networks.
 * The progress callback is called between rounds, with NaN while each
 * product is solved alone first (see alloc_cg.c).
 * Returns 0 when the solve ran (the outcome is out->status; the LP always
 * has a solution since demand may stay unserved), and fills *out, which the
 * caller releases with alloc__result_free().  Errors (last error set, *out
 * zeroed): TERROIR_EINVAL (NULL, model not validated), TERROIR_ENOMEM,
 * TERROIR_ESOLVER (GLPK failed), TERROIR_EIO (write_lp_path). */
int alloc__solve(const terroir_model *m, const unsigned char *hub_open, const alloc_params *p,
                 alloc_result *out);

/* Release what a result owns and zero it.  NULL is a no-op. */
void alloc__result_free(alloc_result *r);

/* 1 when hub h pays its fixed cost in a plan whose design opened
 * hub_open (NULL: no design stage): every hub with status open (its running
 * cost per cycle, the same in every plan of the model), and the candidates
 * that hub_open opens.  Without a design stage candidates are usable at no
 * fixed cost. */
int alloc__pays_fixed_cost(const terroir_model *m, size_t h, const unsigned char *hub_open);

#endif
