/* terroir: checking vehicle routes — routes made by a planner (a routes
 * file, or built with the functions below) or by terroir_solve() (the
 * routes of a plan), evaluated against a model: cost, km, duration, arrival
 * times and loads at every stop, and every violation (capacity, time
 * window, route duration, hub opening hours, temperature, fleet size, stops
 * served twice or not at all; goods leaving a hub before they reach it or
 * more than ever reaches it, shelf life, several trips of a vehicle in a
 * day: "Synchronisation at hubs" below).  This is the "plan mode" that planners know
 * from VROOM: the checker never changes the routes, it only measures them.
 *
 * The routes file format is in datasets/SCHEMA.md, "Routes file".
 *
 * How a route is evaluated (the routing stage uses the same rules): the
 * vehicle leaves its home hub when the hub opens (its first opening window,
 * else minute 0), drives to each stop in order at its speed, waits when it
 * arrives before a window opens (service must start inside one of the
 * stop's windows; a stop without windows is always open), serves for the
 * stop's service minutes, and returns to the hub, which must still be open.
 * Load on board when leaving = the sum of the route's deliveries; after
 * each stop, minus its delivery plus its pickup; it must stay within the
 * vehicle's capacity in every dimension, at the start and after every
 * stop.  Cost = fixed cost + cost_per_km * km + cost_per_hour * duration
 * hours (duration = from departure to return, waiting included); a
 * vehicle's fixed cost is paid once per day, by its first trip (the later
 * trips of the same vehicle and day do not carry it).  A route
 * given a departure (terroir_routes_set_departure(), a plan's routes)
 * leaves no earlier than it. */
#ifndef TERROIR_ROUTE_H
#define TERROIR_ROUTE_H

#include "io.h"
#include "plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Index meaning "none" in route reports (no route, no stop). */
#define TERROIR_ROUTE_NONE ((size_t)-1)

/* ---------------------------------------------------------------- routes */

/* A set of routes to check (opaque): each route names a vehicle type and
 * lists its stops in order.  Ids are resolved against a model only when the
 * routes are checked, so a set can be checked against several models. */
typedef struct terroir_routes terroir_routes;

/* An empty set.  Errors: TERROIR_EINVAL (out NULL), TERROIR_ENOMEM.  Free
 * with terroir_routes_free(). */
TERROIR_API int terroir_routes_new(terroir_routes **out);

/* Free a set.  NULL is a no-op. */
TERROIR_API void terroir_routes_free(terroir_routes *routes);

/* Append a route driven by a vehicle of type `vehicle_type` (an id, copied).
 * *out_index (may be NULL) receives its 0-based index.  Errors:
 * TERROIR_EINVAL (NULL or empty id), TERROIR_ENOMEM. */
TERROIR_API int terroir_routes_add(terroir_routes *routes, const char *vehicle_type,
                                   size_t *out_index);

/* One stop of a route.  With has_quantities = 0 the quantities come from
 * the model: a point receives its whole demand, a producer gives its whole
 * supply (converted to kg, m3 and pallets with the products' units).  With
 * has_quantities = 1, delivery and pickup are taken as given (per
 * dimension: kg, m3, pallets; >= 0; n_dimensions values each, see "Values
 * per temperature class" in common.h; NULL or values past the end: 0).
 * The temperature classes the goods need are `temperatures` when not 0,
 * else those of every product the site demands or supplies in the model. */
/* One product's goods at a stop (version 2 of the stop spec): `quantity`
 * units of product `product` (an id, copied), in kg by the product's unit. */
typedef struct terroir_route_stop_product {
    const char *product;
    double quantity; /* >= 0, finite */
} terroir_route_stop_product;

/* Version 2 adds the goods per product (products[0..n_products-1]): what
 * the stop delivers (a point) or collects (a producer), which the checker
 * follows through the hub (synchronisation, stock, shelf life; see
 * "Synchronisation at hubs" below).  With products and has_quantities = 0,
 * the stop's delivery or pickup is the sum of its products' goods; a stop
 * with neither takes its products from the model (a point's demand, a
 * producer's supply); a stop with quantities but no products is checked in
 * kg only. */
typedef struct terroir_route_stop_spec {
    unsigned int version;
    const char *site;   /* required: a point or producer id (copied) */
    int has_quantities; /* default 0 */
    const double *delivery;
    const double *pickup;
    size_t n_dimensions;
    unsigned int temperatures; /* bit set of (1u << terroir_temperature); default 0 */
    /* version 2 */
    const terroir_route_stop_product *products; /* NULL: none given */
    size_t n_products;
} terroir_route_stop_spec;
#define TERROIR_ROUTE_STOP_SPEC_VERSION 2
#define TERROIR_ROUTE_STOP_SPEC_INIT                                           \
    { TERROIR_ROUTE_STOP_SPEC_VERSION, NULL, 0, NULL, NULL, 0, 0u, NULL, 0 }
