/* vrp__solve(): the hybrid genetic search loop (Vidal 2022, Algorithm 1).
 *
 *   initial population: the caller's warm start when given (seed_initial),
 *   then 4 mu random giant tours, each split and improved by
 *   the local search (infeasible ones repaired with penalties x 10 half of
 *   the time);
 *   repeat: two parents by binary tournament, ordered crossover, split,
 *   local search, insertion into its subpopulation (same repair, with
 *   penalties x 100 when x 10 is not enough); every 100
 *   iterations the penalties adapt; after `restart` iterations without a new
 *   best solution the population restarts (time-limited runs);
 *   the best feasible solution ever found is returned, polished by set
 *   partitioning over the pool of routes when asked (vrp_polish.c).
 *
 * Limits (vrp_params): with a time limit only, the search runs until it and
 * restarts the population after 20,000 iterations without improvement; with
 * `iterations` > 0 it stops after that many consecutive iterations without
 * improvement of the best solution, with `stall_seconds` > 0 after that
 * many seconds without a better feasible solution (or at the time limit if
 * one is set, whichever comes first).  Without a time limit and a stall
 * rule the run is deterministic for a seed.  The deadline and the progress
 * callback are polled everywhere the work grows with the instance (the
 * neighbour lists, each local search), the callback about every
 * CORE_POLL_PERIOD s; a non-zero return stops the search with the best
 * solution found.  The polish gets 10 % of the time limit (without one, 10 %
 * of the time the search took).
 *
 * Large problems.  The initial population shrinks past INIT_FULL_STOPS
 * stops (each of its individuals costs a local search of the whole
 * problem); with distances computed from coordinates its giant tours are
 * sweeps around the depots (random start angle and direction) rather than
 * random orders, which the local search improves much faster; the
 * penalties start higher (LARGE_PENALTY_FACTOR).  The first
 * individual is in the population before any stop is honoured, so a stop
 * at any time still returns routes for every stop it could serve. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp_internal.h"

#define GRANULAR 20
#define RESTART_ITERATIONS 20000UL
/* Initial population: 4 mu individuals up to INIT_FULL_STOPS stops, fewer
 * beyond (in proportion), never fewer than INIT_MIN; the population's mu
 * and lambda shrink the same way (to POP_MIN_MU, POP_MIN_LAMBDA): a search
 * of a large problem makes few individuals in any limit, and each costs
 * memory in proportion to the problem. */
#define INIT_FULL_STOPS 1000
#define INIT_MIN 10
#define POP_MIN_MU 5
#define POP_MIN_LAMBDA 8
/* Past INIT_FULL_STOPS stops the penalties start this many times higher:
 * they adapt every 100 iterations (Vidal 2022), which a search of thousands
 * of stops does not reach in a usual limit, and its few local searches must
 * end feasible (measured on 5,000 stops in 10 s: 1 stop dropped from the
 * routes against 193, the objective 22 times lower). */
#define LARGE_PENALTY_FACTOR 10.0
/* A new best that gains less than this (relative) is no improvement for
 * the stall rule. */
#define STALL_EPS 1e-6
/* The polish's share of the time: of the limit, or of the search's time. */
#define POLISH_SHARE 0.1

typedef struct hgs {
    vrp_inst in;
    vrp_rng rng;
    vrp_ls *ls;
    vrp_split *sp;
    vrp_pop *pop;
    vrp_pool *pool;
    vrp_penalty pen;
    vrp_indiv off;
    int *work;
    unsigned char *mark;
    const vrp_params *params;
    core_poll poll;      /* deadline and progress callback */
    double start, deadline, next_log;
    double stall_best, stall_since;
    int stop, n_init;
    unsigned long it;
} hgs;

static void logf_(hgs *h, const char *fmt, ...) CORE_PRINTF(2, 3);
static void logf_(hgs *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core__vlogf(h->params->log, h->params->log_data, fmt, ap);
    va_end(ap);
}

