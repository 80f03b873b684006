/* Internal layout of terroir_plan.  A plan keeps its own copies of the
 * product and site ids it mentions (one table each), and its items refer to
 * them by index, so it outlives the model and stays compact. */
#ifndef TERROIR_PLAN_INTERNAL_H
#define TERROIR_PLAN_INTERNAL_H

#include <terroir/plan.h>

#include "core/core.h"

#define PLAN_NONE ((size_t)-1)

/* The summary as the library keeps it: the fields of terroir_plan_summary
 * (version 2), with the per-stage and per-kind values inside, so that it
 * copies by value (the solve keeps one per round).  terroir_plan_get_summary()
 * hands out pointers to these arrays. */
typedef struct plan_summary {
    terroir_status status;
    double objective, bound, gap;
    terroir_cost cost;
    double solve_seconds;
    double stage_seconds[TERROIR_STAGE_COUNT];
    double tonne_km, co2_kg;
    double demand_kg[TERROIR_POINT_KIND_COUNT];
    double served_kg[TERROIR_POINT_KIND_COUNT];
    double demand_kg_total, served_kg_total;
    double routed_km, routed_minutes, routed_cost;
    double transport_estimate, transport_estimate_error;
    size_t n_routes, n_unserved_stops;
    double route_polish_gain;
    int route_feedback_applied;
} plan_summary;

typedef struct plan_hub {
    size_t site; /* index into site_ids */
    int open;
    double fixed_cost;
    double throughput_kg[TERROIR_TEMPERATURE_COUNT];
    double capacity_kg[TERROIR_TEMPERATURE_COUNT];
    double capacity_value_per_kg[TERROIR_TEMPERATURE_COUNT];
    double cross_dock_minutes; /* the model hub's */
    /* The model hub's overnight storage per class (TERROIR_UNLIMITED: no
     * limit), for the plan's writers (checking storage from the JSON). */
    double storage_kg[TERROIR_TEMPERATURE_COUNT];
    /* throughput / capacity (0 when unlimited): filled with the plan, for
     * terroir_plan_get_hub() to point at. */
    double utilisation[TERROIR_TEMPERATURE_COUNT];
} plan_hub;

typedef struct plan_flow {
    size_t product;          /* index into product_ids */
    size_t from, via, to;    /* indices into site_ids; via may be PLAN_NONE */
    double quantity, kg, km, cost;
} plan_flow;

typedef struct plan_unserved {
    size_t point, product;
    double quantity, kg;
    terroir_unserved_reason reason;
    char *detail;
} plan_unserved;

/* A stop of a route (also used by the route checker's reports). */
/* The goods of one product moved at a stop: dropped at a delivery stop,
 * collected at a pickup stop. */
typedef struct plan_stop_product {
    size_t product;  /* index into product_ids */
    double quantity; /* in the product's unit */
    double kg;
} plan_stop_product;

typedef struct plan_stop {
    size_t site; /* index into site_ids */
    terroir_stop_kind kind;
    double arrival, start, departure;
    double delivery[TERROIR_DIMENSION_COUNT];
    double pickup[TERROIR_DIMENSION_COUNT];
    double load[TERROIR_DIMENSION_COUNT]; /* after the stop */
    unsigned int temperatures;
    plan_stop_product *products; /* owned; NULL when unknown (a planner's stop) */
    size_t n_products;
} plan_stop;

/* Goods that a producer brings to a hub itself (self delivery): they are
 * at the hub from `arrival` (minutes of operating day `day`). */
typedef struct plan_self_delivery {
    size_t producer; /* index into site_ids */
    size_t hub;      /* index into site_ids */
    size_t product;  /* index into product_ids */
    double quantity, kg;
    unsigned int day;
    double departure; /* leaves the farm */
    double arrival;   /* at the hub */
} plan_self_delivery;

/* What the plan's writers need of a vehicle type for checking several trips
 * a day (sync rule 9), copied from the model. */
