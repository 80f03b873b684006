/* Unit tests of overlays (lib/io/overlay_*.c; datasets/SCHEMA.md,
 * "Overlays"): a document with a top-level `base` names a base model file
 * and changes it.  Every change kind read back through the public
 * accessors, chains resolved folder by folder, cycles and chains too deep,
 * missing and broken bases, unknown ids and bad values at their exact
 * positions in the overlay, and the options of buffers (base_dir,
 * allow_overlays, version 1 callers), and the confinement of bases to the
 * folder overlays may read (symbolic links, FIFOs, devices, paths outside,
 * none of them read).  Fixtures: tests/data/overlay,
 * found through TERROIR_TEST_DATA. */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <terroir/terroir.h>

#include "core/core.h"

#define TOL 1e-9

static const char *data_dir(void)
{
    const char *d = getenv("TERROIR_TEST_DATA");
    return d ? d : "tests/data";
}

static char *overlay_path(const char *name)
{
    char *p = core__asprintf("%s/overlay/%s", data_dir(), name);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* Load tests/data/overlay/NAME; returns the code. */
static int load(const char *name, terroir_model **m, terroir_diagnostics **d)
{
    char *path = overlay_path(name);
    *m = NULL;
    int rc = terroir_model_load_yaml_file(m, path, NULL, d);
    free(path);
    return rc;
}

/* Load a file that must load. */
static terroir_model *load_ok(const char *name)
{
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    int rc = load(name, &m, &d);
    const terroir_error *e = terroir_diagnostics_get(d, 0);
    ck_assert_msg(rc == 0, "%s: %s:%lu:%lu: %s", name, e && e->file ? e->file : "", e ? e->line : 0,
                  e ? e->column : 0, e ? e->message : "");
    ck_assert_int_eq(terroir_model_is_validated(m), 1);
    terroir_diagnostics_free(d);
    return m;
}

/* Problem i is at line:column of a file whose name ends with `file`, its
 * message holds `text` and its field is `field` (NULL: not checked). */
static void expect_problem(const terroir_diagnostics *d, size_t i, const char *file,
                           unsigned long line, unsigned long column, const char *text,
                           const char *field)
{
    const terroir_error *e = terroir_diagnostics_get(d, i);
    ck_assert_msg(e != NULL, "no problem %zu", i);
    size_t nf = strlen(file), ne = e->file ? strlen(e->file) : 0;
    ck_assert_msg(ne >= nf && strcmp(e->file + ne - nf, file) == 0, "problem %zu in %s, not %s",
                  i, e->file ? e->file : "(null)", file);
    ck_assert_msg(e->line == line && e->column == column && strstr(e->message, text),
                  "problem %zu: got %lu:%lu: %s; want %lu:%lu: %s", i, e->line, e->column,
                  e->message, line, column, text);
    if (field)
        ck_assert_msg(e->field && strcmp(e->field, field) == 0, "problem %zu: field %s, want %s",
                      i, e->field ? e->field : "(null)", field);
}

typedef struct want_problem {
    const char *file; /* end of the file name */
    unsigned long line, column;
    const char *text, *field;
} want_problem;

/* tests/data/overlay/NAME fails to load with exactly these problems, the
 * first of which is also the last error. */
static void expect_problems(const char *name, const want_problem *want, size_t n)
{
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load(name, &m, &d), TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_uint_eq(terroir_diagnostics_count(d), n);
    for (size_t i = 0; i < n; i++)
        expect_problem(d, i, want[i].file, want[i].line, want[i].column, want[i].text,
                       want[i].field);
    const terroir_error *e = terroir_error_last();
    ck_assert(e && strcmp(e->message, terroir_diagnostics_get(d, 0)->message) == 0 &&
              strcmp(e->file, terroir_diagnostics_get(d, 0)->file) == 0);
    terroir_diagnostics_free(d);
}

static size_t find(const terroir_model *m, terroir_entity kind, const char *id)
{
    size_t i = 0;
    ck_assert_msg(terroir_model_find(m, kind, id, &i) == 0, "no %s '%s'",
                  terroir_entity_to_string(kind), id);
    return i;
}

static int has(const terroir_model *m, terroir_entity kind, const char *id)
{
    size_t i = 0;
    return terroir_model_find(m, kind, id, &i) == 0;
}

/* Quantity of `product` in the supply (producers) or demand (points) of
 * site `site`; -1 when it has no such line. */
static double quantity(const terroir_model *m, terroir_entity kind, const char *site,
                       const char *product)
{
    size_t s = find(m, kind, site), p = find(m, TERROIR_ENTITY_PRODUCT, product);
    int supply = kind == TERROIR_ENTITY_PRODUCER;
    size_t n = supply ? terroir_model_supply_count(m, s) : terroir_model_demand_count(m, s);
    for (size_t k = 0; k < n; k++) {
        size_t product_k;
        double q;
        if (supply)
            ck_assert_int_eq(terroir_model_get_supply(m, s, k, &product_k, &q), 0);
        else
            ck_assert_int_eq(terroir_model_get_demand(m, s, k, &product_k, &q), 0);
        if (product_k == p)
            return q;
    }
    return -1;
}

static double demand(const terroir_model *m, const char *point, const char *product)
{
    return quantity(m, TERROIR_ENTITY_POINT, point, product);
}

static double supply(const terroir_model *m, const char *producer, const char *product)
{
    return quantity(m, TERROIR_ENTITY_PRODUCER, producer, product);
}

/* ------------------------------------------------------------------ changes */

START_TEST(overlay_without_changes_equals_its_base)
{
    terroir_model *base = load_ok("base.yaml");
    static const char *const names[] = {"noop.yaml", "noop_empty_changes.yaml"};
    for (size_t i = 0; i < 2; i++) {
        terroir_model *m = load_ok(names[i]);
        ck_assert_msg(terroir_model_equal(m, base), "%s differs from its base", names[i]);
        terroir_model_free(m);
    }
    terroir_model_free(base);
}
END_TEST

START_TEST(overlay_changes_one_entity_of_each_kind)
{
    terroir_model *m = load_ok("entities.yaml");
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "Overlay: changed entities");
    ck_assert_double_eq_tol(s.co2_price, 50, TOL);
    ck_assert_uint_eq(s.operating_days, 6);

    terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_product(m, find(m, TERROIR_ENTITY_PRODUCT, "lettuce"), &p),
                     0);
    ck_assert_str_eq(p.name, "Laitue");
    ck_assert_double_eq_tol(p.shelf_life_hours, 72, TOL);
    ck_assert_int_eq(p.temperature, TERROIR_TEMPERATURE_CHILLED); /* kept */

    /* Mappings merge key by key; windows are replaced. */
    terroir_producer_spec pr = TERROIR_PRODUCER_SPEC_INIT;
    size_t a = find(m, TERROIR_ENTITY_PRODUCER, "ferme-a");
    ck_assert_int_eq(terroir_model_get_producer(m, a, &pr), 0);
    ck_assert_double_eq_tol(pr.self_delivery_kg, 500, TOL);
    ck_assert_double_eq_tol(pr.self_delivery_km, 60, TOL);
    ck_assert_double_eq_tol(supply(m, "ferme-a", "apples"), 1100, TOL);
    ck_assert_double_eq_tol(supply(m, "ferme-a", "lettuce"), 400, TOL);
    double open, close;
    ck_assert_uint_eq(terroir_model_time_window_count(m, TERROIR_SITE_PRODUCER, a), 1);
    ck_assert_int_eq(terroir_model_get_time_window(m, TERROIR_SITE_PRODUCER, a, 0, &open, &close),
                     0);
    ck_assert_double_eq_tol(open, 360, TOL);
    ck_assert_double_eq_tol(close, 600, TOL);

    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, find(m, TERROIR_ENTITY_HUB, "hub-b"), &h), 0);
    ck_assert_int_eq(h.status, TERROIR_HUB_OPEN);
    ck_assert_double_eq_tol(h.fixed_cost, 1200, TOL);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_AMBIENT], 10000, TOL);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_CHILLED], 9000, TOL);
    ck_assert_double_eq_tol(h.capacity_kg[TERROIR_TEMPERATURE_FROZEN], 1000, TOL);

    terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, find(m, TERROIR_ENTITY_POINT, "moisson"), &pt), 0);
    ck_assert_uint_eq(pt.priority, 2);
    ck_assert_int_eq(pt.kind, TERROIR_POINT_FOOD_BANK);
    ck_assert_double_eq_tol(demand(m, "moisson", "apples"), 350, TOL);
    ck_assert_double_eq_tol(demand(m, "moisson", "lettuce"), 80, TOL);

    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(
        terroir_model_get_vehicle_type(m, find(m, TERROIR_ENTITY_VEHICLE_TYPE, "reefer-a"), &v), 0);
    ck_assert_uint_eq(v.count, 0);
    ck_assert_int_eq(
        terroir_model_get_vehicle_type(m, find(m, TERROIR_ENTITY_VEHICLE_TYPE, "truck-b"), &v), 0);
    ck_assert_uint_eq(v.home_hub, find(m, TERROIR_ENTITY_HUB, "hub-a"));
    ck_assert_double_eq_tol(v.capacity[TERROIR_DIMENSION_KG], 4500, TOL);
    ck_assert_double_eq_tol(v.capacity[TERROIR_DIMENSION_M3], 20, TOL);
    terroir_model_free(m);
}
END_TEST

