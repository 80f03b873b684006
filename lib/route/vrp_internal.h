/* Internal structures of the routing engine (vrp_*.c): the preprocessed
 * instance, route segments for O(1) concatenation, the random generator, the
 * individuals and population of the hybrid genetic search, the split, the
 * local search and the route pool.  See vrp.h for the problem itself.
 *
 * The engine follows Vidal's hybrid genetic search: Vidal, "Hybrid genetic
 * search for the CVRP: open-source implementation and SWAP* neighborhood",
 * Computers & Operations Research 140 (2022); and for time windows and
 * several depots Vidal, Crainic, Gendreau, Prins, "A hybrid genetic algorithm
 * with adaptive diversity management for a large class of vehicle routing
 * problems with time-windows", Computers & Operations Research 40 (2013)
 * (time warp, concatenation of route segments).  Our own code.
 *
 * Conventions: node indices are `int` inside the engine (vrp.h uses size_t);
 * a "slot" is one vehicle of one type: the fleet counts are hard because a
 * solution has one route per slot (most of them empty).  Every stop can be
 * left unserved: optional stops at their own penalty, mandatory ones at an
 * adaptive penalty (they make the solution infeasible), so temperature
 * compatibility stays a hard rule of every move. */
#ifndef TERROIR_VRP_INTERNAL_H
#define TERROIR_VRP_INTERNAL_H

#include <stdint.h>

#include "core/core.h"
#include "route/vrp.h"

#define VRP_EPS 1e-7        /* a move must gain more than this */
#define VRP_BIG 1e15        /* "no limit" for times */

/* ------------------------------------------------------------------ random */

/* xoshiro256** seeded with splitmix64 (Blackman and Vigna): deterministic
 * for a seed, on every platform. */
typedef struct vrp_rng {
    uint64_t s[4];
} vrp_rng;

void vrp__rng_seed(vrp_rng *r, unsigned long seed);
uint64_t vrp__rng_next(vrp_rng *r);
/* Uniform in [0, n); n > 0. */
int vrp__rng_below(vrp_rng *r, int n);
/* Fisher-Yates shuffle of n ints. */
void vrp__rng_shuffle(vrp_rng *r, int *a, int n);

/* ---------------------------------------------------------------- instance */

/* How route times are evaluated. */
typedef enum vrp_time_mode {
    VRP_TIME_NONE = 0,   /* no windows, no duration limit, no cost per hour */
    VRP_TIME_CONCAT = 1, /* single windows: O(1) concatenation of segments */
    VRP_TIME_SCAN = 2    /* several windows at some stop: scan the route */
} vrp_time_mode;

/* Route segment data (Vidal et al. 2013): duration (travel, service and
 * waiting), time warp, earliest and latest start at the first node; loads per
 * dimension: deliveries, pickups and peak load inside the segment (counting
 * the segment's own deliveries as on board at its start); the latest release
 * date of its stops (as in PyVRP's duration segments, Wouda, Lan & Kool
 * 2024: a route starting at its depot cannot leave before it, see
 * vrp__release_warp). */
typedef struct vrp_seg {
    double dur, tw, early, late, rel;
    double del[VRP_DIMENSIONS], pick[VRP_DIMENSIONS], peak[VRP_DIMENSIONS];
    int first, last;
} vrp_seg;

typedef struct vrp_type {
    int depot;
    int count;
    int sclass;          /* index of the speed class (distinct time factors) */
    int rclass;          /* depot * n_sclass + sclass: same segment data */
    double cap[VRP_DIMENSIONS]; /* < 0: unlimited */
    unsigned int temps;
    double fixed, cpk, cpm; /* cost per km, per minute */
    double tf;
    double maxdur;       /* 0: none */
} vrp_type;

