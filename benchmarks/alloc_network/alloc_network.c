/* Benchmark runner: the allocation LP (stage 2) on a generated network
 * (generate.c; by default 2,000 producers, 20 hubs, 3,000 points, 4
 * products), ours against plain glpsol on the plain LP of the same network.
 *
 * Steps, each in a child process so that its peak memory (getrusage
 * ru_maxrss of the child) is its own:
 *   1. write the plain LP (every arc a column; CPLEX LP format, numbers with
 *      a leading digit) to WORK/alloc_network.lp;
 *   2. our allocation (column generation over the arcs, lib/alloc), timed
 *      from the validated model to the finished result (network building,
 *      every LP round, flow decomposition, unserved reasons);
 *   3. `glpsol --lp WORK/alloc_network.lp` (default options: primal simplex),
 *      timed as wall clock of the process (reading included) and as the
 *      "Time used" glpsol reports for its solve alone.
 * Prints a Markdown table: objective both, relative difference, seconds
 * both, the ratio (glpsol solve time / ours), peak memory both.
 *
 * SOLVER PATH: terroir_solve() with the allocation stage alone is the
 * public route; until the plan API is in the library, the runner calls the
 * allocation stage through the INTERNAL API (alloc__solve, and the plain LP
 * writer), marked "INTERNAL" below.  The generator uses the public builder
 * API only.
 *
 * Usage: alloc_network [--producers N] [--hubs N] [--points N] [--products N]
 *                      [--seed S] [--work DIR] [--no-glpsol] [--glpsol-limit S]
 * Progress goes to stderr, the table to stdout. */
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

/* INTERNAL: the allocation stage and the plain LP writer. */
#include "alloc/alloc.h"
#include "alloc/alloc_internal.h"
#include "alloc/network.h"
#include "lp/lp.h"

typedef struct run {
    int ok;
    double objective, bound, seconds, solve_seconds;
    long max_rss_kb;
    char status[32];
    size_t rounds, columns;
} run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *lp_status_name(lp_status s)
{
    switch (s) {
    case LP_OPTIMAL: return "optimal";
    case LP_FEASIBLE: return "feasible";
    case LP_INFEASIBLE: return "infeasible";
    case LP_UNBOUNDED: return "unbounded";
    case LP_TIME_LIMIT: return "time_limit";
    case LP_CANCELED: return "canceled";
    }
    return "?";
}

/* Run `fn` in a child; it writes a `run` into the pipe.  Fills *out with it
 * and the child's peak memory. */
static int in_child(int (*fn)(const terroir_model *, const char *, run *), const terroir_model *m,
                    const char *arg, run *out)
{
    int fds[2];
    memset(out, 0, sizeof *out);
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        run r;
        memset(&r, 0, sizeof r);
        r.ok = fn(m, arg, &r) == 0;
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
    if (got != (ssize_t)sizeof *out)
        out->ok = 0;
    out->max_rss_kb = ru.ru_maxrss;
    return 0;
}

static int write_plain(const terroir_model *m, const char *path, run *r)
{
    alloc_network net;
    alloc_plain pl;
    double t0 = now();
    if (net__build(&net, m, NULL) != 0)
        return -1;
    int rc = alloc__plain_build(&pl, &net, 0, NULL);
    if (rc == 0) {
        rc = lp__write_lp(pl.lp, path);
        r->columns = lp__col_count(pl.lp);
        r->rounds = lp__row_count(pl.lp);
        alloc__plain_free(&pl);
    }
    net__free(&net);
    r->seconds = now() - t0;
    return rc;
}

static int solve_ours(const terroir_model *m, const char *unused, run *r)
{
    (void)unused;
    alloc_result res;
    double t0 = now();
    int rc = alloc__solve(m, NULL, NULL, &res); /* INTERNAL */
    r->seconds = now() - t0;
    if (rc != 0) {
        fprintf(stderr, "allocation failed: %s\n",
                terroir_error_last() ? terroir_error_last()->message : "?");
        return rc;
    }
    r->objective = res.objective;
    r->bound = res.bound;
    r->rounds = res.rounds;
    r->columns = res.columns;
    snprintf(r->status, sizeof r->status, "%s", lp_status_name(res.status));
    fprintf(stderr, "ours: %s, objective %.10g, %zu rounds, %zu arcs in the final LP, "
                    "%zu flows, %zu unserved lines\n",
            r->status, r->objective, r->rounds, r->columns, res.n_flows, res.n_unserved);
    alloc__result_free(&res);
    lp__thread_cleanup();
    return 0;
}

