/* A YAML document tree built from libyaml events (yaml_parser_parse), with
 * the 1-based line and column of every node.  See yaml_tree.h for why the
 * composer (yaml_parser_load) is not used.
 *
 * The event loop always progresses: each call to yaml_parser_parse()
 * consumes input or fails, and the loop stops at the first failure, at the
 * first refused construct (anchor, alias, tag, second document, nesting past
 * the limit) and at STREAM-END.  Nodes and texts go to an arena of large
 * blocks, so a 5,000-site file costs a few hundred allocations, and freeing
 * is one walk over the block list. */
#include <math.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "core/core.h"
#include "io/yaml_tree.h"

#define ARENA_BLOCK_SIZE ((size_t)64 * 1024)

typedef struct arena_block {
    struct arena_block *next;
    size_t cap;
    size_t used;
    max_align_t data[]; /* cap bytes */
} arena_block;

struct io_ytree {
    arena_block *blocks;
    io_ynode *root;
};

/* One open collection while events arrive. */
typedef struct frame {
    io_ynode *node;
    io_ynode *last;    /* last item (sequence) or last key (mapping) */
    io_ynode *pending; /* mapping: key waiting for its value, or NULL */
} frame;

/* `size` bytes aligned to `align` (a power of two <= alignof(max_align_t)),
 * zeroed; NULL when memory is short. */
static void *arena_alloc(io_ytree *t, size_t size, size_t align)
{
    arena_block *b = t->blocks;
    if (b) {
        size_t at = (b->used + align - 1) & ~(align - 1);
        if (at <= b->cap && size <= b->cap - at) {
            b->used = at + size;
            unsigned char *p = (unsigned char *)b->data + at;
            memset(p, 0, size);
            return p;
        }
    }
    size_t cap = size > ARENA_BLOCK_SIZE ? size : ARENA_BLOCK_SIZE;
    if (cap > SIZE_MAX - sizeof(arena_block))
        return NULL;
    b = core__malloc(sizeof(arena_block) + cap);
    if (!b)
        return NULL;
    b->cap = cap;
    b->used = size;
    b->next = t->blocks;
    t->blocks = b;
    memset(b->data, 0, size);
    return b->data;
}

void io__ytree_free(io_ytree *tree)
{
    if (!tree)
        return;
    arena_block *b = tree->blocks;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(tree);
}

const io_ynode *io__ytree_root(const io_ytree *tree)
{
    return tree ? tree->root : NULL;
}

static int set_error(io_yerror *err, int code, unsigned long line, unsigned long column,
                     const char *fmt, ...) CORE_PRINTF(5, 6);

static int set_error(io_yerror *err, int code, unsigned long line, unsigned long column,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core__vformat_cut(err->message, sizeof err->message, core__t(fmt), ap);
    va_end(ap);
    err->code = code;
    err->line = line;
    err->column = column;
    return code;
}

/* 1-based line and column (in code points) of byte `offset`, counting line
 * breaks as libyaml does ("\r\n", "\r" and "\n"). */
static void position_of_offset(const char *data, size_t len, size_t offset, unsigned long *line,
                               unsigned long *column)
{
    unsigned long ln = 1, col = 1;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= len || data[i + 1] != '\n'))) {
            ln++;
            col = 1;
        } else if (c == '\r') {
            /* the '\n' that follows ends the line */
        } else if ((c & 0xC0) != 0x80) {
            col++;
        }
    }
    *line = ln;
    *column = col;
}

/* Turn libyaml's error state into `err`. */
static int parser_error(const yaml_parser_t *p, const char *data, size_t len, io_yerror *err)
{
    unsigned long line, column;
    switch (p->error) {
    case YAML_MEMORY_ERROR:
        return set_error(err, TERROIR_ENOMEM, 0, 0, "out of memory while parsing YAML");
    case YAML_READER_ERROR:
        position_of_offset(data, len, p->problem_offset, &line, &column);
        if (p->problem_value != -1)
            return set_error(err, TERROIR_EINPUT, line, column, "invalid YAML input: %s (#%X)",
                             p->problem ? p->problem : "unreadable input",
                             (unsigned)p->problem_value);
        return set_error(err, TERROIR_EINPUT, line, column, "invalid YAML input: %s",
                         p->problem ? p->problem : "unreadable input");
    default:
        break;
    }
    line = (unsigned long)p->problem_mark.line + 1;
    column = (unsigned long)p->problem_mark.column + 1;
    if (p->context)
        return set_error(err, TERROIR_EINPUT, line, column, "YAML syntax error: %s (%s at %lu:%lu)",
                         p->problem ? p->problem : "unknown problem", p->context,
                         (unsigned long)p->context_mark.line + 1,
                         (unsigned long)p->context_mark.column + 1);
    return set_error(err, TERROIR_EINPUT, line, column, "YAML syntax error: %s",
                     p->problem ? p->problem : "unknown problem");
}

static io_ynode *new_node(io_ytree *t, io_ykind kind, const yaml_mark_t *mark)
{
    io_ynode *n = arena_alloc(t, sizeof *n, alignof(io_ynode));
    if (!n)
        return NULL;
    n->kind = kind;
    n->line = (unsigned long)mark->line + 1;
    n->column = (unsigned long)mark->column + 1;
    return n;
}

