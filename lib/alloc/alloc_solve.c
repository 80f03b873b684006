/* alloc__solve(): the allocation stage's entry point — build the network of
 * the model, optionally write the plain LP, run the column generation and
 * turn its solution into an alloc_result (see alloc.h). */
#include <math.h>
#include <string.h>

#include "alloc/alloc_internal.h"

int alloc__solve(const terroir_model *m, const unsigned char *hub_open, const alloc_params *p,
                 alloc_result *out)
{
    alloc_network net;
    alloc_sol sol;
    int rc;
    if (!out)
        return core__error(TERROIR_EINVAL, "alloc__solve: NULL result");
    memset(out, 0, sizeof *out);
    if (!m)
        return core__error(TERROIR_EINVAL, "alloc__solve: NULL model");
    if (!m->validated)
        return core__error(TERROIR_EINVAL, "alloc__solve: the model is not validated");
    if (p && (isnan(p->time_limit_seconds) || p->time_limit_seconds < 0))
        return core__error(TERROIR_EINVAL, "alloc__solve: invalid time limit");
    double deadline =
        p && p->time_limit_seconds > 0 ? core__now() + p->time_limit_seconds : 0.0;
    memset(&sol, 0, sizeof sol);
    if ((rc = net__build_calibrated(&net, m, hub_open, p ? p->hub_transport_factor : NULL,
                                     p ? p->hub_route_fixed : NULL)) != 0)
        return rc;
    if (p && p->write_lp_path) {
        alloc_plain pl;
        if ((rc = alloc__plain_build(&pl, &net, 0, NULL)) != 0)
            goto out;
        rc = lp__write_lp(pl.lp, p->write_lp_path);
        alloc__plain_free(&pl);
        if (rc)
            goto out;
    }
    if ((rc = alloc__cg(&net, p, deadline, &sol)) != 0)
        goto out;
    rc = alloc__result_build(&net, &sol, hub_open, out);
out:
    alloc__sol_free(&sol);
    net__free(&net);
    return rc;
}

int alloc__pays_fixed_cost(const terroir_model *m, size_t h, const unsigned char *hub_open)
{
    const model_hub *hub = &m->hubs[h];
    return hub->status == TERROIR_HUB_OPEN ||
           (hub->status == TERROIR_HUB_CANDIDATE && hub_open && hub_open[h]);
}
