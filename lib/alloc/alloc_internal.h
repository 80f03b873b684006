/* Internals of the allocation stage shared by its files and by the design
 * stage: an arc solution of the flow formulation of network.h, the column
 * generation that produces one, the plain LP that states the same
 * formulation with every arc (for GLPK alone, other solvers, and the design
 * MIP), and the step that turns an arc solution into an alloc_result. */
#ifndef TERROIR_ALLOC_INTERNAL_H
#define TERROIR_ALLOC_INTERNAL_H

#include "alloc/alloc.h"
#include "alloc/network.h"
#include "lp/lp.h"

/* A solution of the flow formulation.  Duals use GLPK's sign convention for
 * the minimisation (rows as in network.h): demand u free, supply <= 0,
 * node free, capacity <= 0, self <= 0; so the reduced cost of an arc is
 * cost - sum_k coef_k * dual[kind_k][row_k], and "money per extra kg of
 * capacity" is -dual[NET_ROW_CAP]. */
typedef struct alloc_sol {
    lp_status status;   /* OPTIMAL or FEASIBLE */
    double objective;   /* sum cost * x (unserved arcs included) */
    double bound;       /* proven lower bound */
    double *x;          /* n_arcs_total: flow per global arc (0 for holes) */
    double *dual[NET_ROW_KINDS]; /* per row of each kind; NULL when no duals */
    size_t rounds;      /* column generation rounds */
    size_t columns;     /* arcs in the final restricted LP */
    /* 1 when GLPK failed and the solution is the best found before: the
     * last round's, or the greedy flows (status FEASIBLE, bound weak). */
    int fallback;
} alloc_sol;

void alloc__sol_free(alloc_sol *sol);

/* Column generation over the arcs (alloc_cg.c): the plain LP below holds
 * every arc, but an arc outside the restricted set is fixed at 0 (GLPK's
 * simplex leaves fixed non-basic columns out of its working LP, so they cost
 * nothing per iteration).  Start from each demand line's cheapest paths and
 * each supply line's cheapest arcs, solve with the primal simplex, price
 * every fixed arc exactly with the row duals, free the violated ones (the
 * basis stays primal feasible: warm start), repeat until none.  `deadline` is
 * a core__now() time (0: none).  Returns 0 (outcome in sol->status) or an
 * error with the last error set. */
int alloc__cg(const alloc_network *net, const alloc_params *p, double deadline, alloc_sol *sol);

/* The same with some hubs left out: hub_mask (per hub; NULL = none left
 * out) 0 means no arc through that hub exists.  The arc space stays the
 * network's, so the solution reads in the same global arc ids (the design
 * stage evaluates hub sets this way). */
int alloc__cg_masked(const alloc_network *net, const alloc_params *p, double deadline,
                     const unsigned char *hub_mask, alloc_sol *sol);

/* A greedy allocation (alloc_greedy.c) that marks in `in` (per global arc;
 * may be NULL) the arcs of a good feasible flow, to seed the column
 * generation; *n_in grows by the number of arcs newly marked.  When `x` is
 * not NULL it receives the flow itself (per global arc, zeroed first),
 * demand left unserved on the unserved arcs: the allocation to fall back on
 * when the time is up, a stop comes or GLPK fails.  Hubs with hub_mask[h]
 * == 0 are not used (hub_mask may be NULL).  Returns 0 or TERROIR_ENOMEM. */
int alloc__greedy(const alloc_network *net, const unsigned char *hub_mask, unsigned char *in,
                  size_t *n_in, double *x);

/* The plain LP (alloc_plain.c): every arc of the network is a column, rows
 * as in network.h, in the order of the kinds (demand rows first, then
 * supply, node, capacity, self), so that the row duals read as
 * alloc_sol.dual.  `open_arcs` (per global arc, may be NULL = all): arcs
 * with 0 get the bounds [0, 0].  With `design` set, adds a binary y per hub that is a
 * candidate and usable (columns listed in *y_col, NET_NONE for others) with
 * its fixed cost, and the strong linking rows: collected/self arc <= supply
 * * y, deliver arc <= demand * y, capacity rows scaled by y.  Column k < n
 * arcs is global arc arc_of_col[k].  Caller frees lp, arc_of_col and
 * y_col. */
typedef struct alloc_plain {
    lp_problem *lp;
    size_t n_arc_cols;
    size_t *arc_of_col; /* n_arc_cols */
    size_t *col_of_arc; /* n_arcs_total: column or NET_NONE */
    size_t *y_col;      /* per hub (design only; NULL otherwise) */
    size_t n_y;
} alloc_plain;

int alloc__plain_build(alloc_plain *out, const alloc_network *net, int design,
                       const unsigned char *open_arcs);
void alloc__plain_free(alloc_plain *pl);

/* Solve the plain LP with GLPK's simplex alone and read back an arc solution
 * with duals (for tests and for comparisons with the column generation). */
int alloc__plain_solve(const alloc_network *net, const lp_params *params, alloc_sol *sol);

/* Fill an alloc_result from an arc solution (alloc_result.c): flows by
 * path (producer, hub, point) through a decomposition of the node chains,
 * costs, KPIs, hub throughput and capacity values, unserved demand with its
 * reason.  Returns 0 or TERROIR_ENOMEM (out then holds nothing). */
int alloc__result_build(const alloc_network *net, const alloc_sol *sol,
                        const unsigned char *hub_open, alloc_result *out);

/* Cheapest first leg (collect or self, plus handling) of a product reaching
 * each node: for node n, over the producers entering at nodes <= n of the
 * same hub.  When `duals` is not NULL (GLPK signs, as alloc_sol.dual), each
 * first leg also pays the price of the supply it uses (-dual of its supply
 * row) and, when self-delivered, of the self-delivery kg (-dual of the self
 * row times kg per unit).  best_cost[n] (HUGE_VAL: none) and best_local[n]
 * (local arc index of that first leg, NET_NONE).  Arrays of pp->n_nodes. */
void alloc__best_first_legs(const alloc_network *net, const net_product *pp,
                            double *const *duals, double *best_cost, size_t *best_local);

#endif