START_TEST(overlay_changes_cross_dock_trips_and_loading)
{
    terroir_model *m = load_ok("trips.yaml");
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, find(m, TERROIR_ENTITY_HUB, "hub-b"), &h), 0);
    ck_assert_double_eq_tol(h.cross_dock_minutes, 15, TOL);
    ck_assert_int_eq(terroir_model_get_hub(m, find(m, TERROIR_ENTITY_HUB, "hub-a"), &h), 0);
    ck_assert_double_eq_tol(h.cross_dock_minutes, TERROIR_DEFAULT_CROSS_DOCK_MINUTES, TOL);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(
        terroir_model_get_vehicle_type(m, find(m, TERROIR_ENTITY_VEHICLE_TYPE, "van-a"), &v), 0);
    ck_assert_uint_eq(v.trips_per_day, 2);
    ck_assert_double_eq_tol(v.loading_minutes, 20, TOL);
    ck_assert_int_eq(
        terroir_model_get_vehicle_type(m, find(m, TERROIR_ENTITY_VEHICLE_TYPE, "reefer-a"), &v), 0);
    ck_assert_uint_eq(v.trips_per_day, 1);
    ck_assert_int_eq(
        terroir_model_get_vehicle_type(m, find(m, TERROIR_ENTITY_VEHICLE_TYPE, "van-c"), &v), 0);
    ck_assert_uint_eq(v.trips_per_day, 3);
    ck_assert_double_eq_tol(v.loading_minutes, 0, TOL);
    terroir_model_free(m);
}
END_TEST

START_TEST(overlay_bad_cross_dock_and_trips_are_reported_with_overlay_paths)
{
    static const want_problem want[] = {
        {"bad_trips.yaml", 6, 33, "negative value '-15'", "changes.hubs.hub-b.cross_dock_minutes"},
        {"bad_trips.yaml", 8, 28, "trips_per_day must be between 1 and 100, got 0",
         "changes.vehicle_types.van-a.trips_per_day"},
        {"bad_trips.yaml", 8, 48, "expected a number", "changes.vehicle_types.van-a.loading_minutes"},
    };
    expect_problems("bad_trips.yaml", want, sizeof want / sizeof want[0]);
}
END_TEST

static void assert_days_are(const unsigned int *days, size_t n, const unsigned int *want,
                            size_t n_want)
{
    ck_assert_uint_eq(n, n_want);
    for (size_t k = 0; k < n; k++)
        ck_assert_uint_eq(days[k], want[k]);
}

