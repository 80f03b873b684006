/* terroir: the food-network model — products, producers, hubs, distribution
 * points and vehicle types, with the distance model between sites.
 *
 * Life cycle: terroir_model_new() gives an empty, mutable model; the builder
 * functions (terroir_model_add_*, terroir_model_set_*) fill it; then
 * terroir_model_validate() checks it as a whole and, when it is valid, makes
 * it read-only.  A validated model is never changed again and may be read by
 * several threads at once.  The loaders and importers (io.h) return
 * validated models; terroir_model_clone() gives a mutable copy.
 *
 * Entities are referenced by 0-based index within their kind (product 0,
 * hub 2, ...), in the order they were added.  Producers, hubs and points are
 * also "sites": they share one id namespace and one 0-based site index space
 * (in order of addition, whatever their kind), which the distance model uses.
 *
 * Units: quantities are in each product's own unit (kg by default), weights
 * in kg, volumes in m3, distances in km (or the planar unit of benchmark
 * instances), times in minutes from the start of the cycle, shelf life in
 * hours, money in the model's currency (CAD for the regional datasets).
 *
 * Spec structures: every terroir_*_spec and the settings structure start with
 * `unsigned int version`; initialise them with the matching _INIT macro or
 * _init() function, then set the fields you need.  Later releases add fields
 * at the end only.  Strings and arrays in specs are copied by the library;
 * specs read back from a model (terroir_model_get_*) borrow them from the
 * model. */
#ifndef TERROIR_MODEL_H
#define TERROIR_MODEL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The model handle (opaque). */
typedef struct terroir_model terroir_model;

/* A capacity or quantity with no limit. */
#define TERROIR_UNLIMITED (-1.0)

typedef enum terroir_temperature {
    TERROIR_TEMPERATURE_AMBIENT = 0,
    TERROIR_TEMPERATURE_CHILLED = 1,
    TERROIR_TEMPERATURE_FROZEN = 2
} terroir_temperature;
#define TERROIR_TEMPERATURE_COUNT 3

typedef enum terroir_hub_status {
    TERROIR_HUB_OPEN = 0,      /* open whatever the plan says */
    TERROIR_HUB_CANDIDATE = 1, /* the design stage decides; fixed cost if opened */
    TERROIR_HUB_CLOSED = 2     /* never used */
} terroir_hub_status;

typedef enum terroir_point_kind {
    TERROIR_POINT_GROCERY = 0,
    TERROIR_POINT_FOOD_BANK = 1,
    TERROIR_POINT_SCHOOL = 2,
    TERROIR_POINT_MARKET = 3,
    TERROIR_POINT_PICKUP = 4
} terroir_point_kind;
#define TERROIR_POINT_KIND_COUNT 5

typedef enum terroir_site_kind {
    TERROIR_SITE_PRODUCER = 0,
    TERROIR_SITE_HUB = 1,
    TERROIR_SITE_POINT = 2
} terroir_site_kind;

/* The kinds of entity of a model, for terroir_model_count() and _find(). */
typedef enum terroir_entity {
    TERROIR_ENTITY_PRODUCT = 0,
    TERROIR_ENTITY_PRODUCER = 1,
    TERROIR_ENTITY_HUB = 2,
    TERROIR_ENTITY_POINT = 3,
    TERROIR_ENTITY_VEHICLE_TYPE = 4,
    TERROIR_ENTITY_MEMBER = 5 /* members of a shared network (cost sharing) */
} terroir_entity;

/* How site locations are given. */
typedef enum terroir_coordinates {
    /* WGS84 latitude/longitude in degrees; distance = great-circle
     * (haversine, Earth radius 6371.0088 km) times the road factor. */
    TERROIR_COORDINATES_LATLON = 0,
    /* Planar x/y; distance = Euclidean, then rounded by the rounding rule.
     * Used by benchmark instances. */
    TERROIR_COORDINATES_PLANAR = 1
} terroir_coordinates;

/* Rounding of computed distances, so that benchmark instances keep their
 * published cost convention.  Applied to the distance; travel times derive
 * from the rounded distance. */
