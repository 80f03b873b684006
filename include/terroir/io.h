/* terroir: reading and writing models — the YAML format of datasets/SCHEMA.md
 * and importers for standard benchmark formats (VRPLIB/CVRPLIB, Solomon
 * VRPTW, OR-Library capacitated warehouse location, Cordeau multi-depot
 * VRP, Prodhon's capacitated location-routing), which turn a benchmark
 * instance into an ordinary model. */
#ifndef TERROIR_IO_H
#define TERROIR_IO_H

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits that protect the host from hostile input, and how overlays find
 * their base and which files they may read. */
typedef struct terroir_load_options {
    unsigned int version;
    size_t max_bytes;       /* largest input accepted; default 256 MiB */
    unsigned int max_depth; /* deepest YAML nesting accepted; default 32 */
    size_t max_problems;    /* stop after this many problems; default 100 */
    /* ---- version 2: overlays (datasets/SCHEMA.md, "Overlays").  A document
     * with a top-level `base` key is an overlay: it names a base model file
     * and changes it.  A file resolves a relative `base` against its own
     * folder; a buffer against `base_dir`. */
    /* Folder against which terroir_model_load_yaml_buffer() resolves a
     * relative `base`; NULL (default): the current working directory.
     * Files ignore it.  Copied during the call only. */
    const char *base_dir;
    /* 1 (default): overlays are read, with their bases (which may be
     * overlays themselves, at most 8 files deep, without cycles).  0: a
     * document with a `base` key is refused (TERROIR_EINPUT at that key),
     * so that the loader reads no file but the one it was given: for
     * untrusted input.  Version 1 callers get the defaults. */
    int allow_overlays;
    /* ---- version 3: language of the problems reported (the last error
     * and the diagnostics of the YAML reader, of overlays and of
     * validation).  Default TERROIR_LANGUAGE_EN; the library never reads
     * the environment for it.  Version 1 and 2 callers get English. */
    terroir_language language;
    /* ---- version 4: the folder that overlays may read.  A base is read
     * only when its path, once resolved (symbolic links, "." and ".."),
     * lies inside this folder (itself resolved) and names a regular file:
     * other paths, FIFOs, devices and folders are refused at the `base`
     * key before anything is opened or read, and the message quotes
     * nothing of them.  NULL (default): the folder of the file given to
     * terroir_model_load_yaml_file(); for a buffer, base_dir (or the
     * current directory when it is NULL).  The terroir command passes its
     * current directory (or --base-dir).  Copied during the call only.
     * Version 1 to 3 callers get the default. */
    const char *base_root;
} terroir_load_options;
#define TERROIR_LOAD_OPTIONS_VERSION 4
#define TERROIR_LOAD_OPTIONS_INIT                                              \
    { TERROIR_LOAD_OPTIONS_VERSION, (size_t)256 << 20, 32, 100, NULL, 1,       \
      TERROIR_LANGUAGE_EN, NULL }
/* Initialise `opts` to the defaults of structure version `version` (1 to
 * 4); only the fields of that version are written.  TERROIR_EINVAL for NULL
 * or an unknown version. */
TERROIR_API int terroir_load_options_init(terroir_load_options *opts, unsigned int version);

/* Load a model from a YAML file (schema: datasets/SCHEMA.md) and validate
 * it; the file may be an overlay of another model file (SCHEMA.md,
 * "Overlays"), whose problems then name the file they are in.  `opts` may
 * be NULL for the defaults.  On success *out receives a
 * validated, read-only model.  On failure *out is untouched, the last error
 * is the first problem (with file, line, column and field), and when `diags`
 * is not NULL it receives every problem found (free it with
 * terroir_diagnostics_free(); it is also set, possibly empty, on success).
 * Errors: TERROIR_EINVAL (NULL out or path), TERROIR_EIO (cannot read),
 * TERROIR_EINPUT (syntax, schema or validation), TERROIR_ENOMEM.
 * YAML anchors and aliases are rejected, as are documents nested deeper than
 * max_depth, bytes that are not UTF-8, and more than one document. */
