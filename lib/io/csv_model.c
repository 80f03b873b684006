/* Spreadsheet folders into a model (datasets/SCHEMA.md, "Spreadsheet
 * folders"): settings.csv, products.csv, producers.csv, hubs.csv,
 * points.csv, vehicles.csv, distances.csv (a distance matrix, one row per
 * ordered pair of sites), arcs.csv (listed arcs) and members.csv (the
 * members sharing the network, named by the `member` columns).
 *
 * How: each data row becomes the YAML node of the same entity — a column
 * `key` is the key `key`, a column `a:b` is key `b` of the mapping `a`
 * (supply:lettuce, capacity_kg:chilled), a time-window cell
 * `08:00-12:00|13:00-17:00` a sequence of pairs, a temperatures cell
 * `ambient|chilled` or a days cell `1|3|5` a sequence — positioned at its
 * cell, and goes through the YAML loader's own entity readers
 * (yaml_read.c).  So both formats
 * share one set of rules, defaults, cross-references and messages; only
 * the field names differ: a problem's field is the column name.  Cells
 * become nodes in csv_nodes.c; distances.csv is read by csv_distances.c.
 *
 * Spreadsheet habits accepted on top: an empty cell is an absent key (the
 * default); a number may use a decimal comma (`12,5`: with the `;`
 * separator as written, with `,` inside quotes); TRUE and FALSE in any
 * case; rows whose cells are all empty are skipped. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_model_internal.h"
#include "model/model_internal.h"

const char *const io__csv_file_names[IO_CSV_N_TABLES] = {
    "settings.csv", "products.csv",  "producers.csv", "hubs.csv",   "points.csv",
    "vehicles.csv", "distances.csv", "arcs.csv",      "members.csv"};

/* The order tables are read and their problems reported in: members
 * before the entities that name them, as in the YAML schema's walk. */
static const int TABLE_ORDER[IO_CSV_N_TABLES] = {
    IO_CSV_SETTINGS, IO_CSV_MEMBERS,  IO_CSV_PRODUCTS,  IO_CSV_PRODUCERS, IO_CSV_HUBS,
    IO_CSV_POINTS,   IO_CSV_VEHICLES, IO_CSV_DISTANCES, IO_CSV_ARCS};

typedef struct column_def {
    const char *name;
    cell_kind kind;
} column_def;

/* Mapping columns `prefix:key` with a fixed set of keys (NULL keys: any
 * product id). */
typedef struct mapping_def {
    const char *prefix;
    const char *const *keys;
    size_t n_keys;
} mapping_def;

typedef struct table_def {
    const char *what; /* "product" */
    const column_def *columns;
    size_t n_columns;
    const mapping_def *mappings;
    size_t n_mappings;
    void (*read)(io_yreader *, const io_ynode *);
    const char *required[2]; /* required columns (NULL: none) */
} table_def;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_MAPPINGS 2 /* mapping columns of one table: supply and self_delivery, or
                          capacity_kg and storage_kg */

static const column_def PRODUCT_COLUMNS[] = {{"id", CELL_TEXT},
                                             {"name", CELL_TEXT},
                                             {"temperature", CELL_TEXT},
                                             {"shelf_life_hours", CELL_NUMBER},
                                             {"unit", CELL_TEXT},
                                             {"kg_per_unit", CELL_NUMBER},
                                             {"m3_per_unit", CELL_NUMBER},
                                             {"pallets_per_unit", CELL_NUMBER}};
static const column_def PRODUCER_COLUMNS[] = {{"id", CELL_TEXT},
                                              {"name", CELL_TEXT},
                                              {"lat", CELL_NUMBER},
                                              {"lon", CELL_NUMBER},
                                              {"x", CELL_NUMBER},
                                              {"y", CELL_NUMBER},
                                              {"time_windows", CELL_WINDOWS},
                                              {"service_minutes", CELL_NUMBER},
                                              {"direct_delivery", CELL_BOOL},
                                              {"pickup_days", CELL_LIST},
                                              {"member", CELL_TEXT}};
