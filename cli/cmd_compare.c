/* `terroir compare SCENARIO SCENARIO... [-o COMPARE.json] [--report
 * DIFF.html] [--time-limit S] [--mip-gap G] [--seed N] [--route-iterations
 * N] [--jobs N] [--quiet]`: solve each scenario (a model file, or an overlay of one: datasets/SCHEMA.md,
 * "Overlays") with the same options, and print their costs, distances,
 * emissions, demand served by point kind and hubs open side by side, with
 * the difference of each to the first.  The comparison can also be written
 * as JSON, and as an HTML page (include/terroir/report.h).
 *
 * --jobs N solves N scenarios at a time, one thread each: solves are
 * independent, and a validated model is read-only and shareable
 * (DESIGN.md), so the plans, and the output, are those of --jobs 1 in the
 * same order. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "compare.h"

static const char usage[] = "terroir compare [--help] SCENARIO SCENARIO... [-o COMPARE.json] "
                            "[--report DIFF.html] [--time-limit S] [--mip-gap G] [--seed N] "
                            "[--route-iterations N] [--jobs N] [--quiet]";

enum {
    OPT_HELP, OPT_OUTPUT, OPT_REPORT, OPT_TIME_LIMIT, OPT_MIP_GAP, OPT_SEED, OPT_QUIET,
    OPT_ROUTE_ITERATIONS, OPT_JOBS
};

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},           {"output", 'o', 1, OPT_OUTPUT},
    {"report", 0, 1, OPT_REPORT},         {"time-limit", 't', 1, OPT_TIME_LIMIT},
    {"mip-gap", 0, 1, OPT_MIP_GAP},       {"seed", 0, 1, OPT_SEED},
    {"quiet", 'q', 0, OPT_QUIET},         {"route-iterations", 0, 1, OPT_ROUTE_ITERATIONS},
    {"jobs", 'j', 1, OPT_JOBS},
};

const compare_metric compare_metrics[COMPARE_N_METRICS] = {
    {TRN("objective"), "objective", COMPARE_MONEY},
    {TRN("  fixed hub costs"), "cost_fixed_hub", COMPARE_MONEY},
    {TRN("  handling"), "cost_handling", COMPARE_MONEY},
    {TRN("  transport"), "cost_transport", COMPARE_MONEY},
    {TRN("  vehicles"), "cost_vehicles", COMPARE_MONEY},
    {TRN("  co2"), "cost_co2", COMPARE_MONEY},
    {TRN("  unserved penalty"), "cost_unserved_penalty", COMPARE_MONEY},
    {TRN("routes"), "routes", COMPARE_COUNT},
    {TRN("km driven"), "km", COMPARE_AMOUNT},
    {TRN("tonne-km"), "tonne_km", COMPARE_AMOUNT},
    {TRN("CO2 kg"), "co2_kg", COMPARE_AMOUNT},
    {TRN("demand served %"), "served_pct", COMPARE_PERCENT},
    {TRN("  food banks"), "served_pct_food_bank", COMPARE_PERCENT},
    {TRN("  groceries"), "served_pct_grocery", COMPARE_PERCENT},
    {TRN("  schools"), "served_pct_school", COMPARE_PERCENT},
    {TRN("  markets"), "served_pct_market", COMPARE_PERCENT},
    {TRN("  pick-ups"), "served_pct_pickup", COMPARE_PERCENT},
    {TRN("unserved kg"), "unserved_kg", COMPARE_AMOUNT},
    {TRN("hubs open"), "hubs_open_count", COMPARE_COUNT},
};

void cli_help_compare(FILE *out)
{
    fprintf(out,
            TR("usage: %s\n"
            "\n"
            "Solve each scenario with the same options and compare the plans side by\n"
            "side: objective and its cost components, routes, km driven, tonne-km, CO2,\n"
            "demand served overall and by point kind, unserved kg and hubs open, with\n"
            "the difference (%s) of each scenario to the first.  A scenario is a model\n"
            "file or an overlay that changes one (open a hub, remove a truck, scale\n"
            "demand: see datasets/SCHEMA.md, \"Overlays\").  Columns are labelled with\n"
            "the model's name, or the file name when names are missing or repeated.\n"
            "\n"
            "Options:\n"
            "  -o, --output FILE     write the comparison as JSON ('-': on stdout)\n"
            "      --report FILE     write the comparison as an HTML page with a map per\n"
            "                        scenario\n"
            "  -t, --time-limit S    stop each solve after S seconds\n"
            "      --mip-gap G       relative gap at which hub location stops (default 1e-6)\n"
            "      --seed N          seed of the randomised heuristics (default 1)\n"
            "      --route-iterations N  stop each routing search after N iterations\n"
            "                        without improvement (same seed: same routes)\n"
            "  -j, --jobs N          solve N scenarios at a time (default 1)\n"
            "  -q, --quiet           print no table and no progress\n"
            "  -h, --help            show this help and exit\n"
            "\n"
            "Exit status: 0 when every solve ran (whatever the plans' status), 1 on bad\n"
            "input or usage, 2 on a solver failure, an internal error or unwritable output.\n"),
            usage, "\xce\x94");
}

/* ---------------------------------------------------------------- figures */

