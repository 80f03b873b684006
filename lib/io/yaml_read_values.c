/* The generic half of the YAML loader: problem collection with positions
 * and field paths, id tables, mapping key checks, and typed reading of
 * scalars (numbers, strings, enums, booleans, times) under the rules of
 * datasets/SCHEMA.md section 2.  See yaml_read_internal.h for the contract
 * shared by every function here; yaml_read.c walks the schema with them. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "io/yaml_read_internal.h"
#include "io/yaml_tree.h"

/* Largest magnitude of any number, and largest count (vehicles): beyond
 * these, sums lose precision and the values are typing errors. */
#define READ_MAX_VALUE 1e12
#define READ_MAX_COUNT 1e6
/* Longest piece of user text quoted in a message, in bytes. */
#define QUOTE_MAX 60

/* ---------------------------------------------------------------- id tables */

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

const io_yid *io__yids_get(const io_yids *t, const char *id)
{
    if (t->n_slots == 0)
        return NULL;
    size_t mask = t->n_slots - 1;
    for (size_t i = (size_t)hash_id(id) & mask;; i = (i + 1) & mask) {
        size_t e = t->slots[i];
        if (e == 0)
            return NULL;
        if (strcmp(t->entries[e - 1].id, id) == 0)
            return &t->entries[e - 1];
    }
}

/* Add an id that io__yids_get() does not know.  0 or TERROIR_ENOMEM. */
int io__yids_put(io_yids *t, const char *id, int kind, size_t index, unsigned long line,
                 unsigned long column)
{
    if (core__grow((void **)&t->entries, &t->cap, t->count + 1, sizeof *t->entries))
        return TERROIR_ENOMEM;
    if ((t->count + 1) * 2 > t->n_slots) {
        size_t n = t->n_slots ? t->n_slots * 2 : 64;
        size_t *slots = core__calloc(n, sizeof *slots);
        if (!slots)
            return TERROIR_ENOMEM;
        for (size_t e = 0; e < t->count; e++) {
            size_t i = (size_t)hash_id(t->entries[e].id) & (n - 1);
            while (slots[i])
                i = (i + 1) & (n - 1);
            slots[i] = e + 1;
        }
        free(t->slots);
        t->slots = slots;
        t->n_slots = n;
    }
    io_yid *e = &t->entries[t->count];
    e->id = id;
    e->file = NULL;
    e->kind = kind;
    e->index = index;
    e->line = line;
    e->column = column;
    size_t i = (size_t)hash_id(id) & (t->n_slots - 1);
    while (t->slots[i])
        i = (i + 1) & (t->n_slots - 1);
    t->slots[i] = ++t->count;
    return 0;
}

void io__yids_free(io_yids *t)
{
    free(t->entries);
    free(t->slots);
}

/* ---------------------------------------------------------------- io_yreader */

void io__yr_nomem(io_yreader *r)
{
    r->nomem = 1;
    r->stop = 1;
}

