/* Route sheets for drivers: one printable HTML page per route and a CSV of
 * every stop and product (include/terroir/report.h,
 * terroir_report_write_route_sheets_dir()).
 *
 * A stop of a solved plan lists its goods per product: the sheet shows
 * them as they are.  A stop known in kg only (a plan whose routes came from
 * elsewhere) says how many kg it delivers or collects, not which
 * products; its products come from the allocation's flows between the
 * stop's site and its route's hub: deliveries are the flows through the
 * hub to the point, pickups the flows from the producer through the hub.
 * Stops and flows are grouped by (hub, site, kind) after sorting both; each
 * stop's kg go to the flows of the classes it carries, in proportion to
 * their kg (models without producers have no flows: their deliveries
 * carry the points' demand lines, the same way) (share_group() says when that is exact and when the shares are
 * flagged as approximate: the plan does not record every split, and the
 * sheet must not pretend it does). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

/* One (hub, site, kind) key of a stop or of a flow. */
typedef struct sheet_key {
    size_t hub, site;
    int kind;     /* terroir_stop_kind */
    size_t index; /* stop: global stop number; flow: flow index */
} sheet_key;

/* A product moved at a stop. */
typedef struct sheet_item {
    size_t stop; /* global stop number */
    size_t product;
    double quantity, kg;
    int shared; /* a share of a flow split over several stops */
} sheet_item;

typedef struct sheet_data {
    const report_view *v;
    size_t *first_stop; /* per route: global number of its first stop; [n_routes] = total */
    size_t n_stops;
    sheet_item *items;
    size_t n_items, cap_items;
    /* per product of the model */
    const char **product_name, **product_unit;
    terroir_temperature *product_temperature;
    size_t n_products;
    int nomem;
} sheet_data;

static int key_order(const void *a, const void *b)
{
    const sheet_key *x = a, *y = b;
    if (x->hub != y->hub)
        return x->hub < y->hub ? -1 : 1;
    if (x->site != y->site)
        return x->site < y->site ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int item_order(const void *a, const void *b)
{
    const sheet_item *x = a, *y = b;
    if (x->stop != y->stop)
        return x->stop < y->stop ? -1 : 1;
    return x->product < y->product ? -1 : x->product > y->product;
}

static const plan_stop *stop_of(const sheet_data *d, size_t global, size_t *route)
{
    const terroir_plan *p = d->v->plan;
    size_t lo = 0, hi = p->n_routes;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (d->first_stop[mid] <= global)
            lo = mid;
        else
            hi = mid;
    }
    if (route)
        *route = lo;
    return &p->routes[lo].stops[global - d->first_stop[lo]];
}

static void add_item(sheet_data *d, size_t stop, size_t product, double quantity, double kg,
                     int shared)
{
    if (core__grow((void **)&d->items, &d->cap_items, d->n_items + 1, sizeof *d->items) != 0) {
        d->nomem = 1;
        return;
    }
    d->items[d->n_items++] = (sheet_item){stop, product, quantity, kg, shared};
}

static double stop_kg(const plan_stop *st)
{
    return st->kind == TERROIR_STOP_PICKUP ? st->pickup[TERROIR_DIMENSION_KG]
                                           : st->delivery[TERROIR_DIMENSION_KG];
}

/* Goods of a site for its stops: a flow, or a demand line of a point in a
 * model without producers. */
typedef struct sheet_goods {
    size_t product;
    double quantity, kg;
} sheet_goods;

/* Give the goods of one group to its stops.  A stop carries the classes of
 * its `temperatures` (all when it names none); its kg go to the flows of
 * those classes in proportion to their kg.  For one stop this is the
 * routing stage's own rule for pickups (what a producer brings to the hub
 * itself is taken from all its products in proportion), so the products
 * are exact; they are flagged as shares when several stops split the
 * site's goods, or when a delivery carries less than its flows (part of it
 * is an unserved stop, and the plan does not say which products). */
