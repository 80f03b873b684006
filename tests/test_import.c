/* Unit tests of the benchmark importers (VRPLIB, Solomon, OR-Library cap),
 * through the public API only.  The acceptance tests recompute the published
 * cost of best-known solutions (.sol files) with terroir_model_distance():
 * if the importer's mapping or the rounding convention is off by anything,
 * the totals differ.  Fixtures: tests/data/bench (copies of the shared
 * benchmark files), found through TERROIR_TEST_DATA. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

/* ---- helpers */

static const char *data_dir(void)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    return d ? d : "tests/data";
}

static void bench_path(char *buf, size_t n, const char *file)
{
    snprintf(buf, n, "%s/bench/%s", data_dir(), file);
}

/* Read a fixture into a new NUL-terminated buffer. */
static char *read_fixture(const char *file, size_t *len)
{
    char path[1024];
    bench_path(path, sizeof path, file);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* Replace the first occurrence of `from` in text by `to`; returns a new
 * string. */
static char *replace_once(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    ck_assert_msg(at != NULL, "fixture does not contain '%s'", from);
    size_t head = (size_t)(at - text), nf = strlen(from), nt = strlen(to);
    size_t tail = strlen(at + nf);
    char *out = malloc(head + nt + tail + 1);
    ck_assert_ptr_nonnull(out);
    memcpy(out, text, head);
    memcpy(out + head, to, nt);
    memcpy(out + head + nt, at + nf, tail + 1);
    return out;
}

static terroir_model *import_fixture(terroir_format format, const char *file)
{
    char path[1024];
    bench_path(path, sizeof path, file);
    terroir_model *m = NULL;
    int rc = terroir_model_import_file(&m, format, path, NULL);
    const terroir_error *e = terroir_error_last();
    ck_assert_msg(rc == 0, "import %s failed: %s:%lu:%lu: %s", file, e ? e->file : "?",
                  e ? e->line : 0, e ? e->column : 0, e ? e->message : "?");
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(terroir_model_is_validated(m), 1);
    return m;
}

/* Import a buffer that must fail with TERROIR_EINPUT at line:column (0:
 * any) and a message containing `needle`. */
static void expect_input_error(terroir_format format, const char *text, size_t len,
                               const terroir_import_options *opts, unsigned long line,
                               unsigned long column, const char *needle)
{
    terroir_model *m = NULL;
    int rc = terroir_model_import_buffer(&m, format, text, len, "bad.txt", opts);
    ck_assert_int_eq(rc, TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, TERROIR_EINPUT);
    ck_assert_str_eq(e->file, "bad.txt");
    ck_assert_msg(strstr(e->message, needle) != NULL, "message '%s' lacks '%s'", e->message,
                  needle);
    if (line)
        ck_assert_msg(e->line == line, "line %lu, expected %lu (%s)", e->line, line, e->message);
    if (column)
        ck_assert_msg(e->column == column, "column %lu, expected %lu (%s)", e->column, column,
                      e->message);
}

static size_t site_of_point(const terroir_model *m, const char *id)
{
    size_t index, site;
    ck_assert_msg(terroir_model_find(m, TERROIR_ENTITY_POINT, id, &index) == 0, "no point %s", id);
    ck_assert_int_eq(terroir_model_site_index(m, TERROIR_SITE_POINT, index, &site), 0);
    return site;
}

static double dist(const terroir_model *m, size_t from, size_t to)
{
    double km = -1;
    ck_assert_int_eq(terroir_model_distance(m, from, to, &km, NULL), 0);
    return km;
}

/* Sum the distances of the routes of a .sol file (depot -> customers ->
 * depot) and return the file's stated cost in *stated.  Checks that every
 * customer is visited exactly once. */
static double solution_cost(const terroir_model *m, const char *sol_file, double *stated)
{
    char path[1024];
    bench_path(path, sizeof path, sol_file);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    size_t depot;
    ck_assert_int_eq(terroir_model_site_index(m, TERROIR_SITE_HUB, 0, &depot), 0);
    size_t n_points = terroir_model_count(m, TERROIR_ENTITY_POINT);
    char *seen = calloc(n_points + 1, 1);
    ck_assert_ptr_nonnull(seen);
    double total = 0;
    int have_cost = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "Cost", 4) == 0) {
            *stated = strtod(line + 4, NULL);
            have_cost = 1;
            continue;
        }
        if (strncmp(line, "Route", 5) != 0)
            continue;
        char *p = strchr(line, ':');
        ck_assert_ptr_nonnull(p);
        p++;
        size_t prev = depot;
        char *end;
        for (long c = strtol(p, &end, 10); end != p; c = strtol(p, &end, 10)) {
            p = end;
            ck_assert_int_ge(c, 1);
            ck_assert_int_le(c, (long)n_points);
            ck_assert_msg(!seen[c], "customer %ld twice", c);
            seen[c] = 1;
            char id[32];
            snprintf(id, sizeof id, "c%ld", c);
            size_t site = site_of_point(m, id);
            total += dist(m, prev, site);
            prev = site;
        }
        total += dist(m, prev, depot);
    }
    fclose(f);
    for (size_t c = 1; c <= n_points; c++)
        ck_assert_msg(seen[c], "customer %zu not visited by %s", c, sol_file);
    free(seen);
    ck_assert_msg(have_cost, "%s has no Cost line", sol_file);
    return total;
}

