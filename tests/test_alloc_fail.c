/* Allocation-failure loop (SQLite's "malloc" tests): each public call below
 * runs again and again with its n-th allocation failing, n = 1, 2, ...,
 * until a run ends without reaching its n-th allocation.  Every run must
 * return 0 or TERROIR_ENOMEM (or, for a call that fails by design, its
 * usual code), with the last error saying so; the run right after must
 * work; and nothing may leak (build with -Db_sanitize=address: LeakSanitizer
 * checks after each call's loop and names the call).  Needs a build with
 * -Dfault_injection=true (lib/core/alloc.c); the CI step `alloc-fail` runs
 *   meson setup B -Dfault_injection=true -Db_sanitize=address,undefined
 *   meson test -C B --suite alloc-fail
 *
 * Calls covered: loading (YAML file, YAML buffer, an overlay, a model with
 * errors, a CSV folder, a benchmark import), clone + validation, solving
 * (design MIP, allocation LP, routing, set-partitioning polish, pure VRP,
 * listed arcs), route checking, every writer (model YAML and CSV, plan YAML
 * and JSON, GeoJSON, CSV tables) and the HTML report.  Each loop first runs
 * with one failure (the n-th allocation alone fails: code that goes on
 * after a failure must still be right), then once more with every
 * allocation failing from the n-th on (persistent).  The solves make
 * thousands of allocations, and each point costs two solves: they are
 * tried at a stride (every k-th allocation, the persistent runs offset by
 * k/2 so that both modes together see twice as many points), which keeps
 * the CI step within a few minutes.  TERROIR_ALLOC_FAIL_FULL=1 tries
 * every allocation of every call (about 15 minutes under ASan).
 *
 * What cannot be failed one allocation at a time:
 *  - GLPK 5.0 has no allocator hook (glpk.h offers glp_mem_limit() in whole
 *    megabytes and glp_mem_usage() only).  Each guarded GLPK call counts as
 *    one allocation point instead: when it is the one to fail, GLPK's memory
 *    limit is lowered and GLPK's own allocator asked for more than the
 *    limit, so GLPK raises its real "memory limit exceeded" error through
 *    the error hook (lib/lp/guard.c, glpk_fault()).  So every GLPK call is
 *    failed, at its first allocation, but not at each of its later ones.
 *  - libyaml has no allocator hook either (yaml_parser_* call malloc
 *    directly).  Its failures reach us as a parser error of type
 *    YAML_MEMORY_ERROR, which lib/io/yaml_tree.c turns into TERROIR_ENOMEM;
 *    that branch is not exercised here.  Interposing malloc itself would
 *    fail libc's and the sanitizer's allocations too.
 *  - libc's own allocations (fopen's buffer, newlocale) are not counted.
 *
 * Output: one line per call with the allocation points tried, and a last
 * line "allocation points tried: N" (read by .ci/run for its summary). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <terroir/terroir.h>

#include "core/core.h"
#include "test_text.h"

/* LeakSanitizer's check, when the test runs under it (a weak symbol). */
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

typedef struct fixture {
    const char *data_dir;   /* tests/data */
    char *full_yaml;        /* text of good/full.yaml */
    size_t full_len;
    char *routes_yaml;      /* text of a routes file */
    size_t routes_len;
    terroir_model *full;    /* design + allocation + routing */
    terroir_model *listed;  /* planar, listed arcs (CFLP) */
    terroir_model *vrp;     /* pure VRP: no producers */
    terroir_plan *plan;     /* of `full`, all stages */
    terroir_plan *vrp_plan;
    char *tmp_dir;          /* scratch folder for the writers */
} fixture;

/* A call under test.  It returns the call's result, and in *text (which
 * may stay NULL) a description of what the call made, written with
 * failures suspended: a run that succeeds while an allocation failed must
 * make exactly what a run without failure makes. */
typedef int (*op_fn)(fixture *f, char **text);

static int failures;
static unsigned long points_total;

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* ------------------------------------------------------------ descriptions */

/* Descriptions are made between quiet_begin() and quiet_end(): allocations
 * neither count nor fail, and the call's last error is kept. */
typedef struct quiet {
    int had_error;
    terroir_error error;
    char *message, *file, *field;
} quiet;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void quiet_begin(quiet *q)
{
    core__fault_suspend(1);
    const terroir_error *e = terroir_error_last();
    memset(q, 0, sizeof *q);
    if (e) {
        q->had_error = 1;
        q->error = *e;
        q->error.message = q->message = dup_or_null(e->message);
        q->error.file = q->file = dup_or_null(e->file);
        q->error.field = q->field = dup_or_null(e->field);
    }
}