/* Record a problem at node `at` (NULL: no position) for the current path. */
void io__yr_problem(io_yreader *r, const io_ynode *at, const char *fmt, ...)
{
    if (r->stop)
        return;
    if (r->path.failed) {
        io__yr_nomem(r);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int rc = core__diags_vadd(r->diags, TERROIR_EINPUT, r->file, at ? at->line : 0,
                              at ? at->column : 0, r->path.len ? r->path.data : NULL, fmt, ap);
    va_end(ap);
    if (rc)
        io__yr_nomem(r);
    else if (++r->problems >= r->max_problems)
        r->stop = 1;
}

/* The path grows by one segment per level; callers restore the mark. */
size_t io__yr_path_key(io_yreader *r, const char *key)
{
    size_t mark = r->path.len;
    if (r->path.len)
        core__sb_append(&r->path, ".", 1);
    core__sb_puts(&r->path, key);
    return mark;
}

size_t io__yr_path_index(io_yreader *r, size_t i)
{
    size_t mark = r->path.len;
    core__sb_printf(&r->path, "[%zu]", i);
    return mark;
}

void io__yr_path_restore(io_yreader *r, size_t mark)
{
    if (!r->path.failed && r->path.data && mark <= r->path.len) {
        r->path.len = mark;
        r->path.data[mark] = '\0';
    }
}

static int starts_at_or_before(const io_ynode *n, unsigned long line, unsigned long column)
{
    return n->line < line || (n->line == line && n->column <= column);
}

/* Children come in document order, so the node sought is under the last
 * child that starts at or before its position: one walk down one branch. */
int io__yr_path_at(const io_ynode *root, unsigned long line, unsigned long column,
                   core_strbuf *out)
{
    const io_ynode *n = root;
    while (n && n->kind != IO_YSCALAR) {
        if (n->line == line && n->column == column)
            return 0;
        const io_ynode *down = NULL, *key = NULL;
        size_t i = 0, at = 0;
        for (const io_ynode *c = n->first; c; c = c->next, i++) {
            const io_ynode *v = n->kind == IO_YMAPPING ? c->val : c;
            if (!v || !starts_at_or_before(v, line, column))
                break;
            down = v;
            key = c;
            at = i;
        }
        if (!down)
            return -1;
        if (n->kind == IO_YSEQUENCE)
            core__sb_printf(out, "[%zu]", at);
        else {
            if (out->len)
                core__sb_append(out, ".", 1);
            core__sb_puts(out, key->kind == IO_YSCALAR ? key->value : "?");
        }
        n = down;
    }
    return -1;
}

/* For "'%.*s%s'": user text cut at QUOTE_MAX bytes on a character boundary. */
int io__yr_qlen(const char *s)
{
    return (int)core__utf8_prefix(s, QUOTE_MAX);
}
const char *io__yr_qdots(const char *s)
{
    return strlen(s) > QUOTE_MAX ? "..." : "";
}

/* The model refused something the schema pass accepted: report its message
 * at `at`, with its field under the current path. */
void io__yr_model_refused(io_yreader *r, const io_ynode *at)
{
    const terroir_error *e = terroir_error_last();
    if (e && e->code == TERROIR_ENOMEM) {
        io__yr_nomem(r);
        return;
    }
    size_t mark = r->path.len;
    if (e && e->field && *e->field && !strchr(e->field, '['))
        io__yr_path_key(r, e->field);
    io__yr_problem(r, at, "%s", e ? e->message : "the model refused this entry");
    io__yr_path_restore(r, mark);
}

/* ---------------------------------------------------------------- mappings */

static int key_is(const io_ynode *k, const char *name)
{
    return k->kind == IO_YSCALAR && strcmp(k->value, name) == 0 && strlen(name) == k->length;
}

/* The value of the first key `name` of mapping `map`, or NULL. */
const io_ynode *io__yr_get(const io_ynode *map, const char *name)
{
    if (!map || map->kind != IO_YMAPPING)
        return NULL;
    for (const io_ynode *k = map->first; k; k = k->next)
        if (key_is(k, name))
            return k->val;
    return NULL;
}

int io__yr_want(io_yreader *r, const io_ynode *n, io_ykind kind, const char *what)
{
    if (n->kind == kind)
        return 1;
    io__yr_problem(r, n, "expected %s, got %s", core__t(what), io__ynode_describe(n));
    return 0;
}

static int compare_keys(const void *a, const void *b)
{
    const io_ynode *x = *(const io_ynode *const *)a;
    const io_ynode *y = *(const io_ynode *const *)b;
    int c = strcmp(x->value, y->value);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->column < y->column ? -1 : x->column > y->column;
}

static void duplicate_key(io_yreader *r, const io_ynode *first, const io_ynode *again)
{
    size_t mark = io__yr_path_key(r, again->value);
    io__yr_problem(r, again, "duplicate key '%.*s%s' (first at %lu:%lu)", IO_YR_Q(again->value),
                   first->line, first->column);
    io__yr_path_restore(r, mark);
}

/* Report keys that are not scalars and keys given twice.  Small mappings
 * are checked pairwise; large ones (a hostile file may hold a million keys)
 * through a sorted copy, so the cost stays O(k log k). */
void io__yr_check_duplicates(io_yreader *r, const io_ynode *map)
{
    for (const io_ynode *k = map->first; k; k = k->next)
        if (k->kind != IO_YSCALAR)
            io__yr_problem(r, k, "expected a plain key, got %s", io__ynode_describe(k));
    if (map->count <= 16) {
        for (const io_ynode *k = map->first; k; k = k->next) {
            if (k->kind != IO_YSCALAR)
                continue;
            for (const io_ynode *j = map->first; j != k; j = j->next) {
                if (j->kind == IO_YSCALAR && j->length == k->length &&
                    memcmp(j->value, k->value, k->length) == 0) {
                    duplicate_key(r, j, k);
                    break;
                }
            }
        }
        return;
    }
    const io_ynode **keys = core__calloc(map->count, sizeof *keys);
    if (!keys) {
        io__yr_nomem(r);
        return;
    }
    size_t n = 0;
    for (const io_ynode *k = map->first; k && n < map->count; k = k->next)
        if (k->kind == IO_YSCALAR)
            keys[n++] = k;
    qsort(keys, n, sizeof *keys, compare_keys);
    for (size_t i = 1; i < n; i++) {
        size_t first = i - 1;
        while (i < n && strcmp(keys[i]->value, keys[first]->value) == 0) {
            duplicate_key(r, keys[first], keys[i]);
            i++;
        }
    }
    free(keys);
}

/* Check the keys of `map` against `allowed` (what: "producer", ...), and
 * duplicates.  Unknown keys are reported with the list of allowed keys. */
void io__yr_check_keys(io_yreader *r, const io_ynode *map, const char *what,
                       const char *const *allowed, size_t n_allowed)
{
    io__yr_check_duplicates(r, map);
    for (const io_ynode *k = map->first; k && !r->stop; k = k->next) {
        if (k->kind != IO_YSCALAR)
            continue;
        size_t i = 0;
        while (i < n_allowed && !key_is(k, allowed[i]))
            i++;
        if (i < n_allowed)
            continue;
        core_strbuf list = CORE_STRBUF_INIT;
        for (i = 0; i < n_allowed; i++) {
            if (i)
                core__sb_puts(&list, ", ");
            core__sb_puts(&list, allowed[i]);
        }
        if (list.failed) {
            core__sb_free(&list);
            io__yr_nomem(r);
            return;
        }
        size_t mark = io__yr_path_key(r, k->value);
        io__yr_problem(r, k, "unknown key '%.*s%s' in %s; expected one of: %s", IO_YR_Q(k->value),
                       core__t(what), list.data ? list.data : "");
        io__yr_path_restore(r, mark);
        core__sb_free(&list);
    }
}

/* ---------------------------------------------------------------- values */

/* 1 when a plain scalar spells an infinity or NaN (".inf", "-.nan", ...),
 * as opposed to a number too large for a double ("1e999"). */
static int spelled_special(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    return *s == '.' && s[1] != '\0' && (s[1] < '0' || s[1] > '9');
}

/* Read node `v` as a number under `rules`.  0 with *out set, or -1 after
 * reporting the problem at `v`. */
int io__yr_number(io_yreader *r, const io_ynode *v, unsigned rules, double *out)
{
    const char *what = (rules & IO_YNUM_INTEGER)     ? core__t("a whole number")
                       : (rules & IO_YNUM_UNLIMITED) ? core__t("a number or 'unlimited'")
                                                     : core__t("a number");
    double x;
    if (v->kind != IO_YSCALAR || io__ynode_is_null(v)) {
        io__yr_problem(r, v, "expected %s, got %s", what, io__ynode_describe(v));
        return -1;
    }
    if (!v->plain) {
        io__yr_problem(r, v,
                       "expected %s, got a quoted string \"%.*s%s\" (quoted values are strings)",
                       what, IO_YR_Q(v->value));
        return -1;
    }
    if ((rules & IO_YNUM_UNLIMITED) && strcmp(v->value, "unlimited") == 0) {
        *out = TERROIR_UNLIMITED;
        return 0;
    }
    if (io__ynode_number(v, &x) != 0) {
        io__yr_problem(r, v, "expected %s, got %s '%.*s%s'", what, io__ynode_describe(v),
                       IO_YR_Q(v->value));
        return -1;
    }
    if (isnan(x)) {
        io__yr_problem(r, v, "expected a finite number, got '%.*s%s' (not a number)",
                       IO_YR_Q(v->value));
        return -1;
    }
    if (isinf(x) && spelled_special(v->value)) {
        io__yr_problem(r, v, "expected a finite number, got '%.*s%s'%s", IO_YR_Q(v->value),
                       (rules & IO_YNUM_UNLIMITED) && x > 0 ? "; write 'unlimited' for no limit"
                                                            : "");
        return -1;
    }
    if (fabs(x) > READ_MAX_VALUE) {
        io__yr_problem(r, v, "number '%.*s%s' is too large (the limit is 1e12)", IO_YR_Q(v->value));
        return -1;
    }
    if ((rules & (IO_YNUM_NONNEG | IO_YNUM_POSITIVE | IO_YNUM_INTEGER)) && x < 0) {
        io__yr_problem(r, v, "negative value '%.*s%s': expected %s >= 0", IO_YR_Q(v->value), what);
        return -1;
    }
    if ((rules & IO_YNUM_POSITIVE) && x <= 0) {
        io__yr_problem(r, v, "expected %s > 0, got '%.*s%s'", what, IO_YR_Q(v->value));
        return -1;
    }
    if ((rules & IO_YNUM_INTEGER) && x != floor(x)) {
        io__yr_problem(r, v, "expected a whole number, got '%.*s%s'", IO_YR_Q(v->value));
        return -1;
    }
    if ((rules & IO_YNUM_INTEGER) && x > READ_MAX_COUNT) {
        io__yr_problem(r, v, "count '%.*s%s' is too large (the limit is 1000000)",
                       IO_YR_Q(v->value));
        return -1;
    }
    *out = x;
    return 0;
}

/* Read node `v` as a string (any scalar but an empty value). */
int io__yr_string(io_yreader *r, const io_ynode *v, const char **out)
{
    if (v->kind != IO_YSCALAR || io__ynode_is_null(v)) {
        io__yr_problem(r, v, "expected a string, got %s", io__ynode_describe(v));
        return -1;
    }
    if (strlen(v->value) != v->length) {
        io__yr_problem(r, v, "strings may not contain NUL characters");
        return -1;
    }
    *out = v->value;
    return 0;
}

int io__yr_enum(io_yreader *r, const io_ynode *v, const io_yenum *def, int *out)
{
    const char *s = NULL;
    if (io__yr_string(r, v, &s) != 0)
        return -1;
    for (int i = 0; i < def->count; i++) {
        if (strcmp(s, def->name_of(i)) == 0) {
            *out = i;
            return 0;
        }
    }
    core_strbuf list = CORE_STRBUF_INIT;
    for (int i = 0; i < def->count; i++) {
        if (i)
            core__sb_puts(&list, ", ");
        core__sb_puts(&list, def->name_of(i));
    }
    if (list.failed)
        io__yr_nomem(r);
    else
        io__yr_problem(r, v, "unknown %s '%.*s%s'; expected one of: %s", def->what, IO_YR_Q(s),
                       list.data);
    core__sb_free(&list);
    return -1;
}

/* Optional fields of a mapping: 1 when present and valid, 0 when absent,
 * -1 when invalid (reported, with the key added to the path). */
int io__yr_opt_number(io_yreader *r, const io_ynode *map, const char *key, unsigned rules,
                      double *out)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return 0;
    size_t mark = io__yr_path_key(r, key);
    int rc = io__yr_number(r, v, rules, out);
    io__yr_path_restore(r, mark);
    return rc == 0 ? 1 : -1;
}

