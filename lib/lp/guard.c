/* The GLPK guard: every GLPK call of the library runs inside lp__guarded().
 *
 * GLPK reports misuse and internal failures by printing a message and
 * aborting the process.  Before that it calls the hook set with glp_error_hook(); our hook
 * longjmps back to the guard, which frees the thread's GLPK environment (the
 * only way to recover: GLPK's state is undefined after an error) and returns
 * TERROIR_ESOLVER with GLPK's message (TERROIR_ENOMEM when the message says
 * that GLPK ran out of memory).  GLPK prints that message through its
 * terminal output just before calling the hook, so the terminal hook keeps
 * the last lines of output; the same hook hands every line to the caller's
 * log callback and returns non-zero so that GLPK never writes to stdout.
 * Both hooks belong to the thread's environment and are set on every entry
 * (the environment may have been freed and re-created since the last call).
 *
 * Thread-local state.  Debian's GLPK keeps one environment per thread.  Since
 * glp_free_env() frees every glp_prob of the thread at once, each lp_problem
 * records the environment generation it was created in, and the thread's
 * counter is bumped whenever the environment is freed: a problem of an older
 * generation is dead, and calls on it fail cleanly instead of touching freed
 * memory.  This counter (with the number of live problems and the innermost
 * active guard, needed to nest guards from callbacks) is the one piece of
 * thread-local state of the library besides the last error; it cannot be
 * avoided because GLPK's own state is per thread. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lp/lp_internal.h"

typedef struct lp_thread_state {
    unsigned long generation; /* bumped each time the GLPK environment is freed */
    size_t live;              /* lp_problems alive in the current generation */
    int env_alive;            /* a GLPK environment exists (hooks can be set) */
    lp_guard *active;         /* innermost guard running on this thread, or NULL */
} lp_thread_state;

static _Thread_local lp_thread_state state;

unsigned long lp__generation(void)
{
    return state.generation;
}

void lp__live_add(void)
{
    state.live++;
}

void lp__live_remove(void)
{
    if (state.live > 0)
        state.live--;
}

/* Free the environment (if there is one: glp_free_env() then does nothing)
 * and declare every existing problem dead. */
static void env_free(void)
{
    glp_free_env();
    state.env_alive = 0;
    state.generation++;
    state.live = 0;
}

void lp__thread_cleanup(void)
{
    if (state.active || state.live > 0)
        return;
    env_free();
}

/* ------------------------------------------------------------ output lines */

static void line_emit(lp_guard *g)
{
    g->line[g->line_len] = '\0';
    memcpy(g->tail[g->tail_next], g->line, g->line_len + 1);
    g->tail_next = (g->tail_next + 1) % LP_TAIL_LINES;
    g->line_len = 0;
    if (g->log)
        g->log(g->tail[(g->tail_next + LP_TAIL_LINES - 1) % LP_TAIL_LINES], g->log_data);
}

/* GLPK's terminal hook: `s` is any piece of output (several lines, or part
 * of one).  Returns 1: GLPK must not print it itself. */
static int term_hook(void *info, const char *s)
{
    lp_guard *g = info;
    int called_back = 0;
    for (; *s; s++) {
        if (*s == '\n') {
            line_emit(g);
            called_back = 1;
        } else {
            if (g->line_len == LP_LINE_MAX - 1) {
                line_emit(g); /* an overlong line goes out in pieces */
                called_back = 1;
            }
            g->line[g->line_len++] = *s;
        }
    }
    /* The log callback may have made a nested GLPK call that failed; GLPK is
     * then gone and must not be returned into. */
    if (called_back && g->log)
        lp__guard_check(g);
    return 1;
}

