/* The tables of the HTML report: hubs (open or not, throughput and
 * utilisation per temperature class, value of one more kg of capacity),
 * routes (vehicle, hub, stops, km, duration, load, cost, CO2), and what is
 * left unserved (demand lines and route stops, with their reasons).  Long
 * tables are cut at max_table_rows with a note that points to the CSV
 * export, and unserved items come largest first, so a cut table still
 * shows what matters most. */
#include <math.h>
#include <stdlib.h>

#include "report/report_internal.h"


static void cut_note(core_strbuf *sb, size_t shown, size_t total, const char *csv)
{
    if (shown < total)
        core__sb_printf(sb, core__t("<p class=\"note\">%zu more rows not shown: see %s in the "
                                    "CSV export.</p>\n"),
                        total - shown, csv);
}

/* <table> with its head; returns how many of the `total` rows to show. */
static size_t long_table_begin(core_strbuf *sb, const char *const *cols, size_t n_cols,
                               size_t total, size_t max_rows)
{
    core__sb_puts(sb, "<table>");
    report__html_table_head(sb, cols, n_cols);
    core__sb_puts(sb, "<tbody>\n");
    return max_rows > 0 && total > max_rows ? max_rows : total;
}

static void long_table_end(core_strbuf *sb, size_t shown, size_t total, const char *csv)
{
    core__sb_puts(sb, "</tbody></table>\n");
    cut_note(sb, shown, total, csv);
}

/* ---- hubs */

static void hub_status(core_strbuf *sb, const report_site *s)
{
    if (s->open)
        core__sb_printf(sb, "<span class=\"tag open\">%s</span>",
                        s->hub_status == TERROIR_HUB_CANDIDATE ? core__t("opened")
                                                               : core__t("open"));
    else
        core__sb_printf(sb, "<span class=\"tag closed\">%s</span>",
                        s->hub_status == TERROIR_HUB_CANDIDATE ? core__t("not opened")
                                                               : core__t("closed"));
}

static void hub_class_cell(core_strbuf *sb, const terroir_plan_hub *h, int t)
{
    int hot = h->capacity_kg[t] != TERROIR_UNLIMITED && h->utilisation[t] >= 0.98 &&
              h->capacity_kg[t] > 0;
    core__sb_puts(sb, hot ? "<td class=\"n hot\">" : "<td class=\"n\">");
    if (h->capacity_kg[t] == 0) {
        core__sb_puts(sb, "\xe2\x80\x94</td>"); /* em dash: the hub cannot handle the class */
        return;
    }
    report__html_number(sb, h->throughput_kg[t], 0);
    if (h->capacity_kg[t] != TERROIR_UNLIMITED) {
        core__sb_puts(sb, "<span class=\"id\">");
        report__html_percent(sb, h->throughput_kg[t], h->capacity_kg[t]);
        core__sb_printf(sb, " %s ", core__t("of"));
        report__html_number(sb, h->capacity_kg[t], 0);
        core__sb_puts(sb, "</span>");
    }
    core__sb_puts(sb, "</td>");
}

void report__html_hubs(core_strbuf *sb, const report_view *v)
{
    static const char *const cols[] = {CORE_N("Hub"), CORE_N("Status"), CORE_N("#Fixed cost"),
                                       CORE_N("#Ambient kg"), CORE_N("#Chilled kg"),
                                       CORE_N("#Frozen kg"),
                                       CORE_N("#Value of 1 more kg of capacity")};
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n<table>", core__t("Hubs"));
    report__html_table_head(sb, cols, sizeof cols / sizeof cols[0]);
    core__sb_puts(sb, "<tbody>\n");
    for (size_t i = 0; i < v->plan->n_hubs; i++) {
        terroir_plan_hub h = {0};
        h.version = TERROIR_PLAN_HUB_VERSION;
        terroir_plan_get_hub(v->plan, i, &h);
        const report_site *s = &v->sites[v->plan->hubs[i].site];
        core__sb_puts(sb, "<tr><td>");
        report__html_name_id(sb, s->name, s->id);
        core__sb_puts(sb, "</td><td>");
        hub_status(sb, s);
        core__sb_puts(sb, "</td>");
        report__html_td_number(sb, h.fixed_cost, 0);
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            hub_class_cell(sb, &h, t);
        core__sb_puts(sb, "<td class=\"n\">");
        int any = 0;
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
            if (!(h.capacity_value_per_kg[t] > 0))
                continue;
            core__sb_printf(sb, "%s%s ", any ? "<br>" : "",
                            report__temperature_label((terroir_temperature)t));
            report__html_number(sb, h.capacity_value_per_kg[t], 3);
            any = 1;
        }
        if (!any)
            core__sb_printf(sb, "<span class=\"id\">%s</span>", core__t("not binding"));
        core__sb_puts(sb, "</td></tr>\n");
    }
    core__sb_printf(sb, "</tbody></table>\n<p class=\"note\">%s</p>\n</section>\n",
                    core__t("Throughput per temperature class with its share of the hub's "
                            "capacity (red from 98 percent). The value of 1 more kg is the money "
                            "the plan would save per kg of extra capacity of that class (the "
                            "dual value of the capacity)."));
}

