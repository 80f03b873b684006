/* Growing arrays, per-class values, whole-file reading, UTF-8 checking and
 * cutting, log lines and a monotonic clock. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"

int core__grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return TERROIR_ENOMEM;
        n *= 2;
    }
    void *p = core__reallocarray(*items, n, size);
    if (!p)
        return TERROIR_ENOMEM;
    *items = p;
    *cap = n;
    return 0;
}

int core__enum_values(double *out, size_t count, const double *given, size_t n,
                      const char *what)
{
    if (n > count)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, what,
                              "%s has %zu values; this library knows %zu", what, n, count);
    if (given && n > 0)
        memcpy(out, given, n * sizeof *out);
    return 0;
}

/* Read the open stream `f` (the file `path`) whole; closes it. */
static int read_stream(FILE *f, const char *path, size_t max_bytes, char **out, size_t *out_len)
{
    int rc = 0;
    core_strbuf sb = CORE_STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (sb.len + n > max_bytes) {
            rc = core__error_at(TERROIR_EINPUT, path, 0, 0, NULL,
                                "file is larger than the limit of %zu bytes", max_bytes);
            goto done;
        }
        core__sb_append(&sb, chunk, n);
        if (sb.failed) {
            rc = core__error(TERROIR_ENOMEM, "out of memory reading %s", path);
            goto done;
        }
    }
    if (ferror(f)) {
        rc = core__error_at(TERROIR_EIO, path, 0, 0, NULL, "read error: %s", strerror(errno));
        goto done;
    }
    size_t len = 0;
    char *data = core__sb_take(&sb, &len);
    if (!data) {
        rc = core__error(TERROIR_ENOMEM, "out of memory reading %s", path);
        goto done;
    }
    *out = data;
    if (out_len)
        *out_len = len;
done:
    core__sb_free(&sb);
    fclose(f);
    return rc;
}

int core__read_file(const char *path, size_t max_bytes, char **out, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return core__error_at(TERROIR_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    return read_stream(f, path, max_bytes, out, out_len);
}

int core__read_fd(int fd, const char *path, size_t max_bytes, char **out, size_t *out_len)
{
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int err = errno;
        close(fd);
        return err == ENOMEM ? core__error(TERROIR_ENOMEM, "out of memory reading %s", path)
                             : core__error_at(TERROIR_EIO, path, 0, 0, NULL, "cannot open: %s",
                                              strerror(err));
    }
    return read_stream(f, path, max_bytes, out, out_len);
}

int core__utf8_valid(const char *s, size_t len, unsigned long *line, unsigned long *column)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned long ln = 1, col = 1;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            n = 1;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4;
            cp = c & 0x07;
        } else {
            goto bad;
        }
        if (i + n > len)
            goto bad;
        for (size_t k = 1; k < n; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        /* Reject overlong forms, surrogates and values past U+10FFFF. */
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            goto bad;
        if (c == '\n') {
            ln++;
            col = 1;
        } else {
            col++;
        }
        i += n;
    }
    return 1;
bad:
    if (line)
        *line = ln;
    if (column)
        *column = col;
    return 0;
}

size_t core__utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void core__utf8_trim(char *s)
{
    size_t n = strlen(s), lead = n;
    while (lead > 0 && n - lead < 4 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    unsigned char c = (unsigned char)s[lead - 1];
    size_t want = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (n - (lead - 1) < want)
        s[lead - 1] = '\0';
}

void core__vformat_cut(char *buf, size_t size, const char *fmt, va_list ap)
{
    if (size == 0)
        return;
    if (vsnprintf(buf, size, fmt, ap) >= (int)size)
        core__utf8_trim(buf);
}

double core__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void core__vlogf(void (*log)(const char *line, void *data), void *data, const char *fmt, va_list ap)
{
    if (!log)
        return;
    char line[400];
    core__vformat_cut(line, sizeof line, fmt, ap);
    log(line, data);
}

void core__logf(void (*log)(const char *line, void *data), void *data, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    core__vlogf(log, data, fmt, ap);
    va_end(ap);
}
