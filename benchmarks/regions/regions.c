/* Benchmark runner: the regional datasets end to end (issue 6).  For each
 * YAML file given, in a fresh child process (region_run.c): load and
 * validate, terroir_solve() with a time limit, terroir_baseline_direct()
 * on the plan (every producer driving its own goods to the points, no
 * hub); one table row per region: sites, stops routed, solve seconds per
 * stage and in total, peak memory, objective, served share, routes, km,
 * tonne-km and CO2 of the cooperative plan, the baseline's routes, km,
 * tonne-km and CO2, and the reduction of routes and km against the
 * baseline beside Bosona and Gebresenbet's (2011) 68% and 50%; then a
 * summary row.
 *
 * A region whose load + solve takes longer than --max-seconds (default
 * 120) or whose peak memory through the solve exceeds --max-mib (default
 * 2048) is flagged OVER, and the exit status is then 1 (also when a region
 * fails); 2 on bad usage.
 *
 * Usage: regions [--time S] [--seed N] [--baseline-time S]
 *                [--baseline-iterations N] [--max-seconds S] [--max-mib M]
 *                [--tsv FILE] REGION.yaml...
 * The table (Markdown) goes to stdout, progress to stderr.  Public API
 * only. */
#define _DEFAULT_SOURCE 1
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "region.h"

/* Bosona and Gebresenbet (2011), Biosystems Engineering 108(4): reduction
 * of the number of routes and of the driving distance by coordinated
 * collection through hubs in a Swedish local-food network. */
#define BG_ROUTES_PCT 68.0
#define BG_KM_PCT 50.0

typedef struct limits {
    double seconds;
    double mib;
} limits;

typedef struct totals {
    size_t regions, failed, over, sites, stops, routes, base_routes;
    double seconds, max_seconds, max_mib, objective, demand, served;
    double km, tonne_km, co2, base_km, base_tonne_km, base_co2, base_seconds;
} totals;

static void usage(void)
{
    fprintf(stderr, "usage: regions [--time S] [--seed N] [--baseline-time S] "
                    "[--baseline-iterations N]\n"
                    "               [--max-seconds S] [--max-mib M] [--tsv FILE] "
                    "REGION.yaml...\n");
}

/* Run one region in a child; *r gets its result, *peak_kb the child's
 * whole peak (baseline included).  -1 when the child could not run. */
static int in_child(const char *path, const region_params *p, region_result *r, long *peak_kb)
{
    int fds[2];
    memset(r, 0, sizeof *r);
    *peak_kb = 0;
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        region_result mine;
        region_run(path, p, &mine);
        const char *b = (const char *)&mine;
        size_t left = sizeof mine;
        while (left > 0) {
            ssize_t n = write(fds[1], b, left);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                _exit(1);
            b += n;
            left -= (size_t)n;
        }
        _exit(0);
    }
    close(fds[1]);
    char *b = (char *)r;
    size_t got = 0;
    while (got < sizeof *r) {
        ssize_t n = read(fds[0], b + got, sizeof *r - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return -1;
    *peak_kb = ru.ru_maxrss;
    if (got != sizeof *r || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        r->ok = 0;
        snprintf(r->error, sizeof r->error, "the child process died (status %d)", status);
    }
    return 0;
}

/* "monteregie" from "datasets/regions/16-monteregie.yaml". */
static void region_name(const char *path, char *out, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(out, size, "%s", base);
    char *dot = strrchr(out, '.');
    if (dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0))
        *dot = '\0';
}

static double pct(double reduction)
{
    return isnan(reduction) ? NAN : 100.0 * reduction;
}

static double reduction(double plan, double baseline)
{
    return baseline > 0 && plan > 0 ? 1.0 - plan / baseline : NAN;
}

static void print_header(void)
{
    printf("| region | sites P/H/J | vehicles | stops | design s | allocate s | route s | "
           "solve s | load s | peak MiB | status | objective | served %% | open hubs | routes | "
           "km | t·km | CO2 kg | baseline routes | baseline km | baseline t·km | baseline CO2 kg "
           "| baseline s | routes saved %% (B&G %.0f) | km saved %% (B&G %.0f) | estimate vs routed %% "
           "| flags |\n",
           BG_ROUTES_PCT, BG_KM_PCT);
    printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | "
           "---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
           "---: | ---: | --- |\n");
}

static void print_tsv_header(FILE *f)
{
    if (!f)
        return;
    fprintf(f, "region\tproducers\thubs\tpoints\tvehicles\tstops\tunserved_stops\tdesign_s\t"
               "allocate_s\troute_s\tsolve_s\tload_s\tsolve_peak_mib\tprocess_peak_mib\tstatus\t"
               "objective\tdemand_kg\tserved_kg\thubs_open\troutes\tkm\ttonne_km\tco2_kg\t"
               "routed_cost\tbaseline_producers\tbaseline_stops\tbaseline_routes\tbaseline_km\t"
               "baseline_minutes\tbaseline_cost\tbaseline_tonne_km\tbaseline_co2_kg\t"
               "baseline_delivered_kg\tbaseline_undelivered_kg\tdirect_kg\tplan_lost_kg\t"
               "route_reduction\tkm_reduction\tbaseline_s\ttransport_estimate\testimate_error\tflags\n");
}

