/* The routes file loader (datasets/SCHEMA.md, "Routes file"): a YAML
 * document
 *
 *   terroir_routes: 1
 *   routes:
 *     - vehicle_type: reefer-st-hyacinthe
 *       stops: [ferme-des-saules, moisson-rive-sud]
 *     - vehicle_type: van
 *       stops:
 *         - site: ferme-x
 *           pickup: {kg: 120, m3: 0.5}
 *           temperatures: [chilled]
 *         - site: epicerie-x
 *           products: {fraises: 12.5}      # per product, in its unit
 *       vehicle: 0                         # optional: 0-based vehicle of the type
 *       day: 2                             # optional: 1-based operating day
 *       departure: "7:30"                  # optional: leaves no earlier
 *   self_deliveries:                       # optional: producers driving to a hub
 *     - {producer: ferme-x, hub: h1, product: fraises, quantity: 40,
 *        day: 1, departure: "6:00", arrival: "6:45"}
 *
 * read as strictly as models are, with the same machinery (lib/io's tree
 * of libyaml events and its typed readers): anchors, aliases, tags, unknown
 * or duplicate keys, bad numbers and too deep nesting are problems with
 * file:line:column and the field; every problem is collected.  Ids are only
 * checked to be non-empty here; the checker resolves them against a model
 * and reports unknown ones at the position kept in the set. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "io/load_options.h"
#include "io/yaml_read_internal.h"
#include "route/route_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define ROUTES_DEPTH_CAP 256u

static const char *const TOP_KEYS[] = {"terroir_routes", "name", "routes", "self_deliveries"};
static const char *const ROUTE_KEYS[] = {"vehicle_type", "stops", "vehicle", "day", "departure"};
static const char *const STOP_KEYS[] = {"site", "delivery", "pickup", "temperatures",
                                        "products"};
static const char *const SELF_KEYS[] = {"producer", "hub",       "product", "quantity",
                                        "day",      "departure", "arrival"};
static const char *const DIMENSION_KEYS[] = {"kg", "m3", "pallets"};

static const char *temperature_name(int v)
{
    return terroir_temperature_to_string((terroir_temperature)v);
}
static const io_yenum TEMPERATURE = {"temperature class", TERROIR_TEMPERATURE_COUNT,
                                     temperature_name};

typedef struct reader {
    io_yreader y;
    terroir_routes *set;
    int failed; /* out of memory while adding to the set */
} reader;

static void read_goods(reader *r, const io_ynode *map, const char *key, double *out, int *given)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return;
    *given = 1;
    size_t mark = io__yr_path_key(&r->y, key);
    if (io__yr_want(&r->y, v, IO_YMAPPING, "a mapping of kg, m3, pallets")) {
        io__yr_check_keys(&r->y, v, key, DIMENSION_KEYS, COUNT(DIMENSION_KEYS));
        for (size_t d = 0; d < COUNT(DIMENSION_KEYS); d++)
            io__yr_opt_number(&r->y, v, DIMENSION_KEYS[d], IO_YNUM_NONNEG, &out[d]);
    }
    io__yr_path_restore(&r->y, mark);
}

/* temperatures: [ambient, chilled] -> bit set */
static void read_temperatures(reader *r, const io_ynode *map, unsigned int *out)
{
    const io_ynode *v = io__yr_get(map, "temperatures");
    if (!v)
        return;
    size_t mark = io__yr_path_key(&r->y, "temperatures");
    if (io__yr_want(&r->y, v, IO_YSEQUENCE, "a sequence of temperature classes")) {
        size_t i = 0;
        for (const io_ynode *t = v->first; t; t = t->next, i++) {
            size_t m2 = io__yr_path_index(&r->y, i);
            int c;
            if (io__yr_enum(&r->y, t, &TEMPERATURE, &c) == 0)
                *out |= 1u << c;
            io__yr_path_restore(&r->y, m2);
        }
    }
    io__yr_path_restore(&r->y, mark);
}

