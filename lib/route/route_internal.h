/* Internals of the routing stage around the engine (vrp.h): turning a model
 * (and the allocation's flows) into a vrp_problem that remembers where each
 * node comes from, evaluating routes independently of the engine for the
 * route checker, and classifying why a stop was left unserved.
 *
 * Owner: the routing integration (route_problem.c, route_build.c,
 * route_eval.c, route_reason.c, route_set.c, route_yaml.c, route_check.c,
 * route_report.c; the stage itself in route_stage.h / route_stage.c). */
#ifndef TERROIR_ROUTE_INTERNAL_H
#define TERROIR_ROUTE_INTERNAL_H

#include <stddef.h>

#include <terroir/plan.h>
#include <terroir/route.h>

#include "alloc/alloc.h"
#include "model/model_internal.h"
#include "plan/plan_internal.h"
#include "route/vrp.h"

/* The bits of vrp_node.temperatures that are temperature classes (the
 * others tell days apart: route_days.h). */
#define ROUTE_TEMPERATURE_BITS ((1u << TERROIR_TEMPERATURE_COUNT) - 1u)

/* Where a node of a built problem comes from. */
typedef struct route_node_info {
    size_t site;        /* model site index */
    size_t hub;         /* model hub index: the depot itself, or the hub whose fleet
                           serves the stop; MODEL_NONE for pure VRP stops */
    terroir_stop_kind kind;
    double kg;          /* goods delivered or collected */
    int mandatory;
    size_t goods_first, n_goods; /* its goods in the stop list it came from */
    double share;                /* times this (route_stop_in.share) */
} route_node_info;

/* A vrp_problem with the arrays it points to, and the way back to the
 * model.  Built by route__build_*; released by route__problem_free. */
typedef struct route_problem {
    vrp_problem p;
    vrp_node *nodes;
    size_t n_nodes, cap_nodes, cap_info, cap_first;
    route_node_info *info;   /* per node */
    vrp_window *windows;     /* every node's windows, copied from the model */
    size_t n_windows, cap_windows;
    size_t *window_first;    /* per node: first index in windows (nodes point
                                into windows only once it is complete) */
    double *km, *minutes;    /* n_nodes * n_nodes, or NULL: distances from geo */
    vrp_geo geo;             /* large problems with distances from coordinates */
    double *geo_a, *geo_b;   /* per node */
    vrp_geo_trig *geo_trig;  /* per node (latitude/longitude models) */
    vrp_vehicle_type *types;
    size_t *type_model;      /* per vrp type: model vehicle type index */
    size_t n_types;
    size_t *depot_hub;       /* per depot: model hub index */
    size_t n_depots;
} route_problem;

/* A stop to add to a problem. */
typedef struct route_stop_in {
    size_t site;
    size_t hub; /* MODEL_NONE: any depot */
    terroir_stop_kind kind;
    double delivery[VRP_DIMENSIONS];
    double pickup[VRP_DIMENSIONS];
    unsigned int temperatures;
    double kg;
    double penalty; /* < 0: mandatory */
    /* Its goods, flow by flow: goods[goods_first .. +n_goods) of its stop
     * list, each times `share` (a stop split into k equal parts: 1/k). */
    size_t goods_first, n_goods;
    double share;
    /* > 0 and finite: service must start by then (the site's windows are
     * cut there, when some window opens before it); 0: no cut. */
    double latest_start;
} route_stop_in;

/* The goods of one flow (or one demand line) at a stop. */
typedef struct route_goods {
    size_t product;
    size_t producer; /* model producer index; MODEL_NONE: from demand (pure VRP) */
    double quantity, kg;
} route_goods;

/* Stops and the goods they move (route__stop_list_free). */
typedef struct route_stop_list {
    route_stop_in *stops;
    size_t n, cap;
    route_goods *goods;
    size_t n_goods, cap_goods;
} route_stop_list;

void route__stop_list_free(route_stop_list *l);

/* Start a problem whose depots are the model hubs `hubs` (n of them), with
 * every vehicle type based at one of them.  Returns 0 or TERROIR_ENOMEM
 * (last error set; *rp is then released). */
int route__problem_begin(route_problem *rp, const terroir_model *m, const size_t *hubs,
                         size_t n);

/* Add a stop (its windows and service minutes come from its site).
 * Returns 0 or TERROIR_ENOMEM. */
