/* Benchmark runner for the routing stage on the public VRP sets: CVRPLIB X
 * (Uchoa et al. 2017), Augerat A/B/P (1995), Solomon VRPTW (1987) and
 * Cordeau's multi-depot VRP (1997), stored in ../shared/benchmarks (each
 * folder's README.md gives the format and the cost convention of its
 * best-known values, bks.tsv).
 *
 * For each instance: import it through the public API, solve it with the
 * routing stage only and a time limit (bench_solve.c), re-check every route
 * (bench_check.c: the runner's own evaluation and the library's public
 * route checker must both find the routes feasible and agree on the cost),
 * and print a row: instance, customers, our cost under the set's
 * convention, best-known value, gap, seconds, routes, feasible.  Summary
 * rows per set follow (instances, feasible, mean gap, worst gap).  The
 * conventions live in the importers: nint distances for CVRPLIB, distances
 * truncated to one decimal for Solomon (distance-only objective), double
 * precision for Cordeau; every vehicle costs 1 per distance unit, so the
 * cost is the total distance.
 *
 * Usage: routing_bench --set x|abp|solomon|cordeau [--data ROOT] [--time S]
 *                      [--only NAME[,NAME...]] [--smallest N] [--seed S]
 *                      [--iterations N] [--no-polish] [--fleet k|file|N]
 *                      [--tsv FILE] [--published]
 * --only takes names or fnmatch() patterns ('p0*,p10').  --published
 * re-checks the published solutions (<instance>.sol: X, Solomon) instead of
 * solving, to show that the re-check accepts them at their published cost.
 * --fleet sets the vehicles per type: k (the "-k<k>" of the name, the
 * default of set abp, whose optima are for k vehicles), file (as imported,
 * the default of the other sets) or a number.
 * The Markdown table goes to stdout, progress to stderr; --tsv also writes
 * the rows, full precision, to FILE.  Exit status: 0 when every row is feasible, 1 when
 * some row failed, 2 on a usage or data error.  Single-threaded: one solve
 * at a time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

typedef struct options {
    const bench_set *set;
    const char *data;
    const char *only;
    const char *tsv;
    int published; /* 1: check the published .sol files instead of solving */
    /* Fleet size per vehicle type: FLEET_SET (the set's rule), FLEET_FILE
     * (as imported), FLEET_NAME (the k of the name) or a number > 0. */
    long fleet;
    size_t smallest;
    bench_solve_params solve;
} options;

enum { FLEET_SET = -1, FLEET_FILE = 0, FLEET_NAME = -2 };

typedef struct row {
    size_t n, routes;
    double cost, gap, seconds, polish_gain;
    int feasible;
    int fewer_than_k; /* fleet fixed to the k of the name, solved with fewer routes */
    char note[320];
} row;

static void usage(FILE *f)
{
    fprintf(f, "usage: routing_bench --set x|abp|solomon|cordeau [--data ROOT] [--time S]\n"
               "                     [--only NAME[,NAME...]] [--smallest N] [--seed S]\n"
               "                     [--iterations N] [--no-polish] [--fleet k|file|N]\n"
               "                     [--tsv FILE] [--published]\n");
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->data = getenv("ROUTING_BENCH_DATA") ? getenv("ROUTING_BENCH_DATA") : "../shared/benchmarks";
    o->solve.seconds = 10;
    o->solve.seed = 1;
    o->solve.polish = 1;
    o->fleet = FLEET_SET;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--no-polish") == 0) {
            o->solve.polish = 0;
            continue;
        } else if (strcmp(a, "--published") == 0) {
            o->published = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "routing_bench: %s needs a value\n", a);
            return -1;
        }
        i++;
        if (strcmp(a, "--set") == 0) {
            if (!(o->set = bench_set_find(v))) {
                fprintf(stderr, "routing_bench: unknown set '%s'\n", v);
                return -1;
            }
        } else if (strcmp(a, "--data") == 0) {
            o->data = v;
        } else if (strcmp(a, "--only") == 0) {
            o->only = v;
        } else if (strcmp(a, "--tsv") == 0) {
            o->tsv = v;
        } else if (strcmp(a, "--fleet") == 0) {
            if (strcmp(v, "k") == 0)
                o->fleet = FLEET_NAME;
            else if (strcmp(v, "file") == 0)
                o->fleet = FLEET_FILE;
            else if ((o->fleet = strtol(v, &end, 10)) <= 0 || *end) {
                fprintf(stderr, "routing_bench: bad --fleet '%s' (k, file or a number)\n", v);
                return -1;
            }
        } else if (strcmp(a, "--time") == 0) {
            o->solve.seconds = strtod(v, &end);
            if (*end || !(o->solve.seconds >= 0)) {
                fprintf(stderr, "routing_bench: bad --time '%s'\n", v);
                return -1;
            }
        } else if (strcmp(a, "--smallest") == 0 || strcmp(a, "--seed") == 0 ||
                   strcmp(a, "--iterations") == 0) {
            unsigned long x = strtoul(v, &end, 10);
            if (*end || *v == '-' || *v == '\0') {
                fprintf(stderr, "routing_bench: bad %s '%s'\n", a, v);
                return -1;
            }
            if (a[2] == 's' && a[3] == 'm')
                o->smallest = (size_t)x;
            else if (a[2] == 's')
                o->solve.seed = x;
            else
                o->solve.iterations = x;
        } else {
            fprintf(stderr, "routing_bench: unknown option '%s'\n", a);
            return -1;
        }
    }
    if (!o->set) {
        fprintf(stderr, "routing_bench: --set is required\n");
        return -1;
    }
    if (o->solve.seconds == 0 && o->solve.iterations == 0 && !o->published) {
        fprintf(stderr, "routing_bench: give --time or --iterations\n");
        return -1;
    }
    return 0;
}

