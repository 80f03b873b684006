/* Importer for Cordeau's multi-depot VRP instances (Cordeau, Gendreau &
 * Laporte 1997: p01-p23; Cordeau, Laporte & Mercier 2001: pr01-pr10 used
 * without time windows), in their text format:
 *
 *   type m n t              type 2 = MDVRP; m vehicles per depot, n customers,
 *                           t depots
 *   D Q                     t lines, one per depot: max route duration
 *                           (0: none) and vehicle capacity
 *   i x y d q [f a l1..la]  n customer lines (ids 1..n): coordinates, service
 *                           duration, demand, then the periodic fields
 *                           (frequency, number of visit combinations and the
 *                           combinations), unused by the MDVRP
 *   i x y 0 0 [0 0]         t depot lines (ids n+1..n+t)
 *
 * Mapping (include/terroir/io.h): planar coordinates, no rounding (the
 * published costs are double-precision Euclidean distances), speed 60 so
 * that minutes = distance and a route's duration is travel + service, as in
 * the papers; depot k -> open hub "d<k>"; customer i -> point "c<i>" with
 * its demand of the product "demand" and its service time; per depot k a
 * vehicle type "v<k>" based at "d<k>" with m vehicles, capacity Q kg, max
 * duration D minutes when D > 0, cost 1 per distance unit.
 *
 * Other problem types of the family (0 VRP, 1 PVRP, 3 SDVRP, 4-7 with time
 * windows) are rejected rather than half-read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/import.h"
#include "model/model_internal.h"

/* Limits on the header's counts, far above the published instances (360
 * customers, 9 depots, 14 vehicles per depot). */
#define CDV_MAX_CUSTOMERS 1000000
#define CDV_MAX_DEPOTS 10000
#define CDV_MAX_VEHICLES 1000000
/* Most visit combinations on a customer line (periodic fields). */
#define CDV_MAX_COMBINATIONS 1000

/* The MDVRP's type number in the first line of the file. */
#define CDV_TYPE_MDVRP 2

enum { CDV_ID, CDV_X, CDV_Y, CDV_SERVICE, CDV_DEMAND, CDV_COLUMNS };

static const char *const cdv_column_names[CDV_COLUMNS] = {"id", "x", "y", "service duration",
                                                          "demand"};

typedef struct cdv_node {
    double v[CDV_COLUMNS];
    io_token at; /* the id token */
} cdv_node;

typedef struct cdv_depot_limits {
    double duration, capacity;
    io_token at; /* the D token */
} cdv_depot_limits;

typedef struct cdv_parse {
    io_lexer lx;
    long long m, n, t;
    /* Grown as lines are read, never sized from the header's counts, so that
     * a hostile header costs nothing. */
    cdv_depot_limits *limits; /* t entries when complete */
    size_t n_limits, cap_limits;
    cdv_node *nodes; /* n + t entries when complete: customers, then depots */
    size_t n_nodes, cap_nodes;
} cdv_parse;

/* Read the next token as a number on the line of `first` (the line must not
 * end before it).  `what` names the value in messages. */
static int number_on_line(cdv_parse *p, const io_token *first, io_token *tok, const char *what,
                          double *out)
{
    char buf[40];
    io_token next;
    if (!io__lex_peek(&p->lx, &next) || next.line != first->line)
        return io__lex_error(&p->lx, tok, "line ends before the %s", what);
    io__lex_next(&p->lx, tok);
    if (io__tok_double(tok, out) != 0)
        return io__lex_error(&p->lx, tok, "expected a number for the %s, got '%s'", what,
                             io__tok_show(tok, buf));
    return 0;
}

/* An integer header value in [lo, hi]: *tok itself when `advance` is 0,
 * else the next token, which must be on the line of `first`. */