typedef struct vrp_inst {
    const vrp_problem *p;
    int n, nd, nt;       /* nodes, depots, types */
    int n_stops;
    const double *km, *min; /* matrices, or NULL: distances from `geo` */
    const vrp_geo *geo;     /* distances computed (km NULL), else NULL */
    const vrp_geo *coords;  /* coordinates of the nodes when known (sweeps) */
    vrp_type *types;
    vrp_seg *nseg;       /* per node: the one-node segment */
    double *service;
    double *pen;         /* per node: unserved penalty of optional stops, < 0 mandatory */
    unsigned int *temps;
    unsigned char *servable; /* some type can carry the stop */
    /* windows per node (envelope in nseg) */
    const vrp_window **win;
    int *nwin;
    double *dopen, *dclose; /* per depot node: opening hours envelope */
    /* Depot capacities (location-routing): per node, kg that a visit moves
     * (deliveries + pickups of dimension 0); per depot, its limit (< 0:
     * none); their excess counts as load excess, in units of dinv. */
    double *thr;
    double *dcap;
    double dinv;
    int has_dcap;

    int dims[VRP_DIMENSIONS], ndims; /* dimensions that matter */
    double inv_ref[VRP_DIMENSIONS];  /* 1 / reference capacity per dimension */
    vrp_time_mode time;
    int has_pickup, has_temps, has_optional, hetero, asym, n_sclass;
    int swapstar;        /* SWAP* is worth running (no times) */

    int *nb_start, *nb;  /* granular neighbours (CSR over node ids) */
    int n_slots;
    int *slot_type;      /* per slot */
    int *type_slot0, *type_nslots;
    int *stops;          /* servable stop ids */
    int n_servable;

    double max_arc_cost; /* scales for penalties */
    double max_demand_rel;
    double cost_per_minute_scale;
} vrp_inst;

/* Validate `p` and build the instance.  Returns 0, TERROIR_EINVAL (last
 * error says what is wrong) or TERROIR_ENOMEM.  `granular`: neighbours per
 * stop; `poll` (may be NULL) stops the neighbour lists early (the stops not
 * reached then have none). */
int vrp__inst_build(vrp_inst *in, const vrp_problem *p, int granular, core_poll *poll);
/* The granular neighbour lists in->nb_start / in->nb (vrp_neighbours.c).
 * 0 or TERROIR_ENOMEM. */
int vrp__neighbours_build(vrp_inst *in, int granular, core_poll *poll);
void vrp__inst_free(vrp_inst *in);

/* km and minutes (at the model speed) of the arc i -> j: from the matrices,
 * or computed (vrp.h, vrp_geo). */
static inline double vrp__km(const vrp_inst *in, int i, int j)
{
    return in->km ? in->km[(size_t)i * (size_t)in->n + (size_t)j]
                  : vrp__geo_km(in->geo, (size_t)i, (size_t)j);
}
static inline double vrp__minutes(const vrp_inst *in, int i, int j)
{
    return in->km ? in->min[(size_t)i * (size_t)in->n + (size_t)j]
                  : vrp__geo_km(in->geo, (size_t)i, (size_t)j) / in->geo->speed_kmh * 60.0;
}

static inline int vrp__compat(const vrp_inst *in, int node, int type)
{
    return (in->temps[node] & ~in->types[type].temps) == 0;
}

/* --------------------------------------------------------------- penalties */

typedef struct vrp_pen {
    double load; /* per reference vehicle capacity of excess */
    double tw;   /* per minute of time warp */
    double dur;  /* per minute above the duration limit */
    double miss; /* per mandatory stop left unserved */
} vrp_pen;

/* Violation amounts of a route or a solution. */
typedef struct vrp_excess {
    double load, tw, dur;
} vrp_excess;

/* Totals of one route. */
typedef struct vrp_sum {
    double km, dur, tw;
    double peak[VRP_DIMENSIONS];
} vrp_sum;

/* Penalised cost of a non-empty route of `type`: fixed + km and time costs +
 * penalties; the excess amounts in *ex (may be NULL). */
