/* CLRP benchmark runner (Prodhon, Barreto, Tuzun-Burke instances; see
 * README.md in this folder).  Public API only.
 *
 *   lrp_bench [--time-limit S] [--seed N] [--set NAME] [--bks FILE] [--header]
 *             INSTANCE.dat...
 *       for each instance: import it (terroir_model_import_file, format
 *       clrp), solve it (terroir_solve: time limit S, default 60; seed N,
 *       default 1), take the routes and open hubs from the plan, and check
 *       them against the .dat file read again by the runner's own parser
 *       (lrp_instance.c, lrp_check.c).
 *
 *   lrp_bench --routes ROUTES.txt [--seconds S] [--set NAME] [--bks FILE]
 *             [--header] INSTANCE.dat
 *       check a solution given as a routes file (plan_routes.py writes one
 *       from the plan JSON of `terroir solve`): the --via-yaml path of
 *       run.sh, which never calls the importer.
 *
 * Each instance prints one TSV row on stdout (--header: the column names
 * first); findings go to stderr as "INSTANCE: error: ..." and
 * "INSTANCE: note: ...".  Exit status: 0 when every check passed, 1 when a
 * check failed, 2 on a usage, file or library error. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <terroir/terroir.h>

#include "lrp.h"

typedef struct options {
    double time_limit;
    unsigned long seed;
    const char *set;
    const char *bks;
    const char *routes;
    double seconds; /* --routes: the solve's wall clock, reported as is */
    int header;
} options;

static const char columns[] = "set\tinstance\tn\tm\tbks\tours\tplan_objective\tgap_pct\t"
                              "open_depots\tplan_open\troutes\tseconds\tcheck\terrors\tstatus\t"
                              "path\n";

static void usage(FILE *f)
{
    fprintf(f, "usage: lrp_bench [--time-limit S] [--seed N] [--set NAME] [--bks FILE] "
               "[--header] INSTANCE.dat...\n"
               "       lrp_bench --routes ROUTES.txt [--seconds S] [--set NAME] [--bks FILE] "
               "[--header] INSTANCE.dat\n");
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The folder of `path` ("." when none) into buf. */
static void folder_of(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, n, ".");
    else
        snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

/* The best known value of `name` in a bks.tsv (first column: instance,
 * second: value); NAN when absent. */
static double find_bks(const char *file, const char *name)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return NAN;
    char line[4096];
    double value = NAN;
    size_t len = strlen(name);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, name, len) == 0 && line[len] == '\t') {
            value = strtod(line + len + 1, NULL);
            break;
        }
    }
    fclose(f);
    return value;
}

/* The plan's open hubs and routes into `sol`.  Returns 0 or a TERROIR_E*
 * code. */
static int solution_from_plan(const terroir_plan *plan, lrp_solution *sol)
{
    memset(sol, 0, sizeof *sol);
    snprintf(sol->status, sizeof sol->status, "%s",
             terroir_status_to_string(terroir_plan_status(plan)));
    terroir_plan_summary sum;
    int rc;
    if ((rc = terroir_plan_summary_init(&sum, TERROIR_PLAN_SUMMARY_VERSION)) != 0 ||
        (rc = terroir_plan_get_summary(plan, &sum)) != 0)
        return rc;
    sol->objective = sum.objective;
    for (size_t h = 0; h < terroir_plan_hub_count(plan); h++) {
        terroir_plan_hub hub;
        memset(&hub, 0, sizeof hub);
        hub.version = TERROIR_PLAN_HUB_VERSION;
        if ((rc = terroir_plan_get_hub(plan, h, &hub)) != 0)
            return rc;
        if (hub.open && lrp_solution_add_open(sol, hub.id) != 0)
            return TERROIR_ENOMEM;
    }
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route route;
        memset(&route, 0, sizeof route);
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        if ((rc = terroir_plan_get_route(plan, r, &route)) != 0)
            return rc;
        if (lrp_solution_add_route(sol, route.hub) != 0)
            return TERROIR_ENOMEM;
        for (size_t k = 0; k < route.n_stops; k++) {
            terroir_plan_route_stop stop;
            memset(&stop, 0, sizeof stop);
            stop.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            if ((rc = terroir_plan_get_route_stop(plan, r, k, &stop)) != 0)
                return rc;
            if (lrp_solution_add_stop(sol, stop.site, stop.delivery[TERROIR_DIMENSION_KG]) != 0)
                return TERROIR_ENOMEM;
        }
    }
    return 0;
}

static void library_error(const char *what, const char *name, int rc)
{
    const terroir_error *e = terroir_error_last();
    fprintf(stderr, "%s: error: %s failed (%s)", name, what, terroir_strerror(rc));
    if (e && e->message) {
        if (e->file)
            fprintf(stderr, ": %s:%lu:%lu: %s", e->file, e->line, e->column, e->message);
        else
            fprintf(stderr, ": %s", e->message);
    }
    fputc('\n', stderr);
}

/* Check `sol` against `inst` and print the row.  Returns 0 (check OK), 1
 * (check failed) or 2 (out of memory). */
