/* Calibration of the allocation's transport estimate on routes.
 *
 * The allocation and the design price a kg moved through hub h at an
 * a-priori rate: a full vehicle one way and empty back (lib/alloc).  Routes
 * cost more: vehicle fixed costs, driver hours, part loads, detours between
 * stops, service and waiting times.  Rather than model each of those, the
 * solve learns, per hub, the ratio of what its routes cost to what the
 * estimate said for the same flows, and prices the next round's design and
 * allocation with the rate times that ratio: a hub whose routes are dear
 * (scattered points, small vehicles) loses flows to a hub whose routes are
 * cheap.  This is the "learned route-cost model" of iterated
 * location-allocation / routing (Salhi & Nagy 1999, "Consistency and
 * robustness in location-routing", Studies in Locational Analysis 13; Prins,
 * Prodhon et al. 2007 feed routes back into the location phase the same
 * way).  Pooling the rounds (sums, not the last ratio) damps oscillation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/solve_internal.h"

/* A factor outside these bounds says more about a degenerate round (a hub
 * with a few kg) than about routes. */
#define CALIBRATE_MIN 0.2
#define CALIBRATE_MAX 50.0

int calibrate__init(calibration *k, size_t n_hubs)
{
    memset(k, 0, sizeof *k);
    size_t n = n_hubs ? n_hubs : 1;
    k->n_hubs = n_hubs;
    k->routed = core__calloc(n, sizeof *k->routed);
    k->estimate = core__calloc(n, sizeof *k->estimate);
    k->factor = core__calloc(n, sizeof *k->factor);
    if (!k->routed || !k->estimate || !k->factor) {
        calibrate__free(k);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    for (size_t h = 0; h < n; h++)
        k->factor[h] = 1;
    return 0;
}

void calibrate__free(calibration *k)
{
    free(k->routed);
    free(k->estimate);
    free(k->factor);
    memset(k, 0, sizeof *k);
}

static double clamp(double f)
{
    return fmin(CALIBRATE_MAX, fmax(CALIBRATE_MIN, f));
}

void calibrate__add_round(calibration *k, const terroir_model *m, const alloc_result *a,
                          const double *used, const route_stage_result *r)
{
    for (size_t i = 0; i < a->n_flows; i++) {
        const alloc_flow *f = &a->flows[i];
        if (f->hub == MODEL_NONE)
            continue;
        double t = f->cost - f->kg * m->hubs[f->hub].handling_cost_per_kg;
        k->estimate[f->hub] += used ? t / used[f->hub] : t;
    }
    for (size_t h = 0; h < k->n_hubs; h++)
        k->routed[h] += r->hub_cost[h];
    k->rounds++;
    double sr = 0, se = 0;
    for (size_t h = 0; h < k->n_hubs; h++)
        if (k->estimate[h] > 0 && k->routed[h] > 0) {
            sr += k->routed[h];
            se += k->estimate[h];
        }
    double pooled = se > 0 ? clamp(sr / se) : 1;
    for (size_t h = 0; h < k->n_hubs; h++)
        k->factor[h] = k->estimate[h] > 0 && k->routed[h] > 0 ? clamp(k->routed[h] / k->estimate[h])
                                                               : pooled;
}