static void quiet_end(quiet *q)
{
    if (q->had_error)
        core__error_copy(&q->error);
    else
        terroir_error_clear();
    free(q->message);
    free(q->file);
    free(q->field);
    core__fault_suspend(0);
}

/* A text made by the library (freed with terroir_free), copied. */
static char *keep_text(char *lib_text)
{
    char *copy = lib_text ? strdup(lib_text) : NULL;
    terroir_free(lib_text);
    return copy;
}

static char *model_text(const terroir_model *m)
{
    if (!m)
        return NULL;
    char *yaml = NULL;
    quiet q;
    quiet_begin(&q);
    terroir_model_write_yaml_buffer(&yaml, NULL, m);
    quiet_end(&q);
    return keep_text(yaml);
}

/* The plan as JSON without its solve times. */
static char *plan_text(const terroir_plan *p)
{
    if (!p)
        return NULL;
    char *json = NULL;
    quiet q;
    quiet_begin(&q);
    terroir_plan_write_json_buffer(&json, NULL, p);
    quiet_end(&q);
    char *text = keep_text(json);
    if (text) {
        test_json_cut(text, "\"solve_seconds\"");
        test_json_cut(text, "\"stage_seconds\"");
    }
    return text;
}

static char *diags_text(const terroir_diagnostics *d)
{
    quiet q;
    quiet_begin(&q);
    size_t n = terroir_diagnostics_count(d), len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(terroir_diagnostics_get(d, i)->message) + 1;
    char *text = calloc(1, len);
    if (!text)
        abort();
    for (size_t i = 0; i < n; i++) {
        strcat(text, terroir_diagnostics_get(d, i)->message);
        strcat(text, "\n");
    }
    quiet_end(&q);
    return text;
}

/* ------------------------------------------------------------ the calls */

typedef int (*file_loader)(terroir_model **out, const char *path,
                           const terroir_load_options *opts, terroir_diagnostics **diags);

/* Load dir/name with `load`, with diagnostics; describe the model, or the
 * problems found. */
static int load_with(file_loader load, const char *dir, const char *name, char **text)
{
    char *path = path_in(dir, name);
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    int rc = load(&m, path, NULL, &d);
    *text = rc == 0 ? model_text(m) : rc == TERROIR_EINPUT ? diags_text(d) : NULL;
    terroir_model_free(m);
    terroir_diagnostics_free(d);
    free(path);
    return rc;
}

static int op_load_file(fixture *f, char **text)
{
    return load_with(terroir_model_load_yaml_file, f->data_dir, "good/full.yaml", text);
}

static int op_load_buffer(fixture *f, char **text)
{
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    int rc = terroir_model_load_yaml_buffer(&m, f->full_yaml, f->full_len, "full.yaml", NULL, &d);
    *text = model_text(m);
    terroir_model_free(m);
    terroir_diagnostics_free(d);
    return rc;
}

static int op_load_overlay(fixture *f, char **text)
{
    return load_with(terroir_model_load_yaml_file, f->data_dir, "overlay/entities.yaml", text);
}

/* A model with several problems: the diagnostics path (expected EINPUT). */
static int op_load_invalid(fixture *f, char **text)
{
    return load_with(terroir_model_load_yaml_file, f->data_dir, "bad/unknown_product_ref.yaml",
                     text);
}

static int op_load_csv(fixture *f, char **text)
{
    return load_with(terroir_model_load_csv_dir, f->tmp_dir, "csv-source", text);
}

static const char vrplib_text[] =
    "NAME : tiny\nTYPE : CVRP\nDIMENSION : 5\nEDGE_WEIGHT_TYPE : EUC_2D\n"
    "CAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 -3 4\n4 5 -1\n5 -2 -6\n"
    "DEMAND_SECTION\n1 0\n2 4\n3 5\n4 3\n5 6\nDEPOT_SECTION\n1\n-1\nEOF\n";

static int op_import(fixture *f, char **text)
{
    (void)f;
    terroir_model *m = NULL;
    int rc = terroir_model_import_buffer(&m, TERROIR_FORMAT_VRPLIB, vrplib_text,
                                         sizeof vrplib_text - 1, "tiny.vrp", NULL);
    *text = model_text(m);
    terroir_model_free(m);
    return rc;
}

/* The benchmark importers on the fixtures of tests/data/bench (the
 * description: the last model's). */
