/* terroir: plans a planner reads — a self-contained HTML report (KPI cards,
 * an SVG map of the sites and routes, tables of hubs, routes and unserved
 * demand), GeoJSON for GIS tools, CSV tables for spreadsheets, and an HTML
 * page comparing the plans of several scenarios side by side.
 *
 * A plan holds ids, not coordinates: every writer takes the model the plan
 * was made from (the same model, or one equal to it) and reads the
 * locations there.  A plan that does not match its model (a different
 * number of hubs, a hub, route stop, flow or unserved line naming a site the
 * model does not have) is rejected with TERROIR_EINVAL.
 *
 * The HTML is one file with no network access at all: inline CSS, inline
 * SVG, no scripts, no external fonts or images, so it can be mailed,
 * archived and printed.  Every string from the model or the plan is
 * escaped.  Maps project latitude/longitude with an equirectangular
 * projection scaled by cos(mean latitude); PLANAR models are drawn in their
 * x/y units.  Numbers in every output use '.' as decimal separator whatever
 * the host's locale.
 *
 * The _buffer forms return a NUL-terminated text (free it with
 * terroir_free()) and its length in *out_len (may be NULL); *out is written
 * only on success.  The _file forms replace the file.  Errors of every
 * function: TERROIR_EINVAL (a NULL argument, an unknown options version, a
 * plan that is not the model's), TERROIR_EIO (a file that cannot be
 * written), TERROIR_ENOMEM. */
#ifndef TERROIR_REPORT_H
#define TERROIR_REPORT_H

#include "plan.h"
#include "share.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct terroir_report_options {
    unsigned int version;
    /* Title of the page.  NULL (default): "terroir plan — " and the model's
     * name (or "terroir plan" when it has none). */
    const char *title;
    /* 1 (default): when the plan has no routes, draw the allocation flows on
     * the map as thin lines (producer -> hub -> point); 0: never. */
    int show_flows;
    /* Rows at most in each long table (flows are not tabulated; routes,
     * unserved lines and unserved stops are); the rest is counted in a
     * note that points to the CSV export.  0: every row.  Default 500. */
    size_t max_table_rows;
    /* Width of the map in CSS pixels (the map scales down on narrow
     * screens and in print).  0: the default, 1000 (compare pages: each
     * scenario's map gets the width divided by the number of scenarios, at
     * least 320). */
    double map_width;
    /* ---- version 2 */
    /* When not NULL, the report gets a section "Cost sharing among members"
     * from this result (share.h): each member's stand-alone cost and share
     * under each method computed, its saving, the core check.  Borrowed
     * for the call.  Default NULL. */
    const terroir_share *share;
    /* ---- version 3: language of the page (its text, `<html lang>`, and
     * the numbers people read: "12 345,6" in French, "12,345.6" in
     * English).  Default TERROIR_LANGUAGE_EN.  The CSV and GeoJSON
     * writers, which take no options, are for machines and never change. */
    terroir_language language;
} terroir_report_options;
#define TERROIR_REPORT_OPTIONS_VERSION 3
#define TERROIR_REPORT_OPTIONS_INIT                                            \
    { TERROIR_REPORT_OPTIONS_VERSION, NULL, 1, 500, 0.0, NULL, TERROIR_LANGUAGE_EN }

/* Initialise `opts` to the defaults of structure version `version` (1 or
 * 2; only the fields of that version are written).  TERROIR_EINVAL for
 * NULL or an unknown version. */
TERROIR_API int terroir_report_options_init(terroir_report_options *opts, unsigned int version);

/* The HTML report of `plan`, made from `model` (validated).  `opts` may be
 * NULL for the defaults. */
TERROIR_API int terroir_report_write_html_file(const terroir_model *model,
                                               const terroir_plan *plan, const char *path,
                                               const terroir_report_options *opts);
TERROIR_API int terroir_report_write_html_buffer(char **out, size_t *out_len,
                                                 const terroir_model *model,
                                                 const terroir_plan *plan,
                                                 const terroir_report_options *opts);

/* GeoJSON (RFC 7946): a FeatureCollection in WGS84 with coordinates in
 * [longitude, latitude] order.
 *   - one Point per site with a location: properties id, name, kind
 *     ("producer", "hub" or the point kind: "grocery", "food_bank", ...),
 *     for hubs status and open (boolean), for producers supply_kg, for points
 *     demand_kg, and served_kg (producers: kg shipped; hubs: throughput;
 *     points: kg received, less the kg of unserved stops);
 *   - one LineString per route, hub -> stops -> hub: properties
 *     feature "route", vehicle_type, vehicle, day, hub, km, minutes, cost,
 *     co2_kg, stops (count), color (the one of the HTML map);
 *   - one LineString per flow, producer -> hub -> point (or producer ->
 *     point when direct): properties feature "flow", product, from, via (or
 *     null), to, kg, km.
 * Sites without a location are left out, as are routes and flows through
 * them.  Errors as above, and TERROIR_EINVAL for a PLANAR model (GeoJSON
 * has no planar coordinates). */
