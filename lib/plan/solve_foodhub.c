/* Food-hub mode of terroir_solve(): stage 1 (design) chooses the candidate
 * hubs to open when the model has any, stage 2 (allocate) sends each
 * product from producers through open hubs to points, stage 3 (route)
 * drives it, stage 4 (evaluate) fills the cost breakdown and KPIs.
 *
 * The hubs are chosen on the cost of the routes they make possible, in two
 * rounds (calibrate.c).  The first round designs and allocates on the
 * a-priori transport rate (when its design finds no plan in its time, it
 * allocates over every hub that may open instead, each hub its flows use
 * paying its fixed cost) and routes the result briefly: its routes give
 * each hub a cost model (the fixed part of its routes, and the factor by
 * which the rest exceeds the a-priori estimate).  The second round designs
 * and allocates again on that model (opening a hub pays its route fixed
 * part, its legs cost the rate times the factor: a hub whose routes are
 * dear loses flows, or stays closed).  Then the allocation the model
 * predicts cheaper, the second round's or the first's, gets all the time
 * left in one routing search, which starts from the first round's routes
 * (route_warm.c: the brief search's time is not lost to routing quality;
 * for the first round's own flows it continues that search with another
 * seed, and the better of its two routings is kept; so it does too when
 * the second design ends without a plan, and instead of a second round
 * when, under a time limit, the first round's brief routing had to drop
 * stops: routes that are not converged need the time more than a design).  The plan is the routed round
 * with the lower objective.
 *
 * The transport estimate the plan reports is always a calibrated model's
 * prediction made without the plan's own routes: for the second round, by
 * the model learned from the first; for the first round, by the model
 * learned from its other routing (the brief one teaches the long one's
 * judge, and the long one the brief one's).
 *
 * Without vehicles (or with the routing stage off) there is one round and
 * no calibration.  With a time limit, the first round's routes get
 * solve__first_round_share() of the time left after its allocation
 * (solve_budget.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/solve_internal.h"

#define CALIBRATION_ROUNDS 2

typedef struct solve_round {
    design_result d;
    alloc_result a;
    route_stage_result r;
    const unsigned char *hub_open; /* d.hub_open, used, or NULL */
    unsigned char *used;           /* learning round: the hubs its flows go through */
    plan_summary s;
    plan_summary s_alloc; /* s before routes */
    int planned;   /* has an allocation (and routes when wanted) */
    int routed;
    int last;      /* no second round after this one: too little time */
    double t_design, t_alloc, t_route, t_eval;
} solve_round;

static void round_free(solve_round *R)
{
    design__result_free(&R->d);
    free(R->used);
    alloc__result_free(&R->a);
    route__stage_free(&R->r);
}

/* Route round R's allocation with the time left before `end` and `seed`,
 * starting from the routes `warm` (NULL: from scratch; see route_warm.c);
 * keep these routes when the round had none or they make a cheaper plan.
 * `other` (may be NULL) receives the routes not kept (empty when the round
 * had none). */
static int route_round(solve_ctx *c, const terroir_model *m, solve_round *R, double end,
                       unsigned long seed, const route_stage_result *warm,
                       route_stage_result *other)
{
    const terroir_solve_options *o = c->opts;
    double t0 = core__now();
    route_stage_result r;
    memset(&r, 0, sizeof r);
    c->stage = TERROIR_STAGE_ROUTE;
    c->route_base =
        R->s_alloc.cost.fixed_hub + R->s_alloc.cost.handling + R->s_alloc.cost.unserved_penalty;
    solve__report(NAN, NAN, c);
    route_stage_params rp = {solve__route_seconds_until(c, end),
                             o->route_iterations,
                             seed,
                             o->route_polish,
                             solve__route_progress,
                             c,
                             o->log,
                             o->log_data,
                             NULL,
                             0,
                             warm,
                             c->warnings,
                             c->stall};
    int rc = route__stage(m, &R->a, &rp, &r);
    R->t_route += core__now() - t0;
    if (rc)
        return rc;
    plan_summary s = R->s_alloc;
    solve__apply_routes(&s, m, &R->a, &r, NAN);
    int feasible = s.status != TERROIR_STATUS_INFEASIBLE,
        was = R->s.status != TERROIR_STATUS_INFEASIBLE;
    if (!R->routed || feasible > was ||
        (feasible == was && s.objective < R->s.objective - 1e-9 * fmax(1, fabs(s.objective)))) {
        route_stage_result old = R->r;
        R->r = r;
        R->s = s;
        R->routed = 1;
        r = old;
    }
    if (other)
        *other = r;
    else
        route__stage_free(&r);
    return 0;
}

/* One round: design (with candidates), allocation, routes (when wanted),
 * each priced with the calibrated model (NULL: a priori), within the
 * round ending at `end` (0: no limit); the routes get `route_share` of the
 * time left after the allocation.  Returns 0 or an error; R->planned
 * says whether it produced a plan (a design may end without one). */
