/* Stage 1, network design: which candidate hubs to open — capacitated hub
 * location on top of the allocation model of lib/alloc.
 *
 * Variables: y_h in {0, 1} for candidate hubs (fixed cost paid when 1; hubs
 * with status open are fixed to 1 and pay nothing, closed hubs fixed to 0),
 * plus the allocation flows of the exact arc formulation (alloc_plain.h).
 * Strong linking: the flow of product p through hub h to point j is at most
 * demand_jp * y_h, the flow of p from producer i into h at most
 * supply_ip * y_h, and the throughput of class c at most capacity_hc * y_h.
 *
 * Solving:
 *  - Models with the shape of a capacitated facility location problem (one
 *    product with demand, supplied by a single producer holding at least the
 *    total demand, no self delivery; e.g. the OR-Library importer's models)
 *    go to the specialised engine of cflp.h (Lagrangian bounds, heuristics,
 *    exact MIP); unserved demand and direct deliveries become an always-open
 *    uncapacitated dummy facility.
 *  - Other models: the MIP of design_mip.c — first plans from exact
 *    evaluations of hub sets (every candidate open; then the LP relaxation's
 *    rounding improved by close/open moves), the best handed to GLPK's
 *    branch-and-cut (cuts on) through the heuristic callback.  Sized for
 *    regional networks (tens of hubs, hundreds of sites): the strong linking
 *    rows make the LP relaxation the slow part on large ones.
 *
 * The result reports status (OPTIMAL within the gap asked, FEASIBLE at a
 * limit or when the progress callback stopped), objective (fixed costs +
 * allocation cost), best bound and gap, and which hubs are open.  The caller
 * then runs alloc__solve() with hub_open for the flows, whose objective is
 * the same as the design objective (within the LP tolerances). */
#ifndef TERROIR_DESIGN_H
#define TERROIR_DESIGN_H

#include <stddef.h>

#include <terroir/model.h>
#include <terroir/solve.h>

#include "lp/lp.h"

typedef struct design_params {
    double time_limit_seconds; /* 0: none */
    double mip_gap;            /* relative; 0: 1e-6 */
    unsigned long seed;
    terroir_log_fn log;
    void *log_data;
    lp_progress_fn progress; /* (incumbent, bound); non-zero stops */
    void *progress_data;
    const char *write_lp_path; /* when not NULL, the design MIP is written there */
    const double *hub_transport_factor; /* per hub (NULL: 1): net__build_calibrated */
    const double *hub_route_fixed;      /* per hub (NULL: 0): net__hub_fixed */
    /* GLPK failures worked around (the stage keeping its best solution
     * found before them) are noted here (core__warn); NULL: nowhere. */
    terroir_diagnostics *warnings;
    /* > 0: the local search over hub sets and the branch-and-cut stop after
     * this long without a better plan. */
    double stall_seconds;
} design_params;

typedef struct design_result {
    lp_status status; /* OPTIMAL, FEASIBLE, INFEASIBLE (never: demand may stay
                         unserved), TIME_LIMIT / CANCELED without any plan */
    double objective; /* fixed costs of opened candidates + allocation cost */
    double bound;     /* proven lower bound */
    double gap;       /* (objective - bound) / max(|objective|, 1e-9), <= mip_gap when
                         OPTIMAL; NaN without a plan */
    unsigned char *hub_open; /* per model hub: 1 open, 0 closed; owned */
    size_t n_hubs;
    int used_cflp;    /* 1 when the specialised CFLP engine solved it */
} design_result;

/* Choose the hubs of validated model `m`.  `p` may be NULL.  Returns 0 when
 * the solve ran (outcome in out->status; hub_open is always allocated, and
 * is the plan's when status is OPTIMAL or FEASIBLE, else the hubs open by
 * status) and fills *out (release with design__result_free()).  A time
 * limit ends with a plan whenever one allocation of the network fits in it.
 * A model without candidate hubs is answered by its allocation.
 * Errors (last error set, *out zeroed): TERROIR_EINVAL, TERROIR_ENOMEM,
 * TERROIR_ESOLVER, TERROIR_EIO (write_lp_path). */
int design__solve(const terroir_model *m, const design_params *p, design_result *out);

/* Release what a result owns and zero it.  NULL is a no-op. */
void design__result_free(design_result *r);

#endif
