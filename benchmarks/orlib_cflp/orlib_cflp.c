/* Benchmark runner: OR-Library capacitated warehouse location (Beasley 1988;
 * cap41..cap134 and capa/capb/capc with each capacity of bks.tsv).
 *
 * For each instance: import it through the public API
 * (terroir_model_import_file, format orlib-cap), solve it, and print a table
 * row: instance, size, published optimum, our value, our proven bound and
 * gap, the gap to the published optimum, seconds.  With --compare, the same
 * problem is written as a plain MIP in CPLEX LP format (strong formulation:
 * x_ij <= y_i for every pair, numbers with a leading digit because CBC reads
 * ".5" as 1) and solved side by side by `cbc` and `glpsol` with the same time
 * limit, with the time ratio to ours.
 *
 * SOLVER PATH: by default (benchmarks/meson.build: orlib_cflp_public =
 * true) the model is solved by terroir_solve() — public API only, design
 * and allocation stages, as a user would.  Built with
 * -DORLIB_CFLP_PUBLIC_SOLVE=0, the runner instead hands the imported
 * model's arrays to the design stage's engine (lib/design/cflp.h) through
 * the INTERNAL API, to time the engine alone; that is the only internal
 * call in this file, marked "INTERNAL".
 *
 * Usage: orlib_cflp [--data DIR] [--only NAME[,NAME...]] [--large-limit S]
 *                   [--small-limit S] [--other-small-limit S] [--gap G]
 *                   [--compare] [--work DIR] [--tsv FILE]
 * Progress goes to stderr, the Markdown table to stdout. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include <terroir/terroir.h>

#ifndef ORLIB_CFLP_PUBLIC_SOLVE
#define ORLIB_CFLP_PUBLIC_SOLVE 1
#endif
#if !ORLIB_CFLP_PUBLIC_SOLVE
#include "design/cflp.h" /* INTERNAL: the engine alone */
#endif

typedef struct options {
    const char *data;
    const char *only;
    double large_limit;       /* capa/capb/capc */
    double small_limit;       /* capNN: 0 = none */
    double other_small_limit; /* cbc/glpsol on capNN */
    double gap;
    int compare;
    const char *work;
    const char *tsv;
} options;

/* One instance's problem as plain arrays (sparse arcs hub -> point). */
typedef struct arrays {
    size_t m, n, n_arcs;
    double *cap, *fixed, *dem;
    unsigned char *fix;
    size_t *af, *ac;
    double *unit;
} arrays;

typedef struct outcome {
    int ran;
    char status[32];
    double value, bound, seconds;
} outcome;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void arrays_free(arrays *a)
{
    free(a->cap);
    free(a->fixed);
    free(a->dem);
    free(a->fix);
    free(a->af);
    free(a->ac);
    free(a->unit);
    memset(a, 0, sizeof *a);
}

static void report_error(const char *what)
{
    const terroir_error *e = terroir_error_last();
    fprintf(stderr, "orlib_cflp: %s: %s", what, e ? e->message : "unknown error");
    if (e && e->file)
        fprintf(stderr, " (%s:%lu:%lu)", e->file, e->line, e->column);
    fprintf(stderr, "\n");
}

/* The facility location arrays of an imported model, read through the
 * public accessors: hubs are facilities (ambient capacity, fixed cost),
 * points are customers (total demand), arcs hub -> point carry the cost per
 * kg. */
