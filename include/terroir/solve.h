/* terroir: solving a model — the pipeline of stages (design: which hubs;
 * allocate: which producer's food goes where; route: which truck drives
 * which route), its options, progress reporting and cancellation.
 *
 * terroir_solve() runs the stages that the model calls for: a model with no
 * candidate hubs skips the design stage; a model with no vehicle types stops
 * after allocation; a model with no producers (an imported CVRPLIB, Solomon
 * or Cordeau instance), or a solve whose stages include routing but not
 * allocation, skips design and allocation and routes each point's demand
 * from the hubs directly, every stop mandatory ("pure VRP mode").  After
 * routing, the plan's costs are those of the routes (datasets/SCHEMA.md,
 * "Plan output: routes and unserved stops").  A solve that ran returns 0 and carries its outcome
 * (optimal, feasible, infeasible, stopped by a limit or by the caller) in the
 * plan's status: those outcomes are not errors. */
#ifndef TERROIR_SOLVE_H
#define TERROIR_SOLVE_H

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct terroir_plan terroir_plan;

/* The stages of the pipeline. */
typedef enum terroir_stage {
    TERROIR_STAGE_DESIGN = 0,   /* hub location MIP */
    TERROIR_STAGE_ALLOCATE = 1, /* multi-commodity flow LP */
    TERROIR_STAGE_ROUTE = 2,    /* vehicle routes per hub */
    TERROIR_STAGE_EVALUATE = 3  /* KPIs and cost breakdown */
} terroir_stage;
#define TERROIR_STAGE_COUNT 4
TERROIR_API const char *terroir_stage_to_string(terroir_stage stage);

/* Outcome of a solve. */
typedef enum terroir_status {
    TERROIR_STATUS_OPTIMAL = 0,     /* proven optimal (within the MIP gap asked) */
    TERROIR_STATUS_FEASIBLE = 1,    /* a plan, optimality not proven (limit reached) */
    TERROIR_STATUS_INFEASIBLE = 2,  /* no plan satisfies the hard constraints */
    TERROIR_STATUS_TIME_LIMIT = 3,  /* the time limit came before any plan */
    TERROIR_STATUS_CANCELED = 4,    /* the progress callback asked to stop before any plan */
    /* The progress callback asked to stop (a user's Ctrl-C, a cancel
     * button): the plan is complete but is the best found until then. */
    TERROIR_STATUS_INTERRUPTED = 5
} terroir_status;
TERROIR_API const char *terroir_status_to_string(terroir_status status);

/* What the progress callback is told.  incumbent and bound are objective
 * values of the current stage (NaN when not known yet). */
typedef struct terroir_progress {
    unsigned int version;
    terroir_stage stage;
    double elapsed_seconds; /* since terroir_solve() started */
    double incumbent;       /* best objective found so far in the stage */
    double bound;           /* best proven bound of the stage */
} terroir_progress;
#define TERROIR_PROGRESS_VERSION 1

/* Called from the solving thread at least once per stage and regularly during
 * long solves (about every 0.1-0.2 s, in every phase whose work grows with
 * the model).  Return 0 to go on, non-zero to stop: the solve then ends
 * within about a second with the best plan found so far, complete (hubs,
 * flows, routes), status INTERRUPTED.  A signal handler must not call the
 * library: let it set a flag (volatile sig_atomic_t) that this callback
 * reads and returns. */
typedef int (*terroir_progress_fn)(const terroir_progress *progress, void *user_data);

/* Receives the solvers' log lines (without the trailing newline).  Nothing
 * is ever printed by the library itself. */
typedef void (*terroir_log_fn)(const char *line, void *user_data);