static int run_round(solve_ctx *c, const terroir_model *m, solve_round *R,
                     const calibration *model, double end, double route_share, int design,
                     int routes, const char *design_lp, const char *alloc_lp, int learning)
{
    const double *factor = model ? model->factor : NULL;
    const double *route_fixed = model ? model->route_fixed : NULL;
    const terroir_solve_options *o = c->opts;
    int rc = 0;
    double t0 = core__now(), round_start = t0;
    /* routes follow every design and allocation of a solve with vehicles,
     * even in a round that routes only if its prediction promises a gain */
    int routes_follow = (o->stages & (1u << TERROIR_STAGE_ROUTE)) && m->n_vehicle_types > 0;
    if (design && !learning) {
        c->stage = TERROIR_STAGE_DESIGN;
        solve__report(NAN, NAN, c);
        double seconds = model ? solve__second_design_seconds(solve__left_until(end))
                               : solve__design_seconds(solve__left_until(end), routes_follow);
        design_params dp = {seconds,
                            o->mip_gap,
                            o->seed,
                            o->log,
                            o->log_data,
                            solve__report,
                            c,
                            design_lp,
                            factor,
                            route_fixed,
                            c->warnings,
                            c->stall};
        if ((rc = design__solve(m, &dp, &R->d)) != 0)
            return rc;
        R->t_design = core__now() - t0;
        if (R->d.status != LP_OPTIMAL && R->d.status != LP_FEASIBLE)
            return 0; /* no design: nothing to allocate on */
        R->hub_open = R->d.hub_open;
    }
    if (!(o->stages & (1u << TERROIR_STAGE_ALLOCATE)))
        return 0; /* design only: no plan to price */
    c->stage = TERROIR_STAGE_ALLOCATE;
    t0 = core__now();
    solve__report(NAN, NAN, c);
    alloc_params ap = {solve__left_until(solve__alloc_end(end, routes_follow)),
                       o->log,
                       o->log_data,
                       solve__report,
                       c,
                       alloc_lp,
                       factor,
                       route_fixed,
                       c->warnings};
    if ((rc = alloc__solve(m, R->hub_open, &ap, &R->a)) != 0)
        return rc;
    R->t_alloc = core__now() - t0;
    c->stage = TERROIR_STAGE_EVALUATE;
    t0 = core__now();
    if (design && learning) {
        /* Every hub its flows go through is open and pays its fixed cost:
         * an honest plan, though not a designed one. */
        if (!(R->used = core__calloc(m->n_hubs ? m->n_hubs : 1, 1)))
            return core__error(TERROIR_ENOMEM, "out of memory");
        for (size_t k = 0; k < R->a.n_flows; k++)
            if (R->a.flows[k].hub != MODEL_NONE)
                R->used[R->a.flows[k].hub] = 1;
        R->hub_open = R->used;
    }
    solve__evaluate_alloc(&R->s, m, &R->a, R->hub_open, &R->d);
    if (R->used) { /* no design: no design bound */
        R->s.status = solve__status_of(R->a.status);
        R->s.bound = NAN;
        R->s.gap = NAN;
    }
    R->t_eval = core__now() - t0;
    R->planned = 1;
    R->s_alloc = R->s;
    if (route_share < 1 && !solve__second_round_fits(round_start, end)) {
        route_share = 1; /* one round: its routes get all the time */
        R->last = 1;
    }
    if (end > 0 && route_share < 1)
        end = core__now() + route_share * (end - core__now());
    return routes ? route_round(c, m, R, end, o->seed, NULL, NULL) : 0;
}

/* Route the first round's flows again, from its brief routes, with the
 * time left before `end`; the better routing is kept.  Two routings of the
 * same flows judge each other: the first taught learned[0]; when it is the
 * one kept, the second (not kept) teaches learned[1], which then judges it.
 * *judge: the model that judges the first round's plan. */
static int route_first_again(solve_ctx *c, const terroir_model *m, solve_round *R,
                             calibration *learned, double end, const calibration **judge)
{
    const plan_route *brief = R[0].r.routes; /* to tell which routing is kept */
    route_stage_result other;
    memset(&other, 0, sizeof other);
    int rc = route_round(c, m, &R[0], end, c->opts->seed + 1, &R[0].r, &other);
    if (rc)
        return rc;
    if (other.n_routes > 0 && other.routes != brief) {
        rc = calibrate__learn(&learned[1], m, &R[0].a, NULL, &other);
        *judge = &learned[1];
    } else {
        *judge = &learned[0];
    }
    route__stage_free(&other);
    return rc;
}

