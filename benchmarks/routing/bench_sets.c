/* The benchmark sets of the routing runner and their instances: where the
 * files are (../shared/benchmarks/<folder>, see its README.md), which
 * importer reads them, which cost convention their best-known values use,
 * and the instance list of each folder's bks.tsv (columns instance,
 * best_known_value, optimal_proven, ...), filtered by name patterns and by
 * size ("the N smallest"). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static const bench_set sets[] = {
    {BENCH_X, "x", "cvrplib-x", ".vrp", TERROIR_FORMAT_VRPLIB,
     "CVRPLIB: integer distances nint(euclid), unlimited fleet", 0},
    {BENCH_ABP, "abp", "cvrplib-a-b-p", ".vrp", TERROIR_FORMAT_VRPLIB,
     "CVRPLIB: integer distances nint(euclid); fleet = the k of the name (the optima are for "
     "k vehicles)",
     1},
    {BENCH_SOLOMON, "solomon", "solomon", ".txt", TERROIR_FORMAT_SOLOMON,
     "distance only, distances truncated to one decimal, at most 25 vehicles", 0},
    {BENCH_CORDEAU, "cordeau", "mdvrp-cordeau", "", TERROIR_FORMAT_CORDEAU,
     "double-precision Euclidean distances, m vehicles per depot, duration = travel + "
     "service <= D",
     0},
};

const bench_set *bench_set_find(const char *name)
{
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (strcmp(sets[i].name, name) == 0)
            return &sets[i];
    return NULL;
}

/* 1 when `name` matches one of the comma-separated names or patterns of
 * `only` (NULL matches everything). */
static int selected(const char *name, const char *only)
{
    if (!only)
        return 1;
    const char *p = only;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char pattern[128];
        if (len > 0 && len < sizeof pattern) {
            memcpy(pattern, p, len);
            pattern[len] = '\0';
            if (fnmatch(pattern, name, 0) == 0)
                return 1;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

static int by_size(const void *a, const void *b)
{
    const bench_instance *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Count the customers of an instance by importing it. */
static int count_customers(const bench_set *set, bench_instance *inst)
{
    terroir_model *m = NULL;
    if (terroir_model_import_file(&m, set->format, inst->path, NULL) != 0) {
        const terroir_error *e = terroir_error_last();
        fprintf(stderr, "routing_bench: %s: %s\n", inst->path, e ? e->message : "import failed");
        return -1;
    }
    inst->n = terroir_model_count(m, TERROIR_ENTITY_POINT);
    terroir_model_free(m);
    return 0;
}

size_t bench_instances(const bench_set *set, const char *data_root, const char *only,
                       size_t smallest, bench_instance **out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/bks.tsv", data_root, set->folder);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "routing_bench: cannot open %s\n", path);
        return (size_t)-1;
    }
    bench_instance *list = NULL;
    size_t n = 0, cap = 0;
    char line[4096];
    int header = 1;
    while (fgets(line, sizeof line, f)) {
        if (header) {
            header = 0;
            continue;
        }
        char *name = strtok(line, "\t\r\n");
        char *bks = strtok(NULL, "\t\r\n");
        char *optimal = strtok(NULL, "\t\r\n");
        if (!name || !bks || !selected(name, only))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            bench_instance *grown = realloc(list, cap * sizeof *list);
            if (!grown) {
                fprintf(stderr, "routing_bench: out of memory\n");
                goto fail;
            }
            list = grown;
        }
        bench_instance *inst = &list[n];
        memset(inst, 0, sizeof *inst);
        snprintf(inst->name, sizeof inst->name, "%s", name);
        snprintf(inst->path, sizeof inst->path, "%s/%s/%s%s", data_root, set->folder, name,
                 set->extension);
        char *end;
        inst->bks = strtod(bks, &end);
        if (end == bks) {
            fprintf(stderr, "routing_bench: %s: bad best-known value '%s' for %s\n", path, bks,
                    name);
            goto fail;
        }
        const char *dot = strchr(bks, '.');
        inst->bks_half_ulp = 0.5;
        for (const char *d = dot ? dot + 1 : end; d < end; d++)
            inst->bks_half_ulp /= 10;
        inst->bks_optimal = optimal && strcmp(optimal, "yes") == 0;
        n++;
    }
    fclose(f);
    f = NULL;
    if (smallest > 0) {
        for (size_t i = 0; i < n; i++)
            if (count_customers(set, &list[i]) != 0)
                goto fail;
        qsort(list, n, sizeof *list, by_size);
        if (n > smallest)
            n = smallest;
    }
    *out = list;
    return n;
fail:
    if (f)
        fclose(f);
    free(list);
    return (size_t)-1;
}
