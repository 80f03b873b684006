/* Cross-dock synchronisation at a food hub against brute force (issue 11):
 * tiny two-echelon models — one open hub whose fleet collects from farms
 * and delivers to points — solved with terroir_solve() and compared with an
 * exact enumeration written here.  Only the public API builds the model
 * and reads the plan; the enumeration shares no code with the library.
 *
 * The routing model the plan must be optimal for:
 *  - stops (lib/route/route_build.c): the allocation's flows producer ->
 *    hub -> point, read from the plan, give one pickup per producer (the kg
 *    of its flows) and one delivery per point (the kg of its flows); one
 *    temperature class that the vehicles carry, unlimited capacity, so no
 *    stop is split;
 *  - a route is a collection route (pickups only) or a delivery route
 *    (deliveries only); each of the `count` vehicles drives at most one
 *    (trips_per_day 1, one operating day);
 *  - schedule (include/terroir/route.h): a route leaves its hub when the hub
 *    opens or later, drives the matrix minutes, waits for a window when
 *    early (service starts inside it), serves, and is back before the hub
 *    closes; its departure is then delayed as far as that only removes
 *    waiting (lib/route/route_eval.c), which gives the shortest duration
 *    and changes neither the stops' feasibility nor the return time;
 *  - synchronisation: a delivery route leaves no earlier than, for every
 *    producer whose flows reach one of its points, the return of the
 *    collection route that picks it up plus the hub's cross-dock minutes
 *    (hub spec field, 0 to 45 here);
 *  - cost of a route = fixed + per km + per hour of its duration (departure
 *    to return); the plan's routing cost is the sum over its routes.
 *
 * The enumeration tries every partition of the pickups into collection
 * routes and every order of each (so a dearer order that returns earlier
 * is weighed against the cheaper one), then, given the collection returns,
 * every partition of the deliveries into the vehicles left and the best
 * order of each (a delivery route's best order depends only on its own
 * release, so the delivery side is a partition over subsets).
 *
 * Instances: a dozen seeded random ones whose point windows open around
 * the time the collections return (so the releases bind on several), and
 * hand-made ones where the release provably changes the optimum (checked:
 * the optimum with synchronisation is dearer than without).  Solves use a
 * fixed seed and an iteration limit, no time limit: deterministic.  The
 * enumeration is itself checked: on hand-computed optima, and its route
 * schedule and cost against the route checker (terroir_route_check) on
 * every order of the random instances' farms and points.  A failure names
 * the instance and seed, the plan's routing cost, the optimum (and the
 * optimum without synchronisation), and what is wrong: stops not served
 * once, a route mixing pickups and deliveries, a delivery route leaving
 * before its goods are at the hub. */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/terroir.h>

#define MAX_FARMS 3
#define MAX_POINTS 4
#define MAX_PRODUCTS 2
#define MAX_NODES (1 + MAX_FARMS + MAX_POINTS) /* node 0 is the hub */
#define MAX_ORDERS 24                          /* 4! orders of the largest route */
#define UNSERVED_PENALTY_PER_KG 1000.0         /* every stop served when possible */
#define TIME_EPS 1e-6                          /* minutes, as the route checker */
#define COST_RTOL 1e-6
#define ROUTE_ITERATIONS 300UL
#define RANDOM_INSTANCES 12

typedef struct window {
    double open, close;
} window;

/* One model.  Nodes: 0 the hub, 1 .. n_farms the farms, then the points. */
typedef struct instance {
    const char *name;
    unsigned long seed;
    size_t n_farms, n_points, n_products;
    size_t count; /* vehicles of the hub's one type */
    double fixed_cost, cost_per_km, cost_per_hour;
    double cross_dock;         /* the hub's cross-dock minutes */
    window win[MAX_NODES];     /* the hub's opening hours, the farms' and points' windows */
    double service[MAX_NODES]; /* minutes at each farm and point */
    double supply[MAX_FARMS][MAX_PRODUCTS];
    double demand[MAX_POINTS][MAX_PRODUCTS];
    double km[MAX_NODES][MAX_NODES];
    double minutes[MAX_NODES][MAX_NODES];
} instance;

static size_t farm_node(size_t f)
{
    return 1 + f;
}

static size_t point_node(const instance *I, size_t q)
{
    return 1 + I->n_farms + q;
}

static size_t n_nodes(const instance *I)
{
    return 1 + I->n_farms + I->n_points;
}

/* ------------------------------------------------------------ enumeration */

/* The stops the plan's flows call for. */
typedef struct stop_set {
    size_t n_pick, n_del;
    size_t pick_node[MAX_FARMS];
    size_t del_node[MAX_POINTS];
    /* Per delivery, the pickups whose goods it receives (bit set). */
    unsigned int feeds[MAX_POINTS];
} stop_set;

/* One feasible route: its cost and the time it is back at the hub. */
typedef struct route_option {
    double cost, back;
} route_option;

/* Evaluate the route hub -> nodes[0..n) -> hub leaving no earlier than t0:
 * 1 and its cost and return time when every window and the hub's closing
 * hold, else 0. */