/* ---- acceptance: published costs recomputed through the public API */

static void check_x_instance(const char *name, double expected_cost)
{
    char vrp[64], sol[64];
    snprintf(vrp, sizeof vrp, "%s.vrp", name);
    snprintf(sol, sizeof sol, "%s.sol", name);
    terroir_model *m = import_fixture(TERROIR_FORMAT_VRPLIB, vrp);
    double stated = -1;
    double total = solution_cost(m, sol, &stated);
    ck_assert_double_eq(stated, expected_cost);
    /* Integer distances: the sum is exact. */
    ck_assert_msg(total == stated, "%s: recomputed %.6f, published %.6f", name, total, stated);
    terroir_model_free(m);
}

START_TEST(vrplib_x_n101_k25_solution_cost_matches_published)
{
    check_x_instance("X-n101-k25", 27591);
}
END_TEST

START_TEST(vrplib_x_n106_k14_solution_cost_matches_published)
{
    check_x_instance("X-n106-k14", 26362);
}
END_TEST

START_TEST(vrplib_x_n110_k13_solution_cost_matches_published)
{
    check_x_instance("X-n110-k13", 14971);
}
END_TEST

static void check_solomon_instance(const char *name, double expected_cost)
{
    char txt[64], sol[64];
    snprintf(txt, sizeof txt, "%s.txt", name);
    snprintf(sol, sizeof sol, "%s.sol", name);
    terroir_model *m = import_fixture(TERROIR_FORMAT_SOLOMON, txt);
    double stated = -1;
    double total = solution_cost(m, sol, &stated);
    ck_assert_double_eq_tol(stated, expected_cost, 1e-9);
    /* Distances truncated to one decimal (the CVRPLIB distance-only
     * convention); the sum of tenths carries only rounding noise. */
    ck_assert_msg(fabs(total - stated) < 1e-6, "%s: recomputed %.9f, published %.9f", name, total,
                  stated);
    terroir_model_free(m);
}

START_TEST(solomon_c101_solution_cost_matches_published)
{
    check_solomon_instance("C101", 827.3);
}
END_TEST

START_TEST(solomon_r101_solution_cost_matches_published)
{
    check_solomon_instance("R101", 1637.7);
}
END_TEST

/* ---- mappings */

