/* `terroir solve [FILE] [-o PLAN] [--time-limit S] [--stall S] [--mip-gap G]
 * [--seed N] [--write-lp FILE] [--report FILE.html] [--geojson FILE]
 * [--csv DIR] [--quiet]`: solve a model (default: the built-in dataset) and
 * print a readable summary; write the plan as JSON or YAML, and as an HTML
 * report, GeoJSON or CSV tables for planners.
 * A live progress line goes to stderr when stderr is a terminal.  Every
 * output is checked writable before the solve; Ctrl-C ends the solve with
 * the plan found so far, written as asked, and exit status 130. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] = "terroir solve [--help] [FILE] [-o PLAN.json|PLAN.yaml] "
                            "[--time-limit S] [--stall S] [--mip-gap G] [--seed N] "
                            "[--write-lp FILE] "
                            "[--route-iterations N] [--route-seconds S] [--route-feedback] "
                            "[--no-polish] [--report FILE.html] [--geojson FILE] [--csv DIR] "
                            "[--route-sheets DIR] [--baseline] [--lang fr|en] [--quiet]";

enum {
    OPT_HELP, OPT_OUTPUT, OPT_TIME_LIMIT, OPT_MIP_GAP, OPT_SEED, OPT_WRITE_LP, OPT_QUIET,
    OPT_REPORT, OPT_GEOJSON, OPT_CSV, OPT_ROUTE_ITERATIONS, OPT_ROUTE_SECONDS,
    OPT_ROUTE_FEEDBACK, OPT_NO_POLISH, OPT_ROUTE_SHEETS, OPT_BASELINE, OPT_STALL
};

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},           {"output", 'o', 1, OPT_OUTPUT},
    {"time-limit", 't', 1, OPT_TIME_LIMIT}, {"mip-gap", 0, 1, OPT_MIP_GAP},
    {"seed", 0, 1, OPT_SEED},             {"write-lp", 0, 1, OPT_WRITE_LP},
    {"quiet", 'q', 0, OPT_QUIET},         {"report", 0, 1, OPT_REPORT},
    {"geojson", 0, 1, OPT_GEOJSON},       {"csv", 0, 1, OPT_CSV},
    {"route-iterations", 0, 1, OPT_ROUTE_ITERATIONS},
    {"route-seconds", 0, 1, OPT_ROUTE_SECONDS},
    {"route-feedback", 0, 0, OPT_ROUTE_FEEDBACK},
    {"no-polish", 0, 0, OPT_NO_POLISH},
    {"route-sheets", 0, 1, OPT_ROUTE_SHEETS},
    {"baseline", 0, 0, OPT_BASELINE},
    {"stall", 0, 1, OPT_STALL},
};

void cli_help_solve(FILE *out)
{
    fprintf(out,
            TR("usage: %s\n"
            "\n"
            "Solve a model: choose the hubs to open (when it has candidate hubs), then\n"
            "allocate each product from producers through hubs to distribution points.\n"
            "Without FILE, solves the built-in Montérégie dataset.\n"
            "\n"
            "Options:\n"
            "  -o, --output PLAN     write the plan: JSON, or YAML when PLAN ends in\n"
            "                        .yaml or .yml; '-' writes JSON on stdout\n"
            "  -t, --time-limit S    stop after S seconds with the best plan found\n"
            "      --stall S         stop each search after S seconds without a better\n"
            "                        plan (without --time-limit and --stall, each search\n"
            "                        stops by a rule scaled with the model's size, and\n"
            "                        the whole solve within a cap: under a minute for a\n"
            "                        region)\n"
            "      --mip-gap G       relative gap at which hub location stops (default 1e-6)\n"
            "      --seed N          seed of the randomised heuristics (default 1)\n"
            "      --write-lp FILE   write the LP/MIP in CPLEX LP format (for debugging)\n"
            "      --route-iterations N  stop the routing search after N iterations without\n"
            "                        improvement: with no time limit, the same seed then\n"
            "                        gives the same routes on every run and machine\n"
            "      --route-seconds S time for the routing search (default: the time left\n"
            "                        of --time-limit, else the rule of --stall)\n"
            "      --route-feedback  no effect (kept for old scripts): transport costs are\n"
            "                        always calibrated on the routes of a first round\n"
            "      --no-polish       skip the set-partitioning polish of the routes (GLPK)\n"
            "      --report FILE     write an HTML report: KPIs, a map of the sites and\n"
            "                        routes, tables of hubs, routes and unserved demand\n"
            "                        (one self-contained page, for screen and print)\n"
            "      --geojson FILE    write sites, routes and flows as GeoJSON (latitude/\n"
            "                        longitude models only)\n"
            "      --csv DIR         write hubs.csv, flows.csv, routes.csv, route_stops.csv,\n"
            "                        unserved.csv, unserved_stops.csv,\n"
            "                        route_stop_products.csv and self_deliveries.csv\n"
            "                        into DIR (created when missing)\n"
            "      --route-sheets DIR  write a printable sheet per route for its driver\n"
            "                        (route-NN.html: stops in order, times, what to load\n"
            "                        and unload per product, running load) and\n"
            "                        route_sheets.csv into DIR (created when missing)\n"
            "      --baseline        compare the routes with producers driving their own\n"
            "                        goods (a VRP per producer; takes a few seconds)\n"
            "      --lang fr|en      language of the summary, messages, report and route\n"
            "                        sheets (default: from LC_ALL, LC_MESSAGES, LANG)\n"
            "  -q, --quiet           print no summary and no progress\n"
            "  -h, --help            show this help and exit\n"
            "\n"
            "Outputs are checked before the solve; each file is written whole or not at\n"
            "all (an earlier file stays as it was when a write fails).  Ctrl-C stops the\n"
            "solve: the best plan found so far is written as asked (status interrupted).\n"
            "\n"
            "Exit status: 0 when the solve ran (whatever the plan's status), 1 on bad\n"
            "input or usage, 2 on a solver failure, an internal error or unwritable output,\n"
            "130 when stopped by Ctrl-C (the outputs written).\n"),
            usage);
}

/* The live progress line: rewritten in place with \r. */
typedef struct progress_line {
    int shown;
    int visible; /* 0: --quiet, or stderr not a terminal */
} progress_line;

