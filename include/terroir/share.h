/* terroir: sharing the cost of a shared network among its members
 * (cooperative game theory).
 *
 * Several organisations (the model's members, see model.h) pool hubs,
 * farms' supply and trucks.  Pooling pays only if each member accepts its
 * bill, so this module computes the cost game of the network and four ways
 * to split the grand coalition's cost:
 *
 *   stand-alone cost  c({i}): what member i pays when it plans alone;
 *   Shapley value     average marginal cost over all orders of joining;
 *   nucleolus         lexicographically smallest complaint x(S) - c(S)
 *                     (sequence of LPs, Maschler, Peleg & Shapley 1979);
 *   EPM               equal-profit method (Frisk, Goethe-Lundgren, Joernsten
 *                     & Roennqvist 2010): the allocation in the core whose
 *                     members' relative savings differ the least.
 *
 * The cost of a coalition S, c(S), is the objective of the plan that
 * terroir_solve() finds for the sub-model that keeps only S: the members
 * outside S, with their producers, hubs, points and vehicle types, are
 * absent; entities without a member (shared: an independent farm, a rented
 * depot, a pooled truck) belong to every coalition; a vehicle type whose home
 * hub is absent is absent.  Every point must have a member (its demand is
 * what a coalition serves).  c(S) = operating cost (hub fixed costs,
 * handling, transport, vehicle fixed costs, priced CO2) + the penalty of the
 * demand of S left unserved (each point's unserved_penalty_per_kg, or its
 * priority's default): a coalition that cannot reach a point pays for the
 * food it fails to bring.  The grand coalition's plan is the plan of the
 * whole model.
 *
 * An entity without a member is available in full to every coalition: a
 * farm's whole supply, a hub's whole capacity.  Where members compete for
 * such a resource, each of them alone looks better off than it is; give
 * every scarce resource a member (the shipped datasets do).
 *
 * Coalitions are solved largest first.  A coalition S is solved cold, then,
 * when a superset S + {j} was solved (always, when every coalition is), once
 * more with its candidate hubs fixed as the cheapest such superset's plan has
 * them (ties: lowest j): open where that plan opened them (paying their fixed
 * costs), closed elsewhere.  c(S) is the cheaper of the two solves (the cold
 * one on a tie); terroir_share_coalition says which, with both costs.  No
 * warm solve for a coalition without candidate hubs or without producers.
 * The result does not depend on the number of threads.
 *
 * Coalition costs come from heuristic solves, so the game may break
 * properties that the true optimum has: a coalition may cost more than the
 * sum of a partition of it (with exact costs and no member-less resource,
 * it never does: the parts could plan apart).  Such coalitions are reported
 * (artefacts), never hidden or repaired.  Up to TERROIR_SHARE_EXACT_MAX members every one of
 * the 2^n - 1 coalitions is solved and every method is exact on that game;
 * beyond, only the Shapley value is estimated, by sampling orders of joining
 * (with a 95% confidence half-width per member), and the nucleolus, EPM and
 * core check are not computed (NaN). */
#ifndef TERROIR_SHARE_H
#define TERROIR_SHARE_H

#include "solve.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Members up to which every coalition is solved (2^10 - 1 = 1,023). */
#define TERROIR_SHARE_EXACT_MAX 10
/* Most members a computation accepts (coalitions are bit sets). */
#define TERROIR_SHARE_MAX_MEMBERS 63

typedef enum terroir_share_method {
    TERROIR_SHARE_SHAPLEY = 0,
    TERROIR_SHARE_NUCLEOLUS = 1,
    TERROIR_SHARE_EPM = 2
} terroir_share_method;
#define TERROIR_SHARE_METHOD_COUNT 3
/* "shapley", "nucleolus", "epm"; "unknown" otherwise. */
TERROIR_API const char *terroir_share_method_to_string(terroir_share_method method);

typedef struct terroir_share_options {
    unsigned int version;
    /* Bit set of (1u << terroir_share_method); default all. */
    unsigned int methods;
    /* For the whole computation, split evenly over the solves (each gets
     * time_limit x threads / (2 x coalitions - 1): a coalition may solve
     * twice, cold and warm); 0 (default): none.
     * With a time limit the coalition plans depend on the machine's speed. */
    double time_limit_seconds;
    /* Per coalition: the solve's seed and routing iterations without
     * improvement (terroir_solve_options.route_iterations).  With no time
     * limit the same seed gives the same costs and shares on every run.
     * Defaults 1 and 200. */
    unsigned long seed;
    unsigned long route_iterations;
    /* Time limit in seconds of each solve of a coalition (0, the default:
     * none, or the share of time_limit_seconds; the smaller applies). */
    double coalition_seconds;
    /* Threads solving coalitions at once; 0 (default): 2. */
    unsigned int threads;
    /* Orders of joining sampled for the Shapley value beyond
     * TERROIR_SHARE_EXACT_MAX members; default 100. */
    size_t samples;
    /* Receives the solvers' log lines of every coalition (from several
     * threads at once: the callback must be thread-safe); NULL: none. */
    terroir_log_fn log;
    void *log_data;
} terroir_share_options;
#define TERROIR_SHARE_OPTIONS_VERSION 1
#define TERROIR_SHARE_OPTIONS_INIT                                             \
    { TERROIR_SHARE_OPTIONS_VERSION, 0x7u, 0.0, 1, 200, 0.0, 0, 100, NULL, NULL }
TERROIR_API int terroir_share_options_init(terroir_share_options *opts, unsigned int version);

/* The result (opaque); owns copies of everything it reports. */
typedef struct terroir_share terroir_share;