static void share_group(sheet_data *d, const sheet_key *stops, size_t n_stops,
                        const sheet_goods *goods, size_t n_goods)
{
    double class_kg[TERROIR_TEMPERATURE_COUNT] = {0};
    for (size_t f = 0; f < n_goods; f++)
        if (goods[f].product < d->n_products)
            class_kg[d->product_temperature[goods[f].product]] += goods[f].kg;
    for (size_t s = 0; s < n_stops; s++) {
        const plan_stop *st = stop_of(d, stops[s].index, NULL);
        unsigned classes = st->temperatures ? st->temperatures : ~0u;
        double denom = 0;
        for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++)
            if (classes & (1u << c))
                denom += class_kg[c];
        if (!(denom > 0)) {
            classes = ~0u; /* the stop names classes its flows do not have */
            for (int c = 0; c < TERROIR_TEMPERATURE_COUNT; c++)
                denom += class_kg[c];
        }
        if (!(denom > 0))
            continue;
        double kg = stop_kg(st);
        int shared = n_stops > 1 || (st->kind == TERROIR_STOP_DELIVERY &&
                                     fabs(kg - denom) > 1e-6 * fmax(1.0, denom));
        for (size_t f = 0; f < n_goods; f++) {
            const sheet_goods *g = &goods[f];
            if (g->product >= d->n_products ||
                !(classes & (1u << d->product_temperature[g->product])))
                continue;
            double share = kg / denom;
            add_item(d, stops[s].index, g->product, g->quantity * share, g->kg * share, shared);
        }
    }
}

/* One item per (stop, product): the flows of a product from or to several
 * sites add up (items sorted first). */
static void merge_items(sheet_data *d)
{
    size_t out = 0;
    for (size_t i = 0; i < d->n_items; i++) {
        if (out > 0 && d->items[out - 1].stop == d->items[i].stop &&
            d->items[out - 1].product == d->items[i].product) {
            d->items[out - 1].quantity += d->items[i].quantity;
            d->items[out - 1].kg += d->items[i].kg;
            d->items[out - 1].shared |= d->items[i].shared;
        } else {
            d->items[out++] = d->items[i];
        }
    }
    d->n_items = out;
}

/* The demand lines of the point at `site` as goods, into *goods (grown as
 * needed); their count, or 0. */
static size_t demand_goods(sheet_data *d, size_t site, sheet_goods **goods, size_t *cap)
{
    const report_site *s = &d->v->sites[site];
    if (s->kind != TERROIR_SITE_POINT)
        return 0;
    size_t n = terroir_model_demand_count(d->v->model, s->index), out = 0;
    if (core__grow((void **)goods, cap, n + 1, sizeof **goods) != 0) {
        d->nomem = 1;
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        size_t product;
        double q;
        if (terroir_model_get_demand(d->v->model, s->index, k, &product, &q) != 0 ||
            product >= d->n_products)
            continue;
        terroir_product_spec spec = TERROIR_PRODUCT_SPEC_INIT;
        terroir_model_get_product(d->v->model, product, &spec);
        (*goods)[out++] = (sheet_goods){product, q, q * spec.kg_per_unit};
    }
    return out;
}

/* Products per stop from the flows, or in a model without producers from
 * the demand of the points (see the top of the file). */
static void trace_products(sheet_data *d)
{
    const terroir_plan *p = d->v->plan;
    sheet_key *stops = core__calloc(d->n_stops + 1, sizeof *stops);
    sheet_key *flows = core__calloc(2 * p->n_flows + 1, sizeof *flows);
    sheet_goods *goods = NULL;
    size_t goods_cap = 0;
    if (!stops || !flows) {
        d->nomem = 1;
        goto done;
    }
    size_t n = 0;
    /* Stops that list their goods give them exactly; the others are traced.
     * Without producers any hub may serve a point: group by site only. */
    for (size_t r = 0; r < p->n_routes; r++)
        for (size_t k = 0; k < p->routes[r].n_stops; k++) {
            const plan_stop *st = &p->routes[r].stops[k];
            if (st->products && st->n_products > 0) {
                for (size_t g = 0; g < st->n_products; g++)
                    add_item(d, d->first_stop[r] + k, st->products[g].product,
                             st->products[g].quantity, st->products[g].kg, 0);
                continue;
            }
            stops[n++] = (sheet_key){p->pure_vrp ? 0 : p->routes[r].hub, st->site,
                                     (int)st->kind, d->first_stop[r] + k};
        }
    size_t m = 0;
    for (size_t f = 0; f < p->n_flows; f++) {
        const plan_flow *fl = &p->flows[f];
        if (fl->via == PLAN_NONE)
            continue; /* direct deliveries are not routed */
        flows[m++] = (sheet_key){fl->via, fl->to, TERROIR_STOP_DELIVERY, f};
        flows[m++] = (sheet_key){fl->via, fl->from, TERROIR_STOP_PICKUP, f};
    }
    qsort(stops, n, sizeof *stops, key_order);
    qsort(flows, m, sizeof *flows, key_order);
    size_t j = 0;
    for (size_t i = 0; i < n && !d->nomem;) {
        size_t end = i + 1;
        while (end < n && stops[end].hub == stops[i].hub && stops[end].site == stops[i].site &&
               stops[end].kind == stops[i].kind)
            end++;
        sheet_key group = stops[i];
        group.index = 0;
        while (j < m && key_order(&flows[j], &group) < 0)
            j++;
        size_t fend = j;
        while (fend < m && flows[fend].hub == group.hub && flows[fend].site == group.site &&
               flows[fend].kind == group.kind)
            fend++;
        size_t n_goods = 0;
        if (p->pure_vrp) {
            n_goods = demand_goods(d, group.site, &goods, &goods_cap);
        } else if (core__grow((void **)&goods, &goods_cap, fend - j + 1, sizeof *goods) == 0) {
            for (size_t f = j; f < fend; f++) {
                const plan_flow *fl = &p->flows[flows[f].index];
                goods[n_goods++] = (sheet_goods){fl->product, fl->quantity, fl->kg};
            }
        } else {
            d->nomem = 1;
        }
        share_group(d, stops + i, end - i, goods, n_goods);
        j = fend;
        i = end;
    }
    if (d->n_items > 0) { /* items is NULL when nothing could be added */
        qsort(d->items, d->n_items, sizeof *d->items, item_order);
        merge_items(d);
    }
done:
    free(stops);
    free(flows);
    free(goods);
}

