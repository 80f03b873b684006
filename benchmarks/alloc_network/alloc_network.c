/* Benchmark runner: the allocation LP (stage 2) on a generated network
 * (generate.c; by default 2,000 producers, 20 hubs, 3,000 points, 4
 * products), ours against plain glpsol on the plain LP of the same network.
 * Public API only (terroir/terroir.h): the allocation runs through
 * terroir_solve() with opts.stages = 1u << TERROIR_STAGE_ALLOCATE, on the
 * hubs the generator opens by status.
 *
 * Steps, each in a child process so that its peak memory (getrusage
 * ru_maxrss of the child, via wait4) is its own:
 *   1. one terroir_solve() with opts.write_lp_path = WORK/alloc_network.lp:
 *      with no design stage, the allocation writes its plain LP there
 *      (every arc a column, the exact shelf-life formulation; CPLEX LP
 *      format) before solving.  This run is not timed; its log callback
 *      gives the column generation's rounds and arcs for the table.
 *   2. terroir_solve() without writing, `--repeat` times (default 3), each
 *      in a fresh child; the time is the wall clock around the call (model
 *      in, plan out), the median is reported, the peak memory is the
 *      highest of the children's.  Objective and status come from
 *      terroir_plan_get_summary().
 *   3. `glpsol --lp WORK/alloc_network.lp` (default options: primal
 *      simplex), timed as wall clock of the process (reading included) and
 *      as the "Time used" glpsol reports for its solve alone.
 * Prints a Markdown table: objective both, relative difference (must be
 * <= 1e-6), seconds both, the ratio (glpsol solve time / ours), peak memory
 * both, and the load average before each step (the machine may be shared).
 *
 * Usage: alloc_network [--producers N] [--hubs N] [--points N] [--products N]
 *                      [--seed S] [--work DIR] [--repeat N] [--no-glpsol]
 *                      [--glpsol-limit S]
 * Progress goes to stderr, the table to stdout.  Exit status 0 when every
 * step ran and the objectives agree, 1 otherwise, 2 on bad usage. */
/* wait4() (the child's own rusage) is a BSD/GNU extension. */
#define _DEFAULT_SOURCE 1
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <terroir/terroir.h>

#include "generate.h"

#define MAX_REPEAT 15
#define OBJ_TOLERANCE 1e-6

/* What one step reports back to the parent (through a pipe, plain data). */
typedef struct run {
    int ok;
    double objective, bound, seconds, solve_seconds;
    long max_rss_kb;
    char status[32];
    size_t rounds, arcs, flows, unserved; /* ours: last CG round; glpsol: iterations */
    size_t rows, columns;                 /* glpsol: size of the plain LP */
} run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The 1-minute load average, or -1 when /proc is not there. */
static double load1(void)
{
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

/* Log callback of the untimed run: keeps the column generation's last
 * "allocation, round N: M arcs, ..." line (the coupled LP). */
static void keep_cg_line(const char *line, void *data)
{
    run *r = data;
    size_t n, arcs;
    if (strncmp(line, "allocation, round ", 18) == 0 &&
        sscanf(line + 18, "%zu: %zu arcs", &n, &arcs) == 2) {
        r->rounds = n;
        r->arcs = arcs;
    }
}

/* One terroir_solve() of the allocation stage alone; the time is the wall
 * clock around the call.  lp_path != NULL: write the plain LP there first.
 * with_log: record the column generation's rounds from the log (GLPK then
 * logs too, so timed runs go without). */
static int solve_ours(const terroir_model *m, const char *lp_path, int with_log, run *r)
{
    terroir_solve_options o;
    terroir_plan *plan = NULL;
    if (terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION) != 0)
        return -1;
    o.stages = 1u << TERROIR_STAGE_ALLOCATE;
    o.write_lp_path = lp_path;
    if (with_log) {
        o.log = keep_cg_line;
        o.log_data = r;
    }
    double t0 = now();
    int rc = terroir_solve(&plan, m, &o);
    r->seconds = now() - t0;
    if (rc != 0) {
        fprintf(stderr, "terroir_solve failed: %s\n",
                terroir_error_last() ? terroir_error_last()->message : "?");
        return rc;
    }
    terroir_plan_summary s;
    if (terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION) != 0 ||
        terroir_plan_get_summary(plan, &s) != 0) {
        terroir_plan_free(plan);
        return -1;
    }
    r->objective = s.objective;
    r->bound = s.bound;
    r->solve_seconds = s.solve_seconds;
    r->flows = terroir_plan_flow_count(plan);
    r->unserved = terroir_plan_unserved_count(plan);
    snprintf(r->status, sizeof r->status, "%s", terroir_status_to_string(s.status));
    terroir_plan_free(plan);
    return 0;
}