static double best_cost(const hgs *h)
{
    const vrp_indiv *b = h->pop ? vrp__pop_best(h->pop) : NULL;
    return b && b->feasible ? b->objective : HUGE_VAL;
}

/* The progress callback, for the poll (every CORE_POLL_PERIOD s). */
static int ask(void *data)
{
    hgs *h = data;
    return h->params->progress(best_cost(h), h->params->progress_data);
}

/* Clock, progress callback, stall rule and log; sets h->stop. */
static void tick(hgs *h, int force)
{
    double now = core__now(), best = best_cost(h);
    if (core__poll(&h->poll))
        h->stop = 1;
    if (force && h->params->progress && !h->poll.stop &&
        h->params->progress(best, h->params->progress_data))
        h->stop = h->poll.stop = 1;
    if (best < h->stall_best - STALL_EPS * fmax(1.0, fabs(best)) ||
        (isinf(h->stall_best) && best < HUGE_VAL)) {
        h->stall_best = best;
        h->stall_since = now;
    } else if (h->params->stall_seconds > 0.0 && now - h->stall_since >= h->params->stall_seconds) {
        h->stop = 1;
    }
    if (h->params->log && (force || now >= h->next_log)) {
        h->next_log = now + 1.0;
        logf_(h, "hgs it %lu %.1fs best %.6g pop %d/%d pen load %.3g tw %.3g", h->it,
              now - h->start, best_cost(h), vrp__pop_size(h->pop, 1), vrp__pop_size(h->pop, 0),
              h->pen.w.load, h->pen.w.tw);
    }
}

/* Improve the offspring (routes already set), insert it, and repair it
 * (penalties x 10, x 100) half of the time when infeasible.  Returns 1
 * when it is a new best solution. */
static int improve(hgs *h)
{
    vrp_indiv *x = &h->off;
    int better;
    vrp__ls_run(h->ls, x, &h->pen.w);
    vrp__indiv_evaluate(&h->in, &h->pen.w, x, h->work);
    vrp__penalty_record(&h->pen, &x->ex, x->missed);
    better = vrp__pop_add(h->pop, x, &h->pen.w);
    if (h->pool && x->feasible)
        vrp__pool_add(h->pool, x);
    /* Repair half of the time; always on large problems while no feasible
     * solution is known (each individual costs seconds there, and the
     * search may end with this one). */
    int large = h->in.n_servable > INIT_FULL_STOPS && vrp__pop_size(h->pop, 1) == 0;
    if (!x->feasible && !h->poll.stop && (large || vrp__rng_below(&h->rng, 2) == 0)) {
        double f;
        for (f = 10.0; f <= 100.0 && !x->feasible; f *= 10.0) {
            vrp_pen wr = h->pen.w;
            wr.load *= f;
            wr.tw *= f;
            wr.dur *= f;
            wr.miss *= f;
            vrp__ls_rerun(h->ls, x, &wr);
            vrp__indiv_evaluate(&h->in, &h->pen.w, x, h->work);
        }
        if (x->feasible) {
            better = vrp__pop_add(h->pop, x, &h->pen.w) || better;
            if (h->pool)
                vrp__pool_add(h->pool, x);
        }
    }
    return better;
}

/* Split the offspring's giant tour into routes, then improve() it. */
static int educate(hgs *h)
{
    vrp__split(h->sp, &h->pen.w, &h->off);
    return improve(h);
}

/* The warm start (vrp_params.initial) as the offspring: each route in the
 * next free vehicle of its type (none free: its stops are left out), its
 * stops in order, skipping the invalid and the repeated; inserted as given,
 * then improve()d (whose local search inserts the stops left out). */
