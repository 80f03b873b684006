/* The spreadsheet import's core, shared by terroir_model_load_csv_dir()
 * and the fuzz target: the tables of a model folder, already in memory,
 * into a validated model (datasets/SCHEMA.md, "Spreadsheet folders"). */
#ifndef TERROIR_IO_CSV_MODEL_H
#define TERROIR_IO_CSV_MODEL_H

#include <stddef.h>

#include <terroir/io.h>

/* The tables of a folder, in this order. */
enum {
    IO_CSV_SETTINGS,
    IO_CSV_PRODUCTS,
    IO_CSV_PRODUCERS,
    IO_CSV_HUBS,
    IO_CSV_POINTS,
    IO_CSV_VEHICLES,
    IO_CSV_DISTANCES,
    IO_CSV_ARCS,
    IO_CSV_MEMBERS, /* last, added later: read right after settings.csv */
    IO_CSV_N_TABLES
};

/* "settings.csv", "products.csv", ..., "distances.csv", "arcs.csv",
 * "members.csv" */
extern const char *const io__csv_file_names[IO_CSV_N_TABLES];

/* Read the tables: data[i] holds len[i] bytes of table i, or is NULL when
 * its file is absent (products.csv must be present); names[i] is the file
 * name that problems give.  `opts` is resolved (not NULL).  As
 * terroir_model_load_yaml_buffer(): 0 and *out, or TERROIR_EINPUT /
 * TERROIR_ENOMEM with the last error set to the first problem; *diags (may
 * be NULL) receives every problem. */
int io__csv_load_tables(terroir_model **out, const char *const *names, const char *const *data,
                        const size_t *len, const terroir_load_options *opts,
                        terroir_diagnostics **diags);

#endif