/* Append to the row's note. */
static void note(row *r, const char *text)
{
    size_t len = strlen(r->note);
    snprintf(r->note + len, sizeof r->note - len, "%s%s", len ? "; " : "", text);
}

/* Sanitise a note for a Markdown cell and a TSV field. */
static void clean(char *s)
{
    for (; *s; s++)
        if (*s == '|' || *s == '\t' || *s == '\n')
            *s = ' ';
}

static void run_instance(const options *o, const bench_instance *inst, row *r)
{
    memset(r, 0, sizeof *r);
    r->cost = r->gap = r->polish_gain = NAN;
    terroir_model *model = NULL;
    bench_solution sol;
    memset(&sol, 0, sizeof sol);
    if (terroir_model_import_file(&model, o->set->format, inst->path, NULL) != 0) {
        const terroir_error *e = terroir_error_last();
        snprintf(r->note, sizeof r->note, "import failed: %s", e ? e->message : "?");
        goto done;
    }
    r->n = terroir_model_count(model, TERROIR_ENTITY_POINT);
    long fleet =
        o->fleet == FLEET_SET ? (o->set->fleet_from_name ? FLEET_NAME : FLEET_FILE) : o->fleet;
    if (fleet == FLEET_NAME) {
        const char *k = strrchr(inst->name, 'k');
        fleet = k ? strtol(k + 1, NULL, 10) : 0;
        if (fleet <= 0) {
            snprintf(r->note, sizeof r->note, "no fleet size k in the name");
            goto done;
        }
    }
    if (fleet > 0) {
        terroir_model *fixed = NULL;
        if (bench_with_fleet(&fixed, model, (size_t)fleet) != 0) {
            const terroir_error *e = terroir_error_last();
            snprintf(r->note, sizeof r->note, "fleet copy failed: %s", e ? e->message : "?");
            goto done;
        }
        terroir_model_free(model);
        model = fixed;
    }
    int rc;
    if (o->published) {
        char sol_path[1100];
        snprintf(sol_path, sizeof sol_path, "%s", inst->path);
        char *dot = strrchr(sol_path, '.');
        char *slash = strrchr(sol_path, '/');
        if (dot && (!slash || dot > slash))
            *dot = '\0';
        strcat(sol_path, ".sol");
        if (bench_read_published(model, sol_path, &sol) != 0) {
            snprintf(r->note, sizeof r->note, "cannot read %.250s", sol_path);
            goto done;
        }
        rc = 0;
    } else {
        rc = bench_solve(model, &o->solve, &sol);
    }
    r->seconds = sol.seconds;
    if (rc != 0) {
        const terroir_error *e = terroir_error_last();
        snprintf(r->note, sizeof r->note, "solve failed: %s",
                 e ? e->message : terroir_strerror(rc));
        goto done;
    }
    r->routes = sol.n_routes;
    r->polish_gain = sol.polish_gain;
    bench_check check;
    bench_check_solution(model, &sol, &check);
    r->cost = check.cost;
    r->gap = 100.0 * (check.cost - inst->bks) / inst->bks;
    /* The BKS is published rounded (576.87, 827.3): a cost within half a
     * unit of its last digit is the BKS. */
    if (fabs(check.cost - inst->bks) <= inst->bks_half_ulp + 1e-9 * fabs(inst->bks))
        r->gap = 0;
    r->feasible = check.ok;
    if (strcmp(sol.status, "optimal") != 0 && strcmp(sol.status, "feasible") != 0) {
        char s[64];
        snprintf(s, sizeof s, "status %s", sol.status);
        note(r, s);
        r->feasible = 0;
    }
    if (!check.ok) {
        note(r, check.why);
        if (check.public_checked) {
            char s[96];
            snprintf(s, sizeof s, "route checker: %zu violation(s)", check.checker_violations);
            note(r, s);
        }
    }
    if (!check.public_checked)
        note(r, "public checker did not run");
    if (o->solve.seconds > 0 && sol.seconds > o->solve.seconds + 0.5) {
        char s[64];
        snprintf(s, sizeof s, "over the time limit by %.2f s", sol.seconds - o->solve.seconds);
        note(r, s);
    }
    /* A/B/P optima are for exactly k routes (../shared/benchmarks README):
     * a solution with fewer routes is not comparable with the BKS. */
    if (r->feasible && o->set->fleet_from_name && fleet > 0 && r->routes < (size_t)fleet) {
        r->fewer_than_k = 1;
        note(r, "fewer routes than k: not comparable with the exactly-k BKS");
    }
    if (r->feasible && r->gap < 0 && !r->fewer_than_k)
        note(r, "below the BKS");
done:
    clean(r->note);
    bench_solution_free(&sol);
    terroir_model_free(model);
}

