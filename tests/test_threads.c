/* Threads share validated models (DESIGN.md: a validated model is read-only
 * and shareable; GLPK keeps one environment per thread): 8 threads solve,
 * check, write and report at once on the same models, and each thread's
 * outputs must equal those of the same work done alone first.  Meant for a
 * ThreadSanitizer build (the CI step `tsan`):
 *   meson setup B -Db_sanitize=thread && meson test -C B --suite threads
 * where any data race fails the test; it also runs in ordinary builds.
 *
 * What each thread does, on model `full` (design MIP, allocation LP,
 * routing, set-partitioning polish) or `listed` (CFLP with listed arcs),
 * alternately: terroir_solve() with a fixed seed and a routing bounded by
 * iterations (so that the plan is the same on every run), the route
 * checker on the plan (models with vehicles), the plan as JSON and YAML, the model as YAML, the
 * GeoJSON, the CSV tables (each thread its own folder), the HTML report in
 * French (each thread sets its own message language) and one error on
 * purpose (the thread-local last error). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <terroir/terroir.h>

#include "test_text.h"

#define N_THREADS 8
#define ROUNDS 4

typedef struct outputs {
    char *plan_json;
    char *plan_yaml;
    char *model_yaml;
    char *geojson;
    char *html;
    int feasible; /* the route checker accepts the plan */
} outputs;

typedef struct job {
    const terroir_model *model;
    unsigned long seed;
    const char *csv_dir;
    outputs expected; /* the same work done alone */
    int failed;
    char why[256];
} job;

static void outputs_free(outputs *o)
{
    terroir_free(o->plan_json);
    terroir_free(o->plan_yaml);
    terroir_free(o->model_yaml);
    terroir_free(o->geojson);
    terroir_free(o->html);
    memset(o, 0, sizeof *o);
}

static int fail(job *j, const char *what)
{
    const terroir_error *e = terroir_error_last();
    snprintf(j->why, sizeof j->why, "%s: %s", what, e ? e->message : "(no error)");
    j->failed = 1;
    return -1;
}

/* Solve the job's model and write everything; 0 or -1 (j->why says why). */
static int work(job *j, outputs *o)
{
    terroir_solve_options so = TERROIR_SOLVE_OPTIONS_INIT;
    so.seed = j->seed;
    so.route_iterations = 20;
    terroir_plan *plan = NULL;
    if (terroir_solve(&plan, j->model, &so) != 0)
        return fail(j, "solve");
    int rc = -1;
    terroir_route_report *report = NULL;
    o->feasible = 1;
    if (terroir_model_count(j->model, TERROIR_ENTITY_VEHICLE_TYPE) > 0) {
        terroir_route_report_summary rs = {.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION};
        if (terroir_route_check_plan(&report, j->model, plan) != 0 ||
            terroir_route_report_get_summary(report, &rs) != 0) {
            fail(j, "route check");
            goto done;
        }
        o->feasible = rs.feasible;
    }
    terroir_report_options ro = TERROIR_REPORT_OPTIONS_INIT;
    ro.language = TERROIR_LANGUAGE_FR;
    if (terroir_plan_write_json_buffer(&o->plan_json, NULL, plan) != 0 ||
        terroir_plan_write_yaml_buffer(&o->plan_yaml, NULL, plan) != 0 ||
        terroir_model_write_yaml_buffer(&o->model_yaml, NULL, j->model) != 0 ||
        terroir_report_write_html_buffer(&o->html, NULL, j->model, plan, &ro) != 0 ||
        terroir_report_write_csv_dir(j->model, plan, j->csv_dir) != 0) {
        fail(j, "write");
        goto done;
    }
    terroir_settings st = TERROIR_SETTINGS_INIT;
    terroir_model_get_settings(j->model, &st);
    if (st.coordinates == TERROIR_COORDINATES_LATLON &&
        terroir_report_write_geojson_buffer(&o->geojson, NULL, j->model, plan) != 0) {
        fail(j, "geojson");
        goto done;
    }
    /* An error on purpose: the last error is the thread's own. */
    size_t index;
    if (terroir_model_find(j->model, TERROIR_ENTITY_HUB, "no-such-hub", &index) !=
            TERROIR_ENOTFOUND ||
        !terroir_error_last() || terroir_error_last()->code != TERROIR_ENOTFOUND) {
        fail(j, "the thread's last error");
        goto done;
    }
    rc = 0;
done:
    terroir_route_report_free(report);
    terroir_plan_free(plan);
    return rc;
}