/* products: {product id: quantity} -> s->products (ids borrowed from the
 * tree: route__set_add_stop copies them; the caller frees the array). */
static void read_products(reader *r, const io_ynode *map, route_set_stop *s)
{
    const io_ynode *v = io__yr_get(map, "products");
    if (!v)
        return;
    size_t mark = io__yr_path_key(&r->y, "products");
    if (io__yr_want(&r->y, v, IO_YMAPPING, "a mapping of product id to quantity")) {
        io__yr_check_duplicates(&r->y, v);
        s->has_products = 1;
        if (v->count && !(s->products = core__calloc(v->count, sizeof *s->products))) {
            r->failed = 1;
            io__yr_path_restore(&r->y, mark);
            return;
        }
        for (const io_ynode *k = v->first; k && !r->y.stop; k = k->next) {
            if (k->kind != IO_YSCALAR)
                continue;
            size_t m2 = io__yr_path_key(&r->y, k->value);
            double q = 0;
            if (!k->value[0])
                io__yr_problem(&r->y, k, "a product id must not be empty");
            else if (io__yr_number(&r->y, k->val, IO_YNUM_NONNEG, &q) == 0) {
                route_set_product *p = &s->products[s->n_products++];
                p->product = (char *)k->value;
                p->quantity = q;
                p->kg = -1;
                p->line = k->line;
                p->column = k->column;
            }
            io__yr_path_restore(&r->y, m2);
        }
    }
    io__yr_path_restore(&r->y, mark);
}

static void read_stop(reader *r, size_t route, const io_ynode *n)
{
    route_set_stop s;
    const io_ynode *at = n;
    size_t before = r->y.problems;
    memset(&s, 0, sizeof s);
    if (n->kind == IO_YSCALAR) {
        const char *id = NULL;
        if (io__yr_string(&r->y, n, &id) != 0)
            return;
        if (!id[0]) {
            io__yr_problem(&r->y, n, "a stop id must not be empty");
            return;
        }
        s.site = (char *)id;
    } else if (n->kind == IO_YMAPPING) {
        io__yr_check_keys(&r->y, n, "stop", STOP_KEYS, COUNT(STOP_KEYS));
        s.site = (char *)io__yr_id(&r->y, n, "site", "stop", &at);
        read_goods(r, n, "delivery", s.delivery, &s.has_quantities);
        read_goods(r, n, "pickup", s.pickup, &s.has_quantities);
        read_temperatures(r, n, &s.temperatures);
        read_products(r, n, &s);
        if (!s.site)
            goto done;
    } else {
        io__yr_problem(&r->y, n, "expected a site id or a mapping with 'site', got %s",
                       io__ynode_describe(n));
        return;
    }
    if (r->y.problems != before || r->failed)
        goto done;
    s.line = at ? at->line : n->line;
    s.column = at ? at->column : n->column;
    if (route__set_add_stop(r->set, route, &s) != 0)
        r->failed = 1;
done:
    free(s.products);
}

/* vehicle (a whole number >= 0), day (>= 1), departure (a time) of a route. */
static void read_route_times(reader *r, const io_ynode *n, route_set_route *rt)
{
    const io_ynode *vehicle = io__yr_get(n, "vehicle"), *day = io__yr_get(n, "day");
    const io_ynode *dep = io__yr_get(n, "departure");
    double x;
    if (vehicle) {
        size_t mark = io__yr_path_key(&r->y, "vehicle");
        if (io__yr_number(&r->y, vehicle, IO_YNUM_INTEGER, &x) == 0)
            rt->vehicle = (size_t)x;
        io__yr_path_restore(&r->y, mark);
    }
    if (day) {
        size_t mark = io__yr_path_key(&r->y, "day");
        if (io__yr_number(&r->y, day, IO_YNUM_INTEGER, &x) == 0) {
            if (x < 1)
                io__yr_problem(&r->y, day, "day must be 1 or more (days are numbered from 1)");
            else
                rt->day = (unsigned int)x;
        }
        rt->day_line = day->line;
        rt->day_column = day->column;
        io__yr_path_restore(&r->y, mark);
    }
    if (vehicle || day) {
        rt->has_vehicle = 1;
        if (!rt->day)
            rt->day = 1;
    }
    if (dep) {
        size_t mark = io__yr_path_key(&r->y, "departure");
        if (io__yr_time(&r->y, dep, &x) == 0)
            rt->not_before = x;
        io__yr_path_restore(&r->y, mark);
    }
}