static int header_int(cdv_parse *p, const io_token *first, io_token *tok, int advance,
                      const char *what, long long lo, long long hi, long long *out)
{
    char buf[40];
    if (advance) {
        io_token next;
        if (!io__lex_peek(&p->lx, &next) || next.line != first->line)
            return io__lex_error(&p->lx, tok,
                                 "the first line ends before the %s (expected 'type m n t')", what);
        io__lex_next(&p->lx, tok);
    }
    if (io__tok_llong(tok, out) != 0)
        return io__lex_error(&p->lx, tok, "expected an integer for the %s, got '%s'", what,
                             io__tok_show(tok, buf));
    if (*out < lo || *out > hi)
        return io__lex_error(&p->lx, tok, "the %s is %lld, outside %lld..%lld", what, *out, lo, hi);
    return 0;
}

static int parse_header(cdv_parse *p)
{
    io_token first, tok;
    long long type;
    int rc;
    if (!io__lex_next(&p->lx, &first))
        return io__lex_error(&p->lx, &first,
                             "empty file: expected the line 'type m n t' of a Cordeau instance");
    tok = first;
    if ((rc = header_int(p, &first, &tok, 0, "problem type", 0, 1000, &type)) != 0)
        return rc;
    if (type != CDV_TYPE_MDVRP)
        return io__lex_error(&p->lx, &tok,
                             "problem type %lld is not supported: only type 2 (multi-depot VRP) "
                             "is imported",
                             type);
    if ((rc = header_int(p, &first, &tok, 1, "number of vehicles per depot (m)", 1,
                         CDV_MAX_VEHICLES, &p->m)) != 0)
        return rc;
    if ((rc = header_int(p, &first, &tok, 1, "number of customers (n)", 1, CDV_MAX_CUSTOMERS,
                         &p->n)) != 0)
        return rc;
    if ((rc = header_int(p, &first, &tok, 1, "number of depots (t)", 1, CDV_MAX_DEPOTS, &p->t)) !=
        0)
        return rc;
    io_token extra;
    if (io__lex_peek(&p->lx, &extra) && extra.line == first.line)
        return io__lex_error(&p->lx, &extra,
                             "the first line has more than 4 values "
                             "('type m n t')");
    return 0;
}

/* The t lines "D Q". */
static int parse_limits(cdv_parse *p)
{
    char buf[40];
    int rc;
    for (long long k = 0; k < p->t; k++) {
        if (core__grow((void **)&p->limits, &p->cap_limits, p->n_limits + 1, sizeof *p->limits) !=
            0)
            return core__error(TERROIR_ENOMEM, "out of memory");
        cdv_depot_limits *l = &p->limits[p->n_limits];
        memset(l, 0, sizeof *l);
        io_token tok;
        if (!io__lex_next(&p->lx, &tok)) {
            char what[96];
            snprintf(what, sizeof what, "the line 'D Q' of depot %lld of %lld", k + 1, p->t);
            return io__lex_expected(&p->lx, &tok, what);
        }
        l->at = tok;
        if (io__tok_double(&tok, &l->duration) != 0)
            return io__lex_error(&p->lx, &tok,
                                 "expected the maximum route duration D of depot %lld, got '%s'",
                                 k + 1, io__tok_show(&tok, buf));
        if (!(l->duration >= 0) || l->duration > 1e12)
            return io__lex_error(&p->lx, &tok,
                                 "maximum route duration D of depot %lld must be in [0, 1e12] "
                                 "(0: no limit), got %g",
                                 k + 1, l->duration);
        io_token first = tok;
        if ((rc = number_on_line(p, &first, &tok, "vehicle capacity Q", &l->capacity)) != 0)
            return rc;
        if (!(l->capacity > 0) || l->capacity > 1e12)
            return io__lex_error(&p->lx, &tok,
                                 "vehicle capacity Q of depot %lld must be in (0, 1e12], got %g",
                                 k + 1, l->capacity);
        io_token extra;
        if (io__lex_peek(&p->lx, &extra) && extra.line == first.line)
            return io__lex_error(&p->lx, &extra, "depot %lld: line has more than 2 values ('D Q')",
                                 k + 1);
        p->n_limits++;
    }
    return 0;
}

