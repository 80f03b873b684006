/* Individuals of the hybrid genetic search: a giant tour (the chromosome of
 * the crossover and the split) and the routes that the split and the local
 * search made of it, one route per fleet slot; their cost and violations,
 * successor/predecessor arrays for the broken-pairs distance (Vidal 2022,
 * section 3.4), and the giant tour rebuilt from the routes after the local
 * search, routes chained by proximity (HGS orders them by polar angle; the
 * problem has no coordinates here, only a matrix). */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp_internal.h"

/* Allocate the arrays of one individual; prox_cap: most distances kept.
 * Returns 0 or TERROIR_ENOMEM (x then holds nothing to free). */
int vrp__indiv_alloc(const vrp_inst *in, vrp_indiv *x, int prox_cap)
{
    size_t n = (size_t)in->n;
    memset(x, 0, sizeof *x);
    x->tour = core__calloc((size_t)in->n_servable + 1, sizeof *x->tour);
    x->served = core__calloc(n, 1);
    x->rnodes = core__calloc((size_t)in->n_servable + 1, sizeof *x->rnodes);
    x->rstart = core__calloc((size_t)in->n_slots + 1, sizeof *x->rstart);
    x->succ = core__calloc(n, sizeof *x->succ);
    x->pred = core__calloc(n, sizeof *x->pred);
    x->prox = core__calloc((size_t)prox_cap + 1, sizeof *x->prox);
    if (!x->tour || !x->served || !x->rnodes || !x->rstart || !x->succ || !x->pred || !x->prox) {
        vrp__indiv_release(x);
        return TERROIR_ENOMEM;
    }
    return 0;
}

void vrp__indiv_release(vrp_indiv *x)
{
    if (!x)
        return;
    free(x->tour);
    free(x->served);
    free(x->rnodes);
    free(x->rstart);
    free(x->succ);
    free(x->pred);
    free(x->prox);
    memset(x, 0, sizeof *x);
}

/* Copy everything but the proximity list (which belongs to a population). */
void vrp__indiv_copy(const vrp_inst *in, vrp_indiv *dst, const vrp_indiv *src)
{
    size_t n = (size_t)in->n;
    memcpy(dst->tour, src->tour, (size_t)in->n_servable * sizeof *dst->tour);
    memcpy(dst->served, src->served, n);
    memcpy(dst->rnodes, src->rnodes, (size_t)in->n_servable * sizeof *dst->rnodes);
    memcpy(dst->rstart, src->rstart, ((size_t)in->n_slots + 1) * sizeof *dst->rstart);
    memcpy(dst->succ, src->succ, n * sizeof *dst->succ);
    memcpy(dst->pred, src->pred, n * sizeof *dst->pred);
    dst->cost = src->cost;
    dst->objective = src->objective;
    dst->ex = src->ex;
    dst->missed = src->missed;
    dst->feasible = src->feasible;
    dst->fit = src->fit;
}

double vrp__indiv_penalised(const vrp_indiv *x, const vrp_pen *w)
{
    return x->objective + w->load * x->ex.load + w->tw * x->ex.tw + w->dur * x->ex.dur +
           w->miss * (double)x->missed;
}

/* Sort key of the sweep: depot first, then angle. */
typedef struct sweep_key {
    int depot;
    double angle;
    int node;
} sweep_key;

static int sweep_cmp(const void *a, const void *b)
{
    const sweep_key *x = a, *y = b;
    if (x->depot != y->depot)
        return x->depot - y->depot;
    if (x->angle != y->angle)
        return x->angle < y->angle ? -1 : 1;
    return x->node - y->node;
}

/* Angle of node i around depot d (coordinates known). */
static double angle_around(const vrp_geo *g, int d, int i)
{
    double dy = g->a[i] - g->a[d], dx = g->b[i] - g->b[d];
    if (g->kind == VRP_GEO_LATLON)
        dx *= g->trig[d].cos_lat;
    return atan2(dy, dx);
}

