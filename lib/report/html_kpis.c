/* The KPI cards at the top of the HTML report: what the plan costs and how
 * the cost splits, how much demand it serves (overall and per kind of
 * point: food banks, groceries, schools...), how much it drives (km,
 * tonne-km, CO2, routes) and how many hubs it opens. */
#include <math.h>

#include "report/report_internal.h"

typedef struct cost_part {
    const char *label;
    const char *color;
    double value;
} cost_part;

static void card_begin(core_strbuf *sb, const char *label, int wide)
{
    core__sb_puts(sb, wide ? "<div class=\"card wide\"><div class=\"label\">"
                           : "<div class=\"card\"><div class=\"label\">");
    core__sb_puts(sb, label);
    core__sb_puts(sb, "</div>");
}

/* A card with one big number and a line of context. */
static void card_number(core_strbuf *sb, const char *label, double value, int decimals,
                        const char *unit)
{
    card_begin(sb, label, 0);
    core__sb_puts(sb, "<div class=\"value\">");
    report__html_number(sb, value, decimals);
    if (unit && isfinite(value)) {
        core__sb_puts(sb, " <small>");
        core__sb_puts(sb, unit);
        core__sb_puts(sb, "</small>");
    }
    core__sb_puts(sb, "</div><div class=\"sub\">");
}

static void card_end(core_strbuf *sb)
{
    core__sb_puts(sb, "</div></div>\n");
}

static void bar(core_strbuf *sb, double part, double whole, const char *color)
{
    double pct = whole > 0 ? fmin(fmax(100.0 * part / whole, 0.0), 100.0) : 100.0;
    core__sb_puts(sb, "<div class=\"bar\"><span style=\"width:");
    report__plain_number(sb, pct, 1);
    core__sb_printf(sb, "%%;background:%s\"></span></div>", color);
}

static void cost_split(core_strbuf *sb, const terroir_plan_summary *s)
{
    const cost_part parts[] = {
        {core__t("Hubs (fixed)"), "#2f6f4e", s->cost.fixed_hub},
        {core__t("Handling"), "#7fb069", s->cost.handling},
        {core__t("Transport"), "#2b6cb0", s->cost.transport},
        {core__t("Vehicles (fixed)"), "#805ad5", s->cost.vehicle_fixed},
        {core__t("CO2 price"), "#8a96a3", s->cost.co2},
        {core__t("Unserved penalty (not money)"), "#c53030", s->cost.unserved_penalty},
    };
    size_t n = sizeof parts / sizeof parts[0];
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += isfinite(parts[i].value) && parts[i].value > 0 ? parts[i].value : 0;
    card_begin(sb, core__t("Cost split"), 1);
    core__sb_puts(sb, "<div class=\"split\">");
    for (size_t i = 0; i < n && total > 0; i++) {
        if (!(parts[i].value > 0))
            continue;
        core__sb_puts(sb, "<span style=\"width:");
        report__plain_number(sb, 100.0 * parts[i].value / total, 2);
        core__sb_printf(sb, "%%;background:%s\" title=\"%s\"></span>", parts[i].color,
                        parts[i].label);
    }
    core__sb_puts(sb, "</div><div class=\"keys\">");
    for (size_t i = 0; i < n; i++) {
        if (parts[i].value == 0)
            continue;
        core__sb_printf(sb, "<span><i class=\"sw\" style=\"background:%s\"></i>%s ",
                        parts[i].color, parts[i].label);
        report__html_number(sb, parts[i].value, 0);
        core__sb_puts(sb, " (");
        report__html_percent(sb, parts[i].value, total);
        core__sb_puts(sb, ")</span>");
    }
    core__sb_puts(sb, "</div>");
    card_end(sb);
}

