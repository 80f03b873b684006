/* The nucleolus (Schmeidler 1969) and the least core of a cost game, by the
 * sequence of LPs of Maschler, Peleg & Shapley (1979), "Geometric
 * properties of the kernel, nucleolus and related solution concepts",
 * solved with GLPK through lib/lp.
 *
 * Stage k solves
 *     min e  s.t.  x(N) = cost[N],
 *                  x(S) - e <= cost[S]      for S active (not fixed, not settled),
 *                  x(S) = cost[S] + e_j     for S fixed at stage j < k,
 *                  x_i <= cost[{i}]         (imputations, when they exist).
 * The e column is free with objective 1, so the duals of the active rows
 * sum to -1 (GLPK's sign for <= rows of a minimisation): some row has a
 * non-zero dual, and by complementary slackness it is tight in every
 * optimum, so it is fixed at e_k.  A coalition whose indicator vector lies
 * in the span of N and of the fixed ones has a constant excess from then on
 * ("settled") and leaves the active set.  Each stage fixes at least one
 * coalition outside that span, so the span's rank grows every stage and at
 * most n stages run; when it reaches n the allocation is unique. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "lp/lp.h"
#include "share/game.h"

/* Dual values below this are taken as zero. */
#define NUCLEOLUS_DUAL_EPS 1e-9

/* Row-echelon basis of 0/1 vectors over the reals (n <= 16). */
typedef struct span {
    size_t n, rank;
    double row[SHARE_GAME_MAX_PLAYERS][SHARE_GAME_MAX_PLAYERS];
    size_t pivot[SHARE_GAME_MAX_PLAYERS];
} span;

/* Reduce v against the basis; returns 1 when v is (numerically) in the span. */
static int span_reduce(const span *sp, double *v)
{
    for (size_t r = 0; r < sp->rank; r++) {
        double f = v[sp->pivot[r]];
        if (f != 0.0)
            for (size_t j = 0; j < sp->n; j++)
                v[j] -= f * sp->row[r][j];
    }
    for (size_t j = 0; j < sp->n; j++)
        if (fabs(v[j]) > 1e-9)
            return 0;
    return 1;
}

static void indicator(size_t n, uint64_t S, double *v)
{
    for (size_t j = 0; j < n; j++)
        v[j] = (S >> j) & 1u ? 1.0 : 0.0;
}

static int span_contains(const span *sp, uint64_t S)
{
    double v[SHARE_GAME_MAX_PLAYERS];
    indicator(sp->n, S, v);
    return span_reduce(sp, v);
}

/* Add S to the span when it is not in it already. */
static void span_add(span *sp, uint64_t S)
{
    double v[SHARE_GAME_MAX_PLAYERS];
    indicator(sp->n, S, v);
    if (span_reduce(sp, v) || sp->rank >= sp->n)
        return;
    size_t p = 0;
    for (size_t j = 1; j < sp->n; j++)
        if (fabs(v[j]) > fabs(v[p]))
            p = j;
    double f = v[p];
    for (size_t j = 0; j < sp->n; j++)
        v[j] /= f;
    /* keep the basis reduced at the new pivot so that span_reduce's single
     * pass stays exact */
    for (size_t r = 0; r < sp->rank; r++) {
        double g = sp->row[r][p];
        if (g != 0.0)
            for (size_t j = 0; j < sp->n; j++)
                sp->row[r][j] -= g * v[j];
    }
    memcpy(sp->row[sp->rank], v, sizeof v);
    sp->pivot[sp->rank] = p;
    sp->rank++;
}

double share__tolerance(const share_game *g)
{
    double big = 1.0;
    uint64_t full = ((uint64_t)1 << g->n) - 1;
    for (uint64_t S = 1; S <= full; S++)
        if (fabs(g->cost[S]) > big)
            big = fabs(g->cost[S]);
    return 1e-7 * big;
}

typedef enum coal_state { COAL_ACTIVE = 0, COAL_FIXED = 1, COAL_SETTLED = 2 } coal_state;

