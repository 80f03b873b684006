/* A copy of a benchmark model with a fixed fleet size, built through the
 * public builder API.
 *
 * Why: the Augerat A/B/P optima (bks.tsv) are for the fleet size k in the
 * instance name, but VRPLIB files carry no fleet size and the importer gives
 * an unlimited fleet.  With more than k routes several instances go below
 * their "optimum" (B-n51-k7: 1016 with 8 routes against 1032 with 7), so the
 * runner solves a copy whose vehicle types have k vehicles each.  A
 * validated model is read-only, hence the copy: settings, products, sites in
 * their original order (with time windows, demand), vehicle types with the
 * new count.  Models with producers, a distance matrix or listed arcs are
 * refused (no benchmark importer makes them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static int copy_windows(terroir_model *dst, const terroir_model *src, terroir_site_kind kind,
                        size_t from, size_t to)
{
    size_t n = terroir_model_time_window_count(src, kind, from);
    for (size_t k = 0; k < n; k++) {
        double open, close;
        int rc;
        if ((rc = terroir_model_get_time_window(src, kind, from, k, &open, &close)) != 0 ||
            (rc = terroir_model_add_time_window(dst, kind, to, open, close)) != 0)
            return rc;
    }
    return 0;
}

static int copy_sites(terroir_model *dst, const terroir_model *src)
{
    size_t n = terroir_model_site_count(src);
    int rc = 0;
    for (size_t s = 0; s < n; s++) {
        terroir_site_kind kind;
        size_t index, added;
        if ((rc = terroir_model_get_site(src, s, &kind, &index)) != 0)
            return rc;
        if (kind == TERROIR_SITE_HUB) {
            terroir_hub_spec h = TERROIR_HUB_SPEC_INIT;
            if ((rc = terroir_model_get_hub(src, index, &h)) != 0 ||
                (rc = terroir_model_add_hub(dst, &h, &added)) != 0)
                return rc;
        } else if (kind == TERROIR_SITE_POINT) {
            terroir_point_spec p = TERROIR_POINT_SPEC_INIT;
            if ((rc = terroir_model_get_point(src, index, &p)) != 0 ||
                (rc = terroir_model_add_point(dst, &p, &added)) != 0)
                return rc;
            size_t lines = terroir_model_demand_count(src, index);
            for (size_t k = 0; k < lines; k++) {
                size_t product;
                double q;
                if ((rc = terroir_model_get_demand(src, index, k, &product, &q)) != 0 ||
                    (rc = terroir_model_add_demand(dst, added, product, q)) != 0)
                    return rc;
            }
        } else {
            return TERROIR_EINVAL; /* producers: not in benchmark models */
        }
        if ((rc = copy_windows(dst, src, kind, index, added)) != 0)
            return rc;
    }
    return 0;
}

int bench_with_fleet(terroir_model **out, const terroir_model *src, size_t count)
{
    if (terroir_model_count(src, TERROIR_ENTITY_PRODUCER) > 0 ||
        terroir_model_matrix_size(src) > 0 || terroir_model_arc_count(src) > 0) {
        fprintf(stderr, "routing_bench: cannot copy a model with producers, a matrix or arcs\n");
        return TERROIR_EINVAL;
    }
    terroir_model *m = NULL;
    int rc = terroir_model_new(&m);
    if (rc)
        goto done;
    terroir_settings settings = TERROIR_SETTINGS_INIT;
    if ((rc = terroir_model_get_settings(src, &settings)) != 0 ||
        (rc = terroir_model_set_settings(m, &settings)) != 0)
        goto done;
    for (size_t i = 0; i < terroir_model_count(src, TERROIR_ENTITY_PRODUCT); i++) {
        terroir_product_spec p = TERROIR_PRODUCT_SPEC_INIT;
        if ((rc = terroir_model_get_product(src, i, &p)) != 0 ||
            (rc = terroir_model_add_product(m, &p, NULL)) != 0)
            goto done;
    }
    if ((rc = copy_sites(m, src)) != 0)
        goto done;
    for (size_t i = 0; i < terroir_model_count(src, TERROIR_ENTITY_VEHICLE_TYPE); i++) {
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        if ((rc = terroir_model_get_vehicle_type(src, i, &v)) != 0)
            goto done;
        v.count = count;
        if ((rc = terroir_model_add_vehicle_type(m, &v, NULL)) != 0)
            goto done;
    }
    if ((rc = terroir_model_validate(m, NULL)) != 0)
        goto done;
    *out = m;
    m = NULL;
done:
    terroir_model_free(m);
    return rc;
}
