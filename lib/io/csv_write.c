/* terroir_model_write_csv_dir(): a model as a spreadsheet folder
 * (datasets/SCHEMA.md, "Spreadsheet folders") that
 * terroir_model_load_csv_dir() reads back into an equal model when the
 * supply and demand lines of every site are in product order (the columns
 * are).  The eight tables are written, distances.csv and arcs.csv with
 * their header alone when the model has no matrix or arcs, so that no
 * table of an earlier model stays behind; members.csv and the `member`
 * columns only when the model has members (a members.csv left by an
 * earlier model is removed: it would add members on reading).  Comma separated, LF line ends, a
 * header row, '.' decimals written to read back exactly, cells quoted when they hold a separator, a
 * quote, a line break or blanks at an end.  Written through the public accessors only, like any
 * other client of the model. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <terroir/io.h>

#include "core/core.h"
#include "io/csv_model.h"

typedef struct cw {
    core_strbuf sb;
    int first; /* no cell yet on this row */
    int bad;   /* a number was not finite */
} cw;

static void sep(cw *w)
{
    if (!w->first)
        core__sb_append(&w->sb, ",", 1);
    w->first = 0;
}

static void text(cw *w, const char *s)
{
    sep(w);
    if (!s)
        return;
    size_t n = strlen(s);
    int quote = strpbrk(s, ",;\"\r\n") != NULL ||
                (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'));
    if (!quote) {
        core__sb_append(&w->sb, s, n);
        return;
    }
    core__sb_append(&w->sb, "\"", 1);
    for (const char *p = s; *p; p++)
        core__sb_append(&w->sb, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    core__sb_append(&w->sb, "\"", 1);
}

static void put_double(cw *w, double v)
{
    if (!isfinite(v)) {
        w->bad = 1;
        v = 0;
    }
    core__sb_double(&w->sb, v);
}

static void number(cw *w, double v)
{
    sep(w);
    put_double(w, v);
}

/* A capacity: "unlimited" or a number. */
static void capacity(cw *w, double v)
{
    if (v == TERROIR_UNLIMITED) {
        text(w, "unlimited");
        return;
    }
    number(w, v);
}

static void end_row(cw *w)
{
    core__sb_append(&w->sb, "\n", 1);
    w->first = 1;
}

static void header(cw *w, const char *names)
{
    core__sb_puts(&w->sb, names);
    w->first = 0;
}

/* A time of a window: "HH:MM" for whole minutes, else minutes. */
static void put_time(cw *w, double m)
{
    if (m == floor(m) && m >= 0 && m < 60000) {
        long v = (long)m;
        core__sb_printf(&w->sb, "%02ld:%02ld", v / 60, v % 60);
    } else {
        put_double(w, m);
    }
}

static void windows(cw *w, const terroir_model *m, terroir_site_kind kind, size_t index)
{
    sep(w);
    size_t n = terroir_model_time_window_count(m, kind, index);
    for (size_t k = 0; k < n; k++) {
        double open = 0, close = 0;
        terroir_model_get_time_window(m, kind, index, k, &open, &close);
        if (k)
            core__sb_append(&w->sb, "|", 1);
        put_time(w, open);
        core__sb_append(&w->sb, "-", 1);
        put_time(w, close);
    }
}

/* Operating days as `1|3|5`; an empty cell for none (every day). */
static void days(cw *w, const unsigned int *list, size_t n)
{
    sep(w);
    for (size_t k = 0; k < n; k++)
        core__sb_printf(&w->sb, "%s%u", k ? "|" : "", list[k]);
}

/* Values per temperature class of a hub (capacity_kg, storage_kg): three
 * empty cells for no limit in any class; otherwise every class is
 * written, since an empty cell next to a filled one means 0. */
static void class_values(cw *w, const double *values)
{
    int any = 0;
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        any |= values[t] != TERROIR_UNLIMITED;
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++) {
        if (any)
            capacity(w, values[t]);
        else
            text(w, NULL);
    }
}

static void location(cw *w, const terroir_location *loc, int latlon)
{
    if (!loc->has_location) {
        text(w, NULL);
        text(w, NULL);
    } else {
        number(w, latlon ? loc->lat : loc->x);
        number(w, latlon ? loc->lon : loc->y);
    }
}

/* The cells of the supply (producers) or demand (points) columns. */
static void quantities(cw *w, const terroir_model *m, size_t site, int supply)
{
    size_t np = terroir_model_count(m, TERROIR_ENTITY_PRODUCT);
    size_t nl = supply ? terroir_model_supply_count(m, site) : terroir_model_demand_count(m, site);
    for (size_t p = 0; p < np; p++) {
        int found = 0;
        double q = 0;
        for (size_t k = 0; k < nl && !found; k++) {
            size_t product;
            double qty;
            if ((supply ? terroir_model_get_supply(m, site, k, &product, &qty)
                        : terroir_model_get_demand(m, site, k, &product, &qty)) == 0 &&
                product == p) {
                found = 1;
                q = qty;
            }
        }
        if (found)
            number(w, q);
        else
            text(w, NULL);
    }
}

static void product_columns(cw *w, const terroir_model *m, const char *prefix)
{
    size_t np = terroir_model_count(m, TERROIR_ENTITY_PRODUCT);
    for (size_t p = 0; p < np; p++) {
        terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
        terroir_model_get_product(m, p, &s);
        char *name = core__asprintf("%s:%s", prefix, s.id);
        if (!name) {
            w->sb.failed = 1;
            return;
        }
        text(w, name);
        free(name);
    }
}

/* The `member` cell of an entity, when the model has members (the
 * column is written only then). */
static void member(cw *w, const terroir_model *m, size_t index)
{
    if (!terroir_model_count(m, TERROIR_ENTITY_MEMBER))
        return;
    terroir_member_spec s = TERROIR_MEMBER_SPEC_INIT;
    if (index == TERROIR_NO_MEMBER || terroir_model_get_member(m, index, &s) != 0)
        text(w, NULL);
    else
        text(w, s.id);
}

static void member_column(cw *w, const terroir_model *m)
{
    if (terroir_model_count(m, TERROIR_ENTITY_MEMBER))
        core__sb_puts(&w->sb, ",member");
}

/* ---------------------------------------------------------------- tables */

static void settings_csv(cw *w, const terroir_model *m)
{
    terroir_settings s = TERROIR_SETTINGS_INIT;
    terroir_model_get_settings(m, &s);
    header(w, "key,value");
    end_row(w);
    if (s.name) {
        text(w, "name");
        text(w, s.name);
        end_row(w);
    }
    core__sb_printf(&w->sb, "coordinates,%s\nrounding,%s\nroad_factor,",
                    terroir_coordinates_to_string(s.coordinates),
                    terroir_rounding_to_string(s.rounding));
    put_double(w, s.road_factor);
    core__sb_puts(&w->sb, "\nspeed_kmh,");
    put_double(w, s.speed_kmh);
    core__sb_puts(&w->sb, "\nco2_price,");
    put_double(w, s.co2_price);
    core__sb_printf(&w->sb, "\noperating_days,%u\narcs,%s\n", s.operating_days,
                    terroir_arcs_to_string(s.arcs));
}

static void products_csv(cw *w, const terroir_model *m)
{
    header(w, "id,name,temperature,shelf_life_hours,unit,kg_per_unit,m3_per_unit,"
              "pallets_per_unit");
    end_row(w);
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_PRODUCT); i++) {
        terroir_product_spec s = TERROIR_PRODUCT_SPEC_INIT;
        terroir_model_get_product(m, i, &s);
        text(w, s.id);
        text(w, s.name);
        text(w, terroir_temperature_to_string(s.temperature));
        number(w, s.shelf_life_hours);
        text(w, s.unit);
        number(w, s.kg_per_unit);
        number(w, s.m3_per_unit);
        number(w, s.pallets_per_unit);
        end_row(w);
    }
}