static int evaluate(const instance *I, const size_t *nodes, size_t n, double t0, route_option *out)
{
    double start[MAX_NODES], time = t0, km = 0;
    size_t prev = 0;
    for (size_t k = 0; k < n; k++) {
        size_t v = nodes[k];
        km += I->km[prev][v];
        time += I->minutes[prev][v];
        start[k] = fmax(time, I->win[v].open);
        if (start[k] > I->win[v].close + TIME_EPS)
            return 0;
        time = start[k] + I->service[v];
        prev = v;
    }
    km += I->km[prev][0];
    time += I->minutes[prev][0];
    if (time > I->win[0].close + TIME_EPS)
        return 0;
    /* Latest schedule with the same return (backward pass): its departure
     * is the latest that keeps every window and the return time. */
    double latest = time - I->minutes[prev][0];
    for (size_t k = n; k-- > 0;) {
        size_t v = nodes[k], before = k ? nodes[k - 1] : 0;
        latest = fmin(I->win[v].close, latest - I->service[v]);
        latest -= I->minutes[before][v];
    }
    out->back = time;
    out->cost = I->fixed_cost + I->cost_per_km * km + I->cost_per_hour * (time - latest) / 60.0;
    return 1;
}

/* Every order of the stops in `nodes` (n of them): the feasible ones. */
static void orders(const instance *I, size_t *nodes, size_t n, size_t fixed, double t0,
                   route_option *opts, size_t *n_opts)
{
    if (fixed == n) {
        route_option o;
        if (evaluate(I, nodes, n, t0, &o))
            opts[(*n_opts)++] = o;
        return;
    }
    for (size_t k = fixed; k < n; k++) {
        size_t tmp = nodes[fixed];
        nodes[fixed] = nodes[k];
        nodes[k] = tmp;
        orders(I, nodes, n, fixed + 1, t0, opts, n_opts);
        nodes[k] = nodes[fixed];
        nodes[fixed] = tmp;
    }
}

/* The nodes of the stops in `block` (a bit set over `stop_nodes`). */
static size_t block_nodes(unsigned int block, const size_t *stop_nodes, size_t n_stops,
                          size_t *nodes)
{
    size_t n = 0;
    for (size_t s = 0; s < n_stops; s++)
        if (block & (1u << s))
            nodes[n++] = stop_nodes[s];
    return n;
}

typedef struct search {
    const instance *I;
    const stop_set *S;
    int sync; /* 0: releases ignored (the optimum without synchronisation) */
    /* Per set of pickups, every feasible order of one collection route. */
    route_option pick[1u << MAX_FARMS][MAX_ORDERS];
    size_t n_pick[1u << MAX_FARMS];
    double back[MAX_FARMS]; /* per pickup: return of the route that collects it */
    double best;
} search;

/* Cheapest split of the deliveries `rest` into at most `routes` routes,
 * given each set's cheapest route (HUGE_VAL: none feasible). */
static double split_deliveries(const double *cheapest, unsigned int rest, size_t routes)
{
    if (!rest)
        return 0;
    if (!routes)
        return HUGE_VAL;
    unsigned int low = rest & (~rest + 1u), others = rest ^ low;
    double best = HUGE_VAL;
    for (unsigned int sub = others;; sub = (sub - 1) & others) {
        unsigned int block = low | sub;
        if (cheapest[block] < HUGE_VAL) {
            double c = cheapest[block] + split_deliveries(cheapest, rest ^ block, routes - 1);
            if (c < best)
                best = c;
        }
        if (!sub)
            break;
    }
    return best;
}

/* The collection routes are fixed (their returns in s->back): the best
 * delivery routes with the vehicles left. */
static void deliver(search *s, size_t routes_used, double cost)
{
    const instance *I = s->I;
    const stop_set *S = s->S;
    double cheapest[1u << MAX_POINTS];
    cheapest[0] = 0;
    for (unsigned int block = 1; block < (1u << S->n_del); block++) {
        size_t nodes[MAX_POINTS], n = block_nodes(block, S->del_node, S->n_del, nodes);
        double t0 = I->win[0].open;
        for (size_t d = 0; s->sync && d < S->n_del; d++)
            for (size_t p = 0; (block & (1u << d)) && p < S->n_pick; p++)
                if (S->feeds[d] & (1u << p))
                    t0 = fmax(t0, s->back[p] + I->cross_dock);
        route_option opts[MAX_ORDERS];
        size_t n_opts = 0;
        orders(I, nodes, n, 0, t0, opts, &n_opts);
        cheapest[block] = HUGE_VAL;
        for (size_t k = 0; k < n_opts; k++)
            cheapest[block] = fmin(cheapest[block], opts[k].cost);
    }
    double c = cost + split_deliveries(cheapest, (1u << S->n_del) - 1, I->count - routes_used);
    if (c < s->best)
        s->best = c;
}

