/* The importers' front end: format names, import options, reading the
 * file within the size limit, dispatch to the parser of each benchmark
 * format, and the helpers the parsers share (error conversion, instance
 * names, final validation).  The parsers themselves live in one file per
 * format. */
#include <stdlib.h>
#include <string.h>

#include "io/import.h"
#include "model/model_internal.h"

static const char *const format_names[TERROIR_FORMAT_COUNT] = {"vrplib", "solomon", "orlib-cap",
                                                               "cordeau", "clrp"};

const char *terroir_format_to_string(terroir_format format)
{
    if ((unsigned)format >= TERROIR_FORMAT_COUNT)
        return "unknown";
    return format_names[format];
}

int terroir_format_from_string(terroir_format *out, const char *name)
{
    core__error_reset();
    if (!out || !name)
        return core__error(TERROIR_EINVAL, "terroir_format_from_string: NULL argument");
    for (int f = 0; f < TERROIR_FORMAT_COUNT; f++) {
        if (strcmp(format_names[f], name) == 0) {
            *out = (terroir_format)f;
            return 0;
        }
    }
    return core__error(TERROIR_ENOTFOUND,
                       "unknown benchmark format '%s'; expected one of: vrplib, solomon, "
                       "orlib-cap, cordeau, clrp",
                       name);
}

int terroir_import_options_init(terroir_import_options *opts, unsigned int version)
{
    core__error_reset();
    if (!opts)
        return core__error(TERROIR_EINVAL, "terroir_import_options_init: opts is NULL");
    if (version == 0 || version > TERROIR_IMPORT_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL,
                           "terroir_import_options_init: unknown version %u (this library "
                           "knows up to %u)",
                           version, TERROIR_IMPORT_OPTIONS_VERSION);
    terroir_import_options defaults = TERROIR_IMPORT_OPTIONS_INIT;
    *opts = defaults;
    return 0;
}

/* Check the caller's options; copy them (or the defaults) into *eff. */
static int check_options(const terroir_import_options *opts, terroir_import_options *eff)
{
    terroir_import_options defaults = TERROIR_IMPORT_OPTIONS_INIT;
    *eff = defaults;
    if (!opts)
        return 0;
    if (opts->version == 0 || opts->version > TERROIR_IMPORT_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL,
                           "terroir_import_options: unknown version %u (initialise with "
                           "TERROIR_IMPORT_OPTIONS_INIT)",
                           opts->version);
    if (!(opts->capacity >= 0) || opts->capacity > 1e12)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "capacity",
                              "terroir_import_options.capacity must be in [0, 1e12], got %g",
                              opts->capacity);
    if (opts->max_bytes == 0)
        return core__error_at(TERROIR_EINVAL, NULL, 0, 0, "max_bytes",
                              "terroir_import_options.max_bytes is 0");
    eff->capacity = opts->capacity;
    eff->max_bytes = opts->max_bytes;
    return 0;
}

static int dispatch_c(terroir_model **out, terroir_format format, const char *data, size_t len,
                      const char *file, const terroir_import_options *opts)
{
    switch (format) {
    case TERROIR_FORMAT_VRPLIB:
        return io__import_vrplib(out, data, len, file, opts);
    case TERROIR_FORMAT_SOLOMON:
        return io__import_solomon(out, data, len, file, opts);
    case TERROIR_FORMAT_ORLIB_CAP:
        return io__import_orlib_cap(out, data, len, file, opts);
    case TERROIR_FORMAT_CORDEAU:
        return io__import_cordeau(out, data, len, file, opts);
    case TERROIR_FORMAT_CLRP:
        return io__import_clrp(out, data, len, file, opts);
    }
    return core__error(TERROIR_EINVAL, "unknown benchmark format %d", (int)format);
}

