/* Granular neighbour lists (Vidal et al. 2013, section 4.2; Vidal 2022):
 * for each stop, the `granular` stops with the smallest correlation
 * (distance plus the waiting and lateness that visiting them in a row
 * would force), made symmetric.  The local search only tries moves between
 * a stop and its neighbours.
 *
 * With distance matrices every pair is scored (m^2 correlations, each
 * list a partial selection: linear in m instead of a sort).  With
 * distances computed from coordinates (large problems, vrp.h vrp_geo) the
 * pairs are too many: a k-d tree over planar coordinates (latitude and
 * longitude projected around the mean latitude) gives each stop its
 * GEO_CANDIDATES x granular nearest stops, and those are ranked by the
 * correlation with the planar distance (no trigonometry; within a percent
 * of the great circle over a region); a stop whose time windows make a far
 * stop a better neighbour than the near ones may miss it, which only
 * narrows the search.
 *
 * Long: both ways poll the caller's deadline and stop request; when asked
 * to stop, the stops not reached get no neighbours (the search that needs
 * them will not run either). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "route/vrp_internal.h"

/* Nearest stops by planar distance ranked by correlation, per neighbour
 * kept, in the coordinate mode. */
#define GEO_CANDIDATES 2
/* Correlations computed between two polls. */
#define POLL_EVERY 4096UL

typedef struct cand {
    double g;
    int j;
} cand;

static int cand_less(const cand *x, const cand *y)
{
    return x->g < y->g || (x->g == y->g && x->j < y->j);
}

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return cand_less(x, y) ? -1 : cand_less(y, x) ? 1 : 0;
}

/* Put the k smallest of c[0..n) first (any order among them): quickselect
 * with the middle element as pivot, deterministic. */
static void select_k(cand *c, int n, int k)
{
    int lo = 0, hi = n - 1;
    if (k <= 0 || k >= n)
        return;
    while (lo < hi) {
        cand pivot = c[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (cand_less(&c[i], &pivot))
                i++;
            while (cand_less(&pivot, &c[j]))
                j--;
            if (i <= j) {
                cand t = c[i];
                c[i] = c[j];
                c[j] = t;
                i++;
                j--;
            }
        }
        if (k - 1 <= j)
            hi = j;
        else if (k - 1 >= i)
            lo = i;
        else
            break;
    }
}

/* Vidal et al. (2013) correlation of j visited after i, `km` apart:
 * distance plus the waiting and the lateness that the pair would force
 * (converted to km). */
static double correlation_at(const vrp_inst *in, int i, int j, double km, double minutes,
                             double km_per_min)
{
    double g = km;
    if (in->time != VRP_TIME_NONE) {
        double t = minutes;
        const vrp_seg *a = &in->nseg[i], *b = &in->nseg[j];
        double wait = vrp__max(b->early - t - in->service[i] - a->late, 0.0);
        double late = vrp__max(a->early + in->service[i] + t - b->late, 0.0);
        g += km_per_min * (0.2 * wait + 1.0 * late);
    }
    return g;
}

static double correlation(const vrp_inst *in, int i, int j, double km_per_min)
{
    return correlation_at(in, i, j, vrp__km(in, i, j), vrp__minutes(in, i, j), km_per_min);
}

/* ------------------------------------------------------------ k-d tree */

typedef struct kd {
    const double *x, *y; /* planar coordinates per stop position a */
    int *idx;            /* stop positions, arranged as an implicit tree */
    int m;
} kd;

static double kd_key(const kd *t, int a, int axis)
{
    return axis ? t->y[a] : t->x[a];
}

/* Arrange idx[lo, hi) so that its middle holds the median on `axis`, the
 * halves the points below and above (iterative quickselect). */
