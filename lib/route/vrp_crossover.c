/* Ordered crossover (OX; Oliver, Smith and Holland 1987) on giant tours, as
 * in Vidal 2022 section 3.2: a random circular slice of the first parent is
 * copied in place, the other positions are filled with the remaining stops in
 * the order of the second parent, starting after the slice.  Each stop keeps
 * the served/unserved mark of the parent it came from (optional stops). */
#include <string.h>

#include "route/vrp_internal.h"

void vrp__crossover_ox(const vrp_inst *in, vrp_rng *rng, const vrp_indiv *p1,
                       const vrp_indiv *p2, vrp_indiv *child, unsigned char *mark)
{
    int n = in->n_servable, start, end, j, i;
    if (n <= 1) {
        memcpy(child->tour, p1->tour, (size_t)n * sizeof *child->tour);
        memcpy(child->served, p1->served, (size_t)in->n);
        return;
    }
    memset(mark, 0, (size_t)in->n);
    memset(child->served, 0, (size_t)in->n);
    start = vrp__rng_below(rng, n);
    end = vrp__rng_below(rng, n);
    while (end == start)
        end = vrp__rng_below(rng, n);
    j = start;
    while (j % n != (end + 1) % n) {
        int v = p1->tour[j % n];
        child->tour[j % n] = v;
        child->served[v] = p1->served[v];
        mark[v] = 1;
        j++;
    }
    for (i = 1; i <= n; i++) {
        int v = p2->tour[(end + i) % n];
        if (mark[v])
            continue;
        child->tour[j % n] = v;
        child->served[v] = p2->served[v];
        j++;
    }
}
