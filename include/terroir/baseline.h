/* terroir: the no-hub baseline — what the goods of a cooperative plan would
 * cost if every producer drove its own goods straight to the points, the
 * reference that the local-food logistics literature measures hubs against
 * (Bosona and Gebresenbet 2011, Biosystems Engineering 108(4): coordinated
 * collection cut the number of routes by 68% and the driving distance by
 * 50% in a Swedish local-food network).
 *
 * What the baseline moves: the same goods as the plan.  Every flow of the
 * plan through a hub (producer -> hub -> point) counts, less the share of
 * it that the plan's routes did not carry (by the rule of the plan's
 * served KPIs: a flow loses 1 - (1 - d)(1 - p) of its kg, d being the
 * unserved share of its hub's deliveries to its point and p the kg of its
 * hub's unserved pickups at its producer over the kg of the producer's
 * flows through that hub).  Flows are summed per (producer, point), in kg,
 * m3 and pallets, per temperature class.  The plan's direct deliveries
 * (flows without a hub) are driven by the producers in both plans and are
 * left out of both sides of the comparison (direct_kg reports them).
 *
 * How it moves them: each producer solves its own vehicle routing problem
 * with the library's routing engine (the one of the routing stage): the
 * depot is its farm (always open: the farmer leaves when the routes need
 * it), one delivery stop per point it supplies (split into equal parts when
 * it is larger than the vehicle), the points' time windows and service
 * minutes, and as many trips as it needs (each trip is a route, in any
 * number: one vehicle may drive several trips over the cycle's days).  The
 * vehicle is the options' (the model has no producer vehicles).  A stop
 * that the vehicle cannot serve even alone (a class it does not carry, a
 * window it cannot reach, a round trip longer than its maximum duration)
 * is left undelivered and counted in undelivered_kg.
 *
 * The default vehicle is a refrigerated cargo van of 1,200 kg, 10 m3 and
 * 3 pallets that carries ambient, chilled and frozen goods (frozen ones in
 * insulated boxes), at 0.45 CAD/km and 32 CAD/h (the farmer's time at the
 * wage of a hired driver with charges), 0.30 kg CO2/km, routes of at most
 * 600 minutes, no fixed cost (the farm has its van anyway): the same
 * figures as the refrigerated van of the regional datasets' fleet
 * (datasets/README.md, "Fleet", with their reasoning), so that both sides
 * use one cost model.  A farm that delivers itself typically drives such a
 * van or a pickup truck with a trailer of similar payload.
 *
 * The comparison (the plan_* fields): the cooperative plan's routes are
 * every route of the plan, collection and delivery, and its km are its
 * routed km. */
#ifndef TERROIR_BASELINE_H
#define TERROIR_BASELINE_H

#include "plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct terroir_baseline_options {
    unsigned int version;
    /* The routing search of each producer stops at the first of: its time
     * share of time_limit_seconds (all producers together, shared in
     * proportion to their stops; 0: none) and `iterations` iterations
     * without improvement (0: none).  When both are 0, the iterations are
     * TERROIR_BASELINE_DEFAULT_ITERATIONS.  Without a time limit the
     * baseline is the same for the same seed on every run. */
    double time_limit_seconds;        /* default 0 */
    unsigned long iterations;         /* default TERROIR_BASELINE_DEFAULT_ITERATIONS */
    unsigned long seed;               /* default 1 */
    int polish;                       /* 1 (default): set-partitioning polish of each VRP */
    /* The producers' vehicle (every producer drives one like it).  Capacity
     * per dimension (kg, m3, pallets; n_dimensions values, see "Values per
     * temperature class" in common.h): TERROIR_UNLIMITED for none; NULL or
     * past the end: the default, 1200, 10, 3. */
    const double *capacity;
    size_t n_dimensions;
    unsigned int temperatures;        /* bit set of (1u << terroir_temperature); default all */
    double fixed_cost;                /* per route; default 0 */
    double cost_per_km;               /* default 0.45 */
    double cost_per_hour;             /* default 32 */
    double speed_kmh;                 /* 0 (default): the model's speed */
    double max_duration_minutes;      /* 0: no limit; default 600 */
    double co2_kg_per_km;             /* default 0.30 */
    terroir_log_fn log;               /* NULL (default): no log */
    void *log_data;
} terroir_baseline_options;
#define TERROIR_BASELINE_OPTIONS_VERSION 1
/* Measured on the regional datasets: 100 and 1,000 iterations give the
 * same baseline on Centre-du-Québec (194 producers, 900 stops); on
 * Montréal (145 producers, 2,228 stops, up to 112 per producer) 30 and 300
 * differ by 0.7% of the km.  Producers with a hundred stops or more make
 * it slow: 300 iterations take about 3 minutes on Capitale-Nationale (67
 * producers, 2,886 stops, up to 158 per producer), where a time limit of
 * 60 s gives 0.06% more km and 20 s 0.6% more. */