TERROIR_API int terroir_route_stop_spec_init(terroir_route_stop_spec *spec,
                                             unsigned int version);

/* Append a stop to route `route`.  Errors: TERROIR_EINVAL (NULL, no site,
 * unknown version, a negative or non-finite quantity), TERROIR_ENOTFOUND
 * (no such route), TERROIR_ENOMEM.  The set is unchanged on failure. */
TERROIR_API int terroir_routes_add_stop(terroir_routes *routes, size_t route,
                                        const terroir_route_stop_spec *stop);

/* Name the vehicle that drives route `route`: vehicle number `vehicle`
 * (0-based, within its type) on operating day `day` (1-based).  Routes of
 * the same type, vehicle and day are the trips of one vehicle that day.
 * Without it, the routes of each type are numbered in order: vehicle k mod
 * count on day k / count + 1.  Errors: TERROIR_EINVAL (NULL, day 0),
 * TERROIR_ENOTFOUND (no such route). */
TERROIR_API int terroir_routes_set_vehicle(terroir_routes *routes, size_t route, size_t vehicle,
                                           unsigned int day);

/* The route leaves its hub no earlier than `minutes` (of its operating
 * day; by default when the hub opens), then as late as that only removes
 * waiting.  Errors: TERROIR_EINVAL (NULL, negative or not finite),
 * TERROIR_ENOTFOUND (no such route). */
TERROIR_API int terroir_routes_set_departure(terroir_routes *routes, size_t route,
                                             double minutes);

/* Goods that a producer brings to a hub itself: `quantity` units of
 * `product`, leaving the farm at `departure` and at the hub at `arrival`
 * (minutes of operating day `day`, 1-based).  Ids are copied and resolved
 * by the checker. */
typedef struct terroir_route_self_delivery_spec {
    unsigned int version;
    const char *producer; /* required */
    const char *hub;      /* required */
    const char *product;  /* required */
    double quantity;      /* >= 0 */
    unsigned int day;     /* default 1 */
    double departure;     /* default 0 */
    double arrival;       /* default 0; >= departure */
} terroir_route_self_delivery_spec;
#define TERROIR_ROUTE_SELF_DELIVERY_SPEC_VERSION 1
#define TERROIR_ROUTE_SELF_DELIVERY_SPEC_INIT                                  \
    { TERROIR_ROUTE_SELF_DELIVERY_SPEC_VERSION, NULL, NULL, NULL, 0.0, 1u, 0.0, 0.0 }
TERROIR_API int terroir_route_self_delivery_spec_init(terroir_route_self_delivery_spec *spec,
                                                      unsigned int version);

/* Add a self delivery to the set.  Errors: TERROIR_EINVAL (NULL, a missing
 * id, unknown version, day 0, a negative or non-finite number, arrival
 * before departure), TERROIR_ENOMEM.  The set is unchanged on failure. */
TERROIR_API int terroir_routes_add_self_delivery(terroir_routes *routes,
                                                 const terroir_route_self_delivery_spec *spec);

/* Number of routes in the set (0 for NULL), and number of stops of route
 * `route` (0 for NULL or a bad index). */
TERROIR_API size_t terroir_routes_count(const terroir_routes *routes);
TERROIR_API size_t terroir_routes_stop_count(const terroir_routes *routes, size_t route);

/* Load a routes file (YAML, datasets/SCHEMA.md "Routes file"), read as
 * strictly as models are: unknown or duplicate keys, anchors, tags, bad
 * numbers are errors with file:line:column and the field.  `opts` may be
 * NULL (defaults).  Only the syntax and schema are checked here; ids are
 * resolved by terroir_route_check(), whose errors then carry the file
 * position of the id.  Errors: TERROIR_EINVAL (NULL), TERROIR_EIO,
 * TERROIR_EINPUT (first problem in the last error; every problem in *diags
 * when not NULL, as for terroir_model_load_yaml_file()), TERROIR_ENOMEM. */
TERROIR_API int terroir_routes_load_yaml_file(terroir_routes **out, const char *path,
                                              const terroir_load_options *opts,
                                              terroir_diagnostics **diags);
TERROIR_API int terroir_routes_load_yaml_buffer(terroir_routes **out, const char *data,
                                                size_t len, const char *name,
                                                const terroir_load_options *opts,
                                                terroir_diagnostics **diags);

/* The routes of a plan as a set (each stop with its quantities and goods
 * per product as planned, each route with its vehicle, day and departure),
 * with the plan's self deliveries, e.g. to change them and check them
 * again.  A set from a plan with producers checks every hub's
 * synchronisation, as terroir_route_check_plan() does.  Errors:
 * TERROIR_EINVAL, TERROIR_ENOMEM. */
