/* The summary of `terroir solve` for the people who run the network
 * (coordinators of cooperatives and food banks, not OR specialists), in
 * their language (cli_language):
 *
 *   - the plan's status and what the solve took;
 *   - the operating cost per cycle, in money: hubs, handling, trucks
 *     (fixed, km, hours, with the km and hours), apart from
 *   - the unserved-demand penalty, which is a weight, not money;
 *   - service by kind of point;
 *   - why demand is not served, in words, by product, with the product's
 *     supply and demand in the model (e.g. "eggs: 3,085 kg short: supply
 *     6,242 kg, demand 9,327 kg");
 *   - hubs by name, utilisation per temperature class, and what 100 kg
 *     more of a full class would save per cycle;
 *   - the routes (vehicle, day, stops, km, hours, load), and the
 *     allocation's transport estimate against the routes in words;
 *   - with --baseline, the comparison with producers driving alone.
 *
 * Everything comes from the public API: the plan's summary and items, the
 * model's specs, supply and demand lines. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Left column of "label   value" lines. */
#define LABEL_WIDTH 44

static void line(const char *label, const char *value)
{
    fputs("  ", stdout);
    cli_print_padded(stdout, label, LABEL_WIDTH, 0);
    cli_print_padded(stdout, value, 16, 1);
    fputc('\n', stdout);
}

static const char *status_words(terroir_status s)
{
    switch (s) {
    case TERROIR_STATUS_OPTIMAL:
        return TR("optimal (proven best within the gap asked)");
    case TERROIR_STATUS_FEASIBLE:
        return TR("feasible (the best plan found; not proven best)");
    case TERROIR_STATUS_INFEASIBLE:
        return TR("infeasible (no plan meets the hard constraints)");
    case TERROIR_STATUS_TIME_LIMIT:
        return TR("no plan within the time limit");
    case TERROIR_STATUS_CANCELED:
        return TR("canceled before any plan");
    case TERROIR_STATUS_INTERRUPTED:
        return TR("interrupted (the best plan found before the stop)");
    }
    return terroir_status_to_string(s);
}

static const char *kind_words(terroir_point_kind k)
{
    switch (k) {
    case TERROIR_POINT_GROCERY:
        return TR("coop groceries");
    case TERROIR_POINT_FOOD_BANK:
        return TR("food banks");
    case TERROIR_POINT_SCHOOL:
        return TR("schools");
    case TERROIR_POINT_MARKET:
        return TR("public markets");
    case TERROIR_POINT_PICKUP:
        return TR("pick-up points");
    }
    return terroir_point_kind_to_string(k);
}

static const char *reason_words(terroir_unserved_reason r)
{
    switch (r) {
    case TERROIR_UNSERVED_NO_SUPPLY:
        return TR("no producer supplies it");
    case TERROIR_UNSERVED_SHELF_LIFE:
        return TR("no supply within its shelf life");
    case TERROIR_UNSERVED_COMPATIBILITY:
        return TR("no hub or vehicle for its temperature");
    case TERROIR_UNSERVED_HUB_CAPACITY:
        return TR("hub capacity used up");
    case TERROIR_UNSERVED_SUPPLY_SHORT:
        return TR("supply used up by other points");
    case TERROIR_UNSERVED_COST:
        return TR("costs more than its penalty");
    }
    return terroir_unserved_reason_to_string(r);
}

static const char *stop_reason_words(terroir_unserved_stop_reason r)
{
    switch (r) {
    case TERROIR_UNSERVED_STOP_CAPACITY:
        return TR("too large for any vehicle");
    case TERROIR_UNSERVED_STOP_TIME_WINDOW:
        return TR("time window out of reach");
    case TERROIR_UNSERVED_STOP_DURATION:
        return TR("too far for the longest route");
    case TERROIR_UNSERVED_STOP_NO_COMPATIBLE_VEHICLE:
        return TR("no vehicle for its temperature");
    case TERROIR_UNSERVED_STOP_FLEET_SIZE:
        return TR("fleet used up");
    case TERROIR_UNSERVED_STOP_COST:
        return TR("costs more than its penalty");
    case TERROIR_UNSERVED_STOP_DAY:
        return TR("no day it receives or ships fits");
    }
    return terroir_unserved_stop_reason_to_string(r);
}

static const char *temperature_words(int t)
{
    switch (t) {
    case TERROIR_TEMPERATURE_AMBIENT:
        return TR("ambient");
    case TERROIR_TEMPERATURE_CHILLED:
        return TR("chilled");
    case TERROIR_TEMPERATURE_FROZEN:
        return TR("frozen");
    }
    return "?";
}

