/* Coalition costs: each coalition's sub-model solved by terroir_solve()
 * with the caller's seed and routing iteration limit, several coalitions at
 * once on a small pool of POSIX threads.  A validated model is read-only, so
 * the threads share it; each builds and frees its own sub-models and plans.
 * Which thread solves which coalition does not change any cost: every solve
 * is deterministic for its seed when it has no time limit.
 *
 * Warm start: terroir_solve() takes no starting plan, and a superset's plan
 * restricted to S (its routes with the stops of other members removed) is
 * not a plan of S in general (its allocation fed those routes with the
 * other members' supply and hubs), so coalitions are solved cold.  The
 * artefact check of analyse.c reports where that shows. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/plan.h>

#include "core/core.h"
#include "share/share_internal.h"

typedef struct pool {
    const terroir_model *m;
    share_coal *coal;
    size_t n_coal, next;
    uint64_t full;
    terroir_solve_options solve;
    pthread_mutex_t lock;
    int rc;            /* first error */
    terroir_error err; /* its copy (message in msg) */
    char msg[512];
} pool;

/* Cost of one coalition; 0 or an error left in the thread's last error. */
static int solve_one(pool *p, share_coal *c)
{
    terroir_model *sub = NULL;
    terroir_plan *plan = NULL;
    const terroir_model *model = p->m;
    size_t n_points = 0;
    int rc = 0;
    double t0 = core__now();
    if (c->members != p->full) {
        if ((rc = share__sub_model(p->m, c->members, &sub, &n_points)) != 0)
            goto done;
        model = sub;
    }
    if (terroir_model_site_count(model) == 0) {
        /* nothing to serve and nothing to run: the coalition costs nothing */
        c->cost = c->operating = c->penalty = 0.0;
        c->status = TERROIR_STATUS_OPTIMAL;
        goto done;
    }
    if ((rc = terroir_solve(&plan, model, &p->solve)) != 0)
        goto done;
    terroir_plan_summary s;
    terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION);
    if ((rc = terroir_plan_get_summary(plan, &s)) != 0)
        goto done;
    c->status = s.status;
    if (s.status != TERROIR_STATUS_OPTIMAL && s.status != TERROIR_STATUS_FEASIBLE) {
        rc = core__error(TERROIR_ESOLVER, "no plan (%s)", terroir_status_to_string(s.status));
        goto done;
    }
    c->cost = s.objective;
    c->penalty = s.cost.unserved_penalty;
    c->operating = s.objective - s.cost.unserved_penalty;
done:
    c->seconds = core__now() - t0;
    terroir_plan_free(plan);
    terroir_model_free(sub);
    return rc;
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t k = p->rc ? p->n_coal : p->next++;
        pthread_mutex_unlock(&p->lock);
        if (k >= p->n_coal)
            break;
        int rc = solve_one(p, &p->coal[k]);
        if (rc) {
            const terroir_error *e = terroir_error_last();
            pthread_mutex_lock(&p->lock);
            if (!p->rc) {
                p->rc = rc;
                char names[256] = "";
                size_t len = 0;
                for (size_t i = 0; i < 64 && len + 24 < sizeof names; i++)
                    if ((p->coal[k].members >> i) & 1u) {
                        const char *id = "?";
                        terroir_member_spec ms = TERROIR_MEMBER_SPEC_INIT;
                        if (terroir_model_get_member(p->m, i, &ms) == 0)
                            id = ms.id;
                        len += (size_t)snprintf(names + len, sizeof names - len, "%s%.20s",
                                                len ? ", " : "", id);
                    }
                snprintf(p->msg, sizeof p->msg, "coalition {%s}: %s", names,
                         e && e->message ? e->message : "solve failed");
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
    return NULL;
}

int share__solve_coalitions(const terroir_model *m, share_coal *coal, size_t n_coal,
                            uint64_t full, const terroir_share_options *opts,
                            double coalition_seconds, unsigned int threads)
{
    pool p;
    memset(&p, 0, sizeof p);
    p.m = m;
    p.coal = coal;
    p.n_coal = n_coal;
    p.full = full;
    terroir_solve_options so = TERROIR_SOLVE_OPTIONS_INIT;
    so.seed = opts->seed;
    so.route_iterations = opts->route_iterations;
    so.time_limit_seconds = coalition_seconds;
    so.log = opts->log;
    so.log_data = opts->log_data;
    p.solve = so;
    if (pthread_mutex_init(&p.lock, NULL) != 0)
        return core__error(TERROIR_ENOMEM, "cannot create a mutex");
    if (threads < 1)
        threads = 1;
    if (threads > n_coal)
        threads = (unsigned int)n_coal;
    pthread_t *tid = core__calloc(threads, sizeof *tid);
    if (!tid) {
        pthread_mutex_destroy(&p.lock);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    unsigned int started = 0;
    for (; started < threads; started++)
        if (pthread_create(&tid[started], NULL, worker, &p) != 0)
            break;
    if (started == 0)
        worker(&p); /* no thread could start: solve here */
    for (unsigned int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    pthread_mutex_destroy(&p.lock);
    if (p.rc)
        return core__error(p.rc, "%s", p.msg);
    return 0;
}
