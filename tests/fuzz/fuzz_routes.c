/* libFuzzer target: routes files (terroir_routes_load_yaml_buffer, the
 * input of `terroir route check`) on arbitrary bytes, then the route
 * checker (terroir_route_check) on what loads, against a fixed small model
 * whose ids the seeds use (tests/cli/data/small.yaml).  Neither may crash,
 * hang, leak or read out of bounds; a failure must explain itself; a
 * report must answer every accessor for every route, stop and violation
 * it counts. */
#include <stdint.h>
#include <stdlib.h>

#include <terroir/terroir.h>

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* tests/cli/data/small.yaml, without its comments. */
static const char model_yaml[] =
    "terroir: 1\n"
    "settings: {coordinates: latlon, road_factor: 1.3, speed_kmh: 60}\n"
    "products:\n"
    "  - {id: lettuce, temperature: chilled, shelf_life_hours: 96}\n"
    "  - {id: eggs, temperature: chilled, unit: dozen, kg_per_unit: 0.7}\n"
    "  - {id: potatoes, temperature: ambient, m3_per_unit: 0.002}\n"
    "producers:\n"
    "  - {id: ferme-des-saules, lat: 45.30, lon: -73.25, supply: {lettuce: 400, eggs: 120},\n"
    "     time_windows: [[\"07:00\", \"11:00\"]], service_minutes: 15}\n"
    "  - {id: ferme-du-ruisseau, lat: 45.42, lon: -72.95, supply: {potatoes: 1500}}\n"
    "hubs:\n"
    "  - {id: hub-st-hyacinthe, lat: 45.63, lon: -72.96, status: candidate, fixed_cost: 1200,\n"
    "     opening_hours: [[\"05:00\", \"20:00\"]]}\n"
    "  - {id: hub-granby, lat: 45.40, lon: -72.73, status: open}\n"
    "points:\n"
    "  - {id: moisson-rive-sud, kind: food_bank, lat: 45.53, lon: -73.40,\n"
    "     demand: {lettuce: 80, potatoes: 600}}\n"
    "  - {id: epicerie-coop-granby, lat: 45.41, lon: -72.72, demand: {eggs: 50, lettuce: 120}}\n"
    "  - {id: ecole-st-jean, kind: school, lat: 45.31, lon: -73.26, demand: {potatoes: 200},\n"
    "     time_windows: [[\"08:00\", \"12:00\"]]}\n"
    "vehicle_types:\n"
    "  - {id: reefer-st-hyacinthe, home_hub: hub-st-hyacinthe, count: 2,\n"
    "     capacity: {kg: 6000, m3: 30, pallets: 12}, temperatures: [ambient, chilled],\n"
    "     max_duration_minutes: 600}\n"
    "  - {id: van-granby, home_hub: hub-granby, capacity: {kg: 1200}}\n";

static terroir_model *model;

/* Every item the report counts can be read. */
static void read_report(const terroir_route_report *report)
{
    terroir_route_report_summary s = {.version = TERROIR_ROUTE_REPORT_SUMMARY_VERSION};
    if (terroir_route_report_get_summary(report, &s) != 0 ||
        s.n_routes != terroir_route_report_route_count(report) ||
        s.n_violations != terroir_route_report_violation_count(report) ||
        s.feasible != (s.n_violations == 0))
        abort();
    size_t stops = 0;
    for (size_t i = 0; i < s.n_routes; i++) {
        terroir_plan_route r = {.version = TERROIR_PLAN_ROUTE_VERSION};
        if (terroir_route_report_get_route(report, i, &r) != 0 || !r.vehicle_type ||
            !r.load_start || r.n_dimensions != TERROIR_DIMENSION_COUNT)
            abort();
        for (size_t k = 0; k < r.n_stops; k++) {
            terroir_plan_route_stop st = {.version = TERROIR_PLAN_ROUTE_STOP_VERSION};
            if (terroir_route_report_get_stop(report, i, k, &st) != 0 || !st.site ||
                !st.load)
                abort();
        }
        stops += r.n_stops;
    }
    if (stops != s.n_stops)
        abort();
    for (size_t i = 0; i < s.n_violations; i++) {
        terroir_route_violation v = {.version = TERROIR_ROUTE_VIOLATION_VERSION};
        if (terroir_route_report_get_violation(report, i, &v) != 0 || !v.detail)
            abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (terroir_model_load_yaml_buffer(&model, model_yaml, sizeof model_yaml - 1, "small.yaml",
                                       NULL, NULL) != 0)
        abort(); /* the target's own model: a bug of the target */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    terroir_routes *routes = NULL;
    terroir_route_report *report = NULL;
    terroir_diagnostics *diags = NULL;
    terroir_load_options opts = TERROIR_LOAD_OPTIONS_INIT;
    opts.max_bytes = 1 << 20;
    opts.max_problems = 20;

    int rc = terroir_routes_load_yaml_buffer(&routes, (const char *)data, size, "fuzz.yaml",
                                             &opts, &diags);
    if (rc != 0) {
        fuzz_expect_explained(rc, routes);
        goto done;
    }
    if (!routes)
        abort();
    rc = terroir_route_check(&report, model, routes);
    if (rc != 0) {
        fuzz_expect_explained(rc, report);
        if (rc != TERROIR_EINPUT) /* unknown ids only */
            abort();
        goto done;
    }
    read_report(report);
done:
    terroir_route_report_free(report);
    terroir_routes_free(routes);
    terroir_diagnostics_free(diags);
    terroir_error_clear();
    return 0;
}
