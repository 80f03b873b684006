/* The cost-sharing entry points (share.h): options, the computation on a
 * model (coalitions to solve, exact or sampled), the computation on a game
 * given directly, and the result's accessors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "lp/lp.h"
#include "model/model_internal.h"
#include "share/share_internal.h"

/* Threads solving coalitions when the options say 0. */
#define SHARE_DEFAULT_THREADS 2
#define SHARE_MAX_THREADS 64
#define SHARE_MAX_SAMPLES 100000

static const char *const method_names[] = {"shapley", "nucleolus", "epm"};

const char *terroir_share_method_to_string(terroir_share_method method)
{
    if ((unsigned)method >= TERROIR_SHARE_METHOD_COUNT)
        return "unknown";
    return method_names[method];
}

int terroir_share_options_init(terroir_share_options *opts, unsigned int version)
{
    core__error_reset();
    if (!opts)
        return core__error(TERROIR_EINVAL, "terroir_share_options_init: NULL structure");
    if (version == 0 || version > TERROIR_SHARE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL,
                           "terroir_share_options_init: unknown version %u (this library knows "
                           "up to %u)",
                           version, (unsigned)TERROIR_SHARE_OPTIONS_VERSION);
    terroir_share_options defaults = TERROIR_SHARE_OPTIONS_INIT;
    *opts = defaults;
    opts->version = version;
    return 0;
}

static int check_options(const terroir_share_options *o)
{
    if (o->version == 0 || o->version > TERROIR_SHARE_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "share options: unknown version %u", o->version);
    if (o->methods == 0 || o->methods >= (1u << TERROIR_SHARE_METHOD_COUNT))
        return core__error(TERROIR_EINVAL, "share options: methods must be a non-empty set of "
                                           "methods (bits 0-2), got %#x",
                           o->methods);
    if (!isfinite(o->time_limit_seconds) || o->time_limit_seconds < 0)
        return core__error(TERROIR_EINVAL, "share options: bad time limit %g",
                           o->time_limit_seconds);
    if (!isfinite(o->coalition_seconds) || o->coalition_seconds < 0)
        return core__error(TERROIR_EINVAL, "share options: bad coalition time limit %g",
                           o->coalition_seconds);
    if (o->threads > SHARE_MAX_THREADS)
        return core__error(TERROIR_EINVAL, "share options: at most %d threads, got %u",
                           SHARE_MAX_THREADS, o->threads);
    if (o->samples > SHARE_MAX_SAMPLES)
        return core__error(TERROIR_EINVAL, "share options: at most %d samples, got %zu",
                           SHARE_MAX_SAMPLES, o->samples);
    return 0;
}

void terroir_share_free(terroir_share *sh)
{
    if (!sh)
        return;
    for (size_t i = 0; sh->ids && i < sh->n; i++)
        free(sh->ids[i]);
    for (size_t i = 0; sh->names && i < sh->n; i++)
        free(sh->names[i]);
    free(sh->ids);
    free(sh->names);
    free(sh->coal);
    free(sh->standalone);
    free(sh->shapley_half_width);
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
        free(sh->alloc[k]);
        free(sh->blocking[k]);
    }
    free(sh);
}

/* A result for n players with ids and names copied (names may be NULL). */
static int share_new(terroir_share **out, size_t n, const char *const *ids,
                     const char *const *names)
{
    terroir_share *sh = core__calloc(1, sizeof *sh);
    if (!sh)
        return core__error(TERROIR_ENOMEM, "out of memory");
    sh->n = n;
    sh->ids = core__calloc(n, sizeof *sh->ids);
    sh->names = core__calloc(n, sizeof *sh->names);
    sh->standalone = core__calloc(n, sizeof *sh->standalone);
    if (!sh->ids || !sh->names || !sh->standalone)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        char number[32];
        snprintf(number, sizeof number, "%zu", i + 1);
        const char *id = ids && ids[i] ? ids[i] : number;
        sh->ids[i] = core__strdup(id);
        sh->names[i] = core__strdup(names && names[i] ? names[i] : id);
        if (!sh->ids[i] || !sh->names[i])
            goto nomem;
    }
    sh->least_core = NAN;
    sh->core_empty = -1;
    *out = sh;
    return 0;
nomem:
    terroir_share_free(sh);
    return core__error(TERROIR_ENOMEM, "out of memory");
}