TERROIR_API int terroir_model_load_yaml_file(terroir_model **out, const char *path,
                                             const terroir_load_options *opts,
                                             terroir_diagnostics **diags);

/* As terroir_model_load_yaml_file(), from `len` bytes at `data`; `name` (may
 * be NULL: "<buffer>") stands for the file name in messages.  The `base` of
 * an overlay is resolved against opts->base_dir (version 2), or against the
 * current directory, and must lie inside opts->base_root (version 4), by
 * default that same folder.  Text from an untrusted client should be
 * loaded with allow_overlays = 0. */
TERROIR_API int terroir_model_load_yaml_buffer(terroir_model **out, const char *data, size_t len,
                                               const char *name,
                                               const terroir_load_options *opts,
                                               terroir_diagnostics **diags);

/* Write a model (validated or not) as YAML.  Loading the text back gives a
 * model equal to `model` (terroir_model_equal()): numbers are written with
 * 17 significant digits when needed.  The file groups sites by kind
 * (producers, then hubs, then points), so a model built with kinds
 * interleaved loads back with its sites renumbered in that order; models
 * that were loaded or imported are always grouped.  The _buffer form returns a
 * NUL-terminated text in *out (free with terroir_free()) and its length in
 * *out_len (may be NULL).  Errors: TERROIR_EINVAL, TERROIR_EIO, TERROIR_ENOMEM. */
TERROIR_API int terroir_model_write_yaml_file(const terroir_model *model, const char *path);
TERROIR_API int terroir_model_write_yaml_buffer(char **out, size_t *out_len,
                                                const terroir_model *model);

/* Spreadsheet folders (datasets/SCHEMA.md, "Spreadsheet folders"): a model
 * as the tables products.csv (required), producers.csv, hubs.csv,
 * points.csv, vehicles.csv, settings.csv, distances.csv (a distance matrix,
 * one row per ordered pair of sites) and arcs.csv (listed arcs) (optional)
 * of folder `dir`, one row per entity and one column per field of the YAML
 * schema; quantities in `supply:<product id>` and `demand:<product id>`
 * columns.  UTF-8 (a
 * byte order mark is allowed), `,` or `;` between cells (guessed from the
 * header row), RFC 4180 quoting, CRLF or LF; numbers may use a decimal
 * comma.  Validated as terroir_model_load_yaml_file(): on failure *out is
 * untouched, the last error is the first problem, and `diags` (may be NULL)
 * receives every problem, each with the table's path, line and column (in
 * characters) and, as `field`, the column name ("supply:lettuce").
 * `opts` may be NULL; max_bytes applies to each table, max_depth and the
 * overlay fields are not used.  Errors: TERROIR_EINVAL (NULL out or dir),
 * TERROIR_EIO (dir is not a readable folder, products.csv or a present
 * table cannot be read), TERROIR_EINPUT, TERROIR_ENOMEM. */
TERROIR_API int terroir_model_load_csv_dir(terroir_model **out, const char *dir,
                                           const terroir_load_options *opts,
                                           terroir_diagnostics **diags);

/* Write a model (validated or not) as a spreadsheet folder: `dir` is
 * created when missing, and its eight tables replaced (distances.csv and
 * arcs.csv with their header alone when the model has no matrix or arcs).
 * Comma separated, LF line ends, '.' decimals written to read back
 * exactly: loading the folder gives a model equal to `model` when the
 * supply and demand lines of every site are in product order (the columns
 * are; otherwise the lines come back in that order).  Errors:
 * TERROIR_EINVAL (NULL or empty argument, a non-finite number),
 * TERROIR_EIO, TERROIR_ENOMEM. */
TERROIR_API int terroir_model_write_csv_dir(const terroir_model *model, const char *dir);