START_TEST(vrplib_import_maps_depot_customers_and_fleet)
{
    terroir_model *m = import_fixture(TERROIR_FORMAT_VRPLIB, "X-n101-k25.vrp");
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "X-n101-k25");
    ck_assert_int_eq(s.coordinates, TERROIR_COORDINATES_PLANAR);
    ck_assert_int_eq(s.rounding, TERROIR_ROUNDING_NEAREST);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 1);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 1);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 100);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCER), 0);
    terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, 0, &hub), 0);
    ck_assert_str_eq(hub.id, "depot");
    ck_assert_int_eq(hub.status, TERROIR_HUB_OPEN);
    ck_assert_double_eq(hub.location.x, 365);
    ck_assert_double_eq(hub.location.y, 689);
    /* Node 2 "2 146 180" with demand 38 becomes c1. */
    size_t index;
    ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_POINT, "c1", &index), 0);
    terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, index, &p), 0);
    ck_assert_double_eq(p.location.x, 146);
    ck_assert_double_eq(p.location.y, 180);
    size_t product;
    double q;
    ck_assert_uint_eq(terroir_model_demand_count(m, index), 1);
    ck_assert_int_eq(terroir_model_get_demand(m, index, 0, &product, &q), 0);
    ck_assert_uint_eq(product, 0);
    ck_assert_double_eq(q, 38);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 0, &v), 0);
    ck_assert_str_eq(v.id, "truck");
    ck_assert_uint_eq(v.count, 100);
    ck_assert_double_eq(v.capacity[TERROIR_DIMENSION_KG], 206);
    ck_assert_double_eq(v.cost_per_km, 1);
    /* nint(euclid): depot (365,689) -> c1 (146,180): sqrt(219^2+509^2) = 554.1. */
    ck_assert_double_eq(dist(m, 0, site_of_point(m, "c1")), 554);
    terroir_model_free(m);
}
END_TEST

START_TEST(solomon_import_maps_windows_service_and_fleet)
{
    terroir_model *m = import_fixture(TERROIR_FORMAT_SOLOMON, "C101.txt");
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "C101");
    ck_assert_int_eq(s.rounding, TERROIR_ROUNDING_TRUNCATE_1);
    ck_assert_double_eq(s.speed_kmh, 60);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 100);
    double open, close;
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_HUB, 0), 1);
    ck_assert_int_eq(terroir_model_get_time_window(m, TERROIR_SITE_HUB, 0, 0, &open, &close), 0);
    ck_assert_double_eq(open, 0);
    ck_assert_double_eq(close, 1236);
    size_t c1;
    ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_POINT, "c1", &c1), 0);
    ck_assert_int_eq(terroir_model_get_time_window(m, TERROIR_SITE_POINT, c1, 0, &open, &close), 0);
    ck_assert_double_eq(open, 912);
    ck_assert_double_eq(close, 967);
    terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, c1, &p), 0);
    ck_assert_double_eq(p.service_minutes, 90);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 0, &v), 0);
    ck_assert_uint_eq(v.count, 25);
    ck_assert_double_eq(v.capacity[TERROIR_DIMENSION_KG], 200);
    ck_assert_double_eq(v.max_duration_minutes, 0);
    /* Minutes equal the (truncated) distance: depot (40,50) -> c1 (45,68):
     * sqrt(25 + 324) = 18.68... -> 18.6. */
    double km, minutes;
    ck_assert_int_eq(terroir_model_distance(m, 0, site_of_point(m, "c1"), &km, &minutes), 0);
    ck_assert_double_eq_tol(km, 18.6, 1e-12);
    ck_assert_double_eq_tol(minutes, km, 1e-9);
    terroir_model_free(m);
}
END_TEST