/* Build "<message> (<Error detected in file ...>)" from the last lines. */
static void capture_fatal(lp_guard *g)
{
    if (g->line_len > 0)
        line_emit(g);
    const char *msg = NULL, *where = NULL;
    for (size_t k = 1; k <= LP_TAIL_LINES; k++) {
        const char *l = g->tail[(g->tail_next + LP_TAIL_LINES - k) % LP_TAIL_LINES];
        if (!where && strncmp(l, "Error detected in file", 22) == 0) {
            where = l;
        } else if (l[0] != '\0') {
            msg = l;
            break;
        }
    }
    if (msg && where)
        snprintf(g->fatal, sizeof g->fatal, "%s (%s)", msg, where);
    else if (msg)
        snprintf(g->fatal, sizeof g->fatal, "%s", msg);
    else
        snprintf(g->fatal, sizeof g->fatal, "fatal error (GLPK gave no message)");
}

/* GLPK's error hook: called after GLPK printed its message, instead of
 * returning (GLPK would abort), jump back to the guard. */
static void error_hook(void *info)
{
    lp_guard *g = info;
    longjmp(g->jump, 1);
}

void lp__guard_check(lp_guard *g)
{
    if (state.generation != g->generation)
        longjmp(g->jump, 2);
}

static void hooks_install(lp_guard *g)
{
    if (g) {
        glp_term_hook(term_hook, g);
        glp_error_hook(error_hook, g);
    } else {
        glp_term_hook(NULL, NULL);
        glp_error_hook(NULL, NULL);
    }
}

/* Allocation-failure injection (lib/core/alloc.c) cannot reach GLPK's own
 * allocations: GLPK 5.0 has no allocator hook, only a memory limit
 * (glp_mem_limit, in whole megabytes) and usage counters.  So in
 * fault-injection builds each guarded body that makes GLPK allocate
 * (creating a problem, adding rows or columns, solving, writing) starts
 * with this call, one allocation point, and when it is the one to fail, GLPK itself runs out of memory:
 * its limit drops to 1 MB and a block larger than that is asked of GLPK's
 * allocator, which raises its "memory limit exceeded" fatal error, the one
 * it raises when a real allocation fails or the limit is reached mid-call.
 * The failure then takes the real path: error hook, longjmp, environment
 * freed (which also restores the default limit), TERROIR_ENOMEM. */
static void glpk_exhaust(void)
{
    glp_mem_limit(1);
    glp_alloc(1, (1 << 20) + 1); /* raises GLPK's fatal error: never returns */
}

void lp__guard_fault(void)
{
    if (core__fault_fire())
        glpk_exhaust();
}

/* 1 when GLPK's fatal message says that its memory ran out: a failed
 * malloc ("no memory available", "memory allocation error"), the limit of
 * glp_mem_limit ("memory allocation limit exceeded") or its block count
 * ("too many memory blocks allocated"); the texts of GLPK 5.0's env/alloc.c
 * and env/dlsup.c. */
static int fatal_is_nomem(const char *fatal)
{
    static const char *const nomem[] = {"no memory available", "memory allocation error",
                                        "memory allocation limit exceeded",
                                        "too many memory blocks allocated"};
    for (size_t k = 0; k < sizeof nomem / sizeof nomem[0]; k++)
        if (strstr(fatal, nomem[k]))
            return 1;
    return 0;
}

/* The frame that calls setjmp.  Only `g` (a pointer that is never changed)
 * and the arguments are used after the jump; everything that changes lives
 * in *g, in the caller's frame, so no local needs to be volatile. */
static int guard_run(lp_guard *g, lp_body_fn body, void *ctx)
{
    int jumped = setjmp(g->jump);
    if (jumped == 0)
        return body(g, ctx);
    if (jumped == 1) {
        /* A fatal error of GLPK inside this guard. */
        capture_fatal(g);
        env_free();
    } else {
        /* A nested guard failed and freed the environment; it left its
         * message in our `fatal` field. */
        if (g->fatal[0] == '\0')
            snprintf(g->fatal, sizeof g->fatal,
                     "solver state was reset by a GLPK failure inside a callback");
    }
    /* Outer guards (we are inside one of their callbacks) learn why, since
     * they will leave through lp__guard_check(). */
    for (lp_guard *o = g->outer; o; o = o->outer)
        if (o->fatal[0] == '\0')
            memcpy(o->fatal, g->fatal, sizeof o->fatal);
    if (fatal_is_nomem(g->fatal))
        return core__error(TERROIR_ENOMEM, "GLPK: out of memory (%s)", g->fatal);
    return core__error(TERROIR_ESOLVER, "GLPK: %s", g->fatal);
}

