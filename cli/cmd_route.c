/* `terroir route check MODEL ROUTES.yaml [--quiet]`: check a planner's
 * routes against a model with the library's route checker (include/
 * terroir/route.h) and print, per route, its cost, km and duration and the
 * schedule and load at every stop, then every violation.  The plan mode of
 * VROOM, for terroir models.
 *
 * Exit status: 0 when the routes break no rule, 1 when they do or on bad
 * input or usage, 2 on an internal error. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "terroir route [--help] check [--quiet] MODEL ROUTES";

enum { OPT_HELP, OPT_QUIET };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"quiet", 'q', 0, OPT_QUIET},
};

void cli_help_route(FILE *out)
{
    fprintf(out,
            TR("usage: %s\n"
            "\n"
            "check: evaluate the routes of ROUTES (a YAML routes file, see\n"
            "datasets/SCHEMA.md \"Routes file\") against the YAML model MODEL, and\n"
            "print each route's cost, km and duration, the arrival, start of service,\n"
            "departure and load (kg) at every stop, and every violation: capacity,\n"
            "time window, route duration, hub opening hours, temperature class, a hub\n"
            "used as a stop, fleet size, a point served twice or not at all, goods\n"
            "leaving a hub before they reach it (synchronisation) or more than ever\n"
            "reaches it (stock), goods older than their shelf life, and trips of a\n"
            "vehicle that overlap, are too many or make its day too long, a stop on a\n"
            "day its point does not receive or its producer does not ship (day), and\n"
            "more goods kept overnight at a hub than it can store (storage).  A violation\n"
            "about goods or a hub ends with [product, hub, day and time].\n"
            "Times are printed as H:MM from the start of the cycle.\n"
            "\n"
            "Options:\n"
            "  -q, --quiet   print only the violations and the totals\n"
            "  -h, --help    show this help and exit\n"
            "\n"
            "Exit status: 0 when the routes break no rule, 1 when they break one or\n"
            "on bad input or usage, 2 on an internal error.\n"),
            usage);
}

static const char *hhmm(char *buf, size_t size, double minutes)
{
    double r = floor(minutes + 0.5);
    if (!isfinite(r) || r < 0)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.0f:%02.0f", floor(r / 60), fmod(r, 60));
    return buf;
}

static void print_route(const terroir_route_report *rep, size_t i)
{
    terroir_plan_route r = {0};
    r.version = TERROIR_PLAN_ROUTE_VERSION;
    if (terroir_route_report_get_route(rep, i, &r) != 0)
        return;
    char dep[16], arr[16];
    printf("Route %zu: %s #%zu from %s, %zu stop%s, %.1f km, %.0f min (%s - %s), cost %.2f\n",
           i + 1, r.vehicle_type, r.vehicle + 1, r.hub, r.n_stops, r.n_stops == 1 ? "" : "s", r.km,
           r.minutes, hhmm(dep, sizeof dep, r.departure), hhmm(arr, sizeof arr, r.arrival), r.cost);
    static const char *const headers[] = {"#",     "site",      "kind",   "arrival",
                                          "start", "departure", "load kg"};
    static const cli_align align[] = {CLI_ALIGN_RIGHT, CLI_ALIGN_LEFT,  CLI_ALIGN_LEFT,
                                      CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT,
                                      CLI_ALIGN_RIGHT};
    cli_table *t = cli_table_new(7, headers, align);
    for (size_t k = 0; t && k < r.n_stops; k++) {
        terroir_plan_route_stop s = {0};
        s.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
        if (terroir_route_report_get_stop(rep, i, k, &s) != 0)
            continue;
        char n[24], a[16], b[16], c[16], load[40];
        snprintf(n, sizeof n, "%zu", k + 1);
        cli_format_number(load, sizeof load, s.load[TERROIR_DIMENSION_KG], 0);
        const char *row[] = {n,
                             s.site,
                             terroir_stop_kind_to_string(s.kind),
                             hhmm(a, sizeof a, s.arrival),
                             hhmm(b, sizeof b, s.start),
                             hhmm(c, sizeof c, s.departure),
                             load};
        cli_table_add_row(t, row);
    }
    if (t && r.n_stops)
        cli_table_print(t, stdout, 2);
    cli_table_free(t);
}

/* "ROUTES: route 2, stop 3: capacity: DETAIL" on stdout, then the
 * violation's product, hub and time when it has them:
 * " [product 'fraises', hub 'h1', day 1 7:30]". */