typedef enum terroir_rounding {
    TERROIR_ROUNDING_NONE = 0,
    TERROIR_ROUNDING_NEAREST = 1,   /* nint(d): TSPLIB EUC_2D, CVRPLIB */
    TERROIR_ROUNDING_TRUNCATE_1 = 2, /* floor(10 d) / 10: Solomon, CVRPLIB */
    /* ceil(100 d): the CLRP convention of Prins, Prodhon & Wolfler Calvo
     * (2006), distances in hundredths, rounded up.  A distance whose 100 d
     * is an integer (e.g. 5 between (0,0) and (3,4)) gives exactly that
     * integer (500), not one more: the rule is "the smallest integer k with
     * k^2 >= 10000 d^2", evaluated exactly while k < 2^26. */
    TERROIR_ROUNDING_CEIL_100 = 3
} terroir_rounding;

/* Which transport arcs exist between sites. */
typedef enum terroir_arcs {
    /* Every arc the network shape allows (producer->hub, hub->point, and
     * producer->point for producers that deliver directly), with costs
     * derived from distances and the fleet. */
    TERROIR_ARCS_ALL = 0,
    /* Only the arcs added with terroir_model_add_arc(), each with its own
     * cost per kg.  Sites then need no location (OR-Library CFLP). */
    TERROIR_ARCS_LISTED = 1
} terroir_arcs;

/* Capacity dimensions of a vehicle. */
typedef enum terroir_dimension {
    TERROIR_DIMENSION_KG = 0,
    TERROIR_DIMENSION_M3 = 1,
    TERROIR_DIMENSION_PALLETS = 2
} terroir_dimension;
#define TERROIR_DIMENSION_COUNT 3

/* Names used in files and messages ("ambient", "candidate", "food_bank",
 * "latlon", "nearest", "listed", "kg", ...).  Never NULL: an out-of-range
 * value gives "unknown".  Static storage. */
TERROIR_API const char *terroir_temperature_to_string(terroir_temperature t);
TERROIR_API const char *terroir_hub_status_to_string(terroir_hub_status s);
TERROIR_API const char *terroir_point_kind_to_string(terroir_point_kind k);
TERROIR_API const char *terroir_site_kind_to_string(terroir_site_kind k);
TERROIR_API const char *terroir_entity_to_string(terroir_entity e);
TERROIR_API const char *terroir_coordinates_to_string(terroir_coordinates c);
TERROIR_API const char *terroir_rounding_to_string(terroir_rounding r);
TERROIR_API const char *terroir_arcs_to_string(terroir_arcs a);
TERROIR_API const char *terroir_dimension_to_string(terroir_dimension d);

/* ---------------------------------------------------------------- settings */

/* Model-wide settings. */
typedef struct terroir_settings {
    unsigned int version;
    const char *name;              /* NULL or a short name of the model */
    terroir_coordinates coordinates; /* default LATLON */
    terroir_rounding rounding;     /* default NONE */
    double road_factor;            /* LATLON only: road km per great-circle km; default 1.3, >= 1 */
    double speed_kmh;              /* average speed for travel times; default 60, > 0 */
    terroir_arcs arcs;             /* default ALL */
    double co2_price;              /* money per kg of CO2 added to the objective; default 0 */
    /* ---- version 2 */
    /* Operating days in one cycle, 1..366 (default 1).  Each vehicle drives
     * at most trips_per_day routes per operating day (its vehicle type's,
     * default 1), so a vehicle type of count c drives up to c x
     * trips_per_day x operating_days routes per cycle; every day has the
     * same time windows (times are minutes of the operating day). */
    unsigned int operating_days;
} terroir_settings;
#define TERROIR_SETTINGS_VERSION 2
#define TERROIR_MAX_OPERATING_DAYS 366
#define TERROIR_SETTINGS_INIT                                                  \
    { TERROIR_SETTINGS_VERSION, NULL, TERROIR_COORDINATES_LATLON,               \
      TERROIR_ROUNDING_NONE, 1.3, 60.0, TERROIR_ARCS_ALL, 0.0, 1u }

/* Initialise `opts` to the defaults of structure version `version`.
 * Returns TERROIR_EINVAL for NULL or an unknown version. */
TERROIR_API int terroir_settings_init(terroir_settings *opts, unsigned int version);

/* ---------------------------------------------------------------- specs */

