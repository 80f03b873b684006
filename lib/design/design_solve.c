/* design__solve(): the design stage's entry point (design.h) — check the
 * arguments, build the allocation network with every hub that is not
 * closed, and hand it to the CFLP engine when the model has that shape, to
 * the general MIP otherwise.  A model without candidate hubs has nothing to
 * decide: its answer is the allocation of the hubs it has. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"

double design__gap(double objective, double bound)
{
    if (!isfinite(objective) || !isfinite(bound))
        return NAN;
    if (bound >= objective)
        return 0.0;
    double scale = fabs(objective) > 1e-9 ? fabs(objective) : 1e-9;
    return (objective - bound) / scale;
}

void design__result_free(design_result *r)
{
    if (!r)
        return;
    free(r->hub_open);
    memset(r, 0, sizeof *r);
}

/* No candidate hub: the allocation of the usable hubs is the answer. */
static int no_candidates(const alloc_network *net, const design_params *p, double deadline,
                         design_result *out)
{
    alloc_params ap;
    alloc_sol sol;
    memset(&ap, 0, sizeof ap);
    ap.log = p->log;
    ap.log_data = p->log_data;
    ap.progress = p->progress;
    ap.progress_data = p->progress_data;
    ap.warnings = p->warnings;
    int rc = alloc__cg(net, &ap, deadline, &sol);
    if (rc)
        return rc;
    out->status = sol.status;
    out->objective = sol.objective;
    out->bound = sol.bound;
    out->gap = design__gap(sol.objective, sol.bound);
    for (size_t h = 0; h < net->n_hubs; h++)
        out->hub_open[h] = net->hub_usable[h];
    alloc__sol_free(&sol);
    return 0;
}

int design__solve(const terroir_model *m, const design_params *p, design_result *out)
{
    static const design_params none;
    alloc_network net;
    int rc;
    if (!out)
        return core__error(TERROIR_EINVAL, "design__solve: NULL result");
    memset(out, 0, sizeof *out);
    if (!m)
        return core__error(TERROIR_EINVAL, "design__solve: NULL model");
    if (!m->validated)
        return core__error(TERROIR_EINVAL, "design__solve: the model is not validated");
    if (!p)
        p = &none;
    if (isnan(p->time_limit_seconds) || p->time_limit_seconds < 0 || isnan(p->mip_gap) ||
        p->mip_gap < 0)
        return core__error(TERROIR_EINVAL, "design__solve: invalid time limit or gap");
    double deadline = p->time_limit_seconds > 0 ? core__now() + p->time_limit_seconds : 0.0;
    out->n_hubs = m->n_hubs;
    out->hub_open = core__calloc(NET_NZ(m->n_hubs), 1);
    if (!out->hub_open)
        return core__error(TERROIR_ENOMEM, "design: out of memory");
    if ((rc = net__build_calibrated(&net, m, NULL, p->hub_transport_factor,
                                     p->hub_route_fixed)) != 0) {
        design__result_free(out);
        return rc;
    }
    size_t n_cand = 0;
    for (size_t h = 0; h < m->n_hubs; h++)
        if (m->hubs[h].status == TERROIR_HUB_CANDIDATE)
            n_cand++;
    if (n_cand == 0) {
        if (p->write_lp_path) {
            alloc_plain pl;
            if ((rc = alloc__plain_build(&pl, &net, 0, NULL)) == 0) {
                rc = lp__write_lp(pl.lp, p->write_lp_path);
                alloc__plain_free(&pl);
            }
        }
        if (rc == 0)
            rc = no_candidates(&net, p, deadline, out);
    } else if (design__is_cflp(&net)) {
        if (p->write_lp_path) {
            alloc_plain pl;
            if ((rc = alloc__plain_build(&pl, &net, 1, NULL)) == 0) {
                rc = lp__write_lp(pl.lp, p->write_lp_path);
                alloc__plain_free(&pl);
            }
        }
        if (rc == 0)
            rc = design__cflp(&net, p, deadline, out);
    } else {
        rc = design__mip(&net, p, deadline, out);
    }
    net__free(&net);
    if (rc)
        design__result_free(out);
    return rc;
}