double vrp__route_cost(const vrp_inst *in, const vrp_pen *w, int type, const vrp_sum *s,
                       vrp_excess *ex);

/* Adaptive penalties (vrp_penalty.c): feasibility of recent local search
 * outputs per constraint kind, weights raised or lowered to reach the target
 * share of feasible outputs (Vidal 2022: 20 %). */
#define VRP_PEN_KINDS 4
typedef struct vrp_penalty {
    vrp_pen w, w0;
    unsigned char hist[VRP_PEN_KINDS][100];
    int n_hist[VRP_PEN_KINDS], pos[VRP_PEN_KINDS];
    int active[VRP_PEN_KINDS];
} vrp_penalty;

void vrp__penalty_init(vrp_penalty *pp, const vrp_inst *in);
void vrp__penalty_record(vrp_penalty *pp, const vrp_excess *ex, int missed);
/* Adjust the weights from the recorded history (every 100 iterations). */
void vrp__penalty_update(vrp_penalty *pp);

/* ---------------------------------------------------------- segment algebra */

static inline double vrp__max(double a, double b) { return a > b ? a : b; }
static inline double vrp__min(double a, double b) { return a < b ? a : b; }

/* a = a (+) b.  `tf`: time factor of the vehicle; `do_time`: concatenate
 * the time part (VRP_TIME_CONCAT). */
static inline void vrp__seg_cat(const vrp_inst *in, double tf, int do_time, vrp_seg *a,
                                const vrp_seg *b)
{
    int k;
    if (do_time) {
        double t = vrp__minutes(in, a->last, b->first) * tf;
        double delta = a->dur - a->tw + t;
        double wt = vrp__max(b->early - delta - a->late, 0.0);
        double tw = vrp__max(a->early + delta - b->late, 0.0);
        double early = vrp__max(b->early - delta, a->early) - wt;
        double late = vrp__min(b->late - delta, a->late) + tw;
        a->dur += b->dur + t + wt;
        a->tw += b->tw + tw;
        a->early = early;
        a->late = late;
        a->rel = vrp__max(a->rel, b->rel);
    }
    for (k = 0; k < in->ndims; k++) {
        int d = in->dims[k];
        if (in->has_pickup)
            a->peak[d] = vrp__max(a->peak[d] + b->del[d], b->peak[d] + a->pick[d]);
        a->del[d] += b->del[d];
        a->pick[d] += b->pick[d];
        if (!in->has_pickup)
            a->peak[d] = a->del[d];
    }
    a->last = b->last;
}

/* Time warp that the release dates add to a closed route (a segment from
 * its depot back to it): the route leaves at max(earliest start, release);
 * any start in [early, late] gives the segment's least duration, so only a
 * release after the latest start costs, as time warp (PyVRP's rule). */
static inline double vrp__release_warp(const vrp_seg *route)
{
    return vrp__max(route->rel - route->late, 0.0);
}

/* Forward scan of a route with several windows per stop (time warp at a late
 * stop, waiting allowed), then the departure delayed as far as it shortens
 * the route without delaying a service past its window (Savelsbergh's
 * forward time slack). */
typedef struct vrp_scan {
    double clock, tw, wait, slack, dep;
    int last;
} vrp_scan;

/* Start at the depot of `type` at its opening, or at `release` when later
 * (the latest release date of the route's stops). */
void vrp__scan_start(const vrp_inst *in, int type, double release, vrp_scan *sc);
void vrp__scan_add(const vrp_inst *in, double tf, vrp_scan *sc, int node);
/* Duration and time warp of the route closed at its depot. */
void vrp__scan_finish(const vrp_inst *in, int type, const vrp_scan *sc, double *dur, double *tw);

/* Incremental route builder (split, evaluation from scratch).  The stops
 * added are nodes[0], nodes[1], ... of the array given to vrp__rb_init (the
 * scan of several-window routes starts again from them when a release date
 * delays the departure). */
