/* SWAP* (Vidal 2022, section 4): exchange a stop U of one route with a stop
 * V of another, each reinserted at its best position in the other route, not
 * necessarily in place.  For each stop the three cheapest insertion positions
 * in the other route are cached (recomputed only when that route changed);
 * the best insertion of U into V's route without V is then one of those
 * three that is not next to V, or V's place.  The search also considers
 * moving U (or V) alone to its best position in the other route.
 *
 * Only for instances without times (insertion costs are distances); the
 * exchange found is priced exactly by vrp__ls_try() before it is applied,
 * which also covers pickups.  Pairs of routes: those linked by at least one
 * granular neighbour pair (HGS uses polar sectors; we have no coordinates). */
#include <math.h>

#include "core/core.h"
#include "route/vrp_internal.h"

#define D(a, b) vrp__km(in, (a), (b))
#define ND(i) (ls->nd[i])

/* Removal gains of r1's stops and their best insertions into r2.  The arc
 * p -> next(p) is read from the cumulated distances; with a symmetric
 * matrix the distances from u are read along u's row. */
static void preprocess(vrp_ls *ls, int r1, int r2)
{
    const vrp_inst *in = ls->in;
    const ls_route *R1 = &ls->rt[r1], *R2 = &ls->rt[r2];
    size_t n = (size_t)in->n;
    int u, p;
    for (u = ND(R1->start).next; u != R1->end; u = ND(u).next) {
        int pu = ND(u).prev, x = ND(u).next, iu = ND(u).id;
        ls_ins *c = &ls->ins[(size_t)r2 * n + (size_t)u];
        const double *row = in->km ? in->km + (size_t)iu * n : NULL;
        ls->rem[u] = R1->cpk * (D(ND(pu).id, ND(x).id) - (ND(x).cum - ND(pu).cum));
        if (c->stamp >= 0 && R2->modified <= c->stamp)
            continue;
        c->c[0] = c->c[1] = c->c[2] = HUGE_VAL;
        c->p[0] = c->p[1] = c->p[2] = -1;
        for (p = R2->start; p != R2->end; p = ND(p).next) {
            const ls_node *P = &ND(p), *Q = &ND(P->next);
            double to_u = in->asym || !row ? D(P->id, iu) : row[P->id];
            double from_u = row ? row[Q->id] : D(iu, Q->id);
            double d = R2->cpk * (to_u + from_u - (Q->cum - P->cum));
            if (d < c->c[2]) {
                if (d < c->c[1]) {
                    c->c[2] = c->c[1];
                    c->p[2] = c->p[1];
                    if (d < c->c[0]) {
                        c->c[1] = c->c[0];
                        c->p[1] = c->p[0];
                        c->c[0] = d;
                        c->p[0] = p;
                    } else {
                        c->c[1] = d;
                        c->p[1] = p;
                    }
                } else {
                    c->c[2] = d;
                    c->p[2] = p;
                }
            }
        }
        c->stamp = ls->moves;
    }
}

/* Cheapest insertion of u into v's route once v has left it; *after gets
 * the node after which u goes. */
static double insert_without(const vrp_ls *ls, int u, int v, int *after)
{
    const vrp_inst *in = ls->in;
    int rv = ND(v).route, k, pv = ND(v).prev, nv = ND(v).next;
    const ls_ins *c = &ls->ins[(size_t)rv * (size_t)in->n + (size_t)u];
    double best = HUGE_VAL;
    int iu = ND(u).id;
    for (k = 0; k < 3; k++) {
        int p = c->p[k];
        if (p < 0)
            break;
        if (p != v && ND(p).next != v) {
            best = c->c[k];
            *after = p;
            break;
        }
    }
    {
        double d = ls->rt[rv].cpk * (D(ND(pv).id, iu) + D(iu, ND(nv).id) - D(ND(pv).id, ND(nv).id));
        if (d < best) {
            best = d;
            *after = pv;
        }
    }
    return best;
}