static void append(frame *f, io_ynode *n)
{
    if (f->last)
        f->last->next = n;
    else
        f->node->first = n;
    f->last = n;
}

/* Hang `n` under the innermost open collection, or make it the root. */
static void attach(io_ytree *t, frame *frames, size_t depth, io_ynode *n)
{
    if (depth == 0) {
        t->root = n;
        return;
    }
    frame *f = &frames[depth - 1];
    if (f->node->kind == IO_YSEQUENCE) {
        append(f, n);
        f->node->count++;
    } else if (!f->pending) {
        append(f, n);
        f->pending = n;
    } else {
        f->pending->val = n;
        f->pending = NULL;
        f->node->count++;
    }
}

/* Bytes of an anchor or tag quoted in a message, at most. */
#define PROPERTY_SHOWN 60

static const char *const ANCHOR_MESSAGE = "YAML anchors and aliases are not supported";

/* Refuse node properties: anchors and explicit tags. */
static int check_properties(const yaml_event_t *ev, const yaml_char_t *anchor,
                            const yaml_char_t *tag, io_yerror *err)
{
    unsigned long line = (unsigned long)ev->start_mark.line + 1;
    unsigned long column = (unsigned long)ev->start_mark.column + 1;
    if (anchor)
        return set_error(err, TERROIR_EINPUT, line, column, "%s (anchor '&%.*s')", ANCHOR_MESSAGE,
                         (int)core__utf8_prefix((const char *)anchor, PROPERTY_SHOWN),
                         (const char *)anchor);
    if (tag) {
        /* Show the standard tags as written ("!!float"), not resolved. */
        const char *text = (const char *)tag;
        const char *standard = "tag:yaml.org,2002:";
        int core = strncmp(text, standard, strlen(standard)) == 0;
        const char *shown = core ? text + strlen(standard) : text;
        return set_error(err, TERROIR_EINPUT, line, column,
                         "YAML tags are not supported (tag '%s%.*s'); write plain values",
                         core ? "!!" : "", (int)core__utf8_prefix(shown, PROPERTY_SHOWN), shown);
    }
    return 0;
}

int io__ytree_parse(io_ytree **out, const char *data, size_t len, unsigned int max_depth,
                    io_yerror *err)
{
    int rc = 0;
    int parser_ready = 0;
    int documents = 0;
    int done = 0;
    frame *frames = NULL;
    size_t depth = 0, cap_frames = 0;
    yaml_parser_t parser;
    io_ytree *t = NULL;
    unsigned long line = 0, column = 0;

    memset(err, 0, sizeof *err);
    if (!data) {
        data = "";
        len = 0;
    }
    if (!core__utf8_valid(data, len, &line, &column)) {
        rc = set_error(err, TERROIR_EINPUT, line, column,
                       "input is not valid UTF-8 (bad byte at line %lu, column %lu)", line, column);
        goto done;
    }
    t = core__calloc(1, sizeof *t);
    if (!t || !yaml_parser_initialize(&parser)) {
        rc = set_error(err, TERROIR_ENOMEM, 0, 0, "out of memory while parsing YAML");
        goto done;
    }
    parser_ready = 1;
    /* The encoding is left to libyaml's detection, which skips a UTF-8
     * byte order mark (forcing UTF-8 would read the mark as content); the
     * input is known to be UTF-8 by now, so UTF-16 is never detected. */
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);

    while (!done && rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = parser_error(&parser, data, len, err);
            break;
        }
        line = (unsigned long)ev.start_mark.line + 1;
        column = (unsigned long)ev.start_mark.column + 1;
        io_ynode *n = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1)
                rc = set_error(err, TERROIR_EINPUT, line, column,
                               "more than one YAML document: a terroir file holds exactly "
                               "one");
            break;
        case YAML_ALIAS_EVENT:
            rc = set_error(err, TERROIR_EINPUT, line, column, "%s (alias '*%.*s')", ANCHOR_MESSAGE,
                           (int)core__utf8_prefix((const char *)ev.data.alias.anchor,
                                                  PROPERTY_SHOWN),
                           (const char *)ev.data.alias.anchor);
            break;
        case YAML_SCALAR_EVENT:
            rc = check_properties(&ev, ev.data.scalar.anchor, ev.data.scalar.tag, err);
            if (rc)
                break;
            n = new_node(t, IO_YSCALAR, &ev.start_mark);
            char *text = n ? arena_alloc(t, ev.data.scalar.length + 1, 1) : NULL;
            if (!text) {
                rc = set_error(err, TERROIR_ENOMEM, 0, 0, "out of memory while parsing YAML");
                break;
            }
            memcpy(text, ev.data.scalar.value, ev.data.scalar.length);
            text[ev.data.scalar.length] = '\0';
            n->value = text;
            n->length = ev.data.scalar.length;
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            attach(t, frames, depth, n);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (ev.type == YAML_SEQUENCE_START_EVENT)
                rc = check_properties(&ev, ev.data.sequence_start.anchor,
                                      ev.data.sequence_start.tag, err);
            else
                rc = check_properties(&ev, ev.data.mapping_start.anchor, ev.data.mapping_start.tag,
                                      err);
            if (rc)
                break;
            if (depth >= max_depth) {
                rc = set_error(err, TERROIR_EINPUT, line, column,
                               "YAML nesting is deeper than the limit of %u levels", max_depth);
                break;
            }
            n = new_node(t, ev.type == YAML_SEQUENCE_START_EVENT ? IO_YSEQUENCE : IO_YMAPPING,
                         &ev.start_mark);
            if (!n || core__grow((void **)&frames, &cap_frames, depth + 1, sizeof *frames)) {
                rc = set_error(err, TERROIR_ENOMEM, 0, 0, "out of memory while parsing YAML");
                break;
            }
            attach(t, frames, depth, n);
            frames[depth].node = n;
            frames[depth].last = NULL;
            frames[depth].pending = NULL;
            depth++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0)
                depth--;
            break;
        default: /* STREAM-START, DOCUMENT-END, NO-EVENT */
            break;
        }
        yaml_event_delete(&ev);
    }
    if (rc)
        goto done;
    if (!t->root || (t->root->kind == IO_YSCALAR && t->root->plain && t->root->length == 0)) {
        rc = set_error(err, TERROIR_EINPUT, 1, 1,
                       "empty document: expected a mapping with 'terroir: 1'");
        goto done;
    }
    *out = t;
    t = NULL;
