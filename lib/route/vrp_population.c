/* The population of the hybrid genetic search (Vidal 2022, section 3;
 * Vidal et al. 2012): a feasible and an infeasible subpopulation, each kept
 * sorted by penalised cost, between mu and mu + lambda individuals.  Each
 * individual's diversity contribution is its mean broken-pairs distance to
 * its n_close closest neighbours; the biased fitness adds its rank in cost
 * and (1 - n_elite / size) times its rank in diversity.  When a
 * subpopulation passes mu + lambda, individuals are removed one by one until
 * mu remain: clones first, then the worst biased fitness (never the best).
 * Parents are chosen by binary tournament on biased fitness.
 *
 * All individuals are allocated up front (two full subpopulations): adding
 * one never allocates. */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp_internal.h"

struct vrp_pop {
    const vrp_inst *in;
    vrp_pop_params pp;
    int cap;             /* mu + lambda + 1 */
    vrp_indiv *store;
    int n_store;
    vrp_indiv **freel;
    int nfree;
    vrp_indiv **sub[2];  /* 0: infeasible, 1: feasible */
    int nsub[2];
    vrp_indiv best_restart, best_all, best_inf;
    int has_restart, has_all, has_inf;
    struct rank {
        double key;
        int i;
    } *rank;
};

vrp_pop *vrp__pop_new(const vrp_inst *in, const vrp_pop_params *pp)
{
    vrp_pop *pop = core__calloc(1, sizeof *pop);
    int i;
    if (!pop)
        return NULL;
    pop->in = in;
    pop->pp = *pp;
    pop->cap = pp->mu + pp->lambda + 1;
    pop->n_store = 2 * pop->cap;
    pop->store = core__calloc((size_t)pop->n_store, sizeof *pop->store);
    pop->freel = core__calloc((size_t)pop->n_store, sizeof *pop->freel);
    pop->sub[0] = core__calloc((size_t)pop->cap + 1, sizeof *pop->sub[0]);
    pop->sub[1] = core__calloc((size_t)pop->cap + 1, sizeof *pop->sub[1]);
    pop->rank = core__calloc((size_t)pop->cap + 1, sizeof *pop->rank);
    if (!pop->store || !pop->freel || !pop->sub[0] || !pop->sub[1] || !pop->rank)
        goto fail;
    for (i = 0; i < pop->n_store; i++) {
        if (vrp__indiv_alloc(in, &pop->store[i], pop->cap))
            goto fail;
        pop->freel[pop->nfree++] = &pop->store[i];
    }
    if (vrp__indiv_alloc(in, &pop->best_restart, 0) || vrp__indiv_alloc(in, &pop->best_all, 0) ||
        vrp__indiv_alloc(in, &pop->best_inf, 0))
        goto fail;
    return pop;
fail:
    vrp__pop_free(pop);
    return NULL;
}

void vrp__pop_free(vrp_pop *pop)
{
    int i;
    if (!pop)
        return;
    if (pop->store)
        for (i = 0; i < pop->n_store; i++)
            vrp__indiv_release(&pop->store[i]);
    free(pop->store);
    free(pop->freel);
    free(pop->sub[0]);
    free(pop->sub[1]);
    free(pop->rank);
    vrp__indiv_release(&pop->best_restart);
    vrp__indiv_release(&pop->best_all);
    vrp__indiv_release(&pop->best_inf);
    free(pop);
}

static void prox_insert(vrp_indiv *x, double d, vrp_indiv *o)
{
    int k = x->n_prox;
    while (k > 0 && x->prox[k - 1].d > d) {
        x->prox[k] = x->prox[k - 1];
        k--;
    }
    x->prox[k].d = d;
    x->prox[k].o = o;
    x->n_prox++;
}

static void prox_remove(vrp_indiv *x, const vrp_indiv *o)
{
    int k;
    for (k = 0; k < x->n_prox; k++)
        if (x->prox[k].o == o) {
            memmove(&x->prox[k], &x->prox[k + 1], (size_t)(x->n_prox - k - 1) * sizeof *x->prox);
            x->n_prox--;
            return;
        }
}

static double diversity(const vrp_pop *pop, const vrp_indiv *x)
{
    int k, m = x->n_prox < pop->pp.n_close ? x->n_prox : pop->pp.n_close;
    double s = 0.0;
    if (m == 0)
        return 0.0;
    for (k = 0; k < m; k++)
        s += x->prox[k].d;
    return s / m;
}

static int rank_cmp(const void *a, const void *b)
{
    const struct rank *x = a, *y = b;
    if (x->key < y->key)
        return -1;
    if (x->key > y->key)
        return 1;
    return x->i - y->i;
}

static void update_fitness(vrp_pop *pop, int k)
{
    vrp_indiv **s = pop->sub[k];
    int n = pop->nsub[k], i;
    if (n == 0)
        return;
    if (n == 1) {
        s[0]->fit = 0.0;
        return;
    }
    for (i = 0; i < n; i++) {
        pop->rank[i].key = -diversity(pop, s[i]);
        pop->rank[i].i = i;
    }
    qsort(pop->rank, (size_t)n, sizeof *pop->rank, rank_cmp);
    for (i = 0; i < n; i++) {
        double div_rank = (double)i / (double)(n - 1);
        int j = pop->rank[i].i;
        double fit_rank = (double)j / (double)(n - 1);
        if (n <= pop->pp.n_elite)
            s[j]->fit = fit_rank;
        else
            s[j]->fit = fit_rank + (1.0 - (double)pop->pp.n_elite / (double)n) * div_rank;
    }
}

