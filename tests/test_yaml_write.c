/* Unit tests of the YAML writer, through the public API: models built with
 * every feature of the builder, and models made by the importers, are
 * written, loaded back with the YAML loader and compared with
 * terroir_model_equal() (exact numbers); strings that YAML would misread
 * survive; a 5,000-site model is written quickly; errors are reported. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <terroir/terroir.h>

static const char *data_dir(void)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    return d ? d : "tests/data";
}

#define OK(call)                                                                                   \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        const terroir_error *e_ = terroir_error_last();                                            \
        ck_assert_msg(rc_ == 0, "%s -> %d: %s", #call, rc_, e_ ? e_->message : "?");               \
    } while (0)

/* Write `m`, load the text back, and check that the models are equal.
 * Returns the text (caller frees with terroir_free()). */
static char *round_trip(const terroir_model *m)
{
    char *text = NULL;
    size_t len = 0;
    OK(terroir_model_write_yaml_buffer(&text, &len, m));
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(strlen(text), len);
    terroir_model *back = NULL;
    terroir_diagnostics *diags = NULL;
    int rc = terroir_model_load_yaml_buffer(&back, text, len, "written.yaml", NULL, &diags);
    if (rc != 0) {
        for (size_t i = 0; i < terroir_diagnostics_count(diags); i++) {
            const terroir_error *e = terroir_diagnostics_get(diags, i);
            fprintf(stderr, "written.yaml:%lu:%lu: %s [%s]\n", e->line, e->column, e->message,
                    e->field ? e->field : "");
        }
        fprintf(stderr, "---- text ----\n%.4000s\n", text);
    }
    ck_assert_int_eq(rc, 0);
    terroir_diagnostics_free(diags);
    ck_assert_msg(terroir_model_equal(m, back), "model changed through YAML:\n%.3000s", text);
    terroir_model_free(back);
    return text;
}

static size_t add_product(terroir_model *m, const char *id, terroir_temperature t)
{
    terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
    p.id = id;
    p.temperature = t;
    size_t index;
    OK(terroir_model_add_product(m, &p, &index));
    return index;
}

