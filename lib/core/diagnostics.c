/* A list of problems (terroir_diagnostics): each entry owns copies of its
 * strings, so the list outlives the input it describes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

typedef struct diag_entry {
    terroir_error error;
    char *message;
    char *file;
    char *field;
} diag_entry;

struct terroir_diagnostics {
    diag_entry *items;
    size_t count;
    size_t cap;
    int incomplete;
};

terroir_diagnostics *core__diags_new(void)
{
    return core__calloc(1, sizeof(terroir_diagnostics));
}

int core__diags_vadd(terroir_diagnostics *d, int code, const char *file, unsigned long line,
                     unsigned long column, const char *field, const char *fmt, va_list ap)
{
    if (core__grow((void **)&d->items, &d->cap, d->count + 1, sizeof *d->items) != 0) {
        d->incomplete = 1;
        return TERROIR_ENOMEM;
    }
    diag_entry *e = &d->items[d->count];
    memset(e, 0, sizeof *e);
    e->message = core__vasprintf(core__t(fmt), ap);
    e->file = file ? core__strdup(file) : NULL;
    e->field = field ? core__strdup(field) : NULL;
    if (!e->message || (file && !e->file) || (field && !e->field)) {
        free(e->message);
        free(e->file);
        free(e->field);
        d->incomplete = 1;
        return TERROIR_ENOMEM;
    }
    e->error.code = code;
    e->error.message = e->message;
    e->error.file = e->file;
    e->error.line = line;
    e->error.column = column;
    e->error.field = e->field;
    d->count++;
    return 0;
}

int core__diags_add(terroir_diagnostics *d, int code, const char *file, unsigned long line,
                    unsigned long column, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = core__diags_vadd(d, code, file, line, column, field, fmt, ap);
    va_end(ap);
    return rc;
}

void core__warn(terroir_diagnostics *d, const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    core_strbuf sb = CORE_STRBUF_INIT;
    core__sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    char *message = core__sb_take(&sb, NULL);
    if (!message) {
        d->incomplete = 1;
        return;
    }
    int seen = 0;
    for (size_t i = 0; i < d->count && !seen; i++)
        seen = strcmp(d->items[i].message, message) == 0;
    if (!seen)
        core__diags_add(d, TERROIR_ESOLVER, NULL, 0, 0, NULL, "%s", message);
    free(message);
}

static int position_before(const terroir_error *a, const terroir_error *b)
{
    if (a->line != b->line)
        return a->line < b->line;
    return a->column < b->column;
}

void core__diags_sort(terroir_diagnostics *d)
{
    /* Insertion sort: stable, and lists are short. Entries without a line
     * (line 0) keep their place at the front in order of discovery. */
    for (size_t i = 1; i < d->count; i++) {
        diag_entry tmp = d->items[i];
        size_t j = i;
        while (j > 0 && position_before(&tmp.error, &d->items[j - 1].error)) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = tmp;
    }
    /* error.* point into the entries' own strings, which moved with them. */
}

size_t terroir_diagnostics_count(const terroir_diagnostics *diags)
{
    return diags ? diags->count : 0;
}

const terroir_error *terroir_diagnostics_get(const terroir_diagnostics *diags, size_t i)
{
    if (!diags || i >= diags->count)
        return NULL;
    return &diags->items[i].error;
}

void terroir_diagnostics_free(terroir_diagnostics *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->count; i++) {
        free(diags->items[i].message);
        free(diags->items[i].file);
        free(diags->items[i].field);
    }
    free(diags->items);
    free(diags);
}