TERROIR_API int terroir_report_write_geojson_file(const terroir_model *model,
                                                  const terroir_plan *plan, const char *path);
TERROIR_API int terroir_report_write_geojson_buffer(char **out, size_t *out_len,
                                                    const terroir_model *model,
                                                    const terroir_plan *plan);

/* CSV tables (RFC 4180: comma separated, fields quoted when they hold a
 * comma, a quote or a line break, CRLF line ends, a header row) written into
 * directory `dir`, which is created when missing (its parent must exist):
 * hubs.csv, flows.csv, routes.csv, route_stops.csv, unserved.csv,
 * unserved_stops.csv, route_stop_products.csv (one row per product moved at
 * a stop: route,position,site,kind,product,quantity,kg) and
 * self_deliveries.csv (producer,hub,product,quantity,kg,day,departure,
 * arrival).  Existing files of those names are replaced. */
TERROIR_API int terroir_report_write_csv_dir(const terroir_model *model, const terroir_plan *plan,
                                             const char *dir);

/* Route sheets for drivers, written into directory `dir` (created when
 * missing; its parent must exist), in opts->language (`opts` may be NULL):
 *   - route-NN.html, one printable page per route (NN = 1-based route
 *     number, zero-padded to the width of the count): vehicle, day, home
 *     hub, departure and return times, what to load at the hub per
 *     product, then each stop in order with its name and id, kind,
 *     arrival, start of service and departure, the quantities per product
 *     to unload (deliveries) or load (pickups), the kg moved and the load
 *     on board after the stop; the goods to unload back at the hub;
 *   - route_sheets.csv (machine format as terroir_report_write_csv_dir():
 *     times in minutes of the operating day, '.' decimals, English codes):
 *     route,vehicle_type,vehicle,day,hub,stop,site,name,kind,arrival,start,
 *     departure,product,quantity,unit,kg,stop_kg,load_after_kg,shared —
 *     one row per product moved at a stop (a stop whose goods cannot be
 *     traced to products has one row with an empty product).
 * A stop that lists its goods per product (terroir_plan_route_stop
 * .n_products > 0, every stop of a solved plan) shows them as they are.
 * A stop known in kg only: the products of a stop are the
 * allocation's flows between that site and the route's hub (deliveries:
 * flows through the hub to the point; pickups: flows from the producer
 * through the hub), of the temperature classes the stop carries, scaled
 * to the stop's kg in proportion to their kg — the routing stage's own
 * rule for the part a producer brings to the hub itself, so one pickup's
 * products are exact.  When several stops serve the same site from the
 * same hub (several days, temperature classes or parts), or a delivery
 * carries less than its flows (the rest is an unserved stop), the
 * quantities are shares and are flagged (`shared` = 1, "≈" on the page).
 * Products always add up to the stop's kg.
 * Models without producers (pure routing) have no flows: their deliveries
 * carry the points' demand lines, scaled the same way.  Existing files of
 * those names are replaced; older route pages beyond the plan's route
 * count are left alone. */
TERROIR_API int terroir_report_write_route_sheets_dir(const terroir_model *model,
                                                      const terroir_plan *plan, const char *dir,
                                                      const terroir_report_options *opts);

/* One HTML page comparing `n` plans (n >= 1) side by side: plans[i] made
 * from models[i], labelled labels[i] (NULL entries: "Scenario i+1").
 * KPIs with their differences to the first plan (absolute and relative,
 * coloured better or worse), hubs open, demand served by point kind, and a
 * small map per plan.  `opts` may be NULL. */
TERROIR_API int terroir_report_write_compare_html_file(const terroir_model *const *models,
                                                       const terroir_plan *const *plans,
                                                       const char *const *labels, size_t n,
                                                       const char *path,
                                                       const terroir_report_options *opts);
TERROIR_API int terroir_report_write_compare_html_buffer(char **out, size_t *out_len,
                                                         const terroir_model *const *models,
                                                         const terroir_plan *const *plans,
                                                         const char *const *labels, size_t n,
                                                         const terroir_report_options *opts);

#ifdef __cplusplus
}
#endif

#endif
