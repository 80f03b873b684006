/* Unit tests of the Cordeau multi-depot VRP importer (lib/io/import_cordeau.c),
 * through the public API only.  The p01 tests read the fixture's numbers
 * with their own small parser and compare them with what the model holds:
 * depots, customers, fleets, and every distance (double-precision Euclidean,
 * the convention of the published costs), so a shifted column, a depot
 * taken for a customer or a rounding rule would show.  Fixture:
 * tests/data/bench/p01.txt, an unmodified copy of the shared p01. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

/* ---- helpers */

static void fixture_path(char *buf, size_t n, const char *file)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    snprintf(buf, n, "%s/bench/%s", d ? d : "tests/data", file);
}

static terroir_model *import_p01(void)
{
    char path[1024];
    fixture_path(path, sizeof path, "p01.txt");
    terroir_model *m = NULL;
    int rc = terroir_model_import_file(&m, TERROIR_FORMAT_CORDEAU, path, NULL);
    const terroir_error *e = terroir_error_last();
    ck_assert_msg(rc == 0, "import p01 failed: %s:%lu:%lu: %s", e ? e->file : "?", e ? e->line : 0,
                  e ? e->column : 0, e ? e->message : "?");
    ck_assert_int_eq(terroir_model_is_validated(m), 1);
    return m;
}

/* The fixture's nodes as the test reads them: x, y, service, demand of
 * node id 1..n+t (index id - 1). */
typedef struct raw_instance {
    int m, n, t;
    double duration[16], capacity[16];
    double x[128], y[128], service[128], demand[128];
} raw_instance;

static void read_raw_p01(raw_instance *r)
{
    char path[1024];
    fixture_path(path, sizeof path, "p01.txt");
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    int type;
    ck_assert_int_eq(fscanf(f, "%d %d %d %d", &type, &r->m, &r->n, &r->t), 4);
    ck_assert_int_eq(type, 2);
    ck_assert_int_le(r->t, 16);
    ck_assert_int_le(r->n + r->t, 128);
    for (int k = 0; k < r->t; k++)
        ck_assert_int_eq(fscanf(f, "%lf %lf", &r->duration[k], &r->capacity[k]), 2);
    char line[512];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f)); /* rest of the last D Q line */
    for (int i = 0; i < r->n + r->t; i++) {
        ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
        int id;
        ck_assert_int_eq(sscanf(line, "%d %lf %lf %lf %lf", &id, &r->x[i], &r->y[i], &r->service[i],
                                &r->demand[i]),
                         5);
        ck_assert_int_eq(id, i + 1);
    }
    fclose(f);
}

static size_t site_of(const terroir_model *m, terroir_entity kind, const char *id)
{
    size_t index, site;
    ck_assert_msg(terroir_model_find(m, kind, id, &index) == 0, "no %s", id);
    terroir_site_kind sk = kind == TERROIR_ENTITY_HUB ? TERROIR_SITE_HUB : TERROIR_SITE_POINT;
    ck_assert_int_eq(terroir_model_site_index(m, sk, index, &site), 0);
    return site;
}

/* Import a buffer that must fail with TERROIR_EINPUT at line:column (0:
 * any) with a message containing `needle`. */
static void expect_input_error(const char *text, unsigned long line, unsigned long column,
                               const char *needle)
{
    terroir_model *m = NULL;
    int rc =
        terroir_model_import_buffer(&m, TERROIR_FORMAT_CORDEAU, text, strlen(text), "bad", NULL);
    const terroir_error *e = terroir_error_last();
    ck_assert_msg(rc == TERROIR_EINPUT, "rc %d for:\n%s", rc, text);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->file, "bad");
    ck_assert_msg(strstr(e->message, needle) != NULL, "message '%s' lacks '%s'", e->message,
                  needle);
    if (line)
        ck_assert_msg(e->line == line, "line %lu, expected %lu (%s)", e->line, line, e->message);
    if (column)
        ck_assert_msg(e->column == column, "column %lu, expected %lu (%s)", e->column, column,
                      e->message);
}

/* A small valid instance: 3 customers, 2 depots, 2 vehicles per depot;
 * customer 1 and 3 carry the periodic fields, customer 2 does not. */
static const char small[] = "2 2 3 2\n"
                            "0 10\n"
                            "50 12\n"
                            "1 0 0 1 4 1 2 1 2\n"
                            "2 3 4 2 5\n"
                            "3 6 8 0 3 1 1 4\n"
                            "4 1 1 0 0 0 0\n"
                            "5 9 9 0 0\n";

/* ---- p01 */