/* Split the pickups `rest` into collection routes, each in every order. */
static void collect(search *s, unsigned int rest, size_t routes_used, double cost)
{
    if (!rest) {
        deliver(s, routes_used, cost);
        return;
    }
    if (routes_used == s->I->count)
        return;
    unsigned int low = rest & (~rest + 1u), others = rest ^ low;
    for (unsigned int sub = others;; sub = (sub - 1) & others) {
        unsigned int block = low | sub;
        for (size_t k = 0; k < s->n_pick[block]; k++) {
            const route_option *o = &s->pick[block][k];
            for (size_t p = 0; p < s->S->n_pick; p++)
                if (block & (1u << p))
                    s->back[p] = o->back;
            collect(s, rest ^ block, routes_used + 1, cost + o->cost);
        }
        if (!sub)
            break;
    }
}

/* The optimal routing cost of the stops (HUGE_VAL when no plan serves them
 * all). */
static double optimum(const instance *I, const stop_set *S, int sync)
{
    search *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    s->I = I;
    s->S = S;
    s->sync = sync;
    s->best = HUGE_VAL;
    for (unsigned int block = 1; block < (1u << S->n_pick); block++) {
        size_t nodes[MAX_FARMS], n = block_nodes(block, S->pick_node, S->n_pick, nodes);
        orders(I, nodes, n, 0, I->win[0].open, s->pick[block], &s->n_pick[block]);
    }
    collect(s, (1u << S->n_pick) - 1, 0, 0.0);
    double best = s->best;
    free(s);
    return best;
}

/* -------------------------------------------------------------- instances */

static unsigned long long rng_next(unsigned long long *state)
{
    unsigned long long z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform integer in [lo, hi]. */
static double rng_int(unsigned long long *state, int lo, int hi)
{
    return (double)(lo + (int)(rng_next(state) % (unsigned long long)(hi - lo + 1)));
}

/* Every stop of `I` with every farm feeding every point: the latest
 * releases any allocation could give. */
static stop_set worst_stops(const instance *I, unsigned int farms)
{
    stop_set S;
    memset(&S, 0, sizeof S);
    for (size_t f = 0; f < I->n_farms; f++)
        if (farms & (1u << f))
            S.pick_node[S.n_pick++] = farm_node(f);
    for (size_t q = 0; q < I->n_points; q++) {
        S.del_node[S.n_del] = point_node(I, q);
        S.feeds[S.n_del++] = (1u << S.n_pick) - 1;
    }
    return S;
}

/* 1 when, every farm feeding every point, the releases make the optimum
 * dearer. */
static int binds(const instance *I)
{
    stop_set S = worst_stops(I, (1u << I->n_farms) - 1);
    return optimum(I, &S, 1) > optimum(I, &S, 0) + 1e-6;
}

/* A random instance: 1-3 farms 18-54 minutes out, 2-4 points 6-36 minutes
 * from the hub whose windows open while the collections are on the road;
 * redrawn until every allocation it may get can be routed (the latest
 * releases, for every subset of farms, leave a feasible plan) and, for odd
 * seeds, until the releases bind when every farm feeds every point (the
 * plan's flows may still let it off). */
static void random_instance(instance *I, unsigned long seed)
{
    unsigned long long st = seed * 0x2545F4914F6CDD1DULL + 7;
    for (;;) {
        memset(I, 0, sizeof *I);
        I->name = "random";
        I->seed = seed;
        I->n_farms = (size_t)rng_int(&st, 1, MAX_FARMS);
        I->n_points = (size_t)rng_int(&st, 2, MAX_POINTS);
        I->n_products = (size_t)rng_int(&st, 1, MAX_PRODUCTS);
        I->count = (size_t)rng_int(&st, 2, 3);
        I->fixed_cost = rng_int(&st, 0, 2) * 25.0;
        I->cost_per_km = rng_int(&st, 2, 8) / 4.0;
        I->cost_per_hour = rng_int(&st, 0, 2) * 15.0;
        I->cross_dock = rng_int(&st, 0, 3) * 15.0;
        I->win[0].open = 360;
        I->win[0].close = 1200;
        double x[MAX_NODES], y[MAX_NODES];
        x[0] = y[0] = 0;
        size_t n = n_nodes(I);
        for (size_t v = 1; v < n; v++) {
            int farm = v <= I->n_farms;
            double r = farm ? rng_int(&st, 15, 45) : rng_int(&st, 5, 30);
            double a = rng_int(&st, 0, 359) * 3.14159265358979323846 / 180.0;
            x[v] = r * cos(a);
            y[v] = r * sin(a);
            I->service[v] = rng_int(&st, 0, 3) * 5.0;
            if (farm) {
                I->win[v].open = 360 + rng_int(&st, 0, 60);
                I->win[v].close = I->win[v].open + rng_int(&st, 60, 240);
            } else {
                I->win[v].open = 390 + rng_int(&st, 0, 120);
                I->win[v].close = I->win[v].open + rng_int(&st, 60, 200);
            }
        }
        /* Whole km and minutes (about 50 km/h), slightly asymmetric. */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double d = hypot(x[i] - x[j], y[i] - y[j]);
                I->km[i][j] = i == j ? 0 : round(d);
                I->minutes[i][j] = i == j ? 0 : round(d * 1.2) + rng_int(&st, 0, 2);
            }
        for (size_t p = 0; p < I->n_products; p++) {
            double total = 0;
            for (size_t q = 0; q < I->n_points; q++) {
                I->demand[q][p] = rng_int(&st, 0, 4) * 20.0;
                total += I->demand[q][p];
            }
            /* Each farm grows 1 to 1.5 times its share of the demand, so
             * that most instances need every farm. */
            for (size_t f = 0; f < I->n_farms; f++)
                I->supply[f][p] =
                    ceil(total / (double)I->n_farms * rng_int(&st, 10, 15) / 100.0) * 10.0;
        }
        int ok = 1;
        for (unsigned int farms = 1; ok && farms < (1u << I->n_farms); farms++) {
            stop_set S = worst_stops(I, farms);
            ok = optimum(I, &S, 1) < HUGE_VAL;
        }
        if (ok && (seed % 2 == 0 || binds(I)))
            return;
    }
}