START_TEST(overlay_changes_days_and_storage)
{
    terroir_model *m = load_ok("days.yaml");
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_producer(m, find(m, TERROIR_ENTITY_PRODUCER, "ferme-a"), &p),
                     0);
    assert_days_are(p.pickup_days, p.n_pickup_days, (const unsigned int[]){1, 4}, 2);
    ck_assert_int_eq(terroir_model_get_producer(m, find(m, TERROIR_ENTITY_PRODUCER, "ferme-b"), &p),
                     0);
    ck_assert_uint_eq(p.n_pickup_days, 0);
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, find(m, TERROIR_ENTITY_POINT, "moisson"), &q), 0);
    assert_days_are(q.delivery_days, q.n_delivery_days, (const unsigned int[]){2, 5}, 2);
    ck_assert_int_eq(terroir_model_get_point(m, find(m, TERROIR_ENTITY_POINT, "depanneur"), &q), 0);
    assert_days_are(q.delivery_days, q.n_delivery_days, (const unsigned int[]){3}, 1);
    ck_assert_int_eq(terroir_model_get_point(m, find(m, TERROIR_ENTITY_POINT, "epicerie"), &q), 0);
    ck_assert_uint_eq(q.n_delivery_days, 0);
    /* storage_kg changes key by key, like capacity_kg: the classes the
     * change does not name keep their base value (no limit). */
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, find(m, TERROIR_ENTITY_HUB, "hub-a"), &h), 0);
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_CHILLED], 500, TOL);
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_AMBIENT], TERROIR_UNLIMITED, TOL);
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_FROZEN], TERROIR_UNLIMITED, TOL);
    /* An added hub reads like one of a model file: classes not named get 0. */
    ck_assert_int_eq(terroir_model_get_hub(m, find(m, TERROIR_ENTITY_HUB, "hub-d"), &h), 0);
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_AMBIENT], 100, TOL);
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_CHILLED], 0, TOL);
    ck_assert_int_eq(terroir_model_get_hub(m, find(m, TERROIR_ENTITY_HUB, "hub-b"), &h), 0);
    ck_assert_double_eq_tol(h.storage_kg[TERROIR_TEMPERATURE_CHILLED], TERROIR_UNLIMITED, TOL);
    terroir_model_free(m);
}
END_TEST

/* An overlay of days.yaml gives ferme-a every day back with [] and hub-a
 * no chilled limit: the result is base.yaml but for moisson's days. */
START_TEST(overlay_clears_days_and_storage_of_its_base)
{
    terroir_model *m = load_ok("days_cleared.yaml");
    terroir_producer_spec p = TERROIR_PRODUCER_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_producer(m, find(m, TERROIR_ENTITY_PRODUCER, "ferme-a"), &p),
                     0);
    ck_assert_uint_eq(p.n_pickup_days, 0);
    ck_assert_ptr_null(p.pickup_days);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, find(m, TERROIR_ENTITY_HUB, "hub-a"), &h), 0);
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        ck_assert_double_eq_tol(h.storage_kg[t], TERROIR_UNLIMITED, TOL);
    terroir_point_spec q = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, find(m, TERROIR_ENTITY_POINT, "moisson"), &q), 0);
    assert_days_are(q.delivery_days, q.n_delivery_days, (const unsigned int[]){2, 5}, 2);
    terroir_model_free(m);
}
END_TEST

/* An overlay of days.yaml cuts the cycle to 4 days: moisson's inherited
 * day 5 is then past the cycle, found by validation. */