static const column_def HUB_COLUMNS[] = {{"id", CELL_TEXT},
                                         {"name", CELL_TEXT},
                                         {"lat", CELL_NUMBER},
                                         {"lon", CELL_NUMBER},
                                         {"x", CELL_NUMBER},
                                         {"y", CELL_NUMBER},
                                         {"status", CELL_TEXT},
                                         {"fixed_cost", CELL_NUMBER},
                                         {"handling_cost_per_kg", CELL_NUMBER},
                                         {"cross_dock_minutes", CELL_NUMBER},
                                         {"opening_hours", CELL_WINDOWS},
                                         {"member", CELL_TEXT}};
static const column_def POINT_COLUMNS[] = {{"id", CELL_TEXT},
                                           {"name", CELL_TEXT},
                                           {"kind", CELL_TEXT},
                                           {"lat", CELL_NUMBER},
                                           {"lon", CELL_NUMBER},
                                           {"x", CELL_NUMBER},
                                           {"y", CELL_NUMBER},
                                           {"priority", CELL_NUMBER},
                                           {"unserved_penalty_per_kg", CELL_NUMBER},
                                           {"time_windows", CELL_WINDOWS},
                                           {"service_minutes", CELL_NUMBER},
                                           {"delivery_days", CELL_LIST},
                                           {"member", CELL_TEXT}};
static const column_def VEHICLE_COLUMNS[] = {{"id", CELL_TEXT},
                                             {"name", CELL_TEXT},
                                             {"home_hub", CELL_TEXT},
                                             {"count", CELL_NUMBER},
                                             {"temperatures", CELL_LIST},
                                             {"fixed_cost", CELL_NUMBER},
                                             {"cost_per_km", CELL_NUMBER},
                                             {"cost_per_hour", CELL_NUMBER},
                                             {"speed_kmh", CELL_NUMBER},
                                             {"max_duration_minutes", CELL_NUMBER},
                                             {"trips_per_day", CELL_NUMBER},
                                             {"loading_minutes", CELL_NUMBER},
                                             {"co2_kg_per_km", CELL_NUMBER},
                                             {"member", CELL_TEXT}};

static const char *const SELF_DELIVERY_KEYS[] = {"kg", "km"};
static const char *const CLASS_KEYS[] = {"ambient", "chilled", "frozen"};
static const char *const DIMENSION_KEYS[] = {"kg", "m3", "pallets"};

static const mapping_def PRODUCER_MAPPINGS[] = {{"supply", NULL, 0},
                                                {"self_delivery", SELF_DELIVERY_KEYS, 2}};
static const mapping_def HUB_MAPPINGS[] = {{"capacity_kg", CLASS_KEYS, 3},
                                           {"storage_kg", CLASS_KEYS, 3}};
static const mapping_def POINT_MAPPINGS[] = {{"demand", NULL, 0}};
static const mapping_def VEHICLE_MAPPINGS[] = {{"capacity", DIMENSION_KEYS, 3}};
static const column_def MEMBER_COLUMNS[] = {{"id", CELL_TEXT}, {"name", CELL_TEXT}};
static const column_def ARC_COLUMNS[] = {
    {"from", CELL_TEXT}, {"to", CELL_TEXT}, {"cost_per_kg", CELL_NUMBER}, {"km", CELL_NUMBER}};

