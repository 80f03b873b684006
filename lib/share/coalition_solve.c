/* Coalition costs: each coalition's sub-model solved by terroir_solve()
 * with the caller's seed and routing iteration limit, several coalitions at
 * once on a small pool of POSIX threads.  A validated model is read-only, so
 * the threads share it; each builds and frees its own sub-models and plans.
 * Every solve is deterministic for its seed when it has no time limit.
 *
 * Warm start from the supersets' hub choice.  terroir_solve() takes no
 * starting plan, and a superset's plan restricted to S (its routes with the
 * stops of other members removed) is not a plan of S in general (its
 * allocation fed those routes with the other members' supply and hubs).
 * What carries over is the design: which hubs to open.  So coalitions are
 * solved by levels, largest first (the grand coalition, then n - 1 members,
 * ...), the threads sharing a level and a level starting when the one above
 * is complete.  A coalition S is solved cold, then, when some superset
 * S + {j} was solved, once more with its candidate hubs fixed as the best
 * such superset's plan has them (lowest cost, ties to the lowest j): open
 * (it pays its fixed cost, SCHEMA.md section 7) where that plan opened them,
 * closed elsewhere.  c(S) is the lower of the two (the cold one on a tie),
 * and warm_started says which; both costs are kept.  A coalition's hub choice
 * is its own winning plan's, so a good design travels down the levels.  The
 * supersets read are all in the completed level above, so the costs do not
 * depend on which thread solves which coalition.
 *
 * No warm solve when S has no candidate hub (nothing to fix), and none for a
 * sub-model without producers: in pure VRP mode a hub open by status does
 * not pay its fixed cost (lib/plan/solve_pure.c), so the comparison would
 * favour the warm solve unfairly.  A warm solve that ends without a plan
 * leaves the cold cost.  The warm start can only lower c(S); the artefact
 * check of analyse.c still reports every coalition dearer than a partition
 * of it. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/plan.h>

#include "core/core.h"
#include "share/share_internal.h"

#define NONE SIZE_MAX

typedef struct pool {
    const terroir_model *m;
    share_coal *coal; /* sorted by members */
    size_t n_coal;
    const size_t *order; /* coalition indices, largest first */
    size_t lo, hi, next; /* the level being solved: order[lo..hi) */
    uint64_t full;
    int warm;
    size_t n_members, n_hubs;
    size_t n_cand;         /* the model's candidate hubs */
    size_t *cand;          /* their hub indices */
    size_t stride;         /* bytes per coalition in opened */
    unsigned char *opened; /* per coalition, bit c: cand[c] open in its plan */
    terroir_solve_options solve;
    pthread_mutex_t lock;
    int rc;            /* first error */
    char *msg;         /* its message, naming the coalition (NULL: none) */
} pool;

static unsigned popcount(uint64_t x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* Index of the coalition `members` in coal[], or NONE. */
static size_t find_coal(const pool *p, uint64_t members)
{
    size_t lo = 0, hi = p->n_coal;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->coal[mid].members < members)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n_coal && p->coal[lo].members == members ? lo : NONE;
}

static unsigned char *opened_of(const pool *p, size_t k)
{
    return p->opened ? p->opened + k * p->stride : NULL;
}

/* Solve `model` into *plan and *s; TERROIR_ESOLVER when it ends without a
 * plan and `need` is set (with need 0, *s->status tells). */
static int solve_model(pool *p, const terroir_model *model, int need, terroir_plan **plan,
                       terroir_plan_summary *s)
{
    int rc = terroir_solve(plan, model, &p->solve);
    if (rc)
        return rc;
    terroir_plan_summary_init(s, TERROIR_PLAN_SUMMARY_VERSION);
    if ((rc = terroir_plan_get_summary(*plan, s)) != 0)
        return rc;
    if (need && s->status != TERROIR_STATUS_OPTIMAL && s->status != TERROIR_STATUS_FEASIBLE)
        return core__error(TERROIR_ESOLVER, "no plan (%s)", terroir_status_to_string(s->status));
    return 0;
}

static int has_plan(const terroir_plan_summary *s)
{
    return s->status == TERROIR_STATUS_OPTIMAL || s->status == TERROIR_STATUS_FEASIBLE;
}

static void take(share_coal *c, const terroir_plan_summary *s)
{
    c->status = s->status;
    c->cost = s->objective;
    c->penalty = s->cost.unserved_penalty;
    c->operating = s->objective - s->cost.unserved_penalty;
}