START_TEST(overlay_that_shortens_the_cycle_refuses_days_past_it)
{
    static const want_problem want[] = {
        {"days_short_cycle.yaml", 3, 1,
         "point 'moisson': delivery_days has day 5, but the cycle has 4", "points[1].delivery_days"},
    };
    expect_problems("days_short_cycle.yaml", want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(overlay_bad_days_and_storage_are_reported_with_overlay_paths)
{
    static const want_problem want[] = {
        {"bad_days.yaml", 6, 29, "a day must be between 1 and 366, got 0",
         "changes.producers.ferme-a.pickup_days[0]"},
        {"bad_days.yaml", 8, 35, "negative value '-1'", "changes.hubs.hub-b.storage_kg.chilled"},
        {"bad_days.yaml", 10, 34, "delivery_days lists day 2 twice",
         "changes.points.moisson.delivery_days[1]"},
    };
    expect_problems("bad_days.yaml", want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(overlay_scales_every_demand_line_and_one_producers_supply)
{
    terroir_model *m = load_ok("scale.yaml");
    ck_assert_double_eq_tol(demand(m, "epicerie", "lettuce"), 144, TOL);
    ck_assert_double_eq_tol(demand(m, "epicerie", "apples"), 120, TOL);
    ck_assert_double_eq_tol(demand(m, "ecole", "apples"), 240, TOL);
    ck_assert_double_eq_tol(demand(m, "cueillette", "apples"), 60, TOL);
    ck_assert_double_eq_tol(supply(m, "ferme-b", "apples"), 300, TOL);
    ck_assert_double_eq_tol(supply(m, "ferme-a", "apples"), 1000, TOL);
    terroir_model_free(m);
}
END_TEST

START_TEST(overlay_scale_factors_multiply_and_written_quantities_stay)
{
    terroir_model *m = load_ok("scale_map.yaml");
    /* all 2, kinds school 0.5 / food_bank 1.5, apples 3, point marche 10. */
    ck_assert_double_eq_tol(demand(m, "epicerie", "lettuce"), 7, TOL); /* as written */
    ck_assert_double_eq_tol(demand(m, "epicerie", "apples"), 100 * 2 * 3, TOL);
    ck_assert_double_eq_tol(demand(m, "moisson", "lettuce"), 80 * 2 * 1.5, TOL);
    ck_assert_double_eq_tol(demand(m, "moisson", "apples"), 300 * 2 * 1.5 * 3, TOL);
    ck_assert_double_eq_tol(demand(m, "ecole", "apples"), 200 * 2 * 0.5 * 3, TOL);
    ck_assert_double_eq_tol(demand(m, "marche", "lettuce"), 40 * 2 * 10, TOL);
    ck_assert_double_eq_tol(demand(m, "cueillette", "apples"), 50 * 2 * 3, TOL);
    ck_assert_double_eq_tol(supply(m, "ferme-a", "lettuce"), 400, TOL); /* supply untouched */
    terroir_model_free(m);
}
END_TEST

START_TEST(overlay_adds_and_removes_entities_keeping_sites_grouped)
{
    terroir_model *m = load_ok("add_remove.yaml");
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_PRODUCT), 2);
    ck_assert(!has(m, TERROIR_ENTITY_PRODUCT, "lettuce"));
    /* Removing lettuce drops its lines; the rest of ferme-a's supply stays. */
    ck_assert_uint_eq(terroir_model_supply_count(m, find(m, TERROIR_ENTITY_PRODUCER, "ferme-a")),
                      1);
    ck_assert_double_eq_tol(supply(m, "ferme-a", "apples"), 1000, TOL);
    ck_assert_double_eq_tol(supply(m, "ferme-c", "eggs"), 90, TOL);
    ck_assert_double_eq_tol(demand(m, "ecole-2", "eggs"), 20, TOL);

    /* Base sites in base order, each kind's additions after it. */
    static const char *const order[] = {"ferme-a", "ferme-c", "hub-a",   "hub-b",     "hub-d",
                                        "epicerie", "moisson", "ecole",  "ecole-2", "cueillette"};
    ck_assert_uint_eq(terroir_model_site_count(m), 10);
    for (size_t s = 0; s < 10; s++)
        ck_assert_str_eq(terroir_model_site_id(m, s), order[s]);

    /* A removed id may come back as a new entity. */
    terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_point(m, find(m, TERROIR_ENTITY_POINT, "cueillette"), &pt),
                     0);
    ck_assert_double_eq_tol(pt.location.lat, 45.46, TOL);
    ck_assert_double_eq_tol(demand(m, "cueillette", "eggs"), 5, TOL);

    static const char *const vehicles[] = {"reefer-a", "truck-b", "van-d"};
    ck_assert_uint_eq(terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE), 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_uint_eq(find(m, TERROIR_ENTITY_VEHICLE_TYPE, vehicles[i]), i);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 1, &v), 0);
    ck_assert_uint_eq(v.home_hub, find(m, TERROIR_ENTITY_HUB, "hub-b"));
    ck_assert_int_eq(terroir_model_get_vehicle_type(m, 2, &v), 0);
    ck_assert_uint_eq(v.home_hub, find(m, TERROIR_ENTITY_HUB, "hub-d"));
    terroir_model_free(m);
}
END_TEST

START_TEST(overlay_removing_a_site_drops_its_arcs_and_matrix_rows)
{
    terroir_model *m = load_ok("listed_remove.yaml");
    ck_assert(!has(m, TERROIR_ENTITY_HUB, "h2"));
    /* 5 base arcs, 3 of them at h2; 2 added at the end. */
    ck_assert_uint_eq(terroir_model_arc_count(m), 4);
    static const char *const ends[4][2] = {
        {"p1", "h1"}, {"h1", "c1"}, {"h1", "c2"}, {"p2", "h1"}};
    static const double costs[4] = {0.1, 0.2, 0.25, 0.15};
    for (size_t k = 0; k < 4; k++) {
        size_t from, to;
        double cost, km;
        ck_assert_int_eq(terroir_model_get_arc(m, k, &from, &to, &cost, &km), 0);
        ck_assert_str_eq(terroir_model_site_id(m, from), ends[k][0]);
        ck_assert_str_eq(terroir_model_site_id(m, to), ends[k][1]);
        ck_assert_double_eq_tol(cost, costs[k], TOL);
        if (k == 1)
            ck_assert_double_eq_tol(km, 2, TOL);
    }
    /* Matrix over p1, h1, h2, c1 loses h2's row and column. */
    const size_t *sites;
    const double *km, *minutes;
    ck_assert_uint_eq(terroir_model_matrix_size(m), 3);
    ck_assert_int_eq(terroir_model_get_matrix(m, &sites, &km, &minutes), 0);
    ck_assert_str_eq(terroir_model_site_id(m, sites[0]), "p1");
    ck_assert_str_eq(terroir_model_site_id(m, sites[1]), "h1");
    ck_assert_str_eq(terroir_model_site_id(m, sites[2]), "c1");
    ck_assert_double_eq_tol(km[0 * 3 + 2], 3, TOL);
    ck_assert_double_eq_tol(km[1 * 3 + 2], 2, TOL);
    ck_assert_ptr_null(minutes);
    terroir_model_free(m);
}
END_TEST

START_TEST(overlay_model_written_back_loads_as_an_equal_model)
{
    terroir_model *m = load_ok("add_remove.yaml"), *again = NULL;
    char *text = NULL;
    ck_assert_int_eq(terroir_model_write_yaml_buffer(&text, NULL, m), 0);
    ck_assert_ptr_null(strstr(text, "base:"));
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&again, text, strlen(text), "flat.yaml", NULL,
                                                    NULL),
                     0);
    ck_assert(terroir_model_equal(m, again));
    terroir_free(text);
    terroir_model_free(again);
    terroir_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ chains */

START_TEST(overlay_chain_resolves_each_base_against_its_own_folder)
{
    /* chain/top.yaml names ../chain_mid.yaml: outside its own folder, the
     * default confinement, so the caller widens it to tests/data/overlay. */
    char *path = overlay_path("chain/top.yaml"), *root = overlay_path("");
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, NULL, &d), TERROIR_EINPUT);
    expect_problem(d, 0, "chain/top.yaml", 4, 7,
                   "base '../chain_mid.yaml' is outside the folder that overlays may read", "base");
    terroir_diagnostics_free(d);
    o.base_root = root;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, &o, NULL), 0);
    free(root);
    free(path);
    terroir_settings s = TERROIR_SETTINGS_INIT;
    ck_assert_int_eq(terroir_model_get_settings(m, &s), 0);
    ck_assert_str_eq(s.name, "Overlay chain");
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    ck_assert_int_eq(terroir_model_get_hub(m, find(m, TERROIR_ENTITY_HUB, "hub-b"), &h), 0);
    ck_assert_int_eq(h.status, TERROIR_HUB_OPEN); /* from chain_mid.yaml */
    ck_assert_double_eq_tol(demand(m, "moisson", "apples"), 600, TOL);
    terroir_model_free(m);
}
END_TEST

