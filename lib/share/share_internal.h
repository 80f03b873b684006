/* Internal layout of terroir_share, and the coalition-cost side of the
 * module (sub-models and their solves), kept apart from the game maths of
 * game.h. */
#ifndef TERROIR_SHARE_INTERNAL_H
#define TERROIR_SHARE_INTERNAL_H

#include <stdint.h>

#include <terroir/share.h>

#include "share/game.h"

/* One coalition solved (or given). */
typedef struct share_coal {
    uint64_t members;
    double cost, operating, penalty;
    terroir_status status;
    double seconds;
    int artefact;
    uint64_t partition;
    double partition_cost;
    /* Warm start (coalition_solve.c): the cost of the cold solve, of the
     * solve with the candidate hubs fixed as the best superset opened them
     * (NaN when there was none), and 1 when the latter is cost (strictly
     * lower). */
    double cold_cost, warm_cost;
    int warm_started;
} share_coal;

struct terroir_share {
    size_t n;
    char **ids, **names;
    int exact;
    share_coal *coal; /* sorted by members */
    size_t n_coal;
    double *standalone;
    double *alloc[TERROIR_SHARE_METHOD_COUNT];   /* n each, or NULL when not computed */
    double *shapley_half_width;                 /* n, or NULL */
    share_excess *blocking[TERROIR_SHARE_METHOD_COUNT];
    size_t n_blocking[TERROIR_SHARE_METHOD_COUNT];
    double grand, least_core;
    int core_empty;
    size_t n_artefacts, samples;
    size_t n_warm; /* coalitions whose cost is their warm solve's */
    double seconds;
    /* copy of the options' definitions, for the JSON header */
    unsigned long seed, route_iterations;
    double coalition_seconds;
};

/* TERROIR_EINPUT naming the first point without a member (file:line:col
 * when loaded from a file), else 0. */
int share__points_have_members(const terroir_model *m);

/* The validated sub-model of coalition S (bit set of member indices) and
 * its number of points.  A coalition with no site gives an empty,
 * unvalidated model.  Errors from the builder or the validation. */
int share__sub_model(const terroir_model *m, uint64_t S, terroir_model **out,
                     size_t *out_points);

/* The same with hubs fixed: hub_fix (NULL: none) has one entry per hub of
 * m, SHARE_HUB_KEEP to keep the hub's status, TERROIR_HUB_OPEN or
 * TERROIR_HUB_CLOSED to replace a candidate hub's status in the sub-model
 * (a hub whose status is not candidate keeps it).  hub_map (NULL: not
 * wanted) receives per hub of m its index in the sub-model, or SIZE_MAX when
 * the coalition does not have it. */
#define SHARE_HUB_KEEP (-1)
int share__sub_model_fixed(const terroir_model *m, uint64_t S, const int *hub_fix,
                           size_t *hub_map, terroir_model **out, size_t *out_points);

/* Solve the coalitions coal[0..n_coal) (sorted by members; members set,
 * the rest is filled) with `threads` threads, largest first, each warm
 * started from its solved supersets with one member more (coalition_solve.c)
 * unless `warm` is 0; the grand coalition `full` solves the model itself.
 * Errors: the first failing coalition's, with its members named. */
int share__solve_coalitions(const terroir_model *m, share_coal *coal, size_t n_coal,
                            uint64_t full, const terroir_share_options *opts,
                            double coalition_seconds, unsigned int threads, int warm);

/* Fill the allocations, core checks and artefacts of an exact result whose
 * coal[] holds all 2^n - 1 coalitions in order. */
int share__analyse_exact(terroir_share *sh, unsigned int methods);

#endif