static double percent(double part, double whole)
{
    return whole > 0 ? 100 * part / whole : NAN;
}

static void measure(compare_scenario *sc)
{
    terroir_plan_summary s;
    double *v = sc->value;
    terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION);
    terroir_plan_get_summary(sc->plan, &s);
    sc->status = s.status;
    v[COMPARE_OBJECTIVE] = s.objective;
    v[COMPARE_COST_FIXED_HUB] = s.cost.fixed_hub;
    v[COMPARE_COST_HANDLING] = s.cost.handling;
    v[COMPARE_COST_TRANSPORT] = s.cost.transport;
    v[COMPARE_COST_VEHICLES] = s.cost.vehicle_fixed;
    v[COMPARE_COST_CO2] = s.cost.co2;
    v[COMPARE_COST_UNSERVED] = s.cost.unserved_penalty;
    v[COMPARE_ROUTES] = (double)s.n_routes;
    v[COMPARE_KM] = s.routed_km;
    v[COMPARE_TONNE_KM] = s.tonne_km;
    v[COMPARE_CO2_KG] = s.co2_kg;
    v[COMPARE_SERVED_ALL] = percent(s.served_kg_total, s.demand_kg_total);
    static const terroir_point_kind kinds[] = {TERROIR_POINT_FOOD_BANK, TERROIR_POINT_GROCERY,
                                               TERROIR_POINT_SCHOOL, TERROIR_POINT_MARKET,
                                               TERROIR_POINT_PICKUP};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        v[COMPARE_SERVED_FOOD_BANK + k] = percent(s.served_kg[kinds[k]], s.demand_kg[kinds[k]]);
    v[COMPARE_UNSERVED_KG] = s.demand_kg_total - s.served_kg_total;
    size_t open = 0;
    for (size_t i = 0; i < terroir_plan_hub_count(sc->plan); i++) {
        terroir_plan_hub h = {0};
        h.version = TERROIR_PLAN_HUB_VERSION;
        if (terroir_plan_get_hub(sc->plan, i, &h) == 0 && h.open)
            open++;
    }
    v[COMPARE_HUBS_OPEN] = (double)open;
}

/* A figure (`delta` 0) or a difference to the first scenario (`delta`
 * 1: signed, percentages in points, "0" for what rounds to zero). */
static void format_value(char *buf, size_t size, compare_unit unit, double v, int delta)
{
    int decimals = unit == COMPARE_MONEY ? 2 : unit == COMPARE_COUNT ? 0 : 1;
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return;
    }
    snprintf(buf, size, delta ? "%+.*f%s" : "%.*f%s", decimals, v,
             delta && unit == COMPARE_PERCENT ? " pts" : "");
    /* "-0.00" reads as a change: a difference that rounds to zero is none. */
    if (delta && strspn(buf + 1, "0.") == strcspn(buf + 1, " "))
        snprintf(buf, size, "0");
    char *dot = strchr(buf, '.');
    if (dot && cli_language == TERROIR_LANGUAGE_FR)
        *dot = ','; /* the decimal comma of French (the JSON keeps '.') */
}

