/* The local search of the hybrid genetic search (Vidal 2022, section 4):
 * for each stop U in random order and each V among U's granular neighbours,
 * the moves relocate (U, the pair U-X, the pair reversed), swap (U with V,
 * U-X with V, U-X with V-Y), 2-opt inside a route (also from a depot) and
 * 2-opt* between routes,
 * also with V the depot before a route's first stop; first improvement;
 * pairs of routes unchanged since U was last tested are skipped.  Moves into
 * an empty vehicle (one per type) and whole routes handed over to an empty
 * vehicle of another type from the second loop on, SWAP* between
 * neighbouring routes (vrp_ls_swapstar.c), and for stops that may be left
 * out: removal, insertion next to a neighbour, and replacement of a
 * neighbour.  Ends when a whole loop finds nothing.
 *
 * Each move describes its routes as pieces of the current ones; pricing and
 * application are in vrp_ls_route.c.  No allocation after vrp__ls_new(). */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp_internal.h"

#define ND(i) (ls->nd[i])
/* SWAP* caches three insertions per (route, stop): 48 bytes each; past this
 * many (about 200 MB) SWAP* is left out rather than the memory spent. */
#define SWAPSTAR_MAX_CACHE 4e6
#define START(r) (ls->rt[r].start)
#define END(r) (ls->rt[r].end)

static ls_piece one(int u)
{
    ls_piece p;
    p.a = p.b = u;
    p.rev = 0;
    return p;
}

static ls_piece rev(ls_piece p)
{
    p.rev = 1;
    return p;
}

static int compat(const vrp_ls *ls, int u, int r)
{
    return !ls->in->has_temps || vrp__compat(ls->in, ls->nd[u].id, ls->rt[r].type);
}

static int compat_bits(const vrp_ls *ls, unsigned int bits, int r)
{
    return (bits & ~ls->in->types[ls->rt[r].type].temps) == 0;
}

/* Distance between the nodes of local-search nodes a and b. */
#define DN(a, b) vrp__km(ls->in, ls->nd[a].id, ls->nd[b].id)

/* Quick rejection before the pieces are built: d1 (d2) is the change of
 * distance of route r1 (r2; -1 when the move stays in r1, d1 then being the
 * total), n1 (n2) its number of stops after the move.  The lower bound of
 * vrp__ls_try(): new distance costs plus fixed costs, minus the current
 * costs; penalties and time costs can at best vanish. */
static inline int hopeless(const vrp_ls *ls, int r1, double d1, int n1, int r2, double d2, int n2)
{
    const ls_route *A = &ls->rt[r1];
    double lb = A->cpk * d1 + (n1 ? A->fixed : 0.0) - A->nonkm;
    if (r2 >= 0) {
        const ls_route *B = &ls->rt[r2];
        lb += B->cpk * d2 + (n2 ? B->fixed : 0.0) - B->nonkm;
    }
    if (ls->in->has_dcap)
        lb -= vrp__ls_depot_slack(ls, r1, r2);
    return lb > -VRP_EPS;
}

