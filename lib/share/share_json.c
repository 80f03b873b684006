/* The cost-sharing result as JSON (share.h): members with their
 * stand-alone cost and share under each method, the grand coalition, the
 * core check, every coalition solved, and the definition of a coalition's
 * cost, so that a reader of the file knows what the figures count. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/core.h"
#include "plan/emit.h"
#include "share/share_internal.h"

static const char COST_DEFINITION[] =
    "c(S) = objective of the plan of the sub-model of coalition S (members outside S absent "
    "with their producers, hubs, points and vehicle types; entities without a member shared "
    "by all): operating cost (hub fixed costs, handling, transport, vehicle fixed costs, "
    "priced CO2) + penalty per kg of S's demand left unserved; the cheaper of a cold solve and, "
    "when a superset S + {j} was solved, a solve with S's candidate hubs open or closed as the "
    "cheapest such superset's plan has them (warm: true when that one was cheaper)";

static void members_array(emitter *e, const terroir_share *sh, const char *key, uint64_t S)
{
    emit__begin_array(e, key);
    for (size_t i = 0; i < sh->n; i++)
        if ((S >> i) & 1u)
            emit__string(e, NULL, sh->ids[i]);
    emit__end_array(e);
}

static char *share_text(const terroir_share *sh, size_t *len)
{
    core_locale loc;
    core__locale_c_begin(&loc);
    emitter e;
    emit__init(&e, 1);
    emit__begin_object(&e, NULL);
    emit__string(&e, "coalition_cost", COST_DEFINITION);
    emit__bool(&e, "exact", sh->exact);
    emit__number(&e, "seed", (double)sh->seed);
    emit__number(&e, "route_iterations", (double)sh->route_iterations);
    emit__number(&e, "coalition_seconds", sh->coalition_seconds);
    emit__number(&e, "samples", (double)sh->samples);
    emit__number(&e, "grand_coalition_cost", sh->grand);
    if (sh->core_empty < 0)
        emit__string(&e, "core_empty", NULL);
    else
        emit__bool(&e, "core_empty", sh->core_empty);
    emit__number(&e, "least_core_epsilon", sh->least_core);
    emit__number(&e, "seconds", sh->seconds);
    emit__begin_array(&e, "members");
    for (size_t i = 0; i < sh->n; i++) {
        emit__begin_object(&e, NULL);
        emit__string(&e, "id", sh->ids[i]);
        emit__string(&e, "name", sh->names[i]);
        emit__number(&e, "standalone_cost", sh->standalone[i]);
        for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++)
            emit__number(&e, terroir_share_method_to_string((terroir_share_method)k),
                         sh->alloc[k] ? sh->alloc[k][i] : NAN);
        if (sh->shapley_half_width)
            emit__number(&e, "shapley_half_width_95", sh->shapley_half_width[i]);
        emit__end_object(&e);
    }
    emit__end_array(&e);
    emit__begin_object(&e, "blocking");
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
        if (!sh->alloc[k] || !sh->exact)
            continue;
        emit__begin_array(&e, terroir_share_method_to_string((terroir_share_method)k));
        for (size_t b = 0; b < sh->n_blocking[k]; b++) {
            emit__begin_object(&e, NULL);
            members_array(&e, sh, "members", sh->blocking[k][b].members);
            emit__number(&e, "excess", sh->blocking[k][b].excess);
            emit__end_object(&e);
        }
        emit__end_array(&e);
    }
    emit__end_object(&e);
    emit__number(&e, "artefacts", (double)sh->n_artefacts);
    emit__number(&e, "warm_started", (double)sh->n_warm);
    emit__begin_array(&e, "coalitions");
    for (size_t k = 0; k < sh->n_coal; k++) {
        const share_coal *c = &sh->coal[k];
        emit__begin_object(&e, NULL);
        members_array(&e, sh, "members", c->members);
        emit__number(&e, "cost", c->cost);
        emit__number(&e, "operating_cost", c->operating);
        emit__number(&e, "unserved_penalty", c->penalty);
        emit__string(&e, "status", terroir_status_to_string(c->status));
        emit__number(&e, "seconds", c->seconds);
        /* warm: the cost is the solve with the superset's hub choice */
        emit__bool(&e, "warm", c->warm_started);
        emit__number(&e, "cold_cost", c->cold_cost);
        if (!isnan(c->warm_cost))
            emit__number(&e, "warm_cost", c->warm_cost);
        if (c->artefact) {
            emit__begin_object(&e, "artefact");
            members_array(&e, sh, "part", c->partition);
            members_array(&e, sh, "rest", c->members & ~c->partition);
            emit__number(&e, "partition_cost", c->partition_cost);
            emit__end_object(&e);
        }
        emit__end_object(&e);
    }
    emit__end_array(&e);
    emit__end_object(&e);
    char *text = emit__finish(&e, len);
    core__locale_c_end(&loc);
    return text;
}

int terroir_share_write_json_buffer(char **out, size_t *out_len, const terroir_share *sh)
{
    core__error_reset();
    if (!out || !sh)
        return core__error(TERROIR_EINVAL, "terroir_share_write_json_buffer: NULL argument");
    size_t len = 0;
    char *text = share_text(sh, &len);
    if (!text)
        return core__error(TERROIR_ENOMEM, "out of memory writing cost shares");
    *out = text;
    if (out_len)
        *out_len = len;
    return 0;
}

int terroir_share_write_json_file(const terroir_share *sh, const char *path)
{
    core__error_reset();
    if (!sh || !path)
        return core__error(TERROIR_EINVAL, "terroir_share_write_json_file: NULL argument");
    size_t len = 0;
    char *text = share_text(sh, &len);
    if (!text)
        return core__error(TERROIR_ENOMEM, "out of memory writing cost shares");
    int rc = core__write_file(path, text, len);
    free(text);
    return rc;
}