int terroir_share_game(terroir_share **out, size_t n, const double *costs,
                       const char *const *ids, const terroir_share_options *opts)
{
    core__error_reset();
    terroir_share_options defaults = TERROIR_SHARE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!out || !costs)
        return core__error(TERROIR_EINVAL, "terroir_share_game: NULL argument");
    if (n < 2 || n > TERROIR_SHARE_EXACT_MAX)
        return core__error(TERROIR_EINVAL, "terroir_share_game: %zu players; 2 to %d are handled",
                           n, TERROIR_SHARE_EXACT_MAX);
    int rc = check_options(opts);
    if (rc)
        return rc;
    size_t n_coal = ((size_t)1 << n) - 1;
    for (size_t k = 0; k < n_coal; k++)
        if (!isfinite(costs[k]))
            return core__error(TERROIR_EINVAL, "terroir_share_game: cost of coalition %zu is not "
                                               "a finite number",
                               k + 1);
    terroir_share *sh = NULL;
    if ((rc = share_new(&sh, n, ids, NULL)) != 0)
        return rc;
    double t0 = core__now();
    sh->exact = 1;
    sh->n_coal = n_coal;
    if (!(sh->coal = core__calloc(n_coal, sizeof *sh->coal))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t k = 0; k < n_coal; k++) {
        sh->coal[k].members = (uint64_t)(k + 1);
        sh->coal[k].cost = sh->coal[k].operating = sh->coal[k].cold_cost = costs[k];
        sh->coal[k].warm_cost = NAN;
        sh->coal[k].status = TERROIR_STATUS_OPTIMAL;
    }
    if ((rc = share__analyse_exact(sh, opts->methods)) != 0)
        goto fail;
    sh->seconds = core__now() - t0;
    lp__thread_cleanup();
    *out = sh;
    return 0;
fail:
    lp__thread_cleanup();
    terroir_share_free(sh);
    return rc;
}

/* ---- on a model */

static int by_members(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return a < b ? -1 : a > b;
}

/* Cost of a coalition of a sampled result (binary search; the orders'
 * prefixes were all solved). */
static double sampled_cost(uint64_t members, void *data)
{
    const terroir_share *sh = data;
    size_t lo = 0, hi = sh->n_coal;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sh->coal[mid].members < members)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sh->n_coal && sh->coal[lo].members == members ? sh->coal[lo].cost : NAN;
}

/* The coalitions a sampled Shapley value needs: every prefix of every
 * order, plus the singletons (stand-alone costs); sorted, distinct. */
