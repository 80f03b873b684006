/* Names of the solve and plan enumerations, as written in plans and
 * messages. */
#include <terroir/plan.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, int v)
{
    return v >= 0 && (size_t)v < n ? names[v] : "unknown";
}

const char *terroir_stage_to_string(terroir_stage stage)
{
    static const char *const names[] = {"design", "allocate", "route", "evaluate"};
    return name_of(names, COUNT(names), (int)stage);
}

const char *terroir_status_to_string(terroir_status status)
{
    static const char *const names[] = {"optimal", "feasible", "infeasible", "time_limit",
                                        "canceled", "interrupted"};
    return name_of(names, COUNT(names), (int)status);
}

const char *terroir_unserved_reason_to_string(terroir_unserved_reason reason)
{
    static const char *const names[] = {"no_supply",     "shelf_life",   "compatibility",
                                        "hub_capacity",  "supply_short", "cost"};
    return name_of(names, COUNT(names), (int)reason);
}

const char *terroir_stop_kind_to_string(terroir_stop_kind kind)
{
    static const char *const names[] = {"delivery", "pickup"};
    return name_of(names, COUNT(names), (int)kind);
}

const char *terroir_unserved_stop_reason_to_string(terroir_unserved_stop_reason reason)
{
    static const char *const names[] = {"capacity",  "time_window", "duration",
                                        "no_compatible_vehicle", "fleet_size", "cost", "day"};
    return name_of(names, COUNT(names), (int)reason);
}
