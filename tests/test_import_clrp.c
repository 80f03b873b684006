/* Unit tests of the CLRP importer (lib/io/import_clrp.c), through the public
 * API only.  The fixtures' numbers are read back with the test's own token
 * reader and compared with what the model holds, and the optimal solution
 * coord20-5-1.sol is re-costed through terroir_model_distance(): it must
 * give the published 54793 exactly, which pins the ceil(100 * euclid)
 * convention, the depot/customer numbering, opening costs and F.
 * Fixtures (tests/data/bench, unmodified copies of the shared lrp set):
 * coord20-5-1.dat/.sol (Prodhon, flag 0) and coordGaspelle.dat (Barreto,
 * flag 1, CR LF line ends). */
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

static terroir_model *import_fixture(const char *file)
{
    char path[1024];
    fixture_path(path, sizeof path, file);
    terroir_model *m = NULL;
    int rc = terroir_model_import_file(&m, TERROIR_FORMAT_CLRP, path, NULL);
    const terroir_error *e = terroir_error_last();
    ck_assert_msg(rc == 0, "import %s failed: %s:%lu:%lu: %s", file, e ? e->file : "?",
                  e ? e->line : 0, e ? e->column : 0, e ? e->message : "?");
    ck_assert_int_eq(terroir_model_is_validated(m), 1);
    return m;
}

#define RAW_MAX 64

/* A fixture as the test reads it: whitespace-separated numbers in the
 * order of the format. */
typedef struct raw_clrp {
    int n, m, flag;
    double dx[RAW_MAX], dy[RAW_MAX], cx[RAW_MAX], cy[RAW_MAX];
    double q, w[RAW_MAX], d[RAW_MAX], o[RAW_MAX], f;
} raw_clrp;

static void read_raw(const char *file, raw_clrp *r)
{
    char path[1024];
    fixture_path(path, sizeof path, file);
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    ck_assert_int_eq(fscanf(fp, "%d %d", &r->n, &r->m), 2);
    ck_assert(r->n <= RAW_MAX && r->m <= RAW_MAX);
    for (int k = 0; k < r->m; k++)
        ck_assert_int_eq(fscanf(fp, "%lf %lf", &r->dx[k], &r->dy[k]), 2);
    for (int i = 0; i < r->n; i++)
        ck_assert_int_eq(fscanf(fp, "%lf %lf", &r->cx[i], &r->cy[i]), 2);
    ck_assert_int_eq(fscanf(fp, "%lf", &r->q), 1);
    for (int k = 0; k < r->m; k++)
        ck_assert_int_eq(fscanf(fp, "%lf", &r->w[k]), 1);
    for (int i = 0; i < r->n; i++)
        ck_assert_int_eq(fscanf(fp, "%lf", &r->d[i]), 1);
    for (int k = 0; k < r->m; k++)
        ck_assert_int_eq(fscanf(fp, "%lf", &r->o[k]), 1);
    ck_assert_int_eq(fscanf(fp, "%lf %d", &r->f, &r->flag), 2);
    fclose(fp);
}

static size_t site_of(const terroir_model *m, terroir_entity kind, const char *id)
{
    size_t index, site;
    ck_assert_msg(terroir_model_find(m, kind, id, &index) == 0, "no %s", id);
    terroir_site_kind sk = kind == TERROIR_ENTITY_HUB ? TERROIR_SITE_HUB : TERROIR_SITE_POINT;
    ck_assert_int_eq(terroir_model_site_index(m, sk, index, &site), 0);
    return site;
}

static double distance(const terroir_model *m, size_t a, size_t b)
{
    double km = -1;
    ck_assert_int_eq(terroir_model_distance(m, a, b, &km, NULL), 0);
    return km;
}

/* Import a buffer that must fail with TERROIR_EINPUT at line:column with a
 * message containing `needle`. */
static void expect_input_error(const char *text, unsigned long line, unsigned long column,
                               const char *needle)
{
    terroir_model *m = NULL;
    int rc = terroir_model_import_buffer(&m, TERROIR_FORMAT_CLRP, text, strlen(text), "bad", NULL);
    const terroir_error *e = terroir_error_last();
    ck_assert_msg(rc == TERROIR_EINPUT, "rc %d for:\n%s", rc, text);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->file, "bad");
    ck_assert_msg(strstr(e->message, needle) != NULL, "message '%s' lacks '%s'", e->message,
                  needle);
    ck_assert_msg(e->line == line && e->column == column, "at %lu:%lu, expected %lu:%lu (%s)",
                  e->line, e->column, line, column, e->message);
}