static void print_violation(const terroir_route_report *rep, size_t i, const char *file)
{
    terroir_route_violation v = {0};
    v.version = TERROIR_ROUTE_VIOLATION_VERSION;
    if (terroir_route_report_get_violation(rep, i, &v) != 0)
        return;
    printf("%s: ", file);
    if (v.route != TERROIR_ROUTE_NONE) {
        printf("route %zu", v.route + 1);
        if (v.stop != TERROIR_ROUTE_NONE)
            printf(", stop %zu", v.stop + 1);
        printf(": ");
    }
    printf("%s: %s", terroir_violation_kind_to_string(v.kind), v.detail);
    const char *sep = " [";
    if (v.product) {
        printf("%s", sep);
        printf(TR("product '%s'"), v.product);
        sep = ", ";
    }
    if (v.hub) {
        printf("%s", sep);
        printf(TR("hub '%s'"), v.hub);
        sep = ", ";
    }
    if (isfinite(v.time) && v.time >= 0) {
        char t[16];
        double day = floor(v.time / 1440);
        printf("%s", sep);
        printf(TR("day %.0f %s"), day + 1, hhmm(t, sizeof t, v.time - day * 1440));
        sep = ", ";
    }
    printf("%s\n", sep[0] == ',' ? "]" : "");
}

static int check(const char *model_path, const char *routes_path, int quiet)
{
    terroir_model *model = NULL;
    terroir_routes *routes = NULL;
    terroir_route_report *rep = NULL;
    terroir_diagnostics *diags = NULL;
    int status = cli_load_model(&model, model_path, NULL, 0, NULL);
    if (status != CLI_EXIT_OK)
        return status;
    int rc = terroir_routes_load_yaml_file(&routes, routes_path, NULL, &diags);
    if (rc != 0) {
        size_t n = terroir_diagnostics_count(diags);
        if (n == 0)
            status = cli_report_error(rc, routes_path, 0);
        for (size_t i = 0; i < n; i++)
            cli_print_problem(stderr, terroir_diagnostics_get(diags, i), routes_path);
        if (n)
            status = cli_exit_code(rc, 0);
        goto done;
    }
    if ((rc = terroir_route_check(&rep, model, routes)) != 0) {
        status = cli_report_error(rc, routes_path, 0);
        goto done;
    }
    terroir_route_report_summary s = {0};
    s.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION;
    terroir_route_report_get_summary(rep, &s);
    for (size_t i = 0; !quiet && i < terroir_route_report_route_count(rep); i++) {
        print_route(rep, i);
        printf("\n");
    }
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++)
        print_violation(rep, i, routes_path);
    printf("%s: %zu route%s, %zu stop%s, %.1f km, %.0f min, cost %.2f, %.1f kg CO2: %s\n",
           routes_path, s.n_routes, s.n_routes == 1 ? "" : "s", s.n_stops,
           s.n_stops == 1 ? "" : "s", s.km, s.minutes, s.cost, s.co2_kg,
           s.feasible ? "no violation" : "VIOLATIONS");
    if (s.n_violations)
        printf("%zu violation%s\n", s.n_violations, s.n_violations == 1 ? "" : "s");
    status = cli_finish_stdout(s.feasible ? CLI_EXIT_OK : CLI_EXIT_INPUT);
done:
    terroir_route_report_free(rep);
    terroir_routes_free(routes);
    terroir_diagnostics_free(diags);
    terroir_model_free(model);
    return status;
}

int cli_cmd_route(int argc, char **argv)
{
    cli_parser p;
    const char *action = NULL, *files[2] = {NULL, NULL};
    size_t n_files = 0;
    int quiet = 0, opt;

    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        switch (opt) {
        case OPT_HELP:
            cli_help_route(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case OPT_QUIET:
            quiet = 1;
            break;
        case CLI_OPT_POSITIONAL:
            if (!action) {
                action = p.arg;
                if (strcmp(action, "check") != 0)
                    return cli_usage_error("route", usage, "unknown action '%s' (expected 'check')",
                                           action);
            } else if (n_files < 2) {
                files[n_files++] = p.arg;
            } else {
                return cli_usage_error("route", usage, "unexpected argument '%s'", p.arg);
            }
            break;
        default:
            return cli_usage_error("route", usage, "%s", p.error);
        }
    }
    if (!action)
        return cli_usage_error("route", usage, "no action given (expected 'check')");
    if (n_files < 2)
        return cli_usage_error("route", usage, "check needs a MODEL and a ROUTES file");
    return check(files[0], files[1], quiet);
}
