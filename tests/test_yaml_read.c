/* Unit tests of the strict YAML loader (lib/io/yaml_read.c, yaml_tree.c):
 * the bad-input corpus of tests/data/bad (each NAME.yaml with NAME.expected
 * holding "LINE:COLUMN: substring" of the first problem), the good files of
 * tests/data/good read back through the public accessors, problem
 * collection, field paths, limits, argument errors and speed on a
 * 5,000-site file.  Fixtures are found through TERROIR_TEST_DATA. */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#include "core/core.h"

/* Timing limits do not apply under valgrind, which runs code ~50x slower. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

#define TOL 1e-9

static const char *data_dir(void)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    return d ? d : "tests/data";
}

static char *data_path(const char *rel)
{
    char *p = core__asprintf("%s/%s", data_dir(), rel);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* Load a NUL-terminated text; returns the code and, on success, the model. */
static int load_text(const char *text, terroir_model **out, terroir_diagnostics **diags)
{
    *out = NULL;
    return terroir_model_load_yaml_buffer(out, text, strlen(text), "t.yaml", NULL, diags);
}

/* ------------------------------------------------------------------ corpus */

/* Checks one bad file; appends a line to `failures` when it does not behave. */
static void check_bad_file(const char *name, core_strbuf *failures)
{
    char *yaml = core__asprintf("%s/bad/%s.yaml", data_dir(), name);
    char *exp_path = core__asprintf("%s/bad/%s.expected", data_dir(), name);
    char *exp_text = NULL;
    size_t exp_len = 0;
    ck_assert_ptr_nonnull(yaml);
    ck_assert_ptr_nonnull(exp_path);
    ck_assert_int_eq(core__read_file(exp_path, 4096, &exp_text, &exp_len), 0);
    unsigned long line = 0, column = 0;
    int used = 0;
    ck_assert_msg(sscanf(exp_text, "%lu:%lu: %n", &line, &column, &used) == 2 && used > 0,
                  "%s.expected: not 'LINE:COLUMN: text'", name);
    char *want = exp_text + used;
    want[strcspn(want, "\n")] = '\0';

    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    int rc = terroir_model_load_yaml_file(&m, yaml, NULL, &d);
    const terroir_error *e = terroir_error_last();
    const terroir_error *first = terroir_diagnostics_get(d, 0);
    if (rc != TERROIR_EINPUT || !e || m) {
        core__sb_printf(failures, "%s: rc %d, error %s, model %p\n", name, rc,
                        e ? e->message : "(none)", (void *)m);
    } else if (e->line != line || e->column != column || !strstr(e->message, want)) {
        core__sb_printf(failures, "%s: got %lu:%lu: %s; want %lu:%lu: %s\n", name, e->line,
                        e->column, e->message, line, column, want);
    } else if (!e->file || strcmp(e->file, yaml) != 0) {
        core__sb_printf(failures, "%s: error file is %s\n", name, e->file ? e->file : "NULL");
    } else if (!first || first->line != e->line || first->column != e->column ||
               strcmp(first->message, e->message) != 0) {
        core__sb_printf(failures, "%s: diagnostics[0] differs from the last error\n", name);
    }
    terroir_model_free(m);
    terroir_diagnostics_free(d);
    free(exp_text);
    free(exp_path);
    free(yaml);
}

START_TEST(yaml_bad_corpus_reports_first_problem_at_its_position)
{
    char *dir_path = data_path("bad");
    DIR *dir = opendir(dir_path);
    ck_assert_msg(dir != NULL, "cannot open %s", dir_path);
    core_strbuf failures = CORE_STRBUF_INIT;
    size_t checked = 0;
    struct dirent *ent;
    while ((ent = readdir(dir)) != NULL) {
        size_t n = strlen(ent->d_name);
        if (n <= 5 || strcmp(ent->d_name + n - 5, ".yaml") != 0)
            continue;
        char name[256];
        ck_assert_uint_lt(n - 5, sizeof name);
        memcpy(name, ent->d_name, n - 5);
        name[n - 5] = '\0';
        check_bad_file(name, &failures);
        checked++;
    }
    closedir(dir);
    free(dir_path);
    ck_assert_msg(failures.len == 0, "%s", failures.data ? failures.data : "");
    ck_assert_uint_ge(checked, 24);
    core__sb_free(&failures);
}
END_TEST

START_TEST(yaml_bad_corpus_covers_the_required_cases)
{
    static const char *const required[] = {
        "unknown_key",     "wrong_type",          "missing_id",       "missing_products",
        "duplicate_id",    "unknown_product_ref", "unknown_hub_ref",  "negative_quantity",
        "nan_quantity",    "inf_quantity",        "lat_out_of_range", "lon_out_of_range",
        "window_reversed", "empty_file",          "non_utf8",         "billion_laughs",
        "deep_nesting",    "huge_number",         "bad_enum",         "duplicate_key",
        "bad_time_format", "schema_version",      "two_documents",    "syntax_error",
        "cross_dock_negative", "cross_dock_not_a_number", "trips_per_day_zero",
        "trips_per_day_fraction", "trips_per_day_too_many", "loading_minutes_negative",
        "loading_minutes_quoted", "delivery_days_zero", "delivery_days_fraction",
        "delivery_days_too_large", "delivery_days_not_a_sequence", "pickup_days_not_a_number",
        "pickup_days_quoted", "pickup_days_duplicate", "pickup_days_after_operating_days",
        "storage_kg_negative", "storage_kg_unknown_class"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        char *rel = core__asprintf("bad/%s.expected", required[i]);
        char *path = data_path(rel);
        FILE *f = fopen(path, "r");
        ck_assert_msg(f != NULL, "missing corpus file %s", path);
        fclose(f);
        free(path);
        free(rel);
    }
}
END_TEST