START_TEST(orlib_cap41_counts_demand_and_arc_cost)
{
    terroir_model *m = import_fixture(TERROIR_FORMAT_ORLIB_CAP, "cap41.txt");
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "cap41");
    ck_assert_int_eq(s.arcs, TERROIR_ARCS_LISTED);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 16);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 50);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCER), 1);
    ck_assert_uint_eq(terroir_model_arc_count(m), 16 + 16 * 50);
    /* Total demand: sum of the 50 demands of cap41, held by "supply". */
    double total_demand = 0;
    for (size_t j = 0; j < 50; j++) {
        size_t product;
        double q;
        ck_assert_uint_eq(terroir_model_demand_count(m, j), 1);
        ck_assert_int_eq(terroir_model_get_demand(m, j, 0, &product, &q), 0);
        total_demand += q;
    }
    ck_assert_double_eq(total_demand, 58268);
    size_t product;
    double supply;
    ck_assert_int_eq(terroir_model_get_supply(m, 0, 0, &product, &supply), 0);
    ck_assert_double_eq(supply, total_demand);
    /* Warehouse 11 has fixed cost 0; all have capacity 5000 (ambient only). */
    terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, 10, &hub), 0);
    ck_assert_str_eq(hub.id, "w11");
    ck_assert_int_eq(hub.status, TERROIR_HUB_CANDIDATE);
    ck_assert_double_eq(hub.fixed_cost, 0);
    ck_assert_double_eq(hub.capacity_kg[TERROIR_TEMPERATURE_AMBIENT], 5000);
    ck_assert_double_eq(hub.capacity_kg[TERROIR_TEMPERATURE_CHILLED], 0);
    /* Customer 1: demand 146, cost from warehouse 1 = 6739.725 for all of it. */
    size_t w1, c1;
    ck_assert_int_eq(terroir_model_site_index(m, TERROIR_SITE_HUB, 0, &w1), 0);
    c1 = site_of_point(m, "c1");
    int found = 0;
    for (size_t k = 0; k < terroir_model_arc_count(m); k++) {
        size_t from, to;
        double cost, km;
        ck_assert_int_eq(terroir_model_get_arc(m, k, &from, &to, &cost, &km), 0);
        if (from == w1 && to == c1) {
            ck_assert_double_eq_tol(cost, 6739.725 / 146, 1e-12);
            ck_assert_double_lt(km, 0);
            found++;
        }
    }
    ck_assert_int_eq(found, 1);
    terroir_model_free(m);
}
END_TEST

/* A capa-like file: the word "capacity" stands for the capacity. */
static const char small_capa[] = " 2 2\n capacity 100.\n capacity 200.\n"
                                 " 10\n 50.0 60.0\n 0\n 7.5 8.5\n";

START_TEST(orlib_capa_without_capacity_option_is_rejected)
{
    expect_input_error(TERROIR_FORMAT_ORLIB_CAP, small_capa, strlen(small_capa), NULL, 2, 2,
                       "terroir_import_options.capacity");
}
END_TEST

START_TEST(orlib_capa_with_capacity_option_uses_it)
{
    terroir_import_options opts;
    ck_assert_int_eq(terroir_import_options_init(&opts, TERROIR_IMPORT_OPTIONS_VERSION), 0);
    opts.capacity = 8000;
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_import_buffer(&m, TERROIR_FORMAT_ORLIB_CAP, small_capa,
                                                 strlen(small_capa), "dir/capx.txt", &opts),
                     0);
    terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, 1, &hub), 0);
    ck_assert_double_eq(hub.capacity_kg[TERROIR_TEMPERATURE_AMBIENT], 8000);
    ck_assert_double_eq(hub.fixed_cost, 200);
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "capx");
    /* Customer 2 has no demand: kept, with cost-0 arcs. */
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 2);
    ck_assert_uint_eq(terroir_model_demand_count(m, 1), 0);
    size_t from, to;
    double cost, km;
    ck_assert_int_eq(
        terroir_model_get_arc(m, terroir_model_arc_count(m) - 1, &from, &to, &cost, &km), 0);
    ck_assert_double_eq(cost, 0);
    terroir_model_free(m);
}
END_TEST

/* ---- error paths */

START_TEST(vrplib_rejects_truncated_file)
{
    size_t len;
    char *text = read_fixture("X-n101-k25.vrp", &len);
    /* Cut inside NODE_COORD_SECTION, after the entry of node 50 (line 57). */
    char *cut = strstr(text, "\n51\t");
    ck_assert_ptr_nonnull(cut);
    size_t n = (size_t)(cut - text) + 1;
    expect_input_error(TERROIR_FORMAT_VRPLIB, text, n, NULL, 58, 1, "end of file");
    free(text);
}
END_TEST