/* One node line: id x y d q, then optionally f a and a combinations. */
static int parse_node(cdv_parse *p, size_t index)
{
    char buf[40];
    int rc;
    int is_depot = index >= (size_t)p->n;
    if (core__grow((void **)&p->nodes, &p->cap_nodes, index + 1, sizeof *p->nodes) != 0)
        return core__error(TERROIR_ENOMEM, "out of memory");
    cdv_node *node = &p->nodes[index];
    memset(node, 0, sizeof *node);
    io_token tok;
    if (!io__lex_next(&p->lx, &tok)) {
        char what[96];
        if (is_depot)
            snprintf(what, sizeof what, "the line of depot %zu of %lld (id %zu)",
                     index - (size_t)p->n + 1, p->t, index + 1);
        else
            snprintf(what, sizeof what, "the line of customer %zu of %lld", index + 1, p->n);
        return io__lex_expected(&p->lx, &tok, what);
    }
    node->at = tok;
    long long id;
    if (io__tok_llong(&tok, &id) != 0 || id != (long long)index + 1)
        return io__lex_error(&p->lx, &tok,
                             "node id '%s' out of sequence: expected %zu (customers 1..%lld, "
                             "then depots %lld..%lld)",
                             io__tok_show(&tok, buf), index + 1, p->n, p->n + 1, p->n + p->t);
    node->v[CDV_ID] = (double)id;
    io_token first = tok;
    for (int c = CDV_X; c < CDV_COLUMNS; c++) {
        if ((rc = number_on_line(p, &first, &tok, cdv_column_names[c], &node->v[c])) != 0)
            return rc;
        if (c != CDV_X && c != CDV_Y && node->v[c] < 0)
            return io__lex_error(&p->lx, &tok, "%s is negative (%g)", cdv_column_names[c],
                                 node->v[c]);
        if ((c == CDV_X || c == CDV_Y) && (node->v[c] > 1e9 || node->v[c] < -1e9))
            return io__lex_error(&p->lx, &tok, "coordinate %s = %g is outside [-1e9, 1e9]",
                                 cdv_column_names[c], node->v[c]);
        if (c == CDV_SERVICE && node->v[c] > 1e12)
            return io__lex_error(&p->lx, &tok, "service duration %g is above 1e12", node->v[c]);
    }
    if (is_depot && (node->v[CDV_SERVICE] != 0 || node->v[CDV_DEMAND] != 0))
        return io__lex_error(&p->lx, &first,
                             "depot %zu (id %zu) has a service duration or demand; expected 0",
                             index - (size_t)p->n + 1, index + 1);
    /* The periodic fields: either absent, or "f a" followed by exactly a
     * visit combinations. */
    io_token next;
    if (!io__lex_peek(&p->lx, &next) || next.line != first.line)
        return 0;
    double f, a;
    if ((rc = number_on_line(p, &first, &tok, "visit frequency f", &f)) != 0 ||
        (rc = number_on_line(p, &first, &tok, "number of visit combinations a", &a)) != 0)
        return rc;
    if (!(a >= 0) || a > CDV_MAX_COMBINATIONS || a != (double)(long)a)
        return io__lex_error(&p->lx, &tok,
                             "number of visit combinations must be an integer in 0..%d, got %g",
                             CDV_MAX_COMBINATIONS, a);
    for (long k = 0; k < (long)a; k++) {
        double combination;
        if ((rc = number_on_line(p, &first, &tok, "visit combination", &combination)) != 0)
            return rc;
    }
    if (io__lex_peek(&p->lx, &next) && next.line == first.line)
        return io__lex_error(&p->lx, &next,
                             "line has more values than 'i x y d q f a' and its %ld visit "
                             "combinations",
                             (long)a);
    return 0;
}