static void seed_initial(hgs *h)
{
    const vrp_solution *s0 = h->params->initial;
    const vrp_inst *in = &h->in;
    vrp_indiv *x = &h->off;
    int *slot_route = h->work, *next_slot = h->work + in->n_slots;
    unsigned char *placed = h->mark;
    int s, t, pos = 0;
    size_t r, k;
    if (!s0 || s0->n_routes == 0)
        return;
    for (s = 0; s < in->n_slots; s++)
        slot_route[s] = -1;
    for (t = 0; t < in->nt; t++)
        next_slot[t] = in->type_slot0[t];
    for (r = 0; r < s0->n_routes; r++) {
        size_t ty = s0->routes[r].type;
        if (ty >= (size_t)in->nt || s0->routes[r].n_stops == 0 ||
            next_slot[ty] >= in->type_slot0[ty] + in->type_nslots[ty])
            continue;
        slot_route[next_slot[ty]++] = (int)r;
    }
    /* the giant tour is rebuilt from the routes, the stops left out after
     * them in the order of this one: every stop once */
    memcpy(x->tour, in->stops, (size_t)in->n_servable * sizeof *x->tour);
    memset(placed, 0, (size_t)in->n + 1);
    memset(x->served, 0, (size_t)in->n);
    for (s = 0; s < in->n_slots; s++) {
        x->rstart[s] = pos;
        if (slot_route[s] < 0)
            continue;
        const vrp_route *rt = &s0->routes[slot_route[s]];
        for (k = 0; k < rt->n_stops; k++) {
            size_t i = rt->stops[k];
            if (i < (size_t)in->nd || i >= (size_t)in->n || !in->servable[i] || placed[i])
                continue;
            placed[i] = 1;
            x->served[i] = 1;
            x->rnodes[pos++] = (int)i;
        }
    }
    x->rstart[in->n_slots] = pos;
    /* as given first, so that the search never returns worse than it */
    vrp__indiv_evaluate(in, &h->pen.w, x, h->work);
    (void)vrp__pop_add(h->pop, x, &h->pen.w);
    (void)improve(h);
    tick(h, 0);
}

/* n new individuals: sweeps with computed distances, else random tours
 * (the first of the search a sweep when coordinates are known).  The first
 * one is educated even after a stop (its local search then ends at once):
 * the population is never empty. */
static void initial_population(hgs *h, int n)
{
    int i;
    for (i = 0; i < n && (!h->stop || vrp__pop_best(h->pop) == NULL); i++) {
        if (h->in.geo || vrp__pop_best(h->pop) == NULL)
            vrp__indiv_sweep(&h->in, &h->rng, &h->off);
        else
            vrp__indiv_random(&h->in, &h->rng, &h->off);
        (void)educate(h);
        tick(h, 0);
    }
}

static void search(hgs *h)
{
    const vrp_params *pr = h->params;
    unsigned long nonprod = 1;
    unsigned long limit = pr->iterations;
    int timed = pr->time_limit_seconds > 0.0;
    seed_initial(h);
    initial_population(h, h->n_init);
    tick(h, 1);
    for (h->it = 0; !h->stop; h->it++) {
        const vrp_indiv *p1, *p2;
        if (limit > 0 && nonprod > limit)
            break;
        p1 = vrp__pop_select(h->pop, &h->rng);
        p2 = vrp__pop_select(h->pop, &h->rng);
        if (!p1 || !p2) {
            initial_population(h, 1);
            continue;
        }
        vrp__crossover_ox(&h->in, &h->rng, p1, p2, &h->off, h->mark);
        if (educate(h))
            nonprod = 1;
        else
            nonprod++;
        if (h->it % 100 == 0) {
            vrp__penalty_update(&h->pen);
            vrp__pop_reprice(h->pop, &h->pen.w);
        }
        if (timed && limit == 0 && nonprod >= RESTART_ITERATIONS) {
            vrp__pop_restart(h->pop);
            initial_population(h, h->n_init);
            nonprod = 1;
        }
        tick(h, 0);
    }
}