vrp_ls *vrp__ls_new(const vrp_inst *in, vrp_rng *rng, core_poll *poll)
{
    vrp_ls *ls = core__calloc(1, sizeof *ls);
    size_t nn;
    int s;
    if (!ls)
        return NULL;
    ls->in = in;
    ls->rng = rng;
    ls->poll = poll;
    ls->S = in->n_slots;
    nn = (size_t)in->n + 2 * (size_t)ls->S;
    ls->nd = core__calloc(nn, sizeof *ls->nd);
    ls->rt = core__calloc((size_t)ls->S + 1, sizeof *ls->rt);
    ls->order = core__calloc((size_t)in->n_servable + 1, sizeof *ls->order);
    ls->rorder = core__calloc((size_t)ls->S + 1, sizeof *ls->rorder);
    ls->nbr = core__calloc((size_t)in->nb_start[in->n] + 1, sizeof *ls->nbr);
    ls->buf[0] = core__calloc((size_t)in->n_servable + 2, sizeof(int));
    ls->buf[1] = core__calloc((size_t)in->n_servable + 2, sizeof(int));
    ls->seqbuf = core__calloc((size_t)in->n_servable + 2, sizeof(int));
    ls->empty = core__calloc((size_t)in->nt, sizeof *ls->empty);
    ls->dload = core__calloc((size_t)in->nd, sizeof *ls->dload);
    ls->use_segs = in->time == VRP_TIME_CONCAT || in->has_pickup;
    if (!ls->nd || !ls->rt || !ls->order || !ls->rorder || !ls->nbr || !ls->buf[0] ||
        !ls->buf[1] || !ls->seqbuf || !ls->empty || !ls->dload)
        goto fail;
    if (ls->use_segs) {
        ls->pre = core__calloc(nn, sizeof *ls->pre);
        ls->suf = core__calloc(nn, sizeof *ls->suf);
        if (!ls->pre || !ls->suf)
            goto fail;
    }
    if (in->swapstar && ls->S > 1 && (double)ls->S * (double)in->n <= SWAPSTAR_MAX_CACHE) {
        ls->ins = core__calloc((size_t)ls->S * (size_t)in->n, sizeof *ls->ins);
        ls->rem = core__calloc((size_t)in->n, sizeof *ls->rem);
        ls->rmark = core__calloc((size_t)ls->S, sizeof *ls->rmark);
        ls->rlist = core__calloc((size_t)ls->S, sizeof *ls->rlist);
        if (!ls->ins || !ls->rem || !ls->rmark || !ls->rlist)
            goto fail;
    }
    memcpy(ls->nbr, in->nb, (size_t)in->nb_start[in->n] * sizeof *ls->nbr);
    memcpy(ls->order, in->stops, (size_t)in->n_servable * sizeof *ls->order);
    for (s = 0; s < (int)nn; s++) {
        ls->nd[s].id = s;
        ls->nd[s].route = -1;
        ls->nd[s].prev = ls->nd[s].next = -1;
    }
    for (s = 0; s < ls->S; s++) {
        ls_route *R = &ls->rt[s];
        const vrp_type *ty = &in->types[in->slot_type[s]];
        R->type = in->slot_type[s];
        R->start = in->n + 2 * s;
        R->end = in->n + 2 * s + 1;
        R->depot_id = ty->depot;
        R->rclass = ty->rclass;
        R->cpk = ty->cpk;
        R->fixed = ty->fixed;
        ls->nd[R->start].id = ls->nd[R->end].id = ty->depot;
        ls->nd[R->start].depot = ls->nd[R->end].depot = 1;
        ls->rorder[s] = s;
    }
    return ls;
fail:
    vrp__ls_free(ls);
    return NULL;
}

void vrp__ls_free(vrp_ls *ls)
{
    if (!ls)
        return;
    free(ls->nd);
    free(ls->pre);
    free(ls->suf);
    free(ls->rt);
    free(ls->order);
    free(ls->rorder);
    free(ls->nbr);
    free(ls->buf[0]);
    free(ls->buf[1]);
    free(ls->seqbuf);
    free(ls->empty);
    free(ls->dload);
    free(ls->ins);
    free(ls->rem);
    free(ls->rmark);
    free(ls->rlist);
    free(ls);
}

unsigned long vrp__ls_moves(const vrp_ls *ls)
{
    return (unsigned long)ls->moves;
}

/* ------------------------------------------------------------------ moves */

