/* Text output helpers of the reports: HTML escaping, numbers for people
 * (grouped thousands, in the thread's message language) and for machines
 * (shortest plain decimals), and writing a finished text to a file.  Numbers are formatted with printf,
 * so the public entry points switch to the "C" numeric locale first
 * (core__locale_c_begin) and a host under fr_CA still gets '.'. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

void report__html_escape(core_strbuf *sb, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                rep = " ";
        }
        if (rep) {
            core__sb_append(sb, run, (size_t)((const char *)p - run));
            core__sb_puts(sb, rep);
            run = (const char *)p + 1;
        }
    }
    core__sb_puts(sb, run);
}

/* "%.*f" without a negative zero. */
static void fixed(char *buf, size_t size, double v, int decimals)
{
    snprintf(buf, size, "%.*f", decimals, v);
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

void report__html_number(core_strbuf *sb, double v, int decimals)
{
    if (!isfinite(v) || fabs(v) >= 1e18) {
        core__sb_puts(sb, "\xe2\x80\x93"); /* en dash */
        return;
    }
    char buf[64];
    fixed(buf, sizeof buf, v, decimals);
    const char *digits = buf[0] == '-' ? buf + 1 : buf;
    size_t int_len = strcspn(digits, ".");
    if (digits != buf)
        core__sb_puts(sb, "\xe2\x88\x92"); /* minus sign */
    /* French groups thousands with a narrow no-break space and writes a
     * decimal comma; English groups with commas. */
    int french = core__lang() == TERROIR_LANGUAGE_FR;
    for (size_t i = 0; i < int_len; i++) {
        core__sb_append(sb, digits + i, 1);
        size_t left = int_len - i - 1;
        if (left > 0 && left % 3 == 0)
            core__sb_puts(sb, french ? "\xe2\x80\xaf" : ",");
    }
    if (digits[int_len] == '.') {
        core__sb_puts(sb, french ? "," : ".");
        core__sb_puts(sb, digits + int_len + 1);
    }
}

void report__html_percent(core_strbuf *sb, double part, double whole)
{
    if (!(whole > 0) || !isfinite(part)) {
        core__sb_puts(sb, "\xe2\x80\x93");
        return;
    }
    report__html_number(sb, 100.0 * part / whole, 1);
    /* French puts a (no-break) space before the sign. */
    core__sb_puts(sb, core__lang() == TERROIR_LANGUAGE_FR ? "\xc2\xa0%" : "%");
}

void report__html_duration(core_strbuf *sb, double minutes)
{
    if (!isfinite(minutes) || minutes < 0 || minutes > 1e9) {
        core__sb_puts(sb, "\xe2\x80\x93");
        return;
    }
    long m = lround(minutes);
    core__sb_printf(sb, "%ld:%02ld", m / 60, m % 60);
}

void report__plain_number(core_strbuf *sb, double v, int decimals)
{
    if (!isfinite(v))
        return;
    char buf[400];
    fixed(buf, sizeof buf, v, decimals);
    if (strchr(buf, '.')) {
        size_t n = strlen(buf);
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    core__sb_puts(sb, buf);
}

int report__deliver(core_strbuf *sb, const char *path, char **out, size_t *out_len)
{
    size_t len = 0;
    char *text = core__sb_take(sb, &len);
    if (!text)
        return core__error(TERROIR_ENOMEM, "out of memory writing a report");
    if (!path) {
        *out = text;
        if (out_len)
            *out_len = len;
        return 0;
    }
    int rc = core__write_file(path, text, len);
    free(text);
    return rc;
}
