/* Internal interface of the report module (include/terroir/report.h).
 *
 * Every writer starts from a report_view: the plan joined to the model it
 * was made from, one entry per site with its id, name, kind, location and
 * the kg the plan moves there.  The plan's items name sites by their index
 * in the plan's id table, which is the model's site index space (plan__new
 * copies the model's ids in order); report__view_open() checks that, so
 * the writers may use plan indices as model site indices. */
#ifndef TERROIR_REPORT_INTERNAL_H
#define TERROIR_REPORT_INTERNAL_H

#include <terroir/report.h>

#include "core/core.h"
#include "plan/plan_internal.h"

/* ---- the (model, plan) view (report_view.c) */

typedef struct report_site {
    const char *id;   /* borrowed from the model */
    const char *name; /* borrowed from the model; never NULL */
    terroir_site_kind kind;
    size_t index;     /* within its kind */
    terroir_point_kind point_kind;  /* points */
    terroir_hub_status hub_status;  /* hubs */
    int open;         /* hubs: open in the plan */
    int has_location;
    double x, y;      /* longitude, latitude (LATLON) or x, y (PLANAR) */
    /* Producers: supply; hubs: sum of capacities (UNLIMITED when any class
     * is unlimited); points: demand.  All in kg. */
    double kg;
    /* Producers: kg shipped (flows out, less unserved pickups); hubs:
     * throughput; points: kg received (flows in, less unserved deliveries). */
    double served_kg;
} report_site;

typedef struct report_view {
    const terroir_model *model;
    const terroir_plan *plan;
    int planar;
    const char *model_name;        /* NULL when the model has none */
    terroir_plan_summary summary;
    report_site *sites;            /* model site order */
    size_t n_sites;
    size_t n_hubs, n_hubs_open;
    size_t *route_vehicle;         /* per route: vehicle number over all types */
} report_view;

/* Join `plan` to `model`.  Errors (set, with `fn` in the message):
 * TERROIR_EINVAL for NULL, a model not validated or a plan not made from
 * this model; TERROIR_ENOMEM.  report__view_close() is safe after a
 * failure and on a zeroed view. */
int report__view_open(report_view *v, const terroir_model *model, const terroir_plan *plan,
                      const char *fn);
void report__view_close(report_view *v);

/* Name of vehicle type t of the model (never NULL). */
const char *report__vehicle_type_name(const report_view *v, size_t t);

/* Checks an options structure (NULL: defaults) into `out`.  TERROIR_EINVAL
 * for an unknown version or a negative or non-finite map width. */
int report__options(terroir_report_options *out, const terroir_report_options *in,
                    const char *fn);

/* ---- colours (palette.c) */

/* Colour of the routes of vehicle number `vehicle` (over all types), as
 * "#rrggbb": a palette of distinct colours, repeated when exhausted. */
const char *report__vehicle_color(size_t vehicle);
const char *report__point_kind_color(terroir_point_kind kind);

/* ---- words for people (labels.c), in the thread's message language */

const char *report__point_kind_label(terroir_point_kind kind); /* "Food banks", ... */
const char *report__status_label(terroir_status status);
const char *report__unserved_reason_label(terroir_unserved_reason reason);
const char *report__unserved_stop_reason_label(terroir_unserved_stop_reason reason);
const char *report__stop_kind_label(terroir_stop_kind kind);
const char *report__temperature_label(terroir_temperature t);
#define REPORT_PRODUCER_COLOR "#3a7d22"
#define REPORT_HUB_COLOR "#1d2731"

/* ---- text output helpers (text.c) */

/* Text and attribute values: & < > " ' escaped, control characters
 * replaced by spaces. */
void report__html_escape(core_strbuf *sb, const char *s);
/* A number with `decimals` decimals and its thousands grouped
 * ("12,345.6"; in French "12 345,6" with a narrow no-break space); "–"
 * when not finite.  Follows the thread's message language (core__lang),
 * never the host's locale. */
void report__html_number(core_strbuf *sb, double v, int decimals);
/* A percentage of part / whole with one decimal ("87.5%"); "–" when whole
 * is 0. */
void report__html_percent(core_strbuf *sb, double part, double whole);
/* Minutes as "h:mm". */
void report__html_duration(core_strbuf *sb, double minutes);
/* Shortest plain decimal form with at most `decimals` decimals ("12.5",
 * "3"); empty when not finite.  For CSV and SVG coordinates. */
void report__plain_number(core_strbuf *sb, double v, int decimals);

/* Hand a finished text over and release `sb`: written to `path` when not
 * NULL (TERROIR_EIO on failure), else returned in (*out, *out_len)
 * (TERROIR_ENOMEM when the buffer failed). */
int report__deliver(core_strbuf *sb, const char *path, char **out, size_t *out_len);

/* ---- the HTML page frame (html_page.c) */

/* <!doctype html> ... <body>: the style sheet shared by the report and the
 * comparison page. */
void report__html_head(core_strbuf *sb, const char *title);
void report__html_foot(core_strbuf *sb);
/* <thead> of a table: one <th> per column; a column whose name starts with
 * '#' holds numbers (right aligned; the '#' is not shown). */
void report__html_table_head(core_strbuf *sb, const char *const *columns, size_t n);
/* <td class="n"> with a number (report__html_number). */
void report__html_td_number(core_strbuf *sb, double v, int decimals);
/* A name with its id below it in small print (the id only when they differ). */
void report__html_name_id(core_strbuf *sb, const char *name, const char *id);

/* ---- the parts of the HTML report (html_kpis.c, html_tables.c) */

void report__html_kpis(core_strbuf *sb, const report_view *v);
void report__html_hubs(core_strbuf *sb, const report_view *v);
/* max_rows: rows at most (0: all), the rest counted in a note. */
void report__html_routes(core_strbuf *sb, const report_view *v, size_t max_rows);
void report__html_unserved(core_strbuf *sb, const report_view *v, size_t max_rows);
void report__html_unserved_stops(core_strbuf *sb, const report_view *v, size_t max_rows);
/* The section "Cost sharing among members" (html_share.c). */
void report__html_share(core_strbuf *sb, const terroir_share *share);

/* The default title: "terroir plan — NAME" (caller frees; NULL on ENOMEM). */
char *report__default_title(const char *model_name);

/* ---- the SVG map (html_map.c) */

typedef struct report_map_style {
    double width;       /* CSS pixels */
    int show_flows;     /* allocation flows when there are no routes */
    int hub_labels;     /* names of the open hubs */
    /* NULL: the map shows every site; else the area it shows (a detail
     * map), in model coordinates: x min, x max, y min, y max. */
    const double *area;
    /* NULL, or an area to outline (where the detail map is). */
    const double *outline;
} report_map_style;

/* 1 and the area of a detail map of the distribution points when the
 * region needs one (map_detail.c), else 0. */
int report__map_detail_area(const report_view *v, double area[4]);

/* An <svg> map of the view's sites and routes, with a legend. */
void report__map_svg(core_strbuf *sb, const report_view *v, const report_map_style *style);

#endif
