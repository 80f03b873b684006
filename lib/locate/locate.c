/* Location-routing search (see locate.h for the contract).
 *
 * Why this method.  A hub set is only as good as its routes, but routing
 * every one of the 2^m sets is out of reach; an estimate ranks them cheaply
 * and the routing engine judges the best-ranked ones.  The search follows
 * the two-level scheme of Prins, Prodhon, Ruiz, Soriano & Wolfler Calvo
 * (2007, "Solving the capacitated location-routing problem by a cooperative
 * Lagrangean relaxation-granular tabu search heuristic", Transportation
 * Science 41), where a location phase on estimated costs and a routing
 * phase alternate and the routes correct the estimate, and spends the
 * routing effort as He, Hao & Wu (2024, "A multi-population hybrid genetic
 * search for the capacitated location-routing problem") do over depot
 * configurations: many sets get a short search, the best ones a longer one
 * (successive halving), one set the longest.
 *
 * 1. Estimate.  Serving point j from hub h costs, per route share,
 *      c(h, j) = q_j / Q_h * (F_h + 2 * (cost of the drive h -> j)),
 *    the stem of a full route of the hub's largest vehicle (Q_h kg, fixed
 *    cost F_h) shared by its kg.  A set S costs its hubs' fixed costs plus
 *    alpha times a capacitated assignment of the points to S (regret greedy
 *    within each hub's capacity).  alpha = 1 at first.
 * 2. Sets.  With at most ENUM_MAX free candidates every set is estimated;
 *    beyond, add/drop/swap descents from several starts collect the sets
 *    they visit.  Sets whose capacity is below the demand are skipped.
 * 3. Screening: the SCREEN best sets by estimate are routed briefly
 *    (more of them on small instances, where a routing run is cheap).
 * 4. Learning: alpha is refit on the screened sets (least squares of the
 *    routed transport cost on the estimated one), the sets are ranked
 *    again, and the best new ones are screened too.
 * 5. Halving: the better half is routed again, longer, with other seeds,
 *    until two remain; the best set then gets the rest of the time.
 * The plan keeps the cheapest routed solution seen (a set's cost counts
 * only the candidates that some route leaves: an unused one stays closed).
 *
 * Without a time limit the same schedule runs on iteration limits, so a
 * seed and an iteration limit give the same plan every time. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "locate/locate.h"
#include "route/route_internal.h"

/* Tuning of the search (names as in the top comment). */
typedef struct locate_tuning {
    int enum_max;            /* free candidates up to which every set is estimated */
    int screen;              /* sets routed briefly */
    int relearn;             /* new sets screened after alpha is learned */
    double screen_share;     /* share of the time for screening and relearning */
    double halving_share;    /* share for the halving rounds */
    double alpha_min, alpha_max;
    int descents;            /* starts of the add/drop/swap descent (large m) */
    double packing_surcharge; /* estimate factor of a point the greedy packing could not place */
    int small_points;        /* up to this many points, screen_small sets are screened */
    int screen_small;
} locate_tuning;

static const locate_tuning TUNING = {12, 8, 3, 0.25, 0.20, 0.2, 5.0, 8, 3.0, 60, 24};

typedef struct hub_est {
    size_t hub;       /* model hub index */
    int forced;       /* status open */
    double fixed;     /* fixed cost */
    double capacity;  /* kg, HUGE_VAL: unlimited */
} hub_est;

/* A hub set: bit k = k-th entry of hubs[]. */
typedef struct set_eval {
    unsigned long long bits;
    double fixed;       /* fixed costs of the set */
    double assign;      /* assignment (transport) estimate */
    double routed;      /* best routed total cost; HUGE_VAL: not routed */
    double routed_transport; /* routed cost minus fixed costs of the hubs used */
    int runs;
} set_eval;

typedef struct search {
    const terroir_model *m;
    const locate_params *p;
    locate_tuning t;
    hub_est *hubs;
    int nh;
    size_t *points; /* model point indices with demand */
    double *q;      /* kg per point */
    int np;
    double *c;      /* nh x np estimate */
    double demand;
    double alpha;
    set_eval *sets;
    size_t n_sets, cap_sets;
    /* assignment scratch */
    int *order;
    double *regret, *left;
    /* best routed solution */
    route_stage_result best;
    unsigned char *best_open;
    double best_cost, best_fixed;
    int best_ok;
    int canceled;
    double deadline; /* 0: none */
    unsigned long runs;
} search;