static int is_latlon(const terroir_model *m)
{
    terroir_settings s = TERROIR_SETTINGS_INIT;
    terroir_model_get_settings(m, &s);
    return s.coordinates == TERROIR_COORDINATES_LATLON;
}

static void producers_csv(cw *w, const terroir_model *m)
{
    int latlon = is_latlon(m);
    header(w, latlon ? "id,name,lat,lon" : "id,name,x,y");
    core__sb_puts(&w->sb, ",time_windows,service_minutes,self_delivery:kg,self_delivery:km,"
                          "direct_delivery,pickup_days");
    member_column(w, m);
    product_columns(w, m, "supply");
    end_row(w);
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_PRODUCER); i++) {
        terroir_producer_spec s = TERROIR_PRODUCER_SPEC_INIT;
        terroir_model_get_producer(m, i, &s);
        text(w, s.id);
        text(w, s.name);
        location(w, &s.location, latlon);
        windows(w, m, TERROIR_SITE_PRODUCER, i);
        number(w, s.service_minutes);
        number(w, s.self_delivery_kg);
        number(w, s.self_delivery_km);
        text(w, s.direct_delivery ? "true" : "false");
        days(w, s.pickup_days, s.n_pickup_days);
        member(w, m, s.member);
        quantities(w, m, i, 1);
        end_row(w);
    }
}