START_TEST(overlay_cycle_is_an_error_at_the_base_that_closes_it)
{
    static const want_problem cycle[] = {
        {"cycle_b.yaml", 2, 7, "overlay cycle: base './cycle_a.yaml'", "base"},
        {"cycle_a.yaml", 2, 7, "base 'cycle_b.yaml' is not a valid model", "base"},
    };
    static const want_problem self[] = {{"self.yaml", 2, 7, "overlay cycle", "base"}};
    expect_problems("cycle_a.yaml", cycle, 2);
    expect_problems("self.yaml", self, 1);
}
END_TEST

/* Write `text` into the file dir/name. */
static void write_text(const char *dir, const char *name, const char *text)
{
    char *path = core__asprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

/* Write a chain of overlays d<first>.yaml -> ... -> d<last>.yaml -> base.yaml
 * in `dir`, with a copy of tests/data/overlay/base.yaml. */
static void write_chain(const char *dir, int last)
{
    char *base = overlay_path("base.yaml"), *text = NULL;
    ck_assert_int_eq(core__read_file(base, 1 << 20, &text, NULL), 0);
    write_text(dir, "base.yaml", text);
    for (int i = 0; i <= last; i++) {
        char *name = core__asprintf("d%d.yaml", i);
        char *overlay = i < last ? core__asprintf("terroir: 1\nbase: d%d.yaml\n", i + 1)
                                 : core__strdup("terroir: 1\nbase: base.yaml\n");
        write_text(dir, name, overlay);
        free(overlay);
        free(name);
    }
    free(text);
    free(base);
}

static void remove_chain(const char *dir, int last)
{
    for (int i = 0; i <= last; i++) {
        char *path = core__asprintf("%s/d%d.yaml", dir, i);
        unlink(path);
        free(path);
    }
    char *path = core__asprintf("%s/base.yaml", dir);
    unlink(path);
    free(path);
    rmdir(dir);
}

START_TEST(overlay_chain_of_8_loads_and_of_9_is_refused)
{
    char dir[] = "/tmp/terroir-overlay-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_chain(dir, 8); /* d0 .. d8: nine overlays */
    terroir_model *m = NULL, *base = load_ok("base.yaml");
    terroir_diagnostics *d = NULL;
    char *d1 = core__asprintf("%s/d1.yaml", dir), *d0 = core__asprintf("%s/d0.yaml", dir);
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, d1, NULL, NULL), 0);
    ck_assert(terroir_model_equal(m, base));
    terroir_model_free(m);
    m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, d0, NULL, &d), TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    /* The ninth overlay refuses its base; each overlay above says why. */
    ck_assert_uint_eq(terroir_diagnostics_count(d), 9);
    expect_problem(d, 0, "d8.yaml", 2, 7, "too many overlays in a chain: at most 8", "base");
    expect_problem(d, 8, "d0.yaml", 2, 7, "base 'd1.yaml' is not a valid model", "base");
    terroir_diagnostics_free(d);
    free(d0);
    free(d1);
    terroir_model_free(base);
    remove_chain(dir, 8);
}
END_TEST

/* ------------------------------------------------------------------ problems */

START_TEST(overlay_missing_base_is_reported_at_the_base_key)
{
    static const want_problem want[] = {{"overlay/missing_base.yaml", 2, 7,
                                         "cannot read base 'no-such-model.yaml' (", "base"}};
    expect_problems("missing_base.yaml", want, 1);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "No such file"));
}
END_TEST

START_TEST(overlay_problems_inside_the_base_name_the_base_file)
{
    static const want_problem want[] = {
        {"overlay/bad_base_model.yaml", 9, 14, "unknown product 'letuce'",
         "producers[0].supply.letuce"},
        {"overlay/bad_base.yaml", 2, 7, "base 'bad_base_model.yaml' is not a valid model: 1 problem",
         "base"},
    };
    expect_problems("bad_base.yaml", want, 2);
}
END_TEST