/* Members: the organisations (cooperatives, food banks, school boards...)
 * that share one network, for cost sharing (share.h).  Producers, hubs,
 * points and vehicle types may name the member they belong to (field
 * `member` of their spec, version 2, an index into the model's members);
 * an entity without a member is shared by all (datasets/SCHEMA.md,
 * "Members").  Members are added before the entities that name them. */
#define TERROIR_NO_MEMBER ((size_t)-1)

typedef struct terroir_member_spec {
    unsigned int version;
    const char *id;   /* required, unique among members */
    const char *name; /* NULL: same as id */
} terroir_member_spec;
#define TERROIR_MEMBER_SPEC_VERSION 1
#define TERROIR_MEMBER_SPEC_INIT { TERROIR_MEMBER_SPEC_VERSION, NULL, NULL }
TERROIR_API int terroir_member_spec_init(terroir_member_spec *spec, unsigned int version);

/* A location: latitude/longitude for LATLON models, x/y for PLANAR models.
 * has_location = 0 means the site has no location (allowed only when the
 * distances come from a matrix or the arcs are listed). */
typedef struct terroir_location {
    int has_location;
    double lat, lon; /* degrees, LATLON models */
    double x, y;     /* PLANAR models */
} terroir_location;

typedef struct terroir_product_spec {
    unsigned int version;
    const char *id;                  /* required, unique among products */
    const char *name;                /* NULL: same as id */
    terroir_temperature temperature; /* default AMBIENT */
    double shelf_life_hours;         /* 0 (default): does not perish within a cycle */
    const char *unit;                /* NULL: "kg" */
    double kg_per_unit;              /* default 1, >= 0 */
    double m3_per_unit;              /* default 0, >= 0 */
    double pallets_per_unit;         /* default 0, >= 0 */
} terroir_product_spec;
#define TERROIR_PRODUCT_SPEC_VERSION 1
#define TERROIR_PRODUCT_SPEC_INIT                                              \
    { TERROIR_PRODUCT_SPEC_VERSION, NULL, NULL, TERROIR_TEMPERATURE_AMBIENT,    \
      0.0, NULL, 1.0, 0.0, 0.0 }
TERROIR_API int terroir_product_spec_init(terroir_product_spec *spec, unsigned int version);

typedef struct terroir_producer_spec {
    unsigned int version;
    const char *id;             /* required, unique among sites */
    const char *name;           /* NULL: same as id */
    terroir_location location;
    double service_minutes;     /* loading time at a pickup; default 0 */
    double self_delivery_kg;    /* kg per cycle it can bring to a hub itself; default 0 */
    double self_delivery_km;    /* how far it drives for that; default 0 */
    int direct_delivery;        /* 1: may deliver straight to points; default 0 */
    /* ---- version 2 */
    size_t member;              /* member index, or TERROIR_NO_MEMBER (default) */
    /* ---- version 3 (callers of versions 1 and 2 get the default) */
    /* The operating days of the cycle (1-based, each at most the model's
     * operating_days, no day twice) on which the producer ships: its goods
     * are collected, or it brings them to a hub itself, on those days only.
     * NULL / 0 (default): every operating day. */
    const unsigned int *pickup_days;
    size_t n_pickup_days;
} terroir_producer_spec;
#define TERROIR_PRODUCER_SPEC_VERSION 3
#define TERROIR_PRODUCER_SPEC_INIT                                             \
    { TERROIR_PRODUCER_SPEC_VERSION, NULL, NULL, { 0, 0.0, 0.0, 0.0, 0.0 },     \
      0.0, 0.0, 0.0, 0, TERROIR_NO_MEMBER, NULL, 0 }
TERROIR_API int terroir_producer_spec_init(terroir_producer_spec *spec, unsigned int version);