/* 1: U after V. */
static int m_relocate(vrp_ls *ls, int u, int v)
{
    const ls_node *U = &ND(u), *V = &ND(v);
    int ru = U->route, rv = V->route, x = U->next, y = V->next, pu = U->prev;
    ls_piece A[4], B[3];
    double du, dv;
    if (u == y || u == v)
        return 0;
    du = DN(pu, x) - DN(pu, u) - DN(u, x);
    dv = DN(v, u) + DN(u, y) - DN(v, y);
    if (ru != rv) {
        if (hopeless(ls, ru, du, ls->rt[ru].n - 1, rv, dv, 1) || !compat(ls, u, rv))
            return 0;
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = vrp__ls_mkp(ls, x, END(ru));
        B[0] = vrp__ls_mkp(ls, START(rv), v);
        B[1] = one(u);
        B[2] = vrp__ls_mkp(ls, y, END(rv));
        return vrp__ls_try(ls, ru, A, 2, rv, B, 3, 0.0, -1);
    }
    if (hopeless(ls, ru, du + dv, 1, -1, 0.0, 0))
        return 0;
    if (V->pos < U->pos) {
        A[0] = vrp__ls_mkp(ls, START(ru), v);
        A[1] = one(u);
        A[2] = vrp__ls_mkp(ls, y, pu);
        A[3] = vrp__ls_mkp(ls, x, END(ru));
    } else {
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = vrp__ls_mkp(ls, x, v);
        A[2] = one(u);
        A[3] = vrp__ls_mkp(ls, y, END(ru));
    }
    return vrp__ls_try(ls, ru, A, 4, -1, NULL, 0, 0.0, -1);
}

/* 2 and 3: the pair U-X after V, kept (reversed = 0) or reversed. */
static int m_relocate_pair(vrp_ls *ls, int u, int v, int reversed)
{
    const ls_node *U = &ND(u), *V = &ND(v);
    int ru = U->route, rv = V->route, x = U->next, y = V->next, pu = U->prev, xx;
    ls_piece A[4], B[3], UX;
    double du, dv;
    if (ND(x).depot || v == x || u == y || u == v)
        return 0;
    xx = ND(x).next;
    du = DN(pu, xx) - DN(pu, u) - DN(x, xx);
    dv = reversed ? DN(v, x) + DN(x, u) - DN(u, x) + DN(u, y) - DN(v, y)
                  : DN(v, u) + DN(x, y) - DN(v, y);
    if (ru != rv ? hopeless(ls, ru, du, 1, rv, dv, 1) : hopeless(ls, ru, du + dv, 1, -1, 0.0, 0))
        return 0;
    UX = vrp__ls_mkp(ls, u, x);
    if (reversed)
        UX = rev(UX);
    if (ru != rv) {
        if (!compat(ls, u, rv) || !compat(ls, x, rv))
            return 0;
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = vrp__ls_mkp(ls, xx, END(ru));
        B[0] = vrp__ls_mkp(ls, START(rv), v);
        B[1] = UX;
        B[2] = vrp__ls_mkp(ls, y, END(rv));
        return vrp__ls_try(ls, ru, A, 2, rv, B, 3, 0.0, -1);
    }
    if (V->pos < U->pos) {
        A[0] = vrp__ls_mkp(ls, START(ru), v);
        A[1] = UX;
        A[2] = vrp__ls_mkp(ls, y, pu);
        A[3] = vrp__ls_mkp(ls, xx, END(ru));
    } else {
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = vrp__ls_mkp(ls, xx, v);
        A[2] = UX;
        A[3] = vrp__ls_mkp(ls, y, END(ru));
    }
    return vrp__ls_try(ls, ru, A, 4, -1, NULL, 0, 0.0, -1);
}

/* 4: swap U and V. */
static int m_swap(vrp_ls *ls, int u, int v)
{
    const ls_node *U = &ND(u), *V = &ND(v);
    int ru = U->route, rv = V->route, x = U->next, y = V->next, pu = U->prev, pv = V->prev;
    ls_piece A[5], B[3];
    double du, dv;
    if (V->depot || u == pv || u == y || u == v)
        return 0;
    du = DN(pu, v) + DN(v, x) - DN(pu, u) - DN(u, x);
    dv = DN(pv, u) + DN(u, y) - DN(pv, v) - DN(v, y);
    if (ru != rv ? hopeless(ls, ru, du, 1, rv, dv, 1) : hopeless(ls, ru, du + dv, 1, -1, 0.0, 0))
        return 0;
    if (ru != rv) {
        if (!compat(ls, u, rv) || !compat(ls, v, ru))
            return 0;
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = one(v);
        A[2] = vrp__ls_mkp(ls, x, END(ru));
        B[0] = vrp__ls_mkp(ls, START(rv), pv);
        B[1] = one(u);
        B[2] = vrp__ls_mkp(ls, y, END(rv));
        return vrp__ls_try(ls, ru, A, 3, rv, B, 3, 0.0, -1);
    }
    if (U->pos < V->pos) {
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = one(v);
        A[2] = vrp__ls_mkp(ls, x, pv);
        A[3] = one(u);
        A[4] = vrp__ls_mkp(ls, y, END(ru));
    } else {
        A[0] = vrp__ls_mkp(ls, START(ru), pv);
        A[1] = one(u);
        A[2] = vrp__ls_mkp(ls, y, pu);
        A[3] = one(v);
        A[4] = vrp__ls_mkp(ls, x, END(ru));
    }
    return vrp__ls_try(ls, ru, A, 5, -1, NULL, 0, 0.0, -1);
}

