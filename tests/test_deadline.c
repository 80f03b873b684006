/* Solving to a deadline (issue 12), through the public API only: a stop
 * asked by the progress callback in any stage, or a short time limit at any
 * size, still returns a complete plan with an honest status; a plan file
 * whose write fails keeps the previous one.  Nothing here is timed: the
 * times are the benchmark's (benchmarks/deadline). */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <terroir/terroir.h>

static const char *data_dir(void)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    return d ? d : "tests/data";
}

static const char *datasets_dir(void)
{
    const char *d = getenv("TERROIR_DATASETS");
    return d ? d : "datasets";
}

static terroir_model *load(const char *path)
{
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_file(&m, path, NULL, NULL);
    ck_assert_msg(rc == 0, "load %s: %s", path,
                  terroir_error_last() ? terroir_error_last()->message : "?");
    return m;
}

static terroir_model *load_region(const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/regions/%s", datasets_dir(), file);
    return load(path);
}

static terroir_plan_summary summary_of(const terroir_plan *plan)
{
    terroir_plan_summary s;
    ck_assert_int_eq(terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION), 0);
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    return s;
}

/* A complete plan: at least one open hub, flows when the model has
 * producers, routes when it has vehicles, and demand served. */
static void expect_complete(const terroir_model *m, const terroir_plan *plan)
{
    size_t open = 0;
    for (size_t h = 0; h < terroir_plan_hub_count(plan); h++) {
        terroir_plan_hub ph;
        memset(&ph, 0, sizeof ph);
        ph.version = TERROIR_PLAN_HUB_VERSION;
        ck_assert_int_eq(terroir_plan_get_hub(plan, h, &ph), 0);
        open += ph.open != 0;
    }
    ck_assert_uint_gt(open, 0);
    if (terroir_model_count(m, TERROIR_ENTITY_PRODUCER) > 0)
        ck_assert_uint_gt(terroir_plan_flow_count(plan), 0);
    if (terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE) > 0)
        ck_assert_uint_gt(terroir_plan_route_count(plan), 0);
    terroir_plan_summary s = summary_of(plan);
    ck_assert(s.status != TERROIR_STATUS_TIME_LIMIT && s.status != TERROIR_STATUS_CANCELED);
    ck_assert(isfinite(s.objective));
    ck_assert(s.served_kg_total > 0);
}

/* ------------------------------------------------------------ cancel */

typedef struct stopper {
    terroir_stage stage; /* stop in this stage... */
    int after;           /* ...at its after-th report */
    int seen;
    int stopped;       /* 1 once it asked to stop */
    int reports_after; /* reports after the stop (the solve winds down) */
} stopper;

static int stop_in_stage(const terroir_progress *p, void *data)
{
    stopper *st = data;
    if (st->stopped) {
        st->reports_after++;
        return 1;
    }
    if (p->stage == st->stage && ++st->seen >= st->after)
        st->stopped = 1;
    /* The stage ended before its after-th report (a slow machine, valgrind:
     * the time limit left it fewer rounds): stop at the next stage's first
     * report instead, so the cancel still lands in a solve under way. */
    if (p->stage != st->stage && st->seen > 0)
        st->stopped = 1;
    return st->stopped;
}

/* Stop at the `after`-th report of each stage of a solve of `m`: the plan
 * is complete, and says it was interrupted. */
static void cancel_each_stage(terroir_model *m, int after, double time_limit)
{
    static const terroir_stage stages[] = {TERROIR_STAGE_DESIGN, TERROIR_STAGE_ALLOCATE,
                                           TERROIR_STAGE_ROUTE};
    for (size_t k = 0; k < sizeof stages / sizeof stages[0]; k++) {
        stopper st = {stages[k], after, 0, 0, 0};
        terroir_solve_options o;
        ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
        o.time_limit_seconds = time_limit;
        o.progress = stop_in_stage;
        o.progress_data = &st;
        terroir_plan *plan = NULL;
        ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
        ck_assert_msg(st.stopped, "stage %s never reached its report %d",
                      terroir_stage_to_string(stages[k]), after);
        expect_complete(m, plan);
        ck_assert_int_eq(summary_of(plan).status, TERROIR_STATUS_INTERRUPTED);
        ck_assert_str_eq(terroir_status_to_string(TERROIR_STATUS_INTERRUPTED), "interrupted");
        terroir_plan_free(plan);
    }
}

START_TEST(cancel_in_each_stage_of_a_small_model_returns_a_complete_plan)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/../cli/data/small.yaml", data_dir());
    terroir_model *m = load(path);
    cancel_each_stage(m, 1, 0);
    terroir_model_free(m);
}
END_TEST

START_TEST(cancel_inside_each_stage_of_the_largest_region_returns_a_complete_plan)
{
    /* The third report of each stage: inside the design's allocations and
     * LPs, the allocation's column generation, the routing searches. */
    terroir_model *m = load_region("06-montreal.yaml");
    cancel_each_stage(m, 3, 10);
    terroir_model_free(m);
}
END_TEST