static void read_route(reader *r, const io_ynode *n)
{
    if (!io__yr_want(&r->y, n, IO_YMAPPING, "a mapping (a route)"))
        return;
    io__yr_check_keys(&r->y, n, "route", ROUTE_KEYS, COUNT(ROUTE_KEYS));
    const io_ynode *at = NULL;
    const char *type = io__yr_id(&r->y, n, "vehicle_type", "route", &at);
    const io_ynode *stops = io__yr_get(n, "stops");
    size_t mark = io__yr_path_key(&r->y, "stops");
    if (!stops)
        io__yr_problem(&r->y, n, "missing required key 'stops' in route");
    else if (!io__ynode_is_null(stops)) /* its items are read once the route exists */
        io__yr_want(&r->y, stops, IO_YSEQUENCE, "a sequence");
    io__yr_path_restore(&r->y, mark);
    if (!type || r->failed)
        return;
    size_t idx;
    if (route__set_add(r->set, type, at->line, at->column, &idx) != 0) {
        r->failed = 1;
        return;
    }
    read_route_times(r, n, &r->set->routes[idx]);
    if (!stops || stops->kind != IO_YSEQUENCE)
        return;
    mark = io__yr_path_key(&r->y, "stops");
    size_t k = 0;
    for (const io_ynode *s = stops->first; s && !r->y.stop && !r->failed; s = s->next, k++) {
        size_t m2 = io__yr_path_index(&r->y, k);
        read_stop(r, idx, s);
        io__yr_path_restore(&r->y, m2);
    }
    io__yr_path_restore(&r->y, mark);
}

static void read_self_delivery(reader *r, const io_ynode *n)
{
    if (!io__yr_want(&r->y, n, IO_YMAPPING, "a mapping (a self delivery)"))
        return;
    size_t before = r->y.problems;
    io__yr_check_keys(&r->y, n, "self delivery", SELF_KEYS, COUNT(SELF_KEYS));
    route_set_self s;
    memset(&s, 0, sizeof s);
    const io_ynode *at[3] = {NULL, NULL, NULL};
    s.producer = (char *)io__yr_id(&r->y, n, "producer", "self delivery", &at[0]);
    s.hub = (char *)io__yr_id(&r->y, n, "hub", "self delivery", &at[1]);
    s.product = (char *)io__yr_id(&r->y, n, "product", "self delivery", &at[2]);
    s.kg = -1;
    s.day = 1;
    double day = 1;
    io__yr_opt_number(&r->y, n, "quantity", IO_YNUM_NONNEG, &s.quantity);
    io__yr_opt_number(&r->y, n, "day", IO_YNUM_INTEGER, &day);
    const io_ynode *d = io__yr_get(n, "day");
    if (d && day < 1) {
        size_t mark = io__yr_path_key(&r->y, "day");
        io__yr_problem(&r->y, d, "day must be 1 or more (days are numbered from 1)");
        io__yr_path_restore(&r->y, mark);
    }
    s.day = day >= 1 ? (unsigned int)day : 1;
    const char *const times[] = {"departure", "arrival"};
    double *out[] = {&s.departure, &s.arrival};
    for (size_t i = 0; i < 2; i++) {
        const io_ynode *t = io__yr_get(n, times[i]);
        size_t mark = io__yr_path_key(&r->y, times[i]);
        if (!t)
            io__yr_problem(&r->y, n, "missing required key '%s' in self delivery", times[i]);
        else
            io__yr_time(&r->y, t, out[i]);
        io__yr_path_restore(&r->y, mark);
    }
    if (r->y.problems == before && s.arrival < s.departure) {
        size_t mark = io__yr_path_key(&r->y, "arrival");
        io__yr_problem(&r->y, io__yr_get(n, "arrival"),
                       "the self delivery arrives before it leaves the farm");
        io__yr_path_restore(&r->y, mark);
    }
    if (r->y.problems != before || !s.producer || !s.hub || !s.product || r->failed)
        return;
    for (size_t i = 0; i < 3; i++) {
        s.line[i] = at[i] ? at[i]->line : n->line;
        s.column[i] = at[i] ? at[i]->column : n->column;
    }
    if (route__set_add_self(r->set, &s) != 0)
        r->failed = 1;
}

