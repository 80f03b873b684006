/* Unit tests of the core module: version numbers, error codes and their
 * descriptions, the thread-local last error (one per thread, checked with two
 * pthreads), diagnostics lists, and the internal helpers every other module
 * builds on (string buffer, exact double printing, UTF-8 check, file reading,
 * array growth).  White-box: linked with the internal static library. */
#include <check.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/common.h>

#include "core/core.h"

/* ------------------------------------------------------------------ version */

START_TEST(version_string_matches_header_macros)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", TERROIR_VERSION_MAJOR,
             TERROIR_VERSION_MINOR, TERROIR_VERSION_PATCH);
    ck_assert_str_eq(TERROIR_VERSION_STRING, expected);
    ck_assert_ptr_nonnull(terroir_version());
    ck_assert_str_eq(terroir_version(), TERROIR_VERSION_STRING);
}
END_TEST

START_TEST(version_number_encodes_major_minor_patch)
{
    ck_assert_int_eq(TERROIR_VERSION_NUMBER, TERROIR_VERSION_MAJOR * 10000 +
                                                 TERROIR_VERSION_MINOR * 100 +
                                                 TERROIR_VERSION_PATCH);
    ck_assert_int_eq(terroir_version_number(), TERROIR_VERSION_NUMBER);
    /* The linked library is never older than the headers of this build. */
    ck_assert_int_ge(terroir_version_number(), 100);
}
END_TEST

/* ------------------------------------------------------------------ strerror */

static const int all_codes[] = {
    TERROIR_OK,        TERROIR_EINVAL,   TERROIR_ENOMEM,    TERROIR_EIO,      TERROIR_EINPUT,
    TERROIR_ENOTFOUND, TERROIR_ESOLVER,  TERROIR_ECANCELED, TERROIR_EINTERNAL,
};
#define N_CODES (sizeof all_codes / sizeof all_codes[0])

START_TEST(strerror_describes_every_code_distinctly)
{
    for (size_t i = 0; i < N_CODES; i++) {
        const char *s = terroir_strerror(all_codes[i]);
        ck_assert_ptr_nonnull(s);
        ck_assert_msg(strlen(s) > 0, "empty description for %d", all_codes[i]);
        ck_assert_msg(strcmp(s, "unknown error") != 0, "code %d is not described",
                      all_codes[i]);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(s, terroir_strerror(all_codes[j])) != 0,
                          "codes %d and %d share '%s'", all_codes[i], all_codes[j], s);
    }
}
END_TEST

START_TEST(strerror_of_unknown_code_is_unknown_error)
{
    const int unknown[] = {1, 42, TERROIR_EINTERNAL - 1, -1000, INT_MIN, INT_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *s = terroir_strerror(unknown[i]);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(s, "unknown error");
    }
}
END_TEST

START_TEST(error_codes_are_zero_or_negative_and_distinct)
{
    ck_assert_int_eq(TERROIR_OK, 0);
    for (size_t i = 1; i < N_CODES; i++) {
        ck_assert_int_lt(all_codes[i], 0);
        for (size_t j = 1; j < i; j++)
            ck_assert_int_ne(all_codes[i], all_codes[j]);
    }
}
END_TEST

/* ------------------------------------------------------------------ last error */

START_TEST(error_last_is_null_before_any_error)
{
    terroir_error_clear();
    ck_assert_ptr_null(terroir_error_last());
}
END_TEST

START_TEST(error_sets_code_and_formatted_message)
{
    int rc = core__error(TERROIR_EINVAL, "bad %s number %d", "hub", 7);
    ck_assert_int_eq(rc, TERROIR_EINVAL);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, TERROIR_EINVAL);
    ck_assert_str_eq(e->message, "bad hub number 7");
    ck_assert_ptr_null(e->file);
    ck_assert_ptr_null(e->field);
    ck_assert_uint_eq(e->line, 0);
    ck_assert_uint_eq(e->column, 0);
    terroir_error_clear();
}
END_TEST

START_TEST(error_at_copies_file_position_and_field)
{
    char file[] = "farms.yaml";
    char field[] = "producers[3].supply.lettuce";
    int rc = core__error_at(TERROIR_EINPUT, file, 12, 5, field, "negative quantity %g", -2.5);
    ck_assert_int_eq(rc, TERROIR_EINPUT);
    /* The error keeps its own copies: the caller's buffers may go away. */
    memset(file, 'x', sizeof file - 1);
    memset(field, 'y', sizeof field - 1);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, TERROIR_EINPUT);
    ck_assert_str_eq(e->message, "negative quantity -2.5");
    ck_assert_str_eq(e->file, "farms.yaml");
    ck_assert_str_eq(e->field, "producers[3].supply.lettuce");
    ck_assert_uint_eq(e->line, 12);
    ck_assert_uint_eq(e->column, 5);
    terroir_error_clear();
}
END_TEST