/* ------------------------------------------------------------------ good files */

START_TEST(yaml_loads_minimal_file_as_validated_model)
{
    char *path = data_path("good/minimal.yaml");
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, NULL, &d), 0);
    ck_assert_ptr_null(terroir_error_last());
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 0);
    ck_assert_int_eq(terroir_model_is_validated(m), 1);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 1);
    ck_assert_uint_eq(terroir_model_site_count(m), 3);
    size_t product;
    double q;
    ck_assert_int_eq(terroir_model_get_supply(m, 0, 0, &product, &q), 0);
    ck_assert_uint_eq(product, 0);
    ck_assert_double_eq_tol(q, 400.0, TOL);
    terroir_model_free(m);
    terroir_diagnostics_free(d);
    free(path);
}
END_TEST

START_TEST(yaml_loads_every_good_file)
{
    char *dir_path = data_path("good");
    DIR *dir = opendir(dir_path);
    ck_assert_msg(dir != NULL, "cannot open %s", dir_path);
    size_t loaded = 0;
    struct dirent *ent;
    while ((ent = readdir(dir)) != NULL) {
        size_t n = strlen(ent->d_name);
        if (n <= 5 || strcmp(ent->d_name + n - 5, ".yaml") != 0)
            continue;
        char *path = core__asprintf("%s/%s", dir_path, ent->d_name);
        terroir_model *m = NULL;
        int rc = terroir_model_load_yaml_file(&m, path, NULL, NULL);
        const terroir_error *e = terroir_error_last();
        int validated = terroir_model_is_validated(m);
        terroir_model_free(m);
        ck_assert_msg(rc == 0, "%s: %lu:%lu: %s", path, e ? e->line : 0, e ? e->column : 0,
                      e ? e->message : "");
        ck_assert_int_eq(validated, 1);
        free(path);
        loaded++;
    }
    closedir(dir);
    free(dir_path);
    ck_assert_uint_ge(loaded, 5);
}
END_TEST