static void read_document(reader *r, const io_ynode *root)
{
    if (root->kind != IO_YMAPPING) {
        io__yr_problem(&r->y, root,
                       "expected a mapping with 'terroir_routes: 1' at the top level, got %s",
                       io__ynode_describe(root));
        return;
    }
    const io_ynode *version = io__yr_get(root, "terroir_routes");
    double x;
    size_t mark = io__yr_path_key(&r->y, "terroir_routes");
    if (!version)
        io__yr_problem(&r->y, root,
                       "missing required key 'terroir_routes' (the format version: write "
                       "'terroir_routes: 1' first)");
    else if (version->kind != IO_YSCALAR || !version->plain || io__ynode_number(version, &x) != 0)
        io__yr_problem(&r->y, version,
                       "unsupported routes file version: expected the number 1, got %s",
                       io__ynode_describe(version));
    else if (x != 1)
        io__yr_problem(&r->y, version,
                       "unsupported routes file version %.*s%s; this library reads version 1",
                       IO_YR_Q(version->value));
    io__yr_path_restore(&r->y, mark);
    if (r->y.problems)
        return;
    io__yr_check_keys(&r->y, root, "the top-level mapping", TOP_KEYS, COUNT(TOP_KEYS));
    const char *name;
    io__yr_opt_string(&r->y, root, "name", &name);
    const io_ynode *routes = io__yr_get(root, "routes");
    mark = io__yr_path_key(&r->y, "routes");
    if (!routes) {
        io__yr_problem(&r->y, root, "missing required key 'routes'");
    } else if (!io__ynode_is_null(routes) &&
               io__yr_want(&r->y, routes, IO_YSEQUENCE, "a sequence of routes")) {
        size_t i = 0;
        for (const io_ynode *n = routes->first; n && !r->y.stop && !r->failed; n = n->next, i++) {
            size_t m2 = io__yr_path_index(&r->y, i);
            read_route(r, n);
            io__yr_path_restore(&r->y, m2);
        }
    }
    io__yr_path_restore(&r->y, mark);
    const io_ynode *selfs = io__yr_get(root, "self_deliveries");
    mark = io__yr_path_key(&r->y, "self_deliveries");
    if (selfs && !io__ynode_is_null(selfs) &&
        io__yr_want(&r->y, selfs, IO_YSEQUENCE, "a sequence of self deliveries")) {
        size_t i = 0;
        for (const io_ynode *n = selfs->first; n && !r->y.stop && !r->failed; n = n->next, i++) {
            size_t m2 = io__yr_path_index(&r->y, i);
            read_self_delivery(r, n);
            io__yr_path_restore(&r->y, m2);
        }
    }
    io__yr_path_restore(&r->y, mark);
}