/* A lat/lon model that uses every field of the schema except listed arcs. */
static terroir_model *full_latlon_model(void)
{
    terroir_model *m = NULL;
    OK(terroir_model_new(&m));
    terroir_settings s = TERROIR_SETTINGS_INIT;
    s.name = "Montérégie: \"test\" #1";
    s.road_factor = 1.25;
    s.speed_kmh = 55.5;
    s.co2_price = 0.035;
    s.operating_days = 6;
    OK(terroir_model_set_settings(m, &s));

    terroir_product_spec lettuce = TERROIR_PRODUCT_SPEC_INIT;
    lettuce.id = "lettuce";
    lettuce.name = "Laitue Boston";
    lettuce.temperature = TERROIR_TEMPERATURE_CHILLED;
    lettuce.shelf_life_hours = 96;
    lettuce.unit = "crate";
    lettuce.kg_per_unit = 0.1 + 0.2; /* not a short decimal */
    lettuce.m3_per_unit = 0.004;
    lettuce.pallets_per_unit = 1.0 / 3.0;
    OK(terroir_model_add_product(m, &lettuce, NULL));
    add_product(m, "eggs", TERROIR_TEMPERATURE_AMBIENT);
    add_product(m, "bleuets surgelés", TERROIR_TEMPERATURE_FROZEN);

    terroir_producer_spec farm = TERROIR_PRODUCER_SPEC_INIT;
    farm.id = "ferme-des-saules";
    farm.name = "Ferme des Saules";
    farm.location.has_location = 1;
    farm.location.lat = 45.30123456789;
    farm.location.lon = -73.25;
    farm.service_minutes = 15;
    farm.self_delivery_kg = 500;
    farm.self_delivery_km = 40.5;
    farm.direct_delivery = 1;
    farm.pickup_days = (const unsigned int[]){5, 1, 3}; /* written sorted */
    farm.n_pickup_days = 3;
    size_t f0;
    OK(terroir_model_add_producer(m, &farm, &f0));
    OK(terroir_model_add_supply(m, f0, 1, 120));
    OK(terroir_model_add_supply(m, f0, 0, 400.25));
    OK(terroir_model_add_time_window(m, TERROIR_SITE_PRODUCER, f0, 420, 660));
    OK(terroir_model_add_time_window(m, TERROIR_SITE_PRODUCER, f0, 780, 900.5));

    /* Strings that need quoting and escaping, a signed zero. */
    terroir_producer_spec odd = TERROIR_PRODUCER_SPEC_INIT;
    odd.id = "Ferme \"Les Érables\": #2 - true";
    odd.name = "line1\nline2\ttab \\ back";
    odd.location.has_location = 1;
    odd.location.lat = -0.0;
    odd.location.lon = 180;
    size_t f1;
    OK(terroir_model_add_producer(m, &odd, &f1));
    OK(terroir_model_add_supply(m, f1, 2, 1e-7));

    terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
    hub.id = "hub-st-hyacinthe";
    hub.location.has_location = 1;
    hub.location.lat = 45.6308;
    hub.location.lon = -72.9563;
    hub.status = TERROIR_HUB_CANDIDATE;
    hub.fixed_cost = 1200.75;
    hub.capacity_kg = (const double[]){20000, 8000, TERROIR_UNLIMITED};
    hub.n_temperatures = 3;
    hub.handling_cost_per_kg = 0.05;
    hub.cross_dock_minutes = 42.5;
    hub.storage_kg = (const double[]){12000.5, 0}; /* frozen: unlimited */
    hub.n_storage_temperatures = 2;
    size_t h0;
    OK(terroir_model_add_hub(m, &hub, &h0));
    OK(terroir_model_add_time_window(m, TERROIR_SITE_HUB, h0, 300, 1200));

    terroir_hub_spec closed = TERROIR_HUB_SPEC_INIT;
    closed.id = "closed";
    closed.status = TERROIR_HUB_CLOSED;
    closed.location.has_location = 1;
    closed.location.lat = 46;
    closed.location.lon = -71;
    closed.capacity_kg = (const double[]){0}; /* ambient */
    closed.n_temperatures = 1;
    OK(terroir_model_add_hub(m, &closed, NULL));

    terroir_point_spec bank = TERROIR_POINT_SPEC_INIT;
    bank.id = "moisson-rive-sud";
    bank.kind = TERROIR_POINT_FOOD_BANK;
    bank.priority = 1;
    bank.unserved_penalty_per_kg = 40;
    bank.service_minutes = 10;
    bank.delivery_days = (const unsigned int[]){6};
    bank.n_delivery_days = 1;
    bank.location.has_location = 1;
    bank.location.lat = 45.5;
    bank.location.lon = -73.45;
    size_t p0;
    OK(terroir_model_add_point(m, &bank, &p0));
    OK(terroir_model_add_demand(m, p0, 0, 80));
    OK(terroir_model_add_demand(m, p0, 2, 12.5));
    OK(terroir_model_add_time_window(m, TERROIR_SITE_POINT, p0, 480, 960));

    terroir_point_spec school = TERROIR_POINT_SPEC_INIT;
    school.id = "école 42";
    school.kind = TERROIR_POINT_SCHOOL;
    school.priority = 4; /* default penalty of the priority */
    school.location.has_location = 1;
    school.location.lat = 45.4;
    school.location.lon = -73.6;
    size_t p1;
    OK(terroir_model_add_point(m, &school, &p1));
    OK(terroir_model_add_demand(m, p1, 1, 30));

    terroir_point_spec market = TERROIR_POINT_SPEC_INIT;
    market.id = "null";
    market.kind = TERROIR_POINT_MARKET;
    market.location.has_location = 1;
    market.location.lat = 45.1;
    market.location.lon = -73.1;
    OK(terroir_model_add_point(m, &market, NULL));

    terroir_vehicle_type_spec reefer = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    reefer.id = "reefer";
    reefer.name = "Camion réfrigéré";
    reefer.home_hub = h0;
    reefer.count = 2;
    reefer.capacity = (const double[]){6000, 30}; /* kg, m3 */
    reefer.n_dimensions = 2;
    reefer.temperatures = (1u << TERROIR_TEMPERATURE_AMBIENT) | (1u << TERROIR_TEMPERATURE_CHILLED);
    reefer.fixed_cost = 150;
    reefer.cost_per_km = 0.9;
    reefer.cost_per_hour = 35;
    reefer.speed_kmh = 70;
    reefer.max_duration_minutes = 600;
    reefer.co2_kg_per_km = 0.35;
    reefer.trips_per_day = 3;
    reefer.loading_minutes = 17.25;
    OK(terroir_model_add_vehicle_type(m, &reefer, NULL));
    terroir_vehicle_type_spec van = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    van.id = "van";
    van.home_hub = 1;
    van.temperatures = 1u << TERROIR_TEMPERATURE_FROZEN;
    OK(terroir_model_add_vehicle_type(m, &van, NULL));

    size_t sites[3] = {0, 1, 4};
    double km[9] = {0, 41.3, 20.5, 40.9, 0, 33.3333333333, 21, 34, 0};
    double minutes[9] = {0, 45, 25, 44, 0, 38, 26, 39, 0};
    OK(terroir_model_set_matrix(m, 3, sites, km, minutes));
    return m;
}