typedef struct vrp_rb {
    int type, last, n;
    double km;
    vrp_seg s;
    vrp_scan sc;
    const int *nodes;
} vrp_rb;

void vrp__rb_init(const vrp_inst *in, vrp_rb *rb, int type, const int *nodes);
/* Add nodes[rb->n] (== node). */
void vrp__rb_add(const vrp_inst *in, vrp_rb *rb, int node);
/* Totals of the route closed at its depot (rb unchanged). */
void vrp__rb_sum(const vrp_inst *in, const vrp_rb *rb, vrp_sum *out);

/* ---------------------------------------------------------- individuals */

typedef struct vrp_indiv vrp_indiv;
typedef struct vrp_prox {
    double d;
    vrp_indiv *o;
} vrp_prox;

struct vrp_indiv {
    int *tour;             /* giant tour: every servable stop once */
    unsigned char *served; /* per node id */
    int *rnodes;           /* stops of the routes, slot after slot */
    int *rstart;           /* n_slots + 1 offsets into rnodes */
    int *succ, *pred;      /* per node: next / previous stop, -1 depot, -2 unserved */
    double cost;           /* penalised with the current weights */
    double objective;      /* costs of routes + penalties of unserved optional stops */
    vrp_excess ex;
    int missed;            /* mandatory stops unserved */
    int feasible;
    double fit;            /* biased fitness */
    vrp_prox *prox;        /* sorted by distance */
    int n_prox;
};

int vrp__indiv_alloc(const vrp_inst *in, vrp_indiv *x, int prox_cap);
void vrp__indiv_release(vrp_indiv *x);
void vrp__indiv_copy(const vrp_inst *in, vrp_indiv *dst, const vrp_indiv *src);
/* Penalised cost from the stored amounts. */
double vrp__indiv_penalised(const vrp_indiv *x, const vrp_pen *w);
/* Recompute objective, amounts, feasibility and successor arrays from the
 * routes; rebuild the giant tour (routes chained by proximity).  `work`:
 * n_slots + n_servable ints of scratch. */
void vrp__indiv_evaluate(const vrp_inst *in, const vrp_pen *w, vrp_indiv *x, int *work);
/* Broken-pairs distance in [0, 1]. */
double vrp__indiv_distance(const vrp_inst *in, const vrp_indiv *a, const vrp_indiv *b);
/* A random giant tour, every stop served. */
void vrp__indiv_random(const vrp_inst *in, vrp_rng *rng, vrp_indiv *x);
/* A sweep giant tour (coordinates known, in->coords; else a random tour):
 * stops by nearest depot, then by angle around it from a random start
 * angle, in a random direction; every stop served. */
void vrp__indiv_sweep(const vrp_inst *in, vrp_rng *rng, vrp_indiv *x);

/* ---------------------------------------------------------------- split */

typedef struct vrp_split vrp_split;
vrp_split *vrp__split_new(const vrp_inst *in);
void vrp__split_free(vrp_split *sp);
/* Cut x->tour (served stops) into routes of the fleet, optimally for one
 * vehicle type (Bellman; limited fleet when needed), heuristically for
 * several; fills x->rnodes / x->rstart / x->served. */
void vrp__split(vrp_split *sp, const vrp_pen *w, vrp_indiv *x);

/* ------------------------------------------------------------- crossover */

/* Ordered crossover (OX) of the parents' giant tours into child->tour and
 * child->served.  `mark`: n bytes of scratch. */
void vrp__crossover_ox(const vrp_inst *in, vrp_rng *rng, const vrp_indiv *p1,
                       const vrp_indiv *p2, vrp_indiv *child, unsigned char *mark);

/* ----------------------------------------------------------- local search */

