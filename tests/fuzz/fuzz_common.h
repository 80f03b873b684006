/* Checks shared by the libFuzzer targets (tests/fuzz/fuzz_*.c).  Each
 * aborts the process, which libFuzzer reports as a crash with the input. */
#ifndef TERROIR_FUZZ_COMMON_H
#define TERROIR_FUZZ_COMMON_H

#include <terroir/terroir.h>

/* A call that returned `rc` != 0 explains itself: the last error has that
 * code and a message; `out` (what the call would have given) stayed NULL. */
void fuzz_expect_explained(int rc, const void *out);

/* A model that a loader or importer accepted is validated, and writes back
 * to YAML that loads to an equal model. */
void fuzz_expect_round_trip(const terroir_model *model);

#endif
