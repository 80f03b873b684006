/* The distance model: an explicit matrix where it covers a pair of sites,
 * otherwise great-circle distance times the road factor (lat/lon models) or
 * Euclidean distance with the benchmark rounding rule (planar models).
 * Travel time derives from distance and the model's average speed. */
#include <math.h>

#include "model/model_internal.h"

#define EARTH_RADIUS_KM 6371.0088 /* mean radius (IUGG) */

double model__haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad;
    double dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1)
        a = 1;
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a));
}

/* Integer squared distances below this are handled exactly: 10000 times
 * it stays below 2^63 and its root below 2^32. */
#define CEIL_100_EXACT_BELOW 9.0e14
/* Relative slack under which 100 d counts as the integer just below it. */
#define CEIL_100_SLACK 1e-12

/* ceil(100 d) for a distance `d` whose square is `square`, such that a 100 d
 * that is an integer in exact arithmetic gives that integer: naive
 * ceil(100 * 1.1) is 111, because 100 * 1.1 is 110.00000000000001.
 *  - Integer coordinates (d^2 an integer below 9e14, i.e. offsets up to
 *    3e7): the smallest integer k with k^2 >= 10000 d^2, in 64-bit integer
 *    arithmetic, exact.
 *  - Otherwise (decimal coordinates, lat/lon): ceil(100 d), less one when
 *    100 d exceeds an integer by at most a relative 1e-12 (far above the
 *    few ulps of error of the computation, far below any real difference
 *    in the published instances). */
static double ceil_100(double d, double square)
{
    if (square < CEIL_100_EXACT_BELOW && square == floor(square)) {
        unsigned long long t = 10000ULL * (unsigned long long)square;
        unsigned long long k = (unsigned long long)ceil(sqrt((double)t));
        while (k > 0 && (k - 1) * (k - 1) >= t)
            k--;
        while (k * k < t)
            k++;
        return (double)k;
    }
    double v = 100.0 * d;
    double k = ceil(v);
    if (k >= 1 && v - (k - 1) <= CEIL_100_SLACK * fmax(1.0, v))
        k -= 1;
    return k;
}

/* The rounding rule applied to a distance `d` whose square is `square`
 * (given separately so that planar distances are squared exactly). */
static double round_distance(double d, double square, terroir_rounding r)
{
    switch (r) {
    case TERROIR_ROUNDING_NEAREST: return floor(d + 0.5);
    /* The small epsilon keeps exact decimals (e.g. 2.3 computed as
     * 2.2999999999999998) from falling one tenth short. */
    case TERROIR_ROUNDING_TRUNCATE_1: return floor(10 * d + 1e-9) / 10;
    case TERROIR_ROUNDING_CEIL_100: return ceil_100(d, square);
    case TERROIR_ROUNDING_NONE: break;
    }
    return d;
}

int model__distance(const terroir_model *m, size_t from, size_t to, double *km, double *minutes)
{
    const model_matrix *mx = &m->matrix;
    if (mx->n && from < mx->row_of_len && to < mx->row_of_len) {
        size_t i = mx->row_of[from], j = mx->row_of[to];
        if (i != MODEL_NONE && j != MODEL_NONE) {
            double d = mx->km[i * mx->n + j];
            if (km)
                *km = d;
            if (minutes)
                *minutes = mx->minutes ? mx->minutes[i * mx->n + j]
                                       : d / m->settings.speed_kmh * 60.0;
            return 0;
        }
    }
    const terroir_location *a = &model__site_base(m, from)->location;
    const terroir_location *b = &model__site_base(m, to)->location;
    if (!a->has_location || !b->has_location)
        return -1;
    double d, square;
    if (from == to) {
        d = square = 0;
    } else if (m->settings.coordinates == TERROIR_COORDINATES_LATLON) {
        d = model__haversine_km(a->lat, a->lon, b->lat, b->lon) * m->settings.road_factor;
        square = d * d;
    } else {
        double dx = a->x - b->x, dy = a->y - b->y;
        d = hypot(dx, dy);
        square = dx * dx + dy * dy;
    }
    d = round_distance(d, square, m->settings.rounding);
    if (km)
        *km = d;
    if (minutes)
        *minutes = d / m->settings.speed_kmh * 60.0;
    return 0;
}

int terroir_model_distance(const terroir_model *m, size_t from, size_t to, double *out_km,
                           double *out_minutes)
{
    core__error_reset();
    if (!m)
        return core__error(TERROIR_EINVAL, "terroir_model_distance: model is NULL");
    if (from >= m->n_sites || to >= m->n_sites)
        return core__error(TERROIR_ENOTFOUND, "no site with index %zu",
                           from >= m->n_sites ? from : to);
    if (model__distance(m, from, to, out_km, out_minutes) != 0)
        return core__error(TERROIR_EINPUT,
                           "no distance from '%s' to '%s': not in the matrix and a site has no "
                           "location",
                           model__site_base(m, from)->id, model__site_base(m, to)->id);
    return 0;
}
