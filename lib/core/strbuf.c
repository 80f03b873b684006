/* A growable string buffer used by writers and message builders.  After an
 * allocation failure it stays failed and ignores appends, so callers check
 * once at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static int sb_reserve(core_strbuf *sb, size_t extra)
{
    if (sb->failed)
        return -1;
    if (extra > (size_t)-1 - sb->len - 1) {
        sb->failed = 1;
        return -1;
    }
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return 0;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    char *p = core__reallocarray(sb->data, cap, 1);
    if (!p) {
        sb->failed = 1;
        return -1;
    }
    sb->data = p;
    sb->cap = cap;
    return 0;
}

void core__sb_append(core_strbuf *sb, const char *s, size_t n)
{
    if (sb_reserve(sb, n) != 0)
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void core__sb_puts(core_strbuf *sb, const char *s)
{
    core__sb_append(sb, s, strlen(s));
}

void core__sb_vprintf(core_strbuf *sb, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0) {
        sb->failed = 1;
        return;
    }
    if (sb_reserve(sb, (size_t)n) != 0)
        return;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void core__sb_printf(core_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core__sb_vprintf(sb, fmt, ap);
    va_end(ap);
}

void core__sb_double(core_strbuf *sb, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    core__sb_puts(sb, buf);
}

char *core__sb_take(core_strbuf *sb, size_t *len)
{
    if (!sb->failed && !sb->data)
        sb_reserve(sb, 0);
    if (sb->failed) {
        core__sb_free(sb);
        return NULL;
    }
    if (sb->len == 0)
        sb->data[0] = '\0';
    char *out = sb->data;
    if (len)
        *len = sb->len;
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return out;
}

void core__sb_free(core_strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->failed = 0;
}
