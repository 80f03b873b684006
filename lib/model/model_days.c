/* Days of the cycle on which a producer ships and a point receives
 * (model_internal.h): a list of 1-based days, or none for every day; and
 * whether a hub's overnight storage is limited. */
#include "model/model_internal.h"

static int listed(const unsigned int *days, size_t n, unsigned int day)
{
    if (n == 0)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (days[i] == day)
            return 1;
    return 0;
}

int model__producer_ships(const model_producer *p, unsigned int day)
{
    return listed(p->pickup_days, p->n_pickup_days, day);
}

int model__point_receives(const model_point *p, unsigned int day)
{
    return listed(p->delivery_days, p->n_delivery_days, day);
}

int model__site_serves_on(const terroir_model *m, size_t site, unsigned int day)
{
    size_t idx = m->sites[site].index;
    switch (m->sites[site].kind) {
    case TERROIR_SITE_POINT: return model__point_receives(&m->points[idx], day);
    case TERROIR_SITE_PRODUCER: return model__producer_ships(&m->producers[idx], day);
    case TERROIR_SITE_HUB: break;
    }
    return 1;
}

unsigned int model__first_pickup_day(const model_producer *p)
{
    unsigned int first = 0;
    for (size_t i = 0; i < p->n_pickup_days; i++)
        if (first == 0 || p->pickup_days[i] < first)
            first = p->pickup_days[i];
    return first ? first : 1;
}

int model__hub_storage_limited(const model_hub *h)
{
    for (int t = 0; t < TERROIR_TEMPERATURE_COUNT; t++)
        if (h->storage_kg[t] >= 0)
            return 1;
    return 0;
}
