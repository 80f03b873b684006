/* terroir: the plan — what a solve decided (open hubs, flows, unserved
 * demand with reasons, vehicle routes and unserved stops), what it costs,
 * and its KPIs; with writers to JSON and YAML.
 *
 * A plan is immutable and owns copies of every id it reports, so it
 * outlives its model.  Strings and per-class arrays returned inside
 * structures are borrowed from the plan and live as long as it does (see
 * "Values per temperature class" in common.h). */
#ifndef TERROIR_PLAN_H
#define TERROIR_PLAN_H

#include "solve.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Free a plan.  NULL is a no-op. */
TERROIR_API void terroir_plan_free(terroir_plan *plan);

/* Why demand was left unserved. */
typedef enum terroir_unserved_reason {
    TERROIR_UNSERVED_NO_SUPPLY = 0,     /* no producer supplies the product at all */
    TERROIR_UNSERVED_SHELF_LIFE = 1,    /* supply exists, but none within the shelf life */
    TERROIR_UNSERVED_COMPATIBILITY = 2, /* no open hub or vehicle handles its temperature class */
    TERROIR_UNSERVED_HUB_CAPACITY = 3,  /* hub throughput is exhausted */
    TERROIR_UNSERVED_SUPPLY_SHORT = 4,  /* reachable supply is used up by other points */
    TERROIR_UNSERVED_COST = 5           /* serving it would cost more than its penalty */
} terroir_unserved_reason;
#define TERROIR_UNSERVED_REASON_COUNT 6
TERROIR_API const char *terroir_unserved_reason_to_string(terroir_unserved_reason reason);

/* Money, by component.  objective = fixed_hub + handling + transport +
 * vehicle_fixed + co2 + unserved_penalty. */
typedef struct terroir_cost {
    double fixed_hub;        /* fixed costs of the hubs opened by the design stage */
    double handling;         /* handling at hubs */
    double transport;        /* transport (allocation estimate, or routed cost) */
    double vehicle_fixed;    /* fixed costs of vehicles used (routing stage) */
    double co2;              /* co2_price times CO2 emitted */
    double unserved_penalty; /* penalties for demand left unserved */
} terroir_cost;

typedef struct terroir_plan_summary {
    unsigned int version;
    terroir_status status;
    double objective;       /* total cost of the plan */
    double bound;           /* proven lower bound on the optimal objective */
    double gap;             /* (objective - bound) / max(|objective|, 1e-9), 0 when optimal */
    terroir_cost cost;
    double solve_seconds;   /* wall clock of the whole solve */
    /* Per stage (terroir_stage), n_stages values borrowed from the plan. */
    const double *stage_seconds;
    size_t n_stages;
    /* KPIs */
    double tonne_km;        /* sum over flows of tonnes times km */
    double co2_kg;          /* CO2 emitted by transport */
    /* Demand and served demand by point kind (terroir_point_kind),
     * n_point_kinds values each, borrowed from the plan. */
    const double *demand_kg;
    const double *served_kg;
    size_t n_point_kinds;
    double demand_kg_total;
    double served_kg_total;
    /* ---- version 2: the routing stage (0 when it did not run) */
    double routed_km;           /* km driven by all routes */
    double routed_minutes;      /* sum of route durations (driving, service, waiting) */
    /* Cost of the routes: vehicle fixed costs + cost per km + cost per hour
     * (CO2 priced separately, in cost.co2).  cost.transport then holds this
     * variable part plus the allocation's estimate for direct deliveries,
     * which producers drive themselves and which are not routed. */
    double routed_cost;
    /* The allocation's transport estimate for the same legs (collection and
     * delivery through hubs, CO2 price excluded), and the relative error of
     * that estimate: (estimate - routed) / routed, NaN when nothing was
     * routed.  This tells how far stage 2's cost model was from real
     * routes.  With route_feedback_applied, the estimate is the model
     * calibrated on routes, predicting this plan without its own routes. */
    double transport_estimate;
    double transport_estimate_error;
    size_t n_routes;            /* = terroir_plan_route_count() */
    size_t n_unserved_stops;    /* = terroir_plan_unserved_stop_count() */
    /* Money the set-partitioning polish saved over the routing search
     * (>= 0; 0 when it found nothing better or did not run). */
    double route_polish_gain;
    /* 1 when a second round designed and allocated with per-hub transport
     * costs calibrated on the first round's routes (see
     * terroir_solve_options.route_feedback). */
    int route_feedback_applied;
} terroir_plan_summary;
/* Version 1 callers get the fields up to served_kg_total. */
#define TERROIR_PLAN_SUMMARY_VERSION 2
TERROIR_API int terroir_plan_summary_init(terroir_plan_summary *out, unsigned int version);