/* ---- routes */

static double capacity_kg(const report_view *v, size_t vehicle_type)
{
    terroir_vehicle_type_spec spec = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    if (terroir_model_get_vehicle_type(v->model, vehicle_type, &spec) != 0)
        return TERROIR_UNLIMITED;
    return spec.capacity[TERROIR_DIMENSION_KG];
}

static void route_row(core_strbuf *sb, const report_view *v, size_t i)
{
    const plan_route *r = &v->plan->routes[i];
    double collected = 0, peak = r->load_start[TERROIR_DIMENSION_KG];
    size_t pickups = 0;
    for (size_t k = 0; k < r->n_stops; k++) {
        collected += r->stops[k].pickup[TERROIR_DIMENSION_KG];
        pickups += r->stops[k].kind == TERROIR_STOP_PICKUP;
        peak = fmax(peak, r->stops[k].load[TERROIR_DIMENSION_KG]);
    }
    core__sb_printf(sb, "<tr><td class=\"n\">%zu</td><td><i class=\"sw\" style=\"background:%s\">"
                        "</i>",
                    i + 1, report__vehicle_color(v->route_vehicle[i]));
    report__html_escape(sb, report__vehicle_type_name(v, r->vehicle_type));
    core__sb_printf(sb, core__t(" #%zu"), r->vehicle + 1);
    core__sb_printf(sb, "</td><td class=\"n\">%u</td><td>", r->day);
    report__html_escape(sb, v->sites[r->hub].name);
    core__sb_printf(sb, "</td><td class=\"n\">%zu", r->n_stops);
    if (pickups > 0)
        core__sb_printf(sb, core__t("<span class=\"id\">%zu pickups</span>"), pickups);
    core__sb_puts(sb, "</td>");
    report__html_td_number(sb, r->km, 1);
    core__sb_puts(sb, "<td class=\"n\">");
    report__html_duration(sb, r->minutes);
    core__sb_puts(sb, "<span class=\"id\">");
    report__html_duration(sb, r->departure);
    core__sb_puts(sb, "\xe2\x80\x93");
    report__html_duration(sb, r->arrival);
    core__sb_puts(sb, "</span></td>");
    report__html_td_number(sb, r->load_start[TERROIR_DIMENSION_KG], 0);
    report__html_td_number(sb, collected, 0);
    double cap = capacity_kg(v, r->vehicle_type);
    core__sb_puts(sb, "<td class=\"n\">");
    if (cap > 0)
        report__html_percent(sb, peak, cap);
    else
        core__sb_puts(sb, "\xe2\x80\x93");
    core__sb_puts(sb, "</td>");
    report__html_td_number(sb, r->cost, 2);
    report__html_td_number(sb, r->co2_kg, 1);
    core__sb_puts(sb, "</tr>\n");
}

void report__html_routes(core_strbuf *sb, const report_view *v, size_t max_rows)
{
    static const char *const cols[] = {CORE_N("#Route"), CORE_N("Vehicle"), CORE_N("#Day"),
                                       CORE_N("Hub"), CORE_N("#Stops"), CORE_N("#Km"),
                                       CORE_N("#Duration"), CORE_N("#Delivered kg"),
                                       CORE_N("#Collected kg"), CORE_N("#Peak load"),
                                       CORE_N("#Cost"), CORE_N("#CO2 kg")};
    const terroir_plan *p = v->plan;
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n", core__t("Routes"));
    if (p->n_routes == 0) {
        core__sb_printf(sb, "<p class=\"note\">%s</p>\n",
                        p->routed ? core__t("The routing stage made no route.")
                                  : core__t("This plan has no routing stage (the model has no "
                                            "vehicles, or routing was not asked for)."));
        core__sb_puts(sb, "</section>\n");
        return;
    }
    size_t shown = long_table_begin(sb, cols, sizeof cols / sizeof cols[0], p->n_routes,
                                    max_rows);
    for (size_t i = 0; i < shown; i++)
        route_row(sb, v, i);
    long_table_end(sb, shown, p->n_routes, "routes.csv");
    core__sb_printf(sb, "<p class=\"note\">%s</p>\n</section>\n",
                    core__t("Duration from departure to return, with the hours of day (h:mm) "
                            "below; peak load is the most the vehicle carries, as a share of "
                            "its kg capacity. Each route's stops in order are in "
                            "route_stops.csv and on the route sheets (terroir solve "
                            "--route-sheets DIR)."));
}