/* The progress callback: the line (when visible), and Ctrl-C. */
static int show_progress(const terroir_progress *p, void *data)
{
    progress_line *line = data;
    if (!line->visible)
        return cli_interrupted();
    char inc[32] = "-", bnd[32] = "-";
    if (isfinite(p->incumbent))
        cli_num(inc, sizeof inc, p->incumbent, 2);
    if (isfinite(p->bound))
        cli_num(bnd, sizeof bnd, p->bound, 2);
    static const char *const stages[TERROIR_STAGE_COUNT] = {TRN("design"), TRN("allocate"),
                                                            TRN("route"), TRN("evaluate")};
    const char *stage = (unsigned)p->stage < TERROIR_STAGE_COUNT
                            ? TR(stages[p->stage])
                            : terroir_stage_to_string(p->stage);
    fprintf(stderr, TR("\r%-9s %7.1f s  best %14s  bound %14s"), stage, p->elapsed_seconds, inc,
            bnd);
    fflush(stderr);
    line->shown = 1;
    return cli_interrupted();
}

static int is_yaml_path(const char *path)
{
    size_t n = strlen(path);
    return (n >= 5 && strcmp(path + n - 5, ".yaml") == 0) ||
           (n >= 4 && strcmp(path + n - 4, ".yml") == 0);
}

static int write_plan(const terroir_plan *plan, const char *out)
{
    int rc;
    if (strcmp(out, "-") == 0) {
        char *text = NULL;
        size_t len = 0;
        if ((rc = terroir_plan_write_json_buffer(&text, &len, plan)) != 0)
            return cli_report_error(rc, NULL, 1);
        size_t written = fwrite(text, 1, len, stdout);
        terroir_free(text);
        if (written != len) {
            cli_errorf("cannot write standard output");
            return CLI_EXIT_INTERNAL;
        }
        return CLI_EXIT_OK;
    }
    rc = is_yaml_path(out) ? terroir_plan_write_yaml_file(plan, out)
                           : terroir_plan_write_json_file(plan, out);
    return rc == 0 ? CLI_EXIT_OK : cli_report_error(rc, out, 1);
}

