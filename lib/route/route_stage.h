/* Stage 3 of the pipeline, routing: from the allocation's flows (or, for
 * models without producers, from the demand) to the routes and unserved
 * stops of a plan, through the engine (vrp.h).  Called by terroir_solve()
 * (lib/plan/solve.c), which owns the cost breakdown and the plan.
 *
 * Food-hub mode routes each open hub with a fleet on its own (its goods
 * are at that hub, so no other hub's vehicle can carry them): the time of
 * the stage is shared between hubs in proportion to their stops.  Pure VRP
 * mode is one problem with every hub with a fleet as a depot (multi-depot).
 *
 * Cross-dock synchronisation (food-hub mode): goods leave a hub only after
 * they reached it.  Each hub is routed in two problems: its collection
 * routes (pickups) first, then its delivery routes, on the vehicles (x
 * operating days) that collection left free.  A delivery stop carries only
 * the goods that reach the hub (what producers bring themselves, and what
 * collection routes pick up: a pickup left unserved takes its goods out of
 * the deliveries they were meant for), and its route leaves no earlier
 * than its release: the latest time one of its goods reaches the hub (the
 * return of the collection route that picked it up, or the producer's own
 * arrival) plus the hub's cross_dock_minutes.  Routes are numbered onto
 * vehicles and days collection first (route__number_route), so a delivery
 * route runs on the day of the collections it waits for or a later one:
 * on a later day the release only makes it leave later than it needs to.
 *
 * Collection is first tried on the trips of its first days (route_stage.c,
 * solve_one: up to the first day every producer of the hub ships, then
 * halfway to the cycle's end), and kept there when no pickup is then left
 * out for want of a vehicle: goods at the hub early can leave on any later
 * day a point receives, while one pickup on the cycle's last day holds
 * back every delivery that carries its goods.
 *
 * A producer that brings goods itself (self delivery) leaves its farm when
 * its first time window opens (minute 0 without one), or later so as to
 * reach the hub when the hub opens, on day 1, and drives at the model's
 * speed: the plan lists these arrivals (self_deliveries).
 *
 * What leaving a stop unserved means for the plan: for each flow, the share
 * of its goods that does not reach the point is 1 - (1 - d)(1 - p), where d
 * is the unserved share (in kg) of the deliveries to its point by its hub,
 * and p that of the pickups at its producer by its hub; that kg leaves the
 * served KPIs and pays the point's penalty per kg. */
#ifndef TERROIR_ROUTE_STAGE_H
#define TERROIR_ROUTE_STAGE_H

#include "alloc/alloc.h"
#include "plan/plan_internal.h"
#include "route/vrp.h"

typedef struct route_stage_params {
    double time_limit_seconds; /* 0: none (then iterations or stall_seconds > 0) */
    unsigned long iterations;  /* 0: none */
    unsigned long seed;
    int polish;
    vrp_progress_fn progress;  /* best cost of the current problem; non-zero stops */
    void *progress_data;
    terroir_log_fn log;
    void *log_data;
    /* Pure VRP mode only: the hubs that may route (NULL: every hub whose
     * status is not closed), and whether each hub's capacity bounds the kg
     * of all its routes together (location-routing; see route__hub_capacity). */
    const unsigned char *hub_open;
    int depot_capacity;
    /* Routes of an earlier routing of the same model to start from (NULL:
     * none): see route_warm.c. */
    const struct route_stage_result *warm;
    /* GLPK failures worked around (the stage keeping its best solution
     * found before them) are noted here (core__warn); NULL: nowhere. */
    terroir_diagnostics *warnings;
    /* > 0: each search stops after this long without a better solution. */
    double stall_seconds;
} route_stage_params;

typedef struct route_stage_result {
    plan_route *routes; /* sites and vehicle types by model index (= plan index) */
    size_t n_routes;
    plan_unserved_stop *unserved;
    size_t n_unserved;
    double km, minutes, co2_kg, tonne_km;
    double vehicle_fixed;  /* fixed costs of the vehicles used */
    double variable;       /* cost per km and per hour */
    double penalty;        /* undelivered kg of the flows times their penalty (above) */
    double undelivered_kg[TERROIR_POINT_KIND_COUNT];
    double polish_gain;
    double *hub_cost;      /* per model hub: fixed + variable cost of its routes */
    int missed_mandatory;  /* mandatory stops left unserved */
    int engine_infeasible; /* a kept route breaks a rule of the checker (a bug) */
    size_t repaired_stops; /* stops dropped from the engine's routes to keep them valid */
    size_t n_stops;        /* stops given to the engine */
    size_t unplaced_routes; /* engine routes no vehicle and day could drive (stops unserved) */
    plan_self_delivery *self_deliveries; /* food-hub mode: goods producers bring to hubs */
    size_t n_self_deliveries;
} route_stage_result;

/* Route.  `a` = NULL: pure VRP mode (every point's demand, mandatory).
 * Returns 0 or an error (last error set; out released). */
int route__stage(const terroir_model *m, const alloc_result *a, const route_stage_params *p,
                 route_stage_result *out);

/* The kg that all routes of hub h may move in one cycle: the sum of its
 * capacities over the temperature classes of the model's products, or 0
 * (unlimited) when one of them is unlimited.  A model with ambient products
 * only (the CLRP importer's) gives the ambient capacity. */
double route__hub_capacity(const terroir_model *m, size_t h);
void route__stage_free(route_stage_result *r);

/* The routes of `warm` mapped onto problem rp (route_warm.c), as the
 * engine's warm start: *out (free with vrp__solution_free) has no routes
 * when warm is NULL or none maps.  Returns 0 or TERROIR_ENOMEM. */
struct route_problem;
int route__warm_start(const terroir_model *m, const struct route_problem *rp,
                      const route_stage_result *warm, vrp_solution *out);

#endif
