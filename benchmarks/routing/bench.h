/* The routing benchmark runner's shared types: benchmark sets and their
 * instances (bench_sets.c), a solution as plain route lists (bench_solve.c
 * makes one from a solve), and the re-check of a solution against the
 * model (bench_check.c).  The driver is routing_bench.c.
 *
 * bench_fleet.c copies a model with a fixed fleet size (A/B/P).
 *
 * Everything here uses the public API only. */
#ifndef ROUTING_BENCH_H
#define ROUTING_BENCH_H

#include <stddef.h>

#include <terroir/terroir.h>

/* ---- sets and instances (bench_sets.c) */

typedef enum bench_set_id { BENCH_X, BENCH_ABP, BENCH_SOLOMON, BENCH_CORDEAU } bench_set_id;

typedef struct bench_set {
    bench_set_id id;
    const char *name;      /* "x", "abp", "solomon", "cordeau" */
    const char *folder;    /* under the data root: "cvrplib-x", ... */
    const char *extension; /* of instance files: ".vrp", ".txt", "" */
    terroir_format format;
    const char *convention; /* cost convention, for the table header */
    int fleet_from_name;    /* 1: solve with the k vehicles of the name "...-k<k>" */
} bench_set;

typedef struct bench_instance {
    char name[64];
    char path[1024];
    double bks;
    double bks_half_ulp; /* half a unit of the BKS's last published digit */
    int bks_optimal;     /* 1 when bks.tsv says optimal_proven = yes */
    size_t n;            /* customers; 0 until known */
} bench_instance;

/* The set named `name`, or NULL. */
const bench_set *bench_set_find(const char *name);

/* The instances of `set` listed in DATA_ROOT/FOLDER/bks.tsv, in file order,
 * restricted to the comma-separated names or fnmatch() patterns of `only`
 * (NULL: all), then to the `smallest` with the fewest customers (0: all;
 * ties by name; customers counted by importing each file).  Returns the
 * count and a new array in *out (free with free()), or (size_t)-1 with a
 * message on stderr. */
size_t bench_instances(const bench_set *set, const char *data_root, const char *only,
                       size_t smallest, bench_instance **out);

/* ---- fleet size (bench_fleet.c) */

/* A validated copy of benchmark model `src` whose vehicle types have
 * `count` vehicles each.  Returns 0 (*out: free with terroir_model_free())
 * or a negative terroir code (TERROIR_EINVAL for a model with producers, a
 * matrix or listed arcs). */
int bench_with_fleet(terroir_model **out, const terroir_model *src, size_t count);

/* ---- a solution (bench_solve.c) */

typedef struct bench_route {
    size_t type;    /* vehicle type index in the model */
    size_t *points; /* point indices in visiting order */
    size_t n;
    double km;   /* as the solver reported it */
    double cost; /* as the solver reported it */
} bench_route;

typedef struct bench_solution {
    bench_route *routes;
    size_t n_routes;
    double cost;              /* the solver's total (routes only) */
    double seconds;           /* wall clock of the solve call */
    double polish_gain;       /* money the set-partitioning polish saved; NaN unknown */
    size_t n_unserved;        /* stops the solver left unserved */
    char status[32];          /* the plan's status */
    const terroir_plan *plan; /* the plan (public path), NULL otherwise */
} bench_solution;

typedef struct bench_solve_params {
    double seconds; /* time limit per instance */
    unsigned long seed;
    unsigned long iterations; /* 0: time-based */
    int polish;               /* 1: set-partitioning polish */
} bench_solve_params;

/* Solve `model` (routing only) and describe the routes.  Returns 0, or a
 * negative terroir code with the last error set (message printed by the
 * caller).  Free with bench_solution_free(). */
int bench_solve(const terroir_model *model, const bench_solve_params *params, bench_solution *out);
void bench_solution_free(bench_solution *s);

/* Instead of solving: the published solution PATH (CVRPLIB .sol format,
 * "Route #r: c1 c2 ..." lines with the points' numbers, then "Cost V"),
 * driven by vehicle type 0, reported cost = the file's Cost line.  Used to
 * validate the re-check itself on solutions known to be feasible.  Returns
 * 0, or -1 with a message on stderr. */
int bench_read_published(const terroir_model *model, const char *path, bench_solution *out);

/* A short description of the solve path, for the table header. */
const char *bench_solve_path(void);

/* ---- the re-check (bench_check.c) */

typedef struct bench_check {
    int ok;                    /* 1 when every check passed */
    double cost;               /* recomputed: sum over routes of the model's distances */
    char why[256];             /* the first problem found, "" when ok */
    int public_checked;        /* 1 when the public route checker ran */
    double checker_cost;       /* its cost (NaN when it did not run) */
    size_t checker_violations; /* violations it found in the rebuilt routes */
} bench_check;

/* Re-check `sol` against `model` independently of the solver: every point
 * served exactly once, fleet size per type, capacity, time windows (with
 * waiting), hub hours and maximum duration, recomputed distances; then,
 * with the public API, the routes rebuilt stop by stop (quantities from the
 * model) and checked by terroir_route_check(), and the plan's own routes by
 * terroir_route_check_plan(): any violation, or any cost that differs from
 * the recomputed one by more than 1e-6 relative, fails the check. */
void bench_check_solution(const terroir_model *model, const bench_solution *sol, bench_check *out);

#endif
