/* The state of one run of the routing stage (route_stage.c), shared with
 * its food-hub mode (route_hub.c): what is being routed, the result being
 * built, and the problem being solved.  Internal to lib/route. */
#ifndef TERROIR_ROUTE_STAGE_INTERNAL_H
#define TERROIR_ROUTE_STAGE_INTERNAL_H

#include "route/route_days.h"
#include "route/route_internal.h"
#include "route/route_pack.h"
#include "route/route_stage.h"

typedef struct route_run {
    const terroir_model *m;
    const alloc_result *a;
    const route_stage_params *p;
    route_stage_result *out;
    size_t cap_routes, cap_unserved;
    core_poll poll;                 /* the stage's deadline and the caller's stop */
    double *total_kg, *unserved_kg; /* per site, for the problem being solved */
    size_t cap_self;
    /* The problem being solved: its stops' goods (NULL: none), and, when
     * not NULL, per node the time its route is back at the hub (NAN:
     * unserved) and per engine type the routes kept. */
    const route_goods *goods;
    double *node_return;
    unsigned int *node_day;     /* per node: the day its route runs (when not NULL) */
    /* Per node (NULL: none): the day its goods are all at the hub, and the
     * minute of that day they are (its route may run that day, leaving
     * then, or any later day: see route_hub). */
    const unsigned int *min_day;
    const double *same_day_release;
    unsigned int first_day;     /* the problem's routes run on this day or later */
    /* > 0: first try the problem on the trips of days first_day..early_day
     * alone, kept when every stop is then served (collection: goods at the
     * hub early let deliveries run on any later day). */
    unsigned int early_day;
    double *node_pick;          /* per node (when not NULL): minute of the cycle it is served */
    const double *node_deadline; /* per node (NULL: none): served by this minute of the cycle */
    double deadline;            /* of the stage (time limit set) */
    route_pack pack;            /* vehicles and days of the routes kept */
    /* The days the problem's stops may be served (NULL: every day), and
     * per goods of its stop list (NULL: none) the day they are at the hub
     * from (overnight storage, route_pack.h). */
    const route_days *days;
    const unsigned int *goods_since;
} route_run;

/* Seconds for a problem of n stops out of n_left still to route, within
 * the stage's deadline (0: no time limit). */
double route__stage_share(const route_stage_params *p, double deadline, size_t n, size_t n_left);

/* Build, solve and keep one problem of hub h: its stops `l`, with per
 * stop (NULL: none) the day its goods are all at the hub (`min_day`) and
 * the minute of that day (`release`), the minute of the cycle each must be
 * served by (`deadline`, shelf life), and per goods of `l` (NULL: none) the
 * day they are at the hub from (`since`, overnight storage), on the trips
 * its fleet has left.  A stop that may be served on a later day than
 * min_day (its goods there, and its site receiving then) is given no
 * release in the engine: its route runs on min_day if it can leave late
 * enough, else on a later one (route_pack.c).  The unserved kg per site of
 * the problem are left in s->unserved_kg / s->total_kg; rp is left built
 * (the caller frees it). */
int route__stage_solve_hub_problem(route_run *s, size_t h, const route_stop_list *l,
                                   const double *release, const unsigned int *min_day,
                                   const double *deadline, const unsigned int *since,
                                   double seconds, route_problem *rp);

/* Food-hub mode (route_hub.c, route_stage.h): every hub of `hubs`, its
 * collection then its delivery, within `deadline`. */
int route__food_hub(route_run *s, const size_t *hubs, size_t n_hubs, double deadline);

#endif