static int extract(const terroir_model *model, arrays *a)
{
    memset(a, 0, sizeof *a);
    a->m = terroir_model_count(model, TERROIR_ENTITY_HUB);
    a->n = terroir_model_count(model, TERROIR_ENTITY_POINT);
    size_t arcs = terroir_model_arc_count(model);
    a->cap = calloc(a->m, sizeof *a->cap);
    a->fixed = calloc(a->m, sizeof *a->fixed);
    a->fix = calloc(a->m, 1);
    a->dem = calloc(a->n, sizeof *a->dem);
    a->af = calloc(arcs, sizeof *a->af);
    a->ac = calloc(arcs, sizeof *a->ac);
    a->unit = calloc(arcs, sizeof *a->unit);
    if (!a->cap || !a->fixed || !a->fix || !a->dem || !a->af || !a->ac || !a->unit)
        return -1;
    for (size_t i = 0; i < a->m; i++) {
        terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
        if (terroir_model_get_hub(model, i, &h) != 0)
            return -1;
        double c = h.capacity_kg[TERROIR_TEMPERATURE_AMBIENT];
        a->cap[i] = c == TERROIR_UNLIMITED ? HUGE_VAL : c;
        a->fixed[i] = h.status == TERROIR_HUB_CANDIDATE ? h.fixed_cost : 0.0;
        a->fix[i] = h.status == TERROIR_HUB_CANDIDATE ? 0 : h.status == TERROIR_HUB_OPEN ? 1 : 2;
    }
    for (size_t j = 0; j < a->n; j++) {
        size_t cnt = terroir_model_demand_count(model, j);
        for (size_t k = 0; k < cnt; k++) {
            size_t product;
            double q;
            if (terroir_model_get_demand(model, j, k, &product, &q) != 0)
                return -1;
            a->dem[j] += q;
        }
    }
    for (size_t k = 0; k < arcs; k++) {
        size_t from, to, fi, ti;
        terroir_site_kind fk, tk;
        double cost, km;
        if (terroir_model_get_arc(model, k, &from, &to, &cost, &km) != 0 ||
            terroir_model_get_site(model, from, &fk, &fi) != 0 ||
            terroir_model_get_site(model, to, &tk, &ti) != 0)
            return -1;
        if (fk != TERROIR_SITE_HUB || tk != TERROIR_SITE_POINT)
            continue;
        a->af[a->n_arcs] = fi;
        a->ac[a->n_arcs] = ti;
        a->unit[a->n_arcs] = cost;
        a->n_arcs++;
    }
    return 0;
}

/* ---- our solve */

#if ORLIB_CFLP_PUBLIC_SOLVE
static int solve_ours(const terroir_model *model, const arrays *a, double limit, double gap,
                      outcome *out)
{
    (void)a;
    terroir_solve_options so = TERROIR_SOLVE_OPTIONS_INIT;
    so.time_limit_seconds = limit;
    so.mip_gap = gap;
    so.stages = 1u << TERROIR_STAGE_DESIGN | 1u << TERROIR_STAGE_ALLOCATE;
    terroir_plan *plan = NULL;
    double t0 = now();
    if (terroir_solve(&plan, model, &so) != 0) {
        report_error("terroir_solve");
        return -1;
    }
    out->seconds = now() - t0;
    terroir_plan_summary s;
    terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION);
    terroir_plan_get_summary(plan, &s);
    out->ran = 1;
    snprintf(out->status, sizeof out->status, "%s", terroir_status_to_string(s.status));
    out->value = s.objective;
    out->bound = s.bound;
    terroir_plan_free(plan);
    return 0;
}
#else
static int solve_ours(const terroir_model *model, const arrays *a, double limit, double gap,
                      outcome *out)
{
    (void)model;
    /* INTERNAL: the design stage's engine on the model's arrays. */
    cflp_problem p = {0};
    p.m = a->m;
    p.n = a->n;
    p.capacity = a->cap;
    p.fixed_cost = a->fixed;
    p.fix = a->fix;
    p.demand = a->dem;
    p.n_arcs = a->n_arcs;
    p.arc_facility = a->af;
    p.arc_customer = a->ac;
    p.arc_cost = a->unit;
    cflp_params par = CFLP_PARAMS_INIT;
    par.time_limit_seconds = limit;
    par.gap = gap;
    cflp_result r;
    double t0 = now();
    if (cflp__solve(&p, &par, &r) != 0) {
        report_error("cflp__solve");
        return -1;
    }
    out->seconds = now() - t0;
    out->ran = 1;
    snprintf(out->status, sizeof out->status, "%s", cflp__status_to_string(r.status));
    out->value = r.objective;
    out->bound = r.bound;
    cflp__result_free(&r);
    return 0;
}
#endif

/* ---- the plain MIP for other solvers */

static void put_num(FILE *f, double v, int first)
{
    /* "%.17g" always starts with a digit: CBC would read ".5" as 1. */
    if (first)
        fprintf(f, v < 0 ? "- %.17g" : "%.17g", fabs(v));
    else
        fprintf(f, v < 0 ? " - %.17g" : " + %.17g", fabs(v));
}

