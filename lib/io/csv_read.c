/* RFC 4180 tables with the spreadsheet dialects of csv_read.h: one pass
 * over the bytes, cell texts unescaped into one buffer no longer than the
 * input, positions counted in characters as the YAML reader counts them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <terroir/common.h>

#include "core/core.h"
#include "io/csv_read.h"

/* The scanner's position: byte offset, line and character column. */
typedef struct scan {
    const char *data;
    size_t len, pos;
    unsigned long line, column;
} scan;

static void advance(scan *s)
{
    unsigned char c = (unsigned char)s->data[s->pos++];
    if (c == '\n') {
        s->line++;
        s->column = 1;
    } else if ((c & 0xC0) != 0x80) {
        s->column++;
    }
}

static int fail(io_csv_error *err, int code, unsigned long line, unsigned long column,
                const char *message)
{
    err->code = code;
    err->line = line;
    err->column = column;
    err->column_name[0] = '\0';
    snprintf(err->message, sizeof err->message, "%s", message);
    return code;
}

/* The separator: the one of ',' and ';' that the first line holding either
 * (outside quotes) uses more; ',' when no line does. */
static char guess_separator(const char *data, size_t len)
{
    size_t commas = 0, semicolons = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            commas++;
        else if (!quoted && c == ';')
            semicolons++;
        else if (!quoted && c == '\n' && (commas || semicolons))
            break;
    }
    return semicolons > commas ? ';' : ',';
}

static int add_cell(io_csv_table *t, const char *text, unsigned long line, unsigned long column,
                    int quoted)
{
    if (core__grow((void **)&t->cells, &t->cap_cells, t->n_cells + 1, sizeof *t->cells))
        return TERROIR_ENOMEM;
    io_csv_cell *c = &t->cells[t->n_cells++];
    c->text = text;
    c->line = line;
    c->column = column;
    c->quoted = quoted;
    return 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int io__csv_parse(io_csv_table *t, const char *data, size_t len, size_t max_cells,
                  io_csv_error *err)
{
    memset(t, 0, sizeof *t);
    unsigned long bad_line = 0, bad_column = 0;
    if (!core__utf8_valid(data, len, &bad_line, &bad_column))
        return fail(err, TERROIR_EINPUT, bad_line, bad_column, "input is not valid UTF-8");
    scan s = {data, len, 0, 1, 1};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        s.pos = 3; /* the byte order mark is not a character of the first cell */
    t->sep = guess_separator(data + s.pos, len - s.pos);
    t->text = core__malloc(len + 2);
    if (!t->text)
        return fail(err, TERROIR_ENOMEM, 0, 0, "out of memory");
    char *out = t->text;
    while (s.pos < len) {
        /* An empty line is no row. */
        if (data[s.pos] == '\n' ||
            (data[s.pos] == '\r' && s.pos + 1 < len && data[s.pos + 1] == '\n')) {
            if (data[s.pos] == '\r')
                advance(&s);
            advance(&s);
            continue;
        }
        if (core__grow((void **)&t->rows, &t->cap_rows, t->n_rows + 1, sizeof *t->rows))
            goto nomem;
        io_csv_row *row = &t->rows[t->n_rows++];
        row->first = t->n_cells;
        row->n = 0;
        row->line = s.line;
        for (;;) {
            if (t->n_cells >= max_cells) {
                fail(err, TERROIR_EINPUT, s.line, s.column, "too many cells");
                goto failed;
            }
            while (s.pos < len && is_blank(data[s.pos]))
                advance(&s);
            unsigned long line = s.line, column = s.column;
            char *text = out;
            int quoted = s.pos < len && data[s.pos] == '"';
            if (quoted) {
                advance(&s);
                for (;;) {
                    if (s.pos >= len) {
                        fail(err, TERROIR_EINPUT, line, column,
                             "unterminated quoted cell: a '\"' opens it and none closes it");
                        goto failed;
                    }
                    char c = data[s.pos];
                    if (c == '"') {
                        if (s.pos + 1 < len && data[s.pos + 1] == '"') {
                            *out++ = '"';
                            advance(&s);
                            advance(&s);
                            continue;
                        }
                        advance(&s);
                        break;
                    }
                    if (c == '\0') {
                        fail(err, TERROIR_EINPUT, s.line, s.column, "NUL byte in the input");
                        goto failed;
                    }
                    if (c == '\r' && s.pos + 1 < len && data[s.pos + 1] == '\n') {
                        advance(&s); /* CRLF inside a cell is one line break */
                        continue;
                    }
                    *out++ = c;
                    advance(&s);
                }
                while (s.pos < len && is_blank(data[s.pos]))
                    advance(&s);
                if (s.pos < len && data[s.pos] != t->sep && data[s.pos] != '\n' &&
                    data[s.pos] != '\r') {
                    fail(err, TERROIR_EINPUT, s.line, s.column,
                         "unexpected text after a closing quote; a quote inside a quoted "
                         "cell is written twice (\"\")");
                    goto failed;
                }
            } else {
                char *last = out; /* end of the text without trailing blanks */
                while (s.pos < len) {
                    char c = data[s.pos];
                    if (c == t->sep || c == '\n' || c == '\r')
                        break;
                    if (c == '"') {
                        fail(err, TERROIR_EINPUT, s.line, s.column,
                             "a quote inside an unquoted cell; quote the whole cell and "
                             "double the quote (\"\")");
                        goto failed;
                    }
                    if (c == '\0') {
                        fail(err, TERROIR_EINPUT, s.line, s.column, "NUL byte in the input");
                        goto failed;
                    }
                    *out++ = c;
                    if (!is_blank(c))
                        last = out;
                    advance(&s);
                }
                out = last;
            }
            *out++ = '\0';
            if (add_cell(t, text, line, column, quoted))
                goto nomem;
            row->n++;
            if (s.pos < len && data[s.pos] == t->sep) {
                advance(&s);
                continue;
            }
            /* End of the row: LF, CRLF, a lone CR, or the end of the input. */
            if (s.pos < len && data[s.pos] == '\r') {
                advance(&s);
                if (s.pos < len && data[s.pos] == '\n')
                    advance(&s);
                else {
                    s.line++;
                    s.column = 1;
                }
            } else if (s.pos < len) {
                advance(&s);
            }
            break;
        }
    }
    return 0;
nomem:
    fail(err, TERROIR_ENOMEM, 0, 0, "out of memory");
failed:
    /* Name the column of the cell at fault when the header row is whole. */
    if (t->n_rows >= 2 && err->code == TERROIR_EINPUT) {
        size_t cell = t->rows[t->n_rows - 1].n;
        if (cell < t->rows[0].n) {
            snprintf(err->column_name, sizeof err->column_name, "%s",
                     t->cells[t->rows[0].first + cell].text);
            core__utf8_trim(err->column_name);
        }
    }
    io__csv_free(t);
    return err->code;
}

void io__csv_free(io_csv_table *t)
{
    free(t->cells);
    free(t->rows);
    free(t->text);
    memset(t, 0, sizeof *t);
}