START_TEST(error_is_replaced_by_the_next_error)
{
    core__error_at(TERROIR_EIO, "a.yaml", 1, 2, "x", "first");
    core__error(TERROIR_ENOTFOUND, "second");
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, TERROIR_ENOTFOUND);
    ck_assert_str_eq(e->message, "second");
    ck_assert_ptr_null(e->file);
    ck_assert_ptr_null(e->field);
    ck_assert_uint_eq(e->line, 0);
    terroir_error_clear();
}
END_TEST

START_TEST(error_clear_and_reset_forget_the_error)
{
    core__error(TERROIR_EINVAL, "x");
    ck_assert_ptr_nonnull(terroir_error_last());
    terroir_error_clear();
    ck_assert_ptr_null(terroir_error_last());
    core__error(TERROIR_EINVAL, "y");
    core__error_reset();
    ck_assert_ptr_null(terroir_error_last());
    /* Clearing twice is harmless. */
    terroir_error_clear();
    core__error_reset();
    ck_assert_ptr_null(terroir_error_last());
}
END_TEST

START_TEST(error_copy_duplicates_every_field)
{
    terroir_error src = {TERROIR_EINPUT, "duplicate id", "b.yaml", 3, 9, "hubs[1].id"};
    ck_assert_int_eq(core__error_copy(&src), TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_ne(e->message, src.message);
    ck_assert_str_eq(e->message, "duplicate id");
    ck_assert_str_eq(e->file, "b.yaml");
    ck_assert_str_eq(e->field, "hubs[1].id");
    ck_assert_uint_eq(e->line, 3);
    ck_assert_uint_eq(e->column, 9);
    terroir_error_clear();
}
END_TEST

START_TEST(error_message_with_percent_signs_is_kept_verbatim)
{
    core__error(TERROIR_EINPUT, "%s", "100% of %d");
    ck_assert_str_eq(terroir_error_last()->message, "100% of %d");
    terroir_error_clear();
}
END_TEST

/* Shared between the main thread and the second thread. */
typedef struct thread_probe {
    int saw_error_at_start;  /* the second thread saw an error before setting one */
    int own_code;            /* the code the second thread then read back */
    int cleared;             /* its clear left it without error */
} thread_probe;

static void *second_thread(void *arg)
{
    thread_probe *probe = arg;
    probe->saw_error_at_start = terroir_error_last() != NULL;
    core__error(TERROIR_ESOLVER, "thread error");
    const terroir_error *e = terroir_error_last();
    probe->own_code = e ? e->code : 0;
    terroir_error_clear();
    probe->cleared = terroir_error_last() == NULL;
    return NULL;
}

START_TEST(error_last_is_per_thread)
{
    core__error(TERROIR_EINVAL, "main thread error");
    thread_probe probe = {-1, 0, 0};
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, second_thread, &probe), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_int_eq(probe.saw_error_at_start, 0);
    ck_assert_int_eq(probe.own_code, TERROIR_ESOLVER);
    ck_assert_int_eq(probe.cleared, 1);
    /* The second thread's error and its clear did not touch ours. */
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, TERROIR_EINVAL);
    ck_assert_str_eq(e->message, "main thread error");
    terroir_error_clear();
}
END_TEST

static void *thread_leaving_an_error(void *arg)
{
    (void)arg;
    core__error_at(TERROIR_EINPUT, "t.yaml", 1, 1, "f", "left behind at thread exit");
    return NULL;
}

/* The header allows a thread to exit without terroir_error_clear(); under
 * valgrind (meson test --setup valgrind) this test fails if the error's
 * memory is then lost. */
START_TEST(error_left_by_an_exiting_thread_is_not_leaked)
{
    for (int i = 0; i < 4; i++) {
        pthread_t t;
        ck_assert_int_eq(pthread_create(&t, NULL, thread_leaving_an_error, NULL), 0);
        ck_assert_int_eq(pthread_join(t, NULL), 0);
    }
    ck_assert_ptr_null(terroir_error_last());
}
END_TEST

/* ------------------------------------------------------------------ diagnostics */

START_TEST(diagnostics_of_null_list_are_empty)
{
    ck_assert_uint_eq(terroir_diagnostics_count(NULL), 0);
    ck_assert_ptr_null(terroir_diagnostics_get(NULL, 0));
    terroir_diagnostics_free(NULL);
    terroir_free(NULL);
}
END_TEST

