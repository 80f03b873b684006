/* The generated allocation network of the allocation benchmark: a
 * Quebec-sized region (lat/lon box of about 180 x 135 km) with producers,
 * hubs and distribution points drawn with a fixed seed, built through the
 * public builder API only (terroir/model.h).  See generate.c for the
 * distributions. */
#ifndef TERROIR_BENCH_ALLOC_GENERATE_H
#define TERROIR_BENCH_ALLOC_GENERATE_H

#include <stddef.h>

#include <terroir/model.h>

typedef struct gen_params {
    size_t producers, hubs, points;
    size_t products; /* 1..4 */
    unsigned long seed;
} gen_params;

/* The acceptance size of issue 3: 2,000 producers, 20 hubs, 3,000 points,
 * 4 products, seed 20260316. */
#define GEN_PARAMS_DEFAULT { 2000, 20, 3000, 4, 20260316UL }

/* Build and validate the network.  Returns 0 and *out (free with
 * terroir_model_free()), or a TERROIR_E* code. */
int gen_network(terroir_model **out, const gen_params *p);

#endif
