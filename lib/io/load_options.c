/* terroir_load_options_init(): the defaults of the loaders' limits, for
 * callers that cannot use TERROIR_LOAD_OPTIONS_INIT (FFI, bindings). */
#include "core/core.h"

#include <terroir/io.h>

/* Fill `opts` with the defaults of structure version `version` (256 MiB,
 * depth 32, 100 problems).  TERROIR_EINVAL for NULL or a version this
 * library does not know (0 or newer than TERROIR_LOAD_OPTIONS_VERSION); the
 * structure is then untouched. */
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
    *opts = defaults;
    opts->version = version;
    return 0;
}
