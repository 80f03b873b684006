/* Every output stays UTF-8 when the model's ids and names are long and
 * not ASCII: the plan (JSON, YAML), the reports (HTML, GeoJSON, CSV
 * tables, route sheets), the model written back, the solvers' log lines
 * and the messages of errors.  Ids have no length limit, so any text cut
 * to a fixed buffer must be cut between two characters (a buffer of 200
 * bytes once cut "hub 'ààà...'" in the middle of an 'à', and Python's
 * plan.to_json() raised UnicodeDecodeError).  Public API only. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <terroir/terroir.h>

/* `prefix` then `n` times the two-byte character `ch`: longer than any
 * fixed buffer of the library, with an odd byte count before the repeated
 * character, so that a cut at an even offset lands inside one. */
static char *long_id(const char *prefix, const char *ch, size_t n)
{
    size_t p = strlen(prefix), c = strlen(ch);
    char *s = malloc(p + n * c + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, prefix, p);
    for (size_t i = 0; i < n; i++)
        memcpy(s + p + i * c, ch, c);
    s[p + n * c] = '\0';
    return s;
}

/* 1 when the `len` bytes are UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF). */
static int utf8_ok(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n = c < 0x80             ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (n == 0 || i + n > len)
            return 0;
        unsigned long cp = n == 1 ? c : c & (0x7F >> n);
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        i += n;
    }
    return 1;
}

static void assert_utf8(const char *what, const char *text, size_t len)
{
    ck_assert_msg(text != NULL, "%s: no text", what);
    ck_assert_msg(utf8_ok(text, len), "%s is not UTF-8", what);
}

/* Every file of `dir` is UTF-8; they are removed, then the folder.
 * Returns how many there were. */
static size_t check_and_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        static char buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        assert_utf8(path, buf, len);
        unlink(path);
        n++;
    }
    closedir(d);
    rmdir(dir);
    return n;
}

typedef struct log_check {
    size_t lines, bad;
} log_check;

static void on_log(const char *line, void *data)
{
    log_check *lc = data;
    lc->lines++;
    if (!utf8_ok(line, strlen(line)))
        lc->bad++;
}

/* A hub, a farm, two products and three points, every id and name far
 * longer than 400 bytes.  The school's window closes before any truck can
 * arrive, so that the plan leaves a stop unserved with a sentence naming
 * the hub; nobody supplies the second product, so that demand is unserved
 * with a reason too. */
static terroir_model *long_model(char **ids, size_t n_ids)
{
    ck_assert_uint_ge(n_ids, 8);
    ids[0] = long_id("hûb-", "à", 240);
    ids[1] = long_id("l", "é", 240); /* product */
    ids[2] = long_id("f", "ü", 240); /* farm */
    ids[3] = long_id("é", "è", 240); /* grocery */
    ids[4] = long_id("s", "ô", 240); /* school */
    ids[5] = long_id("v", "ç", 240); /* vehicle type */
    ids[6] = long_id("Œ", "Œ", 240); /* a name */
    ids[7] = long_id("p", "ï", 240); /* unsupplied product */
    const char *hub = ids[0], *lettuce = ids[1], *farm = ids[2], *shop = ids[3], *school = ids[4],
               *van = ids[5], *name = ids[6], *other = ids[7];
    size_t cap = 64 * 1024;
    char *yaml = malloc(cap);
    ck_assert_ptr_nonnull(yaml);
    int n = snprintf(
        yaml, cap,
        "terroir: 1\n"
        "name: \"%s\"\n"
        "products:\n"
        "  - {id: \"%s\", name: \"%s\", temperature: chilled}\n"
        "  - {id: \"%s\", temperature: ambient}\n"
        "producers:\n"
        "  - {id: \"%s\", name: \"%s\", lat: 45.30, lon: -73.25, supply: {\"%s\": 400}}\n"
        "hubs:\n"
        "  - {id: \"%s\", name: \"%s\", lat: 45.40, lon: -72.73, status: open}\n"
        "points:\n"
        "  - {id: \"%s\", name: \"%s\", kind: grocery, lat: 45.41, lon: -72.72,\n"
        "     demand: {\"%s\": 120, \"%s\": 30}}\n"
        "  - {id: \"%s\", kind: school, lat: 45.31, lon: -73.26, demand: {\"%s\": 50},\n"
        "     time_windows: [[\"00:00\", \"00:05\"]]}\n"
        "vehicle_types:\n"
        "  - {id: \"%s\", name: \"%s\", home_hub: \"%s\", count: 1, capacity: {kg: 1200},\n"
        "     temperatures: [ambient, chilled]}\n",
        name, lettuce, name, other, farm, name, lettuce, hub, name, shop, name, lettuce, other,
        school, lettuce, van, name, hub);
    ck_assert_int_lt(n, (int)cap);
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_buffer(&m, yaml, (size_t)n, "long.yaml", NULL, NULL);
    ck_assert_msg(rc == 0, "load: %s", terroir_error_last()->message);
    free(yaml);
    return m;
}