static const table_def TABLES[IO_CSV_N_TABLES] = {
    [IO_CSV_PRODUCTS] =
        {"product", PRODUCT_COLUMNS, COUNT(PRODUCT_COLUMNS), NULL, 0, io__yr_product, {"id", NULL}},
    [IO_CSV_PRODUCERS] = {"producer",
                          PRODUCER_COLUMNS,
                          COUNT(PRODUCER_COLUMNS),
                          PRODUCER_MAPPINGS,
                          COUNT(PRODUCER_MAPPINGS),
                          io__yr_producer,
                          {"id", NULL}},
    [IO_CSV_HUBS] = {"hub",
                     HUB_COLUMNS,
                     COUNT(HUB_COLUMNS),
                     HUB_MAPPINGS,
                     COUNT(HUB_MAPPINGS),
                     io__yr_hub,
                     {"id", NULL}},
    [IO_CSV_POINTS] = {"point",
                       POINT_COLUMNS,
                       COUNT(POINT_COLUMNS),
                       POINT_MAPPINGS,
                       COUNT(POINT_MAPPINGS),
                       io__yr_point,
                       {"id", NULL}},
    [IO_CSV_VEHICLES] = {"vehicle type",
                         VEHICLE_COLUMNS,
                         COUNT(VEHICLE_COLUMNS),
                         VEHICLE_MAPPINGS,
                         COUNT(VEHICLE_MAPPINGS),
                         io__yr_vehicle_type,
                         {"id", "home_hub"}},
    [IO_CSV_ARCS] = {"arc", ARC_COLUMNS, COUNT(ARC_COLUMNS), NULL, 0, io__yr_arc, {"from", "to"}},
    [IO_CSV_MEMBERS] =
        {"member", MEMBER_COLUMNS, COUNT(MEMBER_COLUMNS), NULL, 0, io__yr_member, {"id", NULL}},
};

/* settings.csv: `key,value` rows; `name` is the model's name. */
static const column_def SETTING_KEYS[] = {{"name", CELL_TEXT},
                                          {"coordinates", CELL_TEXT},
                                          {"rounding", CELL_TEXT},
                                          {"road_factor", CELL_NUMBER},
                                          {"speed_kmh", CELL_NUMBER},
                                          {"co2_price", CELL_NUMBER},
                                          {"operating_days", CELL_NUMBER},
                                          {"arcs", CELL_TEXT}};

/* ---------------------------------------------------------------- headers */

/* How a column of a table is read. */
typedef struct column_use {
    const char *name; /* as in the header */
    cell_kind kind;
    const char *key; /* the entity's key, or the mapping's prefix */
    const char *sub; /* the mapping's key, or NULL */
    size_t mapping;  /* with `sub`: index of its mapping_def */
    int skip;        /* a bad column (reported once, at the header) */
} column_use;

static void list_expected(core_strbuf *sb, const table_def *def)
{
    for (size_t i = 0; i < def->n_columns; i++)
        core__sb_printf(sb, "%s%s", i ? ", " : "", def->columns[i].name);
    for (size_t m = 0; m < def->n_mappings; m++) {
        const mapping_def *md = &def->mappings[m];
        if (!md->keys)
            core__sb_printf(sb, ", %s:<product id>", md->prefix);
        for (size_t k = 0; k < md->n_keys; k++)
            core__sb_printf(sb, ", %s:%s", md->prefix, md->keys[k]);
    }
}

/* Resolve the header of table `ti` into `use`.  Returns 0 when the rows can
 * be read, -1 when a required column is missing. */
