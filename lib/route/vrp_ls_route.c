/* Routes of the local search: their per-node data (cumulated distance both
 * ways, cumulated deliveries, prefix and suffix segments for the O(1)
 * concatenation of Vidal et al. 2013), the evaluation of a candidate route
 * described as a list of pieces of existing routes, and the application of a
 * move once it is known to gain.
 *
 * Every move of the local search describes the one or two routes it would
 * produce as pieces (ls_piece); vrp__ls_try() prices them and applies them.
 * Pricing is in two steps: the new distance first (from cumulated
 * distances, a few matrix reads), which with the current non-distance costs
 * gives a lower bound that rejects most moves; then the full penalised cost
 * from prefix/suffix segments (O(1) when the pieces are a prefix and a suffix
 * of routes with the same depot and speed), from cumulated deliveries (plain
 * CVRP), or by walking the middle pieces. */
#include <string.h>

#include "route/vrp_internal.h"

#define D(a, b) vrp__km(in, (a), (b))

double vrp__ls_unserved_pen(const vrp_ls *ls, int node)
{
    double p = ls->in->pen[node];
    return p >= 0.0 ? p : ls->w.miss;
}

/* Recompute positions, cumulated data, segments and the cost of route r. */
void vrp__ls_update_route(vrp_ls *ls, int r)
{
    const vrp_inst *in = ls->in;
    ls_route *R = &ls->rt[r];
    ls_node *nd = ls->nd;
    const vrp_type *ty = &in->types[R->type];
    int do_time = in->time == VRP_TIME_CONCAT, k = 0, y, p = R->start, dd;
    ls_node *P = &nd[p];
    P->pos = 0;
    P->route = r;
    P->cum = P->crev = P->cthr = 0.0;
    for (dd = 0; dd < VRP_DIMENSIONS; dd++)
        P->cdel[dd] = 0.0;
    P->tor_pre = 0;
    if (ls->use_segs)
        ls->pre[p] = in->nseg[R->depot_id];
    for (y = P->next;; y = nd[y].next) {
        ls_node *Y = &nd[y];
        k++;
        Y->pos = k;
        Y->route = r;
        Y->cum = P->cum + D(P->id, Y->id);
        Y->crev = P->crev + D(Y->id, P->id);
        Y->cthr = P->cthr + in->thr[Y->id];
        for (dd = 0; dd < in->ndims; dd++) {
            int d = in->dims[dd];
            Y->cdel[d] = P->cdel[d] + in->nseg[Y->id].del[d];
        }
        Y->tor_pre = P->tor_pre | in->temps[Y->id];
        if (ls->use_segs) {
            ls->pre[y] = ls->pre[p];
            vrp__seg_cat(in, ty->tf, do_time, &ls->pre[y], &in->nseg[Y->id]);
        }
        if (y == R->end)
            break;
        p = y;
        P = Y;
    }
    R->n = k - 1;
    R->thr = nd[R->end].cthr;
    nd[R->end].tor_suf = 0;
    if (ls->use_segs)
        ls->suf[R->end] = in->nseg[R->depot_id];
    for (y = nd[R->end].prev; y != R->start; y = nd[y].prev) {
        nd[y].tor_suf = in->temps[nd[y].id] | nd[nd[y].next].tor_suf;
        if (ls->use_segs) {
            ls->suf[y] = in->nseg[nd[y].id];
            vrp__seg_cat(in, ty->tf, do_time, &ls->suf[y], &ls->suf[nd[y].next]);
        }
    }
    nd[R->start].tor_suf = nd[nd[R->start].next].tor_suf;
    if (R->n == 0) {
        R->km = R->cost = R->nonkm = 0.0;
        memset(&R->sum, 0, sizeof R->sum);
        return;
    }
    R->km = nd[R->end].cum;
    R->sum.km = R->km;
    R->sum.dur = R->sum.tw = 0.0;
    if (ls->use_segs) {
        const vrp_seg *s = &ls->pre[R->end];
        for (dd = 0; dd < VRP_DIMENSIONS; dd++)
            R->sum.peak[dd] = s->peak[dd];
        if (do_time) {
            R->sum.dur = s->dur;
            R->sum.tw = s->tw + vrp__release_warp(s);
        }
    } else {
        for (dd = 0; dd < VRP_DIMENSIONS; dd++)
            R->sum.peak[dd] = nd[R->end].cdel[dd];
    }
    if (in->time == VRP_TIME_SCAN) {
        vrp_scan sc;
        double rel = 0.0;
        for (y = nd[R->start].next; y != R->end; y = nd[y].next)
            rel = vrp__max(rel, in->nseg[nd[y].id].rel);
        vrp__scan_start(in, R->type, rel, &sc);
        for (y = nd[R->start].next; y != R->end; y = nd[y].next)
            vrp__scan_add(in, ty->tf, &sc, nd[y].id);
        vrp__scan_finish(in, R->type, &sc, &R->sum.dur, &R->sum.tw);
    }
    R->cost = vrp__route_cost(in, &ls->w, R->type, &R->sum, NULL);
    R->nonkm = R->cost - R->cpk * R->km;
}

