/* Split: cut a giant tour into routes (Prins 2004; Vidal 2016, "Split
 * algorithm in O(n) for the capacitated vehicle routing problem").  Bellman's
 * shortest path over the tour positions, each arc (i, j] a route serving
 * tour[i..j-1] with the penalised cost of the current weights (so overloaded
 * or late routes are allowed, at a price).  A segment stops growing once its
 * load passes 1.5 x the capacity.
 *
 * Fleet: with one vehicle type, when the unlimited split uses more routes
 * than there are slots, the limited-fleet version (layers by number of
 * routes, Vidal 2016 section 4) is solved.  With several types each segment
 * takes its cheapest compatible type; routes beyond a type's count move to
 * the cheapest other type with a free vehicle, and when none is left their
 * stops stay unserved (the local search inserts them again). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp_internal.h"

struct vrp_split {
    const vrp_inst *in;
    int *seq;
    double *pot;
    int *pred, *ptype;
    int *rb, *re, *rt, nr; /* routes: tour range [rb, re) and type */
    int *slot_route;
    int *type_used;
    double *potk; /* limited fleet: (K + 1) x (m + 1), NULL when too large */
    int *predk;
    int K;
};

vrp_split *vrp__split_new(const vrp_inst *in)
{
    vrp_split *sp = core__calloc(1, sizeof *sp);
    size_t m = (size_t)in->n_servable + 1;
    if (!sp)
        return NULL;
    sp->in = in;
    sp->seq = core__calloc(m, sizeof *sp->seq);
    sp->pot = core__calloc(m, sizeof *sp->pot);
    sp->pred = core__calloc(m, sizeof *sp->pred);
    sp->ptype = core__calloc(m, sizeof *sp->ptype);
    sp->rb = core__calloc(m, sizeof *sp->rb);
    sp->re = core__calloc(m, sizeof *sp->re);
    sp->rt = core__calloc(m, sizeof *sp->rt);
    sp->slot_route = core__calloc((size_t)in->n_slots + 1, sizeof *sp->slot_route);
    sp->type_used = core__calloc((size_t)in->nt, sizeof *sp->type_used);
    if (!sp->seq || !sp->pot || !sp->pred || !sp->ptype || !sp->rb || !sp->re || !sp->rt ||
        !sp->slot_route || !sp->type_used) {
        vrp__split_free(sp);
        return NULL;
    }
    sp->K = in->n_slots;
    if (in->nt == 1 && (double)(sp->K + 1) * (double)m <= 4e6) {
        sp->potk = core__calloc((size_t)(sp->K + 1) * m, sizeof *sp->potk);
        sp->predk = core__calloc((size_t)(sp->K + 1) * m, sizeof *sp->predk);
        if (!sp->potk || !sp->predk) {
            vrp__split_free(sp);
            return NULL;
        }
    }
    return sp;
}

void vrp__split_free(vrp_split *sp)
{
    if (!sp)
        return;
    free(sp->seq);
    free(sp->pot);
    free(sp->pred);
    free(sp->ptype);
    free(sp->rb);
    free(sp->re);
    free(sp->rt);
    free(sp->slot_route);
    free(sp->type_used);
    free(sp->potk);
    free(sp->predk);
    free(sp);
}

/* 1 when the open route's load is past 1.5 x capacity in some dimension:
 * longer segments only get worse. */
static int too_heavy(const vrp_inst *in, const vrp_rb *rb)
{
    const vrp_type *ty = &in->types[rb->type];
    int k;
    for (k = 0; k < in->ndims; k++) {
        int d = in->dims[k];
        if (ty->cap[d] >= 0.0 && rb->s.peak[d] > 1.5 * ty->cap[d] + 1e-9)
            return 1;
    }
    return 0;
}

static double seg_cost(const vrp_inst *in, const vrp_pen *w, const vrp_rb *rb)
{
    vrp_sum s;
    vrp__rb_sum(in, rb, &s);
    return vrp__route_cost(in, w, rb->type, &s, NULL);
}

/* Cost of tour positions [b, e) as one route of type t (HUGE_VAL when a
 * stop is not compatible). */
static double range_cost(const vrp_split *sp, const vrp_pen *w, int b, int e, int t)
{
    const vrp_inst *in = sp->in;
    vrp_rb rb;
    int j;
    vrp__rb_init(in, &rb, t, &sp->seq[b]);
    for (j = b; j < e; j++) {
        if (!vrp__compat(in, sp->seq[j], t))
            return HUGE_VAL;
        vrp__rb_add(in, &rb, sp->seq[j]);
    }
    return seg_cost(in, w, &rb);
}

/* Unlimited fleet, cheapest type per segment.  Returns the number of routes
 * (in sp->rb/re/rt), or -1 when some stop fits no type. */
static int split_unlimited(vrp_split *sp, const vrp_pen *w, int m)
{
    const vrp_inst *in = sp->in;
    int i, j, t, nr = 0;
    for (i = 0; i <= m; i++) {
        sp->pot[i] = HUGE_VAL;
        sp->pred[i] = -1;
    }
    sp->pot[0] = 0.0;
    for (i = 0; i < m; i++) {
        if (sp->pot[i] == HUGE_VAL)
            continue;
        for (t = 0; t < in->nt; t++) {
            vrp_rb rb;
            if (in->type_nslots[t] == 0)
                continue;
            vrp__rb_init(in, &rb, t, &sp->seq[i]);
            for (j = i; j < m; j++) {
                double c;
                if (!vrp__compat(in, sp->seq[j], t))
                    break;
                vrp__rb_add(in, &rb, sp->seq[j]);
                c = sp->pot[i] + seg_cost(in, w, &rb);
                if (c < sp->pot[j + 1]) {
                    sp->pot[j + 1] = c;
                    sp->pred[j + 1] = i;
                    sp->ptype[j + 1] = t;
                }
                if (too_heavy(in, &rb))
                    break;
            }
        }
    }
    if (sp->pot[m] == HUGE_VAL)
        return -1;
    for (j = m; j > 0; j = sp->pred[j])
        nr++;
    i = nr;
    for (j = m; j > 0; j = sp->pred[j]) {
        i--;
        sp->rb[i] = sp->pred[j];
        sp->re[i] = j;
        sp->rt[i] = sp->ptype[j];
    }
    return nr;
}

