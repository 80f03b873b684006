/* terroir_solve(): the pipeline, read top-down.  A model without
 * producers (or a solve asked to route without allocating) is routed from
 * its hubs: pure VRP mode (solve_pure.c), where candidate hubs are chosen
 * with their routes (location-routing).  Otherwise food-hub mode
 * (solve_foodhub.c): design, allocation and routes in rounds, the
 * transport estimate calibrated on routes.  Both turn the stages' results
 * into the plan (solve_fill.c, solve_evaluate.c); solve_budget.c says how a
 * time limit is split.  solve_internal.h lists the pieces. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "plan/solve_internal.h"

/* Bytes of the options structure that a caller of `version` has. */
static size_t options_size(unsigned int version)
{
    return version >= 4   ? sizeof(terroir_solve_options)
           : version == 3 ? offsetof(terroir_solve_options, stall_seconds)
           : version == 2 ? offsetof(terroir_solve_options, language)
                          : offsetof(terroir_solve_options, route_iterations);
}

int terroir_solve_options_init(terroir_solve_options *opts, unsigned int version)
{
    core__error_reset();
    if (!opts || version == 0 || version > TERROIR_SOLVE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_solve_options_init: NULL or unknown version");
    terroir_solve_options defaults = TERROIR_SOLVE_OPTIONS_INIT;
    memcpy(opts, &defaults, options_size(version));
    opts->version = version;
    return 0;
}

/* Forward the stages' progress to the caller, with stage and elapsed time. */
int solve__report(double incumbent, double bound, void *data)
{
    solve_ctx *c = data;
    if (!c->opts->progress)
        return c->canceled;
    terroir_progress p = {TERROIR_PROGRESS_VERSION, c->stage, core__now() - c->start, incumbent,
                          bound};
    if (c->opts->progress(&p, c->opts->progress_data) != 0)
        c->canceled = 1;
    return c->canceled;
}

int solve__route_progress(double best, void *data)
{
    solve_ctx *c = data;
    return solve__report(c->route_base + best, NAN, c);
}

int solve__has_candidates(const terroir_model *m)
{
    for (size_t h = 0; h < m->n_hubs; h++)
        if (m->hubs[h].status == TERROIR_HUB_CANDIDATE)
            return 1;
    return 0;
}

terroir_status solve__status_of(lp_status s)
{
    switch (s) {
    case LP_OPTIMAL: return TERROIR_STATUS_OPTIMAL;
    case LP_FEASIBLE: return TERROIR_STATUS_FEASIBLE;
    case LP_INFEASIBLE:
    case LP_UNBOUNDED: return TERROIR_STATUS_INFEASIBLE;
    case LP_TIME_LIMIT: return TERROIR_STATUS_TIME_LIMIT;
    case LP_CANCELED: return TERROIR_STATUS_CANCELED;
    }
    return TERROIR_STATUS_INFEASIBLE;
}

static int check_options(const terroir_solve_options *o)
{
    if (o->version == 0 || o->version > TERROIR_SOLVE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_solve: unknown options version %u",
                           o->version);
    if (!isfinite(o->time_limit_seconds) || o->time_limit_seconds < 0)
        return core__error(TERROIR_EINVAL, "terroir_solve: time_limit_seconds must be >= 0");
    if (!isfinite(o->mip_gap) || o->mip_gap < 0 || o->mip_gap >= 1)
        return core__error(TERROIR_EINVAL, "terroir_solve: mip_gap must be in [0, 1)");
    if (!isfinite(o->route_seconds) || o->route_seconds < 0)
        return core__error(TERROIR_EINVAL, "terroir_solve: route_seconds must be >= 0");
    if (!isfinite(o->stall_seconds) || o->stall_seconds < 0)
        return core__error(TERROIR_EINVAL, "terroir_solve: stall_seconds must be >= 0");
    if (!core__lang_valid((int)o->language))
        return core__error(TERROIR_EINVAL, "terroir_solve: unknown language %d",
                           (int)o->language);
    if (o->stages & ~((1u << TERROIR_STAGE_COUNT) - 1))
        return core__error(TERROIR_EINVAL, "terroir_solve: unknown stage bits 0x%x in stages",
                           o->stages & ~((1u << TERROIR_STAGE_COUNT) - 1));
    if (!(o->stages & ((1u << TERROIR_STAGE_DESIGN) | (1u << TERROIR_STAGE_ALLOCATE) |
                       (1u << TERROIR_STAGE_ROUTE))))
        return core__error(TERROIR_EINVAL,
                           "terroir_solve: no stage to run: stages must include design, "
                           "allocate or route (a plan of nothing would read as optimal at cost "
                           "0)");
    return 0;
}

static int solve_run(terroir_plan **out, const terroir_model *m, const terroir_solve_options *opts)
{
    core__error_reset();
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    if (!out || !m)
        return core__error(TERROIR_EINVAL, "terroir_solve: NULL argument");
    if (!m->validated)
        return core__error(TERROIR_EINVAL,
                           "terroir_solve: the model is not validated (call terroir_model_validate)");
    if (opts) {
        /* Version 1 callers have a shorter structure: read only its fields. */
        if (opts->version == 0 || opts->version > TERROIR_SOLVE_OPTIONS_VERSION)
            return core__error(TERROIR_EINVAL, "terroir_solve: unknown options version %u",
                               opts->version);
        memcpy(&o, opts, options_size(opts->version));
    }
    int rc = check_options(&o);
    if (rc)
        return rc;

    solve_ctx c = {&o, core__now(), TERROIR_STAGE_DESIGN, 0, 0, NULL, 0, 0, 0};
    solve__budget_init(&c, m);
    terroir_plan *p = plan__new(m);
    if (!p)
        return TERROIR_ENOMEM;
    c.warnings = p->warnings;
    p->summary.bound = NAN;
    int route_wanted = (o.stages & (1u << TERROIR_STAGE_ROUTE)) && m->n_vehicle_types > 0;
    int pure = route_wanted && (m->n_producers == 0 || !(o.stages & (1u << TERROIR_STAGE_ALLOCATE)));
    if (pure)
        rc = solve__pure(&c, m, p);
    else if (o.stages & ((1u << TERROIR_STAGE_DESIGN) | (1u << TERROIR_STAGE_ALLOCATE)))
        rc = solve__foodhub(&c, m, p);
    else /* routing alone, and the model has no vehicle type to route */
        rc = core__error(TERROIR_EINVAL,
                         "terroir_solve: nothing to run: the stages asked for route only, and "
                         "the model has no vehicle types");
    if (rc)
        goto done;
    /* Stopped by the caller with a plan in hand: say so (the plan is
     * whole, but it is the best found until the stop). */
    if (c.canceled && p->summary.status != TERROIR_STATUS_CANCELED &&
        p->summary.status != TERROIR_STATUS_TIME_LIMIT)
        p->summary.status = TERROIR_STATUS_INTERRUPTED;
    plan__finish(p);
    p->summary.solve_seconds = core__now() - c.start;
    c.stage = TERROIR_STAGE_EVALUATE;
    solve__report(p->summary.objective, p->summary.bound, &c);
done:
    lp__thread_cleanup();
    if (rc) {
        terroir_plan_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

/* The solve, with its errors in the caller's language (version 3). */
int terroir_solve(terroir_plan **out, const terroir_model *m, const terroir_solve_options *opts)
{
    terroir_language language =
        opts && opts->version >= 3 ? opts->language : TERROIR_LANGUAGE_EN;
    terroir_language previous = core__lang_begin(language);
    int rc = solve_run(out, m, opts);
    core__lang_end(previous);
    return rc;
}