/* 5: swap the pair U-X with V. */
static int m_swap21(vrp_ls *ls, int u, int v)
{
    const ls_node *U = &ND(u), *V = &ND(v);
    int ru = U->route, rv = V->route, x = U->next, y = V->next, pu = U->prev, pv = V->prev, xx;
    ls_piece A[5], B[3], UX;
    double du, dv;
    if (V->depot || ND(x).depot || u == pv || x == pv || u == y || x == v || u == v)
        return 0;
    xx = ND(x).next;
    du = DN(pu, v) + DN(v, xx) - DN(pu, u) - DN(x, xx);
    dv = DN(pv, u) + DN(x, y) - DN(pv, v) - DN(v, y);
    if (ru != rv ? hopeless(ls, ru, du, 1, rv, dv, 1) : hopeless(ls, ru, du + dv, 1, -1, 0.0, 0))
        return 0;
    UX = vrp__ls_mkp(ls, u, x);
    if (ru != rv) {
        if (!compat(ls, u, rv) || !compat(ls, x, rv) || !compat(ls, v, ru))
            return 0;
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = one(v);
        A[2] = vrp__ls_mkp(ls, xx, END(ru));
        B[0] = vrp__ls_mkp(ls, START(rv), pv);
        B[1] = UX;
        B[2] = vrp__ls_mkp(ls, y, END(rv));
        return vrp__ls_try(ls, ru, A, 3, rv, B, 3, 0.0, -1);
    }
    if (U->pos < V->pos) {
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = one(v);
        A[2] = vrp__ls_mkp(ls, xx, pv);
        A[3] = UX;
        A[4] = vrp__ls_mkp(ls, y, END(ru));
    } else {
        A[0] = vrp__ls_mkp(ls, START(ru), pv);
        A[1] = UX;
        A[2] = vrp__ls_mkp(ls, y, pu);
        A[3] = one(v);
        A[4] = vrp__ls_mkp(ls, xx, END(ru));
    }
    return vrp__ls_try(ls, ru, A, 5, -1, NULL, 0, 0.0, -1);
}