/* rebuild_tour() for large problems (distances computed): routes by depot,
 * then by the angle of their first stop, as HGS orders them (O(R log R)
 * where the chaining below costs R^2 distances).  Returns the tour length
 * written, or -1 when memory is short (the caller chains instead). */
static int routes_by_angle(const vrp_inst *in, vrp_indiv *x)
{
    int S = in->n_slots, s, k, r = 0, pos = 0;
    sweep_key *key = core__calloc((size_t)S + 1, sizeof *key);
    if (!key)
        return -1;
    for (s = 0; s < S; s++)
        if (x->rstart[s + 1] > x->rstart[s]) {
            int d = in->types[in->slot_type[s]].depot;
            key[r].depot = d;
            key[r].angle = angle_around(in->coords, d, x->rnodes[x->rstart[s]]);
            key[r++].node = s;
        }
    qsort(key, (size_t)r, sizeof *key, sweep_cmp);
    for (k = 0; k < r; k++)
        for (s = x->rstart[key[k].node]; s < x->rstart[key[k].node + 1]; s++)
            x->tour[pos++] = x->rnodes[s];
    free(key);
    return pos;
}

/* Chain the non-empty routes into the giant tour: routes grouped by depot,
 * each next route the one whose first stop is closest to the previous
 * route's last stop (large problems: by angle, routes_by_angle); unserved
 * stops follow in their former order. */
static void rebuild_tour(const vrp_inst *in, vrp_indiv *x, int *work)
{
    int S = in->n_slots, *used = work, *unserved = work + S, nu = 0, pos = 0, a, dep;
    for (a = 0; a < in->n_servable; a++)
        if (!x->served[x->tour[a]])
            unserved[nu++] = x->tour[a];
    for (a = 0; a < S; a++)
        used[a] = x->rstart[a + 1] == x->rstart[a];
    int by_angle = in->geo ? routes_by_angle(in, x) : -1;
    if (by_angle >= 0)
        pos = by_angle;
    for (dep = by_angle >= 0 ? in->nd : 0; dep < in->nd; dep++) {
        int from = dep;
        for (;;) {
            int best = -1, s, k;
            double bd = 0.0;
            for (s = 0; s < S; s++) {
                double dd;
                if (used[s] || in->types[in->slot_type[s]].depot != dep)
                    continue;
                dd = vrp__km(in, from, x->rnodes[x->rstart[s]]);
                if (best < 0 || dd < bd) {
                    best = s;
                    bd = dd;
                }
            }
            if (best < 0)
                break;
            used[best] = 1;
            for (k = x->rstart[best]; k < x->rstart[best + 1]; k++)
                x->tour[pos++] = x->rnodes[k];
            from = x->rnodes[x->rstart[best + 1] - 1];
        }
    }
    for (a = 0; a < nu; a++)
        x->tour[pos++] = unserved[a];
}

double vrp__depot_excess(const vrp_inst *in, const int *rstart, const int *rnodes)
{
    double ex = 0.0, load;
    int d, s, k;
    for (d = 0; d < in->nd; d++) {
        if (in->dcap[d] < 0.0)
            continue;
        load = 0.0;
        for (s = 0; s < in->n_slots; s++)
            if (in->types[in->slot_type[s]].depot == d)
                for (k = rstart[s]; k < rstart[s + 1]; k++)
                    load += in->thr[rnodes[k]];
        if (load > in->dcap[d] + 1e-9 * (1.0 + in->dcap[d]))
            ex += (load - in->dcap[d]) * in->dinv;
    }
    return ex;
}