/* ---------------------------------------------------------------- tables */

/* Columns: the row name, the first scenario, then each other scenario and
 * its difference to the first. */
static cli_table *new_side_by_side(const compare_scenario *sc, size_t n, const char *corner)
{
    size_t ncols = 2 * n;
    const char **headers = calloc(ncols, sizeof *headers);
    cli_align *align = calloc(ncols, sizeof *align);
    cli_table *t = NULL;
    if (!headers || !align)
        goto done;
    headers[0] = corner;
    align[0] = CLI_ALIGN_LEFT;
    for (size_t i = 0; i < n; i++) {
        size_t c = i == 0 ? 1 : 2 * i;
        headers[c] = sc[i].label;
        align[c] = CLI_ALIGN_RIGHT;
        if (i > 0) {
            headers[c + 1] = "\xce\x94"; /* Δ */
            align[c + 1] = CLI_ALIGN_RIGHT;
        }
    }
    t = cli_table_new(ncols, headers, align);
done:
    free(headers);
    free(align);
    return t;
}

static int print_comparison(const compare_scenario *sc, size_t n)
{
    cli_table *t = new_side_by_side(sc, n, "");
    char (*cells)[40] = calloc(2 * n, sizeof *cells);
    const char **row = calloc(2 * n, sizeof *row);
    int rc = t && cells && row ? 0 : TERROIR_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t c = i == 0 ? 1 : 2 * i;
        snprintf(cells[c], sizeof cells[c], "%s", TR(terroir_status_to_string(sc[i].status)));
        row[c] = cells[c];
        if (i > 0)
            row[c + 1] = "";
    }
    if (rc == 0) {
        row[0] = TR("status");
        rc = cli_table_add_row(t, row);
    }
    for (size_t m = 0; rc == 0 && m < COMPARE_N_METRICS; m++) {
        const compare_metric *metric = &compare_metrics[m];
        int shown = 0;
        for (size_t i = 0; i < n; i++)
            shown |= isfinite(sc[i].value[m]);
        if (!shown) /* e.g. no food bank in any scenario */
            continue;
        row[0] = TR(metric->label);
        for (size_t i = 0; i < n; i++) {
            size_t c = i == 0 ? 1 : 2 * i;
            format_value(cells[c], sizeof cells[c], metric->unit, sc[i].value[m], 0);
            row[c] = cells[c];
            if (i > 0) {
                format_value(cells[c + 1], sizeof cells[c + 1], metric->unit,
                             sc[i].value[m] - sc[0].value[m], 1);
                row[c + 1] = cells[c + 1];
            }
        }
        rc = cli_table_add_row(t, row);
    }
    if (rc == 0) {
        printf(TR("Comparison (%s: difference to the first scenario)\n"), "\xce\x94");
        rc = cli_table_print(t, stdout, 2);
    }
    cli_table_free(t);
    free(cells);
    free(row);
    return rc;
}

/* 1 when plan `p` has hub `id` open, 0 when closed, -1 when it has no such
 * hub. */
static int hub_state(const terroir_plan *p, const char *id)
{
    for (size_t i = 0; i < terroir_plan_hub_count(p); i++) {
        terroir_plan_hub h = {0};
        h.version = TERROIR_PLAN_HUB_VERSION;
        if (terroir_plan_get_hub(p, i, &h) == 0 && strcmp(h.id, id) == 0)
            return h.open;
    }
    return -1;
}

