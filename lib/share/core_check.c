/* Core checks of a cost game: which coalitions an allocation overcharges
 * (they would pay less alone), and which coalitions cost more than a
 * partition of them (with exact costs a coalition can always split and do
 * at least as well, so such a cost is an artefact of a heuristic solve). */
#include <stdlib.h>

#include "core/core.h"
#include "share/game.h"

static int by_excess_desc(const void *pa, const void *pb)
{
    const share_excess *a = pa, *b = pb;
    if (a->excess != b->excess)
        return a->excess > b->excess ? -1 : 1;
    return a->members < b->members ? -1 : a->members > b->members;
}

int share__blocking(const share_game *g, const double *x, double tol, share_excess **out,
                    size_t *count)
{
    if (!g || !g->cost || g->n == 0 || g->n > SHARE_GAME_MAX_PLAYERS || !x || !out || !count)
        return core__error(TERROIR_EINVAL, "core check: bad arguments");
    uint64_t full = ((uint64_t)1 << g->n) - 1;
    share_excess *list = NULL;
    size_t n_list = 0, cap = 0;
    for (uint64_t S = 1; S < full; S++) {
        double paid = 0.0;
        for (size_t i = 0; i < g->n; i++)
            if ((S >> i) & 1u)
                paid += x[i];
        double excess = paid - g->cost[S];
        if (excess <= tol)
            continue;
        if (core__grow((void **)&list, &cap, n_list + 1, sizeof *list)) {
            free(list);
            return core__error(TERROIR_ENOMEM, "out of memory");
        }
        list[n_list].members = S;
        list[n_list++].excess = excess;
    }
    if (n_list > 1)
        qsort(list, n_list, sizeof *list, by_excess_desc);
    *out = list;
    *count = n_list;
    return 0;
}

int share__partition_cheaper(const share_game *g, uint64_t S, double tol, uint64_t *part,
                             double *part_cost)
{
    if (__builtin_popcountll(S) < 2)
        return 0;
    /* T runs over the proper non-empty subsets of S that hold S's lowest
     * member, so each two-part partition is seen once. */
    uint64_t low = S & (~S + 1), best = 0;
    double best_cost = 0.0;
    for (uint64_t T = (S - 1) & S; T; T = (T - 1) & S) {
        if (!(T & low))
            continue;
        double sum = g->cost[T] + g->cost[S & ~T];
        if (!best || sum < best_cost) {
            best = T;
            best_cost = sum;
        }
    }
    if (!best || g->cost[S] <= best_cost + tol)
        return 0;
    *part = best;
    *part_cost = best_cost;
    return 1;
}