static int op_import_files(fixture *f, char **text)
{
    static const struct {
        terroir_format format;
        const char *name;
    } files[] = {{TERROIR_FORMAT_SOLOMON, "bench/C101.txt"},
                 {TERROIR_FORMAT_ORLIB_CAP, "bench/cap41.txt"},
                 {TERROIR_FORMAT_CORDEAU, "bench/p01.txt"},
                 {TERROIR_FORMAT_CLRP, "bench/coord20-5-1.dat"}};
    int rc = 0;
    for (size_t k = 0; k < sizeof files / sizeof files[0] && rc == 0; k++) {
        char *path = path_in(f->data_dir, files[k].name);
        terroir_model *m = NULL;
        rc = terroir_model_import_file(&m, files[k].format, path, NULL);
        free(*text);
        *text = model_text(m);
        terroir_model_free(m);
        free(path);
    }
    return rc;
}

/* A routes file, from a buffer; described by its stop counts. */
static int op_load_routes(fixture *f, char **text)
{
    terroir_routes *r = NULL;
    int rc = terroir_routes_load_yaml_buffer(&r, f->routes_yaml, f->routes_len, "routes.yaml",
                                             NULL, NULL);
    if (rc == 0) {
        char buf[64] = "";
        for (size_t i = 0; i < terroir_routes_count(r) && i < 8; i++)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%zu ",
                     terroir_routes_stop_count(r, i));
        *text = strdup(buf);
    }
    terroir_routes_free(r);
    return rc;
}

static int op_validate(fixture *f, char **text)
{
    terroir_model *m = NULL;
    int rc = terroir_model_clone(&m, f->full);
    if (rc == 0) {
        terroir_diagnostics *d = NULL;
        rc = terroir_model_validate(m, &d);
        terroir_diagnostics_free(d);
        if (rc == 0)
            *text = model_text(m);
    }
    terroir_model_free(m);
    return rc;
}

static void small_effort(terroir_solve_options *o)
{
    /* No time limit anywhere: the run is the same every time, so that the
     * n-th allocation is the same allocation on every run. */
    o->route_iterations = 10;
    o->seed = 7;
}

static int solve_model(const terroir_model *model, char **text)
{
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    small_effort(&o);
    terroir_plan *p = NULL;
    int rc = terroir_solve(&p, model, &o);
    *text = plan_text(p);
    terroir_plan_free(p);
    return rc;
}

static int op_solve_full(fixture *f, char **text)
{
    return solve_model(f->full, text);
}

static int op_solve_listed(fixture *f, char **text)
{
    return solve_model(f->listed, text);
}

static int op_solve_vrp(fixture *f, char **text)
{
    return solve_model(f->vrp, text);
}

static char *route_report_text(const terroir_route_report *r)
{
    if (!r)
        return NULL;
    terroir_route_report_summary s = {.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION};
    quiet q;
    quiet_begin(&q);
    terroir_route_report_get_summary(r, &s);
    quiet_end(&q);
    char buf[256];
    snprintf(buf, sizeof buf, "%d %zu %zu %zu %.17g %.17g %.17g", s.feasible, s.n_routes,
             s.n_stops, s.n_violations, s.cost, s.km, s.minutes);
    return strdup(buf);
}

static int op_route_check(fixture *f, char **text)
{
    terroir_route_report *r = NULL;
    int rc = terroir_route_check_plan(&r, f->full, f->plan);
    *text = route_report_text(r);
    terroir_route_report_free(r);
    r = NULL;
    if (rc != 0)
        return rc;
    terroir_routes *routes = NULL;
    rc = terroir_routes_from_plan(&routes, f->vrp_plan);
    if (rc == 0)
        rc = terroir_route_check(&r, f->vrp, routes);
    terroir_route_report_free(r);
    terroir_routes_free(routes);
    return rc;
}

static int op_write_model_yaml(fixture *f, char **text)
{
    char *yaml = NULL;
    int rc = terroir_model_write_yaml_buffer(&yaml, NULL, f->full);
    *text = keep_text(yaml);
    return rc;
}

typedef int (*plan_writer)(char **out, size_t *out_len, const terroir_plan *plan);

static int write_plan(plan_writer write, const terroir_plan *plan, char **text)
{
    char *out = NULL;
    int rc = write(&out, NULL, plan);
    *text = keep_text(out);
    return rc;
}

static int op_write_plan_yaml(fixture *f, char **text)
{
    return write_plan(terroir_plan_write_yaml_buffer, f->plan, text);
}