int io__yr_opt_string(io_yreader *r, const io_ynode *map, const char *key, const char **out)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return 0;
    size_t mark = io__yr_path_key(r, key);
    int rc = io__yr_string(r, v, out);
    io__yr_path_restore(r, mark);
    return rc == 0 ? 1 : -1;
}

int io__yr_opt_enum(io_yreader *r, const io_ynode *map, const char *key, const io_yenum *def,
                    int *out)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return 0;
    size_t mark = io__yr_path_key(r, key);
    int rc = io__yr_enum(r, v, def, out);
    io__yr_path_restore(r, mark);
    return rc == 0 ? 1 : -1;
}

int io__yr_opt_bool(io_yreader *r, const io_ynode *map, const char *key, int *out)
{
    const io_ynode *v = io__yr_get(map, key);
    if (!v)
        return 0;
    size_t mark = io__yr_path_key(r, key);
    int rc = io__ynode_bool(v, out);
    if (rc != 0) {
        if (v->kind == IO_YSCALAR)
            io__yr_problem(r, v, "expected true or false, got %s '%.*s%s'", io__ynode_describe(v),
                           IO_YR_Q(v->value));
        else
            io__yr_problem(r, v, "expected true or false, got %s", io__ynode_describe(v));
    }
    io__yr_path_restore(r, mark);
    return rc == 0 ? 1 : -1;
}