static void kd_median(kd *t, int lo, int hi, int axis)
{
    int k = lo + (hi - lo) / 2;
    hi--;
    while (lo < hi) {
        double pivot = kd_key(t, t->idx[lo + (hi - lo) / 2], axis);
        int i = lo, j = hi;
        while (i <= j) {
            while (kd_key(t, t->idx[i], axis) < pivot)
                i++;
            while (kd_key(t, t->idx[j], axis) > pivot)
                j--;
            if (i <= j) {
                int s = t->idx[i];
                t->idx[i] = t->idx[j];
                t->idx[j] = s;
                i++;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
}

static void kd_build(kd *t, int lo, int hi, int axis)
{
    /* depth is about log2(m): recursion is fine */
    if (hi - lo <= 1)
        return;
    kd_median(t, lo, hi, axis);
    int mid = lo + (hi - lo) / 2;
    kd_build(t, lo, mid, !axis);
    kd_build(t, mid + 1, hi, !axis);
}

/* The `want` nearest positions to (qx, qy) other than `self`: a max-heap on
 * squared distance in heap[0..*n). */
typedef struct kd_query {
    double qx, qy;
    int self, want, n;
    cand *heap; /* g = squared distance, j = stop position */
} kd_query;

static void heap_push(kd_query *q, double d, int a)
{
    cand *h = q->heap;
    int i;
    if (q->n < q->want) {
        i = q->n++;
    } else {
        if (d >= h[0].g)
            return;
        /* replace the root, sift down */
        i = 0;
        for (;;) {
            int l = 2 * i + 1, r = l + 1, big = i;
            double bg = d;
            if (l < q->n && h[l].g > bg) {
                big = l;
                bg = h[l].g;
            }
            if (r < q->n && h[r].g > bg)
                big = r;
            if (big == i)
                break;
            h[i] = h[big];
            i = big;
        }
        h[i].g = d;
        h[i].j = a;
        return;
    }
    while (i > 0 && h[(i - 1) / 2].g < d) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i].g = d;
    h[i].j = a;
}

static void kd_search(const kd *t, kd_query *q, int lo, int hi, int axis)
{
    while (hi > lo) {
        int mid = lo + (hi - lo) / 2, a = t->idx[mid];
        double dx = t->x[a] - q->qx, dy = t->y[a] - q->qy;
        if (a != q->self)
            heap_push(q, dx * dx + dy * dy, a);
        double diff = axis ? dy : dx;
        int nlo = diff > 0 ? lo : mid + 1, nhi = diff > 0 ? mid : hi; /* near side */
        int flo = diff > 0 ? mid + 1 : lo, fhi = diff > 0 ? hi : mid; /* far side */
        kd_search(t, q, nlo, nhi, !axis);
        if (q->n == q->want && diff * diff >= q->heap[0].g)
            return;
        lo = flo;
        hi = fhi;
        axis = !axis;
    }
}

/* Planar km of each servable stop (index a of in->stops). */
static void planar(const vrp_inst *in, double *x, double *y)
{
    const vrp_geo *g = in->geo;
    int m = in->n_servable, a;
    if (g->kind == VRP_GEO_PLANE) {
        for (a = 0; a < m; a++) {
            x[a] = g->a[in->stops[a]];
            y[a] = g->b[in->stops[a]];
        }
        return;
    }
    double lat0 = 0.0, scale = VRP_DEG_TO_RAD * VRP_EARTH_RADIUS_KM;
    for (a = 0; a < m; a++)
        lat0 += g->a[in->stops[a]];
    lat0 = m > 0 ? lat0 / m : 0.0;
    double c = cos(lat0 * VRP_DEG_TO_RAD);
    for (a = 0; a < m; a++) {
        y[a] = g->a[in->stops[a]] * scale;
        x[a] = g->b[in->stops[a]] * scale * c;
    }
}

/* ------------------------------------------------------------- the lists */

/* The g best of each stop into top[a * g ..]; stops not reached before a
 * stop request get -1 entries.  Returns 0 or TERROIR_ENOMEM. */
static int best_by_matrix(vrp_inst *in, int g, double kpm, int *top, core_poll *poll)
{
    int m = in->n_servable, a, b;
    unsigned long count = 0;
    cand *c = core__calloc((size_t)m + 1, sizeof *c);
    if (!c)
        return TERROIR_ENOMEM;
    for (a = 0; a < m; a++) {
        int i = in->stops[a], k = 0;
        if (core__poll_every(poll, &count, POLL_EVERY / (unsigned long)(m + 1) + 1))
            break;
        for (b = 0; b < m; b++)
            if (b != a) {
                c[k].g = correlation(in, i, in->stops[b], kpm);
                c[k].j = in->stops[b];
                k++;
            }
        select_k(c, k, g);
        qsort(c, (size_t)(g < k ? g : k), sizeof *c, cand_cmp);
        for (b = 0; b < g; b++)
            top[(size_t)a * (size_t)g + (size_t)b] = b < k ? c[b].j : -1;
    }
    for (; a < m; a++)
        for (b = 0; b < g; b++)
            top[(size_t)a * (size_t)g + (size_t)b] = -1;
    free(c);
    return 0;
}

static int best_by_tree(vrp_inst *in, int g, double kpm, int *top, core_poll *poll)
{
    int m = in->n_servable, a, b, want = GEO_CANDIDATES * g;
    unsigned long count = 0;
    kd t;
    kd_query q;
    if (want > m - 1)
        want = m - 1;
    t.m = m;
    double *x = core__calloc((size_t)m + 1, sizeof *x), *y = core__calloc((size_t)m + 1, sizeof *y);
    t.idx = core__calloc((size_t)m + 1, sizeof *t.idx);
    q.heap = core__calloc((size_t)want + 1, sizeof *q.heap);
    int rc = TERROIR_ENOMEM;
    if (!x || !y || !t.idx || !q.heap)
        goto done;
    planar(in, x, y);
    double factor = in->geo->factor; /* planar km to road km */
    t.x = x;
    t.y = y;
    for (a = 0; a < m; a++)
        t.idx[a] = a;
    kd_build(&t, 0, m, 0);
    q.want = want;
    for (a = 0; a < m; a++) {
        int i = in->stops[a], k;
        if (core__poll_every(poll, &count, POLL_EVERY / (unsigned long)(want + 1) + 1))
            break;
        q.qx = x[a];
        q.qy = y[a];
        q.self = a;
        q.n = 0;
        kd_search(&t, &q, 0, m, 0);
        for (k = 0; k < q.n; k++) {
            int j = in->stops[q.heap[k].j];
            double km = sqrt(q.heap[k].g) * factor;
            q.heap[k].g = correlation_at(in, i, j, km, km / in->geo->speed_kmh * 60.0, kpm);
            q.heap[k].j = j;
        }
        select_k(q.heap, q.n, g);
        qsort(q.heap, (size_t)(g < q.n ? g : q.n), sizeof *q.heap, cand_cmp);
        for (b = 0; b < g; b++)
            top[(size_t)a * (size_t)g + (size_t)b] = b < q.n ? q.heap[b].j : -1;
    }
    for (; a < m; a++)
        for (b = 0; b < g; b++)
            top[(size_t)a * (size_t)g + (size_t)b] = -1;
    rc = 0;
done:
    free(x);
    free(y);
    free(t.idx);
    free(q.heap);
    return rc;
}

/* km per minute of travel, to convert waiting and lateness into km. */
static double km_per_minute(const vrp_inst *in)
{
    double sk = 0.0, sm = 0.0;
    int a, b, m = in->n_servable;
    if (!in->km)
        return in->geo->speed_kmh / 60.0;
    for (a = 0; a < m; a++)
        for (b = 0; b < m; b++) {
            sk += vrp__km(in, in->stops[a], in->stops[b]);
            sm += vrp__minutes(in, in->stops[a], in->stops[b]);
        }
    return sm > 0.0 ? sk / sm : 0.0;
}

int vrp__neighbours_build(vrp_inst *in, int granular, core_poll *poll)
{
    int m = in->n_servable, n = in->n;
    int g = granular < m - 1 ? granular : m - 1;
    int *top = NULL, *cnt = NULL;
    unsigned char *mark = NULL;
    int a, b, rc = TERROIR_ENOMEM;
    if (g < 0)
        g = 0;
    in->nb_start = core__calloc((size_t)n + 1, sizeof *in->nb_start);
    top = core__calloc((size_t)m * (size_t)(g + 1) + 1, sizeof *top);
    cnt = core__calloc((size_t)n + 1, sizeof *cnt);
    mark = core__calloc((size_t)n + 1, 1);
    if (!in->nb_start || !top || !cnt || !mark)
        goto done;
    if (core__poll(poll)) { /* stopped already: no lists, no work */
        for (a = 0; a < m * g; a++)
            top[a] = -1;
    } else {
        double kpm = km_per_minute(in);
        if ((in->km ? best_by_matrix(in, g, kpm, top, poll)
                    : best_by_tree(in, g, kpm, top, poll)) != 0)
            goto done;
    }
    /* Symmetric lists: j is a neighbour of i when either is among the other's
     * closest.  Counts first, then fill. */
    for (a = 0; a < m; a++)
        for (b = 0; b < g; b++) {
            int j = top[(size_t)a * (size_t)g + (size_t)b];
            if (j < 0)
                continue;
            cnt[in->stops[a]]++;
            cnt[j]++;
        }
    for (a = 0; a < n; a++)
        in->nb_start[a + 1] = in->nb_start[a] + cnt[a];
    in->nb = core__calloc((size_t)in->nb_start[n] + 1, sizeof *in->nb);
    if (!in->nb)
        goto done;
    memset(cnt, 0, (size_t)n * sizeof *cnt);
    for (a = 0; a < m; a++) {
        int i = in->stops[a];
        for (b = 0; b < g; b++) {
            int j = top[(size_t)a * (size_t)g + (size_t)b];
            if (j < 0)
                continue;
            in->nb[in->nb_start[i] + cnt[i]++] = j;
            in->nb[in->nb_start[j] + cnt[j]++] = i;
        }
    }
    /* Remove duplicates (keep the first occurrence), compacting in place. */
    {
        int w = 0, i;
        for (i = 0; i < n; i++) {
            int s = in->nb_start[i], e = in->nb_start[i] + cnt[i], q;
            in->nb_start[i] = w;
            for (q = s; q < e; q++) {
                int j = in->nb[q];
                if (!mark[j]) {
                    mark[j] = 1;
                    in->nb[w++] = j;
                }
            }
            for (q = in->nb_start[i]; q < w; q++)
                mark[in->nb[q]] = 0;
        }
        in->nb_start[n] = w;
    }
    rc = 0;
done:
    free(top);
    free(cnt);
    free(mark);
    return rc;
}
