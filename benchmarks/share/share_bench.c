/* Cost-sharing benchmark: how long terroir_share_compute() takes for 4, 6,
 * 8 and 10 members on one regional dataset, every coalition solved with a
 * per-coalition limit.  Public API only.
 *
 * The dataset's own membership is replaced by k members (the members it
 * lists, then m5, m6, ... added), assigned by a rule that gives every member
 * demand: hub h (with its vehicle types) to member h mod k, point j to
 * member j mod k, producer p to member p mod k (no member-less farm, whose
 * whole supply every coalition would get).  With k above the number of hubs some members own no hub:
 * they need the others' trucks, which is what pooling is about.
 *
 * Usage: share_bench MODEL.yaml OUT.md [K...]   (default K: 4 6 8 10)
 * Environment: ROUTE_ITERATIONS (default 20), COALITION_SECONDS (default 2),
 * THREADS (default 2), SEED (default 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <terroir/terroir.h>

static double env_number(const char *name, double fallback)
{
    const char *v = getenv(name);
    return v && *v ? atof(v) : fallback;
}

static int fail(const char *what)
{
    const terroir_error *e = terroir_error_last();
    fprintf(stderr, "share_bench: %s: %s\n", what, e && e->message ? e->message : "failed");
    return 1;
}

/* A clone of `base` with k members assigned by the rule above. */
static int regroup(const terroir_model *base, size_t k, terroir_model **out)
{
    terroir_model *m = NULL;
    if (terroir_model_clone(&m, base) != 0)
        return fail("clone");
    size_t have = terroir_model_count(m, TERROIR_ENTITY_MEMBER);
    for (size_t i = have; i < k; i++) {
        char id[32];
        snprintf(id, sizeof id, "m%zu", i + 1);
        terroir_member_spec s = TERROIR_MEMBER_SPEC_INIT;
        s.id = id;
        if (terroir_model_add_member(m, &s, NULL) != 0)
            goto bad;
    }
    if (have > k) {
        fprintf(stderr, "share_bench: the model lists %zu members, more than %zu\n", have, k);
        terroir_model_free(m);
        return 1;
    }
    size_t n_hubs = terroir_model_count(m, TERROIR_ENTITY_HUB);
    for (size_t h = 0; h < n_hubs; h++)
        if (terroir_model_set_member(m, TERROIR_ENTITY_HUB, h, h % k) != 0)
            goto bad;
    for (size_t v = 0; v < terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE); v++) {
        terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        if (terroir_model_get_vehicle_type(m, v, &s) != 0 ||
            terroir_model_set_member(m, TERROIR_ENTITY_VEHICLE_TYPE, v, s.home_hub % k) != 0)
            goto bad;
    }
    for (size_t j = 0; j < terroir_model_count(m, TERROIR_ENTITY_POINT); j++)
        if (terroir_model_set_member(m, TERROIR_ENTITY_POINT, j, j % k) != 0)
            goto bad;
    for (size_t p = 0; p < terroir_model_count(m, TERROIR_ENTITY_PRODUCER); p++)
        if (terroir_model_set_member(m, TERROIR_ENTITY_PRODUCER, p, p % k) != 0)
            goto bad;
    if (terroir_model_validate(m, NULL) != 0)
        goto bad;
    *out = m;
    return 0;