void vrp__solution_free(vrp_solution *s)
{
    size_t r;
    if (!s)
        return;
    if (s->routes)
        for (r = 0; r < s->n_routes; r++)
            free(s->routes[r].stops);
    free(s->routes);
    free(s->unserved);
    memset(s, 0, sizeof *s);
}

/* The solution of individual b (NULL: every stop unserved). */
static int make_solution(const hgs *h, const vrp_indiv *b, vrp_solution *out)
{
    const vrp_inst *in = &h->in;
    const vrp_problem *p = in->p;
    size_t nr = 0, nu = 0, i;
    int s, k, mandatory_out = 0;
    unsigned char *served = NULL;
    memset(out, 0, sizeof *out);
    served = core__calloc((size_t)in->n + 1, 1);
    if (!served)
        goto nomem;
    if (b)
        for (s = 0; s < in->n_slots; s++)
            nr += b->rstart[s + 1] > b->rstart[s];
    out->routes = core__calloc(nr + 1, sizeof *out->routes);
    out->unserved = core__calloc((size_t)in->n + 1, sizeof *out->unserved);
    if (!out->routes || !out->unserved)
        goto nomem;
    out->feasible = 1;
    if (b)
        for (s = 0; s < in->n_slots; s++) {
            int bgn = b->rstart[s], e = b->rstart[s + 1];
            vrp_route *r;
            if (e == bgn)
                continue;
            r = &out->routes[out->n_routes];
            r->type = (size_t)in->slot_type[s];
            r->stops = core__calloc((size_t)(e - bgn), sizeof *r->stops);
            if (!r->stops)
                goto nomem;
            r->n_stops = (size_t)(e - bgn);
            out->n_routes++;
            for (k = bgn; k < e; k++) {
                r->stops[k - bgn] = (size_t)b->rnodes[k];
                served[b->rnodes[k]] = 1;
            }
            if (vrp__evaluate(p, r, NULL, NULL, 0) != 0)
                out->feasible = 0;
            out->cost += r->cost;
        }
    for (i = p->n_depots; i < p->n_nodes; i++) {
        if (served[i])
            continue;
        out->unserved[nu++] = i;
        if (p->nodes[i].unserved_penalty >= 0.0)
            out->cost += p->nodes[i].unserved_penalty;
        else
            mandatory_out = 1;
    }
    out->n_unserved = nu;
    if (mandatory_out)
        out->feasible = 0;
    out->cost_before_polish = out->cost;
    free(served);
    return 0;
nomem:
    free(served);
    vrp__solution_free(out);
    return core__error(TERROIR_ENOMEM, "routing: out of memory");
}

static void polish(hgs *h, vrp_solution *out)
{
    vrp_route *pool = NULL;
    size_t n = 0, i;
    double seconds = 0.0;
    if (!h->pool || !out->feasible)
        return;
    if (h->poll.stop && !h->poll.expired)
        return; /* the caller asked to stop */
    if (vrp__pool_export(h->pool, h->in.p, &pool, &n) != 0)
        return;
    if (h->params->time_limit_seconds > 0.0)
        seconds = h->start + h->params->time_limit_seconds - core__now();
    else
        seconds = POLISH_SHARE * (core__now() - h->start);
    if (seconds < 0.05)
        seconds = 0.05;
    if (vrp__polish(h->in.p, pool, n, out, seconds, &h->poll, h->params->log,
                    h->params->log_data, h->params->warnings) != 0)
        logf_(h, "polish failed: %s", terroir_error_last()->message);
    else
        logf_(h, "polish: %zu routes, cost %.6g -> %.6g", n, out->cost_before_polish, out->cost);
    for (i = 0; i < n; i++)
        free(pool[i].stops);
    free(pool);
}

static void hgs_free(hgs *h)
{
    vrp__ls_free(h->ls);
    vrp__split_free(h->sp);
    vrp__pop_free(h->pop);
    vrp__pool_free(h->pool);
    vrp__indiv_release(&h->off);
    free(h->work);
    free(h->mark);
    vrp__inst_free(&h->in);
}

