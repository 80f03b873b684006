/* The capacitated facility location engine (multi-source CFLP, as in Beasley
 * 1988): open facilities (fixed cost, capacity; some may be forced open or
 * closed) and split each customer's demand over open facilities at a cost per
 * unit of demand, minimising fixed plus assignment cost.
 *
 *   min  sum_i f_i y_i + sum_ij c_ij d_j x_ij
 *   s.t. sum_i x_ij = 1                (every customer fully served)
 *        sum_j d_j x_ij <= s_i y_i     (capacity)
 *        0 <= x_ij <= y_i, y_i in {0,1}
 *
 * The engine works on plain arrays (no model types) so that the design stage
 * and the OR-Library benchmark share it.  It is an exact branch-and-bound
 * over y in the manner of Görtz & Klose (2012): Lagrangian relaxation of the
 * demand constraints (per-facility continuous knapsacks plus the aggregate
 * capacity constraint sum_i s_i y_i >= sum_j d_j as a 0-1 covering
 * knapsack), subgradient optimisation warm-started from the parent node,
 * branching on an averaged primal estimate of y, variable fixing by
 * Lagrangian penalties, and a primal heuristic that evaluates configurations
 * y exactly with a warm-started network simplex (cflp_transport.c) and
 * improves them by local search (close / open / swap).
 *
 * Files: cflp_instance.c (input checks, compact arc lists), cflp_transport.c
 * (exact transportation subproblem), cflp_knapsack.c (0-1 covering
 * knapsack), cflp_lagrange.c (Lagrangian subproblem and subgradient
 * optimisation), cflp_heuristic.c (primal repair and local search),
 * cflp_bnb.c (the branch-and-bound and cflp__solve()).
 *
 * Library-internal: never exported. */
#ifndef TERROIR_CFLP_H
#define TERROIR_CFLP_H

#include <stddef.h>
#include <stdint.h>

#include <terroir/solve.h>

/* ---- problem, parameters, result (the engine's API) */

/* Facility status forced by the caller. */
typedef enum cflp_fix {
    CFLP_FREE = 0,  /* the engine decides */
    CFLP_OPEN = 1,  /* forced open: its fixed cost is paid */
    CFLP_CLOSED = 2 /* forced closed */
} cflp_fix;

/* A problem, borrowed by cflp__solve() for the duration of the call.
 * Costs are per unit of demand served (c_ij); serving all of customer j from
 * facility i costs c_ij * d_j.  Arcs are either dense (cost != NULL: m * n
 * values, row-major by facility: cost[i * n + j]) or sparse (cost == NULL:
 * n_arcs triples arc_facility[k], arc_customer[k], arc_cost[k]; pairs not
 * listed are not allowed; a pair listed twice keeps its cheapest cost). */
typedef struct cflp_problem {
    size_t m;                 /* facilities, >= 1 */
    size_t n;                 /* customers, >= 0 */
    const double *capacity;   /* m values >= 0 (HUGE_VAL: unlimited) */
    const double *fixed_cost; /* m values, finite */
    const unsigned char *fix; /* m cflp_fix values, or NULL: all free */
    const double *demand;     /* n values >= 0; customers of demand 0 are ignored */
    const double *cost;       /* dense costs, or NULL for sparse */
    size_t n_arcs;            /* sparse only */
    const size_t *arc_facility;
    const size_t *arc_customer;
    const double *arc_cost;
} cflp_problem;

/* Called about every 0.2 s and at each new incumbent or bound; return
 * non-zero to stop (the result then has the best solution found). */
typedef int (*cflp_progress_fn)(double incumbent, double bound, void *data);

typedef struct cflp_params {
    double time_limit_seconds; /* 0: none */
    double gap;                /* relative gap at which the search stops; default 1e-6 */
    unsigned long seed;        /* seeds the configuration hashing; the search itself is
                                  deterministic and does not depend on it; default 1 */
    cflp_progress_fn progress; /* may be NULL */
    void *progress_data;
    terroir_log_fn log; /* engine log lines; NULL: none */
    void *log_data;
    size_t node_limit;   /* 0: none */
    size_t memory_limit; /* bytes for open nodes before diving; 0: 256 MiB */
} cflp_params;

#define CFLP_PARAMS_INIT                                                                           \
    {                                                                                              \
        0.0, 1e-6, 1, NULL, NULL, NULL, NULL, 0, 0                                                 \
    }

