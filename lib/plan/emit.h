/* A small structured-text emitter with two back ends, JSON (pretty printed)
 * and YAML (block style), so that one walk over a plan writes either.
 * Keys are plain identifiers; strings are always quoted and escaped (a JSON
 * string is also a valid YAML double-quoted scalar).  Non-finite numbers are
 * written as null.  Errors are sticky in the string buffer. */
#ifndef TERROIR_EMIT_H
#define TERROIR_EMIT_H

#include "core/core.h"

#define EMIT_MAX_DEPTH 16

typedef struct emit_level {
    int is_array;
    size_t count;
} emit_level;

typedef struct emitter {
    core_strbuf sb;
    int json;
    int depth; /* number of open containers */
    emit_level level[EMIT_MAX_DEPTH];
    int failed; /* misuse (too deep, unbalanced) */
} emitter;

void emit__init(emitter *e, int json);
/* key must be NULL inside arrays and non-NULL inside objects; the root
 * container is opened with key NULL. */
void emit__begin_object(emitter *e, const char *key);
void emit__end_object(emitter *e);
void emit__begin_array(emitter *e, const char *key);
void emit__end_array(emitter *e);
void emit__string(emitter *e, const char *key, const char *value); /* NULL: null */
void emit__number(emitter *e, const char *key, double value);
void emit__bool(emitter *e, const char *key, int value);
/* The finished text (caller frees), or NULL on failure. */
char *emit__finish(emitter *e, size_t *len);

#endif