/* 6: swap the pairs U-X and V-Y. */
static int m_swap22(vrp_ls *ls, int u, int v)
{
    const ls_node *U = &ND(u), *V = &ND(v);
    int ru = U->route, rv = V->route, x = U->next, y = V->next, pu = U->prev, pv = V->prev, xx,
        yy;
    ls_piece A[5], B[3], UX, VY;
    double du, dv;
    if (V->depot || ND(x).depot || ND(y).depot || y == pu || u == y || x == v || u == v)
        return 0;
    xx = ND(x).next;
    yy = ND(y).next;
    if (v == xx)
        return 0;
    du = DN(pu, v) + DN(y, xx) - DN(pu, u) - DN(x, xx);
    dv = DN(pv, u) + DN(x, yy) - DN(pv, v) - DN(y, yy);
    if (ru != rv ? hopeless(ls, ru, du, 1, rv, dv, 1) : hopeless(ls, ru, du + dv, 1, -1, 0.0, 0))
        return 0;
    UX = vrp__ls_mkp(ls, u, x);
    VY = vrp__ls_mkp(ls, v, y);
    if (ru != rv) {
        if (!compat(ls, u, rv) || !compat(ls, x, rv) || !compat(ls, v, ru) || !compat(ls, y, ru))
            return 0;
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = VY;
        A[2] = vrp__ls_mkp(ls, xx, END(ru));
        B[0] = vrp__ls_mkp(ls, START(rv), pv);
        B[1] = UX;
        B[2] = vrp__ls_mkp(ls, yy, END(rv));
        return vrp__ls_try(ls, ru, A, 3, rv, B, 3, 0.0, -1);
    }
    if (U->pos < V->pos) {
        A[0] = vrp__ls_mkp(ls, START(ru), pu);
        A[1] = VY;
        A[2] = vrp__ls_mkp(ls, xx, pv);
        A[3] = UX;
        A[4] = vrp__ls_mkp(ls, yy, END(ru));
    } else {
        A[0] = vrp__ls_mkp(ls, START(ru), pv);
        A[1] = UX;
        A[2] = vrp__ls_mkp(ls, yy, pu);
        A[3] = VY;
        A[4] = vrp__ls_mkp(ls, xx, END(ru));
    }
    return vrp__ls_try(ls, ru, A, 5, -1, NULL, 0, 0.0, -1);
}

/* 7: 2-opt inside a route: reverse X..V (U before V). */
static int m_2opt(vrp_ls *ls, int u, int v)
{
    const ls_node *U = &ND(u), *V = &ND(v);
    int r = U->route, x = U->next;
    ls_piece A[3];
    if (V->depot || U->pos >= V->pos || x == v)
        return 0;
    if (hopeless(ls, r,
                 DN(u, v) + DN(x, V->next) - DN(u, x) - DN(v, V->next) + (V->crev - ND(x).crev) -
                     (V->cum - ND(x).cum),
                 1, -1, 0.0, 0))
        return 0;
    A[0] = vrp__ls_mkp(ls, START(r), u);
    A[1] = rev(vrp__ls_mkp(ls, x, v));
    A[2] = vrp__ls_mkp(ls, V->next, END(r));
    return vrp__ls_try(ls, r, A, 3, -1, NULL, 0, 0.0, -1);
}

/* 2-opt with a depot as one end: reverse the route's start up to U, or its
 * end from U (a whole route reversed matters with pickups, windows or an
 * asymmetric matrix). */
static int m_2opt_depot(vrp_ls *ls, int u)
{
    const ls_node *U = &ND(u);
    int r = U->route;
    ls_piece A[2];
    A[0] = rev(vrp__ls_mkp(ls, START(r), u));
    A[1] = vrp__ls_mkp(ls, U->next, END(r));
    if (vrp__ls_try(ls, r, A, 2, -1, NULL, 0, 0.0, -1))
        return 1;
    U = &ND(u);
    r = U->route;
    A[0] = vrp__ls_mkp(ls, START(r), U->prev);
    A[1] = rev(vrp__ls_mkp(ls, u, END(r)));
    return vrp__ls_try(ls, r, A, 2, -1, NULL, 0, 0.0, -1);
}

/* 8: 2-opt* (U,X),(V,Y) -> (U,V),(X,Y): start of U's route then V's start
 * reversed; X's end reversed then Y's end. */
static int m_2optstar_rev(vrp_ls *ls, int u, int v)
{
    const ls_node *U = &ND(u), *V = &ND(v);
    int ru = U->route, rv = V->route, x = U->next, y = V->next;
    ls_piece A[2], B[2];
    if (ls->rt[ru].depot_id == ls->rt[rv].depot_id) {
        const ls_node *X = &ND(x), *Y = &ND(y);
        const ls_route *RU = &ls->rt[ru], *RV = &ls->rt[rv];
        double ku = U->cum + DN(u, v) + V->crev;
        double kv = ND(END(ru)).crev - X->crev + DN(x, y) + (RV->km - Y->cum);
        if (hopeless(ls, ru, ku - RU->km, U->pos + V->pos, rv, kv - RV->km,
                     RU->n - U->pos + RV->n - V->pos))
            return 0;
    }
    if (ls->in->has_temps &&
        (!compat_bits(ls, V->tor_pre, ru) || !compat_bits(ls, ND(x).tor_suf, rv)))
        return 0;
    A[0] = vrp__ls_mkp(ls, START(ru), u);
    A[1] = rev(vrp__ls_mkp(ls, START(rv), v));
    B[0] = rev(vrp__ls_mkp(ls, x, END(ru)));
    B[1] = vrp__ls_mkp(ls, y, END(rv));
    return vrp__ls_try(ls, ru, A, 2, rv, B, 2, 0.0, -1);
}

