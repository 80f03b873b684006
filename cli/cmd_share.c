/* `terroir share [MODEL] [--method shapley|nucleolus|epm|all] [-o SHARES.json]
 * [--time-limit S] ...`: how the members of a shared network split its
 * cost.  Solves every coalition of members (share.h), then prints per
 * member its stand-alone cost, its share under each method and its saving
 * against going alone; then the core check, the artefacts of heuristic
 * costs, and, for each member that saves nothing under the nucleolus, why. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "terroir share [--help] [MODEL] [--method shapley|nucleolus|epm|all] "
                            "[-o SHARES.json] [--time-limit S] [--seed N] "
                            "[--route-iterations N] [--coalition-seconds S] [--threads N] "
                            "[--samples N] [--report FILE.html] [--quiet]";

enum {
    OPT_HELP, OPT_METHOD, OPT_OUTPUT, OPT_TIME_LIMIT, OPT_SEED, OPT_ROUTE_ITERATIONS,
    OPT_COALITION_SECONDS, OPT_THREADS, OPT_SAMPLES, OPT_QUIET, OPT_REPORT
};

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"method", 'm', 1, OPT_METHOD},
    {"output", 'o', 1, OPT_OUTPUT},
    {"time-limit", 't', 1, OPT_TIME_LIMIT},
    {"seed", 0, 1, OPT_SEED},
    {"route-iterations", 0, 1, OPT_ROUTE_ITERATIONS},
    {"coalition-seconds", 0, 1, OPT_COALITION_SECONDS},
    {"threads", 0, 1, OPT_THREADS},
    {"samples", 0, 1, OPT_SAMPLES},
    {"quiet", 'q', 0, OPT_QUIET},
    {"report", 0, 1, OPT_REPORT},
};

void cli_help_share(FILE *out)
{
    fprintf(out,
            "usage: %s\n"
            "\n"
            "Share the cost of a network among its members (the cooperatives listed under\n"
            "'members' in MODEL; default: the built-in Montérégie dataset).  Every\n"
            "coalition of members is planned alone with terroir solve's engine: members\n"
            "outside it are absent with their producers, hubs, points and vehicles;\n"
            "entities without a member are shared by all.  A coalition's cost is its\n"
            "plan's operating cost (hub fixed costs, handling, transport, vehicles, priced\n"
            "CO2) plus the penalty of its demand left unserved.  Coalitions are solved\n"
            "largest first; each is solved cold and once more with its candidate hubs\n"
            "open or closed as its cheapest superset with one member more has them, and\n"
            "costs the cheaper of the two.  Up to %d members every coalition is solved;\n"
            "beyond, the Shapley value is sampled (95%% interval).\n"
            "\n"
            "Options:\n"
            "  -m, --method M        shapley, nucleolus, epm or all (default all)\n"
            "  -o, --output FILE     write the shares and every coalition's cost as JSON\n"
            "  -t, --time-limit S    for the whole computation, split over the coalitions\n"
            "      --seed N          seed of every coalition's solve (default 1)\n"
            "      --route-iterations N  routing iterations without improvement per\n"
            "                        coalition (default 200); with no time limit the same\n"
            "                        seed gives the same shares on every run\n"
            "      --coalition-seconds S  time limit of each solve of a coalition\n"
            "      --threads N       coalitions solved at once (default 2)\n"
            "      --samples N       orders sampled beyond %d members (default 100)\n"
            "      --report FILE     write the HTML report of the grand coalition's plan\n"
            "                        (the whole model, solved with the same seed and\n"
            "                        iterations) with a section on the cost sharing\n"
            "  -q, --quiet           print nothing but errors\n"
            "  -h, --help            show this help and exit\n"
            "\n"
            "Exit status: 0 on success, 1 on bad input or usage (e.g. fewer than two\n"
            "members, a point without a member), 2 on a solver failure or unwritable output.\n",
            usage, TERROIR_SHARE_EXACT_MAX, TERROIR_SHARE_EXACT_MAX);
}

static const char *money(char *buf, size_t size, double v)
{
    if (!isfinite(v))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.2f", v);
    return buf;
}

static const char *percent(char *buf, size_t size, double saving, double alone)
{
    if (!isfinite(saving) || !(alone > 0))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * saving / alone);
    return buf;
}

/* "{a, b, c}" of a coalition's members. */
/* "{a, b}": the members of a coalition, printed whole (ids have no
 * length limit: a fixed buffer would cut one, and a character with it). */