/* A required id: reports a missing or empty id at the mapping. */
const char *io__yr_id(io_yreader *r, const io_ynode *map, const char *key, const char *what,
                      const io_ynode **out_node)
{
    const io_ynode *v = io__yr_get(map, key);
    size_t mark = io__yr_path_key(r, key);
    const char *id = NULL;
    if (!v)
        io__yr_problem(r, map, "missing required key '%s' in %s", key, what);
    else if (io__yr_string(r, v, &id) == 0 && id[0] == '\0') {
        io__yr_problem(r, v, "%s must not be empty", key);
        id = NULL;
    }
    io__yr_path_restore(r, mark);
    *out_node = v;
    return id;
}

/* "HH:MM" (1 to 3 digits of hours, 2 of minutes) or a number of minutes. */
int io__yr_time(io_yreader *r, const io_ynode *v, double *out)
{
    if (v->kind == IO_YSCALAR && v->plain && io__ynode_number(v, out) == 0)
        return io__yr_number(r, v, IO_YNUM_NONNEG, out);
    if (v->kind == IO_YSCALAR && !io__ynode_is_null(v)) {
        const char *s = v->value;
        size_t h = 0;
        double hours = 0;
        while (h < 3 && s[h] >= '0' && s[h] <= '9')
            hours = hours * 10 + (s[h++] - '0');
        if (h > 0 && s[h] == ':' && s[h + 1] >= '0' && s[h + 1] <= '5' && s[h + 2] >= '0' &&
            s[h + 2] <= '9' && s[h + 3] == '\0' && h + 3 == v->length) {
            *out = hours * 60 + (s[h + 1] - '0') * 10 + (s[h + 2] - '0');
            return 0;
        }
        io__yr_problem(r, v, "malformed time '%.*s%s'; expected \"HH:MM\" or a number of minutes",
                       IO_YR_Q(v->value));
        return -1;
    }
    io__yr_problem(r, v, "expected a time (\"HH:MM\" or minutes), got %s", io__ynode_describe(v));
    return -1;
}
