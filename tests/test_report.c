/* Reports of a plan (include/terroir/report.h), through the public API
 * only, on a tiny latitude/longitude model solved for real: the GeoJSON
 * read back with a small JSON parser (structure, [lon, lat] order against a
 * known site, routes as LineStrings closed at their hub), the HTML (hostile
 * ids and names escaped, one polyline per route), the CSV tables (RFC 4180
 * quoting), the comparison page, and every error path. */
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <terroir/terroir.h>

/* Ids and names that break HTML, SVG, JSON and CSV when not escaped. */
#define HUB_ID "hub<&\"'>"
#define HUB_NAME "Hub \"Nord\", <b>coop</b> & 'co'"
#define POINT_NAME "<script>alert(1)</script>"

/* ---------------------------------------------------------------- model */

typedef struct fixture {
    terroir_model *m;
    terroir_plan *p;
} fixture;

static terroir_location latlon(double lat, double lon)
{
    terroir_location loc = {1, lat, lon, 0.0, 0.0};
    return loc;
}

/* One hub near Montréal with a van, a farm east of it and two points west:
 * the van collects at the farm and delivers to both points.  `hub_id`
 * lets a second model differ from the first. */
static terroir_model *model_new(const char *hub_id, terroir_coordinates coordinates)
{
    terroir_model *m = NULL;
    size_t veg = 0, hub = 0, farm = 0, shop = 0, bank = 0;
    ck_assert_int_eq(terroir_model_new(&m), 0);
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.name = "Tiny <region>";
    st.coordinates = coordinates;
    ck_assert_int_eq(terroir_model_set_settings(m, &st), 0);
    terroir_product_spec pr = TERROIR_PRODUCT_SPEC_INIT;
    pr.id = "veg";
    ck_assert_int_eq(terroir_model_add_product(m, &pr, &veg), 0);
    int planar = coordinates == TERROIR_COORDINATES_PLANAR;
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = hub_id;
    h.name = HUB_NAME;
    h.location = planar ? (terroir_location){1, 0, 0, 0, 0} : latlon(45.5, -73.6);
    ck_assert_int_eq(terroir_model_add_hub(m, &h, &hub), 0);
    terroir_producer_spec f = TERROIR_PRODUCER_SPEC_INIT;
    f.id = "farm";
    f.name = "Ferme, du Nord";
    f.location = planar ? (terroir_location){1, 0, 0, 10, 0} : latlon(45.6, -73.4);
    ck_assert_int_eq(terroir_model_add_producer(m, &f, &farm), 0);
    terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
    pt.id = "shop";
    pt.name = POINT_NAME;
    pt.location = planar ? (terroir_location){1, 0, 0, -10, 0} : latlon(45.4, -73.8);
    ck_assert_int_eq(terroir_model_add_point(m, &pt, &shop), 0);
    pt.id = "bank";
    pt.name = "Banque alimentaire";
    pt.kind = TERROIR_POINT_FOOD_BANK;
    pt.location = planar ? (terroir_location){1, 0, 0, -10, 10} : latlon(45.55, -73.9);
    ck_assert_int_eq(terroir_model_add_point(m, &pt, &bank), 0);
    ck_assert_int_eq(terroir_model_add_supply(m, farm, veg, 100), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, shop, veg, 60), 0);
    ck_assert_int_eq(terroir_model_add_demand(m, bank, veg, 40), 0);
    terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    v.id = "van";
    v.home_hub = hub;
    v.capacity = (const double[]){1000}; /* kg */
    v.n_dimensions = 1;
    ck_assert_int_eq(terroir_model_add_vehicle_type(m, &v, NULL), 0);
    ck_assert_int_eq(terroir_model_validate(m, NULL), 0);
    return m;
}

