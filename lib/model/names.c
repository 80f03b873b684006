/* Names of the model's enumerations, as written in files and messages, and
 * their parsing.  One table per enum keeps both directions in step. */
#include <string.h>

#include "model/model_internal.h"

static const char *const temperature_names[] = {"ambient", "chilled", "frozen"};
static const char *const hub_status_names[] = {"open", "candidate", "closed"};
static const char *const point_kind_names[] = {"grocery", "food_bank", "school", "market",
                                               "pickup"};
static const char *const site_kind_names[] = {"producer", "hub", "point"};
static const char *const entity_names[] = {"product", "producer", "hub", "point",
                                           "vehicle_type", "member"};
static const char *const coordinates_names[] = {"latlon", "planar"};
static const char *const rounding_names[] = {"none", "nearest", "truncate_1",
                                             "ceil_100"};
static const char *const arcs_names[] = {"all", "listed"};
static const char *const dimension_names[] = {"kg", "m3", "pallets"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, int value)
{
    if (value < 0 || (size_t)value >= n)
        return "unknown";
    return names[value];
}

static int value_of(const char *const *names, size_t n, const char *s)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

const char *terroir_temperature_to_string(terroir_temperature t)
{
    return name_of(temperature_names, COUNT(temperature_names), (int)t);
}
const char *terroir_hub_status_to_string(terroir_hub_status s)
{
    return name_of(hub_status_names, COUNT(hub_status_names), (int)s);
}
const char *terroir_point_kind_to_string(terroir_point_kind k)
{
    return name_of(point_kind_names, COUNT(point_kind_names), (int)k);
}
const char *terroir_site_kind_to_string(terroir_site_kind k)
{
    return name_of(site_kind_names, COUNT(site_kind_names), (int)k);
}
const char *terroir_entity_to_string(terroir_entity e)
{
    return name_of(entity_names, COUNT(entity_names), (int)e);
}
const char *terroir_coordinates_to_string(terroir_coordinates c)
{
    return name_of(coordinates_names, COUNT(coordinates_names), (int)c);
}
const char *terroir_rounding_to_string(terroir_rounding r)
{
    return name_of(rounding_names, COUNT(rounding_names), (int)r);
}
const char *terroir_arcs_to_string(terroir_arcs a)
{
    return name_of(arcs_names, COUNT(arcs_names), (int)a);
}
const char *terroir_dimension_to_string(terroir_dimension d)
{
    return name_of(dimension_names, COUNT(dimension_names), (int)d);
}

#define DEFINE_FROM_STRING(fn, type, names)                                    \
    int fn(const char *s, type *out)                                           \
    {                                                                          \
        int v = value_of(names, COUNT(names), s);                              \
        if (v < 0)                                                             \
            return -1;                                                         \
        *out = (type)v;                                                        \
        return 0;                                                              \
    }

DEFINE_FROM_STRING(model__temperature_from_string, terroir_temperature, temperature_names)
DEFINE_FROM_STRING(model__hub_status_from_string, terroir_hub_status, hub_status_names)
DEFINE_FROM_STRING(model__point_kind_from_string, terroir_point_kind, point_kind_names)
DEFINE_FROM_STRING(model__coordinates_from_string, terroir_coordinates, coordinates_names)
DEFINE_FROM_STRING(model__rounding_from_string, terroir_rounding, rounding_names)
DEFINE_FROM_STRING(model__arcs_from_string, terroir_arcs, arcs_names)
DEFINE_FROM_STRING(model__dimension_from_string, terroir_dimension, dimension_names)