/* The planner's outputs asked for (NULL: not asked). */
typedef struct solve_outputs {
    const char *report, *geojson, *csv, *route_sheets;
} solve_outputs;

static int write_outputs(const terroir_model *model, const terroir_plan *plan,
                         const solve_outputs *o)
{
    int rc;
    terroir_report_options ro = TERROIR_REPORT_OPTIONS_INIT;
    ro.language = cli_language;
    if (o->report && (rc = terroir_report_write_html_file(model, plan, o->report, &ro)) != 0)
        return cli_report_error(rc, o->report, 1);
    if (o->route_sheets &&
        (rc = terroir_report_write_route_sheets_dir(model, plan, o->route_sheets, &ro)) != 0)
        return cli_report_error(rc, o->route_sheets, 1);
    if (o->geojson && (rc = terroir_report_write_geojson_file(model, plan, o->geojson)) != 0)
        return cli_report_error(rc, o->geojson, 1);
    if (o->csv && (rc = terroir_report_write_csv_dir(model, plan, o->csv)) != 0)
        return cli_report_error(rc, o->csv, 1);
    return CLI_EXIT_OK;
}

int cli_cmd_solve(int argc, char **argv)
{
    cli_parser p;
    const char *in = NULL, *out = NULL;
    int quiet = 0, baseline = 0, opt, rc, status;
    double v;
    terroir_solve_options opts = TERROIR_SOLVE_OPTIONS_INIT;
    opts.language = cli_language;
    terroir_model *model = NULL;
    terroir_plan *plan = NULL;
    progress_line line = {0};
    solve_outputs outputs = {NULL, NULL, NULL, NULL};

    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        switch (opt) {
        case OPT_HELP:
            cli_help_solve(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case OPT_OUTPUT:
            if (!p.arg[0])
                return cli_usage_error("solve", usage, "empty output file name");
            out = p.arg;
            break;
        case OPT_TIME_LIMIT:
            if (cli_parse_number(p.arg, &v) != 0 || !(v > 0))
                return cli_usage_error("solve", usage,
                                       "--time-limit needs a positive number of seconds, not '%s'",
                                       p.arg);
            opts.time_limit_seconds = v;
            break;
        case OPT_STALL:
            if (cli_parse_number(p.arg, &v) != 0 || !(v > 0))
                return cli_usage_error("solve", usage,
                                       "--stall needs a positive number of seconds, not '%s'",
                                       p.arg);
            opts.stall_seconds = v;
            break;
        case OPT_MIP_GAP:
            if (cli_parse_number(p.arg, &v) != 0 || !(v >= 0 && v < 1))
                return cli_usage_error("solve", usage, "--mip-gap needs a number in [0, 1), not '%s'",
                                       p.arg);
            opts.mip_gap = v;
            break;
        case OPT_SEED:
            if (cli_parse_number(p.arg, &v) != 0 || v < 0 || v != floor(v) || v > 4294967295.0)
                return cli_usage_error("solve", usage, "--seed needs a non-negative integer, not '%s'",
                                       p.arg);
            opts.seed = (unsigned long)v;
            break;
        case OPT_WRITE_LP:
            if (!p.arg[0])
                return cli_usage_error("solve", usage, "empty --write-lp file name");
            opts.write_lp_path = p.arg;
            break;
        case OPT_QUIET:
            quiet = 1;
            break;
        case OPT_ROUTE_ITERATIONS:
            if (cli_parse_number(p.arg, &v) != 0 || !(v >= 1) || v != floor(v) ||
                v > 4294967295.0)
                return cli_usage_error("solve", usage,
                                       "--route-iterations needs a positive integer, not '%s'",
                                       p.arg);
            opts.route_iterations = (unsigned long)v;
            break;
        case OPT_ROUTE_SECONDS:
            if (cli_parse_number(p.arg, &v) != 0 || !(v > 0))
                return cli_usage_error("solve", usage,
                                       "--route-seconds needs a positive number, not '%s'", p.arg);
            opts.route_seconds = v;
            break;
        case OPT_ROUTE_FEEDBACK:
            opts.route_feedback = 1;
            break;
        case OPT_NO_POLISH:
            opts.route_polish = 0;
            break;
        case OPT_BASELINE:
            baseline = 1;
            break;
        case OPT_REPORT:
        case OPT_GEOJSON:
        case OPT_CSV:
        case OPT_ROUTE_SHEETS:
            if (!p.arg[0])
                return cli_usage_error("solve", usage, "empty file name for --%s",
                                       opt == OPT_REPORT    ? "report"
                                       : opt == OPT_GEOJSON ? "geojson"
                                       : opt == OPT_CSV     ? "csv"
                                                            : "route-sheets");
            *(opt == OPT_REPORT    ? &outputs.report
              : opt == OPT_GEOJSON ? &outputs.geojson
              : opt == OPT_CSV     ? &outputs.csv
                                   : &outputs.route_sheets) = p.arg;
            break;
        case CLI_OPT_POSITIONAL:
            if (in)
                return cli_usage_error("solve", usage, "unexpected argument '%s'", p.arg);
            in = p.arg;
            break;
        default:
            return cli_usage_error("solve", usage, "%s", p.error);
        }
    }
    /* Every output writable, or no solve: a typo costs no search. */
    if ((status = cli_check_output(out, 0)) != CLI_EXIT_OK ||
        (status = cli_check_output(opts.write_lp_path, 0)) != CLI_EXIT_OK ||
        (status = cli_check_output(outputs.report, 0)) != CLI_EXIT_OK ||
        (status = cli_check_output(outputs.geojson, 0)) != CLI_EXIT_OK ||
        (status = cli_check_output(outputs.csv, 1)) != CLI_EXIT_OK ||
        (status = cli_check_output(outputs.route_sheets, 1)) != CLI_EXIT_OK)
        return status;
    /* Ctrl-C from here on (loading included) ends with the plan so far,
     * written; the default action returns once the outputs are written. */
    cli_interrupt_begin();
    status = in ? cli_load_model(&model, in, NULL, 0, NULL)
                : cli_load_model(&model, NULL, (const char *)cli_default_dataset,
                                 cli_default_dataset_len, cli_default_dataset_name);
    if (status != CLI_EXIT_OK)
        goto done;
    line.visible = !quiet && isatty(STDERR_FILENO);
    opts.progress = show_progress;
    opts.progress_data = &line;
    rc = terroir_solve(&plan, model, &opts);
    if (line.shown)
        fprintf(stderr, "\n");
    if (rc != 0) {
        status = cli_report_error(rc, in, 0);
        if (rc == TERROIR_ESOLVER || rc == TERROIR_EIO)
            status = CLI_EXIT_INTERNAL;
        goto done;
    }
    cli_print_plan_warnings(plan, in);
    if (out)
        status = write_plan(plan, out);
    if (status == CLI_EXIT_OK)
        status = write_outputs(model, plan, &outputs);
    if (status == CLI_EXIT_OK && !quiet && !(out && strcmp(out, "-") == 0)) {
        terroir_baseline bl;
        int have_baseline = 0;
        if (baseline && !cli_interrupted()) {
            terroir_baseline_init(&bl, TERROIR_BASELINE_VERSION);
            if ((rc = terroir_baseline_direct(&bl, model, plan, NULL)) != 0) {
                status = cli_report_error(rc, in, 0);
                goto done;
            }
            have_baseline = 1;
        }
        cli_print_solve_summary(model, plan, have_baseline ? &bl : NULL);
        status = cli_finish_stdout(CLI_EXIT_OK);
    }
    if (status == CLI_EXIT_OK && cli_interrupted())
        status = CLI_EXIT_INTERRUPTED;
done:
    cli_interrupt_end();
    terroir_plan_free(plan);
    terroir_model_free(model);
    return status;
}
