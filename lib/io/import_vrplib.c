/* Importer for TSPLIB 95 / CVRPLIB capacitated VRP instances (.vrp), as used
 * by the Uchoa et al. (2017) X set and the Augerat A/B/P sets.
 *
 * Mapping (include/terroir/io.h): planar coordinates with TSPLIB EUC_2D
 * nearest-integer rounding; node 1 is the depot -> open hub "depot"; node k
 * (k >= 2) -> point "c<k-1>", numbered as in CVRPLIB .sol files; one product
 * "demand"; one vehicle type "truck" with CAPACITY kg and as many vehicles as
 * customers (the fleet is unlimited); cost 1 per distance unit.
 *
 * Only what the mapping can represent is accepted: EDGE_WEIGHT_TYPE other
 * than EUC_2D, explicit weights, distance or service-time limits, several
 * depots or a depot other than node 1 are errors, never silently dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/import.h"
#include "model/model_internal.h"

/* Largest DIMENSION accepted (nodes including the depot). */
#define VRP_MAX_DIMENSION 1000000

typedef struct vrp_node {
    double x, y, demand;
    unsigned long line, column; /* of the NODE_COORD_SECTION entry */
    int has_coord, has_demand;
} vrp_node;

typedef struct vrp_parse {
    io_lexer lx;
    char *name;
    long long dimension; /* 0 until DIMENSION is read */
    double capacity;
    int has_capacity, has_edge_weight_type, has_type, has_comment;
    int has_coords, has_demands, has_depot;
    vrp_node *nodes; /* dimension entries, node k at index k - 1 */
} vrp_parse;

/* Which header keywords are understood and what they become. */
static const char *const vrp_unsupported[] = {"EDGE_WEIGHT_FORMAT",
                                              "EDGE_DATA_FORMAT",
                                              "EDGE_WEIGHT_SECTION",
                                              "EDGE_DATA_SECTION",
                                              "FIXED_EDGES_SECTION",
                                              "DISTANCE",
                                              "SERVICE_TIME",
                                              "VEHICLES",
                                              "TOUR_SECTION",
                                              "DISPLAY_DATA_SECTION",
                                              "TIME_WINDOW_SECTION",
                                              "SERVICE_TIME_SECTION",
                                              NULL};

/* One "id value..." entry of a data section: reads the node id, checks its
 * range, and returns the node through *node. */
static int read_node_id(vrp_parse *p, const char *section, vrp_node **node, io_token *tok,
                        size_t done)
{
    long long id;
    if (!io__lex_next(&p->lx, tok) || io__tok_llong(tok, &id) != 0) {
        char what[160];
        snprintf(what, sizeof what, "a node id (1..%lld) in %s, entry %zu of DIMENSION %lld",
                 p->dimension, section, done + 1, p->dimension);
        return io__lex_expected(&p->lx, tok, what);
    }
    if (id < 1 || id > p->dimension)
        return io__lex_error(&p->lx, tok, "node id %lld in %s is outside 1..%lld (DIMENSION)", id,
                             section, p->dimension);
    *node = &p->nodes[id - 1];
    return 0;
}

static int read_number(vrp_parse *p, io_token *tok, const char *what, double *out)
{
    if (!io__lex_next(&p->lx, tok) || io__tok_double(tok, out) != 0)
        return io__lex_expected(&p->lx, tok, what);
    return 0;
}

static int read_coords(vrp_parse *p)
{
    io_token tok;
    int rc;
    for (long long k = 0; k < p->dimension; k++) {
        vrp_node *n;
        if ((rc = read_node_id(p, "NODE_COORD_SECTION", &n, &tok, (size_t)k)) != 0)
            return rc;
        if (n->has_coord)
            return io__lex_error(&p->lx, &tok, "node %.*s appears twice in NODE_COORD_SECTION",
                                 (int)tok.len, tok.s);
        n->line = tok.line;
        n->column = tok.column;
        if ((rc = read_number(p, &tok, "an x coordinate (a number)", &n->x)) != 0 ||
            (rc = read_number(p, &tok, "a y coordinate (a number)", &n->y)) != 0)
            return rc;
        n->has_coord = 1;
    }
    return 0;
}

static int read_demands(vrp_parse *p)
{
    io_token tok;
    int rc;
    for (long long k = 0; k < p->dimension; k++) {
        vrp_node *n;
        if ((rc = read_node_id(p, "DEMAND_SECTION", &n, &tok, (size_t)k)) != 0)
            return rc;
        if (n->has_demand)
            return io__lex_error(&p->lx, &tok, "node %.*s appears twice in DEMAND_SECTION",
                                 (int)tok.len, tok.s);
        if ((rc = read_number(p, &tok, "a demand (a number >= 0)", &n->demand)) != 0)
            return rc;
        if (n->demand < 0)
            return io__lex_error(&p->lx, &tok, "demand %g is negative", n->demand);
        n->has_demand = 1;
    }
    return 0;
}

