/* The Shapley value (Shapley 1953) of a cost game: exact over all
 * coalitions, or estimated by sampling orders of joining (Castro, Gomez &
 * Tejada 2009, "Polynomial calculation of the Shapley value based on
 * sampling") when there are too many coalitions to solve. */
#include <math.h>
#include <stdlib.h>

#include "core/core.h"
#include "share/game.h"

int share__shapley(const share_game *g, double *phi)
{
    size_t n = g->n;
    if (n == 0 || n > SHARE_GAME_MAX_PLAYERS || !g->cost || !phi)
        return core__error(TERROIR_EINVAL, "Shapley value: bad game");
    /* weight[s] = s! (n - s - 1)! / n!, built by ratios to stay in range */
    double weight[SHARE_GAME_MAX_PLAYERS];
    weight[0] = 1.0 / (double)n;
    for (size_t s = 1; s < n; s++)
        weight[s] = weight[s - 1] * (double)s / (double)(n - s);
    double value[SHARE_GAME_MAX_PLAYERS] = {0};
    uint64_t full = ((uint64_t)1 << n) - 1;
    for (uint64_t S = 0; S < full; S++) {
        size_t size = (size_t)__builtin_popcountll(S);
        for (size_t i = 0; i < n; i++)
            if (!(S & ((uint64_t)1 << i)))
                value[i] += weight[size] * (g->cost[S | ((uint64_t)1 << i)] - g->cost[S]);
    }
    for (size_t i = 0; i < n; i++)
        phi[i] = value[i];
    return 0;
}

/* splitmix64 (Steele, Lea & Flood 2014): a small, seedable, portable
 * stream, so that the same seed samples the same orders everywhere. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void share__shapley_orders(size_t n, size_t samples, unsigned long seed, uint8_t *orders)
{
    uint64_t state = (uint64_t)seed;
    for (size_t k = 0; k < samples; k++) {
        uint8_t *order = orders + k * n;
        for (size_t i = 0; i < n; i++)
            order[i] = (uint8_t)i;
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = (size_t)(splitmix64(&state) % (uint64_t)(i + 1));
            uint8_t t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}

int share__shapley_sampled(size_t n, size_t samples, const uint8_t *orders,
                           double (*cost_of)(uint64_t members, void *data), void *data,
                           double *phi, double *half_width)
{
    if (n == 0 || n > 64 || samples == 0 || !orders || !cost_of || !phi || !half_width)
        return core__error(TERROIR_EINVAL, "sampled Shapley value: bad arguments");
    double *sum = core__calloc(n, sizeof *sum), *sum2 = core__calloc(n, sizeof *sum2);
    if (!sum || !sum2) {
        free(sum);
        free(sum2);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < samples; k++) {
        const uint8_t *order = orders + k * n;
        uint64_t S = 0;
        double before = 0.0;
        for (size_t p = 0; p < n; p++) {
            S |= (uint64_t)1 << order[p];
            double after = cost_of(S, data);
            double marginal = after - before;
            sum[order[p]] += marginal;
            sum2[order[p]] += marginal * marginal;
            before = after;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double mean = sum[i] / (double)samples;
        double var = samples > 1 ? (sum2[i] - (double)samples * mean * mean) / (double)(samples - 1)
                                 : 0.0;
        phi[i] = mean;
        half_width[i] = 1.96 * sqrt(var > 0 ? var / (double)samples : 0.0);
    }
    free(sum);
    free(sum2);
    return 0;
}