START_TEST(diagnostics_keep_every_problem_in_order)
{
    terroir_diagnostics *d = core__diags_new();
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 0);
    ck_assert_ptr_null(terroir_diagnostics_get(d, 0));

    char file[] = "net.yaml";
    ck_assert_int_eq(core__diags_add(d, TERROIR_EINPUT, file, 4, 3, "products[0].id",
                                     "missing %s", "id"), 0);
    ck_assert_int_eq(core__diags_add(d, TERROIR_ENOTFOUND, NULL, 0, 0, NULL, "no hub"), 0);
    ck_assert_int_eq(core__diags_add(d, TERROIR_EINPUT, file, 9, 1, NULL, "n=%d", 3), 0);
    memset(file, 0, sizeof file);

    ck_assert_uint_eq(terroir_diagnostics_count(d), 3);
    const terroir_error *e0 = terroir_diagnostics_get(d, 0);
    const terroir_error *e1 = terroir_diagnostics_get(d, 1);
    const terroir_error *e2 = terroir_diagnostics_get(d, 2);
    ck_assert_ptr_nonnull(e0);
    ck_assert_ptr_nonnull(e1);
    ck_assert_ptr_nonnull(e2);
    ck_assert_int_eq(e0->code, TERROIR_EINPUT);
    ck_assert_str_eq(e0->message, "missing id");
    ck_assert_str_eq(e0->file, "net.yaml");
    ck_assert_str_eq(e0->field, "products[0].id");
    ck_assert_uint_eq(e0->line, 4);
    ck_assert_uint_eq(e0->column, 3);
    ck_assert_int_eq(e1->code, TERROIR_ENOTFOUND);
    ck_assert_ptr_null(e1->file);
    ck_assert_ptr_null(e1->field);
    ck_assert_str_eq(e2->message, "n=3");
    ck_assert_ptr_null(terroir_diagnostics_get(d, 3));
    ck_assert_ptr_null(terroir_diagnostics_get(d, (size_t)-1));
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(diagnostics_grow_past_many_entries)
{
    terroir_diagnostics *d = core__diags_new();
    ck_assert_ptr_nonnull(d);
    for (unsigned long i = 0; i < 1000; i++)
        ck_assert_int_eq(core__diags_add(d, TERROIR_EINPUT, "f", i + 1, 1, NULL, "p%lu", i), 0);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1000);
    ck_assert_str_eq(terroir_diagnostics_get(d, 999)->message, "p999");
    ck_assert_uint_eq(terroir_diagnostics_get(d, 500)->line, 501);
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(diagnostics_sort_by_position_is_stable)
{
    terroir_diagnostics *d = core__diags_new();
    ck_assert_ptr_nonnull(d);
    core__diags_add(d, TERROIR_EINPUT, "f", 7, 2, NULL, "c");
    core__diags_add(d, TERROIR_EINPUT, "f", 3, 5, NULL, "a");
    core__diags_add(d, TERROIR_EINPUT, "f", 7, 2, NULL, "d");
    core__diags_add(d, TERROIR_EINPUT, "f", 3, 8, NULL, "b");
    core__diags_add(d, TERROIR_EINPUT, NULL, 0, 0, NULL, "global");
    core__diags_sort(d);
    const char *expected[] = {"global", "a", "b", "c", "d"};
    ck_assert_uint_eq(terroir_diagnostics_count(d), 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(terroir_diagnostics_get(d, i)->message, expected[i]);
    terroir_diagnostics_free(d);
}
END_TEST

/* ------------------------------------------------------------------ helpers */

START_TEST(strbuf_appends_and_takes_ownership)
{
    core_strbuf sb = CORE_STRBUF_INIT;
    core__sb_puts(&sb, "hub");
    core__sb_append(&sb, "-xyz", 2);
    core__sb_printf(&sb, ":%d:%s", 42, "ok");
    size_t len = 0;
    char *s = core__sb_take(&sb, &len);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "hub-x:42:ok");
    ck_assert_uint_eq(len, strlen("hub-x:42:ok"));
    ck_assert_ptr_null(sb.data);
    free(s);
}
END_TEST

START_TEST(strbuf_take_of_empty_buffer_is_empty_string)
{
    core_strbuf sb = CORE_STRBUF_INIT;
    size_t len = 99;
    char *s = core__sb_take(&sb, &len);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "");
    ck_assert_uint_eq(len, 0);
    free(s);
}
END_TEST