int lp__guarded(const lp_problem *lp, terroir_log_fn log, void *log_data, lp_body_fn body,
                void *ctx)
{
    if (lp) {
        if (!pthread_equal(lp->owner, pthread_self()))
            return core__error(TERROIR_EINVAL,
                               "LP problem used from a thread other than its creator's");
        if (lp->generation != state.generation || !lp->prob)
            return core__error(TERROIR_ESOLVER,
                               "solver state was reset by an earlier GLPK failure");
    }
    int rc = glp_init_env(); /* 0: created, 1: already there */
    if (rc == 2)
        return core__error(TERROIR_ENOMEM, "GLPK: cannot create its environment");
    if (rc != 0 && rc != 1)
        return core__error(TERROIR_ESOLVER, "GLPK: cannot create its environment (code %d)",
                           rc);
    state.env_alive = 1;

    lp_guard g;
    g.outer = state.active;
    g.generation = state.generation;
    g.log = log;
    g.log_data = log_data;
    g.line_len = 0;
    memset(g.tail, 0, sizeof g.tail);
    g.tail_next = 0;
    g.fatal[0] = '\0';

    state.active = &g;
    hooks_install(&g);
    rc = guard_run(&g, body, ctx);
    if (g.line_len > 0 && state.env_alive && state.generation == g.generation)
        line_emit(&g); /* output without a final newline */
    state.active = g.outer;
    if (state.env_alive)
        hooks_install(g.outer);
    return rc;
}

/* ------------------------------------------------------------ small helpers */

int lp__bounds_type(double lb, double ub, int *type)
{
    if (isnan(lb) || isnan(ub) || lb == HUGE_VAL || ub == -HUGE_VAL || lb > ub)
        return TERROIR_EINVAL;
    int has_lb = lb > -HUGE_VAL, has_ub = ub < HUGE_VAL;
    if (has_lb && has_ub)
        *type = lb == ub ? GLP_FX : GLP_DB;
    else if (has_lb)
        *type = GLP_LO;
    else if (has_ub)
        *type = GLP_UP;
    else
        *type = GLP_FR;
    return 0;
}

int lp__tm_lim(double deadline)
{
    if (deadline <= 0.0)
        return INT_MAX;
    double ms = ceil((deadline - core__now()) * 1000.0);
    if (ms < 1.0)
        return 1;
    if (ms >= (double)INT_MAX)
        return INT_MAX;
    return (int)ms;
}

double lp__rel_gap(double obj, double bound)
{
    if (isnan(obj) || isnan(bound))
        return NAN;
    return fabs(obj - bound) / (fabs(obj) + DBL_EPSILON);
}

/* ------------------------------------------------------------ fatal error test */

static int provoke_body(lp_guard *g, void *ctx)
{
    (void)g;
    (void)ctx;
    glp_prob *p = glp_create_prob();
    /* Column 1 does not exist: GLPK raises a fatal error and would abort. */
    glp_set_col_bnds(p, 1, GLP_LO, 0.0, 0.0);
    glp_delete_prob(p);
    return core__error(TERROIR_EINTERNAL, "GLPK accepted an invalid call");
}

int lp__provoke_fatal_error(void)
{
    return lp__guarded(NULL, NULL, NULL, provoke_body, NULL);
}

static int provoke_nomem_body(lp_guard *g, void *ctx)
{
    (void)g;
    (void)ctx;
    glpk_exhaust();
    return core__error(TERROIR_EINTERNAL, "GLPK allocated beyond its memory limit");
}

int lp__provoke_out_of_memory(void)
{
    return lp__guarded(NULL, NULL, NULL, provoke_nomem_body, NULL);
}