START_TEST(yaml_loads_every_field_of_the_schema)
{
    char *path = data_path("good/full.yaml");
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_file(&m, path, NULL, NULL);
    ck_assert_msg(rc == 0, "%s", terroir_error_last() ? terroir_error_last()->message : "");
    free(path);

    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "Montérégie, petit");
    ck_assert_double_eq_tol(s.road_factor, 1.25, TOL);
    ck_assert_double_eq_tol(s.speed_kmh, 55, TOL);
    ck_assert_double_eq_tol(s.co2_price, 0.05, TOL);
    ck_assert_uint_eq(s.operating_days, 5);

    size_t i;
    terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_PRODUCT, "eggs", &i), 0);
    ck_assert_int_eq(terroir_model_get_product(m, i, &p), 0);
    ck_assert_str_eq(p.name, "Œufs");
    ck_assert_str_eq(p.unit, "dozen");
    ck_assert_int_eq(p.temperature, TERROIR_TEMPERATURE_CHILLED);
    ck_assert_double_eq_tol(p.kg_per_unit, 0.75, TOL);

    terroir_producer_spec pr = TERROIR_PRODUCER_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_producer(m, 0, &pr), 0);
    ck_assert_str_eq(pr.id, "ferme-des-saules");
    ck_assert_double_eq_tol(pr.location.lat, 45.30, TOL);
    ck_assert_double_eq_tol(pr.location.lon, -73.25, TOL);
    ck_assert_double_eq_tol(pr.self_delivery_kg, 500, TOL);
    ck_assert_double_eq_tol(pr.self_delivery_km, 40, TOL);
    ck_assert_double_eq_tol(pr.service_minutes, 15, TOL);
    ck_assert_int_eq(pr.direct_delivery, 0);
    /* pickup_days: [5, 1, 3] reads back sorted. */
    ck_assert_uint_eq(pr.n_pickup_days, 3);
    ck_assert_uint_eq(pr.pickup_days[0], 1);
    ck_assert_uint_eq(pr.pickup_days[1], 3);
    ck_assert_uint_eq(pr.pickup_days[2], 5);
    ck_assert_uint_eq(terroir_model_supply_count(m, 0), 2);
    /* "07:00"-"11:00" is minutes 420-660; 780-900 given as numbers. */
    double open, close;
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_PRODUCER, 0), 2);
    ck_assert_int_eq(terroir_model_get_time_window(m, TERROIR_SITE_PRODUCER, 0, 0, &open, &close),
                     0);
    ck_assert_double_eq_tol(open, 420, TOL);
    ck_assert_double_eq_tol(close, 660, TOL);
    ck_assert_int_eq(terroir_model_get_time_window(m, TERROIR_SITE_PRODUCER, 0, 1, &open, &close),
                     0);
    ck_assert_double_eq_tol(open, 780, TOL);
    ck_assert_double_eq_tol(close, 900, TOL);
    size_t product;
    double q;
    ck_assert_int_eq(terroir_model_get_producer(m, 1, &pr), 0);
    ck_assert_int_eq(pr.direct_delivery, 1);
    ck_assert_uint_eq(pr.n_pickup_days, 0); /* every day */
    ck_assert_int_eq(terroir_model_get_supply(m, 1, 0, &product, &q), 0);
    ck_assert_double_eq_tol(q, 2500, TOL);

    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, 0, &h), 0);
    ck_assert_int_eq(h.status, TERROIR_HUB_CANDIDATE);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_AMBIENT], 20000, TOL);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_CHILLED], 8000, TOL);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_FROZEN], TERROIR_UNLIMITED, TOL);
    ck_assert_double_eq_tol(h.handling_cost_per_kg, 0.05, TOL);
    ck_assert_double_eq_tol(h.cross_dock_minutes, 45, TOL);
    /* storage_kg names ambient and chilled: frozen may not stay overnight. */
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_AMBIENT], 15000, TOL);
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_CHILLED], TERROIR_UNLIMITED, TOL);
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_FROZEN], 0, TOL);
    /* hub-granby names ambient only: the other classes have no capacity. */
    ck_assert_int_eq(terroir_model_get_hub(m, 1, &h), 0);
    ck_assert_double_eq_tol(h.cross_dock_minutes, TERROIR_DEFAULT_CROSS_DOCK_MINUTES, TOL);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_AMBIENT], 5000, TOL);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_CHILLED], 0, TOL);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_FROZEN], 0, TOL);
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) /* no storage_kg: no limit */
        ck_assert_double_eq_tol(h.storage_kg[t], TERROIR_UNLIMITED, TOL);

    terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, 0, &pt), 0);
    ck_assert_int_eq(pt.kind, TERROIR_POINT_FOOD_BANK);
    ck_assert_uint_eq(pt.priority, 1);
    ck_assert_double_eq_tol(pt.unserved_penalty_per_kg, 40, TOL);
    ck_assert_uint_eq(pt.n_delivery_days, 2);
    ck_assert_uint_eq(pt.delivery_days[0], 2);
    ck_assert_uint_eq(pt.delivery_days[1], 4);
    ck_assert_uint_eq(terroir_model_demand_count(m, 0), 2);
    ck_assert_int_eq(terroir_model_get_point(m, 1, &pt), 0);
    ck_assert_int_eq(pt.kind, TERROIR_POINT_SCHOOL);
    ck_assert_uint_eq(pt.priority, 3);
    ck_assert_uint_eq(pt.n_delivery_days, 0);

    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 0, &v), 0);
    ck_assert_uint_eq(v.home_hub, 0);
    ck_assert_uint_eq(v.count, 2);
    ck_assert_double_eq_tol(v.capacity[TERROIR_DIMENSION_M3], 30, TOL);
    ck_assert_uint_eq(v.temperatures,
                      (1u << TERROIR_TEMPERATURE_AMBIENT) | (1u << TERROIR_TEMPERATURE_CHILLED));
    ck_assert_double_eq_tol(v.co2_kg_per_km, 0.35, TOL);
    ck_assert_uint_eq(v.trips_per_day, 2);
    ck_assert_double_eq_tol(v.loading_minutes, 20, TOL);
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 1, &v), 0);
    ck_assert_uint_eq(v.trips_per_day, 1); /* the defaults */
    ck_assert_double_eq_tol(v.loading_minutes, 0, TOL);
    ck_assert_uint_eq(v.home_hub, 1);
    ck_assert_uint_eq(v.count, 1);
    ck_assert_double_eq_tol(v.capacity[TERROIR_DIMENSION_KG], 1200, TOL);
    ck_assert_double_eq_tol(v.capacity[TERROIR_DIMENSION_PALLETS], TERROIR_UNLIMITED, TOL);
    terroir_model_free(m);
}
END_TEST

START_TEST(yaml_loads_planar_model_with_listed_arcs)
{
    char *path = data_path("good/planar_listed.yaml");
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_file(&m, path, NULL, NULL);
    ck_assert_msg(rc == 0, "%s", terroir_error_last() ? terroir_error_last()->message : "");
    free(path);
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_int_eq(s.coordinates, TERROIR_COORDINATES_PLANAR);
    ck_assert_int_eq(s.rounding, TERROIR_ROUNDING_NEAREST);
    ck_assert_int_eq(s.arcs, TERROIR_ARCS_LISTED);
    ck_assert_uint_eq(terroir_model_arc_count(m), 6);
    size_t from, to;
    double cost, km;
    ck_assert_int_eq(terroir_model_get_arc(m, 2, &from, &to, &cost, &km), 0);
    ck_assert_double_eq_tol(cost, 0.5, TOL);
    ck_assert_double_eq_tol(km, 12, TOL);
    ck_assert_int_eq(terroir_model_get_arc(m, 3, &from, &to, &cost, &km), 0);
    ck_assert(km < 0); /* not given: unknown */
    ck_assert_int_eq(terroir_model_get_arc(m, 5, &from, &to, &cost, &km), 0);
    ck_assert_double_eq_tol(cost, 1, TOL); /* written 0x1 */
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, 1, &h), 0);
    ck_assert_int_eq(h.location.has_location, 1);
    ck_assert_double_eq_tol(h.location.x, 10, TOL);
    ck_assert_double_eq_tol(h.location.y, -3.5, TOL);
    ck_assert_int_eq(terroir_model_get_hub(m, 0, &h), 0);
    ck_assert_int_eq(h.location.has_location, 0);
    terroir_model_free(m);
}
END_TEST