/* Hand-made instances share: hub open 06:00-20:00, windows wide unless
 * said, symmetric matrices with minutes = km unless said. */
static void hand_base(instance *I, const char *name, size_t farms, size_t points, size_t products,
                      size_t count)
{
    memset(I, 0, sizeof *I);
    I->name = name;
    I->n_farms = farms;
    I->n_points = points;
    I->n_products = products;
    I->count = count;
    I->fixed_cost = 10;
    I->cost_per_km = 1;
    I->cost_per_hour = 30;
    I->cross_dock = 30;
    I->win[0].open = 360;
    I->win[0].close = 1200;
    for (size_t v = 1; v < n_nodes(I); v++) {
        I->win[v].open = 360;
        I->win[v].close = 1200;
    }
}

static void hand_distance(instance *I, size_t a, size_t b, double km)
{
    I->km[a][b] = I->km[b][a] = km;
    I->minutes[a][b] = I->minutes[b][a] = km;
}

/* One farm 30 minutes out (collected 06:00-07:00, goods ready at 07:30);
 * points A, B, C close to the hub; B closes at 07:45.  Without the
 * release the cheapest tour is H-A-B-C-H (40 km); leaving at 07:30, B is
 * reached in time only first (H-B-...: 50 km). */
static void hand_reorder(instance *I)
{
    hand_base(I, "a delivery waits for the farm and must reorder", 1, 3, 1, 2);
    size_t H = 0, F = 1, A = 2, B = 3, C = 4;
    hand_distance(I, H, F, 30);
    hand_distance(I, F, A, 35);
    hand_distance(I, F, B, 40);
    hand_distance(I, F, C, 35);
    hand_distance(I, H, A, 10);
    hand_distance(I, H, B, 15);
    hand_distance(I, H, C, 10);
    hand_distance(I, A, B, 10);
    hand_distance(I, B, C, 10);
    hand_distance(I, A, C, 15);
    I->win[B].close = 465;
    I->supply[0][0] = 300;
    I->demand[0][0] = I->demand[1][0] = I->demand[2][0] = 50;
}

/* Two farms, each the only grower of one product; point P needs both and
 * closes at 07:45.  One collection route: H-F2-F1-H is 5 km cheaper than
 * H-F1-F2-H but is back at 07:10 instead of 07:00 (F2 opens at 06:40), too
 * late for P; so the dearer order.  Minutes = km except H->F1 (20 min for
 * 25 km). */
static void hand_collection_order(instance *I)
{
    hand_base(I, "a dearer collection order returns in time", 2, 2, 2, 2);
    size_t H = 0, F1 = 1, F2 = 2, P = 3, Q = 4;
    hand_distance(I, H, F1, 20);
    I->km[H][F1] = 25;
    hand_distance(I, H, F2, 20);
    hand_distance(I, F1, F2, 10);
    hand_distance(I, F1, P, 30);
    hand_distance(I, F2, P, 30);
    hand_distance(I, F1, Q, 30);
    hand_distance(I, F2, Q, 30);
    hand_distance(I, H, P, 10);
    hand_distance(I, H, Q, 12);
    hand_distance(I, P, Q, 8);
    I->win[F2].open = 400;
    I->win[P].close = 465;
    I->supply[0][0] = 100; /* F1 grows product 0, F2 product 1 */
    I->supply[1][1] = 100;
    I->demand[0][0] = I->demand[0][1] = 40; /* P */
    I->demand[1][0] = 30;                   /* Q */
}

/* One farm 30 minutes out (goods ready at 07:30); points A (east) and B
 * (west), 10 minutes from the hub and 20 from each other, both closing at
 * 07:50.  Without the release one route serves both; after 07:30 no route
 * reaches both in time: a third vehicle. */
