/* Importer for capacitated location-routing (CLRP) instances in the format
 * of Prins, Prodhon & Wolfler Calvo (2006), also used for the sets of
 * Barreto et al. (2007) and Tuzun & Burke (1999):
 *
 *   n                 number of customers
 *   m                 number of depots
 *   x y               m depot lines
 *   x y               n customer lines
 *   Q                 vehicle capacity
 *   W_1 .. W_m        depot capacities
 *   d_1 .. d_n        customer demands
 *   O_1 .. O_m        depot opening costs
 *   F                 fixed cost of a route (vehicle)
 *   flag              0: distances ceil(100 * euclid) (Prodhon);
 *                     1: double-precision Euclidean (Barreto, Tuzun)
 *
 * The published files break lines and space values irregularly (blank
 * lines, tabs, CR LF, trailing blanks), so the parser reads a stream of
 * tokens, not lines; every value is still reported at its own line and
 * column.
 *
 * Mapping (include/terroir/io.h): an ordinary model with no producers;
 * one ambient product "demand" (1 kg per unit); depot k -> candidate hub
 * "d<k>" with fixed cost O_k and ambient capacity W_k kg (0 for the other
 * temperature classes); customer i -> point "c<i>" (default kind) with
 * demand d_i; per depot k a vehicle type "v<k>" based at "d<k>": capacity
 * Q kg, fixed cost F, cost 1 per distance unit, 0 per hour, no duration
 * limit; planar coordinates, rounding ceil_100 (flag 0) or none (flag 1),
 * speed 60 (minutes = distance; nothing limits time).
 *
 * The CLRP serves every customer; terroir prices unserved demand instead,
 * so each customer gets a penalty per kg above anything serving it can
 * cost (see clrp_penalty_per_kg()).  A customer of demand 0 is kept as a
 * point without demand: no route needs to visit it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/import.h"
#include "model/model_internal.h"

/* Limits on the counts, far above the published instances (200 customers,
 * 20 depots). */
#define CLRP_MAX_CUSTOMERS 1000000
#define CLRP_MAX_DEPOTS 100000
/* Largest coordinate magnitude and amount accepted (amounts are demands,
 * capacities and costs; Barreto's Das instances reach 3e8; 1e12 is also the
 * YAML schema's limit, so that every imported model can be written). */
#define CLRP_MAX_COORDINATE 1e9
#define CLRP_MAX_AMOUNT 1e12

typedef struct clrp_site {
    double x, y;
    io_token at; /* the x token */
} clrp_site;

typedef struct clrp_amount {
    double v;
    io_token at;
} clrp_amount;

typedef struct clrp_parse {
    io_lexer lx;
    long long n, m;
    /* Grown as values are read, never sized from the counts, so that a
     * hostile header costs nothing. */
    clrp_site *depots, *customers;
    size_t n_depots, cap_depots, n_customers, cap_customers;
    clrp_amount *capacity, *demand, *opening; /* W (m), d (n), O (m) */
    size_t n_capacity, cap_capacity, n_demand, cap_demand, n_opening, cap_opening;
    clrp_amount q, f;
    int flag;
    io_token flag_at;
} clrp_parse;

/* The next token as a number; `what` names it in messages. */
static int read_number(clrp_parse *p, io_token *tok, const char *what, double *out)
{
    char buf[40];
    if (!io__lex_next(&p->lx, tok))
        return io__lex_error(&p->lx, tok, "expected %s, got end of file (truncated file?)", what);
    if (io__tok_double(tok, out) != 0)
        return io__lex_error(&p->lx, tok, "expected a number for %s, got '%s'", what,
                             io__tok_show(tok, buf));
    return 0;
}

/* A count (n or m) in 1..max. */
static int read_count(clrp_parse *p, const char *what, long long max, long long *out)
{
    char buf[40];
    io_token tok;
    if (!io__lex_next(&p->lx, &tok))
        return io__lex_error(&p->lx, &tok,
                             "expected the %s, got end of file (empty or truncated file?)", what);
    if (io__tok_llong(&tok, out) != 0)
        return io__lex_error(&p->lx, &tok, "expected an integer for the %s, got '%s'", what,
                             io__tok_show(&tok, buf));
    if (*out < 1 || *out > max)
        return io__lex_error(&p->lx, &tok, "the %s is %lld, outside 1..%lld", what, *out, max);
    return 0;
}