START_TEST(yaml_loads_explicit_distance_matrix)
{
    char *path = data_path("good/matrix.yaml");
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_file(&m, path, NULL, NULL);
    ck_assert_msg(rc == 0, "%s", terroir_error_last() ? terroir_error_last()->message : "");
    free(path);
    ck_assert_uint_eq(terroir_model_matrix_size(m), 3);
    double km, minutes;
    ck_assert_int_eq(terroir_model_distance(m, 1, 2, &km, &minutes), 0);
    ck_assert_double_eq_tol(km, 3, TOL);
    ck_assert_double_eq_tol(minutes, 3.5, TOL);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ problems */

START_TEST(yaml_collects_three_independent_problems_in_order)
{
    /* An unknown key (line 5), a negative quantity (line 9) and a reversed
     * window (line 12): three diagnostics, sorted, and nothing derived. */
    const char *text = "terroir: 1\n"
                       "products:\n"
                       "  - id: lettuce\n"
                       "  - id: eggs\n"
                       "    colour: brown\n"
                       "producers:\n"
                       "  - id: f\n"
                       "    supply:\n"
                       "      lettuce: -3\n"
                       "      eggs: 12\n"
                       "points:\n"
                       "  - id: c\n"
                       "    time_windows: [[600, 60]]\n"
                       "    demand: {eggs: 4}\n";
    terroir_model *m;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load_text(text, &m, &d), TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 3);
    const terroir_error *e0 = terroir_diagnostics_get(d, 0);
    const terroir_error *e1 = terroir_diagnostics_get(d, 1);
    const terroir_error *e2 = terroir_diagnostics_get(d, 2);
    ck_assert_uint_eq(e0->line, 5);
    ck_assert_uint_eq(e0->column, 5);
    ck_assert_str_eq(e0->field, "products[1].colour");
    ck_assert_ptr_nonnull(strstr(e0->message, "unknown key 'colour' in product"));
    ck_assert_uint_eq(e1->line, 9);
    ck_assert_uint_eq(e1->column, 16);
    ck_assert_str_eq(e1->field, "producers[0].supply.lettuce");
    ck_assert_ptr_nonnull(strstr(e1->message, "negative value '-3'"));
    ck_assert_uint_eq(e2->line, 13);
    ck_assert_uint_eq(e2->column, 20);
    ck_assert_str_eq(e2->field, "points[0].time_windows[0]");
    ck_assert_ptr_nonnull(strstr(e2->message, "ends (60) before it starts (600)"));
    /* The last error is the first problem in document order. */
    const terroir_error *last = terroir_error_last();
    ck_assert_ptr_nonnull(last);
    ck_assert_int_eq(last->code, TERROIR_EINPUT);
    ck_assert_uint_eq(last->line, 5);
    ck_assert_str_eq(last->field, "products[1].colour");
    ck_assert_str_eq(last->file, "t.yaml");
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(yaml_names_the_field_path_of_a_supply_quantity)
{
    const char *text = "terroir: 1\n"
                       "products: [{id: lettuce}]\n"
                       "producers:\n"
                       "  - {id: a}\n"
                       "  - {id: b}\n"
                       "  - {id: c}\n"
                       "  - id: d\n"
                       "    supply: {lettuce: .nan}\n";
    terroir_model *m;
    ck_assert_int_eq(load_text(text, &m, NULL), TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_str_eq(e->field, "producers[3].supply.lettuce");
    ck_assert_uint_eq(e->line, 8);
    ck_assert_uint_eq(e->column, 23);
}
END_TEST

START_TEST(yaml_unknown_key_message_lists_allowed_keys)
{
    const char *text = "terroir: 1\nproducts: [{id: p}]\nhubs:\n  - {id: h, colour: red}\n";
    terroir_model *m;
    ck_assert_int_eq(load_text(text, &m, NULL), TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_str_eq(e->message,
                     "unknown key 'colour' in hub; expected one of: id, name, lat, lon, x, y, "
                     "status, fixed_cost, capacity_kg, handling_cost_per_kg, opening_hours, member, "
                     "cross_dock_minutes, storage_kg");
    ck_assert_str_eq(e->field, "hubs[0].colour");
    ck_assert_uint_eq(e->line, 4);
    ck_assert_uint_eq(e->column, 13);
}
END_TEST

/* The cross-dock and multi-trip fields: each bad value is a problem at
 * its own line:column with its field path, all collected in one pass. */
START_TEST(yaml_rejects_bad_cross_dock_and_trip_fields_at_their_position)
{
    const char *text = "terroir: 1\n"
                       "products: [{id: p}]\n"
                       "hubs:\n"
                       "  - {id: h, cross_dock_minutes: -1}\n"
                       "  - {id: g, cross_dock_minutes: .nan}\n"
                       "vehicle_types:\n"
                       "  - {id: v, home_hub: h, trips_per_day: 0}\n"
                       "  - {id: w, home_hub: h, trips_per_day: 1.5}\n"
                       "  - {id: x, home_hub: h, trips_per_day: two}\n"
                       "  - {id: y, home_hub: h, loading_minutes: -3}\n";
    static const struct {
        const char *field;
        unsigned long line, column;
        const char *message;
    } want[] = {
        {"hubs[0].cross_dock_minutes", 4, 33, "negative value '-1'"},
        {"hubs[1].cross_dock_minutes", 5, 33, "not a number"},
        {"vehicle_types[0].trips_per_day", 7, 41, "trips_per_day must be between 1 and 100, got 0"},
        {"vehicle_types[1].trips_per_day", 8, 41, "expected a whole number, got '1.5'"},
        {"vehicle_types[2].trips_per_day", 9, 41, "expected a whole number"},
        {"vehicle_types[3].loading_minutes", 10, 43, "negative value '-3'"},
    };
    terroir_model *m;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load_text(text, &m, &d), TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_uint_eq(terroir_diagnostics_count(d), sizeof want / sizeof want[0]);
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const terroir_error *e = terroir_diagnostics_get(d, k);
        ck_assert_str_eq(e->field, want[k].field);
        ck_assert_uint_eq(e->line, want[k].line);
        ck_assert_uint_eq(e->column, want[k].column);
        ck_assert_msg(strstr(e->message, want[k].message), "%s", e->message);
    }
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(yaml_rejects_bad_days_and_storage_at_their_position)
{
    const char *text = "terroir: 1\n"
                       "products: [{id: p}]\n"
                       "producers:\n"
                       "  - {id: a, pickup_days: [1, 0]}\n"
                       "  - {id: b, pickup_days: [2.5]}\n"
                       "  - {id: c, pickup_days: [3, x]}\n"
                       "  - {id: d, pickup_days: [7, 3, 7]}\n"
                       "hubs:\n"
                       "  - {id: h, storage_kg: {frozen: -1}}\n"
                       "  - {id: g, storage_kg: 500}\n"
                       "points:\n"
                       "  - {id: s, delivery_days: [367]}\n"
                       "  - {id: t, delivery_days: {monday: 1}}\n";
    static const struct {
        const char *field;
        unsigned long line, column;
        const char *message;
    } want[] = {
        {"producers[0].pickup_days[1]", 4, 30, "a day must be between 1 and 366, got 0"},
        {"producers[1].pickup_days[0]", 5, 27, "expected a whole number, got '2.5'"},
        {"producers[2].pickup_days[1]", 6, 30, "expected a whole number"},
        {"producers[3].pickup_days[2]", 7, 33, "pickup_days lists day 7 twice"},
        {"hubs[0].storage_kg.frozen", 9, 34, "negative value '-1'"},
        {"hubs[1].storage_kg", 10, 25, "expected a mapping"},
        {"points[0].delivery_days[0]", 12, 29, "a day must be between 1 and 366, got 367"},
        {"points[1].delivery_days", 13, 28, "expected a sequence of operating days"},
    };
    terroir_model *m;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load_text(text, &m, &d), TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_uint_eq(terroir_diagnostics_count(d), sizeof want / sizeof want[0]);
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const terroir_error *e = terroir_diagnostics_get(d, k);
        ck_assert_str_eq(e->field, want[k].field);
        ck_assert_uint_eq(e->line, want[k].line);
        ck_assert_uint_eq(e->column, want[k].column);
        ck_assert_msg(strstr(e->message, want[k].message), "%s", e->message);
    }
    terroir_diagnostics_free(d);
}
END_TEST

/* Days past settings.operating_days are found by validation, at the entity
 * that lists them (the settings may follow the entities, or an overlay may
 * change them). */
START_TEST(yaml_days_after_the_cycle_are_reported_at_their_entity)
{
    const char *text = "terroir: 1\n"
                       "products: [{id: p}]\n"
                       "producers:\n"
                       "  - {id: f, lat: 45, lon: -73, pickup_days: [1, 2]}\n"
                       "points:\n"
                       "  - {id: c, lat: 45, lon: -73.1, delivery_days: [3, 6, 9]}\n"
                       "settings: {operating_days: 5}\n";
    terroir_model *m;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load_text(text, &m, &d), TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1);
    const terroir_error *e = terroir_error_last();
    ck_assert_str_eq(e->file, "t.yaml");
    ck_assert_uint_eq(e->line, 6);
    ck_assert_uint_eq(e->column, 5);
    ck_assert_str_eq(e->field, "points[0].delivery_days");
    ck_assert_str_eq(e->message, "point 'c': delivery_days has day 6, but the cycle has 5 "
                                 "operating days (settings.operating_days)");
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(yaml_reference_to_a_broken_entity_adds_no_second_problem)
{
    /* Product p has a bad field: the supply line that names it is not
     * reported again as "unknown product". */
    const char *text = "terroir: 1\n"
                       "products:\n"
                       "  - {id: p, temperature: tepid}\n"
                       "producers:\n"
                       "  - {id: f, supply: {p: 3}}\n"
                       "hubs:\n"
                       "  - {id: h, lat: 91, lon: 0}\n"
                       "vehicle_types:\n"
                       "  - {id: v, home_hub: h}\n";
    terroir_model *m;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load_text(text, &m, &d), TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 2);
    ck_assert_uint_eq(terroir_diagnostics_get(d, 0)->line, 3);
    ck_assert_uint_eq(terroir_diagnostics_get(d, 1)->line, 7);
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(yaml_validation_problems_carry_entity_positions)
{
    /* The schema is clean; validation finds that producer f has no
     * location, at the line where f is defined. */
    const char *text = "terroir: 1\n"
                       "products: [{id: p}]\n"
                       "points:\n"
                       "  - {id: c, lat: 45, lon: -73, demand: {p: 1}}\n"
                       "producers:\n"
                       "  - {id: f, supply: {p: 1}}\n";
    terroir_model *m;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load_text(text, &m, &d), TERROIR_EINPUT);
    ck_assert_uint_ge(terroir_diagnostics_count(d), 1);
    const terroir_error *e = terroir_error_last();
    ck_assert_uint_eq(e->line, 6);
    ck_assert_uint_eq(e->column, 5);
    ck_assert_str_eq(e->file, "t.yaml");
    ck_assert_ptr_nonnull(strstr(e->message, "no location"));
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(yaml_stops_after_max_problems)
{
    core_strbuf sb = CORE_STRBUF_INIT;
    core__sb_puts(&sb, "terroir: 1\nproducts:\n");
    for (int i = 0; i < 50; i++)
        core__sb_printf(&sb, "  - {id: p%d, kg_per_unit: -1}\n", i);
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.max_problems = 7;
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, sb.data, sb.len, NULL, &o, &d),
                     TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 7);
    ck_assert_str_eq(terroir_error_last()->file, "<buffer>");
    ck_assert_uint_eq(terroir_error_last()->line, 3);
    terroir_diagnostics_free(d);
    core__sb_free(&sb);
}
END_TEST