/* DEPOT_SECTION: node ids ended by -1.  Only node 1 alone is supported. */
static int read_depots(vrp_parse *p)
{
    io_token tok;
    long long id;
    size_t count = 0;
    for (;;) {
        if (!io__lex_next(&p->lx, &tok) || io__tok_llong(&tok, &id) != 0)
            return io__lex_expected(&p->lx, &tok, "a depot node id or -1 in DEPOT_SECTION");
        if (id == -1)
            break;
        if (count > 0)
            return io__lex_error(&p->lx, &tok,
                                 "several depots are not supported (multi-depot instance)");
        if (id != 1)
            return io__lex_error(&p->lx, &tok,
                                 "depot node %lld is not supported: the depot must be node 1", id);
        count++;
    }
    if (count == 0)
        return io__lex_error(&p->lx, &tok, "DEPOT_SECTION lists no depot");
    return 0;
}

/* Check that the header said what the data sections need. */
static int check_header(vrp_parse *p, const io_token *section)
{
    char buf[40];
    const char *name = io__tok_show(section, buf);
    if (!p->dimension)
        return io__lex_error(&p->lx, section, "DIMENSION is missing before %s", name);
    if (!p->has_edge_weight_type)
        return io__lex_error(&p->lx, section,
                             "EDGE_WEIGHT_TYPE is missing before %s (only EUC_2D is supported)",
                             name);
    if (!p->has_capacity)
        return io__lex_error(&p->lx, section,
                             "CAPACITY is missing before %s (a CVRP instance needs the vehicle "
                             "capacity)",
                             name);
    return 0;
}