/* 2 customers, 2 depots, irregular layout (values split and joined across
 * lines, tabs, blank lines). */
static const char small[] = "2\n2\n\n0 0\n10\t0\n\n3 4   \n6 8\n10\n"
                            "12 20\n4 0\n100 50 3\n0\n";

/* ---- coord20-5-1 (Prodhon) */

START_TEST(clrp_prodhon_maps_depots_customers_and_fleets)
{
    raw_clrp raw;
    read_raw("coord20-5-1.dat", &raw);
    terroir_model *m = import_fixture("coord20-5-1.dat");
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCER), 0);
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 1);
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), (size_t)raw.m);
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), (size_t)raw.n);
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE), (size_t)raw.m);

    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_int_eq(s.coordinates, TERROIR_COORDINATES_PLANAR);
    ck_assert_int_eq(s.rounding, TERROIR_ROUNDING_CEIL_100);
    ck_assert_str_eq(s.name, "coord20-5-1");

    terroir_product_spec prod = TERROIR_PRODUCT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_product(m, 0, &prod), 0);
    ck_assert_int_eq(prod.temperature, TERROIR_TEMPERATURE_AMBIENT);
    ck_assert_double_eq(prod.kg_per_unit, 1.0);

    double total = 0;
    for (int i = 0; i < raw.n; i++)
        total += raw.d[i];
    for (int k = 0; k < raw.m; k++) {
        terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
        ck_assert_int_eq(terroir_model_get_hub(m, (size_t)k, &h), 0);
        char id[16];
        snprintf(id, sizeof id, "d%d", k + 1);
        ck_assert_str_eq(h.id, id);
        ck_assert_int_eq(h.status, TERROIR_HUB_CANDIDATE);
        ck_assert_double_eq(h.fixed_cost, raw.o[k]);
        ck_assert_double_eq(h.capacity_kg[TERROIR_TEMPERATURE_AMBIENT], raw.w[k]);
        ck_assert_double_eq(h.capacity_kg[TERROIR_TEMPERATURE_CHILLED], 0.0);
        ck_assert_double_eq(h.location.x, raw.dx[k]);
        ck_assert_double_eq(h.location.y, raw.dy[k]);

        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        ck_assert_int_eq(terroir_model_get_vehicle_type(m, (size_t)k, &v), 0);
        ck_assert_int_eq(v.home_hub, (size_t)k);
        ck_assert_double_eq(v.capacity[TERROIR_DIMENSION_KG], raw.q);
        ck_assert_double_eq(v.fixed_cost, raw.f);
        ck_assert_double_eq(v.cost_per_km, 1.0);
        ck_assert_double_eq(v.cost_per_hour, 0.0);
        ck_assert_double_eq(v.max_duration_minutes, 0.0);
        /* Never binding: enough vehicles to carry the depot's full capacity
         * in routes of one customer each (140 / 11 -> 12 here). */
        ck_assert_uint_ge(v.count, (size_t)ceil(fmin(raw.w[k], total) / raw.q));
        ck_assert_uint_eq(v.count, 12);
    }
    for (int i = 0; i < raw.n; i++) {
        terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
        ck_assert_int_eq(terroir_model_get_point(m, (size_t)i, &p), 0);
        char id[16];
        snprintf(id, sizeof id, "c%d", i + 1);
        ck_assert_str_eq(p.id, id);
        ck_assert_double_eq(p.location.x, raw.cx[i]);
        ck_assert_double_eq(p.location.y, raw.cy[i]);
        ck_assert_int_eq(terroir_model_demand_count(m, (size_t)i), 1);
        size_t product;
        double q;
        ck_assert_int_eq(terroir_model_get_demand(m, (size_t)i, 0, &product, &q), 0);
        ck_assert_double_eq(q, raw.d[i]);
        /* Unserved is dearer than opening every depot for it. */
        double opening = 0;
        for (int k = 0; k < raw.m; k++)
            opening += raw.o[k];
        ck_assert(p.unserved_penalty_per_kg * raw.d[i] > opening + raw.f);
    }
    terroir_model_free(m);
}
END_TEST

