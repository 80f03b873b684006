/* The LP/MIP layer: the only code that includes <glpk.h>.
 *
 * Every GLPK call goes through one guard: glp_error_hook() with longjmp back
 * to the guard turns GLPK's fatal errors (which would abort the process) into
 * TERROIR_ESOLVER with GLPK's own message, and frees the thread's GLPK
 * environment.  GLPK's terminal output is captured with glp_term_hook() and
 * handed to the caller's log callback, never printed.
 *
 * Indices are 0-based here (GLPK's are 1-based).  Bounds use -HUGE_VAL /
 * HUGE_VAL for "none".  A problem belongs to the thread that created it. */
#ifndef TERROIR_LP_H
#define TERROIR_LP_H

#include <stddef.h>

#include <terroir/solve.h>

typedef struct lp_problem lp_problem;

typedef enum lp_status {
    LP_OPTIMAL = 0,     /* proven optimal (MIP: within the gap asked) */
    LP_FEASIBLE = 1,    /* feasible solution, not proven optimal (limit reached) */
    LP_INFEASIBLE = 2,  /* proven infeasible */
    LP_UNBOUNDED = 3,   /* unbounded */
    LP_TIME_LIMIT = 4,  /* limit reached without a feasible solution */
    LP_CANCELED = 5     /* the progress callback asked to stop, no solution */
} lp_status;

/* Called during solves; return non-zero to stop. */
typedef int (*lp_progress_fn)(double incumbent, double bound, void *data);

/* Called when GLPK's MIP search asks for a heuristic solution: fill x (all
 * columns, 0-based) and return 1 to offer it, 0 to offer nothing.  Offered
 * solutions must be integer feasible; GLPK checks and may reject them. */
typedef int (*lp_heuristic_fn)(const double *lp_relaxation, double *x, size_t n_cols,
                               void *data);

typedef struct lp_params {
    double time_limit_seconds; /* 0: none */
    double mip_gap;            /* relative; 0: GLPK's default */
    int presolve;              /* 1: use GLPK's presolver */
    int cuts;                  /* MIP: 1 enables GMI, MIR, cover and clique cuts */
    int dual_simplex;          /* 1: dual simplex (also for the MIP root) */
    lp_progress_fn progress;
    void *progress_data;
    lp_heuristic_fn heuristic; /* MIP only; may be NULL */
    void *heuristic_data;
    terroir_log_fn log;        /* receives GLPK's output lines; NULL: dropped */
    void *log_data;
    /* Added: MIP only, 1 runs GLPK's feasibility pump at the root.  Off by
     * default because GLPK does not check the time limit inside it (seen
     * here: 0.9 s past a 1 s limit on a 200 x 2,000 knapsack). */
    int feasibility_pump;
} lp_params;

typedef struct lp_result {
    lp_status status;
    double objective; /* of the solution found (NaN if none) */
    double bound;     /* best bound (LP: = objective when optimal) */
    double gap;       /* relative MIP gap, 0 for LPs solved to optimality */
    double seconds;
    /* Added for the design stage: how many solutions offered by
     * params->heuristic passed our feasibility check and GLPK took as its
     * new incumbent (0 for LPs). */
    size_t heuristic_accepted;
    /* MIP only: GLPK's return code when its search failed (glp_intopt
     * GLP_EFAIL and the like) after finding the solution returned, whose
     * status is then FEASIBLE: the caller may say that the search stopped
     * early.  0 otherwise.  A failure before any solution is an error
     * (TERROIR_ESOLVER). */
    int glpk_failure;
} lp_result;

/* Common to all functions below: they return 0 or a negative TERROIR_E* code
 * with the last error set; out-parameters are written only on success.
 * Arguments are checked before GLPK sees them (TERROIR_EINVAL: index out of
 * range, NaN or infinite coefficient, lb > ub, fractional bounds on an
 * integer column, a column twice in a row), so that a caller's mistake never
 * becomes a GLPK fatal error.  TERROIR_ESOLVER comes from GLPK: a fatal error
 * (the message is GLPK's; the thread's GLPK environment is then freed and
 * every problem of the thread is dead: calls on it return TERROIR_ESOLVER,
 * lp__free() stays safe), or a problem created before such a failure.  A
 * fatal error by which GLPK says it ran out of memory is TERROIR_ENOMEM
 * instead, with the same consequences. */

/* Create an empty minimisation problem.  Errors: TERROIR_ENOMEM,
 * TERROIR_ESOLVER. */
int lp__new(lp_problem **out, const char *name);

/* Free a problem.  NULL is a no-op; safe after a GLPK failure. */
void lp__free(lp_problem *lp);

/* Add n columns with bounds, objective coefficients and integrality (is_int
 * may be NULL: all continuous; names may be NULL).  *first gets the index of
 * the first new column. */
int lp__add_cols(lp_problem *lp, size_t n, const double *lb, const double *ub, const double *obj,
                 const int *is_int, const char *const *names, size_t *first);