/* Benchmark formats. */
typedef enum terroir_format {
    /* TSPLIB/CVRPLIB .vrp, EUC_2D: one open hub (the depot), one product
     * "demand", one point per customer, one vehicle type with CAPACITY and
     * as many vehicles as customers (the fleet is unlimited); planar
     * coordinates, nearest-integer rounding, cost 1 per distance unit. */
    TERROIR_FORMAT_VRPLIB = 0,
    /* Solomon VRPTW text: depot = hub with its time window as opening hours,
     * customers = points with demand, window and service time; vehicles of
     * the VEHICLE block; distances truncated to one decimal (the
     * distance-only convention); speed 60 so that minutes = distance. */
    TERROIR_FORMAT_SOLOMON = 1,
    /* OR-Library capacitated warehouse location: warehouses = candidate hubs
     * (capacity in kg of the single ambient product, fixed cost), customers =
     * points with demand, one producer "supply" holding the total demand,
     * listed arcs: supply -> each hub at cost 0 and each hub -> customer at
     * c_ij / demand_j per kg (the file's cost serves the whole demand).
     * capa/capb/capc need terroir_import_options.capacity. */
    TERROIR_FORMAT_ORLIB_CAP = 2,
    /* Cordeau multi-depot VRP (type 2; p01-p23, pr01-pr10): depot k = open
     * hub "d<k>" with vehicle type "v<k>" (m vehicles of capacity Q, max
     * duration D when D > 0, cost 1 per distance unit); customer i = point
     * "c<i>" with demand and service time; planar coordinates, no rounding
     * (double-precision Euclidean costs); speed 60 so that minutes =
     * distance and a route's duration is travel plus service. */
    TERROIR_FORMAT_CORDEAU = 3,
    /* Capacitated location-routing (CLRP) in the format of Prodhon's
     * instances (also Barreto, Tuzun-Burke): depot k = candidate hub "d<k>"
     * (opening cost as fixed cost, capacity as ambient kg) with vehicle
     * type "v<k>" (capacity Q, fixed cost F per route, cost 1 per distance
     * unit, no duration limit, more vehicles than the depot can use);
     * customer i = point "c<i>" with its demand of the ambient product
     * "demand" and a penalty per kg unserved above any cost of serving it;
     * no producers; planar coordinates, rounding ceil_100 when the file's
     * flag is 0 (Prodhon) and none when it is 1. */
    TERROIR_FORMAT_CLRP = 4
} terroir_format;
#define TERROIR_FORMAT_COUNT 5

/* "vrplib", "solomon", "orlib-cap", "cordeau", "clrp"; "unknown"
 * otherwise. */
TERROIR_API const char *terroir_format_to_string(terroir_format format);

/* The format named `name` ("vrplib", "solomon", "orlib-cap", "cordeau",
 * "clrp").
 * TERROIR_ENOTFOUND for an unknown name. */
TERROIR_API int terroir_format_from_string(terroir_format *out, const char *name);

typedef struct terroir_import_options {
    unsigned int version;
    /* OR-Library capa/capb/capc: the capacity that replaces the word
     * "capacity" in the file (Beasley 1988, e.g. 8000).  0 (default): the
     * file must give numeric capacities.  Ignored by other formats. */
    double capacity;
    size_t max_bytes; /* largest input accepted; default 256 MiB */
} terroir_import_options;
#define TERROIR_IMPORT_OPTIONS_VERSION 1
#define TERROIR_IMPORT_OPTIONS_INIT                                            \
    { TERROIR_IMPORT_OPTIONS_VERSION, 0.0, (size_t)256 << 20 }
TERROIR_API int terroir_import_options_init(terroir_import_options *opts, unsigned int version);

/* Import a benchmark instance into a validated model.  `opts` may be NULL.
 * Errors: TERROIR_EINVAL, TERROIR_EIO, TERROIR_EINPUT (with file, line and
 * column of the offending token), TERROIR_ENOMEM. */
TERROIR_API int terroir_model_import_file(terroir_model **out, terroir_format format,
                                          const char *path, const terroir_import_options *opts);
TERROIR_API int terroir_model_import_buffer(terroir_model **out, terroir_format format,
                                            const char *data, size_t len, const char *name,
                                            const terroir_import_options *opts);

#ifdef __cplusplus
}
#endif

#endif