typedef struct nuc {
    const share_game *g;
    uint64_t full;
    unsigned char *state; /* per coalition */
    double *fixed_at;     /* per coalition: its excess when fixed */
    int imputations;      /* x_i <= cost[{i}] */
} nuc;

/* One stage LP.  On success *eps and x (n) are its optimum, and
 * newly_fixed[] (count *n_fixed) the active coalitions with a non-zero
 * dual. */
static int stage(nuc *s, double *eps, double *x, uint64_t *newly_fixed, size_t *n_fixed)
{
    const share_game *g = s->g;
    size_t n = g->n;
    lp_problem *lp = NULL;
    double *duals = NULL, *vals = NULL;
    size_t *cols = NULL;
    uint64_t *coal_of_row = NULL;
    int rc;
    double lb[SHARE_GAME_MAX_PLAYERS + 1], ub[SHARE_GAME_MAX_PLAYERS + 1],
        obj[SHARE_GAME_MAX_PLAYERS + 1];
    for (size_t i = 0; i < n; i++) {
        lb[i] = -HUGE_VAL;
        ub[i] = s->imputations ? g->cost[(uint64_t)1 << i] : HUGE_VAL;
        obj[i] = 0.0;
    }
    lb[n] = -HUGE_VAL;
    ub[n] = HUGE_VAL;
    obj[n] = 1.0;
    cols = core__calloc(n + 1, sizeof *cols);
    vals = core__calloc(n + 1, sizeof *vals);
    coal_of_row = core__calloc((size_t)s->full + 1, sizeof *coal_of_row);
    if (!cols || !vals || !coal_of_row) {
        rc = core__error(TERROIR_ENOMEM, "nucleolus: out of memory");
        goto done;
    }
    if ((rc = lp__new(&lp, "terroir_nucleolus")) != 0 ||
        (rc = lp__add_cols(lp, n + 1, lb, ub, obj, NULL, NULL, NULL)) != 0)
        goto done;
    for (size_t i = 0; i < n; i++) {
        cols[i] = i;
        vals[i] = 1.0;
    }
    size_t n_rows = 0;
    if ((rc = lp__add_row(lp, g->cost[s->full], g->cost[s->full], n, cols, vals, NULL, NULL)) !=
        0)
        goto done;
    coal_of_row[n_rows++] = s->full;
    for (uint64_t S = 1; S < s->full; S++) {
        if (s->state[S] == COAL_SETTLED)
            continue;
        size_t nnz = 0;
        for (size_t i = 0; i < n; i++)
            if ((S >> i) & 1u) {
                cols[nnz] = i;
                vals[nnz++] = 1.0;
            }
        double rlb, rub;
        if (s->state[S] == COAL_FIXED) {
            rlb = rub = g->cost[S] + s->fixed_at[S];
        } else {
            cols[nnz] = n;
            vals[nnz++] = -1.0;
            rlb = -HUGE_VAL;
            rub = g->cost[S];
        }
        if ((rc = lp__add_row(lp, rlb, rub, nnz, cols, vals, NULL, NULL)) != 0)
            goto done;
        coal_of_row[n_rows++] = S;
    }
    lp_result res;
    if ((rc = lp__solve_lp(lp, NULL, &res)) != 0)
        goto done;
    if (res.status != LP_OPTIMAL) {
        rc = core__error(TERROIR_ESOLVER, "nucleolus: stage LP ended %s, not optimal",
                         res.status == LP_INFEASIBLE ? "infeasible" : "unbounded or stopped");
        goto done;
    }
    double sol[SHARE_GAME_MAX_PLAYERS + 1];
    duals = core__calloc(n_rows, sizeof *duals);
    if (!duals) {
        rc = core__error(TERROIR_ENOMEM, "nucleolus: out of memory");
        goto done;
    }
    if ((rc = lp__col_values(lp, sol)) != 0 || (rc = lp__row_duals(lp, duals)) != 0)
        goto done;
    *eps = sol[n];
    memcpy(x, sol, n * sizeof *x);
    *n_fixed = 0;
    for (size_t r = 1; r < n_rows; r++) {
        uint64_t S = coal_of_row[r];
        if (s->state[S] == COAL_ACTIVE && fabs(duals[r]) > NUCLEOLUS_DUAL_EPS)
            newly_fixed[(*n_fixed)++] = S;
    }
    if (*n_fixed == 0)
        rc = core__error(TERROIR_ESOLVER, "nucleolus: no coalition is tight at stage optimum");
done:
    lp__free(lp);
    free(duals);
    free(vals);
    free(cols);
    free(coal_of_row);
    return rc;
}