static fixture fixture_new(terroir_coordinates coordinates)
{
    fixture fx = {model_new(HUB_ID, coordinates), NULL};
    terroir_solve_options o;
    ck_assert_int_eq(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), 0);
    o.route_iterations = 100;
    int rc = terroir_solve(&fx.p, fx.m, &o);
    ck_assert_msg(rc == 0, "solve: %s", terroir_error_last() ? terroir_error_last()->message : "?");
    ck_assert_uint_ge(terroir_plan_route_count(fx.p), 1);
    return fx;
}

static void fixture_free(fixture *fx)
{
    terroir_plan_free(fx->p);
    terroir_model_free(fx->m);
}

static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* ---------------------------------------------------------------- JSON */

/* A small JSON reader: enough to walk GeoJSON back (no \u decoding). */
typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jv {
    jtype type;
    double num;
    char *str;
    struct jv *items; /* array items or object values */
    char **keys;      /* object keys */
    size_t n;
} jv;

static void skip_ws(const char **p)
{
    while (isspace((unsigned char)**p))
        (*p)++;
}

static int parse_value(const char **p, jv *out);

static char *parse_string(const char **p)
{
    if (**p != '"')
        return NULL;
    (*p)++;
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    while (**p && **p != '"') {
        char c = *(*p)++;
        if (c == '\\') {
            c = *(*p)++;
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
        }
        if (n + 2 > cap)
            s = realloc(s, cap *= 2);
        s[n++] = c;
    }
    s[n] = '\0';
    if (**p != '"') {
        free(s);
        return NULL;
    }
    (*p)++;
    return s;
}

static int parse_items(const char **p, jv *out, int object)
{
    char close = object ? '}' : ']';
    (*p)++;
    skip_ws(p);
    size_t cap = 0;
    if (**p == close) {
        (*p)++;
        return 0;
    }
    for (;;) {
        if (out->n == cap) {
            cap = cap ? 2 * cap : 4;
            out->items = realloc(out->items, cap * sizeof *out->items);
            if (object)
                out->keys = realloc(out->keys, cap * sizeof *out->keys);
        }
        skip_ws(p);
        if (object) {
            out->keys[out->n] = parse_string(p);
            if (!out->keys[out->n])
                return -1;
            skip_ws(p);
            if (*(*p)++ != ':') {
                free(out->keys[out->n]);
                return -1;
            }
        }
        if (parse_value(p, &out->items[out->n]) != 0) {
            if (object)
                free(out->keys[out->n]);
            return -1;
        }
        out->n++;
        skip_ws(p);
        if (**p == ',') {
            (*p)++;
            continue;
        }
        if (**p != close)
            return -1;
        (*p)++;
        return 0;
    }
}

static int parse_value(const char **p, jv *out)
{
    memset(out, 0, sizeof *out);
    skip_ws(p);
    if (**p == '{') {
        out->type = J_OBJ;
        return parse_items(p, out, 1);
    }
    if (**p == '[') {
        out->type = J_ARR;
        return parse_items(p, out, 0);
    }
    if (**p == '"') {
        out->type = J_STR;
        out->str = parse_string(p);
        return out->str ? 0 : -1;
    }
    if (strncmp(*p, "true", 4) == 0 || strncmp(*p, "false", 5) == 0) {
        out->type = J_BOOL;
        out->num = **p == 't';
        *p += **p == 't' ? 4 : 5;
        return 0;
    }
    if (strncmp(*p, "null", 4) == 0) {
        *p += 4;
        return 0;
    }
    char *end = NULL;
    out->type = J_NUM;
    out->num = strtod(*p, &end);
    if (end == *p)
        return -1;
    *p = end;
    return 0;
}

