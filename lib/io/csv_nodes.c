/* The YAML nodes of the spreadsheet import: each cell becomes the scalar,
 * sequence or mapping that the YAML readers expect, positioned at its cell
 * (csv_model_internal.h).  Spreadsheet habits are handled here: decimal
 * commas, TRUE/FALSE in any case, `open-close|open-close` time windows,
 * `a|b` lists (`ambient|chilled`, days `1|3|5`). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_model_internal.h"

void *io__csv_keep(csv_loader *L, void *p)
{
    if (!p || core__grow((void **)&L->allocs, &L->cap_allocs, L->n_allocs + 1, sizeof *L->allocs)) {
        free(p);
        io__yr_nomem(&L->r);
        return NULL;
    }
    L->allocs[L->n_allocs++] = p;
    return p;
}

io_ynode *io__csv_node(csv_loader *L, io_ykind kind, unsigned long line, unsigned long column)
{
    io_ynode *n = io__csv_keep(L, core__calloc(1, sizeof *n));
    if (n) {
        n->kind = kind;
        n->plain = 1;
        n->line = line;
        n->column = column;
    }
    return n;
}

io_ynode *io__csv_scalar(csv_loader *L, const char *text, unsigned long line, unsigned long column)
{
    io_ynode *n = io__csv_node(L, IO_YSCALAR, line, column);
    if (n) {
        n->value = text;
        n->length = strlen(text);
    }
    return n;
}

/* Children are prepended, in O(1) whatever a row's width, and the list is
 * put back in order once complete (io__csv_reverse()). */
void io__csv_prepend(io_ynode *parent, io_ynode *item)
{
    item->next = parent->first;
    parent->first = item;
    parent->count++;
}

void io__csv_reverse(io_ynode *parent)
{
    io_ynode *done = NULL, *n = parent->first;
    while (n) {
        io_ynode *next = n->next;
        n->next = done;
        done = n;
        n = next;
    }
    parent->first = done;
}

io_ynode *io__csv_put(csv_loader *L, io_ynode *map, const char *key, io_ynode *value)
{
    if (!map || !value)
        return NULL;
    io_ynode *k = io__csv_scalar(L, key, value->line, value->column);
    if (!k)
        return NULL;
    k->val = value;
    io__csv_prepend(map, k);
    return value;
}

char *io__csv_copy(csv_loader *L, const char *s, size_t n)
{
    return io__csv_keep(L, core__strndup(s, n));
}

/* ---------------------------------------------------------------- cells */

/* A number written with a decimal comma ("12,5", "-0,25", "1,5e3"): digits
 * on both sides of one comma and no point. */
static int decimal_comma(const char *s)
{
    const char *comma = strchr(s, ',');
    if (!comma || strchr(comma + 1, ',') || strchr(s, '.'))
        return 0;
    return comma > s && isdigit((unsigned char)comma[-1]) && isdigit((unsigned char)comma[1]);
}

