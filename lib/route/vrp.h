/* The vehicle routing problem as the routing engine sees it: plain arrays,
 * no model types, so the engine is tested and benchmarked on its own.
 *
 * The food-hub VRP: several depots (hubs), a heterogeneous fleet (each
 * vehicle type based at one depot, with a count, a capacity in
 * VRP_DIMENSIONS dimensions, the temperature classes it carries, fixed cost,
 * cost per km and per hour, speed factor, maximum route duration), and
 * stops that deliver goods loaded at the depot and/or pick up goods brought
 * back to it (load along the route: start = sum of deliveries; after each
 * stop, minus its delivery plus its pickup; must stay within capacity at
 * every point), with one or several time windows (waiting allowed, service
 * must start inside a window), service times, temperature classes, and an
 * optional penalty for leaving a stop unserved.  A depot may limit the kg
 * that all its routes move together (depot capacity of location-routing).
 *
 * Node indices: 0 .. n_depots-1 are depots, n_depots .. n_nodes-1 stops.
 * The engine is in vrp_*.c. */
#ifndef TERROIR_VRP_H
#define TERROIR_VRP_H

#include <math.h>
#include <stddef.h>

#include <terroir/solve.h>

#define VRP_DIMENSIONS 3 /* kg, m3, pallets (terroir_dimension) */
#define VRP_NONE ((size_t)-1)

typedef struct vrp_window {
    double open, close; /* minutes */
} vrp_window;

typedef struct vrp_node {
    size_t site;                        /* model site index (for reporting); free use */
    double delivery[VRP_DIMENSIONS];    /* loaded at the depot, dropped here */
    double pickup[VRP_DIMENSIONS];      /* picked up here, brought to the depot */
    unsigned int temperatures;          /* classes needed (bit set), 0: any vehicle */
    double service_minutes;
    const vrp_window *windows;          /* sorted, non-overlapping; NULL/0: always open */
    size_t n_windows;                   /* depots: their opening hours bound routes */
    double unserved_penalty;            /* < 0: the stop must be served */
    /* Depots only: kg (deliveries plus pickups, dimension 0) that all the
     * routes of the depot may move together; <= 0: unlimited (so a zeroed
     * node has no limit).  Location-routing: a hub's throughput capacity. */
    double depot_capacity_kg;
    /* Release date (minutes, on the clock of the windows): the goods of this
     * stop are at the depot from then on, so a route serving it leaves its
     * depot no earlier (cross-dock synchronisation: goods collected by other
     * routes or brought by producers).  <= 0: from the start. */
    double release;
} vrp_node;

typedef struct vrp_vehicle_type {
    size_t depot;                       /* depot node */
    size_t count;                       /* vehicles available */
    double capacity[VRP_DIMENSIONS];    /* < 0: unlimited in that dimension */
    unsigned int temperatures;          /* classes carried (bit set) */
    double fixed_cost;                  /* per vehicle used */
    double cost_per_km;
    double cost_per_hour;               /* per hour of route duration (incl. waiting) */
    double time_factor;                 /* minutes = matrix minutes * time_factor (1 = model speed) */
    double max_duration_minutes;        /* 0: none */
    double co2_kg_per_km;
} vrp_vehicle_type;

/* Distances computed when needed instead of read from matrices, for large
 * problems whose distances follow from coordinates: an n x n matrix of
 * doubles is 800 MB at 10,000 nodes, and filling it takes longer than many
 * time limits.  km = factor * (great-circle km between (lat, lon) degrees
 * for VRP_GEO_LATLON, Euclidean distance of (x, y) for VRP_GEO_PLANE);
 * minutes = km / speed_kmh * 60, as model__distance() with rounding none.
 * The great circle is the haversine formula with the sines of the half
 * differences taken from each node's sines and cosines of its half
 * latitude and longitude (sin(b - a) = sin b cos a - cos b sin a: products
 * instead of three sines per pair, the local search's main cost otherwise);
 * it agrees with model__haversine_km() to about 1e-15 relative (1e-9 for
 * sites a metre apart). */
typedef enum vrp_geo_kind { VRP_GEO_LATLON = 0, VRP_GEO_PLANE = 1 } vrp_geo_kind;