static int check_game(const share_game *g, const char *what)
{
    if (!g || !g->cost || g->n == 0 || g->n > SHARE_GAME_MAX_PLAYERS)
        return core__error(TERROIR_EINVAL, "%s: bad game", what);
    return 0;
}

static int run(const share_game *g, int all_stages, double *x, double *least_core)
{
    nuc s;
    memset(&s, 0, sizeof s);
    s.g = g;
    s.full = ((uint64_t)1 << g->n) - 1;
    double singles = 0.0;
    for (size_t i = 0; i < g->n; i++)
        singles += g->cost[(uint64_t)1 << i];
    s.imputations = singles >= g->cost[s.full] - share__tolerance(g);
    s.state = core__calloc((size_t)s.full + 1, 1);
    s.fixed_at = core__calloc((size_t)s.full + 1, sizeof *s.fixed_at);
    uint64_t *fixed = core__calloc((size_t)s.full + 1, sizeof *fixed);
    int rc = 0;
    if (!s.state || !s.fixed_at || !fixed) {
        rc = core__error(TERROIR_ENOMEM, "nucleolus: out of memory");
        goto done;
    }
    span sp;
    memset(&sp, 0, sizeof sp);
    sp.n = g->n;
    span_add(&sp, s.full);
    double xs[SHARE_GAME_MAX_PLAYERS];
    for (int k = 0; sp.rank < g->n; k++) {
        double eps = 0.0;
        size_t n_fixed = 0;
        if ((rc = stage(&s, &eps, xs, fixed, &n_fixed)) != 0)
            goto done;
        if (k == 0 && least_core)
            *least_core = eps;
        if (!all_stages)
            break;
        for (size_t f = 0; f < n_fixed; f++) {
            s.state[fixed[f]] = COAL_FIXED;
            s.fixed_at[fixed[f]] = eps;
            span_add(&sp, fixed[f]);
        }
        for (uint64_t S = 1; S < s.full; S++)
            if (s.state[S] == COAL_ACTIVE && span_contains(&sp, S))
                s.state[S] = COAL_SETTLED;
    }
    if (x)
        memcpy(x, xs, g->n * sizeof *x);
done:
    free(s.state);
    free(s.fixed_at);
    free(fixed);
    return rc;
}

int share__least_core(const share_game *g, double *epsilon, double *x)
{
    int rc = check_game(g, "least core");
    if (rc)
        return rc;
    if (g->n < 2)
        return core__error(TERROIR_EINVAL, "least core: a game of one player has no coalition");
    double eps = 0.0;
    double xs[SHARE_GAME_MAX_PLAYERS];
    if ((rc = run(g, 0, xs, &eps)) != 0)
        return rc;
    if (epsilon)
        *epsilon = eps;
    if (x)
        memcpy(x, xs, g->n * sizeof *x);
    return 0;
}

int share__nucleolus(const share_game *g, double *x, double *least_core)
{
    int rc = check_game(g, "nucleolus");
    if (rc)
        return rc;
    if (!x)
        return core__error(TERROIR_EINVAL, "nucleolus: x is NULL");
    if (g->n == 1) {
        x[0] = g->cost[1];
        if (least_core)
            *least_core = 0.0;
        return 0;
    }
    return run(g, 1, x, least_core);
}
