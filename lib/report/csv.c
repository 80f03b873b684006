/* CSV tables of a plan (RFC 4180): one file per table in a directory,
 * comma separated, CRLF line ends, a header row, fields quoted only when
 * they hold a comma, a quote or a line break (quotes doubled), numbers
 * with '.' and at most 6 decimals, empty fields for "none" (no hub, no
 * capacity limit).  Ids are written as in the model, so the tables join
 * with the model's own files. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/report_internal.h"

static void field_sep(core_strbuf *sb, int *first)
{
    if (!*first)
        core__sb_puts(sb, ",");
    *first = 0;
}

static void text_field(core_strbuf *sb, int *first, const char *s)
{
    field_sep(sb, first);
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        core__sb_puts(sb, s);
        return;
    }
    core__sb_puts(sb, "\"");
    for (const char *p = s; *p; p++)
        core__sb_append(sb, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    core__sb_puts(sb, "\"");
}

static void number_field(core_strbuf *sb, int *first, double v)
{
    field_sep(sb, first);
    report__plain_number(sb, v, 6);
}

static void end_row(core_strbuf *sb, int *first)
{
    core__sb_puts(sb, "\r\n");
    *first = 1;
}

static void header_row(core_strbuf *sb, const char *header)
{
    core__sb_puts(sb, header);
    core__sb_puts(sb, "\r\n");
}

/* ---- the tables */

static void hubs_csv(core_strbuf *sb, const report_view *v)
{
    header_row(sb, "id,name,status,open,fixed_cost,"
                   "throughput_kg_ambient,throughput_kg_chilled,throughput_kg_frozen,"
                   "capacity_kg_ambient,capacity_kg_chilled,capacity_kg_frozen,"
                   "utilisation_ambient,utilisation_chilled,utilisation_frozen,"
                   "capacity_value_per_kg_ambient,capacity_value_per_kg_chilled,"
                   "capacity_value_per_kg_frozen");
    int first = 1;
    for (size_t i = 0; i < v->plan->n_hubs; i++) {
        terroir_plan_hub h = {0};
        h.version = TERROIR_PLAN_HUB_VERSION;
        terroir_plan_get_hub(v->plan, i, &h);
        const report_site *s = &v->sites[v->plan->hubs[i].site];
        text_field(sb, &first, s->id);
        text_field(sb, &first, s->name);
        text_field(sb, &first, terroir_hub_status_to_string(s->hub_status));
        number_field(sb, &first, h.open);
        number_field(sb, &first, h.fixed_cost);
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            number_field(sb, &first, h.throughput_kg[t]);
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            if (h.capacity_kg[t] == TERROIR_UNLIMITED)
                field_sep(sb, &first);
            else
                number_field(sb, &first, h.capacity_kg[t]);
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            number_field(sb, &first, h.utilisation[t]);
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            number_field(sb, &first, h.capacity_value_per_kg[t]);
        end_row(sb, &first);
    }
}

static void flows_csv(core_strbuf *sb, const report_view *v)
{
    header_row(sb, "product,from,via,to,quantity,kg,km,cost");
    int first = 1;
    for (size_t i = 0; i < v->plan->n_flows; i++) {
        const plan_flow *f = &v->plan->flows[i];
        text_field(sb, &first, v->plan->product_ids[f->product]);
        text_field(sb, &first, v->sites[f->from].id);
        text_field(sb, &first, f->via == PLAN_NONE ? NULL : v->sites[f->via].id);
        text_field(sb, &first, v->sites[f->to].id);
        number_field(sb, &first, f->quantity);
        number_field(sb, &first, f->kg);
        number_field(sb, &first, f->km);
        number_field(sb, &first, f->cost);
        end_row(sb, &first);
    }
}

static void dimensions(core_strbuf *sb, int *first, const double *v)
{
    for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
        number_field(sb, first, v[d]);
}

