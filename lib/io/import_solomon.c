/* Importer for Solomon (1987) VRPTW instances in their original text format
 * (name line, VEHICLE block "NUMBER CAPACITY", CUSTOMER block with one line
 * per node: CUST_NO XCOORD YCOORD DEMAND READY_TIME DUE_DATE SERVICE_TIME,
 * node 0 being the depot).
 *
 * Mapping (include/terroir/io.h): planar coordinates, distances truncated to
 * one decimal (the distance-only convention of CVRPLIB and the exact-method
 * literature), speed 60 so that minutes = distance; node 0 -> open hub
 * "depot" whose time window becomes its opening hours (it bounds every
 * route, hence max_duration 0); node k -> point "c<k>" with its demand,
 * window and service time; vehicle type "truck" from the VEHICLE block;
 * product "demand".  Customer numbers must run 0, 1, 2, ... as the .sol
 * files assume. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/import.h"
#include "model/model_internal.h"

/* Most customers and vehicles accepted. */
#define SOL_MAX_CUSTOMERS 1000000
#define SOL_MAX_VEHICLES 1000000

enum { SOL_ID, SOL_X, SOL_Y, SOL_DEMAND, SOL_READY, SOL_DUE, SOL_SERVICE, SOL_COLUMNS };

static const char *const sol_column_names[SOL_COLUMNS] = {
    "CUST NO.", "XCOORD.", "YCOORD.", "DEMAND", "READY TIME", "DUE DATE", "SERVICE TIME"};

typedef struct sol_node {
    double v[SOL_COLUMNS];
    io_token at; /* the customer number token */
} sol_node;

typedef struct sol_parse {
    io_lexer lx;
    char *name;
    long long vehicles;
    double capacity;
    sol_node *nodes;
    size_t n_nodes, cap_nodes;
} sol_parse;

/* A header word of the CUSTOMER block ("CUST", "NO.", "XCOORD.", ...):
 * letters, dots and underscores only. */
static int is_header_word(const io_token *t)
{
    if (t->len == 0)
        return 0;
    for (size_t i = 0; i < t->len; i++) {
        char c = t->s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '_'))
            return 0;
    }
    return 1;
}

static int expect_word(sol_parse *p, const char *word)
{
    io_token tok;
    if (!io__lex_next(&p->lx, &tok) || !io__tok_is(&tok, word, 1)) {
        char what[64];
        snprintf(what, sizeof what, "'%s'", word);
        return io__lex_expected(&p->lx, &tok, what);
    }
    return 0;
}