/* Name of a site of the model from its id (the id when unknown). */
static const char *site_name(const terroir_model *m, terroir_entity kind, const char *id)
{
    size_t i;
    if (!id || terroir_model_find(m, kind, id, &i) != 0)
        return id ? id : "-";
    if (kind == TERROIR_ENTITY_HUB) {
        terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
        if (terroir_model_get_hub(m, i, &h) == 0 && h.name)
            return h.name;
    } else if (kind == TERROIR_ENTITY_POINT) {
        terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
        if (terroir_model_get_point(m, i, &p) == 0 && p.name)
            return p.name;
    }
    return id;
}

/* ---- plan */

static void print_plan(const terroir_model *m, const terroir_plan_summary *s)
{
    terroir_settings st = TERROIR_SETTINGS_INIT;
    char a[64];
    terroir_model_get_settings(m, &st);
    if (st.name && st.name[0])
        printf(TR("Plan for %s\n"), st.name);
    else
        printf("%s\n", TR("Plan"));
    printf(TR("  status: %s; solved in %s s\n"), status_words(s->status),
           cli_num(a, sizeof a, s->solve_seconds, 1));
}

/* ---- operating cost */

/* Money of the routes split into vehicles' fixed costs, km and hours, from
 * each route's vehicle type. */
typedef struct truck_costs {
    double fixed, km_cost, hour_cost, km, hours;
} truck_costs;

static truck_costs truck_costs_of(const terroir_model *m, const terroir_plan *plan)
{
    truck_costs t = {0, 0, 0, 0, 0};
    for (size_t r = 0; r < terroir_plan_route_count(plan); r++) {
        terroir_plan_route route = {0};
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        if (terroir_plan_get_route(plan, r, &route) != 0)
            continue;
        size_t vt;
        terroir_vehicle_type_spec spec = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        if (terroir_model_find(m, TERROIR_ENTITY_VEHICLE_TYPE, route.vehicle_type, &vt) != 0 ||
            terroir_model_get_vehicle_type(m, vt, &spec) != 0)
            continue;
        t.fixed += spec.fixed_cost;
        t.km_cost += spec.cost_per_km * route.km;
        t.hour_cost += spec.cost_per_hour * route.minutes / 60.0;
        t.km += route.km;
        t.hours += route.minutes / 60.0;
    }
    return t;
}

static void print_costs(const terroir_model *m, const terroir_plan *plan,
                        const terroir_plan_summary *s)
{
    char a[64], b[64], label[160];
    truck_costs t = truck_costs_of(m, plan);
    /* cost.transport holds the routes' variable cost plus the allocation's
     * estimate for what producers deliver themselves (not routed). */
    double own = s->cost.transport - (t.km_cost + t.hour_cost);
    if (fabs(own) < 0.005)
        own = 0;
    double vehicles = s->cost.vehicle_fixed;
    double operating =
        s->cost.fixed_hub + s->cost.handling + s->cost.transport + vehicles + s->cost.co2;
    printf("\n%s\n", TR("Operating cost per cycle"));
    line(TR("hubs (fixed costs)"), cli_money(a, sizeof a, s->cost.fixed_hub));
    line(TR("handling at hubs"), cli_money(a, sizeof a, s->cost.handling));
    if (s->n_routes > 0) {
        line(TR("trucks: fixed costs"), cli_money(a, sizeof a, vehicles));
        snprintf(label, sizeof label, TR("trucks: distance (%s km)"),
                 cli_num(b, sizeof b, t.km, 1));
        line(label, cli_money(a, sizeof a, t.km_cost));
        snprintf(label, sizeof label, TR("trucks: hours (%s h)"), cli_num(b, sizeof b, t.hours, 1));
        line(label, cli_money(a, sizeof a, t.hour_cost));
        if (own != 0)
            line(TR("producers' own deliveries (estimate)"), cli_money(a, sizeof a, own));
    } else {
        line(TR("transport (estimate, no routes drawn)"),
             cli_money(a, sizeof a, s->cost.transport));
        if (vehicles != 0)
            line(TR("trucks: fixed costs"), cli_money(a, sizeof a, vehicles));
    }
    if (s->cost.co2 != 0)
        line(TR("price of CO2"), cli_money(a, sizeof a, s->cost.co2));
    line(TR("total operating cost"), cli_money(a, sizeof a, operating));

    printf("\n%s\n", TR("Unserved demand penalty (not money)"));
    line(TR("penalty"), cli_num(a, sizeof a, s->cost.unserved_penalty, 2));
    printf("  %s\n", TR("A weight per kg not delivered (by priority of the point) that makes the\n"
                        "  plan serve demand when it can; nobody pays it."));
}