static void print_row(const char *name, const region_result *r, double peak_mib,
                      double process_mib, const char *flags, FILE *tsv)
{
    const terroir_baseline *b = &r->baseline;
    if (!r->ok) {
        /* 27 cells: the name, "failed" as the status (11th), the error last */
        printf("| %s |", name);
        for (int c = 2; c < 27; c++)
            printf(c == 11 ? " failed |" : " |");
        printf(" %s %s |\n", flags, r->error);
        if (tsv) { /* 42 columns: counts, peak of the process, status, error last */
            fprintf(tsv, "%s\t%zu\t%zu\t%zu\t%zu", name, r->producers, r->hubs, r->points,
                    r->vehicles);
            for (int c = 6; c < 42; c++) {
                if (c == 14)
                    fprintf(tsv, "\t%.1f", process_mib);
                else
                    fputs(c == 15 ? "\tfailed" : "\t", tsv);
            }
            fprintf(tsv, "\t%s %s\n", flags, r->error);
        }
        return;
    }
    double served = r->demand_kg > 0 ? 100.0 * r->served_kg / r->demand_kg : NAN;
    printf("| %s | %zu/%zu/%zu | %zu | %zu | %.1f | %.1f | %.1f | %.1f | %.2f | %.0f | %s | %.0f "
           "| %.1f | %zu | %zu | %.0f | %.0f | %.0f | %zu | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f "
           "| %+.1f | %s |\n",
           name, r->producers, r->hubs, r->points, r->vehicles, r->stops,
           r->stage_seconds[TERROIR_STAGE_DESIGN], r->stage_seconds[TERROIR_STAGE_ALLOCATE],
           r->stage_seconds[TERROIR_STAGE_ROUTE], r->solve_seconds, r->load_seconds, peak_mib,
           r->status, r->objective, served, r->hubs_open, r->routes, r->km, r->tonne_km,
           r->co2_kg, b->routes, b->km, b->tonne_km, b->co2_kg, b->seconds, pct(b->route_reduction),
           pct(b->km_reduction), pct(r->estimate_error), flags);
    if (!tsv)
        return;
    fprintf(tsv,
            "%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.1f\t%.1f\t%s\t%.17g\t"
            "%.17g\t%.17g\t%zu\t%zu\t%.17g\t%.17g\t%.17g\t%.17g\t%zu\t%zu\t%zu\t%.17g\t%.17g\t"
            "%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.6f\t%.17g\t%.17g\t%s\n",
            name, r->producers, r->hubs, r->points, r->vehicles, r->stops, r->unserved_stops,
            r->stage_seconds[TERROIR_STAGE_DESIGN], r->stage_seconds[TERROIR_STAGE_ALLOCATE],
            r->stage_seconds[TERROIR_STAGE_ROUTE], r->solve_seconds, r->load_seconds, peak_mib,
            process_mib, r->status, r->objective, r->demand_kg, r->served_kg, r->hubs_open,
            r->routes, r->km, r->tonne_km, r->co2_kg, r->routed_cost, b->producers, b->stops,
            b->routes, b->km, b->minutes, b->cost, b->tonne_km, b->co2_kg, b->delivered_kg,
            b->undelivered_kg, b->direct_kg, b->plan_lost_kg, b->route_reduction,
            b->km_reduction, b->seconds, r->transport_estimate, r->estimate_error, flags);
}

static void add_totals(totals *t, const region_result *r, double peak_mib, int over)
{
    t->regions++;
    t->over += over != 0;
    if (!r->ok) {
        t->failed++;
        return;
    }
    const terroir_baseline *b = &r->baseline;
    double s = r->load_seconds + r->solve_seconds;
    t->sites += r->producers + r->hubs + r->points;
    t->stops += r->stops;
    t->seconds += s;
    t->max_seconds = fmax(t->max_seconds, s);
    t->max_mib = fmax(t->max_mib, peak_mib);
    t->objective += r->objective;
    t->demand += r->demand_kg;
    t->served += r->served_kg;
    t->routes += r->routes;
    t->km += r->km;
    t->tonne_km += r->tonne_km;
    t->co2 += r->co2_kg;
    t->base_routes += b->routes;
    t->base_km += b->km;
    t->base_tonne_km += b->tonne_km;
    t->base_co2 += b->co2_kg;
    t->base_seconds += b->seconds;
}

