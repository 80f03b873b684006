/* The YAML writer: a model as text in the schema of datasets/SCHEMA.md, such
 * that loading the text gives an equal model (terroir_model_equal()).
 *
 * Every field is written explicitly (only `name` is left out when it equals
 * the id), so a file shows the defaults it relies on; numbers go through
 * core__sb_double() (shortest of %.15g / %.17g that reads back exactly);
 * strings are plain when they cannot be mistaken for anything else and
 * double-quoted with YAML escapes otherwise.  The text is built in one
 * core_strbuf, linear in the size of the model. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/io.h>

#include "model/model_internal.h"

typedef struct yw {
    core_strbuf sb;
    const terroir_model *m;
    const char *bad; /* first string that is not valid UTF-8: what it is */
    char bad_field[96];
    int nonfinite; /* a NaN or infinite number was met */
} yw;

/* ---- scalars */

/* Words that a YAML 1.1 or 1.2 loader could read as a boolean or null. */
static int is_reserved_word(const char *s, size_t n)
{
    static const char *const words[] = {"true", "false", "yes", "no",   "on",
                                        "off",  "y",     "n",   "null", NULL};
    for (size_t i = 0; words[i]; i++) {
        if (strlen(words[i]) != n)
            continue;
        size_t k = 0;
        while (k < n && (s[k] | 0x20) == words[i][k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* A string that every YAML loader reads back as this very string when
 * written without quotes: a letter or '_' first, then letters, digits and
 * "_-./", and not a reserved word. */
static int is_plain_safe(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 128)
        return 0;
    char c = s[0];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == '/'))
            return 0;
    }
    return !is_reserved_word(s, n);
}