/* Strong formulation, x_ij the share of j's demand served by i:
 *   min sum f_i y_i + sum c_ij d_j x_ij
 *   sum_i x_ij = 1; sum_j d_j x_ij - s_i y_i <= 0; x_ij - y_i <= 0. */
static int write_lp(const arrays *a, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "\\ OR-Library CFLP, strong formulation, written by orlib_cflp\nMinimize\n obj:");
    size_t terms = 0;
    for (size_t i = 0; i < a->m; i++) {
        if (a->fix[i] == 2)
            continue;
        fputc(' ', f);
        put_num(f, a->fixed[i], terms == 0);
        fprintf(f, " y%zu", i + 1);
        if (++terms % 8 == 0)
            fputs("\n ", f);
    }
    for (size_t k = 0; k < a->n_arcs; k++) {
        double c = a->unit[k] * a->dem[a->ac[k]];
        fputc(' ', f);
        put_num(f, c, terms == 0);
        fprintf(f, " x%zu_%zu", a->af[k] + 1, a->ac[k] + 1);
        if (++terms % 8 == 0)
            fputs("\n ", f);
    }
    fprintf(f, "\nSubject To\n");
    /* demand rows need the arcs by customer */
    size_t *start = calloc(a->n + 1, sizeof *start), *list = calloc(a->n_arcs + 1, sizeof *list);
    if (!start || !list) {
        free(start);
        free(list);
        fclose(f);
        return -1;
    }
    for (size_t k = 0; k < a->n_arcs; k++)
        start[a->ac[k] + 1]++;
    for (size_t j = 0; j < a->n; j++)
        start[j + 1] += start[j];
    for (size_t k = 0; k < a->n_arcs; k++)
        list[start[a->ac[k]]++] = k;
    for (size_t j = a->n; j > 0; j--)
        start[j] = start[j - 1];
    start[0] = 0;
    for (size_t j = 0; j < a->n; j++) {
        if (a->dem[j] <= 0)
            continue;
        fprintf(f, " d%zu:", j + 1);
        for (size_t t = start[j]; t < start[j + 1]; t++) {
            size_t k = list[t];
            fprintf(f, "%s x%zu_%zu", t == start[j] ? "" : " +", a->af[k] + 1, a->ac[k] + 1);
            if ((t - start[j]) % 10 == 9)
                fputs("\n ", f);
        }
        fprintf(f, " = 1\n");
    }
    free(start);
    free(list);
    for (size_t i = 0; i < a->m; i++) {
        fprintf(f, " c%zu:", i + 1);
        size_t cnt = 0;
        for (size_t k = 0; k < a->n_arcs; k++) {
            if (a->af[k] != i)
                continue;
            fputc(' ', f);
            put_num(f, a->dem[a->ac[k]], cnt == 0);
            fprintf(f, " x%zu_%zu", i + 1, a->ac[k] + 1);
            if (++cnt % 8 == 0)
                fputs("\n ", f);
        }
        double s = a->cap[i] == HUGE_VAL ? 0 : a->cap[i];
        if (a->cap[i] == HUGE_VAL) {
            for (size_t j = 0; j < a->n; j++)
                s += a->dem[j];
        }
        fputc(' ', f);
        put_num(f, -s, cnt == 0);
        fprintf(f, " y%zu <= 0\n", i + 1);
    }
    for (size_t k = 0; k < a->n_arcs; k++)
        fprintf(f, " l%zu_%zu: x%zu_%zu - y%zu <= 0\n", a->af[k] + 1, a->ac[k] + 1, a->af[k] + 1,
                a->ac[k] + 1, a->af[k] + 1);
    fprintf(f, "Bounds\n");
    for (size_t k = 0; k < a->n_arcs; k++)
        fprintf(f, " x%zu_%zu <= 1\n", a->af[k] + 1, a->ac[k] + 1);
    for (size_t i = 0; i < a->m; i++) {
        if (a->fix[i] == 1)
            fprintf(f, " y%zu = 1\n", i + 1);
        else if (a->fix[i] == 2)
            fprintf(f, " y%zu = 0\n", i + 1);
    }
    fprintf(f, "Binary\n");
    for (size_t i = 0; i < a->m; i++)
        fprintf(f, " y%zu\n", i + 1);
    fprintf(f, "End\n");
    return fclose(f) == 0 ? 0 : -1;
}