/* Every distance of the model is ceil(100 * euclid) of the raw coordinates. */
START_TEST(clrp_prodhon_distances_are_ceil_100_of_euclid)
{
    raw_clrp raw;
    read_raw("coord20-5-1.dat", &raw);
    terroir_model *m = import_fixture("coord20-5-1.dat");
    size_t ns = terroir_model_site_count(m);
    ck_assert_int_eq(ns, (size_t)(raw.m + raw.n));
    for (size_t a = 0; a < ns; a++) {
        /* Hubs first (d1..dm are sites 0..m-1), then points. */
        double ax = a < (size_t)raw.m ? raw.dx[a] : raw.cx[a - (size_t)raw.m];
        double ay = a < (size_t)raw.m ? raw.dy[a] : raw.cy[a - (size_t)raw.m];
        for (size_t b = 0; b < ns; b++) {
            double bx = b < (size_t)raw.m ? raw.dx[b] : raw.cx[b - (size_t)raw.m];
            double by = b < (size_t)raw.m ? raw.dy[b] : raw.cy[b - (size_t)raw.m];
            /* Integer coordinates: exact with integer arithmetic. */
            long long t = 10000LL * (long long)((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
            long long k = 0;
            while (k * k < t)
                k++;
            ck_assert_msg(distance(m, a, b) == (double)k, "%zu -> %zu: %g, expected %lld", a, b,
                          distance(m, a, b), k);
        }
    }
    terroir_model_free(m);
}
END_TEST

/* The optimal solution re-costed through the public model API gives the
 * published optimum 54793 exactly, and respects both capacities. */
START_TEST(clrp_prodhon_optimal_solution_costs_54793)
{
    raw_clrp raw;
    read_raw("coord20-5-1.dat", &raw);
    terroir_model *m = import_fixture("coord20-5-1.dat");
    char path[1024];
    fixture_path(path, sizeof path, "coord20-5-1.sol");
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    char line[1024];
    int used[RAW_MAX] = {0}, served[RAW_MAX] = {0};
    double depot_load[RAW_MAX] = {0};
    double arcs = 0, routes = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] != 'V')
            continue;
        /* V <depot> 0 <customers...> <n + 1> */
        int values[64], nv = 0, off = 1, used_chars;
        while (nv < 64 && sscanf(line + off, "%d%n", &values[nv], &used_chars) == 1) {
            nv++;
            off += used_chars;
        }
        ck_assert_int_ge(nv, 4);
        ck_assert_int_eq(values[1], 0);
        ck_assert_int_eq(values[nv - 1], raw.n + 1);
        int depot = values[0];
        ck_assert(depot >= 1 && depot <= raw.m);
        char id[16];
        snprintf(id, sizeof id, "d%d", depot);
        size_t hub = site_of(m, TERROIR_ENTITY_HUB, id), prev = hub;
        double load = 0;
        for (int k = 2; k < nv - 1; k++) {
            snprintf(id, sizeof id, "c%d", values[k]);
            size_t site = site_of(m, TERROIR_ENTITY_POINT, id);
            arcs += distance(m, prev, site);
            prev = site;
            load += raw.d[values[k] - 1];
            served[values[k] - 1]++;
        }
        arcs += distance(m, prev, hub);
        ck_assert(load <= raw.q);
        depot_load[depot - 1] += load;
        used[depot - 1] = 1;
        routes++;
    }
    fclose(fp);
    double opening = 0;
    for (int k = 0; k < raw.m; k++) {
        ck_assert(depot_load[k] <= raw.w[k]);
        if (used[k]) {
            terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
            ck_assert_int_eq(terroir_model_get_hub(m, (size_t)k, &h), 0);
            opening += h.fixed_cost;
        }
    }
    for (int i = 0; i < raw.n; i++)
        ck_assert_int_eq(served[i], 1);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 0, &v), 0);
    ck_assert_double_eq(routes, 5.0);
    ck_assert_double_eq(opening + v.fixed_cost * routes + arcs, 54793.0);
    terroir_model_free(m);
}
END_TEST