static void print_summary(const totals *t, const limits *lim)
{
    printf("| **all %zu** | %zu sites | | %zu | | | | max %.1f | | max %.0f | %zu failed | %.0f | "
           "%.1f | | %zu | %.0f | %.0f | %.0f | %zu | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %zu "
           "over |\n",
           t->regions, t->sites, t->stops, t->max_seconds, t->max_mib, t->failed, t->objective,
           t->demand > 0 ? 100.0 * t->served / t->demand : NAN, t->routes, t->km, t->tonne_km,
           t->co2, t->base_routes, t->base_km, t->base_tonne_km, t->base_co2, t->base_seconds,
           pct(reduction((double)t->routes, (double)t->base_routes)),
           pct(reduction(t->km, t->base_km)), t->over);
    printf("\nSummary: %zu region(s), %zu failed, %zu over the limits (%.0f s, %.0f MiB); "
           "load + solve %.1f s in all, at most %.1f s; peak memory at most %.0f MiB.\n",
           t->regions, t->failed, t->over, lim->seconds, lim->mib, t->seconds, t->max_seconds,
           t->max_mib);
    printf("Cooperative plans against producers driving alone: %.1f%% fewer routes "
           "(Bosona & Gebresenbet 2011: %.0f%%), %.1f%% fewer km (B&G: %.0f%%); "
           "tonne-km %+.1f%%, CO2 %+.1f%% (plan / baseline - 1).\n",
           pct(reduction((double)t->routes, (double)t->base_routes)), BG_ROUTES_PCT,
           pct(reduction(t->km, t->base_km)), BG_KM_PCT,
           -pct(reduction(t->tonne_km, t->base_tonne_km)), -pct(reduction(t->co2, t->base_co2)));
}

static int parse_args(int argc, char **argv, region_params *p, limits *lim, const char **tsv,
                      int *first)
{
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            return -1;
        const char *v = argv[++i];
        char *end = NULL;
        if (strcmp(a, "--time") == 0)
            p->time_limit = strtod(v, &end);
        else if (strcmp(a, "--seed") == 0)
            p->seed = strtoul(v, &end, 10);
        else if (strcmp(a, "--baseline-time") == 0)
            p->baseline_time = strtod(v, &end);
        else if (strcmp(a, "--baseline-iterations") == 0)
            p->baseline_iterations = strtoul(v, &end, 10);
        else if (strcmp(a, "--max-seconds") == 0)
            lim->seconds = strtod(v, &end);
        else if (strcmp(a, "--max-mib") == 0)
            lim->mib = strtod(v, &end);
        else if (strcmp(a, "--tsv") == 0) {
            *tsv = v;
            continue;
        } else
            return -1;
        if (!end || *end != '\0' || end == v)
            return -1;
    }
    *first = i;
    return i < argc && p->time_limit >= 0 && p->baseline_time >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    region_params p = {110.0, 1, 60.0, 0};
    limits lim = {120.0, 2048.0};
    const char *tsv_path = NULL;
    int first = 0;
    if (parse_args(argc, argv, &p, &lim, &tsv_path, &first) != 0) {
        usage();
        return 2;
    }
    FILE *tsv = NULL;
    if (tsv_path && !(tsv = fopen(tsv_path, "w"))) {
        fprintf(stderr, "regions: cannot write %s\n", tsv_path);
        return 2;
    }
    char budget[64];
    if (p.baseline_time > 0)
        snprintf(budget, sizeof budget, "at most %.0f s per region and ", p.baseline_time);
    else
        budget[0] = '\0';
    printf("terroir %s; solve time limit %.0f s per region, seed %lu; baseline: %s%lu iterations "
           "without improvement per producer; limits %.0f s (load + solve) and %.0f MiB (peak "
           "through the solve)\n\n",
           terroir_version(), p.time_limit, p.seed, budget,
           p.baseline_iterations ? p.baseline_iterations
                                 : (unsigned long)TERROIR_BASELINE_DEFAULT_ITERATIONS,
           lim.seconds, lim.mib);
    print_header();
    print_tsv_header(tsv);
    totals t;
    memset(&t, 0, sizeof t);
    for (int i = first; i < argc; i++) {
        char name[128], flags[64] = "";
        region_result r;
        long process_kb = 0;
        region_name(argv[i], name, sizeof name);
        fprintf(stderr, "regions: %s ...\n", name);
        if (in_child(argv[i], &p, &r, &process_kb) != 0) {
            memset(&r, 0, sizeof r);
            snprintf(r.error, sizeof r.error, "could not start a process");
        }
        double peak = (double)r.solve_peak_kb / 1024.0, process = (double)process_kb / 1024.0;
        int over = r.ok && (r.load_seconds + r.solve_seconds > lim.seconds || peak > lim.mib);
        if (over)
            snprintf(flags, sizeof flags, "OVER %s%s",
                     r.load_seconds + r.solve_seconds > lim.seconds ? "time " : "",
                     peak > lim.mib ? "memory" : "");
        print_row(name, &r, peak, process, flags, tsv);
        fflush(stdout);
        add_totals(&t, &r, peak, over);
    }
    print_summary(&t, &lim);
    if (tsv)
        fclose(tsv);
    return t.failed || t.over ? 1 : 0;
}
