/* Colours of the reports.  Vehicles get a qualitative palette of 20
 * colours chosen to stay distinct from each other on a light map and in
 * grey-scale print (dark and mid tones alternate; no pale tints, which
 * vanish on paper); point kinds get five colours of their own, and
 * producers a green that no point kind uses. */
#include "report/report_internal.h"

static const char *const vehicle_colors[] = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#e6550d", "#637939", "#7b4173",
    "#3182bd", "#843c39", "#31a354", "#d6616b", "#8c6d31", "#6b6ecf",
};

const char *report__vehicle_color(size_t vehicle)
{
    return vehicle_colors[vehicle % (sizeof vehicle_colors / sizeof vehicle_colors[0])];
}

const char *report__point_kind_color(terroir_point_kind kind)
{
    switch (kind) {
    case TERROIR_POINT_GROCERY: return "#2b6cb0";
    case TERROIR_POINT_FOOD_BANK: return "#c53030";
    case TERROIR_POINT_SCHOOL: return "#dd8a0c";
    case TERROIR_POINT_MARKET: return "#805ad5";
    case TERROIR_POINT_PICKUP: return "#0f9a9a";
    }
    return "#718096";
}