static void hand_third_vehicle(instance *I)
{
    hand_base(I, "the release calls for a third vehicle", 1, 2, 1, 3);
    size_t H = 0, F = 1, A = 2, B = 3;
    hand_distance(I, H, F, 30);
    hand_distance(I, F, A, 35);
    hand_distance(I, F, B, 35);
    hand_distance(I, H, A, 10);
    hand_distance(I, H, B, 10);
    hand_distance(I, A, B, 20);
    I->win[A].close = 470;
    I->win[B].close = 470;
    I->fixed_cost = 40;
    I->supply[0][0] = 200;
    I->demand[0][0] = I->demand[1][0] = 60;
}

/* ------------------------------------------------------------- the model */

static void ok(int rc, const char *what)
{
    const terroir_error *e = terroir_error_last();
    ck_assert_msg(rc == 0, "%s: %d %s", what, rc, rc && e ? e->message : "");
}

/* The model of `I` through the builder, validated. */
static terroir_model *build_model(const instance *I)
{
    terroir_model *m = NULL;
    char id[32];
    size_t index, n = n_nodes(I), sites[MAX_NODES];
    ok(terroir_model_new(&m), "model_new");
    for (size_t p = 0; p < I->n_products; p++) {
        terroir_product_spec ps = TERROIR_PRODUCT_SPEC_INIT;
        snprintf(id, sizeof id, "product%zu", p);
        ps.id = id;
        ok(terroir_model_add_product(m, &ps, NULL), "add_product");
    }
    for (size_t f = 0; f < I->n_farms; f++) {
        terroir_producer_spec fs = TERROIR_PRODUCER_SPEC_INIT;
        snprintf(id, sizeof id, "farm%zu", f);
        fs.id = id;
        fs.service_minutes = I->service[farm_node(f)];
        ok(terroir_model_add_producer(m, &fs, &index), "add_producer");
        ok(terroir_model_add_time_window(m, TERROIR_SITE_PRODUCER, index, I->win[farm_node(f)].open,
                                         I->win[farm_node(f)].close),
           "farm window");
        for (size_t p = 0; p < I->n_products; p++)
            if (I->supply[f][p] > 0)
                ok(terroir_model_add_supply(m, index, p, I->supply[f][p]), "add_supply");
    }
    terroir_hub_spec hs = TERROIR_HUB_SPEC_INIT;
    hs.id = "hub";
    hs.cross_dock_minutes = I->cross_dock;
    ok(terroir_model_add_hub(m, &hs, &index), "add_hub");
    ok(terroir_model_add_time_window(m, TERROIR_SITE_HUB, index, I->win[0].open, I->win[0].close),
       "hub hours");
    for (size_t q = 0; q < I->n_points; q++) {
        terroir_point_spec qs = TERROIR_POINT_SPEC_INIT;
        snprintf(id, sizeof id, "point%zu", q);
        qs.id = id;
        qs.unserved_penalty_per_kg = UNSERVED_PENALTY_PER_KG;
        qs.service_minutes = I->service[point_node(I, q)];
        ok(terroir_model_add_point(m, &qs, &index), "add_point");
        ok(terroir_model_add_time_window(m, TERROIR_SITE_POINT, index,
                                         I->win[point_node(I, q)].open,
                                         I->win[point_node(I, q)].close),
           "point window");
        for (size_t p = 0; p < I->n_products; p++)
            if (I->demand[q][p] > 0)
                ok(terroir_model_add_demand(m, index, p, I->demand[q][p]), "add_demand");
    }
    terroir_vehicle_type_spec vs = TERROIR_VEHICLE_TYPE_SPEC_INIT;
    vs.id = "van";
    vs.home_hub = 0;
    vs.count = I->count;
    vs.fixed_cost = I->fixed_cost;
    vs.cost_per_km = I->cost_per_km;
    vs.cost_per_hour = I->cost_per_hour;
    vs.trips_per_day = 1;
    ok(terroir_model_add_vehicle_type(m, &vs, NULL), "add_vehicle_type");

    ok(terroir_model_site_index(m, TERROIR_SITE_HUB, 0, &sites[0]), "hub site");
    for (size_t f = 0; f < I->n_farms; f++)
        ok(terroir_model_site_index(m, TERROIR_SITE_PRODUCER, f, &sites[farm_node(f)]),
           "farm site");
    for (size_t q = 0; q < I->n_points; q++)
        ok(terroir_model_site_index(m, TERROIR_SITE_POINT, q, &sites[point_node(I, q)]),
           "point site");
    double km[MAX_NODES * MAX_NODES], minutes[MAX_NODES * MAX_NODES];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            km[i * n + j] = I->km[i][j];
            minutes[i * n + j] = I->minutes[i][j];
        }
    ok(terroir_model_set_matrix(m, n, sites, km, minutes), "set_matrix");
    ok(terroir_model_validate(m, NULL), "validate");
    return m;
}

/* The instance node of a plan's site id (a farm or a point). */
static size_t node_of(const terroir_model *m, const instance *I, const char *site)
{
    size_t index;
    if (terroir_model_find(m, TERROIR_ENTITY_PRODUCER, site, &index) == 0)
        return farm_node(index);
    ok(terroir_model_find(m, TERROIR_ENTITY_POINT, site, &index), site);
    return point_node(I, index);
}