typedef struct terroir_hub_spec {
    unsigned int version;
    const char *id;             /* required, unique among sites */
    const char *name;           /* NULL: same as id */
    terroir_location location;
    terroir_hub_status status;  /* default OPEN */
    double fixed_cost;          /* per cycle when open (CANDIDATE hubs); default 0 */
    /* Throughput per cycle in kg, per temperature class (capacity_kg[t],
     * t < n_temperatures; see "Values per temperature class" in common.h).
     * TERROIR_UNLIMITED (the default) for no limit; 0 when the hub cannot
     * handle the class. */
    const double *capacity_kg;
    size_t n_temperatures;
    double handling_cost_per_kg; /* default 0 */
    /* ---- version 2 */
    size_t member;              /* member index, or TERROIR_NO_MEMBER (default) */
    /* ---- version 3 */
    /* Minutes between goods reaching the hub (collected by a route or
     * brought by their producer) and their leaving it on a delivery route:
     * unloading, sorting, reloading.  >= 0; default 30 (also for callers
     * of versions 1 and 2). */
    double cross_dock_minutes;
    /* ---- version 4 (callers of versions 1 to 3 get the default) */
    /* Kg the hub can hold overnight, per temperature class (storage_kg[t],
     * t < n_storage_temperatures; see "Values per temperature class" in
     * common.h): at the end of each operating day but the cycle's last, the
     * goods of class t that reached the hub and have not left it weigh at
     * most storage_kg[t].  TERROIR_UNLIMITED (the default, also for classes
     * past n_storage_temperatures) for no limit; 0 when nothing of the class
     * may stay overnight. */
    const double *storage_kg;
    size_t n_storage_temperatures;
} terroir_hub_spec;
#define TERROIR_HUB_SPEC_VERSION 4
#define TERROIR_DEFAULT_CROSS_DOCK_MINUTES 30.0
#define TERROIR_HUB_SPEC_INIT                                                  \
    { TERROIR_HUB_SPEC_VERSION, NULL, NULL, { 0, 0.0, 0.0, 0.0, 0.0 },          \
      TERROIR_HUB_OPEN, 0.0, NULL, 0, 0.0, TERROIR_NO_MEMBER,                   \
      TERROIR_DEFAULT_CROSS_DOCK_MINUTES, NULL, 0 }
TERROIR_API int terroir_hub_spec_init(terroir_hub_spec *spec, unsigned int version);

typedef struct terroir_point_spec {
    unsigned int version;
    const char *id;             /* required, unique among sites */
    const char *name;           /* NULL: same as id */
    terroir_location location;
    terroir_point_kind kind;    /* default GROCERY */
    unsigned int priority;      /* 1 (most urgent) to 5; default 3 */
    /* Money per kg of demand left unserved.  TERROIR_UNLIMITED (default):
     * the default for the priority, see terroir_priority_penalty(). */
    double unserved_penalty_per_kg;
    double service_minutes;     /* unloading time; default 0 */
    /* ---- version 2 */
    size_t member;              /* member index, or TERROIR_NO_MEMBER (default) */
    /* ---- version 3 (callers of versions 1 and 2 get the default) */
    /* The operating days of the cycle (1-based, each at most the model's
     * operating_days, no day twice) on which the point receives deliveries.
     * NULL / 0 (default): every operating day. */
    const unsigned int *delivery_days;
    size_t n_delivery_days;
} terroir_point_spec;
#define TERROIR_POINT_SPEC_VERSION 3
#define TERROIR_POINT_SPEC_INIT                                                \
    { TERROIR_POINT_SPEC_VERSION, NULL, NULL, { 0, 0.0, 0.0, 0.0, 0.0 },        \
      TERROIR_POINT_GROCERY, 3, TERROIR_UNLIMITED, 0.0, TERROIR_NO_MEMBER,      \
      NULL, 0 }
TERROIR_API int terroir_point_spec_init(terroir_point_spec *spec, unsigned int version);

/* The default penalty per kg unserved for a priority: 1 -> 40, 2 -> 20,
 * 3 -> 10, 4 -> 5, 5 -> 2.5 (money per kg).  0 for a priority outside 1..5. */
TERROIR_API double terroir_priority_penalty(unsigned int priority);