START_TEST(strbuf_grows_to_large_texts)
{
    core_strbuf sb = CORE_STRBUF_INIT;
    for (int i = 0; i < 100000; i++)
        core__sb_puts(&sb, "0123456789");
    ck_assert_int_eq(sb.failed, 0);
    ck_assert_uint_eq(sb.len, 1000000);
    ck_assert_int_eq(sb.data[999999], '9');
    ck_assert_int_eq(sb.data[1000000], '\0');
    core__sb_free(&sb);
    ck_assert_ptr_null(sb.data);
}
END_TEST

START_TEST(sb_double_reads_back_exactly)
{
    const double values[] = {0.0,  -0.0,    1.0,     0.1,    1.0 / 3.0, 2.0 / 3.0, 1e-300,
                             1e300, 45.508, -73.554, 1.3,    6371.0088, 5e-324,   1.7976931348623157e308,
                             12345678901234567.0, -0.000123};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        core_strbuf sb = CORE_STRBUF_INIT;
        core__sb_double(&sb, values[i]);
        char *s = core__sb_take(&sb, NULL);
        ck_assert_ptr_nonnull(s);
        char *end = NULL;
        double back = strtod(s, &end);
        ck_assert_msg(*end == '\0', "trailing text in '%s'", s);
        ck_assert_msg(back == values[i], "%.17g printed as '%s'", values[i], s);
        free(s);
    }
}
END_TEST

START_TEST(sb_double_prints_short_forms_when_exact)
{
    core_strbuf sb = CORE_STRBUF_INIT;
    core__sb_double(&sb, 0.1);
    core__sb_puts(&sb, " ");
    core__sb_double(&sb, 400.0);
    core__sb_puts(&sb, " ");
    core__sb_double(&sb, 1.3);
    char *s = core__sb_take(&sb, NULL);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "0.1 400 1.3");
    free(s);
}
END_TEST

START_TEST(utf8_valid_accepts_quebec_names)
{
    const char *s = "Saint-Hyacinthe\nFerme maraîchère de Saint-Rémi — 🍎";
    ck_assert_int_eq(core__utf8_valid(s, strlen(s), NULL, NULL), 1);
    ck_assert_int_eq(core__utf8_valid("", 0, NULL, NULL), 1);
}
END_TEST

START_TEST(utf8_valid_reports_line_and_column_of_bad_byte)
{
    /* Line 2, third character is a lone Latin-1 'é' (0xE9). */
    const char s[] = "id: a\nx: \xE9t\xC3\xA9\n";
    unsigned long line = 0, col = 0;
    ck_assert_int_eq(core__utf8_valid(s, sizeof s - 1, &line, &col), 0);
    ck_assert_uint_eq(line, 2);
    ck_assert_uint_eq(col, 4);
}
END_TEST

START_TEST(utf8_valid_rejects_overlong_surrogate_and_truncated_forms)
{
    const char *bad[] = {
        "\xC0\xAF",         /* overlong '/' */
        "\xE0\x80\xAF",     /* overlong, 3 bytes */
        "\xED\xA0\x80",     /* UTF-16 surrogate */
        "\xF4\x90\x80\x80", /* past U+10FFFF */
        "\xC3",             /* truncated */
        "\xFF",
        "a\x80",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(core__utf8_valid(bad[i], strlen(bad[i]), NULL, NULL) == 0,
                      "accepted bad sequence %zu", i);
}
END_TEST

START_TEST(grow_reserves_capacity_and_reports_overflow)
{
    int *items = NULL;
    size_t cap = 0;
    ck_assert_int_eq(core__grow((void **)&items, &cap, 3, sizeof *items), 0);
    ck_assert_ptr_nonnull(items);
    ck_assert_uint_ge(cap, 3);
    items[2] = 7;
    ck_assert_int_eq(core__grow((void **)&items, &cap, 1000, sizeof *items), 0);
    ck_assert_uint_ge(cap, 1000);
    ck_assert_int_eq(items[2], 7);
    int *before = items;
    size_t cap_before = cap;
    ck_assert_int_eq(core__grow((void **)&items, &cap, (size_t)-1 / 2, sizeof *items),
                     TERROIR_ENOMEM);
    ck_assert_ptr_eq(items, before);
    ck_assert_uint_eq(cap, cap_before);
    free(items);
    ck_assert_ptr_null(core__reallocarray(NULL, (size_t)-1 / 2, 4));
}
END_TEST

START_TEST(read_file_of_missing_path_is_eio_with_file)
{
    char *data = (char *)"untouched";
    size_t len = 5;
    int rc = core__read_file("/nonexistent/terroir/none.yaml", 1024, &data, &len);
    ck_assert_int_eq(rc, TERROIR_EIO);
    ck_assert_str_eq(data, "untouched");
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, TERROIR_EIO);
    ck_assert_str_eq(e->file, "/nonexistent/terroir/none.yaml");
    terroir_error_clear();
}
END_TEST