START_TEST(vrplib_reports_bad_number_with_line_and_column)
{
    size_t len;
    char *text = read_fixture("X-n101-k25.vrp", &len);
    /* Line 10 is "4\t658\t510": make the y coordinate "5l0". */
    char *bad = replace_once(text, "\n4\t658\t510", "\n4\t658\t5l0");
    expect_input_error(TERROIR_FORMAT_VRPLIB, bad, strlen(bad), NULL, 11, 7, "'5l0'");
    free(bad);
    free(text);
}
END_TEST

START_TEST(vrplib_rejects_missing_capacity)
{
    size_t len;
    char *text = read_fixture("X-n101-k25.vrp", &len);
    char *bad = replace_once(text, "CAPACITY : \t206\t\r\n", "");
    expect_input_error(TERROIR_FORMAT_VRPLIB, bad, strlen(bad), NULL, 6, 1, "CAPACITY is missing");
    free(bad);
    free(text);
}
END_TEST

START_TEST(vrplib_rejects_edge_weight_type_other_than_euc_2d)
{
    size_t len;
    char *text = read_fixture("X-n101-k25.vrp", &len);
    char *bad = replace_once(text, "EUC_2D", "EXPLICIT");
    expect_input_error(TERROIR_FORMAT_VRPLIB, bad, strlen(bad), NULL, 5, 0,
                       "'EXPLICIT' is not supported");
    free(bad);
    static const char weights[] = "NAME : t\nTYPE : CVRP\nDIMENSION : 2\n"
                                  "EDGE_WEIGHT_FORMAT : FULL_MATRIX\n";
    expect_input_error(TERROIR_FORMAT_VRPLIB, weights, strlen(weights), NULL, 4, 1,
                       "EDGE_WEIGHT_FORMAT is not supported");
    free(text);
}
END_TEST

START_TEST(vrplib_rejects_absurd_dimension)
{
    static const char huge[] = "NAME : t\nDIMENSION : 999999999999\nEOF\n";
    expect_input_error(TERROIR_FORMAT_VRPLIB, huge, strlen(huge), NULL, 2, 13, "DIMENSION");
    /* Within the limit but more than the file can hold: refused before
     * allocating. */
    static const char big[] = "NAME : t\nDIMENSION : 1000000\nEOF\n";
    expect_input_error(TERROIR_FORMAT_VRPLIB, big, strlen(big), NULL, 2, 13, "truncated");
    static const char word[] = "DIMENSION : many\n";
    expect_input_error(TERROIR_FORMAT_VRPLIB, word, strlen(word), NULL, 1, 13, "'many'");
}
END_TEST

START_TEST(vrplib_rejects_unknown_keyword_and_second_depot)
{
    static const char text[] = "NAME : t\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\n"
                               "CAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n3 2 2\n"
                               "DEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n2\n-1\nEOF\n";
    expect_input_error(TERROIR_FORMAT_VRPLIB, text, strlen(text), NULL, 16, 1, "several depots");
    static const char kw[] = "NAME : t\nVEHICLE_COUNT : 3\n";
    expect_input_error(TERROIR_FORMAT_VRPLIB, kw, strlen(kw), NULL, 2, 1,
                       "unknown keyword 'VEHICLE_COUNT'");
    char *ok = replace_once(text, "2\n-1", "-1");
    terroir_model *m = NULL;
    ck_assert_int_eq(
        terroir_model_import_buffer(&m, TERROIR_FORMAT_VRPLIB, ok, strlen(ok), NULL, NULL), 0);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 2);
    terroir_model_free(m);
    free(ok);
}
END_TEST

START_TEST(solomon_rejects_truncated_file)
{
    size_t len;
    char *text = read_fixture("C101.txt", &len);
    /* Cut after "    5      42   " on the line of customer 5 (line 15). */
    char *row = strstr(text, "\n    5      42 ");
    ck_assert_ptr_nonnull(row);
    size_t n = (size_t)(row - text) + strlen("\n    5      42 ");
    expect_input_error(TERROIR_FORMAT_SOLOMON, text, n, NULL, 15, 12, "YCOORD");
    free(text);
}
END_TEST