/* Run solve_ours in a child; it writes a `run` into the pipe.  Fills *out
 * with it and the child's peak memory.  -1 when the child could not run. */
static int in_child(const terroir_model *m, const char *lp_path, int with_log, run *out)
{
    int fds[2];
    memset(out, 0, sizeof *out);
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
        run r;
        close(fds[0]);
        memset(&r, 0, sizeof r);
        r.ok = solve_ours(m, lp_path, with_log, &r) == 0;
        ssize_t w = write(fds[1], &r, sizeof r);
        _exit(w == (ssize_t)sizeof r ? 0 : 1);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], out, sizeof *out);
    close(fds[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return -1;
    if (got != (ssize_t)sizeof *out || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        out->ok = 0;
    out->max_rss_kb = ru.ru_maxrss;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* glpsol in a child; objective, status and size from its -o report,
 * solve time and simplex iterations from its log. */
static int run_glpsol(const char *lp_path, const char *work, double limit, run *r)
{
    char out[4096], log[4096], tml[32];
    snprintf(out, sizeof out, "%s/glpsol.out", work);
    snprintf(log, sizeof log, "%s/glpsol.log", work);
    snprintf(tml, sizeof tml, "%d", (int)limit);
    memset(r, 0, sizeof *r);
    fflush(NULL);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (!freopen(log, "w", stdout))
            _exit(126);
        if (limit > 0)
            execlp("glpsol", "glpsol", "--lp", lp_path, "-o", out, "--tmlim", tml, (char *)NULL);
        else
            execlp("glpsol", "glpsol", "--lp", lp_path, "-o", out, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return -1;
    r->seconds = now() - t0;
    r->max_rss_kb = ru.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    char line[1024];
    FILE *f = fopen(out, "r");
    if (!f)
        return -1;
    snprintf(r->status, sizeof r->status, "?");
    int have_obj = 0;
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, "obj =");
        if (strncmp(line, "Objective:", 10) == 0 && p) {
            r->objective = strtod(p + 5, NULL);
            have_obj = 1;
        }
        if (strncmp(line, "Status:", 7) == 0) {
            char s[64] = "";
            if (sscanf(line + 7, "%63s", s) == 1)
                snprintf(r->status, sizeof r->status, "%s", s);
        }
        if (strncmp(line, "Rows:", 5) == 0)
            r->rows = strtoul(line + 5, NULL, 10);
        if (strncmp(line, "Columns:", 8) == 0)
            r->columns = strtoul(line + 8, NULL, 10);
    }
    fclose(f);
    f = fopen(log, "r");
    if (f) {
        while (fgets(line, sizeof line, f)) {
            size_t it;
            if (strncmp(line, "Time used:", 10) == 0)
                r->solve_seconds = strtod(line + 10, NULL);
            /* simplex progress lines: "*113838: obj = ..." or " 1234: obj = ..." */
            else if ((line[0] == '*' || line[0] == ' ') && sscanf(line + 1, "%zu:", &it) == 1 &&
                     strstr(line, "obj ="))
                r->rounds = it;
        }
        fclose(f);
    }
    r->ok = have_obj;
    return have_obj ? 0 : -1;
}

static void usage(void)
{
    fprintf(stderr, "usage: alloc_network [--producers N] [--hubs N] [--points N] [--products N]\n"
                    "                     [--seed S] [--work DIR] [--repeat N] [--no-glpsol]\n"
                    "                     [--glpsol-limit S]\n");
}

int main(int argc, char **argv)
{
    gen_params gp = GEN_PARAMS_DEFAULT;
    const char *work = "benchmarks/results";
    int glpsol = 1, repeat = 3, failed = 0;
    double glpsol_limit = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--no-glpsol")) {
            glpsol = 0;
            continue;
        }
        if (!v) {
            usage();
            return 2;
        }
        i++;
        if (!strcmp(a, "--producers"))
            gp.producers = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--hubs"))
            gp.hubs = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--points"))
            gp.points = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--products"))
            gp.products = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--seed"))
            gp.seed = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--work"))
            work = v;
        else if (!strcmp(a, "--repeat"))
            repeat = atoi(v);
        else if (!strcmp(a, "--glpsol-limit"))
            glpsol_limit = strtod(v, NULL);
        else {
            usage();
            return 2;
        }
    }
    if (repeat < 1 || repeat > MAX_REPEAT) {
        fprintf(stderr, "--repeat must be 1..%d\n", MAX_REPEAT);
        return 2;
    }
    if (mkdir(work, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "cannot create %s: %s\n", work, strerror(errno));
        return 1;
    }
    terroir_model *m = NULL;
    double t0 = now();
    if (gen_network(&m, &gp) != 0) {
        fprintf(stderr, "generation failed: %s\n",
                terroir_error_last() ? terroir_error_last()->message : "?");
        return 1;
    }
    fprintf(stderr, "generated %zu producers, %zu hubs, %zu points, %zu products in %.2f s\n",
            gp.producers, gp.hubs, gp.points, gp.products, now() - t0);

    char lp_path[4096];
    snprintf(lp_path, sizeof lp_path, "%s/alloc_network.lp", work);
    run first, ours, theirs, one;
    double times[MAX_REPEAT], load_ours, load_glpsol = -1;
    memset(&theirs, 0, sizeof theirs);

    /* 1. untimed: write the plain LP (when glpsol runs), count CG rounds */
    double w0 = now();
    if (in_child(m, glpsol ? lp_path : NULL, 1, &first) != 0 || !first.ok) {
        fprintf(stderr, "the untimed terroir_solve (writing %s) failed\n", lp_path);
        terroir_model_free(m);
        return 1;
    }
    fprintf(stderr, "untimed run%s: %.2f s, %s, objective %.10g, %zu rounds, %zu arcs\n",
            glpsol ? " (plain LP written)" : "", now() - w0, first.status, first.objective,
            first.rounds, first.arcs);

    /* 2. timed: median of `repeat` fresh children */
    load_ours = load1();
    memset(&ours, 0, sizeof ours);
    for (int k = 0; k < repeat; k++) {
        if (in_child(m, NULL, 0, &one) != 0 || !one.ok) {
            fprintf(stderr, "timed terroir_solve %d failed\n", k + 1);
            terroir_model_free(m);
            return 1;
        }
        fprintf(stderr, "terroir run %d: %.3f s, %s, objective %.10g, peak %.0f MiB\n", k + 1,
                one.seconds, one.status, one.objective, (double)one.max_rss_kb / 1024.0);
        if (fabs(one.objective - first.objective) > 1e-9 * fmax(1.0, fabs(first.objective))) {
            fprintf(stderr, "run %d objective differs from the first run's\n", k + 1);
            failed = 1;
        }
        times[k] = one.seconds;
        long rss = ours.max_rss_kb > one.max_rss_kb ? ours.max_rss_kb : one.max_rss_kb;
        ours = one;
        ours.max_rss_kb = rss;
    }
    qsort(times, (size_t)repeat, sizeof *times, cmp_double);
    ours.seconds = times[repeat / 2];

    /* 3. glpsol on the plain LP */
    if (glpsol) {
        load_glpsol = load1();
        fprintf(stderr, "running glpsol --lp %s (load average %.2f) ...\n", lp_path, load_glpsol);
        if (run_glpsol(lp_path, work, glpsol_limit, &theirs) != 0) {
            fprintf(stderr, "glpsol failed (see %s/glpsol.log)\n", work);
            failed = 1;
        }
    }

    char name[128];
    snprintf(name, sizeof name, "%zu prod, %zu hubs, %zu points, %zu products (seed %lu)",
             gp.producers, gp.hubs, gp.points, gp.products, gp.seed);
    printf("| network | solver | status | objective | seconds | peak memory (MiB) | load avg |\n");
    printf("| --- | --- | --- | ---: | ---: | ---: | ---: |\n");
    printf("| %s | terroir_solve, allocation stage (column generation, %zu rounds, %zu arcs; "
           "median of %d, range %.2f-%.2f) | %s | %.10g | %.2f | %.0f | %.2f |\n",
           name, first.rounds, first.arcs, repeat, times[0], times[repeat - 1], ours.status,
           ours.objective, ours.seconds, (double)ours.max_rss_kb / 1024.0, load_ours);
    if (glpsol && theirs.ok) {
        printf("| %s | glpsol --lp (plain LP, %zu rows, %zu columns, %zu iterations) | %s | "
               "%.10g | %.2f (solve %.2f) | %.0f | %.2f |\n",
               name, theirs.rows, theirs.columns, theirs.rounds, theirs.status, theirs.objective,
               theirs.seconds, theirs.solve_seconds, (double)theirs.max_rss_kb / 1024.0,
               load_glpsol);
        double rel = fabs(ours.objective - theirs.objective) / fmax(1.0, fabs(theirs.objective));
        double base = theirs.solve_seconds > 0 ? theirs.solve_seconds : theirs.seconds;
        int same = rel <= OBJ_TOLERANCE;
        if (!same)
            failed = 1;
        printf("\nrelative objective difference: %.3g (%s, tolerance %.0e); time ratio glpsol "
               "solve / terroir: %.1fx (wall clock: %.1fx)\n",
               rel, same ? "same optimum" : "DIFFERENT", OBJ_TOLERANCE, base / ours.seconds,
               theirs.seconds / ours.seconds);
    }
    terroir_model_free(m);
    return failed;
}