TERROIR_API int terroir_routes_from_plan(terroir_routes **out, const terroir_plan *plan);

/* ---------------------------------------------------------------- check */

/* What the checker found about a set of routes (opaque). */
typedef struct terroir_route_report terroir_route_report;

/* Evaluate `routes` against validated model `model`.  Problems of the
 * routes themselves (a time window missed, a truck overloaded, a stop
 * missing) are not errors: they are violations in the report, and the call
 * returns 0.  Errors: TERROIR_EINVAL (NULL, model not validated),
 * TERROIR_EINPUT (an id that names no vehicle type, or no point or
 * producer of the model: with the file position when the routes come from
 * a file), TERROIR_ENOMEM.  Free the report with terroir_route_report_free().
 *
 * Which stops are expected (for "missing stop" violations): every point of
 * the model with demand (a plan's routes: the plan's stops, see
 * terroir_route_check_plan()). */
TERROIR_API int terroir_route_check(terroir_route_report **out, const terroir_model *model,
                                    const terroir_routes *routes);

/* Check the routes of a plan made by terroir_solve() on `model` (the same
 * model, or one equal to it), with the quantities the plan gives each stop.
 * The expected stops are the plan's: its unserved stops are not
 * violations (the plan reports them with their reasons), except mandatory
 * ones (every stop of a model without producers), which are missing stops.
 * A plan made without the routing stage has no routes and expects none.
 * Errors as
 * terroir_route_check(), and TERROIR_EINPUT when the plan names sites or
 * vehicle types the model does not have. */
TERROIR_API int terroir_route_check_plan(terroir_route_report **out, const terroir_model *model,
                                         const terroir_plan *plan);

/* Free a report.  NULL is a no-op. */
TERROIR_API void terroir_route_report_free(terroir_route_report *report);

/* Synchronisation at hubs (issue 11).  Time runs over the cycle: minute
 * (day - 1) x 1440 + t of a route's day.  At a hub H, per product: each
 * pickup stop of a route of H brings a lot, picked at the stop's start of
 * service, that can leave H from the route's return + H's
 * cross_dock_minutes; each self delivery to H a lot picked at its
 * departure, there from its arrival + cross_dock_minutes.  Each route of H
 * with deliveries takes, when it leaves, its deliveries' goods from the lots
 * already there, oldest first (lots that become available at the same
 * minute come first).  Goods short when it leaves: STOCK when more of the
 * product leaves H up to then than reaches it over the whole cycle, else
 * SYNCHRONISATION (they arrive, too late).  The lots it takes go to its
 * delivery stops in order; a stop receiving goods picked longer ago than
 * the product's shelf life is SHELF_LIFE.  Checked hubs: every hub for a
 * plan with producers (and a set made from one); for a planner's set, the
 * hubs with inbound goods (a pickup stop or a self delivery): a hub without
 * is taken as stocked.  A hub with a stop in kg only (no products) is
 * checked in kg over all its products, without shelf life.  Shortfalls
 * count past 1e-6 x max(1, kg) + 1e-3 kg.
 *
 * Vehicles and days: routes of the same type, vehicle and day are the trips
 * of one vehicle.  Each trip leaves at or after the previous one's return +
 * the type's loading minutes, there are at most trips_per_day of them, and
 * (when the type has a maximum duration) the last return - the first
 * departure stays within it: VEHICLE_DAY otherwise.  FLEET_SIZE counts the
 * (vehicle, day) pairs a type uses against count x operating days.
 *
 * Days and overnight storage: a delivery stop at a point on a day it does
 * not receive, a pickup stop at a producer or a self delivery on a day the
 * producer does not ship is DAY (every route of every set; amount the kg
 * moved; the site, the route's or self delivery's hub, the minute of the
 * stop's start of service or of the self delivery's arrival).  At the end
 * of each operating day d but the cycle's last (minute d x 1440), per hub
 * checked for synchronisation and temperature class, the goods there —
 * brought by its routes' pickups back by then and by self deliveries
 * arrived by then, less those its routes gone by then took to points (no
 * cross-dock time) — above the hub's storage_kg for the class are STORAGE
 * (amount the kg over; the hub; no product, the class in the detail; time
 * d x 1440).  A hub with a stop in kg only is checked over all classes
 * against the sum of their limits. */

