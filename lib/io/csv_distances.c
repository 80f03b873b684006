/* distances.csv: a distance matrix as a long table, as road routers write
 * it (datasets/SCHEMA.md, "Spreadsheet folders"). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_model_internal.h"
#include "model/model_internal.h"

/* distances.csv: one row per ordered pair of sites (`from`, `to`, `km`,
 * optional `minutes`) into the nodes of a YAML `matrix` over the sites in
 * order of first appearance, read by the YAML reader.  A pair of a site
 * with itself may be left out (0); every other pair must be given once. */
void io__csv_read_distances(csv_loader *L)
{
    static const char *const COLUMNS[] = {"from", "to", "km", "minutes"};
    io_yreader *r = &L->r;
    const io_csv_table *t = &L->tables[IO_CSV_DISTANCES];
    if (t->n_rows < 2)
        return;
    size_t before = r->problems;
    size_t n_cols = t->rows[0].n, col[4] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
    for (size_t c = 0; c < n_cols; c++) {
        const io_csv_cell *h = io__csv_cell(t, 0, c);
        size_t k = 0;
        while (k < 4 && strcmp(COLUMNS[k], h->text) != 0)
            k++;
        if (k == 4)
            io__csv_problem(L, h, h->text,
                            "unknown column '%s' in distances.csv; expected one of: from, to, km, "
                            "minutes",
                            h->text);
        else if (col[k] != SIZE_MAX)
            io__csv_problem(L, h, h->text, "duplicate column '%s'", h->text);
        else
            col[k] = c;
    }
    for (size_t k = 0; k < 3; k++)
        if (col[k] == SIZE_MAX)
            io__csv_problem(L, io__csv_cell(t, 0, 0), COLUMNS[k],
                            "missing column '%s' in distances.csv", COLUMNS[k]);
    if (r->problems != before)
        return;
    /* Sites in order of first appearance, and each row's pair. */
    io_yids index = {0};
    size_t *pair = core__calloc(2 * t->n_rows, sizeof *pair); /* row -> (i, j), SIZE_MAX: none */
    const io_csv_cell **site_cell = core__calloc(2 * t->n_rows, sizeof *site_cell);
    const io_ynode **km = NULL, **minutes = NULL;
    size_t n = 0, pairs = 0, with_minutes = 0;
    int skip = 0;
    if (!pair || !site_cell)
        goto nomem;
    for (size_t row = 1; row < t->n_rows && !r->stop; row++) {
        pair[2 * row] = pair[2 * row + 1] = SIZE_MAX;
        if (io__csv_row_is_empty(t, row))
            continue;
        if (t->rows[row].n != n_cols) {
            io__csv_problem(L, io__csv_cell(t, row, 0), NULL,
                            "row has %zu cells but the header has %zu (is a separator or a quote "
                            "missing?)",
                            t->rows[row].n, n_cols);
            continue;
        }
        for (int e = 0; e < 2; e++) {
            const io_csv_cell *c = io__csv_cell(t, row, col[e]);
            const io_yid *site = io__yids_get(&r->sites, c->text);
            if (!site) {
                io__csv_problem(L, c, COLUMNS[e], "unknown site '%s'", c->text);
                continue;
            }
            if (site->index == MODEL_NONE) {
                skip = 1; /* its own problem is reported */
                continue;
            }
            const io_yid *seen = io__yids_get(&index, c->text);
            if (!seen) {
                if (io__yids_put(&index, c->text, 0, n, c->line, c->column))
                    goto nomem;
                site_cell[n++] = c;
                seen = io__yids_get(&index, c->text);
            }
            pair[2 * row + (size_t)e] = seen->index;
        }
        pairs++;
        if (col[3] != SIZE_MAX && io__csv_cell(t, row, col[3])->text[0])
            with_minutes++;
    }
    if (r->problems != before || skip || r->stop)
        goto done;
    /* Every ordered pair of different sites needs a row: checked on the
     * count first, so that no n x n table is made for a short file. */
    if (pairs < n * (n - 1)) {
        io__csv_problem(L, io__csv_cell(t, 0, 0), "km",
                        "distances.csv names %zu sites but has %zu rows: it needs one for every "
                        "ordered pair of different sites (%zu)",
                        n, pairs, n * (n - 1));
        goto done;
    }
    if (with_minutes && with_minutes != pairs) {
        io__csv_problem(L, io__csv_cell(t, 0, col[3]), "minutes",
                        "give minutes on every row of distances.csv or on none");
        goto done;
    }
    km = core__calloc(n * n, sizeof *km);
    minutes = with_minutes ? core__calloc(n * n, sizeof *minutes) : NULL;
    if (!km || (with_minutes && !minutes))
        goto nomem;
    for (size_t row = 1; row < t->n_rows; row++) {
        size_t i = pair[2 * row], j = pair[2 * row + 1];
        if (i == SIZE_MAX || j == SIZE_MAX)
            continue;
        const io_csv_cell *kc = io__csv_cell(t, row, col[2]);
        if (km[i * n + j]) {
            io__csv_problem(L, io__csv_cell(t, row, col[0]), "from",
                            "the distance from '%s' to '%s' is given twice (first at line %lu)",
                            site_cell[i]->text, site_cell[j]->text, km[i * n + j]->line);
            continue;
        }
        if (!kc->text[0]) {
            io__csv_problem(L, kc, "km", "empty 'km': every row needs a distance");
            continue;
        }
        if (!(km[i * n + j] = io__csv_cell_node(L, kc, CELL_NUMBER, "km")))
            goto done;
        if (minutes && !(minutes[i * n + j] = io__csv_cell_node(L, io__csv_cell(t, row, col[3]),
                                                                CELL_NUMBER, "minutes")))
            goto done;
    }
    for (size_t i = 0; i < n && r->problems == before; i++)
        for (size_t j = 0; j < n && r->problems == before; j++)
            if (!km[i * n + j] && i != j)
                io__csv_problem(L, io__csv_cell(t, 0, 0), "km", "no distance from '%s' to '%s'",
                                site_cell[i]->text, site_cell[j]->text);
    if (r->problems != before || r->stop)
        goto done;
    /* The YAML reader's matrix: sites, then km and minutes rows. */
    io_ynode *root = io__csv_node(L, IO_YMAPPING, 1, 1),
             *matrix = io__csv_node(L, IO_YMAPPING, 1, 1);
    io_ynode *sites = io__csv_node(L, IO_YSEQUENCE, 1, 1);
    io_ynode *tables[2] = {io__csv_node(L, IO_YSEQUENCE, 1, 1),
                           minutes ? io__csv_node(L, IO_YSEQUENCE, 1, 1) : NULL};
    if (!root || !matrix || !sites || !tables[0] || (minutes && !tables[1]))
        goto done;
    for (size_t i = n; i-- > 0;) {
        io_ynode *s =
            io__csv_scalar(L, site_cell[i]->text, site_cell[i]->line, site_cell[i]->column);
        if (!s)
            goto done;
        io__csv_prepend(sites, s);
        for (int m = 0; m < (minutes ? 2 : 1); m++) {
            const io_ynode **values = m ? minutes : km;
            io_ynode *row = io__csv_node(L, IO_YSEQUENCE, 1, 1);
            for (size_t j = n; row && j-- > 0;) {
                io_ynode *v = (io_ynode *)values[i * n + j];
                if (!v)
                    v = io__csv_scalar(L, "0", 1, 1); /* a site to itself */
                if (!v)
                    goto done;
                /* A copy: the cell's node may not be linked twice. */
                io_ynode *item = io__csv_node(L, IO_YSCALAR, v->line, v->column);
                if (!item)
                    goto done;
                item->value = v->value;
                item->length = v->length;
                io__csv_prepend(row, item);
            }
            if (!row)
                goto done;
            io__csv_prepend(tables[m], row);
        }
    }
    io__csv_put(L, matrix, "sites", sites);
    io__csv_put(L, matrix, "km", tables[0]);
    if (minutes)
        io__csv_put(L, matrix, "minutes", tables[1]);
    io__csv_put(L, root, "matrix", matrix);
    if (!r->stop)
        io__yr_matrix(r, root);
    goto done;
nomem:
    io__yr_nomem(r);
done:
    io__yids_free(&index);
    free(pair);
    free(site_cell);
    free(km);
    free(minutes);
}