static void jv_free(jv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        jv_free(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
}

static const jv *get(const jv *obj, const char *key)
{
    for (size_t i = 0; obj && obj->type == J_OBJ && i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}

static const char *get_str(const jv *obj, const char *key)
{
    const jv *v = get(obj, key);
    return v && v->type == J_STR ? v->str : NULL;
}

static jv parse_geojson(const fixture *fx)
{
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(terroir_report_write_geojson_buffer(&text, &len, fx->m, fx->p), 0);
    ck_assert_uint_eq(len, strlen(text));
    jv doc;
    const char *p = text;
    ck_assert_int_eq(parse_value(&p, &doc), 0);
    skip_ws(&p);
    ck_assert_int_eq(*p, '\0');
    terroir_free(text);
    return doc;
}

/* The feature whose properties have `key` = `value`, or NULL. */
static const jv *find_feature(const jv *doc, const char *key, const char *value)
{
    const jv *features = get(doc, "features");
    for (size_t i = 0; features && i < features->n; i++) {
        const char *s = get_str(get(&features->items[i], "properties"), key);
        if (s && strcmp(s, value) == 0)
            return &features->items[i];
    }
    return NULL;
}

static void expect_position(const jv *pos, double lon, double lat)
{
    ck_assert(pos && pos->type == J_ARR);
    ck_assert_uint_eq(pos->n, 2);
    ck_assert_double_eq_tol(pos->items[0].num, lon, 1e-9);
    ck_assert_double_eq_tol(pos->items[1].num, lat, 1e-9);
}

/* ---------------------------------------------------------------- GeoJSON */

START_TEST(geojson_is_a_feature_collection_in_lon_lat_order)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    jv doc = parse_geojson(&fx);
    ck_assert_str_eq(get_str(&doc, "type"), "FeatureCollection");
    const jv *features = get(&doc, "features");
    ck_assert(features && features->type == J_ARR);
    for (size_t i = 0; i < features->n; i++) {
        const jv *f = &features->items[i];
        ck_assert_str_eq(get_str(f, "type"), "Feature");
        ck_assert(get(f, "geometry") && get(f, "properties"));
    }
    /* The farm is at 45.6 N, 73.4 W: [lon, lat] = [-73.4, 45.6]. */
    const jv *farm = find_feature(&doc, "id", "farm");
    ck_assert_ptr_nonnull(farm);
    ck_assert_str_eq(get_str(get(farm, "geometry"), "type"), "Point");
    expect_position(get(get(farm, "geometry"), "coordinates"), -73.4, 45.6);
    const jv *props = get(farm, "properties");
    ck_assert_str_eq(get_str(props, "kind"), "producer");
    ck_assert_str_eq(get_str(props, "name"), "Ferme, du Nord");
    ck_assert_double_eq_tol(get(props, "supply_kg")->num, 100, 1e-9);
    /* Hostile ids come back intact, and the point kind is named. */
    const jv *hub = find_feature(&doc, "id", HUB_ID);
    ck_assert_ptr_nonnull(hub);
    ck_assert_str_eq(get_str(get(hub, "properties"), "name"), HUB_NAME);
    ck_assert_int_eq(get(get(hub, "properties"), "open")->type, J_BOOL);
    ck_assert_str_eq(get_str(get(find_feature(&doc, "id", "bank"), "properties"), "kind"),
                     "food_bank");
    jv_free(&doc);
    fixture_free(&fx);
}
END_TEST

START_TEST(geojson_routes_are_line_strings_closed_at_their_hub)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    jv doc = parse_geojson(&fx);
    const jv *features = get(&doc, "features");
    size_t routes = 0;
    for (size_t i = 0; i < features->n; i++) {
        const jv *f = &features->items[i];
        const jv *props = get(f, "properties");
        if (strcmp(get_str(props, "feature"), "route") != 0)
            continue;
        const jv *geometry = get(f, "geometry");
        ck_assert_str_eq(get_str(geometry, "type"), "LineString");
        ck_assert_str_eq(get_str(props, "hub"), HUB_ID);
        const jv *coords = get(geometry, "coordinates");
        ck_assert_uint_eq(coords->n, (size_t)get(props, "stops")->num + 2);
        expect_position(&coords->items[0], -73.6, 45.5);
        expect_position(&coords->items[coords->n - 1], -73.6, 45.5);
        ck_assert_ptr_nonnull(get_str(props, "color"));
        routes++;
    }
    ck_assert_uint_eq(routes, terroir_plan_route_count(fx.p));
    jv_free(&doc);
    fixture_free(&fx);
}
END_TEST

