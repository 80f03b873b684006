/* GeoJSON of a plan (RFC 7946): a FeatureCollection in WGS84, positions in
 * [longitude, latitude] order, written with the plan's JSON emitter
 * (lib/plan/emit.h: escaping, locale-independent numbers, null for
 * non-finite values).  Positions are rounded to 6 decimals (about 10 cm),
 * as RFC 7946 section 11.2 advises.  Features: one Point per located site,
 * one LineString per route (hub -> stops -> hub) and one per flow; see
 * report.h for their properties. */
#include <math.h>
#include <stdlib.h>

#include "plan/emit.h"
#include "report/report_internal.h"

/* key: NULL inside the coordinates of a LineString. */
static void position(emitter *e, const char *key, const report_site *s)
{
    emit__begin_array(e, key);
    emit__number(e, NULL, round(s->x * 1e6) / 1e6);
    emit__number(e, NULL, round(s->y * 1e6) / 1e6);
    emit__end_array(e);
}

static void feature_begin(emitter *e, const char *geometry)
{
    emit__begin_object(e, NULL);
    emit__string(e, "type", "Feature");
    emit__begin_object(e, "geometry");
    emit__string(e, "type", geometry);
}

static const char *site_kind(const report_site *s)
{
    if (s->kind == TERROIR_SITE_POINT)
        return terroir_point_kind_to_string(s->point_kind);
    return terroir_site_kind_to_string(s->kind);
}

static void site_feature(emitter *e, const report_site *s)
{
    feature_begin(e, "Point");
    position(e, "coordinates", s);
    emit__end_object(e);
    emit__begin_object(e, "properties");
    emit__string(e, "feature", "site");
    emit__string(e, "id", s->id);
    emit__string(e, "name", s->name);
    emit__string(e, "kind", site_kind(s));
    if (s->kind == TERROIR_SITE_HUB) {
        emit__string(e, "status", terroir_hub_status_to_string(s->hub_status));
        emit__bool(e, "open", s->open);
    } else {
        emit__number(e, s->kind == TERROIR_SITE_PRODUCER ? "supply_kg" : "demand_kg", s->kg);
    }
    emit__number(e, "served_kg", s->served_kg);
    emit__end_object(e);
    emit__end_object(e);
}

/* A route's LineString runs through its located sites only; a route with
 * fewer than two of them has no geometry and is left out. */
static void route_feature(emitter *e, const report_view *v, size_t i)
{
    const plan_route *r = &v->plan->routes[i];
    const report_site *hub = &v->sites[r->hub];
    size_t located = hub->has_location ? 2 : 0;
    for (size_t k = 0; k < r->n_stops; k++)
        located += v->sites[r->stops[k].site].has_location != 0;
    if (located < 2)
        return;
    feature_begin(e, "LineString");
    emit__begin_array(e, "coordinates");
    if (hub->has_location)
        position(e, NULL, hub);
    for (size_t k = 0; k < r->n_stops; k++)
        if (v->sites[r->stops[k].site].has_location)
            position(e, NULL, &v->sites[r->stops[k].site]);
    if (hub->has_location)
        position(e, NULL, hub);
    emit__end_array(e);
    emit__end_object(e);
    emit__begin_object(e, "properties");
    emit__string(e, "feature", "route");
    emit__number(e, "route", (double)i);
    emit__string(e, "vehicle_type", v->plan->vehicle_type_ids[r->vehicle_type]);
    emit__number(e, "vehicle", (double)r->vehicle);
    emit__number(e, "day", (double)r->day);
    emit__string(e, "hub", hub->id);
    emit__number(e, "km", r->km);
    emit__number(e, "minutes", r->minutes);
    emit__number(e, "cost", r->cost);
    emit__number(e, "co2_kg", r->co2_kg);
    emit__number(e, "stops", (double)r->n_stops);
    emit__string(e, "color", report__vehicle_color(v->route_vehicle[i]));
    emit__end_object(e);
    emit__end_object(e);
}