/* Decode one UTF-8 sequence at s (valid input assumed); returns its length. */
static size_t utf8_decode(const unsigned char *s, unsigned long *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        *cp = ((unsigned long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if ((s[0] & 0xF0) == 0xE0) {
        *cp = ((unsigned long)(s[0] & 0x0F) << 12) | ((unsigned long)(s[1] & 0x3F) << 6) |
              (s[2] & 0x3F);
        return 3;
    }
    *cp = ((unsigned long)(s[0] & 0x07) << 18) | ((unsigned long)(s[1] & 0x3F) << 12) |
          ((unsigned long)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
}

/* A double-quoted scalar.  Characters that YAML does not allow raw in a
 * stream, or that it would fold (line breaks), are escaped. */
static void put_quoted(core_strbuf *sb, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    core__sb_append(sb, "\"", 1);
    size_t i = 0;
    while (s[i]) {
        unsigned long cp;
        size_t n = utf8_decode(s + i, &cp);
        char esc[16];
        const char *e = NULL;
        switch (cp) {
        case '"':
            e = "\\\"";
            break;
        case '\\':
            e = "\\\\";
            break;
        case '\n':
            e = "\\n";
            break;
        case '\t':
            e = "\\t";
            break;
        case '\r':
            e = "\\r";
            break;
        case 0x2028:
            e = "\\L";
            break;
        case 0x2029:
            e = "\\P";
            break;
        default:
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                snprintf(esc, sizeof esc, "\\x%02lX", cp);
                e = esc;
            } else if (cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF) {
                snprintf(esc, sizeof esc, "\\u%04lX", cp);
                e = esc;
            }
        }
        if (e)
            core__sb_puts(sb, e);
        else
            core__sb_append(sb, (const char *)s + i, n);
        i += n;
    }
    core__sb_append(sb, "\"", 1);
}

/* A string scalar; `what` names it for the error when it is not UTF-8. */
static void put_str(yw *w, const char *s, const char *what, size_t index)
{
    if (!core__utf8_valid(s, strlen(s), NULL, NULL)) {
        if (!w->bad) {
            w->bad = what;
            snprintf(w->bad_field, sizeof w->bad_field, "%s[%zu]", what, index);
        }
        core__sb_puts(&w->sb, "\"\"");
        return;
    }
    if (is_plain_safe(s))
        core__sb_puts(&w->sb, s);
    else
        put_quoted(&w->sb, s);
}

/* A number; the builder admits only finite ones, but a non-finite value
 * would write text that loads as something else, so it fails the write. */
static void put_num(yw *w, double v)
{
    if (!isfinite(v)) {
        w->nonfinite = 1;
        core__sb_puts(&w->sb, "0");
        return;
    }
    core__sb_double(&w->sb, v);
}

/* A capacity: a number or `unlimited`. */
static void put_cap(yw *w, double v)
{
    if (v == TERROIR_UNLIMITED)
        core__sb_puts(&w->sb, "unlimited");
    else
        put_num(w, v);
}

/* "    key: number\n" */
static void kv_num(yw *w, const char *indent, const char *key, double v)
{
    core__sb_printf(&w->sb, "%s%s: ", indent, key);
    put_num(w, v);
    core__sb_append(&w->sb, "\n", 1);
}

static void kv_word(yw *w, const char *indent, const char *key, const char *word)
{
    core__sb_printf(&w->sb, "%s%s: %s\n", indent, key, word);
}

/* ---- pieces shared by sites */

#define ITEM "  - "
#define FIELD "    "

/* "    key: [1, 3, 5]\n" for a list of operating days; nothing for none
 * (every day, the default). */
static void put_days(yw *w, const char *key, const unsigned int *days, size_t n)
{
    if (n == 0)
        return;
    core__sb_printf(&w->sb, FIELD "%s: [", key);
    for (size_t k = 0; k < n; k++)
        core__sb_printf(&w->sb, "%s%u", k ? ", " : "", days[k]);
    core__sb_puts(&w->sb, "]\n");
}

static void put_head(yw *w, const char *id, const char *name, const char *what, size_t index)
{
    core__sb_puts(&w->sb, ITEM "id: ");
    put_str(w, id, what, index);
    core__sb_append(&w->sb, "\n", 1);
    if (name && strcmp(name, id) != 0) {
        core__sb_puts(&w->sb, FIELD "name: ");
        put_str(w, name, what, index);
        core__sb_append(&w->sb, "\n", 1);
    }
}

static void put_location(yw *w, const terroir_location *loc)
{
    if (!loc->has_location)
        return;
    if (w->m->settings.coordinates == TERROIR_COORDINATES_LATLON) {
        kv_num(w, FIELD, "lat", loc->lat);
        kv_num(w, FIELD, "lon", loc->lon);
    } else {
        kv_num(w, FIELD, "x", loc->x);
        kv_num(w, FIELD, "y", loc->y);
    }
}

static void put_windows(yw *w, const char *key, const model_site_base *b)
{
    core__sb_printf(&w->sb, FIELD "%s: [", key);
    for (size_t k = 0; k < b->n_windows; k++) {
        core__sb_puts(&w->sb, k ? ", [" : "[");
        put_num(w, b->windows[k].open);
        core__sb_puts(&w->sb, ", ");
        put_num(w, b->windows[k].close);
        core__sb_puts(&w->sb, "]");
    }
    core__sb_puts(&w->sb, "]\n");
}

/* supply / demand as {product: quantity, ...} in line order. */
static void put_lines(yw *w, const char *key, const model_line *lines, size_t n)
{
    core__sb_printf(&w->sb, FIELD "%s: {", key);
    for (size_t k = 0; k < n; k++) {
        if (k)
            core__sb_puts(&w->sb, ", ");
        put_str(w, w->m->products[lines[k].product].id, "products", lines[k].product);
        core__sb_puts(&w->sb, ": ");
        put_num(w, lines[k].quantity);
    }
    core__sb_puts(&w->sb, "}\n");
}

/* ---- sections */

static void put_settings(yw *w)
{
    const terroir_settings *s = &w->m->settings;
    core__sb_puts(&w->sb, "settings:\n");
    kv_word(w, "  ", "coordinates", terroir_coordinates_to_string(s->coordinates));
    kv_word(w, "  ", "rounding", terroir_rounding_to_string(s->rounding));
    kv_num(w, "  ", "road_factor", s->road_factor);
    kv_num(w, "  ", "speed_kmh", s->speed_kmh);
    kv_word(w, "  ", "arcs", terroir_arcs_to_string(s->arcs));
    kv_num(w, "  ", "co2_price", s->co2_price);
    if (s->operating_days != 1) /* the default is left implicit */
        kv_num(w, "  ", "operating_days", (double)s->operating_days);
}

/* `member: ID` of an entity that has one (none is left implicit). */
static void put_member(yw *w, size_t member)
{
    if (member == TERROIR_NO_MEMBER)
        return;
    core__sb_puts(&w->sb, FIELD "member: ");
    put_str(w, w->m->members[member].id, "members", member);
    core__sb_append(&w->sb, "\n", 1);
}

static void put_members(yw *w)
{
    const terroir_model *m = w->m;
    if (!m->n_members)
        return;
    core__sb_puts(&w->sb, "members:\n");
    for (size_t i = 0; i < m->n_members; i++)
        put_head(w, m->members[i].id, m->members[i].name, "members", i);
}

static void put_products(yw *w)
{
    const terroir_model *m = w->m;
    core__sb_puts(&w->sb, m->n_products ? "products:\n" : "products: []\n");
    for (size_t i = 0; i < m->n_products; i++) {
        const model_product *p = &m->products[i];
        put_head(w, p->id, p->name, "products", i);
        kv_word(w, FIELD, "temperature", terroir_temperature_to_string(p->temperature));
        kv_num(w, FIELD, "shelf_life_hours", p->shelf_life_hours);
        core__sb_puts(&w->sb, FIELD "unit: ");
        put_str(w, p->unit ? p->unit : "kg", "products", i);
        core__sb_append(&w->sb, "\n", 1);
        kv_num(w, FIELD, "kg_per_unit", p->kg_per_unit);
        kv_num(w, FIELD, "m3_per_unit", p->m3_per_unit);
        kv_num(w, FIELD, "pallets_per_unit", p->pallets_per_unit);
    }
}

static void put_producers(yw *w)
{
    const terroir_model *m = w->m;
    if (!m->n_producers)
        return;
    core__sb_puts(&w->sb, "producers:\n");
    for (size_t i = 0; i < m->n_producers; i++) {
        const model_producer *p = &m->producers[i];
        put_head(w, p->base.id, p->base.name, "producers", i);
        put_location(w, &p->base.location);
        put_lines(w, "supply", p->supply, p->n_supply);
        put_windows(w, "time_windows", &p->base);
        kv_num(w, FIELD, "service_minutes", p->service_minutes);
        core__sb_puts(&w->sb, FIELD "self_delivery: {kg: ");
        put_num(w, p->self_delivery_kg);
        core__sb_puts(&w->sb, ", km: ");
        put_num(w, p->self_delivery_km);
        core__sb_puts(&w->sb, "}\n");
        kv_word(w, FIELD, "direct_delivery", p->direct_delivery ? "true" : "false");
        put_days(w, "pickup_days", p->pickup_days, p->n_pickup_days);
        put_member(w, p->base.member);
    }
}

static void put_hubs(yw *w)
{
    const terroir_model *m = w->m;
    if (!m->n_hubs)
        return;
    core__sb_puts(&w->sb, "hubs:\n");
    for (size_t i = 0; i < m->n_hubs; i++) {
        const model_hub *h = &m->hubs[i];
        put_head(w, h->base.id, h->base.name, "hubs", i);
        put_location(w, &h->base.location);
        kv_word(w, FIELD, "status", terroir_hub_status_to_string(h->status));
        kv_num(w, FIELD, "fixed_cost", h->fixed_cost);
        core__sb_puts(&w->sb, FIELD "capacity_kg: {");
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
            core__sb_printf(&w->sb, "%s%s: ", t ? ", " : "",
                            terroir_temperature_to_string((terroir_temperature)t));
            put_cap(w, h->capacity_kg[t]);
        }
        core__sb_puts(&w->sb, "}\n");
        kv_num(w, FIELD, "handling_cost_per_kg", h->handling_cost_per_kg);
        kv_num(w, FIELD, "cross_dock_minutes", h->cross_dock_minutes);
        /* No limit in any class is the default: the key is left out. */
        int limited = 0;
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            limited |= h->storage_kg[t] != TERROIR_UNLIMITED;
        if (limited) {
            core__sb_puts(&w->sb, FIELD "storage_kg: {");
            for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
                core__sb_printf(&w->sb, "%s%s: ", t ? ", " : "",
                                terroir_temperature_to_string((terroir_temperature)t));
                put_cap(w, h->storage_kg[t]);
            }
            core__sb_puts(&w->sb, "}\n");
        }
        put_windows(w, "opening_hours", &h->base);
        put_member(w, h->base.member);
    }
}

