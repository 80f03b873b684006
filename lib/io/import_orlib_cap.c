/* Importer for Beasley's OR-Library capacitated warehouse location files
 * (cap41..cap134, capa/capb/capc; Beasley 1988, 1990):
 *
 *     m n
 *     capacity_i fixed_cost_i          (m times)
 *     demand_j c_1j c_2j ... c_mj      (n times; numbers may wrap lines)
 *
 * where c_ij is the cost of serving ALL of customer j's demand from
 * warehouse i (the problem is the multi-source CFLP: demand may split).
 *
 * Mapping (include/terroir/io.h): a model with listed arcs and no locations;
 * one ambient product "demand"; producer "supply" holding the total demand;
 * warehouses -> candidate hubs "w1".."wm" (capacity in kg of the ambient
 * class, none for the others; fixed cost); customers -> points "c1".."cn"
 * with their demand; arcs supply -> w_i at cost 0 and w_i -> c_j at
 * c_ij / demand_j per kg (0 for a customer without demand, which is kept as
 * a point); km unknown.  In capa/capb/capc each capacity is the word
 * "capacity", replaced by terroir_import_options.capacity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/import.h"
#include "model/model_internal.h"

#define CAP_MAX_WAREHOUSES 100000
#define CAP_MAX_CUSTOMERS 1000000

typedef struct cap_parse {
    io_lexer lx;
    const terroir_import_options *opts;
    long long m, n;
    double fixed_total; /* sum of the warehouses' fixed costs */
    double *costs;      /* one customer's m costs */
} cap_parse;

static int read_count(cap_parse *p, const char *what, long long max, long long *out)
{
    io_token tok;
    if (!io__lex_next(&p->lx, &tok) || io__tok_llong(&tok, out) != 0)
        return io__lex_expected(&p->lx, &tok, what);
    if (*out < 1 || *out > max)
        return io__lex_error(&p->lx, &tok, "%s %lld is outside 1..%lld", what, *out, max);
    return 0;
}

/* A number >= 0 for `what` of entity `index` (1-based). */
static int read_amount(cap_parse *p, io_token *tok, const char *what, long long index, double *out)
{
    char buf[40];
    if (!io__lex_next(&p->lx, tok))
        return io__lex_error(&p->lx, tok, "expected %s %lld, got end of file (truncated file?)",
                             what, index);
    if (io__tok_double(tok, out) != 0)
        return io__lex_error(&p->lx, tok, "expected a number for %s %lld, got '%s'", what, index,
                             io__tok_show(tok, buf));
    if (*out < 0)
        return io__lex_error(&p->lx, tok, "%s %lld is negative (%g)", what, index, *out);
    return 0;
}

static int read_warehouses(cap_parse *p, terroir_model *m, size_t supply_site)
{
    int rc;
    io_token tok;
    char buf[40];
    for (long long i = 1; i <= p->m; i++) {
        terroir_hub_spec hub = TERROIR_HUB_SPEC_INIT;
        char id[32];
        snprintf(id, sizeof id, "w%lld", i);
        hub.id = id;
        hub.status = TERROIR_HUB_CANDIDATE;
        double capacity;
        if (!io__lex_next(&p->lx, &tok))
            return io__lex_error(&p->lx, &tok,
                                 "expected the capacity of warehouse %lld, got end of file "
                                 "(truncated file?)",
                                 i);
        io_token at = tok;
        if (io__tok_is(&tok, "capacity", 1)) {
            if (!(p->opts->capacity > 0))
                return io__lex_error(&p->lx, &tok,
                                     "warehouse capacities are the word 'capacity' (capa/capb/"
                                     "capc): set terroir_import_options.capacity to the value "
                                     "to use (Beasley 1988, e.g. capa 8000..14000, capb "
                                     "5000..8000, capc 5000..7250)");
            capacity = p->opts->capacity;
        } else if (io__tok_double(&tok, &capacity) != 0) {
            return io__lex_error(&p->lx, &tok,
                                 "expected a number (or the word 'capacity') for the capacity "
                                 "of warehouse %lld, got '%s'",
                                 i, io__tok_show(&tok, buf));
        } else if (capacity < 0) {
            return io__lex_error(&p->lx, &tok, "capacity of warehouse %lld is negative (%g)", i,
                                 capacity);
        }
        if ((rc = read_amount(p, &tok, "the fixed cost of warehouse", i, &hub.fixed_cost)) != 0)
            return rc;
        p->fixed_total += hub.fixed_cost;
        double capacity_kg[TERROIR_TEMPERATURE_COUNT] = {0}; /* ambient only */
        capacity_kg[TERROIR_TEMPERATURE_AMBIENT] = capacity;
        hub.capacity_kg = capacity_kg;
        hub.n_temperatures = TERROIR_TEMPERATURE_COUNT;
        size_t index, site;
        if ((rc = terroir_model_add_hub(m, &hub, &index)) != 0 ||
            (rc = terroir_model_site_index(m, TERROIR_SITE_HUB, index, &site)) != 0 ||
            (rc = terroir_model_add_arc(m, supply_site, site, 0.0, -1.0)) != 0)
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_HUB, index, at.line, at.column);
    }
    return 0;
}

