/* Internal layout of terroir_model, shared by the model module and the
 * loaders (for source positions).  Other modules read models through the
 * public accessors; the solver stages may read these structures directly
 * for speed, but never write them. */
#ifndef TERROIR_MODEL_INTERNAL_H
#define TERROIR_MODEL_INTERNAL_H

#include <stdint.h>

#include <terroir/model.h>

#include "core/core.h"

#define MODEL_NONE SIZE_MAX

/* Where an entity was defined in its input file (0 = unknown). */
typedef struct model_pos {
    unsigned long line;
    unsigned long column;
} model_pos;

typedef struct model_line {
    size_t product;
    double quantity;
} model_line;

typedef struct model_window {
    double open;
    double close;
} model_window;

/* What producers, hubs and points have in common. */
typedef struct model_site_base {
    char *id;
    char *name;
    terroir_location location;
    size_t site; /* index in the site space */
    model_window *windows;
    size_t n_windows, cap_windows;
    model_pos pos;
    size_t member; /* member index or TERROIR_NO_MEMBER */
} model_site_base;

typedef struct model_member {
    char *id;
    char *name;
    model_pos pos;
} model_member;

typedef struct model_product {
    char *id;
    char *name;
    char *unit;
    terroir_temperature temperature;
    double shelf_life_hours;
    double kg_per_unit;
    double m3_per_unit;
    double pallets_per_unit;
    model_pos pos;
} model_product;

typedef struct model_producer {
    model_site_base base;
    double service_minutes;
    double self_delivery_kg;
    double self_delivery_km;
    int direct_delivery;
    /* Days it ships (1-based, ascending; NULL / 0: every operating day). */
    unsigned int *pickup_days;
    size_t n_pickup_days;
    model_line *supply;
    size_t n_supply, cap_supply;
} model_producer;

typedef struct model_hub {
    model_site_base base;
    terroir_hub_status status;
    double fixed_cost;
    double capacity_kg[TERROIR_TEMPERATURE_COUNT];
    double handling_cost_per_kg;
    /* Minutes between goods reaching the hub and their leaving it on a
     * delivery route (unloading, sorting, reloading): default 30. */
    double cross_dock_minutes;
    /* Kg it holds overnight per class; TERROIR_UNLIMITED: no limit. */
    double storage_kg[TERROIR_TEMPERATURE_COUNT];
} model_hub;

typedef struct model_point {
    model_site_base base;
    terroir_point_kind kind;
    unsigned int priority;
    double unserved_penalty_per_kg; /* TERROIR_UNLIMITED: priority default */
    double service_minutes;
    /* Days it receives (1-based, ascending; NULL / 0: every operating day). */
    unsigned int *delivery_days;
    size_t n_delivery_days;
    model_line *demand;
    size_t n_demand, cap_demand;
} model_point;

typedef struct model_vehicle_type {
    char *id;
    char *name;
    size_t home_hub;
    size_t count;
    double capacity[TERROIR_DIMENSION_COUNT];
    unsigned int temperatures;
    double fixed_cost;
    double cost_per_km;
    double cost_per_hour;
    double speed_kmh;
    double max_duration_minutes;
    double co2_kg_per_km;
    /* Trips a vehicle may drive per operating day (default 1), reloading at
     * its home hub for loading_minutes between two (default 0);
     * max_duration_minutes then bounds the whole working day. */
    unsigned int trips_per_day;
    double loading_minutes;
    model_pos pos;
    size_t member; /* member index or TERROIR_NO_MEMBER */
} model_vehicle_type;

typedef struct model_site_ref {
    terroir_site_kind kind;
    size_t index;
} model_site_ref;

typedef struct model_arc {
    size_t from, to; /* site indices */
    double cost_per_kg;
    double km; /* < 0: unknown */
} model_arc;

/* An explicit distance matrix over some sites. */
typedef struct model_matrix {
    size_t n;
    size_t *sites;    /* n site indices */
    double *km;       /* n * n */
    double *minutes;  /* n * n, or NULL */
    size_t *row_of;   /* per site (row_of_len entries): matrix row or MODEL_NONE */
    size_t row_of_len;
} model_matrix;

/* String -> index map, open addressing (FNV-1a). */
typedef struct model_idmap {
    size_t *slots; /* index + 1, 0 = empty */
    size_t cap;    /* power of two */
    size_t count;
} model_idmap;

struct terroir_model {
    terroir_settings settings; /* settings.name points to `name` */
    char *name;

    model_product *products;
    size_t n_products, cap_products;
    model_producer *producers;
    size_t n_producers, cap_producers;
    model_hub *hubs;
    size_t n_hubs, cap_hubs;
    model_point *points;
    size_t n_points, cap_points;
    model_vehicle_type *vehicle_types;
    size_t n_vehicle_types, cap_vehicle_types;
    model_member *members;
    size_t n_members, cap_members;