/* One type, at most K routes (Bellman by layers).  Returns the number of
 * routes or -1 when no split with at most K routes exists. */
static int split_limited(vrp_split *sp, const vrp_pen *w, int m)
{
    const vrp_inst *in = sp->in;
    size_t M = (size_t)m + 1;
    int K = sp->K, k, i, j, best_k = -1, nr;
    double best = HUGE_VAL;
    for (k = 0; k <= K; k++)
        for (i = 0; i <= m; i++) {
            sp->potk[(size_t)k * M + (size_t)i] = HUGE_VAL;
            sp->predk[(size_t)k * M + (size_t)i] = -1;
        }
    sp->potk[0] = 0.0;
    for (k = 0; k < K; k++) {
        for (i = k; i < m; i++) {
            double base = sp->potk[(size_t)k * M + (size_t)i];
            vrp_rb rb;
            if (base == HUGE_VAL)
                continue;
            vrp__rb_init(in, &rb, 0, &sp->seq[i]);
            for (j = i; j < m; j++) {
                double c;
                size_t at = (size_t)(k + 1) * M + (size_t)j + 1;
                vrp__rb_add(in, &rb, sp->seq[j]);
                c = base + seg_cost(in, w, &rb);
                if (c < sp->potk[at]) {
                    sp->potk[at] = c;
                    sp->predk[at] = i;
                }
                if (too_heavy(in, &rb))
                    break;
            }
        }
    }
    for (k = 1; k <= K; k++)
        if (sp->potk[(size_t)k * M + (size_t)m] < best) {
            best = sp->potk[(size_t)k * M + (size_t)m];
            best_k = k;
        }
    if (best_k < 0)
        return -1;
    nr = best_k;
    j = m;
    for (k = best_k; k > 0; k--) {
        int b = sp->predk[(size_t)k * M + (size_t)j];
        sp->rb[k - 1] = b;
        sp->re[k - 1] = j;
        sp->rt[k - 1] = 0;
        j = b;
    }
    return nr;
}

void vrp__split(vrp_split *sp, const vrp_pen *w, vrp_indiv *x)
{
    const vrp_inst *in = sp->in;
    int m = 0, a, nr, r, t, s, pos;
    for (a = 0; a < in->n_servable; a++)
        if (x->served[x->tour[a]])
            sp->seq[m++] = x->tour[a];
    nr = m > 0 ? split_unlimited(sp, w, m) : 0;
    if (nr < 0)
        nr = 0; /* cannot happen: servable stops fit some type */
    memset(sp->type_used, 0, (size_t)in->nt * sizeof *sp->type_used);
    for (r = 0; r < nr; r++)
        sp->type_used[sp->rt[r]]++;
    if (in->nt == 1 && nr > in->type_nslots[0] && sp->potk) {
        int nl = split_limited(sp, w, m);
        if (nl >= 0) {
            nr = nl;
            sp->type_used[0] = nr;
        } else {
            /* restore the unlimited split; excess routes handled below */
            nr = split_unlimited(sp, w, m);
        }
    }

    /* Assign routes to slots: first those whose type has room, then the
     * others to the cheapest compatible type with room; else unserved. */
    for (s = 0; s < in->n_slots; s++)
        sp->slot_route[s] = -1;
    memset(sp->type_used, 0, (size_t)in->nt * sizeof *sp->type_used);
    for (r = 0; r < nr; r++) {
        t = sp->rt[r];
        if (sp->type_used[t] < in->type_nslots[t]) {
            sp->slot_route[in->type_slot0[t] + sp->type_used[t]++] = r;
            sp->rt[r] = -1 - t; /* placed */
        }
    }
    for (r = 0; r < nr; r++) {
        int bt = -1, j;
        double bc = HUGE_VAL;
        if (sp->rt[r] < 0) {
            sp->rt[r] = -1 - sp->rt[r];
            continue;
        }
        for (t = 0; t < in->nt; t++) {
            double c;
            if (sp->type_used[t] >= in->type_nslots[t])
                continue;
            c = range_cost(sp, w, sp->rb[r], sp->re[r], t);
            if (c < bc) {
                bc = c;
                bt = t;
            }
        }
        if (bt >= 0) {
            sp->slot_route[in->type_slot0[bt] + sp->type_used[bt]++] = r;
            sp->rt[r] = bt;
        } else {
            for (j = sp->rb[r]; j < sp->re[r]; j++)
                x->served[sp->seq[j]] = 0;
        }
    }
    pos = 0;
    for (s = 0; s < in->n_slots; s++) {
        x->rstart[s] = pos;
        r = sp->slot_route[s];
        if (r >= 0) {
            int j;
            for (j = sp->rb[r]; j < sp->re[r]; j++)
                x->rnodes[pos++] = sp->seq[j];
        }
    }
    x->rstart[in->n_slots] = pos;
}