/* Customers.  The CFLP serves every customer in full; terroir prices
 * unserved demand instead, so each customer gets a penalty per kg above
 * anything serving it can cost: opening every warehouse plus its most
 * expensive assignment, spread over its demand.  Leaving any whole customer
 * unserved is then never optimal (plans report unserved lines, so a
 * deviation would be visible). */
static int read_customers(cap_parse *p, terroir_model *m, size_t first_hub_site, double *total)
{
    int rc;
    io_token tok;
    *total = 0.0;
    for (long long j = 1; j <= p->n; j++) {
        terroir_point_spec point = TERROIR_POINT_SPEC_INIT;
        char id[32];
        snprintf(id, sizeof id, "c%lld", j);
        point.id = id;
        double demand;
        if ((rc = read_amount(p, &tok, "the demand of customer", j, &demand)) != 0)
            return rc;
        io_token at = tok;
        double worst = 0.0;
        for (long long i = 1; i <= p->m; i++) {
            char what[64];
            snprintf(what, sizeof what, "the cost from warehouse %lld to customer", i);
            if ((rc = read_amount(p, &tok, what, j, &p->costs[i - 1])) != 0)
                return rc;
            if (p->costs[i - 1] > worst)
                worst = p->costs[i - 1];
        }
        if (demand > 0)
            point.unserved_penalty_per_kg = 2.0 * (p->fixed_total + worst) / demand + 1.0;
        size_t index, site;
        if ((rc = terroir_model_add_point(m, &point, &index)) != 0 ||
            (demand > 0 && (rc = terroir_model_add_demand(m, index, 0, demand)) != 0) ||
            (rc = terroir_model_site_index(m, TERROIR_SITE_POINT, index, &site)) != 0)
            return io__import_builder_error(rc, &p->lx, &at);
        model__set_pos(m, TERROIR_ENTITY_POINT, index, at.line, at.column);
        *total += demand;
        for (long long i = 1; i <= p->m; i++) {
            double per_kg = demand > 0 ? p->costs[i - 1] / demand : 0.0;
            if ((rc = terroir_model_add_arc(m, first_hub_site + (size_t)(i - 1), site, per_kg,
                                            -1.0)) != 0)
                return io__import_builder_error(rc, &p->lx, &at);
        }
    }
    return 0;
}

static int build(cap_parse *p, terroir_model *m, const char *name)
{
    int rc;
    io_token at = {"", 0, 1, 1};
    if ((rc = read_count(p, "number of warehouses", CAP_MAX_WAREHOUSES, &p->m)) != 0 ||
        (rc = read_count(p, "number of customers", CAP_MAX_CUSTOMERS, &p->n)) != 0)
        return rc;
    /* Each cost takes at least two bytes: refuse sizes the input cannot hold
     * before building anything. */
    if ((unsigned long long)p->m * (unsigned long long)p->n > p->lx.len / 2 + 1)
        return io__lex_error(&p->lx, &at,
                             "%lld warehouses x %lld customers need more costs than a "
                             "%zu-byte file can hold (truncated file?)",
                             p->m, p->n, p->lx.len);

    terroir_settings settings = TERROIR_SETTINGS_INIT;
    settings.name = name && *name ? name : NULL;
    settings.arcs = TERROIR_ARCS_LISTED;
    if ((rc = terroir_model_set_settings(m, &settings)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    terroir_product_spec product = TERROIR_PRODUCT_SPEC_INIT;
    product.id = "demand";
    if ((rc = terroir_model_add_product(m, &product, NULL)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    terroir_producer_spec producer = TERROIR_PRODUCER_SPEC_INIT;
    producer.id = "supply";
    size_t supply_site;
    if ((rc = terroir_model_add_producer(m, &producer, NULL)) != 0 ||
        (rc = terroir_model_site_index(m, TERROIR_SITE_PRODUCER, 0, &supply_site)) != 0)
        return io__import_builder_error(rc, &p->lx, &at);

    double total;
    if (!(p->costs = core__calloc((size_t)p->m, sizeof *p->costs)))
        return core__error(TERROIR_ENOMEM, "out of memory");
    if ((rc = read_warehouses(p, m, supply_site)) != 0 ||
        (rc = read_customers(p, m, supply_site + 1, &total)) != 0)
        return rc;
    io_token extra;
    char buf[40];
    if (io__lex_next(&p->lx, &extra))
        return io__lex_error(&p->lx, &extra,
                             "unexpected '%s' after the last customer (%lld customers "
                             "declared)",
                             io__tok_show(&extra, buf), p->n);
    if (total > 0 && (rc = terroir_model_add_supply(m, 0, 0, total)) != 0)
        return io__import_builder_error(rc, &p->lx, &extra);
    return 0;
}

int io__import_orlib_cap(terroir_model **out, const char *data, size_t len, const char *file,
                         const terroir_import_options *opts)
{
    cap_parse p;
    memset(&p, 0, sizeof p);
    io__lex_init(&p.lx, data, len, file);
    p.opts = opts;
    terroir_model *m = NULL;
    char *name = io__import_base_name(file);
    int rc;
    if (!name) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = terroir_model_new(&m)) != 0)
        goto done;
    if ((rc = build(&p, m, name)) != 0)
        goto done;
    rc = io__import_finish(out, m, file);
    m = NULL; /* io__import_finish() owns it now */
done:
    terroir_model_free(m);
    free(name);
    free(p.costs);
    return rc;
}