/* Every hub open in at least one scenario, in order of first appearance. */
static int print_hubs(const compare_scenario *sc, size_t n)
{
    const char *const state[] = {"-", TR("closed"), TR("open")};
    cli_table *t = NULL;
    const char **row = calloc(2 * n, sizeof *row);
    int rc = row && (t = new_side_by_side(sc, n, TR("hub"))) ? 0 : TERROIR_ENOMEM;
    size_t rows = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        for (size_t h = 0; rc == 0 && h < terroir_plan_hub_count(sc[i].plan); h++) {
            terroir_plan_hub hub = {0};
            hub.version = TERROIR_PLAN_HUB_VERSION;
            if (terroir_plan_get_hub(sc[i].plan, h, &hub) != 0 || !hub.open)
                continue;
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = hub_state(sc[j].plan, hub.id) == 1;
            if (seen)
                continue;
            row[0] = hub.id;
            for (size_t j = 0; j < n; j++) {
                size_t c = j == 0 ? 1 : 2 * j;
                int now = hub_state(sc[j].plan, hub.id), first = hub_state(sc[0].plan, hub.id);
                row[c] = state[now + 1];
                if (j > 0)
                    row[c + 1] = now == first ? "" : now == 1 ? TR("opened") : TR("not open");
            }
            rc = cli_table_add_row(t, row);
            rows++;
        }
    if (rc == 0 && rows > 0) {
        printf("\n%s\n", TR("Hubs open"));
        rc = cli_table_print(t, stdout, 2);
    }
    cli_table_free(t);
    free(row);
    return rc;
}

static void print_scenarios(const compare_scenario *sc, size_t n)
{
    printf("%s\n", TR("Scenarios"));
    for (size_t i = 0; i < n; i++) {
        terroir_plan_summary s;
        terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION);
        terroir_plan_get_summary(sc[i].plan, &s);
        char seconds[32];
        printf(TR("  %zu. %s  (%s; %s in %s s)\n"), i + 1, sc[i].label, sc[i].file,
               TR(terroir_status_to_string(s.status)), cli_num(seconds, sizeof seconds,
                                                               s.solve_seconds, 1));
    }
    printf("\n");
}

/* ---------------------------------------------------------------- labels */

/* The file's name without its folder and its .yaml/.yml extension (a CSV
 * folder's name, without the slashes that may end it). */
static char *file_stem(const char *path)
{
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    const char *name = path;
    for (size_t i = 0; i < end; i++)
        if (path[i] == '/' && i + 1 < end)
            name = path + i + 1;
    size_t n = (size_t)(path + end - name);
    if (n > 5 && strncmp(name + n - 5, ".yaml", 5) == 0)
        n -= 5;
    else if (n > 4 && strncmp(name + n - 4, ".yml", 4) == 0)
        n -= 4;
    char *stem = malloc(n + 1);
    if (stem) {
        memcpy(stem, name, n);
        stem[n] = '\0';
    }
    return stem;
}

static const char *model_name(const terroir_model *m)
{
    terroir_settings s = TERROIR_SETTINGS_INIT;
    if (terroir_model_get_settings(m, &s) != 0 || !s.name || !s.name[0])
        return NULL;
    return s.name;
}

/* Each scenario's label: its model's name when it has one that no other
 * scenario has, else its file stem, numbered "(N)" when an earlier
 * scenario has the same (one file given twice). */
static int set_labels(compare_scenario *sc, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *name = model_name(sc[i].model);
        for (size_t j = 0; j < n && name; j++) {
            const char *other = model_name(sc[j].model);
            if (j != i && other && strcmp(other, name) == 0)
                name = NULL;
        }
        sc[i].label = name ? strdup(name) : file_stem(sc[i].file);
        if (!sc[i].label)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(sc[j].label, sc[i].label) == 0) {
                size_t size = strlen(sc[i].label) + 32;
                char *numbered = malloc(size);
                if (!numbered)
                    return -1;
                snprintf(numbered, size, "%s (%zu)", sc[i].label, i + 1);
                free(sc[i].label);
                sc[i].label = numbered;
                break;
            }
    }
    return 0;
}

/* ---------------------------------------------------------------- solving */

/* The scenarios shared by the solving threads: each takes the next
 * unsolved one until none is left. */
typedef struct solve_queue {
    compare_scenario *sc;
    size_t n, next;
    const terroir_solve_options *opts;
    int progress;
    pthread_mutex_t lock;
} solve_queue;