/* ---- unserved demand and stops */

/* Reasons in words for planners (the CSV keeps the codes). */
static const char *reason_words(terroir_unserved_reason r)
{
    switch (r) {
    case TERROIR_UNSERVED_NO_SUPPLY: return core__t("no producer supplies it");
    case TERROIR_UNSERVED_SHELF_LIFE: return core__t("no supply within its shelf life");
    case TERROIR_UNSERVED_COMPATIBILITY: return core__t("no hub or vehicle for its temperature");
    case TERROIR_UNSERVED_HUB_CAPACITY: return core__t("hub capacity used up");
    case TERROIR_UNSERVED_SUPPLY_SHORT: return core__t("supply used up by other points");
    case TERROIR_UNSERVED_COST: return core__t("costs more than its penalty");
    }
    return terroir_unserved_reason_to_string(r);
}

static const char *stop_reason_words(terroir_unserved_stop_reason r)
{
    switch (r) {
    case TERROIR_UNSERVED_STOP_CAPACITY: return core__t("too large for any vehicle");
    case TERROIR_UNSERVED_STOP_TIME_WINDOW: return core__t("time window out of reach");
    case TERROIR_UNSERVED_STOP_DURATION: return core__t("too far for the longest route");
    case TERROIR_UNSERVED_STOP_NO_COMPATIBLE_VEHICLE:
        return core__t("no vehicle for its temperature");
    case TERROIR_UNSERVED_STOP_FLEET_SIZE: return core__t("fleet used up");
    case TERROIR_UNSERVED_STOP_COST: return core__t("costs more than its penalty");
    case TERROIR_UNSERVED_STOP_DAY: return core__t("no day it receives or ships fits");
    }
    return terroir_unserved_stop_reason_to_string(r);
}

/* Whole numbers without decimals, others with one. */
static int quantity_decimals(double q)
{
    return fabs(q - round(q)) < 0.05 ? 0 : 1;
}

typedef struct by_kg {
    size_t index;
    double kg;
} by_kg;

