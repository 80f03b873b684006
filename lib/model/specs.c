/* Initialisers of the versioned spec and settings structures (for callers
 * that cannot use the _INIT macros, such as FFI), and the default penalties
 * by priority. */
#include <stddef.h>
#include <string.h>

#include "model/model_internal.h"

#define DEFINE_INIT(fn, type, VERSION, INIT)                                   \
    int fn(type *spec, unsigned int version)                                   \
    {                                                                          \
        core__error_reset();                                                   \
        if (!spec)                                                             \
            return core__error(TERROIR_EINVAL, #fn ": NULL structure");        \
        if (version == 0 || version > VERSION)                                 \
            return core__error(TERROIR_EINVAL, #fn ": unknown version %u (this library knows up to %u)", \
                               version, (unsigned)VERSION);                    \
        type defaults = INIT;                                                  \
        *spec = defaults;                                                      \
        spec->version = version;                                               \
        return 0;                                                              \
    }

/* Bytes of the settings structure that a caller of `version` has: version
 * 1 ends before operating_days. */
size_t model__settings_size(unsigned int version)
{
    return version >= 2 ? sizeof(terroir_settings) : offsetof(terroir_settings, operating_days);
}

int terroir_settings_init(terroir_settings *spec, unsigned int version)
{
    core__error_reset();
    if (!spec)
        return core__error(TERROIR_EINVAL, "terroir_settings_init: NULL structure");
    if (version == 0 || version > TERROIR_SETTINGS_VERSION)
        return core__error(TERROIR_EINVAL,
                           "terroir_settings_init: unknown version %u (this library knows up to %u)",
                           version, (unsigned)TERROIR_SETTINGS_VERSION);
    terroir_settings defaults = TERROIR_SETTINGS_INIT;
    memcpy(spec, &defaults, model__settings_size(version));
    spec->version = version;
    return 0;
}
DEFINE_INIT(terroir_product_spec_init, terroir_product_spec, TERROIR_PRODUCT_SPEC_VERSION,
            TERROIR_PRODUCT_SPEC_INIT)
DEFINE_INIT(terroir_member_spec_init, terroir_member_spec, TERROIR_MEMBER_SPEC_VERSION,
            TERROIR_MEMBER_SPEC_INIT)

size_t model__spec_size(terroir_entity kind, unsigned int version)
{
    switch (kind) {
    case TERROIR_ENTITY_PRODUCER:
        /* Version 2 ends before pickup_days, version 1 before member. */
        return version >= 3   ? sizeof(terroir_producer_spec)
               : version == 2 ? offsetof(terroir_producer_spec, pickup_days)
                              : offsetof(terroir_producer_spec, member);
    case TERROIR_ENTITY_HUB:
        /* Version 3 ends before storage_kg, version 2 before
         * cross_dock_minutes, version 1 before member. */
        return version >= 4   ? sizeof(terroir_hub_spec)
               : version == 3 ? offsetof(terroir_hub_spec, storage_kg)
               : version == 2 ? offsetof(terroir_hub_spec, cross_dock_minutes)
                              : offsetof(terroir_hub_spec, member);
    case TERROIR_ENTITY_POINT:
        /* Version 2 ends before delivery_days, version 1 before member. */
        return version >= 3   ? sizeof(terroir_point_spec)
               : version == 2 ? offsetof(terroir_point_spec, delivery_days)
                              : offsetof(terroir_point_spec, member);
    case TERROIR_ENTITY_VEHICLE_TYPE:
        /* Version 2 ends before trips_per_day, version 1 before member. */
        return version >= 3   ? sizeof(terroir_vehicle_type_spec)
               : version == 2 ? offsetof(terroir_vehicle_type_spec, trips_per_day)
                              : offsetof(terroir_vehicle_type_spec, member);
    default:
        return 0;
    }
}

/* Spec initialisers of structures that grew: only the caller's version's
 * bytes are written, so a program built against an older header is safe. */
#define DEFINE_INIT_SIZED(fn, type, KIND, VERSION, INIT)                       \
    int fn(type *spec, unsigned int version)                                   \
    {                                                                          \
        core__error_reset();                                                   \
        if (!spec)                                                             \
            return core__error(TERROIR_EINVAL, #fn ": NULL structure");        \
        if (version == 0 || version > VERSION)                                 \
            return core__error(TERROIR_EINVAL, #fn ": unknown version %u (this library knows up to %u)", \
                               version, (unsigned)VERSION);                    \
        type defaults = INIT;                                                  \
        memcpy(spec, &defaults, model__spec_size(KIND, version));              \
        spec->version = version;                                               \
        return 0;                                                              \
    }

DEFINE_INIT_SIZED(terroir_producer_spec_init, terroir_producer_spec, TERROIR_ENTITY_PRODUCER,
                  TERROIR_PRODUCER_SPEC_VERSION, TERROIR_PRODUCER_SPEC_INIT)
DEFINE_INIT_SIZED(terroir_hub_spec_init, terroir_hub_spec, TERROIR_ENTITY_HUB,
                  TERROIR_HUB_SPEC_VERSION, TERROIR_HUB_SPEC_INIT)
DEFINE_INIT_SIZED(terroir_point_spec_init, terroir_point_spec, TERROIR_ENTITY_POINT,
                  TERROIR_POINT_SPEC_VERSION, TERROIR_POINT_SPEC_INIT)
DEFINE_INIT_SIZED(terroir_vehicle_type_spec_init, terroir_vehicle_type_spec,
                  TERROIR_ENTITY_VEHICLE_TYPE, TERROIR_VEHICLE_TYPE_SPEC_VERSION,
                  TERROIR_VEHICLE_TYPE_SPEC_INIT)

double terroir_priority_penalty(unsigned int priority)
{
    static const double penalty[] = {40.0, 20.0, 10.0, 5.0, 2.5};
    if (priority < 1 || priority > 5)
        return 0.0;
    return penalty[priority - 1];
}

double model__point_penalty(const model_point *p)
{
    if (p->unserved_penalty_per_kg >= 0.0)
        return p->unserved_penalty_per_kg;
    return terroir_priority_penalty(p->priority);
}

int model__has_fleet(const terroir_model *m)
{
    for (size_t v = 0; v < m->n_vehicle_types; v++)
        if (m->vehicle_types[v].count > 0)
            return 1;
    return 0;
}