static void *solve_worker(void *arg)
{
    solve_queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i = q->next < q->n ? q->next++ : q->n;
        if (i < q->n && q->progress)
            fprintf(stderr, TR("solving %zu/%zu: %s\n"), i + 1, q->n, q->sc[i].label);
        pthread_mutex_unlock(&q->lock);
        if (i >= q->n)
            return NULL;
        compare_scenario *s = &q->sc[i];
        s->rc = terroir_solve(&s->plan, s->model, q->opts);
        if (s->rc != 0) {
            /* The last error is the thread's own: keep its message. */
            const terroir_error *e = terroir_error_last();
            s->error = strdup(e && e->message ? e->message : terroir_strerror(s->rc));
        }
        terroir_error_clear();
    }
}

/* Solve every scenario, `jobs` at a time; each one's outcome is in its rc,
 * plan and error.  -1 when no thread could be started. */
static int solve_all(compare_scenario *sc, size_t n, const terroir_solve_options *opts,
                     size_t jobs, int progress)
{
    solve_queue q = {sc, n, 0, opts, progress, PTHREAD_MUTEX_INITIALIZER};
    if (jobs > n)
        jobs = n;
    if (jobs <= 1) {
        solve_worker(&q);
        return 0;
    }
    pthread_t *threads = calloc(jobs, sizeof *threads);
    size_t started = 0;
    while (threads && started < jobs &&
           pthread_create(&threads[started], NULL, solve_worker, &q) == 0)
        started++;
    /* Threads that could not start leave their share to the others. */
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    if (started == 0 && q.next < n)
        return -1;
    return 0;
}

/* ---------------------------------------------------------------- command */