typedef enum cflp_status {
    CFLP_STATUS_OPTIMAL = 0,    /* proven optimal within params.gap */
    CFLP_STATUS_FEASIBLE = 1,   /* a solution, not proven optimal (limit or cancel) */
    CFLP_STATUS_INFEASIBLE = 2, /* no solution exists */
    CFLP_STATUS_TIME_LIMIT = 3, /* time or node limit before any solution */
    CFLP_STATUS_CANCELED = 4    /* the progress callback stopped it before any solution */
} cflp_status;

const char *cflp__status_to_string(cflp_status s);

/* The outcome.  Arrays are owned by the result (cflp__result_free()). */
typedef struct cflp_result {
    cflp_status status;
    double objective; /* of the solution (NaN when none) */
    double bound;     /* proven lower bound (-HUGE_VAL when none) */
    double gap;       /* (objective - bound) / max(|objective|, 1e-9); NaN when none */
    double seconds;
    unsigned char *open; /* m: 1 when open in the solution (NULL when none) */
    /* Demand units sent on each arc: dense m * n (flow[i * n + j]), sparse
     * n_arcs in the caller's order (a duplicate pair gets 0).  NULL when
     * there is no solution. */
    double *flow;
    size_t n_flow;     /* length of flow */
    double root_bound; /* Lagrangian bound at the root */
    size_t nodes;      /* branch-and-bound nodes processed */
    size_t iterations; /* subgradient iterations */
    size_t transport_solves;
} cflp_result;

/* Solve.  `params` may be NULL for the defaults.  Returns 0 when the search
 * ran (whatever its status; *res filled, free with cflp__result_free()), or
 * an error with the last error set: TERROIR_EINVAL (bad sizes, NaN or
 * negative data, arc out of range), TERROIR_ENOMEM, TERROIR_EINTERNAL.
 * On error *res holds no memory.  Deterministic for a given seed unless a
 * time limit cuts the search. */
int cflp__solve(const cflp_problem *p, const cflp_params *params, cflp_result *res);

/* Free the arrays of a result; safe on a zeroed or already freed result. */
void cflp__result_free(cflp_result *res);

/* ---- internals shared by the cflp_*.c files and tests/test_cflp.c */

#define CFLP_NONE ((size_t)-1)

/* The compact instance: customers of positive demand only, arcs grouped by
 * facility (CSR) and by customer (sorted by cost). */
typedef struct cflp_inst {
    size_t m, n;        /* n: customers of positive demand */
    double *cap;        /* effective capacity min(s_i, demand reachable from i) */
    double *fixed;      /* f_i */
    unsigned char *fix; /* cflp_fix */
    double *dem;        /* d_j > 0 */
    double total_demand;
    size_t *cust_orig; /* compact customer -> caller's customer */
    size_t n_arcs;
    size_t *fac_start; /* m + 1: arcs of facility i are fac_start[i] .. fac_start[i+1]-1 */
    size_t *arc_fac;   /* facility of arc */
    size_t *arc_cust;  /* compact customer of arc */
    double *arc_unit;  /* cost per unit */
    double *arc_full;  /* cost of serving all of the customer: unit * d_j */
    size_t *arc_orig;  /* index in the caller's flow array */
    size_t *cus_start; /* n + 1 */
    size_t *cus_arc;   /* arcs of each customer, cheapest first */
    size_t n_flow;     /* length of the caller's flow array */
    double max_unit;   /* largest |unit cost| */
} cflp_inst;

/* Check the problem and build the compact instance.  Errors: TERROIR_EINVAL,
 * TERROIR_ENOMEM (last error set). */
int cflp__inst_build(cflp_inst *inst, const cflp_problem *p);
void cflp__inst_free(cflp_inst *inst);

/* Exact transportation subproblem for a fixed set of open facilities: a
 * primal network simplex (strongly feasible trees, block search pricing) on
 * source -> facility -> customer, warm-started from the previous solve: a
 * closed facility keeps its arc with a prohibitive cost, so the last basis
 * stays primal feasible and only re-optimises. */
typedef struct cflp_transport cflp_transport;

int cflp__transport_new(cflp_transport **out, const cflp_inst *inst);
void cflp__transport_free(cflp_transport *t);

/* Solve with open[i] != 0 for open facilities.  *feasible is 0 when the
 * open facilities cannot serve all demand; *cost is the assignment cost
 * (without fixed costs) when feasible.  Errors: TERROIR_EINTERNAL (pivot
 * limit; last error set). */
int cflp__transport_solve(cflp_transport *t, const unsigned char *open, double *cost,
                          int *feasible);

/* Flow (demand units) on each arc of the compact instance after a solve. */
void cflp__transport_flows(const cflp_transport *t, double *flow);