/* A "KEY : value" line of the specification part. */
static int header_entry(vrp_parse *p, const io_token *key, const io_token *value)
{
    char buf[40];
    static const char *const known[] = {"NAME",
                                        "COMMENT",
                                        "TYPE",
                                        "DIMENSION",
                                        "CAPACITY",
                                        "EDGE_WEIGHT_TYPE",
                                        "NODE_COORD_TYPE",
                                        "DISPLAY_DATA_TYPE",
                                        NULL};
    size_t k = 0;
    while (known[k] && !io__tok_is(key, known[k], 0))
        k++;
    if (!known[k]) {
        for (size_t i = 0; vrp_unsupported[i]; i++)
            if (io__tok_is(key, vrp_unsupported[i], 0))
                return io__lex_error(&p->lx, key, "%s is not supported by the CVRP importer",
                                     vrp_unsupported[i]);
        return io__lex_error(&p->lx, key, "unknown keyword '%s'", io__tok_show(key, buf));
    }
    if (io__tok_is(key, "COMMENT", 0)) {
        p->has_comment = 1; /* free text, possibly empty */
        return 0;
    }
    if (value->len == 0)
        return io__lex_error(&p->lx, key, "keyword %s has no value", io__tok_show(key, buf));
    if (io__tok_is(key, "NAME", 0)) {
        if (p->name)
            return io__lex_error(&p->lx, key, "NAME is given twice");
        if (!io__import_name_ok(value))
            return io__lex_error(&p->lx, value, "NAME must be 1 to 256 printable UTF-8 characters");
        if (!(p->name = io__tok_strdup(value)))
            return core__error(TERROIR_ENOMEM, "out of memory");
        return 0;
    }
    if (io__tok_is(key, "TYPE", 0)) {
        if (p->has_type)
            return io__lex_error(&p->lx, key, "TYPE is given twice");
        if (!io__tok_is(value, "CVRP", 0))
            return io__lex_error(&p->lx, value, "TYPE '%s' is not supported; expected CVRP",
                                 io__tok_show(value, buf));
        p->has_type = 1;
        return 0;
    }
    if (io__tok_is(key, "DIMENSION", 0)) {
        long long d;
        if (p->dimension)
            return io__lex_error(&p->lx, key, "DIMENSION is given twice");
        if (io__tok_llong(value, &d) != 0)
            return io__lex_expected(&p->lx, value, "an integer DIMENSION");
        if (d < 2 || d > VRP_MAX_DIMENSION)
            return io__lex_error(&p->lx, value,
                                 "DIMENSION %lld is outside the supported range 2..%d", d,
                                 VRP_MAX_DIMENSION);
        /* Every node needs at least 10 bytes of coordinates and demand
         * ("1 0 0\n1 0\n"): refuse a DIMENSION that the input cannot hold
         * before allocating, keeping the allocation within a small multiple
         * of the input size. */
        if ((unsigned long long)d > p->lx.len / 4 + 1)
            return io__lex_error(&p->lx, value,
                                 "DIMENSION %lld is more than a %zu-byte file can describe "
                                 "(truncated file?)",
                                 d, p->lx.len);
        p->nodes = core__calloc((size_t)d, sizeof *p->nodes);
        if (!p->nodes)
            return core__error(TERROIR_ENOMEM, "out of memory for %lld nodes", d);
        p->dimension = d;
        return 0;
    }
    if (io__tok_is(key, "CAPACITY", 0)) {
        if (p->has_capacity)
            return io__lex_error(&p->lx, key, "CAPACITY is given twice");
        if (io__tok_double(value, &p->capacity) != 0)
            return io__lex_expected(&p->lx, value, "a number for CAPACITY");
        if (!(p->capacity > 0) || p->capacity > 1e12)
            return io__lex_error(&p->lx, value, "CAPACITY must be in (0, 1e12], got %g",
                                 p->capacity);
        p->has_capacity = 1;
        return 0;
    }
    if (io__tok_is(key, "EDGE_WEIGHT_TYPE", 0)) {
        if (p->has_edge_weight_type)
            return io__lex_error(&p->lx, key, "EDGE_WEIGHT_TYPE is given twice");
        if (!io__tok_is(value, "EUC_2D", 0))
            return io__lex_error(&p->lx, value,
                                 "EDGE_WEIGHT_TYPE '%s' is not supported; only EUC_2D is",
                                 io__tok_show(value, buf));
        p->has_edge_weight_type = 1;
        return 0;
    }
    if (io__tok_is(key, "NODE_COORD_TYPE", 0)) {
        if (!io__tok_is(value, "TWOD_COORDS", 0))
            return io__lex_error(&p->lx, value,
                                 "NODE_COORD_TYPE '%s' is not supported; only TWOD_COORDS is",
                                 io__tok_show(value, buf));
        return 0;
    }
    if (io__tok_is(key, "DISPLAY_DATA_TYPE", 0)) {
        if (!io__tok_is(value, "COORD_DISPLAY", 0) && !io__tok_is(value, "NO_DISPLAY", 0))
            return io__lex_error(&p->lx, value,
                                 "DISPLAY_DATA_TYPE '%s' is not supported (no "
                                 "DISPLAY_DATA_SECTION is read)",
                                 io__tok_show(value, buf));
        return 0;
    }
    return core__error(TERROIR_EINTERNAL, "VRPLIB keyword table out of step");
}

/* Read the whole file into p. */
static int parse(vrp_parse *p)
{
    io_token line, end;
    int rc;
    char buf[40];
    while (io__lex_line(&p->lx, &line)) {
        const char *colon = memchr(line.s, ':', line.len);
        size_t klen = colon ? (size_t)(colon - line.s) : line.len;
        io_token key = io__tok_slice(&line, 0, klen);
        io_token value = io__tok_slice(&line, klen + 1, line.len);
        if (!colon)
            value.len = 0;
        int is_section = key.len > 8 && memcmp(key.s + key.len - 8, "_SECTION", 8) == 0;
        if (is_section && value.len > 0)
            return io__lex_error(&p->lx, &value, "unexpected text after %s",
                                 io__tok_show(&key, buf));
        if (io__tok_is(&key, "EOF", 0)) {
            if (value.len > 0)
                return io__lex_error(&p->lx, &value, "unexpected text after EOF");
            break;
        }
        int *seen = NULL;
        int (*reader)(vrp_parse *) = NULL;
        if (io__tok_is(&key, "NODE_COORD_SECTION", 0)) {
            seen = &p->has_coords;
            reader = read_coords;
        } else if (io__tok_is(&key, "DEMAND_SECTION", 0)) {
            seen = &p->has_demands;
            reader = read_demands;
        } else if (io__tok_is(&key, "DEPOT_SECTION", 0)) {
            seen = &p->has_depot;
            reader = read_depots;
        }
        if (reader) {
            if (*seen)
                return io__lex_error(&p->lx, &key, "%s is given twice", io__tok_show(&key, buf));
            if ((rc = check_header(p, &key)) != 0 || (rc = reader(p)) != 0)
                return rc;
            *seen = 1;
            continue;
        }
        if (!colon && !is_section && key.len > 0 &&
            ((key.s[0] >= '0' && key.s[0] <= '9') || key.s[0] == '-' || key.s[0] == '+'))
            return io__lex_error(&p->lx, &key,
                                 "unexpected data '%s' outside a section (more entries than "
                                 "DIMENSION?)",
                                 io__tok_show(&key, buf));
        if ((rc = header_entry(p, &key, &value)) != 0)
            return rc;
    }
    io__lex_peek(&p->lx, &end);
    if (!p->has_coords)
        return io__lex_error(&p->lx, &end, "NODE_COORD_SECTION is missing (truncated file?)");
    if (!p->has_demands)
        return io__lex_error(&p->lx, &end, "DEMAND_SECTION is missing (truncated file?)");
    if (!p->has_depot)
        return io__lex_error(&p->lx, &end, "DEPOT_SECTION is missing (truncated file?)");
    for (long long k = 0; k < p->dimension; k++) {
        /* Both sections hold exactly DIMENSION distinct ids, so all are set. */
        if (!p->nodes[k].has_coord || !p->nodes[k].has_demand)
            return core__error_at(TERROIR_EINPUT, p->lx.file, 0, 0, NULL,
                                  "node %lld has no coordinates or no demand", k + 1);
    }
    if (p->nodes[0].demand != 0) {
        io_token at = {"", 0, p->nodes[0].line, p->nodes[0].column};
        return io__lex_error(&p->lx, &at, "the depot (node 1) has a demand of %g; expected 0",
                             p->nodes[0].demand);
    }
    return 0;
}