static int pieces_len(const vrp_ls *ls, const ls_piece *P, int np)
{
    int k, len = 0;
    for (k = 0; k < np; k++) {
        if (P[k].a < 0)
            continue;
        len += P[k].a == P[k].b ? 1 : ls->nd[P[k].b].pos - ls->nd[P[k].a].pos + 1;
    }
    return len;
}

/* Distance of route r made of the pieces. */
static double pieces_km(const vrp_ls *ls, int r, const ls_piece *P, int np)
{
    const vrp_inst *in = ls->in;
    const ls_node *nd = ls->nd;
    const ls_route *R = &ls->rt[r];
    int prev = R->depot_id, k, last = -1, first = 1;
    double km = 0.0;
    for (k = 0; k < np; k++)
        if (P[k].a >= 0)
            last = k;
    for (k = 0; k <= last; k++) {
        const ls_node *A, *B;
        if (P[k].a < 0)
            continue;
        A = &nd[P[k].a];
        B = &nd[P[k].b];
        if (!P[k].rev) {
            if (first && A->pos == 1 && A->route >= 0 && ls->rt[A->route].depot_id == R->depot_id)
                km += B->cum;
            else
                km += D(prev, A->id) + (B->cum - A->cum);
            if (k == last && B->route >= 0 && nd[B->next].depot &&
                ls->rt[B->route].depot_id == R->depot_id)
                return km + (ls->rt[B->route].km - B->cum);
            prev = B->id;
        } else {
            km += D(prev, B->id) + (B->crev - A->crev);
            prev = A->id;
        }
        first = 0;
    }
    return km + D(prev, R->depot_id);
}

static void cat_piece_nodes(const vrp_ls *ls, double tf, int do_time, vrp_seg *S,
                            const ls_piece *p)
{
    const vrp_inst *in = ls->in;
    const ls_node *nd = ls->nd;
    int y;
    if (!p->rev) {
        for (y = p->a;; y = nd[y].next) {
            vrp__seg_cat(in, tf, do_time, S, &in->nseg[nd[y].id]);
            if (y == p->b)
                break;
        }
    } else {
        for (y = p->b;; y = nd[y].prev) {
            vrp__seg_cat(in, tf, do_time, S, &in->nseg[nd[y].id]);
            if (y == p->a)
                break;
        }
    }
}

/* Write the node indices of the pieces into buf; returns their number. */
static int materialise(const vrp_ls *ls, const ls_piece *P, int np, int *buf)
{
    const ls_node *nd = ls->nd;
    int k, len = 0, y;
    for (k = 0; k < np; k++) {
        if (P[k].a < 0)
            continue;
        if (!P[k].rev) {
            for (y = P[k].a;; y = nd[y].next) {
                buf[len++] = y;
                if (y == P[k].b)
                    break;
            }
        } else {
            for (y = P[k].b;; y = nd[y].prev) {
                buf[len++] = y;
                if (y == P[k].a)
                    break;
            }
        }
    }
    return len;
}

/* Duration and time warp of route R made of the pieces, by a scan (several
 * windows at some stop), leaving at the latest release of its stops. */
static void scan_pieces(vrp_ls *ls, const ls_route *R, const ls_piece *P, int np, vrp_sum *sum)
{
    const vrp_inst *in = ls->in;
    const ls_node *nd = ls->nd;
    int n = materialise(ls, P, np, ls->seqbuf), i;
    double rel = 0.0;
    vrp_scan sc;
    for (i = 0; i < n; i++)
        rel = vrp__max(rel, in->nseg[nd[ls->seqbuf[i]].id].rel);
    vrp__scan_start(in, R->type, rel, &sc);
    for (i = 0; i < n; i++)
        vrp__scan_add(in, in->types[R->type].tf, &sc, nd[ls->seqbuf[i]].id);
    vrp__scan_finish(in, R->type, &sc, &sum->dur, &sum->tw);
}

