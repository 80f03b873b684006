/* Words for people for the library's enums, in the thread's message
 * language (core__t): the HTML report and the route sheets show these,
 * while the machine outputs (CSV, GeoJSON, JSON) keep the enums'
 * _to_string() names. */
#include "report/report_internal.h"

const char *report__point_kind_label(terroir_point_kind kind)
{
    switch (kind) {
    case TERROIR_POINT_GROCERY: return core__t("Coop groceries");
    case TERROIR_POINT_FOOD_BANK: return core__t("Food banks");
    case TERROIR_POINT_SCHOOL: return core__t("Schools");
    case TERROIR_POINT_MARKET: return core__t("Public markets");
    case TERROIR_POINT_PICKUP: return core__t("Pick-up points");
    }
    return core__t("Other points");
}

const char *report__status_label(terroir_status status)
{
    switch (status) {
    case TERROIR_STATUS_OPTIMAL: return core__t("optimal");
    case TERROIR_STATUS_FEASIBLE: return core__t("feasible");
    case TERROIR_STATUS_INFEASIBLE: return core__t("infeasible");
    case TERROIR_STATUS_TIME_LIMIT: return core__t("no plan within the time limit");
    case TERROIR_STATUS_CANCELED: return core__t("canceled");
    case TERROIR_STATUS_INTERRUPTED: return core__t("interrupted");
    }
    return terroir_status_to_string(status);
}

const char *report__unserved_reason_label(terroir_unserved_reason reason)
{
    switch (reason) {
    case TERROIR_UNSERVED_NO_SUPPLY: return core__t("no supply");
    case TERROIR_UNSERVED_SHELF_LIFE: return core__t("shelf life");
    case TERROIR_UNSERVED_COMPATIBILITY: return core__t("temperature class");
    case TERROIR_UNSERVED_HUB_CAPACITY: return core__t("hub capacity");
    case TERROIR_UNSERVED_SUPPLY_SHORT: return core__t("supply short");
    case TERROIR_UNSERVED_COST: return core__t("cost");
    }
    return terroir_unserved_reason_to_string(reason);
}

const char *report__unserved_stop_reason_label(terroir_unserved_stop_reason reason)
{
    switch (reason) {
    case TERROIR_UNSERVED_STOP_CAPACITY: return core__t("vehicle capacity");
    case TERROIR_UNSERVED_STOP_TIME_WINDOW: return core__t("time window");
    case TERROIR_UNSERVED_STOP_DURATION: return core__t("route duration");
    case TERROIR_UNSERVED_STOP_NO_COMPATIBLE_VEHICLE: return core__t("no compatible vehicle");
    case TERROIR_UNSERVED_STOP_FLEET_SIZE: return core__t("fleet size");
    case TERROIR_UNSERVED_STOP_COST: return core__t("cost");
    case TERROIR_UNSERVED_STOP_DAY: return core__t("delivery or pickup days");
    }
    return terroir_unserved_stop_reason_to_string(reason);
}

const char *report__stop_kind_label(terroir_stop_kind kind)
{
    switch (kind) {
    case TERROIR_STOP_DELIVERY: return core__t("delivery stop");
    case TERROIR_STOP_PICKUP: return core__t("pickup stop");
    }
    return terroir_stop_kind_to_string(kind);
}

const char *report__temperature_label(terroir_temperature t)
{
    switch (t) {
    case TERROIR_TEMPERATURE_AMBIENT: return core__t("ambient");
    case TERROIR_TEMPERATURE_CHILLED: return core__t("chilled");
    case TERROIR_TEMPERATURE_FROZEN: return core__t("frozen");
    }
    return terroir_temperature_to_string(t);
}