static void routes_csv(core_strbuf *sb, const report_view *v)
{
    header_row(sb, "route,vehicle_type,vehicle,day,hub,stops,departure,arrival,km,minutes,"
                   "cost,co2_kg,load_kg,load_m3,load_pallets,color");
    int first = 1;
    for (size_t i = 0; i < v->plan->n_routes; i++) {
        const plan_route *r = &v->plan->routes[i];
        number_field(sb, &first, (double)(i + 1));
        text_field(sb, &first, v->plan->vehicle_type_ids[r->vehicle_type]);
        number_field(sb, &first, (double)r->vehicle);
        number_field(sb, &first, r->day);
        text_field(sb, &first, v->sites[r->hub].id);
        number_field(sb, &first, (double)r->n_stops);
        number_field(sb, &first, r->departure);
        number_field(sb, &first, r->arrival);
        number_field(sb, &first, r->km);
        number_field(sb, &first, r->minutes);
        number_field(sb, &first, r->cost);
        number_field(sb, &first, r->co2_kg);
        dimensions(sb, &first, r->load_start);
        text_field(sb, &first, report__vehicle_color(v->route_vehicle[i]));
        end_row(sb, &first);
    }
}

static void route_stops_csv(core_strbuf *sb, const report_view *v)
{
    header_row(sb, "route,position,site,kind,arrival,start,departure,"
                   "delivery_kg,delivery_m3,delivery_pallets,pickup_kg,pickup_m3,pickup_pallets,"
                   "load_kg,load_m3,load_pallets");
    int first = 1;
    for (size_t i = 0; i < v->plan->n_routes; i++) {
        const plan_route *r = &v->plan->routes[i];
        for (size_t k = 0; k < r->n_stops; k++) {
            const plan_stop *s = &r->stops[k];
            number_field(sb, &first, (double)(i + 1));
            number_field(sb, &first, (double)(k + 1));
            text_field(sb, &first, v->sites[s->site].id);
            text_field(sb, &first, terroir_stop_kind_to_string(s->kind));
            number_field(sb, &first, s->arrival);
            number_field(sb, &first, s->start);
            number_field(sb, &first, s->departure);
            dimensions(sb, &first, s->delivery);
            dimensions(sb, &first, s->pickup);
            dimensions(sb, &first, s->load);
            end_row(sb, &first);
        }
    }
}

/* One row per product moved at a stop (none for a stop known in kg only):
 * route and position join route_stops.csv. */
static void route_stop_products_csv(core_strbuf *sb, const report_view *v)
{
    header_row(sb, "route,position,site,kind,product,quantity,kg");
    int first = 1;
    for (size_t i = 0; i < v->plan->n_routes; i++) {
        const plan_route *r = &v->plan->routes[i];
        for (size_t k = 0; k < r->n_stops; k++) {
            const plan_stop *s = &r->stops[k];
            for (size_t j = 0; s->products && j < s->n_products; j++) {
                const plan_stop_product *sp = &s->products[j];
                number_field(sb, &first, (double)(i + 1));
                number_field(sb, &first, (double)(k + 1));
                text_field(sb, &first, v->sites[s->site].id);
                text_field(sb, &first, terroir_stop_kind_to_string(s->kind));
                text_field(sb, &first, v->plan->product_ids[sp->product]);
                number_field(sb, &first, sp->quantity);
                number_field(sb, &first, sp->kg);
                end_row(sb, &first);
            }
        }
    }
}

static void self_deliveries_csv(core_strbuf *sb, const report_view *v)
{
    header_row(sb, "producer,hub,product,quantity,kg,day,departure,arrival");
    int first = 1;
    for (size_t i = 0; i < v->plan->n_self_deliveries; i++) {
        const plan_self_delivery *d = &v->plan->self_deliveries[i];
        text_field(sb, &first, v->sites[d->producer].id);
        text_field(sb, &first, v->sites[d->hub].id);
        text_field(sb, &first, v->plan->product_ids[d->product]);
        number_field(sb, &first, d->quantity);
        number_field(sb, &first, d->kg);
        number_field(sb, &first, d->day ? d->day : 1);
        number_field(sb, &first, d->departure);
        number_field(sb, &first, d->arrival);
        end_row(sb, &first);
    }
}