static int read_header(csv_loader *L, int ti, column_use *use)
{
    const table_def *def = &TABLES[ti];
    const io_csv_table *t = &L->tables[ti];
    size_t n = t->rows[0].n;
    int has[2] = {def->required[0] == NULL, def->required[1] == NULL};
    io_yids seen = {0}; /* names of the header, for duplicates in O(1) each */
    for (size_t c = 0; c < n && !L->r.stop; c++) {
        const io_csv_cell *h = io__csv_cell(t, 0, c);
        column_use *u = &use[c];
        memset(u, 0, sizeof *u);
        u->name = h->text;
        u->skip = 1;
        if (h->text[0]) {
            const io_yid *first = io__yids_get(&seen, h->text);
            if (first) {
                io__csv_problem(L, h, h->text, "duplicate column '%s' (first at %lu:%lu)", h->text,
                                first->line, first->column);
                goto next;
            }
            if (io__yids_put(&seen, h->text, 0, c, h->line, h->column)) {
                io__yr_nomem(&L->r);
                break;
            }
        }
        for (size_t i = 0; i < def->n_columns; i++)
            if (strcmp(def->columns[i].name, h->text) == 0) {
                u->kind = def->columns[i].kind;
                u->key = def->columns[i].name;
                u->skip = 0;
                for (int q = 0; q < 2; q++)
                    if (def->required[q] && strcmp(u->key, def->required[q]) == 0)
                        has[q] = 1;
                goto next;
            }
        const char *colon = strchr(h->text, ':');
        for (size_t m = 0; colon && m < def->n_mappings; m++) {
            const mapping_def *md = &def->mappings[m];
            if (strlen(md->prefix) != (size_t)(colon - h->text) ||
                strncmp(md->prefix, h->text, (size_t)(colon - h->text)) != 0)
                continue;
            const char *sub = colon + 1;
            if (!md->keys) {
                const io_yid *p = io__yids_get(&L->r.products, sub);
                if (!p)
                    io__csv_problem(L, h, h->text, "unknown product '%s' in column '%s'", sub,
                                    h->text);
                else
                    u->skip = 0;
            } else {
                for (size_t k = 0; k < md->n_keys; k++)
                    if (strcmp(md->keys[k], sub) == 0)
                        u->skip = 0;
                if (u->skip)
                    goto unknown;
            }
            u->kind = CELL_NUMBER;
            u->key = md->prefix;
            u->sub = sub;
            u->mapping = m;
            goto next;
        }
    unknown:
        if (h->text[0] == '\0') {
            /* Spreadsheets export trailing columns without a name; they are
             * harmless as long as they hold nothing. */
            size_t r;
            for (r = 1; r < t->n_rows; r++)
                if (c < t->rows[r].n && io__csv_cell(t, r, c)->text[0])
                    break;
            if (r < t->n_rows)
                io__csv_problem(L, io__csv_cell(t, r, c), NULL,
                                "a value in column %zu, which has no name in the header row",
                                c + 1);
        } else {
            core_strbuf sb = CORE_STRBUF_INIT;
            list_expected(&sb, def);
            io__csv_problem(L, h, h->text, "unknown column '%s' in %s; expected one of: %s",
                            h->text, io__csv_file_names[ti], sb.failed ? "..." : sb.data);
            core__sb_free(&sb);
        }
    next:;
    }
    io__yids_free(&seen);
    if (L->r.stop)
        return -1;
    const io_csv_cell *first = io__csv_cell(t, 0, 0);
    for (int q = 0; q < 2; q++)
        if (!has[q])
            io__csv_problem(L, first, def->required[q], "missing column '%s' in %s",
                            def->required[q], io__csv_file_names[ti]);
    return has[0] && has[1] ? 0 : -1;
}

/* ---------------------------------------------------------------- rows */

/* The mapping node under key `prefix` of `map`, made when missing; the
 * row's mappings are kept in `subs` by mapping_def index. */
static io_ynode *sub_mapping(csv_loader *L, io_ynode *map, io_ynode **subs, size_t mapping,
                             const char *prefix, const io_csv_cell *c)
{
    if (!subs[mapping])
        subs[mapping] =
            io__csv_put(L, map, prefix, io__csv_node(L, IO_YMAPPING, c->line, c->column));
    return subs[mapping];
}

static int remember_line(csv_loader *L, int ti, size_t index, unsigned long line)
{
    if (index >= L->n_lines[ti]) {
        size_t cap = L->n_lines[ti];
        if (core__grow((void **)&L->lines[ti], &cap, index + 1, sizeof *L->lines[ti]))
            return -1;
        for (size_t i = L->n_lines[ti]; i < cap; i++)
            L->lines[ti][i] = 0;
        L->n_lines[ti] = cap;
    }
    L->lines[ti][index] = line;
    return 0;
}

