/* terroir: planning the logistics of local food networks run by
 * cooperatives.  Umbrella header: include this one.
 *
 *   #include <terroir/terroir.h>      pkg-config --cflags --libs terroir
 *
 * common.h  versions, error codes, last error, diagnostics
 * model.h   the food-network model and its builder
 * io.h      YAML input/output and benchmark importers */
#ifndef TERROIR_TERROIR_H
#define TERROIR_TERROIR_H

#include "common.h"
#include "model.h"
#include "io.h"

#endif