/* Per node of a LATLON problem: sin and cos of half its latitude and half
 * its longitude (radians), and the cosine of its latitude. */
typedef struct vrp_geo_trig {
    double s_lat, c_lat, s_lon, c_lon, cos_lat;
} vrp_geo_trig;

typedef struct vrp_geo {
    vrp_geo_kind kind;
    const double *a, *b;       /* per node: lat, lon (degrees) or x, y */
    const vrp_geo_trig *trig;  /* per node (LATLON) */
    double factor;             /* road factor (LATLON), 1 for planes */
    double speed_kmh;          /* > 0 */
} vrp_geo;

#define VRP_EARTH_RADIUS_KM 6371.0088 /* mean radius (IUGG), as lib/model */
#define VRP_DEG_TO_RAD (3.14159265358979323846 / 180.0)

/* The trigonometry of a node at (lat, lon) degrees. */
static inline vrp_geo_trig vrp__geo_trig(double lat, double lon)
{
    vrp_geo_trig t;
    double hl = lat * VRP_DEG_TO_RAD / 2, hn = lon * VRP_DEG_TO_RAD / 2;
    t.s_lat = sin(hl);
    t.c_lat = cos(hl);
    t.s_lon = sin(hn);
    t.c_lon = cos(hn);
    t.cos_lat = cos(lat * VRP_DEG_TO_RAD);
    return t;
}

static inline double vrp__geo_km(const vrp_geo *g, size_t i, size_t j)
{
    if (i == j)
        return 0.0;
    if (g->kind == VRP_GEO_PLANE)
        return hypot(g->a[i] - g->a[j], g->b[i] - g->b[j]);
    const vrp_geo_trig *p = &g->trig[i], *q = &g->trig[j];
    double s_dlat = q->s_lat * p->c_lat - q->c_lat * p->s_lat; /* sin(dlat / 2) */
    double s_dlon = q->s_lon * p->c_lon - q->c_lon * p->s_lon; /* sin(dlon / 2) */
    double h = s_dlat * s_dlat + p->cos_lat * q->cos_lat * s_dlon * s_dlon;
    if (h > 1)
        h = 1;
    return 2 * VRP_EARTH_RADIUS_KM * asin(sqrt(h)) * g->factor;
}

typedef struct vrp_problem {
    size_t n_nodes, n_depots;
    const vrp_node *nodes;
    /* Either matrices, n_nodes * n_nodes row-major: km, and travel minutes
     * at the model speed; or, when km is NULL, `geo`.  `geo` may also come
     * with matrices (then the same distances): the engine then only uses
     * the coordinates to build its first solutions (sweeps). */
    const double *km;
    const double *minutes;
    const vrp_geo *geo;
    const vrp_vehicle_type *types;
    size_t n_types;
} vrp_problem;

/* km and minutes (at the model speed) from node i to node j. */
static inline double vrp__arc_km(const vrp_problem *p, size_t i, size_t j)
{
    return p->km ? p->km[i * p->n_nodes + j] : vrp__geo_km(p->geo, i, j);
}
static inline double vrp__arc_minutes(const vrp_problem *p, size_t i, size_t j)
{
    return p->km ? p->minutes[i * p->n_nodes + j]
                 : vrp__geo_km(p->geo, i, j) / p->geo->speed_kmh * 60.0;
}

/* One route: a vehicle of `type` leaves its depot, serves stops[0..n-1] in
 * order, and returns. */
typedef struct vrp_route {
    size_t type;
    size_t *stops; /* node indices, owned by the solution */
    size_t n_stops;
    double km, minutes, cost; /* minutes = duration from departure to return */
} vrp_route;

typedef struct vrp_solution {
    vrp_route *routes;
    size_t n_routes;
    size_t *unserved; /* stop nodes left out */
    size_t n_unserved;
    double cost;      /* routes' costs + penalties of unserved stops */
    int feasible;     /* 1 when every constraint holds */
    /* Set partitioning polish: cost before and after it (equal when it
     * found nothing better or did not run). */
    double cost_before_polish;
    unsigned long iterations;
} vrp_solution;