static size_t entity_count(const terroir_model *m, int ti)
{
    static const terroir_entity kinds[IO_CSV_VEHICLES + 1] = {0,
                                                              TERROIR_ENTITY_PRODUCT,
                                                              TERROIR_ENTITY_PRODUCER,
                                                              TERROIR_ENTITY_HUB,
                                                              TERROIR_ENTITY_POINT,
                                                              TERROIR_ENTITY_VEHICLE_TYPE};
    if (ti == IO_CSV_ARCS)
        return terroir_model_arc_count(m);
    if (ti == IO_CSV_MEMBERS)
        return terroir_model_count(m, TERROIR_ENTITY_MEMBER);
    return ti <= IO_CSV_VEHICLES ? terroir_model_count(m, kinds[ti]) : 0;
}

static void read_rows(csv_loader *L, int ti)
{
    const table_def *def = &TABLES[ti];
    const io_csv_table *t = &L->tables[ti];
    io_yreader *r = &L->r;
    if (t->n_rows == 0)
        return;
    size_t n = t->rows[0].n;
    column_use *use = core__calloc(n, sizeof *use);
    if (!use) {
        io__yr_nomem(r);
        return;
    }
    if (read_header(L, ti, use) != 0)
        goto done;
    for (size_t row = 1; row < t->n_rows && !r->stop; row++) {
        if (io__csv_row_is_empty(t, row))
            continue;
        const io_csv_cell *first = io__csv_cell(t, row, 0);
        if (t->rows[row].n != n) {
            /* Too few cells: at the last one, naming the first column left
             * without a cell; too many: at the first extra one. */
            size_t at = t->rows[row].n < n ? t->rows[row].n - 1 : n;
            io__csv_problem(L, io__csv_cell(t, row, at),
                            t->rows[row].n < n ? use[at + 1].name : NULL,
                            "row has %zu cells but the header has %zu (is a separator or a "
                            "quote missing?)",
                            t->rows[row].n, n);
            continue;
        }
        io_ynode *map = io__csv_node(L, IO_YMAPPING, first->line, first->column);
        io_ynode *subs[MAX_MAPPINGS] = {NULL};
        int bad = 0;
        for (size_t c = 0; c < n && map && !bad; c++) {
            const io_csv_cell *cell = io__csv_cell(t, row, c);
            const column_use *u = &use[c];
            if (u->skip)
                continue;
            if (!cell->text[0]) {
                if ((def->required[0] && strcmp(u->key, def->required[0]) == 0) ||
                    (def->required[1] && strcmp(u->key, def->required[1]) == 0)) {
                    io__csv_problem(L, cell, u->name, "empty '%s': every %s needs one", u->key,
                                    def->what);
                    bad = 1;
                }
                continue;
            }
            io_ynode *value = io__csv_cell_node(L, cell, u->kind, u->name);
            if (!value) {
                bad = 1;
                continue;
            }
            if (u->sub)
                io__csv_put(L, sub_mapping(L, map, subs, u->mapping, u->key, cell), u->sub, value);
            else
                io__csv_put(L, map, u->key, value);
        }
        if (!map || r->stop)
            break;
        if (bad)
            continue;
        io__csv_reverse(map);
        for (size_t m = 0; m < MAX_MAPPINGS; m++)
            if (subs[m])
                io__csv_reverse(subs[m]);
        size_t before = entity_count(r->model, ti);
        def->read(r, map);
        if (entity_count(r->model, ti) > before && remember_line(L, ti, before, first->line) != 0)
            io__yr_nomem(r);
    }
done:
    free(use);
}

