/* Locale-independent number formatting and parsing.  printf and strtod
 * follow LC_NUMERIC, so a host program running under fr_CA would write
 * "0,5" into YAML and JSON, and fail to read "0.5".  Readers and writers
 * switch the calling thread to the "C" numeric locale for the duration of
 * one public call (uselocale is per thread, so other threads of the host are
 * not affected). */
#include <locale.h>

#include "core/core.h"

void core__locale_c_begin(core_locale *l)
{
    l->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    l->old = l->c ? uselocale(l->c) : (locale_t)0;
}

void core__locale_c_end(core_locale *l)
{
    if (!l->c)
        return;
    uselocale(l->old);
    freelocale(l->c);
    l->c = (locale_t)0;
}
