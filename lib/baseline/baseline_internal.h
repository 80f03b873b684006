/* Internals of the no-hub baseline (include/terroir/baseline.h): the goods
 * that the plan moves, per (producer, point) (baseline_goods.c), the
 * cooperative plan's routed figures (baseline_goods.c), and each
 * producer's own routing problem (baseline.c). */
#ifndef TERROIR_BASELINE_INTERNAL_H
#define TERROIR_BASELINE_INTERNAL_H

#include <stddef.h>

#include <terroir/baseline.h>

#include "model/model_internal.h"
#include "plan/plan_internal.h"
#include "route/vrp.h"

/* Goods that one producer sends to one point through the hubs, as the
 * plan's routes carry them, per temperature class and dimension. */
typedef struct baseline_goods {
    size_t producer; /* model producer index */
    size_t point;    /* model point index */
    double goods[TERROIR_TEMPERATURE_COUNT][VRP_DIMENSIONS];
} baseline_goods;

/* TERROIR_EINVAL unless the plan's product and site ids are the model's,
 * in the same order. */
int baseline__check_plan(const terroir_model *m, const terroir_plan *plan);

/* The goods of the plan per (producer, point), sorted by producer then
 * point (*out: free(), *n entries; pairs without goods are left out); the
 * kg of direct deliveries and of the flows that the plan's routes did not
 * carry (the rule of baseline.h) into *direct_kg and *lost_kg.  Returns 0
 * or TERROIR_ENOMEM. */
int baseline__goods(const terroir_model *m, const terroir_plan *plan, baseline_goods **out,
                    size_t *n, double *direct_kg, double *lost_kg);

/* The plan_* fields of `out` from the plan's routes (reductions not
 * touched). */
void baseline__plan_figures(const terroir_model *m, const terroir_plan *plan,
                            terroir_baseline *out);

#endif