static int op_write_plan_json(fixture *f, char **text)
{
    return write_plan(terroir_plan_write_json_buffer, f->plan, text);
}

static int op_write_geojson(fixture *f, char **text)
{
    char *out = NULL;
    int rc = terroir_report_write_geojson_buffer(&out, NULL, f->full, f->plan);
    *text = keep_text(out);
    return rc;
}

/* Writers of folders: the files are not compared. */
static int op_write_csv(fixture *f, char **text)
{
    (void)text;
    char *dir = path_in(f->tmp_dir, "plan-csv");
    int rc = terroir_report_write_csv_dir(f->full, f->plan, dir);
    free(dir);
    return rc;
}

static int op_write_model_csv(fixture *f, char **text)
{
    (void)text;
    char *dir = path_in(f->tmp_dir, "model-csv");
    int rc = terroir_model_write_csv_dir(f->full, dir);
    free(dir);
    return rc;
}

static int op_route_sheets(fixture *f, char **text)
{
    (void)text;
    char *dir = path_in(f->tmp_dir, "sheets");
    int rc = terroir_report_write_route_sheets_dir(f->full, f->plan, dir, NULL);
    free(dir);
    return rc;
}

static int op_compare_html(fixture *f, char **text)
{
    const terroir_model *models[] = {f->full, f->vrp};
    const terroir_plan *plans[] = {f->plan, f->vrp_plan};
    char *out = NULL;
    int rc = terroir_report_write_compare_html_buffer(&out, NULL, models, plans, NULL, 2, NULL);
    *text = keep_text(out);
    return rc;
}

static int op_baseline(fixture *f, char **text)
{
    terroir_baseline_options o = TERROIR_BASELINE_OPTIONS_INIT;
    o.iterations = 10;
    terroir_baseline b;
    terroir_baseline_init(&b, TERROIR_BASELINE_VERSION);
    int rc = terroir_baseline_direct(&b, f->full, f->plan, &o);
    if (rc == 0) {
        char buf[256];
        snprintf(buf, sizeof buf, "%zu %zu %zu %.17g %.17g %.17g %.17g", b.producers, b.stops,
                 b.routes, b.km, b.cost, b.delivered_kg, b.undelivered_kg);
        *text = strdup(buf);
    }
    return rc;
}

/* The cost-sharing allocations (Shapley, nucleolus by LPs, EPM) of a
 * three-player game.  terroir_share_compute() is left out: it solves the
 * coalitions in threads of its own, whose allocations the per-thread
 * countdown does not reach. */
static int op_share_game(fixture *f, char **text)
{
    (void)f;
    const double costs[] = {100, 120, 200, 90, 170, 190, 260};
    terroir_share *s = NULL;
    int rc = terroir_share_game(&s, 3, costs, NULL, NULL);
    if (rc == 0) {
        char *json = NULL;
        quiet q;
        quiet_begin(&q);
        terroir_share_write_json_buffer(&json, NULL, s);
        quiet_end(&q);
        *text = keep_text(json);
        /* Without the times (a game given directly has no coalitions). */
        if (*text) {
            test_json_cut(*text, "\"coalition_seconds\"");
            test_json_cut(*text, "\"seconds\"");
        }
    }
    terroir_share_free(s);
    return rc;
}

static int report_html(const terroir_model *m, const terroir_plan *p, terroir_language language,
                       char **text)
{
    terroir_report_options o = TERROIR_REPORT_OPTIONS_INIT;
    o.language = language;
    char *out = NULL;
    int rc = terroir_report_write_html_buffer(&out, NULL, m, p, &o);
    *text = keep_text(out);
    return rc;
}

static int op_report_html(fixture *f, char **text)
{
    return report_html(f->full, f->plan, TERROIR_LANGUAGE_FR, text);
}

static int op_report_html_vrp(fixture *f, char **text)
{
    return report_html(f->vrp, f->vrp_plan, TERROIR_LANGUAGE_EN, text);
}

/* ------------------------------------------------------------ the loop */

static int leak_check(void)
{
    return __lsan_do_recoverable_leak_check ? __lsan_do_recoverable_leak_check() : 0;
}