int vrp__solve(const vrp_problem *p, const vrp_params *params, vrp_solution *out)
{
    hgs h;
    vrp_pop_params pp = {25, 40, 4, 5};
    const vrp_indiv *best;
    int rc;
    if (!p || !params || !out)
        return core__error(TERROIR_EINVAL, "routing: NULL argument");
    if (!isfinite(params->time_limit_seconds) || params->time_limit_seconds < 0.0)
        return core__error(TERROIR_EINVAL, "routing: bad time limit");
    if (!isfinite(params->stall_seconds) || params->stall_seconds < 0.0)
        return core__error(TERROIR_EINVAL, "routing: bad stall time");
    if (params->time_limit_seconds == 0.0 && params->iterations == 0 &&
        params->stall_seconds == 0.0)
        return core__error(TERROIR_EINVAL,
                           "routing: neither a time limit, an iteration limit nor a stall time");
    memset(&h, 0, sizeof h);
    memset(out, 0, sizeof *out);
    h.params = params;
    h.start = core__now();
    h.next_log = h.start + 1.0;
    h.stall_best = HUGE_VAL;
    h.stall_since = h.start;
    if (params->time_limit_seconds > 0.0)
        h.deadline =
            h.start + params->time_limit_seconds * (params->polish ? 1.0 - POLISH_SHARE : 1.0);
    core__poll_init(&h.poll, h.deadline, params->progress ? ask : NULL, &h);
    rc = vrp__inst_build(&h.in, p, GRANULAR, &h.poll);
    if (rc)
        return rc;
    h.stop = h.poll.stop;
    h.n_init = 4 * pp.mu;
    if (h.in.n_servable > INIT_FULL_STOPS) {
        double scale = (double)INIT_FULL_STOPS / h.in.n_servable;
        h.n_init = (int)(h.n_init * scale);
        pp.mu = (int)(pp.mu * scale);
        pp.lambda = (int)(pp.lambda * scale);
        h.n_init = h.n_init < INIT_MIN ? INIT_MIN : h.n_init;
        pp.mu = pp.mu < POP_MIN_MU ? POP_MIN_MU : pp.mu;
        pp.lambda = pp.lambda < POP_MIN_LAMBDA ? POP_MIN_LAMBDA : pp.lambda;
    }
    vrp__rng_seed(&h.rng, params->seed);
    vrp__penalty_init(&h.pen, &h.in);
    if (h.in.n_servable > INIT_FULL_STOPS) {
        h.pen.w.load *= LARGE_PENALTY_FACTOR;
        h.pen.w.tw *= LARGE_PENALTY_FACTOR;
        h.pen.w.dur *= LARGE_PENALTY_FACTOR;
    }
    if (h.in.n_servable == 0) {
        rc = make_solution(&h, NULL, out);
        goto done;
    }
    h.ls = vrp__ls_new(&h.in, &h.rng, &h.poll);
    h.sp = vrp__split_new(&h.in);
    h.pop = vrp__pop_new(&h.in, &pp);
    h.work = core__calloc((size_t)h.in.n_slots + (size_t)h.in.n_servable + (size_t)h.in.nt + 1,
                         sizeof *h.work);
    h.mark = core__calloc((size_t)h.in.n + 1, 1);
    if (params->polish)
        h.pool = vrp__pool_new(&h.in, 5000);
    if (!h.ls || !h.sp || !h.pop || !h.work || !h.mark || (params->polish && !h.pool) ||
        vrp__indiv_alloc(&h.in, &h.off, 0)) {
        rc = core__error(TERROIR_ENOMEM, "routing: out of memory");
        goto done;
    }
    search(&h);
    best = vrp__pop_best(h.pop);
    rc = make_solution(&h, best, out);
    if (rc)
        goto done;
    out->iterations = h.it;
    if (params->polish)
        polish(&h, out);
    tick(&h, 1);
done:
    hgs_free(&h);
    return rc;
}