/* Append to a failure message. */
static void say(char *msg, size_t size, const char *fmt, ...)
{
    size_t used = strlen(msg);
    if (used + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + used, size - used, fmt, ap);
    va_end(ap);
}

/* The stops the plan's flows call for (route_build.c's rule). */
static stop_set stops_of_plan(const terroir_model *m, const instance *I, const terroir_plan *plan,
                              char *msg, size_t size)
{
    stop_set S;
    memset(&S, 0, sizeof S);
    int pick_of[MAX_NODES], del_of[MAX_NODES];
    for (size_t v = 0; v < MAX_NODES; v++)
        pick_of[v] = del_of[v] = -1;
    for (size_t i = 0; i < terroir_plan_flow_count(plan); i++) {
        terroir_plan_flow fl;
        memset(&fl, 0, sizeof fl);
        fl.version = TERROIR_PLAN_FLOW_VERSION;
        ok(terroir_plan_get_flow(plan, i, &fl), "get_flow");
        if (!fl.via || strcmp(fl.via, "hub") != 0) {
            say(msg, size, "; a flow from %s to %s not through the hub", fl.from, fl.to);
            continue;
        }
        if (!(fl.kg > 0))
            continue;
        size_t f = node_of(m, I, fl.from), q = node_of(m, I, fl.to);
        if (pick_of[f] < 0) {
            pick_of[f] = (int)S.n_pick;
            S.pick_node[S.n_pick++] = f;
        }
        if (del_of[q] < 0) {
            del_of[q] = (int)S.n_del;
            S.del_node[S.n_del++] = q;
        }
        S.feeds[del_of[q]] |= 1u << pick_of[f];
    }
    return S;
}

/* Solve `I` and hold the plan against the enumeration: every stop served
 * once, each route of one kind, every delivery route leaving after the
 * goods of its stops reached the hub (+ cross dock), routing cost = the
 * optimum.  Returns the optima with and without synchronisation. */
static void check_instance(const instance *I, double *opt_sync, double *opt_free)
{
    terroir_model *m = build_model(I);
    terroir_solve_options o;
    ok(terroir_solve_options_init(&o, TERROIR_SOLVE_OPTIONS_VERSION), "options");
    o.seed = 1;
    o.route_iterations = ROUTE_ITERATIONS;
    terroir_plan *plan = NULL;
    ok(terroir_solve(&plan, m, &o), "solve");

    char msg[2048];
    msg[0] = '\0';
    if (terroir_plan_unserved_count(plan) != 0)
        say(msg, sizeof msg, "; %zu demand lines unserved", terroir_plan_unserved_count(plan));
    stop_set S = stops_of_plan(m, I, plan, msg, sizeof msg);
    if (S.n_pick == 0 || S.n_del == 0)
        say(msg, sizeof msg, "; %zu pickups and %zu deliveries", S.n_pick, S.n_del);
    *opt_sync = optimum(I, &S, 1);
    *opt_free = optimum(I, &S, 0);
    if (!(*opt_sync < HUGE_VAL))
        say(msg, sizeof msg, "; no plan serves every stop");
    size_t n_routes = terroir_plan_route_count(plan);
    double cost = 0, back[MAX_NODES];
    for (size_t v = 0; v < MAX_NODES; v++)
        back[v] = NAN;
    int served[MAX_NODES] = {0};
    for (size_t r = 0; r < n_routes; r++) {
        terroir_plan_route route;
        memset(&route, 0, sizeof route);
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        ok(terroir_plan_get_route(plan, r, &route), "get_route");
        cost += route.cost;
        for (size_t k = 0; k < route.n_stops; k++) {
            terroir_plan_route_stop st;
            memset(&st, 0, sizeof st);
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ok(terroir_plan_get_route_stop(plan, r, k, &st), "get_route_stop");
            size_t v = node_of(m, I, st.site);
            served[v]++;
            if (st.kind == TERROIR_STOP_PICKUP)
                back[v] = route.arrival;
        }
    }
    for (size_t s = 0; s < S.n_pick; s++)
        if (served[S.pick_node[s]] != 1)
            say(msg, sizeof msg, "; pickup at farm%zu served %d times", S.pick_node[s] - 1,
                served[S.pick_node[s]]);
    for (size_t s = 0; s < S.n_del; s++)
        if (served[S.del_node[s]] != 1)
            say(msg, sizeof msg, "; delivery to point%zu served %d times",
                S.del_node[s] - 1 - I->n_farms, served[S.del_node[s]]);
    if (terroir_plan_unserved_stop_count(plan) != 0)
        say(msg, sizeof msg, "; %zu unserved stops", terroir_plan_unserved_stop_count(plan));
    if (n_routes > I->count)
        say(msg, sizeof msg, "; %zu routes for %zu vehicles", n_routes, I->count);

    /* Each route of one kind; each delivery route after its goods. */
    for (size_t r = 0; r < n_routes; r++) {
        terroir_plan_route route;
        memset(&route, 0, sizeof route);
        route.version = TERROIR_PLAN_ROUTE_VERSION;
        ok(terroir_plan_get_route(plan, r, &route), "get_route");
        size_t kinds[TERROIR_STOP_KIND_COUNT] = {0};
        for (size_t k = 0; k < route.n_stops; k++) {
            terroir_plan_route_stop st;
            memset(&st, 0, sizeof st);
            st.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
            ok(terroir_plan_get_route_stop(plan, r, k, &st), "get_route_stop");
            kinds[st.kind]++;
            if (st.kind != TERROIR_STOP_DELIVERY)
                continue;
            size_t v = node_of(m, I, st.site), d = 0;
            while (d < S.n_del && S.del_node[d] != v)
                d++;
            for (size_t p = 0; d < S.n_del && p < S.n_pick; p++) {
                size_t f = S.pick_node[p];
                if (!(S.feeds[d] & (1u << p)) || served[f] != 1)
                    continue;
                double ready = back[f] + I->cross_dock;
                if (route.departure < ready - TIME_EPS)
                    say(msg, sizeof msg,
                        "; route %zu leaves at %.1f with goods of farm%zu for %s, at the hub "
                        "(+ cross dock) at %.1f",
                        r, route.departure, f - 1, st.site, ready);
            }
        }
        if (kinds[TERROIR_STOP_DELIVERY] && kinds[TERROIR_STOP_PICKUP])
            say(msg, sizeof msg, "; route %zu mixes %zu pickups and %zu deliveries", r,
                kinds[TERROIR_STOP_PICKUP], kinds[TERROIR_STOP_DELIVERY]);
    }
    /* The library's own checker agrees that the plan is drivable. */
    terroir_route_report *rep = NULL;
    ok(terroir_route_check_plan(&rep, m, plan), "route_check_plan");
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        terroir_route_violation v;
        memset(&v, 0, sizeof v);
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ok(terroir_route_report_get_violation(rep, i, &v), "get_violation");
        say(msg, sizeof msg, "; the route checker finds %s (%s)",
            terroir_violation_kind_to_string(v.kind), v.detail ? v.detail : "");
    }
    terroir_route_report_free(rep);
    if (!(fabs(cost - *opt_sync) <= COST_RTOL * fmax(1.0, *opt_sync)))
        say(msg, sizeof msg, "; routing cost differs from the optimum");
    /* Freed before asserting: a failure must not show as a leak under
     * valgrind (CK_FORK=no). */
    terroir_plan_free(plan);
    terroir_model_free(m);
    ck_assert_msg(msg[0] == '\0',
                  "%s, seed %lu: plan routing cost %.6f, optimum %.6f (%.6f without "
                  "synchronisation)%s",
                  I->name, I->seed, cost, *opt_sync, *opt_free, msg);
}

