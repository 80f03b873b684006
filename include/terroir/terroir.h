/* terroir: planning the logistics of local food networks run by
 * cooperatives.  Umbrella header: include this one.
 *
 *   #include <terroir/terroir.h>      pkg-config --cflags --libs terroir
 *
 * common.h  versions, error codes, last error, diagnostics
 * model.h   the food-network model and its builder
 * io.h      YAML input/output and benchmark importers
 * solve.h   the solve pipeline, its options and progress callback
 * plan.h    the plan: hubs, flows, routes, unserved demand, costs, KPIs, writers
 * route.h   checking vehicle routes against a model (routes files, plans)
 * baseline.h  the no-hub baseline: producers driving the plan's goods themselves
 * report.h  reports of a plan: HTML with an SVG map, GeoJSON, CSV, scenario comparison */
#ifndef TERROIR_TERROIR_H
#define TERROIR_TERROIR_H

#include "common.h"
#include "model.h"
#include "io.h"
#include "solve.h"
#include "plan.h"
#include "route.h"
#include "baseline.h"
#include "report.h"
#include "share.h"

#endif