/* Status of the plan; TERROIR_STATUS_INFEASIBLE for NULL. */
TERROIR_API terroir_status terroir_plan_status(const terroir_plan *plan);

/* What the solve worked around to give this plan: when GLPK fails inside a
 * stage (design, allocation, the location-routing screening, the routes'
 * polish), the solve goes on with the best that stage found before the
 * failure (the local search's hubs, the last allocation or a greedy one,
 * the search's routes) and notes it here, one entry per kind of failure,
 * code TERROIR_ESOLVER, the message naming the stage and GLPK's error.
 * Borrowed from the plan (free nothing); never NULL for a plan, possibly
 * empty; NULL for NULL.  The JSON and YAML plans list the messages under
 * `warnings`. */
TERROIR_API const terroir_diagnostics *terroir_plan_warnings(const terroir_plan *plan);

/* Fill a summary that the caller initialised (its version says which fields
 * to fill).  Errors: TERROIR_EINVAL. */
TERROIR_API int terroir_plan_get_summary(const terroir_plan *plan, terroir_plan_summary *out);

/* One hub of the model, as the plan uses it (every hub of the model, in
 * model order). */
typedef struct terroir_plan_hub {
    unsigned int version;
    const char *id;
    int open;                /* 1 when open in the plan */
    double fixed_cost;       /* paid by the plan (0 for hubs closed or open by status) */
    /* Per temperature class (terroir_temperature), n_temperatures values
     * each, borrowed from the plan. */
    const double *throughput_kg;
    const double *capacity_kg;  /* TERROIR_UNLIMITED when none */
    const double *utilisation;  /* throughput / capacity; 0 when unlimited */
    /* Money saved this cycle per extra kg of capacity of the class (the dual
     * value of the capacity row of the allocation LP, >= 0; 0 when the
     * capacity is not binding). */
    const double *capacity_value_per_kg;
    size_t n_temperatures;
    /* ---- version 2 */
    /* Minutes between goods reaching the hub and their leaving it on a
     * delivery route (unloading, sorting, reloading), from the model. */
    double cross_dock_minutes;
} terroir_plan_hub;
/* Version 1 callers get the fields up to n_temperatures. */
#define TERROIR_PLAN_HUB_VERSION 2

/* A flow of one product from a producer to a point, through a hub (via =
 * NULL for direct delivery). */
typedef struct terroir_plan_flow {
    unsigned int version;
    const char *product;
    const char *from;   /* producer id */
    const char *via;    /* hub id, or NULL */
    const char *to;     /* point id */
    double quantity;    /* product units */
    double kg;
    double km;          /* length of the path */
    double cost;        /* transport + handling of this flow */
} terroir_plan_flow;
#define TERROIR_PLAN_FLOW_VERSION 1

/* Demand left unserved. */
typedef struct terroir_plan_unserved {
    unsigned int version;
    const char *point;
    const char *product;
    double quantity;    /* product units */
    double kg;
    terroir_unserved_reason reason;
    const char *detail; /* a sentence for planners, e.g. naming the full hub */
} terroir_plan_unserved;
#define TERROIR_PLAN_UNSERVED_VERSION 1

/* Counts and items, by 0-based index.  _get_ fills a structure the caller
 * initialised with its version field; errors: TERROIR_EINVAL (NULL, unknown
 * version), TERROIR_ENOTFOUND (index out of range). */
TERROIR_API size_t terroir_plan_hub_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_hub(const terroir_plan *plan, size_t i, terroir_plan_hub *out);
TERROIR_API size_t terroir_plan_flow_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_flow(const terroir_plan *plan, size_t i, terroir_plan_flow *out);
TERROIR_API size_t terroir_plan_unserved_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_unserved(const terroir_plan *plan, size_t i,
                                          terroir_plan_unserved *out);