/* ---- service */

static void print_service(const terroir_plan_summary *s)
{
    char a[64], b[64], c[64], value[200];
    size_t width = cli_text_width(TR("all points"));
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++)
        if (s->demand_kg[k] > 0 && cli_text_width(kind_words((terroir_point_kind)k)) > width)
            width = cli_text_width(kind_words((terroir_point_kind)k));
    width += 2;
    printf("\n%s\n", TR("Service by kind of point"));
    for (int k = 0; k < TERROIR_POINT_KIND_COUNT; k++) {
        if (!(s->demand_kg[k] > 0))
            continue;
        snprintf(value, sizeof value, TR("%s of %s kg (%s)"),
                 cli_num(a, sizeof a, s->served_kg[k], 0), cli_num(b, sizeof b, s->demand_kg[k], 0),
                 cli_percent(c, sizeof c, s->served_kg[k] / s->demand_kg[k], 1));
        fputs("  ", stdout);
        cli_print_padded(stdout, kind_words((terroir_point_kind)k), width, 0);
        fputs(value, stdout);
        fputc('\n', stdout);
    }
    snprintf(
        value, sizeof value, TR("%s of %s kg (%s)"), cli_num(a, sizeof a, s->served_kg_total, 0),
        cli_num(b, sizeof b, s->demand_kg_total, 0),
        cli_percent(c, sizeof c,
                    s->demand_kg_total > 0 ? s->served_kg_total / s->demand_kg_total : 1.0, 1));
    fputs("  ", stdout);
    cli_print_padded(stdout, TR("all points"), width, 0);
    fputs(value, stdout);
    fputc('\n', stdout);
}

/* ---- why demand is not served */

typedef struct product_balance {
    const char *name;
    double kg_per_unit;
    double supply_kg, demand_kg;
    double unserved_kg[TERROIR_UNSERVED_REASON_COUNT];
    double unserved_total;
} product_balance;

static product_balance *balances_of(const terroir_model *m, const terroir_plan *plan, size_t *n_out)
{
    size_t n = terroir_model_count(m, TERROIR_ENTITY_PRODUCT);
    product_balance *b = calloc(n ? n : 1, sizeof *b);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        terroir_product_spec spec = TERROIR_PRODUCT_SPEC_INIT;
        terroir_model_get_product(m, i, &spec);
        b[i].name = spec.name ? spec.name : spec.id;
        b[i].kg_per_unit = spec.kg_per_unit;
    }
    size_t producers = terroir_model_count(m, TERROIR_ENTITY_PRODUCER);
    for (size_t p = 0; p < producers; p++)
        for (size_t k = 0; k < terroir_model_supply_count(m, p); k++) {
            size_t product;
            double q;
            if (terroir_model_get_supply(m, p, k, &product, &q) == 0 && product < n)
                b[product].supply_kg += q * b[product].kg_per_unit;
        }
    size_t points = terroir_model_count(m, TERROIR_ENTITY_POINT);
    for (size_t p = 0; p < points; p++)
        for (size_t k = 0; k < terroir_model_demand_count(m, p); k++) {
            size_t product;
            double q;
            if (terroir_model_get_demand(m, p, k, &product, &q) == 0 && product < n)
                b[product].demand_kg += q * b[product].kg_per_unit;
        }
    for (size_t i = 0; i < terroir_plan_unserved_count(plan); i++) {
        terroir_plan_unserved u = {0};
        u.version = TERROIR_PLAN_UNSERVED_VERSION;
        size_t product;
        if (terroir_plan_get_unserved(plan, i, &u) != 0 ||
            terroir_model_find(m, TERROIR_ENTITY_PRODUCT, u.product, &product) != 0 ||
            product >= n || (unsigned)u.reason >= TERROIR_UNSERVED_REASON_COUNT)
            continue;
        b[product].unserved_kg[u.reason] += u.kg;
        b[product].unserved_total += u.kg;
    }
    *n_out = n;
    return b;
}

static int by_unserved_desc(const void *x, const void *y)
{
    const product_balance *a = x, *b = y;
    return (a->unserved_total < b->unserved_total) - (a->unserved_total > b->unserved_total);
}