static int sheet_data_open(sheet_data *d, const report_view *v)
{
    const terroir_plan *p = v->plan;
    memset(d, 0, sizeof *d);
    d->v = v;
    d->first_stop = core__calloc(p->n_routes + 1, sizeof *d->first_stop);
    d->n_products = terroir_model_count(v->model, TERROIR_ENTITY_PRODUCT);
    d->product_name = core__calloc(d->n_products + 1, sizeof *d->product_name);
    d->product_unit = core__calloc(d->n_products + 1, sizeof *d->product_unit);
    d->product_temperature = core__calloc(d->n_products + 1, sizeof *d->product_temperature);
    if (!d->first_stop || !d->product_name || !d->product_unit || !d->product_temperature)
        return TERROIR_ENOMEM;
    for (size_t i = 0; i < d->n_products; i++) {
        terroir_product_spec spec = TERROIR_PRODUCT_SPEC_INIT;
        terroir_model_get_product(v->model, i, &spec);
        d->product_name[i] = spec.name ? spec.name : spec.id;
        d->product_unit[i] = spec.unit ? spec.unit : "kg";
        d->product_temperature[i] = spec.temperature;
    }
    for (size_t r = 0; r < p->n_routes; r++)
        d->first_stop[r + 1] = d->first_stop[r] + p->routes[r].n_stops;
    d->n_stops = d->first_stop[p->n_routes];
    trace_products(d);
    return d->nomem ? TERROIR_ENOMEM : 0;
}

static void sheet_data_close(sheet_data *d)
{
    free(d->first_stop);
    free(d->items);
    free(d->product_name);
    free(d->product_unit);
    free(d->product_temperature);
}

/* Items of global stop `g`: [*begin, *end). */
static void items_of(const sheet_data *d, size_t g, size_t *begin, size_t *end)
{
    size_t lo = 0, hi = d->n_items;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->items[mid].stop < g)
            lo = mid + 1;
        else
            hi = mid;
    }
    *begin = lo;
    while (lo < d->n_items && d->items[lo].stop == g)
        lo++;
    *end = lo;
}

/* ---- HTML */

/* Minutes of the day as a clock time: "7:05" in English, "7 h 05" in
 * French. */
static void clock_time(core_strbuf *sb, double minutes)
{
    if (!isfinite(minutes) || minutes < 0 || minutes > 1e9) {
        core__sb_puts(sb, "\xe2\x80\x93");
        return;
    }
    long m = lround(minutes);
    core__sb_printf(sb, core__lang() == TERROIR_LANGUAGE_FR ? "%ld h %02ld" : "%ld:%02ld", m / 60,
                    m % 60);
}

static int whole(double q)
{
    return fabs(q - round(q)) < 0.05 ? 0 : 1;
}