bad:
    terroir_model_free(m);
    return fail("regroup members");
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: share_bench MODEL.yaml OUT.md [K...]\n");
        return 2;
    }
    size_t ks[16] = {4, 6, 8, 10}, n_k = 4;
    if (argc > 3) {
        n_k = 0;
        for (int a = 3; a < argc && n_k < 16; a++)
            ks[n_k++] = (size_t)atoi(argv[a]);
    }
    terroir_share_options opts = TERROIR_SHARE_OPTIONS_INIT;
    opts.route_iterations = (unsigned long)env_number("ROUTE_ITERATIONS", 20);
    opts.coalition_seconds = env_number("COALITION_SECONDS", 2);
    opts.threads = (unsigned int)env_number("THREADS", 2);
    opts.seed = (unsigned long)env_number("SEED", 1);

    terroir_model *base = NULL;
    if (terroir_model_load_yaml_file(&base, argv[1], NULL, NULL) != 0)
        return fail(argv[1]);
    FILE *out = fopen(argv[2], "w");
    if (!out) {
        terroir_model_free(base);
        perror(argv[2]);
        return 1;
    }
    time_t now = time(NULL);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(out, "# Cost-sharing benchmark, %s\n\n", stamp);
    fprintf(out, "terroir %s; model %s (%zu producers, %zu hubs, %zu points, %zu vehicle "
                 "types); per coalition: seed %lu, %lu routing iterations without improvement, "
                 "time limit %g s; %u threads.  Members regrouped by rule "
                 "(benchmarks/share/share_bench.c): hub h and its trucks to member h mod k, "
                 "point j to member j mod k, producer p to member p mod k.\n\n",
            terroir_version(), argv[1], terroir_model_count(base, TERROIR_ENTITY_PRODUCER),
            terroir_model_count(base, TERROIR_ENTITY_HUB),
            terroir_model_count(base, TERROIR_ENTITY_POINT),
            terroir_model_count(base, TERROIR_ENTITY_VEHICLE_TYPE), opts.seed,
            opts.route_iterations, opts.coalition_seconds, opts.threads ? opts.threads : 2);
    fprintf(out, "| members | coalitions | wall s | mean s per coalition | grand coalition | "
                 "members alone | saving %% | core | least-core eps | artefacts | "
                 "members saving under nucleolus |\n");
    fprintf(out, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |\n");
    int status = 0;
    for (size_t t = 0; t < n_k; t++) {
        terroir_model *m = NULL;
        terroir_share *sh = NULL;
        if (regroup(base, ks[t], &m) != 0) {
            status = 1;
            break;
        }
        if (terroir_share_compute(&sh, m, &opts) != 0) {
            status = fail("terroir_share_compute");
            terroir_model_free(m);
            break;
        }
        terroir_share_summary s;
        memset(&s, 0, sizeof s);
        s.version = TERROIR_SHARE_SUMMARY_VERSION;
        terroir_share_get_summary(sh, &s);
        double solve_sum = 0;
        for (size_t c = 0; c < terroir_share_coalition_count(sh); c++) {
            terroir_share_coalition co;
            memset(&co, 0, sizeof co);
            co.version = TERROIR_SHARE_COALITION_VERSION;
            terroir_share_get_coalition(sh, c, &co);
            solve_sum += co.seconds;
        }
        size_t saving = 0;
        for (size_t i = 0; i < s.n_members; i++) {
            terroir_share_member mb;
            memset(&mb, 0, sizeof mb);
            mb.version = TERROIR_SHARE_MEMBER_VERSION;
            terroir_share_get_member(sh, i, &mb);
            if (mb.standalone_cost - mb.nucleolus > 1e-6 * (1 + fabs(s.grand_coalition_cost)))
                saving++;
        }
        fprintf(out, "| %zu | %zu | %.1f | %.2f | %.2f | %.2f | %.1f | %s | %.2f | %zu | %zu of %zu |\n",
                s.n_members, s.n_coalitions, s.seconds,
                s.n_coalitions ? solve_sum / (double)s.n_coalitions : 0.0,
                s.grand_coalition_cost, s.standalone_total,
                100.0 * (s.standalone_total - s.grand_coalition_cost) / s.standalone_total,
                s.core_empty == 1 ? "empty" : "not empty", s.least_core_epsilon, s.n_artefacts,
                saving, s.n_members);
        fflush(out);
        printf("%zu members: %zu coalitions in %.1f s\n", s.n_members, s.n_coalitions, s.seconds);
        fflush(stdout);
        terroir_share_free(sh);
        terroir_model_free(m);
    }
    fclose(out);
    terroir_model_free(base);
    return status;
}
