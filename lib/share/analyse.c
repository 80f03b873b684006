/* From the costs of every coalition to the allocations: stand-alone costs,
 * Shapley value, least core and nucleolus, EPM, the core check of each
 * allocation and the artefacts of heuristic costs (game.h for the maths). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "share/share_internal.h"

int share__analyse_exact(terroir_share *sh, unsigned int methods)
{
    size_t n = sh->n;
    uint64_t full = ((uint64_t)1 << n) - 1;
    double *cost = core__calloc((size_t)full + 1, sizeof *cost);
    if (!cost)
        return core__error(TERROIR_ENOMEM, "out of memory");
    for (size_t k = 0; k < sh->n_coal; k++)
        cost[sh->coal[k].members] = sh->coal[k].cost;
    share_game g = {n, cost};
    double tol = share__tolerance(&g);
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        sh->standalone[i] = cost[(uint64_t)1 << i];
    sh->grand = cost[full];
    sh->n_artefacts = 0;
    for (size_t k = 0; k < sh->n_coal; k++) {
        share_coal *c = &sh->coal[k];
        c->artefact = share__partition_cheaper(&g, c->members, tol, &c->partition,
                                               &c->partition_cost);
        sh->n_artefacts += (size_t)c->artefact;
    }
    double eps = 0.0;
    double *x[TERROIR_SHARE_METHOD_COUNT] = {NULL, NULL, NULL};
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++)
        if ((methods >> k) & 1u) {
            if (!(x[k] = core__calloc(n, sizeof *x[k]))) {
                rc = core__error(TERROIR_ENOMEM, "out of memory");
                goto done;
            }
        }
    if (x[TERROIR_SHARE_SHAPLEY] && (rc = share__shapley(&g, x[TERROIR_SHARE_SHAPLEY])) != 0)
        goto done;
    if (x[TERROIR_SHARE_NUCLEOLUS]) {
        if ((rc = share__nucleolus(&g, x[TERROIR_SHARE_NUCLEOLUS], &eps)) != 0)
            goto done;
    } else if ((rc = share__least_core(&g, &eps, NULL)) != 0) {
        goto done;
    }
    sh->least_core = eps;
    sh->core_empty = eps > tol;
    if (x[TERROIR_SHARE_EPM] &&
        (rc = share__epm(&g, sh->core_empty ? eps : 0.0, x[TERROIR_SHARE_EPM])) != 0)
        goto done;
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
        if (!x[k])
            continue;
        if ((rc = share__blocking(&g, x[k], tol, &sh->blocking[k], &sh->n_blocking[k])) != 0)
            goto done;
        sh->alloc[k] = x[k];
        x[k] = NULL;
    }
done:
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++)
        free(x[k]);
    free(cost);
    return rc;
}
