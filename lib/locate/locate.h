/* Location-routing: which candidate hubs to open, decided on the cost of the
 * routes they make possible (the pure VRP mode of terroir_solve(): a model
 * without producers whose hubs deliver every point's demand, such as an
 * imported CLRP instance or a planner's delivery network).
 *
 * Method (locate.c): an estimate-guided search over hub sets, each set
 * priced by the routing engine itself, with the estimate learned from the
 * routed sets.  It follows the "location-allocation first, routes to judge"
 * family of Prins, Prodhon et al. (2007) and the depot-configuration search
 * of He, Hao & Wu (2024), who keep solutions grouped by their depot set and
 * spend the routing effort on the promising sets; see locate.c.
 *
 * Owner: the solve pipeline (lib/plan/solve.c calls locate__solve). */
#ifndef TERROIR_LOCATE_H
#define TERROIR_LOCATE_H

#include <stddef.h>

#include "model/model_internal.h"
#include "route/route_stage.h"

typedef struct locate_params {
    double time_limit_seconds; /* 0: none (then iterations or stall_seconds > 0) */
    unsigned long iterations;  /* routing iterations of the final set; 0: none */
    unsigned long seed;
    int polish;
    vrp_progress_fn progress;  /* best total cost so far; non-zero cancels */
    void *progress_data;
    terroir_log_fn log;
    void *log_data;
    /* GLPK failures worked around (the stage keeping its best solution
     * found before them) are noted here (core__warn); NULL: nowhere. */
    terroir_diagnostics *warnings;
    /* > 0: each routing search stops after this long without a better
     * solution. */
    double stall_seconds;
} locate_params;

typedef struct locate_result {
    unsigned char *hub_open;    /* per model hub: open in the plan */
    double fixed_cost;          /* fixed costs of those hubs */
    route_stage_result routes;  /* the routes of the chosen set */
    size_t sets_estimated;      /* hub sets priced by the estimate */
    size_t sets_routed;         /* hub sets priced by the routing engine */
    double estimate_factor;     /* learned routed / estimated transport */
    int canceled;               /* the progress callback asked to stop */
} locate_result;

/* Choose the hubs and route them.  Hubs whose status is open stay open and
 * pay their fixed cost; candidate hubs with a fleet may open; closed hubs
 * and hubs without vehicles do not route.  A candidate opens (and pays) only
 * when some route leaves it.  Every hub's capacity bounds the kg of all its
 * routes together (route__hub_capacity).  Returns 0 (out filled; release
 * with locate__result_free) or an error (last error set; out released). */
int locate__solve(const terroir_model *m, const locate_params *p, locate_result *out);
void locate__result_free(locate_result *r);

#endif