/* Written as YAML and loaded back: an equal model with the same distances. */
START_TEST(clrp_model_survives_a_yaml_round_trip)
{
    const char *files[] = {"coord20-5-1.dat", "coordGaspelle.dat"};
    for (size_t f = 0; f < 2; f++) {
        terroir_model *m = import_fixture(files[f]);
        char *text = NULL;
        size_t len = 0;
        ck_assert_int_eq(terroir_model_write_yaml_buffer(&text, &len, m), 0);
        ck_assert_ptr_nonnull(strstr(text, f == 0 ? "rounding: ceil_100" : "rounding: none"));
        terroir_model *back = NULL;
        int rc = terroir_model_load_yaml_buffer(&back, text, len, "clrp.yaml", NULL, NULL);
        const terroir_error *e = terroir_error_last();
        ck_assert_msg(rc == 0, "%s: %s:%lu:%lu: %s", files[f], e ? e->file : "?", e ? e->line : 0,
                      e ? e->column : 0, e ? e->message : "?");
        ck_assert_int_eq(terroir_model_equal(m, back), 1);
        size_t ns = terroir_model_site_count(m);
        ck_assert_int_eq(terroir_model_site_count(back), ns);
        for (size_t a = 0; a < ns; a++)
            for (size_t b = 0; b < ns; b++)
                ck_assert_double_eq(distance(m, a, b), distance(back, a, b));
        terroir_model_free(back);
        terroir_free(text);
        terroir_model_free(m);
    }
}
END_TEST

/* ---- coordGaspelle (Barreto, flag 1, CR LF) */

START_TEST(clrp_barreto_uses_euclidean_distances)
{
    raw_clrp raw;
    read_raw("coordGaspelle.dat", &raw);
    ck_assert_int_eq(raw.flag, 1);
    terroir_model *m = import_fixture("coordGaspelle.dat");
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_int_eq(s.rounding, TERROIR_ROUNDING_NONE);
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), (size_t)raw.m);
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), (size_t)raw.n);
    for (int k = 0; k < raw.m; k++) {
        char id[16];
        snprintf(id, sizeof id, "d%d", k + 1);
        size_t hub = site_of(m, TERROIR_ENTITY_HUB, id);
        for (int i = 0; i < raw.n; i++) {
            snprintf(id, sizeof id, "c%d", i + 1);
            size_t point = site_of(m, TERROIR_ENTITY_POINT, id);
            double want = hypot(raw.dx[k] - raw.cx[i], raw.dy[k] - raw.cy[i]);
            ck_assert_double_eq_tol(distance(m, hub, point), want, 1e-9);
        }
    }
    /* The last customer's demand, the last value before the opening costs. */
    size_t product;
    double q;
    ck_assert_int_eq(terroir_model_get_demand(m, (size_t)raw.n - 1, 0, &product, &q), 0);
    ck_assert_double_eq(q, raw.d[raw.n - 1]);
    terroir_model_free(m);
}
END_TEST

/* ---- layout, names and errors */

START_TEST(clrp_reads_tokens_whatever_the_line_layout)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(
        terroir_model_import_buffer(&m, TERROIR_FORMAT_CLRP, small, strlen(small), NULL, NULL), 0);
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 2);
    ck_assert_int_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 2);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, 1, &h), 0);
    ck_assert_double_eq(h.location.x, 10.0);
    ck_assert_double_eq(h.capacity_kg[TERROIR_TEMPERATURE_AMBIENT], 20.0);
    ck_assert_double_eq(h.fixed_cost, 50.0);
    /* Customer 2 has demand 0: kept, without demand. */
    ck_assert_int_eq(terroir_model_demand_count(m, 0), 1);
    ck_assert_int_eq(terroir_model_demand_count(m, 1), 0);
    /* (0,0) -> (3,4) is 5: 500 under ceil_100, not 501. */
    ck_assert_double_eq(distance(m, 0, 2), 500.0);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 0, &v), 0);
    ck_assert_double_eq(v.fixed_cost, 3.0);
    ck_assert_uint_eq(v.count, 2); /* min(n = 2, floor(12 / 4) = 3) */
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 1, &v), 0);
    ck_assert_uint_eq(v.count, 2);
    terroir_model_free(m);
}
END_TEST

/* A demand near 0 would ask for a penalty per kg beyond the schema's 1e12:
 * it is capped, so that the model still writes and reads back. */
START_TEST(clrp_tiny_demand_keeps_a_model_that_writes_as_yaml)
{
    static const char text[] = "1 1\n0 0\n3 4\n10\n20\n1e-9\n1e6\n5\n0\n";
    terroir_model *m = NULL, *back = NULL;
    ck_assert_int_eq(
        terroir_model_import_buffer(&m, TERROIR_FORMAT_CLRP, text, strlen(text), "tiny", NULL), 0);
    terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, 0, &p), 0);
    ck_assert_double_eq(p.unserved_penalty_per_kg, 1e12);
    char *yaml = NULL;
    size_t len = 0;
    ck_assert_int_eq(terroir_model_write_yaml_buffer(&yaml, &len, m), 0);
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&back, yaml, len, "tiny.yaml", NULL, NULL), 0);
    ck_assert_int_eq(terroir_model_equal(m, back), 1);
    terroir_free(yaml);
    terroir_model_free(back);
    terroir_model_free(m);
}
END_TEST

