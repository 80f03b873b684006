/* Internal interface between the YAML loader's two halves: the schema walk
 * (yaml_read.c) and the generic machinery it stands on (yaml_read_values.c):
 * collecting problems with their position and field path, id tables, and
 * reading typed values (numbers, strings, enums, booleans, times) out of
 * io_ynode scalars with the schema's rules and messages.
 *
 * Conventions of every io__yr_ reader: the field path (r->path) already
 * names the value, or the function adds the key it reads and restores the
 * path before returning; a problem is recorded with io__yr_problem() and
 * the function returns -1; nothing is ever printed; nothing is allocated
 * that outlives the call except entries of r->diags and the id tables. */
#ifndef TERROIR_IO_YAML_READ_INTERNAL_H
#define TERROIR_IO_YAML_READ_INTERNAL_H

#include <stddef.h>

#include <terroir/model.h>

#include "core/core.h"
#include "io/yaml_tree.h"

/* ---- id tables */

/* Where an id was defined, and what it became.  `index` is the entity's
 * index within its kind, or MODEL_NONE when the entity had problems and was
 * not added (references to it are then skipped without a new problem). */
typedef struct io_yid {
    const char *id; /* borrowed from the tree */
    /* The file that defined it (borrowed), or NULL: the file being read.
     * The spreadsheet import reads one table per file. */
    const char *file;
    int kind;       /* terroir_site_kind for sites; 0 otherwise */
    size_t index;
    unsigned long line, column;
} io_yid;

/* A hash table of ids (open addressing, FNV-1a, linear probing); zeroed
 * memory is an empty table. */
typedef struct io_yids {
    io_yid *entries;
    size_t count, cap;
    size_t *slots;  /* entry index + 1; 0 = empty */
    size_t n_slots; /* 0 or a power of two */
} io_yids;

/* The entry of `id`, or NULL.  Valid until the next io__yids_put(). */
const io_yid *io__yids_get(const io_yids *t, const char *id);
/* Add an id that io__yids_get() does not know; `id` must outlive the table.
 * 0 or TERROIR_ENOMEM (table unchanged). */
int io__yids_put(io_yids *t, const char *id, int kind, size_t index, unsigned long line,
                 unsigned long column);
/* Release the table's memory (not the ids). */
void io__yids_free(io_yids *t);

/* ---- the reader's state */

typedef struct io_yreader {
    const char *file;
    terroir_model *model;
    terroir_diagnostics *diags;
    size_t problems;
    size_t max_problems;
    int stop; /* max_problems reached, or out of memory */
    int nomem;
    core_strbuf path; /* field path of the node being read */
    terroir_coordinates coordinates;
    terroir_arcs arcs;
    io_yids products, sites, vehicles, members;
    const io_ynode *root;
    const io_ynode *arcs_node;
    const io_ynode **arc_nodes; /* arcs[k] (NULL: inherited from a base), for validation */
    size_t n_arc_nodes, cap_arc_nodes;
    /* ---- overlays (overlay_apply.c) */
    int overlay;            /* 1: the document is an overlay */
    const char *base_label; /* its base, for "already in base 'x'" messages */
    /* Problems of the base (they name their own file), reported before the
     * overlay's own; NULL when the base loaded. */
    terroir_diagnostics *inherited;
    /* Per-class values of the hub or vehicle type spec being read, which
     * points here (specs hold pointers, common.h); one entity is read at a
     * time. */
    double capacity_kg[TERROIR_TEMPERATURE_COUNT];
    double storage_kg[TERROIR_TEMPERATURE_COUNT];
    double capacity[TERROIR_DIMENSION_COUNT];
    /* The day list (pickup_days, delivery_days) of the producer or point
     * spec being read, which points here: days are distinct, so at most
     * TERROIR_MAX_OPERATING_DAYS of them. */
    unsigned int days[TERROIR_MAX_OPERATING_DAYS];
} io_yreader;

/* Memory ran out: stop reading; the load returns TERROIR_ENOMEM. */
void io__yr_nomem(io_yreader *r);