/* An amount >= 0 (and at most CLRP_MAX_AMOUNT): capacity, demand, cost. */
static int read_amount(clrp_parse *p, const char *what, clrp_amount *out)
{
    int rc = read_number(p, &out->at, what, &out->v);
    if (rc)
        return rc;
    if (out->v < 0)
        return io__lex_error(&p->lx, &out->at, "%s is negative (%g)", what, out->v);
    if (out->v > CLRP_MAX_AMOUNT)
        return io__lex_error(&p->lx, &out->at, "%s is %g, above %g", what, out->v, CLRP_MAX_AMOUNT);
    return 0;
}

/* `count` coordinate pairs of `kind` ("depot" or "customer"). */
static int read_sites(clrp_parse *p, const char *kind, long long count, clrp_site **items,
                      size_t *n_items, size_t *cap)
{
    int rc;
    for (long long k = 0; k < count; k++) {
        if (core__grow((void **)items, cap, *n_items + 1, sizeof **items) != 0)
            return core__error(TERROIR_ENOMEM, "out of memory");
        clrp_site *s = &(*items)[*n_items];
        double *coord[2] = {&s->x, &s->y};
        for (int c = 0; c < 2; c++) {
            char what[64];
            io_token tok;
            snprintf(what, sizeof what, "the %c coordinate of %s %lld", c ? 'y' : 'x', kind, k + 1);
            if ((rc = read_number(p, &tok, what, coord[c])) != 0)
                return rc;
            if (fabs(*coord[c]) > CLRP_MAX_COORDINATE)
                return io__lex_error(&p->lx, &tok, "%s is %g, outside [-%g, %g]", what, *coord[c],
                                     CLRP_MAX_COORDINATE, CLRP_MAX_COORDINATE);
            if (c == 0)
                s->at = tok;
        }
        (*n_items)++;
    }
    return 0;
}

/* `count` amounts named "<what> <k>". */
static int read_amounts(clrp_parse *p, const char *what, long long count, clrp_amount **items,
                        size_t *n_items, size_t *cap)
{
    int rc;
    for (long long k = 0; k < count; k++) {
        if (core__grow((void **)items, cap, *n_items + 1, sizeof **items) != 0)
            return core__error(TERROIR_ENOMEM, "out of memory");
        char name[80];
        snprintf(name, sizeof name, "%s %lld", what, k + 1);
        if ((rc = read_amount(p, name, &(*items)[*n_items])) != 0)
            return rc;
        (*n_items)++;
    }
    return 0;
}

static int parse(clrp_parse *p)
{
    int rc;
    char buf[40];
    if ((rc = read_count(p, "number of customers (n)", CLRP_MAX_CUSTOMERS, &p->n)) != 0 ||
        (rc = read_count(p, "number of depots (m)", CLRP_MAX_DEPOTS, &p->m)) != 0)
        return rc;
    if ((rc = read_sites(p, "depot", p->m, &p->depots, &p->n_depots, &p->cap_depots)) != 0 ||
        (rc = read_sites(p, "customer", p->n, &p->customers, &p->n_customers, &p->cap_customers)) !=
            0)
        return rc;
    if ((rc = read_amount(p, "the vehicle capacity Q", &p->q)) != 0)
        return rc;
    if (p->q.v == 0)
        return io__lex_error(&p->lx, &p->q.at, "the vehicle capacity Q is 0; expected > 0");
    if ((rc = read_amounts(p, "the capacity of depot", p->m, &p->capacity, &p->n_capacity,
                           &p->cap_capacity)) != 0 ||
        (rc = read_amounts(p, "the demand of customer", p->n, &p->demand, &p->n_demand,
                           &p->cap_demand)) != 0 ||
        (rc = read_amounts(p, "the opening cost of depot", p->m, &p->opening, &p->n_opening,
                           &p->cap_opening)) != 0 ||
        (rc = read_amount(p, "the fixed cost per route F", &p->f)) != 0)
        return rc;
    long long flag;
    if (!io__lex_next(&p->lx, &p->flag_at))
        return io__lex_error(&p->lx, &p->flag_at,
                             "expected the distance flag (0: ceil(100 * euclid), 1: Euclidean), "
                             "got end of file (truncated file?)");
    if (io__tok_llong(&p->flag_at, &flag) != 0 || (flag != 0 && flag != 1))
        return io__lex_error(&p->lx, &p->flag_at,
                             "the distance flag must be 0 (ceil(100 * euclid)) or 1 "
                             "(Euclidean), got '%s'",
                             io__tok_show(&p->flag_at, buf));
    p->flag = (int)flag;
    io_token extra;
    if (io__lex_next(&p->lx, &extra))
        return io__lex_error(&p->lx, &extra,
                             "unexpected '%s' after the distance flag (the file announces %lld "
                             "customers and %lld depots)",
                             io__tok_show(&extra, buf), p->n, p->m);
    /* A customer no vehicle can carry is an error of the file, not a
     * routing outcome. */
    for (long long i = 0; i < p->n; i++)
        if (p->demand[i].v > p->q.v)
            return io__lex_error(&p->lx, &p->demand[i].at,
                                 "the demand of customer %lld (%g) exceeds the vehicle capacity "
                                 "Q (%g)",
                                 i + 1, p->demand[i].v, p->q.v);
    return 0;
}