/* Numbers are read with '.' whatever the host's locale. */
static int dispatch(terroir_model **out, terroir_format format, const char *data, size_t len,
                    const char *file, const terroir_import_options *opts)
{
    core_locale loc;
    core__locale_c_begin(&loc);
    int rc = dispatch_c(out, format, data, len, file, opts);
    core__locale_c_end(&loc);
    return rc;
}

int terroir_model_import_file(terroir_model **out, terroir_format format, const char *path,
                              const terroir_import_options *opts)
{
    core__error_reset();
    if (!out || !path)
        return core__error(TERROIR_EINVAL, "terroir_model_import_file: NULL argument");
    if ((unsigned)format >= TERROIR_FORMAT_COUNT)
        return core__error(TERROIR_EINVAL, "unknown benchmark format %d", (int)format);
    terroir_import_options eff;
    int rc = check_options(opts, &eff);
    if (rc)
        return rc;
    char *data = NULL;
    size_t len = 0;
    if ((rc = core__read_file(path, eff.max_bytes, &data, &len)) != 0)
        return rc;
    rc = dispatch(out, format, data, len, path, &eff);
    free(data);
    return rc;
}

int terroir_model_import_buffer(terroir_model **out, terroir_format format, const char *data,
                                size_t len, const char *name, const terroir_import_options *opts)
{
    core__error_reset();
    if (!out || (!data && len > 0))
        return core__error(TERROIR_EINVAL, "terroir_model_import_buffer: NULL argument");
    if ((unsigned)format >= TERROIR_FORMAT_COUNT)
        return core__error(TERROIR_EINVAL, "unknown benchmark format %d", (int)format);
    terroir_import_options eff;
    int rc = check_options(opts, &eff);
    if (rc)
        return rc;
    const char *file = name ? name : "<buffer>";
    if (len > eff.max_bytes)
        return core__error_at(TERROIR_EINPUT, file, 0, 0, NULL,
                              "input is larger than the limit of %zu bytes", eff.max_bytes);
    return dispatch(out, format, data, len, file, &eff);
}

/* ---- helpers shared by the parsers */

int io__import_builder_error(int rc, const io_lexer *lx, const io_token *tok)
{
    if (rc == TERROIR_ENOMEM)
        return rc;
    const terroir_error *e = terroir_error_last();
    char *msg = core__strdup(e && e->message ? e->message : terroir_strerror(rc));
    char *field = e && e->field ? core__strdup(e->field) : NULL;
    if (!msg) {
        free(field);
        return core__error(TERROIR_ENOMEM, "out of memory");
    }
    rc = core__error_at(TERROIR_EINPUT, lx->file, tok->line, tok->column, field, "%s", msg);
    free(msg);
    free(field);
    return rc;
}

char *io__import_base_name(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (base[0] == '<')
        n = 0; /* "<buffer>": no file, no name */
    return core__strndup(base, n);
}

int io__import_name_ok(const io_token *tok)
{
    if (tok->len == 0 || tok->len > 256)
        return 0;
    for (size_t i = 0; i < tok->len; i++)
        if ((unsigned char)tok->s[i] < 0x20 || tok->s[i] == 0x7f)
            return 0;
    return core__utf8_valid(tok->s, tok->len, NULL, NULL);
}

int io__import_build(terroir_model **out, const char *file, io_import_build_fn build,
                     const void *parsed)
{
    terroir_model *m = NULL;
    char *name = io__import_base_name(file);
    int rc;
    if (!name) {
        rc = core__error(TERROIR_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = terroir_model_new(&m)) != 0 || (rc = build(parsed, name, m)) != 0)
        goto done;
    rc = io__import_finish(out, m, file);
    m = NULL; /* io__import_finish() owns it now */
done:
    terroir_model_free(m);
    free(name);
    return rc;
}

int io__import_finish(terroir_model **out, terroir_model *m, const char *file)
{
    int rc;
    if ((rc = model__set_source(m, file)) != 0 || (rc = terroir_model_validate(m, NULL)) != 0)
        goto fail;
    *out = m;
    return 0;
fail:
    terroir_model_free(m);
    return rc;
}