typedef struct terroir_vehicle_type_spec {
    unsigned int version;
    const char *id;             /* required, unique among vehicle types */
    const char *name;           /* NULL: same as id */
    size_t home_hub;            /* hub index */
    size_t count;               /* number of vehicles; default 1 */
    /* Capacity per dimension (kg, m3, pallets: capacity[d], d <
     * n_dimensions; see "Values per temperature class" in common.h);
     * TERROIR_UNLIMITED (default) for no limit in that dimension. */
    const double *capacity;
    size_t n_dimensions;
    /* Temperature classes it can carry: a bit set of (1u << terroir_temperature).
     * Default: ambient only. */
    unsigned int temperatures;
    double fixed_cost;          /* per vehicle used in a cycle; default 0 */
    double cost_per_km;         /* default 1 */
    double cost_per_hour;       /* default 0 */
    double speed_kmh;           /* 0 (default): the model's speed */
    double max_duration_minutes;/* 0 (default): no limit */
    double co2_kg_per_km;       /* default 0 */
    /* ---- version 2 */
    size_t member;              /* member index, or TERROIR_NO_MEMBER (default) */
    /* ---- version 3 (callers of versions 1 and 2 get the defaults) */
    /* Trips a vehicle may drive per operating day, reloading at its home
     * hub between two; 1 to TERROIR_MAX_TRIPS_PER_DAY, default 1.
     * max_duration_minutes then bounds the whole working day. */
    unsigned int trips_per_day;
    /* Reloading time at the home hub between two trips of the same vehicle
     * and day; >= 0, default 0. */
    double loading_minutes;
} terroir_vehicle_type_spec;
#define TERROIR_VEHICLE_TYPE_SPEC_VERSION 3
#define TERROIR_MAX_TRIPS_PER_DAY 100
#define TERROIR_VEHICLE_TYPE_SPEC_INIT                                         \
    { TERROIR_VEHICLE_TYPE_SPEC_VERSION, NULL, NULL, 0, 1, NULL, 0,             \
      1u << TERROIR_TEMPERATURE_AMBIENT, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0,          \
      TERROIR_NO_MEMBER, 1u, 0.0 }
TERROIR_API int terroir_vehicle_type_spec_init(terroir_vehicle_type_spec *spec,
                                               unsigned int version);

/* ---------------------------------------------------------------- building */

/* Create an empty, mutable model with default settings.
 * Returns TERROIR_EINVAL (out NULL) or TERROIR_ENOMEM; *out is written only on
 * success and must be released with terroir_model_free(). */
TERROIR_API int terroir_model_new(terroir_model **out);

/* Free a model and everything it owns.  NULL is a no-op. */
TERROIR_API void terroir_model_free(terroir_model *model);

/* A mutable deep copy of `model` (validated or not).  *out only on success. */
TERROIR_API int terroir_model_clone(terroir_model **out, const terroir_model *model);

/* Replace the settings.  Fails with TERROIR_EINVAL on a validated model or
 * an out-of-range value (road factor < 1, speed <= 0, NaN, ...). */
TERROIR_API int terroir_model_set_settings(terroir_model *model, const terroir_settings *settings);

/* Add an entity.  On success *out_index (may be NULL) receives its index.
 * Errors: TERROIR_EINVAL for a validated model, a missing or duplicate id,
 * a negative, NaN or infinite number, an out-of-range enum, latitude outside
 * [-90, 90] or longitude outside [-180, 180], an unknown home hub, more
 * temperature classes or dimensions than the library knows (or a NULL
 * array with a count); TERROIR_ENOMEM.  The model is unchanged on failure. */
TERROIR_API int terroir_model_add_product(terroir_model *model, const terroir_product_spec *spec,
                                          size_t *out_index);
/* A member: Errors TERROIR_EINVAL (validated model, missing or duplicate
 * id), TERROIR_ENOMEM.  The `member` field of the specs below must be
 * TERROIR_NO_MEMBER or the index of a member already added (else
 * TERROIR_EINVAL). */
TERROIR_API int terroir_model_add_member(terroir_model *model, const terroir_member_spec *spec,
                                         size_t *out_index);
TERROIR_API int terroir_model_add_producer(terroir_model *model, const terroir_producer_spec *spec,
                                           size_t *out_index);
TERROIR_API int terroir_model_add_hub(terroir_model *model, const terroir_hub_spec *spec,
                                      size_t *out_index);
TERROIR_API int terroir_model_add_point(terroir_model *model, const terroir_point_spec *spec,
                                        size_t *out_index);
TERROIR_API int terroir_model_add_vehicle_type(terroir_model *model,
                                               const terroir_vehicle_type_spec *spec,
                                               size_t *out_index);

/* Give entity `index` of `kind` (producer, hub, point or vehicle type) to
 * member `member`, or to none with TERROIR_NO_MEMBER, e.g. to regroup the
 * members of a cloned model.  Errors: TERROIR_EINVAL (validated model, a
 * kind without members, unknown member), TERROIR_ENOTFOUND (bad index). */
