/* libFuzzer target: the CLRP importer (terroir_model_import_buffer with
 * TERROIR_FORMAT_CLRP, Prodhon's location-routing format) on arbitrary
 * bytes.  It must never crash, hang, leak, read out of bounds or allocate
 * without bound (a hostile header may claim a million customers); a model
 * it accepts must be validated. */
#include <stdint.h>
#include <stdlib.h>

#include <terroir/terroir.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    terroir_model *model = NULL;
    terroir_import_options opts = TERROIR_IMPORT_OPTIONS_INIT;
    opts.max_bytes = 1 << 20;

    int rc = terroir_model_import_buffer(&model, TERROIR_FORMAT_CLRP, (const char *)data,
                                         size, "fuzz.dat", &opts);
    if (rc != 0) {
        const terroir_error *e = terroir_error_last();
        if (model || !e || e->code != rc || !e->message)
            abort();
    } else if (!model || !terroir_model_is_validated(model)) {
        abort();
    }
    terroir_model_free(model);
    terroir_error_clear();
    return 0;
}