static void print_coalition(const terroir_share *sh, unsigned long long members)
{
    fputc('{', stdout);
    for (size_t i = 0, shown = 0; i < terroir_share_member_count(sh); i++) {
        if (!((members >> i) & 1ull))
            continue;
        terroir_share_member m = {TERROIR_SHARE_MEMBER_VERSION, NULL, NULL, 0, 0, 0, 0, 0};
        terroir_share_get_member(sh, i, &m);
        printf("%s%s", shown++ ? ", " : "", m.id ? m.id : "?");
    }
    fputc('}', stdout);
}

static double method_value(const terroir_share_member *m, int k)
{
    return k == TERROIR_SHARE_SHAPLEY ? m->shapley
           : k == TERROIR_SHARE_NUCLEOLUS ? m->nucleolus
                                          : m->epm;
}

static void print_table(const terroir_share *sh, unsigned methods)
{
    const char *headers[2 + 3 * TERROIR_SHARE_METHOD_COUNT];
    cli_align align[2 + 3 * TERROIR_SHARE_METHOD_COUNT];
    static const char *const titles[TERROIR_SHARE_METHOD_COUNT] = {"shapley", "nucleolus",
                                                                   "epm"};
    size_t ncols = 0;
    headers[ncols] = "member";
    align[ncols++] = CLI_ALIGN_LEFT;
    headers[ncols] = "alone";
    align[ncols++] = CLI_ALIGN_RIGHT;
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
        if (!((methods >> k) & 1u))
            continue;
        headers[ncols] = titles[k];
        align[ncols++] = CLI_ALIGN_RIGHT;
        headers[ncols] = "saving";
        align[ncols++] = CLI_ALIGN_RIGHT;
        headers[ncols] = "%";
        align[ncols++] = CLI_ALIGN_RIGHT;
    }
    cli_table *t = cli_table_new(ncols, headers, align);
    char cells[2 + 3 * TERROIR_SHARE_METHOD_COUNT][48];
    const char *row[2 + 3 * TERROIR_SHARE_METHOD_COUNT];
    double total[TERROIR_SHARE_METHOD_COUNT] = {0}, alone_total = 0;
    for (size_t i = 0; t && i < terroir_share_member_count(sh); i++) {
        terroir_share_member m = {TERROIR_SHARE_MEMBER_VERSION, NULL, NULL, 0, 0, 0, 0, 0};
        terroir_share_get_member(sh, i, &m);
        size_t c = 0;
        row[c] = m.id; /* whole: a cell buffer would cut a long id */
        c++;
        row[c] = money(cells[c], sizeof cells[c], m.standalone_cost);
        c++;
        alone_total += m.standalone_cost;
        for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
            if (!((methods >> k) & 1u))
                continue;
            double x = method_value(&m, k);
            total[k] += x;
            if (k == TERROIR_SHARE_SHAPLEY && m.shapley_half_width > 0 && isfinite(x))
                snprintf(cells[c], sizeof cells[c], "%.2f ± %.2f", x, m.shapley_half_width);
            else
                money(cells[c], sizeof cells[c], x);
            row[c] = cells[c];
            c++;
            row[c] = money(cells[c], sizeof cells[c], m.standalone_cost - x);
            c++;
            row[c] = percent(cells[c], sizeof cells[c], m.standalone_cost - x, m.standalone_cost);
            c++;
        }
        cli_table_add_row(t, row);
    }
    size_t c = 0;
    row[c++] = "all";
    row[c] = money(cells[c], sizeof cells[c], alone_total);
    c++;
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
        if (!((methods >> k) & 1u))
            continue;
        row[c] = money(cells[c], sizeof cells[c], total[k]);
        c++;
        row[c] = money(cells[c], sizeof cells[c], alone_total - total[k]);
        c++;
        row[c] = percent(cells[c], sizeof cells[c], alone_total - total[k], alone_total);
        c++;
    }
    if (t)
        cli_table_add_row(t, row);
    printf("Shares (money per cycle; saving = alone - share)\n");
    if (t)
        cli_table_print(t, stdout, 2);
    cli_table_free(t);
}

/* The grand coalition's cost without member i, from the coalitions solved
 * (exact results hold every coalition, in order of their bit set). */
static double cost_without(const terroir_share *sh, size_t i)
{
    size_t n = terroir_share_member_count(sh);
    unsigned long long others = ((1ull << n) - 1) & ~(1ull << i);
    terroir_share_coalition c;
    memset(&c, 0, sizeof c);
    c.version = TERROIR_SHARE_COALITION_VERSION;
    if (others == 0 || terroir_share_get_coalition(sh, (size_t)others - 1, &c) != 0 ||
        c.members != others)
        return NAN;
    return c.cost;
}