START_TEST(overlay_unknown_ids_are_reported_where_the_overlay_names_them)
{
    static const want_problem want[] = {
        {"bad_ids.yaml", 6, 5, "no hub 'nowhere' in base 'base.yaml'", "changes.hubs"},
        {"bad_ids.yaml", 7, 12, "no point 'hub-c' in base 'base.yaml' ('hub-c' is a hub)",
         "changes.points"},
        {"bad_ids.yaml", 9, 30, "no vehicle type 'truck-z' in base 'base.yaml'",
         "changes.remove.vehicle_types[1]"},
        {"bad_ids.yaml", 10, 29, "no product 'pears' in base 'base.yaml'",
         "changes.demand_scale.products"},
    };
    expect_problems("bad_ids.yaml", want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(overlay_bad_values_are_reported_with_overlay_paths)
{
    static const want_problem want[] = {
        {"bad_values.yaml", 5, 21, "unknown hub status 'opne'", "changes.hubs.hub-b.status"},
        {"bad_values.yaml", 5, 39, "negative value '-5'", "changes.hubs.hub-b.fixed_cost"},
        {"bad_values.yaml", 7, 20, "expected a whole number, got '2.5'",
         "changes.vehicle_types.van-a.count"},
        {"bad_values.yaml", 7, 25, "unknown key 'id' in vehicle type changes",
         "changes.vehicle_types.van-a.id"},
        {"bad_values.yaml", 8, 17, "negative value '-1'", "changes.demand_scale"},
        {"bad_values.yaml", 9, 26, "unknown key 'kinds' in supply_scale",
         "changes.supply_scale.kinds"},
        {"bad_values.yaml", 10, 14, "unknown key 'coordinates' in settings changes",
         "changes.settings.coordinates"},
        {"bad_values.yaml", 12, 22, "unknown product 'pears'", "changes.points.ecole.demand.pears"},
        {"bad_values.yaml", 15, 14, "duplicate site id 'moisson' (already in base 'base.yaml')",
         "changes.add.points[0].id"},
        {"bad_values.yaml", 16, 3, "unknown key 'frobnicate' in changes", "changes.frobnicate"},
    };
    expect_problems("bad_values.yaml", want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(overlay_cannot_remove_a_hub_that_a_kept_vehicle_type_calls_home)
{
    /* van-a moves to hub-b; reefer-a stays at hub-a. */
    static const want_problem want[] = {
        {"remove_home_hub.yaml", 7, 19, "hub 'hub-a' is the home hub of vehicle type 'reefer-a'",
         "changes.remove.hubs[1]"}};
    expect_problems("remove_home_hub.yaml", want, 1);
}
END_TEST

START_TEST(overlay_validation_problems_point_into_the_overlay)
{
    static const want_problem want[] = {
        {"invalid_result.yaml", 7, 12, "starts before window 0 ends", "changes.hubs.hub-c"},
        {"invalid_result.yaml", 10, 9, "vehicle type 'cart' has zero kg capacity",
         "changes.add.vehicle_types[0]"},
    };
    expect_problems("invalid_result.yaml", want, 2);
}
END_TEST

START_TEST(overlay_top_level_problems)
{
    static const struct {
        const char *text;
        unsigned long line, column;
        const char *message, *field;
    } cases[] = {
        {"terroir: 2\nbase: base.yaml\n", 1, 10, "unsupported schema version 2", "terroir"},
        {"base: base.yaml\n", 1, 1, "missing required key 'terroir'", "terroir"},
        {"terroir: 1\nbase: ~\n", 2, 7, "expected a string", "base"},
        {"terroir: 1\nbase: base.yaml\nchanges: [1]\n", 3, 10, "expected a mapping of changes",
         "changes"},
        {"terroir: 1\nbase: base.yaml\nproducts: []\n", 3, 1,
         "unknown key 'products' in an overlay", "products"},
        {"terroir: 1\nbase: base.yaml\nchanges: {demand_scale: {kinds: {shop: 2}}}\n", 3, 34,
         "unknown point kind 'shop'", "changes.demand_scale.kinds.shop"},
        {"terroir: 1\nbase: base.yaml\nchanges: {remove: {hubs: [hub-c, hub-c]}}\n", 3, 34,
         "hub 'hub-c' is removed twice (first at 3:27)", "changes.remove.hubs[1]"},
        {"terroir: 1\nbase: base.yaml\nchanges: {hubs: {hub-c: {}}, remove: {hubs: [hub-c]}}\n",
         3, 46, "hub 'hub-c' is both changed and removed", "changes.remove.hubs[0]"},
    };
    char *dir = overlay_path("");
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.base_dir = dir;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        terroir_model *m = NULL;
        terroir_diagnostics *d = NULL;
        int rc = terroir_model_load_yaml_buffer(&m, cases[i].text, strlen(cases[i].text),
                                                "o.yaml", &o, &d);
        ck_assert_msg(rc == TERROIR_EINPUT, "case %zu: rc %d", i, rc);
        expect_problem(d, 0, "o.yaml", cases[i].line, cases[i].column, cases[i].message,
                       cases[i].field);
        terroir_diagnostics_free(d);
    }
    free(dir);
}
END_TEST

/* ------------------------------------------------------------------ buffers and options */

START_TEST(overlay_buffer_resolves_its_base_against_base_dir)
{
    static const char text[] = "terroir: 1\nbase: base.yaml\nchanges: {demand_scale: 2}\n";
    char *dir = overlay_path("");
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    o.base_dir = dir;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, text, strlen(text), NULL, &o, NULL), 0);
    ck_assert_double_eq_tol(demand(m, "marche", "lettuce"), 80, TOL);
    terroir_model_free(m);
    m = NULL;

    /* Without base_dir: the current directory, where there is no base.yaml. */
    ck_assert_int_ne(access("base.yaml", F_OK), 0);
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, text, strlen(text), NULL, NULL, &d),
                     TERROIR_EINPUT);
    expect_problem(d, 0, "<buffer>", 2, 7, "cannot read base 'base.yaml'", "base");
    terroir_diagnostics_free(d);

    /* base_dir is also the folder that overlays may read, unless base_root
     * says otherwise. */
    static const char outside[] = "terroir: 1\nbase: ../bad/overlay-base/base.yaml\n";
    ck_assert_int_eq(
        terroir_model_load_yaml_buffer(&m, outside, strlen(outside), NULL, &o, &d),
        TERROIR_EINPUT);
    expect_problem(d, 0, "<buffer>", 2, 7, "is outside the folder that overlays may read",
                   "base");
    terroir_diagnostics_free(d);
    o.base_root = data_dir();
    ck_assert_int_eq(
        terroir_model_load_yaml_buffer(&m, outside, strlen(outside), NULL, &o, NULL), 0);
    terroir_model_free(m);
    free(dir);
}
END_TEST

START_TEST(overlay_refused_when_overlays_are_not_allowed)
{
    static const char text[] = "terroir: 1\nbase: base.yaml\n";
    char *dir = overlay_path("");
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    terroir_model *m = NULL;
    terroir_diagnostics *d = NULL;
    o.base_dir = dir;
    o.allow_overlays = 0;
    ck_assert_int_eq(terroir_model_load_yaml_buffer(&m, text, strlen(text), "f.yaml", &o, &d),
                     TERROIR_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_uint_eq(terroir_diagnostics_count(d), 1);
    expect_problem(d, 0, "f.yaml", 2, 7, "overlays are not allowed here", "base");
    terroir_diagnostics_free(d);

    /* Files too. */
    char *path = overlay_path("noop.yaml");
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, &o, NULL), TERROIR_EINPUT);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "overlays are not allowed"));
    free(path);
    free(dir);
}
END_TEST

