/* Aligned plain-text tables for the terroir command's reports: columns as
 * wide as their widest cell, text left-aligned and numbers right-aligned,
 * a dashed rule under the header.  Widths count UTF-8 characters rather than
 * bytes, so that "Montérégie" lines up like "Monteregie". */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct cli_table {
    size_t ncols;
    char **headers;   /* ncols copies */
    cli_align *align; /* ncols */
    char **cells;     /* nrows * ncols copies, row-major */
    size_t nrows;
    size_t cap_rows;
    int failed; /* a row was lost to a memory shortage */
};

static char *copy_string(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* Characters in a UTF-8 string: every byte that does not continue a
 * sequence starts a character. */
static size_t display_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if ((*u & 0xC0) != 0x80)
            w++;
    return w;
}

cli_table *cli_table_new(size_t ncols, const char *const *headers, const cli_align *align)
{
    cli_table *t = calloc(1, sizeof *t);
    if (!t || ncols == 0)
        goto fail;
    t->ncols = ncols;
    t->headers = calloc(ncols, sizeof *t->headers);
    t->align = calloc(ncols, sizeof *t->align);
    if (!t->headers || !t->align)
        goto fail;
    for (size_t c = 0; c < ncols; c++) {
        t->headers[c] = copy_string(headers[c]);
        if (!t->headers[c])
            goto fail;
        t->align[c] = align ? align[c] : CLI_ALIGN_LEFT;
    }
    return t;
fail:
    cli_table_free(t);
    return NULL;
}

int cli_table_add_row(cli_table *t, const char *const *cells)
{
    if (t->failed)
        return TERROIR_ENOMEM;
    if (t->nrows == t->cap_rows) {
        size_t cap = t->cap_rows ? 2 * t->cap_rows : 16;
        if (cap > ((size_t)-1) / sizeof(char *) / t->ncols)
            goto fail;
        char **grown = realloc(t->cells, cap * t->ncols * sizeof *grown);
        if (!grown)
            goto fail;
        t->cells = grown;
        t->cap_rows = cap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        row[c] = copy_string(cells[c]);
        if (!row[c]) {
            while (c > 0)
                free(row[--c]);
            goto fail;
        }
    }
    t->nrows++;
    return 0;
fail:
    t->failed = 1;
    return TERROIR_ENOMEM;
}

static void print_cell(FILE *out, const char *s, size_t width, cli_align align, int last)
{
    size_t pad = width - display_width(s);
    if (align == CLI_ALIGN_RIGHT)
        for (size_t i = 0; i < pad; i++)
            fputc(' ', out);
    fputs(s, out);
    if (align == CLI_ALIGN_LEFT && !last)
        for (size_t i = 0; i < pad; i++)
            fputc(' ', out);
}

static void print_line(FILE *out, char *const *cells, const size_t *widths, const cli_table *t,
                       unsigned indent)
{
    for (unsigned i = 0; i < indent; i++)
        fputc(' ', out);
    for (size_t c = 0; c < t->ncols; c++) {
        if (c > 0)
            fputs("  ", out);
        print_cell(out, cells[c], widths[c], t->align[c], c + 1 == t->ncols);
    }
    fputc('\n', out);
}

int cli_table_print(const cli_table *t, FILE *out, unsigned indent)
{
    if (t->failed)
        return TERROIR_ENOMEM;
    size_t *widths = calloc(t->ncols, sizeof *widths);
    if (!widths)
        return TERROIR_ENOMEM;
    for (size_t c = 0; c < t->ncols; c++) {
        widths[c] = display_width(t->headers[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = display_width(t->cells[r * t->ncols + c]);
            if (w > widths[c])
                widths[c] = w;
        }
    }
    print_line(out, t->headers, widths, t, indent);
    for (unsigned i = 0; i < indent; i++)
        fputc(' ', out);
    for (size_t c = 0; c < t->ncols; c++) {
        if (c > 0)
            fputs("  ", out);
        for (size_t i = 0; i < widths[c]; i++)
            fputc('-', out);
    }
    fputc('\n', out);
    for (size_t r = 0; r < t->nrows; r++)
        print_line(out, t->cells + r * t->ncols, widths, t, indent);
    free(widths);
    return 0;
}

void cli_table_free(cli_table *t)
{
    if (!t)
        return;
    if (t->headers)
        for (size_t c = 0; c < t->ncols; c++)
            free(t->headers[c]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->headers);
    free(t->align);
    free(t);
}