int main(int argc, char **argv)
{
    options o;
    if (parse_args(argc, argv, &o) != 0) {
        usage(stderr);
        return 2;
    }
    bench_instance *list = NULL;
    size_t count = bench_instances(o.set, o.data, o.only, o.smallest, &list);
    if (count == (size_t)-1)
        return 2;
    if (count == 0) {
        fprintf(stderr, "routing_bench: no instance of set %s matches\n", o.set->name);
        free(list);
        return 2;
    }
    FILE *tsv = NULL;
    if (o.tsv) {
        if (!(tsv = fopen(o.tsv, "w"))) {
            fprintf(stderr, "routing_bench: cannot write %s\n", o.tsv);
            free(list);
            return 2;
        }
        fprintf(tsv, "set\tinstance\tn\tcost\tbks\tbks_optimal\tgap_pct\tseconds\troutes\t"
                     "feasible\tpolish_gain\tnote\n");
    }
    printf("## Set %s: %zu instance(s), time limit %g s each, seed %lu", o.set->name, count,
           o.solve.seconds, o.solve.seed);
    if (o.solve.iterations)
        printf(", %lu routing iterations without improvement", o.solve.iterations);
    printf("\n\n");
    printf("Cost convention: %s.  \nSolver path: %s; set-partitioning polish %s.  \n"
           "Every route re-checked: runner's own evaluation%s.\n\n",
           o.set->convention,
           o.published ? "none: the published .sol files are re-checked" : bench_solve_path(),
           o.solve.polish ? "on" : "off",
           " + terroir_route_check() + terroir_route_check_plan()");
    printf("| instance | n | ours | BKS | gap %% | s | routes | polish gain | feasible | note |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    fflush(stdout);

    size_t feasible = 0, comparable = 0, polished = 0;
    double sum_gap = 0, worst_gap = -INFINITY, sum_seconds = 0, sum_cmp_gap = 0;
    double sum_polish = 0, sum_cost = 0;
    const char *worst = "-";
    for (size_t i = 0; i < count; i++) {
        const bench_instance *inst = &list[i];
        fprintf(stderr, "routing_bench: %s (%zu/%zu)...\n", inst->name, i + 1, count);
        row r;
        run_instance(&o, inst, &r);
        sum_seconds += r.seconds;
        if (r.feasible) {
            feasible++;
            sum_gap += r.gap;
            sum_cost += r.cost;
            if (r.polish_gain > 1e-9) {
                polished++;
                sum_polish += r.polish_gain;
            }
            if (!r.fewer_than_k) {
                comparable++;
                sum_cmp_gap += r.gap;
            }
            if (r.gap > worst_gap) {
                worst_gap = r.gap;
                worst = inst->name;
            }
        }
        printf("| %s | %zu | %.2f | %.2f | %.2f | %.1f | %zu | %.2f | %s | %s |\n", inst->name,
               r.n, r.cost, inst->bks, r.gap, r.seconds, r.routes, r.polish_gain,
               r.feasible ? "yes" : "**NO**", r.note);
        fflush(stdout);
        if (tsv) {
            fprintf(tsv, "%s\t%s\t%zu\t%.6f\t%.6f\t%s\t%.4f\t%.3f\t%zu\t%s\t%.6f\t%s\n",
                    o.set->name, inst->name, r.n, r.cost, inst->bks,
                    inst->bks_optimal ? "yes" : "no", r.gap, r.seconds, r.routes,
                    r.feasible ? "yes" : "no", r.polish_gain, r.note);
            fflush(tsv);
        }
    }
    printf("\n| set | instances | feasible | mean gap %% | worst gap %% | mean s |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
    if (feasible > 0)
        printf("| %s | %zu | %zu | %.2f | %.2f (%s) | %.1f |\n\n", o.set->name, count, feasible,
               sum_gap / (double)feasible, worst_gap, worst, sum_seconds / (double)count);
    else
        printf("| %s | %zu | 0 | - | - | %.1f |\n\n", o.set->name, count,
               sum_seconds / (double)count);
    if (comparable < feasible && comparable > 0)
        printf("Mean gap over the %zu instance(s) solved with exactly k routes (comparable with "
               "the BKS): %.2f%%.\n\n",
               comparable, sum_cmp_gap / (double)comparable);
    /* What the set-partitioning polish over the pool of routes gained: the
     * engine's best cost before the MIP minus the cost after it. */
    if (feasible > 0)
        printf("Set-partitioning polish: improved %zu of %zu feasible solution(s); total gain "
               "%.2f (%.3f%% of the total cost).\n\n",
               polished, feasible, sum_polish,
               sum_cost > 0 ? 100.0 * sum_polish / (sum_cost + sum_polish) : 0.0);
    if (tsv)
        fclose(tsv);
    free(list);
    terroir_error_clear();
    return feasible == count ? 0 : 1;
}