typedef struct terroir_solve_options {
    unsigned int version;
    double time_limit_seconds; /* whole solve; 0 (default): no limit */
    double mip_gap;            /* relative gap at which the design MIP stops; default 1e-6 */
    unsigned long seed;        /* for randomised heuristics; default 1 */
    /* Bit set of (1u << terroir_stage) to run; default all.  Stages the
     * model does not call for are skipped anyway.  It must hold design,
     * allocate or route, and a stage the model can run: else
     * terroir_solve() fails with TERROIR_EINVAL (an empty plan would read
     * as optimal at cost 0). */
    unsigned int stages;
    terroir_progress_fn progress; /* NULL: none */
    void *progress_data;
    terroir_log_fn log;           /* NULL: solver output is discarded */
    void *log_data;
    /* When not NULL, the LP/MIP of the design stage (or of the allocation
     * when there is no design stage) is written there in CPLEX LP format,
     * for debugging and for side-by-side runs of other solvers. */
    const char *write_lp_path;
    /* ---- version 2: the routing stage.
     * The routing search stops at the first of: route_iterations
     * iterations without improvement (when > 0), route_seconds (when > 0),
     * the time left of time_limit_seconds (when > 0).  When all three are
     * 0, it stops after TERROIR_ROUTE_DEFAULT_SECONDS.  With
     * route_iterations > 0 and no time limit the routes are the same for the
     * same seed on every run. */
    unsigned long route_iterations; /* default 0 */
    double route_seconds;           /* time for the routing search; default 0 */
    /* Kept for compatibility; no effect since 0.2: when routes follow an
     * allocation, the solve always calibrates the transport estimate on
     * routes (a first round designs, allocates and routes on the a-priori
     * rate; a second designs and allocates again with each hub's rate
     * scaled by routed / estimated cost, and routes again; the cheaper
     * round is kept).  Default 0. */
    int route_feedback;
    /* 1 (default): finish the routing search with a set-partitioning MIP
     * over the pool of good routes found (GLPK). */
    int route_polish;
    /* ---- version 3: language of the errors the solve reports
     * (TERROIR_LANGUAGE_EN by default; the environment is never read).
     * The reasons and details inside the plan stay English: a plan is
     * data, and the reports translate their reasons themselves. */
    terroir_language language;
    /* ---- version 4: stopping when the search stops improving.
     * stall_seconds > 0: each search (the design's local search and
     * branch-and-cut, each routing search) stops once it has found nothing
     * better for that many seconds, even with time left.  0 (default): with
     * a time limit, the searches use the whole limit; without one, the
     * automatic rule below applies. */
    double stall_seconds;
} terroir_solve_options;
#define TERROIR_SOLVE_OPTIONS_VERSION 4
#define TERROIR_SOLVE_OPTIONS_INIT                                             \
    { TERROIR_SOLVE_OPTIONS_VERSION, 0.0, 1e-6, 1, 0xFu, NULL, NULL, NULL, NULL, NULL, \
      0, 0.0, 0, 1, TERROIR_LANGUAGE_EN, 0.0 }
/* Kept for compatibility: the routing time when neither a limit nor an
 * iteration count was given, before the automatic rule below. */
#define TERROIR_ROUTE_DEFAULT_SECONDS 5.0
/* The automatic rule (lib/plan/solve_budget.c).  Without
 * time_limit_seconds, route_iterations, route_seconds and stall_seconds, a
 * solve that routes a model of n sites (producers, hubs and points) stops
 * each search (the design's, each routing search) after
 *     stall(n) = min(1.5 + n / 400, 6) seconds without a better solution,
 * and the whole solve within
 *     cap(n) = min(20 + n / 60, 45) seconds
 * as a safety net (the time then splits between stages as a limit would).
 * A solve without routes (no vehicles, or design and allocation only) ends
 * on its own, the same on every run.
 * Measured on the 17 regional datasets (38 to 2,791 sites): each solves
 * within a minute on one core (benchmarks/deadline/README.md). */
/* Initialise `opts` to the defaults of structure version `version` (1 to
 * 4); only the fields of that version are written, so a program built
 * against an older header stays safe.  TERROIR_EINVAL for NULL or an
 * unknown version. */
TERROIR_API int terroir_solve_options_init(terroir_solve_options *opts, unsigned int version);

/* Solve a validated model.  `opts` may be NULL for the defaults.  On success
 * (the solve ran, whatever its status) *out receives a plan that the caller
 * frees with terroir_plan_free(); the plan owns copies of what it reports and
 * outlives the model.  Errors: TERROIR_EINVAL (NULL, model not validated, bad
 * options, no stage to run), TERROIR_ENOMEM, TERROIR_ESOLVER (GLPK failed; the message is
 * GLPK's), TERROIR_EIO (write_lp_path could not be written).  The model is
 * only read: several threads may solve the same model at once. */
TERROIR_API int terroir_solve(terroir_plan **out, const terroir_model *model,
                              const terroir_solve_options *opts);

#ifdef __cplusplus
}
#endif

#endif