/* Record a problem (TERROIR_EINPUT) at node `at` (NULL: no position) with
 * the current path as its field.  After max_problems problems, sets
 * r->stop and ignores further ones. */
void io__yr_problem(io_yreader *r, const io_ynode *at, const char *fmt, ...) CORE_PRINTF(3, 4);

/* The model refused something the schema accepted: record the model's last
 * error message at `at` (its field, when given, joins the path). */
void io__yr_model_refused(io_yreader *r, const io_ynode *at);

/* Field path: add ".key" or "[i]" and return a mark for io__yr_path_restore(). */
size_t io__yr_path_key(io_yreader *r, const char *key);
size_t io__yr_path_index(io_yreader *r, size_t i);
void io__yr_path_restore(io_yreader *r, size_t mark);

/* The field path (as the reader writes them) of the collection node that
 * starts at `line`:`column` in the document under `root`, appended to
 * `out`.  0 when found, -1 otherwise.  Descends one branch: O(depth x
 * width). */
int io__yr_path_at(const io_ynode *root, unsigned long line, unsigned long column,
                   core_strbuf *out);

/* For "'%.*s%s'" in messages: user text cut to a short length on a
 * character boundary, with "..." when cut. */
int io__yr_qlen(const char *s);
const char *io__yr_qdots(const char *s);
#define IO_YR_Q(s) io__yr_qlen(s), (s), io__yr_qdots(s)

/* ---- mappings */

/* The value of the first key `name` of mapping `map`, or NULL (also when
 * `map` is not a mapping). */
const io_ynode *io__yr_get(const io_ynode *map, const char *name);

/* 1 when `n` is of `kind`; otherwise records "expected WHAT, got ..." and
 * returns 0. */
int io__yr_want(io_yreader *r, const io_ynode *n, io_ykind kind, const char *what);

/* Record keys of `map` that are not plain scalars or that appear twice
 * ("duplicate key 'x' (first at L:C)").  O(k log k) for large mappings. */
void io__yr_check_duplicates(io_yreader *r, const io_ynode *map);

/* io__yr_check_duplicates(), then every key not in `allowed`: "unknown key
 * 'x' in WHAT; expected one of: a, b, c". */
void io__yr_check_keys(io_yreader *r, const io_ynode *map, const char *what,
                       const char *const *allowed, size_t n_allowed);

/* ---- values: 0 and *out set, or -1 after recording the problem */

enum {
    IO_YNUM_NONNEG = 1,   /* >= 0 */
    IO_YNUM_POSITIVE = 2, /* > 0 */
    IO_YNUM_INTEGER = 4,  /* a whole number >= 0 of at most 1e6 */
    IO_YNUM_UNLIMITED = 8 /* the word "unlimited" gives TERROIR_UNLIMITED */
};

/* A plain number, finite, |v| <= 1e12, and the `rules` above. */
int io__yr_number(io_yreader *r, const io_ynode *v, unsigned rules, double *out);

/* Any scalar but an empty value; borrowed from the tree. */
int io__yr_string(io_yreader *r, const io_ynode *v, const char **out);

/* An enumeration as written in files: values 0..count-1 named name_of(i)
 * (the model's _to_string functions, so that files, messages and the model
 * agree). */
typedef struct io_yenum {
    const char *what; /* "temperature class" */
    int count;
    const char *(*name_of)(int value);
} io_yenum;

/* One of def's names: "unknown WHAT 'x'; expected one of: a, b". */
int io__yr_enum(io_yreader *r, const io_ynode *v, const io_yenum *def, int *out);

/* A time of day: a number of minutes (>= 0) or "H:MM" to "HHH:MM". */
int io__yr_time(io_yreader *r, const io_ynode *v, double *out);

/* Optional keys of a mapping: 1 when present and valid, 0 when absent, -1
 * when invalid (recorded, with the key added to the path). */
int io__yr_opt_number(io_yreader *r, const io_ynode *map, const char *key, unsigned rules,
                      double *out);