/* Is round b's plan better than round a's?  Feasible first, then cheaper. */
static int better(const solve_round *b, const solve_round *a)
{
    int fa = a->s.status != TERROIR_STATUS_INFEASIBLE, fb = b->s.status != TERROIR_STATUS_INFEASIBLE;
    if (fa != fb)
        return fb;
    return b->s.objective < a->s.objective - 1e-9 * fmax(1, fabs(a->s.objective));
}

static void log_model(const solve_ctx *c, const terroir_model *m, const calibration *k,
                      int round)
{
    for (size_t h = 0; h < m->n_hubs && c->opts->log; h++)
        core__logf(c->opts->log, c->opts->log_data,
                   "calibration (round %d): hub '%s': route fixed part %.2f, transport factor %.3f",
                   round, m->hubs[h].base.id, k->route_fixed[h], k->factor[h]);
}

static void log_round(const solve_ctx *c, const terroir_model *m, const solve_round *R, int k)
{
    if (!c->opts->log || !R->planned)
        return;
    size_t open = 0;
    for (size_t h = 0; h < m->n_hubs; h++)
        open += R->hub_open ? R->hub_open[h] != 0 : m->hubs[h].status != TERROIR_HUB_CLOSED;
    core__logf(c->opts->log, c->opts->log_data,
               "round %d: objective %.2f (hubs %.2f, routes %.2f, penalty %.2f), %zu hubs open, "
               "%zu routes, transport estimate %.2f",
               k, R->s.objective, R->s.cost.fixed_hub, R->s.routed_cost,
               R->s.cost.unserved_penalty, open, R->s.n_routes, R->s.transport_estimate);
}