/* Called about every CORE_POLL_PERIOD s (0.1 s); return non-zero to stop
 * (best solution kept). */
typedef int (*vrp_progress_fn)(double best_cost, void *data);

typedef struct vrp_params {
    double time_limit_seconds;  /* 0: none (then iterations must be > 0) */
    unsigned long iterations;   /* 0: none; HGS iterations without improvement... as
                                   documented by the engine */
    unsigned long seed;
    int polish;                 /* 1: set-partitioning polish over the route pool (GLPK) */
    double stall_seconds;       /* > 0: stop after this long without a better solution */
    vrp_progress_fn progress;
    void *progress_data;
    terroir_log_fn log;
    void *log_data;
    /* Warm start (NULL: none): routes in this problem's node indices, e.g.
     * an earlier search's best or a mapped solution of a similar problem.
     * They seed the population (placed in vehicles of their types while
     * any is free, then improved by the local search, which also inserts
     * the stops they miss); stops out of range, depots and repeats are
     * skipped.  The search then starts no worse than them, up to that
     * local search. */
    const vrp_solution *initial;
    /* GLPK failures worked around (the stage keeping its best solution
     * found before them) are noted here (core__warn); NULL: nowhere. */
    terroir_diagnostics *warnings;
} vrp_params;

/* Solve.  Deterministic for a seed and an iteration limit (without a time
 * limit).  Returns 0 (solution in *out, free with vrp__solution_free()) or
 * TERROIR_EINVAL / TERROIR_ENOMEM / TERROIR_ESOLVER with the last error set. */
int vrp__solve(const vrp_problem *p, const vrp_params *params, vrp_solution *out);
void vrp__solution_free(vrp_solution *s);

struct core_poll;

/* Set-partitioning polish (vrp_polish.c, GLPK through lib/lp): choose a
 * least-cost set of routes from `pool` (feasible routes with km/minutes/cost
 * filled) that serves every mandatory stop exactly once (optional stops at
 * most once, else their penalty), within the fleet counts per type.  When it
 * finds a solution cheaper than *best, replaces *best (same ownership
 * rules).  `poll` (may be NULL) stops the MIP early with what it has.
 * Returns 0 or an error code (best unchanged). */
int vrp__polish(const vrp_problem *p, const vrp_route *pool, size_t n_pool, vrp_solution *best,
                double time_limit_seconds, struct core_poll *poll, terroir_log_fn log,
                void *log_data, terroir_diagnostics *warnings);

/* Evaluation of one route, as the route checker reports it. */
typedef enum vrp_violation_kind {
    VRP_VIOLATION_CAPACITY = 0,    /* load above capacity after a stop (or at start) */
    VRP_VIOLATION_TIME_WINDOW = 1, /* service starts after the stop's last usable window */
    VRP_VIOLATION_DURATION = 2,    /* route longer than max duration */
    VRP_VIOLATION_DEPOT_HOURS = 3, /* back at the depot after it closes */
    VRP_VIOLATION_TEMPERATURE = 4, /* the vehicle cannot carry the stop's classes */
    VRP_VIOLATION_DEPOT = 5        /* a depot node used as a stop */
} vrp_violation_kind;

typedef struct vrp_violation {
    vrp_violation_kind kind;
    size_t position; /* index in stops, or n_stops for the return to the depot */
    double amount;   /* excess: load units, minutes late, ... */
} vrp_violation;

typedef struct vrp_stop_eval {
    double arrival, start, departure; /* minutes */
    double load[VRP_DIMENSIONS];      /* on board after the stop */
} vrp_stop_eval;

/* Evaluate a route (departure from the depot at its opening time, or at the
 * latest release date of its stops when later; waiting allowed; ASAP
 * schedule).  stops_out (n_stops entries, may be NULL) gets
 * the schedule; violations (up to max_violations, may be NULL) the problems;
 * returns the number of violations found (all of them, even past
 * max_violations), and fills r->km, r->minutes, r->cost. */
size_t vrp__evaluate(const vrp_problem *p, vrp_route *r, vrp_stop_eval *stops_out,
                     vrp_violation *violations, size_t max_violations);

#endif