START_TEST(geojson_numbers_ignore_the_host_locale)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    /* A French locale writes 0,5 with printf; skip quietly where none is
     * installed (the test then checks the "C" locale only). */
    const char *old = setlocale(LC_NUMERIC, NULL);
    char *saved = old ? strdup(old) : NULL;
    if (!setlocale(LC_NUMERIC, "fr_CA.UTF-8"))
        setlocale(LC_NUMERIC, "fr_FR.UTF-8");
    jv doc = parse_geojson(&fx);
    expect_position(get(get(find_feature(&doc, "id", "shop"), "geometry"), "coordinates"), -73.8,
                    45.4);
    jv_free(&doc);
    char *html = NULL;
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, fx.m, fx.p, NULL), 0);
    /* Bar widths ("width:62.5%") are CSS: a decimal comma would break them. */
    size_t widths = 0;
    for (const char *w = html; (w = strstr(w, "style=\"width:")) != NULL; w += 13, widths++)
        ck_assert_uint_eq(strspn(w + 13, "0123456789."), strcspn(w + 13, "%"));
    ck_assert_uint_gt(widths, 0);
    terroir_free(html);
    setlocale(LC_NUMERIC, saved ? saved : "C");
    free(saved);
    fixture_free(&fx);
}
END_TEST

START_TEST(geojson_rejects_a_planar_model)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_PLANAR);
    char *text = NULL;
    ck_assert_int_eq(terroir_report_write_geojson_buffer(&text, NULL, fx.m, fx.p),
                     TERROIR_EINVAL);
    ck_assert_ptr_null(text);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "planar"));
    ck_assert_int_eq(terroir_report_write_geojson_file(fx.m, fx.p, "never.geojson"),
                     TERROIR_EINVAL);
    ck_assert_int_eq(access("never.geojson", F_OK), -1);
    /* The HTML report draws planar models in their own units. */
    ck_assert_int_eq(terroir_report_write_html_buffer(&text, NULL, fx.m, fx.p, NULL), 0);
    ck_assert_ptr_nonnull(strstr(text, "<svg"));
    terroir_free(text);
    fixture_free(&fx);
}
END_TEST

/* ---------------------------------------------------------------- HTML */

START_TEST(html_escapes_every_string_from_the_model)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    char *html = NULL;
    size_t len = 0;
    terroir_report_options o = TERROIR_REPORT_OPTIONS_INIT;
    o.title = "Plan <b>&</b>";
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, &len, fx.m, fx.p, &o), 0);
    ck_assert_uint_eq(len, strlen(html));
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "<b>coop"));
    ck_assert_ptr_null(strstr(html, "<b>&"));
    ck_assert_ptr_null(strstr(html, HUB_ID));
    ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "hub&lt;&amp;&quot;&#39;&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "<title>Plan &lt;b&gt;&amp;&lt;/b&gt;</title>"));
    /* Self-contained: no script, no link, no URL but the SVG namespace. */
    ck_assert_ptr_null(strstr(html, "<link"));
    ck_assert_ptr_null(strstr(html, "src="));
    ck_assert_uint_eq(count_of(html, "http"), 1);
    /* The map: one polyline per route. */
    ck_assert_uint_eq(count_of(html, "<polyline"), terroir_plan_route_count(fx.p));
    ck_assert_uint_eq(count_of(html, "<svg"), 1);
    ck_assert_ptr_nonnull(strstr(html, "</html>"));
    terroir_free(html);
    fixture_free(&fx);
}
END_TEST