static void remove_at(vrp_pop *pop, int k, int at)
{
    vrp_indiv **s = pop->sub[k], *x = s[at];
    int i;
    memmove(&s[at], &s[at + 1], (size_t)(pop->nsub[k] - at - 1) * sizeof *s);
    pop->nsub[k]--;
    for (i = 0; i < pop->nsub[k]; i++)
        prox_remove(s[i], x);
    x->n_prox = 0;
    pop->freel[pop->nfree++] = x;
}

static void survivors(vrp_pop *pop, int k)
{
    while (pop->nsub[k] > pop->pp.mu) {
        vrp_indiv **s = pop->sub[k];
        int i, worst = -1, worst_clone = 0;
        double worst_fit = -1.0;
        update_fitness(pop, k);
        for (i = 1; i < pop->nsub[k]; i++) {
            int clone = s[i]->n_prox > 0 && s[i]->prox[0].d < 1e-9;
            if ((clone && !worst_clone) || (clone == worst_clone && s[i]->fit > worst_fit)) {
                worst = i;
                worst_clone = clone;
                worst_fit = s[i]->fit;
            }
        }
        if (worst < 0)
            return;
        remove_at(pop, k, worst);
    }
}

int vrp__pop_add(vrp_pop *pop, const vrp_indiv *x, const vrp_pen *w)
{
    const vrp_inst *in = pop->in;
    int k = x->feasible ? 1 : 0, i, at, better = 0;
    vrp_indiv *y;
    (void)w;
    if (pop->nfree == 0) /* cannot happen: two full subpopulations fit */
        return 0;
    y = pop->freel[--pop->nfree];
    vrp__indiv_copy(in, y, x);
    y->n_prox = 0;
    for (i = 0; i < pop->nsub[k]; i++) {
        vrp_indiv *z = pop->sub[k][i];
        double d = vrp__indiv_distance(in, y, z);
        prox_insert(y, d, z);
        prox_insert(z, d, y);
    }
    at = pop->nsub[k];
    while (at > 0 && pop->sub[k][at - 1]->cost > y->cost) {
        pop->sub[k][at] = pop->sub[k][at - 1];
        at--;
    }
    pop->sub[k][at] = y;
    pop->nsub[k]++;
    if (pop->nsub[k] > pop->pp.mu + pop->pp.lambda)
        survivors(pop, k);
    if (x->feasible) {
        if (!pop->has_restart || x->cost < pop->best_restart.cost - VRP_EPS) {
            vrp__indiv_copy(in, &pop->best_restart, x);
            pop->has_restart = 1;
            better = 1;
        }
        if (!pop->has_all || x->cost < pop->best_all.cost - VRP_EPS) {
            vrp__indiv_copy(in, &pop->best_all, x);
            pop->has_all = 1;
        }
    } else if (!pop->has_inf || x->missed < pop->best_inf.missed ||
               (x->missed == pop->best_inf.missed && x->cost < pop->best_inf.cost)) {
        vrp__indiv_copy(in, &pop->best_inf, x);
        pop->has_inf = 1;
    }
    return better;
}

const vrp_indiv *vrp__pop_select(vrp_pop *pop, vrp_rng *rng)
{
    int total = pop->nsub[0] + pop->nsub[1], a, b;
    const vrp_indiv *x, *y;
    if (total == 0)
        return NULL;
    update_fitness(pop, 0);
    update_fitness(pop, 1);
    a = vrp__rng_below(rng, total);
    b = vrp__rng_below(rng, total);
    x = a < pop->nsub[1] ? pop->sub[1][a] : pop->sub[0][a - pop->nsub[1]];
    y = b < pop->nsub[1] ? pop->sub[1][b] : pop->sub[0][b - pop->nsub[1]];
    return y->fit < x->fit ? y : x;
}

void vrp__pop_reprice(vrp_pop *pop, const vrp_pen *w)
{
    vrp_indiv **s = pop->sub[0];
    int n = pop->nsub[0], i;
    for (i = 0; i < n; i++)
        s[i]->cost = vrp__indiv_penalised(s[i], w);
    for (i = 1; i < n; i++) {
        vrp_indiv *x = s[i];
        int j = i;
        while (j > 0 && s[j - 1]->cost > x->cost) {
            s[j] = s[j - 1];
            j--;
        }
        s[j] = x;
    }
}

void vrp__pop_restart(vrp_pop *pop)
{
    int k;
    for (k = 0; k < 2; k++)
        while (pop->nsub[k] > 0)
            remove_at(pop, k, pop->nsub[k] - 1);
    pop->has_restart = 0;
}

const vrp_indiv *vrp__pop_best(const vrp_pop *pop)
{
    if (pop->has_all)
        return &pop->best_all;
    if (pop->has_inf)
        return &pop->best_inf;
    return NULL;
}

int vrp__pop_size(const vrp_pop *pop, int feasible)
{
    return pop->nsub[feasible ? 1 : 0];
}