void locate__result_free(locate_result *r)
{
    if (!r)
        return;
    free(r->hub_open);
    route__stage_free(&r->routes);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------- estimate */

static int build_estimate(search *s)
{
    const terroir_model *m = s->m;
    size_t *fleet = NULL, n_fleet = 0;
    int rc = route__fleet_hubs(m, NULL, &fleet, &n_fleet);
    if (rc)
        return rc;
    s->hubs = core__calloc(n_fleet ? n_fleet : 1, sizeof *s->hubs);
    s->points = core__calloc(m->n_points ? m->n_points : 1, sizeof *s->points);
    s->q = core__calloc(m->n_points ? m->n_points : 1, sizeof *s->q);
    if (!s->hubs || !s->points || !s->q)
        goto nomem;
    for (size_t k = 0; k < n_fleet && s->nh < 64; k++) {
        hub_est *h = &s->hubs[s->nh++];
        h->hub = fleet[k];
        h->forced = m->hubs[fleet[k]].status == TERROIR_HUB_OPEN;
        h->fixed = m->hubs[fleet[k]].fixed_cost;
        double cap = route__hub_capacity(m, fleet[k]);
        h->capacity = cap > 0 ? cap : HUGE_VAL;
    }
    for (size_t j = 0; j < m->n_points; j++) {
        double goods[VRP_DIMENSIONS];
        route__site_goods(m, m->points[j].base.site, goods, NULL);
        if (goods[0] <= 0)
            continue;
        s->points[s->np] = j;
        s->q[s->np++] = goods[0];
        s->demand += goods[0];
    }
    s->c = core__calloc((size_t)s->nh * (size_t)(s->np ? s->np : 1), sizeof *s->c);
    s->order = core__calloc((size_t)s->np + 1, sizeof *s->order);
    s->regret = core__calloc((size_t)s->np + 1, sizeof *s->regret);
    s->left = core__calloc((size_t)s->nh + 1, sizeof *s->left);
    if (!s->c || !s->order || !s->regret || !s->left)
        goto nomem;
    for (int a = 0; a < s->nh; a++) {
        /* the hub's largest vehicle (by kg) prices its routes */
        const model_vehicle_type *best = NULL;
        for (size_t v = 0; v < m->n_vehicle_types; v++) {
            const model_vehicle_type *mv = &m->vehicle_types[v];
            if (mv->home_hub != s->hubs[a].hub || mv->count == 0)
                continue;
            if (!best || (best->capacity[0] >= 0 &&
                          (mv->capacity[0] < 0 || mv->capacity[0] > best->capacity[0])))
                best = mv;
        }
        double Q = best && best->capacity[0] > 0 ? best->capacity[0] : fmax(s->demand, 1);
        double speed = best && best->speed_kmh > 0 ? best->speed_kmh : m->settings.speed_kmh;
        size_t hs = m->hubs[s->hubs[a].hub].base.site;
        for (int b = 0; b < s->np; b++) {
            double km = 0, minutes = 0;
            size_t ps = m->points[s->points[b]].base.site;
            if (model__distance(m, hs, ps, &km, &minutes) != 0) {
                s->c[(size_t)a * (size_t)s->np + (size_t)b] = HUGE_VAL;
                continue;
            }
            double hours = speed > 0 ? km / speed : minutes / 60.0;
            double drive = best ? best->cost_per_km * km + best->cost_per_hour * hours : km;
            s->c[(size_t)a * (size_t)s->np + (size_t)b] =
                s->q[b] / Q * ((best ? best->fixed_cost : 0) + 2 * drive);
        }
    }
    free(fleet);
    return 0;
nomem:
    free(fleet);
    return core__error(TERROIR_ENOMEM, "out of memory in location-routing");
}

/* qsort without context: the regrets live in a file-local pointer set just
 * before each sort (the search is single-threaded per call, but solves may
 * run in parallel threads, hence thread-local). */
static _Thread_local const double *sort_key;
static int cmp_regret(const void *x, const void *y)
{
    double a = sort_key[*(const int *)x], b = sort_key[*(const int *)y];
    if (a != b)
        return a > b ? -1 : 1;
    return *(const int *)x - *(const int *)y;
}

/* Capacitated assignment estimate of set `bits` (HUGE_VAL: infeasible):
 * points by decreasing regret (second cheapest minus cheapest hub of the
 * set), each to its cheapest hub with room. */
static double assign_cost(search *s, unsigned long long bits)
{
    double cap = 0;
    for (int a = 0; a < s->nh; a++)
        if (bits >> a & 1ull) {
            s->left[a] = s->hubs[a].capacity;
            cap += s->hubs[a].capacity;
        }
    if (cap < s->demand * (1 - 1e-12))
        return HUGE_VAL;
    for (int b = 0; b < s->np; b++) {
        double c1 = HUGE_VAL, c2 = HUGE_VAL;
        for (int a = 0; a < s->nh; a++) {
            if (!(bits >> a & 1ull))
                continue;
            double c = s->c[(size_t)a * (size_t)s->np + (size_t)b];
            if (c < c1) {
                c2 = c1;
                c1 = c;
            } else if (c < c2) {
                c2 = c;
            }
        }
        s->order[b] = b;
        s->regret[b] = isfinite(c2) ? c2 - c1 : (isfinite(c1) ? 1e300 : 0);
    }
    sort_key = s->regret;
    qsort(s->order, (size_t)s->np, sizeof *s->order, cmp_regret);
    double total = 0;
    for (int k = 0; k < s->np; k++) {
        int b = s->order[k], pick = -1;
        double pc = HUGE_VAL;
        for (int a = 0; a < s->nh; a++) {
            if (!(bits >> a & 1ull) || s->left[a] < s->q[b] * (1 - 1e-12))
                continue;
            double c = s->c[(size_t)a * (size_t)s->np + (size_t)b];
            if (c < pc) {
                pc = c;
                pick = a;
            }
        }
        if (pick < 0) {
            /* The greedy packing found no room, though the set's capacity
             * holds the demand (a better packing may exist): the cheapest
             * reachable hub, at a surcharge, so the set ranks lower but
             * stays a candidate for the routes to judge. */
            for (int a = 0; a < s->nh; a++) {
                double c = s->c[(size_t)a * (size_t)s->np + (size_t)b];
                if ((bits >> a & 1ull) && c < pc) {
                    pc = c;
                    pick = a;
                }
            }
            if (pick < 0 || !isfinite(pc))
                return HUGE_VAL; /* unreachable from every hub of the set */
            pc *= s->t.packing_surcharge;
        }
        s->left[pick] -= s->q[b];
        total += pc;
    }
    return total;
}

static double set_fixed(const search *s, unsigned long long bits)
{
    double f = 0;
    for (int a = 0; a < s->nh; a++)
        if (bits >> a & 1ull)
            f += s->hubs[a].fixed;
    return f;
}

static double estimate(const search *s, const set_eval *e)
{
    return e->fixed + s->alpha * e->assign;
}

static set_eval *find_set(search *s, unsigned long long bits)
{
    for (size_t k = 0; k < s->n_sets; k++)
        if (s->sets[k].bits == bits)
            return &s->sets[k];
    return NULL;
}

/* Estimate `bits` once and remember it; NULL when infeasible or on ENOMEM
 * (*nomem set). */
static set_eval *add_set(search *s, unsigned long long bits, int *nomem)
{
    set_eval *e = find_set(s, bits);
    if (e)
        return isfinite(e->assign) ? e : NULL;
    if (core__grow((void **)&s->sets, &s->cap_sets, s->n_sets + 1, sizeof *s->sets) != 0) {
        *nomem = 1;
        return NULL;
    }
    e = &s->sets[s->n_sets++];
    memset(e, 0, sizeof *e);
    e->bits = bits;
    e->fixed = set_fixed(s, bits);
    e->assign = assign_cost(s, bits);
    e->routed = HUGE_VAL;
    return isfinite(e->assign) ? e : NULL;
}

static unsigned long long forced_bits(const search *s)
{
    unsigned long long f = 0;
    for (int a = 0; a < s->nh; a++)
        if (s->hubs[a].forced)
            f |= 1ull << a;
    return f;
}

/* Add/drop/swap descent on the estimate from `start`; every set visited is
 * remembered. */
static int descend(search *s, unsigned long long start)
{
    int nomem = 0;
    unsigned long long cur = start, forced = forced_bits(s);
    set_eval *e = add_set(s, cur, &nomem);
    double cur_cost = e ? estimate(s, e) : HUGE_VAL;
    for (int improved = 1; improved && !nomem;) {
        improved = 0;
        unsigned long long best = cur;
        double best_cost = cur_cost;
        for (int a = 0; a < s->nh; a++) {
            if (forced >> a & 1ull)
                continue;
            unsigned long long flip = cur ^ (1ull << a);
            set_eval *x = add_set(s, flip, &nomem);
            if (x && estimate(s, x) < best_cost - 1e-9) {
                best = flip;
                best_cost = estimate(s, x);
            }
            if (!(cur >> a & 1ull))
                continue;
            for (int b = 0; b < s->nh; b++) { /* swap a out, b in */
                if (cur >> b & 1ull)
                    continue;
                unsigned long long sw = (cur & ~(1ull << a)) | (1ull << b);
                x = add_set(s, sw, &nomem);
                if (x && estimate(s, x) < best_cost - 1e-9) {
                    best = sw;
                    best_cost = estimate(s, x);
                }
            }
        }
        if (best != cur) {
            cur = best;
            cur_cost = best_cost;
            improved = 1;
        }
    }
    return nomem ? core__error(TERROIR_ENOMEM, "out of memory in location-routing") : 0;
}

/* splitmix64: the descents' random starts, deterministic for a seed. */
static unsigned long long next_random(unsigned long long *state)
{
    unsigned long long z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int collect_sets(search *s, unsigned long long *rng)
{
    unsigned long long forced = forced_bits(s), all = s->nh >= 64 ? ~0ull : (1ull << s->nh) - 1;
    int n_free = 0, nomem = 0;
    for (int a = 0; a < s->nh; a++)
        n_free += !s->hubs[a].forced;
    if (n_free <= s->t.enum_max) {
        /* every subset of the free hubs, with the forced ones */
        int free_idx[64], k = 0;
        for (int a = 0; a < s->nh; a++)
            if (!s->hubs[a].forced)
                free_idx[k++] = a;
        for (unsigned long long sub = 0; sub < (1ull << n_free) && !nomem; sub++) {
            unsigned long long bits = forced;
            for (int b = 0; b < n_free; b++)
                if (sub >> b & 1ull)
                    bits |= 1ull << free_idx[b];
            if (bits)
                add_set(s, bits, &nomem);
        }
        return nomem ? core__error(TERROIR_ENOMEM, "out of memory in location-routing") : 0;
    }
    int rc = descend(s, all);
    for (int d = 1; d < s->t.descents && !rc; d++) {
        unsigned long long start = forced;
        for (int a = 0; a < s->nh; a++)
            if (next_random(rng) % 3 == 0)
                start |= 1ull << a;
        rc = descend(s, start ? start : all);
    }
    return rc;
}

/* ----------------------------------------------------------------- routing */

typedef struct run_ctx {
    search *s;
    double fixed;
} run_ctx;

static int run_progress(double best, void *data)
{
    run_ctx *r = data;
    search *s = r->s;
    if (!s->p->progress)
        return s->canceled;
    double shown = best + r->fixed;
    if (s->best_ok && s->best_cost < shown)
        shown = s->best_cost;
    if (s->p->progress(shown, s->p->progress_data) != 0)
        s->canceled = 1;
    return s->canceled;
}

/* kg that the routes move per model hub, and whether they keep within the
 * hubs' capacities. */
static int within_capacity(const search *s, const route_stage_result *r, unsigned char *used)
{
    const terroir_model *m = s->m;
    double *kg = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *kg);
    int ok = 1;
    if (!kg)
        return -1;
    for (size_t k = 0; k < r->n_routes; k++) {
        const plan_route *pr = &r->routes[k];
        size_t h = m->sites[pr->hub].index;
        if (pr->n_stops)
            used[h] = 1;
        for (size_t i = 0; i < pr->n_stops; i++)
            kg[h] += pr->stops[i].delivery[0] + pr->stops[i].pickup[0];
    }
    for (int a = 0; a < s->nh; a++) {
        double cap = s->hubs[a].capacity;
        if (isfinite(cap) && kg[s->hubs[a].hub] > cap + 1e-6 * (1 + cap))
            ok = 0;
    }
    free(kg);
    return ok;
}

/* Route set e with `seconds` (or `iterations`) and `seed`; keep the plan
 * when it is the best so far. */
static int route_set(search *s, set_eval *e, double seconds, unsigned long iterations,
                     unsigned long seed)
{
    const terroir_model *m = s->m;
    unsigned char *open = core__calloc(m->n_hubs ? m->n_hubs : 1, 1);
    unsigned char *used = core__calloc(m->n_hubs ? m->n_hubs : 1, 1);
    route_stage_result r;
    memset(&r, 0, sizeof r);
    int rc = 0;
    if (!open || !used) {
        rc = core__error(TERROIR_ENOMEM, "out of memory in location-routing");
        goto done;
    }
    for (int a = 0; a < s->nh; a++)
        if (e->bits >> a & 1ull)
            open[s->hubs[a].hub] = 1;
    run_ctx ctx = {s, e->fixed};
    route_stage_params rp = {seconds,        iterations, seed, s->p->polish, run_progress,
                             &ctx,           s->p->log,  s->p->log_data, open,
                             1,              NULL,       s->p->warnings, s->p->stall_seconds};
    if ((rc = route__stage(m, NULL, &rp, &r)) != 0)
        goto done;
    s->runs++;
    int ok = within_capacity(s, &r, used);
    if (ok < 0) {
        rc = core__error(TERROIR_ENOMEM, "out of memory in location-routing");
        goto done;
    }
    /* Candidates pay only when a route leaves them; open hubs always. */
    double fixed = 0;
    for (size_t h = 0; h < m->n_hubs; h++)
        if (m->hubs[h].status == TERROIR_HUB_OPEN || (open[h] && used[h]))
            fixed += m->hubs[h].fixed_cost;
    double transport = r.vehicle_fixed + r.variable;
    double total = fixed + transport + r.penalty;
    int valid = ok && !r.missed_mandatory && !r.engine_infeasible;
    double key = valid ? total : HUGE_VAL;
    e->runs++;
    if (key < e->routed) {
        e->routed = key;
        e->routed_transport = transport;
    }
    core__logf(s->p->log, s->p->log_data, "location-routing: set %llx (%d hubs) routed %.2f%s (estimate %.2f)", e->bits,
          __builtin_popcountll(e->bits), total, valid ? "" : " [infeasible]", estimate(s, e));
    /* valid solutions first, then cheaper */
    int better = s->runs == 1 || valid > s->best_ok ||
                 (valid == s->best_ok && total < s->best_cost - 1e-9 * fmax(1, fabs(total)));
    if (better) {
        route__stage_free(&s->best);
        s->best = r;
        memset(&r, 0, sizeof r);
        for (size_t h = 0; h < m->n_hubs; h++)
            s->best_open[h] = m->hubs[h].status == TERROIR_HUB_OPEN || (open[h] && used[h]);
        s->best_cost = total;
        s->best_fixed = fixed;
        s->best_ok = valid;
    }
done:
    route__stage_free(&r);
    free(open);
    free(used);
    return rc;
}

static double time_left(const search *s)
{
    if (s->deadline <= 0)
        return 0;
    double t = s->deadline - core__now();
    return t > 1e-3 ? t : 1e-3;
}

static int cmp_estimate(const void *x, const void *y, const search *s)
{
    double a = estimate(s, x), b = estimate(s, y);
    return a < b ? -1 : a > b;
}

static _Thread_local const search *sort_search;
static int cmp_estimate_q(const void *x, const void *y)
{
    return cmp_estimate(x, y, sort_search);
}

static int cmp_routed_q(const void *x, const void *y)
{
    const set_eval *a = *(set_eval *const *)x, *b = *(set_eval *const *)y;
    if (a->routed != b->routed)
        return a->routed < b->routed ? -1 : 1;
    return a->bits < b->bits ? -1 : a->bits > b->bits;
}

/* Fit alpha: routed transport ~ alpha * assignment estimate + constant,
 * over the routed sets (least squares; the ratio of sums when the sets
 * hardly differ). */
static void learn_alpha(search *s)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int n = 0;
    for (size_t k = 0; k < s->n_sets; k++) {
        const set_eval *e = &s->sets[k];
        if (!isfinite(e->routed) || !isfinite(e->assign))
            continue;
        sx += e->assign;
        sy += e->routed_transport;
        sxx += e->assign * e->assign;
        sxy += e->assign * e->routed_transport;
        n++;
    }
    if (n == 0 || sx <= 0)
        return;
    double var = sxx - sx * sx / n, a = sy / sx;
    if (n >= 3 && var > 1e-9 * sxx) {
        double slope = (sxy - sx * sy / n) / var;
        if (slope > 0)
            a = slope;
    }
    s->alpha = fmin(s->t.alpha_max, fmax(s->t.alpha_min, a));
}