/* ---------------------------------------------------------------- routes */

/* What a vehicle does at a stop: drop goods loaded at its hub (a point), or
 * collect goods that it brings back to the hub (a producer). */
typedef enum terroir_stop_kind {
    TERROIR_STOP_DELIVERY = 0,
    TERROIR_STOP_PICKUP = 1
} terroir_stop_kind;
#define TERROIR_STOP_KIND_COUNT 2
TERROIR_API const char *terroir_stop_kind_to_string(terroir_stop_kind kind);

/* One vehicle's route: it leaves its home hub, serves its stops in order
 * and comes back.  Times are minutes from the start of the cycle. */
typedef struct terroir_plan_route {
    unsigned int version;
    const char *vehicle_type; /* vehicle type id */
    size_t vehicle;           /* 0-based number of the vehicle within its type */
    const char *hub;          /* home hub id (start and end of the route) */
    size_t n_stops;
    double km;
    double minutes;           /* duration from departure to return (driving, service, waiting) */
    double cost;              /* fixed + per km + per hour of the vehicle type */
    double co2_kg;
    double departure;         /* leaves the hub */
    double arrival;           /* back at the hub */
    /* On board when leaving the hub (the sum of the deliveries), per
     * dimension (terroir_dimension: kg, m3, pallets): n_dimensions values,
     * borrowed from the plan or report. */
    const double *load_start;
    size_t n_dimensions;
    /* ---- version 2 */
    unsigned int day;         /* 1-based operating day of the cycle (settings.operating_days) */
} terroir_plan_route;
#define TERROIR_PLAN_ROUTE_VERSION 2

/* One stop of a route. */
typedef struct terroir_plan_route_stop {
    unsigned int version;
    const char *site;          /* point or producer id */
    terroir_stop_kind kind;
    double arrival;            /* at the site */
    double start;              /* service starts (after waiting for a window) */
    double departure;          /* service ends and the vehicle leaves */
    /* Per dimension (terroir_dimension: kg, m3, pallets), n_dimensions
     * values each, borrowed from the plan or report. */
    const double *delivery;    /* dropped here */
    const double *pickup;      /* collected here */
    const double *load;        /* on board after the stop */
    size_t n_dimensions;
    /* Temperature classes of the goods moved here: a bit set of
     * (1u << terroir_temperature). */
    unsigned int temperatures;
    /* ---- version 2 */
    /* Products moved at the stop (terroir_plan_get_route_stop_product());
     * 0 when the stop's goods are known in kg only (a planner's stop). */
    size_t n_products;
} terroir_plan_route_stop;
/* Version 1 callers get the fields up to temperatures. */
#define TERROIR_PLAN_ROUTE_STOP_VERSION 2

/* The goods of one product moved at a stop: dropped at a delivery stop,
 * collected at a pickup stop. */
typedef struct terroir_plan_stop_product {
    unsigned int version;
    const char *product;       /* product id */
    double quantity;           /* in the product's unit */
    double kg;
} terroir_plan_stop_product;
#define TERROIR_PLAN_STOP_PRODUCT_VERSION 1

/* Goods that a producer brings to a hub itself (self delivery), not
 * routed: they leave the farm at `departure` and are at the hub from
 * `arrival` (minutes of operating day `day`), from where they can leave on
 * delivery routes after the hub's cross_dock_minutes. */
typedef struct terroir_plan_self_delivery {
    unsigned int version;
    const char *producer;      /* producer id */
    const char *hub;           /* hub id */
    const char *product;       /* product id */
    double quantity;           /* in the product's unit */
    double kg;
    unsigned int day;          /* 1-based operating day of the cycle */
    double departure;          /* leaves the farm */
    double arrival;            /* at the hub */
} terroir_plan_self_delivery;
#define TERROIR_PLAN_SELF_DELIVERY_VERSION 1