/* 9: 2-opt* (U,X),(V,Y) -> (U,Y),(V,X): the routes exchange their ends. */
static int m_2optstar(vrp_ls *ls, int u, int v)
{
    const ls_node *U = &ND(u), *V = &ND(v);
    int ru = U->route, rv = V->route, x = U->next, y = V->next;
    ls_piece A[2], B[2];
    if (ls->rt[ru].depot_id == ls->rt[rv].depot_id) {
        const ls_route *RU = &ls->rt[ru], *RV = &ls->rt[rv];
        double ku = U->cum + DN(u, y) + (RV->km - ND(y).cum);
        double kv = V->cum + DN(v, x) + (RU->km - ND(x).cum);
        if (hopeless(ls, ru, ku - RU->km, U->pos + RV->n - V->pos, rv, kv - RV->km,
                     V->pos + RU->n - U->pos))
            return 0;
    }
    if (ls->in->has_temps &&
        (!compat_bits(ls, ND(y).tor_suf, ru) || !compat_bits(ls, ND(x).tor_suf, rv)))
        return 0;
    A[0] = vrp__ls_mkp(ls, START(ru), u);
    A[1] = vrp__ls_mkp(ls, y, END(rv));
    B[0] = vrp__ls_mkp(ls, START(rv), v);
    B[1] = vrp__ls_mkp(ls, x, END(ru));
    return vrp__ls_try(ls, ru, A, 2, rv, B, 2, 0.0, -1);
}

/* Stops that may be left out. */
static int m_remove(vrp_ls *ls, int u)
{
    const ls_node *U = &ND(u);
    int r = U->route;
    ls_piece A[2];
    A[0] = vrp__ls_mkp(ls, START(r), U->prev);
    A[1] = vrp__ls_mkp(ls, U->next, END(r));
    return vrp__ls_try(ls, r, A, 2, -1, NULL, 0, vrp__ls_unserved_pen(ls, U->id), u);
}

/* Insert unserved U after V (a stop or a start depot). */
static int m_insert(vrp_ls *ls, int u, int v)
{
    int rv = ND(v).route;
    ls_piece B[3];
    if (!compat(ls, u, rv))
        return 0;
    B[0] = vrp__ls_mkp(ls, START(rv), v);
    B[1] = one(u);
    B[2] = vrp__ls_mkp(ls, ND(v).next, END(rv));
    return vrp__ls_try(ls, rv, B, 3, -1, NULL, 0, -vrp__ls_unserved_pen(ls, ND(u).id), -1);
}

/* Unserved U takes the place of V, which is left out. */
static int m_replace(vrp_ls *ls, int u, int v)
{
    int rv = ND(v).route;
    ls_piece B[3];
    if (ls->in->pen[ND(v).id] < 0.0 || !compat(ls, u, rv))
        return 0;
    B[0] = vrp__ls_mkp(ls, START(rv), ND(v).prev);
    B[1] = one(u);
    B[2] = vrp__ls_mkp(ls, ND(v).next, END(rv));
    return vrp__ls_try(ls, rv, B, 3,  -1, NULL, 0,
                       vrp__ls_unserved_pen(ls, ND(v).id) - vrp__ls_unserved_pen(ls, ND(u).id), v);
}