static char *write_temp_file(const char *content, size_t len)
{
    char *path = core__strdup("/tmp/terroir_test_core_XXXXXX");
    ck_assert_ptr_nonnull(path);
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(content, 1, len, f), len);
    fclose(f);
    return path;
}

START_TEST(read_file_returns_whole_content_nul_terminated)
{
    const char content[] = "terroir: 1\nname: \"x\"\n";
    char *path = write_temp_file(content, sizeof content - 1);
    char *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(core__read_file(path, 1024, &data, &len), 0);
    ck_assert_uint_eq(len, sizeof content - 1);
    ck_assert_str_eq(data, content);
    free(data);
    remove(path);
    free(path);
}
END_TEST

START_TEST(read_file_larger_than_limit_is_einput)
{
    char big[4096];
    memset(big, 'a', sizeof big);
    char *path = write_temp_file(big, sizeof big);
    char *data = NULL;
    ck_assert_int_eq(core__read_file(path, 100, &data, NULL), TERROIR_EINPUT);
    ck_assert_ptr_null(data);
    ck_assert_ptr_nonnull(terroir_error_last());
    ck_assert_int_eq(terroir_error_last()->code, TERROIR_EINPUT);
    terroir_error_clear();
    remove(path);
    free(path);
}
END_TEST

START_TEST(asprintf_formats_into_new_string)
{
    char *s = core__asprintf("%s[%zu].%s", "points", (size_t)12, "demand");
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "points[12].demand");
    free(s);
}
END_TEST

START_TEST(now_is_monotonic)
{
    double a = core__now();
    double b = core__now();
    ck_assert(isfinite(a));
    ck_assert(b >= a);
}
END_TEST

/* ------------------------------------------------------------------ runner */

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("version");
    tcase_add_test(tc, version_string_matches_header_macros);
    tcase_add_test(tc, version_number_encodes_major_minor_patch);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, strerror_describes_every_code_distinctly);
    tcase_add_test(tc, strerror_of_unknown_code_is_unknown_error);
    tcase_add_test(tc, error_codes_are_zero_or_negative_and_distinct);
    tcase_add_test(tc, error_last_is_null_before_any_error);
    tcase_add_test(tc, error_sets_code_and_formatted_message);
    tcase_add_test(tc, error_at_copies_file_position_and_field);
    tcase_add_test(tc, error_is_replaced_by_the_next_error);
    tcase_add_test(tc, error_clear_and_reset_forget_the_error);
    tcase_add_test(tc, error_copy_duplicates_every_field);
    tcase_add_test(tc, error_message_with_percent_signs_is_kept_verbatim);
    tcase_add_test(tc, error_last_is_per_thread);
    tcase_add_test(tc, error_left_by_an_exiting_thread_is_not_leaked);
    suite_add_tcase(s, tc);

    tc = tcase_create("diagnostics");
    tcase_add_test(tc, diagnostics_of_null_list_are_empty);
    tcase_add_test(tc, diagnostics_keep_every_problem_in_order);
    tcase_add_test(tc, diagnostics_grow_past_many_entries);
    tcase_add_test(tc, diagnostics_sort_by_position_is_stable);
    suite_add_tcase(s, tc);

    tc = tcase_create("helpers");
    tcase_add_test(tc, strbuf_appends_and_takes_ownership);
    tcase_add_test(tc, strbuf_take_of_empty_buffer_is_empty_string);
    tcase_add_test(tc, strbuf_grows_to_large_texts);
    tcase_add_test(tc, sb_double_reads_back_exactly);
    tcase_add_test(tc, sb_double_prints_short_forms_when_exact);
    tcase_add_test(tc, utf8_valid_accepts_quebec_names);
    tcase_add_test(tc, utf8_valid_reports_line_and_column_of_bad_byte);
    tcase_add_test(tc, utf8_valid_rejects_overlong_surrogate_and_truncated_forms);
    tcase_add_test(tc, grow_reserves_capacity_and_reports_overflow);
    tcase_add_test(tc, read_file_of_missing_path_is_eio_with_file);
    tcase_add_test(tc, read_file_returns_whole_content_nul_terminated);
    tcase_add_test(tc, read_file_larger_than_limit_is_einput);
    tcase_add_test(tc, asprintf_formats_into_new_string);
    tcase_add_test(tc, now_is_monotonic);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(core_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