START_TEST(writer_round_trips_a_model_with_every_feature)
{
    terroir_model *m = full_latlon_model();
    char *text = round_trip(m);
    /* Defaults are written explicitly; name is left out when equal to id. */
    ck_assert_ptr_nonnull(strstr(text, "frozen: unlimited"));
    ck_assert_ptr_nonnull(strstr(text, "pallets: unlimited"));
    ck_assert_ptr_nonnull(strstr(text, "road_factor: 1.25"));
    ck_assert_ptr_nonnull(strstr(text, "opening_hours: [[300, 1200]]"));
    ck_assert_ptr_null(strstr(text, "name: eggs"));
    ck_assert_ptr_nonnull(strstr(text, "cross_dock_minutes: 42.5\n"));
    ck_assert_ptr_nonnull(strstr(text, "cross_dock_minutes: 30\n")); /* the default */
    ck_assert_ptr_nonnull(strstr(text, "trips_per_day: 3\n"));
    ck_assert_ptr_nonnull(strstr(text, "loading_minutes: 17.25\n"));
    ck_assert_ptr_nonnull(strstr(text, "trips_per_day: 1\n"));
    ck_assert_ptr_nonnull(strstr(text, "loading_minutes: 0\n"));
    /* Days and storage are written when given, left out when default. */
    ck_assert_ptr_nonnull(strstr(text, "pickup_days: [1, 3, 5]\n"));
    ck_assert_ptr_nonnull(strstr(text, "delivery_days: [6]\n"));
    ck_assert_ptr_nonnull(
        strstr(text, "storage_kg: {ambient: 12000.5, chilled: 0, frozen: unlimited}\n"));
    const char *first = strstr(text, "storage_kg:");
    ck_assert_ptr_null(strstr(first + 1, "storage_kg:"));
    first = strstr(text, "pickup_days:");
    ck_assert_ptr_null(strstr(first + 1, "pickup_days:"));
    first = strstr(text, "delivery_days:");
    ck_assert_ptr_null(strstr(first + 1, "delivery_days:"));
    ck_assert_ptr_nonnull(strstr(text, "operating_days: 6\n"));
    /* A validated copy writes the same text. */
    terroir_model *copy = NULL;
    OK(terroir_model_clone(&copy, m));
    OK(terroir_model_validate(copy, NULL));
    char *again = NULL;
    OK(terroir_model_write_yaml_buffer(&again, NULL, copy));
    ck_assert_str_eq(again, text);
    terroir_free(again);
    terroir_model_free(copy);
    terroir_free(text);
    terroir_model_free(m);
}
END_TEST

START_TEST(writer_round_trips_planar_model_with_listed_arcs)
{
    terroir_model *m = NULL;
    OK(terroir_model_new(&m));
    terroir_settings s = TERROIR_SETTINGS_INIT;
    s.coordinates = TERROIR_COORDINATES_PLANAR;
    s.rounding = TERROIR_ROUNDING_TRUNCATE_1;
    s.arcs = TERROIR_ARCS_LISTED;
    OK(terroir_model_set_settings(m, &s));
    add_product(m, "p", TERROIR_TEMPERATURE_AMBIENT);
    terroir_producer_spec f = TERROIR_PRODUCER_SPEC_INIT;
    f.id = "f";
    OK(terroir_model_add_producer(m, &f, NULL));
    OK(terroir_model_add_supply(m, 0, 0, 10));
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "h";
    h.location.has_location = 1;
    h.location.x = -12.5;
    h.location.y = 1e11;
    OK(terroir_model_add_hub(m, &h, NULL));
    terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
    p.id = "1234";
    OK(terroir_model_add_point(m, &p, NULL));
    OK(terroir_model_add_demand(m, 0, 0, 10));
    OK(terroir_model_add_arc(m, 0, 1, 0, -1));
    OK(terroir_model_add_arc(m, 1, 2, 0.123456789012345678, 17.25));
    OK(terroir_model_add_arc(m, 0, 2, 2.0 / 3.0, 0));
    OK(terroir_model_validate(m, NULL));
    char *text = round_trip(m);
    ck_assert_ptr_nonnull(strstr(text, "\"1234\""));
    terroir_free(text);
    terroir_model_free(m);
}
END_TEST