static int load(terroir_routes **out, const char *data, size_t len, const char *file,
                const terroir_load_options *opts, terroir_diagnostics **diags_out)
{
    int rc = 0;
    reader r;
    io_ytree *tree = NULL;
    io_yerror yerr;
    memset(&r, 0, sizeof r);
    r.y.file = file;
    r.y.max_problems = opts->max_problems ? opts->max_problems : 1;

    /* strtod() must read '.' as the decimal point whatever the host's locale. */
    core_locale loc;
    core__locale_c_begin(&loc);

    r.y.diags = core__diags_new();
    if (!r.y.diags || terroir_routes_new(&r.set) != 0) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    if (!(r.set->file = core__strdup(file))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    if (len > opts->max_bytes) {
        if (core__diags_add(r.y.diags, TERROIR_EINPUT, file, 0, 0, NULL,
                            "input of %zu bytes is larger than the limit of %zu bytes "
                            "(max_bytes)",
                            len, opts->max_bytes) != 0)
            r.y.nomem = 1;
        goto finish;
    }
    rc = io__ytree_parse(&tree, data, len,
                         opts->max_depth < ROUTES_DEPTH_CAP ? opts->max_depth : ROUTES_DEPTH_CAP,
                         &yerr);
    if (rc == TERROIR_ENOMEM) {
        rc = core__error(TERROIR_ENOMEM, "%s", yerr.message);
        goto done;
    }
    if (rc != 0) {
        rc = 0;
        if (core__diags_add(r.y.diags, yerr.code, file, yerr.line, yerr.column, NULL, "%s",
                            yerr.message) != 0)
            r.y.nomem = 1;
        goto finish;
    }
    read_document(&r, io__ytree_root(tree));
finish:
    if (r.y.nomem || r.y.path.failed || r.failed) {
        rc = core__error(TERROIR_ENOMEM, "out of memory while loading %s", file);
        goto done;
    }
    core__diags_sort(r.y.diags);
    if (terroir_diagnostics_count(r.y.diags) > 0) {
        rc = core__error_copy(terroir_diagnostics_get(r.y.diags, 0));
    } else {
        core__error_reset();
        *out = r.set;
        r.set = NULL;
        rc = 0;
    }
    if (diags_out) {
        *diags_out = r.y.diags;
        r.y.diags = NULL;
    }
done:
    core__locale_c_end(&loc);
    io__ytree_free(tree);
    terroir_routes_free(r.set);
    terroir_diagnostics_free(r.y.diags);
    core__sb_free(&r.y.path);
    return rc;
}

int terroir_routes_load_yaml_buffer(terroir_routes **out, const char *data, size_t len,
                                    const char *name, const terroir_load_options *opts,
                                    terroir_diagnostics **diags)
{
    terroir_load_options o;
    core__error_reset();
    if (diags)
        *diags = NULL;
    if (!out)
        return core__error(TERROIR_EINVAL, "terroir_routes_load_yaml_buffer: out is NULL");
    if (!data && len > 0)
        return core__error(TERROIR_EINVAL, "terroir_routes_load_yaml_buffer: data is NULL");
    int rc = io__load_options_resolve(opts, &o);
    if (rc)
        return rc;
    return load(out, data ? data : "", len, name ? name : "<buffer>", &o, diags);
}

int terroir_routes_load_yaml_file(terroir_routes **out, const char *path,
                                  const terroir_load_options *opts, terroir_diagnostics **diags)
{
    terroir_load_options o;
    char *data = NULL;
    size_t len = 0;
    core__error_reset();
    if (diags)
        *diags = NULL;
    if (!out || !path)
        return core__error(TERROIR_EINVAL, "terroir_routes_load_yaml_file: %s is NULL",
                           out ? "path" : "out");
    int rc = io__load_options_resolve(opts, &o);
    if (rc)
        return rc;
    if ((rc = io__read_input(path, o.max_bytes, &data, &len, diags)) != 0)
        return rc;
    rc = load(out, data, len, path, &o, diags);
    free(data);
    return rc;
}