static void fail(const char *name, const char *mode, unsigned long n, const char *what, int rc)
{
    const terroir_error *e = terroir_error_last();
    fprintf(stderr, "FAIL %s (%s, allocation %lu): %s: rc %d (%s)\n", name, mode, n, what, rc,
            e ? e->message : "no last error");
    failures++;
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Run `op` with allocation n failing (alone, or from n on when
 * `persistent`), for n = first, first + stride, ... until a run reaches no
 * failure; `expected` is what it returns and describes without failures.
 * Returns the number of runs that failed an allocation. */
static unsigned long fault_loop(fixture *f, const char *name, op_fn op, int expected,
                                const char *expected_text, int persistent, unsigned long first,
                                unsigned long stride)
{
    const char *mode = persistent ? "persistent" : "once";
    unsigned long tried = 0;
    for (unsigned long n = first;; n += stride) {
        char *text = NULL;
        core__fault_arm(n, persistent);
        int rc = op(f, &text);
        unsigned long failed = core__fault_failed();
        core__fault_arm(0, 0);
        if (failed == 0) {
            if (rc != expected || !same_text(text, expected_text))
                fail(name, mode, n, "the run without failure did not work", rc);
            free(text);
            break;
        }
        tried++;
        const terroir_error *e = terroir_error_last();
        if (rc == TERROIR_ENOMEM) {
            if (!e || e->code != TERROIR_ENOMEM || !e->message)
                fail(name, mode, n, "TERROIR_ENOMEM without the matching last error", rc);
        } else if (rc != expected) {
            fail(name, mode, n, "neither TERROIR_ENOMEM nor the usual result", rc);
        } else if (!same_text(text, expected_text)) {
            fail(name, mode, n, "the usual result, but not the same output", rc);
        }
        free(text);
        text = NULL;
        rc = op(f, &text);
        if (rc != expected || !same_text(text, expected_text))
            fail(name, mode, n, "the call after the failure did not work", rc);
        free(text);
        if (failures > 20) {
            fprintf(stderr, "too many failures, giving up\n");
            exit(1);
        }
    }
    return tried;
}

typedef struct op_case {
    const char *name;
    op_fn op;
    int expected;          /* the call's result without failures */
    unsigned long stride;  /* try every stride-th allocation (1: all) */
} op_case;

static void run_case(fixture *f, const op_case *c, int full)
{
    int before = failures;
    double t0 = core__now();
    unsigned long stride = full ? 1 : c->stride;
    char *expected_text = NULL;
    int rc = c->op(f, &expected_text);
    if (rc != c->expected)
        fail(c->name, "no failure", 0, "unexpected result", rc);
    unsigned long once =
        fault_loop(f, c->name, c->op, c->expected, expected_text, 0, 1, stride);
    unsigned long persistent =
        fault_loop(f, c->name, c->op, c->expected, expected_text, 1, 1 + stride / 2, stride);
    free(expected_text);
    int leaked = leak_check();
    if (leaked) {
        fprintf(stderr, "FAIL %s: memory leaked (LeakSanitizer report above)\n", c->name);
        failures++;
    }
    points_total += once + persistent;
    printf("%-18s %5lu allocation points once, %5lu persistent (every %lu), %.1f s%s\n",
           c->name, once, persistent, stride, core__now() - t0,
           failures > before ? "  FAILED" : "");
    fflush(stdout);
}

static void load_fixture(terroir_model **out, const fixture *f, const char *name)
{
    char *path = path_in(f->data_dir, name);
    if (terroir_model_load_yaml_file(out, path, NULL, NULL) != 0) {
        fprintf(stderr, "cannot load %s: %s\n", path, terroir_error_last()->message);
        exit(1);
    }
    free(path);
}

static void solve_fixture(terroir_plan **out, const terroir_model *model)
{
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    small_effort(&o);
    if (terroir_solve(out, model, &o) != 0) {
        fprintf(stderr, "cannot solve: %s\n", terroir_error_last()->message);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    fixture f = {0};
    f.data_dir = getenv("TERROIR_TEST_DATA");
    if (!f.data_dir) {
        fprintf(stderr, "TERROIR_TEST_DATA is not set\n");
        return 1;
    }
    /* Is the library built with fault injection? */
    core__fault_arm(1, 0);
    terroir_model *probe = NULL;
    int probe_rc = terroir_model_new(&probe);
    core__fault_arm(0, 0);
    terroir_model_free(probe);
    if (probe_rc != TERROIR_ENOMEM) {
        fprintf(stderr, "the library was built without -Dfault_injection=true\n");
        return 77;
    }

    char tmpl[] = "/tmp/terroir-alloc-fail-XXXXXX";
    f.tmp_dir = mkdtemp(tmpl);
    if (!f.tmp_dir) {
        perror("mkdtemp");
        return 1;
    }
    char *full_path = path_in(f.data_dir, "good/full.yaml");
    if (core__read_file(full_path, 1 << 20, &f.full_yaml, &f.full_len) != 0) {
        fprintf(stderr, "cannot read %s\n", full_path);
        return 1;
    }
    free(full_path);
    char *routes_path = path_in(f.data_dir, "../cli/data/routes-small.yaml");
    if (core__read_file(routes_path, 1 << 20, &f.routes_yaml, &f.routes_len) != 0) {
        fprintf(stderr, "cannot read %s\n", routes_path);
        return 1;
    }
    free(routes_path);
    load_fixture(&f.full, &f, "good/full.yaml");
    load_fixture(&f.listed, &f, "good/planar_listed.yaml");
    if (terroir_model_import_buffer(&f.vrp, TERROIR_FORMAT_VRPLIB, vrplib_text,
                                    sizeof vrplib_text - 1, "tiny.vrp", NULL) != 0) {
        fprintf(stderr, "cannot import: %s\n", terroir_error_last()->message);
        return 1;
    }
    char *csv_source = path_in(f.tmp_dir, "csv-source");
    if (terroir_model_write_csv_dir(f.full, csv_source) != 0) {
        fprintf(stderr, "cannot write %s\n", csv_source);
        return 1;
    }
    free(csv_source);
    solve_fixture(&f.plan, f.full);
    solve_fixture(&f.vrp_plan, f.vrp);

    /* Strides for the calls with a thousand allocations or more. */
    const op_case cases[] = {
        {"load_yaml_file", op_load_file, 0, 1},
        {"load_yaml_buffer", op_load_buffer, 0, 1},
        {"load_overlay", op_load_overlay, 0, 1},
        {"load_invalid", op_load_invalid, TERROIR_EINPUT, 1},
        {"load_csv_dir", op_load_csv, 0, 1},
        {"import_vrplib", op_import, 0, 1},
        {"import_files", op_import_files, 0, 1},
        {"load_routes", op_load_routes, 0, 1},
        {"clone_validate", op_validate, 0, 1},
        {"solve_full", op_solve_full, 0, 8},
        {"solve_listed", op_solve_listed, 0, 1},
        {"solve_vrp", op_solve_vrp, 0, 4},
        {"route_check", op_route_check, 0, 1},
        {"write_model_yaml", op_write_model_yaml, 0, 1},
        {"write_model_csv", op_write_model_csv, 0, 1},
        {"write_plan_yaml", op_write_plan_yaml, 0, 1},
        {"write_plan_json", op_write_plan_json, 0, 1},
        {"write_geojson", op_write_geojson, 0, 1},
        {"write_csv_tables", op_write_csv, 0, 1},
        {"report_html", op_report_html, 0, 1},
        {"report_html_vrp", op_report_html_vrp, 0, 1},
        {"route_sheets", op_route_sheets, 0, 1},
        {"compare_html", op_compare_html, 0, 1},
        {"baseline", op_baseline, 0, 3},
        {"share_game", op_share_game, 0, 1},
    };
    /* test_alloc_fail [CALL [N]]: only that call; only its N-th
     * allocation failing (once), to debug one failure. */
    const char *only = argc > 1 ? argv[1] : NULL;
    const char *full_env = getenv("TERROIR_ALLOC_FAIL_FULL");
    int full = full_env && strcmp(full_env, "1") == 0;
    unsigned long only_n = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (only && strcmp(only, cases[i].name) != 0)
            continue;
        if (only_n) {
            char *text = NULL;
            core__fault_arm(only_n, 0);
            int rc = cases[i].op(&f, &text);
            free(text);
            unsigned long failed = core__fault_failed();
            core__fault_arm(0, 0);
            const terroir_error *e = terroir_error_last();
            printf("%s, allocation %lu failing: %lu failed, rc %d (%s)\n", cases[i].name, only_n,
                   failed, rc, e ? e->message : "no last error");
        } else {
            run_case(&f, &cases[i], full);
        }
    }

    terroir_plan_free(f.plan);
    terroir_plan_free(f.vrp_plan);
    terroir_model_free(f.full);
    terroir_model_free(f.listed);
    terroir_model_free(f.vrp);
    free(f.full_yaml);
    free(f.routes_yaml);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f.tmp_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", f.tmp_dir);
    terroir_error_clear();
    printf("allocation points tried: %lu\n", points_total);
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    return 0;
}