START_TEST(writer_round_trips_imported_models)
{
    static const struct {
        terroir_format format;
        const char *file;
    } cases[] = {{TERROIR_FORMAT_VRPLIB, "X-n101-k25.vrp"},
                 {TERROIR_FORMAT_SOLOMON, "R101.txt"},
                 {TERROIR_FORMAT_ORLIB_CAP, "cap41.txt"}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/bench/%s", data_dir(), cases[c].file);
        terroir_model *m = NULL;
        OK(terroir_model_import_file(&m, cases[c].format, path, NULL));
        char *text = round_trip(m);
        terroir_free(text);
        terroir_model_free(m);
    }
}
END_TEST

START_TEST(writer_quotes_strings_that_yaml_would_misread)
{
    static const char *const ids[] = {"true",
                                      "No",
                                      "~",
                                      "123",
                                      "1e3",
                                      "0x1F",
                                      ".inf",
                                      "-",
                                      "- x",
                                      "a: b",
                                      "#hash",
                                      "a #b",
                                      "[list]",
                                      "{map}",
                                      "&anchor",
                                      "*alias",
                                      "!tag",
                                      "|",
                                      ">",
                                      "'single'",
                                      "\"double\"",
                                      " lead",
                                      "trail ",
                                      "tab\there",
                                      "nl\nhere",
                                      "bell\x07",
                                      "del\x7f",
                                      "nel\xc2\x85",
                                      "ls\xe2\x80\xa8",
                                      "bom\xef\xbb\xbf",
                                      "emoji \xf0\x9f\x8d\x8e",
                                      "back\\slash",
                                      "%percent",
                                      "@at",
                                      "`tick",
                                      "?q",
                                      ",comma",
                                      "x:y",
                                      "x: ",
                                      "--- doc",
                                      "...",
                                      "c1",
                                      "c1_b.2/x-y"};
    size_t n = sizeof ids / sizeof ids[0];
    terroir_model *m = NULL;
    OK(terroir_model_new(&m));
    add_product(m, "unlimited", TERROIR_TEMPERATURE_AMBIENT);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "hub";
    h.location.has_location = 1;
    OK(terroir_model_add_hub(m, &h, NULL));
    for (size_t i = 0; i < n; i++) {
        terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
        p.id = ids[i];
        p.name = ids[(i + 1) % n];
        p.location.has_location = 1;
        p.location.lat = 45;
        p.location.lon = -73;
        size_t index;
        OK(terroir_model_add_point(m, &p, &index));
        OK(terroir_model_add_demand(m, index, 0, (double)i));
    }
    char *text = round_trip(m);
    /* Plain where safe, quoted and escaped otherwise. */
    ck_assert_ptr_nonnull(strstr(text, "- id: c1\n"));
    ck_assert_ptr_nonnull(strstr(text, "- id: c1_b.2/x-y\n"));
    ck_assert_ptr_nonnull(strstr(text, "- id: \"true\"\n"));
    ck_assert_ptr_nonnull(strstr(text, "- id: \"nl\\nhere\"\n"));
    ck_assert_ptr_nonnull(strstr(text, "- id: \"nel\\x85\"\n"));
    ck_assert_ptr_nonnull(strstr(text, "- id: \"ls\\L\"\n"));
    terroir_free(text);
    terroir_model_free(m);
}
END_TEST

START_TEST(writer_writes_exact_numbers)
{
    static const double values[] = {0.1,    0.1 + 0.2, 1.0 / 3.0,           2.0 / 3.0 * 1e-9,
                                    1e-300, 4.9e-324,  999999999999.99,     123456789.123456789,
                                    5e-5,   1e12,      0.30000000000000004, -0.0};
    terroir_model *m = NULL;
    OK(terroir_model_new(&m));
    add_product(m, "p", TERROIR_TEMPERATURE_AMBIENT);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "h";
    h.location.has_location = 1;
    OK(terroir_model_add_hub(m, &h, NULL));
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
        char id[16];
        snprintf(id, sizeof id, "p%zu", i);
        p.id = id;
        p.location.has_location = 1;
        p.location.lat = values[i] < 90 ? values[i] : 89.999999999999986;
        p.location.lon = -values[i] / 1e10;
        p.service_minutes = values[i] < 0 ? 0 : values[i];
        size_t index;
        OK(terroir_model_add_point(m, &p, &index));
        OK(terroir_model_add_demand(m, index, 0, values[i] < 0 ? 0 : values[i]));
    }
    char *text = round_trip(m);
    terroir_free(text);
    terroir_model_free(m);
}
END_TEST