/* ------------------------------------------------------------------ tests */

START_TEST(plan_routes_random_hub_at_the_synchronised_optimum)
{
    instance I;
    double with, without;
    random_instance(&I, 1000UL + (unsigned long)_i);
    check_instance(&I, &with, &without);
}
END_TEST

START_TEST(delivery_route_waits_for_the_farm_and_reorders)
{
    instance I;
    double with, without;
    hand_reorder(&I);
    check_instance(&I, &with, &without);
    ck_assert_msg(with > without + 1e-6, "the release should bind: %.6f vs %.6f", with, without);
}
END_TEST

START_TEST(collection_takes_the_dearer_order_that_returns_in_time)
{
    instance I;
    double with, without;
    hand_collection_order(&I);
    check_instance(&I, &with, &without);
    ck_assert_msg(with > without + 1e-6, "the release should bind: %.6f vs %.6f", with, without);
}
END_TEST

START_TEST(release_calls_for_a_third_vehicle)
{
    instance I;
    double with, without;
    hand_third_vehicle(&I);
    check_instance(&I, &with, &without);
    ck_assert_msg(with > without + 1e-6, "the release should bind: %.6f vs %.6f", with, without);
}
END_TEST

/* The enumeration itself on the hand-made cases, by hand: a test of the
 * test, independent of the library. */
START_TEST(enumeration_finds_the_hand_computed_optima)
{
    instance I;
    hand_reorder(&I);
    stop_set S = worst_stops(&I, 1u);
    /* Collection H-F-H: 60 km, 06:00-07:00 -> 10 + 60 + 30 = 100.
     * Without release: H-A-B-C-H 40 km, 40 min -> 10 + 40 + 20 = 70.
     * With release 07:30: H-B-A-C-H or H-B-C-A-H, 50 km, 50 min -> 85. */
    ck_assert_double_eq_tol(optimum(&I, &S, 0), 170.0, 1e-9);
    ck_assert_double_eq_tol(optimum(&I, &S, 1), 185.0, 1e-9);
    hand_third_vehicle(&I);
    S = worst_stops(&I, 1u);
    /* Collection 40 + 60 + 30 = 130.  Without release: H-A-B-H 40 km,
     * 40 min -> 40 + 40 + 20 = 100.  With: H-A-H and H-B-H, 20 km and
     * 20 min each -> 2 x (40 + 20 + 10) = 140. */
    ck_assert_double_eq_tol(optimum(&I, &S, 0), 230.0, 1e-9);
    ck_assert_double_eq_tol(optimum(&I, &S, 1), 270.0, 1e-9);
    I.count = 2;
    ck_assert(optimum(&I, &S, 1) == HUGE_VAL);
}
END_TEST