static int route_many(search *s, set_eval **list, int n, double seconds_each,
                      unsigned long iters_each, unsigned long seed)
{
    int rc = 0;
    for (int k = 0; k < n && !rc && !s->canceled; k++) {
        double t = seconds_each;
        if (s->deadline > 0) {
            double left = time_left(s);
            t = fmin(t, left / 1.0);
            if (left <= 2e-3)
                break;
        }
        rc = route_set(s, list[k], t, iters_each, seed + (unsigned long)k);
    }
    return rc;
}

int locate__solve(const terroir_model *m, const locate_params *p, locate_result *out)
{
    search s;
    memset(&s, 0, sizeof s);
    memset(out, 0, sizeof *out);
    s.m = m;
    s.p = p;
    s.t = TUNING;
    s.alpha = 1;
    double start = core__now(), T = p->time_limit_seconds;
    s.deadline = T > 0 ? start + T : 0;
    unsigned long iters = p->iterations;
    set_eval **list = NULL;
    unsigned long long rng = p->seed * 0x9E3779B97F4A7C15ull + 1;
    int rc = build_estimate(&s);
    if (rc)
        goto done;
    if (!(s.best_open = core__calloc(m->n_hubs ? m->n_hubs : 1, 1))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory in location-routing");
        goto done;
    }
    if ((rc = collect_sets(&s, &rng)) != 0)
        goto done;

    /* The feasible sets, best estimate first. */
    if (!(list = core__calloc(s.n_sets + 1, sizeof *list))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory in location-routing");
        goto done;
    }
    sort_search = &s;
    int nf = 0;
    for (size_t k = 0; k < s.n_sets; k++)
        if (isfinite(s.sets[k].assign))
            nf++;
    if (nf == 0) {
        /* No set holds the demand by the estimate: route every hub that may
         * open, and let the routes say what is left unserved. */
        int nomem = 0;
        unsigned long long all = s.nh >= 64 ? ~0ull : (1ull << s.nh) - 1;
        set_eval *e = find_set(&s, all);
        if (!e) {
            if (core__grow((void **)&s.sets, &s.cap_sets, s.n_sets + 1, sizeof *s.sets) != 0)
                nomem = 1;
            else {
                e = &s.sets[s.n_sets++];
                memset(e, 0, sizeof *e);
                e->bits = all;
                e->fixed = set_fixed(&s, all);
                e->routed = HUGE_VAL;
            }
        }
        if (nomem) {
            rc = core__error(TERROIR_ENOMEM, "out of memory in location-routing");
            goto done;
        }
        core__logf(p->log, p->log_data, "location-routing: no hub set holds the demand by the estimate; all hubs");
        rc = route_set(&s, e, T > 0 ? time_left(&s) : 0, iters, p->seed);
        goto finish;
    }
    qsort(s.sets, s.n_sets, sizeof *s.sets, cmp_estimate_q);
    /* infeasible sets (estimate HUGE_VAL) sort last */
    int screen = s.np <= s.t.small_points ? s.t.screen_small : s.t.screen;
    if (screen > nf)
        screen = nf;
    int slots = screen + s.t.relearn;
    double t_screen = T > 0 ? T * s.t.screen_share / slots : 0;
    unsigned long i_screen = iters ? (iters / 4 > 0 ? iters / 4 : 1) : 0;
    if (T <= 0 && iters == 0)
        t_screen = TERROIR_ROUTE_DEFAULT_SECONDS * s.t.screen_share / slots;
    core__logf(p->log, p->log_data, "location-routing: %zu hub sets estimated (%d feasible), screening %d", s.n_sets,
          nf, screen);
    for (int k = 0; k < screen; k++)
        list[k] = &s.sets[k];
    if ((rc = route_many(&s, list, screen, t_screen, i_screen, p->seed)) != 0)
        goto done;

    /* Learn alpha, rank again, screen the best sets not routed yet. */
    learn_alpha(&s);
    core__logf(p->log, p->log_data, "location-routing: learned transport factor %.3f", s.alpha);
    qsort(s.sets, s.n_sets, sizeof *s.sets, cmp_estimate_q);
    int extra = 0;
    for (size_t k = 0; k < s.n_sets && extra < s.t.relearn; k++)
        if (isfinite(s.sets[k].assign) && s.sets[k].runs == 0)
            list[extra++] = &s.sets[k];
    if (extra && (rc = route_many(&s, list, extra, t_screen, i_screen, p->seed + 101)) != 0)
        goto done;

    /* Halving over the routed sets. */
    int n = 0;
    for (size_t k = 0; k < s.n_sets; k++)
        if (s.sets[k].runs > 0)
            list[n++] = &s.sets[k];
    qsort(list, (size_t)n, sizeof *list, cmp_routed_q);
    int rounds = 0;
    for (int c = n; c > 2; c = (c + 1) / 2)
        rounds++;
    double halving_time = T > 0 ? T * s.t.halving_share : 0;
    unsigned long round_seed = p->seed + 1000;
    for (int c = (n + 1) / 2; rounds > 0 && c >= 2 && !s.canceled; c = (c + 1) / 2, rounds--) {
        if (c > n)
            c = n;
        double each = T > 0 ? halving_time / (rounds * c) : 0;
        unsigned long it = iters ? (iters / 2 > 0 ? iters / 2 : 1) : 0;
        if (T <= 0 && iters == 0)
            each = TERROIR_ROUTE_DEFAULT_SECONDS * s.t.halving_share / (rounds * c);
        if ((rc = route_many(&s, list, c, each, it, round_seed)) != 0)
            goto done;
        round_seed += 100;
        qsort(list, (size_t)n, sizeof *list, cmp_routed_q);
        if (c == 2)
            break;
    }
    /* The best set gets the rest. */
    if (!s.canceled && n > 0 && isfinite(list[0]->routed)) {
        double rest = T > 0 ? time_left(&s) : 0;
        if (T <= 0 && iters == 0)
            rest = TERROIR_ROUTE_DEFAULT_SECONDS * (1 - s.t.screen_share - s.t.halving_share);
        if (T <= 0 || rest > 2e-3)
            rc = route_set(&s, list[0], rest, iters, p->seed + 7);
    }
    if (!rc && s.runs == 0) {
        /* Stopped, or out of time, before the first set was routed: the
         * best set by the estimate, routed without search (the engine's
         * first solution), so that the plan still has routes. */
        sort_search = &s;
        qsort(s.sets, s.n_sets, sizeof *s.sets, cmp_estimate_q);
        rc = route_set(&s, &s.sets[0], 1e-3, 0, p->seed);
    }
finish:
    if (rc)
        goto done;
    out->routes = s.best;
    memset(&s.best, 0, sizeof s.best);
    out->hub_open = s.best_open;
    s.best_open = NULL;
    out->fixed_cost = s.best_fixed;
    out->sets_estimated = s.n_sets;
    out->sets_routed = 0;
    for (size_t k = 0; k < s.n_sets; k++)
        out->sets_routed += s.sets[k].runs > 0;
    out->estimate_factor = s.alpha;
    out->canceled = s.canceled;
    core__logf(p->log, p->log_data, "location-routing: %zu sets routed in %lu runs, best %.2f", out->sets_routed,
          s.runs, s.best_cost);
done:
    route__stage_free(&s.best);
    free(s.best_open);
    free(list);
    free(s.hubs);
    free(s.points);
    free(s.q);
    free(s.c);
    free(s.order);
    free(s.regret);
    free(s.left);
    free(s.sets);
    if (rc)
        locate__result_free(out);
    return rc;
}