typedef struct plan_vehicle_type {
    unsigned int trips_per_day;
    double loading_minutes;
    double max_duration_minutes; /* 0: unlimited */
} plan_vehicle_type;

/* A route (also used by the route checker's reports). */
typedef struct plan_route {
    size_t vehicle_type; /* index into vehicle_type_ids */
    size_t vehicle;      /* number within its type */
    unsigned int day;    /* 1-based operating day of the cycle */
    size_t hub;          /* index into site_ids */
    plan_stop *stops;
    size_t n_stops;
    double km, minutes, cost, co2_kg, departure, arrival;
    double load_start[TERROIR_DIMENSION_COUNT];
} plan_route;

typedef struct plan_unserved_stop {
    size_t site;     /* index into site_ids */
    terroir_stop_kind kind;
    size_t hub;      /* index into site_ids, or PLAN_NONE */
    double kg, penalty;
    int mandatory;   /* a stop the plan had to serve (pure VRP models) */
    double delivery[TERROIR_DIMENSION_COUNT];
    double pickup[TERROIR_DIMENSION_COUNT];
    unsigned int temperatures; /* classes of its goods (bit set) */
    terroir_unserved_stop_reason reason;
    char *detail;
} plan_unserved_stop;

struct terroir_plan {
    plan_summary summary;
    char *model_name;
    char **product_ids;
    size_t n_products;
    double *shelf_life_hours; /* per product, the model's (0: none) */
    terroir_temperature *temperatures; /* per product, the model's class */
    char **site_ids;
    size_t n_sites;
    /* The model's days, for the plan's writers (checking days and storage
     * from the JSON): operating days of the cycle, and per site the days a
     * point receives or a producer ships (1-based, ascending; NULL / 0:
     * every day; hubs: none). */
    unsigned int operating_days;
    unsigned int **site_days;
    size_t *n_site_days;
    terroir_site_kind *site_kinds; /* per site */
    plan_hub *hubs;
    size_t n_hubs;
    plan_flow *flows;
    size_t n_flows;
    plan_unserved *unserved;
    size_t n_unserved;
    /* Routing stage. */
    char **vehicle_type_ids;
    plan_vehicle_type *vehicle_types; /* n_vehicle_types, the model's */
    size_t n_vehicle_types;
    int pure_vrp;    /* 1: the model had no producers (stops from demand) */
    int routed;      /* 1: the routing stage ran */
    plan_route *routes;
    size_t n_routes;
    plan_unserved_stop *unserved_stops;
    size_t n_unserved_stops;
    plan_self_delivery *self_deliveries;
    size_t n_self_deliveries;
    /* What the solve worked around (terroir_plan_warnings); never NULL. */
    terroir_diagnostics *warnings;
};

/* An empty plan holding copies of the model's ids.  NULL on ENOMEM (error
 * set). */
terroir_plan *plan__new(const terroir_model *model);

/* Derived figures, once the solve has filled the plan: each hub's
 * utilisation. */
void plan__finish(terroir_plan *p);

/* Release routes (their stops and the stops' products too) and unserved
 * stops; NULL-safe. */
void plan__routes_free(plan_route *routes, size_t n);
void plan__unserved_stops_free(plan_unserved_stop *u, size_t n);

/* Fill public route / stop structures from internal ones, with strings
 * borrowed from the id tables (shared with the route checker). */
void plan__route_out(const plan_route *r, char *const *site_ids, char *const *vehicle_type_ids,
                     terroir_plan_route *out);
void plan__stop_out(const plan_stop *s, char *const *site_ids, terroir_plan_route_stop *out);
/* Product `k` of stop `s` into `out` (whose version the caller checked),
 * the id from `product_ids` (n_product_ids of them).  TERROIR_ENOTFOUND
 * when k is out of range; TERROIR_EINTERNAL when the stop names a product
 * the table lacks. */
int plan__stop_product_out(const plan_stop *s, size_t k, char *const *product_ids,
                           size_t n_product_ids, terroir_plan_stop_product *out);

#endif
