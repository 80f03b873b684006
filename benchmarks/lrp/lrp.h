/* The CLRP benchmark runner (benchmarks/lrp/): an instance as the runner
 * reads it itself from the .dat file (never through terroir's importer), a
 * solution as plain routes, and the independent check of one against the
 * other.  See README.md in this folder. */
#ifndef LRP_H
#define LRP_H

#include <stddef.h>

/* A CLRP instance, read by lrp_instance.c from Prodhon's .dat format. */
typedef struct lrp_instance {
    char name[256];                                 /* file name without folder and ".dat" */
    size_t n, m;                                    /* customers, depots */
    double *depot_x, *depot_y, *capacity, *opening; /* m each: x, y, W, O */
    double *cust_x, *cust_y, *demand;               /* n each */
    double q, f;                                    /* vehicle capacity, fixed cost per route */
    int flag;                                       /* 0: ceil(100 * euclid); 1: Euclidean */
} lrp_instance;

/* Read `path`.  Returns 0, or -1 with a message in `err` (size `n_err`). */
int lrp_instance_read(lrp_instance *inst, const char *path, char *err, size_t n_err);
void lrp_instance_free(lrp_instance *inst);

/* Distance between two points by the instance's convention: ceil(100 d)
 * (an integer 100 d up to 1e-9 is not rounded up) or d. */
double lrp_distance(const lrp_instance *inst, double x1, double y1, double x2, double y2);

/* One route of a solution: its home depot's id and its stops' ids, with the
 * kg delivered at each stop (NAN when unknown). */
typedef struct lrp_route {
    char *hub;
    size_t n_stops;
    char **stops;
    double *kg;
} lrp_route;

/* A solution to check: from a terroir plan (lrp_bench.c) or from a routes
 * file (lrp_solution_read(), written by plan_routes.py from a plan JSON). */
typedef struct lrp_solution {
    char status[32];
    double objective; /* what the solver claims; NAN when unknown */
    size_t n_open;
    char **open; /* ids of the hubs open in the plan */
    size_t n_routes, cap_routes;
    lrp_route *routes;
} lrp_solution;

/* Append a route (strings copied); returns 0 or -1 (out of memory). */
int lrp_solution_add_route(lrp_solution *s, const char *hub);
int lrp_solution_add_stop(lrp_solution *s, const char *site, double kg);
int lrp_solution_add_open(lrp_solution *s, const char *hub);
void lrp_solution_free(lrp_solution *s);

/* Read a routes file:
 *   status WORD
 *   objective NUMBER
 *   open ID...
 *   route HUB [SITE:KG]...
 * Returns 0, or -1 with a message in `err`. */
int lrp_solution_read(lrp_solution *s, const char *path, char *err, size_t n_err);

/* What the check found. */
typedef struct lrp_check {
    double cost; /* recomputed: opening of depots used + F x routes + arcs */
    double opening, fixed, arcs;
    size_t depots_used; /* depots with at least one route */
    size_t routes;
    size_t errors; /* violations and mismatches found */
    /* One line per finding: "error: ...\n" (counted in errors) or
     * "note: ...\n" (a depot open in the plan without routes: allowed, but
     * its opening cost is not in `cost`); NULL when none. */
    char *messages;
    size_t len, cap;
} lrp_check;

/* Check `sol` against `inst`: every customer served exactly once, in full;
 * routes start at a depot; vehicle capacity per route; depot capacity
 * (sum of its routes' loads); the cost recomputed from the raw
 * coordinates; the plan's open hubs against the depots used; the plan's
 * objective against the recomputed cost (relative 1e-6).  Returns 0, or -1
 * when memory ran out. */
int lrp_check_solution(const lrp_instance *inst, const lrp_solution *sol, lrp_check *out);
void lrp_check_free(lrp_check *c);

#endif