START_TEST(cordeau_p01_maps_depots_customers_and_fleets)
{
    raw_instance raw;
    read_raw_p01(&raw);
    terroir_model *m = import_p01();
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "p01");
    ck_assert_int_eq(s.coordinates, TERROIR_COORDINATES_PLANAR);
    ck_assert_int_eq(s.rounding, TERROIR_ROUNDING_NONE);
    ck_assert_double_eq(s.speed_kmh, 60);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 1);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCER), 0);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 4);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 50);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE), 4);
    /* Depots are file ids 51..54, in order, as hubs d1..d4 with fleets v1..v4. */
    for (int k = 0; k < raw.t; k++) {
        terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
        ck_assert_int_eq(terroir_model_get_hub(m, (size_t)k, &h), 0);
        char id[16];
        snprintf(id, sizeof id, "d%d", k + 1);
        ck_assert_str_eq(h.id, id);
        ck_assert_int_eq(h.status, TERROIR_HUB_OPEN);
        ck_assert_double_eq(h.location.x, raw.x[raw.n + k]);
        ck_assert_double_eq(h.location.y, raw.y[raw.n + k]);
        ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_HUB, (size_t)k), 0);
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        ck_assert_int_eq(terroir_model_get_vehicle_type(m, (size_t)k, &v), 0);
        snprintf(id, sizeof id, "v%d", k + 1);
        ck_assert_str_eq(v.id, id);
        ck_assert_uint_eq(v.home_hub, (size_t)k);
        ck_assert_uint_eq(v.count, 4);
        ck_assert_double_eq(v.capacity[TERROIR_DIMENSION_KG], 80);
        ck_assert_double_eq(v.max_duration_minutes, 0);
        ck_assert_double_eq(v.cost_per_km, 1);
        ck_assert_double_eq(v.fixed_cost, 0);
    }
    ck_assert_double_eq(raw.x[50], 20);
    ck_assert_double_eq(raw.y[53], 50);
    /* Customers c1..c50 with demand and service time; 777 in all. */
    double total = 0;
    for (int i = 0; i < raw.n; i++) {
        char id[16];
        snprintf(id, sizeof id, "c%d", i + 1);
        size_t index;
        ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_POINT, id, &index), 0);
        terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
        ck_assert_int_eq(terroir_model_get_point(m, index, &p), 0);
        ck_assert_double_eq(p.location.x, raw.x[i]);
        ck_assert_double_eq(p.location.y, raw.y[i]);
        ck_assert_double_eq(p.service_minutes, raw.service[i]);
        ck_assert_uint_eq(terroir_model_demand_count(m, index), 1);
        size_t product;
        double q;
        ck_assert_int_eq(terroir_model_get_demand(m, index, 0, &product, &q), 0);
        ck_assert_uint_eq(product, 0);
        ck_assert_double_eq(q, raw.demand[i]);
        total += q;
        ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_POINT, index), 0);
    }
    ck_assert_double_eq(total, 777);
    terroir_model_free(m);
}
END_TEST

START_TEST(cordeau_p01_distances_are_double_precision_euclidean)
{
    raw_instance raw;
    read_raw_p01(&raw);
    terroir_model *m = import_p01();
    int nodes = raw.n + raw.t;
    size_t *site = calloc((size_t)nodes, sizeof *site);
    ck_assert_ptr_nonnull(site);
    for (int i = 0; i < nodes; i++) {
        char id[16];
        if (i < raw.n) {
            snprintf(id, sizeof id, "c%d", i + 1);
            site[i] = site_of(m, TERROIR_ENTITY_POINT, id);
        } else {
            snprintf(id, sizeof id, "d%d", i - raw.n + 1);
            site[i] = site_of(m, TERROIR_ENTITY_HUB, id);
        }
    }
    int fractional = 0;
    for (int i = 0; i < nodes; i++) {
        for (int j = 0; j < nodes; j++) {
            double km = -1, minutes = -1;
            ck_assert_int_eq(terroir_model_distance(m, site[i], site[j], &km, &minutes), 0);
            double want = hypot(raw.x[i] - raw.x[j], raw.y[i] - raw.y[j]);
            ck_assert_msg(fabs(km - want) <= 1e-9 * (1 + want), "%d -> %d: %.12f, expected %.12f",
                          i + 1, j + 1, km, want);
            ck_assert_double_eq_tol(minutes, km, 1e-9 * (1 + km));
            if (fabs(want - floor(want * 10) / 10) > 1e-6)
                fractional++;
        }
    }
    /* Not rounded: d1 (20,20) -> c1 (37,52) is sqrt(17^2 + 32^2) = 36.2353... */
    ck_assert_int_gt(fractional, nodes);
    double km;
    ck_assert_int_eq(terroir_model_distance(m, site[50], site[0], &km, NULL), 0);
    ck_assert_double_eq_tol(km, sqrt(17.0 * 17 + 32 * 32), 1e-12);
    free(site);
    terroir_model_free(m);
}
END_TEST

