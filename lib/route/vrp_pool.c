/* The pool of good routes met during the search, for the set-partitioning
 * polish (vrp_polish.c): every route of every feasible local-search output,
 * made unique by (vehicle type, sequence of stops) in a hash table, each
 * scored by the cost of the best solution it appeared in.  When the pool is
 * full, the half with the worst scores is dropped (amortised O(log n) per
 * route).  The pool is best effort: a route that cannot be stored for lack
 * of memory is skipped. */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp_internal.h"

typedef struct pool_entry {
    uint64_t h;
    int type, len;
    int *stops;
    double score;
} pool_entry;

struct vrp_pool {
    const vrp_inst *in;
    pool_entry *e;
    size_t n, cap;
    size_t *table; /* entry index + 1, 0 = empty; size mask + 1 */
    size_t mask;
};

static uint64_t route_hash(int type, const int *stops, int len)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)(unsigned)type;
    int k;
    for (k = 0; k < len; k++) {
        h ^= (uint64_t)(unsigned)stops[k] + 0x9e3779b97f4a7c15ULL;
        h *= 1099511628211ULL;
        h ^= h >> 29;
    }
    return h;
}

vrp_pool *vrp__pool_new(const vrp_inst *in, size_t capacity)
{
    vrp_pool *pl = core__calloc(1, sizeof *pl);
    size_t t = 16;
    if (!pl)
        return NULL;
    while (t < 4 * capacity)
        t <<= 1;
    pl->in = in;
    pl->cap = capacity;
    pl->e = core__calloc(capacity + 1, sizeof *pl->e);
    pl->table = core__calloc(t, sizeof *pl->table);
    pl->mask = t - 1;
    if (!pl->e || !pl->table) {
        vrp__pool_free(pl);
        return NULL;
    }
    return pl;
}

void vrp__pool_free(vrp_pool *pl)
{
    size_t i;
    if (!pl)
        return;
    if (pl->e)
        for (i = 0; i < pl->n; i++)
            free(pl->e[i].stops);
    free(pl->e);
    free(pl->table);
    free(pl);
}

static void table_rebuild(vrp_pool *pl)
{
    size_t i;
    memset(pl->table, 0, (pl->mask + 1) * sizeof *pl->table);
    for (i = 0; i < pl->n; i++) {
        size_t at = (size_t)pl->e[i].h & pl->mask;
        while (pl->table[at])
            at = (at + 1) & pl->mask;
        pl->table[at] = i + 1;
    }
}

static int score_cmp(const void *a, const void *b)
{
    const pool_entry *x = a, *y = b;
    return x->score < y->score ? -1 : x->score > y->score;
}

/* Keep the better half. */
static void shrink(vrp_pool *pl)
{
    size_t keep = pl->n / 2, i;
    qsort(pl->e, pl->n, sizeof *pl->e, score_cmp);
    for (i = keep; i < pl->n; i++)
        free(pl->e[i].stops);
    pl->n = keep;
    table_rebuild(pl);
}

static void add_route(vrp_pool *pl, int type, const int *stops, int len, double score)
{
    uint64_t h = route_hash(type, stops, len);
    size_t at = (size_t)h & pl->mask;
    pool_entry *e;
    while (pl->table[at]) {
        e = &pl->e[pl->table[at] - 1];
        if (e->h == h && e->type == type && e->len == len &&
            memcmp(e->stops, stops, (size_t)len * sizeof *stops) == 0) {
            if (score < e->score)
                e->score = score;
            return;
        }
        at = (at + 1) & pl->mask;
    }
    if (pl->n >= pl->cap) {
        shrink(pl);
        at = (size_t)h & pl->mask;
        while (pl->table[at])
            at = (at + 1) & pl->mask;
    }
    e = &pl->e[pl->n];
    e->stops = core__calloc((size_t)len, sizeof *e->stops);
    if (!e->stops)
        return;
    memcpy(e->stops, stops, (size_t)len * sizeof *stops);
    e->h = h;
    e->type = type;
    e->len = len;
    e->score = score;
    pl->table[at] = ++pl->n;
}

void vrp__pool_add(vrp_pool *pl, const vrp_indiv *x)
{
    const vrp_inst *in = pl->in;
    int s;
    if (!x->feasible)
        return;
    for (s = 0; s < in->n_slots; s++) {
        int b = x->rstart[s], len = x->rstart[s + 1] - b;
        if (len > 0)
            add_route(pl, in->slot_type[s], x->rnodes + b, len, x->objective);
    }
}

int vrp__pool_export(const vrp_pool *pl, const vrp_problem *p, vrp_route **out, size_t *n)
{
    vrp_route *r = core__calloc(pl->n + 1, sizeof *r);
    size_t i;
    int k;
    *out = NULL;
    *n = 0;
    if (!r)
        return TERROIR_ENOMEM;
    for (i = 0; i < pl->n; i++) {
        const pool_entry *e = &pl->e[i];
        r[i].type = (size_t)e->type;
        r[i].n_stops = (size_t)e->len;
        r[i].stops = core__calloc((size_t)e->len, sizeof *r[i].stops);
        if (!r[i].stops) {
            size_t j;
            for (j = 0; j < i; j++)
                free(r[j].stops);
            free(r);
            return TERROIR_ENOMEM;
        }
        for (k = 0; k < e->len; k++)
            r[i].stops[k] = (size_t)e->stops[k];
        (void)vrp__evaluate(p, &r[i], NULL, NULL, 0);
    }
    *out = r;
    *n = pl->n;
    return 0;
}