typedef struct vrp_ls vrp_ls;
/* `poll` (may be NULL): the deadline and stop request every run obeys. */
vrp_ls *vrp__ls_new(const vrp_inst *in, vrp_rng *rng, core_poll *poll);
void vrp__ls_free(vrp_ls *ls);
/* Load x's routes, improve them with penalties `w` until no move improves
 * (or the poll says stop), write the routes back to x (x->rnodes,
 * x->rstart, x->served; then call vrp__indiv_evaluate). */
void vrp__ls_run(vrp_ls *ls, vrp_indiv *x, const vrp_pen *w);
/* Continue with other penalties on the routes loaded by the last run. */
void vrp__ls_rerun(vrp_ls *ls, vrp_indiv *x, const vrp_pen *w);
unsigned long vrp__ls_moves(const vrp_ls *ls);

/* ------------------------------------------------------------- population */

typedef struct vrp_pop vrp_pop;
typedef struct vrp_pop_params {
    int mu, lambda, n_elite, n_close;
} vrp_pop_params;

vrp_pop *vrp__pop_new(const vrp_inst *in, const vrp_pop_params *pp);
void vrp__pop_free(vrp_pop *pop);
/* Copy x into its subpopulation (survivor selection when full).  Returns 1
 * when x is feasible and better than the best since the last restart. */
int vrp__pop_add(vrp_pop *pop, const vrp_indiv *x, const vrp_pen *w);
/* Binary tournament on biased fitness over both subpopulations; NULL when
 * empty. */
const vrp_indiv *vrp__pop_select(vrp_pop *pop, vrp_rng *rng);
/* Re-price the infeasible subpopulation after a change of weights. */
void vrp__pop_reprice(vrp_pop *pop, const vrp_pen *w);
/* Empty both subpopulations (the best solutions are kept). */
void vrp__pop_restart(vrp_pop *pop);
/* Best feasible individual ever, else the best infeasible one ever (NULL if
 * none was added). */
const vrp_indiv *vrp__pop_best(const vrp_pop *pop);
int vrp__pop_size(const vrp_pop *pop, int feasible);

/* ------------------------------------------------------------ route pool */

typedef struct vrp_pool vrp_pool;
vrp_pool *vrp__pool_new(const vrp_inst *in, size_t capacity);
void vrp__pool_free(vrp_pool *pl);
/* Remember the routes of a feasible individual (duplicates merged; when full,
 * the routes seen only in the worst solutions make room). */
void vrp__pool_add(vrp_pool *pl, const vrp_indiv *x);
/* The pool as vrp_route array (km, minutes, cost filled by vrp__evaluate);
 * the caller frees the array and each stops array.  TERROIR_ENOMEM. */
int vrp__pool_export(const vrp_pool *pl, const vrp_problem *p, vrp_route **out, size_t *n);

/* ----- local search internals (vrp_localsearch.c, vrp_ls_route.c, vrp_ls_swapstar.c) */

/* A node of the local search: a stop (index = node id) or the start/end
 * depot of a slot (index n + 2 * slot, n + 2 * slot + 1). */
typedef struct ls_node {
    int id;           /* vrp node */
    int route;        /* slot; -1 for an unserved stop */
    int pos;          /* 0 start depot, 1..n stops, n + 1 end depot */
    int prev, next;
    int depot;        /* 1 for depot nodes */
    long tested;      /* move counter when last tested as U */
    double cum, crev; /* km from the start depot; same path driven backwards */
    double cthr;      /* kg moved (in->thr) from the start depot up to here */
    double cdel[VRP_DIMENSIONS]; /* deliveries from the start (load-only mode) */
    unsigned int tor_pre, tor_suf; /* temperature classes up to / from here */
} ls_node;

typedef struct ls_route {
    int type, start, end, n;
    int depot_id, rclass;
    double cpk, fixed;
    double km, cost, nonkm; /* nonkm = cost - cpk * km */
    double thr;             /* kg moved by the route (depot capacity) */
    vrp_sum sum;
    long modified, swap_tested;
} ls_route;