static void print_causes(const terroir_model *m, const terroir_plan *plan,
                         const terroir_plan_summary *s)
{
    char a[64], b[64], c[64];
    size_t n = 0;
    product_balance *bal = balances_of(m, plan, &n);
    double short_kg = s->demand_kg_total - s->served_kg_total;
    printf("\n%s\n", TR("Why demand is not served"));
    if (short_kg < 0.5 && terroir_plan_unserved_count(plan) == 0 &&
        terroir_plan_unserved_stop_count(plan) == 0) {
        printf("  %s\n", TR("every demand is served"));
        free(bal);
        return;
    }
    if (bal) {
        qsort(bal, n, sizeof *bal, by_unserved_desc);
        for (size_t i = 0; i < n && bal[i].unserved_total >= 0.5; i++) {
            const product_balance *p = &bal[i];
            printf("  ");
            if (p->supply_kg + 0.5 < p->demand_kg)
                printf(TR("%s: %s kg short: supply %s kg, demand %s kg"), p->name,
                       cli_num(a, sizeof a, p->unserved_total, 0),
                       cli_num(b, sizeof b, p->supply_kg, 0),
                       cli_num(c, sizeof c, p->demand_kg, 0));
            else
                printf(TR("%s: %s kg not served (supply %s kg, demand %s kg)"), p->name,
                       cli_num(a, sizeof a, p->unserved_total, 0),
                       cli_num(b, sizeof b, p->supply_kg, 0),
                       cli_num(c, sizeof c, p->demand_kg, 0));
            /* The reasons the allocation gave, largest first; a product short
             * of supply needs no more words for its supply shortage. */
            const char *sep = " \xe2\x80\x94 ";
            if (p->supply_kg + 0.5 < p->demand_kg) {
                bal[i].unserved_kg[TERROIR_UNSERVED_SUPPLY_SHORT] = 0;
                bal[i].unserved_kg[TERROIR_UNSERVED_NO_SUPPLY] = 0;
            }
            for (int pass = 0; pass < TERROIR_UNSERVED_REASON_COUNT; pass++) {
                int best = -1;
                for (int r = 0; r < TERROIR_UNSERVED_REASON_COUNT; r++)
                    if (p->unserved_kg[r] >= 0.5 &&
                        (best < 0 || p->unserved_kg[r] > p->unserved_kg[best]))
                        best = r;
                if (best < 0)
                    break;
                printf("%s%s: %s kg", sep, reason_words((terroir_unserved_reason)best),
                       cli_num(a, sizeof a, p->unserved_kg[best], 0));
                bal[i].unserved_kg[best] = 0;
                sep = "; ";
            }
            fputc('\n', stdout);
        }
        free(bal);
    }
    /* Stops the routes could not make: their goods count as unserved too. */
    size_t n_stops = terroir_plan_unserved_stop_count(plan);
    if (n_stops > 0) {
        size_t count[TERROIR_UNSERVED_STOP_REASON_COUNT] = {0};
        double kg[TERROIR_UNSERVED_STOP_REASON_COUNT] = {0};
        for (size_t i = 0; i < n_stops; i++) {
            terroir_plan_unserved_stop u = {0};
            u.version = TERROIR_PLAN_UNSERVED_STOP_VERSION;
            if (terroir_plan_get_unserved_stop(plan, i, &u) == 0 &&
                (unsigned)u.reason < TERROIR_UNSERVED_STOP_REASON_COUNT) {
                count[u.reason]++;
                kg[u.reason] += u.kg;
            }
        }
        for (int r = 0; r < TERROIR_UNSERVED_STOP_REASON_COUNT; r++)
            if (count[r] > 0)
                printf(TR("  stops the routes leave out: %zu (%s kg): %s\n"), count[r],
                       cli_num(a, sizeof a, kg[r], 0),
                       stop_reason_words((terroir_unserved_stop_reason)r));
    }
}

/* ---- hubs */