done:
    if (parser_ready)
        yaml_parser_delete(&parser);
    free(frames);
    io__ytree_free(t);
    return rc;
}

/* ---------------------------------------------------------------- scalars */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int plain_text(const io_ynode *n)
{
    return n && n->kind == IO_YSCALAR && n->plain && strlen(n->value) == n->length;
}

int io__ynode_is_null(const io_ynode *n)
{
    if (!n || n->kind != IO_YSCALAR || !n->plain)
        return 0;
    const char *s = n->value;
    return n->length == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static int one_of3(const char *s, const char *a, const char *b, const char *c)
{
    return strcmp(s, a) == 0 || strcmp(s, b) == 0 || strcmp(s, c) == 0;
}

/* Digits in base 16 or 8 after a "0x"/"0o" prefix, accumulated in a double
 * (exact up to 2^53; larger values are "too large" for the schema anyway). */
static int parse_radix(const char *p, unsigned base, double *out)
{
    double v = 0;
    if (!*p)
        return -1;
    for (; *p; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (*p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a') + 10;
        else if (*p >= 'A' && *p <= 'F')
            d = (unsigned)(*p - 'A') + 10;
        else
            return -1;
        if (d >= base)
            return -1;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

int io__ynode_number(const io_ynode *n, double *out)
{
    if (!plain_text(n) || n->length == 0)
        return -1;
    const char *s = n->value;
    const char *p = s;
    int negative = 0;
    if (*p == '+' || *p == '-') {
        negative = *p == '-';
        p++;
    }
    if (one_of3(p, ".inf", ".Inf", ".INF")) {
        *out = negative ? -INFINITY : INFINITY;
        return 0;
    }
    if (p == s && one_of3(p, ".nan", ".NaN", ".NAN")) {
        *out = NAN;
        return 0;
    }
    if (p == s && p[0] == '0' && (p[1] == 'x' || p[1] == 'o'))
        return parse_radix(p + 2, p[1] == 'x' ? 16 : 8, out);

    /* [-+]? ( digits ( . digits? )? | . digits ) ( [eE] [-+]? digits )? */
    size_t digits = 0;
    while (is_digit(*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (is_digit(*p)) {
            p++;
            digits++;
        }
    }
    if (digits == 0)
        return -1;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!is_digit(*p))
            return -1;
        while (is_digit(*p))
            p++;
    }
    if (*p != '\0')
        return -1;
    /* The grammar above is a subset of strtod's in the "C" locale; overflow
     * gives +-HUGE_VAL, which the schema rejects as too large. */
    char *end = NULL;
    double v = strtod(s, &end);
    if (end != s + n->length)
        return -1;
    *out = v;
    return 0;
}

int io__ynode_bool(const io_ynode *n, int *out)
{
    if (!plain_text(n))
        return -1;
    if (strcmp(n->value, "true") == 0) {
        *out = 1;
        return 0;
    }
    if (strcmp(n->value, "false") == 0) {
        *out = 0;
        return 0;
    }
    return -1;
}

const char *io__ynode_describe(const io_ynode *n)
{
    double v;
    int b;
    /* In the thread's message language: these words go into messages. */
    if (!n)
        return core__t("nothing");
    if (n->kind == IO_YSEQUENCE)
        return core__t("a sequence");
    if (n->kind == IO_YMAPPING)
        return core__t("a mapping");
    if (!n->plain)
        return core__t("a quoted string");
    if (io__ynode_is_null(n))
        return core__t("an empty value");
    if (io__ynode_bool(n, &b) == 0)
        return core__t("a boolean");
    if (io__ynode_number(n, &v) == 0)
        return core__t("a number");
    return core__t("a string");
}