/* Turn the parsed instance into a model (not yet validated). */
static int build(const vrp_parse *p, terroir_model *m)
{
    int rc;
    io_token at = {"", 0, 1, 1};
    terroir_settings settings = TERROIR_SETTINGS_INIT;
    settings.name = p->name && *p->name ? p->name : NULL;
    settings.coordinates = TERROIR_COORDINATES_PLANAR;
    settings.rounding = TERROIR_ROUNDING_NEAREST;
    if ((rc = terroir_model_set_settings(m, &settings)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    terroir_product_spec product = TERROIR_PRODUCT_SPEC_INIT;
    product.id = "demand";
    if ((rc = terroir_model_add_product(m, &product, NULL)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
    hub.id = "depot";
    hub.status = TERROIR_HUB_OPEN;
    hub.location.has_location = 1;
    hub.location.x = p->nodes[0].x;
    hub.location.y = p->nodes[0].y;
    at.line = p->nodes[0].line;
    at.column = p->nodes[0].column;
    if ((rc = terroir_model_add_hub(m, &hub, NULL)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);
    model__set_pos(m, TERROIR_ENTITY_HUB, 0, at.line, at.column);

    for (long long k = 1; k < p->dimension; k++) {
        const vrp_node *n = &p->nodes[k];
        char id[32];
        snprintf(id, sizeof id, "c%lld", k);
        terroir_point_spec point = TERROIR_POINT_SPEC_INIT;
        point.id = id;
        point.location.has_location = 1;
        point.location.x = n->x;
        point.location.y = n->y;
        at.line = n->line;
        at.column = n->column;
        size_t index;
        if ((rc = terroir_model_add_point(m, &point, &index)) != 0 ||
            (n->demand > 0 && (rc = terroir_model_add_demand(m, index, 0, n->demand)) != 0))
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_POINT, index, at.line, at.column);
    }

    terroir_vehicle_type_spec truck = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    truck.id = "truck";
    truck.home_hub = 0;
    truck.count = (size_t)(p->dimension - 1);
    truck.capacity = &p->capacity; /* kg; the other dimensions unlimited */
    truck.n_dimensions = 1;
    truck.cost_per_km = 1.0;
    at.line = 1;
    at.column = 1;
    if ((rc = terroir_model_add_vehicle_type(m, &truck, NULL)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);
    return 0;
}

int io__import_vrplib(terroir_model **out, const char *data, size_t len, const char *file,
                      const terroir_import_options *opts)
{
    (void)opts;
    vrp_parse p;
    memset(&p, 0, sizeof p);
    io__lex_init(&p.lx, data, len, file);
    terroir_model *m = NULL;
    int rc = parse(&p);
    if (rc)
        goto done;
    if (!p.name && !(p.name = io__import_base_name(file))) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = terroir_model_new(&m)) != 0)
        goto done;
    if ((rc = build(&p, m)) != 0)
        goto done;
    rc = io__import_finish(out, m, file);
    m = NULL; /* io__import_finish() owns it now */
done:
    terroir_model_free(m);
    free(p.nodes);
    free(p.name);
    return rc;
}