START_TEST(html_default_title_names_the_model)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    char *html = NULL;
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, fx.m, fx.p, NULL), 0);
    ck_assert_ptr_nonnull(strstr(html, "<title>terroir plan \xe2\x80\x94 Tiny &lt;region&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "Demand served"));
    ck_assert_ptr_nonnull(strstr(html, "Km driven"));
    terroir_free(html);
    ck_assert_int_eq(terroir_report_write_html_file(fx.m, fx.p, "report_test.html", NULL), 0);
    struct stat st;
    ck_assert_int_eq(stat("report_test.html", &st), 0);
    ck_assert_int_gt(st.st_size, 1000);
    unlink("report_test.html");
    fixture_free(&fx);
}
END_TEST

/* A city of 45 points around a hub, fed by two farms 100 km away, with no
 * vehicle: the plan has flows and no routes, and the points crowd into a
 * small part of the map. */
static fixture city_new(void)
{
    fixture fx = {NULL, NULL};
    size_t veg = 0, hub = 0, farm = 0, point = 0;
    ck_assert_int_eq(terroir_model_new(&fx.m), 0);
    terroir_product_spec pr = TERROIR_PRODUCT_SPEC_INIT;
    pr.id = "veg";
    ck_assert_int_eq(terroir_model_add_product(fx.m, &pr, &veg), 0);
    terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
    h.id = "hub";
    h.location = latlon(45.5, -73.6);
    ck_assert_int_eq(terroir_model_add_hub(fx.m, &h, &hub), 0);
    const double farms[2][2] = {{46.4, -72.4}, {44.7, -74.9}};
    for (int i = 0; i < 2; i++) {
        terroir_producer_spec f = TERROIR_PRODUCER_SPEC_INIT;
        f.id = i ? "farm-south" : "farm-north";
        f.location = latlon(farms[i][0], farms[i][1]);
        ck_assert_int_eq(terroir_model_add_producer(fx.m, &f, &farm), 0);
        ck_assert_int_eq(terroir_model_add_supply(fx.m, farm, veg, 1000), 0);
    }
    for (int i = 0; i < 45; i++) {
        char id[16];
        snprintf(id, sizeof id, "p%02d", i);
        terroir_point_spec pt = TERROIR_POINT_SPEC_INIT;
        pt.id = id;
        pt.kind = (terroir_point_kind)(i % TERROIR_POINT_KIND_COUNT);
        pt.location = latlon(45.45 + 0.1 * (i % 7) / 7.0, -73.65 + 0.1 * (i / 7) / 7.0);
        ck_assert_int_eq(terroir_model_add_point(fx.m, &pt, &point), 0);
        ck_assert_int_eq(terroir_model_add_demand(fx.m, point, veg, 10), 0);
    }
    ck_assert_int_eq(terroir_model_validate(fx.m, NULL), 0);
    ck_assert_int_eq(terroir_solve(&fx.p, fx.m, NULL), 0);
    ck_assert_uint_eq(terroir_plan_route_count(fx.p), 0);
    ck_assert_uint_gt(terroir_plan_flow_count(fx.p), 0);
    return fx;
}

START_TEST(html_draws_flows_and_a_detail_map_of_a_crowded_city)
{
    fixture fx = city_new();
    char *html = NULL;
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, fx.m, fx.p, NULL), 0);
    ck_assert_uint_eq(count_of(html, "<svg"), 2); /* the region, then the city */
    ck_assert_uint_eq(count_of(html, "clip-path=\"url(#terroir-detail-clip)\""), 1);
    ck_assert_uint_eq(count_of(html, "<g class=\"flows\">"), 2);
    ck_assert_uint_eq(count_of(html, "<polyline"), 0);
    ck_assert_ptr_nonnull(strstr(html, "Flow (width: kg)"));
    ck_assert_ptr_nonnull(strstr(html, "no routing stage"));
    terroir_free(html);
    /* Without flows, the maps show the sites alone. */
    terroir_report_options o = TERROIR_REPORT_OPTIONS_INIT;
    o.show_flows = 0;
    o.map_width = 500;
    ck_assert_int_eq(terroir_report_write_html_buffer(&html, NULL, fx.m, fx.p, &o), 0);
    ck_assert_uint_eq(count_of(html, "<g class=\"flows\">"), 0);
    ck_assert_ptr_nonnull(strstr(html, "viewBox=\"0 0 500 "));
    terroir_free(html);
    /* GeoJSON: each flow a LineString farm -> hub -> point. */
    jv doc = parse_geojson(&fx);
    const jv *flow = find_feature(&doc, "to", "p07");
    ck_assert_ptr_nonnull(flow);
    ck_assert_str_eq(get_str(get(flow, "properties"), "via"), "hub");
    ck_assert_uint_eq(get(get(flow, "geometry"), "coordinates")->n, 3);
    expect_position(&get(get(flow, "geometry"), "coordinates")->items[1], -73.6, 45.5);
    jv_free(&doc);
    fixture_free(&fx);
}
END_TEST

