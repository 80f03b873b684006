/* Unit tests of the model module, written from the contract in
 * include/terroir/model.h: spec initialisers, the builder (happy paths and
 * one error path per public function), validation (several problems at once,
 * read-only afterwards), accessors that give back what was added, the site
 * index space, distances (haversine with road factor, planar rounding rules,
 * explicit matrix), listed arcs, clone and equality, enum names.
 * Only public functions are called, so the suite also runs against the
 * shared library. */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/model.h>

/* ------------------------------------------------------------------ helpers */

/* Assert that `call` fails with `code` and leaves that code as last error. */
#define expect_error(call, want)                                                                   \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        ck_assert_msg(rc_ == (want), "%s returned %d, expected %d", #call, rc_, (int)(want));      \
        const terroir_error *e_ = terroir_error_last();                                            \
        ck_assert_msg(e_ != NULL, "%s failed without setting the last error", #call);              \
        ck_assert_int_eq(e_->code, (want));                                                        \
        ck_assert_ptr_nonnull(e_->message);                                                        \
        ck_assert_msg(e_->message[0] != '\0', "%s: empty error message", #call);                  \
    } while (0)

/* Assert that `call` succeeds and clears the last error. */
#define expect_ok(call)                                                                            \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        const terroir_error *e_ = terroir_error_last();                                            \
        ck_assert_msg(rc_ == 0, "%s returned %d (%s)", #call, rc_,                                 \
                      e_ ? e_->message : "no last error");                                         \
        ck_assert_msg(e_ == NULL, "%s succeeded but left a last error", #call);                    \
    } while (0)

#define ck_assert_double_near(a, b, tol)                                                           \
    ck_assert_msg(fabs((double)(a) - (double)(b)) <= (tol), "%s = %.12g, expected %.12g +- %g",    \
                  #a, (double)(a), (double)(b), (double)(tol))

static terroir_model *new_model(void)
{
    terroir_model *m = NULL;
    expect_ok(terroir_model_new(&m));
    ck_assert_ptr_nonnull(m);
    return m;
}

static terroir_location latlon(double lat, double lon)
{
    terroir_location l = {1, lat, lon, 0.0, 0.0};
    return l;
}

static terroir_location planar(double x, double y)
{
    terroir_location l = {1, 0.0, 0.0, x, y};
    return l;
}

static terroir_location nowhere(void)
{
    terroir_location l = {0, 0.0, 0.0, 0.0, 0.0};
    return l;
}

static size_t add_product(terroir_model *m, const char *id, terroir_temperature t)
{
    terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
    s.id = id;
    s.temperature = t;
    size_t i = (size_t)-1;
    expect_ok(terroir_model_add_product(m, &s, &i));
    return i;
}

static size_t add_producer(terroir_model *m, const char *id, terroir_location loc)
{
    terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
    s.id = id;
    s.location = loc;
    size_t i = (size_t)-1;
    expect_ok(terroir_model_add_producer(m, &s, &i));
    return i;
}

static size_t add_hub(terroir_model *m, const char *id, terroir_location loc)
{
    terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
    s.id = id;
    s.location = loc;
    size_t i = (size_t)-1;
    expect_ok(terroir_model_add_hub(m, &s, &i));
    return i;
}

static size_t add_point(terroir_model *m, const char *id, terroir_location loc)
{
    terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
    s.id = id;
    s.location = loc;
    size_t i = (size_t)-1;
    expect_ok(terroir_model_add_point(m, &s, &i));
    return i;
}

static size_t add_vehicle(terroir_model *m, const char *id, size_t hub)
{
    terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    s.id = id;
    s.home_hub = hub;
    size_t i = (size_t)-1;
    expect_ok(terroir_model_add_vehicle_type(m, &s, &i));
    return i;
}

static void set_settings(terroir_model *m, terroir_coordinates c, terroir_rounding r,
                         double road_factor, double speed)
{
    terroir_settings s = TERROIR_SETTINGS_INIT;
    s.coordinates = c;
    s.rounding = r;
    s.road_factor = road_factor;
    s.speed_kmh = speed;
    expect_ok(terroir_model_set_settings(m, &s));
}

/* A small valid lat/lon network in Montérégie: 2 products, 2 producers,
 * 1 hub, 2 points, 1 vehicle type, supplies, demands and windows. */
static terroir_model *small_network(void)
{
    terroir_model *m = new_model();
    size_t lettuce = add_product(m, "lettuce", TERROIR_TEMPERATURE_CHILLED);
    size_t potatoes = add_product(m, "potatoes", TERROIR_TEMPERATURE_AMBIENT);
    size_t remi = add_producer(m, "ferme-st-remi", latlon(45.2647, -73.6164));
    size_t hub = add_hub(m, "hub-st-hyacinthe", latlon(45.6307, -72.9568));
    size_t marieville = add_producer(m, "ferme-marieville", latlon(45.4340, -73.1653));
    size_t granby = add_point(m, "coop-granby", latlon(45.4000, -72.7333));
    size_t moisson = add_point(m, "moisson-rive-sud", latlon(45.5247, -73.4528));
    add_vehicle(m, "reefer", hub);
    expect_ok(terroir_model_add_supply(m, remi, lettuce, 400.0));
    expect_ok(terroir_model_add_supply(m, marieville, potatoes, 1200.0));
    expect_ok(terroir_model_add_demand(m, granby, lettuce, 80.0));
    expect_ok(terroir_model_add_demand(m, moisson, potatoes, 300.0));
    expect_ok(terroir_model_add_time_window(m, TERROIR_SITE_PRODUCER, remi, 420.0, 660.0));
    expect_ok(terroir_model_add_time_window(m, TERROIR_SITE_HUB, hub, 300.0, 1200.0));
    expect_ok(terroir_model_add_time_window(m, TERROIR_SITE_POINT, granby, 480.0, 960.0));
    return m;
}

/* Our own haversine, to check the library's to many digits. */
static double haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2.0 * r * asin(sqrt(h));
}

/* ------------------------------------------------------------------ names */

START_TEST(enum_names_follow_the_file_schema)
{
    ck_assert_str_eq(terroir_temperature_to_string(TERROIR_TEMPERATURE_AMBIENT), "ambient");
    ck_assert_str_eq(terroir_temperature_to_string(TERROIR_TEMPERATURE_CHILLED), "chilled");
    ck_assert_str_eq(terroir_temperature_to_string(TERROIR_TEMPERATURE_FROZEN), "frozen");
    ck_assert_str_eq(terroir_hub_status_to_string(TERROIR_HUB_OPEN), "open");
    ck_assert_str_eq(terroir_hub_status_to_string(TERROIR_HUB_CANDIDATE), "candidate");
    ck_assert_str_eq(terroir_hub_status_to_string(TERROIR_HUB_CLOSED), "closed");
    ck_assert_str_eq(terroir_point_kind_to_string(TERROIR_POINT_GROCERY), "grocery");
    ck_assert_str_eq(terroir_point_kind_to_string(TERROIR_POINT_FOOD_BANK), "food_bank");
    ck_assert_str_eq(terroir_point_kind_to_string(TERROIR_POINT_SCHOOL), "school");
    ck_assert_str_eq(terroir_point_kind_to_string(TERROIR_POINT_MARKET), "market");
    ck_assert_str_eq(terroir_point_kind_to_string(TERROIR_POINT_PICKUP), "pickup");
    ck_assert_str_eq(terroir_coordinates_to_string(TERROIR_COORDINATES_LATLON), "latlon");
    ck_assert_str_eq(terroir_coordinates_to_string(TERROIR_COORDINATES_PLANAR), "planar");
    ck_assert_str_eq(terroir_rounding_to_string(TERROIR_ROUNDING_NONE), "none");
    ck_assert_str_eq(terroir_rounding_to_string(TERROIR_ROUNDING_NEAREST), "nearest");
    ck_assert_str_eq(terroir_rounding_to_string(TERROIR_ROUNDING_TRUNCATE_1), "truncate_1");
    ck_assert_str_eq(terroir_rounding_to_string(TERROIR_ROUNDING_CEIL_100), "ceil_100");
    ck_assert_str_eq(terroir_arcs_to_string(TERROIR_ARCS_ALL), "all");
    ck_assert_str_eq(terroir_arcs_to_string(TERROIR_ARCS_LISTED), "listed");
    ck_assert_str_eq(terroir_dimension_to_string(TERROIR_DIMENSION_KG), "kg");
    ck_assert_str_eq(terroir_dimension_to_string(TERROIR_DIMENSION_M3), "m3");
    ck_assert_str_eq(terroir_dimension_to_string(TERROIR_DIMENSION_PALLETS), "pallets");
}
END_TEST

START_TEST(site_and_entity_names_are_distinct)
{
    const char *sites[] = {terroir_site_kind_to_string(TERROIR_SITE_PRODUCER),
                           terroir_site_kind_to_string(TERROIR_SITE_HUB),
                           terroir_site_kind_to_string(TERROIR_SITE_POINT)};
    for (int i = 0; i < 3; i++) {
        ck_assert_ptr_nonnull(sites[i]);
        ck_assert_str_ne(sites[i], "unknown");
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(sites[i], sites[j]);
    }
    const char *ents[5];
    for (int i = 0; i < 5; i++) {
        ents[i] = terroir_entity_to_string((terroir_entity)i);
        ck_assert_ptr_nonnull(ents[i]);
        ck_assert_str_ne(ents[i], "unknown");
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(ents[i], ents[j]);
    }
}
END_TEST

START_TEST(enum_names_of_out_of_range_values_are_unknown)
{
    ck_assert_str_eq(terroir_temperature_to_string((terroir_temperature)3), "unknown");
    ck_assert_str_eq(terroir_temperature_to_string((terroir_temperature)-1), "unknown");
    ck_assert_str_eq(terroir_hub_status_to_string((terroir_hub_status)3), "unknown");
    ck_assert_str_eq(terroir_point_kind_to_string((terroir_point_kind)5), "unknown");
    ck_assert_str_eq(terroir_site_kind_to_string((terroir_site_kind)3), "unknown");
    ck_assert_str_eq(terroir_entity_to_string((terroir_entity)6), "unknown");
    ck_assert_str_eq(terroir_coordinates_to_string((terroir_coordinates)2), "unknown");
    ck_assert_str_eq(terroir_rounding_to_string((terroir_rounding)4), "unknown");
    ck_assert_str_eq(terroir_arcs_to_string((terroir_arcs)2), "unknown");
    ck_assert_str_eq(terroir_dimension_to_string((terroir_dimension)3), "unknown");
    ck_assert_str_eq(terroir_dimension_to_string((terroir_dimension)1000), "unknown");
}
END_TEST

START_TEST(priority_penalty_halves_with_each_priority)
{
    ck_assert_double_near(terroir_priority_penalty(1), 40.0, 1e-12);
    ck_assert_double_near(terroir_priority_penalty(2), 20.0, 1e-12);
    ck_assert_double_near(terroir_priority_penalty(3), 10.0, 1e-12);
    ck_assert_double_near(terroir_priority_penalty(4), 5.0, 1e-12);
    ck_assert_double_near(terroir_priority_penalty(5), 2.5, 1e-12);
    ck_assert_double_near(terroir_priority_penalty(0), 0.0, 0.0);
    ck_assert_double_near(terroir_priority_penalty(6), 0.0, 0.0);
    ck_assert_double_near(terroir_priority_penalty(4000000000u), 0.0, 0.0);
}
END_TEST

/* ------------------------------------------------------------------ spec initialisers */

START_TEST(settings_init_matches_init_macro)
{
    terroir_settings want = TERROIR_SETTINGS_INIT;
    terroir_settings got;
    memset(&got, 0xAB, sizeof got);
    expect_ok(terroir_settings_init(&got, TERROIR_SETTINGS_VERSION));
    ck_assert_uint_eq(got.version, want.version);
    ck_assert_ptr_null(got.name);
    ck_assert_int_eq(got.coordinates, TERROIR_COORDINATES_LATLON);
    ck_assert_int_eq(got.rounding, TERROIR_ROUNDING_NONE);
    ck_assert_double_near(got.road_factor, 1.3, 0.0);
    ck_assert_double_near(got.speed_kmh, 60.0, 0.0);
    ck_assert_int_eq(got.arcs, TERROIR_ARCS_ALL);
    ck_assert_double_near(got.co2_price, 0.0, 0.0);
    ck_assert_uint_eq(got.operating_days, 1);
}
END_TEST

/* A version 1 caller has no operating_days: init, set and get must not
 * touch the bytes after co2_price, and the model keeps the default. */
START_TEST(settings_version_1_callers_keep_their_size)
{
    terroir_settings s;
    memset(&s, 0xAB, sizeof s);
    expect_ok(terroir_settings_init(&s, 1));
    ck_assert_uint_eq(s.version, 1);
    ck_assert_uint_eq(s.operating_days, 0xABABABABu);
    s.speed_kmh = 50;
    terroir_model *m = NULL;
    expect_ok(terroir_model_new(&m));
    expect_ok(terroir_model_set_settings(m, &s));
    terroir_settings v2 = TERROIR_SETTINGS_INIT;
    expect_ok(terroir_model_get_settings(m, &v2));
    ck_assert_uint_eq(v2.operating_days, 1);
    ck_assert_double_near(v2.speed_kmh, 50.0, 0.0);
    terroir_settings v1;
    memset(&v1, 0xCD, sizeof v1);
    v1.version = 1;
    expect_ok(terroir_model_get_settings(m, &v1));
    ck_assert_uint_eq(v1.operating_days, 0xCDCDCDCDu);
    v2.operating_days = 5;
    expect_ok(terroir_model_set_settings(m, &v2));
    v2.operating_days = 0;
    expect_error(terroir_model_set_settings(m, &v2), TERROIR_EINVAL);
    v2.operating_days = TERROIR_MAX_OPERATING_DAYS + 1;
    expect_error(terroir_model_set_settings(m, &v2), TERROIR_EINVAL);
    terroir_settings back = TERROIR_SETTINGS_INIT;
    expect_ok(terroir_model_get_settings(m, &back));
    ck_assert_uint_eq(back.operating_days, 5);
    terroir_model_free(m);
}
END_TEST

START_TEST(spec_inits_match_init_macros)
{
    terroir_product_spec p;
    memset(&p, 0xAB, sizeof p);
    expect_ok(terroir_product_spec_init(&p, TERROIR_PRODUCT_SPEC_VERSION));
    ck_assert_uint_eq(p.version, TERROIR_PRODUCT_SPEC_VERSION);
    ck_assert_ptr_null(p.id);
    ck_assert_ptr_null(p.name);
    ck_assert_ptr_null(p.unit);
    ck_assert_int_eq(p.temperature, TERROIR_TEMPERATURE_AMBIENT);
    ck_assert_double_near(p.shelf_life_hours, 0.0, 0.0);
    ck_assert_double_near(p.kg_per_unit, 1.0, 0.0);
    ck_assert_double_near(p.m3_per_unit, 0.0, 0.0);
    ck_assert_double_near(p.pallets_per_unit, 0.0, 0.0);

    terroir_producer_spec pr;
    memset(&pr, 0xAB, sizeof pr);
    expect_ok(terroir_producer_spec_init(&pr, TERROIR_PRODUCER_SPEC_VERSION));
    ck_assert_uint_eq(pr.version, TERROIR_PRODUCER_SPEC_VERSION);
    ck_assert_ptr_null(pr.id);
    ck_assert_int_eq(pr.location.has_location, 0);
    ck_assert_double_near(pr.service_minutes, 0.0, 0.0);
    ck_assert_double_near(pr.self_delivery_kg, 0.0, 0.0);
    ck_assert_int_eq(pr.direct_delivery, 0);

    terroir_hub_spec h;
    memset(&h, 0xAB, sizeof h);
    expect_ok(terroir_hub_spec_init(&h, TERROIR_HUB_SPEC_VERSION));
    ck_assert_uint_eq(h.version, TERROIR_HUB_SPEC_VERSION);
    ck_assert_int_eq(h.status, TERROIR_HUB_OPEN);
    ck_assert_ptr_null(h.capacity_kg); /* every class unlimited */
    ck_assert_uint_eq(h.n_temperatures, 0);
    ck_assert_double_near(h.fixed_cost, 0.0, 0.0);
    ck_assert_double_near(h.handling_cost_per_kg, 0.0, 0.0);
    ck_assert_uint_eq(h.member, TERROIR_NO_MEMBER);
    ck_assert_double_near(h.cross_dock_minutes, 30.0, 0.0);

    terroir_point_spec q;
    memset(&q, 0xAB, sizeof q);
    expect_ok(terroir_point_spec_init(&q, TERROIR_POINT_SPEC_VERSION));
    ck_assert_uint_eq(q.version, TERROIR_POINT_SPEC_VERSION);
    ck_assert_int_eq(q.kind, TERROIR_POINT_GROCERY);
    ck_assert_uint_eq(q.priority, 3);
    ck_assert_double_near(q.unserved_penalty_per_kg, TERROIR_UNLIMITED, 0.0);

    terroir_vehicle_type_spec v;
    memset(&v, 0xAB, sizeof v);
    expect_ok(terroir_vehicle_type_spec_init(&v, TERROIR_VEHICLE_TYPE_SPEC_VERSION));
    ck_assert_uint_eq(v.version, TERROIR_VEHICLE_TYPE_SPEC_VERSION);
    ck_assert_uint_eq(v.home_hub, 0);
    ck_assert_uint_eq(v.count, 1);
    ck_assert_ptr_null(v.capacity); /* every dimension unlimited */
    ck_assert_uint_eq(v.n_dimensions, 0);
    ck_assert_uint_eq(v.temperatures, 1u << TERROIR_TEMPERATURE_AMBIENT);
    ck_assert_double_near(v.cost_per_km, 1.0, 0.0);
    ck_assert_double_near(v.speed_kmh, 0.0, 0.0);
    ck_assert_double_near(v.max_duration_minutes, 0.0, 0.0);
    ck_assert_uint_eq(v.member, TERROIR_NO_MEMBER);
    ck_assert_uint_eq(v.trips_per_day, 1);
    ck_assert_double_near(v.loading_minutes, 0.0, 0.0);
}
END_TEST

START_TEST(spec_inits_reject_null_and_unknown_versions)
{
    terroir_settings s;
    terroir_product_spec p;
    terroir_producer_spec pr;
    terroir_hub_spec h;
    terroir_point_spec q;
    terroir_vehicle_type_spec v;
    expect_error(terroir_settings_init(NULL, TERROIR_SETTINGS_VERSION), TERROIR_EINVAL);
    expect_error(terroir_settings_init(&s, 0), TERROIR_EINVAL);
    expect_error(terroir_settings_init(&s, TERROIR_SETTINGS_VERSION + 1), TERROIR_EINVAL);
    expect_error(terroir_product_spec_init(NULL, TERROIR_PRODUCT_SPEC_VERSION), TERROIR_EINVAL);
    expect_error(terroir_product_spec_init(&p, 999), TERROIR_EINVAL);
    expect_error(terroir_producer_spec_init(NULL, TERROIR_PRODUCER_SPEC_VERSION),
                 TERROIR_EINVAL);
    expect_error(terroir_producer_spec_init(&pr, 0), TERROIR_EINVAL);
    expect_error(terroir_hub_spec_init(NULL, TERROIR_HUB_SPEC_VERSION), TERROIR_EINVAL);
    expect_error(terroir_hub_spec_init(&h, TERROIR_HUB_SPEC_VERSION + 1), TERROIR_EINVAL);
    expect_error(terroir_point_spec_init(NULL, TERROIR_POINT_SPEC_VERSION), TERROIR_EINVAL);
    expect_error(terroir_point_spec_init(&q, 0), TERROIR_EINVAL);
    expect_error(terroir_vehicle_type_spec_init(NULL, TERROIR_VEHICLE_TYPE_SPEC_VERSION),
                 TERROIR_EINVAL);
    expect_error(terroir_vehicle_type_spec_init(&v, 77), TERROIR_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------ new / free */

START_TEST(model_new_gives_an_empty_mutable_model)
{
    terroir_model *m = new_model();
    ck_assert_int_eq(terroir_model_is_validated(m), 0);
    for (int k = 0; k < 5; k++)
        ck_assert_uint_eq(terroir_model_count(m, (terroir_entity)k), 0);
    ck_assert_uint_eq(terroir_model_site_count(m), 0);
    ck_assert_uint_eq(terroir_model_matrix_size(m), 0);
    ck_assert_uint_eq(terroir_model_arc_count(m), 0);
    terroir_settings s = TERROIR_SETTINGS_INIT;
    expect_ok(terroir_model_get_settings(m, &s));
    ck_assert_int_eq(s.coordinates, TERROIR_COORDINATES_LATLON);
    ck_assert_double_near(s.road_factor, 1.3, 0.0);
    ck_assert_double_near(s.speed_kmh, 60.0, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(model_new_rejects_null_out)
{
    expect_error(terroir_model_new(NULL), TERROIR_EINVAL);
}
END_TEST

START_TEST(successful_call_clears_previous_error)
{
    expect_error(terroir_model_new(NULL), TERROIR_EINVAL);
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    ck_assert_ptr_null(terroir_error_last());
    terroir_model_free(m);
}
END_TEST

START_TEST(model_free_of_null_is_a_no_op)
{
    terroir_model_free(NULL);
    ck_assert_ptr_null(terroir_error_last());
}
END_TEST

START_TEST(null_model_reads_as_empty)
{
    ck_assert_uint_eq(terroir_model_count(NULL, TERROIR_ENTITY_HUB), 0);
    ck_assert_uint_eq(terroir_model_site_count(NULL), 0);
    ck_assert_uint_eq(terroir_model_matrix_size(NULL), 0);
    ck_assert_uint_eq(terroir_model_arc_count(NULL), 0);
    ck_assert_uint_eq(terroir_model_supply_count(NULL, 0), 0);
    ck_assert_uint_eq(terroir_model_demand_count(NULL, 0), 0);
    ck_assert_uint_eq(terroir_model_time_window_count(NULL, TERROIR_SITE_HUB, 0), 0);
    ck_assert_int_eq(terroir_model_is_validated(NULL), 0);
    ck_assert_ptr_null(terroir_model_site_id(NULL, 0));
    terroir_model *m = small_network();
    ck_assert_uint_eq(terroir_model_count(m, (terroir_entity)5), 0);
    ck_assert_uint_eq(terroir_model_count(m, (terroir_entity)-1), 0);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ settings */

START_TEST(settings_round_trip)
{
    terroir_model *m = new_model();
    char name[] = "Montérégie, default";
    terroir_settings s = TERROIR_SETTINGS_INIT;
    s.name = name;
    s.coordinates = TERROIR_COORDINATES_PLANAR;
    s.rounding = TERROIR_ROUNDING_TRUNCATE_1;
    s.road_factor = 1.0;
    s.speed_kmh = 72.5;
    s.arcs = TERROIR_ARCS_LISTED;
    s.co2_price = 0.065;
    expect_ok(terroir_model_set_settings(m, &s));
    memset(name, 'x', sizeof name - 1);
    terroir_settings got = TERROIR_SETTINGS_INIT;
    expect_ok(terroir_model_get_settings(m, &got));
    ck_assert_ptr_nonnull(got.name);
    ck_assert_str_eq(got.name, "Montérégie, default");
    ck_assert_int_eq(got.coordinates, TERROIR_COORDINATES_PLANAR);
    ck_assert_int_eq(got.rounding, TERROIR_ROUNDING_TRUNCATE_1);
    ck_assert_double_near(got.road_factor, 1.0, 0.0);
    ck_assert_double_near(got.speed_kmh, 72.5, 0.0);
    ck_assert_int_eq(got.arcs, TERROIR_ARCS_LISTED);
    ck_assert_double_near(got.co2_price, 0.065, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(set_settings_rejects_out_of_range_values)
{
    terroir_model *m = new_model();
    terroir_settings s = TERROIR_SETTINGS_INIT;
    expect_error(terroir_model_set_settings(NULL, &s), TERROIR_EINVAL);
    expect_error(terroir_model_set_settings(m, NULL), TERROIR_EINVAL);
    s.road_factor = 0.99;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.road_factor = NAN;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.road_factor = 1.3;
    s.speed_kmh = 0.0;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.speed_kmh = -60.0;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.speed_kmh = INFINITY;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.speed_kmh = 60.0;
    s.co2_price = NAN;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.co2_price = 0.0;
    s.coordinates = (terroir_coordinates)2;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.coordinates = TERROIR_COORDINATES_LATLON;
    s.rounding = (terroir_rounding)9;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.rounding = TERROIR_ROUNDING_NONE;
    s.arcs = (terroir_arcs)-3;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    s.arcs = TERROIR_ARCS_ALL;
    s.version = 0;
    expect_error(terroir_model_set_settings(m, &s), TERROIR_EINVAL);
    /* Unchanged after all these failures. */
    terroir_settings got = TERROIR_SETTINGS_INIT;
    expect_ok(terroir_model_get_settings(m, &got));
    ck_assert_double_near(got.road_factor, 1.3, 0.0);
    ck_assert_double_near(got.speed_kmh, 60.0, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(get_settings_rejects_null_and_unknown_version)
{
    terroir_model *m = new_model();
    terroir_settings s = TERROIR_SETTINGS_INIT;
    expect_error(terroir_model_get_settings(NULL, &s), TERROIR_EINVAL);
    expect_error(terroir_model_get_settings(m, NULL), TERROIR_EINVAL);
    s.version = 0;
    expect_error(terroir_model_get_settings(m, &s), TERROIR_EINVAL);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ products */

START_TEST(product_round_trip)
{
    terroir_model *m = new_model();
    char id[] = "frozen-berries";
    terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
    s.id = id;
    s.name = "Petits fruits surgelés";
    s.temperature = TERROIR_TEMPERATURE_FROZEN;
    s.shelf_life_hours = 4320.0;
    s.unit = "case";
    s.kg_per_unit = 5.5;
    s.m3_per_unit = 0.012;
    s.pallets_per_unit = 0.01;
    size_t idx = 99;
    expect_ok(terroir_model_add_product(m, &s, &idx));
    ck_assert_uint_eq(idx, 0);
    memset(id, 'z', sizeof id - 1); /* the library keeps its own copy */
    terroir_product_spec g = TERROIR_PRODUCT_SPEC_INIT;
    expect_ok(terroir_model_get_product(m, 0, &g));
    ck_assert_str_eq(g.id, "frozen-berries");
    ck_assert_str_eq(g.name, "Petits fruits surgelés");
    ck_assert_int_eq(g.temperature, TERROIR_TEMPERATURE_FROZEN);
    ck_assert_double_near(g.shelf_life_hours, 4320.0, 0.0);
    ck_assert_str_eq(g.unit, "case");
    ck_assert_double_near(g.kg_per_unit, 5.5, 0.0);
    ck_assert_double_near(g.m3_per_unit, 0.012, 0.0);
    ck_assert_double_near(g.pallets_per_unit, 0.01, 0.0);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 1);
    terroir_model_free(m);
}
END_TEST

START_TEST(product_defaults_name_to_id_and_unit_to_kg)
{
    terroir_model *m = new_model();
    add_product(m, "eggs", TERROIR_TEMPERATURE_CHILLED);
    size_t second = add_product(m, "apples", TERROIR_TEMPERATURE_AMBIENT);
    ck_assert_uint_eq(second, 1);
    terroir_product_spec g = TERROIR_PRODUCT_SPEC_INIT;
    expect_ok(terroir_model_get_product(m, 0, &g));
    ck_assert_str_eq(g.id, "eggs");
    ck_assert_str_eq(g.name, "eggs");
    ck_assert_str_eq(g.unit, "kg");
    ck_assert_double_near(g.kg_per_unit, 1.0, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_product_rejects_bad_specs)
{
    terroir_model *m = new_model();
    add_product(m, "eggs", TERROIR_TEMPERATURE_CHILLED);
    terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
    s.id = "milk";
    expect_error(terroir_model_add_product(NULL, &s, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_product(m, NULL, NULL), TERROIR_EINVAL);
    s.id = NULL;
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    s.id = "eggs";
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    s.id = "milk";
    s.shelf_life_hours = -1.0;
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    s.shelf_life_hours = 0.0;
    s.kg_per_unit = NAN;
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    s.kg_per_unit = 1.0;
    s.m3_per_unit = INFINITY;
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    s.m3_per_unit = 0.0;
    s.pallets_per_unit = -INFINITY;
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    s.pallets_per_unit = 0.0;
    s.temperature = (terroir_temperature)3;
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    s.temperature = TERROIR_TEMPERATURE_CHILLED;
    s.version = 0;
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    /* Nothing was added, and "milk" is still free. */
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 1);
    s.version = TERROIR_PRODUCT_SPEC_VERSION;
    size_t idx = 0;
    expect_ok(terroir_model_add_product(m, &s, &idx));
    ck_assert_uint_eq(idx, 1);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_product_rejects_empty_id)
{
    terroir_model *m = new_model();
    terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
    s.id = "";
    expect_error(terroir_model_add_product(m, &s, NULL), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 0);
    terroir_model_free(m);
}
END_TEST

START_TEST(get_product_of_bad_index_is_not_found)
{
    terroir_model *m = small_network();
    terroir_product_spec g = TERROIR_PRODUCT_SPEC_INIT;
    expect_error(terroir_model_get_product(m, 2, &g), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_product(m, (size_t)-1, &g), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_product(m, 0, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_get_product(NULL, 0, &g), TERROIR_EINVAL);
    g.version = 0;
    expect_error(terroir_model_get_product(m, 0, &g), TERROIR_EINVAL);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ producers */

START_TEST(producer_round_trip)
{
    terroir_model *m = new_model();
    terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
    s.id = "ferme-des-saules";
    s.name = "Ferme des Saules";
    s.location = latlon(45.30, -73.25);
    s.service_minutes = 15.0;
    s.self_delivery_kg = 500.0;
    s.self_delivery_km = 40.0;
    s.direct_delivery = 1;
    size_t idx = 99;
    expect_ok(terroir_model_add_producer(m, &s, &idx));
    ck_assert_uint_eq(idx, 0);
    terroir_producer_spec g = TERROIR_PRODUCER_SPEC_INIT;
    expect_ok(terroir_model_get_producer(m, 0, &g));
    ck_assert_str_eq(g.id, "ferme-des-saules");
    ck_assert_str_eq(g.name, "Ferme des Saules");
    ck_assert_int_eq(g.location.has_location, 1);
    ck_assert_double_near(g.location.lat, 45.30, 0.0);
    ck_assert_double_near(g.location.lon, -73.25, 0.0);
    ck_assert_double_near(g.service_minutes, 15.0, 0.0);
    ck_assert_double_near(g.self_delivery_kg, 500.0, 0.0);
    ck_assert_double_near(g.self_delivery_km, 40.0, 0.0);
    ck_assert_int_eq(g.direct_delivery, 1);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_producer_rejects_bad_specs)
{
    terroir_model *m = new_model();
    add_producer(m, "a", latlon(45.0, -73.0));
    terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
    s.id = "b";
    s.location = latlon(45.0, -73.0);
    expect_error(terroir_model_add_producer(NULL, &s, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_producer(m, NULL, NULL), TERROIR_EINVAL);
    s.id = NULL;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.id = "a";
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.id = "b";
    s.location.lat = 90.5;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.location.lat = -91.0;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.location.lat = NAN;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.location.lat = 45.0;
    s.location.lon = 180.01;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.location.lon = -181.0;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.location.lon = -73.0;
    s.service_minutes = -5.0;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.service_minutes = 0.0;
    s.self_delivery_kg = INFINITY;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    s.self_delivery_kg = 0.0;
    s.self_delivery_km = NAN;
    expect_error(terroir_model_add_producer(m, &s, NULL), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCER), 1);
    ck_assert_uint_eq(terroir_model_site_count(m), 1);
    /* The edges of the ranges are valid. */
    s.self_delivery_km = 0.0;
    s.location = latlon(90.0, -180.0);
    expect_ok(terroir_model_add_producer(m, &s, NULL));
    s.id = "c";
    s.location = latlon(-90.0, 180.0);
    expect_ok(terroir_model_add_producer(m, &s, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(get_producer_of_bad_index_is_not_found)
{
    terroir_model *m = small_network();
    terroir_producer_spec g = TERROIR_PRODUCER_SPEC_INIT;
    expect_error(terroir_model_get_producer(m, 2, &g), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_producer(m, 0, NULL), TERROIR_EINVAL);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ hubs */

START_TEST(hub_round_trip)
{
    terroir_model *m = new_model();
    terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
    s.id = "hub-granby";
    s.name = "Carrefour Granby";
    s.location = latlon(45.4000, -72.7333);
    s.status = TERROIR_HUB_CANDIDATE;
    s.fixed_cost = 1200.0;
    s.capacity_kg = (const double[]){20000.0, 8000.0, 0.0}; /* ambient, chilled, frozen */
    s.n_temperatures = TERROIR_TEMPERATURE_COUNT;
    s.handling_cost_per_kg = 0.05;
    expect_ok(terroir_model_add_hub(m, &s, NULL));
    terroir_hub_spec g = TERROIR_HUB_SPEC_INIT;
    expect_ok(terroir_model_get_hub(m, 0, &g));
    ck_assert_str_eq(g.id, "hub-granby");
    ck_assert_str_eq(g.name, "Carrefour Granby");
    ck_assert_double_near(g.location.lat, 45.4000, 0.0);
    ck_assert_double_near(g.location.lon, -72.7333, 0.0);
    ck_assert_int_eq(g.status, TERROIR_HUB_CANDIDATE);
    ck_assert_double_near(g.fixed_cost, 1200.0, 0.0);
    ck_assert_double_near(g.capacity_kg[0], 20000.0, 0.0);
    ck_assert_double_near(g.capacity_kg[1], 8000.0, 0.0);
    ck_assert_double_near(g.capacity_kg[2], 0.0, 0.0);
    ck_assert_double_near(g.handling_cost_per_kg, 0.05, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(hub_capacity_unlimited_round_trips)
{
    terroir_model *m = new_model();
    add_hub(m, "h", latlon(45.0, -73.0));
    terroir_hub_spec g = TERROIR_HUB_SPEC_INIT;
    expect_ok(terroir_model_get_hub(m, 0, &g));
    ck_assert_uint_eq(g.n_temperatures, TERROIR_TEMPERATURE_COUNT);
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        ck_assert_double_near(g.capacity_kg[t], TERROIR_UNLIMITED, 0.0);
    ck_assert_str_eq(g.name, "h");
    terroir_model_free(m);
}
END_TEST

START_TEST(add_hub_rejects_bad_specs)
{
    terroir_model *m = new_model();
    add_point(m, "taken", latlon(45.0, -73.0));
    terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
    s.id = "h";
    s.location = latlon(45.0, -73.0);
    expect_error(terroir_model_add_hub(NULL, &s, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_hub(m, NULL, NULL), TERROIR_EINVAL);
    s.id = "taken"; /* site ids are shared by producers, hubs and points */
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    s.id = "h";
    s.status = (terroir_hub_status)3;
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    s.status = TERROIR_HUB_CANDIDATE;
    s.fixed_cost = -1.0;
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    s.fixed_cost = NAN;
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    s.fixed_cost = 10.0;
    s.capacity_kg = (const double[]){TERROIR_UNLIMITED, TERROIR_UNLIMITED, -5.0};
    s.n_temperatures = 3;
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    s.capacity_kg = (const double[]){TERROIR_UNLIMITED, TERROIR_UNLIMITED, INFINITY};
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    /* More classes than the library knows. */
    s.capacity_kg = (const double[]){1, 2, 3, 4};
    s.n_temperatures = TERROIR_TEMPERATURE_COUNT + 1;
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    s.capacity_kg = NULL; /* whatever the count: every class unlimited */
    s.n_temperatures = 1;
    s.handling_cost_per_kg = -0.01;
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    s.handling_cost_per_kg = 0.0;
    s.location.lat = 100.0;
    expect_error(terroir_model_add_hub(m, &s, NULL), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 0);
    ck_assert_uint_eq(terroir_model_site_count(m), 1);
    /* The failed attempts did not reserve the id. */
    s.location.lat = 45.0;
    expect_ok(terroir_model_add_hub(m, &s, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(get_hub_of_bad_index_is_not_found)
{
    terroir_model *m = small_network();
    terroir_hub_spec g = TERROIR_HUB_SPEC_INIT;
    expect_error(terroir_model_get_hub(m, 1, &g), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_hub(NULL, 0, &g), TERROIR_EINVAL);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ points */

START_TEST(point_round_trip)
{
    terroir_model *m = new_model();
    terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
    s.id = "moisson-rive-sud";
    s.name = "Moisson Rive-Sud";
    s.location = latlon(45.5247, -73.4528);
    s.kind = TERROIR_POINT_FOOD_BANK;
    s.priority = 1;
    s.unserved_penalty_per_kg = 55.0;
    s.service_minutes = 10.0;
    expect_ok(terroir_model_add_point(m, &s, NULL));
    terroir_point_spec g = TERROIR_POINT_SPEC_INIT;
    expect_ok(terroir_model_get_point(m, 0, &g));
    ck_assert_str_eq(g.id, "moisson-rive-sud");
    ck_assert_str_eq(g.name, "Moisson Rive-Sud");
    ck_assert_int_eq(g.kind, TERROIR_POINT_FOOD_BANK);
    ck_assert_uint_eq(g.priority, 1);
    ck_assert_double_near(g.unserved_penalty_per_kg, 55.0, 0.0);
    ck_assert_double_near(g.service_minutes, 10.0, 0.0);
    ck_assert_double_near(g.location.lat, 45.5247, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(point_default_penalty_reads_back_unlimited)
{
    terroir_model *m = new_model();
    add_point(m, "school", latlon(45.0, -73.0));
    terroir_point_spec g = TERROIR_POINT_SPEC_INIT;
    g.unserved_penalty_per_kg = 1.0;
    expect_ok(terroir_model_get_point(m, 0, &g));
    ck_assert_double_near(g.unserved_penalty_per_kg, TERROIR_UNLIMITED, 0.0);
    ck_assert_uint_eq(g.priority, 3);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_point_rejects_bad_specs)
{
    terroir_model *m = new_model();
    add_producer(m, "taken", latlon(45.0, -73.0));
    terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
    s.id = "p";
    s.location = latlon(45.0, -73.0);
    expect_error(terroir_model_add_point(NULL, &s, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_point(m, NULL, NULL), TERROIR_EINVAL);
    s.id = "taken";
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    s.id = "p";
    s.kind = (terroir_point_kind)5;
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    s.kind = TERROIR_POINT_SCHOOL;
    s.priority = 0;
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    s.priority = 6;
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    s.priority = 2;
    s.unserved_penalty_per_kg = -7.0;
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    s.unserved_penalty_per_kg = NAN;
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    s.unserved_penalty_per_kg = TERROIR_UNLIMITED;
    s.service_minutes = -INFINITY;
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    s.service_minutes = 0.0;
    s.location.lon = 200.0;
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 0);
    s.location.lon = -73.0;
    expect_ok(terroir_model_add_point(m, &s, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(get_point_of_bad_index_is_not_found)
{
    terroir_model *m = small_network();
    terroir_point_spec g = TERROIR_POINT_SPEC_INIT;
    expect_error(terroir_model_get_point(m, 2, &g), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_point(m, 0, NULL), TERROIR_EINVAL);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ vehicle types */

START_TEST(vehicle_type_round_trip)
{
    terroir_model *m = new_model();
    add_hub(m, "h0", latlon(45.0, -73.0));
    add_hub(m, "h1", latlon(45.5, -72.9));
    terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    s.id = "reefer";
    s.name = "Camion réfrigéré";
    s.home_hub = 1;
    s.count = 2;
    s.capacity = (const double[]){6000.0, 30.0, 12.0}; /* kg, m3, pallets */
    s.n_dimensions = TERROIR_DIMENSION_COUNT;
    s.temperatures = (1u << TERROIR_TEMPERATURE_AMBIENT) | (1u << TERROIR_TEMPERATURE_CHILLED);
    s.fixed_cost = 150.0;
    s.cost_per_km = 0.9;
    s.cost_per_hour = 35.0;
    s.speed_kmh = 70.0;
    s.max_duration_minutes = 600.0;
    s.co2_kg_per_km = 0.35;
    size_t idx = 99;
    expect_ok(terroir_model_add_vehicle_type(m, &s, &idx));
    ck_assert_uint_eq(idx, 0);
    terroir_vehicle_type_spec g = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    expect_ok(terroir_model_get_vehicle_type(m, 0, &g));
    ck_assert_str_eq(g.id, "reefer");
    ck_assert_str_eq(g.name, "Camion réfrigéré");
    ck_assert_uint_eq(g.home_hub, 1);
    ck_assert_uint_eq(g.count, 2);
    ck_assert_double_near(g.capacity[0], 6000.0, 0.0);
    ck_assert_double_near(g.capacity[1], 30.0, 0.0);
    ck_assert_double_near(g.capacity[2], 12.0, 0.0);
    ck_assert_uint_eq(g.temperatures, 3u);
    ck_assert_double_near(g.fixed_cost, 150.0, 0.0);
    ck_assert_double_near(g.cost_per_km, 0.9, 0.0);
    ck_assert_double_near(g.cost_per_hour, 35.0, 0.0);
    ck_assert_double_near(g.speed_kmh, 70.0, 0.0);
    ck_assert_double_near(g.max_duration_minutes, 600.0, 0.0);
    ck_assert_double_near(g.co2_kg_per_km, 0.35, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_vehicle_type_rejects_bad_specs)
{
    terroir_model *m = new_model();
    terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    s.id = "truck";
    /* No hub yet: home hub 0 is unknown. */
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    add_hub(m, "h", latlon(45.0, -73.0));
    add_vehicle(m, "van", 0);
    expect_error(terroir_model_add_vehicle_type(NULL, &s, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_vehicle_type(m, NULL, NULL), TERROIR_EINVAL);
    s.home_hub = 1;
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    s.home_hub = 0;
    s.id = "van";
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    s.id = NULL;
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    s.id = "truck";
    s.capacity = (const double[]){-100.0}; /* kg */
    s.n_dimensions = 1;
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    s.capacity = (const double[]){3000.0}; /* kg */
    s.n_dimensions = 1;
    s.cost_per_km = NAN;
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    s.cost_per_km = 1.0;
    s.fixed_cost = -1.0;
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    s.fixed_cost = 0.0;
    s.speed_kmh = -30.0;
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    s.speed_kmh = 0.0;
    s.max_duration_minutes = INFINITY;
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    s.max_duration_minutes = 0.0;
    s.co2_kg_per_km = -0.2;
    expect_error(terroir_model_add_vehicle_type(m, &s, NULL), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE), 1);
    s.co2_kg_per_km = 0.2;
    expect_ok(terroir_model_add_vehicle_type(m, &s, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(get_vehicle_type_of_bad_index_is_not_found)
{
    terroir_model *m = small_network();
    terroir_vehicle_type_spec g = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    expect_error(terroir_model_get_vehicle_type(m, 1, &g), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_vehicle_type(m, 0, NULL), TERROIR_EINVAL);
    terroir_model_free(m);
}
END_TEST

START_TEST(products_sites_and_vehicles_have_separate_id_namespaces)
{
    terroir_model *m = new_model();
    add_product(m, "same", TERROIR_TEMPERATURE_AMBIENT);
    add_hub(m, "same", latlon(45.0, -73.0));
    add_vehicle(m, "same", 0);
    size_t i = 99;
    expect_ok(terroir_model_find(m, TERROIR_ENTITY_PRODUCT, "same", &i));
    ck_assert_uint_eq(i, 0);
    expect_ok(terroir_model_find(m, TERROIR_ENTITY_HUB, "same", &i));
    ck_assert_uint_eq(i, 0);
    expect_ok(terroir_model_find(m, TERROIR_ENTITY_VEHICLE_TYPE, "same", &i));
    ck_assert_uint_eq(i, 0);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ find */

START_TEST(find_gives_index_by_id_within_kind)
{
    terroir_model *m = small_network();
    size_t i = 99;
    expect_ok(terroir_model_find(m, TERROIR_ENTITY_PRODUCER, "ferme-marieville", &i));
    ck_assert_uint_eq(i, 1);
    expect_ok(terroir_model_find(m, TERROIR_ENTITY_POINT, "moisson-rive-sud", &i));
    ck_assert_uint_eq(i, 1);
    expect_ok(terroir_model_find(m, TERROIR_ENTITY_PRODUCT, "potatoes", &i));
    ck_assert_uint_eq(i, 1);
    /* A site id looked up under another kind is not found. */
    i = 77;
    expect_error(terroir_model_find(m, TERROIR_ENTITY_HUB, "ferme-marieville", &i),
                 TERROIR_ENOTFOUND);
    ck_assert_uint_eq(i, 77);
    expect_error(terroir_model_find(m, TERROIR_ENTITY_PRODUCT, "lettuc", &i),
                 TERROIR_ENOTFOUND);
    expect_error(terroir_model_find(m, TERROIR_ENTITY_PRODUCT, NULL, &i), TERROIR_EINVAL);
    expect_error(terroir_model_find(NULL, TERROIR_ENTITY_PRODUCT, "lettuce", &i),
                 TERROIR_EINVAL);
    terroir_model_free(m);
}
END_TEST

START_TEST(counts_follow_additions_per_kind)
{
    terroir_model *m = small_network();
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 2);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCER), 2);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 1);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 2);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE), 1);
    ck_assert_uint_eq(terroir_model_site_count(m), 5);
    terroir_model_free(m);
}
END_TEST

START_TEST(find_is_fast_on_five_thousand_sites)
{
    terroir_model *m = new_model();
    char id[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof id, "farm-%d", i);
        terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
        s.id = id;
        s.location = latlon(45.0 + i * 1e-4, -73.0);
        ck_assert_int_eq(terroir_model_add_producer(m, &s, NULL), 0);
    }
    for (int i = 0; i < 5000; i += 7) {
        snprintf(id, sizeof id, "farm-%d", i);
        size_t k = 0;
        ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_PRODUCER, id, &k), 0);
        ck_assert_uint_eq(k, (size_t)i);
    }
    ck_assert_uint_eq(terroir_model_site_count(m), 5000);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ supply, demand */

START_TEST(supply_lines_keep_order_and_sum_repeats)
{
    terroir_model *m = small_network();
    size_t eggs = add_product(m, "eggs", TERROIR_TEMPERATURE_CHILLED);
    expect_ok(terroir_model_add_supply(m, 0, eggs, 120.0));
    expect_ok(terroir_model_add_supply(m, 0, 0, 50.5)); /* lettuce again */
    expect_ok(terroir_model_add_supply(m, 0, eggs, 0.0));
    ck_assert_uint_eq(terroir_model_supply_count(m, 0), 2);
    size_t product = 99;
    double q = -1.0;
    expect_ok(terroir_model_get_supply(m, 0, 0, &product, &q));
    ck_assert_uint_eq(product, 0);
    ck_assert_double_near(q, 450.5, 1e-9);
    expect_ok(terroir_model_get_supply(m, 0, 1, &product, &q));
    ck_assert_uint_eq(product, eggs);
    ck_assert_double_near(q, 120.0, 1e-9);
    ck_assert_uint_eq(terroir_model_supply_count(m, 1), 1);
    ck_assert_uint_eq(terroir_model_supply_count(m, 2), 0);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_supply_rejects_bad_index_and_quantity)
{
    terroir_model *m = small_network();
    expect_error(terroir_model_add_supply(m, 2, 0, 1.0), TERROIR_ENOTFOUND);
    expect_error(terroir_model_add_supply(m, 0, 2, 1.0), TERROIR_ENOTFOUND);
    expect_error(terroir_model_add_supply(m, 0, 0, -1.0), TERROIR_EINVAL);
    expect_error(terroir_model_add_supply(m, 0, 0, NAN), TERROIR_EINVAL);
    expect_error(terroir_model_add_supply(m, 0, 0, INFINITY), TERROIR_EINVAL);
    expect_error(terroir_model_add_supply(m, 0, 0, -INFINITY), TERROIR_EINVAL);
    expect_error(terroir_model_add_supply(NULL, 0, 0, 1.0), TERROIR_EINVAL);
    size_t product;
    double q = 0.0;
    expect_ok(terroir_model_get_supply(m, 0, 0, &product, &q));
    ck_assert_double_near(q, 400.0, 0.0);
    ck_assert_uint_eq(terroir_model_supply_count(m, 0), 1);
    terroir_model_free(m);
}
END_TEST

START_TEST(get_supply_of_bad_index_is_not_found)
{
    terroir_model *m = small_network();
    size_t product;
    double q;
    expect_error(terroir_model_get_supply(m, 0, 1, &product, &q), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_supply(m, 5, 0, &product, &q), TERROIR_ENOTFOUND);
    terroir_model_free(m);
}
END_TEST

START_TEST(demand_lines_round_trip)
{
    terroir_model *m = small_network();
    expect_ok(terroir_model_add_demand(m, 0, 1, 25.0));
    expect_ok(terroir_model_add_demand(m, 0, 0, 20.0));
    ck_assert_uint_eq(terroir_model_demand_count(m, 0), 2);
    size_t product = 99;
    double q = -1.0;
    expect_ok(terroir_model_get_demand(m, 0, 0, &product, &q));
    ck_assert_uint_eq(product, 0);
    ck_assert_double_near(q, 100.0, 1e-9);
    expect_ok(terroir_model_get_demand(m, 0, 1, &product, &q));
    ck_assert_uint_eq(product, 1);
    ck_assert_double_near(q, 25.0, 1e-9);
    expect_ok(terroir_model_get_demand(m, 1, 0, &product, &q));
    ck_assert_uint_eq(product, 1);
    ck_assert_double_near(q, 300.0, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_demand_rejects_bad_index_and_quantity)
{
    terroir_model *m = small_network();
    expect_error(terroir_model_add_demand(m, 2, 0, 1.0), TERROIR_ENOTFOUND);
    expect_error(terroir_model_add_demand(m, 0, 9, 1.0), TERROIR_ENOTFOUND);
    expect_error(terroir_model_add_demand(m, 0, 0, -0.5), TERROIR_EINVAL);
    expect_error(terroir_model_add_demand(m, 0, 0, NAN), TERROIR_EINVAL);
    expect_error(terroir_model_add_demand(m, 0, 0, INFINITY), TERROIR_EINVAL);
    expect_error(terroir_model_add_demand(NULL, 0, 0, 1.0), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_demand_count(m, 0), 1);
    size_t product;
    double q;
    expect_error(terroir_model_get_demand(m, 0, 1, &product, &q), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_demand(m, 2, 0, &product, &q), TERROIR_ENOTFOUND);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ time windows */

START_TEST(time_windows_round_trip_in_order)
{
    terroir_model *m = small_network();
    expect_ok(terroir_model_add_time_window(m, TERROIR_SITE_POINT, 0, 1440.0 + 480.0,
                                            1440.0 + 720.0));
    expect_ok(terroir_model_add_time_window(m, TERROIR_SITE_POINT, 1, 600.0, 600.0));
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_POINT, 0), 2);
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_POINT, 1), 1);
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_PRODUCER, 1), 0);
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_HUB, 0), 1);
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_HUB, 7), 0);
    double open = -1, close = -1;
    expect_ok(terroir_model_get_time_window(m, TERROIR_SITE_POINT, 0, 0, &open, &close));
    ck_assert_double_near(open, 480.0, 0.0);
    ck_assert_double_near(close, 960.0, 0.0);
    expect_ok(terroir_model_get_time_window(m, TERROIR_SITE_POINT, 0, 1, &open, &close));
    ck_assert_double_near(open, 1920.0, 0.0);
    ck_assert_double_near(close, 2160.0, 0.0);
    expect_ok(terroir_model_get_time_window(m, TERROIR_SITE_PRODUCER, 0, 0, &open, &close));
    ck_assert_double_near(open, 420.0, 0.0);
    ck_assert_double_near(close, 660.0, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_time_window_rejects_reversed_negative_and_bad_site)
{
    terroir_model *m = small_network();
    expect_error(terroir_model_add_time_window(m, TERROIR_SITE_POINT, 0, 600.0, 599.0),
                 TERROIR_EINVAL);
    expect_error(terroir_model_add_time_window(m, TERROIR_SITE_POINT, 0, -10.0, 60.0),
                 TERROIR_EINVAL);
    expect_error(terroir_model_add_time_window(m, TERROIR_SITE_POINT, 0, 0.0, INFINITY),
                 TERROIR_EINVAL);
    expect_error(terroir_model_add_time_window(m, TERROIR_SITE_POINT, 0, NAN, 60.0),
                 TERROIR_EINVAL);
    expect_error(terroir_model_add_time_window(m, TERROIR_SITE_POINT, 2, 0.0, 60.0),
                 TERROIR_ENOTFOUND);
    expect_error(terroir_model_add_time_window(m, TERROIR_SITE_HUB, 1, 0.0, 60.0),
                 TERROIR_ENOTFOUND);
    /* An out-of-range kind is a misuse (EINVAL) or names no site (ENOTFOUND). */
    int rc = terroir_model_add_time_window(m, (terroir_site_kind)3, 0, 0.0, 60.0);
    ck_assert_msg(rc == TERROIR_EINVAL || rc == TERROIR_ENOTFOUND, "rc = %d", rc);
    expect_error(terroir_model_add_time_window(NULL, TERROIR_SITE_HUB, 0, 0.0, 60.0),
                 TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_POINT, 0), 1);
    double open, close;
    expect_error(terroir_model_get_time_window(m, TERROIR_SITE_POINT, 0, 1, &open, &close),
                 TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_time_window(m, TERROIR_SITE_HUB, 3, 0, &open, &close),
                 TERROIR_ENOTFOUND);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ site index space */

START_TEST(sites_share_one_index_space_in_order_of_addition)
{
    /* small_network adds: producer, hub, producer, point, point. */
    terroir_model *m = small_network();
    ck_assert_uint_eq(terroir_model_site_count(m), 5);
    const terroir_site_kind kinds[] = {TERROIR_SITE_PRODUCER, TERROIR_SITE_HUB,
                                       TERROIR_SITE_PRODUCER, TERROIR_SITE_POINT,
                                       TERROIR_SITE_POINT};
    const size_t indices[] = {0, 0, 1, 0, 1};
    const char *ids[] = {"ferme-st-remi", "hub-st-hyacinthe", "ferme-marieville", "coop-granby",
                         "moisson-rive-sud"};
    for (size_t s = 0; s < 5; s++) {
        terroir_site_kind kind = (terroir_site_kind)99;
        size_t index = 99, back = 99;
        expect_ok(terroir_model_get_site(m, s, &kind, &index));
        ck_assert_int_eq(kind, kinds[s]);
        ck_assert_uint_eq(index, indices[s]);
        expect_ok(terroir_model_site_index(m, kind, index, &back));
        ck_assert_uint_eq(back, s);
        ck_assert_ptr_nonnull(terroir_model_site_id(m, s));
        ck_assert_str_eq(terroir_model_site_id(m, s), ids[s]);
    }
    terroir_model_free(m);
}
END_TEST

START_TEST(site_functions_reject_bad_indices)
{
    terroir_model *m = small_network();
    terroir_site_kind kind;
    size_t index, site;
    expect_error(terroir_model_get_site(m, 5, &kind, &index), TERROIR_ENOTFOUND);
    expect_error(terroir_model_site_index(m, TERROIR_SITE_HUB, 1, &site), TERROIR_ENOTFOUND);
    expect_error(terroir_model_site_index(m, TERROIR_SITE_POINT, 2, &site), TERROIR_ENOTFOUND);
    int rc = terroir_model_site_index(m, (terroir_site_kind)4, 0, &site);
    ck_assert_msg(rc == TERROIR_EINVAL || rc == TERROIR_ENOTFOUND, "rc = %d", rc);
    expect_error(terroir_model_get_site(NULL, 0, &kind, &index), TERROIR_EINVAL);
    ck_assert_ptr_null(terroir_model_site_id(m, 5));
    ck_assert_ptr_null(terroir_model_site_id(m, (size_t)-1));
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ distances */

START_TEST(distance_montreal_quebec_is_great_circle_times_road_factor)
{
    terroir_model *m = new_model();
    set_settings(m, TERROIR_COORDINATES_LATLON, TERROIR_ROUNDING_NONE, 1.0, 60.0);
    add_hub(m, "montreal", latlon(45.5017, -73.5673));
    add_point(m, "quebec", latlon(46.8139, -71.2080));
    double km = 0, minutes = 0;
    expect_ok(terroir_model_distance(m, 0, 1, &km, &minutes));
    /* Great circle Montréal–Québec: about 233 km (Earth radius 6371.0088 km). */
    ck_assert_double_near(km, 233.029, 0.01);
    ck_assert_double_near(km, haversine_km(45.5017, -73.5673, 46.8139, -71.2080), 1e-6);
    ck_assert_double_near(minutes, km, 1e-6); /* 60 km/h */
    terroir_model_free(m);

    /* Default road factor 1.3 and a speed of 90 km/h. */
    m = new_model();
    set_settings(m, TERROIR_COORDINATES_LATLON, TERROIR_ROUNDING_NONE, 1.3, 90.0);
    add_hub(m, "montreal", latlon(45.5017, -73.5673));
    add_point(m, "quebec", latlon(46.8139, -71.2080));
    expect_ok(terroir_model_distance(m, 1, 0, &km, &minutes));
    ck_assert_double_near(km, 1.3 * 233.029, 0.013);
    ck_assert_double_near(minutes, km / 90.0 * 60.0, 1e-6);
    terroir_model_free(m);
}
END_TEST

START_TEST(distance_is_symmetric_and_zero_to_itself)
{
    terroir_model *m = small_network();
    for (size_t a = 0; a < 5; a++) {
        double self = -1.0;
        expect_ok(terroir_model_distance(m, a, a, &self, NULL));
        ck_assert_double_near(self, 0.0, 1e-12);
        for (size_t b = 0; b < a; b++) {
            double ab, ba;
            expect_ok(terroir_model_distance(m, a, b, &ab, NULL));
            expect_ok(terroir_model_distance(m, b, a, &ba, NULL));
            ck_assert_double_near(ab, ba, 1e-9);
            ck_assert(ab > 0.0);
        }
    }
    /* Either out pointer may be NULL. */
    expect_ok(terroir_model_distance(m, 0, 1, NULL, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(distance_rejects_bad_sites_and_missing_locations)
{
    terroir_model *m = small_network();
    double km;
    expect_error(terroir_model_distance(m, 0, 5, &km, NULL), TERROIR_ENOTFOUND);
    expect_error(terroir_model_distance(m, 9, 0, &km, NULL), TERROIR_ENOTFOUND);
    expect_error(terroir_model_distance(NULL, 0, 1, &km, NULL), TERROIR_EINVAL);
    add_point(m, "nowhere", nowhere());
    expect_error(terroir_model_distance(m, 0, 5, &km, NULL), TERROIR_EINPUT);
    terroir_model_free(m);
}
END_TEST

/* Distance between planar points (0,0) and (x,y) under a rounding rule. */
static double planar_distance(terroir_rounding r, double x, double y, double *minutes)
{
    terroir_model *m = new_model();
    set_settings(m, TERROIR_COORDINATES_PLANAR, r, 1.3, 60.0);
    add_hub(m, "depot", planar(0.0, 0.0));
    add_point(m, "c1", planar(x, y));
    double km = -1.0;
    expect_ok(terroir_model_distance(m, 0, 1, &km, minutes));
    terroir_model_free(m);
    return km;
}

START_TEST(planar_distance_is_euclidean_without_road_factor)
{
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NONE, 3.0, 4.0, NULL), 5.0, 1e-12);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NONE, 2.0, 2.0, NULL), sqrt(8.0),
                          1e-12);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NONE, -1e5, 2.5e4, NULL),
                          sqrt(1e10 + 6.25e8), 1e-6);
}
END_TEST

START_TEST(planar_nearest_rounding_is_tsplib_nint)
{
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NEAREST, 2.0, 2.0, NULL), 3.0, 0.0);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NEAREST, 6.0, 1.0, NULL), 6.0, 0.0);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NEAREST, 1.0, 1.0, NULL), 1.0, 0.0);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NEAREST, 0.0, 2.5, NULL), 3.0, 0.0);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NEAREST, 3.0, 4.0, NULL), 5.0, 0.0);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_NEAREST, 0.2, 0.2, NULL), 0.0, 0.0);
}
END_TEST

START_TEST(planar_truncate_1_keeps_one_decimal_rounded_down)
{
    double minutes = -1.0;
    double km = planar_distance(TERROIR_ROUNDING_TRUNCATE_1, 2.0, 2.0, &minutes);
    ck_assert_double_near(km, 2.8, 1e-9);
    /* Travel time derives from the rounded distance: 60 km/h -> minutes = km. */
    ck_assert_double_near(minutes, 2.8, 1e-9);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_TRUNCATE_1, 6.0, 1.0, NULL), 6.0,
                          1e-9);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_TRUNCATE_1, 1.0, 1.0, NULL), 1.4,
                          1e-9);
    /* sqrt(0.9801 + 0) = 0.99: truncated to 0.9, not rounded to 1.0. */
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_TRUNCATE_1, 0.99, 0.0, NULL), 0.9,
                          1e-9);
    ck_assert_double_near(planar_distance(TERROIR_ROUNDING_TRUNCATE_1, 3.0, 4.0, NULL), 5.0,
                          1e-9);
}
END_TEST