/* The number after `key` on the last line of `path` that contains `key`. */
static int last_number_after(const char *path, const char *key, double *out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[4096];
    int found = -1;
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, key);
        if (!p)
            continue;
        p += strlen(key);
        while (*p == ' ' || *p == '\t' || *p == '=' || *p == ':')
            p++;
        char *end;
        double v = strtod(p, &end);
        if (end != p) {
            *out = v;
            found = 0;
        }
    }
    fclose(f);
    return found;
}

static int file_has(const char *path, const char *text)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[4096];
    int has = 0;
    while (!has && fgets(line, sizeof line, f))
        has = strstr(line, text) != NULL;
    fclose(f);
    return has;
}

/* system() status of a command that timeout(1) stopped (exit code 124). */
static int killed(int rc)
{
    return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 124;
}

static void run_cbc(const char *lp, const char *work, const char *name, double limit, outcome *out)
{
    char log[1024], cmd[8192];
    snprintf(log, sizeof log, "%s/%s.cbc.log", work, name);
    if (limit > 0)
        snprintf(cmd, sizeof cmd, "timeout %.0f cbc '%s' sec %.0f solve > '%s' 2>&1",
                 ceil(limit * 1.05 + 5), lp, limit, log);
    else
        snprintf(cmd, sizeof cmd, "cbc '%s' solve > '%s' 2>&1", lp, log);
    double t0 = now();
    int rc = system(cmd);
    out->seconds = now() - t0;
    out->ran = 1;
    out->value = out->bound = NAN;
    last_number_after(log, "Objective value:", &out->value);
    last_number_after(log, "Lower bound:", &out->bound);
    if (file_has(log, "Result - Optimal solution found")) {
        snprintf(out->status, sizeof out->status, "optimal");
        out->bound = out->value;
    } else if (file_has(log, "Result - Stopped on time")) {
        snprintf(out->status, sizeof out->status, isnan(out->value) ? "time_limit" : "feasible");
    } else if (killed(rc)) {
        /* CBC checks its limit only between nodes: a root LP that outlasts
         * it is stopped by timeout(1) a little after the limit */
        snprintf(out->status, sizeof out->status, "time_limit");
    } else {
        snprintf(out->status, sizeof out->status, "failed(%d)", rc);
    }
    if (file_has(log, "No feasible solution found"))
        out->value = NAN;
}

static void run_glpsol(const char *lp, const char *work, const char *name, double limit,
                       outcome *out)
{
    char log[1024], sol[1024], cmd[8192];
    snprintf(log, sizeof log, "%s/%s.glpsol.log", work, name);
    snprintf(sol, sizeof sol, "%s/%s.glpsol.txt", work, name);
    remove(sol);
    if (limit > 0)
        snprintf(cmd, sizeof cmd, "timeout %.0f glpsol --lp '%s' --tmlim %.0f -o '%s' > '%s' 2>&1",
                 ceil(limit * 1.05 + 5), lp, limit, sol, log);
    else
        snprintf(cmd, sizeof cmd, "glpsol --lp '%s' -o '%s' > '%s' 2>&1", lp, sol, log);
    double t0 = now();
    int rc = system(cmd);
    out->seconds = now() - t0;
    out->ran = 1;
    out->value = out->bound = NAN;
    /* progress lines: "+  1234: mip =  1.04e+06 >=  1.03e+06  1.0% (..)" */
    last_number_after(log, ">=", &out->bound);
    if (file_has(sol, "INTEGER OPTIMAL")) {
        snprintf(out->status, sizeof out->status, "optimal");
        last_number_after(sol, "obj =", &out->value);
        out->bound = out->value;
    } else if (file_has(sol, "INTEGER NON-OPTIMAL")) {
        snprintf(out->status, sizeof out->status, "feasible");
        last_number_after(sol, "obj =", &out->value);
    } else if (file_has(log, "TIME LIMIT EXCEEDED") || file_has(sol, "UNDEFINED") || killed(rc)) {
        snprintf(out->status, sizeof out->status, "time_limit");
    } else {
        snprintf(out->status, sizeof out->status, "failed(%d)", rc);
    }
}

