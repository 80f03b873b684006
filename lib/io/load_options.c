/* terroir_load_options: the defaults of the loaders' limits, for callers
 * that cannot use TERROIR_LOAD_OPTIONS_INIT (FFI, bindings), and the reading
 * of a caller's structure of any known version (version 1 callers have a
 * shorter structure: only its fields are read, the rest keeps the
 * defaults); and the reading of an input file for the loaders. */
#include <stddef.h>
#include <string.h>

#include "core/core.h"
#include "io/load_options.h"

#include <terroir/io.h>

/* Bytes of the structure that a caller of `version` has. */
static size_t options_size(unsigned int version)
{
    return version >= 4   ? sizeof(terroir_load_options)
           : version == 3 ? offsetof(terroir_load_options, base_root)
           : version == 2 ? offsetof(terroir_load_options, language)
                          : offsetof(terroir_load_options, base_dir);
}

/* Fill `opts` with the defaults of structure version `version` (256 MiB,
 * depth 32, 100 problems; version 2: no base folder, overlays allowed;
 * version 3: English; version 4: the default confinement folder).
 * TERROIR_EINVAL for NULL or a version this library does not know (0 or
 * newer than TERROIR_LOAD_OPTIONS_VERSION); the structure is then
 * untouched. */
int terroir_load_options_init(terroir_load_options *opts, unsigned int version)
{
    core__error_reset();
    if (!opts)
        return core__error(TERROIR_EINVAL, "terroir_load_options_init: NULL structure");
    if (version == 0 || version > TERROIR_LOAD_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL,
                           "terroir_load_options_init: unknown version %u (this library "
                           "knows up to %u)",
                           version, (unsigned)TERROIR_LOAD_OPTIONS_VERSION);
    terroir_load_options defaults = TERROIR_LOAD_OPTIONS_INIT;
    memcpy(opts, &defaults, options_size(version));
    opts->version = version;
    return 0;
}

int io__load_options_resolve(const terroir_load_options *opts, terroir_load_options *out)
{
    terroir_load_options defaults = TERROIR_LOAD_OPTIONS_INIT;
    *out = defaults;
    if (!opts)
        return 0;
    if (opts->version == 0 || opts->version > TERROIR_LOAD_OPTIONS_VERSION)
        return core__error(TERROIR_EINVAL, "terroir_load_options: unknown version %u",
                           opts->version);
    memcpy(out, opts, options_size(opts->version));
    out->version = TERROIR_LOAD_OPTIONS_VERSION;
    if (!core__lang_valid((int)out->language))
        return core__error(TERROIR_EINVAL, "terroir_load_options: unknown language %d",
                           (int)out->language);
    return 0;
}

int io__read_input(const char *path, size_t max_bytes, char **data, size_t *len,
                   terroir_diagnostics **diags)
{
    int rc = core__read_file(path, max_bytes, data, len);
    if (rc == 0 || !diags || rc == TERROIR_ENOMEM)
        return rc;
    const terroir_error *e = terroir_error_last();
    terroir_diagnostics *d = e ? core__diags_new() : NULL;
    if (d && core__diags_add(d, e->code, e->file, e->line, e->column, e->field, "%s",
                             e->message) == 0)
        *diags = d;
    else
        terroir_diagnostics_free(d);
    return rc;
}
