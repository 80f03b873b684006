/* Benchmark: the C side of the bindings' per-call overhead measurement
 * (bindings_bench.py is the Python side; run.sh runs both and prints the
 * ratio).  Same work on both sides, public API only:
 *   build      terroir_model_new(), one terroir_model_add_* call per
 *              entity, supply and demand line, terroir_model_validate();
 *   solve      terroir_solve() (routing bounded by --route-seconds: the
 *              plan differs a little between runs, its size does not);
 *   read back  terroir_plan_get_route() and terroir_plan_get_route_stop()
 *              for every route and stop, every field touched.
 * Building and reading back run --runs times each; the medians are printed
 * as `key value` lines, with the plan's size and a checksum of the model
 * (which must equal the Python side's: both build the same network from the
 * same 64-bit LCG; see bindings_bench.py for the network).
 *
 * Usage: bindings_bench [--sites N] [--runs R] [--route-seconds S] [--seed S] */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <terroir/terroir.h>

#define HUBS 20
#define PRODUCTS 4
#define MAX_RUNS 51

static const char *const product_ids[PRODUCTS] = {"p0", "p1", "p2", "p3"};
static const terroir_temperature product_classes[PRODUCTS] = {
    TERROIR_TEMPERATURE_AMBIENT, TERROIR_TEMPERATURE_AMBIENT, TERROIR_TEMPERATURE_CHILLED,
    TERROIR_TEMPERATURE_FROZEN};

/* Knuth's MMIX LCG; uniform numbers from the top 53 bits. */
typedef struct lcg {
    uint64_t x;
} lcg;

static double lcg_uniform(lcg *r)
{
    r->x = r->x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(r->x >> 11) * (1.0 / 9007199254740992.0);
}

static size_t lcg_below(lcg *r, size_t n)
{
    return (size_t)(lcg_uniform(r) * (double)n);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void set_location(terroir_location *loc, lcg *r)
{
    loc->has_location = 1;
    loc->lat = 45.0 + lcg_uniform(r);
    loc->lon = -74.0 + 2.0 * lcg_uniform(r);
}

/* The network of bindings_bench.py, in the same order of calls and draws.
 * Returns 0 or a terroir error code; *out only on success. */
static int build(terroir_model **out, size_t sites, uint64_t seed)
{
    lcg r = {seed};
    terroir_model *m = NULL;
    char id[32];
    size_t producers = sites / 5, points = sites - producers - HUBS;
    int rc;

    if ((rc = terroir_model_new(&m)) != 0)
        return rc;
    terroir_settings s;
    terroir_settings_init(&s, TERROIR_SETTINGS_VERSION);
    s.name = "bindings benchmark";
    if ((rc = terroir_model_set_settings(m, &s)) != 0)
        goto fail;
    for (size_t p = 0; p < PRODUCTS; p++) {
        terroir_product_spec spec;
        terroir_product_spec_init(&spec, TERROIR_PRODUCT_SPEC_VERSION);
        spec.id = product_ids[p];
        spec.temperature = product_classes[p];
        if ((rc = terroir_model_add_product(m, &spec, NULL)) != 0)
            goto fail;
    }
    for (size_t h = 0; h < HUBS; h++) {
        terroir_hub_spec hub;
        terroir_hub_spec_init(&hub, TERROIR_HUB_SPEC_VERSION);
        snprintf(id, sizeof id, "h%zu", h);
        hub.id = id;
        set_location(&hub.location, &r);
        if ((rc = terroir_model_add_hub(m, &hub, NULL)) != 0)
            goto fail;
        terroir_vehicle_type_spec v;
        terroir_vehicle_type_spec_init(&v, TERROIR_VEHICLE_TYPE_SPEC_VERSION);
        snprintf(id, sizeof id, "v%zu", h);
        v.id = id;
        v.home_hub = h;
        v.count = 10;
        v.capacity = (const double[]){4000.0}; /* kg; m3 and pallets unlimited */
        v.n_dimensions = 1;
        v.temperatures = 7u;
        v.cost_per_km = 1.0;
        v.cost_per_hour = 30.0;
        v.max_duration_minutes = 600.0;
        if ((rc = terroir_model_add_vehicle_type(m, &v, NULL)) != 0)
            goto fail;
    }
    for (size_t i = 0; i < producers; i++) {
        terroir_producer_spec f;
        terroir_producer_spec_init(&f, TERROIR_PRODUCER_SPEC_VERSION);
        snprintf(id, sizeof id, "f%zu", i);
        f.id = id;
        set_location(&f.location, &r);
        if ((rc = terroir_model_add_producer(m, &f, NULL)) != 0)
            goto fail;
        size_t first = lcg_below(&r, PRODUCTS);
        if ((rc = terroir_model_add_supply(m, i, first, 200.0 + 400.0 * lcg_uniform(&r))) != 0 ||
            (rc = terroir_model_add_supply(m, i, (first + 1) % PRODUCTS,
                                           200.0 + 400.0 * lcg_uniform(&r))) != 0)
            goto fail;
    }
    for (size_t i = 0; i < points; i++) {
        terroir_point_spec d;
        terroir_point_spec_init(&d, TERROIR_POINT_SPEC_VERSION);
        snprintf(id, sizeof id, "d%zu", i);
        d.id = id;
        set_location(&d.location, &r);
        d.priority = 1 + (unsigned int)lcg_below(&r, 5);
        if ((rc = terroir_model_add_point(m, &d, NULL)) != 0)
            goto fail;
        size_t product = lcg_below(&r, PRODUCTS);
        if ((rc = terroir_model_add_demand(m, i, product, 5.0 + 20.0 * lcg_uniform(&r))) != 0)
            goto fail;
        if (lcg_uniform(&r) < 0.5) {
            product = lcg_below(&r, PRODUCTS);
            if ((rc = terroir_model_add_demand(m, i, product, 5.0 + 20.0 * lcg_uniform(&r))) != 0)
                goto fail;
        }
    }
    if ((rc = terroir_model_validate(m, NULL)) != 0)
        goto fail;
    *out = m;
    return 0;
fail:
    terroir_model_free(m);
    return rc;
}

typedef struct checksum {
    size_t routes, stops;
    double km, kg;
} checksum;

/* Every route and stop of the plan, every field read. */
static int read_back(const terroir_plan *plan, checksum *sum)
{
    terroir_plan_route route;
    terroir_plan_route_stop stop;
    double touched = 0.0;
    int rc;

    memset(sum, 0, sizeof *sum);
    route.version = TERROIR_PLAN_ROUTE_VERSION;
    stop.version = TERROIR_PLAN_ROUTE_STOP_VERSION;
    sum->routes = terroir_plan_route_count(plan);
    for (size_t i = 0; i < sum->routes; i++) {
        if ((rc = terroir_plan_get_route(plan, i, &route)) != 0)
            return rc;
        sum->km += route.km;
        touched += route.minutes + route.cost + route.co2_kg + route.departure +
                   route.arrival + route.load_start[0] + (double)route.day +
                   (double)route.vehicle + (double)strlen(route.vehicle_type) +
                   (double)strlen(route.hub);
        for (size_t k = 0; k < route.n_stops; k++) {
            if ((rc = terroir_plan_get_route_stop(plan, i, k, &stop)) != 0)
                return rc;
            sum->stops++;
            sum->kg += stop.delivery[TERROIR_DIMENSION_KG] + stop.pickup[TERROIR_DIMENSION_KG];
            for (int d = 0; d < TERROIR_DIMENSION_COUNT; d++)
                touched += stop.delivery[d] + stop.pickup[d] + stop.load[d];
            touched += stop.arrival + stop.start + stop.departure + (double)stop.kind +
                       (double)stop.temperatures + (double)strlen(stop.site);
        }
    }
    /* Keep the reads: a compiler may not drop them. */
    return isnan(touched) ? TERROIR_EINTERNAL : 0;
}

/* Sum of the model's quantities and coordinates, to compare with Python. */
static double model_checksum(const terroir_model *m)
{
    double sum = 0.0, q;
    size_t product;
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_PRODUCER); i++)
        for (size_t k = 0; k < terroir_model_supply_count(m, i); k++)
            if (terroir_model_get_supply(m, i, k, &product, &q) == 0)
                sum += q * (double)(product + 1);
    for (size_t i = 0; i < terroir_model_count(m, TERROIR_ENTITY_POINT); i++)
        for (size_t k = 0; k < terroir_model_demand_count(m, i); k++)
            if (terroir_model_get_demand(m, i, k, &product, &q) == 0)
                sum += q * (double)(product + 1);
    return sum;
}