/* Why the routing stage left a stop unserved. */
typedef enum terroir_unserved_stop_reason {
    TERROIR_UNSERVED_STOP_CAPACITY = 0,     /* its load does not fit in any compatible vehicle */
    TERROIR_UNSERVED_STOP_TIME_WINDOW = 1,  /* no compatible vehicle can reach it in a window
                                               and be back while its hub is open */
    TERROIR_UNSERVED_STOP_DURATION = 2,     /* the round trip alone exceeds every compatible
                                               vehicle's maximum duration */
    TERROIR_UNSERVED_STOP_NO_COMPATIBLE_VEHICLE = 3, /* no vehicle at the hub carries its
                                                        temperature classes */
    TERROIR_UNSERVED_STOP_FLEET_SIZE = 4,   /* servable alone, but the fleet is used up */
    TERROIR_UNSERVED_STOP_COST = 5,         /* serving it costs more than its penalty */
    TERROIR_UNSERVED_STOP_DAY = 6           /* no day of the cycle on which its site receives
                                               (ships) has its goods at the hub, or room */
} terroir_unserved_stop_reason;
#define TERROIR_UNSERVED_STOP_REASON_COUNT 7
TERROIR_API const char *
terroir_unserved_stop_reason_to_string(terroir_unserved_stop_reason reason);

/* A stop that no route serves.  An unserved delivery leaves its goods
 * undelivered; an unserved pickup leaves the goods it would have collected
 * out of the deliveries they were meant for.  Both count in the plan's
 * unserved penalty and served KPIs (the unserved demand lines of
 * terroir_plan_get_unserved() stay those of the allocation). */
typedef struct terroir_plan_unserved_stop {
    unsigned int version;
    const char *site;            /* point or producer id */
    terroir_stop_kind kind;
    const char *hub;             /* hub whose fleet should have served it, or NULL */
    double kg;                   /* goods to deliver or collect there */
    double penalty;              /* money counted in cost.unserved_penalty */
    terroir_unserved_stop_reason reason;
    const char *detail;          /* a sentence for planners */
} terroir_plan_unserved_stop;
#define TERROIR_PLAN_UNSERVED_STOP_VERSION 1

/* Routes and their stops, unserved stops: counts and items by 0-based
 * index, like the accessors above (errors: TERROIR_EINVAL for NULL or an
 * unknown version, TERROIR_ENOTFOUND for an index out of range).  A plan
 * without a routing stage has no routes. */
TERROIR_API size_t terroir_plan_route_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_route(const terroir_plan *plan, size_t route,
                                       terroir_plan_route *out);
TERROIR_API int terroir_plan_get_route_stop(const terroir_plan *plan, size_t route, size_t stop,
                                            terroir_plan_route_stop *out);
TERROIR_API size_t terroir_plan_unserved_stop_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_unserved_stop(const terroir_plan *plan, size_t i,
                                               terroir_plan_unserved_stop *out);

/* Product `k` (0-based, below the stop's n_products) moved at stop `stop`
 * of route `route`.  Errors: TERROIR_EINVAL (NULL, unknown version),
 * TERROIR_ENOTFOUND (route, stop or product out of range). */
TERROIR_API int terroir_plan_get_route_stop_product(const terroir_plan *plan, size_t route,
                                                    size_t stop, size_t k,
                                                    terroir_plan_stop_product *out);

/* Self deliveries: count (0 for NULL) and items by 0-based index (errors:
 * TERROIR_EINVAL for NULL or an unknown version, TERROIR_ENOTFOUND for an
 * index out of range).  A plan without a routing stage has none. */
TERROIR_API size_t terroir_plan_self_delivery_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_self_delivery(const terroir_plan *plan, size_t i,
                                               terroir_plan_self_delivery *out);

/* Write the plan as JSON (see datasets/SCHEMA.md, "Plan output") or YAML.
 * The _buffer forms return a NUL-terminated text (free with terroir_free())
 * and its length in *out_len (may be NULL). */
TERROIR_API int terroir_plan_write_json_file(const terroir_plan *plan, const char *path);
TERROIR_API int terroir_plan_write_json_buffer(char **out, size_t *out_len,
                                               const terroir_plan *plan);
TERROIR_API int terroir_plan_write_yaml_file(const terroir_plan *plan, const char *path);
TERROIR_API int terroir_plan_write_yaml_buffer(char **out, size_t *out_len,
                                               const terroir_plan *plan);

#ifdef __cplusplus
}
#endif

#endif