/* Compute the cost game of a validated model with members and its
 * allocations.  opts may be NULL for the defaults.  *out only on success,
 * freed with terroir_share_free().  Errors: TERROIR_EINVAL (NULL, model not
 * validated, bad options), TERROIR_EINPUT (fewer than 2 members, more than
 * TERROIR_SHARE_MAX_MEMBERS, a point without a member; the message names
 * it), TERROIR_ESOLVER (a coalition's solve failed, or it ended without a
 * plan: its time limit was too short), TERROIR_ENOMEM.  Several threads may
 * share one model. */
TERROIR_API int terroir_share_compute(terroir_share **out, const terroir_model *model,
                                      const terroir_share_options *opts);

/* The same allocations on a cost game given directly: n players (2 to
 * TERROIR_SHARE_EXACT_MAX) and costs[S - 1], S = 1 .. 2^n - 1, the cost of
 * the coalition whose bit set (bit i = player i) is S.  ids may be NULL
 * (players are then named "1", "2", ...).  Errors: TERROIR_EINVAL (NULL, n
 * out of range, a NaN or infinite cost), TERROIR_ESOLVER, TERROIR_ENOMEM. */
TERROIR_API int terroir_share_game(terroir_share **out, size_t n, const double *costs,
                                   const char *const *ids, const terroir_share_options *opts);

/* NULL is a no-op. */
TERROIR_API void terroir_share_free(terroir_share *share);

typedef struct terroir_share_summary {
    unsigned int version;
    size_t n_members;
    double grand_coalition_cost;   /* c(N) */
    double standalone_total;       /* sum of c({i}) */
    int exact;                     /* 1: every coalition solved; 0: sampled Shapley only */
    int core_empty;                /* 1 when no allocation satisfies every coalition; -1 unknown */
    /* Smallest e such that some allocation has x(S) <= c(S) + e for every
     * coalition (least core); <= 0 when the core is not empty.  NaN when
     * not exact. */
    double least_core_epsilon;
    size_t n_coalitions;           /* coalitions solved */
    size_t n_artefacts;            /* coalitions costing more than a partition of them */
    size_t samples;                /* orders of joining sampled (0 when exact) */
    double seconds;                /* wall clock of the computation */
    /* ---- version 2 */
    size_t n_warm_started;         /* coalitions whose cost is their warm solve's */
} terroir_share_summary;
#define TERROIR_SHARE_SUMMARY_VERSION 2
TERROIR_API int terroir_share_get_summary(const terroir_share *share,
                                          terroir_share_summary *out);

typedef struct terroir_share_member {
    unsigned int version;
    const char *id;              /* borrowed from the result */
    const char *name;
    double standalone_cost;      /* c({i}) */
    double shapley;              /* NaN when the method was not asked */
    double shapley_half_width;   /* 95% confidence half-width; 0 when exact */
    double nucleolus;            /* NaN when not asked or not exact */
    double epm;                  /* NaN when not asked or not exact */
} terroir_share_member;
#define TERROIR_SHARE_MEMBER_VERSION 1
TERROIR_API size_t terroir_share_member_count(const terroir_share *share);
TERROIR_API int terroir_share_get_member(const terroir_share *share, size_t i,
                                         terroir_share_member *out);

typedef struct terroir_share_coalition {
    unsigned int version;
    unsigned long long members;  /* bit set: bit i = member i */
    double cost;                 /* c(S) */
    double operating_cost;       /* c(S) less the unserved penalty */
    double unserved_penalty;
    terroir_status status;       /* of its solve (OPTIMAL for a given game) */
    double seconds;              /* its solves' wall clock (cold and warm) */
    /* 1 when c(S) > c(T) + c(S \ T) for some T (a heuristic artefact);
     * partition is then the T with the smallest such sum, and
     * partition_cost that sum. */
    int artefact;
    unsigned long long partition;
    double partition_cost;
    /* ---- version 2: the warm start (see the top of this file) */
    int warm_started;            /* 1 when cost is the warm solve's (strictly lower) */
    double cold_cost;            /* the cold solve's cost (the given cost for a game) */
    double warm_cost;            /* the warm solve's cost; NaN when there was none */
} terroir_share_coalition;
#define TERROIR_SHARE_COALITION_VERSION 2
/* Coalitions solved, in increasing order of their bit set. */
TERROIR_API size_t terroir_share_coalition_count(const terroir_share *share);
TERROIR_API int terroir_share_get_coalition(const terroir_share *share, size_t k,
                                            terroir_share_coalition *out);

/* Core check of an allocation: the coalitions that would pay less alone
 * (x(S) > c(S)), largest excess x(S) - c(S) first.  Count 0 when the
 * allocation is in the core, or was not computed. */
TERROIR_API size_t terroir_share_blocking_count(const terroir_share *share,
                                                terroir_share_method method);
TERROIR_API int terroir_share_get_blocking(const terroir_share *share,
                                           terroir_share_method method, size_t k,
                                           unsigned long long *out_members, double *out_excess);

/* The result as JSON (members[], grand_coalition_cost, core_empty,
 * least_core_epsilon, coalitions[] with their warm start (warm, cold_cost,
 * warm_cost when solved), blocking coalitions, artefacts, warm_started and
 * the definition of a coalition's cost).  Errors: TERROIR_EINVAL, TERROIR_EIO,
 * TERROIR_ENOMEM.  The buffer is the caller's (free()). */
TERROIR_API int terroir_share_write_json_file(const terroir_share *share, const char *path);
TERROIR_API int terroir_share_write_json_buffer(char **out, size_t *out_len,
                                                const terroir_share *share);

#ifdef __cplusplus
}
#endif

#endif