START_TEST(every_output_stays_utf8_with_long_non_ascii_ids)
{
    char *ids[8];
    terroir_model *m = long_model(ids, 8);
    log_check lc = {0, 0};
    terroir_solve_options o = TERROIR_SOLVE_OPTIONS_INIT;
    o.route_iterations = 50;
    o.log = on_log;
    o.log_data = &lc;
    terroir_plan *p = NULL;
    ck_assert_int_eq(terroir_solve(&p, m, &o), 0);
    ck_assert_uint_gt(lc.lines, 0);
    ck_assert_msg(lc.bad == 0, "%zu of %zu log lines are not UTF-8", lc.bad, lc.lines);
    /* The unserved school's sentence names the hub in full. */
    ck_assert_uint_ge(terroir_plan_unserved_stop_count(p), 1);
    terroir_plan_unserved_stop u;
    memset(&u, 0, sizeof u);
    u.version = TERROIR_PLAN_UNSERVED_STOP_VERSION;
    ck_assert_int_eq(terroir_plan_get_unserved_stop(p, 0, &u), 0);
    ck_assert_ptr_nonnull(strstr(u.detail, ids[0]));

    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(terroir_plan_write_json_buffer(&text, &len, p), 0);
    assert_utf8("plan JSON", text, len);
    terroir_free(text);
    ck_assert_int_eq(terroir_plan_write_yaml_buffer(&text, &len, p), 0);
    assert_utf8("plan YAML", text, len);
    terroir_free(text);
    ck_assert_int_eq(terroir_model_write_yaml_buffer(&text, &len, m), 0);
    assert_utf8("model YAML", text, len);
    terroir_free(text);
    for (int lang = 0; lang < TERROIR_LANGUAGE_COUNT; lang++) {
        terroir_report_options ro = TERROIR_REPORT_OPTIONS_INIT;
        ro.language = (terroir_language)lang;
        ck_assert_int_eq(terroir_report_write_html_buffer(&text, &len, m, p, &ro), 0);
        assert_utf8("HTML report", text, len);
        terroir_free(text);
    }
    ck_assert_int_eq(terroir_report_write_geojson_buffer(&text, &len, m, p), 0);
    assert_utf8("GeoJSON", text, len);
    terroir_free(text);

    char dir[] = "utf8_out_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char sub[64];
    snprintf(sub, sizeof sub, "%s/csv", dir);
    ck_assert_int_eq(terroir_report_write_csv_dir(m, p, sub), 0);
    ck_assert_uint_eq(check_and_remove_dir(sub), 8); /* the CSV tables of a plan */
    snprintf(sub, sizeof sub, "%s/sheets", dir);
    ck_assert_int_eq(terroir_report_write_route_sheets_dir(m, p, sub, NULL), 0);
    ck_assert_uint_ge(check_and_remove_dir(sub), 2);
    snprintf(sub, sizeof sub, "%s/model", dir);
    ck_assert_int_eq(terroir_model_write_csv_dir(m, sub), 0);
    ck_assert_uint_ge(check_and_remove_dir(sub), 6);
    rmdir(dir);

    terroir_plan_free(p);
    terroir_model_free(m);
    for (size_t i = 0; i < 8; i++)
        free(ids[i]);
}
END_TEST

/* Messages quote user text cut to a few dozen bytes: on a character
 * boundary, in English and in French. */
START_TEST(error_messages_quoting_long_ids_stay_utf8)
{
    char *id = long_id("x", "é", 300);
    size_t cap = 4096;
    char *yaml = malloc(cap);
    ck_assert_ptr_nonnull(yaml);
    /* A duplicate id, an unknown product and a bad number, each quoted. */
    int n = snprintf(yaml, cap,
                     "terroir: 1\n"
                     "products:\n"
                     "  - {id: \"%s\"}\n"
                     "  - {id: \"%s\"}\n"
                     "points:\n"
                     "  - {id: p, kind: grocery, lat: 45, lon: -73, demand: {\"%s\": 1}}\n"
                     "  - {id: q, kind: grocery, lat: 45, lon: -73, demand: {a: \"%s\"}}\n",
                     id, id, id + 1, id);
    ck_assert_int_lt(n, (int)cap);
    for (int lang = 0; lang < TERROIR_LANGUAGE_COUNT; lang++) {
        terroir_load_options lo = TERROIR_LOAD_OPTIONS_INIT;
        lo.language = (terroir_language)lang;
        terroir_model *m = NULL;
        terroir_diagnostics *d = NULL;
        ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, yaml, (size_t)n, id, &lo, &d),
                         TERROIR_EINPUT);
        ck_assert_uint_ge(terroir_diagnostics_count(d), 3);
        for (size_t i = 0; i < terroir_diagnostics_count(d); i++) {
            const terroir_error *e = terroir_diagnostics_get(d, i);
            assert_utf8("message", e->message, strlen(e->message));
            assert_utf8("file", e->file, strlen(e->file));
            if (e->field)
                assert_utf8("field", e->field, strlen(e->field));
        }
        terroir_diagnostics_free(d);
    }
    free(yaml);
    free(id);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("utf8");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_output_stays_utf8_with_long_non_ascii_ids);
    tcase_add_test(tc, error_messages_quoting_long_ids_stay_utf8);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