static int usage(void)
{
    fprintf(stderr, "usage: bindings_bench [--sites N] [--runs R] [--route-seconds S] "
                    "[--seed S]\n");
    return 2;
}

int main(int argc, char **argv)
{
    size_t sites = 5000;
    int runs = 5;
    double route_seconds = 5.0, build_t[MAX_RUNS], read_t[MAX_RUNS], t0, solve_seconds;
    unsigned long seed = 1;
    terroir_model *model = NULL;
    terroir_plan *plan = NULL;
    checksum sum = {0};
    int rc = 0, status = 1;

    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc)
            return usage();
        if (strcmp(argv[i], "--sites") == 0)
            sites = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--runs") == 0)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--route-seconds") == 0)
            route_seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoul(argv[++i], NULL, 10);
        else
            return usage();
    }
    if (runs < 1 || runs > MAX_RUNS || sites < HUBS + 10 || !(route_seconds > 0))
        return usage();

    for (int r = 0; r < runs; r++) {
        terroir_model_free(model);
        model = NULL;
        t0 = now();
        if ((rc = build(&model, sites, seed)) != 0)
            goto done;
        build_t[r] = now() - t0;
    }
    terroir_solve_options opts = TERROIR_SOLVE_OPTIONS_INIT;
    opts.seed = 1;
    opts.route_seconds = route_seconds;
    t0 = now();
    if ((rc = terroir_solve(&plan, model, &opts)) != 0)
        goto done;
    solve_seconds = now() - t0;
    for (int r = 0; r < runs; r++) {
        t0 = now();
        if ((rc = read_back(plan, &sum)) != 0)
            goto done;
        read_t[r] = now() - t0;
    }
    terroir_plan_summary s;
    terroir_plan_summary_init(&s, TERROIR_PLAN_SUMMARY_VERSION);
    terroir_plan_get_summary(plan, &s);
    printf("language c\n");
    printf("sites %zu\n", terroir_model_site_count(model));
    printf("model_checksum %.6f\n", model_checksum(model));
    printf("build_seconds %.6f\n", median(build_t, runs));
    printf("solve_seconds %.6f\n", solve_seconds);
    printf("readback_seconds %.6f\n", median(read_t, runs));
    printf("routes %zu\n", sum.routes);
    printf("stops %zu\n", sum.stops);
    printf("route_km %.6f\n", sum.km);
    printf("stop_kg %.6f\n", sum.kg);
    printf("objective %.6f\n", s.objective);
    status = 0;
done:
    if (rc != 0) {
        const terroir_error *e = terroir_error_last();
        fprintf(stderr, "bindings_bench: %s\n", e ? e->message : terroir_strerror(rc));
    }
    terroir_plan_free(plan);
    terroir_model_free(model);
    return status;
}