/* settings.csv into the model's settings. */
static void read_settings(csv_loader *L)
{
    io_yreader *r = &L->r;
    io_ynode *root = io__csv_node(L, IO_YMAPPING, 1, 1);
    io_ynode *settings = io__csv_node(L, IO_YMAPPING, 1, 1);
    const io_csv_table *t = &L->tables[IO_CSV_SETTINGS];
    if (!root || !settings)
        return;
    if (L->present[IO_CSV_SETTINGS] && t->n_rows > 0) {
        const io_csv_row *h = &t->rows[0];
        if (h->n != 2 || strcmp(io__csv_cell(t, 0, 0)->text, "key") != 0 ||
            strcmp(io__csv_cell(t, 0, 1)->text, "value") != 0) {
            io__csv_problem(L, io__csv_cell(t, 0, 0), NULL,
                            "the header row of settings.csv must be: key,value");
            return;
        }
        for (size_t row = 1; row < t->n_rows && !r->stop; row++) {
            if (io__csv_row_is_empty(t, row))
                continue;
            const io_csv_cell *k = io__csv_cell(t, row, 0);
            if (t->rows[row].n != 2) {
                io__csv_problem(L, k, NULL, "row has %zu cells but the header has 2",
                                t->rows[row].n);
                continue;
            }
            const io_csv_cell *v = io__csv_cell(t, row, 1);
            const column_def *def = NULL;
            for (size_t i = 0; i < COUNT(SETTING_KEYS); i++)
                if (strcmp(SETTING_KEYS[i].name, k->text) == 0)
                    def = &SETTING_KEYS[i];
            if (!def) {
                io__csv_problem(L, k, "key",
                                "unknown setting '%s'; expected one of: name, coordinates, "
                                "rounding, road_factor, speed_kmh, co2_price, operating_days, "
                                "arcs",
                                k->text);
                continue;
            }
            io_ynode *target = def == &SETTING_KEYS[0] ? root : settings;
            if (io__yr_get(target, def->name)) {
                io__csv_problem(L, k, def->name, "setting '%s' is given twice", def->name);
                continue;
            }
            if (!v->text[0])
                continue; /* the default */
            io_ynode *value = io__csv_cell_node(L, v, def->kind, def->name);
            if (value)
                io__csv_put(L, target, def->name, value);
        }
    }
    if (settings->count)
        io__csv_put(L, root, "settings", settings);
    if (!r->stop)
        io__yr_settings(r, root);
}

/* ---------------------------------------------------------------- problems */

/* The column name of a reader's field path: "supply.lettuce" ->
 * "supply:lettuce", "time_windows[0][1]" -> "time_windows",
 * "settings.road_factor" -> "road_factor". */
static void column_of_path(const char *path, core_strbuf *out)
{
    if (strncmp(path, "settings.", 9) == 0)
        path += 9;
    else if (strncmp(path, "matrix.", 7) == 0)
        path += 7;
    size_t n = strcspn(path, "[");
    out->len = 0;
    core__sb_append(out, path, n);
    char *dot = out->data ? strchr(out->data, '.') : NULL;
    if (dot)
        *dot = ':';
}

/* Validation problems name the entity ("points[3]"): give them the file
 * and line of its row. */
