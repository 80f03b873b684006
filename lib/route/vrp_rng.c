/* The routing engine's random numbers: xoshiro256** (Blackman and Vigna,
 * "Scrambled linear pseudorandom number generators", 2021), seeded through
 * splitmix64.  Own state per solve, so a seed and an iteration limit give the
 * same routes on every run and platform; no global state. */
#include "route/vrp_internal.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Seed the four words of state from one seed (never all zero). */
void vrp__rng_seed(vrp_rng *r, unsigned long seed)
{
    uint64_t x = (uint64_t)seed;
    int i;
    for (i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits. */
uint64_t vrp__rng_next(vrp_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform integer in [0, n) for n > 0 (Lemire's multiply-shift; the bias is
 * below 2^-32 for the sizes used here). */
int vrp__rng_below(vrp_rng *r, int n)
{
    uint64_t x = vrp__rng_next(r) >> 32;
    return (int)((x * (uint64_t)n) >> 32);
}

void vrp__rng_shuffle(vrp_rng *r, int *a, int n)
{
    int i;
    for (i = n - 1; i > 0; i--) {
        int j = vrp__rng_below(r, i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