/* Penalised cost of route r made of the pieces (len stops, distance km). */
static double pieces_cost(vrp_ls *ls, int r, const ls_piece *P, int np, double km, int len)
{
    const vrp_inst *in = ls->in;
    const ls_node *nd = ls->nd;
    const ls_route *R = &ls->rt[r];
    const vrp_type *ty = &in->types[R->type];
    vrp_sum sum;
    int k, dd;
    if (len == 0)
        return 0.0;
    sum.km = km;
    sum.dur = sum.tw = 0.0;
    if (!ls->use_segs) {
        /* Deliveries only, no times: peak load = deliveries on board. */
        for (dd = 0; dd < in->ndims; dd++)
            sum.peak[in->dims[dd]] = 0.0;
        for (k = 0; k < np; k++) {
            const ls_node *A, *B;
            if (P[k].a < 0)
                continue;
            A = &nd[P[k].a];
            B = &nd[P[k].b];
            for (dd = 0; dd < in->ndims; dd++) {
                int d = in->dims[dd];
                sum.peak[d] += P[k].a == P[k].b ? in->nseg[A->id].del[d]
                                                : B->cdel[d] - A->cdel[d] + in->nseg[A->id].del[d];
            }
        }
        if (in->time == VRP_TIME_SCAN) {
            scan_pieces(ls, R, P, np, &sum);
        }
    } else {
        int do_time = in->time == VRP_TIME_CONCAT, k0 = 0, kl = np - 1, closed = 0;
        vrp_seg S;
        while (k0 < np && P[k0].a < 0)
            k0++;
        while (kl >= 0 && P[kl].a < 0)
            kl--;
        {
            const ls_node *A = &nd[P[k0].a];
            if (!P[k0].rev && A->route >= 0 && A->pos == 1 &&
                ls->rt[A->route].rclass == R->rclass) {
                S = ls->pre[P[k0].b];
                k0++;
            } else {
                S = in->nseg[R->depot_id];
            }
        }
        for (k = k0; k <= kl; k++) {
            const ls_node *B;
            if (P[k].a < 0)
                continue;
            B = &nd[P[k].b];
            if (k == kl && !P[k].rev && B->route >= 0 && nd[B->next].depot &&
                ls->rt[B->route].rclass == R->rclass) {
                vrp__seg_cat(in, ty->tf, do_time, &S, &ls->suf[P[k].a]);
                closed = 1;
            } else {
                cat_piece_nodes(ls, ty->tf, do_time, &S, &P[k]);
            }
        }
        if (!closed)
            vrp__seg_cat(in, ty->tf, do_time, &S, &in->nseg[R->depot_id]);
        for (dd = 0; dd < VRP_DIMENSIONS; dd++)
            sum.peak[dd] = S.peak[dd];
        if (do_time) {
            sum.dur = S.dur;
            sum.tw = S.tw + vrp__release_warp(&S);
        } else if (in->time == VRP_TIME_SCAN) {
            scan_pieces(ls, R, P, np, &sum);
        }
    }
    return vrp__route_cost(in, &ls->w, R->type, &sum, NULL);
}

/* kg moved by the pieces (depot capacities). */
static double pieces_thr(const vrp_ls *ls, const ls_piece *P, int np)
{
    const ls_node *nd = ls->nd;
    double t = 0.0;
    int k;
    for (k = 0; k < np; k++) {
        if (P[k].a < 0)
            continue;
        t += P[k].a == P[k].b ? ls->in->thr[nd[P[k].a].id]
                              : nd[P[k].b].cthr - nd[P[k].a].cthr + ls->in->thr[nd[P[k].a].id];
    }
    return t;
}

double vrp__ls_depot_slack(const vrp_ls *ls, int r1, int r2)
{
    const vrp_inst *in = ls->in;
    int d1, d2;
    double s;
    if (!in->has_dcap)
        return 0.0;
    d1 = ls->rt[r1].depot_id;
    s = vrp__depot_pen(in, &ls->w, d1, ls->dload[d1]);
    if (r2 >= 0 && (d2 = ls->rt[r2].depot_id) != d1)
        s += vrp__depot_pen(in, &ls->w, d2, ls->dload[d2]);
    return s;
}

/* Change of the depot penalties when routes r1 and r2 (r2 < 0: none) move
 * thr1 and thr2 kg instead of what they move now. */