START_TEST(yaml_duplicate_keys_in_a_large_mapping_are_found)
{
    /* More than 16 keys takes the sorted path. */
    core_strbuf sb = CORE_STRBUF_INIT;
    core__sb_puts(&sb, "terroir: 1\nproducts:\n");
    for (int i = 0; i < 40; i++)
        core__sb_printf(&sb, "  - {id: p%d}\n", i);
    core__sb_puts(&sb, "producers:\n  - id: f\n    supply:\n");
    for (int i = 0; i < 40; i++)
        core__sb_printf(&sb, "      p%d: 1\n", i);
    core__sb_puts(&sb, "      p7: 2\n"); /* line 86 */
    terroir_model *m;
    ck_assert_int_eq(load_text(sb.data, &m, NULL), TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_uint_eq(e->line, 86);
    ck_assert_uint_eq(e->column, 7);
    ck_assert_ptr_nonnull(strstr(e->message, "duplicate key 'p7' (first at 53:7)"));
    ck_assert_str_eq(e->field, "producers[0].supply.p7");
    core__sb_free(&sb);
}
END_TEST

/* ------------------------------------------------------------------ scalars */

START_TEST(yaml_reads_integers_decimals_exponents_and_hex)
{
    const char *text = "terroir: 1\n"
                       "products:\n"
                       "  - {id: a, kg_per_unit: 12}\n"
                       "  - {id: b, kg_per_unit: 2.5}\n"
                       "  - {id: c, kg_per_unit: .5}\n"
                       "  - {id: d, kg_per_unit: 1.5e2}\n"
                       "  - {id: e, kg_per_unit: 25E-1}\n"
                       "  - {id: f, kg_per_unit: +3}\n"
                       "  - {id: g, kg_per_unit: 0x1F}\n"
                       "  - {id: h, kg_per_unit: 0o17}\n"
                       "  - {id: i, kg_per_unit: 007}\n"
                       "producers: [{id: s, lat: 0, lon: 0, supply: {a: 1}}]\n"
                       "points: [{id: t, lat: 1, lon: 1, demand: {a: 1}}]\n";
    static const double want[] = {12, 2.5, 0.5, 150, 2.5, 3, 31, 15, 7};
    terroir_model *m;
    int rc = load_text(text, &m, NULL);
    ck_assert_msg(rc == 0, "%s", terroir_error_last() ? terroir_error_last()->message : "");
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
        ck_assert_int_eq(terroir_model_get_product(m, i, &p), 0);
        ck_assert_double_eq_tol(p.kg_per_unit, want[i], TOL);
    }
    terroir_model_free(m);
}
END_TEST

