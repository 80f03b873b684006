/* Vehicles and days for the routes of the routing stage (route_pack.c):
 * the engine makes routes (trips); this places each on a vehicle of its
 * type and an operating day, several trips a day when the type allows
 * (trips_per_day, loading_minutes, max_duration_minutes for the whole
 * working day).  The fixed cost of a vehicle is paid once per day it
 * drives: by its first trip. */
#ifndef TERROIR_ROUTE_PACK_H
#define TERROIR_ROUTE_PACK_H

#include "route/route_internal.h"

/* One vehicle on one day. */
typedef struct route_pack_slot {
    size_t vehicle;
    unsigned int day;
    unsigned int trips;
    double first_departure, last_arrival;
} route_pack_slot;

/* Per model vehicle type: its vehicle-days in use, and per day how many
 * of its vehicles are out (they are taken in number order). */
typedef struct route_pack_type {
    route_pack_slot *slots;
    size_t n, cap;
    size_t *next; /* per day */
} route_pack_type;

typedef struct route_pack {
    const terroir_model *m;
    size_t days;
    route_pack_type *types; /* per model vehicle type */
    size_t n_types;
    /* Per hub, temperature class and day (index (h * T + t) * days + d - 1):
     * kg of the goods routes placed so far hold at the hub overnight after
     * day d, waiting for a delivery route of a later day (classes with a
     * storage_kg limit only). */
    double *held;
} route_pack;

/* Goods a delivery route takes from its hub: of temperature class
 * `temperature`, there since day `since` (kg). */
typedef struct route_pack_goods {
    unsigned int temperature;
    unsigned int since;
    double kg;
} route_pack_goods;

/* What a route asks of its vehicle and day (route__pack_place). */
typedef struct route_pack_want {
    unsigned int min_day;          /* the first day it may run (>= 1) */
    double release;                /* on min_day, it leaves no earlier */
    const double *deadline;        /* per stop, minute of the cycle it is served by; NULL: none */
    const unsigned char *days_ok;  /* per day (1-based day d at d - 1): 0 when it may not
                                      run that day; NULL: every day */
    const route_pack_goods *goods; /* what it takes from the hub (storage); NULL: nothing */
    size_t n_goods;
} route_pack_want;

typedef struct route_pack_place_out {
    int placed;          /* 0: no vehicle and day can drive it */
    size_t vehicle;
    unsigned int day;
    double not_before;   /* its departure no earlier than this (0: as it is) */
    int first_trip;      /* 1: the vehicle's first trip that day (pays the fixed cost) */
} route_pack_place_out;

/* 0 or TERROIR_ENOMEM. */
int route__pack_init(route_pack *pk, const terroir_model *m);
void route__pack_free(route_pack *pk);

/* Place route r (of problem p, model vehicle type v) on day w->min_day,
 * leaving no earlier than w->release, or on a later day, a day w->days_ok
 * allows, with each stop k served by w->deadline[k] (minutes of the cycle:
 * (day - 1) * 1440 + minute), and the goods it takes that wait at the hub
 * overnight (since an earlier day) within the hub's storage_kg on every
 * night they wait.  e (its stops array holding r->n_stops entries) gets the
 * route's schedule there.  Returns 0 (out->placed tells whether it found
 * room) or TERROIR_ENOMEM. */
int route__pack_place(route_pack *pk, const vrp_problem *p, const vrp_route *r, size_t v,
                      const route_pack_want *w, route_eval *e, route_pack_place_out *out);

/* Trips type v can still drive from day from_day to the cycle's end
 * (saturating): an upper bound, the working day may hold fewer. */
size_t route__pack_capacity(const route_pack *pk, size_t v, unsigned int from_day);

/* Trips type v can still drive on day `day` alone (saturating). */
size_t route__pack_capacity_on(const route_pack *pk, size_t v, unsigned int day);

/* A copy of `from` to try placements on (route__pack_free).  0 or
 * TERROIR_ENOMEM. */
int route__pack_copy(route_pack *to, const route_pack *from);

#endif