int route__problem_add_stop(route_problem *rp, const terroir_model *m, const route_stop_in *s);

/* Problems of more nodes than this whose distances follow from
 * coordinates (no explicit matrix, no rounding) compute them when needed
 * (vrp_geo) instead of holding two n x n matrices. */
#define ROUTE_MATRIX_MAX_NODES 1500

/* Finish: distance and time matrices between all nodes (or, past
 * ROUTE_MATRIX_MAX_NODES, coordinates), pointers of `p`.  `poll` (may be
 * NULL) is asked during the matrix fill; when it says stop, the rest is
 * filled by the cheaper formula when one exists, so the problem is always
 * whole.  Errors: TERROIR_EINPUT (a pair without distance), TERROIR_ENOMEM. */
int route__problem_end(route_problem *rp, const terroir_model *m, core_poll *poll);

void route__problem_free(route_problem *rp);

/* Name the k-th route (0-based, in plan order) of model vehicle type v:
 * vehicle k mod count on operating day k / count + 1, so the routes of a
 * cycle spread over the type's vehicles first, then over the days.  Routes
 * beyond count x days (a planner's routes may be) get vehicle numbers
 * count, count + 1, ... on day 1. */
void route__number_route(const terroir_model *m, size_t v, size_t k, plan_route *pr);

/* Demand of point j (or supply of producer i) over all its products, per
 * dimension, and the temperature classes involved (bit set). */
void route__site_goods(const terroir_model *m, size_t site, double goods[VRP_DIMENSIONS],
                       unsigned int *temperatures);

/* Goods of `quantity` units of `product`, per dimension. */
void route__product_goods(const terroir_model *m, size_t product, double quantity,
                          double goods[VRP_DIMENSIONS]);

/* ---- stops from the allocation (route_build.c) */

/* The stops of hub `hub` given the allocation's flows: one delivery per
 * point fed through the hub and one pickup per producer collected by the
 * hub's fleet, split by temperature class when no vehicle of the hub
 * carries all of a stop's classes, and into equal parts when a stop does
 * not fit in the largest compatible vehicle.  Producers with self delivery
 * bring their goods themselves to the hubs within their km, up to their kg
 * per cycle, nearest hubs first (self_kg_left is per producer and is
 * decreased; hubs must be processed nearest first for each producer: see
 * route__self_delivery).  *out (free()) gets *n stops. */
int route__hub_stops(const terroir_model *m, size_t hub, const alloc_flow *flows, size_t n_flows,
                     const double *self_kg_at_hub, route_stop_in **out, size_t *n);

/* The same, into a stop list that keeps each stop's goods flow by flow:
 * only the pickups (kinds = 1u << TERROIR_STOP_PICKUP), only the deliveries
 * (1u << TERROIR_STOP_DELIVERY) or both.  `scale` (NULL: 1): per flow, the
 * share of its goods that reaches the hub (deliveries carry only that:
 * see route__reached_share).  *out must be zeroed; 0 or TERROIR_ENOMEM. */
int route__hub_stop_list(const terroir_model *m, size_t hub, const alloc_flow *flows,
                         size_t n_flows, const double *self_kg_at_hub, const double *scale,
                         unsigned int kinds, route_stop_list *out);

/* Per flow through `hub`, the share of its goods that reaches the hub: the
 * part its producer brings itself, plus the collected part times
 * collected[producer * TERROIR_TEMPERATURE_COUNT + class of its product]
 * (the share of the hub's pickups of that producer and class that a route
 * serves).  scale (n_flows) is written for the flows of `hub` only. */
void route__reached_share(const terroir_model *m, size_t hub, const alloc_flow *flows,
                          size_t n_flows, const double *self_kg_at_hub, const double *collected,
                          double *scale);

/* When a producer bringing its goods to hub `hub` itself leaves its farm
 * and reaches the hub, in minutes of day 1 (see route_stage.h). */
void route__self_delivery_times(const terroir_model *m, size_t producer, size_t hub,
                                double *departure, double *arrival);

/* kg that each producer brings itself to each hub (n_producers * n_hubs,
 * row-major, caller frees), by the rule above, from the flows. */
int route__self_delivery(const terroir_model *m, const alloc_flow *flows, size_t n_flows,
                         double **out);