static void hubs_csv(cw *w, const terroir_model *m)
{
    int latlon = is_latlon(m);
    header(w, latlon ? "id,name,lat,lon" : "id,name,x,y");
    core__sb_puts(&w->sb, ",status,fixed_cost,capacity_kg:ambient,capacity_kg:chilled,"
                          "capacity_kg:frozen,handling_cost_per_kg,cross_dock_minutes,"
                          "storage_kg:ambient,storage_kg:chilled,storage_kg:frozen,"
                          "opening_hours");
    member_column(w, m);
    end_row(w);
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_HUB); i++) {
        terroir_hub_spec s = TERROIR_HUB_SPEC_INIT;
        terroir_model_get_hub(m, i, &s);
        text(w, s.id);
        text(w, s.name);
        location(w, &s.location, latlon);
        text(w, terroir_hub_status_to_string(s.status));
        number(w, s.fixed_cost);
        class_values(w, s.capacity_kg);
        number(w, s.handling_cost_per_kg);
        number(w, s.cross_dock_minutes);
        class_values(w, s.storage_kg);
        windows(w, m, TERROIR_SITE_HUB, i);
        member(w, m, s.member);
        end_row(w);
    }
}

static void points_csv(cw *w, const terroir_model *m)
{
    int latlon = is_latlon(m);
    header(w, latlon ? "id,name,kind,lat,lon" : "id,name,kind,x,y");
    core__sb_puts(&w->sb, ",priority,unserved_penalty_per_kg,time_windows,service_minutes,"
                          "delivery_days");
    member_column(w, m);
    product_columns(w, m, "demand");
    end_row(w);
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_POINT); i++) {
        terroir_point_spec s = TERROIR_POINT_SPEC_INIT;
        terroir_model_get_point(m, i, &s);
        text(w, s.id);
        text(w, s.name);
        text(w, terroir_point_kind_to_string(s.kind));
        location(w, &s.location, latlon);
        number(w, s.priority);
        if (s.unserved_penalty_per_kg == TERROIR_UNLIMITED)
            text(w, NULL); /* the default of its priority */
        else
            number(w, s.unserved_penalty_per_kg);
        windows(w, m, TERROIR_SITE_POINT, i);
        number(w, s.service_minutes);
        days(w, s.delivery_days, s.n_delivery_days);
        member(w, m, s.member);
        quantities(w, m, i, 0);
        end_row(w);
    }
}

static void vehicles_csv(cw *w, const terroir_model *m)
{
    header(w, "id,name,home_hub,count,capacity:kg,capacity:m3,capacity:pallets,temperatures,"
              "fixed_cost,cost_per_km,cost_per_hour,speed_kmh,max_duration_minutes,"
              "trips_per_day,loading_minutes,co2_kg_per_km");
    member_column(w, m);
    end_row(w);
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_VEHICLE_TYPE); i++) {
        terroir_vehicle_type_spec s = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
        terroir_model_get_vehicle_type(m, i, &s);
        terroir_model_get_hub(m, s.home_hub, &hub);
        text(w, s.id);
        text(w, s.name);
        text(w, hub.id);
        number(w, (double)s.count);
        for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
            capacity(w, s.capacity[d]);
        sep(w);
        int n = 0;
        for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
            if (s.temperatures & (1u << t))
                core__sb_printf(&w->sb, "%s%s", n++ ? "|" : "",
                                terroir_temperature_to_string((terroir_temperature)t));
        number(w, s.fixed_cost);
        number(w, s.cost_per_km);
        number(w, s.cost_per_hour);
        number(w, s.speed_kmh);
        number(w, s.max_duration_minutes);
        number(w, (double)s.trips_per_day);
        number(w, s.loading_minutes);
        number(w, s.co2_kg_per_km);
        member(w, m, s.member);
        end_row(w);
    }
}