START_TEST(yaml_rejects_things_that_only_look_like_numbers)
{
    static const char *const bad[] = {"1_000", "1,5", "0x",  "1e",    "--1", "12abc",
                                      "true",  "~",   "'3'", "0b101", "inf", "nan"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text =
            core__asprintf("terroir: 1\nproducts:\n  - id: p\n    kg_per_unit: %s\n", bad[i]);
        terroir_model *m;
        ck_assert_int_eq(load_text(text, &m, NULL), TERROIR_EINPUT);
        const terroir_error *e = terroir_error_last();
        ck_assert_msg(strstr(e->message, "expected a number") != NULL, "%s: %s", bad[i],
                      e->message);
        ck_assert_uint_eq(e->line, 4);
        ck_assert_uint_eq(e->column, 18);
        free(text);
    }
}
END_TEST

START_TEST(yaml_accepts_only_true_and_false_as_booleans)
{
    static const char *const bad[] = {"yes", "no", "on", "True", "1", "\"true\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = core__asprintf("terroir: 1\nproducts: [{id: p}]\n"
                                    "producers:\n  - id: f\n    direct_delivery: %s\n",
                                    bad[i]);
        terroir_model *m;
        ck_assert_int_eq(load_text(text, &m, NULL), TERROIR_EINPUT);
        ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "expected true or false"));
        ck_assert_uint_eq(terroir_error_last()->line, 5);
        free(text);
    }
}
END_TEST