static int sampled_masks(size_t n, size_t samples, const uint8_t *orders, uint64_t **out,
                         size_t *count)
{
    size_t cap = samples * n + n;
    uint64_t *masks = core__calloc(cap, sizeof *masks);
    if (!masks)
        return core__error(TERROIR_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        masks[k++] = (uint64_t)1 << i;
    for (size_t s = 0; s < samples; s++) {
        uint64_t S = 0;
        for (size_t p = 0; p < n; p++) {
            S |= (uint64_t)1 << orders[s * n + p];
            masks[k++] = S;
        }
    }
    qsort(masks, k, sizeof *masks, by_members);
    size_t w = 0;
    for (size_t r = 0; r < k; r++)
        if (w == 0 || masks[r] != masks[w - 1])
            masks[w++] = masks[r];
    *out = masks;
    *count = w;
    return 0;
}

int terroir_share_compute(terroir_share **out, const terroir_model *model,
                          const terroir_share_options *opts)
{
    core__error_reset();
    terroir_share_options defaults = TERROIR_SHARE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!out || !model)
        return core__error(TERROIR_EINVAL, "terroir_share_compute: NULL argument");
    if (!model->validated)
        return core__error(TERROIR_EINVAL, "terroir_share_compute: the model is not validated");
    int rc = check_options(opts);
    if (rc)
        return rc;
    size_t n = model->n_members;
    if (n < 2)
        return core__error(TERROIR_EINPUT,
                           "the model has %zu member%s: cost sharing needs at least 2 (list them "
                           "under 'members' and give sites a 'member')",
                           n, n == 1 ? "" : "s");
    if (n > TERROIR_SHARE_MAX_MEMBERS)
        return core__error(TERROIR_EINPUT, "the model has %zu members; at most %d are handled", n,
                           TERROIR_SHARE_MAX_MEMBERS);
    if ((rc = share__points_have_members(model)) != 0)
        return rc;
    double t0 = core__now();
    const char **ids = core__calloc(n, sizeof *ids), **names = core__calloc(n, sizeof *names);
    terroir_share *sh = NULL;
    uint8_t *orders = NULL;
    uint64_t *masks = NULL;
    if (!ids || !names) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        ids[i] = model->members[i].id;
        names[i] = model->members[i].name ? model->members[i].name : model->members[i].id;
    }
    if ((rc = share_new(&sh, n, ids, names)) != 0)
        goto fail;
    uint64_t full = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
    sh->exact = n <= TERROIR_SHARE_EXACT_MAX;
    size_t n_coal = 0;
    if (sh->exact) {
        n_coal = (size_t)full;
        if (!(masks = core__calloc(n_coal, sizeof *masks))) {
            rc = core__error(TERROIR_ENOMEM, "out of memory");
            goto fail;
        }
        for (size_t k = 0; k < n_coal; k++)
            masks[k] = (uint64_t)(k + 1);
    } else {
        sh->samples = opts->samples ? opts->samples : 1;
        if (!(orders = core__calloc(sh->samples * n, 1))) {
            rc = core__error(TERROIR_ENOMEM, "out of memory");
            goto fail;
        }
        share__shapley_orders(n, sh->samples, opts->seed, orders);
        if ((rc = sampled_masks(n, sh->samples, orders, &masks, &n_coal)) != 0)
            goto fail;
    }
    if (!(sh->coal = core__calloc(n_coal, sizeof *sh->coal))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto fail;
    }
    sh->n_coal = n_coal;
    for (size_t k = 0; k < n_coal; k++)
        sh->coal[k].members = masks[k];
    unsigned int threads = opts->threads ? opts->threads : SHARE_DEFAULT_THREADS;
    double per = opts->coalition_seconds;
    if (opts->time_limit_seconds > 0) {
        /* every coalition but the grand one may solve twice (warm start) */
        double split = opts->time_limit_seconds * (double)threads / (double)(2 * n_coal - 1);
        if (per <= 0 || split < per)
            per = split;
    }
    sh->seed = opts->seed;
    sh->route_iterations = opts->route_iterations;
    sh->coalition_seconds = per;
    if ((rc = share__solve_coalitions(model, sh->coal, n_coal, full, opts, per, threads, 1)) != 0)
        goto fail;
    for (size_t k = 0; k < n_coal; k++)
        sh->n_warm += sh->coal[k].warm_started != 0;
    if (sh->exact) {
        if ((rc = share__analyse_exact(sh, opts->methods)) != 0)
            goto fail;
    } else {
        for (size_t i = 0; i < n; i++)
            sh->standalone[i] = sampled_cost((uint64_t)1 << i, sh);
        sh->grand = sampled_cost(full, sh);
        if (opts->methods & (1u << TERROIR_SHARE_SHAPLEY)) {
            sh->alloc[TERROIR_SHARE_SHAPLEY] = core__calloc(n, sizeof(double));
            sh->shapley_half_width = core__calloc(n, sizeof(double));
            if (!sh->alloc[TERROIR_SHARE_SHAPLEY] || !sh->shapley_half_width) {
                rc = core__error(TERROIR_ENOMEM, "out of memory");
                goto fail;
            }
            if ((rc = share__shapley_sampled(n, sh->samples, orders, sampled_cost, sh,
                                             sh->alloc[TERROIR_SHARE_SHAPLEY],
                                             sh->shapley_half_width)) != 0)
                goto fail;
        }
    }
    sh->seconds = core__now() - t0;
    lp__thread_cleanup();
    *out = sh;
    sh = NULL;
fail:
    lp__thread_cleanup();
    terroir_share_free(sh);
    free(ids);
    free(names);
    free(orders);
    free(masks);
    return rc;
}

/* ---- accessors */