static void put_points(yw *w)
{
    const terroir_model *m = w->m;
    if (!m->n_points)
        return;
    core__sb_puts(&w->sb, "points:\n");
    for (size_t i = 0; i < m->n_points; i++) {
        const model_point *p = &m->points[i];
        put_head(w, p->base.id, p->base.name, "points", i);
        kv_word(w, FIELD, "kind", terroir_point_kind_to_string(p->kind));
        put_location(w, &p->base.location);
        put_lines(w, "demand", p->demand, p->n_demand);
        kv_num(w, FIELD, "priority", (double)p->priority);
        /* TERROIR_UNLIMITED means "the default of the priority": leaving the
         * key out is how the schema says that. */
        if (p->unserved_penalty_per_kg != TERROIR_UNLIMITED)
            kv_num(w, FIELD, "unserved_penalty_per_kg", p->unserved_penalty_per_kg);
        put_windows(w, "time_windows", &p->base);
        kv_num(w, FIELD, "service_minutes", p->service_minutes);
        put_days(w, "delivery_days", p->delivery_days, p->n_delivery_days);
        put_member(w, p->base.member);
    }
}

static void put_vehicle_types(yw *w)
{
    const terroir_model *m = w->m;
    if (!m->n_vehicle_types)
        return;
    core__sb_puts(&w->sb, "vehicle_types:\n");
    for (size_t i = 0; i < m->n_vehicle_types; i++) {
        const model_vehicle_type *v = &m->vehicle_types[i];
        put_head(w, v->id, v->name, "vehicle_types", i);
        core__sb_puts(&w->sb, FIELD "home_hub: ");
        put_str(w, m->hubs[v->home_hub].base.id, "hubs", v->home_hub);
        core__sb_append(&w->sb, "\n", 1);
        core__sb_printf(&w->sb, FIELD "count: %zu\n", v->count);
        core__sb_puts(&w->sb, FIELD "capacity: {");
        for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++) {
            core__sb_printf(&w->sb, "%s%s: ", d ? ", " : "",
                            terroir_dimension_to_string((terroir_dimension)d));
            put_cap(w, v->capacity[d]);
        }
        core__sb_puts(&w->sb, "}\n");
        core__sb_puts(&w->sb, FIELD "temperatures: [");
        int first = 1;
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
            if (!(v->temperatures & (1u << t)))
                continue;
            core__sb_printf(&w->sb, "%s%s", first ? "" : ", ",
                            terroir_temperature_to_string((terroir_temperature)t));
            first = 0;
        }
        core__sb_puts(&w->sb, "]\n");
        kv_num(w, FIELD, "fixed_cost", v->fixed_cost);
        kv_num(w, FIELD, "cost_per_km", v->cost_per_km);
        kv_num(w, FIELD, "cost_per_hour", v->cost_per_hour);
        kv_num(w, FIELD, "speed_kmh", v->speed_kmh);
        kv_num(w, FIELD, "max_duration_minutes", v->max_duration_minutes);
        kv_num(w, FIELD, "co2_kg_per_km", v->co2_kg_per_km);
        kv_num(w, FIELD, "trips_per_day", (double)v->trips_per_day);
        kv_num(w, FIELD, "loading_minutes", v->loading_minutes);
        put_member(w, v->member);
    }
}