static void unserved_csv(core_strbuf *sb, const report_view *v)
{
    header_row(sb, "point,point_kind,product,quantity,kg,reason,detail");
    int first = 1;
    for (size_t i = 0; i < v->plan->n_unserved; i++) {
        const plan_unserved *u = &v->plan->unserved[i];
        const report_site *s = &v->sites[u->point];
        text_field(sb, &first, s->id);
        text_field(sb, &first, terroir_point_kind_to_string(s->point_kind));
        text_field(sb, &first, v->plan->product_ids[u->product]);
        number_field(sb, &first, u->quantity);
        number_field(sb, &first, u->kg);
        text_field(sb, &first, terroir_unserved_reason_to_string(u->reason));
        text_field(sb, &first, u->detail);
        end_row(sb, &first);
    }
}

static void unserved_stops_csv(core_strbuf *sb, const report_view *v)
{
    header_row(sb, "site,kind,hub,kg,penalty,reason,detail");
    int first = 1;
    for (size_t i = 0; i < v->plan->n_unserved_stops; i++) {
        const plan_unserved_stop *u = &v->plan->unserved_stops[i];
        text_field(sb, &first, v->sites[u->site].id);
        text_field(sb, &first, terroir_stop_kind_to_string(u->kind));
        text_field(sb, &first, u->hub == PLAN_NONE ? NULL : v->sites[u->hub].id);
        number_field(sb, &first, u->kg);
        number_field(sb, &first, u->penalty);
        text_field(sb, &first, terroir_unserved_stop_reason_to_string(u->reason));
        text_field(sb, &first, u->detail);
        end_row(sb, &first);
    }
}

/* ---- files */

typedef struct csv_table {
    const char *file;
    void (*write)(core_strbuf *sb, const report_view *v);
} csv_table;

static const csv_table tables[] = {
    {"hubs.csv", hubs_csv},         {"flows.csv", flows_csv},
    {"routes.csv", routes_csv},     {"route_stops.csv", route_stops_csv},
    {"unserved.csv", unserved_csv}, {"unserved_stops.csv", unserved_stops_csv},
    {"route_stop_products.csv", route_stop_products_csv},
    {"self_deliveries.csv", self_deliveries_csv},
};

static int write_table(const report_view *v, const char *dir, const csv_table *t)
{
    core_strbuf sb = CORE_STRBUF_INIT;
    t->write(&sb, v);
    char *path = core__asprintf("%s/%s", dir, t->file);
    int rc = 0;
    if (sb.failed || !path)
        rc = core__error(TERROIR_ENOMEM, "terroir_report_write_csv_dir: out of memory");
    else
        rc = core__write_file(path, sb.data ? sb.data : "", sb.len);
    free(path);
    core__sb_free(&sb);
    return rc;
}

int terroir_report_write_csv_dir(const terroir_model *model, const terroir_plan *plan,
                                 const char *dir)
{
    static const char fn[] = "terroir_report_write_csv_dir";
    core__error_reset();
    if (!dir)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    if (!dir[0])
        return core__error(TERROIR_EINVAL, "%s: empty directory name", fn);
    report_view v;
    int rc = report__view_open(&v, model, plan, fn);
    if (rc)
        return rc;
    core_locale loc;
    core__locale_c_begin(&loc);
    rc = core__make_dir(dir);
    for (size_t i = 0; rc == 0 && i < sizeof tables / sizeof tables[0]; i++)
        rc = write_table(&v, dir, &tables[i]);
    core__locale_c_end(&loc);
    report__view_close(&v);
    return rc;
}