START_TEST(solomon_reports_bad_number_with_line_and_column)
{
    size_t len;
    char *text = read_fixture("C101.txt", &len);
    /* Line 12 "    2      45         70         30 ...": demand "3O". */
    char *bad = replace_once(text, "\n    2      45         70         30",
                             "\n    2      45         70         3O");
    expect_input_error(TERROIR_FORMAT_SOLOMON, bad, strlen(bad), NULL, 12, 34, "DEMAND");
    free(bad);
    free(text);
}
END_TEST

START_TEST(solomon_rejects_customers_out_of_sequence)
{
    size_t len;
    char *text = read_fixture("C101.txt", &len);
    char *bad = replace_once(text, "\n    3      42", "\n    7      42");
    expect_input_error(TERROIR_FORMAT_SOLOMON, bad, strlen(bad), NULL, 13, 5, "out of sequence");
    free(bad);
    free(text);
}
END_TEST

START_TEST(orlib_rejects_truncated_file_and_trailing_data)
{
    size_t len;
    char *text = read_fixture("cap41.txt", &len);
    expect_input_error(TERROIR_FORMAT_ORLIB_CAP, text, len - 40, NULL, 0, 0, "end of file");
    const terroir_error *e = terroir_error_last();
    ck_assert_uint_gt(e->line, 200);
    char *more = malloc(len + 8);
    memcpy(more, text, len);
    memcpy(more + len, " 42\n", 5);
    expect_input_error(TERROIR_FORMAT_ORLIB_CAP, more, strlen(more), NULL, 218, 2,
                       "unexpected '42'");
    free(more);
    static const char huge[] = "100000 1000000\n";
    expect_input_error(TERROIR_FORMAT_ORLIB_CAP, huge, strlen(huge), NULL, 1, 1, "truncated");
    free(text);
}
END_TEST