int cli_cmd_compare(int argc, char **argv)
{
    cli_parser p;
    const char *out = NULL, *report = NULL;
    int quiet = 0, opt, status = CLI_EXIT_OK;
    size_t jobs = 1;
    double v;
    terroir_solve_options opts = TERROIR_SOLVE_OPTIONS_INIT;
    opts.language = cli_language;
    compare_scenario *sc = NULL;
    terroir_model const **models = NULL;
    terroir_plan const **plans = NULL;
    const char **labels = NULL;
    size_t n = 0;

    sc = calloc((size_t)argc, sizeof *sc);
    if (!sc) {
        cli_errorf("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        switch (opt) {
        case OPT_HELP:
            free(sc);
            cli_help_compare(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case OPT_OUTPUT:
        case OPT_REPORT:
            if (!p.arg[0]) {
                status = cli_usage_error("compare", usage, "empty output file name");
                goto done;
            }
            *(opt == OPT_OUTPUT ? &out : &report) = p.arg;
            break;
        case OPT_TIME_LIMIT:
            if (cli_parse_number(p.arg, &v) != 0 || !(v > 0)) {
                status = cli_usage_error("compare", usage,
                                         "--time-limit needs a positive number of seconds, "
                                         "not '%s'",
                                         p.arg);
                goto done;
            }
            opts.time_limit_seconds = v;
            break;
        case OPT_MIP_GAP:
            if (cli_parse_number(p.arg, &v) != 0 || !(v >= 0 && v < 1)) {
                status = cli_usage_error("compare", usage,
                                         "--mip-gap needs a number in [0, 1), not '%s'", p.arg);
                goto done;
            }
            opts.mip_gap = v;
            break;
        case OPT_SEED:
            if (cli_parse_number(p.arg, &v) != 0 || v < 0 || v != floor(v) || v > 4294967295.0) {
                status = cli_usage_error("compare", usage,
                                         "--seed needs a non-negative integer, not '%s'", p.arg);
                goto done;
            }
            opts.seed = (unsigned long)v;
            break;
        case OPT_QUIET:
            quiet = 1;
            break;
        case OPT_ROUTE_ITERATIONS:
            if (cli_parse_number(p.arg, &v) != 0 || !(v >= 1) || v != floor(v) ||
                v > 4294967295.0) {
                status = cli_usage_error("compare", usage,
                                         "--route-iterations needs a positive integer, not '%s'",
                                         p.arg);
                goto done;
            }
            opts.route_iterations = (unsigned long)v;
            break;
        case OPT_JOBS:
            if (cli_parse_number(p.arg, &v) != 0 || !(v >= 1 && v <= 1024) || v != floor(v)) {
                status = cli_usage_error("compare", usage,
                                         "--jobs needs an integer from 1 to 1024, not '%s'",
                                         p.arg);
                goto done;
            }
            jobs = (size_t)v;
            break;
        case CLI_OPT_POSITIONAL:
            sc[n++].file = p.arg;
            break;
        default:
            status = cli_usage_error("compare", usage, "%s", p.error);
            goto done;
        }
    }
    if (n < 2) {
        status = cli_usage_error("compare", usage, "compare needs at least two scenarios");
        goto done;
    }
    /* outputs writable before the scenarios are solved */
    if ((status = cli_check_output(out, 0)) != CLI_EXIT_OK ||
        (status = cli_check_output(report, 0)) != CLI_EXIT_OK)
        goto done;
    /* Every file is checked before any solve, so that all problems show at
     * once. */
    for (size_t i = 0; i < n; i++) {
        int s = cli_load_model(&sc[i].model, sc[i].file, NULL, 0, NULL);
        if (s > status)
            status = s;
    }
    if (status != CLI_EXIT_OK)
        goto done;
    if (set_labels(sc, n) != 0) {
        cli_errorf("out of memory");
        status = CLI_EXIT_INTERNAL;
        goto done;
    }
    if (solve_all(sc, n, &opts, jobs, !quiet && isatty(STDERR_FILENO)) != 0) {
        cli_errorf("cannot start a thread");
        status = CLI_EXIT_INTERNAL;
        goto done;
    }
    /* In order, as --jobs 1 reports them: the first failure stops. */
    for (size_t i = 0; i < n; i++) {
        int rc = sc[i].rc;
        if (rc != 0) {
            terroir_error err = {rc, sc[i].error, NULL, 0, 0, NULL};
            cli_print_problem(stderr, &err, sc[i].file);
            status = cli_exit_code(rc, 0);
            if (rc == TERROIR_ESOLVER || rc == TERROIR_EIO)
                status = CLI_EXIT_INTERNAL;
            goto done;
        }
        cli_print_plan_warnings(sc[i].plan, sc[i].file);
        measure(&sc[i]);
    }
    if (report) {
        models = calloc(n, sizeof *models);
        plans = calloc(n, sizeof *plans);
        labels = calloc(n, sizeof *labels);
        if (!models || !plans || !labels) {
            cli_errorf("out of memory");
            status = CLI_EXIT_INTERNAL;
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            models[i] = sc[i].model;
            plans[i] = sc[i].plan;
            labels[i] = sc[i].label;
        }
        terroir_report_options ro = TERROIR_REPORT_OPTIONS_INIT;
        ro.language = cli_language;
        int rc = terroir_report_write_compare_html_file(models, plans, labels, n, report, &ro);
        if (rc != 0) {
            status = cli_report_error(rc, report, 1);
            goto done;
        }
    }
    if (out && (status = compare_write_json(sc, n, out)) != CLI_EXIT_OK)
        goto done;
    if (!quiet && !(out && strcmp(out, "-") == 0)) {
        print_scenarios(sc, n);
        if (print_comparison(sc, n) != 0 || print_hubs(sc, n) != 0) {
            cli_errorf("out of memory");
            status = CLI_EXIT_INTERNAL;
            goto done;
        }
        status = cli_finish_stdout(CLI_EXIT_OK);
    }
done:
    for (size_t i = 0; i < n; i++) {
        terroir_plan_free(sc[i].plan);
        terroir_model_free(sc[i].model);
        free(sc[i].label);
        free(sc[i].error);
    }
    free(sc);
    free(models);
    free(plans);
    free(labels);
    return status;
}