static void try_unserved(vrp_ls *ls, int u, int loop)
{
    const vrp_inst *in = ls->in;
    int q, t;
    for (q = in->nb_start[u]; q < in->nb_start[u + 1]; q++) {
        int v = ls->nbr[q];
        if (ND(v).route < 0)
            continue;
        if (m_insert(ls, u, v) || m_insert(ls, u, ND(v).prev))
            return;
    }
    for (q = in->nb_start[u]; q < in->nb_start[u + 1]; q++) {
        int v = ls->nbr[q];
        if (ND(v).route >= 0 && m_replace(ls, u, v))
            return;
    }
    if (loop > 0)
        for (t = 0; t < in->nt; t++)
            if (ls->empty[t] >= 0 && m_insert(ls, u, START(ls->empty[t])))
                return;
}

/* Hand a whole route over to an empty vehicle of another type (several
 * types only): the only way to change a route's vehicle in one move. */
static void change_vehicles(vrp_ls *ls)
{
    const vrp_inst *in = ls->in;
    int k, t;
    for (k = 0; k < ls->S; k++) {
        int r = ls->rorder[k];
        ls_piece A[1], E[1];
        if (ls->rt[r].n == 0)
            continue;
        for (t = 0; t < in->nt; t++) {
            int e = ls->empty[t];
            if (e < 0 || t == ls->rt[r].type ||
                (in->has_temps && !compat_bits(ls, ND(START(r)).tor_suf, e)))
                continue;
            A[0] = vrp__ls_mkp(ls, START(r), END(r));
            E[0].a = E[0].b = LS_NONE;
            E[0].rev = 0;
            if (vrp__ls_try(ls, e, A, 1, r, E, 1, 0.0, -1))
                break;
        }
    }
}

static int timed_out(vrp_ls *ls)
{
    if (!ls->timed_out && ls->poll && (ls->poll->stop || ++ls->checks >= 64)) {
        ls->checks = 0;
        if (core__poll(ls->poll))
            ls->timed_out = 1;
    }
    return ls->timed_out;
}

static void search(vrp_ls *ls)
{
    const vrp_inst *in = ls->in;
    int loop, k, q, t, r;
    ls->moves = 0;
    ls->timed_out = 0;
    ls->checks = 0;
    for (k = 0; k < in->n_servable; k++)
        ND(in->stops[k]).tested = -1;
    for (r = 0; r < ls->S; r++) {
        ls->rt[r].modified = 0;
        ls->rt[r].swap_tested = -1;
    }
    vrp__rng_shuffle(ls->rng, ls->order, in->n_servable);
    vrp__rng_shuffle(ls->rng, ls->rorder, ls->S);
    for (k = 0; k < in->n_servable; k++) {
        int i = in->stops[k], g = in->nb_start[i + 1] - in->nb_start[i];
        if (g > 1 && vrp__rng_below(ls->rng, g) == 0)
            vrp__rng_shuffle(ls->rng, ls->nbr + in->nb_start[i], g);
    }
    ls->done = 0;
    for (loop = 0; !ls->done; loop++) {
        if (loop > 1)
            ls->done = 1;
        for (k = 0; k < in->n_servable; k++) {
            int u = ls->order[k];
            long last = ND(u).tested;
            if (timed_out(ls))
                return;
            ND(u).tested = ls->moves;
            if (ND(u).route < 0) {
                try_unserved(ls, u, loop);
                continue;
            }
            if (in->pen[u] >= 0.0 && m_remove(ls, u))
                continue;
            if ((loop == 0 || ls->rt[ND(u).route].modified > last) && m_2opt_depot(ls, u))
                continue;
            for (q = in->nb_start[u]; q < in->nb_start[u + 1]; q++) {
                int v = ls->nbr[q], ru, rv;
                rv = ND(v).route;
                ru = ND(u).route;
                if (rv < 0 || ru < 0)
                    continue;
                if (loop > 0 && ls->rt[ru].modified <= last && ls->rt[rv].modified <= last)
                    continue;
                if (m_relocate(ls, u, v) || m_relocate_pair(ls, u, v, 0) ||
                    m_relocate_pair(ls, u, v, 1))
                    continue;
                if (u <= v && m_swap(ls, u, v))
                    continue;
                if (m_swap21(ls, u, v))
                    continue;
                if (u <= v && m_swap22(ls, u, v))
                    continue;
                if (ru == rv) {
                    if (m_2opt(ls, u, v))
                        continue;
                } else if (m_2optstar_rev(ls, u, v) || m_2optstar(ls, u, v)) {
                    continue;
                }
                if (ND(ND(v).prev).depot) {
                    int d = ND(v).prev;
                    if (m_relocate(ls, u, d) || m_relocate_pair(ls, u, d, 0) ||
                        m_relocate_pair(ls, u, d, 1))
                        continue;
                    if (ND(u).route != rv && (m_2optstar_rev(ls, u, d) || m_2optstar(ls, u, d)))
                        continue;
                }
            }
            if (loop > 0 && ND(u).route >= 0)
                for (t = 0; t < in->nt; t++) {
                    int e = ls->empty[t], d;
                    if (e < 0 || e == ND(u).route)
                        continue;
                    d = START(e);
                    if (m_relocate(ls, u, d) || m_relocate_pair(ls, u, d, 0) ||
                        m_relocate_pair(ls, u, d, 1) || m_2optstar(ls, u, d))
                        break;
                }
        }
        if (in->hetero && loop > 0)
            change_vehicles(ls);
        if (ls->ins)
            vrp__ls_swapstar_phase(ls, loop);
        if (ls->timed_out)
            return;
    }
}