START_TEST(cancel_during_location_routing_returns_routes)
{
    /* Pure VRP mode with candidate hubs: the design stage is the
     * location-routing search (routing runs inside it). */
    char path[1024];
    snprintf(path, sizeof path, "%s/bench/coord20-5-1.dat", data_dir());
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_import_file(&m, TERROIR_FORMAT_CLRP, path, NULL), 0);
    for (int after = 1; after <= 3; after += 2) {
        stopper st = {TERROIR_STAGE_DESIGN, after, 0, 0, 0};
        terroir_solve_options o;
        ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
        o.time_limit_seconds = 60;
        o.progress = stop_in_stage;
        o.progress_data = &st;
        terroir_plan *plan = NULL;
        ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
        ck_assert(st.stopped);
        ck_assert_uint_gt(terroir_plan_route_count(plan), 0);
        ck_assert_int_eq(summary_of(plan).status, TERROIR_STATUS_INTERRUPTED);
        terroir_plan_free(plan);
    }
    terroir_model_free(m);
}
END_TEST

/* -------------------------------------------------------- short limits */

START_TEST(one_second_on_the_largest_region_gives_a_complete_plan)
{
    terroir_model *m = load_region("06-montreal.yaml");
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.time_limit_seconds = 1;
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    expect_complete(m, plan);
    ck_assert_int_eq(summary_of(plan).status, TERROIR_STATUS_FEASIBLE);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

/* A delivery network of n points around one hub (no producers): one
 * routing problem of n stops, past the size where distances come from the
 * coordinates instead of matrices. */
static terroir_model *many_points(size_t n)
{
    terroir_model *m = NULL;
    size_t product, hub, point;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    terroir_product_spec pr;
    terroir_product_spec_init(&pr, TERROIR_PRODUCT_SPEC_VERSION);
    pr.id = "goods";
    ck_assert_int_eq(terroir_model_add_product(m, &pr, &product), 0);
    terroir_hub_spec h;
    terroir_hub_spec_init(&h, TERROIR_HUB_SPEC_VERSION);
    h.id = "hub";
    h.location.has_location = 1;
    h.location.lat = 45.5;
    h.location.lon = -73.6;
    ck_assert_int_eq(terroir_model_add_hub(m, &h, &hub), 0);
    unsigned long long x = 12345;
    char id[32];
    for (size_t i = 0; i < n; i++) {
        terroir_point_spec p;
        terroir_point_spec_init(&p, TERROIR_POINT_SPEC_VERSION);
        snprintf(id, sizeof id, "p%zu", i);
        p.id = id;
        p.location.has_location = 1;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        p.location.lat = 45.2 + 0.6 * (double)(x >> 11) * 0x1.0p-53;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        p.location.lon = -74.1 + 0.9 * (double)(x >> 11) * 0x1.0p-53;
        p.service_minutes = 5;
        ck_assert_int_eq(terroir_model_add_point(m, &p, &point), 0);
        ck_assert_int_eq(terroir_model_add_demand(m, point, product, 50 + (double)(i % 7) * 20), 0);
    }
    terroir_vehicle_type_spec v;
    static const double capacity[] = {2500};
    terroir_vehicle_type_spec_init(&v, TERROIR_VEHICLE_TYPE_SPEC_VERSION);
    v.id = "truck";
    v.home_hub = hub;
    v.count = n / 10 + 1;
    v.capacity = capacity;
    v.n_dimensions = 1;
    v.fixed_cost = 100;
    v.max_duration_minutes = 600;
    ck_assert_int_eq(terroir_model_add_vehicle_type(m, &v, NULL), 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    return m;
}

START_TEST(short_limit_on_a_large_network_gives_routes_for_every_point)
{
    terroir_model *m = many_points(4000);
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.time_limit_seconds = 1;
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    expect_complete(m, plan);
    /* every point is on a route or listed as unserved */
    size_t on_routes = 0;
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route pr;
        memset(&pr, 0, sizeof pr);
        pr.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(plan, r, &pr), 0);
        on_routes += pr.n_stops;
    }
    ck_assert_uint_eq(on_routes + terroir_plan_unserved_stop_count(plan), 4000);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

START_TEST(stall_time_is_checked_and_ends_the_search)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/../cli/data/small.yaml", data_dir());
    terroir_model *m = load(path);
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    terroir_plan *plan = NULL;
    o.stall_seconds = -1;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    o.stall_seconds = NAN;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    ck_assert_ptr_null(plan);
    /* a stall time alone (no limit) ends the search */
    o.stall_seconds = 0.2;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    expect_complete(m, plan);
    terroir_plan_free(plan);
    /* version 3 callers have no stall_seconds: never read */
    unsigned char buf[sizeof(terroir_solve_options)];
    memset(buf, 0xFF, sizeof buf);
    terroir_solve_options *v3 = (terroir_solve_options *)(void *)buf;
    ck_assert_int_eq(terroir_solve_options_init(v3, 3), 0);
    v3->route_iterations = 30;
    ck_assert_int_eq(terroir_solve(&plan, m, v3), 0);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ writes */

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc(1 << 24);
    ck_assert_ptr_nonnull(buf);
    *len = fread(buf, 1, 1 << 24, f);
    fclose(f);
    return buf;
}

