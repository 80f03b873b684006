/* Generator of the allocation benchmark's network (generate.h), through the
 * public builder API.  Deterministic for a seed (a 64-bit LCG, no libc rand).
 *
 * Products (the first `products` of): vegetables (ambient, no shelf life),
 * greens (chilled, shelf life 2.5 h: binds on long paths — the exact shelf
 * life formulation is exercised), eggs (chilled, 0.72 kg per dozen), meat
 * (frozen).  Producers supply 1-3 product lines of 100-1,500 kg; 3% deliver
 * directly, 20% bring up to 500-2,000 kg to hubs within 30 km themselves.
 * Points demand 1-4 product lines scaled so that supply / demand is 110%
 * (vegetables), 90% (greens), 100% (eggs), 80% (meat); priorities 1-5.  Hubs
 * have a dry van (ambient) and a reefer (ambient + chilled); two in three
 * also a freezer truck and frozen capacity; capacity per class is 60-140% of
 * an even share of that class's demand, so some hubs are full.  CO2 is
 * priced at 0.05 per kg. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "generate.h"

typedef struct rng {
    unsigned long long s;
} rng;

static double uni(rng *r)
{
    r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(r->s >> 11) / 9007199254740992.0;
}

static double range(rng *r, double a, double b)
{
    return a + (b - a) * uni(r);
}

#define LAT0 45.0
#define LAT1 46.2
#define LON0 (-74.4)
#define LON1 (-72.2)

static terroir_location where(rng *r)
{
    terroir_location l = {1, range(r, LAT0, LAT1), range(r, LON0, LON1), 0, 0};
    return l;
}

int gen_network(terroir_model **out, const gen_params *p)
{
    static const char *const ids[4] = {"vegetables", "greens", "eggs", "meat"};
    static const terroir_temperature temps[4] = {
        TERROIR_TEMPERATURE_AMBIENT, TERROIR_TEMPERATURE_CHILLED, TERROIR_TEMPERATURE_CHILLED,
        TERROIR_TEMPERATURE_FROZEN};
    static const double shelf[4] = {0, 2.5, 672, 0};
    static const double kpu[4] = {1, 1, 0.72, 1};
    static const double balance[4] = {1.10, 0.90, 1.00, 0.80};
    terroir_model *m = NULL;
    rng r = {p->seed * 2862933555777941757ULL + 3037000493ULL};
    size_t np = p->products < 1 ? 1 : p->products > 4 ? 4 : p->products;
    double supply[4] = {0}, demand_raw[4] = {0};
    double *dem = NULL; /* points * 4 raw demands */
    char id[64];
    int rc;

    if ((rc = terroir_model_new(&m)) != 0)
        return rc;
    terroir_settings st = TERROIR_SETTINGS_INIT;
    st.name = "generated allocation network";
    st.co2_price = 0.05;
    if ((rc = terroir_model_set_settings(m, &st)) != 0)
        goto fail;
    for (size_t k = 0; k < np; k++) {
        terroir_product_spec ps = TERROIR_PRODUCT_SPEC_INIT;
        ps.id = ids[k];
        ps.temperature = temps[k];
        ps.shelf_life_hours = shelf[k];
        ps.kg_per_unit = kpu[k];
        ps.m3_per_unit = 0.003 * kpu[k];
        if ((rc = terroir_model_add_product(m, &ps, NULL)) != 0)
            goto fail;
    }
    for (size_t i = 0; i < p->producers; i++) {
        terroir_producer_spec ps = TERROIR_PRODUCER_SPEC_INIT;
        size_t idx;
        snprintf(id, sizeof id, "farm-%zu", i);
        ps.id = id;
        ps.location = where(&r);
        ps.direct_delivery = uni(&r) < 0.03;
        if (uni(&r) < 0.2) {
            ps.self_delivery_kg = range(&r, 500, 2000);
            ps.self_delivery_km = 30;
        }
        if ((rc = terroir_model_add_producer(m, &ps, &idx)) != 0)
            goto fail;
        size_t lines = 1 + (size_t)(uni(&r) * 3);
        size_t first = (size_t)(uni(&r) * (double)np);
        for (size_t l = 0; l < lines && l < np; l++) {
            size_t k = (first + l) % np;
            double q = range(&r, 100, 1500) / kpu[k];
            supply[k] += q;
            if ((rc = terroir_model_add_supply(m, idx, k, q)) != 0)
                goto fail;
        }
    }
    dem = calloc(p->points * 4 + 1, sizeof *dem);
    if (!dem) {
        rc = TERROIR_ENOMEM;
        goto fail;
    }
    for (size_t j = 0; j < p->points; j++)
        for (size_t k = 0; k < np; k++)
            if (uni(&r) < 0.7) {
                dem[j * 4 + k] = range(&r, 0.2, 1.8);
                demand_raw[k] += dem[j * 4 + k];
            }
    /* hubs: capacity from the class totals of demand (kg) */
    double class_kg[3] = {0};
    for (size_t k = 0; k < np; k++)
        class_kg[temps[k]] += supply[k] / balance[k] * kpu[k];
    for (size_t h = 0; h < p->hubs; h++) {
        terroir_hub_spec hs = TERROIR_HUB_SPEC_INIT;
        size_t idx;
        int frozen = h % 3 != 2;
        snprintf(id, sizeof id, "hub-%zu", h);
        hs.id = id;
        hs.location = where(&r);
        hs.handling_cost_per_kg = range(&r, 0.02, 0.08);
        double capacity_kg[TERROIR_TEMPERATURE_COUNT];
        for (int c = 0; c < 3; c++)
            capacity_kg[c] = range(&r, 0.6, 1.4) * class_kg[c] / (double)p->hubs;
        if (!frozen)
            capacity_kg[TERROIR_TEMPERATURE_FROZEN] = 0;
        hs.capacity_kg = capacity_kg;
        hs.n_temperatures = TERROIR_TEMPERATURE_COUNT;
        if ((rc = terroir_model_add_hub(m, &hs, &idx)) != 0)
            goto fail;
        terroir_vehicle_type_spec v = TERROIR_VEHICLE_TYPE_SPEC_INIT;
        snprintf(id, sizeof id, "van-%zu", h);
        v.id = id;
        v.home_hub = idx;
        v.count = 2;
        v.capacity = (const double[]){3000, 18}; /* kg, m3; pallets unlimited */
        v.n_dimensions = 2;
        v.cost_per_km = 0.9;
        v.cost_per_hour = 40;
        v.co2_kg_per_km = 0.35;
        v.temperatures = 1u << TERROIR_TEMPERATURE_AMBIENT;
        if ((rc = terroir_model_add_vehicle_type(m, &v, NULL)) != 0)
            goto fail;
        snprintf(id, sizeof id, "reefer-%zu", h);
        v.id = id;
        v.capacity = (const double[]){5000, 30};
        v.n_dimensions = 2;
        v.cost_per_km = 1.2;
        v.cost_per_hour = 45;
        v.co2_kg_per_km = 0.55;
        v.temperatures = (1u << TERROIR_TEMPERATURE_AMBIENT) | (1u << TERROIR_TEMPERATURE_CHILLED);
        if ((rc = terroir_model_add_vehicle_type(m, &v, NULL)) != 0)
            goto fail;
        if (frozen) {
            snprintf(id, sizeof id, "freezer-%zu", h);
            v.id = id;
            v.capacity = (const double[]){8000, 45};
            v.n_dimensions = 2;
            v.cost_per_km = 1.5;
            v.cost_per_hour = 50;
            v.co2_kg_per_km = 0.8;
            v.temperatures = 7u;
            if ((rc = terroir_model_add_vehicle_type(m, &v, NULL)) != 0)
                goto fail;
        }
    }
    for (size_t j = 0; j < p->points; j++) {
        terroir_point_spec ps = TERROIR_POINT_SPEC_INIT;
        size_t idx;
        snprintf(id, sizeof id, "point-%zu", j);
        ps.id = id;
        ps.location = where(&r);
        ps.kind = (terroir_point_kind)(size_t)(uni(&r) * TERROIR_POINT_KIND_COUNT);
        ps.priority = 1 + (unsigned int)(uni(&r) * 5);
        if ((rc = terroir_model_add_point(m, &ps, &idx)) != 0)
            goto fail;
        for (size_t k = 0; k < np; k++) {
            if (dem[j * 4 + k] <= 0)
                continue;
            double q = dem[j * 4 + k] / demand_raw[k] * supply[k] / balance[k];
            if ((rc = terroir_model_add_demand(m, idx, k, q)) != 0)
                goto fail;
        }
    }
    if ((rc = terroir_model_validate(m, NULL)) != 0)
        goto fail;
    free(dem);
    *out = m;
    return 0;
fail:
    free(dem);
    terroir_model_free(m);
    return rc;
}
