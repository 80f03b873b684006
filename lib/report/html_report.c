/* The HTML report of a plan: title, KPI cards, the map, then the tables of
 * hubs, routes and what is left unserved.  One self-contained page (see
 * html_page.c); every string from the model or the plan is escaped. */
#include <stdlib.h>

#include "report/report_internal.h"

char *report__default_title(const char *model_name)
{
    return model_name && model_name[0]
               ? core__asprintf("%s \xe2\x80\x94 %s", core__t("terroir plan"), model_name)
               : core__strdup(core__t("terroir plan"));
}

/* `named`: the title already names the model. */
static void header(core_strbuf *sb, const report_view *v, const char *title, int named)
{
    const terroir_plan_summary *s = &v->summary;
    core__sb_puts(sb, "<header class=\"top\"><div><h1>");
    report__html_escape(sb, title);
    core__sb_puts(sb, "</h1><p>");
    if (!named && v->model_name && v->model_name[0]) {
        report__html_escape(sb, v->model_name);
        core__sb_puts(sb, " \xc2\xb7 ");
    }
    size_t counts[3] = {0};
    for (size_t i = 0; i < v->n_sites; i++)
        counts[v->sites[i].kind]++;
    core__sb_printf(sb, core__t("producers: %zu, hubs: %zu, distribution points: %zu"),
                    counts[TERROIR_SITE_PRODUCER], counts[TERROIR_SITE_HUB],
                    counts[TERROIR_SITE_POINT]);
    core__sb_puts(sb, " \xc2\xb7 ");
    core__sb_printf(sb, core__t("plan %s, solved in "),
                    report__status_label(s->status));
    report__html_number(sb, s->solve_seconds, 1);
    core__sb_puts(sb, " s</p></div></header>\n<main>\n");
}

static void map_caption(core_strbuf *sb, const report_view *v, const report_map_style *style)
{
    core__sb_puts(sb, "<figcaption>");
    if (v->plan->n_routes > 0)
        core__sb_puts(sb, core__t("Each route is drawn from its hub through its stops and back, "
                                  "in straight lines, one colour per vehicle (the colours of "
                                  "the routes table). "));
    else if (style->show_flows && v->plan->n_flows > 0)
        core__sb_puts(sb, core__t("Lines are the allocation's flows, producer to hub to point, "
                                  "wider for more kg. "));
    core__sb_puts(sb, v->planar ? core__t("Planar coordinates of the model.")
                                : core__t("Equirectangular projection; hover a site or a route "
                                          "for its name and figures."));
    core__sb_puts(sb, "</figcaption>\n");
}

/* The map of the whole region, and a detail map of the distribution
 * points' area when they crowd in a small part of it (map_detail.c). */
static void map_section(core_strbuf *sb, const report_view *v, const terroir_report_options *o)
{
    double area[4];
    int detail = report__map_detail_area(v, area);
    report_map_style style = {o->map_width > 0 ? o->map_width : 1000.0, o->show_flows, 1, NULL,
                              detail ? area : NULL};
    core__sb_printf(sb, "<section>\n<h2>%s</h2>\n<figure>\n", core__t("Map"));
    report__map_svg(sb, v, &style);
    map_caption(sb, v, &style);
    core__sb_puts(sb, "</figure>\n");
    if (detail) {
        style.area = area;
        style.outline = NULL;
        core__sb_printf(sb, "<h3>%s</h3>\n<figure>\n",
                        core__t("Detail: where the distribution points are"));
        report__map_svg(sb, v, &style);
        core__sb_printf(sb, "<figcaption>%s</figcaption>\n</figure>\n",
                        core__t("The dashed box of the map above, enlarged: 90 percent of the "
                                "distribution points lie within it."));
    }
    core__sb_puts(sb, "</section>\n");
}

/* The page into `sb`; the last error is set on failure. */
static int report_html(core_strbuf *sb, const terroir_model *model, const terroir_plan *plan,
                       const terroir_report_options *opts, const char *fn)
{
    terroir_report_options o;
    report_view v;
    int rc = report__options(&o, opts, fn);
    if (rc)
        return rc;
    if ((rc = report__view_open(&v, model, plan, fn)) != 0)
        return rc;
    terroir_language previous = core__lang_begin(o.language);
    char *title = o.title ? NULL : report__default_title(v.model_name);
    core_locale loc;
    core__locale_c_begin(&loc);
    report__html_head(sb, o.title ? o.title : title);
    header(sb, &v, o.title ? o.title : title, !o.title);
    report__html_kpis(sb, &v);
    map_section(sb, &v, &o);
    if (o.share)
        report__html_share(sb, o.share);
    report__html_hubs(sb, &v);
    report__html_routes(sb, &v, o.max_table_rows);
    report__html_unserved(sb, &v, o.max_table_rows);
    report__html_unserved_stops(sb, &v, o.max_table_rows);
    report__html_foot(sb);
    core__locale_c_end(&loc);
    core__lang_end(previous);
    if (!o.title && !title)
        sb->failed = 1;
    free(title);
    report__view_close(&v);
    if (sb->failed) {
        core__sb_free(sb);
        return core__error(TERROIR_ENOMEM, "%s: out of memory", fn);
    }
    return 0;
}

int terroir_report_write_html_buffer(char **out, size_t *out_len, const terroir_model *model,
                                     const terroir_plan *plan, const terroir_report_options *opts)
{
    static const char fn[] = "terroir_report_write_html_buffer";
    core__error_reset();
    if (!out)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    core_strbuf sb = CORE_STRBUF_INIT;
    int rc = report_html(&sb, model, plan, opts, fn);
    return rc ? rc : report__deliver(&sb, NULL, out, out_len);
}

int terroir_report_write_html_file(const terroir_model *model, const terroir_plan *plan,
                                   const char *path, const terroir_report_options *opts)
{
    static const char fn[] = "terroir_report_write_html_file";
    core__error_reset();
    if (!path)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    core_strbuf sb = CORE_STRBUF_INIT;
    int rc = report_html(&sb, model, plan, opts, fn);
    return rc ? rc : report__deliver(&sb, path, NULL, NULL);
}