static void print_core(const terroir_share *sh, const terroir_share_summary *s, unsigned methods)
{
    char a[48], b[48], names[512];
    printf("\nGrand coalition\n");
    printf("  %-22s %s\n", "cost", money(a, sizeof a, s->grand_coalition_cost));
    printf("  %-22s %s (saving %s, %s)\n", "members alone", money(a, sizeof a, s->standalone_total),
           money(b, sizeof b, s->standalone_total - s->grand_coalition_cost),
           percent(names, sizeof names, s->standalone_total - s->grand_coalition_cost,
                   s->standalone_total));
    printf("  %-22s %zu%s in %.1f s\n", "coalitions solved", s->n_coalitions,
           s->exact ? " (all)" : "", s->seconds);
    printf("  %-22s %zu coalition%s improved by %s supersets' hub choice\n", "warm start",
           s->n_warm_started, s->n_warm_started == 1 ? "" : "s",
           s->n_warm_started == 1 ? "its" : "their");
    if (!s->exact) {
        printf("  Shapley sampled over %zu orders of joining (± is the 95%% interval); the\n"
               "  nucleolus, EPM and core check need every coalition (at most %d members).\n",
               s->samples, TERROIR_SHARE_EXACT_MAX);
        return;
    }
    if (s->core_empty == 1)
        printf("  %-22s empty: no split satisfies every coalition; least-core epsilon %s\n"
               "  %-22s (every coalition pays at most its own cost + epsilon; the EPM is\n"
               "  %-22s taken in that least core)\n",
               "core", money(a, sizeof a, s->least_core_epsilon), "", "");
    else
        printf("  %-22s not empty (least-core epsilon %s)\n", "core",
               money(a, sizeof a, s->least_core_epsilon));
    for (int k = 0; k < TERROIR_SHARE_METHOD_COUNT; k++) {
        if (!((methods >> k) & 1u))
            continue;
        size_t nb = terroir_share_blocking_count(sh, (terroir_share_method)k);
        if (nb == 0) {
            printf("  %-22s in the core: no coalition would pay less alone\n",
                   terroir_share_method_to_string((terroir_share_method)k));
            continue;
        }
        printf("  %-22s %zu coalition%s would pay less alone:\n",
               terroir_share_method_to_string((terroir_share_method)k), nb, nb == 1 ? "" : "s");
        for (size_t j = 0; j < nb && j < 5; j++) {
            unsigned long long mem = 0;
            double excess = 0;
            terroir_share_get_blocking(sh, (terroir_share_method)k, j, &mem, &excess);
            printf("    ");
            print_coalition(sh, mem);
            printf(" by %s\n", money(a, sizeof a, excess));
        }
        if (nb > 5)
            printf("    ... (%zu more in the JSON output)\n", nb - 5);
    }
}

static void print_artefacts(const terroir_share *sh, const terroir_share_summary *s)
{
    if (s->n_artefacts == 0)
        return;
    char a[48], b[48];
    printf("\nArtefacts: %zu coalition%s cost more than two parts of it planned apart\n"
           "(with exact solves and no member-less farm, hub or truck, a coalition never\n"
           "does: the heuristic solve missed a better plan; kept as solved, not repaired)\n",
           s->n_artefacts, s->n_artefacts == 1 ? "" : "s");
    size_t shown = 0;
    for (size_t k = 0; k < terroir_share_coalition_count(sh) && shown < 10; k++) {
        terroir_share_coalition c;
        memset(&c, 0, sizeof c);
        c.version = TERROIR_SHARE_COALITION_VERSION;
        terroir_share_get_coalition(sh, k, &c);
        if (!c.artefact)
            continue;
        printf("  ");
        print_coalition(sh, c.members);
        printf(" costs %s > ", money(a, sizeof a, c.cost));
        print_coalition(sh, c.partition);
        printf(" + ");
        print_coalition(sh, c.members & ~c.partition);
        printf(" = %s\n", money(b, sizeof b, c.partition_cost));
        shown++;
    }
    if (s->n_artefacts > shown)
        printf("  ... (%zu more in the JSON output)\n", s->n_artefacts - shown);
}