START_TEST(overlay_version_1_options_keep_working)
{
    /* A caller built against version 1 has a structure without the new
     * fields: only the version 1 fields may be read. */
    typedef struct {
        unsigned int version;
        size_t max_bytes;
        unsigned int max_depth;
        size_t max_problems;
    } options_v1;
    options_v1 *v1 = malloc(sizeof *v1); /* exactly that size: ASan sees any read past it */
    ck_assert_ptr_nonnull(v1);
    v1->version = 1;
    v1->max_bytes = (size_t)1 << 20;
    v1->max_depth = 32;
    v1->max_problems = 10;
    const terroir_load_options *o = (const terroir_load_options *)(void *)v1;
    char *path = overlay_path("scale.yaml");
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, o, NULL), 0);
    ck_assert_double_eq_tol(demand(m, "ecole", "apples"), 240, TOL);
    terroir_model_free(m);
    free(path);
    free(v1);
}
END_TEST

START_TEST(load_options_init_writes_only_the_fields_of_its_version)
{
    terroir_load_options o;
    memset(&o, 0, sizeof o);
    o.base_dir = "sentinel";
    o.allow_overlays = 7;
    ck_assert_int_eq(terroir_load_options_init(&o, 1), 0);
    ck_assert_uint_eq(o.version, 1);
    ck_assert_uint_eq(o.max_problems, 100);
    ck_assert_str_eq(o.base_dir, "sentinel");
    ck_assert_int_eq(o.allow_overlays, 7);
    o.language = (terroir_language)7;
    ck_assert_int_eq(terroir_load_options_init(&o, 2), 0);
    ck_assert_uint_eq(o.version, 2);
    ck_assert_ptr_null(o.base_dir);
    ck_assert_int_eq(o.allow_overlays, 1);
    ck_assert_int_eq(o.language, 7); /* a version 2 structure ends before it */
    o.base_root = "sentinel";
    ck_assert_int_eq(terroir_load_options_init(&o, 3), 0);
    ck_assert_int_eq(o.language, TERROIR_LANGUAGE_EN);
    ck_assert_str_eq(o.base_root, "sentinel"); /* a version 3 structure ends before it */
    ck_assert_int_eq(terroir_load_options_init(&o, 4), 0);
    ck_assert_ptr_null(o.base_root);
    ck_assert_int_eq(terroir_load_options_init(&o, 5), TERROIR_EINVAL);
}
END_TEST

/* ------------------------------------------------------------ confinement */

/* A folder T with T/secret.yaml (a model outside the overlays' folder, with
 * a top-level key that a message would quote if the file were read) and
 * T/scenarios, where the overlays are written.  Returns T. */
static char *confinement_dir(void)
{
    char *top = core__strdup("/tmp/terroir-confine-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(top));
    write_text(top, "secret.yaml", "terroir: 1\nsecret_key_zz9: 1\n");
    char *sub = core__asprintf("%s/scenarios", top);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    free(sub);
    return top;
}

static void confinement_dir_free(char *top)
{
    static const char *const names[] = {"scenarios/o.yaml", "scenarios/link.yaml",
                                        "scenarios/fifo.yaml", "scenarios/sub", "scenarios",
                                        "secret.yaml"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = core__asprintf("%s/%s", top, names[i]);
        if (unlink(path) != 0)
            rmdir(path);
        free(path);
    }
    rmdir(top);
    free(top);
}

/* Load top/scenarios/o.yaml holding "terroir: 1\nbase: <base>\n" with
 * options `o` (NULL: defaults); returns the code and the problems. */
static int load_overlay_naming(const char *top, const char *base, const terroir_load_options *o,
                               terroir_diagnostics **d)
{
    char *dir = core__asprintf("%s/scenarios", top);
    char *text = core__asprintf("terroir: 1\nbase: %s\n", base);
    write_text(dir, "o.yaml", text);
    char *path = core__asprintf("%s/o.yaml", dir);
    terroir_model *m = NULL;
    int rc = terroir_model_load_yaml_file(&m, path, o, d);
    terroir_model_free(m);
    free(path);
    free(text);
    free(dir);
    return rc;
}

/* No problem quotes the secret file's key: it was not read. */
static void expect_secret_unread(const terroir_diagnostics *d)
{
    for (size_t i = 0; i < terroir_diagnostics_count(d); i++) {
        const terroir_error *e = terroir_diagnostics_get(d, i);
        ck_assert_msg(!strstr(e->message, "secret_key_zz9"), "read outside: %s", e->message);
        ck_assert_msg(!e->file || !strstr(e->file, "secret.yaml"), "read outside: %s", e->file);
    }
}

START_TEST(overlay_base_outside_its_folder_is_refused_before_reading)
{
    char *top = confinement_dir();
    /* ../secret.yaml, absolute system files, a path that does not exist
     * (refused as outside, not "no such file": nothing is told about files
     * outside), and a symbolic link inside that leads outside. */
    char *link = core__asprintf("%s/scenarios/link.yaml", top);
    ck_assert_int_eq(symlink("../secret.yaml", link), 0);
    static const char *const bases[] = {"../secret.yaml", "/etc/passwd", "/proc/self/environ",
                                        "../no-such-file.yaml", "sub/../../secret.yaml",
                                        "link.yaml"};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        terroir_diagnostics *d = NULL;
        ck_assert_int_eq(load_overlay_naming(top, bases[i], NULL, &d), TERROIR_EINPUT);
        ck_assert_msg(terroir_diagnostics_count(d) == 1, "%s: %zu problems", bases[i],
                      terroir_diagnostics_count(d));
        expect_problem(d, 0, "o.yaml", 2, 7, "is outside the folder that overlays may read",
                       "base");
        expect_secret_unread(d);
        terroir_diagnostics_free(d);
    }
    /* A wider folder lets the same overlay read it (and its problems come
     * through, as for any base). */
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.base_root = top;
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load_overlay_naming(top, "../secret.yaml", &o, &d), TERROIR_EINPUT);
    int quoted = 0;
    for (size_t i = 0; i < terroir_diagnostics_count(d); i++)
        quoted |= strstr(terroir_diagnostics_get(d, i)->message, "secret_key_zz9") != NULL;
    ck_assert_msg(quoted, "the base inside the wider folder was not read");
    terroir_diagnostics_free(d);
    free(link);
    confinement_dir_free(top);
}
END_TEST