/* One customer line: SOL_COLUMNS numbers on one line. */
static int read_row(sol_parse *p, const io_token *first)
{
    int rc;
    char buf[40];
    if (p->n_nodes >= (size_t)SOL_MAX_CUSTOMERS + 1)
        return io__lex_error(&p->lx, first, "more than %d customers", SOL_MAX_CUSTOMERS);
    if ((rc = core__grow((void **)&p->nodes, &p->cap_nodes, p->n_nodes + 1, sizeof *p->nodes)) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory");
    sol_node *n = &p->nodes[p->n_nodes];
    n->at = *first;
    io_token tok = *first;
    for (int c = 0; c < SOL_COLUMNS; c++) {
        if (c > 0) {
            io_token next;
            if (!io__lex_peek(&p->lx, &next) || next.line != first->line)
                return io__lex_error(&p->lx, &tok,
                                     "customer line ends after %d of %d values (%s is "
                                     "missing)",
                                     c, SOL_COLUMNS, sol_column_names[c]);
            io__lex_next(&p->lx, &tok);
        }
        if (io__tok_double(&tok, &n->v[c]) != 0)
            return io__lex_error(&p->lx, &tok, "expected a number for %s, got '%s'",
                                 sol_column_names[c], io__tok_show(&tok, buf));
        if (c != SOL_X && c != SOL_Y && n->v[c] < 0)
            return io__lex_error(&p->lx, &tok, "%s is negative (%g)", sol_column_names[c], n->v[c]);
    }
    io_token extra;
    if (io__lex_peek(&p->lx, &extra) && extra.line == first->line)
        return io__lex_error(&p->lx, &extra, "customer line has more than %d values", SOL_COLUMNS);
    long long id;
    if (io__tok_llong(first, &id) != 0 || id != (long long)p->n_nodes)
        return io__lex_error(&p->lx, first,
                             "customer number '%s' out of sequence: expected %zu (node 0 is the "
                             "depot, customers follow in order)",
                             io__tok_show(first, buf), p->n_nodes);
    if (n->v[SOL_DUE] < n->v[SOL_READY]) {
        io_token at = n->at;
        return io__lex_error(&p->lx, &at, "customer %zu: DUE DATE %g is before READY TIME %g",
                             p->n_nodes, n->v[SOL_DUE], n->v[SOL_READY]);
    }
    p->n_nodes++;
    return 0;
}

static int parse(sol_parse *p)
{
    io_token tok;
    int rc;
    /* The name line; files that start directly with VEHICLE have none. */
    io_lexer before = p->lx;
    if (!io__lex_line(&p->lx, &tok))
        return io__lex_error(&p->lx, &tok,
                             "empty file: expected an instance name and a "
                             "VEHICLE block");
    if (io__tok_is(&tok, "VEHICLE", 1)) {
        p->lx = before;
    } else {
        if (!io__import_name_ok(&tok))
            return io__lex_error(&p->lx, &tok,
                                 "the instance name must be 1 to 256 printable UTF-8 "
                                 "characters");
        if (!(p->name = io__tok_strdup(&tok)))
            return core__error(TERROIR_ENOMEM, "out of memory");
    }
    if ((rc = expect_word(p, "VEHICLE")) || (rc = expect_word(p, "NUMBER")) ||
        (rc = expect_word(p, "CAPACITY")))
        return rc;
    if (!io__lex_next(&p->lx, &tok) || io__tok_llong(&tok, &p->vehicles) != 0)
        return io__lex_expected(&p->lx, &tok, "the number of vehicles (an integer)");
    if (p->vehicles < 1 || p->vehicles > SOL_MAX_VEHICLES)
        return io__lex_error(&p->lx, &tok, "number of vehicles %lld is outside 1..%d", p->vehicles,
                             SOL_MAX_VEHICLES);
    if (!io__lex_next(&p->lx, &tok) || io__tok_double(&tok, &p->capacity) != 0)
        return io__lex_expected(&p->lx, &tok, "the vehicle capacity (a number)");
    if (!(p->capacity > 0) || p->capacity > 1e12)
        return io__lex_error(&p->lx, &tok, "vehicle capacity must be in (0, 1e12], got %g",
                             p->capacity);
    if ((rc = expect_word(p, "CUSTOMER")) != 0)
        return rc;
    /* Column titles, then rows until the end of the file. */
    while (io__lex_peek(&p->lx, &tok) && is_header_word(&tok))
        io__lex_next(&p->lx, &tok);
    while (io__lex_next(&p->lx, &tok)) {
        if ((rc = read_row(p, &tok)) != 0)
            return rc;
    }
    if (p->n_nodes < 2)
        return io__lex_error(&p->lx, &tok,
                             "%s: expected the depot line and at least one customer line "
                             "(truncated file?)",
                             p->n_nodes == 0 ? "no customer data" : "only the depot");
    const sol_node *depot = &p->nodes[0];
    if (depot->v[SOL_DEMAND] != 0 || depot->v[SOL_SERVICE] != 0) {
        io_token at = depot->at;
        return io__lex_error(&p->lx, &at,
                             "the depot (customer 0) has a demand or service time; expected 0");
    }
    return 0;
}

static int build(const sol_parse *p, terroir_model *m)
{
    int rc;
    io_token at = {"", 0, 1, 1};
    terroir_settings settings = TERROIR_SETTINGS_INIT;
    settings.name = p->name && *p->name ? p->name : NULL;
    settings.coordinates = TERROIR_COORDINATES_PLANAR;
    settings.rounding = TERROIR_ROUNDING_TRUNCATE_1;
    settings.speed_kmh = 60.0;
    if ((rc = terroir_model_set_settings(m, &settings)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    terroir_product_spec product = TERROIR_PRODUCT_SPEC_INIT;
    product.id = "demand";
    if ((rc = terroir_model_add_product(m, &product, NULL)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    const sol_node *d = &p->nodes[0];
    terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
    hub.id = "depot";
    hub.status = TERROIR_HUB_OPEN;
    hub.location.has_location = 1;
    hub.location.x = d->v[SOL_X];
    hub.location.y = d->v[SOL_Y];
    at = d->at;
    if ((rc = terroir_model_add_hub(m, &hub, NULL)) != 0 ||
        (rc = terroir_model_add_time_window(m, TERROIR_SITE_HUB, 0, d->v[SOL_READY],
                                            d->v[SOL_DUE])) != 0)
        return io__import_builder_error(rc, &p->lx, &at);
    model__set_pos(m, TERROIR_ENTITY_HUB, 0, at.line, at.column);

    for (size_t k = 1; k < p->n_nodes; k++) {
        const sol_node *n = &p->nodes[k];
        char id[32];
        snprintf(id, sizeof id, "c%zu", k);
        terroir_point_spec point = TERROIR_POINT_SPEC_INIT;
        point.id = id;
        point.location.has_location = 1;
        point.location.x = n->v[SOL_X];
        point.location.y = n->v[SOL_Y];
        point.service_minutes = n->v[SOL_SERVICE];
        at = n->at;
        size_t index;
        if ((rc = terroir_model_add_point(m, &point, &index)) != 0 ||
            (n->v[SOL_DEMAND] > 0 &&
             (rc = terroir_model_add_demand(m, index, 0, n->v[SOL_DEMAND])) != 0) ||
            (rc = terroir_model_add_time_window(m, TERROIR_SITE_POINT, index, n->v[SOL_READY],
                                                n->v[SOL_DUE])) != 0)
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_POINT, index, at.line, at.column);
    }

    terroir_vehicle_type_spec truck = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    truck.id = "truck";
    truck.home_hub = 0;
    truck.count = (size_t)p->vehicles;
    truck.capacity = &p->capacity; /* kg; the other dimensions unlimited */
    truck.n_dimensions = 1;
    truck.cost_per_km = 1.0;
    truck.max_duration_minutes = 0.0; /* the depot's window bounds every route */
    at.line = 1;
    at.column = 1;
    if ((rc = terroir_model_add_vehicle_type(m, &truck, NULL)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);
    return 0;
}

int io__import_solomon(terroir_model **out, const char *data, size_t len, const char *file,
                       const terroir_import_options *opts)
{
    (void)opts;
    sol_parse p;
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