/* Every member saves under the nucleolus, or the reason it cannot. */
static void print_nucleolus_savings(const terroir_share *sh, const terroir_share_summary *s)
{
    size_t n = terroir_share_member_count(sh);
    double tol = 1e-6 * (1.0 + fabs(s->grand_coalition_cost));
    size_t not_saving = 0;
    char a[48], b[48], c[48];
    for (size_t i = 0; i < n; i++) {
        terroir_share_member m = {TERROIR_SHARE_MEMBER_VERSION, NULL, NULL, 0, 0, 0, 0, 0};
        terroir_share_get_member(sh, i, &m);
        if (m.standalone_cost - m.nucleolus > tol)
            continue;
        if (not_saving++ == 0)
            printf("\nMembers that save nothing under the nucleolus\n");
        double marginal = s->grand_coalition_cost - cost_without(sh, i);
        printf("  %s pays %s, its stand-alone cost %s: ", m.id, money(a, sizeof a, m.nucleolus),
               money(b, sizeof b, m.standalone_cost));
        if (isfinite(marginal) && marginal > m.standalone_cost + tol)
            printf("adding it to the others costs %s, more than it costs alone: the\n"
                   "    grand coalition's plan costs more than planning the others and %s\n"
                   "    apart (%s > %s), a heuristic artefact (see above), and no split\n"
                   "    that the others accept can give it a saving on these costs\n",
                   money(a, sizeof a, marginal), m.id,
                   money(b, sizeof b, s->grand_coalition_cost),
                   money(c, sizeof c, cost_without(sh, i) + m.standalone_cost));
        else if (isfinite(marginal) && marginal >= m.standalone_cost - tol)
            printf("adding it to the others costs %s, what it costs alone: pooling\n"
                   "    saves nothing with it, and no split that the others accept can give\n"
                   "    it a saving\n",
                   money(a, sizeof a, marginal));
        else
            printf("some coalition without it would otherwise pay more than alone; the\n"
                   "    nucleolus first protects the coalitions with the largest complaint\n");
    }
    if (not_saving == 0)
        printf("\nEvery member saves under the nucleolus.\n");
}

/* The HTML report of the whole model's plan (the grand coalition, solved
 * as every coalition was) with the cost-sharing section. */
static int write_report(const terroir_model *model, const terroir_share *sh,
                        const terroir_share_options *so, const char *path)
{
    terroir_solve_options opts = TERROIR_SOLVE_OPTIONS_INIT;
    opts.seed = so->seed;
    opts.route_iterations = so->route_iterations;
    opts.time_limit_seconds = so->coalition_seconds;
    terroir_plan *plan = NULL;
    int rc = terroir_solve(&plan, model, &opts);
    if (rc != 0)
        return rc == TERROIR_ESOLVER ? (cli_report_error(rc, NULL, 0), CLI_EXIT_INTERNAL)
                                     : cli_report_error(rc, NULL, 0);
    terroir_report_options ro = TERROIR_REPORT_OPTIONS_INIT;
    ro.share = sh;
    rc = terroir_report_write_html_file(model, plan, path, &ro);
    terroir_plan_free(plan);
    return rc == 0 ? CLI_EXIT_OK : cli_report_error(rc, path, 1);
}

static int parse_count(const char *arg, double max, unsigned long *out)
{
    double v;
    if (cli_parse_number(arg, &v) != 0 || v < 0 || v != floor(v) || v > max)
        return -1;
    *out = (unsigned long)v;
    return 0;
}

