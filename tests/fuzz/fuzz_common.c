/* Checks shared by the libFuzzer targets: see fuzz_common.h. */
#include <stdlib.h>

#include "fuzz_common.h"

void fuzz_expect_explained(int rc, const void *out)
{
    const terroir_error *e = terroir_error_last();
    if (out || !e || e->code != rc || !e->message)
        abort();
}

void fuzz_expect_round_trip(const terroir_model *model)
{
    if (!model || !terroir_model_is_validated(model))
        abort();
    char *text = NULL;
    size_t len = 0;
    terroir_model *again = NULL;
    /* Writing may run out of memory under the fuzzer's limits: not a bug. */
    if (terroir_model_write_yaml_buffer(&text, &len, model) == 0 &&
        (terroir_model_load_yaml_buffer(&again, text, len, "rewritten.yaml", NULL, NULL) != 0 ||
         !terroir_model_equal(model, again)))
        abort();
    terroir_model_free(again);
    terroir_free(text);
}