/* ---- table */

static void fmt_value(char *buf, size_t n, double v)
{
    if (isnan(v) || isinf(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.3f", v);
}

static void fmt_pct(char *buf, size_t n, double v)
{
    if (fabs(v) < 5e-7)
        v = 0.0; /* published values have 3 decimals: no "-0.0000%" */
    if (isnan(v) || isinf(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.4f%%", 100.0 * v);
}

static void usage(void)
{
    fprintf(stderr, "usage: orlib_cflp [--data DIR] [--only NAME[,NAME...]] [--large-limit S]\n"
                    "                  [--small-limit S] [--other-small-limit S] [--gap G]\n"
                    "                  [--compare] [--work DIR] [--tsv FILE]\n");
}

static int selected(const options *o, const char *name)
{
    if (!o->only)
        return 1;
    size_t len = strlen(name);
    for (const char *p = o->only; *p;) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        /* exact name, or a prefix ending in '*' */
        if ((l == len && strncmp(p, name, l) == 0) ||
            (l > 0 && p[l - 1] == '*' && strncmp(p, name, l - 1) == 0))
            return 1;
        p += l + (comma ? 1 : 0);
    }
    return 0;
}

int main(int argc, char **argv)
{
    options o = {"../shared/benchmarks/orlib-cflp", NULL, 60.0, 0.0, 600.0, 1e-9, 0, "/tmp", NULL};
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        int more = k + 1 < argc;
        if (!strcmp(a, "--data") && more)
            o.data = argv[++k];
        else if (!strcmp(a, "--only") && more)
            o.only = argv[++k];
        else if (!strcmp(a, "--large-limit") && more)
            o.large_limit = atof(argv[++k]);
        else if (!strcmp(a, "--small-limit") && more)
            o.small_limit = atof(argv[++k]);
        else if (!strcmp(a, "--other-small-limit") && more)
            o.other_small_limit = atof(argv[++k]);
        else if (!strcmp(a, "--gap") && more)
            o.gap = atof(argv[++k]);
        else if (!strcmp(a, "--compare"))
            o.compare = 1;
        else if (!strcmp(a, "--work") && more)
            o.work = argv[++k];
        else if (!strcmp(a, "--tsv") && more)
            o.tsv = argv[++k];
        else {
            usage();
            return 2;
        }
    }
    char path[2048];
    snprintf(path, sizeof path, "%s/bks.tsv", o.data);
    FILE *bks = fopen(path, "r");
    if (!bks) {
        fprintf(stderr, "orlib_cflp: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    FILE *tsv = NULL;
    if (o.tsv && !(tsv = fopen(o.tsv, "w"))) {
        fprintf(stderr, "orlib_cflp: cannot write %s: %s\n", o.tsv, strerror(errno));
        fclose(bks);
        return 1;
    }
    if (tsv)
        fprintf(tsv, "instance\tm\tn\tpublished\tours\tours_bound\tours_gap\tgap_to_published"
                     "\tours_status\tours_s\tcbc\tcbc_bound\tcbc_status\tcbc_s\tglpsol\t"
                     "glpsol_bound\tglpsol_status\tglpsol_s\n");

    printf("solver path: %s\n\n", ORLIB_CFLP_PUBLIC_SOLVE
                                      ? "terroir_solve() (public API)"
                                      : "design engine cflp__solve() alone (INTERNAL API)");
    printf("| instance | m x n | published | ours | proven gap | gap to published | status | "
           "s |");
    if (o.compare)
        printf(" cbc | cbc status | cbc s | cbc/ours | glpsol | glpsol status | glpsol s | "
               "glpsol/ours |");
    printf("\n|---|---|---|---|---|---|---|---|");
    if (o.compare)
        printf("---|---|---|---|---|---|---|---|");
    printf("\n");

    char line[4096];
    int failures = 0, header = 1;
    while (fgets(line, sizeof line, bks)) {
        if (header) {
            header = 0;
            continue;
        }
        char *fields[8] = {0};
        size_t nf = 0;
        for (char *p = line; nf < 8;) {
            fields[nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (nf < 6)
            continue;
        const char *name = fields[0], *file = fields[4];
        double published = atof(fields[1]);
        double capsub = fields[5][0] ? atof(fields[5]) : 0.0;
        if (!selected(&o, name))
            continue;
        int large = capsub > 0;
        snprintf(path, sizeof path, "%s/%s", o.data, file);

        terroir_import_options io = TERROIR_IMPORT_OPTIONS_INIT;
        io.capacity = capsub;
        terroir_model *model = NULL;
        double t_import = now();
        if (terroir_model_import_file(&model, TERROIR_FORMAT_ORLIB_CAP, path, &io) != 0) {
            report_error(name);
            failures++;
            continue;
        }
        t_import = now() - t_import;
        arrays a;
        if (extract(model, &a) != 0) {
            fprintf(stderr, "orlib_cflp: %s: cannot read the model\n", name);
            arrays_free(&a);
            terroir_model_free(model);
            failures++;
            continue;
        }
        fprintf(stderr, "orlib_cflp: %s (%zu x %zu, import %.2f s) ...\n", name, a.m, a.n,
                t_import);
        outcome ours = {0}, cbc = {0}, glp = {0};
        double limit = large ? o.large_limit : o.small_limit;
        if (solve_ours(model, &a, limit, o.gap, &ours) != 0)
            failures++;
        if (o.compare) {
            char lp[2048];
            snprintf(lp, sizeof lp, "%s/%s.lp", o.work, name);
            if (write_lp(&a, lp) != 0) {
                fprintf(stderr, "orlib_cflp: cannot write %s\n", lp);
                failures++;
            } else {
                double other = large ? o.large_limit : o.other_small_limit;
                run_cbc(lp, o.work, name, other, &cbc);
                run_glpsol(lp, o.work, name, other, &glp);
                remove(lp);
            }
        }
        double pgap = (ours.value - ours.bound) / fmax(fabs(ours.value), 1e-9);
        double tgap = (ours.value - published) / published;
        char v[64], g1[32], g2[32], pub[64];
        fmt_value(pub, sizeof pub, published);
        fmt_value(v, sizeof v, ours.value);
        fmt_pct(g1, sizeof g1, pgap < 0 ? 0 : pgap);
        fmt_pct(g2, sizeof g2, tgap);
        printf("| %s | %zu x %zu | %s | %s | %s | %s | %s | %.3f |", name, a.m, a.n, pub, v, g1, g2,
               ours.status, ours.seconds);
        if (o.compare) {
            char cv[64], gv[64];
            fmt_value(cv, sizeof cv, cbc.value);
            fmt_value(gv, sizeof gv, glp.value);
            printf(" %s | %s | %.1f | %s%.0f | %s | %s | %.1f | %s%.0f |", cv, cbc.status,
                   cbc.seconds, strcmp(cbc.status, "optimal") ? ">=" : "",
                   cbc.seconds / fmax(ours.seconds, 1e-3), gv, glp.status, glp.seconds,
                   strcmp(glp.status, "optimal") ? ">=" : "",
                   glp.seconds / fmax(ours.seconds, 1e-3));
        }
        printf("\n");
        fflush(stdout);
        if (tsv) {
            fprintf(tsv, "%s\t%zu\t%zu\t%.17g\t%.17g\t%.17g\t%.3e\t%.3e\t%s\t%.3f", name, a.m, a.n,
                    published, ours.value, ours.bound, pgap, tgap, ours.status, ours.seconds);
            if (o.compare)
                fprintf(tsv, "\t%.17g\t%.17g\t%s\t%.3f\t%.17g\t%.17g\t%s\t%.3f\n", cbc.value,
                        cbc.bound, cbc.status, cbc.seconds, glp.value, glp.bound, glp.status,
                        glp.seconds);
            else
                fprintf(tsv, "\t\t\t\t\t\t\t\t\n");
            fflush(tsv);
        }
        arrays_free(&a);
        terroir_model_free(model);
    }
    fclose(bks);
    if (tsv)
        fclose(tsv);
    return failures ? 1 : 0;
}