static void print_hubs(const terroir_model *m, const terroir_plan *plan)
{
    const char *headers[] = {TR("hub"), TR("status"), TR("use of capacity"),
                             TR("saving per cycle from 100 kg more capacity")};
    static const cli_align align[] = {CLI_ALIGN_LEFT, CLI_ALIGN_LEFT, CLI_ALIGN_LEFT,
                                      CLI_ALIGN_LEFT};
    cli_table *t = cli_table_new(4, headers, align);
    for (size_t i = 0; t && i < terroir_plan_hub_count(plan); i++) {
        terroir_plan_hub h = {0};
        h.version = TERROIR_PLAN_HUB_VERSION;
        if (terroir_plan_get_hub(plan, i, &h) != 0)
            continue;
        size_t index;
        terroir_hub_spec spec = TERROIR_HUB_SPEC_INIT;
        int found = terroir_model_find(m, TERROIR_ENTITY_HUB, h.id, &index) == 0 &&
                    terroir_model_get_hub(m, index, &spec) == 0;
        char use[200] = "", value[200] = "", a[64], b[64];
        size_t ul = 0, vl = 0;
        for (int k = 0; h.open && k < TERROIR_TEMPERATURE_COUNT; k++) {
            if (h.capacity_kg[k] == 0)
                continue; /* the hub does not handle the class */
            if (h.capacity_kg[k] == TERROIR_UNLIMITED)
                snprintf(a, sizeof a, "%s kg", cli_num(b, sizeof b, h.throughput_kg[k], 0));
            else
                cli_percent(a, sizeof a, h.utilisation[k], 0);
            ul += (size_t)snprintf(use + ul, sizeof use - ul, "%s%s %s", ul ? ", " : "",
                                   temperature_words(k), a);
            if (ul >= sizeof use)
                ul = sizeof use - 1;
            if (h.capacity_value_per_kg[k] > 0) {
                vl += (size_t)snprintf(value + vl, sizeof value - vl, "%s%s %s", vl ? ", " : "",
                                       temperature_words(k),
                                       cli_money(a, sizeof a, 100.0 * h.capacity_value_per_kg[k]));
                if (vl >= sizeof value)
                    vl = sizeof value - 1;
            }
        }
        if (h.open && !value[0])
            snprintf(value, sizeof value, "%s", TR("none: capacity is not what limits the plan"));
        const char *status =
            h.open ? (spec.status == TERROIR_HUB_CANDIDATE ? TR("opened") : TR("open"))
                   : (spec.status == TERROIR_HUB_CANDIDATE ? TR("not opened") : TR("closed"));
        const char *row[] = {found && spec.name ? spec.name : h.id, status, use, value};
        cli_table_add_row(t, row);
    }
    printf("\n%s\n", TR("Hubs"));
    if (t)
        cli_table_print(t, stdout, 2);
    cli_table_free(t);
}

/* ---- routes */

static void clock_time(char *buf, size_t size, double minutes)
{
    if (!isfinite(minutes) || minutes < 0) {
        snprintf(buf, size, "-");
        return;
    }
    long m = lround(minutes);
    snprintf(buf, size, cli_language == TERROIR_LANGUAGE_FR ? "%ld h %02ld" : "%ld:%02ld", m / 60,
             m % 60);
}