/* Load penalty of route r with its peaks changed by +add -sub (deliveries). */
static double load_pen(const vrp_ls *ls, int r, int add, int sub)
{
    const vrp_inst *in = ls->in;
    const ls_route *R = &ls->rt[r];
    const vrp_type *ty = &in->types[R->type];
    double pen = 0.0;
    int k;
    for (k = 0; k < in->ndims; k++) {
        int d = in->dims[k];
        double load = R->sum.peak[d], cap = ty->cap[d];
        if (add >= 0)
            load += in->nseg[ND(add).id].peak[d];
        if (sub >= 0)
            load -= in->nseg[ND(sub).id].peak[d];
        if (cap >= 0.0 && load > cap)
            pen += (load - cap) * in->inv_ref[d];
    }
    return ls->w.load * pen;
}

/* Pieces of route r without `out` (may be -1) and with `inn` after `after`
 * (inn may be -1: nothing inserted; after != out). */
static int pieces_swap(const vrp_ls *ls, int r, int out, int inn, int after, ls_piece *A)
{
    const ls_route *R = &ls->rt[r];
    ls_piece one;
    one.a = one.b = inn;
    one.rev = 0;
    if (out < 0) {
        A[0] = vrp__ls_mkp(ls, R->start, after);
        A[1] = one;
        A[2] = vrp__ls_mkp(ls, ND(after).next, R->end);
        return 3;
    }
    if (inn < 0) {
        A[0] = vrp__ls_mkp(ls, R->start, ND(out).prev);
        A[1] = vrp__ls_mkp(ls, ND(out).next, R->end);
        return 2;
    }
    if (after == ND(out).prev) {
        A[0] = vrp__ls_mkp(ls, R->start, after);
        A[1] = one;
        A[2] = vrp__ls_mkp(ls, ND(out).next, R->end);
        return 3;
    }
    if (ND(after).pos < ND(out).pos) {
        A[0] = vrp__ls_mkp(ls, R->start, after);
        A[1] = one;
        A[2] = vrp__ls_mkp(ls, ND(after).next, ND(out).prev);
        A[3] = vrp__ls_mkp(ls, ND(out).next, R->end);
        return 4;
    }
    A[0] = vrp__ls_mkp(ls, R->start, ND(out).prev);
    A[1] = vrp__ls_mkp(ls, ND(out).next, after);
    A[2] = one;
    A[3] = vrp__ls_mkp(ls, ND(after).next, R->end);
    return 4;
}