START_TEST(overlay_base_that_is_not_a_regular_file_is_refused_at_once)
{
    char *top = confinement_dir();
    char *fifo = core__asprintf("%s/scenarios/fifo.yaml", top);
    char *sub = core__asprintf("%s/scenarios/sub", top);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0); /* opening it to read would block */
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    terroir_diagnostics *d = NULL;
    ck_assert_int_eq(load_overlay_naming(top, "fifo.yaml", NULL, &d), TERROIR_EINPUT);
    expect_problem(d, 0, "o.yaml", 2, 7, "base 'fifo.yaml' is not a regular file", "base");
    terroir_diagnostics_free(d);
    ck_assert_int_eq(load_overlay_naming(top, "sub", NULL, &d), TERROIR_EINPUT);
    expect_problem(d, 0, "o.yaml", 2, 7, "base 'sub' is a folder", "base");
    terroir_diagnostics_free(d);
    /* A device, even inside the folder allowed (here all of /), is not
     * read (it was, up to max_bytes, from /dev/zero). */
    terroir_load_options o = TERROIR_LOAD_OPTIONS_INIT;
    o.base_root = "/";
    ck_assert_int_eq(load_overlay_naming(top, "/dev/zero", &o, &d), TERROIR_EINPUT);
    expect_problem(d, 0, "o.yaml", 2, 7, "base '/dev/zero' is not a regular file", "base");
    terroir_diagnostics_free(d);
    free(sub);
    free(fifo);
    confinement_dir_free(top);
}
END_TEST

START_TEST(overlay_version_3_options_get_the_default_confinement)
{
    /* A version 3 structure ends before base_root: never read. */
    size_t size = offsetof(terroir_load_options, base_root);
    terroir_load_options *v3 = malloc(size);
    ck_assert_ptr_nonnull(v3);
    ck_assert_int_eq(terroir_load_options_init(v3, 3), 0);
    char *path = overlay_path("chain/top.yaml");
    terroir_model *m = NULL;
    ck_assert_int_eq(terroir_model_load_yaml_file(&m, path, v3, NULL), TERROIR_EINPUT);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "is outside the folder"));
    free(path);
    free(v3);
}
END_TEST

static Suite *overlay_suite(void)
{
    Suite *s = suite_create("overlay");
    TCase *tc = tcase_create("changes");
    tcase_add_test(tc, overlay_without_changes_equals_its_base);
    tcase_add_test(tc, overlay_changes_one_entity_of_each_kind);
    tcase_add_test(tc, overlay_changes_cross_dock_trips_and_loading);
    tcase_add_test(tc, overlay_changes_days_and_storage);
    tcase_add_test(tc, overlay_clears_days_and_storage_of_its_base);
    tcase_add_test(tc, overlay_scales_every_demand_line_and_one_producers_supply);
    tcase_add_test(tc, overlay_scale_factors_multiply_and_written_quantities_stay);
    tcase_add_test(tc, overlay_adds_and_removes_entities_keeping_sites_grouped);
    tcase_add_test(tc, overlay_removing_a_site_drops_its_arcs_and_matrix_rows);
    tcase_add_test(tc, overlay_model_written_back_loads_as_an_equal_model);
    suite_add_tcase(s, tc);

    tc = tcase_create("chains");
    tcase_add_test(tc, overlay_chain_resolves_each_base_against_its_own_folder);
    tcase_add_test(tc, overlay_cycle_is_an_error_at_the_base_that_closes_it);
    tcase_add_test(tc, overlay_chain_of_8_loads_and_of_9_is_refused);
    suite_add_tcase(s, tc);

    tc = tcase_create("problems");
    tcase_add_test(tc, overlay_missing_base_is_reported_at_the_base_key);
    tcase_add_test(tc, overlay_problems_inside_the_base_name_the_base_file);
    tcase_add_test(tc, overlay_unknown_ids_are_reported_where_the_overlay_names_them);
    tcase_add_test(tc, overlay_bad_values_are_reported_with_overlay_paths);
    tcase_add_test(tc, overlay_bad_cross_dock_and_trips_are_reported_with_overlay_paths);
    tcase_add_test(tc, overlay_bad_days_and_storage_are_reported_with_overlay_paths);
    tcase_add_test(tc, overlay_that_shortens_the_cycle_refuses_days_past_it);
    tcase_add_test(tc, overlay_cannot_remove_a_hub_that_a_kept_vehicle_type_calls_home);
    tcase_add_test(tc, overlay_validation_problems_point_into_the_overlay);
    tcase_add_test(tc, overlay_top_level_problems);
    suite_add_tcase(s, tc);

    tc = tcase_create("options");
    tcase_add_test(tc, overlay_buffer_resolves_its_base_against_base_dir);
    tcase_add_test(tc, overlay_refused_when_overlays_are_not_allowed);
    tcase_add_test(tc, overlay_version_1_options_keep_working);
    tcase_add_test(tc, load_options_init_writes_only_the_fields_of_its_version);
    suite_add_tcase(s, tc);

    tc = tcase_create("confinement");
    tcase_add_test(tc, overlay_base_outside_its_folder_is_refused_before_reading);
    tcase_add_test(tc, overlay_base_that_is_not_a_regular_file_is_refused_at_once);
    tcase_add_test(tc, overlay_version_3_options_get_the_default_confinement);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(overlay_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear(); /* so that valgrind sees no block left behind */
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
