/* The solve pipeline's own pieces (lib/plan/solve*.c), read top-down:
 *
 *   solve.c           terroir_solve(): options, then one of the two modes
 *   solve_pure.c      pure VRP mode: routes from the hubs (location-routing
 *                     through lib/locate when there are candidate hubs)
 *   solve_foodhub.c   food-hub mode: design, allocation and routes in
 *                     rounds, the transport estimate calibrated on routes
 *   solve_budget.c    how the time limit is split (named constants)
 *   solve_evaluate.c  the plan's summary from stage results (costs, KPIs)
 *   solve_fill.c      the plan's items from stage results (hubs, flows,
 *                     unserved lines, routes)
 *   calibrate.c       per-hub factors routed / estimated transport
 *
 * The stages themselves live in their modules (design/, alloc/, locate/,
 * route/), each with one entry point; this folder turns their results into
 * the plan. */
#ifndef TERROIR_SOLVE_INTERNAL_H
#define TERROIR_SOLVE_INTERNAL_H

#include <terroir/solve.h>

#include "alloc/alloc.h"
#include "design/design.h"
#include "lp/lp.h"
#include "model/model_internal.h"
#include "plan/plan_internal.h"
#include "route/route_stage.h"

typedef struct solve_ctx {
    const terroir_solve_options *opts;
    double start;
    terroir_stage stage;
    int canceled;      /* the progress callback asked to stop */
    double route_base; /* costs outside the routes, for the route progress */
    /* GLPK failures that the stages worked around (core__warn); the plan
     * takes the list. */
    terroir_diagnostics *warnings;
    double end;        /* core__now() time by which the solve ends; 0: none */
    double stall;      /* seconds without improvement that end a search; 0: none */
    int automatic;     /* end and stall come from the automatic rule */
} solve_ctx;

/* ---- solve.c */

/* Forward a stage's progress to the caller (lp_progress_fn shape); returns
 * non-zero once the caller asked to stop. */
int solve__report(double incumbent, double bound, void *data);
/* Progress of a routing search: its best cost plus c->route_base. */
int solve__route_progress(double best, void *data);
terroir_status solve__status_of(lp_status s);
int solve__has_candidates(const terroir_model *m);

/* ---- solve_budget.c: deadline, stall rule and the split of the time. */

/* c->end, c->stall and c->automatic from the options and the model
 * (c->opts and c->start set). */
void solve__budget_init(solve_ctx *c, const terroir_model *m);
/* The whole solve's seconds (0: none). */
double solve__limit(const solve_ctx *c);
/* Seconds left before `end` (0: no end; a spent limit leaves a token
 * millisecond so a stage stops at once with what it has). */
double solve__left_until(double end);
/* The same before c->end. */
double solve__time_left(const solve_ctx *c);
/* 1 once the deadline passed or the caller asked to stop. */
int solve__time_is_up(const solve_ctx *c);
/* 1 when enough time is left for a second food-hub round. */
int solve__second_round_worth(const solve_ctx *c);
/* 1 when a second food-hub round fits: the time left before `end` (0: no
 * end) is ample against what the first round, started at round_start,
 * took so far. */
int solve__second_round_fits(double round_start, double end);
/* The end of the allocation stage of a round ending at `end` (0: none). */
double solve__alloc_end(double end, int routes_follow);
/* Seconds for the design stage out of `left` (0: no limit). */
double solve__design_seconds(double left, int routes_follow);
/* Seconds for a routing search ending at `end` (0: none, an iteration
 * limit or the stall rule stops it); solve__route_seconds: at c->end. */
double solve__route_seconds_until(const solve_ctx *c, double end);
double solve__route_seconds(const solve_ctx *c);
/* Share of the time of a food-hub solve spent on its first round when the
 * estimate is calibrated on routes (solve_foodhub.c). */
double solve__first_round_share(void);
/* Seconds for the second round's design of a calibrated food-hub solve. */
double solve__second_design_seconds(double left);

/* ---- solve_evaluate.c */

/* The allocation's cost, status and bound into the summary (no routes);
 * `hub_open` (NULL: no design) and `d` from the design stage. */
void solve__evaluate_alloc(plan_summary *s, const terroir_model *m, const alloc_result *a,
                           const unsigned char *hub_open, const design_result *d);
/* Transport that allocation `a` prices on the legs through each hub
 * (handling and CO2 price excluded): per hub (may be NULL; added to), in
 * total, and *direct for the deliveries producers drive. */
double solve__transport_estimate(const terroir_model *m, const alloc_result *a, double *per_hub,
                                 double *direct);
/* The summary of a plan whose allocation `a` (NULL in pure VRP mode) is
 * driven by routes `r`, on top of what solve__evaluate_alloc put there.
 * `estimate`: the transport estimate to report for the routed legs (NAN:
 * the allocation's own). */
void solve__apply_routes(plan_summary *s, const terroir_model *m, const alloc_result *a,
                         const route_stage_result *r, double estimate);
/* Demand per point kind into the summary, everything counted as served. */
void solve__count_demand(plan_summary *s, const terroir_model *m);

/* ---- solve_fill.c */

/* Hubs, flows and unserved lines of allocation `a` into the plan. */
int solve__fill_alloc(terroir_plan *p, const terroir_model *m, const alloc_result *a,
                      const unsigned char *opened_by_design);
/* Release what solve__fill_alloc put into the plan. */
void solve__drop_alloc(terroir_plan *p);
/* Move the routes and unserved stops of r into the plan (r is emptied). */
void solve__keep_routes(terroir_plan *p, route_stage_result *r);
/* Add the kg that route pr moves to its hub's throughput (pure VRP mode). */
void solve__add_route_throughput(terroir_plan *p, const terroir_model *m, const plan_route *pr);

/* ---- the two modes */

int solve__pure(solve_ctx *c, const terroir_model *m, terroir_plan *p);
int solve__foodhub(solve_ctx *c, const terroir_model *m, terroir_plan *p);

/* ---- calibrate.c */

/* The transport cost model calibrated on routes (see calibrate.c): the
 * routes of hub h are predicted to cost
 *     route_fixed[h] + factor[h] * (a-priori estimate of its flows),
 * route_fixed the fixed part (vehicle fixed costs of its routes), factor
 * the ratio of the rest to the a-priori per-kg estimate. */
typedef struct calibration {
    size_t n_hubs;
    double *route_fixed; /* per hub */
    double *factor;      /* per hub */
    int learned;         /* 1 once learned from routes */
} calibration;

int calibrate__init(calibration *k, size_t n_hubs);
void calibrate__free(calibration *k);
/* Learn the model from one round: its allocation (priced with factors
 * `used`, NULL: a priori) and its routes.  Hubs without routes in the
 * round get the round's mean fixed part and pooled factor.  0, or
 * TERROIR_ENOMEM (error set; the model is unchanged). */
int calibrate__learn(calibration *k, const terroir_model *m, const alloc_result *a,
                     const double *used, const route_stage_result *r);
/* The model's prediction of the routed cost of allocation `a` (priced with
 * factors `used`, NULL: a priori): the sum over hubs with flows, in *out.
 * 0, or TERROIR_ENOMEM (error set). */
int calibrate__predict(double *out, const calibration *k, const terroir_model *m,
                       const alloc_result *a, const double *used);

#endif
