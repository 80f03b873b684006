/* Where a region's map needs a detail map.  In a region like Montréal's,
 * the farms spread over 100 km around a city where most distribution
 * points stand within 20 km: at the scale of the farms the city is one
 * blot of markers.  The detail area is the box of the middle 90% of the
 * points in each direction (5th to 95th percentile, widened by 8% of its
 * size), worth a second map when it covers less than a fifth of the whole
 * map and holds at least 40 points. */
#include <stdlib.h>

#include "report/report_internal.h"

#define DETAIL_MIN_POINTS 40
#define DETAIL_MAX_SHARE 0.2

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Longitude (x) and latitude (y) bounds of the located sites. */
static void bounds(const report_view *v, double out[4])
{
    int first = 1;
    for (size_t s = 0; s < v->n_sites; s++) {
        const report_site *site = &v->sites[s];
        if (!site->has_location)
            continue;
        if (first || site->x < out[0])
            out[0] = site->x;
        if (first || site->x > out[1])
            out[1] = site->x;
        if (first || site->y < out[2])
            out[2] = site->y;
        if (first || site->y > out[3])
            out[3] = site->y;
        first = 0;
    }
}

int report__map_detail_area(const report_view *v, double area[4])
{
    size_t n = 0;
    for (size_t s = 0; s < v->n_sites; s++)
        n += v->sites[s].kind == TERROIR_SITE_POINT && v->sites[s].has_location;
    if (n < DETAIL_MIN_POINTS)
        return 0;
    double *xs = core__calloc(n, sizeof *xs), *ys = core__calloc(n, sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return 0; /* no detail map: the report stays whole without it */
    }
    size_t k = 0;
    for (size_t s = 0; s < v->n_sites; s++) {
        if (v->sites[s].kind != TERROIR_SITE_POINT || !v->sites[s].has_location)
            continue;
        xs[k] = v->sites[s].x;
        ys[k++] = v->sites[s].y;
    }
    qsort(xs, n, sizeof *xs, cmp_double);
    qsort(ys, n, sizeof *ys, cmp_double);
    size_t lo = n / 20, hi = n - 1 - n / 20;
    double w = xs[hi] - xs[lo], h = ys[hi] - ys[lo];
    area[0] = xs[lo] - 0.08 * w;
    area[1] = xs[hi] + 0.08 * w;
    area[2] = ys[lo] - 0.08 * h;
    area[3] = ys[hi] + 0.08 * h;
    free(xs);
    free(ys);
    double all[4] = {0, 0, 0, 0};
    bounds(v, all);
    double whole = (all[1] - all[0]) * (all[3] - all[2]);
    return w > 0 && h > 0 && whole > 0 &&
           (area[1] - area[0]) * (area[3] - area[2]) < DETAIL_MAX_SHARE * whole;
}