/* A model of `n_sites` sites (half producers, one hub, half points), in the
 * order the schema groups them (producers, hubs, points), since the loader
 * adds them in that order. */
static terroir_model *big_model(size_t n_sites)
{
    terroir_model *m = NULL;
    OK(terroir_model_new(&m));
    add_product(m, "veg", TERROIR_TEMPERATURE_AMBIENT);
    add_product(m, "milk", TERROIR_TEMPERATURE_CHILLED);
    for (size_t i = 0; i < n_sites; i++) {
        char id[32];
        size_t index;
        snprintf(id, sizeof id, "site-%zu", i);
        if (i == n_sites / 2) {
            terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
            h.id = "hub";
            h.location.has_location = 1;
            h.location.lat = 45.5;
            h.location.lon = -73.5;
            OK(terroir_model_add_hub(m, &h, NULL));
        }
        if (i >= n_sites / 2) {
            terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
            p.id = id;
            p.location.has_location = 1;
            p.location.lat = 45 + (double)i / 7919;
            p.location.lon = -74 + (double)i / 6007;
            OK(terroir_model_add_point(m, &p, &index));
            OK(terroir_model_add_demand(m, index, i % 2, 1 + (double)i / 3));
            OK(terroir_model_add_time_window(m, TERROIR_SITE_POINT, index, 480, 960));
        } else {
            terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
            p.id = id;
            p.location.has_location = 1;
            p.location.lat = 46 - (double)i / 7919;
            p.location.lon = -72 - (double)i / 6007;
            OK(terroir_model_add_producer(m, &p, &index));
            OK(terroir_model_add_supply(m, index, 0, 10 + (double)i / 7));
            OK(terroir_model_add_supply(m, index, 1, 5));
        }
    }
    return m;
}

/* Speed is measured in benchmarks, not asserted here; this checks that a
 * large model writes and reads back whole. */
START_TEST(writer_handles_5000_sites)
{
    terroir_model *m = big_model(5000);
    char *text = round_trip(m);
    ck_assert_uint_gt(strlen(text), 5000 * 50);
    terroir_free(text);
    terroir_model_free(m);
}
END_TEST

START_TEST(writer_writes_files_and_reports_errors)
{
    terroir_model *m = full_latlon_model();
    char dir[] = "/tmp/terroir-yaml-write-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/model.yaml", dir);
    OK(terroir_model_write_yaml_file(m, path));
    terroir_model *back = NULL;
    OK(terroir_model_load_yaml_file(&back, path, NULL, NULL));
    ck_assert_int_eq(terroir_model_equal(m, back), 1);
    terroir_model_free(back);
    ck_assert_int_eq(unlink(path), 0);

    /* A directory that does not exist: EIO naming the path. */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/no/such/dir.yaml", dir);
    ck_assert_int_eq(terroir_model_write_yaml_file(m, missing), TERROIR_EIO);
    ck_assert_str_eq(terroir_error_last()->file, missing);
    ck_assert_int_eq(rmdir(dir), 0);

    char *text = NULL;
    ck_assert_int_eq(terroir_model_write_yaml_file(NULL, path), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_write_yaml_file(m, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_write_yaml_buffer(NULL, NULL, m), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_model_write_yaml_buffer(&text, NULL, NULL), TERROIR_EINVAL);
    ck_assert_ptr_null(text);
    terroir_model_free(m);

    /* A string that is not UTF-8 cannot become YAML: EINVAL, nothing out. */
    OK(terroir_model_new(&m));
    add_product(m, "bad\xff", TERROIR_TEMPERATURE_AMBIENT);
    ck_assert_int_eq(terroir_model_write_yaml_buffer(&text, NULL, m), TERROIR_EINVAL);
    ck_assert_ptr_null(text);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "UTF-8"));
    terroir_model_free(m);
}
END_TEST

static Suite *yaml_write_suite(void)
{
    Suite *s = suite_create("yaml_write");
    TCase *tc = tcase_create("round_trip");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, writer_round_trips_a_model_with_every_feature);
    tcase_add_test(tc, writer_round_trips_planar_model_with_listed_arcs);
    tcase_add_test(tc, writer_round_trips_imported_models);
    tcase_add_test(tc, writer_quotes_strings_that_yaml_would_misread);
    tcase_add_test(tc, writer_writes_exact_numbers);
    tcase_add_test(tc, writer_handles_5000_sites);
    tcase_add_test(tc, writer_writes_files_and_reports_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(yaml_write_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