/* Plans carry their solve times: compare them without. */
static void drop_timings(char *json)
{
    test_json_cut(json, "\"solve_seconds\"");
    test_json_cut(json, "\"stage_seconds\"");
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* All threads start their work together, so that the solves overlap. */
static pthread_barrier_t start;

static void *thread_main(void *arg)
{
    job *j = arg;
    pthread_barrier_wait(&start);
    for (int round = 0; round < ROUNDS && !j->failed; round++) {
        outputs o = {0};
        if (work(j, &o) == 0) {
            drop_timings(o.plan_json);
            test_html_cut_timing(o.html);
            const char *differs = !same(o.plan_json, j->expected.plan_json)   ? "plan JSON"
                                  : !same(o.html, j->expected.html)             ? "HTML report"
                                  : !same(o.model_yaml, j->expected.model_yaml) ? "model YAML"
                                  : !same(o.geojson, j->expected.geojson)       ? "GeoJSON"
                                  : o.feasible != j->expected.feasible          ? "route check"
                                                                                : NULL;
            if (differs) {
                snprintf(j->why, sizeof j->why, "%s differs from the run alone", differs);
                j->failed = 1;
            }
        }
        outputs_free(&o);
    }
    terroir_error_clear();
    return NULL;
}

static terroir_model *load(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    terroir_model *m = NULL;
    if (terroir_model_load_yaml_file(&m, path, NULL, NULL) != 0) {
        fprintf(stderr, "cannot load %s: %s\n", path, terroir_error_last()->message);
        exit(1);
    }
    return m;
}

int main(void)
{
    const char *data = getenv("TERROIR_TEST_DATA");
    if (!data) {
        fprintf(stderr, "TERROIR_TEST_DATA is not set\n");
        return 1;
    }
    char tmpl[] = "/tmp/terroir-threads-XXXXXX";
    const char *tmp = mkdtemp(tmpl);
    if (!tmp) {
        perror("mkdtemp");
        return 1;
    }
    terroir_model *models[2] = {load(data, "good/full.yaml"), load(data, "good/planar_listed.yaml")};
    job jobs[N_THREADS];
    char dirs[N_THREADS][4200];
    memset(jobs, 0, sizeof jobs);
    for (int t = 0; t < N_THREADS; t++) {
        snprintf(dirs[t], sizeof dirs[t], "%s/csv-%d", tmp, t);
        jobs[t].model = models[t % 2];
        jobs[t].seed = 1 + (unsigned long)(t / 2) % 3;
        jobs[t].csv_dir = dirs[t];
        /* Alone first: what every concurrent run must give. */
        if (work(&jobs[t], &jobs[t].expected) != 0) {
            fprintf(stderr, "thread %d alone: %s\n", t, jobs[t].why);
            return 1;
        }
        drop_timings(jobs[t].expected.plan_json);
        test_html_cut_timing(jobs[t].expected.html);
        if (!jobs[t].expected.feasible) {
            fprintf(stderr, "thread %d: the route checker rejects the plan\n", t);
            return 1;
        }
    }
    pthread_t tids[N_THREADS];
    pthread_barrier_init(&start, NULL, N_THREADS);
    for (int t = 0; t < N_THREADS; t++)
        if (pthread_create(&tids[t], NULL, thread_main, &jobs[t]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    int failed = 0;
    for (int t = 0; t < N_THREADS; t++) {
        pthread_join(tids[t], NULL);
        if (jobs[t].failed) {
            fprintf(stderr, "thread %d: %s\n", t, jobs[t].why);
            failed = 1;
        }
        outputs_free(&jobs[t].expected);
    }
    pthread_barrier_destroy(&start);
    terroir_model_free(models[0]);
    terroir_model_free(models[1]);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    terroir_error_clear();
    printf("%d threads x %d rounds of solve, check, write and report: %s\n", N_THREADS, ROUNDS,
           failed ? "FAILED" : "ok");
    return failed;
}
