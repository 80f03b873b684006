/* The HTML page that compares the plans of several scenarios side by side,
 * one column per scenario: key figures with their difference to the first
 * scenario (the reference: absolute and relative, green when better, red
 * when worse), demand served per kind of point, the hubs each scenario
 * opens, and a small map of each plan. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

/* Which way is better for a figure. */
enum { LOWER_IS_BETTER = -1, NEUTRAL = 0, HIGHER_IS_BETTER = 1 };

typedef struct kpi_def {
    const char *label;
    int decimals;
    int better;
    int is_share; /* a percentage: differences in percentage points */
} kpi_def;

enum {
    KPI_COST, KPI_FIXED_HUB, KPI_HANDLING, KPI_TRANSPORT, KPI_VEHICLES, KPI_CO2_PRICE,
    KPI_PENALTY, KPI_SERVED_SHARE, KPI_SERVED_KG, KPI_KM, KPI_HOURS, KPI_TONNE_KM, KPI_CO2,
    KPI_ROUTES, KPI_HUBS_OPEN, KPI_UNSERVED_STOPS, KPI_UNSERVED_LINES, KPI_COUNT
};

static const kpi_def kpis[KPI_COUNT] = {
    /* Labels are msgids (core__t where shown); `indent` rows are parts of
     * the total cost. */
    {CORE_N("Total cost"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Hubs (fixed)"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Handling"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Transport"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Vehicles (fixed)"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("CO2 price"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Unserved penalty (not money)"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Demand served"), 1, HIGHER_IS_BETTER, 1},
    {CORE_N("Demand served (kg)"), 0, HIGHER_IS_BETTER, 0},
    {CORE_N("Km driven"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Hours on the road"), 1, LOWER_IS_BETTER, 0},
    {CORE_N("Tonne-km"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("CO2 emitted (kg)"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Routes"), 0, NEUTRAL, 0},
    {CORE_N("Hubs open"), 0, NEUTRAL, 0},
    {CORE_N("Stops left unserved"), 0, LOWER_IS_BETTER, 0},
    {CORE_N("Unserved demand lines"), 0, LOWER_IS_BETTER, 0},
};

static double share_pct(double part, double whole)
{
    return whole > 0 ? 100.0 * part / whole : NAN;
}

static void kpi_values(const report_view *v, double out[KPI_COUNT])
{
    const terroir_plan_summary *s = &v->summary;
    int routed = v->plan->routed || s->n_routes > 0;
    out[KPI_COST] = s->objective;
    out[KPI_FIXED_HUB] = s->cost.fixed_hub;
    out[KPI_HANDLING] = s->cost.handling;
    out[KPI_TRANSPORT] = s->cost.transport;
    out[KPI_VEHICLES] = s->cost.vehicle_fixed;
    out[KPI_CO2_PRICE] = s->cost.co2;
    out[KPI_PENALTY] = s->cost.unserved_penalty;
    out[KPI_SERVED_SHARE] = share_pct(s->served_kg_total, s->demand_kg_total);
    out[KPI_SERVED_KG] = s->served_kg_total;
    out[KPI_KM] = routed ? s->routed_km : NAN;
    out[KPI_HOURS] = routed ? s->routed_minutes / 60.0 : NAN;
    out[KPI_TONNE_KM] = s->tonne_km;
    out[KPI_CO2] = s->co2_kg;
    out[KPI_ROUTES] = routed ? (double)s->n_routes : NAN;
    out[KPI_HUBS_OPEN] = (double)v->n_hubs_open;
    out[KPI_UNSERVED_STOPS] = routed ? (double)s->n_unserved_stops : NAN;
    out[KPI_UNSERVED_LINES] = (double)v->plan->n_unserved;
}

/* The difference of `x` to the reference `ref`, coloured by `better`;
 * nothing when they are equal at the precision shown, so that the
 * differences stand out. */
static void delta(core_strbuf *sb, double x, double ref, int better, int decimals, int is_share)
{
    double d = x - ref, tiny = 0.5 * pow(10.0, -decimals);
    if (!isfinite(d) || fabs(d) < tiny)
        return;
    const char *cls = "delta";
    if (better != NEUTRAL)
        cls = (d < 0) == (better == LOWER_IS_BETTER) ? "delta better" : "delta worse";
    core__sb_printf(sb, "<span class=\"%s\">", cls);
    core__sb_puts(sb, d > 0 ? "+" : "");
    report__html_number(sb, d, decimals);
    if (is_share) {
        core__sb_puts(sb, " pp");
    } else if (ref != 0) {
        core__sb_puts(sb, " (");
        core__sb_puts(sb, d > 0 ? "+" : "");
        report__html_number(sb, 100.0 * d / fabs(ref), 1);
        core__sb_puts(sb, "%)");
    }
    core__sb_puts(sb, "</span>");
}

static void label_header(core_strbuf *sb, const char *const *labels, size_t n, const char *first)
{
    core__sb_puts(sb, "<thead><tr><th>");
    core__sb_puts(sb, first);
    core__sb_puts(sb, "</th>");
    for (size_t i = 0; i < n; i++) {
        core__sb_puts(sb, "<th class=\"n\">");
        report__html_escape(sb, labels[i]);
        if (i == 0)
            core__sb_printf(sb, "<span class=\"id\">%s</span>", core__t("reference"));
        core__sb_puts(sb, "</th>");
    }
    core__sb_puts(sb, "</tr></thead>\n<tbody>\n");
}

static void kpi_table(core_strbuf *sb, const report_view *views, const char *const *labels,
                      size_t n, double (*values)[KPI_COUNT])
{
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n<table>", core__t("Key figures"));
    label_header(sb, labels, n, core__t("Per cycle"));
    core__sb_printf(sb, "<tr><td>%s</td>", core__t("Status"));
    for (size_t i = 0; i < n; i++)
        core__sb_printf(sb, "<td class=\"n\">%s</td>",
                        report__status_label(views[i].summary.status));
    core__sb_puts(sb, "</tr>\n");
    for (int k = 0; k < KPI_COUNT; k++) {
        core__sb_printf(sb, "<tr><td>%s%s</td>", k >= KPI_FIXED_HUB && k <= KPI_PENALTY
                                                     ? "\xe2\x80\x83" /* em space */
                                                     : "",
                        core__t(kpis[k].label));
        for (size_t i = 0; i < n; i++) {
            core__sb_puts(sb, "<td class=\"n\">");
            report__html_number(sb, values[i][k], kpis[k].decimals);
            if (kpis[k].is_share && isfinite(values[i][k]))
                core__sb_puts(sb, "%");
            if (i > 0)
                delta(sb, values[i][k], values[0][k], kpis[k].better, kpis[k].decimals,
                      kpis[k].is_share);
            core__sb_puts(sb, "</td>");
        }
        core__sb_puts(sb, "</tr>\n");
    }
    core__sb_printf(sb, "</tbody></table>\n<p class=\"note\">%s</p>\n</section>\n",
                    core__t("Differences are to the first scenario, shown where there is one: "
                            "green when better, red when worse (pp: percentage points)."));
}

static void served_table(core_strbuf *sb, const report_view *views, const char *const *labels,
                         size_t n)
{
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n<table>",
                    core__t("Demand served by kind of point"));
    label_header(sb, labels, n, core__t("Kind of point"));
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        int any = 0;
        for (size_t i = 0; i < n; i++)
            any |= views[i].summary.demand_kg[k] > 0;
        if (!any)
            continue;
        core__sb_printf(sb, "<tr><td><i class=\"sw\" style=\"background:%s\"></i>%s</td>",
                        report__point_kind_color((terroir_point_kind)k),
                        report__point_kind_label((terroir_point_kind)k));
        double ref = share_pct(views[0].summary.served_kg[k], views[0].summary.demand_kg[k]);
        for (size_t i = 0; i < n; i++) {
            const terroir_plan_summary *s = &views[i].summary;
            double pct = share_pct(s->served_kg[k], s->demand_kg[k]);
            core__sb_puts(sb, "<td class=\"n\">");
            report__html_percent(sb, s->served_kg[k], s->demand_kg[k]);
            if (i > 0)
                delta(sb, pct, ref, HIGHER_IS_BETTER, 1, 1);
            core__sb_puts(sb, "<span class=\"id\">");
            report__html_number(sb, s->served_kg[k], 0);
            core__sb_printf(sb, " %s ", core__t("of"));
            report__html_number(sb, s->demand_kg[k], 0);
            core__sb_puts(sb, " kg</span></td>");
        }
        core__sb_puts(sb, "</tr>\n");
    }
    core__sb_puts(sb, "</tbody></table>\n</section>\n");
}

/* The hub of view `v` whose id is `id`, or NULL. */
static const report_site *find_hub(const report_view *v, const char *id)
{
    size_t h = 0;
    if (terroir_model_find(v->model, TERROIR_ENTITY_HUB, id, &h) != 0)
        return NULL;
    return &v->sites[v->plan->hubs[h].site];
}

/* Hubs of every scenario (by id, in order of first appearance). */
static void hubs_table(core_strbuf *sb, const report_view *views, const char *const *labels,
                       size_t n)
{
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n<table>", core__t("Hubs open"));
    label_header(sb, labels, n, core__t("Hub"));
    for (size_t i = 0; i < n; i++) {
        for (size_t h = 0; h < views[i].plan->n_hubs; h++) {
            const report_site *hub = &views[i].sites[views[i].plan->hubs[h].site];
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = find_hub(&views[j], hub->id) != NULL;
            if (seen)
                continue;
            core__sb_puts(sb, "<tr><td>");
            report__html_name_id(sb, hub->name, hub->id);
            core__sb_puts(sb, "</td>");
            for (size_t j = 0; j < n; j++) {
                const report_site *other = find_hub(&views[j], hub->id);
                core__sb_puts(sb, "<td class=\"n\">");
                if (!other)
                    core__sb_printf(sb, "<span class=\"id\">%s</span>",
                                    core__t("not in this model"));
                else if (other->open)
                    core__sb_printf(sb, "<span class=\"tag open\">%s</span>", core__t("open"));
                else
                    core__sb_printf(sb, "<span class=\"tag closed\">%s</span>",
                                    core__t("not open"));
                core__sb_puts(sb, "</td>");
            }
            core__sb_puts(sb, "</tr>\n");
        }
    }
    core__sb_puts(sb, "</tbody></table>\n</section>\n");
}

static void maps(core_strbuf *sb, const report_view *views, const char *const *labels, size_t n,
                 const terroir_report_options *o)
{
    double width = fmax(320.0, (o->map_width > 0 ? o->map_width : 1260.0) / (double)n);
    report_map_style style = {width, o->show_flows, n <= 2, NULL, NULL};
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n<div class=\"maps\" "
                        "style=\"grid-template-columns:repeat(%zu,minmax(0,1fr))\">\n",
                    core__t("Maps"),
                    n < 4 ? n : 4);
    for (size_t i = 0; i < n; i++) {
        core__sb_puts(sb, "<figure>");
        report__map_svg(sb, &views[i], &style);
        core__sb_puts(sb, "<figcaption><b>");
        report__html_escape(sb, labels[i]);
        core__sb_puts(sb, "</b></figcaption></figure>\n");
    }
    core__sb_puts(sb, "</div>\n</section>\n");
}

static void page(core_strbuf *sb, const report_view *views, const char *const *labels, size_t n,
                 double (*values)[KPI_COUNT], const terroir_report_options *o)
{
    const char *title = o->title ? o->title : core__t("terroir scenario comparison");
    report__html_head(sb, title);
    core__sb_puts(sb, "<header class=\"top\"><div><h1>");
    report__html_escape(sb, title);
    core__sb_puts(sb, "</h1><p>");
    core__sb_printf(sb, core__t("scenarios: %zu: "), n);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            core__sb_puts(sb, " \xc2\xb7 ");
        report__html_escape(sb, labels[i]);
    }
    core__sb_puts(sb, "</p></div></header>\n<main>\n");
    kpi_table(sb, views, labels, n, values);
    served_table(sb, views, labels, n);
    hubs_table(sb, views, labels, n);
    maps(sb, views, labels, n, o);
    report__html_foot(sb);
}

/* Labels with defaults for NULL entries ("Scenario 2").  NULL on ENOMEM. */
static char **make_labels(const char *const *labels, size_t n)
{
    char **out = core__calloc(n, sizeof *out);
    for (size_t i = 0; out && i < n; i++) {
        out[i] = labels && labels[i] ? core__strdup(labels[i])
                                     : core__asprintf(core__t("Scenario %zu"), i + 1);
        if (!out[i]) {
            for (size_t j = 0; j < i; j++)
                free(out[j]);
            free(out);
            return NULL;
        }
    }
    return out;
}

static int compare_html(core_strbuf *sb, const terroir_model *const *models,
                        const terroir_plan *const *plans, const char *const *labels, size_t n,
                        const terroir_report_options *opts, const char *fn)
{
    terroir_report_options o;
    int rc = report__options(&o, opts, fn);
    if (rc)
        return rc;
    if (!models || !plans || n == 0)
        return core__error(TERROIR_EINVAL, "%s: no scenario (NULL arrays or n = 0)", fn);
    terroir_language previous = core__lang_begin(o.language);
    report_view *views = core__calloc(n, sizeof *views);
    double(*values)[KPI_COUNT] = core__calloc(n, sizeof *values);
    char **names = make_labels(labels, n);
    if (!views || !values || !names) {
        rc = core__error(TERROIR_ENOMEM, "%s: out of memory", fn);
        goto done;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        char where[160];
        snprintf(where, sizeof where, "%s: scenario %zu", fn, i + 1);
        if ((rc = report__view_open(&views[i], models[i], plans[i], where)) == 0)
            kpi_values(&views[i], values[i]);
    }
    if (rc == 0) {
        core_locale loc;
        core__locale_c_begin(&loc);
        page(sb, views, (const char *const *)names, n, values, &o);
        core__locale_c_end(&loc);
        if (sb->failed) {
            core__sb_free(sb);
            rc = core__error(TERROIR_ENOMEM, "%s: out of memory", fn);
        }
    }
done:
    for (size_t i = 0; views && i < n; i++)
        report__view_close(&views[i]);
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    free(values);
    free(views);
    core__lang_end(previous);
    return rc;
}

int terroir_report_write_compare_html_buffer(char **out, size_t *out_len,
                                             const terroir_model *const *models,
                                             const terroir_plan *const *plans,
                                             const char *const *labels, size_t n,
                                             const terroir_report_options *opts)
{
    static const char fn[] = "terroir_report_write_compare_html_buffer";
    core__error_reset();
    if (!out)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    core_strbuf sb = CORE_STRBUF_INIT;
    int rc = compare_html(&sb, models, plans, labels, n, opts, fn);
    return rc ? rc : report__deliver(&sb, NULL, out, out_len);
}

int terroir_report_write_compare_html_file(const terroir_model *const *models,
                                           const terroir_plan *const *plans,
                                           const char *const *labels, size_t n,
                                           const char *path, const terroir_report_options *opts)
{
    static const char fn[] = "terroir_report_write_compare_html_file";
    core__error_reset();
    if (!path)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    core_strbuf sb = CORE_STRBUF_INIT;
    int rc = compare_html(&sb, models, plans, labels, n, opts, fn);
    return rc ? rc : report__deliver(&sb, path, NULL, NULL);
}
