/* `terroir compare`: the scenarios being compared and the figures compared
 * (one list of metrics, shared by the text table of cmd_compare.c and the
 * JSON of compare_json.c, so that both always show the same rows). */
#ifndef TERROIR_CLI_COMPARE_H
#define TERROIR_CLI_COMPARE_H

#include <stdio.h>

#include "cli.h"

/* The figures of a solved scenario, in the order of compare_metrics[]. */
enum {
    COMPARE_OBJECTIVE,
    COMPARE_COST_FIXED_HUB,
    COMPARE_COST_HANDLING,
    COMPARE_COST_TRANSPORT,
    COMPARE_COST_VEHICLES,
    COMPARE_COST_CO2,
    COMPARE_COST_UNSERVED,
    COMPARE_ROUTES,
    COMPARE_KM,
    COMPARE_TONNE_KM,
    COMPARE_CO2_KG,
    COMPARE_SERVED_ALL,
    COMPARE_SERVED_FOOD_BANK,
    COMPARE_SERVED_GROCERY,
    COMPARE_SERVED_SCHOOL,
    COMPARE_SERVED_MARKET,
    COMPARE_SERVED_PICKUP,
    COMPARE_UNSERVED_KG,
    COMPARE_HUBS_OPEN,
    COMPARE_N_METRICS
};

/* How a figure is shown: money (2 decimals), a distance or mass (1
 * decimal), a count, or a percentage (1 decimal; its difference in
 * percentage points). */
typedef enum compare_unit {
    COMPARE_MONEY,
    COMPARE_AMOUNT,
    COMPARE_COUNT,
    COMPARE_PERCENT
} compare_unit;

typedef struct compare_metric {
    const char *label; /* row of the text table */
    const char *key;   /* key in the JSON */
    compare_unit unit;
} compare_metric;

extern const compare_metric compare_metrics[COMPARE_N_METRICS];

typedef struct compare_scenario {
    const char *file; /* as given on the command line */
    char *label;      /* the model's name, or the file's stem */
    terroir_model *model;
    terroir_plan *plan;
    terroir_status status;
    double value[COMPARE_N_METRICS]; /* NaN when it does not apply */
    int rc;      /* what terroir_solve() returned */
    char *error; /* its message when rc != 0 */
} compare_scenario;

/* Write the comparison as JSON to `path` ("-": standard output).  Returns
 * an exit code (CLI_EXIT_INTERNAL after printing why it failed). */
int compare_write_json(const compare_scenario *sc, size_t n, const char *path);

#endif
