/* JSON / YAML emitter; see emit.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plan/emit.h"

void emit__init(emitter *e, int json)
{
    memset(e, 0, sizeof *e);
    e->json = json;
}

static void indent(emitter *e, int depth)
{
    for (int i = 0; i < depth; i++)
        core__sb_append(&e->sb, "  ", 2);
}

static void quoted(emitter *e, const char *s)
{
    core__sb_append(&e->sb, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': core__sb_append(&e->sb, "\\\"", 2); break;
        case '\\': core__sb_append(&e->sb, "\\\\", 2); break;
        case '\n': core__sb_append(&e->sb, "\\n", 2); break;
        case '\r': core__sb_append(&e->sb, "\\r", 2); break;
        case '\t': core__sb_append(&e->sb, "\\t", 2); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                core__sb_printf(&e->sb, "\\u%04x", *p);
            else
                core__sb_append(&e->sb, (const char *)p, 1);
        }
    }
    core__sb_append(&e->sb, "\"", 1);
}

/* A YAML mapping key that reads back as the same string unquoted: letters,
 * digits, '_' and '-' (not first), not one of YAML's special words.  Other
 * keys (ids of products, which may hold anything) are double-quoted. */
static int plain_key(const char *key)
{
    static const char *const special[] = {"y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No",
                                          "NO", "true", "True", "TRUE", "false", "False",
                                          "FALSE", "on", "On", "ON", "off", "Off", "OFF",
                                          "null", "Null", "NULL"};
    if (!key[0] || key[0] == '-' || (key[0] >= '0' && key[0] <= '9'))
        return 0;
    for (const char *c = key; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
            return 0;
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        if (!strcmp(key, special[i]))
            return 0;
    return 1;
}

/* Write what comes before an item of the current container: separators,
 * indentation, "- " and the key.  `container` says whether the item is an
 * object or array (YAML puts those on the next lines). */
static void item_prefix(emitter *e, const char *key, int container)
{
    if (e->depth == 0) {
        if (e->sb.len > 0 || key)
            e->failed = 1; /* one root only, without a key */
        return;
    }
    emit_level *lv = &e->level[e->depth - 1];
    if ((lv->is_array != 0) != (key == NULL)) {
        e->failed = 1;
        return;
    }
    if (e->json) {
        core__sb_puts(&e->sb, lv->count ? ",\n" : "\n");
        indent(e, e->depth);
        if (key) {
            quoted(e, key);
            core__sb_puts(&e->sb, ": ");
        }
    } else if (lv->is_array) {
        core__sb_puts(&e->sb, "\n");
        indent(e, e->depth - 1);
        core__sb_puts(&e->sb, "-");
        if (!container)
            core__sb_puts(&e->sb, " ");
    } else {
        /* The first key of a mapping inside a sequence goes on the "- " line. */
        int inline_first = lv->count == 0 && e->depth >= 2 && e->level[e->depth - 2].is_array;
        if (inline_first) {
            core__sb_puts(&e->sb, " ");
        } else {
            if (e->depth > 1 || lv->count > 0)
                core__sb_puts(&e->sb, "\n");
            indent(e, e->depth - 1);
        }
        if (plain_key(key))
            core__sb_puts(&e->sb, key);
        else
            quoted(e, key);
        core__sb_puts(&e->sb, container ? ":" : ": ");
    }
    lv->count++;
}

static void begin(emitter *e, const char *key, int is_array)
{
    item_prefix(e, key, 1);
    if (e->depth >= EMIT_MAX_DEPTH) {
        e->failed = 1;
        return;
    }
    if (e->json)
        core__sb_puts(&e->sb, is_array ? "[" : "{");
    e->level[e->depth].is_array = is_array;
    e->level[e->depth].count = 0;
    e->depth++;
}

static void end(emitter *e, int is_array)
{
    if (e->depth == 0 || e->level[e->depth - 1].is_array != is_array) {
        e->failed = 1;
        return;
    }
    size_t count = e->level[e->depth - 1].count;
    e->depth--;
    if (e->json) {
        if (count) {
            core__sb_puts(&e->sb, "\n");
            indent(e, e->depth);
        }
        core__sb_puts(&e->sb, is_array ? "]" : "}");
    } else if (count == 0) {
        core__sb_puts(&e->sb, is_array ? " []" : " {}");
    }
}

void emit__begin_object(emitter *e, const char *key)
{
    begin(e, key, 0);
}
void emit__end_object(emitter *e)
{
    end(e, 0);
}
void emit__begin_array(emitter *e, const char *key)
{
    begin(e, key, 1);
}
void emit__end_array(emitter *e)
{
    end(e, 1);
}

void emit__string(emitter *e, const char *key, const char *value)
{
    item_prefix(e, key, 0);
    if (value)
        quoted(e, value);
    else
        core__sb_puts(&e->sb, "null");
}

void emit__number(emitter *e, const char *key, double value)
{
    item_prefix(e, key, 0);
    if (!isfinite(value))
        core__sb_puts(&e->sb, "null");
    else if (value == 0)
        core__sb_puts(&e->sb, "0"); /* no "-0" */
    else
        core__sb_double(&e->sb, value);
}

void emit__bool(emitter *e, const char *key, int value)
{
    item_prefix(e, key, 0);
    core__sb_puts(&e->sb, value ? "true" : "false");
}

char *emit__finish(emitter *e, size_t *len)
{
    if (e->failed || e->depth != 0) {
        core__sb_free(&e->sb);
        return NULL;
    }
    core__sb_puts(&e->sb, "\n");
    return core__sb_take(&e->sb, len);
}
