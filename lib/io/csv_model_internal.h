/* Internal interface of the spreadsheet import: the loader's state, the
 * YAML nodes it makes from cells (csv_nodes.c), and the readers of its
 * tables (csv_model.c: entities and settings; csv_distances.c: the
 * distance matrix).  Nodes and strings live until the load ends.  Every
 * function that records a problem does so with io__csv_problem() or the
 * YAML readers' io__yr_problem(), never prints, and leaves r->nomem set
 * when memory ran out. */
#ifndef TERROIR_IO_CSV_MODEL_INTERNAL_H
#define TERROIR_IO_CSV_MODEL_INTERNAL_H

#include <stddef.h>

#include "core/core.h"
#include "io/csv_model.h"
#include "io/csv_read.h"
#include "io/yaml_read_internal.h"

/* What a column holds, for turning its cells into nodes. */
typedef enum cell_kind {
    CELL_TEXT,    /* a string or an enumeration, as written */
    CELL_NUMBER,  /* a number: decimal comma accepted */
    CELL_BOOL,    /* true/false in any case */
    CELL_WINDOWS, /* open-close|open-close */
    CELL_LIST     /* a|b: temperature classes, days */
} cell_kind;

typedef struct csv_loader {
    io_yreader r;
    const char *const *names;
    io_csv_table tables[IO_CSV_N_TABLES];
    int present[IO_CSV_N_TABLES];
    void **allocs; /* every node and string made for the readers */
    size_t n_allocs, cap_allocs;
    /* Where each entity came from: table and line of its row, by entity
     * kind and index, for validation problems. */
    unsigned long *lines[IO_CSV_N_TABLES];
    size_t n_lines[IO_CSV_N_TABLES];
} csv_loader;

/* ---- nodes (csv_nodes.c) */

/* Keep `p` (malloc'd) until the load ends; NULL (and out of memory
 * recorded) when `p` is NULL or cannot be kept. */
void *io__csv_keep(csv_loader *L, void *p);
/* A node of `kind` at a position; a scalar with `text` (borrowed). */
io_ynode *io__csv_node(csv_loader *L, io_ykind kind, unsigned long line, unsigned long column);
io_ynode *io__csv_scalar(csv_loader *L, const char *text, unsigned long line, unsigned long column);
/* Children are prepended in O(1), then put in order once with reverse. */
void io__csv_prepend(io_ynode *parent, io_ynode *item);
void io__csv_reverse(io_ynode *parent);
/* Key `key` with `value` prepended to mapping `map`; returns value (NULL
 * when any is NULL). */
io_ynode *io__csv_put(csv_loader *L, io_ynode *map, const char *key, io_ynode *value);
/* A kept NUL-terminated copy of n bytes. */
char *io__csv_copy(csv_loader *L, const char *s, size_t n);

/* ---- cells (csv_nodes.c) */

/* A problem at cell `c`, its field the column name `column` (may be NULL),
 * in the file being read (r->file). */
void io__csv_problem(csv_loader *L, const io_csv_cell *c, const char *column, const char *fmt, ...)
    CORE_PRINTF(4, 5);
/* The node of a non-empty cell by its column's kind; NULL after a problem
 * or when memory ran out. */
io_ynode *io__csv_cell_node(csv_loader *L, const io_csv_cell *c, cell_kind kind,
                            const char *column);
/* Cell `col` of row `row` (no bounds check); 1 when every cell of a row
 * is empty. */
const io_csv_cell *io__csv_cell(const io_csv_table *t, size_t row, size_t col);
int io__csv_row_is_empty(const io_csv_table *t, size_t row);

/* ---- tables */

/* distances.csv into the model's matrix (csv_distances.c). */
void io__csv_read_distances(csv_loader *L);

#endif