START_TEST(import_rejects_bad_arguments_and_missing_files)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_import_file(NULL, TERROIR_FORMAT_VRPLIB, "x", NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_import_file(&m, TERROIR_FORMAT_VRPLIB, NULL, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_import_file(&m, (terroir_format)7, "x", NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_import_buffer(&m, TERROIR_FORMAT_VRPLIB, NULL, 3, NULL, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(
        terroir_model_import_file(&m, TERROIR_FORMAT_SOLOMON, "/nonexistent/C101.txt", NULL),
        TERROIR_EIO);
    ck_assert_ptr_nonnull(terroir_error_last());
    ck_assert_str_eq(terroir_error_last()->file, "/nonexistent/C101.txt");
    terroir_import_options opts = TERROIR_IMPORT_OPTIONS_INIT;
    opts.max_bytes = 10;
    ck_assert_int_eq(terroir_model_import_buffer(&m, TERROIR_FORMAT_VRPLIB, "NAME : abcdefgh\n", 16,
                                                 NULL, &opts),
                     TERROIR_EINPUT);
    opts.max_bytes = 1 << 20;
    opts.capacity = -1;
    ck_assert_int_eq(terroir_model_import_buffer(&m, TERROIR_FORMAT_VRPLIB, "", 0, NULL, &opts),
                     TERROIR_EINVAL);
    opts.version = 99;
    opts.capacity = 0;
    ck_assert_int_eq(terroir_model_import_buffer(&m, TERROIR_FORMAT_VRPLIB, "", 0, NULL, &opts),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_import_options_init(NULL, 1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_import_options_init(&opts, 99), TERROIR_EINVAL);
    /* Empty inputs are input errors, not crashes. */
    for (int f = 0; f < TERROIR_FORMAT_COUNT; f++)
        ck_assert_int_eq(terroir_model_import_buffer(&m, (terroir_format)f, "", 0, NULL, NULL),
                         TERROIR_EINPUT);
    ck_assert_ptr_null(m);
}
END_TEST

START_TEST(format_names_round_trip)
{
    for (int f = 0; f < TERROIR_FORMAT_COUNT; f++) {
        terroir_format back;
        const char *name = terroir_format_to_string((terroir_format)f);
        ck_assert_int_eq(terroir_format_from_string(&back, name), 0);
        ck_assert_int_eq(back, f);
    }
    ck_assert_str_eq(terroir_format_to_string(TERROIR_FORMAT_ORLIB_CAP), "orlib-cap");
    ck_assert_str_eq(terroir_format_to_string((terroir_format)42), "unknown");
    terroir_format f;
    ck_assert_int_eq(terroir_format_from_string(&f, "tsplib"), TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_format_from_string(NULL, "vrplib"), TERROIR_EINVAL);
}
END_TEST

/* Every prefix of a real instance is either a valid instance or an input
 * error: never a crash, a leak or a read past the end (run under valgrind
 * or ASan to see the latter). */
START_TEST(every_prefix_of_an_instance_fails_cleanly)
{
    static const struct {
        terroir_format format;
        const char *file;
    } cases[] = {{TERROIR_FORMAT_VRPLIB, "X-n101-k25.vrp"},
                 {TERROIR_FORMAT_SOLOMON, "C101.txt"},
                 {TERROIR_FORMAT_ORLIB_CAP, "cap41.txt"},
                 {TERROIR_FORMAT_CLRP, "coord20-5-1.dat"}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t len;
        char *text = read_fixture(cases[c].file, &len);
        for (size_t n = 0; n < len; n += 1 + n / 50) {
            /* A copy of exactly n bytes, so that tools see reads past it. */
            char *copy = malloc(n ? n : 1);
            memcpy(copy, text, n);
            terroir_model *m = NULL;
            int rc = terroir_model_import_buffer(&m, cases[c].format, copy, n, "prefix", NULL);
            ck_assert_msg(rc == 0 || rc == TERROIR_EINPUT, "%s[:%zu]: rc %d", cases[c].file, n, rc);
            if (rc == 0)
                terroir_model_free(m);
            else
                ck_assert_uint_gt(terroir_error_last()->line, 0);
            free(copy);
        }
        free(text);
    }
}
END_TEST

static Suite *import_suite(void)
{
    Suite *s = suite_create("import");
    TCase *acc = tcase_create("published_costs");
    tcase_set_timeout(acc, 60);
    tcase_add_test(acc, vrplib_x_n101_k25_solution_cost_matches_published);
    tcase_add_test(acc, vrplib_x_n106_k14_solution_cost_matches_published);
    tcase_add_test(acc, vrplib_x_n110_k13_solution_cost_matches_published);
    tcase_add_test(acc, solomon_c101_solution_cost_matches_published);
    tcase_add_test(acc, solomon_r101_solution_cost_matches_published);
    suite_add_tcase(s, acc);

    TCase *map = tcase_create("mapping");
    tcase_add_test(map, vrplib_import_maps_depot_customers_and_fleet);
    tcase_add_test(map, solomon_import_maps_windows_service_and_fleet);
    tcase_add_test(map, orlib_cap41_counts_demand_and_arc_cost);
    tcase_add_test(map, orlib_capa_with_capacity_option_uses_it);
    tcase_add_test(map, format_names_round_trip);
    suite_add_tcase(s, map);

    TCase *err = tcase_create("errors");
    tcase_set_timeout(err, 120);
    tcase_add_test(err, orlib_capa_without_capacity_option_is_rejected);
    tcase_add_test(err, vrplib_rejects_truncated_file);
    tcase_add_test(err, vrplib_reports_bad_number_with_line_and_column);
    tcase_add_test(err, vrplib_rejects_missing_capacity);
    tcase_add_test(err, vrplib_rejects_edge_weight_type_other_than_euc_2d);
    tcase_add_test(err, vrplib_rejects_absurd_dimension);
    tcase_add_test(err, vrplib_rejects_unknown_keyword_and_second_depot);
    tcase_add_test(err, solomon_rejects_truncated_file);
    tcase_add_test(err, solomon_reports_bad_number_with_line_and_column);
    tcase_add_test(err, solomon_rejects_customers_out_of_sequence);
    tcase_add_test(err, orlib_rejects_truncated_file_and_trailing_data);
    tcase_add_test(err, import_rejects_bad_arguments_and_missing_files);
    tcase_add_test(err, every_prefix_of_an_instance_fails_cleanly);
    suite_add_tcase(s, err);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(import_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