static int check_and_print(const options *o, const char *path, const lrp_instance *inst,
                           const lrp_solution *sol, double seconds, const char *route_path)
{
    lrp_check c;
    if (lrp_check_solution(inst, sol, &c) != 0) {
        fprintf(stderr, "%s: error: out of memory\n", inst->name);
        return 2;
    }
    if (c.messages) {
        /* Each line prefixed with the instance. */
        for (char *line = c.messages; *line;) {
            char *end = strchr(line, '\n');
            size_t n = end ? (size_t)(end - line) : strlen(line);
            fprintf(stderr, "%s: %.*s\n", inst->name, (int)n, line);
            line += n + (end ? 1 : 0);
        }
    }
    char folder[4096], bks_file[4200];
    folder_of(path, folder, sizeof folder);
    snprintf(bks_file, sizeof bks_file, "%s/bks.tsv", folder);
    double bks = find_bks(o->bks ? o->bks : bks_file, inst->name);
    const char *set = o->set;
    const char *slash = strrchr(folder, '/');
    if (!set)
        set = slash ? slash + 1 : folder;
    double gap = bks > 0 ? (c.cost - bks) / bks * 100.0 : NAN;
    printf("%s\t%s\t%zu\t%zu\t%.2f\t%.6f\t%.6f\t%.4f\t%zu\t%zu\t%zu\t%.3f\t%s\t%zu\t%s\t%s\n", set,
           inst->name, inst->n, inst->m, bks, c.cost, sol->objective, gap, c.depots_used,
           sol->n_open, c.routes, seconds, c.errors ? "FAIL" : "OK", c.errors,
           sol->status[0] ? sol->status : "?", route_path);
    fflush(stdout);
    int failed = c.errors > 0;
    lrp_check_free(&c);
    return failed;
}

/* Import, solve and check one instance. */
static int run_instance(const options *o, const char *path)
{
    char err[4200] = "";
    lrp_instance inst;
    if (lrp_instance_read(&inst, path, err, sizeof err) != 0) {
        fprintf(stderr, "%s: error: %s\n", inst.name, err);
        return 2;
    }
    terroir_model *model = NULL;
    terroir_plan *plan = NULL;
    lrp_solution sol;
    memset(&sol, 0, sizeof sol);
    int status = 2, rc;
    if ((rc = terroir_model_import_file(&model, TERROIR_FORMAT_CLRP, path, NULL)) != 0) {
        library_error("import", inst.name, rc);
        goto done;
    }
    terroir_solve_options opts;
    if ((rc = terroir_solve_options_init(&opts, TERROIR_SOLVE_OPTIONS_VERSION)) != 0)
        goto done;
    opts.time_limit_seconds = o->time_limit;
    opts.seed = o->seed;
    double t0 = now();
    rc = terroir_solve(&plan, model, &opts);
    double seconds = now() - t0;
    if (rc != 0) {
        library_error("solve", inst.name, rc);
        goto done;
    }
    if ((rc = solution_from_plan(plan, &sol)) != 0) {
        library_error("reading the plan", inst.name, rc);
        goto done;
    }
    status = check_and_print(o, path, &inst, &sol, seconds, "import");
done:
    lrp_solution_free(&sol);
    terroir_plan_free(plan);
    terroir_model_free(model);
    lrp_instance_free(&inst);
    return status;
}

/* Check a routes file against one instance. */
static int check_routes(const options *o, const char *path)
{
    char err[4200] = "";
    lrp_instance inst;
    lrp_solution sol;
    if (lrp_instance_read(&inst, path, err, sizeof err) != 0) {
        fprintf(stderr, "%s: error: %s\n", inst.name, err);
        return 2;
    }
    if (lrp_solution_read(&sol, o->routes, err, sizeof err) != 0) {
        fprintf(stderr, "%s: error: %s\n", inst.name, err);
        lrp_instance_free(&inst);
        return 2;
    }
    int status = check_and_print(o, path, &inst, &sol, o->seconds, "yaml+cli");
    lrp_solution_free(&sol);
    lrp_instance_free(&inst);
    return status;
}

static int number(const char *s, double lo, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    options o = {60.0, 1, NULL, NULL, NULL, NAN, 0};
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double v;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--header") == 0) {
            o.header = 1;
        } else if (i + 1 < argc && strcmp(a, "--time-limit") == 0) {
            if (number(argv[++i], 0, &o.time_limit) != 0)
                goto bad;
        } else if (i + 1 < argc && strcmp(a, "--seed") == 0) {
            if (number(argv[++i], 0, &v) != 0 || v != floor(v) || v > 4294967295.0)
                goto bad;
            o.seed = (unsigned long)v;
        } else if (i + 1 < argc && strcmp(a, "--seconds") == 0) {
            if (number(argv[++i], 0, &o.seconds) != 0)
                goto bad;
        } else if (i + 1 < argc && strcmp(a, "--set") == 0) {
            o.set = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--bks") == 0) {
            o.bks = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--routes") == 0) {
            o.routes = argv[++i];
        } else if (a[0] == '-' && a[1] == '-') {
            goto bad;
        } else {
            first = i;
            break;
        }
        continue;
    bad:
        fprintf(stderr, "lrp_bench: bad option '%s'%s%s\n", a, i < argc ? " " : "",
                i < argc && argv[i] != a ? argv[i] : "");
        usage(stderr);
        return 2;
    }
    if (first >= argc || (o.routes && argc - first != 1)) {
        usage(stderr);
        return 2;
    }
    if (o.header)
        fputs(columns, stdout);
    int worst = 0;
    for (int i = first; i < argc; i++) {
        int rc = o.routes ? check_routes(&o, argv[i]) : run_instance(&o, argv[i]);
        if (rc > worst)
            worst = rc;
    }
    return worst;
}