/* glpsol in a child; objective from its -o report, solve time from its log. */
static int run_glpsol(const char *lp_path, const char *work, double limit, run *r)
{
    char out[4096], log[4096], tml[32];
    snprintf(out, sizeof out, "%s/glpsol.out", work);
    snprintf(log, sizeof log, "%s/glpsol.log", work);
    snprintf(tml, sizeof tml, "%d", (int)limit);
    memset(r, 0, sizeof *r);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        FILE *f = freopen(log, "w", stdout);
        (void)f;
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
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, "obj =");
        if (strncmp(line, "Objective:", 10) == 0 && p)
            r->objective = strtod(p + 5, NULL);
        if (strncmp(line, "Status:", 7) == 0) {
            char s[64] = "";
            if (sscanf(line + 7, "%63s", s) == 1)
                snprintf(r->status, sizeof r->status, "%s", s);
        }
    }
    fclose(f);
    f = fopen(log, "r");
    if (f) {
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "Time used:", 10) == 0)
                r->solve_seconds = strtod(line + 10, NULL);
        fclose(f);
    }
    r->ok = 1;
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: alloc_network [--producers N] [--hubs N] [--points N] [--products N]\n"
                    "                     [--seed S] [--work DIR] [--no-glpsol] "
                    "[--glpsol-limit S]\n");
}

int main(int argc, char **argv)
{
    gen_params gp = GEN_PARAMS_DEFAULT;
    const char *work = "benchmarks/results";
    int glpsol = 1;
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
        else if (!strcmp(a, "--glpsol-limit"))
            glpsol_limit = strtod(v, NULL);
        else {
            usage();
            return 2;
        }
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
    run wr, ours, theirs;
    memset(&theirs, 0, sizeof theirs);
    if (glpsol) {
        if (in_child(write_plain, m, lp_path, &wr) != 0 || !wr.ok) {
            fprintf(stderr, "writing the plain LP failed\n");
            return 1;
        }
        fprintf(stderr, "plain LP: %zu columns, %zu rows, written in %.2f s to %s\n", wr.columns,
                wr.rounds, wr.seconds, lp_path);
    }
    if (in_child(solve_ours, m, NULL, &ours) != 0 || !ours.ok) {
        fprintf(stderr, "our allocation failed\n");
        return 1;
    }
    if (glpsol) {
        fprintf(stderr, "running glpsol --lp %s ...\n", lp_path);
        if (run_glpsol(lp_path, work, glpsol_limit, &theirs) != 0)
            fprintf(stderr, "glpsol failed (see %s/glpsol.log)\n", work);
    }

    printf("| network | solver | status | objective | seconds | peak memory (MiB) |\n");
    printf("| --- | --- | --- | ---: | ---: | ---: |\n");
    char name[128];
    snprintf(name, sizeof name, "%zu prod, %zu hubs, %zu points, %zu products (seed %lu)",
             gp.producers, gp.hubs, gp.points, gp.products, gp.seed);
    printf("| %s | terroir (column generation, %zu rounds, %zu arcs) | %s | %.10g | %.2f | %.0f "
           "|\n",
           name, ours.rounds, ours.columns, ours.status, ours.objective, ours.seconds,
           (double)ours.max_rss_kb / 1024.0);
    if (glpsol && theirs.ok) {
        printf("| %s | glpsol --lp (plain LP, %zu columns) | %s | %.10g | %.2f (solve %.2f) | %.0f "
               "|\n",
               name, wr.columns, theirs.status, theirs.objective, theirs.seconds,
               theirs.solve_seconds, (double)theirs.max_rss_kb / 1024.0);
        double rel = fabs(ours.objective - theirs.objective) / fmax(1.0, fabs(theirs.objective));
        double base = theirs.solve_seconds > 0 ? theirs.solve_seconds : theirs.seconds;
        printf("\nrelative objective difference: %.3g; time ratio glpsol solve / terroir: %.1fx "
               "(wall clock: %.1fx)\n",
               rel, base / ours.seconds, theirs.seconds / ours.seconds);
    }
    terroir_model_free(m);
    return 0;
}
