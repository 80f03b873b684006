/* Internals of the design stage shared by its files: the two solvers that
 * design__solve() (design_solve.c) chooses between. */
#ifndef TERROIR_DESIGN_INTERNAL_H
#define TERROIR_DESIGN_INTERNAL_H

#include "alloc/alloc_internal.h"
#include "design/design.h"

/* Capacitated facility location shape (design_cflp.c): one product with
 * demand, one supply line holding at least the total demand, no self
 * delivery, kg_per_unit > 0.  Returns 1 when `net` has it. */
int design__is_cflp(const alloc_network *net);

/* Solve a CFLP-shaped network with the engine of cflp.h: facilities = usable
 * hubs (status open: forced open, no fixed cost) plus an always-open,
 * uncapacitated dummy whose cost per unit is the cheaper of the penalty and
 * the best direct arc; cost per unit of hub h for demand line d = the path
 * cost through h (first leg + handling + second leg), where the path
 * exists.  Fills out (hub_open allocated).  Returns 0 or an error. */
int design__cflp(const alloc_network *net, const design_params *p, double deadline,
                 design_result *out);

/* The general MIP (design_mip.c): the plain LP of alloc_plain.c with binary
 * hub variables and strong linking, a greedy drop/add incumbent evaluated on
 * the same LP with the hub variables fixed, then GLPK's branch-and-cut with
 * that incumbent offered through the heuristic callback.  Returns 0 or an
 * error. */
int design__mip(const alloc_network *net, const design_params *p, double deadline,
                design_result *out);

/* (objective - bound) / max(|objective|, 1e-9), 0 when bound >= objective,
 * NaN when either is not finite. */
double design__gap(double objective, double bound);

#endif