int io__yr_opt_string(io_yreader *r, const io_ynode *map, const char *key, const char **out);
int io__yr_opt_enum(io_yreader *r, const io_ynode *map, const char *key, const io_yenum *def,
                    int *out);
/* Exactly "true" or "false". */
int io__yr_opt_bool(io_yreader *r, const io_ynode *map, const char *key, int *out);

/* A required, non-empty id under `key`; NULL after recording "missing
 * required key 'id' in WHAT" (at the mapping) or an empty id.  *out_node
 * receives the value node, or NULL. */
const char *io__yr_id(io_yreader *r, const io_ynode *map, const char *key, const char *what,
                      const io_ynode **out_node);

/* ---- the schema walk (yaml_read.c), shared with the overlay reader */

/* Check that `root` is a mapping with 'terroir: 1' (problems recorded);
 * sets r->root.  0 when it is, -1 otherwise. */
int io__yr_check_top(io_yreader *r, const io_ynode *root);

/* The top-level `name` and the `settings` mapping of `root` (both optional)
 * into the model's settings; sets r->coordinates and r->arcs, which decide
 * how sites read.  Shared with the spreadsheet import (csv_model.c). */
void io__yr_settings(io_yreader *r, const io_ynode *root);

/* The `matrix` mapping of `root` (optional) into the model's distance
 * matrix, once every site is read.  Shared with the spreadsheet import. */
void io__yr_matrix(io_yreader *r, const io_ynode *root);

/* Read a whole model document into r->model (entities with problems are
 * left out; see yaml_read.c). */
void io__yr_document(io_yreader *r, const io_ynode *root);

/* Each item of sequence `parent`.`key` through `fn` (a missing key is a
 * problem when `required`; null is an empty section otherwise). */
void io__yr_section(io_yreader *r, const io_ynode *parent, const char *key, const char *what,
                    int required, void (*fn)(io_yreader *, const io_ynode *));

/* One item of a section: the entity is added to r->model and its id
 * registered when it has no problem of its own. */
void io__yr_product(io_yreader *r, const io_ynode *n);
void io__yr_producer(io_yreader *r, const io_ynode *n);
void io__yr_hub(io_yreader *r, const io_ynode *n);
void io__yr_point(io_yreader *r, const io_ynode *n);
void io__yr_vehicle_type(io_yreader *r, const io_ynode *n);
void io__yr_member(io_yreader *r, const io_ynode *n);
void io__yr_arc(io_yreader *r, const io_ynode *n);

/* "arcs are listed but settings.arcs is ..." when `arcs` is not NULL and
 * r->arcs is not LISTED. */
void io__yr_check_arcs_mode(io_yreader *r, const io_ynode *arcs);

/* Changes of an overlay to an entity of `kind`: the fields present in
 * mapping `n` replace those in `spec` (the terroir_*_spec of that kind),
 * whose keys are those of the entity but 'id'; capacity_kg, capacity and
 * self_delivery are merged key by key.  supply, demand, time_windows and
 * opening_hours are left to io__yr_quantities() and io__yr_windows(),
 * which need the entity's index.  Returns 1 when a vehicle type's new home
 * hub had problems of its own (it is then left out without a second
 * problem), else 0. */
int io__yr_changes(io_yreader *r, terroir_entity kind, const io_ynode *n, void *spec);
/* Settings: every key but coordinates and arcs, which decide how the rest
 * of the file reads. */
void io__yr_settings_changes(io_yreader *r, const io_ynode *v, terroir_settings *s);

/* Time windows under `map`.`key` added to site `index` of `kind` (not
 * added when index is MODEL_NONE); supply (`supply` 1) or demand lines
 * under `map`.`key` added to producer or point `index`. */
void io__yr_windows(io_yreader *r, const io_ynode *map, const char *key, terroir_site_kind kind,
                    size_t index);
void io__yr_quantities(io_yreader *r, const io_ynode *map, const char *key, int supply,
                       size_t index);

/* Validate r->model and add its problems to ours (positions of entities
 * without one: the arc's node, or the top of the document). */
void io__yr_validate(io_yreader *r);

#endif