/* Penalty per kg for leaving a customer of demand `demand` unserved: twice
 * what serving it alone can cost at most (opening every depot, one more
 * route, a round trip no longer than twice the diagonal `diagonal` of the
 * box holding every site), spread over its demand, plus 1.  Leaving a whole
 * customer out is then never cheaper than serving it, and a plan that does
 * so shows it in its unserved stops.  (The box, not each customer's
 * farthest depot, keeps the import linear in n + m.)  At most
 * CLRP_MAX_AMOUNT, so that the model can be written as YAML: only
 * demands near 0 reach it. */
static double clrp_penalty_per_kg(const clrp_parse *p, double demand, double opening_total,
                                  double diagonal)
{
    double penalty = 2.0 * (opening_total + p->f.v + 2.0 * diagonal) / demand + 1.0;
    return penalty < CLRP_MAX_AMOUNT ? penalty : CLRP_MAX_AMOUNT;
}

/* Diagonal of the box holding every site, in the file's distance unit
 * (hundredths, rounded up, for flag 0), plus 1. */
static double clrp_diagonal(const clrp_parse *p)
{
    double lo_x = p->depots[0].x, hi_x = lo_x, lo_y = p->depots[0].y, hi_y = lo_y;
    for (long long k = 0; k < p->m + p->n; k++) {
        const clrp_site *s = k < p->m ? &p->depots[k] : &p->customers[k - p->m];
        lo_x = fmin(lo_x, s->x);
        hi_x = fmax(hi_x, s->x);
        lo_y = fmin(lo_y, s->y);
        hi_y = fmax(hi_y, s->y);
    }
    double d = hypot(hi_x - lo_x, hi_y - lo_y);
    return (p->flag == 0 ? ceil(100.0 * d) : d) + 1.0;
}

/* Vehicles of depot k: as many as the depot can ever send out.  Each route
 * serves at least one customer of positive demand, so a depot whose
 * capacity W_k is respected sends at most floor(W_k / d_min) routes (d_min:
 * the smallest positive demand, `smallest`; 0 when there is none), and
 * never more than n.  The fleet then never binds, as in the CLRP, where
 * routes are unlimited. */
static size_t clrp_vehicle_count(const clrp_parse *p, long long k, double smallest)
{
    double count = (double)p->n;
    if (smallest > 0 && floor(p->capacity[k].v / smallest) < count)
        count = floor(p->capacity[k].v / smallest);
    return count < 1 ? 1 : (size_t)count;
}