/* The stops of a model without producers: each point's demand delivered
 * from any hub, mandatory (split as above only when it fits no vehicle). */
int route__pure_stops(const terroir_model *m, route_stop_in **out, size_t *n);
int route__pure_stop_list(const terroir_model *m, route_stop_list *out);

/* Hubs that base at least one vehicle type, among those with open[h] (NULL:
 * status not closed).  *out (free()) gets *n hub indices. */
int route__fleet_hubs(const terroir_model *m, const unsigned char *open, size_t **out,
                      size_t *n);

/* ---- evaluation (route_eval.c): the checker's own, independent of the
 * engine's vrp__evaluate, so that the checker referees the engine. */

typedef struct route_violation {
    terroir_violation_kind kind;
    size_t position;  /* index in stops; n_stops: return; VRP_NONE: whole route */
    double amount;
    int dimension;
} route_violation;

typedef struct route_eval {
    double not_before;           /* input: the route leaves no earlier (0: when the hub opens) */
    double km, minutes, cost, co2_kg, departure, arrival;
    double load_start[VRP_DIMENSIONS];
    vrp_stop_eval *stops;        /* n_stops entries, caller-provided (required) */
    route_violation *violations; /* caller-provided array or NULL */
    size_t max_violations;
    size_t n_violations;         /* all found, even past max_violations */
} route_eval;

/* Evaluate a route of vehicle type `type` visiting the node indices
 * stops[0..n-1] (the rules of include/terroir/route.h: leave when the hub
 * opens, or at the latest release date of the stops (vrp_node.release) or
 * e->not_before when later, delayed as far as that only removes waiting;
 * ASAP service).
 * Depot nodes among the stops are NOT_A_STOP violations, passed through
 * without service.  e->stops must hold n entries. */
void route__evaluate(const vrp_problem *p, size_t type, const size_t *stops, size_t n,
                     route_eval *e);

/* Why stop node `node` could not be served (route_reason.c): checks it
 * alone against every vehicle type that may serve it, in the order
 * no_compatible_vehicle, capacity, time_window, duration; otherwise
 * fleet_size when every vehicle of the compatible types is used in `sol`,
 * else cost. */
terroir_unserved_stop_reason route__unserved_reason(const vrp_problem *p, size_t node,
                                                    const vrp_solution *sol);

/* ---- routes sets (route_check.c, route_yaml.c) */

/* One product's goods at a stop of a set. */
typedef struct route_set_product {
    char *product;              /* id */
    double quantity;            /* in the product's unit */
    double kg;                  /* < 0: quantity x the product's kg per unit */
    unsigned long line, column; /* of the id in the routes file (0: unknown) */
} route_set_product;

typedef struct route_set_stop {
    char *site;
    int has_quantities;
    unsigned int temperatures; /* 0: the site's */
    double delivery[VRP_DIMENSIONS], pickup[VRP_DIMENSIONS];
    unsigned long line, column; /* of the id in the routes file (0: unknown) */
    int has_products;           /* products given (possibly none) */
    route_set_product *products;
    size_t n_products;
} route_set_stop;

typedef struct route_set_route {
    char *vehicle_type;
    unsigned long line, column;
    route_set_stop *stops;
    size_t n_stops, cap_stops;
    int has_vehicle;  /* vehicle and day given */
    size_t vehicle;   /* 0-based within the type */
    unsigned int day; /* 1-based */
    unsigned long day_line, day_column; /* of `day` in the routes file (0: unknown) */
    double not_before; /* earliest departure (minutes of its day); 0: when the hub opens */
} route_set_route;

/* Goods a producer brings to a hub itself. */
typedef struct route_set_self {
    char *producer, *hub, *product; /* ids */
    double quantity, kg;            /* kg < 0: quantity x the product's kg per unit */
    unsigned int day;
    double departure, arrival;
    /* of the producer, hub and product ids in the routes file (0: unknown) */
    unsigned long line[3], column[3];
} route_set_self;

struct terroir_routes {
    route_set_route *routes;
    size_t n_routes, cap_routes;
    route_set_self *selfs;
    size_t n_selfs, cap_selfs;
    int food_hub; /* made from a plan with producers: every hub is checked */
    char *file;   /* routes file name, or NULL */
};

/* ---- reports (route_check.c fills them, route_report.c reads them) */

