/* libFuzzer target: the Cordeau importer (terroir_model_import_buffer with
 * TERROIR_FORMAT_CORDEAU, the multi-depot VRP format of Cordeau, Gendreau
 * & Laporte 1997) on arbitrary bytes.  It must never crash, hang, leak,
 * read out of bounds or allocate without bound (a hostile first line may
 * claim a million customers or depots); a model it accepts must be
 * validated, and must write back to YAML that loads to an equal model. */
#include <stdint.h>
#include <terroir/terroir.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    terroir_model *model = NULL;
    terroir_import_options opts = TERROIR_IMPORT_OPTIONS_INIT;
    opts.max_bytes = 1 << 20;

    int rc = terroir_model_import_buffer(&model, TERROIR_FORMAT_CORDEAU, (const char *)data,
                                         size, "fuzz.txt", &opts);
    if (rc != 0)
        fuzz_expect_explained(rc, model);
    else
        fuzz_expect_round_trip(model);
    terroir_model_free(model);
    terroir_error_clear();
    return 0;
}