static int build(const void *parsed, const char *name, terroir_model *m)
{
    const clrp_parse *p = parsed;
    int rc;
    char id[32];
    io_token at = {"", 0, 1, 1};
    terroir_settings settings = TERROIR_SETTINGS_INIT;
    settings.name = name && *name ? name : NULL;
    settings.coordinates = TERROIR_COORDINATES_PLANAR;
    settings.rounding = p->flag == 0 ? TERROIR_ROUNDING_CEIL_100 : TERROIR_ROUNDING_NONE;
    settings.speed_kmh = 60.0;
    if ((rc = terroir_model_set_settings(m, &settings)) != 0)
        return io__import_builder_error(rc, &p->lx, &p->flag_at);

    terroir_product_spec product = TERROIR_PRODUCT_SPEC_INIT;
    product.id = "demand";
    product.temperature = TERROIR_TEMPERATURE_AMBIENT;
    product.kg_per_unit = 1.0;
    if ((rc = terroir_model_add_product(m, &product, NULL)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    double opening_total = 0, smallest = 0, diagonal = clrp_diagonal(p);
    for (long long k = 0; k < p->m; k++)
        opening_total += p->opening[k].v;
    for (long long i = 0; i < p->n; i++)
        if (p->demand[i].v > 0 && (smallest == 0 || p->demand[i].v < smallest))
            smallest = p->demand[i].v;

    /* Hubs first, so that depot k is hub k - 1 and site k - 1. */
    for (long long k = 0; k < p->m; k++) {
        const clrp_site *d = &p->depots[k];
        snprintf(id, sizeof id, "d%lld", k + 1);
        terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
        hub.id = id;
        hub.status = TERROIR_HUB_CANDIDATE;
        hub.fixed_cost = p->opening[k].v;
        double capacity_kg[TERROIR_TEMPERATURE_COUNT] = {0}; /* ambient only */
        capacity_kg[TERROIR_TEMPERATURE_AMBIENT] = p->capacity[k].v;
        hub.capacity_kg = capacity_kg;
        hub.n_temperatures = TERROIR_TEMPERATURE_COUNT;
        hub.location.has_location = 1;
        hub.location.x = d->x;
        hub.location.y = d->y;
        at = d->at;
        if ((rc = terroir_model_add_hub(m, &hub, NULL)) != 0)
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_HUB, (size_t)k, at.line, at.column);
    }

    for (long long i = 0; i < p->n; i++) {
        const clrp_site *c = &p->customers[i];
        snprintf(id, sizeof id, "c%lld", i + 1);
        terroir_point_spec point = TERROIR_POINT_SPEC_INIT;
        point.id = id;
        point.location.has_location = 1;
        point.location.x = c->x;
        point.location.y = c->y;
        if (p->demand[i].v > 0)
            point.unserved_penalty_per_kg =
                clrp_penalty_per_kg(p, p->demand[i].v, opening_total, diagonal);
        at = c->at;
        size_t index;
        if ((rc = terroir_model_add_point(m, &point, &index)) != 0 ||
            (p->demand[i].v > 0 &&
             (rc = terroir_model_add_demand(m, index, 0, p->demand[i].v)) != 0))
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_POINT, index, at.line, at.column);
    }

    for (long long k = 0; k < p->m; k++) {
        snprintf(id, sizeof id, "v%lld", k + 1);
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        v.id = id;
        v.home_hub = (size_t)k;
        v.count = clrp_vehicle_count(p, k, smallest);
        v.capacity = &p->q.v; /* kg; the other dimensions unlimited */
        v.n_dimensions = 1;
        v.fixed_cost = p->f.v;
        v.cost_per_km = 1.0;
        v.cost_per_hour = 0.0;
        v.max_duration_minutes = 0.0; /* no limit */
        at = p->q.at;
        if ((rc = terroir_model_add_vehicle_type(m, &v, NULL)) != 0)
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_VEHICLE_TYPE, (size_t)k, at.line, at.column);
    }
    return 0;
}

int io__import_clrp(terroir_model **out, const char *data, size_t len, const char *file,
                    const terroir_import_options *opts)
{
    (void)opts;
    clrp_parse p;
    memset(&p, 0, sizeof p);
    io__lex_init(&p.lx, data, len, file);
    int rc = parse(&p);
    if (rc == 0)
        rc = io__import_build(out, file, build, &p);
    free(p.depots);
    free(p.customers);
    free(p.capacity);
    free(p.demand);
    free(p.opening);
    return rc;
}