typedef struct route_report_violation {
    terroir_violation_kind kind;
    size_t route, stop;
    size_t site; /* index into the report's site_ids, or PLAN_NONE */
    double amount;
    terroir_dimension dimension;
    char *detail;
    size_t product; /* index into the report's product_ids, or PLAN_NONE */
    size_t hub;     /* index into site_ids, or PLAN_NONE */
    double time;    /* minute of the cycle, or NaN */
} route_report_violation;

struct terroir_route_report {
    char **site_ids;
    size_t n_sites;
    /* Product ids that the stops' products index: the model's, in its order
     * (owned). */
    char **product_ids;
    size_t n_products;
    char **vehicle_type_ids;
    size_t n_vehicle_types;
    plan_route *routes;
    size_t n_routes;
    route_report_violation *violations;
    size_t n_violations, cap_violations;
    terroir_route_report_summary summary;
};

/* Add a route / a stop / a self delivery without resetting the last error
 * (for loaders); strings and products are copied.  0 or TERROIR_ENOMEM. */
int route__set_add(terroir_routes *r, const char *vehicle_type, unsigned long line,
                   unsigned long column, size_t *index);
int route__set_add_stop(terroir_routes *r, size_t route, const route_set_stop *stop);
int route__set_add_self(terroir_routes *r, const route_set_self *self);

/* Append a violation to a report (route_report.c): `detail` from fmt;
 * product, hub (PLAN_NONE: none) and time (NaN: none) for the kinds of
 * issue 11.  0 or TERROIR_ENOMEM (last error set). */
int route__report_add(terroir_route_report *r, terroir_violation_kind kind, size_t route,
                      size_t stop, size_t site, double amount, int dim, size_t product, size_t hub,
                      double time, const char *fmt, ...) CORE_PRINTF(11, 12);

/* ---- synchronisation at hubs and vehicle days (route_sync.c) */

/* Check the rules of include/terroir/route.h "Synchronisation at hubs" and
 * "Vehicles and days" on the evaluated routes of `rep` (their stops with
 * products, vehicle, day, departure and arrival filled; route i of type
 * vt_of_route[i]), with the set's self deliveries resolved in `selfs` (model
 * indices; n of them).  every_hub: check every hub (a plan with producers),
 * else the hubs with inbound goods.  Violations go to the report.  0 or
 * TERROIR_ENOMEM. */
typedef struct route_sync_self {
    size_t producer_site, hub, product; /* model site, hub and product indices */
    double kg;
    unsigned int day;
    double departure, arrival;
} route_sync_self;

int route__check_sync(terroir_route_report *rep, const terroir_model *m, const size_t *vt_of_route,
                      const route_sync_self *selfs, size_t n, int every_hub);
int route__check_vehicle_days(terroir_route_report *rep, const terroir_model *m,
                              const size_t *vt_of_route);

/* ---- days of the cycle and overnight storage (route_days_check.c) */

/* DAY: each stop of the report's routes (route i of type vt_of_route[i]) at
 * a point on a day it does not receive, or at a producer on a day it does
 * not ship, and each self delivery (selfs, n) on a day its producer does
 * not ship: one violation each (amount: the kg moved; site; the route's or
 * self delivery's hub; time: the stop's start of service or the self
 * delivery's arrival).  Every route is checked.  0 or TERROIR_ENOMEM. */
int route__check_days(terroir_route_report *rep, const terroir_model *m, const size_t *vt_of_route,
                      const route_sync_self *selfs, size_t n);

/* STORAGE: per checked hub (every_hub, or the hubs with inbound goods, as
 * route__check_sync), temperature class and operating day d below the
 * last, the kg held at minute d x 1440 of the cycle (pickups back, self
 * deliveries arrived, minus deliveries' routes gone) against the hub's
 * storage_kg: one violation per hub, class and day over (amount: kg over;
 * hub; time d x 1440).  0 or TERROIR_ENOMEM. */
int route__check_storage(terroir_route_report *rep, const terroir_model *m,
                         const size_t *vt_of_route, const route_sync_self *selfs, size_t n,
                         int every_hub);

/* Minute of the cycle of minute t of operating day `day` (1-based):
 * (day - 1) x 1440 + t. */
double route__cycle_minute(unsigned int day, double t);

#endif
