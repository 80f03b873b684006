/* terroir_solve() through the public API only: proven optima on OR-Library
 * capacitated warehouse location instances (published values, Beasley
 * 1990), the options' error paths, the plan accessors' error paths, and the
 * plan writers.  The full benchmark (all 49 instances, with cbc and glpsol
 * side by side) is benchmarks/orlib_cflp. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

static const char *data_dir(void)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    return d ? d : "tests/data";
}

static terroir_model *import_cap(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/bench/%s.txt", data_dir(), name);
    terroir_model *m = NULL;
    int rc = terroir_model_import_file(&m, TERROIR_FORMAT_ORLIB_CAP, path, NULL);
    ck_assert_msg(rc == 0, "import %s: %s", path,
                  terroir_error_last() ? terroir_error_last()->message : "?");
    return m;
}

/* Solve and compare with the published optimum (relative 1e-6). */
static void expect_optimum(const char *name, double published)
{
    terroir_model *m = import_cap(name);
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, NULL), 0);
    terroir_plan_summary s;
    ck_assert_int_eq(terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION), 0);
    ck_assert_int_eq(terroir_plan_get_summary(plan, &s), 0);
    ck_assert_int_eq(s.status, TERROIR_STATUS_OPTIMAL);
    ck_assert_msg(fabs(s.objective - published) <= 1e-6 * published, "%s: %.6f, published %.6f",
                  name, s.objective, published);
    ck_assert_msg(s.bound <= s.objective && s.bound >= published * (1 - 1e-6),
                  "%s: bound %.6f", name, s.bound);
    ck_assert_uint_eq(terroir_plan_unserved_count(plan), 0);
    /* Every customer is served: the flows into points add up to the demand. */
    double served = 0;
    for (size_t i = 0; i < terroir_plan_flow_count(plan); i++) {
        terroir_plan_flow f;
        memset(&f, 0, sizeof f);
        f.version = TERROIR_PLAN_FLOW_VERSION;
        ck_assert_int_eq(terroir_plan_get_flow(plan, i, &f), 0);
        ck_assert_ptr_nonnull(f.via);
        served += f.kg;
    }
    ck_assert_double_eq_tol(served, s.demand_kg_total, 1e-6 * s.demand_kg_total);
    terroir_plan_free(plan);
    terroir_model_free(m);
}

START_TEST(solve_proves_published_optimum_of_cap41)
{
    expect_optimum("cap41", 1040444.375);
}
END_TEST

START_TEST(solve_proves_published_optimum_of_cap71)
{
    expect_optimum("cap71", 932615.750);
}
END_TEST

START_TEST(solve_proves_published_optimum_of_cap101)
{
    expect_optimum("cap101", 796648.437);
}
END_TEST

START_TEST(solve_proves_published_optimum_of_cap131)
{
    expect_optimum("cap131", 793439.562);
}
END_TEST

START_TEST(solve_rejects_bad_arguments)
{
    terroir_model *m = import_cap("cap41");
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(NULL, m, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_solve(&plan, NULL, NULL), TERROIR_EINVAL);
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.time_limit_seconds = -1;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(terroir_error_last());
    o.time_limit_seconds = 0;
    o.mip_gap = 2;
    ck_assert_int_eq(terroir_solve(&plan, m, &o), TERROIR_EINVAL);
    ck_assert_ptr_null(plan);
    ck_assert_int_eq(terroir_solve_options_init(&o, 999), TERROIR_EINVAL);
    /* An unvalidated model is refused. */
    terroir_model *raw = NULL;
    ck_assert_int_eq(terroir_model_new(&raw), 0);
    ck_assert_int_eq(terroir_solve(&plan, raw, NULL), TERROIR_EINVAL);
    terroir_model_free(raw);
    terroir_model_free(m);
}
END_TEST

START_TEST(plan_accessors_reject_bad_arguments)
{
    terroir_model *m = import_cap("cap41");
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, NULL), 0);
    terroir_plan_hub h;
    memset(&h, 0, sizeof h);
    ck_assert_int_eq(terroir_plan_get_hub(plan, 0, &h), TERROIR_EINVAL); /* version 0 */
    h.version = TERROIR_PLAN_HUB_VERSION;
    ck_assert_int_eq(terroir_plan_get_hub(plan, terroir_plan_hub_count(plan), &h),
                     TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_plan_get_hub(NULL, 0, &h), TERROIR_EINVAL);
    terroir_plan_unserved u;
    memset(&u, 0, sizeof u);
    u.version = TERROIR_PLAN_UNSERVED_VERSION;
    ck_assert_int_eq(terroir_plan_get_unserved(plan, 0, &u), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_plan_get_summary(plan, NULL), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_plan_flow_count(NULL), 0);
    ck_assert_int_eq(terroir_plan_status(NULL), TERROIR_STATUS_INFEASIBLE);
    ck_assert_int_eq(terroir_plan_write_json_buffer(NULL, NULL, plan), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_plan_write_json_file(plan, "/nonexistent-dir/plan.json"),
                     TERROIR_EIO);
    terroir_plan_free(plan);
    terroir_plan_free(NULL);
    terroir_model_free(m);
}
END_TEST

START_TEST(plan_writes_json_and_yaml_with_its_figures)
{
    terroir_model *m = import_cap("cap41");
    terroir_plan *plan = NULL;
    ck_assert_int_eq(terroir_solve(&plan, m, NULL), 0);
    char *json = NULL, *yaml = NULL;
    size_t jlen = 0, ylen = 0;
    ck_assert_int_eq(terroir_plan_write_json_buffer(&json, &jlen, plan), 0);
    ck_assert_int_eq(terroir_plan_write_yaml_buffer(&yaml, &ylen, plan), 0);
    ck_assert_uint_eq(strlen(json), jlen);
    ck_assert_ptr_nonnull(strstr(json, "\"status\": \"optimal\""));
    ck_assert_ptr_nonnull(strstr(json, "\"objective\": 1040444.37"));
    ck_assert_ptr_nonnull(strstr(json, "\"flows\": ["));
    ck_assert_ptr_nonnull(strstr(yaml, "status: \"optimal\""));
    ck_assert_ptr_nonnull(strstr(yaml, "objective: 1040444.37"));
    terroir_free(json);
    terroir_free(yaml);
    terroir_plan_free(plan);
    terroir_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("solve");
    TCase *tc = tcase_create("solve");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, solve_proves_published_optimum_of_cap41);
    tcase_add_test(tc, solve_proves_published_optimum_of_cap71);
    tcase_add_test(tc, solve_proves_published_optimum_of_cap101);
    tcase_add_test(tc, solve_proves_published_optimum_of_cap131);
    tcase_add_test(tc, solve_rejects_bad_arguments);
    tcase_add_test(tc, plan_accessors_reject_bad_arguments);
    tcase_add_test(tc, plan_writes_json_and_yaml_with_its_figures);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