/* "Eggs: 120 dozen (720 kg)", "≈" before shared quantities. */
static void product_line(core_strbuf *sb, const sheet_data *d, size_t product, double quantity,
                         double kg, int shared)
{
    core__sb_puts(sb, "<li>");
    report__html_escape(sb, d->product_name[product]);
    core__sb_puts(sb, shared ? ": \xe2\x89\x88" : ": ");
    report__html_number(sb, quantity, whole(quantity));
    core__sb_puts(sb, " ");
    report__html_escape(sb, d->product_unit[product]);
    if (strcmp(d->product_unit[product], "kg") != 0) {
        core__sb_puts(sb, " (");
        report__html_number(sb, kg, 0);
        core__sb_puts(sb, " kg)");
    }
    core__sb_puts(sb, "</li>");
}

/* Sum of the items of `route`'s stops of `kind`, per product, as a list. */
static void totals_list(core_strbuf *sb, const sheet_data *d, size_t route, int kind)
{
    double *q = core__calloc(d->n_products + 1, sizeof *q);
    double *kg = core__calloc(d->n_products + 1, sizeof *kg);
    int *shared = core__calloc(d->n_products + 1, sizeof *shared);
    if (!q || !kg || !shared) {
        sb->failed = 1;
        goto done;
    }
    const plan_route *r = &d->v->plan->routes[route];
    for (size_t k = 0; k < r->n_stops; k++) {
        if ((int)r->stops[k].kind != kind)
            continue;
        size_t b, e;
        items_of(d, d->first_stop[route] + k, &b, &e);
        for (size_t i = b; i < e; i++) {
            q[d->items[i].product] += d->items[i].quantity;
            kg[d->items[i].product] += d->items[i].kg;
            shared[d->items[i].product] |= d->items[i].shared;
        }
    }
    core__sb_puts(sb, "<ul class=\"goods\">");
    for (size_t p = 0; p < d->n_products; p++)
        if (kg[p] > 0 || q[p] > 0)
            product_line(sb, d, p, q[p], kg[p], shared[p]);
    core__sb_puts(sb, "</ul>");
done:
    free(q);
    free(kg);
    free(shared);
}

static const char sheet_style[] =
    "<style>.sheet td ul.goods{margin:0;padding-left:16px}"
    ".sheet dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}"
    ".sheet dt{color:var(--muted)}.sheet dd{margin:0;font-weight:600}"
    ".sign{margin-top:26px;display:flex;gap:40px}.sign div{flex:1;border-top:1px solid #999;"
    "padding-top:4px;color:var(--muted);font-size:12px}"
    "@media print{header.top{padding-bottom:4px}main{padding:0}}</style>\n";

