/* Text helpers for tests: see test_text.h. */
#include <string.h>

#include "test_text.h"

void test_json_cut(char *json, const char *key)
{
    char *p = strstr(json, key);
    if (!p)
        return;
    char *q = p + strlen(key);
    int depth = 0;
    for (; *q && !(depth == 0 && (*q == ',' || *q == '}')); q++) {
        if (*q == '{' || *q == '[')
            depth++;
        else if (*q == '}' || *q == ']')
            depth--;
    }
    memmove(p, q, strlen(q) + 1);
}

void test_html_cut_timing(char *html)
{
    char *end = strstr(html, " s</p></div></header>");
    if (!end)
        return;
    char *start = end;
    while (start > html && strchr("0123456789.,", start[-1]))
        start--;
    memmove(start, end, strlen(end) + 1);
}
