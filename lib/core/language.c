/* Languages of the messages for people, and the message catalog.
 *
 * Messages are written in English in the code; that text is the msgid of
 * a gettext catalog (po/fr.po) that meson compiles into a sorted C table
 * (po/po2c.py -> core__catalog_fr()).  Nothing here reads the process
 * locale or the environment: a public call that produces messages takes
 * its language from its options and makes it the calling thread's
 * message language for the duration of the call (core__lang_begin /
 * core__lang_end), the same way the readers switch the thread's numeric
 * locale with uselocale().  The error and diagnostics functions then look
 * their format up in that language.  Like the last error, the language is
 * thread-local, so threads solving or loading in different languages do
 * not disturb each other. */
#include <string.h>

#include "core/core.h"

const char *core__catalog_fr(const char *msgid);

static _Thread_local terroir_language thread_language = TERROIR_LANGUAGE_EN;

const char *terroir_language_to_string(terroir_language language)
{
    switch (language) {
    case TERROIR_LANGUAGE_EN: return "en";
    case TERROIR_LANGUAGE_FR: return "fr";
    }
    return "unknown";
}

int terroir_language_from_string(terroir_language *out, const char *name)
{
    core__error_reset();
    if (!out || !name)
        return core__error(TERROIR_EINVAL, "terroir_language_from_string: NULL argument");
    /* "fr", "fr_CA", "fr_CA.UTF-8", "fr-CA", "fr.UTF-8", "fr@euro". */
    static const char *const names[TERROIR_LANGUAGE_COUNT] = {"en", "fr"};
    for (int k = 0; k < TERROIR_LANGUAGE_COUNT; k++)
        if (strncmp(name, names[k], 2) == 0 && strchr("_-.@", name[2]) != NULL) {
            *out = (terroir_language)k;
            return 0;
        }
    return core__error(TERROIR_ENOTFOUND, "unknown language '%s' (known: en, fr)", name);
}

const char *core__tr(terroir_language language, const char *msgid)
{
    if (!msgid || language != TERROIR_LANGUAGE_FR)
        return msgid;
    const char *s = core__catalog_fr(msgid);
    return s ? s : msgid;
}

const char *terroir_message_translate(terroir_language language, const char *msgid)
{
    return core__tr(language, msgid);
}

const char *core__t(const char *msgid)
{
    return core__tr(thread_language, msgid);
}

terroir_language core__lang(void)
{
    return thread_language;
}

int core__lang_valid(int language)
{
    return language >= 0 && language < TERROIR_LANGUAGE_COUNT;
}

terroir_language core__lang_begin(terroir_language language)
{
    terroir_language old = thread_language;
    thread_language = core__lang_valid((int)language) ? language : TERROIR_LANGUAGE_EN;
    return old;
}

void core__lang_end(terroir_language previous)
{
    thread_language = previous;
}