TERROIR_API int terroir_model_set_member(terroir_model *model, terroir_entity kind, size_t index,
                                         size_t member);

/* Supply of `product` at `producer` per cycle, in product units (>= 0).
 * Adding the same product twice adds the quantities.  Errors:
 * TERROIR_ENOTFOUND for a bad index, TERROIR_EINVAL for a negative, NaN or
 * infinite quantity or a validated model. */
TERROIR_API int terroir_model_add_supply(terroir_model *model, size_t producer, size_t product,
                                         double quantity);

/* Demand of `product` at `point` per cycle, in product units; as above. */
TERROIR_API int terroir_model_add_demand(terroir_model *model, size_t point, size_t product,
                                         double quantity);

/* A time window [open, close] in minutes from the start of the cycle for a
 * site: pickup windows of a producer, opening hours of a hub, delivery
 * windows of a point.  A site without windows is always available.  Errors:
 * TERROIR_EINVAL when close < open or a value is negative or not finite. */
TERROIR_API int terroir_model_add_time_window(terroir_model *model, terroir_site_kind kind,
                                              size_t index, double open_minute,
                                              double close_minute);

/* An explicit distance (and optionally time) matrix between `n` sites:
 * km[i*n + j] is the distance from sites[i] to sites[j] (site indices), and
 * minutes[i*n + j] the driving time (NULL: derived from km and the speed).
 * Replaces computed distances for every pair it covers; the rounding rule
 * does not apply to matrix values.  Values must be finite and >= 0.  The
 * arrays are copied. */
TERROIR_API int terroir_model_set_matrix(terroir_model *model, size_t n, const size_t *sites,
                                         const double *km, const double *minutes);

/* A transport arc of a TERROIR_ARCS_LISTED model: goods may move from site
 * `from` to site `to` at `cost_per_kg`; km >= 0, or < 0 when unknown. */
TERROIR_API int terroir_model_add_arc(terroir_model *model, size_t from_site, size_t to_site,
                                      double cost_per_kg, double km);

/* Remove the entity of `kind` added last, with what belongs to it (a
 * site's time windows, a producer's supply lines, a point's demand lines),
 * leaving the model as it was before that entity was added: for callers
 * that add an entity and then its lines, and must undo the whole when a
 * later call fails (the Python builder does).  Errors: TERROIR_EINVAL for
 * a NULL or validated model, an unknown kind, a kind with no entity, or an
 * entity that something added after it refers to (a product in a supply or
 * demand line, a member given to an entity, a producer, hub or point that
 * is not the last site added or that a vehicle type, an arc or the matrix
 * names); the model is then unchanged. */
TERROIR_API int terroir_model_remove_last(terroir_model *model, terroir_entity kind);

/* Check the model as a whole and, when it is valid, make it read-only.
 * Every problem found is reported, not just the first: when `out` is not
 * NULL it receives the list (possibly empty; free it with
 * terroir_diagnostics_free()).  Problems of models loaded from a file carry
 * the file, line and column of the entity concerned.
 * Returns 0 when valid, TERROIR_EINPUT when not (the last error is then the
 * first problem), TERROIR_EINVAL for NULL, TERROIR_ENOMEM.  Validating a
 * validated model returns 0. */
TERROIR_API int terroir_model_validate(terroir_model *model, terroir_diagnostics **out);

/* 1 when the model is validated (read-only), 0 otherwise or for NULL. */
TERROIR_API int terroir_model_is_validated(const terroir_model *model);

/* ---------------------------------------------------------------- reading */

/* Number of entities of a kind; 0 for NULL or an unknown kind. */
TERROIR_API size_t terroir_model_count(const terroir_model *model, terroir_entity kind);

/* Index of the entity of `kind` whose id is `id`.  TERROIR_ENOTFOUND when
 * there is none. */
TERROIR_API int terroir_model_find(const terroir_model *model, terroir_entity kind,
                                   const char *id, size_t *out_index);

/* Read settings or an entity into a spec that the caller initialised (its
 * version says which fields to fill).  Strings are borrowed from the model
 * and live as long as the model; per-class arrays (capacity_kg, storage_kg,
 * capacity) and day lists (pickup_days, delivery_days: ascending, NULL
 * with a count of 0 for every day) are borrowed too, until the model next
 * changes (a validated model never does).  Errors: TERROIR_EINVAL (NULL, unknown version),
 * TERROIR_ENOTFOUND (index out of range). */
