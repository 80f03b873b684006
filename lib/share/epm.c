/* The equal-profit method of Frisk, Goethe-Lundgren, Joernsten & Roennqvist
 * (2010), "Cost allocation in collaborative forest transportation", EJOR
 * 205(2): among the allocations in the core, the one whose members'
 * relative savings (cost[{i}] - x_i) / cost[{i}] are the most equal, by
 * one LP:
 *     min f  s.t.  x(N) = cost[N],
 *                  x(S) <= cost[S] + relax          for S not empty, not N,
 *                  x_i / cost[{i}] - x_j / cost[{j}] <= f   for i != j,
 * (equal relative savings are equal relative costs x_i / cost[{i}]).
 * When the core is empty the caller relaxes the core rows by the least-core
 * epsilon, so the EPM is taken in the least core, the smallest relaxation
 * that leaves the LP feasible. */
#include <math.h>
#include <stdlib.h>

#include "core/core.h"
#include "lp/lp.h"
#include "share/game.h"

int share__epm(const share_game *g, double relax, double *x)
{
    if (!g || !g->cost || g->n < 2 || g->n > SHARE_GAME_MAX_PLAYERS || !x || !isfinite(relax))
        return core__error(TERROIR_EINVAL, "EPM: bad game");
    size_t n = g->n;
    uint64_t full = ((uint64_t)1 << n) - 1;
    lp_problem *lp = NULL;
    double lb[SHARE_GAME_MAX_PLAYERS + 1], ub[SHARE_GAME_MAX_PLAYERS + 1],
        obj[SHARE_GAME_MAX_PLAYERS + 1], vals[SHARE_GAME_MAX_PLAYERS + 1];
    size_t cols[SHARE_GAME_MAX_PLAYERS + 1];
    for (size_t i = 0; i <= n; i++) {
        lb[i] = -HUGE_VAL;
        ub[i] = HUGE_VAL;
        obj[i] = i == n ? 1.0 : 0.0;
    }
    int rc;
    if ((rc = lp__new(&lp, "terroir_epm")) != 0 ||
        (rc = lp__add_cols(lp, n + 1, lb, ub, obj, NULL, NULL, NULL)) != 0)
        goto done;
    /* with an empty core, a tolerance on the relaxation, so that a
     * least-core epsilon read back from an LP keeps this LP feasible */
    double slack = relax > 0 ? relax + share__tolerance(g) : 0.0;
    for (uint64_t S = 1; S <= full; S++) {
        size_t nnz = 0;
        for (size_t i = 0; i < n; i++)
            if ((S >> i) & 1u) {
                cols[nnz] = i;
                vals[nnz++] = 1.0;
            }
        double rlb = S == full ? g->cost[S] : -HUGE_VAL;
        double rub = S == full ? g->cost[S] : g->cost[S] + slack;
        if ((rc = lp__add_row(lp, rlb, rub, nnz, cols, vals, NULL, NULL)) != 0)
            goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double ci = g->cost[(uint64_t)1 << i], cj = g->cost[(uint64_t)1 << j];
            if (i == j || ci <= 0 || cj <= 0)
                continue;
            size_t c3[3] = {i, j, n};
            double v3[3] = {1.0 / ci, -1.0 / cj, -1.0};
            if ((rc = lp__add_row(lp, -HUGE_VAL, 0.0, 3, c3, v3, NULL, NULL)) != 0)
                goto done;
        }
    lp_result res;
    if ((rc = lp__solve_lp(lp, NULL, &res)) != 0)
        goto done;
    if (res.status != LP_OPTIMAL) {
        rc = core__error(TERROIR_ESOLVER, "EPM: the LP ended %s (the core relaxed by %g is empty)",
                         res.status == LP_INFEASIBLE ? "infeasible" : "without an optimum", relax);
        goto done;
    }
    double sol[SHARE_GAME_MAX_PLAYERS + 1];
    if ((rc = lp__col_values(lp, sol)) != 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        x[i] = sol[i];
done:
    lp__free(lp);
    return rc;
}
