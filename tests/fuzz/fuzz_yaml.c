/* libFuzzer target: terroir_model_load_yaml_buffer() on arbitrary bytes.
 * The loader must never crash, hang, leak or read out of bounds, whatever the
 * input; on success the model must also survive a write/reload round trip
 * through the YAML writer (a model that loads must write back to a text that
 * loads to an equal model). */
#include <stdint.h>

#include <terroir/terroir.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    terroir_model *model = NULL;
    terroir_diagnostics *diags = NULL;
    /* Small limits keep each run fast and exercise the limit checks.  The
     * fuzzer reads no file but its input: overlays (which read their base)
     * are refused, cleanly, at their `base` key. */
    terroir_load_options opts = TERROIR_LOAD_OPTIONS_INIT;
    opts.max_bytes = 1 << 20;
    opts.max_problems = 20;
    opts.allow_overlays = 0;

    int rc = terroir_model_load_yaml_buffer(&model, (const char *)data, size, "fuzz.yaml",
                                            &opts, &diags);
    if (rc != 0)
        fuzz_expect_explained(rc, model); /* every failure explains itself */
    else
        fuzz_expect_round_trip(model);
    terroir_diagnostics_free(diags);
    terroir_model_free(model);
    terroir_error_clear();
    return 0;
}