static int by_kg_desc(const void *a, const void *b)
{
    const by_kg *x = a, *y = b;
    if (x->kg != y->kg)
        return x->kg > y->kg ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Indices of `n` items sorted by kg, largest first (NULL when short of
 * memory: the buffer is then marked failed). */
static by_kg *sorted_by_kg(core_strbuf *sb, size_t n, const double *kg, size_t stride)
{
    by_kg *order = core__calloc(n + 1, sizeof *order);
    if (!order) {
        sb->failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = (by_kg){i, *(const double *)((const char *)kg + i * stride)};
    qsort(order, n, sizeof *order, by_kg_desc);
    return order;
}

static void product_label(core_strbuf *sb, const report_view *v, size_t product,
                          const char **unit)
{
    terroir_product_spec spec = TERROIR_PRODUCT_SPEC_INIT;
    terroir_model_get_product(v->model, product, &spec);
    report__html_name_id(sb, spec.name ? spec.name : spec.id, spec.id);
    *unit = spec.unit ? spec.unit : "kg";
}

static void reason_summary(core_strbuf *sb, const terroir_plan *p)
{
    static const char *const cols[] = {CORE_N("Reason"), CORE_N("#Lines"), CORE_N("#kg")};
    size_t lines[TERROIR_UNSERVED_REASON_COUNT] = {0};
    double kg[TERROIR_UNSERVED_REASON_COUNT] = {0};
    for (size_t i = 0; i < p->n_unserved; i++) {
        unsigned r = (unsigned)p->unserved[i].reason;
        if (r < TERROIR_UNSERVED_REASON_COUNT) {
            lines[r]++;
            kg[r] += p->unserved[i].kg;
        }
    }
    core__sb_printf(sb, "<h3>%s</h3>\n<table style=\"width:auto;min-width:420px\">",
                    core__t("By reason"));
    report__html_table_head(sb, cols, 3);
    core__sb_puts(sb, "<tbody>\n");
    for (int r = 0; r < TERROIR_UNSERVED_REASON_COUNT; r++) {
        if (lines[r] == 0)
            continue;
        core__sb_printf(sb, "<tr><td>%s</td><td class=\"n\">%zu</td>",
                        reason_words((terroir_unserved_reason)r), lines[r]);
        report__html_td_number(sb, kg[r], 0);
        core__sb_puts(sb, "</tr>\n");
    }
    core__sb_puts(sb, "</tbody></table>\n");
}

void report__html_unserved(core_strbuf *sb, const report_view *v, size_t max_rows)
{
    static const char *const cols[] = {CORE_N("Point"), CORE_N("Kind"), CORE_N("Product"),
                                       CORE_N("#Quantity"), CORE_N("#kg"), CORE_N("Reason"),
                                       CORE_N("Detail")};
    /* The plan's details are English sentences (a plan is data): other
     * languages show the translated reason only. */
    size_t n_cols = sizeof cols / sizeof cols[0] - (core__lang() != TERROIR_LANGUAGE_EN);
    const terroir_plan *p = v->plan;
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n", core__t("Unserved demand"));
    if (p->n_unserved == 0) {
        core__sb_printf(sb, "<p class=\"note\">%s</p>\n</section>\n",
                        core__t("The allocation serves every demand line."));
        return;
    }
    reason_summary(sb, p);
    by_kg *order = sorted_by_kg(sb, p->n_unserved, &p->unserved[0].kg, sizeof p->unserved[0]);
    if (!order)
        return;
    core__sb_printf(sb, "<h3>%s</h3>\n", core__t("Lines, largest first"));
    size_t shown = long_table_begin(sb, cols, n_cols, p->n_unserved, max_rows);
    for (size_t k = 0; k < shown; k++) {
        const plan_unserved *u = &p->unserved[order[k].index];
        const report_site *s = &v->sites[u->point];
        const char *unit = "kg";
        core__sb_puts(sb, "<tr><td>");
        report__html_name_id(sb, s->name, s->id);
        core__sb_printf(sb, "</td><td>%s</td><td>", report__point_kind_label(s->point_kind));
        product_label(sb, v, u->product, &unit);
        core__sb_puts(sb, "</td><td class=\"n\">");
        report__html_number(sb, u->quantity, quantity_decimals(u->quantity));
        core__sb_puts(sb, " ");
        report__html_escape(sb, unit);
        core__sb_puts(sb, "</td>");
        report__html_td_number(sb, u->kg, 0);
        core__sb_printf(sb, "<td>%s</td>", reason_words(u->reason));
        if (n_cols == sizeof cols / sizeof cols[0]) {
            core__sb_puts(sb, "<td>");
            report__html_escape(sb, u->detail);
            core__sb_puts(sb, "</td>");
        }
        core__sb_puts(sb, "</tr>\n");
    }
    long_table_end(sb, shown, p->n_unserved, "unserved.csv");
    core__sb_puts(sb, "</section>\n");
    free(order);
}

void report__html_unserved_stops(core_strbuf *sb, const report_view *v, size_t max_rows)
{
    static const char *const cols[] = {CORE_N("Site"), CORE_N("Stop"), CORE_N("Hub"),
                                       CORE_N("#kg"), CORE_N("#Penalty"), CORE_N("Reason"),
                                       CORE_N("Detail")};
    size_t n_cols = sizeof cols / sizeof cols[0] - (core__lang() != TERROIR_LANGUAGE_EN);
    const terroir_plan *p = v->plan;
    if (p->n_unserved_stops == 0)
        return;
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n", core__t("Stops the routes leave unserved"));
    by_kg *order = sorted_by_kg(sb, p->n_unserved_stops, &p->unserved_stops[0].kg,
                                sizeof p->unserved_stops[0]);
    if (!order)
        return;
    size_t shown = long_table_begin(sb, cols, n_cols, p->n_unserved_stops, max_rows);
    for (size_t k = 0; k < shown; k++) {
        const plan_unserved_stop *u = &p->unserved_stops[order[k].index];
        const report_site *s = &v->sites[u->site];
        core__sb_puts(sb, "<tr><td>");
        report__html_name_id(sb, s->name, s->id);
        core__sb_printf(sb, "</td><td>%s</td><td>", report__stop_kind_label(u->kind));
        if (u->hub != PLAN_NONE)
            report__html_escape(sb, v->sites[u->hub].name);
        core__sb_puts(sb, "</td>");
        report__html_td_number(sb, u->kg, 0);
        report__html_td_number(sb, u->penalty, 2);
        core__sb_printf(sb, "<td>%s</td>", stop_reason_words(u->reason));
        if (n_cols == sizeof cols / sizeof cols[0]) {
            core__sb_puts(sb, "<td>");
            report__html_escape(sb, u->detail);
            core__sb_puts(sb, "</td>");
        }
        core__sb_puts(sb, "</tr>\n");
    }
    long_table_end(sb, shown, p->n_unserved_stops, "unserved_stops.csv");
    core__sb_printf(sb, "<p class=\"note\">%s</p>\n</section>\n",
                    core__t("An unserved delivery leaves its goods undelivered; an unserved "
                            "pickup leaves the goods it would have collected out of the "
                            "deliveries they were meant for."));
    free(order);
}