START_TEST(yaml_hhmm_times_become_minutes)
{
    const char *text = "terroir: 1\nproducts: [{id: p}]\n"
                       "hubs:\n  - {id: h, lat: 0, lon: 0, opening_hours: [[\"0:05\", 23:59], "
                       "[\"24:00\", \"36:30\"]]}\n"
                       "points: [{id: c, lat: 0, lon: 1, demand: {p: 1}}]\n"
                       "producers: [{id: f, lat: 1, lon: 0, supply: {p: 1}}]\n";
    terroir_model *m;
    int rc = load_text(text, &m, NULL);
    ck_assert_msg(rc == 0, "%s", terroir_error_last() ? terroir_error_last()->message : "");
    double open, close;
    ck_assert_int_eq(terroir_model_get_time_window(m, TERROIR_SITE_HUB, 0, 0, &open, &close), 0);
    ck_assert_double_eq_tol(open, 5, TOL);
    ck_assert_double_eq_tol(close, 23 * 60 + 59, TOL);
    ck_assert_int_eq(terroir_model_get_time_window(m, TERROIR_SITE_HUB, 0, 1, &open, &close), 0);
    ck_assert_double_eq_tol(open, 24 * 60, TOL);
    ck_assert_double_eq_tol(close, 36 * 60 + 30, TOL);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ limits */

START_TEST(yaml_rejects_input_larger_than_max_bytes)
{
    const char *text = "terroir: 1\nproducts: [{id: p}]\n";
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.max_bytes = 10;
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, text, strlen(text), "x", &o, &d),
                     TERROIR_EINPUT);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "larger than the limit"));
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1);
    terroir_diagnostics_free(d);

    /* The file loader stops while reading. */
    char *path = data_path("good/full.yaml");
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, &o, &d), TERROIR_EINPUT);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "larger than the limit"));
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1);
    ck_assert_ptr_null(m);
    terroir_diagnostics_free(d);
    free(path);
}
END_TEST

START_TEST(yaml_honours_a_smaller_max_depth)
{
    /* Schema depth of a time window is 5 (root, producers, producer,
     * windows, window). */
    const char *text = "terroir: 1\nproducts: [{id: p}]\n"
                       "producers: [{id: f, time_windows: [[1, 2]]}]\n";
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.max_depth = 4;
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, text, strlen(text), NULL, &o, NULL),
                     TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(strstr(e->message, "deeper than the limit of 4 levels"));
    ck_assert_uint_eq(e->line, 3);
    ck_assert_uint_eq(e->column, 36);
}
END_TEST

START_TEST(yaml_caps_max_depth_at_256_levels)
{
    /* libyaml's cost per token grows with the depth: a huge max_depth is
     * capped so that 100,000 '[' stop early instead of running for minutes. */
    size_t n = 100000;
    char *text = malloc(n + 16);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "terroir: 1\nx: ", 14);
    memset(text + 14, '[', n);
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.max_depth = 4000000000u;
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_buffer(&m, text, n + 14, NULL, &o, NULL);
    free(text);
    ck_assert_int_eq(rc, TERROIR_EINPUT);
    const terroir_error *e = terroir_error_last();
    ck_assert_ptr_nonnull(strstr(e->message, "deeper than the limit of 256 levels"));
    ck_assert_uint_eq(e->line, 2);
    ck_assert_uint_eq(e->column, 4 + 255);
}
END_TEST

START_TEST(yaml_loads_5000_sites_in_well_under_a_second)
{
    core_strbuf sb = CORE_STRBUF_INIT;
    core__sb_puts(&sb, "terroir: 1\nproducts:\n  - {id: lettuce}\n  - {id: eggs}\n"
                       "hubs:\n  - {id: hub, lat: 45.5, lon: -73.0}\nproducers:\n");
    for (int i = 0; i < 2500; i++)
        core__sb_printf(&sb,
                        "  - id: farm-%d\n    lat: %.4f\n    lon: %.4f\n"
                        "    supply: {lettuce: %d, eggs: 12}\n"
                        "    time_windows: [[\"07:00\", \"11:00\"]]\n",
                        i, 45 + i * 1e-4, -73 - i * 1e-4, i % 97);
    core__sb_puts(&sb, "points:\n");
    for (int i = 0; i < 2499; i++)
        core__sb_printf(&sb,
                        "  - id: point-%d\n    kind: grocery\n    lat: %.4f\n    lon: %.4f\n"
                        "    demand: {lettuce: 3.5}\n",
                        i, 46 - i * 1e-4, -72 + i * 1e-4);
    ck_assert(!sb.failed);
    terroir_model *m;
    int rc = load_text(sb.data, &m, NULL);
    size_t sites = terroir_model_site_count(m);
    terroir_model_free(m);
    core__sb_free(&sb);
    ck_assert_msg(rc == 0, "%s", terroir_error_last() ? terroir_error_last()->message : "");
    ck_assert_uint_eq(sites, 5000);
}
END_TEST

/* ------------------------------------------------------------------ API errors */