int solve__foodhub(solve_ctx *c, const terroir_model *m, terroir_plan *p)
{
    const terroir_solve_options *o = c->opts;
    plan_summary *s = &p->summary;
    int design = (o->stages & (1u << TERROIR_STAGE_DESIGN)) && solve__has_candidates(m);
    int routes = (o->stages & (1u << TERROIR_STAGE_ROUTE)) && model__has_fleet(m);
    const char *design_lp = design ? o->write_lp_path : NULL;
    const char *alloc_lp = design ? NULL : o->write_lp_path;
    solve_round R[CALIBRATION_ROUNDS];
    calibration learned[CALIBRATION_ROUNDS]; /* the model learned from each round */
    memset(R, 0, sizeof R);
    memset(learned, 0, sizeof learned);
    for (int k = 0; k < CALIBRATION_ROUNDS; k++)
        R[k].s = *s; /* the new plan's summary: version, NaN figures */
    int rc = 0;
    for (int k = 0; k < CALIBRATION_ROUNDS && !rc; k++)
        rc = calibrate__init(&learned[k], m->n_hubs);
    if (rc)
        goto done;
    int rounds = routes ? CALIBRATION_ROUNDS : 1, done_rounds = 0;
    /* The model that judges the first round's routes: one learned without
     * them (another round's, or another routing of the same flows). */
    const calibration *judge_first = NULL;
    double limit_end = c->end;
    for (int k = 0; k < rounds; k++) {
        /* The first round designs and allocates with the whole limit's
         * budget (a design starved of time is a worse design), and routes
         * with its share of what is left; the second round has the rest. */
        double end = limit_end;
        double route_share = limit_end > 0 && k + 1 < rounds ? solve__first_round_share() : 1;
        const calibration *model = k > 0 ? &learned[k - 1] : NULL;
        if (k > 0 && (R[0].last || !solve__second_round_worth(c)))
            break; /* the deadline is near, or the caller asked to stop */
        /* the second round routes only when its prediction promises a gain */
        int route_now = routes && k == 0;
        if (k > 0 && limit_end > 0 && R[0].r.repaired_stops > 0) {
            /* The first round's routing did not reach valid routes for all
             * its stops in its time (stops were dropped): the routes need
             * the time left more than a second design does, and would
             * teach it little. */
            core__logf(o->log, o->log_data,
                       "round 2 skipped: the first round's routes are not converged (%zu "
                       "stop(s) dropped); the time left goes to them",
                       R[0].r.repaired_stops);
            if ((rc = route_first_again(c, m, R, learned, end, &judge_first)) != 0)
                goto done;
            break;
        }
        if ((rc = run_round(c, m, &R[k], model, end, route_share, design, route_now,
                            k ? NULL : design_lp,
                            k ? NULL : alloc_lp, 0)) != 0)
            goto done;
        if (k == 0 && design && !R[0].planned && (o->stages & (1u << TERROIR_STAGE_ALLOCATE))) {
            /* The design found no plan (stopped before its first one):
             * plan, and learn, from an allocation over every hub that may
             * open instead.  Also after a stop: a plan is always returned. */
            round_free(&R[0]);
            memset(&R[0], 0, sizeof R[0]);
            R[0].s = *s;
            if ((rc = run_round(c, m, &R[0], NULL, end, route_share, design, routes, NULL, NULL,
                                1)) != 0)
                goto done;
        }
        done_rounds = k + 1;
        if (k > 0 && R[k].planned && !c->canceled) {
            /* The calibrated model's prediction of this round's plan against
             * the first round's routed plan: route the better one. */
            /* (the first round's allocation by the same model, not by its
             * brief learning routes: like against like) */
            double direct = 0, direct0 = 0, routed = 0, routed0 = 0;
            solve__transport_estimate(m, &R[k].a, NULL, &direct);
            solve__transport_estimate(m, &R[0].a, NULL, &direct0);
            if ((rc = calibrate__predict(&routed, model, m, &R[k].a, model->factor)) != 0 ||
                (rc = calibrate__predict(&routed0, model, m, &R[0].a, NULL)) != 0)
                goto done;
            double predicted = R[k].s_alloc.cost.fixed_hub + R[k].s_alloc.cost.handling +
                               R[k].s_alloc.cost.unserved_penalty + direct + routed;
            double predicted0 = R[0].s_alloc.cost.fixed_hub + R[0].s_alloc.cost.handling +
                                R[0].s_alloc.cost.unserved_penalty + direct0 + routed0;
            core__logf(c->opts->log, c->opts->log_data,
                       "round %d: predicted %.2f against the first round's %.2f: %s", k + 1,
                       predicted, predicted0,
                       predicted < predicted0 ? "route it" : "route the first again");
            if (predicted < predicted0) {
                if ((rc = route_round(c, m, &R[k], end, o->seed, &R[0].r, NULL)) != 0)
                    goto done;
                judge_first = &learned[1]; /* learned below from round 2's routes */
            } else {
                R[k].planned = 0; /* not a plan: only its prediction was made */
                if ((rc = route_first_again(c, m, R, learned, end, &judge_first)) != 0)
                    goto done;
            }
        } else if (k > 0 && R[0].routed && !c->canceled) {
            /* the second design ended without a plan: the first round's
             * flows get the time left */
            if ((rc = route_first_again(c, m, R, learned, end, &judge_first)) != 0)
                goto done;
        }
        log_round(c, m, &R[k], k + 1);
        if (!R[k].planned || !R[k].routed || R[k].r.n_routes == 0 || c->canceled)
            break;
        if ((rc = calibrate__learn(&learned[k], m, &R[k].a, model ? model->factor : NULL,
                                   &R[k].r)) != 0)
            goto done;
        log_model(c, m, &learned[k], k + 1);
    }

    /* The plan: the better round, with the estimate of a calibrated model
     * learned without its routes: the second round's is the prediction of
     * the model learned from the first (what its design and allocation
     * used); the first round's is judged by the model learned from the
     * second round's routes, or from the other routing of its own flows. */
    int keep = 0;
    for (int k = 1; k < done_rounds; k++)
        if (R[k].planned && (!R[keep].planned || better(&R[k], &R[keep])))
            keep = k;
    solve_round *K = &R[keep];
    if (!K->planned) {
        s->status = solve__status_of(K->d.status);
        s->objective = NAN;
        s->bound = K->d.bound;
        s->gap = NAN;
        goto times;
    }
    *s = K->s;
    const calibration *judge = keep == 0 ? judge_first : &learned[0];
    if (K->routed && judge && judge->learned) {
        double estimate = 0;
        if ((rc = calibrate__predict(&estimate, judge, m, &K->a,
                                     keep == 0 ? NULL : learned[0].factor)) != 0)
            goto done;
        s->transport_estimate = estimate;
        s->transport_estimate_error =
            s->routed_cost > 0 ? (estimate - s->routed_cost) / s->routed_cost : NAN;
        s->route_feedback_applied = 1;
    }
    if ((rc = solve__fill_alloc(p, m, &K->a, K->hub_open)) != 0)
        goto done;
    if (K->used)
        for (size_t h = 0; h < m->n_hubs; h++)
            p->hubs[h].open = m->hubs[h].status == TERROIR_HUB_OPEN || K->used[h];
    if (K->routed)
        solve__keep_routes(p, &K->r);
times:
    for (int k = 0; k < done_rounds; k++) {
        s->stage_seconds[TERROIR_STAGE_DESIGN] += R[k].t_design;
        s->stage_seconds[TERROIR_STAGE_ALLOCATE] += R[k].t_alloc;
        s->stage_seconds[TERROIR_STAGE_ROUTE] += R[k].t_route;
        s->stage_seconds[TERROIR_STAGE_EVALUATE] += R[k].t_eval;
    }
done:
    for (int k = 0; k < CALIBRATION_ROUNDS; k++) {
        round_free(&R[k]);
        calibrate__free(&learned[k]);
    }
    return rc;
}