/* Add one row lb <= sum vals[k] * x[cols[k]] <= ub; *index gets its index
 * (may be NULL). */
int lp__add_row(lp_problem *lp, double lb, double ub, size_t nnz, const size_t *cols,
                const double *vals, const char *name, size_t *index);

int lp__set_col_bounds(lp_problem *lp, size_t col, double lb, double ub);
int lp__set_row_bounds(lp_problem *lp, size_t row, double lb, double ub);
int lp__set_obj(lp_problem *lp, size_t col, double coef);
int lp__set_obj_constant(lp_problem *lp, double constant);

size_t lp__col_count(const lp_problem *lp);
size_t lp__row_count(const lp_problem *lp);

/* Solve the LP relaxation (simplex; warm start from the current basis when
 * there is one, unless params->presolve).  params may be NULL (defaults: no
 * limit, primal simplex, no presolve, no log).  Errors (return value):
 * TERROIR_ESOLVER, TERROIR_EINVAL, TERROIR_ENOMEM; outcomes go to *res:
 * OPTIMAL; INFEASIBLE; UNBOUNDED; at the time limit FEASIBLE (primal feasible
 * basis) or TIME_LIMIT, with bound = objective of the basis when it is dual
 * feasible (dual simplex), else NaN.  The simplex runs in slices of a
 * thousand pivots (warm-started; the same with or without a callback), the
 * progress callback called between them with NaN values; a non-zero return
 * stops it as the time limit would (solve_lp.c). */
int lp__solve_lp(lp_problem *lp, const lp_params *params, lp_result *res);

/* Solve as a MIP: the root LP with glp_simplex (dual when asked), then
 * branch-and-cut (glp_intopt, its presolver off since the root is solved)
 * with GLPK's rounding heuristic, the caller's heuristic and progress
 * callbacks, the time limit (whole call) and gap.  progress is called once
 * after the root LP (incumbent NaN), at each new incumbent and about every
 * 0.2 s of search (a single long node LP or root cut round delays it).
 * Outcomes in *res: OPTIMAL (search complete, bound = objective; or gap below
 * params->mip_gap); FEASIBLE (time limit or cancel with an incumbent);
 * TIME_LIMIT / CANCELED (none); INFEASIBLE; UNBOUNDED (the LP relaxation is
 * unbounded).  bound: best bound of the search (root LP value at least; NaN
 * if the root LP was not solved); gap = |objective - bound| / (|objective| +
 * DBL_EPSILON), as GLPK computes it, NaN without an incumbent. */
int lp__solve_mip(lp_problem *lp, const lp_params *params, lp_result *res);

/* Solution values of the last solve (MIP values after lp__solve_mip).
 * Arrays sized lp__col_count() / lp__row_count().  TERROIR_EINVAL when the
 * last solve left no solution (status other than OPTIMAL / FEASIBLE) or the
 * problem changed since, and for duals after a MIP solve. */
int lp__col_values(const lp_problem *lp, double *x);
int lp__row_duals(const lp_problem *lp, double *y);       /* LP only */
int lp__col_reduced_costs(const lp_problem *lp, double *d); /* LP only */

/* Write the problem in CPLEX LP format, numbers with a leading digit (CBC
 * reads ".5" as 1) that read back exactly, the objective constant kept (see
 * write_lp.c).  Errors: TERROIR_EIO, TERROIR_ESOLVER, TERROIR_ENOMEM. */
int lp__write_lp(lp_problem *lp, const char *path);

/* For tests only: make GLPK raise a fatal error inside the guard (an invalid
 * call), which must come back as TERROIR_ESOLVER with GLPK's message. */
int lp__provoke_fatal_error(void);
/* For tests only: make GLPK run out of memory inside the guard (past its
 * memory limit), which must come back as TERROIR_ENOMEM. */
int lp__provoke_out_of_memory(void);

/* For tests only: from now on, on the calling thread, every solve of the
 * kinds in `which` (a set of lp_test_failure bits; 0 ends it) ends as if
 * GLPK had failed with GLP_EFAIL, so that the stages' fallbacks can be
 * tested on small models where GLPK never fails: an LP (lp__solve_lp, and
 * the root LP of a MIP) with TERROIR_ESOLVER; a MIP search after it ran
 * (GLPK's incumbent kept, glpk_failure set, or TERROIR_ESOLVER without
 * one).  Thread-local, so that other threads' solves are not touched. */
typedef enum lp_test_failure {
    LP_TEST_FAIL_LP = 1u << 0,
    LP_TEST_FAIL_MIP = 1u << 1
} lp_test_failure;
void lp__test_fail_solves(unsigned int which);

/* Free the calling thread's GLPK environment (GLPK keeps one per thread, and
 * it is not released when the thread exits).  The solve pipeline calls it at
 * the end of terroir_solve(), tests at the end of each test.  It does nothing
 * while a problem of this thread is still alive or while a GLPK call is in
 * progress on this thread (from inside a callback): the environment is then
 * freed by a later call. */
void lp__thread_cleanup(void);

#endif
