/* Internals of the LP layer, shared by its files only: the problem handle,
 * the guard that every GLPK call goes through, and the thread's GLPK state.
 * Only lib/lp/ includes this header (and with it <glpk.h>). */
#ifndef TERROIR_LP_INTERNAL_H
#define TERROIR_LP_INTERNAL_H

#include <pthread.h>
#include <setjmp.h>
#include <stddef.h>

#include <glpk.h>

#include "core/core.h"
#include "lp/lp.h"

/* What the last solve left in the problem. */
typedef enum lp_solved {
    LP_SOLVED_NONE = 0, /* never solved, or changed since */
    LP_SOLVED_LP = 1,   /* basic solution of lp__solve_lp */
    LP_SOLVED_MIP = 2   /* integer solution of lp__solve_mip */
} lp_solved;

struct lp_problem {
    glp_prob *prob;           /* GLPK's object; owned by the thread's GLPK environment */
    unsigned long generation; /* the thread's environment generation at creation */
    pthread_t owner;          /* the thread that created it */
    size_t n_cols, n_rows;    /* cached, so that counts need no GLPK call */
    lp_solved solved;         /* which solution values can be read */
};

/* Lines of GLPK output kept for the message of a fatal error. */
#define LP_TAIL_LINES 4
#define LP_LINE_MAX 512

/* One guarded section.  It lives in the frame of lp__guarded(), not in the
 * frame that calls setjmp(), so its contents stay defined after longjmp. */
typedef struct lp_guard {
    jmp_buf jump;
    struct lp_guard *outer;   /* the guard this one is nested in (callbacks), or NULL */
    unsigned long generation; /* of the environment when the guard was entered */
    terroir_log_fn log;       /* receives complete output lines; NULL: dropped */
    void *log_data;
    char line[LP_LINE_MAX];   /* the output line being assembled */
    size_t line_len;
    char tail[LP_TAIL_LINES][LP_LINE_MAX]; /* ring of the last complete lines */
    size_t tail_next;
    char fatal[2 * LP_LINE_MAX + 16]; /* GLPK's message of a fatal error ("" if none) */
} lp_guard;

/* The body of a guarded section.  It may call any GLPK function; on a fatal
 * GLPK error it does not return (control goes back to lp__guarded()), so it
 * must not hold resources of its own across GLPK calls: what it allocates
 * lives in `ctx`, owned and freed by the caller of lp__guarded(). */
typedef int (*lp_body_fn)(lp_guard *guard, void *ctx);

/* Run `body(guard, ctx)` with GLPK's error and terminal hooks installed.
 *
 * `lp` (may be NULL) is the problem the body works on: it must belong to the
 * calling thread (else TERROIR_EINVAL) and to the current GLPK environment
 * (else TERROIR_ESOLVER "solver state was reset ...").  `log`/`log_data`
 * receive GLPK's output line by line; NULL drops it.
 *
 * Returns what the body returns, or TERROIR_ESOLVER with GLPK's message
 * after a fatal GLPK error (TERROIR_ENOMEM when GLPK ran out of memory); the thread's GLPK environment, and with it every
 * glp_prob of the thread, is then freed, and every lp_problem of the thread
 * is dead.  TERROIR_ENOMEM when GLPK's environment cannot be created. */
int lp__guarded(const lp_problem *lp, terroir_log_fn log, void *log_data, lp_body_fn body,
                void *ctx);

/* First call of every body that makes GLPK allocate: in builds with
 * allocation-failure injection it is one allocation point, where GLPK is
 * made to run out of memory (guard.c); elsewhere it does nothing. */
void lp__guard_fault(void);

/* For bodies that call back into the caller's code (progress, heuristic,
 * log): if that code made a nested GLPK call that failed, the environment is
 * gone and the GLPK frames below us point into freed memory, so leave the
 * guarded section at once (longjmp, never returns).  Otherwise returns. */
void lp__guard_check(lp_guard *guard);

/* The calling thread's environment generation (see guard.c). */
unsigned long lp__generation(void);

/* Bookkeeping of live problems of the current generation (problem.c). */
void lp__live_add(void);
void lp__live_remove(void);

/* Map (lb, ub) with +-HUGE_VAL for "none" to GLPK's bound type.  Returns 0
 * or TERROIR_EINVAL (NaN, lb > ub, lb = +inf, ub = -inf). */
int lp__bounds_type(double lb, double ub, int *type);

/* Seconds left before `deadline` (a core__now() time; 0: no limit), as
 * GLPK's tm_lim in milliseconds: INT_MAX without limit, at least 1. */
int lp__tm_lim(double deadline);

/* `params`, or all-zero defaults (no limit, no callbacks) when NULL. */
const lp_params *lp__params_or_default(const lp_params *params);

/* Inside a guarded body: run glp_simplex on `p` (meth, presolve and log level
 * from `pa`, time limit up to `deadline`), retrying from the all-slack basis
 * when the current one is unusable, and fill res->status, objective, bound
 * and gap.  Returns 0, or TERROIR_ESOLVER / TERROIR_EINVAL when GLPK could not
 * solve. */
int lp__simplex(glp_prob *p, const lp_params *pa, double deadline, lp_result *res);

/* 1 when lp__test_fail_solves() asked the calling thread's solves of
 * kind `which` to fail. */
int lp__test_failing(lp_test_failure which);

/* Relative gap between an incumbent and a bound as GLPK computes it:
 * |obj - bound| / (|obj| + DBL_EPSILON); NaN if either is NaN. */
double lp__rel_gap(double obj, double bound);

#endif
