/* terroir: the plan — what a solve decided (open hubs, flows, unserved
 * demand with reasons; routes come with the routing stage), what it costs,
 * and its KPIs; with writers to JSON and YAML.
 *
 * A plan is immutable and owns copies of every id it reports, so it
 * outlives its model.  Strings returned inside structures are borrowed from
 * the plan and live as long as it does. */
#ifndef TERROIR_PLAN_H
#define TERROIR_PLAN_H

#include "solve.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Free a plan.  NULL is a no-op. */
TERROIR_API void terroir_plan_free(terroir_plan *plan);

/* Why demand was left unserved. */
typedef enum terroir_unserved_reason {
    TERROIR_UNSERVED_NO_SUPPLY = 0,     /* no producer supplies the product at all */
    TERROIR_UNSERVED_SHELF_LIFE = 1,    /* supply exists, but none within the shelf life */
    TERROIR_UNSERVED_COMPATIBILITY = 2, /* no open hub or vehicle handles its temperature class */
    TERROIR_UNSERVED_HUB_CAPACITY = 3,  /* hub throughput is exhausted */
    TERROIR_UNSERVED_SUPPLY_SHORT = 4,  /* reachable supply is used up by other points */
    TERROIR_UNSERVED_COST = 5           /* serving it would cost more than its penalty */
} terroir_unserved_reason;
#define TERROIR_UNSERVED_REASON_COUNT 6
TERROIR_API const char *terroir_unserved_reason_to_string(terroir_unserved_reason reason);

/* Money, by component.  objective = fixed_hub + handling + transport +
 * vehicle_fixed + co2 + unserved_penalty. */
typedef struct terroir_cost {
    double fixed_hub;        /* fixed costs of the hubs opened by the design stage */
    double handling;         /* handling at hubs */
    double transport;        /* transport (allocation estimate, or routed cost) */
    double vehicle_fixed;    /* fixed costs of vehicles used (routing stage) */
    double co2;              /* co2_price times CO2 emitted */
    double unserved_penalty; /* penalties for demand left unserved */
} terroir_cost;

typedef struct terroir_plan_summary {
    unsigned int version;
    terroir_status status;
    double objective;       /* total cost of the plan */
    double bound;           /* proven lower bound on the optimal objective */
    double gap;             /* (objective - bound) / max(|objective|, 1e-9), 0 when optimal */
    terroir_cost cost;
    double solve_seconds;   /* wall clock of the whole solve */
    double stage_seconds[TERROIR_STAGE_COUNT];
    /* KPIs */
    double tonne_km;        /* sum over flows of tonnes times km */
    double co2_kg;          /* CO2 emitted by transport */
    double demand_kg[TERROIR_POINT_KIND_COUNT]; /* demand by point kind */
    double served_kg[TERROIR_POINT_KIND_COUNT]; /* served demand by point kind */
    double demand_kg_total;
    double served_kg_total;
} terroir_plan_summary;
#define TERROIR_PLAN_SUMMARY_VERSION 1
TERROIR_API int terroir_plan_summary_init(terroir_plan_summary *out, unsigned int version);

/* Status of the plan; TERROIR_STATUS_INFEASIBLE for NULL. */
TERROIR_API terroir_status terroir_plan_status(const terroir_plan *plan);

/* Fill a summary that the caller initialised (its version says which fields
 * to fill).  Errors: TERROIR_EINVAL. */
TERROIR_API int terroir_plan_get_summary(const terroir_plan *plan, terroir_plan_summary *out);

/* One hub of the model, as the plan uses it (every hub of the model, in
 * model order). */
typedef struct terroir_plan_hub {
    unsigned int version;
    const char *id;
    int open;                /* 1 when open in the plan */
    double fixed_cost;       /* paid by the plan (0 for hubs closed or open by status) */
    double throughput_kg[TERROIR_TEMPERATURE_COUNT];
    double capacity_kg[TERROIR_TEMPERATURE_COUNT];  /* TERROIR_UNLIMITED when none */
    double utilisation[TERROIR_TEMPERATURE_COUNT];  /* throughput / capacity; 0 when unlimited */
    /* Money saved this cycle per extra kg of capacity of the class (the dual
     * value of the capacity row of the allocation LP, >= 0; 0 when the
     * capacity is not binding). */
    double capacity_value_per_kg[TERROIR_TEMPERATURE_COUNT];
} terroir_plan_hub;
#define TERROIR_PLAN_HUB_VERSION 1

/* A flow of one product from a producer to a point, through a hub (via =
 * NULL for direct delivery). */
typedef struct terroir_plan_flow {
    unsigned int version;
    const char *product;
    const char *from;   /* producer id */
    const char *via;    /* hub id, or NULL */
    const char *to;     /* point id */
    double quantity;    /* product units */
    double kg;
    double km;          /* length of the path */
    double cost;        /* transport + handling of this flow */
} terroir_plan_flow;
#define TERROIR_PLAN_FLOW_VERSION 1

/* Demand left unserved. */
typedef struct terroir_plan_unserved {
    unsigned int version;
    const char *point;
    const char *product;
    double quantity;    /* product units */
    double kg;
    terroir_unserved_reason reason;
    const char *detail; /* a sentence for planners, e.g. naming the full hub */
} terroir_plan_unserved;
#define TERROIR_PLAN_UNSERVED_VERSION 1

/* Counts and items, by 0-based index.  _get_ fills a structure the caller
 * initialised with its version field; errors: TERROIR_EINVAL (NULL, unknown
 * version), TERROIR_ENOTFOUND (index out of range). */
TERROIR_API size_t terroir_plan_hub_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_hub(const terroir_plan *plan, size_t i, terroir_plan_hub *out);
TERROIR_API size_t terroir_plan_flow_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_flow(const terroir_plan *plan, size_t i, terroir_plan_flow *out);
TERROIR_API size_t terroir_plan_unserved_count(const terroir_plan *plan);
TERROIR_API int terroir_plan_get_unserved(const terroir_plan *plan, size_t i,
                                          terroir_plan_unserved *out);

/* Write the plan as JSON (see datasets/SCHEMA.md, "Plan output") or YAML.
 * The _buffer forms return a NUL-terminated text (free with terroir_free())
 * and its length in *out_len (may be NULL). */
TERROIR_API int terroir_plan_write_json_file(const terroir_plan *plan, const char *path);
TERROIR_API int terroir_plan_write_json_buffer(char **out, size_t *out_len,
                                               const terroir_plan *plan);
TERROIR_API int terroir_plan_write_yaml_file(const terroir_plan *plan, const char *path);
TERROIR_API int terroir_plan_write_yaml_buffer(char **out, size_t *out_len,
                                               const terroir_plan *plan);

#ifdef __cplusplus
}
#endif

#endif
