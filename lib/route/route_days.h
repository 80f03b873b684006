/* Days of the cycle in a routing problem (route_days.c): the days each
 * stop may be served (points receive on their delivery_days, producers
 * ship on their pickup_days), and the engine's vehicle types split by day
 * class so that no route mixes stops that have no day in common.
 *
 * A day class is a set of days that no stop of the problem tells apart
 * (every stop may be served on all of them or on none).  Each engine type
 * is copied once per class; the copy of class c carries every class's bit
 * but c's (vrp_node.temperatures / vrp_vehicle_type.temperatures, above
 * the temperature classes' bits), and a stop needs the bits of the classes
 * it may not be served in, so the engine puts a stop only on the types of
 * its days.  Each copy has the trips left on its class's days.  Problems
 * where every stop may be served every day are left as they are. */
#ifndef TERROIR_ROUTE_DAYS_H
#define TERROIR_ROUTE_DAYS_H

#include "route/route_internal.h"
#include "route/route_pack.h"

/* Day classes the engine's type bits can tell apart (32-bit sets, the
 * temperature classes' bits first, ROUTE_NO_DAY_BIT last).  With more,
 * types are not split and placement alone keeps the days (a route mixing
 * stops with no common day then finds no day). */
#define ROUTE_DAY_CLASS_MAX (31 - TERROIR_TEMPERATURE_COUNT)
/* A bit no vehicle type carries: the stops with no day left (below). */
#define ROUTE_NO_DAY_BIT (1u << 31)

typedef struct route_days {
    size_t days;               /* operating days of the cycle */
    size_t n_nodes;
    unsigned char *ok;         /* per node and day (node * days + d - 1): may be served on d */
    int restricted;            /* some stop may not be served on some day */
    size_t n_classes;          /* 0: types not split */
    size_t *day_class;         /* per day: its class (when split) */
    size_t *type_class;        /* per engine type: its class (when split) */
} route_days;

/* The days of the stops of rp (built, its problem not ended yet): a point
 * on its delivery days, a producer on its pickup days, a depot any day.
 * 0 or TERROIR_ENOMEM (then *d is empty). */
int route__days_build(route_days *d, const terroir_model *m, const route_problem *rp);

/* Stops that may be served on no day from their min_day (node_min_day per
 * node, NULL: day 1) on get ROUTE_NO_DAY_BIT: no vehicle takes them, and
 * their reason is "day" (route__unserved_reason). */
void route__days_mark_none(const route_days *d, route_problem *rp,
                           const unsigned int *node_min_day);

/* Split rp's types by the day classes of days from_day to the cycle's end
 * (days before it are no stop's), when some stop is restricted and there
 * are 2 to ROUTE_DAY_CLASS_MAX classes.  Before route__problem_end.  0 or
 * TERROIR_ENOMEM. */
int route__days_split(route_days *d, route_problem *rp, unsigned int from_day);

/* Trips per engine type of rp: what the type's vehicles have left on the
 * days of its class (every day when not split) from from_day to to_day
 * (0: the cycle's last).  d may be NULL (not split). */
void route__days_caps(const route_days *d, const route_problem *rp, const route_pack *pk,
                      unsigned int from_day, unsigned int to_day, size_t *caps);

/* days_ok (d->days entries) for route r: the days all its stops may be
 * served, within its type's class.  Returns the number of such days. */
size_t route__days_of_route(const route_days *d, const vrp_route *r, unsigned char *days_ok);

/* 1 when node may be served on some day from from_day on. */
int route__days_any(const route_days *d, size_t node, unsigned int from_day);

/* The last day node may be served (0: none). */
unsigned int route__days_last(const route_days *d, size_t node);

void route__days_free(route_days *d);

#endif