START_TEST(clrp_format_has_a_name)
{
    terroir_format f = TERROIR_FORMAT_VRPLIB;
    ck_assert_str_eq(terroir_format_to_string(TERROIR_FORMAT_CLRP), "clrp");
    ck_assert_int_eq(terroir_format_from_string(&f, "clrp"), 0);
    ck_assert_int_eq(f, TERROIR_FORMAT_CLRP);
    ck_assert_int_eq(terroir_format_from_string(&f, "CLRP"), TERROIR_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "clrp"));
}
END_TEST

START_TEST(clrp_reports_malformed_files_where_they_are)
{
    expect_input_error("", 1, 1, "number of customers");
    expect_input_error("2.5 2\n", 1, 1, "integer");
    expect_input_error("0 2\n", 1, 1, "outside 1..");
    expect_input_error("2\nx\n", 2, 1, "number of depots");
    /* Truncated: the y of customer 2 is missing. */
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6\n", 6, 1, "y coordinate of customer 2");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 20\n4 0\n100 50\n", 10, 1,
                       "fixed cost per route");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 20\n4 0\n100 50 3\n", 10, 1,
                       "distance flag");
    /* Not a number, negative values, Q = 0, demand above Q. */
    expect_input_error("2 2\n0 0\n10 0\n3 4o\n6 8\n", 4, 3, "y coordinate of customer 1");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 -20\n", 7, 4,
                       "the capacity of depot 2 is negative");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n0\n", 6, 1, "vehicle capacity Q is 0");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 20\n4 -1\n100 50 3 0\n", 8, 3,
                       "the demand of customer 2 is negative");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 20\n4 11\n100 50 3 0\n", 8, 3,
                       "exceeds the vehicle capacity");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 20\n4 0\n100 -50 3 0\n", 9, 5,
                       "opening cost of depot 2 is negative");
    /* Flag not 0/1, trailing garbage. */
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 20\n4 0\n100 50 3 2\n", 9, 10,
                       "must be 0");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 20\n4 0\n100 50 3 0.0\n", 9, 10,
                       "must be 0");
    expect_input_error("2 2\n0 0\n10 0\n3 4\n6 8\n10\n12 20\n4 0\n100 50 3 0\n\n7\n", 11, 1,
                       "unexpected '7' after the distance flag");
    /* A header claiming more than the file holds: truncated at its end. */
    expect_input_error("1000000 100000\n0 0\n", 3, 1, "x coordinate of depot 2");
}
END_TEST

START_TEST(clrp_import_rejects_null_arguments)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(
        terroir_model_import_buffer(NULL, TERROIR_FORMAT_CLRP, small, strlen(small), NULL, NULL),
        TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_import_file(&m, TERROIR_FORMAT_CLRP, NULL, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_import_file(&m, TERROIR_FORMAT_CLRP, "/nonexistent/x.dat", NULL),
                     TERROIR_EIO);
    ck_assert_ptr_null(m);
}
END_TEST

static Suite *clrp_suite(void)
{
    Suite *s = suite_create("import_clrp");
    TCase *tc = tcase_create("clrp");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, clrp_prodhon_maps_depots_customers_and_fleets);
    tcase_add_test(tc, clrp_prodhon_distances_are_ceil_100_of_euclid);
    tcase_add_test(tc, clrp_prodhon_optimal_solution_costs_54793);
    tcase_add_test(tc, clrp_model_survives_a_yaml_round_trip);
    tcase_add_test(tc, clrp_barreto_uses_euclidean_distances);
    tcase_add_test(tc, clrp_reads_tokens_whatever_the_line_layout);
    tcase_add_test(tc, clrp_tiny_demand_keeps_a_model_that_writes_as_yaml);
    tcase_add_test(tc, clrp_format_has_a_name);
    tcase_add_test(tc, clrp_reports_malformed_files_where_they_are);
    tcase_add_test(tc, clrp_import_rejects_null_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(clrp_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