static int equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* Column of byte `offset` of a cell's text: exact for cells without quotes
 * or line breaks inside (the cell's own column otherwise). */
static unsigned long column_at(const io_csv_cell *c, size_t offset)
{
    if (strpbrk(c->text, "\"\n"))
        return c->column;
    unsigned long col = c->column + (c->quoted ? 1 : 0);
    for (size_t i = 0; i < offset; i++)
        if (((unsigned char)c->text[i] & 0xC0) != 0x80)
            col++;
    return col;
}

/* A trimmed part [b, e) of a cell's text as a scalar node at its column. */
static io_ynode *part(csv_loader *L, const io_csv_cell *c, size_t b, size_t e)
{
    while (b < e && (c->text[b] == ' ' || c->text[b] == '\t'))
        b++;
    while (e > b && (c->text[e - 1] == ' ' || c->text[e - 1] == '\t'))
        e--;
    char *s = io__csv_copy(L, c->text + b, e - b);
    return s ? io__csv_scalar(L, s, c->line, column_at(c, b)) : NULL;
}

void io__csv_problem(csv_loader *L, const io_csv_cell *c, const char *column, const char *fmt, ...)
{
    io_yreader *r = &L->r;
    if (r->stop)
        return;
    va_list ap;
    va_start(ap, fmt);
    int rc =
        core__diags_vadd(r->diags, TERROIR_EINPUT, r->file, c->line, c->column, column, fmt, ap);
    va_end(ap);
    if (rc)
        io__yr_nomem(r);
    else if (++r->problems >= r->max_problems)
        r->stop = 1;
}

/* `open-close|open-close` as a sequence of [open, close] pairs; NULL after
 * a problem. */
static io_ynode *windows_node(csv_loader *L, const io_csv_cell *c, const char *column)
{
    io_ynode *seq = io__csv_node(L, IO_YSEQUENCE, c->line, c->column);
    const char *s = c->text;
    size_t n = strlen(s), start = 0;
    while (seq && start <= n) {
        size_t end = start;
        while (end < n && s[end] != '|')
            end++;
        /* The dash after the first character: times are never negative. */
        size_t dash = start + 1;
        while (dash < end && s[dash] != '-')
            dash++;
        if (dash >= end) {
            io__csv_problem(L, c, column,
                            "malformed time window '%.*s'; expected open-close, e.g. "
                            "08:00-12:00 (several: 08:00-12:00|13:00-17:00)",
                            (int)(end - start), s + start);
            return NULL;
        }
        io_ynode *pair = io__csv_node(L, IO_YSEQUENCE, c->line, column_at(c, start));
        io_ynode *open = part(L, c, start, dash), *close = part(L, c, dash + 1, end);
        if (!pair || !open || !close)
            return NULL;
        io__csv_prepend(pair, close);
        io__csv_prepend(pair, open);
        io__csv_prepend(seq, pair);
        start = end + 1;
    }
    if (seq)
        io__csv_reverse(seq);
    return seq;
}

/* `a|b` as a sequence of scalars. */
static io_ynode *list_node(csv_loader *L, const io_csv_cell *c)
{
    io_ynode *seq = io__csv_node(L, IO_YSEQUENCE, c->line, c->column);
    const char *s = c->text;
    size_t n = strlen(s), start = 0;
    while (seq && start <= n) {
        size_t end = start;
        while (end < n && s[end] != '|')
            end++;
        io_ynode *item = part(L, c, start, end);
        if (!item)
            return NULL;
        io__csv_prepend(seq, item);
        start = end + 1;
    }
    if (seq)
        io__csv_reverse(seq);
    return seq;
}

/* The node of a non-empty cell by its column's kind; NULL after a problem
 * or when memory ran out. */
io_ynode *io__csv_cell_node(csv_loader *L, const io_csv_cell *c, cell_kind kind, const char *column)
{
    switch (kind) {
    case CELL_NUMBER:
        if (decimal_comma(c->text)) {
            char *s = io__csv_copy(L, c->text, strlen(c->text));
            if (!s)
                return NULL;
            *strchr(s, ',') = '.';
            return io__csv_scalar(L, s, c->line, c->column);
        }
        break;
    case CELL_BOOL:
        if (equal_nocase(c->text, "true") || equal_nocase(c->text, "false"))
            return io__csv_scalar(L, equal_nocase(c->text, "true") ? "true" : "false", c->line,
                                  c->column);
        break;
    case CELL_WINDOWS:
        return windows_node(L, c, column);
    case CELL_LIST:
        return list_node(L, c);
    case CELL_TEXT:
        break;
    }
    return io__csv_scalar(L, c->text, c->line, c->column);
}

const io_csv_cell *io__csv_cell(const io_csv_table *t, size_t row, size_t col)
{
    return &t->cells[t->rows[row].first + col];
}

int io__csv_row_is_empty(const io_csv_table *t, size_t row)
{
    for (size_t c = 0; c < t->rows[row].n; c++)
        if (io__csv_cell(t, row, c)->text[0])
            return 0;
    return 1;
}
