/* The transport cost model calibrated on routes.
 *
 * The allocation and the design price a kg moved through hub h at an
 * a-priori rate: a full vehicle one way and empty back (lib/alloc).  Routes
 * cost more, and not in proportion: vehicle fixed costs (at least one route
 * whatever the kg), driver hours, part loads, detours between stops, service
 * and waiting times.  The model learned from a round's routes is, per hub,
 *     routed cost = route_fixed + factor x (a-priori estimate of its flows),
 * where route_fixed is what the hub's routes paid in vehicle fixed costs and
 * factor the ratio of the rest (km and hours) to the a-priori estimate.  The
 * next round's design pays route_fixed to open the hub and prices its legs
 * at the rate times factor, so a hub whose routes are dear (scattered points,
 * small vehicles, long stems) loses flows or stays closed.  This is the
 * learned route-cost model of iterated location-allocation / routing (Salhi
 * & Nagy 1999, "Consistency and robustness in location-routing", Studies in
 * Locational Analysis 13; Prins, Prodhon et al. 2007 feed routes back into
 * the location phase the same way). */
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
    k->route_fixed = core__calloc(n, sizeof *k->route_fixed);
    k->factor = core__calloc(n, sizeof *k->factor);
    if (!k->route_fixed || !k->factor) {
        calibrate__free(k);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    for (size_t h = 0; h < n; h++)
        k->factor[h] = 1;
    return 0;
}

void calibrate__free(calibration *k)
{
    free(k->route_fixed);
    free(k->factor);
    memset(k, 0, sizeof *k);
}

static double clamp(double f)
{
    return fmin(CALIBRATE_MAX, fmax(CALIBRATE_MIN, f));
}

/* A-priori transport estimate of the flows through each hub (per_hub, n_hubs,
 * zeroed here) of allocation a priced with `used`. */
static void apriori(const terroir_model *m, const alloc_result *a, const double *used,
                    double *per_hub)
{
    memset(per_hub, 0, m->n_hubs * sizeof *per_hub);
    for (size_t i = 0; i < a->n_flows; i++) {
        const alloc_flow *f = &a->flows[i];
        if (f->hub == MODEL_NONE)
            continue;
        double t = f->cost - f->kg * m->hubs[f->hub].handling_cost_per_kg;
        per_hub[f->hub] += used ? t / used[f->hub] : t;
    }
}

int calibrate__learn(calibration *k, const terroir_model *m, const alloc_result *a,
                     const double *used, const route_stage_result *r)
{
    /* Out of memory is an error, not a reason to keep the previous model:
     * the same solve must give the same plan whatever the memory. */
    double *est = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *est);
    double *fixed = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *fixed);
    if (!est || !fixed) {
        free(est);
        free(fixed);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    apriori(m, a, used, est);
    for (size_t i = 0; i < r->n_routes; i++) {
        const model_vehicle_type *v = &m->vehicle_types[r->routes[i].vehicle_type];
        fixed[v->home_hub] += v->fixed_cost;
    }
    double sum_var = 0, sum_est = 0, sum_fixed = 0;
    int seen = 0;
    for (size_t h = 0; h < m->n_hubs; h++)
        if (est[h] > 0 && r->hub_cost[h] > 0) {
            sum_var += r->hub_cost[h] - fixed[h];
            sum_est += est[h];
            sum_fixed += fixed[h];
            seen++;
        }
    double pooled = sum_est > 0 ? clamp(sum_var / sum_est) : 1;
    double mean_fixed = seen ? sum_fixed / seen : 0;
    for (size_t h = 0; h < m->n_hubs; h++) {
        if (est[h] > 0 && r->hub_cost[h] > 0) {
            k->route_fixed[h] = fixed[h];
            k->factor[h] = clamp((r->hub_cost[h] - fixed[h]) / est[h]);
        } else {
            k->route_fixed[h] = mean_fixed;
            k->factor[h] = pooled;
        }
    }
    k->learned = 1;
    free(est);
    free(fixed);
    return 0;
}

int calibrate__predict(double *out, const calibration *k, const terroir_model *m,
                       const alloc_result *a, const double *used)
{
    double *est = core__calloc(m->n_hubs ? m->n_hubs : 1, sizeof *est);
    if (!est)
        return core__error(TERROIR_ENOMEM, "out of memory");
    apriori(m, a, used, est);
    double total = 0;
    for (size_t h = 0; h < m->n_hubs; h++)
        if (est[h] > 0)
            total += k->route_fixed[h] + k->factor[h] * est[h];
    free(est);
    *out = total;
    return 0;
}