/* See vrp_internal.h.  `work`: n_slots + n_servable ints. */
void vrp__indiv_evaluate(const vrp_inst *in, const vrp_pen *w, vrp_indiv *x, int *work)
{
    int s, k, a;
    x->objective = 0.0;
    x->ex.load = x->ex.tw = x->ex.dur = 0.0;
    x->missed = 0;
    for (a = 0; a < in->n_servable; a++) {
        int i = in->stops[a];
        x->succ[i] = x->pred[i] = -2;
    }
    for (s = 0; s < in->n_slots; s++) {
        int b = x->rstart[s], e = x->rstart[s + 1], t = in->slot_type[s];
        const vrp_type *ty = &in->types[t];
        vrp_rb rb;
        vrp_sum sum;
        vrp_excess ex;
        if (b == e)
            continue;
        vrp__rb_init(in, &rb, t, &x->rnodes[b]);
        for (k = b; k < e; k++) {
            int i = x->rnodes[k];
            vrp__rb_add(in, &rb, i);
            x->pred[i] = k == b ? -1 : x->rnodes[k - 1];
            x->succ[i] = k + 1 == e ? -1 : x->rnodes[k + 1];
        }
        vrp__rb_sum(in, &rb, &sum);
        (void)vrp__route_cost(in, w, t, &sum, &ex);
        x->objective += ty->fixed + ty->cpk * sum.km + ty->cpm * sum.dur;
        x->ex.load += ex.load;
        x->ex.tw += ex.tw;
        x->ex.dur += ex.dur;
    }
    if (in->has_dcap)
        x->ex.load += vrp__depot_excess(in, x->rstart, x->rnodes);
    for (a = 0; a < in->n_servable; a++) {
        int i = in->stops[a];
        if (x->served[i])
            continue;
        if (in->pen[i] >= 0.0)
            x->objective += in->pen[i];
        else
            x->missed++;
    }
    x->feasible = x->ex.load <= 1e-9 && x->ex.tw <= 1e-6 && x->ex.dur <= 1e-6 && x->missed == 0;
    x->cost = vrp__indiv_penalised(x, w);
    rebuild_tour(in, x, work);
}

double vrp__indiv_distance(const vrp_inst *in, const vrp_indiv *a, const vrp_indiv *b)
{
    int k, diff = 0;
    if (in->n_servable == 0)
        return 0.0;
    for (k = 0; k < in->n_servable; k++) {
        int j = in->stops[k];
        if (a->succ[j] != b->succ[j] && a->succ[j] != b->pred[j])
            diff++;
        if (a->pred[j] == -1 && b->pred[j] != -1 && b->succ[j] != -1)
            diff++;
    }
    return (double)diff / (double)in->n_servable;
}

void vrp__indiv_random(const vrp_inst *in, vrp_rng *rng, vrp_indiv *x)
{
    int a;
    memcpy(x->tour, in->stops, (size_t)in->n_servable * sizeof *x->tour);
    vrp__rng_shuffle(rng, x->tour, in->n_servable);
    memset(x->served, 0, (size_t)in->n);
    for (a = 0; a < in->n_servable; a++)
        x->served[in->stops[a]] = 1;
}

void vrp__indiv_sweep(const vrp_inst *in, vrp_rng *rng, vrp_indiv *x)
{
    const vrp_geo *g = in->coords;
    int m = in->n_servable, a, d;
    sweep_key *k = g ? core__calloc((size_t)m + 1, sizeof *k) : NULL;
    if (!k) { /* no coordinates, or no memory: a random tour serves too */
        vrp__indiv_random(in, rng, x);
        return;
    }
    const double two_pi = 2 * 3.14159265358979323846;
    double start = two_pi * (double)(vrp__rng_next(rng) >> 11) * 0x1.0p-53;
    double sense = vrp__rng_below(rng, 2) ? 1.0 : -1.0;
    for (a = 0; a < m; a++) {
        int i = in->stops[a], best = 0;
        double bd = HUGE_VAL;
        for (d = 0; d < in->nd; d++) {
            double km = vrp__km(in, d, i);
            if (km < bd) {
                bd = km;
                best = d;
            }
        }
        double t = sense * angle_around(g, best, i) - start;
        k[a].depot = best;
        k[a].angle = t - two_pi * floor(t / two_pi);
        k[a].node = i;
    }
    qsort(k, (size_t)m, sizeof *k, sweep_cmp);
    memset(x->served, 0, (size_t)in->n);
    for (a = 0; a < m; a++) {
        x->tour[a] = k[a].node;
        x->served[k[a].node] = 1;
    }
    free(k);
}
