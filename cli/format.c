/* Numbers as the terroir command shows and reads them: table cells that a
 * planner reads at a glance (no exponent, no trailing zeros, "unlimited"
 * for the library's TERROIR_UNLIMITED), and strict parsing of numeric
 * option arguments. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

char *cli_format_number(char *buf, size_t size, double v, int unlimited_if_negative)
{
    if (size == 0)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return buf;
    }
    if (unlimited_if_negative && v < 0) {
        snprintf(buf, size, "%s", TR("unlimited"));
        return buf;
    }
    if (fabs(v) >= 1e15) {
        /* Beyond what %.0f shows sensibly in a table column. */
        snprintf(buf, size, "%.6g", v);
        return buf;
    }
    snprintf(buf, size, "%.4f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
    /* French writes a decimal comma (no grouping here: table cells). */
    if (cli_language == TERROIR_LANGUAGE_FR && (dot = strchr(buf, '.')) != NULL)
        *dot = ',';
    return buf;
}

int cli_parse_number(const char *s, double *out)
{
    char *end = NULL;
    if (!s || !*s)
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
