/* The language of the command's output for people, and numbers written
 * the way that language writes them.
 *
 * The language comes from --lang (any command, removed from argv before
 * the subcommand parses it: global.c), else from the first non-empty of LC_ALL,
 * LC_MESSAGES and LANG: a value starting with "fr" gives French, anything
 * else English.  The variables are read as strings, never through
 * setlocale(): a machine where fr_CA.UTF-8 is not generated must still
 * speak French to a user who set LANG=fr_CA.UTF-8.  Messages come from the
 * library's catalog (terroir_message_translate), the same one that
 * translates the library's diagnostics.
 *
 * Numbers for people: English "12,345.6" and "$12,345.60"; French
 * "12 345,6" (narrow no-break space) and "12 345,60 $".  Machine outputs
 * (JSON, YAML, CSV, GeoJSON) are written by the library and never change. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

terroir_language cli_language = TERROIR_LANGUAGE_EN;

const char *cli_tr(const char *msgid)
{
    return terroir_message_translate(cli_language, msgid);
}

static terroir_language language_of_locale(const char *value)
{
    return strncmp(value, "fr", 2) == 0 ? TERROIR_LANGUAGE_FR : TERROIR_LANGUAGE_EN;
}

void cli_lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    cli_language = TERROIR_LANGUAGE_EN;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *value = getenv(vars[i]);
        if (value && value[0]) {
            cli_language = language_of_locale(value);
            break;
        }
    }
}

int cli_lang_set(const char *value)
{
    if (strcmp(value, "fr") == 0)
        cli_language = TERROIR_LANGUAGE_FR;
    else if (strcmp(value, "en") == 0)
        cli_language = TERROIR_LANGUAGE_EN;
    else
        return -1;
    return 0;
}

/* Digits of |v| with `decimals` decimals, grouped by thousands, with the
 * separators of the language. */
char *cli_num(char *buf, size_t size, double v, int decimals)
{
    if (size == 0)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return buf;
    }
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    int negative = v < 0 && strspn(raw, "0.") != strlen(raw);
    int french = cli_language == TERROIR_LANGUAGE_FR;
    const char *group = french ? "\xe2\x80\xaf" : ",";
    const char *point = french ? "," : ".";
    size_t int_len = strcspn(raw, ".");
    char tmp[128];
    size_t n = 0;
    if (negative)
        tmp[n++] = '-';
    for (size_t i = 0; i < int_len && n + 8 < sizeof tmp; i++) {
        tmp[n++] = raw[i];
        size_t left = int_len - i - 1;
        if (left > 0 && left % 3 == 0) {
            size_t g = strlen(group);
            memcpy(tmp + n, group, g);
            n += g;
        }
    }
    if (raw[int_len] == '.' && n + strlen(raw + int_len) + 2 < sizeof tmp) {
        memcpy(tmp + n, point, strlen(point));
        n += strlen(point);
        strcpy(tmp + n, raw + int_len + 1);
        n += strlen(raw + int_len + 1);
    }
    tmp[n] = '\0';
    snprintf(buf, size, "%s", tmp);
    return buf;
}

char *cli_money(char *buf, size_t size, double v)
{
    char digits[64];
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return buf;
    }
    cli_num(digits, sizeof digits, fabs(v), 2);
    if (cli_language == TERROIR_LANGUAGE_FR)
        snprintf(buf, size, "%s%s\xc2\xa0$", v < 0 && digits[strspn(digits, "0,")] ? "-" : "",
                 digits);
    else
        snprintf(buf, size, "%s$%s", v < 0 && digits[strspn(digits, "0.")] ? "-" : "", digits);
    return buf;
}

char *cli_percent(char *buf, size_t size, double ratio, int decimals)
{
    char digits[64];
    if (!isfinite(ratio)) {
        snprintf(buf, size, "-");
        return buf;
    }
    cli_num(digits, sizeof digits, 100.0 * ratio, decimals);
    snprintf(buf, size, cli_language == TERROIR_LANGUAGE_FR ? "%s\xc2\xa0%%" : "%s%%", digits);
    return buf;
}

size_t cli_text_width(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

void cli_print_padded(FILE *out, const char *s, size_t width, int right)
{
    size_t w = cli_text_width(s);
    if (right)
        for (; w < width; w++)
            fputc(' ', out);
    fputs(s, out);
    if (!right)
        for (; w < width; w++)
            fputc(' ', out);
}