static int parse(cdv_parse *p)
{
    int rc;
    if ((rc = parse_header(p)) != 0 || (rc = parse_limits(p)) != 0)
        return rc;
    size_t total = (size_t)(p->n + p->t);
    for (size_t i = 0; i < total; i++) {
        if ((rc = parse_node(p, i)) != 0)
            return rc;
        p->n_nodes++;
    }
    io_token extra;
    if (io__lex_next(&p->lx, &extra))
        return io__lex_error(&p->lx, &extra,
                             "unexpected data after the last depot line (the header announces "
                             "%lld customers and %lld depots)",
                             p->n, p->t);
    /* A customer no vehicle can carry is an error of the file, not a
     * routing outcome. */
    double largest = 0;
    for (long long k = 0; k < p->t; k++)
        if (p->limits[k].capacity > largest)
            largest = p->limits[k].capacity;
    for (long long i = 0; i < p->n; i++) {
        if (p->nodes[i].v[CDV_DEMAND] > largest) {
            io_token at = p->nodes[i].at;
            return io__lex_error(&p->lx, &at,
                                 "customer %lld: demand %g exceeds every vehicle capacity "
                                 "(largest %g)",
                                 i + 1, p->nodes[i].v[CDV_DEMAND], largest);
        }
    }
    return 0;
}

static int build(const void *parsed, const char *name, terroir_model *m)
{
    const cdv_parse *p = parsed;
    int rc;
    char id[32];
    io_token at = {"", 0, 1, 1};
    terroir_settings settings = TERROIR_SETTINGS_INIT;
    settings.name = name && *name ? name : NULL;
    settings.coordinates = TERROIR_COORDINATES_PLANAR;
    settings.rounding = TERROIR_ROUNDING_NONE;
    settings.speed_kmh = 60.0;
    if ((rc = terroir_model_set_settings(m, &settings)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    terroir_product_spec product = TERROIR_PRODUCT_SPEC_INIT;
    product.id = "demand";
    if ((rc = terroir_model_add_product(m, &product, NULL)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    /* Hubs first, so that depot k is hub k - 1 and sites 0..t-1. */
    for (long long k = 0; k < p->t; k++) {
        const cdv_node *d = &p->nodes[p->n + k];
        snprintf(id, sizeof id, "d%lld", k + 1);
        terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
        hub.id = id;
        hub.status = TERROIR_HUB_OPEN;
        hub.location.has_location = 1;
        hub.location.x = d->v[CDV_X];
        hub.location.y = d->v[CDV_Y];
        at = d->at;
        if ((rc = terroir_model_add_hub(m, &hub, NULL)) != 0)
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_HUB, (size_t)k, at.line, at.column);
    }

    for (long long i = 0; i < p->n; i++) {
        const cdv_node *c = &p->nodes[i];
        snprintf(id, sizeof id, "c%lld", i + 1);
        terroir_point_spec point = TERROIR_POINT_SPEC_INIT;
        point.id = id;
        point.location.has_location = 1;
        point.location.x = c->v[CDV_X];
        point.location.y = c->v[CDV_Y];
        point.service_minutes = c->v[CDV_SERVICE];
        at = c->at;
        size_t index;
        if ((rc = terroir_model_add_point(m, &point, &index)) != 0 ||
            (c->v[CDV_DEMAND] > 0 &&
             (rc = terroir_model_add_demand(m, index, 0, c->v[CDV_DEMAND])) != 0))
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_POINT, index, at.line, at.column);
    }

    for (long long k = 0; k < p->t; k++) {
        const cdv_depot_limits *l = &p->limits[k];
        snprintf(id, sizeof id, "v%lld", k + 1);
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        v.id = id;
        v.home_hub = (size_t)k;
        v.count = (size_t)p->m;
        v.capacity = &l->capacity; /* kg; the other dimensions unlimited */
        v.n_dimensions = 1;
        v.cost_per_km = 1.0;
        v.max_duration_minutes = l->duration; /* 0: no limit, as in the file */
        at = l->at;
        if ((rc = terroir_model_add_vehicle_type(m, &v, NULL)) != 0)
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_VEHICLE_TYPE, (size_t)k, at.line, at.column);
    }
    return 0;
}

int io__import_cordeau(terroir_model **out, const char *data, size_t len, const char *file,
                       const terroir_import_options *opts)
{
    (void)opts;
    cdv_parse p;
    memset(&p, 0, sizeof p);
    io__lex_init(&p.lx, data, len, file);
    int rc = parse(&p);
    if (rc == 0)
        rc = io__import_build(out, file, build, &p);
    free(p.limits);
    free(p.nodes);
    return rc;
}