/* The matrix, one row per ordered pair of its sites (a header alone
 * without one, so that no older matrix stays in the folder). */
static void distances_csv(cw *w, const terroir_model *m)
{
    const size_t *sites = NULL;
    const double *km = NULL, *minutes = NULL;
    size_t n = terroir_model_matrix_size(m);
    header(w, "from,to,km,minutes");
    end_row(w);
    if (n == 0 || terroir_model_get_matrix(m, &sites, &km, &minutes) != 0)
        return;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            text(w, terroir_model_site_id(m, sites[i]));
            text(w, terroir_model_site_id(m, sites[j]));
            number(w, km[i * n + j]);
            if (minutes)
                number(w, minutes[i * n + j]);
            else
                text(w, NULL);
            end_row(w);
        }
}

static void arcs_csv(cw *w, const terroir_model *m)
{
    header(w, "from,to,cost_per_kg,km");
    end_row(w);
    for (size_t k = 0; k < terroir_model_arc_count(m); k++) {
        size_t from = 0, to = 0;
        double cost = 0, km = -1;
        terroir_model_get_arc(m, k, &from, &to, &cost, &km);
        text(w, terroir_model_site_id(m, from));
        text(w, terroir_model_site_id(m, to));
        number(w, cost);
        if (km < 0)
            text(w, NULL); /* unknown */
        else
            number(w, km);
        end_row(w);
    }
}

static void members_csv(cw *w, const terroir_model *m)
{
    header(w, "id,name");
    end_row(w);
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_MEMBER); i++) {
        terroir_member_spec s = TERROIR_MEMBER_SPEC_INIT;
        terroir_model_get_member(m, i, &s);
        text(w, s.id);
        text(w, s.name);
        end_row(w);
    }
}

static void (*const writers[IO_CSV_N_TABLES])(cw *, const terroir_model *) = {
    settings_csv, products_csv,  producers_csv, hubs_csv,   points_csv,
    vehicles_csv, distances_csv, arcs_csv,      members_csv};

/* ---------------------------------------------------------------- files */

/* No members.csv in `path` afterwards (absent already is fine). */
static int remove_file(const char *path)
{
    if (remove(path) == 0 || errno == ENOENT)
        return 0;
    return core__error_at(TERROIR_EIO, path, 0, 0, NULL, "cannot remove: %s", strerror(errno));
}

int terroir_model_write_csv_dir(const terroir_model *model, const char *dir)
{
    static const char fn[] = "terroir_model_write_csv_dir";
    core__error_reset();
    if (!model || !dir)
        return core__error(TERROIR_EINVAL, "%s: NULL argument", fn);
    if (!dir[0])
        return core__error(TERROIR_EINVAL, "%s: empty folder name", fn);
    core_locale loc;
    core__locale_c_begin(&loc);
    int rc = core__make_dir(dir);
    for (int ti = 0; rc == 0 && ti < IO_CSV_N_TABLES; ti++) {
        cw w = {CORE_STRBUF_INIT, 1, 0};
        writers[ti](&w, model);
        char *path = core__asprintf("%s/%s", dir, io__csv_file_names[ti]);
        if (path && ti == IO_CSV_MEMBERS && !terroir_model_count(model, TERROIR_ENTITY_MEMBER))
            rc = remove_file(path);
        else if (w.sb.failed || !path)
            rc = core__error(TERROIR_ENOMEM, "%s: out of memory", fn);
        else if (w.bad)
            rc = core__error(TERROIR_EINVAL, "%s: the model holds a NaN or infinite number", fn);
        else
            rc = core__write_file(path, w.sb.data ? w.sb.data : "", w.sb.len);
        free(path);
        core__sb_free(&w.sb);
    }
    core__locale_c_end(&loc);
    return rc;
}
