/* Run-time version of the library. */
#include "core/core.h"

const char *terroir_version(void)
{
    return TERROIR_VERSION_STRING;
}

int terroir_version_number(void)
{
    return TERROIR_VERSION_NUMBER;
}