/* A piece of a route being evaluated: nodes a..b of one route, in route
 * order (a before b), driven forward or reversed; a < 0: empty.  A single
 * unserved stop is a = b. */
typedef struct ls_piece {
    int a, b, rev;
} ls_piece;

/* SWAP* cache: three cheapest insertion positions of a stop in a route. */
typedef struct ls_ins {
    double c[3];
    int p[3];
    long stamp;
} ls_ins;

struct vrp_ls {
    const vrp_inst *in;
    vrp_rng *rng;
    vrp_pen w;
    ls_node *nd;
    vrp_seg *pre, *suf; /* per node index when use_segs */
    int use_segs;
    ls_route *rt;
    int S;
    int *order, *rorder;
    int *nbr;           /* neighbour lists (shuffled copy of in->nb) */
    int *buf[2];        /* materialised routes */
    int *seqbuf;        /* node ids for the scan mode */
    long moves;
    int done, timed_out, checks;
    core_poll *poll;
    int *empty;         /* per type: an empty slot, -1 none */
    ls_ins *ins;        /* S x n, SWAP* only */
    double *rem;        /* per node: cost change of removing it (SWAP*) */
    int *rmark, *rlist; /* route marks / list (SWAP*) */
    long rstamp;
    double *dload;      /* per depot: kg moved by its routes (in->has_dcap) */
};

/* Penalised excess of depot d's capacity at load `kg` (0 without one). */
static inline double vrp__depot_pen(const vrp_inst *in, const vrp_pen *w, int d, double kg)
{
    double cap = in->dcap[d];
    return cap >= 0.0 && kg > cap + 1e-9 * (1.0 + cap) ? w->load * (kg - cap) * in->dinv : 0.0;
}

/* Excess (in reference units) of every depot capacity by the routes of x. */
double vrp__depot_excess(const vrp_inst *in, const int *rstart, const int *rnodes);

#define LS_NONE (-1)

/* Piece from node a to node b of one route.  a may be the start depot (the
 * piece starts at the first stop) or the end depot (empty); b may be the end
 * depot (ends at the last stop) or the start depot (empty). */
static inline ls_piece vrp__ls_mkp(const vrp_ls *ls, int a, int b)
{
    ls_piece p = {LS_NONE, LS_NONE, 0};
    const ls_node *nd = ls->nd;
    if (nd[a].depot) {
        if (nd[a].pos != 0)
            return p;
        a = nd[a].next;
    }
    if (nd[b].depot) {
        if (nd[b].pos == 0)
            return p;
        b = nd[b].prev;
    }
    if (nd[a].depot || nd[b].depot || nd[a].pos > nd[b].pos)
        return p;
    p.a = a;
    p.b = b;
    return p;
}

/* vrp_ls_route.c: route data, evaluation of candidate routes, moves applied. */
void vrp__ls_update_route(vrp_ls *ls, int r);
/* Evaluate routes r1 (pieces P1) and r2 (pieces P2; r2 < 0: none), plus
 * `extra` (penalties of unserved stops); apply when the total gains.
 * `drop`: a stop that leaves the routes (or -1).  Returns 1 when applied. */
int vrp__ls_try(vrp_ls *ls, int r1, const ls_piece *P1, int n1, int r2, const ls_piece *P2,
                int n2, double extra, int drop);
double vrp__ls_unserved_pen(const vrp_ls *ls, int node);
/* The most that a move of routes r1 and r2 can gain on depot capacity
 * penalties: their depots' current penalties (0 without capacities). */
double vrp__ls_depot_slack(const vrp_ls *ls, int r1, int r2);
/* Recompute ls->dload from the routes. */
void vrp__ls_depot_loads(vrp_ls *ls);
/* vrp_ls_swapstar.c: SWAP* between two routes (Vidal 2022, section 4). */
int vrp__ls_swapstar(vrp_ls *ls, int r1, int r2);
void vrp__ls_swapstar_phase(vrp_ls *ls, int loop);

#endif