static void flow_feature(emitter *e, const report_view *v, const plan_flow *f)
{
    const report_site *from = &v->sites[f->from], *to = &v->sites[f->to];
    const report_site *via = f->via == PLAN_NONE ? NULL : &v->sites[f->via];
    if (!from->has_location || !to->has_location || (via && !via->has_location))
        return;
    feature_begin(e, "LineString");
    emit__begin_array(e, "coordinates");
    position(e, NULL, from);
    if (via)
        position(e, NULL, via);
    position(e, NULL, to);
    emit__end_array(e);
    emit__end_object(e);
    emit__begin_object(e, "properties");
    emit__string(e, "feature", "flow");
    emit__string(e, "product", v->plan->product_ids[f->product]);
    emit__string(e, "from", from->id);
    emit__string(e, "via", via ? via->id : NULL);
    emit__string(e, "to", to->id);
    emit__number(e, "kg", f->kg);
    emit__number(e, "km", f->km);
    emit__end_object(e);
    emit__end_object(e);
}

/* The emitter pretty-prints, one number per line, which would make a
 * region's GeoJSON several times larger than its content.  Keep the line
 * breaks of the two outer levels only (one feature per line: readable and
 * diff-friendly), dropping the others with their indentation.  Strings hold
 * no raw line break (the emitter escapes them), so a break is never inside
 * one; brackets inside strings are skipped. */
static void compact(char *text, size_t *len)
{
    size_t out = 0;
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < *len; i++) {
        char c = text[i];
        if (in_string) {
            text[out++] = c;
            if (c == '\\' && i + 1 < *len)
                text[out++] = text[++i];
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if (c == '\n') {
            while (i + 1 < *len && text[i + 1] == ' ')
                i++;
            if (depth <= 2)
                text[out++] = c;
            continue;
        }
        in_string = c == '"';
        depth += (c == '{' || c == '[') - (c == '}' || c == ']');
        text[out++] = c;
    }
    text[out] = '\0';
    *len = out;
}

static char *geojson_text(const report_view *v, size_t *len)
{
    core_locale loc;
    core__locale_c_begin(&loc);
    emitter e;
    emit__init(&e, 1);
    emit__begin_object(&e, NULL);
    emit__string(&e, "type", "FeatureCollection");
    emit__string(&e, "name", v->model_name);
    emit__begin_array(&e, "features");
    for (size_t s = 0; s < v->n_sites; s++)
        if (v->sites[s].has_location)
            site_feature(&e, &v->sites[s]);
    for (size_t i = 0; i < v->plan->n_routes; i++)
        route_feature(&e, v, i);
    for (size_t i = 0; i < v->plan->n_flows; i++)
        flow_feature(&e, v, &v->plan->flows[i]);
    emit__end_array(&e);
    emit__end_object(&e);
    size_t n = 0;
    char *text = emit__finish(&e, &n);
    core__locale_c_end(&loc);
    if (text)
        compact(text, &n);
    if (len)
        *len = n;
    return text;
}

/* The text of the GeoJSON; the last error is set on failure. */
static int geojson(char **out, size_t *out_len, const terroir_model *model,
                   const terroir_plan *plan, const char *fn)
{
    report_view v;
    int rc = report__view_open(&v, model, plan, fn);
    if (rc)
        return rc;
    if (v.planar) {
        report__view_close(&v);
        return core__error(TERROIR_EINVAL,
                           "the model has planar x/y coordinates: GeoJSON needs latitude and "
                           "longitude");
    }
    char *text = geojson_text(&v, out_len);
    report__view_close(&v);
    if (!text)
        return core__error(TERROIR_ENOMEM, "%s: out of memory", fn);
    *out = text;
    return 0;
}

int terroir_report_write_geojson_buffer(char **out, size_t *out_len, const terroir_model *model,
                                        const terroir_plan *plan)
{
    static const char fn[] = "terroir_report_write_geojson_buffer";
    core__error_reset();
    if (!out)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    return geojson(out, out_len, model, plan, fn);
}

int terroir_report_write_geojson_file(const terroir_model *model, const terroir_plan *plan,
                                      const char *path)
{
    static const char fn[] = "terroir_report_write_geojson_file";
    core__error_reset();
    if (!path)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    char *text = NULL;
    size_t len = 0;
    int rc = geojson(&text, &len, model, plan, fn);
    if (rc == 0)
        rc = core__write_file(path, text, len);
    free(text);
    return rc;
}