START_TEST(planar_ceil_100_rounds_hundredths_up_but_keeps_exact_integers)
{
    double minutes = -1.0;
    /* 5 exactly: 500, not 501. */
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 3.0, 4.0, &minutes), 500.0);
    ck_assert_double_near(minutes, 500.0, 1e-9); /* 60 km/h: minutes = distance */
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 2.0, 2.0, NULL), 283.0);
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 0.0, 0.0, NULL), 0.0);
    /* Decimal coordinates: 100 * 1.1 is 110.00000000000001 in doubles, and
     * 1.1^2 + 0 is not an integer; still 110, not 111.  Same for 2.3 (just
     * below 230 in doubles) and a decimal 3-4-5 triangle. */
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 1.1, 0.0, NULL), 110.0);
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 0.0, 2.3, NULL), 230.0);
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 0.3, 0.4, NULL), 50.0);
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 0.001, 0.0, NULL), 1.0);
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 1.001, 0.0, NULL), 101.0);
    /* Every integer offset up to 60 x 60 against exact integer arithmetic:
     * the smallest k with k^2 >= 10000 (dx^2 + dy^2). */
    for (long long dx = 0; dx <= 60; dx++) {
        for (long long dy = 0; dy <= 60; dy++) {
            long long t = 10000 * (dx * dx + dy * dy), k = 0;
            while (k * k < t)
                k++;
            double got = planar_distance(TERROIR_ROUNDING_CEIL_100, (double)dx, (double)dy, NULL);
            ck_assert_msg(got == (double)k, "(%lld, %lld): %.17g, expected %lld", dx, dy, got, k);
        }
    }
    /* Large integer coordinates, where a relative slack would be too coarse:
     * sqrt(10000 * (10^12 + 1)) = 10^8 + 5e-5 rounds up to 10^8 + 1. */
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 1e6, 1.0, NULL), 1e8 + 1);
    ck_assert_double_eq(planar_distance(TERROIR_ROUNDING_CEIL_100, 3e6, 4e6, NULL), 5e8);
}
END_TEST