/* The superset S + {j} with the lowest cost (ties: lowest j), or NONE. */
static size_t best_superset(const pool *p, uint64_t S)
{
    size_t best = NONE;
    for (size_t j = 0; j < p->n_members; j++) {
        if ((S >> j) & 1u)
            continue;
        size_t t = find_coal(p, S | ((uint64_t)1 << j));
        if (t != NONE && (best == NONE || p->coal[t].cost < p->coal[best].cost))
            best = t;
    }
    return best;
}

/* Cost of coalition k (cold, then warm); 0 or an error left in the
 * thread's last error. */
static int solve_one(pool *p, size_t k)
{
    share_coal *c = &p->coal[k];
    terroir_model *sub = NULL, *wsub = NULL;
    terroir_plan *plan = NULL, *wplan = NULL;
    const terroir_model *model = p->m;
    size_t n_points = 0;
    size_t *hub_map = core__calloc(p->n_hubs ? p->n_hubs : 1, sizeof *hub_map);
    int *fix = core__calloc(p->n_hubs ? p->n_hubs : 1, sizeof *fix);
    unsigned char *mine = opened_of(p, k);
    int rc = 0;
    double t0 = core__now();
    c->cold_cost = c->warm_cost = NAN;
    c->warm_started = 0;
    if (!hub_map || !fix) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    if (c->members != p->full) {
        if ((rc = share__sub_model_fixed(p->m, c->members, NULL, hub_map, &sub, &n_points)) != 0)
            goto done;
        model = sub;
    } else {
        for (size_t h = 0; h < p->n_hubs; h++)
            hub_map[h] = h;
    }
    if (terroir_model_site_count(model) == 0) {
        /* nothing to serve and nothing to run: the coalition costs nothing */
        c->cost = c->operating = c->penalty = c->cold_cost = 0.0;
        c->status = TERROIR_STATUS_OPTIMAL;
        goto done;
    }
    terroir_plan_summary s;
    if ((rc = solve_model(p, model, 1, &plan, &s)) != 0)
        goto done;
    take(c, &s);
    c->cold_cost = s.objective;
    size_t present = 0;
    for (size_t q = 0; q < p->n_cand; q++) {
        size_t h = hub_map[p->cand[q]];
        if (h == NONE)
            continue;
        present++;
        terroir_plan_hub ph;
        memset(&ph, 0, sizeof ph);
        ph.version = TERROIR_PLAN_HUB_VERSION;
        if ((rc = terroir_plan_get_hub(plan, h, &ph)) != 0)
            goto done;
        if (ph.open)
            mine[q / 8] |= (unsigned char)(1u << (q % 8));
    }
    size_t best = p->warm && present ? best_superset(p, c->members) : NONE;
    if (best == NONE || terroir_model_count(model, TERROIR_ENTITY_PRODUCER) == 0)
        goto done;
    const unsigned char *theirs = opened_of(p, best);
    for (size_t h = 0; h < p->n_hubs; h++)
        fix[h] = SHARE_HUB_KEEP;
    for (size_t q = 0; q < p->n_cand; q++)
        fix[p->cand[q]] =
            (theirs[q / 8] >> (q % 8)) & 1u ? (int)TERROIR_HUB_OPEN : (int)TERROIR_HUB_CLOSED;
    if ((rc = share__sub_model_fixed(p->m, c->members, fix, NULL, &wsub, &n_points)) != 0)
        goto done;
    terroir_plan_summary w;
    if ((rc = solve_model(p, wsub, 0, &wplan, &w)) != 0)
        goto done;
    if (!has_plan(&w))
        goto done;
    c->warm_cost = w.objective;
    if (w.objective < c->cold_cost) {
        take(c, &w);
        c->warm_started = 1;
        /* the fixed hubs are as the superset had them */
        for (size_t q = 0; q < p->stride; q++)
            mine[q] = theirs[q];
        for (size_t q = 0; q < p->n_cand; q++)
            if (hub_map[p->cand[q]] == NONE)
                mine[q / 8] &= (unsigned char)~(1u << (q % 8));
    }
done:
    c->seconds = core__now() - t0;
    terroir_plan_free(plan);
    terroir_plan_free(wplan);
    terroir_model_free(sub);
    terroir_model_free(wsub);
    free(hub_map);
    free(fix);
    return rc;
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t at = p->rc ? p->hi : p->next++;
        pthread_mutex_unlock(&p->lock);
        if (at >= p->hi)
            break;
        size_t k = p->order[at];
        int rc = solve_one(p, k);
        if (rc) {
            const terroir_error *e = terroir_error_last();
            pthread_mutex_lock(&p->lock);
            if (!p->rc) {
                p->rc = rc;
                /* Every member's id in full (ids may be long and
                 * non-ASCII: a cut one would not be UTF-8); NULL when
                 * memory is short, and the code's description is used. */
                core_strbuf sb = CORE_STRBUF_INIT;
                core__sb_puts(&sb, "coalition {");
                for (size_t i = 0, shown = 0; i < 64; i++)
                    if ((p->coal[k].members >> i) & 1u) {
                        terroir_member_spec ms = TERROIR_MEMBER_SPEC_INIT;
                        core__sb_printf(&sb, "%s%s", shown++ ? ", " : "",
                                        terroir_model_get_member(p->m, i, &ms) == 0 ? ms.id
                                                                                    : "?");
                    }
                core__sb_printf(&sb, "}: %s", e && e->message ? e->message : "solve failed");
                p->msg = core__sb_take(&sb, NULL);
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
    return NULL;
}

int share__solve_coalitions(const terroir_model *m, share_coal *coal, size_t n_coal,
                            uint64_t full, const terroir_share_options *opts,
                            double coalition_seconds, unsigned int threads, int warm)
{
    pool p;
    memset(&p, 0, sizeof p);
    p.m = m;
    p.coal = coal;
    p.n_coal = n_coal;
    p.full = full;
    p.warm = warm;
    p.n_members = terroir_model_count(m, TERROIR_ENTITY_MEMBER);
    p.n_hubs = terroir_model_count(m, TERROIR_ENTITY_HUB);
    terroir_solve_options so = TERROIR_SOLVE_OPTIONS_INIT;
    so.seed = opts->seed;
    so.route_iterations = opts->route_iterations;
    so.time_limit_seconds = coalition_seconds;
    so.log = opts->log;
    so.log_data = opts->log_data;
    p.solve = so;
    size_t *order = NULL, *at = NULL;
    pthread_t *tid = NULL;
    int rc = 0;
    p.cand = core__calloc(p.n_hubs ? p.n_hubs : 1, sizeof *p.cand);
    order = core__calloc(n_coal ? n_coal : 1, sizeof *order);
    at = core__calloc(66, sizeof *at);
    if (threads < 1)
        threads = 1;
    if (threads > n_coal)
        threads = n_coal ? (unsigned int)n_coal : 1;
    tid = core__calloc(threads, sizeof *tid);
    if (!p.cand || !order || !at || !tid) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t h = 0; h < p.n_hubs; h++) {
        terroir_hub_spec hs = TERROIR_HUB_SPEC_INIT;
        if (terroir_model_get_hub(m, h, &hs) == 0 && hs.status == TERROIR_HUB_CANDIDATE)
            p.cand[p.n_cand++] = h;
    }
    p.stride = (p.n_cand + 7) / 8;
    if (p.stride && !(p.opened = core__calloc(n_coal, p.stride))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto out;
    }
    /* levels by a counting sort on the number of members, largest first,
     * each level in increasing order of its bit set */
    for (size_t k = 0; k < n_coal; k++)
        at[64 - popcount(coal[k].members) + 1]++;
    for (size_t l = 1; l < 66; l++)
        at[l] += at[l - 1];
    for (size_t k = 0; k < n_coal; k++)
        order[at[64 - popcount(coal[k].members)]++] = k;
    if (pthread_mutex_init(&p.lock, NULL) != 0) {
        rc = core__error(TERROIR_ENOMEM, "cannot create a mutex");
        goto out;
    }
    p.order = order;
    for (size_t lo = 0; lo < n_coal && !p.rc;) {
        size_t hi = lo + 1;
        unsigned level = popcount(coal[order[lo]].members);
        while (hi < n_coal && popcount(coal[order[hi]].members) == level)
            hi++;
        p.lo = p.next = lo;
        p.hi = hi;
        unsigned int want = hi - lo < threads ? (unsigned int)(hi - lo) : threads;
        unsigned int started = 0;
        for (; started < want; started++)
            if (pthread_create(&tid[started], NULL, worker, &p) != 0)
                break;
        if (started == 0)
            worker(&p); /* no thread could start: solve here */
        for (unsigned int t = 0; t < started; t++)
            pthread_join(tid[t], NULL);
        lo = hi;
    }
    pthread_mutex_destroy(&p.lock);
    if (p.rc)
        rc = core__error(p.rc, "%s", p.msg ? p.msg : terroir_strerror(p.rc));
out:
    free(p.msg);
    free(tid);
    free(order);
    free(at);
    free(p.cand);
    free(p.opened);
    return rc;
}