/* Every order of the farms and of the points of one random instance as
 * a single route, from the hub's opening: the schedule the enumeration
 * computes (feasible or not, cost, return) is the route checker's
 * (terroir_route_check), a test of the test. */
static void check_orders_against_checker(const instance *I, const terroir_model *m, size_t *nodes,
                                         size_t n, size_t fixed)
{
    if (fixed < n) {
        for (size_t k = fixed; k < n; k++) {
            size_t tmp = nodes[fixed];
            nodes[fixed] = nodes[k];
            nodes[k] = tmp;
            check_orders_against_checker(I, m, nodes, n, fixed + 1);
            nodes[k] = nodes[fixed];
            nodes[fixed] = tmp;
        }
        return;
    }
    route_option mine;
    int feasible = evaluate(I, nodes, n, I->win[0].open, &mine);
    terroir_routes *rs = NULL;
    size_t r;
    ok(terroir_routes_new(&rs), "routes_new");
    ok(terroir_routes_add(rs, "van", &r), "routes_add");
    size_t sites[MAX_NODES];
    for (size_t k = 0; k < n; k++) {
        terroir_route_stop_spec st = TERROIR_ROUTE_STOP_SPEC_INIT;
        ok(terroir_model_site_index(
               m, nodes[k] <= I->n_farms ? TERROIR_SITE_PRODUCER : TERROIR_SITE_POINT,
               nodes[k] <= I->n_farms ? nodes[k] - 1 : nodes[k] - 1 - I->n_farms, &sites[k]),
           "site_index");
        st.site = terroir_model_site_id(m, sites[k]);
        ok(terroir_routes_add_stop(rs, r, &st), "routes_add_stop");
    }
    terroir_route_report *rep = NULL;
    ok(terroir_route_check(&rep, m, rs), "route_check");
    int late = 0;
    for (size_t i = 0; i < terroir_route_report_violation_count(rep); i++) {
        terroir_route_violation v;
        memset(&v, 0, sizeof v);
        v.version = TERROIR_ROUTE_VIOLATION_VERSION;
        ok(terroir_route_report_get_violation(rep, i, &v), "get_violation");
        late |= v.kind == TERROIR_VIOLATION_TIME_WINDOW || v.kind == TERROIR_VIOLATION_HUB_HOURS;
    }
    terroir_plan_route pr;
    memset(&pr, 0, sizeof pr);
    pr.version = TERROIR_PLAN_ROUTE_VERSION;
    ok(terroir_route_report_get_route(rep, 0, &pr), "get_route");
    ck_assert_msg(feasible == !late, "seed %lu: enumeration %s a route the checker finds %s",
                  I->seed, feasible ? "accepts" : "rejects", late ? "late" : "in time");
    if (feasible) {
        ck_assert_msg(fabs(mine.cost - pr.cost) <= COST_RTOL * fmax(1.0, pr.cost),
                      "seed %lu: route cost %.6f, checker %.6f", I->seed, mine.cost, pr.cost);
        ck_assert_double_eq_tol(mine.back, pr.arrival, TIME_EPS);
    }
    terroir_route_report_free(rep);
    terroir_routes_free(rs);
}

START_TEST(enumeration_schedules_routes_as_the_route_checker)
{
    for (unsigned long seed = 1000; seed < 1000 + RANDOM_INSTANCES; seed++) {
        instance I;
        random_instance(&I, seed);
        terroir_model *m = build_model(&I);
        size_t nodes[MAX_NODES];
        for (size_t f = 0; f < I.n_farms; f++)
            nodes[f] = farm_node(f);
        check_orders_against_checker(&I, m, nodes, I.n_farms, 0);
        for (size_t q = 0; q < I.n_points; q++)
            nodes[q] = point_node(&I, q);
        check_orders_against_checker(&I, m, nodes, I.n_points, 0);
        terroir_model_free(m);
    }
}
END_TEST

static Suite *sync_brute_suite(void)
{
    Suite *s = suite_create("sync_brute");
    TCase *tc = tcase_create("brute_force");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, enumeration_finds_the_hand_computed_optima);
    tcase_add_test(tc, enumeration_schedules_routes_as_the_route_checker);
    tcase_add_test(tc, delivery_route_waits_for_the_farm_and_reorders);
    tcase_add_test(tc, collection_takes_the_dearer_order_that_returns_in_time);
    tcase_add_test(tc, release_calls_for_a_third_vehicle);
    tcase_add_loop_test(tc, plan_routes_random_hub_at_the_synchronised_optimum, 0,
                        RANDOM_INSTANCES);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sync_brute_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
