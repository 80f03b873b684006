/* The regional benchmark's measurement of one region (region_run.c): load,
 * solve end to end, the no-hub baseline, and the figures of the table.
 * The driver (regions.c) runs each region in its own process and prints
 * the table.  Public API only. */
#ifndef REGIONS_REGION_H
#define REGIONS_REGION_H

#include <stddef.h>

#include <terroir/terroir.h>

typedef struct region_params {
    double time_limit;              /* terroir_solve() time limit, seconds */
    unsigned long seed;
    double baseline_time;           /* terroir_baseline_direct() limit; 0: none */
    unsigned long baseline_iterations; /* per producer; 0: the library's default */
} region_params;

/* Plain data, sent from the child to the parent through a pipe. */
typedef struct region_result {
    int ok;                         /* 1: every step ran */
    char error[200];                /* what failed, when ok = 0 */
    size_t producers, hubs, points, vehicles;
    double load_seconds;
    double stage_seconds[TERROIR_STAGE_COUNT];
    double solve_seconds;           /* terroir_solve() wall clock */
    long solve_peak_kb;             /* peak resident memory after load and solve */
    char status[24];
    double objective, demand_kg, served_kg;
    size_t hubs_open, routes, stops, unserved_stops;
    double km, tonne_km, co2_kg, routed_cost;
    double transport_estimate, estimate_error; /* the plan's calibrated estimate of routed_cost */
    terroir_baseline baseline;
} region_result;

/* Load `path`, solve it, compute its baseline.  Fills *r (r->ok = 0 and
 * r->error on failure); never exits. */
void region_run(const char *path, const region_params *p, region_result *r);

#endif