START_TEST(planar_model_accepts_coordinates_beyond_lat_lon_ranges)
{
    terroir_model *m = new_model();
    set_settings(m, TERROIR_COORDINATES_PLANAR, TERROIR_ROUNDING_NONE, 1.0, 60.0);
    terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
    s.id = "far";
    s.location = planar(1000.0, -500.0);
    expect_ok(terroir_model_add_point(m, &s, NULL));
    s.id = "nan";
    s.location = planar(NAN, 0.0);
    expect_error(terroir_model_add_point(m, &s, NULL), TERROIR_EINVAL);
    terroir_point_spec g = TERROIR_POINT_SPEC_INIT;
    expect_ok(terroir_model_get_point(m, 0, &g));
    ck_assert_double_near(g.location.x, 1000.0, 0.0);
    ck_assert_double_near(g.location.y, -500.0, 0.0);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ matrix */

START_TEST(matrix_overrides_computed_distances_for_covered_pairs)
{
    terroir_model *m = small_network();
    double computed_01 = 0.0, computed_20 = 0.0;
    expect_ok(terroir_model_distance(m, 0, 1, &computed_01, NULL));
    expect_ok(terroir_model_distance(m, 2, 0, &computed_20, NULL));
    size_t sites[] = {2, 0};
    double km[] = {0.0, 10.0, 12.0, 0.0};
    expect_ok(terroir_model_set_matrix(m, 2, sites, km, NULL));
    /* The arrays were copied. */
    km[1] = 99.0;
    sites[0] = 4;
    double d = -1.0, minutes = -1.0;
    expect_ok(terroir_model_distance(m, 2, 0, &d, &minutes));
    ck_assert_double_near(d, 10.0, 0.0);
    ck_assert_double_near(minutes, 10.0, 1e-9); /* derived at 60 km/h */
    expect_ok(terroir_model_distance(m, 0, 2, &d, NULL));
    ck_assert_double_near(d, 12.0, 0.0);
    ck_assert(fabs(d - computed_20) > 1.0);
    /* Pairs outside the matrix are still computed. */
    expect_ok(terroir_model_distance(m, 0, 1, &d, NULL));
    ck_assert_double_near(d, computed_01, 1e-9);
    ck_assert_uint_eq(terroir_model_matrix_size(m), 2);
    const size_t *s_out = NULL;
    const double *km_out = NULL, *min_out = (const double *)1;
    expect_ok(terroir_model_get_matrix(m, &s_out, &km_out, &min_out));
    ck_assert_ptr_nonnull(s_out);
    ck_assert_ptr_nonnull(km_out);
    ck_assert_ptr_null(min_out);
    ck_assert_uint_eq(s_out[0], 2);
    ck_assert_uint_eq(s_out[1], 0);
    ck_assert_double_near(km_out[1], 10.0, 0.0);
    ck_assert_double_near(km_out[2], 12.0, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(matrix_minutes_and_values_are_not_rounded)
{
    terroir_model *m = new_model();
    set_settings(m, TERROIR_COORDINATES_PLANAR, TERROIR_ROUNDING_NEAREST, 1.0, 60.0);
    add_product(m, "demand", TERROIR_TEMPERATURE_AMBIENT);
    add_hub(m, "depot", planar(0.0, 0.0));
    add_point(m, "c1", planar(2.0, 2.0));
    add_point(m, "c2", nowhere());
    size_t sites[] = {0, 1, 2};
    double km[] = {0.0, 2.7, 4.25, 2.7, 0.0, 1.5, 4.25, 1.5, 0.0};
    double minutes[] = {0.0, 7.0, 9.0, 7.5, 0.0, 3.0, 9.5, 3.0, 0.0};
    expect_ok(terroir_model_set_matrix(m, 3, sites, km, minutes));
    double d = 0.0, t = 0.0;
    expect_ok(terroir_model_distance(m, 0, 1, &d, &t));
    ck_assert_double_near(d, 2.7, 0.0);
    ck_assert_double_near(t, 7.0, 0.0);
    expect_ok(terroir_model_distance(m, 1, 0, &d, &t));
    ck_assert_double_near(t, 7.5, 0.0);
    /* A site without location is reachable through the matrix. */
    expect_ok(terroir_model_distance(m, 2, 1, &d, &t));
    ck_assert_double_near(d, 1.5, 0.0);
    const size_t *s_out;
    const double *km_out, *min_out = NULL;
    expect_ok(terroir_model_get_matrix(m, &s_out, &km_out, &min_out));
    ck_assert_ptr_nonnull(min_out);
    ck_assert_double_near(min_out[3], 7.5, 0.0);
    expect_ok(terroir_model_validate(m, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(get_matrix_rejects_null_model)
{
    const size_t *sites = NULL;
    const double *km = NULL, *minutes = NULL;
    expect_error(terroir_model_get_matrix(NULL, &sites, &km, &minutes), TERROIR_EINVAL);
    ck_assert_ptr_null(sites);
    ck_assert_ptr_null(km);
}
END_TEST

START_TEST(set_matrix_rejects_bad_values_and_sites)
{
    terroir_model *m = small_network();
    size_t sites[] = {0, 1};
    double km[] = {0.0, 1.0, 1.0, 0.0};
    double bad_km[] = {0.0, -1.0, 1.0, 0.0};
    double nan_km[] = {0.0, NAN, 1.0, 0.0};
    double inf_min[] = {0.0, 1.0, INFINITY, 0.0};
    expect_error(terroir_model_set_matrix(NULL, 2, sites, km, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_set_matrix(m, 2, NULL, km, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_set_matrix(m, 2, sites, NULL, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_set_matrix(m, 2, sites, bad_km, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_set_matrix(m, 2, sites, nan_km, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_set_matrix(m, 2, sites, km, inf_min), TERROIR_EINVAL);
    size_t unknown[] = {0, 5};
    int rc = terroir_model_set_matrix(m, 2, unknown, km, NULL);
    ck_assert_msg(rc == TERROIR_ENOTFOUND || rc == TERROIR_EINVAL, "rc = %d", rc);
    size_t twice[] = {1, 1};
    rc = terroir_model_set_matrix(m, 2, twice, km, NULL);
    ck_assert_msg(rc == TERROIR_EINVAL, "a site listed twice gave rc = %d", rc);
    ck_assert_uint_eq(terroir_model_matrix_size(m), 0);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ arcs */

START_TEST(listed_arcs_round_trip)
{
    terroir_model *m = new_model();
    terroir_settings s = TERROIR_SETTINGS_INIT;
    s.arcs = TERROIR_ARCS_LISTED;
    expect_ok(terroir_model_set_settings(m, &s));
    add_product(m, "demand", TERROIR_TEMPERATURE_AMBIENT);
    add_producer(m, "supply", nowhere());
    add_hub(m, "w1", nowhere());
    add_point(m, "c1", nowhere());
    expect_ok(terroir_model_add_arc(m, 0, 1, 0.0, -1.0));
    expect_ok(terroir_model_add_arc(m, 1, 2, 0.125, 12.5));
    ck_assert_uint_eq(terroir_model_arc_count(m), 2);
    size_t from = 9, to = 9;
    double cost = -9, km = -9;
    expect_ok(terroir_model_get_arc(m, 1, &from, &to, &cost, &km));
    ck_assert_uint_eq(from, 1);
    ck_assert_uint_eq(to, 2);
    ck_assert_double_near(cost, 0.125, 0.0);
    ck_assert_double_near(km, 12.5, 0.0);
    expect_ok(terroir_model_get_arc(m, 0, &from, &to, &cost, &km));
    ck_assert(km < 0.0);
    expect_error(terroir_model_get_arc(m, 2, &from, &to, &cost, &km), TERROIR_ENOTFOUND);
    expect_error(terroir_model_get_arc(NULL, 0, &from, &to, &cost, &km), TERROIR_EINVAL);
    expect_ok(terroir_model_add_supply(m, 0, 0, 10.0));
    expect_ok(terroir_model_add_demand(m, 0, 0, 10.0));
    /* Sites of a listed-arcs model need no location. */
    expect_ok(terroir_model_validate(m, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(add_arc_rejects_bad_sites_and_costs)
{
    terroir_model *m = small_network();
    expect_error(terroir_model_add_arc(m, 0, 5, 1.0, 1.0), TERROIR_ENOTFOUND);
    expect_error(terroir_model_add_arc(m, 7, 0, 1.0, 1.0), TERROIR_ENOTFOUND);
    expect_error(terroir_model_add_arc(m, 0, 1, NAN, 1.0), TERROIR_EINVAL);
    expect_error(terroir_model_add_arc(m, 0, 1, INFINITY, 1.0), TERROIR_EINVAL);
    expect_error(terroir_model_add_arc(m, 0, 1, 1.0, INFINITY), TERROIR_EINVAL);
    expect_error(terroir_model_add_arc(m, 0, 1, 1.0, NAN), TERROIR_EINVAL);
    expect_error(terroir_model_add_arc(NULL, 0, 1, 1.0, 1.0), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_arc_count(m), 0);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ validation */

START_TEST(validate_accepts_a_good_model_and_makes_it_read_only)
{
    terroir_model *m = small_network();
    terroir_diagnostics *d = NULL;
    expect_ok(terroir_model_validate(m, &d));
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 0);
    terroir_diagnostics_free(d);
    ck_assert_int_eq(terroir_model_is_validated(m), 1);
    /* Validating again is fine. */
    expect_ok(terroir_model_validate(m, NULL));
    ck_assert_int_eq(terroir_model_is_validated(m), 1);
    terroir_model_free(m);
}
END_TEST

START_TEST(validated_model_rejects_every_mutation)
{
    terroir_model *m = small_network();
    expect_ok(terroir_model_validate(m, NULL));
    terroir_settings st = TERROIR_SETTINGS_INIT;
    terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
    p.id = "new-product";
    terroir_producer_spec pr = TERROIR_PRODUCER_SPEC_INIT;
    pr.id = "new-producer";
    pr.location = latlon(45.0, -73.0);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "new-hub";
    h.location = latlon(45.0, -73.0);
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    q.id = "new-point";
    q.location = latlon(45.0, -73.0);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "new-vehicle";
    size_t sites[] = {0, 1};
    double km[] = {0.0, 1.0, 1.0, 0.0};
    expect_error(terroir_model_set_settings(m, &st), TERROIR_EINVAL);
    expect_error(terroir_model_add_product(m, &p, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_producer(m, &pr, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_hub(m, &h, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_point(m, &q, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_vehicle_type(m, &v, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_supply(m, 0, 0, 1.0), TERROIR_EINVAL);
    expect_error(terroir_model_add_demand(m, 0, 0, 1.0), TERROIR_EINVAL);
    expect_error(terroir_model_add_time_window(m, TERROIR_SITE_HUB, 0, 0.0, 1.0),
                 TERROIR_EINVAL);
    expect_error(terroir_model_set_matrix(m, 2, sites, km, NULL), TERROIR_EINVAL);
    expect_error(terroir_model_add_arc(m, 0, 1, 1.0, 1.0), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 2);
    ck_assert_uint_eq(terroir_model_site_count(m), 5);
    ck_assert_uint_eq(terroir_model_supply_count(m, 0), 1);
    ck_assert_uint_eq(terroir_model_matrix_size(m), 0);
    /* Reading still works. */
    double d;
    expect_ok(terroir_model_distance(m, 0, 1, &d, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(validate_reports_several_problems_at_once)
{
    /* Three sites without location in a lat/lon model without matrix or
     * listed arcs: no distance can be computed for any of them. */
    terroir_model *m = new_model();
    add_product(m, "apples", TERROIR_TEMPERATURE_AMBIENT);
    add_producer(m, "farm", nowhere());
    add_hub(m, "hub", nowhere());
    add_point(m, "store", nowhere());
    expect_ok(terroir_model_add_supply(m, 0, 0, 10.0));
    expect_ok(terroir_model_add_demand(m, 0, 0, 10.0));
    terroir_diagnostics *d = NULL;
    expect_error(terroir_model_validate(m, &d), TERROIR_EINPUT);
    ck_assert_ptr_nonnull(d);
    size_t n = terroir_diagnostics_count(d);
    ck_assert_msg(n >= 3, "expected a problem per site, got %zu", n);
    for (size_t i = 0; i < n; i++) {
        const terroir_error *e = terroir_diagnostics_get(d, i);
        ck_assert_ptr_nonnull(e);
        ck_assert_int_ne(e->code, TERROIR_OK);
        ck_assert_ptr_nonnull(e->message);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(e->message, terroir_diagnostics_get(d, j)->message);
    }
    /* The last error is the first problem. */
    const terroir_error *last = terroir_error_last();
    ck_assert_ptr_nonnull(last);
    ck_assert_str_eq(last->message, terroir_diagnostics_get(d, 0)->message);
    terroir_diagnostics_free(d);
    /* An invalid model stays mutable. */
    ck_assert_int_eq(terroir_model_is_validated(m), 0);
    add_product(m, "pears", TERROIR_TEMPERATURE_AMBIENT);
    /* Without a list the result is the same. */
    expect_error(terroir_model_validate(m, NULL), TERROIR_EINPUT);
    terroir_model_free(m);
}
END_TEST

START_TEST(validate_rejects_null)
{
    terroir_diagnostics *d = NULL;
    expect_error(terroir_model_validate(NULL, &d), TERROIR_EINVAL);
    terroir_diagnostics_free(d);
}
END_TEST

/* ------------------------------------------------------------------ clone, equal */

/* ------------------------------------------------------------------ remove_last */

START_TEST(remove_last_restores_the_model_before_the_addition)
{
    terroir_model *m = small_network(), *before = NULL;
    expect_ok(terroir_model_clone(&before, m));
    /* A point with its demand and window, a hub with its window, a
     * producer with its supply, a product, a vehicle type, a member: each
     * removed again, in reverse order. */
    terroir_member_spec ms = TERROIR_MEMBER_SPEC_INIT;
    ms.id = "coop";
    size_t coop = 0;
    expect_ok(terroir_model_add_member(m, &ms, &coop));
    add_vehicle(m, "van", 0);
    size_t beans = add_product(m, "beans", TERROIR_TEMPERATURE_AMBIENT);
    size_t farm = add_producer(m, "farm-x", latlon(45.3, -73.2));
    expect_ok(terroir_model_add_supply(m, farm, 0, 10.0));
    size_t hub = add_hub(m, "hub-x", latlon(45.5, -73.0));
    expect_ok(terroir_model_add_time_window(m, TERROIR_SITE_HUB, hub, 300.0, 900.0));
    size_t shop = add_point(m, "shop-x", latlon(45.4, -73.1));
    expect_ok(terroir_model_add_demand(m, shop, 1, 5.0));
    expect_ok(terroir_model_add_time_window(m, TERROIR_SITE_POINT, shop, 480.0, 600.0));
    static const terroir_entity order[] = {
        TERROIR_ENTITY_POINT,   TERROIR_ENTITY_HUB,          TERROIR_ENTITY_PRODUCER,
        TERROIR_ENTITY_PRODUCT, TERROIR_ENTITY_VEHICLE_TYPE, TERROIR_ENTITY_MEMBER};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        expect_ok(terroir_model_remove_last(m, order[i]));
    ck_assert(terroir_model_equal(m, before));
    size_t at = 0;
    ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_POINT, "shop-x", &at),
                     TERROIR_ENOTFOUND);
    ck_assert_int_eq(terroir_model_find(m, TERROIR_ENTITY_PRODUCT, "beans", &at),
                     TERROIR_ENOTFOUND);
    /* The ids are free again, and the model still validates. */
    ck_assert_uint_eq(add_product(m, "beans", TERROIR_TEMPERATURE_AMBIENT), beans);
    ck_assert_uint_eq(add_point(m, "shop-x", latlon(45.4, -73.1)), shop);
    (void)coop;
    expect_ok(terroir_model_validate(m, NULL));
    terroir_model_free(before);
    terroir_model_free(m);
}
END_TEST

START_TEST(remove_last_keeps_every_other_id_findable)
{
    /* Enough sites for collisions in the id map, removed one by one: the
     * in-place deletion must keep every probe run intact. */
    terroir_model *m = new_model();
    char id[32];
    for (int i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "p%d", i);
        add_point(m, id, nowhere());
    }
    for (int n = 300; n > 0; n--) {
        expect_ok(terroir_model_remove_last(m, TERROIR_ENTITY_POINT));
        for (int i = 0; i < n + 1 && i < 300; i += (n < 40 ? 1 : 7)) {
            size_t at = 0;
            snprintf(id, sizeof id, "p%d", i);
            int rc = terroir_model_find(m, TERROIR_ENTITY_POINT, id, &at);
            if (i < n - 1)
                ck_assert_msg(rc == 0 && at == (size_t)i, "%s lost after %d removals", id,
                              300 - n + 1);
            else
                ck_assert_int_eq(rc, TERROIR_ENOTFOUND);
        }
    }
    ck_assert_uint_eq(terroir_model_site_count(m), 0);
    terroir_model_free(m);
}
END_TEST

START_TEST(remove_last_refuses_what_something_refers_to)
{
    terroir_model *m = small_network(), *before = NULL;
    expect_ok(terroir_model_clone(&before, m));
    /* The last point has demand of potatoes; the last product is named by
     * lines; the hub is a vehicle type's home; the last producer is not
     * the last site. */
    expect_error(terroir_model_remove_last(m, TERROIR_ENTITY_PRODUCT), TERROIR_EINVAL);
    expect_error(terroir_model_remove_last(m, TERROIR_ENTITY_HUB), TERROIR_EINVAL);
    expect_error(terroir_model_remove_last(m, TERROIR_ENTITY_PRODUCER), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "added after it"));
    expect_error(terroir_model_remove_last(m, TERROIR_ENTITY_MEMBER), TERROIR_EINVAL);
    expect_error(terroir_model_remove_last(m, (terroir_entity)9), TERROIR_EINVAL);
    expect_error(terroir_model_remove_last(NULL, TERROIR_ENTITY_POINT), TERROIR_EINVAL);
    ck_assert(terroir_model_equal(m, before));
    /* A site named by the matrix or an arc stays. */
    size_t sites[] = {3, 4};
    double km[] = {0, 1, 1, 0};
    expect_ok(terroir_model_set_matrix(m, 2, sites, km, NULL));
    expect_error(terroir_model_remove_last(m, TERROIR_ENTITY_POINT), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "matrix"));
    expect_ok(terroir_model_validate(m, NULL));
    expect_error(terroir_model_remove_last(m, TERROIR_ENTITY_VEHICLE_TYPE), TERROIR_EINVAL);
    terroir_model_free(before);
    terroir_model_free(m);
}
END_TEST

START_TEST(clone_is_equal_and_mutable)
{
    terroir_model *m = small_network();
    size_t sites[] = {0, 3};
    double km[] = {0.0, 55.0, 56.0, 0.0};
    expect_ok(terroir_model_set_matrix(m, 2, sites, km, NULL));
    expect_ok(terroir_model_validate(m, NULL));
    terroir_model *c = NULL;
    expect_ok(terroir_model_clone(&c, m));
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_ne(c, m);
    ck_assert_int_eq(terroir_model_is_validated(c), 0);
    ck_assert_int_eq(terroir_model_equal(m, c), 1);
    ck_assert_int_eq(terroir_model_equal(c, m), 1);
    ck_assert_int_eq(terroir_model_equal(m, m), 1);
    /* The clone is deep: its strings and arrays are its own. */
    terroir_product_spec a = TERROIR_PRODUCT_SPEC_INIT, b = TERROIR_PRODUCT_SPEC_INIT;
    expect_ok(terroir_model_get_product(m, 0, &a));
    expect_ok(terroir_model_get_product(c, 0, &b));
    ck_assert_ptr_ne(a.id, b.id);
    ck_assert_str_eq(a.id, b.id);
    double d = 0.0;
    expect_ok(terroir_model_distance(c, 3, 0, &d, NULL));
    ck_assert_double_near(d, 56.0, 0.0);
    /* Changing the clone does not change the original. */
    expect_ok(terroir_model_add_supply(c, 0, 0, 1.0));
    ck_assert_int_eq(terroir_model_equal(m, c), 0);
    size_t product;
    double q;
    expect_ok(terroir_model_get_supply(m, 0, 0, &product, &q));
    ck_assert_double_near(q, 400.0, 0.0);
    terroir_model_free(m);
    /* The clone outlives its source. */
    expect_ok(terroir_model_get_product(c, 1, &b));
    ck_assert_str_eq(b.id, "potatoes");
    expect_ok(terroir_model_validate(c, NULL));
    terroir_model_free(c);
}
END_TEST

START_TEST(clone_rejects_null_arguments)
{
    terroir_model *m = small_network();
    terroir_model *c = (terroir_model *)&c;
    expect_error(terroir_model_clone(NULL, m), TERROIR_EINVAL);
    expect_error(terroir_model_clone(&c, NULL), TERROIR_EINVAL);
    ck_assert_ptr_eq(c, (terroir_model *)&c);
    terroir_model_free(m);
}
END_TEST

START_TEST(equal_sees_every_kind_of_difference)
{
    terroir_model *a = small_network();
    terroir_model *b = small_network();
    ck_assert_int_eq(terroir_model_equal(a, b), 1);
    terroir_model_free(b);

    b = small_network(); /* a different quantity */
    expect_ok(terroir_model_add_demand(b, 1, 1, 0.5));
    ck_assert_int_eq(terroir_model_equal(a, b), 0);
    terroir_model_free(b);

    b = small_network(); /* a different setting */
    set_settings(b, TERROIR_COORDINATES_LATLON, TERROIR_ROUNDING_NONE, 1.4, 60.0);
    ck_assert_int_eq(terroir_model_equal(a, b), 0);
    terroir_model_free(b);

    b = small_network(); /* one more window */
    expect_ok(terroir_model_add_time_window(b, TERROIR_SITE_POINT, 1, 0.0, 10.0));
    ck_assert_int_eq(terroir_model_equal(a, b), 0);
    terroir_model_free(b);

    b = small_network(); /* one more product */
    add_product(b, "eggs", TERROIR_TEMPERATURE_CHILLED);
    ck_assert_int_eq(terroir_model_equal(a, b), 0);
    terroir_model_free(b);

    b = small_network(); /* a matrix */
    size_t sites[] = {0, 1};
    double km[] = {0.0, 1.0, 1.0, 0.0};
    expect_ok(terroir_model_set_matrix(b, 2, sites, km, NULL));
    ck_assert_int_eq(terroir_model_equal(a, b), 0);
    terroir_model_free(b);

    /* Validation state is not data. */
    b = small_network();
    expect_ok(terroir_model_validate(b, NULL));
    ck_assert_int_eq(terroir_model_equal(a, b), 1);
    terroir_model_free(b);
    terroir_model_free(a);
}
END_TEST

/* ------------------------------------------------------------------ cross-dock and trips */

START_TEST(cross_dock_trips_and_loading_round_trip)
{
    terroir_model *m = new_model();
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "h";
    h.cross_dock_minutes = 45.5;
    expect_ok(terroir_model_add_hub(m, &h, NULL));
    h.id = "quick";
    h.cross_dock_minutes = 0.0; /* goods may leave as they arrive */
    expect_ok(terroir_model_add_hub(m, &h, NULL));
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "van";
    v.trips_per_day = 3;
    v.loading_minutes = 25.0;
    expect_ok(terroir_model_add_vehicle_type(m, &v, NULL));
    v.id = "most";
    v.trips_per_day = TERROIR_MAX_TRIPS_PER_DAY;
    v.loading_minutes = 0.0;
    expect_ok(terroir_model_add_vehicle_type(m, &v, NULL));

    terroir_hub_spec gh = TERROIR_HUB_SPEC_INIT;
    expect_ok(terroir_model_get_hub(m, 0, &gh));
    ck_assert_double_near(gh.cross_dock_minutes, 45.5, 0.0);
    expect_ok(terroir_model_get_hub(m, 1, &gh));
    ck_assert_double_near(gh.cross_dock_minutes, 0.0, 0.0);
    terroir_vehicle_type_spec gv = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    expect_ok(terroir_model_get_vehicle_type(m, 0, &gv));
    ck_assert_uint_eq(gv.trips_per_day, 3);
    ck_assert_double_near(gv.loading_minutes, 25.0, 0.0);
    expect_ok(terroir_model_get_vehicle_type(m, 1, &gv));
    ck_assert_uint_eq(gv.trips_per_day, TERROIR_MAX_TRIPS_PER_DAY);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_rejects_bad_cross_dock_trips_and_loading)
{
    terroir_model *m = new_model();
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "h";
    const double bad_minutes[] = {-1.0, NAN, INFINITY, 2e12};
    for (size_t k = 0; k < sizeof bad_minutes / sizeof bad_minutes[0]; k++) {
        h.cross_dock_minutes = bad_minutes[k];
        expect_error(terroir_model_add_hub(m, &h, NULL), TERROIR_EINVAL);
        ck_assert_str_eq(terroir_error_last()->field, "cross_dock_minutes");
    }
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 0);
    ck_assert_uint_eq(terroir_model_site_count(m), 0);
    h.cross_dock_minutes = 30.0;
    expect_ok(terroir_model_add_hub(m, &h, NULL));

    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "van";
    const unsigned int bad_trips[] = {0u, TERROIR_MAX_TRIPS_PER_DAY + 1u, 4000000000u};
    for (size_t k = 0; k < sizeof bad_trips / sizeof bad_trips[0]; k++) {
        v.trips_per_day = bad_trips[k];
        expect_error(terroir_model_add_vehicle_type(m, &v, NULL), TERROIR_EINVAL);
        ck_assert_str_eq(terroir_error_last()->field, "trips_per_day");
    }
    v.trips_per_day = 2;
    for (size_t k = 0; k < sizeof bad_minutes / sizeof bad_minutes[0]; k++) {
        v.loading_minutes = bad_minutes[k];
        expect_error(terroir_model_add_vehicle_type(m, &v, NULL), TERROIR_EINVAL);
        ck_assert_str_eq(terroir_error_last()->field, "loading_minutes");
    }
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE), 0);
    v.loading_minutes = 15.0;
    expect_ok(terroir_model_add_vehicle_type(m, &v, NULL));
    terroir_model_free(m);
}
END_TEST

/* Callers built against versions 1 and 2 of the hub and vehicle type specs
 * have no cross_dock_minutes, trips_per_day or loading_minutes: init, add
 * and get must not touch the bytes past their structure, and the model
 * gets the defaults (0xAB bytes there would be refused if read). */
START_TEST(hub_and_vehicle_specs_of_older_versions_get_the_new_defaults)
{
    for (unsigned int version = 1; version <= 2; version++) {
        terroir_model *m = new_model();
        terroir_hub_spec h;
        memset(&h, 0xAB, sizeof h);
        expect_ok(terroir_hub_spec_init(&h, version));
        ck_assert_uint_eq(h.version, version);
        unsigned char tail[sizeof h.cross_dock_minutes];
        memset(tail, 0xAB, sizeof tail);
        ck_assert_int_eq(memcmp(&h.cross_dock_minutes, tail, sizeof tail), 0);
        h.id = "h";
        expect_ok(terroir_model_add_hub(m, &h, NULL));
        terroir_hub_spec old;
        memset(&old, 0xCD, sizeof old);
        old.version = version;
        expect_ok(terroir_model_get_hub(m, 0, &old));
        ck_assert_str_eq(old.id, "h");
        memset(tail, 0xCD, sizeof tail);
        ck_assert_int_eq(memcmp(&old.cross_dock_minutes, tail, sizeof tail), 0);
        terroir_hub_spec now = TERROIR_HUB_SPEC_INIT;
        expect_ok(terroir_model_get_hub(m, 0, &now));
        ck_assert_double_near(now.cross_dock_minutes, TERROIR_DEFAULT_CROSS_DOCK_MINUTES, 0.0);

        terroir_vehicle_type_spec v;
        memset(&v, 0xAB, sizeof v);
        expect_ok(terroir_vehicle_type_spec_init(&v, version));
        ck_assert_uint_eq(v.trips_per_day, 0xABABABABu);
        v.id = "van";
        v.home_hub = 0;
        expect_ok(terroir_model_add_vehicle_type(m, &v, NULL));
        terroir_vehicle_type_spec vold;
        memset(&vold, 0xCD, sizeof vold);
        vold.version = version;
        expect_ok(terroir_model_get_vehicle_type(m, 0, &vold));
        ck_assert_str_eq(vold.id, "van");
        ck_assert_uint_eq(vold.trips_per_day, 0xCDCDCDCDu);
        unsigned char ltail[sizeof v.loading_minutes];
        memset(ltail, 0xCD, sizeof ltail);
        ck_assert_int_eq(memcmp(&vold.loading_minutes, ltail, sizeof ltail), 0);
        terroir_vehicle_type_spec vnow = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        expect_ok(terroir_model_get_vehicle_type(m, 0, &vnow));
        ck_assert_uint_eq(vnow.trips_per_day, 1);
        ck_assert_double_near(vnow.loading_minutes, 0.0, 0.0);
        terroir_model_free(m);
    }
}
END_TEST

START_TEST(equal_and_clone_see_cross_dock_trips_and_loading)
{
    terroir_model *a = small_network();
    terroir_model *b = NULL;
    expect_ok(terroir_model_clone(&b, a));
    ck_assert_int_eq(terroir_model_equal(a, b), 1);
    terroir_model_free(b);

    static const char *const fields[] = {"cross_dock_minutes", "trips_per_day",
                                         "loading_minutes"};
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
        b = new_model();
        terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
        h.id = "h";
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        v.id = "v";
        terroir_model *c = new_model();
        expect_ok(terroir_model_add_hub(c, &h, NULL));
        expect_ok(terroir_model_add_vehicle_type(c, &v, NULL));
        if (k == 0)
            h.cross_dock_minutes = 31.0;
        else if (k == 1)
            v.trips_per_day = 2;
        else
            v.loading_minutes = 5.0;
        expect_ok(terroir_model_add_hub(b, &h, NULL));
        expect_ok(terroir_model_add_vehicle_type(b, &v, NULL));
        ck_assert_msg(terroir_model_equal(b, c) == 0, "%s not compared", fields[k]);
        terroir_model *copy = NULL;
        expect_ok(terroir_model_clone(&copy, b));
        ck_assert_msg(terroir_model_equal(b, copy) == 1, "%s not cloned", fields[k]);
        terroir_model_free(copy);
        terroir_model_free(c);
        terroir_model_free(b);
    }
    terroir_model_free(a);
}
END_TEST

/* ------------------------------------------------------------------ days and storage */

static void assert_days(const unsigned int *days, size_t n, const unsigned int *want,
                        size_t n_want)
{
    ck_assert_uint_eq(n, n_want);
    for (size_t k = 0; k < n_want; k++)
        ck_assert_uint_eq(days[k], want[k]);
}

START_TEST(days_and_storage_round_trip_sorted)
{
    terroir_model *m = new_model();
    unsigned int pickup[] = {5, 1, 3};
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    p.id = "farm";
    p.pickup_days = pickup;
    p.n_pickup_days = 3;
    expect_ok(terroir_model_add_producer(m, &p, NULL));
    unsigned int delivery[] = {TERROIR_MAX_OPERATING_DAYS, 2};
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    q.id = "store";
    q.delivery_days = delivery;
    q.n_delivery_days = 2;
    expect_ok(terroir_model_add_point(m, &q, NULL));
    double storage[] = {800.0, 0.0}; /* frozen: not given */
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "hub";
    h.storage_kg = storage;
    h.n_storage_temperatures = 2;
    expect_ok(terroir_model_add_hub(m, &h, NULL));
    /* The model keeps copies: the caller's arrays may change afterwards. */
    pickup[0] = 7;
    delivery[0] = 9;
    storage[0] = 1.0;

    terroir_producer_spec gp = TERROIR_PRODUCER_SPEC_INIT;
    expect_ok(terroir_model_get_producer(m, 0, &gp));
    const unsigned int want_pickup[] = {1, 3, 5};
    assert_days(gp.pickup_days, gp.n_pickup_days, want_pickup, 3);
    terroir_point_spec gq = TERROIR_POINT_SPEC_INIT;
    expect_ok(terroir_model_get_point(m, 0, &gq));
    const unsigned int want_delivery[] = {2, TERROIR_MAX_OPERATING_DAYS};
    assert_days(gq.delivery_days, gq.n_delivery_days, want_delivery, 2);
    terroir_hub_spec gh = TERROIR_HUB_SPEC_INIT;
    expect_ok(terroir_model_get_hub(m, 0, &gh));
    ck_assert_uint_eq(gh.n_storage_temperatures, TERROIR_TEMPERATURE_COUNT);
    ck_assert_ptr_nonnull(gh.storage_kg);
    ck_assert_double_near(gh.storage_kg[TERROIR_TEMPERATURE_AMBIENT], 800.0, 0.0);
    ck_assert_double_near(gh.storage_kg[TERROIR_TEMPERATURE_CHILLED], 0.0, 0.0);
    ck_assert_double_near(gh.storage_kg[TERROIR_TEMPERATURE_FROZEN], TERROIR_UNLIMITED, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(days_and_storage_default_to_every_day_and_no_limit)
{
    terroir_model *m = new_model();
    add_producer(m, "farm", nowhere());
    add_point(m, "store", nowhere());
    add_hub(m, "hub", nowhere());
    /* A list pointer with a count of 0 is no list either. */
    const unsigned int unused[] = {4};
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    p.id = "farm-2";
    p.pickup_days = unused;
    expect_ok(terroir_model_add_producer(m, &p, NULL));
    terroir_producer_spec gp = TERROIR_PRODUCER_SPEC_INIT;
    for (size_t i = 0; i < 2; i++) {
        expect_ok(terroir_model_get_producer(m, i, &gp));
        ck_assert_uint_eq(gp.n_pickup_days, 0);
        ck_assert_ptr_null(gp.pickup_days);
    }
    terroir_point_spec gq = TERROIR_POINT_SPEC_INIT;
    expect_ok(terroir_model_get_point(m, 0, &gq));
    ck_assert_uint_eq(gq.n_delivery_days, 0);
    ck_assert_ptr_null(gq.delivery_days);
    terroir_hub_spec gh = TERROIR_HUB_SPEC_INIT;
    expect_ok(terroir_model_get_hub(m, 0, &gh));
    ck_assert_uint_eq(gh.n_storage_temperatures, TERROIR_TEMPERATURE_COUNT);
    for (size_t t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        ck_assert_double_near(gh.storage_kg[t], TERROIR_UNLIMITED, 0.0);
    terroir_model_free(m);
}
END_TEST

START_TEST(add_rejects_bad_days_and_storage)
{
    terroir_model *m = new_model();
    static const struct {
        unsigned int days[3];
        size_t n;
    } bad[] = {{{0}, 1}, {{TERROIR_MAX_OPERATING_DAYS + 1}, 1}, {{3, 1, 3}, 3},
               {{4000000000u, 2}, 2}, {{2, 2}, 2}};
    unsigned int many[TERROIR_MAX_OPERATING_DAYS + 1];
    for (size_t k = 0; k < sizeof many / sizeof many[0]; k++)
        many[k] = (unsigned int)(k + 1);
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    p.id = "farm";
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    q.id = "store";
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        p.pickup_days = bad[k].days;
        p.n_pickup_days = bad[k].n;
        expect_error(terroir_model_add_producer(m, &p, NULL), TERROIR_EINVAL);
        ck_assert_str_eq(terroir_error_last()->field, "pickup_days");
        q.delivery_days = bad[k].days;
        q.n_delivery_days = bad[k].n;
        expect_error(terroir_model_add_point(m, &q, NULL), TERROIR_EINVAL);
        ck_assert_str_eq(terroir_error_last()->field, "delivery_days");
    }
    /* The duplicate is named (after sorting, whatever the order given). */
    p.pickup_days = bad[2].days;
    p.n_pickup_days = 3;
    expect_error(terroir_model_add_producer(m, &p, NULL), TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "day 3 twice"));
    /* NULL with a count, and more days than a cycle can have. */
    p.pickup_days = NULL;
    p.n_pickup_days = 2;
    expect_error(terroir_model_add_producer(m, &p, NULL), TERROIR_EINVAL);
    ck_assert_str_eq(terroir_error_last()->field, "pickup_days");
    p.pickup_days = many;
    p.n_pickup_days = TERROIR_MAX_OPERATING_DAYS + 1;
    expect_error(terroir_model_add_producer(m, &p, NULL), TERROIR_EINVAL);
    q.delivery_days = NULL;
    q.n_delivery_days = 1;
    expect_error(terroir_model_add_point(m, &q, NULL), TERROIR_EINVAL);
    ck_assert_str_eq(terroir_error_last()->field, "delivery_days");

    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "hub";
    const double bad_kg[] = {-2.0, NAN, INFINITY, 2e12};
    double storage[TERROIR_TEMPERATURE_COUNT + 1] = {0};
    for (size_t k = 0; k < sizeof bad_kg / sizeof bad_kg[0]; k++) {
        storage[TERROIR_TEMPERATURE_CHILLED] = bad_kg[k];
        h.storage_kg = storage;
        h.n_storage_temperatures = TERROIR_TEMPERATURE_COUNT;
        expect_error(terroir_model_add_hub(m, &h, NULL), TERROIR_EINVAL);
        ck_assert_str_eq(terroir_error_last()->field, "storage_kg.chilled");
    }
    storage[TERROIR_TEMPERATURE_CHILLED] = 10.0;
    h.n_storage_temperatures = TERROIR_TEMPERATURE_COUNT + 1;
    expect_error(terroir_model_add_hub(m, &h, NULL), TERROIR_EINVAL);
    ck_assert_str_eq(terroir_error_last()->field, "storage_kg");
    /* Nothing was added by the failures. */
    ck_assert_uint_eq(terroir_model_site_count(m), 0);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCER), 0);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_POINT), 0);
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_HUB), 0);
    /* The largest day and a full year of days are accepted. */
    p.pickup_days = many;
    p.n_pickup_days = TERROIR_MAX_OPERATING_DAYS;
    expect_ok(terroir_model_add_producer(m, &p, NULL));
    h.n_storage_temperatures = TERROIR_TEMPERATURE_COUNT;
    expect_ok(terroir_model_add_hub(m, &h, NULL));
    terroir_model_free(m);
}
END_TEST

/* A failed addition after the days were copied (a duplicate site id) frees
 * the copy: the leak checkers of CI see it otherwise. */
START_TEST(add_with_days_that_fails_later_leaves_the_model_unchanged)
{
    terroir_model *m = new_model();
    add_hub(m, "taken", nowhere());
    const unsigned int days[] = {2, 4};
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    p.id = "taken";
    p.pickup_days = days;
    p.n_pickup_days = 2;
    expect_error(terroir_model_add_producer(m, &p, NULL), TERROIR_EINVAL);
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    q.id = "taken";
    q.delivery_days = days;
    q.n_delivery_days = 2;
    expect_error(terroir_model_add_point(m, &q, NULL), TERROIR_EINVAL);
    ck_assert_uint_eq(terroir_model_site_count(m), 1);
    terroir_model_free(m);
}
END_TEST

/* Callers built against producer and point specs of versions 1 and 2 and
 * hub specs of versions 1 to 3 have no day lists or storage: init, add and
 * get must not touch the bytes past their structure, and the model gets
 * the defaults (0xAB bytes there would be refused or read as days). */
START_TEST(specs_of_older_versions_get_every_day_and_no_storage_limit)
{
    for (unsigned int version = 1; version <= 3; version++) {
        terroir_model *m = new_model();
        terroir_hub_spec h;
        memset(&h, 0xAB, sizeof h);
        expect_ok(terroir_hub_spec_init(&h, version));
        unsigned char tail[sizeof h.storage_kg + sizeof h.n_storage_temperatures];
        memset(tail, 0xAB, sizeof tail);
        ck_assert_int_eq(memcmp(&h.storage_kg, tail, sizeof h.storage_kg), 0);
        ck_assert_int_eq(memcmp(&h.n_storage_temperatures, tail, sizeof h.n_storage_temperatures),
                         0);
        h.id = "h";
        expect_ok(terroir_model_add_hub(m, &h, NULL));
        terroir_hub_spec old;
        memset(&old, 0xCD, sizeof old);
        old.version = version;
        expect_ok(terroir_model_get_hub(m, 0, &old));
        ck_assert_str_eq(old.id, "h");
        memset(tail, 0xCD, sizeof tail);
        ck_assert_int_eq(memcmp(&old.storage_kg, tail, sizeof old.storage_kg), 0);
        ck_assert_uint_eq(old.n_storage_temperatures, (size_t)0xCDCDCDCDCDCDCDCDull);
        terroir_hub_spec now = TERROIR_HUB_SPEC_INIT;
        expect_ok(terroir_model_get_hub(m, 0, &now));
        for (size_t t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            ck_assert_double_near(now.storage_kg[t], TERROIR_UNLIMITED, 0.0);

        if (version <= 2) {
            terroir_producer_spec p;
            memset(&p, 0xAB, sizeof p);
            expect_ok(terroir_producer_spec_init(&p, version));
            ck_assert_uint_eq(p.n_pickup_days, (size_t)0xABABABABABABABABull);
            p.id = "farm";
            expect_ok(terroir_model_add_producer(m, &p, NULL));
            terroir_producer_spec pold;
            memset(&pold, 0xCD, sizeof pold);
            pold.version = version;
            expect_ok(terroir_model_get_producer(m, 0, &pold));
            ck_assert_str_eq(pold.id, "farm");
            ck_assert_uint_eq(pold.n_pickup_days, (size_t)0xCDCDCDCDCDCDCDCDull);
            terroir_producer_spec pnow = TERROIR_PRODUCER_SPEC_INIT;
            expect_ok(terroir_model_get_producer(m, 0, &pnow));
            ck_assert_uint_eq(pnow.n_pickup_days, 0);

            terroir_point_spec q;
            memset(&q, 0xAB, sizeof q);
            expect_ok(terroir_point_spec_init(&q, version));
            ck_assert_uint_eq(q.n_delivery_days, (size_t)0xABABABABABABABABull);
            q.id = "store";
            expect_ok(terroir_model_add_point(m, &q, NULL));
            terroir_point_spec qold;
            memset(&qold, 0xCD, sizeof qold);
            qold.version = version;
            expect_ok(terroir_model_get_point(m, 0, &qold));
            ck_assert_str_eq(qold.id, "store");
            ck_assert_uint_eq(qold.n_delivery_days, (size_t)0xCDCDCDCDCDCDCDCDull);
            terroir_point_spec qnow = TERROIR_POINT_SPEC_INIT;
            expect_ok(terroir_model_get_point(m, 0, &qnow));
            ck_assert_uint_eq(qnow.n_delivery_days, 0);
        }
        terroir_model_free(m);
    }
}
END_TEST

/* Days within 1..366 are accepted when added, since the settings may come
 * later; validation refuses those after the cycle's last operating day. */
START_TEST(validate_rejects_a_day_after_the_last_operating_day)
{
    terroir_model *m = new_model();
    add_product(m, "apples", TERROIR_TEMPERATURE_AMBIENT);
    const unsigned int pickup[] = {2, 6, 7};
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    p.id = "farm";
    p.location = latlon(45.3, -73.2);
    p.pickup_days = pickup;
    p.n_pickup_days = 3;
    expect_ok(terroir_model_add_producer(m, &p, NULL));
    add_hub(m, "hub", latlon(45.6, -72.9));
    const unsigned int delivery[] = {5};
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    q.id = "store";
    q.location = latlon(45.4, -72.7);
    q.delivery_days = delivery;
    q.n_delivery_days = 1;
    expect_ok(terroir_model_add_point(m, &q, NULL));
    terroir_settings s = TERROIR_SETTINGS_INIT;
    s.operating_days = 5;
    expect_ok(terroir_model_set_settings(m, &s));

    terroir_diagnostics *d = NULL;
    expect_error(terroir_model_validate(m, &d), TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1);
    const terroir_error *e = terroir_diagnostics_get(d, 0);
    ck_assert_str_eq(e->field, "producers[0].pickup_days");
    ck_assert_ptr_nonnull(strstr(e->message, "producer 'farm'"));
    ck_assert_ptr_nonnull(strstr(e->message, "day 6"));
    ck_assert_ptr_nonnull(strstr(e->message, "5 operating days"));
    terroir_diagnostics_free(d);
    ck_assert_int_eq(terroir_model_is_validated(m), 0);

    /* One day fewer: the point's day 5 is now past the end too. */
    s.operating_days = 4;
    expect_ok(terroir_model_set_settings(m, &s));
    expect_error(terroir_model_validate(m, &d), TERROIR_EINPUT);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 2);
    int saw_point = 0;
    for (size_t k = 0; k < 2; k++) {
        e = terroir_diagnostics_get(d, k);
        if (strcmp(e->field, "points[0].delivery_days") == 0) {
            saw_point = 1;
            ck_assert_ptr_nonnull(strstr(e->message, "point 'store'"));
            ck_assert_ptr_nonnull(strstr(e->message, "day 5"));
        }
    }
    ck_assert_int_eq(saw_point, 1);
    terroir_diagnostics_free(d);

    s.operating_days = 7;
    expect_ok(terroir_model_set_settings(m, &s));
    expect_ok(terroir_model_validate(m, NULL));
    terroir_model_free(m);
}
END_TEST

START_TEST(equal_and_clone_see_days_and_storage)
{
    static const char *const fields[] = {"pickup_days", "delivery_days", "storage_kg"};
    const unsigned int days[] = {1, 3};
    const unsigned int other[] = {1, 4};
    const double storage[] = {500.0};
    const double more[] = {501.0};
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
        terroir_model *b = new_model(), *c = new_model();
        terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
        p.id = "farm";
        p.pickup_days = days;
        p.n_pickup_days = 2;
        terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
        q.id = "store";
        q.delivery_days = days;
        q.n_delivery_days = 2;
        terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
        h.id = "hub";
        h.storage_kg = storage;
        h.n_storage_temperatures = 1;
        expect_ok(terroir_model_add_producer(c, &p, NULL));
        expect_ok(terroir_model_add_point(c, &q, NULL));
        expect_ok(terroir_model_add_hub(c, &h, NULL));
        if (k == 0)
            p.pickup_days = other;
        else if (k == 1)
            q.n_delivery_days = 1; /* a shorter list */
        else
            h.storage_kg = more;
        expect_ok(terroir_model_add_producer(b, &p, NULL));
        expect_ok(terroir_model_add_point(b, &q, NULL));
        expect_ok(terroir_model_add_hub(b, &h, NULL));
        ck_assert_msg(terroir_model_equal(b, c) == 0, "%s not compared", fields[k]);
        terroir_model *copy = NULL;
        expect_ok(terroir_model_clone(&copy, b));
        ck_assert_msg(terroir_model_equal(b, copy) == 1, "%s not cloned", fields[k]);
        terroir_producer_spec gp = TERROIR_PRODUCER_SPEC_INIT;
        expect_ok(terroir_model_get_producer(copy, 0, &gp));
        ck_assert_uint_eq(gp.n_pickup_days, 2);
        ck_assert_uint_eq(gp.pickup_days[1], k == 0 ? 4 : 3);
        terroir_hub_spec gh = TERROIR_HUB_SPEC_INIT;
        expect_ok(terroir_model_get_hub(copy, 0, &gh));
        ck_assert_double_near(gh.storage_kg[0], k == 2 ? 501.0 : 500.0, 0.0);
        terroir_model_free(copy);
        terroir_model_free(c);
        terroir_model_free(b);
    }
}
END_TEST

START_TEST(remove_last_frees_and_forgets_the_day_lists)
{
    terroir_model *m = new_model();
    const unsigned int days[] = {2};
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    p.id = "farm";
    p.pickup_days = days;
    p.n_pickup_days = 1;
    expect_ok(terroir_model_add_producer(m, &p, NULL));
    expect_ok(terroir_model_remove_last(m, TERROIR_ENTITY_PRODUCER));
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    q.id = "store";
    q.delivery_days = days;
    q.n_delivery_days = 1;
    expect_ok(terroir_model_add_point(m, &q, NULL));
    expect_ok(terroir_model_remove_last(m, TERROIR_ENTITY_POINT));
    /* Added again without days: the removed lists do not come back. */
    add_producer(m, "farm", nowhere());
    add_point(m, "store", nowhere());
    terroir_producer_spec gp = TERROIR_PRODUCER_SPEC_INIT;
    expect_ok(terroir_model_get_producer(m, 0, &gp));
    ck_assert_uint_eq(gp.n_pickup_days, 0);
    terroir_point_spec gq = TERROIR_POINT_SPEC_INIT;
    expect_ok(terroir_model_get_point(m, 0, &gq));
    ck_assert_uint_eq(gq.n_delivery_days, 0);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ threads */

typedef struct reader_args {
    const terroir_model *model;
    int ok;
} reader_args;

static void *reader(void *arg)
{
    reader_args *r = arg;
    r->ok = 1;
    for (int round = 0; round < 200; round++) {
        size_t i = 99;
        double km = 0.0;
        if (terroir_model_find(r->model, TERROIR_ENTITY_POINT, "coop-granby", &i) != 0 || i != 0)
            r->ok = 0;
        if (terroir_model_distance(r->model, 1, 3, &km, NULL) != 0 || !(km > 0.0))
            r->ok = 0;
        if (terroir_model_find(r->model, TERROIR_ENTITY_HUB, "nope", &i) != TERROIR_ENOTFOUND)
            r->ok = 0;
    }
    terroir_error_clear();
    return NULL;
}

START_TEST(validated_model_is_shared_by_reader_threads)
{
    terroir_model *m = small_network();
    expect_ok(terroir_model_validate(m, NULL));
    pthread_t t[4];
    reader_args args[4];
    for (int i = 0; i < 4; i++) {
        args[i].model = m;
        args[i].ok = 0;
        ck_assert_int_eq(pthread_create(&t[i], NULL, reader, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        ck_assert_int_eq(args[i].ok, 1);
    }
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ runner */

static Suite *model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("names");
    tcase_add_test(tc, enum_names_follow_the_file_schema);
    tcase_add_test(tc, site_and_entity_names_are_distinct);
    tcase_add_test(tc, enum_names_of_out_of_range_values_are_unknown);
    tcase_add_test(tc, priority_penalty_halves_with_each_priority);
    suite_add_tcase(s, tc);

    tc = tcase_create("specs");
    tcase_add_test(tc, settings_init_matches_init_macro);
    tcase_add_test(tc, settings_version_1_callers_keep_their_size);
    tcase_add_test(tc, spec_inits_match_init_macros);
    tcase_add_test(tc, spec_inits_reject_null_and_unknown_versions);
    suite_add_tcase(s, tc);

    tc = tcase_create("builder");
    tcase_add_test(tc, model_new_gives_an_empty_mutable_model);
    tcase_add_test(tc, model_new_rejects_null_out);
    tcase_add_test(tc, successful_call_clears_previous_error);
    tcase_add_test(tc, model_free_of_null_is_a_no_op);
    tcase_add_test(tc, null_model_reads_as_empty);
    tcase_add_test(tc, settings_round_trip);
    tcase_add_test(tc, set_settings_rejects_out_of_range_values);
    tcase_add_test(tc, get_settings_rejects_null_and_unknown_version);
    tcase_add_test(tc, product_round_trip);
    tcase_add_test(tc, product_defaults_name_to_id_and_unit_to_kg);
    tcase_add_test(tc, add_product_rejects_bad_specs);
    tcase_add_test(tc, add_product_rejects_empty_id);
    tcase_add_test(tc, get_product_of_bad_index_is_not_found);
    tcase_add_test(tc, producer_round_trip);
    tcase_add_test(tc, add_producer_rejects_bad_specs);
    tcase_add_test(tc, get_producer_of_bad_index_is_not_found);
    tcase_add_test(tc, hub_round_trip);
    tcase_add_test(tc, hub_capacity_unlimited_round_trips);
    tcase_add_test(tc, add_hub_rejects_bad_specs);
    tcase_add_test(tc, get_hub_of_bad_index_is_not_found);
    tcase_add_test(tc, point_round_trip);
    tcase_add_test(tc, point_default_penalty_reads_back_unlimited);
    tcase_add_test(tc, add_point_rejects_bad_specs);
    tcase_add_test(tc, get_point_of_bad_index_is_not_found);
    tcase_add_test(tc, vehicle_type_round_trip);
    tcase_add_test(tc, add_vehicle_type_rejects_bad_specs);
    tcase_add_test(tc, get_vehicle_type_of_bad_index_is_not_found);
    tcase_add_test(tc, products_sites_and_vehicles_have_separate_id_namespaces);
    tcase_add_test(tc, find_gives_index_by_id_within_kind);
    tcase_add_test(tc, counts_follow_additions_per_kind);
    tcase_add_test(tc, find_is_fast_on_five_thousand_sites);
    tcase_add_test(tc, supply_lines_keep_order_and_sum_repeats);
    tcase_add_test(tc, add_supply_rejects_bad_index_and_quantity);
    tcase_add_test(tc, get_supply_of_bad_index_is_not_found);
    tcase_add_test(tc, demand_lines_round_trip);
    tcase_add_test(tc, add_demand_rejects_bad_index_and_quantity);
    tcase_add_test(tc, time_windows_round_trip_in_order);
    tcase_add_test(tc, add_time_window_rejects_reversed_negative_and_bad_site);
    suite_add_tcase(s, tc);

    tc = tcase_create("sites");
    tcase_add_test(tc, sites_share_one_index_space_in_order_of_addition);
    tcase_add_test(tc, site_functions_reject_bad_indices);
    suite_add_tcase(s, tc);

    tc = tcase_create("distances");
    tcase_add_test(tc, distance_montreal_quebec_is_great_circle_times_road_factor);
    tcase_add_test(tc, distance_is_symmetric_and_zero_to_itself);
    tcase_add_test(tc, distance_rejects_bad_sites_and_missing_locations);
    tcase_add_test(tc, planar_distance_is_euclidean_without_road_factor);
    tcase_add_test(tc, planar_nearest_rounding_is_tsplib_nint);
    tcase_add_test(tc, planar_truncate_1_keeps_one_decimal_rounded_down);
    tcase_add_test(tc, planar_ceil_100_rounds_hundredths_up_but_keeps_exact_integers);
    tcase_add_test(tc, planar_model_accepts_coordinates_beyond_lat_lon_ranges);
    tcase_add_test(tc, matrix_overrides_computed_distances_for_covered_pairs);
    tcase_add_test(tc, matrix_minutes_and_values_are_not_rounded);
    tcase_add_test(tc, get_matrix_rejects_null_model);
    tcase_add_test(tc, set_matrix_rejects_bad_values_and_sites);
    tcase_add_test(tc, listed_arcs_round_trip);
    tcase_add_test(tc, add_arc_rejects_bad_sites_and_costs);
    suite_add_tcase(s, tc);

    tc = tcase_create("validation");
    tcase_add_test(tc, validate_accepts_a_good_model_and_makes_it_read_only);
    tcase_add_test(tc, validated_model_rejects_every_mutation);
    tcase_add_test(tc, validate_reports_several_problems_at_once);
    tcase_add_test(tc, validate_rejects_null);
    tcase_add_test(tc, validated_model_is_shared_by_reader_threads);
    suite_add_tcase(s, tc);

    tc = tcase_create("remove_last");
    tcase_add_test(tc, remove_last_restores_the_model_before_the_addition);
    tcase_add_test(tc, remove_last_keeps_every_other_id_findable);
    tcase_add_test(tc, remove_last_refuses_what_something_refers_to);
    suite_add_tcase(s, tc);

    tc = tcase_create("clone");
    tcase_add_test(tc, clone_is_equal_and_mutable);
    tcase_add_test(tc, clone_rejects_null_arguments);
    tcase_add_test(tc, equal_sees_every_kind_of_difference);
    suite_add_tcase(s, tc);

    tc = tcase_create("cross_dock_and_trips");
    tcase_add_test(tc, cross_dock_trips_and_loading_round_trip);
    tcase_add_test(tc, add_rejects_bad_cross_dock_trips_and_loading);
    tcase_add_test(tc, hub_and_vehicle_specs_of_older_versions_get_the_new_defaults);
    tcase_add_test(tc, equal_and_clone_see_cross_dock_trips_and_loading);
    suite_add_tcase(s, tc);

    tc = tcase_create("days_and_storage");
    tcase_add_test(tc, days_and_storage_round_trip_sorted);
    tcase_add_test(tc, days_and_storage_default_to_every_day_and_no_limit);
    tcase_add_test(tc, add_rejects_bad_days_and_storage);
    tcase_add_test(tc, add_with_days_that_fails_later_leaves_the_model_unchanged);
    tcase_add_test(tc, specs_of_older_versions_get_every_day_and_no_storage_limit);
    tcase_add_test(tc, validate_rejects_a_day_after_the_last_operating_day);
    tcase_add_test(tc, equal_and_clone_see_days_and_storage);
    tcase_add_test(tc, remove_last_frees_and_forgets_the_day_lists);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(model_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