static void route_page(core_strbuf *sb, const sheet_data *d, size_t route)
{
    const report_view *v = d->v;
    const plan_route *r = &v->plan->routes[route];
    const report_site *hub = &v->sites[r->hub];
    char *title =
        core__asprintf(core__t("Route %zu: %s #%zu, day %u"), route + 1,
                       report__vehicle_type_name(v, r->vehicle_type), r->vehicle + 1, r->day);
    if (!title) {
        sb->failed = 1;
        return;
    }
    report__html_head(sb, title);
    core__sb_puts(sb, sheet_style);
    core__sb_puts(sb, "<header class=\"top\"><div><h1>");
    report__html_escape(sb, title);
    core__sb_puts(sb, "</h1><p>");
    if (v->model_name) {
        report__html_escape(sb, v->model_name);
        core__sb_puts(sb, " \xc2\xb7 ");
    }
    core__sb_puts(sb, core__t("driver's route sheet"));
    core__sb_puts(sb, "</p></div></header>\n<main class=\"sheet\">\n<section><dl>");
    core__sb_printf(sb, "<dt>%s</dt><dd>", core__t("Vehicle"));
    report__html_escape(sb, report__vehicle_type_name(v, r->vehicle_type));
    core__sb_printf(sb, core__t(" #%zu"), r->vehicle + 1);
    core__sb_printf(sb, "</dd><dt>%s</dt><dd>%u</dd><dt>%s</dt><dd>",
                    core__t("Day of the cycle"), r->day, core__t("Hub (start and end)"));
    report__html_name_id(sb, hub->name, hub->id);
    core__sb_printf(sb, "</dd><dt>%s</dt><dd>", core__t("Departure"));
    clock_time(sb, r->departure);
    core__sb_printf(sb, "</dd><dt>%s</dt><dd>", core__t("Back at the hub"));
    clock_time(sb, r->arrival);
    core__sb_printf(sb, "</dd><dt>%s</dt><dd>", core__t("Distance"));
    report__html_number(sb, r->km, 1);
    core__sb_printf(sb, " km</dd><dt>%s</dt><dd>%zu</dd><dt>%s</dt><dd>", core__t("Stops"),
                    r->n_stops, core__t("Load when leaving"));
    report__html_number(sb, r->load_start[TERROIR_DIMENSION_KG], 0);
    core__sb_puts(sb, " kg</dd></dl></section>\n");

    core__sb_printf(sb, "<section><h2>%s</h2>", core__t("Load at the hub before leaving"));
    totals_list(sb, d, route, TERROIR_STOP_DELIVERY);
    core__sb_puts(sb, "</section>\n");

    static const char *const cols[] = {CORE_N("#Stop"),
                                       CORE_N("Site"),
                                       CORE_N("Kind"),
                                       CORE_N("#Arrival"),
                                       CORE_N("#Service"),
                                       CORE_N("#Departure"),
                                       CORE_N("Unload / load per product"),
                                       CORE_N("#kg"),
                                       CORE_N("#On board after")};
    core__sb_printf(sb, "<section><h2>%s</h2><table>", core__t("Stops in order"));
    report__html_table_head(sb, cols, sizeof cols / sizeof cols[0]);
    core__sb_puts(sb, "<tbody>\n");
    for (size_t k = 0; k < r->n_stops; k++) {
        const plan_stop *st = &r->stops[k];
        const report_site *s = &v->sites[st->site];
        int pickup = st->kind == TERROIR_STOP_PICKUP;
        core__sb_printf(sb, "<tr><td class=\"n\">%zu</td><td>", k + 1);
        report__html_name_id(sb, s->name, s->id);
        core__sb_printf(sb, "</td><td>%s</td><td class=\"n\">",
                        pickup ? core__t("load (pickup)") : core__t("unload (delivery)"));
        clock_time(sb, st->arrival);
        core__sb_puts(sb, "</td><td class=\"n\">");
        clock_time(sb, st->start);
        core__sb_puts(sb, "</td><td class=\"n\">");
        clock_time(sb, st->departure);
        core__sb_puts(sb, "</td><td>");
        size_t b, e;
        items_of(d, d->first_stop[route] + k, &b, &e);
        if (b == e) {
            core__sb_printf(sb, "<span class=\"id\">%s</span>",
                            core__t("no product detail in the plan"));
        } else {
            core__sb_puts(sb, "<ul class=\"goods\">");
            for (size_t i = b; i < e; i++)
                product_line(sb, d, d->items[i].product, d->items[i].quantity, d->items[i].kg,
                             d->items[i].shared);
            core__sb_puts(sb, "</ul>");
        }
        core__sb_puts(sb, "</td>");
        report__html_td_number(
            sb, pickup ? st->pickup[TERROIR_DIMENSION_KG] : -st->delivery[TERROIR_DIMENSION_KG], 0);
        report__html_td_number(sb, st->load[TERROIR_DIMENSION_KG], 0);
        core__sb_puts(sb, "</tr>\n");
    }
    core__sb_puts(sb, "</tbody></table>\n");
    core__sb_puts(sb, "<p class=\"note\">");
    core__sb_printf(sb,
                    core__t("kg: negative when unloaded at the stop, positive when loaded. "
                            "Quantities marked %s are shares of a site's goods that several "
                            "stops serve (the plan gives their kg, not their products)."),
                    "\xe2\x89\x88");
    core__sb_puts(sb, "</p></section>\n");
    core__sb_printf(sb, "<section><h2>%s</h2>", core__t("Unload back at the hub"));
    totals_list(sb, d, route, TERROIR_STOP_PICKUP);
    core__sb_printf(sb, "</section>\n<div class=\"sign\"><div>%s</div><div>%s</div></div>\n",
                    core__t("Driver"), core__t("Received at the hub"));
    report__html_foot(sb);
    free(title);
}

/* ---- CSV */

static void csv_text(core_strbuf *sb, const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        core__sb_puts(sb, "\"");
        for (const char *p = s; *p; p++)
            core__sb_append(sb, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
        core__sb_puts(sb, "\"");
    } else if (s) {
        core__sb_puts(sb, s);
    }
    core__sb_puts(sb, last ? "\r\n" : ",");
}

static void csv_number(core_strbuf *sb, double v, int last)
{
    report__plain_number(sb, v, 6);
    core__sb_puts(sb, last ? "\r\n" : ",");
}