static void served_by_kind(core_strbuf *sb, const terroir_plan_summary *s)
{
    card_begin(sb, core__t("Demand served by kind of point"), 1);
    core__sb_puts(sb, "<div class=\"kinds\">");
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        if (!(s->demand_kg[k] > 0))
            continue;
        terroir_point_kind kind = (terroir_point_kind)k;
        core__sb_printf(sb, "<span><i class=\"sw\" style=\"background:%s\"></i>%s</span>",
                        report__point_kind_color(kind), report__point_kind_label(kind));
        bar(sb, s->served_kg[k], s->demand_kg[k], report__point_kind_color(kind));
        core__sb_puts(sb, "<span class=\"n\"><b>");
        report__html_percent(sb, s->served_kg[k], s->demand_kg[k]);
        core__sb_puts(sb, "</b> ");
        core__sb_puts(sb, core__t("of"));
        core__sb_puts(sb, " ");
        report__html_number(sb, s->demand_kg[k], 0);
        core__sb_puts(sb, " kg</span>");
    }
    core__sb_puts(sb, "</div>");
    card_end(sb);
}

/* Vehicles that drive at least one route. */
static size_t vehicles_used(const report_view *v)
{
    size_t n = 0;
    for (size_t r = 0; r < v->plan->n_routes; r++) {
        int seen = 0;
        for (size_t q = 0; q < r && !seen; q++)
            seen = v->route_vehicle[q] == v->route_vehicle[r];
        n += !seen;
    }
    return n;
}

void report__html_kpis(core_strbuf *sb, const report_view *v)
{
    const terroir_plan_summary *s = &v->summary;
    int routed = v->plan->routed || s->n_routes > 0;
    core__sb_puts(sb, "<section class=\"cards\">\n");

    card_number(sb, core__t("Total cost"), s->objective, 0, NULL);
    core__sb_puts(sb, core__t("per cycle, unserved penalty included; status "));
    core__sb_puts(sb, report__status_label(s->status));
    if (isfinite(s->gap) && s->gap > 1e-9) {
        core__sb_puts(sb, core__t(", gap "));
        report__html_percent(sb, s->gap, 1.0);
    }
    card_end(sb);

    card_begin(sb, core__t("Demand served"), 0);
    core__sb_puts(sb, "<div class=\"value\">");
    report__html_percent(sb, s->served_kg_total, s->demand_kg_total);
    core__sb_puts(sb, "</div><div class=\"sub\">");
    report__html_number(sb, s->served_kg_total, 0);
    core__sb_printf(sb, " %s ", core__t("of"));
    report__html_number(sb, s->demand_kg_total, 0);
    core__sb_puts(sb, " kg");
    bar(sb, s->served_kg_total, s->demand_kg_total, "#2f6f4e");
    card_end(sb);

    card_number(sb, core__t("Km driven"), routed ? s->routed_km : NAN, 0, "km");
    if (routed) {
        report__html_duration(sb, s->routed_minutes);
        core__sb_puts(sb, core__t(" h on the road (driving, service, waiting)"));
    } else {
        core__sb_puts(sb, core__t("no routing stage in this plan"));
    }
    card_end(sb);

    card_number(sb, core__t("Routes"), routed ? (double)s->n_routes : NAN, 0, NULL);
    size_t used = routed ? vehicles_used(v) : 0;
    if (routed)
        core__sb_printf(sb, core__t("vehicles used: %zu; stops left unserved: %zu"), used,
                        s->n_unserved_stops);
    else
        core__sb_puts(sb, core__t("no routing stage in this plan"));
    card_end(sb);

    card_number(sb, core__t("Hubs open"), (double)v->n_hubs_open, 0, NULL);
    core__sb_printf(sb, core__t("hubs in the model: %zu"), v->n_hubs);
    card_end(sb);

    card_number(sb, core__t("Tonne-km"), s->tonne_km, 0, "t\xc2\xb7km");
    core__sb_puts(sb, core__t("tonnes carried times km, over all flows"));
    card_end(sb);

    card_number(sb, core__t("CO2 emitted"), s->co2_kg, 0, "kg");
    core__sb_puts(sb, core__t("by the vehicles' transport"));
    card_end(sb);

    cost_split(sb, s);
    served_by_kind(sb, s);
    core__sb_puts(sb, "</section>\n");
}