    model_site_ref *sites;
    size_t n_sites, cap_sites;

    model_arc *arcs;
    size_t n_arcs, cap_arcs;

    model_matrix matrix;

    model_idmap product_ids;
    model_idmap site_ids;
    model_idmap vehicle_type_ids;
    model_idmap member_ids;

    int validated;
    char *source;  /* file the model was loaded from, or NULL */
    model_pos settings_pos;
    model_pos matrix_pos;
};

/* ---- for loaders: where things were defined, so that validation messages
 * can name file:line:column. */
/* Returns 0 or TERROIR_ENOMEM (last error set). */
int model__set_source(terroir_model *m, const char *file);
void model__set_pos(terroir_model *m, terroir_entity kind, size_t index, unsigned long line,
                    unsigned long column);
void model__set_matrix_pos(terroir_model *m, unsigned long line, unsigned long column);

/* ---- shared helpers */

/* Free what a site base owns (id, name, windows). */
void model__site_base_free(model_site_base *b);

/* The site base of site `site` (any kind). */
const model_site_base *model__site_base(const terroir_model *m, size_t site);

/* Effective penalty per kg unserved at a point. */
double model__point_penalty(const model_point *p);

/* Days of the cycle (model_days.c): 1 when producer p ships on operating
 * day `day` (1-based), point p receives on it; the first day producer p
 * ships (1 when every day). */
int model__producer_ships(const model_producer *p, unsigned int day);
int model__point_receives(const model_point *p, unsigned int day);
unsigned int model__first_pickup_day(const model_producer *p);
/* 1 when site `site` may be served on `day`: a point receives, a producer
 * ships (a hub: every day). */
int model__site_serves_on(const terroir_model *m, size_t site, unsigned int day);
/* 1 when hub h holds a limited kg of some class overnight (storage_kg). */
int model__hub_storage_limited(const model_hub *h);

/* 1 when some vehicle type has at least one vehicle.  A type with count 0
 * (a truck taken off the road by an overlay) is no fleet: a model whose
 * types all have count 0 is planned as a model without vehicle types, and
 * a hub whose types all have count 0 has no fleet of its own. */
int model__has_fleet(const terroir_model *m);

/* Bytes of terroir_settings that a caller of structure `version` has. */
size_t model__settings_size(unsigned int version);
/* Bytes of a spec structure of `kind` (producer, hub, point, vehicle type)
 * that a caller of structure `version` has: version 1 ends before member;
 * version 2 of hubs before cross_dock_minutes, of vehicle types before
 * trips_per_day, of producers before pickup_days, of points before
 * delivery_days; version 3 of hubs before storage_kg. */
size_t model__spec_size(terroir_entity kind, unsigned int version);

/* Distance between two sites without argument checks or error setting:
 * returns 0, or -1 when the pair has no matrix entry and a site has no
 * location. */
int model__distance(const terroir_model *m, size_t from, size_t to, double *km,
                    double *minutes);

/* Great-circle distance in km between two lat/lon points (degrees). */
double model__haversine_km(double lat1, double lon1, double lat2, double lon2);

/* Parse enum names as written in files; return 0 or -1 for an unknown name. */
int model__temperature_from_string(const char *s, terroir_temperature *out);
int model__hub_status_from_string(const char *s, terroir_hub_status *out);
int model__point_kind_from_string(const char *s, terroir_point_kind *out);
int model__coordinates_from_string(const char *s, terroir_coordinates *out);
int model__rounding_from_string(const char *s, terroir_rounding *out);
int model__arcs_from_string(const char *s, terroir_arcs *out);
int model__dimension_from_string(const char *s, terroir_dimension *out);

/* id map */
int model__idmap_put(model_idmap *map, const char *(*key_of)(const void *ctx, size_t i),
                     const void *ctx, const char *key, size_t index);
size_t model__idmap_get(const model_idmap *map, const char *(*key_of)(const void *ctx, size_t i),
                        const void *ctx, const char *key);
/* Remove the entry of entity `index` (whose key key_of still reads);
 * never allocates. */
void model__idmap_remove(model_idmap *map, const char *(*key_of)(const void *ctx, size_t i),
                         const void *ctx, size_t index);
void model__idmap_free(model_idmap *map);
/* Key readers for the model's maps (ctx is the model). */
const char *model__product_key(const void *ctx, size_t i);
const char *model__site_key(const void *ctx, size_t i);
const char *model__vehicle_type_key(const void *ctx, size_t i);
const char *model__member_key(const void *ctx, size_t i);

#endif