static void sheets_csv(core_strbuf *sb, const sheet_data *d)
{
    const report_view *v = d->v;
    core__sb_puts(sb, "route,vehicle_type,vehicle,day,hub,stop,site,name,kind,arrival,start,"
                      "departure,product,quantity,unit,kg,stop_kg,load_after_kg,shared\r\n");
    for (size_t r = 0; r < v->plan->n_routes; r++) {
        const plan_route *route = &v->plan->routes[r];
        for (size_t k = 0; k < route->n_stops; k++) {
            const plan_stop *st = &route->stops[k];
            size_t b, e;
            items_of(d, d->first_stop[r] + k, &b, &e);
            for (size_t i = b; i < e || i == b; i++) {
                int have = i < e;
                csv_number(sb, (double)(r + 1), 0);
                csv_text(sb, v->plan->vehicle_type_ids[route->vehicle_type], 0);
                csv_number(sb, (double)(route->vehicle + 1), 0);
                csv_number(sb, route->day, 0);
                csv_text(sb, v->sites[route->hub].id, 0);
                csv_number(sb, (double)(k + 1), 0);
                csv_text(sb, v->sites[st->site].id, 0);
                csv_text(sb, v->sites[st->site].name, 0);
                csv_text(sb, terroir_stop_kind_to_string(st->kind), 0);
                csv_number(sb, st->arrival, 0);
                csv_number(sb, st->start, 0);
                csv_number(sb, st->departure, 0);
                csv_text(sb, have ? v->plan->product_ids[d->items[i].product] : NULL, 0);
                if (have)
                    csv_number(sb, d->items[i].quantity, 0);
                else
                    core__sb_puts(sb, ",");
                csv_text(sb, have ? d->product_unit[d->items[i].product] : NULL, 0);
                if (have)
                    csv_number(sb, d->items[i].kg, 0);
                else
                    core__sb_puts(sb, ",");
                csv_number(sb,
                           st->kind == TERROIR_STOP_PICKUP ? st->pickup[TERROIR_DIMENSION_KG]
                                                           : st->delivery[TERROIR_DIMENSION_KG],
                           0);
                csv_number(sb, st->load[TERROIR_DIMENSION_KG], 0);
                csv_number(sb, have ? d->items[i].shared : 0, 1);
            }
        }
    }
}

static int write_text(core_strbuf *sb, const char *dir, const char *name)
{
    char *path = core__asprintf("%s/%s", dir, name);
    int rc;
    if (sb->failed || !path)
        rc = core__error(TERROIR_ENOMEM, "terroir_report_write_route_sheets_dir: out of memory");
    else
        rc = core__write_file(path, sb->data ? sb->data : "", sb->len);
    free(path);
    core__sb_free(sb);
    return rc;
}

int terroir_report_write_route_sheets_dir(const terroir_model *model, const terroir_plan *plan,
                                          const char *dir, const terroir_report_options *opts)
{
    static const char fn[] = "terroir_report_write_route_sheets_dir";
    core__error_reset();
    if (!dir)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    if (!dir[0])
        return core__error(TERROIR_EINVAL, "%s: empty directory name", fn);
    terroir_report_options o;
    int rc = report__options(&o, opts, fn);
    if (rc)
        return rc;
    report_view v;
    if ((rc = report__view_open(&v, model, plan, fn)) != 0)
        return rc;
    sheet_data d;
    core_locale loc;
    core__locale_c_begin(&loc);
    terroir_language previous = core__lang_begin(o.language);
    if ((rc = sheet_data_open(&d, &v)) != 0)
        rc = core__error(TERROIR_ENOMEM, "%s: out of memory", fn);
    if (rc == 0)
        rc = core__make_dir(dir);
    int width = 2; /* digits of the route count, at least 2; at most 20 */
    for (size_t n = plan->n_routes; n >= 100; n /= 10)
        width++;
    for (size_t r = 0; rc == 0 && r < plan->n_routes; r++) {
        core_strbuf sb = CORE_STRBUF_INIT;
        char *name = core__asprintf("route-%0*zu.html", width, r + 1);
        if (!name) {
            core__sb_free(&sb);
            rc = core__error(TERROIR_ENOMEM, "%s: out of memory", fn);
            break;
        }
        route_page(&sb, &d, r);
        rc = write_text(&sb, dir, name);
        free(name);
    }
    if (rc == 0) {
        core_strbuf sb = CORE_STRBUF_INIT;
        sheets_csv(&sb, &d);
        rc = write_text(&sb, dir, "route_sheets.csv");
    }
    sheet_data_close(&d);
    core__lang_end(previous);
    core__locale_c_end(&loc);
    report__view_close(&v);
    return rc;
}