static void put_rows(yw *w, const char *key, const double *values, size_t n)
{
    core__sb_printf(&w->sb, "  %s:\n", key);
    for (size_t i = 0; i < n; i++) {
        core__sb_puts(&w->sb, "    - [");
        for (size_t j = 0; j < n; j++) {
            if (j)
                core__sb_puts(&w->sb, ", ");
            put_num(w, values[i * n + j]);
        }
        core__sb_puts(&w->sb, "]\n");
    }
}

static void put_matrix(yw *w)
{
    const model_matrix *mx = &w->m->matrix;
    if (!mx->n)
        return;
    core__sb_puts(&w->sb, "matrix:\n  sites: [");
    for (size_t i = 0; i < mx->n; i++) {
        if (i)
            core__sb_puts(&w->sb, ", ");
        put_str(w, model__site_base(w->m, mx->sites[i])->id, "sites", mx->sites[i]);
    }
    core__sb_puts(&w->sb, "]\n");
    put_rows(w, "km", mx->km, mx->n);
    if (mx->minutes)
        put_rows(w, "minutes", mx->minutes, mx->n);
}

static void put_arcs(yw *w)
{
    const terroir_model *m = w->m;
    if (!m->n_arcs)
        return;
    core__sb_puts(&w->sb, "arcs:\n");
    for (size_t k = 0; k < m->n_arcs; k++) {
        const model_arc *a = &m->arcs[k];
        core__sb_puts(&w->sb, ITEM "{from: ");
        put_str(w, model__site_base(m, a->from)->id, "sites", a->from);
        core__sb_puts(&w->sb, ", to: ");
        put_str(w, model__site_base(m, a->to)->id, "sites", a->to);
        core__sb_puts(&w->sb, ", cost_per_kg: ");
        put_num(w, a->cost_per_kg);
        if (a->km >= 0) {
            core__sb_puts(&w->sb, ", km: ");
            put_num(w, a->km);
        }
        core__sb_puts(&w->sb, "}\n");
    }
}

