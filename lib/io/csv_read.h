/* A strict RFC 4180 table reader for the spreadsheet import (csv_model.c):
 * UTF-8 text, an optional UTF-8 byte order mark, `,` or `;` between cells
 * (the separator is guessed from the header row), cells quoted with `"`
 * (quotes doubled inside, line breaks allowed inside), CRLF or LF line ends.
 *
 * Why our own reader: spreadsheets write several dialects (Excel and
 * LibreOffice in a French locale write `;` with a decimal comma), and every
 * problem must name its line and column in characters, which no CSV
 * library on Debian reports.
 *
 * Unquoted cells lose the spaces and tabs around them; quoted cells keep
 * their text exactly.  Cell texts are NUL-terminated copies owned by the
 * table.  The reader never prints and never sets the thread's last error. */
#ifndef TERROIR_IO_CSV_READ_H
#define TERROIR_IO_CSV_READ_H

#include <stddef.h>

/* One cell: its text (NUL-terminated, may be empty) and where it starts. */
typedef struct io_csv_cell {
    const char *text;
    unsigned long line;   /* 1-based */
    unsigned long column; /* 1-based, in characters */
    int quoted;           /* 1 when written between quotes */
} io_csv_cell;

/* One row: `n` cells starting at table->cells[first]. */
typedef struct io_csv_row {
    size_t first, n;
    unsigned long line;
} io_csv_row;

typedef struct io_csv_table {
    char sep;           /* ',' or ';' */
    io_csv_cell *cells; /* every cell of every row, row by row */
    size_t n_cells, cap_cells;
    io_csv_row *rows; /* rows[0] is the header; empty lines are left out */
    size_t n_rows, cap_rows;
    char *text; /* storage of the cell texts */
} io_csv_table;

/* Why parsing stopped. */
typedef struct io_csv_error {
    int code; /* TERROIR_EINPUT or TERROIR_ENOMEM */
    unsigned long line, column;
    char message[200];
    char column_name[80]; /* the header's name of the cell at fault, or "" */
} io_csv_error;

/* Parse `len` bytes into `t` (zeroed by the call).  Returns 0, or
 * TERROIR_EINPUT / TERROIR_ENOMEM with `err` filled in (the table is then
 * empty).  Rows may have different numbers of cells: the caller checks
 * them against the header.  At most `max_cells` cells in all. */
int io__csv_parse(io_csv_table *t, const char *data, size_t len, size_t max_cells,
                  io_csv_error *err);

/* Release the table's memory.  A zeroed table is a no-op. */
void io__csv_free(io_csv_table *t);

#endif