static void validate(csv_loader *L)
{
    static const struct {
        const char *section;
        int table;
    } sections[] = {
        {"products", IO_CSV_PRODUCTS}, {"producers", IO_CSV_PRODUCERS},    {"hubs", IO_CSV_HUBS},
        {"points", IO_CSV_POINTS},     {"vehicle_types", IO_CSV_VEHICLES}, {"arcs", IO_CSV_ARCS},
        {"matrix", IO_CSV_DISTANCES},  {"members", IO_CSV_MEMBERS}};
    io_yreader *r = &L->r;
    terroir_diagnostics *vd = NULL;
    int rc = terroir_model_validate(r->model, &vd);
    if (rc == TERROIR_ENOMEM) {
        terroir_diagnostics_free(vd);
        io__yr_nomem(r);
        return;
    }
    size_t count = terroir_diagnostics_count(vd);
    if (rc != 0 && count == 0) {
        const terroir_error *e = terroir_error_last();
        if (core__diags_add(r->diags, TERROIR_EINPUT, L->names[IO_CSV_PRODUCTS], 0, 0, NULL, "%s",
                            e ? e->message : "the model is not valid"))
            io__yr_nomem(r);
    }
    for (size_t i = 0; i < count; i++) {
        const terroir_error *e = terroir_diagnostics_get(vd, i);
        int table = IO_CSV_PRODUCTS;
        unsigned long line = 0;
        const char *field = NULL;
        for (size_t s = 0; e->field && s < COUNT(sections); s++) {
            size_t len = strlen(sections[s].section), index;
            if (strncmp(e->field, sections[s].section, len) != 0)
                continue;
            table = sections[s].table;
            if (sscanf(e->field + len, "[%zu]", &index) == 1 && index < L->n_lines[table]) {
                line = L->lines[table][index];
                field = table == IO_CSV_ARCS ? "from" : "id";
            }
        }
        if (core__diags_add(r->diags, e->code, L->names[table], line, line ? 1 : 0, field, "%s",
                            e->message)) {
            io__yr_nomem(r);
            break;
        }
    }
    terroir_diagnostics_free(vd);
}

/* The problems in table order, each table's sorted by position, with
 * column names for fields. */
static terroir_diagnostics *final_problems(csv_loader *L)
{
    terroir_diagnostics *all = core__diags_new();
    core_strbuf column = CORE_STRBUF_INIT;
    if (!all)
        return NULL;
    for (int k = 0; k < IO_CSV_N_TABLES; k++) {
        int ti = TABLE_ORDER[k];
        terroir_diagnostics *part = core__diags_new();
        if (!part)
            goto nomem;
        for (size_t i = 0; i < terroir_diagnostics_count(L->r.diags); i++) {
            const terroir_error *e = terroir_diagnostics_get(L->r.diags, i);
            int mine = e->file ? strcmp(e->file, L->names[ti]) == 0 : ti == IO_CSV_PRODUCTS;
            if (!mine)
                continue;
            const char *field = NULL;
            if (e->field) {
                column_of_path(e->field, &column);
                field = column.failed ? NULL : column.data;
            }
            if (core__diags_add(part, e->code, e->file, e->line, e->column, field, "%s",
                                e->message)) {
                terroir_diagnostics_free(part);
                goto nomem;
            }
        }
        core__diags_sort(part);
        for (size_t i = 0; i < terroir_diagnostics_count(part); i++) {
            const terroir_error *e = terroir_diagnostics_get(part, i);
            if (core__diags_add(all, e->code, e->file, e->line, e->column, e->field, "%s",
                                e->message)) {
                terroir_diagnostics_free(part);
                goto nomem;
            }
        }
        terroir_diagnostics_free(part);
    }
    core__sb_free(&column);
    return all;
nomem:
    core__sb_free(&column);
    terroir_diagnostics_free(all);
    return NULL;
}

/* ---------------------------------------------------------------- entry */