/* The whole text into *out (malloc'd).  Sets the last error on failure. */
static int write_text_c(const terroir_model *m, char **out, size_t *out_len);

/* Numbers are written with '.' whatever the host's locale. */
static int write_text(const terroir_model *m, char **out, size_t *out_len)
{
    core_locale loc;
    core__locale_c_begin(&loc);
    int rc = write_text_c(m, out, out_len);
    core__locale_c_end(&loc);
    return rc;
}

static int write_text_c(const terroir_model *m, char **out, size_t *out_len)
{
    yw w;
    memset(&w, 0, sizeof w);
    w.m = m;
    core__sb_printf(&w.sb,
                    "# terroir model, schema version 1 (datasets/SCHEMA.md); written by "
                    "terroir %s\n",
                    terroir_version());
    core__sb_puts(&w.sb, "terroir: 1\n");
    if (m->name) {
        core__sb_puts(&w.sb, "name: ");
        put_str(&w, m->name, "name", 0);
        core__sb_append(&w.sb, "\n", 1);
    }
    put_settings(&w);
    put_members(&w);
    put_products(&w);
    put_producers(&w);
    put_hubs(&w);
    put_points(&w);
    put_vehicle_types(&w);
    put_matrix(&w);
    put_arcs(&w);
    if (w.bad) {
        core__sb_free(&w.sb);
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, w.bad_field,
                              "a string of %s is not valid UTF-8: it cannot be written as YAML",
                              w.bad_field);
    }
    if (w.nonfinite) {
        core__sb_free(&w.sb);
        return core__error(TERROIR_EINVAL, "the model holds a NaN or infinite number: it "
                                           "cannot be written as YAML");
    }
    size_t len = 0;
    char *text = core__sb_take(&w.sb, &len);
    if (!text)
        return core__error(TERROIR_ENOMEM, "out of memory writing YAML");
    *out = text;
    if (out_len)
        *out_len = len;
    return 0;
}

int terroir_model_write_yaml_buffer(char **out, size_t *out_len, const terroir_model *model)
{
    core__error_reset();
    if (!out || !model)
        return core__error(TERROIR_EINVAL, "terroir_model_write_yaml_buffer: NULL argument");
    return write_text(model, out, out_len);
}

int terroir_model_write_yaml_file(const terroir_model *model, const char *path)
{
    core__error_reset();
    if (!model || !path)
        return core__error(TERROIR_EINVAL, "terroir_model_write_yaml_file: NULL argument");
    char *text = NULL;
    size_t len = 0;
    int rc = write_text(model, &text, &len);
    if (rc)
        return rc;
    rc = core__write_file(path, text, len);
    free(text);
    return rc;
}