/* ---- mapping details on a small instance */

START_TEST(cordeau_keeps_duration_limits_service_times_and_periodic_lines)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_import_buffer(&m, TERROIR_FORMAT_CORDEAU, small, strlen(small),
                                                 "small.txt", NULL),
                     0);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 2);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 3);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 0, &v), 0);
    ck_assert_double_eq(v.max_duration_minutes, 0);
    ck_assert_double_eq(v.capacity[TERROIR_DIMENSION_KG], 10);
    ck_assert_uint_eq(v.count, 2);
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 1, &v), 0);
    ck_assert_double_eq(v.max_duration_minutes, 50);
    ck_assert_double_eq(v.capacity[TERROIR_DIMENSION_KG], 12);
    ck_assert_uint_eq(v.home_hub, 1);
    size_t c2;
    ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_POINT, "c2", &c2), 0);
    terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, c2, &p), 0);
    ck_assert_double_eq(p.service_minutes, 2);
    ck_assert_double_eq(p.location.x, 3);
    /* A depot line with or without the "0 0" periodic fields. */
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, 1, &h), 0);
    ck_assert_str_eq(h.id, "d2");
    ck_assert_double_eq(h.location.x, 9);
    /* d1 (1,1) -> c2 (3,4): sqrt(13). */
    double km;
    ck_assert_int_eq(
        terroir_model_distance(m, 0, site_of(m, TERROIR_ENTITY_POINT, "c2"), &km, NULL), 0);
    ck_assert_double_eq_tol(km, sqrt(13.0), 1e-12);
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "small");
    terroir_model_free(m);
}
END_TEST

START_TEST(cordeau_format_name_round_trips)
{
    terroir_format f;
    ck_assert_int_eq(terroir_format_from_string(&f, "cordeau"), 0);
    ck_assert_int_eq(f, TERROIR_FORMAT_CORDEAU);
    ck_assert_str_eq(terroir_format_to_string(TERROIR_FORMAT_CORDEAU), "cordeau");
    ck_assert_int_eq(TERROIR_FORMAT_COUNT, 5); /* cordeau, then clrp */
}
END_TEST

/* ---- error paths */

START_TEST(cordeau_rejects_other_problem_types)
{
    expect_input_error("4 2 3 2\n0 10\n", 1, 1, "problem type 4 is not supported");
    expect_input_error("x 2 3 2\n", 1, 1, "'x'");
    expect_input_error("2 2 3\n0 10\n", 1, 5, "number of depots");
    expect_input_error("2 2 3 2 9\n", 1, 9, "more than 4 values");
    expect_input_error("", 1, 1, "empty file");
}
END_TEST

START_TEST(cordeau_rejects_absurd_counts)
{
    expect_input_error("2 2 999999999 2\n", 1, 5, "outside 1..1000000");
    expect_input_error("2 0 3 2\n", 1, 3, "outside 1..");
    /* Within the limits but more than the input holds: nothing is sized
     * from the header, the file simply ends too early. */
    expect_input_error("2 2 1000000 2\n0 10\n0 10\n", 4, 1,
                       "the line of customer 1 of 1000000, got end of file");
}
END_TEST

START_TEST(cordeau_reports_bad_number_with_line_and_column)
{
    char *bad = strdup(small);
    ck_assert_ptr_nonnull(bad);
    /* Line 5 "2 3 4 2 5": demand "5" -> "S". */
    char *at = strstr(bad, "2 3 4 2 5");
    at[8] = 'S';
    expect_input_error(bad, 5, 9, "demand");
    free(bad);
    expect_input_error("2 2 3 2\n0 ten\n", 2, 3, "'ten'");
    expect_input_error("2 2 3 2\n0 0\n", 2, 3, "capacity Q of depot 1");
    expect_input_error("2 2 3 2\n-5 10\n", 2, 1, "duration D of depot 1");
}
END_TEST