static void print_routes(const terroir_model *m, const terroir_plan *plan,
                         const terroir_plan_summary *s)
{
    char a[64], b[64], c[64];
    size_t n = terroir_plan_route_count(plan);
    if (n == 0 && s->n_unserved_stops == 0)
        return;
    printf("\n");
    printf(TR("Routes: %zu, %s km, %s h, %s\n"), n, cli_num(a, sizeof a, s->routed_km, 1),
           cli_num(b, sizeof b, s->routed_minutes / 60.0, 1),
           cli_money(c, sizeof c, s->routed_cost));
    const char *headers[] = {
        "#",      TR("vehicle"), TR("day"),  TR("hub"),          TR("stops"),
        TR("km"), TR("leaves"),  TR("back"), TR("kg delivered"), TR("kg collected")};
    static const cli_align align[] = {
        CLI_ALIGN_RIGHT, CLI_ALIGN_LEFT,  CLI_ALIGN_RIGHT, CLI_ALIGN_LEFT,  CLI_ALIGN_RIGHT,
        CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT, CLI_ALIGN_RIGHT};
    cli_table *t = cli_table_new(10, headers, align);
    for (size_t r = 0; t && r < n; r++) {
        terroir_plan_route route = {0};
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        if (terroir_plan_get_route(plan, r, &route) != 0)
            continue;
        double collected = 0;
        for (size_t k = 0; k < route.n_stops; k++) {
            terroir_plan_route_stop st = {0};
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            if (terroir_plan_get_route_stop(plan, r, k, &st) == 0)
                collected += st.pickup[TERROIR_DIMENSION_KG];
        }
        size_t vt;
        terroir_vehicle_type_spec spec = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        const char *vname = route.vehicle_type;
        if (terroir_model_find(m, TERROIR_ENTITY_VEHICLE_TYPE, route.vehicle_type, &vt) == 0 &&
            terroir_model_get_vehicle_type(m, vt, &spec) == 0 && spec.name)
            vname = spec.name;
        char num[24], day[16], stops[24], km[32], leaves[32], back[32], del[32], col[32];
        /* The name whole (names have no length limit: a fixed buffer would
         * cut one, and a character with it). */
        size_t vehicle_size = strlen(vname) + strlen(TR("%s #%zu")) + 24;
        char *vehicle = malloc(vehicle_size);
        if (!vehicle)
            continue;
        snprintf(num, sizeof num, "%zu", r + 1);
        snprintf(vehicle, vehicle_size, TR("%s #%zu"), vname, route.vehicle + 1);
        snprintf(day, sizeof day, "%u", route.day);
        snprintf(stops, sizeof stops, "%zu", route.n_stops);
        cli_num(km, sizeof km, route.km, 1);
        clock_time(leaves, sizeof leaves, route.departure);
        clock_time(back, sizeof back, route.arrival);
        cli_num(del, sizeof del, route.load_start[TERROIR_DIMENSION_KG], 0);
        cli_num(col, sizeof col, collected, 0);
        const char *row[] = {num,   vehicle, day,    site_name(m, TERROIR_ENTITY_HUB, route.hub),
                             stops, km,      leaves, back,
                             del,   col};
        cli_table_add_row(t, row);
        free(vehicle);
    }
    if (t)
        cli_table_print(t, stdout, 2);
    cli_table_free(t);
    if (isfinite(s->transport_estimate_error) && s->routed_cost > 0) {
        double e = s->transport_estimate_error;
        cli_percent(a, sizeof a, fabs(e), 1);
        cli_money(b, sizeof b, s->transport_estimate);
        printf("  ");
        if (e < 0)
            printf(
                TR("The planning estimate of transport (%s) was %s below the cost of the routes\n"
                   "  actually drawn: the hubs were chosen with the routes, not with this "
                   "estimate.\n"),
                b, a);
        else
            printf(
                TR("The planning estimate of transport (%s) was %s above the cost of the routes\n"
                   "  actually drawn.\n"),
                b, a);
    }
}

/* ---- baseline */

static void print_baseline(const terroir_baseline *bl)
{
    char a[64], b[64], c[64];
    printf("\n%s\n", TR("Compared with farms driving alone"));
    printf(TR("  farms driving their own goods: %zu trips, %s km, %s\n"), bl->routes,
           cli_num(a, sizeof a, bl->km, 1), cli_money(b, sizeof b, bl->cost));
    if (bl->plan_routes == 0) {
        printf("%s\n", TR("  this plan draws no routes (no fleet, or no routing stage): "
                          "nothing to compare"));
        return;
    }
    printf(TR("  this plan's routes:            %zu trips, %s km, %s\n"), bl->plan_routes,
           cli_num(a, sizeof a, bl->plan_km, 1), cli_money(b, sizeof b, bl->plan_cost));
    /* 1 - plan / baseline: negative when the plan drives more. */
    if (isfinite(bl->route_reduction) && isfinite(bl->km_reduction)) {
        if (bl->route_reduction >= 0 && bl->km_reduction >= 0)
            printf(TR("  %s fewer trips and %s fewer km with the cooperative plan\n"),
                   cli_percent(a, sizeof a, bl->route_reduction, 1),
                   cli_percent(c, sizeof c, bl->km_reduction, 1));
        else {
            /* Signed changes: + when the plan drives more than the farms. */
            char ta[72], tc[72];
            snprintf(ta, sizeof ta, "%s%s", bl->route_reduction < 0 ? "+" : "",
                     cli_percent(a, sizeof a, -bl->route_reduction, 1));
            snprintf(tc, sizeof tc, "%s%s", bl->km_reduction < 0 ? "+" : "",
                     cli_percent(c, sizeof c, -bl->km_reduction, 1));
            printf(TR("  change with the cooperative plan: trips %s, km %s\n"), ta, tc);
        }
    }
}

void cli_print_solve_summary(const terroir_model *model, const terroir_plan *plan,
                             const terroir_baseline *baseline)
{
    terroir_plan_summary s = {0};
    s.version = TERROIR_PLAN_SUMMARY_VERSION;
    terroir_plan_get_summary(plan, &s);
    print_plan(model, &s);
    print_costs(model, plan, &s);
    print_service(&s);
    print_causes(model, plan, &s);
    print_hubs(model, plan);
    print_routes(model, plan, &s);
    if (baseline)
        print_baseline(baseline);
}