START_TEST(yaml_load_with_null_arguments_is_einval)
{
    terroir_model *m = NULL;
    terroir_diagnostics *d = (terroir_diagnostics *)&m; /* must be reset */
    ck_assert_int_eq(terroir_model_load_yaml_file(NULL, "x.yaml", NULL, &d), TERROIR_EINVAL);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(terroir_error_last()->code, TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, NULL, NULL, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_load_yaml_buffer(NULL, "a", 1, NULL, NULL, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, NULL, 3, NULL, NULL, NULL), TERROIR_EINVAL);
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.version = 99;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, "a", 1, NULL, &o, NULL), TERROIR_EINVAL);
    ck_assert_ptr_null(m);
}
END_TEST

START_TEST(yaml_load_of_missing_file_is_eio_with_the_path)
{
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, "/nonexistent/terroir.yaml", NULL, &d),
                     TERROIR_EIO);
    ck_assert_ptr_null(m);
    ck_assert_str_eq(terroir_error_last()->file, "/nonexistent/terroir.yaml");
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1);
    ck_assert_int_eq(terroir_diagnostics_get(d, 0)->code, TERROIR_EIO);
    terroir_diagnostics_free(d);
}
END_TEST

START_TEST(yaml_success_clears_the_previous_error)
{
    terroir_model *m = NULL;
    ck_assert_int_eq(load_text("", &m, NULL), TERROIR_EINPUT);
    ck_assert_ptr_nonnull(terroir_error_last());
    char *path = data_path("good/minimal.yaml");
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, NULL, NULL), 0);
    ck_assert_ptr_null(terroir_error_last());
    terroir_model_free(m);
    free(path);
}
END_TEST

START_TEST(load_options_init_gives_defaults_and_rejects_bad_versions)
{
    terroir_load_options o;
    memset(&o, 0xff, sizeof o);
    ck_assert_int_eq(terroir_load_options_init(&o, TERROIR_LOAD_OPTIONS_VERSION), 0);
    ck_assert_uint_eq(o.version, TERROIR_LOAD_OPTIONS_VERSION);
    ck_assert_uint_eq(o.max_bytes, (size_t)256 << 20);
    ck_assert_uint_eq(o.max_depth, 32);
    ck_assert_uint_eq(o.max_problems, 100);
    ck_assert_int_eq(terroir_load_options_init(&o, 0), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_load_options_init(&o, TERROIR_LOAD_OPTIONS_VERSION + 1),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_load_options_init(NULL, 1), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_error_last()->code, TERROIR_EINVAL);
}
END_TEST

static Suite *yaml_read_suite(void)
{
    Suite *s = suite_create("yaml_read");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, yaml_bad_corpus_reports_first_problem_at_its_position);
    tcase_add_test(tc, yaml_bad_corpus_covers_the_required_cases);
    suite_add_tcase(s, tc);

    tc = tcase_create("good");
    tcase_add_test(tc, yaml_loads_minimal_file_as_validated_model);
    tcase_add_test(tc, yaml_loads_every_good_file);
    tcase_add_test(tc, yaml_loads_every_field_of_the_schema);
    tcase_add_test(tc, yaml_loads_planar_model_with_listed_arcs);
    tcase_add_test(tc, yaml_loads_explicit_distance_matrix);
    suite_add_tcase(s, tc);

    tc = tcase_create("problems");
    tcase_add_test(tc, yaml_collects_three_independent_problems_in_order);
    tcase_add_test(tc, yaml_names_the_field_path_of_a_supply_quantity);
    tcase_add_test(tc, yaml_unknown_key_message_lists_allowed_keys);
    tcase_add_test(tc, yaml_rejects_bad_cross_dock_and_trip_fields_at_their_position);
    tcase_add_test(tc, yaml_rejects_bad_days_and_storage_at_their_position);
    tcase_add_test(tc, yaml_days_after_the_cycle_are_reported_at_their_entity);
    tcase_add_test(tc, yaml_reference_to_a_broken_entity_adds_no_second_problem);
    tcase_add_test(tc, yaml_validation_problems_carry_entity_positions);
    tcase_add_test(tc, yaml_stops_after_max_problems);
    tcase_add_test(tc, yaml_duplicate_keys_in_a_large_mapping_are_found);
    suite_add_tcase(s, tc);

    tc = tcase_create("scalars");
    tcase_add_test(tc, yaml_reads_integers_decimals_exponents_and_hex);
    tcase_add_test(tc, yaml_rejects_things_that_only_look_like_numbers);
    tcase_add_test(tc, yaml_accepts_only_true_and_false_as_booleans);
    tcase_add_test(tc, yaml_hhmm_times_become_minutes);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, yaml_rejects_input_larger_than_max_bytes);
    tcase_add_test(tc, yaml_honours_a_smaller_max_depth);
    tcase_add_test(tc, yaml_caps_max_depth_at_256_levels);
    tcase_add_test(tc, yaml_loads_5000_sites_in_well_under_a_second);
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_add_test(tc, yaml_load_with_null_arguments_is_einval);
    tcase_add_test(tc, yaml_load_of_missing_file_is_eio_with_the_path);
    tcase_add_test(tc, yaml_success_clears_the_previous_error);
    tcase_add_test(tc, load_options_init_gives_defaults_and_rejects_bad_versions);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(yaml_read_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear(); /* so that valgrind sees no block left behind */
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