/* ---------------------------------------------------------------- CSV */

static char *slurp(const char *dir, const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s missing", path);
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void remove_dir(const char *dir)
{
    static const char *const files[] = {"hubs.csv", "flows.csv", "routes.csv",
                                        "route_stops.csv", "unserved.csv", "unserved_stops.csv",
                                        "route_stop_products.csv", "self_deliveries.csv"};
    char path[512];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

START_TEST(csv_dir_holds_eight_tables_quoted_by_rfc_4180)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    char dir[] = "report_csv_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char sub[64];
    snprintf(sub, sizeof sub, "%s/tables", dir); /* created by the call */
    ck_assert_int_eq(terroir_report_write_csv_dir(fx.m, fx.p, sub), 0);
    char *hubs = slurp(sub, "hubs.csv");
    ck_assert_int_eq(strncmp(hubs, "id,name,status,open,", 20), 0);
    ck_assert_ptr_nonnull(strstr(hubs, "\r\n\"hub<&\"\"'>\",\"Hub \"\"Nord\"\", <b>coop</b> & "
                                       "'co'\",open,1,"));
    char *routes = slurp(sub, "routes.csv");
    ck_assert_uint_eq(count_of(routes, "\r\n"), terroir_plan_route_count(fx.p) + 1);
    char *stops = slurp(sub, "route_stops.csv");
    ck_assert_ptr_nonnull(strstr(stops, "\r\n1,1,"));
    char *flows = slurp(sub, "flows.csv");
    ck_assert_ptr_nonnull(strstr(flows, "veg,farm,\"hub<&\"\"'>\",shop,60,60,"));
    free(hubs);
    free(routes);
    free(stops);
    free(flows);
    free(slurp(sub, "unserved.csv"));
    free(slurp(sub, "unserved_stops.csv"));
    /* One row per product moved at a stop: here veg at every stop. */
    char *goods = slurp(sub, "route_stop_products.csv");
    ck_assert_int_eq(strncmp(goods, "route,position,site,kind,product,quantity,kg\r\n", 46), 0);
    size_t n_goods = 0, n_stops = 0;
    for (size_t r = 0; r < terroir_plan_route_count(fx.p); r++) {
        terroir_plan_route route = {0};
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        ck_assert_int_eq(terroir_plan_get_route(fx.p, r, &route), 0);
        for (size_t k = 0; k < route.n_stops; k++, n_stops++) {
            terroir_plan_route_stop st = {0};
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ck_assert_int_eq(terroir_plan_get_route_stop(fx.p, r, k, &st), 0);
            n_goods += st.n_products;
        }
    }
    ck_assert_uint_ge(n_goods, n_stops);
    ck_assert_uint_eq(count_of(goods, "\r\n"), n_goods + 1);
    ck_assert_uint_eq(count_of(goods, ",veg,"), n_goods);
    ck_assert_ptr_nonnull(strstr(goods, "\r\n1,1,"));
    free(goods);
    char *self = slurp(sub, "self_deliveries.csv");
    ck_assert_int_eq(strncmp(self, "producer,hub,product,quantity,kg,day,departure,arrival\r\n",
                             56),
                     0);
    ck_assert_uint_eq(count_of(self, "\r\n"), terroir_plan_self_delivery_count(fx.p) + 1);
    free(self);
    /* Writing again into the existing directory replaces the tables. */
    ck_assert_int_eq(terroir_report_write_csv_dir(fx.m, fx.p, sub), 0);
    remove_dir(sub);
    rmdir(dir);
    fixture_free(&fx);
}
END_TEST

/* ---------------------------------------------------------------- compare */

START_TEST(compare_page_has_a_column_and_a_map_per_scenario)
{
    fixture a = fixture_new(TERROIR_COORDINATES_LATLON);
    fixture b = fixture_new(TERROIR_COORDINATES_LATLON);
    const terroir_model *models[] = {a.m, b.m, a.m};
    const terroir_plan *plans[] = {a.p, b.p, a.p};
    const char *labels[] = {"Base <today>", NULL, "Same & again"};
    char *html = NULL;
    ck_assert_int_eq(
        terroir_report_write_compare_html_buffer(&html, NULL, models, plans, labels, 3, NULL), 0);
    ck_assert_uint_eq(count_of(html, "<svg"), 3);
    ck_assert_ptr_nonnull(strstr(html, "Base &lt;today&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "Scenario 2"));
    ck_assert_ptr_nonnull(strstr(html, "Same &amp; again"));
    ck_assert_ptr_null(strstr(html, "<today>"));
    ck_assert_ptr_nonnull(strstr(html, "Key figures"));
    ck_assert_ptr_nonnull(strstr(html, "Hubs open"));
    /* Equal plans: no difference to the reference. */
    ck_assert_ptr_null(strstr(html, "delta worse"));
    ck_assert_ptr_null(strstr(html, "delta better"));
    terroir_free(html);
    ck_assert_int_eq(terroir_report_write_compare_html_file(models, plans, labels, 1,
                                                            "compare_test.html", NULL),
                     0);
    ck_assert_int_eq(unlink("compare_test.html"), 0);
    fixture_free(&a);
    fixture_free(&b);
}
END_TEST

/* ---------------------------------------------------------------- errors */

START_TEST(report_functions_reject_bad_arguments)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    char *out = NULL;
    terroir_report_options o;
    ck_assert_int_eq(terroir_report_options_init(NULL, TERROIR_REPORT_OPTIONS_VERSION),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_options_init(&o, 0), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_options_init(&o, TERROIR_REPORT_OPTIONS_VERSION + 1),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_options_init(&o, TERROIR_REPORT_OPTIONS_VERSION), 0);
    ck_assert_int_eq(o.show_flows, 1);
    ck_assert_uint_eq(o.max_table_rows, 500);

    ck_assert_int_eq(terroir_report_write_html_buffer(NULL, NULL, fx.m, fx.p, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_html_buffer(&out, NULL, NULL, fx.p, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_html_buffer(&out, NULL, fx.m, NULL, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_html_file(fx.m, fx.p, NULL, NULL), TERROIR_EINVAL);
    o.version = 99;
    ck_assert_int_eq(terroir_report_write_html_buffer(&out, NULL, fx.m, fx.p, &o),
                     TERROIR_EINVAL);
    o.version = TERROIR_REPORT_OPTIONS_VERSION;
    o.map_width = NAN;
    ck_assert_int_eq(terroir_report_write_html_buffer(&out, NULL, fx.m, fx.p, &o),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_geojson_buffer(NULL, NULL, fx.m, fx.p),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_geojson_file(fx.m, fx.p, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_csv_dir(fx.m, fx.p, NULL), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_csv_dir(NULL, fx.p, "x"), TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_csv_dir(fx.m, fx.p, ""), TERROIR_EINVAL);
    const terroir_model *models[] = {fx.m};
    const terroir_plan *plans[] = {fx.p};
    ck_assert_int_eq(terroir_report_write_compare_html_buffer(&out, NULL, models, plans, NULL,
                                                              0, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_compare_html_buffer(&out, NULL, NULL, plans, NULL, 1,
                                                              NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_compare_html_buffer(NULL, NULL, models, plans, NULL,
                                                              1, NULL),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_compare_html_file(models, plans, NULL, 1, NULL, NULL),
                     TERROIR_EINVAL);
    ck_assert_ptr_null(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(report_functions_reject_a_plan_of_another_model)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    terroir_model *other = model_new("another-hub", TERROIR_COORDINATES_LATLON);
    char *out = NULL;
    ck_assert_int_eq(terroir_report_write_html_buffer(&out, NULL, other, fx.p, NULL),
                     TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "not made from this model"));
    ck_assert_int_eq(terroir_report_write_geojson_buffer(&out, NULL, other, fx.p),
                     TERROIR_EINVAL);
    ck_assert_int_eq(terroir_report_write_csv_dir(other, fx.p, "never_csv"), TERROIR_EINVAL);
    ck_assert_int_eq(access("never_csv", F_OK), -1);
    const terroir_model *models[] = {fx.m, other};
    const terroir_plan *plans[] = {fx.p, fx.p};
    ck_assert_int_eq(terroir_report_write_compare_html_buffer(&out, NULL, models, plans, NULL, 2,
                                                              NULL),
                     TERROIR_EINVAL);
    ck_assert_ptr_nonnull(strstr(terroir_error_last()->message, "scenario 2"));
    /* A model not validated yet cannot have made a plan. */
    terroir_model *fresh = NULL;
    ck_assert_int_eq(terroir_model_new(&fresh), 0);
    ck_assert_int_eq(terroir_report_write_html_buffer(&out, NULL, fresh, fx.p, NULL),
                     TERROIR_EINVAL);
    ck_assert_ptr_null(out);
    terroir_model_free(fresh);
    terroir_model_free(other);
    fixture_free(&fx);
}
END_TEST

START_TEST(report_functions_report_unwritable_paths)
{
    fixture fx = fixture_new(TERROIR_COORDINATES_LATLON);
    const char *bad = "no-such-dir/sub/report.html";
    ck_assert_int_eq(terroir_report_write_html_file(fx.m, fx.p, bad, NULL), TERROIR_EIO);
    ck_assert_str_eq(terroir_error_last()->file, bad);
    ck_assert_int_eq(terroir_report_write_geojson_file(fx.m, fx.p, bad), TERROIR_EIO);
    ck_assert_int_eq(terroir_report_write_csv_dir(fx.m, fx.p, "no-such-dir/sub"), TERROIR_EIO);
    const terroir_model *models[] = {fx.m};
    const terroir_plan *plans[] = {fx.p};
    ck_assert_int_eq(terroir_report_write_compare_html_file(models, plans, NULL, 1, bad, NULL),
                     TERROIR_EIO);
    /* A file where the directory should be. */
    FILE *f = fopen("report_not_a_dir", "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(terroir_report_write_csv_dir(fx.m, fx.p, "report_not_a_dir"), TERROIR_EIO);
    unlink("report_not_a_dir");
    fixture_free(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, geojson_is_a_feature_collection_in_lon_lat_order);
    tcase_add_test(tc, geojson_routes_are_line_strings_closed_at_their_hub);
    tcase_add_test(tc, geojson_numbers_ignore_the_host_locale);
    tcase_add_test(tc, geojson_rejects_a_planar_model);
    tcase_add_test(tc, html_escapes_every_string_from_the_model);
    tcase_add_test(tc, html_default_title_names_the_model);
    tcase_add_test(tc, html_draws_flows_and_a_detail_map_of_a_crowded_city);
    tcase_add_test(tc, csv_dir_holds_eight_tables_quoted_by_rfc_4180);
    tcase_add_test(tc, compare_page_has_a_column_and_a_map_per_scenario);
    tcase_add_test(tc, report_functions_reject_bad_arguments);
    tcase_add_test(tc, report_functions_reject_a_plan_of_another_model);
    tcase_add_test(tc, report_functions_report_unwritable_paths);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    terroir_error_clear();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