/* Files in `dir` whose name starts with `prefix`. */
static int count_files(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

START_TEST(failed_plan_write_keeps_the_previous_file)
{
    char dir[] = "/tmp/terroir-write-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/plan.json", dir);
    char small[1024];
    snprintf(small, sizeof small, "%s/../cli/data/small.yaml", data_dir());
    terroir_model *m = load(small);
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.route_iterations = 20;
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), 0);
    /* an earlier, short file */
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"earlier\": true}\n", f);
    fclose(f);
    chmod(path, 0640);
    /* The write of the plan (kilobytes) fails part way: a file size limit
     * of 512 bytes, in a child process (the limit is per process). */
    /* The child reports the write's result through a pipe, not its exit
     * status: under valgrind the child's exit status is valgrind's. */
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct rlimit rl = {512, 512};
        signal(SIGXFSZ, SIG_IGN);
        close(fds[0]);
        int rc = setrlimit(RLIMIT_FSIZE, &rl) == 0 ? terroir_plan_write_json_file(plan, path)
                                                   : -1000;
        ssize_t w = write(fds[1], &rc, sizeof rc);
        _exit(w == (ssize_t)sizeof rc ? 0 : 1);
    }
    close(fds[1]);
    int child_rc = 1, status = 0;
    ssize_t got = read(fds[0], &child_rc, sizeof child_rc);
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_int_eq(got, (ssize_t)sizeof child_rc);
    ck_assert_msg(child_rc == TERROIR_EIO, "the limited write did not fail with TERROIR_EIO (%d)",
                  child_rc);
    size_t len;
    char *text = read_all(path, &len);
    ck_assert_uint_eq(len, strlen("{\"earlier\": true}\n"));
    ck_assert(memcmp(text, "{\"earlier\": true}\n", len) == 0);
    free(text);
    ck_assert_int_eq(count_files(dir, "plan.json.tmp"), 0); /* no temporary left */
    /* without the limit, the plan replaces it, with its permissions */
    ck_assert_int_eq(terroir_plan_write_json_file(plan, path), 0);
    text = read_all(path, &len);
    ck_assert_uint_gt(len, 512);
    ck_assert(strstr(text, "\"routes\"") != NULL);
    free(text);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0640);
    /* a folder is not a file */
    ck_assert_int_eq(terroir_plan_write_yaml_file(plan, dir), TERROIR_EIO);
    /* a character device is written in place */
    ck_assert_int_eq(terroir_plan_write_json_file(plan, "/dev/null"), 0);
    unlink(path);
    rmdir(dir);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

START_TEST(write_through_a_symbolic_link_replaces_its_target)
{
    char dir[] = "/tmp/terroir-link-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char target[256], link[256];
    snprintf(target, sizeof target, "%s/target.yaml", dir);
    snprintf(link, sizeof link, "%s/link.yaml", dir);
    FILE *f = fopen(target, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("old\n", f);
    fclose(f);
    ck_assert_int_eq(symlink("target.yaml", link), 0);
    char small[1024];
    snprintf(small, sizeof small, "%s/../cli/data/small.yaml", data_dir());
    terroir_model *m = load(small);
    ck_assert_int_eq(terroir_model_write_yaml_file(m, link), 0);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode)); /* still a link */
    size_t len;
    char *text = read_all(target, &len);
    ck_assert_uint_gt(len, 10);
    ck_assert(strstr(text, "terroir:") != NULL);
    free(text);
    unlink(link);
    unlink(target);
    rmdir(dir);
    terroir_model_free(m);
}
END_TEST

static Suite *deadline_suite(void)
{
    Suite *s = suite_create("deadline");
    TCase *c = tcase_create("cancel");
    tcase_set_timeout(c, 600);
    tcase_add_test(c, cancel_in_each_stage_of_a_small_model_returns_a_complete_plan);
    tcase_add_test(c, cancel_inside_each_stage_of_the_largest_region_returns_a_complete_plan);
    tcase_add_test(c, cancel_during_location_routing_returns_routes);
    suite_add_tcase(s, c);
    c = tcase_create("limits");
    tcase_set_timeout(c, 600);
    tcase_add_test(c, one_second_on_the_largest_region_gives_a_complete_plan);
    tcase_add_test(c, short_limit_on_a_large_network_gives_routes_for_every_point);
    tcase_add_test(c, stall_time_is_checked_and_ends_the_search);
    suite_add_tcase(s, c);
    c = tcase_create("write");
    tcase_add_test(c, failed_plan_write_keeps_the_previous_file);
    tcase_add_test(c, write_through_a_symbolic_link_replaces_its_target);
    suite_add_tcase(s, c);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(deadline_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