#define TERROIR_BASELINE_DEFAULT_ITERATIONS 300
#define TERROIR_BASELINE_OPTIONS_INIT                                          \
    { TERROIR_BASELINE_OPTIONS_VERSION, 0.0, TERROIR_BASELINE_DEFAULT_ITERATIONS, 1, 1, \
      NULL, 0, 7u, 0.0, 0.45, 32.0, 0.0, 600.0, 0.30, NULL, NULL }

/* Initialise `opts` to the defaults of structure version `version`.
 * TERROIR_EINVAL for NULL or an unknown version. */
TERROIR_API int terroir_baseline_options_init(terroir_baseline_options *opts,
                                              unsigned int version);

/* The baseline and, for comparison, the cooperative plan it is measured
 * against.  Tonne-km are those of the routes: kg on board times the km of
 * each leg, on both sides. */
typedef struct terroir_baseline {
    unsigned int version;
    /* The baseline: producers driving their own goods. */
    size_t producers;        /* producers that drive: with a stop they can serve */
    size_t stops;            /* stops routed: (producer, point) pairs, split when larger than
                                the vehicle */
    size_t routes;           /* trips */
    double km;
    double minutes;          /* sum of route durations (driving, service, waiting) */
    double cost;             /* fixed + per km + per hour of the routes */
    double tonne_km;
    double co2_kg;
    double delivered_kg;     /* goods the routes deliver */
    /* The same per temperature class: when not NULL, an array of the
     * caller's with n_temperatures entries, of which the library fills the
     * classes it knows (the rest are left alone).  Default NULL, 0. */
    double *delivered_kg_by_class;
    size_t n_temperatures;
    double undelivered_kg;   /* goods of stops the vehicle cannot serve even alone */
    size_t unserved_stops;   /* those stops */
    /* Goods of the plan outside the comparison. */
    double direct_kg;        /* the plan's direct deliveries (no hub) */
    double plan_lost_kg;     /* flows through hubs that the plan's routes did not carry */
    /* The cooperative plan: every route (collection and delivery). */
    size_t plan_routes;
    double plan_km;          /* routed km */
    double plan_minutes;
    double plan_cost;        /* routed cost: fixed + per km + per hour */
    double plan_tonne_km;    /* of its routes, as above */
    double plan_co2_kg;      /* of its routes */
    /* 1 - plan / baseline, for routes and km: the share saved by the
     * cooperative plan (negative when it drives more).  NaN when the plan
     * has no routes or the baseline none. */
    double route_reduction;
    double km_reduction;
    double seconds;          /* wall clock of terroir_baseline_direct() */
} terroir_baseline;
#define TERROIR_BASELINE_VERSION 1

/* Initialise `out` (zeros, reductions NaN) for structure version
 * `version`.  TERROIR_EINVAL for NULL or an unknown version. */
TERROIR_API int terroir_baseline_init(terroir_baseline *out, unsigned int version);

/* Compute the baseline of `plan`, which terroir_solve() made from `model`
 * (the same model, or one with the same products and sites in the same
 * order).  `opts` may be NULL for the defaults.  `out` is initialised by
 * the caller (its version says which fields to fill) and written only on
 * success.  Errors: TERROIR_EINVAL (NULL, model not validated, options or
 * out version unknown, options out of range: capacities that are 0, NaN
 * or negative other than TERROIR_UNLIMITED, negative costs, no
 * temperature class, a plan whose products or sites are not the model's),
 * TERROIR_EINPUT (a producer and a point without a distance),
 * TERROIR_ENOMEM.  The model and the plan are only read. */
TERROIR_API int terroir_baseline_direct(terroir_baseline *out, const terroir_model *model,
                                        const terroir_plan *plan,
                                        const terroir_baseline_options *opts);

#ifdef __cplusplus
}
#endif

#endif