TERROIR_API int terroir_model_get_settings(const terroir_model *model, terroir_settings *out);
TERROIR_API int terroir_model_get_product(const terroir_model *model, size_t index,
                                          terroir_product_spec *out);
TERROIR_API int terroir_model_get_producer(const terroir_model *model, size_t index,
                                           terroir_producer_spec *out);
TERROIR_API int terroir_model_get_hub(const terroir_model *model, size_t index,
                                      terroir_hub_spec *out);
TERROIR_API int terroir_model_get_point(const terroir_model *model, size_t index,
                                        terroir_point_spec *out);
TERROIR_API int terroir_model_get_vehicle_type(const terroir_model *model, size_t index,
                                               terroir_vehicle_type_spec *out);
TERROIR_API int terroir_model_get_member(const terroir_model *model, size_t index,
                                         terroir_member_spec *out);

/* Supply lines of a producer and demand lines of a point, in the order they
 * were first added.  The count is 0 for a bad index.  _get_ fails with
 * TERROIR_ENOTFOUND for a bad index. */
TERROIR_API size_t terroir_model_supply_count(const terroir_model *model, size_t producer);
TERROIR_API int terroir_model_get_supply(const terroir_model *model, size_t producer, size_t k,
                                         size_t *out_product, double *out_quantity);
TERROIR_API size_t terroir_model_demand_count(const terroir_model *model, size_t point);
TERROIR_API int terroir_model_get_demand(const terroir_model *model, size_t point, size_t k,
                                         size_t *out_product, double *out_quantity);

/* Time windows of a site, in the order added. */
TERROIR_API size_t terroir_model_time_window_count(const terroir_model *model,
                                                   terroir_site_kind kind, size_t index);
TERROIR_API int terroir_model_get_time_window(const terroir_model *model, terroir_site_kind kind,
                                              size_t index, size_t k, double *out_open,
                                              double *out_close);

/* Sites: producers, hubs and points in one index space (order of addition). */
TERROIR_API size_t terroir_model_site_count(const terroir_model *model);
/* Kind and index within that kind of site `site`. */
TERROIR_API int terroir_model_get_site(const terroir_model *model, size_t site,
                                       terroir_site_kind *out_kind, size_t *out_index);
/* Site index of entity `index` of `kind`. */
TERROIR_API int terroir_model_site_index(const terroir_model *model, terroir_site_kind kind,
                                         size_t index, size_t *out_site);
/* Id of a site, borrowed from the model; NULL for a bad index. */
TERROIR_API const char *terroir_model_site_id(const terroir_model *model, size_t site);

/* Distance in km and driving time in minutes (at the model's speed) from site
 * `from` to site `to`, from the matrix when it covers the pair, otherwise
 * from the locations.  Either out pointer may be NULL.  Errors:
 * TERROIR_ENOTFOUND for a bad site, TERROIR_EINPUT when the pair has no
 * matrix entry and a site has no location. */
TERROIR_API int terroir_model_distance(const terroir_model *model, size_t from, size_t to,
                                       double *out_km, double *out_minutes);

/* The matrix: number of sites it covers (0 when none), and its data.  The
 * arrays are borrowed from the model; minutes may be NULL. */
TERROIR_API size_t terroir_model_matrix_size(const terroir_model *model);
TERROIR_API int terroir_model_get_matrix(const terroir_model *model, const size_t **out_sites,
                                         const double **out_km, const double **out_minutes);

/* Listed arcs (TERROIR_ARCS_LISTED models), in the order added. */
TERROIR_API size_t terroir_model_arc_count(const terroir_model *model);
TERROIR_API int terroir_model_get_arc(const terroir_model *model, size_t k, size_t *out_from,
                                      size_t *out_to, double *out_cost_per_kg, double *out_km);

/* 1 when two models hold the same data (settings, entities in the same
 * order, quantities, windows, matrix, arcs; numbers compared exactly), 0
 * otherwise.  Source positions are not compared. */
TERROIR_API int terroir_model_equal(const terroir_model *a, const terroir_model *b);

#ifdef __cplusplus
}
#endif

#endif