/* Flow through facility i after a solve. */
double cflp__transport_facility_flow(const cflp_transport *t, size_t i);

/* Marginal cost per unit of customer j's demand (the dual value u_j) after
 * a feasible solve. */
double cflp__transport_customer_dual(const cflp_transport *t, size_t j);

/* Pivots done since creation. */
size_t cflp__transport_pivots(const cflp_transport *t);

/* 0-1 covering knapsack: min sum v_k z_k s.t. sum w_k z_k >= need, z in
 * {0,1}, for k items with v_k > 0 and w_k > 0.  Exact depth-first search
 * (Horowitz-Sahni on the complementary packing knapsack) with a node limit;
 * when the limit stops it, *value is the best cover found and *bound a
 * valid lower bound (the LP bound), else *bound == *value.  Returns 0, or 1
 * when no cover exists (sum w < need).  `w` is scratch for up to w->cap
 * items (cflp__knapsack_work_init; TERROIR_ENOMEM when memory is short). */
typedef struct cflp_knapsack_work {
    size_t *order;
    unsigned char *best;
    unsigned char *cur;
    double *ratio;
    size_t cap;
} cflp_knapsack_work;

int cflp__knapsack_work_init(cflp_knapsack_work *w, size_t k);
void cflp__knapsack_work_free(cflp_knapsack_work *w);
int cflp__cover(cflp_knapsack_work *w, size_t k, const double *v, const double *wt, double need,
                size_t node_limit, unsigned char *z, double *value, double *bound);

/* The Lagrangian subproblem for multipliers lambda (one per compact
 * customer) at a node with facility fixings `fix` (cflp_fix per facility). */
typedef struct cflp_lagrange {
    const cflp_inst *inst;
    /* per facility: value v_i = f_i + min knapsack, and its x */
    double *v;
    size_t *x_start; /* m + 1 into x_cust / x_frac (same layout as arcs) */
    size_t *x_count; /* m */
    size_t *x_cust;
    double *x_frac;
    unsigned char *y; /* m: subproblem solution */
    double *g;        /* n: subgradient 1 - sum_i x_ij y_i */
    double value;     /* L(lambda) */
    int infeasible;   /* the node's fixings cannot cover the demand */
    /* scratch */
    size_t *items;
    double *keys;
    double *kv, *kw;
    size_t *kidx;
    unsigned char *kz;
    cflp_knapsack_work kw_work;
} cflp_lagrange;

int cflp__lagrange_init(cflp_lagrange *lg, const cflp_inst *inst);
void cflp__lagrange_free(cflp_lagrange *lg);

/* Evaluate L(lambda): fills v, x, y, g, value, infeasible.  Returns 0 or
 * TERROIR_ENOMEM. */
int cflp__lagrange_eval(cflp_lagrange *lg, const unsigned char *fix, const double *lambda);

/* Given the v of the last evaluation, the bound when facility i is forced
 * to the opposite of y[i] (HUGE_VAL when that is infeasible). */
double cflp__lagrange_flip_bound(cflp_lagrange *lg, const unsigned char *fix, const double *lambda,
                                 size_t i);

/* Lagrangian heuristic and local search on configurations y. */
typedef struct cflp_heur cflp_heur;

int cflp__heur_new(cflp_heur **out, const cflp_inst *inst, unsigned long seed);
void cflp__heur_free(cflp_heur *h);

/* Evaluate configuration `open` exactly (cached); *value is fixed plus
 * assignment cost, HUGE_VAL when infeasible.  Updates the incumbent.
 * Returns 0 or an error (last error set). */
int cflp__heur_eval(cflp_heur *h, const unsigned char *open, double *value);

/* 1 and *value when configuration `open` was evaluated before, else 0. */
int cflp__heur_lookup(const cflp_heur *h, const unsigned char *open, double *value);

/* Repair `open` (add facilities until capacity and arcs cover demand),
 * evaluate it, then improve it by local search until no move improves or
 * `deadline` (core__now() seconds, 0: none) passes.  `open` is updated to
 * the local optimum.  Returns 0 or an error. */
int cflp__heur_improve(cflp_heur *h, unsigned char *open, double deadline);

/* Best solution so far: value (HUGE_VAL when none), its open set, and its
 * flows on the compact arcs (NULL when none). */
double cflp__heur_best(const cflp_heur *h, const unsigned char **open, const double **flow);

/* Number of transportation solves. */
size_t cflp__heur_solves(const cflp_heur *h);

#endif