int vrp__ls_swapstar(vrp_ls *ls, int r1, int r2)
{
    const vrp_inst *in = ls->in;
    const ls_route *R1 = &ls->rt[r1], *R2 = &ls->rt[r2];
    double best = -VRP_EPS, base1, base2;
    int bu = -1, bv = -1, bpu = -1, bpv = -1, u, v;
    ls_piece A[4], B[4];
    int na, nb;
    preprocess(ls, r1, r2);
    preprocess(ls, r2, r1);
    base1 = load_pen(ls, r1, -1, -1);
    base2 = load_pen(ls, r2, -1, -1);
    {
        const vrp_type *t1 = &in->types[R1->type], *t2 = &in->types[R2->type];
        double l1[VRP_DIMENSIONS], l2[VRP_DIMENSIONS], c1[VRP_DIMENSIONS], c2[VRP_DIMENSIONS],
            inv[VRP_DIMENSIONS];
        int nd = in->ndims, k;
        for (k = 0; k < nd; k++) {
            int d = in->dims[k];
            l1[k] = R1->sum.peak[d];
            l2[k] = R2->sum.peak[d];
            c1[k] = t1->cap[d] >= 0.0 ? t1->cap[d] : HUGE_VAL;
            c2[k] = t2->cap[d] >= 0.0 ? t2->cap[d] : HUGE_VAL;
            inv[k] = in->inv_ref[d];
        }
        for (u = ND(R1->start).next; u != R1->end; u = ND(u).next) {
            const double *qu = in->nseg[ND(u).id].peak;
            double ru = ls->rem[u];
            if (in->has_temps && !vrp__compat(in, ND(u).id, R2->type))
                continue;
            for (v = ND(R2->start).next; v != R2->end; v = ND(v).next) {
                const double *qv = in->nseg[ND(v).id].peak;
                double dp = 0.0, c, eu, ev;
                int pu = -1, pv = -1;
                if (in->has_temps && !vrp__compat(in, ND(v).id, R1->type))
                    continue;
                for (k = 0; k < nd; k++) {
                    int d = in->dims[k];
                    double a = l1[k] - qu[d] + qv[d], b = l2[k] + qu[d] - qv[d];
                    if (a > c1[k])
                        dp += (a - c1[k]) * inv[k];
                    if (b > c2[k])
                        dp += (b - c2[k]) * inv[k];
                }
                dp = ls->w.load * dp - base1 - base2;
                if (dp + ru + ls->rem[v] > 0.0)
                    continue;
                ev = insert_without(ls, u, v, &pu);
                eu = insert_without(ls, v, u, &pv);
                c = dp + ru + ls->rem[v] + eu + ev;
                if (c < best) {
                    best = c;
                    bu = u;
                    bv = v;
                    bpu = pu;
                    bpv = pv;
                }
            }
        }
    }
    /* Moving one stop alone to its best place in the other route. */
    for (u = ND(R1->start).next; u != R1->end; u = ND(u).next) {
        const ls_ins *c = &ls->ins[(size_t)r2 * (size_t)in->n + (size_t)u];
        double cost;
        if (c->p[0] < 0 || (in->has_temps && !vrp__compat(in, ND(u).id, R2->type)))
            continue;
        cost = ls->rem[u] + c->c[0] + load_pen(ls, r1, -1, u) - base1 + load_pen(ls, r2, u, -1) -
               base2 - (R1->n == 1 ? R1->fixed : 0.0);
        if (cost < best) {
            best = cost;
            bu = u;
            bv = -1;
            bpu = c->p[0];
            bpv = -1;
        }
    }
    for (v = ND(R2->start).next; v != R2->end; v = ND(v).next) {
        const ls_ins *c = &ls->ins[(size_t)r1 * (size_t)in->n + (size_t)v];
        double cost;
        if (c->p[0] < 0 || (in->has_temps && !vrp__compat(in, ND(v).id, R1->type)))
            continue;
        cost = ls->rem[v] + c->c[0] + load_pen(ls, r2, -1, v) - base2 + load_pen(ls, r1, v, -1) -
               base1 - (R2->n == 1 ? R2->fixed : 0.0);
        if (cost < best) {
            best = cost;
            bu = -1;
            bv = v;
            bpu = -1;
            bpv = c->p[0];
        }
    }
    if (bu < 0 && bv < 0)
        return 0;
    /* Route r1 loses bu and gains bv after bpv; r2 the other way round. */
    na = pieces_swap(ls, r1, bu, bv, bpv, A);
    nb = pieces_swap(ls, r2, bv, bu, bpu, B);
    return vrp__ls_try(ls, r1, A, na, r2, B, nb, 0.0, -1);
}

void vrp__ls_swapstar_phase(vrp_ls *ls, int loop)
{
    const vrp_inst *in = ls->in;
    int k, q;
    if (loop == 0) {
        size_t i, m = (size_t)ls->S * (size_t)in->n;
        for (i = 0; i < m; i++)
            ls->ins[i].stamp = -1;
    }
    for (k = 0; k < ls->S; k++) {
        int r1 = ls->rorder[k], u, nl = 0, j;
        long last;
        if (ls->rt[r1].n == 0)
            continue;
        if (core__poll(ls->poll)) {
            ls->timed_out = 1;
            return;
        }
        last = ls->rt[r1].swap_tested;
        ls->rt[r1].swap_tested = ls->moves;
        ls->rstamp++;
        for (u = ND(ls->rt[r1].start).next; u != ls->rt[r1].end; u = ND(u).next)
            for (q = in->nb_start[u]; q < in->nb_start[u + 1]; q++) {
                int rv = ND(ls->nbr[q]).route;
                if (rv > r1 && ls->rmark[rv] != ls->rstamp) {
                    ls->rmark[rv] = (int)ls->rstamp;
                    ls->rlist[nl++] = rv;
                }
            }
        for (j = 0; j < nl; j++) {
            int r2 = ls->rlist[j];
            if (ls->rt[r1].n == 0)
                break;
            if (ls->rt[r2].n == 0)
                continue;
            if (loop > 0 && ls->rt[r1].modified <= last && ls->rt[r2].modified <= last)
                continue;
            (void)vrp__ls_swapstar(ls, r1, r2);
        }
    }
}