static double depot_delta(const vrp_ls *ls, int r1, double thr1, int r2, double thr2)
{
    const vrp_inst *in = ls->in;
    const ls_route *R1 = &ls->rt[r1], *R2 = r2 >= 0 ? &ls->rt[r2] : NULL;
    int d1 = R1->depot_id, d2 = R2 ? R2->depot_id : -1;
    double before = vrp__depot_pen(in, &ls->w, d1, ls->dload[d1]);
    double l1 = ls->dload[d1] + thr1 - R1->thr, after;
    if (R2 && d2 == d1) {
        l1 += thr2 - R2->thr;
        return vrp__depot_pen(in, &ls->w, d1, l1) - before;
    }
    after = vrp__depot_pen(in, &ls->w, d1, l1);
    if (R2) {
        before += vrp__depot_pen(in, &ls->w, d2, ls->dload[d2]);
        after += vrp__depot_pen(in, &ls->w, d2, ls->dload[d2] + thr2 - R2->thr);
    }
    return after - before;
}

static void relink(vrp_ls *ls, int r, const int *buf, int len)
{
    ls_node *nd = ls->nd;
    const ls_route *R = &ls->rt[r];
    int prev = R->start, k;
    for (k = 0; k < len; k++) {
        nd[prev].next = buf[k];
        nd[buf[k]].prev = prev;
        prev = buf[k];
    }
    nd[prev].next = R->end;
    nd[R->end].prev = prev;
}

static void refresh_empty(vrp_ls *ls, int type)
{
    const vrp_inst *in = ls->in;
    int s, e = in->type_slot0[type] + in->type_nslots[type];
    ls->empty[type] = -1;
    for (s = in->type_slot0[type]; s < e; s++)
        if (ls->rt[s].n == 0) {
            ls->empty[type] = s;
            return;
        }
}

int vrp__ls_try(vrp_ls *ls, int r1, const ls_piece *P1, int n1, int r2, const ls_piece *P2,
                int n2, double extra, int drop)
{
    ls_route *R1 = &ls->rt[r1], *R2 = r2 >= 0 ? &ls->rt[r2] : NULL;
    int len1 = pieces_len(ls, P1, n1), len2 = 0, was1 = R1->n, was2 = 0;
    double km1 = len1 ? pieces_km(ls, r1, P1, n1) : 0.0, km2 = 0.0, lb, delta;
    double thr1 = 0.0, thr2 = 0.0;
    lb = extra + R1->cpk * (km1 - R1->km) + (len1 ? R1->fixed : 0.0) - R1->nonkm;
    if (R2) {
        len2 = pieces_len(ls, P2, n2);
        km2 = len2 ? pieces_km(ls, r2, P2, n2) : 0.0;
        lb += R2->cpk * (km2 - R2->km) + (len2 ? R2->fixed : 0.0) - R2->nonkm;
        was2 = R2->n;
    }
    lb -= vrp__ls_depot_slack(ls, r1, r2);
    if (lb > -VRP_EPS)
        return 0;
    delta = extra + pieces_cost(ls, r1, P1, n1, km1, len1) - R1->cost;
    if (R2)
        delta += pieces_cost(ls, r2, P2, n2, km2, len2) - R2->cost;
    if (ls->in->has_dcap) {
        thr1 = len1 ? pieces_thr(ls, P1, n1) : 0.0;
        thr2 = R2 && len2 ? pieces_thr(ls, P2, n2) : 0.0;
        delta += depot_delta(ls, r1, thr1, R2 ? r2 : -1, thr2);
    }
    if (delta > -VRP_EPS)
        return 0;
    if (ls->in->has_dcap) {
        ls->dload[R1->depot_id] += thr1 - R1->thr;
        if (R2)
            ls->dload[R2->depot_id] += thr2 - R2->thr;
    }
    /* Apply: materialise both routes before relinking either. */
    len1 = materialise(ls, P1, n1, ls->buf[0]);
    if (R2)
        len2 = materialise(ls, P2, n2, ls->buf[1]);
    relink(ls, r1, ls->buf[0], len1);
    if (R2)
        relink(ls, r2, ls->buf[1], len2);
    if (drop >= 0) {
        ls->nd[drop].route = -1;
        ls->nd[drop].prev = ls->nd[drop].next = -1;
    }
    vrp__ls_update_route(ls, r1);
    if (R2)
        vrp__ls_update_route(ls, r2);
    ls->moves++;
    R1->modified = ls->moves;
    if (R2)
        R2->modified = ls->moves;
    ls->done = 0;
    if ((was1 == 0) != (R1->n == 0))
        refresh_empty(ls, R1->type);
    if (R2 && (was2 == 0) != (R2->n == 0))
        refresh_empty(ls, R2->type);
    return 1;
}