/* Kinds of violation. */
typedef enum terroir_violation_kind {
    TERROIR_VIOLATION_CAPACITY = 0,    /* load above capacity (amount: excess, in the dimension) */
    TERROIR_VIOLATION_TIME_WINDOW = 1, /* service starts after every window closed (minutes late) */
    TERROIR_VIOLATION_DURATION = 2,    /* route longer than the vehicle's maximum (minutes over) */
    TERROIR_VIOLATION_HUB_HOURS = 3,   /* back at the hub after it closed (minutes late) */
    TERROIR_VIOLATION_TEMPERATURE = 4, /* the vehicle cannot carry a class the stop needs */
    TERROIR_VIOLATION_NOT_A_STOP = 5,  /* a hub listed as a stop */
    TERROIR_VIOLATION_FLEET_SIZE = 6,  /* more routes of a type than vehicles (amount: extra) */
    TERROIR_VIOLATION_DUPLICATE_STOP = 7, /* a site served more than once (amount: extra visits) */
    TERROIR_VIOLATION_MISSING_STOP = 8,   /* an expected stop served by no route (amount: kg) */
    TERROIR_VIOLATION_SYNCHRONISATION = 9, /* goods leave a hub before they reach it (kg short) */
    TERROIR_VIOLATION_STOCK = 10,         /* more leaves a hub than ever reaches it (kg short) */
    TERROIR_VIOLATION_SHELF_LIFE = 11,    /* goods older than their shelf life (minutes over) */
    TERROIR_VIOLATION_VEHICLE_DAY = 12,   /* trips of a vehicle overlap, are too many or make
                                             the day too long (minutes, or extra trips) */
    TERROIR_VIOLATION_DAY = 13,           /* a stop (or self delivery) on a day its site does
                                             not receive or ship (kg moved that day) */
    TERROIR_VIOLATION_STORAGE = 14        /* more held overnight at a hub than its storage
                                             (kg over, per temperature class) */
} terroir_violation_kind;
#define TERROIR_VIOLATION_KIND_COUNT 15
TERROIR_API const char *terroir_violation_kind_to_string(terroir_violation_kind kind);

typedef struct terroir_route_violation {
    unsigned int version;
    terroir_violation_kind kind;
    size_t route;        /* route index, or TERROIR_ROUTE_NONE (missing stops) */
    /* Position in the route's stops; the route's stop count for the return
     * to the hub; TERROIR_ROUTE_NONE when about the whole route or set. */
    size_t stop;
    const char *site;    /* site concerned, or NULL */
    double amount;       /* how much: see the kinds */
    terroir_dimension dimension; /* capacity violations: the dimension; else KG */
    const char *detail;  /* a sentence for planners */
    /* version 2 */
    const char *product; /* synchronisation, stock, shelf life: the product id; NULL when
                            the hub is checked in kg over all products, or not about goods */
    const char *hub;     /* the hub concerned (synchronisation, stock, shelf life,
                            vehicle days, days, storage), or NULL */
    double time;         /* minute of the cycle ((day - 1) x 1440 + minute of the day)
                            of the departure or service concerned; NaN when not about a time */
} terroir_route_violation;
#define TERROIR_ROUTE_VIOLATION_VERSION 2

typedef struct terroir_route_report_summary {
    unsigned int version;
    int feasible;          /* 1 when there is no violation */
    size_t n_routes;
    size_t n_stops;        /* stops over all routes */
    size_t n_violations;
    double cost;           /* sum of the routes' costs */
    double km;
    double minutes;
    double co2_kg;
} terroir_route_report_summary;
#define TERROIR_ROUTE_REPORT_SUMMARY_VERSION 1

/* Report accessors: the structure is initialised by the caller with its
 * version; strings are borrowed from the report.  Routes and their stops
 * use the plan's structures (terroir_plan_route.vehicle numbers the routes
 * of each type in order).  Errors: TERROIR_EINVAL (NULL, unknown version),
 * TERROIR_ENOTFOUND (index out of range). */
TERROIR_API int terroir_route_report_get_summary(const terroir_route_report *report,
                                                 terroir_route_report_summary *out);
TERROIR_API size_t terroir_route_report_route_count(const terroir_route_report *report);
TERROIR_API int terroir_route_report_get_route(const terroir_route_report *report, size_t route,
                                               terroir_plan_route *out);
TERROIR_API int terroir_route_report_get_stop(const terroir_route_report *report, size_t route,
                                              size_t stop, terroir_plan_route_stop *out);
/* Product `k` of a report's stop, as terroir_plan_get_route_stop_product()
 * (the stop's n_products says how many; 0 when known in kg only). */
TERROIR_API int terroir_route_report_get_stop_product(const terroir_route_report *report,
                                                      size_t route, size_t stop, size_t k,
                                                      terroir_plan_stop_product *out);
TERROIR_API size_t terroir_route_report_violation_count(const terroir_route_report *report);
TERROIR_API int terroir_route_report_get_violation(const terroir_route_report *report, size_t i,
                                                   terroir_route_violation *out);

#ifdef __cplusplus
}
#endif

#endif