/* Link x's routes into the slots and the unserved stops out. */
static void load(vrp_ls *ls, const vrp_indiv *x)
{
    const vrp_inst *in = ls->in;
    int s, k, t;
    for (k = 0; k < in->n_servable; k++) {
        int i = in->stops[k];
        ND(i).route = -1;
        ND(i).prev = ND(i).next = -1;
    }
    for (s = 0; s < ls->S; s++) {
        int prev = START(s);
        for (k = x->rstart[s]; k < x->rstart[s + 1]; k++) {
            int i = x->rnodes[k];
            ND(prev).next = i;
            ND(i).prev = prev;
            prev = i;
        }
        ND(prev).next = END(s);
        ND(END(s)).prev = prev;
        vrp__ls_update_route(ls, s);
    }
    vrp__ls_depot_loads(ls);
    for (t = 0; t < in->nt; t++) {
        int e = in->type_slot0[t] + in->type_nslots[t];
        ls->empty[t] = -1;
        for (s = in->type_slot0[t]; s < e; s++)
            if (ls->rt[s].n == 0) {
                ls->empty[t] = s;
                break;
            }
    }
}

void vrp__ls_depot_loads(vrp_ls *ls)
{
    int d, s;
    for (d = 0; d < ls->in->nd; d++)
        ls->dload[d] = 0.0;
    for (s = 0; s < ls->S; s++)
        ls->dload[ls->rt[s].depot_id] += ls->rt[s].thr;
}

static void export_routes(const vrp_ls *ls, vrp_indiv *x)
{
    const vrp_inst *in = ls->in;
    int s, pos = 0, k, y;
    for (s = 0; s < ls->S; s++) {
        x->rstart[s] = pos;
        for (y = ND(START(s)).next; y != END(s); y = ND(y).next)
            x->rnodes[pos++] = y;
    }
    x->rstart[ls->S] = pos;
    for (k = 0; k < in->n_servable; k++) {
        int i = in->stops[k];
        x->served[i] = ND(i).route >= 0;
    }
}

void vrp__ls_run(vrp_ls *ls, vrp_indiv *x, const vrp_pen *w)
{
    ls->w = *w;
    load(ls, x);
    search(ls);
    export_routes(ls, x);
}

void vrp__ls_rerun(vrp_ls *ls, vrp_indiv *x, const vrp_pen *w)
{
    int s;
    ls->w = *w;
    for (s = 0; s < ls->S; s++)
        vrp__ls_update_route(ls, s);
    vrp__ls_depot_loads(ls);
    search(ls);
    export_routes(ls, x);
}