int cli_cmd_share(int argc, char **argv)
{
    cli_parser p;
    const char *in = NULL, *out = NULL, *report = NULL;
    int quiet = 0, opt, rc, status;
    double v;
    unsigned long count;
    terroir_share_options opts = TERROIR_SHARE_OPTIONS_INIT;
    terroir_model *model = NULL;
    terroir_share *sh = NULL;

    cli_parser_init(&p, argc, argv, options, sizeof options / sizeof options[0]);
    while ((opt = cli_parser_next(&p)) != CLI_OPT_END) {
        switch (opt) {
        case OPT_HELP:
            cli_help_share(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case OPT_METHOD:
            if (strcmp(p.arg, "all") == 0)
                opts.methods = (1u << TERROIR_SHARE_METHOD_COUNT) - 1;
            else if (strcmp(p.arg, "shapley") == 0)
                opts.methods = 1u << TERROIR_SHARE_SHAPLEY;
            else if (strcmp(p.arg, "nucleolus") == 0)
                opts.methods = 1u << TERROIR_SHARE_NUCLEOLUS;
            else if (strcmp(p.arg, "epm") == 0)
                opts.methods = 1u << TERROIR_SHARE_EPM;
            else
                return cli_usage_error("share", usage,
                                       "--method must be shapley, nucleolus, epm or all, not '%s'",
                                       p.arg);
            break;
        case OPT_OUTPUT:
            if (!p.arg[0])
                return cli_usage_error("share", usage, "empty output file name");
            out = p.arg;
            break;
        case OPT_TIME_LIMIT:
        case OPT_COALITION_SECONDS:
            if (cli_parse_number(p.arg, &v) != 0 || !(v > 0))
                return cli_usage_error("share", usage,
                                       "--%s needs a positive number of seconds, not '%s'",
                                       opt == OPT_TIME_LIMIT ? "time-limit" : "coalition-seconds",
                                       p.arg);
            *(opt == OPT_TIME_LIMIT ? &opts.time_limit_seconds : &opts.coalition_seconds) = v;
            break;
        case OPT_SEED:
            if (parse_count(p.arg, 4294967295.0, &count) != 0)
                return cli_usage_error("share", usage,
                                       "--seed needs a non-negative integer, not '%s'", p.arg);
            opts.seed = count;
            break;
        case OPT_ROUTE_ITERATIONS:
            if (parse_count(p.arg, 4294967295.0, &count) != 0 || count == 0)
                return cli_usage_error("share", usage,
                                       "--route-iterations needs a positive integer, not '%s'",
                                       p.arg);
            opts.route_iterations = count;
            break;
        case OPT_THREADS:
            if (parse_count(p.arg, 64, &count) != 0 || count == 0)
                return cli_usage_error("share", usage,
                                       "--threads needs an integer from 1 to 64, not '%s'", p.arg);
            opts.threads = (unsigned int)count;
            break;
        case OPT_SAMPLES:
            if (parse_count(p.arg, 100000, &count) != 0 || count == 0)
                return cli_usage_error("share", usage,
                                       "--samples needs an integer from 1 to 100000, not '%s'",
                                       p.arg);
            opts.samples = count;
            break;
        case OPT_QUIET:
            quiet = 1;
            break;
        case OPT_REPORT:
            if (!p.arg[0])
                return cli_usage_error("share", usage, "empty --report file name");
            report = p.arg;
            break;
        case CLI_OPT_POSITIONAL:
            if (in)
                return cli_usage_error("share", usage, "unexpected argument '%s'", p.arg);
            in = p.arg;
            break;
        default:
            return cli_usage_error("share", usage, "%s", p.error);
        }
    }
    /* outputs writable before the coalitions are solved */
    if ((status = cli_check_output(out, 0)) != CLI_EXIT_OK ||
        (status = cli_check_output(report, 0)) != CLI_EXIT_OK)
        return status;
    status = in ? cli_load_model(&model, in, NULL, 0, NULL)
                : cli_load_model(&model, NULL, (const char *)cli_default_dataset,
                                 cli_default_dataset_len, cli_default_dataset_name);
    if (status != CLI_EXIT_OK)
        return status;
    rc = terroir_share_compute(&sh, model, &opts);
    if (rc != 0) {
        status = cli_report_error(rc, in ? in : cli_default_dataset_name, 0);
        if (rc == TERROIR_ESOLVER)
            status = CLI_EXIT_INTERNAL;
        goto done;
    }
    if (out && (rc = terroir_share_write_json_file(sh, out)) != 0) {
        status = cli_report_error(rc, out, 1);
        goto done;
    }
    if (report && (status = write_report(model, sh, &opts, report)) != CLI_EXIT_OK)
        goto done;
    if (!quiet) {
        terroir_share_summary s;
        memset(&s, 0, sizeof s);
        s.version = TERROIR_SHARE_SUMMARY_VERSION;
        terroir_share_get_summary(sh, &s);
        if (!s.exact)
            opts.methods &= 1u << TERROIR_SHARE_SHAPLEY;
        printf("Coalition cost: operating cost (hub fixed costs, handling, transport,\n"
               "vehicles, priced CO2) + penalty of the coalition's demand left unserved.\n\n");
        print_table(sh, opts.methods);
        print_core(sh, &s, opts.methods);
        print_artefacts(sh, &s);
        if (s.exact && (opts.methods & (1u << TERROIR_SHARE_NUCLEOLUS)))
            print_nucleolus_savings(sh, &s);
        status = cli_finish_stdout(CLI_EXIT_OK);
    }
done:
    terroir_share_free(sh);
    terroir_model_free(model);
    return status;
}