int io__csv_load_tables(terroir_model **out, const char *const *names, const char *const *data,
                        const size_t *len, const terroir_load_options *opts,
                        terroir_diagnostics **diags_out)
{
    csv_loader L;
    terroir_diagnostics *problems = NULL;
    int rc = 0;
    memset(&L, 0, sizeof L);
    L.names = names;
    L.r.max_problems = opts->max_problems ? opts->max_problems : 1;
    core_locale loc;
    core__locale_c_begin(&loc);
    if (!(L.r.diags = core__diags_new()) || terroir_model_new(&L.r.model) != 0) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    /* Syntax first, every file: a table that does not parse is not read,
     * and the others would only add noise about it. */
    for (int ti = 0; ti < IO_CSV_N_TABLES; ti++) {
        if (!data[ti])
            continue;
        L.present[ti] = 1;
        io_csv_error err;
        if (len[ti] > opts->max_bytes) {
            if (core__diags_add(L.r.diags, TERROIR_EINPUT, names[ti], 0, 0, NULL,
                                "input of %zu bytes is larger than the limit of %zu bytes "
                                "(max_bytes)",
                                len[ti], opts->max_bytes))
                L.r.nomem = 1;
            continue;
        }
        int prc = io__csv_parse(&L.tables[ti], data[ti], len[ti], len[ti] + 1, &err);
        if (prc == TERROIR_ENOMEM) {
            L.r.nomem = 1;
        } else if (prc != 0 &&
                   core__diags_add(L.r.diags, TERROIR_EINPUT, names[ti], err.line, err.column,
                                   err.column_name[0] ? err.column_name : NULL, "%s",
                                   err.message)) {
            L.r.nomem = 1;
        }
    }
    if (L.r.nomem)
        goto finish;
    if (terroir_diagnostics_count(L.r.diags) == 0) {
        if (!L.present[IO_CSV_PRODUCTS] || L.tables[IO_CSV_PRODUCTS].n_rows < 2) {
            if (core__diags_add(L.r.diags, TERROIR_EINPUT, names[IO_CSV_PRODUCTS], 0, 0, NULL, "%s",
                                L.present[IO_CSV_PRODUCTS]
                                    ? "products.csv must list at least one product"
                                    : "missing products.csv"))
                L.r.nomem = 1;
        }
        L.r.file = names[IO_CSV_SETTINGS];
        read_settings(&L);
        L.r.file = names[IO_CSV_MEMBERS];
        if (!L.r.stop)
            read_rows(&L, IO_CSV_MEMBERS);
        for (int ti = IO_CSV_PRODUCTS; ti <= IO_CSV_VEHICLES && !L.r.stop; ti++) {
            L.r.file = names[ti];
            read_rows(&L, ti);
        }
        L.r.file = names[IO_CSV_DISTANCES];
        if (!L.r.stop)
            io__csv_read_distances(&L);
        L.r.file = names[IO_CSV_ARCS];
        if (!L.r.stop && L.tables[IO_CSV_ARCS].n_rows > 1 && L.r.arcs != TERROIR_ARCS_LISTED)
            io__csv_problem(&L, &L.tables[IO_CSV_ARCS].cells[0], NULL,
                            "arcs.csv lists arcs but settings.csv does not set arcs to 'listed'");
        else if (!L.r.stop)
            read_rows(&L, IO_CSV_ARCS);
        if (!L.r.nomem && terroir_diagnostics_count(L.r.diags) == 0)
            validate(&L);
    }
finish:
    if (L.r.nomem || L.r.path.failed || !(problems = final_problems(&L))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory while loading %s", names[IO_CSV_PRODUCTS]);
        goto done;
    }
    if (terroir_diagnostics_count(problems) > 0) {
        rc = core__error_copy(terroir_diagnostics_get(problems, 0));
    } else {
        core__error_reset();
        *out = L.r.model;
        L.r.model = NULL;
    }
    if (diags_out) {
        *diags_out = problems;
        problems = NULL;
    }
done:
    core__locale_c_end(&loc);
    terroir_diagnostics_free(problems);
    for (int ti = 0; ti < IO_CSV_N_TABLES; ti++) {
        io__csv_free(&L.tables[ti]);
        free(L.lines[ti]);
    }
    for (size_t i = 0; i < L.n_allocs; i++)
        free(L.allocs[i]);
    free(L.allocs);
    terroir_model_free(L.r.model);
    terroir_diagnostics_free(L.r.diags);
    core__sb_free(&L.r.path);
    io__yids_free(&L.r.products);
    io__yids_free(&L.r.sites);
    io__yids_free(&L.r.vehicles);
    io__yids_free(&L.r.members);
    free(L.r.arc_nodes);
    return rc;
}