int terroir_share_get_summary(const terroir_share *sh, terroir_share_summary *out)
{
    core__error_reset();
    if (!sh || !out)
        return core__error(TERROIR_EINVAL, "terroir_share_get_summary: NULL argument");
    if (out->version == 0 || out->version > TERROIR_SHARE_SUMMARY_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_share_get_summary: unknown version %u",
                           out->version);
    out->n_members = sh->n;
    out->grand_coalition_cost = sh->grand;
    out->standalone_total = 0.0;
    for (size_t i = 0; i < sh->n; i++)
        out->standalone_total += sh->standalone[i];
    out->exact = sh->exact;
    out->core_empty = sh->core_empty;
    out->least_core_epsilon = sh->least_core;
    out->n_coalitions = sh->n_coal;
    out->n_artefacts = sh->n_artefacts;
    out->samples = sh->samples;
    out->seconds = sh->seconds;
    if (out->version >= 2)
        out->n_warm_started = sh->n_warm;
    return 0;
}

size_t terroir_share_member_count(const terroir_share *sh)
{
    core__error_reset();
    return sh ? sh->n : 0;
}

int terroir_share_get_member(const terroir_share *sh, size_t i, terroir_share_member *out)
{
    core__error_reset();
    if (!sh || !out)
        return core__error(TERROIR_EINVAL, "terroir_share_get_member: NULL argument");
    if (out->version == 0 || out->version > TERROIR_SHARE_MEMBER_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_share_get_member: unknown version %u",
                           out->version);
    if (i >= sh->n)
        return core__error(TERROIR_ENOTFOUND, "no member %zu (there are %zu)", i, sh->n);
    out->id = sh->ids[i];
    out->name = sh->names[i];
    out->standalone_cost = sh->standalone[i];
    out->shapley = sh->alloc[TERROIR_SHARE_SHAPLEY] ? sh->alloc[TERROIR_SHARE_SHAPLEY][i] : NAN;
    out->shapley_half_width = sh->shapley_half_width ? sh->shapley_half_width[i] : 0.0;
    out->nucleolus =
        sh->alloc[TERROIR_SHARE_NUCLEOLUS] ? sh->alloc[TERROIR_SHARE_NUCLEOLUS][i] : NAN;
    out->epm = sh->alloc[TERROIR_SHARE_EPM] ? sh->alloc[TERROIR_SHARE_EPM][i] : NAN;
    return 0;
}

size_t terroir_share_coalition_count(const terroir_share *sh)
{
    core__error_reset();
    return sh ? sh->n_coal : 0;
}

int terroir_share_get_coalition(const terroir_share *sh, size_t k, terroir_share_coalition *out)
{
    core__error_reset();
    if (!sh || !out)
        return core__error(TERROIR_EINVAL, "terroir_share_get_coalition: NULL argument");
    if (out->version == 0 || out->version > TERROIR_SHARE_COALITION_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_share_get_coalition: unknown version %u",
                           out->version);
    if (k >= sh->n_coal)
        return core__error(TERROIR_ENOTFOUND, "no coalition %zu (there are %zu)", k, sh->n_coal);
    const share_coal *c = &sh->coal[k];
    out->members = (unsigned long long)c->members;
    out->cost = c->cost;
    out->operating_cost = c->operating;
    out->unserved_penalty = c->penalty;
    out->status = c->status;
    out->seconds = c->seconds;
    out->artefact = c->artefact;
    out->partition = (unsigned long long)c->partition;
    out->partition_cost = c->artefact ? c->partition_cost : NAN;
    if (out->version >= 2) {
        out->warm_started = c->warm_started;
        out->cold_cost = c->cold_cost;
        out->warm_cost = c->warm_cost;
    }
    return 0;
}

size_t terroir_share_blocking_count(const terroir_share *sh, terroir_share_method method)
{
    core__error_reset();
    if (!sh || (unsigned)method >= TERROIR_SHARE_METHOD_COUNT)
        return 0;
    return sh->n_blocking[method];
}

int terroir_share_get_blocking(const terroir_share *sh, terroir_share_method method, size_t k,
                               unsigned long long *out_members, double *out_excess)
{
    core__error_reset();
    if (!sh || (unsigned)method >= TERROIR_SHARE_METHOD_COUNT)
        return core__error(TERROIR_EINVAL, "terroir_share_get_blocking: bad argument");
    if (k >= sh->n_blocking[method])
        return core__error(TERROIR_ENOTFOUND, "no blocking coalition %zu (there are %zu)", k,
                           sh->n_blocking[method]);
    if (out_members)
        *out_members = (unsigned long long)sh->blocking[method][k].members;
    if (out_excess)
        *out_excess = sh->blocking[method][k].excess;
    return 0;
}