START_TEST(cordeau_rejects_ids_out_of_sequence_and_bad_depots)
{
    const char *cases[][4] = {
        /* from, to, needle, line:column as text */
        {"3 6 8 0 3 1 1 4", "7 6 8 0 3 1 1 4", "out of sequence", "6:1"},
        {"4 1 1 0 0 0 0", "4 1 1 0 2 0 0", "depot 1 (id 4) has a service duration or demand",
         "7:1"},
        {"2 3 4 2 5", "2 3 4 2 50", "demand 50 exceeds every vehicle capacity", "5:1"},
        {"1 0 0 1 4 1 2 1 2", "1 0 0 1 4 1 3 1 2", "line ends before the visit combination",
         "4:17"},
        {"1 0 0 1 4 1 2 1 2", "1 0 0 1 4 1 2 1 2 9", "more values", "4:19"},
        {"1 0 0 1 4 1 2 1 2", "1 0 0 1 -4 1 2 1 2", "demand is negative", "4:9"},
        {"2 3 4 2 5", "2 3 4 2", "line ends before the demand", "5:7"},
        {"5 9 9 0 0\n", "5 9 9 0 0\n6 1 1 0 0\n", "unexpected data after the last depot", "9:1"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *at = strstr(small, cases[c][0]);
        ck_assert_ptr_nonnull(at);
        size_t head = (size_t)(at - small);
        char text[512];
        snprintf(text, sizeof text, "%.*s%s%s", (int)head, small, cases[c][1],
                 at + strlen(cases[c][0]));
        unsigned long line, column;
        ck_assert_int_eq(sscanf(cases[c][3], "%lu:%lu", &line, &column), 2);
        expect_input_error(text, line, column, cases[c][2]);
    }
}
END_TEST

START_TEST(cordeau_rejects_truncated_file)
{
    /* Cut after the 3rd customer: the depots are missing. */
    const char *at = strstr(small, "4 1 1");
    char text[256];
    snprintf(text, sizeof text, "%.*s", (int)(at - small), small);
    expect_input_error(text, 7, 1, "depot 1 of 2 (id 4)");
}
END_TEST

/* Every prefix of p01 is either a valid instance or an input error with a
 * position: never a crash, a leak or a read past the end (run under
 * valgrind or ASan to see the latter). */
START_TEST(cordeau_every_prefix_fails_cleanly)
{
    char path[1024];
    fixture_path(path, sizeof path, "p01.txt");
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char text[8192];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    ck_assert_uint_gt(len, 1000);
    ck_assert_uint_lt(len, sizeof text);
    size_t ok = 0;
    for (size_t n = 0; n <= len; n++) {
        char *copy = malloc(n ? n : 1);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, text, n);
        terroir_model *m = NULL;
        int rc = terroir_model_import_buffer(&m, TERROIR_FORMAT_CORDEAU, copy, n, "prefix", NULL);
        ck_assert_msg(rc == 0 || rc == TERROIR_EINPUT, "p01[:%zu]: rc %d", n, rc);
        if (rc == 0) {
            ok++;
            terroir_model_free(m);
        } else {
            ck_assert_uint_gt(terroir_error_last()->line, 0);
        }
        free(copy);
    }
    /* Only the whole file (with or without parts of its last line's
     * trailing fields) imports. */
    ck_assert_uint_ge(ok, 1);
    ck_assert_uint_le(ok, 16);
}
END_TEST

START_TEST(cordeau_rejects_bad_arguments)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_import_file(NULL, TERROIR_FORMAT_CORDEAU, "x", NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(
        terroir_model_import_file(&m, TERROIR_FORMAT_CORDEAU, "/nonexistent/p01", NULL),
        TERROIR_EIO);
    ck_assert_str_eq(terroir_error_last()->file, "/nonexistent/p01");
    ck_assert_ptr_null(m);
}
END_TEST

static Suite *cordeau_suite(void)
{
    Suite *s = suite_create("import_cordeau");
    TCase *map = tcase_create("mapping");
    tcase_add_test(map, cordeau_p01_maps_depots_customers_and_fleets);
    tcase_add_test(map, cordeau_p01_distances_are_double_precision_euclidean);
    tcase_add_test(map, cordeau_keeps_duration_limits_service_times_and_periodic_lines);
    tcase_add_test(map, cordeau_format_name_round_trips);
    suite_add_tcase(s, map);

    TCase *err = tcase_create("errors");
    tcase_set_timeout(err, 120);
    tcase_add_test(err, cordeau_rejects_other_problem_types);
    tcase_add_test(err, cordeau_rejects_absurd_counts);
    tcase_add_test(err, cordeau_reports_bad_number_with_line_and_column);
    tcase_add_test(err, cordeau_rejects_ids_out_of_sequence_and_bad_depots);
    tcase_add_test(err, cordeau_rejects_truncated_file);
    tcase_add_test(err, cordeau_every_prefix_fails_cleanly);
    tcase_add_test(err, cordeau_rejects_bad_arguments);
    suite_add_tcase(s, err);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cordeau_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
